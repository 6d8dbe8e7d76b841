"""Checks of what plugins declare, run when plugins load and by ``talentkit lint``.

A declaration that names something that does not exist would load and then never match:
a misspelled fact path leaves a rule *undetermined* forever, asking for a fact the input
parser rejects. Every name a programme uses is therefore resolved here against the input
model (:mod:`talentkit.subjects`), the declared facts, the programme's own rule and
funding ids and the declared parameters; each miss is reported with the nearest valid
name.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import types
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, TypeVar, Union

import attrs

from talentkit import subjects
from talentkit.exits import ExitCase
from talentkit.facts import FactSpec, record_fields
from talentkit.funding import (
    Annual,
    Exclusion,
    FundingItem,
    Obligation,
    PackageCap,
    Percentage,
    Range,
    YearlyGate,
)
from talentkit.fundingtext import format_problems, language_problems, summary_problems
from talentkit.fundingtext import problems as funding_text_problems
from talentkit.params import ParameterStore
from talentkit.programme import Programme
from talentkit.rules import Attested, Judgement, Rule
from talentkit.rules.refs import AS_OF, REF, F, P
from talentkit.text import Citation, Text, placeholders
from talentkit.titles import Title

_SCOPE_OF: dict[type, str] = {
    subjects.Profile: "profile",
    subjects.Person: "person",
    subjects.Organisation: "organisation",
    subjects.Team: "team",
    subjects.Application: "application",
    subjects.Award: "award",
    subjects.Event: "event",
}


@attrs.frozen
class Finding:
    """One defect in a programme's declarations."""

    programme: str
    rule: str
    problem: str
    advice: str


@attrs.frozen
class _Resolved:
    fact: str | None = None  # the declared fact the path reads, if any
    problem: str | None = None
    suggestion: str | None = None
    is_date: bool | None = None  # whether the path reads a date (None: not known)


