"""Declared rules compiled to polars expressions, in the engine's three-valued logic.

Every rule compiles to a :class:`Compiled`: a status column (small integers, see
:data:`CODES`), the list of missing fact names and the list of review criteria, exactly as
the single-case engine reports them. A null *list* in a row means "not computed here": that
row's assessment is redone by the single-case engine. A null fact is never false: it makes
the rule ``unknown``.

Rules over list items (:class:`Count`, :class:`Share`, :class:`NoneWithin`) run as a *step*:
the list is exploded, the item rule evaluated on the items (whose columns sit beside the
case's own), and the tallies aggregated back per case.

A rule the compiler does not know (``Custom``, a plugin's own class) or
cannot express raises :class:`NotCompilable`; the screening run then evaluates that
top-level rule row by row with the engine and reports it.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import functools
import itertools
import operator
import re
from collections.abc import Callable, Hashable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar

import attrs
import polars as pl

from talentkit.batch import fraction_bytes, tables
from talentkit.batch.arrays import from_arrow
from talentkit.batch.cutoff import Build, per_value, per_values, threshold
from talentkit.batch.keyed import Lookup, lookup_columns, searchable
from talentkit.batch.queries import IN_MEMORY
from talentkit.batch.schema import FRACTION_PAIR
from talentkit.batch.union import SpellUnion, spell_unions
from talentkit.dates import AGE_METHODS, LEAP_DAYS, UNLIMITED, Period
from talentkit.facts import MISSING, FactSpec
from talentkit.money import Money
from talentkit.params import ParameterStore
from talentkit.rules import (
    AgeAtLeast,
    AgeAtMost,
    AllOf,
    AnyOf,
    Attested,
    Compare,
    Count,
    DateCompare,
    Duration,
    InRole,
    Judgement,
    NoneWithin,
    Not,
    OneOf,
    ParamIs,
    Rule,
    Share,
    Status,
    When,
    WorkdaysWithin,
)
from talentkit.rules.context import Context
from talentkit.rules.refs import AS_OF, REF, F, P
from talentkit.semantics import count_range
from talentkit.subjects import Profile
from talentkit.workdays import WorkdayCalendar, known_years

CODES: dict[Status, int] = {
    Status.PASS: 6,
    Status.FAIL: 0,
    Status.UNKNOWN: 2,
    Status.REVIEW: 3,
    Status.WAIVED: 4,
    Status.NA: 8,
}
"""Each status's code, a byte. Numbered so that every combination of statuses is one
operation (each node of an expression costs the planning of every chunk as well as a pass
over its rows): in the verdict's order (fail, unknown, review, waived, then pass and not
applicable), so the least code decides a verdict and an all-of (:func:`worst_of`); and
with ``code ^ 6`` in an any-of's order (pass, waived, unknown, review, fail, then not
applicable), so an any-of is the least of those (:func:`best_of`)."""
STATUS_OF = {v: k for k, v in CODES.items()}
PASS, FAIL, UNKNOWN, REVIEW, WAIVED, NA = (CODES[s] for s in Status)
CODE = pl.UInt8()
NAMES = pl.List(pl.String())
EMPTY = pl.lit([], dtype=NAMES)

# --- literals built once ----------------------------------------------------------------
#
# Building a literal costs a Series (tens of microseconds, milliseconds for an empty list of
# records), and a run's plans hold thousands of the same few: each is built once and
# shared (polars expressions are immutable), each use in a wrapper of its own so that a
# mark set on one (see :func:`with_lines`) is not set on the others.

_BUILT: dict[Hashable, pl.Expr] = {}


def _once(key: Hashable, build: Callable[[], pl.Expr]) -> pl.Expr:
    found = _BUILT.get(key)
    if found is None:
        found = _BUILT[key] = build()
    return pl.Expr._from_pyexpr(found._pyexpr)


def code(status: int) -> pl.Expr:
    """The status code ``status`` as a literal (``pl.lit(status, dtype=CODE)``)."""
    return _once(("code", status), lambda: pl.lit(status, dtype=CODE))


def number(value: int) -> pl.Expr:
    """``pl.lit(value)``: what ``expr == value`` compares with."""
    return _once(("int", value), lambda: pl.lit(value))


def name_list(texts: Sequence[str]) -> pl.Expr:
    """The constant list of names ``texts`` (``pl.lit(list(texts), dtype=NAMES)``)."""
    key = tuple(texts)
    return _once(("names", key), lambda: pl.lit(list(key), dtype=NAMES))


def nothing(dtype: pl.DataType) -> pl.Expr:
    """A null literal of type ``dtype``."""
    return _once(("null", dtype), lambda: pl.lit(None, dtype=dtype))


def empty_of(dtype: pl.DataType) -> pl.Expr:
    """An empty list literal of the list type ``dtype``."""
    return _once(("empty", dtype), lambda: pl.lit([], dtype=dtype))


def _among(codes: tuple[int, ...]) -> pl.Expr:
    return _once(("in", codes), lambda: pl.lit(list(codes)))


_SELECT = re.compile(r"^(\w+)\[(\w+)=([^\]]+)\]$")
_DEFINED = re.compile(r"^__[cf]\d+$|^__held:")  # names Scope.define and Scope._read give
FIELD = "__f"
"""The name of a defined column that is a field of an input column (see :meth:`Scope._read`):
computed before the list steps, which may read it."""
HELD = "__held:"
"""The name of a defined column a flat input may hold as it is: ``__held:`` and the fact
path (``__held:attestations.<key>.value``; see :class:`talentkit.batch.flat.Held`)."""


FRACTION = FRACTION_PAIR
"""A ``fraction`` fact as rules read it: numerator and (positive) denominator."""
#: the type :meth:`Scope.fact` gives a ``fraction`` fact read as its text
UNPARSED = "unparsed fraction"
_FRACTION_TEXT = r"^(-?\d+)(?:/(\d+))?$"


def fraction_parts(text: pl.Expr) -> pl.Expr:
    """The fact's text ``"p/q"`` (or ``"p"``) as integers; null when the fact is absent.

    A numerator or denominator beyond 64 bits leaves its part null: such a row is
    assessed by the engine (see :func:`_compare_fractions`).
    """
    groups = text.str.extract_groups(_FRACTION_TEXT)  # one pass of the pattern
    num = groups.struct.field("1").cast(pl.Int64(), strict=False)
    den_text = pl.when(text.str.contains("/", literal=True)).then(groups.struct.field("2"))
    den = den_text.otherwise(pl.lit("1")).cast(pl.Int64(), strict=False)
    return pl.when(text.is_not_null()).then(pl.struct(num=num, den=den))


_FRACTION_FORM = r"^-?\d+(?:/\d+)?$"


def fraction_column(text: pl.Series) -> pl.Series:
    """:func:`fraction_parts` of a whole column of many distinct texts, cheaper: read from
    the texts' bytes (:mod:`talentkit.batch.fraction_bytes`), else by
    :func:`split_fractions`."""
    if isinstance(text.dtype, pl.Struct):  # given as its two numbers (a flat input's pair)
        return as_fraction(text)
    read = fraction_bytes.parsed(text)
    return split_fractions(text) if read is None else read


def as_fraction(pairs: pl.Series) -> pl.Series:
    """A fraction fact given as a record of two whole numbers (checked where it was read,
    :func:`talentkit.batch.flat._pairs`), as rules read it."""
    out: pl.Series = pairs.cast(FRACTION)
    return out


def split_fractions(text: pl.Series) -> pl.Series:
    """:func:`fraction_parts` of a whole column: the pattern only tested (capturing its
    groups costs more than splitting at the ``/``), each pass over the texts made once (an
    expression used twice is computed twice)."""
    t, ok = pl.col("t"), pl.col("ok")
    split = pl.DataFrame({"t": text}).with_columns(
        ok=t.str.contains(_FRACTION_FORM), parts=t.str.splitn("/", 2)
    )
    before, after = (pl.col("parts").struct.field(f) for f in ("field_0", "field_1"))
    # a text that does not match: no numerator, and a denominator only when it has no "/"
    num = pl.when(ok).then(before.cast(pl.Int64(), strict=False))
    one = pl.lit(1, dtype=pl.Int64())
    den = pl.when(after.is_null()).then(one).when(ok).then(after.cast(pl.Int64(), strict=False))
    parts = pl.when(t.is_not_null()).then(pl.struct(num=num, den=den))
    return split.select(parts.alias(text.name)).to_series()


_DECIMAL_TEXT = r"^(-?\d+)(?:\.(\d+))?$"


def decimal_parts(text: pl.Expr) -> pl.Expr:
    """A ``decimal`` fact's text ``"999.5"`` as the fraction 9995/10 (see :data:`FRACTION`).

    A number beyond 64 bits, or written otherwise (``1E+20``), leaves its parts null:
    such a row is assessed by the engine.
    """
    groups = text.str.extract_groups(_DECIMAL_TEXT)  # one pass of the pattern
    whole = groups.struct.field("1")
    frac = groups.struct.field("2").fill_null("")
    num = pl.concat_str([whole, frac]).cast(pl.Int64(), strict=False)
    den = pl.concat_str([pl.lit("1"), frac.str.replace_all(r"\d", "0")])
    parts = pl.struct(num=num, den=den.cast(pl.Int64(), strict=False))
    return pl.when(text.is_not_null()).then(parts)


class NotCompilable(Exception):
    """The rule has no columnar form; it is evaluated row by row."""


@attrs.frozen
class Compiled:
    status: pl.Expr
    missing: pl.Expr | None = None  # None: always empty
    review: pl.Expr | None = None


@attrs.frozen
class ItemNames:
    """What a list rule's open items name: per-item lists of names computed only on the
    items where ``open`` holds (most items are decided and name nothing), and their
    per-case aggregates over those items (a case with none open gets the step's
    ``defaults``, so each aggregate must give that default where no item is open)."""

    open: pl.Expr
    lists: dict[str, pl.Expr]
    aggs: dict[str, pl.Expr]


@attrs.frozen
class Step:
    """Columns computed over the exploded items of a list before the final selection."""

    name: str
    collection: pl.Expr
    items: dict[str, pl.Expr]  # per-item columns (on the exploded frame)
    aggs: dict[str, pl.Expr]  # per-case aggregates of those columns
    defaults: dict[str, Any]  # value for cases with no items
    #: steps over a list inside each item (``organisations[].records``), run on the
    #: exploded items before ``items`` are computed
    steps: list[Step] = attrs.field(factory=list)
    #: per-case sums (64-bit) of per-item integers or booleans (a null counts 0), and
    #: whether any item's boolean holds: running sums over the items, which lie case
    #: by case, not a group per case
    sums: dict[str, pl.Expr] = attrs.field(factory=dict)
    anys: dict[str, pl.Expr] = attrs.field(factory=dict)
    named: list[ItemNames] = attrs.field(factory=list)
    #: per case, the union of the spells of its items that count (see :mod:`.union`)
    unions: dict[str, SpellUnion] = attrs.field(factory=dict)


@attrs.define
class Scope:
    """What a rule is compiled against."""

    schema: pl.Schema
    facts: Mapping[str, FactSpec]
    store: ParameterStore
    as_of: dt.date
    reference: Sequence[str | P]
    profile_for_text: Profile
    steps: list[Step] = attrs.field(factory=list)
    defs: list[tuple[str, pl.Expr]] = attrs.field(factory=list)
    list_defs: list[tuple[str, pl.Expr]] | None = None  # None: lists go with ``defs``
    review_defs: list[tuple[str, pl.Expr]] | None = None
    cache: dict[Any, pl.Expr] = attrs.field(factory=dict)
    counter: itertools.count[int] = attrs.field(factory=itertools.count)
    #: top-level rules already compiled (by rule and reference dates): a rule that several
    #: programmes of one run share is computed once for all of them
    compiled: dict[Any, Compiled] = attrs.field(factory=dict)
    item: pl.DataType | None = None
    #: the lists the current item sits in, outermost first, with the column holding the
    #: item's position in each (names say ``organisations[0].records[1].date``)
    item_path: tuple[tuple[str, str], ...] = ()
    #: per record selected at the top level (``organisations[role=company]``), the field
    #: paths the plan reads of it (``()``: the whole record)
    selected_reads: dict[str, set[tuple[str, ...]]] = attrs.field(factory=dict)

    # -- values ---------------------------------------------------------------------------

    def param(self, key: str) -> Any:
        v = self.store.get(key, self.as_of)
        from talentkit.params import UNSET

        return MISSING if v is UNSET else v

    def const(self, ref: Any) -> tuple[Any, str | None]:
        if isinstance(ref, P):
            v = self.param(ref.key)
            return v, (None if v is not MISSING else f"param:{ref.key}")
        if isinstance(ref, F):
            raise NotCompilable("a fact reference where a constant is expected")
        return ref, None

    def full(self, path: str) -> pl.Expr:
        if self.item is None or path.startswith("$."):
            return named(path[2:] if path.startswith("$.") else path)
        last = len(self.item_path) - 1
        parts = [
            _at_position(
                pl.col(pos), ("." if i else "") + name + "[", "]." + path if i == last else "]"
            )
            for i, (name, pos) in enumerate(self.item_path)
        ]
        out = parts[0] if len(parts) == 1 else pl.concat_str(parts)
        _mark(out, _NEVER_NULL, True)  # the positions are never null
        return out

    def define(self, expr: pl.Expr | None, lists: str = "", prefix: str = "__c") -> pl.Expr | None:
        """Materialise an intermediate result as a column (keeps expression trees small).

        Lists of missing names and review texts are only needed for cases with an open
        rule; at the top level they are kept apart and computed for those cases only.
        ``prefix``: the column's name (:data:`FIELD` for a field of an input column).
        """
        if expr is None:
            return None
        if expr.meta.is_column() and _DEFINED.match(expr.meta.output_name()):
            return expr  # already a column of the plan
        target = self.defs
        if lists == "missing" and self.list_defs is not None:
            target = self.list_defs
        elif lists == "review" and self.review_defs is not None:
            target = self.review_defs
        # the same expression (a lookup, a status, a cut-off) defined twice is one column
        same = (id(target), prefix, expr.meta.serialize())
        if same not in self.cache:
            name = f"{prefix}{next(self.counter)}"
            target.append((name, expr))
            self.cache[same] = pl.col(name)
        col = self.cache[same]
        if lines_of(col) is None:  # a list's entries stay known through its column
            with_lines(col, lines_of(expr))
        if open_of(col) is None:
            _with_open(col, open_of(expr))
        return col

    def column(self, expr: pl.Expr) -> pl.Expr:
        """``expr`` (a status) as a column: the lists of a rule read its status there,
        not by computing it again."""
        col = self.define(expr)
        assert col is not None
        return col

    def keyed(self, column: str, key: str, field: str) -> pl.Expr:
        """``field`` of the entry under ``key`` in a keyed list (attestations, decisions,
        waivers): looked up once per plan, however many rules read it."""
        found = keyed(column, key, field)
        if self.item is not None:
            return found
        return self.held(f"{column}.{key}.{field}", found)

    def held(self, path: str, found: pl.Expr) -> pl.Expr:
        """The column of a top-level lookup (``found``, the value at the fact path
        ``path``), defined once per plan; a flat input gives it from its own column
        without searching the nested lists (see :data:`HELD`)."""
        name = HELD + path
        if name not in self.cache:
            self.defs.append((name, found))
            self.cache[name] = pl.col(name)
        return self.cache[name]

    def top(self) -> Scope:
        return attrs.evolve(self, item=None, item_path=())

    def fact(
        self,
        path: str,
        *,
        inline: bool = False,
        unparsed: bool = False,
        as_field: bool = False,
    ) -> tuple[pl.Expr, Any]:
        """The column of a fact path and its type. ``inline``: a selector's lookup is
        kept in the expression, not defined as a column (a list's steps run before the
        defined columns exist). ``unparsed``: a case's ``fraction`` fact as its text, type
        :data:`UNPARSED` (not parsed into a column). ``as_field``: a list or record field
        too as a column taken out of its record (read as a whole, not searched)."""
        if path.startswith("$."):
            return self.top().fact(path[2:], inline=inline, unparsed=unparsed, as_field=as_field)
        parts = path.split(".")
        # the column read and the fields taken out of it, while the expression is only
        # that (see :func:`extracted`); None once it is anything else
        chain: tuple[str, ...] | None
        if self.item is not None:
            expr: pl.Expr = pl.col("__item")
            dtype: Any = self.item
            chain = None
        else:  # the case: its fields are the schema's columns
            expr, dtype = None, None  # type: ignore[assignment]
            chain = ()
        i = 0
        while i < len(parts):
            part = parts[i]
            if dtype is not None and not isinstance(dtype, pl.Struct):
                return pl.lit(None), pl.Null()
            fields = self.schema if dtype is None else _fields(dtype)
            if part == "facts" and i + 1 < len(parts):
                name = ".".join(parts[i + 1 :])
                fdt = fields.get("facts")
                spec = self.facts.get(name)
                if not isinstance(fdt, pl.Struct) or name not in _fields(fdt):
                    return pl.lit(None), pl.Null()
                base = pl.col("facts") if expr is None else expr.struct.field("facts")
                parse = {"fraction": fraction_parts, "decimal": decimal_parts}.get(
                    spec.type if spec is not None else ""
                )
                if parse is not None:
                    text = base.struct.field(name)
                    if self.item is not None or inline:
                        return parse(text), FRACTION
                    if unparsed and parse is fraction_parts:
                        # a column taken out of its record with the record's other
                        # fields (:func:`extracted`), not once per comparison reading it
                        read = None if chain is None else (*chain, "facts", name)
                        return self._field(text, read), UNPARSED
                    # parsed once, however many rules read it, and once per distinct text:
                    # a chunk's shares are mostly a few values (the pattern is the cost)
                    whole = fraction_column if parse is fraction_parts else None
                    typed = as_fraction if parse is fraction_parts else None
                    column = self.define(per_value(text, parse, FRACTION, whole, typed))
                    assert column is not None
                    return column, FRACTION
                read = None if chain is None else (*chain, "facts", name)
                return self._read(
                    base.struct.field(name), _fields(fdt)[name], inline, read, as_field
                )
            m = _SELECT.match(part)
            name = m.group(1) if m else part
            if name not in fields:
                return pl.lit(None), pl.Null()
            record = _marked(expr, _KEYED) if inline else None
            expr = pl.col(name) if expr is None else expr.struct.field(name)
            chain = None if chain is None else (*chain, name)
            if record is not None and record[3] is None and not m:
                # a field of a record looked up by key: a lookup of that field (see
                # ``keyed``), which a list's step searches for all its cases at once
                _mark(expr, _KEYED, (*record[:3], name))
            dtype = fields[name]
            if m:
                if not (isinstance(dtype, pl.List) and isinstance(dtype.inner, pl.Struct)):
                    raise NotCompilable(f"selector on {name}")
                if _fields(dtype.inner).get(m.group(2)) != pl.String():
                    raise NotCompilable(f"selector field {m.group(2)} is not text")
                el = pl.element()
                key = ".".join(parts[: i + 1])
                # the first match, taken inside each list: no filtered list is built.
                # (``list.agg`` fails on a null list in polars 2.1: it reads an empty one)
                if inline or key not in self.cache:
                    found = expr.fill_null(empty_of(dtype)).list.agg(
                        el.filter(el.struct.field(m.group(2)) == m.group(3)).first()
                    )
                    if expr.meta.is_column():  # as a defined column: see ``keyed``
                        _mark(found, _KEYED, (name, m.group(2), m.group(3), None))
                        # only the fields the plan reads are gathered (filled in as
                        # the rules are compiled)
                        _mark(found, _READS, self.selected_reads.setdefault(key, set()))
                if inline:
                    expr = found
                else:
                    if key not in self.cache:  # one lookup per selector, shared by all rules
                        # (a flat input holds the record in its columns: see ``held``)
                        self.cache[key] = found if self.item is not None else self.held(key, found)
                    expr = self.cache[key]
                    if key in self.selected_reads:
                        self.selected_reads[key].add(_read_path(parts[i + 1 :]))
                chain = (expr.meta.output_name(),) if expr.meta.is_column() else None
                dtype = dtype.inner
            i += 1
        return self._read(expr, dtype, inline, chain, as_field)

    def _read(
        self,
        expr: pl.Expr,
        dtype: Any,
        inline: bool,
        chain: tuple[str, ...] | None = None,
        as_field: bool = False,
    ) -> tuple[pl.Expr, Any]:
        """A case's field of one value (``person.birth_date``, a fact) as a column of the
        plan, taken out of its record once per chunk: written inline, every rule that
        read it took it out again, row by row, and polars resolved the record's whole
        type for each (a 100,000-row flat chunk of the five Shaanxi programmes: 128–134
        → 117–120 ms). A field of an input column is computed before the list steps (named
        :data:`FIELD`), as a rule's expression built here may be read in a step; one of
        a record looked up (a selector's) after the lookups. Lists and records stay
        expressions: the list steps and the lookups read their field chains. ``chain``:
        the column and fields ``expr`` takes out, where it is only that (marked on the
        column's expression: :func:`apply_defs` takes each record apart once). ``as_field``: a
        list or record too, where it is only a field chain."""
        if (
            self.item is not None
            or inline
            or (isinstance(dtype, (pl.List, pl.Struct)) and not (as_field and chain))
            or expr.meta.is_column()
            or expr.meta.is_literal()
        ):
            return expr, dtype
        return self._field(expr, chain), dtype

    def _field(self, expr: pl.Expr, chain: tuple[str, ...] | None) -> pl.Expr:
        """``expr``, a field of a case's column, as a defined column (see :meth:`_read`)."""
        of_input = not any(r.startswith("__") for r in expr.meta.root_names())
        if chain:
            _mark(expr, _CHAIN, chain)
        column = self.define(expr, prefix=FIELD if of_input else "__c")
        assert column is not None
        return column

    def date(self, source: str | P) -> tuple[pl.Expr, list[tuple[pl.Expr, pl.Expr]]]:
        """A date source as an expression and the (is-missing, name) it may need."""
        if source == AS_OF:
            return pl.lit(self.as_of), []
        if source == REF:
            top = self.top()
            exprs, first_name = [], None
            for cand in self.reference:
                e, need = top.date(cand)
                exprs.append(e)
                if first_name is None and need:
                    first_name = need[0][1]
            value = pl.coalesce(exprs) if len(exprs) > 1 else exprs[0]
            if self.item is None:  # one column, however many date tests read it
                value = self.column(value)
            return value, ([(value.is_null(), first_name)] if first_name is not None else [])
        if isinstance(source, P):
            v = self.param(source.key)
            if v is MISSING:
                return pl.lit(None, dtype=pl.Date()), [(pl.lit(True), named(str(source)))]
            if not isinstance(v, dt.date):
                raise NotCompilable(f"{source} is not a date")
            return pl.lit(v), []
        e, dtype = self.fact(source)
        if dtype not in (pl.Date(), pl.Null()):
            raise NotCompilable(f"{source} is not a date")
        return as_date(e, dtype), [(e.is_null(), self.full(source))]

    def period(self, ref: Period | P | None) -> tuple[Period | None, str | None]:
        if ref is None:
            return None, None
        v, miss = self.const(ref)
        if miss:
            return None, miss
        if isinstance(v, int):
            v = Period(years=v)
        if not isinstance(v, Period):
            raise NotCompilable(f"{ref} is not a period")
        return v, None


def _read_path(rest: Sequence[str]) -> tuple[str, ...]:
    """The field path of a record read by the rest ``rest`` of a fact path (a list selected
    in it, or a fact of the record: read whole)."""
    path: list[str] = []
    for j, part in enumerate(rest):
        if part == "facts" and j + 1 < len(rest):
            return (*path, "facts", ".".join(rest[j + 1 :]))
        m = _SELECT.match(part)
        path.append(m.group(1) if m else part)
        if m:
            break
    return tuple(path)


def _fields(dtype: pl.Struct) -> dict[str, Any]:
    """The fields of a record type by name (without building a schema of them)."""
    return {f.name: f.dtype for f in dtype.fields}


def shift(expr: pl.Expr, p: Period, leap_day: str = "feb28") -> pl.Expr:
    """:func:`talentkit.dates.shift` on a column (polars clamps to the month's last day)."""
    months = p.years * 12 + p.months
    out = expr.dt.offset_by(f"{months}mo") if months else expr
    if months and leap_day == "mar1":
        from_leap_day = (expr.dt.month() == 2) & (expr.dt.day() == 29) & (out.dt.day() == 28)
        out = pl.when(from_leap_day).then(out + pl.duration(days=1)).otherwise(out)
    elif leap_day not in LEAP_DAYS:
        raise NotCompilable(f"leap-day convention {leap_day!r}")
    return out + pl.duration(days=p.days) if p.days else out


def attains(birth: pl.Expr, years: int, attained: str, leap_day: str) -> pl.Expr:
    """:func:`talentkit.dates.attains` on a column: the day the age ``years`` is reached."""
    birthday = shift(birth, Period(years=years), leap_day)
    if attained == "day_after":
        return birthday + pl.duration(days=1)
    if attained != "birthday":
        raise NotCompilable(f"age convention {attained!r}")
    return birthday


def date_test(scope: Scope, date: pl.Expr, ref: pl.Expr, build: Build, key: Any) -> pl.Expr:
    """``build(date, ref)`` (a test monotone in ``date``, such as an age limit) as a column
    of the plan, computed as one comparison with a cut-off per distinct reference date
    (:mod:`talentkit.batch.cutoff`). ``key`` says what ``build`` tests: the same key on
    the same dates is one column."""
    parts = (date.meta.serialize(format="json"), ref.meta.serialize(format="json"))
    slot = f"cut:{key!r}:{parts[0]}:{parts[1]}"
    if slot not in scope.cache:
        build(date, ref)  # a convention it cannot express fails here, not at run time
        name = f"__c{next(scope.counter)}"
        scope.defs.append((name, threshold(date, ref, build)))
        scope.cache[slot] = pl.col(name)
    return scope.cache[slot]


# --- lists of names, known entry by entry ----------------------------------------------
#
# A list of missing names (or review texts) is built per case as a list column, but most
# such lists are a fixed sequence of names, each present under a condition. Such a list
# also carries its entries (``Line``: when, and the name), so that a programme's list can
# be computed as one bit per entry and named once per distinct set of bits (see
# :mod:`talentkit.batch.evaluate`). An entry whose names are only known per case (an
# item's position, a list gathered from a list's items) is a list column, read exactly.

Line = tuple[pl.Expr, "str | pl.Expr"]
"""(when, a name), or (when, a list column whose names are only known per case)."""
_LINES = "_talentkit_lines"
_NAME = "_talentkit_name"
_NEVER_NULL = "_talentkit_never_null"
_KEYED = "_talentkit_keyed"
_READS = "_talentkit_reads"
#: on a defined column's expression that only takes fields out of a column: the column
#: and the fields (see :func:`extracted`)
_CHAIN = "_talentkit_chain"
_OPEN = "_talentkit_open"
ALWAYS = pl.lit(True)


def lines_of(expr: pl.Expr | None) -> tuple[Line, ...] | None:
    """The entries of a list expression: empty for none (no list), None where unknown
    (built some other way: the list is then only computed as a column)."""
    if expr is None:
        return ()
    got: tuple[Line, ...] | None = _marked(expr, _LINES)
    return got


def open_of(expr: pl.Expr) -> pl.Expr | None:
    """Whether the list of names ``expr`` is not empty (or null), as a boolean computed
    without building the names (None: not known). A null condition names nothing, as in
    the list."""
    found: pl.Expr | None = _marked(expr, _OPEN)
    return found


def _with_open(expr: pl.Expr, is_open: pl.Expr | None) -> pl.Expr:
    if is_open is not None:
        _mark(expr, _OPEN, is_open)
    return expr


def with_lines(expr: pl.Expr, lines: Sequence[Line] | None) -> pl.Expr:
    """``expr`` (a list of names) marked with its entries (None: not known)."""
    if lines is not None:
        _mark(expr, _LINES, tuple(lines))
    return expr


def _mark(expr: pl.Expr, attribute: str, value: object) -> None:
    # an expression that takes no attribute stays unmarked: its list is then computed
    # as a column, exactly, only more slowly
    with contextlib.suppress(AttributeError):
        setattr(expr, attribute, value)


def _marked(expr: object, attribute: str) -> Any:
    """The mark ``attribute`` of ``expr`` (None: unmarked), read from the instance's own
    attributes: an attribute an expression lacks goes through polars' fallback lookup,
    which costs tens of microseconds."""
    own: dict[str, Any] = getattr(expr, "__dict__", {})
    return own.get(attribute)


with_lines(EMPTY, ())
_with_open(EMPTY, pl.lit(False))


def named(text: str) -> pl.Expr:
    """The literal name ``text``, recognisable as a constant name by :func:`names`."""
    expr = pl.lit(text)
    _mark(expr, _NAME, text)
    return expr


def name_text(name: pl.Expr | str) -> str | None:
    if isinstance(name, str):
        return name
    text: str | None = _marked(name, _NAME)
    return text


def fixed_names(texts: Sequence[str]) -> pl.Expr:
    """A constant list of names."""
    out = with_lines(name_list(texts), [(ALWAYS, t) for t in texts])
    return _with_open(out, pl.lit(bool(texts)))


def exact(expr: pl.Expr) -> pl.Expr:
    """A list column whose names are only known per case (or null: the engine names them)."""
    if lines_of(expr) is not None:
        return expr
    return with_lines(expr, [(ALWAYS, expr)])


def _guarded(cond: pl.Expr, lines: Sequence[Line]) -> list[Line]:
    return [(cond if c is ALWAYS else cond & c, n) for c, n in lines]


def chain(branches: Sequence[tuple[pl.Expr, pl.Expr]], otherwise: pl.Expr) -> pl.Expr:
    """``when(c1).then(l1).when(c2).then(l2)….otherwise(l0)`` over lists of names, with
    its entries where every branch's are known (a null condition does not hold)."""
    expr: Any = pl
    lines: list[Line] | None = []
    taken: list[pl.Expr] = []
    opens: Any = pl  # the same choice over whether each branch's list is open
    for cond, value in [*branches, (ALWAYS, otherwise)]:
        value_open = open_of(value)
        if opens is not None and value_open is not None:
            opens = opens.when(cond).then(value_open) if cond is not ALWAYS else opens
        else:
            opens = None
        if cond is not ALWAYS:
            expr = expr.when(cond).then(value)
        inner = lines_of(value)
        if lines is not None and inner is not None:
            guard = pl.all_horizontal([~t for t in taken]) if taken else ALWAYS
            if cond is not ALWAYS:
                guard = cond.fill_null(False) if guard is ALWAYS else guard & cond.fill_null(False)
            lines += _guarded(guard, inner)
        else:
            lines = None
        if cond is not ALWAYS:
            taken.append(cond.fill_null(False))
    if not branches:
        return otherwise
    out = with_lines(expr.otherwise(otherwise), lines)
    other_open = open_of(otherwise)
    if opens is not None and other_open is not None:
        _with_open(out, opens.otherwise(other_open))
    return out


def then_names(first: pl.Expr, texts: Sequence[str]) -> pl.Expr:
    """The list ``first`` followed by the constant ``texts`` (duplicates kept, as a
    programme's list drops them)."""
    inner = lines_of(first)
    lines = None if inner is None else [*inner, *((ALWAYS, t) for t in texts)]
    return with_lines(pl.concat_list([first, name_list(texts)]), lines)


def names(needs: Sequence[tuple[pl.Expr, pl.Expr | str]]) -> pl.Expr | None:
    if not needs:
        return None
    texts = [name_text(n) for _, n in needs]
    lines: list[Line] | None = []
    for (c, _), t in zip(needs, texts, strict=True):
        lines = None if t is None or lines is None else [*lines, (c, t)]
    # names never null (text, or an item's path): the list is open where a condition holds
    sure = all(isinstance(n, str) or name_text(n) or _marked(n, _NEVER_NULL) for _, n in needs)
    is_open = pl.any_horizontal([c.fill_null(False) for c, _ in needs]) if sure else None
    if len(needs) == 1:  # one name: nothing to make unique
        cond, name = needs[0]
        if isinstance(name, str):
            out = pl.when(cond).then(name_list([name])).otherwise(EMPTY)
        else:
            out = pl.when(cond).then(pl.concat_list([name])).otherwise(EMPTY)
            if name_text(name) is None and not _marked(name, _NEVER_NULL):
                out = out.list.drop_nulls()  # (costly on every item of a list)
        return _with_open(with_lines(out, lines), is_open)
    parts = [pl.when(c).then(n if isinstance(n, pl.Expr) else pl.lit(n)) for c, n in needs]
    out = pl.concat_list(parts).list.drop_nulls()
    literal = [n for _, n in needs if isinstance(n, str)]
    if len(literal) == len(needs) and len(set(literal)) == len(literal):
        return _with_open(with_lines(out, lines), is_open)
    return _with_open(with_lines(out.list.unique(maintain_order=True), lines), is_open)


def merge(parts: Sequence[tuple[pl.Expr, pl.Expr | None]]) -> pl.Expr | None:
    """Concatenate the lists whose condition holds, keeping order, without duplicates."""
    live = [pl.when(c).then(e).otherwise(EMPTY) for c, e in parts if e is not None]
    if not live:
        return None
    lines: list[Line] | None = []
    for c, e in parts:
        inner = lines_of(e)
        if inner is None or lines is None:
            lines = None
        elif e is not None:
            lines += _guarded(c, inner)
    return with_lines(union_of(live), lines)


def union_of(lists: Sequence[pl.Expr]) -> pl.Expr:
    """``lists`` one after another, each value kept at its first place only: what
    ``pl.concat_list(lists).list.unique(maintain_order=True)`` gives, nulls included, by
    ``list.set_union`` from left to right. polars concatenates lists row by row and runs
    an ordered unique as an expression per row (``list.eval``): two lists of names cost
    about a quarter as much, five about half. A constant among them (a list that reads
    no column) is joined as before: on a frame of no rows polars' union of a column and
    a constant gives one row."""
    if len(lists) == 1:
        return lists[0].list.unique(maintain_order=True)
    if not all(e.meta.root_names() for e in lists):
        return pl.concat_list(lists).list.unique(maintain_order=True)
    return functools.reduce(lambda union, more: union.list.set_union(more), lists)


def any_of(conditions: Sequence[pl.Expr]) -> pl.Expr:
    """``pl.any_horizontal(conditions)``; one condition as it is (the same values: a node
    fewer for every chunk to plan and a pass fewer over its rows)."""
    return conditions[0] if len(conditions) == 1 else pl.any_horizontal(conditions)


def status_when(cases: Sequence[tuple[pl.Expr, int]], default: int) -> pl.Expr:
    expr: Any = pl
    for cond, status in cases:
        expr = expr.when(cond).then(code(status))
    if expr is pl:
        return code(default)
    return expr.otherwise(code(default))  # type: ignore[no-any-return]


def worst_of(statuses: Sequence[pl.Expr]) -> pl.Expr:
    """The status of all of ``statuses`` holding: the first of fail, unknown, review,
    waived that one of them is, else pass (all pass or do not apply; a null status is
    left out, as a condition that is null does not hold). The least code, pass the
    greatest it may be (not applicable is greater): one operation, whatever the number
    of statuses."""
    return pl.min_horizontal(code(PASS), *statuses)


def best_of(statuses: Sequence[pl.Expr]) -> pl.Expr:
    """The status of any of ``statuses`` holding: the first of pass, waived, unknown,
    review that one of them is, else fail, or not applicable when none applies (a null
    status is left out; every status a rule compiles to is a code). The least code in
    the any-of's order (``code ^ 6``, see :data:`CODES`), taken back: one operation a
    status and two."""
    if len(statuses) == 1:
        return statuses[0]
    turned = code(_ANY_ORDER)
    return pl.min_horizontal([s ^ turned for s in statuses]) ^ turned


#: what turns a code into its place in an any-of's order, and back (see :data:`CODES`)
_ANY_ORDER = 6
# the verdict's order, an all-of's (pass below not applicable) and an any-of's
assert FAIL < UNKNOWN < REVIEW < WAIVED < PASS < NA
assert [c ^ _ANY_ORDER for c in (PASS, WAIVED, UNKNOWN, REVIEW, FAIL, NA)] == sorted(
    c ^ _ANY_ORDER for c in CODES.values()
)


def is_(s: pl.Expr, *codes: int) -> pl.Expr:
    return s.is_in(_among(codes)) if len(codes) > 1 else s == number(codes[0])


def constant_text(rule: Rule, scope: Scope) -> list[str]:
    """The review texts a rule gives when nothing is recorded (evaluated once)."""
    ctx = Context(profile=scope.profile_for_text, as_of=scope.as_of, params=scope.store)
    return [t.zh for t in rule.evaluate(ctx).review]


# --- leaves -----------------------------------------------------------------------------

_PY_DTYPE: list[tuple[type, tuple[pl.DataType, ...]]] = [
    (bool, (pl.Boolean(),)),
    (int, (pl.Int64(),)),
    (Fraction, (pl.Int64(),)),
    (Money, (pl.Int64(),)),
    (str, (pl.String(),)),
    (dt.date, (pl.Date(),)),
]
_OPS: dict[str, Callable[[pl.Expr, pl.Expr], pl.Expr]] = {
    ">=": lambda a, b: a >= b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    "<": lambda a, b: a < b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


def _compare_const(got: pl.Expr, dtype: pl.DataType, op: str, want: Any) -> pl.Expr:
    if dtype == pl.Null():
        return pl.lit(False)
    kind = next((k for k, _ in _PY_DTYPE if isinstance(want, k)), None)
    if isinstance(want, bool):
        kind = bool
    compatible = (
        kind is not None
        and dtype in dict(_PY_DTYPE)[kind]
        and not (kind is int and isinstance(want, bool))
    )
    if kind is int and dtype == pl.Boolean():
        compatible = False
    if not compatible:
        # text never equals a number, a date or a list (and vice versa); other mixes
        # (an integer against a boolean…) follow Python's rules and stay with the engine
        text_mix = isinstance(want, str) != (dtype == pl.String())
        if op in ("==", "!=") and text_mix and not isinstance(want, bool | int):
            return pl.lit(op == "!=")
        raise NotCompilable(f"comparing {dtype} with {type(want).__name__}")
    if isinstance(want, Fraction):
        return _OPS[op](got * want.denominator, pl.lit(want.numerator))
    if isinstance(want, Money):  # money columns hold fen
        return _OPS[op](got, pl.lit(want.fen, dtype=pl.Int64()))
    return _OPS[op](got, pl.lit(want))


@functools.singledispatch
def compile_node(rule: Rule, scope: Scope) -> Compiled:
    """Compile one rule class (registered per class); see :func:`compile_rule`."""
    raise NotCompilable(type(rule).__name__)


_NO_COMPILER = compile_node.dispatch(object)

BASE_FIELDS = frozenset(f.name for f in attrs.fields(Rule))
"""Fields every rule has (id, citation, text, soft): the programme plan handles them."""

HANDLED: dict[type, frozenset[str]] = {}
"""For each rule class with a compiler, the fields of the class its compiler reads."""

R = TypeVar("R", bound=Rule)
Compiler = Callable[[R, Scope], Compiled]


def compiles(cls: type[R], *fields: str) -> Callable[[Compiler[R]], Compiler[R]]:
    """Register the compiler of ``cls``, declaring the fields of ``cls`` it handles.

    A rule whose class has a field no compiler declared (a subclass that adds one, or a
    field added later) is not compiled: it runs row by row with the engine. A test checks
    that every core class's declaration matches its fields.
    """

    def register(fn: Compiler[R]) -> Compiler[R]:
        HANDLED[cls] = frozenset(fields)
        compile_node.register(cls)(fn)
        _UNHANDLED.clear()  # a class may dispatch to this compiler now
        return fn

    return register


_UNHANDLED: dict[type, frozenset[str]] = {}


def unhandled_fields(cls: type) -> frozenset[str]:
    """The fields of ``cls`` that the compiler it would dispatch to does not handle
    (found once per class: it is asked for every rule compiled)."""
    found = _UNHANDLED.get(cls)
    if found is None:
        owner = next((c for c in cls.__mro__ if c in HANDLED), None)
        if owner is None or not attrs.has(cls):
            found = frozenset()
        else:
            found = frozenset(f.name for f in attrs.fields(cls)) - BASE_FIELDS - HANDLED[owner]
        _UNHANDLED[cls] = found
    return found


def plugin_code(rule: Rule) -> str | None:
    """The first rule of ``rule``'s tree whose evaluation is a plugin's Python, which may
    raise (a ``Custom`` predicate, a class without a compiler, a subclass with a field
    its compiler does not handle), named by its class; None when every rule is declared
    data the compilers read."""
    cls = type(rule)
    if compile_node.dispatch(cls) is _NO_COMPILER or unhandled_fields(cls):
        return cls.__name__
    for child in rule.children():
        found = plugin_code(child)
        if found is not None:
            return found
    return None


def compile_rule(rule: Rule, scope: Scope) -> Compiled:
    """A rule's status, missing names and review texts as columns defined in ``scope``."""
    extra = unhandled_fields(type(rule))
    if extra:
        raise NotCompilable(f"fields {', '.join(sorted(extra))} have no columnar form")
    key = _rule_key(rule, scope)
    if key is not None and key in scope.compiled:
        return scope.compiled[key]
    c = compile_node(rule, scope)
    if scope.item is None:
        _entry_columns(c.missing, scope)
        _entry_columns(c.review, scope)
    status = scope.define(c.status)
    assert status is not None
    out = Compiled(status, scope.define(c.missing, "missing"), scope.define(c.review, "review"))
    if key is not None:
        scope.compiled[key] = out
    return out


def _entry_columns(listed: pl.Expr | None, scope: Scope) -> None:
    """The conditions of a list's entries as columns: a rule around this one composes
    its own with them, so no entry repeats the expressions of the rules inside it."""
    lines = lines_of(listed)
    if listed is None or not lines:
        return
    defined = [(c if c is ALWAYS else scope.define(c), n) for c, n in lines]
    with_lines(listed, [(c, n) for c, n in defined if c is not None])


def _rule_key(rule: Rule, scope: Scope) -> Any:
    """What makes a top-level rule's columns the same in another programme: the rule
    itself and the reference dates (None inside a list: items are compiled per step)."""
    if scope.item is not None:
        return None
    key = (rule, tuple(scope.reference))
    try:
        hash(key)
    except TypeError:
        return None
    return key


_WIDE = pl.Int128()  # a product of two 64-bit integers always fits
#: parts within 32 bits (from -2**31 to 2**31 - 1): their products fit 64 bits
_NARROW = 2**31


def _ratio(expr: pl.Expr, dtype: pl.DataType) -> tuple[pl.Expr, pl.Expr]:
    """Numerator and denominator (64-bit) of a fraction or integer column."""
    if dtype == FRACTION:
        return expr.struct.field("num"), expr.struct.field("den")
    if dtype == pl.Int64():
        return expr, pl.lit(1, dtype=pl.Int64())
    raise NotCompilable(f"comparing a fraction with {dtype}")


def _constant_parts(want: Any) -> tuple[int, int]:
    """Numerator and denominator of a constant compared with a fraction."""
    if isinstance(want, bool) or not isinstance(want, int | Fraction | Decimal):
        raise NotCompilable(f"comparing a fraction with {type(want).__name__}")
    if isinstance(want, Decimal) and not want.is_finite():
        raise NotCompilable("a decimal that is not a number")
    want = Fraction(want)
    if max(abs(want.numerator), want.denominator) >= 2**63:
        raise NotCompilable("a fraction beyond 64 bits")
    return want.numerator, want.denominator


class _Cross:
    """``a·d op c·b`` on a record column of the four 64-bit parts (a polars batch
    function): in 64 bits when every part of the chunk fits 32 bits (shares are small
    fractions), where 128-bit products cost four times as much; else in 128 bits.
    ``want``: ``c`` and ``d`` as constants, the record holding ``a`` and ``b`` only (no
    column of a constant repeated for every row, nor its range measured)."""

    def __init__(self, op: str, want: tuple[int, int] | None = None) -> None:
        self.op, self.want = op, want

    def __call__(self, s: pl.Series) -> pl.Series:
        parts = s.struct.unnest()
        if self.want is not None:
            num, den = self.want
            fits = all(-_NARROW <= v < _NARROW for v in self.want)
            parts = parts.with_columns(
                c=pl.lit(num, dtype=pl.Int64()), d=pl.lit(den, dtype=pl.Int64())
            )
            narrow = fits and all(_within(parts.get_column(k), _NARROW) for k in "ab")
        else:
            narrow = all(_within(parts.get_column(k), _NARROW) for k in "abcd")
        a, b, c, d = (pl.col(k) if narrow else pl.col(k).cast(_WIDE) for k in "abcd")
        return parts.select(_OPS[self.op](a * d, c * b).alias(s.name)).to_series()


def _within(values: pl.Series, bound: int) -> bool:
    """Whether every value of ``values`` (integers) lies in ``[-bound, bound)``."""
    low, high = values.min(), values.max()
    return low is None or (
        isinstance(low, int) and isinstance(high, int) and -bound <= low and high < bound
    )


def _compare_fractions(
    op: str,
    sides: Sequence[tuple[pl.Expr, pl.Expr] | tuple[int, int]],
    needs: list[tuple[pl.Expr, pl.Expr | str]],
) -> Compiled:
    """``a/b op c/d`` as ``a·d op c·b`` (denominators are positive), never in floats.

    A present fact whose parts do not fit 64 bits leaves the rule open with no list of
    missing facts: the engine assesses that row.
    """
    unknown = any_of([n for n, _ in needs])
    status, too_wide = _fraction_status(op, sides, unknown)
    listed = names(needs)
    assert listed is not None
    return Compiled(status, chain([(too_wide, exact(nothing(NAMES)))], listed))


def _fraction_status(
    op: str, sides: Sequence[tuple[pl.Expr, pl.Expr] | tuple[int, int]], unknown: pl.Expr
) -> tuple[pl.Expr, pl.Expr]:
    """The status of ``a/b op c/d`` (``unknown``: a fact is absent) and where a present
    fact's parts do not fit 64 bits (see :func:`_compare_fractions`)."""
    (a, b), (c, d) = sides
    assert isinstance(a, pl.Expr)
    assert isinstance(b, pl.Expr)
    want: tuple[int, int] | None = None
    parts: tuple[pl.Expr, ...]
    if isinstance(c, int) and isinstance(d, int):  # a constant (see _Cross)
        want, parts, both = (c, d), (a, b), pl.struct(a=a, b=b)
    else:
        assert isinstance(c, pl.Expr)
        assert isinstance(d, pl.Expr)
        parts, both = (a, b, c, d), pl.struct(a=a, b=b, c=c, d=d)
    too_wide = ~unknown & any_of([x.is_null() for x in parts])
    ok = both.map_batches(_Cross(op, want), return_dtype=pl.Boolean())
    return status_when([(unknown | too_wide, UNKNOWN), (ok, PASS)], FAIL), too_wide


@attrs.frozen
class _FractionStatus:
    """The status of a fraction comparison from the texts of its facts (``fn`` of
    :class:`~talentkit.batch.cutoff.PerValues`): ``want`` a constant, else the second
    text the other fact."""

    op: str
    want: tuple[int, int] | None

    def __call__(self, texts: list[pl.Expr]) -> pl.Expr:
        return self.status([fraction_parts(t) for t in texts])

    def status(self, parsed: list[pl.Expr]) -> pl.Expr:
        sides: list[tuple[pl.Expr, pl.Expr] | tuple[int, int]] = [
            (p.struct.field("num"), p.struct.field("den")) for p in parsed
        ]
        if self.want is not None:
            sides.append(self.want)
        unknown = any_of([p.is_null() for p in parsed])
        return _fraction_status(self.op, sides, unknown)[0]

    def whole(self, texts: pl.DataFrame) -> pl.Series:
        """The status of every row, the texts read as a defined column reads many (a
        flat input's ``{num, den}`` pairs as they are): what :meth:`status` gives, in
        one query of the parts (a chunk's fixed cost is mostly its queries: the products'
        batch function of :meth:`status` is a query of its own, and so is each method
        of a column), in 64 bits when every part fits 32 bits, else in 128."""
        # the parts of each fact (both null where the fact is absent)
        parts = [c for t in texts.get_columns() for c in fraction_column(t).struct.unnest()]
        names = [f"p{i}" for i in range(len(parts))]
        frame = pl.DataFrame(dict(zip(names, parts, strict=True)))
        constants = () if self.want is None else self.want
        narrow = all(-_NARROW <= v < _NARROW for v in constants) and all(
            _within(p, _NARROW) for p in parts
        )
        dtype = pl.Int64() if narrow else _WIDE
        a, b, *other = [pl.col(n).cast(dtype) for n in names]
        c, d = other or [pl.lit(v, dtype=dtype) for v in constants]
        ok = _OPS[self.op](a * d, c * b)
        open_ = pl.any_horizontal([pl.col(n).is_null() for n in names])
        status = status_when([(open_, UNKNOWN), (ok, PASS)], FAIL)
        return frame.select_seq(status.alias("status")).to_series()


def _compare_texts(rule: Compare, scope: Scope) -> Compiled | None:
    """A comparison of a case's fraction fact with a constant or another such fact,
    decided once per distinct text (a chunk's shares are mostly a few values), the facts
    not parsed into columns; None when the comparison is not of that kind."""
    got, dtype = scope.fact(rule.fact, unparsed=True)
    if dtype != UNPARSED:
        return None
    texts = {"t0": got}
    needs: list[tuple[pl.Expr, pl.Expr | str]] = [(got.is_null(), scope.full(rule.fact))]
    want: tuple[int, int] | None = None
    if isinstance(rule.value, F):
        other, odt = scope.fact(rule.value.path, unparsed=True)
        if odt != UNPARSED:
            return None
        texts["t1"] = other
        needs.append((other.is_null(), scope.full(rule.value.path)))
    else:
        value, miss = scope.const(rule.value)
        if miss:
            return None
        want = _constant_parts(value)
    fn = _FractionStatus(rule.op, want)
    status = scope.column(per_values(texts, fn, CODE, fn.whole, typed=True))
    # a text is null exactly where its parts are: the rest of an unknown is too wide
    unknown = any_of([n for n, _ in needs])
    too_wide = (status == number(UNKNOWN)) & ~unknown
    listed = names(needs)
    assert listed is not None
    return Compiled(status, chain([(too_wide, exact(nothing(NAMES)))], listed))


@compiles(Compare, "fact", "op", "value")
def _(rule: Compare, scope: Scope) -> Compiled:
    by_text = _compare_texts(rule, scope)
    if by_text is not None:
        return by_text
    got, dtype = scope.fact(rule.fact)
    needs: list[tuple[pl.Expr, pl.Expr | str]] = [(got.is_null(), scope.full(rule.fact))]
    if isinstance(rule.value, F):
        want, wdt = scope.fact(rule.value.path)
        if FRACTION in (dtype, wdt) and pl.Null() not in (wdt, dtype):
            needs.append((want.is_null(), scope.full(rule.value.path)))
            return _compare_fractions(rule.op, [_ratio(got, dtype), _ratio(want, wdt)], needs)
        if wdt != dtype and pl.Null() not in (wdt, dtype):
            raise NotCompilable("comparing facts of different types")
        needs.append((want.is_null(), scope.full(rule.value.path)))
        ok = _OPS[rule.op](got, want) if pl.Null() not in (wdt, dtype) else pl.lit(False)
    else:
        value, miss = scope.const(rule.value)
        if miss:
            return Compiled(code(UNKNOWN), names([*needs, (pl.lit(True), miss)]))
        if dtype == FRACTION:
            return _compare_fractions(rule.op, [_ratio(got, dtype), _constant_parts(value)], needs)
        if dtype == pl.String() and isinstance(value, str) and rule.op in ("==", "!="):
            # the comparison other rules of the same text read too (null stays null)
            equal = text_equal(got, value, scope)
            ok = equal if rule.op == "==" else ~equal
        else:
            ok = _compare_const(got, dtype, rule.op, value)
    unknown = any_of([c for c, _ in needs])
    return Compiled(status_when([(unknown, UNKNOWN), (ok, PASS)], FAIL), names(needs))


@compiles(ParamIs, "key", "value")
def _(rule: ParamIs, scope: Scope) -> Compiled:
    # a parameter is one value for the whole run: the status is a constant
    value = scope.param(rule.key)
    if value is MISSING:
        return Compiled(code(UNKNOWN), names([(pl.lit(True), f"param:{rule.key}")]))
    return Compiled(code(PASS if value == rule.value else FAIL), None)


#: at most this many texts: a column is compared with each in turn, not hashed row by row
#: (a comparison costs about a tenth of the hash)
_COMPARED_TEXTS = 8


def text_in(text: pl.Expr, allowed: Sequence[str], scope: Scope | None = None) -> pl.Expr:
    """``text.is_in(allowed)`` (null where ``text`` is): for a few texts, equal to one of
    them (each comparison a column of ``scope``, see :func:`text_equal`)."""
    if not allowed or len(allowed) > _COMPARED_TEXTS:
        return text.is_in(allowed)
    return pl.any_horizontal([text_equal(text, a, scope) for a in allowed])


def text_equal(text: pl.Expr, value: str, scope: Scope | None = None) -> pl.Expr:
    """``text == value`` (null where ``text`` is null), as a defined column of ``scope``:
    several rules compare one field with the same text (five rules read an application's
    field, four of them with the same few values), and each comparison is a pass over the
    texts, computed once so."""
    equal = text == pl.lit(value, dtype=pl.String())
    if scope is None:
        return equal
    col = scope.define(equal)
    assert col is not None
    return col


@compiles(OneOf, "fact", "values", "mode")
def _(rule: OneOf, scope: Scope) -> Compiled:
    got, dtype = scope.fact(rule.fact)
    needs: list[tuple[pl.Expr, pl.Expr | str]] = [(got.is_null(), scope.full(rule.fact))]
    allowed, miss = scope.const(rule.values)
    if miss:
        return Compiled(code(UNKNOWN), names([*needs, (pl.lit(True), miss)]))
    allowed = list(allowed)
    if not all(isinstance(a, str) for a in allowed):
        raise NotCompilable("non-text enumeration")
    if rule.mode == "prefix":
        if dtype != pl.String():
            raise NotCompilable(f"prefix match over {dtype}")
        ok = (
            pl.any_horizontal([got.str.starts_with(a) for a in allowed])
            if allowed
            else pl.lit(False)
        )
    elif dtype == pl.String():
        ok = text_in(got, allowed, scope)
    elif dtype == pl.List(pl.String()):
        hits = got.list.eval(pl.element().is_in(allowed))
        ok = hits.list.any() if rule.mode == "any" else (hits.list.all() & (got.list.len() > 0))
    elif dtype == pl.Null():
        ok = pl.lit(False)
    else:
        raise NotCompilable(f"OneOf over {dtype}")
    return Compiled(status_when([(got.is_null(), UNKNOWN), (ok, PASS)], FAIL), names(needs))


def date_fact(scope: Scope, path: str) -> pl.Expr:
    e, dtype = scope.fact(path)
    if dtype not in (pl.Date(), pl.Null()):
        raise NotCompilable(f"{path} is not a date")
    return as_date(e, dtype)


def as_date(e: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """``e`` (of type ``dtype``: a date, or null throughout) as a date: cast only when
    null (a cast to its own type is one more node to plan and a date test reads it
    cast again)."""
    return e if dtype == pl.Date() else e.cast(pl.Date())


@compiles(DateCompare, "fact", "op", "other", "offset")
def _(rule: DateCompare, scope: Scope) -> Compiled:
    got = date_fact(scope, rule.fact)
    base, need_base = scope.date(rule.other)
    offset, miss = scope.period(rule.offset)
    needs: list[tuple[pl.Expr, pl.Expr | str]] = [
        (got.is_null(), scope.full(rule.fact)),
        *need_base,
    ]
    if miss:
        needs.append((pl.lit(True), miss))
    unknown = any_of([c for c, _ in needs])
    if offset and not base.meta.is_literal():

        def build(g: pl.Expr, r: pl.Expr) -> pl.Expr:
            return _OPS[rule.op](g, shift(r, offset))

        ok = date_test(scope, got, base, build, ("date_compare", rule.op, offset))
    else:
        ok = _OPS[rule.op](got, shift(base, offset) if offset else base)
    return Compiled(status_when([(unknown, UNKNOWN), (ok, PASS)], FAIL), names(needs))


@functools.lru_cache(maxsize=16)
def _workday_table(days: int, count_start: bool) -> tuple[list[dt.date], list[dt.date]]:
    """For every date of the years the official calendar covers, the last of ``days``
    working days counted from it (as :meth:`WorkdayCalendar.add_working_days`); dates whose
    period runs past the covered years are left out, so the engine decides and reports."""
    calendar = WorkdayCalendar()
    years = known_years()
    first, last = dt.date(years.start, 1, 1), dt.date(years.stop - 1, 12, 31)
    all_days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    working = [d for d in all_days if calendar.is_working_day(d)]
    keys, values = [], []
    for day in all_days:
        i = bisect.bisect_left(working, day) if count_start else bisect.bisect_right(working, day)
        if i + days - 1 < len(working):
            keys.append(day)
            values.append(working[i + days - 1])
    return keys, values


@compiles(WorkdaysWithin, "fact", "start", "days", "count_start", "op")
def _(rule: WorkdaysWithin, scope: Scope) -> Compiled:
    got = date_fact(scope, rule.fact)
    start, need_start = scope.date(rule.start)
    days, miss = scope.const(rule.days)
    needs: list[tuple[pl.Expr, pl.Expr | str]] = [(got.is_null(), scope.full(rule.fact))]
    needs.extend(need_start)
    if miss:
        return Compiled(code(UNKNOWN), names([*needs, (pl.lit(True), miss)]))
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise NotCompilable("working-day count")
    keys, values = _workday_table(days, rule.count_start)
    last = start.replace_strict(
        pl.Series(keys, dtype=pl.Date()),
        pl.Series(values, dtype=pl.Date()),
        default=None,
        return_dtype=pl.Date(),
    )
    unknown = any_of([c for c, _ in needs])
    uncovered = ~unknown & last.is_null()  # outside the known calendar: the engine reports it
    ok = got <= last if rule.op == "<=" else got >= last
    status = status_when([(unknown | uncovered, UNKNOWN), (ok, PASS)], FAIL)
    listed = names(needs)
    assert listed is not None
    return Compiled(status, chain([(uncovered, exact(nothing(NAMES)))], listed))


def _age_ok(
    birth: pl.Expr, limit: int, ref: pl.Expr, method: str, attained: str, leap_day: str
) -> pl.Expr:
    if method == "completed_years":
        return attains(birth, limit + 1, attained, leap_day) > ref
    if method == "cutoff_day":
        return birth >= shift(ref, Period(years=-limit), leap_day)
    if method == "cutoff_month":
        return birth.dt.year().cast(pl.Int64()) * 12 + birth.dt.month().cast(pl.Int64()) >= (
            ref.dt.year().cast(pl.Int64()) - limit
        ) * 12 + ref.dt.month().cast(pl.Int64())
    if method == "calendar_year":
        return ref.dt.year().cast(pl.Int64()) - birth.dt.year().cast(pl.Int64()) <= limit
    raise NotCompilable(f"age method {method!r}")


def _sibling(path: str, name: str) -> str:
    head, _, _ = path.rpartition(".")
    return f"{head}.{name}" if head else name


@compiles(
    AgeAtMost,
    "birth",
    "years",
    "on",
    "method",
    "female_extra",
    "gender",
    "attained",
    "leap_day",
)
def _(rule: AgeAtMost, scope: Scope) -> Compiled:
    birth = date_fact(scope, rule.birth)
    ref, need_ref = scope.date(rule.on)
    limit, miss_limit = scope.const(rule.years)
    method, miss_method = scope.const(rule.method)
    attained, miss_attained = scope.const(rule.attained)
    leap, miss_leap = scope.const(rule.leap_day)
    needs: list[tuple[pl.Expr, pl.Expr | str]] = [
        (birth.is_null(), scope.full(rule.birth)),
        *need_ref,
    ]
    unset = [m for m in (miss_limit, miss_method, miss_attained, miss_leap) if m]
    needs.extend((pl.lit(True), m) for m in unset)
    if unset:
        return Compiled(code(UNKNOWN), names(needs))
    if method not in AGE_METHODS or not isinstance(limit, int):
        raise NotCompilable("age limit or method")
    unknown = any_of([c for c, _ in needs])

    def age_ok(years: int) -> pl.Expr:
        def build(b: pl.Expr, r: pl.Expr) -> pl.Expr:
            return _age_ok(b, years, r, method, attained, leap)

        return date_test(scope, birth, ref, build, ("age_at_most", years, method, attained, leap))

    ok = age_ok(limit)
    if rule.female_extra is None:
        return Compiled(status_when([(unknown, UNKNOWN), (ok, PASS)], FAIL), names(needs))
    extra, miss_extra = scope.const(rule.female_extra)
    gpath = rule.gender or _sibling(rule.birth, "gender")
    gender, gdt = scope.fact(gpath)
    if gdt not in (pl.String(), pl.Null()):
        raise NotCompilable("gender is not text")
    if miss_extra:
        status = status_when([(unknown, UNKNOWN), (ok, PASS)], UNKNOWN)
        needs.append((~unknown & ~ok, miss_extra))
        return Compiled(status, names(needs))
    ok_extra = age_ok(limit + int(extra))
    female = text_equal(gender, "female", scope) if gdt == pl.String() else gender == "female"
    status = scope.column(
        status_when(
            [
                (unknown, UNKNOWN),
                (ok, PASS),
                (gender.is_null() & ok_extra, UNKNOWN),
                (gender.is_null(), FAIL),
                (female & ok_extra, PASS),
            ],
            FAIL,
        )
    )
    # open for the gender alone: the status says so (the dates are not compared again)
    needs.append((~unknown & (status == UNKNOWN), scope.full(gpath)))
    return Compiled(status, names(needs))


@compiles(AgeAtLeast, "birth", "years", "on", "attained", "leap_day")
def _(rule: AgeAtLeast, scope: Scope) -> Compiled:
    birth = date_fact(scope, rule.birth)
    ref, need_ref = scope.date(rule.on)
    limit, miss_limit = scope.const(rule.years)
    attained, miss_attained = scope.const(rule.attained)
    leap, miss_leap = scope.const(rule.leap_day)
    needs: list[tuple[pl.Expr, pl.Expr | str]] = [
        (birth.is_null(), scope.full(rule.birth)),
        *need_ref,
    ]
    unset = [m for m in (miss_limit, miss_attained, miss_leap) if m]
    if unset:
        return Compiled(code(UNKNOWN), names([*needs, *((pl.lit(True), m) for m in unset)]))
    if not isinstance(limit, int):
        raise NotCompilable("age limit")
    unknown = any_of([c for c, _ in needs])

    def build(b: pl.Expr, r: pl.Expr) -> pl.Expr:
        return attains(b, limit, attained, leap) <= r

    ok = date_test(scope, birth, ref, build, ("age_at_least", limit, attained, leap))
    return Compiled(status_when([(unknown, UNKNOWN), (ok, PASS)], FAIL), names(needs))


@compiles(Duration, "start", "end", "at_least", "at_most", "more_than", "less_than", "leap_day")
def _(rule: Duration, scope: Scope) -> Compiled:
    start = date_fact(scope, rule.start)
    end, need_end = scope.date(rule.end)
    needs: list[tuple[pl.Expr, pl.Expr | str]] = [
        (start.is_null(), scope.full(rule.start)),
        *need_end,
    ]
    checks: list[pl.Expr] = []
    leap, miss_leap = scope.const(rule.leap_day)
    if miss_leap:
        needs.append((pl.lit(True), miss_leap))
        leap = "feb28"  # undetermined anyway; any convention builds the expression
    for name in ("at_least", "at_most", "more_than", "less_than"):
        p, miss = scope.period(getattr(rule, name))
        if miss:
            needs.append((pl.lit(True), miss))
        if p is not None:

            def build(s: pl.Expr, e: pl.Expr, p: Period = p, name: str = name) -> pl.Expr:
                ann = shift(s, p, leap)
                return {
                    "at_least": ann <= e,
                    "more_than": ann < e,
                    "at_most": e <= ann,
                    "less_than": e < ann,
                }[name]

            checks.append(date_test(scope, start, end, build, ("duration", name, p, leap)))
    unknown = any_of([c for c, _ in needs])
    ok = pl.all_horizontal(checks) if checks else pl.lit(True)
    return Compiled(status_when([(unknown, UNKNOWN), (ok, PASS)], FAIL), names(needs))


def keyed(column: str, key: str, field: str) -> pl.Expr:
    """``field`` of the first entry under ``key`` in a keyed list (only the field is
    filtered: the entries' other fields are not copied)."""
    el = pl.element()
    found = el.struct.field(field).filter(el.struct.field("key") == key)
    expr = pl.col(column).list.eval(found).list.first()
    # as a defined column, looked up with the plan's other keys in one pass (apply_defs)
    _mark(expr, _KEYED, (column, "key", key, field))
    return expr


@compiles(Attested, "key", "question", "params")  # params: rendered in the question
def _(rule: Attested, scope: Scope) -> Compiled:
    if "attestations" not in scope.schema:
        raise NotCompilable("no attestations column")
    value = scope.keyed("attestations", rule.key, "value")
    absent = value.is_null()
    texts = constant_text(rule, scope)
    status = status_when([(absent, REVIEW), (value, PASS)], FAIL)
    return Compiled(
        status,
        names([(absent, f"attestations.{rule.key}")]),
        chain([(absent, fixed_names(texts))], EMPTY),
    )


@compiles(Judgement, "criterion", "decided_by")
def _(rule: Judgement, scope: Scope) -> Compiled:
    if "decisions" not in scope.schema:
        raise NotCompilable("no decisions column")
    value = scope.keyed("decisions", rule.id, "value")
    absent = value.is_null()
    texts = constant_text(rule, scope)
    return Compiled(
        status_when([(absent, REVIEW), (value, PASS)], FAIL),
        None,
        chain([(absent, fixed_names(texts))], EMPTY),
    )


# --- combinators ------------------------------------------------------------------------


@compiles(AllOf, "rules")
def _(rule: AllOf, scope: Scope) -> Compiled:
    parts = [compile_rule(r, scope) for r in rule.rules]
    ss = [p.status for p in parts]
    if not ss:
        return Compiled(code(PASS))
    status = scope.column(worst_of(ss))
    bad = [is_(p.status, FAIL, UNKNOWN, REVIEW) for p in parts]
    missing = merge([(b, p.missing) for b, p in zip(bad, parts, strict=True)])
    if missing is not None:
        missing = chain([(status == FAIL, EMPTY)], missing)
    review = merge([(b, p.review) for b, p in zip(bad, parts, strict=True)])
    return Compiled(status, missing, review)


@compiles(AnyOf, "rules")
def _(rule: AnyOf, scope: Scope) -> Compiled:
    parts = [compile_rule(r, scope) for r in rule.rules]
    ss = [p.status for p in parts]
    if not ss:
        return Compiled(code(NA))
    status = scope.column(best_of(ss))
    open_ = is_(status, UNKNOWN, REVIEW, FAIL)
    bad = [open_ & is_(p.status, FAIL, UNKNOWN, REVIEW) for p in parts]
    return Compiled(
        status,
        merge([(b, p.missing) for b, p in zip(bad, parts, strict=True)]),
        merge([(b, p.review) for b, p in zip(bad, parts, strict=True)]),
    )


@compiles(Not, "rule")
def _(rule: Not, scope: Scope) -> Compiled:
    c = compile_rule(rule.rule, scope)
    status = (
        pl.when(is_(c.status, PASS, WAIVED))
        .then(code(FAIL))
        .when(c.status == FAIL)
        .then(code(PASS))
        .otherwise(c.status)
    )
    return Compiled(status, c.missing, c.review)


@compiles(When, "condition", "then")
def _(rule: When, scope: Scope) -> Compiled:
    cond = compile_rule(rule.condition, scope)
    then = compile_rule(rule.then, scope)
    off = is_(cond.status, FAIL, NA)
    on = is_(cond.status, PASS, WAIVED)
    inner_holds = is_(then.status, PASS, WAIVED, NA)
    taken = pl.when(off).then(code(NA)).when(on | inner_holds).then(then.status)
    status = taken.otherwise(cond.status)
    undecided = ~off & ~on & ~inner_holds
    missing = merge([(on, then.missing), (undecided, cond.missing), (undecided, then.missing)])
    review = merge([(on, then.review), (undecided, cond.review)])
    return Compiled(status, missing, review)


def _at_position(pos: pl.Expr, before: str, after: str) -> pl.Expr:
    """``before``, an item's position ``pos`` and ``after`` as one text per item: each
    text built once per position up to the largest, and gathered (formatting a number and
    joining three texts per item costs about five times as much)."""
    texts = pl.concat_str(
        [
            pl.lit(before),
            pl.int_range(0, (pos.max() + 1).fill_null(0)).cast(pl.String()),
            pl.lit(after),
        ]
    )
    return texts.gather(pos)


# --- collections --------------------------------------------------------------------------


#: the position column of an item one list down, while a list inside it is exploded
OUTER_POS = "__pos_outer"
#: on the exploded items of a list: the case (or outer item) an item belongs to, for windows
#: over a case's items
GROUP = "__grp"


def list_items(rule_collection: str, scope: Scope) -> tuple[Scope, pl.Expr, str]:
    """The scope of the items of a list (of a case, or of an item: one level down)."""
    if len(scope.item_path) > 1:
        raise NotCompilable("a list rule inside a list rule inside a list rule")
    coll, dtype = scope.fact(rule_collection, inline=True)
    if dtype == pl.Null():
        return scope, coll, ""
    if not (isinstance(dtype, pl.List) and isinstance(dtype.inner, pl.Struct)):
        raise NotCompilable(f"{rule_collection} is not a list of records")
    if scope.item is None:
        # a list that is a field of an input column: its column, taken out of the record
        # with the record's other fields before the steps run (a step explodes it as is)
        field = scope.fact(rule_collection, as_field=True)[0]
        if field.meta.is_column() and field.meta.output_name().startswith(FIELD):
            coll = field
    outer = tuple((name, OUTER_POS) for name, _ in scope.item_path)
    # an item's lists of names are kept apart from its statuses: a step computes them
    # only for the items left open (see :func:`item_lists`)
    inner = attrs.evolve(
        scope,
        item=dtype.inner,
        item_path=(*outer, (rule_collection, "__pos")),
        steps=[],
        defs=[],
        cache={},
        list_defs=[],
        review_defs=[],
    )
    return inner, coll, f"__s{next(scope.counter)}"


def item_lists(inner: Scope, lists: Mapping[str, pl.Expr]) -> dict[str, pl.Expr]:
    """``lists`` (per-item lists of names) preceded by the item's list columns they read,
    directly or through others, in their order: a :class:`Step`'s ``lists``."""
    defined = [*(inner.list_defs or []), *(inner.review_defs or [])]
    return {**dict(needed_defs(defined, list(lists.values()))), **lists}


def needed_defs(
    defs: Sequence[tuple[str, pl.Expr]], exprs: Sequence[pl.Expr]
) -> list[tuple[str, pl.Expr]]:
    """The ``defs`` that ``exprs`` read, directly or through other defs (in their order)."""
    wanted: set[str] = set()
    for e in exprs:
        wanted.update(e.meta.root_names())
    keep: list[tuple[str, pl.Expr]] = []
    for name, e in reversed(defs):
        if name in wanted:
            keep.append((name, e))
            wanted.update(e.meta.root_names())
    return keep[::-1]


def absent_list(coll: pl.Expr, scope: Scope, path: str | None = None) -> pl.Expr:
    """Whether a case's list is absent: at the top, one column however many rules read it
    (a list reached through a selector is searched once, not once per use). ``path``:
    the list's fact path, read through the selector columns the other rules share (the
    steps' ``coll`` repeats the search inline)."""
    if path is not None and scope.item is None:
        # a list that is a field of a case's record: taken out with the record's other
        # fields (:func:`extracted`), not once per list rule
        coll = scope.fact(path, as_field=True)[0]
    found = coll.is_null()
    column = scope.define(found) if scope.item is None else None
    return found if column is None else column


def outer_date(source: str | P, scope: Scope) -> str | P:
    """A list rule's date source (``on``) as its items' scope reads it: the engine reads
    it in the rule's own scope, not the item's. A fact of the case (the rule at the top)
    is read from the case's root (``$.``); a fact of an item the rule itself is in is not
    compiled (the engine decides the rule)."""
    if isinstance(source, P) or source in (AS_OF, REF) or source.startswith("$."):
        return source
    if scope.item is None:
        return f"$.{source}"
    raise NotCompilable("a list rule's date read from the item it is in")


def list_name(path: str, scope: Scope) -> str | pl.Expr:
    """The list ``path`` named as missing as the engine names it (``Context.full``): a
    case's list by its path, an item's own list by the item's path before it
    (``organisations[1].records``, not ``records``)."""
    return path if scope.item is None else scope.full(path)


def absent_names(path: str, scope: Scope) -> pl.Expr:
    """The names of an absent list ``path`` (:func:`list_name`), as a list."""
    if scope.item is None:
        return fixed_names([path])
    found = names([(pl.lit(True), scope.full(path))])
    assert found is not None
    return found


def _no_names(name: str, list_aggs: Mapping[str, pl.Expr]) -> dict[str, Any]:
    """The defaults of the gathered names (for a case with no open item)."""
    return {f"{name}_mis": [], f"{name}_mnull": False} if list_aggs else {}


def gather_missing(cond: pl.Expr, missing: pl.Expr | None) -> tuple[pl.Expr, pl.Expr]:
    """Per-case list of the item missing names where ``cond``; and whether any is null.

    (Over a step's open items only: an item outside them gives nothing, as where
    ``cond`` does not hold, so ``cond`` must imply the step's ``open``.)"""
    if missing is None:
        return pl.lit([], dtype=NAMES).first(), pl.lit(False)
    m = pl.when(cond).then(missing).otherwise(EMPTY)
    return (m.explode().drop_nulls().unique(maintain_order=True).implode(), m.is_null().any())


@compiles(Count, "collection", "where", "op", "value", "label", "also", "identity")
def _(rule: Count, scope: Scope) -> Compiled:
    limit, miss = scope.const(rule.value)
    if miss or not isinstance(limit, int):
        raise NotCompilable("count limit")
    if rule.also:
        from talentkit.batch.also import count_also

        return count_also(rule, scope, limit)
    if rule.where is None:  # the list's length: its items may be plain values
        coll, dtype = scope.fact(rule.collection, inline=True)
        if dtype == pl.Null():
            return Compiled(code(UNKNOWN), absent_names(rule.collection, scope))
        if not isinstance(dtype, pl.List):
            raise NotCompilable(f"{rule.collection} is not a list")
        yes, unknown = coll.list.len().cast(pl.Int64()), pl.lit(0, dtype=pl.Int64())
        gathered: pl.Expr = EMPTY
    else:
        inner, coll, name = list_items(rule.collection, scope)
        if not name:
            return Compiled(code(UNKNOWN), absent_names(rule.collection, scope))
        w = compile_rule(rule.where, inner)
        st = pl.col(f"{name}_st")
        items = {**dict(inner.defs), f"{name}_st": w.status}
        undecided = is_(st, UNKNOWN, REVIEW)
        lists: dict[str, pl.Expr] = {}
        list_aggs: dict[str, pl.Expr] = {}
        gathered = EMPTY
        if w.missing is not None:
            # the names are gathered from the undecided items only
            lists = item_lists(inner, {f"{name}_m": w.missing})
            gm, gnull = gather_missing(undecided, pl.col(f"{name}_m"))
            list_aggs = {f"{name}_mis": gm, f"{name}_mnull": gnull}
            gathered = (
                pl.when(pl.col(f"{name}_mnull"))
                .then(nothing(NAMES))
                .otherwise(pl.col(f"{name}_mis"))
            )
        scope.steps.append(
            Step(
                name,
                coll,
                items,
                {},
                {f"{name}_yes": 0, f"{name}_unk": 0, **_no_names(name, list_aggs)},
                steps=inner.steps,
                sums={f"{name}_yes": is_(st, PASS, WAIVED), f"{name}_unk": undecided},
                named=[ItemNames(undecided, lists, list_aggs)] if list_aggs else [],
            )
        )
        yes, unknown = pl.col(f"{name}_yes"), pl.col(f"{name}_unk")
    lo, hi = yes, yes + unknown
    all_ok, any_ok = count_range(rule.op, lo, hi, limit, negate=operator.invert)
    absent = absent_list(coll, scope, rule.collection)
    status = scope.column(
        status_when([(absent, UNKNOWN), (all_ok, PASS), (~any_ok, FAIL)], UNKNOWN)
    )
    missing = chain(
        [
            (absent, absent_names(rule.collection, scope)),
            (status == UNKNOWN, exact(gathered)),
        ],
        EMPTY,
    )
    return Compiled(status, missing)


@compiles(InRole, "fact", "roles", "organisations")
def _(rule: InRole, scope: Scope) -> Compiled:
    unit, udt = scope.fact(rule.fact)
    if udt not in (pl.String(), pl.Null()):
        raise NotCompilable(f"{rule.fact} is not text")
    orgs, odt = scope.fact(rule.organisations)
    needs: list[tuple[pl.Expr, pl.Expr | str]] = [
        (unit.is_null(), scope.full(rule.fact)),
        (orgs.is_null(), scope.full(rule.organisations)),
    ]
    roles, miss = scope.const(rule.roles)
    if miss:
        return Compiled(code(UNKNOWN), names([*needs, (pl.lit(True), miss)]))
    if odt == pl.Null() or udt == pl.Null():
        return Compiled(code(UNKNOWN), names(needs))
    if not (isinstance(odt, pl.List) and isinstance(odt.inner, pl.Struct)):
        raise NotCompilable(f"{rule.organisations} is not a list of records")
    fields = dict(odt.inner.to_schema())
    if fields.get("id") != pl.String() or fields.get("role") != pl.String():
        raise NotCompilable("organisation id or role is not text")
    el = pl.element()
    oid, role = el.struct.field("id"), el.struct.field("role")
    allowed = role.is_in(list(roles))
    sure = orgs.list.eval(el.filter(allowed & oid.is_not_null()).struct.field("id"))
    without_role = orgs.list.eval(el.filter(role.is_null()).struct.field("id"))
    # an organisation without an id that could be the unit's
    nameless = oid.is_null() & (role.is_null() | allowed)
    anonymous = orgs.list.eval(nameless).list.any()
    hit = sure.list.contains(unit)
    role_open = without_role.list.contains(unit)
    open_ = anonymous | role_open
    unknown = any_of([c for c, _ in needs])
    status = status_when([(unknown, UNKNOWN), (hit, PASS), (open_, UNKNOWN)], FAIL)
    listed = names(needs)
    assert listed is not None
    # which organisations' ids are open, in their order, as the engine names them; where
    # the unit's own organisation has no role, its name falls among them: the engine
    # names them all
    where = name_text(scope.full(rule.organisations))
    open_ids = (
        nothing(NAMES)
        if where is None
        else orgs.list.eval(
            pl.when(nameless)
            .then(pl.format(where + "[{}].id", pl.int_range(pl.len())))
            .drop_nulls()
        )
    )
    which = pl.when(role_open).then(nothing(NAMES)).otherwise(open_ids)
    missing = chain([(unknown, listed), (open_, exact(which))], EMPTY)
    return Compiled(status, missing)


@compiles(Share, "collection", "where", "among", "op", "fraction", "label", "also", "identity")
def _(rule: Share, scope: Scope) -> Compiled:
    frac, miss = scope.const(rule.fraction)
    if miss:
        raise NotCompilable("share fraction")
    frac = Fraction(frac)
    if rule.also:
        from talentkit.batch.also import share_also

        return share_also(rule, scope, frac)
    p, q = frac.numerator, frac.denominator
    inner, coll, name = list_items(rule.collection, scope)
    if not name:
        return Compiled(code(UNKNOWN), absent_names(rule.collection, scope))
    w = compile_rule(rule.where, inner)
    a = compile_rule(rule.among, inner) if rule.among is not None else None
    items = {**dict(inner.defs), f"{name}_w": w.status}
    lists: dict[str, pl.Expr] = {}
    member = code(PASS)
    if a is not None:
        items[f"{name}_a"] = a.status
        member = pl.col(f"{name}_a")
        if a.missing is not None:
            lists[f"{name}_am"] = a.missing
    if w.missing is not None:
        lists[f"{name}_wm"] = w.missing
    hit = pl.col(f"{name}_w")
    counted = ~is_(member, FAIL, NA)
    sure = counted & (member == PASS)
    unsure = counted & (member != PASS)
    undecided_hit = ~is_(hit, PASS, FAIL)
    wm = pl.col(f"{name}_wm") if w.missing is not None else None
    am = pl.col(f"{name}_am") if a is not None and a.missing is not None else None
    merged = merge([(unsure, am), (unsure & (hit != PASS), wm), (sure & undecided_hit, wm)])
    list_aggs: dict[str, pl.Expr] = {}
    if merged is not None:
        # the names are gathered from the items whose membership or hit is open
        lists = item_lists(inner, {**lists, f"{name}_m": merged})
        list_aggs = {
            f"{name}_mis": pl.col(f"{name}_m")
            .explode()
            .drop_nulls()
            .unique(maintain_order=True)
            .implode(),
            f"{name}_mnull": pl.col(f"{name}_m").is_null().any(),
        }
    sums = {
        f"{name}_yes": sure & (hit == PASS),
        f"{name}_unk": sure & undecided_hit,
        f"{name}_tot": sure,
        f"{name}_mh": unsure & (hit != FAIL),
        f"{name}_mm": unsure & (hit != PASS),
    }
    scope.steps.append(
        Step(
            name,
            coll,
            items,
            {},
            {
                f"{name}_yes": 0,
                f"{name}_unk": 0,
                f"{name}_tot": 0,
                f"{name}_mh": 0,
                f"{name}_mm": 0,
                **_no_names(name, list_aggs),
            },
            steps=inner.steps,
            sums=sums,
            named=[ItemNames(unsure | sure & undecided_hit, lists, list_aggs)] if list_aggs else [],
        )
    )
    yes, unk, tot = pl.col(f"{name}_yes"), pl.col(f"{name}_unk"), pl.col(f"{name}_tot")
    mh, mm = pl.col(f"{name}_mh"), pl.col(f"{name}_mm")
    empty_ok = rule.op in ("<=", "<")

    def holds(k: pl.Expr, n: pl.Expr) -> pl.Expr:
        return pl.when(n == 0).then(pl.lit(empty_ok)).otherwise(_OPS[rule.op](q * k, p * n))

    low = holds(yes, tot + mm)
    high = holds(yes + unk + mh, tot + mh)
    if empty_ok:
        low, high = high, low
    settled = (unk + mh + mm) == 0
    status = scope.column(
        status_when(
            [
                (absent_list(coll, scope, rule.collection), UNKNOWN),
                (settled & low, PASS),
                (settled, FAIL),
                (low & high, PASS),
                (~low & ~high, FAIL),
            ],
            UNKNOWN,
        )
    )
    gathered = (
        pl.when(pl.col(f"{name}_mnull")).then(nothing(NAMES)).otherwise(pl.col(f"{name}_mis"))
        if list_aggs
        else EMPTY
    )
    missing = chain(
        [
            (absent_list(coll, scope, rule.collection), absent_names(rule.collection, scope)),
            (status == UNKNOWN, exact(gathered)),
        ],
        EMPTY,
    )
    return Compiled(status, missing)


@compiles(
    NoneWithin,
    "collection",
    "where",
    "date_field",
    "period",
    "calendar_years",
    "on",
    "label",
    "leap_day",
)
def _(rule: NoneWithin, scope: Scope) -> Compiled:
    years: int | None = None
    period: Period | None = None
    unlimited = False
    if rule.calendar_years is not None:
        years, miss_p = scope.const(rule.calendar_years)
        if miss_p or not isinstance(years, int) or isinstance(years, bool):
            raise NotCompilable("look-back calendar years")
    else:
        look_back = rule.period or Period(years=3)
        unlimited = scope.const(look_back)[0] == UNLIMITED
        period, miss_p = (None, None) if unlimited else scope.period(look_back)
        if miss_p or (period is None and not unlimited):
            raise NotCompilable("look-back period")
    leap, miss_leap = scope.const(rule.leap_day)
    if miss_leap:
        raise NotCompilable("leap-day convention")
    inner, coll, name = list_items(rule.collection, scope)
    _on, need_on = scope.date(rule.on)
    if not name:
        head = names([(pl.lit(True), list_name(rule.collection, scope)), *need_on])
        return Compiled(code(UNKNOWN), head)
    when = date_fact(inner, rule.date_field)
    w = compile_rule(rule.where, inner) if rule.where is not None else None
    match = w.status if w is not None else code(PASS)
    on_item, _ = inner.date(outer_date(rule.on, scope))
    if unlimited:
        # an unbounded past: an undated record is inside it (see NoneWithin)
        when = when.fill_null(on_item)
    d = pl.col(f"{name}_d")
    if unlimited:
        inside = d.is_not_null() & (d <= on_item)
    elif period is not None:
        inside = d.is_not_null() & (shift(on_item, -period, leap) <= d) & (d <= on_item)
    else:
        year = d.dt.year().cast(pl.Int64())
        on_year = on_item.dt.year().cast(pl.Int64())
        inside = d.is_not_null() & (on_year - pl.lit(years) <= year) & (year < on_year)
    considered = ~is_(pl.col(f"{name}_mt"), FAIL, NA)
    items = {**dict(inner.defs), f"{name}_mt": match, f"{name}_d": when}
    lists = {f"{name}_dn": inner.full(rule.date_field)}
    # as the engine names them, item by item: an undated item's date, or what an
    # undecided match inside the window still needs
    undated = pl.concat_list([pl.col(f"{name}_dn")])
    item_names: pl.Expr = pl.when(d.is_null()).then(undated).otherwise(EMPTY)
    undecided_inside = inside & (pl.col(f"{name}_mt") != PASS)
    if w is not None and w.missing is not None:
        lists[f"{name}_wm"] = w.missing
        item_names = (
            pl.when(d.is_null())
            .then(undated)
            .when(undecided_inside)
            .then(pl.col(f"{name}_wm"))
            .otherwise(EMPTY)
        )
    gathered, _null = gather_missing(considered, item_names)
    # the items that name something: undated, or undecided inside the window
    open_ = considered & (d.is_null() | undecided_inside)
    scope.steps.append(
        Step(
            name,
            coll,
            items,
            {},
            {
                f"{name}_hit": False,
                f"{name}_und": False,
                f"{name}_mis": [],
                f"{name}_onnull": False,
            },
            steps=inner.steps,
            anys={
                f"{name}_hit": considered & inside & (pl.col(f"{name}_mt") == PASS),
                f"{name}_und": open_,
                f"{name}_onnull": on_item.is_null(),
            },
            named=[ItemNames(open_, item_lists(inner, lists), {f"{name}_mis": gathered})],
        )
    )
    unknown_on = pl.any_horizontal([c for c, _ in need_on]) if need_on else pl.lit(False)
    status = scope.column(
        status_when(
            [
                (absent_list(coll, scope, rule.collection) | unknown_on, UNKNOWN),
                (pl.col(f"{name}_hit"), FAIL),
                (pl.col(f"{name}_und"), UNKNOWN),
            ],
            PASS,
        )
    )
    head = names(
        [(absent_list(coll, scope, rule.collection), list_name(rule.collection, scope)), *need_on]
    )
    missing = chain(
        [
            (
                absent_list(coll, scope, rule.collection) | unknown_on,
                head if head is not None else EMPTY,
            ),
            (status == UNKNOWN, exact(pl.col(f"{name}_mis"))),
        ],
        EMPTY,
    )
    return Compiled(status, missing)


def step_roots(step: Step, collection: bool = True) -> set[str]:
    """The columns a step reads (its nested steps' included); without ``collection``,
    those its items read beside the list (the list itself is exploded, not repeated)."""
    roots: set[str] = set(step.collection.meta.root_names()) if collection else set()
    for e in _own_exprs(step):
        roots.update(e.meta.root_names())
    for sub in step.steps:
        roots.update(step_roots(sub))
    return roots - {"__item", "__pos", OUTER_POS, GROUP}


def _own_exprs(step: Step) -> list[pl.Expr]:
    """What ``step`` computes over its items (its nested steps' not included)."""
    exprs = [*step.items.values(), *step.aggs.values(), *step.sums.values(), *step.anys.values()]
    for union in step.unions.values():
        exprs += union.exprs()
    for named in step.named:
        exprs += [named.open, *named.lists.values(), *named.aggs.values()]
    return exprs


def _reads_positions(step: Step) -> bool:
    """Whether ``step`` reads its items' positions in their list: the names of what they
    lack do, and so do those of a list inside each item (see :data:`OUTER_POS`)."""
    return bool(step.steps) or any("__pos" in e.meta.root_names() for e in _own_exprs(step))


def merge_steps(steps: Sequence[Step]) -> list[Step]:
    """The steps over the same list as one step: each list is exploded once, whatever
    number of rules read its items (their columns have distinct names)."""
    merged: dict[str, Step] = {}
    for step in steps:
        key = step.collection.meta.serialize(format="json")
        seen = merged.get(key)
        if seen is None:
            seen = merged[key] = attrs.evolve(
                step,
                items={},
                aggs={},
                defaults={},
                steps=[],
                sums={},
                anys={},
                named=[],
                unions={},
            )
        seen.items.update(step.items)
        seen.aggs.update(step.aggs)
        seen.defaults.update(step.defaults)
        seen.steps.extend(step.steps)
        seen.sums.update(step.sums)
        seen.anys.update(step.anys)
        seen.unions.update(step.unions)
        seen.named.extend(step.named)  # each rule's open items named apart
    return [
        attrs.evolve(m, items=_shared_items(m.items), steps=merge_steps(m.steps))
        for m in merged.values()
    ]


#: a column read by name in an expression's JSON text
_COLUMN = re.compile(r'"Column":"([^"\\]*)"')


def _shared_items(items: Mapping[str, pl.Expr]) -> dict[str, pl.Expr]:
    """``items`` with each one that computes the same as an earlier one reading that one's
    column instead: rules over one list often test the same field alike (the kind of an
    organisation, a country), each in its own column. Two items are the same when their
    texts are, once the columns they read that are copies of earlier ones are named as
    those (an item read through a copy then matches one read directly)."""
    first: dict[str, str] = {}  # an item's text -> the item computing it first
    copy_of: dict[str, str] = {}  # an item -> the earlier item it copies

    def original(found: re.Match[str]) -> str:
        return f'"Column":"{copy_of.get(found.group(1), found.group(1))}"'

    out: dict[str, pl.Expr] = {}
    for name, expr in items.items():
        try:
            text = _COLUMN.sub(original, expr.meta.serialize(format="json"))
        except Exception:  # an expression polars cannot write as JSON: kept as it is
            out[name] = expr
            continue
        earlier = first.setdefault(text, name)
        if earlier == name:
            out[name] = expr
        else:
            copy_of[name] = earlier
            out[name] = pl.col(earlier)
    return out


def run_steps(df: pl.DataFrame, steps: Sequence[Step], row: str = "__row") -> pl.DataFrame:
    """Add the per-case aggregate columns of every step to ``df``.

    ``df`` is the cases, or (for a list inside each item) the exploded items of an outer
    list, whose position is kept as :data:`OUTER_POS` for the names of missing facts.
    """
    if not steps:
        return df
    n = df.height
    base = df.with_row_index(row)
    outer = {OUTER_POS: pl.col("__pos")} if "__pos" in df.columns else {}
    added: list[pl.Series | pl.Expr] = []
    columns = set(df.columns)
    for step in _merged(steps):
        reads, positions, named_reads = _step_reads(step)
        roots = {r for r in reads if r in columns and r != "__item"}
        items = _collection(df, step.collection)
        # the number of items of each case (a null list has none): the items lie case by
        # case once exploded, so a case's items end at the running total of these
        lengths = items.list.len()  # (null for a null list)
        # no case of the chunk has an item (a record, an honour, an application most
        # people have none of): each column is its value for a case without items
        none_key = _no_items_key(step, roots, df, items) if n and not lengths.max() else None
        if none_key is not None:
            hit = _NO_ITEMS.get(none_key)
            if hit is not None and hit[0] is step:
                added.extend(_for_every_case(s, empty, n) for s, empty in hit[1])
                continue
        length = lengths.fill_null(0)  # (a column's method is a query: only when used)
        cases = base.select(row, *_narrowed_once(step, roots, df), **outer).with_columns(items)
        with_items = cases.filter(length > 0)
        if positions:  # each item's position in its list, exploded beside it
            with_items = with_items.with_columns(
                __pos=pl.int_ranges(0, pl.col("__item").list.len())
            )
        ex = (
            with_items.explode("__item", *positions)
            # ascending case by case: a group per case is found without hashing
            .with_columns(pl.col(row).set_sorted(), **{GROUP: pl.col(row)})
        )
        ex = run_steps(ex, step.steps, row + "_in")
        ex = apply_defs(ex, list(step.items.items()))
        # each union's number of spells per case, summed with the step's own sums
        counted = {f"\x00count{k}": u.valid for k, u in step.unions.items()}
        per_case = _sums(ex, length, {**step.sums, **counted}, step.anys)
        counts = {k: per_case[f"\x00count{k}"] for k in step.unions}
        spread = spell_unions(ex, GROUP, counts, step.unions)
        if step.aggs:
            # one group per case with items, in ascending order
            spread += _spread(ex.group_by(row, maintain_order=True).agg(**step.aggs), row, n)
        for named, read in zip(step.named, named_reads, strict=True):
            # lists of names only for the items left open (and only the columns they
            # read); a case with none gets defaults
            picked = (
                ex.select(
                    row, *(c for c in ex.columns if c in read and c != row), __open=named.open
                )
                .filter(pl.col("__open"))
                .drop("__open")
            )
            picked = apply_defs(picked, list(named.lists.items()))
            listed = picked.group_by(row, maintain_order=True).agg(**named.aggs)
            spread += _spread(listed, row, n)
        filled = _filled(step.defaults, per_case, spread, length)
        if none_key is not None:
            if len(_NO_ITEMS) >= _KEPT:
                _NO_ITEMS.clear()
            kept = [s.head(1) for s in filled]
            _NO_ITEMS[none_key] = (step, [(s, _is_empty_list(s)) for s in kept])
        added.extend(filled)
    return df.with_columns(added)


#: per merged step and the types of what it reads, its columns for one case without items:
#: a chunk in which no case has an item takes them as they are, for every case
_NO_ITEMS: dict[tuple[Any, ...], tuple[Step, list[tuple[pl.Series, bool]]]] = {}


def _no_items_key(
    step: Step, roots: set[str], df: pl.DataFrame, items: pl.Series
) -> tuple[Any, ...]:
    """What a step's columns for a case without items depend on: the step (by identity,
    kept with it) and the types of the columns it reads, which make the types of its
    aggregates; the values are its defaults."""
    names = sorted(roots)
    return (id(step), tuple(names), tuple(df.get_column(r).dtype for r in names), items.dtype)


#: per step, :func:`_step_reads`: the same steps for every chunk of a run, so found once
_READS_OF: dict[int, tuple[Step, tuple[set[str], list[str], list[set[str]]]]] = {}


def _step_reads(step: Step) -> tuple[set[str], list[str], list[set[str]]]:
    """The columns ``step``'s items read beside its list (:func:`step_roots`), its
    positions column if they read their positions, and the columns each of its lists of
    names reads; kept for the step (by identity: held with it)."""
    hit = _READS_OF.get(id(step))
    if hit is not None and hit[0] is step:
        return hit[1]
    if len(_READS_OF) >= _KEPT:
        _READS_OF.clear()
    named = [set().union(*(e.meta.root_names() for e in _named_exprs(n))) for n in step.named]
    found = (step_roots(step, False), ["__pos"] if _reads_positions(step) else [], named)
    _READS_OF[id(step)] = (step, found)
    return found


def _collection(df: pl.DataFrame, collection: pl.Expr) -> pl.Series:
    """The list a step explodes (as ``__item``): a field of a record looked up by key
    (``organisations[role=company].applications``) searched for every case at once, which
    costs less than a search inside each case's list."""
    found = lookup_of(collection)
    if found is not None:
        # searched beside the defined columns' lookups of the same list (see apply_defs)
        searched: pl.Series | None = df.get_column(_searched_list(found), default=None)
        if searched is not None:
            return searched.alias("__item")
    listed = None if found is None else df.get_column(found[0], default=None)
    # (the list's type only: a frame's schema is every nested column's, built afresh)
    dtype = None if listed is None else listed.dtype
    if found is not None and found[3] is not None and searchable(dtype, found):
        return lookup_columns(df, {"__item": found})[0]
    return df.select(__item=collection).to_series()


def _filled(
    defaults: Mapping[str, Any],
    per_case: Mapping[str, pl.Series],
    spread: Sequence[pl.Series],
    length: pl.Series,
) -> list[pl.Series]:
    """The step's per-case columns with its defaults for the cases without items: a sum
    (0) or any (false) of no items is its default already; the aggregates and names are
    null there (see :func:`_spread`)."""
    out: list[pl.Series] = []
    values = {s.name: s for s in spread}
    for col, default in defaults.items():
        if col in per_case:
            value = per_case[col]
            natural = value.dtype == pl.Boolean() and default is False
            natural |= value.dtype == pl.Int64() and type(default) is int and default == 0
            if not natural:
                # a default other than a sum or any of no items: put where there are none
                put = pl.lit(default, dtype=value.dtype) if default is not None else None
                value = pl.select(pl.when(length > 0).then(value).otherwise(put)).to_series()
            out.append(value.alias(col))
            continue
        value = values[col]
        if isinstance(default, list):
            # (nothing to fill where every case has its names, as where every item is open)
            if default == [] and value.dtype == NAMES and value.null_count() == value.len():
                value = _no_names_for(value)
            elif value.null_count():
                value = pl.select(
                    pl.when(value.is_null()).then(pl.lit(default, dtype=NAMES)).otherwise(value)
                ).to_series()
        elif default is not None:  # None: a case without items has no value
            value = value.fill_null(default)
        out.append(value.alias(col))
    return out


def _no_names_for(value: pl.Series) -> pl.Series:
    """An empty list of names for each case of ``value`` (every case's, where a list no
    case has items in or no item left open leaves them all null): see :func:`empty_lists`."""
    return empty_lists(NAMES, value.len()).alias(value.name)


def _for_every_case(value: pl.Series, empty: bool, n: int) -> pl.Series | pl.Expr:
    """``value`` (one row) for each of ``n`` cases: a literal, which polars holds as one
    value, but for an ``empty`` list. polars builds that one's column row by row each time
    a frame holding it is first read (~2 ms per 100,000 rows; a chunk's missing names read
    twenty of them): a column of :func:`empty_lists` instead."""
    if empty:
        return empty_lists(value.dtype, n).alias(value.name)
    return pl.lit(value).first().alias(value.name)


def _is_empty_list(value: pl.Series) -> bool:
    """Whether ``value`` (one row) is an empty list (not null)."""
    return isinstance(value.dtype, pl.List) and not value.null_count() and value.list.len()[0] == 0


def empty_lists(dtype: pl.DataType, n: int) -> pl.Series:
    """An empty list of ``dtype`` (a list type) for each of ``n`` rows, built as offsets (a
    tenth of what polars' own constant or fill of an empty list costs, which appends row by
    row), made once per type and chunk height (:func:`tables.per_height`)."""

    def make() -> pl.Series:
        import pyarrow as pa

        assert isinstance(dtype, pl.List)
        zeros = pa.repeat(pa.scalar(0, pa.int64()), n + 1)  # (no polars query)
        inner = pl.Series([], dtype=dtype.inner).to_arrow()
        made: pl.Series = from_arrow("", pa.LargeListArray.from_arrays(zeros, inner)).cast(dtype)
        return made

    return tables.per_height(("empty", dtype), n, make)


# --- the case's own columns beside a list's items: only the fields the items read ----------
#
# A list's items read a few fields of the case's records (the reference date in
# ``application``), and exploding the list repeats every column they read for each item:
# a whole record repeated costs more than the rest of the step. An expression that reads a
# record only field by field reads the same values from a record holding only those
# fields (a field of a null record is null either way), so only they are repeated.

#: the fields each expression reads, by its serialised text: the same expressions come back
#: in every plan of a run (and every run), and walking their trees costs more than this text
_PATHS: dict[str, dict[str, set[tuple[str, ...]]] | None] = {}
#: a field's value that is a list of numbers (a literal's or a function's bytes, which
#: name no column): read as an empty list, the text parses and walks several times faster
#: (the quote before the colon is a key's end: one inside a text is escaped)
_BYTES = re.compile(r'(?<=[^\\]":)\[\d+(?:,\d+)*\]')
#: nodes that select columns otherwise than by name: the whole record is kept
_OPAQUE = frozenset({"Columns", "Nth", "Wildcard", "Selector", "DtypeColumn", "IndexColumn"})


Read = tuple[str, tuple[str, ...]]
"""A column and a field path in it (a list's items' fields read through the list)."""
#: the last part of a path whose value's presence (and a list's length) is read, not its
#: fields: a list of records whose items hold only the fields read has the same
SHAPE = "\x00shape"
_SHAPE_OF = ({"Boolean": "IsNull"}, {"Boolean": "IsNotNull"}, {"ListExpr": "Length"})


def _field_of(node: Any, element: Read | None = None) -> Read | None:
    """``(column, path)`` when ``node`` is a chain of field accesses on a named column, or
    on the items of a list being evaluated (``element``: that list's column and path)."""
    if node == "Element" or (isinstance(node, dict) and node.get("Column") == ""):
        return element  # an item of the list being evaluated (list.filter says Column "")
    if not isinstance(node, dict) or "Function" not in node:
        return None
    f = node["Function"]
    fn = f.get("function") if isinstance(f, dict) else None
    inner = fn.get("StructExpr") if isinstance(fn, dict) else None
    if not (isinstance(inner, dict) and isinstance(inner.get("FieldByName"), str)):
        return None
    if len(f.get("input", ())) != 1:
        return None
    (source,) = f["input"]
    if isinstance(source, dict) and isinstance(source.get("Column"), str) and source["Column"]:
        return source["Column"], (inner["FieldByName"],)
    up = _field_of(source, element)
    return None if up is None else (up[0], (*up[1], inner["FieldByName"]))


def _source(node: Any, element: Read | None) -> Read | None:
    """:func:`_field_of`, or a column read whole (``(column, ())``)."""
    if isinstance(node, dict) and isinstance(node.get("Column"), str) and node["Column"]:
        return node["Column"], ()
    return _field_of(node, element)


def _shape_of(node: Any, element: Read | None) -> Read | None:
    """The column and path whose presence or length ``node`` reads (nothing else)."""
    f = node.get("Function") if isinstance(node, dict) else None
    if not isinstance(f, dict) or f.get("function") not in _SHAPE_OF:
        return None
    source = f.get("input", ())
    return _source(source[0], element) if len(source) == 1 else None


def _walk(
    node: Any,
    paths: dict[str, set[tuple[str, ...]]],
    whole: set[str],
    element: Read | None = None,
) -> bool:
    """Gather the field paths ``node`` reads of each column (``whole``: read otherwise);
    False when it selects columns in a way not understood here. Inside a list's
    evaluation (``list.eval``, ``list.agg``, ``list.filter`` on a column or a field chain)
    its items' fields are read through the list's path (``element``)."""
    if isinstance(node, list):
        return all(_walk(v, paths, whole, element) for v in node)
    if not isinstance(node, dict):
        if node == "Element" and element is not None:  # the item itself: read whole
            paths.setdefault(element[0], set()).add(element[1])
        return True
    if "Literal" in node:
        return True  # a value: reads no column (most of an expression's text)
    if "Function" in node:
        got = _field_of(node, element)
        if got is not None:
            paths.setdefault(got[0], set()).add(got[1])
            return True
        shape = _shape_of(node, element)
        if shape is not None:
            paths.setdefault(shape[0], set()).add((*shape[1], SHAPE))
            return True
    column = node.get("Column")
    if column == "":  # an item of the list being evaluated, or of a computed one
        if element is not None:
            paths.setdefault(element[0], set()).add(element[1])
        return True
    if _OPAQUE & node.keys():
        return False
    if isinstance(column, str):
        whole.add(column)
        return True
    ev = node.get("Eval")
    if isinstance(ev, dict) and ev.keys() == {"expr", "evaluation", "variant"}:
        source = _source(ev["expr"], element)
        if source is None and not _walk(ev["expr"], paths, whole, element):
            return False
        return _walk(ev["evaluation"], paths, whole, source)
    return all(_walk(v, paths, whole, element) for v in node.values())


def _fields_read(expr: pl.Expr) -> dict[str, set[tuple[str, ...]]] | None:
    """The field paths ``expr`` reads of each column it reads only field by field (a column
    read whole maps to ``{()}``); None when not known. Once per distinct expression."""
    import json

    try:
        text = expr.meta.serialize(format="json")
    except Exception:  # an expression polars cannot serialise as JSON: not narrowed
        return None
    if text in _PATHS:
        return _PATHS[text]
    paths: dict[str, set[tuple[str, ...]]] = {}
    whole: set[str] = set()
    out: dict[str, set[tuple[str, ...]]] | None = None
    try:
        ok = _walk(json.loads(_BYTES.sub("[]", text)), paths, whole)
    except Exception:  # a text this reading does not take: not narrowed
        ok = False
    if ok:
        empty: tuple[str, ...] = ()
        out = {**paths, **{c: {empty} for c in whole}}
    _PATHS[text] = out
    return out


def _step_exprs(step: Step) -> list[pl.Expr]:
    """What ``step`` computes, its nested steps' included."""
    exprs = _own_exprs(step)
    for sub in step.steps:
        exprs += [sub.collection, *_step_exprs(sub)]
    return exprs


def record(source: pl.Expr, dtype: Any, paths: set[tuple[str, ...]]) -> pl.Expr | None:
    """``source`` (a column of type ``dtype``) holding only the fields at ``paths``, lists
    of records included (see :func:`fields_read`); None when it must stay whole."""
    return _record(source, dtype, paths, lists=True)


def _record(
    source: pl.Expr, dtype: Any, paths: set[tuple[str, ...]], lists: bool = False
) -> pl.Expr | None:
    """``source`` (a record of type ``dtype``) holding only the fields at ``paths``; None
    when it must stay whole. ``lists``: a list of records (the paths read its items'
    fields) holds records of only those fields too."""
    if () in paths:
        return None
    shape = (SHAPE,) in paths  # its presence: a record is kept whole, a list's items not
    paths = paths - {(SHAPE,)}
    if lists and isinstance(dtype, pl.List) and paths:
        items = _record(pl.element(), dtype.inner, paths, lists)
        return None if items is None else source.list.eval(items)
    if shape or not paths or not isinstance(dtype, pl.Struct):
        return None
    fields = dict(dtype.to_schema())
    parts: list[pl.Expr] = []
    for name in sorted({p[0] for p in paths}):
        if name not in fields:
            return None
        field = source.struct.field(name)
        deeper = _record(field, fields[name], {p[1:] for p in paths if p[0] == name}, lists)
        parts.append((field if deeper is None else deeper).alias(name))
    return pl.struct(parts)


def fields_read(exprs: Sequence[pl.Expr], steps: Sequence[Step]) -> dict[str, set[tuple[str, ...]]]:
    """The field paths the ``exprs`` and the list ``steps`` read of each column (``()``:
    the whole column), a list's items' fields read through the list's path: a step's
    items read through the field chain it explodes. The plan's own columns (a field of
    a record looked up, read as a column of its own) are not the input's."""
    read: dict[str, set[tuple[str, ...]]] = {}
    for e in exprs:
        got = _selected_reads(e) or _fields_read(e)
        if got is None:
            got = {r: {()} for r in e.meta.root_names()}
        for column, paths in got.items():
            if not _DEFINED.match(column):
                read.setdefault(column, set()).update(paths)
    for step in steps:
        items = fields_read(_own_exprs(step), step.steps)
        looked_up = lookup_of(step.collection)
        field = looked_up[3] if looked_up is not None else None
        if looked_up is not None and field is not None:
            # a field of a record selected by key: its items read through that field
            column, by = looked_up[:2]
            read.setdefault(column, set()).add((by,))
            found: dict[str, set[tuple[str, ...]]] | None = {column: set()}
            source: Read | None = (column, (field,))
        else:
            found = _fields_read(step.collection)
            source = _chain(step.collection) if found is not None else None
        # (items that read no field of theirs still need the list: it is kept whole)
        inside = items.pop("__item", set()) or {()}
        if source is not None:
            column, path = source
            read.setdefault(column, set()).update((*path, *p) for p in inside)
        else:
            whole: dict[str, set[tuple[str, ...]]] = {
                r: {()} for r in step.collection.meta.root_names()
            }
            for column, paths in (found or whole).items():
                read.setdefault(column, set()).update(paths)
        # (the columns the step computes on its items are not the case's)
        own = {*step.items, *(k for sub in step.steps for k in sub.defaults)}
        for column, paths in items.items():
            if column not in own and column not in _ITEM_COLUMNS:
                read.setdefault(column, set()).update(paths)
    return read


_ITEM_COLUMNS = frozenset({"__pos", OUTER_POS, GROUP})


def _selected_reads(expr: pl.Expr) -> dict[str, set[tuple[str, ...]]] | None:
    """The fields a record selected by key (a defined column: ``organisations[role=…]``)
    is read for, with the key's field; None when it is no such record, or is read whole."""
    found = lookup_of(expr)
    paths: set[tuple[str, ...]] | None = _marked(expr, _READS)
    if found is None or found[3] is not None or not paths or () in paths:
        return None
    return {found[0]: {(found[1],), *paths}}


def _chain(expr: pl.Expr) -> Read | None:
    """The column and field path ``expr`` is, when it is a chain of field accesses."""
    import json

    try:
        return _source(json.loads(expr.meta.serialize(format="json")), None)
    except Exception:  # an expression polars cannot write as JSON: not a chain
        return None


#: per sequence of steps, its merged steps; per merged step, columns read and their types,
#: its narrowed columns: the same objects for every chunk of a run, so built once
_MERGED: dict[tuple[int, ...], tuple[Sequence[Step], list[Step]]] = {}
_NARROWED: dict[
    tuple[int, frozenset[str], tuple[pl.DataType, ...]], tuple[Step, list[pl.Expr]]
] = {}
#: a long-running service keeps its latest runs' only
_KEPT = 1024


def _merged(steps: Sequence[Step]) -> list[Step]:
    """:func:`merge_steps`, kept for the ``steps`` (by identity: held with them)."""
    key = tuple(map(id, steps))
    hit = _MERGED.get(key)
    if hit is not None and all(a is b for a, b in zip(hit[0], steps, strict=True)):
        return hit[1]
    if len(_MERGED) >= _KEPT:
        _MERGED.clear()
    merged = merge_steps(steps)
    _MERGED[key] = (tuple(steps), merged)
    return merged


def _narrowed_once(step: Step, roots: set[str], df: pl.DataFrame) -> list[pl.Expr]:
    """:func:`_narrowed`, kept for the step (by identity) and the types of ``roots``."""
    names = sorted(roots)
    key = (id(step), frozenset(names), tuple(df.get_column(r).dtype for r in names))
    hit = _NARROWED.get(key)
    if hit is not None and hit[0] is step:
        return hit[1]
    if len(_NARROWED) >= _KEPT:
        _NARROWED.clear()
    out = _narrowed(step, roots, pl.Schema(dict(zip(names, key[2], strict=True))))
    _NARROWED[key] = (step, out)
    return out


def _narrowed(step: Step, roots: set[str], schema: pl.Schema) -> list[pl.Expr]:
    """The case's columns ``roots`` as the step's items read them (see above)."""
    read: dict[str, set[tuple[str, ...]]] = {}
    for e in _step_exprs(step):
        got = _fields_read(e)
        if got is None:
            return [pl.col(r) for r in sorted(roots)]
        for column, paths in got.items():
            read.setdefault(column, set()).update(paths)
    out = []
    for r in sorted(roots):
        narrow = _record(pl.col(r), schema[r], read.get(r, {()}))
        out.append(pl.col(r) if narrow is None else narrow.alias(r))
    return out


def _named_exprs(named: ItemNames) -> list[pl.Expr]:
    return [*named.lists.values(), *named.aggs.values()]


def _spread(per_case: pl.DataFrame, row: str, n: int) -> list[pl.Series]:
    """The columns of ``per_case`` (one row per case that has one, ``row`` its case's
    position, ascending) on all ``n`` cases, null where a case has no row: put in place by
    position, which costs less than a join (nothing to move when every case has a row,
    nothing to gather when none has)."""
    if per_case.height == n:
        return list(per_case.drop(row))
    if not per_case.height:
        return [
            pl.repeat(None, n, dtype=s.dtype, eager=True).alias(s.name) for s in per_case.drop(row)
        ]
    index = pl.arange(0, per_case.height, dtype=pl.UInt32(), eager=True)
    at = pl.repeat(None, n, dtype=pl.UInt32(), eager=True).scatter(per_case.get_column(row), index)
    return [s.gather(at) for s in per_case.drop(row)]


def _sums(
    ex: pl.DataFrame, length: pl.Series, sums: Mapping[str, pl.Expr], anys: Mapping[str, pl.Expr]
) -> dict[str, pl.Series]:
    """Per case (``length``: its number of items, which lie case by case in ``ex``), the
    ``sums`` (64-bit) and ``anys`` of its items: the items read are cut back into one list
    per case at the running totals of ``length`` (offsets, no copy) and each list summed
    (a running sum read at each case's last item cost twice as much)."""
    import pyarrow as pa

    both = {**sums, **anys}
    if not both:
        return {}
    n = length.len()
    if not ex.height:  # no case has an item: nothing to add up (one column of each, shared)
        zero = pl.repeat(0, n, dtype=pl.Int64(), eager=True)
        false = pl.repeat(False, n, dtype=pl.Boolean(), eager=True)
        return {k: (false if k in anys else zero).alias(k) for k in both}
    kinds = ex.lazy().select(**both).collect_schema()
    # booleans counted several to a 32-bit word (built in half the time of a 64-bit one): a
    # case's count fits in ``width`` bits, so a word's sum over a case's items is the words
    # of its counts (none carries over)
    longest = length.max()
    width = (longest if isinstance(longest, int) else 1).bit_length()
    word_type, word_bits = (pl.UInt32(), 32) if width <= 32 else (pl.Int64(), 63)
    flags = [k for k in both if kinds[k] == pl.Boolean()]
    per_word = max(word_bits // width, 1)
    words = [flags[i : i + per_word] for i in range(0, len(flags), per_word)]
    summed = {k: e.cast(pl.Int64()).fill_null(0) for k, e in both.items() if k not in flags}
    off = pl.lit(0, dtype=word_type)
    for j, word in enumerate(words):
        bits = [
            pl.when(both[k]).then(pl.lit(1 << (i * width), dtype=word_type)).otherwise(off)
            for i, k in enumerate(word)
        ]
        summed[f"\x00word{j}"] = functools.reduce(operator.add, bits)
    ends = length.cast(pl.Int64()).cum_sum()
    offsets = pl.concat([pl.Series([0], dtype=pl.Int64()), ends]).to_arrow()
    totals = []
    for values in ex.lazy().select(**summed).collect(engine=IN_MEMORY):
        per_case = pa.LargeListArray.from_arrays(offsets, values.alias("").rechunk().to_arrow())
        totals.append(from_arrow(values.name, per_case).list.sum())
    # each count taken out of its word in the word's own type (cheaper than in 64 bits)
    mask = pl.lit((1 << width) - 1, dtype=word_type)
    counts = {
        k: (pl.col(f"\x00word{j}") // pl.lit(1 << (i * width), dtype=word_type) & mask).cast(
            pl.Int64()
        )
        for j, word in enumerate(words)
        for i, k in enumerate(word)
    }
    per_case = pl.DataFrame(totals).with_columns(**counts)
    return {k: per_case.get_column(k) > 0 if k in anys else per_case.get_column(k) for k in both}


def lookup_of(expr: pl.Expr) -> Lookup | None:
    """The lookup by key ``expr`` searches for (:func:`keyed`, a selector), if it is one."""
    found: Lookup | None = _marked(expr, _KEYED)
    return found


def _shapes(
    types: Mapping[str, pl.DataType | None],
    defs: Sequence[tuple[str, pl.Expr]],
    lookups: Mapping[str, Lookup],
) -> dict[tuple[str, str], pl.Expr]:
    """Per list (``types``: each list's type) and key whose records are selected whole, the
    records holding only the fields the plan reads of that key's (one of them read whole:
    none)."""
    reads: dict[tuple[str, str], set[tuple[str, ...]] | None] = {}
    for name, expr in defs:
        if name not in lookups or lookups[name][3] is not None:
            continue
        column, _, key, _ = lookups[name]
        paths: set[tuple[str, ...]] | None = _marked(expr, _READS)
        known = reads.get((column, key), set())
        reads[(column, key)] = None if not paths or known is None else known | paths
    out: dict[tuple[str, str], pl.Expr] = {}
    for (column, key), read in reads.items():
        dtype = types[column]
        if read and isinstance(dtype, pl.List):
            record = _record(pl.col(column), dtype.inner, read)
            if record is not None:
                out[(column, key)] = record.alias(column)
    return out


def apply_defs(
    df: pl.DataFrame, defs: Sequence[tuple[str, pl.Expr]], steps: Sequence[Step] = ()
) -> pl.DataFrame:
    """Add defined columns layer by layer (each layer only reads earlier ones); the
    lookups by key (:func:`keyed`) first, all keys of a list at once. ``steps``: the list
    steps to run (:func:`run_steps`) before the defined columns, which may read their
    columns; a list they explode that is a field of a record looked up by key
    (``organisations[role=company].applications``) is searched with the defined columns'
    lookups of the same list, in one pass over its entries, not in a pass of its own."""
    kept = _defs_kept(defs)
    # the types of the lists looked up only: a frame's schema is built afresh on each
    # access, every nested column's type (~0.4 ms for a chunk's)
    types: dict[str, pl.DataType | None] = {}
    for column in kept.lookups_read:
        found = df.get_column(column, default=None)
        types[column] = None if found is None else found.dtype
    lookups = {name: found for name, found in kept.lookups if searchable(types[found[0]], found)}
    shapes, layers = kept.planned(types, lookups, defs)
    lists = _step_lists(df, steps, {f[0] for f in lookups.values()})
    # (``lists`` are of the lists ``lookups`` search: none without them)
    looked = lookup_columns(df, {**lookups, **lists}, shapes) if lookups else []
    df = _with_layer(df, *kept.fields)
    if steps:
        listed = [c for c in looked if c.name in lists]
        df = (
            run_steps(df.with_columns(listed), steps).drop(*lists)
            if listed
            else run_steps(df, steps)
        )
    if lookups:  # (after the steps' columns, as when the steps ran first)
        df = df.with_columns([c for c in looked if c.name not in lists])
    for exprs, chains in layers:
        df = _with_layer(df, exprs, chains)
    return df


def _with_layer(df: pl.DataFrame, exprs: list[pl.Expr], chains: Chains) -> pl.DataFrame:
    if chains:  # (each Series an argument of its own: a list of them is read as one value)
        return df.with_columns(*extracted(df, chains), *exprs)
    return df.with_columns(exprs) if exprs else df


Chains = list[tuple[str, tuple[str, ...]]]
"""Defined columns that only take fields out of a column: each one's name, and the column
and the fields it takes out (the mark :data:`_CHAIN`)."""


def extracted(df: pl.DataFrame, chains: Chains) -> list[pl.Series]:
    """The columns ``chains`` define, each record of ``df`` taken apart once for all of
    them. polars builds every field of a record to take one out, and a list nested in a
    record of a record (``person.facts``' list facts) is checked row by row as it is
    built: a record's field taken out one expression at a time cost a pass over its rows
    each time (~0.3 ms per 100,000 rows for ``person``, whatever the field), once here."""
    records: dict[tuple[str, ...], pl.DataFrame] = {}
    out = []
    for name, (column, *fields) in chains:
        value = df.get_column(column)
        for i, field in enumerate(fields):
            at = (column, *fields[:i])
            record = records.get(at)
            if record is None:
                record = records[at] = value.struct.unnest()
            value = record.get_column(field)
        out.append(value.alias(name))
    return out


def _searched_list(found: Lookup) -> str:
    """The name of the column of a step's list looked up by key (see :func:`apply_defs`)."""
    column, by, key, field = found
    return f"\x00{column}[{by}={key}].{field}"


def _step_lists(df: pl.DataFrame, steps: Sequence[Step], searched: set[str]) -> dict[str, Lookup]:
    """The lists ``steps`` explode that are a field of a record looked up by key in a list
    of ``df`` that the defined columns search too (``searched``), by their columns' names."""
    out: dict[str, Lookup] = {}
    for step in _merged(steps) if steps and searched else ():
        found = lookup_of(step.collection)
        if found is None or found[3] is None or found[0] not in searched:
            continue
        listed = df.get_column(found[0], default=None)
        if listed is not None and searchable(listed.dtype, found):
            out[_searched_list(found)] = found
    return out


@attrs.define
class _KeptDefs:
    """What :func:`apply_defs` finds in a list of defined columns, the same for every
    chunk of a run: its lookups by key, the lists they read and, per set of lookups
    searched and types of those lists, their records' shapes and the other columns'
    layers."""

    exprs: tuple[pl.Expr, ...]  # held: their ids key the store
    lookups: list[tuple[str, Lookup]]
    lookups_read: list[str]
    #: the fields of input columns (:data:`FIELD`), computed before the steps
    fields: tuple[list[pl.Expr], Chains]
    planned_for: list[
        tuple[
            dict[str, pl.DataType | None],
            frozenset[str],
            dict[tuple[str, str], pl.Expr],
            list[tuple[list[pl.Expr], Chains]],
        ]
    ] = attrs.Factory(list)

    def planned(
        self,
        types: dict[str, pl.DataType | None],
        lookups: Mapping[str, Lookup],
        defs: Sequence[tuple[str, pl.Expr]],
    ) -> tuple[dict[tuple[str, str], pl.Expr], list[tuple[list[pl.Expr], Chains]]]:
        searched = frozenset(lookups)
        for seen, names, shapes, layers in self.planned_for:
            if names == searched and seen == types:
                return shapes, layers
        shapes = _shapes(types, defs, lookups) if lookups else {}
        layers = _layers([d for d in defs if d[0] not in lookups and not _of_input(*d)])
        if len(self.planned_for) >= _KEPT_TYPES:
            self.planned_for.clear()
        self.planned_for.append((types, searched, shapes, layers))
        return shapes, layers


#: per list of defined columns (by its names and its expressions' identity), what
#: :func:`apply_defs` finds in it
_DEFS: dict[tuple[Any, ...], _KeptDefs] = {}
#: per list of defined columns, the sets of lookups and list types kept
_KEPT_TYPES = 8


def _defs_kept(defs: Sequence[tuple[str, pl.Expr]]) -> _KeptDefs:
    key = (*(n for n, _ in defs), *(id(e) for _, e in defs))
    hit = _DEFS.get(key)
    if hit is not None and all(a is b for a, (_, b) in zip(hit.exprs, defs, strict=True)):
        return hit
    lookups = [(name, found) for name, expr in defs if (found := lookup_of(expr)) is not None]
    if len(_DEFS) >= _KEPT:
        _DEFS.clear()
    kept = _DEFS[key] = _KeptDefs(
        tuple(e for _, e in defs),
        lookups,
        list(dict.fromkeys(f[0] for _, f in lookups)),
        _split([(n, e) for n, e in defs if _of_input(n, e)]),
    )
    return kept


def _split(defs: Sequence[tuple[str, pl.Expr]]) -> tuple[list[pl.Expr], Chains]:
    """``defs`` as expressions, but for the fields taken out of columns (:data:`_CHAIN`)."""
    exprs: list[pl.Expr] = []
    chains: Chains = []
    for name, expr in defs:
        chain = _marked(expr, _CHAIN)
        if chain is None:
            exprs.append(expr.alias(name))
        else:
            chains.append((name, chain))
    return exprs, chains


def _of_input(name: str, expr: pl.Expr) -> bool:
    """Whether a defined column is a field of an input column (:data:`FIELD`), computed
    before the steps (one that merged steps made a copy of another's is not)."""
    return name.startswith(FIELD) and not any(r.startswith("__") for r in expr.meta.root_names())


def _layers(defs: Sequence[tuple[str, pl.Expr]]) -> list[tuple[list[pl.Expr], Chains]]:
    """``defs`` in layers, each reading only the layers before it (and the frame's
    columns): its expressions, and the fields it takes out of columns (:func:`extracted`)."""
    depth: dict[str, int] = {}
    layers: list[list[tuple[str, pl.Expr]]] = []
    for name, expr in defs:
        d = 1 + max((depth.get(r, -1) for r in expr.meta.root_names()), default=-1)
        depth[name] = d
        while len(layers) <= d:
            layers.append([])
        layers[d].append((name, expr))
    return [_split(layer) for layer in layers]


# compilers kept in modules of their own register themselves on import
from talentkit.batch import order as _order  # noqa: E402, F401
from talentkit.batch import spells as _spells  # noqa: E402, F401
