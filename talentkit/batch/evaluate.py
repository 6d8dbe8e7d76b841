"""A programme's assessment over a frame of cases: compiled where possible, else the engine."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import operator
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from fractions import Fraction
from typing import Any, TypeVar, cast

import attrs
import numpy as np
import polars as pl

from talentkit import semantics
from talentkit.batch import tables
from talentkit.batch.arrays import from_numpy
from talentkit.batch.compile import (
    CODE,
    CODES,
    EMPTY,
    FAIL,
    HELD,
    NA,
    NAMES,
    PASS,
    REVIEW,
    UNKNOWN,
    WAIVED,
    Compiled,
    ItemNames,
    Line,
    NotCompilable,
    Scope,
    Step,
    apply_defs,
    chain,
    compile_rule,
    fields_read,
    is_,
    lines_of,
    lookup_of,
    merge,
    names,
    needed_defs,
    plugin_code,
    record,
    step_roots,
    then_names,
    union_of,
)
from talentkit.batch.cutoff import per_value
from talentkit.batch.flat import Held
from talentkit.batch.io import BatchError
from talentkit.batch.keyed import Lookup, lookup_columns, searchable
from talentkit.batch.narrow import narrowed
from talentkit.batch.queries import IN_MEMORY
from talentkit.batch.schema import field_column, plain_path
from talentkit.batch.union import PARTS
from talentkit.engine import Engine
from talentkit.facts import MISSING, FactSpec
from talentkit.funding import (
    Annual,
    Exclusion,
    External,
    Fixed,
    FundingItem,
    FundingResult,
    Instalments,
    Obligation,
    OneOff,
    PackageCap,
    PaidAfter,
    Percentage,
    PriorAward,
    Range,
    evaluate_funding,
)
from talentkit.hooks import HookFailed
from talentkit.money import ROUNDINGS, Money
from talentkit.params import ParameterStore
from talentkit.programme import Programme
from talentkit.results import Assessment, Verdict
from talentkit.rules import Check, Custom, Rule, Status
from talentkit.rules.context import Context, Shared
from talentkit.rules.refs import F
from talentkit.subjects import Profile
from talentkit.text import Text
from talentkit.workdays import WorkdayCalendar

RESULT_SCHEMA = pl.Schema(
    {
        "row": pl.Int64(),
        "subject_id": pl.String(),
        "programme": pl.String(),
        "verdict": pl.String(),
        "missing": NAMES,
        "review": NAMES,
        "failed": NAMES,
        "funding_total_fen": pl.Int64(),
        "funding_complete": pl.Boolean(),
        "funding_missing": NAMES,
    }
)
#: the verdict as a code (``screen_frame(codes=True)``): one of every verdict, in order
VERDICT_CODES = pl.Enum([v.value for v in Verdict])
FUNDING_COLUMNS = ("funding_total_fen", "funding_complete", "funding_missing")
#: the columns that say which case and programme a result row is about: always written
KEY_COLUMNS = ("row", "subject_id", "programme")
#: the columns a run may be asked for, in the order they are written
OUTPUT_COLUMNS = tuple(c for c in RESULT_SCHEMA.names() if c not in KEY_COLUMNS)
T = TypeVar("T")


def result_columns(asked: Iterable[str] | None) -> tuple[str, ...]:
    """The result columns ``asked`` for (all of them when None), in the order they are
    written; the key columns are always written and need not be named.

    :raises BatchError: naming a column that is not a result column (with the closest one)
    """
    if asked is None:
        return OUTPUT_COLUMNS
    names = [a.strip() for a in asked]
    for name in names:
        if name not in RESULT_SCHEMA:
            close = difflib.get_close_matches(name, RESULT_SCHEMA.names(), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise BatchError(
                f"unknown result column {name!r}{hint}; expected some of "
                + ", ".join(RESULT_SCHEMA.names())
            )
    return tuple(c for c in OUTPUT_COLUMNS if c in names)


def result_schema(columns: Collection[str] = OUTPUT_COLUMNS) -> pl.Schema:
    """The schema of the results with ``columns`` (and the key columns)."""
    return pl.Schema({k: t for k, t in RESULT_SCHEMA.items() if k in KEY_COLUMNS or k in columns})


#: the result columns of one name each (the others of text hold lists of names)
NAME_COLUMNS = ("programme", "verdict")


def coded_schema(columns: Collection[str], names: pl.DataType) -> pl.Schema:
    """:func:`result_schema` with each name (a programme id, a verdict, an item of a list)
    as a code of the categorical ``names``: :func:`evaluate` builds its results so, and
    they are gathered, joined and concatenated as integers; a cast gives the text once."""
    return pl.Schema(
        {
            k: pl.List(names) if t == NAMES else names if k in NAME_COLUMNS else t
            for k, t in result_schema(columns).items()
        }
    )


def chunk_names() -> pl.DataType:
    """A categorical type of its own for one chunk's names: its mapping of codes to names
    lives as long as the chunk's results, whatever names the chunk holds."""
    return pl.Categorical(pl.Categories.random(namespace="talentkit"))


@attrs.define
class RulePlan:
    rule: Rule
    compiled: Compiled | None
    reason: str = ""


@attrs.define
class ProgrammePlan:
    programme: Programme
    gate: Check | None
    rules: list[RulePlan]
    steps: list[Step]
    funding: pl.Expr  # the total of the compiled funding lines
    defs: list[tuple[str, pl.Expr]] = attrs.field(factory=list)
    list_defs: list[tuple[str, pl.Expr]] = attrs.field(factory=list)
    review_defs: list[tuple[str, pl.Expr]] = attrs.field(factory=list)
    rowwise: str = ""  # non-empty: the whole programme is assessed case by case
    funding_lines: list[LinePlan] = attrs.field(factory=list)  # lines evaluated case by case
    funding_hooks: str = ""  # non-empty: a plugin's funding hook computes the money
    funding_complete: pl.Expr | None = None  # true where every compiled line is determined
    #: the facts and ``param:`` keys the open compiled lines need (null: the engine says)
    funding_missing: pl.Expr | None = None
    #: the result columns computed (:func:`only_columns`: ``steps`` and ``defs`` hold only
    #: what they read)
    outputs: tuple[str, ...] = OUTPUT_COLUMNS

    @property
    def money(self) -> bool:
        """Whether the funding columns are computed (a funding hook's failure makes the
        case an error, so a programme whose money a hook computes always runs it)."""
        return bool(set(self.outputs) & set(FUNDING_COLUMNS)) or bool(self.funding_hooks)

    @property
    def fallback(self) -> dict[str, str]:
        """What runs case by case: ``*`` (everything), rule ids and ``funding:<line id>``."""
        if self.rowwise == FEW_CASES:  # (the run says so once, not per programme)
            return {}
        if self.rowwise:
            return {"*": self.rowwise}
        out = {r.rule.id: r.reason for r in self.rules if r.compiled is None}
        if self.funding_hooks:
            for d in self.programme.funding:
                if isinstance(d, FundingItem):
                    out[f"funding:{d.id}"] = self.funding_hooks
        out.update({f"funding:{line.item.id}": line.reason for line in self.funding_lines})
        return out


def case_by_case(plan: ProgrammePlan, facts: Mapping[str, FactSpec] | None = None) -> bool:
    """Whether the engine assesses every case of a chunk for some of ``plan``, on the
    case as parsed: the whole programme, a rule without a columnar form, or (the money
    asked for) a funding line or hook; not the cases a compiled plan sends it for their
    values, nor (given the declared ``facts``) a ``Custom`` predicate that reads the
    chunk's columns (:func:`reads_columns`)."""
    money = plan.money and bool(plan.funding_hooks or plan.funding_lines)
    return (
        bool(plan.rowwise)
        or money
        or any(
            rp.compiled is None
            and (facts is None or not reads_columns(rp.rule, plan.programme, facts))
            for rp in plan.rules
        )
    )


def reads_columns(rule: Rule, prog: Programme, facts: Mapping[str, FactSpec]) -> bool:
    """Whether ``rule``, evaluated case by case, is a ``Custom`` predicate called on the
    chunk's columns: every fact it reads is one whose column holds the values the
    engine reads (:func:`~talentkit.batch.schema.plain_path`), and no relaxation of
    ``prog`` may soften it (its condition is evaluated on every case, as the engine does)."""
    if type(rule) is not Custom or any(not r.rules or rule.id in r.rules for r in prog.relaxations):
        return False
    return all(plain_path(path, facts) for path in rule.facts)


@attrs.define
class LinePlan:
    """A funding line without a columnar form, with the exclusions that can name it."""

    item: FundingItem
    exclusions: list[Exclusion]
    reason: str
    caps: list[PackageCap] = attrs.field(factory=list)  # evaluated with its package


def _fake(rule: Rule) -> Check:
    return Check(rule_id=rule.id, status=Status.FAIL, text=rule.text or Text("", ""))


def _decided(decision: pl.Expr) -> pl.Expr:
    """The status a waiver's decision gives a failed soft rule: null for no decision (or
    one the builtin plugin does not know), which leaves the rule's own status."""
    return (
        pl.when(decision == "approved")
        .then(pl.lit(WAIVED, dtype=CODE))
        .when(decision == "pending")
        .then(pl.lit(REVIEW, dtype=CODE))
        .when(decision == "declined")
        .then(pl.lit(FAIL, dtype=CODE))
    )


def _soften(
    prog: Programme,
    rule: Rule,
    c: Compiled,
    relax: list[tuple[Compiled, Text]],
    scope: Scope,
    ctx: Context,
) -> Compiled:
    """The builtin plugin's treatment of a failed rule: waiver decision, then relaxation."""
    failed = c.status == FAIL
    status = c.status
    review = c.review if c.review is not None else EMPTY
    branches: list[tuple[pl.Expr, pl.Expr]] = []  # (condition, review)
    # the status where a branch holds, in the branches' order
    st: Any = pl
    if rule.soft:
        decision = scope.keyed("waivers", rule.id, "decision")
        # the status each decision gives, decided once per distinct text of the chunk's
        # decisions (a few, mostly none), not by comparing every case's text three times
        decided = scope.column(per_value(decision, _decided, CODE))
        # a decision's status where the rule fails (approved: waived, pending: review,
        # declined: fail), one branch for the three of its review lists
        st = st.when(failed & decided.is_not_null()).then(decided)
        branches += [
            (failed & (decided == WAIVED), review),
            (failed & (decided == REVIEW), then_names(review, [semantics.PENDING.zh])),
            (failed & (decided == FAIL), review),
        ]
    for when, text in relax:
        relaxed = Check(rule_id="", status=Status.PASS, text=text)
        extra = [
            t.zh
            for t in semantics.soften(
                prog, attrs.evolve(rule, soft=False), _fake(rule), ctx, relaxed
            ).review
        ]
        cond = failed & (when.status == PASS)
        st = st.when(cond).then(pl.lit(REVIEW, dtype=CODE))
        branches.append((cond, then_names(review, extra)))
    if not branches:
        return c
    return Compiled(st.otherwise(status), c.missing, chain(branches, review))


