"""Splits: the right shares per user, validation only from train, and never a test edge in train."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import torch

from gnn.data import RATES, GraphFrames, build_graph
from gnn.split import (
    Split,
    check_disjoint,
    holdout_latest,
    random_split,
    split_from_files,
    temporal_split,
    validation_split,
)

pytestmark = pytest.mark.unit


def graph(users: int = 30, movies: int = 50, seed: int = 0, min_count: int = 1):
    """Users with between `min_count` and 40 ratings, distinct timestamps per user."""
    rng = np.random.default_rng(seed)
    rows = []
    for u in range(1, users + 1):
        count = int(rng.integers(min_count, 41))
        for m in rng.choice(np.arange(1, movies + 1), count, replace=False):
            rows.append((u, int(m), 4.0, int(rng.integers(0, 10**6))))
    ratings = pd.DataFrame(rows, columns=["userId", "movieId", "rating", "timestamp"])
    movie_frame = pd.DataFrame({"movieId": np.arange(1, movies + 1), "genres": [[]] * movies})
    return build_graph(GraphFrames(ratings, movie_frame))


def per_user(data, positions: torch.Tensor) -> np.ndarray:
    users = data[RATES].edge_index[0, positions]
    return np.bincount(users.numpy(), minlength=data["user"].num_nodes)


def assert_partition(data, split: Split) -> None:
    check_disjoint(split)
    everything = torch.cat([split.train, split.val, split.test]).sort().values
    assert torch.equal(everything, torch.arange(data[RATES].num_edges))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_random_split_shares_per_user(seed: int) -> None:
    data = graph(seed=seed)
    split = random_split(data, seed, test_fraction=0.25, val_fraction=0.1)
    assert_partition(data, split)
    total = per_user(data, torch.arange(data[RATES].num_edges))
    test = per_user(data, split.test)
    assert np.array_equal(total - test, np.floor(total * 0.75 + 0.5))
    fit = per_user(data, split.fit)
    val = per_user(data, split.val)
    assert np.array_equal(fit - val, np.floor(fit * 0.9 + 0.5))


def test_random_split_depends_on_seed_only() -> None:
    data = graph()
    a, b, c = random_split(data, 3), random_split(data, 3), random_split(data, 4)
    assert torch.equal(a.test, b.test) and torch.equal(a.val, b.val)
    assert not torch.equal(a.test, c.test)


def test_temporal_split_holds_out_each_users_latest() -> None:
    data = graph(min_count=1)
    split = temporal_split(data, test_fraction=0.2, val_fraction=0.2)
    assert_partition(data, split)
    users, times = data[RATES].edge_index[0], data[RATES].time
    total = per_user(data, torch.arange(data[RATES].num_edges))
    tested = per_user(data, split.test)
    assert (tested[total < 5] == 0).all()
    assert np.array_equal(
        tested[total >= 5], np.maximum(np.floor(total[total >= 5] * 0.2 + 0.5), 1)
    )
    for u in users.unique():
        test_times = times[split.test][users[split.test] == u]
        rest = torch.cat([split.train, split.val])
        rest_times = times[rest][users[rest] == u]
        if test_times.numel():
            assert rest_times.max() <= test_times.min()
        val_times = times[split.val][users[split.val] == u]
        if val_times.numel():
            assert times[split.train][users[split.train] == u].max() <= val_times.min()


def test_holdout_latest_breaks_timestamp_ties_by_position() -> None:
    users = np.zeros(6, dtype=np.int64)
    held = holdout_latest(users, np.array([5, 5, 5, 5, 5, 5]), 0.34)
    assert held.tolist() == [False, False, False, False, True, True]


def test_validation_split_has_no_test_and_covers_everything() -> None:
    data = graph()
    split = validation_split(data)
    assert split.test.numel() == 0
    assert_partition(data, split)


def test_overlap_is_refused() -> None:
    leaky = Split(torch.tensor([0, 1, 2]), torch.tensor([3]), torch.tensor([2, 4]))
    with pytest.raises(ValueError, match="train/test"):
        check_disjoint(leaky)


def write_udata(path: Path, rows: pd.DataFrame) -> Path:
    rows[["userId", "movieId", "rating", "timestamp"]].to_csv(
        path, sep="\t", header=False, index=False
    )
    return path


def test_split_files_reproduce_a_published_split(tmp_path: Path) -> None:
    data = graph()
    users, movies = data[RATES].edge_index
    frame = pd.DataFrame(
        {
            "userId": data["user"].node_id[users].numpy(),
            "movieId": data["movie"].node_id[movies].numpy(),
            "rating": 4,
            "timestamp": data[RATES].time.numpy(),
        }
    )
    test_rows = frame.sample(frac=0.2, random_state=0)
    train_file = write_udata(tmp_path / "u1.base", frame.drop(test_rows.index))
    test_file = write_udata(tmp_path / "u1.test", test_rows)
    split = split_from_files(data, train_file, test_file, seed=0)
    assert_partition(data, split)
    assert sorted(split.test.tolist()) == sorted(test_rows.index.tolist())
    stray = pd.concat([test_rows, test_rows.head(1).assign(movieId=10**6)])
    with pytest.raises(ValueError, match="not ratings"):
        split_from_files(data, train_file, write_udata(tmp_path / "bad.test", stray), seed=0)
