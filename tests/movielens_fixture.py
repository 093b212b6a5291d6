"""Tiny MovieLens datasets written by the tests themselves, in each supported file format.

Each writer returns the exact counts a correct load must produce, so the tests can assert them.
"""

from pathlib import Path

CSV_MOVIES = """movieId,title,genres
1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy
2,Jumanji (1995),Adventure|Children|Fantasy
3,"American President, The (1995)",Comedy|Drama|Romance
4,Unknown Thing,(no genres listed)
5,Misérables (1998),Drama
"""
CSV_RATINGS = """userId,movieId,rating,timestamp
1,1,4.0,964982703
1,3,4.5,964981247
2,1,3.0,964982224
2,2,0.5,964983815
3,5,5.0,964982931
3,3,2.0,964982400
"""
CSV_TAGS = """userId,movieId,tag,timestamp
2,1,pixar,1445714994
3,5,classic,1445714996
"""
CSV_LINKS = """movieId,imdbId,tmdbId
1,0114709,862
2,0113497,8844
3,0112346,9087
4,0000004,
5,0120866,4415
"""

ITEM_100K = [
    "1|Toy Story (1995)|01-Jan-1995||http://x|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0",
    "2|GoldenEye (1995)|01-Jan-1995||http://x|0|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0|1|0|0",
    "3|Misérables, Les (1995)|01-Jan-1995||http://x|0|0|0|0|0|0|0|0|1|0|0|0|0|0|0|0|0|0|0",
    "4|unknown|||http://x|1|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0",
]
GENRES_100K = (
    "unknown|0\nAction|1\nAdventure|2\nAnimation|3\nChildren's|4\nComedy|5\nCrime|6\n"
    "Documentary|7\nDrama|8\nFantasy|9\nFilm-Noir|10\nHorror|11\nMusical|12\nMystery|13\n"
    "Romance|14\nSci-Fi|15\nThriller|16\nWar|17\nWestern|18\n\n"
)


def write_csv_dataset(folder: Path) -> dict[str, int]:
    """ml-latest-small format, with tags, links and a movie with no genres."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in [
        ("movies.csv", CSV_MOVIES),
        ("ratings.csv", CSV_RATINGS),
        ("tags.csv", CSV_TAGS),
        ("links.csv", CSV_LINKS),
    ]:
        (folder / name).write_text(text, encoding="utf-8")
    return {"users": 3, "movies": 5, "genres": 7, "ratings": 6, "tags": 2, "inGenre": 12}


def write_100k_dataset(folder: Path) -> dict[str, int]:
    """ml-100k format: tab-separated u.data, pipe-separated latin-1 u.item, u.user, u.genre."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "u.data").write_text(
        "1\t1\t5\t874965758\n1\t2\t3\t876893171\n2\t1\t4\t888550871\n"
        "2\t3\t2\t888551000\n3\t2\t1\t878542960\n",
        encoding="latin-1",
    )
    (folder / "u.item").write_text("\n".join(ITEM_100K) + "\n", encoding="latin-1")
    (folder / "u.user").write_text(
        "1|24|M|technician|85711\n2|53|F|other|94043\n3|23|M|writer|32067\n", encoding="latin-1"
    )
    (folder / "u.genre").write_text(GENRES_100K, encoding="latin-1")
    return {"users": 3, "movies": 4, "genres": 7, "ratings": 5, "tags": 0, "inGenre": 7}


def write_1m_dataset(folder: Path) -> dict[str, int]:
    """ml-1m format: `::`-separated latin-1 .dat files."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "movies.dat").write_text(
        "1::Toy Story (1995)::Animation|Children's|Comedy\n"
        "2::Jumanji (1995)::Adventure|Children's|Fantasy\n"
        "3::Misérables, Les (1995)::Drama\n",
        encoding="latin-1",
    )
    (folder / "ratings.dat").write_text(
        "1::1::5::978300760\n1::2::3::978302109\n2::3::4::978301968\n", encoding="latin-1"
    )
    (folder / "users.dat").write_text(
        "1::F::1::10::48067\n2::M::56::16::70072\n", encoding="latin-1"
    )
    return {"users": 2, "movies": 3, "genres": 6, "ratings": 3, "tags": 0, "inGenre": 7}


def write_bad_csv_dataset(folder: Path) -> dict[int, str]:
    """ml-latest-small format with one bad rating row of each kind; returns {line: reason part}."""
    write_csv_dataset(folder)
    bad = (
        CSV_RATINGS
        + "4,1\n"  # line 8: missing fields
        + "4,1,abc,964982703\n"  # line 9: not a number
        + "4,2,7.0,964982703\n"  # line 10: off the scale
        + "4,99,4.0,964982703\n"  # line 11: unknown movie
        + "1,1,2.0,964982999\n"
    )  # line 12: duplicate (user 1, movie 1)
    (folder / "ratings.csv").write_text(bad, encoding="utf-8")
    return {8: "field", 9: "abc", 10: "7", 11: "99", 12: "duplicate"}
