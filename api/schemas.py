"""Every request and response body. Field names are camelCase on the wire (the names MovieLens
and the graph use: userId, movieId) and snake_case in Python."""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic.alias_generators import to_camel

MovieId = int
Method = Literal["model", "fold-in", "popularity", "cf", "none"]
PathKind = Literal["similar", "genre", "peer"]


class Schema(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)


class Movie(Schema):
    movie_id: MovieId
    title: str
    year: int | None = None
    genres: list[str] = []


class MovieDetail(Movie):
    ratings: int = Field(description="How many users rated it.")


class ScoredMovie(Movie):
    score: float = Field(
        description="model / fold-in: the model's dot product u.v; similar movies: cosine of the "
        "two movie vectors; popularity: number of ratings; cf: number of co-rating paths."
    )


class Because(Schema):
    """One path from the graph that explains a recommendation."""

    kind: PathKind
    text: str
    movie_id: MovieId | None = None
    title: str | None = None
    genre: str | None = None
    user_id: int | None = None
    rating: float | None = None
    similarity: float | None = None
    count: int | None = None


class Recommended(ScoredMovie):
    because: list[Because] | None = Field(None, description="Only with explain=true.")


class ServedBy(Schema):
    """What produced the list: a served model (its vectors or a fold-in vector in its space), the
    popularity fallback, or the pure-Cypher collaborative filter."""

    method: Method
    model_version: int | None = None
    model_name: str | None = None
    reason: str | None = None


class Filters(Schema):
    genre: str | None = None
    min_year: int | None = None
    max_year: int | None = None

    @property
    def active(self) -> bool:
        return any(v is not None for v in (self.genre, self.min_year, self.max_year))

    def params(self) -> dict[str, object]:
        return {"genre": self.genre, "minYear": self.min_year, "maxYear": self.max_year}


class Recommendations(Schema):
    user_id: int
    k: int
    filters: Filters
    served_by: ServedBy
    movies: list[Recommended]


class SimilarMovies(Schema):
    movie_id: MovieId
    k: int
    served_by: ServedBy
    movies: list[ScoredMovie]


class MovieSearch(Schema):
    search: str
    movies: list[ScoredMovie]


class Genre(Schema):
    name: str
    movies: int


class UserSummary(Schema):
    user_id: int
    ratings: int
    has_vector: bool = Field(description="Whether the served model's slot holds a vector for them.")


class RatingIn(Schema):
    movie_id: MovieId = Field(ge=0, le=2**53)
    rating: float = Field(allow_inf_nan=False, description="On the loaded dataset's scale.")


class RatingsIn(Schema):
    ratings: list[RatingIn] = Field(min_length=1, max_length=1000)

    @field_validator("ratings")
    @classmethod
    def _one_per_movie(cls, ratings: list[RatingIn]) -> list[RatingIn]:
        ids = [r.movie_id for r in ratings]
        if len(set(ids)) != len(ids):
            raise ValueError("each movieId may appear once per request")
        return ratings


class VectorRefresh(Schema):
    refreshed: bool
    served_by: ServedBy | None = None
    reason: str | None = None


class RatingsStored(Schema):
    user_id: int
    user_created: bool
    stored: int
    updated: int = Field(description="How many of them replaced an earlier rating.")
    timestamp: int
    vector: VectorRefresh


class ModelStatus(Schema):
    version: int
    name: str
    index: str
    index_state: str | None
    dims: int
    trained_at: str | None


class Health(Schema):
    status: Literal["ok", "degraded", "unavailable"]
    neo4j: Literal["up", "down"] = Field(alias="neo4j")
    dataset: str | None = None
    model: ModelStatus | None = None
    problems: list[str] = []


class ErrorBody(Schema):
    """Our errors carry a sentence; request validation errors (422) FastAPI's list of problems."""

    detail: str | list[dict[str, Any]]
