"""The API's one way to Neo4j: named Cypher files run in managed transactions on the process's
single driver, with a short retry budget, and driver connectivity errors re-raised as
`Neo4jUnavailable` (answered 503).

The driver's default retry budget (30 s) suits batch jobs; a request should fail fast and let its
client retry. The driver keeps no broken connection: once Neo4j is back, the next request opens a
new one, so the API recovers without a restart.
"""

from collections.abc import Callable
from typing import Any

from neo4j import READ_ACCESS, WRITE_ACCESS, Driver, ManagedTransaction
from neo4j.exceptions import (
    ConnectionAcquisitionTimeoutError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from graphdb import Neo4jUnavailable, cypher

Row = dict[str, Any]
_UNAVAILABLE = (
    ServiceUnavailable,
    SessionExpired,
    TransientError,
    ConnectionAcquisitionTimeoutError,
    OSError,
)


class Graph:
    """Named queries against one database; rows come back as plain dicts."""

    def __init__(self, driver: Driver, database: str, retry_seconds: float = 1.0) -> None:
        self.driver, self.database, self.retry_seconds = driver, database, retry_seconds

    def read(self, name: str, /, **params: Any) -> list[Row]:
        return self._run(READ_ACCESS, name, params)

    def read_one(self, name: str, /, **params: Any) -> Row | None:
        rows = self.read(name, **params)
        return rows[0] if rows else None

    def write(self, name: str, /, **params: Any) -> list[Row]:
        return self._run(WRITE_ACCESS, name, params)

    def ping(self) -> None:
        """Raise `Neo4jUnavailable` unless Neo4j answers now."""
        self._translate(self.driver.verify_connectivity)

    def _run(self, mode: str, name: str, params: dict[str, Any]) -> list[Row]:
        query = cypher(name)

        def work(tx: ManagedTransaction) -> list[Row]:
            return [record.data() for record in tx.run(query, params)]

        def call() -> list[Row]:
            with self.driver.session(
                database=self.database,
                default_access_mode=mode,
                max_transaction_retry_time=self.retry_seconds,
                notifications_min_severity="OFF",
            ) as session:
                run = session.execute_read if mode == READ_ACCESS else session.execute_write
                return run(work)

        return self._translate(call)

    def _translate(self, call: Callable[[], Any]) -> Any:
        try:
            return call()
        except _UNAVAILABLE as e:
            raise Neo4jUnavailable(f"Neo4j is unavailable ({type(e).__name__}): {e}") from e
