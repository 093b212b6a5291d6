"""A user's new ratings: checked against the dataset (scale, known movies), stored as RATED,
then the user's vector is refreshed by fold-in so the very next recommendation reflects them."""

import time

from api.errors import UnknownMovie
from api.foldin import refresh_user_vector
from api.graph import Graph
from api.scale import RatingScale
from api.schemas import RatingIn, RatingsStored, ServedBy, VectorRefresh


def rate(graph: Graph, user_id: int, ratings: list[RatingIn]) -> RatingsStored:
    """Store the ratings (creating the user if new) and fold the user in to the served model."""
    movie_ids = [r.movie_id for r in ratings]
    context = graph.read_one("rating_context", movieIds=movie_ids)
    scale = RatingScale.from_row(context)
    for r in ratings:
        scale.check(r.movie_id, r.rating)
    if context and context["missing"]:
        raise UnknownMovie(context["missing"])
    timestamp = int(time.time())
    rows = [{"movieId": r.movie_id, "rating": r.rating} for r in ratings]
    written = graph.write("rate_movies", userId=user_id, ratings=rows, timestamp=timestamp)[0]
    return RatingsStored(
        user_id=user_id,
        user_created=written["newUser"],
        stored=written["stored"],
        updated=written["updated"],
        timestamp=timestamp,
        vector=_refresh(graph, user_id),
    )


def _refresh(graph: Graph, user_id: int) -> VectorRefresh:
    served = graph.read_one("serving_current")
    if served is None:
        return VectorRefresh(refreshed=False, reason="no model is served yet")
    if refresh_user_vector(graph, user_id, served["version"]) is None:
        return VectorRefresh(refreshed=False, reason="the model knows none of the rated movies")
    by = ServedBy(method="fold-in", model_version=served["version"], model_name=served["modelName"])
    return VectorRefresh(refreshed=True, served_by=by)
