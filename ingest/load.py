"""`python -m ingest.load`: MovieLens files -> Neo4j; idempotent, resumable, honest."""

import hashlib
import json
import time
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer

from graphdb import MovieRecError, Neo4jSettings, connect, cypher
from ingest.download import resolve_source
from ingest.movielens import DATASETS, detect_dataset
from ingest.parsers import ParsedDataset, read_dataset, write_rejects
from ingest.writer import Writer

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)


class DatasetConflict(MovieRecError):
    """The database already holds another dataset (or other data under the same name)."""


def fingerprint(parsed: ParsedDataset) -> str:
    """Identifies the exact rows, so a resumed load never mixes two versions of a dataset."""
    digest = hashlib.sha256()
    for frame in (parsed.movies[["movieId"]], parsed.ratings, parsed.tags):
        if frame is not None and len(frame):
            digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()[:32]


def _rows(frame: pd.DataFrame, columns: list[str]) -> list[dict[str, Any]]:
    """Plain Python values (None for missing) so the driver never sees numpy or pandas NA."""
    present = [c for c in columns if c in frame.columns]
    values = {c: frame[c].astype(object).where(frame[c].notna(), None).tolist() for c in present}
    return [
        {c: (values[c][i] if c in values else None) for c in columns} for i in range(len(frame))
    ]


def movie_rows(parsed: ParsedDataset) -> list[dict[str, Any]]:
    movies = parsed.movies
    if parsed.links is not None:
        movies = movies.merge(parsed.links, on="movieId", how="left")
    rows = _rows(movies, ["movieId", "title", "year", "imdbId", "tmdbId"])
    for row, genres in zip(rows, movies["genres"].tolist(), strict=True):
        row["genres"] = list(genres)
    return rows


def check_database(writer: Writer, name: str, print_: str) -> None:
    """One dataset per database: refuse to mix another (or another version) in."""
    held = writer.driver.execute_query(cypher("dataset_current"), database_=writer.database)
    for record in held.records:
        if record["name"] != name:
            raise DatasetConflict(
                f"Neo4j already holds dataset {record['name']!r}; rerun with --reset to replace "
                "it (this deletes it and the models trained on it)."
            )
        if record["fingerprint"] != print_:
            raise DatasetConflict(
                f"Neo4j holds other rows under the name {name!r} than these files; rerun with "
                "--reset to replace them."
            )


def reset_database(writer: Writer, yes: bool) -> None:
    if not yes and not typer.confirm("Delete the dataset and models now in Neo4j?", default=False):
        raise typer.Abort()
    writer.reset()


def load(parsed: ParsedDataset, writer: Writer, source: str, reset: bool, yes: bool) -> None:
    print_ = fingerprint(parsed)
    if reset:
        reset_database(writer, yes)
    check_database(writer, parsed.dataset, print_)
    writer.apply_schema()
    tags = parsed.tags if parsed.tags is not None else pd.DataFrame(columns=["userId"])
    params = {
        "name": parsed.dataset,
        "source": source,
        "fingerprint": print_,
        "ratings": len(parsed.ratings),
        "tags": len(tags),
        "scale": [float(x) for x in parsed.scale],
    }
    progress = writer.run("dataset_begin", params, "the dataset marker")[0]
    writer.run(
        "load_genres", {"names": list(parsed.genres)}, "genres", "genres", len(parsed.genres)
    )
    writer.write_nodes("load_movies", movie_rows(parsed), "movies")
    user_cols = ["userId", "age", "gender", "occupation", "zip"]
    writer.write_nodes("load_users", _rows(parsed.users, user_cols), "users")
    rating_cols = {
        "userIds": "userId",
        "movieIds": "movieId",
        "ratings": "rating",
        "timestamps": "timestamp",
    }
    writer.write_edges(
        "load_ratings",
        parsed.ratings,
        rating_cols,
        dataset=parsed.dataset,
        done=progress["ratingsDone"],
        label="ratings",
    )
    if len(tags):
        tag_cols = {
            "userIds": "userId",
            "movieIds": "movieId",
            "tags": "tag",
            "timestamps": "timestamp",
        }
        writer.write_edges(
            "load_tags",
            tags,
            tag_cols,
            dataset=parsed.dataset,
            done=progress["tagsDone"],
            label="tags",
        )
    writer.run(
        "dataset_complete",
        {"name": parsed.dataset, "rejected": len(parsed.rejects)},
        "the dataset marker",
    )


