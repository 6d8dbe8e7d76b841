"""Ages and durations: four age conventions, 29 February, anniversaries, month ends."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from talentkit import AgeAtLeast, AgeAtMost, Duration, P, Parameter, Period, Profile, Status
from talentkit.dates import (
    AGE_METHODS,
    age_at_most,
    ban_until,
    completed_years,
    earliest_birth_within,
    latest_birth_reaching,
    shift,
)
from talentkit.params import ParameterStore
from talentkit.rules import Check, Rule
from talentkit.rules.context import Context
from talentkit.subjects import Application, Person

D = dt.date
ONE = dt.timedelta(days=1)
DAY = D(2026, 3, 1)


def run(
    rule: Rule,
    *,
    birth: D | None = None,
    gender: str | None = None,
    ref: D = DAY,
    facts: dict[str, Any] | None = None,
    params: ParameterStore | None = None,
    as_of: D | None = None,
) -> Check:
    profile = Profile(
        person=Person(birth_date=birth, gender=gender),  # type: ignore[arg-type]
        application=Application(call_notice_date=ref),
        facts=facts or {},
    )
    ctx = Context(
        profile=profile,
        as_of=as_of or ref,
        params=params or ParameterStore(),
        reference=("application.call_notice_date",),
    )
    return rule.evaluate(ctx)


def age(years: int, method: str, **kw: Any) -> AgeAtMost:
    return AgeAtMost(years=years, method=method, **kw)


# -- AgeAtMost under each convention, ref 2026-03-01, "not over 40" ---------------------


@pytest.mark.parametrize(
    ("method", "last_ok", "first_bad"),
    [
        # completed years: the 41st birthday on the reference date is over 40
        ("completed_years", D(1985, 3, 2), D(1985, 3, 1)),
        # cutoff day: born on or after the same day 40 years before
        ("cutoff_day", D(1986, 3, 1), D(1986, 2, 28)),
        # cutoff month: born in or after March 1986
        ("cutoff_month", D(1986, 3, 1), D(1986, 2, 28)),
        # calendar year: 2026 - birth year <= 40
        ("calendar_year", D(1986, 1, 1), D(1985, 12, 31)),
    ],
)
def test_age_at_most_boundary_per_method(method: str, last_ok: D, first_bad: D) -> None:
    assert run(age(40, method), birth=last_ok).status is Status.PASS
    assert run(age(40, method), birth=last_ok + ONE).status is Status.PASS
    bad = run(age(40, method), birth=first_bad)
    assert bad.status is Status.FAIL
    assert f"born on or after {last_ok}" in bad.hints[0].en


def test_age_completed_years_on_the_birthday_and_either_side() -> None:
    rule = age(40, "completed_years")
    # 1986-03-01: turns 40 on the reference date -> 40, passes
    assert run(rule, birth=D(1986, 3, 1)).status is Status.PASS
    # turns 41 on the reference date -> fails; the day before (41st birthday tomorrow) passes
    assert run(rule, birth=D(1985, 3, 1)).status is Status.FAIL
    assert run(rule, birth=D(1985, 3, 2)).status is Status.PASS
    assert run(rule, birth=D(1985, 2, 28)).status is Status.FAIL


def test_cutoff_month_whole_month_counts() -> None:
    rule = age(40, "cutoff_month")
    assert run(rule, birth=D(1986, 3, 31)).status is Status.PASS
    assert run(rule, birth=D(1986, 3, 1)).status is Status.PASS
    assert run(rule, birth=D(1986, 2, 1)).status is Status.FAIL


def test_leap_day_birth_anniversary_on_28_february() -> None:
    born = D(1984, 2, 29)
    # 41st anniversary in 2025 (a common year) falls on 28 February
    assert completed_years(born, D(2025, 2, 27)) == 40
    assert completed_years(born, D(2025, 2, 28)) == 41
    assert completed_years(born, D(2024, 2, 28)) == 39
    assert completed_years(born, D(2024, 2, 29)) == 40
    rule = age(40, "completed_years")
    assert run(rule, birth=born, ref=D(2025, 2, 27)).status is Status.PASS
    assert run(rule, birth=born, ref=D(2025, 2, 28)).status is Status.FAIL
    assert run(AgeAtLeast(years=41), birth=born, ref=D(2025, 2, 28)).status is Status.PASS
    assert run(AgeAtLeast(years=41), birth=born, ref=D(2025, 2, 27)).status is Status.FAIL


def test_leap_day_reference_with_cutoff_day() -> None:
    rule = age(40, "cutoff_day")
    assert run(rule, birth=D(1984, 2, 29), ref=D(2024, 2, 29)).status is Status.PASS
    assert run(rule, birth=D(1984, 2, 28), ref=D(2024, 2, 29)).status is Status.FAIL


# -- female allowance ------------------------------------------------------------------

FEMALE = AgeAtMost(birth="person.birth_date", years=45, female_extra=2, method="completed_years")


@pytest.mark.parametrize(
    ("birth", "gender", "status"),
    [
        (D(1980, 3, 2), None, Status.PASS),  # 45: passes whatever the gender
        (D(1980, 3, 1), "male", Status.FAIL),  # 46
        (D(1980, 3, 1), "female", Status.PASS),
        (D(1980, 3, 1), None, Status.UNKNOWN),  # gender decides
        (D(1978, 3, 2), "female", Status.PASS),  # 47
        (D(1978, 3, 1), "female", Status.FAIL),  # 48
        (D(1978, 3, 1), None, Status.FAIL),  # too old either way: gender does not matter
    ],
)
def test_female_extra(birth: D, gender: str | None, status: Status) -> None:
    check = run(FEMALE, birth=birth, gender=gender)
    assert check.status is status
    if status is Status.UNKNOWN:
        assert check.missing == ("person.gender",)
    else:
        assert "person.gender" not in check.missing


def test_female_extra_hint_uses_the_effective_limit() -> None:
    check = run(FEMALE, birth=D(1978, 3, 1), gender="female")
    assert "born on or after 1978-03-02" in check.hints[0].en
    check = run(FEMALE, birth=D(1980, 3, 1), gender="male")
    assert "born on or after 1980-03-02" in check.hints[0].en


def test_age_from_parameters_and_missing_inputs() -> None:
    params = ParameterStore()
    params.add(
        [
            Parameter(key="max", type="int", value=40),
            Parameter(key="method", type="age_method", value="cutoff_day"),
            Parameter(key="unset", type="int"),
        ]
    )
    rule = AgeAtMost(years=P("max"), method=P("method"))
    assert run(rule, birth=D(1986, 3, 1), params=params).status is Status.PASS
    check = run(rule, birth=D(1986, 2, 28), params=params)
    assert (check.status, check.read["age method"]) == (Status.FAIL, "cutoff_day")
    check = run(rule, params=params)
    assert (check.status, check.missing) == (Status.UNKNOWN, ("person.birth_date",))
    check = run(AgeAtMost(years=P("unset")), birth=D(1986, 3, 1), params=params)
    assert check.missing == ("param:unset",)


def test_missing_reference_date_is_reported() -> None:
    profile = Profile(person=Person(birth_date=D(1990, 1, 1)))
    ctx = Context(
        profile=profile,
        as_of=D(2026, 3, 1),
        params=ParameterStore(),
        reference=("application.call_notice_date",),
    )
    check = AgeAtMost(years=40).evaluate(ctx)
    assert check.status is Status.UNKNOWN
    assert check.missing == ("application.call_notice_date",)
    # with "as_of" listed last, the assessment date is used and named
    ctx = Context(
        profile=profile,
        as_of=D(2026, 3, 1),
        params=ParameterStore(),
        reference=("application.call_notice_date", "as_of"),
    )
    check = AgeAtMost(years=40).evaluate(ctx)
    assert check.status is Status.PASS
    assert check.read["as_of"] == D(2026, 3, 1)


# -- the detail states the test that decides -------------------------------------------

NOTICE = D(2026, 3, 15)


@pytest.mark.parametrize(
    ("method", "last_ok", "test_zh"),
    [
        ("cutoff_month", D(1976, 3, 1), "须1976年3月（含）以后出生"),
        ("cutoff_day", D(1976, 3, 15), "须1976年3月15日（含）以后出生"),
        ("calendar_year", D(1976, 1, 1), "须1976年（含）以后出生"),
    ],
)
def test_cutoff_detail_states_the_birth_test(method: str, last_ok: D, test_zh: str) -> None:
    rule = age(50, method)
    ok = run(rule, birth=last_ok, ref=NOTICE)
    bad = run(rule, birth=last_ok - ONE, ref=NOTICE)
    assert (ok.status, bad.status) == (Status.PASS, Status.FAIL)
    for check in (ok, bad):
        assert test_zh in check.detail.zh
        # a person who has completed 50 years can fail a cutoff: no age is quoted
        assert "满" not in check.detail.zh
        assert "上限" not in check.detail.zh
        assert "completed years" not in check.detail.en
    assert bad.hints[0].zh.startswith(test_zh)
    assert f"born on or after {last_ok}" in bad.hints[0].en


def test_completed_years_detail_keeps_the_age() -> None:
    rule = age(50, "completed_years")
    # 51st birthday on the notice date: over 50; the day after it, still 50
    bad = run(rule, birth=D(1975, 3, 15), ref=NOTICE)
    ok = run(rule, birth=D(1975, 3, 16), ref=NOTICE)
    assert (ok.status, bad.status) == (Status.PASS, Status.FAIL)
    assert "满 50 周岁；上限 50 周岁" in ok.detail.zh
    assert "满 51 周岁；上限 50 周岁" in bad.detail.zh
    assert "须1975年3月16日（含）以后出生" in bad.detail.zh


def test_age_at_least_on_the_anniversary() -> None:
    rule = AgeAtLeast(years=18)
    assert run(rule, birth=D(2008, 3, 1)).status is Status.PASS
    check = run(rule, birth=D(2008, 3, 2))
    assert check.status is Status.FAIL
    assert check.hints[0].en == "must be born on or before 2008-03-01"
    assert run(rule).missing == ("person.birth_date",)


# -- the boundary a hint states is exact ---------------------------------------------


def _refs() -> list[D]:
    """Every day from January 2020 (a leap year) to April 2021, and February–March 2023–24."""
    days = [D(2020, 1, 1) + dt.timedelta(days=i) for i in range(0, 486)]
    days += [D(2023, 2, 1) + dt.timedelta(days=i) for i in range(0, 59)]
    days += [D(2024, 2, 1) + dt.timedelta(days=i) for i in range(0, 60)]
    return days


@pytest.mark.parametrize("method", [m for m in AGE_METHODS if m != "completed_years"])
def test_earliest_birth_is_exact(method: str) -> None:
    for ref in _refs():
        for limit in (0, 1, 40):
            e = earliest_birth_within(limit, ref, method)  # type: ignore[arg-type]
            assert age_at_most(e, limit, ref, method)  # type: ignore[arg-type]
            assert not age_at_most(e - ONE, limit, ref, method)  # type: ignore[arg-type]


def test_earliest_birth_is_exact_completed_years_every_day() -> None:
    for ref in _refs():
        for limit in (0, 1, 40):
            e = earliest_birth_within(limit, ref, "completed_years")
            assert age_at_most(e, limit, ref, "completed_years"), (ref, limit, e)
            assert not age_at_most(e - ONE, limit, ref, "completed_years"), (ref, limit, e)


def test_earliest_birth_hint_exact_on_28_february_after_a_leap_year() -> None:
    # ref 2021-02-28, limit 0: someone born 2020-02-29 completes 1 year on 2021-02-28,
    # so the earliest birth date that is "not over 0" is 2020-03-01, not 2020-02-29
    e = earliest_birth_within(0, D(2021, 2, 28), "completed_years")
    assert age_at_most(e, 0, D(2021, 2, 28), "completed_years")


def test_latest_birth_hint_exact_on_28_february_after_a_leap_year() -> None:
    ref = D(2025, 2, 28)
    latest = latest_birth_reaching(1, ref)
    assert completed_years(latest + ONE, ref) < 1  # 2024-02-29 has completed 1 year


def test_latest_birth_is_exact_every_day() -> None:
    for ref in _refs():
        for limit in (1, 18, 40):
            latest = latest_birth_reaching(limit, ref)
            assert completed_years(latest, ref) >= limit
            assert completed_years(latest + ONE, ref) < limit


# -- Duration ----------------------------------------------------------------------------


def dur(**bounds: Any) -> Duration:
    return Duration(start="facts.start", end="facts.end", **bounds)


@pytest.mark.parametrize(
    ("bound", "end", "status"),
    [
        ("at_least", D(2026, 2, 28), Status.FAIL),
        ("at_least", D(2026, 3, 1), Status.PASS),
        ("at_least", D(2026, 3, 2), Status.PASS),
        ("more_than", D(2026, 2, 28), Status.FAIL),
        ("more_than", D(2026, 3, 1), Status.FAIL),
        ("more_than", D(2026, 3, 2), Status.PASS),
        ("at_most", D(2026, 2, 28), Status.PASS),
        ("at_most", D(2026, 3, 1), Status.PASS),
        ("at_most", D(2026, 3, 2), Status.FAIL),
        ("less_than", D(2026, 2, 28), Status.PASS),
        ("less_than", D(2026, 3, 1), Status.FAIL),
        ("less_than", D(2026, 3, 2), Status.FAIL),
    ],
)
def test_duration_two_years_around_the_anniversary(bound: str, end: D, status: Status) -> None:
    check = run(dur(**{bound: Period(years=2)}), facts={"start": D(2024, 3, 1), "end": end})
    assert check.status is status


def test_duration_hints_name_the_exact_dates() -> None:
    check = run(dur(at_least=Period(years=2)), facts={"start": D(2024, 3, 2), "end": D(2026, 3, 1)})
    assert check.hints[0].en.startswith("facts.start must be on or before 2024-03-01")
    check = run(dur(at_most=Period(years=5)), facts={"start": D(2021, 3, 1), "end": D(2026, 3, 2)})
    assert check.hints[0].en.startswith("facts.start must be on or after 2021-03-02")


@pytest.mark.parametrize(
    ("start", "end", "status"),
    [
        (D(2024, 1, 31), D(2024, 2, 29), Status.PASS),  # 1 month after 01-31 in a leap year
        (D(2024, 1, 31), D(2024, 2, 28), Status.FAIL),
        (D(2025, 1, 31), D(2025, 2, 28), Status.PASS),  # common year: month end
        (D(2025, 1, 31), D(2025, 2, 27), Status.FAIL),
        (D(2025, 3, 31), D(2025, 4, 30), Status.PASS),
        (D(2025, 3, 31), D(2025, 4, 29), Status.FAIL),
    ],
)
def test_duration_month_end(start: D, end: D, status: Status) -> None:
    check = run(dur(at_least=Period(months=1)), facts={"start": start, "end": end})
    assert check.status is status


def test_duration_from_29_february() -> None:
    rule = dur(at_least=Period(years=1))
    assert run(rule, facts={"start": D(2024, 2, 29), "end": D(2025, 2, 28)}).status is Status.PASS
    assert run(rule, facts={"start": D(2024, 2, 29), "end": D(2025, 2, 27)}).status is Status.FAIL


def test_duration_with_period_parameter_and_missing_start() -> None:
    params = ParameterStore()
    params.add(
        [
            Parameter(key="age", type="period", value=Period(years=2)),
            Parameter(key="unset", type="period"),
        ]
    )
    rule = Duration(start="facts.start", end="ref", at_least=P("age"))
    assert run(rule, facts={"start": D(2024, 3, 1)}, params=params).status is Status.PASS
    assert run(rule, facts={"start": D(2024, 3, 2)}, params=params).status is Status.FAIL
    check = run(rule, params=params)
    assert (check.status, check.missing) == (Status.UNKNOWN, ("facts.start",))
    check = run(
        Duration(start="facts.start", at_least=P("unset")),
        facts={"start": D(2024, 3, 1)},
        params=params,
    )
    assert check.missing == ("param:unset",)


def test_shift_and_ban_until_use_the_corresponding_day() -> None:
    assert shift(D(2026, 3, 31), Period(months=-1)) == D(2026, 2, 28)
    assert shift(D(2024, 3, 31), Period(months=-1)) == D(2024, 2, 29)
    assert shift(D(2026, 1, 31), Period(months=1)) == D(2026, 2, 28)
    assert ban_until(D(2024, 2, 29), 2) == D(2026, 2, 28)
    assert ban_until(D(2024, 2, 29), 4) == D(2028, 2, 29)
    assert ban_until(D(2026, 5, 20), 3) == D(2029, 5, 20)


def _ends() -> list[D]:
    days = [D(y, m, d) for y in (2024, 2025) for m in (2, 3) for d in range(25, 29)]
    return [*days, D(2024, 2, 29), D(2025, 3, 31), D(2025, 4, 30), D(2026, 12, 31)]


@pytest.mark.parametrize("end", _ends(), ids=str)
@pytest.mark.parametrize(
    "period", [Period(years=1), Period(years=2), Period(months=1)], ids=lambda p: p.iso()
)
def test_duration_hint_dates_are_the_exact_boundary(end: D, period: Period) -> None:
    least = dur(at_least=period)
    most = dur(at_most=period)
    # the latest start that satisfies "at least": found by trying every nearby day
    starts = [shift(end, -period) + dt.timedelta(days=k) for k in range(-3, 4)]
    ok = [s for s in starts if run(least, facts={"start": s, "end": end}).status is Status.PASS]
    latest = max(ok)
    too_late = run(least, facts={"start": latest + ONE, "end": end})
    assert too_late.status is Status.FAIL
    assert f"must be on or before {latest}" in too_late.hints[0].en
    ok = [s for s in starts if run(most, facts={"start": s, "end": end}).status is Status.PASS]
    earliest = min(ok)
    too_early = run(most, facts={"start": earliest - ONE, "end": end})
    assert too_early.status is Status.FAIL
    assert f"must be on or after {earliest}" in too_early.hints[0].en


def test_female_allowance_unknown_exactly_when_gender_decides() -> None:
    start = D(1977, 1, 1)
    for i in range(0, 4 * 366, 3):
        birth = start + dt.timedelta(days=i)
        male = run(FEMALE, birth=birth, gender="male").status
        female = run(FEMALE, birth=birth, gender="female").status
        unknown = run(FEMALE, birth=birth).status
        assert unknown is (male if male is female else Status.UNKNOWN), birth


def test_reference_date_falls_back_through_the_list() -> None:
    params = ParameterStore()
    params.add([Parameter(key="batch.ref", type="date", value=D(2026, 6, 30))])
    reference = ("application.reference_date", P("batch.ref"))
    rule = AgeAtMost(years=40)

    def check(app: Application) -> Check:
        profile = Profile(person=Person(birth_date=D(1986, 1, 1)), application=app)
        ctx = Context(profile=profile, as_of=D(2026, 1, 1), params=params, reference=reference)
        return rule.evaluate(ctx)

    first = check(Application(reference_date=D(2026, 12, 31)))
    assert first.read["application.reference_date"] == D(2026, 12, 31)
    fallback = check(Application())
    assert fallback.read["param:batch.ref"] == D(2026, 6, 30)
    assert fallback.status is Status.PASS
