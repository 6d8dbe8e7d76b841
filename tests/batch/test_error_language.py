"""The errors file in the run's language: the same rows, the same field paths, each message
in Chinese under ``lang="zh"`` (as ``talentkit check --lang zh`` writes it) and in English
otherwise; the results file does not change."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from click.testing import CliRunner

from talentkit import Engine
from talentkit.batch import screen
from talentkit.cli import main
from talentkit.inputtext import message_in

AS_OF = dt.date(2026, 10, 20)
PROGS = ["fooland.team"]
COLUMNS = ["id", "person.birth_date", "person.core", "facts.fooland.field"]
# a good row, a row with two bad values, a row with a value outside the declared set
ROWS: list[list[Any]] = [
    ["a", "1980-01-01", True, None],
    ["b", "1990-13-01", "yes", None],
    ["c", "1980-01-01", None, "farming"],
]
BAD_DATE = ("expected a date (YYYY-MM-DD)", "应为日期（YYYY-MM-DD）")
BAD_BOOL = ("expected true or false", "应为 true 或 false")
BAD_FIELD = ("expected a string from {ai, energy, other}", "应为字符串，取值为 {ai, energy, other}")


def nested(row: list[Any]) -> dict[str, Any]:
    person = {k: v for k, v in (("birth_date", row[1]), ("core", row[2])) if v is not None}
    out: dict[str, Any] = {"id": row[0], "person": person}
    if row[3] is not None:
        out["facts"] = {"fooland.field": row[3]}
    return out


def write_jsonl(folder: Path) -> Path:
    src = folder / "in.jsonl"
    lines = [json.dumps(nested(r)) for r in ROWS] + ['{"id": "d",']
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return src


def write_csv(folder: Path) -> Path:
    src = folder / "in.csv"
    cells = [[("" if c is None else str(c)) for c in r] for r in ROWS]
    body = [",".join(c) for c in cells] + ["d,1980-01-01,true,,surplus"]
    src.write_text(",".join(COLUMNS) + "\n" + "\n".join(body) + "\n", encoding="utf-8")
    return src


def write_xlsx(folder: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(COLUMNS)
    for row in ROWS:
        sheet.append(row)
    src = folder / "in.xlsx"
    book.save(src)
    return src


def write_flat_parquet(folder: Path) -> Path:
    src = folder / "in.parquet"
    data = {
        name: [("" if r[i] is None else str(r[i])) or None for r in ROWS]
        for i, name in enumerate(COLUMNS)
    }
    pl.DataFrame(data).write_parquet(src)
    return src


# (writer, the (row, path, English message) the errors file holds)
FORMATS = {
    "jsonl": (
        write_jsonl,
        [
            (2, "$.person.birth_date", BAD_DATE),
            (2, "$.person.core", BAD_BOOL),
            (3, "$.facts.fooland.field", BAD_FIELD),
            (
                4,
                "$",
                (
                    "not valid JSON: Expecting property name enclosed in double quotes: "
                    "line 2 column 1 (char 12)",
                    "不是有效的 JSON：此处应为双引号括起的键名（第 2 行第 1 列）",
                ),
            ),
        ],
    ),
    "csv": (
        write_csv,
        [
            (3, "$.person.birth_date", BAD_DATE),
            (3, "$.person.core", BAD_BOOL),
            (4, "$.facts.fooland.field", BAD_FIELD),
            (
                5,
                "$",
                (
                    "1 cell(s) beyond the 4 column(s) of the header",
                    "多出 1 个单元格，超出表头的 4 列",
                ),
            ),
        ],
    ),
    "xlsx": (
        write_xlsx,
        [
            (3, "$.person.birth_date", BAD_DATE),
            (3, "$.person.core", BAD_BOOL),
            (4, "$.facts.fooland.field", BAD_FIELD),
        ],
    ),
    "parquet": (
        write_flat_parquet,
        [
            (
                2,
                "person.birth_date",
                (
                    "expected a date (YYYY-MM-DD), got '1990-13-01'",
                    "应为日期（YYYY-MM-DD），实际为 '1990-13-01'",
                ),
            ),
            (
                2,
                "person.core",
                ("expected true or false, got 'yes'", "应为 true 或 false，实际为 'yes'"),
            ),
            (3, "facts.fooland.field", BAD_FIELD),
        ],
    ),
}


def run(engine: Engine, src: Path, folder: Path, lang: str) -> tuple[list[dict[str, Any]], bytes]:
    out, err = folder / f"out-{lang}.jsonl", folder / f"err-{lang}.jsonl"
    s = screen(
        engine, src, out, programmes=PROGS, as_of=AS_OF, errors_path=err, workers=1, lang=lang
    )
    assert s.balanced
    errors = [json.loads(line) for line in err.read_text(encoding="utf-8").splitlines()]
    return errors, out.read_bytes()


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_the_errors_file_speaks_the_runs_language(engine: Engine, tmp_path: Path, fmt: str) -> None:
    write, expected = FORMATS[fmt]
    src = write(tmp_path)
    en, en_results = run(engine, src, tmp_path, "en")
    zh, zh_results = run(engine, src, tmp_path, "zh")
    assert [(e["row"], e["path"], e["message"]) for e in en] == [
        (row, path, words[0]) for row, path, words in expected
    ]
    assert [(e["row"], e["path"], e["message"]) for e in zh] == [
        (row, path, words[1]) for row, path, words in expected
    ]
    assert zh_results == en_results  # the results file keeps its codes


def test_nested_parquet_rows_read_in_chinese_as_json_lines_do(
    engine: Engine, tmp_path: Path
) -> None:
    from talentkit.batch import profiles_frame

    case = engine.load({"id": "a", "person": {"core": True}})
    profiles_frame([case], engine.registry.facts).with_columns(
        pl.col("person").struct.with_fields(pl.lit(dt.date(1800, 1, 1)).alias("birth_date"))
    ).write_parquet(tmp_path / "in.parquet")
    zh, _ = run(engine, tmp_path / "in.parquet", tmp_path, "zh")
    assert zh == [
        {
            "row": 1,
            "path": "$.person.birth_date",
            "message": "应为 1900-01-01 至 2199-12-31 之间的日期",
        }
    ]


def test_a_calendar_error_row_reads_in_chinese(engine: Engine, tmp_path: Path) -> None:
    case = engine.load("tests/fooland/example.toml")
    from talentkit.convert import unstructure

    data = unstructure(case)
    data["facts"]["fooland.notice_start"] = "2190-09-30"
    data["facts"]["fooland.notice_end"] = "2190-10-12"
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(data) + "\n", encoding="utf-8")
    (en,), _ = run(engine, src, tmp_path, "en")
    (zh,), _ = run(engine, src, tmp_path, "zh")
    assert "is outside the official holiday calendar" in en["message"]
    assert zh["message"] == message_in(en["message"], "zh")
    assert zh["message"].startswith("fooland.team：2190 年不在本安装已知的官方节假日日历")


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".xlsx"])
def test_cli_writes_the_errors_file_in_the_chosen_language(tmp_path: Path, suffix: str) -> None:
    src = write_jsonl(tmp_path)
    found = {}
    for lang in ("en", "zh"):
        err = tmp_path / f"err-{lang}{suffix}"
        args = ["batch", str(src), "-o", str(tmp_path / f"o-{lang}.jsonl"), "--errors", str(err)]
        result = CliRunner().invoke(main, [*args, "--workers", "1", "--lang", lang])
        assert result.exit_code == 0, result.output
        if suffix == ".xlsx":
            from openpyxl import load_workbook

            rows = list(load_workbook(err).active.iter_rows(values_only=True))
            found[lang] = [list(r) for r in rows[1:]]
        elif suffix == ".csv":
            found[lang] = pl.read_csv(err).rows()
        else:
            found[lang] = pl.read_ndjson(err).rows()
    expected = FORMATS["jsonl"][1]
    for lang, i in (("en", 0), ("zh", 1)):
        assert [tuple(r) for r in found[lang]] == [(row, path, w[i]) for row, path, w in expected]


def test_cli_reports_a_file_level_input_error_in_the_chosen_language(tmp_path: Path) -> None:
    src = tmp_path / "in.parquet"
    pl.DataFrame({"id": ["a"], "nonsense": [1]}).write_parquet(src)
    args = ["batch", str(src), "-o", str(tmp_path / "o.jsonl"), "--layout", "nested"]
    result = CliRunner().invoke(main, [*args, "--lang", "zh"])
    assert result.exit_code == 2
    assert f"输入有误（{src}）" in result.output
    assert "未知字段：nonsense @ $" in result.output
    result = CliRunner().invoke(main, [*args, "--lang", "en"])
    assert result.exit_code == 2
    assert "unknown field(s) nonsense @ $" in result.output


def make_engine() -> Engine:
    return Engine.create()


@pytest.mark.slow
def test_the_partitioned_run_writes_its_errors_file_in_the_chosen_language(
    tmp_path: Path,
) -> None:
    pytest.importorskip("distributed")
    from talentkit.batch import screen_dask

    parts = tmp_path / "in"
    parts.mkdir()
    write_flat_parquet(parts)
    errors = tmp_path / "errors.jsonl"
    summary = screen_dask(
        make_engine,
        parts,
        tmp_path / "out",
        programmes=PROGS,
        as_of=AS_OF,
        errors_path=errors,
        lang="zh",
    )
    assert summary.error_rows == 2
    found = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    expected = FORMATS["parquet"][1]
    assert [(e["row"], e["path"], e["message"]) for e in found] == [
        (row, path, words[1]) for row, path, words in expected
    ]
