"""Funding declarations and their evaluation: who gets how much, when, on what basis.

Amounts are :class:`~talentkit.money.Money`, exact to the fen. Ranges set by a panel
are validated, never clamped. A percentage is computed exactly and rounded only as its
declaration's ``rounding`` says (a cited parameter where the text is silent; by default
down to the yuan, the reading the project has always applied: a subsidy is never rounded
up beyond what the rate gives), then capped. A matching obligation compares the
commitment with the exact ratio of the grant, without rounding.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import attrs

from talentkit import dates, semantics
from talentkit.choices import ObligationPer, PayeeKind, PriorMode, choice
from talentkit.facts import MISSING
from talentkit.fundingcase import Read, case_key
from talentkit.fundingtext import in_force
from talentkit.money import INT64, ROUNDING_TEXT, ZERO, Money, round_fen
from talentkit.rules import Rule, Status
from talentkit.rules.base import Decision
from talentkit.rules.context import Context
from talentkit.rules.refs import REF, F, P
from talentkit.slotinit import through_slots
from talentkit.text import Citation, Text
from talentkit.titles import Title, TitleResult, conferred_on

TAX_GOVERNMENT_AWARD = Text("视同政府奖金", "treated as a government award")
TAX_EXEMPT = Text("免征个人所得税", "exempt from individual income tax")
#: line statuses whose amount is granted and counted in the total
GRANTED = ("determined", "pending")


@attrs.frozen(kw_only=True)
class OneOff:
    """Paid once. ``when`` says on what the payment waits (e.g. the contract performed)."""

    when: Text | None = None


@attrs.frozen(kw_only=True)
class YearlyGate:
    """Each year's payment from year ``first`` on waits on that year's own event (a yearly
    report before each year's payment), whose dates are the ``dates`` fact at ``event``,
    in order: its k-th date opens the payment of year ``first + k - 1``.

    Until that year's date is given, and while it is later than the assessment date, the
    year's payment is *pending* (awaiting ``event[k-1]``, after any :class:`PaidAfter` of
    the line); from it the payment is payable from that date or, if later, from the day it
    is payable otherwise (the line's ``PaidAfter``, the year's start). Years before
    ``first`` are not affected.
    """

    event: str
    text: Text
    cite: Citation
    first: int = attrs.field(default=2, validator=attrs.validators.ge(1))
    leap_day: str | P = "feb28"


@attrs.frozen(kw_only=True)
class Annual:
    """Paid every year for ``years`` years from the date at ``start`` (first year = 1).
    ``gate``: what each year's payment waits on, as prose (:class:`~talentkit.text.Text`)
    or as data (:class:`YearlyGate`)."""

    years: int | P
    start: str | P = REF
    gate: Text | YearlyGate | None = None


@attrs.frozen(kw_only=True)
class Instalments:
    """The amount is a *total* paid in ``years`` annual instalments from the date at
    ``start`` ("共资助N万元，分M年拨付"). The instalments are equal, rounded down to the
    fen (``rounding="fen_down"``) or, where the line declares it, to the yuan
    (``"yuan_down"``); the last also carries what the division leaves, so they add up to the
    total exactly (:func:`talentkit.semantics.instalments`)."""

    years: int | P
    start: str | P = REF
    gate: Text | YearlyGate | None = None
    rounding: str = attrs.field(
        default="fen_down", validator=attrs.validators.in_(semantics.INSTALMENT_ROUNDINGS)
    )


Schedule = OneOff | Annual | Instalments


@attrs.frozen(kw_only=True)
class PaidAfter:
    """The line is paid only after an event, whose date is the fact at ``event``
    (arrival, the contract performed, on-boarding, a review passed).

    Until that date is given, and while it is later than the assessment date (an event
    still to come), every payment of the line is *pending*: its amount is known, its
    payment waits. From the event's day on, a one-off payment is payable from it; the payment
    of year N of an ``Annual`` or ``Instalments`` schedule from that date or, if later,
    from the day year N begins (the schedule's start moved by N-1 years, 29 February as
    ``leap_day`` says). Where the text makes each later year wait on its own event
    (a yearly report), the schedule's ``gate`` is a :class:`YearlyGate`.
    """

    event: str
    text: Text
    cite: Citation
    leap_day: str | P = "feb28"


@attrs.frozen(kw_only=True)
class PriorAward:
    """What the same object already received for an earlier recognition, and how this
    award meets it.

    :param received: the fact (an amount in yuan) holding what was already received
    :param mode: ``cumulative`` (each recognition paid in full; the earlier amount is only
        noted) or ``top_up`` (only the difference is paid, never below zero); usually an
        operator parameter where the text is silent
    """

    received: str
    mode: PriorMode | P = attrs.field(default="top_up", validator=choice(PriorMode, also=(P,)))


@attrs.frozen(kw_only=True)
class FundingItem:
    """Common fields of every funding declaration.

    :param payee: ``person``, ``employer``, ``leader``, ``members``, ``host``…
    :param condition: the item applies only when this rule holds (else it is omitted;
        unknown makes the line undetermined)
    :param prior_award: earlier awards for the same object that this one tops up
    :param paid_after: the event the payment waits on (the line is *pending* until its
        date is given)
    """

    id: str
    cite: Citation
    text: Text
    payee: PayeeKind = attrs.field(validator=choice(PayeeKind))
    schedule: Schedule = OneOff()
    tax: Text | None = None
    condition: Rule | None = None
    prior_award: PriorAward | None = None
    paid_after: PaidAfter | None = None


@attrs.frozen(kw_only=True)
class Fixed(FundingItem):
    """A stated amount per payment: ``amount=P("…personal_subsidy")``."""

    amount: Money | P


@attrs.frozen(kw_only=True)
class Range(FundingItem):
    """A panel sets the amount within ``[low, high]``; the decided amount is read from
    ``decided`` and validated."""

    low: Money | P | None = None
    high: Money | P
    decided: str


@attrs.frozen(kw_only=True)
class Percentage(FundingItem):
    """``rate × base`` computed exactly, rounded by ``rounding`` (one of
    :data:`talentkit.money.ROUNDINGS`, or a ``rounding`` parameter citing the convention;
    left out: down to the fen, as money is exact to the fen and a payment never exceeds
    what the rate gives), capped at ``cap`` across all payments of the same object
    (``prior`` = what earlier payments already granted)."""

    base: str
    rate: Fraction | P
    cap: Money | P | None = None
    prior: str | None = None
    rounding: str | P = "fen_down"


@attrs.frozen(kw_only=True)
class External(FundingItem):
    """An entitlement defined by another policy not in the texts (``reference``); the
    operator supplies the amount: one figure for every case through a parameter
    (``P``), or the amount decided for each case under that policy through a fact
    (``F``)."""

    reference: str
    amount: P | F


@attrs.frozen(kw_only=True)
class Obligation:
    """What the employer or host must put in: a ratio of an item, or a minimum amount."""

    id: str
    cite: Citation
    text: Text
    obligor: PayeeKind = attrs.field(validator=choice(PayeeKind))
    committed: str
    ratio: Fraction | P | None = None
    of: str | None = None
    at_least: Money | P | None = None
    per: ObligationPer = attrs.field(default="period", validator=choice(ObligationPer))
    condition: Rule | None = None


@attrs.frozen(kw_only=True)
class Exclusion:
    """ "No double funding": when ``when`` holds the listed items are not paid."""

    id: str
    cite: Citation
    text: Text
    when: Rule
    excludes: tuple[str, ...]


@attrs.frozen(kw_only=True)
class PackageCap:
    """A cap on the sum of several items: 「最高N万元综合资助」 where the package includes
    the standard grant. Over all payments of the listed items, the sum of their granted
    amounts must not exceed ``cap``; a package over it is *invalid* (every line of it, with
    the arithmetic), exactly at the cap it passes. Applies only when ``condition`` holds."""

    id: str
    cite: Citation
    text: Text
    items: tuple[str, ...]
    cap: Money | P
    condition: Rule | None = None


FundingDecl = FundingItem | Obligation | Exclusion | PackageCap | Title


@through_slots
@attrs.frozen(kw_only=True)
class PaymentLine:
    item: str
    payee: str
    amount: Money | None
    status: str  # determined | pending | undetermined | invalid | excluded
    basis: Text
    citation: Citation
    instalment: int = 1
    year: int | None = None
    tax: Text | None = None
    missing: tuple[str, ...] = ()
    problem: Text | None = None
    #: the event the payment waits on (:class:`PaidAfter`), with its citation
    paid_after: Text | None = None
    paid_after_citation: Citation | None = None
    #: pending: the date fact of the event, not given yet or a date still to come
    awaiting: str | None = None
    #: the first day the payment can be made (the event's date, or a later year's start);
    #: on a pending line, the day expected from an event date still to come
    payable_from: dt.date | None = None


@attrs.frozen(kw_only=True)
class ObligationResult:
    id: str
    obligor: PayeeKind = attrs.field(validator=choice(PayeeKind))
    text: Text
    citation: Citation
    status: Status
    required: Money | None = None
    committed: Money | None = None
    per: ObligationPer = attrs.field(default="period", validator=choice(ObligationPer))
    missing: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class PackageCapResult:
    """The arithmetic of a package cap: each item's amount over all its payments, their
    sum and the cap."""

    id: str
    text: Text
    citation: Citation
    status: Status
    items: tuple[tuple[str, Money], ...] = ()
    sum: Money | None = None
    cap: Money | None = None
    missing: tuple[str, ...] = ()


@through_slots
@attrs.frozen(kw_only=True)
class FundingResult:
    """All money of one programme for one case, year by year and payee by payee.

    ``total`` is what is granted: determined and *pending* lines (a pending line's amount
    is known, only its payment waits on an event), so giving the event's date never
    changes it. ``pending_total`` is the part of it still waiting on an event.
    ``complete`` says every amount is known: pending lines do not make it false.
    """

    programme: str
    lines: tuple[PaymentLine, ...] = ()
    obligations: tuple[ObligationResult, ...] = ()
    total: Money = ZERO
    complete: bool = True
    notes: tuple[Text, ...] = ()
    plugin: str = ""
    pending_total: Money = ZERO
    caps: tuple[PackageCapResult, ...] = ()
    #: honours and titles conferred on selection (no money; withdrawn by exit rules)
    titles: tuple[TitleResult, ...] = ()

    def by_payee(self) -> dict[str, Money]:
        out: dict[str, Money] = {}
        for line in self.lines:
            if line.status in GRANTED and line.amount is not None:
                out[line.payee] = out.get(line.payee, Money(0)) + line.amount
        return out


#: tuples, not ``A | B`` (a union object made at every call)
_SET_AMOUNT, _YEARLY = (Fixed, External), (Annual, Instalments)
#: the decision of a title without a condition
_PASSED = Decision(Status.PASS, (), ())
#: the declarations and parts whose reads from the case :func:`_reads` knows, by exact type
_KNOWN = frozenset(
    {Fixed, Range, Percentage, External, Obligation, Exclusion, PackageCap, Title}
    | {OneOff, Annual, Instalments, PaidAfter, PriorAward, YearlyGate}
)


def _money(value: Any, what: str) -> Money:
    """A declared or read amount; anything else is a declaration error, never coerced."""
    if not isinstance(value, Money):
        raise TypeError(f"{what} must be an amount (a yuan fact or parameter), got {value!r}")
    return value


def evaluate_funding(
    programme_id: str, decls: Sequence[FundingDecl], ctx: Context, plugin: str = ""
) -> FundingResult:
    """Evaluate a programme's funding declarations against one case; ``plugin`` names who
    evaluated them, for the result.

    On a case's own context with the assessment's shared values, the result is kept per
    date and parameter set by what the case gives the declarations (the decisions of
    their conditions, the facts and dates they read: :mod:`talentkit.fundingcase`): a
    case alike in those gets the same result object (it is frozen)."""
    kinds = _in_force(decls, ctx)
    if ctx.shared is None or ctx.root is not None or ctx.prefix or kinds.reads is None:
        return _evaluate(programme_id, kinds, ctx, plugin, lambda rule: rule.decision(ctx))
    try:
        decisions = {id(rule): rule.decision(ctx) for rule in kinds.rules}
        key = case_key((programme_id, plugin), decisions.values(), kinds.reads, ctx)
    except Exception:  # raised again by the evaluation, where the declarations meet it
        return _evaluate(programme_id, kinds, ctx, plugin, lambda rule: rule.decision(ctx))
    results = kinds.results
    result = results.get(key)
    if result is None:
        result = _evaluate(programme_id, kinds, ctx, plugin, lambda rule: decisions[id(rule)])
        if len(results) >= _KEEP:  # many cases unlike each other: start afresh
            results.clear()
        results[key] = result
    return result


#: at most this many results kept per programme, date and parameter set
_KEEP = 256


def _evaluate(
    programme_id: str,
    kinds: _Kinds,
    ctx: Context,
    plugin: str,
    decide: Callable[[Rule], Decision],
) -> FundingResult:
    """The declarations by kind evaluated on ``ctx``, their conditions decided by ``decide``."""
    excluded: dict[str, Exclusion] = {}
    notes: list[Text] = []
    for d in kinds.exclusions:
        check = decide(d.when)
        if check.status is Status.PASS:
            for item in d.excludes:
                excluded[item] = d
        elif check.status is not Status.FAIL:
            notes.append(
                Text(
                    f"{d.text.zh}：是否适用待定（{', '.join(check.missing)}）",
                    f"{d.text.en}: undetermined ({', '.join(check.missing)})",
                )
            )
    lines: list[PaymentLine] = []
    amounts: dict[str, Money | None] = {}
    not_paid: set[str] = set()  # excluded, or its condition does not hold
    for line_decl in kinds.items:
        cond = None if line_decl.condition is None else decide(line_decl.condition)
        new = _item_lines(line_decl, ctx, excluded.get(line_decl.id), cond)
        lines.extend(new)
        first = new[0] if new else None
        # a pending grant is matched as granted: the host's duty does not wait on the event
        amounts[line_decl.id] = first.amount if first and first.status in GRANTED else None
        for x in new:
            if x.status != "excluded":
                break
        else:  # no line, or every line excluded
            not_paid.add(line_decl.id)
    obligations = []
    for ob in kinds.obligations:
        if ob.condition is not None:
            cond = decide(ob.condition)
            if cond.status in (Status.FAIL, Status.NA):
                continue
            if cond.status is not Status.PASS:
                obligations.append(
                    ObligationResult(
                        id=ob.id,
                        obligor=ob.obligor,
                        text=ob.text,
                        citation=ob.cite,
                        status=Status.UNKNOWN,
                        per=ob.per,
                        missing=cond.missing,
                    )
                )
                continue
        if ob.of is not None and ob.of in not_paid and ob.at_least is None:
            obligations.append(
                ObligationResult(
                    id=ob.id,
                    obligor=ob.obligor,
                    text=ob.text,
                    citation=ob.cite,
                    status=Status.NA,
                    required=Money(0),
                    per=ob.per,
                )
            )  # nothing is paid, so nothing is to be matched
            continue
        obligations.append(_obligation(ob, ctx, amounts))
    titles: list[TitleResult] = []
    for title in kinds.titles:
        cond = _PASSED if title.condition is None else decide(title.condition)
        if (conferred := conferred_on(title, cond.status, cond.missing)) is not None:
            titles.append(conferred)
    caps: list[PackageCapResult] = []
    for package in kinds.caps:
        cond = None if package.condition is None else decide(package.condition)
        cap, lines = _package_cap(package, lines, ctx, cond)
        if cap is not None:
            caps.append(cap)
    total, pending, complete = _totals(lines)
    return FundingResult(
        programme=programme_id,
        lines=tuple(lines),
        obligations=tuple(obligations),
        total=total,
        complete=complete,
        notes=tuple(notes),
        pending_total=pending,
        caps=tuple(caps),
        titles=tuple(titles),
        plugin=plugin,
    )


def _totals(lines: Sequence[PaymentLine]) -> tuple[Money, Money, bool]:
    """The amount granted (pending included), the amount pending, and whether every line
    is granted or excluded: in one walk, the sums added in integer fen in the lines'
    order (as ``sum`` of the amounts adds them, failing on the same running total)."""
    total = pending = 0
    complete = True
    low, high = INT64
    for x in lines:
        status, amount = x.status, x.amount
        if status in GRANTED:
            if amount is not None:
                total += amount.fen
                if not low <= total <= high:
                    Money._checked(total)  # raises as Money's sum does
                if status == "pending":
                    pending += amount.fen
                    if not low <= pending <= high:
                        Money._checked(pending)
        elif status != "excluded":
            complete = False
    return Money(total), Money(pending), complete


@attrs.frozen(eq=False)
class _Kinds:
    """A programme's funding declarations by kind, each in order, their texts showing the
    parameters in force (:func:`~talentkit.fundingtext.in_force`)."""

    exclusions: tuple[Exclusion, ...]
    items: tuple[FundingItem, ...]
    obligations: tuple[Obligation, ...]
    titles: tuple[Title, ...]
    caps: tuple[PackageCap, ...]
    #: every condition, in the order evaluated
    rules: tuple[Rule, ...]
    #: what the declarations read from the case (None: a declaration of a kind not known
    #: here, whose reads are not known either)
    reads: tuple[Read, ...] | None
    #: the results by programme, plugin and case key (:func:`evaluate_funding`)
    results: dict[tuple[Any, ...], FundingResult] = attrs.field(factory=dict)


def _in_force(decls: Sequence[FundingDecl], ctx: Context) -> _Kinds:
    """The declarations by kind, their texts in force: the same for every case of one
    date and parameter set, so sorted once per assessment date (installed parameters;
    kept with the declarations beside)."""
    shared = ctx.shared
    if shared is None:
        return _kinds(decls, ctx)
    return shared.kept(shared.funding, decls, lambda: _kinds(decls, ctx))


def _kinds(decls: Sequence[FundingDecl], ctx: Context) -> _Kinds:
    # texts repeating a parameter's figure show the value in force
    shown = [in_force(d, ctx) for d in decls]
    exclusions = tuple(d for d in shown if isinstance(d, Exclusion))
    items = tuple(d for d in shown if isinstance(d, FundingItem))
    obligations = tuple(d for d in shown if isinstance(d, Obligation))
    titles = tuple(d for d in shown if isinstance(d, Title))
    caps = tuple(d for d in shown if isinstance(d, PackageCap))
    conditions: list[Rule | None] = [d.when for d in exclusions]
    for kind in (items, obligations, titles, caps):
        conditions += [d.condition for d in kind]
    return _Kinds(
        exclusions=exclusions,
        items=items,
        obligations=obligations,
        titles=titles,
        caps=caps,
        rules=tuple(rule for rule in conditions if rule is not None),
        reads=_reads(shown),
    )


def _reads(decls: Sequence[Any]) -> tuple[Read, ...] | None:
    """The facts and dates the declarations read from the case, in order (a fact given
    as an amount or value, ``F``, among them); None if one is of a kind not known here."""
    reads: list[Read] = []
    for d in decls:
        if type(d) not in _KNOWN:
            return None
        parts = [d]
        if isinstance(d, FundingItem):
            parts += [x for x in (d.schedule, d.paid_after, d.prior_award) if x is not None]
            if isinstance(d, Range):
                reads.append(("fact", d.decided))
            elif isinstance(d, Percentage):
                reads += [("fact", p) for p in (d.base, d.prior) if p]
            if isinstance(d.schedule, _YEARLY):
                reads.append(("date", d.schedule.start))
                if isinstance(d.schedule.gate, YearlyGate):
                    parts.append(d.schedule.gate)
                    reads.append(("fact", d.schedule.gate.event))
            if d.paid_after is not None:
                reads.append(("fact", d.paid_after.event))
            if d.prior_award is not None:
                reads.append(("fact", d.prior_award.received))
        elif isinstance(d, Obligation):
            reads.append(("fact", d.committed))
        for part in parts:
            if type(part) not in _KNOWN:
                return None
            reads += [
                ("fact", v.path) for v in attrs.astuple(part, recurse=False) if isinstance(v, F)
            ]
    return tuple(dict.fromkeys(reads))  # a fact read twice is keyed once


def _package_cap(
    d: PackageCap, lines: list[PaymentLine], ctx: Context, cond: Decision | None
) -> tuple[PackageCapResult | None, list[PaymentLine]]:
    """The cap's arithmetic, and the lines with the package's marked invalid when over;
    ``cond``: the decision of its condition, if it has one."""
    head: dict[str, Any] = {"id": d.id, "text": d.text, "citation": d.cite}
    if cond is not None:
        if cond.status in (Status.FAIL, Status.NA):
            return None, lines
        if cond.status is not Status.PASS:
            return PackageCapResult(status=Status.UNKNOWN, missing=cond.missing, **head), lines
    cap_value, miss = ctx.value(d.cap)
    mine = [x for x in lines if x.item in d.items]
    open_ = [x for x in mine if x.status == "undetermined"]
    missing = tuple(
        dict.fromkeys(m for x in open_ for m in (x.missing or (f"amount of {x.item}",)))
    )
    if miss:
        missing = (miss, *missing)
    per_item = tuple(
        (
            item,
            sum((x.amount or ZERO for x in mine if x.item == item and x.status in GRANTED), ZERO),
        )
        for item in d.items
        if any(x.item == item for x in mine)
    )
    total = sum((a for _, a in per_item), ZERO)
    cap = None if miss else _money(cap_value, str(d.cap))
    if missing or cap is None:
        result = PackageCapResult(
            status=Status.UNKNOWN, items=per_item, sum=total, cap=cap, missing=missing, **head
        )
        return result, lines
    if total <= cap:
        return PackageCapResult(
            status=Status.PASS, items=per_item, sum=total, cap=cap, **head
        ), lines
    parts_zh = " + ".join(f"{a:,} 元（{i}）" for i, a in per_item)
    parts_en = " + ".join(f"{a:,} ({i})" for i, a in per_item)
    problem = Text(
        f"{d.text.zh}：{parts_zh} = {total:,} 元，超过上限 {cap:,} 元，整体退回提议方（不作截断）",
        f"{d.text.en}: {parts_en} = {total:,} yuan, over the cap of {cap:,} yuan; the "
        "package is returned to the proposer (never clamped)",
    )
    marked = [
        attrs.evolve(x, status="invalid", problem=problem)
        if x.item in d.items and x.status in GRANTED
        else x
        for x in lines
    ]
    return PackageCapResult(status=Status.FAIL, items=per_item, sum=total, cap=cap, **head), marked


def _item_lines(
    d: FundingItem, ctx: Context, exclusion: Exclusion | None, cond: Decision | None
) -> list[PaymentLine]:
    """The item's payment lines; ``cond``: the decision of its condition, if it has one."""
    lines = _payments(d, ctx, exclusion, cond)
    if d.paid_after is not None:
        lines = _await(d.paid_after, d.schedule, lines, ctx)
    gate = getattr(d.schedule, "gate", None)
    if isinstance(gate, YearlyGate):
        lines = _await_yearly(gate, d.schedule, lines, ctx)
    return lines


