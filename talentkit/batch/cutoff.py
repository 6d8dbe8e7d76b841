"""Date tests against a reference date computed once per distinct reference date.

A batch's reference date is usually one date for every case (a notice's date, the run's
as-of date), yet a test such as "the 41st birthday falls after the reference date" shifts
every case's birth date. Such a test, for one reference date, holds on one side of a
cut-off birth date: the shifts are monotone (a later date never shifts to an earlier one,
whatever the leap-day convention). So the cut-off is found once per distinct reference
date, by evaluating the test itself on candidate dates (the same expression, hence the
same leap-day and attained-age conventions), and each case is compared with it: one
integer comparison instead of a calendar shift per case.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any, NamedTuple

import polars as pl

Build = Callable[[pl.Expr, pl.Expr], pl.Expr]
"""``(date, reference) -> test``: monotone in ``date`` for each reference, null where
either is null."""

#: more distinct reference dates than this in a chunk: the test is evaluated case by case
MAX_DISTINCT = 32
#: the rows :class:`PerValue` looks at first for more than :data:`MAX_DISTINCT` values
_SAMPLE = 4096
#: the candidates of the first, coarse search over a chunk's range of dates
_COARSE = 2048
#: at most this many distinct values: each row is compared with each of them (for so few,
#: cheaper than a join on the values)
_COMPARED = 4


#: the last day number a date holds (32 bits): a cut-off after it is compared in 64 bits
_DAYS_MAX = 2**31 - 1


def _days(s: pl.Series) -> pl.Series:
    days: pl.Series = s.to_physical().cast(pl.Int64())
    return days


def _test(build: Build, dates: pl.Series, ref: object) -> pl.Series:
    """The test on the day numbers ``dates`` against the one reference date ``ref``."""
    frame = pl.DataFrame({"b": dates.cast(pl.Int32()).cast(pl.Date())})
    return frame.select(build(pl.col("b"), pl.lit(ref, dtype=pl.Date()))).to_series()


def _rising_from(q: pl.Series) -> int | None:
    """The index of the first true of ``q`` when ``q`` is falses then trues (its length
    when all false); None otherwise."""
    first = len(q) - int(q.sum())
    return first if q.slice(first).all() else None


def _cut(build: Build, lo: int, hi: int, ref: object) -> tuple[int, bool] | None:
    """The first day in ``[lo, hi]`` from which the test holds (rising: it holds from
    there on) or fails (falling: it holds before it), ``hi + 1`` for none; None when the
    test is not a cut-off over these days or is null."""
    step = max(1, -(-(hi - lo) // _COARSE))
    coarse = pl.int_range(lo, hi + 1, step, eager=True, dtype=pl.Int64())
    if coarse[-1] != hi:
        coarse.append(pl.Series([hi], dtype=pl.Int64()))
    got = _test(build, coarse, ref)
    if got.null_count():
        return None
    rising = not got[0] or bool(got.all())
    i = _rising_from(got if rising else ~got)
    if i is None:
        return None
    if i in (0, len(coarse)):
        return (lo if i == 0 else hi + 1), rising
    # the test changes in (coarse[i - 1], coarse[i]]: every day of it
    fine = pl.int_range(int(coarse[i - 1]) + 1, int(coarse[i]) + 1, eager=True, dtype=pl.Int64())
    again = _test(build, fine, ref)
    if again.null_count():
        return None
    j = _rising_from(again if rising else ~again)
    if j is None or j == len(fine):
        return None
    return int(fine[j]), rising


class _Cut(NamedTuple):
    """A reference date's cut-off found over the days ``lo`` to ``hi`` (see :func:`_cut`)."""

    lo: int
    hi: int
    cut: int
    rising: bool


