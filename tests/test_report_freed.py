"""A report of statuses is freed by reference counting once its reader lets it go, and
an assessment made through its slots is the one ``Assessment(...)`` makes."""

from __future__ import annotations

import datetime as dt
import gc
import sys
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

from talentkit import Engine, to_json
from talentkit.builtin import generated
from talentkit.params import ParameterStore
from talentkit.results import (
    Assessment,
    DeferredAssessment,
    Verdict,
    _deferred_by_init,
    deferred_assessment,
    open_checks,
)
from talentkit.rules.context import Shared
from talentkit.text import Text

sys.path.insert(0, str(Path(__file__).resolve().parent))

import reference_reports


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.create()


@pytest.fixture
def no_collector() -> Iterator[None]:
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@pytest.mark.parametrize("written", [True, False], ids=["generated", "loop"])
def test_a_report_read_for_its_statuses_is_freed_without_the_collector(
    engine: Engine, no_collector: None, monkeypatch: pytest.MonkeyPatch, written: bool
) -> None:
    """Every shipped case (enabled and all programmes, each case file's cases with their
    overrides): nothing of the report is left in a cycle once it is let go."""
    monkeypatch.setattr(generated, "WRITE_AFTER", 0 if written else 10**9)
    made: list[weakref.ref[Shared]] = []
    shared_values = Engine._shared

    def kept_shared(self: Engine, store: ParameterStore, as_of: dt.date) -> Shared:
        found = shared_values(self, store, as_of)
        made.append(weakref.ref(found))
        return found

    monkeypatch.setattr(Engine, "_shared", kept_shared)
    held = 0
    for name, profile, kwargs in reference_reports._cases(engine):
        kwargs = dict(kwargs)
        made.clear()
        report = engine.assess(profile, kwargs.pop("all", None), **kwargs)
        assert all(isinstance(a.verdict, Verdict) for a in report.assessments), name
        kept = [weakref.ref(a) for a in report.assessments]
        held += made[0]() is not None  # by the programmes' contexts
        del report
        assert [r() for r in kept] == [None] * len(kept), name
        assert [r() for r in made] == [None], name
    assert held > 100


@pytest.mark.parametrize("written", [True, False], ids=["generated", "loop"])
def test_a_report_explained_is_freed_without_the_collector(
    engine: Engine, no_collector: None, monkeypatch: pytest.MonkeyPatch, written: bool
) -> None:
    """Every shipped case, its report written as JSON (every explanation built): the
    assessment's shared values, which keep the explanations of rules explained alike,
    are freed with the report (kept with their contexts, which hold the shared values,
    they were a cycle only the collector frees)."""
    monkeypatch.setattr(generated, "WRITE_AFTER", 0 if written else 10**9)
    alike = 0
    for name, profile, kwargs in reference_reports._cases(engine):
        kwargs = dict(kwargs)
        report = engine.assess(profile, kwargs.pop("all", None), **kwargs)
        shared = {id(s): s for s in _shared_of(report)}
        refs = [weakref.ref(s) for s in shared.values()]
        to_json(report)
        alike += sum(bool(s.explained) for s in shared.values())
        del shared
        kept = [weakref.ref(a) for a in report.assessments]
        del report
        assert [r() for r in kept] == [None] * len(kept), name
        assert [r() for r in refs] == [None] * len(refs), name
    assert alike > 100  # rules explained alike were met


def _shared_of(report: Any) -> Iterator[Shared]:
    """The shared values the report's checks are explained with (before they are)."""
    for a in report.assessments:
        for check in a.checks:
            explain = getattr(check, "_explain", None)
            if type(explain) is tuple and explain[1].shared is not None:
                yield explain[1].shared


def _fields() -> dict[str, Any]:
    return {
        "programme": "p",
        "name": Text("名", "name"),
        "jurisdiction": "j",
        "document": "d",
        "document_status": "in_force",
        "as_of": dt.date(2026, 1, 1),
        "verdict": Verdict.NEEDS_REVIEW,
    }


def test_an_assessment_made_through_its_slots_is_the_one_its_class_makes() -> None:
    opened = [("r", "review", (), (Text("问", "ask"),))]
    every = {
        "missing": ("a",),
        "review": (Text("问", "ask"),),
        "failed": ("f",),
        "waived": ("w",),
        "notes": (Text("注", "note"),),
        "overrides": {"k": "1"},
    }
    for extra in ({}, every):
        fast = deferred_assessment(list, opened, **_fields(), **extra)
        slow = _deferred_by_init(list, opened, **_fields(), **extra)
        assert type(fast) is DeferredAssessment
        assert open_checks(fast) is opened
        for field in attrs.fields(Assessment):
            if field.name != "checks":
                assert getattr(fast, field.name) == getattr(slow, field.name), field.name
        assert fast == slow
        assert repr(fast) == repr(slow)
        assert fast.checks == ()  # built when read
    # a default made by a factory is a new object for each assessment
    one, two = (deferred_assessment(list, [], **_fields()) for _ in range(2))
    assert one.overrides == {}
    assert one.overrides is not two.overrides


def test_an_assessment_made_through_its_slots_takes_the_same_keywords() -> None:
    with pytest.raises(TypeError):
        deferred_assessment(list, [], **_fields(), colour=1)
    fields = _fields()
    del fields["verdict"]
    with pytest.raises(TypeError):
        deferred_assessment(list, [], **fields)
    with pytest.raises(TypeError):
        deferred_assessment(list, [], checks=(), **_fields())