def _await_yearly(
    g: YearlyGate, schedule: Schedule, lines: list[PaymentLine], ctx: Context
) -> list[PaymentLine]:
    """Each year's payment from ``g.first`` on with its own event: pending until that
    year's date is given and reached, then payable from it (or later, as it was)."""
    given = ctx.fact(g.event)  # (not `dates`: that is the module shifting the year's start)
    if given is not MISSING and not (
        isinstance(given, list) and all(isinstance(x, dt.date) for x in given)
    ):
        raise TypeError(f"{g.event} must be a list of dates, got {given!r}")
    start: Any = None
    if isinstance(schedule, _YEARLY):
        start, _, _ = ctx.date(schedule.start)
    leap, miss_leap = ctx.value(g.leap_day)
    out = []
    for x in lines:
        k = x.instalment - g.first  # index of the year's date in the list
        if k < 0 or x.status not in GRANTED:
            out.append(x)
            continue
        if x.status == "pending":  # still waiting on the line's own condition first
            out.append(x)
            continue
        x = attrs.evolve(x, paid_after=g.text, paid_after_citation=g.cite)
        day = given[k] if isinstance(given, list) and k < len(given) else None
        if day is None:
            out.append(
                attrs.evolve(
                    x, status="pending", awaiting=f"{ctx.full(g.event)}[{k}]", payable_from=None
                )
            )
            continue
        opens = x.payable_from
        if opens is None and isinstance(start, dt.date) and not miss_leap:
            opens = dates.shift(start, dates.Period(years=x.instalment - 1), str(leap))
        payable = max(day, opens) if opens is not None else day
        if day > ctx.as_of:
            out.append(
                attrs.evolve(
                    x, status="pending", awaiting=f"{ctx.full(g.event)}[{k}]", payable_from=payable
                )
            )
        else:
            out.append(attrs.evolve(x, payable_from=payable))
    return out


