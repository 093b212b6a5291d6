"""Hostile and careless requests against every endpoint of the API on the real Neo4j
(ml-latest-small with SVD vectors served): wrong types, huge and negative numbers, unknown ids,
empty and malformed bodies, Cypher and Lucene injection attempts. Never a 500; a 4xx whose JSON
body names the problem; and the graph holds exactly what it held before
(cypher/graph_counts.cypher)."""

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from api.errors import RatingOffScale
from api.main import create_app
from api.scale import RatingScale
from graphdb import cypher
from tests import serving_fixture

movielens = serving_fixture.movielens

BIG = 10**30
CYPHER_INJECTIONS = [
    "Comedy' OR 1=1 //",
    'Comedy" OR 1=1 //',
    '" }) MATCH (n) DETACH DELETE n //',
    "'}) WITH 1 AS x MATCH (n) DETACH DELETE n RETURN 1 //",
    "Comedy\x00",
    "$genre",
]
LUCENE_SPECIALS = [
    "title:*",
    "*:*",
    "AND OR (",
    "toy~ story^10",
    "/.*/",
    "\\",
    '" }) MATCH (n) DETACH DELETE n //',
    "a b c d e f g h i j k l m n o p q r s t",
    "Comedy' OR 1=1 //",
]
RATING = {"movieId": 1, "rating": 4.0}
INJECTED_ID = "1}) DETACH DELETE n //"


def ratings(*rows: dict[str, Any]) -> dict[str, Any]:
    return {"json": {"ratings": list(rows)}}


def raw(body: bytes | str, content_type: str = "application/json") -> dict[str, Any]:
    return {"content": body, "headers": {"content-type": content_type}}


def rating_literal(number: str) -> dict[str, Any]:
    """A body whose rating is a JSON number literal Python's parser turns into inf or nan."""
    return raw(f'{{"ratings": [{{"movieId": 1, "rating": {number}}}]}}')


TOO_MANY = ratings(*[{"movieId": m, "rating": 4} for m in range(1001)])

