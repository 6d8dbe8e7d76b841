"""Explanations built when read: from the case they explain, the same parts as a check
built at once, whatever the assessment's shared values hold."""

from __future__ import annotations

import copy
import datetime as dt
import pickle
from typing import Any

import attrs
import pytest

from talentkit import AllOf, AnyOf, Attested, Compare, Judgement, Not, OneOf, Profile, Status, When
from talentkit.params import ParameterStore
from talentkit.rules import Check, base, outcome
from talentkit.rules.base import READS_NO_RULE, Rule
from talentkit.rules.context import Context, Shared
from talentkit.rules.outcome import (
    EXPLANATION,
    DeferredCheck,
    ExplainedCheck,
    build_check,
    deferred_check,
)
from talentkit.text import Citation, Text

ON = dt.date(2026, 3, 1)
STORE = ParameterStore()


def test_an_explanation_reads_its_own_case_where_shared_values_hold_another() -> None:
    """The facts of the case's root are kept with the assessment's shared values for one
    case: a check decided for one case and read after another case was decided with the
    same shared values explains its own case (and agrees with its plan)."""
    rule = AllOf(
        id="t.both",
        rules=(
            Compare(fact="facts.t.n", op=">=", value=2),
            Compare(fact="$.facts.t.m", op="<", value=5),
        ),
    )
    shared = Shared()
    first = rule.evaluate(
        Context(profile=Profile(facts={"t.n": 3, "t.m": 1}), as_of=ON, params=STORE, shared=shared)
    )
    second = rule.evaluate(
        Context(profile=Profile(facts={"t.n": 1, "t.m": 9}), as_of=ON, params=STORE, shared=shared)
    )
    assert (first.status, second.status) == (Status.PASS, Status.FAIL)
    assert [c.read for c in first.children] == [{"facts.t.n": 3}, {"facts.t.m": 1}]
    assert [c.read for c in second.children] == [{"facts.t.n": 1}, {"facts.t.m": 9}]
    assert first.children[0].detail == Text(
        "facts.t.n = 3（要求不少于 2）", "facts.t.n = 3 (required: at least 2)"
    )


def test_an_explanation_read_for_the_case_of_the_shared_values_reads_them_once() -> None:
    """For the case the shared values belong to, an explanation reads a fact of the
    case's root from them (the plans read it already)."""
    profile = Profile(facts={"t.n": 3})
    shared = Shared()
    ctx = Context(profile=profile, as_of=ON, params=STORE, shared=shared)
    check = Compare(id="t.n", fact="facts.t.n", op=">=", value=2).evaluate(ctx)
    assert shared.case is profile
    assert shared.facts == {"facts.t.n": 3}
    shared.facts["facts.t.n"] = 4  # what the plans read is what the explanation shows
    assert check.read == {"facts.t.n": 4}


