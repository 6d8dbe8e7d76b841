"""A run of few cases, assessed by the engine case by case, no plan compiled.

Compiling a run's plans and a chunk's fixed work cost about two seconds for twenty
programmes, whatever the rows; the engine takes about 0.1–0.2 ms a case and programme,
each case's programmes sharing what they evaluate. The two meet at about four hundred
cases (measured in ``docs/batch.md``, *A run of few cases*), so a run of at most
:data:`CASE_BY_CASE_MAX` cases is assessed by the engine, with the same results. How
many cases an input holds is found without reading more of it than that.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

#: a run of at most this many cases is assessed case by case, uncompiled
CASE_BY_CASE_MAX = 200
#: the environment variable that sets another bound (0: every run compiled)
ENVIRONMENT = "TALENTKIT_CASE_BY_CASE_MAX"
#: a workbook unpacking to more bytes than this is not counted (its rows are not few)
_SMALL_WORKBOOK = 2 * 2**20
_BLOCK = 2**16


def case_by_case_max() -> int:
    """The bound: :data:`ENVIRONMENT` if set, else :data:`CASE_BY_CASE_MAX`.

    :raises BatchError: when the variable is not a whole number of at least 0
    """
    raw = os.environ.get(ENVIRONMENT)
    if raw is None:
        return CASE_BY_CASE_MAX
    if not raw.strip().isdecimal():
        from talentkit.batch.io import BatchError

        raise BatchError(f"{ENVIRONMENT}: expected a whole number of at least 0, got {raw!r}")
    return int(raw)


def few_records(path: Path, fmt: str, limit: int) -> bool:
    """Whether the input file ``path`` (of format ``fmt``) holds at most ``limit`` cases,
    told from its start: a Parquet file's rows from its footer; a JSON Lines file's lines,
    a CSV file's lines after the header (a case takes one line at least, so no more cases
    than lines); an Excel workbook's rows after the header when it unpacks to at most
    :data:`_SMALL_WORKBOOK` bytes. False when it cannot tell; a file it cannot read is
    then reported by the run's own reading."""
    if limit <= 0:
        return False
    try:
        if fmt == "parquet":
            import polars as pl

            rows: int = pl.scan_parquet(path).select(pl.len()).collect().item()
            return rows <= limit
        if fmt in ("jsonl", "csv"):
            return _lines_at_most(path, limit + (fmt == "csv"))
        if fmt == "xlsx":
            return _sheet_rows_at_most(path, limit)
    except Exception:  # (the run's reading reports what is wrong with the file)
        return False
    return False


def _lines_at_most(path: Path, limit: int) -> bool:
    """Whether ``path`` has at most ``limit`` lines, read until it has more: each line
    feed, carriage return and pair of them ends a line (as a text file is read). A pair
    cut between two blocks, or a line feed byte inside a character (UTF-16), counts once
    more: more lines, never fewer."""
    lines = 0
    last = b"\n"
    with path.open("rb") as fh:
        while block := fh.read(_BLOCK):
            lines += block.count(b"\n") + block.count(b"\r") - block.count(b"\r\n")
            last = block[-1:]
            if lines > limit:
                return False
    return lines + (last not in (b"\n", b"\r")) <= limit


def _sheet_rows_at_most(path: Path, limit: int) -> bool:
    from talentkit.batch.excel import sheet_rows, unpacked_bytes

    with zipfile.ZipFile(path) as book:
        if unpacked_bytes(book) > _SMALL_WORKBOOK:
            return False
    # (the header's row besides the cases')
    return all(i <= limit + 1 for i, _ in enumerate(sheet_rows(path), start=1))
