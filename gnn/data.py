"""MovieLens frames -> one PyG `HeteroData` graph, the same whether read from files or Neo4j.

Both sources (files via `ingest.parsers`, Neo4j via `gnn.export`) hand over the same two frames and
call `build_graph`, so a model trained on either sees identical node order and edges, and
`fingerprint` can tell whether a saved checkpoint was trained on exactly this data.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from torch_geometric.data import HeteroData

RATES = ("user", "rates", "movie")
RATED_BY = ("movie", "rated_by", "user")
IN_GENRE = ("movie", "in_genre", "genre")
HAS_MOVIE = ("genre", "has_movie", "movie")


@dataclass
class GraphFrames:
    """Ratings [userId, movieId, rating, timestamp] and movies [movieId, genres, (title, year)]."""

    ratings: pd.DataFrame
    movies: pd.DataFrame
    dataset: str | None = None


@dataclass
class SelectOptions:
    """Which part of the data to train on; the Neo4j exporter applies the same rules in Cypher.

    `before` is unix seconds (keep ratings strictly older); `genres` keeps movies having at least
    one of them and only their ratings; `sample_users` draws users from those left after the other
    filters, with `sample_user_ids`, so the exporter can reproduce the draw.
    """

    min_rating: float | None = None
    before: int | None = None
    genres: list[str] | None = None
    sample_users: int | None = None
    seed: int = 0


def frames_from_files(source: Path | str, dataset: str | None = None) -> GraphFrames:
    """Read MovieLens files with the ingest parser, so files and Neo4j share one parsing rule."""
    from ingest.parsers import read_dataset

    parsed = read_dataset(Path(source), dataset)
    return GraphFrames(parsed.ratings, parsed.movies, parsed.dataset)


def sample_user_ids(user_ids: np.ndarray, n: int, seed: int) -> np.ndarray:
    """A deterministic function of (sorted distinct ids, n, seed): Neo4j and pandas agree on it."""
    ids = np.unique(np.asarray(user_ids, dtype=np.int64))
    if n >= len(ids):
        return ids
    return np.sort(np.random.default_rng(seed).choice(ids, size=n, replace=False))


def select(frames: GraphFrames, options: SelectOptions) -> GraphFrames:
    """Apply the rating filters first, then the genre filter, then the user sample."""
    ratings, movies = frames.ratings, frames.movies
    if options.min_rating is not None:
        ratings = ratings[ratings["rating"] >= options.min_rating]
    if options.before is not None:
        ratings = ratings[ratings["timestamp"] < options.before]
    if options.genres:
        wanted = set(options.genres)
        movies = movies[movies["genres"].map(lambda genres: not wanted.isdisjoint(genres))]
        ratings = ratings[ratings["movieId"].isin(movies["movieId"])]
    if options.sample_users is not None:
        chosen = sample_user_ids(ratings["userId"].to_numpy(), options.sample_users, options.seed)
        ratings = ratings[ratings["userId"].isin(chosen)]
    return GraphFrames(
        ratings.reset_index(drop=True), movies.reset_index(drop=True), frames.dataset
    )


def _index_of(ids: np.ndarray, values: np.ndarray, what: str) -> np.ndarray:
    """Position of each value in the sorted id array; unknown ids are a data error, not a skip."""
    pos = np.searchsorted(ids, values).clip(max=max(len(ids) - 1, 0))
    if len(values) and (len(ids) == 0 or not np.array_equal(ids[pos], values)):
        raise ValueError(f"ratings refer to {what} ids missing from the {what} frame")
    return pos


def _rates_edges(ratings: pd.DataFrame, movie_ids: np.ndarray) -> tuple[np.ndarray, ...]:
    """Edges sorted by (user, movie); a repeated (user, movie) keeps its last rating."""
    ratings = ratings.drop_duplicates(["userId", "movieId"], keep="last")
    user_ids = np.unique(ratings["userId"].to_numpy(np.int64))
    users = _index_of(user_ids, ratings["userId"].to_numpy(np.int64), "user")
    movies = _index_of(movie_ids, ratings["movieId"].to_numpy(np.int64), "movie")
    order = np.lexsort((movies, users))
    rating = ratings["rating"].to_numpy(np.float32)[order]
    time = ratings["timestamp"].to_numpy(np.int64)[order]
    return user_ids, users[order], movies[order], rating, time


def _genre_edges(movies: pd.DataFrame) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(movie, genre) pairs for the genres present in the movies frame, sorted."""
    names = sorted({g for genres in movies["genres"] for g in genres})
    lookup = {name: i for i, name in enumerate(names)}
    pairs = sorted({(m, lookup[g]) for m, genres in enumerate(movies["genres"]) for g in genres})
    arr = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    return names, arr[:, 0], arr[:, 1]


