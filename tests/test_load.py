"""`python -m ingest.load` against the real Neo4j: exact counts, reruns, bad rows, crashes."""

import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from neo4j import Driver

from graphdb import cypher
from tests.conftest import ROOT, TestNeo4j
from tests.movielens_fixture import (
    write_1m_dataset,
    write_100k_dataset,
    write_bad_csv_dataset,
    write_csv_dataset,
)

pytestmark = pytest.mark.integration

WRITERS = {"csv": write_csv_dataset, "100k": write_100k_dataset, "dat": write_1m_dataset}
NAMES = {"csv": "ml-latest-small", "100k": "ml-100k", "dat": "ml-1m"}


def run_loader(
    server: TestNeo4j, *args: str | Path, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ingest.load", *map(str, args)],
        cwd=ROOT,
        env=server.env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def counts(driver: Driver) -> dict[str, int]:
    return driver.execute_query(cypher("graph_counts")).records[0].data()


def ratings_in_db(driver: Driver) -> list[tuple]:
    records = driver.execute_query(
        "MATCH (u:User)-[r:RATED]->(m:Movie) "
        "RETURN u.userId AS u, m.movieId AS m, r.rating AS r, r.timestamp AS t"
    ).records
    return sorted((r["u"], r["m"], r["r"], r["t"]) for r in records)


@pytest.mark.parametrize("fmt", ["csv", "100k", "dat"])
def test_each_format_loads_exact_counts(
    fmt: str, clean_db: Driver, neo4j_server: TestNeo4j, tmp_path: Path
) -> None:
    expected = WRITERS[fmt](tmp_path / NAMES[fmt])
    result = run_loader(neo4j_server, "--source", tmp_path / NAMES[fmt], "--dataset", NAMES[fmt])
    assert result.returncode == 0, result.stderr
    got = counts(clean_db)
    assert {k: got[k] for k in expected} == expected
    assert "rows rejected: 0" in result.stdout


def test_exact_properties(clean_db: Driver, neo4j_server: TestNeo4j, tmp_path: Path) -> None:
    write_csv_dataset(tmp_path / "ml-latest-small")
    assert run_loader(neo4j_server, "--source", tmp_path / "ml-latest-small").returncode == 0
    movie = clean_db.execute_query(
        "MATCH (m:Movie {movieId: 3}) RETURN m.title AS title, m.year AS year, "
        "m.imdbId AS imdb, m.tmdbId AS tmdb"
    ).records[0]
    assert movie.data() == {
        "title": "American President, The (1995)",
        "year": 1995,
        "imdb": "0112346",
        "tmdb": 9087,
    }
    genres = clean_db.execute_query(
        "MATCH (:Movie {movieId: 4})-[:IN_GENRE]->(g) RETURN count(g) AS n"
    ).records[0]["n"]
    assert genres == 0  # "(no genres listed)" is not a genre
    assert ratings_in_db(clean_db)[1] == (1, 3, 4.5, 964981247)
    tag = clean_db.execute_query(
        "MATCH (:User {userId: 3})-[t:TAGGED]->(:Movie {movieId: 5}) RETURN t.tag AS tag"
    ).records[0]["tag"]
    assert tag == "classic"


def test_100k_demographics_and_latin1(
    clean_db: Driver, neo4j_server: TestNeo4j, tmp_path: Path
) -> None:
    write_100k_dataset(tmp_path / "ml-100k")
    assert run_loader(neo4j_server, "--source", tmp_path / "ml-100k").returncode == 0
    user = (
        clean_db.execute_query(
            "MATCH (u:User {userId: 1}) RETURN u.age AS age, u.gender AS gender, "
            "u.occupation AS occupation"
        )
        .records[0]
        .data()
    )
    assert user == {"age": 24, "gender": "M", "occupation": "technician"}
    title = clean_db.execute_query("MATCH (m:Movie {movieId: 3}) RETURN m.title AS t").records
    assert title[0]["t"] == "Misérables, Les (1995)"
    unknown = clean_db.execute_query("MATCH (g:Genre {name: 'unknown'}) RETURN count(g) AS n")
    assert unknown.records[0]["n"] == 0


def test_rerun_changes_nothing(clean_db: Driver, neo4j_server: TestNeo4j, tmp_path: Path) -> None:
    write_csv_dataset(tmp_path / "ml-latest-small")
    assert run_loader(neo4j_server, "--source", tmp_path / "ml-latest-small").returncode == 0
    before, rated = counts(clean_db), ratings_in_db(clean_db)
    again = run_loader(neo4j_server, "--source", tmp_path / "ml-latest-small")
    assert again.returncode == 0, again.stderr
    assert counts(clean_db) == before
    assert ratings_in_db(clean_db) == rated
    assert "created 0 nodes and 0 relationships" in again.stdout


def test_zip_equals_folder(clean_db: Driver, neo4j_server: TestNeo4j, tmp_path: Path) -> None:
    folder = tmp_path / "ml-latest-small"
    expected = write_csv_dataset(folder)
    archive = tmp_path / "ml-latest-small.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for file in folder.iterdir():
            zf.write(file, f"ml-latest-small/{file.name}")
    result = run_loader(neo4j_server, "--source", archive)
    assert result.returncode == 0, result.stderr
    got = counts(clean_db)
    assert {k: got[k] for k in expected} == expected


def test_bad_rows_are_listed_with_line_numbers(
    clean_db: Driver, neo4j_server: TestNeo4j, tmp_path: Path
) -> None:
    bad = write_bad_csv_dataset(tmp_path / "ml-latest-small")
    rejects = tmp_path / "rejects.csv"
    result = run_loader(
        neo4j_server, "--source", tmp_path / "ml-latest-small", "--rejects", rejects
    )
    assert result.returncode == 0, result.stderr
    assert f"rows rejected: {len(bad)}" in result.stdout
    lines = rejects.read_text().splitlines()[1:]
    by_line = {int(row.split(",")[1]): row for row in lines if row.startswith("ratings.csv")}
    assert sorted(by_line) == sorted(bad)
    for line, part in bad.items():
        assert part in by_line[line].lower()
    assert counts(clean_db)["ratings"] == 6


def test_strict_writes_nothing(clean_db: Driver, neo4j_server: TestNeo4j, tmp_path: Path) -> None:
    write_bad_csv_dataset(tmp_path / "ml-latest-small")
    result = run_loader(
        neo4j_server,
        "--source",
        tmp_path / "ml-latest-small",
        "--strict",
        "--rejects",
        tmp_path / "rejects.csv",
    )
    assert result.returncode != 0
    assert "ratings.csv:8" in result.stderr
    assert counts(clean_db) == {
        "users": 0,
        "movies": 0,
        "genres": 0,
        "ratings": 0,
        "inGenre": 0,
        "tags": 0,
    }


def test_not_movielens_is_one_clear_error(
    clean_db: Driver, neo4j_server: TestNeo4j, tmp_path: Path
) -> None:
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "notes.txt").write_text("hello")
    result = run_loader(neo4j_server, "--source", tmp_path / "junk")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "junk" in result.stderr


