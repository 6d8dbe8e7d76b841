"""Excel workbooks (.xlsx) in and out, through openpyxl.

openpyxl is the maintained pure-Python reader and writer of the format (it is what pandas
uses for .xlsx): one dependency for both directions, installable everywhere, and streaming
in read-only / write-only mode. It is also most of the time of screening a sheet: about
1.6 ms a row of a hundred cells (5,000 such rows in 8 s), where the rows are then read by
columns (:mod:`talentkit.batch.csvcolumns`) in well under a second.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl


def _cell(value: Any) -> Any:
    """A cell as the text-file reader would give it: dates as dates, whole numbers as ints."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.strip()
    return value


def sheet_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    """(row number, cells) of the first sheet, the header first; empty rows skipped."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zip, XML and format errors all mean "not a workbook"
        from talentkit.batch.io import BatchError

        raise BatchError(f"{path}: not a readable .xlsx workbook ({exc})") from None
    try:
        sheet = book.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell(v) for v in row]
            while cells and cells[-1] in (None, ""):
                cells.pop()
            if cells:
                yield number, cells
    finally:
        book.close()


class XlsxWriter:
    """Rows appended chunk by chunk to one sheet; lists joined with "; " as in CSV."""

    def __init__(self, path: Path) -> None:
        from openpyxl import Workbook

        self.path = path
        self.book = Workbook(write_only=True)
        self.sheet = self.book.create_sheet("results")
        self.header = False

    def write(self, frame: pl.DataFrame) -> None:
        if not self.header:
            self.sheet.append(frame.columns)
            self.header = True
        for row in frame.iter_rows():
            self.sheet.append(["; ".join(v) if isinstance(v, list) else v for v in row])

    def close(self) -> None:
        self.book.save(self.path)
