""":class:`~talentkit.rules.TimeSpent` compiled: time spent, however the case gives it.

The case's source is chosen row by row as the engine chooses it (there all along, an
arrival date, a number of days, dated spells). Dated spells are one step over the list:
the spells that count are sorted by start and their union measured with a running maximum
of the ends, so overlapping spells count once, as the engine's merge does.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Hashable, Sequence
from typing import Any

import polars as pl

from talentkit.batch.compile import (
    CODE,
    EMPTY,
    FAIL,
    NAMES,
    PASS,
    REVIEW,
    UNKNOWN,
    WAIVED,
    Compiled,
    ItemNames,
    NotCompilable,
    Scope,
    Step,
    chain,
    compile_rule,
    compiles,
    date_fact,
    date_test,
    exact,
    fixed_names,
    gather_missing,
    is_,
    item_lists,
    list_items,
    name_text,
    names,
    open_of,
    outer_date,
    shift,
    status_when,
)
from talentkit.batch.cutoff import Build, per_day, per_value
from talentkit.batch.union import SpellUnion, day_numbers
from talentkit.dates import LEAP_DAYS, MONTH_COUNTS, Period
from talentkit.facts import MISSING
from talentkit.rules import TimeSpent


def _days_back(on: pl.Expr, p: Period, leap: str) -> pl.Expr:
    return _days_between(on, shift(on, -p, leap))


def _days_between(later: pl.Expr, earlier: pl.Expr) -> pl.Expr:
    """The days from ``earlier`` to ``later`` (dates; null where either is), from their
    day numbers: polars subtracts dates as durations in milliseconds and divides them
    back into days (about five times the cost, per row)."""
    return day_numbers(later) - day_numbers(earlier)


def _later(a: pl.Expr, b: pl.Expr) -> pl.Expr:
    """The later of two dates, a null left out (as ``pl.max_horizontal``), by one
    comparison: polars' horizontal maximum takes a slow path over columns with nulls
    (about eight times the cost, per row)."""
    return pl.when(b.is_null() | (a > b)).then(a).otherwise(b)


def _typed(scope: Scope, path: str | None, dtype: pl.DataType) -> pl.Expr | None:
    """The fact at ``path``; None where it is null in every case: the rule has no such
    source, or the input no column for it (a flat file without it)."""
    if path is None:
        return None
    e, found = scope.fact(path)
    if found == pl.Null():
        return None
    if found != dtype:
        raise NotCompilable(f"{path} is not {dtype}")
    return e


#: a condition: an expression, or what it is in every case (a source the input lacks)
Flag = pl.Expr | bool


def _and(*parts: Flag) -> Flag:
    return _joined(parts, False, operator.and_)


def _or(*parts: Flag) -> Flag:
    return _joined(parts, True, operator.or_)


def _joined(parts: Sequence[Flag], settles: bool, join: Callable[[Any, Any], Any]) -> Flag:
    """``parts`` joined by ``join``: ``settles`` where one part is it in every case, the
    parts that are the other value in every case left out."""
    exprs = []
    for part in parts:
        if part is settles:
            return settles
        if not isinstance(part, bool):
            exprs.append(part)
    return functools.reduce(join, exprs) if exprs else not settles


def _not(flag: Flag) -> Flag:
    return (not flag) if isinstance(flag, bool) else ~flag


def _null(e: pl.Expr | None) -> Flag:
    return True if e is None else e.is_null()


def _given(e: pl.Expr | None) -> Flag:
    return False if e is None else e.is_not_null()


def _expr(flag: Flag) -> pl.Expr:
    return pl.lit(flag) if isinstance(flag, bool) else flag


def _column(scope: Scope, flag: Flag) -> Flag:
    """A condition read more than once, as a column of its own (the expression tree is
    not repeated at each read: neither planned nor computed again)."""
    if isinstance(flag, bool):
        return flag
    col = scope.define(flag)
    assert col is not None
    return col


def _pick(branches: list[tuple[Flag, pl.Expr | None]], dtype: pl.DataType) -> pl.Expr:
    """``when(c1).then(v1).when(c2).then(v2)…`` (null otherwise) over the branches whose
    condition may hold; a value None is null."""
    out: Any = None
    for cond, value in branches:
        if cond is False:
            continue
        v = pl.lit(None, dtype=dtype) if value is None else value
        if cond is True:
            return v if out is None else out.otherwise(v)
        out = pl.when(cond).then(v) if out is None else out.when(cond).then(v)
    return pl.lit(None, dtype=dtype) if out is None else out


def _spells(rule: TimeSpent, scope: Scope) -> tuple[pl.Expr, dict[str, pl.Expr]]:
    """The list of spells (null: absent) and, per case, the union of the spells that count:
    ``tot`` days, ``n`` merged spells, ``s``/``e`` first start and last end, ``und`` an
    item left open, ``mis`` what the open items need (null: the engine names it)."""
    assert rule.spells is not None
    inner, coll, name = list_items(rule.spells, scope)
    if not name:
        return pl.lit(None), {}
    c = {k: f"{name}_{k}" for k in ("mt", "s", "e", "v", "n")}
    match = compile_rule(rule.where, inner) if rule.where is not None else None
    start = date_fact(inner, rule.start_field)
    end = date_fact(inner, rule.end_field)
    on, _ = inner.date(outer_date(rule.on, scope))
    mt, s, e = pl.col(c["mt"]), pl.col(c["s"]), pl.col(c["e"])
    open_match = is_(mt, UNKNOWN, REVIEW, WAIVED)
    wanted = match.missing if match is not None and match.missing is not None else EMPTY
    items = {
        **dict(inner.defs),
        c["mt"]: match.status if match is not None else pl.lit(PASS, dtype=CODE),
        c["s"]: start,
        # time after ``on`` does not count; a spell with no end runs to ``on``
        c["e"]: pl.when(end.is_null() | (end > on)).then(on).otherwise(end),
    }
    # what an item needs: only for the items that may need something (see ``open``)
    undated = (mt == PASS) & s.is_null()
    lists = {
        c["n"]: pl.when(open_match)
        .then(wanted)
        .when(undated)
        .then(pl.concat_list([inner.full(rule.start_field)]))
        .otherwise(EMPTY),
    }
    items[c["v"]] = (mt == PASS) & s.is_not_null() & (s <= e)
    listed = pl.col(c["n"])
    gathered, gnull = gather_missing(pl.lit(True), listed)
    # the days, merged spells, first start and last end of the spells that count
    unions = {name: SpellUnion(pl.col(c["v"]), s, e)}
    # an item outside ``open`` names nothing: the three are the same over the open ones
    list_aggs = {
        f"{name}_und": ((listed.list.len() > 0) | listed.is_null()).any(),
        f"{name}_mis": gathered,
        f"{name}_mnull": gnull,
    }
    anys: dict[str, pl.Expr] = {}
    # whether an item names something, without its names where that is known from what
    # the match needs (an undated item names its start date): no text per item
    wanted_open = open_of(wanted)
    listed_columns = {n for n, _ in [*(inner.list_defs or []), *(inner.review_defs or [])]}
    if wanted_open is not None and not set(wanted_open.meta.root_names()) & listed_columns:
        del list_aggs[f"{name}_und"]
        anys[f"{name}_und"] = pl.when(open_match).then(wanted_open).otherwise(undated)
    defaults: dict[str, Any] = {
        f"{name}_tot": 0,
        f"{name}_cnt": 0,
        f"{name}_first": None,
        f"{name}_last": None,
        f"{name}_und": False,
        f"{name}_mis": [],
        f"{name}_mnull": False,
    }
    scope.steps.append(
        Step(
            name,
            coll,
            items,
            {},
            defaults,
            steps=inner.steps,
            anys=anys,
            unions=unions,
            named=[ItemNames(open_match | undated, item_lists(inner, lists), list_aggs)],
        )
    )
    out = {k: pl.col(f"{name}_{k}") for k in ("tot", "cnt", "first", "last", "und", "mis")}
    out["mis"] = (
        pl.when(pl.col(f"{name}_mnull")).then(pl.lit(None, dtype=NAMES)).otherwise(out["mis"])
    )
    return coll, out


def _there(at_least: bool, p: Period, leap: Any) -> tuple[Build, Hashable]:
    """The test of a case there all along, from its birth date ``b`` to the reference date
    ``r``, monotone in ``b`` (for :func:`date_test`), and what it tests."""

    def build(b: pl.Expr, r: pl.Expr) -> pl.Expr:
        anniversary = shift(b, p, str(leap))
        return anniversary <= r if at_least else r <= anniversary

    return build, ("time_spent_there", at_least, p, str(leap))


def _since(at_least: bool, p: Period, leap: Any) -> tuple[Build, Hashable]:
    """The test of a case from its arrival ``s`` to the reference date ``r`` (or the arrival,
    if after it), monotone in ``s``, and what it tests; null where either is null."""

    def build(s: pl.Expr, r: pl.Expr) -> pl.Expr:
        end = pl.when(s > r).then(s).otherwise(r)
        anniversary = shift(s, p, str(leap))
        return anniversary <= end if at_least else end <= anniversary

    return build, ("time_spent_since", at_least, p, str(leap))


def _spanned(sp: dict[str, pl.Expr], at_least: bool, p: Period, leap: Any) -> pl.Expr | None:
    """The test of a case's one merged spell, from its first start to its last end."""
    if not sp:
        return None
    anniversary = per_day(sp["first"], functools.partial(shift, p=p, leap_day=str(leap)))
    return anniversary <= sp["last"] if at_least else sp["last"] <= anniversary


