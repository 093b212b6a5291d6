"""`python -m bench.writeback`: embeddings into Neo4j, nodes per second, ours vs one SET per row.

Ours: `gnn.writeback.write_vectors` (UNWIND batches through `db.create.setNodeVectorProperty`).
Reference in the same run: a plain `SET` of one node's vector per transaction.
"""

import time
from typing import Annotated

import numpy as np
import typer

from bench.harness import OUT, bench_neo4j, load_dataset, print_table, write_json
from gnn.writeback import write_vectors
from graphdb import cypher
from ingest.synthetic import generate


def main(
    ratings: Annotated[int, typer.Option(help="Synthetic ratings to load first.")] = 1_000_000,
    dims: Annotated[int, typer.Option(help="Embedding dimensions.")] = 64,
    naive_rows: Annotated[int, typer.Option(help="Rows timed on the naive path.")] = 2_000,
) -> None:
    """Write-back throughput (nodes/s) and the ratio to per-row SET transactions."""
    folder = OUT / "data" / f"synthetic-{ratings}"
    if not (folder / "ratings.csv").exists():
        generate(ratings, folder, seed=0)
    with bench_neo4j() as (driver, env):
        load_dataset(folder, env)
        ids = np.array(
            driver.execute_query(cypher("export_movies"), genres=None).records[0]["movieIds"]
        )
        vectors = np.random.default_rng(0).normal(size=(len(ids), dims)).astype(np.float32)
        started = time.perf_counter()
        written = write_vectors(
            driver, "neo4j", "write_movie_vectors", "embedding_a", ids, vectors, "movie vectors"
        )
        ours = time.perf_counter() - started
        sample = ids[:naive_rows]
        started = time.perf_counter()
        for movie_id, vector in zip(sample.tolist(), vectors[:naive_rows].tolist(), strict=True):
            driver.execute_query(
                cypher("bench_set_vector_row"), property="embedding_b", id=movie_id, vector=vector
            )
        naive = time.perf_counter() - started
    rows = [
        {
            "nodes": written,
            "dims": dims,
            "ours_s": ours,
            "ours_nodes_per_s": written / ours,
            "naive_nodes": len(sample),
            "naive_nodes_per_s": len(sample) / naive,
            "speedup": (written / ours) / (len(sample) / naive),
        }
    ]
    print_table("write-back (speedup = our nodes/s / naive nodes/s)", rows)
    write_json("writeback", rows)


if __name__ == "__main__":
    typer.run(main)
