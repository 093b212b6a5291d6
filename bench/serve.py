"""`python -m bench.serve`: recommendation latency through HTTP, the model path against its
references, in one run (see /work/shared/design/benchmarks.md, "serving").

  (a) index: GET /users/{id}/recommendations       (vector index, one Cypher round trip)
  (b) cf:    GET /users/{id}/recommendations?method=cf   (pure-Cypher collaborative filter)
  (c) floor: exact dot-product top-k in numpy on the same vectors, in-process (no HTTP, no DB)

at 1, 8 and 32 concurrent clients; a real API process (uvicorn) on loopback. By default a fresh
Neo4j is started (bench.harness), ml-latest-small loaded and SVD vectors served as the model;
`--existing` uses the Neo4j of NEO4J_URI / NEO4J_PASSWORD and its served model as they are.
"""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import httpx
import numpy as np
import typer
from neo4j import Driver

from bench.harness import ROOT, bench_neo4j, print_table, write_json
from bench.load import Summary, http_load, inprocess_load
from bench.vectors import write_svd_model
from graphdb import Neo4jSettings, connect, cypher

SHARED = ROOT.parent / "shared" / "data" / "movielens" / "ml-latest-small"
app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)


class ExactTopK:
    """The floor: every movie scored by u.v in numpy, rated movies masked out, top-k taken."""

    def __init__(self, driver: Driver, k: int) -> None:
        row = driver.execute_query(cypher("served_vectors")).records[0]
        self.k = k
        self.users = {uid: i for i, uid in enumerate(row["userIds"])}
        self.user_vectors = np.asarray(row["users"], dtype=np.float32)
        self.movie_ids = np.asarray(row["movieIds"])
        self.movie_vectors = np.asarray(row["movies"], dtype=np.float32)
        column = {mid: j for j, mid in enumerate(row["movieIds"])}
        self.rated: dict[int, np.ndarray] = {}
        for record in driver.execute_query(cypher("export_ratings_naive")).records:
            if record["movieId"] in column:
                self.rated.setdefault(record["userId"], []).append(column[record["movieId"]])
        self.rated = {u: np.asarray(cols) for u, cols in self.rated.items()}

    def top(self, user_id: int) -> np.ndarray:
        scores = self.movie_vectors @ self.user_vectors[self.users[user_id]]
        scores[self.rated.get(user_id, [])] = -np.inf
        best = np.argpartition(-scores, self.k)[: self.k]
        return self.movie_ids[best[np.argsort(-scores[best])]]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def api_server(env: dict[str, str], port: int) -> Iterator[str]:
    """uvicorn api.main:app in its own process, awaited through /health, stopped after."""
    base = f"http://127.0.0.1:{port}"
    log = open(ROOT / "var" / "bench" / "serve-api.log", "w")  # noqa: SIM115 (closed below)
    cmd = [sys.executable, "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1"]
    cmd += ["--port", str(port), "--no-access-log", "--log-level", "warning"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(240):
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None:
                raise RuntimeError(f"the API exited ({proc.returncode}); see {log.name}")
            time.sleep(0.25)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


@contextmanager
def database(existing: bool) -> Iterator[tuple[Driver, dict[str, str]]]:
    """The bench's own fresh Neo4j with ml-latest-small, or the one the environment names."""
    if existing:
        driver = connect(Neo4jSettings())
        try:
            yield driver, dict(os.environ)
        finally:
            driver.close()
        return
    with bench_neo4j() as (driver, env):
        load = [sys.executable, "-m", "ingest.load", "--source", str(SHARED), "--dataset"]
        subprocess.run([*load, "ml-latest-small"], cwd=ROOT, env=env, check=True)
        yield driver, env


def run_paths(base: str, floor: ExactTopK, users: list[int], opts: dict) -> list[Summary]:
    k, levels, seconds = opts["k"], opts["levels"], opts["seconds"]
    index_urls = [f"/users/{u}/recommendations?k={k}" for u in users]
    cf_urls = [f"/users/{u}/recommendations?k={k}&method=cf" for u in users]
    http_load("warm-up", base, index_urls + cf_urls[:8], 4, 60 + 8, 60)
    rows: list[Summary] = []
    for clients in levels:
        rows.append(http_load("index", base, index_urls, clients, opts["requests"], seconds))
        rows.append(http_load("cf", base, cf_urls, clients, opts["cf_requests"], seconds))
        rows.append(inprocess_load("floor", floor.top, users, clients, opts["requests"], 5.0))
    return rows


def ratios(rows: list[Summary]) -> list[dict]:
    by = {(r.path, r.clients): r for r in rows}
    out = []
    for clients in sorted({r.clients for r in rows}):
        index, cf, floor = by[("index", clients)], by[("cf", clients)], by[("floor", clients)]
        out.append(
            {
                "clients": clients,
                "cf_p50/index_p50": cf.p50_ms / index.p50_ms,
                "cf_p99/index_p99": cf.p99_ms / index.p99_ms,
                "index_rps/cf_rps": index.rps / max(cf.rps, 1e-9),
                "index_p50/floor_p50": index.p50_ms / max(floor.p50_ms, 1e-9),
                "index_p99<=50ms": index.p99_ms <= 50.0,
            }
        )
    return out


@app.command()
def main(
    existing: Annotated[bool, typer.Option(help="Use NEO4J_URI's database as it is.")] = False,
    svd: Annotated[bool, typer.Option(help="Serve fresh SVD vectors first.")] = False,
    clients: Annotated[str, typer.Option(help="Concurrency levels.")] = "1,8,32",
    requests: Annotated[int, typer.Option(help="Index/floor requests per level.")] = 2000,
    cf_requests: Annotated[int, typer.Option(help="CF requests per level.")] = 200,
    seconds: Annotated[float, typer.Option(help="Time bound per level and path.")] = 20.0,
    users: Annotated[int, typer.Option(help="Distinct users cycled through.")] = 200,
    k: Annotated[int, typer.Option(min=1, max=100)] = 10,
) -> None:
    """Latency p50/p95/p99 and throughput of the three paths; table printed, JSON written."""
    levels = [int(c) for c in clients.split(",")]
    opts = {"k": k, "levels": levels, "requests": requests, "cf_requests": cf_requests}
    opts |= {"seconds": seconds}
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    with database(existing) as (driver, env):
        served = driver.execute_query(cypher("serving_current")).records
        if svd or not served:
            write_svd_model(driver)
            served = driver.execute_query(cypher("serving_current")).records
        floor = ExactTopK(driver, k)
        rng = np.random.default_rng(0)
        known = sorted(set(floor.rated) & set(floor.users))
        sample = [int(u) for u in rng.permutation(known)[:users]]
        env = env | {"MOVIEREC_ENV": env.get("MOVIEREC_ENV", "test"), "PYTHONPATH": str(ROOT)}
        with api_server(env, free_port()) as base:
            rows = run_paths(base, floor, sample, opts)
    report(served[0].data(), opts, rows)


def report(model: dict, opts: dict, rows: list[Summary]) -> None:
    table = [r.row() for r in rows]
    print_table(f"serving, model {model['modelName']} v{model['version']}, k={opts['k']}", table)
    print_table("ratios (same run)", ratios(rows))
    payload = {"model": model, "options": opts, "rows": table, "ratios": ratios(rows)}
    write_json("serve", payload | {"cpus": os.cpu_count()})


if __name__ == "__main__":
    app()
