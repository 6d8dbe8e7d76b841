"""Date tests computed as a cut-off per distinct reference date agree, day by day, with the
engine's date functions: the exact birthday, the days before and after it, 29 February
births in leap and common reference years, under every age method and convention."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Sequence
from typing import Any

import polars as pl
import pytest

from talentkit import dates
from talentkit.batch.compile import _age_ok, attains, shift
from talentkit.batch.cutoff import (
    _COMPARED,
    _SAMPLE,
    MAX_DISTINCT,
    Threshold,
    per_day,
    per_value,
    threshold,
)
from talentkit.dates import Period

LIMIT = 40
#: reference dates: a leap day, the days around it, and the same days of a common year
REFS = [
    dt.date(2024, 2, 28),
    dt.date(2024, 2, 29),
    dt.date(2024, 3, 1),
    dt.date(2025, 2, 28),
    dt.date(2025, 3, 1),
    dt.date(2026, 3, 1),
]


def births_around(ref: dt.date, years: int) -> list[dt.date]:
    """Every day within a week of the birthdays that reach ``years`` on ``ref``, with the
    29 February of the nearest leap years."""
    centre = dt.date(ref.year - years, ref.month, min(ref.day, 28))
    out = [centre + dt.timedelta(days=d) for d in range(-8, 9)]
    out += [
        dt.date(y, 2, 29) for y in range(ref.year - years - 4, ref.year - years + 5) if y % 4 == 0
    ]
    return sorted(set(out))


def evaluated(
    build: Callable[[pl.Expr, pl.Expr], pl.Expr],
    b: Sequence[dt.date | None],
    r: Sequence[dt.date | None],
) -> list[bool | None]:
    frame = pl.DataFrame({"b": b, "r": r}, schema={"b": pl.Date(), "r": pl.Date()})
    return frame.select(threshold(pl.col("b"), pl.col("r"), build)).to_series().to_list()


@pytest.mark.parametrize(
    ("method", "attained", "leap_day"),
    [
        (m, a, leap)
        for m, a, leap in itertools.product(
            dates.AGE_METHODS, ("birthday", "day_after"), dates.LEAP_DAYS
        )
        if m == "completed_years" or a == "birthday"
    ],
)
def test_age_at_most_agrees_with_the_engine_around_every_boundary(
    method: str, attained: str, leap_day: str
) -> None:
    def build(b: pl.Expr, r: pl.Expr) -> pl.Expr:
        return _age_ok(b, LIMIT, r, method, attained, leap_day)

    for ref in REFS:
        births = births_around(ref, LIMIT + 1) + births_around(ref, LIMIT)
        got = evaluated(build, births, [ref] * len(births))
        want = [dates.age_at_most(b, LIMIT, ref, method, attained, leap_day) for b in births]  # type: ignore[arg-type]
        assert got == want, (
            ref,
            [(b, g, w) for b, g, w in zip(births, got, want, strict=True) if g != w],
        )


@pytest.mark.parametrize(
    ("attained", "leap_day"), list(itertools.product(("birthday", "day_after"), dates.LEAP_DAYS))
)
def test_age_at_least_agrees_with_the_engine_around_every_boundary(
    attained: str, leap_day: str
) -> None:
    def build(b: pl.Expr, r: pl.Expr) -> pl.Expr:
        return attains(b, LIMIT, attained, leap_day) <= r

    for ref in REFS:
        births = births_around(ref, LIMIT)
        got = evaluated(build, births, [ref] * len(births))
        want = [dates.attains(b, LIMIT, attained, leap_day) <= ref for b in births]
        assert got == want, (
            ref,
            [(b, g, w) for b, g, w in zip(births, got, want, strict=True) if g != w],
        )


def holds(name: str, anniversary: Any, end: Any) -> Any:
    """At least the period by ``end`` (the anniversary is reached), or less than it."""
    return anniversary <= end if name == "at_least" else end < anniversary


@pytest.mark.parametrize("name", ["at_least", "less_than"])
@pytest.mark.parametrize("leap_day", dates.LEAP_DAYS)
@pytest.mark.parametrize("period", [Period(years=3), Period(months=6), Period(years=1, days=10)])
def test_anniversaries_agree_with_the_engine(period: Period, leap_day: str, name: str) -> None:
    def build(s: pl.Expr, e: pl.Expr) -> pl.Expr:
        got: pl.Expr = holds(name, shift(s, period, leap_day), e)
        return got

    for ref in REFS:
        starts = births_around(ref, period.years)
        got = evaluated(build, starts, [ref] * len(starts))
        want = [holds(name, dates.shift(s, period, leap_day), ref) for s in starts]
        assert got == want, ref


def test_the_boundary_cases_by_hand() -> None:
    """Not over 40 周岁 (completed years) on the reference date: the 41st birthday itself
    is over; a 29 February birth reaches it on 28 February or 1 March of a common year."""

    def at_most(attained: str, leap_day: str) -> Callable[[pl.Expr, pl.Expr], pl.Expr]:
        return lambda b, r: _age_ok(b, LIMIT, r, "completed_years", attained, leap_day)

    ref = dt.date(2026, 3, 1)
    births = [dt.date(1985, 2, 28), dt.date(1985, 3, 1), dt.date(1985, 3, 2)]
    assert evaluated(at_most("birthday", "feb28"), births, [ref] * 3) == [False, False, True]
    assert evaluated(at_most("day_after", "feb28"), births, [ref] * 3) == [False, True, True]
    common, leap_birth = dt.date(2025, 2, 28), [dt.date(1984, 2, 29)]
    assert evaluated(at_most("birthday", "feb28"), leap_birth, [common]) == [False]
    assert evaluated(at_most("birthday", "mar1"), leap_birth, [common]) == [True]
    assert evaluated(at_most("day_after", "feb28"), leap_birth, [common]) == [True]
    assert evaluated(at_most("birthday", "feb28"), leap_birth, [dt.date(2025, 3, 1)]) == [False]


def test_nulls_and_several_reference_dates() -> None:
    """A null date or reference gives null, as the shifted comparison does; each case is
    compared with its own reference date's cut-off."""

    def build(b: pl.Expr, r: pl.Expr) -> pl.Expr:
        return attains(b, LIMIT + 1, "birthday", "feb28") > r

    b = [dt.date(1985, 3, 1), None, dt.date(1985, 3, 1), dt.date(1985, 3, 1), dt.date(1984, 2, 29)]
    r = [dt.date(2026, 3, 1), dt.date(2026, 3, 1), None, dt.date(2026, 2, 28), dt.date(2025, 2, 28)]
    assert evaluated(build, b, r) == [False, None, None, True, False]


