"""Lists that name each subject at most once.

Rules recognise a person in ``team.members`` by the ``id`` (a centre director counted
among the fixed staff, listed or not, is counted once), and an organisation in
``organisations`` by its ``id`` in its ``role`` (the same company may be listed once as the
applicant's employer and once as the company applying). A list naming the same person
twice, or the same organisation twice in one role, would be counted twice or mis-decided,
so it is an input error naming both places.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from talentkit.subjects import Organisation, Person
from talentkit.typewalk import is_record, reaches, walked

#: for each kind of list item, the fields that together identify it within its list; an
#: item with any of them absent is not compared (missing is not a match)
LISTED_ONCE: dict[type, tuple[str, ...]] = {Person: ("id",), Organisation: ("id", "role")}


def duplicates(obj: Any, path: str = "$") -> list[str]:
    """One message per item of a list that repeats an earlier item's identity."""
    return list(_walk(obj, path))


def _walk(obj: Any, path: str) -> Iterator[str]:
    if isinstance(obj, list):
        yield from _repeated(obj, path)
        for i, item in enumerate(obj):
            if _visited(item):
                yield from _walk(item, f"{path}[{i}]")
    elif is_record(type(obj)):
        for name in walked(type(obj), _listed_once):
            value = getattr(obj, name)
            if _visited(value):
                yield from _walk(value, f"{path}.{name}")


def _listed_once(cls: type) -> bool:
    return cls in LISTED_ONCE


def _visited(value: Any) -> bool:
    """Whether :func:`_walk` looks into ``value``: a list, or a record that may hold a
    list naming subjects (:mod:`talentkit.typewalk`)."""
    cls = type(value)
    return cls is list or isinstance(value, list) or (is_record(cls) and reaches(cls, _listed_once))


def _repeated(items: list[Any], path: str) -> Iterator[str]:
    first: dict[tuple[Any, ...], int] = {}
    for i, item in enumerate(items):
        names = LISTED_ONCE.get(type(item))
        if names is None:
            continue
        key = tuple(getattr(item, name) for name in names)
        if any(part is None for part in key):
            continue
        if key in first:
            yield f"{_what(names, key)} @ {path}[{i}] (first at {path}[{first[key]}])"
        else:
            first[key] = i


def _what(names: tuple[str, ...], key: tuple[Any, ...]) -> str:
    shown = zip(names, key, strict=True)
    ident, *rest = (f"{n} {json.dumps(v, ensure_ascii=False)}" for n, v in shown)
    return f"duplicate {ident}" + "".join(f" in {r}" for r in rest)
