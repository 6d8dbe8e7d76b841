"""Calendar arithmetic for periods, anniversaries and ages.

Conventions follow 民法典 第二百零一条至第二百零三条 by analogy: a period of N months or
years ends on the corresponding day, or on the last day of the month when that day does
not exist (29 February → 28 February).
"""

from __future__ import annotations

import calendar
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


def add_months(day: dt.date, months: int) -> dt.date:
    """Corresponding day ``months`` later (or earlier); month end when it does not exist."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def shift(day: dt.date, period: Period) -> dt.date:
    """Move ``day`` by a period: years and months first (corresponding day), then days."""
    moved = add_months(day, period.years * 12 + period.months)
    return moved + dt.timedelta(days=period.days)


def completed_years(birth: dt.date, on: dt.date) -> int:
    """Whole years from ``birth`` to ``on``; the anniversary itself counts as completed."""
    years = on.year - birth.year
    if shift(birth, Period(years=years)) > on:
        years -= 1
    return years


def age_at_most(birth: dt.date, limit: int, ref: dt.date, method: AgeMethod) -> bool:
    """Whether someone born on ``birth`` is "not over ``limit`` 周岁" on ``ref``."""
    if method == "completed_years":
        return completed_years(birth, ref) <= limit
    if method == "cutoff_day":
        return birth >= shift(ref, Period(years=-limit))
    if method == "cutoff_month":
        return (birth.year, birth.month) >= (ref.year - limit, ref.month)
    if method == "calendar_year":
        return ref.year - birth.year <= limit
    raise ValueError(f"unknown age method {method!r}; expected one of {', '.join(AGE_METHODS)}")


def earliest_birth_within(limit: int, ref: dt.date, method: AgeMethod) -> dt.date:
    """The earliest birth date for which :func:`age_at_most` holds (used by hints)."""
    if method == "cutoff_month":
        return dt.date(ref.year - limit, ref.month, 1)
    if method == "calendar_year":
        return dt.date(ref.year - limit, 1, 1)
    guess = shift(ref, Period(years=-(limit + 1 if method == "completed_years" else limit)))
    # anniversaries of 29 February make the boundary move by a day: settle it by the test
    return _first(guess - dt.timedelta(days=3), lambda b: age_at_most(b, limit, ref, method))


def latest_birth_reaching(limit: int, ref: dt.date) -> dt.date:
    """The latest birth date of someone who has completed ``limit`` years on ``ref``."""
    guess = shift(ref, Period(years=-limit))
    first_short = _first(guess - dt.timedelta(days=3), lambda b: completed_years(b, ref) < limit)
    return first_short - dt.timedelta(days=1)


def latest_start_reaching(period: Period, end: dt.date) -> dt.date:
    """The latest start whose ``period`` anniversary is on or before ``end``."""
    guess = shift(end, -period)
    return _first(guess - dt.timedelta(days=3), lambda s: shift(s, period) > end) - dt.timedelta(
        days=1
    )


def earliest_start_within(period: Period, end: dt.date) -> dt.date:
    """The earliest start whose ``period`` anniversary is on or after ``end``."""
    guess = shift(end, -period)
    return _first(guess - dt.timedelta(days=3), lambda s: shift(s, period) >= end)


def _first(start: dt.date, holds: Callable[[dt.date], bool]) -> dt.date:
    """The first day from ``start`` on which the monotone test ``holds``."""
    day = start
    while not holds(day):
        day += dt.timedelta(days=1)
    return day


def ban_until(decided_on: dt.date, years: int) -> dt.date:
    """Last day of an N-year bar counted from a decision: the corresponding day N years later.

    Bars have no holiday roll-over (they are not periods within which someone must act).
    """
    return shift(decided_on, Period(years=years))
