"""Conventions the operator switches: the day an age is attained, 29 February anniversaries,
quota rounding. Each is tested at its boundary under both settings."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

import pytest

from talentkit import (
    AgeAtLeast,
    AgeAtMost,
    Duration,
    Money,
    NoneWithin,
    P,
    Parameter,
    Percentage,
    Period,
    Profile,
    Status,
    Text,
)
from talentkit.dates import (
    add_months,
    age_at_most,
    attains,
    ban_until,
    completed_years,
    days_in_month,
    earliest_birth_within,
    latest_birth_reaching,
    shift,
)
from talentkit.funding import evaluate_funding
from talentkit.params import ParameterError, ParameterStore, coerce
from talentkit.quota import places
from talentkit.rules import Check, Rule
from talentkit.rules.context import Context
from talentkit.scoring import CohortEntry, GradingScheme, grade_cohort
from talentkit.subjects import Application, Person
from talentkit.text import Citation

D = dt.date
ONE = dt.timedelta(days=1)


def run(
    rule: Rule, *, birth: D | None = None, ref: D, facts: dict[str, Any] | None = None
) -> Check:
    profile = Profile(
        person=Person(birth_date=birth),  # type: ignore[arg-type]
        application=Application(call_notice_date=ref),
        facts=facts or {},
    )
    ctx = Context(
        profile=profile,
        as_of=ref,
        params=ParameterStore(),
        reference=("application.call_notice_date",),
    )
    return rule.evaluate(ctx)


# -- the day an age is attained ---------------------------------------------------------


def test_attained_on_the_birthday_or_the_day_after() -> None:
    birth = D(1986, 3, 1)
    assert attains(birth, 40) == D(2026, 3, 1)
    assert attains(birth, 40, "day_after") == D(2026, 3, 2)
    assert completed_years(birth, D(2026, 3, 1)) == 40
    assert completed_years(birth, D(2026, 3, 1), "day_after") == 39
    assert completed_years(birth, D(2026, 3, 2), "day_after") == 40
    assert completed_years(birth, D(2026, 2, 28), "day_after") == 39


@pytest.mark.parametrize(
    ("attained", "birth", "status"),
    [
        # not over 40 on 2026-03-01: born 1985-03-01 turns 41 on the reference date itself
        ("birthday", D(1985, 3, 1), Status.FAIL),
        ("birthday", D(1985, 3, 2), Status.PASS),
        # counted from the day after, the 41st year is only attained on 2026-03-02
        ("day_after", D(1985, 3, 1), Status.PASS),
        ("day_after", D(1985, 2, 28), Status.FAIL),
    ],
)
def test_age_at_most_on_the_birthday(attained: str, birth: D, status: Status) -> None:
    rule = AgeAtMost(years=40, method="completed_years", attained=attained)
    check = run(rule, birth=birth, ref=D(2026, 3, 1))
    assert check.status is status
    assert check.read["age attained"] == attained


def test_age_at_most_hint_moves_with_the_convention() -> None:
    ref = D(2026, 3, 1)
    assert earliest_birth_within(40, ref, "completed_years") == D(1985, 3, 2)
    assert earliest_birth_within(40, ref, "completed_years", "day_after") == D(1985, 3, 1)
    check = run(AgeAtMost(years=40, attained="day_after"), birth=D(1985, 2, 28), ref=ref)
    assert "1985-03-01" in check.hints[0].en


def test_cutoff_methods_ignore_the_attained_convention() -> None:
    ref = D(2026, 3, 1)
    for birth in (D(1986, 2, 28), D(1986, 3, 1)):
        assert age_at_most(birth, 40, ref, "cutoff_day") == age_at_most(
            birth, 40, ref, "cutoff_day", "day_after"
        )


@pytest.mark.parametrize(
    ("attained", "birth", "status"),
    [
        ("birthday", D(2008, 3, 1), Status.PASS),
        ("day_after", D(2008, 3, 1), Status.FAIL),
        ("day_after", D(2008, 2, 29), Status.PASS),
    ],
)
def test_age_at_least_on_the_birthday(attained: str, birth: D, status: Status) -> None:
    check = run(AgeAtLeast(years=18, attained=attained), birth=birth, ref=D(2026, 3, 1))
    assert check.status is status


def test_latest_birth_reaching_under_each_convention() -> None:
    ref = D(2026, 3, 1)
    assert latest_birth_reaching(18, ref) == D(2008, 3, 1)
    assert latest_birth_reaching(18, ref, "day_after") == D(2008, 2, 29)


# -- 29 February in common years --------------------------------------------------------


def test_leap_day_anniversary_on_28_february_or_1_march() -> None:
    leap = D(2024, 2, 29)
    assert shift(leap, Period(years=2)) == D(2026, 2, 28)
    assert shift(leap, Period(years=2), "mar1") == D(2026, 3, 1)
    assert shift(leap, Period(years=4), "mar1") == D(2028, 2, 29)
    assert shift(leap, Period(years=-1), "mar1") == D(2023, 3, 1)
    # only 29 February moves: another missing day stays on the month's last day
    assert add_months(D(2026, 1, 31), 1, "mar1") == D(2026, 2, 28)
    assert add_months(leap, 1, "mar1") == D(2024, 3, 29)
    with pytest.raises(ValueError, match="feb28, mar1"):
        add_months(leap, 12, "march")


def test_days_in_month_as_the_calendar_module_counts_them() -> None:
    import calendar

    for year in (*range(1599, 1602), *range(1899, 1902), *range(1995, 2106)):
        for month in range(1, 13):
            assert days_in_month(year, month) == calendar.monthrange(year, month)[1], (year, month)
    # a month end moved into February: 2000 is a leap year, 1900 and 2100 are not
    assert add_months(D(2000, 1, 31), 1) == D(2000, 2, 29)
    assert add_months(D(1900, 1, 31), 1) == D(1900, 2, 28)
    assert add_months(D(2100, 3, 31), -1) == D(2100, 2, 28)
    assert add_months(D(2026, 5, 31), -1) == D(2026, 4, 30)


def test_leap_day_birth_attains_age_under_both_conventions() -> None:
    birth = D(2000, 2, 29)
    for leap, attained, first in [
        ("feb28", "birthday", D(2026, 2, 28)),
        ("mar1", "birthday", D(2026, 3, 1)),
        ("feb28", "day_after", D(2026, 3, 1)),
        ("mar1", "day_after", D(2026, 3, 2)),
    ]:
        assert attains(birth, 26, attained, leap) == first
        assert completed_years(birth, first, attained, leap) == 26
        assert completed_years(birth, first - ONE, attained, leap) == 25


@pytest.mark.parametrize(("leap", "status"), [("feb28", Status.FAIL), ("mar1", Status.PASS)])
def test_age_at_most_of_a_leap_day_birth(leap: str, status: Status) -> None:
    # not over 25 on 2026-02-28: the 26th birthday is that day (feb28) or the next (mar1)
    rule = AgeAtMost(years=25, leap_day=leap)
    assert run(rule, birth=D(2000, 2, 29), ref=D(2026, 2, 28)).status is status


@pytest.mark.parametrize(
    ("leap", "end", "at_least", "at_most"),
    [
        ("feb28", D(2026, 2, 27), Status.FAIL, Status.PASS),
        ("feb28", D(2026, 2, 28), Status.PASS, Status.PASS),
        ("feb28", D(2026, 3, 1), Status.PASS, Status.FAIL),
        ("mar1", D(2026, 2, 28), Status.FAIL, Status.PASS),
        ("mar1", D(2026, 3, 1), Status.PASS, Status.PASS),
        ("mar1", D(2026, 3, 2), Status.PASS, Status.FAIL),
    ],
)
def test_duration_from_29_february(leap: str, end: D, at_least: Status, at_most: Status) -> None:
    facts = {"start": D(2024, 2, 29)}
    two = Period(years=2)
    got = run(Duration(start="facts.start", at_least=two, leap_day=leap), ref=end, facts=facts)
    assert got.status is at_least
    got = run(Duration(start="facts.start", at_most=two, leap_day=leap), ref=end, facts=facts)
    assert got.status is at_most


def test_duration_hint_follows_the_leap_day_convention() -> None:
    rule = Duration(start="facts.start", at_least=Period(years=2), leap_day="mar1")
    check = run(rule, ref=D(2026, 2, 28), facts={"start": D(2024, 3, 1)})
    assert check.status is Status.FAIL
    # the latest start reaching 2 years by 2026-02-28 under mar1 is 2024-02-28
    assert "2024-02-28" in check.hints[0].en


def test_ban_until_from_29_february() -> None:
    assert ban_until(D(2024, 2, 29), 3) == D(2027, 2, 28)
    assert ban_until(D(2024, 2, 29), 3, "mar1") == D(2027, 3, 1)


@pytest.mark.parametrize(("leap", "status"), [("feb28", Status.FAIL), ("mar1", Status.PASS)])
def test_look_back_window_from_29_february(leap: str, status: Status) -> None:
    # "近三年" counted back from 2028-02-29 starts on 2025-02-28 or 2025-03-01
    rule = NoneWithin(collection="facts.records", period=Period(years=3), leap_day=leap)
    check = run(rule, ref=D(2028, 2, 29), facts={"records": [{"date": D(2025, 2, 28)}]})
    assert check.status is status


def test_conventions_from_parameters_and_unset() -> None:
    store = ParameterStore()
    store.add(
        [
            Parameter(key="x.attained", type="age_attained", value="birthday"),
            Parameter(key="x.leap", type="leap_day", value="feb28"),
            Parameter(key="x.unset", type="leap_day"),
        ]
    )
    rule = AgeAtMost(years=25, attained=P("x.attained"), leap_day=P("x.leap"))
    profile = Profile(person=Person(birth_date=D(2000, 2, 29)))  # type: ignore[arg-type]
    ref = D(2026, 2, 28)

    def status(params: ParameterStore, r: Rule = rule) -> Check:
        return r.evaluate(Context(profile=profile, as_of=ref, params=params))

    assert status(store).status is Status.FAIL
    assert status(store.with_overrides({"x.leap": "mar1"})).status is Status.PASS
    assert status(store.with_overrides({"x.attained": "day_after"})).status is Status.PASS
    unset = status(store, AgeAtMost(years=25, leap_day=P("x.unset")))
    assert (unset.status, unset.missing) == (Status.UNKNOWN, ("param:x.unset",))
    assert set(rule.param_keys()) == {"x.attained", "x.leap"}
    with pytest.raises(ParameterError, match="birthday, day_after"):
        store.with_overrides({"x.attained": "on_the_birthday"})


@pytest.mark.parametrize(
    ("type_", "good", "bad"),
    [
        ("age_attained", "day_after", "next_day"),
        ("leap_day", "mar1", "march1"),
        ("quota_rounding", "half_up", "round"),
        ("rounding", "yuan_up", "yuan_round"),
        ("application_order", "first_come", "first_served"),
        ("month_count", "days30", "days_30"),
    ],
)
def test_convention_parameter_types(type_: str, good: str, bad: str) -> None:
    assert coerce(good, type_, "t") == good
    with pytest.raises(ParameterError, match="expected one of"):
        coerce(bad, type_, "t")


# -- quota rounding ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "share", "floor", "half_up", "ceiling"),
    [
        (7, Fraction(1, 5), 1, 1, 2),  # 7/5 = 1.4
        (10, Fraction(1, 5), 2, 2, 2),  # exactly 2: no rounding at all
        (5, Fraction(3, 10), 1, 2, 2),  # 1.5: the half goes up
        (8, Fraction(1, 5), 1, 2, 2),  # 1.6
        (4, Fraction(1, 5), 0, 1, 1),  # 0.8
        (0, Fraction(1, 5), 0, 0, 0),
    ],
)
def test_quota_places(count: int, share: Fraction, floor: int, half_up: int, ceiling: int) -> None:
    assert places(count, share) == floor
    assert places(count, share, "half_up") == half_up
    assert places(count, share, "ceiling") == ceiling


@pytest.mark.parametrize(("rounding", "places_"), [("floor", 1), ("half_up", 1), ("ceiling", 2)])
def test_excellent_at_most_20_percent_of_7_teams(rounding: str, places_: int) -> None:
    # 7 × 20% = 1.4 places: one under floor and half_up, two under ceiling
    scheme = GradingScheme(
        cite=Citation(document="D", article="第1条"),
        grades=("excellent", "qualified"),
        quotas={"excellent": P("q.share")},
        rounding=P("q.rounding"),
    )
    teams = [CohortEntry(subject=f"t{i}", proposed="excellent", score=90 - i) for i in range(7)]
    got = grade_cohort("x", scheme, teams, {"q.share": Fraction(1, 5), "q.rounding": rounding})
    assert got.limits == {"excellent": places_}
    excellent = [e.subject for e in got.entries if e.grade == "excellent"]
    assert excellent == [f"t{i}" for i in range(places_)]


# -- the rounding of money ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "rounding", "amount"),
    [
        # 3% of 333,333.33 = 9,999.9999 exactly
        ("333333.33", "fen_down", "9999.99"),
        ("333333.33", "fen_up", "10000"),
        ("333333.33", "yuan_down", "9999"),
        ("333333.33", "yuan_up", "10000"),
        # 3% of 1,000,000 = 30,000 exactly: no mode changes it
        ("1000000", "fen_down", "30000"),
        ("1000000", "fen_up", "30000"),
        ("1000000", "yuan_down", "30000"),
        ("1000000", "yuan_up", "30000"),
        # 3% of 33.34 = 1.0002: a part of a fen over the fen, a fen over the yuan
        ("33.34", "fen_up", "1.01"),
        ("33.34", "yuan_up", "2"),
        ("33.34", "yuan_down", "1"),
    ],
)
def test_each_rounding_of_a_percentage_at_its_boundary(
    base: str, rounding: str, amount: str
) -> None:
    store = ParameterStore()
    store.add([Parameter(key="x.rounding", type="rounding", value=rounding)])
    item = Percentage(
        id="x.subsidy",
        cite=Citation(document="D", article="第1条"),
        text=Text("按3%补助", "3%"),
        payee="enterprise",
        base="facts.base",
        rate=Fraction(3, 100),
        rounding=P("x.rounding"),
    )
    ctx = Context(
        profile=Profile(facts={"base": Money.parse(base)}), as_of=D(2026, 1, 1), params=store
    )
    (line,) = evaluate_funding("x", [item], ctx).lines
    assert line.amount == Money.parse(amount)


def test_grading_rounding_is_a_parameter() -> None:
    scheme = GradingScheme(
        cite=Citation(document="D", article="第1条"),
        grades=("excellent", "qualified"),
        quotas={"excellent": P("q.share")},
        rounding=P("q.rounding"),
    )
    cohort = [CohortEntry(subject=f"s{i}", proposed="excellent", score=90 - i) for i in range(7)]
    share = Fraction(1, 5)
    floor = grade_cohort("x", scheme, cohort, {"q.share": share, "q.rounding": "floor"})
    assert floor.limits == {"excellent": 1}
    assert floor.rounding.en.startswith("quota = floor")
    ceiling = grade_cohort("x", scheme, cohort, {"q.share": share, "q.rounding": "ceiling"})
    assert ceiling.limits == {"excellent": 2}
    assert [e.subject for e in ceiling.entries if e.grade == "excellent"] == ["s0", "s1"]
    with pytest.raises(ValueError, match="floor, half_up, ceiling"):
        grade_cohort("x", scheme, cohort, {"q.share": share, "q.rounding": "up"})


# -- look-back windows the text leaves open ---------------------------------------------


def test_window_parameter_type() -> None:
    assert coerce("unlimited", "window", "t") == "unlimited"
    assert coerce("P3Y", "window", "t") == Period(years=3)
    with pytest.raises(ParameterError, match='"unlimited"'):
        coerce("forever", "window", "t")


def _records(*dates: D | None) -> dict[str, Any]:
    return {"records": [{"date": d} if d else {} for d in dates]}


@pytest.mark.parametrize(
    ("window", "dates", "status"),
    [
        ("unlimited", (D(1990, 1, 1),), Status.FAIL),
        ("unlimited", (None,), Status.FAIL),  # undated: inside an unbounded past
        ("unlimited", (D(2026, 3, 2),), Status.PASS),  # after the reference date
        ("unlimited", (), Status.PASS),
        ("P3Y", (D(2023, 3, 1),), Status.FAIL),  # the window's first day
        ("P3Y", (D(2023, 2, 28),), Status.PASS),
        ("P3Y", (None,), Status.UNKNOWN),
    ],
)
def test_look_back_window_as_a_parameter(
    window: str, dates: tuple[D | None, ...], status: Status
) -> None:
    store = ParameterStore()
    store.add([Parameter(key="x.window", type="window", value=coerce(window, "window", "t"))])
    rule = NoneWithin(collection="facts.records", period=P("x.window"))
    profile = Profile(facts=_records(*dates))
    ref = D(2026, 3, 1)
    check = rule.evaluate(Context(profile=profile, as_of=ref, params=store))
    assert check.status is status
    if window == "unlimited":
        assert check.read["window"] == "..2026-03-01"
        assert not check.hints  # no date on which an unbounded window clears
