"""Parameters: every number, date and list the rules use, with its citation.

A plugin ships TOML files of ``[[param]]`` tables::

    [[param]]
    key = "yangquan.team.leading.min_core_members"
    type = "int"
    value = 7
    document = "YQ-TEAM"
    article = "第7条（1）2."
    quote = "团队核心成员不少于7人"

A value the text does not give is declared without ``value`` (``required = true``): the
operator sets it, and until then every check or amount that needs it is undetermined.
Several tables with one key and disjoint ``valid_from``/``valid_to`` windows give a
parameter's history; evaluation picks the one in force on the "as of" date.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, NoReturn, TypeVar, get_args

import attrs

from talentkit.choices import ApplicationOrder, allowed, choice
from talentkit.dates import AGE_ATTAINED, AGE_METHODS, LEAP_DAYS, MONTH_COUNTS, UNLIMITED, Period
from talentkit.money import INT64, ROUNDINGS, Money, MoneyError
from talentkit.quota import QUOTA_ROUNDINGS
from talentkit.slotinit import through_slots
from talentkit.text import Citation
from talentkit.tomlcache import load_toml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

ParamType = Literal[
    "int",
    "yuan",
    "fraction",
    "bool",
    "str",
    "date",
    "period",
    "list",
    "age_method",
    "age_attained",
    "leap_day",
    "quota_rounding",
    "application_order",
    "window",
    "month_count",
    "map",
    "rounding",
]
PARAM_TYPES: tuple[str, ...] = get_args(ParamType)


CONVENTIONS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "age_method": AGE_METHODS,
        "age_attained": AGE_ATTAINED,
        "leap_day": LEAP_DAYS,
        "quota_rounding": QUOTA_ROUNDINGS,
        "application_order": allowed(ApplicationOrder),
        "month_count": MONTH_COUNTS,
        "rounding": ROUNDINGS,
    }
)
"""Parameter types that name a convention, and the values each may take (an operator's
form or a test offering the choices reads them here)."""


class ParameterError(ValueError):
    """A parameter file or override is malformed; the message names the file and key."""


K = TypeVar("K")
V = TypeVar("V")

FIXED = (
    "an engine's parameters are fixed once the engine is made (it keeps what it works out "
    "from them for each date: values in force, texts, each programme's preparation, so a "
    "change made in place would go unseen): give operator values as overrides "
    "(Engine.assess(..., overrides=...), talentkit.batch.screen(..., overrides=...), "
    "--params), or make another engine from a store of its own"
)


def _refused(*args: Any, **kwargs: Any) -> NoReturn:
    """Every changing method of a fixed store's containers."""
    raise ParameterError(FIXED)


class FixedMapping(dict[K, V]):
    """A mapping of an engine's parameters (:meth:`ParameterStore.fix`): read as a dict,
    never changed; a change raises :class:`ParameterError` saying what to do instead."""

    __slots__ = ()

    __setitem__ = __delitem__ = _refused
    update = pop = popitem = clear = setdefault = __ior__ = _refused

    def __reduce__(self) -> tuple[Any, ...]:
        # pickled and copied as its items (a dict subclass is otherwise rebuilt item by
        # item through ``__setitem__``)
        return (type(self), (dict(self),))


class _FixedVersions(list[V]):
    """A parameter's versions in a fixed store: read as a list, never changed."""

    __slots__ = ()

    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refused
    append = extend = insert = remove = pop = clear = sort = reverse = _refused

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (list(self),))


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"

    def __reduce__(self) -> str:
        return "UNSET"  # pickled and copied as the one UNSET: it is tested by identity


UNSET: Any = _Unset()


@through_slots
@attrs.frozen(kw_only=True)
class Parameter:
    key: str
    type: ParamType = attrs.field(validator=choice(ParamType))
    value: Any = UNSET
    citation: Citation | None = None
    note: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    source: str = ""
    values: tuple[str, ...] = ()
    minimum: Any = None
    maximum: Any = None

    @property
    def is_set(self) -> bool:
        return self.value is not UNSET

    def in_force(self, on: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on <= self.valid_to
        )


