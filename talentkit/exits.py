"""Exit rules: given an award and a dated event, the consequences the text attaches.

Bars run from the decision date to the corresponding day N years later, inclusive, with no
holiday roll-over. Deadlines to act are calendar months (corresponding day) or working days
on China's official calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

import attrs

from talentkit import semantics
from talentkit.choices import RecoveryMode, allowed, choice
from talentkit.dates import Period, ban_until, shift
from talentkit.failure import HookError
from talentkit.fundingtext import in_force
from talentkit.money import ZERO, Money
from talentkit.rules import Rule, Status
from talentkit.rules.context import Context
from talentkit.rules.refs import P
from talentkit.subjects import Award, Event, Profile
from talentkit.text import Citation, Text
from talentkit.titles import Title, WithdrawnTitle

if TYPE_CHECKING:  # the ledger reads the exit rules: imported for the annotation only
    from talentkit.ledger import Ledger

RECOVERY_MODES = allowed(RecoveryMode)
PaymentEffect = Literal["suspend", "stop"]
PAYMENT_EFFECTS = ("suspend", "stop")
#: the day a payment effect runs from: the event's date, or the decision's
PaymentFrom = Literal["event", "decision"]


@attrs.frozen(kw_only=True)
class Recover:
    """Money to recover: ``items`` paid (empty = everything paid) times ``share``, less
    ``keep`` (an amount the person keeps, e.g. a lower standard they still qualify for;
    never below nothing).

    :param mode: ``full`` recovers ``share`` of what was paid; ``pro_rata`` only the part
        of it for the time not served: the unserved days of the term from
        ``award.awarded_on`` to ``award.term_end``, counted from the event's date
        (:func:`talentkit.semantics.unserved_share`). Exact, rounded down to the fen.
    """

    items: tuple[str, ...] = ()
    share: Fraction | P = Fraction(1)
    mode: RecoveryMode | P = attrs.field(default="full", validator=choice(RecoveryMode, also=(P,)))
    keep: Money | P = ZERO


@attrs.frozen(kw_only=True)
class TopUp:
    """Money payable on the event: ``to`` (the standard the event moves the award to, e.g.
    a higher project category's subsidy) less what was paid under ``items`` (empty:
    everything paid); never below nothing. Exact to the fen: amounts are only subtracted."""

    to: Money | P
    items: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Ban:
    """``on`` whom (``leader``, ``host``, ``person``…) is barred for ``years``."""

    on: str
    years: int | P
    text: Text
    calendar_years: bool = False
    """Count whole calendar years: the bar ends on 31 December of the year of the decision
    plus ``years`` ("取消下一年度申报资格" is ``years=1, calendar_years=True``)."""
    leap_day: str | P = "feb28"
    """A bar decided on 29 February ends on 28 February (``feb28``) or 1 March (``mar1``)."""


@attrs.frozen(kw_only=True)
class Deadline:
    """Something to do by a date counted from the event: ``months``, ``days`` or
    ``working_days`` after it (``before=True``: at least that long *before* it)."""

    what: Text
    months: int | P | None = None
    days: int | P | None = None
    working_days: int | P | None = None
    before: bool = False
    done: str | None = None
    """Where the case records when the duty was performed (``event.facts.x.reported_on``)."""
    late: Text | None = None
    """The consequence the text attaches to lateness; None: the text attaches none."""


@attrs.frozen(kw_only=True)
class ExitRule:
    """A consequence the text attaches to an event kind (``trigger``).

    :param when: further conditions, read from ``event.*``, ``award.*`` and ``profile.*``
    """

    id: str
    cite: Citation
    text: Text
    trigger: str
    decided_by: Text
    when: Rule | None = None
    new_status: str | None = None
    recover: Recover | None = None
    bans: tuple[Ban, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    withdraw: tuple[str, ...] = ()
    """Ids of the programme's titles (:class:`~talentkit.titles.Title`) the outcome ends."""
    top_up: TopUp | None = None
    """Money the outcome makes payable (the difference to a higher standard)."""
    payment: PaymentEffect | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.in_(PAYMENT_EFFECTS))
    )
    """What the outcome does to payments still to come, read by the ledger
    (:mod:`talentkit.ledger`): ``suspend`` from the event's date until its ``until``;
    ``stop`` from the event's date on."""
    payment_from: PaymentFrom = attrs.field(default="event", validator=choice(PaymentFrom))
    """The day ``payment`` runs from: the event's ``date`` (``event``), or the day the body
    deciding it decided, the event's ``decided_on`` (``decision``: 「审查后做出…终止支持…的
    决定」 ends support when decided, not when the event happened); while that is not given,
    the ledger applies no effect and names it as missing."""

    def __attrs_post_init__(self) -> None:
        if self.payment_from != "event" and self.payment is None:
            raise ValueError(
                f"exit rule {self.id}: payment_from={self.payment_from!r} needs a payment effect"
                " (payment='stop' or 'suspend')"
            )


