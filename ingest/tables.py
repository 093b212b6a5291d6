"""Delimited MovieLens files -> frames indexed by physical line number, structurally checked.

Pandas' C parser does the work (10M ratings in seconds). Two things it cannot do are handled
around it: it stops at a row with too many fields, so such a file (only such a file) is re-read
with the `csv` module, which knows where each row starts; and quoted fields may hold line breaks,
so line numbers are recounted from the fields whenever one does.
"""

from __future__ import annotations

import csv
import io
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

import numpy as np
import pandas as pd

from ingest.rejects import RejectLog
from ingest.sources import NotMovieLens, SourceFiles

UNIT_SEPARATOR = "\x1f"  # stands in for ml-1m's two-character `::`, which the C parser lacks
HEAD_BYTES = 65536


@dataclass(frozen=True)
class TableSpec:
    """How one file is laid out and which of its fields must be numbers."""

    file: str
    columns: tuple[str, ...]
    sep: str = ","
    encoding: str = "utf-8"
    header: bool = False  # CSV releases start with the column names, which must match `columns`
    quoted: bool = False  # titles and tags may be "quoted, with commas"
    ints: tuple[str, ...] = ()
    floats: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()  # may be empty

    @property
    def double_colon(self) -> bool:
        return self.sep == "::"

    @property
    def field_sep(self) -> str:
        return UNIT_SEPARATOR if self.double_colon else self.sep

    @property
    def quoting(self) -> int:
        return csv.QUOTE_MINIMAL if self.quoted else csv.QUOTE_NONE


def read_table(files: SourceFiles, spec: TableSpec, log: RejectLog) -> pd.DataFrame:
    """Rows with every required field present and numeric fields numeric; the rest are logged."""
    first_row = _check_head(files, spec)
    frame = None
    if len(first_row) <= len(spec.columns):
        frame = _parse_fast(files, spec)
    if frame is None:
        frame = _parse_slow(files, spec, log)
    frame = _drop_multiline(_drop_blank(frame), spec, log)
    n_rows = len(frame)
    frame = _check_fields(frame, spec, log)
    if n_rows and frame.empty and not spec.header:
        raise NotMovieLens(
            f"{files.label(spec.file)}: none of its {n_rows} rows is a valid {spec.file} row "
            f"(expected {len(spec.columns)} fields separated by {spec.sep!r}: "
            f"{', '.join(spec.columns)})"
        )
    return frame


def _check_head(files: SourceFiles, spec: TableSpec) -> list[str]:
    """Refuse binary files and wrong headers with one clear error; return the first data row."""
    with files.open(spec.file) as f:
        head = f.read(HEAD_BYTES)
    if b"\x00" in head:
        raise NotMovieLens(f"{files.label(spec.file)} is a binary file, not MovieLens text")
    text = head.decode(spec.encoding, errors="replace").lstrip("\ufeff")
    if spec.double_colon:
        text = text.replace("::", UNIT_SEPARATOR)
    lines = iter(text.splitlines())
    if spec.header:
        found = next(lines, "")
        expected = spec.sep.join(spec.columns)
        if found.strip() != expected:
            raise NotMovieLens(
                f"{files.label(spec.file)} is not a MovieLens {spec.file}: its header is "
                f"{found[:80]!r}, expected {expected!r}"
            )
    rows = csv.reader(lines, delimiter=spec.field_sep, quoting=spec.quoting)
    return next(rows, [])


def _parse_fast(files: SourceFiles, spec: TableSpec) -> pd.DataFrame | None:
    """The C parser; None when some row has too many fields (it cannot say which)."""
    texts = {c: str for c in spec.columns if c not in spec.ints + spec.floats}
    try:
        with _binary(files, spec) as stream, warnings.catch_warnings():
            warnings.simplefilter("ignore", pd.errors.DtypeWarning)
            frame = pd.read_csv(
                stream,
                sep=spec.field_sep,
                header=None,
                names=list(spec.columns),
                skiprows=1 if spec.header else 0,
                skip_blank_lines=False,
                keep_default_na=False,
                na_values=[""],
                index_col=False,
                quoting=spec.quoting,
                encoding=spec.encoding,
                dtype=texts,
                engine="c",
            )
    except pd.errors.EmptyDataError:
        frame = pd.DataFrame({c: pd.Series(dtype=object) for c in spec.columns})
    except pd.errors.ParserError:
        return None
    except UnicodeDecodeError as e:
        raise NotMovieLens(f"{files.label(spec.file)} is not {spec.encoding} text ({e})") from e
    frame.index = _line_numbers(frame, spec, list(texts))
    return frame


def _binary(files: SourceFiles, spec: TableSpec) -> BinaryIO:
    """The file's bytes, with `::` turned into one character for ml-1m's files."""
    if not spec.double_colon:
        return files.open(spec.file)
    raw = files.read_bytes(spec.file).replace(b"::", UNIT_SEPARATOR.encode())
    return io.BytesIO(raw)


