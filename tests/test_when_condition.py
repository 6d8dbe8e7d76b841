"""A conditional rule's condition is no part of its check: its explanation reads the
condition's decision and values straight from the condition's ``run``, without a check of
its own. Each explanation here is compared with the same rule explained through the
condition's check, as before, for every way the condition and the rule may stand; a rule
class of its own deciding otherwise is still asked."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import attrs
import pytest

from talentkit import Compare, Profile, Status, When
from talentkit.params import ParameterStore
from talentkit.rules import Check, Rule
from talentkit.rules.base import Outcome
from talentkit.rules.context import Context, Shared
from talentkit.rules.human import Attested
from talentkit.rules.outcome import NA
from talentkit.subjects import Attestation, Person
from talentkit.text import Text

ON = dt.date(2026, 1, 1)

#: a fact true, false or absent, and an attestation given yes, no or not at all: every
#: status a condition or a rule may take (review included)
FACT = Compare(fact="person.core", value=True)
ASKED = Attested(key="t.a", question=Text("是否", "whether"))


def _profile(core: bool | None, attested: bool | None) -> Profile:
    given = {} if attested is None else {"t.a": Attestation(value=attested, by="x", on=ON)}
    return Profile(person=Person(id="p", core=core), attestations=given)


def _before(rule: When, ctx: Context) -> Outcome:
    """``When.run`` as it was: the condition evaluated into a check of its own."""
    out = Outcome()
    cond = rule.condition.evaluate(ctx)
    out.read.update(cond.read)
    if cond.status in (Status.FAIL, NA):
        out.status = NA
        return out
    inner = rule.then.evaluate(ctx)
    out.children = [inner]
    out.read.update(inner.read)
    if cond.status in (Status.PASS, Status.WAIVED):
        out.status = inner.status
        out.missing.extend(inner.missing)
        out.review.extend(inner.review)
        out.hints.extend(inner.hints)
        out.detail = inner.detail
    elif inner.status.holds:
        out.status = inner.status
    else:
        out.status = cond.status
        out.missing.extend(cond.missing)
        out.missing.extend(m for m in inner.missing if m not in out.missing)
        out.review.extend(cond.review)
    return out


def _fields(check: Check) -> tuple[Any, ...]:
    return tuple(getattr(check, f.name) for f in attrs.fields(Check))


@pytest.mark.parametrize(("condition", "then"), [(FACT, ASKED), (ASKED, FACT)])
@pytest.mark.parametrize("shared", [False, True])
def test_every_way_the_condition_and_the_rule_stand(
    condition: Rule, then: Rule, shared: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    rule = When(id="t.when", condition=condition, then=then)
    seen = set()
    for core, attested in itertools.product((True, False, None), repeat=2):
        ctx = Context(
            profile=_profile(core, attested),
            as_of=ON,
            params=ParameterStore(),
            shared=Shared() if shared else None,
        )
        now = rule.evaluate_now(ctx)
        later = rule.evaluate(ctx)
        with monkeypatch.context() as m:
            m.setattr(When, "run", _before)
            before = rule.evaluate_now(ctx)
        assert _fields(now) == _fields(later) == _fields(before)
        seen.add(now.status)
    assert {Status.PASS, Status.FAIL, Status.UNKNOWN, Status.REVIEW, NA} <= seen


@attrs.frozen(kw_only=True)
class Reversed(Compare):
    """A rule class of its own whose check says otherwise than its ``run``."""

    def evaluate_now(self, ctx: Context, plugin: str = "") -> Check:
        check = super().evaluate_now(ctx, plugin)
        flipped = Status.FAIL if check.status is Status.PASS else Status.PASS
        return attrs.evolve(check, status=flipped)

    def evaluate(self, ctx: Context, plugin: str = "") -> Check:
        return self.evaluate_now(ctx, plugin)


def test_a_condition_of_a_class_of_its_own_is_evaluated_as_it_says() -> None:
    rule = When(id="t.when", condition=Reversed(fact="person.core", value=True), then=FACT)
    ctx = Context(profile=_profile(True, None), as_of=ON, params=ParameterStore())
    assert rule.evaluate_now(ctx).status is NA  # its check fails: the rule does not apply
    ctx = Context(profile=_profile(False, None), as_of=ON, params=ParameterStore())
    assert rule.evaluate_now(ctx).status is Status.FAIL  # its check holds: the rule applies
