"""An assessment whose checks are built when read: a property over the slot, no
``__getattr__``, the checks built once."""

from __future__ import annotations

import copy
import pickle
from typing import Any

import attrs
import pytest

from talentkit.results import (
    Assessment,
    DeferredAssessment,
    Verdict,
    _deferred_by_init,
    deferred_assessment,
    evolve_assessment,
    open_checks,
)
from talentkit.rules import Check, Status
from talentkit.text import Text
from tests.test_report_freed import _fields as assessment_fields

OPENED = [("r", Status.REVIEW, (), (Text("问", "ask"),))]


def _fields() -> dict[str, Any]:
    return {**assessment_fields(), "missing": ("a",)}


def _checks() -> tuple[Check, ...]:
    return (
        Check(rule_id="r", status=Status.REVIEW, text=Text("问", "ask")),
        Check(rule_id="s", status=Status.PASS, text=Text("是", "yes")),
    )


class Builder:
    """Builds the checks, counting its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> list[Check]:
        self.calls += 1
        return list(_checks())


def _at_once() -> Assessment:
    return Assessment(checks=_checks(), **_fields())


@pytest.mark.parametrize("make", [deferred_assessment, _deferred_by_init])
def test_checks_are_built_once_when_first_read(make: Any) -> None:
    build = Builder()
    found = make(build, OPENED, **_fields())
    assert type(found) is DeferredAssessment
    assert not hasattr(DeferredAssessment, "__getattr__")
    assert found.verdict is Verdict.NEEDS_REVIEW
    assert found.missing == ("a",)
    assert build.calls == 0  # the other fields read without building the checks
    checks = found.checks
    assert checks == _checks()
    assert type(checks) is tuple
    assert build.calls == 1
    assert found.checks is checks
    assert build.calls == 1
    assert open_checks(found) is OPENED  # still read without the checks


def test_a_read_assessment_equals_copies_and_pickles_as_an_unread_one() -> None:
    unread = deferred_assessment(Builder(), OPENED, **_fields())
    read = deferred_assessment(Builder(), OPENED, **_fields())
    read.checks  # noqa: B018
    assert type(unread) is type(read) is DeferredAssessment
    want = _at_once()
    for found in (read, unread):
        assert found == want
        assert (found != want) is False  # the class's own __ne__
        assert want == found
        assert repr(found) == repr(want)
        for again in (pickle.loads(pickle.dumps(found)), copy.copy(found), copy.deepcopy(found)):
            assert type(again) is Assessment
            assert again == want
    assert unread == read


def test_an_evolved_deferred_assessment_holds_the_checks_it_is_given() -> None:
    build = Builder()
    found = deferred_assessment(build, OPENED, **_fields())
    given = _checks()[:1]
    evolved = attrs.evolve(found, checks=given)
    assert evolved.checks is given  # set by the class's __init__, through the property
    assert build.calls == 0
    assert attrs.evolve(found, verdict=Verdict.ELIGIBLE).checks == _checks()
    assert build.calls == 1  # read once to evolve; the original is built
    assert found.checks == _checks()
    assert build.calls == 1


def test_a_failing_build_leaves_the_assessment_deferred() -> None:
    calls: list[int] = []

    def failing() -> list[Check]:
        calls.append(1)
        raise LookupError("no checks")

    found = deferred_assessment(failing, OPENED, **_fields())
    for _ in range(2):  # raised each time it is read, as it is
        with pytest.raises(LookupError, match="no checks"):
            found.checks  # noqa: B018
    assert len(calls) == 2


def test_an_assessment_read_before_is_evolved_with_its_checks() -> None:
    build = Builder()
    found = deferred_assessment(build, OPENED, **_fields())
    found.checks  # noqa: B018
    evolved = evolve_assessment(found, verdict=Verdict.ELIGIBLE)
    assert evolved.verdict is Verdict.ELIGIBLE
    assert evolved.checks == _checks()
    assert build.calls == 1
