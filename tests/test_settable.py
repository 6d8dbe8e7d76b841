"""Frozen records made as a settable twin of their class, then given their class: the
object is the one the class's constructor makes, and as frozen."""

from __future__ import annotations

import datetime as dt
import pickle
from typing import Any

import attrs
import pytest

from talentkit import Compare, Profile, Status
from talentkit.params import ParameterStore
from talentkit.results import Assessment, DeferredAssessment, deferred_assessment
from talentkit.rules import Check
from talentkit.rules.context import Context
from talentkit.rules.outcome import DeferredCheck, build_check, deferred_check
from talentkit.slotinit import settable, through_slots
from tests.test_report_freed import _fields as assessment_fields


@pytest.mark.parametrize(
    ("cls", "field"),
    [
        (Check, "missing"),
        (DeferredCheck, "missing"),
        (DeferredAssessment, "missing"),
        (Context, "prefix"),
    ],
)
def test_a_settable_twin_has_its_class_s_layout_and_plain_assignment(cls: type, field: str) -> None:
    twin = settable(cls)
    assert settable(cls) is twin  # made once per class
    assert twin.__bases__ == (cls,)
    assert twin.__dict__["__slots__"] == ()  # no slot of its own: the same layout
    assert twin.__basicsize__ == cls.__basicsize__
    assert twin.__setattr__ is object.__setattr__
    assert twin.__delattr__ is object.__delattr__
    made = object.__new__(twin)
    setattr(made, field, "m")
    made.__class__ = cls
    assert type(made) is cls
    assert getattr(made, field) == "m"


def _frozen(record: Any, name: str) -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(record, name, None)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        delattr(record, name)


def test_a_built_check_is_a_frozen_check_of_every_field() -> None:
    values = [f"v{i}" for i in range(len(attrs.fields(Check)))]
    check = build_check(*values)
    assert type(check) is Check
    assert [getattr(check, f.name) for f in attrs.fields(Check)] == values
    _frozen(check, "status")
    assert pickle.loads(pickle.dumps(check)) == check


def test_a_deferred_check_is_frozen_and_explained_when_read() -> None:
    rule = Compare(id="t.n", fact="facts.t.n", op=">=", value=2)
    ctx = Context(
        profile=Profile(facts={"t.n": 1}), as_of=dt.date(2026, 3, 1), params=ParameterStore()
    )
    check = deferred_check(rule, ctx, "plug", Status.FAIL, (), ())
    assert type(check) is DeferredCheck
    _frozen(check, "status")
    assert (check.rule_id, check.status, check.missing, check.plugin) == (
        "t.n",
        Status.FAIL,
        (),
        "plug",
    )
    assert object.__getattribute__(check, "_explain") == (rule, ctx, "plug")
    assert check.text == rule.evaluate_now(ctx).text


def test_a_deferred_assessment_is_frozen_with_its_fields_and_no_checks_yet() -> None:
    fields = assessment_fields()
    found = deferred_assessment(lambda: [], [], **fields)
    assert type(found) is DeferredAssessment
    _frozen(found, "verdict")
    for name, value in fields.items():
        assert getattr(found, name) == value
    assert object.__getattribute__(found, "_open") == []
    assert found.checks == ()
    assert found == Assessment(checks=(), **fields)


def test_a_member_s_context_is_a_frozen_context() -> None:
    ctx = Context(
        profile=Profile(facts={"t.n": 1}), as_of=dt.date(2026, 3, 1), params=ParameterStore()
    )
    member = ctx.at({"n": 2}, "team.members[0]")
    assert type(member) is Context
    assert member == attrs.evolve(ctx, root={"n": 2}, prefix="team.members[0]")
    assert member.shared is ctx.shared
    assert member.labels is ctx.labels
    _frozen(member, "root")


def test_an_init_through_a_settable_twin_keeps_a_subclass_s_class() -> None:
    @through_slots
    @attrs.frozen
    class Sample:
        a: int
        b: int = 2
        c: tuple[int, ...] = ()

    class Sub(Sample):
        __slots__ = ()

    for cls in (Sample, Sub):
        made = cls(1, c=(3,))
        assert type(made) is cls
        assert (made.a, made.b, made.c) == (1, 2, (3,))
        _frozen(made, "b")
    assert "_Settable" in Sample.__init__.__code__.co_names  # the twin is used
