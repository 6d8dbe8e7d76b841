"""Calendar arithmetic for periods, anniversaries and ages.

Conventions follow 民法典 第二百零一条至第二百零三条 by analogy: a period of N months or
years ends on the corresponding day, or on the last day of the month when that day does
not exist (29 February → 28 February).

Two conventions the texts leave to the operator are arguments here, with those defaults:

* ``attained`` — the day a person attains an age: ``birthday`` (the N-th birthday itself,
  the default) or ``day_after`` (the day after it, as notices that count 周岁 "过了生日的
  第二天起" do).
* ``leap_day`` — the anniversary of 29 February in a common year: ``feb28`` (the month's
  last day, 民法典 第二百零二条, the default) or ``mar1`` (the day after it). Other missing
  corresponding days (31 January plus one month) always fall on the month's last day.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Literal

import attrs

AgeMethod = Literal["completed_years", "cutoff_day", "cutoff_month", "calendar_year"]
AGE_METHODS: tuple[AgeMethod, ...] = (
    "completed_years",
    "cutoff_day",
    "cutoff_month",
    "calendar_year",
)

AgeAttained = Literal["birthday", "day_after"]
AGE_ATTAINED: tuple[AgeAttained, ...] = ("birthday", "day_after")

LeapDay = Literal["feb28", "mar1"]
LEAP_DAYS: tuple[LeapDay, ...] = ("feb28", "mar1")

MonthCount = Literal["calendar", "days30"]
MONTH_COUNTS: tuple[MonthCount, ...] = ("calendar", "days30")

UNLIMITED = "unlimited"
"""A look-back window the text leaves without a limit (「存在……行为的人员，不得申报」)."""

_ISO_PERIOD = re.compile(r"^(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?$")


@attrs.frozen
class Period:
    """A calendar period of years, months and days (ISO 8601 ``P2Y``, ``P1M``, ``P15D``)."""

    years: int = 0
    months: int = 0
    days: int = 0

    @classmethod
    def parse(cls, text: str) -> Period:
        m = _ISO_PERIOD.match(text.strip().upper())
        if m is None or not any(m.group(i) for i in (2, 3, 4)):
            raise ValueError(f"expected an ISO 8601 period such as P2Y, P1M or P15D, got {text!r}")
        sign = -1 if m.group(1) else 1
        y, mo, d = (int(m.group(i) or 0) for i in (2, 3, 4))
        return cls(sign * y, sign * mo, sign * d)

    def iso(self) -> str:
        neg = self.years < 0 or self.months < 0 or self.days < 0
        y, mo, d = abs(self.years), abs(self.months), abs(self.days)
        body = (f"{y}Y" if y else "") + (f"{mo}M" if mo else "") + (f"{d}D" if d else "")
        return ("-" if neg else "") + "P" + (body or "0D")

    def __neg__(self) -> Period:
        return Period(-self.years, -self.months, -self.days)

    def describe(self, lang: str) -> str:
        parts = []
        for n, zh, en in (
            (self.years, "年", "year"),
            (self.months, "个月", "month"),
            (self.days, "日", "day"),
        ):
            if n:
                parts.append(
                    f"{abs(n)}{zh}"
                    if lang == "zh"
                    else f"{abs(n)} {en}{'s' if abs(n) != 1 else ''}"
                )
        return ("" if lang == "zh" else " ").join(parts) or "0"


def check_convention(value: object, allowed: tuple[str, ...], what: str) -> None:
    if value not in allowed:
        raise ValueError(f"unknown {what} {value!r}; expected one of {', '.join(allowed)}")


def days_in_month(year: int, month: int) -> int:
    """``calendar.monthrange(year, month)[1]``, without importing :mod:`calendar` (and the
    locale module it loads) for one table."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def add_months(day: dt.date, months: int, leap_day: str = "feb28") -> dt.date:
    """Corresponding day ``months`` later (or earlier); month end when it does not exist,
    except that 29 February falls on 1 March in a common year under ``leap_day="mar1"``."""
    check_convention(leap_day, LEAP_DAYS, "leap-day convention")
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = days_in_month(year, month + 1)
    moved = dt.date(year, month + 1, min(day.day, last))
    if leap_day == "mar1" and (day.month, day.day) == (2, 29) and moved.day == 28:
        return moved + dt.timedelta(days=1)
    return moved


def period_days(period: Period, end: dt.date, months: str, leap_day: str = "feb28") -> int:
    """Days a period comes to: ``calendar`` — the days it spans back from ``end``;
    ``days30`` — 365 a year, 30 a month (the count some texts use for totals of stays)."""
    check_convention(months, MONTH_COUNTS, "month count")
    if months == "days30":
        return period.years * 365 + period.months * 30 + period.days
    return (end - shift(end, -period, leap_day)).days


