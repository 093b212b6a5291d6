"""Seeded MovieLens-format data of any size, with structure a recommender can find.

Real MovieLens tops out at 32M ratings and cannot ship with tests; this writes look-alike files in
any of the three formats. Activity and popularity are heavy-tailed like the real data, and every
user and movie belongs to a taste cluster tied to a genre: users mostly rate, and rate higher, the
movies of their own cluster, so a model that learns nothing scores visibly worse than one that does.

    python -m ingest.synthetic --ratings 1000000 --out var/synthetic --seed 0 --format csv
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import numpy as np
import typer

from ingest.movielens import SCALES, Format
from ingest.synthetic_files import GENRES, write_files
from ingest.synthetic_sampling import sample_pairs

IN_CLUSTER = 0.8  # share of a user's ratings drawn from their own cluster
DEFAULT_CLUSTERS = 12


@dataclass
class Synthetic:
    """What was written, plus the planted truth (clusters) to check a model against."""

    out_dir: Path
    files: list[Path]
    fmt: Format
    user_ids: np.ndarray
    user_cluster: np.ndarray
    movie_ids: np.ndarray
    movie_cluster: np.ndarray
    cluster_genres: list[str]
    n_ratings: int


def default_sizes(n_ratings: int) -> tuple[int, int]:
    """About 150 ratings per user (as in ml-25m) and a catalogue growing like the square root.

    Small runs get more users than that, so no user needs more than a quarter of the catalogue.
    """
    n_movies = max(100, int(8 * np.sqrt(n_ratings)))
    n_users = max(10, n_ratings // 150, -(-n_ratings // (n_movies // 4)))
    return n_users, n_movies


def generate(
    n_ratings: int,
    out_dir: Path | str,
    *,
    seed: int = 0,
    n_users: int | None = None,
    n_movies: int | None = None,
    fmt: Format = "csv",
    n_clusters: int | None = None,
    n_tags: int = 0,
    links: bool = False,
) -> Synthetic:
    """Write `n_ratings` distinct (user, movie) ratings and the files that go with them.

    The same arguments always write the same bytes. `n_tags`/`links` add tags.csv/links.csv
    (CSV format only, as in ml-latest-small).
    """
    n_users, n_movies = checked_sizes(n_ratings, n_users, n_movies, fmt)
    if (n_tags or links) and fmt != "csv":
        raise ValueError("tags and links exist only in the csv format (as in ml-latest-small)")
    rng = np.random.default_rng(seed)
    genres = [g for g in GENRES[fmt] if g not in ("unknown", "IMAX")]
    clusters = min(n_clusters or DEFAULT_CLUSTERS, len(genres), n_movies)
    user_cluster = rng.integers(0, clusters, n_users)
    movie_cluster = rng.permutation(np.arange(n_movies) % clusters)
    counts = activity(rng, n_ratings, n_users, n_movies)
    popularity = rng.permutation(1.0 / (np.arange(n_movies) + 10.0) ** 0.9)
    users, movies = sample_pairs(rng, counts, user_cluster, movie_cluster, popularity, IN_CLUSTER)
    ratings = rating_values(rng, users, movies, user_cluster, movie_cluster, SCALES[fmt])
    timestamps = rating_times(rng, users, counts)
    movie_ids = np.sort(rng.choice(np.arange(1, 3 * n_movies + 1), n_movies, replace=False))
    out = Path(out_dir)
    files = write_files(
        rng, out, fmt, n_users, movie_ids, movie_cluster, genres[:clusters],
        (users, movies, ratings, timestamps), n_tags=n_tags, links=links,
    )  # fmt: skip
    return Synthetic(
        out, files, fmt, np.arange(1, n_users + 1), user_cluster, movie_ids, movie_cluster,
        genres[:clusters], len(users),
    )  # fmt: skip


def checked_sizes(
    n_ratings: int, n_users: int | None, n_movies: int | None, fmt: str
) -> tuple[int, int]:
    """Fill in the default sizes and refuse the impossible before any work is done."""
    default_users, default_movies = default_sizes(n_ratings)
    n_users, n_movies = n_users or default_users, n_movies or default_movies
    if fmt not in SCALES:
        raise ValueError(f"format {fmt!r} is not one of {', '.join(SCALES)}")
    if n_ratings < 1 or n_ratings > n_users * (n_movies // 2):
        raise ValueError(
            f"{n_ratings} ratings do not fit {n_users} users x {n_movies} movies "
            "(at least 1, at most half of all pairs); raise n_users or n_movies"
        )
    return n_users, n_movies


def activity(rng: np.random.Generator, n_ratings: int, n_users: int, n_movies: int) -> np.ndarray:
    """Ratings per user: a floor (MovieLens keeps users with 20+), then a Pareto tail.

    Nobody rates more than half the catalogue, so distinct movies can always be found.
    """
    floor = max(1, min(20, n_ratings // (3 * n_users)))
    cap = max(floor, n_movies // 2)
    weights = rng.pareto(1.2, n_users) + 1.0
    counts = np.full(n_users, floor, dtype=np.int64)
    left = n_ratings - counts.sum()
    while left > 0:
        room = cap - counts
        share = weights * (room > 0)
        extra = np.minimum(rng.multinomial(left, share / share.sum()), room)
        counts += extra
        left = n_ratings - counts.sum()
    return counts


def rating_values(
    rng: np.random.Generator,
    users: np.ndarray,
    movies: np.ndarray,
    user_cluster: np.ndarray,
    movie_cluster: np.ndarray,
    scale: tuple[float, float, float],
) -> np.ndarray:
    """User leniency + movie quality + taste match + noise, snapped to the format's scale."""
    low, high, step = scale
    leniency = rng.normal(0.0, 0.35, len(user_cluster))
    quality = rng.normal(0.0, 0.5, len(movie_cluster))
    match = np.where(user_cluster[users] == movie_cluster[movies], 0.7, -0.6)
    raw = 3.3 + leniency[users] + quality[movies] + match + rng.normal(0.0, 0.6, len(users))
    snapped = low + np.round((raw - low) / step) * step
    return np.clip(snapped, low, high)


