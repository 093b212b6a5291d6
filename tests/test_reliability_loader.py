"""The loader under the faults real deployments see: Neo4j going away mid-load, and the loader
itself killed (SIGKILL) at random points several times in a row. Real processes, real Neo4j."""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from neo4j import Driver

from graphdb import Neo4jSettings, connect
from ingest.parsers import read_dataset
from ingest.synthetic import generate
from tests.conftest import ROOT, TestNeo4j
from tests.test_load import counts, ratings_in_db

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("reliability") / "synthetic"
    generate(400_000, folder, seed=11)
    return folder


def start_loader(server: TestNeo4j, source: Path, *extra: str) -> subprocess.Popen[str]:
    args = [
        sys.executable,
        "-m",
        "ingest.load",
        "--source",
        str(source),
        "--dataset",
        "synthetic",
        *extra,
    ]
    return subprocess.Popen(
        args, cwd=ROOT, env=server.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def wait_for_progress(driver: Driver, proc: subprocess.Popen[str], above: int = 0) -> int:
    """Block until some ratings batch beyond `above` has committed; return the counter."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and proc.poll() is None:
        done = driver.execute_query("MATCH (d:Dataset) RETURN d.ratingsDone AS n").records
        if done and (done[0]["n"] or 0) > above:
            return done[0]["n"]
        time.sleep(0.05)
    raise AssertionError("the loader made no progress (or finished too early)")


def expected_ratings(source: Path) -> list[tuple]:
    parsed = read_dataset(source, "synthetic")
    return sorted(parsed.ratings.itertuples(index=False, name=None))


def test_neo4j_stopped_mid_load(clean_db: Driver, neo4j_server: TestNeo4j, synthetic: Path) -> None:
    if neo4j_server.home is None:
        pytest.skip("needs the Neo4j the tests start (it is stopped and restarted)")
    proc = start_loader(neo4j_server, synthetic, "--retry-seconds", "8")
    wait_for_progress(clean_db, proc)
    neo4j_server.stop()
    try:
        started = time.monotonic()
        _, stderr = proc.communicate(timeout=180)
        assert proc.returncode == 1
        assert "Traceback" not in stderr
        assert neo4j_server.uri in stderr and "rerun" in stderr
        assert time.monotonic() - started >= 5, "gave up without retrying"
    finally:
        neo4j_server.start()
    with connect(Neo4jSettings(uri=neo4j_server.uri, password=neo4j_server.password)) as fresh:
        result = neo4j_server.load(synthetic, "--dataset", "synthetic")
        assert result.returncode == 0, result.stderr
        assert ratings_in_db(fresh) == expected_ratings(synthetic)


def test_killed_repeatedly_equals_clean_load(
    clean_db: Driver, neo4j_server: TestNeo4j, synthetic: Path
) -> None:
    rng = random.Random(7)
    done = 0
    for _ in range(3):
        proc = start_loader(neo4j_server, synthetic)
        wait_for_progress(clean_db, proc, above=done)
        time.sleep(rng.uniform(0.0, 1.5))  # somewhere inside the next batch, or between
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        done = counts(clean_db)["ratings"]
    final = neo4j_server.load(synthetic, "--dataset", "synthetic")
    assert final.returncode == 0, final.stderr
    assert ratings_in_db(clean_db) == expected_ratings(synthetic)
    graph = counts(clean_db)
    parsed = read_dataset(synthetic, "synthetic")
    assert (graph["users"], graph["movies"]) == (len(parsed.users), len(parsed.movies))
