"""A CSV file read column by column gives what reading it row by row gives: the same
results, the same error rows (line numbers and messages), whatever its cells hold."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talentkit import Engine
from talentkit.batch import csvcolumns, profiles_frame, screen
from talentkit.batch import io as batch_io
from talentkit.convert import InputError, unstructure
from tests.batch import vocab_plugin
from tests.batch.strategies import AS_OF, Vocabulary, profile
from tests.batch.test_flat import _selected_roles, flatten, normalise, plans


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.create([vocab_plugin])


@pytest.fixture(scope="module")
def vocab(engine: Engine) -> Vocabulary:
    return Vocabulary(engine, plans(engine)[2])


def _screened(
    engine: Engine, path: Path, progs: list[str], columns: bool, split: bool = True, **kw: Any
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The results and the error rows of ``path``, read column by column or row by row;
    ``split``: a plain file's cells split by polars (else by the ``csv`` module)."""
    tag = ("columns" if columns else "rows") + ("-split" if split else "")
    out, errors = path.with_name(f"{tag}-out.parquet"), path.with_name(f"{tag}-errors.csv")
    saved = csvcolumns.ENABLED, csvcolumns.POLARS_SPLIT
    csvcolumns.ENABLED, csvcolumns.POLARS_SPLIT = columns, split
    try:
        summary = screen(
            engine, path, out, programmes=progs, as_of=AS_OF, workers=1, errors_path=errors, **kw
        )
    finally:
        csvcolumns.ENABLED, csvcolumns.POLARS_SPLIT = saved
    assert summary.balanced
    found = pl.read_csv(errors, infer_schema=False) if errors.exists() else pl.DataFrame()
    return pl.read_parquet(out), found


def _read_alike(
    engine: Engine,
    path: Path,
    progs: list[str],
    calls: dict[str, int] | None = None,
    **kw: Any,
) -> tuple[pl.DataFrame, pl.DataFrame, dict[str, int]]:
    """The results and error rows of ``path`` read by columns (``kw``: its options),
    checked equal to the row reader's; with the counts of ``calls`` (:func:`_counting`)
    as the columns' reading left them."""
    got, errors = _screened(engine, path, progs, columns=True, **kw)
    seen = dict(calls or {})
    want, want_errors = _screened(engine, path, progs, columns=False)
    assert got.equals(want)
    assert errors.equals(want_errors)
    return got, errors, seen


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


#: what a person's spreadsheet holds besides clean values: spaces, other cases, a
#: number in a text column, dates and amounts in other forms, a value of the wrong type,
#: a character Python strips and polars does not
_MESSY = st.sampled_from(
    [
        " {} ",
        "{}\t",
        "TRUE",
        "False",
        "0123",
        "2024-1-5",
        "20240105",
        "2024-02-30",
        "12.345",
        "12.5",
        "-3",
        "abc",
        "[1, 2]",
        "\x1f{}",
        "",
        "1/3",
        "30%",
        "１２",
    ]
)