def test_one_reference_date_is_one_cut_off_not_a_shift_per_case() -> None:
    def build(b: pl.Expr, r: pl.Expr) -> pl.Expr:
        return attains(b, LIMIT + 1, "birthday", "feb28") > r

    births = pl.date_range(dt.date(1960, 1, 1), dt.date(2000, 12, 31), "1d", eager=True)
    refs = pl.Series([dt.date(2026, 3, 1)] * len(births), dtype=pl.Date())
    got = Threshold(build).compared(births, refs)
    assert got is not None  # the cut-off, not the test case by case
    assert got.equals(Threshold(build).direct(births, refs))


def test_per_value_spreads_each_distinct_value() -> None:
    s = pl.Series("d", [dt.date(2024, 2, 29), None, dt.date(2025, 3, 1), dt.date(2024, 2, 29)])

    def back(e: pl.Expr) -> pl.Expr:
        return shift(e, Period(years=-6), "mar1")

    got = pl.DataFrame({"d": s}).select(per_value(pl.col("d"), back, pl.Date())).to_series()
    assert got.to_list() == [dt.date(2018, 3, 1), None, dt.date(2019, 3, 1), dt.date(2018, 3, 1)]
    one = pl.DataFrame({"d": [dt.date(2024, 2, 29)] * 3})
    assert (
        one.select(per_value(pl.col("d"), back, pl.Date())).to_series().to_list()
        == [dt.date(2018, 3, 1)] * 3
    )