# (method, url, request kwargs, expected status, text the JSON body must contain)
CASES: list[tuple[str, str, dict[str, Any], int, str]] = [
    # /users/{userId}
    ("GET", "/users/abc", {}, 422, '"userId"'),
    ("GET", "/users/-1", {}, 422, "greater than or equal"),
    ("GET", f"/users/{BIG}", {}, 422, "less than or equal"),
    ("GET", "/users/1.5", {}, 422, '"userId"'),
    ("GET", "/users/1%20OR%201=1", {}, 422, '"userId"'),
    ("GET", "/users/999999", {}, 404, "unknown user 999999"),
    # /users/{userId}/recommendations
    ("GET", "/users/1/recommendations?k=1000000000", {}, 422, "less than or equal to 100"),
    ("GET", f"/users/1/recommendations?k={BIG}", {}, 422, '"k"'),
    ("GET", "/users/1/recommendations?k=-5", {}, 422, "greater than or equal to 1"),
    ("GET", "/users/1/recommendations?k=abc", {}, 422, '"k"'),
    ("GET", "/users/1/recommendations?k=1e3", {}, 422, '"k"'),
    ("GET", f"/users/{BIG}/recommendations", {}, 422, '"userId"'),
    ("GET", "/users/-7/recommendations", {}, 422, '"userId"'),
    ("GET", "/users/999999/recommendations", {}, 404, "unknown user 999999"),
    ("GET", "/users/1/recommendations?genre=", {}, 422, "unknown genre"),
    ("GET", "/users/1/recommendations", {"params": {"genre": "x" * 101}}, 422, '"genre"'),
    ("GET", f"/users/1/recommendations?minYear={BIG}", {}, 422, '"minYear"'),
    ("GET", "/users/1/recommendations?maxYear=-1", {}, 422, '"maxYear"'),
    ("GET", "/users/1/recommendations?minYear=abc", {}, 422, '"minYear"'),
    ("GET", "/users/1/recommendations?minYear=2000&maxYear=1990", {}, 422, "after maxYear"),
    ("GET", "/users/1/recommendations?explain=maybe", {}, 422, '"explain"'),
    ("GET", "/users/1/recommendations?method=x'%20OR%201=1", {}, 422, '"method"'),
    ("GET", "/users/1/recommendations?method=cf&genre=Cooking", {}, 422, "unknown genre"),
    ("GET", "/users/999999/recommendations?method=cf", {}, 404, "unknown user"),
    ("GET", "/users/999999/recommendations?method=popularity", {}, 404, "unknown user"),
    # POST /users/{userId}/ratings: bodies
    ("POST", "/users/1/ratings", {}, 422, "missing"),
    ("POST", "/users/1/ratings", raw(b""), 422, "missing"),
    ("POST", "/users/1/ratings", raw(b"{"), 422, "JSON decode error"),
    ("POST", "/users/1/ratings", raw(b"{'ratings': []}"), 422, "JSON decode error"),
    ("POST", "/users/1/ratings", raw(b"not json at all"), 422, "JSON decode error"),
    ("POST", "/users/1/ratings", raw(b"[" * 100_000 + b"]" * 100_000), 400, "parsing the body"),
    ("POST", "/users/1/ratings", raw(b'{"ratings": [' + b'{"movieId": 1}' * 3), 422, "JSON"),
    ("POST", "/users/1/ratings", raw(b"ratings=1", "text/plain"), 422, "detail"),
    ("POST", "/users/1/ratings", {"json": {}}, 422, '"ratings"'),
    ("POST", "/users/1/ratings", {"json": []}, 422, "detail"),
    ("POST", "/users/1/ratings", {"json": [RATING]}, 422, "detail"),
    ("POST", "/users/1/ratings", {"json": None}, 422, "detail"),
    ("POST", "/users/1/ratings", {"json": {"ratings": "many"}}, 422, '"ratings"'),
    ("POST", "/users/1/ratings", {"json": {"ratings": None}}, 422, '"ratings"'),
    ("POST", "/users/1/ratings", ratings(), 422, "at least 1"),
    ("POST", "/users/1/ratings", TOO_MANY, 422, "at most 1000"),
    ("POST", "/users/1/ratings", ratings(RATING, RATING), 422, "once per request"),
    # POST: fields of the wrong type or size
    ("POST", "/users/1/ratings", ratings({"movieId": "abc", "rating": 4}), 422, '"movieId"'),
    ("POST", "/users/1/ratings", ratings({"movieId": 1.5, "rating": 4}), 422, '"movieId"'),
    ("POST", "/users/1/ratings", ratings({"movieId": [1], "rating": 4}), 422, '"movieId"'),
    ("POST", "/users/1/ratings", ratings({"movieId": 1, "rating": "five"}), 422, '"rating"'),
    ("POST", "/users/1/ratings", ratings({"movieId": 1, "rating": None}), 422, '"rating"'),
    ("POST", "/users/1/ratings", ratings({"movieId": 1}), 422, "missing"),
    ("POST", "/users/1/ratings", ratings({"rating": 4}), 422, "missing"),
    ("POST", "/users/1/ratings", ratings({"movieId": BIG, "rating": 4}), 422, "less than or equal"),
    ("POST", "/users/1/ratings", ratings({"movieId": -1, "rating": 4}), 422, "greater than"),
    ("POST", "/users/1/ratings", ratings({"movieId": 1, "rating": 1e308}), 422, "scale"),
    ("POST", "/users/1/ratings", ratings({"movieId": 1, "rating": -1e308}), 422, "scale"),
    ("POST", "/users/1/ratings", ratings({"movieId": 1, "rating": 5e-324}), 422, "scale"),
    ("POST", "/users/1/ratings", ratings({"movieId": 1, "rating": -4}), 422, "scale"),
    ("POST", "/users/1/ratings", ratings({"movieId": 1, "rating": BIG}), 422, "scale"),
    ("POST", "/users/1/ratings", rating_literal("1e400"), 422, "finite"),
    ("POST", "/users/1/ratings", rating_literal("NaN"), 422, "finite"),
    ("POST", "/users/1/ratings", rating_literal("Infinity"), 422, "finite"),
    ("POST", "/users/1/ratings", ratings({"movieId": INJECTED_ID, "rating": 4}), 422, '"movieId"'),
    # POST: path and ids
    ("POST", f"/users/{BIG}/ratings", ratings(RATING), 422, '"userId"'),
    ("POST", "/users/-5/ratings", ratings(RATING), 422, '"userId"'),
    ("POST", "/users/abc/ratings", ratings(RATING), 422, '"userId"'),
    ("POST", "/users/1/ratings", ratings({"movieId": 999999999, "rating": 3}), 404, "999999999"),
    ("POST", "/users/1/ratings", ratings({"movieId": 2**53, "rating": 3}), 404, "unknown movie"),
    # /movies?search=
    ("GET", "/movies", {}, 422, '"search"'),
    ("GET", "/movies?search=", {}, 422, "at least 1"),
    ("GET", "/movies", {"params": {"search": "x" * 201}}, 422, "at most 200"),
    ("GET", "/movies?search=toy&limit=1000000000", {}, 422, '"limit"'),
    ("GET", "/movies?search=toy&limit=0", {}, 422, '"limit"'),
    ("GET", "/movies?search=toy&limit=abc", {}, 422, '"limit"'),
    # /movies/{movieId} and /movies/{movieId}/similar
    ("GET", "/movies/abc", {}, 422, '"movieId"'),
    ("GET", "/movies/-1", {}, 422, '"movieId"'),
    ("GET", f"/movies/{BIG}", {}, 422, '"movieId"'),
    ("GET", "/movies/999999999", {}, 404, "unknown movie: 999999999"),
    ("GET", "/movies/1/similar?k=1000000000", {}, 422, '"k"'),
    ("GET", "/movies/1/similar?k=0", {}, 422, '"k"'),
    ("GET", "/movies/1/similar?k=abc", {}, 422, '"k"'),
    ("GET", f"/movies/{BIG}/similar", {}, 422, '"movieId"'),
    ("GET", "/movies/-3/similar", {}, 422, '"movieId"'),
    ("GET", "/movies/999999999/similar", {}, 404, "unknown movie"),
    # routes and methods that do not exist
    ("GET", "/users", {}, 404, "Not Found"),
    ("DELETE", "/users/1", {}, 405, "Method Not Allowed"),
    ("PUT", "/users/1/ratings", ratings(RATING), 405, "Method Not Allowed"),
    ("POST", "/genres", {}, 405, "Method Not Allowed"),
    ("GET", "/../../etc/passwd", {}, 404, "Not Found"),
]
CASES += [
    ("GET", "/users/1/recommendations", {"params": {"genre": g}}, 422, "unknown genre")
    for g in CYPHER_INJECTIONS
]


