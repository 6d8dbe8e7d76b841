"""Input parsing and JSON output through one private cattrs converter.

Parsing is strict: unknown keys, wrong types and undeclared facts are errors whose
messages name the path (``expected a date @ $.team.members[3].birth_date``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import enum
import json
import sys
import types
import typing
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn

from talentkit import subjects
from talentkit.dates import Period
from talentkit.facts import MISSING, FactSpec, record_fields
from talentkit.inputkeys import InputKeys, check_keys
from talentkit.listed import duplicates
from talentkit.money import INT64, WHOLE_64, Money, parse_amount
from talentkit.subjects import Award, Event, Profile
from talentkit.text import Text
from talentkit.textio import (
    MAX_DEPTH,
    TextError,
    decode,
    member,
    repeated_key,
    shown_key,
    too_deep,
)
from talentkit.typewalk import field_names, is_record, reaches, walked

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

T = TypeVar("T")


class InputError(ValueError):
    """Bad input. ``errors`` holds one message per problem, each ending in ``@ $.path``."""

    def __init__(self, errors: list[str], source: str = "") -> None:
        self.errors = errors
        self.source = source
        head = f"{source}: " if source else ""
        super().__init__(head + "; ".join(errors))


def _date(value: Any, _: type) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ValueError("expected a date without time")
    day = None
    if isinstance(value, dt.date):
        day = value
    elif isinstance(value, str):
        with contextlib.suppress(ValueError):
            day = dt.date.fromisoformat(value)
    if day is None:
        raise ValueError("expected a date (YYYY-MM-DD)")
    if not DATE_RANGE[0] <= day <= DATE_RANGE[1]:
        raise ValueError(f"expected a date between {DATE_RANGE[0]} and {DATE_RANGE[1]}")
    return day


# periods of up to a century are added to dates: keep far from the calendar's ends
DATE_RANGE = (dt.date(1900, 1, 1), dt.date(2199, 12, 31))


def _strict(kind: type) -> Any:
    def structure(value: Any, _: type) -> Any:
        if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise ValueError("expected an integer")
        if kind is int and not INT64[0] <= value <= INT64[1]:
            raise ValueError(f"expected {WHOLE_64}")
        if kind is str and not isinstance(value, str):
            raise ValueError("expected a string")
        if kind is bool and not isinstance(value, bool):
            raise ValueError("expected true or false")
        return value

    return structure


MONEY_FIELDS: dict[type, tuple[str, ...]] = {
    subjects.PaidItem: ("amount",),
    subjects.Receipt: ("amount",),
}
"""Core fields holding money (yuan exact to the fen), never negative, within 64-bit fen."""


def _make_converter() -> cattrs.Converter:
    c = cattrs.Converter(forbid_extra_keys=True)
    c.register_structure_hook(dt.date, _date)
    for kind in (int, str, bool):
        c.register_structure_hook(kind, _strict(kind))
    c.register_structure_hook(Any, lambda v, _: v)
    c.register_structure_hook(Money, lambda v, _: parse_amount(v))
    c.register_unstructure_hook(Money, Money.json)
    c.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    c.register_unstructure_hook(Fraction, str)
    c.register_unstructure_hook(Period, lambda p: p.iso())
    c.register_unstructure_hook(enum.Enum, lambda e: e.value)
    for cls in (Profile, Award, Event):
        c.register_structure_hook(
            cls, make_dict_structure_fn(cls, c, _cattrs_forbid_extra_keys=True)
        )
    return c


_converter = _make_converter()


def _message(exc: BaseException) -> list[str]:
    def fmt(e: BaseException, ty: Any) -> str:
        if isinstance(e, KeyError):
            return "required field missing"
        if isinstance(e, cattrs.ForbiddenExtraKeysError):
            known = list(attrs.fields_dict(e.cl)) if attrs.has(e.cl) else []
            keys = sorted(e.extra_fields, key=shown_key)
            return f"unknown field(s) {', '.join(_unknown_key(k, known) for k in keys)}"
        if isinstance(e, ValueError) and str(e).startswith("expected"):
            return str(e)
        if ty is not None:
            return f"expected {_describe_type(ty)}"
        return str(e)

    return list(cattrs.transform_error(exc, path="$", format_exception=fmt))


def _unknown_key(key: object, known: list[str]) -> str:
    """An unknown field as shown, with the field of the record it is likely meant for."""
    close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
    return f"{shown_key(key)} (did you mean {close[0]}?)" if close else shown_key(key)


def _describe_type(ty: Any) -> str:
    args = [a for a in typing.get_args(ty) if a is not type(None)]
    origin = typing.get_origin(ty)
    if origin is typing.Literal:
        return "one of " + ", ".join(str(a) for a in typing.get_args(ty))
    if origin in (typing.Union, types.UnionType) and len(args) == 1:
        return _describe_type(args[0])
    if attrs.has(ty):
        return "a table"
    if origin is list:
        return "a list"
    if origin is dict:
        return "a table"
    return _type_words(getattr(ty, "__name__", str(ty)).replace("typing.", ""))


def _type_words(name: str) -> str:
    return {
        "int": "an integer",
        "str": "a string",
        "bool": "true or false",
        "list": "a list",
        "dict": "a table",
        "date": "a date (YYYY-MM-DD)",
    }.get(name, name)


def structure(data: Any, cls: type[T], source: str = "", *, depth_checked: bool = False) -> T:
    if not isinstance(data, Mapping):
        raise InputError([f"expected a table @ $ (got {type(data).__name__})"], source)
    deep = None if depth_checked else too_deep(data)
    if deep is not None:
        raise InputError([f"nested more than {MAX_DEPTH} levels deep @ {deep}"], source)
    try:
        return _converter.structure(data, cls)
    except (cattrs.ClassValidationError, cattrs.IterableValidationError) as exc:
        raise InputError(_message(exc), source) from None
    except (ValueError, TypeError, KeyError) as exc:
        raise InputError([f"{exc} @ $"], source) from None


def unstructure(obj: Any) -> Any:
    """Results and inputs as plain JSON-compatible data (dates ISO, fractions "p/q")."""
    return _plain(obj)


def _plain(value: Any) -> Any:
    """What ``_jsonable(_converter.unstructure(value))`` gives, in one pass: a report
    holds thousands of checks, and the converter's generated functions are built on first
    use (compiled code) and then walked again by ``_jsonable``. Every attrs class is its
    fields in order; the converter's hooks (money, dates, fractions, periods, enums) are
    applied first, as they are there."""
    if value is None or value is MISSING:
        return None
    cls = type(value)
    if cls is str or cls is int or cls is bool or cls is float:
        return value
    if isinstance(value, enum.Enum):
        return _plain(value.value)
    if isinstance(value, Money):
        return _plain(value.json())
    if isinstance(value, Period):
        return value.iso()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, dict):
        return {str(k if isinstance(k, str) else _plain(k)): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    names = record_fields(cls)
    if names is not None:
        omit = getattr(cls, "__omit_none__", ())
        return {
            name: _plain(getattr(value, name))
            for name in names
            if not (name in omit and getattr(value, name) is None)
        }
    if isinstance(value, (str, int, float)):
        return value
    return str(value)


def _jsonable(value: Any) -> Any:
    if value is MISSING:
        return None
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    if isinstance(value, Money):
        return value.json()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (Fraction, Period)):
        return str(value) if isinstance(value, Fraction) else value.iso()
    if isinstance(value, enum.Enum):
        return value.value
    if attrs.has(type(value)):
        return _jsonable(_converter.unstructure(value))
    return str(value)


def to_json(obj: Any, indent: int | None = 2) -> str:
    """``json.dumps(unstructure(obj), ensure_ascii=False, indent=indent)``, character for
    character: at the usual two spaces through orjson (:mod:`talentkit.jsonwriter`), and
    by :func:`_written` where orjson would write a value otherwise."""
    if indent is None:
        return json.dumps(unstructure(obj), ensure_ascii=False)  # the C encoder
    if indent == 2:
        from talentkit.jsonwriter import indented  # orjson, loaded when first writing

        text = indented(obj)
        if text is not None:
            return text
    return _written(obj, " " * indent)


#: what a record class is written as: field names (and each as a quoted key), fields left
#: out while None, whether a record met again in one document is copied
#: (``__json_memo__``) and whether its text is kept for the next document
#: (``__json_cache__``, immutable declarations such as citations)
Layout = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], bool, bool]
_LAYOUT: dict[type, Layout | None] = {}
#: texts of cached records by ``id``, indentation and its step, the record kept beside
_CACHED: dict[tuple[int, str, str], tuple[Any, str]] = {}


def _layout(cls: type) -> Layout | None:
    """The layout of a record class; None for any other (amounts and periods are records
    written as :func:`_plain` converts them)."""
    try:
        return _LAYOUT[cls]
    except KeyError:
        pass
    names = record_fields(cls)
    hit = None
    if names is not None and not issubclass(cls, (enum.Enum, Money, Period, dt.date)):
        hit = (
            names,
            tuple(json.encoder.encode_basestring(n) + ": " for n in names),
            tuple(getattr(cls, "__omit_none__", ())),
            bool(getattr(cls, "__json_memo__", False)),
            bool(getattr(cls, "__json_cache__", False)),
        )
    _LAYOUT[cls] = hit
    return hit


def _written(obj: Any, step: str) -> str:
    """``_indented(unstructure(obj), step)`` in one pass over the objects, without the
    data in between: the same conversions as :func:`_plain`, the same layout as
    :func:`_indented`. A check several programmes share is in the report once per
    programme: its text is written once and copied; a citation's text is kept for the
    next report."""
    out: list[str] = []
    put = out.append
    scalar = json.encoder.JSONEncoder(ensure_ascii=False).encode
    text = json.encoder.encode_basestring
    spans: dict[tuple[int, str], Any] = {}

    def write(value: Any, pad: str) -> None:
        cls = type(value)
        if cls is str:
            put(text(value))
            return
        if cls is int:
            put(int.__repr__(value))
            return
        if value is None or value is MISSING:
            put("null")
            return
        if cls is bool:
            put("true" if value else "false")
            return
        if cls is Text:  # the commonest record: written whole
            inner = "\n" + pad + step
            put(
                "{"
                + inner
                + '"zh": '
                + text(value.zh)
                + ","
                + inner
                + '"en": '
                + text(value.en)
                + "\n"
                + pad
                + "}"
            )
            return
        layout = _LAYOUT.get(cls, False)
        if layout is False:
            layout = _layout(cls)
        if layout is not None:
            record(value, pad, layout)  # type: ignore[arg-type]
            return
        if isinstance(value, enum.Enum):
            plain = value.value
            if type(plain) is str:  # a status, a verdict
                put(text(plain))
            else:
                write(plain, pad)
            return
        if cls is dt.date:
            put(text(value.isoformat()))
            return
        if isinstance(value, dict):
            if not value:
                put("{}")
                return
            inner = pad + step
            sep = "{\n" + inner
            for k, item in value.items():
                key = sep + text(str(k if isinstance(k, str) else _plain(k))) + ": "
                sep = ",\n" + inner
                if type(item) is str:
                    put(key + text(item))
                else:
                    put(key)
                    write(item, inner)
            put("\n" + pad + "}")
            return
        if isinstance(value, (list, tuple, set, frozenset)):
            if not value:
                put("[]")
                return
            inner = pad + step
            sep = "[\n" + inner
            for item in value:
                if type(item) is str:
                    put(sep + text(item))
                else:
                    put(sep)
                    write(item, inner)
                sep = ",\n" + inner
            put("\n" + pad + "]")
            return
        plain = _plain(value)  # enums, amounts, periods, dates, fractions, other scalars
        if type(plain) is str or type(plain) is int or isinstance(plain, (dict, list)):
            write(plain, pad)
        else:
            put(scalar(plain))

    def record(value: Any, pad: str, layout: Layout) -> None:
        names, keys, omit, memo, cache = layout
        key = (id(value), pad)
        if memo:
            hit = spans.get(key)
            if hit is not None:
                if type(hit) is tuple:
                    hit = spans[key] = "".join(out[hit[0] : hit[1]])
                put(hit)
                return
        elif cache:
            cached = _CACHED.get((key[0], pad, step))
            if cached is not None and cached[0] is value:
                put(cached[1])
                return
        start = len(out)
        inner = pad + step
        sep = "{\n" + inner
        for name, quoted in zip(names, keys, strict=True):
            item = getattr(value, name)
            if item is None:
                if name not in omit:
                    put(sep + quoted + "null")
                    sep = ",\n" + inner
                continue
            put(sep + quoted)
            sep = ",\n" + inner
            kind = type(item)
            if kind is str:
                put(text(item))
            elif kind is Text:  # as write() writes it, without the call
                deeper = "\n" + inner + step
                put(
                    "{"
                    + deeper
                    + '"zh": '
                    + text(item.zh)
                    + ","
                    + deeper
                    + '"en": '
                    + text(item.en)
                    + "\n"
                    + inner
                    + "}"
                )
            elif (kind is tuple or kind is list) and not item:
                put("[]")
            elif kind is dict and not item:
                put("{}")
            else:
                write(item, inner)
        put("{}" if sep[0] == "{" else "\n" + pad + "}")
        if memo:
            spans[key] = (start, len(out))
        elif cache:
            if len(_CACHED) >= 4096:
                _CACHED.clear()
            _CACHED[(key[0], pad, step)] = (value, "".join(out[start:]))

    write(obj, "")
    return "".join(out)


def _indented(data: Any, step: str) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=len(step))``, character for
    character, without the pure-Python generator encoder ``json`` falls back to whenever
    ``indent`` is given: compact parts (scalars, empty containers) are encoded by the C
    encoder, and only the layout is written here."""
    out: list[str] = []
    scalar = json.encoder.JSONEncoder(ensure_ascii=False).encode
    text = json.encoder.encode_basestring  # the C function when the accelerator loads

    def write(value: Any, pad: str) -> None:
        cls = type(value)
        if cls is str:
            out.append(text(value))
        elif cls is int:
            out.append(int.__repr__(value))
        elif value is None:
            out.append("null")
        elif value is True:
            out.append("true")
        elif value is False:
            out.append("false")
        elif isinstance(value, dict) and value:
            inner = pad + step
            out.append("{")
            first = True
            for key, item in value.items():
                out.append("\n" + inner if first else ",\n" + inner)
                first = False
                out.append(text(key) if type(key) is str else scalar(_json_key(key)))
                out.append(": ")
                write(item, inner)
            out.append("\n" + pad + "}")
        elif isinstance(value, (list, tuple)) and value:
            inner = pad + step
            out.append("[")
            first = True
            for item in value:
                out.append("\n" + inner if first else ",\n" + inner)
                first = False
                write(item, inner)
            out.append("\n" + pad + "]")
        else:
            out.append(scalar(value))

    write(data, "")
    return "".join(out)


