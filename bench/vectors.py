"""Embeddings without a trained GNN: a truncated SVD of the rating matrix read from Neo4j.

The serving benchmark and the API tests need vectors that make recommendations meaningful (so
filters, exclusions and index fidelity are exercised on realistic score distributions) without
waiting for, or depending on, the GNN training code.
"""

import numpy as np
from neo4j import Driver

from gnn.writeback import Embeddings, now_iso, write_embeddings
from graphdb import cypher


def rating_matrix(
    driver: Driver, database: str = "neo4j"
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(userIds, movieIds, dense [U, M] ratings) of every RATED edge; unrated movies included."""
    ratings = driver.execute_query(cypher("export_ratings_naive"), database_=database).records
    movies = driver.execute_query(cypher("export_movies"), genres=None, database_=database)
    movie_ids = np.array(sorted(movies.records[0]["movieIds"]), dtype=np.int64)
    user_ids = np.array(sorted({r["userId"] for r in ratings}), dtype=np.int64)
    matrix = np.zeros((len(user_ids), len(movie_ids)), dtype=np.float32)
    rows = np.searchsorted(user_ids, [r["userId"] for r in ratings])
    cols = np.searchsorted(movie_ids, [r["movieId"] for r in ratings])
    matrix[rows, cols] = [r["rating"] for r in ratings]
    return user_ids, movie_ids, matrix


def svd_embeddings(
    user_ids: np.ndarray, movie_ids: np.ndarray, matrix: np.ndarray, dims: int = 32
) -> Embeddings:
    """U S^1/2 and V S^1/2 of the rank-`dims` SVD: their dot product approximates the ratings."""
    u, s, vt = np.linalg.svd(matrix, full_matrices=False)
    root = np.sqrt(s[:dims])
    return Embeddings(
        user_ids=user_ids,
        user_vectors=(u[:, :dims] * root).astype(np.float32),
        movie_ids=movie_ids,
        movie_vectors=(vt[:dims].T * root).astype(np.float32),
        model_name=f"SVD-{dims}",
        dataset="test",
        metrics={},
        fingerprint="svd",
        trained_at=now_iso(),
    )


def write_svd_model(driver: Driver, dims: int = 32, database: str = "neo4j") -> Embeddings:
    """Compute SVD vectors from the graph and serve them as a model (blue-green, like a GNN's)."""
    emb = svd_embeddings(*rating_matrix(driver, database), dims=dims)
    write_embeddings(driver, emb, database=database)
    return emb
