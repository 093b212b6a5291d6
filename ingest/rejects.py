"""Rows the parser refused, with the file and physical line a person can open to fix them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Reject:
    """One refused row; `line` is 1-based and counts the header line of CSV files."""

    file: str
    line: int
    reason: str


class RejectLog:
    """Collects refused rows as small frames, so a file that is bad throughout stays cheap.

    Rejects come out grouped by file (in the order files were first reported), then by line.
    """

    def __init__(self) -> None:
        self._parts: list[pd.DataFrame] = []

    def add(self, file: str, lines: pd.Index | np.ndarray, reasons: pd.Series | str) -> None:
        lines = np.asarray(lines, dtype=np.int64)
        if len(lines) == 0:
            return
        why = np.full(len(lines), reasons, dtype=object) if isinstance(reasons, str) else reasons
        part = pd.DataFrame({"file": file, "line": lines, "reason": np.asarray(why, dtype=object)})
        self._parts.append(part)

    def drop(
        self, frame: pd.DataFrame, bad: pd.Series, file: str, reasons: pd.Series | str
    ) -> pd.DataFrame:
        """Log the rows flagged in `bad` (the frame's index holds line numbers) and drop them.

        `reasons` may cover only the bad rows, so callers format messages for those alone.
        """
        if not bad.any():
            return frame
        why = reasons if isinstance(reasons, str) else reasons.loc[frame.index[bad]]
        self.add(file, frame.index[bad], why)
        return frame[~bad]

    def to_list(self) -> list[Reject]:
        if not self._parts:
            return []
        every = pd.concat(self._parts, ignore_index=True)
        order = {file: i for i, file in enumerate(dict.fromkeys(every["file"]))}
        every = every.assign(rank=every["file"].map(order)).sort_values(
            ["rank", "line"], kind="stable"
        )
        return [
            Reject(file, int(line), reason)
            for file, line, reason in zip(
                every["file"], every["line"], every["reason"], strict=True
            )
        ]


def write_rejects(rejects: list[Reject], path: Path | str) -> Path:
    """A CSV (file,line,reason) that can be opened beside the data to repair it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    frame = pd.DataFrame(
        {
            "file": [r.file for r in rejects],
            "line": [r.line for r in rejects],
            "reason": [r.reason for r in rejects],
        }
    )
    frame.to_csv(path, index=False)
    return path
