"""Fact paths: how rules name what they read from a profile.

A path is dotted attribute access with two additions:

* ``organisations[role=main_host].area_code`` picks the first list item whose field has
  that value;
* ``facts.<name>`` reads a plugin-declared fact; the rest of the path is the fact's full
  name (``facts.yangquan.team.formation``), so fact names may contain dots.

Resolution returns :data:`MISSING` when any step is absent or ``None``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any, Literal

import attrs

from talentkit.choices import choice
from talentkit.money import INT64, WHOLE_64, parse_yuan
from talentkit.quantity import parse_decimal
from talentkit.slotinit import through_slots
from talentkit.text import Text


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"

    def __reduce__(self) -> str:
        return "MISSING"  # pickled and copied as the one MISSING: it is tested by identity

    def __bool__(self) -> bool:
        return False


MISSING: Any = _Missing()
_SELECT = re.compile(r"^(\w+)\[(\w+)=([^\]]+)\]$")

FactType = Literal["bool", "int", "yuan", "decimal", "str", "date", "fraction", "list", "dates"]
FACT_TYPES = ("bool", "int", "yuan", "decimal", "str", "date", "fraction", "list")
FactScope = Literal["profile", "person", "organisation", "team", "application", "award", "event"]


Step = tuple[str, ...]  # ("get", name) | ("select", list, field, value) | ("facts", name)


@functools.lru_cache(maxsize=4096)
def _steps(path: str) -> tuple[Step, ...]:
    """A path parsed once: every rule reads the same few paths for every case."""
    parts = path.split(".")
    steps: list[Step] = []
    for i, part in enumerate(parts):
        if part == "facts" and i + 1 < len(parts):
            steps.append(("facts", ".".join(parts[i + 1 :])))
            break
        m = _SELECT.match(part)
        steps.append(("select", m.group(1), m.group(2), m.group(3)) if m else ("get", part))
    return tuple(steps)


def resolve(root: Any, path: str) -> Any:
    """The value at ``path`` under ``root``, or :data:`MISSING`."""
    return accessor(path)(root)


@functools.lru_cache(maxsize=4096)
def accessor(path: str) -> Callable[[Any], Any]:
    """A function reading ``path`` from a root, built once per path: the steps are
    resolved up front, so a read is a few attribute and dict look-ups."""
    steps = _steps(path)
    if len(steps) == 1 and steps[0][0] == "get":
        return _field(steps[0][1])
    if all(step[0] == "get" for step in steps):
        names = tuple(step[1] for step in steps)

        def read_fields(root: Any) -> Any:
            current = root
            for name in names:
                # _get, inline: every rule reads a path for every case (None and
                # MISSING are leaves: no field of theirs is read)
                kind = _KIND.get(type(current)) or _kind_of(type(current))
                if kind == "record":
                    current = getattr(current, name, MISSING)
                elif kind == "mapping":
                    current = current.get(name, MISSING)
                else:
                    return MISSING
            return MISSING if current is None else current

        return read_fields
    if steps[-1][0] == "facts" and all(step[0] == "get" for step in steps[:-1]):
        # ``person.facts.<name>``: the declared fact of a part of the case
        names, fact = (*(step[1] for step in steps[:-1]), "facts"), steps[-1][1]

        def read_fact(root: Any) -> Any:
            current = root
            for name in names:  # the fields to the facts, then the facts
                kind = _KIND.get(type(current)) or _kind_of(type(current))
                if kind == "record":
                    current = getattr(current, name, MISSING)
                elif kind == "mapping":
                    current = current.get(name, MISSING)
                else:
                    return MISSING
            if type(current) is not dict and not isinstance(current, Mapping):
                return MISSING
            value = current.get(fact)
            return MISSING if value is None else value

        return read_fact

    return functools.partial(_walk, steps=steps)


def _field(name: str) -> Callable[[Any], Any]:
    """The accessor of a path of one field (a counted item's ``employer``), without the
    loop over the fields: read for every item of every collection counted."""

    def read_field(root: Any) -> Any:
        kind = _KIND.get(type(root)) or _kind_of(type(root))
        if kind == "record":
            value = getattr(root, name, MISSING)
        elif kind == "mapping":
            value = root.get(name, MISSING)
        else:
            return MISSING
        return MISSING if value is None else value

    return read_field


def _walk(root: Any, steps: tuple[Step, ...]) -> Any:
    current = root
    for step in steps:
        if current is None or current is MISSING:
            return MISSING
        op = step[0]
        got = _get(current, "facts" if op == "facts" else step[1])
        if op == "get":
            current = got
        elif op == "facts":
            if type(got) is not dict and not isinstance(got, Mapping):
                return MISSING
            value = got.get(step[1])
            return MISSING if value is None else value
        else:
            if not isinstance(got, list):
                return MISSING
            # the first item whose field is written as the path writes it: a loop (a
            # generator costs a resumption per item)
            field, wanted = step[2], step[3]
            current = MISSING
            for item in got:
                if str(_get(item, field)) == wanted:
                    current = item
                    break
    return MISSING if current is None else current


def _get(obj: Any, name: str) -> Any:
    cls = type(obj)
    kind = _KIND.get(cls) or _kind_of(cls)
    if kind == "mapping":
        return obj.get(name, MISSING)
    if kind == "record":
        return getattr(obj, name, MISSING)
    return MISSING


# how a value of each type is stepped into, decided once per type (an abc isinstance
# check and attrs.has cost more than the look-up itself); None and MISSING are leaves,
# so the accessors read no field of theirs without testing for them first
_KIND: dict[type, str] = {type(None): "leaf", _Missing: "leaf"}


def _kind_of(cls: type) -> str:
    kind = _KIND[cls] = (
        "mapping"
        if issubclass(cls, Mapping)
        else "record"
        if record_fields(cls) is not None
        else "leaf"
    )
    return kind


_RECORD_FIELDS: dict[type, tuple[str, ...] | None] = {}


def record_fields(cls: type) -> tuple[str, ...] | None:
    """The field names of an attrs class, or None for any other type.

    Asked once per type: ``attrs.has`` costs microseconds, and declarations and profiles
    are walked field by field when plugins load and facts are read.
    """
    try:
        return _RECORD_FIELDS[cls]
    except KeyError:
        names = tuple(f.name for f in attrs.fields(cls)) if attrs.has(cls) else None
        _RECORD_FIELDS[cls] = names
        return names


@through_slots
@attrs.frozen(kw_only=True)
class FactSpec:
    """A fact a plugin adds to the input, beyond the core subject fields.

    :param name: full, namespaced name (``yangquan.team.formation``)
    :param type: one of ``bool int yuan decimal str date fraction list dates``; ``yuan`` is
        an amount in yuan exact to the fen (:class:`talentkit.money.Money`), ``decimal`` an
        exact decimal quantity such as 999.5 m² (:class:`~decimal.Decimal`), ``dates`` a
        list of dates in order (a yearly event's dates, read by :class:`~talentkit.YearlyGate`)
    :param scope: where it is written: ``facts`` of the profile, a person, an
        organisation, the team, the application, an award or an event
    :param values: for ``str`` and ``list`` facts, the closed set of allowed values
    :param labels: the Chinese and English label of each of ``values``
        (``{"doctor": Text("博士", "doctorate")}``), shown instead of the code in output
        for people; every value needs one (checked at load and by ``talentkit lint``)
    :param read_by_hook: the hook whose Python implementation reads the fact (e.g.
        ``talentkit_funding``), when no declared rule, funding line or exit rule does;
        otherwise a declared fact nothing reads is reported as a defect
    """

    name: str
    type: FactType = attrs.field(validator=choice(FactType))
    scope: FactScope = attrs.field(default="profile", validator=choice(FactScope))
    text: Text = Text("", "")
    values: tuple[str, ...] = ()
    labels: Mapping[str, Text] = attrs.field(factory=dict, eq=False)
    read_by_hook: str = ""

    def check(self, value: Any, where: str) -> Any:
        """Validate one raw value; return it converted, or raise ValueError with the path."""
        t = self.type
        ok: bool
        if t == "bool":
            ok = isinstance(value, bool)
        elif t == "int":
            ok = isinstance(value, int) and not isinstance(value, bool)
            if ok and not INT64[0] <= value <= INT64[1]:  # a batch column holds 64 bits
                raise ValueError(f"expected {WHOLE_64} @ {where}")
        elif t == "yuan":
            return parse_yuan(value, where)
        elif t == "decimal":
            try:
                return parse_decimal(value)
            except ValueError as exc:
                raise ValueError(f"{exc} @ {where}") from None
        elif t == "str":
            ok = isinstance(value, str) and (not self.values or value in self.values)
        elif t == "date":
            value = _as_date(value)
            ok = _in_range(value)
        elif t == "dates":
            if isinstance(value, list):
                value = [_as_date(x) for x in value]
                for i, x in enumerate(value):
                    if not _in_range(x):
                        what = (
                            "a date between 1900-01-01 and 2199-12-31"
                            if isinstance(x, dt.date)
                            else "a date (YYYY-MM-DD)"
                        )
                        raise ValueError(f"expected {what} @ {where}[{i}]")
            ok = isinstance(value, list)
        elif t == "fraction":
            try:
                if isinstance(value, str) and value.strip().endswith("%"):
                    value = Fraction(value.strip()[:-1]) / 100
                elif isinstance(value, (str, int)) and not isinstance(value, bool):
                    value = Fraction(value)
                ok = isinstance(value, Fraction)
            except (ValueError, ZeroDivisionError):
                ok = False
        elif t == "list":
            ok = (
                isinstance(value, list)
                and all(isinstance(x, str) for x in value)
                and (not self.values or all(x in self.values for x in value))
            )
        else:
            raise ValueError(f"fact {self.name} declares unknown type {t!r}")
        if not ok:
            if t == "date" and isinstance(value, dt.date):
                raise ValueError(f"expected a date between 1900-01-01 and 2199-12-31 @ {where}")
            raise ValueError(f"expected {self.expected()} @ {where}")
        return value

    def expected(self) -> str:
        base = {
            "bool": "true or false",
            "int": "an integer",
            "yuan": "an amount in yuan with at most two decimals",
            "decimal": "an exact decimal number such as 999.5",
            "str": "a string",
            "date": "a date (YYYY-MM-DD)",
            "fraction": 'an exact fraction such as "1/3"',
            "list": "a list of strings",
            "dates": "a list of dates (YYYY-MM-DD)",
        }[self.type]
        if self.values:
            base += " from {" + ", ".join(self.values) + "}"
        return base


def _as_date(value: Any) -> Any:
    """An ISO date string as a date; anything else as it is."""
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return dt.date.fromisoformat(value)
    return value


def _in_range(value: Any) -> bool:
    return (
        isinstance(value, dt.date)
        and not isinstance(value, dt.datetime)
        and dt.date(1900, 1, 1) <= value <= dt.date(2199, 12, 31)
    )
