"""Baselines on tiny matrices, checked against numpy closed forms."""

import numpy as np
import pytest
import torch

from gnn.baselines import EASE, ItemKNN, MostPop, interaction_matrix

pytestmark = pytest.mark.unit

# 4 users x 5 movies; movie 4 has no training rating.
X = np.array(
    [
        [1, 1, 0, 0, 0],
        [1, 0, 1, 0, 0],
        [0, 1, 1, 1, 0],
        [1, 1, 1, 0, 0],
    ],
    dtype=np.float64,
)
INDEX = torch.as_tensor(np.stack(np.nonzero(X)), dtype=torch.long)
USERS = torch.arange(4)


def test_interaction_matrix_is_binary() -> None:
    doubled = torch.cat([INDEX, INDEX[:, :1]], dim=1)
    assert np.array_equal(interaction_matrix(doubled, 4, 5).toarray(), X)


def test_mostpop_ranks_by_training_count() -> None:
    scores = MostPop().fit(INDEX, 4, 5).scores(USERS)
    assert scores.shape == (4, 5)
    assert scores[0].tolist() == X.sum(0).tolist()


@pytest.mark.parametrize("reg", [0.5, 10.0])
def test_ease_matches_numpy_closed_form(reg: float) -> None:
    seen = [0, 1, 2, 3]
    gram = X[:, seen].T @ X[:, seen] + reg * np.eye(len(seen))
    inverse = np.linalg.inv(gram)
    weights = -inverse / np.diag(inverse)[None, :]
    np.fill_diagonal(weights, 0.0)
    expected = np.zeros((5, 5))
    expected[np.ix_(seen, seen)] = weights
    model = EASE(reg).fit(INDEX, 4, 5)
    np.testing.assert_allclose(model.weights.numpy(), expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(model.scores(USERS).numpy(), X @ expected, rtol=1e-5, atol=1e-6)
    assert torch.all(model.weights.diagonal() == 0)


def test_itemknn_is_cosine_with_k_neighbours() -> None:
    norms = np.sqrt(X.sum(0))
    with np.errstate(divide="ignore", invalid="ignore"):
        cosine = np.nan_to_num((X.T @ X) / np.outer(norms, norms))
    np.fill_diagonal(cosine, 0.0)
    full = ItemKNN(k=5).fit(INDEX, 4, 5)
    np.testing.assert_allclose(full.weights.numpy(), cosine, rtol=1e-5, atol=1e-6)
    one = ItemKNN(k=1).fit(INDEX, 4, 5)
    assert (one.weights > 0).sum(0).max() <= 1  # each movie keeps at most one neighbour
    assert one.scores(USERS).shape == (4, 5)
