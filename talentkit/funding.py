"""Funding declarations and their evaluation: who gets how much, when, on what basis.

Amounts are integer yuan. Ranges set by a panel are validated, never clamped. A
percentage is computed exactly and rounded down to the yuan (a subsidy is never rounded
up beyond what the rate gives), then capped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import attrs

from talentkit import semantics
from talentkit.choices import ObligationPer, PayeeKind, PriorMode, choice
from talentkit.facts import MISSING
from talentkit.rules import Rule, Status
from talentkit.rules.context import Context
from talentkit.rules.refs import REF, F, P
from talentkit.text import Citation, Text

TAX_GOVERNMENT_AWARD = Text("视同政府奖金", "treated as a government award")
TAX_EXEMPT = Text("免征个人所得税", "exempt from individual income tax")


@attrs.frozen(kw_only=True)
class OneOff:
    """Paid once. ``when`` says on what the payment waits (e.g. the contract performed)."""

    when: Text | None = None


@attrs.frozen(kw_only=True)
class Annual:
    """Paid every year for ``years`` years from the date at ``start`` (first year = 1)."""

    years: int | P
    start: str | P = REF
    gate: Text | None = None


@attrs.frozen(kw_only=True)
class Instalments:
    """The amount is a *total* paid in ``years`` annual instalments from the date at
    ``start`` ("共资助N万元，分M年拨付"). The instalments are equal to the yuan; the last also
    carries what the division leaves, so they add up to the total exactly
    (:func:`talentkit.semantics.instalments`)."""

    years: int | P
    start: str | P = REF
    gate: Text | None = None


Schedule = OneOff | Annual | Instalments


@attrs.frozen(kw_only=True)
class PriorAward:
    """What the same object already received for an earlier recognition, and how this
    award meets it.

    :param received: the fact (integer yuan) holding what was already received
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
    """

    id: str
    cite: Citation
    text: Text
    payee: PayeeKind = attrs.field(validator=choice(PayeeKind))
    schedule: Schedule = OneOff()
    tax: Text | None = None
    condition: Rule | None = None
    prior_award: PriorAward | None = None


@attrs.frozen(kw_only=True)
class Fixed(FundingItem):
    """A stated amount per payment: ``amount=P("…personal_subsidy")``."""

    amount: int | P


@attrs.frozen(kw_only=True)
class Range(FundingItem):
    """A panel sets the amount within ``[low, high]``; the decided amount is read from
    ``decided`` and validated."""

    low: int | P | None = None
    high: int | P
    decided: str


@attrs.frozen(kw_only=True)
class Percentage(FundingItem):
    """``rate × base``, rounded down to the yuan, capped at ``cap`` across all payments of
    the same object (``prior`` = what earlier payments already granted)."""

    base: str
    rate: Fraction | P
    cap: int | P | None = None
    prior: str | None = None


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
    at_least: int | P | None = None
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


FundingDecl = FundingItem | Obligation | Exclusion


@attrs.frozen(kw_only=True)
class PaymentLine:
    item: str
    payee: str
    amount: int | None
    status: str  # determined | undetermined | invalid | excluded
    basis: Text
    citation: Citation
    instalment: int = 1
    year: int | None = None
    tax: Text | None = None
    missing: tuple[str, ...] = ()
    problem: Text | None = None


@attrs.frozen(kw_only=True)
class ObligationResult:
    id: str
    obligor: PayeeKind = attrs.field(validator=choice(PayeeKind))
    text: Text
    citation: Citation
    status: Status
    required: int | None = None
    committed: int | None = None
    per: ObligationPer = attrs.field(default="period", validator=choice(ObligationPer))
    missing: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class FundingResult:
    """All money of one programme for one case, year by year and payee by payee."""

    programme: str
    lines: tuple[PaymentLine, ...] = ()
    obligations: tuple[ObligationResult, ...] = ()
    total: int = 0
    complete: bool = True
    notes: tuple[Text, ...] = ()
    plugin: str = ""

    def by_payee(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for line in self.lines:
            if line.status == "determined" and line.amount is not None:
                out[line.payee] = out.get(line.payee, 0) + line.amount
        return out


def _yuan(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be integer yuan, got {value!r}")
    return value


def evaluate_funding(
    programme_id: str, decls: Sequence[FundingDecl], ctx: Context
) -> FundingResult:
    """Evaluate a programme's funding declarations against one case."""
    excluded: dict[str, Exclusion] = {}
    notes: list[Text] = []
    for d in decls:
        if isinstance(d, Exclusion):
            check = d.when.evaluate(ctx)
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
    amounts: dict[str, int | None] = {}
    not_paid: set[str] = set()  # excluded, or its condition does not hold
    for d in decls:
        if isinstance(d, FundingItem):
            new = _item_lines(d, ctx, excluded.get(d.id))
            lines.extend(new)
            first = new[0] if new else None
            amounts[d.id] = first.amount if first and first.status == "determined" else None
            if not new or all(x.status == "excluded" for x in new):
                not_paid.add(d.id)
    obligations = []
    for d in decls:
        if not isinstance(d, Obligation):
            continue
        if d.condition is not None:
            cond = d.condition.evaluate(ctx)
            if cond.status in (Status.FAIL, Status.NA):
                continue
            if cond.status is not Status.PASS:
                obligations.append(
                    ObligationResult(
                        id=d.id,
                        obligor=d.obligor,
                        text=d.text,
                        citation=d.cite,
                        status=Status.UNKNOWN,
                        per=d.per,
                        missing=cond.missing,
                    )
                )
                continue
        if d.of is not None and d.of in not_paid and d.at_least is None:
            obligations.append(
                ObligationResult(
                    id=d.id,
                    obligor=d.obligor,
                    text=d.text,
                    citation=d.cite,
                    status=Status.NA,
                    required=0,
                    per=d.per,
                )
            )  # nothing is paid, so nothing is to be matched
            continue
        obligations.append(_obligation(d, ctx, amounts))
    total = sum(x.amount for x in lines if x.status == "determined" and x.amount is not None)
    complete = all(x.status in ("determined", "excluded") for x in lines)
    return FundingResult(
        programme=programme_id,
        lines=tuple(lines),
        obligations=tuple(obligations),
        total=total,
        complete=complete,
        notes=tuple(notes),
    )


