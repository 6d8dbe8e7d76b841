"""The ledger of an award over the years: what is due, paid, suspended, stopped or to be
recovered, from the funding result, the payments made and the events so far.

The award's history is the same input the exit rules read (:class:`~talentkit.Award`:
``paid``, ``awarded_on``, ``term_end``), with its dated ``events``. Each event goes through
the programme's exit rules; a rule's ``payment`` effect (``suspend``/``stop``) acts on the
payments still to come, and its ``recover`` is computed by the exit rules' own arithmetic
(:func:`talentkit.exits.recovery`), line by line.

Dates: a payment falls due on its ``payable_from`` (a payment condition met), else on the
award date moved by the instalment's years; a payment whose condition's event has not
happened (a *pending* line) is not due. A suspension runs from its event's date
(inclusive: a payment made that day is made while suspended) to its ``until`` (exclusive:
payment resumes that day); a stop runs from its event's date on, and from then nothing
falling due is paid (a payment due before a termination mid-year stays due: it fell due while
the support ran; what the exit rules recover of it is their ``recover``).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Sequence
from fractions import Fraction

import attrs

from talentkit.dates import Period, shift
from talentkit.exits import ExitCase, ExitOutcome, ExitRule, recovery
from talentkit.funding import GRANTED, FundingDecl, FundingItem, FundingResult, Obligation
from talentkit.fundingtext import in_force
from talentkit.money import ZERO, Money, round_fen
from talentkit.rules import Status
from talentkit.rules.context import Context
from talentkit.subjects import Award, Event, PaidItem, Profile
from talentkit.text import Citation, Text

LINE_STATES = (
    "not_due",
    "paid",
    "outstanding",
    "suspended",
    "stopped",
    "undetermined",
    "not_granted",
)


@attrs.frozen(kw_only=True)
class LedgerLine:
    """One payment of the funding result (item, year) against what was paid of it.

    ``state``: ``not_due`` (its day is still to come), ``paid`` (in full), ``outstanding``
    (due, not paid in full), ``suspended``, ``stopped``, ``undetermined`` (its due day is
    not known: ``award.awarded_on`` missing), ``not_granted`` (paid, but the funding result
    grants no such payment: ``amount`` and ``due`` are nothing, everything ``paid`` is
    flagged and ``recover`` is what the exit rules recover of it).
    """

    item: str
    payee: str
    year: int | None
    instalment: int
    amount: Money
    due_on: dt.date | None
    state: str
    due: Money | None
    paid: Money
    outstanding: Money | None
    suspended: Money = ZERO
    stopped: Money = ZERO
    recover: Money = ZERO


@attrs.frozen(kw_only=True)
class LedgerYear:
    """The sums of one year's lines (``year`` None: one-off payments)."""

    year: int | None
    amount: Money
    due: Money | None
    paid: Money
    outstanding: Money | None
    suspended: Money
    stopped: Money
    recover: Money


@attrs.frozen(kw_only=True)
class Shortfall:
    """An obligation's payments to date lag its schedule: by the end of ``year`` the
    obligor paid ``paid`` against ``required`` (the exact share of the grant paid so far,
    shown rounded up to the fen: paying it meets the schedule)."""

    obligation: str
    text: Text
    citation: Citation
    year: int | None
    required: Money
    paid: Money
    short: Money


@attrs.frozen(kw_only=True)
class LedgerEvent:
    """An event of the award and what the exit rules make of it."""

    kind: str
    date: dt.date
    until: dt.date | None
    rules: tuple[str, ...]
    payment: str | None
    recover: Money | None
    missing: tuple[str, ...] = ()
    payable: Money | None = None
    """What the event's outcomes make payable (an exit rule's ``top_up``)."""


@attrs.frozen(kw_only=True)
class Ledger:
    programme: str
    as_of: dt.date
    lines: tuple[LedgerLine, ...] = ()
    years: tuple[LedgerYear, ...] = ()
    events: tuple[LedgerEvent, ...] = ()
    shortfalls: tuple[Shortfall, ...] = ()
    flags: tuple[Text, ...] = ()
    missing: tuple[str, ...] = ()
    note: Text | None = None
    """Why nothing of the programme is granted (the verdict is not eligible): the ledger
    then lists only what was paid, flagged, and what the exit rules recover of it."""