def _spread_alike(values: Sequence[Any], dtype: pl.DataType) -> None:
    """``per_value`` over ``values`` (repeated, so that each is spread back to several
    rows) equals its function applied to every row; the function gives a null its own
    value, so that a null spread to the wrong rows shows."""

    def fn(e: pl.Expr) -> pl.Expr:
        return e.cast(pl.String()).fill_null("none").str.len_bytes().cast(pl.Int64()) * 10 + (
            e.cast(pl.String()).fill_null("0").str.slice(-1).cast(pl.Int64(), strict=False)
        )

    frame = pl.DataFrame({"v": list(values) * 3 + list(reversed(values))}, schema={"v": dtype})
    got = frame.select(per_value(pl.col("v"), fn, pl.Int64()).alias("w"))
    assert got.equals(frame.select(fn(pl.col("v")).alias("w")))


@pytest.mark.parametrize("n", [0, 1, 2, _COMPARED - 1, _COMPARED, _COMPARED + 1, MAX_DISTINCT])
def test_per_value_spreads_few_or_more_values_to_their_rows(n: int) -> None:
    texts = [f"{i}/{i + 7}" for i in range(n)]
    _spread_alike(texts, pl.String())
    _spread_alike([*texts, None], pl.String())
    _spread_alike([None, *texts], pl.String())
    days = [dt.date(2024, 2, 29) + dt.timedelta(days=i) for i in range(n)]
    _spread_alike([*days, None], pl.Date())
    _spread_alike(days, pl.Date())


def _spread_in_order(values: Sequence[Any], dtype: pl.DataType) -> None:
    """As :func:`_spread_alike`, the rows in the order given (the first rows decide)."""

    def fn(e: pl.Expr) -> pl.Expr:
        return e.cast(pl.String()).fill_null("none").str.len_bytes().cast(pl.Int64()) * 10 + (
            e.cast(pl.String()).fill_null("0").str.slice(-1).cast(pl.Int64(), strict=False)
        )

    frame = pl.DataFrame({"v": list(values)}, schema={"v": dtype})
    got = frame.select(per_value(pl.col("v"), fn, pl.Int64()).alias("w"))
    assert got.equals(frame.select(fn(pl.col("v")).alias("w")))


