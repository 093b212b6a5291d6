"""Recommendations for a user, best source first: the served model's stored user vector (one
vector-index query), a fold-in vector for a user the model has not seen, and the popularity
fallback for a user without ratings or a database without a model. `method="cf"` runs the
pure-Cypher collaborative filter the model path is benchmarked against.

The hot path (a known user with a stored vector) is a single round trip: recommend_user.cypher
resolves the served model itself; only when it returns nothing do we ask why (user_status).
"""

from typing import Any, Literal

from api.errors import UnknownGenre, UnknownMovie, UnknownUser
from api.explain import explain
from api.foldin import refresh_user_vector
from api.graph import Graph, Row
from api.scale import RatingScale
from api.schemas import Filters, Recommendations, Recommended, ScoredMovie, ServedBy, SimilarMovies

Strategy = Literal["auto", "cf", "popularity"]
# The index is asked for (rated + fetch) candidates; fetch grows by GROWTH while fewer than k
# survive the filters, until the index runs dry or MAX_FETCH is reached.
GROWTH = 4
MAX_FETCH = 20_000
# The popularity fallback ranks by number of ratings, the usual MostPop cold-start baseline
# (popular_movies.cypher also offers 'mean': best mean rating among the most-rated).
POPULAR_BY = "ratings"


def recommend(
    graph: Graph,
    user_id: int,
    k: int,
    filters: Filters,
    strategy: Strategy = "auto",
    with_reasons: bool = False,
) -> Recommendations:
    """Top-k unrated movies and what served them; explanations are a second query, asked for
    only with `with_reasons`, so the hot path stays one round trip."""
    if strategy == "cf":
        served, movies = _collaborative(graph, user_id, k, filters)
    elif strategy == "popularity":
        _status(graph, user_id, filters)
        served, movies = _popular(graph, user_id, k, filters, "asked for (method=popularity)")
    else:
        served, movies = _best(graph, user_id, k, filters)
    items = [Recommended.model_validate(m) for m in movies]
    if with_reasons and items:
        reasons = explain(graph, user_id, [m.movie_id for m in items], served.model_version)
        for item in items:
            item.because = reasons.get(item.movie_id, [])
    return Recommendations(user_id=user_id, k=k, filters=filters, served_by=served, movies=items)


def _best(graph: Graph, user_id: int, k: int, filters: Filters) -> tuple[ServedBy, list[Row]]:
    row = index_query(graph, "recommend_user", k, filters, userId=user_id)
    if row is not None:
        return _served("fold-in" if row["foldedIn"] else "model", row), row["movies"]
    status = _status(graph, user_id, filters)
    if status["version"] is None:
        return _popular(graph, user_id, k, filters, "no model is served yet")
    if status["ratings"] == 0:
        return _popular(graph, user_id, k, filters, "cold start: the user has no ratings yet")
    vector = refresh_user_vector(graph, user_id, status["version"])
    if vector is None:
        return _popular(graph, user_id, k, filters, "the model knows none of the rated movies")
    row = index_query(
        graph,
        "recommend_vector",
        k,
        filters,
        userId=user_id,
        version=status["version"],
        vector=vector.tolist(),
    )
    if row is None:  # the model was replaced meanwhile; the next request folds in again
        return _popular(graph, user_id, k, filters, "the served model changed; retry")
    return _served("fold-in", row), row["movies"]


def index_query(graph: Graph, name: str, k: int, filters: Filters, **params: Any) -> Row | None:
    """Run a vector-index recommendation query, over-fetching more while filters leave < k."""
    fetch = (4 * k + 20) * (GROWTH if filters.active else 1)
    while True:
        row = graph.read_one(name, k=k, fetch=fetch, **filters.params(), **params)
        if row is None:
            return None
        if not row["genreKnown"]:
            raise UnknownGenre(filters.genre or "")
        exhausted = row["fetched"] < row["requested"]
        if len(row["movies"]) >= k or exhausted or fetch >= MAX_FETCH:
            return row
        fetch = min(fetch * GROWTH, MAX_FETCH)


def _status(graph: Graph, user_id: int, filters: Filters) -> Row:
    status = graph.read_one("user_status", userId=user_id, genre=filters.genre)
    if status is None or not status["exists"]:
        raise UnknownUser(user_id)
    if not status["genreKnown"]:
        raise UnknownGenre(filters.genre or "")
    return status


def _popular(
    graph: Graph, user_id: int, k: int, filters: Filters, reason: str
) -> tuple[ServedBy, list[Row]]:
    row = graph.read_one(
        "popular_movies",
        userId=user_id,
        k=k,
        by=POPULAR_BY,
        pool=200,
        minRatings=1,
        **filters.params(),
    )
    if row is None or not row["genreKnown"]:
        raise UnknownGenre(filters.genre or "")
    return ServedBy(method="popularity", reason=reason), row["movies"]


def _collaborative(
    graph: Graph, user_id: int, k: int, filters: Filters
) -> tuple[ServedBy, list[Row]]:
    _status(graph, user_id, filters)
    liked = RatingScale.from_row(graph.read_one("rating_context", movieIds=[])).liked
    row = graph.read_one("cf_recommend", userId=user_id, k=k, liked=liked, **filters.params())
    movies = row["movies"] if row else []
    return ServedBy(method="cf", reason="pure-Cypher reference, no model"), movies


def _served(method: Literal["model", "fold-in"], row: Row) -> ServedBy:
    return ServedBy(method=method, model_version=row["version"], model_name=row["modelName"])


def similar(graph: Graph, movie_id: int, k: int) -> SimilarMovies:
    """Item-to-item through the served model's index; `UnknownMovie` for an unknown movie, an
    empty list when no model is served or the model has no vector for the movie."""
    row = graph.read_one("similar_movies", movieId=movie_id, k=k, fetch=max(50, 4 * k))
    if row is None:
        if graph.read_one("movie_by_id", movieId=movie_id) is None:
            raise UnknownMovie([movie_id])
        served = ServedBy(method="none", reason="no model is served yet: nothing to compare")
        return SimilarMovies(movie_id=movie_id, k=k, served_by=served, movies=[])
    movies = [ScoredMovie.model_validate(m) for m in row["movies"]]
    return SimilarMovies(movie_id=movie_id, k=k, served_by=_served("model", row), movies=movies)