def history_errors(
    award: Award, decls: Sequence[FundingDecl], kinds: Iterable[str], path: str
) -> list[str]:
    """Payments naming a line or obligation the programme does not declare, and events of
    a kind its exit rules do not answer, with the nearest names."""
    ids = [d.id for d in decls if isinstance(d, (FundingItem, Obligation))]
    known_kinds = list(kinds)
    errors = []
    for i, p in enumerate(award.paid or ()):
        if p.item not in ids:
            errors.append(
                f"unknown funding line {p.item!r}{_hint(p.item, ids)} (programme "
                f"{award.programme} pays: {', '.join(ids) or 'nothing'}) @ {path}.paid[{i}].item"
            )
    for i, e in enumerate(award.events or ()):
        if e.kind not in known_kinds:
            errors.append(
                f"no exit rule of programme {award.programme} answers an event of kind "
                f"{e.kind!r}{_hint(e.kind, known_kinds)} (kinds: "
                f"{', '.join(known_kinds) or 'none'}) @ {path}.events[{i}].kind"
            )
        if e.until is not None and e.until < e.date:
            errors.append(
                f"expected a date on or after the event's date {e.date} @ {path}.events[{i}].until"
            )
    return errors


def _hint(name: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=3, cutoff=0.6)
    return f"; did you mean {', '.join(close)}?" if close else ""


def build_ledger(
    funding: FundingResult,
    award: Award,
    decls: Sequence[FundingDecl],
    rules: Sequence[ExitRule],
    outcomes: Sequence[tuple[Event, Sequence[ExitOutcome]]],
    ctx: Context,
    profile: Profile,
    path: str = "$.awards[0]",
    note: Text | None = None,
) -> Ledger:
    """The ledger of ``award`` as of ``ctx.as_of``; ``outcomes``: each event of the award
    with the outcomes the programme's exit rules gave it; ``note``: why the funding result
    grants nothing (a verdict of not eligible), given with an empty result.

    A payment on a line the result does not grant is a ``not_granted`` line. What the exit
    rules recover of a line is never more than was paid of it, however many events
    recover it.

    Raises ValueError (messages ending ``@ path``) for a payment whose year matches no
    payment of its line.
    """
    as_of = ctx.as_of
    by_rule = {r.id: r for r in rules}
    granted = [x for x in funding.lines if x.status in GRANTED and x.amount is not None]
    years_of: dict[str, set[int | None]] = {}
    for x in granted:
        years_of.setdefault(x.item, set()).add(x.year)
    paid_to: dict[tuple[str, int | None], list[PaidItem]] = {}
    errors = []
    for i, p in enumerate(award.paid or ()):
        key = _year_of(p, years_of.get(p.item))
        if isinstance(key, str):
            errors.append(f"{key} @ {path}.paid[{i}].year")
            continue
        paid_to.setdefault((p.item, key), []).append(p)
    if errors:
        raise ValueError("; ".join(errors))

    suspensions: list[tuple[dt.date, dt.date | None]] = []
    stop_on: dt.date | None = None
    events: list[LedgerEvent] = []
    recovering: list[tuple[Event, ExitRule]] = []
    undecided: list[str] = []  # events whose effect waits on the decision's date
    for k, (event, outs) in enumerate(outcomes):
        effect: str | None = None
        from_decision = False
        missing: tuple[str, ...] = ()
        total: Money | None = None
        payable: Money | None = None
        for out in outs:
            rule = by_rule.get(out.rule_id)
            missing += out.missing
            if out.status is not Status.PASS or rule is None:
                continue
            if out.payable is not None:
                payable = (payable or ZERO) + out.payable
            if rule.payment == "stop" or (rule.payment == "suspend" and effect is None):
                effect = rule.payment
                from_decision = rule.payment_from == "decision"
            if rule.recover is not None and out.recover is not None:
                recovering.append((event, rule))
                total = (total or ZERO) + out.recover
        start: dt.date | None = event.date
        if effect is not None and from_decision:
            # in effect from the decision: until it is recorded, not yet applied (named)
            start = event.decided_on
            if start is None:
                missing += ("event.decided_on",)
                undecided.append(f"award.events[{k}].decided_on")
        if effect == "suspend" and start is not None and start <= as_of:
            suspensions.append((start, event.until))
        if effect == "stop" and start is not None and start <= as_of:
            stop_on = start if stop_on is None else min(stop_on, start)
        events.append(
            LedgerEvent(
                kind=event.kind,
                date=event.date,
                until=event.until,
                rules=tuple(o.rule_id for o in outs),
                payment=effect,
                recover=total,
                missing=missing,
                payable=payable,
            )
        )

    flags: list[Text] = []
    missing_all: list[str] = list(undecided)
    lines = []
    for x in granted:
        assert x.amount is not None
        payments = paid_to.get((x.item, x.year), [])
        paid = sum((p.amount for p in payments), ZERO)
        due_on = x.payable_from or (
            shift(award.awarded_on, Period(years=x.instalment - 1))
            if award.awarded_on is not None
            else None
        )
        if due_on is None and "award.awarded_on" not in missing_all:
            missing_all.append("award.awarded_on")
        rest = x.amount - paid if paid < x.amount else ZERO
        state, due, outstanding, suspended, stopped = _state(
            x.amount, paid, rest, due_on, as_of, stop_on, suspensions, x.status == "pending"
        )
        recover = _recovered(recovering, payments, award, profile, ctx)
        lines.append(
            LedgerLine(
                item=x.item,
                payee=x.payee,
                year=x.year,
                instalment=x.instalment,
                amount=x.amount,
                due_on=due_on,
                state=state,
                due=due,
                paid=paid,
                outstanding=outstanding,
                suspended=suspended,
                stopped=stopped,
                recover=recover,
            )
        )
        flags.extend(_payment_flags(x.item, x.year, x.amount, paid, payments, stop_on, suspensions))
    obligations = {d.id for d in decls if isinstance(d, Obligation)}
    lined = {(x.item, x.year) for x in granted}
    payees = {x.item: x.payee for x in funding.lines}
    for (item, year), payments in paid_to.items():
        if item in obligations or (item, year) in lined:
            continue
        lines.append(_not_granted(item, year, payments, payees, recovering, award, profile, ctx))
        where = item if year is None else f"{item} {year}"
        if note is not None:
            flags.append(
                Text(
                    f"{where}：已付款，但{note.zh}",
                    f"{where}: paid, but {note.en}",
                )
            )
            continue
        flags.append(
            Text(
                f"{where}：已付款，但资助结果未确定该笔支付（不予支持、无效或待定）",
                f"{where}: paid, but the funding result grants no such payment "
                "(excluded, invalid or open)",
            )
        )
    return Ledger(
        programme=funding.programme,
        as_of=as_of,
        lines=tuple(lines),
        years=_years(lines),
        events=tuple(events),
        shortfalls=_shortfalls(
            decls,
            ctx,
            paid_to,
            funding,
            sorted(
                {
                    x.year
                    for x in lines
                    if x.year is not None
                    and x.due_on is not None
                    and x.due_on <= as_of
                    and x.state != "stopped"
                }
            ),
        ),
        flags=tuple(flags),
        missing=tuple(missing_all),
        note=note,
    )


