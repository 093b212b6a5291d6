"""One view over a MovieLens folder or zip, so the parsers never care which one they were given.

GroupLens zips hold their files in a sub-folder (`ml-latest-small/ratings.csv`), and archives made
on macOS add `__MACOSX/` shadows; members are therefore looked up by their base name. Zips are read
in place: nothing is extracted next to the project.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from graphdb.errors import MovieRecError


class NotMovieLens(MovieRecError):
    """A path or file is not MovieLens data; the message names it and says what was expected."""


class SourceFiles:
    """Base name -> file of a MovieLens folder (its top level) or zip (any depth)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._zip: zipfile.ZipFile | None = None
        self._members: dict[str, str] = {}
        self.inner_folders: list[str] = []
        if not self.path.exists():
            raise NotMovieLens(f"{self.path} does not exist (expected a MovieLens folder or .zip)")
        if self.path.is_dir():
            self._members = {p.name: str(p) for p in sorted(self.path.iterdir()) if p.is_file()}
        elif zipfile.is_zipfile(self.path):
            self._index_zip()
        else:
            raise NotMovieLens(
                f"{self.path} is neither a folder nor a zip file (expected a MovieLens folder or "
                f".zip such as ml-latest-small.zip)"
            )

    def _index_zip(self) -> None:
        """Index members by base name; the first folder level names the dataset inside the zip."""
        try:
            self._zip = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError) as e:
            raise NotMovieLens(f"{self.path} is not a readable zip file ({e})") from e
        for info in self._zip.infolist():
            parts = info.filename.split("/")
            if info.is_dir() or parts[0] == "__MACOSX" or parts[-1].startswith("._"):
                continue
            self._members.setdefault(parts[-1], info.filename)
            if len(parts) > 1 and parts[0] not in self.inner_folders:
                self.inner_folders.append(parts[0])

    @property
    def names(self) -> set[str]:
        return set(self._members)

    @property
    def candidate_names(self) -> list[str]:
        """Names the data may go by: the folder or zip name first, then the zip's inner folder."""
        stem = self.path.name if self._zip is None else self.path.stem
        return [stem, *self.inner_folders]

    def has(self, name: str) -> bool:
        return name in self._members

    def label(self, name: str) -> str:
        """Where a file lives, for error messages a person can act on."""
        if self._zip is None:
            return str(self.path / name)
        return f"{self.path}:{self._members.get(name, name)}"

    def open(self, name: str) -> BinaryIO:
        if name not in self._members:
            raise NotMovieLens(f"{self.label(name)} is missing: this MovieLens format needs it")
        if self._zip is None:
            return open(self._members[name], "rb")
        return self._zip.open(self._members[name])  # type: ignore[return-value]

    def read_bytes(self, name: str) -> bytes:
        with self.open(name) as f:
            return f.read()

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def __enter__(self) -> SourceFiles:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