@attrs.frozen(kw_only=True)
class BanResult:
    on: str
    text: Text
    start: dt.date
    until: dt.date


@attrs.frozen(kw_only=True)
class DeadlineResult:
    what: Text
    due: dt.date
    basis: str
    done_on: dt.date | None = None
    late: bool | None = None
    """None while the case does not say when the duty was performed."""
    consequence: Text | None = None
    """When late: what the text attaches to it, or that it attaches nothing."""


NO_SANCTION = Text("文件未规定逾期后果", "the text attaches no sanction")


@attrs.frozen(kw_only=True)
class ExitOutcome:
    rule_id: str
    text: Text
    citation: Citation
    status: Status
    decided_by: Text
    new_status: str | None = None
    recover: Money | None = None
    recover_items: tuple[str, ...] = ()
    bans: tuple[BanResult, ...] = ()
    deadlines: tuple[DeadlineResult, ...] = ()
    missing: tuple[str, ...] = ()
    plugin: str = ""
    withdrawn: tuple[WithdrawnTitle, ...] = ()
    payment: PaymentEffect | None = None
    """What the outcome does to payments still to come (the rule's ``payment``)."""
    payable: Money | None = None
    """What the outcome makes payable (the rule's ``top_up``; None: none, or facts missing)."""
    payable_items: tuple[str, ...] = ()
    until: dt.date | None = None
    """A suspension's end: the event's ``until`` (payment resumes that day; None: in force)."""


@attrs.frozen(kw_only=True)
class ExitCase:
    """The root that exit conditions read: ``event.*``, ``award.*``, ``profile.*``."""

    event: Event
    award: Award
    profile: Profile


@attrs.frozen(kw_only=True)
class ExitReport:
    programme: str
    event: Event
    outcomes: tuple[ExitOutcome, ...]
    no_rule: bool
    note: Text | None = None
    error: HookError | None = None  # a plugin's exit hook failed; no outcome is given
    ledger: Ledger | None = None
    """Where the award gives its payments or recorded events: its ledger as of the
    assessment date with this event among its events (what is still payable, suspended,
    stopped, to be recovered), built as ``assess`` builds it."""

    __omit_none__ = ("ledger",)


def evaluate_exit(
    rules: Sequence[ExitRule],
    ctx: Context,
    case: ExitCase,
    titles: Sequence[Title] = (),
) -> list[ExitOutcome]:
    """The outcomes of the rules the event triggers; ``titles``: the programme's titles,
    which the rules' ``withdraw`` names."""
    by_id = {t.id: t for t in titles}
    out = []
    sub = ctx.at(case, "")
    for rule in rules:
        if rule.trigger != case.event.kind:
            continue
        rule = in_force(rule, ctx)  # its texts show the parameters in force
        status = Status.PASS
        missing: tuple[str, ...] = ()
        if rule.when is not None:
            check = rule.when.evaluate(sub)
            status, missing = check.status, check.missing
            if status in (Status.FAIL, Status.NA):
                continue
        decided = case.event.decided_on or case.event.date
        bans = []
        for ban in rule.bans:
            years, miss = ctx.value(ban.years)
            leap, miss_leap = ctx.value(ban.leap_day)
            if miss or miss_leap:
                missing += tuple(m for m in (miss, miss_leap) if m)
                continue
            until = (
                dt.date(decided.year + years, 12, 31)
                if ban.calendar_years
                else ban_until(decided, years, leap)
            )
            bans.append(BanResult(on=ban.on, text=ban.text, start=decided, until=until))
        deadlines = []
        for d in rule.deadlines:
            due, basis, miss = _due(d, ctx, case.event.date)
            if miss:
                missing += (miss,)
            elif due is not None:
                deadlines.append(_performed(d, sub, due, basis))
        recover: Money | None = None
        items: tuple[str, ...] = ()
        if rule.recover is not None:
            recover, items, miss_r = recovery(rule.recover, ctx, case)
            missing += miss_r
        payable: Money | None = None
        paid_items: tuple[str, ...] = ()
        if rule.top_up is not None:
            payable, paid_items, miss_t = top_up(rule.top_up, ctx, case)
            missing += miss_t
        out.append(
            ExitOutcome(
                rule_id=rule.id,
                text=rule.text,
                citation=rule.cite,
                status=Status.UNKNOWN if missing and status is Status.PASS else status,
                decided_by=rule.decided_by,
                new_status=rule.new_status,
                recover=recover,
                recover_items=items,
                bans=tuple(bans),
                deadlines=tuple(deadlines),
                missing=missing,
                withdrawn=tuple(
                    WithdrawnTitle(id=t.id, text=t.text, citation=t.cite, holder=t.holder)
                    for t in (by_id[i] for i in rule.withdraw if i in by_id)
                ),
                payment=rule.payment,
                until=case.event.until if rule.payment == "suspend" else None,
                payable=payable,
                payable_items=paid_items,
            )
        )
    return out


