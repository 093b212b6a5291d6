"""GNN models on tiny random graphs: shapes, finite losses, learning, planted structure."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import torch
from torch_geometric.nn.conv.gcn_conv import gcn_norm

from gnn.baselines import MostPop
from gnn.checkpoint import load_checkpoint, save_checkpoint
from gnn.data import GraphFrames, build_graph
from gnn.evaluate import run_protocol, summarize
from gnn.lightgcn import LightGCN, SymmetricPropagate, normalized_adjacency
from gnn.loop import edge_batches
from gnn.metrics import evaluate
from gnn.softmax_gcn import SoftmaxGCN
from gnn.train import TrainConfig, fit, train

pytestmark = pytest.mark.unit
USERS, MOVIES = 7, 11


def random_edges(seed: int = 0, count: int = 30) -> torch.Tensor:
    gen = torch.Generator().manual_seed(seed)
    pairs = torch.stack(
        [
            torch.randint(USERS, (count,), generator=gen),
            torch.randint(MOVIES, (count,), generator=gen),
        ]
    )
    return pairs.unique(dim=1)


def test_adjacency_matches_pyg_gcn_norm() -> None:
    edges = random_edges()
    adj = normalized_adjacency(edges, USERS, MOVIES).to_dense()
    both = torch.cat(
        [edges + torch.tensor([[0], [USERS]]), edges.flip(0) + torch.tensor([[USERS], [0]])], 1
    )
    index, weight = gcn_norm(both, num_nodes=USERS + MOVIES, add_self_loops=False)
    expected = torch.zeros(USERS + MOVIES, USERS + MOVIES)
    expected[index[1], index[0]] = weight
    torch.testing.assert_close(adj, expected)
    torch.testing.assert_close(adj, adj.T)


def test_propagation_gradient_equals_dense() -> None:
    adj = normalized_adjacency(random_edges(), USERS, MOVIES)
    x = torch.randn(USERS + MOVIES, 4, requires_grad=True)
    SymmetricPropagate.apply(adj, x).square().sum().backward()
    dense_x = x.detach().clone().requires_grad_(True)
    (adj.to_dense() @ dense_x).square().sum().backward()
    torch.testing.assert_close(x.grad, dense_x.grad)


@pytest.mark.parametrize("model_cls", [LightGCN, SoftmaxGCN])
@pytest.mark.parametrize("dims", [4, 16])
@pytest.mark.parametrize("layers", [0, 1, 3])
def test_shapes_and_finite_loss(model_cls: type, dims: int, layers: int) -> None:
    torch.manual_seed(0)
    model = model_cls(random_edges(), USERS, MOVIES, embedding_dim=dims, num_layers=layers)
    user_emb, movie_emb = model.final_embeddings()
    assert user_emb.shape == (USERS, dims) and movie_emb.shape == (MOVIES, dims)
    loss = model.loss(torch.tensor([0, 1, 2]), torch.tensor([3, 4, 5]), torch.tensor([6, 7, 8]))
    assert loss.ndim == 0 and torch.isfinite(loss)


@pytest.mark.parametrize("model_cls", [LightGCN, SoftmaxGCN])
def test_one_step_lowers_the_loss(model_cls: type) -> None:
    torch.manual_seed(0)
    edges = random_edges()
    model = model_cls(edges, USERS, MOVIES, embedding_dim=8, num_layers=2)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
    users, pos, neg = edges[0], edges[1], (edges[1] + 5) % MOVIES
    before = model.loss(users, pos, neg)
    optimizer.zero_grad()
    before.backward()
    optimizer.step()
    assert model.loss(users, pos, neg).item() < before.item()


def test_softmax_gcn_vectors_are_unit_length() -> None:
    model = SoftmaxGCN(random_edges(), USERS, MOVIES, embedding_dim=8)
    for emb in model.final_embeddings():
        torch.testing.assert_close(emb.norm(dim=1), torch.ones(emb.size(0)))


def test_recommend_skips_excluded_movies() -> None:
    edges = random_edges()
    model = LightGCN(edges, USERS, MOVIES, embedding_dim=8)
    top = model.recommend(torch.arange(USERS), k=3, exclude=edges)
    seen = set(map(tuple, edges.T.tolist()))
    assert top.shape == (USERS, 3)
    assert not any((u, int(m)) in seen for u in range(USERS) for m in top[u])


@pytest.mark.parametrize(("model", "by_user"), [("lightgcn", False), ("softmax-gcn", True)])
def test_same_seed_same_training(model: str, by_user: bool) -> None:
    edges = random_edges(count=60)
    config = TrainConfig(
        model=model, dims=8, layers=2, epochs=3, batch_size=16, batch_by_user=by_user, k=5
    )
    runs = [fit(config, edges, edges[:, :10], USERS, MOVIES)[2] for _ in range(2)]
    assert runs[0] == [{**row, "seconds": runs[0][i]["seconds"]} for i, row in enumerate(runs[1])]


def test_checkpoint_round_trip(tmp_path: Path) -> None:
    model = LightGCN(random_edges(), USERS, MOVIES, embedding_dim=4)
    user_emb, movie_emb = model.final_embeddings()
    path = save_checkpoint(
        tmp_path / "m.pt", model_name="lightgcn", model_state=model.state_dict(),
        optimizer_state=None, config={"dims": 4}, epoch=3, best_metric=0.5,
        user_ids=torch.arange(USERS) + 100, movie_ids=torch.arange(MOVIES) + 7,
        user_embeddings=user_emb, movie_embeddings=movie_emb, metrics={"ndcg@20": 0.5},
        history=[{"epoch": 1, "loss": 0.7}], export_seconds=1.5, dataset="tiny", fingerprint="abc",
    )  # fmt: skip
    loaded = load_checkpoint(path)
    torch.testing.assert_close(loaded["movie_embeddings"], movie_emb)
    assert loaded["user_ids"].tolist() == list(range(100, 100 + USERS))
    assert loaded["fingerprint"] == "abc" and loaded["created_at"]


def planted_ratings(seed: int = 0) -> tuple[torch.Tensor, int, int]:
    """3 user groups x 3 movie groups: users rate mostly their group's movies, some popular ones."""
    rng = np.random.default_rng(seed)
    users, movies, groups = 90, 60, 3
    popular = np.arange(5)  # globally popular movies, spread over the groups
    rows = []
    for u in range(users):
        own = np.arange(movies)[np.arange(movies) % groups == u % groups]
        picks = set(rng.choice(own, 12, replace=False)) | set(rng.choice(popular, 2, replace=False))
        rows += [(u, m) for m in sorted(picks)]
    return torch.tensor(rows).T, users, movies


