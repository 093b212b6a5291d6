"""/users: recommendations for a user, and the ratings that shape them."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query

from api import ratings, recommender
from api.deps import GraphDep
from api.errors import RatingOffScale, UnknownGenre, UnknownMovie, UnknownUser
from api.schemas import ErrorBody, Filters, RatingsIn, RatingsStored, Recommendations, UserSummary

router = APIRouter(prefix="/users", tags=["users"])

UserId = Annotated[int, Path(alias="userId", ge=0, le=2**53, description="MovieLens userId")]
Year = Annotated[int | None, Query(ge=1800, le=2200)]
ERRORS = {404: {"model": ErrorBody}, 422: {"model": ErrorBody}, 503: {"model": ErrorBody}}


@router.get("/{userId}", response_model=UserSummary, responses=ERRORS)
def get_user(graph: GraphDep, user_id: UserId) -> UserSummary:
    status = graph.read_one("user_status", userId=user_id, genre=None)
    if status is None or not status["exists"]:
        raise HTTPException(404, str(UnknownUser(user_id)))
    return UserSummary(user_id=user_id, ratings=status["ratings"], has_vector=status["hasVector"])


@router.get("/{userId}/recommendations", response_model=Recommendations, responses=ERRORS)
def get_recommendations(
    graph: GraphDep,
    user_id: UserId,
    k: Annotated[int, Query(ge=1, le=100, description="How many movies.")] = 10,
    genre: Annotated[str | None, Query(max_length=100, description="Only this genre.")] = None,
    min_year: Annotated[Year, Query(alias="minYear")] = None,
    max_year: Annotated[Year, Query(alias="maxYear")] = None,
    explain: Annotated[bool, Query(description="Add up to three graph paths per movie.")] = False,
    method: Annotated[
        recommender.Strategy,
        Query(description="auto: model, fold-in or popularity; cf: pure-Cypher reference."),
    ] = "auto",
) -> Recommendations:
    """Top-k movies the user has not rated; `servedBy` says what produced them."""
    if min_year is not None and max_year is not None and min_year > max_year:
        raise HTTPException(422, f"minYear {min_year} is after maxYear {max_year}")
    filters = Filters(genre=genre, min_year=min_year, max_year=max_year)
    try:
        return recommender.recommend(graph, user_id, k, filters, method, explain)
    except UnknownUser as e:
        raise HTTPException(404, str(e)) from e
    except UnknownGenre as e:
        raise HTTPException(422, str(e)) from e


@router.post("/{userId}/ratings", response_model=RatingsStored, responses=ERRORS)
def post_ratings(graph: GraphDep, user_id: UserId, body: RatingsIn) -> RatingsStored:
    """Store one or more ratings (the user is created if new; a repeated movie is updated) and
    refresh the user's vector by fold-in, so the next recommendation reflects them."""
    try:
        return ratings.rate(graph, user_id, body.ratings)
    except UnknownMovie as e:
        raise HTTPException(404, str(e)) from e
    except RatingOffScale as e:
        raise HTTPException(422, str(e)) from e
