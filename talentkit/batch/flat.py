"""The flat input layout: one column per fact path, as an HR or statistics export has it.

Beside the nested layout (one struct column per subject, :mod:`talentkit.batch.schema`), a
file may name its columns by the paths the rules read:

* a field or fact: ``person.birth_date``, ``application.facts.shaanxi.platform``;
* a collection as one list column in the nested layout's shape (``person.records``,
  ``organisations``), or spread over columns, one record per selector:
  ``organisations[role=company].founded_on`` (the organisation whose role is ``company``),
  ``team.members[0].birth_date`` (the first member),
  ``attestations.shaanxi.health.value`` / ``.by`` / ``.on`` (the attestation of that key).

A file is converted to the nested frame once per chunk, column by column (polars
expressions, no Python per row), and then goes through the same checks and the same
compiled plan as a nested file. A struct or record whose columns are all empty is absent
(no person, no company), as an absent key is in JSON. Amounts (``yuan`` facts) are yuan,
as in JSON and CSV: whole numbers or text with at most two decimals, never floats.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs
import polars as pl

from talentkit import subjects
from talentkit.batch.arrays import from_arrow, large_lists
from talentkit.batch.conform import conformed
from talentkit.batch.queries import IN_MEMORY
from talentkit.batch.schema import (  # (the few texts' sizes: see few_texts)
    FRACTION_PAIR,
    KEYED,
    SAMPLE_ROWS,
    SETTLED_ROWS,
    bad_value,
    fact_check,
    few_texts_by,
    hints_of,
    null_item_rows,
    out_of_range,
    profile_schema,
    unknown_key,
    unwrap,
)
from talentkit.convert import DATE_RANGE, MONEY_FIELDS
from talentkit.facts import FactSpec
from talentkit.inputkeys import InputKeys
from talentkit.listed import LISTED_ONCE
from talentkit.programme import Programme
from talentkit.semantics import SUBJECT_FIELDS
from talentkit.subjects import ORGANISATION_ROLE_LABELS, Profile
from talentkit.text import Text

if typing.TYPE_CHECKING:
    from talentkit.batch.compile import Step

LAYOUTS = ("flat", "nested")

_STEP = re.compile(r"^(\w+)(?:\[(?:(\d+)|(\w+)=([^\]]+))\])?(?:\.(.+))?$")
_INTEGER = (pl.Int8, pl.Int16, pl.Int32, pl.Int64, pl.UInt8, pl.UInt16, pl.UInt32, pl.UInt64)
_YUAN_TEXT = r"^-?\d+(\.\d{1,2})?$"
_DATE_TEXT = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_KINDS = ("yuan", "fraction", "decimal")


class FlatLayoutError(ValueError):
    """The columns of a flat file cannot be read (unknown, doubled or of the wrong type)."""


def detect_layout(names: Iterable[str]) -> str:
    """``flat`` when a column names a path below the profile's fields (a dot or a
    bracket), else ``nested``."""
    return "flat" if any("." in n or "[" in n for n in names) else "nested"


@attrs.define
class _Struct:
    fields: dict[str, str | _Struct | _List] = attrs.field(factory=dict)


@attrs.define
class _List:
    # ("#", "0") position, ("=", field, code) selector, ("key", key) attestation key…
    elements: dict[tuple[str, ...], _Struct] = attrs.field(factory=dict)


@attrs.frozen
class _Leaf:
    dtype: pl.DataType
    kind: str  # "yuan" | "fraction" | "decimal" | "" (by the dtype)


def _fields(dtype: Any) -> dict[str, Any]:
    assert isinstance(dtype, pl.Struct)
    return dict(dtype.to_schema())


class FlatPlan:
    """How the columns of one flat file become the nested frame; built from the header
    (names and types) before any row is read."""

    def __init__(
        self,
        source: Mapping[str, pl.DataType],
        facts: Mapping[str, FactSpec],
        keys: InputKeys | None = None,
        where: str = "input",
        *,
        types: bool = True,
    ) -> None:
        self.schema = profile_schema(facts)
        self.facts = facts
        # what every chunk's Held works out from the header alone (see Held.memo)
        self.memo: dict[Any, Any] = {}
        self._nest: dict[tuple[str, ...], list[pl.Expr]] = {}
        # whether a text column's checks flag some of its texts (see _settled)
        self._flagging: dict[tuple[str, tuple[str, ...]], bool] = {}
        # the lists each set of plans does not read (see unread), by the plans' ids
        self._unread: dict[tuple[int, ...], tuple[tuple[Any, ...], tuple[str, ...]]] = {}
        self.keys = keys
        self.root = _Struct()
        self.leaves: dict[str, _Leaf] = {}
        unknown: list[str] = []
        for column in source:
            try:
                self._insert(self.root, pl.Struct(dict(self.schema)), column, column, top=True)
            except _Unknown as exc:
                unknown.append(f"{column!r}" + (f" ({exc.hint})" if exc.hint else ""))
        if unknown:
            raise FlatLayoutError(
                f"{where}: column(s) matching no profile field: {', '.join(unknown)}; "
                "`talentkit schema --flat` lists the flat columns"
            )
        # CSV and Excel cells are text the parser reads; only the names are checked there
        self.convert = (
            {c: _converter(source[c], leaf, c, where) for c, leaf in self.leaves.items()}
            if types
            else {}
        )
        # the fraction facts given as pairs of whole numbers (see _pairs): read as they
        # are where a plan reads them through the columns (Held), written as their text
        # in the nested records
        self.pairs = tuple(c for c, fn in self.convert.items() if fn is _pairs)
        # the text columns given a type: their cells are read without spaces around them
        self.texts = frozenset(
            c for c, fn in self.convert.items() if fn is not _same and source[c] == pl.String()
        )
        self.paired = self._paired_facts(where) if self.pairs else set()
        self.typed = _typed_schema(pl.Struct(dict(self.schema)), self.paired)

    # --- the header -------------------------------------------------------------------

    def _insert(self, node: _Struct, dtype: Any, column: str, rest: str, top: bool) -> None:
        fields = _fields(dtype)
        m = _STEP.match(rest)
        if m is None or m.group(1) not in fields:
            raise _Unknown(self._suggest(column))
        name, index, sel_field, sel_code, tail = m.groups()
        fdt = fields[name]
        bracket = index is not None or sel_field is not None
        if name == "facts" and not bracket and tail is not None:
            facts = _fields(fdt)
            if tail not in facts:
                raise _Unknown(self._suggest(column))
            spec = self.facts.get(tail)
            kind = spec.type if spec is not None and spec.type in _KINDS else ""
            sub = node.fields.setdefault("facts", _Struct())
            if not isinstance(sub, _Struct):
                raise _Unknown("facts is given both whole and by fact")
            self._leaf(sub, tail, column, facts[tail], kind)
            return
        if top and name in KEYED and not bracket and tail is not None:
            key, _, field = tail.rpartition(".")
            inner = fdt.inner if isinstance(fdt, pl.List) else None
            if not key or inner is None or field == "key" or field not in _fields(inner):
                raise _Unknown(self._suggest(column))
            allowed = self._keys(name)
            if allowed is not None and key not in allowed:
                close = difflib.get_close_matches(key, sorted(allowed), n=1)
                raise _Unknown(
                    f"no {name} key {key!r}" + (f"; did you mean {close[0]}?" if close else "")
                )
            element = self._list(node, name, column).elements.setdefault(("key", key), _Struct())
            self._leaf(element, field, column, _fields(inner)[field], "")
            return
        if bracket:
            inner = fdt.inner if isinstance(fdt, pl.List) else None
            if inner is None or not isinstance(inner, pl.Struct) or tail is None:
                raise _Unknown(
                    f"{name} is not a list of records"
                    if inner is None
                    else "name a field of the record"
                )
            element_fields = _fields(inner)
            if sel_field is not None:
                if element_fields.get(sel_field) != pl.String() or sel_field == tail:
                    raise _Unknown(f"records of {name} cannot be selected by {sel_field}")
                chosen: tuple[str, ...] = ("=", sel_field, sel_code)
            else:
                chosen = ("#", index)
            lst = self._list(node, name, column)
            if len({k[0] for k in lst.elements} | {chosen[0]}) > 1:
                raise _Unknown(f"records of {name} are both numbered and selected")
            self._insert(lst.elements.setdefault(chosen, _Struct()), inner, column, tail, False)
            return
        if tail is None:
            self._leaf(node, name, column, fdt, "")
            return
        if not isinstance(fdt, pl.Struct):
            raise _Unknown(self._suggest(column))
        sub = node.fields.setdefault(name, _Struct())
        if not isinstance(sub, _Struct):
            raise _Unknown(f"{name} is given both whole and by field")
        self._insert(sub, fdt, column, tail, False)

    def _paired_facts(self, where: str) -> set[str]:
        """The fraction facts the columns :attr:`pairs` give; a fact given as pairs in one
        column and as text in another is refused (the records hold one type per field)."""
        paired: dict[str, set[bool]] = {}
        for column, leaf in self.leaves.items():
            if leaf.kind == "fraction":
                name = column.rpartition(".facts.")[2] if ".facts." in column else ""
                name = name or column.removeprefix("facts.")
                paired.setdefault(name, set()).add(column in self.pairs)
        mixed = sorted(n for n, kinds in paired.items() if len(kinds) > 1)
        if mixed:
            raise FlatLayoutError(
                f"{where}: fact(s) {', '.join(mixed)} given both as text and as "
                "{num, den} records; give each fraction fact one way in every column"
            )
        return {n for n, kinds in paired.items() if kinds == {True}}

    def _leaf(self, node: _Struct, name: str, column: str, dtype: Any, kind: str) -> None:
        if name in node.fields:
            raise _Unknown(f"{name} is given by another column as well")
        node.fields[name] = column
        self.leaves[column] = _Leaf(dtype, kind)

    def _list(self, node: _Struct, name: str, column: str) -> _List:
        lst = node.fields.setdefault(name, _List())
        if not isinstance(lst, _List):
            raise _Unknown(f"{name} is given both whole and by record")
        return lst

    def _keys(self, name: str) -> frozenset[str] | None:
        if self.keys is None:
            return None
        k = self.keys
        return {"attestations": k.attestations, "decisions": k.decisions, "waivers": k.waivable}[
            name
        ]

    def _suggest(self, column: str) -> str:
        close = difflib.get_close_matches(column, flat_names(self.facts), n=1)
        return f"did you mean {close[0]}?" if close else ""

    # --- the checks -------------------------------------------------------------------

    @functools.cached_property
    def suspect(self) -> pl.Expr:
        """True for the rows the parser might reject, read from the converted columns
        (:meth:`read`'s ``held.frame``): the checks of the nested layout
        (:func:`~talentkit.batch.schema.suspect_rows`), column by column, without
        building the nested records (a flagged row is then nested and parsed, so its
        errors are the parser's). The keys of attestations, decisions and waivers given
        by column are checked with the header."""
        parts = self._check_parts
        return pl.any_horizontal(parts).fill_null(False) if parts else pl.lit(False)

    @functools.cached_property
    def _check_parts(self) -> list[pl.Expr]:
        return self._checks_marked[0]

    @functools.cached_property
    def _marks(self) -> dict[int, tuple[str, str]]:
        return self._checks_marked[1]

    @functools.cached_property
    def _checks_marked(self) -> tuple[list[pl.Expr], dict[int, tuple[str, str]]]:
        root = pl.Struct(dict(self.schema))
        parts: list[pl.Expr] = []
        marks: dict[int, tuple[str, str]] = {}
        # (a pair's converter has checked it: a pair that is not a fraction is an error row)
        facts = {n: f for n, f in self.facts.items() if n not in self.paired}
        _checks(self.root, Profile, root, None, {}, facts, self.keys, parts, marks)
        return parts, marks

    def flagged(self, frame: pl.DataFrame) -> list[int]:
        """The indices of the rows of ``frame`` (:meth:`read`'s ``held.frame``) that
        :attr:`suspect` flags, and those with a null item in a list. Each check is a column
        of its own first, then they are combined, in one lazy query: the eager frame of the
        ninety-odd check columns of a wide file read in several chunks took three times as
        long (0.8 s against 0.25 s of CPU time for a million rows in twelve)."""
        if frame.height == 0:
            return []
        nulls = null_item_rows(frame)
        settled = self._settled(frame) | self._quiet(frame)
        parts = [c for i, c in enumerate(self._check_parts) if i not in settled]
        if not parts:
            return sorted(nulls)
        names = [f"\0check{i}" for i in range(len(parts))]
        # (with_columns: a check that is a literal still covers every row)
        checks = frame.lazy().with_columns(c.alias(n) for c, n in zip(parts, names, strict=True))
        flag = pl.any_horizontal(pl.col(names)).fill_null(False)
        found = checks.select(flag).collect(engine=IN_MEMORY).to_series().arg_true().to_list()
        return sorted(nulls.union(found)) if nulls else found

    @functools.cached_property
    def _by_text(self) -> dict[str, list[int]]:
        """The checks (by index) that read one text column and no other, by column."""
        out: dict[str, list[int]] = {}
        for i, check in enumerate(self._check_parts):
            read = set(check.meta.root_names())
            if len(read) != 1:
                continue
            (column,) = read
            leaf = self.leaves.get(column)
            if leaf is not None and leaf.dtype == pl.String():
                out.setdefault(column, []).append(i)
        return out

    def _settled(self, frame: pl.DataFrame) -> set[int]:
        """The checks of :attr:`_by_text` that flag no row of ``frame``, known from the
        few texts its column holds. Every check is a function of its row's values, so one
        that reads a single column gives, in each row, what it gives for that row's text:
        where every row holds one of the texts of the column's first
        :data:`SAMPLE_ROWS` (or null), and the checks flag none of them, they flag no row.
        The texts are compared with each row (a few comparisons of string views), not
        matched against a pattern or hashed (0.03-0.05 s per million rows a fraction's
        pattern)."""
        if frame.height < SETTLED_ROWS or not self._by_text:
            return set()
        few = few_texts_by(frame, {c: pl.col(c) for c in self._by_text}, SAMPLE_ROWS)
        out: set[int] = set()
        for column, texts in few.items():
            if not self._flags(column, texts):
                out.update(self._by_text[column])
        return out

    def _quiet(self, frame: pl.DataFrame) -> set[int]:
        """The checks of :attr:`_marks` that flag no row of ``frame``, known from a column
        alone: a required field's check (its record given, the field null) where the
        field's column holds no null (a count Arrow keeps) or, in a record, where every
        row that has it null has the record's other columns null too (the record absent);
        a date's range check where the column's least and greatest dates are within the
        range (or it holds none); a list's items' check where no list holds an item. Each
        is false in every such row, so leaving it out of the chunk's query changes no flag;
        the query's cost is mostly per check (about 75 µs each in a chunk of 500 rows)."""
        out: set[int] = set()
        low, high = DATE_RANGE
        in_records: list[int] = []  # decided from the records' nulls
        lists: dict[int, str] = {}  # decided from the lists' lengths
        for i, (kind, column) in self._marks.items():
            values = frame.get_column(column)
            if kind in ("filled", "filled in record"):
                if values.null_count() == 0:
                    out.add(i)
                elif kind == "filled in record":
                    in_records.append(i)
            elif kind == "items":
                if isinstance(values.dtype, pl.List):
                    lists[i] = column
            elif values.dtype == pl.Date():
                least, most = values.min(), values.max()  # None: no date
                if least is None or (
                    isinstance(least, dt.date)
                    and isinstance(most, dt.date)
                    and low <= least
                    and most <= high
                ):
                    out.add(i)
        if lists:  # (in one query: a Series' method is a query of its own)
            columns = dict.fromkeys(lists.values())
            longest = frame.select(pl.col(c).list.len().max() for c in columns).row(0)
            empty = {c for c, n in zip(columns, longest, strict=True) if not n}
            out.update(i for i, c in lists.items() if c in empty)
        if in_records:
            out.update(self._absent_where_null(in_records, frame))
        return out

    def _absent_where_null(self, checks: list[int], frame: pl.DataFrame) -> set[int]:
        """Those of ``checks``, each a required field's in a record (``present & field
        is null``, present where any of the record's columns holds a value), that flag no
        row of ``frame``: in every row where the field is null, so is each of the
        record's columns (the check's columns)."""
        columns = dict.fromkeys(c for i in checks for c in self._roots[i])
        nulls = dict(zip(columns, frame.select(pl.col(c).is_null() for c in columns), strict=True))
        out: set[int] = set()
        for i in checks:
            field = nulls[self._marks[i][1]]
            # (native operations on the masks: no query each)
            if all((field & nulls[c]).equals(field) for c in self._roots[i]):
                out.add(i)
        return out

    @functools.cached_property
    def _roots(self) -> dict[int, tuple[str, ...]]:
        """The columns each marked check reads."""
        return {i: tuple(self._check_parts[i].meta.root_names()) for i in self._marks}

    def _flags(self, column: str, texts: tuple[str, ...]) -> bool:
        """Whether a check of :attr:`_by_text` on ``column`` flags one of ``texts`` or a
        null (kept for the file's next chunks)."""
        key = (column, texts)
        found = self._flagging.get(key)
        if found is None:
            probe = pl.DataFrame({column: pl.Series([*texts, None], dtype=pl.String())})
            checks = [self._check_parts[i] for i in self._by_text[column]]
            flag = pl.any_horizontal(checks).fill_null(False)
            found = self._flagging[key] = bool(probe.select(flag).to_series().any())
        return found

    # --- the rows ---------------------------------------------------------------------

    def nest(self, frame: pl.DataFrame) -> tuple[pl.DataFrame, dict[int, list[tuple[str, str]]]]:
        """The nested frame of ``frame`` and, by row index, the (column, message) of every
        value that is not of its column's type (such a row is an error row)."""
        nested, bad, _ = self.read(frame)
        return nested, bad

    def unread(self, plans: Iterable[Any]) -> tuple[str, ...]:
        """The lists this file gives record by record (the attestations by key, the
        organisations by role…) that the compiled ``plans`` read only through the
        columns it holds (:class:`Held`): their nested lists need not be built to
        evaluate them. A list the plans' subjects are (``organisations``) is built. So is
        a list no column gives (empty in every row), unless it too is only read through
        the lookups :class:`Held` gives empty.

        Worked out once per set of plans (by identity, kept beside: a run's plans are
        kept with the engine for its next run, and so is this plan for the same header)."""
        plans = tuple(plans)
        key = tuple(map(id, plans))
        hit = self._unread.get(key)
        if hit is not None and all(a is b for a, b in zip(hit[0], plans, strict=True)):
            return hit[1]
        found = self._unread_by(plans)
        if len(self._unread) >= 8:
            self._unread.clear()
        self._unread[key] = (plans, found)
        return found

    def _unread_by(self, plans: Sequence[Any]) -> tuple[str, ...]:
        from talentkit.batch.compile import HELD

        held = self._held(pl.DataFrame(), ())
        candidates = {
            n
            for n, dtype in self.schema.items()
            if isinstance(self.root.fields.get(n), _List)
            or (n not in self.root.fields and isinstance(dtype, pl.List))
        }
        read: set[str] = set()
        seen: dict[int, Any] = {}  # (the plans of one scope share definitions and steps)
        # a scope's definitions gone through, and its steps as held, once for its plans
        walked: set[int] = set()
        held_steps: dict[int, Any] = {}
        for plan in plans:
            defs = getattr(plan, "defs", ())
            if id(defs) not in walked:
                walked.add(id(defs))
                for name, expr in defs:
                    if name.startswith(HELD) and held.column_of(name[len(HELD) :]) is not None:
                        continue  # read from the file's own column
                    read |= _roots(expr, seen)
            given = getattr(plan, "steps", ())
            if id(given) not in held_steps:
                held_steps[id(given)] = held.steps(given)[0]
            read |= _roots(attrs.evolve(plan, defs=[], steps=held_steps[id(given)]), seen)
            programme = getattr(plan, "programme", None)
            read.update(SUBJECT_FIELDS.get(getattr(programme, "subject", ""), ()))
        return tuple(n for n in self.schema if n in candidates and n not in read)

    def read(
        self, frame: pl.DataFrame, skip: Iterable[str] = (), stripped: bool = False
    ) -> tuple[pl.DataFrame, dict[int, list[tuple[str, str]]], Held]:
        """:meth:`nest`, and the columns in the nested layout's types, from which a
        compiled plan reads the lookups they hold (:class:`Held`); the columns ``skip``
        are left out of the nested frame (:meth:`Held.whole` builds them); ``stripped``:
        the text columns' cells have no spaces around them (a CSV chunk's)."""
        if not stripped and self.texts:
            frame = frame.with_columns(pl.col(sorted(self.texts)).str.strip_chars())
        try:
            conv = frame.select(fn(pl.col(c)).alias(c) for c, fn in self.convert.items())
        except pl.exceptions.PolarsError as exc:
            raise FlatLayoutError(f"columns do not match the flat layout: {exc}") from None
        bad: dict[int, list[tuple[str, str]]] = {}
        # a column already of its type holds no value of the wrong type
        converted = [c for c, fn in self.convert.items() if fn is not _same]
        # each column as given and converted, side by side: one query for every mask (a
        # column's own ``is_null`` is a query of its own)
        sides = pl.DataFrame(
            [frame.get_column(c).alias(f"g{i}") for i, c in enumerate(converted)]
            + [conv.get_column(c).alias(f"c{i}") for i, c in enumerate(converted)]
        )
        masks = sides.select(
            (pl.col(f"g{i}").is_not_null() & pl.col(f"c{i}").is_null()).alias(c)
            for i, c in enumerate(converted)
        )
        counts = masks.sum().row(0, named=True) if converted else {}
        again = {
            c: _AGAIN[fn] for c, n in counts.items() if n and (fn := self.convert[c]) in _AGAIN
        }
        if again:  # a boolean column with TRUE or False: read in any case
            fixed = frame.select(fn(pl.col(c)).alias(c) for c, fn in again.items())
            conv = conv.with_columns(fixed.get_columns())
            masks = masks.with_columns(
                (frame.get_column(c).is_not_null() & conv.get_column(c).is_null()).alias(c)
                for c in again
            )
            counts = masks.sum().row(0, named=True)
        for column in (c for c, n in counts.items() if n):
            rows = masks.get_column(column).arg_true().to_list()
            values = frame.get_column(column).gather(rows).to_list()
            expected = _expected(self.leaves[column])
            for i, value in zip(rows, values, strict=True):
                bad.setdefault(i, []).append((column, f"{expected}, got {value!r}"))
        skip = tuple(skip)
        parts = self._nest.get(skip)
        if parts is None:
            parts = [
                _value(self.root.fields.get(name), dtype).alias(name)
                for name, dtype in self.schema.items()
                if name not in skip
            ]
            self._nest[skip] = parts
        if not self.pairs:
            return conv.select(parts), bad, self._held(conv, skip)
        # the nested records hold a pair's text; the columns no record reads are not
        # written out (the lazy query leaves them out)
        nested = (
            conv.lazy()
            .with_columns(_pair_texts(self.pairs))
            .select(parts)
            .collect(engine=IN_MEMORY)
        )
        return nested, bad, self._held(conv, skip)

    def _held(self, frame: pl.DataFrame, skip: tuple[str, ...]) -> Held:
        """The :class:`Held` of ``frame`` (the columns converted): its records in the
        types the input gives (a fraction's pair as it is), sharing this plan's memo."""
        if not self.pairs:
            return Held(self.root, self._struct, frame, skip, self.memo)
        return Held(self.root, self.typed, frame, skip, self.memo, self._struct, self.pairs)

    @functools.cached_property
    def _struct(self) -> pl.Struct:
        return pl.Struct(dict(self.schema))


@attrs.frozen
class Held:
    """The columns of a flat chunk (in the nested layout's types, rows as its nested
    frame's) that hold what a lookup of the nested frame computes: the attestation,
    decision or waiver of a key is its ``attestations.<key>.value`` column, the record a
    selector picks (``organisations[role=company]``) the struct of its
    ``organisations[role=company].<field>`` columns. Reading them gives what converting
    to the nested layout and searching its lists gives, row for row: a record whose
    columns are all empty is absent either way, and a list given by selectors has one
    record per code."""

    root: _Struct
    schema: pl.Struct
    frame: pl.DataFrame
    #: the columns of the nested layout left out of the nested frame (no plan reads them)
    deferred: tuple[str, ...] = ()
    #: what follows from the header alone, shared by the chunks of one file: the steps
    #: (the same objects for every chunk, so the compiled steps' caches hit), the columns
    #: of paths, the records' expressions, the empty columns of the latest chunk height
    memo: dict[Any, Any] = attrs.field(factory=dict, eq=False, repr=False)
    #: the nested layout's schema where ``schema`` differs (fraction facts the input gives
    #: as pairs of whole numbers, held as such), and the columns of those pairs
    nested: pl.Struct | None = None
    pairs: tuple[str, ...] = ()

    def filter(self, keep: pl.Series) -> Held:
        return attrs.evolve(self, frame=self.frame.filter(keep))

    def whole(self, nested: pl.DataFrame, rows: list[int] | None = None) -> pl.DataFrame:
        """``nested`` (the nested frame of these rows; ``rows``: of these indices only)
        with the ``deferred`` columns, in the nested layout's order."""
        if rows is not None:
            nested = nested[rows]
        if not self.deferred:
            return nested
        source = self.frame if rows is None else self.frame[rows]
        if self.pairs:  # (the nested records hold a pair's text)
            source = source.with_columns(_pair_texts(self.pairs))
        fields = _fields(self.schema if self.nested is None else self.nested)
        # (added to the rows: a list no column gives is a constant, one row in a select)
        built = source.with_columns(
            _value(self.root.fields.get(n), fields[n]).alias(n) for n in self.deferred
        ).select(self.deferred)
        return nested.hstack(built.get_columns()).select(list(fields))

    def deferred_column(self, name: str) -> pl.Series | None:
        """The ``deferred`` column ``name`` of :meth:`whole`, built alone (None: it is not
        deferred, or no column of the input gives it)."""
        if name not in self.deferred or self.root.fields.get(name) is None:
            return None
        source = self.frame.with_columns(_pair_texts(self.pairs)) if self.pairs else self.frame
        fields = _fields(self.schema if self.nested is None else self.nested)
        return source.select(_value(self.root.fields[name], fields[name]).alias(name)).to_series()

    def steps(self, steps: Iterable[Step]) -> tuple[list[Step], dict[str, str]]:
        """``steps`` (a plan's, over the cases) with each list a column of this input
        holds as it is (``organisations[role=company].applications``, a field of a record
        looked up by key) read from its own column, named :data:`HELD` and its fact path:
        the steps, and the paths of the columns they read by name."""
        steps = tuple(steps)
        key = ("steps", *map(id, steps))
        hit = self.memo.get(key)
        if hit is None or not all(a is b for a, b in zip(hit[0], steps, strict=True)):
            hit = self.memo[key] = (steps, *self._steps(steps))
        return list(hit[1]), dict(hit[2])

    def _steps(self, steps: Iterable[Step]) -> tuple[list[Step], dict[str, str]]:
        from talentkit.batch.compile import HELD, lookup_of

        out: list[Step] = []
        paths: dict[str, str] = {}
        for step in steps:
            found = lookup_of(step.collection)
            if found is not None and found[3] is not None:
                column, by, key, field = found
                keyed = column in KEYED and by == "key"
                path = f"{column}.{key}.{field}" if keyed else f"{column}[{by}={key}].{field}"
                if self.column_of(path) is not None:
                    paths[HELD + path] = path
                    step = attrs.evolve(step, collection=pl.col(HELD + path))
            out.append(step)
        return out, paths

    def column(self, path: str) -> pl.Series | None:
        """The values of the fact path ``path`` (``attestations.<key>.<field>`` for a
        keyed list), or None when no column holds them as they are (the lookup runs)."""
        found = self.column_of(path)
        if found is None:
            return None
        column, dtype = found
        if column is None:  # no column gives it: empty in every row
            height = self.frame.height
            at, empty = self.memo.get("empty", (None, {}))
            if at != height:
                empty = {}
                self.memo["empty"] = (height, empty)
            if path not in empty:
                empty[path] = pl.repeat(None, height, dtype=dtype, eager=True).alias(path)
            series: pl.Series = empty[path]
            return series
        if isinstance(column, str):
            return self.frame.get_column(column).alias(path)
        record = self.memo.get(("record", path))
        if record is None:
            element, fixed = column  # a selected record, from its columns
            record = _struct(element, dtype, fixed)[0].cast(dtype).alias(path)
            self.memo[("record", path)] = record
        return self.frame.select(record).to_series()

    def column_of(
        self, path: str
    ) -> tuple[str | tuple[_Struct, dict[str, str]] | None, pl.DataType] | None:
        """The flat column holding ``path`` (a selected record: its fields' node and its
        code) and its type; the column None: the value is empty in every row, no column
        gives it. None when no column holds it as it is (it is looked up)."""
        key = ("column", path)
        if key not in self.memo:
            self.memo[key] = self._column_of(path)
        found: tuple[str | tuple[_Struct, dict[str, str]] | None, pl.DataType] | None
        found = self.memo[key]
        return found

    def _column_of(
        self, path: str
    ) -> tuple[str | tuple[_Struct, dict[str, str]] | None, pl.DataType] | None:
        node: _Struct | None = self.root
        dtype: Any = self.schema
        rest = path
        while True:
            m = _STEP.match(rest)
            fields = _fields(dtype) if isinstance(dtype, pl.Struct) else {}
            if m is None or m.group(1) not in fields:
                return None
            name, index, sel_field, sel_code, tail = m.groups()
            sub = None if node is None else node.fields.get(name)
            fdt = fields[name]
            bracket = index is not None or sel_field is not None
            if dtype is self.schema and name in KEYED and not bracket and tail is not None:
                key, _, field = tail.rpartition(".")
                inner = _fields(fdt.inner)
                if field not in inner or field == "key" or not isinstance(sub, (_List, type(None))):
                    return None
                element = None if sub is None else sub.elements.get(("key", key))
                return _field_of(element, field, inner[field])
            if name == "facts" and not bracket and tail is not None:
                facts = _fields(fdt)
                if tail not in facts or isinstance(sub, str):
                    return None  # (the facts given whole)
                return _field_of(sub, tail, facts[tail])
            if index is not None:
                return None
            if sel_field is not None:
                # one record per code when every record is picked by this field; the
                # field itself is the code, which no column holds
                first = None if tail is None else _STEP.match(tail)
                if isinstance(sub, str) or (tail is not None and first is None):
                    return None
                if first is not None and first.group(1) == sel_field:
                    return None
                if isinstance(sub, _List):
                    if any(k[:2] != ("=", sel_field) for k in sub.elements):
                        return None
                    sub = sub.elements.get(("=", sel_field, sel_code))
                if tail is None:
                    if sub is None:
                        return None, fdt.inner
                    assert isinstance(sub, _Struct)
                    return (sub, {sel_field: sel_code}), fdt.inner
                node, dtype, rest = sub, fdt.inner, tail
                continue
            if tail is None:
                if sub is None:
                    return None, fdt
                return (sub, fdt) if isinstance(sub, str) else None
            if isinstance(sub, (str, _List)):
                return None
            node, dtype, rest = sub, fdt, tail


def _roots(found: Any, seen: dict[int, Any] | None = None) -> set[str]:
    """The columns the expressions in ``found`` (a plan, or any part of one: records,
    lists, mappings) read, with the entries of their lists of names; the objects in
    ``seen`` (by id, added to) are not gone through again."""
    from talentkit.batch.compile import lines_of

    out: set[str] = set()
    stack: list[Any] = [found]
    # (held by ``seen``: an id is not reused while its object lives)
    seen = {} if seen is None else seen
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen[id(item)] = item
        if isinstance(item, pl.Expr):
            out.update(item.meta.root_names())
            stack.extend(e for line in lines_of(item) or () for e in line)
        elif isinstance(item, (list, tuple, set, frozenset)):
            stack.extend(item)
        elif isinstance(item, Mapping):
            stack.extend(item.values())
        elif attrs.has(type(item)) and type(item).__module__.startswith("talentkit.batch"):
            # (the plan's own records: the declarations they name hold no expression)
            stack.extend(getattr(item, f.name) for f in attrs.fields(type(item)))
    return out


def _given(sub: str | _Struct | _List | None) -> pl.Expr:
    """Whether the value of ``sub`` is present (not null) in the nested layout: a record
    or list is present when any of its columns holds a value (see :func:`_struct`)."""
    if sub is None:
        return pl.lit(False)
    if isinstance(sub, str):
        return pl.col(sub).is_not_null()
    nodes = sub.fields.values() if isinstance(sub, _Struct) else sub.elements.values()
    given = [_given(n) for n in nodes]
    return pl.any_horizontal(given) if given else pl.lit(False)


def _checks(
    node: _Struct,
    cls: type,
    dtype: pl.Struct,
    here: pl.Expr | None,
    fixed: Mapping[str, str],
    facts: Mapping[str, FactSpec],
    keys: InputKeys | None,
    out: list[pl.Expr],
    marks: dict[int, tuple[str, str]],
) -> None:
    """The checks of :func:`~talentkit.batch.schema._struct_parts` on the record ``node``
    of class ``cls`` (present where ``here``; None: the row), field by field on the
    columns that give it, added to ``out``; ``fixed``: the fields a selector or key gives.
    ``marks`` takes, by its index in ``out``, a check one column can show to flag no row
    of a chunk (see :meth:`FlatPlan._quiet`): ``("filled", column)``, a required field's
    check, false where the column holds a value (``"filled in record"``: of a record,
    false too where none of its columns does); ``("dates", column)``, a date's range
    check; ``("items", column)``, the check of a list's items, false where it holds none."""
    fields = _fields(dtype)
    hints = hints_of(cls)
    present = pl.lit(True) if here is None else here
    for field in attrs.fields(cls):
        name = field.name
        required = field.default is attrs.NOTHING
        if name not in fields:
            if required:
                out.append(present)
            continue
        fdt = fields[name]
        sub = node.fields.get(name)
        if required and name not in fixed:
            if isinstance(sub, str):
                marks[len(out)] = ("filled" if here is None else "filled in record", sub)
            out.append(present & ~_given(sub))
        if name == "facts":
            if isinstance(sub, str):  # the facts given whole, as a struct column
                given = _fields(fdt)
                checks = [fact_check(pl.col(sub).struct.field(f), facts.get(f)) for f in given]
                out += [c for c in checks if c is not None]
            elif isinstance(sub, _Struct):
                for fname, leaf in sub.fields.items():
                    assert isinstance(leaf, str)
                    check = fact_check(pl.col(leaf), facts.get(fname))
                    if check is not None:
                        _add_check(check, leaf, out, marks)
            continue
        if name in fixed:
            bad = bad_value(pl.lit(fixed[name], dtype=fdt), hints.get(name), fdt, facts, keys)
            if bad is not None:
                out.append(present & bad)
            continue
        if isinstance(sub, str):
            column = pl.col(sub)
            if name in MONEY_FIELDS.get(cls, ()):
                out.append(column.is_not_null() & (column < 0))
            if name in KEYED and cls is Profile:
                out.append(_bad_keyed(column, name, fdt, facts, keys))
                continue
            bad = bad_value(column, hints[name], fdt, facts, keys)
            if bad is not None:
                if isinstance(fdt, pl.List):  # its items' checks (and a subject twice)
                    marks[len(out)] = ("items", sub)
                _add_check(bad, sub, out, marks)
        elif isinstance(sub, _Struct):
            inner = unwrap(hints[name])
            assert attrs.has(inner)
            assert isinstance(fdt, pl.Struct)
            _checks(sub, inner, fdt, _given(sub), {}, facts, keys, out, marks)
        elif isinstance(sub, _List):
            assert isinstance(fdt, pl.List)
            assert isinstance(fdt.inner, pl.Struct)
            item = KEYED[name] if name in KEYED and cls is Profile else _item_class(hints[name])
            for key, element in sub.elements.items():
                given = {key[1]: key[2]} if key[0] == "=" else {}  # a selector's code
                if key[0] == "key":
                    given = {"key": key[1]}
                _checks(element, item, fdt.inner, _given(element), given, facts, keys, out, marks)
            twice = _twice(sub, item, fdt.inner)
            if twice is not None:
                out.append(twice)


def _add_check(
    check: pl.Expr, column: str, out: list[pl.Expr], marks: dict[int, tuple[str, str]]
) -> None:
    """Adds ``check`` of ``column`` to ``out``, marked when it is the date range check."""
    if check.meta.eq(out_of_range(pl.col(column))):
        marks[len(out)] = ("dates", column)
    out.append(check)


def _item_class(tp: Any) -> type:
    (item,) = typing.get_args(unwrap(tp))
    cls = unwrap(item)
    assert isinstance(cls, type)
    assert attrs.has(cls)
    return cls


def _bad_keyed(
    column: pl.Expr,
    name: str,
    dtype: pl.DataType,
    facts: Mapping[str, FactSpec],
    keys: InputKeys | None,
) -> pl.Expr:
    """A keyed list given whole (a list column of records with their ``key``)."""
    parts = []
    if keys is not None:
        allowed = sorted(
            {"attestations": keys.attestations, "decisions": keys.decisions}.get(
                name, keys.waivable
            )
        )
        key = pl.element().struct.field("key")
        parts.append(column.list.eval(unknown_key(key, allowed)).list.any().fill_null(False))
    bad = bad_value(column, list[KEYED[name]], dtype, facts, keys)  # type: ignore[valid-type]
    if bad is not None:
        parts.append(bad)
    return pl.any_horizontal(parts) if parts else pl.lit(False)


def _twice(node: _List, item: type, dtype: pl.Struct) -> pl.Expr | None:
    """True where two records given by column name one subject twice
    (:mod:`talentkit.listed`; a part absent never matches), as the nested check does."""
    names = LISTED_ONCE.get(item)
    fields = _fields(dtype)
    if names is None or any(n not in fields for n in names) or len(node.elements) < 2:
        return None
    identities = []
    for key, element in node.elements.items():
        parts = []
        for n in names:
            if key[0] == "=" and key[1] == n:
                parts.append(pl.lit(key[2], dtype=pl.String()))
                continue
            column = element.fields.get(n)
            value = pl.col(column) if isinstance(column, str) else pl.lit(None)
            parts.append(value.cast(pl.String()))
        identity = pl.concat_str(parts, separator="\x00")
        identities.append(pl.when(_given(element)).then(identity))
    pairs = [a == b for i, a in enumerate(identities) for b in identities[i + 1 :]]
    return pl.any_horizontal(pairs).fill_null(False)


def _field_of(
    element: _Struct | _List | None, field: str, dtype: pl.DataType
) -> tuple[str | None, pl.DataType] | None:
    held = element.fields.get(field) if isinstance(element, _Struct) else None
    if isinstance(element, _List) or not (held is None or isinstance(held, str)):
        return None
    return held, dtype


class _Unknown(Exception):
    def __init__(self, hint: str = "") -> None:
        super().__init__(hint)
        self.hint = hint


def _value(sub: str | _Struct | _List | None, dtype: Any) -> pl.Expr:
    if sub is None:
        return pl.lit(None, dtype=dtype)
    if isinstance(sub, str):
        return pl.col(sub)
    if isinstance(sub, _Struct):
        return _struct(sub, dtype, {})[0]
    return _records(sub, dtype)


def _struct(node: _Struct, dtype: Any, fixed: Mapping[str, str]) -> tuple[pl.Expr, pl.Expr]:
    """The struct and whether any of its columns has a value (else it is absent)."""
    parts, present = [], []
    for name, fdt in _fields(dtype).items():
        sub = node.fields.get(name)
        if name in fixed:
            parts.append(pl.lit(fixed[name], dtype=fdt).alias(name))
            continue
        value = _value(sub, fdt)
        if sub is not None:
            present.append(value.is_not_null())
        parts.append(value.alias(name))
    some = pl.any_horizontal(present) if present else pl.lit(False)
    return pl.when(some).then(pl.struct(parts)), some


def _records(node: _List, dtype: Any) -> pl.Expr:
    assert isinstance(dtype, pl.List)
    items = sorted(node.elements.items(), key=lambda kv: int(kv[0][1]) if kv[0][0] == "#" else 0)
    elements = []
    for j, (key, element) in enumerate(items):
        fixed = {key[1]: key[2]} if key[0] == "=" else {"key": key[1]} if key[0] == "key" else {}
        elements.append(_struct(element, dtype.inner, fixed)[0].alias(f"{j}"))
    return pl.struct(elements).map_batches(
        functools.partial(_present_records, dtype=dtype), return_dtype=dtype
    )


def _present_records(elements: pl.Series, dtype: pl.List) -> pl.Series:
    """Per row, the records (the fields of ``elements``, in order) that are present, as a
    list, absent when none is: the present ones gathered row by row and cut by offsets
    (``concat_list`` of records, then dropping the absent ones, goes row by row: seconds
    per 100,000 rows)."""
    import pyarrow as pa

    parts = elements.struct.unnest()
    n, k = parts.height, parts.width
    if n == 0:
        return pl.Series(elements.name, [], dtype=dtype)
    stacked = pl.concat([parts.to_series(j).alias("") for j in range(k)])  # record by record
    i = pl.int_range(n * k, eager=True, dtype=pl.Int64())
    order = (i % k) * n + i // k  # row by row: row 0's records, then row 1's…
    values = stacked.gather(order.filter(stacked.is_not_null().gather(order)))
    counts = parts.select(pl.sum_horizontal(pl.all().is_not_null().cast(pl.Int64()))).to_series()
    offsets = pl.concat([pl.Series([0], dtype=pl.Int64()), counts.cum_sum()])
    # text as Arrow string views where pyarrow has them: no copy either way
    level = pl.CompatLevel.newest() if hasattr(pa, "string_view") else pl.CompatLevel.oldest()
    array = large_lists(offsets, values.to_arrow(compat_level=level), counts != 0)
    out: pl.Series = from_arrow(elements.name, array).cast(dtype)
    return out


# --- values ---------------------------------------------------------------------------


def _expected(leaf: _Leaf) -> str:
    if leaf.kind == "yuan":
        return "expected an amount in yuan (a whole number, or text with at most 2 decimals)"
    if leaf.kind == "fraction":
        return "expected a fraction (1/3, 0.25 or 30%)"
    d = leaf.dtype
    if d == pl.Date():
        return "expected a date (YYYY-MM-DD)"
    if d == pl.Int64():
        return "expected a whole number"
    if d == pl.Boolean():
        return "expected true or false"
    return f"expected {_type_name(d)}"


def _converter(
    src: pl.DataType, leaf: _Leaf, column: str, where: str
) -> Callable[[pl.Expr], pl.Expr]:
    """The conversion of a column to the nested layout's type; a type that cannot hold
    the field's values at all is an error before any row is read."""
    target = leaf.dtype
    text = src == pl.String()

    def refuse() -> FlatLayoutError:
        return FlatLayoutError(
            f"{where}: column {column!r} is {src}; expected {_type_name(target, leaf.kind)}"
        )

    if leaf.kind == "fraction" and isinstance(src, pl.Struct):
        if _is_pair(src):
            return _pairs
        raise FlatLayoutError(
            f"{where}: column {column!r} is {src}; expected a fraction as text (1/3) or as "
            "a record of two whole numbers {num, den} (64-bit)"
        )
    if src == pl.Float32() or src == pl.Float64():
        raise FlatLayoutError(
            f"{where}: column {column!r} holds floating-point numbers; amounts, counts and "
            "ratios must be exact (whole numbers, or text such as 12.50 or 1/3)"
        )
    if leaf.kind == "yuan":
        if isinstance(src, _INTEGER):
            return lambda e: e.cast(pl.Int64()) * 100
        if text or isinstance(src, pl.Decimal):
            return _yuan_text
        raise refuse()
    if src == target:
        return _same
    if target == pl.Int64() and isinstance(src, _INTEGER):
        return lambda e: e.cast(pl.Int64(), strict=False)
    # (a text column's cells come stripped: FlatPlan.read)
    if target == pl.Int64() and text:
        return lambda e: pl.when(e.str.contains(r"^-?\d+$")).then(e).cast(pl.Int64(), strict=False)
    if target == pl.Date() and text:
        # the form the parser reads, digits padded (polars' own reading also takes 2024-1-5)
        return lambda e: (
            pl.when(e.str.contains(_DATE_TEXT))
            .then(e)
            .str.strptime(pl.Date(), "%Y-%m-%d", strict=False)
        )
    if target == pl.Date() and isinstance(src, pl.Datetime):  # pandas writes dates so
        return lambda e: pl.when(e.dt.time() == pl.time(0)).then(e.dt.date())
    if target == pl.Boolean() and text:
        return _bool_text
    if target == pl.String() and isinstance(src, (pl.Categorical, pl.Enum)):
        return lambda e: e.cast(pl.String())
    if target == pl.String() and leaf.kind in _KINDS and isinstance(src, _INTEGER):
        return lambda e: e.cast(pl.String())
    if isinstance(target, (pl.List, pl.Struct)) and isinstance(src, type(target)):
        # a record lacking fields, or with one the layout lacks, as in the nested layout
        unknown = conformed(pl.col(column), src, target, column)[1]
        if unknown:
            named = "; ".join(unknown)
            raise FlatLayoutError(f"{where}: column {column!r}: unknown field {named}")
        return lambda e: conformed(e, src, target, column)[0]
    raise refuse()


def _bool_text(e: pl.Expr) -> pl.Expr:
    """``true`` and ``false`` as written; another case (``TRUE``, ``False``) is read by
    :func:`_bool_any_case`, for a column that has one (FlatPlan.read)."""
    return e.replace_strict(_BOOLS, default=None, return_dtype=pl.Boolean())


def _bool_any_case(e: pl.Expr) -> pl.Expr:
    return e.str.to_lowercase().replace_strict(_BOOLS, default=None, return_dtype=pl.Boolean())


_BOOLS = {"true": True, "false": False}
#: the conversions tried again on a column with a cell the first did not read
_AGAIN = {_bool_text: _bool_any_case}


def _same(e: pl.Expr) -> pl.Expr:
    """The conversion of a column already of its field's type."""
    return e


def _pairs(e: pl.Expr) -> pl.Expr:
    """The conversion of a fraction fact given as a record of two whole numbers
    (``{num, den}``): as it is, in 64 bits; a record that is no fraction (a part missing,
    a denominator below 1) becomes null, so its row is an error row naming the column."""
    num = e.struct.field("num").cast(pl.Int64())
    den = e.struct.field("den").cast(pl.Int64())
    whole = num.is_not_null() & den.is_not_null() & (den >= 1)
    return pl.when(whole).then(pl.struct(num=num, den=den))


def _pair_texts(columns: Iterable[str]) -> list[pl.Expr]:
    """Each pair column (:func:`_pairs`) as the fraction's text, ``"num/den"``."""
    return [
        pl.format("{}/{}", pl.col(c).struct.field("num"), pl.col(c).struct.field("den")).alias(c)
        for c in columns
    ]


def _is_pair(src: pl.DataType) -> bool:
    """Whether a column of type ``src`` gives a fraction as ``{num, den}`` whole numbers
    that fit 64 bits (a 64-bit unsigned part may not)."""
    if not isinstance(src, pl.Struct):
        return False
    fields = {f.name: f.dtype for f in src.fields}
    return set(fields) == {"num", "den"} and all(
        isinstance(t, _INTEGER) and t != pl.UInt64() for t in fields.values()
    )


def _typed_schema(schema: pl.Struct, paired: set[str]) -> pl.Struct:
    """``schema`` with each fact of ``paired`` (in every record's ``facts``) as
    :data:`~talentkit.batch.schema.FRACTION_PAIR` instead of its text."""
    if not paired:
        return schema

    def typed(dtype: Any, facts: bool) -> pl.DataType:
        if isinstance(dtype, pl.List):
            return pl.List(typed(dtype.inner, False))
        if not isinstance(dtype, pl.Struct):
            same: pl.DataType = dtype
            return same
        return pl.Struct(
            {
                f.name: (
                    FRACTION_PAIR
                    if facts and f.name in paired
                    else typed(f.dtype, f.name == "facts")
                )
                for f in dtype.fields
            }
        )

    out = typed(schema, False)
    assert isinstance(out, pl.Struct)
    return out


def _yuan_text(e: pl.Expr) -> pl.Expr:
    s = e.cast(pl.String())
    whole = s.str.extract(r"^-?(\d+)").cast(pl.Int64(), strict=False)
    cents = s.str.extract(r"\.(\d{1,2})$").str.pad_end(2, "0").cast(pl.Int64()).fill_null(0)
    fen = whole * 100 + cents
    return (
        pl.when(s.str.contains(_YUAN_TEXT))
        .then(pl.when(s.str.starts_with("-")).then(-fen).otherwise(fen))
        .otherwise(None)
    )


def _type_name(dtype: Any, kind: str = "") -> str:
    if kind in ("yuan", "fraction", "decimal"):
        return {"yuan": "yuan", "fraction": "fraction", "decimal": "decimal"}[kind]
    if dtype == pl.Date():
        return "date"
    if dtype == pl.Boolean():
        return "bool"
    if dtype == pl.Int64():
        return "int"
    if dtype == pl.String():
        return "text"
    if isinstance(dtype, pl.List):
        inner = dtype.inner
        return "list of records" if isinstance(inner, pl.Struct) else f"list of {_type_name(inner)}"
    return "record"


# --- the catalogue (``talentkit schema --flat``) ---------------------------------------


def flat_names(facts: Mapping[str, FactSpec]) -> list[str]:
    """Every column name of the flat layout that needs no selector or key."""
    out: list[str] = []

    def walk(prefix: str, dtype: pl.DataType) -> None:
        for name, fdt in _fields(dtype).items():
            path = f"{prefix}{name}"
            if isinstance(fdt, pl.Struct):
                walk(path + ".", fdt)
            else:
                out.append(path)

    walk("", pl.Struct(dict(profile_schema(facts))))
    return out


def read_columns(paths: Iterable[str]) -> list[str]:
    """The flat columns that give the fact paths rules read: a path into a collection is
    read from the collection's column; an attestation, decision or waiver from its
    ``value`` (or ``decision``) column."""
    out: list[str] = []
    for path in paths:
        if "[]" in path:
            column = path.split("[]", 1)[0]
        elif path.split(".", 1)[0] in KEYED:
            field = "decision" if path.startswith("waivers.") else "value"
            column = f"{path}.{field}"
        else:
            column = path
        if column not in out:
            out.append(column)
    return out


def flat_types(facts: Mapping[str, FactSpec]) -> dict[str, str]:
    """The type name of each plain flat column (facts by their declared type)."""
    types: dict[str, str] = {}

    def walk(prefix: str, dtype: pl.DataType, in_facts: bool) -> None:
        for name, fdt in _fields(dtype).items():
            path = f"{prefix}{name}"
            if isinstance(fdt, pl.Struct):
                walk(path + ".", fdt, name == "facts")
            elif in_facts and name in facts:
                types[path] = facts[name].type
            else:
                types[path] = _type_name(fdt)

    walk("", pl.Struct(dict(profile_schema(facts))), False)
    return types


def column_type(column: str, facts: Mapping[str, FactSpec], types: Mapping[str, str]) -> str:
    """The type of any flat column, selected records and keys included."""
    if column in types:
        return types[column]
    root = dtype = pl.Struct(dict(profile_schema(facts)))
    rest: str | None = column
    while rest:
        m = _STEP.match(rest)
        fields = _fields(dtype) if isinstance(dtype, pl.Struct) else {}
        if m is None or m.group(1) not in fields:
            return "?"
        name, index, sel_field, _, tail = m.groups()
        fdt = fields[name]
        if name == "facts" and tail is not None:
            spec = facts.get(tail)
            return spec.type if spec is not None else "?"
        if name in KEYED and dtype is root and tail:
            field = tail.rpartition(".")[2]
            return _type_name(_fields(fdt.inner).get(field))
        if index is not None or sel_field is not None:
            fdt = fdt.inner
        dtype, rest = fdt, tail
    return _type_name(dtype)


@attrs.frozen
class FlatColumn:
    """One column of the flat layout, as ``talentkit schema --flat`` shows it."""

    name: str
    type: str
    label: Text
    programmes: tuple[str, ...]


def catalogue(facts: Mapping[str, FactSpec], programmes: Iterable[Programme]) -> list[FlatColumn]:
    """Every plain column of the flat layout, then the selected records and keys the
    programmes read (``organisations[role=company].founded_on``,
    ``attestations.<key>.value``), each with its type, labels and readers."""
    from talentkit.declarations import fact_reads

    readers: dict[str, list[str]] = {}
    for prog in programmes:
        paths = [path for _, path, root in fact_reads(prog) if root is subjects.Profile]
        for column in read_columns(paths):
            readers.setdefault(column, [])
            if prog.id not in readers[column]:
                readers[column].append(prog.id)
    types = flat_types(facts)
    names = list(types) + sorted(c for c in readers if c not in types)
    out = []
    for name in names:
        label = column_label(name, facts) or Text(name, name)
        out.append(
            FlatColumn(name, column_type(name, facts, types), label, tuple(readers.get(name, ())))
        )
    return out


def _subject_of(annotation: object) -> type | None:
    """The subject class a field holds (``Person`` of ``list[Person] | None``), if any."""
    if isinstance(annotation, type) and annotation in subjects.FIELD_TEXT:
        return annotation
    for arg in typing.get_args(annotation):
        found = _subject_of(arg)
        if found is not None:
            return found
    return None


def column_label(column: str, facts: Mapping[str, FactSpec]) -> Text | None:
    """The column as a reader knows it, field by field (FIELD_TEXT), a fact by its own
    label: ``organisations[role=company].founded_on`` is 单位[角色=企业]·成立日期."""
    parts: list[Text] = []
    owner: type | None = subjects.Profile
    rest: str | None = column
    while rest:
        m = _STEP.match(rest)
        if m is None or owner is None:
            return None
        name, index, sel_field, sel_code, tail = m.groups()
        if name == "facts" and tail is not None:
            spec = facts.get(tail)
            if spec is None:
                return None
            parts.append(spec.text if spec.text.zh or spec.text.en else Text(tail, tail))
            break
        label = subjects.FIELD_TEXT.get(owner, {}).get(name)
        if label is None:
            return None
        if owner is subjects.Profile and name in KEYED and tail is not None:
            key, _, field = tail.rpartition(".")
            inner = subjects.FIELD_TEXT[KEYED[name]].get(field)
            if inner is None:
                return None
            parts += [Text(f"{label.zh}[{key}]", f"{label.en}[{key}]"), inner]
            break
        sub = _subject_of(attrs.fields_dict(owner)[name].type)
        if index is not None:
            label = Text(f"{label.zh}[{index}]", f"{label.en}[{index}]")
        elif sel_field is not None:
            by = subjects.FIELD_TEXT.get(sub, {}).get(sel_field) if sub else None
            codes = ORGANISATION_ROLE_LABELS if sel_field == "role" else {}
            code = codes.get(sel_code, Text(sel_code, sel_code))
            if by is None:
                return None
            label = Text(f"{label.zh}[{by.zh}={code.zh}]", f"{label.en}[{by.en}={code.en}]")
        parts.append(label)
        owner, rest = sub, tail
    return Text("·".join(p.zh for p in parts), " › ".join(p.en for p in parts))
