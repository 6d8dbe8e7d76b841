"""Reading cases in chunks (JSON Lines, CSV, Parquet) and writing results atomically."""

from __future__ import annotations

import codecs
import contextlib
import csv
import difflib
import io
import itertools
import json
import os
import re
import sys
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import attrs
import orjson
import polars as pl

from talentkit.batch.conform import conformed
from talentkit.batch.flat import (
    FlatLayoutError,
    FlatPlan,
    Held,
    column_type,
    detect_layout,
    flat_types,
)
from talentkit.batch.leaves import leaf_starts, open_file, read_group, readable
from talentkit.batch.schema import (
    ItemChecks,
    RecordChecks,
    from_row,
    null_item_rows,
    profile_schema,
    rows_frame,
    suspect_by_column,
    to_row,
)
from talentkit.convert import InputError, parse
from talentkit.facts import FactSpec
from talentkit.inputkeys import InputKeys
from talentkit.inputtext import message_in, split_error
from talentkit.subjects import Profile
from talentkit.text import Lang
from talentkit.textio import (
    MAX_DEPTH,
    Shape,
    TextError,
    decode,
    lone_surrogate,
    repeated_key,
    shape,
    sniff,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

#: the columns of the errors file: the row's number, the field path and the message
ERROR_SCHEMA = pl.Schema({"row": pl.Int64(), "path": pl.String(), "message": pl.String()})


@attrs.frozen
class ErrorRecord:
    """One problem in one input row: its number (1-based), the field path and the message
    (in English, as the parser writes it; :func:`errors_frame` writes it in a language)."""

    row: int
    path: str
    message: str


def error_records(row: int, exc: InputError) -> list[ErrorRecord]:
    out = []
    for text in exc.errors:
        split = split_error(text)
        out.append(ErrorRecord(row, split[1], split[0]) if split else ErrorRecord(row, "$", text))
    return out


def errors_frame(errors: Sequence[ErrorRecord], lang: Lang = "en") -> pl.DataFrame:
    """Rows of the errors file: each message in ``lang``, the field path as written."""
    return pl.DataFrame(
        [{"row": e.row, "path": e.path, "message": message_in(e.message, lang)} for e in errors],
        schema=ERROR_SCHEMA,
    )


class BatchError(ValueError):
    """A run cannot start or go on (unknown format, unwritable output, bad header…)."""


def fmt_of(path: Path) -> str:
    name = path.name.lower()
    for suffix, fmt in (
        (".parquet", "parquet"),
        (".pq", "parquet"),
        (".csv", "csv"),
        (".xlsx", "xlsx"),
        (".jsonl", "jsonl"),
        (".ndjson", "jsonl"),
        (".json", "jsonl"),
    ):
        if name.endswith(suffix):
            return fmt
    raise BatchError(f"{path}: unknown format; use .jsonl, .csv, .xlsx or .parquet")


# --- CSV column mapping ------------------------------------------------------------------

_INDEX = re.compile(r"^(\w+)\[(\d+)\]$")
_SELECT = re.compile(r"^(\w+)\[(\w+)=([^\]]+)\]$")  # organisations[role=company]
_KEYED = ("attestations", "decisions", "waivers")


def load_mapping(path: Path | None) -> dict[str, str]:
    """A mapping file: ``[columns]`` table of CSV header → profile path."""
    if path is None:
        return {}
    try:
        data = tomllib.loads(decode(path.read_bytes()))
    except (OSError, ValueError, RecursionError) as exc:
        raise BatchError(f"{path}: cannot read the mapping: {exc}") from None
    cols = data.get("columns", {})
    if not isinstance(cols, dict) or not all(isinstance(v, str) for v in cols.values()):
        raise BatchError(f'{path}: expected a [columns] table of header = "profile.path"')
    return dict(cols)


def _scalar(text: str) -> Any:
    """A CSV cell as the value the profile parser expects (it re-checks every type)."""
    t = text.strip()
    if t == "":
        return None
    if t.lower() in ("true", "false"):  # Excel writes TRUE / FALSE
        return t.lower() == "true"
    if t.startswith("[") or t.startswith("{"):
        with contextlib.suppress(json.JSONDecodeError):
            return json.loads(t, parse_float=Decimal)
    if re.fullmatch(r"-?\d+", t):
        return int(t)
    return t


def _put(target: dict[str, Any], path: str, value: Any, blanks: list[_Blank]) -> None:
    """Put ``value`` at ``path`` in ``target``; a numbered record before the one named
    that no cell has given yet is added to ``blanks`` (with its list) as well."""
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
        chosen = _SELECT.match(part)
        if chosen and not last:
            items = cur.setdefault(chosen.group(1), [])
            field, code = chosen.group(2), chosen.group(3)
            found = next((x for x in items if isinstance(x, dict) and x.get(field) == code), None)
            if found is None:
                found = {field: code}
                items.append(found)
            cur = found
            i += 1
            continue
        m = _INDEX.match(part)
        if m:
            items = cur.setdefault(m.group(1), [])
            k = int(m.group(2))
            while len(items) <= k:
                blank: dict[str, Any] = {}
                items.append(blank)
                blanks.append(("$." + ".".join([*parts[:i], m.group(1)]), items, blank))
            if last:
                items[k] = value
                return
            cur = items[k]
        elif last:
            cur[part] = value
        else:
            cur = cur.setdefault(part, {})
        i += 1


#: a numbered record a row has given nothing of yet: its list's path, the list, the record
_Blank = tuple[str, list[Any], dict[str, Any]]


def csv_profile(
    row: Mapping[str | None, Any],
    mapping: Mapping[str, str],
    texts: Collection[str | None] = frozenset(),
    numbers: dict[str, list[int]] | None = None,
) -> dict[str, Any]:
    """A CSV record as a nested profile mapping (empty cells are absent facts). The cells
    of the ``texts`` columns (:func:`text_columns`) are text as written, never read as a
    number, a boolean or JSON: an employee number ``0123`` or a county code ``610102`` is
    an identifier. A numbered record none of whose cells is given is absent, as in the
    flat layout's columns: ``team.members[1]`` given alone is the team's one member.
    ``numbers`` receives, for each list whose records were renumbered so, the numbers the
    row gave its records (``{"$.team.members": [1]}``)."""
    out: dict[str, Any] = {}
    blanks: list[_Blank] = []
    for header, text in row.items():
        if header is None:
            extra = text if isinstance(text, list) else [text]
            columns = len(row) - 1
            raise InputError(
                [f"{len(extra)} cell(s) beyond the {columns} column(s) of the header @ $"]
            )
        if header in texts:
            value = _text_cell(text)
        else:
            value = text if not isinstance(text, str) else _scalar(text)
        if value is None:
            continue
        path = mapping.get(header, header)
        if isinstance(value, (dict, list)) and isinstance(text, str):  # a cell of JSON
            wrong = lone_surrogate(text, value) or repeated_key(text, value)
            if wrong is not None:  # (named by the column's path, then the cell's)
                message, _, where = wrong.rpartition(" @ ")
                raise InputError([f"{message} @ $.{path}{where[1:]}"])
        _put(out, path, value, blanks)
    if blanks:
        _close_gaps(blanks, {} if numbers is None else numbers)
    return out


def _close_gaps(blanks: list[_Blank], numbers: dict[str, list[int]]) -> None:
    """Take out the numbered records still blank (a later cell may have filled one, or
    replaced it by a value), noting the numbers of those kept."""
    empty = {id(blank) for _, _, blank in blanks if not blank}
    for path, items in {id(items): (path, items) for path, items, _ in blanks}.values():
        kept = [j for j, x in enumerate(items) if id(x) not in empty]
        if len(kept) < len(items):
            items[:] = [items[j] for j in kept]
            numbers[path] = kept


def _numbered_as_given(message: str, numbers: Mapping[str, list[int]]) -> str:
    """``message`` with the paths into renumbered lists (:func:`csv_profile`) numbered as
    the row's columns number them, outer lists first."""
    for path in sorted(numbers, key=len):
        kept = numbers[path]

        def given(m: re.Match[str], path: str = path, kept: list[int] = kept) -> str:
            k = int(m.group(1))
            return f"{path}[{kept[k]}]" if k < len(kept) else m.group(0)

        message = re.sub(re.escape(path) + r"\[(\d+)\]", given, message)
    return message


def _text_cell(value: Any) -> Any:
    """A cell of a text column: its text without surrounding spaces (none when empty); an
    Excel cell holding a whole number (an identifier typed as a number) as its digits."""
    if isinstance(value, str):
        return value.strip() or None
    if type(value) is int:
        return str(value)
    return value


def text_columns(
    headers: Iterable[str | None], mapping: Mapping[str, str], facts: Mapping[str, FactSpec]
) -> frozenset[str]:
    """The headers of a CSV or Excel file whose columns are text fields or text facts
    (``id``, ``person.gender``, ``organisations[role=employer].county``, a ``str`` fact)."""
    types = flat_types(facts)
    return frozenset(
        h
        for h in headers
        if h is not None and column_type(mapping.get(h, h), facts, types) in _TEXT_TYPES
    )


#: the type names of text columns (a field's, :func:`flat_types`; a fact's, its own)
_TEXT_TYPES = ("text", "str")


# --- chunks -------------------------------------------------------------------------------


@attrs.frozen
class Chunk:
    start: int  # number of the first row (1-based)
    frame: pl.DataFrame  # the valid rows in the canonical layout
    rows: pl.Series  # their row numbers
    errors: list[ErrorRecord]
    read: int  # rows read in this chunk
    #: a flat input's columns that hold lookups, rows as ``frame``'s (None: nested input)
    held: Held | None = None
    #: the cases as parsed, rows as ``frame``'s, where the parser kept them (a chunk of at
    #: most :data:`KEPT_PROFILES` records): what the engine assesses case by case, instead
    #: of parsing each again from its row (None: not kept)
    profiles: tuple[Profile, ...] | None = None

    def whole(self, rows: list[int] | None = None) -> pl.DataFrame:
        """``frame`` (``rows``: these rows of it) with every column of the nested layout:
        a flat input's lists no plan reads are built only here (to parse or assess a
        case by itself)."""
        if self.held is None:
            return self.frame if rows is None else self.frame[rows]
        return self.held.whole(self.frame, rows)

    def keep(self, keep: pl.Series, errors: list[ErrorRecord]) -> Chunk:
        """The chunk with only the rows ``keep`` marks, and these ``errors``."""
        profiles = self.profiles
        if profiles is not None:
            profiles = tuple(p for p, k in zip(profiles, keep.to_list(), strict=True) if k)
        return attrs.evolve(
            self,
            frame=self.frame.filter(keep),
            rows=self.rows.filter(keep),
            errors=errors,
            held=None if self.held is None else self.held.filter(keep),
            profiles=profiles,
        )


Record = tuple[int, Any]
"""A raw record and its number: the file's line (JSON Lines, CSV) or the sheet's row."""

_BAD_TEXT = re.compile(r"[\udc80-\udcff]")  # bytes the file's encoding could not decode
#: the error handler that marks bytes a file's encoding cannot decode (see :func:`bad_text`)
MARK_BAD = "talentkit-mark-bad-text"


def _mark_bad(exc: UnicodeError) -> tuple[str, int]:
    """Mark undecodable bytes as surrogateescape does, for any codec (UTF-16 included): the
    record that holds them becomes an error row, the others are read."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return "\udcff", exc.end


codecs.register_error(MARK_BAD, _mark_bad)


def bad_text(record: Any) -> bool:
    """Whether a raw record (a line, or a row's cells) holds undecodable bytes."""
    if isinstance(record, str):
        try:  # (a text without surrogates holds none: told several times faster)
            record.encode("utf-8")
        except UnicodeEncodeError:
            return _BAD_TEXT.search(record) is not None
        return False
    if isinstance(record, Mapping):
        return any(bad_text(k) or bad_text(v) for k, v in record.items())
    if isinstance(record, (list, tuple)):
        return any(bad_text(v) for v in record)
    return False


def check_header(
    header: Sequence[Any],
    mapping: Mapping[str, str],
    source: str,
    *,
    layout: str | None = None,
    facts: Mapping[str, FactSpec] | None = None,
) -> None:
    """Every column must lead to a profile field; otherwise every row would be an error.

    A flat header (paths below the profile's fields) is checked path by path against the
    flat layout, with the closest column named; the cells are text, parsed row by row.
    """
    paths = [mapping.get(str(c), str(c)) for c in header if c is not None]
    if facts is not None and (layout or detect_layout(paths)) == "flat":
        try:
            FlatPlan(dict.fromkeys(paths, pl.String()), facts, None, source, types=False)
        except FlatLayoutError as exc:
            raise BatchError(str(exc)) from None
    fields = [f.name for f in attrs.fields(Profile)]
    unknown, seen, twice = [], set(), []
    for cell in header:
        name = "" if cell is None else str(cell)
        if name in seen:
            twice.append(name)
        seen.add(name)
        first = re.match(r"^(\w*)", mapping.get(name, name))
        if first is None or first.group(1) not in fields:
            close = difflib.get_close_matches(name, fields, n=1)
            unknown.append(repr(name) + (f" (did you mean {close[0]}?)" if close else ""))
    problems = []
    if unknown:
        problems.append(
            "column(s) matching no profile field: " + ", ".join(unknown) + "; name columns "
            "by profile path (person.birth_date, facts.<name>) or map them with --mapping"
        )
    if twice:
        problems.append(f"column(s) named twice: {', '.join(map(repr, twice))}")
    if problems:
        raise BatchError(f"{source}: " + "; ".join(problems))


def _text_records(
    path: Path,
    fmt: str,
    mapping: Mapping[str, str],
    encoding: str | None,
    layout: str | None = None,
    facts: Mapping[str, FactSpec] | None = None,
) -> Iterator[Record]:
    with path.open("rb") as fh:
        sample = fh.read(1 << 16)
    try:
        name = sniff(sample, encoding, lenient=True)
    except TextError as exc:
        raise BatchError(f"{path}: {exc}") from None
    with path.open(encoding=name, errors=MARK_BAD, newline="") as fh:
        try:
            if fmt != "csv":
                for number, line in enumerate(fh, start=1):
                    if line.strip():
                        yield number, line
                return
            reader = csv.reader(fh)
            try:
                header = next(reader, None)
            except csv.Error as exc:
                near = reader.line_num
                raise BatchError(f"{path}: not valid CSV near line {near}: {exc}") from None
            if header is None:
                return
            check_header(header, mapping, str(path), layout=layout, facts=facts)
            yield from csv_records(fh, header, reader.line_num + 1, str(path))
        except UnicodeDecodeError as exc:
            raise BatchError(f"{path}: not valid {name} text ({exc.reason})") from None


def csv_records(
    lines: Iterable[str], header: Sequence[str], line: int, where: str
) -> Iterator[Record]:
    """The records of the CSV text ``lines`` (the first is the file's ``line``-th line),
    each numbered by the line it starts on; a blank line is no record.

    :raises BatchError: text that is not CSV, naming ``where`` and the line
    """
    reader = csv.reader(lines)
    done = 0
    try:
        for cells in reader:
            number, done = line + done, reader.line_num
            if cells:
                yield number, csv_row(header, cells)
    except csv.Error as exc:
        near = line + reader.line_num - 1
        raise BatchError(f"{where}: not valid CSV near line {near}: {exc}") from None


def csv_header(records: Sequence[Any]) -> tuple[str, ...]:
    """The columns a chunk's CSV or Excel records (numbered or not) name: a record holds a
    prefix of the file's header (a short row names fewer; cells beyond it are under None),
    so the longest names them all."""
    longest = max((r[1] if isinstance(r, tuple) else r for r in records), key=len)
    return tuple(h for h in longest if h is not None)


def csv_row(header: Sequence[Any], cells: Sequence[Any]) -> dict[str | None, Any]:
    row: dict[str | None, Any] = dict(zip(header, cells, strict=False))
    if len(cells) > len(header):
        row[None] = list(cells[len(header) :])
    return row


def _xlsx_records(
    path: Path,
    mapping: Mapping[str, str],
    layout: str | None = None,
    facts: Mapping[str, FactSpec] | None = None,
) -> Iterator[Record]:
    """The first sheet: a header row, then one case per row (numbered as the sheet does)."""
    from talentkit.batch.excel import sheet_rows

    rows = sheet_rows(path)
    header = next(rows, None)
    if header is None:
        return
    _, names = header
    check_header(names, mapping, str(path), layout=layout, facts=facts)
    for number, cells in rows:
        if any(c is not None and c != "" for c in cells):
            yield number, csv_row(names, cells)


def raw_chunks(
    path: Path,
    fmt: str,
    size: int,
    mapping: Mapping[str, str] | None = None,
    encoding: str | None = None,
    *,
    layout: str | None = None,
    facts: Mapping[str, FactSpec] | None = None,
) -> Iterator[tuple[int, list[Record]]]:
    """(first record number, numbered raw records) for JSON Lines, CSV and Excel."""
    records = (
        _xlsx_records(path, mapping or {}, layout, facts)
        if fmt == "xlsx"
        else _text_records(path, fmt, mapping or {}, encoding, layout, facts)
    )
    while True:
        batch = []
        for item in records:
            batch.append(item)
            if len(batch) >= size:
                break
        if not batch:
            return
        yield batch[0][0], batch


def parse_records(
    start: int,
    records: Sequence[Any],
    fmt: str,
    facts: Mapping[str, FactSpec],
    mapping: Mapping[str, str],
    keys: InputKeys | None = None,
    keep: bool = False,
) -> Chunk:
    """Parse and validate raw records exactly as :meth:`Engine.load` does.

    ``records`` are ``(number, record)`` pairs (plain records are numbered from ``start``).
    The cases are kept as parsed (:attr:`Chunk.profiles`) for at most
    :data:`KEPT_PROFILES` records, or whatever their number with ``keep``.
    """
    rows: list[dict[str, Any]] = []
    numbers: list[int] = []
    errors: list[ErrorRecord] = []
    texts: frozenset[str] = frozenset()
    kept: list[Profile] | None = [] if keep or len(records) <= KEPT_PROFILES else None
    if fmt in ("csv", "xlsx") and records:
        texts = text_columns(csv_header(records), mapping, facts)
    for i, item in enumerate(records):
        n, rec = item if isinstance(item, tuple) else (start + i, item)
        try:
            if fmt in ("csv", "xlsx"):
                case = csv_case(rec, mapping, texts, facts, keys)
                rows.append(to_row(case))
                numbers.append(n)
                if kept is not None:
                    kept.append(case)
                continue
            if bad_text(rec):
                raise InputError(["bytes that are not valid text in the file's encoding @ $"])
            try:
                data, (deep, count, _) = decoded(rec)
            except json.JSONDecodeError as exc:
                errors.append(ErrorRecord(n, "$", f"not valid JSON: {exc}"))
                continue
            except RecursionError:
                errors.append(ErrorRecord(n, "$", f"nested more than {MAX_DEPTH} levels deep"))
                continue
            except ValueError as exc:  # e.g. an integer of thousands of digits
                errors.append(ErrorRecord(n, "$", f"not valid JSON: {exc}"))
                continue
            checked = isinstance(data, dict)
            if checked:  # (else the parser names what it expected)
                if deep is not None:
                    raise InputError([f"nested more than {MAX_DEPTH} levels deep @ {deep}"])
                wrong = lone_surrogate(rec, data) or repeated_key(rec, data, count)
                if wrong is not None:
                    raise InputError([wrong])
            profile = parse(data, Profile, facts, keys=keys, depth_checked=checked)
        except InputError as exc:
            errors.extend(error_records(n, exc))
            continue
        rows.append(to_row(profile))
        numbers.append(n)
        if kept is not None:
            kept.append(profile)
    frame = rows_frame(rows, facts)
    numbered = pl.Series("row", numbers, dtype=pl.Int64())
    profiles = None if kept is None else tuple(kept)
    return Chunk(start, frame, numbered, errors, len(records), profiles=profiles)


#: a chunk of at most this many records keeps its cases as parsed (:attr:`Chunk.profiles`):
#: a run of few cases assesses them all by the engine, where parsing each again from its
#: row took longer than reading it (1.4 ms a case against 0.8 ms for a Shaanxi person); a
#: run that assesses some rule or programme case by case keeps every chunk's
#: (``parse_records(keep=True)``)
KEPT_PROFILES = 1000


def decoded(text: str) -> tuple[Any, Shape]:
    """The value of the JSON ``text``, numbers read from their text (a fraction as a
    :class:`~decimal.Decimal`, never a binary float), and its shape
    (:func:`~talentkit.textio.shape`: where it nests too deep, its objects' keys).

    Decoded by orjson, whose value is kept when it holds no float and nests no deeper than
    allowed: orjson reads a number with a fraction or an exponent as a float, and an
    integer beyond 64 bits too. Such a text, and any text orjson refuses, is decoded by
    :func:`json.loads`, exact, whose errors are the ones reported. (Telling such a text by
    a pattern over it took longer than decoding it.)

    :raises ValueError: text that is not JSON (:class:`json.JSONDecodeError`), or a number
        Python will not read
    :raises RecursionError: nested too deeply for :func:`json.loads`
    """
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:
        pass
    else:
        found = shape(value)
        if not found.floats and found.deep is None:
            return value, found
    value = json.loads(text, parse_float=Decimal)
    return value, shape(value)


def csv_case(
    record: Mapping[str | None, Any],
    mapping: Mapping[str, str],
    texts: Collection[str | None],
    facts: Mapping[str, FactSpec],
    keys: InputKeys | None = None,
) -> Profile:
    """A CSV or Excel record (its cells by header) parsed as :meth:`Engine.load` parses a
    case; ``texts``: the headers of text columns (:func:`text_columns`).

    :raises InputError: naming each problem and its path
    """
    if bad_text(record):
        raise InputError(["bytes that are not valid text in the file's encoding @ $"])
    numbers: dict[str, list[int]] = {}
    profile = csv_profile(record, mapping, texts, numbers)
    try:
        return parse(profile, Profile, facts, keys=keys)
    except InputError as exc:
        if not numbers:
            raise
        errors = [_numbered_as_given(e, numbers) for e in exc.errors]
        raise InputError(errors, exc.source) from None


def parse_records_ipc(
    start: int,
    records: Sequence[Any],
    fmt: str,
    facts: Mapping[str, FactSpec],
    mapping: Mapping[str, str],
    keys: InputKeys | None = None,
) -> tuple[int, bytes, list[int], list[ErrorRecord], int]:
    """:func:`parse_records` for a worker process: the frame travels as Arrow IPC."""
    chunk = parse_records(start, records, fmt, facts, mapping, keys)
    buf = io.BytesIO()
    chunk.frame.write_ipc(buf)
    return start, buf.getvalue(), chunk.rows.to_list(), chunk.errors, chunk.read


def chunk_from_ipc(payload: tuple[int, bytes, list[int], list[ErrorRecord], int]) -> Chunk:
    start, data, rows, errors, read = payload
    return Chunk(
        start, pl.read_ipc(io.BytesIO(data)), pl.Series("row", rows, dtype=pl.Int64()), errors, read
    )


#: the texts a chunk's text leaves can hold, where known by their paths (the column, then the
#: fields of the structs under it; :func:`~talentkit.batch.leaves.read_group`)
Texts = dict[tuple[str, ...], pl.Series]


#: rows per chunk by default, except for a flat Parquet file (:data:`FLAT_CHUNK_ROWS`): two
#: chunks are in memory at once (one assessed, the next read); the five Shaanxi person
#: programmes peak at about 0.8 GiB with 50,000 (1.3 GiB with 100,000) whatever the number of
#: rows; a nested input costs less CPU time than with 100,000 or 25,000 (docs/batch.md,
#: "Around the evaluation")
CHUNK_ROWS = 50_000
#: rows per chunk of a flat Parquet file by default: each chunk's fixed cost (its queries
#: planned, its functions called) is spread over twice the rows for about 0.2 GiB more at the
#: peak, where a nested file's larger chunks cost more CPU time (docs/batch.md, "A flat
#: file's chunks of 100,000")
FLAT_CHUNK_ROWS = 100_000


def parquet_chunks(
    path: Path,
    size: int | None,
    facts: Mapping[str, FactSpec],
    start: int = 1,
    keys: InputKeys | None = None,
    *,
    layout: str | None = None,
    mapping: Mapping[str, str] | None = None,
    plans: Sequence[Any] = (),
) -> Iterator[Chunk]:
    """Parquet in the nested or the flat layout (``layout``, else from the column names);
    flat columns are converted column-wise, and rows the columnar checks flag are parsed
    exactly, so both layouts get the same checks. ``plans``: the compiled plans the
    chunks are for (a flat file's lists they do not read are not built). ``size``: rows
    per chunk (None: :data:`FLAT_CHUNK_ROWS` for the flat layout, else :data:`CHUNK_ROWS`)."""
    import pyarrow.parquet as pq

    schema = profile_schema(facts)
    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow's errors for a file that is not Parquet
        raise BatchError(f"{path}: not a readable Parquet file ({exc})") from None
    rename = {n: mapping[n] for n in pf.schema_arrow.names if mapping and n in mapping}
    names = [rename.get(n, n) for n in pf.schema_arrow.names]
    plan: FlatPlan | None = None
    if (layout or detect_layout(names)) == "flat":
        empty = pl.from_arrow(pf.schema_arrow.empty_table())
        assert isinstance(empty, pl.DataFrame)
        plan = flat_plan(empty.rename(rename).schema, facts, keys, str(path))
    else:
        unknown = [n for n in names if n not in schema]
        if unknown:
            raise InputError([f"unknown field(s) {', '.join(unknown)} @ $"], str(path))
    suspect = suspect_by_column(schema, facts, keys) if plan is None else {}
    skip = set() if plan is not None else _null_columns(pf, schema)
    unread = plan.unread(plans) if plan is not None and plans else ()
    groups = [pf.metadata.row_group(g).num_rows for g in range(pf.metadata.num_row_groups)]
    if size is None:
        size = FLAT_CHUNK_ROWS if plan is not None else CHUNK_ROWS
    for frame, texts in _parquet_texts(path, groups, size, skip):
        if plan is None:
            frame = conform(frame, schema, str(path))
            whole = Chunk(start, frame, _numbers(start, frame.height), [], frame.height)
            chunk = checked_chunk(whole, facts, keys, suspect, texts=texts)
        else:
            try:
                chunk = flat_chunk(start, frame.rename(rename), plan, keys, unread=unread)
            except FlatLayoutError as exc:
                raise BatchError(f"{path}: {exc}") from None
        yield chunk
        start += chunk.read


#: flat plans by the header they were built from (:func:`flat_plan`), the facts and input
#: keys they were built with kept beside
_FLAT_PLANS: dict[tuple[Any, ...], tuple[Mapping[str, FactSpec], InputKeys | None, FlatPlan]] = {}
#: the most headers kept at once (cleared when full: a service keeps its latest inputs')
KEPT_FLAT_PLANS = 16


def flat_plan(
    columns: Mapping[str, pl.DataType],
    facts: Mapping[str, FactSpec],
    keys: InputKeys | None,
    where: str,
) -> FlatPlan:
    """The :class:`FlatPlan` of a flat input's ``columns`` (names and types).

    A plan is built from the header alone, so it is kept for the next input of the same
    names and types read with the same facts and input keys (by identity, as a run's
    compiled plans are kept): a program screening frame after frame does not work out
    again what the header settles (the columns' nesting and checks, the lists a run's
    plans do not read): with those lists, about a third of a thousand-row run's time.

    :raises BatchError: when a column names no profile path or has a type that cannot hold
        its field's values
    """
    key = (id(facts), id(keys), where, *columns.items())
    hit = _FLAT_PLANS.get(key)
    if hit is not None and hit[0] is facts and hit[1] is keys:
        return hit[2]
    try:
        plan = FlatPlan(columns, facts, keys, where)
    except FlatLayoutError as exc:
        raise BatchError(str(exc)) from None
    if len(_FLAT_PLANS) >= KEPT_FLAT_PLANS:
        _FLAT_PLANS.clear()
    _FLAT_PLANS[key] = (facts, keys, plan)
    return plan


def frame_chunks(
    frame: pl.DataFrame,
    size: int | None,
    facts: Mapping[str, FactSpec],
    keys: InputKeys | None = None,
    *,
    layout: str | None = None,
    plans: Sequence[Any] = (),
    where: str = "frame",
) -> Iterator[Chunk]:
    """An in-memory frame in the nested or the flat layout (``layout``, else from the
    column names), ``size`` rows at a time (None: as for a Parquet file of that layout),
    with the checks a Parquet file of those columns gets; rows are numbered from 1.

    :raises BatchError: before any chunk, when a column names no profile field (with the
        closest name) or cannot hold its field's values
    """
    schema = profile_schema(facts)
    plan: FlatPlan | None = None
    if (layout or detect_layout(frame.columns)) == "flat":
        plan = flat_plan(frame.schema, facts, keys, where)
    else:
        unknown = [n for n in frame.columns if n not in schema]
        if unknown:
            hints = [_closest(n, list(schema)) for n in unknown]
            raise BatchError(f"{where}: column(s) matching no profile field: {', '.join(hints)}")
    suspect = suspect_by_column(schema, facts, keys) if plan is None else {}
    unread = plan.unread(plans) if plan is not None and plans else ()
    if size is None:
        size = FLAT_CHUNK_ROWS if plan is not None else CHUNK_ROWS
    for offset in range(0, frame.height, max(size, 1)):
        part = frame.slice(offset, size)
        if plan is not None:
            try:
                yield flat_chunk(offset + 1, part, plan, keys, unread=unread)
            except FlatLayoutError as exc:
                raise BatchError(f"{where}: {exc}") from None
            continue
        try:
            part = conform(part, schema, where)
        except InputError as exc:
            raise BatchError("; ".join(exc.errors)) from None
        whole = Chunk(offset + 1, part, _numbers(offset + 1, part.height), [], part.height)
        yield checked_chunk(whole, facts, keys, suspect)


def _closest(name: str, names: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, names, n=1)
    return f"{name!r}" + (f" (did you mean {close[0]}?)" if close else "")


def flat_chunk(
    start: int,
    frame: pl.DataFrame,
    plan: FlatPlan,
    keys: InputKeys | None = None,
    *,
    unread: Sequence[str] = (),
) -> Chunk:
    """A chunk of the flat layout (rows numbered from ``start``): nested (but for the
    ``unread`` columns), its values of the wrong type error rows naming the column, then
    the checks of its columns; the columns that hold lookups are kept
    (:class:`~talentkit.batch.flat.Held`).

    :raises FlatLayoutError: when the columns do not match ``plan``
    """
    nested, wrong, held = plan.read(frame, unread)
    errors = [
        ErrorRecord(start + i, col, msg)
        for i, problems in sorted(wrong.items())
        for col, msg in problems
    ]
    chunk = Chunk(start, nested, _numbers(start, nested.height), errors, nested.height, held)
    # the checks read the flat columns: the nested records are not searched
    flagged = plan.flagged(held.frame)
    return checked_chunk(chunk, plan.facts, keys, bad=set(wrong), plan=plan, flagged=flagged)


def _numbers(start: int, n: int) -> pl.Series:
    return pl.Series("row", range(start, start + n), dtype=pl.Int64())


def checked_chunk(
    chunk: Chunk,
    facts: Mapping[str, FactSpec],
    keys: InputKeys | None = None,
    suspect: Mapping[str, pl.Expr | ItemChecks | RecordChecks] | None = None,
    bad: set[int] | None = None,
    plan: FlatPlan | None = None,
    flagged: list[int] | None = None,
    texts: Texts | None = None,
) -> Chunk:
    """``chunk`` with the rows the columnar checks flag (or ``flagged``) parsed exactly
    as :meth:`Engine.load` does; those it rejects, and the ``bad`` ones, become error
    rows (named by the flat ``plan``'s columns where it has them). ``texts``: the texts
    text leaves can hold, where known (:func:`_parquet_texts`)."""
    start = chunk.start
    if flagged is None:
        if suspect is None:
            suspect = suspect_by_column(chunk.frame.schema, facts, keys)
        flagged = _suspects(chunk.frame, suspect, texts)
    bad = set(bad or ())
    errors = list(chunk.errors)
    flagged = [i for i in flagged if i not in bad]
    cases = chunk.whole(flagged).iter_rows(named=True) if flagged else iter(())
    for i, case in zip(flagged, cases, strict=True):
        try:
            parse(from_row(case, facts), Profile, facts, keys=keys)
        except InputError as exc:
            records = error_records(start + i, exc)
            errors.extend(records if plan is None else _by_column(records, plan))
            bad.add(i)
    errors.sort(key=lambda e: e.row)
    if not bad:
        return attrs.evolve(chunk, errors=errors)
    keep = pl.Series([True] * chunk.frame.height)
    keep.scatter(sorted(bad), False)
    return chunk.keep(keep, errors)


def _suspects(
    frame: pl.DataFrame,
    checks: Mapping[str, pl.Expr | ItemChecks | RecordChecks],
    texts: Texts | None = None,
) -> list[int]:
    """Indices of the rows the columnar checks flag; the checks of a column that is null in
    every row are skipped (they cannot flag a row), as are those of a text field every
    text of which (``texts``, where known) passes them. A row with a null item in a list
    is flagged too (:func:`null_item_rows`)."""
    live = {
        name: check
        for name, check in checks.items()
        if name == "" or frame.get_column(name).null_count() < frame.height
    }
    if frame.height == 0:
        return []
    flagged = null_item_rows(frame)
    if not live:
        return sorted(flagged)
    rows = [c for c in live.values() if isinstance(c, pl.Expr)]
    for name, record in live.items():
        if isinstance(record, RecordChecks):
            rows += record.exprs(name, texts, frame.get_column(name))
    for items in (c for c in live.values() if isinstance(c, ItemChecks)):
        flagged |= items.flagged(frame, texts)
    if rows:
        flag = "\0suspect"  # (with_columns: a check that is a literal still covers every row)
        found = frame.with_columns(pl.any_horizontal(rows).alias(flag))[flag].arg_true()
        flagged.update(found.to_list())
    return sorted(flagged)


def _null_columns(pf: Any, schema: pl.Schema) -> set[str]:
    """Columns of the canonical layout, of the canonical type, that are null in every row
    of the file (a team, awards or facts nobody gives): :func:`conform` makes the same
    null column without decoding their many fields. The row-group statistics rule out the
    columns that hold a value; for the others, the validity of the first field, read alone,
    decides."""
    md = pf.metadata
    names = pf.schema_arrow.names
    try:
        empty = pl.from_arrow(pf.schema_arrow.empty_table())
    except Exception:  # a type polars does not take: the slices' reading reports it
        return set()
    assert isinstance(empty, pl.DataFrame)
    first: dict[str, tuple[int, str]] = {}  # column -> (index, path) of its first leaf
    for i in range(md.num_columns):
        leaf = md.schema.column(i).path
        first.setdefault(leaf.split(".")[0], (i, leaf))
    maybe = [
        n
        for n in dict.fromkeys(names)
        if names.count(n) == 1 and n in first and schema.get(n) == empty.schema[n]
    ]
    out: set[str] = set()
    for name in maybe:
        try:
            index, leaf = first[name]
            for g in range(md.num_row_groups):
                group = md.row_group(g)
                stats = group.column(index).statistics
                if (
                    stats is not None
                    and stats.has_null_count
                    and stats.null_count != group.num_rows
                ):
                    break  # a value somewhere (a null column has one null per row there)
                column = pf.read_row_group(g, columns=[leaf]).column(0)
                if column.null_count != group.num_rows:
                    break
            else:
                out.add(name)
        except Exception:  # pyarrow cannot read it alone: read it as any other column
            continue
    if out and out.issuperset(names):  # one column read gives the slices their height
        out.discard(names[0])
    return out


def _parquet_slices(
    path: Path, groups: Sequence[int], size: int, skip: set[str] | None = None
) -> Iterator[pl.DataFrame]:
    """:func:`_parquet_texts`' frames."""
    for frame, _ in _parquet_texts(path, groups, size, skip):
        yield frame


def _parquet_texts(
    path: Path, groups: Sequence[int], size: int, skip: set[str] | None = None
) -> Iterator[tuple[pl.DataFrame, Texts]]:
    """The file ``size`` rows at a time (``groups``: the rows of each of its row groups).
    Only the row groups a read touches are decoded, in about half the memory of pyarrow's
    batches of nested columns. A row group of at most :data:`WHOLE_GROUP` chunks is read
    once and cut into chunks (a chunk read alone decodes part of its row group again for
    the next one), without its leaves that hold no value
    (:func:`~talentkit.batch.leaves.read_group`); a larger one is read by polars a chunk at
    a time. The columns in ``skip`` are not read. Beside each chunk, the texts its leaves
    read as codes can hold (:func:`~talentkit.batch.leaves.read_group`; none from polars'
    reads)."""
    import pyarrow as pa

    scan = pl.scan_parquet(path, glob=False)  # a name with [ or * is a name, not a pattern
    names = [n for n in scan.collect_schema().names() if not skip or n not in skip]
    if skip:
        scan = scan.select(pl.col(n) for n in names)
    whole = _whole_groups(path, names)
    starts = dict(zip(itertools.accumulate([0, *groups]), range(len(groups)), strict=False))
    size = max(size, 1)
    held: pl.DataFrame | None = None  # rows read and not yet handed out
    known: Texts = {}  # their texts
    try:
        for offset, rows in _reads(groups, size):
            group = starts.get(offset)
            texts: Texts = {}
            try:
                if whole is not None and group is not None and groups[group] == rows:
                    frame = _read_whole(scan, whole, group, offset, rows, names, texts)
                else:
                    frame = scan.slice(offset, rows).collect()
            except (pl.exceptions.PolarsError, pa.ArrowException) as exc:
                raise BatchError(f"{path}: cannot read rows {offset + 1}-: {exc}") from None
            # (a chunk across two reads holds one part of each, as a read across two row
            # groups does, and the texts of both)
            if held is None or not held.height:
                held, known = frame, texts
            else:
                held = pl.concat([held, frame], rechunk=False)
                known = {k: pl.concat([known[k], texts[k]]) for k in known.keys() & texts.keys()}
            while held.height >= size:
                yield held.slice(0, size), known
                held = held.slice(size)
        if held is not None and held.height:
            yield held, known
    finally:
        if whole is not None:
            whole.close()


#: a row group of at most this many chunks is read at once (see :func:`_parquet_slices`)
WHOLE_GROUP = 2


def _whole_groups(path: Path, names: Sequence[str]) -> Any:
    """A reader of the file when its row groups read whole have columns
    :func:`~talentkit.batch.leaves.read_group` reads (of ``names``, each named once),
    else None (polars reads every row group)."""
    try:
        reader = open_file(path)
        schema = reader.schema_arrow
    except Exception:  # polars' reading reports what is wrong with the file
        return None
    once = all(len(schema.get_all_field_indices(n)) == 1 for n in names)
    some = once and any(readable(schema.field(n).type) for n in names)
    if not some or leaf_starts(reader) is None:
        reader.close()
        return None
    return reader


def _read_whole(
    scan: pl.LazyFrame,
    reader: Any,
    group: int,
    offset: int,
    rows: int,
    names: Sequence[str],
    texts: Texts | None = None,
) -> pl.DataFrame:
    """Row group ``group`` (``rows`` rows from ``offset``): its structs and lists read by
    pyarrow (:func:`~talentkit.batch.leaves.read_group`, which fills ``texts``), its
    other columns by polars."""
    schema = reader.schema_arrow
    nested = [n for n in names if readable(schema.field(n).type)]
    parts = read_group(reader, group, nested, texts)
    if len(nested) < len(names):
        flat = scan.select(n for n in names if n not in nested).slice(offset, rows).collect()
        parts = parts.hstack(flat.get_columns()).select(names)
    return parts


def _reads(groups: Sequence[int], size: int) -> Iterator[tuple[int, int]]:
    """(first row, rows) of each read of a file of row groups of ``groups`` rows: a row
    group whole, or a larger one in parts that end where its chunks of ``size`` end."""
    start = 0
    for rows in groups:
        end = start + rows
        if rows == 0:
            continue
        if rows <= WHOLE_GROUP * size:
            yield start, rows
        else:
            at = start
            while at < end:
                stop = min(end, (at // size + 1) * size)
                yield at, stop - at
                at = stop
        start = end


def _by_column(records: list[ErrorRecord], plan: FlatPlan) -> list[ErrorRecord]:
    """A flat row's errors named by its column where the field path is one
    (``$.person.facts['x.y']`` is the column ``person.facts.x.y``)."""
    out = []
    for r in records:
        column = re.sub(r"\['((?:[^'\\]|\\.)*)'\]", r".\1", r.path).removeprefix("$.")
        out.append(attrs.evolve(r, path=column) if column in plan.leaves else r)
    return out


def conform(frame: pl.DataFrame, schema: pl.Schema, source: str) -> pl.DataFrame:
    """Columns in canonical order and types; absent columns, and the fields a record
    column lacks, are null (facts not known).

    :raises InputError: naming each field of a record column that the layout lacks (with
        the closest name), or when a value does not fit its field's type
    """
    cols, unknown = [], []
    for name, dtype in schema.items():
        if name in frame.columns:
            col, more = conformed(pl.col(name), frame.schema[name], dtype, f"$.{name}")
            cols.append(col.alias(name))
            unknown += more
        else:
            cols.append(pl.lit(None, dtype=dtype).alias(name))
    if unknown:
        raise InputError([f"unknown field {u}" for u in unknown], source)
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


def _arrow(frame: pl.DataFrame) -> Any:
    """``frame`` as an Arrow table for Parquet: text as Arrow views (no copy) and names
    held as codes (categoricals) as dictionaries, whose pages Parquet writes as they are
    instead of hashing every text again. The file records the types polars' default
    conversion gives (:func:`stored_schema`), so it reads back as before."""
    import pyarrow as pa

    def codes(dtype: pl.DataType) -> bool:
        inner = dtype.inner if isinstance(dtype, pl.List) else dtype
        return isinstance(inner, pl.Categorical)

    return pa.table(
        {
            # (pyarrow writes no dictionary of text views)
            s.name: s.to_arrow() if codes(s.dtype) else s.to_arrow(compat_level=_NEWEST)
            for s in frame.get_columns()
        }
    )


_NEWEST = pl.CompatLevel.newest()


def stored_schema(schema: Any) -> str:
    """The Arrow schema a Parquet file records (base64 of its IPC form, as pyarrow stores
    it) for results written as ``schema``: each dictionary as its values, text views as
    large text, as polars' default conversion to Arrow gives them."""
    import base64

    import pyarrow as pa

    plain = pa.schema([_plain_field(f) for f in schema])
    return base64.b64encode(plain.serialize().to_pybytes()).decode("ascii")


def _plain_field(field: Any) -> Any:
    import pyarrow as pa

    t = field.type
    if pa.types.is_dictionary(t):
        t = t.value_type
    if pa.types.is_string_view(t):
        t = pa.large_string()
    elif pa.types.is_binary_view(t):
        t = pa.large_binary()
    elif pa.types.is_large_list(t):
        t = pa.large_list(_plain_field(t.value_field))
    elif pa.types.is_list(t):
        t = pa.list_(_plain_field(t.value_field))
    elif pa.types.is_struct(t):
        t = pa.struct([_plain_field(f) for f in t])
    return pa.field(field.name, t, field.nullable)


#: result columns holding a value (nearly) unique to each row: a dictionary of them is
#: built for every page, then given up when it outgrows the page (a fifth of the time it
#: takes to write the verdicts); their least and greatest values rule out no row group
_DISTINCT = ("row", "subject_id")


def _encodings(schema: Any) -> dict[str, list[str]]:
    """The Parquet writer's options for results of ``schema``: a dictionary for each
    column but those in :data:`_DISTINCT`, statistics for each but ``subject_id`` and the
    lists' names (Parquet names a list's values ``name.list.element``): every row group
    holds about every name of a list, so its least and greatest rule out no row group, and
    they cost about a seventh of writing every column."""
    import pyarrow as pa

    def leaves(path: str, t: Any) -> list[str]:
        if pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_list_view(t):
            return leaves(f"{path}.list.element", t.value_type)
        if pa.types.is_struct(t):
            return [leaf for f in t for leaf in leaves(f"{path}.{f.name}", f.type)]
        return [path]

    paths = {f.name: leaves(f.name, f.type) for f in schema}
    return {
        "use_dictionary": [p for n, ps in paths.items() if n not in _DISTINCT for p in ps],
        "write_statistics": [
            p for n, ps in paths.items() if n != "subject_id" for p in ps if p == n
        ],
    }


#: values the Parquet writer encodes at a time (pyarrow's default 1,024): each batch has
#: its levels, dictionary indices and statistics worked out apart (a dictionary column's
#: statistics from the values the batch refers to), a tenth of writing the verdicts; the
#: pages and the file's bytes are those of the default
WRITE_BATCH = 1 << 16


class AtomicWriter:
    """Writes chunks to a temporary file beside the target; :meth:`commit` renames it."""

    def __init__(self, path: Path, fmt: str | None = None) -> None:
        self.path = path
        self.fmt = fmt or fmt_of(path)
        self.tmp = path.with_name(f".{path.name}.{os.getpid()}.partial")
        self._fh: IO[bytes] | None = None
        self._pq: Any = None
        self._dtypes: pl.Schema | None = None  # of the first frame written to Parquet
        self._written: Any = None  # its Arrow schema
        self._xl: Any = None
        self._header = True
        self.count = 0

    def write(self, frame: pl.DataFrame) -> None:
        if self.fmt == "xlsx":
            if self._xl is None:
                from talentkit.batch.excel import XlsxWriter

                self._xl = XlsxWriter(self.tmp, self.path)
            self._xl.write(frame)
        elif self.fmt == "parquet":
            if self._pq is None:
                import pyarrow.parquet as pq

                self._dtypes = frame.schema
                table = _arrow(frame)
                self._written = table.schema
                self._pq = pq.ParquetWriter(
                    self.tmp,
                    table.schema,
                    store_schema=False,
                    write_batch_size=WRITE_BATCH,
                    **_encodings(table.schema),
                )
                self._pq.add_key_value_metadata({"ARROW:schema": stored_schema(table.schema)})
            else:
                # each chunk's names are codes of a categorical of its own, which Arrow
                # writes as the dictionary of the names the chunk holds, the same type
                # whatever the categorical: cast (polars looks each name up again, a fifth
                # of writing every column) only names as text after codes, or the other
                # way round
                table = _arrow(frame)
                if self._dtypes is not None and not table.schema.equals(self._written):
                    table = _arrow(frame.cast(self._dtypes))
            self._pq.write_table(table)
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
        if self._pq is None and self._fh is None and self._xl is None:
            self.write(empty)
        if self._xl is not None:
            self._xl.close()
        if self._pq is not None:
            self._pq.close()
        if self._fh is not None:
            self._fh.close()
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            if self._xl is not None:  # (an open workbook complains when collected)
                self._xl.close()
        with contextlib.suppress(Exception):
            if self._pq is not None:
                self._pq.close()
            if self._fh is not None:
                self._fh.close()
        with contextlib.suppress(FileNotFoundError):
            self.tmp.unlink()


def preflight(source: Path | Sequence[Path], targets: Sequence[Path]) -> None:
    """Before any row is assessed: each output has a known format, lies in a directory that
    exists and can be written, and is neither an input nor another output."""
    sources = [source] if isinstance(source, Path) else list(source)
    for target in targets:
        fmt_of(target)
    refuse_overwrite(sources, targets)
    for target in targets:
        folder = target.parent
        if not folder.is_dir():
            raise BatchError(f"{target}: the directory {folder} does not exist")
        if target.is_dir():
            raise BatchError(f"{target}: is a directory")
        probe = target.with_name(f".{target.name}.{os.getpid()}.probe")
        try:
            probe.open("wb").close()
            probe.unlink()
        except OSError as exc:
            raise BatchError(f"{target}: cannot write here: {exc.strerror}") from None


def refuse_overwrite(sources: Sequence[Path], targets: Sequence[Path]) -> None:
    """No output is an input or another output (the local run and the partitioned run
    both check this before anything is written)."""
    seen = list(sources)
    for target in targets:
        if any(_same(target, other) for other in seen):
            what = "the input" if any(_same(target, s) for s in sources) else "another output"
            raise BatchError(f"{target}: refusing to write over {what}")
        seen.append(target)


def _same(a: Path, b: Path) -> bool:
    if a.exists() and b.exists():
        return os.path.samefile(a, b)
    return a.resolve() == b.resolve()
