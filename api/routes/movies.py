"""/movies and /genres: title search, one movie, similar movies, the genre list."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query

from api import catalog, recommender
from api.deps import GraphDep
from api.errors import UnknownMovie
from api.schemas import ErrorBody, Genre, MovieDetail, MovieSearch, SimilarMovies

router = APIRouter(tags=["movies"])

MovieId = Annotated[int, Path(alias="movieId", ge=0, le=2**53, description="MovieLens movieId")]
ERRORS = {404: {"model": ErrorBody}, 503: {"model": ErrorBody}}


@router.get("/movies", response_model=MovieSearch, responses=ERRORS)
def search_movies(
    graph: GraphDep,
    search: Annotated[str, Query(min_length=1, max_length=200, description="Title words.")],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> MovieSearch:
    """Fulltext search on titles (whole words rank above prefixes)."""
    return catalog.search_movies(graph, search, limit)


@router.get("/movies/{movieId}", response_model=MovieDetail, responses=ERRORS)
def get_movie(graph: GraphDep, movie_id: MovieId) -> MovieDetail:
    try:
        return catalog.movie(graph, movie_id)
    except UnknownMovie as e:
        raise HTTPException(404, str(e)) from e


@router.get("/movies/{movieId}/similar", response_model=SimilarMovies, responses=ERRORS)
def get_similar(
    graph: GraphDep,
    movie_id: MovieId,
    k: Annotated[int, Query(ge=1, le=100)] = 10,
) -> SimilarMovies:
    """Movies closest to this one in the served model's embedding space."""
    try:
        return recommender.similar(graph, movie_id, k)
    except UnknownMovie as e:
        raise HTTPException(404, str(e)) from e


@router.get("/genres", response_model=list[Genre], responses=ERRORS)
def list_genres(graph: GraphDep) -> list[Genre]:
    return catalog.genres(graph)
