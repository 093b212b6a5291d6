"""Explanations: for each recommended movie, up to three paths read from the graph
(explain.cypher) and told in a sentence. The paths are evidence for the recommendation, not the
model's computation; the `similar` path is the closest to it, since it uses the model's vectors."""

from api.graph import Graph, Row
from api.scale import RatingScale
from api.schemas import Because


def explain(
    graph: Graph, user_id: int, movie_ids: list[int], version: int | None
) -> dict[int, list[Because]]:
    """{movieId: paths}; a movie with no path (a user with no high ratings) gets []."""
    liked = RatingScale.from_row(graph.read_one("rating_context", movieIds=[])).liked
    rows = graph.read("explain", userId=user_id, movieIds=movie_ids, version=version, liked=liked)
    return {row["movieId"]: [describe(path) for path in row["paths"]] for row in rows}


def describe(path: Row) -> Because:
    """The path with a sentence a person can read."""
    kind = path["kind"]
    if kind == "similar":
        text = (
            f"You rated {path['title']} {path['rating']:g}; in the model's embedding space it is "
            f"close to this movie (cosine {path['similarity']:.2f})."
        )
    elif kind == "genre":
        text = f"{path['genre']}: you rated {path['count']} movies of this genre highly."
    else:
        text = (
            f"User {path['userId']}, who liked {path['count']} of the movies you liked, "
            f"rated it {path['rating']:g}."
        )
    return Because.model_validate({**path, "text": text})
