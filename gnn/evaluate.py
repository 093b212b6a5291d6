"""One harness, one split per seed, every model: `python -m gnn.evaluate --help`.

Protocol A (ML-100k, per-user random 75/25, K=10) is comparable with the literature; protocol B
(per-user latest 20% as test, K=20) is what the product does. Every model picks its
hyperparameters (baselines: a small grid; GNNs: the epoch, by early stopping) on a validation
split carved from the training part, is refitted on train + validation, and is scored once on test.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

import typer
from torch_geometric.data import HeteroData

from gnn.baselines import EASE, ItemKNN, MostPop
from gnn.data import RATES, build_graph, frames_from_files
from gnn.metrics import evaluate
from gnn.plots import plot_validation_curves
from gnn.split import Split, random_split, split_from_files, temporal_split
from gnn.train import TrainConfig, seed_everything, train

PROTOCOLS = {
    "A": (10, ["precision@10", "recall@10", "ndcg@10", "map@10"]),
    "B": (20, ["recall@20", "ndcg@20", "coverage@20"]),
}
BASELINES = {"MostPop": MostPop, "ItemKNN": ItemKNN, "EASE": EASE}
# Settings chosen on ML-100k validation; LightGCN keeps the published 64 dims / 3 layers.
GNNS = {
    "LightGCN": {"model": "lightgcn", "dims": 64, "lr": 5e-3, "patience": 20, "batch_size": 2048,
                 "batch_by_user": False},
    "SoftmaxGCN": {"model": "softmax-gcn"},  # the TrainConfig defaults
}  # fmt: skip


def make_split(data: HeteroData, protocol: str, seed: int, files: tuple | None) -> Split:
    """The protocol's split, or a published one from files (validation still from its train)."""
    if files:
        return split_from_files(data, *files, seed=seed, val_by_time=protocol == "B")
    return random_split(data, seed) if protocol == "A" else temporal_split(data)


def _test(score_fn, data: HeteroData, split: Split, k: int) -> dict[str, float]:
    edge_index = data[RATES].edge_index
    sizes = data["user"].num_nodes, data["movie"].num_nodes
    return evaluate(score_fn, edge_index[:, split.fit], edge_index[:, split.test], *sizes, ks=(k,))


def _validation_ndcg(cls: type, params: dict, data: HeteroData, split: Split, k: int) -> float:
    edge_index, sizes = data[RATES].edge_index, (data["user"].num_nodes, data["movie"].num_nodes)
    model = cls(**params).fit(edge_index[:, split.train], *sizes)
    val = evaluate(
        model.scores, edge_index[:, split.train], edge_index[:, split.val], *sizes, ks=(k,)
    )
    return val[f"ndcg@{k}"]


def run_baseline(name: str, data: HeteroData, split: Split, k: int) -> dict:
    """Grid on validation, refit the winner on train + validation, score test."""
    cls, edge_index = BASELINES[name], data[RATES].edge_index
    start = time.perf_counter()
    grid = [{key: v} for key, values in cls.GRID.items() for v in values] or [{}]
    chosen = (
        max(grid, key=lambda p: _validation_ndcg(cls, p, data, split, k))
        if len(grid) > 1
        else grid[0]
    )
    model = cls(**chosen).fit(
        edge_index[:, split.fit], data["user"].num_nodes, data["movie"].num_nodes
    )
    seconds = time.perf_counter() - start
    return {**_test(model.scores, data, split, k), "train_seconds": seconds, "params": chosen}


def run_gnn(name: str, overrides: dict, data: HeteroData, split: Split, k: int) -> dict:
    """Early stopping on validation, refit for the chosen epochs on train + validation, test."""
    config = TrainConfig(**{**GNNS[name], **overrides, "k": k})
    start = time.perf_counter()
    model, history, metrics = train(data, config, split)
    seconds = time.perf_counter() - start
    user_emb, movie_emb = model.final_embeddings()
    result = _test(lambda users: user_emb[users] @ movie_emb.T, data, split, k)
    per_epoch = statistics.mean(row["seconds"] for row in history)
    return {
        **result,
        "train_seconds": seconds,
        "seconds_per_epoch": per_epoch,
        "epochs": metrics["best_epoch"],
        "history": history,
    }