def _unwrap(tp: Any) -> Any:
    """``X | None`` → ``X``."""
    if typing.get_origin(tp) in (Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return tp


@functools.cache
def _fields(cls: type) -> dict[str, Any]:
    """A subject class's fields and their types (evaluating the hints is the slow part)."""
    return {name: _unwrap(t) for name, t in _hints(cls).items()}


def _hints(cls: type) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    return {f.name: hints[f.name] for f in attrs.fields(cls)}


def resolve_path(
    path: str, facts: Mapping[str, FactSpec], root: type = subjects.Profile
) -> _Resolved:
    """Resolve a fact path statically: which declared fact it reads, or why it does not
    exist. ``a[]`` steps into the items of list ``a``; ``$.`` restarts at the profile."""
    parts = path.split(".")
    current: Any = root
    done: list[str] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        if part == "$":
            current, done = subjects.Profile, ["$"]
            i += 1
            continue
        if not (isinstance(current, type) and attrs.has(current)):
            return _Resolved(problem=f"{'.'.join(done)} has no field {part!r}")
        fields = _fields(current)
        if part == "facts" and current in _SCOPE_OF:
            return _fact(path, ".".join(parts[i + 1 :]), done, _SCOPE_OF[current], facts)
        name, select = part, None
        if "[" in part:
            name, _, rest = part.partition("[")
            select = rest.rstrip("]")
        if name not in fields:
            close = difflib.get_close_matches(name, list(fields), n=1)
            here = ".".join(done) or root.__name__
            return _Resolved(
                problem=f"{here} has no field {name!r}",
                suggestion=".".join([*done, close[0], *parts[i + 1 :]]) if close else None,
            )
        tp = fields[name]
        if select is not None:
            if typing.get_origin(tp) is not list:
                return _Resolved(problem=f"{'.'.join([*done, name])} is not a list")
            tp = _unwrap(typing.get_args(tp)[0])
            if select:  # [field=value]: the field must exist on the items
                key = select.partition("=")[0]
                if attrs.has(tp) and key not in _fields(tp):
                    return _Resolved(problem=f"items of {name} have no field {key!r}")
        elif typing.get_origin(tp) is dict:
            return _Resolved()  # attestations, decisions, waivers: keyed by any name
        elif typing.get_origin(tp) is list and i + 1 < len(parts):
            return _Resolved(
                problem=f"{'.'.join([*done, name])} is a list; select an item with "
                f"{name}[field=value] or read it through Count, Share or NoneWithin"
            )
        current = tp
        done.append(part)
        i += 1
    return _Resolved(is_date=_unwrap(current) is dt.date)


def _fact(
    path: str, name: str, done: list[str], scope: str, facts: Mapping[str, FactSpec]
) -> _Resolved:
    spec = facts.get(name)
    prefix = ".".join([*done, "facts"])
    if spec is not None and spec.scope == scope:
        return _Resolved(fact=name, is_date=spec.type == "date")
    if spec is not None:
        return _Resolved(
            problem=f"fact {name!r} is declared for scope {spec.scope!r}, but {path} reads "
            f"it from a {scope}",
        )
    same_scope = [n for n, s in facts.items() if s.scope == scope]
    close = difflib.get_close_matches(name, same_scope, n=1, cutoff=0.6)
    return _Resolved(
        problem=f"no fact {name!r} is declared for scope {scope!r}",
        suggestion=f"{prefix}.{close[0]}" if close else None,
    )


def _nested(rule: Rule) -> list[Rule]:
    """The rules inside ``rule``, depth first, each parent before its children."""
    out: list[Rule] = []
    _add_nested(rule, out)
    return out


def _add_nested(rule: Rule, out: list[Rule]) -> None:
    for child in rule.children():
        out.append(child)
        _add_nested(child, out)


# texts and citations hold strings only
_STRING_RECORDS = frozenset({Text, Citation})


# values that hold nothing to walk into, by exact type: checked first, since the abstract
# classes tested after them (Mapping) cost a Python call per value
_LEAF_TYPES = frozenset({str, int, float, bool, bytes, dt.date, dt.datetime, type(None)})
#: both: the walks below pass over them before calling themselves (a call per field cost
#: more than the test)
_PASSED = _STRING_RECORDS | _LEAF_TYPES

T = TypeVar("T")
#: answers about declarations, by question and declaration (kept alive beside its answer,
#: so that no other object takes its id): programmes share rules, funding lines and exit
#: rules, and a question about one depends on nothing else of the programme holding it
Answers = dict[tuple[str, int], tuple[Any, Any]]


def _answer(answers: Answers | None, question: str, decl: Any, ask: Callable[[Any], T]) -> T:
    """``ask(decl)``, once per declaration object among ``answers``."""
    if answers is None:
        return ask(decl)
    hit = answers.get((question, id(decl)))
    if hit is None or hit[0] is not decl:
        hit = answers[question, id(decl)] = (decl, ask(decl))
    result: T = hit[1]
    return result


def _param_refs(obj: Any) -> list[str]:
    """Every parameter key referenced anywhere inside a declaration, in the order met."""
    out: list[str] = []
    _add_param_refs(obj, set(), out)
    return out


def _add_param_refs(obj: Any, seen: set[int], out: list[str]) -> None:
    """:func:`_param_refs` into ``out``: appended, not yielded (a generator per level
    of a declaration cost more than the walk itself)."""
    kind = type(obj)
    if kind in _STRING_RECORDS or kind in _LEAF_TYPES:  # the most numerous parts, never a P
        return
    if id(obj) in seen:
        return
    seen.add(id(obj))
    if isinstance(obj, P):
        out.append(obj.key)
    elif isinstance(obj, Rule):
        out += _rule_params(obj)
    elif (names := record_fields(kind)) is not None:
        for name in names:
            if name != "sources" and type(value := getattr(obj, name)) not in _PASSED:
                _add_param_refs(value, seen, out)
    elif kind is tuple or kind is list or isinstance(obj, (list, tuple)):
        for x in obj:
            if type(x) not in _PASSED:
                _add_param_refs(x, seen, out)
    elif isinstance(obj, Mapping):
        for x in obj.values():
            if type(x) not in _PASSED:
                _add_param_refs(x, seen, out)


_RULE_PARAMS: dict[int, tuple[Rule, tuple[str, ...]]] = {}


def _rule_params(rule: Rule) -> tuple[str, ...]:
    """The parameter keys of a rule and of the rules inside it, each once in the order
    first read; kept per rule object (declarations are immutable, and programmes share
    rules)."""
    hit = _RULE_PARAMS.get(id(rule))
    if hit is None or hit[0] is not rule:
        keys = list(rule.param_keys())
        for child in rule.children():
            keys += _rule_params(child)
        hit = (rule, tuple(dict.fromkeys(keys)))
        _RULE_PARAMS[id(rule)] = hit
    return hit[1]


def owned_params(prog: Programme, answers: Answers | None = None) -> Iterator[tuple[str, str]]:
    """(id of the rule, item or field that uses it, parameter key) for a whole programme."""
    for group in (
        prog.rules,
        prog.relaxations,
        prog.funding,
        prog.exits,
        prog.scoring,
        prog.procedure,
    ):
        for decl in group:
            owner = getattr(decl, "id", "")
            for key in _answer(answers, "params", decl, _param_refs):
                yield owner, key
    for name in ("grading", "enabled", "valid_from", "valid_to", "reference"):
        for key in _param_refs(getattr(prog, name)):
            yield name, key


def _fact_refs(obj: Any) -> list[str]:
    """Paths of the :class:`F` values of a funding or exit declaration (rules inside it
    list theirs through ``fact_paths``)."""
    out: list[str] = []
    _add_fact_refs(obj, out)
    return out


def _add_fact_refs(obj: Any, out: list[str]) -> None:
    kind = type(obj)
    if kind in _STRING_RECORDS or kind in _LEAF_TYPES:
        return
    if isinstance(obj, F):
        out.append(obj.path)
    elif isinstance(obj, Rule):
        return
    elif (names := record_fields(kind)) is not None:
        for name in names:
            if type(value := getattr(obj, name)) not in _PASSED:
                _add_fact_refs(value, out)
    elif isinstance(obj, (list, tuple)):
        for x in obj:
            if type(x) not in _PASSED:
                _add_fact_refs(x, out)


def _date_source(value: Any) -> list[str]:
    return [value] if isinstance(value, str) and value not in (REF, AS_OF) else []


def _fact_paths(rule: Rule) -> list[str]:
    return list(rule.fact_paths())


def _reads(prog: Programme, answers: Answers | None = None) -> Iterator[tuple[str, str, type]]:
    """(rule or item id, fact path, root type) of everything the programme reads."""
    for rule in prog.all_rules():
        for path in _answer(answers, "facts", rule, _fact_paths):
            yield rule.id, path, subjects.Profile
    for relax in prog.relaxations:
        for path in relax.when.fact_paths():
            yield relax.id, path, subjects.Profile
    for src in prog.reference:
        for path in _date_source(src):
            yield "reference", path, subjects.Profile
    for item in prog.scoring:
        if item.score:
            yield item.id, item.score, subjects.Profile
    for d in prog.funding:
        paths: list[str] = []
        if isinstance(d, FundingItem | Obligation) and d.condition is not None:
            paths += d.condition.fact_paths()
        if isinstance(d, FundingItem) and isinstance(d.schedule, Annual):
            paths += _date_source(d.schedule.start)
        if isinstance(d, Range):
            paths.append(d.decided)
        if isinstance(d, Percentage):
            paths += [d.base, *([d.prior] if d.prior else [])]
        if isinstance(d, FundingItem) and d.prior_award is not None:
            paths.append(d.prior_award.received)
        if isinstance(d, FundingItem) and d.paid_after is not None:
            paths.append(d.paid_after.event)
        if isinstance(d, FundingItem) and isinstance(getattr(d.schedule, "gate", None), YearlyGate):
            paths.append(d.schedule.gate.event)  # type: ignore[union-attr]
        if isinstance(d, Obligation):
            paths.append(d.committed)
        if isinstance(d, Exclusion):
            paths += d.when.fact_paths()
        if isinstance(d, PackageCap | Title) and d.condition is not None:
            paths += d.condition.fact_paths()
        paths += _fact_refs(d)
        for path in paths:
            yield d.id, path, subjects.Profile
    for step in prog.procedure:
        for path in step.fact_paths():
            yield step.id, path, subjects.Profile
    for ex in prog.exits:
        paths = [
            *(ex.when.fact_paths() if ex.when is not None else ()),
            *_fact_refs(ex),
            *(d.done for d in ex.deadlines if d.done),  # when a duty was performed
        ]
        for path in paths:
            yield ex.id, path, ExitCase


def fact_reads(prog: Programme) -> Iterator[tuple[str, str, type]]:
    """(rule or item id, fact path, root type) of everything ``prog`` reads: rules,
    relaxations, scoring, funding, procedure and exits (``talentkit schema --flat``)."""
    return _reads(prog)


def check_programme(
    prog: Programme,
    facts: Mapping[str, FactSpec],
    store: ParameterStore,
    funding_items: set[str] | None = None,
    resolved: dict[tuple[str, type], _Resolved] | None = None,
    answers: Answers | None = None,
) -> tuple[list[Finding], set[str]]:
    """The defects of one assembled programme, and the declared facts it reads.

    :param funding_items: every funding item id of the installed programmes; exit rules
        shared by sibling programmes may recover any of them (default: this programme's).
    :param resolved: paths already resolved against the same ``facts`` (programmes of
        one installation read many of the same paths)
    :param answers: what was found for declarations checked already against the same
        ``facts`` and ``store`` (programmes of one installation share many): each is still
        reported for every programme holding it
    """
    resolved = {} if resolved is None else resolved
    out: list[Finding] = []
    used: set[str] = set()

    def add(rule: str, problem: str, advice: str) -> None:
        out.append(Finding(prog.id, rule, problem, advice))

    top: dict[str, int] = {}
    judged: dict[str, list[Rule]] = {}  # a Judgement reused in two places shares its decision
    for rule in prog.rules:
        if not rule.id or rule.cite is None:
            add(
                rule.id,
                f"rule {rule.id or type(rule).__name__} has no id or citation",
                "give every rule an id and a citation",
            )
        top[rule.id] = top.get(rule.id, 0) + 1
        for part in _nested(rule):
            if isinstance(part, Judgement) and not part.id:
                add(
                    rule.id,
                    f"rule {rule.id}: a nested Judgement needs an id, under which its "
                    "decision is recorded",
                    "give the Judgement an id",
                )
            elif (
                isinstance(part, Judgement)
                and part.id != rule.id  # the rule's own decision, recorded under its id
                and part not in judged.setdefault(part.id, [])
            ):
                judged[part.id].append(part)
            if part.soft:
                add(
                    rule.id,
                    f"rule {rule.id}: a nested part is marked soft, but waivers apply to a "
                    "programme's rules only",
                    "mark the top-level rule soft",
                )
    for rid, n in top.items():
        if rid and (n > 1 or (rid in judged and n)):
            add(
                rid,
                f"rule id {rid!r} is declared {n + len(judged.get(rid, ()))} times",
                "give each rule a unique id: results, waivers and decisions are keyed by it",
            )
    for rid, parts in judged.items():
        if len(parts) > 1 and rid not in top:
            add(
                rid,
                f"judgement id {rid!r} is declared {len(parts)} times with different criteria",
                "give each judgement a unique id: decisions are recorded under it",
            )
    for rule_id, path, root in _reads(prog, answers):
        found = resolved.get((path, root))
        if found is None:
            found = resolved[path, root] = resolve_path(path, facts, root)
        if found.fact:
            used.add(found.fact)
        if found.problem:
            hint = f"; did you mean {found.suggestion}?" if found.suggestion else ""
            add(
                rule_id,
                f"{rule_id or 'programme'} reads {path!r}: {found.problem}{hint}",
                "fix the path, or declare the fact in talentkit_add_facts with the scope "
                "where the input gives it",
            )
    step_ids = [s.id for s in prog.procedure]
    for sid in dict.fromkeys(s for s in step_ids if step_ids.count(s) > 1):
        add(
            sid,
            f"step id {sid!r} is declared {step_ids.count(sid)} times",
            "give each step a unique id",
        )
    rule_ids = {r.id for r in prog.rules}
    for relax in prog.relaxations:
        for target in relax.rules:
            if target not in rule_ids:
                add(
                    relax.id,
                    f"relaxation {relax.id} names unknown rule {target!r}"
                    + _did_you_mean(target, rule_ids),
                    "name rules of this programme",
                )
    item_ids = {d.id for d in prog.funding if not isinstance(d, Exclusion)}
    paid_items = {d.id for d in prog.funding if isinstance(d, FundingItem)}
    for d in prog.funding:
        for target in d.items if isinstance(d, PackageCap) else ():
            if target not in paid_items:
                add(
                    d.id,
                    f"package cap {d.id} names unknown funding item {target!r}"
                    + _did_you_mean(target, paid_items),
                    "name funding items of this programme",
                )
        if isinstance(d, Exclusion):
            for target in d.excludes:
                if target not in item_ids:
                    add(
                        d.id,
                        f"exclusion {d.id} names unknown funding item {target!r}"
                        + _did_you_mean(target, item_ids),
                        "name funding items of this programme",
                    )
    for d in prog.funding:
        if isinstance(d, FundingItem) and d.paid_after is not None:
            event = d.paid_after.event
            if resolve_path(event, facts).is_date is False:  # a misspelling is reported above
                add(
                    d.id,
                    f"funding item {d.id} is paid after {event!r}, which is not a date",
                    "name the date fact of the event the payment waits on",
                )
        gate = getattr(d.schedule, "gate", None) if isinstance(d, FundingItem) else None
        if isinstance(gate, YearlyGate):
            found = resolve_path(gate.event, facts)
            spec = facts.get(found.fact or "")
            if found.fact is not None and (spec is None or spec.type != "dates"):
                add(
                    d.id,
                    f"funding item {d.id} waits each year on {gate.event!r}, which is not a "
                    "list of dates",
                    "name a fact of type dates holding the event's dates year by year",
                )
    # exit rules shared by sibling programmes may withdraw a title only some of them confer
    titles = {d.id for d in prog.funding if isinstance(d, Title)} | (funding_items or set())
    for ex in prog.exits:
        for target in ex.withdraw:
            if target not in titles:
                add(
                    ex.id,
                    f"exit rule {ex.id} withdraws unknown title {target!r}"
                    + _did_you_mean(target, titles),
                    "name titles (Title) this programme confers",
                )
    recoverable = item_ids | (funding_items or set())
    for ex in prog.exits:
        named = (*(ex.recover.items if ex.recover else ()), *(ex.top_up.items if ex.top_up else ()))
        for target in named:
            if target not in recoverable:
                add(
                    ex.id,
                    f"exit rule {ex.id} recovers or tops up unknown funding item {target!r}"
                    + _did_you_mean(target, item_ids),
                    "name funding items of this programme",
                )
    owned = list(dict.fromkeys(owned_params(prog, answers)))  # the summary reads it too
    for owner, key in owned:
        if key not in store.by_key:
            who = f"rule {owner}" if owner in rule_ids else (owner or "programme")
            add(
                owner,
                f"{who} uses undeclared parameter {key!r}" + _did_you_mean(key, store.by_key),
                "declare the parameter in the plugin's parameter file",
            )

    def declared(key: str) -> bool:
        return key in store.by_key

    def funding_texts(decl: Any) -> list[str]:
        return funding_text_problems(decl, declared)

    def rule_texts(part: Rule) -> list[str]:
        return _texts_problems(part, store)

    for decl in (*prog.funding, *prog.exits, *prog.scoring):
        text_defects = _answer(answers, "texts", decl, funding_texts)
        out.extend(
            Finding(prog.id, getattr(decl, "id", ""), p, "name a declared parameter")
            for p in text_defects
        )
    out.extend(
        Finding(prog.id, "summary", p, "name a parameter the programme reads")
        for p in summary_problems(prog, declared, owned)
    )
    for rule in prog.all_rules():
        for part in (rule, *_nested(rule)):
            out.extend(
                Finding(prog.id, rule.id, p, "name a parameter the rule reads")
                for p in _answer(answers, "rule texts", part, rule_texts)
            )
    return out, used


def _texts_problems(rule: Rule, store: ParameterStore) -> list[str]:
    """:func:`text_problems` of the rule's text and, asked of the applicant, its question."""
    question = rule.question if isinstance(rule, Attested) else None
    return [
        p
        for text in (rule.text, question)
        if text is not None
        for p in text_problems(text, rule, store)
    ]


def text_problems(text: Text, rule: Rule, store: ParameterStore) -> list[str]:
    """Placeholders of a rule text that name no parameter the rule reads."""
    from talentkit.rules.base import placeholder_key

    problems = []
    for name, spec in placeholders(text):
        try:
            key = placeholder_key(rule, name)
        except (KeyError, ValueError) as exc:
            problems.append(f"rule {rule.id or type(rule).__name__} text: {exc.args[0]}")
            continue
        if key not in store.by_key:
            problems.append(f"rule {rule.id} text names undeclared parameter {key!r}")
        else:
            problems.extend(f"rule {rule.id} text: {p}" for p in format_problems(name, spec))
    problems.extend(f"rule {rule.id} text: {p}" for p in language_problems(text))
    return problems


def unused_facts(facts: Mapping[str, FactSpec], used: set[str], listed: set[str]) -> list[str]:
    """Declared facts no rule, funding line or exit rule reads and no informational
    clause lists."""
    return sorted(n for n in facts if n not in used and n not in listed)


def _did_you_mean(name: str, options: Sequence[str] | Mapping[str, Any] | set[str]) -> str:
    close = difflib.get_close_matches(name, list(options), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


__all__ = ["Finding", "check_programme", "resolve_path", "text_problems", "unused_facts"]