def _await(
    p: PaidAfter, schedule: Schedule, lines: list[PaymentLine], ctx: Context
) -> list[PaymentLine]:
    """The lines with their payment condition; determined ones pending until the event's
    date is given, then payable from it (a later year: from that year's start if later)."""
    # each line evolved once: with the condition, and with what the event makes of it
    tagged: dict[str, Any] = {"paid_after": p.text, "paid_after_citation": p.cite}
    event = ctx.fact(p.event)
    if event is MISSING:
        return [
            attrs.evolve(x, status="pending", awaiting=ctx.full(p.event), **tagged)
            if x.status == "determined"
            else attrs.evolve(x, **tagged)
            for x in lines
        ]
    if not isinstance(event, dt.date):
        raise TypeError(f"{p.event} must be a date, got {event!r}")
    start: Any = None
    if isinstance(schedule, _YEARLY):
        start, _, _ = ctx.date(schedule.start)
    leap, miss_leap = ctx.value(p.leap_day)
    out = []
    for x in lines:
        if x.status != "determined":
            out.append(attrs.evolve(x, **tagged))
            continue
        day: dt.date | None = None
        if isinstance(start, dt.date) and not miss_leap:
            opens = dates.shift(start, dates.Period(years=x.instalment - 1), str(leap))
            day = max(event, opens)
        elif x.instalment == 1 and start is None:
            day = event
        # else the year's start is not known: neither is the day it can be paid
        if event > ctx.as_of:  # a date still to come: the event has not happened yet
            out.append(
                attrs.evolve(
                    x, status="pending", awaiting=ctx.full(p.event), payable_from=day, **tagged
                )
            )
        else:
            out.append(attrs.evolve(x, payable_from=day, **tagged))
    return out


