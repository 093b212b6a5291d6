"""Frames -> HeteroData: node order, edge order, selection rules and the fingerprint."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import torch

from gnn.data import (
    HAS_MOVIE,
    IN_GENRE,
    RATED_BY,
    RATES,
    GraphFrames,
    SelectOptions,
    build_graph,
    fingerprint,
    frames_from_files,
    graphs_equal,
    sample_user_ids,
    select,
)
from tests.movielens_fixture import write_csv_dataset

pytestmark = pytest.mark.unit


def random_frames(
    seed: int = 0, users: int = 12, movies: int = 9, ratings: int = 40
) -> GraphFrames:
    """Sparse ids (gaps, unsorted rows) so index maps are really exercised."""
    rng = np.random.default_rng(seed)
    user_ids = rng.choice(np.arange(1, 10 * users), users, replace=False)
    movie_ids = rng.choice(np.arange(1, 10 * movies), movies, replace=False)
    genre_pool = ["Action", "Comedy", "Drama", "Horror"]
    movie_frame = pd.DataFrame(
        {
            "movieId": movie_ids.astype("int64"),
            "title": [f"m{i}" for i in movie_ids],
            "genres": [
                list(rng.choice(genre_pool, rng.integers(0, 3), replace=False)) for _ in movie_ids
            ],
        }
    )
    pairs = {(int(rng.choice(user_ids)), int(rng.choice(movie_ids))) for _ in range(ratings)}
    pairs_arr = np.array(sorted(pairs))
    rng.shuffle(pairs_arr)
    rating_frame = pd.DataFrame(
        {
            "userId": pairs_arr[:, 0].astype("int64"),
            "movieId": pairs_arr[:, 1].astype("int64"),
            "rating": rng.integers(1, 11, len(pairs_arr)) / 2.0,
            "timestamp": rng.integers(10**9, 2 * 10**9, len(pairs_arr)).astype("int64"),
        }
    )
    return GraphFrames(rating_frame, movie_frame, "tiny")


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_nodes_sorted_and_every_movie_present(seed: int) -> None:
    frames = random_frames(seed)
    data = build_graph(frames)
    assert torch.equal(data["user"].node_id, torch.as_tensor(np.unique(frames.ratings["userId"])))
    assert torch.equal(data["movie"].node_id, torch.as_tensor(np.sort(frames.movies["movieId"])))
    assert data["movie"].num_nodes == len(frames.movies)  # rated or not
    assert data["genre"].name == sorted({g for gs in frames.movies["genres"] for g in gs})
    assert data.dataset == "tiny"


@pytest.mark.parametrize("seed", [0, 1])
def test_rating_edges_sorted_and_carry_their_row(seed: int) -> None:
    frames = random_frames(seed)
    data = build_graph(frames)
    users, movies = data[RATES].edge_index
    keys = users * data["movie"].num_nodes + movies
    assert bool((keys[1:] > keys[:-1]).all())
    lookup = frames.ratings.set_index(["userId", "movieId"])
    for e in range(data[RATES].num_edges):
        uid = int(data["user"].node_id[users[e]])
        mid = int(data["movie"].node_id[movies[e]])
        row = lookup.loc[(uid, mid)]
        assert data[RATES].rating[e] == pytest.approx(row["rating"])
        assert int(data[RATES].time[e]) == row["timestamp"]
    assert data[RATES].rating.dtype == torch.float32
    assert data[RATES].time.dtype == torch.long


def test_reverse_edges_mirror_forward_edges() -> None:
    data = build_graph(random_frames())
    forward = set(map(tuple, data[RATES].edge_index.T.tolist()))
    backward = {(u, m) for m, u in data[RATED_BY].edge_index.T.tolist()}
    assert forward == backward
    genre_pairs = set(map(tuple, data[IN_GENRE].edge_index.T.tolist()))
    assert genre_pairs == {(m, g) for g, m in data[HAS_MOVIE].edge_index.T.tolist()}
    assert data[RATED_BY].rating.sum() == pytest.approx(data[RATES].rating.sum())


def test_genre_edges_match_movie_genres() -> None:
    frames = random_frames()
    data = build_graph(frames)
    names = data["genre"].name
    by_movie = dict(zip(frames.movies["movieId"], frames.movies["genres"], strict=True))
    for m, g in data[IN_GENRE].edge_index.T.tolist():
        assert names[g] in by_movie[int(data["movie"].node_id[m])]
    assert data[IN_GENRE].num_edges == sum(len(g) for g in frames.movies["genres"])


def test_repeated_rating_keeps_the_last_and_unknown_movie_fails() -> None:
    frames = random_frames()
    first = frames.ratings.iloc[[0]].assign(rating=0.5)
    doubled = GraphFrames(pd.concat([first, frames.ratings]), frames.movies)
    assert graphs_equal(build_graph(doubled), build_graph(frames))
    stray = frames.ratings.iloc[[0]].assign(movieId=10**6)
    with pytest.raises(ValueError, match="movie"):
        build_graph(GraphFrames(pd.concat([frames.ratings, stray]), frames.movies))


def test_row_order_does_not_change_graph_or_fingerprint() -> None:
    frames = random_frames()
    shuffled = GraphFrames(
        frames.ratings.sample(frac=1.0, random_state=3),
        frames.movies.sample(frac=1.0, random_state=4),
    )
    a, b = build_graph(frames), build_graph(shuffled)
    assert graphs_equal(a, b)
    assert fingerprint(a) == fingerprint(b)


def test_fingerprint_changes_with_the_data() -> None:
    frames = random_frames()
    changed = GraphFrames(
        frames.ratings.assign(
            rating=frames.ratings["rating"].where(frames.ratings.index != 0, 9.0)
        ),
        frames.movies,
    )
    assert fingerprint(build_graph(frames)) != fingerprint(build_graph(changed))
    assert not graphs_equal(build_graph(frames), build_graph(changed))
    assert not graphs_equal(build_graph(frames), build_graph(random_frames(seed=5)))


def test_select_filters() -> None:
    frames = random_frames(ratings=80)
    median_time = int(frames.ratings["timestamp"].median())
    picked = select(frames, SelectOptions(min_rating=3.0, before=median_time))
    assert (picked.ratings["rating"] >= 3.0).all()
    assert (picked.ratings["timestamp"] < median_time).all()
    assert len(picked.movies) == len(frames.movies)
    by_genre = select(frames, SelectOptions(genres=["Horror"]))
    assert all("Horror" in g for g in by_genre.movies["genres"])
    assert by_genre.ratings["movieId"].isin(by_genre.movies["movieId"]).all()


@pytest.mark.parametrize("n", [1, 3, 100])
def test_user_sample_is_reproducible_from_ids(n: int) -> None:
    frames = random_frames(ratings=80)
    options = SelectOptions(min_rating=2.0, sample_users=n, seed=7)
    picked = select(frames, options)
    eligible = frames.ratings.loc[frames.ratings["rating"] >= 2.0, "userId"].to_numpy()
    expected = sample_user_ids(eligible[::-1], n, 7)  # order of the ids does not matter
    assert set(picked.ratings["userId"]) == set(expected)
    assert len(expected) == min(n, len(np.unique(eligible)))
    assert graphs_equal(build_graph(picked), build_graph(select(frames, options)))


def test_frames_from_files_reads_through_the_parser(tmp_path: Path) -> None:
    write_csv_dataset(tmp_path / "ml-latest-small")
    frames = frames_from_files(tmp_path / "ml-latest-small")
    data = build_graph(frames)
    assert data[RATES].num_edges == len(frames.ratings) > 0
    assert data["movie"].num_nodes == len(frames.movies)
