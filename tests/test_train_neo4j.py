"""The product path end to end on planted data: files -> Neo4j -> export -> a short LightGCN run
-> better than MostPop on held-out ratings -> write-back -> the index serves the model's top-k."""

from pathlib import Path

import numpy as np
import pytest
from neo4j import Driver

from gnn.baselines import MostPop
from gnn.data import RATES
from gnn.export import export_graph
from gnn.metrics import evaluate
from gnn.split import random_split
from gnn.train import TrainConfig, fit
from gnn.writeback import Embeddings, write_embeddings
from graphdb import cypher
from ingest.synthetic import generate
from tests.conftest import TestNeo4j

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_short_training_from_neo4j_beats_mostpop(
    clean_db: Driver, neo4j_server: TestNeo4j, tmp_path: Path
) -> None:
    source = tmp_path / "planted"
    generate(20_000, source, seed=21, n_users=300, n_movies=600)
    loaded = neo4j_server.load(source, "--dataset", "planted", timeout=300)
    assert loaded.returncode == 0, loaded.stderr
    data, _ = export_graph(clean_db)
    users, movies = data["user"].num_nodes, data["movie"].num_nodes
    edges = data[RATES].edge_index
    split = random_split(data, seed=0)
    train, test = edges[:, split.fit], edges[:, split.test]
    config = TrainConfig(
        model="lightgcn",
        dims=16,
        layers=2,
        epochs=30,
        batch_size=256,
        batch_by_user=False,
        lr=0.01,
        k=10,
    )
    model, _, _ = fit(config, train, None, users, movies)
    user_emb, movie_emb = model.final_embeddings()
    gnn = evaluate(lambda u: user_emb[u] @ movie_emb.T, train, test, users, movies, ks=(10,))
    pop = evaluate(MostPop().fit(train, users, movies).scores, train, test, users, movies, ks=(10,))
    assert gnn["ndcg@10"] > pop["ndcg@10"] * 1.2, (gnn, pop)

    emb = Embeddings(
        data["user"].node_id.numpy(),
        user_emb.detach().numpy(),
        data["movie"].node_id.numpy(),
        movie_emb.detach().numpy(),
        "lightgcn",
        "planted",
        {"ndcg@10": gnn["ndcg@10"]},
        "test",
        "2026-12-04T00:00:00Z",
    )
    write_embeddings(clean_db, emb)
    overlaps = []
    for row in range(0, users, 10):
        exact = emb.movie_ids[np.argsort(-(emb.movie_vectors @ emb.user_vectors[row]))[:10]]
        got = clean_db.execute_query(
            cypher("index_top_movies"), userId=int(emb.user_ids[row]), k=10, candidates=100
        ).records
        overlaps.append(len(set(exact.tolist()) & {r["movieId"] for r in got}) / 10)
    assert np.mean(overlaps) >= 0.95
