"""Indented JSON of results through orjson, character for character what ``json`` writes
(and the same document without indentation, :func:`compact_utf8`, for the web service).

:func:`talentkit.convert.to_json` writes a report (about a megabyte for one profile against
every programme) as ``json.dumps(unstructure(obj), ensure_ascii=False, indent=2)`` would.
Here orjson (compiled code) lays the text out and calls back only for what it does not
know: each record (an attrs class) becomes a table of its fields, one level deep, whose
values orjson then writes itself, calling back again for the records among them. The
conversions are :func:`talentkit.convert.unstructure`'s.

orjson writes strings, integers, ``null``, booleans, lists and tables exactly as ``json``
does with ``ensure_ascii=False`` and ``indent=2`` (the tests pin each case); where it would
not, :func:`indented` returns None and the Python writer writes the document:

- a float (orjson writes ``1e-05`` as ``0.00001`` and NaN as ``null``), and an enumeration
  whose values are not strings, integers, booleans or None. orjson writes both itself,
  so they are looked for before: everywhere in the document given, in what an amount, a
  set or any other value becomes, and in each field of a record whose declared type can
  hold one (``Any``, ``dict[str, Any]``, ``float``...). A field declared as strings, texts,
  records or tuples of them is not looked into: a float there is a value of the wrong
  type (``mypy --strict`` keeps them out of the code);
- what orjson refuses: an integer beyond 64 bits, a string with a lone surrogate, a table
  key that is not exactly a string, nesting deeper than 254 levels.

Imported when a document is written: ``import talentkit`` does not load orjson.
"""

from __future__ import annotations

import datetime as dt
import enum
import keyword
import types
import typing
from collections.abc import Callable, Collection, Mapping
from typing import Any

import orjson

from talentkit import _bytecode
from talentkit.convert import _plain
from talentkit.dates import Period
from talentkit.facts import MISSING, record_fields
from talentkit.money import Money
from talentkit.text import Text

#: what orjson is asked for: two spaces of indentation, and dates, times and dataclasses
#: handed back to be written as ``unstructure`` writes them (orjson has its own forms)
OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


class Unsupported(Exception):
    """A value orjson would write otherwise than ``json``: the Python writer takes over."""


def indented(obj: Any) -> str | None:
    """``json.dumps(unstructure(obj), ensure_ascii=False, indent=2)``, or None where this
    writer cannot promise the same text (see the module's note).

    An error raised while reading a value (an explanation built when first read) is
    raised as it is.
    """
    data = indented_utf8(obj)
    return None if data is None else data.decode()


def indented_utf8(obj: Any) -> bytes | None:
    """:func:`indented` encoded in UTF-8, as orjson writes it: for a caller printing the
    document to a UTF-8 stream, which would otherwise decode it here and encode it again."""
    return _utf8(obj, OPTIONS)


def compact_utf8(obj: Any) -> bytes | None:
    """The same document without indentation or spaces, in UTF-8 (an HTTP response's
    body): the values of ``json.loads(indented(obj))``, written as ``json.dumps(...,
    ensure_ascii=False, separators=(",", ":"))`` writes them; None where :func:`indented`
    is."""
    return _utf8(obj, OPTIONS & ~orjson.OPT_INDENT_2)


def _utf8(obj: Any, options: int) -> bytes | None:
    # a record met again in this document (a check several programmes share): its table
    # is built once; the record is kept too, so its id stays its own meanwhile
    seen = Seen()
    converters = _CONVERTERS

    def default(value: Any) -> Any:
        if value is MISSING:  # the commonest call back (facts read and absent)
            return None
        convert = converters.get(type(value))
        if convert is None:
            convert = _converter(type(value))
        return convert(value, seen)

    try:
        _scan((obj,))
        data = orjson.dumps(obj, default=default, option=options)
    except Unsupported:
        return None
    except TypeError as exc:  # orjson.JSONEncodeError
        cause = exc.__cause__
        if cause is not None and not isinstance(cause, Unsupported):
            raise cause from None  # raised while reading a value: the caller's error
        return None  # refused by orjson (a big integer, a lone surrogate, a key, depth)
    return data


class Seen(dict[int, dict[str, Any]]):
    """The tables of the records met in one document (``__json_memo__``), by ``id``;
    ``records`` keeps each record, so that no other object takes its ``id`` while the
    document is written (a list, not a tuple per record: fewer objects for the
    collector)."""

    __slots__ = ("records",)

    def __init__(self) -> None:
        super().__init__()
        self.records: list[Any] = []


