"""Time spent somewhere, given all along, from a date, as dated spells or in days, under
calendar months or 30-day months."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from talentkit import Compare, Period, Profile, Status, TimeSpent
from talentkit.dates import period_days
from talentkit.params import ParameterStore
from talentkit.rules import Check
from talentkit.rules.context import Context
from talentkit.subjects import Person, Position

D = dt.date
REF_DAY = D(2026, 3, 31)
SIX = Period(years=6)


def run(rule: TimeSpent, *, facts: dict[str, Any] | None = None, **person: Any) -> Check:
    profile = Profile(person=Person(facts=facts or {}, **person))
    return rule.evaluate(Context(profile=profile, as_of=REF_DAY, params=ParameterStore()))


RULE = TimeSpent(
    all_along="person.facts.all_along",
    since="person.facts.arrival",
    spells="person.positions",
    where=Compare(fact="province", value="陕西省"),
    days="person.facts.days",
    on="as_of",
    at_most=SIX,
)


def test_period_days_under_each_count() -> None:
    assert period_days(SIX, REF_DAY, "calendar") == (REF_DAY - D(2020, 3, 31)).days == 2191
    assert period_days(SIX, REF_DAY, "days30") == 2190
    assert period_days(Period(months=2), REF_DAY, "days30") == 60
    assert period_days(Period(months=2), REF_DAY, "calendar") == (REF_DAY - D(2026, 1, 31)).days


@pytest.mark.parametrize(
    ("arrival", "status"),
    [(D(2020, 3, 31), Status.PASS), (D(2020, 3, 30), Status.FAIL)],
)
def test_since_an_arrival_date_by_the_anniversary(arrival: D, status: Status) -> None:
    assert run(RULE, facts={"arrival": arrival}).status is status


def test_there_all_along_needs_no_arrival_date() -> None:
    check = run(RULE, facts={"all_along": True}, birth_date=D(1990, 1, 1))
    assert check.status is Status.FAIL
    assert "all along" in (check.detail.en if check.detail else "")
    assert "person.facts.arrival" not in check.missing
    # a child of five who has always been there has spent under six years
    young = run(RULE, facts={"all_along": True}, birth_date=D(2021, 1, 1))
    assert young.status is Status.PASS


def test_there_all_along_without_a_birth_date_names_only_that() -> None:
    check = run(RULE, facts={"all_along": True})
    assert (check.status, check.missing) == (Status.UNKNOWN, ("person.birth_date",))


def test_nothing_given_names_every_way_to_say_it() -> None:
    check = run(RULE)
    assert check.status is Status.UNKNOWN
    assert check.missing == (
        "person.facts.all_along",
        "person.facts.arrival",
        "person.positions",
        "person.facts.days",
    )
    # "not all along" still leaves the time to give
    check = run(RULE, facts={"all_along": False})
    assert "person.facts.all_along" not in check.missing
    assert "person.facts.arrival" in check.missing


def _pos(start: D, end: D | None, province: str = "陕西省") -> Position:
    return Position(province=province, start=start, end=end)


def test_dated_spells_are_summed_once_and_filtered() -> None:
    positions = [
        _pos(D(2010, 1, 1), D(2012, 12, 31)),  # 1095 days
        _pos(D(2012, 6, 1), D(2013, 12, 31)),  # overlaps: counts once up to 2013-12-31
        _pos(D(2015, 1, 1), D(2020, 1, 1), province="北京市"),  # elsewhere: not counted
        _pos(D(2024, 1, 1), None),  # still there: up to the reference date
    ]
    check = run(RULE, positions=positions)
    first = (D(2013, 12, 31) - D(2010, 1, 1)).days
    current = (REF_DAY - D(2024, 1, 1)).days
    assert check.read["time spent"] == f"{first + current} days"
    assert first + current == 2280
    assert check.status is Status.FAIL  # over the 2191 days six years span


def test_spells_at_the_boundary_under_each_month_count() -> None:
    # 2191 days: exactly six calendar years back from the reference date, over 6 × 365
    spell = [_pos(D(2020, 3, 31), REF_DAY)]
    assert run(RULE, positions=spell).status is Status.PASS
    days30 = TimeSpent(spells="person.positions", on="as_of", at_most=SIX, months="days30")
    assert run(days30, positions=spell).status is Status.FAIL
    # two spells: totals compare with the days the period spans
    split = [_pos(D(2010, 1, 1), D(2011, 1, 1)), _pos(D(2021, 3, 30), REF_DAY)]
    total = 365 + (REF_DAY - D(2021, 3, 30)).days
    assert total == 2192
    assert run(RULE, positions=split).status is Status.FAIL


@pytest.mark.parametrize(
    ("days", "months", "status"),
    [
        (2191, "calendar", Status.PASS),
        (2192, "calendar", Status.FAIL),
        (2190, "days30", Status.PASS),
        (2191, "days30", Status.FAIL),
    ],
)
def test_days_at_the_boundary(days: int, months: str, status: Status) -> None:
    rule = TimeSpent(days="person.facts.days", on="as_of", at_most=SIX, months=months)
    assert run(rule, facts={"days": days}).status is status


def test_at_least_two_months_in_days() -> None:
    rule = TimeSpent(days="person.facts.days", on="as_of", at_least=Period(months=2))
    # two calendar months back from 2026-03-31 is 2026-01-31: 59 days
    assert run(rule, facts={"days": 58}).status is Status.FAIL
    assert run(rule, facts={"days": 59}).status is Status.PASS
    rule30 = TimeSpent(
        days="person.facts.days", on="as_of", at_least=Period(months=2), months="days30"
    )
    assert run(rule30, facts={"days": 60}).status is Status.PASS
    assert run(rule30, facts={"days": 59}).status is Status.FAIL


def test_no_spell_that_counts_is_said_in_each_language() -> None:
    """Spells given, none in the province: no time spent, named as no spell in each
    language (the English once read the Chinese 无)."""
    rule = TimeSpent(
        spells="person.positions",
        where=Compare(fact="province", value="陕西省"),
        on="as_of",
        at_least=Period(months=2),
    )
    check = run(rule, positions=[_pos(D(2020, 1, 1), None, province="北京市")])
    assert check.status is Status.FAIL
    assert check.detail is not None
    assert (check.detail.zh, check.detail.en) == ("时段 无，共 0 日", "spells none: 0 days")
