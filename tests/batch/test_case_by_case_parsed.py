"""A run that assesses some rule, funding line or programme case by case keeps every
chunk's cases as parsed, whatever the chunk's size: the engine assesses them as they were
read, not parsed again from their rows (for a Fooland team, about 0.4 ms a case of the
0.7 ms the rule took case by case)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import attrs
import polars as pl
import pytest

from talentkit import Citation, Custom, Engine
from talentkit.batch import io, run
from talentkit.batch.evaluate import case_by_case
from talentkit.convert import unstructure
from tests.batch.screening import adding, screened
from tests.batch.test_screen import CountedPool

EXAMPLE = Path(__file__).resolve().parents[1] / "fooland" / "example.toml"
AS_OF = dt.date(2026, 10, 20)
TEAM = "fooland.team"  # its custom predicate has no columnar form


#: a predicate over the host's kind, read through a selector: decided on the case (the
#: team's own predicate reads a column of the chunk)
HOSTED = Custom(
    id="declares.hosted",
    facts=["organisations[role=host].kind"],
    predicate=lambda v: v["organisations[role=host].kind"] != "university",
    cite=Citation(document="FOO-1", article="第10条"),
)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.create([("declares", adding(TEAM, HOSTED))], entry_points=False)


def _cases(engine: Engine, n: int) -> list[dict[str, Any]]:
    """The Fooland example, ``n`` times: ids of their own, one team's name blank (the
    custom predicate fails it) and one's left out (the rule is undetermined)."""
    case = unstructure(engine.load(EXAMPLE))
    out = [{**case, "id": f"case-{i}"} for i in range(n)]
    out[1] = {**out[1], "team": {**case["team"], "name": "  "}}
    team = dict(case["team"])
    del team["name"]
    out[2] = {**out[2], "team": team}
    return out


def _lines(engine: Engine, tmp_path: Path, n: int) -> Path:
    src = tmp_path / "cases.jsonl"
    lines = [json.dumps(c) for c in _cases(engine, n)]
    lines.insert(3, "not JSON")  # an error row: the kept cases follow the frame's rows
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return src


def _screened(engine: Engine, src: Path, out: Path, **kw: Any) -> tuple[pl.DataFrame, bytes, Any]:
    """Compiled (the bound of few cases at 0), in chunks of 2 records."""
    settings = {"programmes": [TEAM], "as_of": AS_OF, "chunk_size": 2, "assume_calendar": True}
    return screened(engine, src, out, 0, **{**settings, **kw})


def _refuse_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*args: Any) -> Any:
        raise AssertionError("a row read back into a case")

    monkeypatch.setattr(run, "from_row", refused)