def _recovered(
    recovering: Sequence[tuple[Event, ExitRule]],
    payments: Sequence[PaidItem],
    award: Award,
    profile: Profile,
    ctx: Context,
) -> Money:
    """What the recovering events take back of one line's payments, by the exit rules' own
    arithmetic; never more than was paid (two events do not recover the same money twice)."""
    paid = _sum(p.amount for p in payments)
    recover = ZERO
    for event, rule in recovering:
        assert rule.recover is not None
        case = ExitCase(
            event=event, award=attrs.evolve(award, paid=list(payments)), profile=profile
        )
        amount, _, _ = recovery(rule.recover, ctx, case)
        recover += amount or ZERO
    return min(recover, paid)


def _not_granted(
    item: str,
    year: int | None,
    payments: Sequence[PaidItem],
    payees: dict[str, str],
    recovering: Sequence[tuple[Event, ExitRule]],
    award: Award,
    profile: Profile,
    ctx: Context,
) -> LedgerLine:
    """A line for payments the funding result does not grant: nothing is due of them."""
    payee = payees.get(item) or next((p.payee for p in payments if p.payee), "") or ""
    return LedgerLine(
        item=item,
        payee=payee,
        year=year,
        instalment=1,
        amount=ZERO,
        due_on=None,
        state="not_granted",
        due=ZERO,
        paid=_sum(p.amount for p in payments),
        outstanding=ZERO,
        recover=_recovered(recovering, payments, award, profile, ctx),
    )


def _year_of(p: PaidItem, years: set[int | None] | None) -> int | str | None:
    """The year of the line a payment belongs to, or what is wrong with it."""
    if not years:  # an obligation's payment, or a line not granted: by its own year
        return p.year if p.year is not None else (p.on.year if p.on is not None else None)
    if years == {None}:
        return None
    year = p.year if p.year is not None else (p.on.year if p.on is not None else None)
    if year not in years:
        shown = ", ".join(str(y) for y in sorted(y for y in years if y is not None))
        return f"expected the year of a payment of {p.item} ({shown}), got {year}"
    return year


_Amounts = tuple[str, Money | None, Money | None, Money, Money]
"""state, due, outstanding, suspended, stopped"""


def _state(
    amount: Money,
    paid: Money,
    rest: Money,
    due_on: dt.date | None,
    as_of: dt.date,
    stop_on: dt.date | None,
    suspensions: Sequence[tuple[dt.date, dt.date | None]],
    waiting: bool = False,
) -> _Amounts:
    """State and amounts of one line on ``as_of``; ``waiting``: the funding line is
    pending (its payment condition's event has not happened)."""
    if not rest:
        return "paid", amount, ZERO, ZERO, ZERO
    if stop_on is not None and due_on is not None and due_on >= stop_on:
        # a payment falling due on the day support stops, or later, is not made
        return "stopped", paid, ZERO, ZERO, rest
    if waiting:  # it cannot fall due before the event it waits on
        return "not_due", paid, ZERO, ZERO, ZERO
    if due_on is None:
        return "undetermined", None, None, ZERO, ZERO
    if due_on > as_of:
        return "not_due", paid, ZERO, ZERO, ZERO
    if any(start <= as_of and (end is None or as_of < end) for start, end in suspensions):
        return "suspended", amount, ZERO, rest, ZERO
    return "outstanding", amount, rest, ZERO, ZERO