@pytest.mark.slow
def test_lightgcn_learns_planted_structure_better_than_mostpop() -> None:
    edges, users, movies = planted_ratings()
    gen = torch.Generator().manual_seed(1)
    is_test = torch.rand(edges.size(1), generator=gen) < 0.25
    train, test = edges[:, ~is_test], edges[:, is_test]
    config = TrainConfig(
        model="lightgcn", dims=16, layers=2, epochs=40, batch_size=128, batch_by_user=False,
        lr=0.01, k=10,
    )  # fmt: skip
    model, _, _ = fit(config, train, None, users, movies)
    user_emb, movie_emb = model.final_embeddings()
    gnn = evaluate(lambda u: user_emb[u] @ movie_emb.T, train, test, users, movies, ks=(10,))
    pop = evaluate(MostPop().fit(train, users, movies).scores, train, test, users, movies, ks=(10,))
    assert gnn["ndcg@10"] > pop["ndcg@10"] + 0.1


def planted_graph():
    """The planted ratings as a HeteroData graph, with times, for the train() and harness paths."""
    edges, _, movies = planted_ratings()
    ratings = pd.DataFrame(
        {"userId": edges[0].numpy() + 1, "movieId": edges[1].numpy() + 1, "rating": 4.0,
         "timestamp": np.arange(edges.size(1), dtype=np.int64)}
    )  # fmt: skip
    movie_frame = pd.DataFrame(
        {"movieId": np.arange(1, movies + 1), "genres": [["Drama"]] * movies}
    )
    return build_graph(GraphFrames(ratings, movie_frame, "planted"))


def test_train_and_evaluation_harness_end_to_end() -> None:
    data = planted_graph()
    config = TrainConfig(model="softmax-gcn", dims=8, layers=1, epochs=2, batch_size=256)
    model, history, metrics = train(data, config)
    assert len(history) == 2 and metrics["best_epoch"] in (1, 2)
    assert model.final_embeddings()[1].shape == (data["movie"].num_nodes, 8)
    runs = run_protocol(data, "B", [0], ["MostPop", "EASE", "LightGCN"], {"epochs": 2, "dims": 8})
    report = summarize(runs, "B")
    assert set(report) == {"MostPop", "EASE", "LightGCN"}
    assert 0.0 <= report["EASE"]["ndcg@20"]["mean"] <= 1.0
    assert "seconds_per_epoch" in report["LightGCN"] and report["EASE"]["params"]


@pytest.mark.parametrize("by_user", [False, True])
def test_an_epoch_sees_every_rating_once(by_user: bool) -> None:
    edges = random_edges(count=60)
    batches = edge_batches(edges, 3, torch.Generator().manual_seed(0), by_user)
    seen = torch.cat(batches).sort().values
    assert torch.equal(seen, torch.arange(edges.size(1)))
    if by_user:
        assert all(edges[0, batch].unique().numel() <= 3 for batch in batches)
