"""The semantics shared by the single-case engine and the batch compiler.

One definition of each decision that both backends make, so they cannot drift apart:

* the verdict of a programme from its checks' statuses (:func:`verdict`, :data:`VERDICTS`);
* whether a measure is in force on a date (:func:`in_force`);
* which part of a case a programme's subject needs (:data:`SUBJECT_FIELDS`, :func:`describes`);
* what becomes of a failed rule: a waiver of a soft (「一般/原则上」) clause, a relaxation
  (「可适当放宽」), review (:func:`soften`, :func:`relaxation_for`, :func:`relaxed_rules`);
* counting over a range of undecided items (:func:`count_range`);
* the money arithmetic of funding and recovery (:func:`share_of`, :func:`cap_room`,
  :func:`less_prior`, :func:`instalments`, :func:`unserved_share`).

The arithmetic is written once over any number-like type, amounts in fen (exact to the fen,
64-bit): the engine calls it with Python integers, the batch compiler with polars
expressions, passing the two primitives (``max`` and ``min``) that differ between them.
"""

from __future__ import annotations

import datetime as dt
import enum
import operator
from collections.abc import Callable, Iterable
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from talentkit.money import ROUNDINGS
from talentkit.rules.outcome import Check, Status, evolved
from talentkit.rules.refs import P
from talentkit.text import Citation, Text

if TYPE_CHECKING:
    from talentkit.params import ParameterStore
    from talentkit.programme import Programme
    from talentkit.rules.base import Rule
    from talentkit.rules.context import Context
    from talentkit.subjects import Profile


# -- verdict -------------------------------------------------------------------------------


class Verdict(str, enum.Enum):
    ELIGIBLE = "eligible"
    ELIGIBLE_BY_EXCEPTION = "eligible_by_exception"
    NOT_ELIGIBLE = "not_eligible"
    UNDETERMINED = "undetermined"
    NEEDS_REVIEW = "needs_review"
    NOT_IN_FORCE = "not_in_force"
    ERROR = "error"  # a plugin's hook failed; ``Assessment.error`` names it


VERDICTS: tuple[tuple[Status, Verdict], ...] = (
    (Status.FAIL, Verdict.NOT_ELIGIBLE),
    (Status.UNKNOWN, Verdict.UNDETERMINED),
    (Status.REVIEW, Verdict.NEEDS_REVIEW),
    (Status.WAIVED, Verdict.ELIGIBLE_BY_EXCEPTION),
)
"""The first status present among a programme's checks decides its verdict; none of them:
:attr:`Verdict.ELIGIBLE`. A failure outweighs a missing fact, which outweighs review."""


def verdict(statuses: Iterable[Status]) -> Verdict:
    present = set(statuses)
    for status, v in VERDICTS:
        if status in present:
            return v
    return Verdict.ELIGIBLE


# -- in force ------------------------------------------------------------------------------

IN_FORCE_TEXT = Text("办法在评估日有效且已启用", "the measure is in force and enabled on the date")


def in_force(prog: Programme, store: ParameterStore, as_of: dt.date) -> Check | None:
    """The ``core.in_force`` check, or None when the programme declares no gate."""
    cite = prog.validity_cite or Citation(document=prog.document, article="")
    read: dict[str, Any] = {"as_of": as_of}
    missing = []
    if prog.enabled is not None:
        on = store.get(prog.enabled.key, as_of)
        read[str(prog.enabled)] = on
        if on is not True:
            return Check(
                rule_id="core.in_force",
                status=Status.FAIL,
                text=IN_FORCE_TEXT,
                citation=cite,
                read=read,
                plugin="talentkit.core",
                hints=(
                    Text(
                        f"运营方须设置参数 {prog.enabled.key} = true 以启用",
                        f"the operator enables it with {prog.enabled.key} = true",
                    ),
                ),
            )
    bounds = {}
    for name in ("valid_from", "valid_to"):
        ref = getattr(prog, name)
        if isinstance(ref, P):
            value = store.get(ref.key, as_of)
            read[str(ref)] = value
            if not isinstance(value, dt.date):
                if value is not None:
                    missing.append(f"param:{ref.key}")
                continue
            bounds[name] = value
        elif isinstance(ref, dt.date):
            bounds[name] = ref
    if prog.enabled is None and prog.valid_from is None and prog.valid_to is None:
        return None
    ok = ("valid_from" not in bounds or bounds["valid_from"] <= as_of) and (
        "valid_to" not in bounds or as_of <= bounds["valid_to"]
    )
    status = Status.FAIL if not ok else Status.UNKNOWN if missing else Status.PASS
    detail = Text(
        f"有效期 {bounds.get('valid_from', '?')} 至 {bounds.get('valid_to', '—')}",
        f"valid {bounds.get('valid_from', '?')} to {bounds.get('valid_to', '—')}",
    )
    return Check(
        rule_id="core.in_force",
        status=status,
        text=IN_FORCE_TEXT,
        citation=cite,
        read=read,
        missing=tuple(missing),
        detail=detail,
        plugin="talentkit.core",
    )


