"""Write-back against the real Neo4j: every node gets its vector, the index ranks like the model,
and a new model version replaces the old one for readers in one switch."""

import numpy as np
import pytest
from neo4j import Driver

from gnn.data import RATES
from gnn.export import export_graph
from gnn.writeback import Embeddings, mips_augment, user_queries, write_embeddings
from graphdb import cypher
from ingest.synthetic import generate
from tests.conftest import TestNeo4j

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def loaded(
    driver: Driver, neo4j_server: TestNeo4j, tmp_path_factory: pytest.TempPathFactory
) -> tuple[np.ndarray, np.ndarray]:
    source = tmp_path_factory.mktemp("synthetic")
    generate(20_000, source, seed=5, n_users=200, n_movies=400)
    result = neo4j_server.load(source, "--dataset", "synthetic", "--reset", "--yes", timeout=300)
    assert result.returncode == 0, result.stderr
    users = driver.execute_query("MATCH (u:User) RETURN u.userId AS id ORDER BY id").records
    movies = driver.execute_query("MATCH (m:Movie) RETURN m.movieId AS id ORDER BY id").records
    return np.array([r["id"] for r in users]), np.array([r["id"] for r in movies])


def embeddings(
    user_ids: np.ndarray, movie_ids: np.ndarray, seed: int, dims: int = 16
) -> Embeddings:
    rng = np.random.default_rng(seed)
    # Movie norms vary, as LightGCN's do: the dot product and plain cosine disagree then.
    movies = rng.normal(size=(len(movie_ids), dims)) * rng.uniform(0.2, 2.0, (len(movie_ids), 1))
    return Embeddings(
        user_ids,
        rng.normal(size=(len(user_ids), dims)),
        movie_ids,
        movies,
        "test",
        "synthetic",
        {"ndcg@20": 0.1},
        f"fp{seed}",
        f"2026-01-0{seed}",
    )


def test_mips_augmentation_preserves_dot_product_order() -> None:
    rng = np.random.default_rng(0)
    movies = rng.normal(size=(50, 8)) * rng.uniform(0.1, 3, (50, 1))
    user = rng.normal(size=(1, 8))
    augmented, norm = mips_augment(movies)
    query = user_queries(user)[0]
    cosine = augmented @ query / (np.linalg.norm(augmented, axis=1) * np.linalg.norm(query))
    assert np.allclose(np.linalg.norm(augmented, axis=1), norm, rtol=1e-5)
    assert np.array_equal(np.argsort(-cosine), np.argsort(-(movies @ user[0])))


def test_write_back_lands_on_every_node(loaded, driver: Driver) -> None:
    user_ids, movie_ids = loaded
    result = write_embeddings(driver, embeddings(user_ids, movie_ids, seed=1))
    assert (result["users"], result["movies"]) == (len(user_ids), len(movie_ids))
    served = driver.execute_query(cypher("serving_current")).records[0]
    missing = driver.execute_query(
        "MATCH (n) WHERE (n:User OR n:Movie) AND n[$p] IS NULL RETURN count(n) AS n",
        p=served["property"],
    ).records[0]["n"]
    assert missing == 0
    assert served["version"] == result["version"]


def svd_embeddings(driver: Driver, dims: int = 16) -> Embeddings:
    """Vectors shaped like a real recommender's: a low-rank factorisation of the ratings."""
    data, _ = export_graph(driver)
    users, movies = data[RATES].edge_index.numpy()
    matrix = np.zeros((data["user"].num_nodes, data["movie"].num_nodes))
    matrix[users, movies] = 1.0
    u, s, vt = np.linalg.svd(matrix, full_matrices=False)
    scale = np.sqrt(s[:dims])
    return Embeddings(
        data["user"].node_id.numpy(),
        u[:, :dims] * scale,
        data["movie"].node_id.numpy(),
        vt[:dims].T * scale,
        "svd",
        "synthetic",
        {},
        "svd",
        "2026-01-09",
    )


def test_index_top10_matches_model(loaded, driver: Driver) -> None:
    emb = svd_embeddings(driver)
    write_embeddings(driver, emb)
    user_ids, movie_ids = emb.user_ids, emb.movie_ids
    overlaps = []
    for row, user in enumerate(user_ids[:100]):
        exact = movie_ids[np.argsort(-(emb.movie_vectors @ emb.user_vectors[row]))[:10]]
        got = driver.execute_query(
            cypher("index_top_movies"), userId=int(user), k=10, candidates=100
        ).records
        overlaps.append(len(set(exact.tolist()) & {r["movieId"] for r in got}) / 10)
    assert np.mean(overlaps) >= 0.95


def test_new_version_switches_slot_and_retires_old(loaded, driver: Driver) -> None:
    user_ids, movie_ids = loaded
    first = write_embeddings(driver, embeddings(user_ids, movie_ids, seed=3))
    second = write_embeddings(driver, embeddings(user_ids, movie_ids, seed=4, dims=8))
    assert second["version"] == first["version"] + 1
    assert second["slot"] != first["slot"]
    served = driver.execute_query(cypher("serving_current")).records[0]
    assert (served["version"], served["dims"]) == (second["version"], 9)
    statuses = driver.execute_query(
        "MATCH (m:Model) RETURN m.version AS v, m.status AS s ORDER BY v"
    ).records
    assert [r["s"] for r in statuses][-2:] == ["retired", "serving"]
