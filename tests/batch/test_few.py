"""A run of few cases is assessed by the engine, uncompiled, with the compiled run's
results; how many cases an input holds is told from its start."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talentkit import Engine
from talentkit.batch import BatchError, profiles_frame, screen, screen_frame
from talentkit.batch.few import ENVIRONMENT, case_by_case_max, few_records
from talentkit.cli import main
from tests.batch import vocab_plugin
from tests.batch.strategies import AS_OF, Vocabulary, profile


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.create([vocab_plugin])


@pytest.fixture(scope="module")
def vocab(engine: Engine) -> Vocabulary:
    return Vocabulary(engine, sorted(engine.registry.programmes))


def _bound(monkeypatch: pytest.MonkeyPatch, n: int) -> None:
    monkeypatch.setenv(ENVIRONMENT, str(n))


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_a_run_of_few_cases_gives_the_compiled_runs_results(
    engine: Engine, vocab: Vocabulary, data: st.DataObject
) -> None:
    """Drawn populations against every installed programme, in memory: every column, the
    verdicts alone, laid out wide, and as codes; uncompiled (the bound at the
    population's size) and compiled (one below) give the same results and error rows."""
    drawn = data.draw(st.lists(profile(vocab), min_size=1, max_size=6))
    frame = profiles_frame([engine.load(p) for p in drawn], engine.registry.facts)
    wide = {"columns": ["verdict"], "wide": True}
    for kw in ({}, {"columns": ["verdict"]}, wide, {"codes": True}):
        with pytest.MonkeyPatch.context() as mp:
            _bound(mp, frame.height)
            few = screen_frame(engine, frame, as_of=AS_OF, **kw)  # type: ignore[arg-type]
            _bound(mp, frame.height - 1)
            compiled = screen_frame(engine, frame, as_of=AS_OF, **kw)  # type: ignore[arg-type]
        assert not few.summary.compiled, kw
        assert compiled.summary.compiled, kw
        assert few.results.equals(compiled.results), kw
        assert few.errors.equals(compiled.errors), kw
        # every case and programme in force went to the engine (one not in force needs none)
        if not kw:
            engine_made = few.results.filter(pl.col("verdict") != "not_in_force").height
        assert few.summary.case_by_case == engine_made, kw
        assert not few.summary.fallback_rules
        assert few.summary.balanced


def test_a_file_of_few_cases_gives_the_compiled_runs_files(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A JSON Lines file with an error row: the results and the errors file are the
    compiled run's, and the summary says the cases were few."""
    people = [
        {"id": "p1", "person": {"birth_date": "1985-03-01", "gender": "female"}},
        {"id": "p2", "person": {"birth_date": "not a date"}},
        {"id": "p3", "person": {"birth_date": "1990-12-31", "gender": "male"}},
    ]
    src = tmp_path / "people.jsonl"
    src.write_text("".join(json.dumps(p) + "\n" for p in people), encoding="utf-8")
    found = {}
    for bound in (3, 2):
        _bound(monkeypatch, bound)
        out, errors = tmp_path / f"out{bound}.parquet", tmp_path / f"errors{bound}.csv"
        found[bound] = screen(engine, src, out, as_of=AS_OF, errors_path=errors, workers=1)
    few, compiled = found[3], found[2]
    assert not few.compiled
    assert compiled.compiled
    assert (few.rows_read, few.error_rows) == (3, 1)
    assert few.balanced
    assert few.case_by_case == few.results_written > 0
    assert pl.read_parquet(tmp_path / "out3.parquet").equals(
        pl.read_parquet(tmp_path / "out2.parquet")
    )
    assert (tmp_path / "errors3.csv").read_bytes() == (tmp_path / "errors2.csv").read_bytes()
    line = next(x for x in few.lines() if x.startswith("case by case"))
    assert line.endswith("(few cases: assessed by the engine, no plan compiled)")
    assert "未编译" in next(x for x in few.lines("zh") if x.startswith("逐案评估"))
    assert not any("few cases" in x for x in compiled.lines())


def _lines(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_few_lines_counted_at_the_bound(tmp_path: Path, end: str) -> None:
    """A case a line (a CSV file's header besides): exactly the bound is few, one more is
    not, whichever line ends the file uses, with or without one after the last line."""
    for last in (end, ""):
        jsonl = _lines(tmp_path / "a.jsonl", end.join(["{}"] * 5) + last)
        assert few_records(jsonl, "jsonl", 5)
        assert not few_records(jsonl, "jsonl", 4)
        csv = _lines(tmp_path / "a.csv", end.join(["id", *"abcde"]) + last)
        assert few_records(csv, "csv", 5)
        assert not few_records(csv, "csv", 4)


def test_a_line_end_cut_between_blocks_counts_more_never_less(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import talentkit.batch.few as few

    path = _lines(tmp_path / "a.jsonl", "{}\r\n{}\r\n{}\r\n")
    monkeypatch.setattr(few, "_BLOCK", 3)  # a block ends between \r and \n
    assert not few_records(path, "jsonl", 2)
    assert few_records(path, "jsonl", 4)


def test_few_rows_of_parquet_and_excel_at_the_bound(tmp_path: Path) -> None:
    from openpyxl import Workbook

    parquet = tmp_path / "a.parquet"
    pl.DataFrame({"id": [str(i) for i in range(7)]}).write_parquet(parquet)
    assert few_records(parquet, "parquet", 7)
    assert not few_records(parquet, "parquet", 6)
    book = Workbook()
    sheet = book.active
    sheet.append(["id"])
    for i in range(7):
        sheet.append([f"p{i}"])
        sheet.append([])  # (an empty row: no case)
    book.save(tmp_path / "a.xlsx")
    assert few_records(tmp_path / "a.xlsx", "xlsx", 7)
    assert not few_records(tmp_path / "a.xlsx", "xlsx", 6)


def test_a_file_it_cannot_tell_is_not_few(tmp_path: Path) -> None:
    """Not a workbook, not Parquet, no file, or the bound 0: the run compiles, and its
    own reading reports what is wrong."""
    bad = _lines(tmp_path / "a.xlsx", "id\n")
    assert not few_records(bad, "xlsx", 100)
    assert not few_records(_lines(tmp_path / "a.parquet", "id\n"), "parquet", 100)
    assert not few_records(tmp_path / "missing.csv", "csv", 100)
    assert not few_records(_lines(tmp_path / "b.csv", "id\n1\n"), "csv", 0)


def test_the_bound_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENVIRONMENT)
    assert case_by_case_max() == 100
    _bound(monkeypatch, 0)
    assert case_by_case_max() == 0
    for raw in ("-1", "1.5", "many", "", "²"):
        monkeypatch.setenv(ENVIRONMENT, raw)
        with pytest.raises(BatchError, match=f"{ENVIRONMENT}: expected a whole number"):
            case_by_case_max()


def test_the_command_says_the_cases_were_few(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = _lines(tmp_path / "a.jsonl", json.dumps({"id": "p1", "person": {}}) + "\n")
    _bound(monkeypatch, 1)
    out = str(tmp_path / "out.csv")
    args = ["batch", str(src), "-o", out, "--as-of", "2025-06-01", "--programme", "fooland.team"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "(few cases: assessed by the engine, no plan compiled)" in result.output