def test_a_rule_assessed_case_by_case_reads_the_cases_as_parsed(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No chunk is small enough to keep its cases by the bound alone, yet none is read
    back from its rows; the results are those of a run that reads them back."""
    src = _lines(engine, tmp_path, 5)
    monkeypatch.setattr(io, "KEPT_PROFILES", 0)
    with monkeypatch.context() as mp:  # none kept: each row read back into a case
        mp.setattr(run, "case_by_case", lambda plan, facts=None: False)
        again = _screened(engine, src, tmp_path / "again.parquet")
    _refuse_rows(monkeypatch)
    kept = _screened(engine, src, tmp_path / "kept.parquet")
    assert kept[2].compiled
    assert kept[2].case_by_case == 0  # (rows the compiled plan sent to the engine)
    assert kept[0].equals(again[0])
    assert kept[1] == again[1]
    assert kept[2].error_rows == 1
    verdicts = dict(zip(kept[0]["subject_id"], kept[0]["verdict"], strict=True))
    # the blank name fails the predicate, the missing one leaves it undetermined
    assert verdicts["case-1"] == "not_eligible"
    assert verdicts["case-2"] == "undetermined"
    assert verdicts["case-0"] != "not_eligible"
    monkeypatch.setattr(run, "case_by_case", lambda plan, facts=None: False)
    with pytest.raises(AssertionError, match="read back"):  # the check can fail
        _screened(engine, src, tmp_path / "refused.parquet")


def test_such_a_run_parses_its_cases_itself_not_in_workers(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With workers and chunks large enough for them, the cases are parsed by the run's
    own process (a worker's would be parsed again from their rows): no worker starts."""
    src = _lines(engine, tmp_path, 5)
    alone = _screened(engine, src, tmp_path / "alone.parquet", workers=1)
    monkeypatch.setattr(run, "PARALLEL_MIN", 1)

    class NoPool:
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            raise AssertionError("a worker started")

    monkeypatch.setattr(run, "ProcessPoolExecutor", NoPool)
    workers = _screened(engine, src, tmp_path / "workers.parquet", workers=2)
    assert workers[0].equals(alone[0])
    assert workers[1] == alone[1]
    monkeypatch.setattr(run, "case_by_case", lambda plan, facts=None: False)
    with pytest.raises(AssertionError, match="a worker started"):  # the check can fail
        _screened(engine, src, tmp_path / "pool.parquet", workers=2)


def test_a_run_whose_predicates_read_columns_parses_in_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The team programme alone: its predicate reads the team's name from the chunk's
    columns, so the cases need not be kept and the workers parse them, as for a
    compiled programme; the results are the same."""
    engine = Engine.create()
    src = _lines(engine, tmp_path, 5)
    alone = _screened(engine, src, tmp_path / "alone.parquet", workers=1)
    monkeypatch.setattr(run, "PARALLEL_MIN", 1)
    monkeypatch.setattr(run, "ProcessPoolExecutor", CountedPool)
    CountedPool.started = 0
    pooled = _screened(engine, src, tmp_path / "workers.parquet", workers=2)
    assert CountedPool.started == 1
    assert pooled[0].equals(alone[0])
    assert pooled[1] == alone[1]


def test_a_case_outside_the_calendar_is_set_aside_as_parsed(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A case whose dates fall outside the official holiday calendar becomes an error row;
    the chunk's cases are looked at as parsed."""
    cases = _cases(engine, 3)
    cases[1]["facts"] = {
        **cases[1]["facts"],
        "fooland.notice_start": "2190-09-30",
        "fooland.notice_end": "2190-10-12",
    }
    src = tmp_path / "cases.jsonl"
    src.write_text("".join(json.dumps(c) + "\n" for c in cases), encoding="utf-8")
    monkeypatch.setattr(io, "KEPT_PROFILES", 0)
    _refuse_rows(monkeypatch)
    results, errors, summary = _screened(
        engine, src, tmp_path / "out.parquet", assume_calendar=False
    )
    assert results["subject_id"].to_list() == ["case-0", "case-2"]
    assert summary.error_rows == 1
    assert b"outside the official holiday calendar" in errors


def test_which_plans_are_assessed_case_by_case(engine: Engine) -> None:
    """A programme with a rule the engine decides is; one whose rules all compile is not,
    and the money only counts when it is asked for."""
    from talentkit.batch.run import plans_for

    (team,), _ = plans_for(engine, [TEAM], as_of=AS_OF, overrides=None, few=False)
    assert set(team.fallback) == {"fooland.team.name_given", "declares.hosted"}
    facts = engine.registry.facts
    assert case_by_case(team)
    assert case_by_case(team, facts)  # the host's kind is read through a selector
    # the team's name is a column: its predicate needs no parsed case
    named = attrs.evolve(team, rules=[r for r in team.rules if r.rule.id != "declares.hosted"])
    assert case_by_case(named)
    assert not case_by_case(named, facts)
    compiled = [
        p
        for p in plans_for(
            engine, sorted(engine.registry.programmes), as_of=AS_OF, overrides=None, few=False
        )[0]
        if not p.fallback
    ]
    assert compiled
    assert not any(map(case_by_case, compiled))
    plan = compiled[0]
    # a funding hook is called for every case (its failure is the case's error)
    assert case_by_case(attrs.evolve(plan, funding_hooks="a plugin"))
    # a funding line case by case, only when the money is asked for
    line: Any = object()
    assert case_by_case(attrs.evolve(plan, funding_lines=[line]))
    assert not case_by_case(attrs.evolve(plan, funding_lines=[line], outputs=("verdict",)))
