"""`python -m bench.export`: Neo4j -> PyG edges per second, paged lists vs one record per rating.

Both read the same ratings from the same Neo4j in one run; the naive path is what a first attempt
looks like (`execute_query` returning one record per rating, then a DataFrame).
"""

import time
from typing import Annotated

import pandas as pd
import typer
from neo4j import Driver

from bench.harness import OUT, bench_neo4j, load_dataset, peak_rss_mib, print_table, write_json
from gnn.data import RATES
from gnn.export import export_graph
from graphdb import cypher
from ingest.synthetic import generate


def naive(driver: Driver) -> tuple[float, int]:
    started = time.perf_counter()
    records = driver.execute_query(cypher("export_ratings_naive")).records
    frame = pd.DataFrame([r.data() for r in records])
    return time.perf_counter() - started, len(frame)


def paged(driver: Driver) -> tuple[float, int]:
    started = time.perf_counter()
    data, _ = export_graph(driver)
    return time.perf_counter() - started, data[RATES].edge_index.size(1)


def main(
    sizes: Annotated[
        list[int] | None,
        typer.Option(help="Synthetic sizes in ratings (repeat the option); default 1M and 10M."),
    ] = None,
    skip_naive_above: Annotated[
        int,
        typer.Option(
            help="Skip the naive path above this many ratings (it holds one object per row)."
        ),
    ] = 20_000_000,
) -> None:
    """Export throughput (edges/s) and the ratio to the naive per-record export."""
    rows = []
    with bench_neo4j() as (driver, env):
        for size in sizes or [1_000_000, 10_000_000]:
            folder = OUT / "data" / f"synthetic-{size}"
            if not (folder / "ratings.csv").exists():
                generate(size, folder, seed=0)
            load_dataset(folder, env)
            ours_s, edges = paged(driver)
            row = {
                "ratings": size,
                "edges": edges,
                "paged_s": ours_s,
                "paged_edges_per_s": edges / ours_s,
                "rss_after_paged_mib": peak_rss_mib(),
            }
            if size <= skip_naive_above:
                naive_s, n = naive(driver)
                assert n == edges
                row |= {
                    "naive_s": naive_s,
                    "naive_edges_per_s": n / naive_s,
                    "speedup": naive_s / ours_s,
                }
            rows.append(row)
            print_table("export (speedup = naive seconds / paged seconds)", rows)
    write_json("export", rows)


if __name__ == "__main__":
    typer.run(main)
