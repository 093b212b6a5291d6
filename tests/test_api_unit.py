"""Pure parts of the API: rating scale, search query building, explanation sentences, settings,
request validation. No Neo4j."""

import pytest
from pydantic import ValidationError

from api.catalog import lucene_query
from api.errors import RatingOffScale
from api.explain import describe
from api.scale import RatingScale
from api.schemas import Filters, RatingsIn
from api.settings import ApiSettings
from graphdb import Neo4jSettings

pytestmark = pytest.mark.unit

HALF_STARS = RatingScale(0.5, 5.0, 0.5)
WHOLE_STARS = RatingScale(1.0, 5.0, 1.0)


@pytest.mark.parametrize("rating", [0.5, 1.0, 3.5, 5.0])
def test_ratings_on_the_half_star_scale_pass(rating: float) -> None:
    HALF_STARS.check(1, rating)


@pytest.mark.parametrize(
    ("scale", "rating"),
    [(HALF_STARS, 0.0), (HALF_STARS, 5.5), (HALF_STARS, 3.7), (WHOLE_STARS, 3.5), (WHOLE_STARS, 0)],
)
def test_ratings_off_the_scale_are_refused(scale: RatingScale, rating: float) -> None:
    with pytest.raises(RatingOffScale, match="off this dataset's scale"):
        scale.check(7, rating)


def test_liked_is_the_top_quarter() -> None:
    assert HALF_STARS.liked == pytest.approx(3.875)
    assert WHOLE_STARS.liked == 4.0
    assert RatingScale.from_row(None) == HALF_STARS
    row = {"ratingMin": 1, "ratingMax": 5, "ratingStep": 1}
    assert RatingScale.from_row(row) == WHOLE_STARS


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("Toy Story", "(toy AND story)^2 OR (toy* AND story*)"),
        ('star) OR wars~ "x', "(star AND or AND wars AND x)^2 OR (star* AND or* AND wars* AND x*)"),
        ("Amélie", "(amélie)^2 OR (amélie*)"),
        ("(((", None),
        ("", None),
    ],
)
def test_search_text_never_becomes_lucene_syntax(text: str, query: str | None) -> None:
    assert lucene_query(text) == query


def test_explanation_sentences() -> None:
    similar = describe(
        {"kind": "similar", "movieId": 1, "title": "Toy Story (1995)", "rating": 5.0,
         "similarity": 0.912}
    )  # fmt: skip
    assert similar.text.startswith("You rated Toy Story (1995) 5;") and "0.91" in similar.text
    genre = describe({"kind": "genre", "genre": "Horror", "count": 12})
    assert genre.text == "Horror: you rated 12 movies of this genre highly."
    peer = describe({"kind": "peer", "userId": 414, "rating": 4.5, "count": 30})
    assert "User 414" in peer.text and "4.5" in peer.text and peer.user_id == 414


def test_filters_pass_parameters_by_cypher_name() -> None:
    assert not Filters().active
    filters = Filters(genre="Drama", min_year=1990)
    assert filters.active
    assert filters.params() == {"genre": "Drama", "minYear": 1990, "maxYear": None}


def test_ratings_request_validation() -> None:
    body = RatingsIn.model_validate({"ratings": [{"movieId": 1, "rating": 4}]})
    assert body.ratings[0].movie_id == 1
    with pytest.raises(ValidationError, match="once per request"):
        RatingsIn.model_validate({"ratings": [{"movieId": 1, "rating": 4}] * 2})
    with pytest.raises(ValidationError):
        RatingsIn.model_validate({"ratings": [{"movieId": 1, "rating": float("nan")}]})


def test_placeholder_password_is_refused_outside_development() -> None:
    placeholder = Neo4jSettings(password="change-me-placeholder")
    with pytest.raises(ValidationError, match="placeholder"):
        ApiSettings(neo4j=placeholder, movierec_env="production")
    assert ApiSettings(neo4j=placeholder, movierec_env="development").neo4j is placeholder
    real = Neo4jSettings(password="s3cret-enough")
    assert ApiSettings(neo4j=real, movierec_env="production").neo4j is real