def test_an_explanation_is_kept_only_for_a_rule_another_explains_as(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A rule set to explain as itself alone is explained without keeping its
    explanation in the shared values; once another rule is set to explain as it, the two
    run once per context (whichever is read first). Each check is what its rule explained
    with nothing shared gives: its own id and text."""

    def compare(rule_id: str) -> Compare:
        return Compare(id=rule_id, text=Text(rule_id, rule_id), fact="facts.t.n", op=">=", value=2)

    first, second, alone = compare("t.a"), compare("t.b"), compare("t.c")
    kin = base._ExplainsAs()
    monkeypatch.setattr(base, "EXPLAINS_AS", kin)
    runs: list[str] = []
    run = Compare.run

    def counted(self: Compare, ctx: Context) -> Any:
        runs.append(self.id)
        return run(self, ctx)

    monkeypatch.setattr(Compare, "run", counted)

    def context(shared: Shared | None) -> Context:
        return Context(profile=Profile(facts={"t.n": 3}), as_of=ON, params=STORE, shared=shared)

    kin[id(alone)] = (alone, alone)
    kin[id(first)] = (first, first)
    shared = Shared()
    assert alone.evaluate_now(context(shared)) == alone.evaluate_now(context(None))
    assert first.evaluate_now(context(shared)) == first.evaluate_now(context(None))
    assert shared.explained == {}
    assert runs == ["t.c", "t.c", "t.a", "t.a"]

    kin[id(second)] = (second, first)
    assert kin.grouped == {id(first): first}
    for order in ((first, second), (second, first)):
        runs.clear()
        ctx = context(Shared())
        checks = [rule.evaluate_now(ctx) for rule in order]
        assert ctx.shared is not None
        assert len(runs) == 1
        assert len(ctx.shared.explained) == 1
        assert checks == [rule.evaluate_now(context(None)) for rule in order]
        assert [c.rule_id for c in checks] == [r.id for r in order]
        assert [c.text for c in checks] == [r.text for r in order]


class _Explained(Compare):
    """A rule class of a plugin with its own ``evaluate_now``."""

    def evaluate_now(self, ctx: Context, plugin: str = "") -> Check:
        check = super().evaluate_now(ctx, plugin)
        return attrs.evolve(check, hints=(Text("自有", "own"),))


def test_a_deferred_check_of_a_class_with_its_own_evaluate_now_is_explained_by_it() -> None:
    rule = _Explained(id="t.own", fact="facts.t.n", op=">=", value=2)
    ctx = Context(profile=Profile(facts={"t.n": 3}), as_of=ON, params=STORE)
    check = deferred_check(rule, ctx, "plug", Status.PASS, (), ())
    assert check.hints == (Text("自有", "own"),)
    assert check == rule.evaluate_now(ctx, "plug")


def test_a_deferred_check_explained_either_way_reads_as_a_plain_one() -> None:
    """Explained through its rule's explanation or through a check built at once (a class
    with its own ``evaluate_now``), a deferred check holds every part, lets go of what
    built it and reads as a plain check; an explanation set again on a check explained
    meanwhile (by another thread) leaves it so, without an error."""
    ctx = Context(profile=Profile(facts={"t.n": 3}), as_of=ON, params=STORE)
    for rule in (
        Compare(id="t.n", fact="facts.t.n", op=">=", value=2),
        _Explained(id="t.own", fact="facts.t.n", op=">=", value=2),
    ):
        check = deferred_check(rule, ctx, "plug", Status.PASS, (), ())
        now = rule.evaluate_now(ctx, "plug")
        assert check.detail == now.detail
        assert type(check) is ExplainedCheck
        assert not hasattr(check, "_explain")
        parts = [getattr(now, part) for part in EXPLANATION]
        assert [object.__getattribute__(check, part) for part in EXPLANATION] == parts
        outcome._set_explained(check, *parts)
        assert type(check) is ExplainedCheck
        assert check == now


def test_a_deferred_check_whose_plan_disagrees_with_its_run_raises() -> None:
    rule = Compare(id="t.n", fact="facts.t.n", op=">=", value=2)
    ctx = Context(profile=Profile(facts={"t.n": 3}), as_of=ON, params=STORE)
    check = deferred_check(rule, ctx, "", Status.FAIL, (), ())
    with pytest.raises(RuntimeError) as raised:
        check.text  # noqa: B018
    assert str(raised.value) == "rule t.n: its plan decided fail () (), its run pass () ()"
    assert type(check) is DeferredCheck  # still deferred: read again, raised again
    with pytest.raises(RuntimeError, match="its plan decided fail"):
        check.detail  # noqa: B018


def test_a_part_of_a_class_with_its_own_evaluate_now_is_explained_by_it() -> None:
    """While a combination is explained, a part whose class keeps ``Rule.evaluate_now``
    is explained without that call; one whose class has its own is explained by it."""
    own = _Explained(fact="facts.t.n", op=">=", value=2)
    rule = AllOf(id="t.all", rules=(own, Compare(fact="facts.t.n", op="<", value=5)))
    ctx = Context(profile=Profile(facts={"t.n": 3}), as_of=ON, params=STORE, shared=Shared())
    check = rule.evaluate(ctx)
    assert check.children[0].hints == (Text("自有", "own"),)
    assert check.children[0] == own.evaluate_now(ctx)


@pytest.mark.parametrize("n", [1, 3, 9])
def test_every_part_of_an_explained_combination_is_the_check_evaluate_now_builds(n: int) -> None:
    """Each part's check, at every depth, holds what ``evaluate_now`` of the part builds
    on the same context: its id, status, text, citation, detail, values read, missing
    facts, review items, hints, plugin and parts (fail, pass, unknown and review)."""
    cite = Citation(document="T", article="1")
    parts = (
        Compare(id="t.p", fact="facts.t.n", op=">=", value=2, cite=cite),
        AnyOf(
            rules=(
                OneOf(fact="facts.t.k", values=("a", "b")),
                Not(rule=Compare(fact="facts.t.n", op=">", value=5)),
                Judgement(id="t.j", criterion=Text("好", "good"), decided_by=Text("组", "panel")),
            )
        ),
        When(
            condition=Compare(fact="facts.t.n", op="<", value=4),
            then=AllOf(
                rules=(
                    Attested(key="t.c", question=Text("是否", "whether")),
                    Compare(fact="facts.t.m", op="==", value=1),
                )
            ),
        ),
    )
    rule = AllOf(id="t.all", rules=parts, text=Text("全部", "all"))
    facts: dict[str, Any] = {"t.n": n, "t.k": "a" if n < 9 else "z"}
    ctx = Context(profile=Profile(facts=facts), as_of=ON, params=STORE, shared=Shared())
    check = rule.evaluate(ctx)

    def alike(got: Check, part: Rule) -> int:
        want = part.evaluate_now(attrs.evolve(ctx, shared=None))
        assert type(got) is Check
        assert got == want
        # a conditional rule's check lists ``then`` alone, once its condition may hold
        inner = [part.then][: len(got.children)] if isinstance(part, When) else part.children()
        return 1 + sum(alike(c, p) for c, p in zip(got.children, inner, strict=True))

    assert sum(alike(c, p) for c, p in zip(check.children, parts, strict=True)) >= 7
    assert check == rule.evaluate_now(ctx)


def _holds_rules(value: Any) -> bool:
    return isinstance(value, Rule) or (
        isinstance(value, (list, tuple)) and any(_holds_rules(v) for v in value)
    )


def test_rules_explained_without_the_explaining_state_hold_no_other_rule() -> None:
    """A class listed in ``READS_NO_RULE`` runs without setting whether a rule is being
    explained, which only a rule evaluating other rules reads: none of its fields may
    name a rule."""
    assert {Compare, OneOf, Attested, Judgement} <= READS_NO_RULE
    for cls in READS_NO_RULE:
        for field in attrs.fields(cls):
            assert "Rule" not in str(field.type), (cls, field.name)
            assert not _holds_rules(field.default), (cls, field.name)


def test_a_member_s_context_is_the_context_with_its_root_and_prefix() -> None:
    """``Context.at`` sets every field of a context (a field added and not set fails)."""
    shared = Shared()
    ctx = Context(profile=Profile(facts={"t.n": 3}), as_of=ON, params=STORE, shared=shared)
    member = ctx.at({"n": 1}, "team.members[0]")
    assert type(member) is Context
    want = attrs.evolve(ctx, root={"n": 1}, prefix="team.members[0]")
    for field in attrs.fields(Context):
        assert getattr(member, field.name) is getattr(want, field.name) or (
            getattr(member, field.name) == getattr(want, field.name)
        ), field.name
    assert member.shared is shared
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        member.prefix = "x"  # type: ignore[misc]


def test_a_check_built_from_its_fields_is_a_frozen_check() -> None:
    fields: dict[str, Any] = {
        "rule_id": "t.a",
        "status": Status.FAIL,
        "text": Text("甲", "a"),
        "citation": None,
        "detail": Text("乙", "b"),
        "read": {"x": 1},
        "missing": ("y",),
        "review": (),
        "hints": (Text("丙", "c"),),
        "plugin": "p",
        "waiver": None,
        "children": (),
    }
    assert [f.name for f in attrs.fields(Check)] == list(fields)
    check = build_check(*fields.values())
    assert type(check) is Check
    assert check == Check(**fields)
    assert pickle.loads(pickle.dumps(check)) == check
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        check.status = Status.PASS  # type: ignore[misc]


@pytest.mark.parametrize("first", ["text", "detail", "read", "hints", "children"])
def test_any_part_read_first_explains_a_deferred_check_once(
    first: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each part of a deferred check's explanation, read first, builds the whole
    explanation once (the other parts are then read from their slots); its decided
    parts are read without building it."""
    rule = Compare(id="t.n", fact="facts.t.n", op=">=", value=2)
    ctx = Context(profile=Profile(facts={"t.n": 1}), as_of=ON, params=STORE)
    now = rule.evaluate_now(ctx, "plug")
    check = deferred_check(rule, ctx, "plug", Status.FAIL, (), ())
    calls = []
    explanation = Compare.explanation

    def counted(self: Compare, on: Context) -> Any:
        calls.append(on)
        return explanation(self, on)

    monkeypatch.setattr(Compare, "explanation", counted)
    assert (check.status, check.missing, check.review, check.rule_id) == (
        Status.FAIL,
        (),
        (),
        "t.n",
    )
    assert calls == []
    assert getattr(check, first) == getattr(now, first)
    assert calls == [ctx]
    assert type(check) is ExplainedCheck
    for part in ("text", "detail", "read", "hints", "children"):
        assert getattr(check, part) == getattr(now, part)
    assert calls == [ctx]
    assert check == now


