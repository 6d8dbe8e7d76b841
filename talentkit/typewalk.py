"""Which fields of a parsed input's classes a walk over it must visit, told once per class
from the fields' declared types.

A walk over a parsed case (the declared facts checked, lists naming a subject twice) used to
ask every value of every object whether it was a record or a list: most of parsing a case.
A field whose type can hold nothing the walk looks for (text, numbers, dates, a list of
attestations when only facts are looked for) is now left unvisited. A type the walk cannot
read (``Any``, a forward reference it cannot resolve, a class it does not know) is visited.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal, Union

import attrs

#: types whose values hold no record and no list
_LEAVES: tuple[type, ...] = (str, int, float, bool, dt.date, Decimal, Fraction, enum.Enum)

Wanted = Callable[[type], bool]
"""Whether an object of a class is itself what a walk looks for."""


def is_record(tp: type) -> bool:
    """Whether ``tp`` is an attrs class (kept per class: ``attrs.has`` looks further)."""
    found = _RECORDS.get(tp)
    if found is None:
        found = _RECORDS[tp] = attrs.has(tp)
    return found


_RECORDS: dict[type, bool] = {}


def field_names(cls: type) -> tuple[str, ...]:
    """The names of an attrs class's fields, in order (kept per class)."""
    found = _NAMES.get(cls)
    if found is None:
        found = _NAMES[cls] = tuple(f.name for f in attrs.fields(cls))
    return found


_NAMES: dict[type, tuple[str, ...]] = {}


def walked(cls: type, wanted: Wanted) -> tuple[str, ...]:
    """The fields of the attrs class ``cls`` whose declared types may hold an object that
    ``wanted`` looks for, at any depth; every field when the types cannot be read (kept
    per class and ``wanted``)."""
    found = _WALKED.get((cls, wanted))
    if found is None:
        found = _WALKED[(cls, wanted)] = _walked(cls, wanted, frozenset())
    return found


_WALKED: dict[tuple[type, Wanted], tuple[str, ...]] = {}


def _walked(cls: type, wanted: Wanted, seen: frozenset[type]) -> tuple[str, ...]:
    hints = _hints(cls)
    names = field_names(cls)
    if hints is None:
        return names
    inner = seen | {cls}
    return tuple(n for n in names if n not in hints or _may_hold(hints[n], wanted, inner))


def reaches(cls: type, wanted: Wanted) -> bool:
    """Whether an object of the attrs class ``cls`` is, or may hold, what ``wanted`` looks
    for."""
    return wanted(cls) or bool(walked(cls, wanted))


def _may_hold(tp: Any, wanted: Wanted, seen: frozenset[type]) -> bool:
    if tp is type(None) or tp is Any:
        return tp is Any
    origin = typing.get_origin(tp)
    if origin is Literal:
        return False
    if origin in (Union, types.UnionType):
        return any(_may_hold(a, wanted, seen) for a in typing.get_args(tp))
    if origin is not None:  # a generic: a list, a mapping, an alias of one
        args = typing.get_args(tp)
        return not args or any(_may_hold(a, wanted, seen) for a in args if a is not Ellipsis)
    if not isinstance(tp, type):
        return True  # a type variable, a string, a form not read here
    if issubclass(tp, _LEAVES):
        return False
    if not is_record(tp):
        return True
    if wanted(tp):
        return True
    if tp in seen:  # a record that holds itself (at any depth): walked, not decided here
        return True
    return bool(_walked(tp, wanted, seen))


def _hints(cls: type) -> Mapping[str, Any] | None:
    try:
        return typing.get_type_hints(cls)
    except Exception:  # an annotation this module cannot resolve: every field is walked
        return None
