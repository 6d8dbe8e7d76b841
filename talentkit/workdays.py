"""Working days on China's official calendar.

Statutory holidays and 调休 make-up working weekends come from the maintained ``holidays``
package (``holidays.China``), which follows the State Council's yearly 节假日安排 notices.
A year whose notice the installed calendar does not know is an error, unless the caller
explicitly accepts weekends-only counting for it; that assumption is then reported.
"""

from __future__ import annotations

import datetime as dt
import functools

import attrs
import holidays


class CalendarError(ValueError):
    """A working-day computation reached a year the official calendar does not cover."""


@functools.lru_cache(maxsize=1)
def _china() -> holidays.HolidayBase:
    return holidays.country_holidays("CN", years=range(2001, dt.date.today().year + 3))


@functools.lru_cache(maxsize=1)
def known_years() -> range:
    """Years for which the installed calendar has the official 调休 arrangement.

    The State Council announces each year's arrangement in the previous December; a year
    for which ``holidays`` lists no make-up working day has not been published there yet.
    """
    cal = _china()
    with_workdays = {d.year for d in cal.weekend_workdays}
    last = max(with_workdays)
    return range(2008, last + 1)


@attrs.frozen
class WorkdayCalendar:
    """China's working-day calendar.

    :param assume_unknown_years: count Monday–Friday as working days in years the
        official calendar does not know yet, and report it, instead of raising.
    """

    assume_unknown_years: bool = False
    assumptions: list[str] = attrs.field(factory=list, eq=False)

    def _check_year(self, day: dt.date) -> None:
        if day.year in known_years():
            return
        years = known_years()
        note = (
            f"{day.year} is outside the official holiday calendar known to this installation "
            f"({years.start}–{years.stop - 1}); weekends-only counting assumed"
        )
        if not self.assume_unknown_years:
            raise CalendarError(
                f"{day.year} is outside the official holiday calendar known to this "
                f"installation ({years.start}–{years.stop - 1}); upgrade the 'holidays' "
                "package or allow weekends-only counting (--assume-calendar)"
            )
        if note not in self.assumptions:
            self.assumptions.append(note)

    def is_working_day(self, day: dt.date) -> bool:
        self._check_year(day)
        cal = _china()
        if day in cal.weekend_workdays:
            return True
        return day.weekday() < 5 and day not in cal

    def add_working_days(self, start: dt.date, count: int, *, count_start: bool) -> dt.date:
        """The date on which a period of ``count`` working days ends.

        :param count_start: the start day is day 1 when it is itself a working day (a public
            notice counts its publication day); otherwise counting starts the day after
            (a response period).
        """
        if count < 1:
            raise ValueError("a working-day period has at least one day")
        day = start if count_start else start + dt.timedelta(days=1)
        seen = 0
        while True:
            if self.is_working_day(day):
                seen += 1
                if seen == count:
                    return day
            day += dt.timedelta(days=1)

    def next_working_day(self, day: dt.date) -> dt.date:
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day
