"""The built-in hooks called directly, and the declared checks built when read.

Where the built-in plugin is the only implementation of the eligibility, score or funding
hook touching a programme, the engine calls it itself rather than through pluggy, and the
declared rules' checks are built when the assessment's checks are first read. Every
shipped case reports exactly what the calls through pluggy report; a plugin implementing
one of those hooks, a wrapper and a traced manager still go through pluggy.
"""

from __future__ import annotations

import copy
import datetime as dt
import pickle
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest

from talentkit import Citation, Engine, Status, Text, Verdict, hookimpl, semantics, to_json, touches
from talentkit.funding import FundingResult
from talentkit.hooks import Hooks
from talentkit.money import Money
from talentkit.programme import Programme
from talentkit.results import Assessment, DeferredAssessment, GatheredAssessment
from talentkit.rules import Check, Compare, Rule
from talentkit.rules.base import Outcome
from talentkit.rules.context import Context
from talentkit.scoring import ScoreLine

sys.path.insert(0, str(Path(__file__).resolve().parent))

import reference_reports

AS_OF = dt.date(2026, 10, 20)
TEAM = "fooland.team"
EXAMPLE = Path(__file__).resolve().parent / "fooland" / "example.toml"
DECIDED = ("verdict", "missing", "review", "failed", "waived", "scoring", "funding")


def _through_pluggy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Hooks, "builtin_alone", lambda self, hook, programme: False)


