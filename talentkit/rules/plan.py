"""Rules compiled into plans: what decides a check, apart from what explains it.

A programme's verdict needs each check's status, the facts it misses and the items left
to review; the text, detail, values read and hints are for people reading the result.
:func:`lazy_plan` compiles a declared rule once into a function from a context to those
three, with the fact paths resolved to accessors, operators looked up and fixed texts
built up front. :meth:`Rule.evaluate <talentkit.rules.Rule.evaluate>` returns a
:class:`~talentkit.rules.outcome.DeferredCheck` with them, whose explanation is built by
the rule's own :meth:`~talentkit.rules.Rule.run` when it is read; a compound rule counts
over its parts' plans without building their checks.

Each plan states the same decision as the class's ``run``, which stays the definition:
an explanation built later whose status, missing facts or review items differ raises, and
the tests compare plan and ``run`` on every shipped case. A plan is used only for the
exact class it was written for and only while the class has the fields it was written for:
a subclass, a plugin's own rule class or a class given a new option runs at once, as
before. So does any rule that reads the working-day calendar (its notes belong to the
programme's assessment) or calls a custom predicate (arbitrary code, called once).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import attrs

from talentkit import semantics
from talentkit.dates import UNLIMITED, age_at_most, shift
from talentkit.facts import MISSING, accessor
from talentkit.rules.base import KEEPS_PARTS, Decide, Outcome, Rule
from talentkit.rules.collections import Count, InRole, NoneWithin, Share
from talentkit.rules.compare import OPS, Compare, DateCompare, OneOf, ParamIs, WorkdaysWithin
from talentkit.rules.compare import _period as period_of
from talentkit.rules.context import Context
from talentkit.rules.human import Attested, Custom, Judgement
from talentkit.rules.logic import AllOf, AnyOf, Not, When
from talentkit.rules.order import APPLICATION_ORDERS, SAME_DAY, ApplicationLimit
from talentkit.rules.outcome import Status
from talentkit.rules.refs import F, P
from talentkit.rules.spells import TimeSpent
from talentkit.rules.temporal import AgeAtLeast, AgeAtMost, Duration, _sibling
from talentkit.text import Text

PASS, FAIL, UNKNOWN = Status.PASS, Status.FAIL, Status.UNKNOWN
REVIEW, WAIVED, NA = Status.REVIEW, Status.WAIVED, Status.NA
NONE: tuple[Any, ...] = ()
_OPEN = (UNKNOWN, REVIEW)
_HOLDS = (PASS, WAIVED)
#: the statuses :attr:`Status.holds` is true of, without the property's call
_HOLDING = (PASS, WAIVED, NA)
_MERGED = (FAIL, UNKNOWN, REVIEW)
#: the decisions with nothing missing and nothing to review, made once
_PASSED: tuple[Status, tuple[str, ...], tuple[Text, ...]] = (PASS, NONE, NONE)
_FAILED: tuple[Status, tuple[str, ...], tuple[Text, ...]] = (FAIL, NONE, NONE)
_NA: tuple[Status, tuple[str, ...], tuple[Text, ...]] = (NA, NONE, NONE)

_BASE = ("id", "cite", "text", "soft")
#: the fields each plan was written for; a class with other fields runs its ``run``
FIELDS: dict[type, tuple[str, ...]] = {
    Compare: (*_BASE, "fact", "op", "value"),
    OneOf: (*_BASE, "fact", "values", "mode"),
    DateCompare: (*_BASE, "fact", "op", "other", "offset"),
    ParamIs: (*_BASE, "key", "value"),
    AllOf: (*_BASE, "rules"),
    AnyOf: (*_BASE, "rules"),
    Not: (*_BASE, "rule"),
    When: (*_BASE, "condition", "then"),
    Attested: (*_BASE, "key", "question", "params"),
    Judgement: (*_BASE, "criterion", "decided_by"),
    Count: (*_BASE, "collection", "where", "op", "value", "label", "also", "identity"),
    Share: (*_BASE, "collection", "where", "among", "op", "fraction", "label", "also", "identity"),
    NoneWithin: (
        *_BASE,
        "collection",
        "where",
        "date_field",
        "period",
        "calendar_years",
        "on",
        "label",
        "leap_day",
    ),
    ApplicationLimit: (
        *_BASE,
        "collection",
        "where",
        "limit",
        "order",
        "submitted",
        "item_date",
        "label",
    ),
    InRole: (*_BASE, "fact", "roles", "organisations"),
    Duration: (
        *_BASE,
        "start",
        "end",
        "at_least",
        "at_most",
        "more_than",
        "less_than",
        "leap_day",
    ),
    TimeSpent: (
        *_BASE,
        "all_along",
        "birth",
        "since",
        "spells",
        "where",
        "start_field",
        "end_field",
        "days",
        "on",
        "at_least",
        "at_most",
        "months",
        "leap_day",
    ),
    AgeAtMost: (
        *_BASE,
        "birth",
        "years",
        "on",
        "method",
        "female_extra",
        "gender",
        "attained",
        "leap_day",
    ),
}
#: built-in rules without a plan of their own, decided by their ``run`` inside a plan
#: (they read neither the working-day calendar nor run custom code themselves)
RUN_INSIDE = (AgeAtLeast,)
#: rules evaluated at once wherever they are
AT_ONCE = (Custom,)
#: rules with a plan that reads the context's working-day calendar (each programme's own,
#: which notes an assumed year): never decided once for several programmes
#: (:func:`talentkit.builtin.declared.decides_as`), so kept apart from :data:`FIELDS`
CALENDAR_FIELDS: dict[type, tuple[str, ...]] = {
    WorkdaysWithin: (*_BASE, "fact", "start", "days", "count_start", "op"),
}


def lazy_plan(rule: Rule) -> Decide | None:
    """The plan :meth:`Rule.evaluate` decides ``rule`` by, or None to run it at once."""
    if type(rule) not in FIELDS and type(rule) not in CALENDAR_FIELDS:
        return None
    return plan(rule)


_PLANS: dict[int, tuple[Rule, Decide | None]] = {}


def plan(rule: Rule) -> Decide | None:
    """The compiled plan of ``rule`` (once per declaration), or None when some part of it
    must run at once."""
    hit = _PLANS.get(id(rule))
    if hit is None or hit[0] is not rule:
        hit = (rule, _compile(rule))
        _PLANS[id(rule)] = hit
    return hit[1]


def _compile(rule: Rule) -> Decide | None:
    cls = type(rule)
    if cls in FIELDS:
        if tuple(f.name for f in attrs.fields(cls)) != FIELDS[cls]:
            return None
        return _COMPILERS[cls](rule)
    if isinstance(rule, WorkdaysWithin) and cls in CALENDAR_FIELDS:
        if tuple(f.name for f in attrs.fields(cls)) != CALENDAR_FIELDS[cls]:
            return None
        return _workdays_within(rule)
    if cls in RUN_INSIDE and _runs_alone(rule):
        return _by_run(rule)
    return None


def _runs_alone(rule: Rule) -> bool:
    from talentkit.inputkeys import rules_in

    return not any(
        type(r) in AT_ONCE or type(r) not in (*FIELDS, *CALENDAR_FIELDS, *RUN_INSIDE)
        for r in rules_in(rule, set())
    )


def _by_run(rule: Rule) -> Decide:
    run = rule.evaluate_now

    def decide(ctx: Context) -> tuple[Status, tuple[str, ...], tuple[Text, ...]]:
        check = run(ctx)
        return check.status, check.missing, check.review

    return decide


# -- reading facts and values ------------------------------------------------------------

Read = Callable[[Context], Any]


def _fact(path: str) -> Read:
    """``ctx.fact(path)`` with the path resolved once; a fact of the case's root read once
    per assessment (kept with the assessment's shared values: the case is the same)."""
    top = path.startswith("$.")
    read = accessor(path[2:] if top else path)

    def fact(ctx: Context) -> Any:
        root = ctx.root
        if root is not None and not top:
            return read(root)
        shared, profile = ctx.shared, ctx.profile
        if shared is None:
            return read(profile)
        if shared.case is not profile:  # values shared with another case: start afresh
            shared.case, shared.facts = profile, {}
        facts = shared.facts
        value = facts.get(path, _UNREAD)
        if value is _UNREAD:
            value = facts[path] = read(profile)
        return value

    return fact


_UNREAD = object()


def _full(ctx: Context, path: str) -> str:
    """:meth:`Context.full`, without the call."""
    if path.startswith("$."):
        return path[2:]
    prefix = ctx.prefix
    return f"{prefix}.{path}" if prefix else path


def _value(ref: Any) -> Callable[[Context], tuple[Any, str | None]]:
    """``ctx.value(ref)`` with the kind of reference decided once."""
    if isinstance(ref, P):
        key, name = ref.key, f"param:{ref.key}"

        def param(ctx: Context) -> tuple[Any, str | None]:
            shared = ctx.shared  # the value in force, read once per assessment date
            v = _UNREAD if shared is None else shared.params.get(key, _UNREAD)
            if v is _UNREAD:
                v = ctx.param(key)
            return v, (None if v is not MISSING else name)

        return param
    if isinstance(ref, F):
        read, path = _fact(ref.path), ref.path
        if path.startswith("$."):  # read from the case's root, and named from there
            top = path[2:]

            def top_fact(ctx: Context) -> tuple[Any, str | None]:
                v = read(ctx)
                return v, (None if v is not MISSING else top)

            return top_fact

        def fact(ctx: Context) -> tuple[Any, str | None]:
            v = read(ctx)
            return v, (None if v is not MISSING else _full(ctx, path))

        return fact
    literal = (ref, None)
    return lambda ctx: literal


def _add(missing: list[str], names: tuple[str, ...]) -> None:
    for m in names:
        if m not in missing:
            missing.append(m)


# -- single facts --------------------------------------------------------------------------


def _compare(rule: Compare) -> Decide | None:
    test = OPS.get(rule.op)
    if test is None:
        return None
    fact, want_of, path = _fact(rule.fact), _value(rule.value), rule.fact
    # a path relative to a member of a collection, read from it here without a call
    relative = not path.startswith("$.")
    read = accessor(path)
    if not isinstance(rule.value, (P, F)):  # a value written in the rule: nothing to read
        want_literal = rule.value

        def decide_literal(ctx: Context) -> tuple[Status, tuple[str, ...], tuple[Text, ...]]:
            # the commonest rule: the fact kept for the case read here, without a call
            root = ctx.root
            if root is None:
                shared = ctx.shared
                if shared is not None and shared.case is ctx.profile:
                    got = shared.facts.get(path, _UNREAD)
                    if got is _UNREAD:
                        got = fact(ctx)
                else:
                    got = fact(ctx)
            elif relative:
                got = read(root)
            else:
                got = fact(ctx)
            if got is MISSING:
                return UNKNOWN, (_full(ctx, path),), NONE
            return _PASSED if test(got, want_literal) else _FAILED

        return decide_literal
    if isinstance(rule.value, P):  # a parameter: its value in force read here, as _value does
        key, param_name = rule.value.key, f"param:{rule.value.key}"

        def decide_param(ctx: Context) -> tuple[Status, tuple[str, ...], tuple[Text, ...]]:
            root = ctx.root
            got = read(root) if root is not None and relative else fact(ctx)
            shared = ctx.shared
            want = _UNREAD if shared is None else shared.params.get(key, _UNREAD)
            if want is _UNREAD:
                want = ctx.param(key)
            if got is MISSING or want is MISSING:
                name = _full(ctx, path)
                if got is not MISSING:
                    return UNKNOWN, (param_name,), NONE
                both = want is MISSING and param_name != name
                return UNKNOWN, (name, param_name) if both else (name,), NONE
            return _PASSED if test(got, want) else _FAILED

        return decide_param

    def decide(ctx: Context) -> tuple[Status, tuple[str, ...], tuple[Text, ...]]:
        got = fact(ctx)
        want, miss = want_of(ctx)
        if got is MISSING or miss:
            name = _full(ctx, path)
            if got is not MISSING:
                return UNKNOWN, (miss,), NONE  # type: ignore[return-value]
            return UNKNOWN, (name,) if not miss or miss == name else (name, miss), NONE
        return _PASSED if test(got, want) else _FAILED

    return decide


def _one_of(rule: OneOf) -> Decide | None:
    fact, allowed_of, path, mode = _fact(rule.fact), _value(rule.values), rule.fact, rule.mode
    if mode != "prefix" and not isinstance(rule.values, (P, F)):
        return _one_of_literal(fact, path, mode, rule.values)

    def decide(ctx: Context) -> tuple[Status, tuple[str, ...], tuple[Text, ...]]:
        got = fact(ctx)
        allowed, miss = allowed_of(ctx)
        if got is MISSING or miss:
            name = _full(ctx, path)
            if got is not MISSING:
                return UNKNOWN, (miss,), NONE  # type: ignore[return-value]
            return UNKNOWN, (name,) if not miss or miss == name else (name, miss), NONE
        allowed_set = set(allowed)
        if mode == "prefix":
            ok = any(str(got).startswith(str(a)) for a in allowed)
        elif isinstance(got, (list, tuple)):
            hits = [g for g in got if g in allowed_set]
            ok = bool(hits) if mode == "any" else len(hits) == len(got) and bool(got)
        else:
            ok = got in allowed_set
        return _PASSED if ok else _FAILED

    return decide


def _one_of_literal(fact: Read, path: str, mode: str, values: Any) -> Decide | None:
    """:func:`_one_of` of values written in the rule: their set made once."""
    try:
        allowed = set(values)
    except TypeError:  # a value that cannot be hashed: decided as run decides it
        return None

    def decide(ctx: Context) -> tuple[Status, tuple[str, ...], tuple[Text, ...]]:
        shared = ctx.shared  # the fact kept for the case read here, as in _compare
        if ctx.root is None and shared is not None and shared.case is ctx.profile:
            got = shared.facts.get(path, _UNREAD)
            if got is _UNREAD:
                got = fact(ctx)
        else:
            got = fact(ctx)
        if got is MISSING:
            return UNKNOWN, (_full(ctx, path),), NONE
        if isinstance(got, (list, tuple)):
            hits = [g for g in got if g in allowed]
            ok = bool(hits) if mode == "any" else len(hits) == len(got) and bool(got)
        else:
            ok = got in allowed
        return _PASSED if ok else _FAILED

    return decide


def _missing_of(ctx: Context, got: object, path: str, *reads: str | None) -> tuple[str, ...]:
    """The fact a rule compares when absent, then what its other reads (a date, a
    period) found missing, each once, in that order."""
    missing: list[str] = [_full(ctx, path)] if got is MISSING else []
    for m in reads:
        if m and m not in missing:
            missing.append(m)
    return tuple(missing)


def _date_compare(rule: DateCompare) -> Decide | None:
    test = OPS.get(rule.op)
    if test is None:
        return None
    fact, path, other, offset_ref = _fact(rule.fact), rule.fact, rule.other, rule.offset

    def decide(ctx: Context) -> tuple[Status, tuple[str, ...], tuple[Text, ...]]:
        got = fact(ctx)
        base, miss, _ = ctx.date(other)
        offset, miss2 = period_of(ctx, offset_ref)
        missing = _missing_of(ctx, got, path, miss, miss2)
        if missing:
            return UNKNOWN, missing, NONE
        bound = shift(base, offset) if offset else base
        return _PASSED if test(got, bound) else _FAILED

    return decide


def _workdays_within(rule: WorkdaysWithin) -> Decide:
    """What :meth:`WorkdaysWithin.run` decides, with the same reads in the same order:
    the period's last day counted on the context's own calendar (which notes a year it
    assumes, as ``run`` has it noted)."""
    fact, path, start_ref, days_of = _fact(rule.fact), rule.fact, rule.start, _value(rule.days)
    count_start, within = rule.count_start, rule.op == "<="

    def decide(ctx: Context) -> tuple[Status, tuple[str, ...], tuple[Text, ...]]:
        got = fact(ctx)
        start, miss, _ = ctx.date(start_ref)
        days, miss2 = days_of(ctx)
        missing = _missing_of(ctx, got, path, miss, miss2)
        if missing:
            return UNKNOWN, missing, NONE
        last = ctx.calendar.add_working_days(start, days, count_start=count_start)
        return _PASSED if (got <= last if within else got >= last) else _FAILED

    return decide


def _param_is(rule: ParamIs) -> Decide:
    key, value, name = rule.key, rule.value, (f"param:{rule.key}",)

    def decide(ctx: Context) -> tuple[Status, tuple[str, ...], tuple[Text, ...]]:
        got = ctx.param(key)
        if got is MISSING:
            return UNKNOWN, name, NONE
        return _PASSED if got == value else _FAILED

    return decide


# -- people's decisions --------------------------------------------------------------------


def _attested(rule: Attested) -> Decide:
    key, path = rule.key, (f"attestations.{rule.key}",)

    def ask(ctx: Context) -> tuple[Text, ...]:
        question = rule.rendered_text(ctx.param, rule.question)  # raises as run does
        return (
            Text(f"待审核人确认：{question.zh}", f"to be attested by a reviewer: {question.en}"),
        )

    def decide(ctx: Context) -> tuple[Status, tuple[str, ...], tuple[Text, ...]]:
        # the question shows parameter values: the same for every case of one date and
        # parameter set, so asked once per assessment date (installed parameters)
        # (kept beside it: the decision of a case not attested, made once too)
        shared = ctx.shared
        if shared is None:
            unattested = (REVIEW, path, ask(ctx))
        else:
            hit = shared.questions.get(id(rule))
            if hit is None or hit[0] is not rule:
                asked = ask(ctx)
                hit = shared.questions[id(rule)] = (rule, asked, (REVIEW, path, asked))
            unattested = hit[2]
        att = ctx.profile.attestations.get(key)
        if att is None:
            return unattested
        return _PASSED if att.value else _FAILED

    return decide


def _judgement(rule: Judgement) -> Decide:
    rule_id, asked = rule.id, judgement_asked(rule)

    def decide(ctx: Context) -> tuple[Status, tuple[str, ...], tuple[Text, ...]]:
        decision = ctx.profile.decisions.get(rule_id)
        if decision is None:
            return REVIEW, NONE, asked
        return _PASSED if decision.value else _FAILED

    return decide


def judgement_asked(rule: Judgement) -> tuple[Text, ...]:
    """The review item of a judgement not decided yet."""
    return (
        Text(
            f"{rule.decided_by.zh}判断：{rule.criterion.zh}",
            f"for the {rule.decided_by.en}: {rule.criterion.en}",
        ),
    )


# -- combinations --------------------------------------------------------------------------


def _parts(rules: Any) -> list[Decide] | None:
    parts = [plan(r) for r in rules]
    return None if any(p is None for p in parts) else parts  # type: ignore[return-value]


def _merge(
    results: list[tuple[Status, tuple[str, ...], tuple[Text, ...]]],
) -> tuple[tuple[str, ...], tuple[Text, ...]]:
    """Missing facts and review items of the parts that fail, miss facts or go to review,
    in order and each once (as :func:`talentkit.rules.logic._merge`)."""
    missing: dict[str, None] = {}  # in order, each once
    review: list[Text] = []
    for status, miss, rev in results:
        if status in _MERGED:
            for m in miss:  # most parts add nothing
                missing[m] = None
            if rev:
                for r in rev:
                    if r not in review:
                        review.append(r)
    return tuple(missing), tuple(review)


def _review(
    results: list[tuple[Status, tuple[str, ...], tuple[Text, ...]]],
) -> tuple[Text, ...]:
    """The review items :func:`_merge` gives (all a failed combination keeps)."""
    review: list[Text] = []
    for status, _, rev in results:
        if rev and status in _MERGED:
            for r in rev:
                if r not in review:
                    review.append(r)
    return tuple(review)


def _all_of(rule: AllOf) -> Decide | None:
    parts = _parts(rule.rules)
    if parts is None:
        return None
    if len(parts) == 2:  # the commonest: the parts called without a list built first
        first, second = parts

        def decide_two(ctx: Context) -> tuple[Status, tuple[str, ...], tuple[Text, ...]]:
            one, two = first(ctx), second(ctx)
            if one[0] is PASS and two[0] is PASS:
                return _PASSED
            return _all_of_two(one, two)

        return decide_two

    def decide(ctx: Context) -> tuple[Status, tuple[str, ...], tuple[Text, ...]]:
        results = []
        passed = True
        for p in parts:
            r = p(ctx)
            results.append(r)
            if r[0] is not PASS:
                passed = False
        return _PASSED if passed else _all_of_open(results)

    return decide


def _all_of_open(
    results: list[tuple[Status, tuple[str, ...], tuple[Text, ...]]],
) -> tuple[Status, tuple[str, ...], tuple[Text, ...]]:
    """An all-of's decision from its parts' when some part does not pass."""
    statuses = set()
    for r in results:
        statuses.add(r[0])
    if FAIL in statuses:
        return FAIL, NONE, _review(results)
    for status in (UNKNOWN, REVIEW):
        if status in statuses:
            missing, review = _merge(results)
            return status, missing, review
    return (WAIVED, NONE, NONE) if WAIVED in statuses else _PASSED


#: what a plan decides of a part: its status, missing facts and review items
PartDecision = tuple[Status, tuple[str, ...], tuple[Text, ...]]


def _all_of_two(one: PartDecision, two: PartDecision) -> PartDecision:
    """:func:`_all_of_open` of two parts (the commonest), without a list or set: most
    parts are left open by a missing fact and name it alone."""
    s1, s2 = one[0], two[0]
    if s1 is FAIL or s2 is FAIL:
        return FAIL, NONE, _review([one, two])
    if s1 is UNKNOWN or s2 is UNKNOWN:
        return UNKNOWN, *_merge_two(one, two)
    if s1 is REVIEW or s2 is REVIEW:
        return REVIEW, *_merge_two(one, two)
    return _all_of_open([one, two])


def _any_of_two(one: PartDecision, two: PartDecision) -> PartDecision:
    """:func:`_any_of_open` of two parts neither of which passes, likewise."""
    s1, s2 = one[0], two[0]
    if s1 is WAIVED or s2 is WAIVED:
        return _any_of_open([one, two])
    if s1 is UNKNOWN or s2 is UNKNOWN:
        return UNKNOWN, *_merge_two(one, two)
    if s1 is REVIEW or s2 is REVIEW:
        return REVIEW, *_merge_two(one, two)
    return _any_of_open([one, two])


def _merge_two(one: PartDecision, two: PartDecision) -> tuple[tuple[str, ...], tuple[Text, ...]]:
    """:func:`_merge` of two parts: a part's own missing facts (review items) when the
    other adds none and they are one at most, else in order and each once."""
    s1, m1, r1 = one
    s2, m2, r2 = two
    if s1 not in _MERGED:
        m1 = r1 = NONE
    if s2 not in _MERGED:
        m2 = r2 = NONE
    if type(m1) is not tuple or type(m2) is not tuple:
        return _merge([one, two])
    if not m2 and len(m1) < 2:
        missing = m1
    elif not m1 and len(m2) < 2:
        missing = m2
    elif len(m1) == 1 and len(m2) == 1:  # a fact each (the commonest left)
        missing = m1 if m1[0] == m2[0] else m1 + m2
    else:
        missing = tuple(dict.fromkeys(m1 + m2))
    if not r2 and len(r1) < 2 and type(r1) is tuple:
        return missing, r1
    if not r1 and len(r2) < 2 and type(r2) is tuple:
        return missing, r2
    return missing, _merge([one, two])[1]


def _any_of(rule: AnyOf) -> Decide | None:
    parts = _parts(rule.rules)
    if parts is None:
        return None

    def decide(ctx: Context) -> tuple[Status, tuple[str, ...], tuple[Text, ...]]:
        results = []
        passed = False
        for p in parts:
            r = p(ctx)
            results.append(r)
            if r[0] is PASS:
                passed = True
        return _PASSED if passed else _any_of_open(results)

    return decide


def _any_of_open(
    results: list[tuple[Status, tuple[str, ...], tuple[Text, ...]]],
) -> tuple[Status, tuple[str, ...], tuple[Text, ...]]:
    """An any-of's decision from its parts' when no part passes."""
    statuses = set()
    for r in results:
        statuses.add(r[0])
    if WAIVED in statuses:
        return WAIVED, NONE, NONE
    if UNKNOWN in statuses:
        status = UNKNOWN
    elif REVIEW in statuses:
        status = REVIEW
    elif statuses <= {NA}:
        return _NA
    else:
        status = FAIL
    missing, review = _merge(results)
    return status, missing, review


_FLIP = {PASS: FAIL, WAIVED: FAIL, FAIL: PASS}


def _not(rule: Not) -> Decide | None:
    part = plan(rule.rule)
    if part is None:
        return None

    def decide(ctx: Context) -> tuple[Status, tuple[str, ...], tuple[Text, ...]]:
        status, missing, review = part(ctx)
        return _FLIP.get(status, status), missing, review

    return decide


def _when(rule: When) -> Decide | None:
    condition, then = plan(rule.condition), plan(rule.then)
    if condition is None or then is None:
        return None

    def decide(ctx: Context) -> tuple[Status, tuple[str, ...], tuple[Text, ...]]:
        decided = condition(ctx)
        if decided[0] is FAIL or decided[0] is NA:
            return _NA
        return _when_then(decided, then(ctx))

    return decide


def _when_then(
    condition: tuple[Status, tuple[str, ...], tuple[Text, ...]],
    then: tuple[Status, tuple[str, ...], tuple[Text, ...]],
) -> tuple[Status, tuple[str, ...], tuple[Text, ...]]:
    """A conditional rule's decision from its condition's (neither failed nor not
    applicable) and its rule's."""
    cond, cond_missing, cond_review = condition
    inner, inner_missing, inner_review = then
    if cond in _HOLDS:
        return inner, inner_missing, inner_review
    if inner in _HOLDING:
        return inner, NONE, NONE
    if type(cond_missing) is tuple and type(inner_missing) is tuple and len(inner_missing) < 2:
        # the commonest: the rule misses one fact at most (the condition's kept as it is)
        if not inner_missing or inner_missing[0] in cond_missing:
            return cond, cond_missing, cond_review
        return cond, cond_missing + inner_missing, cond_review
    missing = list(cond_missing)
    _add(missing, inner_missing)
    return cond, tuple(missing), cond_review


# -- collections ---------------------------------------------------------------------------


def _also(rule: Count | Share) -> Decide | None:
    """A count or share with subjects beside its list: decided by the rule's own
    ``decide_into`` (what ``run`` decides, its explanation left out), its parts by their
    plans; None when a part must run at once."""
    if not _runs_alone(rule):
        return None
    decide_into = rule.decide_into

    def decide(ctx: Context) -> tuple[Status, tuple[str, ...], tuple[Text, ...]]:
        out = Outcome()
        decide_into(ctx, out)
        return out.status, tuple(out.missing), tuple(out.review)

    return decide


def _count(rule: Count) -> Decide | None:
    if rule.op not in OPS:
        return None
    if rule.also:
        return _also(rule)
    where = None if rule.where is None else plan(rule.where)
    if rule.where is not None and where is None:
        return None
    items_of, collection, limit_of, op = (
        _fact(rule.collection),
        rule.collection,
        _value(rule.value),
        rule.op,
    )
    written = None if isinstance(rule.value, (P, F)) else (rule.value, None)

    def decide(ctx: Context) -> tuple[Status, tuple[str, ...], tuple[Text, ...]]:
        limit, miss = limit_of(ctx) if written is None else written
        missing: list[str] = []
        items = items_of(ctx)
        if items is MISSING:
            missing.append(_full(ctx, collection))
            if miss and miss not in missing:
                missing.append(miss)
            return UNKNOWN, tuple(missing), NONE
        if not isinstance(items, list):
            raise TypeError(f"{collection} is not a list")
        yes = unknown = 0
        if where is None:
            yes = len(items)
        else:
            full = _full(ctx, collection)
            for i, item in enumerate(items):
                status, item_missing, _ = where(ctx.at(item, f"{full}[{i}]"))
                if status in _HOLDS:
                    yes += 1
                elif status in _OPEN:
                    unknown += 1
                    if item_missing:
                        _add(missing, item_missing)
        if miss:
            if miss not in missing:
                missing.append(miss)
            return UNKNOWN, tuple(missing), NONE
        all_ok, any_ok = semantics.count_range(op, yes, yes + unknown, limit)
        return _bounded(all_ok, any_ok, bool(unknown), missing)

    return decide


def _bounded(
    low: bool, high: bool, open_items: bool, missing: list[str]
) -> tuple[Status, tuple[str, ...], tuple[Text, ...]]:
    """A count's status from whether it holds at the least and at the most the open
    items could make it: decided when both agree, else undetermined naming ``missing``."""
    if not open_items:
        return _PASSED if low else _FAILED
    if low and high:
        return _PASSED
    if not low and not high:
        return _FAILED
    return UNKNOWN, tuple(missing), NONE


def _share(rule: Share) -> Decide | None:
    test = OPS.get(rule.op)
    if rule.also:
        return None if test is None else _also(rule)
    where = plan(rule.where)
    among = None if rule.among is None else plan(rule.among)
    if test is None or where is None or (rule.among is not None and among is None):
        return None
    items_of, collection, fraction_of = (
        _fact(rule.collection),
        rule.collection,
        _value(rule.fraction),
    )
    at_most = rule.op in ("<=", "<")

    def holds(k: int, n: int, p: int, q: int) -> bool:
        if n == 0:  # nobody in the group: an "at least" share is not met
            return at_most
        return bool(test(q * k, p * n))

    def decide(ctx: Context) -> tuple[Status, tuple[str, ...], tuple[Text, ...]]:
        frac, miss = fraction_of(ctx)
        items = items_of(ctx)
        if items is not MISSING and not isinstance(items, list):
            raise TypeError(f"{collection} is not a list")
        if miss or items is MISSING:
            missing = [miss] if miss else []
            if items is MISSING:
                name = _full(ctx, collection)
                if name not in missing:
                    missing.append(name)
            return UNKNOWN, tuple(missing), NONE
        frac = Fraction(frac)
        missing = []
        yes = unknown = total = maybe_hit = maybe_miss = 0
        full = _full(ctx, collection)
        for i, item in enumerate(items):
            sub = ctx.at(item, f"{full}[{i}]")
            member, member_missing = (PASS, NONE) if among is None else among(sub)[:2]
            if member is FAIL or member is NA:
                continue
            hit, hit_missing, _ = where(sub)
            if member is not PASS:
                _add(missing, member_missing)
                if hit is not FAIL:
                    maybe_hit += 1
                if hit is not PASS:
                    maybe_miss += 1
                    _add(missing, hit_missing)
                continue
            total += 1
            if hit is PASS:
                yes += 1
            elif hit is not FAIL:
                unknown += 1
                _add(missing, hit_missing)
        p, q = frac.numerator, frac.denominator
        low = holds(yes, total + maybe_miss, p, q)
        high = holds(yes + unknown + maybe_hit, total + maybe_hit, p, q)
        if at_most:
            low, high = high, low
        return _bounded(low, high, bool(unknown or maybe_hit or maybe_miss), missing)

    return decide


def _none_within(rule: NoneWithin) -> Decide | None:
    where = None if rule.where is None else plan(rule.where)
    if rule.where is not None and where is None:
        return None
    items_of, collection, on_source = _fact(rule.collection), rule.collection, rule.on
    date_of, date_field, window = _fact(rule.date_field), rule.date_field, rule.window

    def decide(ctx: Context) -> tuple[Status, tuple[str, ...], tuple[Text, ...]]:
        items = items_of(ctx)
        on, miss_on, _ = ctx.date(on_source)
        missing: list[str] = []
        if items is MISSING:
            missing.append(_full(ctx, collection))
        if miss_on:
            if miss_on not in missing:
                missing.append(miss_on)
            return UNKNOWN, tuple(missing), NONE
        start, end, miss_window, back = window(ctx, on)
        if miss_window and miss_window not in missing:
            missing.append(miss_window)
        if missing:
            return UNKNOWN, tuple(missing), NONE
        unlimited = back == UNLIMITED
        hit = undetermined = False
        full = _full(ctx, collection)
        for i, item in enumerate(items):
            sub = ctx.at(item, f"{full}[{i}]")
            match, match_missing = (PASS, NONE) if where is None else where(sub)[:2]
            if match is FAIL or match is NA:
                continue
            when = date_of(sub)
            if when is MISSING and unlimited:
                when = on  # an undated record of an unbounded past is inside the window
            if when is MISSING:
                undetermined = True
                missing.append(_full(sub, date_field))
                continue
            if start <= when <= end:
                if match is PASS:
                    hit = True
                else:
                    undetermined = True
                    _add(missing, match_missing)
        if hit:
            return _FAILED
        if undetermined:
            return UNKNOWN, tuple(missing), NONE
        return _PASSED

    return decide


def _application_limit(rule: ApplicationLimit) -> Decide | None:
    where = None if rule.where is None else plan(rule.where)
    if rule.where is not None and where is None:
        return None
    limit_of, order_of, order_ref = _value(rule.limit), _value(rule.order), rule.order
    items_of, collection = _fact(rule.collection), rule.collection
    own_of, submitted = _fact(rule.submitted), rule.submitted
    date_of, item_date = _fact(rule.item_date), rule.item_date
    same_day = (SAME_DAY,)

    def decide(ctx: Context) -> tuple[Status, tuple[str, ...], tuple[Text, ...]]:
        limit, miss_limit = limit_of(ctx)
        order, miss_order = order_of(ctx)
        missing: list[str] = []
        for miss in (miss_limit, miss_order):
            if miss and miss not in missing:
                missing.append(miss)
        if not miss_order and order not in APPLICATION_ORDERS:
            raise ValueError(
                f"{order_ref} = {order!r}: expected one of {', '.join(APPLICATION_ORDERS)}"
            )
        items = items_of(ctx)
        if items is MISSING:
            name = _full(ctx, collection)
            if name not in missing:
                missing.append(name)
            return UNKNOWN, tuple(missing), NONE
        if not isinstance(items, list):
            raise TypeError(f"{collection} is not a list")
        own = own_of(ctx) if order == "first_come" else None
        own_date = own if isinstance(own, dt.date) else None
        earlier = same = later = open_ = 0
        full = _full(ctx, collection)
        for i, item in enumerate(items):
            sub = ctx.at(item, f"{full}[{i}]")
            if where is not None:
                status, part_missing, _ = where(sub)
                if status is FAIL or status is NA:
                    continue
                if status is not PASS and status is not WAIVED:
                    open_ += 1
                    _add(missing, part_missing)
                    continue
            if own_date is None:
                later += 1
                continue
            when = date_of(sub)
            if not isinstance(when, dt.date):
                open_ += 1
                name = _full(sub, item_date)
                if name not in missing:
                    missing.append(name)
            elif when < own_date:
                earlier += 1
            elif when == own_date:
                same += 1
            else:
                later += 1
        if miss_limit or miss_order:
            return UNKNOWN, tuple(missing), NONE
        if order == "all_rejected":
            conflicts = earlier + same + later
            if conflicts + 1 > limit:
                return _FAILED
            if conflicts + open_ + 1 > limit:
                return UNKNOWN, tuple(missing), NONE
            return _PASSED
        if (earlier or same or later or open_) and own_date is None:
            name = _full(ctx, submitted)
            if name not in missing:
                missing.append(name)
            return UNKNOWN, tuple(missing), NONE
        if earlier + 1 > limit:
            return _FAILED
        if earlier + open_ + 1 > limit:
            return UNKNOWN, tuple(missing), NONE
        if earlier + same + 1 > limit:
            return REVIEW, NONE, same_day
        return _PASSED

    return decide


def _in_role(rule: InRole) -> Decide:
    unit_of, unit_path = _fact(rule.fact), rule.fact
    orgs_of, orgs_path, roles_of = _fact(rule.organisations), rule.organisations, _value(rule.roles)

    def decide(ctx: Context) -> tuple[Status, tuple[str, ...], tuple[Text, ...]]:
        unit = unit_of(ctx)
        orgs = orgs_of(ctx)
        roles, miss = roles_of(ctx)
        missing: list[str] = []
        if unit is MISSING:
            missing.append(_full(ctx, unit_path))
        if orgs is MISSING:
            _add(missing, (_full(ctx, orgs_path),))
        if miss:
            _add(missing, (miss,))
        if missing:
            return UNKNOWN, tuple(missing), NONE
        where = _full(ctx, orgs_path)
        for i, org in enumerate(orgs):
            if org.role is not None and org.role not in roles:
                continue
            if org.id is None:
                _add(missing, (f"{where}[{i}].id",))
            elif org.id == unit:
                if org.role is not None:
                    return _PASSED
                _add(missing, (f"{where}[{i}].role",))
        if missing:  # an organisation that could be the one named is not known enough
            return UNKNOWN, tuple(missing), NONE
        return _FAILED

    return decide


#: each bound of a duration, in the order ``run`` reads them (and names what is missing)
_ANNIVERSARY_HOLDS: dict[str, Callable[[dt.date, dt.date], bool]] = {
    "at_least": lambda anniversary, end: anniversary <= end,
    "at_most": lambda anniversary, end: end <= anniversary,
    "more_than": lambda anniversary, end: anniversary < end,
    "less_than": lambda anniversary, end: end < anniversary,
}


def _duration(rule: Duration) -> Decide:
    start_of, start_path, end_source = _fact(rule.start), rule.start, rule.end
    leap_of = _value(rule.leap_day)
    bounds = [(_ANNIVERSARY_HOLDS[name], getattr(rule, name)) for name in _ANNIVERSARY_HOLDS]
    # the leap-day rule and the periods, none a fact: the same for every case of one date
    # and parameter set, so read once per assessment date (as an age limit's settings)
    by_date = not any(isinstance(r, F) for r in (rule.leap_day, *(ref for _, ref in bounds)))
    key = id(rule)

    def settings(ctx: Context) -> tuple[Any, Any, list[tuple[Any, Any, Any]]]:
        leap, miss_leap = leap_of(ctx)
        # raises as run does on a value not a period (and is kept only when none does)
        return leap, miss_leap, [(holds, *period_of(ctx, ref)) for holds, ref in bounds]

    def decide(ctx: Context) -> tuple[Status, tuple[str, ...], tuple[Text, ...]]:
        start = start_of(ctx)
        end, miss_end, _ = ctx.date(end_source)
        shared = ctx.shared
        if by_date and shared is not None:
            hit = shared.values.get(key)
            if hit is None or hit[0] is not rule:
                hit = shared.values[key] = (rule, settings(ctx))
            leap, miss_leap, read = hit[1]
        else:
            leap, miss_leap, read = settings(ctx)
        missing: list[str] = []
        if start is MISSING:
            missing.append(_full(ctx, start_path))
        if miss_end:
            _add(missing, (miss_end,))
        if miss_leap:
            _add(missing, (miss_leap,))
        for _, _p, miss in read:
            if miss:
                _add(missing, (miss,))
        if missing:
            return UNKNOWN, tuple(missing), NONE
        for holds, p, _ in read:
            if p is not None and not holds(shift(start, p, leap), end):
                return _FAILED
        return _PASSED

    return decide


def _time_spent(rule: TimeSpent) -> Decide:
    """What the rule's ``run`` decides, without its explanation's texts."""
    decide_into = rule.decide_into

    def decide(ctx: Context) -> tuple[Status, tuple[str, ...], tuple[Text, ...]]:
        out = Outcome()
        decide_into(ctx, out)
        return out.status, tuple(out.missing) if out.missing else NONE, NONE

    return decide


# -- ages ----------------------------------------------------------------------------------


_AGES = functools.lru_cache(maxsize=8192, typed=True)(age_at_most)


def _aged(birth: dt.date, limit: Any, ref: dt.date, method: Any, attained: Any, leap: Any) -> bool:
    """:func:`~talentkit.dates.age_at_most`, kept for arguments met before (the members of
    a team are counted by several rules of several programmes, on one reference date)."""
    try:
        return _AGES(birth, limit, ref, method, attained, leap)
    except TypeError:  # an argument that cannot be hashed: as age_at_most decides it
        return age_at_most(birth, limit, ref, method, attained, leap)


def age_settings(rule: AgeAtMost) -> Callable[[Context], tuple[Any, ...]]:
    """What an age limit reads of parameters and its own fields, in the order its plan
    reads them: ``(limit, missing name, method, ..., leap-day rule, ..., allowance, ...)``
    (each value beside the name it is missing as, or None). None of them a fact, they are
    the same for every case and member of one date and parameter set, so kept per
    assessment date with the shared values."""
    settings = tuple(
        _value(r)
        for r in (rule.years, rule.method, rule.attained, rule.leap_day, rule.female_extra)
    )
    by_date = not any(
        isinstance(r, F)
        for r in (rule.years, rule.method, rule.attained, rule.leap_day, rule.female_extra)
    )
    key = id(rule)

    def values(ctx: Context) -> tuple[Any, ...]:
        return tuple(v for of in settings for v in of(ctx))

    def kept(ctx: Context) -> tuple[Any, ...]:
        shared = ctx.shared
        if by_date and shared is not None:
            hit = shared.values.get(key)
            if hit is None or hit[0] is not rule:
                hit = shared.values[key] = (rule, values(ctx))
            read: tuple[Any, ...] = hit[1]
            return read
        return values(ctx)

    return kept


def age_missing(birth: str | None, miss_ref: str | None, read: tuple[Any, ...]) -> PartDecision:
    """An age limit's decision when the birth date (named ``birth``, None when given),
    the reference date (``miss_ref``) or a setting (:func:`age_settings`) is missing."""
    missing: list[str] = []
    if birth is not None:
        missing.append(birth)
    for m in (miss_ref, read[1], read[3], read[5], read[7]):
        if m and m not in missing:
            missing.append(m)
    return UNKNOWN, tuple(missing), NONE


def age_within(birth: Any, ref: Any, read: tuple[Any, ...]) -> PartDecision:
    """An age limit without an allowance decided on a birth date and reference date
    both given, under its settings (:func:`age_settings`)."""
    assert isinstance(ref, dt.date)
    assert isinstance(birth, dt.date)
    # the limit as with an allowance of none (``limit + extra``)
    ok = _aged(birth, read[0] + 0, ref, read[2], read[4], read[6])
    return _PASSED if ok else _FAILED


def _age_at_most(rule: AgeAtMost) -> Decide:
    birth_of, birth_path, on = _fact(rule.birth), rule.birth, rule.on
    female_extra = rule.female_extra is not None
    gender_path = rule.gender or _sibling(rule.birth, "gender")
    gender_of = _fact(gender_path)
    settings = age_settings(rule)

    def decide(ctx: Context) -> tuple[Status, tuple[str, ...], tuple[Text, ...]]:
        birth = birth_of(ctx)
        ref, miss_ref, _ = ctx.date(on)
        read = settings(ctx)
        if birth is MISSING or miss_ref or read[1] or read[3] or read[5] or read[7]:
            name = _full(ctx, birth_path) if birth is MISSING else None
            return age_missing(name, miss_ref, read)
        if not female_extra:  # the commonest: no allowance
            return age_within(birth, ref, read)
        return age_allowed(birth, ref, read, gender_of, gender_path, ctx)

    return decide


def age_allowed(
    birth: Any, ref: Any, read: tuple[Any, ...], gender_of: Read, gender_path: str, ctx: Context
) -> PartDecision:
    """An age limit with an allowance for women decided on a birth date and reference
    date both given, under its settings (:func:`age_settings`): the gender read (by
    ``gender_of``, named ``gender_path`` when missing) only then."""
    assert isinstance(ref, dt.date)
    assert isinstance(birth, dt.date)
    limit, _, method, _, attained, _, leap, _, extra_v, miss_extra = read
    extra = 0
    gender = gender_of(ctx)
    if _aged(birth, limit, ref, method, attained, leap):
        extra = 0
    elif miss_extra:
        return UNKNOWN, (miss_extra,), NONE
    elif gender is MISSING:
        if _aged(birth, limit + extra_v, ref, method, attained, leap):
            return UNKNOWN, (_full(ctx, gender_path),), NONE
    else:
        extra = extra_v if gender == "female" else 0
    ok = _aged(birth, limit + extra, ref, method, attained, leap)
    return _PASSED if ok else _FAILED


_COMPILERS: dict[type, Callable[[Any], Decide | None]] = {
    Compare: _compare,
    OneOf: _one_of,
    DateCompare: _date_compare,
    ParamIs: _param_is,
    AllOf: _all_of,
    AnyOf: _any_of,
    Not: _not,
    When: _when,
    Attested: _attested,
    Judgement: _judgement,
    Count: _count,
    Share: _share,
    AgeAtMost: _age_at_most,
    NoneWithin: _none_within,
    ApplicationLimit: _application_limit,
    InRole: _in_role,
    Duration: _duration,
    TimeSpent: _time_spent,
}

KEEPS_PARTS.update((AllOf, AnyOf, Not, When))