def test_a_deferred_check_made_by_its_class_holds_every_part_given() -> None:
    """``DeferredCheck(...)`` (what ``attrs.evolve`` of a deferred check makes) sets its
    parts in their slots and reads them back, with nothing left to explain."""
    fields: dict[str, Any] = {
        "rule_id": "r",
        "status": Status.FAIL,
        "text": Text("文", "text"),
        "detail": Text("细", "detail"),
        "read": {"x": 1},
        "hints": (Text("提示", "hint"),),
        "children": (Check(rule_id="c", status=Status.PASS, text=Text("子", "child")),),
    }
    made = DeferredCheck(**fields)
    for name, value in fields.items():
        assert getattr(made, name) == value
    assert made == Check(**fields)


def test_a_deferred_check_holds_what_decides_it_and_builds_the_rest_when_read() -> None:
    """Every field of a check made by ``deferred_check`` is set: the decided ones at once
    (the rule's id and citation, the plugin, no waiver), the explanation when first read;
    it then equals, pickles and copies as the check built at once."""
    rule = Compare(
        id="t.n",
        fact="facts.t.n",
        op=">=",
        value=2,
        cite=Citation(document="T", article="第1条"),
    )
    ctx = Context(profile=Profile(facts={"t.n": 1}), as_of=ON, params=STORE)
    check = deferred_check(rule, ctx, "plug", Status.FAIL, (), ())
    assert type(check) is DeferredCheck
    assert (check.rule_id, check.status, check.citation) == ("t.n", Status.FAIL, rule.cite)
    assert (check.missing, check.review, check.plugin, check.waiver) == ((), (), "plug", None)
    assert object.__getattribute__(check, "_explain") == (rule, ctx, "plug")
    now = rule.evaluate_now(ctx, "plug")
    shown = repr(check)
    assert check == now
    assert object.__getattribute__(check, "text") == now.text  # built by the comparison
    # explained: read as a plain check, without the call back for parts not built
    assert type(check) is ExplainedCheck
    assert not hasattr(check, "_explain")
    assert not hasattr(ExplainedCheck, "__getattr__")
    assert repr(check) == shown
    assert now == check
    assert not check != now  # noqa: SIM202  (its own __ne__)
    assert pickle.loads(pickle.dumps(check)) == now
    assert copy.copy(check) == now


def test_the_statuses_named_in_the_rules_are_the_enumeration_s_members() -> None:
    """The names the rules read statuses by (not through the enumeration's class) are
    its members, each under its own name; the holding ones are pass, waived and na."""
    from talentkit.rules import outcome

    for name, member in Status.__members__.items():
        assert getattr(outcome, name) is member
    assert [s for s in Status if s.holds] == [Status.PASS, Status.WAIVED, Status.NA]