def test_refuses_to_mix_datasets_without_reset(
    clean_db: Driver, neo4j_server: TestNeo4j, tmp_path: Path
) -> None:
    write_csv_dataset(tmp_path / "ml-latest-small")
    expected = write_100k_dataset(tmp_path / "ml-100k")
    assert run_loader(neo4j_server, "--source", tmp_path / "ml-latest-small").returncode == 0
    refused = run_loader(neo4j_server, "--source", tmp_path / "ml-100k")
    assert refused.returncode != 0
    assert "ml-latest-small" in refused.stderr and "--reset" in refused.stderr
    replaced = run_loader(neo4j_server, "--source", tmp_path / "ml-100k", "--reset", "--yes")
    assert replaced.returncode == 0, replaced.stderr
    got = counts(clean_db)
    assert {k: got[k] for k in expected} == expected


@pytest.mark.slow
def test_killed_load_resumes_exactly(
    clean_db: Driver, neo4j_server: TestNeo4j, tmp_path: Path
) -> None:
    from ingest.parsers import read_dataset
    from ingest.synthetic import generate

    source = tmp_path / "synthetic"
    generate(300_000, source, seed=3)
    args = [sys.executable, "-m", "ingest.load", "--source", str(source), "--dataset", "synthetic"]
    proc = subprocess.Popen(
        args, cwd=ROOT, env=neo4j_server.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        done = clean_db.execute_query("MATCH (d:Dataset) RETURN d.ratingsDone AS n").records
        if done and done[0]["n"] and done[0]["n"] > 0:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the load finished before it could be killed: make it bigger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = counts(clean_db)["ratings"]
    assert 0 < partial < 300_000
    result = run_loader(neo4j_server, "--source", source, "--dataset", "synthetic")
    assert result.returncode == 0, result.stderr
    parsed = read_dataset(source, "synthetic")
    expected = sorted(parsed.ratings.itertuples(index=False, name=None))
    assert ratings_in_db(clean_db) == expected


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "users", "movies", "genres", "ratings"),
    [
        ("ml-latest-small", 610, 9742, 19, 100836),
        ("ml-100k", 943, 1682, 18, 100000),
    ],
)
def test_real_movielens_counts(
    name: str,
    users: int,
    movies: int,
    genres: int,
    ratings: int,
    clean_db: Driver,
    neo4j_server: TestNeo4j,
    shared_movielens: Path,
) -> None:
    result = run_loader(
        neo4j_server, "--source", shared_movielens / name, "--dataset", name, "--reset", "--yes"
    )
    assert result.returncode == 0, result.stderr
    got = counts(clean_db)
    assert (got["users"], got["movies"], got["genres"], got["ratings"]) == (
        users,
        movies,
        genres,
        ratings,
    )
    placeholders = clean_db.execute_query(
        "MATCH (g:Genre) WHERE g.name IN ['(no genres listed)', 'unknown'] RETURN count(g) AS n"
    )
    assert placeholders.records[0]["n"] == 0
