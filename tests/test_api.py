"""The HTTP API against the real Neo4j holding ml-latest-small with SVD vectors as the model."""

import time

import numpy as np
import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from graphdb import cypher
from tests import serving_fixture
from tests.conftest import TestNeo4j
from tests.serving_fixture import Served, exact_top_k

pytestmark = pytest.mark.integration
movielens = serving_fixture.movielens
client = serving_fixture.client

NEW_USER = 900_001
ANIMATION = [1, 2355, 3114, 4886, 6377, 8961, 60069, 68954, 78499, 2294]  # Pixar and friends
HORROR = [1258, 1387, 1997, 2710, 1214, 1219, 1350, 3081, 593, 1982]


def recommend(client: TestClient, user_id: int, **params: object) -> dict:
    response = client.get(f"/users/{user_id}/recommendations", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def ids(body: dict) -> list[int]:
    return [m["movieId"] for m in body["movies"]]


def test_health_reports_model_and_online_index(client: TestClient, movielens: Served) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok", body
    assert body["neo4j"] == "up" and body["dataset"] == "ml-latest-small"
    assert body["model"]["version"] == movielens.version
    assert body["model"]["indexState"] == "ONLINE"


def test_model_path_says_what_served_it(client: TestClient, movielens: Served) -> None:
    body = recommend(client, 1, k=10)
    assert body["servedBy"] == {
        "method": "model",
        "modelVersion": movielens.version,
        "modelName": "SVD-32",
        "reason": None,
    }
    scores = [m["score"] for m in body["movies"]]
    assert len(scores) == 10 and scores == sorted(scores, reverse=True)
    assert all(m["title"] and m["genres"] for m in body["movies"])


def test_no_rated_movie_is_ever_recommended(client: TestClient, movielens: Served) -> None:
    users = sorted(movielens.rated)
    cases = [(u, {"k": 100}) for u in users[::10]]
    cases += [(u, {"k": 50, "genre": "Drama", "maxYear": 1990}) for u in users[5::40]]
    cases += [(u, {"k": 30, "method": "cf"}) for u in users[7::200]]
    for user_id, params in cases:
        got = set(ids(recommend(client, user_id, **params)))
        assert not got & movielens.rated[user_id], (user_id, params)


@pytest.mark.parametrize("genre", ["Film-Noir", "Horror", "Animation", "Documentary"])
def test_genre_and_year_filters_are_honoured_and_fill_k(client: TestClient, genre: str) -> None:
    for user_id in (1, 68, 414):
        body = recommend(client, user_id, k=20, genre=genre, minYear=1950, maxYear=1999)
        assert len(body["movies"]) == 20, (user_id, genre)
        for movie in body["movies"]:
            assert genre in movie["genres"] and 1950 <= movie["year"] <= 1999


def test_index_top10_matches_exact_dot_product(
    client: TestClient, driver: Driver, movielens: Served
) -> None:
    row = driver.execute_query(cypher("served_vectors")).records[0]
    users = dict(zip(row["userIds"], np.asarray(row["users"]), strict=True))
    movie_ids, movies = np.asarray(row["movieIds"]), np.asarray(row["movies"])
    overlaps = []
    for user_id in sorted(movielens.rated)[:: max(1, len(movielens.rated) // 120)]:
        exact = exact_top_k(users[user_id], movie_ids, movies, movielens.rated[user_id], 10)
        served = ids(recommend(client, user_id, k=10))
        overlaps.append(len(set(exact) & set(served)) / 10)
    assert len(overlaps) >= 100
    assert np.mean(overlaps) >= 0.95, np.mean(overlaps)


def test_new_user_ratings_change_their_recommendations(client: TestClient) -> None:
    assert client.get(f"/users/{NEW_USER}/recommendations").status_code == 404
    ratings = [{"movieId": m, "rating": 5.0} for m in ANIMATION]
    stored = client.post(f"/users/{NEW_USER}/ratings", json={"ratings": ratings}).json()
    assert stored["userCreated"] and stored["stored"] == 10 and stored["updated"] == 0
    assert stored["vector"]["refreshed"] and stored["vector"]["servedBy"]["method"] == "fold-in"
    first = recommend(client, NEW_USER, k=20)
    assert first["servedBy"]["method"] == "fold-in"
    assert not set(ids(first)) & set(ANIMATION)
    horror = [{"movieId": m, "rating": 5.0} for m in HORROR]
    horror += [{"movieId": m, "rating": 0.5} for m in ANIMATION[:5]]
    again = client.post(f"/users/{NEW_USER}/ratings", json={"ratings": horror}).json()
    assert not again["userCreated"] and again["updated"] == 5
    second = recommend(client, NEW_USER, k=20)
    assert ids(second) != ids(first)
    assert not set(ids(second)) & set(ANIMATION + HORROR)

    def share(body: dict, genre: str) -> int:
        return sum(genre in m["genres"] for m in body["movies"])

    assert share(second, "Horror") > share(first, "Horror")


def test_rating_twice_is_idempotent(client: TestClient, driver: Driver) -> None:
    user_id = NEW_USER + 1
    body = {"ratings": [{"movieId": 1, "rating": 4.0}, {"movieId": 2, "rating": 3.5}]}
    client.post(f"/users/{user_id}/ratings", json=body)
    again = client.post(f"/users/{user_id}/ratings", json=body).json()
    assert again["stored"] == 2 and again["updated"] == 2
    count = driver.execute_query(
        "MATCH (:User {userId: $id})-[r:RATED]->() RETURN count(r) AS n, collect(r.rating) AS rs",
        id=user_id,
    ).records[0]
    assert count["n"] == 2 and sorted(count["rs"]) == [3.5, 4.0]


def test_user_rated_but_without_vector_is_folded_in_at_once(
    client: TestClient, driver: Driver
) -> None:
    user_id = NEW_USER + 2
    rows = [{"movieId": m, "rating": 4.5} for m in HORROR]
    driver.execute_query(cypher("rate_movies"), userId=user_id, ratings=rows, timestamp=1)
    assert client.get(f"/users/{user_id}").json()["hasVector"] is False
    body = recommend(client, user_id, k=10)
    assert body["servedBy"]["method"] == "fold-in" and len(body["movies"]) == 10
    assert client.get(f"/users/{user_id}").json()["hasVector"] is True


def test_cold_user_without_ratings_gets_popular_movies(client: TestClient, driver: Driver) -> None:
    user_id = NEW_USER + 3
    driver.execute_query(cypher("load_users"), rows=[{"userId": user_id}])
    body = recommend(client, user_id, k=10)
    assert body["servedBy"]["method"] == "popularity" and "cold start" in body["servedBy"]["reason"]
    assert ids(body)[0] == 356  # Forrest Gump: the most-rated movie of ml-latest-small
    comedy = recommend(client, user_id, k=10, genre="Comedy")
    assert all("Comedy" in m["genres"] for m in comedy["movies"]) and len(comedy["movies"]) == 10


def test_without_a_model_recommendations_fall_back_to_popularity(
    client: TestClient, driver: Driver, movielens: Served
) -> None:
    driver.execute_query("MATCH (s:Serving) DETACH DELETE s")
    try:
        body = recommend(client, 1, k=5, genre="Horror")
        assert body["servedBy"]["method"] == "popularity"
        assert "no model" in body["servedBy"]["reason"]
        assert all("Horror" in m["genres"] for m in body["movies"])
        assert not set(ids(body)) & recommend_rated(driver, 1)
        assert client.get("/health").json()["status"] == "degraded"
        assert client.get("/movies/1/similar").json()["servedBy"]["method"] == "none"
    finally:
        driver.execute_query(cypher("model_activate"), version=movielens.version)
    assert recommend(client, 1)["servedBy"]["method"] == "model"


def recommend_rated(driver: Driver, user_id: int) -> set[int]:
    records = driver.execute_query(
        "MATCH (:User {userId: $id})-[:RATED]->(m) RETURN m.movieId AS id", id=user_id
    ).records
    return {r["id"] for r in records}


def test_explanations_are_paths_from_the_graph(client: TestClient, movielens: Served) -> None:
    body = recommend(client, 1, k=5, explain=True)
    for movie in body["movies"]:
        assert 1 <= len(movie["because"]) <= 3
        kinds = [b["kind"] for b in movie["because"]]
        assert len(set(kinds)) == len(kinds) and set(kinds) <= {"similar", "genre", "peer"}
        for path in movie["because"]:
            assert path["text"]
            if path["kind"] == "similar":
                assert path["movieId"] in movielens.rated[1] and path["rating"] >= 4.0
            if path["kind"] == "genre":
                assert path["genre"] in movie["genres"]


def test_cf_reference_method(client: TestClient) -> None:
    body = recommend(client, 1, k=5, method="cf")
    assert body["servedBy"]["method"] == "cf" and len(body["movies"]) == 5


def test_similar_movies(client: TestClient) -> None:
    body = client.get("/movies/1/similar", params={"k": 10}).json()
    assert body["servedBy"]["method"] == "model" and len(body["movies"]) == 10
    assert 1 not in ids(body) and 3114 in ids(body)  # Toy Story 2 is close to Toy Story
    scores = [m["score"] for m in body["movies"]]
    assert scores == sorted(scores, reverse=True) and all(-1 <= s <= 1 for s in scores)


def test_search_and_movie_and_genres(client: TestClient) -> None:
    found = client.get("/movies", params={"search": "toy story"}).json()["movies"]
    assert found[0]["movieId"] == 1 and {1, 3114, 78499} <= {m["movieId"] for m in found}
    assert client.get("/movies", params={"search": '")(*~'}).json()["movies"] == []
    assert client.get("/movies/1").json()["title"] == "Toy Story (1995)"
    names = [g["name"] for g in client.get("/genres").json()]
    assert "Comedy" in names and names == sorted(names)


@pytest.mark.parametrize(
    ("method", "url", "body", "status", "words"),
    [
        ("GET", "/users/999999/recommendations", None, 404, "unknown user 999999"),
        ("GET", "/users/999999", None, 404, "unknown user"),
        ("GET", "/movies/999999999/similar", None, 404, "unknown movie"),
        ("GET", "/movies/999999999", None, 404, "unknown movie"),
        ("GET", "/users/1/recommendations?k=0", None, 422, "greater than or equal"),
        ("GET", "/users/1/recommendations?k=101", None, 422, "less than or equal"),
        ("GET", "/users/1/recommendations?genre=Cooking", None, 422, "unknown genre"),
        ("GET", "/users/1/recommendations?minYear=2000&maxYear=1990", None, 422, "after"),
        ("POST", "/users/1/ratings", {"ratings": [{"movieId": 1, "rating": 5.5}]}, 422, "scale"),
        ("POST", "/users/1/ratings", {"ratings": [{"movieId": 1, "rating": 3.7}]}, 422, "scale"),
        ("POST", "/users/1/ratings", {"ratings": [{"movieId": -1, "rating": 3}]}, 422, "greater"),
        ("POST", "/users/1/ratings", {"ratings": [{"movieId": 999999999, "rating": 3}]}, 404, "9"),
        ("POST", "/users/1/ratings", {"ratings": []}, 422, "at least 1"),
    ],
)
def test_error_codes(
    client: TestClient, method: str, url: str, body: dict | None, status: int, words: str
) -> None:
    response = client.request(method, url, json=body)
    assert response.status_code == status, response.text
    assert words in response.text


def test_openapi_docs(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/users/{userId}/recommendations", "/users/{userId}/ratings", "/health"} <= set(paths)


def test_503_while_neo4j_is_down_then_recovers(client: TestClient, neo4j_server: TestNeo4j) -> None:
    if neo4j_server.home is None:
        pytest.skip("an external Neo4j cannot be stopped by the tests")
    neo4j_server.stop()
    try:
        response = client.get("/users/1/recommendations")
        assert response.status_code == 503
        assert "unavailable" in response.json()["detail"].lower()
        health = client.get("/health")
        assert health.status_code == 503 and health.json()["neo4j"] == "down"
    finally:
        neo4j_server.start()
    deadline = time.monotonic() + 120
    while client.get("/health").status_code != 200:
        assert time.monotonic() < deadline, "the API did not recover after Neo4j restarted"
        time.sleep(0.5)
    assert recommend(client, 1)["servedBy"]["method"] == "model"