@pytest.fixture(scope="module")
def api(movielens: serving_fixture.Served) -> Iterator[TestClient]:
    """The app with its lifespan; server errors come back as 500s instead of being raised."""
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="module")
def counts_before(driver: Driver, movielens: serving_fixture.Served) -> dict[str, int]:
    return graph_counts(driver)


def graph_counts(driver: Driver) -> dict[str, int]:
    return driver.execute_query(cypher("graph_counts")).records[0].data()


def send(client: TestClient, method: str, url: str, kwargs: dict[str, Any]) -> Any:
    return client.request(method, url, **kwargs)


def case_id(case: tuple[str, str, dict[str, Any], int, str]) -> str:
    method, url, kwargs, _, _ = case
    detail = repr(kwargs)[:40] if kwargs else ""
    return f"{method} {url[:60]} {detail}".strip()


@pytest.mark.integration
@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_bad_request_is_a_named_4xx(
    api: TestClient, counts_before: dict[str, int], case: tuple
) -> None:
    method, url, kwargs, status, words = case
    response = send(api, method, url, kwargs)
    assert response.status_code == status, (response.status_code, response.text[:500])
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["detail"], response.text
    assert words in response.text, response.text[:500]


@pytest.mark.integration
@pytest.mark.parametrize("search", LUCENE_SPECIALS)
def test_search_text_is_never_lucene_or_cypher(api: TestClient, search: str) -> None:
    """Search text is words, not a query: a field or wildcard query must not match everything."""
    response = api.get("/movies", params={"search": search, "limit": 100})
    assert response.status_code == 200, response.text
    movies = response.json()["movies"]
    assert len(movies) < 100, f"{search!r} matched like a query, not like words"
    if search in ("*:*", "\\", "/.*/"):
        assert movies == []
    if search == "title:*":
        assert all("title" in m["title"].lower() for m in movies)


@pytest.mark.integration
@pytest.mark.parametrize("genre", CYPHER_INJECTIONS)
def test_injected_genre_on_other_paths(api: TestClient, genre: str) -> None:
    for params in ({"method": "cf"}, {"method": "popularity"}, {"explain": "true"}):
        response = api.get("/users/1/recommendations", params={"genre": genre, **params})
        assert response.status_code == 422 and "unknown genre" in response.text, response.text


@pytest.mark.integration
def test_graph_is_intact_afterwards(
    api: TestClient, driver: Driver, counts_before: dict[str, int]
) -> None:
    """Every case once more between two readings, and against the reading before this module."""
    before = graph_counts(driver)
    for method, url, kwargs, _, _ in CASES:
        assert send(api, method, url, kwargs).status_code < 500, (method, url)
    for search in LUCENE_SPECIALS:
        assert api.get("/movies", params={"search": search}).status_code == 200
    after = graph_counts(driver)
    assert after == before == counts_before
    assert api.get("/health").json()["status"] == "ok"


@pytest.mark.unit
@pytest.mark.parametrize("rating", [1e308, -1e308, 1.7976931348623157e308, 1e300])
def test_huge_ratings_are_off_the_scale_not_an_overflow(rating: float) -> None:
    with pytest.raises(RatingOffScale, match="off this dataset's scale"):
        RatingScale(0.5, 5.0, 0.5).check(1, rating)
