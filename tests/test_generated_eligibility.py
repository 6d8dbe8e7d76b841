"""A programme's generated eligibility decides as the loop over its rules' plans.

:mod:`talentkit.builtin.generated` writes each programme's declared eligibility as one
function, with the commonest parts written in place of their plans. The loop over the
plans (``generated.ENABLED`` off) stays the definition: every shipped example and case
file, at two dates and under its own parameters, and made-up rules at their boundaries
(the exact value, exactly 7,000,000 yuan, a fact or a parameter missing, an override,
lists of values, attestations and judgements given or not) decide alike both ways.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest

from talentkit import (
    AllOf,
    AnyOf,
    Attested,
    Compare,
    Count,
    F,
    Judgement,
    Money,
    Not,
    OneOf,
    P,
    Programme,
    Share,
    Status,
    When,
)
from talentkit.builtin import generated
from talentkit.builtin.declared import Decided, _declared, decide_eligibility
from talentkit.engine import Engine
from talentkit.facts import MISSING
from talentkit.params import Parameter, ParameterStore
from talentkit.programme import Relaxation
from talentkit.rules import Check
from talentkit.rules.context import Context, Shared
from talentkit.subjects import Attestation, Decision, Profile, Waiver
from talentkit.text import Citation, Text

sys.path.insert(0, str(Path(__file__).resolve().parent))

import reference_reports

S = Status
ON = dt.date(2026, 3, 1)
CITE = Citation("T", "第1条")


def _seen(decided: Decided) -> tuple[Any, ...]:
    """What a programme's decided eligibility gives: its open checks and every check's
    id, status, missing facts, review items and plugin (no explanation built)."""
    checks = tuple((c.rule_id, c.status, c.missing, c.review, c.plugin) for c in decided.checks())
    return tuple(decided.open), checks


@pytest.fixture(autouse=True)
def _written_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each programme's function written at its first assessment, not after its
    ``WRITE_AFTER``-th: what these tests compare is the written function."""
    monkeypatch.setattr(generated, "WRITE_AFTER", 0)


