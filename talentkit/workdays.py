"""Working days on China's official calendar.

Statutory holidays and 调休 make-up working weekends come from the maintained ``holidays``
package (``holidays.China``), which follows the State Council's yearly 节假日安排 notices.
A year whose notice the installed calendar does not know is an error, unless the caller
explicitly accepts weekends-only counting for it; that assumption is then reported.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import sys
import threading
from pathlib import Path
from typing import Any

import attrs


class CalendarError(ValueError):
    """A working-day computation reached a year the official calendar does not cover."""


def _china_class() -> Any:
    """``holidays``' China calendar, imported on its own.

    ``holidays.countries`` imports every country (~300 modules) when any one of them is
    imported through it; the China module needs only the package's base classes, so it is
    loaded from its file under its own name. Imported on first use: most commands never
    count working days.
    """
    with _LOADING:  # threads (a Dask worker's) must not see the module half executed
        return _load_china_class()


_LOADING = threading.Lock()


def _load_china_class() -> Any:
    import holidays  # base classes only: the country registry is lazy

    name = "holidays.countries.china"
    module = sys.modules.get(name)
    path = Path(holidays.__file__).parent / "countries" / "china.py"
    spec = importlib.util.spec_from_file_location(name, path)
    if module is None and spec is not None and spec.loader is not None:
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException:
            del sys.modules[name]
            raise
    if module is None:  # a layout this loader does not know: the registry's way
        return holidays.country_holidays("CN").__class__
    return module.China


@functools.lru_cache(maxsize=1)
def _china() -> Any:
    # years are filled in lazily (expand=True), each on first look-up
    return _china_class()()


@functools.lru_cache(maxsize=1)
def known_years() -> range:
    """Years for which the installed calendar has the official 调休 arrangement.

    The State Council announces each year's arrangement in the previous December; the
    latest year for which ``holidays`` lists a make-up working day is the last one known.
    """
    china = _china_class()
    year = dt.date.today().year + 2
    while year > FIRST_KNOWN_YEAR:
        if any(d.year == year for d in china(years=year).weekend_workdays):
            break
        year -= 1
    return range(FIRST_KNOWN_YEAR, year + 1)


FIRST_KNOWN_YEAR = 2001


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
        holiday = day in cal  # fills the year in, weekend_workdays included
        if day in cal.weekend_workdays:
            return True
        return day.weekday() < 5 and not holiday

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
