"""Publicity periods and review windows on China's working-day calendar: the end of each
period in the result, the facts needed when the start is absent, late steps, and the
declaration checks that catch a misspelled fact."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pytest

from talentkit import (
    CalendarError,
    Citation,
    Compare,
    Engine,
    FactSpec,
    Jurisdiction,
    P,
    Parameter,
    Profile,
    Programme,
    Step,
    Text,
    hookimpl,
    to_json,
)
from talentkit.exits import NO_SANCTION
from talentkit.params import ParameterStore
from talentkit.procedure import StepResult, evaluate_steps
from talentkit.render import assessment_panel
from talentkit.rules.context import Context
from talentkit.text import Lang
from talentkit.workdays import WorkdayCalendar, known_years

D = dt.date
CITE = Citation(document="D", article="第5条", quote="公示期为5个工作日")
TEXT = Text("公示", "publicity")
LATE = Text("暂停拨款", "payments suspended")


def notice(
    days: int | P = 5, *, count_start: bool = True, **kw: Any
) -> Step:  # a publicity counts its first day
    return Step(
        id="x.publicity",
        cite=CITE,
        text=TEXT,
        start="facts.x.published_on",
        working_days=days,
        count_start=count_start,
        **kw,
    )


def run(
    steps: Sequence[Step],
    facts: dict[str, Any],
    *,
    assume: bool = False,
    store: ParameterStore | None = None,
) -> tuple[tuple[StepResult, ...], WorkdayCalendar]:
    calendar = WorkdayCalendar(assume_unknown_years=assume)
    ctx = Context(
        profile=Profile(facts=facts),
        as_of=D(2026, 12, 1),
        params=store or ParameterStore(),
        calendar=calendar,
    )
    return evaluate_steps(steps, ctx), calendar


def end_of(step: Step, **facts: Any) -> D | None:
    (result,), _ = run([step], {f"x.{k}": v for k, v in facts.items()})
    return result.end


@pytest.mark.parametrize(
    ("published", "days", "end"),
    [
        # 2025: 国庆 10-01..10-08, 调休 Sunday 09-28 and Saturday 10-11 are working days
        (D(2025, 9, 26), 5, D(2025, 10, 9)),  # Fri, Sun 28, Mon 29, Tue 30, then Thu 10-09
        (D(2025, 9, 26), 7, D(2025, 10, 11)),  # the 调休 Saturday is the 7th day
        (D(2025, 9, 30), 1, D(2025, 9, 30)),  # one day: the publication day itself
        (D(2025, 9, 30), 2, D(2025, 10, 9)),  # the working day after the holiday
        (D(2025, 10, 1), 1, D(2025, 10, 9)),  # published on a holiday: day 1 is the 9th
        # a Friday start: the weekend is not counted
        (D(2026, 3, 6), 5, D(2026, 3, 12)),
        (D(2026, 3, 6), 1, D(2026, 3, 6)),
    ],
)
def test_publicity_end_counts_working_days_from_the_first(published: D, days: int, end: D) -> None:
    assert end_of(notice(days), published_on=published) == end


@pytest.mark.parametrize(
    ("received", "end"),
    [
        (D(2026, 3, 6), D(2026, 3, 27)),  # a Friday: counting begins Monday 03-09
        (D(2026, 9, 25), D(2026, 10, 22)),  # across 国庆 2026 with its 调休 09-27 and 10-10
    ],
)
def test_a_window_counts_from_the_next_day(received: D, end: D) -> None:
    assert end_of(notice(15, count_start=False), published_on=received) == end


def test_a_window_in_months_rolls_to_the_working_day_after_a_holiday() -> None:
    step = Step(
        id="x.report",
        cite=CITE,
        text=TEXT,
        start="facts.x.changed_on",
        months=1,
    )
    assert end_of(step, changed_on=D(2026, 9, 1)) == D(2026, 10, 8)  # 10-01 is 国庆
    assert end_of(step, changed_on=D(2026, 8, 14)) == D(2026, 9, 14)  # 09-14 is a Monday


def test_an_absent_start_names_the_fact_and_no_end_is_guessed() -> None:
    (result,), _ = run([notice()], {})
    assert (result.start, result.end) == (None, None)
    assert result.missing == ("facts.x.published_on",)


def test_an_unset_parameter_is_named() -> None:
    store = ParameterStore()
    store.add([Parameter(key="x.days", type="int", citation=CITE)])  # the operator sets it
    (result,), _ = run([notice(P("x.days"))], {"x.published_on": D(2026, 3, 6)}, store=store)
    assert result.end is None
    assert result.missing == ("param:x.days",)


def test_the_length_is_read_from_the_parameter() -> None:
    store = ParameterStore()
    store.add([Parameter(key="x.days", type="int", value=7, citation=CITE)])
    (result,), _ = run([notice(P("x.days"))], {"x.published_on": D(2026, 3, 6)}, store=store)
    assert result.end == D(2026, 3, 16)
    assert result.basis == "7 working days from 2026-03-06 (the start day counted)"


@pytest.mark.parametrize(
    ("done", "late", "consequence"),
    [
        (D(2026, 3, 12), False, None),  # on the last day: in time
        (D(2026, 3, 13), True, NO_SANCTION),
    ],
)
def test_a_step_performed_after_its_end_is_late(
    done: D, late: bool, consequence: Text | None
) -> None:
    (result,), _ = run(
        [notice(done="facts.x.done_on")], {"x.published_on": D(2026, 3, 6), "x.done_on": done}
    )
    assert (result.done_on, result.late, result.consequence) == (done, late, consequence)


def test_lateness_carries_the_texts_consequence() -> None:
    (result,), _ = run(
        [notice(done="facts.x.done_on", late=LATE)],
        {"x.published_on": D(2026, 3, 6), "x.done_on": D(2026, 3, 13)},
    )
    assert result.consequence == LATE


def test_a_step_whose_condition_fails_is_left_out_and_an_unknown_one_names_facts() -> None:
    step = notice(when=Compare(fact="facts.x.objection", value=True))
    assert run([step], {"x.objection": False, "x.published_on": D(2026, 3, 6)})[0] == ()
    (unknown,), _ = run([step], {"x.published_on": D(2026, 3, 6)})
    assert (unknown.end, unknown.missing) == (None, ("facts.x.objection",))
    (taken,), _ = run([step], {"x.objection": True, "x.published_on": D(2026, 3, 6)})
    assert taken.end == D(2026, 3, 12)


def test_a_year_outside_the_calendar_is_an_error_or_a_reported_assumption() -> None:
    year = known_years().stop  # the first year the installation does not know
    monday = next(D(year, 3, d) for d in range(1, 8) if D(year, 3, d).weekday() == 0)
    start = {"x.published_on": monday}
    with pytest.raises(CalendarError, match=f"{year} is outside the official holiday calendar"):
        run([notice()], start)
    (result,), calendar = run([notice()], start, assume=True)
    assert result.end == monday + dt.timedelta(days=4)  # Monday to Friday: weekends only
    assert any(f"{year}" in note and "weekends-only" in note for note in calendar.assumptions)


def test_a_step_has_exactly_one_length() -> None:
    with pytest.raises(ValueError, match="exactly one of working_days or months"):
        Step(id="x", cite=CITE, text=TEXT, start="facts.x.a")
    with pytest.raises(ValueError, match="exactly one"):
        Step(id="x", cite=CITE, text=TEXT, start="facts.x.a", working_days=1, months=1)


# -- through the engine: result, JSON, table, declaration checks ----------------------------


class Procedural:
    def __init__(self, start: str, steps: int = 1, step_id: str = "x.publicity") -> None:
        self.start = start
        self.steps = steps
        self.step_id = step_id

    @hookimpl
    def talentkit_add_jurisdictions(self) -> list[Jurisdiction]:
        return [Jurisdiction(id="x", name=Text("X", "X"))]

    @hookimpl
    def talentkit_add_facts(self) -> list[FactSpec]:
        return [FactSpec(name="x.published_on", type="date", text=Text("公示开始日", "published"))]

    @hookimpl
    def talentkit_add_parameters(self) -> list[Parameter]:
        return [Parameter(key="x.days", type="int", value=5, citation=CITE)]

    @hookimpl
    def talentkit_add_programmes(self) -> list[Programme]:
        steps = tuple(
            Step(
                id=self.step_id,
                cite=CITE,
                text=TEXT,
                start=self.start,
                working_days=P("x.days"),
                count_start=True,
            )
            for _ in range(self.steps)
        )
        return [Programme(id="x.p", jurisdiction="x", document="D", name=TEXT, procedure=steps)]


def engine(
    start: str = "facts.x.published_on", steps: int = 1, step_id: str = "x.publicity"
) -> Engine:
    return Engine.create([("procedural", Procedural(start, steps, step_id))], entry_points=False)


def test_the_check_result_shows_the_end_in_json_and_table() -> None:
    e = engine()
    report = e.assess(Profile(facts={"x.published_on": D(2025, 9, 26)}), "x.p", as_of="2025-12-01")
    (a,) = report.assessments
    (step,) = a.procedure
    assert (step.step, step.start, step.end) == ("x.publicity", D(2025, 9, 26), D(2025, 10, 9))
    out = to_json(report)
    assert '"step": "x.publicity"' in out
    assert '"end": "2025-10-09"' in out
    assert '"article": "第5条"' in out
    from rich.console import Console

    console = Console(width=160, record=True)
    console.print(assessment_panel(a, "en"))
    shown = console.export_text()
    assert "procedure on the calendar" in shown
    assert "2025-10-09" in shown
    console = Console(width=160, record=True)
    console.print(assessment_panel(e.assess(Profile(), "x.p").assessments[0], "zh", None))
    assert "尚缺事实" in console.export_text()


@pytest.mark.parametrize("width", [40, 60, 80, 120])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_step_ids_are_whole_in_check_at_every_width(width: int, lang: Lang) -> None:
    from rich.console import Console

    from talentkit.render import print_assessment

    step_id = "x.publicity_of_the_candidates"
    e = engine(step_id=step_id)
    for profile in (Profile(facts={"x.published_on": D(2025, 9, 26)}), Profile()):
        (a,) = e.assess(profile, "x.p", as_of="2025-12-01").assessments
        console = Console(width=width, record=True)
        print_assessment(a, lang, console)
        shown = console.export_text()
        assert any(step_id in line for line in shown.splitlines()), shown
        assert "…" not in shown
        assert ("2025-10-09" in shown) is (profile.facts != {})


def test_a_misspelled_start_fact_fails_at_load_with_a_suggestion() -> None:
    e = engine("facts.x.publish_on")
    (problem,) = [p for p in e.problems if "not loaded" in p.problem]
    assert "x.publicity reads 'facts.x.publish_on'" in problem.problem
    assert "did you mean facts.x.published_on?" in problem.problem
    assert "x.p" not in e.registry.programmes


def test_a_step_id_declared_twice_fails_at_load() -> None:
    e = engine(steps=2)
    assert any("step id 'x.publicity' is declared 2 times" in p.problem for p in e.problems)
