"""The API under load while ratings are posted: a real uvicorn process on loopback, the real Neo4j
holding ml-latest-small with SVD vectors served, many concurrent clients (httpx.AsyncClient).

Recommendation reads for many users are mixed with rating writes from a few new users, each
rating movies it has not rated before, so every accepted rating is one new RATED edge. Bounded in
time and in count. Asserts: no 5xx and no dropped connection; every POST answered 2xx; afterwards
Neo4j holds exactly the posted ratings of those users (none lost, none doubled); and a user's
recommendations never contain a movie they rated before the request was sent. Latency
percentiles are printed (pytest -s) and written to var/bench/reliability_api.json.
"""

import asyncio
import os
import random
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import numpy as np
import pytest
from neo4j import Driver

from bench.harness import print_table, write_json
from tests import serving_fixture
from tests.conftest import ROOT, TestNeo4j
from tests.serving_fixture import Served

pytestmark = [pytest.mark.integration, pytest.mark.slow]
movielens = serving_fixture.movielens

POSTERS = list(range(970_001, 970_005))  # new users, not in MovieLens
CLIENTS = 12  # concurrent clients, the posters among them
SECONDS = float(os.environ.get("MOVIEREC_RELIABILITY_SECONDS", "25"))
MAX_REQUESTS = int(os.environ.get("MOVIEREC_RELIABILITY_REQUESTS", "600"))
HALF_STARS = [x / 2 for x in range(1, 11)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def delete_users(driver: Driver, user_ids: list[int]) -> None:
    driver.execute_query("MATCH (u:User) WHERE u.userId IN $ids DETACH DELETE u", ids=user_ids)


@pytest.fixture(scope="module")
def posters(driver: Driver, movielens: Served) -> Iterator[list[int]]:
    """The posting users, absent before and removed after (other modules count ratings)."""
    delete_users(driver, POSTERS)
    yield POSTERS
    delete_users(driver, POSTERS)


@pytest.fixture(scope="module")
def live_api(
    neo4j_server: TestNeo4j, movielens: Served, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """`uvicorn api.main:app` as its own process on a free loopback port, ready when /health
    says ok; stopped (SIGTERM, then waited for) after the module."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = tmp_path_factory.mktemp("api") / "uvicorn.log"
    env = neo4j_server.env | {"MOVIEREC_ENV": "test", "API_HOST": "127.0.0.1"}
    cmd = [sys.executable, "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1"]
    cmd += ["--port", str(port), "--no-access-log", "--log-level", "warning"]
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_healthy(base, proc, log_path)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def wait_healthy(base: str, proc: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"the API exited ({proc.returncode}): {log_path.read_text()}"
        try:
            if httpx.get(f"{base}/health", timeout=2).json().get("status") == "ok":
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"the API was not healthy within 60 s: {log_path.read_text()[-2000:]}")


@dataclass
class Load:
    """What the clients saw; `confirmed` holds the ratings a 2xx answer acknowledged."""

    users: list[int]
    movies: list[int]
    started: float = field(default_factory=time.monotonic)
    sent: int = 0
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"GET": [], "POST": []})
    statuses: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    confirmed: dict[int, set[int]] = field(default_factory=dict)
    posted: dict[int, int] = field(default_factory=Counter)
    leaks: list[str] = field(default_factory=list)
    checked: int = 0

    def budget_left(self) -> bool:
        if self.sent >= MAX_REQUESTS or time.monotonic() - self.started >= SECONDS:
            return False
        self.sent += 1
        return True

    async def call(self, client: httpx.AsyncClient, method: str, url: str, **kw) -> httpx.Response:
        start = time.perf_counter()
        try:
            response = await client.request(method, url, **kw)
        except httpx.HTTPError as e:
            self.failures.append(f"{method} {url}: {type(e).__name__} {e}")
            raise
        self.latencies[method].append(time.perf_counter() - start)
        self.statuses[(method, response.status_code)] += 1
        if response.status_code >= 500:
            self.failures.append(f"{method} {url}: {response.status_code} {response.text[:300]}")
        return response

    async def recommend(self, client: httpx.AsyncClient, user_id: int, **params) -> None:
        """GET and check that no movie rated (and acknowledged) before sending comes back."""
        rated_before = set(self.confirmed.get(user_id, ()))
        url = f"/users/{user_id}/recommendations"
        response = await self.call(client, "GET", url, params=params)
        if response.status_code != 200:
            return
        got = {m["movieId"] for m in response.json()["movies"]}
        self.checked += user_id in self.confirmed
        if got & rated_before:
            self.leaks.append(f"user {user_id} got rated movies {sorted(got & rated_before)}")


async def poster(load: Load, client: httpx.AsyncClient, user_id: int, seed: int) -> None:
    """Rate 1-3 movies this user has not rated yet, then ask for recommendations; repeat."""
    rng = random.Random(seed)
    unrated = rng.sample(load.movies, len(load.movies))
    load.confirmed[user_id] = set()
    while load.budget_left():
        batch = [unrated.pop() for _ in range(rng.randint(1, 3))]
        body = {"ratings": [{"movieId": m, "rating": rng.choice(HALF_STARS)} for m in batch]}
        load.posted[user_id] += len(batch)
        response = await load.call(client, "POST", f"/users/{user_id}/ratings", json=body)
        if 200 <= response.status_code < 300:
            load.confirmed[user_id].update(batch)
        else:
            load.failures.append(f"POST for {user_id}: {response.status_code} {response.text}")
        if load.budget_left():
            await load.recommend(client, user_id, k=rng.choice([20, 50, 100]))


async def reader(load: Load, client: httpx.AsyncClient, seed: int) -> None:
    """Recommendations for random MovieLens users (and now and then for a posting user)."""
    rng = random.Random(seed)
    while load.budget_left():
        posting = [u for u, rated in load.confirmed.items() if rated]
        pool = posting if posting and rng.random() < 0.2 else load.users
        user_id = rng.choice(pool)
        params: dict[str, object] = {"k": rng.choice([10, 20, 50])}
        if rng.random() < 0.25:
            params["genre"] = rng.choice(["Comedy", "Drama", "Horror", "Animation"])
        await load.recommend(client, user_id, **params)


async def run_load(base: str, load: Load, posters: list[int]) -> None:
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx.AsyncClient(base_url=base, timeout=30.0, limits=limits) as client:
        tasks = [poster(load, client, user_id, seed=i) for i, user_id in enumerate(posters)]
        tasks += [reader(load, client, seed=100 + i) for i in range(CLIENTS - len(posters))]
        results = await asyncio.gather(*tasks, return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException) and not isinstance(result, httpx.HTTPError):
            raise result


def percentiles(seconds: list[float]) -> dict[str, float]:
    if not seconds:
        return {"n": 0}
    ms = np.asarray(seconds) * 1000
    p50, p95, p99 = np.percentile(ms, [50, 95, 99])
    return {"n": len(ms), "p50_ms": p50, "p95_ms": p95, "p99_ms": p99, "max_ms": ms.max()}


def report(load: Load, elapsed: float) -> dict:
    every = load.latencies["GET"] + load.latencies["POST"]
    rows = [
        {"requests": kind, **percentiles(seconds)}
        for kind, seconds in (("GET", load.latencies["GET"]), ("POST", load.latencies["POST"]))
    ]
    rows.append({"requests": "all", **percentiles(every)})
    rows = [{k: round(v, 1) if isinstance(v, float) else v for k, v in r.items()} for r in rows]
    print_table(f"API under load: {CLIENTS} clients, {elapsed:.1f} s, {len(every)} requests", rows)
    return {
        "clients": CLIENTS,
        "posting_users": len(load.confirmed),
        "seconds": round(elapsed, 2),
        "requests": len(every),
        "throughput_rps": round(len(every) / elapsed, 1),
        "statuses": {f"{m} {s}": n for (m, s), n in sorted(load.statuses.items())},
        "latency": rows,
        "ratings_posted": sum(load.posted.values()),
        "leak_checks": load.checked,
    }


def test_recommendations_stay_correct_while_ratings_are_posted(
    live_api: str, driver: Driver, movielens: Served, posters: list[int]
) -> None:
    users = sorted(movielens.rated)
    movies = sorted(set().union(*movielens.rated.values()))
    load = Load(users=users, movies=movies)
    asyncio.run(run_load(live_api, load, posters))
    elapsed = time.monotonic() - load.started
    summary = report(load, elapsed)
    write_json("reliability_api", summary)

    assert not load.failures, load.failures[:10]
    assert not any(status >= 500 for _, status in load.statuses), load.statuses
    posts = sum(n for (method, _), n in load.statuses.items() if method == "POST")
    assert posts >= len(posters) and posts == sum(
        n for (method, status), n in load.statuses.items() if method == "POST" and status < 300
    )
    assert summary["requests"] >= 100, "too few requests to say anything"
    assert not load.leaks, load.leaks[:10]
    assert load.checked > 0

    stored = driver.execute_query(
        "MATCH (u:User)-[r:RATED]->(m:Movie) WHERE u.userId IN $ids "
        "RETURN u.userId AS userId, count(r) AS edges, collect(m.movieId) AS movies",
        ids=posters,
    ).records
    in_graph = {r["userId"]: (r["edges"], sorted(r["movies"])) for r in stored}
    expected = {u: (load.posted[u], sorted(load.confirmed[u])) for u in posters}
    assert in_graph == expected  # no rating lost, none duplicated, none from a failed request

    async def final_check() -> None:
        async with httpx.AsyncClient(base_url=live_api, timeout=30.0) as client:
            for user_id in posters:
                await load.recommend(client, user_id, k=100)

    asyncio.run(final_check())
    assert not load.leaks and not load.failures, (load.leaks, load.failures)
