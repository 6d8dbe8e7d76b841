"""Single-fact rules at their boundaries: Compare, OneOf, DateCompare, WorkdaysWithin."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

import pytest

from talentkit import (
    CalendarError,
    Compare,
    DateCompare,
    F,
    Money,
    OneOf,
    P,
    Parameter,
    Period,
    Profile,
    Status,
    WorkdayCalendar,
    WorkdaysWithin,
)
from talentkit.params import UNSET, ParameterStore
from talentkit.rules import Check, Rule
from talentkit.rules.context import Context
from talentkit.workdays import known_years

D = dt.date
DAY = D(2026, 3, 1)


def store(**params: tuple[str, Any]) -> ParameterStore:
    s = ParameterStore()
    s.add(Parameter(key=k.replace("__", "."), type=t, value=v) for k, (t, v) in params.items())
    return s


def run(
    rule: Rule,
    facts: dict[str, Any] | None = None,
    *,
    as_of: D = DAY,
    params: ParameterStore | None = None,
    calendar: WorkdayCalendar | None = None,
) -> Check:
    ctx = Context(
        profile=Profile(facts=facts or {}),
        as_of=as_of,
        params=params or ParameterStore(),
        calendar=calendar or WorkdayCalendar(),
    )
    return rule.evaluate(ctx)


# -- Compare -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("op", "got", "status"),
    [
        (">=", 7, Status.PASS),
        (">=", 6, Status.FAIL),
        (">=", 8, Status.PASS),
        (">", 7, Status.FAIL),
        (">", 8, Status.PASS),
        ("<=", 7, Status.PASS),
        ("<=", 8, Status.FAIL),
        ("<=", 6, Status.PASS),
        ("<", 7, Status.FAIL),
        ("<", 6, Status.PASS),
        ("==", 7, Status.PASS),
        ("==", 6, Status.FAIL),
        ("==", 8, Status.FAIL),
        ("!=", 7, Status.FAIL),
        ("!=", 6, Status.PASS),
    ],
)
def test_compare_ops_at_the_boundary(op: str, got: int, status: Status) -> None:
    check = run(Compare(fact="facts.n", op=op, value=7), {"n": got})
    assert check.status is status
    assert check.read["facts.n"] == got


def test_compare_amounts_7_000_000_and_6_999_999_99() -> None:
    rule = Compare(fact="facts.yuan", op=">=", value=P("min"))
    params = store(min=("yuan", Money.yuan(7_000_000)))
    assert run(rule, {"yuan": Money.yuan(7_000_000)}, params=params).status is Status.PASS
    check = run(rule, {"yuan": Money.parse("6999999.99")}, params=params)
    assert check.status is Status.FAIL
    assert any("must rise by 0.01 " in h.en for h in check.hints)  # one fen short
    assert check.read["param:min"] == Money.yuan(7_000_000)


def test_compare_strict_hint_counts_the_extra_unit() -> None:
    check = run(Compare(fact="facts.n", op=">", value=7), {"n": 7})
    assert [h.en for h in check.hints] == ["facts.n must rise by 1 (more than 7)"]
    check = run(Compare(fact="facts.n", op="<", value=7), {"n": 9})
    assert [h.en for h in check.hints] == ["facts.n must fall by 3 (less than 7)"]


def test_compare_fractions_exactly() -> None:
    rule = Compare(fact="facts.share", op=">=", value=Fraction(1, 3))
    assert run(rule, {"share": Fraction(1, 3)}).status is Status.PASS
    assert run(rule, {"share": Fraction(333_333, 1_000_000)}).status is Status.FAIL


def test_compare_against_another_fact() -> None:
    rule = Compare(fact="facts.a", op="<=", value=F("facts.b"))
    assert run(rule, {"a": 3, "b": 3}).status is Status.PASS
    assert run(rule, {"a": 4, "b": 3}).status is Status.FAIL
    check = run(rule, {"a": 4})
    assert check.status is Status.UNKNOWN
    assert check.missing == ("facts.b",)


def test_compare_missing_is_unknown_not_false() -> None:
    check = run(Compare(fact="facts.flag", op="==", value=True), {})
    assert check.status is Status.UNKNOWN
    assert check.missing == ("facts.flag",)
    assert check.hints == ()
    # False is a fact, not a missing one
    assert run(Compare(fact="facts.flag"), {"flag": False}).status is Status.FAIL


def test_compare_unset_parameter_is_unknown_with_its_key() -> None:
    params = ParameterStore()
    params.add([Parameter(key="k", type="int", value=UNSET)])
    check = run(Compare(fact="facts.n", op=">=", value=P("k")), {"n": 1}, params=params)
    assert check.status is Status.UNKNOWN
    assert check.missing == ("param:k",)


def test_compare_rejects_unknown_operator() -> None:
    with pytest.raises(ValueError, match=r"Compare.op: '=>' is not allowed.*'>='"):
        Compare(fact="x", op="=>", value=1)


# -- OneOf -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("got", "mode", "status"),
    [
        ("university", "any", Status.PASS),
        ("hospital", "any", Status.FAIL),
        (["hospital", "enterprise"], "any", Status.PASS),
        (["hospital", "enterprise"], "all", Status.FAIL),
        (["university", "enterprise"], "all", Status.PASS),
        (["hospital"], "any", Status.FAIL),
        ([], "any", Status.FAIL),
        ([], "all", Status.FAIL),
    ],
)
def test_one_of_scalars_and_lists(got: Any, mode: str, status: Status) -> None:
    rule = OneOf(fact="facts.kind", values=("university", "enterprise"), mode=mode)
    check = run(rule, {"kind": got})
    assert check.status is status
    if status is Status.FAIL:
        assert "must be one of: university, enterprise" in check.hints[0].en


def test_one_of_with_list_parameter_and_missing_fact() -> None:
    params = store(kinds=("list", ["a", "b"]))
    rule = OneOf(fact="facts.kind", values=P("kinds"))
    assert run(rule, {"kind": "b"}, params=params).status is Status.PASS
    assert run(rule, {"kind": "c"}, params=params).status is Status.FAIL
    check = run(rule, {}, params=params)
    assert (check.status, check.missing) == (Status.UNKNOWN, ("facts.kind",))


# -- DateCompare -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("deadline", "requested", "status"),
    [
        (D(2026, 3, 31), D(2026, 2, 28), Status.PASS),  # 03-31 minus 1 month = 02-28
        (D(2026, 3, 31), D(2026, 3, 1), Status.FAIL),
        (D(2024, 3, 31), D(2024, 2, 29), Status.PASS),  # leap year: 02-29
        (D(2024, 3, 31), D(2024, 3, 1), Status.FAIL),
        (D(2026, 5, 15), D(2026, 4, 15), Status.PASS),
        (D(2026, 5, 15), D(2026, 4, 16), Status.FAIL),
    ],
)
def test_date_compare_one_month_before(deadline: D, requested: D, status: Status) -> None:
    rule = DateCompare(
        fact="facts.requested", op="<=", other="facts.deadline", offset=Period.parse("-P1M")
    )
    check = run(rule, {"requested": requested, "deadline": deadline})
    assert check.status is status
    if status is Status.FAIL:
        bound = (
            D(deadline.year, 2, 29 if deadline.year == 2024 else 28)
            if deadline.month == 3
            else D(2026, 4, 15)
        )
        assert check.hints[0].en == f"facts.requested must be on or before {bound}"


def test_date_compare_offset_from_a_parameter_and_as_of() -> None:
    params = store(lead=("period", Period.parse("-P15D")))
    rule = DateCompare(fact="facts.filed", op="<=", other="as_of", offset=P("lead"))
    as_of = D(2026, 3, 16)
    assert run(rule, {"filed": D(2026, 3, 1)}, as_of=as_of, params=params).status is Status.PASS
    assert run(rule, {"filed": D(2026, 3, 2)}, as_of=as_of, params=params).status is Status.FAIL


def test_date_compare_strict_and_after() -> None:
    rule = DateCompare(fact="facts.d", op=">", other="facts.base", offset=Period(years=2))
    assert run(rule, {"d": D(2026, 2, 28), "base": D(2024, 2, 29)}).status is Status.FAIL
    assert run(rule, {"d": D(2026, 3, 1), "base": D(2024, 2, 29)}).status is Status.PASS
    check = run(rule, {"base": D(2024, 2, 29)})
    assert check.missing == ("facts.d",)


def test_period_parse_and_iso() -> None:
    assert Period.parse("-P1M") == Period(0, -1, 0)
    assert Period.parse("p2y") == Period(years=2)
    assert Period(1, 2, 3).iso() == "P1Y2M3D"
    assert (-Period(months=1)).iso() == "-P1M"
    for bad in ("P", "2Y", "P1W", ""):
        with pytest.raises(ValueError, match="ISO 8601 period"):
            Period.parse(bad)


# -- WorkdaysWithin ----------------------------------------------------------------------

NOTICE = WorkdaysWithin(fact="facts.end", start="facts.start", days=5, count_start=True)


@pytest.mark.parametrize(
    ("end", "status"),
    [
        (D(2026, 10, 12), Status.PASS),
        (D(2026, 10, 11), Status.PASS),
        (D(2026, 10, 13), Status.FAIL),
    ],
)
def test_workdays_across_national_day_2026(end: D, status: Status) -> None:
    # 09-30 (1), Oct 1-7 holiday, 10-08 (2), 10-09 (3), Saturday 10-10 worked (4), 10-12 (5)
    check = run(NOTICE, {"start": D(2026, 9, 30), "end": end})
    assert check.status is status
    assert check.read["last working day"] == D(2026, 10, 12)
    if status is Status.FAIL:
        assert check.hints[0].en == "must be on or before 2026-10-12"


RUNS = WorkdaysWithin(fact="facts.end", start="facts.start", days=5, count_start=True, op=">=")


@pytest.mark.parametrize(
    ("end", "status"),
    [
        (D(2026, 10, 12), Status.PASS),  # the 5th working day itself: the full term ran
        (D(2026, 10, 13), Status.PASS),
        (D(2026, 10, 11), Status.FAIL),  # Sunday before the 5th working day
        (D(2026, 10, 10), Status.FAIL),  # the 4th (a 调休 Saturday)
    ],
)
def test_workdays_at_least_n_across_national_day_2026(end: D, status: Status) -> None:
    check = run(RUNS, {"start": D(2026, 9, 30), "end": end})
    assert check.status is status
    if status is Status.FAIL:
        assert check.hints[0].en == "must run until 2026-10-12 (inclusive)"


def test_workdays_at_least_missing_end_is_unknown() -> None:
    check = run(RUNS, {"start": D(2026, 9, 30)})
    assert check.status is Status.UNKNOWN
    assert check.missing == ("facts.end",)


def test_workdays_operator_is_checked_at_construction() -> None:
    with pytest.raises(ValueError, match="expected one of '<=', '>='"):
        WorkdaysWithin(fact="facts.end", start="facts.start", days=5, op=">")


def test_workdays_counting_from_the_next_day() -> None:
    rule = WorkdaysWithin(fact="facts.end", start="facts.start", days=5, count_start=False)
    check = run(rule, {"start": D(2026, 9, 30), "end": D(2026, 10, 13)})
    assert check.status is Status.PASS
    assert check.read["last working day"] == D(2026, 10, 13)
    assert run(rule, {"start": D(2026, 9, 30), "end": D(2026, 10, 14)}).status is Status.FAIL


def test_calendar_2026_tiaoxiu_saturday_is_a_working_day() -> None:
    cal = WorkdayCalendar()
    assert cal.is_working_day(D(2026, 10, 10))
    assert not cal.is_working_day(D(2026, 10, 11))
    assert not cal.is_working_day(D(2026, 10, 1))
    assert not cal.is_working_day(D(2026, 10, 7))
    assert cal.is_working_day(D(2026, 10, 8))


def test_workdays_spring_festival_2025() -> None:
    # holiday 01-28..02-04; Sunday 01-26 and Saturday 02-08 are working days
    cal = WorkdayCalendar()
    assert cal.add_working_days(D(2025, 1, 27), 3, count_start=True) == D(2025, 2, 6)
    assert cal.add_working_days(D(2025, 1, 24), 3, count_start=False) == D(2025, 2, 5)
    assert cal.add_working_days(D(2025, 2, 6), 2, count_start=False) == D(2025, 2, 8)
    rule = WorkdaysWithin(fact="facts.end", start="facts.start", days=3, count_start=False)
    assert run(rule, {"start": D(2025, 1, 24), "end": D(2025, 2, 5)}).status is Status.PASS
    assert run(rule, {"start": D(2025, 1, 24), "end": D(2025, 2, 6)}).status is Status.FAIL


def test_count_start_on_a_holiday_starts_at_the_next_working_day() -> None:
    cal = WorkdayCalendar()
    assert cal.add_working_days(D(2026, 10, 1), 1, count_start=True) == D(2026, 10, 8)


def test_workdays_missing_start_and_days() -> None:
    rule = WorkdaysWithin(fact="facts.end", start="facts.start", days=P("n"))
    params = ParameterStore()
    params.add([Parameter(key="n", type="int")])
    check = run(rule, {"end": D(2026, 10, 12)}, params=params)
    assert check.status is Status.UNKNOWN
    assert set(check.missing) == {"facts.start", "param:n"}


def test_unknown_calendar_year_raises_with_a_clear_message() -> None:
    year = known_years().stop
    with pytest.raises(CalendarError) as err:
        run(NOTICE, {"start": D(year, 9, 30), "end": D(year, 10, 12)})
    msg = str(err.value)
    assert f"{year} is outside the official holiday calendar" in msg
    assert "--assume-calendar" in msg


def test_unknown_calendar_year_with_assumption_is_recorded() -> None:
    year = known_years().stop
    cal = WorkdayCalendar(assume_unknown_years=True)
    check = run(NOTICE, {"start": D(year, 9, 30), "end": D(year, 12, 31)}, calendar=cal)
    assert check.status in (Status.PASS, Status.FAIL)
    assert len(cal.assumptions) == 1
    assert "weekends-only counting assumed" in cal.assumptions[0]


def test_working_day_period_needs_at_least_one_day() -> None:
    with pytest.raises(ValueError, match="at least one day"):
        WorkdayCalendar().add_working_days(D(2026, 1, 5), 0, count_start=True)
