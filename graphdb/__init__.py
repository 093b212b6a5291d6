"""The one place that knows how to reach Neo4j: settings, driver lifecycle, Cypher files."""

from graphdb.cypher import cypher, statements
from graphdb.driver import connect, wait_until_ready
from graphdb.errors import MovieRecError, Neo4jUnavailable
from graphdb.settings import Neo4jSettings

__all__ = [
    "MovieRecError",
    "Neo4jSettings",
    "Neo4jUnavailable",
    "connect",
    "cypher",
    "statements",
    "wait_until_ready",
]
