"""The built-in plugin that evaluates what programmes declare as data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from fractions import Fraction
from operator import attrgetter
from typing import Any, cast

import attrs

from talentkit import semantics
from talentkit.builtin import generated as _generated
from talentkit.exits import ExitCase, ExitOutcome, evaluate_exit
from talentkit.funding import FundingResult, evaluate_funding
from talentkit.hookspecs import hookimpl
from talentkit.inputkeys import rules_in
from talentkit.programme import Programme
from talentkit.rules import Check, Custom, Judgement, Rule, Status, WorkdaysWithin
from talentkit.rules.base import EXPLAINS_AS, Decide, explaining, plan_of
from talentkit.rules.context import Context
from talentkit.rules.outcome import deferred_check
from talentkit.scoring import CohortEntry, Grading, ScoreLine, evaluate_scoring, grade_cohort
from talentkit.siblings import settled_by
from talentkit.text import Text
from talentkit.titles import Title

PASS, FAIL, UNKNOWN = Status.PASS, Status.FAIL, Status.UNKNOWN
#: the name the hooks give the built-in plugin (a check that names no plugin is tagged so)
BUILTIN = "talentkit.declared"


@hookimpl
def talentkit_eligibility(programme: Programme, ctx: Context) -> Sequence[Check]:
    return decide_eligibility(programme, ctx).checks()


class Decided:
    """The declared rules of one programme decided on one context: the rule id, status,
    missing facts and review items of each check that does not pass, in the programme's
    order (what the verdict and the assessment's lists are made of); the checks
    themselves (:meth:`checks`) are built when asked for. An assessment that is only read
    for its verdicts never builds them."""

    __slots__ = ("_parts", "open")

    def __init__(self) -> None:
        self.open: list[Open] = []
        self._parts: list[Any] = []

    def checks(self) -> list[Check]:
        """The checks, as the eligibility hook answers them (a check several programmes
        share is one object)."""
        out = []
        for part in self._parts:
            # a check, or a decision kept for the assessment (its slot, :func:`_slot`)
            check = part if isinstance(part, Check) else _shared_check(part[5], part[6], part)
            out.append(check if check.plugin else attrs.evolve(check, plugin=BUILTIN))
        return out

    def _add(self, check: Check) -> None:
        if check.status is not PASS:
            self.open.append((check.rule_id, check.status, check.missing, check.review))
        self._parts.append(check)


def decide_eligibility(programme: Programme, ctx: Context, settled: bool = False) -> Decided:
    """What the built-in eligibility hook answers, decided: a rule object several
    programmes share is decided once per assessment (by rule, plugin and reference date
    sources: the check is immutable; the programme's waivers and relaxations apply after).

    ``settled``: for a sibling read for its verdict alone, the rules after one whose check
    fails or is undetermined (after waivers and relaxations) and settles it as not met
    (:func:`talentkit.siblings.settled_by`) are left undecided."""
    relaxed = semantics.relaxed_rules(programme, ctx) if programme.relaxations else {}
    shared = ctx.shared
    out = Decided()
    if shared is None or explaining():
        for rule, plugin, *_ in _declared(programme):
            out._add(_softened(programme, rule, rule.evaluate(ctx, plugin), ctx, relaxed))
        return out
    reference = tuple(ctx.reference)
    cache = shared.checks.get(reference)
    if cache is None:
        cache = shared.checks[reference] = {}
    decisions = shared.decisions.get(reference)
    if decisions is None:
        decisions = shared.decisions[reference] = {}
    declared = _declared(programme)
    if _generated.ENABLED and ctx.root is None and not ctx.prefix:
        # the case itself: decided by the programme's generated function (a sibling's
        # own, which stops where the loop below stops)
        write = _generated.for_sibling if settled else _generated.generated
        run = write(programme, declared)
        if run is not None:
            run(ctx, shared, cache, decisions, out, programme, relaxed)
            return out
    stops = settled_by(programme) if settled else None
    add_open, add_part, known = out.open.append, out._parts.append, cache.get
    for i, (rule, plugin, pure, decide, same, key) in enumerate(declared):
        if not pure:
            check = _softened(programme, rule, rule.evaluate(ctx, plugin), ctx, relaxed)
            out._add(check)
            if stops is not None and stops[i] and (check.status is FAIL or check.status is UNKNOWN):
                return out
            continue
        slot = known(key)
        if slot is None or slot[5] is not rule:
            if decide is None:
                now = rule.evaluate(ctx, plugin)
                slot = _slot(rule, plugin, ctx, (now.status, now.missing, now.review), now)
            elif same is None:  # Rule.evaluate without its look-ups, its check built when read
                slot = _slot(rule, plugin, ctx, decide(ctx))
            else:  # once per assessment and reference date sources for rules deciding alike
                found = decisions.get(id(same))
                if found is None or found[0] is not same:
                    found = decisions[id(same)] = (same, decide(ctx))
                slot = _slot(rule, plugin, ctx, found[1])
            cache[key] = slot
        status = slot[0]
        if status is PASS:
            add_part(slot)
        elif status is not FAIL:
            add_open(slot[7])
            add_part(slot)
            if stops is not None and status is UNKNOWN and stops[i]:
                return out
        else:
            check = _softened(programme, rule, _shared_check(rule, plugin, slot), ctx, relaxed)
            out._add(check)
            if stops is not None and stops[i] and check.status is FAIL:
                return out
    return out


def _softened(
    programme: Programme, rule: Rule, check: Check, ctx: Context, relaxed: dict[str, Any]
) -> Check:
    """The check after the programme's waivers and relaxations (:func:`semantics.soften`)."""
    if check.status is not FAIL:
        return check
    return semantics.soften(programme, rule, check, ctx, relaxed.get(rule.id))


def _slot(
    rule: Rule,
    plugin: str,
    ctx: Context,
    decided: tuple[Status, tuple[str, ...], tuple[Text, ...]],
    check: Check | None = None,
) -> list[Any]:
    """A decision kept for the assessment, as every programme sharing the rule adds it:
    ``[status, missing, review, check, ctx, rule, plugin, open]``, the check built when
    first needed (:func:`_shared_check`) and the open check's tuple when it neither passes
    nor fails (made once, not once per programme). One list: a report holds hundreds."""
    status, missing, review = decided
    open_: Open | None = None
    if status is not PASS and status is not FAIL:
        open_ = (rule.id, status, missing, review)
    return [status, missing, review, check, ctx, rule, plugin, open_]


def _shared_check(rule: Rule, plugin: str, slot: list[Any]) -> Check:
    """The check of a decision kept for the assessment, built once when first needed."""
    check: Check | None = slot[3]
    if check is None:
        check = slot[3] = deferred_check(rule, slot[4], plugin, slot[0], slot[1], slot[2])
    return check


#: a check that does not pass, as the assessment's lists need it: rule id, status,
#: missing facts, review items
Open = tuple[str, Status, tuple[str, ...], tuple[Text, ...]]
Declared = tuple[Rule, str, bool, "Decide | None", "Rule | None", tuple[int, str]]
_DECLARED: dict[int, tuple[Programme, list[Declared]]] = {}


def _declared(programme: Programme) -> list[Declared]:
    """The programme's rules, each with the plugin that declared it, whether its check
    may be shared (:func:`_pure`), its plan (None: :meth:`Rule.evaluate` decides), the
    rule it decides as (:func:`decides_as`) and its key among the assessment's checks,
    collected once per programme object."""
    hit = _DECLARED.get(id(programme))
    if hit is None or hit[0] is not programme:
        rules: list[Declared] = []
        for r in programme.rules:
            decide = plan_of(r)
            pure = _pure(r)
            same = decides_as(r) if decide is not None and pure else None
            if same is not None:  # its run reads no id, citation, text or softness either
                EXPLAINS_AS[id(r)] = (r, same)
            plugin = programme.sources.get(r.id, "")
            rules.append((r, plugin, pure, decide, same, (id(r), plugin)))
        hit = _DECLARED[id(programme)] = (programme, rules)
    return hit[1]


#: the first rule objects met of each decision, by the hash of the rule's fields but its
#: id, citation, text and softness (none of which its plan reads; for fields with no hash,
#: the hashes of those that have one): each as ``[class, those fields, the rule]``
_DECIDING: dict[object, list[list[Any]]] = {}
#: per rule class: a getter of its fields but id, citation, text and softness, and
#: whether it reads one field (a getter of one gives the value, not a tuple)
_REST: dict[type, tuple[Callable[[Any], Any], bool]] = {}


def decides_as(rule: Rule) -> Rule | None:
    """The first rule object met that decides as ``rule`` on every context: of the same
    plan class, equal and written alike (:func:`_alike`: ``1`` and ``True`` are equal but
    not alike) in everything but its id, citation, text and softness. None for a rule
    whose plan reads its id (:class:`~talentkit.rules.Judgement`: the decision recorded
    under it) and for any other class, whose decision is not known to ignore them; None
    too for a rule counting working days anywhere in it (:func:`_pure`: each programme's
    calendar notes the years it assumes)."""
    from talentkit.rules.plan import FIELDS  # imported with the first plan

    known = _KNOWN.get(id(rule))
    if known is not None and known[0] is rule:  # found by an earlier process
        return known[1].setdefault(known[2], rule) if known[2] >= 0 else None
    kind = type(rule)
    if kind not in FIELDS or kind is Judgement or not _pure(rule):
        return None
    try:
        # the fields themselves, not a copy of the rule without the four: a copy
        # (attrs.evolve) runs every validator again
        rest = _REST.get(kind) or _rest(kind)
        values: tuple[Any, ...] = (rest[0](rule),) if rest[1] else rest[0](rule)
        try:
            key: object = hash(values)
        except TypeError:  # a list or another unhashable value in it
            key = tuple(map(_hash_or_type, values))
        kin = _DECIDING.setdefault(key, [])
        for met in kin:  # [class, fields, first rule]
            if met[0] is kind and all(map(_alike, met[1], values)):
                return cast(Rule, met[2])
    except Exception:  # a value that cannot be compared: decided on its own
        return None
    kin.append([kind, values, rule])
    return rule


#: rules whose answers an earlier process found (:func:`prepared`), by ``id``: the rule,
#: the first rule met of each group deciding alike (by group) and its group (-1: none)
_KNOWN: dict[int, tuple[Rule, dict[int, Rule], int]] = {}
#: what :func:`preparation` finds, per programme id: its rules' ids and a number per rule,
#: odd when the rule is pure, and halved less one the group deciding alike it is in
Preparation = dict[str, tuple[list[str], list[int]]]


def preparation(programmes: Iterable[Programme]) -> Preparation:
    """What preparing the programmes' rules finds from their declarations alone
    (:func:`_pure`, :func:`decides_as`: found by them), to be kept with the declaration
    checks' verdict: two rules in one group decide alike."""
    groups: dict[int, int] = {}
    found: Preparation = {}
    for programme in programmes:
        flags = []
        for rule in programme.rules:
            same = decides_as(rule)
            group = -1 if same is None else groups.setdefault(id(same), len(groups))
            flags.append(int(_pure(rule)) + 2 * (group + 1))
        found[programme.id] = ([r.id for r in programme.rules], flags)
    return found


def prepared(programmes: Iterable[Programme], found: object) -> None:
    """Take what :func:`preparation` found in an earlier process for the same
    declarations; a programme whose entry does not fit its rules is prepared on first
    use as before. The groups' first rules met are found in this process."""
    if not isinstance(found, dict):
        return
    firsts: dict[int, Rule] = {}
    for programme in programmes:
        entry, rules = found.get(programme.id), programme.rules
        if not (isinstance(entry, (list, tuple)) and len(entry) == 2):
            continue
        ids, flags = entry
        if not (
            isinstance(ids, list)
            and isinstance(flags, list)
            and len(flags) == len(rules)
            and set(map(type, flags)) <= {int}
            and min(flags, default=0) >= 0
            and [r.id for r in rules] == ids
        ):
            continue
        for rule, flag in zip(rules, flags, strict=True):
            me = id(rule)
            hit = _KNOWN.get(me)
            if hit is None or hit[0] is not rule:  # a rule taken before keeps its group
                pure = bool(flag & 1)
                _PURE[me] = (rule, pure)
                # only a pure rule decides as another (decides_as)
                _KNOWN[me] = (rule, firsts, (flag >> 1) - 1 if pure else -1)


def _rest(kind: type) -> tuple[Callable[[Any], Any], bool]:
    names = [a.name for a in attrs.fields(kind) if a.name not in _BASE]
    found = _REST[kind] = (attrgetter(*names), len(names) == 1)
    return found


def _hash_or_type(value: object) -> object:
    try:
        return hash(value)
    except TypeError:
        return type(value)


#: types whose equal values are written alike (``repr``), by exact type
_PLAIN = frozenset({str, int, bool, type(None), dt.date, Fraction})
#: per attrs class: a getter of all its fields (and whether it has one) when its ``==``
#: and ``repr`` are attrs' own over every field (two values alike field by field are
#: equal and written alike), else None
_RECORDS: dict[type, tuple[Callable[[Any], Any], bool] | None] = {}


def _alike(a: object, b: object) -> bool:
    """``a == b`` and ``repr(a) == repr(b)``, as two copies of rules without their id,
    citation, text and softness were compared before; walked part by part (the same
    object, or equal values of one plain type, are alike) rather than writing out every
    text of both (a rule's ``repr`` costs many times its hash). Never alike where the
    two would not be."""
    if a is b:
        return True
    kind = type(a)
    if kind is not type(b):
        return False  # a ``repr`` starts with the class name, or differs for these
    if kind in _PLAIN:
        return a == b
    if kind is list or kind is tuple:
        seq_a, seq_b = cast(Sequence[Any], a), cast(Sequence[Any], b)
        return len(seq_a) == len(seq_b) and all(map(_alike, seq_a, seq_b))
    fields = _RECORDS[kind] if kind in _RECORDS else _record(kind)
    if fields is not None:  # every field read with one call (one field: not a tuple)
        get, one = fields
        return _alike(get(a), get(b)) if one else all(map(_alike, get(a), get(b)))
    return bool(a == b) and repr(a) == repr(b)


def _record(kind: type) -> tuple[Callable[[Any], Any], bool] | None:
    found = None
    if attrs.has(kind) and all(
        "attrs generated"
        in getattr(getattr(kind.__dict__.get(m), "__code__", None), "co_filename", "")
        for m in ("__eq__", "__repr__")
    ):
        fields = attrs.fields(kind)
        if fields and all(f.eq and f.eq_key is None and f.repr is True for f in fields):
            found = (attrgetter(*(f.name for f in fields)), len(fields) == 1)
    _RECORDS[kind] = found
    return found


_BASE = frozenset({"id", "cite", "text", "soft"})


_PURE: dict[int, tuple[Rule, bool]] = {}


def _pure(rule: Rule) -> bool:
    """The check depends on the context's case, date, parameters and reference date alone:
    no working-day count (its calendar notes belong to each programme) and no custom
    predicate (arbitrary code) anywhere in the rule (every field, not only what
    ``children()`` names: the values :func:`~talentkit.inputkeys.rules_in` walks)."""
    hit = _PURE.get(id(rule))
    if hit is None or hit[0] is not rule:
        parts = rules_in(rule, set())
        hit = (rule, not any(isinstance(r, (WorkdaysWithin, Custom)) for r in parts))
        _PURE[id(rule)] = hit
    return hit[1]


#: rule classes whose decision runs only the code written for them here (their plans, or
#: their ``run`` inside one) and reads neither the working-day calendar nor custom code:
#: deciding them cannot raise the errors the engine lets through (calendar, parameter,
#: input), which only the calendar and a plugin's code raise
_QUIET: frozenset[type] = frozenset()


def quiet(rule: Rule) -> bool:
    """``rule`` and every rule inside it are of the built-in classes with a plan or run
    inside one (:data:`talentkit.rules.plan.FIELDS`, :data:`~talentkit.rules.plan.RUN_INSIDE`),
    exactly: no working-day count, custom predicate, plugin's class or subclass."""
    global _QUIET
    hit = _QUIET_RULES.get(id(rule))
    if hit is None or hit[0] is not rule:
        if not _QUIET:
            from talentkit.rules.plan import FIELDS, RUN_INSIDE

            _QUIET = frozenset((*FIELDS, *RUN_INSIDE))
        found = all(type(r) in _QUIET for r in rules_in(rule, set()))
        hit = _QUIET_RULES[id(rule)] = (rule, found)
    return hit[1]


_QUIET_RULES: dict[int, tuple[Rule, bool]] = {}


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