def _payments(
    d: FundingItem, ctx: Context, exclusion: Exclusion | None, cond: Decision | None
) -> list[PaymentLine]:
    base: dict[str, Any] = {"item": d.id, "payee": d.payee, "citation": d.cite, "tax": d.tax}
    if cond is not None:
        if cond.status in (Status.FAIL, Status.NA):
            return []
        if cond.status is not Status.PASS:
            return [
                PaymentLine(
                    amount=None, status="undetermined", basis=d.text, missing=cond.missing, **base
                )
            ]
    if exclusion is not None:
        return [
            PaymentLine(
                amount=Money(0), status="excluded", basis=d.text, problem=exclusion.text, **base
            )
        ]
    shared = ctx.shared
    made: dict[tuple[Any, ...], list[PaymentLine]] | None = None
    if shared is not None and isinstance(d, _SET_AMOUNT) and not isinstance(d.amount, F):
        # an amount set in the declaration or a parameter: the same for every case of one
        # date and parameter set (the declaration is the one in force, kept per date), and
        # so are its yearly lines for the same years (kept beside, by years and start year)
        (amount, status, basis, missing, problem), made = shared.kept(
            shared.funding, d, lambda: (_amount(d, ctx), {})
        )
        if d.prior_award is not None:
            made = None
    else:
        amount, status, basis, missing, problem = _amount(d, ctx)
    if d.prior_award is not None and status == "determined" and amount is not None:
        amount, status, basis, missing, problem = _less_prior(d.prior_award, amount, basis, ctx)
    if not isinstance(d.schedule, _YEARLY):
        if made is not None:  # one line, the same for every case
            once = made.get(())
            if once is None:
                once = made[()] = [
                    PaymentLine(
                        amount=amount,
                        status=status,
                        basis=basis,
                        missing=missing,
                        problem=problem,
                        **base,
                    )
                ]
            return list(once)
        return [
            PaymentLine(
                amount=amount, status=status, basis=basis, missing=missing, problem=problem, **base
            )
        ]
    years, miss = ctx.value(d.schedule.years)
    start, miss_start, _ = ctx.date(d.schedule.start)
    if miss_start:  # the amounts stand; only their calendar years are open
        missing = (*missing, miss_start)
    if miss:
        return [
            PaymentLine(
                amount=None, status="undetermined", basis=basis, missing=(*missing, miss), **base
            )
        ]
    first_year = start.year if isinstance(start, dt.date) else None
    if made is not None and type(years) is int:
        key = (years, first_year, miss_start)
        kept = made.get(key)
        if kept is None:
            kept = made[key] = _yearly(
                d, base, amount, status, basis, missing, problem, years, first_year
            )
        return list(kept)
    return _yearly(d, base, amount, status, basis, missing, problem, years, first_year)


