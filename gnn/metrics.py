"""Top-k ranking metrics and the one full-ranking evaluator every model goes through.

The metric functions are small and pure so they can be checked against hand-computed values; they
take `hits` ([users, >=k] bool: is the i-th recommended movie relevant) and the number of relevant
movies per user, and return one value per user. Ranking is over all movies with the user's
training movies masked out: no sampled negatives, which flatter a model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import torch
from torch import Tensor

ScoreFn = Callable[[Tensor], Tensor]


def _discounts(k: int) -> Tensor:
    return 1.0 / torch.log2(torch.arange(2, k + 2, dtype=torch.float64))


def precision_at_k(hits: Tensor, k: int) -> Tensor:
    return hits[:, :k].double().sum(1) / k


def recall_at_k(hits: Tensor, num_relevant: Tensor, k: int) -> Tensor:
    """Share of the user's relevant movies found in the top k (recommenders' definition)."""
    return hits[:, :k].double().sum(1) / num_relevant.double().clamp(min=1)


def ndcg_at_k(hits: Tensor, num_relevant: Tensor, k: int) -> Tensor:
    """Binary-relevance NDCG; the ideal list puts min(relevant, k) hits first."""
    discounts = _discounts(k)
    dcg = (hits[:, :k].double() * discounts).sum(1)
    ideal_hits = torch.arange(k).unsqueeze(0) < num_relevant.unsqueeze(1)
    idcg = (ideal_hits.double() * discounts).sum(1)
    return dcg / idcg.clamp(min=1e-12)


def map_at_k(hits: Tensor, num_relevant: Tensor, k: int) -> Tensor:
    """Average precision at each hit, divided by min(relevant, k) so a perfect list scores 1."""
    hit = hits[:, :k].double()
    precision_at_i = hit.cumsum(1) / torch.arange(1, k + 1, dtype=torch.float64)
    return (precision_at_i * hit).sum(1) / num_relevant.double().clamp(min=1, max=k)


def coverage_at_k(top: Tensor, num_items: int, k: int) -> float:
    """Share of the catalogue that appears in at least one user's top-k list."""
    return top[:, :k].unique().numel() / num_items


def _user_rows(index: Tensor, batch: Tensor, num_users: int) -> tuple[Tensor, Tensor]:
    """(row within batch, movie) of the interactions of the users in `batch`."""
    row_of_user = torch.full((num_users,), -1, dtype=torch.long)
    row_of_user[batch] = torch.arange(batch.numel())
    rows = row_of_user[index[0]]
    keep = rows >= 0
    return rows[keep], index[1, keep]


@torch.no_grad()
def evaluate(
    score_fn: ScoreFn,
    train_index: Tensor,
    test_index: Tensor,
    num_users: int,
    num_movies: int,
    ks: Sequence[int] = (10, 20),
    chunk_size: int = 1024,
) -> dict[str, float]:
    """Mean metrics over users with at least one test movie, scored `chunk_size` users at a time.

    `train_index` / `test_index` are [2, E] (user, movie) index pairs; training movies are masked
    so the memory stays at chunk_size x num_movies whatever the number of users.
    """
    users = test_index[0].unique()
    max_k = max(ks)
    sums: dict[str, float] = {}
    tops = []
    for batch in users.split(chunk_size):
        scores = score_fn(batch).to(torch.float32).clone()
        scores[_user_rows(train_index, batch, num_users)] = float("-inf")
        relevant = torch.zeros(batch.numel(), num_movies, dtype=torch.bool)
        relevant[_user_rows(test_index, batch, num_users)] = True
        top = scores.topk(min(max_k, num_movies), dim=1).indices
        hits, num_relevant = relevant.gather(1, top), relevant.sum(1)
        for k in ks:
            for name, value in _per_user(hits, num_relevant, k).items():
                sums[name] = sums.get(name, 0.0) + float(value.sum())
        tops.append(top)
    result = {name: total / max(users.numel(), 1) for name, total in sums.items()}
    top_all = torch.cat(tops) if tops else torch.empty(0, max_k, dtype=torch.long)
    result.update({f"coverage@{k}": coverage_at_k(top_all, num_movies, k) for k in ks})
    return result


def _per_user(hits: Tensor, num_relevant: Tensor, k: int) -> dict[str, Tensor]:
    return {
        f"precision@{k}": precision_at_k(hits, k),
        f"recall@{k}": recall_at_k(hits, num_relevant, k),
        f"ndcg@{k}": ndcg_at_k(hits, num_relevant, k),
        f"map@{k}": map_at_k(hits, num_relevant, k),
    }
