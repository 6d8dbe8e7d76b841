"""Parsed TOML of files read at every start (parameter files), cached like bytecode.

``tomllib`` is pure Python: parsing the installed plugins' parameter files is a good part
of a command's start. The parsed table is kept in ``__pycache__`` beside the file (or
under ``sys.pycache_prefix``), stamped with the file's size and modification time as
Python stamps a ``.pyc``; a changed file is parsed again. Writing honours
``sys.dont_write_bytecode``; an unreadable, stale or damaged cache is parsed around, never
trusted.
"""

from __future__ import annotations

import datetime as dt
import marshal
import os
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

_VERSION = 2


def cache_path(source: Path, suffix: str) -> Path:
    """Where a cache derived from ``source`` lives, as Python places its bytecode."""
    source = source.resolve()
    tag = sys.implementation.cache_tag or "python"
    name = f"{source.name}.{tag}.{suffix}"
    if sys.pycache_prefix:
        return Path(sys.pycache_prefix) / source.parent.relative_to(source.anchor) / name
    return source.parent / "__pycache__" / name


def write_atomically(path: Path, data: bytes) -> None:
    """Write unless bytecode writing is off; a failure leaves no partial file."""
    if sys.dont_write_bytecode:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temp.write_bytes(data)
        os.replace(temp, path)  # a concurrent reader sees the old file or the new one
    except OSError:
        pass


def load_toml(path: Path) -> dict[str, Any]:
    """``tomllib.loads(text, parse_float=Decimal)`` of the file, from the cache when the
    file has not changed. Raises what reading and parsing raise."""
    stat = path.stat()
    stamp = (_VERSION, stat.st_size, stat.st_mtime_ns)
    cached = cache_path(path, "toml.marshal")
    try:
        stored = marshal.loads(cached.read_bytes())
        if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == stamp:
            found = _decode(*stored[1])
            if isinstance(found, dict):
                return found
    except (OSError, EOFError, ValueError, TypeError, KeyError, IndexError):
        pass
    data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    try:
        encoded = _encode(data)
    except TypeError:  # a value this cache does not store (a time of day, an offset)
        return data
    write_atomically(cached, marshal.dumps((stamp, encoded)))
    return data


# The stored form is the table with every value marshal cannot hold (a decimal, a date, a
# date-time) left out, and beside it the place and text of each: after loading, only those
# places are filled in, not the whole table walked.
_Place = tuple[tuple[str | int, ...], str, str]


def _encode(data: dict[str, Any]) -> tuple[dict[str, Any], list[_Place]]:
    places: list[_Place] = []
    return _stored(data, (), places), places


def _stored(value: Any, where: tuple[str | int, ...], places: list[_Place]) -> Any:
    if isinstance(value, dict):
        return {k: _stored(v, (*where, k), places) for k, v in value.items()}
    if isinstance(value, list):
        return [_stored(v, (*where, i), places) for i, v in enumerate(value)]
    if isinstance(value, Decimal):
        places.append((where, "decimal", str(value)))
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            raise TypeError("offset date-time")
        places.append((where, "datetime", value.isoformat()))
        return None
    if isinstance(value, dt.date):
        places.append((where, "date", value.isoformat()))
        return None
    if isinstance(value, (str, int, bool)):
        return value
    raise TypeError(type(value).__name__)


_READ: dict[str, Callable[[str], Any]] = {
    "decimal": Decimal,
    "datetime": dt.datetime.fromisoformat,
    "date": dt.date.fromisoformat,
}


def _decode(data: Any, places: Any) -> Any:
    for where, kind, text in places:
        target = data
        for step in where[:-1]:
            target = target[step]
        target[where[-1]] = _READ[kind](text)  # an unknown kind: KeyError, parsed again
    return data
