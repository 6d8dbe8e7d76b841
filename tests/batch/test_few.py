"""A run of few cases is assessed by the engine, uncompiled, with the compiled run's
results; how many cases an input holds is told from its start. The cases are assessed as
they were parsed (not parsed again from their rows), and each case's programmes share what
they evaluate, as ``Engine.assess`` shares it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talentkit import Engine
from talentkit.batch import BatchError, io, profiles_frame, run, screen, screen_frame
from talentkit.batch.evaluate import CaseShares
from talentkit.batch.few import ENVIRONMENT, case_by_case_max, few_records
from talentkit.cli import main
from talentkit.convert import unstructure
from talentkit.rules.context import Shared
from tests.batch import vocab_plugin
from tests.batch.screening import screened
from tests.batch.strategies import AS_OF, Vocabulary, profile

EXAMPLE = Path(__file__).resolve().parents[1] / "fooland" / "example.toml"


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
    assert case_by_case_max() == 200
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


def _screened(engine: Engine, src: Path, out: Path, bound: int) -> tuple[pl.DataFrame, bytes, Any]:
    return screened(engine, src, out, bound, as_of=AS_OF, workers=1)


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_json_lines_of_few_cases_give_the_compiled_runs_files(
    engine: Engine,
    vocab: Vocabulary,
    data: st.DataObject,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Drawn populations against every installed programme, a line that is not a case
    among them: the run of few cases (its cases as parsed, each case's programmes sharing
    their checks, or sharing nothing but the date's values) writes the compiled run's
    results and error rows."""
    drawn = data.draw(st.lists(profile(vocab), min_size=1, max_size=6))
    lines = [json.dumps(p) for p in drawn]
    lines.insert(data.draw(st.integers(0, len(lines))), '{"person": {"birth_date": 3}}')
    tmp = tmp_path_factory.mktemp("few")
    src = tmp / "cases.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    compiled = _screened(engine, src, tmp / "compiled.parquet", 0)
    few = _screened(engine, src, tmp / "few.parquet", len(lines))
    assert compiled[2].compiled
    assert not few[2].compiled
    assert few[0].equals(compiled[0])
    assert few[1] == compiled[1]
    assert few[2].error_rows == 1
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(run, "KEPT_CASES", 0)  # each assessment's checks its own
        alone = _screened(engine, src, tmp / "alone.parquet", len(lines))
    assert alone[0].equals(compiled[0])


def _cases(engine: Engine, n: int) -> list[dict[str, Any]]:
    """The Fooland example, ``n`` times under ids of their own."""
    case = unstructure(engine.load(EXAMPLE))
    return [{**case, "id": f"case-{i}"} for i in range(n)]


