"""Embeddings back into Neo4j, served by a vector index, switched atomically.

Two fixed embedding slots (`embedding_a`, `embedding_b`, each with its own vector index) work
blue-green: a new model is written into the slot that is not being served, its index is awaited
ONLINE, and only then the single `(:Serving)` node is pointed at the new `(:Model)`. Readers look
the slot up through that node, so they see the old model or the new one, never a mix. Fixed slot
names keep every Cypher statement a static file that Neo4j Browser can run.

Neo4j's vector index ranks by cosine or euclidean, the model by dot product: movie vectors are
stored MIPS-augmented, x = [v, sqrt(M^2 - |v|^2)] with M the largest norm, and user vectors as
q = [u, 0]. Then cos(q, x) = u.v / (|u| M), which orders movies exactly as u.v does.
"""

import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer
from neo4j import Driver
from tqdm import tqdm

from graphdb import cypher

BATCH = 2_000
SLOTS = ("a", "b")


@dataclass(frozen=True)
class Embeddings:
    """What a trained model contributes to the database, keyed on domain ids."""

    user_ids: np.ndarray  # [U] userId
    user_vectors: np.ndarray  # [U, d]
    movie_ids: np.ndarray  # [M] movieId
    movie_vectors: np.ndarray  # [M, d]
    model_name: str
    dataset: str
    metrics: dict[str, Any]
    fingerprint: str
    trained_at: str


def mips_augment(movie_vectors: np.ndarray) -> tuple[np.ndarray, float]:
    """Movie vectors of equal norm M whose cosine with [u, 0] orders like the dot product."""
    norms = np.linalg.norm(movie_vectors, axis=1)
    top = float(norms.max()) if len(norms) else 1.0
    extra = np.sqrt(np.clip(top**2 - norms**2, 0.0, None))
    return np.hstack([movie_vectors, extra[:, None]]).astype(np.float32), top


def user_queries(user_vectors: np.ndarray) -> np.ndarray:
    zeros = np.zeros((len(user_vectors), 1), dtype=np.float32)
    return np.hstack([user_vectors.astype(np.float32), zeros])


def free_slot(driver: Driver, database: str) -> str:
    """The slot that readers are not using now."""
    served = driver.execute_query(cypher("serving_current"), database_=database).records
    return "b" if served and served[0]["slot"] == "a" else "a"


def prepare_slot(driver: Driver, database: str, slot: str, dims: int) -> None:
    """Empty the slot and give it a fresh index built from cypher/vector_index_<slot>.cypher."""
    driver.execute_query(cypher("drop_index"), name=f"movie_embedding_{slot}", database_=database)
    with driver.session(database=database) as session:
        session.run(cypher("slot_clear"), property=f"embedding_{slot}").consume()
    driver.execute_query(cypher(f"vector_index_{slot}"), dims=dims, database_=database)


def write_vectors(
    driver: Driver,
    database: str,
    query: str,
    property_: str,
    ids: np.ndarray,
    vectors: np.ndarray,
    label: str,
) -> int:
    written = 0
    for start in tqdm(range(0, len(ids), BATCH), desc=label, unit="batch", leave=False):
        rows = [
            {"id": int(i), "vector": v}
            for i, v in zip(
                ids[start : start + BATCH].tolist(),
                vectors[start : start + BATCH].tolist(),
                strict=True,
            )
        ]
        result = driver.execute_query(
            cypher(query), property=property_, rows=rows, database_=database
        )
        written += result.records[0]["written"] if result.records else 0
    return written


def write_embeddings(
    driver: Driver, emb: Embeddings, database: str = "neo4j", index_timeout: int = 600
) -> dict[str, Any]:
    """Write a model's vectors into the free slot, await its index, then switch readers to it."""
    slot = free_slot(driver, database)
    movies, norm = mips_augment(emb.movie_vectors)
    dims = movies.shape[1]
    prepare_slot(driver, database, slot, dims)
    version = driver.execute_query(
        cypher("model_begin"),
        slot=slot,
        dims=dims,
        dataset=emb.dataset,
        modelName=emb.model_name,
        metrics=json.dumps(emb.metrics),
        trainedAt=emb.trained_at,
        fingerprint=emb.fingerprint,
        norm=norm,
        database_=database,
    ).records[0]["version"]
    prop = f"embedding_{slot}"
    users = write_vectors(
        driver,
        database,
        "write_user_vectors",
        prop,
        emb.user_ids,
        user_queries(emb.user_vectors),
        "user vectors",
    )
    movie_count = write_vectors(
        driver, database, "write_movie_vectors", prop, emb.movie_ids, movies, "movie vectors"
    )
    with driver.session(database=database) as session:
        session.run(cypher("await_indexes"), timeoutSeconds=index_timeout).consume()
    driver.execute_query(cypher("model_activate"), version=version, database_=database)
    return {
        "version": version,
        "slot": slot,
        "users": users,
        "movies": movie_count,
        "dims": dims,
        "norm": norm,
    }


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def from_checkpoint(checkpoint: dict[str, Any]) -> Embeddings:
    return Embeddings(
        user_ids=checkpoint["user_ids"].numpy(),
        user_vectors=checkpoint["user_embeddings"].float().numpy(),
        movie_ids=checkpoint["movie_ids"].numpy(),
        movie_vectors=checkpoint["movie_embeddings"].float().numpy(),
        model_name=checkpoint["model_name"],
        dataset=checkpoint["dataset"],
        metrics=checkpoint["metrics"],
        fingerprint=checkpoint["fingerprint"],
        trained_at=checkpoint["created_at"],
    )


def already_serving(driver: Driver, emb: Embeddings, database: str) -> int | None:
    """The served version when it came from this very checkpoint (same data, same training)."""
    served = driver.execute_query(cypher("serving_current"), database_=database).records
    if not served:
        return None
    model = driver.execute_query(
        cypher("model_by_version"), version=served[0]["version"], database_=database
    ).records[0]
    same = model["fingerprint"] == emb.fingerprint and model["checkpoint"] == emb.trained_at
    return served[0]["version"] if same else None


def main(
    checkpoint: Annotated[
        Path, typer.Option(help="Checkpoint written by `python -m gnn.train`.")
    ] = Path("var/models/latest.pt"),
    force: Annotated[
        bool, typer.Option(help="Write even if the served model already came from this checkpoint.")
    ] = False,
) -> None:
    """Write a checkpoint's user and movie embeddings into Neo4j and switch readers to them.

    The new vectors go into the embedding slot nobody reads; its vector index is awaited ONLINE;
    then one write points (:Serving) at the new (:Model). Rerunning with the same checkpoint is a
    no-op unless --force.
    """
    from gnn.checkpoint import load_checkpoint
    from graphdb import MovieRecError, Neo4jSettings, connect

    emb = from_checkpoint(load_checkpoint(checkpoint))
    settings = Neo4jSettings()
    try:
        driver = connect(settings)
    except MovieRecError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(1) from None
    with driver:
        served = None if force else already_serving(driver, emb, settings.database)
        if served is not None:
            typer.echo(f"Model version {served} already serves {checkpoint}; nothing to write.")
            return
        started = time.perf_counter()
        result = write_embeddings(driver, emb, settings.database)
    seconds = time.perf_counter() - started
    nodes = result["users"] + result["movies"]
    typer.echo(
        f"Wrote model version {result['version']} ({emb.model_name}, {result['dims']} dims) to "
        f"slot {result['slot']}: {result['users']:,} users, {result['movies']:,} movies in "
        f"{seconds:.1f}s ({nodes / seconds:,.0f} nodes/s); now serving."
    )


if __name__ == "__main__":
    typer.run(main)