def _performed(d: Deadline, sub: Context, due: dt.date, basis: str) -> DeadlineResult:
    """The deadline, and whether the duty was done in time where the case says when."""
    done = sub.fact(d.done) if d.done else None
    if not isinstance(done, dt.date):
        return DeadlineResult(what=d.what, due=due, basis=basis)
    late = done > due
    return DeadlineResult(
        what=d.what,
        due=due,
        basis=basis,
        done_on=done,
        late=late,
        consequence=(d.late or NO_SANCTION) if late else None,
    )


def _due(d: Deadline, ctx: Context, start: dt.date) -> tuple[dt.date | None, str, str | None]:
    for name in ("months", "days", "working_days"):
        ref = getattr(d, name)
        if ref is None:
            continue
        n, miss = ctx.value(ref)
        if miss:
            return None, "", miss
        if name == "working_days":
            if d.before:
                raise ValueError("working-day deadlines before an event are not supported")
            return (
                ctx.calendar.add_working_days(start, n, count_start=False),
                f"{n} working days after {start}",
                None,
            )
        period = Period(months=n) if name == "months" else Period(days=n)
        due = shift(start, -period if d.before else period)
        if not d.before:
            # a period within which someone must act rolls over to the next working day
            due = ctx.calendar.next_working_day(due)
        word = "before" if d.before else "after"
        return due, f"{period.iso()} {word} {start}", None
    return None, "", None


def recovery(
    r: Recover, ctx: Context, case: ExitCase
) -> tuple[Money | None, tuple[str, ...], tuple[str, ...]]:
    """What ``r`` recovers of ``case.award.paid``: the amount (None while facts are
    missing), the items it was paid under, and the missing facts."""
    award = case.award
    share, miss = ctx.value(r.share)
    mode, miss_mode = ctx.value(r.mode)
    keep, miss_keep = ctx.value(r.keep)
    missing = tuple(m for m in (miss, miss_mode, miss_keep) if m)
    if award.paid is None:
        missing += ("award.paid",)
    if mode == "pro_rata":
        if award.awarded_on is None:
            missing += ("award.awarded_on",)
        if award.term_end is None:
            missing += ("award.term_end",)
    elif mode not in RECOVERY_MODES and not miss_mode:
        raise ValueError(f"{r.mode} = {mode!r}: expected one of {', '.join(RECOVERY_MODES)}")
    if missing or award.paid is None:
        return None, (), missing
    paid = [p for p in award.paid if not r.items or p.item in r.items]
    rate = Fraction(share)
    if mode == "pro_rata":
        assert award.awarded_on is not None
        assert award.term_end is not None
        rate *= semantics.unserved_share(award.awarded_on, award.term_end, case.event.date)
    total = sum((p.amount for p in paid), Money(0))
    if not isinstance(keep, Money):
        raise TypeError(f"{r.keep} must be an amount (a yuan parameter), got {keep!r}")
    # what was paid is recovered to the fen; a share leaving a part of a fen recovers
    # the whole fen's part that was paid, no more (rounded down); what the person keeps
    # comes off after, never below nothing
    recovered = semantics.share_of(total.fen, rate, "fen_down")
    return Money(max(0, recovered - keep.fen)), tuple(p.item for p in paid), ()


def top_up(
    t: TopUp, ctx: Context, case: ExitCase
) -> tuple[Money | None, tuple[str, ...], tuple[str, ...]]:
    """What ``t`` makes payable: ``t.to`` less what ``case.award.paid`` holds of its items
    (None while the standard or the payments are not known), the items it counted, and
    the missing facts."""
    to, miss = ctx.value(t.to)
    missing: tuple[str, ...] = (miss,) if miss else ()
    if case.award.paid is None:
        missing += ("award.paid",)
    if missing or case.award.paid is None:
        return None, (), missing
    if not isinstance(to, Money):
        raise TypeError(f"{t.to} must be an amount (a yuan parameter), got {to!r}")
    paid = [p for p in case.award.paid if not t.items or p.item in t.items]
    total = sum((p.amount for p in paid), ZERO)
    return (to - total if total < to else ZERO), tuple(p.item for p in paid), ()
