"""One checkpoint format, one loader: training writes it, write-back and `--reuse` read it.

Besides the weights it holds what the rest of the product needs without rebuilding the model: the
id maps (row i of the embeddings belongs to user `user_ids[i]`), the final user and movie vectors,
and the data fingerprint that tells whether the checkpoint still matches the graph in Neo4j.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import torch
from torch import Tensor

FORMAT_VERSION = 1

KEYS = (
    "format_version", "model_name", "model_state", "optimizer_state", "config", "epoch",
    "best_metric", "user_ids", "movie_ids", "user_embeddings", "movie_embeddings", "metrics",
    "history", "export_seconds", "dataset", "fingerprint", "created_at",
)  # fmt: skip


def save_checkpoint(
    path: Path | str,
    *,
    model_name: str,
    model_state: dict[str, Tensor],
    optimizer_state: dict[str, Any] | None,
    config: dict[str, Any],
    epoch: int,
    best_metric: float,
    user_ids: Tensor,
    movie_ids: Tensor,
    user_embeddings: Tensor,
    movie_embeddings: Tensor,
    metrics: dict[str, float],
    history: list[dict[str, float]],
    export_seconds: float,
    dataset: str,
    fingerprint: str,
) -> Path:
    """Write atomically (temp file, then rename) so a crash never leaves a half checkpoint."""
    if user_embeddings.size(0) != user_ids.numel() or movie_embeddings.size(0) != movie_ids.numel():
        raise ValueError("embedding rows must match the id maps")
    payload = {key: value for key, value in locals().items() if key in KEYS}
    payload["format_version"] = FORMAT_VERSION
    payload["created_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    torch.save(payload, tmp)
    os.replace(tmp, path)
    return path


def load_checkpoint(path: Path | str) -> dict[str, Any]:
    """Load with `weights_only=True`: tensors and plain containers only, never arbitrary code."""
    checkpoint = torch.load(Path(path), map_location="cpu", weights_only=True)
    missing = [key for key in KEYS if key not in checkpoint]
    if missing:
        raise ValueError(f"{path} is not a movierec checkpoint (missing {', '.join(missing)})")
    return checkpoint
