"""A programme's score items decided by one generated function, as Rule.decision decides.

On the case itself, :func:`talentkit.scoring.evaluate_scoring` takes its rules' decisions
from a function :mod:`talentkit.builtin.generated` writes for the items, with the
commonest parts written in place of their plans; :meth:`talentkit.rules.Rule.decision`
(``generated.ENABLED`` off) stays the definition. Every shipped example and case file,
and made-up items at their boundaries, give the same score lines both ways.
"""

from __future__ import annotations

import datetime as dt
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from talentkit import AllOf, AnyOf, Attested, Compare, Count, Not, OneOf, P, Status, When
from talentkit.builtin import generated
from talentkit.builtin.declared import decide_eligibility
from talentkit.engine import Engine
from talentkit.rules import Custom
from talentkit.rules.base import _same_of
from talentkit.rules.context import Context, Shared
from talentkit.scoring import ScoreItem, evaluate_scoring
from talentkit.subjects import Attestation, Profile
from talentkit.text import Text

sys.path.insert(0, str(Path(__file__).resolve().parent))

import reference_reports
from test_generated_eligibility import CITE, ON, _programme, _store

S = Status


@pytest.fixture(autouse=True)
def _written_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The items' function written at their first scoring: what is compared is it."""
    monkeypatch.setattr(generated, "WRITE_AFTER", 0)


def _lines(report: Any) -> list[tuple[str, str, list[tuple[Any, ...]]]]:
    return [
        (a.programme, a.verdict.value, [(s.id, s.status, s.points, s.missing) for s in a.scoring])
        for a in report.assessments
    ]


def test_every_shipped_case_scores_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    engine = Engine.create()
    progs = [p.id for p in engine.registry.programmes.values()]
    cases = list(reference_reports._cases(engine))
    assert len(cases) > 300
    scored = 0
    for _, profile, kwargs in cases:
        for on in (kwargs["as_of"], dt.date(2025, 3, 1)):
            found = {}
            for enabled in (True, False):
                monkeypatch.setattr(generated, "ENABLED", enabled)
                report = engine.assess(
                    profile,
                    progs,
                    as_of=on,
                    overrides=kwargs.get("overrides"),
                    assume_calendar=True,
                )
                found[enabled] = _lines(report)
            assert found[True] == found[False]
            scored += sum(len(lines) for _, _, lines in found[True])
    assert scored > 10_000
    written = [f for _, f in generated._SCORED.values() if f is not None]
    assert len(written) >= 10  # the programmes with score items, written


def _item(i: int, rule: Any, weight: Any = 2) -> ScoreItem:
    return ScoreItem(id=f"t.s{i}", cite=CITE, text=Text("分", "score"), rule=rule, weight=weight)


def _decided(items: list[ScoreItem], profile: Profile, **store: Any) -> list[tuple[Any, ...]]:
    """The items scored both ways on ``profile``: the same lines; each line's status,
    points and missing facts."""
    out = {}
    for enabled in (True, False):
        generated.ENABLED = enabled
        try:
            ctx = Context(profile=profile, as_of=ON, params=_store(**store), shared=Shared())
            lines = evaluate_scoring(items, ctx)
        finally:
            generated.ENABLED = True
        out[enabled] = [(s.id, s.status, s.points, s.missing) for s in lines]
    assert out[True] == out[False]
    assert generated._SCORED[id(items)][1] is not None  # written, not left to Rule.decision
    return [line[1:] for line in out[True]]


def _rules() -> list[Any]:
    level = Compare(fact="level", op=">=", value=2)
    asked = Attested(key="t.k", question=Text("问", "ask"))
    return [
        Compare(fact="facts.x", op=">=", value=3),
        Compare(fact="facts.x", op="<", value=P("t.min")),
        Compare(fact="facts.x", op=">=", value=P("t.unset")),
        OneOf(fact="facts.kind", values=["a", "b"]),
        OneOf(fact="facts.kind", values=P("t.kinds")),
        AllOf(rules=(Compare(fact="facts.x", op=">=", value=3), asked)),
        AnyOf(
            rules=(
                Compare(fact="facts.x", op=">=", value=3),
                OneOf(fact="facts.kind", values=["c"]),
            )
        ),
        Not(rule=OneOf(fact="facts.kind", values=["a"])),
        When(condition=OneOf(fact="facts.kind", values=["a"]), then=asked),
        Count(collection="facts.items", where=level, op=">=", value=P("t.min")),
        Count(collection="facts.items", where=level, op="<", value=2),
    ]


