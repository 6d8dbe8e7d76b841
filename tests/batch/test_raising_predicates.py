"""A plugin's predicate that raises, in a rule or a funding line the plan evaluates case by
case: the case is assessed by the engine, whose assessment is an error naming the plugin,
as in a run of few cases (before, the exception stopped the compiled run with a
traceback). An error about the input or the calendar still reaches the run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import attrs
import polars as pl
import pytest
import talentkit_fooland.plugin as fooland

from talentkit import (
    AllOf,
    Citation,
    Compare,
    Custom,
    Engine,
    ScoreItem,
    Text,
    WorkdaysWithin,
    hookimpl,
    touches,
)
from talentkit.batch.compile import plugin_code
from talentkit.convert import unstructure
from talentkit.programme import Programme
from tests.batch.screening import LAYOUTS, adding, screened, written

EXAMPLE = Path(__file__).resolve().parents[1] / "fooland" / "example.toml"
AS_OF = dt.date(2026, 10, 20)
TEAM = "fooland.team"
CITE = Citation(document="FOO-1", article="第10条")


def _named(values: dict[str, Any]) -> bool:
    if values["team.name"] == "boom":
        raise ZeroDivisionError("division by zero")
    return True


#: the predicate, as a rule of the team programme
RAISING_RULE = Custom(
    id="declares.named",
    facts=["team.name"],
    predicate=_named,
    cite=CITE,
    text=Text("名称", "named"),
)
#: a rule the plan evaluates case by case (a predicate beside a working-day period) whose
#: period may fall outside the official holiday calendar
CALENDAR_RULE = AllOf(
    id="declares.both",
    rules=[
        Custom(facts=["team.name"], predicate=lambda v: True),
        WorkdaysWithin(fact="facts.fooland.notice_end", start="facts.fooland.notice_start", days=5),
    ],
    cite=CITE,
    text=Text("两", "both"),
)


def _cases(engine: Engine, tmp_path: Path, far: bool = False, layout: str = "jsonl") -> Path:
    """Three teams, the second named ``boom``; ``far``: its notice period in 2190."""
    case = unstructure(engine.load(EXAMPLE))
    cases = [
        {**case, "id": f"case-{i}", "team": {**case["team"], "name": n}}
        for i, n in enumerate(["Fooland photonics", "boom", "Fooland optics"])
    ]
    if far:
        cases[1]["facts"] = {
            **case["facts"],
            "fooland.notice_start": "2190-09-30",
            "fooland.notice_end": "2190-10-12",
        }
    return written(engine, cases, tmp_path, layout)


def _screened(
    engine: Engine,
    src: Path,
    out: Path,
    bound: int,
    calendar: bool = True,
    programme: str = TEAM,
) -> tuple[pl.DataFrame, bytes, Any]:
    """The results, the errors file and the summary, compiled (``bound`` 0) or not."""
    return screened(
        engine, src, out, bound, programmes=[programme], as_of=AS_OF, assume_calendar=calendar
    )


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_raising_predicate_makes_the_case_an_error_as_the_engine_does(
    tmp_path: Path, layout: str
) -> None:
    """(From JSON Lines the predicate is called on the parsed case; from Parquet, on its
    column's values.)"""
    engine = Engine.create([("declares", adding(TEAM, RAISING_RULE))], entry_points=False)
    assert engine.problems == []
    src = _cases(engine, tmp_path, layout=layout)
    compiled, _, summary = _screened(engine, src, tmp_path / "compiled.parquet", 0)
    few, _, few_summary = _screened(engine, src, tmp_path / "few.parquet", 100)
    assert summary.compiled
    assert not few_summary.compiled
    assert "declares.named" in summary.fallback_rules[TEAM]  # evaluated case by case
    assert compiled.equals(few)
    verdicts = dict(zip(compiled["subject_id"], compiled["verdict"], strict=True))
    assert verdicts["case-1"] == "error"
    assert verdicts["case-0"] != "error"
    assert verdicts["case-2"] != "error"
    assert summary.hook_errors == few_summary.hook_errors == 1
    assert summary.case_by_case == 1  # the case the engine assessed
    report = engine.assess(
        engine.load({**unstructure(engine.load(EXAMPLE)), "team": {"name": "boom"}}), [TEAM]
    )
    (alone,) = report.assessments
    assert alone.error is not None
    assert "ZeroDivisionError" in alone.error.message


def test_a_case_outside_the_calendar_is_still_an_error_row(tmp_path: Path) -> None:
    """A rule evaluated case by case that meets a year outside the official calendar: the
    case is set aside as an error row (the calendar's error reaches the run), not made an
    assessment error."""
    engine = Engine.create([("declares", adding(TEAM, CALENDAR_RULE))], entry_points=False)
    src = _cases(engine, tmp_path, far=True)
    compiled, errors, summary = _screened(engine, src, tmp_path / "c.parquet", 0, False)
    few, few_errors, _ = _screened(engine, src, tmp_path / "f.parquet", 100, False)
    assert "declares.both" in summary.fallback_rules[TEAM]
    assert compiled["subject_id"].to_list() == ["case-0", "case-2"]
    assert compiled.equals(few)
    assert errors == few_errors
    assert b"outside the official holiday calendar" in errors
    assert summary.error_rows == 1
    assert summary.hook_errors == 0


class RaisingScoreHook:
    @hookimpl
    @touches(TEAM)
    def talentkit_score(self, programme: Programme, ctx: Any) -> Any:
        if ctx.profile.team.name == "boom":
            raise RuntimeError("no score today")
        return []


SCORED = "declares.scored"


class RaisingScoreItem:
    """Fooland's team programme under an id of its own, scored by the predicate."""

    @hookimpl
    def talentkit_add_programmes(self) -> list[Programme]:
        item = ScoreItem(
            id="declares.named_first",
            cite=CITE,
            text=Text("名称", "named"),
            rule=AllOf(rules=[Compare(fact="team.name", op="!=", value=""), NAMED]),
            weight=1,
        )
        team = fooland.TEAM.with_statuses(fooland.AWARD_STATUSES)
        return [attrs.evolve(team, id=SCORED, scoring=[*team.scoring, item])]


NAMED = Custom(facts=["team.name"], predicate=_named)


@pytest.mark.parametrize(
    ("plugin", "programme", "reason"),
    [
        (RaisingScoreHook, TEAM, "score hook of declares"),
        (RaisingScoreItem, SCORED, "score item declares.named_first: Custom"),
    ],
    ids=["score hook", "score item"],
)
def test_a_raising_scorer_sends_the_programme_to_the_engine(
    plugin: type, programme: str, reason: str, tmp_path: Path
) -> None:
    engine = Engine.create([("declares", plugin())], entry_points=False)
    assert engine.problems == []
    src = _cases(engine, tmp_path)
    compiled, _, summary = _screened(engine, src, tmp_path / "c.parquet", 0, programme=programme)
    few, _, _ = _screened(engine, src, tmp_path / "f.parquet", 100, programme=programme)
    assert summary.fallback_rules[programme] == {"*": reason}
    assert compiled.equals(few)
    verdicts = dict(zip(compiled["subject_id"], compiled["verdict"], strict=True))
    assert verdicts == {"case-0": "needs_review", "case-1": "error", "case-2": "needs_review"}
    assert summary.hook_errors == 1


def test_a_rule_tree_names_the_plugin_code_it_runs() -> None:
    compare = Compare(fact="team.name", op="!=", value="")
    assert plugin_code(compare) is None
    assert plugin_code(AllOf(rules=[compare, compare])) is None
    assert plugin_code(NAMED) == "Custom"
    assert plugin_code(AllOf(rules=[compare, AllOf(rules=[NAMED])])) == "Custom"

    @attrs.frozen(kw_only=True)
    class Tolerant(Compare):
        tolerance: int = 0

    assert plugin_code(Tolerant(fact="team.name")) == "Tolerant"
