"""A programme's declared eligibility as one generated function.

:func:`talentkit.builtin.declared.decide_eligibility` walks a programme's rules and calls
each rule's plan (:mod:`talentkit.rules.plan`), which calls its parts' plans, each reading
its facts through a function of its own. For the case itself (no member, no prefix) and
the assessment's shared values, the same steps are written out here once per programme as
the source of one function, compiled with ``compile`` and kept: each rule's key, plugin
and plan are constants of it, and the commonest parts are written in place of their
plans (a comparison of a fact with a value written in the rule, a parameter or another
fact, a choice among values written in the rule or a parameter's, an age limit, a date
compared with the reference date, an attestation, a judgement, all-of, any-of, not and
when over them, and a count or share of the case's items whose items' rule is made of
those), reading the case's facts from the assessment's shared values as the plans do.
Any other part (a duration, a window, an application limit...) calls its plan. The
decisions of a programme's score items' rules are written the same way, one function per
programme's items (:func:`scoring`), as :meth:`~talentkit.rules.Rule.decision` makes them.

The plans stay the definition: the code written for each part states what its plan
decides, in the same order of reads, and the tests compare the two on every shipped case
and at the boundaries. A programme whose source cannot be written or compiled is decided
by the loop as before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

from talentkit.facts import MISSING, accessor
from talentkit.programme import Programme
from talentkit.rules import Rule, Status
from talentkit.rules.compare import OPS as OPS_OF
from talentkit.rules.temporal import _sibling

PASS, FAIL, UNKNOWN = Status.PASS, Status.FAIL, Status.UNKNOWN
REVIEW, NA = Status.REVIEW, Status.NA

#: the comparison operators written as Python writes them (``operator.ge`` is ``>=``)
_INFIX = {">=": ">=", "<=": "<=", ">": ">", "<": "<", "==": "==", "!=": "!="}

#: off: every programme is decided by the loop (the tests compare the two)
ENABLED = True

#: a programme's assessments in a process decided by the loop before its function is
#: written: writing and compiling all 35 shipped programmes' functions costs about 850
#: million instructions, as much as ~500 assessments save, which a one-off check (the
#: command line) would never win back
WRITE_AFTER = 500

Generated = Callable[..., None]
_GENERATED: dict[int, tuple[Programme, Generated | None]] = {}
_CALLS: dict[int, tuple[Programme, int]] = {}
#: programmes whose functions and counts are kept at most (each table emptied beyond: a
#: service loading programmes again and again keeps the latest only)
_KEPT = 4096


def generated(programme: Programme, declared: list[Any]) -> Generated | None:
    """The generated eligibility of ``programme`` (its rules as ``declared`` lists them),
    written once per programme object after its first :data:`WRITE_AFTER` assessments;
    None before, and when it cannot be written."""
    hit = _GENERATED.get(id(programme))
    if hit is None or hit[0] is not programme:
        stops = (False,) * len(declared)
        return _written(_GENERATED, _CALLS, programme, lambda: _Writer().programme(declared, stops))
    return hit[1]


_SIBLING: dict[int, tuple[Programme, Generated | None]] = {}
_SIBLING_CALLS: dict[int, tuple[Programme, int]] = {}


def for_sibling(programme: Programme, declared: list[Any]) -> Generated | None:
    """As :func:`generated`, for ``programme`` assessed as a sibling read for its verdict
    alone: the function returns at the first rule failing or undetermined that settles
    it as not met (:func:`talentkit.siblings.settled_by`). A function of its own, written
    after its own first :data:`WRITE_AFTER` such assessments: the programme's function in
    full then tests nothing for it after each rule."""
    hit = _SIBLING.get(id(programme))
    if hit is None or hit[0] is not programme:

        def write() -> Generated:
            from talentkit.siblings import settled_by

            return _Writer().programme(declared, settled_by(programme))

        return _written(_SIBLING, _SIBLING_CALLS, programme, write)
    return hit[1]


def _written(
    made: dict[int, tuple[Any, Generated | None]],
    calls: dict[int, tuple[Any, int]],
    owner: object,
    write: Callable[[], Generated],
) -> Generated | None:
    """The function ``write`` writes for ``owner``, written on its call after the first
    :data:`WRITE_AFTER` (counted in ``calls``) and kept in ``made``; None before, and
    when it cannot be written."""
    seen = calls.get(id(owner))
    count = seen[1] + 1 if seen is not None and seen[0] is owner else 1
    if count <= WRITE_AFTER:
        if count == 1 and len(calls) >= _KEPT:
            calls.clear()
        calls[id(owner)] = (owner, count)
        return None
    calls.pop(id(owner), None)
    try:
        function: Generated | None = write()
    except (RecursionError, SyntaxError, MemoryError, ValueError):
        function = None  # too deep or too large to compile: decided as before
    if len(made) >= _KEPT:
        made.clear()
    made[id(owner)] = (owner, function)
    return function


_SCORED: dict[int, tuple[Any, Generated | None]] = {}
_SCORED_CALLS: dict[int, tuple[Any, int]] = {}


def scoring(items: Sequence[Any]) -> Generated | None:
    """The decisions of a programme's score items' rules on the case itself, as
    :meth:`~talentkit.rules.Rule.decision` makes them, one per item in order: a function
    of the context, the assessment's shared values and its decisions by rule deciding
    alike (for the context's reference date sources), written once per items object
    after its first :data:`WRITE_AFTER` calls; None before, when it cannot be written, and
    for items of which one is scored by a fact (its reading would come after the rules
    before it: an error met first would not be the same)."""
    hit = _SCORED.get(id(items))
    if hit is None or hit[0] is not items:
        if any(item.rule is None for item in items):
            return None
        return _written(_SCORED, _SCORED_CALLS, items, lambda: _Writer().scoring(items))
    return hit[1]


def _one_of_items(got: Any, allowed: set[Any], mode: str) -> tuple[Any, ...]:
    """A choice among values whose fact is a list (as the plan decides it)."""
    from talentkit.rules.plan import _FAILED, _PASSED

    hits = [g for g in got if g in allowed]
    ok = bool(hits) if mode == "any" else len(hits) == len(got) and bool(got)
    return _PASSED if ok else _FAILED


class _Writer:
    """Writes the source of one programme's eligibility function."""

    def __init__(self) -> None:
        from talentkit.builtin import declared
        from talentkit.rules import plan as plans

        self.plans = plans
        self.lines: list[str] = []
        self.space: dict[str, Any] = {
            "PASS": PASS,
            "FAIL": FAIL,
            "NA": NA,
            "MISSING": MISSING,
            "U": object(),
            "NONE": plans.NONE,
            "PASSED": plans._PASSED,
            "FAILED": plans._FAILED,
            "NA3": plans._NA,
            "ALL_OF_OPEN": plans._all_of_open,
            "ANY_OF_OPEN": plans._any_of_open,
            "ALL_OF_TWO": plans._all_of_two,
            "ANY_OF_TWO": plans._any_of_two,
            "WHEN_THEN": plans._when_then,
            "FLIP_GET": plans._FLIP.get,
            "ONE_OF_ITEMS": _one_of_items,
            "SHARED_CHECK": declared._shared_check,
            "SOFTENED": declared._softened,
            "LIST_OR_TUPLE": (list, tuple),
            "HOLDS": plans._HOLDS,
            "OPEN": plans._OPEN,
            "ADD": plans._add,
            "BOUNDED": plans._bounded,
            "COUNT_RANGE": _count_range(),
            "NOT_A_LIST": _not_a_list,
            "UNKNOWN": UNKNOWN,
            "SHARE_HOLDS": _share_holds,
            "FRACTION": Fraction,
            "AGE_MISSING": plans.age_missing,
            "AGE_WITHIN": plans.age_within,
            "AGE_ALLOWED": plans.age_allowed,
        }
        self.serial = 0
        self.uses: set[str] = set()
        #: while a counted item's rule is written: the variables holding the item and
        #: its index, and the name of the collection (its facts are read from the item)
        self.member: tuple[str, str, str] | None = None
        #: values read at most once per call, by what reads them: the variable holding
        #: each (set to ``U`` at the top of the function, read when first needed)
        self.once: dict[Any, str] = {}

    def const(self, value: Any) -> str:
        """A name in the function's globals bound to ``value``."""
        self.serial += 1
        name = f"c{self.serial}"
        self.space[name] = value
        return name

    def temp(self) -> str:
        self.serial += 1
        return f"t{self.serial}"

    def put(self, depth: int, line: str) -> None:
        self.lines.append("    " * depth + line)

    def read_once(self, key: Any, expr: str, depth: int) -> str:
        """The variable holding ``expr``, evaluated where first needed in a call and kept
        for the rest of it: for reads that give the same value on the case and on every
        counted item of one assessment and are kept with its shared values after the
        first (a reference date, an age limit's settings), so reading them once is what
        reading them each time gives."""
        v = self.once.get(key)
        if v is None:
            v = self.once[key] = self.temp()
        self.put(depth, f"if {v} is U:")
        self.put(depth + 1, f"{v} = {expr}")
        return v

    def programme(self, declared: list[Any], stops: tuple[bool, ...]) -> Generated:
        """The function deciding ``declared``; it returns at the first rule that fails or
        is undetermined where ``stops`` (:func:`talentkit.siblings.settled_by`, for a
        sibling) says the rest need not be decided."""
        body: list[str] = []
        self.lines = body
        for i, (rule, plugin, pure, decide, same, key) in enumerate(declared):
            self.rule(stops[i], rule, plugin, pure, decide, same, key)
        return self.compiled(
            "eligibility(ctx, shared, cache, decisions, out, programme, relaxed)",
            [
                "known = cache.get",
                "add_open = out.open.append",
                "add_part = out._parts.append",
            ],
            body,
            "None",
        )

    def scoring(self, items: Sequence[Any]) -> Generated:
        """The function deciding the rules of ``items`` (each has one) on the case itself,
        as :meth:`~talentkit.rules.Rule.decision` decides each: a rule without a plan by
        that method, one deciding alike others once per assessment (kept among
        ``decisions``, as that method and the eligibility keep it), any other by its plan
        written in place. It returns their decisions, in order."""
        from talentkit.rules.base import _same_of, plan_of

        body: list[str] = []
        self.lines = body
        got = []
        for item in items:
            rule = item.rule
            t, r = self.temp(), self.const(rule)
            same = _same_of(rule) if plan_of(rule) is not None else None
            if plan_of(rule) is None:
                self.put(1, f"{t} = {r}.decision(ctx)")
            elif same is None:
                self.put(1, f"{t} = {self.decide(rule, 1)}")
            else:
                s, sid, found = self.const(same), self.const(id(same)), self.temp()
                self.put(1, f"{found} = decisions_get({sid})")
                self.put(1, f"if {found} is None:")
                self.put(2, f"{found} = decisions[{sid}] = ({s}, {self.decide(rule, 2)})")
                self.put(1, f"{t} = {found}[1]")
            got.append(t)
        return self.compiled("scoring(ctx, shared, decisions)", [], body, f"({', '.join(got)},)")

    def compiled(self, signature: str, head: list[str], body: list[str], result: str) -> Generated:
        """The function ``signature`` of ``body`` compiled, reading the case's facts,
        parameters and questions kept with the assessment's shared values, returning
        ``result``."""
        lines = [
            f"def {signature}:",
            "    profile = ctx.profile",
            "    if shared.case is not profile:",
            "        shared.case, shared.facts = profile, {}",
            "    facts = shared.facts",
            "    facts_get = facts.get",
            "    params_get = shared.params.get",
            "    questions_get = shared.questions.get",
            "    decisions_get = decisions.get",
            *(f"    {line}" for line in head),
        ]
        if "attestations" in self.uses:
            lines.append("    attestations_get = profile.attestations.get")
        if "judgements" in self.uses:
            lines.append("    judgements_get = profile.decisions.get")
        lines.extend(f"    {v} = U" for v in self.once.values())
        source = "\n".join([*lines, *body, f"    return {result}", ""])
        name = signature.split("(")[0]
        code = compile(source, f"<talentkit generated {name}>", "exec")
        exec(code, self.space)
        made: Generated = self.space[name]
        return made

    def rule(
        self, stop: bool, rule: Rule, plugin: str, pure: bool, decide: Any, same: Any, key: Any
    ) -> None:
        """One declared rule: decided (or its decision found among the assessment's), then
        added to the programme's decided checks as the loop adds it; where ``stop``, the
        rules after it are left undecided if it fails or is undetermined."""
        r, p = self.const(rule), self.const(plugin)
        if not pure:
            self.added(stop, f"SOFTENED(programme, {r}, {r}.evaluate(ctx, {p}), ctx, relaxed)", 1)
            return
        k = self.const(key)
        softened = f"SOFTENED(programme, {r}, SHARED_CHECK({r}, {p}, slot), ctx, relaxed)"
        # met before in this assessment (another programme declares it): added as kept.
        # A slot keeps its rule (a kept decision, the rule deciding alike), so no other
        # object has that id while it is kept: one found by this rule's id is this
        # rule's, and the loop's test that it is (``slot[5] is rule``) always holds
        self.put(1, f"slot = known({k})")
        self.put(1, "if slot is not None:")
        # its open check is kept exactly when it neither passes nor fails (the commonest)
        self.put(2, "open_ = slot[7]")
        self.put(2, "if open_ is not None:")
        self.put(3, "add_open(open_)")
        self.put(3, "add_part(slot)")
        self.undetermined(stop, "slot[0]", 3)
        self.put(2, "elif slot[0] is PASS:")
        self.put(3, "add_part(slot)")
        self.put(2, "else:")
        self.failed(stop, rule, softened, 3)
        self.put(1, "else:")
        # decided now: the slot as declared._slot makes it (the open check's tuple made
        # once for every programme deciding the rule), kept, then added by its status
        # without reading it back
        now = "None"
        if decide is None:
            now = "now"
            self.put(2, f"now = {r}.evaluate(ctx, {p})")
            self.put(2, "status, missing, review = now.status, now.missing, now.review")
        elif same is None:
            t = self.decide(rule, 2)
            self.put(2, f"status, missing, review = {t}")
        else:
            s, sid = self.const(same), self.const(id(same))
            self.put(2, f"found = decisions_get({sid})")
            self.put(2, "if found is None:")
            t = self.decide(rule, 3)  # the rule's own plan decides, as in the loop
            self.put(3, f"found = decisions[{sid}] = ({s}, {t})")
            self.put(2, "status, missing, review = found[1]")
        made = f"[status, missing, review, {now}, ctx, {r}, {p}, "
        self.put(2, "if status is PASS:")
        self.put(3, f"slot = cache[{k}] = {made}None]")
        self.put(3, "add_part(slot)")
        self.put(2, "elif status is not FAIL:")
        self.put(3, f"open_ = ({self.const(rule.id)}, status, missing, review)")
        self.put(3, f"slot = cache[{k}] = {made}open_]")
        self.put(3, "add_open(open_)")
        self.put(3, "add_part(slot)")
        self.undetermined(stop, "status", 3)
        self.put(2, "else:")
        self.put(3, f"slot = cache[{k}] = {made}None]")
        self.failed(stop, rule, softened, 3)

    def failed(self, stop: bool, rule: Rule, softened: str, depth: int) -> None:
        """A kept decision ``slot`` that fails, added as the loop adds ``softened`` (its
        check after waivers and relaxations). A rule that is not soft and not relaxed for
        this case keeps its check as it is (:func:`talentkit.semantics.soften`), so the
        slot is added as a check that does not pass is, its check built when read."""
        if rule.soft:  # a waiver or the exception's hint may change it
            self.added(stop, softened, depth)
            return
        rid = self.const(rule.id)
        self.put(depth, f"if relaxed and {rid} in relaxed:")
        self.added(stop, softened, depth + 1)
        self.put(depth, "else:")
        self.put(depth + 1, f"add_open(({rid}, FAIL, slot[1], slot[2]))")
        self.put(depth + 1, "add_part(slot)")
        if stop:
            self.put(depth + 1, "return None")

    def undetermined(self, stop: bool, status: str, depth: int) -> None:
        """Where ``stop``, the function left if ``status`` (a rule's that neither passes
        nor fails) is undetermined: the sibling's verdict is then undetermined or not
        eligible, not met either way."""
        if stop:
            self.put(depth, f"if {status} is UNKNOWN:")
            self.put(depth + 1, "return None")

    def added(self, stop: bool, check: str, depth: int) -> None:
        """The ``check`` expression's check added as the loop adds it; where ``stop``, the
        function left if it fails or is undetermined (elsewhere the check is only added)."""
        if not stop:
            self.put(depth, f"out._add({check})")
            return
        self.put(depth, f"check = {check}")
        self.put(depth, "out._add(check)")
        self.put(depth, "if check.status is FAIL or check.status is UNKNOWN:")
        self.put(depth + 1, "return None")

    def fact(self, path: str, depth: int) -> str:
        """Statements reading the case's fact at ``path`` as a plan reads it on the case
        itself (kept with the assessment's shared values), or a counted item's fact from
        the item; the variable holding it."""
        v = self.temp()
        name = self.const(path)
        if self.member is not None and not path.startswith("$."):
            self.put(depth, f"{v} = {self.const(accessor(path))}({self.member[0]})")
            return v
        read = self.const(accessor(path[2:] if path.startswith("$.") else path))
        self.put(depth, f"{v} = facts_get({name}, U)")
        self.put(depth, f"if {v} is U:")
        self.put(depth + 1, f"{v} = facts[{name}] = {read}(profile)")
        return v

    def missing_name(self, path: str) -> str:
        """An expression naming the fact at ``path`` as missing: the path on the case
        itself, ``collection[i].path`` on a counted item (as ``_full`` names it)."""
        if self.member is None or path.startswith("$."):
            return self.const(_named(path))
        _, i, collection = self.member
        return 'f"{' + collection + "}[{" + i + "}].{" + self.const(path) + '}"'

    def decide(self, rule: Rule, depth: int) -> str:
        """Statements deciding ``rule`` on the case itself; the variable holding its status,
        missing facts and review items (what its plan returns)."""
        plans = self.plans
        decide = plans.plan(rule)
        if decide is None:  # every part of a planned rule has a plan
            raise ValueError(f"no plan for {rule!r}")
        cls = type(rule)
        write = _WRITERS.get(cls)
        if write is not None:
            t = write(self, rule, depth)
            if t is not None:
                return t
        if self.member is not None:  # checked before an item's rule is written
            raise ValueError(f"{type(rule).__name__} is not written for a counted item")
        t = self.temp()
        self.put(depth, f"{t} = {self.const(decide)}(ctx)")
        return t

    # -- the parts written in place ---------------------------------------------------

    def compare(self, rule: Any, depth: int) -> str | None:
        from talentkit.rules.refs import F, P

        infix = _INFIX.get(rule.op)
        if infix is None:
            return None
        path = rule.fact
        if isinstance(rule.value, F):
            # another fact (the plan's ``decide``): one of the case's root, or of the case
            # itself when not on a counted item, named as the plan names it when missing
            other = rule.value.path
            top = other.startswith("$.")
            if not top and self.member is not None:
                return None
            v = self.fact(path, depth)
            w, t = self.fact(other, depth), self.temp()
            self.missing_or_param(path, other[2:] if top else other, v, w, t, depth)
            self.put(depth, f"elif {v} {infix} {w}:")
            self.put(depth + 1, f"{t} = PASSED")
            self.put(depth, "else:")
            self.put(depth + 1, f"{t} = FAILED")
            return t
        v = self.fact(path, depth)
        t = self.temp()
        if not isinstance(rule.value, P):
            want = self.const(rule.value)
            self.put(depth, f"if {v} is MISSING:")
            self.put(depth + 1, f"{t} = {self.unknown(path)}")
            self.put(depth, f"elif {v} {infix} {want}:")
            self.put(depth + 1, f"{t} = PASSED")
            self.put(depth, "else:")
            self.put(depth + 1, f"{t} = FAILED")
            return t
        key, param = rule.value.key, f"param:{rule.value.key}"
        w, k = self.temp(), self.const(key)
        self.put(depth, f"{w} = params_get({k}, U)")
        self.put(depth, f"if {w} is U:")
        self.put(depth + 1, f"{w} = ctx.param({k})")
        self.missing_or_param(path, param, v, w, t, depth)
        self.put(depth, f"elif {v} {infix} {w}:")
        self.put(depth + 1, f"{t} = PASSED")
        self.put(depth, "else:")
        self.put(depth + 1, f"{t} = FAILED")
        return t

    def one_of(self, rule: Any, depth: int) -> str | None:
        from talentkit.rules.refs import F, P

        if rule.mode == "prefix" or isinstance(rule.values, F):
            return None
        if isinstance(rule.values, P):
            return self.one_of_param(rule, depth)
        allowed = self.const(set(rule.values))  # hashable: the plan made its set too
        path = rule.fact
        v = self.fact(path, depth)
        t = self.temp()
        self.put(depth, f"if {v} is MISSING:")
        self.put(depth + 1, f"{t} = {self.unknown(path)}")
        self.put(depth, f"elif isinstance({v}, LIST_OR_TUPLE):")
        self.put(depth + 1, f"{t} = ONE_OF_ITEMS({v}, {allowed}, {self.const(rule.mode)})")
        self.put(depth, f"elif {v} in {allowed}:")
        self.put(depth + 1, f"{t} = PASSED")
        self.put(depth, "else:")
        self.put(depth + 1, f"{t} = FAILED")
        return t

    def one_of_param(self, rule: Any, depth: int) -> str:
        """A choice among the values of a parameter in force (what ``_one_of``'s plan
        decides: the fact read first, then the parameter, its set made on every call)."""
        path, key = rule.fact, rule.values.key
        v = self.fact(path, depth)
        t, w, k = self.temp(), self.temp(), self.const(key)
        self.put(depth, f"{w} = params_get({k}, U)")
        self.put(depth, f"if {w} is U:")
        self.put(depth + 1, f"{w} = ctx.param({k})")
        self.missing_or_param(path, f"param:{key}", v, w, t, depth)
        self.put(depth, "else:")
        s = self.temp()
        self.put(depth + 1, f"{s} = set({w})")
        self.put(depth + 1, f"if isinstance({v}, LIST_OR_TUPLE):")
        self.put(depth + 2, f"{t} = ONE_OF_ITEMS({v}, {s}, {self.const(rule.mode)})")
        self.put(depth + 1, f"elif {v} in {s}:")
        self.put(depth + 2, f"{t} = PASSED")
        self.put(depth + 1, "else:")
        self.put(depth + 2, f"{t} = FAILED")
        return t

    def missing_or_param(self, path: str, param: str, v: str, w: str, t: str, depth: int) -> None:
        """The branches of a fact ``v`` at ``path`` read beside the parameter ``w`` named
        ``param`` when either is missing, as the plans name them (the fact first, the
        parameter beside it unless they are named alike)."""
        self.put(depth, f"if {v} is MISSING:")
        if self.member is None:
            named = _named(path)
            both = (named, param) if param != named else (named,)
            self.put(
                depth + 1,
                f"{t} = {self.const((UNKNOWN, both, ()))} if {w} is MISSING"
                f" else {self.const((UNKNOWN, (named,), ()))}",
            )
        else:
            n, pn = self.temp(), self.const(param)
            self.put(depth + 1, f"{n} = {self.missing_name(path)}")
            self.put(
                depth + 1,
                f"{t} = (UNKNOWN, ({n}, {pn}) if {w} is MISSING and {pn} != {n} else ({n},), NONE)",
            )
        self.put(depth, f"elif {w} is MISSING:")
        self.put(depth + 1, f"{t} = {self.const((UNKNOWN, (param,), ()))}")

    def unknown(self, path: str) -> str:
        """An expression for the decision of a rule whose fact at ``path`` is missing."""
        if self.member is None:
            return self.const((UNKNOWN, (_named(path),), ()))
        return f"(UNKNOWN, ({self.missing_name(path)},), NONE)"

    def count(self, rule: Any, depth: int) -> str | None:
        """A count of the case's items (what ``_count``'s plan decides), its items'
        rule written for each item; None (its plan called) for a count with subjects
        beside its list, a limit read from a fact, or a rule not written for an item."""
        from talentkit.rules.refs import F, P

        if (
            self.member is not None
            or rule.also
            or isinstance(rule.value, F)
            or rule.op not in _INFIX
            or not (rule.where is None or _for_items(rule.where))
        ):
            return None
        t, limit, miss, missing = self.temp(), self.temp(), self.temp(), self.temp()
        if isinstance(rule.value, P):
            k = self.const(rule.value.key)
            self.put(depth, f"{limit} = params_get({k}, U)")
            self.put(depth, f"if {limit} is U:")
            self.put(depth + 1, f"{limit} = ctx.param({k})")
            param = self.const(f"param:{rule.value.key}")
            self.put(depth, f"{miss} = None if {limit} is not MISSING else {param}")
        else:
            self.put(depth, f"{limit}, {miss} = {self.const(rule.value)}, None")
        self.put(depth, f"{missing} = []")
        items, coll = self.fact(rule.collection, depth), self.const(rule.collection)
        self.put(depth, f"if {items} is MISSING:")
        self.put(depth + 1, f"{missing}.append({coll})")
        self.put(depth + 1, f"if {miss} and {miss} not in {missing}:")
        self.put(depth + 2, f"{missing}.append({miss})")
        self.put(depth + 1, f"{t} = (UNKNOWN, tuple({missing}), NONE)")
        self.put(depth, "else:")
        self.put(depth + 1, f"if not isinstance({items}, list):")
        self.put(depth + 2, f"NOT_A_LIST({coll})")
        yes, unknown = self.temp(), self.temp()
        if rule.where is None:
            self.put(depth + 1, f"{yes}, {unknown} = len({items}), 0")
        else:
            self.put(depth + 1, f"{yes} = {unknown} = 0")
            item, i = self.temp(), self.temp()
            self.put(depth + 1, f"for {i}, {item} in enumerate({items}):")
            self.member = (item, i, coll)
            try:
                w = self.decide(rule.where, depth + 2)
            finally:
                self.member = None
            self.put(depth + 2, f"if {w}[0] in HOLDS:")
            self.put(depth + 3, f"{yes} += 1")
            self.put(depth + 2, f"elif {w}[0] in OPEN:")
            self.put(depth + 3, f"{unknown} += 1")
            self.put(depth + 3, f"if {w}[1]:")
            self.put(depth + 4, f"ADD({missing}, {w}[1])")
        self.put(depth + 1, f"if {miss}:")
        self.put(depth + 2, f"if {miss} not in {missing}:")
        self.put(depth + 3, f"{missing}.append({miss})")
        self.put(depth + 2, f"{t} = (UNKNOWN, tuple({missing}), NONE)")
        self.put(depth + 1, "else:")
        bounds = self.temp()
        self.put(
            depth + 2,
            f"{bounds} = COUNT_RANGE({self.const(rule.op)}, {yes}, {yes} + {unknown}, {limit})",
        )
        self.put(depth + 2, f"{t} = BOUNDED({bounds}[0], {bounds}[1], bool({unknown}), {missing})")
        return t

    def share(self, rule: Any, depth: int) -> str | None:
        """A share of the case's items (what ``_share``'s plan decides), its items' rules
        written for each item; None (its plan called) as for :meth:`count`."""
        from talentkit.rules.refs import F, P

        if (
            self.member is not None
            or rule.also
            or isinstance(rule.fraction, F)
            or rule.op not in _INFIX
            or not _for_items(rule.where)
            or not (rule.among is None or _for_items(rule.among))
        ):
            return None
        t, frac, miss, missing = self.temp(), self.temp(), self.temp(), self.temp()
        if isinstance(rule.fraction, P):
            k = self.const(rule.fraction.key)
            self.put(depth, f"{frac} = params_get({k}, U)")
            self.put(depth, f"if {frac} is U:")
            self.put(depth + 1, f"{frac} = ctx.param({k})")
            param = self.const(f"param:{rule.fraction.key}")
            self.put(depth, f"{miss} = None if {frac} is not MISSING else {param}")
        else:
            self.put(depth, f"{frac}, {miss} = {self.const(rule.fraction)}, None")
        items, coll = self.fact(rule.collection, depth), self.const(rule.collection)
        self.put(depth, f"if {items} is not MISSING and not isinstance({items}, list):")
        self.put(depth + 1, f"NOT_A_LIST({coll})")
        self.put(depth, f"if {miss} or {items} is MISSING:")
        self.put(depth + 1, f"{missing} = [{miss}] if {miss} else []")
        self.put(depth + 1, f"if {items} is MISSING and {coll} not in {missing}:")
        self.put(depth + 2, f"{missing}.append({coll})")
        self.put(depth + 1, f"{t} = (UNKNOWN, tuple({missing}), NONE)")
        self.put(depth, "else:")
        d = depth + 1
        self.put(d, f"{frac} = FRACTION({frac})")
        self.put(d, f"{missing} = []")
        yes, unknown, total, maybe_hit, maybe_miss = (self.temp() for _ in range(5))
        self.put(d, f"{yes} = {unknown} = {total} = {maybe_hit} = {maybe_miss} = 0")
        item, i = self.temp(), self.temp()
        self.put(d, f"for {i}, {item} in enumerate({items}):")
        self.member = (item, i, coll)
        try:
            a = "PASSED" if rule.among is None else self.decide(rule.among, d + 1)
            self.put(d + 1, f"if {a}[0] is not FAIL and {a}[0] is not NA:")
            w = self.decide(rule.where, d + 2)
        finally:
            self.member = None
        self.put(d + 2, f"if {a}[0] is not PASS:")
        self.put(d + 3, f"ADD({missing}, {a}[1])")
        self.put(d + 3, f"if {w}[0] is not FAIL:")
        self.put(d + 4, f"{maybe_hit} += 1")
        self.put(d + 3, f"if {w}[0] is not PASS:")
        self.put(d + 4, f"{maybe_miss} += 1")
        self.put(d + 4, f"ADD({missing}, {w}[1])")
        self.put(d + 2, "else:")
        self.put(d + 3, f"{total} += 1")
        self.put(d + 3, f"if {w}[0] is PASS:")
        self.put(d + 4, f"{yes} += 1")
        self.put(d + 3, f"elif {w}[0] is not FAIL:")
        self.put(d + 4, f"{unknown} += 1")
        self.put(d + 4, f"ADD({missing}, {w}[1])")
        test = self.const(OPS_OF[rule.op])
        at_most = rule.op in ("<=", "<")
        low, high = self.temp(), self.temp()
        p, q = f"{frac}.numerator", f"{frac}.denominator"
        self.put(
            d,
            f"{low} = SHARE_HOLDS({test}, {at_most}, {yes}, {total} + {maybe_miss}, {p}, {q})",
        )
        self.put(
            d,
            f"{high} = SHARE_HOLDS({test}, {at_most}, {yes} + {unknown} + {maybe_hit},"
            f" {total} + {maybe_hit}, {p}, {q})",
        )
        first, second = (high, low) if at_most else (low, high)
        self.put(
            d,
            f"{t} = BOUNDED({first}, {second}, bool({unknown} or {maybe_hit} or {maybe_miss}),"
            f" {missing})",
        )
        return t

    def attested(self, rule: Any, depth: int) -> str | None:
        # the question is asked (and kept) by the plan the first time, as it asks it
        # before reading the attestation; after that it is read from the kept ones
        self.uses.add("attestations")
        r, t, q = self.const(rule), self.temp(), self.temp()
        plan = self.const(self.plans.plan(rule))
        self.put(depth, f"{q} = questions_get({self.const(id(rule))})")
        self.put(depth, f"if {q} is None or {q}[0] is not {r}:")
        self.put(depth + 1, f"{t} = {plan}(ctx)")
        self.put(depth, "else:")
        a = self.temp()
        self.put(depth + 1, f"{a} = attestations_get({self.const(rule.key)})")
        self.put(depth + 1, f"if {a} is None:")
        self.put(depth + 2, f"{t} = {q}[2]")  # not attested: kept beside the question
        self.put(depth + 1, "else:")
        self.put(depth + 2, f"{t} = PASSED if {a}.value else FAILED")
        return t

    def judgement(self, rule: Any, depth: int) -> str | None:
        self.uses.add("judgements")
        asked = self.const((REVIEW, (), self.plans.judgement_asked(rule)))
        d, t = self.temp(), self.temp()
        self.put(depth, f"{d} = judgements_get({self.const(rule.id)})")
        self.put(depth, f"if {d} is None:")
        self.put(depth + 1, f"{t} = {asked}")
        self.put(depth, "else:")
        self.put(depth + 1, f"{t} = PASSED if {d}.value else FAILED")
        return t

    def all_of(self, rule: Any, depth: int) -> str | None:
        parts = [self.decide(r, depth) for r in rule.rules]
        t = self.temp()
        passed = " and ".join(f"{p}[0] is PASS" for p in parts) or "True"
        self.put(depth, f"if {passed}:")
        self.put(depth + 1, f"{t} = PASSED")
        self.put(depth, "else:")
        if len(parts) == 2:  # the commonest, without a list
            self.put(depth + 1, f"{t} = ALL_OF_TWO({parts[0]}, {parts[1]})")
        else:
            self.put(depth + 1, f"{t} = ALL_OF_OPEN([{', '.join(parts)}])")
        return t

    def any_of(self, rule: Any, depth: int) -> str | None:
        parts = [self.decide(r, depth) for r in rule.rules]
        t = self.temp()
        passed = " or ".join(f"{p}[0] is PASS" for p in parts) or "False"
        self.put(depth, f"if {passed}:")
        self.put(depth + 1, f"{t} = PASSED")
        self.put(depth, "else:")
        if len(parts) == 2:
            self.put(depth + 1, f"{t} = ANY_OF_TWO({parts[0]}, {parts[1]})")
        else:
            self.put(depth + 1, f"{t} = ANY_OF_OPEN([{', '.join(parts)}])")
        return t

    def not_(self, rule: Any, depth: int) -> str | None:
        part = self.decide(rule.rule, depth)
        t = self.temp()
        self.put(depth, f"{t} = (FLIP_GET({part}[0], {part}[0]), {part}[1], {part}[2])")
        return t

    def when(self, rule: Any, depth: int) -> str | None:
        cond = self.decide(rule.condition, depth)
        t = self.temp()
        self.put(depth, f"if {cond}[0] is FAIL or {cond}[0] is NA:")
        self.put(depth + 1, f"{t} = NA3")
        self.put(depth, "else:")
        then = self.decide(rule.then, depth + 1)
        self.put(depth + 1, f"{t} = {then} if {cond}[0] is PASS else WHEN_THEN({cond}, {then})")
        return t

    def age(self, rule: Any, depth: int) -> str | None:
        """An age limit (what ``_age_at_most``'s plan decides: the birth date read first,
        then the reference date, then the settings kept per date; an allowance for women
        on the case alone, its gender read as the plan reads it), on the case or a counted
        item; None (its plan called) for any other."""
        if not _age_written(rule, self.member is not None):
            return None
        birth = self.fact(rule.birth, depth)
        on = self.read_once(("date", rule.on), f"ctx.date({self.const(rule.on)})", depth)
        settings = self.const(self.plans.age_settings(rule))
        read = self.read_once(("age", id(rule)), f"{settings}(ctx)", depth)
        t = self.temp()
        self.put(
            depth,
            f"if {birth} is MISSING or {on}[1] or {read}[1] or {read}[3] or {read}[5]"
            f" or {read}[7]:",
        )
        name = self.missing_name(rule.birth)
        self.put(
            depth + 1,
            f"{t} = AGE_MISSING({name} if {birth} is MISSING else None, {on}[1], {read})",
        )
        self.put(depth, "else:")
        if rule.female_extra is None:
            self.put(depth + 1, f"{t} = AGE_WITHIN({birth}, {on}[0], {read})")
            return t
        path = rule.gender or _sibling(rule.birth, "gender")
        gender, name = self.const(self.plans._fact(path)), self.const(path)
        self.put(depth + 1, f"{t} = AGE_ALLOWED({birth}, {on}[0], {read}, {gender}, {name}, ctx)")
        return t

    def date_compare(self, rule: Any, depth: int) -> str | None:
        """A date compared with the reference date, the assessment's or a parameter's,
        unshifted (what ``_date_compare``'s plan decides: the fact read first, then the
        date), on the case or a counted item; None (its plan called) for any other."""
        infix = _INFIX.get(rule.op)
        if infix is None or not _date_written(rule):
            return None
        v = self.fact(rule.fact, depth)
        on = self.read_once(("date", rule.other), f"ctx.date({self.const(rule.other)})", depth)
        t, n = self.temp(), self.temp()
        self.put(depth, f"if {v} is MISSING:")
        self.put(depth + 1, f"{n} = {self.missing_name(rule.fact)}")
        self.put(
            depth + 1,
            f"{t} = (UNKNOWN, ({n},) if not {on}[1] or {on}[1] == {n} else ({n}, {on}[1]), NONE)",
        )
        self.put(depth, f"elif {on}[1]:")
        self.put(depth + 1, f"{t} = (UNKNOWN, ({on}[1],), NONE)")
        self.put(depth, f"elif {v} {infix} {on}[0]:")
        self.put(depth + 1, f"{t} = PASSED")
        self.put(depth, "else:")
        self.put(depth + 1, f"{t} = FAILED")
        return t


def _date_written(rule: Any) -> bool:
    """A date comparison is written in place when unshifted and against a date that is
    the same on a counted item as on the case (the case's reference date, the
    assessment's or a parameter's)."""
    from talentkit.rules.refs import AS_OF, REF, P

    other = rule.other
    return rule.offset is None and (other in (AS_OF, REF) or isinstance(other, P))


def _age_written(rule: Any, member: bool) -> bool:
    """An age limit is written in place when it reads no fact but its birth date (and
    its gender): its reference date and settings are then the same on a counted item as
    on the case (the reference date is the case's, a parameter's or the assessment's);
    one with an allowance for women on the case alone (its gender is read by its plan's
    reader, which reads the case's)."""
    from talentkit.rules.refs import AS_OF, REF, F, P

    settings = (rule.years, rule.method, rule.attained, rule.leap_day, rule.female_extra)
    return (
        (rule.female_extra is None or not member)
        and (rule.on in (AS_OF, REF) or isinstance(rule.on, P))
        and not any(isinstance(r, F) for r in settings)
    )


def _count_range() -> Callable[..., tuple[Any, Any]]:
    from talentkit import semantics

    return semantics.count_range


def _share_holds(
    test: Callable[[Any, Any], Any], at_most: bool, k: int, n: int, p: int, q: int
) -> bool:
    """Whether ``k`` of ``n`` is a share ``test`` holds for against ``p/q`` (as the plan
    decides it: nobody in the group meets an "at least" share, never an "at most" one)."""
    if n == 0:
        return at_most
    return bool(test(q * k, p * n))


def _not_a_list(collection: str) -> None:
    raise TypeError(f"{collection} is not a list")


def _for_items(rule: Rule) -> bool:
    """Every part of ``rule`` is written for a counted item (facts read from the item):
    a comparison with a value written in the rule, a parameter or a fact of the case's
    root, a choice among values written in the rule or a parameter's, an age limit
    without an allowance and a date compared with the reference date (as
    :func:`_age_written` and :func:`_date_written` allow), an attestation, a judgement,
    or all-of, any-of, not and when over them."""
    from talentkit.inputkeys import rules_in
    from talentkit.rules import (
        AgeAtMost,
        AllOf,
        AnyOf,
        Attested,
        Compare,
        DateCompare,
        Judgement,
        Not,
        OneOf,
        When,
    )
    from talentkit.rules.refs import F

    part: Any
    for part in rules_in(rule, set()):
        cls = type(part)
        if cls is Compare:
            if part.op not in _INFIX:
                return False
            if isinstance(part.value, F) and not part.value.path.startswith("$."):
                return False
        elif cls is OneOf:
            if part.mode == "prefix" or isinstance(part.values, F):
                return False
        elif cls is AgeAtMost:
            if not _age_written(part, True):
                return False
        elif cls is DateCompare:
            if part.op not in _INFIX or not _date_written(part):
                return False
        elif cls not in (AllOf, AnyOf, Not, When, Attested, Judgement):
            return False
    return True


def _writers() -> dict[type, Callable[[_Writer, Any, int], str | None]]:
    from talentkit.rules import (
        AgeAtMost,
        AllOf,
        AnyOf,
        Attested,
        Compare,
        Count,
        DateCompare,
        Judgement,
        Not,
        OneOf,
        Share,
        When,
    )

    return {
        Count: _Writer.count,
        Share: _Writer.share,
        Compare: _Writer.compare,
        OneOf: _Writer.one_of,
        Attested: _Writer.attested,
        Judgement: _Writer.judgement,
        AllOf: _Writer.all_of,
        AnyOf: _Writer.any_of,
        Not: _Writer.not_,
        When: _Writer.when,
        AgeAtMost: _Writer.age,
        DateCompare: _Writer.date_compare,
    }


_WRITERS = _writers()


def _named(path: str) -> str:
    """A fact's path as a missing fact is named: one of the case's root (``$.``) from
    there, as :meth:`Context.full` names it."""
    return path[2:] if path.startswith("$.") else path