def test_a_function_is_written_after_the_programmes_first_assessments(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(generated, "WRITE_AFTER", 3)
    prog = next(iter(Engine.create().registry.programmes.values()))
    rules = _declared(prog)
    got = [generated.generated(prog, rules) for _ in range(5)]
    assert got[:3] == [None, None, None]
    assert got[3] is not None
    assert got[4] is got[3]


def test_functions_and_counts_kept_for_a_bounded_number_of_programmes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A service loading programmes again and again keeps the latest ones' functions
    and counts only, and still writes each programme's after its first assessments."""
    monkeypatch.setattr(generated, "WRITE_AFTER", 1)
    monkeypatch.setattr(generated, "_KEPT", 2)
    monkeypatch.setattr(generated, "_GENERATED", {})
    monkeypatch.setattr(generated, "_CALLS", {})
    prog = next(iter(Engine.create().registry.programmes.values()))
    rules = _declared(prog)
    for _ in range(5):
        copy = attrs.evolve(prog)
        assert generated.generated(copy, rules) is None
        assert generated.generated(copy, rules) is not None
        assert len(generated._CALLS) <= 2
        assert len(generated._GENERATED) <= 2


def _both(
    progs: list[Programme], make: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[str, tuple[Any, ...], tuple[Any, ...]]]:
    """Each programme decided with the generated functions and by the loop, each way
    in one assessment's shared values (as ``Engine.assess`` shares them)."""
    found: dict[bool, list[tuple[Any, ...]]] = {}
    for enabled in (True, False):
        monkeypatch.setattr(generated, "ENABLED", enabled)
        shared = Shared()
        found[enabled] = [_seen(decide_eligibility(p, make(p, shared))) for p in progs]
    monkeypatch.setattr(generated, "ENABLED", True)
    for prog, gen, loop in zip(progs, found[True], found[False], strict=True):
        yield prog.id, gen, loop


def test_every_shipped_case_is_decided_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    engine = Engine.create()
    progs = list(engine.registry.programmes.values())
    cases = list(reference_reports._cases(engine))
    assert len(cases) > 300
    compared = 0
    for _, profile, kwargs in cases:
        store = engine._store(kwargs.get("overrides"))
        for on in (kwargs["as_of"], dt.date(2025, 3, 1)):

            def make(
                prog: Programme,
                shared: Shared,
                on: dt.date = on,
                profile: Profile = profile,
                store: ParameterStore = store,
            ) -> Context:
                return engine.context(
                    profile,
                    as_of=on,
                    store=store,
                    calendar=_calendar(),
                    programme=prog,
                    shared=shared,
                )

            for pid, gen, loop in _both(progs, make, monkeypatch):
                assert gen == loop, pid
                compared += 1
    assert compared > 10_000


def _calendar() -> Any:
    from talentkit.workdays import WorkdayCalendar

    return WorkdayCalendar(assume_unknown_years=True)


def test_the_generated_function_is_used_on_the_case_and_not_on_a_member(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    prog = _programme([Compare(id="t.x", fact="facts.x", op=">=", value=1)])
    calls: list[str] = []
    real = generated.generated

    def counted(programme: Programme, declared: list[Any]) -> Any:
        calls.append(programme.id)
        return real(programme, declared)

    monkeypatch.setattr(generated, "generated", counted)
    ctx = _context(Profile(facts={"x": 1}), _store())
    decide_eligibility(prog, ctx)
    assert calls == ["t.p"]
    decide_eligibility(prog, ctx.at(None, "team.members[0]"))  # a member: the loop
    decide_eligibility(prog, Context(profile=ctx.profile, as_of=ON, params=ctx.params))
    assert calls == ["t.p"]


def _store(**values: Any) -> ParameterStore:
    store = ParameterStore()
    store.add(
        [
            Parameter(key="t.min", type="int", value=values.get("min", 3), citation=CITE),
            Parameter(key="t.unset", type="int", citation=CITE),
            Parameter(
                key="t.cap",
                type="yuan",
                value=values.get("cap", Money.parse("7000000")),
                citation=CITE,
            ),
            Parameter(key="facts.x", type="int", value=1, citation=CITE),
            Parameter(key="t.third", type="fraction", value=Fraction(1, 3), citation=CITE),
            Parameter(key="t.no_share", type="fraction", citation=CITE),
            Parameter(
                key="t.kinds", type="list", value=values.get("kinds", ("a", "b")), citation=CITE
            ),
            Parameter(key="t.no_kinds", type="list", citation=CITE),
        ]
    )
    return store


def _programme(rules: list[Any]) -> Programme:
    return Programme(
        id="t.p",
        name=Text("测", "test"),
        jurisdiction="t",
        document="T",
        subject="person",
        rules=tuple(rules),
    )


def _context(profile: Profile, store: ParameterStore, on: dt.date = ON) -> Context:
    return Context(profile=profile, as_of=on, params=store, shared=Shared())


def _alike(rules: list[Any], profile: Profile, store: ParameterStore) -> list[Status]:
    """The rules decided both ways on ``profile``: the same; their statuses."""
    prog = _programme(rules)
    out = {}
    for enabled in (True, False):
        generated.ENABLED = enabled
        try:
            out[enabled] = _seen(decide_eligibility(prog, _context(profile, store)))
        finally:
            generated.ENABLED = True
    assert out[True] == out[False]
    assert generated._GENERATED[id(prog)][1] is not None  # written, not left to the loop
    return [c[1] for c in out[True][1]]


def _compares() -> list[Any]:
    return [
        Compare(id="t.ge", fact="facts.x", op=">=", value=3),
        Compare(id="t.gt", fact="facts.x", op=">", value=3),
        Compare(id="t.eq", fact="facts.x", op="==", value=3),
        Compare(id="t.ne", fact="facts.x", op="!=", value=3),
        Compare(id="t.le", fact="facts.x", op="<=", value=3),
        Compare(id="t.lt", fact="facts.x", op="<", value=3),
        Compare(id="t.p.ge", fact="facts.x", op=">=", value=P("t.min")),
        Compare(id="t.p.lt", fact="facts.x", op="<", value=P("t.min")),
        Compare(id="t.unset", fact="facts.x", op=">=", value=P("t.unset")),
        Compare(id="t.same", fact="facts.x", op=">=", value=P("facts.x")),
        Compare(id="t.top", fact="$.facts.x", op=">=", value=3),
        Compare(id="t.cap", fact="facts.money", op="<=", value=P("t.cap")),
        Compare(id="t.cap.lit", fact="facts.money", op="<=", value=Money.parse("7000000")),
    ]


@pytest.mark.parametrize("x", [None, 2, 3, 4])
def test_comparisons_at_the_exact_value_and_without_the_fact(x: int | None) -> None:
    for money in (None, "6999999.99", "7000000", "7000000.01"):
        facts: dict[str, Any] = {} if x is None else {"x": x}
        if money is not None:
            facts["money"] = Money.parse(money)
        statuses = _alike(_compares(), Profile(facts=facts), _store())
        if x == 3:
            assert statuses[:6] == [S.PASS, S.FAIL, S.PASS, S.FAIL, S.PASS, S.FAIL]
            assert statuses[6:8] == [S.PASS, S.FAIL]
        if x is None:
            assert set(statuses[:8]) == {S.UNKNOWN}
        assert statuses[8] is S.UNKNOWN  # the parameter is not set
        if money == "7000000":
            assert statuses[11:] == [S.PASS, S.PASS]
        elif money == "7000000.01":
            assert statuses[11:] == [S.FAIL, S.FAIL]


def test_an_override_changes_what_the_parameter_compares_with() -> None:
    rules = [Compare(id="t.p.ge", fact="facts.x", op=">=", value=P("t.min"))]
    profile = Profile(facts={"x": 3})
    assert _alike(rules, profile, _store()) == [S.PASS]
    assert _alike(rules, profile, _store().with_overrides({"t.min": 4})) == [S.FAIL]
    assert _alike(rules, profile, _store(min=4)) == [S.FAIL]


def test_choices_among_values_single_and_listed() -> None:
    rules = [
        OneOf(id="t.any", fact="facts.v", values=["a", "b"]),
        OneOf(id="t.all", fact="facts.v", values=["a", "b"], mode="all"),
        OneOf(id="t.prefix", fact="facts.v", values=["a"], mode="prefix"),
    ]
    for value in (None, "a", "c", [], ["a"], ["a", "c"], ["c"], ("a", "b")):
        facts = {} if value is None else {"v": value}
        _alike(rules, Profile(facts=facts), _store())


def test_choices_among_a_parameters_values_single_and_listed() -> None:
    rules = [
        OneOf(id="t.any", fact="facts.v", values=P("t.kinds")),
        OneOf(id="t.all", fact="facts.v", values=P("t.kinds"), mode="all"),
        OneOf(id="t.unset", fact="facts.v", values=P("t.no_kinds")),
        OneOf(id="t.top", fact="$.facts.v", values=P("t.kinds")),
    ]
    for value in (None, "a", "c", [], ["a"], ["a", "c"], ["c"], ("a", "b")):
        facts = {} if value is None else {"v": value}
        statuses = _alike(rules, Profile(facts=facts), _store())
        assert statuses[2] is S.UNKNOWN  # the parameter is not set
        if value == "a":
            assert statuses[:2] == [S.PASS, S.PASS]
        if value == ["a", "c"]:
            assert statuses[:2] == [S.PASS, S.FAIL]
    # the values in force under an override, and none at all
    profile = Profile(facts={"v": "c"})
    assert _alike(rules[:1], profile, _store().with_overrides({"t.kinds": ["c"]})) == [S.PASS]
    assert _alike(rules[:1], profile, _store(kinds=())) == [S.FAIL]


def test_a_missing_choice_names_the_fact_and_the_unset_parameter() -> None:
    rules = [OneOf(id="t.unset", fact="facts.v", values=P("t.no_kinds"))]
    prog = _programme(rules)
    for facts in ({}, {"v": "a"}):
        seen = _seen(decide_eligibility(prog, _context(Profile(facts=facts), _store())))
        want = ("facts.v", "param:t.no_kinds") if not facts else ("param:t.no_kinds",)
        assert seen[1][0][2] == want


def _people_rules() -> list[Any]:
    unknown = Compare(fact="facts.absent", op=">=", value=1)
    yes, no = Compare(fact="facts.x", op=">=", value=1), Compare(fact="facts.x", op=">=", value=9)
    asked = Attested(
        key="t.k", question=Text("是否不少于{t.min}？", "at least {t.min}?"), params=(P("t.min"),)
    )
    judged = Judgement(id="t.j", criterion=Text("判", "judge"))
    parts = [yes, no, unknown, asked, judged]
    rules: list[Any] = [
        Attested(
            id="t.att",
            key="t.k",
            question=Text("是否不少于{t.min}？", "at least {t.min}?"),
            params=(P("t.min"),),
        ),
        Judgement(id="t.j", criterion=Text("判", "judge")),
    ]
    for i, a in enumerate(parts):
        rules.append(Not(id=f"t.not{i}", rule=a))
        for j, b in enumerate(parts):
            rules.append(AllOf(id=f"t.all{i}{j}", rules=(a, b)))
            rules.append(AnyOf(id=f"t.any{i}{j}", rules=(a, b, unknown)))
            rules.append(When(id=f"t.when{i}{j}", condition=a, then=b))
    rules.append(AllOf(id="t.none", rules=()))
    rules.append(AnyOf(id="t.nothing", rules=()))
    return rules


@pytest.mark.parametrize("attested", [None, True, False])
@pytest.mark.parametrize("judged", [None, True, False])
def test_combinations_attestations_and_judgements(
    attested: bool | None, judged: bool | None
) -> None:
    profile = Profile(
        facts={"x": 2},
        attestations={}
        if attested is None
        else {"t.k": Attestation(value=attested, by="hr", on=ON)},
        decisions={} if judged is None else {"t.j": Decision(value=judged, by="panel", on=ON)},
    )
    statuses = _alike(_people_rules(), profile, _store())
    assert statuses[0] is {None: S.REVIEW, True: S.PASS, False: S.FAIL}[attested]
    assert statuses[1] is {None: S.REVIEW, True: S.PASS, False: S.FAIL}[judged]


def test_two_dates_and_two_programmes_sharing_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rules two programmes declare, and rules deciding alike, are decided once and
    alike both ways, on either date (a parameter whose value changes between them)."""
    store = ParameterStore()
    store.add(
        [
            Parameter(
                key="t.min",
                type="int",
                citation=CITE,
                value=3,
                valid_from=dt.date(2026, 1, 1),
            ),
            Parameter(
                key="t.min",
                type="int",
                citation=CITE,
                value=2,
                valid_to=dt.date(2025, 12, 31),
            ),
        ]
    )
    shared_rule = Compare(id="t.a", fact="facts.x", op=">=", value=P("t.min"))
    alike = Compare(id="t.b", fact="facts.x", op=">=", value=P("t.min"))
    one, two = _programme([shared_rule, alike]), _programme([alike, shared_rule])
    two = attrs.evolve(two, id="t.q")
    for on, want in ((ON, S.FAIL), (dt.date(2025, 6, 1), S.PASS)):

        def make(prog: Programme, shared: Shared, on: dt.date = on) -> Context:
            return Context(profile=Profile(facts={"x": 2}), as_of=on, params=store, shared=shared)

        for _, gen, loop in _both([one, two], make, monkeypatch):
            assert gen == loop
            assert {c[1] for c in gen[1]} == {want}


def _counts() -> list[Any]:
    level = Compare(fact="level", op=">=", value=2)
    wheres: list[Any] = [
        None,
        level,
        Compare(fact="level", op="<", value=P("t.min")),
        Compare(fact="level", op=">=", value=P("t.unset")),
        OneOf(fact="kind", values=["a", "b"]),
        AllOf(rules=(level, Not(rule=OneOf(fact="kind", values=["c"])))),
        AnyOf(rules=(level, Attested(key="t.k", question=Text("问", "ask")))),
        When(condition=OneOf(fact="kind", values=["a"]), then=level),
        Compare(fact="$.facts.x", op=">=", value=1),
        OneOf(fact="kind", values=P("t.kinds")),
        OneOf(fact="kind", values=P("t.no_kinds")),
        AllOf(rules=(level, Not(rule=OneOf(fact="kind", values=P("t.kinds"), mode="all")))),
    ]
    rules = []
    for i, where in enumerate(wheres):
        for op in (">=", ">", "==", "!=", "<=", "<"):
            for j, value in enumerate((2, P("t.min"), P("t.unset"))):
                rules.append(
                    Count(
                        id=f"t.c{i}{op}{j}",
                        collection="facts.items",
                        where=where,
                        op=op,
                        value=value,
                    )
                )
    return rules


@pytest.mark.parametrize(
    "items",
    [
        None,
        [],
        [{"level": 3, "kind": "a"}],
        [{"level": 3, "kind": "a"}, {"level": 2, "kind": "c"}],
        [{"level": 3, "kind": "a"}, {"level": 1, "kind": "b"}, {}],
        [{"level": 3}, {"level": 3}, {"level": 3, "kind": "a"}],
        [{"kind": "a"}, {"kind": "c"}, {"level": 5, "kind": "b"}],
    ],
)
def test_counts_at_the_limit_with_items_missing_facts(items: list[Any] | None) -> None:
    facts: dict[str, Any] = {"x": 1}
    if items is not None:
        facts["items"] = items
    statuses = _alike(_counts(), Profile(facts=facts), _store(min=2))
    if items == []:
        assert statuses[0] is S.FAIL  # at least 2 of none
    if items is None:
        assert set(statuses) == {S.UNKNOWN}


def test_a_count_of_a_value_not_a_list_raises_both_ways() -> None:
    rules = [
        Count(
            id="t.c",
            collection="facts.items",
            where=Compare(fact="level", op=">=", value=2),
            op=">=",
            value=1,
        )
    ]
    for enabled in (True, False):
        generated.ENABLED = enabled
        try:
            with pytest.raises(TypeError, match=r"facts\.items is not a list"):
                decide_eligibility(
                    _programme(rules), _context(Profile(facts={"items": 5}), _store())
                )
        finally:
            generated.ENABLED = True


#: one of three at level 2 or more, all three of kind a or b
_THIRD = [{"level": 3, "kind": "a"}, {"level": 1, "kind": "a"}, {"level": 1, "kind": "b"}]


def _shares() -> list[Any]:
    level = Compare(fact="level", op=">=", value=2)
    kind = OneOf(fact="kind", values=["a", "b"])
    kinds = OneOf(fact="kind", values=P("t.kinds"))
    unset = OneOf(fact="kind", values=P("t.no_kinds"))
    rules = []
    for i, (where, among) in enumerate(
        [
            (level, None),
            (level, kind),
            (kind, level),
            (AllOf(rules=(level, kind)), Not(rule=kind)),
            (kinds, level),
            (level, kinds),
            (level, unset),
        ]
    ):
        for op in (">=", ">", "<=", "<", "==", "!="):
            for j, fraction in enumerate((Fraction(1, 3), P("t.third"), P("t.no_share"))):
                rules.append(
                    Share(
                        id=f"t.s{i}{op}{j}",
                        collection="facts.items",
                        where=where,
                        among=among,
                        op=op,
                        fraction=fraction,
                    )
                )
    return rules


@pytest.mark.parametrize(
    "items",
    [
        None,
        [],
        _THIRD,
        [{"level": 3, "kind": "a"}, {"level": 1, "kind": "c"}, {"level": 1, "kind": "b"}],
        [{"level": 3, "kind": "a"}, {"kind": "a"}, {"level": 1}],
        [{"level": 3}, {"level": 3, "kind": "a"}, {}, {"level": 0, "kind": "b"}],
    ],
)
def test_shares_at_exactly_a_third_with_items_missing_facts(items: list[Any] | None) -> None:
    facts: dict[str, Any] = {} if items is None else {"items": items}
    statuses = _alike(_shares(), Profile(facts=facts), _store())
    if items == _THIRD:
        assert statuses[:2] == [S.PASS, S.PASS]  # one of three is exactly a third
        assert statuses[3:5] == [S.FAIL, S.FAIL]  # and not more than a third
    assert S.UNKNOWN in statuses  # the unset fraction


@attrs.frozen
class _OwnCompare(Compare):
    """A plugin's own rule class: no plan, its check built at once."""


def test_a_rule_two_programmes_declare_is_one_check_whatever_its_status() -> None:
    """A rule two programmes declare (one that passes, one that fails, one left open, one
    to review, one evaluated at once) is decided once per assessment and is one check in
    both programmes' answers, whichever programme meets it first; the open checks and
    the checks are those the loop gives."""
    rules = [
        Compare(id="t.pass", fact="facts.x", op=">=", value=1),
        Compare(id="t.fail", fact="facts.x", op=">=", value=3),
        Compare(id="t.open", fact="facts.absent", op=">=", value=1),
        Judgement(id="t.review", criterion=Text("判断", "judge"), decided_by=Text("专家", "panel")),
        _OwnCompare(id="t.now", fact="facts.x", op="==", value=2),
    ]
    one = _programme(rules)
    two = attrs.evolve(
        _programme([*reversed(rules), Compare(id="t.own", fact="facts.x")]), id="t.q"
    )
    store = _store()
    for order in ([one, two], [two, one]):
        found: dict[bool, list[Decided]] = {}
        for enabled in (True, False):
            generated.ENABLED = enabled
            try:
                shared = Shared()
                found[enabled] = [
                    decide_eligibility(
                        p,
                        Context(
                            profile=Profile(facts={"x": 2}), as_of=ON, params=store, shared=shared
                        ),
                    )
                    for p in order
                ]
            finally:
                generated.ENABLED = True
        assert [_seen(d) for d in found[True]] == [_seen(d) for d in found[False]]
        # what each programme keeps of a check: the decision kept for the assessment, or
        # the failed check itself; one object in both
        first, second = (
            {p.rule_id if isinstance(p, Check) else p[5].id: p for p in d._parts}
            for d in found[True]
        )
        assert {c.status for c in found[True][0].checks()} == {S.PASS, S.FAIL, S.UNKNOWN, S.REVIEW}
        for rule in rules:
            assert first[rule.id] is second[rule.id], rule.id
    assert generated._GENERATED[id(one)][1] is not None
    assert generated._GENERATED[id(two)][1] is not None


def _relaxed_programme(relax: tuple[str, ...]) -> Programme:
    """Failing rules, soft and not, and a relaxation of ``relax`` holding when the case
    has ``facts.urgent``."""
    return attrs.evolve(
        _programme(
            [
                Compare(id="t.hard", fact="facts.x", op=">=", value=3),
                Compare(id="t.soft", fact="facts.x", op=">=", value=4, soft=True),
                Compare(id="t.hard2", fact="facts.x", op="<=", value=1),
                Compare(id="t.open", fact="facts.absent", op=">=", value=1),
            ]
        ),
        relaxations=(
            Relaxation(
                id="t.urgent",
                when=Compare(id="t.urgent.c", fact="facts.urgent", op="==", value=True),
                cite=CITE,
                text=Text("急需", "urgent"),
                rules=relax,
            ),
        ),
    )


@pytest.mark.parametrize("relax", [(), ("t.hard",), ("t.soft",), ("t.other",)])
@pytest.mark.parametrize("urgent", [None, True, False])
@pytest.mark.parametrize("waiver", [None, "approved", "pending", "declined"])
@pytest.mark.parametrize("settled", [False, True])
def test_a_failing_rule_is_softened_as_the_loop_softens_it(
    relax: tuple[str, ...], urgent: bool | None, waiver: str | None, settled: bool
) -> None:
    """A failing rule that is neither soft nor relaxed is added as its kept decision (its
    check built when read); a relaxed or soft one is softened as the loop softens it, and
    only a failure that stays one settles a sibling. Adding every failure unsoftened fails
    the relaxed cases; softening none fails the soft ones."""
    facts: dict[str, Any] = {"x": 2}
    if urgent is not None:
        facts["urgent"] = urgent
    waivers = {}
    if waiver is not None:
        waivers = {
            r: Waiver(decision=waiver, by="body", on=ON, basis="b") for r in ("t.hard", "t.soft")
        }
    profile = Profile(facts=facts, waivers=waivers)  # type: ignore[arg-type]
    prog = _relaxed_programme(relax)
    out, hints = {}, {}
    for enabled in (True, False):
        generated.ENABLED = enabled
        try:
            decided = decide_eligibility(prog, _context(profile, _store()), settled=settled)
            out[enabled], hints[enabled] = _seen(decided), _hints(decided)
        finally:
            generated.ENABLED = True
    assert out[True] == out[False]
    made = generated._SIBLING if settled else generated._GENERATED  # a sibling's own
    assert made[id(prog)][1] is not None
    statuses = {c[0]: c[1] for c in out[True][1]}
    relaxed = urgent is True and (not relax or relax == ("t.hard",))
    if settled and not relaxed:  # the first failure settles it: nothing after it decided
        assert list(statuses) == ["t.hard"]
    if relaxed:
        assert statuses["t.hard"] is S.REVIEW
    else:
        assert statuses["t.hard"] is S.FAIL
    if "t.soft" in statuses:
        # a declined waiver: the norm stands, whatever else might relax it
        soft_relaxed = urgent is True and relax in ((), ("t.soft",)) and waiver != "declined"
        want = {"approved": S.WAIVED, "pending": S.REVIEW}.get(waiver or "")
        assert statuses["t.soft"] is (want or (S.REVIEW if soft_relaxed else S.FAIL))
    assert hints[True] == hints[False]  # the exception's hint on a soft failure


def _hints(decided: Decided) -> list[tuple[str, tuple[Text, ...]]]:
    return [(c.rule_id, c.hints) for c in decided.checks()]


def test_a_failing_rule_two_programmes_declare_is_relaxed_in_one_alone() -> None:
    """One failed decision kept for the assessment, relaxed in the programme whose
    relaxation holds and failed as it is in the other, whichever is decided first."""
    relaxed, plain = (
        _relaxed_programme(("t.hard",)),
        _programme([Compare(id="t.hard", fact="facts.x", op=">=", value=3)]),
    )
    plain = attrs.evolve(plain, id="t.q")
    hard = plain.rules[0]
    relaxed = attrs.evolve(relaxed, rules=(hard, *relaxed.rules[1:]))
    profile = Profile(facts={"x": 2, "urgent": True})
    for order in ([relaxed, plain], [plain, relaxed]):
        found = {}
        for enabled in (True, False):
            generated.ENABLED = enabled
            try:
                shared = Shared()
                found[enabled] = [
                    _seen(
                        decide_eligibility(
                            p, Context(profile=profile, as_of=ON, params=_store(), shared=shared)
                        )
                    )
                    for p in order
                ]
            finally:
                generated.ENABLED = True
        assert found[True] == found[False]
        by_id = {p.id: seen for p, seen in zip(order, found[True], strict=True)}
        assert by_id["t.p"][1][0][1] is S.REVIEW
        assert by_id["t.q"][1][0][1] is S.FAIL


def _dated_store() -> ParameterStore:
    store = _store()
    store.add(
        [
            Parameter(key="t.young", type="int", value=35, citation=CITE),
            Parameter(key="t.method", type="str", value="completed_years", citation=CITE),
            Parameter(key="t.no_method", type="str", citation=CITE),
            Parameter(key="t.day", type="date", value=dt.date(2026, 1, 15), citation=CITE),
            Parameter(key="t.no_day", type="date", citation=CITE),
            Parameter(key="t.no_attained", type="str", citation=CITE),
            Parameter(key="t.no_leap", type="str", citation=CITE),
        ]
    )
    return store


def _alike_on(
    rules: list[Any], profile: Profile, store: ParameterStore, reference: tuple[Any, ...]
) -> list[tuple[Any, ...]]:
    """The rules decided both ways on ``profile`` with the reference date from
    ``reference`` (the assessment is on :data:`ON`): the same, and every part written in
    place (none of their plans called); each check's status and missing facts."""
    prog = _programme(rules)
    out = {}
    for enabled in (True, False):
        generated.ENABLED = enabled
        try:
            ctx = Context(
                profile=profile, as_of=ON, params=store, reference=reference, shared=Shared()
            )
            out[enabled] = _seen(decide_eligibility(prog, ctx))
        finally:
            generated.ENABLED = True
    assert out[True] == out[False]
    made = generated._GENERATED[id(prog)][1]
    assert made is not None
    from talentkit.inputkeys import rules_in
    from talentkit.rules.plan import plan

    written = set(map(id, made.__globals__.values()))
    for rule in rules:
        for part in rules_in(rule, set()):
            assert id(plan(part)) not in written, part  # written in place, not its plan
    return [(c[1], c[2]) for c in out[True][1]]


def _ages() -> list[Any]:
    from talentkit.rules import AgeAtMost

    rules: list[Any] = []
    for i, age in enumerate(
        [
            AgeAtMost(birth="facts.born", years=35),
            AgeAtMost(birth="facts.born", years=P("t.young"), method=P("t.method")),
            AgeAtMost(birth="facts.born", years=35, on="as_of"),
            AgeAtMost(birth="facts.born", years=35, on=P("t.day")),
            AgeAtMost(birth="facts.born", years=35, on=P("t.no_day")),
            AgeAtMost(birth="facts.born", years=P("t.unset"), method=P("t.no_method")),
            AgeAtMost(birth="facts.born", years=35, method="cutoff_month"),
            AgeAtMost(birth="facts.born", years=35, attained="day_after"),
            AgeAtMost(birth="$.facts.born", years=35),
            AgeAtMost(birth="facts.born", years=35, leap_day=P("t.no_leap")),
            AgeAtMost(birth="facts.born", years=35, attained=P("t.no_attained")),
        ]
    ):
        rules.append(attrs.evolve(age, id=f"t.age{i}"))
        young = attrs.evolve(age, birth=age.birth.replace("facts.born", "born"))
        if not young.birth.startswith("$."):
            young = attrs.evolve(young, birth="born")
        rules.append(
            Share(
                id=f"t.young{i}",
                collection="facts.items",
                where=young,
                op=">=",
                fraction=Fraction(1, 2),
            )
        )
        rules.append(Count(id=f"t.aged{i}", collection="facts.items", where=young, value=2))
    return rules


#: the reference date given (2026-01-10), and a source missing before the assessment date
_REFERENCES: list[tuple[Any, ...]] = [("facts.ref_on", "as_of"), ("facts.ref_on",)]


@pytest.mark.parametrize("reference", _REFERENCES)
@pytest.mark.parametrize("born", [None, "1990-01-10", "1990-01-11", "1991-03-01", "1991-03-02"])
def test_ages_on_the_case_and_on_counted_items_at_their_birthdays(
    reference: tuple[Any, ...], born: str | None
) -> None:
    """35 on the reference date (2026-01-10), on the assessment's (2026-03-01) and on a
    parameter's (2026-01-15): a birthday on each and the day after, a birth date missing,
    the reference date or a setting missing, on the case and on each counted item."""
    facts: dict[str, Any] = {"ref_on": dt.date(2026, 1, 10)} if len(reference) == 2 else {}
    birth = None if born is None else dt.date.fromisoformat(born)
    if birth is not None:
        facts["born"] = birth
    facts["items"] = [
        {} if birth is None else {"born": birth},
        {"born": dt.date(2000, 1, 1)},
        {"born": dt.date(1980, 1, 1)},
    ]
    seen = _alike_on(_ages(), Profile(facts=facts), _dated_store(), reference)
    by_id = dict(zip([r.id for r in _ages()], seen, strict=True))
    if birth == dt.date(1990, 1, 11) and len(reference) == 2:
        # 35 until the day before the 36th birthday: on 2026-01-10 still 35
        assert by_id["t.age0"][0] is S.PASS
        assert by_id["t.age2"][0] is S.FAIL
    if birth == dt.date(1990, 1, 10) and len(reference) == 2:
        assert by_id["t.age0"][0] is S.FAIL
        assert by_id["t.age3"][0] is S.FAIL
    if len(reference) == 1:
        assert by_id["t.age0"] == (
            S.UNKNOWN,
            ("facts.ref_on",) if birth else ("facts.born", "facts.ref_on"),
        )
    assert by_id["t.age4"][0] is S.UNKNOWN
    assert "param:t.no_day" in by_id["t.age4"][1]
    assert by_id["t.age5"][1][-2:] == ("param:t.unset", "param:t.no_method")
    assert by_id["t.age9"][0] is by_id["t.age10"][0] is S.UNKNOWN
    assert by_id["t.age9"][1][-1] == "param:t.no_leap"
    assert by_id["t.age10"][1][-1] == "param:t.no_attained"
    if birth is None:
        assert by_id["t.young0"][1][0] == "facts.items[0].born"


def _dates() -> list[Any]:
    from talentkit.rules import DateCompare

    rules: list[Any] = []
    for i, other in enumerate(["ref", "as_of", P("t.day"), P("t.no_day")]):
        for op in (">=", ">", "==", "!=", "<=", "<"):
            rules.append(DateCompare(id=f"t.d{i}{op}", fact="facts.on", op=op, other=other))
            rules.append(
                Count(
                    id=f"t.dc{i}{op}",
                    collection="facts.items",
                    where=DateCompare(fact="on", op=op, other=other),
                    value=1,
                )
            )
    return rules


@pytest.mark.parametrize("reference", _REFERENCES)
@pytest.mark.parametrize("on", [None, "2026-01-09", "2026-01-10", "2026-01-15", "2026-03-01"])
def test_dates_compared_with_the_reference_date_at_the_day(
    reference: tuple[Any, ...], on: str | None
) -> None:
    """A date compared with the reference date (2026-01-10 or missing), the assessment's
    and a parameter's (set and not) with each operator, on the case and each counted item:
    on the day, the day before, the fact missing."""
    facts: dict[str, Any] = {"ref_on": dt.date(2026, 1, 10)} if len(reference) == 2 else {}
    day = None if on is None else dt.date.fromisoformat(on)
    if day is not None:
        facts["on"] = day
    facts["items"] = [{} if day is None else {"on": day}, {"on": dt.date(2020, 1, 1)}]
    seen = _alike_on(_dates(), Profile(facts=facts), _dated_store(), reference)
    by_id = dict(zip([r.id for r in _dates()], seen, strict=True))
    if day == dt.date(2026, 1, 10) and len(reference) == 2:
        assert [by_id[f"t.d0{op}"][0] for op in (">=", ">", "==", "!=", "<=", "<")] == [
            S.PASS,
            S.FAIL,
            S.PASS,
            S.FAIL,
            S.PASS,
            S.FAIL,
        ]
    if day is None and len(reference) == 1:
        assert by_id["t.d0>="] == (S.UNKNOWN, ("facts.on", "facts.ref_on"))
        assert by_id["t.d3>="] == (S.UNKNOWN, ("facts.on", "param:t.no_day"))
    if day is not None and len(reference) == 1:
        assert by_id["t.d0<"] == (S.UNKNOWN, ("facts.ref_on",))


def _other_facts() -> list[Any]:
    from talentkit import F

    rules: list[Any] = []
    for i, other in enumerate(["$.facts.y", "facts.y", "facts.x"]):
        for op in (">=", ">", "==", "!=", "<=", "<"):
            rules.append(Compare(id=f"t.f{i}{op}", fact="facts.x", op=op, value=F(other)))
    for op in (">=", "=="):
        rules.append(
            Count(
                id=f"t.fc{op}",
                collection="facts.items",
                where=Compare(fact="level", op=op, value=F("$.facts.y")),
                value=1,
            )
        )
    return rules


@pytest.mark.parametrize("x", [None, 2, 3])
@pytest.mark.parametrize("y", [None, 3])
def test_facts_compared_with_other_facts(x: int | None, y: int | None) -> None:
    """A fact compared with one of the case's root (on the case and each counted item)
    and with another of the case itself: equal, below, either or both missing, and a fact
    compared with itself (named once when missing)."""
    facts: dict[str, Any] = {"items": [{"level": 3}, {}, {"level": 2}]}
    if x is not None:
        facts["x"] = x
    if y is not None:
        facts["y"] = y
    seen = _alike_on(_other_facts(), Profile(facts=facts), _store(), ("as_of",))
    by_id = dict(zip([r.id for r in _other_facts()], seen, strict=True))
    if x is None and y is None:
        assert by_id["t.f0>="] == (S.UNKNOWN, ("facts.x", "facts.y"))
        assert by_id["t.fc>="] == (S.UNKNOWN, ("facts.y", "facts.items[1].level"))
    if x is not None and y is None:
        assert by_id["t.f1=="] == (S.UNKNOWN, ("facts.y",))
    if x is None:
        assert by_id["t.f2=="] == (S.UNKNOWN, ("facts.x",))
    if x == 3 and y == 3:
        assert by_id["t.f0>="][0] is S.PASS
        assert by_id["t.f0>"][0] is S.FAIL


@pytest.mark.parametrize("gender", [None, "female", "male"])
@pytest.mark.parametrize("born", [None, "1990-01-10", "1990-01-11", "1988-01-10", "1988-01-11"])
def test_ages_with_an_allowance_for_women(gender: str | None, born: str | None) -> None:
    """35, or 37 for women, on the reference date (2026-01-10): each birthday and the day
    after, the gender and the allowance's parameter missing (the gender named only where
    the allowance would decide)."""
    from talentkit.rules import AgeAtMost

    store = _dated_store()
    store.add([Parameter(key="t.extra", type="int", value=2, citation=CITE)])
    rules = [
        AgeAtMost(id="t.w0", birth="facts.born", years=35, female_extra=2),
        AgeAtMost(id="t.w1", birth="facts.born", years=35, female_extra=P("t.extra")),
        AgeAtMost(id="t.w2", birth="facts.born", years=35, female_extra=P("t.unset")),
        AgeAtMost(
            id="t.w3", birth="facts.born", years=P("t.young"), female_extra=2, gender="facts.sex"
        ),
    ]
    facts: dict[str, Any] = {"ref_on": dt.date(2026, 1, 10)}
    if born is not None:
        facts["born"] = dt.date.fromisoformat(born)
    if gender is not None:
        facts["gender"] = facts["sex"] = gender
    seen = _alike_on(rules, Profile(facts=facts), store, ("facts.ref_on",))
    if born == "1988-01-11":  # 37 on the reference date
        want = {None: (S.UNKNOWN, ("facts.gender",)), "female": (S.PASS, ()), "male": (S.FAIL, ())}
        assert seen[0] == seen[1] == want[gender]
        assert seen[2] == (S.UNKNOWN, ("param:t.unset",))
        assert seen[3][0] is want[gender][0]
    if born == "1988-01-10":  # 38: over either limit, or the allowance not known
        assert {s[0] for s in (seen[0], seen[1], seen[3])} == {S.FAIL}
        assert seen[2] == (S.UNKNOWN, ("param:t.unset",))
    if born == "1990-01-11":
        assert {s[0] for s in seen} == {S.PASS}


def test_a_fact_of_the_case_root_is_named_from_there() -> None:
    """A fact read with ``$.`` (from the case's root), on the case or on a counted item,
    is missing and read as the input names it (``facts.x``, as the batch names it), by
    the written function, the plans and the explanation alike: not ``$.facts.x``, nor
    ``facts.items[0].$.facts.x``."""
    rules = [
        Compare(id="t.top", fact="$.facts.x", op=">=", value=3),
        Compare(id="t.top.p", fact="$.facts.x", op=">=", value=P("t.unset")),
        Compare(id="t.top.f", fact="facts.y", op=">=", value=F("$.facts.x")),
        OneOf(id="t.top.one", fact="$.facts.v", values=P("t.kinds")),
        Count(
            id="t.top.count",
            collection="facts.items",
            where=Compare(fact="$.facts.x", op=">=", value=1),
            op=">=",
            value=1,
        ),
    ]
    profile = Profile(facts={"y": 2, "items": [{"level": 1}]})
    prog = _programme(rules)
    for enabled in (True, False):
        generated.ENABLED = enabled
        try:
            decided = decide_eligibility(prog, _context(profile, _store()))
            missing = [c.missing for c in decided.checks()]
        finally:
            generated.ENABLED = True
        assert missing == [
            ("facts.x",),
            ("facts.x", "param:t.unset"),
            ("facts.x",),
            ("facts.v",),
            ("facts.x",),
        ]
    checks = decide_eligibility(prog, _context(profile, _store())).checks()
    assert [c.read.get("facts.x", "-") for c in checks[:2]] == [MISSING] * 2
    assert not any("$." in key for c in checks for key in c.read)
