"""The cached China calendar (talentkit.calendarcache): the days ``holidays`` gives, never
stale, and no ``holidays`` import while it is fresh."""

from __future__ import annotations

import datetime as dt
import json
import marshal
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from talentkit import calendarcache, workdays
from talentkit.workdays import WorkdayCalendar, known_years

ROOT = Path(__file__).resolve().parent.parent
D = dt.date


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """An empty in-process calendar whose cache is written under ``tmp_path``."""
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setattr(sys, "pycache_prefix", str(tmp_path / "cache"))
    monkeypatch.setattr(workdays, "_YEARS", {})
    monkeypatch.setattr(workdays, "_cache_read", False)
    known_years.cache_clear()
    yield tmp_path
    known_years.cache_clear()


def _restart(monkeypatch: pytest.MonkeyPatch) -> None:
    """As a new process: nothing in memory, the cache file read again."""
    monkeypatch.setattr(workdays, "_YEARS", {})
    monkeypatch.setattr(workdays, "_cache_read", False)
    known_years.cache_clear()


def _working(cal: object, day: D) -> bool:
    """What ``holidays`` itself says, as the calendar read it before the cache."""
    if day in cal.weekend_workdays:  # type: ignore[attr-defined]
        return True
    return day.weekday() < 5 and day not in cal  # type: ignore[operator]


def test_every_day_of_the_known_years_is_what_holidays_says(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = workdays._china_class()()  # years filled in on look-up, in date order
    years = known_years()
    assert calendarcache.location().is_relative_to(fresh / "cache")
    assert calendarcache.location().exists()
    _restart(monkeypatch)
    assert known_years() == years
    assert calendarcache.read()  # this start read the stored years
    cal = WorkdayCalendar()
    day = D(years.start, 1, 1)
    while day.year < years.stop:
        assert cal.is_working_day(day) is _working(reference, day), day
        day += dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2025, 9, 28), True),  # Sunday worked before 国庆 2025
        (D(2025, 10, 1), False),
        (D(2025, 10, 8), False),  # 国庆 and 中秋 together, eight days
        (D(2025, 10, 11), True),  # Saturday worked after
        (D(2026, 9, 20), True),  # Sunday worked before 国庆 2026
        (D(2026, 10, 7), False),
        (D(2026, 10, 8), True),
        (D(2026, 10, 10), True),  # Saturday worked after
        (D(2026, 10, 11), False),
    ],
)
def test_national_day_make_up_days_from_the_cache(
    fresh: Path, monkeypatch: pytest.MonkeyPatch, day: D, working: bool
) -> None:
    assert WorkdayCalendar().is_working_day(day) is working  # computed, then stored
    _restart(monkeypatch)
    assert WorkdayCalendar().is_working_day(day) is working  # read from the cache
    assert WorkdayCalendar().add_working_days(D(2026, 9, 30), 5, count_start=True) == D(
        2026, 10, 12
    )


def test_a_year_far_outside_the_known_ones_is_computed_alone(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cal = WorkdayCalendar(assume_unknown_years=True)
    assert not cal.is_working_day(D(2060, 10, 1))  # 国庆 by the statute's fixed date
    assert cal.is_working_day(D(2060, 10, 8))
    assert not cal.is_working_day(D(1995, 10, 2))  # before the make-up days began
    _restart(monkeypatch)
    stored = calendarcache.read()
    assert {1995, 2060} <= set(stored)
    assert not set(range(2030, 2060)) & set(stored)


def _store(stored: object) -> None:
    path = calendarcache.location()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(marshal.dumps(stored))


def test_a_stale_or_damaged_cache_is_not_used(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert WorkdayCalendar().is_working_day(D(2026, 10, 10))
    version, package, stamp, years = marshal.loads(calendarcache.location().read_bytes())
    assert calendarcache.read()
    # a make-up Saturday turned into a holiday: the cache would say so if it were used
    years[2026] = ((D(2026, 10, 10).toordinal(),), ())
    (name, size, mtime), *rest = stamp
    for bad in (
        (version, package, ((name, size + 1, mtime), *rest), years),  # a module changed
        (version, package, ((name, size, mtime + 1), *rest), years),
        (version, package, (("countries/nowhere.py", size, mtime), *rest), years),  # removed
        (version, package + "-elsewhere", stamp, years),  # another installation first
        (version + 1, package, stamp, years),
        (version, package, (), years),
        (version, package, stamp, {2026: "damaged"}),
        "damaged",
    ):
        _store(bad)
        _restart(monkeypatch)
        assert calendarcache.read() == {}
        assert WorkdayCalendar().is_working_day(D(2026, 10, 10))
    (path := calendarcache.location()).write_bytes(b"\x00not marshal")
    assert calendarcache.read() == {}
    path.unlink()
    assert calendarcache.read() == {}


def test_the_stamp_names_china_and_the_base_classes_only(fresh: Path) -> None:
    known_years()
    stamp = marshal.loads(calendarcache.location().read_bytes())[2]
    names = {name for name, _, _ in stamp}
    assert os.path.join("countries", "china.py") in names
    assert "holiday_base.py" in names
    assert not any(n.startswith("countries") and not n.endswith("china.py") for n in names)


def test_nothing_is_written_when_bytecode_writing_is_off(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert WorkdayCalendar().is_working_day(D(2026, 10, 10))
    assert not calendarcache.location().exists()


PROBE = """
import datetime as dt, json, sys
from talentkit.workdays import WorkdayCalendar
cal = WorkdayCalendar()
found = [cal.is_working_day(dt.date(2026, 10, d)) for d in (1, 8, 10, 11)]
print(json.dumps({"found": found, "mods": sorted(sys.modules)}))
"""


def _start(prefix: Path) -> tuple[list[bool], set[str]]:
    env = dict(os.environ, PYTHONPYCACHEPREFIX=str(prefix))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, cwd=ROOT, env=env
    )
    found = json.loads(out.stdout.strip().splitlines()[-1])
    return found["found"], set(found["mods"])


def test_a_second_start_does_not_import_holidays(tmp_path: Path) -> None:
    first, mods = _start(tmp_path)
    assert "holidays.countries.china" in mods  # computed from the package
    second, mods = _start(tmp_path)
    assert second == first == [False, True, True, False]
    assert not any(m == "holidays" or m.startswith("holidays.") for m in mods)
    assert "importlib.metadata" not in mods