@compiles(
    TimeSpent,
    "all_along",
    "birth",
    "since",
    "spells",
    "where",
    "start_field",
    "end_field",
    "days",
    "on",
    "at_least",
    "at_most",
    "months",
    "leap_day",
)
def _(rule: TimeSpent, scope: Scope) -> Compiled:
    on, need_on = scope.date(rule.on)
    months, miss_months = scope.const(rule.months)
    leap, miss_leap = scope.const(rule.leap_day)
    bounds: dict[str, Period] = {}
    unset: list[str] = []
    for bound in ("at_least", "at_most"):
        p, miss = scope.period(getattr(rule, bound))
        if miss:
            unset.append(miss)
        if p is not None:
            bounds[bound] = p
    if months is not MISSING and months not in MONTH_COUNTS:
        raise NotCompilable(f"month count {months!r}")
    if leap is not MISSING and leap not in LEAP_DAYS:
        raise NotCompilable(f"leap-day convention {leap!r}")
    # the engine's order: the bounds, the reference date, then the conventions
    if unset or miss_months or miss_leap:
        listed: list[tuple[pl.Expr, pl.Expr | str]] = [
            *((pl.lit(True), m) for m in unset),
            *need_on,
            *((pl.lit(True), m) for m in (miss_months, miss_leap) if m),
        ]
        return Compiled(pl.lit(UNKNOWN, dtype=CODE), names(listed))
    on_open: Flag = pl.any_horizontal([c for c, _ in need_on]) if need_on else False

    # each source the input lacks is null in every case: its branches are left out
    along = _typed(scope, rule.all_along, pl.Boolean())
    birth = _typed(scope, rule.birth, pl.Date()) if rule.all_along else None
    since = _typed(scope, rule.since, pl.Date())
    days = _typed(scope, rule.days, pl.Int64())
    coll, sp = _spells(rule, scope) if rule.spells else (None, {})
    spells_list = coll if sp else None
    if sp and scope.item is None and rule.spells is not None:
        # whether the list is given: read from its column, taken out of its record with
        # the record's other fields, not from the step's expression
        spells_list = scope.fact(rule.spells, as_field=True)[0]
    there = _column(scope, False if along is None else along.fill_null(False))
    by_since = _column(scope, _and(_not(there), _given(since)))
    # the engine's order: a total in days before the spells
    by_days = _and(_not(there), _null(since), _given(days))
    by_spells = _column(scope, _and(_not(there), _null(since), _null(days), _given(spells_list)))
    nothing = _column(scope, _and(_not(there), _null(since), _null(spells_list), _null(days)))
    no_birth = _column(scope, _and(there, _null(birth)))

    total: list[tuple[Flag, pl.Expr | None]] = [
        (there, None if birth is None else _days_between(on, birth)),
        (by_since, None if since is None else _days_between(_later(since, on), since)),
    ]
    single = _or(there, by_since)
    if sp:
        total.append((by_spells, sp["tot"]))
        single = _or(single, _and(by_spells, sp["cnt"] == 1))
    total.append((by_days, days))
    spent = _pick(total, pl.Int64())
    checks: list[pl.Expr] = []
    for bound, p in bounds.items():
        at_least = bound == "at_least"
        if months == "days30":
            needed: pl.Expr = pl.lit(p.years * 365 + p.months * 30 + p.days, dtype=pl.Int64())
        else:
            # the days the period spans back from the reference date: once per date
            needed = per_value(on, functools.partial(_days_back, p=p, leap=str(leap)), pl.Int64())
        by_total = spent >= needed if at_least else spent <= needed
        if months == "calendar" and single is not False:
            # against the reference date, a cut-off per distinct date; between a case's
            # first start and last end, a shift once per day
            there_test, since_test = _there(at_least, p, leap), _since(at_least, p, leap)
            from_birth = None if birth is None else date_test(scope, birth, on, *there_test)
            from_since = None if since is None else date_test(scope, since, on, *since_test)
            one_spell = _and(by_spells, sp["cnt"] == 1) if sp else False
            by_date = _pick(
                [
                    (there, from_birth),
                    (by_since, from_since),
                    (one_spell, _spanned(sp, at_least, p, leap)),
                ],
                pl.Boolean(),
            )
            by_total = (
                by_date if single is True else pl.when(single).then(by_date).otherwise(by_total)
            )
        checks.append(by_total)
    ok = pl.all_horizontal(checks) if checks else pl.lit(True)
    spells_open = _and(by_spells, sp["und"]) if sp else False

    # nothing given: every way the case could say it (the flag only when it is absent)
    ways: list[tuple[pl.Expr, pl.Expr | str]] = []
    if rule.all_along:
        ways.append((_expr(_null(along)), scope.full(rule.all_along)))
    for path in (rule.since, rule.spells, rule.days):
        if path:
            ways.append((pl.lit(True), scope.full(path)))
    unknown = _or(on_open, nothing, no_birth, spells_open)
    status = status_when([(_expr(unknown), UNKNOWN), (ok, PASS)], FAIL)
    branches: list[tuple[pl.Expr, pl.Expr]] = []
    head = names(need_on)
    if head is not None:
        branches.append((_expr(on_open), head))
    way_names = names(ways)
    if nothing is not False:
        branches.append((_expr(nothing), way_names if way_names is not None else EMPTY))
    if rule.all_along and no_birth is not False:
        birth_name = scope.full(rule.birth)
        text = name_text(birth_name)
        branches.append(
            (
                _expr(no_birth),
                fixed_names([text]) if text is not None else exact(pl.concat_list([birth_name])),
            )
        )
    if spells_open is not False:
        branches.append((_expr(spells_open), exact(sp["mis"])))
    return Compiled(status, chain(branches, EMPTY))
