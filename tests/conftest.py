"""Shared fixtures. Integration tests run against a real Neo4j that these fixtures start with the
project's own script (scripts/neo4j-local) in a throw-away home on its own ports, so `make test`
never touches the database `make up` uses. Set MOVIEREC_TEST_NEO4J_URI (+ _PASSWORD) to use a
running server instead (its database is wiped)."""

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from neo4j import Driver

from graphdb import Neo4jSettings, connect
from ingest.writer import Writer

ROOT = Path(__file__).resolve().parent.parent
SHARED_MOVIELENS = ROOT.parent / "shared" / "data" / "movielens"

# Decided at import, before any test module builds settings (the API's schema test builds the app
# at collection time): every Neo4jSettings() in this process points at the test server, never at
# the database of `.env`.
EXTERNAL_URI = os.environ.get("MOVIEREC_TEST_NEO4J_URI")
BOLT_PORT = os.environ.get("MOVIEREC_TEST_BOLT_PORT", "7688")
HTTP_PORT = os.environ.get("MOVIEREC_TEST_HTTP_PORT", "7475")
TEST_URI = EXTERNAL_URI or f"bolt://127.0.0.1:{BOLT_PORT}"
TEST_PASSWORD = (
    os.environ["MOVIEREC_TEST_NEO4J_PASSWORD"] if EXTERNAL_URI else secrets.token_hex(12)
)
os.environ["NEO4J_URI"] = TEST_URI
os.environ["NEO4J_PASSWORD"] = TEST_PASSWORD


@dataclass
class TestNeo4j:
    """A Neo4j for the tests; `env` is what a subprocess needs to reach it."""

    uri: str
    password: str
    home: Path | None
    env: dict[str, str] = field(default_factory=dict)

    __test__ = False  # not a test class

    def script(self, command: str) -> None:
        assert self.home is not None, "cannot start/stop an external Neo4j"
        subprocess.run(
            [ROOT / "scripts" / "neo4j-local", command],
            env=self.env,
            check=True,
            capture_output=True,
            timeout=180,
        )

    def stop(self) -> None:
        self.script("stop")

    def start(self) -> None:
        self.script("start")

    def load(
        self, source: Path | str, *args: str, timeout: float = 600
    ) -> subprocess.CompletedProcess[str]:
        """`python -m ingest.load --source SOURCE ARGS...` against this server, as run by users."""
        return subprocess.run(
            [sys.executable, "-m", "ingest.load", "--source", str(source), *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def settings(self, **overrides: object) -> Neo4jSettings:
        return Neo4jSettings(uri=self.uri, password=self.password, **overrides)


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestNeo4j]:
    if EXTERNAL_URI:
        env = os.environ | {"NEO4J_URI": TEST_URI, "NEO4J_PASSWORD": TEST_PASSWORD}
        yield TestNeo4j(TEST_URI, TEST_PASSWORD, None, env)
        return
    home = tmp_path_factory.mktemp("neo4j-home")
    env = os.environ | {
        "NEO4J_LOCAL_HOME": str(home),
        "NEO4J_LOCAL_BOLT_PORT": BOLT_PORT,
        "NEO4J_LOCAL_HTTP_PORT": HTTP_PORT,
        "NEO4J_PASSWORD": TEST_PASSWORD,
        "NEO4J_URI": TEST_URI,
        "NEO4J_LOCAL_HEAP": "1g",
        "NEO4J_LOCAL_PAGECACHE": "256m",
        "PYTHONPATH": str(ROOT),
    }
    server = TestNeo4j(TEST_URI, TEST_PASSWORD, home, env)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def driver(neo4j_server: TestNeo4j) -> Iterator[Driver]:
    drv = connect(neo4j_server.settings())
    yield drv
    drv.close()


def wipe(driver: Driver) -> None:
    """Empty the database the way `--reset` does: the dataset, models and their indexes."""
    Writer(driver, "neo4j", "test").reset()


@pytest.fixture
def clean_db(driver: Driver) -> Driver:
    wipe(driver)
    return driver


@pytest.fixture(scope="session")
def shared_movielens() -> Path:
    if not SHARED_MOVIELENS.is_dir():
        pytest.skip(f"real MovieLens copies not found at {SHARED_MOVIELENS}")
    return SHARED_MOVIELENS
