"""`python -m bench.ingest`: ratings per second into Neo4j, ours vs Neo4j's own LOAD CSV.

Both paths build the same graph model from the same rows in the same (fresh) Neo4j, one after
the other, so the ratio is meaningful on a noisy shared machine. Sizes: ml-latest-small (real)
and synthetic 1M and 10M ratings (seeded). Figures are printed and written to var/bench/.
"""

import shutil
import time
from pathlib import Path
from typing import Annotated

import typer

from bench.harness import (
    OUT,
    ROOT,
    bench_neo4j,
    import_dir,
    load_dataset,
    peak_rss_mib,
    print_table,
    write_json,
)
from graphdb import cypher, statements
from ingest.synthetic import generate
from ingest.writer import Writer

SHARED = ROOT.parent / "shared" / "data" / "movielens" / "ml-latest-small"


def ours(source: Path, env: dict) -> tuple[float, float]:
    """Seconds for `python -m ingest.load` (parse included), and the peak RSS of children in MiB."""
    return load_dataset(source, env), peak_rss_mib(children=True)


def load_csv(driver, source: Path, env: dict) -> float:
    """Seconds for the LOAD CSV reference on an emptied database."""
    Writer(driver, "neo4j", env["NEO4J_URI"]).reset()
    folder = import_dir(env)
    for name in ("movies.csv", "ratings.csv"):
        shutil.copy(source / name, folder / name)
    for statement in statements("schema"):
        driver.execute_query(statement)
    started = time.perf_counter()
    with driver.session() as session:
        for statement in statements("bench_load_csv"):
            session.run(
                statement, movies="file:///movies.csv", ratings="file:///ratings.csv"
            ).consume()
    return time.perf_counter() - started


def count_ratings(driver) -> int:
    return driver.execute_query(cypher("graph_counts")).records[0]["ratings"]


def main(
    sizes: Annotated[
        list[int] | None,
        typer.Option(help="Synthetic sizes in ratings (repeat the option); default 1M and 10M."),
    ] = None,
    real: Annotated[bool, typer.Option(help="Include ml-latest-small from ../shared.")] = True,
) -> None:
    """Ingest throughput: our loader and LOAD CSV, side by side, same rows, same Neo4j."""
    sizes = sizes or [1_000_000, 10_000_000]
    cases: list[tuple[str, Path]] = []
    if real and SHARED.is_dir():
        cases.append(("ml-latest-small", SHARED))
    for size in sizes:
        folder = OUT / "data" / f"synthetic-{size}"
        if not (folder / "ratings.csv").exists():
            generate(size, folder, seed=0)
        cases.append((f"synthetic-{size:,}", folder))
    rows = []
    with bench_neo4j() as (driver, env):
        for name, source in cases:
            ours_s, rss = ours(source, env)
            n = count_ratings(driver)
            csv_s = load_csv(driver, source, env)
            assert count_ratings(driver) == n, "LOAD CSV built a different number of ratings"
            rows.append(
                {
                    "dataset": name,
                    "ratings": n,
                    "ours_s": ours_s,
                    "ours_ratings_per_s": n / ours_s,
                    "load_csv_s": csv_s,
                    "load_csv_ratings_per_s": n / csv_s,
                    "ratio": csv_s / ours_s,
                    "ours_peak_rss_mib": rss,
                }
            )
            print_table(
                "ingest (ratio = LOAD CSV seconds / our seconds; >= 1 means we are "
                "at least as fast)",
                rows,
            )
    write_json("ingest", rows)


if __name__ == "__main__":
    typer.run(main)