Converter = Callable[[Any, Seen], Any]

#: how a value orjson does not know is converted, by exact type
_CONVERTERS: dict[type, Converter] = {}

#: tables of records kept across documents (``__json_cache__``: immutable declarations
#: such as citations), by id, the record kept beside its table
_KEPT: dict[int, tuple[Any, dict[str, Any]]] = {}
_KEPT_MAX = 4096


def _converter(cls: type) -> Converter:
    names = record_fields(cls)
    convert: Converter
    if names is not None and not issubclass(cls, (enum.Enum, Money, Period, dt.date)):
        convert = _record_converter(cls, names)
    elif cls is dt.date:
        convert = _date
    elif cls is Money:
        convert = _money
    elif cls is type(MISSING):
        convert = _none
    else:
        convert = _other
    _CONVERTERS[cls] = convert
    return convert


def _date(value: dt.date, seen: object) -> str:
    """A date's ISO text, kept: ``isoformat`` formats through ``sprintf`` (about 2,000
    instructions), and a report writes the same few dates a hundred times and more."""
    iso = _ISO.get(value)
    if iso is None:
        iso = _iso(value)
    return iso


def _iso(value: dt.date) -> str:
    """``value.isoformat()`` (of exactly a date: a datetime's differs), kept."""
    if len(_ISO) >= _KEPT_MAX:
        _ISO.clear()
    iso = _ISO[value] = value.isoformat()
    return iso


#: the ISO text of dates written, by date (exactly ``datetime.date``: equal dates are
#: written alike)
_ISO: dict[dt.date, str] = {}


def _money(value: Money, seen: object) -> Any:
    """An amount, as ``unstructure`` writes it (its :meth:`~Money.json`): that table
    itself when it is the two fields it declares, an integer and a string (it is),
    kept by the integer (orjson only reads it: four Python calls saved per amount)."""
    fen = value.fen
    table = _AMOUNTS.get(fen) if type(fen) is int else None
    if table is not None:
        return table
    table = value.json()
    if (
        type(table) is dict
        and table.keys() == _MONEY_KEYS
        and type(table["fen"]) is int
        and type(table["yuan"]) is str
    ):
        if type(fen) is int:
            if len(_AMOUNTS) >= _KEPT_MAX:
                _AMOUNTS.clear()
            _AMOUNTS[fen] = table
        return table
    return _other(value, seen)


#: the tables of amounts written, by their integer of fen
_AMOUNTS: dict[int, dict[str, Any]] = {}


#: the keys of an amount's table (:meth:`Money.json`)
_MONEY_KEYS = frozenset(("fen", "yuan"))


def _none(value: object, seen: object) -> None:
    return None


def _other(value: Any, seen: object) -> Any:
    """Amounts, fractions, periods, sets, datetimes, anything else: as ``unstructure``."""
    if isinstance(value, float):  # a subclass (orjson writes a float itself)
        raise Unsupported(type(value).__name__)
    plain = _plain(value)
    _scan((plain,))
    return plain


