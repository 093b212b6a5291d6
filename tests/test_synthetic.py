"""The synthetic generator: deterministic, valid MovieLens in every format, with planted taste."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from ingest.parsers import read_dataset
from ingest.synthetic import Synthetic, generate, main

pytestmark = pytest.mark.unit

FORMATS = ["csv", "100k", "dat"]


def cluster_of(ids: pd.Series, known_ids: np.ndarray, clusters: np.ndarray) -> np.ndarray:
    return clusters[np.searchsorted(known_ids, ids.to_numpy())]


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_seed_same_bytes(tmp_path: Path, fmt: str) -> None:
    first = generate(3000, tmp_path / "a", seed=7, fmt=fmt)  # type: ignore[arg-type]
    again = generate(3000, tmp_path / "b", seed=7, fmt=fmt)  # type: ignore[arg-type]
    other = generate(3000, tmp_path / "c", seed=8, fmt=fmt)  # type: ignore[arg-type]
    names = [p.name for p in first.files]
    assert names == [p.name for p in again.files]
    assert all(
        (tmp_path / "a" / n).read_bytes() == (tmp_path / "b" / n).read_bytes() for n in names
    )
    assert any(
        (tmp_path / "a" / n).read_bytes() != (tmp_path / "c" / n).read_bytes() for n in names
    )
    assert np.array_equal(first.user_cluster, again.user_cluster)
    assert not np.array_equal(first.user_cluster, other.user_cluster)


@pytest.mark.parametrize("fmt", FORMATS)
def test_parses_back_clean(tmp_path: Path, fmt: str) -> None:
    made = generate(4000, tmp_path / "syn", seed=1, n_users=40, n_movies=300, fmt=fmt)  # type: ignore[arg-type]
    parsed = read_dataset(tmp_path / "syn", "synthetic")
    assert parsed.rejects == []
    ratings = parsed.ratings
    assert len(ratings) == made.n_ratings == 4000
    assert len(parsed.users) == 40 and len(parsed.movies) == 300
    assert not ratings.duplicated(["userId", "movieId"]).any()
    low, high, step = parsed.scale
    assert ratings["rating"].between(low, high).all()
    assert np.allclose((ratings["rating"] - low) / step % 1, 0)
    increasing = ratings.groupby("userId")["timestamp"].diff().dropna()
    assert (increasing > 0).all()
    assert set(ratings["movieId"]) <= set(made.movie_ids)


def test_csv_extras_and_awkward_titles(tmp_path: Path) -> None:
    generate(2000, tmp_path / "syn", seed=2, n_tags=40, links=True)
    parsed = read_dataset(tmp_path / "syn")
    assert parsed.rejects == []
    assert parsed.tags is not None and len(parsed.tags) == 40
    assert parsed.links is not None and parsed.links["imdbId"].str.len().eq(7).all()
    titles = parsed.movies["title"]
    assert titles.str.contains(",").any() and titles.str.contains("é").any()
    assert parsed.movies["year"].notna().mean() > 0.9
    assert "(no genres listed)" not in parsed.genres
    assert (parsed.movies["genres"].str.len() == 0).any()  # written as the placeholder


def test_planted_taste_is_learnable(tmp_path: Path) -> None:
    """Most of a typical user's ratings fall in their cluster (1/12 by chance), and rate higher."""
    made = generate(20_000, tmp_path / "syn", seed=3, n_movies=3000)
    ratings = read_dataset(tmp_path / "syn").ratings
    own = cluster_of(ratings["userId"], made.user_ids, made.user_cluster) == cluster_of(
        ratings["movieId"], made.movie_ids, made.movie_cluster
    )
    assert pd.Series(own).groupby(ratings["userId"].to_numpy()).mean().median() > 0.6
    assert ratings["rating"][own].mean() > ratings["rating"][~own].mean() + 0.8


def test_heavy_tails(tmp_path: Path) -> None:
    generate(30_000, tmp_path / "syn", seed=4)
    ratings = read_dataset(tmp_path / "syn").ratings
    per_user = ratings.groupby("userId").size()
    per_movie = ratings.groupby("movieId").size()
    assert per_user.max() > 5 * per_user.median()
    assert per_movie.max() > 5 * per_movie.median()
    assert per_user.min() >= 20  # MovieLens keeps users with 20+ ratings


def test_sizes_that_do_not_fit_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="do not fit"):
        generate(1000, tmp_path / "x", n_users=2, n_movies=100)


def test_cli(tmp_path: Path) -> None:
    runner = CliRunner()
    help_text = runner.invoke(_app(), ["--help"]).output
    for option in ("--ratings", "--out", "--seed", "--format", "--users", "--movies"):
        assert option in help_text
    result = runner.invoke(
        _app(), ["--ratings", "500", "--out", str(tmp_path / "o"), "--format", "dat"]
    )
    assert result.exit_code == 0, result.output
    assert "wrote 500 ratings" in result.output
    assert (tmp_path / "o" / "ratings.dat").exists()
    refused = runner.invoke(_app(), ["--ratings", "10", "--out", str(tmp_path), "--format", "xml"])
    assert refused.exit_code == 2 and "not one of csv, 100k, dat" in refused.output


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command()(main)
    return app


def test_returns_truth(tmp_path: Path) -> None:
    made = generate(1000, tmp_path / "syn", seed=5, n_clusters=4)
    assert isinstance(made, Synthetic)
    assert set(np.unique(made.movie_cluster)) == {0, 1, 2, 3}
    assert len(made.cluster_genres) == 4 and len(set(made.cluster_genres)) == 4