def _json_key(key: Any) -> str:
    """A non-string key as ``json`` writes it (``unstructure`` leaves none)."""
    text: str = json.dumps({key: 0})[1:].rsplit(":", 1)[0]
    return str(json.loads(text))


def read_document(path: Path, encoding: str | None = None) -> Any:
    """Read a TOML or JSON file; bad bytes, syntax and nesting are input errors naming it.

    :param encoding: the file's encoding; by default UTF-8 (with or without a BOM), UTF-16
        with a BOM, or GBK/GB18030 Chinese text
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError([f"cannot read file: {exc.strerror}"], str(path)) from None
    try:
        text = decode(raw, encoding)
    except TextError as exc:
        raise InputError([f"{exc} @ $"], str(path)) from None
    kind = "JSON" if path.suffix.lower() == ".json" else "TOML"
    try:
        data = (
            json.loads(text, parse_float=Decimal)
            if kind == "JSON"
            else tomllib.loads(text, parse_float=Decimal)
        )
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError([f"not valid {kind}: {exc}"], str(path)) from None
    except RecursionError:
        raise InputError([f"nested more than {MAX_DEPTH} levels deep @ $"], str(path)) from None
    except ValueError as exc:  # e.g. an integer of thousands of digits
        raise InputError([f"not valid {kind}: {exc} @ $"], str(path)) from None
    repeated = repeated_key(text, data) if kind == "JSON" else None  # (TOML refuses them)
    if repeated is not None:
        raise InputError([repeated], str(path))
    return data


# --- cohorts ---------------------------------------------------------------------------


def score_value(value: Any, where: str) -> Fraction | int | None:
    """A panel score: an integer, a decimal or fraction text ("85.5", "171/2"), or absent."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, float) and value == value and abs(value) != float("inf"):
        return Fraction(repr(value))  # the decimal as written, not the binary float
    if isinstance(value, Decimal) and value.is_finite():  # how the loaders read 85.5
        return Fraction(value)
    if isinstance(value, str):
        with contextlib.suppress(ValueError, ZeroDivisionError):
            return Fraction(value.strip())
    raise ValueError(f'expected a number such as 85, 85.5 or "171/2" @ {where}, got {value!r}')


