"""Fold-in wiring: a vector for a user the model was not trained on (or whose ratings changed),
computed from the served model's movie vectors and the user's ratings, then stored in the served
slot so the next request is a plain index query.

The arithmetic is `gnn.foldin.fold_in` (numpy only); this module only moves data in and out.
"""

import numpy as np

from api.graph import Graph
from api.scale import RatingScale
from gnn.foldin import fold_in


def refresh_user_vector(graph: Graph, user_id: int, version: int) -> np.ndarray | None:
    """Fold the user in to model `version`; returns the stored query vector [u, 0], or None when
    none of their rated movies has a vector (or the result is all zeros: nothing to rank by)."""
    row = graph.read_one("user_rated_vectors", userId=user_id, version=version)
    if not row or not row["movieIds"]:
        return None
    scale = RatingScale.from_row(row)
    movies = np.asarray(row["vectors"], dtype=np.float64)
    ratings = np.asarray(row["ratings"], dtype=np.float64)
    user = np.asarray(fold_in(movies, ratings, scale=(scale.low, scale.high)), dtype=np.float64)
    if user.shape != (row["dims"],) or not np.isfinite(user).all() or not user.any():
        return None
    query = np.append(user, 0.0)
    graph.write("set_user_vector", userId=user_id, version=version, vector=query.tolist())
    return query