# a payment condition (PaidAfter) changes when a line is paid, not what is granted: a
# pending line counts in the total and in completeness as in the engine
_ITEM = (
    "id",
    "cite",
    "text",
    "payee",
    "schedule",
    "tax",
    "condition",
    "prior_award",
    "paid_after",
)
FUNDING_HANDLED: dict[type, frozenset[str]] = {
    Fixed: frozenset({*_ITEM, "amount"}),
    External: frozenset({*_ITEM, "reference", "amount"}),
    Range: frozenset({*_ITEM, "low", "high", "decided"}),
    Percentage: frozenset({*_ITEM, "base", "rate", "cap", "prior", "rounding"}),
    Exclusion: frozenset({"id", "cite", "text", "when", "excludes"}),
    # obligations do not change the total
    Obligation: frozenset(f.name for f in attrs.fields(Obligation)),
    OneOff: frozenset({"when"}),
    Annual: frozenset({"years", "start", "gate"}),
    Instalments: frozenset({"years", "start", "gate", "rounding"}),
    PriorAward: frozenset({"received", "mode"}),
    PaidAfter: frozenset({"event", "text", "cite", "leap_day"}),
    PackageCap: frozenset({"id", "cite", "text", "items", "cap", "condition"}),
}
"""For each funding declaration (and schedule, top-up) class, the fields the compiled
funding total handles; any other class or field sends the total to the engine."""


def _declared(*parts: Any) -> None:
    for part in parts:
        if part is None:
            continue
        known = FUNDING_HANDLED.get(type(part))
        if known is None or {f.name for f in attrs.fields(type(part))} - known:
            raise NotCompilable(f"{type(part).__name__} has fields with no columnar form")


def _funding(
    prog: Programme, scope: Scope
) -> tuple[pl.Expr, pl.Expr, pl.Expr | None, list[LinePlan]]:
    """The total of the lines that compile, whether each of them is determined (as
    :func:`talentkit.funding.evaluate_funding` says ``complete``), what the open ones need,
    and the lines that are evaluated case by case (one line without a columnar form leaves
    the others compiled; a package cap's lines compile or not together)."""
    exclusions = [d for d in prog.funding if isinstance(d, Exclusion)]
    caps = [d for d in prog.funding if isinstance(d, PackageCap)]
    items = [d for d in prog.funding if isinstance(d, FundingItem)]
    # each line's (amount, determined, needs, where they are named), by its id; added up
    # in the programme's order, as the engine lists them
    compiled: dict[str, tuple[pl.Expr, pl.Expr, pl.Expr, pl.Expr]] = {}
    rowwise: dict[str, LinePlan] = {}

    def mine(d: FundingItem) -> list[Exclusion]:
        return [e for e in exclusions if d.id in e.excludes]

    # a line in two packages is capped by both in turn: left to the engine, with them
    shared = {i for c in caps for i in c.items if sum(i in o.items for o in caps) > 1}
    for cap in caps:
        lines = [d for d in items if d.id in cap.items]
        if shared & set(cap.items):
            reason = f"PackageCap: {cap.id} shares a line with another package"
        else:
            try:
                built = _attempt(
                    scope,
                    lambda cap=cap, lines=lines: _package(cap, lines, mine, scope),  # type: ignore[misc]
                )
            except NotCompilable as exc:
                reason = f"PackageCap: in the package {cap.id}: {exc}"
            else:
                compiled.update(built)
                continue
        for d in lines:
            if d.id not in rowwise:
                capping = [c for c in caps if d.id in c.items]
                rowwise[d.id] = LinePlan(d, mine(d), reason, capping)
    for d in items:
        if d.id in compiled or d.id in rowwise:
            continue
        try:
            line = _attempt(scope, lambda d=d: _line(d, mine(d), scope))  # type: ignore[misc]
        except NotCompilable as exc:
            rowwise[d.id] = LinePlan(d, mine(d), f"{type(d).__name__}: {exc}")
            continue
        compiled[d.id] = (line.value, line.known, line.need, ~line.known.fill_null(False))
    total: pl.Expr = pl.lit(0, dtype=pl.Int64())
    known: list[pl.Expr] = []
    needs: list[tuple[pl.Expr, pl.Expr | None]] = []
    for d in items:
        if d.id in compiled:
            value, ok, need, named = compiled[d.id]
            total = total + value
            known.append(ok)
            needs.append((named, need))
    complete = pl.all_horizontal(known).fill_null(False) if known else pl.lit(True)
    return total, complete, merge(needs), [rowwise[d.id] for d in items if d.id in rowwise]


def _package(
    cap: PackageCap,
    lines: Sequence[FundingItem],
    exclusions: Callable[[FundingItem], list[Exclusion]],
    scope: Scope,
) -> dict[str, tuple[pl.Expr, pl.Expr, pl.Expr, pl.Expr]]:
    """The package's lines (amount, determined, needs, where they are named), as after
    :func:`talentkit.funding._package_cap`: where its condition holds, no line of it is
    undetermined and the sum of its granted amounts is over the cap, every granted line
    is *invalid*: not in the total, the money not complete, and nothing it needs named
    (a granted line's needs are named nowhere: it was determined). The others are not
    paid, so nothing of theirs counts either way; and over a cap (never below 0) one line
    at least is granted, so the money is not complete whatever they are. A cap the
    operator has not set decides nothing, as an undetermined condition."""
    _declared(cap)
    built = {d.id: _line(d, exclusions(d), scope) for d in lines}
    named = {i: ~x.known.fill_null(False) for i, x in built.items()}
    limit, miss = scope.const(cap.cap)
    if miss or not built:
        return {i: (x.value, x.known, x.need, named[i]) for i, x in built.items()}
    applies = pl.lit(True)
    if cap.condition is not None:
        applies = compile_rule(cap.condition, scope).status == PASS
    undetermined = pl.any_horizontal(x.open for x in built.values())
    # in 128 bits: several 64-bit amounts may add up beyond them
    added = pl.sum_horizontal(x.value.cast(pl.Int128()) for x in built.values())
    over = scope.define((applies & ~undetermined & (added > _fen(limit))).fill_null(False))
    assert over is not None
    return {
        i: (
            pl.when(over).then(pl.lit(0, dtype=pl.Int64())).otherwise(x.value),
            x.known & ~over,
            x.need,
            named[i],
        )
        for i, x in built.items()
    }


@attrs.frozen
class LineColumns:
    """One funding line compiled, over all its payments (:func:`_line`)."""

    #: the determined amount (0 when undetermined or not paid)
    value: pl.Expr
    #: determined, or not paid (excluded, or its condition does not hold)
    known: pl.Expr
    #: where not known, the facts and ``param:`` keys it needs (empty: invalid, not
    #: undetermined; null: the engine names them)
    need: pl.Expr
    #: undetermined (neither known nor invalid): a package with such a line is not capped
    open: pl.Expr


def _line(d: FundingItem, exclusions: Sequence[Exclusion], scope: Scope) -> LineColumns:
    """One line, as :func:`talentkit.funding.evaluate_funding` gives its payment lines."""
    _declared(d, d.schedule, d.prior_award, d.paid_after, *exclusions)
    excluded = [compile_rule(e.when, scope).status == PASS for e in exclusions]
    amount, need = _amount(d, scope)
    invalid = _out_of_range(d, amount, scope)
    if d.prior_award is not None:
        before = amount
        amount, prior_need = _less_prior(d.prior_award, amount, scope)
        need = pl.when(before.is_null()).then(need).otherwise(prior_need)
        mode, miss = scope.const(d.prior_award.mode)
        if not miss and mode not in semantics.PRIOR_MODES:  # (a mode no reading knows)
            invalid = invalid | before.is_not_null()
    known = amount.is_not_null()
    open_ = ~known & ~invalid
    lines = 1
    if isinstance(d.schedule, Instalments | Annual):
        # the instalments add up to the total exactly
        years, miss = scope.const(d.schedule.years)
        if miss:  # the engine names the start date too, when it is open
            amount, known, open_ = pl.lit(None, dtype=pl.Int64()), pl.lit(False), pl.lit(True)
            need = pl.lit(None, dtype=NAMES)
        elif isinstance(d.schedule, Annual) and not int(years):
            # no year paid (an operator's 0): no line, so nothing its amount or start needs
            lines, amount, known, need = 0, pl.lit(0, dtype=pl.Int64()), pl.lit(True), EMPTY
        else:
            if isinstance(d.schedule, Annual):
                lines = int(years)
            # an open start date leaves the amounts standing, but an open line names it
            _start, open_start = scope.date(d.schedule.start)
            dated = names(open_start)
            if dated is not None:
                need = union_of([need, dated])
    value = (amount * lines).fill_null(0)
    if excluded:
        out = pl.any_horizontal(excluded)
        value = pl.when(out).then(0).otherwise(value)
        known = out | known
        open_ = ~out & open_
    if d.condition is not None:
        c = compile_rule(d.condition, scope)
        cond = c.status
        value = pl.when(cond == PASS).then(value).otherwise(0)
        known = is_(cond, FAIL, NA) | ((cond == PASS) & known)
        open_ = pl.when(cond == PASS).then(open_).otherwise(~is_(cond, FAIL, NA))
        need = (
            pl.when(cond == PASS)
            .then(need)
            .otherwise(c.missing if c.missing is not None else EMPTY)
        )
    return LineColumns(value, known, need, open_)


def _out_of_range(d: FundingItem, amount: pl.Expr, scope: Scope) -> pl.Expr:
    """Where ``d``'s amount is invalid, returned to the proposer: a decided amount outside
    its range (:func:`_amount` leaves it null while the decided amount is given)."""
    if not isinstance(d, Range):
        return pl.lit(False)
    bounds = [scope.const(b) for b in (d.low, d.high) if b is not None]
    decided, dtype = scope.fact(d.decided)
    if any(miss for _, miss in bounds) or dtype not in (pl.Int64(), pl.Null()):
        return pl.lit(False)
    return decided.is_not_null() & amount.is_null()


def _attempt(scope: Scope, build: Callable[[], T]) -> T:
    """``build()``; when it gives up, drop what it defined in ``scope`` before it did."""
    mark = (
        len(scope.defs),
        len(scope.list_defs or []),
        len(scope.steps),
        len(scope.cache),
        len(scope.review_defs or []),
        len(scope.compiled),
    )
    try:
        return build()
    except NotCompilable:
        del scope.defs[mark[0] :]
        if scope.list_defs is not None:
            del scope.list_defs[mark[1] :]
        if scope.review_defs is not None:
            del scope.review_defs[mark[4] :]
        del scope.steps[mark[2] :]
        # in place: the programmes of a run share these. Entries are only ever added
        # (each under a key it did not have), in order: the ones added since the mark go
        for added in list(scope.cache)[mark[3] :]:
            del scope.cache[added]
        for added in list(scope.compiled)[mark[5] :]:
            del scope.compiled[added]
        raise


NONE = pl.lit(None, dtype=pl.Int64())
UNNAMED = pl.lit(None, dtype=NAMES)  # the engine names what is open


def _needs(*parts: tuple[pl.Expr, pl.Expr | str] | str | None) -> pl.Expr:
    """The names of a line's open inputs: constant ``param:`` keys, then per-case facts."""
    listed = [(pl.lit(True), p) if isinstance(p, str) else p for p in parts if p is not None]
    return names(listed) if listed else EMPTY  # type: ignore[return-value]


