"""Streaming JSONL and CSV: records out for export, rows in for import, one at a time.

Export writes one object per line (JSONL) or one row per object (CSV, columns ``id`` then the
requested properties). Import reads either back: a JSONL line may be an exported object
(``{"id": ..., "properties": {...}}``) or a flat ``{property: value}`` mapping.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Mapping, Sequence
from typing import IO, Any, Literal

import attrs

__all__ = [
    "FORMATS",
    "Format",
    "RecordWriter",
    "Row",
    "RowError",
    "guess_format",
    "read_rows",
]

Format = Literal["jsonl", "csv"]
FORMATS: tuple[Format, ...] = ("jsonl", "csv")

# Fields of an exported object that are not writable properties.
_ENVELOPE_KEYS = frozenset({"id", "createdAt", "updatedAt", "archived", "archivedAt"})


@attrs.frozen
class Row:
    """One input row: its 1-based number among data rows, the file line it starts on, values."""

    number: int
    line: int
    properties: dict[str, str]
    # Envelope fields given with a value (id, createdAt...): HubSpot sets them, so they are
    # not sent, and the import says so.
    ignored: tuple[str, ...] = ()


@attrs.frozen
class RowError:
    """A row that could not be imported, and why."""

    number: int
    line: int
    reason: str

    def __str__(self) -> str:
        return f"row {self.number} (line {self.line}): {self.reason}"


def guess_format(path: str | None, explicit: str | None) -> Format:
    if explicit is not None:
        if explicit not in FORMATS:
            raise ValueError(f"--format must be one of {', '.join(FORMATS)}, got {explicit!r}")
        return explicit
    if path is not None and path.lower().endswith(".csv"):
        return "csv"
    return "jsonl"


def _cell(value: object) -> str | None:
    """A property value as HubSpot's string form; None and "" mean "not set"."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        text = str(value)
        return text or None
    raise TypeError(f"expected a string, number or boolean, got {type(value).__name__}")


def _properties(raw: Mapping[str, Any], where: str) -> dict[str, str]:
    props: dict[str, str] = {}
    for key, value in raw.items():
        if not isinstance(key, str) or not key:
            raise ValueError(f"{where}: property names must be non-empty strings")
        try:
            cell = _cell(value)
        except TypeError as exc:
            raise ValueError(f"{where}.{key}: {exc}") from None
        if cell is not None:
            props[key] = cell
    return props


def _jsonl_rows(stream: IO[str]) -> Iterator[Row | RowError]:
    number = 0
    for line_no, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        number += 1
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield RowError(number, line_no, f"not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(obj, dict):
            yield RowError(number, line_no, f"expected a JSON object, got {type(obj).__name__}")
            continue
        try:
            if isinstance(obj.get("properties"), dict):
                props = _properties(obj["properties"], "properties")
            else:
                flat = {k: v for k, v in obj.items() if k not in _ENVELOPE_KEYS}
                props = _properties(flat, "row")
        except ValueError as exc:
            yield RowError(number, line_no, str(exc))
            continue
        ignored = tuple(k for k in _ENVELOPE_KEYS if obj.get(k) not in (None, ""))
        yield Row(number, line_no, props, ignored)


def _checked(reader: Any) -> Iterator[list[str]]:
    """The reader's rows; a malformed CSV (an unterminated quote, an oversized field) is a
    ValueError naming the line, as every other unusable file is."""
    while True:
        try:
            cells: list[str] = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ValueError(f"the CSV is malformed at line {reader.line_num}: {exc}") from None
        yield cells


def _csv_rows(stream: IO[str]) -> Iterator[Row | RowError]:
    # strict: an unterminated quote is an error, not a cell that swallows the rows after it.
    reader = csv.reader(stream, strict=True)
    header: list[str] | None = None
    number = 0
    line_no = 1
    for cells in _checked(reader):
        start, line_no = line_no, reader.line_num + 1
        if header is None:
            header = [h.strip() for h in cells]
            if not header or any(not h for h in header):
                raise ValueError("the CSV header has an empty column name")
            dups = sorted({h for h in header if header.count(h) > 1})
            if dups:
                raise ValueError(f"the CSV header repeats column(s) {', '.join(dups)}")
            continue
        if not any(c.strip() for c in cells):
            continue
        number += 1
        if len(cells) != len(header):
            yield RowError(
                number, start, f"has {len(cells)} cells but the header has {len(header)} columns"
            )
            continue
        given = {name: value for name, value in zip(header, cells, strict=True) if value != ""}
        props = {name: value for name, value in given.items() if name not in _ENVELOPE_KEYS}
        yield Row(number, start, props, tuple(name for name in given if name in _ENVELOPE_KEYS))


def read_rows(stream: IO[str], fmt: Format) -> Iterator[Row | RowError]:
    """Rows of an import file, lazily; unreadable rows come back as ``RowError``."""
    return _csv_rows(stream) if fmt == "csv" else _jsonl_rows(stream)


class RecordWriter:
    """Writes exported objects (anything with ``id`` and ``properties``) as JSONL or CSV."""

    def __init__(self, stream: IO[str], fmt: Format, columns: Sequence[str]) -> None:
        self._stream = stream
        self._fmt = fmt
        self._columns = list(dict.fromkeys(c for c in columns if c != "id"))
        self._csv: Any = None
        if fmt == "csv":
            self._csv = csv.writer(stream, lineterminator="\n")
            self._csv.writerow(["id", *self._columns])

    def write(self, record: Any) -> None:
        props: Mapping[str, str | None] = record.properties
        if self._fmt == "csv":
            self._csv.writerow([record.id, *(props.get(c) or "" for c in self._columns)])
            return
        line = {"id": record.id, "properties": dict(props)}
        self._stream.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")
