"""A CSV file's chunks read column by column.

Read row by row (:func:`~talentkit.batch.io.parse_records`), each case is built and
checked in Python: about a millisecond and a half a row for the five Shaanxi person
programmes' columns, a hundred times what assessing it costs. Here a chunk's cells become
text columns, named by the paths their headers map to, typed and checked by the flat
layout's plan (:class:`~talentkit.batch.flat.FlatPlan`) as a flat Parquet file of text
columns is: without spaces around them and empty cells absent, as the row reader reads
them; true and false in any case, whole numbers, dates written YYYY-MM-DD, amounts in
yuan with at most two decimals.

A row the columns' checks flag, or with a cell the plan cannot type, is parsed from its
own cells exactly as the row reader parses it, so its error rows are that reader's, line
numbers and messages alike. Where the plan could not type a cell the parser takes (a
whole number in full-width digits), or a cell holds a character Python's strip and
polars' read apart, the whole chunk is read row by row instead; so is every chunk of a
file whose header names a list or a record (its cells are JSON, which only the row reader
reads). The results are the row reader's either way (``tests/batch/test_csv_columns.py``).

An Excel sheet's rows are read the same way: a cell of text, a date or a whole number is
the text a CSV cell would hold (as the row reader reads them, :func:`~talentkit.batch.
excel.sheet_rows`); a row with a cell of another type (a boolean, a fraction of a number,
a time) is parsed by itself, as the row reader parses it.

A *plain* file (UTF-8, no quote character, lines ended by ``\\n`` or ``\\r\\n``) is split
into cells by polars' reader as well: without quotes a record is one line and a cell what
lies between two commas, as Python's ``csv`` module reads it. A chunk of such a file with a
blank line, a line with more cells than the header, bytes that are not UTF-8 or a line too
long for the ``csv`` module is split by that module instead, numbered from where it lies.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO

import polars as pl

from talentkit.batch.flat import FlatLayoutError, FlatPlan
from talentkit.batch.io import (
    MARK_BAD,
    Chunk,
    Record,
    bad_text,
    check_header,
    csv_case,
    csv_header,
    csv_records,
    error_records,
    parse_records,
    text_columns,
)
from talentkit.convert import InputError
from talentkit.facts import FactSpec
from talentkit.inputkeys import InputKeys
from talentkit.textio import TextError, sniff

#: read CSV chunks column by column where the header allows it (off: row by row only)
ENABLED = True
#: split a plain file's cells with polars' reader (off: with Python's ``csv`` module)
POLARS_SPLIT = True

#: characters Python's ``str.strip`` takes off a cell and polars' does not
_PYTHON_ONLY_SPACE = "[\x1c-\x1f]"
_PYTHON_ONLY_SPACE_BYTES = (b"\x1c", b"\x1d", b"\x1e", b"\x1f")
#: the longest line a plain chunk's lines may have: the ``csv`` module refuses a cell of
#: more than its field size limit (a file the command stops at, with its line number)
_LONGEST_LINE = csv.field_size_limit()
_SCAN_BLOCK = 1 << 24

Batches = Iterator[tuple[int, list[Record]]]


def by_columns(
    batches: Batches,
    facts: Mapping[str, FactSpec],
    keys: InputKeys | None,
    mapping: Mapping[str, str],
    plans: Sequence[Any] = (),
    where: str = "input",
    typed: bool = False,
) -> Generator[Chunk, None, Batches]:
    """The chunks of ``batches`` (numbered raw CSV records, or an Excel sheet's if
    ``typed``: cells of other types than text) read column by column, as long as their
    header allows it; returns the batches left for the row reader (none when every chunk
    was read here)."""
    reader = _Reader(facts, keys, mapping, plans, where, typed)
    for start, batch in batches:
        if not ENABLED or reader.plan(csv_header(batch)) is None:
            return _again(start, batch, batches)
        yield reader.records_chunk(start, batch)
    return iter(())


def plain_chunks(
    path: Path,
    size: int,
    facts: Mapping[str, FactSpec],
    keys: InputKeys | None,
    mapping: Mapping[str, str],
    encoding: str | None = None,
    *,
    layout: str | None = None,
    plans: Sequence[Any] = (),
) -> Iterator[Chunk] | None:
    """The chunks of a plain CSV file (see the module's note) whose header the flat
    layout's plan reads, ``size`` lines at a time; None for any other file (read as
    :func:`by_columns` reads its records)."""
    if not (ENABLED and POLARS_SPLIT):
        return None
    with path.open("rb") as fh:
        sample = fh.read(1 << 16)
    try:
        name = sniff(sample, encoding, lenient=True)
    except TextError:
        return None  # (the record reader says why)
    if name not in ("utf-8", "utf-8-sig") or not _plain(path):
        return None
    with path.open("rb") as fh:
        first = fh.readline()
    try:
        line = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    header = line.rstrip("\r\n").split(",")
    if not line.strip("\r\n"):
        return None
    check_header(header, mapping, str(path), layout=layout, facts=facts)
    reader = _Reader(facts, keys, mapping, plans, str(path))
    if reader.plan(tuple(header)) is None:
        return None
    return _plain_chunks(path, size, reader, tuple(header))


def _plain(path: Path) -> bool:
    """Whether a file holds no quote character, no NUL and no carriage return but before
    a line feed (read in blocks: nothing kept)."""
    with path.open("rb") as fh:
        tail = b""
        while block := fh.read(_SCAN_BLOCK):
            if b'"' in block or b"\x00" in block:
                return False
            both = tail + block
            # (a block's last byte may be the carriage return of the next block's line feed)
            tail = b"\r" if both.endswith(b"\r") else b""
            if b"\r" in both and both.count(b"\r") - len(tail) != both.count(b"\r\n"):
                return False
        return not tail


def _plain_chunks(
    path: Path, size: int, reader: _Reader, header: tuple[str, ...]
) -> Iterator[Chunk]:
    names = [reader.mapping.get(h, h) for h in header]
    schema: dict[str, pl.DataType] = dict.fromkeys(names, pl.String())
    with path.open("rb") as fh:
        fh.readline()
        number = 2  # the line after the header's
        for block, lines in _line_blocks(fh, size):
            raw = _split(block, lines, schema)
            if raw is None:  # split by the csv module, numbered from where it lies
                batch = _records(block, number, header, str(path))
                if batch:
                    yield reader.records_chunk(batch[0][0], batch)
            else:
                numbers = list(range(number, number + len(lines)))
                yield reader.columns_chunk(numbers[0], raw, numbers, header)
            number += len(lines)


def _line_blocks(
    fh: BinaryIO, size: int, guess: int = 1 << 16
) -> Iterator[tuple[bytes, list[bytes]]]:
    """The rest of ``fh`` ``size`` lines at a time: their bytes, and each line without
    its line feed (split in one call: a list of a file's lines read one by one, then
    joined, cost more than splitting); read ``guess`` bytes at a time at first."""
    rest = b""
    while True:
        pieces, found = [rest], rest.count(b"\n")
        while found < size and (more := fh.read(guess)):
            pieces.append(more)
            found += more.count(b"\n")
        data = b"".join(pieces)
        if not data:
            return
        lines = data.split(b"\n", size)
        if len(lines) > size:  # the lines after these
            rest = lines.pop()
            block = data[: len(data) - len(rest)]
        else:
            rest, block = b"", data
            if not lines[-1]:  # (the file ends with a line feed)
                lines.pop()
        guess = max(guess, len(block) // 4)
        yield block, lines


def _split(block: bytes, lines: list[bytes], schema: Mapping[str, pl.DataType]) -> Any:
    """``block``'s cells as text columns split by polars, or None where the ``csv`` module
    must split them: a blank line (no record, but a line), a line with more cells than the
    header (an error row) or one too long for that module, bytes that are not UTF-8 (which
    polars refuses) or a character Python's strip and polars' read apart."""
    lengths = list(map(len, lines))
    if max(lengths) > _LONGEST_LINE:
        return None
    if min(lengths) <= 1 and any(line in (b"", b"\r") for line in lines):
        return None  # a blank line
    if any(c in block for c in _PYTHON_ONLY_SPACE_BYTES):
        return None
    try:
        return pl.read_csv(block, has_header=False, schema=schema, infer_schema=False)
    except pl.exceptions.PolarsError:
        return None


def _records(block: bytes, number: int, header: tuple[str, ...], where: str) -> list[Record]:
    """``block``'s records as the row reader reads them (its first line the file's
    ``number``-th), each by its line."""
    text = block.decode("utf-8", errors=MARK_BAD)
    return list(csv_records(io.StringIO(text, newline=""), header, number, where))


def _again(start: int, batch: list[Record], rest: Batches) -> Batches:
    yield start, batch
    yield from rest


_Planned = tuple[FlatPlan, tuple[str, ...], frozenset[str]]


class _Reader:
    """What the chunks of one file share: the plan of each header (a short row's record
    names fewer columns) and its text columns."""

    def __init__(
        self,
        facts: Mapping[str, FactSpec],
        keys: InputKeys | None,
        mapping: Mapping[str, str],
        plans: Sequence[Any],
        where: str,
        typed: bool = False,
    ) -> None:
        self.facts, self.keys, self.mapping = facts, keys, mapping
        self.plans, self.where, self.typed = plans, where, typed
        # per header: its plan, the columns the plans do not read, its text columns
        self._plans: dict[tuple[str, ...], _Planned | None] = {}

    def plan(self, header: tuple[str, ...]) -> FlatPlan | None:
        if header not in self._plans:
            names = {self.mapping.get(h, h): pl.String() for h in header}
            try:
                plan = FlatPlan(names, self.facts, self.keys, self.where)
            except FlatLayoutError:  # a whole list or record (JSON cells): row by row
                self._plans[header] = None
            else:
                unread = plan.unread(self.plans) if self.plans else ()
                texts = text_columns(header, self.mapping, self.facts)
                self._plans[header] = (plan, unread, texts)
        found = self._plans[header]
        return None if found is None else found[0]

    def records_chunk(self, start: int, batch: list[Record]) -> Chunk:
        """The chunk of ``batch`` (records split by the ``csv`` module)."""
        header = csv_header(batch)
        if self.plan(header) is None:
            return self._by_rows(start, batch)
        found = self._plans[header]
        assert found is not None
        texts = found[2] if self.typed else None
        raw, aside = _columns(batch, header, self.mapping, texts)
        if raw is None:
            return self._by_rows(start, batch)
        kept = [i for i in range(len(batch)) if i not in aside]
        numbers = [n for n, _ in batch]
        return self._assessed(start, header, raw, kept, numbers, lambda: batch)

    def columns_chunk(
        self, start: int, raw: pl.DataFrame, numbers: list[int], header: tuple[str, ...]
    ) -> Chunk:
        """The chunk of a plain file's lines split by polars (``raw``, a row per line),
        their records made from its cells only if one is parsed by itself."""
        made: list[list[Record]] = []

        def batch() -> list[Record]:
            if not made:
                rows = zip(numbers, raw.iter_rows(), strict=True)
                made.append([(n, dict(zip(header, r, strict=True))) for n, r in rows])
            return made[0]

        return self._assessed(start, header, raw, list(range(raw.height)), numbers, batch)

    def _assessed(
        self,
        start: int,
        header: tuple[str, ...],
        raw: pl.DataFrame,
        kept: list[int],
        numbers: list[int],
        records: Callable[[], list[Record]],
    ) -> Chunk:
        """The chunk of the records ``records()`` (at the lines ``numbers``) whose
        ``kept`` ones are the rows of ``raw`` (their cells as text columns), the others set
        aside for the row reader."""
        found = self._plans[header]
        assert found is not None
        plan, unread, texts = found
        frame = _stripped(raw)
        try:
            nested, wrong, held = plan.read(frame, unread, stripped=True)
        except FlatLayoutError:  # a cell polars could not convert at all
            return self._by_rows(start, records())
        suspects = sorted({*wrong, *plan.flagged(held.frame)})
        kept_set = set(kept)
        aside = [i for i in range(len(numbers)) if i not in kept_set]
        errors = []
        bad: set[int] = set()
        for i in [*(kept[j] for j in suspects), *aside]:
            number, record = records()[i]
            try:
                csv_case(record, self.mapping, texts, self.facts, self.keys)
            except InputError as exc:
                errors.extend(error_records(number, exc))
                bad.add(i)
        # a cell the columns could not type, or a record set aside, that the parser takes
        if any(kept[j] not in bad for j in wrong) or any(i not in bad for i in aside):
            return self._by_rows(start, records())
        rows = pl.Series("row", [numbers[i] for i in kept], dtype=pl.Int64())
        errors.sort(key=lambda e: e.row)
        chunk = Chunk(start, nested, rows, errors, len(numbers), held)
        if not any(i in bad for i in kept):
            return chunk
        return chunk.keep(pl.Series([i not in bad for i in kept]), errors)

    def _by_rows(self, start: int, batch: list[Record]) -> Chunk:
        return parse_records(start, batch, "csv", self.facts, self.mapping, self.keys)


def _columns(
    batch: list[Record],
    header: tuple[str, ...],
    mapping: Mapping[str, str],
    texts: frozenset[str] | None = None,
) -> tuple[pl.DataFrame | None, set[int]]:
    """The batch's cells as text columns named by their paths, and the records set aside
    for the row reader: those with cells beyond the header, text the file's encoding
    could not decode (which no column holds), or, in an Excel sheet's (``texts``: its text
    columns), a cell neither text, nor absent, nor a whole number, nor a boolean outside
    a text column. None where a cell holds a character Python's strip and polars' read
    apart."""
    aside = {i for i, (_, record) in enumerate(batch) if None in record}
    typed = texts is not None
    if texts is not None:
        aside |= {i for i, (_, record) in enumerate(batch) if not _textual(record, texts)}
    names = [mapping.get(h, h) for h in header]
    width = len(header)

    def frame_of(skip: set[int]) -> pl.DataFrame:
        # a record's cells in the header's order (a short row's missing ones absent),
        # turned into columns by zip: no look-up per cell
        records = (r for i, (_, r) in enumerate(batch) if i not in skip)
        if typed:  # a whole number as its digits, a boolean as true or false (read alike)
            records = ({h: _as_text(v) for h, v in r.items()} for r in records)
        rows = [r.values() if len(r) == width else _padded(r, width) for r in records]
        columns = zip(*rows, strict=True) if rows else iter([()] * width)
        return pl.DataFrame(
            [pl.Series(n, c, dtype=pl.String()) for n, c in zip(names, columns, strict=True)]
        )

    try:
        raw = frame_of(aside)
    except UnicodeEncodeError:  # undecodable bytes, kept as lone surrogates
        aside |= {i for i, (_, record) in enumerate(batch) if bad_text(record)}
        raw = frame_of(aside)
    return (None if _odd(raw) else raw), aside


def _stripped(raw: pl.DataFrame) -> pl.DataFrame:
    """``raw``'s cells without spaces around them, those left empty absent (only the
    columns with a cell left empty are gone over again: polars reads an empty cell as
    absent, so in its columns that is a cell of spaces)."""
    frame = raw.select(pl.all().str.strip_chars())
    empty = frame.select((pl.all() == "").any()).row(0, named=True)
    spaces = [name for name, found in empty.items() if found]
    if not spaces:
        return frame
    return frame.with_columns(pl.when(pl.col(spaces) != "").then(pl.col(spaces)).name.keep())


def _textual(record: Mapping[str | None, Any], texts: frozenset[str]) -> bool:
    """Whether each of an Excel row's cells is text, absent, a whole number, or a boolean
    outside the ``texts`` columns (dates come as their text, :func:`~talentkit.batch.
    excel.sheet_rows`): the cells whose text the row reader reads as it reads the cell.
    (In a text column the row reader takes the text ``true`` and refuses a boolean.)"""
    return all(
        v is None or type(v) is str or type(v) is int or (type(v) is bool and h not in texts)
        for h, v in record.items()
    )


def _as_text(value: Any) -> Any:
    if type(value) is bool:
        return "true" if value else "false"
    return str(value) if type(value) is int else value


def _odd(raw: pl.DataFrame) -> bool:
    """Whether a cell holds a character Python's strip takes off and polars' does not."""
    found = raw.select(pl.any_horizontal(pl.all().str.contains(_PYTHON_ONLY_SPACE)).any())
    return bool(found.item())


def _padded(record: dict[str | None, str], width: int) -> tuple[str | None, ...]:
    """A short row's cells, the missing ones absent."""
    return (*record.values(), *[None] * (width - len(record)))