class Threshold:
    """``build(date, reference)`` on a struct column of ``b`` (date) and ``r`` (reference
    date) as a comparison of ``b`` with the cut-off of each distinct ``r`` (a polars
    batch function). Falls back to ``build`` itself when the chunk has many distinct
    reference dates or the test does not behave as a cut-off on the chunk's dates.

    A run evaluates chunk after chunk with the same object: each reference date's cut-off
    is kept with the days it was searched over, and a later chunk whose dates lie within
    them is compared with it unsearched (the test is monotone over those days, so its
    cut-off there is the cut-off of any of their sub-ranges). Dates outside them search
    both ranges together, and that is kept instead. The check that the test is null for a
    null date or reference (as ``build`` must be) is made when a reference date is first
    searched. What is kept is not pickled: a copy starts without it."""

    def __init__(self, build: Build) -> None:
        self.build = build
        #: per reference date, its cut-off (entries replaced whole, read without the lock)
        self._cuts: dict[object, _Cut] = {}
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:
        return {"build": self.build}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["build"])  # type: ignore[misc]

    def direct(self, b: pl.Series, r: pl.Series) -> pl.Series:
        frame = pl.DataFrame({"b": b, "r": r})
        return frame.select(self.build(pl.col("b"), pl.col("r"))).to_series()

    def __call__(self, s: pl.Series) -> pl.Series:
        fields = s.struct.unnest()  # both fields at once (one field at a time costs more)
        b, r = fields.get_column("b").cast(pl.Date()), fields.get_column("r").cast(pl.Date())
        out = self.compared(b, r)
        return (out if out is not None else self.direct(b, r)).alias(s.name)

    def compared(self, b: pl.Series, r: pl.Series) -> pl.Series | None:
        low, high = r.min(), r.max()
        # one reference date for every case (the usual): no hash of every row to find it,
        # nor a column built of it
        same = low is not None and low == high
        refs = [low] if same else r.drop_nulls().unique().to_list()
        if len(refs) > MAX_DISTINCT:
            return None
        # the dates' day numbers as they are held (32 bits): no copy into 64 bits (a cast,
        # which a column does itself, where ``to_physical`` is a query)
        days = b.cast(pl.Int32())
        if days.null_count() == len(days) or not len(refs):
            return pl.Series(values=[None] * len(b), dtype=pl.Boolean())
        lo, hi = int(days.min()), int(days.max())
        keys, cuts, risings = [], [], set()
        for ref in refs:
            found = self._found(b, ref, lo, hi)
            if found is None:
                return None
            keys.append(ref)
            cuts.append(found[0])
            risings.add(found[1])
        if len(risings) > 1:
            return None
        rising = risings.pop()
        if len(keys) == 1 and not r.null_count() and cuts[0] <= _DAYS_MAX:
            cut: pl.Series | int = cuts[0]
        else:
            cut = _days(r).replace_strict(
                _days(pl.Series(keys, dtype=pl.Date())),
                pl.Series(cuts, dtype=pl.Int64()),
                default=None,
                return_dtype=pl.Int64(),
            )
        out: pl.Series = (days >= cut) if rising else (days < cut)
        return out

    def _found(self, b: pl.Series, ref: object, lo: int, hi: int) -> tuple[int, bool] | None:
        """The cut-off of ``ref`` over the days ``lo`` to ``hi`` (the dates ``b``'s least
        and greatest) and whether the test rises there: kept, or searched and kept; None
        when the test is not a cut-off over them."""
        kept = self._cuts.get(ref)
        if kept is not None and kept.lo <= lo and hi <= kept.hi:
            return kept.cut, kept.rising
        if kept is None:
            # the test must be null for a null date or reference (no shortcut there); the
            # first date that is not null (found in the validity, not by a copy without
            # nulls)
            sample = b[int(b.is_not_null().arg_max())]  # type: ignore[arg-type]
            edge = self.direct(
                pl.Series([None, sample], dtype=pl.Date()),
                pl.Series([ref, None], dtype=pl.Date()),
            )
            if edge.null_count() != 2:
                return None
            start, end = lo, hi
        else:
            # the days kept and these: searched together, the wider range kept
            start, end = min(kept.lo, lo), max(kept.hi, hi)
        found = _cut(self.build, start, end, ref)
        if found is None:
            # no cut-off over both ranges: these days alone, as a chunk of them is searched
            return None if kept is None else _cut(self.build, lo, hi, ref)
        with self._lock:
            now = self._cuts.get(ref)
            # another chunk's wider range, kept meanwhile, stays
            if now is None or (start <= now.lo and now.hi <= end):
                self._cuts[ref] = _Cut(start, end, *found)
        return found


def threshold(b: pl.Expr, r: pl.Expr, build: Build) -> pl.Expr:
    """``build(b, r)``, computed as a cut-off per distinct reference date (see
    :class:`Threshold`); null where ``b`` or ``r`` is null, as ``build`` must be."""
    both = pl.struct(b=b.cast(pl.Date()), r=r.cast(pl.Date()))
    return both.map_batches(Threshold(build), return_dtype=pl.Boolean())


