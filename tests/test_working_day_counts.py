"""Working-day periods found by bisection in each year's working days
(:meth:`WorkdayCalendar.add_working_days`, :meth:`~WorkdayCalendar.next_working_day`) are
the days a walk over :meth:`~WorkdayCalendar.is_working_day` finds, day by day: the same
date, the same error for a year the calendar does not know, the same assumptions noted in
the same order."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from talentkit.workdays import CalendarError, WorkdayCalendar, known_years

D = dt.date


def walked(cal: WorkdayCalendar, start: D, count: int, *, count_start: bool) -> D:
    """The period's last day, walked a day at a time (the definition)."""
    day = start if count_start else start + dt.timedelta(days=1)
    seen = 0
    while True:
        if cal.is_working_day(day):
            seen += 1
            if seen == count:
                return day
        day += dt.timedelta(days=1)


def walked_next(cal: WorkdayCalendar, day: D) -> D:
    while not cal.is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def outcome(fn: object, *args: object, **kwargs: object) -> tuple[object, ...]:
    """The date found or the error's message, with the assumptions noted."""
    cal = args[0]
    assert isinstance(cal, WorkdayCalendar)
    try:
        got: object = fn(*args, **kwargs)  # type: ignore[operator]
    except CalendarError as exc:
        got = ("error", str(exc))
    return got, tuple(cal.assumptions)


def _counted(cal: WorkdayCalendar, start: D, count: int, *, count_start: bool) -> D:
    return cal.add_working_days(start, count, count_start=count_start)


def _next(cal: WorkdayCalendar, day: D) -> D:
    return cal.next_working_day(day)


# from the year before the calendar's first through a few years past its last
YEARS = st.integers(min_value=known_years().start - 1, max_value=known_years().stop + 3)


@given(
    year=YEARS,
    day=st.integers(min_value=0, max_value=365),
    count=st.integers(min_value=1, max_value=800),
    count_start=st.booleans(),
    assume=st.booleans(),
)
def test_a_period_ends_where_the_walk_ends(
    year: int, day: int, count: int, count_start: bool, assume: bool
) -> None:
    start = D(year, 1, 1) + dt.timedelta(days=day)
    found = outcome(
        _counted,
        WorkdayCalendar(assume_unknown_years=assume),
        start,
        count,
        count_start=count_start,
    )
    expected = outcome(
        walked, WorkdayCalendar(assume_unknown_years=assume), start, count, count_start=count_start
    )
    assert found == expected


@given(year=YEARS, day=st.integers(min_value=0, max_value=365), assume=st.booleans())
def test_the_next_working_day_is_where_the_walk_stops(year: int, day: int, assume: bool) -> None:
    start = D(year, 1, 1) + dt.timedelta(days=day)
    cal = WorkdayCalendar(assume_unknown_years=assume)
    assert outcome(_next, cal, start) == outcome(
        walked_next, WorkdayCalendar(assume_unknown_years=assume), start
    )


@pytest.mark.parametrize(
    ("start", "count", "count_start", "last"),
    [
        # 国庆 and 中秋 2026: 1–7 October off, Sunday 20 September and Saturday 10 October worked
        (D(2026, 9, 30), 1, True, D(2026, 9, 30)),
        (D(2026, 9, 30), 2, True, D(2026, 10, 8)),
        (D(2026, 9, 30), 5, True, D(2026, 10, 12)),
        (D(2026, 9, 30), 1, False, D(2026, 10, 8)),
        (D(2026, 10, 1), 1, True, D(2026, 10, 8)),  # a holiday: the next working day is day 1
        (D(2026, 10, 9), 2, True, D(2026, 10, 10)),  # the Saturday worked counts
        # across the year's end: 1–3 January 2026 off, Sunday 4 January worked
        (D(2025, 12, 31), 2, True, D(2026, 1, 4)),
        (D(2025, 12, 31), 1, False, D(2026, 1, 4)),
        (D(2025, 12, 31), 3, True, D(2026, 1, 5)),
    ],
)
def test_periods_at_the_holidays_and_the_years_end(
    start: D, count: int, count_start: bool, last: D
) -> None:
    cal = WorkdayCalendar()
    assert cal.add_working_days(start, count, count_start=count_start) == last
    assert walked(WorkdayCalendar(), start, count, count_start=count_start) == last


def test_a_period_into_an_unknown_year_notes_each_year_once_in_order() -> None:
    last_known = known_years().stop - 1
    cal = WorkdayCalendar(assume_unknown_years=True)
    end = cal.add_working_days(D(last_known, 12, 1), 600, count_start=True)
    assert end.year == last_known + 3
    assert [note.split()[0] for note in cal.assumptions] == [
        str(last_known + 1),
        str(last_known + 2),
        str(last_known + 3),
    ]
    with pytest.raises(CalendarError, match=f"{last_known + 1} is outside"):
        WorkdayCalendar().add_working_days(D(last_known, 12, 1), 600, count_start=True)
