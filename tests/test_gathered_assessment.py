"""An assessment's missing facts, review items, failed and waived rules made from its
open checks when first read: the same lists, in the same order, as made at once."""

from __future__ import annotations

import copy
import datetime as dt
import pickle
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest

from talentkit import Engine, hookimpl, to_json
from talentkit.results import (
    GATHERED,
    Assessment,
    GatheredAssessment,
    Verdict,
    _gathered_by_init,
    evolve_assessment,
    gather,
    gathered_assessment,
    open_checks,
)
from talentkit.rules import Check, Status
from talentkit.text import Text

sys.path.insert(0, str(Path(__file__).resolve().parent))

import reference_reports

from tests.test_report_freed import _fields

U, R, F, W, NA = Status.UNKNOWN, Status.REVIEW, Status.FAIL, Status.WAIVED, Status.NA
ASK, TELL = Text("问", "ask"), Text("告", "tell")
#: every status, names met again (in one check and across checks), statuses that add none
OPENED = [
    ("a", U, ("x", "y", "x"), ()),
    ("b", R, ("z",), (ASK, TELL, ASK)),
    ("c", F, ("q",), (TELL,)),
    ("d", U, ("y", "w"), (ASK,)),
    ("e", NA, ("n",), (TELL,)),
    ("f", W, (), ()),
    ("g", R, (), (TELL,)),
    ("h", F, (), ()),
]
WANT = (("x", "y", "w"), (ASK, TELL), ("c", "h"), ("f",))
EXAMPLE = Path(__file__).resolve().parent / "fooland" / "example.toml"


def _unread(found: Assessment) -> bool:
    """Whether the lists of ``found`` are still to be made (kept in a slot of their own)."""
    lists: Any = object.__getattribute__(found, "_lists")
    return lists is None


def test_gather_keeps_the_order_and_each_once() -> None:
    assert gather(OPENED) == WANT
    assert gather([]) == ((), (), (), ())
    assert all(type(part) is tuple for part in gather(OPENED))


@pytest.mark.parametrize("make", [gathered_assessment, _gathered_by_init])
@pytest.mark.parametrize("first", GATHERED)
def test_the_lists_are_made_once_when_one_is_first_read(make: Any, first: str) -> None:
    found = make(list, OPENED, **_fields())
    assert type(found) is GatheredAssessment
    assert found.verdict is Verdict.NEEDS_REVIEW
    assert _unread(found)  # nothing made yet
    made = getattr(found, first)
    assert not _unread(found)  # all four at once
    assert made is getattr(found, first)
    assert tuple(getattr(found, name) for name in GATHERED) == WANT
    assert open_checks(found) is OPENED
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        found.missing = ()  # type: ignore[misc]


def test_an_unread_assessment_equals_copies_pickles_and_evolves_as_one_made_at_once() -> None:
    lists: dict[str, Any] = dict(zip(GATHERED, WANT, strict=True))
    at_once = Assessment(checks=(), **_fields(), **lists)
    for read in (False, True):
        found = gathered_assessment(list, OPENED, **_fields())
        if read:
            found.missing  # noqa: B018
        assert found == at_once
        assert repr(found) == repr(at_once)
        assert pickle.loads(pickle.dumps(found)) == at_once
        assert copy.copy(found) == at_once
        assert attrs.evolve(found, notes=(ASK,)) == attrs.evolve(at_once, notes=(ASK,))
        assert evolve_assessment(found, notes=(ASK,)) == attrs.evolve(at_once, notes=(ASK,))


def test_the_lists_are_not_given_as_keywords() -> None:
    for name, value in zip(GATHERED, WANT, strict=True):
        with pytest.raises(TypeError):
            gathered_assessment(list, OPENED, **_fields(), **{name: value})


def _from_checks(checks: tuple[Check, ...]) -> tuple[tuple[Any, ...], ...]:
    """The four lists made from the checks themselves, as an assessment built at once
    makes them."""
    return gather((c.rule_id, c.status, c.missing, c.review) for c in checks)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.create()


@pytest.mark.parametrize("json_first", [False, True], ids=["fields", "json"])
def test_every_shipped_case_gathers_what_its_checks_give(engine: Engine, json_first: bool) -> None:
    gathered = 0
    for _, case, kwargs in reference_reports._cases(engine):
        selected = kwargs.pop("all", None)
        report = engine.assess(case, selected, **kwargs)
        if json_first:  # the writer reads the lists first
            to_json(report)
        for a in report.assessments:
            if type(a) is not GatheredAssessment:  # not in force, a plugin's hook: made at once
                continue
            gathered += 1
            assert _unread(a) is not json_first
            assert tuple(getattr(a, name) for name in GATHERED) == _from_checks(a.checks)
    assert gathered


def test_an_assessment_a_hook_failed_on_keeps_its_lists_empty(engine: Engine) -> None:
    case: Any = engine.load(EXAMPLE)
    (before,) = engine.assess(case, ["fooland.transfer"], as_of=dt.date(2026, 10, 20)).assessments
    assert before.missing  # its checks leave facts missing

    class Failing:
        @hookimpl
        def talentkit_score(self, programme: Any, ctx: Any) -> list[Any]:
            raise RuntimeError("broken")

    engine.plugins.pm.register(Failing(), name="failing")
    try:
        report = engine.assess(case, ["fooland.transfer"], as_of=dt.date(2026, 10, 20))
    finally:
        engine.plugins.pm.unregister(name="failing")
    (failed,) = report.assessments
    assert failed.verdict is Verdict.ERROR
    assert open_checks(failed)
    assert tuple(getattr(failed, name) for name in GATHERED) == ((), (), (), ())