def test_the_cases_are_assessed_as_parsed_not_parsed_again(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A chunk of JSON Lines keeps its cases as parsed: no row is read back into a case
    while the run assesses them. With none kept (neither by the bound nor for a run that
    assesses cases by the engine), each row is (the check that the first run would have
    noticed)."""
    src = tmp_path / "cases.jsonl"
    src.write_text("".join(json.dumps(c) + "\n" for c in _cases(engine, 3)), encoding="utf-8")

    def refused(*args: Any) -> Any:
        raise AssertionError("a row read back into a case")

    monkeypatch.setattr(run, "from_row", refused)
    results, _, summary = _screened(engine, src, tmp_path / "kept.parquet", 3)
    assert not summary.compiled
    assert 0 < summary.case_by_case <= results.height
    monkeypatch.setattr(io, "KEPT_PROFILES", 0)
    _screened(engine, src, tmp_path / "still.parquet", 3)  # kept: assessed by the engine
    monkeypatch.setattr(run, "case_by_case", lambda plan, facts=None: False)
    with pytest.raises(AssertionError, match="read back"):
        _screened(engine, src, tmp_path / "again.parquet", 3)


def test_a_chunk_keeps_its_parsed_cases_through_its_error_rows(engine: Engine) -> None:
    """The parsed cases stay beside the frame's rows when error rows are taken out, and
    are not kept for a chunk of more records than the bound."""
    cases = _cases(engine, 4)
    lines = [json.dumps(c) for c in cases]
    lines.insert(1, "not JSON")
    chunk = io.parse_records(1, lines, "jsonl", engine.registry.facts, {}, engine.input_keys)
    assert chunk.profiles is not None
    assert [p.id for p in chunk.profiles] == chunk.frame.get_column("id").to_list()
    assert [p.id for p in chunk.profiles] == [c["id"] for c in cases]
    keep = pl.Series([True, False, True, False])
    kept = chunk.keep(keep, [])
    assert kept.profiles is not None
    assert [p.id for p in kept.profiles] == ["case-0", "case-2"]
    assert kept.frame.get_column("id").to_list() == ["case-0", "case-2"]
    bound = io.KEPT_PROFILES
    try:
        io.KEPT_PROFILES = len(lines) - 1
        many = io.parse_records(1, lines, "jsonl", engine.registry.facts, {}, engine.input_keys)
    finally:
        io.KEPT_PROFILES = bound
    assert many.profiles is None
    assert many.frame.equals(chunk.frame)


def test_a_cases_programmes_share_one_set_of_checks(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run of few cases asks the engine for one shared set per case, whatever its
    programmes; beyond the bound, one per assessment."""
    n = 3
    src = tmp_path / "cases.jsonl"
    src.write_text("".join(json.dumps(c) + "\n" for c in _cases(engine, n)), encoding="utf-8")
    made: list[Shared] = []
    original = Engine.case_shared

    def counted(self: Engine, store: Any, as_of: dt.date) -> Shared:
        made.append(original(self, store, as_of))
        return made[-1]

    monkeypatch.setattr(Engine, "case_shared", counted)
    shared_results, _, summary = _screened(engine, src, tmp_path / "shared.parquet", n)
    assert summary.case_by_case > n
    assert len(made) == n
    assert all(not s.checks for s in made)  # dropped once the chunk is assessed
    made.clear()
    monkeypatch.setattr(run, "KEPT_CASES", n - 1)
    alone, _, summary = _screened(engine, src, tmp_path / "alone.parquet", n)
    assert len(made) == summary.case_by_case
    assert all(not s.checks for s in made)
    assert alone.equals(shared_results)


def test_case_shares_drop_their_checks(engine: Engine) -> None:
    """Kept: one set per case until the chunk is closed; not kept: a set per call, whose
    checks go as each assessment is made."""
    case = engine.load(EXAMPLE)
    other = engine.load(EXAMPLE)
    kept = CaseShares(engine, engine.params, AS_OF, keep=True)
    first = kept.of(case)
    assert kept.of(case) is first
    assert kept.of(other) is not first
    first.checks[("x",)] = "y"  # type: ignore[index]
    kept.done(first)
    assert first.checks
    kept.close()
    assert not first.checks
    fresh = CaseShares(engine, engine.params, AS_OF, keep=False)
    one = fresh.of(case)
    assert fresh.of(case) is not one
    one.checks[("x",)] = "y"  # type: ignore[index]
    fresh.done(one)
    assert not one.checks


def test_an_engine_s_case_shared_values_are_its_dates(engine: Engine) -> None:
    """What the engine's assessments of one date share (its parameters' values, texts)
    is kept for the next case of the date; each case's checks are its own; a parameter
    store of overrides shares nothing with the installed one."""
    on = dt.date(2026, 10, 20)
    a = engine.case_shared(engine.params, on)
    b = engine.case_shared(engine.params, on)
    assert a is not b
    assert a.params is b.params
    assert a.texts is b.texts
    assert a.checks is not b.checks
    other = engine.case_shared(engine.params, dt.date(2026, 10, 21))
    assert other.params is not a.params
    overridden = engine.params.with_overrides({})
    assert engine.case_shared(overridden, on).params is not a.params
    case = engine.load(EXAMPLE)
    for pid in [p.id for p in engine.select(None)][:6]:
        prog = engine.programme(pid)
        alone = engine.assess_one(case, prog, as_of=on, store=engine.params)
        together = engine.assess_one(case, prog, as_of=on, store=engine.params, shared=a)
        assert together == alone
