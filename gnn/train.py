"""Train a GNN recommender: `python -m gnn.train --help`, or `train(data, config)` from code.

A short loop in the style of PyG's examples: data, split, model, `train_epoch()`, validation
NDCG@k after each epoch, early stopping. Validation is carved by time (each user's latest
ratings), like the product's future; with `refit` the chosen number of epochs is then retrained on
every rating, so the written-back vectors know each user's latest taste.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import torch
import typer
from torch import Tensor, nn
from torch_geometric.data import HeteroData
from tqdm import tqdm

from gnn.checkpoint import load_checkpoint, save_checkpoint
from gnn.data import RATES, SelectOptions, build_graph, fingerprint, frames_from_files, select
from gnn.lightgcn import LightGCN
from gnn.loop import EarlyStopping, format_row, train_epoch, validate
from gnn.plots import plot_training
from gnn.softmax_gcn import SoftmaxGCN
from gnn.split import Split, validation_split

MODELS: dict[str, type[nn.Module]] = {"lightgcn": LightGCN, "softmax-gcn": SoftmaxGCN}


@dataclass
class TrainConfig:
    """Every default of a training run, in one place (the CLI exposes each field).

    The defaults are the product model, SoftmaxGCN, as chosen on ML-100k validation: 256 dims,
    3 layers, temperature 0.2, Adam 5e-3, batches of all ratings of 64 users. LightGCN (BPR)
    was tuned at 64 dims, batches of 2048 ratings, lr 5e-3, patience 20.
    """

    model: str = "softmax-gcn"
    dims: int = 256
    layers: int = 3
    epochs: int = 300  # upper bound; early stopping usually ends far sooner
    batch_size: int = 64  # users per step with batch_by_user, else ratings per step
    batch_by_user: bool = True
    lr: float = 5e-3
    reg_weight: float = 1e-4
    temperature: float = 0.2  # softmax-gcn only
    seed: int = 0
    patience: int = 10  # evaluations without a better validation NDCG before stopping
    eval_every: int = 1
    k: int = 20  # validation metric is ndcg@k
    refit: bool = True
    threads: int = 1  # 2 threads spin-wait badly when the 2 shared cores are busy
    extra: dict = field(default_factory=dict)  # further model-specific constructor arguments


def seed_everything(seed: int, threads: int) -> torch.Generator:
    """Same seed, same figures: fixed seeds and thread count.

    `torch.use_deterministic_algorithms` is left off: it sends the sparse CSR matmul down a
    dense fallback about 50x slower, and the CPU kernels used here are deterministic anyway
    (tests check that two runs with one seed agree exactly).
    """
    torch.manual_seed(seed)
    np.random.seed(seed)
    torch.set_num_threads(threads)
    return torch.Generator().manual_seed(seed)


def build_model(config: TrainConfig, edge_index: Tensor, num_users: int, num_movies: int):
    """The configured model on the given training edges."""
    args = {"embedding_dim": config.dims, "num_layers": config.layers}
    args["reg_weight"] = config.reg_weight
    if issubclass(MODELS[config.model], SoftmaxGCN):
        args["temperature"] = config.temperature
    return MODELS[config.model](edge_index, num_users, num_movies, **args, **config.extra)


def fit(
    config: TrainConfig,
    train_index: Tensor,
    val_index: Tensor | None,
    num_users: int,
    num_movies: int,
    epochs: int | None = None,
    log: Callable[[str], None] | None = None,
) -> tuple[nn.Module, torch.optim.Optimizer, list[dict]]:
    """Train on `train_index`; with `val_index`, keep the weights of the best validation NDCG."""
    generator = seed_everything(config.seed, config.threads)
    model = build_model(config, train_index, num_users, num_movies)
    optimizer = torch.optim.Adam(model.parameters(), lr=config.lr)
    stopper, history = EarlyStopping(config.patience), []
    desc = config.model if val_index is not None else f"{config.model} refit"
    bar = tqdm(range(1, (epochs or config.epochs) + 1), desc=desc, leave=False)
    for epoch in bar:
        start = time.perf_counter()
        loss = train_epoch(
            model, optimizer, train_index, config.batch_size, generator, config.batch_by_user
        )
        row = {"epoch": epoch, "loss": loss, "seconds": time.perf_counter() - start}
        if val_index is not None and epoch % config.eval_every == 0:
            scores = validate(model, train_index, val_index, config.k)
            row |= {f"val_{name}": value for name, value in scores.items()}
            stopper.step(scores[f"ndcg@{config.k}"], model)
        history.append(row)
        bar.set_postfix(loss=f"{loss:.4f}", best=f"{stopper.best:.4f}")
        if log:
            log(format_row(row))
        if stopper.should_stop:
            break
    stopper.restore(model)
    return model, optimizer, history


def best_epoch(history: list[dict], k: int) -> int:
    """Epoch with the best validation NDCG@k (the last epoch when nothing was validated)."""
    scored = [row for row in history if f"val_ndcg@{k}" in row]
    return max(scored, key=lambda r: r[f"val_ndcg@{k}"])["epoch"] if scored else len(history)


@dataclass
class TrainResult:
    """What `train` returns; unpacks as `model, history, metrics = train(...)`."""

    model: nn.Module
    history: list[dict]
    metrics: dict[str, float]
    optimizer: torch.optim.Optimizer

    def __iter__(self) -> Iterator:
        return iter((self.model, self.history, self.metrics))


def train(
    data: HeteroData,
    config: TrainConfig,
    split: Split | None = None,
    log: Callable[[str], None] | None = None,
) -> TrainResult:
    """Early-stop on validation, then (with `config.refit`) retrain that many epochs on more data.

    Without `split`, validation is each user's latest 20% of ratings and the refit uses every
    rating; with a `split`, the refit uses train + validation and never touches test. Metrics are
    the validation figures of the chosen epoch.
    """
    edge_index = data[RATES].edge_index
    num_users, num_movies = data["user"].num_nodes, data["movie"].num_nodes
    split = split if split is not None else validation_split(data)
    train_index, val_index = edge_index[:, split.train], edge_index[:, split.val]
    model, optimizer, history = fit(config, train_index, val_index, num_users, num_movies, log=log)
    chosen = best_epoch(history, config.k)
    metrics = {
        k.removeprefix("val_"): v for k, v in history[chosen - 1].items() if k.startswith("val_")
    }
    metrics["best_epoch"] = chosen
    if config.refit:
        model, optimizer, _ = fit(
            config, edge_index[:, split.fit], None, num_users, num_movies, epochs=chosen
        )
    return TrainResult(model, history, metrics, optimizer)


def load_graph(
    source: Path | None, dataset: str | None, options: SelectOptions
) -> tuple[HeteroData, float]:
    """From Neo4j (the product path) unless `source` names MovieLens files; also the seconds."""
    if source is None:
        from gnn.export import export_graph
        from graphdb import connect

        driver = connect()
        try:
            return export_graph(driver, options)
        finally:
            driver.close()
    start = time.perf_counter()
    data = build_graph(select(frames_from_files(source, dataset), options))
    return data, time.perf_counter() - start


def save_run(
    out: Path, result: TrainResult, config: TrainConfig, data: HeteroData, export_seconds: float
) -> Path:
    """Checkpoint with the id maps and final vectors that write-back reads."""
    user_emb, movie_emb = result.model.final_embeddings()
    return save_checkpoint(
        out, model_name=config.model, model_state=result.model.state_dict(),
        optimizer_state=result.optimizer.state_dict(), config=asdict(config),
        epoch=int(result.metrics["best_epoch"]),
        best_metric=float(result.metrics[f"ndcg@{config.k}"]),
        user_ids=data["user"].node_id, movie_ids=data["movie"].node_id,
        user_embeddings=user_emb, movie_embeddings=movie_emb, metrics=result.metrics,
        history=result.history, export_seconds=export_seconds,
        dataset=getattr(data, "dataset", None) or "neo4j", fingerprint=fingerprint(data),
    )  # fmt: skip


def main(
    source: Path | None = typer.Option(None, help="MovieLens folder/zip; default: read Neo4j."),
    dataset: str | None = typer.Option(None, help="Dataset name when --source is used."),
    model: str = typer.Option(TrainConfig.model, help=f"One of {', '.join(MODELS)}."),
    dims: int = typer.Option(TrainConfig.dims, help="Embedding size."),
    layers: int = typer.Option(TrainConfig.layers, help="Propagation layers."),
    epochs: int = typer.Option(TrainConfig.epochs, help="Most epochs; early stopping ends sooner."),
    batch_size: int = typer.Option(TrainConfig.batch_size, help="Users (or ratings) per step."),
    batch_by_user: bool = typer.Option(
        TrainConfig.batch_by_user, help="Batch all ratings of --batch-size users (else ratings)."
    ),
    lr: float = typer.Option(TrainConfig.lr, help="Adam learning rate."),
    reg_weight: float = typer.Option(TrainConfig.reg_weight, help="L2 on layer-0 vectors."),
    temperature: float = typer.Option(TrainConfig.temperature, help="Softmax temperature."),
    patience: int = typer.Option(TrainConfig.patience, help="Epochs without a better NDCG."),
    refit: bool = typer.Option(TrainConfig.refit, help="Retrain the best epochs on every rating."),
    seed: int = typer.Option(TrainConfig.seed, help="Seed of init, sampling and --sample-users."),
    min_rating: float | None = typer.Option(None, help="Keep ratings >= this."),
    before: int | None = typer.Option(None, help="Keep ratings older than this unix time."),
    genres: str | None = typer.Option(None, help="Comma-separated: movies of these genres only."),
    sample_users: int | None = typer.Option(None, help="Train on this many random users."),
    out: Path = typer.Option(Path("var/models/latest.pt"), help="Checkpoint path."),
    reuse: bool = typer.Option(False, help="Skip training if --out has this data and config."),
    plot: Path | None = typer.Option(None, help="Training plot PNG (default: beside --out)."),
) -> None:
    """Train on a time-based validation split, early-stop on NDCG@20, refit, save a checkpoint."""
    config = TrainConfig(
        model=model, dims=dims, layers=layers, epochs=epochs, batch_size=batch_size,
        batch_by_user=batch_by_user, lr=lr,
        reg_weight=reg_weight, temperature=temperature, seed=seed, patience=patience, refit=refit,
    )  # fmt: skip
    options = SelectOptions(
        min_rating, before, genres.split(",") if genres else None, sample_users, seed
    )
    data, export_seconds = load_graph(source, dataset, options)
    if reuse and out.exists():
        old = load_checkpoint(out)
        if old["fingerprint"] == fingerprint(data) and old["config"] == asdict(config):
            typer.echo(f"{out} already holds this data and config: training skipped")
            return
    typer.echo(
        f"{data['user'].num_nodes} users, {data['movie'].num_nodes} movies, "
        f"{data[RATES].num_edges} ratings (export {export_seconds:.1f}s); {config}"
    )
    result = train(data, config, log=tqdm.write)
    save_run(out, result, config, data, export_seconds)
    plot_training(result.history, plot or out.with_suffix(".png"), f"ndcg@{config.k}")
    typer.echo(
        f"saved {out}: best epoch {result.metrics['best_epoch']}, validation "
        f"ndcg@{config.k} {result.metrics[f'ndcg@{config.k}']:.4f}"
    )


if __name__ == "__main__":
    typer.run(main)
