"""The built-in plugin that evaluates what programmes declare as data."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from talentkit import semantics
from talentkit.exits import ExitCase, ExitOutcome, evaluate_exit
from talentkit.funding import FundingResult, evaluate_funding
from talentkit.hookspecs import hookimpl
from talentkit.inputkeys import rules_in
from talentkit.programme import Programme
from talentkit.rules import Check, Custom, Rule, Status, WorkdaysWithin
from talentkit.rules.context import Context
from talentkit.scoring import CohortEntry, Grading, ScoreLine, evaluate_scoring, grade_cohort
from talentkit.titles import Title


@hookimpl
def talentkit_eligibility(programme: Programme, ctx: Context) -> Sequence[Check]:
    relaxed = semantics.relaxed_rules(programme, ctx)
    checks = []
    shared = ctx.shared
    reference = tuple(ctx.reference)
    for rule, plugin, pure in _declared(programme):
        if shared is None or not pure:
            check = rule.evaluate(ctx, plugin)
        else:
            # once per assessment for a rule object several programmes share (the check
            # is immutable; the programme's waivers and relaxations apply after)
            key = (id(rule), plugin, reference)
            hit = shared.checks.get(key)
            if hit is not None and hit[0] is rule:
                check = hit[1]
            else:
                check = rule.evaluate(ctx, plugin)
                shared.checks[key] = (rule, check)
        if check.status is Status.FAIL:
            check = semantics.soften(programme, rule, check, ctx, relaxed.get(rule.id))
        checks.append(check)
    return checks


_DECLARED: dict[int, tuple[Programme, list[tuple[Rule, str, bool]]]] = {}


def _declared(programme: Programme) -> list[tuple[Rule, str, bool]]:
    """The programme's rules, each with the plugin that declared it and whether its check
    may be shared (:func:`_pure`), collected once per programme object."""
    hit = _DECLARED.get(id(programme))
    if hit is None or hit[0] is not programme:
        rules = [(r, programme.sources.get(r.id, ""), _pure(r)) for r in programme.rules]
        hit = _DECLARED[id(programme)] = (programme, rules)
    return hit[1]


_PURE: dict[int, tuple[Rule, bool]] = {}


def _pure(rule: Rule) -> bool:
    """The check depends on the context's case, date, parameters and reference date alone:
    no working-day count (its calendar notes belong to each programme) and no custom
    predicate (arbitrary code) anywhere in the rule."""
    hit = _PURE.get(id(rule))
    if hit is None or hit[0] is not rule:
        parts = rules_in(rule, set())  # every field, not only what children() names
        hit = (rule, not any(isinstance(r, (WorkdaysWithin, Custom)) for r in parts))
        _PURE[id(rule)] = hit
    return hit[1]


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
    return evaluate_funding(programme.id, programme.funding, ctx, plugin="talentkit.declared")


@hookimpl
def talentkit_exit(programme: Programme, case: ExitCase, ctx: Context) -> Sequence[ExitOutcome]:
    return [
        attrs.evolve(o, plugin="talentkit.declared")
        for o in evaluate_exit(
            programme.exits, ctx, case, [d for d in programme.funding if isinstance(d, Title)]
        )
    ]
