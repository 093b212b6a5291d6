"""Neo4j -> PyG export against the real Neo4j: the graph equals the one built from the files."""

import functools
import operator
from pathlib import Path

import numpy as np
import pytest
from neo4j import Driver

from gnn.data import RATES, SelectOptions, build_graph, frames_from_files, graphs_equal, select
from gnn.export import export_graph, pages
from tests.conftest import TestNeo4j
from tests.movielens_fixture import write_100k_dataset, write_csv_dataset

pytestmark = pytest.mark.integration


def load(server: TestNeo4j, source: Path, dataset: str) -> None:
    result = server.load(source, "--dataset", dataset, "--reset", "--yes", timeout=300)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("writer", "name"), [(write_csv_dataset, "ml-latest-small"), (write_100k_dataset, "ml-100k")]
)
def test_export_equals_files(
    writer, name: str, clean_db: Driver, neo4j_server: TestNeo4j, tmp_path: Path
) -> None:
    writer(tmp_path / name)
    load(neo4j_server, tmp_path / name, name)
    exported, seconds = export_graph(clean_db)
    from_files = build_graph(frames_from_files(tmp_path / name, name))
    assert seconds > 0
    assert graphs_equal(exported, from_files)
    assert exported[RATES].edge_index.size(1) == from_files[RATES].edge_index.size(1) > 0


@pytest.mark.parametrize(
    "options",
    [
        SelectOptions(min_rating=3.0),
        SelectOptions(before=964982500),
        SelectOptions(genres=["Comedy"]),
        SelectOptions(sample_users=2, seed=1),
    ],
)
def test_selection_matches_pandas(
    options: SelectOptions, clean_db: Driver, neo4j_server: TestNeo4j, tmp_path: Path
) -> None:
    write_csv_dataset(tmp_path / "ml-latest-small")
    load(neo4j_server, tmp_path / "ml-latest-small", "ml-latest-small")
    exported, _ = export_graph(clean_db, options)
    frames = select(frames_from_files(tmp_path / "ml-latest-small"), options)
    assert graphs_equal(exported, build_graph(frames))


def test_pages_cover_every_user_once() -> None:
    ids = np.arange(10)
    counts = np.array([5, 1, 1, 8, 2, 2, 2, 9, 1, 1])
    chunks = list(pages(ids, counts, size=6))
    assert functools.reduce(operator.iadd, chunks, []) == ids.tolist()
    assert all(len(chunk) > 0 for chunk in chunks)
