"""Count and Share with a subject outside the list (``also``), as columns.

The subject (``person``: the centre director) is appended to the exploded list, so its
``where`` is compiled with the items'. Per case the step aggregates what the placements of
:mod:`talentkit.rules.also` need: the listing that is the subject for certain (same
identity, in the group), the listings with its identity whose membership is open, and
the kinds of listing the subject may be (identity absent on either side). Each placement
is a tally; the rule is decided where every placement agrees.

A case left open gets no list of missing facts here: the engine names them (which
identities, which listings), and the row is assessed by it. A case whose subject's own
record and listing contradict each other on the condition where that decides the verdict
is *needs review* here as in the engine, which names the facts (its review texts are the
engine's: the row is assessed by it where they are asked for).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from fractions import Fraction

import polars as pl

from talentkit.batch.compile import (
    CODE,
    EMPTY,
    FAIL,
    NA,
    NAMES,
    PASS,
    REVIEW,
    UNKNOWN,
    WAIVED,
    Compiled,
    NotCompilable,
    Scope,
    Step,
    chain,
    code,
    compile_rule,
    exact,
    fixed_names,
    is_,
    list_items,
    names,
    status_when,
)
from talentkit.rules import Count, Rule, Share
from talentkit.semantics import count_range

_OPS: dict[str, Callable[[pl.Expr, pl.Expr], pl.Expr]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
    "==": operator.eq,
    "!=": operator.ne,
}

# hit kinds: how a tally counts them and how two listings of one person combine them
H_PASS, H_FAIL, H_WAIVED, H_NA, H_OPEN = range(5)
KINDS = 5


def _hit_kind(hit: pl.Expr) -> pl.Expr:
    return (
        pl.when(hit == PASS)
        .then(H_PASS)
        .when(hit == FAIL)
        .then(H_FAIL)
        .when(hit == WAIVED)
        .then(H_WAIVED)
        .when(hit == NA)
        .then(H_NA)
        .otherwise(H_OPEN)
    )


def _n(cond: pl.Expr) -> pl.Expr:
    return cond.cast(pl.Int64()).sum()


class _Listed:
    """The step over the list with the subject appended, and its per-case columns.

    A listing's *kind* (``0..9``): whether the tally counts it as a member for certain
    (``among`` passes) and its hit kind; the placements depend on nothing else.
    """

    def __init__(self, rule: Count | Share, scope: Scope, member: Rule | None, hit: Rule | None):
        if scope.item is not None or len(rule.also) != 1:
            raise NotCompilable("also: one subject, outside any list")
        path = rule.also[0]
        inner, coll, name = list_items(rule.collection, scope)
        self.coll, self.name, self.scope = coll, name, scope
        if not name:
            return
        subject, sdt = scope.fact(path)
        if sdt != inner.item:
            raise NotCompilable(f"{path} is not an item of {rule.collection}")
        sid, sid_dt = scope.fact(f"{path}.{rule.identity}")
        ident, idt = inner.fact(rule.identity)
        if {sid_dt, idt} - {pl.String(), pl.Null()}:
            raise NotCompilable(f"identity {rule.identity} is not text")
        m = compile_rule(member, inner) if member is not None else None
        w = compile_rule(hit, inner) if hit is not None else None
        items: dict[str, pl.Expr] = dict(inner.defs)
        is_subject = pl.col("__pos") >= coll.list.len()
        mem = pl.lit(PASS, dtype=CODE)
        if m is not None:
            items[f"{name}_st"] = m.status
            mem = pl.when(is_subject).then(pl.lit(PASS, dtype=CODE)).otherwise(pl.col(f"{name}_st"))
        h = pl.lit(PASS, dtype=CODE)
        if w is not None:
            items[f"{name}_w"] = w.status
            h = pl.col(f"{name}_w")
        listed = ~is_subject
        ok = listed & ~is_(mem, FAIL, NA)
        same = ok & (ident == sid).fill_null(False)
        anon = ok & (ident.is_null() | sid.is_null())
        sure = is_(mem, PASS, WAIVED)
        open_ = is_(mem, UNKNOWN, REVIEW)
        kind = pl.when(mem == PASS).then(0).otherwise(KINDS) + _hit_kind(h)
        in_tally = listed & (mem == PASS)
        unsure = ok & (mem != PASS)
        aggs = {
            # the listing that is the subject for certain, and those it may be
            "def": kind.filter(same & sure).first(),
            "cand": kind.filter(same | anon).unique().implode(),
            "csure": (anon & sure).any(),
            "copen": ((same | anon) & open_).any(),
            # listings with the subject's identity whose membership is open
            "snum": _n(same),
            "smh": _n(same & (h != FAIL)),
            "smm": _n(same & (h != PASS)),
            "d": _hit_kind(h).filter(is_subject).first(),
            # the tallies of Count (yes, unk) and Share (hit, open, tot, mh, mm)
            "yes": _n(listed & sure),
            "unk": _n(listed & open_),
            "hit": _n(in_tally & (h == PASS)),
            "open": _n(in_tally & ~is_(h, PASS, FAIL)),
            "tot": _n(in_tally),
            "mh": _n(unsure & (h != FAIL)),
            "mm": _n(unsure & (h != PASS)),
        }
        scope.steps.append(
            Step(
                name,
                coll.list.concat(pl.concat_list([subject])),
                items,
                {f"{name}_{k}": e for k, e in aggs.items()},
                {f"{name}_{k}": None for k in aggs},
                steps=inner.steps,
            )
        )

    def col(self, what: str) -> pl.Expr:
        return pl.col(f"{self.name}_{what}")

    def finish(
        self,
        rule: Count | Share,
        ways: list[tuple[pl.Expr, pl.Expr]],
        unmet: list[tuple[pl.Expr, pl.Expr]] | None = None,
    ) -> Compiled:
        """Decided where every present placement agrees; an open case names nothing here
        (the engine names which identities or listings would settle it).

        ``unmet``: the placements with a contradiction between the subject's own record
        and its listing read as not meeting the condition (``ways``: as meeting it). Where
        both readings are decided and differ, the rule needs review; the engine names the
        facts that disagree."""
        absent = self.coll.is_null()
        if unmet is None:
            status = self.scope.column(status_when([(absent, UNKNOWN), *_agreed(ways)], UNKNOWN))
        else:
            met = status_when(_agreed(ways), UNKNOWN)
            other = status_when(_agreed(unmet), UNKNOWN)
            both = is_(met, PASS, FAIL) & is_(other, PASS, FAIL)
            status = self.scope.column(
                pl.when(absent)
                .then(code(UNKNOWN))
                .when(met == other)
                .then(met)
                .when(both)
                .then(code(REVIEW))
                .otherwise(code(UNKNOWN))
            )
        missing = chain(
            [
                (absent, fixed_names([rule.collection])),
                (status == UNKNOWN, exact(pl.lit(None, dtype=NAMES))),
            ],
            EMPTY,
        )
        review = None
        if unmet is not None:
            review = chain([(status == REVIEW, exact(pl.lit(None, dtype=NAMES)))], EMPTY)
        return Compiled(status, missing, review)


def _agreed(ways: list[tuple[pl.Expr, pl.Expr]]) -> list[tuple[pl.Expr, int]]:
    """The statuses every present placement gives alike (``status_when`` cases)."""
    passes = pl.all_horizontal([~p | (s == PASS) for p, s in ways])
    fails = pl.all_horizontal([~p | (s == FAIL) for p, s in ways])
    return [(passes, PASS), (fails, FAIL)]


def _absent(rule: Count | Share) -> Compiled:
    return Compiled(pl.lit(UNKNOWN, dtype=CODE), names([(pl.lit(True), rule.collection)]))


def count_also(rule: Count, scope: Scope, limit: int) -> Compiled:
    """:meth:`talentkit.rules.Count.run` with ``also``: the placements of the subject."""
    listed = _Listed(rule, scope, rule.where, None)
    if not listed.name:
        return _absent(rule)
    c = listed.col
    yes, unk = c("yes"), c("unk")

    def status(y: pl.Expr, u: pl.Expr) -> pl.Expr:
        all_ok, any_ok = count_range(rule.op, y, y + u, limit, negate=operator.invert)
        return status_when([(all_ok, PASS), (~any_ok, FAIL)], UNKNOWN)

    definite = c("def").is_not_null()
    return listed.finish(
        rule,
        [
            (definite, status(yes, unk)),
            (~definite, status(yes + 1, unk - c("snum"))),  # apart
            (~definite & c("csure"), status(yes, unk)),  # one of the sure members
            (~definite & c("copen"), status(yes + 1, unk - 1)),  # one of the open ones
        ],
    )


def _contrib(kind: int) -> tuple[int, int, int, int, int]:
    """What a listing of ``kind`` adds to (hit, open, tot, mh, mm)."""
    sure, h = kind < KINDS, kind % KINDS
    if sure:
        return int(h == H_PASS), int(h not in (H_PASS, H_FAIL)), 1, 0, 0
    return 0, 0, 0, int(h != H_FAIL), int(h != H_PASS)


def _either(h: int, d: pl.Expr) -> pl.Expr:
    """Kind of one person's hit read from a listing (kind ``h``) and the subject (``d``):
    0 met, 1 not met, 2 open, 3 met on one and not met on the other (a contradiction)."""
    yes, out = (H_PASS, H_WAIVED), (H_FAIL, H_NA)
    if h in yes:
        return pl.when(d.is_in(out)).then(3).otherwise(0)
    if h in out:
        return pl.when(d.is_in(yes)).then(3).when(d.is_in(out)).then(1).otherwise(2)
    return pl.when(d.is_in(yes)).then(0).otherwise(2)


def share_also(rule: Share, scope: Scope, frac: Fraction) -> Compiled:
    """:meth:`talentkit.rules.Share.run` with ``also``: the placements of the subject."""
    listed = _Listed(rule, scope, rule.among, rule.where)
    if not listed.name:
        return _absent(rule)
    c = listed.col
    p, q = frac.numerator, frac.denominator
    empty_ok = rule.op in ("<=", "<")

    def holds(k: pl.Expr, n: pl.Expr) -> pl.Expr:
        return pl.when(n == 0).then(pl.lit(empty_ok)).otherwise(_OPS[rule.op](q * k, p * n))

    def status(t: tuple[pl.Expr, ...]) -> pl.Expr:
        yes, unk, tot, mh, mm = t
        low, high = holds(yes, tot + mm), holds(yes + unk + mh, tot + mh)
        if empty_ok:
            low, high = high, low
        settled = (unk + mh + mm) == 0
        return status_when(
            [(settled & low, PASS), (settled, FAIL), (low & high, PASS), (~low & ~high, FAIL)],
            UNKNOWN,
        )

    base = tuple(c(k) for k in ("hit", "open", "tot", "mh", "mm"))
    d = c("d")

    def merged(kind: int, as_met: bool) -> tuple[pl.Expr, ...]:
        got = _either(kind % KINDS, d)
        add = ((got == 0) | ((got == 3) & as_met), got == 2)
        drop = _contrib(kind)
        return (
            base[0] - drop[0] + add[0].cast(pl.Int64()),
            base[1] - drop[1] + add[1].cast(pl.Int64()),
            base[2] - drop[2] + 1,
            base[3] - drop[3],
            base[4] - drop[4],
        )

    definite = c("def").is_not_null()
    apart = (
        base[0] + (d == H_PASS).cast(pl.Int64()),
        base[1] + (~d.is_in([H_PASS, H_FAIL])).cast(pl.Int64()),
        base[2] + 1,
        base[3] - c("smh"),
        base[4] - c("smm"),
    )
    # every placement with a contradiction read either way (:meth:`Share._contradicted`)
    met = [(~definite, status(apart))]
    unmet = list(met)
    for kind in range(2 * KINDS):
        present = (c("def") == kind).fill_null(False) | (~definite & c("cand").list.contains(kind))
        met.append((present, status(merged(kind, True))))
        unmet.append((present, status(merged(kind, False))))
    return listed.finish(rule, met, unmet)
