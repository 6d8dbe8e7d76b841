"""Working days on China's official calendar.

Statutory holidays and 调休 make-up working weekends come from the maintained ``holidays``
package (``holidays.China``), which follows the State Council's yearly 节假日安排 notices;
the years computed from it are cached (:mod:`talentkit.calendarcache`), so a command that
counts working days does not import ``holidays`` while it is unchanged.
A year whose notice the installed calendar does not know is an error, unless the caller
explicitly accepts weekends-only counting for it; that assumption is then reported.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import importlib.util
import sys
import threading
from pathlib import Path
from typing import Any

import attrs

from talentkit import calendarcache
from talentkit.calendarcache import Days
from talentkit.slotinit import through_slots


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


_LOADING = threading.RLock()  # filling a year loads the class under the same lock


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
def known_years() -> range:
    """Years for which the installed calendar has the official 调休 arrangement.

    The State Council announces each year's arrangement in the previous December; the
    latest year for which ``holidays`` lists a make-up working day is the last one known.
    """
    year = dt.date.today().year + 2
    while year > FIRST_KNOWN_YEAR:
        if official_year(year)[1]:  # a make-up working day
            break
        year -= 1
    return range(FIRST_KNOWN_YEAR, year + 1)


FIRST_KNOWN_YEAR = 2001


def official_year(year: int) -> Days:
    """The statutory holidays (observed days included) and the 调休 make-up working days
    of ``year``, from the cache or from ``holidays.China``."""
    found = _YEARS.get(year)
    if found is None:
        with _LOADING:
            found = _YEARS.get(year) or _fill(year)
    return found


_YEARS: dict[int, Days] = {}


def _fill(year: int) -> Days:
    """Read the cache once; compute what it lacks from ``holidays`` (and store it)."""
    global _cache_read
    if not _cache_read:
        _cache_read = True
        _YEARS.update(calendarcache.read())
        if year in _YEARS:
            return _YEARS[year]
    today = dt.date.today().year
    if FIRST_KNOWN_YEAR <= year <= today + 2:  # the years a working-day count looks at
        wanted = range(FIRST_KNOWN_YEAR, today + 3)
    else:
        wanted = range(year, year + 1)
    computed = _from_holidays(wanted)
    _YEARS.update(computed)
    calendarcache.write(_YEARS)
    return _YEARS[year]


_cache_read = False


def _from_holidays(years: range) -> dict[int, Days]:
    """``years`` of ``holidays.China``, each with what its neighbours' notices add to it
    (a make-up working day in December can be arranged with the next year's holiday)."""
    china = _china_class()(years=range(years.start - 1, years.stop + 1))
    days = list(china)  # every year asked for is filled in by now
    return {
        y: (
            frozenset(d for d in days if d.year == y),
            frozenset(d for d in china.weekend_workdays if d.year == y),
        )
        for y in years
    }


@through_slots
@attrs.frozen
class WorkdayCalendar:
    """China's working-day calendar.

    :param assume_unknown_years: count Monday–Friday as working days in years the
        official calendar does not know yet, and report it, instead of raising.
    """

    assume_unknown_years: bool = False
    assumptions: list[str] = attrs.field(factory=list, eq=False)

    def _check(self, year: int) -> None:
        if year in known_years():
            return
        years = known_years()
        note = (
            f"{year} is outside the official holiday calendar known to this installation "
            f"({years.start}–{years.stop - 1}); weekends-only counting assumed"
        )
        if not self.assume_unknown_years:
            raise CalendarError(
                f"{year} is outside the official holiday calendar known to this "
                f"installation ({years.start}–{years.stop - 1}); upgrade the 'holidays' "
                "package or allow weekends-only counting (--assume-calendar)"
            )
        if note not in self.assumptions:
            self.assumptions.append(note)

    def is_working_day(self, day: dt.date) -> bool:
        self._check(day.year)
        return _works(day, official_year(day.year))

    def add_working_days(self, start: dt.date, count: int, *, count_start: bool) -> dt.date:
        """The date on which a period of ``count`` working days ends.

        :param count_start: the start day is day 1 when it is itself a working day (a public
            notice counts its publication day); otherwise counting starts the day after
            (a response period).
        """
        if count < 1:
            raise ValueError("a working-day period has at least one day")
        day = start if count_start else start + dt.timedelta(days=1)
        return self._nth_working_day(day, count)

    def next_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself when it is a working day, otherwise the first one after it."""
        return self._nth_working_day(day, 1)

    def _nth_working_day(self, day: dt.date, count: int) -> dt.date:
        """The ``count``-th working day from ``day`` on (``day`` itself the first when it
        is one). Found in each year's working days by bisection, not day by day: what a
        walk over :meth:`is_working_day` finds, each year it passes checked in turn (so
        the same error, or the same assumptions noted in the same order)."""
        year, ordinal = day.year, day.toordinal()
        while True:
            self._check(year)
            working = _working_ordinals(year)
            i = bisect.bisect_left(working, ordinal)
            if i + count <= len(working):
                return dt.date.fromordinal(working[i + count - 1])
            count -= len(working) - i
            year += 1
            ordinal = dt.date(year, 1, 1).toordinal()


def _works(day: dt.date, days: Days) -> bool:
    """Whether ``day`` is a working day of its year's ``days`` (:func:`official_year`): a
    make-up working day, or a weekday that is no holiday."""
    holidays, workdays = days
    if day in workdays:
        return True
    return day.weekday() < 5 and day not in holidays


def _working_ordinals(year: int) -> list[int]:
    """The working days of ``year`` as ordinals, in order; made once per year's days
    (made again when :func:`official_year` gives the year anew)."""
    days = official_year(year)
    hit = _ORDINALS.get(year)
    if hit is not None and hit[0] is days:
        return hit[1]
    first = dt.date(year, 1, 1).toordinal()
    last = dt.date(year, 12, 31).toordinal()
    ordinals = [o for o in range(first, last + 1) if _works(dt.date.fromordinal(o), days)]
    _ORDINALS[year] = (days, ordinals)
    return ordinals


#: each year's working days as ordinals, by year, beside the days they were made from
_ORDINALS: dict[int, tuple[Days, list[int]]] = {}
