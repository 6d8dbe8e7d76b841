"""The two Excel readers give the same cells: calamine (fast, the whole sheet held) and
openpyxl (streaming), which reads what calamine cannot give exactly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talentkit.batch import excel
from talentkit.batch.io import BatchError

_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=8)

_CELLS = st.one_of(
    st.none(),
    _TEXT,
    st.sampled_from(["", "  ", " a ", "0123", "true", "TRUE", "2024-01-05", "#N/A"]),
    st.booleans(),
    st.integers(-(2**53) + 1, 2**53 - 1),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.dates(dt.date(1900, 3, 1), dt.date(9999, 12, 31)),
    st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(9999, 12, 31)),
    st.times(),
)
"""Cells of every type a sheet holds, the awkward ones often: whole numbers beyond a
float's exact range, fractions, dates, date-times and times to the microsecond, text
that looks like a boolean, a date or an error."""


def _book(path: Path, rows: list[list[Any]], errors: list[tuple[int, int]] = ()) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(row=r, column=c, value=value)
    for r, c in errors:
        cell = sheet.cell(row=r, column=c)
        cell.value, cell.data_type = "#DIV/0!", "e"
    book.save(path)
    return path


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    rows=st.lists(st.lists(_CELLS, max_size=7), max_size=7),
    errors=st.lists(st.tuples(st.integers(1, 8), st.integers(1, 8)), max_size=1),
)
def test_calamine_gives_the_cells_openpyxl_gives(
    rows: list[list[Any]],
    errors: list[tuple[int, int]],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Drawn sheets, empty rows and columns before and between cells, an error cell at
    times: the sheet's rows are openpyxl's, whichever reader read them; calamine read
    them unless a cell is an error, a number too large for a float's digits or a time of
    day."""
    path = _book(tmp_path_factory.mktemp("xlsx") / "drawn.xlsx", rows, errors)
    got = list(excel.sheet_rows(path))
    assert got == list(excel.sheet_rows(path, stream=True))
    from openpyxl.cell.cell import ERROR_CODES

    inexact = any(
        (type(v) in (int, float) and abs(v) >= 2**53)
        or (isinstance(v, dt.datetime) and v.time() != dt.time())
        or isinstance(v, dt.time)
        for row in rows
        for v in row
    )
    # (openpyxl writes a text that is an error's code as an error)
    error = bool(errors) or any(v in ERROR_CODES for row in rows for v in row)
    assert excel._calamine_reads(path) is not error
    if not error and not inexact:  # (a time may round to whole seconds as written)
        assert excel._calamine_rows(path) is not None


def test_cells_of_each_type_as_the_text_reader_gives_them(tmp_path: Path) -> None:
    path = _book(
        tmp_path / "types.xlsx",
        [
            [None, None, None],
            [None, " id ", "born", "at", "when", "n", "share", "yes", "", "  "],
            [
                None,
                "0123",
                dt.date(2024, 1, 5),
                dt.datetime(2024, 1, 5, 12, 30),
                dt.time(9, 15),
                2.0,
                0.25,
                True,
                "",
                "x",
            ],
        ],
    )
    assert list(excel.sheet_rows(path)) == [
        (2, [None, "id", "born", "at", "when", "n", "share", "yes"]),
        (
            3,
            [
                None,
                "0123",
                "2024-01-05",
                "2024-01-05T12:30:00",
                dt.time(9, 15),
                2,
                0.25,
                True,
                None,
                "x",
            ],
        ),
    ]
    assert excel._calamine_reads(path)


def test_an_error_cell_is_read_as_openpyxl_reads_it(tmp_path: Path) -> None:
    """calamine gives an error cell as an empty one: such a sheet is read by openpyxl, the
    error's text kept (a fact given as ``#DIV/0!`` is refused, not taken as absent)."""
    path = _book(tmp_path / "error.xlsx", [["id", "n"], ["a", 1]], errors=[(2, 2)])
    assert not excel._calamine_reads(path)
    assert list(excel.sheet_rows(path)) == [(1, ["id", "n"]), (2, ["a", "#DIV/0!"])]


