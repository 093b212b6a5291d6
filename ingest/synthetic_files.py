"""Synthetic tables written exactly as GroupLens lays out each format, so one parser reads both.

Titles carry what trips parsers in the real files: a trailing "(year)" (sometimes missing),
commas that force CSV quoting, and latin-1 letters ("Misérables") that must survive both the UTF-8
and the latin-1 formats. Some movies have no genre, written as each format's placeholder.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd

from ingest.formats import ML1M_OCCUPATIONS, NO_GENRES

_CSV = [
    "Action", "Adventure", "Animation", "Children", "Comedy", "Crime", "Documentary", "Drama",
    "Fantasy", "Film-Noir", "Horror", "IMAX", "Musical", "Mystery", "Romance", "Sci-Fi",
    "Thriller", "War", "Western",
]  # fmt: skip
_OLD = [g.replace("Children", "Children's") for g in _CSV if g != "IMAX"]
GENRES: dict[str, list[str]] = {"csv": _CSV, "100k": ["unknown", *_OLD], "dat": _OLD}

WORDS = [
    "Night", "Summer", "River", "Last", "Dark", "Blue", "Secret", "Long", "Road", "Silent",
    "City", "Man", "Woman", "Game", "Love", "War", "Star", "Dream", "Heart", "Ghost",
    "Misérables", "Café", "Amélie", "Noël", "Fire", "Island", "Return", "Little", "Big", "Wild",
    "Lost", "Golden", "Iron", "Paper", "Glass", "Winter", "Garden", "Stranger", "Money",
]  # fmt: skip
OCCUPATIONS_100K = [
    "administrator", "artist", "doctor", "educator", "engineer", "entertainment", "executive",
    "healthcare", "homemaker", "lawyer", "librarian", "marketing", "none", "other", "programmer",
    "retired", "salesman", "scientist", "student", "technician", "writer",
]  # fmt: skip
AGE_GROUPS_1M = (1, 18, 25, 35, 45, 50, 56)
TAG_WORDS = (
    "funny",
    "classic",
    "twist ending",
    "atmospheric",
    "sci-fi, classic",
    'so-called "art"',
)

Ratings = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # user idx, movie idx, rating, time


def write_files(
    rng: np.random.Generator,
    out: Path,
    fmt: str,
    n_users: int,
    movie_ids: np.ndarray,
    movie_cluster: np.ndarray,
    cluster_genres: list[str],
    ratings: Ratings,
    *,
    n_tags: int = 0,
    links: bool = False,
) -> list[Path]:
    """Write the files of `fmt` into `out`; users are numbered 1..n_users as in MovieLens."""
    out.mkdir(parents=True, exist_ok=True)
    movies = movie_table(rng, movie_ids, movie_cluster, cluster_genres, GENRES[fmt])
    users, movie_idx, rating, timestamp = ratings
    table = pd.DataFrame(
        {
            "userId": users + 1,
            "movieId": movie_ids[movie_idx],
            "rating": rating,
            "timestamp": timestamp,
        }
    )
    if fmt == "csv":
        return _write_csv(rng, out, movies, table, n_tags, links)
    people = user_table(rng, n_users, fmt)
    if fmt == "100k":
        return _write_100k(out, movies, table, people)
    return _write_dat(out, movies, table, people)


def movie_table(
    rng: np.random.Generator,
    movie_ids: np.ndarray,
    movie_cluster: np.ndarray,
    cluster_genres: list[str],
    genres: list[str],
) -> pd.DataFrame:
    """movieId, title, genres (list: the cluster's genre first, sometimes one or two more).

    1% of movies get no genre where the format has a placeholder for that (not ml-1m's).
    """
    n = len(movie_ids)
    words = np.array(WORDS, dtype=object)
    first, second = words[rng.integers(0, len(words), n)], words[rng.integers(0, len(words), n)]
    years = rng.integers(1920, 2019, n)
    article = rng.random(n) < 0.1
    dated = rng.random(n) >= 0.02
    titles = [
        f"{a} {b} {i}{', The' if t else ''}" + (f" ({y})" if d else "")
        for a, b, i, t, y, d in zip(first, second, movie_ids, article, years, dated, strict=True)
    ]
    real = [g for g in genres if g != "unknown"]
    extra = np.array(real, dtype=object)[rng.integers(0, len(real), (n, 2))]
    more = rng.random((n, 2)) < (0.5, 0.15)
    bare = rng.random(n) < (0.01 if genres[0] == "unknown" or "IMAX" in genres else 0.0)
    lists = [
        [] if none else list(dict.fromkeys([cluster_genres[c], *e[m]]))
        for c, e, m, none in zip(movie_cluster, extra, more, bare, strict=True)
    ]
    return pd.DataFrame({"movieId": movie_ids, "title": titles, "genres": lists})


def user_table(rng: np.random.Generator, n_users: int, fmt: str) -> pd.DataFrame:
    """Demographics for the formats that have them (ml-1m stores codes, ml-100k words)."""
    if fmt == "dat":
        age = np.array(AGE_GROUPS_1M)[rng.integers(0, len(AGE_GROUPS_1M), n_users)]
        occupation = rng.integers(0, len(ML1M_OCCUPATIONS), n_users)
    else:
        age = rng.integers(7, 74, n_users)
        occupation = np.array(OCCUPATIONS_100K, dtype=object)[
            rng.integers(0, len(OCCUPATIONS_100K), n_users)
        ]
    return pd.DataFrame(
        {
            "userId": np.arange(1, n_users + 1),
            "age": age,
            "gender": np.where(rng.random(n_users) < 0.3, "F", "M"),
            "occupation": occupation,
            "zip": [f"{z:05d}" for z in rng.integers(0, 100_000, n_users)],
        }
    )


def _write_csv(
    rng: np.random.Generator,
    out: Path,
    movies: pd.DataFrame,
    ratings: pd.DataFrame,
    n_tags: int,
    links: bool,
) -> list[Path]:
    genres = movies["genres"].map(lambda g: "|".join(g) if g else NO_GENRES)
    files = [out / "movies.csv", out / "ratings.csv"]
    movies.assign(genres=genres).to_csv(files[0], index=False)
    stars = np.array([f"{half / 2:.1f}" for half in range(11)], dtype=object)  # as text: faster
    ratings = ratings.assign(rating=stars[np.round(ratings["rating"] * 2).astype(np.int64)])
    ratings.to_csv(files[1], index=False, chunksize=1_000_000)
    if n_tags:
        files.append(out / "tags.csv")
        tag_table(rng, ratings, n_tags).to_csv(files[-1], index=False)
    if links:
        files.append(out / "links.csv")
        link_table(rng, movies["movieId"].to_numpy()).to_csv(files[-1], index=False)
    return files


def tag_table(rng: np.random.Generator, ratings: pd.DataFrame, n_tags: int) -> pd.DataFrame:
    """Tags on rated movies, some with commas and quotes so tags.csv needs CSV quoting."""
    rows = ratings.iloc[np.sort(rng.integers(0, len(ratings), n_tags))]
    words = np.array(TAG_WORDS, dtype=object)[rng.integers(0, len(TAG_WORDS), n_tags)]
    return pd.DataFrame(
        {
            "userId": rows["userId"].to_numpy(),
            "movieId": rows["movieId"].to_numpy(),
            "tag": words,
            "timestamp": rows["timestamp"].to_numpy() + rng.integers(1, 3600, n_tags),
        }
    )


def link_table(rng: np.random.Generator, movie_ids: np.ndarray) -> pd.DataFrame:
    """IMDb ids with their leading zeros; a few movies without a TMDb id, as in the real file."""
    tmdb = pd.array(rng.integers(1, 500_000, len(movie_ids)), dtype="Int64")
    tmdb[rng.random(len(movie_ids)) < 0.03] = pd.NA
    imdb = [f"{i:07d}" for i in rng.integers(1, 9_999_999, len(movie_ids))]
    return pd.DataFrame({"movieId": movie_ids, "imdbId": imdb, "tmdbId": tmdb})


def _write_100k(
    out: Path, movies: pd.DataFrame, ratings: pd.DataFrame, users: pd.DataFrame
) -> list[Path]:
    genres = GENRES["100k"]
    flags = np.array([[g in set(gs) or (g == "unknown" and not gs) for g in genres]
                      for gs in movies["genres"]], dtype=np.int64)  # fmt: skip
    item = pd.DataFrame(
        {
            "movieId": movies["movieId"],
            "title": movies["title"],
            "released": "01-Jan-" + movies["title"].str.extract(r"\((\d{4})\)$", expand=False),
            "video": "",
            "url": "http://us.imdb.com/M/title-exact?" + movies["movieId"].astype(str),
        }
    )
    item = pd.concat([item, pd.DataFrame(flags, columns=genres)], axis=1)
    files = [out / name for name in ("u.genre", "u.item", "u.user", "u.data")]
    files[0].write_text("".join(f"{g}|{i}\n" for i, g in enumerate(genres)) + "\n", "latin-1")
    for frame, path, sep in (
        (item, files[1], "|"),
        (users, files[2], "|"),
        (ratings, files[3], "\t"),
    ):
        frame.astype({"rating": np.int64} if "rating" in frame else {}).to_csv(
            path, sep=sep, header=False, index=False, encoding="latin-1", quoting=csv.QUOTE_NONE,
            chunksize=1_000_000,
        )  # fmt: skip
    return files


def _write_dat(
    out: Path, movies: pd.DataFrame, ratings: pd.DataFrame, users: pd.DataFrame
) -> list[Path]:
    """`::` is two characters, which pandas cannot write: empty columns between ':' do it."""
    movies = movies.assign(genres=movies["genres"].map("|".join))
    ratings = ratings.astype({"rating": np.int64})
    users = users[["userId", "gender", "age", "occupation", "zip"]]
    files = [out / name for name in ("movies.dat", "users.dat", "ratings.dat")]
    for frame, path in zip((movies, users, ratings), files, strict=True):
        _colon_spaced(frame).to_csv(
            path, sep=":", header=False, index=False, encoding="latin-1", quoting=csv.QUOTE_NONE,
            chunksize=1_000_000,
        )  # fmt: skip
    return files


def _colon_spaced(frame: pd.DataFrame) -> pd.DataFrame:
    """Columns a, b, c -> a, "", b, "", c: written with sep ':' that reads a::b::c."""
    spaced = pd.DataFrame(index=frame.index)
    for i, column in enumerate(frame.columns):
        if i:
            spaced[f"gap{i}"] = ""
        spaced[column] = frame[column]
    return spaced
