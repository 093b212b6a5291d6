"""Movies and genres as they are in the graph: title search, one movie, the genre list."""

import re

from api.errors import UnknownMovie
from api.graph import Graph
from api.schemas import Genre, MovieDetail, MovieSearch, ScoredMovie

_WORD = re.compile(r"\w+", re.UNICODE)


def lucene_query(search: str) -> str | None:
    """A Lucene query for the fulltext index from free text: whole words score above prefixes
    (`toy stor` finds Toy Story); every word is reduced to letters and digits, so nothing the user
    types can be Lucene syntax. None when no word is left."""
    words = [w.lower() for w in _WORD.findall(search)][:16]
    if not words:
        return None
    exact = " AND ".join(words)
    prefix = " AND ".join(f"{w}*" for w in words)
    return f"({exact})^2 OR ({prefix})"


def search_movies(graph: Graph, search: str, limit: int) -> MovieSearch:
    query = lucene_query(search)
    rows = graph.read("search_movies", query=query, limit=limit) if query else []
    return MovieSearch(search=search, movies=[ScoredMovie.model_validate(r) for r in rows])


def movie(graph: Graph, movie_id: int) -> MovieDetail:
    row = graph.read_one("movie_by_id", movieId=movie_id)
    if row is None:
        raise UnknownMovie([movie_id])
    return MovieDetail.model_validate(row)


def genres(graph: Graph) -> list[Genre]:
    return [Genre.model_validate(row) for row in graph.read("genres")]
