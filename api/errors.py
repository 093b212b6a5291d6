"""What the serving domain raises; routes turn these into 404 / 422, `main` turns
`Neo4jUnavailable` (from graphdb) into 503."""

from collections.abc import Sequence

from graphdb import MovieRecError


class UnknownUser(MovieRecError):
    def __init__(self, user_id: int) -> None:
        super().__init__(
            f"unknown user {user_id}: rate a movie (POST /users/{user_id}/ratings) first"
        )
        self.user_id = user_id


class UnknownMovie(MovieRecError):
    def __init__(self, movie_ids: Sequence[int]) -> None:
        ids = ", ".join(map(str, movie_ids))
        super().__init__(f"unknown movie{'s' if len(movie_ids) > 1 else ''}: {ids}")
        self.movie_ids = list(movie_ids)


class UnknownGenre(MovieRecError):
    def __init__(self, genre: str) -> None:
        super().__init__(f"unknown genre {genre!r}: see GET /genres for the genres of this dataset")
        self.genre = genre


class RatingOffScale(MovieRecError):
    """A rating the loaded dataset could not hold (its scale comes from the (:Dataset) node)."""