def shift(day: dt.date, period: Period, leap_day: str = "feb28") -> dt.date:
    """Move ``day`` by a period: years and months first (corresponding day), then days."""
    moved = add_months(day, period.years * 12 + period.months, leap_day)
    return moved + dt.timedelta(days=period.days)


def attains(
    birth: dt.date, years: int, attained: str = "birthday", leap_day: str = "feb28"
) -> dt.date:
    """The first day on which someone born on ``birth`` is ``years`` 周岁 old."""
    check_convention(attained, AGE_ATTAINED, "age convention")
    birthday = shift(birth, Period(years=years), leap_day)
    return birthday + dt.timedelta(days=1) if attained == "day_after" else birthday


def completed_years(
    birth: dt.date, on: dt.date, attained: str = "birthday", leap_day: str = "feb28"
) -> int:
    """Whole years from ``birth`` to ``on``; whether the birthday itself completes a year
    is the ``attained`` convention (by default it does)."""
    years = on.year - birth.year
    reached = attains(birth, years, attained, leap_day) if years else birth
    return years - 1 if reached > on else years


def age_at_most(
    birth: dt.date,
    limit: int,
    ref: dt.date,
    method: AgeMethod,
    attained: str = "birthday",
    leap_day: str = "feb28",
) -> bool:
    """Whether someone born on ``birth`` is "not over ``limit`` 周岁" on ``ref``.

    ``attained`` applies to ``completed_years``; the cutoff methods decide by the birth date
    alone (``cutoff_day`` counts back from ``ref`` under ``leap_day``)."""
    if method == "completed_years":
        return completed_years(birth, ref, attained, leap_day) <= limit
    if method == "cutoff_day":
        return birth >= shift(ref, Period(years=-limit), leap_day)
    if method == "cutoff_month":
        return (birth.year, birth.month) >= (ref.year - limit, ref.month)
    if method == "calendar_year":
        return ref.year - birth.year <= limit
    raise ValueError(f"unknown age method {method!r}; expected one of {', '.join(AGE_METHODS)}")


def earliest_birth_within(
    limit: int,
    ref: dt.date,
    method: AgeMethod,
    attained: str = "birthday",
    leap_day: str = "feb28",
) -> dt.date:
    """The earliest birth date for which :func:`age_at_most` holds (used by hints)."""
    if method == "cutoff_month":
        return dt.date(ref.year - limit, ref.month, 1)
    if method == "calendar_year":
        return dt.date(ref.year - limit, 1, 1)
    guess = shift(ref, Period(years=-(limit + 1 if method == "completed_years" else limit)))
    # 29 February and the day-after convention move the boundary by a day: settle it by the test
    return _first(
        guess - dt.timedelta(days=3),
        lambda b: age_at_most(b, limit, ref, method, attained, leap_day),
    )


def latest_birth_reaching(
    limit: int, ref: dt.date, attained: str = "birthday", leap_day: str = "feb28"
) -> dt.date:
    """The latest birth date of someone who has completed ``limit`` years on ``ref``."""
    guess = shift(ref, Period(years=-limit))
    first_short = _first(
        guess - dt.timedelta(days=3),
        lambda b: completed_years(b, ref, attained, leap_day) < limit,
    )
    return first_short - dt.timedelta(days=1)


def latest_start_reaching(period: Period, end: dt.date, leap_day: str = "feb28") -> dt.date:
    """The latest start whose ``period`` anniversary is on or before ``end``."""
    guess = shift(end, -period)
    first_late = _first(guess - dt.timedelta(days=3), lambda s: shift(s, period, leap_day) > end)
    return first_late - dt.timedelta(days=1)


def earliest_start_within(period: Period, end: dt.date, leap_day: str = "feb28") -> dt.date:
    """The earliest start whose ``period`` anniversary is on or after ``end``."""
    guess = shift(end, -period)
    return _first(guess - dt.timedelta(days=3), lambda s: shift(s, period, leap_day) >= end)


def _first(start: dt.date, holds: Callable[[dt.date], bool]) -> dt.date:
    """The first day from ``start`` on which the monotone test ``holds``."""
    day = start
    while not holds(day):
        day += dt.timedelta(days=1)
    return day


def ban_until(decided_on: dt.date, years: int, leap_day: str = "feb28") -> dt.date:
    """Last day of an N-year bar counted from a decision: the corresponding day N years later.

    Bars have no holiday roll-over (they are not periods within which someone must act).
    """
    return shift(decided_on, Period(years=years), leap_day)
