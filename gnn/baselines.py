"""The bar a GNN must clear: MostPop, ItemKNN (cosine) and EASE, through the same evaluator.

They take seconds on a CPU, so a GNN that cannot beat a tuned EASE is not worth serving. Each has
`fit(train_index, num_users, num_movies)` and `scores(users) -> [len(users), num_movies]`, and a
`GRID` of hyperparameters that the harness searches on the validation split.
"""

from __future__ import annotations

from typing import ClassVar, Self

import numpy as np
import scipy.sparse as sp
import torch
from torch import Tensor


def interaction_matrix(train_index: Tensor, num_users: int, num_movies: int) -> sp.csr_matrix:
    """Binary user x movie matrix: every rating counts as a positive."""
    users, movies = train_index.numpy()
    ones = np.ones(len(users), dtype=np.float32)
    matrix = sp.csr_matrix((ones, (users, movies)), shape=(num_users, num_movies))
    matrix.data[:] = 1.0  # a repeated pair is still one positive
    return matrix


class MostPop:
    """Every user gets the movies most rated in training: the floor any personal model must beat."""

    GRID: ClassVar[dict[str, list]] = {}

    def fit(self, train_index: Tensor, num_users: int, num_movies: int) -> Self:
        self.popularity = torch.bincount(train_index[1], minlength=num_movies).float()
        return self

    def scores(self, users: Tensor) -> Tensor:
        return self.popularity.expand(users.numel(), -1)


class _ItemToItem:
    """Shared scoring for item-item models: a user's score is their row of X times `weights`."""

    weights: Tensor
    matrix: sp.csr_matrix

    def scores(self, users: Tensor) -> Tensor:
        rows = torch.as_tensor(self.matrix[users.numpy()].toarray())
        return rows @ self.weights


class ItemKNN(_ItemToItem):
    """Cosine item-item similarity, each movie keeping its `k` most similar neighbours."""

    GRID: ClassVar[dict[str, list]] = {"k": [20, 50, 100, 200]}

    def __init__(self, k: int = 50) -> None:
        self.k = k

    def fit(self, train_index: Tensor, num_users: int, num_movies: int) -> Self:
        self.matrix = interaction_matrix(train_index, num_users, num_movies)
        gram = torch.as_tensor((self.matrix.T @ self.matrix).toarray())
        norms = gram.diagonal().sqrt().clamp(min=1e-12)
        similarity = gram / norms.unsqueeze(0) / norms.unsqueeze(1)
        similarity.fill_diagonal_(0.0)
        top = similarity.topk(min(self.k, num_movies), dim=0)
        self.weights = torch.zeros_like(similarity).scatter_(0, top.indices, top.values)
        return self


class EASE(_ItemToItem):
    """EASE (Steck, WWW 2019): B = I - P / diag(P) with P = (X^T X + lambda I)^-1, diag(B) = 0.

    Only movies with a training rating enter the inverse; the others would get all-zero weights
    anyway, so leaving them out is exact and makes the inverse smaller.
    """

    GRID: ClassVar[dict[str, list]] = {"reg": [50.0, 100.0, 200.0, 500.0, 1000.0, 2000.0]}

    def __init__(self, reg: float = 500.0) -> None:
        self.reg = reg

    def fit(self, train_index: Tensor, num_users: int, num_movies: int) -> Self:
        self.matrix = interaction_matrix(train_index, num_users, num_movies)
        seen = torch.as_tensor(np.flatnonzero(self.matrix.getnnz(axis=0)))
        sub = self.matrix[:, seen.numpy()]
        gram = torch.as_tensor((sub.T @ sub).toarray(), dtype=torch.float64)
        gram.diagonal().add_(self.reg)
        inverse = torch.cholesky_inverse(torch.linalg.cholesky(gram))
        block = -inverse / inverse.diagonal().unsqueeze(0)
        block.fill_diagonal_(0.0)
        self.weights = torch.zeros(num_movies, num_movies)
        self.weights[seen.unsqueeze(1), seen.unsqueeze(0)] = block.float()
        return self
