"""Training speed: our LightGCN loop vs PyG's stock loop, side by side (`python -m bench.train`).

The reference is PyG's `examples/lightgcn.py` loop: `torch_geometric.nn.models.LightGCN` with a
full-graph `forward(edge_index, edge_label_index)` per batch (which re-normalises the graph every
time) and `recommendation_loss`. Both run the same sizes, dims, layers, batch size, learning rate
and epochs on the same split, each in a fresh process so peak RSS is its own; then both are
scored by the same full-ranking evaluator (NDCG@20 / Recall@20 on the held-out 25%).
"""

from __future__ import annotations

import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Annotated

import torch
import typer
from torch import Tensor
from torch_geometric.nn.models import LightGCN as StockLightGCN

from bench.harness import peak_rss_mib, print_table, write_json
from gnn.data import RATES, build_graph, frames_from_files
from gnn.loop import train_epoch
from gnn.metrics import evaluate
from gnn.split import random_split
from gnn.train import TrainConfig, build_model, seed_everything

MOVIELENS = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "movielens"


@dataclass
class BenchConfig:
    """The settings both loops share."""

    dims: int = 64
    layers: int = 3
    batch_size: int = 2048
    lr: float = 5e-3
    epochs: int = 20
    seed: int = 0
    threads: int = 1


def stock_epoch(
    model: StockLightGCN,
    optimizer: torch.optim.Optimizer,
    edge_index: Tensor,
    train_pairs: Tensor,
    num_users: int,
    num_movies: int,
    batch_size: int,
) -> float:
    """PyG's examples/lightgcn.py `train()`, unchanged apart from the data."""
    total_loss = total_examples = 0
    for index in torch.randperm(train_pairs.size(1)).split(batch_size):
        pos = train_pairs[:, index]
        neg = torch.stack(
            [pos[0], torch.randint(num_users, num_users + num_movies, (index.numel(),))]
        )
        edge_label_index = torch.cat([pos, neg], dim=1)
        optimizer.zero_grad()
        pos_rank, neg_rank = model(edge_index, edge_label_index).chunk(2)
        loss = model.recommendation_loss(pos_rank, neg_rank, node_id=edge_label_index.unique())
        loss.backward()
        optimizer.step()
        total_loss += float(loss) * pos_rank.numel()
        total_examples += pos_rank.numel()
    return total_loss / total_examples


def run_stock(train_index: Tensor, num_users: int, num_movies: int, cfg: BenchConfig):
    """Homogeneous graph as in the PyG example: users first, movies after, both directions."""
    pairs = train_index + torch.tensor([[0], [num_users]])
    edge_index = torch.cat([pairs, pairs.flip(0)], dim=1)
    model = StockLightGCN(num_users + num_movies, cfg.dims, cfg.layers)
    optimizer = torch.optim.Adam(model.parameters(), lr=cfg.lr)
    seconds = []
    for _ in range(cfg.epochs):
        start = time.perf_counter()
        stock_epoch(model, optimizer, edge_index, pairs, num_users, num_movies, cfg.batch_size)
        seconds.append(time.perf_counter() - start)
    with torch.no_grad():
        user_emb, movie_emb = model.get_embedding(edge_index).split([num_users, num_movies])
    return user_emb, movie_emb, seconds


def run_ours(train_index: Tensor, num_users: int, num_movies: int, cfg: BenchConfig):
    """Our LightGCN and loop (`gnn.loop.train_epoch`), the one production trains with."""
    config = TrainConfig(model="lightgcn", dims=cfg.dims, layers=cfg.layers, lr=cfg.lr)
    generator = seed_everything(cfg.seed, cfg.threads)
    model = build_model(config, train_index, num_users, num_movies)
    optimizer = torch.optim.Adam(model.parameters(), lr=cfg.lr)
    seconds = []
    for _ in range(cfg.epochs):
        start = time.perf_counter()
        train_epoch(model, optimizer, train_index, cfg.batch_size, generator)
        seconds.append(time.perf_counter() - start)
    return *model.final_embeddings(), seconds


def measure(dataset: str, which: str, cfg: BenchConfig) -> dict:
    """One (dataset, loop) run; called in a fresh process so its peak RSS is its own."""
    seed_everything(cfg.seed, cfg.threads)
    data = build_graph(frames_from_files(MOVIELENS / dataset))
    split = random_split(data, cfg.seed)
    edge_index, sizes = data[RATES].edge_index, (data["user"].num_nodes, data["movie"].num_nodes)
    train_index, test_index = edge_index[:, split.fit], edge_index[:, split.test]
    runner = run_ours if which == "ours" else run_stock
    user_emb, movie_emb, seconds = runner(train_index, *sizes, cfg)
    metrics = evaluate(
        lambda u: user_emb[u] @ movie_emb.T, train_index, test_index, *sizes, ks=(20,)
    )
    return {
        "dataset": dataset, "loop": which, "edges": train_index.size(1),
        "s_per_epoch": sum(seconds) / len(seconds), "ndcg@20": metrics["ndcg@20"],
        "recall@20": metrics["recall@20"], "peak_rss_mib": peak_rss_mib(),
    }  # fmt: skip


def in_fresh_process(dataset: str, which: str, cfg: BenchConfig) -> dict:
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(measure, dataset, which, cfg).result()


def main(
    datasets: Annotated[list[str], typer.Option(help="MovieLens releases to run on.")] = [  # noqa: B006
        "ml-100k",
        "ml-latest-small",
    ],
    epochs: Annotated[int, typer.Option(help="Epochs for both loops.")] = BenchConfig.epochs,
    batch_size: Annotated[int, typer.Option(help="Batch size for both.")] = BenchConfig.batch_size,
    dims: Annotated[int, typer.Option(help="Embedding size for both.")] = BenchConfig.dims,
    layers: Annotated[int, typer.Option(help="Layers for both.")] = BenchConfig.layers,
) -> None:
    """Seconds per epoch of both loops, the speed-up, and the NDCG@20 each reaches."""
    cfg = BenchConfig(dims=dims, layers=layers, batch_size=batch_size, epochs=epochs)
    rows = []
    for dataset in datasets:
        ours, stock = (in_fresh_process(dataset, which, cfg) for which in ("ours", "stock"))
        for row in (ours, stock):
            row["speedup"] = stock["s_per_epoch"] / row["s_per_epoch"]
        rows += [ours, stock]
    print_table(f"LightGCN training, {asdict(cfg)}", rows)
    write_json("train", {"config": asdict(cfg), "rows": rows})


if __name__ == "__main__":
    typer.run(main)