def coerce(value: Any, type_: str, where: str) -> Any:
    """Check and convert a raw TOML value to the parameter's type. Never guesses."""

    def bad(expected: str) -> ParameterError:
        return ParameterError(f"expected {expected} @ {where}, got {value!r}")

    if type_ == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise bad("an integer")
        return value
    if type_ == "yuan":  # below zero: the domain check names the parameter and its source
        try:
            return Money.parse(value)
        except MoneyError as exc:
            raise bad(str(exc).removeprefix("expected ")) from None
    if type_ == "fraction":
        if isinstance(value, int) and not isinstance(value, bool):
            return Fraction(value)
        if isinstance(value, str):
            try:
                text = value.strip()
                if text.endswith("%"):
                    return Fraction(text[:-1]) / 100
                return Fraction(text)
            except (ValueError, ZeroDivisionError):
                pass
        raise bad('an exact fraction as a string such as "1/3" or "3%"')
    if type_ == "bool":
        if not isinstance(value, bool):
            raise bad("true or false")
        return value
    if type_ == "str":
        if not isinstance(value, str):
            raise bad("a string")
        return value
    if type_ in CONVENTIONS:
        allowed = CONVENTIONS[type_]
        if value not in allowed:
            raise bad("one of " + ", ".join(allowed))
        return value
    if type_ == "date":
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            if isinstance(value, str):
                try:
                    return dt.date.fromisoformat(value)
                except ValueError:
                    pass
            raise bad("a date (YYYY-MM-DD)")
        return value
    if type_ == "window":
        # a look-back: a period, or "unlimited" where the text sets no limit
        if value == UNLIMITED:
            return UNLIMITED
        if not isinstance(value, str):
            raise bad(f'an ISO 8601 period such as P3Y, or "{UNLIMITED}"')
        try:
            return Period.parse(value)
        except ValueError:
            raise bad(f'an ISO 8601 period such as P3Y, or "{UNLIMITED}"') from None
    if type_ == "period":
        if not isinstance(value, str):
            raise bad("an ISO 8601 period such as P2Y")
        try:
            return Period.parse(value)
        except ValueError as exc:
            raise ParameterError(f"{exc} @ {where}") from None
    if type_ == "list":
        if not isinstance(value, list):
            raise bad("a list")
        return tuple(value)
    if type_ == "map":
        if not isinstance(value, dict):
            raise bad("a table")
        return dict(value)
    raise ParameterError(
        f"unknown parameter type {type_!r} @ {where}; expected one of " + ", ".join(PARAM_TYPES)
    )


# The domain a type implies: amounts and counts are never negative, shares lie in [0, 1].
# A parameter file may narrow or move it with ``min`` / ``max``.
_DOMAINS: dict[str, tuple[Any, Any, str]] = {
    "int": (0, None, "a count of 0 or more"),
    "yuan": (Money(0), Money(INT64[1]), "a non-negative amount in yuan within 64-bit fen"),
    "fraction": (Fraction(0), Fraction(1), "a share between 0 and 1"),
}


def check_domain(
    value: Any,
    type_: str,
    where: str,
    minimum: Any = None,
    maximum: Any = None,
    cite: str | Citation | None = "",
) -> None:
    """Values outside a parameter's domain are errors naming the parameter and its source
    (``cite``: its citation, written short only for an error)."""
    if value is UNSET:
        return
    if type_ == "map":
        for k, v in value.items():
            if isinstance(v, int) and not isinstance(v, bool):
                check_domain(v, "int", f"{where}.{k}", cite=cite)
        return
    if type_ not in _DOMAINS:
        return
    if type_ == "yuan" and not isinstance(value, Money):  # a value built in Python
        raise ParameterError(f"expected an amount (talentkit.Money) @ {where}, got {value!r}")
    low, high, words = _DOMAINS[type_]
    if minimum is not None or maximum is not None:
        low = minimum if minimum is not None else low
        high = maximum if maximum is not None else high
        shown_low = "-∞" if low is None else str(low)
        words = f"a value from {shown_low} to {'∞' if high is None else high}"
    if (low is not None and value < low) or (high is not None and value > high):
        shown = str(value) if isinstance(value, Fraction | Money) else repr(value)
        if isinstance(cite, Citation):
            cite = cite.short()
        source = f" ({cite})" if cite else ""
        raise ParameterError(f"expected {words} @ {where}{source}, got {shown}")