def _line_numbers(frame: pd.DataFrame, spec: TableSpec, texts: list[str]) -> pd.Index:
    """Row i starts on line first + i, plus the line breaks held by quoted fields before it."""
    first = 2 if spec.header else 1
    if not spec.quoted or frame.empty:
        return pd.RangeIndex(first, first + len(frame))
    breaks = sum(frame[c].str.count("\n").fillna(0).to_numpy(np.int64) for c in texts)
    if not np.any(breaks):
        return pd.RangeIndex(first, first + len(frame))
    before = np.concatenate([[0], np.cumsum(breaks)[:-1]])
    return pd.Index(first + np.arange(len(frame)) + before)


def _parse_slow(files: SourceFiles, spec: TableSpec, log: RejectLog) -> pd.DataFrame:
    """Row by row with the `csv` module, only for a file the C parser gave up on."""
    width = len(spec.columns)
    rows: list[list[str | None]] = []
    lines: list[int] = []
    for line, fields in _records(files, spec):
        if len(fields) > width:
            log.add(spec.file, [line], f"too many fields ({len(fields)}, expected {width})")
            continue
        rows.append([v if v != "" else None for v in fields] + [None] * (width - len(fields)))
        lines.append(line)
    frame = pd.DataFrame(rows, columns=list(spec.columns), dtype=object)
    frame.index = pd.Index(lines, dtype=np.int64)
    return frame


def _records(files: SourceFiles, spec: TableSpec) -> Iterator[tuple[int, list[str]]]:
    """(first physical line, fields) of every non-blank record after the header."""
    with _binary(files, spec) as raw:
        text = io.TextIOWrapper(raw, encoding=spec.encoding, newline="")
        reader = csv.reader(text, delimiter=spec.field_sep, quoting=spec.quoting)
        start = 1
        for fields in reader:
            if fields and not (spec.header and start == 1):
                yield start, fields
            start = reader.line_num + 1


def _drop_blank(frame: pd.DataFrame) -> pd.DataFrame:
    """Empty lines carry no data; only rows whose first field is empty can be blank."""
    first_missing = frame.iloc[:, 0].isna()
    if not first_missing.any():
        return frame
    blank = first_missing & frame.isna().all(axis=1)
    return frame[~blank]


def _drop_multiline(frame: pd.DataFrame, spec: TableSpec, log: RejectLog) -> pd.DataFrame:
    """No MovieLens field holds a line break: one that does is an unclosed quote that swallowed
    the lines after it, and must be reported as such, not parsed as one long title."""
    if not spec.quoted or frame.empty:
        return frame
    texts = [c for c in spec.columns if c not in spec.ints + spec.floats]
    breaks = sum(frame[c].str.count("\n").fillna(0).to_numpy(np.int64) for c in texts)
    spans = pd.Series(breaks > 0, index=frame.index)
    last = frame.index[spans] + breaks[spans.to_numpy()]
    why = [
        f"quoted field runs over lines {a}-{b} (unclosed quote?)"
        for a, b in zip(frame.index[spans], last, strict=True)
    ]
    return log.drop(frame, spans, spec.file, pd.Series(why, index=frame.index[spans]))


def _check_fields(frame: pd.DataFrame, spec: TableSpec, log: RejectLog) -> pd.DataFrame:
    """Reject rows with a required field missing, then rows whose numbers are not numbers."""
    required = [c for c in spec.columns if c not in spec.optional]
    missing = frame[required].isna()
    if missing.to_numpy().any():
        bad = missing.any(axis=1)
        first_missing = missing[bad].idxmax(axis=1)
        frame = log.drop(frame, bad, spec.file, "missing field " + first_missing)
    for column in spec.ints + spec.floats:
        frame = _to_number(frame, column, column in spec.ints, spec.file, log)
    return frame


def _to_number(
    frame: pd.DataFrame, column: str, integer: bool, file: str, log: RejectLog
) -> pd.DataFrame:
    """Coerce one column, logging each value that is not a number (or not a whole number)."""
    values = frame[column]
    if values.dtype == (np.int64 if integer else np.float64):
        return frame  # the C parser already read clean numbers: nothing to check or copy
    if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        text = values.astype(object).where(values.isna(), values.astype(str))
        values = pd.to_numeric(text, errors="coerce")
        bad = values.isna() & text.notna()
        why = column + " " + _quoted(text[bad]) + " is not a number"
        frame = log.drop(frame, bad, file, why)
        values = values[~bad]
    values = values.astype(np.float64)  # also catches uint64 beyond int64, which would wrap
    if integer:
        frame, values = _whole_numbers(frame, values, column, file, log)
    return frame.assign(**{column: values})


def _whole_numbers(
    frame: pd.DataFrame, values: pd.Series, column: str, file: str, log: RejectLog
) -> tuple[pd.DataFrame, pd.Series]:
    """Ids and timestamps must be whole and fit int64 (casting 1e20 would wrap silently)."""
    huge = values.notna() & ~(values.abs() < 2.0**63)
    frame = log.drop(
        frame, huge, file, column + " " + values[huge].astype(str) + " is out of range"
    )
    values = values[~huge]
    fraction = values.notna() & (values != np.floor(values))
    why = column + " " + values[fraction].astype(str) + " is not a whole number"
    frame = log.drop(frame, fraction, file, why)
    values = values[~fraction]
    return frame, values.astype("Int64" if values.isna().any() else np.int64)


def _quoted(text: pd.Series) -> pd.Series:
    return "'" + text.astype(str).str.slice(0, 40) + "'"