def summary(parsed: ParsedDataset, writer: Writer, seconds: float, rejects: Path | None) -> dict:
    counts = writer.driver.execute_query(cypher("graph_counts"), database_=writer.database)
    rows = len(parsed.ratings)
    return {
        "dataset": parsed.dataset,
        "graph": counts.records[0].data(),
        "nodes_created": writer.stats.nodes_created,
        "relationships_created": writer.stats.relationships_created,
        "rows_rejected": len(parsed.rejects),
        "rejects_file": str(rejects) if rejects else None,
        "seconds": round(seconds, 2),
        "ratings_per_second": round(rows / seconds) if seconds > 0 else None,
    }


def print_summary(result: dict) -> None:
    graph = result["graph"]
    typer.echo(
        f"\nLoaded {result['dataset']}: {graph['users']:,} users, {graph['movies']:,} movies, "
        f"{graph['genres']:,} genres, {graph['ratings']:,} ratings, {graph['tags']:,} tags\n"
        f"  created {result['nodes_created']:,} nodes and "
        f"{result['relationships_created']:,} relationships in {result['seconds']:.1f}s "
        f"({result['ratings_per_second'] or 0:,} ratings/s)\n"
        f"  rows rejected: {result['rows_rejected']:,}"
        + (f" (see {result['rejects_file']})" if result["rejects_file"] else "")
    )


@app.command()
def main(
    dataset: Annotated[
        str | None,
        typer.Option(
            help=f"Which MovieLens dataset: {', '.join(DATASETS)}. Default: detected from "
            "--source, else ml-latest-small."
        ),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            envvar="MOVIELENS_SOURCE",
            help="A local folder or GroupLens zip. Without it the dataset is downloaded from "
            "GroupLens into the cache, checked against its published checksum, and reused.",
        ),
    ] = None,
    reset: Annotated[
        bool, typer.Option(help="Delete the dataset (and models) already in Neo4j first.")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask before --reset.")] = False,
    strict: Annotated[
        bool,
        typer.Option(help="Write nothing if any row is bad; exit non-zero with the first reasons."),
    ] = False,
    rejects: Annotated[
        Path | None,
        typer.Option(
            help="Where bad rows are listed (file, line, reason). "
            "Default: var/rejects/<dataset>.csv"
        ),
    ] = None,
    summary_json: Annotated[
        Path | None, typer.Option(help="Also write the summary as JSON here.")
    ] = None,
    retry_seconds: Annotated[
        float, typer.Option(help="How long to keep retrying a batch while Neo4j is unreachable.")
    ] = 60.0,
) -> None:
    """Load MovieLens into Neo4j: users, movies, genres, ratings (and tags, links, demographics).

    Idempotent: a rerun leaves the same graph; a rerun after a crash completes the load without
    duplicates. Bad rows are never dropped silently: they are listed in the rejects file.
    """
    started = time.perf_counter()
    try:
        name = dataset or (detect_dataset(Path(source)) if source else "ml-latest-small")
        path = resolve_source(source, name)
        parsed = read_dataset(path, name)
        rejects_path = _report_rejects(parsed, rejects, strict)
        settings = Neo4jSettings()
        driver = connect(settings)
        try:
            writer = Writer(driver, settings.database, settings.uri, retry_seconds)
            load(parsed, writer, str(source or path), reset, yes)
            result = summary(parsed, writer, time.perf_counter() - started, rejects_path)
        finally:
            driver.close()
    except MovieRecError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(1) from None
    print_summary(result)
    if summary_json:
        summary_json.parent.mkdir(parents=True, exist_ok=True)
        summary_json.write_text(json.dumps(result, indent=2))


def _report_rejects(parsed: ParsedDataset, path: Path | None, strict: bool) -> Path | None:
    if not parsed.rejects:
        return None
    path = path or Path("var/rejects") / f"{parsed.dataset}.csv"
    write_rejects(parsed.rejects, path)
    if strict:
        first = "\n".join(f"  {r.file}:{r.line}: {r.reason}" for r in parsed.rejects[:10])
        typer.echo(
            f"error: --strict: {len(parsed.rejects)} bad rows, nothing written "
            f"(all listed in {path}). First ones:\n{first}",
            err=True,
        )
        raise typer.Exit(1)
    typer.echo(f"{len(parsed.rejects):,} bad rows rejected, listed in {path}", err=True)
    return path


if __name__ == "__main__":
    app()