def _item_lines(d: FundingItem, ctx: Context, exclusion: Exclusion | None) -> list[PaymentLine]:
    base: dict[str, Any] = {"item": d.id, "payee": d.payee, "citation": d.cite, "tax": d.tax}
    if d.condition is not None:
        cond = d.condition.evaluate(ctx)
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
            PaymentLine(amount=0, status="excluded", basis=d.text, problem=exclusion.text, **base)
        ]
    amount, status, basis, missing, problem = _amount(d, ctx)
    if d.prior_award is not None and status == "determined" and amount is not None:
        amount, status, basis, missing, problem = _less_prior(d.prior_award, amount, basis, ctx)
    if not isinstance(d.schedule, Annual | Instalments):
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
    if isinstance(d.schedule, Instalments) and amount is not None:
        parts = semantics.instalments(amount, years)
        return [
            PaymentLine(
                amount=part,
                status=status,
                basis=Text(
                    f"{basis.zh}（共 {amount:,} 元，分 {years} 年拨付，第 {i + 1} 期）",
                    f"{basis.en} (total {amount:,} yuan in {years} annual instalments, "
                    f"no. {i + 1})",
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
) -> tuple[int | None, str, Text, tuple[str, ...], Text | None]:
    if isinstance(d, Fixed | External):
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
        amount = _yuan(value, d.id)
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
        rng = f"{low:,}–{high:,}" if low is not None and not miss_low else f"≤ {high}"
        basis = Text(
            f"{d.text.zh}（评审确定，范围 {rng} 元）",
            f"{d.text.en} (set by review within {rng} yuan)",
        )
        if missing:
            return None, "undetermined", basis, missing, None
        amount = _yuan(decided, d.decided)
        if (low is not None and amount < low) or amount > high:
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
        cap, miss_cap = ctx.value(d.cap) if d.cap is not None else (None, None)
        prior = ctx.fact(d.prior) if d.prior else 0
        missing = tuple(m for m in (miss_rate, miss_cap) if m)
        if base_v is MISSING:
            missing += (ctx.full(d.base),)
        if prior is MISSING:
            missing += (ctx.full(d.prior or ""),)
        if missing:
            return None, "undetermined", d.text, missing, None
        computed = semantics.share_of(_yuan(base_v, d.base), Fraction(rate))
        amount = computed
        cap_note = ""
        if cap is not None:
            prior_yuan = _yuan(prior, d.prior or "prior")
            room = semantics.cap_room(cap, prior_yuan)
            amount = semantics.capped(computed, cap, prior_yuan)
            cap_note = f"; cap {cap:,} less {prior:,} already granted → {room:,}"
        basis = Text(
            f"{d.text.zh}：{base_v:,} × {rate} = {computed:,} 元（向下取整到元）"
            + (f"；上限 {cap:,} 元，已享 {prior:,} 元" if cap is not None else ""),
            f"{d.text.en}: {base_v:,} × {rate} = {computed:,} yuan (rounded down to the yuan)"
            + cap_note,
        )
        return amount, "determined", basis, (), None
    raise TypeError(f"unknown funding declaration {type(d).__name__}")


def _less_prior(
    p: PriorAward, amount: int, basis: Text, ctx: Context
) -> tuple[int | None, str, Text, tuple[str, ...], Text | None]:
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
                f"{basis.zh}；同一对象此前已获 {prior:,} 元，按逐次全额计发（cumulative）",
                f"{basis.en}; already received {prior:,} yuan for the same object, not "
                "deducted (cumulative)",
            ),
            (),
            None,
        )
    if prior is MISSING:
        return None, "undetermined", basis, (ctx.full(p.received),), None
    paid = semantics.less_prior(amount, _yuan(prior, p.received), mode)
    return (
        paid,
        "determined",
        Text(
            f"{basis.zh}；同一对象此前已获 {prior:,} 元，只补差额（top_up）→ {paid:,} 元",
            f"{basis.en}; already received {prior:,} yuan for the same object, only the "
            f"difference is paid (top_up) → {paid:,} yuan",
        ),
        (),
        None,
    )


def _obligation(d: Obligation, ctx: Context, amounts: dict[str, int | None]) -> ObligationResult:
    committed = ctx.fact(d.committed)
    missing: list[str] = []
    required: int | None = None
    if d.ratio is not None:
        ratio, miss = ctx.value(d.ratio)
        grant = amounts.get(d.of or "")
        if miss:
            missing.append(miss)
        if grant is None:
            missing.append(f"amount of {d.of}")
        if not missing and grant is not None:
            exact = Fraction(ratio) * grant
            required = -(-exact.numerator // exact.denominator)  # at least: round up
    if d.at_least is not None:
        floor, miss = ctx.value(d.at_least)
        if miss:
            missing.append(miss)
        else:
            required = max(required or 0, floor)
    if committed is MISSING:
        missing.append(ctx.full(d.committed))
    if missing:
        status = Status.UNKNOWN
    else:
        status = Status.PASS if committed >= (required or 0) else Status.FAIL
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