def _amount(d: FundingItem, scope: Scope) -> tuple[pl.Expr, pl.Expr]:
    """The line's amount in fen (null: not determined) and, where it is null, the names
    of what it needs (as :func:`talentkit.funding._amount` gives them)."""
    if isinstance(d, External) and isinstance(d.amount, F):
        decided, dtype = scope.fact(d.amount.path)
        if dtype not in (pl.Int64(), pl.Null()):
            return NONE, UNNAMED
        return decided.cast(pl.Int64()), _needs((decided.is_null(), scope.full(d.amount.path)))
    if isinstance(d, (Fixed, External)):
        v, miss = scope.const(d.amount)
        return (NONE, _needs(miss)) if miss else (pl.lit(_fen(v), dtype=pl.Int64()), EMPTY)
    if isinstance(d, Range):
        low, m1 = scope.const(d.low) if d.low is not None else (None, None)
        high, m2 = scope.const(d.high)
        decided, dtype = scope.fact(d.decided)
        if dtype not in (pl.Int64(), pl.Null()):
            return NONE, UNNAMED
        need = _needs(m1, m2, (decided.is_null(), scope.full(d.decided)))
        if m1 or m2:
            return NONE, need
        ok = (
            decided <= _fen(high)
            if low is None
            else (decided >= _fen(low)) & (decided <= _fen(high))
        )
        # outside the range: invalid, returned to the proposer (nothing is open)
        return pl.when(ok).then(decided.cast(pl.Int64())), need
    if isinstance(d, Percentage):
        rate, m1 = scope.const(d.rate)
        rounding, m3 = scope.const(d.rounding)
        cap, m2 = scope.const(d.cap) if d.cap is not None else (None, None)
        base, bdt = scope.fact(d.base)
        if bdt not in (pl.Int64(), pl.Null()):
            return NONE, UNNAMED
        if d.prior:
            prior, pdt = scope.fact(d.prior)
            if pdt not in (pl.Int64(), pl.Null()):
                raise NotCompilable("prior amount")
            prior = prior.cast(pl.Int64())
        else:
            prior = pl.lit(0, dtype=pl.Int64())
        need = _needs(
            m1,
            m3,
            m2,
            (base.is_null(), scope.full(d.base)),
            *([(prior.is_null(), scope.full(d.prior))] if d.prior else []),
        )
        if m1 or m2 or m3:
            return NONE, need
        rate = Fraction(rate)
        if max(abs(rate.numerator), rate.denominator) >= 2**63:
            raise NotCompilable("a rate beyond 64-bit integers")
        if rounding not in ROUNDINGS:
            raise NotCompilable(f"rounding {rounding!r}")
        # the product is formed in 128 bits: fen × numerator may exceed 64 bits
        computed: pl.Expr = semantics.share_of(base.cast(pl.Int128()), rate, rounding).cast(
            pl.Int64()
        )
        amount = computed
        if cap is not None:
            amount = semantics.capped(computed, _fen(cap), prior, _max, _min)
        # a missing base or prior leaves the line open
        return pl.when(computed.is_null() | prior.is_null()).then(None).otherwise(amount), need
    raise NotCompilable(type(d).__name__)


def _fen(value: Any) -> int:
    if not isinstance(value, Money):
        raise NotCompilable(f"an amount that is not money: {value!r}")
    return value.fen


def _strict(
    first: Callable[[pl.Expr, pl.Expr], pl.Expr],
) -> Callable[[pl.Expr | int, pl.Expr | int], pl.Expr]:
    """The greater or the lesser of two amounts (``first(x, y)``: whether ``x`` is the one),
    unknown where either is. A comparison, not polars' horizontal maximum or minimum: over
    a column with nulls those take a slow path (several times the cost, per row)."""

    def both(a: pl.Expr | int, b: pl.Expr | int) -> pl.Expr:
        x, y = (pl.lit(v, dtype=pl.Int64()) if isinstance(v, int) else v for v in (a, b))
        return (
            pl.when(x.is_null() | y.is_null())
            .then(pl.lit(None, dtype=pl.Int64()))
            .otherwise(pl.when(first(x, y)).then(x).otherwise(y))
        )

    return both


_max = _strict(operator.ge)
_min = _strict(operator.le)


def _less_prior(p: PriorAward, amount: pl.Expr, scope: Scope) -> tuple[pl.Expr, pl.Expr]:
    """The amount after earlier awards for the same object (null: not determined), and
    what it needs where the amount was determined before."""
    mode, miss = scope.const(p.mode)
    if miss:
        return NONE, _needs(miss)
    if mode not in semantics.PRIOR_MODES:
        return NONE, EMPTY  # invalid: not in the total, nothing open
    if mode == "cumulative":
        return amount, EMPTY
    prior, dtype = scope.fact(p.received)
    if dtype not in (pl.Int64(), pl.Null()):
        raise NotCompilable("prior award amount")
    paid: pl.Expr = semantics.less_prior(amount, prior.cast(pl.Int64()), mode, _max)
    return paid, _needs((prior.is_null(), scope.full(p.received)))


def shared_scope(
    engine: Engine, *, schema: pl.Schema, store: ParameterStore, as_of: dt.date
) -> Scope:
    """The scope the programmes of one run are compiled into: one set of steps and
    columns, so a lookup, a list's explosion or a rule they share is computed once."""
    return Scope(
        schema=schema,
        facts=engine.registry.facts,
        store=store,
        as_of=as_of,
        reference=(),
        profile_for_text=Profile(),
        list_defs=[],
        review_defs=[],
    )


#: the reason an uncompiled plan (:func:`uncompiled_plan`) runs case by case
FEW_CASES = "few cases: assessed by the engine, no plan compiled"


def uncompiled_plan(prog: Programme, store: ParameterStore, as_of: dt.date) -> ProgrammePlan:
    """``prog``'s plan for a run of few cases (:mod:`talentkit.batch.few`): every case
    assessed by the engine, nothing compiled."""
    gate = semantics.in_force(prog, store, as_of)
    return ProgrammePlan(prog, gate, [], [], pl.lit(None, dtype=pl.Int64()), rowwise=FEW_CASES)


def _assessed_whole(engine: Engine, prog: Programme) -> str:
    """Why the engine assesses ``prog`` as a whole, case by case ("": it need not): a
    plugin's eligibility hook (its checks exist only case by case), or a plugin's code
    its scores run, a score hook or a score item's predicate. The engine scores every
    case it assesses, and a failure there makes the assessment an error, which the
    batch's columns, holding no scores, would not show."""
    for hook, what in (("talentkit_eligibility", "eligibility"), ("talentkit_score", "score")):
        others = engine.hooks.implementers(hook, prog)
        if others:
            return f"{what} hook of {', '.join(others)}"
    for item in prog.scoring:
        found = None if item.rule is None else plugin_code(item.rule)
        if found is not None:
            return f"score item {item.id}: {found}"
    return ""


def plan_programme(
    engine: Engine,
    prog: Programme,
    *,
    schema: pl.Schema,
    store: ParameterStore,
    as_of: dt.date,
    shared: Scope | None = None,
) -> ProgrammePlan:
    """``prog`` compiled; into ``shared`` (see :func:`shared_scope`) when given, then the
    plan's ``steps`` and ``defs`` are those of every programme compiled into it."""
    base = shared or shared_scope(engine, schema=schema, store=store, as_of=as_of)
    # same lists, cache and counter as ``base``: only the reference dates are the programme's
    scope = attrs.evolve(base, reference=prog.reference)
    ctx = Context(profile=Profile(), as_of=as_of, params=store, reference=prog.reference)
    gate = semantics.in_force(prog, store, as_of)
    rowwise = _assessed_whole(engine, prog)
    if rowwise:  # a plugin's own checks (or a wrapper's changes) exist only case by case
        return ProgrammePlan(prog, gate, [], [], pl.lit(None, dtype=pl.Int64()), rowwise=rowwise)
    relax: list[tuple[Compiled, Text, tuple[str, ...]]] = []
    relax_ok = True
    for r in prog.relaxations:
        try:
            relax.append((compile_rule(r.when, scope), r.when.text or r.when.describe(), r.rules))
        except NotCompilable:
            relax_ok = False
    plans: list[RulePlan] = []
    for rule in prog.rules:
        mine = [(c, t) for c, t, ids in relax if not ids or rule.id in ids]

        def build(rule: Rule = rule, mine: list[tuple[Compiled, Text]] = mine) -> Compiled:
            if not relax_ok and any(not r.rules or rule.id in r.rules for r in prog.relaxations):
                raise NotCompilable("a relaxation condition has no columnar form")
            plain = compile_rule(rule, scope)
            soft = _soften(prog, rule, plain, mine, scope, ctx)
            if soft is plain:
                return plain
            # a column: the verdict, the failed rules and each list entry read it
            status = scope.define(soft.status)
            assert status is not None
            return Compiled(status, soft.missing, scope.define(soft.review, "review"))

        try:
            plans.append(RulePlan(rule, _attempt(scope, build)))
        except NotCompilable as exc:
            plans.append(RulePlan(rule, None, f"{type(rule).__name__}: {exc}"))
    total, complete, open_needs, lines = (
        _funding(prog, scope)
        if prog.funding
        else (pl.lit(None, dtype=pl.Int64()), pl.lit(True), None, [])
    )
    hooks = engine.hooks.implementers("talentkit_funding", prog) if prog.funding else []
    return ProgrammePlan(
        prog,
        gate,
        plans,
        scope.steps,
        total,
        scope.defs,
        scope.list_defs or [],
        scope.review_defs or [],
        funding_lines=[] if hooks else lines,
        funding_hooks="funding hook of " + ", ".join(hooks) if hooks else "",
        funding_complete=complete,
        funding_missing=open_needs,
    )


# --- evaluation ---------------------------------------------------------------------------

ProfileAt = Callable[[int], Profile]


class CaseShares:
    """What the engine's assessments of a case share (:meth:`Engine.case_shared`), for
    the programmes assessed case by case: the values kept per date and parameter set, and
    (``keep``) the checks of the rules another programme of the case evaluated, as
    :meth:`Engine.assess` shares them. Without them each assessment prepared its programme
    and rendered its texts afresh: 5–8 ms a case for the 32 programmes of a Shaanxi
    person, 2–2.5 ms with them. A case's shared checks hold its assessments' contexts, so
    ``keep`` is for a chunk of few cases (:data:`KEPT_CASES`); otherwise each assessment's
    are dropped after it."""

    def __init__(self, engine: Engine, store: ParameterStore, as_of: dt.date, keep: bool) -> None:
        self.engine, self.store, self.as_of, self.keep = engine, store, as_of, keep
        self._kept: dict[int, tuple[Profile, Shared]] = {}

    def of(self, profile: Profile) -> Shared:
        """The shared values of ``profile``'s assessment (the same object for each of its
        programmes, when kept)."""
        if not self.keep:
            return self.engine.case_shared(self.store, self.as_of)
        hit = self._kept.get(id(profile))
        if hit is None or hit[0] is not profile:
            made = self.engine.case_shared(self.store, self.as_of)
            hit = self._kept[id(profile)] = (profile, made)
        return hit[1]

    def done(self, shared: Shared) -> None:
        """One assessment made with ``shared``: its checks dropped unless kept."""
        if not self.keep:
            shared.checks.clear()

    def close(self) -> None:
        """The chunk assessed: every kept case's checks dropped."""
        for _, shared in self._kept.values():
            shared.checks.clear()
        self._kept.clear()


#: a chunk of at most this many cases keeps each case's shared checks for all its
#: programmes (see :class:`CaseShares`): a run of few cases is at most two hundred
KEPT_CASES = 1000