def cohort_entries(data: Any, source: str = "") -> list[Any]:
    """``[[subject]]`` tables (``subject``, ``proposed``, ``score``) as cohort entries."""
    from talentkit.scoring import CohortEntry

    if not isinstance(data, Mapping) or set(data) - {"subject"}:
        got = sorted(data) if isinstance(data, Mapping) else type(data).__name__
        raise InputError([f"expected [[subject]] tables only, got {got} @ $"], source)
    rows = data.get("subject", [])
    if not isinstance(rows, list):
        raise InputError(["expected a list of [[subject]] tables @ $.subject"], source)
    entries, errors = [], []
    for i, row in enumerate(rows):
        where = f"$.subject[{i}]"
        if not isinstance(row, Mapping):
            errors.append(f"expected a table @ {where}")
            continue
        extra = sorted(set(row) - {"subject", "proposed", "score"})
        if extra:
            errors.append(f"unknown field(s) {', '.join(extra)} @ {where}")
        for name in ("subject", "proposed"):
            if name not in row:
                errors.append(f"required field missing @ {where}.{name}")
            elif not isinstance(row[name], str) or not row[name].strip():
                errors.append(f"expected a non-empty string @ {where}.{name}")
        try:
            score = score_value(row.get("score"), f"{where}.score")
        except ValueError as exc:
            errors.append(str(exc))
            continue
        if not errors:
            entries.append(
                CohortEntry(subject=row["subject"], proposed=row["proposed"], score=score)
            )
    if errors:
        raise InputError(errors, source)
    return entries