_FIELDS = {
    "key",
    "type",
    "value",
    "document",
    "article",
    "item",
    "citation_key",
    "quote",
    "note",
    "valid_from",
    "valid_to",
    "required",
    "values",
    "min",
    "max",
}


def load_parameters(path: Path | str) -> list[Parameter]:
    """Read a plugin's parameter file. Unknown keys and wrong types are errors."""
    path = Path(path)
    try:
        data = load_toml(path)  # parsed once per change of the file (tomlcache)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ParameterError(f"cannot read parameter file {path}: {exc}") from None
    extra = set(data) - {"param", "meta"}
    if extra:
        raise ParameterError(f"unexpected top-level keys {sorted(extra)} in {path}")
    meta = data.get("meta", {})
    out: list[Parameter] = []
    name = path.name  # read once: a path's name is worked out anew at each read
    for i, raw in enumerate(data.get("param", [])):
        if not _FIELDS.issuperset(raw) or "key" not in raw or "type" not in raw:
            where = f"{name}: param[{i}]"
            unknown = set(raw) - _FIELDS
            if unknown:
                raise ParameterError(f"unknown fields {sorted(unknown)} @ {where}")
            for need in ("key", "type"):
                if need not in raw:
                    raise ParameterError(f"missing '{need}' @ {where}")
        key, type_ = raw["key"], raw["type"]
        where = f"{name}: {key}"
        if "value" not in raw and not raw.get("required", False):
            raise ParameterError(
                f"no value @ {where}: give the value from the text, or declare "
                "required = true when the text leaves it to the operator"
            )
        value = coerce(raw["value"], type_, where) if "value" in raw else UNSET
        allowed = tuple(raw.get("values", ()))
        if allowed:
            _check_allowed(value, allowed, where)
        document = raw.get("document", meta.get("document", ""))
        citation = None
        if "article" in raw:
            citation = Citation(
                document=document,
                article=raw["article"],
                key=raw.get("citation_key", ""),
                item=raw.get("item", ""),
                quote=raw.get("quote", ""),
            )
        low = coerce(raw["min"], type_, f"{where}.min") if "min" in raw else None
        high = coerce(raw["max"], type_, f"{where}.max") if "max" in raw else None
        check_domain(value, type_, where, low, high, citation)
        out.append(
            Parameter(
                key=key,
                type=type_,
                value=value,
                citation=citation,
                note=raw.get("note", ""),
                valid_from=coerce(raw["valid_from"], "date", where)
                if "valid_from" in raw
                else None,
                valid_to=coerce(raw["valid_to"], "date", where) if "valid_to" in raw else None,
                source=name,
                values=allowed,
                minimum=low,
                maximum=high,
            )
        )
    return out


def _check_allowed(value: Any, allowed: tuple[str, ...], where: str) -> None:
    """A ``str`` parameter may declare its allowed values; a typo is then a load error."""
    if allowed and value is not UNSET and value not in allowed:
        raise ParameterError(f"expected one of {', '.join(allowed)} @ {where}, got {value!r}")


