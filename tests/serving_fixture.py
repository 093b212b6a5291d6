"""ml-latest-small in the test Neo4j with SVD vectors served as the model, and an API client on it.

Loading takes about a minute, so it happens once per session and is only redone when another
module wiped the database meanwhile (tests/test_load.py does). Import the fixtures by name.
"""

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from api.main import create_app
from bench.vectors import write_svd_model
from graphdb import cypher
from tests.conftest import ROOT, SHARED_MOVIELENS, TestNeo4j, wipe

DATASET = "ml-latest-small"
MODEL_NAME = "SVD-32"


@dataclass(frozen=True)
class Served:
    """What the tests can rely on: the served model's version and the ratings as loaded."""

    version: int
    rated: dict[int, set[int]]


def served_model(driver: Driver) -> dict | None:
    records = driver.execute_query(cypher("serving_current")).records
    return records[0].data() if records else None


def holds_fixture(driver: Driver) -> bool:
    datasets = driver.execute_query(cypher("dataset_current")).records
    model = served_model(driver)
    loaded = len(datasets) == 1 and datasets[0]["name"] == DATASET and datasets[0]["complete"]
    return loaded and model is not None and model["modelName"] == MODEL_NAME


def load_fixture(driver: Driver, server: TestNeo4j) -> None:
    wipe(driver)
    source = SHARED_MOVIELENS / DATASET
    result = subprocess.run(
        [sys.executable, "-m", "ingest.load", "--source", str(source), "--dataset", DATASET],
        cwd=ROOT,
        env=server.env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    write_svd_model(driver, dims=32)


def ratings_by_user(driver: Driver) -> dict[int, set[int]]:
    rated: dict[int, set[int]] = {}
    for record in driver.execute_query(cypher("export_ratings_naive")).records:
        rated.setdefault(record["userId"], set()).add(record["movieId"])
    return rated


@pytest.fixture(scope="module")
def movielens(driver: Driver, neo4j_server: TestNeo4j) -> Served:
    if not (SHARED_MOVIELENS / DATASET).is_dir():
        pytest.skip(f"{DATASET} not found under {SHARED_MOVIELENS}")
    if not holds_fixture(driver):
        load_fixture(driver, neo4j_server)
    model = served_model(driver)
    assert model is not None
    return Served(version=model["version"], rated=ratings_by_user(driver))


@pytest.fixture(scope="module")
def client(movielens: Served) -> Iterator[TestClient]:
    """The app with its lifespan run (one driver, from the environment the session set)."""
    with TestClient(create_app()) as test_client:
        yield test_client


def exact_top_k(
    user_vector: np.ndarray, movie_ids: np.ndarray, movies: np.ndarray, rated: set[int], k: int
) -> list[int]:
    """The model's own ranking: every movie by dot product, rated ones left out."""
    scores = movies @ user_vector
    scores[np.isin(movie_ids, list(rated))] = -np.inf
    return movie_ids[np.argsort(-scores, kind="stable")[:k]].tolist()
