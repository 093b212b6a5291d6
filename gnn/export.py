"""Neo4j -> PyG: the product's training data, read from the graph that lives in Neo4j.

Streamed in pages of large lists (one record per page, four lists inside), not one record per
rating, so the Python side holds numpy arrays rather than millions of small objects. Pages are cut
by rating count and fetched by two workers, so the database reads the next page while Python
converts the last one. The frames then go through the same `build_graph` as the file path.
"""

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pandas as pd
from neo4j import READ_ACCESS, Driver, RoutingControl
from torch_geometric.data import HeteroData

from gnn.data import GraphFrames, SelectOptions, build_graph, sample_user_ids
from graphdb import cypher

PAGE_RATINGS = 250_000
COLUMNS = {
    "userIds": ("userId", np.int64),
    "movieIds": ("movieId", np.int64),
    "ratings": ("rating", np.float64),
    "timestamps": ("timestamp", np.int64),
}


def _filters(options: SelectOptions) -> dict[str, Any]:
    return {
        "minRating": options.min_rating,
        "before": options.before,
        "genres": list(options.genres) if options.genres else None,
    }


def _read(driver: Driver, database: str, name: str, **params: Any) -> dict[str, Any]:
    record = driver.execute_query(
        cypher(name), params, database_=database, routing_=RoutingControl.READ
    ).records[0]
    return dict(zip(record.keys(), record.values(), strict=True))  # .data() walks every element


def pages(user_ids: np.ndarray, counts: np.ndarray, size: int) -> Iterator[list[int]]:
    """Consecutive user-id groups of about `size` ratings each."""
    start, total = 0, 0
    for i, count in enumerate(counts.tolist()):
        total += count
        if total >= size:
            yield user_ids[start : i + 1].tolist()
            start, total = i + 1, 0
    if start < len(user_ids):
        yield user_ids[start:].tolist()


def _fetch_page(driver: Driver, database: str, ids: list[int], filters: dict) -> pd.DataFrame:
    with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
        record = session.execute_read(
            lambda tx: tx.run(cypher("export_ratings_page"), userIds=ids, **filters).single()
        )
    return pd.DataFrame(
        {col: np.asarray(record[key], dtype=dtype) for key, (col, dtype) in COLUMNS.items()}
    )


def export_frames(
    driver: Driver,
    options: SelectOptions,
    database: str = "neo4j",
    page_ratings: int = PAGE_RATINGS,
) -> GraphFrames:
    """Ratings and movies under the same selection rules as `gnn.data.select`."""
    filters = _filters(options)
    users = _read(driver, database, "export_users", **filters)
    user_ids = np.asarray(users["userIds"], dtype=np.int64)
    counts = np.asarray(users["ratings"], dtype=np.int64)
    if options.sample_users is not None:
        keep = np.isin(user_ids, sample_user_ids(user_ids, options.sample_users, options.seed))
        user_ids, counts = user_ids[keep], counts[keep]
    with ThreadPoolExecutor(max_workers=2) as pool:
        frames = list(
            pool.map(
                lambda ids: _fetch_page(driver, database, ids, filters),
                pages(user_ids, counts, page_ratings),
            )
        )
    empty = pd.DataFrame({col: np.empty(0, dtype) for col, dtype in COLUMNS.values()})
    ratings = pd.concat(frames, ignore_index=True) if frames else empty
    movies = _read(driver, database, "export_movies", genres=filters["genres"])
    movie_frame = pd.DataFrame(
        {"movieId": np.asarray(movies["movieIds"], dtype=np.int64), "genres": movies["genres"]}
    )
    dataset = driver.execute_query(cypher("dataset_current"), database_=database).records
    return GraphFrames(ratings, movie_frame, dataset[0]["name"] if dataset else None)


def export_graph(
    driver: Driver, options: SelectOptions | None = None, database: str = "neo4j"
) -> tuple[HeteroData, float]:
    """The training graph and the seconds the export took (saved with every checkpoint)."""
    started = time.perf_counter()
    frames = export_frames(driver, options or SelectOptions(), database)
    return build_graph(frames), time.perf_counter() - started
