"""Driver lifecycle: one driver per process, created in `main()` or the API's lifespan.

Managed transactions (`execute_query`, `execute_read/write`) already retry transient errors; what
the driver does not retry is the very first contact with a server that is still starting, so that
wait uses tenacity and ends in an error that names the URI.
"""

from neo4j import Driver, GraphDatabase
from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired
from tenacity import (
    RetryError,
    Retrying,
    retry_if_exception_type,
    stop_after_delay,
    wait_exponential,
)

from graphdb.errors import Neo4jUnavailable
from graphdb.settings import Neo4jSettings

_TRANSIENT = (ServiceUnavailable, SessionExpired, ConnectionError, OSError)


def connect(settings: Neo4jSettings | None = None, *, wait: bool = True) -> Driver:
    """Create the process's driver and (by default) wait until Neo4j answers."""
    settings = settings or Neo4jSettings()
    driver = GraphDatabase.driver(
        settings.uri,
        auth=settings.auth,
        max_connection_pool_size=settings.max_pool_size,
        connection_timeout=10.0,
        connection_acquisition_timeout=30.0,
        user_agent="movierec",
        # Schema hints ("label does not exist" on an empty database) are noise for our fixed
        # queries; real errors still raise.
        notifications_min_severity="OFF",
    )
    if wait:
        try:
            wait_until_ready(driver, settings)
        except Exception:
            driver.close()
            raise
    return driver


def wait_until_ready(driver: Driver, settings: Neo4jSettings, timeout: float | None = None) -> None:
    """Poll `verify_connectivity` with backoff; raise `Neo4jUnavailable` naming the URI."""
    timeout = settings.ready_timeout if timeout is None else timeout
    retrying = Retrying(
        retry=retry_if_exception_type(_TRANSIENT),
        stop=stop_after_delay(timeout),
        wait=wait_exponential(multiplier=0.25, max=4),
        reraise=False,
    )
    try:
        for attempt in retrying:
            with attempt:
                driver.verify_connectivity()
    except RetryError as e:
        cause = e.last_attempt.exception()
        raise Neo4jUnavailable(
            f"Neo4j at {settings.uri} did not answer within {timeout:.0f}s: {cause}. "
            "Start it with `make neo4j` (or set NEO4J_URI to a running server)."
        ) from cause
    except AuthError as e:
        raise Neo4jUnavailable(
            f"Neo4j at {settings.uri} refused the credentials of user {settings.user!r}: "
            "check NEO4J_USER / NEO4J_PASSWORD."
        ) from e