def _yearly(
    d: FundingItem,
    base: dict[str, Any],
    amount: Money | None,
    status: str,
    basis: Text,
    missing: tuple[str, ...],
    problem: Text | None,
    years: Any,
    first_year: int | None,
) -> list[PaymentLine]:
    """The lines of a yearly or instalment schedule over ``years`` from ``first_year``."""
    assert isinstance(d.schedule, _YEARLY)
    if isinstance(d.schedule, Instalments) and amount is not None:
        parts = semantics.instalments(amount.fen, years, d.schedule.rounding)
        how_zh, how_en = ROUNDING_TEXT[d.schedule.rounding]
        return [
            PaymentLine(
                amount=Money(part),
                status=status,
                basis=Text(
                    f"{basis.zh}（共 {amount} 元，分 {years} 年拨付，每期{how_zh}，第 {i + 1} 期）",
                    f"{basis.en} (total {amount} yuan in {years} annual instalments, each "
                    f"{how_en}, no. {i + 1})",
                ),
                missing=missing,
                problem=problem,
                instalment=i + 1,
                year=None if first_year is None else first_year + i,
                **base,
            )
            for i, part in enumerate(parts)
        ]
    return [
        PaymentLine(
            amount=amount,
            status=status,
            basis=basis,
            missing=missing,
            problem=problem,
            instalment=i + 1,
            year=None if first_year is None else first_year + i,
            **base,
        )
        for i in range(years)
    ]


