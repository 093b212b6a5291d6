"""The MovieLens datasets this project knows, and how to tell which one a folder or zip holds.

Three on-disk formats exist: the modern CSV files, ml-100k's tab/pipe files and ml-1m's `::` files.
The format decides how to parse; the dataset name decides the rating scale and where to download.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ingest.sources import NotMovieLens, SourceFiles

__all__ = ["DATASETS", "GROUPLENS_URL", "DatasetSpec", "NotMovieLens", "detect_dataset", "spec_for"]

Format = Literal["csv", "100k", "dat"]

GROUPLENS_URL = "https://files.grouplens.org/datasets/movielens"

# Half stars since 2003 in the CSV releases; ml-100k and ml-1m predate them.
SCALES: dict[str, tuple[float, float, float]] = {
    "csv": (0.5, 5.0, 0.5),
    "100k": (1.0, 5.0, 1.0),
    "dat": (1.0, 5.0, 1.0),
}


@dataclass(frozen=True)
class DatasetSpec:
    """Everything the downloader and the parser need to know about one release."""

    name: str
    url: str | None
    md5: str | None  # pinned zip checksum; None: use the `.md5` GroupLens publishes beside the zip
    fmt: Format
    rating_min: float
    rating_max: float
    rating_step: float
    folder: str  # the sub-folder the zip unpacks to

    @property
    def scale(self) -> tuple[float, float, float]:
        return (self.rating_min, self.rating_max, self.rating_step)


def _grouplens(name: str, fmt: Format, md5: str | None = None) -> DatasetSpec:
    low, high, step = SCALES[fmt]
    return DatasetSpec(name, f"{GROUPLENS_URL}/{name}.zip", md5, fmt, low, high, step, name)


DATASETS: dict[str, DatasetSpec] = {
    spec.name: spec
    for spec in (
        _grouplens("ml-latest-small", "csv", "31a303aabbc519bd33d025e44d6c2570"),
        _grouplens("ml-100k", "100k", "0e33842e24a9c977be4e0107933c0723"),
        _grouplens("ml-1m", "dat", "c4d9eecfca2ab87c1945afe126590906"),
        _grouplens("ml-25m", "csv"),
        _grouplens("ml-32m", "csv"),
        _grouplens("ml-latest", "csv"),
    )
}


def spec_for(name: str, fmt: Format) -> DatasetSpec:
    """The registry entry, or an ad-hoc one (synthetic data, renamed folders) on the format's scale.

    A known name whose format disagrees with the files is refused: parsing ml-100k files with the
    CSV scale would reject or accept the wrong ratings without anyone noticing.
    """
    spec = DATASETS.get(name)
    if spec is None:
        low, high, step = SCALES[fmt]
        return DatasetSpec(name, None, None, fmt, low, high, step, name)
    if spec.fmt != fmt:
        raise NotMovieLens(f"{name} is in the {spec.fmt!r} format, but the files are {fmt!r}")
    return spec


def detect_format(files: SourceFiles) -> Format:
    """Which of the three layouts the files follow, from their names alone."""
    if files.has("u.data"):
        return "100k"
    if files.has("ratings.dat") or files.has("movies.dat"):
        return "dat"
    if files.has("ratings.csv") and files.has("movies.csv"):
        return "csv"
    found = ", ".join(sorted(files.names)[:8]) or "no files"
    raise NotMovieLens(
        f"{files.path} is not a MovieLens dataset: expected ratings.csv + movies.csv "
        f"(ml-latest-small, ml-25m, ...), u.data (ml-100k) or ratings.dat/movies.dat (ml-1m); "
        f"found {found}"
    )


def detect_dataset(path: Path | str) -> str:
    """Dataset name of a folder or zip: its own name when that is a known release of its format.

    ml-100k and ml-1m have unique formats, so they are recognised whatever the folder is called;
    a CSV folder with an unknown name keeps that name (it gets the CSV rating scale).
    """
    with SourceFiles(Path(path)) as files:
        return dataset_name(files, detect_format(files))


def dataset_name(files: SourceFiles, fmt: Format) -> str:
    """The first of the folder, zip or inner-folder names that is a known release of `fmt`."""
    candidates = files.candidate_names
    for name in candidates:
        if name in DATASETS and DATASETS[name].fmt == fmt:
            return name
    return {"100k": "ml-100k", "dat": "ml-1m"}.get(fmt, candidates[0])