# -- subjects ------------------------------------------------------------------------------

SUBJECT_FIELDS: dict[str, tuple[str, ...]] = {
    "person": ("person",),
    "team": ("team",),
    "organisation": ("organisations",),
    # 「领军人才（团队）」: an individual or a team applies
    "person_or_team": ("person", "team"),
}
"""The parts of a case a programme's subject needs, any one of them; a case with none is
not assessed for the programme unless the programme is asked for by name."""


def describes(profile: Profile, subject: str) -> bool:
    fields = SUBJECT_FIELDS.get(subject)
    return fields is None or any(getattr(profile, f) is not None for f in fields)


# -- relaxation ----------------------------------------------------------------------------


def relaxation_for(programme: Programme, rule_id: str, ctx: Context) -> Check | None:
    """The first relaxation of ``programme`` that covers ``rule_id`` and holds on ``ctx``."""
    for relax in programme.relaxations:
        if relax.rules and rule_id not in relax.rules:
            continue
        check = relax.when.evaluate(ctx)
        if check.status is Status.PASS:
            return check
    return None


def relaxed_rules(programme: Programme, ctx: Context) -> dict[str, Check]:
    """:func:`relaxation_for` of every rule, each relaxation condition evaluated once
    (decided first: its check, whose text a relaxed failure's review item quotes, is made
    only where the condition holds, which it seldom does)."""
    out: dict[str, Check] = {}
    for relax in programme.relaxations:
        if relax.when.decision(ctx).status is not Status.PASS:
            continue
        check = relax.when.evaluate(ctx)  # the same status: the decision is the check's
        for rule in programme.rules:
            if not relax.rules or rule.id in relax.rules:
                out.setdefault(rule.id, check)
    return out


def relaxed_review(condition: Text) -> Text:
    """Why a failed rule whose relaxation condition holds goes to the panel."""
    return Text(
        f"可适当放宽（{condition.zh}）：由评审决定是否放宽",
        f"may be relaxed ({condition.en}): the panel decides",
    )


PENDING = Text(
    "该条款为「一般/原则上」表述：未达标准，例外申请待有权机关决定",
    "clause worded 「一般/原则上」: not met; the exception claimed awaits the competent "
    "body's decision",
)
EXCEPTION_HINT = Text(
    "该条款为「一般/原则上」表述：经有权机关批准例外（waivers）方可",
    "clause worded 「一般/原则上」: only an exception approved by the competent body "
    "(waivers) lifts it",
)


def soften(
    programme: Programme, rule: Rule, check: Check, ctx: Context, relaxed: Check | None
) -> Check:
    """A failed rule after the exceptions the text allows.

    One reading of 「一般」/「原则上」 everywhere: the clause states the norm and an exception
    needs a decision of the competent body. Unmet and no exception approved is a failure;
    approved is ``waived``; claimed but undecided is ``review``; declined stays a failure.
    A relaxation that holds (``relaxed``, 「可适当放宽」) sends any other failure to the panel.
    """
    # the check's explanation, when not built yet, is built when the result's is read
    waiver = ctx.profile.waivers.get(rule.id) if rule.soft else None
    if waiver is not None and waiver.decision == "approved":
        return evolved(check, status=Status.WAIVED, waiver=waiver, hints=())
    if waiver is not None and waiver.decision == "pending":
        return evolved(
            check, status=Status.REVIEW, waiver=waiver, hints=(), review=(*check.review, PENDING)
        )
    if waiver is not None:  # declined: the norm stands, whatever else might relax it
        return evolved(check, waiver=waiver)
    if relaxed is not None:
        return evolved(
            check, status=Status.REVIEW, review=(*check.review, relaxed_review(relaxed.text))
        )
    if rule.soft:
        return evolved(check, add_hints=(EXCEPTION_HINT,))
    return check


# -- counting ------------------------------------------------------------------------------