def _amount(
    d: FundingItem, ctx: Context
) -> tuple[Money | None, str, Text, tuple[str, ...], Text | None]:
    if isinstance(d, _SET_AMOUNT):
        value, miss = ctx.value(d.amount)
        if miss:
            what = Text("由运营方设定", "set by the operator")
            if isinstance(d, External) and isinstance(d.amount, F):
                what = Text(
                    f"按{d.reference}逐案核定，核定金额尚未录入",
                    f"decided case by case under {d.reference}; the amount is not yet entered",
                )
            elif isinstance(d, External):
                what = Text(
                    f"按{d.reference}执行，金额由运营方提供",
                    f"as provided by {d.reference}; amount supplied by the operator",
                )
            return (
                None,
                "undetermined",
                Text(f"{d.text.zh}（{what.zh}）", f"{d.text.en} ({what.en})"),
                (miss,),
                None,
            )
        amount = _money(value, d.id)
        return (
            amount,
            "determined",
            Text(f"{d.text.zh}：{amount:,} 元", f"{d.text.en}: {amount:,} yuan"),
            (),
            None,
        )
    if isinstance(d, Range):
        low, miss_low = ctx.value(d.low) if d.low is not None else (None, None)
        high, miss_high = ctx.value(d.high)
        decided = ctx.fact(d.decided)
        missing = tuple(m for m in (miss_low, miss_high) if m)
        if decided is MISSING:
            missing += (ctx.full(d.decided),)
        rng = f"{low}–{high}" if low is not None and not miss_low else f"≤ {high}"
        basis = Text(
            f"{d.text.zh}（评审确定，范围 {rng} 元）",
            f"{d.text.en} (set by review within {rng} yuan)",
        )
        if missing:
            return None, "undetermined", basis, missing, None
        amount = _money(decided, d.decided)
        if (low is not None and amount < _money(low, str(d.low))) or amount > _money(
            high, str(d.high)
        ):
            return (
                amount,
                "invalid",
                basis,
                (),
                Text(
                    f"评审金额 {amount:,} 元超出 {rng} 元范围，退回提议方（不作截断）",
                    f"the proposed {amount:,} yuan is outside {rng} yuan; returned to the "
                    "proposer (never clamped)",
                ),
            )
        return amount, "determined", basis, (), None
    if isinstance(d, Percentage):
        base_v = ctx.fact(d.base)
        rate, miss_rate = ctx.value(d.rate)
        rounding, miss_rounding = ctx.value(d.rounding)
        cap, miss_cap = ctx.value(d.cap) if d.cap is not None else (None, None)
        prior = ctx.fact(d.prior) if d.prior else Money(0)
        missing = tuple(m for m in (miss_rate, miss_rounding, miss_cap) if m)
        if base_v is MISSING:
            missing += (ctx.full(d.base),)
        if prior is MISSING:
            missing += (ctx.full(d.prior or ""),)
        if missing:
            return None, "undetermined", d.text, missing, None
        computed = Money(semantics.share_of(_money(base_v, d.base).fen, Fraction(rate), rounding))
        amount = computed
        cap_note = ""
        if cap is not None:
            cap_fen = _money(cap, str(d.cap)).fen
            prior_fen = _money(prior, d.prior or "prior").fen
            room = Money(semantics.cap_room(cap_fen, prior_fen))
            amount = Money(semantics.capped(computed.fen, cap_fen, prior_fen))
            cap_note = f"; cap {cap} less {prior} already granted → {room}"
        how_zh, how_en = ROUNDING_TEXT[rounding]
        basis = Text(
            f"{d.text.zh}：{base_v} × {rate} = {computed} 元（{how_zh}）"
            + (f"；上限 {cap} 元，已享 {prior} 元" if cap is not None else ""),
            f"{d.text.en}: {base_v} × {rate} = {computed} yuan ({how_en})" + cap_note,
        )
        return amount, "determined", basis, (), None
    raise TypeError(f"unknown funding declaration {type(d).__name__}")