def test_a_whole_number_beyond_a_floats_digits_is_read_by_openpyxl(tmp_path: Path) -> None:
    """A sheet written by a tool that keeps a long number's digits (openpyxl and Excel
    write a float's): calamine's float would lose the last one."""
    path = _book(tmp_path / "big.xlsx", [["id"], [2**53], [-(2**60)]])
    _patch_sheet(path, {b">9007199254740992<": b">9007199254740993<"})
    assert excel._calamine_reads(path)
    assert excel._calamine_rows(path) is None
    assert list(excel.sheet_rows(path)) == [(1, ["id"]), (2, [2**53 + 1]), (3, [-(2**60)])]


def test_a_time_of_day_is_read_by_openpyxl(tmp_path: Path) -> None:
    """Both readers round a fraction of a day to the millisecond, apart: here calamine
    gives 11:32:04 where openpyxl gives 11:32:03.999. A sheet with a time of day (or a
    duration) is read by openpyxl; one of dates alone by calamine."""
    at = dt.datetime(5488, 3, 21, 11, 32, 3, 999499)
    path = _book(tmp_path / "time.xlsx", [["at"], [at]])
    assert excel._calamine_rows(path) is None
    assert list(excel.sheet_rows(path)) == [(1, ["at"]), (2, ["5488-03-21T11:32:03.999000"])]
    for value in (dt.time(9, 15), dt.timedelta(hours=30), dt.datetime(2024, 1, 5, 0, 0, 1)):
        path = _book(tmp_path / "time.xlsx", [["at"], [value]])
        assert excel._calamine_rows(path) is None, value
    path = _book(
        tmp_path / "dates.xlsx", [["at"], [dt.datetime(2024, 1, 5)], [dt.date(1900, 3, 1)]]
    )
    assert excel._calamine_rows(path) is not None
    assert list(excel.sheet_rows(path)) == [(1, ["at"]), (2, ["2024-01-05"]), (3, ["1900-03-01"])]