def _rowwise_rule(
    plan: ProgrammePlan,
    rp: RulePlan,
    frame: pl.DataFrame,
    profile_at: ProfileAt,
    store: ParameterStore,
    as_of: dt.date,
    assume_calendar: bool = False,
    facts: Mapping[str, FactSpec] | None = None,
) -> tuple[list[pl.Series], pl.Series]:
    """The status, missing names and review texts of a rule the plan evaluates case by
    case, and the cases where evaluating it raised: the engine assesses those, as it
    assesses a case alone (a plugin's failure is the assessment's error, naming the
    plugin; an error about the input or the calendar reaches the run, which sets a case
    outside the calendar aside).

    A ``Custom`` predicate over facts whose columns hold the values the engine reads
    (:func:`_predicate_values`) is called on them, not on each case parsed again from its
    row: a row cost 0.4 ms of parsing, a chunk's cases not kept."""
    prog = plan.programme
    n = frame.height
    st: list[int] = []
    mis: list[list[str]] = []
    rev: list[list[str]] = []
    raised = [False] * n
    read = _predicate_values(rp.rule, prog, frame, facts)
    for i in range(n):
        if read is not None:
            decided = _predicate(cast(Custom, rp.rule), read, i)
            if decided is RAISED:
                raised[i] = True
            if decided is not None:  # (a failure the text may soften: as below)
                st.append(decided[0])
                mis.append(decided[1])
                rev.append([])
                continue
        ctx = Context(
            profile=profile_at(i),
            as_of=as_of,
            params=store,
            calendar=WorkdayCalendar(assume_unknown_years=assume_calendar),
            reference=prog.reference,
        )
        try:
            relaxed = semantics.relaxation_for(prog, rp.rule.id, ctx)
            check = rp.rule.evaluate(ctx)
            if check.status is Status.FAIL:
                check = semantics.soften(prog, rp.rule, check, ctx, relaxed)
        except Exception:
            raised[i] = True
            st.append(CODES[Status.UNKNOWN])  # (the engine's assessment replaces the case's)
            mis.append([])
            rev.append([])
            continue
        st.append(CODES[check.status])
        mis.append(list(check.missing))
        rev.append([t.zh for t in check.review])
    columns = [
        pl.Series(f"__rw_{rp.rule.id}_st", st, dtype=CODE),
        pl.Series(f"__rw_{rp.rule.id}_m", mis, dtype=NAMES),
        pl.Series(f"__rw_{rp.rule.id}_r", rev, dtype=NAMES),
    ]
    return columns, pl.Series(raised, dtype=pl.Boolean())


#: a predicate that raised: the engine assesses the case (:func:`_predicate`)
RAISED: tuple[int, list[str]] = (CODES[Status.UNKNOWN], [])


def _predicate_values(
    rule: Rule, prog: Programme, frame: pl.DataFrame, facts: Mapping[str, FactSpec] | None
) -> list[list[Any]] | None:
    """The values of a ``Custom`` rule's facts, fact by fact and case by case, read from
    ``frame`` where each column holds the very values the engine reads
    (:func:`~talentkit.batch.schema.plain_path`; null: missing); None where the rule is
    evaluated on the case (another class, a fact of another kind or that the frame does
    not hold as a column, a relaxation that may soften it)."""
    if facts is None or not reads_columns(rule, prog, facts):
        return None
    out = []
    for path in cast(Custom, rule).facts:
        column, followed = field_column(frame, path)
        if column is None or not followed:
            return None
        out.append(column.to_list())
    return out


def _predicate(rule: Custom, read: list[list[Any]], i: int) -> tuple[int, list[str]] | None:
    """What :meth:`Custom.run` decides on case ``i`` (its facts' values ``read``): the
    status's code and the missing facts; :data:`RAISED` when the predicate raises or
    answers other than True, False or None; None for a failure of a soft rule, whose
    waiver the case may hold (decided on the case)."""
    values = {p: (MISSING if read[j][i] is None else read[j][i]) for j, p in enumerate(rule.facts)}
    missing = list(dict.fromkeys(p for p, v in values.items() if v is MISSING))
    if missing:
        return CODES[Status.UNKNOWN], missing
    try:
        status = {True: Status.PASS, False: Status.FAIL, None: Status.UNKNOWN}[
            rule.predicate(values)
        ]
    except Exception:
        return RAISED
    if status is Status.FAIL and rule.soft:
        return None
    return CODES[status], []


def assessment_row(a: Assessment) -> dict[str, Any]:
    return {
        "verdict": a.verdict.value,
        "missing": list(a.missing),
        "review": [t.zh for t in a.review],
        "failed": list(a.failed),
        "funding_total_fen": a.funding.total.fen if a.funding is not None else None,
        "funding_complete": a.funding.complete if a.funding is not None else None,
        "funding_missing": list(
            dict.fromkeys(
                m
                for line in (a.funding.lines if a.funding is not None else ())
                if line.status == "undetermined"
                for m in line.missing
            )
        ),
    }


def verdict_of(statuses: Sequence[pl.Expr], dtype: pl.DataType | None = None) -> pl.Expr:
    """A programme's verdict from its checks' statuses (:data:`semantics.VERDICTS`) in
    one expression: the least code (codes are numbered in the verdict's order, see
    :data:`~talentkit.batch.compile.CODES`) and its verdict (as text, or as ``dtype``, a
    categorical)."""
    varies = any(s.meta.root_names() for s in statuses)
    return _by_code(_worst(statuses), varies, dtype or pl.String())


def _worst(statuses: Sequence[pl.Expr]) -> pl.Expr | None:
    """The least code of ``statuses``, the one that decides the verdict (None: no
    status)."""
    return pl.min_horizontal(statuses) if statuses else None


def _by_code(worst: pl.Expr | None, varies: bool, dtype: pl.DataType) -> pl.Expr:
    """The verdict of the least code ``worst`` (see :func:`verdict_of`); ``varies``: one
    code per case (a status reads a column)."""
    if worst is None:
        return pl.lit(Verdict.ELIGIBLE.value, dtype=dtype)
    if varies:
        # (a lookup by position: about three times faster than replace_strict)
        return pl.lit(pl.Series(BY_CODE, dtype=dtype)).gather(worst)
    every = list(range(len(BY_CODE)))
    return worst.replace_strict(every, BY_CODE, return_dtype=pl.String()).cast(dtype)


def _verdicts_by_code() -> list[str | None]:
    deciding = dict(semantics.VERDICTS)
    out: list[str | None] = [None] * (max(CODES.values()) + 1)  # (a number no status has)
    for status, at in CODES.items():
        out[at] = deciding.get(status, Verdict.ELIGIBLE).value
    return out


#: the verdict of each code as the least of a programme's statuses (the codes
#: :func:`kept_ranks` computes), by code
BY_CODE = _verdicts_by_code()
#: the least code of a programme without a check: pass, and the verdict eligible
NO_CHECK = CODES[Status.PASS]


@attrs.frozen
class _Prepared:
    """What :func:`evaluate` computes of a plan whatever the chunk: built once per plan
    (the expressions of a programme's lists cost more to build than a small chunk's
    evaluation)."""

    parts: list[tuple[str, Compiled]]  # the gate's, then each rule's (its columns when row-wise)
    worst: pl.Expr | None  # the least code of the statuses (:func:`verdict_of`)
    varies: bool
    failed: list[pl.Expr]  # the failed rules' bit mask words (:func:`failed_ids`)
    #: missing names and review texts: (column, cases open, defined columns, list, needs)
    lists: list[tuple[str, pl.Expr, list[tuple[str, pl.Expr]], pl.Expr | None, list[pl.Expr]]]
    #: per list computed exactly: the defined columns it needs and the columns they read
    exact: dict[str, tuple[list[tuple[str, pl.Expr]], set[str]]]


#: a store of values kept per tuple of objects (:func:`kept_for`)
Kept = dict[tuple[int, ...], tuple[tuple[Any, ...], T]]


def kept_for(store: Kept[T], owners: tuple[Any, ...], build: Callable[[], T], limit: int) -> T:
    """``build()``, kept in ``store`` for ``owners`` (by identity: they are held with it,
    so their ids are not reused while it is kept); the store is emptied when it holds
    ``limit`` values, so a long-running service keeps its latest runs' only."""
    key = tuple(map(id, owners))
    hit = store.get(key)
    if hit is not None and all(a is b for a, b in zip(hit[0], owners, strict=True)):
        return hit[1]
    value = build()
    if len(store) >= limit:
        store.clear()
    store[key] = (owners, value)
    return value


#: each plan's :class:`_Prepared`
_PREPARED: Kept[_Prepared] = {}


def _prepared(plan: ProgrammePlan) -> _Prepared:
    return kept_for(_PREPARED, (plan,), lambda: _prepare(plan), 256)


def _prepare(plan: ProgrammePlan) -> _Prepared:
    parts: list[tuple[str, Compiled]] = []
    if plan.gate is not None:
        gm = list(plan.gate.missing)
        parts.append(
            (
                "core.in_force",
                Compiled(
                    pl.lit(CODES[plan.gate.status], dtype=CODE),
                    pl.lit(gm, dtype=NAMES) if gm else None,
                ),
            )
        )
    for rp in plan.rules:
        if rp.compiled is not None:
            parts.append((rp.rule.id, rp.compiled))
            continue
        key = f"__rw_{rp.rule.id}"
        parts.append(
            (rp.rule.id, Compiled(pl.col(f"{key}_st"), pl.col(f"{key}_m"), pl.col(f"{key}_r")))
        )
    ss = [c.status for _, c in parts]
    lists = []
    for col, code, defs in (
        ("missing", UNKNOWN, plan.list_defs),
        ("review", REVIEW, plan.review_defs),
    ):
        if col not in plan.outputs:
            continue
        pairs = [(s, getattr(c, col)) for s, (_, c) in zip(ss, parts, strict=True)]
        expr = merge([(s == code, e) for s, e in pairs])
        need = [(s == code) & e.is_null() for s, e in pairs if e is not None]
        open_: pl.Expr = pl.any_horizontal([s == code for s in ss]) if ss else pl.lit(False)
        lists.append((col, open_, defs, expr, need))
    return _Prepared(
        parts=parts,
        worst=_worst(ss),
        varies=any(s.meta.root_names() for s in ss),
        failed=bit_words([s == FAIL for s in ss], "__failed") if "failed" in plan.outputs else [],
        lists=lists,
        exact={},
    )


def _exact(
    prepared: _Prepared,
    col: str,
    defs: list[tuple[str, pl.Expr]],
    exprs: list[pl.Expr],
) -> tuple[list[tuple[str, pl.Expr]], set[str]]:
    """The defined columns a list computed exactly needs (of ``defs``, for ``exprs``: the
    list and its needs), and every column they and ``exprs`` read; once per plan."""
    hit = prepared.exact.get(col)
    if hit is None:
        needed = needed_defs(defs, exprs)
        wanted: set[str] = set()
        for e in [*(x for _, x in needed), *exprs]:
            wanted.update(e.meta.root_names())
        hit = prepared.exact[col] = (needed, wanted)
    return hit


