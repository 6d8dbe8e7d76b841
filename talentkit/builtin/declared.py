"""The built-in plugin that evaluates what programmes declare as data."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from talentkit.exits import ExitCase, ExitOutcome, evaluate_exit
from talentkit.funding import FundingResult, evaluate_funding
from talentkit.hookspecs import hookimpl
from talentkit.programme import Programme
from talentkit.rules import Check, Rule, Status
from talentkit.rules.context import Context
from talentkit.scoring import CohortEntry, Grading, ScoreLine, evaluate_scoring, grade_cohort
from talentkit.text import Text


@hookimpl
def talentkit_eligibility(programme: Programme, ctx: Context) -> Sequence[Check]:
    relaxed: dict[str, Check] = {}
    for relax in programme.relaxations:
        check = relax.when.evaluate(ctx)
        if check.status is Status.PASS:
            for rule in programme.rules:
                if not relax.rules or rule.id in relax.rules:
                    relaxed.setdefault(rule.id, check)
    checks = []
    for rule in programme.rules:
        check = rule.evaluate(ctx, programme.sources.get(rule.id, ""))
        if check.status is Status.FAIL:
            check = _soften(programme, rule, check, ctx, relaxed.get(rule.id))
        checks.append(check)
    return checks


def _soften(
    programme: Programme, rule: Rule, check: Check, ctx: Context, relaxed: Check | None
) -> Check:
    """A failed rule after the exceptions the text allows.

    One reading of 「一般」/「原则上」 everywhere: the clause states the norm and an exception
    needs a decision of the competent body. Unmet and no exception approved is a failure;
    approved is ``waived``; claimed but undecided is ``review``; declined stays a failure.
    """
    waiver = ctx.profile.waivers.get(rule.id) if rule.soft else None
    if waiver is not None and waiver.decision == "approved":
        return attrs.evolve(check, status=Status.WAIVED, waiver=waiver, hints=())
    if waiver is not None and waiver.decision == "pending":
        return attrs.evolve(
            check, status=Status.REVIEW, waiver=waiver, hints=(), review=(*check.review, PENDING)
        )
    if waiver is not None:  # declined: the norm stands, whatever else might relax it
        return attrs.evolve(check, waiver=waiver)
    if relaxed is not None:
        return attrs.evolve(
            check,
            status=Status.REVIEW,
            review=(
                *check.review,
                Text(
                    f"可适当放宽（{relaxed.text.zh}）：由评审决定是否放宽",
                    f"may be relaxed ({relaxed.text.en}): the panel decides",
                ),
            ),
        )
    if rule.soft:
        return attrs.evolve(check, hints=(*check.hints, EXCEPTION_HINT))
    return check


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


@hookimpl
def talentkit_score(programme: Programme, ctx: Context) -> Sequence[ScoreLine]:
    return evaluate_scoring(programme.scoring, ctx)


@hookimpl(trylast=True)
def talentkit_grade_cohort(
    programme: Programme, cohort: Sequence[CohortEntry], ctx: Context
) -> Grading | None:
    if programme.grading is None:
        return None
    refs = (*programme.grading.quotas.values(), programme.grading.rounding)
    keys = {q.key for q in refs if hasattr(q, "key")}
    params = {k: ctx.params.get(k, ctx.as_of) for k in keys}
    return grade_cohort(programme.id, programme.grading, cohort, params)


@hookimpl(trylast=True)
def talentkit_funding(programme: Programme, ctx: Context) -> FundingResult:
    return attrs.evolve(
        evaluate_funding(programme.id, programme.funding, ctx), plugin="talentkit.declared"
    )


@hookimpl
def talentkit_exit(programme: Programme, case: ExitCase, ctx: Context) -> Sequence[ExitOutcome]:
    return [
        attrs.evolve(o, plugin="talentkit.declared")
        for o in evaluate_exit(programme.exits, ctx, case)
    ]
