"""A small exception hierarchy: domain code raises these, the CLI and the API translate them."""


class MovieRecError(Exception):
    """Base of every error this project raises on purpose."""


class Neo4jUnavailable(MovieRecError):
    """Neo4j could not be reached (after the readiness wait); the message names the URI."""