def test_every_shipped_case_reports_what_the_hooks_through_pluggy_report(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    engine = Engine.create()
    cases = list(reference_reports._cases(engine))
    direct = []
    for _, profile, kwargs in cases:
        kwargs = dict(kwargs)
        direct.append(engine.assess(profile, kwargs.pop("all", None), **kwargs))
    # what decides is there before any check is built
    assert any(isinstance(a, DeferredAssessment) for r in direct for a in r.assessments)
    decided = [[{f: getattr(a, f) for f in DECIDED} for a in r.assessments] for r in direct]
    _through_pluggy(monkeypatch)
    for (name, profile, kwargs), report, early in zip(cases, direct, decided, strict=True):
        kwargs = dict(kwargs)
        hooked = engine.assess(profile, kwargs.pop("all", None), **kwargs)
        assert all(type(a) is Assessment for a in hooked.assessments), name
        assert early == [{f: getattr(a, f) for f in DECIDED} for a in hooked.assessments], name
        assert report == hooked, name
        assert to_json(report) == to_json(hooked), name


def _team(engine: Engine, **kwargs: Any) -> Assessment:
    (found,) = engine.assess(engine.load(EXAMPLE), [TEAM], as_of=AS_OF, **kwargs).assessments
    return found


def test_a_deferred_assessment_is_an_assessment() -> None:
    engine = Engine.create(entry_points=False)
    lazy = _team(engine)
    assert type(lazy) is GatheredAssessment  # its lists made when read too
    assert isinstance(lazy, DeferredAssessment)
    plain = Assessment(**{f.name: getattr(lazy, f.name) for f in attrs.fields(Assessment)})
    assert lazy == plain
    assert plain == lazy
    assert not lazy != plain  # noqa: SIM202  (its own __ne__)
    assert repr(lazy) == repr(plain)
    assert lazy.checks is lazy.checks  # built once
    for again in (pickle.loads(pickle.dumps(lazy)), copy.copy(lazy), copy.deepcopy(lazy)):
        assert again == plain
    assert type(pickle.loads(pickle.dumps(_team(engine)))) is Assessment
    assert attrs.evolve(_team(engine), siblings=()) == plain


def test_a_check_several_programmes_share_is_one_object() -> None:
    engine = Engine.create()
    every = [p.id for p in engine.select(None)]
    report = engine.assess(engine.load(EXAMPLE), every, as_of=AS_OF, assume_calendar=True)
    ids = [id(c) for a in report.assessments for c in a.checks]
    assert len(ids) > len(set(ids))


def test_the_checks_built_later_are_those_of_the_hook() -> None:
    engine = Engine.create(entry_points=False)
    prog = engine.programme(TEAM)
    assert engine.hooks.builtin_alone("talentkit_eligibility", prog)
    lazy = _team(engine)
    ctx = engine.context(
        engine.load(EXAMPLE), as_of=AS_OF, store=engine.params, calendar=_calendar(), programme=prog
    )
    assert list(lazy.checks[1:]) == engine.hooks.eligibility(prog, ctx)
    assert semantics.verdict(c.status for c in lazy.checks) is lazy.verdict
    assert lazy.failed == tuple(c.rule_id for c in lazy.checks if c.status is Status.FAIL)


def _calendar() -> Any:
    from talentkit.workdays import WorkdayCalendar

    return WorkdayCalendar()


# -- a plugin implementing a hook still takes part ----------------------------------------


class Extra:
    """A plugin answering the three hooks for the team programme."""

    calls: list[str]

    def __init__(self) -> None:
        self.calls = []

    @hookimpl
    @touches(TEAM)
    def talentkit_eligibility(self, programme: Programme) -> Sequence[Check]:
        self.calls.append("eligibility")
        return [Check(rule_id="extra.check", status=Status.UNKNOWN, text=Text("补充", "extra"))]

    @hookimpl
    @touches(TEAM)
    def talentkit_score(self, programme: Programme) -> Sequence[ScoreLine]:
        self.calls.append("score")
        cite = Citation(document="extra", article="1")
        text = Text("加", "add")
        line = ScoreLine(id="extra.score", text=text, citation=cite, status=Status.PASS)
        return [line]

    @hookimpl(tryfirst=True)
    @touches(TEAM)
    def talentkit_funding(self, programme: Programme) -> FundingResult:
        self.calls.append("funding")
        return FundingResult(programme=programme.id, total=Money.yuan(7), plugin="extra")


def test_a_plugin_implementing_the_hooks_is_called() -> None:
    extra = Extra()
    engine = Engine.create([("extra", extra)], entry_points=False)
    assert engine.problems == []
    prog = engine.programme(TEAM)
    for hook in ("talentkit_eligibility", "talentkit_score", "talentkit_funding"):
        assert not engine.hooks.builtin_alone(hook, prog)
    found = _team(engine, overrides=None)
    assert extra.calls == ["eligibility", "score", "funding"]
    assert type(found) is Assessment
    assert (found.checks[-1].rule_id, found.checks[-1].plugin) == ("extra.check", "extra")
    assert "extra.score" in [s.id for s in found.scoring]
    assert found.funding is not None
    assert found.funding.plugin == "extra"
    # a programme the plugin does not touch is assessed directly, without it
    other = engine.programme("fooland.transfer")
    assert engine.hooks.builtin_alone("talentkit_eligibility", other)


class Wrapper:
    @hookimpl(wrapper=True)
    @touches(TEAM)
    def talentkit_eligibility(self) -> Iterator[None]:
        answers: list[Sequence[Check]] = yield
        return [[attrs.evolve(c, plugin="wrapped") for c in answer] for answer in answers]


def test_a_wrapper_touching_the_programme_is_called() -> None:
    engine = Engine.create([("wrapper", Wrapper())], entry_points=False)
    assert not engine.hooks.builtin_alone("talentkit_eligibility", engine.programme(TEAM))
    found = _team(engine)
    assert {c.plugin for c in found.checks[1:]} == {"wrapped"}


def test_a_traced_manager_calls_through_pluggy() -> None:
    engine = Engine.create(entry_points=False)
    prog = engine.programme(TEAM)
    assert engine.hooks.builtin_alone("talentkit_score", prog)
    seen: list[str] = []
    undo = engine.plugins.pm.add_hookcall_monitoring(
        lambda name, impls, kwargs: seen.append(name), lambda *args: None
    )
    try:
        assert not engine.hooks.builtin_alone("talentkit_score", prog)
        _team(engine)
    finally:
        undo()
    assert {"talentkit_eligibility", "talentkit_score", "talentkit_funding"} <= set(seen)
    assert engine.hooks.builtin_alone("talentkit_score", prog)


def test_a_plugin_registered_later_is_called() -> None:
    engine = Engine.create(entry_points=False)
    _team(engine)
    extra = Extra()
    engine.plugins.pm.register(extra, "extra")
    found = _team(engine)
    assert "eligibility" in extra.calls
    assert "extra.check" in [c.rule_id for c in found.checks]


# -- a rule class no plan knows --------------------------------------------------------------


@attrs.frozen(kw_only=True)
class OddNumber(Rule):
    """A plugin's own rule class: no plan knows it, its ``run`` decides."""

    fact: str = ""

    def run(self, ctx: Context) -> Outcome:
        value = ctx.fact(self.fact).year
        return Outcome(
            status=Status.PASS if value % 2 else Status.FAIL,
            detail=Text(f"读得{value}", f"read {value}"),
        )

    def describe(self) -> Text:
        return Text("奇数", "odd")

    def fact_paths(self) -> Iterator[str]:
        yield self.fact


class OddRules:
    @hookimpl
    @touches(TEAM)
    def talentkit_add_rules(self, programme: Programme) -> Sequence[Rule]:
        cite = Citation(document="odd", article="1")
        return [
            OddNumber(
                id="odd.members", cite=cite, text=Text("奇数", "odd"), fact="team.leader.birth_date"
            ),
            Compare(id="odd.compare", cite=cite, fact="team.name", value="Fooland photonics"),
        ]


def test_a_rule_class_without_a_plan_runs_its_run() -> None:
    engine = Engine.create([("odd", OddRules())], entry_points=False)
    assert engine.problems == []
    prog = engine.programme(TEAM)
    assert engine.hooks.builtin_alone("talentkit_eligibility", prog)
    found = _team(engine)
    odd = next(c for c in found.checks if c.rule_id == "odd.members")
    assert type(odd) is Check  # decided and explained by its run, at once
    assert odd.detail == Text("读得1981", "read 1981")
    assert odd.status is Status.PASS
    compare = next(c for c in found.checks if c.rule_id == "odd.compare")
    assert compare.status is Status.PASS
    assert type(compare) is not Check  # planned, explained when read
    assert found.verdict in tuple(Verdict)


def test_a_decision_is_what_the_check_decides() -> None:
    """``Rule.decision`` (score lines, funding and procedure conditions) gives the status,
    missing facts and review items of the check, for every rule each programme reads."""
    from talentkit.inputkeys import rules_in
    from talentkit.workdays import WorkdayCalendar

    engine = Engine.create()
    case = engine.load(EXAMPLE)
    seen = 0
    for prog in engine.select(None):
        ctx = engine.context(
            case,
            as_of=AS_OF,
            store=engine.params,
            calendar=WorkdayCalendar(assume_unknown_years=True),
            programme=prog,
        )
        for rule in rules_in(prog, set()):
            if not isinstance(rule, Rule) or not rule.id:
                continue
            check = rule.evaluate_now(ctx)
            assert rule.decision(ctx) == (check.status, check.missing, check.review), rule.id
            seen += 1
    assert seen > 400
