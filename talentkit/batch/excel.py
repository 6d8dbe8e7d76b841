"""Excel workbooks (.xlsx) in and out.

Reading: python-calamine (the Rust calamine reader, pandas' ``engine="calamine"``) reads a
sheet about ten times faster than openpyxl (5,000 rows of a hundred cells: 0.9 s against
10 s), but holds the whole sheet in memory (about a hundred bytes a cell) and gives an
error cell (``#N/A``) as an empty one and every number as a float. So a workbook whose
parts unpack to more than :data:`CALAMINE_MAX_BYTES` is read by openpyxl, row by row in
bounded memory, and so is one calamine cannot give exactly: a cell holding an error (an
empty cell would make a broken formula an absent fact), a whole number too large for a
float to hold exactly (openpyxl reads its digits), or a time of day (the two round a
fraction of a day apart). Both readers give the same cells
(a property test compares them on drawn sheets); the rows are then read by columns
(:mod:`talentkit.batch.csvcolumns`).

Writing: xlsxwriter (what pandas and polars write .xlsx with), streaming in its
constant-memory mode: about 1.7 times openpyxl's speed on a results sheet.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import polars as pl

#: a workbook whose parts unpack to more bytes than this is read by openpyxl, in bounded
#: memory (calamine holds the sheet: about two to five bytes for each byte of its XML)
CALAMINE_MAX_BYTES = 128 * 2**20

#: a cell of type error in a sheet's XML (``t="e"``; either quote, spaces around ``=``)
_ERROR_CELL = re.compile(rb"""\st\s*=\s*["']e["']""")
#: the bytes kept from one piece of a sheet to the next: more than the attribute takes,
#: with a few spaces around its ``=``
_ERROR_TAIL = 64

#: a float at least this large in magnitude may not hold a whole number's digits exactly
_EXACT_MAX = 2**53


def _cell(value: Any) -> Any:
    """A cell other than text as the text-file reader would give it: dates as their text,
    whole numbers as ints (text is stripped by :func:`_numbered`)."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def unpacked_bytes(book: zipfile.ZipFile) -> int:
    """What the parts of the workbook ``book`` take unpacked (from the archive's
    directory, nothing unpacked)."""
    return sum(part.file_size for part in book.infolist())


def sheet_rows(path: Path, stream: bool = False) -> Iterator[tuple[int, list[Any]]]:
    """(row number, cells) of the first sheet, the header first; empty rows skipped; an
    empty cell None. ``stream``: read by openpyxl whatever the workbook (the rows as
    calamine would give them, in bounded memory, ten times slower)."""
    rows = None if stream or not _calamine_reads(path) else _calamine_rows(path)
    return _numbered(rows if rows is not None else _openpyxl_rows(path))


def _numbered(rows: Iterable[Iterable[Any]]) -> Iterator[tuple[int, list[Any]]]:
    for number, row in enumerate(rows, start=1):
        # (text, most cells, without a call per cell; an empty text is an empty cell)
        cells = [(v.strip() or None) if type(v) is str else _cell(v) for v in row]
        while cells and cells[-1] is None:
            cells.pop()
        if cells:
            yield number, cells


def _not_a_workbook(path: Path, exc: Exception) -> Exception:
    from talentkit.batch.io import BatchError

    return BatchError(f"{path}: not a readable .xlsx workbook ({exc})")


def _calamine_reads(path: Path) -> bool:
    """Whether calamine may read ``path``: its parts small enough to hold, and no sheet
    holding an error cell."""
    try:
        with zipfile.ZipFile(path) as book:
            if unpacked_bytes(book) > CALAMINE_MAX_BYTES:
                return False
            sheets = (p for p in book.infolist() if p.filename.startswith("xl/worksheets/"))
            return not any(_error_cell(book, part) for part in sheets)
    except (OSError, zipfile.BadZipFile, ValueError) as exc:
        raise _not_a_workbook(path, exc) from None


def _error_cell(book: zipfile.ZipFile, part: zipfile.ZipInfo) -> bool:
    """Whether the sheet ``part`` has a cell of type error, read a megabyte at a time."""
    with book.open(part) as xml:
        return has_error_cell(iter(lambda: xml.read(2**20), b""))


def has_error_cell(pieces: Iterable[bytes]) -> bool:
    """Whether a sheet's XML, given in ``pieces``, has a cell of type error. Each piece is
    searched after the previous one's last bytes: an attribute cut in two is found."""
    tail = b""
    for piece in pieces:
        text = tail + piece
        # (a search for the quoted letter first: far faster than the pattern's)
        if (b'"e"' in text or b"'e'" in text) and _ERROR_CELL.search(text):
            return True
        tail = text[-_ERROR_TAIL:]
    return False


def _calamine_rows(path: Path) -> list[list[Any]] | None:
    """The first worksheet's rows from A1, as calamine reads them; None when a cell in
    them may differ from openpyxl's (:func:`_exact`)."""
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    try:
        book = CalamineWorkbook.from_path(str(path))
        try:
            first = next(m.name for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet)
            rows = book.get_sheet_by_name(first).to_python(skip_empty_area=False)
        finally:
            book.close()
    except StopIteration:
        return []
    except Exception as exc:  # zip, XML and format errors all mean "not a workbook"
        raise _not_a_workbook(path, exc) from None
    cells = itertools.chain.from_iterable(rows)
    # (text, most cells, passed over without a call)
    return rows if all(_exact(v) for v in cells if type(v) is not str) else None


def _exact(value: Any) -> bool:
    """Whether calamine gives ``value`` as openpyxl does: not a float that may have lost
    a whole number's digits, nor a time of day or a duration. Excel holds those as a
    fraction of a day, which both round to the millisecond, from the day's number and its
    fraction apart: a time given finer than that may come out a millisecond or a second
    apart. A whole day comes out alike; the one case left is a time within a few
    microseconds of half a millisecond before midnight, which one may round to the next
    day's date and the other not."""
    if isinstance(value, float):
        return abs(value) < _EXACT_MAX
    if isinstance(value, dt.datetime):
        return value.time() == dt.time()
    return not isinstance(value, (dt.time, dt.timedelta))


def _openpyxl_rows(path: Path) -> Iterator[tuple[Any, ...]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zip, XML and format errors all mean "not a workbook"
        raise _not_a_workbook(path, exc) from None
    try:
        if book.worksheets:
            yield from book.worksheets[0].iter_rows(values_only=True)
    finally:
        book.close()


#: the rows, columns and characters of a cell a sheet holds (Excel's limits)
SHEET_ROWS = 1_048_576
SHEET_COLUMNS = 16_384
CELL_CHARS = 32_767


class XlsxWriter:
    """Rows appended chunk by chunk to one sheet, streamed (xlsxwriter's constant-memory
    mode); lists joined with "; " as in CSV; text always text (never read as a number, a
    formula or a link).

    :raises BatchError: when a chunk takes the sheet beyond Excel's rows, or a cell beyond
        its characters (write .parquet, .csv or .jsonl instead)
    """

    def __init__(self, path: Path, shown: Path | None = None) -> None:
        import xlsxwriter

        self.path = path
        self.shown = shown or path  # the name errors give (the file written is renamed)
        self.book = xlsxwriter.Workbook(
            str(path),
            {
                "constant_memory": True,
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
            },
        )
        self.sheet = self.book.add_worksheet("results")
        self.rows = 0

    def write(self, frame: pl.DataFrame) -> None:
        if self.rows == 0:
            self._row(list(frame.columns))
        for row in frame.iter_rows():
            self._row(["; ".join(v) if isinstance(v, list) else v for v in row])

    def _row(self, values: list[Any]) -> None:
        if self.rows >= SHEET_ROWS:
            self._refuse(f"an Excel sheet holds {SHEET_ROWS:,} rows")
        # (xlsxwriter cuts a longer text and says so only by its return code)
        code = self.sheet.write_row(self.rows, 0, values)
        if code == -2:
            self._refuse(f"an Excel cell holds {CELL_CHARS:,} characters")
        if code:
            self._refuse(f"an Excel sheet holds {SHEET_COLUMNS:,} columns")
        self.rows += 1

    def _refuse(self, why: str) -> None:
        from talentkit.batch.io import BatchError

        raise BatchError(f"{self.shown}: {why}; write .parquet, .csv or .jsonl instead")

    def close(self) -> None:
        self.book.close()