def run_protocol(
    data: HeteroData,
    protocol: str,
    seeds: list[int],
    models: list[str],
    overrides: dict | None = None,
    files: tuple | None = None,
) -> dict[str, list[dict]]:
    """Per model, one result per seed; all models see the same split for a given seed.

    `overrides` are TrainConfig fields applied to every GNN (e.g. epochs, dims).
    """
    k = PROTOCOLS[protocol][0]
    runs: dict[str, list[dict]] = {name: [] for name in models}
    for seed in seeds:
        seed_everything(seed, TrainConfig.threads)
        split = make_split(data, protocol, seed, files)
        for name in models:
            if name in BASELINES:
                runs[name].append(run_baseline(name, data, split, k))
            else:
                runs[name].append(
                    run_gnn(name, {**(overrides or {}), "seed": seed}, data, split, k)
                )
    return runs


def summarize(runs: dict[str, list[dict]], protocol: str) -> dict[str, dict]:
    """Mean and (population) spread over seeds of each reported figure."""
    names = [*PROTOCOLS[protocol][1], "train_seconds", "seconds_per_epoch", "epochs"]
    summary: dict[str, dict] = {}
    for model, results in runs.items():
        summary[model] = {
            name: {"mean": statistics.mean(values), "std": statistics.pstdev(values)}
            for name in names
            if (values := [float(r[name]) for r in results if name in r])
        }
        summary[model]["params"] = [r["params"] for r in results if "params" in r]
    return summary


def to_markdown(report: dict) -> str:
    """One table: each cell is mean ± std over the seeds."""
    columns = [*PROTOCOLS[report["protocol"]][1], "train_seconds", "seconds_per_epoch"]
    lines = [
        f"Protocol {report['protocol']} on {report['dataset']}, seeds {report['seeds']}, "
        f"split: {report['split']}",
        "",
        "| model | " + " | ".join(columns) + " |",
        "|---" * (len(columns) + 1) + "|",
    ]
    for model, figures in report["models"].items():
        cells = [
            f"{figures[c]['mean']:.4f} ± {figures[c]['std']:.4f}" if c in figures else "-"
            for c in columns
        ]
        lines.append(f"| {model} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(
    protocol: str = typer.Option("A", help="A: random 75/25, K=10. B: latest 20% by time, K=20."),
    source: Path = typer.Option(..., help="MovieLens folder or zip (read by ingest.parsers)."),
    dataset: str | None = typer.Option(None, help="Dataset name, if not guessed from files."),
    out: Path = typer.Option(Path("var/eval/report.json"), help="JSON report path."),
    markdown: Path | None = typer.Option(None, help="Markdown table path (default: beside JSON)."),
    seeds: str = typer.Option("0,1,2", help="Comma-separated seeds (split and model init)."),
    models: str = typer.Option(",".join([*BASELINES, *GNNS]), help="Comma-separated models."),
    train_file: Path | None = typer.Option(None, "--train", help="Explicit train file (u.data)."),
    test_file: Path | None = typer.Option(None, "--test", help="Explicit test file (u.data)."),
    epochs: int = typer.Option(TrainConfig.epochs, help="Upper bound on GNN epochs."),
    dims: int | None = typer.Option(None, help="GNN embedding size (default: per model)."),
    layers: int | None = typer.Option(None, help="GNN propagation layers (default: per model)."),
) -> None:
    """Evaluate every model on one split per seed; print and write Markdown, JSON and a PNG."""
    if protocol not in PROTOCOLS or bool(train_file) != bool(test_file):
        raise typer.BadParameter("--protocol is A or B; --train and --test go together")
    data = build_graph(frames_from_files(source, dataset))
    seed_list = [int(s) for s in seeds.split(",")]
    names = [m.strip() for m in models.split(",")]
    overrides = {"epochs": epochs, "dims": dims, "layers": layers}
    overrides = {key: value for key, value in overrides.items() if value is not None}
    files = (train_file, test_file) if train_file else None
    runs = run_protocol(data, protocol, seed_list, names, overrides, files)
    split = (
        f"files {train_file.name}/{test_file.name}"
        if files
        else ("per-user random 75/25" if protocol == "A" else "per-user latest 20% by time")
    )
    report = {
        "protocol": protocol,
        "dataset": data.dataset,
        "seeds": seed_list,
        "split": split,
        "models": summarize(runs, protocol),
        "gnn_settings": {name: {**GNNS[name], **overrides} for name in names if name in GNNS},
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    (markdown or out.with_suffix(".md")).write_text(table := to_markdown(report))
    curves = {name: [r["history"] for r in runs[name]] for name in names if name in GNNS}
    if curves:
        plot_validation_curves(curves, out.with_suffix(".png"), f"ndcg@{PROTOCOLS[protocol][0]}")
    typer.echo(table)


if __name__ == "__main__":
    typer.run(main)
