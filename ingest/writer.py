"""Writes a parsed MovieLens dataset into Neo4j in `UNWIND` batches that survive crashes.

Nodes are MERGEd (a rerun changes nothing). Relationships are CREATEd in batches whose progress
counter commits in the same transaction (see cypher/load_ratings.cypher): a rerun after a kill
resumes at the first uncommitted batch, so nothing is duplicated and nothing is missing.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from neo4j import Driver, ManagedTransaction
from neo4j.exceptions import ServiceUnavailable, SessionExpired, TransientError
from tenacity import (
    RetryError,
    Retrying,
    retry_if_exception_type,
    stop_after_delay,
    wait_exponential,
)
from tqdm import tqdm

from graphdb import Neo4jUnavailable, cypher, statements

NODE_BATCH = 10_000
EDGE_BATCH = 100_000


@dataclass
class WriteStats:
    """Counters summed over every batch, for the loader's summary."""

    nodes_created: int = 0
    relationships_created: int = 0
    rows_written: dict[str, int] = field(default_factory=dict)

    def add(self, counters: Any, label: str, rows: int) -> None:
        self.nodes_created += counters.nodes_created
        self.relationships_created += counters.relationships_created
        self.rows_written[label] = self.rows_written.get(label, 0) + rows


class Writer:
    """One dataset load against one driver; `retry_seconds` bounds the wait for a lost Neo4j."""

    def __init__(self, driver: Driver, database: str, uri: str, retry_seconds: float = 60.0):
        self.driver, self.database, self.uri = driver, database, uri
        self.retry_seconds = retry_seconds
        self.stats = WriteStats()

    def run(
        self, name: str, params: dict[str, Any], where: str, label: str = "", rows: int = 0
    ) -> list[dict[str, Any]]:
        """Run one named query in a managed write transaction, retrying while Neo4j is away."""

        def work(tx: ManagedTransaction) -> tuple[list[dict[str, Any]], Any]:
            result = tx.run(cypher(name), params)
            records = [r.data() for r in result]
            return records, result.consume().counters

        records, counters = self._with_retry(lambda: self._session_write(work), f"{name} ({where})")
        self.stats.add(counters, label or name, rows)
        return records

    def _session_write(self, work: Callable[[ManagedTransaction], Any]) -> Any:
        with self.driver.session(database=self.database) as session:
            return session.execute_write(work)

    def _with_retry(self, call: Callable[[], Any], what: str) -> Any:
        retrying = Retrying(
            retry=retry_if_exception_type((ServiceUnavailable, SessionExpired, TransientError)),
            stop=stop_after_delay(self.retry_seconds),
            wait=wait_exponential(multiplier=0.5, max=8),
        )
        try:
            return retrying(call)
        except RetryError as e:
            cause = e.last_attempt.exception()
            what_happened = (
                "lost Neo4j"
                if isinstance(cause, ServiceUnavailable | SessionExpired)
                else "Neo4j kept failing"
            )
            raise Neo4jUnavailable(
                f"{what_happened} at {self.uri} while writing {what}; gave up after "
                f"{self.retry_seconds:.0f}s ({cause}). Nothing committed is lost: fix the cause "
                "and rerun the same command to resume."
            ) from cause

    def apply_schema(self) -> None:
        for statement in statements("schema"):
            self._with_retry(
                lambda s=statement: self.driver.execute_query(s, database_=self.database),
                "the schema",
            )

    def write_nodes(self, name: str, rows: list[dict[str, Any]], label: str) -> None:
        """MERGE node rows in batches (idempotent, so no progress counter is needed)."""
        for start in tqdm(range(0, len(rows), NODE_BATCH), desc=label, unit="batch", leave=False):
            batch = rows[start : start + NODE_BATCH]
            where = f"{label} rows {start}..{start + len(batch) - 1}"
            self.run(name, {"rows": batch}, where, label, len(batch))

    def write_edges(
        self,
        name: str,
        frame: pd.DataFrame,
        columns: dict[str, str],
        *,
        dataset: str,
        done: int,
        label: str,
    ) -> None:
        """CREATE relationship rows from `done` on, each batch committed with its progress."""
        total = len(frame)
        bar = tqdm(total=total, initial=done, desc=label, unit="row", unit_scale=True, leave=False)
        for start, batch in _batches(frame, done, EDGE_BATCH):
            params = {param: batch[col].tolist() for param, col in columns.items()}
            end = start + len(batch)
            params |= {"dataset": dataset, "start": start, "end": end}
            self.run(name, params, f"{label} rows {start}..{end - 1}", label, len(batch))
            bar.update(len(batch))
        bar.close()

    def reset(self) -> None:
        """Delete the dataset's nodes in batches (auto-commit: `CALL {} IN TRANSACTIONS`)."""

        def work() -> None:
            with self.driver.session(database=self.database) as session:
                for statement in statements("reset_nodes"):
                    session.run(statement).consume()
                for index in session.run(cypher("model_indexes")).data():
                    session.run(cypher("drop_index"), name=index["name"]).consume()

        self._with_retry(work, "the reset")


def _batches(frame: pd.DataFrame, start: int, size: int) -> Iterator[tuple[int, pd.DataFrame]]:
    for offset in range(start, len(frame), size):
        yield offset, frame.iloc[offset : offset + size]