@pytest.mark.parametrize("later", [["2/9"], [None], ["2/9", None, "3/9", "4/9"], ["9/9"] * 3])
def test_per_value_finds_values_only_after_the_first_rows(later: list[str | None]) -> None:
    """The few values of a column's first rows are not taken for all of its values: a
    value (or a null) first seen after them is spread to its rows too, whether the
    column then holds few values or more."""
    head: list[str | None] = ["1/9", "1/3"] * (_SAMPLE // 2)
    _spread_in_order([*head, *later], pl.String())
    _spread_in_order([*head, *later, *head], pl.String())
    _spread_in_order([*head[:-1], None, *later], pl.String())
    _spread_in_order([*(["1/9"] * _SAMPLE), *later], pl.String())
    # more values after the first rows than are worth a table: computed row by row
    many = [f"{i}/7" for i in range(MAX_DISTINCT + 1)]
    _spread_in_order([*head, *later, *many], pl.String())


def test_one_reference_date_with_nulls_around_it() -> None:
    """A column of one reference date (its least and greatest the same) with null rows,
    first among them or not, gives each case the cut-off and each null reference null."""

    def build(b: pl.Expr, r: pl.Expr) -> pl.Expr:
        return attains(b, LIMIT + 1, "birthday", "feb28") > r

    ref = dt.date(2026, 3, 1)
    b = [dt.date(1985, 3, 1), dt.date(1985, 3, 2), dt.date(1985, 3, 1), None]
    assert evaluated(build, b, [None, ref, ref, ref]) == [None, True, False, None]
    assert evaluated(build, b, [ref, None, None, ref]) == [False, None, None, None]
    assert evaluated(build, b, [None] * 4) == [None] * 4
    births = pl.Series([dt.date(1985, 3, 1)] * 3, dtype=pl.Date())
    refs = pl.Series([None, ref, ref], dtype=pl.Date())
    got = Threshold(build).compared(births, refs)
    assert got is not None  # the cut-off, not the test case by case
    assert got.to_list() == [None, False, False]


def _shifted(dates: Sequence[dt.date | None], p: Period, leap_day: str) -> None:
    """``per_day`` of a calendar shift equals the shift of every row."""
    frame = pl.DataFrame({"d": dates}, schema={"d": pl.Date()})

    def fn(e: pl.Expr) -> pl.Expr:
        return shift(e, p, leap_day)

    got = frame.select(per_day(pl.col("d"), fn).alias("s"))
    assert got.equals(frame.select(fn(pl.col("d")).alias("s")))


@pytest.mark.parametrize("leap_day", dates.LEAP_DAYS)
@pytest.mark.parametrize("p", [Period(years=5), Period(years=-3, months=-1), Period(days=400)])
def test_per_day_shifts_every_day_as_the_shift_does(p: Period, leap_day: str) -> None:
    """Every day over four years (each 29 February, the month ends), repeated and reversed
    (a table of days, read at each row), with nulls; a column of one day; a column whose
    dates span more days than it has rows (shifted row by row); no dates at all."""
    days = [dt.date(2023, 1, 1) + dt.timedelta(days=i) for i in range(4 * 366)]
    _shifted([*days, None, *reversed(days), *days], p, leap_day)
    _shifted([None, dt.date(2024, 2, 29), dt.date(2024, 2, 29)], p, leap_day)
    _shifted([dt.date(1900, 2, 28), None, dt.date(2100, 3, 1)], p, leap_day)
    _shifted([None, None], p, leap_day)
    _shifted([], p, leap_day)


def test_a_test_not_null_for_a_null_reference_is_seen_after_leading_null_dates() -> None:
    """The check that the test is null for a null reference tries the first date that is
    not null, however many null dates come first: a test that is not null there is
    evaluated case by case (read with a null date instead, the check would pass and the
    null references would read null)."""

    def build(b: pl.Expr, r: pl.Expr) -> pl.Expr:
        return pl.when(b.is_not_null()).then(
            (attains(b, LIMIT + 1, "birthday", "feb28") > r).fill_null(True)
        )

    ref = dt.date(2026, 3, 1)
    births = pl.Series([None, None, dt.date(1985, 3, 1), dt.date(1985, 3, 2)], dtype=pl.Date())
    refs = pl.Series([ref, ref, None, ref], dtype=pl.Date())
    assert Threshold(build).compared(births, refs) is None
    assert evaluated(build, births.to_list(), refs.to_list()) == [None, None, True, True]


def test_a_cut_off_after_the_last_day_a_date_holds() -> None:
    """A test that holds on none of the chunk's dates, the last of them the last day a date
    holds (its day number 2**31 - 1): its cut-off, the day after, lies beyond the dates'
    32 bits and is compared in 64."""

    def build(b: pl.Expr, r: pl.Expr) -> pl.Expr:
        return (b > r) & (b < r)  # holds on no day, null where either date is

    last = pl.Series([2**31 - 1], dtype=pl.Int32()).cast(pl.Date())
    births = pl.concat([pl.Series([dt.date(1985, 3, 1), None], dtype=pl.Date()), last])
    refs = pl.Series([dt.date(2026, 3, 1)] * 3, dtype=pl.Date())
    got = Threshold(build).compared(births, refs)
    assert got is not None  # the cut-off, not the test case by case
    assert got.equals(Threshold(build).direct(births, refs))
    assert got.to_list() == [False, None, False]


def test_per_day_reads_days_before_1970_by_their_index() -> None:
    """Day numbers below zero (before 1970) as the table's first day and after it: each
    row's index is its day less the first, whatever their signs."""
    days = [dt.date(1969, 12, 30), dt.date(1970, 1, 2), None, dt.date(1969, 12, 31)]
    _shifted([*days, *days], Period(years=1), "feb28")
    _shifted(
        [dt.date(1969, 2, 28), dt.date(1969, 3, 1), dt.date(1968, 2, 29)] * 3,
        Period(years=-1),
        "mar1",
    )
