"""China's official calendar as ``holidays`` computes it, cached like bytecode.

Importing ``holidays`` (its base classes, every lunar and religious calendar, its version
through ``importlib.metadata``) costs more than the rest of a ``talentkit check`` that
counts working days. The years computed from ``holidays.China`` are kept in
``__pycache__`` beside :mod:`talentkit.workdays`, stamped with the location, size and
modification time of every ``holidays`` module the computation loaded, as Python stamps a
``.pyc``: an upgraded, reinstalled or edited ``holidays`` is read again, so the package
stays the only source of the dates. Writing honours ``sys.dont_write_bytecode``; an
unreadable, stale or damaged cache is ignored.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import marshal
import os
import sys
from pathlib import Path

from talentkit.tomlcache import cache_path, write_atomically

#: a year: its holidays, its make-up working days
Days = tuple[frozenset[dt.date], frozenset[dt.date]]
Stamp = tuple[tuple[str, int, int], ...]

_VERSION = 1


def location() -> Path:
    return cache_path(Path(__file__).with_name("workdays.py"), "china.marshal")


def read() -> dict[int, Days]:
    """The cached years, or nothing when the cache is missing, damaged or stale."""
    try:
        stored = marshal.loads(location().read_bytes())
        version, package, stamp, years = stored
        if version != _VERSION or package != _package() or not _fresh(package, stamp):
            return {}
        return {
            int(year): (
                frozenset(map(dt.date.fromordinal, holidays)),
                frozenset(map(dt.date.fromordinal, workdays)),
            )
            for year, (holidays, workdays) in years.items()
        }
    except (OSError, EOFError, ValueError, TypeError, AttributeError, OverflowError):
        return {}


def write(years: dict[int, Days]) -> None:
    """Store ``years``, stamped with the ``holidays`` modules loaded to compute them."""
    package = _package()
    if package is None:
        return
    try:
        stamp = _stamp(package)
    except OSError:
        return
    data = {
        year: (tuple(d.toordinal() for d in hol), tuple(d.toordinal() for d in work))
        for year, (hol, work) in years.items()
    }
    write_atomically(location(), marshal.dumps((_VERSION, package, stamp, data)))


def _package() -> str | None:
    """The directory of the ``holidays`` package this process imports (not importing it)."""
    loaded = sys.modules.get("holidays")
    spec = loaded.__spec__ if loaded is not None else importlib.util.find_spec("holidays")
    if spec is None or spec.origin is None:
        return None
    return os.path.dirname(spec.origin)


def _stamp(package: str) -> Stamp:
    """Size and modification time of each ``holidays`` module a China calendar needs: the
    base classes, the calendars and groups, the China module (no other country's)."""
    files = []
    for name, module in list(sys.modules.items()):
        if name != "holidays" and not name.startswith("holidays."):
            continue
        if name.startswith("holidays.financial") or (
            name.startswith("holidays.countries.") and name != "holidays.countries.china"
        ):
            continue
        path = getattr(module, "__file__", None)
        if path is None or not path.startswith(package + os.sep):
            continue
        stat = os.stat(path)
        files.append((os.path.relpath(path, package), stat.st_size, stat.st_mtime_ns))
    if not any(f[0] == os.path.join("countries", "china.py") for f in files):
        raise OSError("the China module was not loaded from the package")
    return tuple(sorted(files))


def _fresh(package: str, stamp: Stamp) -> bool:
    for relative, size, mtime in stamp:
        stat = os.stat(os.path.join(package, relative))  # OSError: gone, so stale
        if (stat.st_size, stat.st_mtime_ns) != (size, mtime):
            return False
    return bool(stamp)
