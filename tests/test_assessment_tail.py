"""What an assessment does after its eligibility, with less per programme: the built-in
hooks' dispatch looked at once per assessment, procedure steps waiting on facts kept per
date and parameter set, no ledger looked for without an award."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

import pytest

from talentkit import (
    Citation,
    Compare,
    Engine,
    P,
    Parameter,
    Profile,
    Step,
    Text,
    hookimpl,
)
from talentkit.convert import read_document
from talentkit.params import ParameterStore
from talentkit.procedure import StepResult, evaluate_steps
from talentkit.rules.context import Context, Shared
from talentkit.workdays import WorkdayCalendar

D = dt.date
EXAMPLE = Path(__file__).resolve().parent / "fooland" / "example.toml"
CITE = Citation(document="D", article="第5条")
STEP = Step(
    id="x.publicity",
    cite=CITE,
    text=Text("公示", "publicity"),
    start="facts.x.published_on",
    working_days=P("x.days"),
    count_start=True,
)
WHEN = Step(
    id="x.review",
    cite=CITE,
    text=Text("复核", "review"),
    start="facts.x.objected_on",
    working_days=10,
    when=Compare(fact="facts.x.objection", value=True),
)
#: one programme's steps (kept by the steps object, as a programme's are)
STEPS = (STEP, WHEN)


def _store(days: int | None) -> ParameterStore:
    store = ParameterStore()
    if days is None:  # the operator sets it
        store.add([Parameter(key="x.days", type="int", citation=CITE)])
    else:
        store.add([Parameter(key="x.days", type="int", value=days, citation=CITE)])
    return store


def _steps(
    facts: dict[str, Any], shared: Shared | None, store: ParameterStore, assume: bool = False
) -> tuple[tuple[StepResult, ...], WorkdayCalendar]:
    calendar = WorkdayCalendar(assume_unknown_years=assume)
    ctx = Context(
        profile=Profile(facts=facts),
        as_of=D(2026, 12, 1),
        params=store,
        calendar=calendar,
        shared=shared,
    )
    return evaluate_steps(STEPS, ctx), calendar


CASES = [
    {},
    {"x.published_on": D(2026, 3, 6)},
    {"x.published_on": D(2026, 3, 9)},
    {"x.objection": True},
    {"x.objection": True, "x.objected_on": D(2026, 3, 6)},
    {"x.objection": False, "x.published_on": D(2026, 3, 6)},
    {"x.objection": True, "x.published_on": D(2026, 3, 6), "x.objected_on": D(2026, 3, 9)},
]


@pytest.mark.parametrize("days", [5, None])
def test_steps_kept_for_a_date_are_those_worked_out_afresh(days: int | None) -> None:
    store = _store(days)
    shared = Shared()  # kept across cases, as the engine keeps a date's values
    for facts in [*CASES, *reversed(CASES), *CASES]:
        kept, _ = _steps(facts, shared.for_case(), store)
        fresh, _ = _steps(facts, None, store)
        assert kept == fresh
        assert repr(kept) == repr(fresh)
    # a step waiting on the same facts is one result; one with an end is made each time
    first, _ = _steps({}, shared.for_case(), store)
    again, _ = _steps({}, shared.for_case(), store)
    assert first[0] is again[0]
    assert first[0].missing
    dated, _ = _steps(CASES[1], shared.for_case(), store)
    dated_again, _ = _steps(CASES[1], shared.for_case(), store)
    if days is not None:
        assert dated[0] == dated_again[0]
        assert dated[0] is not dated_again[0]


def test_a_kept_step_is_per_parameter_set_and_the_calendar_still_notes() -> None:
    set_, unset = _store(5), _store(None)
    one, other = Shared(), Shared()
    (s1,), _ = _steps({"x.objection": False}, one.for_case(), set_)
    (s2,), _ = _steps({"x.objection": False}, other.for_case(), unset)
    assert s1.missing == ("facts.x.published_on",)
    assert s2.missing == ("facts.x.published_on", "param:x.days")
    # a year the calendar does not know: the assumption is noted for every case
    year = 2100
    facts = {"x.published_on": D(year, 3, 1), "x.objection": False}
    for _ in range(2):
        _, calendar = _steps(facts, one.for_case(), set_, assume=True)
        assert any(str(year) in note for note in calendar.assumptions)


def test_the_built_in_dispatch_follows_plugins_registered_between_assessments() -> None:
    engine = Engine.create()
    case = engine.load(EXAMPLE)
    before = engine.assess(case, ["fooland.team"], as_of=D(2026, 10, 20))
    calls: list[str] = []

    class Scorer:
        @hookimpl
        def talentkit_score(self, programme: Any, ctx: Any) -> list[Any]:
            calls.append(programme.id)
            return []

    engine.plugins.pm.register(Scorer(), name="scorer")
    try:
        after = engine.assess(case, ["fooland.team"], as_of=D(2026, 10, 20))
    finally:
        engine.plugins.pm.unregister(name="scorer")
    assert calls == ["fooland.team"]
    assert after.assessments[0].scoring == before.assessments[0].scoring
    calls.clear()
    engine.assess(case, ["fooland.team"], as_of=D(2026, 10, 20))
    assert calls == []  # unregistered: the built-in implementation alone again


def test_no_ledger_without_an_award_and_one_with_it() -> None:
    engine = Engine.create()
    case = engine.load(EXAMPLE)
    assert not case.awards
    report = engine.assess(case, None, as_of=D(2026, 10, 20))
    assert all(a.ledger is None for a in report.assessments)
    funded = [a for a in report.assessments if a.funding is not None]
    assert funded
    for a in itertools.islice(funded, 2):
        line = a.funding.lines[0]
        award = {"programme": a.programme, "awarded_on": "2026-01-10"}
        award["paid"] = [{"item": line.item, "amount": "1", "on": "2026-02-01"}]
        with_award = engine.load({**_raw(EXAMPLE), "awards": [award]})
        (again,) = engine.assess(with_award, [a.programme], as_of=D(2026, 10, 20)).assessments
        assert again.ledger is not None


def _raw(path: Path) -> dict[str, Any]:
    found: dict[str, Any] = read_document(path)
    return found
