"""Finding the ``talentkit`` entry points without importing :mod:`importlib.metadata`.

``importlib.metadata`` costs more to import than everything a ``talentkit check`` does with
it (it pulls in ``email``, ``zipfile``, ``csv`` and ``inspect``). Plugins are found the same
way it finds them: every ``*.dist-info`` / ``*.egg-info`` directory on ``sys.path``, in path
order, the first distribution of a (normalised) name winning, and its ``entry_points.txt``
read for one group. Anything this reader does not handle (a zip archive on ``sys.path``, a
custom distribution finder) makes it answer ``None``, and the caller falls back to
:mod:`importlib.metadata`.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterator
from typing import Any

_SUFFIXES = (".dist-info", ".egg-info")


class EntryPoint:
    """One entry point: ``value`` is ``module`` or ``module:attribute.path``.

    A plain class, not an attrs one: :mod:`talentkit._bytecode` reads the installed attrs
    version through this module before attrs is imported."""

    __slots__ = ("dist_path", "name", "value")

    def __init__(self, name: str, value: str, dist_path: str) -> None:
        self.name = name
        self.value = value
        self.dist_path = dist_path

    def _key(self) -> tuple[str, str, str]:
        return (self.name, self.value, self.dist_path)

    def __eq__(self, other: object) -> bool:
        if type(other) is not EntryPoint:
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"EntryPoint(name={self.name!r}, value={self.value!r}, dist_path={self.dist_path!r})"

    def load(self) -> Any:
        module, _, attr = self.value.partition(":")
        obj: Any = importlib.import_module(module.strip())
        for part in filter(None, attr.strip().split(".")):
            obj = getattr(obj, part)
        return obj

    @property
    def version(self) -> str | None:
        return _version_at(self.dist_path)


def _normalised(dirname: str) -> str:
    """The distribution name a ``*.dist-info`` / ``*.egg-info`` directory is for, as
    ``re.sub(r"[-_.]+", "_", stem).lower()`` gives it (without a pattern: read for every
    distribution installed)."""
    return _name_key(dirname.rsplit(".", 1)[0].split("-", 1)[0])


def _name_key(name: str) -> str:
    """``re.sub(r"[-_.]+", "_", name).lower()``: each run of ``-``, ``_`` and ``.`` as one
    ``_``."""
    text = name.replace("-", "_").replace(".", "_")
    while "__" in text:
        text = text.replace("__", "_")
    return text.lower()


# finders that find distributions on sys.path directories exactly as this reader does:
# the standard library's, and the importlib_metadata backport's (which installs itself into
# sys.meta_path when some library imports it)
_PATH_FINDERS = {
    ("importlib._bootstrap_external", "PathFinder"),
    ("_frozen_importlib_external", "PathFinder"),
    ("importlib_metadata", "MetadataPathFinder"),
}


def _standard_finders_only() -> bool:
    """Distributions come only from ``sys.path`` directories (no custom finder adds any)."""
    for finder in sys.meta_path:
        if not hasattr(finder, "find_distributions"):
            continue
        cls = finder if isinstance(finder, type) else type(finder)
        if (cls.__module__, cls.__name__) not in _PATH_FINDERS:
            return False
    return True


def _distributions() -> Iterator[tuple[str, str]] | None:
    """Each distribution's directory and normalised name, in path order."""
    found: list[tuple[str, str]] = []
    for entry in sys.path:
        root = entry or "."
        if os.path.isfile(root):
            return None  # a zip archive: leave it to importlib.metadata
        if not os.path.isdir(root):
            continue
        listed = _listed(root)
        if listed is not None:
            found.extend(listed)
    return iter(found)


#: per directory (its absolute path): its modification time and the distributions in it,
#: sorted, each with its normalised name; a start reads the list three times (the attrs
#: version, the plugins, talentkit's version) and a site-packages directory holds hundreds
_LISTED: dict[str, tuple[int, list[tuple[str, str]]]] = {}


def _listed(root: str) -> list[tuple[str, str]] | None:
    """The ``*.dist-info`` and ``*.egg-info`` directories in ``root`` (path and normalised
    name), sorted by name; listed again when the directory has changed since (a
    distribution installed or removed meanwhile), as :mod:`importlib.metadata` does."""
    try:
        key = os.path.abspath(root)
        changed = os.stat(root).st_mtime_ns
        hit = _LISTED.get(key)
        if hit is not None and hit[0] == changed:
            return hit[1]
        names = [n for n in sorted(os.listdir(root)) if n.lower().endswith(_SUFFIXES)]
    except OSError:
        return None
    listed = [(os.path.join(root, n), _normalised(n)) for n in names]
    _LISTED[key] = (changed, listed)
    return listed


def entry_points(group: str) -> list[EntryPoint] | None:
    """The group's entry points of every installed distribution, or ``None`` when this
    reader cannot answer exactly as :mod:`importlib.metadata` would."""
    if not _standard_finders_only():
        return None
    found = _distributions()
    if found is None:
        return None
    seen: set[str] = set()
    out: list[EntryPoint] = []
    for path, name in found:
        if name in seen:
            continue
        seen.add(name)
        out.extend(_read_group(path, group))
    return out


def _read_group(dist_path: str, group: str) -> Iterator[EntryPoint]:
    file = os.path.join(dist_path, "entry_points.txt")
    # most distributions have none: asked first, as a failed open costs an exception
    if not os.access(file, os.F_OK):
        return
    try:
        with open(file, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError:
        return
    section = None
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
            continue
        if section == group and "=" in line:
            name, _, value = line.partition("=")
            yield EntryPoint(name.strip(), value.strip(), dist_path)


def _version_at(dist_path: str) -> str | None:
    for meta in ("METADATA", "PKG-INFO"):
        try:
            with open(os.path.join(dist_path, meta), encoding="utf-8") as f:
                for line in f:
                    if line.startswith("Version:"):
                        return line.split(":", 1)[1].strip()
                    if not line.strip():
                        break  # the headers end at the first blank line
        except OSError:
            continue
    return None


def version(distribution: str) -> str | None:
    """The installed version of ``distribution`` (None when this reader cannot tell)."""
    wanted = _name_key(distribution)
    if not _standard_finders_only():
        return None
    found = _distributions()
    if found is None:
        return None
    for path, name in found:
        if name == wanted:
            return _version_at(path)
    return None