# --- declared facts --------------------------------------------------------------------

_SCOPES = {
    "profile": (Profile,),
    "person": (subjects.Person,),
    "organisation": (subjects.Organisation,),
    "team": (subjects.Team,),
    "application": (subjects.Application,),
    "award": (Award,),
    "event": (Event,),
}


def check_facts(obj: Any, specs: Mapping[str, FactSpec], path: str = "$") -> tuple[Any, list[str]]:
    """Validate every ``facts`` mapping under ``obj`` against the declarations.

    Returns the object with converted values (dates from JSON strings, fractions) and the
    list of errors. Only the fields whose types may hold facts or money are visited
    (:mod:`talentkit.typewalk`); an object none of whose facts changed is returned as it is.
    """
    errors: list[str] = []
    return _checked(obj, specs, path, errors), errors


def _holds_facts(cls: type) -> bool:
    """Whether an object of ``cls`` has facts or money of its own to check."""
    return "facts" in field_names(cls) or cls in MONEY_FIELDS


def _checked(obj: Any, specs: Mapping[str, FactSpec], path: str, errors: list[str]) -> Any:
    if isinstance(obj, list):
        items = [
            _checked(item, specs, f"{path}[{i}]", errors) if _visited(item) else item
            for i, item in enumerate(obj)
        ]
        return obj if all(a is b for a, b in zip(items, obj, strict=True)) else items
    if isinstance(obj, dict):
        out = {
            k: _checked(v, specs, member(path, k), errors) if _visited(v) else v
            for k, v in obj.items()
        }
        return obj if all(out[k] is v for k, v in obj.items()) else out
    cls = type(obj)
    if not is_record(cls):
        return obj
    changes: dict[str, Any] = {}
    for name in MONEY_FIELDS.get(cls, ()):
        amount = getattr(obj, name)
        if isinstance(amount, Money) and amount.fen < 0:  # read as money, so within 64 bits
            errors.append(f"expected an amount of at least 0 yuan @ {path}.{name}, got {amount}")
    for name in walked(cls, _holds_facts):
        value = getattr(obj, name)
        if name == "facts" and isinstance(value, dict):
            changes["facts"] = _declared(value, specs, _scope_of(cls), f"{path}.facts", errors)
        elif _visited(value):
            new = _checked(value, specs, f"{path}.{name}", errors)
            if new is not value:
                changes[name] = new
    return attrs.evolve(obj, **changes) if changes else obj


