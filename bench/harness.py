"""What every benchmark shares: its own throw-away Neo4j, a printed table, a JSON file.

A benchmark never touches the database `make up` uses: it starts the project's local server in
var/bench/neo4j on its own ports (MOVIEREC_BENCH_BOLT_PORT, default 7689). Run benchmarks one at a
time: each starts from an empty database.
"""

import json
import os
import resource
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from neo4j import Driver

from graphdb import Neo4jSettings, connect

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"


@contextmanager
def bench_neo4j(heap: str = "2g", pagecache: str = "1g") -> Iterator[tuple[Driver, dict]]:
    """A fresh local Neo4j for the benchmark; yields the driver and the env for subprocesses."""
    home = OUT / "neo4j"
    subprocess.run(["rm", "-rf", str(home)], check=True)
    password = secrets.token_hex(12)
    bolt = int(os.environ.get("MOVIEREC_BENCH_BOLT_PORT", "7689"))
    env = os.environ | {
        "NEO4J_LOCAL_HOME": str(home),
        "NEO4J_LOCAL_BOLT_PORT": str(bolt),
        "NEO4J_LOCAL_HTTP_PORT": str(bolt - 213),
        "NEO4J_PASSWORD": password,
        "NEO4J_LOCAL_HEAP": heap,
        "NEO4J_LOCAL_PAGECACHE": pagecache,
        "NEO4J_URI": f"bolt://127.0.0.1:{bolt}",
        "PYTHONPATH": str(ROOT),
    }
    script = ROOT / "scripts" / "neo4j-local"
    subprocess.run([script, "start"], env=env, check=True, capture_output=True)
    driver = connect(Neo4jSettings(uri=env["NEO4J_URI"], password=password))
    try:
        yield driver, env
    finally:
        driver.close()
        subprocess.run([script, "stop"], env=env, check=True, capture_output=True)


def load_dataset(source: Path, env: dict) -> float:
    """Run `python -m ingest.load` (a fresh `--reset` load) against the bench server; seconds."""
    started = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ingest.load",
            "--source",
            str(source),
            "--dataset",
            "bench",
            "--reset",
            "--yes",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"ingest.load failed:\n{result.stderr[-2000:]}")
    return time.perf_counter() - started


def import_dir(env: dict) -> Path:
    """Where LOAD CSV's file:/// URLs point for the bench server (the reference path only)."""
    path = Path(env["NEO4J_LOCAL_HOME"]) / "import"
    path.mkdir(parents=True, exist_ok=True)
    return path


def peak_rss_mib(children: bool = False) -> float:
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    return resource.getrusage(who).ru_maxrss / 1024


def print_table(title: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    columns = list(rows[0])
    widths = {c: max(len(c), *(len(_fmt(r.get(c))) for r in rows)) for c in columns}
    print(f"\n{title}")
    print("  ".join(c.ljust(widths[c]) for c in columns))
    print("  ".join("-" * widths[c] for c in columns))
    for row in rows:
        print("  ".join(_fmt(row.get(c)).ljust(widths[c]) for c in columns))


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}" if value < 100 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def write_json(name: str, payload: Any) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.json"
    path.write_text(json.dumps(payload, indent=2, default=str))
    print(f"\nwrote {path}")
    return path
