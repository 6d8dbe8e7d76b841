"""Scoring: priority flags, weighted panel scores, and cohort grading under quotas.

Priorities never filter: a failed priority condition only means no flag.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs

from talentkit.facts import MISSING
from talentkit.fundingtext import in_force
from talentkit.quota import QUOTA_ROUNDINGS, places
from talentkit.quota import describe as describe_rounding
from talentkit.rules import Rule, Status
from talentkit.rules.base import explaining
from talentkit.rules.context import Context
from talentkit.rules.refs import P
from talentkit.text import Citation, Text


@attrs.frozen(kw_only=True)
class ScoreItem:
    """A priority flag (``rule``) or a weighted panel criterion (``score``).

    :param rule: when it holds the case gets the flag (and ``weight`` points)
    :param score: fact path of a panel score for a weighted criterion
    """

    id: str
    cite: Citation
    text: Text
    rule: Rule | None = None
    score: str | None = None
    weight: int | Fraction | P = 0


@attrs.frozen(kw_only=True)
class ScoreLine:
    id: str
    text: Text
    citation: Citation
    status: Status
    points: Fraction | None = None
    missing: tuple[str, ...] = ()


def evaluate_scoring(items: Sequence[ScoreItem], ctx: Context) -> list[ScoreLine]:
    lines = []
    prepared = _in_force(items, ctx)
    shared = ctx.shared
    # a rule's line is the same for every case its rule decides alike (one date and
    # parameter set): made once per decision, kept beside the prepared items
    made: dict[tuple[Any, ...], ScoreLine] | None = (
        None if shared is None else shared.kept(shared.scoring, prepared, dict)
    )
    # on the case itself, the rules' decisions (Rule.decision's) made by one function
    # written for the items (talentkit.builtin.generated.scoring) once it is written
    decided = None
    if made is not None and ctx.root is None and not ctx.prefix and not explaining():
        written = _GENERATED or _generated()
        decide = written.scoring(items) if written.ENABLED else None
        if decide is not None:
            reference = tuple(ctx.reference)
            decisions = shared.decisions.get(reference)  # type: ignore[union-attr]
            if decisions is None:
                decisions = shared.decisions[reference] = {}  # type: ignore[union-attr]
            decided = decide(ctx, shared, decisions)
    for i, (item, weight, miss_w) in enumerate(prepared):
        if item.rule is not None:
            check = item.rule.decision(ctx) if decided is None else decided[i]
            status, missing = check[0], check[1]
            if made is not None:
                key = (i, status, missing)
                line = made.get(key)
                if line is None:
                    line = made[key] = _rule_line(item, weight, miss_w, status, missing)
                lines.append(line)
                continue
            lines.append(_rule_line(item, weight, miss_w, status, missing))
            continue
        if item.score is not None:
            raw = ctx.fact(item.score)
            missing = tuple(m for m in (miss_w, None if raw is not MISSING else item.score) if m)
            points = None if missing else Fraction(raw) * Fraction(weight)
            lines.append(
                ScoreLine(
                    id=item.id,
                    text=item.text,
                    citation=item.cite,
                    status=Status.UNKNOWN if missing else Status.PASS,
                    points=points,
                    missing=missing,
                )
            )
    return lines


#: :mod:`talentkit.builtin.generated`, imported when first needed (it imports the
#: programmes, which import this module)
_GENERATED: Any = None


def _generated() -> Any:
    global _GENERATED
    from talentkit.builtin import generated

    _GENERATED = generated
    return generated


def _rule_line(
    item: ScoreItem, weight: Any, miss_w: str | None, status: Status, missing: tuple[str, ...]
) -> ScoreLine:
    """The line of an item scored by a rule whose decision is ``status`` and ``missing``."""
    points = (
        (weight if type(weight) is Fraction else Fraction(weight))
        if status is Status.PASS and not miss_w
        else (NO_POINTS if status is Status.FAIL else None)
    )
    return ScoreLine(
        id=item.id,
        text=item.text,
        citation=item.cite,
        status=status,
        points=points,
        missing=missing + ((miss_w,) if miss_w else ()),
    )


NO_POINTS = Fraction(0)
#: a score item with its text in force, its weight and the weight's name when missing
Prepared = tuple[ScoreItem, Any, str | None]


def _in_force(items: Sequence[ScoreItem], ctx: Context) -> Sequence[Prepared]:
    """Each item with its text showing the parameters in force and its weight: the same
    for every case of one date and parameter set, so read once per assessment date
    (installed parameters; kept with the items beside)."""
    shared = ctx.shared
    if shared is None:
        return _prepare(items, ctx)
    return shared.kept(shared.scoring, items, lambda: _prepare(items, ctx))


def _prepare(items: Sequence[ScoreItem], ctx: Context) -> list[Prepared]:
    out = []
    for item in items:
        item = in_force(item, ctx)  # its text shows the parameters in force
        weight, miss_w = ctx.value(item.weight)
        if isinstance(weight, int | Fraction):  # made a fraction once (others raise when read)
            weight = Fraction(weight)
        out.append((item, weight, miss_w))
    return out


@attrs.frozen(kw_only=True)
class GradingScheme:
    """Grades from best to worst and the quota on each (``{"excellent": P("…")}``).

    A quota "at most 20% of those assessed" allows ``floor(N × 1/5)`` subjects: rounding
    down never lets the share exceed the cap. ``rounding`` (usually a parameter of type
    ``quota_rounding``) switches to ``half_up`` or ``ceiling`` where a notice counts otherwise;
    see :mod:`talentkit.quota`.
    """

    cite: Citation
    grades: tuple[str, ...]
    quotas: Mapping[str, Fraction | P]
    names: Mapping[str, Text] = attrs.field(factory=dict)
    rounding: str | P = "floor"


@attrs.frozen(kw_only=True)
class CohortEntry:
    subject: str
    proposed: str
    score: Fraction | int | None = None


@attrs.frozen(kw_only=True)
class GradedEntry:
    subject: str
    proposed: str
    grade: str
    demoted: bool = False
    review: bool = False
    reason: Text | None = None


@attrs.frozen(kw_only=True)
class Grading:
    programme: str
    assessed: int
    limits: dict[str, int]
    entries: tuple[GradedEntry, ...]
    rounding: Text
    citation: Citation


def grade_cohort(
    programme: str, scheme: GradingScheme, cohort: Sequence[CohortEntry], params: Mapping[str, Any]
) -> Grading:
    """Apply quotas: within a capped grade, keep the highest scores; demote the rest one
    grade. Ties at the cut that would break the cap are all demoted and flagged for review.
    """
    n = len(cohort)
    rounding = params[scheme.rounding.key] if isinstance(scheme.rounding, P) else scheme.rounding
    if rounding not in QUOTA_ROUNDINGS:
        raise ValueError(
            f"quota rounding {rounding!r} is not set or unknown; "
            f"expected one of {', '.join(QUOTA_ROUNDINGS)}"
        )
    limits: dict[str, int] = {}
    for grade, quota in scheme.quotas.items():
        value = params[quota.key] if isinstance(quota, P) else quota
        if not isinstance(value, (Fraction, int)):
            raise ValueError(
                f"the {grade!r} quota needs parameter {quota}, which the operator has not set"
            )
        limits[grade] = places(n, Fraction(value), rounding)
    order = {g: i for i, g in enumerate(scheme.grades)}
    for e in cohort:
        if e.proposed not in order:
            raise ValueError(
                f"unknown grade {e.proposed!r} for {e.subject}; "
                f"expected one of {', '.join(scheme.grades)}"
            )
    current = {e.subject: e.proposed for e in cohort}
    notes: dict[str, tuple[bool, Text]] = {}
    for grade in scheme.grades:
        if grade not in limits:
            continue
        members = [e for e in cohort if current[e.subject] == grade]
        limit = limits[grade]
        if len(members) <= limit:
            continue
        if any(e.score is None for e in members):
            raise ValueError(
                f"grade {grade!r} is over its quota of {limit}; every subject "
                "proposed for it needs a score to rank them"
            )
        ranked = sorted(members, key=lambda e: Fraction(e.score or 0), reverse=True)
        cut = Fraction(ranked[limit].score or 0) if limit < len(ranked) else None
        keep = [e for e in ranked[:limit] if cut is None or Fraction(e.score or 0) > cut]
        lower = scheme.grades[min(order[grade] + 1, len(scheme.grades) - 1)]
        for e in members:
            if e in keep:
                continue
            current[e.subject] = lower
            # a tie straddles the cut when the last place inside scores the same
            straddles = (
                cut is not None and limit > 0 and Fraction(ranked[limit - 1].score or 0) == cut
            )
            tied = straddles and Fraction(e.score or 0) == cut
            name = scheme.names.get(grade, Text(grade, grade))
            notes[e.subject] = (
                tied,
                Text(
                    f"超出“{name.zh}”名额（{limit}/{n}）"
                    + ("，与线上同分，须复核" if tied else ""),
                    f"over the {name.en} quota ({limit} of {n})"
                    + ("; tied at the cut, for review" if tied else ""),
                ),
            )
    entries = tuple(
        GradedEntry(
            subject=e.subject,
            proposed=e.proposed,
            grade=current[e.subject],
            demoted=current[e.subject] != e.proposed,
            review=notes.get(e.subject, (False, None))[0],
            reason=notes.get(e.subject, (False, None))[1],
        )
        for e in cohort
    )
    return Grading(
        programme=programme,
        assessed=n,
        limits=limits,
        entries=entries,
        rounding=Text(*describe_rounding(rounding)),
        citation=scheme.cite,
    )