def _record_converter(cls: type, names: tuple[str, ...]) -> Converter:
    """A function building a record's table from its fields, read one by one (as a
    literal, the table is made at its final size: a record is the commonest call), and
    looking into the fields whose declared type may hold a float."""
    if not all(n.isidentifier() and not keyword.iskeyword(n) for n in names):
        return _other  # pragma: no cover - attrs fields are identifiers
    omit = tuple(getattr(cls, "__omit_none__", ()))
    memo = bool(getattr(cls, "__json_memo__", False))
    kept = bool(getattr(cls, "__json_cache__", False))
    hints = _hints(cls)
    open_fields = tuple(n for n in names if n not in hints or not _closed(hints[n]))
    fields = {n: _field(n, hints.get(n)) for n in names}
    for i, n in enumerate(open_fields):  # read once, into the table and for the look
        if fields[n] == f"value.{n}":
            fields[n] = f"(open{i} := value.{n})"
    table = "{" + ", ".join(f"{n!r}: {fields[n]}" for n in names) + "}"
    lines = ["def convert(value, seen):"]
    if memo:
        lines += [
            "    key = id(value)",
            "    hit = seen.get(key)",
            "    if hit is not None:",
            "        return hit",
        ]
    elif kept:
        lines += [
            "    hit = KEPT.get(id(value))",
            "    if hit is not None and hit[0] is value:",
            "        return hit[1]",
        ]
    lines.append(f"    table = {table}")
    lines += [f"    if table[{n!r}] is None:\n        del table[{n!r}]" for n in omit]
    for i, n in enumerate(open_fields):  # a table of values of plain types: one test
        read = f"open{i}" if fields[n].startswith("(open") else f"table.get({n!r})"
        lines += [
            f"    v = {read}",
            "    if type(v) is dict:",
            "        if v and not PLAIN.issuperset(map(type, v.values())):",
            "            scan(v.values())",
            "    elif type(v) not in PLAIN:",
            "        scan((v,))",
        ]
    if memo:
        lines += ["    seen[key] = table", "    seen.records.append(value)"]
    elif kept:
        lines += [
            "    if len(KEPT) >= KEPT_MAX:",
            "        KEPT.clear()",
            "    KEPT[id(value)] = (value, table)",
        ]
    lines.append("    return table")
    space: dict[str, Any] = {
        "scan": _scan,
        "PLAIN": _PLAIN_TYPES,
        "KEPT": _KEPT,
        "KEPT_MAX": _KEPT_MAX,
        "Text": Text,
        "date": dt.date,
        "ISO": _ISO,
        "iso": _iso,
        "tables": _tables,
    }
    exec(
        _bytecode.compiled(
            "\n".join(lines), f"<json table of {cls.__module__}.{cls.__qualname__}>"
        ),
        space,
    )
    convert: Converter = space["convert"]
    return convert


def _hints(cls: type) -> dict[str, Any]:
    """The declared types of a record's fields; none when they cannot be read (every
    field is then looked into)."""
    try:
        return _bytecode.type_hints(cls)  # typing's, each annotation compiled once
    except Exception:  # a name the class's module cannot resolve
        return {}


def _field(name: str, hint: Any) -> str:
    """The expression of a field's value in a record's table, where orjson need not call
    back for it: a field declared as a bilingual text (the commonest record) holds the
    text's table at once when its value is exactly a text, a tuple of texts the list of
    their tables (any other item is left to the call back), and a field declared as a
    record kept across documents (a citation) that record's kept table when there is
    one (otherwise orjson calls back, which keeps it)."""
    if hint in _DATE_HINTS:  # as orjson's call back would write it (``_date``)
        return f"((ISO.get(v) or iso(v)) if type(v := value.{name}) is date else v)"
    if hint in _TEXT_HINTS:
        return f"({_TEXT_TABLE} if type(v := value.{name}) is Text else v)"
    if hint == _TEXTS_HINT:
        items = f"[{_TEXT_TABLE} if type(v) is Text else v for v in t]"
        return f"({items} if type(t := value.{name}) is tuple and t else t)"
    if _records_hint(hint):  # a check's parts: each converted here, as orjson would ask
        return f"(tables(t, seen) if type(t := value.{name}) is tuple and t else t)"
    if any(getattr(h, "__json_cache__", False) for h in _kept_hints(hint)):
        # None (a part's citation) without the look-up: each id() raises an audit event
        kept = "h[1] if (h := KEPT.get(id(k))) is not None and h[0] is k else k"
        return f"(k if (k := value.{name}) is None else {kept})"
    return f"value.{name}"


def _records_hint(hint: Any) -> bool:
    """Whether a declared type is a tuple of records kept once per document (checks)."""
    args = typing.get_args(hint)
    return (
        typing.get_origin(hint) is tuple
        and len(args) == 2
        and args[1] is Ellipsis
        and isinstance(args[0], type)
        and bool(getattr(args[0], "__json_memo__", False))
    )


def _tables(items: tuple[Any, ...], seen: Seen) -> list[Any]:
    """What orjson's call back gives for each of ``items`` (records of a declared tuple),
    without the call back."""
    converters = _CONVERTERS
    out: list[Any] = []
    put = out.append
    for item in items:
        convert = converters.get(type(item))  # a check: first, without the scalars' test
        if convert is None:
            cls = type(item)
            if cls in _PLAIN_SCALARS:
                put(item)
                continue
            convert = _converter(cls)
        put(convert(item, seen))
    return out


#: what orjson writes itself, never handing it back
_PLAIN_SCALARS = (str, int, bool, type(None))


