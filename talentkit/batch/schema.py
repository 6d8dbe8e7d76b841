"""The columnar form of a profile: one row per case, nested structs and lists.

The layout mirrors :class:`talentkit.Profile` field by field, with three changes a columnar
file needs:

* ``facts`` mappings become structs with one field per fact the installed plugins declare
  for that scope (a fact name keeps its dots: ``facts`` → ``fooland.notice_end``);
  ``fraction`` facts are stored as their text (``"1/3"``);
* ``attestations``, ``decisions`` and ``waivers`` become lists of structs with a ``key``
  field (the attestation key or rule id) beside the record's own fields;
* a field that is ``None`` is null; a list that is not stated is null, a stated empty list
  is ``[]``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal, Union

import attrs
import polars as pl

from talentkit import subjects
from talentkit.batch.flatten import items_of
from talentkit.convert import DATE_RANGE, MONEY_FIELDS
from talentkit.facts import FactSpec
from talentkit.inputkeys import InputKeys
from talentkit.listed import LISTED_ONCE
from talentkit.money import Money
from talentkit.subjects import Profile
from talentkit.typewalk import field_names, is_record

KEYED = {
    "attestations": subjects.Attestation,
    "decisions": subjects.Decision,
    "waivers": subjects.Waiver,
}
SCOPES: dict[type, str] = {
    Profile: "profile",
    subjects.Person: "person",
    subjects.Organisation: "organisation",
    subjects.Team: "team",
    subjects.Application: "application",
}
#: a ``fraction`` fact as its numerator and (positive) denominator: how rules read it, and
#: how a flat input may give it instead of its text (a record of two whole numbers)
FRACTION_PAIR = pl.Struct({"num": pl.Int64(), "den": pl.Int64()})
FACT_DTYPES: dict[str, pl.DataType] = {
    "bool": pl.Boolean(),
    "int": pl.Int64(),
    "yuan": pl.Int64(),
    "decimal": pl.String(),  # the number as written: "999.5"
    "str": pl.String(),
    "date": pl.Date(),
    "fraction": pl.String(),
    "list": pl.List(pl.String()),
    "dates": pl.List(pl.Date()),
}


def hints_of(cls: type) -> Mapping[str, Any]:
    """The field types of a subject class, resolved once per class (the classes are
    fixed; resolving them walked every annotation again, about half of what building a
    profile's schema costs, several times per run)."""
    return _hints(cls)


@functools.cache
def _hints(cls: type) -> Mapping[str, Any]:
    return types.MappingProxyType(typing.get_type_hints(cls, vars(subjects)))


def unwrap(tp: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return unwrap(args[0]) if len(args) == 1 else tp
    return tp


def dtype_of(tp: Any, facts: Mapping[str, FactSpec]) -> pl.DataType:
    tp = unwrap(tp)
    origin = typing.get_origin(tp)
    if origin is Literal or tp is str:
        return pl.String()
    if tp is bool:
        return pl.Boolean()
    if tp is int:
        return pl.Int64()
    if tp is dt.date:
        return pl.Date()
    if tp is Money:
        return pl.Int64()  # fen
    if origin is list:
        return pl.List(dtype_of(typing.get_args(tp)[0], facts))
    if isinstance(tp, type) and attrs.has(tp):
        return struct_of(tp, facts)
    raise TypeError(f"no columnar type for {tp!r}")


def facts_struct(scope: str, facts: Mapping[str, FactSpec]) -> pl.Struct | None:
    fields = {
        name: FACT_DTYPES[spec.type] for name, spec in sorted(facts.items()) if spec.scope == scope
    }
    return pl.Struct(fields) if fields else None


def struct_of(cls: type, facts: Mapping[str, FactSpec]) -> pl.Struct:
    fields: dict[str, pl.DataType] = {}
    for name, tp in hints_of(cls).items():
        if name == "facts":
            st = facts_struct(SCOPES.get(cls, "?"), facts)
            if st is not None:
                fields[name] = st
        elif name in KEYED and cls is Profile:
            inner = struct_of(KEYED[name], facts)
            fields[name] = pl.List(pl.Struct({"key": pl.String(), **dict(inner.to_schema())}))
        else:
            fields[name] = dtype_of(tp, facts)
    return pl.Struct(fields)


def profile_schema(facts: Mapping[str, FactSpec]) -> pl.Schema:
    """The canonical Parquet/polars schema of a profile, given the declared facts (a new
    schema each call: a caller may change it)."""
    # the schema reads each fact's name, scope and type alone: built once for those
    key = tuple((name, spec.scope, spec.type) for name, spec in facts.items())
    kept = _SCHEMAS.get(key)
    if kept is None:
        if len(_SCHEMAS) >= 8:
            _SCHEMAS.clear()
        kept = _SCHEMAS[key] = pl.Schema(struct_of(Profile, facts).to_schema())
    return pl.Schema(kept)


_SCHEMAS: dict[tuple[tuple[str, str, str], ...], pl.Schema] = {}


# --- profile <-> row ------------------------------------------------------------------


def _cell(value: Any) -> Any:
    cls = type(value)
    if cls is str or cls is bool or cls is int or value is None:  # most cells
        return value
    if isinstance(value, Money):
        return value.fen
    if isinstance(value, (Decimal, Fraction)):
        return str(value)
    if is_record(cls):
        return to_row(value)
    if isinstance(value, list):
        return [_cell(v) for v in value]
    return value


def to_row(obj: Any) -> dict[str, Any]:
    """A parsed profile (or part of one) as a columnar row."""
    row: dict[str, Any] = {}
    for name, how in _row_plan(type(obj)):
        value = getattr(obj, name)
        if how is _PLAIN:
            row[name] = value
        elif how is _KEYED:
            row[name] = [{"key": k, **to_row(v)} for k, v in value.items()]
        elif how is _FACTS:
            row[name] = {k: _cell(v) for k, v in value.items()}
        else:
            row[name] = _cell(value)
    return row


_PLAIN, _CELL, _KEYED, _FACTS = "plain", "cell", "keyed", "facts"


def _row_plan(cls: type) -> tuple[tuple[str, str], ...]:
    """How :func:`to_row` writes each field of ``cls``: as it is (text, numbers, dates,
    booleans and their lists, told from the field's type), a value converted by
    :func:`_cell`, a keyed table of a profile, or facts."""
    found = _ROW_PLANS.get(cls)
    if found is None:
        hints = _hints_or_none(cls)
        found = _ROW_PLANS[cls] = tuple(
            (
                name,
                _KEYED
                if name in KEYED and issubclass(cls, Profile)
                else _FACTS
                if name == "facts"
                else _PLAIN
                if hints is not None and name in hints and _plain(hints[name])
                else _CELL,
            )
            for name in field_names(cls)
        )
    return found


_ROW_PLANS: dict[type, tuple[tuple[str, str], ...]] = {}


def _hints_or_none(cls: type) -> Mapping[str, Any] | None:
    try:
        return hints_of(cls)
    except Exception:  # an annotation not resolved here: every field converted
        return None


def _plain(tp: Any) -> bool:
    """Whether a value of the type ``tp`` is its own cell (see :func:`_cell`)."""
    if tp is type(None) or tp in (str, bool, int, dt.date):
        return True
    origin = typing.get_origin(tp)
    if origin is Literal:
        return all(isinstance(a, (str, bool, int)) for a in typing.get_args(tp))
    if origin in (Union, types.UnionType, list):
        return all(_plain(a) for a in typing.get_args(tp))
    return False


def _drop_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_nulls(v) for v in value]
    return value


def from_row(row: Mapping[str, Any], facts: Mapping[str, FactSpec]) -> dict[str, Any]:
    """A columnar row back as the input mapping :meth:`Engine.load` parses.

    Money columns hold integer fen; they come back as :class:`Money` so the parser does
    not read them as yuan.
    """
    out: dict[str, Any] = _drop_nulls(dict(row))
    _money_back(out, Profile, facts)
    for name in KEYED:
        items = out.get(name)
        if isinstance(items, list):
            out[name] = {i.pop("key", ""): i for i in (dict(x) for x in items)}
    return out


def _money_back(value: Any, tp: Any, facts: Mapping[str, FactSpec]) -> Any:
    tp = unwrap(tp)
    if tp is Money:
        return Money(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if typing.get_origin(tp) is list and isinstance(value, list):
        return [_money_back(v, typing.get_args(tp)[0], facts) for v in value]
    if isinstance(tp, type) and attrs.has(tp) and isinstance(value, dict):
        hints = hints_of(tp)
        for name in list(value):
            if name == "facts" and isinstance(value[name], dict):
                scope = SCOPES.get(tp, "?")
                for fname, fvalue in value[name].items():
                    spec = facts.get(fname)
                    if spec is not None and spec.type == "yuan" and spec.scope == scope:
                        value[name][fname] = _money_back(fvalue, Money, facts)
            elif name in KEYED and tp is Profile:
                value[name] = _money_back(value[name], list[KEYED[name]], facts)  # type: ignore[valid-type]
            elif name in hints:
                value[name] = _money_back(value[name], hints[name], facts)
    return value


# --- columnar validation ------------------------------------------------------------------

_FRACTION = re.compile(r"^-?\d+(/[1-9]\d*)?$")
_DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")


def unknown_key(key: pl.Expr, allowed: Iterable[str]) -> pl.Expr:
    """True where an entry's ``key`` (an attestation's, a decision's, a waiver's) is not
    one a programme asks for: none of ``allowed``, or null (read as the key ``""``,
    which the parser rejects as it rejects any other)."""
    return key.is_null() | ~key.is_in(list(allowed))


def fact_check(fexpr: pl.Expr, spec: FactSpec | None) -> pl.Expr | None:
    """True where the fact's value (in the columnar type) would fail the parser (a
    superset: text the pattern does not take is parsed to be sure); None: no check."""
    if spec is None:
        return None
    if spec.type == "str" and spec.values:
        return fexpr.is_not_null() & ~fexpr.is_in(list(spec.values))
    if spec.type == "list" and spec.values:
        return fexpr.list.eval(~pl.element().is_in(list(spec.values))).list.any().fill_null(False)
    if spec.type == "fraction":
        return fexpr.is_not_null() & ~fexpr.str.contains(_FRACTION.pattern)
    if spec.type == "decimal":
        return fexpr.is_not_null() & ~fexpr.str.contains(_DECIMAL.pattern)
    if spec.type == "date":
        return out_of_range(fexpr)
    if spec.type == "yuan":
        return fexpr.is_not_null() & (fexpr < 0)
    return None


def out_of_range(expr: pl.Expr) -> pl.Expr:
    """True where a date is outside :data:`~talentkit.convert.DATE_RANGE`."""
    low, high = DATE_RANGE
    return expr.is_not_null() & ((expr < low) | (expr > high))


def bad_value(
    expr: pl.Expr,
    tp: Any,
    dtype: Any,
    facts: Mapping[str, FactSpec],
    keys: InputKeys | None = None,
) -> pl.Expr | None:
    """An expression true where the value would fail the core's parser (a superset)."""
    tp = unwrap(tp)
    origin = typing.get_origin(tp)
    if tp is dt.date and dtype == pl.Date():
        return out_of_range(expr)
    if origin is Literal:
        return expr.is_not_null() & ~expr.is_in(list(typing.get_args(tp)))
    if origin is list and isinstance(dtype, pl.List):
        item = typing.get_args(tp)[0]
        inner = bad_value(pl.element(), item, dtype.inner, facts, keys)
        bad = None if inner is None else expr.list.eval(inner).list.any().fill_null(False)
        twice = _repeated(expr, item, dtype.inner)
        return twice if bad is None else bad if twice is None else bad | twice
    if isinstance(tp, type) and attrs.has(tp) and isinstance(dtype, pl.Struct):
        return _bad_struct(expr, tp, dtype, facts, keys)
    return None


def _repeated(expr: pl.Expr, item: Any, dtype: Any) -> pl.Expr | None:
    """True where a list names one subject twice (:mod:`talentkit.listed`)."""
    names = LISTED_ONCE.get(unwrap(item))
    if names is None or not isinstance(dtype, pl.Struct):
        return None
    present = dict(dtype.to_schema())
    if any(name not in present for name in names):
        return None
    n = expr.list.len()
    # most lists hold one or two items: two compared part by part (a part absent never
    # matches), without building their identities
    same = []
    for name in names:
        part = expr.list.eval(pl.element().struct.field(name))
        same.append(part.list.first() == part.list.last())
    two = (n == 2) & pl.all_horizontal(same).fill_null(False)
    # the longer lists searched item by item, by the identity as one text (null when a
    # part is absent): built for those lists only
    key = pl.concat_str(
        [pl.element().struct.field(n).cast(pl.String) for n in names], separator="\x00"
    )
    longer = pl.when(n > 2).then(expr).list.eval(key)
    many = longer.list.eval(pl.element().drop_nulls().is_duplicated())
    return two | many.list.any().fill_null(False)


def _allowed(name: str, keys: InputKeys) -> frozenset[str]:
    return {
        "attestations": keys.attestations,
        "decisions": keys.decisions,
        "waivers": keys.waivable,
    }[name]


def _bad_struct(
    expr: pl.Expr,
    cls: type,
    dtype: pl.Struct,
    facts: Mapping[str, FactSpec],
    keys: InputKeys | None = None,
    texts: list[TextCheck] | None = None,
    fields: list[FieldCheck] | None = None,
) -> pl.Expr | None:
    found = _struct_parts(expr, cls, dtype, facts, keys, texts=texts, fact_checks=fields)
    parts = [part for _, part in found]
    if not parts:
        return None
    return pl.any_horizontal(parts).fill_null(False)


def _struct_parts(
    expr: pl.Expr | None,
    cls: type,
    dtype: pl.Struct,
    facts: Mapping[str, FactSpec],
    keys: InputKeys | None = None,
    lists: dict[str, ItemChecks] | None = None,
    texts: list[TextCheck] | None = None,
    record_texts: dict[str, RecordChecks] | None = None,
    fact_checks: list[FieldCheck] | None = None,
) -> list[tuple[str, pl.Expr]]:
    """(field, expression true where the field's value is bad) of a struct; with ``expr``
    None the struct is the row and its fields are the frame's columns. With ``lists``, the
    checks of a column that is a list of records go there instead, as checks of its items
    (:class:`ItemChecks`). With ``texts``, the checks of a text field or fact that test
    each value alone go there instead (:class:`TextCheck`); with ``record_texts``, those of
    the fields of a column that is a record, by the column (:class:`RecordChecks`); with
    ``fact_checks``, the facts' checks (each false where its fact is absent) go there, by
    the fact's path from the record (from the column ``facts`` where ``expr`` is None)."""
    present = dict(dtype.to_schema())
    hints = hints_of(cls)
    parts: list[tuple[str, pl.Expr]] = []
    here = pl.lit(True) if expr is None else expr.is_not_null()
    for field in attrs.fields(cls):
        name = field.name
        if name not in present:
            if field.default is attrs.NOTHING:
                parts.append(("", here))
            continue
        sub = pl.col(name) if expr is None else expr.struct.field(name)
        if field.default is attrs.NOTHING:  # (a column null in every row still fails this)
            parts.append(("" if expr is None else name, here & sub.is_null()))
        if name == "facts":
            fdt = present[name]
            assert isinstance(fdt, pl.Struct)
            for fname, fdtype in fdt.to_schema().items():
                spec = facts.get(fname)
                check = fact_check(sub.struct.field(fname), spec)
                if check is None:
                    continue
                if texts is not None and fdtype == pl.String():
                    value = fact_check(pl.col(VALUE), spec)
                    assert value is not None
                    texts.append(TextCheck((name, fname), check, value))
                elif fact_checks is not None:
                    fact_checks.append(((fname,) if expr is None else (name, fname), check))
                else:
                    parts.append((name, check))
            continue
        if name in MONEY_FIELDS.get(cls, ()):
            parts.append((name, sub.is_not_null() & (sub < 0)))
        if lists is not None and expr is None:
            items = _item_checks(name, cls, present[name], facts, keys)
            if items is not None:
                lists[name] = items
                continue
        if name in KEYED and cls is Profile:
            tp: Any = list[KEYED[name]]  # type: ignore[valid-type]
            if keys is not None:
                allowed = sorted(_allowed(name, keys))
                parts.append(
                    (
                        name,
                        sub.list.eval(unknown_key(pl.element().struct.field("key"), allowed))
                        .list.any()
                        .fill_null(False),
                    )
                )
        else:
            tp = hints[name]
        record_tp, record_dt = unwrap(tp), present[name]
        if (
            record_texts is not None
            and expr is None
            and isinstance(record_dt, pl.Struct)
            and isinstance(record_tp, type)
            and attrs.has(record_tp)
        ):
            found: list[TextCheck] = []
            by_fact: list[FieldCheck] = []
            bad = _bad_struct(sub, record_tp, record_dt, facts, keys, found, by_fact)
            if found or by_fact:
                record_texts[name] = RecordChecks(None, tuple(found), tuple(by_fact))
        else:
            bad = bad_value(sub, tp, present[name], facts, keys)
        if bad is None:
            continue
        if texts is not None and present[name] == pl.String():
            value = bad_value(pl.col(VALUE), tp, pl.String(), facts, keys)
            assert value is not None
            texts.append(TextCheck((name,), bad, value))
        else:
            parts.append((name, bad))
    return parts


def suspect_rows(
    schema: pl.Schema, facts: Mapping[str, FactSpec], keys: InputKeys | None = None
) -> pl.Expr:
    """True for rows the core's parser might reject (they are then parsed one by one):
    the same validation as every other input, whatever the file format."""
    dtype = pl.Struct(dict(schema))
    row = pl.struct(list(schema.names()))
    parts = [
        p
        for p in (_bad_struct(row, Profile, dtype, facts, keys), _null_item(row, dtype))
        if p is not None
    ]
    return pl.any_horizontal(parts) if parts else pl.lit(False)


def _null_item(expr: pl.Expr, dtype: Any) -> pl.Expr | None:
    """True where a list below ``expr`` holds a null item (:func:`null_item_rows`, which
    the batch runs instead: this searches every list of every row)."""
    if isinstance(dtype, pl.List):
        inner = _null_item(pl.element(), dtype.inner)
        item = pl.element().is_null() if inner is None else pl.element().is_null() | inner
        return expr.list.eval(item).list.any().fill_null(False)
    if isinstance(dtype, pl.Struct):
        fields = [_null_item(expr.struct.field(f.name), f.dtype) for f in dtype.fields]
        parts = [f for f in fields if f is not None]
        return pl.any_horizontal(parts).fill_null(False) if parts else None
    return None


def suspect_by_column(
    schema: pl.Schema, facts: Mapping[str, FactSpec], keys: InputKeys | None = None
) -> dict[str, pl.Expr | ItemChecks | RecordChecks]:
    """:func:`suspect_rows` split by the column each check reads (``""``: every row, a
    required column is absent). A column that is null in every row of a chunk can flag no
    row there, so its checks need not run. A list of records is checked item by item
    (:class:`ItemChecks`); the row's facts fact by fact (:attr:`RecordChecks.fields`)."""
    grouped: dict[str, list[pl.Expr]] = {}
    lists: dict[str, ItemChecks] = {}
    records: dict[str, RecordChecks] = {}
    by_fact: list[FieldCheck] = []
    dtype = pl.Struct(dict(schema))
    for name, part in _struct_parts(
        None, Profile, dtype, facts, keys, lists, None, records, by_fact
    ):
        grouped.setdefault(name, []).append(part)
    out: dict[str, pl.Expr | ItemChecks | RecordChecks] = {
        name: pl.any_horizontal(parts).fill_null(False) for name, parts in grouped.items()
    }
    for name, found in records.items():
        rest = out.get(name)
        out[name] = attrs.evolve(found, rows=rest if isinstance(rest, pl.Expr) else None)
    if by_fact:
        rest = out.get("facts")
        assert not isinstance(rest, ItemChecks | RecordChecks)
        out["facts"] = RecordChecks(rest, (), tuple(by_fact))
    for name, items in lists.items():
        rows = out.get(name)  # (a check of the list itself, such as an amount's sign)
        if isinstance(rows, pl.Expr):
            items = attrs.evolve(items, rows=rows)
        out[name] = items
    return out


#: the column of a list's items laid end to end (:class:`ItemChecks`)
ITEM = "\0item"
#: a column of texts a :class:`TextCheck` tests
VALUE = "\0value"


@attrs.frozen
class TextCheck:
    """A check of a text field of a list's items that tests each value by itself: ``path``
    the field under the item (a fact: ``("facts", name)``), ``part`` the check of the
    items (an expression of :data:`ITEM`), ``test`` the same check of texts (of
    :data:`VALUE`). Where every text the field can hold passes ``test``, ``part`` flags
    no item."""

    path: tuple[str, ...]
    part: pl.Expr
    test: pl.Expr

    def passed(self, texts: pl.Series | None) -> bool:
        """Whether ``texts`` (those the field can hold; None: unknown) all pass. The
        answer for a few texts is kept (:data:`KEPT_PASSED`): a file's chunks hold the same
        few texts, and each test is a query of its own."""
        if texts is None:
            return False
        key = (id(self), tuple(texts.to_list())) if texts.len() <= FEW_TEXTS else None
        if key is not None:
            hit = _PASSED.get(key)
            if hit is not None and hit[0] is self:
                return hit[1]
        found = texts.alias(VALUE).to_frame().select(self.test.fill_null(False).any())
        passed = not found.item()
        if key is not None:
            if len(_PASSED) >= KEPT_PASSED:
                _PASSED.clear()
            _PASSED[key] = (self, passed)
        return passed

    def settled(self, texts: pl.Series | None, values: pl.Series | None) -> bool:
        """Whether :attr:`part` flags no item: every text the field can hold passes, the
        texts known (``texts``) or else found few in the field's ``values`` (the
        record's or the items' column; see :func:`few_texts`)."""
        if texts is None and values is not None:
            return bool(settled_by_few((self,), values))
        return self.passed(texts)


#: the answers of :meth:`TextCheck.passed` kept, by check and texts (the check kept beside,
#: so that its id stays its own), at most this many
KEPT_PASSED = 4096
_PASSED: dict[tuple[int, tuple[Any, ...]], tuple[TextCheck, bool]] = {}


def settled_by_few(
    checks: Sequence[TextCheck], values: pl.Series, records: Records | None = None
) -> set[int]:
    """The positions in ``checks`` of those that flag no value of ``values`` (a record's
    or the items' column, each check's field at its path): the field holds a few texts,
    all passing (:func:`few_texts`). The fields' texts are found in two queries for all
    of them, not two each (a record's or a list's fields are many: about 1 ms a query of a
    chunk of 50,000 rows). ``records``: the records of ``values`` taken apart so far,
    shared with :func:`given_only` on the same values."""
    if values.len() < SETTLED_ROWS:
        return set()
    # the records taken apart once (a field's column shares the record's buffers); a
    # field null throughout holds no text, known from its count of nulls
    records = {} if records is None else records
    fields: dict[str, pl.Series] = {}
    out: set[int] = set()
    for i, check in enumerate(checks):
        field = _field_at(values, check.path, records)
        if field is None or field.dtype != pl.String():
            continue
        if field.null_count() == field.len():
            out.add(i)  # (every test passes no text)
        else:
            fields[str(i)] = field.alias(str(i))
    if fields:
        found = few_texts_by(pl.DataFrame(list(fields.values())), {n: pl.col(n) for n in fields})
        out.update(
            int(i)
            for i, texts in found.items()
            if checks[int(i)].passed(pl.Series(texts, dtype=pl.String()))
        )
    return out


FieldCheck = tuple[tuple[str, ...], pl.Expr]
"""A check of one field (by its path from a column's values) that is false where the
field is null: a fact's."""


Records = dict[tuple[str, ...], pl.DataFrame | None]
"""Records of a column taken apart (polars rebuilds every field of a record to give one),
by their path from the column: None where there is no record (see :func:`_field_at`)."""


def given_only(
    checks: Sequence[FieldCheck], values: pl.Series | None, records: Records | None = None
) -> list[pl.Expr]:
    """Those of ``checks`` whose field holds a value somewhere in ``values`` (a record's or
    the items' column; None: unseen, every check): each other is false throughout, and
    leaving it out saves its planning as well as its pass (a record of facts holds
    dozens, most of them null in a given file). Each record is taken apart once
    (``records``, shared with :func:`settled_by_few` on the same values)."""
    if values is None:
        return [check for _, check in checks]
    records = {} if records is None else records
    out = []
    for path, check in checks:
        field = _field_at(values, path, records)
        if field is None or field.null_count() < field.len():
            out.append(check)
    return out


def _field_at(values: pl.Series, path: Sequence[str], records: Records) -> pl.Series | None:
    """The field at ``path`` of the records ``values``; None where there is none. Each
    record on the way is taken apart once (``records``, by its path)."""
    column = values
    for depth, name in enumerate(path):
        key = tuple(path[:depth])
        if key not in records:
            records[key] = column.struct.unnest() if isinstance(column.dtype, pl.Struct) else None
        record = records[key]
        if record is None or name not in record.columns:
            return None
        column = record.get_column(name)
    return column


#: the rows whose texts a chunk's text field is tested to hold throughout (see
#: :func:`few_texts`), and the most texts tested so
SAMPLE_ROWS = 4096
FEW_TEXTS = 8
#: the rows a chunk needs for its text checks to be settled so (fewer: the test costs
#: about what the checks do)
SETTLED_ROWS = 2 * SAMPLE_ROWS


def few_texts(values: pl.Series) -> pl.Series | None:
    """The texts of ``values`` (nulls left out) where they are few: those of its first
    :data:`SAMPLE_ROWS`, at most :data:`FEW_TEXTS`, when every value is one of them or
    null; else None (too few values to be worth it, too many texts, another type). Each
    value is compared with each text (string views compared), neither hashed nor matched
    against a pattern: a fraction's pattern costs about 25 ns a value, a comparison about
    1 ns (as :meth:`talentkit.batch.flat.FlatPlan._settled` does for a flat chunk)."""
    if values.dtype != pl.String() or values.len() < SETTLED_ROWS:
        return None
    found = few_texts_by(values.alias(VALUE).to_frame(), {VALUE: pl.col(VALUE)})
    return pl.Series(found[VALUE], dtype=pl.String()) if VALUE in found else None


def few_texts_by(
    frame: pl.DataFrame, texts: Mapping[str, pl.Expr], sample: int | None = None
) -> dict[str, tuple[str, ...]]:
    """:func:`few_texts` of each of ``texts`` (text columns of ``frame`` by name), sorted,
    for those that hold a few; in two queries for them all, whatever their number: the
    distinct texts of the first ``sample`` rows (:data:`SAMPLE_ROWS`), then each column
    compared with its own. The caller decides whether ``frame`` is long enough."""
    if not texts:
        return {}
    head = frame.head(SAMPLE_ROWS if sample is None else sample).select(
        e.drop_nulls().unique().implode().alias(n) for n, e in texts.items()
    )
    few = {n: tuple(sorted(t)) for n, t in head.row(0, named=True).items() if len(t) <= FEW_TEXTS}
    if not few:
        return {}
    covered = frame.select(null_or_one_of(texts[n], t).all().alias(n) for n, t in few.items()).row(
        0, named=True
    )
    return {n: t for n, t in few.items() if covered[n]}


def null_or_one_of(value: pl.Expr, texts: Iterable[str]) -> pl.Expr:
    """True where ``value`` is null or one of ``texts``, compared with each in turn."""
    return value.is_null() | pl.any_horizontal([value == t for t in texts] or [pl.lit(False)])


@attrs.frozen
class RecordChecks:
    """The checks of a column that is a record (``person``, ``application``): ``rows``
    those of its fields but the text fields and facts tested value by value, ``texts``
    those (their paths from the column), each run only where the texts its field can hold
    in the chunk do not all pass."""

    rows: pl.Expr | None
    texts: tuple[TextCheck, ...]
    #: checks of one field each, false where the field is null (a fact's, by its path
    #: from the column): run only where the field holds a value in the chunk (most facts
    #: are absent from most files)
    fields: tuple[FieldCheck, ...] = ()

    def exprs(
        self,
        column: str,
        texts: Mapping[tuple[str, ...], pl.Series] | None,
        values: pl.Series | None = None,
    ) -> list[pl.Expr]:
        """The checks to run on a chunk of the column ``column`` whose text fields can hold
        ``texts`` (by their paths from the column, where known; else, where ``values``
        are the chunk's column, the few texts it holds)."""
        known = texts or {}
        out = [] if self.rows is None else [self.rows]
        given = [known.get((column, *c.path)) for c in self.texts]
        unknown = [i for i, t in enumerate(given) if t is None]
        records: Records = {}
        few = (
            set()
            if values is None
            else settled_by_few([self.texts[i] for i in unknown], values, records)
        )
        settled = {unknown[j] for j in few}
        out += [
            c.part.fill_null(False)
            for i, (c, t) in enumerate(zip(self.texts, given, strict=True))
            if not (i in settled if t is None else c.passed(t))
        ]
        return out + given_only(self.fields, values, records)


@attrs.frozen
class ItemChecks:
    """The checks of a column that is a list of records, on its items laid end to end
    instead of inside each row's list (``list.eval`` per row costs several times more):
    ``bad`` true for an item that fails a check (an expression of :data:`ITEM`);
    ``names`` the fields that identify a subject (:mod:`talentkit.listed`), two items of
    a row with the same values naming it twice; ``rows`` a check of the row itself."""

    column: str
    bad: pl.Expr | None
    names: tuple[str, ...] | None
    rows: pl.Expr | None = None
    #: checks of text fields, run where the texts a field can hold do not all pass
    texts: tuple[TextCheck, ...] = ()
    #: checks of the items' facts, run where the fact is given (see :func:`given_only`)
    fields: tuple[FieldCheck, ...] = ()

    def flagged(
        self, frame: pl.DataFrame, texts: Mapping[tuple[str, ...], pl.Series] | None = None
    ) -> set[int]:
        """The indices of the rows of ``frame`` these checks flag; ``texts``: the texts a
        text field of the items can hold, by its path from the column (where known)."""
        out: set[int] = set()
        if self.rows is not None:
            out.update(frame.select(self.rows).to_series().arg_true().to_list())
        known = texts or {}
        found = [] if self.bad is None else [self.bad.fill_null(False)]
        unsettled = [c for c in self.texts if not c.passed(known.get((self.column, *c.path)))]
        if not found and not unsettled and not self.fields and self.names is None:
            return out
        lists = frame.get_column(self.column)
        listed = items_of(lists)
        items = listed.alias(ITEM).to_frame()
        if items.height == 0:
            return out
        # a text field whose items hold a few texts, all passing, is not checked item by item
        records: Records = {}  # (the items taken apart once for both)
        few = settled_by_few(unsettled, listed, records)
        found += [c.part.fill_null(False) for i, c in enumerate(unsettled) if i not in few]
        found += given_only(self.fields, listed, records)
        rows: pl.Series | None = None  # the row of each item, built when it is needed
        if self.names is not None and _named(items.get_column(ITEM), self.names):
            rows = _positions(lists)
            counts = lists.list.len().gather(rows)
            items = items.with_columns(row=rows)
            found.append(_twice_items(self.names, counts))
        if not found:
            return out
        marked = items.select(pl.any_horizontal(found)).to_series().arg_true()
        if marked.len():
            rows = _positions(lists) if rows is None else rows
            out.update(rows.gather(marked).to_list())
        return out


def _named(items: pl.Series, names: Sequence[str]) -> bool:
    """Whether some item could name a subject twice: none can where a part of the names
    is absent from every item (a part absent never matches; the benchmark's organisations
    give no ``id``), and then the items' rows and comparisons are not built."""
    return all(items.struct.field(n).null_count() < items.len() for n in names)


def _positions(lists: pl.Series) -> pl.Series:
    """The row of each item of ``lists`` laid end to end."""
    rows = pl.int_range(lists.len(), dtype=pl.UInt32(), eager=True)
    out: pl.Series = rows.repeat_by(lists.list.len())
    return out.explode(empty_as_null=False, keep_nulls=False)


def _twice_items(names: Sequence[str], counts: pl.Series) -> pl.Expr:
    """True for an item that names the subject an earlier item of its row names
    (:func:`_repeated`: two items compared part by part, a longer list by the identity as
    one text, a part absent never matching); ``counts`` the length of each item's list."""
    parts = [pl.col(ITEM).struct.field(n) for n in names]
    n = pl.lit(counts)
    same_row = pl.col("row") == pl.col("row").shift(1)
    two = (n == 2) & same_row & pl.all_horizontal(p == p.shift(1) for p in parts)
    most = counts.max()
    if not isinstance(most, int) or most <= 2:  # (the identities would be built for every item)
        return two.fill_null(False)
    key = pl.concat_str([p.cast(pl.String) for p in parts], separator="\x00")
    longer = pl.when((n > 2) & key.is_not_null()).then(pl.struct(pl.col("row"), key.alias("k")))
    many = longer.is_not_null() & longer.is_duplicated()
    return two.fill_null(False) | many


def _item_checks(
    name: str,
    cls: type,
    dtype: Any,
    facts: Mapping[str, FactSpec],
    keys: InputKeys | None,
) -> ItemChecks | None:
    """The checks of the row's column ``name`` (of the record ``cls``) as
    :class:`ItemChecks`, when it is a list of records."""
    if not isinstance(dtype, pl.List) or not isinstance(dtype.inner, pl.Struct):
        return None
    if name in KEYED and cls is Profile:
        item: Any = KEYED[name]
    else:
        args = typing.get_args(unwrap(hints_of(cls)[name]))
        item = unwrap(args[0]) if args else None
        if not (isinstance(item, type) and attrs.has(item)):
            return None
    element = pl.col(ITEM)
    texts: list[TextCheck] = []
    if name in KEYED and cls is Profile and keys is not None:
        allowed = sorted(_allowed(name, keys))
        key = ~element.struct.field("key").is_in(allowed)
        texts.append(TextCheck(("key",), key, ~pl.col(VALUE).is_in(allowed)))
    by_fact: list[FieldCheck] = []
    inner = _bad_struct(element, item, dtype.inner, facts, keys, texts, by_fact)
    if name in KEYED and cls is Profile and keys is not None:
        # (a null key passes the key's text check, which leaves nulls out: checked here)
        null_key = element.is_not_null() & element.struct.field("key").is_null()
        inner = null_key if inner is None else inner | null_key
    names = LISTED_ONCE.get(item)
    fields = dict(dtype.inner.to_schema())
    if names is not None and any(n not in fields for n in names):
        names = None
    return ItemChecks(name, inner, names, texts=tuple(texts), fields=tuple(by_fact))


def unknown_columns(names: Iterable[str], schema: pl.Schema) -> list[str]:
    return [n for n in names if n not in schema]


def profiles_frame(profiles: Iterable[Profile], facts: Mapping[str, FactSpec]) -> pl.DataFrame:
    """Parsed profiles as a frame in the canonical layout (e.g. to write Parquet input)."""
    return rows_frame([to_row(p) for p in profiles], facts)


def rows_frame(rows: Sequence[Mapping[str, Any]], facts: Mapping[str, FactSpec]) -> pl.DataFrame:
    """Rows of :func:`to_row` as a frame in the canonical layout, built by Arrow (about a
    quarter of polars' time from rows of nested records). A parsed case's values fit
    their columns (integers and fen within 64 bits, dates in range, text without lone
    surrogates), so nothing is cut."""
    import pyarrow as pa

    schema = profile_schema(facts)
    if not rows:
        return pl.DataFrame(schema=schema)
    frame = pl.from_arrow(pa.Table.from_pylist(rows, schema=_arrow_schema(schema)))
    assert isinstance(frame, pl.DataFrame)
    return frame


def _arrow_schema(schema: pl.Schema) -> Any:
    key = tuple(schema.items())
    found = _ARROW_SCHEMAS.get(key)
    if found is None:
        if len(_ARROW_SCHEMAS) >= 8:
            _ARROW_SCHEMAS.clear()
        found = _ARROW_SCHEMAS[key] = pl.DataFrame(schema=schema).to_arrow().schema
    return found


_ARROW_SCHEMAS: dict[tuple[tuple[str, pl.DataType], ...], Any] = {}


def null_item_rows(frame: pl.DataFrame) -> set[int]:
    """The indices of the rows of ``frame`` with a null item in a list, at any depth (the
    parser rejects ``evidence: [null]`` as it rejects ``records: [null]``; a row of a null
    record may be flagged too, which parsing it clears). A column is searched only where
    its Arrow form counts a null item in a list's children, which costs next to nothing."""
    out: set[int] = set()
    newest = pl.CompatLevel.newest()
    for name, dtype in frame.schema.items():
        if not _has_list(dtype):
            continue
        column = frame.get_column(name)
        if column.null_count() == column.len():
            continue
        # (the newest Arrow form is polars' own buffers: the default converts the texts)
        parts = [column] if column.n_chunks() == 1 else column.get_chunks()
        if any(_null_items(p.to_arrow(compat_level=newest)) for p in parts):
            rows = pl.int_range(column.len(), dtype=pl.UInt32(), eager=True)
            out |= _rows_of_null_items(column, rows)
    return out


def _has_list(dtype: Any) -> bool:
    if isinstance(dtype, pl.List):
        return True
    if isinstance(dtype, pl.Struct):
        return any(_has_list(f.dtype) for f in dtype.fields)
    return False


def _null_items(array: Any) -> bool:
    """Whether some list below ``array`` has a null among its children (all of them, those
    of null or sliced-off rows included: a superset)."""
    if _is_list(array.type):
        return bool(array.values.null_count) or _null_items(array.values)
    return any(_null_items(array.field(i)) for i in _with_lists(array.type))


def _is_list(t: Any) -> bool:
    import pyarrow as pa

    return bool(pa.types.is_list(t) or pa.types.is_large_list(t))


@functools.cache
def _with_lists(t: Any) -> tuple[int, ...]:
    """The fields of an Arrow struct type ``t`` that hold a list (none if not a struct)."""
    import pyarrow as pa

    def holds(u: Any) -> bool:
        return _is_list(u) or (pa.types.is_struct(u) and any(holds(f.type) for f in u))

    if not pa.types.is_struct(t):
        return ()
    return tuple(i for i, f in enumerate(t) if holds(f.type))


def _rows_of_null_items(column: pl.Series, rows: pl.Series) -> set[int]:
    """``rows`` (the row of each value of ``column``) of the values holding a null item."""
    dtype = column.dtype
    if isinstance(dtype, pl.Struct):
        out: set[int] = set()
        for field in dtype.fields:
            if _has_list(field.dtype):
                out |= _rows_of_null_items(column.struct.field(field.name), rows)
        return out
    if not isinstance(dtype, pl.List):
        return set()
    items = items_of(column)
    of_items = rows.repeat_by(column.list.len()).explode(empty_as_null=False, keep_nulls=False)
    out = set(of_items.filter(items.is_null()).to_list())
    if _has_list(dtype.inner):
        out |= _rows_of_null_items(items, of_items)
    return out


def field_column(frame: pl.DataFrame, path: str) -> tuple[pl.Series | None, bool]:
    """The column of ``frame`` (the nested layout) at a fact path of the case
    (``application.facts.<name>``, ``team.name``), and whether the path is one followed
    here: a field of records from a column (None where the frame has no such field), not
    a selector into a list or a path from the case's root."""
    if "[" in path or path.startswith("$"):
        return None, False
    parts = path.split(".")
    if "facts" in parts[:-1]:  # a declared fact's name is the rest of the path
        at = parts.index("facts")
        parts = [*parts[: at + 1], ".".join(parts[at + 1 :])]
    # (the column's own type, not the frame's schema: built afresh, every nested type)
    column = frame.get_column(parts[0], default=None)
    for name in parts[1:]:
        if column is None:
            break
        dtype = column.dtype
        if not isinstance(dtype, pl.Struct):
            return None, False
        # (a record's field taken out of the series: no query planned)
        found = any(f.name == name for f in dtype.fields)
        column = column.struct.field(name) if found else None
    return column, True


#: the declared fact types whose values a column holds as the engine reads them
PLAIN_FACTS = frozenset({"bool", "int", "str", "date", "list", "dates"})


def plain_path(path: str, facts: Mapping[str, FactSpec]) -> bool:
    """Whether the values at a fact path of the case are, in the nested layout's column,
    the very values the engine reads (text, whole numbers, booleans, dates and their
    lists), not money in fen, a fraction's text or a record."""
    if "[" in path or path.startswith("$"):
        return False
    parts = path.split(".")
    cls: Any = Profile
    for i, name in enumerate(parts):
        if name == "facts" and i + 1 < len(parts):
            spec = facts.get(".".join(parts[i + 1 :]))
            return spec is not None and spec.type in PLAIN_FACTS
        hints = _hints_or_none(cls) if isinstance(cls, type) and is_record(cls) else None
        if hints is None or name not in hints or name in KEYED:
            return False
        cls = unwrap(hints[name])
    return _plain(cls) and not (isinstance(cls, type) and is_record(cls))