def test_the_first_worksheet_is_read_by_both(tmp_path: Path) -> None:
    """A chart sheet before it is passed over; a hidden worksheet is a worksheet."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference

    book = Workbook()
    data = book.active
    data.append(["id", "n"])
    data.append(["a", 1])
    chart = BarChart()
    chart.add_data(Reference(data, min_col=2, min_row=1, max_row=2))
    book.create_chartsheet("chart", 0).add_chart(chart)
    hidden = book.create_sheet("hidden", 1)
    hidden.append(["id"])
    hidden.sheet_state = "hidden"
    path = tmp_path / "sheets.xlsx"
    book.save(path)
    assert excel._calamine_rows(path) is not None
    assert list(excel.sheet_rows(path)) == list(excel.sheet_rows(path, stream=True))
    assert list(excel.sheet_rows(path)) == [(1, ["id"])]


def _patch_sheet(path: Path, changes: dict[bytes, bytes]) -> None:
    """Rewrite the first sheet's XML in ``path``, each of ``changes`` made once."""
    import zipfile

    with zipfile.ZipFile(path) as book:
        parts = [(p, book.read(p)) for p in book.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for part, data in parts:
            if part.filename.startswith("xl/worksheets/"):
                for old, new in changes.items():
                    assert data.count(old) == 1, old
                    data = data.replace(old, new)
            book.writestr(part, data)


def test_a_workbook_larger_than_calamine_holds_is_read_by_openpyxl(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _book(tmp_path / "large.xlsx", [["id", "born"], ["a", dt.date(2000, 2, 29)]])
    assert excel._calamine_reads(path)
    monkeypatch.setattr(excel, "CALAMINE_MAX_BYTES", 100)
    assert not excel._calamine_reads(path)

    def refused(path: Path) -> None:
        raise AssertionError("calamine read a workbook over its bound")

    monkeypatch.setattr(excel, "_calamine_rows", refused)
    assert list(excel.sheet_rows(path)) == [(1, ["id", "born"]), (2, ["a", "2000-02-29"])]


def test_an_error_attribute_cut_between_two_pieces_is_found(tmp_path: Path) -> None:
    """The sheet's XML is searched a piece at a time: cut at every offset around the
    attribute, in pieces of two bytes on, the error cell is still found, and a sheet
    without one is not taken for one."""
    import zipfile

    def sheet_xml(path: Path) -> bytes:
        with zipfile.ZipFile(path) as book:
            part = next(p for p in book.infolist() if p.filename.startswith("xl/worksheets/"))
            return book.read(part)

    xml = sheet_xml(_book(tmp_path / "cut.xlsx", [["id", "n"], ["a", 1]], errors=[(2, 2)]))
    clean = sheet_xml(_book(tmp_path / "clean.xlsx", [["id", "n"], ["a", '"e"']]))
    at = xml.index(b't="e"')
    for cut in range(at - 8, at + 8):
        assert excel.has_error_cell([xml[:cut], xml[cut:]]), cut
        assert excel.has_error_cell([xml[:cut], *_pieces(xml[cut:], 2)]), cut
    for size in (1, 2, 3, 7):
        assert excel.has_error_cell(_pieces(xml, size)), size
        assert not excel.has_error_cell(_pieces(clean, size)), size


def _pieces(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


def test_not_a_workbook_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "not.xlsx"
    path.write_text("id,n\n")
    with pytest.raises(BatchError, match=r"not a readable \.xlsx workbook"):
        list(excel.sheet_rows(path))


def test_a_results_sheet_holds_each_value_as_written(tmp_path: Path) -> None:
    """Text stays text (a formula's sign, digits, a link), lists are joined, a boolean is
    a boolean, a missing value an empty cell."""
    import polars as pl
    from openpyxl import load_workbook

    frame = pl.DataFrame(
        {
            "subject_id": ["=1+1", "0123", "https://x.cn"],
            "funding_total_fen": [100_000_000, None, 2**40],
            "funding_complete": [True, False, None],
            "missing": [["a", "b"], [], None],
        }
    )
    writer = excel.XlsxWriter(tmp_path / "r.xlsx")
    writer.write(frame)
    writer.write(frame.head(1))
    writer.close()
    assert list(excel.sheet_rows(tmp_path / "r.xlsx", stream=True)) == list(
        excel.sheet_rows(tmp_path / "r.xlsx")
    )
    book = load_workbook(tmp_path / "r.xlsx", read_only=True)
    rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    assert rows == [
        ["subject_id", "funding_total_fen", "funding_complete", "missing"],
        ["=1+1", 100_000_000, True, "a; b"],
        ["0123", None, False, None],
        ["https://x.cn", 2**40, None, None],
        ["=1+1", 100_000_000, True, "a; b"],
    ]
    types = [c.data_type for c in next(load_workbook(tmp_path / "r.xlsx").active.iter_rows(2))]
    assert types == ["s", "n", "b", "s"]


def test_a_results_sheet_beyond_excels_limits_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A text longer than a cell holds (xlsxwriter would cut it) or more rows than a sheet
    holds: an error naming the limit and what to write instead; the run's file is not
    left behind."""
    import polars as pl

    from talentkit.batch.io import AtomicWriter

    long = pl.DataFrame({"review": ["x" * excel.CELL_CHARS, "x" * (excel.CELL_CHARS + 1)]})
    writer = AtomicWriter(tmp_path / "long.xlsx")
    with pytest.raises(
        BatchError, match=r"long\.xlsx: an Excel cell holds 32,767 characters; write \.parquet"
    ):
        writer.write(long)
    writer.abort()
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setattr(excel, "SHEET_ROWS", 3)
    writer = AtomicWriter(tmp_path / "rows.xlsx")
    writer.write(pl.DataFrame({"id": ["a", "b"]}))  # the header and two rows
    with pytest.raises(BatchError, match=r"rows\.xlsx: an Excel sheet holds 3 rows"):
        writer.write(pl.DataFrame({"id": ["c"]}))
    writer.abort()
    assert list(tmp_path.iterdir()) == []