def verdicts_alone(
    plans: Sequence[ProgrammePlan],
    work: pl.DataFrame,
    rows: pl.Series,
    ids: pl.Series | None,
    names: pl.DataType,
) -> pl.DataFrame | None:
    """The results of ``plans`` (each computing the verdict alone, compiled, into one
    scope: ``work`` is their :func:`shared_work`) for every case of ``work`` and each
    programme, case after case, in :func:`coded_schema`; as :func:`evaluate` for each plan
    interleaved, without a frame per programme: every programme's rank
    (:func:`verdict_of`) in one query, the ranks interleaved as bytes and each verdict
    looked up by its rank once. None: a plan needs :func:`evaluate` (a programme not in
    force, a rule or the money case by case, another column, a null status).

    ``ids``: the cases' ``id`` (None: a frame without one: null). ``names``: a categorical
    (:func:`chunk_names`), or text (:func:`result_schema`: each name looked up once, not a
    code first and its text after).
    """
    n, k = work.height, len(plans)
    ranks = kept_ranks(plans)
    if ranks is None or not k or not n:
        return None
    table = (
        work.lazy()
        .select(r.alias(f"__rank{i}") for i, r in enumerate(ranks))
        .collect(engine=IN_MEMORY)
    )
    # (each column's count of nulls is known: no query over the table)
    if any(r.null_count() for r in table.get_columns()):
        return None
    # case after case, each case's programmes in order: the positions and the ranks laid
    # out by numpy (a repeat, a tile, a matrix of (case, programme) read row by row), at
    # about half the cost of computing each position in a polars query
    index = np.uint32 if k * n < 2**32 else np.uint64
    laid = np.empty((n, k), dtype=np.uint8)
    for i, r in enumerate(table.get_columns()):
        laid[:, i] = r.to_numpy() if r.len() == n else r[0]
    # the row numbers (integers, one per case, never null) repeated by numpy, not gathered
    row = from_numpy("row", np.repeat(rows.to_numpy(), k))
    if ids is None:
        subject = pl.repeat(None, n * k, dtype=pl.String(), eager=True)
    else:
        subject = ids.rechunk().gather(from_numpy("", np.repeat(np.arange(n, dtype=index), k)))
    return pl.DataFrame(
        [
            row.alias("row"),
            subject.alias("subject_id"),
            _programmes_laid(plans, n, names).alias("programme"),
            pl.Series(BY_CODE, dtype=names).gather(from_numpy("", laid.ravel())).alias("verdict"),
        ]
    ).cast(coded_schema(("verdict",), names))


#: the programme column of :func:`verdicts_alone`, by the plans, the number of cases and
#: the names' type: every chunk of a run's size has the same one (immutable, so shared)
_LAID: dict[tuple[Any, ...], tuple[tuple[Any, ...], pl.Series]] = {}


def _programmes_laid(plans: Sequence[ProgrammePlan], n: int, names: pl.DataType) -> pl.Series:
    """The plans' programme ids, case after case (each case's programmes in order) for
    ``n`` cases, in ``names``; made once per run and chunk size."""
    owners = tuple(plans)
    key = (*map(id, owners), n, repr(names))
    hit = _LAID.get(key)
    if hit is not None and all(a is b for a, b in zip(hit[0], owners, strict=True)):
        return hit[1]
    k = len(plans)
    index = np.uint32 if k * n < 2**32 else np.uint64
    made = pl.Series([p.programme.id for p in plans], dtype=names).gather(
        from_numpy("", np.tile(np.arange(k, dtype=index), n))
    )
    if len(_LAID) >= 16:
        _LAID.clear()
    _LAID[key] = (owners, made)
    return made


#: :func:`_ranks` of each run's plans, kept for its next chunks
_RANKS: Kept[list[pl.Expr] | None] = {}


def kept_ranks(plans: Sequence[ProgrammePlan]) -> list[pl.Expr] | None:
    """:func:`_ranks` of ``plans``, kept for the run's next chunks."""
    return kept_for(_RANKS, tuple(plans), lambda: _ranks(plans), 16)


def _ranks(plans: Sequence[ProgrammePlan]) -> list[pl.Expr] | None:
    """Each plan's rank of its worst status (its least code, see
    :data:`~talentkit.batch.compile.CODES`), as :func:`verdicts_alone` computes them
    (None: a plan needs :func:`evaluate`)."""
    ranks: list[pl.Expr] = []
    for plan in plans:
        if plan.outputs != ("verdict",) or plan.rowwise or plan.money:
            return None
        failing = plan.gate is not None and plan.gate.status is Status.FAIL
        if plan.defs is not plans[0].defs or failing:
            return None
        statuses = [rp.compiled.status for rp in plan.rules if rp.compiled is not None]
        if len(statuses) != len(plan.rules):
            return None
        if plan.gate is not None:
            statuses.insert(0, pl.lit(CODES[plan.gate.status], dtype=CODE))
        rank = _worst(statuses)
        ranks.append(pl.lit(NO_CHECK, dtype=CODE) if rank is None else rank)
    return ranks


def evaluate(
    engine: Engine,
    plan: ProgrammePlan,
    df: pl.DataFrame,
    rows: pl.Series,
    profile_at: ProfileAt,
    *,
    store: ParameterStore,
    as_of: dt.date,
    assume_calendar: bool = False,
    work: pl.DataFrame | None = None,
    names: pl.DataType | None = None,
    list_tables: dict[str, pl.Series] | None = None,
    shares: CaseShares | None = None,
) -> tuple[pl.DataFrame, int]:
    """Results for one programme over the cases in ``df`` (the key columns and the plan's
    ``outputs``); and how many went case by case (``shares``: what their assessments
    share, by default nothing but what the date and parameters give).

    ``work``: ``df`` with the plan's steps and columns already computed
    (:func:`shared_work`, once for all the programmes compiled into one scope).
    ``names``: a categorical (:func:`chunk_names`) the names are built in, as
    :func:`coded_schema` says (default: as text, :func:`result_schema`).
    ``list_tables``: when given, each list column holds each case's position in a table of
    lists (:mod:`talentkit.batch.tables`), put in ``list_tables`` under the column's name.
    """
    prog = plan.programme
    asked = plan.outputs
    n = df.height
    name = names or pl.String()
    listed = pl.List(name)
    empty = EMPTY if names is None else pl.lit([], dtype=listed)
    ids = (
        df.get_column("id")
        if "id" in df.columns
        else pl.repeat(None, n, dtype=pl.String(), eager=True)
    )
    # one value repeated, not a list of n strings converted one by one
    programme = pl.repeat(prog.id, n, dtype=name, eager=True)
    head = pl.DataFrame({"row": rows, "subject_id": ids, "programme": programme})
    schema = result_schema(asked) if names is None else coded_schema(asked, names)
    if plan.gate is not None and plan.gate.status is Status.FAIL:
        closed = {
            "verdict": pl.lit(Verdict.NOT_IN_FORCE.value, dtype=name),
            "funding_total_fen": pl.lit(None, dtype=pl.Int64()),
            "funding_complete": pl.lit(None, dtype=pl.Boolean()),
        }
        shut = head.with_columns(closed.get(c, empty).alias(c) for c in asked)
        return _positions(shut, list_tables, listed), 0
    if plan.rowwise:
        rows_all = list(range(n))
        every = _replace(
            engine, plan, head, rows_all, profile_at, store, as_of, assume_calendar, shares
        )
        if names is not None and "verdict" in every.columns:
            # (in the compiled plans' categorical: a programme not in force gives it too)
            every = every.with_columns(pl.col("verdict").cast(name))
        return _positions(every, list_tables, listed), n
    if work is None:
        work = shared_work(plan, df)
    prepared = _prepared(plan)
    parts = prepared.parts
    extra: list[pl.Series] = []
    # the cases redone by the engine (a flag each, null: not redone)
    flags: list[pl.Series] = []
    for rp in plan.rules:
        if rp.compiled is None:
            found, raised = _rowwise_rule(
                plan, rp, df, profile_at, store, as_of, assume_calendar, engine.registry.facts
            )
            extra.extend(found)
            if raised.any():
                flags.append(raised)
    if extra:
        work = work.with_columns(extra)
    ss = [c.status for _, c in parts]
    verdict = _by_code(prepared.worst, prepared.varies, name)
    money = plan.money
    columns: dict[str, pl.Expr] = {"verdict": verdict}
    fund_named = False
    if money:
        funding = plan.funding if prog.funding else pl.lit(None, dtype=pl.Int64())
        funded = pl.lit(bool(prog.funding)) & (verdict != Verdict.NOT_ELIGIBLE.value)
        fund_ok = plan.funding_complete if plan.funding_complete is not None else pl.lit(True)
        if plan.funding_hooks:  # the hook's answer says, case by case
            fund_ok = pl.lit(True)
        # open payment lines name what they need here, unless a line or a hook runs case by
        # case (then the whole case's money is redone, in the engine's order of lines)
        fund_named = plan.funding_missing is not None and not plan.funding_lines
        columns.update(
            funding_total_fen=pl.when(verdict == Verdict.NOT_ELIGIBLE.value)
            .then(pl.lit(None, dtype=pl.Int64()))
            .otherwise(funding),
            funding_complete=pl.when(funded).then(fund_ok if fund_named else pl.lit(True)),
            __fund_open=funded & ~fund_ok,
        )
    # the cases where a rule is open, outside which no missing name or review text holds:
    # their entries are looked at only there (:func:`entry_codes`, in a large chunk: in a
    # small one these columns cost the query more planning than they save)
    lists_open = prepared.lists if work.height >= OPEN_APART else []
    opens = {f"__open_{col}": cases for col, cases, *_ in lists_open}
    # (with_columns: a constant verdict still gives a row per case; lazily, as every query
    # on ``work`` here: an eager one on a frame of several chunks copies it into one first)
    out = (
        work.lazy()
        .with_columns(**columns, **opens)
        .select([*columns, *opens])
        .collect(engine=IN_MEMORY)
    )
    within = {c: out.get_column(c) for c in opens}
    # the result's columns, each a Series put together in one frame at the end: each eager
    # step on a frame (a column added, a join, a drop) is a query polars plans again for
    # every programme and chunk
    cols = {c: out.get_column(c) for c in columns if c != "__fund_open"}
    # each list column holds positions in its table of lists until the end
    codes: dict[str, pl.Series] = {}
    if "failed" in asked:
        rule_ids = [rid for rid, _ in parts]
        cols["failed"], codes["failed"] = failed_codes(work, ss, rule_ids, listed, prepared.failed)
    # missing names, review texts and the money's open inputs: computed only for the
    # cases that have them
    lists: list[
        tuple[str, pl.Expr | pl.Series, list[tuple[str, pl.Expr]], pl.Expr | None, list[pl.Expr]]
    ] = []
    lists += prepared.lists
    if money and not fund_named:  # the engine redoes the cases with an open line
        flags.append(out.get_column("__fund_open"))
    elif money and "funding_missing" in asked and plan.funding_missing is not None:
        lists.append(
            (
                "funding_missing",
                out.get_column("__fund_open"),
                plan.list_defs,
                plan.funding_missing,
                [plan.funding_missing.is_null()],
            )
        )
    for col, cases, defs, expr, need in lists:
        mask = cases
        table = codes[col] = _empty_table(listed)
        if expr is None:
            cols[col] = tables.first(n).alias(col)
            continue
        # the cases whose list has no per-case entry open are named from their bits, the
        # others are computed exactly below; missing names and review texts hold their own
        # condition (a rule is open), the money's list is kept for the cases it is open in
        fixed = entry_codes(work, lines_of(expr), listed, within.get(f"__open_{col}"))
        if fixed is not None and isinstance(cases, pl.Series):
            fixed = only_for(fixed, cases, listed)
        named = tables.first(n)
        if fixed is not None:
            named, table, mask = fixed
            codes[col] = table
            if not mask.any():  # every case named from its bits
                cols[col] = named.alias(col)
                continue
        if isinstance(mask, pl.Expr):
            mask = work.lazy().select(mask).collect(engine=IN_MEMORY).to_series()
            if mask.len() != work.height:  # a constant: no rule to look at
                mask = pl.repeat(mask[0], work.height, eager=True)
        defs, wanted = _exact(prepared, col, defs, [expr, *need])
        # (at least one column: a frame of none has no rows to filter)
        narrow = work.lazy().select([c for c in work.columns if c in wanted] or work.columns[:1])
        # taken by position, eagerly: a filter (or a lazy gather) of a nested struct column
        # costs several times as much
        at = mask.arg_true()
        sub = apply_defs(narrow.collect(engine=IN_MEMORY)[at], defs).select(
            expr.cast(listed).alias(col),
            (pl.any_horizontal(need) if need else pl.lit(False)).alias("__rw"),
        )
        exact, rw = sub.get_column(col), sub.get_column("__rw")
        if exact.len() != at.len():  # constants only: one row for every case computed
            exact, rw = (c.new_from_index(0, at.len()) for c in (exact, rw))
        cols[col], codes[col] = with_exact(named.alias(col), table, at, exact)
        flags.append(_spread(rw.fill_null(False), at, n))
    if money and "funding_missing" not in cols:  # read (and set) case by case below
        codes["funding_missing"] = _empty_table(listed)
        cols["funding_missing"] = tables.first(n).alias("funding_missing")
    redo = redone(flags)
    rowwise_money = money and bool(plan.funding_hooks or plan.funding_lines)
    if rowwise_money or redo or list_tables is None:  # the lists themselves
        cols.update((c, tables.gathered(cols[c], t)) for c, t in codes.items())
        codes = {}
    result = head.hstack(list(cols.values()))
    if rowwise_money:
        result, broken = _rowwise_funding(
            engine, plan, result, set(redo), profile_at, store, as_of, assume_calendar
        )
        redo = sorted({*redo, *broken})
    if redo:
        result = _replace(
            engine, plan, result, redo, profile_at, store, as_of, assume_calendar, shares
        )
    if result.columns != schema.names():  # (a select is a query of its own)
        result = result.select(schema.names())
    if list_tables is None:
        return _cast(result, schema), len(redo)
    list_tables.update((c, t) for c, t in codes.items() if c in schema)
    return _cast(_positions(result, list_tables, listed), _positions_schema(schema)), len(redo)