def load_overrides(path: Path | str) -> dict[str, Any]:
    """Read an operator's override file: a ``[params]`` table of ``key = value``."""
    from talentkit.textio import decode

    path = Path(path)
    try:
        data = tomllib.loads(decode(path.read_bytes()), parse_float=Decimal)
    except (OSError, ValueError, RecursionError) as exc:  # TOML, encoding and nesting errors
        why = "nested too deeply" if isinstance(exc, RecursionError) else exc
        raise ParameterError(f"cannot read override file {path}: {why}") from None
    extra = set(data) - {"params"}
    if extra:
        raise ParameterError(
            f"unexpected top-level keys {sorted(extra)} in {path}; put values under [params]"
        )
    params = data.get("params", {})
    return _flatten(params)


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Accept both ``"a.b.c" = 1`` and nested ``[params.a.b] c = 1`` spellings."""
    flat: dict[str, Any] = {}
    for k, v in table.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict) and not key.endswith(("_map", ".weights", ".quotas")):
            nested = _flatten(v, key + ".")
            flat.update(nested)
        else:
            flat[key] = v
    return flat


@attrs.define
class ParameterStore:
    """All parameters of the installed plugins, with operator overrides on top.

    An engine fixes the store it is made with (:meth:`fix`): from then on neither its
    parameters nor its overrides change, and :meth:`with_overrides` gives a store of
    operator values beside it."""

    by_key: dict[str, list[Parameter]] = attrs.field(factory=dict)
    overrides: dict[str, Any] = attrs.field(factory=dict)

    def fix(self) -> None:
        """Refuse every later change (:data:`FIXED`): ``add``, and a change of
        ``by_key``, ``overrides`` or a parameter's versions in place. An engine keeps what
        it works out from its store per date, which a change would leave stale."""
        if type(self.by_key) is not FixedMapping:
            versions = {k: _FixedVersions(v) for k, v in self.by_key.items()}
            self.by_key = FixedMapping(versions)
        if type(self.overrides) is not FixedMapping:
            self.overrides = FixedMapping(self.overrides)

    @property
    def fixed(self) -> bool:
        return type(self.by_key) is FixedMapping

    def add(self, params: Iterable[Parameter]) -> None:
        if self.fixed:
            _refused()
        for p in params:
            if p.type not in PARAM_TYPES:
                raise ParameterError(f"unknown parameter type {p.type!r} @ {p.key}")
            check_domain(
                p.value,
                p.type,
                f"{p.source}: {p.key}" if p.source else p.key,
                p.minimum,
                p.maximum,
                p.citation,
            )
            self.by_key.setdefault(p.key, []).append(p)

    def with_overrides(self, overrides: Mapping[str, Any]) -> ParameterStore:
        """A copy with operator values; every key must be declared and typed right."""
        checked: dict[str, Any] = dict(self.overrides)
        for key, raw in overrides.items():
            if key not in self.by_key:
                close = [k for k in self.by_key if k.split(".")[-1] == key.split(".")[-1]]
                hint = f"; did you mean {', '.join(sorted(close)[:3])}?" if close else ""
                raise ParameterError(f"unknown parameter {key!r} in overrides{hint}")
            declared = self.by_key[key][0]
            where = f"overrides: {key}"
            checked[key] = coerce(raw, declared.type, where)
            _check_allowed(checked[key], declared.values, where)
            check_domain(
                checked[key],
                declared.type,
                where,
                declared.minimum,
                declared.maximum,
                declared.citation.short() if declared.citation else "",
            )
        return ParameterStore(self.by_key, checked)

    def declared(self, key: str) -> Parameter:
        try:
            return self.by_key[key][0]
        except KeyError:
            raise KeyError(f"parameter {key!r} is not declared by any plugin") from None

    def get(self, key: str, on: dt.date) -> Any:
        """The value in force on ``on``, or :data:`UNSET` when the operator must set it."""
        if key in self.overrides:
            return self.overrides[key]
        versions = self.by_key.get(key)
        if versions is None:
            raise KeyError(f"parameter {key!r} is not declared by any plugin")
        for p in versions:
            if p.in_force(on):
                return p.value
        return UNSET

    def entry(self, key: str, on: dt.date) -> Parameter | None:
        for p in self.by_key.get(key, []):
            if p.in_force(on):
                return p
        return None
