"""`python -m bench.driver_codec`: does the driver's Rust extension (neo4j-rust-ext) help us?

Times the two Bolt-heavy paths of the product on whatever driver this interpreter has: sending a
loader-sized batch (4 columns x 100k values, encode) and the paged export (decode). Run it once in
the project's .venv and once in a venv without the extension, against the same Neo4j.
"""

import importlib.util
import time

import numpy as np

from gnn.data import SelectOptions
from gnn.export import export_frames
from graphdb import connect, cypher


def best_of(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    rust = importlib.util.find_spec("neo4j._rust") is not None
    rng = np.random.default_rng(0)
    columns = {name: rng.integers(1, 10**9, 100_000).tolist() for name in "abcd"}
    with connect() as driver:
        send = best_of(5, lambda: driver.execute_query(cypher("bench_echo_sizes"), columns))
        export = best_of(3, lambda: export_frames(driver, SelectOptions()))
    print(
        f"rust extension: {rust}  send 4x100k values: {send * 1000:.0f} ms  "
        f"export: {export * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