def _payment_flags(
    item: str,
    year: int | None,
    amount: Money,
    paid: Money,
    payments: Sequence[PaidItem],
    stop_on: dt.date | None,
    suspensions: Sequence[tuple[dt.date, dt.date | None]],
) -> list[Text]:
    where = item if year is None else f"{item} {year}"
    out = []
    if paid > amount:
        over = paid - amount
        out.append(Text(f"{where}：多付 {over} 元", f"{where}: overpaid by {over} yuan"))
    for p in payments:
        if p.on is None:
            continue
        if stop_on is not None and p.on >= stop_on:
            out.append(
                Text(
                    f"{where}：{p.on} 付款在终止（{stop_on}）之后",
                    f"{where}: paid on {p.on}, on or after the stop of {stop_on}",
                )
            )
        elif any(s <= p.on and (e is None or p.on < e) for s, e in suspensions):
            out.append(
                Text(
                    f"{where}：{p.on} 付款时资助暂停中", f"{where}: paid on {p.on} while suspended"
                )
            )
    return out


def _years(lines: Sequence[LedgerLine]) -> tuple[LedgerYear, ...]:
    keys: list[int | None] = []
    for x in lines:
        if x.year not in keys:
            keys.append(x.year)
    out = []
    for year in sorted(keys, key=lambda y: (y is not None, y or 0)):
        of = [x for x in lines if x.year == year]
        unknown = any(x.due is None for x in of)
        out.append(
            LedgerYear(
                year=year,
                amount=_sum(x.amount for x in of),
                due=None if unknown else _sum(x.due or ZERO for x in of),
                paid=_sum(x.paid for x in of),
                outstanding=None if unknown else _sum(x.outstanding or ZERO for x in of),
                suspended=_sum(x.suspended for x in of),
                stopped=_sum(x.stopped for x in of),
                recover=_sum(x.recover for x in of),
            )
        )
    return tuple(out)


def _sum(amounts: Iterable[Money]) -> Money:
    return sum(amounts, ZERO)


def _shortfalls(
    decls: Sequence[FundingDecl],
    ctx: Context,
    paid_to: dict[tuple[str, int | None], list[PaidItem]],
    funding: FundingResult,
    begun: Sequence[int],
) -> tuple[Shortfall, ...]:
    """Year by year, what an obligation's obligor has paid to the end of the year against
    its schedule to then: a ``ratio`` of what was paid of the line ``of`` so far, and a
    yearly ``at_least`` (``per="year"``) once for each year of the award begun so far
    (``begun``). Compared exactly, in fractions of a fen."""
    out = []
    applies = {o.id for o in funding.obligations}
    for d in decls:
        if not isinstance(d, Obligation) or d.id not in applies:
            continue
        rate: Fraction | None = None
        if d.ratio is not None and d.of is not None:
            ratio, miss = ctx.value(d.ratio)
            rate = None if miss else Fraction(ratio)
        floor: Money | None = None
        if d.at_least is not None and d.per == "year":
            value, miss = ctx.value(d.at_least)
            floor = value if not miss and isinstance(value, Money) else None
        if rate is None and floor is None:
            continue
        dated = {y for (item, y) in paid_to if item in (d.of, d.id) and y is not None}
        known: list[int | None] = []
        known += sorted(dated | set(begun if floor is not None else ()))
        years = known or [None]
        for year in years:
            exact = Fraction(0)
            if rate is not None and d.of is not None:
                exact = _paid_through(paid_to, d.of, year).times(rate)
            if floor is not None:
                count = sum(1 for y in begun if year is None or y <= year)
                exact = max(exact, Fraction(floor.fen * count))
            match = _paid_through(paid_to, d.id, year)
            if match.fen >= exact:
                continue
            required = round_fen(exact, "fen_up")
            out.append(
                Shortfall(
                    obligation=d.id,
                    text=in_force(d, ctx).text,
                    citation=d.cite,
                    year=year,
                    required=required,
                    paid=match,
                    short=required - match,
                )
            )
    return tuple(out)


def _paid_through(
    paid_to: dict[tuple[str, int | None], list[PaidItem]], item: str, year: int | None
) -> Money:
    return _sum(
        p.amount
        for (name, y), ps in paid_to.items()
        if name == item and (year is None or y is None or y <= year)
        for p in ps
    )