def with_exact(
    named: pl.Series, table: pl.Series, at: pl.Series, exact: pl.Series
) -> tuple[pl.Series, pl.Series]:
    """Each case's position in a table of lists (``named``, in ``table``) with the lists
    computed exactly (``exact``) for the cases ``at``: those lists follow the table's and
    each such case points at its own, unless its list is null (it keeps its position in
    ``named``). The positions (named as ``named``) and the table."""
    known = exact.is_not_null()
    # (``exact`` is placed whole, nulls too: the position of the i-th is the table's length + i)
    own = pl.int_range(table.len(), table.len() + at.len(), dtype=tables.INDEX, eager=True)
    # (a scatter on a copy: ``named`` may be a column the caller holds)
    out = named.clone().scatter(at.filter(known), own.filter(known))
    return out, pl.concat([table, exact], rechunk=True)


def redone(flags: Sequence[pl.Series]) -> list[int]:
    """The cases where any of ``flags`` holds (null: does not), ascending."""
    if not flags:
        return []
    return functools.reduce(operator.or_, (f.fill_null(False) for f in flags)).arg_true().to_list()


def _cast(frame: pl.DataFrame, schema: pl.Schema) -> pl.DataFrame:
    """``frame`` in the types of ``schema``: cast only when one differs (a cast of a frame
    is a query polars plans, for every programme and chunk)."""
    return frame if frame.schema == schema else frame.cast(schema)


#: every case at a table's first list
_FIRST = pl.lit(0, dtype=tables.INDEX)


def _positions(
    frame: pl.DataFrame, list_tables: dict[str, pl.Series] | None, dtype: pl.DataType
) -> pl.DataFrame:
    """``frame`` with each list column (of lists, not yet positions) as positions in a
    table of its own lists (of ``dtype``), put in ``list_tables``; as it is when that is
    None."""
    if list_tables is None:
        return frame
    whole = []
    for column in frame.get_columns():
        if isinstance(column.dtype, pl.List):
            at, list_tables[column.name] = tables.whole(column.cast(dtype))
            whole.append(at.alias(column.name))
    return frame.with_columns(whole) if whole else frame


def _positions_schema(schema: pl.Schema) -> pl.Schema:
    return pl.Schema({k: tables.INDEX if isinstance(t, pl.List) else t for k, t in schema.items()})


_WORD = 64  # rules per bit mask word
_BYTE = 8


def bit_words(conditions: Sequence[pl.Expr], prefix: str) -> list[pl.Expr]:
    """The ``conditions`` (null: does not hold) as bit masks: bit ``j`` of word ``w`` is
    condition ``64 * w + j``. Each word is made of bytes, each of eight conditions: polars
    adds columns one at a time, and eight bits of a byte cost less than eight of a word."""
    words = []
    for start in range(0, len(conditions), _WORD):
        parts = []
        for at in range(start, min(start + _WORD, len(conditions)), _BYTE):
            byte = pl.sum_horizontal(
                pl.when(c).then(_bit(j, byte=True)).otherwise(_bit(-1, byte=True))
                for j, c in enumerate(conditions[at : at + _BYTE])
            )
            shift = at - start
            parts.append(byte.cast(pl.UInt64()) * _bit(shift) if shift else byte.cast(pl.UInt64()))
        words.append(
            (pl.sum_horizontal(parts) if len(parts) > 1 else parts[0]).alias(f"{prefix}{start}")
        )
    return words


@functools.cache
def _bit(j: int, byte: bool = False) -> pl.Expr:
    """Bit ``j`` of a mask word (or ``byte``; -1: none), built once: a 64-bit literal
    costs more to build than to evaluate over a chunk."""
    return pl.lit(0 if j < 0 else 1 << j, dtype=pl.UInt8() if byte else pl.UInt64())


def failed_ids(
    work: pl.DataFrame,
    statuses: Sequence[pl.Expr],
    ids: Sequence[str],
    dtype: pl.DataType = NAMES,
    words: Sequence[pl.Expr] | None = None,
) -> pl.Series:
    """The ids of the failed rules per case (in the programme's order), as ``failed``
    (a list of ``dtype``: text, or codes of a categorical); ``words``: the statuses'
    :func:`bit_words` of failure, when built already.

    Which rules failed is a bit mask per case; the few distinct masks of a chunk are
    turned into lists of ids once each, and gathered: no list is built per case.
    """
    return tables.gathered(*failed_codes(work, statuses, ids, dtype, words))


def failed_codes(
    work: pl.DataFrame,
    statuses: Sequence[pl.Expr],
    ids: Sequence[str],
    dtype: pl.DataType = NAMES,
    words: Sequence[pl.Expr] | None = None,
) -> tuple[pl.Series, pl.Series]:
    """:func:`failed_ids` as each case's position in a table of lists, and the table."""
    if not ids:
        return tables.first(work.height).alias("failed"), _empty_table(dtype)
    if words is None:
        words = bit_words([s == FAIL for s in statuses], "__failed")
    distinct, at = tables.distinct_rows(work.lazy().select(words).collect(engine=IN_MEMORY))
    named = [[ids[i] for i in set_bits(row)] for row in distinct.iter_rows()]
    return at.alias("failed"), tables.text_lists("failed", named, dtype)


def set_bits(words: Iterable[int]) -> Iterator[int]:
    """The numbers of the bits set in the mask ``words`` (:func:`bit_words`), ascending:
    each found from the lowest set bit, not by testing all 64 of each word (a chunk's
    distinct masks are turned into lists in Python, chunk after chunk)."""
    for w, bits in enumerate(words):
        while bits:
            low = bits & -bits
            yield w * _WORD + low.bit_length() - 1
            bits ^= low


def _empty_table(dtype: pl.DataType) -> pl.Series:
    """A table of one list, empty."""
    table: pl.Series = _EMPTY.cast(dtype)
    return table


#: a table of one empty list of names (built once, cast to each chunk's type of names)
_EMPTY = pl.Series([[]], dtype=NAMES)


_EntryBits = tuple[list[tuple[pl.Expr, str]], set[str], list[pl.Expr], pl.Expr, pl.Expr, set[str]]
#: :func:`_entry_bits` of each list's entries
_ENTRY_BITS: Kept[_EntryBits] = {}


def _entry_bits(lines: Sequence[Line]) -> _EntryBits:
    """The entries of fixed names, the columns every entry reads, the fixed names' bit
    mask words, whether an entry known per case holds, whether one is open and the
    columns the entries' conditions read: built once per list (the entries of a plan's
    list are the same object from chunk to chunk)."""
    return kept_for(_ENTRY_BITS, (lines,), lambda: _bits_of(lines), 1024)


def _bits_of(lines: Sequence[Line]) -> _EntryBits:
    fixed = [(c, n) for c, n in lines if isinstance(n, str)]
    # the entries known per case, by their names (entries of one rule's names share them)
    per_names: list[tuple[pl.Expr, list[pl.Expr]]] = []
    roots: set[str] = set()
    for c, _ in lines:
        roots.update(c.meta.root_names())
    when = set(roots)
    for c, n in lines:
        if isinstance(n, str):
            continue
        roots.update(n.meta.root_names())
        same = next((held for names, held in per_names if names.meta.eq(n)), None)
        if same is None:
            per_names.append((n, [c.fill_null(False)]))
        else:
            same.append(c.fill_null(False))
    held = pl.any_horizontal(c for _, cs in per_names for c in cs) if per_names else pl.lit(False)
    open_ = (
        pl.any_horizontal(
            pl.any_horizontal(cs) & (n.is_null() | (n.list.len() > 0)) for n, cs in per_names
        )
        if per_names
        else pl.lit(False)
    )
    return (fixed, roots, bit_words([c for c, _ in fixed], "__bits"), held, open_, when)


def by_entries(
    work: pl.DataFrame, lines: Sequence[Line] | None, dtype: pl.DataType = NAMES
) -> tuple[pl.Series, pl.Series] | None:
    """A list of names per case from its entries (see :func:`lines_of`; a list of
    ``dtype``), and the cases where an entry only known per case is open (their list is to
    be computed exactly).

    Which fixed names a case has is a bit mask (a bit per entry); the few distinct masks
    of a chunk are turned into lists once each and gathered, as :func:`failed_ids`.
    Whether an entry known per case is open is only computed where one holds: its names
    (a list per case) cost more than its condition.
    None: the entries are not known, or read columns ``work`` does not have.
    """
    coded = entry_codes(work, lines, dtype)
    if coded is None:
        return None
    at, table, exactly = coded
    return tables.gathered(at, table), exactly