def _kept_hints(hint: Any) -> tuple[Any, ...]:
    """The classes a declared type names: itself, or the members of a union with None."""
    if typing.get_origin(hint) in _UNIONS:
        args = typing.get_args(hint)
        return tuple(a for a in args if a is not type(None)) if len(args) == 2 else ()
    return (hint,) if isinstance(hint, type) else ()


_DATE_HINTS = (dt.date, dt.date | None)
_TEXT_HINTS = (Text, Text | None)
_TEXTS_HINT = tuple[Text, ...]
_TEXT_FIELDS: tuple[str, ...] = record_fields(Text) or ()
_TEXT_TABLE = "{" + ", ".join(f"{n!r}: v.{n}" for n in _TEXT_FIELDS) + "}"


# --- floats: looked for where they may be ----------------------------------------------


_UNIONS: tuple[Any, ...] = (typing.Union, types.UnionType)


def _closed(hint: Any) -> bool:
    """Whether every value of a declared type is written by orjson as ``json`` writes
    it, or handed to the callback (which converts it as ``unstructure`` does)."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is typing.Annotated:
        return _closed(args[0])
    if origin is typing.Literal:
        return all(type(a) in (str, int, bool, type(None)) for a in args)
    if origin in _UNIONS:
        return all(_closed(a) for a in args)
    if origin is not None:  # tuple[str, ...], dict[str, Text], Sequence[Check]...
        if not isinstance(origin, type) or not args:
            return False
        if issubclass(origin, Mapping):  # the keys are strings, or orjson refuses them
            return len(args) == 2 and _closed(args[1])
        return all(a is Ellipsis or _closed(a) for a in args)
    if hint is None or hint is type(None):
        return True
    if hint is Any or hint is object or not isinstance(hint, type):
        return False  # Any, a type variable, a name left as a string
    if issubclass(hint, enum.Enum):
        return all(_plain_member(m) for m in hint)
    # orjson writes str and int (and their subclasses) as json does; floats, and lists
    # and tables whose items are not declared, are not closed; any other class is
    # handed to the callback
    return not issubclass(hint, (float, tuple, list, dict, Collection)) or issubclass(
        hint, (str, bytes)
    )


#: types orjson writes as ``json`` writes them, or hands to the callback (records,
#: amounts, dates...), and the lists, tuples and tables whose items it writes itself
_PLAIN_TYPES: set[type] = {str, int, bool, type(None)}
_SEQUENCE, _TABLE, _UNSUPPORTED = 1, 2, 3
_KINDS: dict[type, int] = {
    list: _SEQUENCE,
    tuple: _SEQUENCE,
    dict: _TABLE,
    float: _UNSUPPORTED,
    orjson.Fragment: _UNSUPPORTED,
}


def _kind(cls: type) -> int:
    """The kind of a type met for the first time (0: plain), remembered."""
    kind = 0  # str and int subclasses (written as such), what is handed to the callback
    if issubclass(cls, float):
        kind = _UNSUPPORTED
    elif issubclass(cls, enum.Enum):  # orjson writes the member's value itself
        kind = 0 if all(_plain_member(m) for m in cls) else _UNSUPPORTED
    elif issubclass(cls, dict):  # subclasses written as the base class
        kind = _TABLE
    elif issubclass(cls, list):
        kind = _SEQUENCE
    if kind:
        _KINDS[cls] = kind
    else:
        _PLAIN_TYPES.add(cls)
    return kind


def _plain_member(member: enum.Enum) -> bool:
    """Whether orjson writes an enumeration's member as ``unstructure`` does (its value):
    a value of a plain type, and for a member that is also a string or an integer, the
    same as the member itself (which orjson may write instead)."""
    value = member.value
    if type(value) not in (str, int, bool, type(None)):
        return False
    return not isinstance(member, (str, int)) or bool(value == member)


def _scan(values: Collection[Any]) -> None:
    """Raise :class:`Unsupported` for a value orjson would write itself, otherwise than
    ``json``, among ``values`` and the lists, tuples and tables within them."""
    plain = _PLAIN_TYPES
    if plain.issuperset(map(type, values)):
        return
    for value in values:
        cls = type(value)
        if cls in plain:
            continue
        kind = _KINDS.get(cls)
        if kind is None:
            kind = _kind(cls)
        if kind == _SEQUENCE:
            _scan(value)
        elif kind == _TABLE:
            _scan(value.values())
        elif kind == _UNSUPPORTED:
            raise Unsupported(cls.__name__)
