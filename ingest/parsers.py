"""Any MovieLens release (folder or zip, any of the three formats) -> clean, typed frames.

Bad input never passes silently: every refused row becomes a `Reject` naming its file and line,
so the loader can report how much was left out and a person can find and fix it. All checks are
column-wise (pandas), which keeps 10M ratings to seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ingest.formats import READERS, RawTables
from ingest.movielens import dataset_name, detect_format, spec_for
from ingest.rejects import Reject, RejectLog, write_rejects
from ingest.sources import NotMovieLens, SourceFiles

__all__ = ["NotMovieLens", "ParsedDataset", "Reject", "read_dataset", "write_rejects"]

# "Babylon 5 (1994-1998)", "Big Bang Theory, The (2007-)", "Heat (1995) " and ml-100k's
# "Land Before Time III (1995) (V)": the first year of the last dated group counts.
YEAR_PATTERN = r"\((\d{4})(?:\s*[-–]\s*(?:\d{4})?)?\)(?:\s*\([^()\d]*\))*\s*$"


@dataclass
class ParsedDataset:
    """One release, validated.

    movies: movieId int64, title str (as in the file), year Int64, genres list[str].
    ratings: userId int64, movieId int64, rating float64, timestamp int64, in file order.
    users: userId int64, age Int64, gender str, occupation str, zip str; the last four are null
        for the CSV releases, whose users are the distinct userIds of the valid ratings and tags.
    tags: userId, movieId, tag, timestamp (CSV releases with tags.csv, else None).
    links: movieId int64, imdbId str (leading zeros kept), tmdbId Int64 (links.csv, else None).
    genres: sorted names used by at least one movie; scale: (min, max, step) of the ratings.
    """

    dataset: str
    scale: tuple[float, float, float]
    movies: pd.DataFrame
    ratings: pd.DataFrame
    users: pd.DataFrame
    genres: list[str]
    rejects: list[Reject]
    tags: pd.DataFrame | None = None
    links: pd.DataFrame | None = None


def read_dataset(source: Path | str, name: str | None = None) -> ParsedDataset:
    """Parse a folder or zip; `name` overrides the dataset name guessed from the files."""
    log = RejectLog()
    with SourceFiles(Path(source)) as files:
        fmt = detect_format(files)
        spec = spec_for(name or dataset_name(files, fmt), fmt)
        raw = READERS[fmt](files, log)
    movies = _movies(raw, log)
    known_movies = pd.Index(movies["movieId"])
    users = _users(raw.users, raw.users_file, log)
    ratings = _ratings(raw, spec.scale, known_movies, users, log)
    tags = None
    if raw.tags is not None:
        tags = _known(raw.tags, "movieId", known_movies, "tags.csv", raw.movies_file, log)
    links = None
    if raw.links is not None:
        links = _links(raw.links, known_movies, raw.movies_file, log)
    if users is None:
        users = _users_from_activity(ratings, tags)
    used = sorted({genre for genres in movies["genres"] for genre in genres})
    return ParsedDataset(
        dataset=spec.name,
        scale=spec.scale,
        movies=movies.reset_index(drop=True),
        ratings=ratings.reset_index(drop=True),
        users=users.reset_index(drop=True),
        genres=used,
        rejects=log.to_list(),
        tags=None if tags is None else _typed_tags(tags),
        links=links,
    )


def _movies(raw: RawTables, log: RejectLog) -> pd.DataFrame:
    """The year comes from the title, the only place every release keeps it."""
    movies = _unique(raw.movies, "movieId", raw.movies_file, log)
    year = movies["title"].str.extract(YEAR_PATTERN, expand=False)
    return pd.DataFrame(
        {
            "movieId": movies["movieId"].astype(np.int64),
            "title": movies["title"].astype(str),
            "year": pd.to_numeric(year).astype("Int64"),
            "genres": movies["genres"],
        }
    )


def _ratings(
    raw: RawTables,
    scale: tuple[float, float, float],
    known_movies: pd.Index,
    users: pd.DataFrame | None,
    log: RejectLog,
) -> pd.DataFrame:
    """Scale, step, known movie, known user, then first-of-each-(user, movie) among the rest."""
    ratings, file = raw.ratings, raw.ratings_file
    low, high, step = scale
    rating = ratings["rating"].to_numpy(np.float64)
    outside = pd.Series((rating < low) | (rating > high) | np.isnan(rating), index=ratings.index)
    why = "rating " + ratings["rating"][outside].astype(str) + f" outside {low}..{high}"
    ratings = log.drop(ratings, outside, file, why)
    steps = (ratings["rating"].to_numpy(np.float64) - low) / step
    off = pd.Series(np.abs(steps - np.round(steps)) > 1e-6, index=ratings.index)
    why = "rating " + ratings["rating"][off].astype(str) + f" not a multiple of {step}"
    ratings = log.drop(ratings, off, file, why)
    ratings = _known(ratings, "movieId", known_movies, file, raw.movies_file, log)
    if users is not None and raw.users_file is not None:
        known_users = pd.Index(users["userId"])
        ratings = _known(ratings, "userId", known_users, file, raw.users_file, log)
    ratings = _unique_pairs(ratings, file, log)
    return ratings[["userId", "movieId", "rating", "timestamp"]].astype(
        {"userId": np.int64, "movieId": np.int64, "rating": np.float64, "timestamp": np.int64}
    )


def _known(
    frame: pd.DataFrame, column: str, known: pd.Index, file: str, known_file: str, log: RejectLog
) -> pd.DataFrame:
    """Refuse references to ids the file that defines them does not (validly) hold."""
    unknown = ~frame[column].isin(known)
    why = f"unknown {column} " + frame[column][unknown].astype(str) + f" (not in {known_file})"
    return log.drop(frame, unknown, file, why)


def _unique(frame: pd.DataFrame, column: str, file: str, log: RejectLog) -> pd.DataFrame:
    """Keep the first row of each id; later ones name the line of the one that was kept."""
    first = first_positions(frame[column].to_numpy(np.int64))
    repeated = first != np.arange(len(first))
    if not repeated.any():
        return frame
    lines = frame.index.to_numpy()[first[repeated]]
    why = [
        f"duplicate {column} {i} (first on line {n})"
        for i, n in zip(frame[column][repeated], lines, strict=True)
    ]
    return log.drop(
        frame, pd.Series(repeated, frame.index), file, pd.Series(why, frame.index[repeated])
    )


def _unique_pairs(ratings: pd.DataFrame, file: str, log: RejectLog) -> pd.DataFrame:
    """A user rates a movie once; a second rating of the same pair is refused, the first kept."""
    if ratings.empty:
        return ratings
    users = ratings["userId"].to_numpy(np.int64)
    movies = ratings["movieId"].to_numpy(np.int64)
    span = int(movies.max() - movies.min()) + 1
    first = first_positions((users - users.min()) * span + (movies - movies.min()))
    repeated = first != np.arange(len(first))
    if not repeated.any():
        return ratings
    lines = ratings.index.to_numpy()[first[repeated]]
    why = [
        f"duplicate rating of movieId {m} by userId {u} (first on line {n})"
        for u, m, n in zip(users[repeated], movies[repeated], lines, strict=True)
    ]
    return log.drop(
        ratings, pd.Series(repeated, ratings.index), file, pd.Series(why, ratings.index[repeated])
    )


def first_positions(key: np.ndarray) -> np.ndarray:
    """Position of the first row holding each row's key (its own position when it is the first).

    A stable sort keeps equal keys in file order; numpy sorts int64 faster than pandas hashes.
    """
    order = np.argsort(key, kind="stable")
    ordered = key[order]
    starts = np.r_[True, ordered[1:] != ordered[:-1]]
    first = np.empty(len(key), dtype=np.int64)
    first[order] = order[np.maximum.accumulate(np.where(starts, np.arange(len(key)), 0))]
    return first


def _users(users: pd.DataFrame | None, file: str | None, log: RejectLog) -> pd.DataFrame | None:
    """ml-100k and ml-1m list their users; ratings by anyone else are refused later."""
    if users is None or file is None:
        return None
    users = _unique(users, "userId", file, log)
    return pd.DataFrame(
        {
            "userId": users["userId"].astype(np.int64),
            "age": users["age"].astype("Int64"),
            "gender": users["gender"].astype(str),
            "occupation": users["occupation"].astype(str),
            "zip": users["zip"].astype(str),
        }
    )


def _users_from_activity(ratings: pd.DataFrame, tags: pd.DataFrame | None) -> pd.DataFrame:
    """CSV releases have no users file: a user is anyone with a valid rating or tag."""
    ids = [ratings["userId"].to_numpy(np.int64)]
    if tags is not None:
        ids.append(tags["userId"].to_numpy(np.int64))
    user_ids = np.unique(np.concatenate(ids))
    unknown = pd.Series([None] * len(user_ids), dtype=str)
    return pd.DataFrame(
        {
            "userId": user_ids,
            "age": pd.Series([pd.NA] * len(user_ids), dtype="Int64"),
            "gender": unknown,
            "occupation": unknown,
            "zip": unknown,
        }
    )


def _links(
    links: pd.DataFrame, known_movies: pd.Index, movies_file: str, log: RejectLog
) -> pd.DataFrame:
    """IMDb ids stay text: their leading zeros are part of the id (tt0114709)."""
    imdb = links["imdbId"].astype(str)
    not_digits = ~imdb.str.fullmatch(r"\d+")
    links = log.drop(
        links, not_digits, "links.csv", "imdbId '" + imdb[not_digits] + "' is not a number"
    )
    links = _known(links, "movieId", known_movies, "links.csv", movies_file, log)
    links = _unique(links, "movieId", "links.csv", log)
    return pd.DataFrame(
        {
            "movieId": links["movieId"].astype(np.int64),
            "imdbId": links["imdbId"].astype(str),
            "tmdbId": links["tmdbId"].astype("Int64"),
        }
    ).reset_index(drop=True)


def _typed_tags(tags: pd.DataFrame) -> pd.DataFrame:
    return tags.astype(
        {"userId": np.int64, "movieId": np.int64, "tag": str, "timestamp": np.int64}
    ).reset_index(drop=True)
