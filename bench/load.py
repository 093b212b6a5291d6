"""A small closed-loop HTTP load generator (asyncio + httpx) and the latency summary the serving
benchmark prints: `clients` concurrent connections, each sending its next request as soon as the
previous one is answered, until `max_requests` or `max_seconds` is reached, whichever is first."""

import asyncio
import itertools
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass

import httpx
import numpy as np


@dataclass
class Summary:
    """Latency percentiles in milliseconds and completed requests per second."""

    path: str
    clients: int
    requests: int
    errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    rps: float

    def row(self) -> dict:
        return asdict(self)


def summarize(path: str, clients: int, latencies: list[float], errors: int, wall: float) -> Summary:
    ms = np.asarray(latencies, dtype=np.float64) * 1000 if latencies else np.zeros(1)
    p50, p95, p99 = np.percentile(ms, [50, 95, 99])
    done = len(latencies)
    return Summary(
        path, clients, done, errors, float(p50), float(p95), float(p99), done / max(wall, 1e-9)
    )


async def _http_load(
    base_url: str, urls: Iterator[str], clients: int, max_requests: int, max_seconds: float
) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = 0
    sent = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=60.0) as client:
        started = time.perf_counter()
        deadline = started + max_seconds

        async def worker() -> None:
            nonlocal errors, sent
            while sent < max_requests and time.perf_counter() < deadline:
                sent += 1
                t0 = time.perf_counter()
                response = await client.get(next(urls))
                if response.status_code == 200:
                    latencies.append(time.perf_counter() - t0)
                else:
                    errors += 1

        await asyncio.gather(*(worker() for _ in range(clients)))
        return latencies, errors, time.perf_counter() - started


def http_load(
    name: str,
    base_url: str,
    urls: list[str],
    clients: int,
    max_requests: int,
    max_seconds: float,
) -> Summary:
    """Drive GETs of `urls` (cycled) through a real HTTP client over loopback."""
    cycle = itertools.cycle(urls)
    latencies, errors, wall = asyncio.run(
        _http_load(base_url, cycle, clients, max_requests, max_seconds)
    )
    return summarize(name, clients, latencies, errors, wall)


def inprocess_load(
    name: str,
    call: Callable[[int], object],
    keys: list[int],
    clients: int,
    max_requests: int,
    max_seconds: float,
) -> Summary:
    """The same closed loop for an in-process function, with `clients` threads."""
    latencies: list[float] = []
    cycle = itertools.cycle(keys)
    started = time.perf_counter()
    deadline = started + max_seconds
    budget = iter(range(max_requests))

    def worker() -> None:
        while next(budget, None) is not None and time.perf_counter() < deadline:
            t0 = time.perf_counter()
            call(next(cycle))
            latencies.append(time.perf_counter() - t0)

    with ThreadPoolExecutor(clients) as pool:
        for future in [pool.submit(worker) for _ in range(clients)]:
            future.result()
    return summarize(name, clients, latencies, 0, time.perf_counter() - started)
