"""PNG plots of training runs (matplotlib's Agg backend: no display on a server)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt


def plot_training(history: list[dict], path: Path | str, metric: str) -> Path:
    """Training loss and the validation metric per epoch, side by side."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    left.plot([row["epoch"] for row in history], [row["loss"] for row in history])
    left.set(xlabel="epoch", ylabel="training loss", title="loss")
    scored = [row for row in history if f"val_{metric}" in row]
    right.plot([row["epoch"] for row in scored], [row[f"val_{metric}"] for row in scored])
    right.set(xlabel="epoch", ylabel=metric, title=f"validation {metric}")
    return _save(fig, path)


def plot_validation_curves(
    curves: dict[str, list[list[dict]]], path: Path | str, metric: str
) -> Path:
    """One line per (model, seed) run: how the validation metric moved during training."""
    fig, ax = plt.subplots(figsize=(7, 4.5))
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for (name, runs), color in zip(curves.items(), colors, strict=False):
        for i, history in enumerate(runs):
            scored = [row for row in history if f"val_{metric}" in row]
            ax.plot(
                [row["epoch"] for row in scored],
                [row[f"val_{metric}"] for row in scored],
                color=color,
                alpha=0.8,
                label=name if i == 0 else None,
            )
    ax.set(xlabel="epoch", ylabel=f"validation {metric}", title="GNN validation curves")
    ax.legend()
    return _save(fig, path)


def _save(fig: plt.Figure, path: Path | str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
