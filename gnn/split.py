"""Train / validation / test splits as position tensors over the ('user', 'rates', 'movie') edges.

Positions (not copies of edges) keep one graph as the single source of truth: a model builds its
propagation graph from `train` only, and `check_disjoint` guards the one rule that matters, no test
edge in training. Validation is always carved from the training part, never from test, so
hyperparameters and early stopping never see the test set.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from torch import Tensor
from torch_geometric.data import HeteroData

from gnn.data import RATES


@dataclass
class Split:
    """Disjoint, sorted edge positions. `fit` (train + val) is what a final refit trains on."""

    train: Tensor
    val: Tensor
    test: Tensor

    @property
    def fit(self) -> Tensor:
        return torch.cat([self.train, self.val]).sort().values


def _round_half_up(x: np.ndarray) -> np.ndarray:
    return np.floor(x + 0.5).astype(np.int64)


def _rank_within_user(users: np.ndarray, key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rank of each edge among its user's edges ordered by `key`, and the user's edge count."""
    order = np.lexsort((key, users))
    counts = np.bincount(users, minlength=users.max() + 1 if len(users) else 0)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    rank = np.empty(len(users), dtype=np.int64)
    rank[order] = np.arange(len(users)) - starts[users[order]]
    return rank, counts[users]


def holdout_random(users: np.ndarray, fraction: float, seed: int) -> np.ndarray:
    """Per user, a seeded random `fraction` (rounded half up) of the edges; returns a mask."""
    key = np.random.default_rng(seed).random(len(users))
    rank, count = _rank_within_user(users, key)
    return rank < count - _round_half_up(count * (1.0 - fraction))


def holdout_latest(
    users: np.ndarray, times: np.ndarray, fraction: float, min_ratings: int = 5
) -> np.ndarray:
    """Per user, the latest `fraction` of edges (at least one); users below `min_ratings` keep all.

    Equal timestamps are broken by edge position, which is (user, movie) order: deterministic.
    """
    key = times.astype(np.float64) + np.arange(len(times)) / (len(times) + 1.0)
    rank, count = _rank_within_user(users, key)
    held = np.maximum(_round_half_up(count * fraction), 1)
    return (count >= min_ratings) & (rank >= count - held)


def _carve(
    data: HeteroData, part: np.ndarray, by_time: bool, fraction: float, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Split the edge positions `part` in two, the same way test was split from the whole."""
    users = data[RATES].edge_index[0].numpy()[part]
    if by_time:
        held = holdout_latest(users, data[RATES].time.numpy()[part], fraction)
    else:
        held = holdout_random(users, fraction, seed)
    return part[~held], part[held]


def _as_split(train: np.ndarray, val: np.ndarray, test: np.ndarray) -> Split:
    split = Split(*(torch.as_tensor(np.sort(p), dtype=torch.long) for p in (train, val, test)))
    check_disjoint(split)
    return split


def random_split(
    data: HeteroData, seed: int, test_fraction: float = 0.25, val_fraction: float = 0.1
) -> Split:
    """Protocol A: per-user random train/test, then per-user random validation from train."""
    every = np.arange(data[RATES].num_edges)
    rest, test = _carve(data, every, False, test_fraction, seed)
    train, val = _carve(data, rest, False, val_fraction, seed + 1)
    return _as_split(train, val, test)


def temporal_split(
    data: HeteroData, test_fraction: float = 0.2, val_fraction: float = 0.2
) -> Split:
    """Protocol B: each user's latest ratings are test, the latest of the rest are validation."""
    every = np.arange(data[RATES].num_edges)
    rest, test = _carve(data, every, True, test_fraction, 0)
    train, val = _carve(data, rest, True, val_fraction, 0)
    return _as_split(train, val, test)


def validation_split(data: HeteroData, val_fraction: float = 0.2) -> Split:
    """The product path: no test part, each user's latest ratings validate, the rest trains."""
    train, val = _carve(data, np.arange(data[RATES].num_edges), True, val_fraction, 0)
    return _as_split(train, val, np.empty(0, dtype=np.int64))


def read_udata(path: Path | str) -> pd.DataFrame:
    """A split file in MovieLens `u.data` form: user, item, rating, timestamp, tab-separated."""
    names = ["userId", "movieId", "rating", "timestamp"]
    return pd.read_csv(path, sep="\t", names=names, usecols=[0, 1], dtype="int64")


def positions_of(data: HeteroData, pairs: pd.DataFrame) -> np.ndarray:
    """Edge positions of (userId, movieId) rows; a row missing from the graph is an error."""
    num_movies = data["movie"].num_nodes
    user_ids, movie_ids = data["user"].node_id.numpy(), data["movie"].node_id.numpy()
    users = np.searchsorted(user_ids, pairs["userId"].to_numpy()).clip(max=len(user_ids) - 1)
    movies = np.searchsorted(movie_ids, pairs["movieId"].to_numpy()).clip(max=len(movie_ids) - 1)
    edge_index = data[RATES].edge_index.numpy()
    keys = edge_index[0] * num_movies + edge_index[1]  # sorted: edges are in (user, movie) order
    wanted = users * num_movies + movies
    pos = np.searchsorted(keys, wanted).clip(max=len(keys) - 1)
    found = (keys[pos] == wanted) & (user_ids[users] == pairs["userId"].to_numpy())
    found &= movie_ids[movies] == pairs["movieId"].to_numpy()
    if not found.all():
        raise ValueError(f"{int((~found).sum())} split rows are not ratings in the graph")
    return pos


def split_from_files(
    data: HeteroData,
    train_file: Path | str,
    test_file: Path | str,
    seed: int,
    val_fraction: float = 0.1,
    val_by_time: bool = False,
) -> Split:
    """A published split reproduced exactly; validation is still carved from its train part."""
    train_all = positions_of(data, read_udata(train_file))
    test = positions_of(data, read_udata(test_file))
    train, val = _carve(data, train_all, val_by_time, val_fraction, seed + 1)
    return _as_split(train, val, test)


def check_disjoint(split: Split) -> None:
    """Raise if any edge sits in two parts: a test edge in training would inflate every metric."""
    for a, b, name in (
        (split.train, split.test, "train/test"),
        (split.val, split.test, "val/test"),
        (split.train, split.val, "train/val"),
    ):
        if torch.isin(a, b).any():
            raise ValueError(f"{name} overlap: the split leaks")
