"""The MovieLens parser on tiny hand-written files in each format, plus the real copies if present.

Every fixture has bad rows on known lines: the tests assert exactly those lines and reasons.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ingest.movielens import NotMovieLens, detect_dataset
from ingest.parsers import ParsedDataset, Reject, read_dataset, write_rejects

pytestmark = pytest.mark.unit

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "movielens"

MOVIES_CSV = """movieId,title,genres
1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy
2,"American President, The (1995)",Comedy|Drama|Romance
3,Babylon 5 (1994-1998),Sci-Fi
4,Unknown Thing,(no genres listed)
5,Misérables (1998) ,Drama
5,Duplicate (2001),Drama
x,Not a Number (1990),Drama
"""
RATINGS_CSV = """userId,movieId,rating,timestamp
1,1,4.0,964982703
1,2,4.5,964981247
1,99999,4.0,964981248
2,1,7.0,964982224
2,2,3.3,964982225
2,3,0.5,964983815
1,1,3.0,964982704
3,5,5.0
3,abc,5.0,964982931
3,4,2.0,964982400

4,5,1.0,964982402
"""
TAGS_CSV = """userId,movieId,tag,timestamp
2,1,pixar,1445714994
5,3,"sci-fi, classic",1445714996
2,424242,lost,1445714997
"""
LINKS_CSV = """movieId,imdbId,tmdbId
1,0114709,862
2,0112346,9087
3,0105946,
4,tt123,12
77,0000001,1
"""
CSV_REJECTS = [
    ("links.csv", 5, "imdbId 'tt123' is not a number"),
    ("links.csv", 6, "unknown movieId 77 (not in movies.csv)"),
    ("movies.csv", 7, "duplicate movieId 5 (first on line 6)"),
    ("movies.csv", 8, "movieId 'x' is not a number"),
    ("ratings.csv", 4, "unknown movieId 99999 (not in movies.csv)"),
    ("ratings.csv", 5, "rating 7.0 outside 0.5..5.0"),
    ("ratings.csv", 6, "rating 3.3 not a multiple of 0.5"),
    ("ratings.csv", 8, "duplicate rating of movieId 1 by userId 1 (first on line 2)"),
    ("ratings.csv", 9, "missing field timestamp"),
    ("ratings.csv", 10, "movieId 'abc' is not a number"),
    ("tags.csv", 4, "unknown movieId 424242 (not in movies.csv)"),
]

GENRES_100K = [
    "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary",
    "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi",
    "Thriller", "War", "Western",
]  # fmt: skip


def flags(*names: str) -> str:
    return "|".join("1" if g in names else "0" for g in GENRES_100K)


TOY_STORY_FLAGS = flags("Animation", "Children's", "Comedy")
U_ITEM = "\n".join(
    [
        f"1|Toy Story (1995)|01-Jan-1995||http://x|{TOY_STORY_FLAGS}",
        f"2|Misérables, Les (1995)|01-Jan-1995||http://x|{flags('Drama')}",
        f"3|unknown|||http://x|{flags('unknown')}",
        f"4|Bad Flag (1996)|01-Jan-1996||http://x|{flags('Drama').replace('0', '2', 2)}",
        f"5|Land Before Time III (1995) (V)|01-Jan-1995||http://x|{flags('Animation')}",
    ]
)
U_DATA = "1\t1\t5\t874965758\n1\t2\t3\t876893171\n2\t1\t4\t878542960\n2\t3\t6\t876893119\n"
U_DATA += "2\t9\t3\t889751712\n1\t1\t4\t875071561\n3\t2\t2\t875072484\n2\t5\t1\t875072485\n"
U_USER = "1|24|M|technician|85711\n2|53|F|other|94043\n"
REJECTS_100K = [
    ("u.data", 4, "rating 6.0 outside 1.0..5.0"),
    ("u.data", 5, "unknown movieId 9 (not in u.item)"),
    ("u.data", 6, "duplicate rating of movieId 1 by userId 1 (first on line 1)"),
    ("u.data", 7, "unknown userId 3 (not in u.user)"),
    ("u.item", 4, "genre flag unknown=2 is not 0 or 1"),
]

MOVIES_DAT = """1::Toy Story (1995)::Animation|Children's|Comedy
2::Misérables, Les (1995)::Drama
3::Star Wars: Episode IV - A New Hope (1977)::Action|Sci-Fi
"""
USERS_DAT = "1::F::1::10::48067\n2::M::56::16::70072\n3::M::25::21::55117\n"
RATINGS_DAT = """1::1::5::978300760
1::3::3::978302109
2::2::0::978301968
2::3::4.5::978300275
3::1::4::978824291
2::1::4::978824292
"""
REJECTS_DAT = [
    ("ratings.dat", 3, "rating 0.0 outside 1.0..5.0"),
    ("ratings.dat", 4, "rating 4.5 not a multiple of 1.0"),
    ("ratings.dat", 5, "unknown userId 3 (not in users.dat)"),
    ("users.dat", 3, "occupation code 21 not in 0..20"),
]


def write(folder: Path, files: dict[str, str], encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_bytes(text.encode(encoding))
    return folder


def csv_release(folder: Path) -> Path:
    files = {"movies.csv": MOVIES_CSV, "ratings.csv": RATINGS_CSV}
    return write(folder, files | {"tags.csv": TAGS_CSV, "links.csv": LINKS_CSV})


def release_100k(folder: Path) -> Path:
    genre = "".join(f"{g}|{i}\n" for i, g in enumerate(GENRES_100K)) + "\n"
    files = {"u.genre": genre, "u.item": U_ITEM + "\n", "u.data": U_DATA, "u.user": U_USER}
    return write(folder, files, "latin-1")


def release_dat(folder: Path) -> Path:
    files = {"movies.dat": MOVIES_DAT, "users.dat": USERS_DAT, "ratings.dat": RATINGS_DAT}
    return write(folder, files, "latin-1")


def triples(rejects: list[Reject]) -> list[tuple[str, int, str]]:
    return sorted((r.file, r.line, r.reason) for r in rejects)


def zipped(folder: Path, archive: Path) -> Path:
    """A GroupLens-style zip: every file under one folder named like the archive."""
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(folder.iterdir()):
            zf.write(path, f"{archive.stem}/{path.name}")
    return archive


def test_csv_tables_and_types(tmp_path: Path) -> None:
    parsed = read_dataset(csv_release(tmp_path / "ml-latest-small"))
    assert parsed.dataset == "ml-latest-small" and parsed.scale == (0.5, 5.0, 0.5)
    movies = parsed.movies.set_index("movieId")
    assert list(movies.index) == [1, 2, 3, 4, 5]
    assert movies.loc[2, "title"] == "American President, The (1995)"
    assert movies.loc[5, "title"] == "Misérables (1998) " and movies.loc[5, "year"] == 1998
    assert movies.loc[3, "year"] == 1994 and pd.isna(movies.loc[4, "year"])
    assert movies.loc[4, "genres"] == [] and movies.loc[3, "genres"] == ["Sci-Fi"]
    assert parsed.genres == sorted(
        ["Adventure", "Animation", "Children", "Comedy", "Drama", "Fantasy", "Romance", "Sci-Fi"]
    )
    ratings = parsed.ratings
    assert ratings[["userId", "movieId"]].values.tolist() == [
        [1, 1],
        [1, 2],
        [2, 3],
        [3, 4],
        [4, 5],
    ]
    assert ratings.dtypes.astype(str).tolist() == ["int64", "int64", "float64", "int64"]
    assert parsed.users["userId"].tolist() == [1, 2, 3, 4, 5]  # 5 has only a tag
    assert parsed.users["age"].isna().all() and str(parsed.movies["year"].dtype) == "Int64"
    assert parsed.tags is not None and parsed.tags["tag"].tolist() == ["pixar", "sci-fi, classic"]
    assert parsed.links is not None and parsed.links["imdbId"].tolist() == [
        "0114709",
        "0112346",
        "0105946",
    ]
    assert parsed.links["tmdbId"].tolist()[:2] == [862, 9087] and pd.isna(parsed.links["tmdbId"][2])


def test_csv_rejects_name_file_line_and_reason(tmp_path: Path) -> None:
    parsed = read_dataset(csv_release(tmp_path / "data"))
    assert triples(parsed.rejects) == CSV_REJECTS


def test_too_many_fields_keeps_line_numbers(tmp_path: Path) -> None:
    """A row with extra fields sends the file down the slow path; every verdict must stay put."""
    folder = csv_release(tmp_path / "data")
    (folder / "ratings.csv").write_text(RATINGS_CSV + "4,4,3.0,964982403,extra\n4,3,2.5,9649\n")
    parsed = read_dataset(folder)
    assert triples(parsed.rejects) == sorted(
        [*CSV_REJECTS, ("ratings.csv", 14, "too many fields (5, expected 4)")]
    )
    assert len(parsed.ratings) == 6


@pytest.mark.parametrize("first_row", ["1,1,4.0,964982703,", "1,1,4.0,964982703,9"])
def test_extra_field_on_first_row_is_not_swallowed(tmp_path: Path, first_row: str) -> None:
    folder = write(tmp_path / "d", {"movies.csv": MOVIES_CSV})
    (folder / "ratings.csv").write_text(
        f"userId,movieId,rating,timestamp\n{first_row}\n1,2,4.0,1\n"
    )
    assert triples(read_dataset(folder).rejects)[-1] == (
        "ratings.csv",
        2,
        "too many fields (5, expected 4)",
    )


def test_quoted_line_break_is_refused_and_shifts_later_lines(tmp_path: Path) -> None:
    """MovieLens fields never span lines: an unclosed quote must not swallow rows unnoticed."""
    movies = 'movieId,title,genres\n1,"Two\nLines (2000)",Drama\n2,Again (2001),Drama\n'
    movies += "2,Duplicate (2002),Drama\n"
    ratings = "userId,movieId,rating,timestamp\n"
    parsed = read_dataset(write(tmp_path / "d", {"movies.csv": movies, "ratings.csv": ratings}))
    assert triples(parsed.rejects) == [
        ("movies.csv", 2, "quoted field runs over lines 2-3 (unclosed quote?)"),
        ("movies.csv", 5, "duplicate movieId 2 (first on line 4)"),
    ]
    assert parsed.movies["year"].tolist() == [2001]


def test_numbers_that_are_not_quite_numbers(tmp_path: Path) -> None:
    ratings = "userId,movieId,rating,timestamp\n1,1,4.0,5\n3,2,4.0,99999999999999999999\n"
    ratings += "1,2,inf,5\n2,1,nan,7\n2,2,True,8\n2.5,1,4.0,9\n"
    folder = write(tmp_path / "d", {"movies.csv": MOVIES_CSV, "ratings.csv": ratings})
    assert [r for r in triples(read_dataset(folder).rejects) if r[0] == "ratings.csv"] == [
        ("ratings.csv", 3, "timestamp 1e+20 is out of range"),
        ("ratings.csv", 4, "rating inf outside 0.5..5.0"),
        ("ratings.csv", 5, "rating 'nan' is not a number"),
        ("ratings.csv", 6, "rating 'True' is not a number"),
        ("ratings.csv", 7, "userId 2.5 is not a whole number"),
    ]


def test_crlf_line_endings(tmp_path: Path) -> None:
    folder = write(
        tmp_path / "d",
        {
            "movies.csv": MOVIES_CSV.replace("\n", "\r\n"),
            "ratings.csv": RATINGS_CSV.replace("\n", "\r\n"),
        },
    )
    parsed = read_dataset(folder)
    assert [r for r in triples(parsed.rejects) if r[0] == "ratings.csv"] == CSV_REJECTS[4:10]
    assert parsed.movies["title"].tolist()[0] == "Toy Story (1995)"


def test_100k(tmp_path: Path) -> None:
    parsed = read_dataset(release_100k(tmp_path / "anything"))
    assert parsed.dataset == "ml-100k" and parsed.scale == (1.0, 5.0, 1.0)
    assert triples(parsed.rejects) == REJECTS_100K
    movies = parsed.movies.set_index("movieId")
    assert list(movies.index) == [1, 2, 3, 5]
    assert movies.loc[2, "title"] == "Misérables, Les (1995)"
    assert movies.loc[1, "genres"] == ["Animation", "Children's", "Comedy"]
    assert movies.loc[3, "genres"] == [] and movies.loc[5, "year"] == 1995
    assert parsed.genres == ["Animation", "Children's", "Comedy", "Drama"]
    assert parsed.ratings["rating"].tolist() == [5.0, 3.0, 4.0, 1.0]
    assert parsed.users.to_dict("records")[0] == {
        "userId": 1,
        "age": 24,
        "gender": "M",
        "occupation": "technician",
        "zip": "85711",
    }
    assert parsed.tags is None and parsed.links is None


def test_1m_dat(tmp_path: Path) -> None:
    parsed = read_dataset(release_dat(tmp_path / "ml-1m"))
    assert parsed.dataset == "ml-1m" and triples(parsed.rejects) == REJECTS_DAT
    assert parsed.movies["title"].tolist()[1:] == [
        "Misérables, Les (1995)",
        "Star Wars: Episode IV - A New Hope (1977)",
    ]
    assert parsed.movies["year"].tolist() == [1995, 1995, 1977]
    users = parsed.users.set_index("userId")
    assert users.loc[1, "occupation"] == "K-12 student" and users.loc[1, "age"] == 1
    assert users.loc[2, "occupation"] == "self-employed" and users.loc[2, "age"] == 56
    assert parsed.ratings[["userId", "movieId"]].values.tolist() == [[1, 1], [1, 3], [2, 1]]


@pytest.mark.parametrize("make", [csv_release, release_100k, release_dat])
def test_zip_equals_folder(tmp_path: Path, make: Callable[[Path], Path]) -> None:
    folder = make(tmp_path / "src" / "ml-data")
    archive = zipped(folder, tmp_path / "ml-data.zip")
    from_folder, from_zip = read_dataset(folder), read_dataset(archive)
    assert_same(from_folder, from_zip)


def assert_same(a: ParsedDataset, b: ParsedDataset) -> None:
    assert (a.dataset, a.scale, a.genres, a.rejects) == (b.dataset, b.scale, b.genres, b.rejects)
    for name in ("movies", "ratings", "users", "tags", "links"):
        left, right = getattr(a, name), getattr(b, name)
        if left is None:
            assert right is None
        else:
            pd.testing.assert_frame_equal(left, right)


def test_detect_dataset_names(tmp_path: Path) -> None:
    assert detect_dataset(csv_release(tmp_path / "ml-latest-small")) == "ml-latest-small"
    assert detect_dataset(csv_release(tmp_path / "my-export")) == "my-export"
    assert detect_dataset(zipped(tmp_path / "my-export", tmp_path / "ml-25m.zip")) == "ml-25m"
    assert detect_dataset(release_100k(tmp_path / "u")) == "ml-100k"
    assert detect_dataset(release_dat(tmp_path / "d")) == "ml-1m"


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"README.txt": "hello"}, "is not a MovieLens dataset: expected ratings.csv"),
        ({"movies.csv": MOVIES_CSV, "ratings.csv": "a,b,c\n1,2,3\n"}, "ratings.csv is not a"),
        (
            {"u.data": "1\t1\t5\t1\n", "u.item": "", "u.genre": "nonsense\n"},
            "expected 'genre|index'",
        ),
        ({"movies.dat": "hello world\nnothing here\n", "ratings.dat": ""}, "none of its 2 rows"),
    ],
)
def test_not_movielens_is_one_clear_error(tmp_path: Path, files: dict, message: str) -> None:
    folder = write(tmp_path / "junk", files)
    with pytest.raises(NotMovieLens, match=message) as caught:
        read_dataset(folder)
    assert str(tmp_path / "junk") in str(caught.value)


def test_binary_and_non_utf8_files(tmp_path: Path) -> None:
    folder = release_100k(tmp_path / "a")
    (folder / "u.data").write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(NotMovieLens, match=r"u\.data is a binary file"):
        read_dataset(folder)
    folder = csv_release(tmp_path / "b")
    (folder / "movies.csv").write_bytes(MOVIES_CSV.encode("latin-1"))
    with pytest.raises(NotMovieLens, match=r"movies\.csv is not utf-8 text"):
        read_dataset(folder)
    (tmp_path / "fake.zip").write_text("not a zip")
    with pytest.raises(NotMovieLens, match="neither a folder nor a zip"):
        read_dataset(tmp_path / "fake.zip")


def test_write_rejects(tmp_path: Path) -> None:
    rejects = read_dataset(csv_release(tmp_path / "d")).rejects
    path = write_rejects(rejects, tmp_path / "out" / "rejects.csv")
    back = pd.read_csv(path)
    assert list(back.columns) == ["file", "line", "reason"]
    assert sorted(back.itertuples(index=False, name=None)) == CSV_REJECTS


@pytest.mark.skipif(not (SHARED / "ml-latest-small").is_dir(), reason="no real MovieLens copy")
def test_real_ml_latest_small() -> None:
    parsed = read_dataset(SHARED / "ml-latest-small")
    assert (len(parsed.users), len(parsed.movies), len(parsed.genres)) == (610, 9742, 19)
    assert (len(parsed.ratings), len(parsed.rejects)) == (100_836, 0)
    assert parsed.tags is not None and len(parsed.tags) == 3683
    assert parsed.links is not None and len(parsed.links) == 9742
    assert np.isin(parsed.ratings["rating"].unique(), np.arange(0.5, 5.01, 0.5)).all()


@pytest.mark.skipif(not (SHARED / "ml-100k").is_dir(), reason="no real MovieLens copy")
def test_real_ml_100k() -> None:
    parsed = read_dataset(SHARED / "ml-100k")
    assert (len(parsed.users), len(parsed.movies), len(parsed.genres)) == (943, 1682, 18)
    assert (len(parsed.ratings), len(parsed.rejects)) == (100_000, 0)
    assert "unknown" not in parsed.genres