def count_range(
    op: str, lo: Any, hi: Any, limit: int, negate: Callable[[Any], Any] = operator.not_
) -> tuple[Any, Any]:
    """Whether ``n op limit`` holds for every / for some ``n`` in ``[lo, hi]`` (``lo <=
    hi``).

    Exact for any width of the range: the ordering operators are monotone, so the ends
    decide (a rising test, ``>=`` or ``>``, that holds at ``lo`` holds at ``hi``: it holds
    everywhere where it holds at ``lo``, somewhere where it holds at ``hi``; a falling one
    the reverse); ``==`` holds somewhere iff the limit lies inside and everywhere iff the
    range is that single value (``!=`` the reverse). ``lo`` and ``hi`` are integers
    (``negate`` is ``not``) or columns (``negate`` is ``~``).
    """
    if op in _ORDER:
        test = _ORDER[op]
        at_lo, at_hi = test(lo, limit), test(hi, limit)
        return (at_lo, at_hi) if op in _RISING else (at_hi, at_lo)
    inside = (lo <= limit) & (hi >= limit)
    single = (lo == limit) & (hi == limit)
    if op == "==":
        return single, inside
    if op == "!=":
        return negate(inside), negate(single)
    raise ValueError(f"unknown comparison {op!r}")


_ORDER: dict[str, Callable[[Any, int], Any]] = {
    ">=": lambda n, k: n >= k,
    "<=": lambda n, k: n <= k,
    ">": lambda n, k: n > k,
    "<": lambda n, k: n < k,
}
_RISING = (">=", ">")


# -- money ---------------------------------------------------------------------------------

MaxMin = Callable[[Any, Any], Any]


def share_of(amount: Any, rate: Fraction, rounding: str = "fen_down") -> Any:
    """``rate × amount`` (amounts in fen) rounded by a rule of
    :data:`talentkit.money.ROUNDINGS`, as :func:`talentkit.money.round_fen` rounds it; exact
    integer arithmetic (the batch compiler passes a 128-bit column)."""
    if rounding not in ROUNDINGS:
        raise ValueError(f"unknown rounding {rounding!r}; expected one of {', '.join(ROUNDINGS)}")
    unit = 100 if rounding.startswith("yuan") else 1
    product = amount * rate.numerator
    den = rate.denominator * unit
    # rounding up as (p + d - 1) // d: exact for any sign, and polars has no 128-bit negation
    whole = (product + (den - 1)) // den if rounding.endswith("_up") else product // den
    return whole * unit


def cap_room(cap: int, prior: Any, maximum: MaxMin = max) -> Any:
    """What a cap across all payments of one object still allows after ``prior`` (fen)."""
    return maximum(0, cap - prior)


def capped(
    computed: Any, cap: int, prior: Any, maximum: MaxMin = max, minimum: MaxMin = min
) -> Any:
    return minimum(computed, cap_room(cap, prior, maximum))


PRIOR_MODES = ("cumulative", "top_up")
"""How an award meets what the same object already received: ``cumulative`` pays each
recognition in full; ``top_up`` pays only the difference, never below zero."""


def less_prior(amount: Any, prior: Any, mode: str, maximum: MaxMin = max) -> Any:
    if mode == "cumulative":
        return amount
    if mode == "top_up":
        return maximum(0, amount - prior)
    raise ValueError(f"unknown mode {mode!r}; expected one of {', '.join(PRIOR_MODES)}")


INSTALMENT_ROUNDINGS = ("fen_down", "yuan_down")
"""How a total is split into equal instalments: to the fen or to the yuan, each rounded
down, the last carrying the remainder (rounding up could leave the last one negative)."""


def instalments(total: int, count: int, rounding: str = "fen_down") -> list[int]:
    """A total (fen) paid in ``count`` equal instalments: each is the total divided by
    ``count`` rounded down to the fen or the yuan (``rounding``), and the last also carries
    the remainder, so the instalments add up to the total exactly."""
    if count < 1:
        raise ValueError("a total is paid in at least one instalment")
    if rounding not in INSTALMENT_ROUNDINGS:
        raise ValueError(
            f"unknown instalment rounding {rounding!r}; expected one of "
            + ", ".join(INSTALMENT_ROUNDINGS)
        )
    unit = 100 if rounding == "yuan_down" else 1
    each = total // (count * unit) * unit
    return [each] * (count - 1) + [total - each * (count - 1)]


def unserved_share(start: dt.date, end: dt.date, left: dt.date) -> Fraction:
    """The part of a term ``[start, end]`` not served when leaving on ``left``, by days.

    Leaving on or before the start leaves the whole term unserved; on or after the end,
    none of it.
    """
    term = (end - start).days
    if term <= 0:
        raise ValueError(f"the term {start}..{end} has no length")
    unserved = (end - left).days
    return Fraction(min(max(unserved, 0), term), term)
