"""The three MovieLens layouts, each turned into the same raw tables.

Every reader returns frames indexed by physical line number with the columns the parser checks
next: movies [movieId, title, genres(list)], ratings [userId, movieId, rating, timestamp], users
[userId, age, gender, occupation, zip] where the release has them, tags and links where it has them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ingest.rejects import RejectLog
from ingest.sources import NotMovieLens, SourceFiles
from ingest.tables import TableSpec, read_table

NO_GENRES = "(no genres listed)"  # the CSV releases' placeholder, not a genre
UNKNOWN_GENRE = "unknown"  # ml-100k's placeholder flag, not a genre
RATING_FIELDS = ("userId", "movieId", "rating", "timestamp")
ID_FIELDS = ("userId", "movieId", "timestamp")

# users.dat stores occupations as codes; the names are those of the ml-1m README.
ML1M_OCCUPATIONS = (
    "other", "academic/educator", "artist", "clerical/admin", "college/grad student",
    "customer service", "doctor/health care", "executive/managerial", "farmer", "homemaker",
    "K-12 student", "lawyer", "programmer", "retired", "sales/marketing", "scientist",
    "self-employed", "technician/engineer", "tradesman/craftsman", "unemployed", "writer",
)  # fmt: skip

MOVIES_CSV = TableSpec(
    "movies.csv", ("movieId", "title", "genres"), header=True, quoted=True, ints=("movieId",)
)
RATINGS_CSV = TableSpec(
    "ratings.csv", RATING_FIELDS, header=True, ints=ID_FIELDS, floats=("rating",)
)
TAGS_CSV = TableSpec(
    "tags.csv", ("userId", "movieId", "tag", "timestamp"), header=True, quoted=True, ints=ID_FIELDS
)
LINKS_CSV = TableSpec(
    "links.csv", ("movieId", "imdbId", "tmdbId"), header=True, ints=("movieId", "tmdbId"),
    optional=("tmdbId",),
)  # fmt: skip
U_DATA = TableSpec("u.data", RATING_FIELDS, sep="\t", ints=ID_FIELDS, floats=("rating",))
U_USER = TableSpec(
    "u.user", ("userId", "age", "gender", "occupation", "zip"), sep="|", encoding="latin-1",
    ints=("userId", "age"),
)  # fmt: skip
MOVIES_DAT = TableSpec(
    "movies.dat", ("movieId", "title", "genres"), sep="::", encoding="latin-1", ints=("movieId",)
)
RATINGS_DAT = TableSpec(
    "ratings.dat", RATING_FIELDS, sep="::", encoding="latin-1", ints=ID_FIELDS, floats=("rating",)
)
USERS_DAT = TableSpec(
    "users.dat", ("userId", "gender", "age", "occupation", "zip"), sep="::", encoding="latin-1",
    ints=("userId", "age", "occupation"),
)  # fmt: skip


@dataclass
class RawTables:
    """What one release holds, before the checks that need more than one file."""

    movies: pd.DataFrame
    ratings: pd.DataFrame
    users: pd.DataFrame | None = None
    tags: pd.DataFrame | None = None
    links: pd.DataFrame | None = None
    movies_file: str = "movies.csv"
    ratings_file: str = "ratings.csv"
    users_file: str | None = None


def split_genres(genres: pd.Series, placeholder: str) -> pd.Series:
    """Pipe-separated names -> lists; the placeholder means "no genre", not a genre called that."""
    lists = [[g for g in str(text).split("|") if g and g != placeholder] for text in genres]
    return pd.Series(lists, index=genres.index, dtype=object)


def read_csv_release(files: SourceFiles, log: RejectLog) -> RawTables:
    """ml-latest-small, ml-25m, ml-32m, ml-latest: UTF-8 CSV with a header line."""
    movies = read_table(files, MOVIES_CSV, log)
    movies = movies.assign(genres=split_genres(movies["genres"], NO_GENRES))
    ratings = read_table(files, RATINGS_CSV, log)
    tags = read_table(files, TAGS_CSV, log) if files.has("tags.csv") else None
    links = read_table(files, LINKS_CSV, log) if files.has("links.csv") else None
    return RawTables(movies, ratings, tags=tags, links=links)


def read_100k_release(files: SourceFiles, log: RejectLog) -> RawTables:
    """ml-100k: tab-separated u.data, pipe-separated latin-1 u.item/u.user, genre flags."""
    names = read_genre_names(files)
    flags = tuple(f"genre{i}" for i in range(len(names)))
    item = TableSpec(
        "u.item", ("movieId", "title", "released", "video_released", "imdb_url", *flags), sep="|",
        encoding="latin-1", ints=("movieId", *flags),
        optional=("released", "video_released", "imdb_url"),
    )  # fmt: skip
    movies = read_table(files, item, log)
    movies = _genres_from_flags(movies, flags, names, log)
    ratings = read_table(files, U_DATA, log)
    users = read_table(files, U_USER, log) if files.has("u.user") else None
    return RawTables(movies, ratings, users, None, None, "u.item", "u.data", "u.user")


def read_genre_names(files: SourceFiles) -> list[str]:
    """u.genre lists `name|index`; the flag columns of u.item follow the indexes."""
    text = files.read_bytes("u.genre").decode("latin-1")
    pairs: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, _, index = line.rpartition("|")
        if not name or not index.strip().isdigit():
            raise NotMovieLens(
                f"{files.label('u.genre')}: line {number} is {line[:60]!r}, expected 'genre|index'"
            )
        pairs.append((int(index), name))
    if [i for i, _ in sorted(pairs)] != list(range(len(pairs))) or not pairs:
        raise NotMovieLens(f"{files.label('u.genre')}: indexes are not 0..n-1 (or it is empty)")
    return [name for _, name in sorted(pairs)]


def _genres_from_flags(
    movies: pd.DataFrame, flags: tuple[str, ...], names: list[str], log: RejectLog
) -> pd.DataFrame:
    """One 0/1 column per genre -> a list of names; any other flag value rejects the movie."""
    matrix = movies[list(flags)].to_numpy(np.int64)
    bad_cells = (matrix != 0) & (matrix != 1)
    bad = pd.Series(bad_cells.any(axis=1), index=movies.index)
    if bad.any():
        first = bad_cells[bad.to_numpy()].argmax(axis=1)
        values = matrix[bad.to_numpy()][np.arange(len(first)), first]
        why = [
            f"genre flag {names[c]}={v} is not 0 or 1" for c, v in zip(first, values, strict=True)
        ]
        movies = log.drop(movies, bad, "u.item", pd.Series(why, index=movies.index[bad]))
        matrix = matrix[~bad.to_numpy()]
    labels = np.array(names, dtype=object)
    keep = labels != UNKNOWN_GENRE
    genres = [list(labels[keep][row[keep] == 1]) for row in matrix]
    return movies[["movieId", "title"]].assign(genres=pd.Series(genres, movies.index, dtype=object))


def read_dat_release(files: SourceFiles, log: RejectLog) -> RawTables:
    """ml-1m: `::`-separated latin-1 files; users.dat codes its occupations."""
    movies = read_table(files, MOVIES_DAT, log)
    movies = movies.assign(genres=split_genres(movies["genres"], NO_GENRES))
    ratings = read_table(files, RATINGS_DAT, log)
    users = None
    if files.has("users.dat"):
        users = _occupation_names(read_table(files, USERS_DAT, log), log)
    return RawTables(movies, ratings, users, None, None, "movies.dat", "ratings.dat", "users.dat")


def _occupation_names(users: pd.DataFrame, log: RejectLog) -> pd.DataFrame:
    codes = users["occupation"]
    bad = (codes < 0) | (codes >= len(ML1M_OCCUPATIONS))
    why = "occupation code " + codes[bad].astype(str) + f" not in 0..{len(ML1M_OCCUPATIONS) - 1}"
    users = log.drop(users, bad, "users.dat", why)
    names = np.array(ML1M_OCCUPATIONS, dtype=object)[users["occupation"].to_numpy()]
    return users.assign(occupation=pd.Series(names, index=users.index, dtype=str))


READERS: dict[str, Callable[[SourceFiles, RejectLog], RawTables]] = {
    "csv": read_csv_release,
    "100k": read_100k_release,
    "dat": read_dat_release,
}