def _edge_index(src: np.ndarray, dst: np.ndarray) -> torch.Tensor:
    return torch.as_tensor(np.stack([src, dst]).astype(np.int64)).reshape(2, -1)


def build_graph(frames: GraphFrames) -> HeteroData:
    """User, movie and genre nodes with sorted ids; rating edges and their reverses in fixed order.

    Every movie of the movies frame is a node, rated or not, so write-back covers the catalogue.
    """
    movies = frames.movies.sort_values("movieId", kind="stable").reset_index(drop=True)
    movie_ids = movies["movieId"].to_numpy(np.int64)
    if len(np.unique(movie_ids)) != len(movie_ids):
        raise ValueError("the movies frame repeats a movieId")
    user_ids, users, movie_idx, rating, time = _rates_edges(frames.ratings, movie_ids)
    names, genre_movie, genre_idx = _genre_edges(movies)

    data = HeteroData()
    data["user"].node_id = torch.as_tensor(user_ids)
    data["user"].num_nodes = len(user_ids)
    data["movie"].node_id = torch.from_numpy(movie_ids.copy())
    data["movie"].num_nodes = len(movie_ids)
    data["genre"].name = names
    data["genre"].num_nodes = len(names)
    data[RATES].edge_index = _edge_index(users, movie_idx)
    data[RATES].rating = torch.as_tensor(rating)
    data[RATES].time = torch.as_tensor(time)
    back = np.lexsort((users, movie_idx))
    data[RATED_BY].edge_index = _edge_index(movie_idx[back], users[back])
    data[RATED_BY].rating = torch.as_tensor(rating[back])
    data[RATED_BY].time = torch.as_tensor(time[back])
    data[IN_GENRE].edge_index = _edge_index(genre_movie, genre_idx)
    back = np.lexsort((genre_movie, genre_idx))
    data[HAS_MOVIE].edge_index = _edge_index(genre_idx[back], genre_movie[back])
    if frames.dataset is not None:
        data.dataset = frames.dataset
    return data


def fingerprint(data: HeteroData) -> str:
    """sha256 of node ids and edges: equal fingerprints mean a checkpoint fits this graph."""
    digest = hashlib.sha256()
    for tensor in (
        data["user"].node_id,
        data["movie"].node_id,
        data[RATES].edge_index,
        data[RATES].rating.to(torch.float32),
        data[RATES].time,
        data[IN_GENRE].edge_index,
    ):
        digest.update(tensor.contiguous().numpy().tobytes())
        digest.update(b"|")
    digest.update("\x1f".join(data["genre"].name).encode())
    return digest.hexdigest()


def graphs_equal(a: HeteroData, b: HeteroData) -> bool:
    """Same node ids, genre names and edge tensors: the two export paths must agree on this."""
    if a["genre"].name != b["genre"].name or set(a.edge_types) != set(b.edge_types):
        return False
    pairs = [(a[t].node_id, b[t].node_id) for t in ("user", "movie")]
    for edge_type in a.edge_types:
        for key in ("edge_index", "rating", "time"):
            if key in a[edge_type] or key in b[edge_type]:
                if key not in a[edge_type] or key not in b[edge_type]:
                    return False
                pairs.append((a[edge_type][key], b[edge_type][key]))
    return all(x.shape == y.shape and torch.equal(x, y) for x, y in pairs)