def _visited(value: Any) -> bool:
    """Whether :func:`_checked` looks into ``value``: a list, a mapping or a record that
    may hold facts or money."""
    cls = type(value)
    if cls is list or cls is dict or isinstance(value, (list, dict)):
        return True
    return is_record(cls) and reaches(cls, _holds_facts)


def _declared(
    value: Mapping[str, Any],
    specs: Mapping[str, FactSpec],
    scope: str,
    path: str,
    errors: list[str],
) -> dict[str, Any]:
    """A ``facts`` mapping of the ``scope`` checked against the declarations."""
    facts = {}
    for name, raw in value.items():
        where = member(path, name)
        spec = specs.get(name)
        if spec is None:
            errors.append(
                f"undeclared fact {name!r} @ {where}; no installed plugin "
                "declares it (see `talentkit schema`)"
            )
            continue
        if spec.scope != scope:
            errors.append(f"fact {name!r} belongs to the {spec.scope} @ {where}")
            continue
        try:
            facts[name] = spec.check(raw, where)
        except ValueError as exc:
            errors.append(str(exc))
    return facts


def _scope_of(cls: type) -> str:
    found = _SCOPE_OF.get(cls)
    if found is None:
        scopes = _SCOPES.items()
        found = _SCOPE_OF[cls] = next((s for s, c in scopes if issubclass(cls, c)), "profile")
    return found


_SCOPE_OF: dict[type, str] = {}


def parse(
    data: Any,
    cls: type[T],
    specs: Mapping[str, FactSpec],
    source: str = "",
    keys: InputKeys | None = None,
    *,
    depth_checked: bool = False,
) -> T:
    """Structure ``data`` as ``cls`` and check declared facts, lists naming a subject
    twice (:mod:`talentkit.listed`) and, given ``keys``, the attestation, decision and
    waiver keys of a profile. ``depth_checked``: the caller has found ``data`` a table
    nested no deeper than allowed (:func:`~talentkit.textio.shape`)."""
    obj = structure(data, cls, source, depth_checked=depth_checked)
    checked, errors = check_facts(obj, specs)
    errors.extend(duplicates(obj))
    if keys is not None and isinstance(obj, Profile):
        errors.extend(check_keys(obj.attestations, obj.decisions, obj.waivers, keys))
    if errors:
        raise InputError(errors, source)
    return checked  # type: ignore[no-any-return]


def json_schema(specs: Iterable[FactSpec]) -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of the profile input, with the declared facts."""
    from talentkit.schema import profile_schema

    return profile_schema(list(specs))
