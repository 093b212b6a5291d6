"""Distinct (user, movie) pairs drawn by cluster and popularity, for millions of users at once.

Weighted sampling without replacement per user has no vectorised numpy form, so pairs are drawn
with replacement in bulk, duplicates dropped, and the shortfall drawn again. The first rounds
follow the planted structure; users who have exhausted their cluster's likely movies fall back to
popularity, then to uniform picks, and a handful of stragglers are finished one by one.
"""

from __future__ import annotations

import numpy as np

STRUCTURED_ROUNDS = 3  # rounds that draw IN_CLUSTER of the picks from the user's own cluster
WEIGHTED_ROUNDS = 6  # after these, remaining picks are uniform


def sample_pairs(
    rng: np.random.Generator,
    counts: np.ndarray,
    user_cluster: np.ndarray,
    movie_cluster: np.ndarray,
    popularity: np.ndarray,
    in_cluster: float,
) -> tuple[np.ndarray, np.ndarray]:
    """`counts[u]` distinct movie indexes per user; rows grouped by user, in random order within."""
    n_movies = len(movie_cluster)
    in_cluster_cdf = _cluster_cdf(movie_cluster, popularity)
    global_cdf = np.cumsum(popularity) / popularity.sum()
    chosen = np.empty(0, dtype=np.int64)  # sorted keys user * n_movies + movie
    need = counts.astype(np.int64).copy()
    for round_ in range(WEIGHTED_ROUNDS + 2):
        if not need.any():
            break
        users = np.repeat(np.arange(len(counts)), need + need // 4 + 2)
        share = in_cluster if round_ < STRUCTURED_ROUNDS else 0.0
        if round_ < WEIGHTED_ROUNDS:
            movies = _weighted(rng, users, user_cluster, in_cluster_cdf, global_cdf, share)
        else:
            movies = rng.integers(0, n_movies, len(users))
        fresh = _new_pairs(rng, users * n_movies + movies, chosen, need, n_movies)
        chosen = np.sort(np.concatenate([chosen, fresh]))  # disjoint: no duplicates to drop
        need = counts - np.bincount(chosen // n_movies, minlength=len(counts))
    chosen = _finish(rng, chosen, need, n_movies)
    return _shuffled_within_user(rng, chosen, n_movies)


def _cluster_cdf(movie_cluster: np.ndarray, popularity: np.ndarray) -> tuple[np.ndarray, ...]:
    """Movies ordered by cluster with keys cluster + within-cluster CDF: one searchsorted samples
    from every user's own cluster at once."""
    order = np.argsort(movie_cluster, kind="stable")
    clusters, weights = movie_cluster[order], popularity[order]
    starts = np.searchsorted(clusters, clusters)
    cumulative = np.cumsum(weights)
    before = np.concatenate([[0.0], cumulative])[starts]
    totals = np.bincount(clusters, weights=weights)[clusters]
    return order, clusters + (cumulative - before) / totals


def _weighted(
    rng: np.random.Generator,
    users: np.ndarray,
    user_cluster: np.ndarray,
    in_cluster_cdf: tuple[np.ndarray, ...],
    global_cdf: np.ndarray,
    share: float,
) -> np.ndarray:
    order, keys = in_cluster_cdf
    anywhere = np.searchsorted(global_cdf, rng.random(len(users)), side="right")
    targets = user_cluster[users] + rng.random(len(users))
    own = order[np.searchsorted(keys, targets, side="right").clip(max=len(order) - 1)]
    movies = np.where(rng.random(len(users)) < share, own, anywhere)
    return movies.clip(max=len(global_cdf) - 1)


def _new_pairs(
    rng: np.random.Generator,
    keys: np.ndarray,
    chosen: np.ndarray,
    need: np.ndarray,
    n_movies: int,
) -> np.ndarray:
    """Distinct, not yet chosen keys, at most `need[u]` per user, picked at random among them."""
    keys = np.sort(keys)
    distinct = np.concatenate([[True], keys[1:] != keys[:-1]])
    keys = keys[distinct & ~_members(keys, chosen)]
    users = keys // n_movies
    order = np.argsort(users + rng.random(len(keys)))  # by user, at random within each
    keys, users = keys[order], users[order]
    rank = np.arange(len(keys)) - np.searchsorted(users, users)
    return keys[rank < need[users]]


def _members(keys: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    """`np.isin` for a sorted set, without the hashing numpy would spend most of the time on."""
    if len(sorted_set) == 0:
        return np.zeros(len(keys), dtype=bool)
    at = np.searchsorted(sorted_set, keys).clip(max=len(sorted_set) - 1)
    return sorted_set[at] == keys


def _finish(
    rng: np.random.Generator, chosen: np.ndarray, need: np.ndarray, n_movies: int
) -> np.ndarray:
    """The few users still short after the bulk rounds: exact draws from what they have not got."""
    extra = [chosen]
    for user in np.flatnonzero(need > 0):
        low, high = np.searchsorted(chosen, [user * n_movies, (user + 1) * n_movies])
        have = chosen[low:high] % n_movies
        free = np.setdiff1d(np.arange(n_movies), have)
        extra.append(user * n_movies + rng.choice(free, need[user], replace=False))
    return np.sort(np.concatenate(extra))


def _shuffled_within_user(
    rng: np.random.Generator, keys: np.ndarray, n_movies: int
) -> tuple[np.ndarray, np.ndarray]:
    keys = keys[np.argsort(keys // n_movies + rng.random(len(keys)))]
    return keys // n_movies, keys % n_movies
