"""Fold-in: a user vector from rated movies (numpy only) that ranks similar movies first."""

import subprocess
import sys

import numpy as np
import pytest

from gnn.foldin import fold_in, preference_weights

pytestmark = pytest.mark.unit


def test_preference_weighted_mean_by_hand() -> None:
    vectors = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    # ratings 5, 3, 4 -> mean 4 -> weights 2, 0, 1 on the 0.5..5 scale (one star = 1.0)
    expected = (2 * vectors[0] + 0 * vectors[1] + 1 * vectors[2]) / 3
    got = fold_in(vectors, np.array([5.0, 3.0, 4.0]), (0.5, 5.0))
    np.testing.assert_allclose(got, expected, rtol=1e-6)


def test_weights_are_centred_on_the_users_mean() -> None:
    weights = preference_weights(np.array([1.0, 2.0, 3.0]), (1.0, 5.5))
    np.testing.assert_allclose(weights, [0.0, 1.0, 2.0])
    assert preference_weights(np.array([4.0, 4.0]), (0.5, 5.0)).tolist() == [1.0, 1.0]
    assert preference_weights(np.array([2.0, 4.0]), (1.0, 5.0)).sum() == pytest.approx(2.0)


def test_single_rating_returns_that_movie_direction() -> None:
    vector = np.array([[0.3, -0.2, 0.9]])
    np.testing.assert_allclose(fold_in(vector, np.array([4.0])), vector[0], rtol=1e-6)


def test_empty_history_and_bad_shapes() -> None:
    assert fold_in(np.zeros((0, 4)), np.zeros(0)).tolist() == [0.0] * 4
    with pytest.raises(ValueError):
        fold_in(np.ones((3, 4)), np.ones(2))


def test_folded_user_ranks_their_cluster_first() -> None:
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(3, 16))
    labels = np.repeat(np.arange(3), 20)
    movies = centres[labels] + 0.3 * rng.normal(size=(60, 16))
    rated = rng.choice(np.flatnonzero(labels == 1)[:10], 5, replace=False)
    user = fold_in(movies[rated], rng.uniform(3, 5, size=5))
    unrated = np.setdiff1d(np.arange(60), rated)
    top = unrated[np.argsort(-(movies[unrated] @ user))[:10]]
    assert (labels[top] == 1).all()
    assert user.dtype == np.float32 and user.shape == (16,)


def test_importing_foldin_does_not_import_torch() -> None:
    code = "import sys, gnn.foldin; sys.exit('torch' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