def entry_codes(
    work: pl.DataFrame,
    lines: Sequence[Line] | None,
    dtype: pl.DataType = NAMES,
    within: pl.Series | None = None,
) -> tuple[pl.Series, pl.Series, pl.Series] | None:
    """:func:`by_entries` with each case's list as its position in a table of lists:
    the positions, the table and the cases to compute exactly.

    ``within``: the cases (a boolean each, null: not one) outside which no entry holds,
    as a programme's missing names and review texts hold only where one of its rules is
    open; the entries' conditions are evaluated for those cases only (in a chunk of at
    least :data:`OPEN_APART` cases).
    """
    if lines is None:
        return None
    fixed, roots, words, held, open_, when = _entry_bits(lines)
    if not roots <= set(work.columns):
        return None
    # only the columns read: polars plans a query over the whole frame's schema, again
    # for every chunk (hundreds of columns after the defined ones)
    read = pl.DataFrame([work.get_column(r) for r in sorted(roots)])
    apart = within is not None and work.height >= OPEN_APART and when and _CASE not in when
    picked = within.arg_true() if within is not None and apart else None
    if within is not None and picked is not None and picked.len() < work.height:
        # (the open cases are a few in a hundred, or in ten: every case's conditions cost
        # several times their columns' filter; the positions selected too, so that
        # constants still give a row each)
        conditions = pl.DataFrame([work.get_column(r) for r in sorted(when)]).filter(within)
        masks = (
            conditions.with_columns(picked.alias(_CASE))
            .lazy()
            .select(_CASE, *words, __held=held)
            .collect(engine=IN_MEMORY)
            .drop(_CASE)
        )
    else:
        picked = None
        masks = read.lazy().select(*words, __held=held).collect(engine=IN_MEMORY)
    exactly = _spread(masks.get_column("__held"), picked, work.height)
    if exactly.any():
        opened = read.lazy().select(__open=open_).collect(engine=IN_MEMORY).to_series()
        exactly = _all_rows(opened, work.height)
    if not words:
        return tables.first(work.height).alias("__names"), _empty_table(dtype), exactly
    masks = masks.drop("__held")
    if picked is not None and masks.width == 1:
        # one word: its distinct values are sorted, so they are those of the open cases'
        # and the others' 0, found once; each other case is at the 0's position
        word = pl.concat([masks.to_series(), _ZERO], rechunk=True)
        distinct, found = tables.distinct_rows(word.to_frame())
        at = _spread(found.head(masks.height), picked, work.height, found[-1])
    else:
        if picked is not None:
            masks = pl.DataFrame([_spread(w, picked, work.height) for w in masks.get_columns()])
        distinct, at = tables.distinct_rows(masks)
        if masks.height != work.height:  # constants only: every case has the one mask
            at = tables.first(work.height)
    listed = [
        list(dict.fromkeys(fixed[i][1] for i in set_bits(row))) for row in distinct.iter_rows()
    ]
    return at.alias("__names"), tables.text_lists("__names", listed, dtype), exactly


def only_for(
    coded: tuple[pl.Series, pl.Series, pl.Series], cases: pl.Series, dtype: pl.DataType
) -> tuple[pl.Series, pl.Series, pl.Series]:
    """:func:`entry_codes`' lists (``coded``) for the ``cases`` that hold, and an empty
    list for the others (null: does not hold): the table follows an empty list of its
    own, and only those cases are computed exactly."""
    at, table, exactly = coded
    kept = pl.select(pl.when(cases).then(at + pl.lit(1, dtype=tables.INDEX)).otherwise(_FIRST))
    return (
        kept.to_series().alias(at.name),
        pl.concat([_empty_table(dtype), table], rechunk=True),
        exactly & cases.fill_null(False),
    )


def _all_rows(column: pl.Series, height: int) -> pl.Series:
    """``column``, or its one value (of constants only) for each of ``height`` rows."""
    return column if column.len() == height else column.new_from_index(0, height)


#: the cases' positions beside the columns an entry reads (:func:`entry_codes`)
_CASE = "__case"
#: the least cases of a chunk whose entries are looked at within the open cases only: in
#: fewer the filter, the query it adds and the spreading back cost about what they save
OPEN_APART = 100_000


def _spread(column: pl.Series, at: pl.Series | None, height: int, other: Any = None) -> pl.Series:
    """``column`` for each of ``height`` cases: its values at the positions ``at`` and
    ``other`` at the others (default: no bit, 0 or false; ``at`` None: ``column`` is every
    case's, as :func:`_all_rows`)."""
    if at is None:
        return _all_rows(column, height)
    if other is None:
        other = False if column.dtype == pl.Boolean() else 0
    out = pl.repeat(other, height, dtype=column.dtype, eager=True).alias(column.name)
    return out.scatter(at, column)


#: a mask word of no bit (:func:`bit_words`)
_ZERO = pl.Series([0], dtype=pl.UInt64())


def shared_work(plan: ProgrammePlan, df: pl.DataFrame, held: Held | None = None) -> pl.DataFrame:
    """``df`` with the plan's list steps and defined columns (for every programme compiled
    into the plan's scope: compute it once and pass it to :func:`evaluate` for each);
    ``held``: the columns of a flat input that hold lookups (read, not searched for)."""
    defs, steps = plan.defs, plan.steps
    given: list[pl.Series] = []
    if held is not None:
        for name, _ in defs:
            if name.startswith(HELD):
                column = held.column(name[len(HELD) :])
                if column is not None:
                    given.append(column.alias(name))
        # the lists the steps explode that the input holds as columns (see Held.steps)
        steps, paths = held.steps(steps)
        names = {c.name for c in given}
        for name, path in paths.items():
            column = held.column(path)
            if name not in names and column is not None:
                given.append(column.alias(name))
        if given:
            names = {c.name for c in given}
            df = df.with_columns(given)
            defs = [d for d in defs if d[0] not in names]
    # the lookups case_columns found in place of a list it did not copy
    columns = set(df.columns)
    found = {name for name, e in defs if name in columns and lookup_of(e) is not None}
    if found:
        defs = [d for d in defs if d[0] not in found]
    return apply_defs(df, defs, steps)


def case_columns(plans: Sequence[ProgrammePlan], df: pl.DataFrame) -> pl.DataFrame:
    """The columns of ``df`` that ``plans`` (compiled into one scope) read, each in one
    chunk: polars copies a frame whose columns are chunked apart into one chunk on every
    eager operation, so it is done once here, and only for the records the plans read.

    In a chunk of at least :data:`ROWS_PER_EXPRESSION` rows per expression the plans
    compute, each record (and list of records) holds only the fields they read (see
    :func:`fields_read`): the copy of an attestation's evidence no rule reads costs more
    than the lookups that read its key and value. Finding those fields walks every
    expression once per process (a literal's bytes skipped: 0.09 s for the five Shaanxi
    programmes' verdicts, 0.7 s for every column of 25 programmes; then 0.02 and 0.16 s
    per run), which a smaller chunk would not win back; it then keeps the records whole,
    as read. There a list the plans only look up by key (the attestations, the decisions)
    is not copied at all: its lookups' columns (named as the plan's defined columns, which
    :func:`shared_work` then does not compute again) are computed here, chunk by chunk of
    the input, and stand in its place."""
    exprs, steps, roots, looked = _computed(plans)
    found_by_key: list[pl.Series] = []
    if df.height >= ROWS_PER_EXPRESSION * (len(exprs) + len(steps)):
        read = _fields_of(plans, exprs, steps)
        kept = [c for c in df.columns if c in read]
        # narrowed from the column's own arrays where its type allows: only the copy
        # into one chunk is left (see talentkit.batch.narrow)
        found = {c: narrowed(df.get_column(c), read[c]) for c in kept}
        # the lists only looked up: their lookups instead of a copy
        for c, column in list(found.items()):
            got = None if column is None or c not in looked else _looked_up(column, looked[c])
            if got is not None:
                found_by_key += got
                kept.remove(c)
        given = [s for c, s in found.items() if s is not None and c in kept]
        if given:
            df = df.with_columns(given)
        schema = df.schema
        narrow_by = [
            None if found[c] is not None else record(pl.col(c), schema[c], read[c]) for c in kept
        ]
    else:
        kept = [c for c in df.columns if c in roots]
        narrow_by = [None] * len(kept)
    narrow = df.select(
        [pl.col(c) if n is None else n.alias(c) for c, n in zip(kept, narrow_by, strict=True)]
        or ([] if found_by_key else df.columns[:1])
    )
    if found_by_key:
        narrow = narrow.with_columns(found_by_key) if kept else pl.DataFrame(found_by_key)
    return narrow if all(n == 1 for n in narrow.n_chunks("all")) else narrow.rechunk()


def _looked_up(column: pl.Series, lookups: Mapping[str, Lookup]) -> list[pl.Series] | None:
    """The columns of ``lookups`` (of one list, each reading a field) on ``column``, as
    :func:`apply_defs` finds them, but chunk by chunk: the chunks' entries are read where
    they lie, not copied into one chunk first (the attestations' 13.7 million keys of a
    million people: 219 MB of fresh memory, a third of its cost page faults). None: the
    list's type is not one :func:`lookup_columns` searches."""
    if not all(searchable(column.dtype, found) for found in lookups.values()):
        return None
    parts = [part for part in column.get_chunks() if part.len()] or [column]
    if column.len() < ROWS_PER_SEARCHED_CHUNK * len(parts):  # many small chunks: one copy
        parts = [column.rechunk()]
    found = [pl.DataFrame(lookup_columns(part.to_frame(), lookups)) for part in parts]
    return [_one_null(c) for c in pl.concat(found, rechunk=False).get_columns()]


def _one_null(column: pl.Series) -> pl.Series:
    """``column`` in one chunk when it is null in every row (a key no entry has, such as
    every waiver's where no case has one) and of a type that is not nested: made null at
    once rather than copied from its chunks (a text column's copy writes every row's
    16-byte view, null or not: 0.06-0.15 s for the benchmark's twelve waiver keys)."""
    if column.n_chunks() == 1 or column.null_count() != column.len() or column.dtype.is_nested():
        return column
    return pl.Series(column.name, [], dtype=column.dtype).extend_constant(None, column.len())


#: rows per expression a chunk needs for its records to be narrowed (see case_columns)
ROWS_PER_EXPRESSION = 400
#: rows a list's chunks need on average to be searched one by one (see _looked_up): a
#: search's fixed cost, some milliseconds, paid per chunk
ROWS_PER_SEARCHED_CHUNK = 16_384

_Computed = tuple[list[pl.Expr], list[Step], set[str], dict[str, dict[str, Lookup]]]

#: the fields each run's plans read, kept for the run's next chunks
_FIELDS: Kept[dict[str, set[tuple[str, ...]]]] = {}
#: what each run's plans compute and read (:func:`_computed`), kept for its next chunks
_COMPUTED: Kept[_Computed] = {}


def _computed(plans: Sequence[ProgrammePlan]) -> _Computed:
    """Every expression and list step ``plans`` compute, each once (the programmes of one
    scope share their columns and steps), the columns they read, and the lists they read
    only by lookups of a field under a key (per list, each defined column's lookup); once
    per run."""
    return kept_for(_COMPUTED, tuple(plans), lambda: _computed_by(plans), 16)


def _computed_by(plans: Sequence[ProgrammePlan]) -> _Computed:
    exprs: list[pl.Expr] = []
    steps: list[Step] = []
    for plan in plans:
        exprs += [e for _, e in [*plan.defs, *plan.list_defs, *plan.review_defs]]
        steps += plan.steps
        for rp in plan.rules:
            if rp.compiled is not None:
                exprs += [
                    e
                    for e in (rp.compiled.status, rp.compiled.missing, rp.compiled.review)
                    if e is not None
                ]
        exprs += [
            e for e in (plan.funding, plan.funding_complete, plan.funding_missing) if e is not None
        ]
    for e in list(exprs):
        for cond, name in lines_of(e) or ():
            exprs += [cond, *([name] if isinstance(name, pl.Expr) else [])]
    exprs = list({id(e): e for e in exprs}.values())
    steps = list({id(t): t for t in steps}.values())
    lookups: dict[int, tuple[str, Lookup]] = {}
    # (plans of one scope: one set of defined columns, whose names are the lookups')
    for plan in plans[:1] if all(p.defs is plans[0].defs for p in plans) else ():
        for name, e in plan.defs:
            found = lookup_of(e)
            if found is not None and found[3] is not None:  # a field, not a whole record
                lookups[id(e)] = (name, found)
    roots: set[str] = set()
    others: set[str] = set()  # read otherwise than by those lookups
    for e in exprs:
        read = e.meta.root_names()
        roots.update(read)
        if id(e) not in lookups:
            others.update(read)
    for step in steps:
        read_by_step = step_roots(step)
        roots |= read_by_step
        others |= read_by_step
    looked: dict[str, dict[str, Lookup]] = {}
    for name, found in lookups.values():
        if found[0] not in others:
            looked.setdefault(found[0], {})[name] = found
    return exprs, steps, roots, looked