#: at most this many distinct values' results :class:`PerValue` keeps for a run
_KEPT = 256
#: at most this many combinations' results :class:`PerValues` keeps for a run
_KEPT_COMBINATIONS = 4096


def _exact(dtype: pl.DataType) -> bool:
    """Whether a value of ``dtype``, read into Python, is a key that tells it from every
    other value of ``dtype``: not a float (NaN is not equal to itself, -0.0 is equal to
    0.0), nor a type whose values Python holds less exactly."""
    return dtype.is_integer() or isinstance(
        dtype, (pl.Boolean, pl.String, pl.Categorical, pl.Enum, pl.Date, pl.Decimal)
    )


class _Kept:
    """``fn``'s results kept for a run, at most ``cap`` of them, by a key (a distinct value
    or a combination of them, with its types): one series of results and each key's
    position in it, replaced together under a lock (so read without it) as it grows.
    Not pickled: a copy starts empty."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self._lock = threading.Lock()
        self._state: tuple[dict[Hashable, int], pl.Series | None] = ({}, None)

    def __getstate__(self) -> int:
        return self.cap

    def __setstate__(self, cap: int) -> None:
        self.__init__(cap)  # type: ignore[misc]

    def __len__(self) -> int:
        return len(self._state[0])

    def get(self, keys: Sequence[Hashable]) -> pl.Series | None:
        """The results of ``keys``, in their order; None unless every one is kept."""
        at, results = self._state
        if results is None:
            return None
        where = [at.get(key) for key in keys]
        if None in where:
            return None
        if len(where) == 1:  # (a slice is read in place; a gather is a query of its own)
            return results.slice(where[0], 1)  # type: ignore[arg-type]
        return results.gather(where)  # type: ignore[arg-type]

    def add(self, keys: Sequence[Hashable], results: pl.Series) -> None:
        """Keep ``results`` (of ``keys``, distinct, in their order) while there is room."""
        if len(self) >= self.cap:
            return
        with self._lock:
            at, kept = self._state
            new = [i for i, key in enumerate(keys) if key not in at][: self.cap - len(at)]
            if not new:
                return
            at = dict(at)
            for i in new:
                at[keys[i]] = len(at)
            more = results.gather(new)
            self._state = (at, more if kept is None else pl.concat([kept, more], rechunk=True))


class PerValue:
    """``fn`` of a column evaluated once per distinct value and spread back to the rows
    (a polars batch function): a reference date's cut-off, computed once. ``whole``: the
    same as ``fn`` on a whole column, for a column of many distinct values.

    A run evaluates chunk after chunk with the same object, and ``fn`` is elementwise: the
    result of each distinct value of an exact type (see :func:`_exact`) is kept for the
    run, at most :data:`_KEPT` of them, and a chunk whose values are all kept is spread
    from them, ``fn`` not evaluated."""

    def __init__(
        self,
        fn: Callable[[pl.Expr], pl.Expr],
        dtype: pl.DataType,
        whole: Callable[[pl.Series], pl.Series] | None = None,
        typed: Callable[[pl.Series], pl.Series] | None = None,
    ) -> None:
        self.fn, self.dtype, self.whole, self.typed = fn, dtype, whole, typed
        self._kept = _Kept(_KEPT)

    def __call__(self, s: pl.Series) -> pl.Series:
        if self.typed is not None and isinstance(s.dtype, pl.Struct):
            # the values given already in the result's form (a fraction's two numbers)
            return self.typed(s).alias(s.name)
        if len(s) and s.null_count() == len(s):  # (only nulls: as decisions none has)
            return self._spread(s, s.head(1), None)
        # a column of many values shows it in its first rows: no table of them is built
        seen = s.head(_SAMPLE).unique()
        if len(seen) > MAX_DISTINCT:
            return self._whole(s)
        if len(seen) <= _COMPARED:
            # the few values of the first rows, if they are all the column's: each row is
            # compared with each, no hash of every row to find the distinct values
            where = _positions(s, seen)
            if not where.null_count():
                return self._spread(s, seen, where)
        values = s.unique()
        if len(values) > MAX_DISTINCT:
            return self._whole(s)
        few = 1 < len(values) <= _COMPARED
        return self._spread(s, values, _positions(s, values) if few else None)

    def _whole(self, s: pl.Series) -> pl.Series:
        if self.whole is not None:
            return self.whole(s).alias(s.name)
        return pl.DataFrame({"v": s}).select(self.fn(pl.col("v"))).to_series().alias(s.name)

    def _results(self, values: pl.Series) -> pl.Series:
        """``fn`` of each of ``values`` (distinct), as kept or evaluated (and kept)."""
        keys = [(values.dtype, v) for v in values.to_list()] if _exact(values.dtype) else None
        if keys is not None:
            kept = self._kept.get(keys)
            if kept is not None:
                return kept
        got = pl.DataFrame({"v": values}).select(self.fn(pl.col("v")).cast(self.dtype))
        results = got.to_series()
        if keys is not None:
            self._kept.add(keys, results)
        return results

    def _spread(self, s: pl.Series, values: pl.Series, where: pl.Series | None) -> pl.Series:
        """``fn`` of each of ``values`` (the distinct values of ``s``; ``where``: each
        row's position among them, if found) back on the rows of ``s``."""
        results = self._results(values)
        if len(values) == 1:
            # the one result for every row, not read into Python and back
            one: pl.Series = results.new_from_index(0, len(s))
            return one.alias(s.name)
        if where is not None:
            return results.gather(where).alias(s.name)
        table = pl.DataFrame({"v": values, "w": results})
        joined = pl.DataFrame({"v": s}).join(
            table, on="v", how="left", nulls_equal=True, maintain_order="left"
        )
        return joined.get_column("w").alias(s.name)


class PerValues:
    """``fn`` of a record's fields (a polars batch function on the record) computed once
    per combination of their distinct values and spread back to the rows: a status read
    from a few texts, decided for each text rather than for each row. ``whole``: the same
    as ``fn`` on the record's fields as a frame, for a field of many distinct values.

    As :class:`PerValue`, the result of each combination of values of exact types is kept
    for the run, at most :data:`_KEPT_COMBINATIONS` of them."""

    def __init__(
        self,
        fn: Callable[[list[pl.Expr]], pl.Expr],
        dtype: pl.DataType,
        whole: Callable[[pl.DataFrame], pl.Series],
        typed: bool = False,
    ) -> None:
        self.fn, self.dtype, self.whole, self.typed = fn, dtype, whole, typed
        self._kept = _Kept(_KEPT_COMBINATIONS)

    def __call__(self, s: pl.Series) -> pl.Series:
        if not len(s):
            return pl.Series(s.name, [], dtype=self.dtype)
        fields = s.struct.unnest()
        if self.typed and any(isinstance(t, pl.Struct) for t in fields.dtypes):
            # a field given already in its parsed form: ``whole`` takes it as it is
            return self._whole(fields, s.name)
        found = []
        combinations = 1
        for column in fields.get_columns():
            got = _distinct(column)
            if got is None:
                return self._whole(fields, s.name)
            combinations *= len(got[0])
            if combinations > _COMBINATIONS:
                return self._whole(fields, s.name)
            found.append(got)
        return self._spread(fields, found, combinations, s.name)

    def _whole(self, fields: pl.DataFrame, name: str) -> pl.Series:
        out: pl.Series = self.whole(fields).cast(self.dtype)
        return out.alias(name)

    def _results(self, table: pl.DataFrame) -> pl.Series:
        """``fn`` of each combination (row) of ``table``, as kept or evaluated (and kept)."""
        types = tuple(table.dtypes)
        keys = [(types, row) for row in table.rows()] if all(map(_exact, types)) else None
        if keys is not None:
            kept = self._kept.get(keys)
            if kept is not None:
                return kept
        exprs = [pl.col(field) for field in table.columns]
        results = table.select(self.fn(exprs).cast(self.dtype)).to_series()
        if keys is not None:
            self._kept.add(keys, results)
        return results

    def _spread(
        self,
        fields: pl.DataFrame,
        found: list[tuple[pl.Series, pl.Series]],
        combinations: int,
        name: str,
    ) -> pl.Series:
        # each combination at the index the rows' positions among the values give
        index: pl.Series | None = None
        table: dict[str, pl.Series] = {}
        every = pl.int_range(combinations, eager=True, dtype=pl.UInt32())
        stride = combinations
        for column, (values, where) in zip(fields.get_columns(), found, strict=True):
            n = len(values)
            stride //= n
            table[column.name] = values.gather((every // stride) % n)
            index = where if index is None else index * n + where
        assert index is not None
        result = self._results(pl.DataFrame(table))
        if combinations == 1:
            one: pl.Series = result.new_from_index(0, fields.height)
            return one.alias(name)
        out: pl.Series = result.gather(index)
        return out.alias(name)


#: at most this many combinations of values: :class:`PerValues` decides each of them
_COMBINATIONS = 1024


def _distinct(s: pl.Series) -> tuple[pl.Series, pl.Series] | None:
    """The distinct values of ``s`` (a null among them or not) and each row's position
    among them, found as :class:`PerValue` finds them; None for more than
    :data:`MAX_DISTINCT` values."""
    seen = s.head(_SAMPLE).unique()
    if len(seen) > MAX_DISTINCT:
        return None
    if len(seen) <= _COMPARED:
        where = _positions(s, seen)
        if not where.null_count():
            return seen, where
    values = s.unique()
    if len(values) > MAX_DISTINCT:
        return None
    if len(values) <= _COMPARED:
        return values, _positions(s, values)
    table = pl.DataFrame(
        {"v": values, "i": pl.int_range(len(values), eager=True, dtype=pl.UInt32())}
    )
    joined = pl.DataFrame({"v": s}).join(
        table, on="v", how="left", nulls_equal=True, maintain_order="left"
    )
    return values, joined.get_column("i")


def _positions(s: pl.Series, values: pl.Series) -> pl.Series:
    """The position in ``values`` (distinct, a null among them or not) of each value of
    ``s``, found by comparing with each of them in turn."""
    v = pl.col("v")
    where = pl.lit(None, dtype=pl.UInt32())
    for i, value in enumerate(values):
        hit = v.is_null() if value is None else v == pl.lit(value, dtype=s.dtype)
        where = pl.when(hit).then(pl.lit(i, dtype=pl.UInt32())).otherwise(where)
    return pl.DataFrame({"v": s}).select(where.alias("i")).get_column("i")


class PerDay:
    """``fn`` of a date column (a polars batch function) computed once per day from the
    column's first date to its last, each row's result looked up by its day: a calendar
    shift per row costs about ten times a lookup, and a chunk's dates span far fewer days
    than it has rows. A column spanning more days than rows is given to ``fn`` as it is."""

    def __init__(self, fn: Callable[[pl.Expr], pl.Expr]) -> None:
        self.fn = fn

    def __call__(self, s: pl.Series) -> pl.Series:
        # the day numbers as held (32 bits); a row's index, its day less the first, is
        # less than the rows' number, so it fits them too
        days = s.to_physical()
        lo, hi = days.min(), days.max()
        if not isinstance(lo, int) or not isinstance(hi, int) or hi - lo >= len(s):
            return pl.DataFrame({"v": s}).select(self.fn(pl.col("v"))).to_series().alias(s.name)
        every = pl.int_range(lo, hi + 1, eager=True, dtype=pl.Int64()).cast(pl.Int32())
        table = pl.DataFrame({"v": every.cast(pl.Date())}).select(self.fn(pl.col("v")))
        # a null date's index is null: its result is null, as ``fn`` gives for it
        return table.to_series().gather(days - lo).alias(s.name)


def per_day(expr: pl.Expr, fn: Callable[[pl.Expr], pl.Expr]) -> pl.Expr:
    """``fn(expr)`` of a date column ``expr``, a date for each date (null for null),
    computed once per day of the column's range (see :class:`PerDay`)."""
    return expr.cast(pl.Date()).map_batches(PerDay(fn), return_dtype=pl.Date())


def per_value(
    expr: pl.Expr,
    fn: Callable[[pl.Expr], pl.Expr],
    dtype: pl.DataType,
    whole: Callable[[pl.Series], pl.Series] | None = None,
    typed: Callable[[pl.Series], pl.Series] | None = None,
) -> pl.Expr:
    """``fn(expr)`` computed once per distinct value of ``expr`` (see :class:`PerValue`);
    ``typed``: what a column of records (the value given in its parsed form) becomes."""
    return expr.map_batches(PerValue(fn, dtype, whole, typed), return_dtype=dtype)


def per_values(
    fields: Mapping[str, pl.Expr],
    fn: Callable[[list[pl.Expr]], pl.Expr],
    dtype: pl.DataType,
    whole: Callable[[pl.DataFrame], pl.Series],
    typed: bool = False,
) -> pl.Expr:
    """``fn`` of the columns ``fields`` computed once per combination of their distinct
    values (see :class:`PerValues`); ``typed``: a field of records goes to ``whole``."""
    record = pl.struct([e.alias(n) for n, e in fields.items()])
    out: pl.Expr = record.map_batches(PerValues(fn, dtype, whole, typed), return_dtype=dtype)
    return out
