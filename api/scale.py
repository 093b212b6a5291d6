"""The loaded dataset's rating scale, read from the (:Dataset) node: what a rating may be, and
what counts as "liked" for explanations and the collaborative-filtering reference."""

import math
from dataclasses import dataclass

from api.errors import RatingOffScale

# MovieLens' usual scale, for a database loaded without a (:Dataset) marker.
DEFAULT_SCALE = (0.5, 5.0, 0.5)


@dataclass(frozen=True)
class RatingScale:
    low: float
    high: float
    step: float

    @classmethod
    def from_row(cls, row: dict | None) -> "RatingScale":
        if not row or row.get("ratingMin") is None:
            return cls(*DEFAULT_SCALE)
        return cls(float(row["ratingMin"]), float(row["ratingMax"]), float(row["ratingStep"]))

    @property
    def liked(self) -> float:
        """The top quarter of the scale: 4.0 and up on 0.5-5 and on 1-5."""
        return self.high - (self.high - self.low) / 4

    def check(self, movie_id: int, rating: float) -> None:
        """Raise `RatingOffScale` unless `rating` is on the scale's grid."""
        in_range = self.low <= rating <= self.high  # first: (1e308 - low) / step overflows
        steps = (rating - self.low) / self.step if in_range and self.step > 0 else 0.0
        on_grid = math.isclose(steps, round(steps), abs_tol=1e-6)
        if not (in_range and on_grid):
            raise RatingOffScale(
                f"rating {rating:g} for movie {movie_id} is off this dataset's scale: "
                f"{self.low:g} to {self.high:g} in steps of {self.step:g}"
            )