def _less_prior(
    p: PriorAward, amount: Money, basis: Text, ctx: Context
) -> tuple[Money | None, str, Text, tuple[str, ...], Text | None]:
    mode, miss = ctx.value(p.mode)
    if miss:
        return None, "undetermined", basis, (miss,), None
    if mode not in semantics.PRIOR_MODES:
        name = str(p.mode)
        return (
            amount,
            "invalid",
            basis,
            (),
            Text(
                f"{name} = {mode!r} 无效（应为 cumulative 或 top_up）",
                f"{name} = {mode!r} is not cumulative or top_up",
            ),
        )
    prior = ctx.fact(p.received)
    if mode == "cumulative":
        if prior is MISSING or not prior:
            return amount, "determined", basis, (), None
        return (
            amount,
            "determined",
            Text(
                f"{basis.zh}；同一对象此前已获 {prior} 元，按逐次全额计发（cumulative）",
                f"{basis.en}; already received {prior} yuan for the same object, not "
                "deducted (cumulative)",
            ),
            (),
            None,
        )
    if prior is MISSING:
        return None, "undetermined", basis, (ctx.full(p.received),), None
    paid = Money(semantics.less_prior(amount.fen, _money(prior, p.received).fen, mode))
    return (
        paid,
        "determined",
        Text(
            f"{basis.zh}；同一对象此前已获 {prior} 元，只补差额（top_up）→ {paid} 元",
            f"{basis.en}; already received {prior} yuan for the same object, only the "
            f"difference is paid (top_up) → {paid} yuan",
        ),
        (),
        None,
    )


