"""Kleene tables for AllOf/AnyOf/Not/When; Attested, Judgement and Custom."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import attrs
import pytest

from talentkit import AllOf, AnyOf, Attested, Custom, Judgement, Not, Profile, Status, When
from talentkit.params import ParameterStore
from talentkit.rules import Check, Rule
from talentkit.rules.base import Outcome
from talentkit.rules.context import Context
from talentkit.subjects import Attestation, Decision
from talentkit.text import Text

S = Status
ALL = (S.PASS, S.FAIL, S.UNKNOWN, S.REVIEW, S.WAIVED, S.NA)


@attrs.frozen(kw_only=True)
class Const(Rule):
    """A part with a fixed status; unknown parts name a fact, review parts a question."""

    status: Status
    name: str = "x"

    def run(self, ctx: Context) -> Outcome:
        out = Outcome(status=self.status)
        if self.status is S.UNKNOWN:
            out.missing.append(f"facts.{self.name}")
        if self.status is S.REVIEW:
            out.review.append(Text(f"审 {self.name}", f"review {self.name}"))
        if self.status is S.FAIL:
            out.hints.append(Text(f"改 {self.name}", f"fix {self.name}"))
        return out

    def describe(self) -> Text:
        return Text(self.name, self.name)


def ctx(profile: Profile | None = None) -> Context:
    return Context(profile=profile or Profile(), as_of=dt.date(2026, 3, 1), params=ParameterStore())


def parts(*statuses: Status) -> list[Rule]:
    return [Const(status=s, name=f"p{i}") for i, s in enumerate(statuses)]


def expect_all(statuses: tuple[Status, ...]) -> set[Status]:
    for s in (S.FAIL, S.UNKNOWN, S.REVIEW):
        if s in statuses:
            return {s}
    if S.WAIVED in statuses:
        return {S.WAIVED}
    if all(s is S.NA for s in statuses):
        return {S.NA, S.PASS}  # nothing applies: holds either way
    return {S.PASS}


def expect_any(statuses: tuple[Status, ...]) -> set[Status]:
    for s in (S.PASS, S.WAIVED, S.UNKNOWN, S.REVIEW):
        if s in statuses:
            return {s}
    if all(s is S.NA for s in statuses):
        return {S.NA}
    return {S.FAIL}


PAIRS = list(itertools.product(ALL, repeat=2))
TRIPLES = list(itertools.product((S.PASS, S.FAIL, S.UNKNOWN, S.REVIEW), repeat=3))


@pytest.mark.parametrize("statuses", PAIRS + TRIPLES, ids=lambda t: "-".join(s.value for s in t))
def test_all_of_table(statuses: tuple[Status, ...]) -> None:
    check = AllOf(rules=parts(*statuses)).evaluate(ctx())
    assert check.status in expect_all(statuses)
    unknown_names = [f"facts.p{i}" for i, s in enumerate(statuses) if s is S.UNKNOWN]
    if check.status is S.UNKNOWN:
        assert list(check.missing) == unknown_names
    if check.status is S.FAIL:
        assert check.missing == ()  # a failure is final: nothing to ask for
        assert check.hints


@pytest.mark.parametrize(
    "statuses",
    PAIRS + list(itertools.product(ALL, repeat=3)),
    ids=lambda t: "-".join(s.value for s in t),
)
def test_all_of_gathers_only_from_open_parts(statuses: tuple[Status, ...]) -> None:
    # a combination whose parts all hold returns before gathering: every item of a
    # part that fails, is unknown or is to be reviewed is still gathered, in order
    check = AllOf(rules=parts(*statuses)).evaluate(ctx())
    named = list(enumerate(statuses))
    missing = [f"facts.p{i}" for i, s in named if s is S.UNKNOWN]
    assert list(check.missing) == ([] if check.status is S.FAIL else missing)
    assert list(check.review) == [
        Text(f"审 p{i}", f"review p{i}") for i, s in named if s is S.REVIEW
    ]
    if check.status is S.FAIL:
        assert list(check.hints) == [Text(f"改 p{i}", f"fix p{i}") for i, s in named if s is S.FAIL]
    if check.status.holds:
        assert (check.missing, check.review, check.hints) == ((), (), ())
    assert [c.status for c in check.children] == list(statuses)


@pytest.mark.parametrize("statuses", PAIRS + TRIPLES, ids=lambda t: "-".join(s.value for s in t))
def test_any_of_table(statuses: tuple[Status, ...]) -> None:
    check = AnyOf(rules=parts(*statuses)).evaluate(ctx())
    assert check.status in expect_any(statuses)
    if check.status is S.UNKNOWN:
        assert set(check.missing) == {
            f"facts.p{i}" for i, s in enumerate(statuses) if s is S.UNKNOWN
        }
    if check.status is S.PASS:
        assert check.missing == ()


def test_any_of_fail_combines_hints() -> None:
    check = AnyOf(rules=parts(S.FAIL, S.FAIL)).evaluate(ctx())
    assert [h.en for h in check.hints] == ["any one of: fix p0; fix p1"]


@pytest.mark.parametrize(
    ("inner", "outer"),
    [
        (S.PASS, S.FAIL),
        (S.WAIVED, S.FAIL),
        (S.FAIL, S.PASS),
        (S.UNKNOWN, S.UNKNOWN),
        (S.REVIEW, S.REVIEW),
        (S.NA, S.NA),
    ],
)
def test_not_table(inner: Status, outer: Status) -> None:
    check = Not(rule=Const(status=inner)).evaluate(ctx())
    assert check.status is outer
    if outer is S.UNKNOWN:
        assert check.missing == ("facts.x",)
    if outer is S.FAIL:
        assert check.hints[0].en == "must not hold: x"


def expect_when(cond: Status, then: Status) -> set[Status]:
    if cond in (S.FAIL, S.NA):
        return {S.NA}
    if cond in (S.PASS, S.WAIVED):
        return {then}
    if then is S.PASS:
        return {S.PASS}
    return {cond}


WHEN_CASES = [
    (c, t) for c, t in PAIRS if not (c in (S.UNKNOWN, S.REVIEW) and t in (S.WAIVED, S.NA))
]


@pytest.mark.parametrize(("cond", "then"), WHEN_CASES, ids=lambda s: s.value)
def test_when_table(cond: Status, then: Status) -> None:
    check = When(
        condition=Const(status=cond, name="c"), then=Const(status=then, name="t")
    ).evaluate(ctx())
    assert check.status in expect_when(cond, then)
    if check.status is S.UNKNOWN and cond is S.UNKNOWN:
        assert "facts.c" in check.missing
        if then is S.UNKNOWN:
            assert "facts.t" in check.missing


@pytest.mark.parametrize("then", [S.UNKNOWN, S.FAIL, S.REVIEW], ids=lambda s: s.value)
def test_when_undecided_condition_lists_each_missing_fact_once(then: Status) -> None:
    # the condition's facts first, then the part's not named yet, each once, in order
    @attrs.frozen(kw_only=True)
    class Missing(Rule):
        status: Status
        names: tuple[str, ...]

        def run(self, ctx: Context) -> Outcome:
            return Outcome(status=self.status, missing=list(self.names))

        def describe(self) -> Text:
            return Text("m", "m")

    check = When(
        condition=Missing(status=S.UNKNOWN, names=("facts.a", "facts.b")),
        then=Missing(status=then, names=("facts.c", "facts.a", "facts.c", "facts.d")),
    ).evaluate(ctx())
    assert check.status is S.UNKNOWN
    assert check.missing == ("facts.a", "facts.b", "facts.c", "facts.d")


@pytest.mark.parametrize("cond", [S.UNKNOWN, S.REVIEW], ids=lambda s: s.value)
def test_when_undecided_condition_with_na_consequence_holds(cond: Status) -> None:
    # condition true -> na, condition false -> na: the unknown fact cannot matter
    check = When(
        condition=Const(status=cond, name="c"), then=Const(status=S.NA, name="t")
    ).evaluate(ctx())
    assert check.status.holds


# -- Attested ----------------------------------------------------------------------------

ATT = Attested(
    id="x.agreement", key="x.agreement", question=Text("签订协议", "an agreement was signed")
)


def with_attestation(value: bool | None) -> Profile:
    if value is None:
        return Profile()
    return Profile(
        attestations={
            "x.agreement": Attestation(value=value, by="host office", on=dt.date(2026, 3, 10))
        }
    )


def test_attested_missing_goes_to_review() -> None:
    check = ATT.evaluate(ctx(with_attestation(None)))
    assert check.status is S.REVIEW
    assert check.missing == ("attestations.x.agreement",)
    assert check.review[0].en == "to be attested by a reviewer: an agreement was signed"


@pytest.mark.parametrize(("value", "status"), [(True, S.PASS), (False, S.FAIL)])
def test_attested_records_who_and_when(value: bool, status: Status) -> None:
    check = ATT.evaluate(ctx(with_attestation(value)))
    assert check.status is status
    assert check.read["attestations.x.agreement"] == {
        "value": value,
        "by": "host office",
        "on": "2026-03-10",
    }
    assert "host office" in check.detail.en  # type: ignore[union-attr]


# -- Judgement ---------------------------------------------------------------------------

JUDGE = Judgement(id="x.standing", criterion=Text("国内领先", "leads nationally"))


def test_judgement_is_review_until_decided() -> None:
    check = JUDGE.evaluate(ctx())
    assert check.status is S.REVIEW
    assert check.review[0].en == "for the expert panel: leads nationally"
    # a decision under another rule id does not count
    other = Profile(decisions={"x.other": Decision(value=True, by="p", on=dt.date(2026, 4, 1))})
    assert JUDGE.evaluate(ctx(other)).status is S.REVIEW


@pytest.mark.parametrize(("value", "status"), [(True, S.PASS), (False, S.FAIL)])
def test_judgement_decision_recorded(value: bool, status: Status) -> None:
    profile = Profile(
        decisions={"x.standing": Decision(value=value, by="panel", on=dt.date(2026, 4, 1))}
    )
    check = JUDGE.evaluate(ctx(profile))
    assert check.status is status
    assert check.read["decisions.x.standing"] == {"value": value, "by": "panel", "on": "2026-04-01"}


# -- Custom ------------------------------------------------------------------------------


def test_custom_missing_fact_is_unknown_without_calling_the_predicate() -> None:
    calls: list[dict[str, Any]] = []

    def predicate(values: dict[str, Any]) -> bool:
        calls.append(values)
        raise AssertionError("must not be called")

    rule = Custom(facts=["facts.a", "facts.b"], predicate=predicate, statement=Text("a+b", "a+b"))
    check = rule.evaluate(ctx(Profile(facts={"a": 1})))
    assert (check.status, check.missing) == (S.UNKNOWN, ("facts.b",))
    assert calls == []


@pytest.mark.parametrize(("result", "status"), [(True, S.PASS), (False, S.FAIL), (None, S.UNKNOWN)])
def test_custom_predicate_results(result: bool | None, status: Status) -> None:
    seen: list[dict[str, Any]] = []

    def predicate(values: dict[str, Any]) -> bool | None:
        seen.append(values)
        return result

    rule = Custom(facts=["facts.a"], predicate=predicate, statement=Text("甲", "a holds"))
    check = rule.evaluate(ctx(Profile(facts={"a": 0})))
    assert check.status is status
    assert seen == [{"facts.a": 0}]  # 0 is a value, not missing
    if status is S.FAIL:
        assert check.hints[0].en == "must satisfy: a holds"


def test_nested_compound_missing_paths_propagate() -> None:
    rule = AllOf(rules=[AnyOf(rules=parts(S.FAIL, S.UNKNOWN)), Const(status=S.PASS)])
    check: Check = rule.evaluate(ctx())
    assert (check.status, check.missing) == (S.UNKNOWN, ("facts.p1",))