def rating_times(rng: np.random.Generator, users: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Strictly increasing per user (rows are grouped by user), spread over one to five years."""
    start = rng.integers(946_684_800, 1_514_764_800, len(counts))  # 2000 .. 2018
    span = rng.uniform(30 * 86_400, 5 * 365 * 86_400, len(counts))
    gaps = 1 + np.floor(rng.exponential(1.0, len(users)) * (span / counts)[users]).astype(np.int64)
    elapsed = np.cumsum(gaps)
    first_row = np.concatenate([[0], np.cumsum(counts)[:-1]])
    before_user = np.repeat(elapsed[first_row] - gaps[first_row], counts)
    return start[users] + elapsed - before_user


def main(
    ratings: Annotated[int, typer.Option(help="How many ratings to write (distinct pairs).")],
    out: Annotated[Path, typer.Option(help="Folder to write the files into (created if missing).")],
    seed: Annotated[
        int, typer.Option(help="Random seed: the same seed writes the same files.")
    ] = 0,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            help="csv: movies.csv + ratings.csv (ml-latest-small layout, half stars); 100k: "
            "u.data, u.item, u.user, u.genre (ml-100k); dat: movies.dat, ratings.dat, users.dat "
            "(ml-1m). 100k and dat have whole stars.",
        ),
    ] = "csv",
    users: Annotated[int | None, typer.Option(help="Users (default: ratings/150, >= 10).")] = None,
    movies: Annotated[
        int | None, typer.Option(help="Movies (default: 8*sqrt(ratings), >= 100).")
    ] = None,
    clusters: Annotated[
        int | None, typer.Option(help="Taste clusters, one genre each (default 12).")
    ] = None,
    tags: Annotated[int, typer.Option(help="Also write this many tags (csv only).")] = 0,
    links: Annotated[bool, typer.Option(help="Also write links.csv (csv only).")] = False,
) -> None:
    """Write a seeded synthetic MovieLens dataset that `ingest.parsers.read_dataset` can read."""
    began = time.perf_counter()
    try:
        made = generate(
            ratings, out, seed=seed, n_users=users, n_movies=movies, fmt=fmt,  # type: ignore[arg-type]
            n_clusters=clusters, n_tags=tags, links=links,
        )  # fmt: skip
    except ValueError as e:
        raise typer.BadParameter(str(e)) from e
    seconds = time.perf_counter() - began
    print(
        f"wrote {made.n_ratings:,} ratings, {len(made.user_ids):,} users, "
        f"{len(made.movie_ids):,} movies ({made.fmt}) to {made.out_dir} in {seconds:.1f}s"
    )


if __name__ == "__main__":
    typer.run(main)
