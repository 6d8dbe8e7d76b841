"""Reading cases in chunks (JSON Lines, CSV, Parquet) and writing results atomically."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import attrs
import polars as pl

from talentkit.batch.schema import from_row, profile_schema, suspect_rows, to_row
from talentkit.convert import InputError, parse
from talentkit.facts import FactSpec
from talentkit.subjects import Profile

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_MESSAGE = re.compile(r"^(?P<msg>.*?) @ (?P<path>\$[^\s;]*)(?P<rest>.*)$")


@attrs.frozen
class ErrorRecord:
    """One problem in one input row: its number (1-based), the field path and the message."""

    row: int
    path: str
    message: str


def error_records(row: int, exc: InputError) -> list[ErrorRecord]:
    out = []
    for text in exc.errors:
        m = _MESSAGE.match(text)
        if m:
            out.append(ErrorRecord(row, m.group("path"), (m.group("msg") + m.group("rest"))))
        else:
            out.append(ErrorRecord(row, "$", text))
    return out


def fmt_of(path: Path) -> str:
    name = path.name.lower()
    for suffix, fmt in (
        (".parquet", "parquet"),
        (".pq", "parquet"),
        (".csv", "csv"),
        (".jsonl", "jsonl"),
        (".ndjson", "jsonl"),
        (".json", "jsonl"),
    ):
        if name.endswith(suffix):
            return fmt
    raise ValueError(f"{path}: unknown format; use .jsonl, .csv or .parquet")


# --- CSV column mapping ------------------------------------------------------------------

_INDEX = re.compile(r"^(\w+)\[(\d+)\]$")
_KEYED = ("attestations", "decisions", "waivers")


def load_mapping(path: Path | None) -> dict[str, str]:
    """A mapping file: ``[columns]`` table of CSV header → profile path."""
    if path is None:
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    cols = data.get("columns", {})
    if not isinstance(cols, dict) or not all(isinstance(v, str) for v in cols.values()):
        raise ValueError(f'{path}: expected a [columns] table of header = "profile.path"')
    return dict(cols)


def _scalar(text: str) -> Any:
    """A CSV cell as the value the profile parser expects (it re-checks every type)."""
    t = text.strip()
    if t == "":
        return None
    if t in ("true", "false"):
        return t == "true"
    if t.startswith("[") or t.startswith("{"):
        with contextlib.suppress(json.JSONDecodeError):
            return json.loads(t, parse_float=Decimal)
    if re.fullmatch(r"-?\d+", t):
        return int(t)
    return t


def _put(target: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    cur: Any = target
    i = 0
    while i < len(parts):
        part = parts[i]
        last = i == len(parts) - 1
        if part == "facts":
            cur.setdefault("facts", {})[".".join(parts[i + 1 :])] = value
            return
        if part in _KEYED and isinstance(cur, dict) and cur is target:
            key, field = ".".join(parts[i + 1 : -1]), parts[-1]
            cur.setdefault(part, {}).setdefault(key, {})[field] = value
            return
        m = _INDEX.match(part)
        if m:
            items = cur.setdefault(m.group(1), [])
            k = int(m.group(2))
            while len(items) <= k:
                items.append({})
            if last:
                items[k] = value
                return
            cur = items[k]
        elif last:
            cur[part] = value
        else:
            cur = cur.setdefault(part, {})
        i += 1


def csv_profile(row: Mapping[str | None, str | None], mapping: Mapping[str, str]) -> dict[str, Any]:
    """A CSV record as a nested profile mapping (empty cells are absent facts)."""
    out: dict[str, Any] = {}
    for header, text in row.items():
        if header is None:
            continue
        value = _scalar(text or "")
        if value is None:
            continue
        _put(out, mapping.get(header, header), value)
    return out


# --- chunks -------------------------------------------------------------------------------


@attrs.frozen
class Chunk:
    start: int  # number of the first row (1-based)
    frame: pl.DataFrame  # the valid rows in the canonical layout
    rows: pl.Series  # their row numbers
    errors: list[ErrorRecord]
    read: int  # rows read in this chunk


def raw_chunks(path: Path, fmt: str, size: int) -> Iterator[tuple[int, list[Any]]]:
    """(first row number, raw records) for JSON Lines and CSV."""
    start = 1
    with path.open(encoding="utf-8", newline="") as fh:
        it: Iterator[Any]
        it = iter(csv.DictReader(fh)) if fmt == "csv" else (line for line in fh if line.strip())
        while True:
            batch = []
            for item in it:
                batch.append(item)
                if len(batch) >= size:
                    break
            if not batch:
                return
            yield start, batch
            start += len(batch)


def parse_records(
    start: int,
    records: Sequence[Any],
    fmt: str,
    facts: Mapping[str, FactSpec],
    mapping: Mapping[str, str],
) -> Chunk:
    """Parse and validate raw records exactly as :meth:`Engine.load` does."""
    rows: list[dict[str, Any]] = []
    numbers: list[int] = []
    errors: list[ErrorRecord] = []
    for i, rec in enumerate(records):
        n = start + i
        try:
            if fmt == "csv":
                data = csv_profile(rec, mapping)
            else:
                try:
                    data = json.loads(rec, parse_float=Decimal)
                except json.JSONDecodeError as exc:
                    errors.append(ErrorRecord(n, "$", f"not valid JSON: {exc}"))
                    continue
            profile = parse(data, Profile, facts)
        except InputError as exc:
            errors.extend(error_records(n, exc))
            continue
        rows.append(to_row(profile))
        numbers.append(n)
    schema = profile_schema(facts)
    frame = pl.from_dicts(rows, schema=schema) if rows else pl.DataFrame(schema=schema)
    return Chunk(start, frame, pl.Series("row", numbers, dtype=pl.Int64()), errors, len(records))


def parse_records_ipc(
    start: int,
    records: Sequence[Any],
    fmt: str,
    facts: Mapping[str, FactSpec],
    mapping: Mapping[str, str],
) -> tuple[int, bytes, list[int], list[ErrorRecord], int]:
    """:func:`parse_records` for a worker process: the frame travels as Arrow IPC."""
    chunk = parse_records(start, records, fmt, facts, mapping)
    buf = io.BytesIO()
    chunk.frame.write_ipc(buf)
    return start, buf.getvalue(), chunk.rows.to_list(), chunk.errors, chunk.read


def chunk_from_ipc(payload: tuple[int, bytes, list[int], list[ErrorRecord], int]) -> Chunk:
    start, data, rows, errors, read = payload
    return Chunk(
        start, pl.read_ipc(io.BytesIO(data)), pl.Series("row", rows, dtype=pl.Int64()), errors, read
    )


def parquet_chunks(
    path: Path, size: int, facts: Mapping[str, FactSpec], start: int = 1
) -> Iterator[Chunk]:
    """Parquet in the canonical layout; rows the columnar checks flag are parsed exactly."""
    import pyarrow.parquet as pq

    schema = profile_schema(facts)
    pf = pq.ParquetFile(path)
    names = pf.schema_arrow.names
    unknown = [n for n in names if n not in schema]
    if unknown:
        raise InputError([f"unknown field(s) {', '.join(unknown)} @ $"], str(path))
    suspect = suspect_rows(schema, facts)
    for batch in pf.iter_batches(batch_size=size):
        frame = pl.from_arrow(batch)
        assert isinstance(frame, pl.DataFrame)
        frame = conform(frame, schema, str(path))
        n = frame.height
        numbers = pl.Series("row", range(start, start + n), dtype=pl.Int64())
        errors: list[ErrorRecord] = []
        flagged = frame.select(suspect).to_series().arg_true().to_list()
        bad = []
        for i in flagged:
            try:
                parse(from_row(frame.row(i, named=True), facts), Profile, facts)
            except InputError as exc:
                errors.extend(error_records(start + i, exc))
                bad.append(i)
        if bad:
            keep = pl.Series([True] * n)
            keep.scatter(bad, False)
            frame, numbers = frame.filter(keep), numbers.filter(keep)
        yield Chunk(start, frame, numbers, errors, n)
        start += n


def conform(frame: pl.DataFrame, schema: pl.Schema, source: str) -> pl.DataFrame:
    """Columns in canonical order and types; absent columns are null (facts not known)."""
    cols = []
    for name, dtype in schema.items():
        if name in frame.columns:
            cols.append(pl.col(name).cast(dtype, strict=True))
        else:
            cols.append(pl.lit(None, dtype=dtype).alias(name))
    try:
        return frame.select(cols)
    except pl.exceptions.PolarsError as exc:
        raise InputError([f"columns do not match the profile layout: {exc} @ $"], source) from None


# --- output -------------------------------------------------------------------------------


def _flat(frame: pl.DataFrame) -> pl.DataFrame:
    """Lists joined with "; " for CSV."""
    return frame.with_columns(
        pl.col(c).list.join("; ") for c, t in frame.schema.items() if isinstance(t, pl.List)
    )


class AtomicWriter:
    """Writes chunks to a temporary file beside the target; :meth:`commit` renames it."""

    def __init__(self, path: Path, fmt: str | None = None) -> None:
        self.path = path
        self.fmt = fmt or fmt_of(path)
        self.tmp = path.with_name(f".{path.name}.{os.getpid()}.partial")
        self._fh: IO[bytes] | None = None
        self._pq: Any = None
        self._header = True
        self.count = 0

    def write(self, frame: pl.DataFrame) -> None:
        if self.fmt == "parquet":
            if self._pq is None:
                import pyarrow.parquet as pq

                self._pq = pq.ParquetWriter(self.tmp, frame.to_arrow().schema)
            self._pq.write_table(frame.to_arrow())
        else:
            if self._fh is None:
                self._fh = self.tmp.open("wb")
            if self.fmt == "csv":
                _flat(frame).write_csv(self._fh, include_header=self._header)
                self._header = False
            else:
                frame.write_ndjson(self._fh)
        self.count += frame.height

    def commit(self, empty: pl.DataFrame) -> None:
        if self._pq is None and self._fh is None:
            self.write(empty)
        if self._pq is not None:
            self._pq.close()
        if self._fh is not None:
            self._fh.close()
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            if self._pq is not None:
                self._pq.close()
            if self._fh is not None:
                self._fh.close()
        with contextlib.suppress(FileNotFoundError):
            self.tmp.unlink()