def _fields_of(
    plans: Sequence[ProgrammePlan], exprs: list[pl.Expr], steps: list[Step]
) -> dict[str, set[tuple[str, ...]]]:
    """:func:`fields_read` of what ``plans`` compute (``exprs``, ``steps``), once per run."""
    return kept_for(_FIELDS, tuple(plans), lambda: fields_read(exprs, steps), 16)


def _roots(expr: pl.Expr | None) -> set[str]:
    """The columns ``expr`` reads, with those of its list's entries (:func:`lines_of`)."""
    if expr is None:
        return set()
    out = set(expr.meta.root_names())
    for cond, name in lines_of(expr) or ():
        out.update(cond.meta.root_names())
        if isinstance(name, pl.Expr):
            out.update(name.meta.root_names())
    return out


def reads(plan: ProgrammePlan, columns: Collection[str]) -> set[str]:
    """The plan's columns (defined, or aggregated by a list step) that :func:`evaluate`
    reads for the result ``columns``, directly or through the lists' own columns."""
    exprs: list[pl.Expr | None] = []
    for rp in plan.rules:
        if rp.compiled is None:
            continue
        exprs.append(rp.compiled.status)
        if "missing" in columns:
            exprs.append(rp.compiled.missing)
        if "review" in columns:
            exprs.append(rp.compiled.review)
    if attrs.evolve(plan, outputs=tuple(columns)).money:
        exprs += [plan.funding, plan.funding_complete]
        if "funding_missing" in columns:
            exprs.append(plan.funding_missing)
    wanted: set[str] = set()
    for e in exprs:
        wanted |= _roots(e)
    # the lists' columns are computed from the plan's, for the cases that need them
    by_name = dict([*plan.list_defs, *plan.review_defs])
    todo = list(wanted)
    while todo:
        found = by_name.get(todo.pop())
        for r in _roots(found) - wanted:
            wanted.add(r)
            todo.append(r)
    return wanted


#: the fields of a list step (and of its open items' names) :func:`needed_steps` prunes;
#: a step class with others is kept whole wherever one of its columns is read
_STEP_FIELDS = frozenset(
    {
        "name",
        "collection",
        "items",
        "aggs",
        "defaults",
        "steps",
        "sums",
        "anys",
        "named",
        "unions",
    }
)
_NAMES_FIELDS = frozenset({"open", "lists", "aggs"})


def needed_steps(steps: Sequence[Step], wanted: Collection[str]) -> list[Step]:
    """The parts of ``steps`` that compute the ``wanted`` columns: a step none of whose
    per-case columns is wanted is left out, and so are the aggregates, item names and item
    columns nothing kept reads."""
    known = {f.name for f in attrs.fields(Step)} <= _STEP_FIELDS and (
        {f.name for f in attrs.fields(ItemNames)} <= _NAMES_FIELDS
    )
    kept: list[Step] = []
    for step in steps:
        if not any(k in wanted for k in step.defaults):  # its columns: one per default
            continue
        if not known:
            kept.append(step)
            continue

        def only(found: Mapping[str, pl.Expr]) -> dict[str, pl.Expr]:
            return {k: v for k, v in found.items() if k in wanted}

        aggs, sums, anys = only(step.aggs), only(step.sums), only(step.anys)
        # a union's columns come together: it is kept whole where one of them is wanted
        unions = {k: u for k, u in step.unions.items() if any(k + part in wanted for part in PARTS)}
        named: list[ItemNames] = []
        for n in step.named:
            if only(n.aggs):
                lists = needed_defs(list(n.lists.items()), list(only(n.aggs).values()))
                named.append(attrs.evolve(n, lists=dict(lists), aggs=only(n.aggs)))
        reading = [*aggs.values(), *sums.values(), *anys.values()]
        reading += [e for u in unions.values() for e in u.exprs()]
        for n in named:
            reading += [n.open, *n.lists.values(), *n.aggs.values()]
        items = needed_defs(list(step.items.items()), reading)
        inner: set[str] = set()
        for e in [*reading, *(x for _, x in items)]:
            inner |= _roots(e)
        kept.append(
            attrs.evolve(
                step,
                items=dict(items),
                aggs=aggs,
                sums=sums,
                anys=anys,
                named=named,
                unions=unions,
                defaults={k: v for k, v in step.defaults.items() if k in wanted},
                steps=needed_steps(step.steps, inner),
            )
        )
    return kept


def only_columns(plans: Sequence[ProgrammePlan], columns: Sequence[str]) -> list[ProgrammePlan]:
    """``plans`` computing only the result ``columns`` (see :func:`result_columns`): the
    list steps and defined columns nothing asked for reads are left out of the plans' shared
    ones (the plans of one scope still share them)."""
    out: list[ProgrammePlan] = []
    shared: dict[int, tuple[list[Step], list[tuple[str, pl.Expr]]]] = {}
    for plan in plans:
        key = id(plan.defs)
        if key not in shared:
            # every plan compiled into this scope: what any of them reads is kept
            wanted: set[str] = set()
            for other in plans:
                if other.defs is plan.defs:
                    wanted |= reads(other, columns)
            defs = needed_defs(plan.defs, [pl.col(c) for c in sorted(wanted)])
            for _, e in defs:
                wanted |= _roots(e)
            steps = needed_steps(plan.steps, wanted)
            # the fields of the case the kept steps read (computed before them)
            read = set().union(*(step_roots(s) for s in steps)) - wanted
            if read:
                defs = needed_defs(plan.defs, [pl.col(c) for c in sorted(wanted | read)])
            shared[key] = (steps, defs)
        steps, defs = shared[key]
        out.append(attrs.evolve(plan, steps=steps, defs=defs, outputs=tuple(columns)))
    return out


def _rowwise_funding(
    engine: Engine,
    plan: ProgrammePlan,
    result: pl.DataFrame,
    skip: set[int],
    profile_at: ProfileAt,
    store: ParameterStore,
    as_of: dt.date,
    assume_calendar: bool = False,
) -> tuple[pl.DataFrame, list[int]]:
    """Add the money of the lines (or the funding hooks) that run case by case, for the
    cases whose verdict lets money be computed; and the cases where a hook failed."""
    prog = plan.programme
    totals = result.get_column("funding_total_fen").to_list()
    complete = result.get_column("funding_complete").to_list()
    missing = result.get_column("funding_missing").to_list()
    verdicts = result.get_column("verdict").to_list()
    failed: list[int] = []
    for i, verdict in enumerate(verdicts):
        if i in skip or verdict == Verdict.NOT_ELIGIBLE.value:
            continue
        ctx = Context(
            profile=profile_at(i),
            as_of=as_of,
            params=store,
            calendar=WorkdayCalendar(assume_unknown_years=assume_calendar),
            reference=prog.reference,
        )
        if plan.funding_hooks:
            try:
                answer = engine.hooks.funding(prog, ctx)
            except HookFailed:  # the engine reports the whole case as an error
                failed.append(i)
                continue
            totals[i] = answer.total.fen if answer is not None else None
            complete[i] = answer.complete if answer is not None else None
            missing[i] = _open_facts([answer] if answer is not None else [])
            continue
        try:
            answers = _lines_alone(plan, ctx)
        except Exception:  # a line's condition raised: the engine assesses the case
            failed.append(i)
            continue
        totals[i] = (totals[i] or 0) + sum(a.total.fen for a in answers)
        complete[i] = bool(complete[i]) and all(a.complete for a in answers)
        missing[i] = list(dict.fromkeys([*(missing[i] or []), *_open_facts(answers)]))
    return result.with_columns(
        pl.Series("funding_total_fen", totals, dtype=pl.Int64()),
        pl.Series("funding_complete", complete, dtype=pl.Boolean()),
        pl.Series("funding_missing", missing, dtype=NAMES),
    ), failed


def _lines_alone(plan: ProgrammePlan, ctx: Context) -> list[FundingResult]:
    """The money of the plan's funding lines evaluated case by case, on ``ctx``: each
    line with its exclusions, and every capped line with its exclusions and caps in one
    evaluation."""
    prog = plan.programme
    answers = [
        evaluate_funding(prog.id, [line.item, *line.exclusions], ctx)
        for line in plan.funding_lines
        if not line.caps
    ]
    packaged = [line for line in plan.funding_lines if line.caps]
    if packaged:
        decls: list[Any] = [line.item for line in packaged]
        for line in packaged:
            decls += [x for x in (*line.exclusions, *line.caps) if x not in decls]
        answers.append(evaluate_funding(prog.id, decls, ctx))
    return answers


def _open_facts(answers: Sequence[FundingResult]) -> list[str]:
    """The facts and ``param:`` keys the undetermined payment lines need."""
    return list(
        dict.fromkeys(
            m
            for a in answers
            for line in a.lines
            if line.status == "undetermined"
            for m in line.missing
        )
    )


def _replace(
    engine: Engine,
    plan: ProgrammePlan,
    frame: pl.DataFrame,
    idx: Sequence[int],
    profile_at: ProfileAt,
    store: ParameterStore,
    as_of: dt.date,
    assume_calendar: bool = False,
    shares: CaseShares | None = None,
) -> pl.DataFrame:
    # the columns asked for, and those the frame holds (the money beside the verdict)
    columns = [c for c in OUTPUT_COLUMNS if c in plan.outputs or c in frame.columns]
    if shares is None:
        shares = CaseShares(engine, store, as_of, keep=False)
    fixed = []
    for i in idx:
        profile = profile_at(i)
        shared = shares.of(profile)
        found = engine.assess_one(
            profile,
            plan.programme,
            as_of=as_of,
            store=store,
            assume_calendar=assume_calendar,
            shared=shared,
        )
        fixed.append(assessment_row(found))
        shares.done(shared)
    # column by column (a frame from a list of rows looks at every row's mapping)
    patch = pl.DataFrame(
        {k: [row[k] for row in fixed] for k in columns},
        schema={k: RESULT_SCHEMA[k] for k in columns},
    )
    if len(idx) == frame.height and list(idx) == list(range(frame.height)):
        # every row replaced, in order (a programme assessed case by case): no join
        given = frame.schema
        types = pl.Schema({k: given[k] if k in given else RESULT_SCHEMA[k] for k in columns})
        kept = frame.select(c for c in frame.columns if c not in columns)
        return kept.hstack(patch.cast(types).get_columns())
    base = frame
    for col in columns:
        if col not in base.columns:
            base = base.with_columns(pl.lit(None, dtype=RESULT_SCHEMA[col]).alias(col))
    # in the types of ``frame`` (names as text or as codes)
    patch = patch.cast({k: base.schema[k] for k in columns}).with_columns(
        __i=pl.Series(list(idx), dtype=pl.UInt32())
    )
    cols = [c for c in base.columns if c not in patch.columns]
    merged = base.with_row_index("__i").update(patch, on="__i", how="left", include_nulls=True)
    return merged.select(*cols, *[c for c in patch.columns if c != "__i"])
