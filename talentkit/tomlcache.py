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
from decimal import Decimal
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

_VERSION = 1


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
            found = _decode(stored[1])
            if isinstance(found, dict):
                return found
    except (OSError, EOFError, ValueError, TypeError, KeyError):
        pass
    data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    try:
        encoded = _encode(data)
    except TypeError:  # a value this cache does not store (a time of day, an offset)
        return data
    write_atomically(cached, marshal.dumps((stamp, encoded)))
    return data


# TOML arrays are lists, so a tuple in the stored form always tags a value marshal cannot
# hold itself.
def _encode(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, Decimal):
        return ("decimal", str(value))
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            raise TypeError("offset date-time")
        return ("datetime", value.isoformat())
    if isinstance(value, dt.date):
        return ("date", value.isoformat())
    if isinstance(value, (str, int, bool)):
        return value
    raise TypeError(type(value).__name__)


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if isinstance(value, tuple):
        kind, text = value
        if kind == "decimal":
            return Decimal(text)
        if kind == "datetime":
            return dt.datetime.fromisoformat(text)
        if kind == "date":
            return dt.date.fromisoformat(text)
        raise ValueError(kind)
    return value
