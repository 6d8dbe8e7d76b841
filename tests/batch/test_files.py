"""Batch files as people have them, and a run that loses nothing: encodings, CSV quirks,
Excel, outputs checked before any row, per-row calendar errors, one validation for every
format, funding that is undetermined."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from click.testing import CliRunner

from talentkit import Engine
from talentkit.batch import BatchError, profiles_frame, screen
from talentkit.cli import main
from talentkit.convert import unstructure

AS_OF = dt.date(2026, 10, 20)
PROGS = ["fooland.team"]
HEADER = "id,person.birth_date,person.core\n"


def example(engine: Engine) -> dict[str, Any]:
    return unstructure(engine.load("tests/fooland/example.toml"))  # type: ignore[no-any-return]


def run(engine: Engine, src: Path, tmp_path: Path, **kw: Any) -> tuple[Any, pl.DataFrame, Any]:
    out, err = tmp_path / "out.jsonl", tmp_path / "err.jsonl"
    kw.setdefault("workers", 1)
    s = screen(engine, src, out, programmes=PROGS, as_of=AS_OF, errors_path=err, **kw)
    errors = [json.loads(line) for line in err.read_text(encoding="utf-8").splitlines()]
    return s, pl.read_ndjson(out) if out.stat().st_size else pl.DataFrame(), errors


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b""), ("utf-16", b"")],
)
def test_csv_in_the_encodings_offices_save(
    engine: Engine, tmp_path: Path, encoding: str, prefix: bytes
) -> None:
    src = tmp_path / "in.csv"
    src.write_bytes(
        prefix + (HEADER + "张三,1980-01-01,TRUE\n李四,1981-02-03,FALSE\n").encode(encoding)
    )
    s, out, errors = run(engine, src, tmp_path)
    assert (s.rows_read, s.rows_assessed, errors) == (2, 2, [])
    assert out["subject_id"].to_list() == ["张三", "李四"]


def test_an_explicit_encoding_is_used_and_an_unknown_one_refused(
    engine: Engine, tmp_path: Path
) -> None:
    src = tmp_path / "in.csv"
    src.write_bytes((HEADER + "张三,1980-01-01,true\n").encode("gb18030"))
    _, out, _ = run(engine, src, tmp_path, encoding="gb18030")
    assert out["subject_id"].to_list() == ["张三"]
    with pytest.raises(BatchError, match="unknown encoding 'klingon'"):
        run(engine, src, tmp_path, encoding="klingon")


def test_a_binary_file_is_refused_before_any_row(engine: Engine, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(BatchError, match="binary"):
        run(engine, src, tmp_path)
    assert not (tmp_path / "out.jsonl").exists()


def test_bytes_the_encoding_cannot_read_are_an_error_row(engine: Engine, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(b'{"id": "a"}\n{"id": "\xff\xfe"}\n')
    s, _, errors = run(engine, src, tmp_path)
    assert (s.rows_read, s.rows_assessed, s.error_rows) == (2, 1, 1)
    assert errors[0]["row"] == 2
    assert "not valid text" in errors[0]["message"]


def test_csv_rows_keep_the_files_line_numbers_and_extra_cells_are_errors(
    engine: Engine, tmp_path: Path
) -> None:
    src = tmp_path / "in.csv"
    src.write_text(
        HEADER + "a,1980-01-01,TRUE\n\nb,1800-01-01,false\nc,1990-01-01,true,surplus\n",
        encoding="utf-8",
    )
    s, out, errors = run(engine, src, tmp_path)
    assert (s.rows_read, s.rows_assessed, s.error_rows) == (3, 1, 2)
    assert out["row"].to_list() == [2]
    assert [(e["row"], e["path"]) for e in errors] == [(4, "$.person.birth_date"), (5, "$")]
    assert "1 cell(s) beyond the 3 column(s) of the header" in errors[1]["message"]


@pytest.mark.parametrize(
    ("header", "words"),
    [
        ("nonsense,other\n", "column(s) matching no profile field: 'nonsense', 'other'"),
        ("\ufeffid,id\n", "column(s) named twice: 'id'"),
        ("persn.birth_date\n", "matching no profile field: 'persn.birth_date'"),
    ],
)
def test_a_header_naming_no_field_is_a_run_error(
    engine: Engine, tmp_path: Path, header: str, words: str
) -> None:
    src = tmp_path / "in.csv"
    src.write_text(header + "1,2\n", encoding="utf-8")
    with pytest.raises(BatchError) as exc:
        run(engine, src, tmp_path)
    assert words in str(exc.value)


def test_excel_in_and_out(engine: Engine, tmp_path: Path) -> None:
    from openpyxl import Workbook, load_workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["id", "person.birth_date", "person.core"])
    sheet.append(["a", dt.datetime(1980, 1, 1), True])
    sheet.append([None, None, None])
    sheet.append(["b", "1800-01-01", False])
    src = tmp_path / "in.xlsx"
    book.save(src)
    out = tmp_path / "res.xlsx"
    s = screen(engine, src, out, programmes=PROGS, as_of=AS_OF, errors_path=tmp_path / "e.xlsx")
    assert (s.rows_read, s.rows_assessed, s.error_rows) == (2, 1, 1)
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("row", "subject_id", "programme", "verdict")
    assert rows[1][:3] == (2, "a", "fooland.team")
    errs = list(load_workbook(tmp_path / "e.xlsx").active.iter_rows(values_only=True))
    assert errs[1][:2] == (4, "$.person.birth_date")


def test_outputs_are_checked_before_any_row(engine: Engine, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(example(engine)) + "\n", encoding="utf-8")
    cases = [
        (tmp_path / "missing" / "o.jsonl", None, "does not exist"),
        (tmp_path / "o.txt", None, "unknown format"),
        (src, None, "refusing to write over the input"),
        (tmp_path / "o.jsonl", src, "refusing to write over the input"),
        (tmp_path / "o.jsonl", tmp_path / "o.jsonl", "refusing to write over another output"),
        (tmp_path / "o.jsonl", tmp_path / "nowhere" / "e.jsonl", "does not exist"),
    ]
    (tmp_path / "dir.jsonl").mkdir()
    cases.append((tmp_path / "dir.jsonl", None, "is a directory"))
    for out, errors, words in cases:
        with pytest.raises(BatchError, match=words):
            screen(engine, src, out, programmes=PROGS, as_of=AS_OF, errors_path=errors)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir.jsonl", "in.jsonl"]


def test_a_case_outside_the_holiday_calendar_is_an_error_row(
    engine: Engine, tmp_path: Path
) -> None:
    ok = example(engine)
    late = json.loads(json.dumps(ok))
    late["id"] = "late"
    late["facts"]["fooland.notice_start"] = "2190-09-30"
    late["facts"]["fooland.notice_end"] = "2190-10-12"
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(p) + "\n" for p in (ok, late, ok)), encoding="utf-8")
    s, out, errors = run(engine, src, tmp_path)
    assert (s.rows_read, s.rows_assessed, s.error_rows) == (3, 2, 1)
    assert out["row"].to_list() == [1, 3]
    assert errors[0]["row"] == 2
    assert "--assume-calendar" in errors[0]["message"]
    s, out, errors = run(engine, src, tmp_path, assume_calendar=True)
    assert (s.rows_assessed, errors) == (3, [])


def test_parquet_rows_are_validated_like_json_lines(engine: Engine, tmp_path: Path) -> None:
    base = example(engine)
    old = json.loads(json.dumps(base))
    old["team"]["leader"]["birth_date"] = "1800-01-01"
    src = tmp_path / "in.parquet"
    profiles_frame([engine.load(base)], engine.registry.facts).with_columns(
        pl.col("team").struct.with_fields(
            pl.field("leader").struct.with_fields(pl.lit(dt.date(1800, 1, 1)).alias("birth_date"))
        )
    ).write_parquet(src)
    s, _, pq_errors = run(engine, src, tmp_path)
    jl = tmp_path / "in.jsonl"
    jl.write_text(json.dumps(old) + "\n", encoding="utf-8")
    s2, _, jl_errors = run(engine, jl, tmp_path)
    assert (s.error_rows, s2.error_rows) == (1, 1)
    assert pq_errors == jl_errors
    assert pq_errors[0]["path"] == "$.team.leader.birth_date"


def test_undetermined_funding_is_visible(engine: Engine, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(example(engine)) + "\n", encoding="utf-8")
    _, out, _ = run(engine, src, tmp_path)
    (row,) = out.to_dicts()
    report = engine.assess(engine.load(example(engine)), PROGS, as_of=AS_OF)
    (a,) = report.assessments
    assert a.funding is not None
    assert row["funding_complete"] is a.funding.complete
    if not a.funding.complete:
        assert row["funding_missing"]


def test_cli_no_row_assessed_exits_1(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": 3}\n{"nope": 1}\n', encoding="utf-8")
    result = CliRunner().invoke(
        main, ["batch", str(src), "-o", str(tmp_path / "o.jsonl"), "--workers", "1"]
    )
    assert result.exit_code == 1
    assert "no row was assessed: every row is an error" in result.stderr
    src.write_text("", encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(src), "-o", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 1


def test_cli_output_problems_are_exit_2(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("{}\n", encoding="utf-8")
    for out in (str(src), str(tmp_path / "o.xls"), str(tmp_path / "no" / "o.csv")):
        result = CliRunner().invoke(main, ["batch", str(src), "-o", out])
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