@pytest.mark.parametrize("split", [True, False], ids=["polars-split", "csv-split"])
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_columns_and_rows_read_alike(
    engine: Engine,
    vocab: Vocabulary,
    data: st.DataObject,
    tmp_path_factory: pytest.TempPathFactory,
    split: bool,
) -> None:
    """Every installed programme, drawn populations in the flat layout's columns (lists
    left out: their JSON cells are read row by row), some cells made messy, some rows cut
    short or given a cell too many, some lines blank: reading by columns (the cells split
    by polars where the file is plain, or by the ``csv`` module) gives the row reader's
    results and error rows."""
    roles = _selected_roles(engine)
    drawn = data.draw(st.lists(profile(vocab), min_size=1, max_size=12))
    profiles = [engine.load(normalise(unstructure(engine.load(p)))) for p in drawn]
    flat = flatten(profiles_frame(profiles, engine.registry.facts), engine, roles)
    flat = flat.select(c for c, t in flat.schema.items() if not isinstance(t, pl.List))
    names = flat.columns
    rows = [[_cell(v) for v in r] for r in flat.iter_rows()]
    for r in rows:  # a messy cell in about half the rows
        if data.draw(st.booleans()):
            j = data.draw(st.integers(0, len(names) - 1))
            r[j] = data.draw(_MESSY).replace("{}", r[j])
    for r in rows:  # a few rows cut short, or with a cell too many
        cut = data.draw(st.sampled_from([None] * 8 + ["short", "long"]))
        if cut == "short":
            del r[data.draw(st.integers(1, len(names))) :]
        elif cut == "long":
            r.append("x")
    tmp = tmp_path_factory.mktemp("csvcols")
    ending = data.draw(st.sampled_from(["\n", "\r\n"]))
    with (tmp / "people.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator=ending)
        w.writerow(names)
        for r in rows:
            w.writerow(r)
            if data.draw(st.integers(0, 9)) == 0:
                fh.write(ending)  # a blank line: no record, but a line
    progs = plans(engine)[2]
    _read_alike(engine, tmp / "people.csv", progs, split=split)


#: an Excel cell besides clean values: text with spaces, booleans, numbers with a
#: fraction or whole, dates with and without a time, a time alone, digits as text
_MESSY_CELLS = st.sampled_from(
    [
        " x ",
        "TRUE",
        "0123",
        "2024-01-05",
        "2024-1-5",
        True,
        False,
        1.5,
        2.0,
        -3,
        123,
        dt.datetime(2024, 1, 5, 10, 30),
        dt.datetime(2024, 1, 5),
        dt.date(1980, 2, 29),
        dt.time(10, 0),
        "",
        "1/3",
    ]
)


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_an_excel_sheet_by_columns_and_by_rows_reads_alike(
    engine: Engine,
    vocab: Vocabulary,
    data: st.DataObject,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Every installed programme, drawn populations as an Excel sheet whose cells keep
    their types (dates, booleans, whole numbers, text), some made messy (a fraction of a
    number, a time, a boolean or a number in a text column), some rows cut short or given
    a cell too many, some rows empty: reading by columns gives the row reader's results
    and error rows."""
    from openpyxl import Workbook

    roles = _selected_roles(engine)
    drawn = data.draw(st.lists(profile(vocab), min_size=1, max_size=12))
    profiles = [engine.load(normalise(unstructure(engine.load(p)))) for p in drawn]
    flat = flatten(profiles_frame(profiles, engine.registry.facts), engine, roles)
    flat = flat.select(c for c, t in flat.schema.items() if not isinstance(t, pl.List))
    names = flat.columns
    rows: list[list[Any]] = [list(r) for r in flat.iter_rows()]
    for r in rows:
        if data.draw(st.booleans()):
            r[data.draw(st.integers(0, len(names) - 1))] = data.draw(_MESSY_CELLS)
        cut = data.draw(st.sampled_from([None] * 8 + ["short", "long"]))
        if cut == "short":
            del r[data.draw(st.integers(1, len(names))) :]
        elif cut == "long":
            r.append("x")
    book = Workbook(write_only=True)
    sheet = book.create_sheet("people")
    sheet.append(names)
    for r in rows:
        sheet.append(r)
        if data.draw(st.integers(0, 9)) == 0:
            sheet.append([])  # an empty row: no record
    path = tmp_path_factory.mktemp("xlsxcols") / "people.xlsx"
    book.save(path)
    progs = plans(engine)[2]
    _read_alike(engine, path, progs)


def test_an_excel_sheets_rows_of_text_dates_and_whole_numbers_are_read_by_columns(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only a row with a cell of another type (here a boolean in a text column) is parsed
    by itself; the others, booleans in a boolean column included, are read by columns,
    with the row reader's verdicts."""
    from openpyxl import Workbook

    calls = _counting(monkeypatch)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("people")
    sheet.append([*HEADER, "person.full_time"])
    for i in range(6):
        born = dt.date(1960 + i, 1 + i, 10 + i)
        sheet.append([i if i % 2 else f"{i:04d}", born, "female", None, i % 3 == 0])
    sheet.append([True, dt.date(1970, 1, 1), "male", None, False])
    path = tmp_path / "p.xlsx"
    book.save(path)
    got, errors, seen = _read_alike(engine, path, ["vocab.all"], calls)
    assert seen == {"case": 1, "rows": 0}
    assert errors.select("row", "path").rows() == [("8", "$.id")]
    assert got.get_column("subject_id").unique(maintain_order=True).to_list() == [
        "0000",
        "1",
        "0002",
        "3",
        "0004",
        "5",
    ]


def test_an_excel_error_cell_is_an_error_row_not_an_absent_fact(
    engine: Engine, tmp_path: Path
) -> None:
    """A broken formula's cell (``#DIV/0!``) in a date column: the row is an error row
    naming the field, as the cell's text; the sheet's other rows are screened."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["0001", dt.date(1980, 1, 1), "female", None])
    sheet.append(["0002", None, "male", None])
    sheet["B3"].value, sheet["B3"].data_type = "#DIV/0!", "e"
    path = tmp_path / "p.xlsx"
    book.save(path)
    got, errors, _ = _read_alike(engine, path, ["vocab.all"])
    assert errors.select("row", "path").rows() == [("3", "$.person.birth_date")]
    assert got.get_column("subject_id").unique().to_list() == ["0001"]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


HEADER = ["id", "person.birth_date", "person.gender", "application.call_notice_date"]


def _rows(n: int) -> list[list[str]]:
    return [[f"{i:04d}", f"19{60 + i % 30}-0{1 + i % 9}-1{i % 10}", "female", ""] for i in range(n)]


def _counting(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many records each reader parses by themselves."""
    calls = {"case": 0, "rows": 0}
    case, rows = csvcolumns.csv_case, csvcolumns.parse_records

    def counted_case(*args: Any, **kw: Any) -> Any:
        calls["case"] += 1
        return case(*args, **kw)

    def counted_rows(*args: Any, **kw: Any) -> Any:
        calls["rows"] += len(args[1])
        return rows(*args, **kw)

    monkeypatch.setattr(csvcolumns, "csv_case", counted_case)
    monkeypatch.setattr(csvcolumns, "parse_records", counted_rows)
    return calls


def test_a_clean_file_is_read_by_columns_alone(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _counting(monkeypatch)
    path = _write(tmp_path / "p.csv", HEADER, _rows(40))
    got, errors, seen = _read_alike(engine, path, ["vocab.all"], calls)
    assert seen == {"case": 0, "rows": 0}
    assert errors.is_empty()
    # the identifiers are text as written: no row is an error for being digits
    assert got.get_column("subject_id").to_list()[:2] == ["0000", "0001"]
    assert got.get_column("row").to_list()[:2] == [2, 3]  # the file's line numbers


def test_a_flagged_row_is_parsed_by_itself_with_the_row_readers_error(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _counting(monkeypatch)
    rows = _rows(10)
    rows[3][1] = "1981-02-30"  # no such day: the column cannot type it, the parser refuses it
    rows[6][2] = "alien"  # not a gender: the checks flag it
    path = _write(tmp_path / "p.csv", HEADER, rows)
    _, errors, seen = _read_alike(engine, path, ["vocab.all"], calls)
    assert seen == {"case": 2, "rows": 0}
    assert errors.get_column("row").to_list() == ["5", "8"]
    assert errors.get_column("message")[0] == "expected a date (YYYY-MM-DD)"


def test_a_cell_the_parser_takes_and_the_columns_cannot_sends_the_chunk_to_rows(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Python reads the full-width digits ５０００ as the number 5000; the columns do not:
    that chunk is read row by row, so the row is assessed as the row reader assesses it."""
    calls = _counting(monkeypatch)
    days = "person.facts.shaanxi.days_in_shaanxi"
    rows = [[*r, "300"] for r in _rows(10)]
    rows[4][-1] = "５０００"
    path = _write(tmp_path / "p.csv", [*HEADER, days], rows)
    _, errors, seen = _read_alike(engine, path, ["vocab.all"], calls)
    assert seen["rows"] == 10
    assert errors.is_empty()


def test_a_header_naming_a_whole_list_is_read_by_rows(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _counting(monkeypatch)
    records = json.dumps([{"kind": "award", "date": "2020-01-01"}])
    rows = [[*r, records] for r in _rows(5)]
    path = _write(tmp_path / "p.csv", [*HEADER, "person.records"], rows)
    assert csvcolumns.ENABLED
    _screened(engine, path, ["vocab.all"], columns=True)
    assert calls == {"case": 0, "rows": 0}  # the row reader of run.py, not this module's


def test_line_numbers_survive_blank_lines_and_cells_over_two_lines(
    engine: Engine, tmp_path: Path
) -> None:
    text = (
        ",".join(HEADER) + "\n"
        "a,1980-01-01,female,\n"
        "\n"
        'b,1980-01-01,"fe\nmale",\n'
        "c,1981-01-01,female,\n"
    )
    path = tmp_path / "p.csv"
    path.write_text(text, encoding="utf-8")
    got, errors, _ = _read_alike(engine, path, ["vocab.all"])
    assert got.get_column("row").to_list() == [2, 6]
    assert errors.get_column("row").to_list() == ["4"]


def test_text_columns_keep_digits_and_words_as_text(engine: Engine) -> None:
    """A text column's cell is text as written (an identifier of digits, a word that reads
    as a boolean); other columns' cells are read as before."""
    texts = batch_io.text_columns(
        ["id", "person.gender", "person.birth_date", "application.call_notice_date"],
        {},
        engine.registry.facts,
    )
    assert texts == {"id", "person.gender"}
    row = {"id": " 0123 ", "person.gender": "true", "person.birth_date": " 1980-01-01 "}
    case = batch_io.csv_profile(row, {}, texts)
    assert case == {"id": "0123", "person": {"gender": "true", "birth_date": "1980-01-01"}}
    # without the text columns (as before): the identifier is read as a number
    assert batch_io.csv_profile(row, {})["id"] == 123


def test_a_plain_file_is_split_by_polars_and_any_other_by_the_csv_module(
    engine: Engine, tmp_path: Path
) -> None:
    facts, keys = engine.registry.facts, engine.input_keys
    line = ",".join(HEADER) + "\r\n" + "".join(",".join(r) + "\r\n" for r in _rows(3))
    plain = tmp_path / "plain.csv"
    plain.write_bytes(b"\xef\xbb\xbf" + line.encode())  # a BOM, lines ended by CR LF
    assert csvcolumns.plain_chunks(plain, 10, facts, keys, {}) is not None
    for name, text in [
        ("quoted", line.replace("female", '"female"')),
        ("cr", line.replace("\r\n", "\r")),
        ("gbk", line.replace("female", "陕西省女性")),
    ]:
        path = tmp_path / f"{name}.csv"
        path.write_bytes(text.encode("gbk" if name == "gbk" else "utf-8"))
        assert csvcolumns.plain_chunks(path, 10, facts, keys, {}) is None, name
    listed = tmp_path / "listed.csv"
    listed.write_text(line.replace("application.call_notice_date", "person.records"))
    assert csvcolumns.plain_chunks(listed, 10, facts, keys, {}) is None


def test_a_carriage_return_at_a_blocks_end_is_read_with_the_next_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(csvcolumns, "_SCAN_BLOCK", 4)
    path = tmp_path / "p.csv"
    path.write_bytes(b"id,a\r\nxy,1\r\n")  # "\r" is the 4th byte of a block, "\n" the 5th
    assert csvcolumns._plain(path)
    path.write_bytes(b"id,a\rxyz\r\n")
    assert not csvcolumns._plain(path)
    path.write_bytes(b"id,a\r")
    assert not csvcolumns._plain(path)


def test_a_plain_files_chunk_with_blank_lines_and_extra_cells_keeps_line_numbers(
    engine: Engine, tmp_path: Path
) -> None:
    rows = [",".join(r) for r in _rows(6)]
    rows[2] += ",extra"
    text = ",".join(HEADER) + "\n" + rows[0] + "\n\n" + "\n".join(rows[1:]) + "\n"
    path = tmp_path / "p.csv"
    path.write_text(text, encoding="utf-8")
    got, errors, _ = _read_alike(engine, path, ["vocab.all"], chunk_size=3)
    assert got.get_column("row").unique(maintain_order=True).to_list() == [2, 4, 6, 7, 8]
    assert errors.get_column("row").to_list() == ["5"]


def test_a_blank_numbered_record_is_absent_in_both_readers(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``team.members[1]`` given with ``team.members[0]`` blank is the team's one member,
    read by columns as by rows (the flat layout leaves a record with no cell out); an
    error in it names the column's number, ``[1]``."""
    calls = _counting(monkeypatch)
    header = ["id", "team.name", "team.members[0].core", "team.members[1].core"]
    rows = [["a", "t", "true", "true"], ["b", "t", "", "true"], ["c", "t", "", "maybe"]]
    path = _write(tmp_path / "p.csv", header, rows)
    got, errors, seen = _read_alike(engine, path, ["fooland.team"], calls)
    assert seen == {"case": 1, "rows": 0}  # the row in error parsed alone
    assert errors.select("row", "path").rows() == [("4", "$.team.members[1].core")]
    missing = dict(got.select("subject_id", "missing").rows())
    assert "team.members[0].core" not in missing["b"]  # no member with nothing given


def test_a_rows_blank_numbered_records_are_left_out_and_its_errors_keep_their_numbers(
    engine: Engine,
) -> None:
    """Records given by number are the list in their numbers' order, those with no cell
    left out, at every depth; a problem is named by the numbers the columns give."""
    row = {
        "id": "a",
        "team.members[0].core": "",
        "team.members[2].core": "true",
        "team.members[2].records[3].kind": "sanction",
        "team.members[4].core": "false",
    }
    numbers: dict[str, list[int]] = {}
    got = batch_io.csv_profile(row, {}, frozenset(), numbers)
    assert got["team"]["members"] == [
        {"core": True, "records": [{"kind": "sanction"}]},
        {"core": False},
    ]
    assert numbers == {"$.team.members": [2, 4], "$.team.members[2].records": [3]}
    row["team.members[2].records[3].date"] = "2024-02-30"
    row["team.members[4].core"] = "maybe"
    with pytest.raises(InputError) as caught:
        batch_io.csv_case(row, {}, frozenset(), engine.registry.facts)
    assert sorted(caught.value.errors) == [
        "expected a date (YYYY-MM-DD) @ $.team.members[2].records[3].date",
        "expected true or false @ $.team.members[4].core",
    ]
    no_gap = {"id": "a", "team.members[0].core": "true"}
    numbers.clear()
    assert batch_io.csv_profile(no_gap, {}, frozenset(), numbers) == {
        "id": "a",
        "team": {"members": [{"core": True}]},
    }
    assert numbers == {}


@pytest.mark.parametrize("columns", [True, False])
@pytest.mark.parametrize("quoted", [True, False])
def test_text_that_is_not_csv_stops_the_run_naming_its_line(
    engine: Engine, tmp_path: Path, columns: bool, quoted: bool
) -> None:
    """A cell longer than the ``csv`` module's field limit on the file's fourth line (a
    quoted file is split by that module throughout; a plain one for that chunk)."""
    rows = [",".join(r) for r in _rows(5)]
    long = "x" * (csv.field_size_limit() + 1)
    rows[2] = rows[2].replace("female", f'"{long}"' if quoted else long)
    path = tmp_path / "p.csv"
    path.write_text(",".join(HEADER) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(batch_io.BatchError, match=r"p\.csv: not valid CSV near line 4: field"):
        _screened(engine, path, ["vocab.all"], columns=columns, chunk_size=2)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(["", "a", "ab,c", "\r", "x" * 70]), max_size=40),
    st.booleans(),
    st.integers(1, 7),
    st.integers(1, 100),
)
def test_a_plain_files_lines_are_cut_as_a_reader_of_lines_cuts_them(
    lines: list[str], last_feed: bool, size: int, guess: int
) -> None:
    """Blocks of ``size`` lines, split in one call, are the file's lines read one by one
    and joined (the last line with or without its line feed, blank lines kept)."""
    text = "\n".join(lines) + ("\n" if last_feed and lines else "")
    data = text.encode()
    reader = io.BytesIO(data)
    want = []
    while batch := list(itertools.islice(reader, size)):
        want.append((b"".join(batch), [line.removesuffix(b"\n") for line in batch]))
    got = list(csvcolumns._line_blocks(io.BytesIO(data), size, guess))
    assert got == want
    assert b"".join(block for block, _ in got) == data