def _obligation(d: Obligation, ctx: Context, amounts: dict[str, Money | None]) -> ObligationResult:
    committed = ctx.fact(d.committed)
    missing: list[str] = []
    exact: Fraction | None = None  # fen; the commitment is compared with it unrounded
    if d.ratio is not None:
        ratio, miss = ctx.value(d.ratio)
        grant = amounts.get(d.of or "")
        if miss:
            missing.append(miss)
        if grant is None:
            missing.append(f"amount of {d.of}")
        if not missing and grant is not None:
            exact = grant.times(Fraction(ratio))
    if d.at_least is not None:
        floor, miss = ctx.value(d.at_least)
        if miss:
            missing.append(miss)
        else:
            exact = max(exact or Fraction(0), Fraction(_money(floor, str(d.at_least)).fen))
    # shown to the fen, rounded up: a commitment of that amount meets the exact requirement
    required = None if exact is None else round_fen(exact, "fen_up")
    if committed is MISSING:
        missing.append(ctx.full(d.committed))
    if missing:
        status = Status.UNKNOWN
    else:
        got = _money(committed, d.committed).fen
        status = Status.PASS if got >= (exact or 0) else Status.FAIL
    return ObligationResult(
        id=d.id,
        obligor=d.obligor,
        text=d.text,
        citation=d.cite,
        status=status,
        required=required,
        committed=None if committed is MISSING else committed,
        per=d.per,
        missing=tuple(missing),
    )