@pytest.mark.parametrize("x", [None, 2, 3, 4])
@pytest.mark.parametrize("kind", [None, "a", "c"])
@pytest.mark.parametrize("attested", [None, True, False])
@pytest.mark.parametrize(
    "items", [None, [], [{"level": 2}], [{"level": 3}, {"level": 1}, {}], [{"level": 2}] * 3]
)
def test_items_at_their_boundaries(
    x: int | None, kind: str | None, attested: bool | None, items: list[Any] | None
) -> None:
    facts: dict[str, Any] = {}
    if x is not None:
        facts["x"] = x
    if kind is not None:
        facts["kind"] = kind
    if items is not None:
        facts["items"] = items
    profile = Profile(
        facts=facts,
        attestations={}
        if attested is None
        else {"t.k": Attestation(value=attested, by="t", on=ON)},
    )
    got = _decided([_item(i, r) for i, r in enumerate(_rules())], profile, min=2)
    if x == 3:
        assert got[0] == (S.PASS, Fraction(2), ())
    if x is None:
        assert got[0] == (S.UNKNOWN, None, ("facts.x",))
    assert got[2][0] is S.UNKNOWN  # the parameter is not set
    if items == [{"level": 2}] * 3:
        assert got[9][0] is S.PASS
        assert got[10][0] is S.FAIL


def test_a_weight_missing_and_a_fractional_weight() -> None:
    rule = Compare(fact="facts.x", op=">=", value=3)
    items = [
        _item(0, rule, P("t.unset")),
        _item(1, rule, Fraction(1, 3)),
        _item(2, rule, P("t.min")),
    ]
    assert _decided(items, Profile(facts={"x": 3}), min=4) == [
        (S.PASS, None, ("param:t.unset",)),
        (S.PASS, Fraction(1, 3), ()),
        (S.PASS, Fraction(4), ()),
    ]


def test_a_rule_deciding_as_an_eligibility_rule_is_decided_once() -> None:
    """A score item's rule equal (but for its id) to an eligibility rule of the same case
    takes the eligibility's decision, and the other way round; as Rule.decision does."""
    counted: list[int] = []

    def seen(values: Any) -> bool:
        counted.append(1)
        return True

    eligible = Compare(id="t.e", fact="facts.x", op=">=", value=3)
    scored = Compare(id="t.score", fact="facts.x", op=">=", value=3)
    apart = Compare(id="t.apart", fact="facts.x", op=">=", value=True)  # 1 and True apart
    custom = Custom(id="t.custom", facts=["facts.x"], predicate=seen)
    prog = _programme([eligible])
    items = [_item(0, scored), _item(1, apart), _item(2, custom)]
    profile = Profile(facts={"x": 3})
    for first_eligibility in (True, False):
        shared = Shared()
        ctx = Context(profile=profile, as_of=ON, params=_store(), shared=shared)
        if first_eligibility:
            decide_eligibility(prog, ctx)
        lines = evaluate_scoring(items, ctx)
        if not first_eligibility:
            decide_eligibility(prog, ctx)
        (kept,) = shared.decisions.values()
        # one decision kept for the two rules deciding alike, one for the rule apart
        assert _same_of(scored) is _same_of(eligible) is not _same_of(apart)
        assert sorted(map(id, (v[0] for v in kept.values()))) == sorted(
            (id(_same_of(eligible)), id(_same_of(apart)))
        )
        assert [s.status for s in lines] == [S.PASS, S.PASS, S.PASS]
    assert len(counted) == 2  # the custom rule, decided by Rule.decision each time


def test_items_one_of_which_is_scored_by_a_fact_are_not_written() -> None:
    items = [
        _item(0, Compare(fact="facts.x", op=">=", value=3)),
        ScoreItem(id="t.f", cite=CITE, text=Text("分", "score"), score="facts.x", weight=1),
    ]
    assert generated.scoring(items) is None
    ctx = Context(profile=Profile(facts={"x": 3}), as_of=ON, params=_store(), shared=Shared())
    lines = evaluate_scoring(items, ctx)
    assert [(s.status, s.points) for s in lines] == [(S.PASS, Fraction(2)), (S.PASS, Fraction(3))]


def test_written_after_the_items_first_scorings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(generated, "WRITE_AFTER", 2)
    items = [_item(0, Compare(fact="facts.x", op=">=", value=3))]
    got = [generated.scoring(items) for _ in range(4)]
    assert got[:2] == [None, None]
    assert got[2] is not None
    assert got[3] is got[2]


def test_not_used_on_a_member_or_without_shared_values(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = generated.scoring

    def counted(items: Any) -> Any:
        calls.append(1)
        return real(items)

    monkeypatch.setattr(generated, "scoring", counted)
    items = [_item(0, Compare(fact="facts.x", op=">=", value=3))]
    ctx = Context(profile=Profile(facts={"x": 3}), as_of=ON, params=_store(), shared=Shared())
    evaluate_scoring(items, ctx)
    assert calls == [1]
    evaluate_scoring(items, ctx.at(None, "team.members[0]"))
    evaluate_scoring(items, Context(profile=ctx.profile, as_of=ON, params=ctx.params))
    assert calls == [1]
