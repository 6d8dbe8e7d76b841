"""The hook contract: calls go through pluggy (wrappers, ordering, tracing), each answer is
credited to its plugin, and a plugin that raises or answers with the wrong type makes only
the programmes it touches an ``error``."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner, Result

from talentkit import (
    Citation,
    CohortEntry,
    Custom,
    Engine,
    Money,
    Status,
    Text,
    Verdict,
    hookimpl,
    touches,
)
from talentkit.cli import main
from talentkit.cli._common import HOOK_ERROR
from talentkit.funding import FundingResult
from talentkit.hooks import HookFailed
from talentkit.programme import Programme
from talentkit.rules import Check
from talentkit.subjects import Award, Event
from tests.cli_env import cli_env

AS_OF = dt.date(2026, 10, 20)
TRANSFER = "fooland.transfer"
ENTERPRISE = "fooland.transfer.enterprise"


def transfer_case(engine: Engine, *, enterprise: bool) -> Any:
    return engine.load(
        {
            "organisations": [{"role": "applicant", "is_enterprise": enterprise}],
            "facts": {"fooland.contract_paid": 1_000_000, "fooland.subsidy_already": 0},
        }
    )


# -- a reform modelled by wrapping another plugin's hooks ------------------------------------


class Reform:
    """A draft reform: non-enterprises may apply to the transfer subsidy, which doubles."""

    @hookimpl(wrapper=True)
    @touches(TRANSFER)
    def talentkit_eligibility(self) -> Iterator[None]:
        answers: list[Sequence[Check]] = yield
        return [
            [
                attrs.evolve(c, status=Status.PASS, plugin="reform")
                if c.rule_id == ENTERPRISE and c.status is Status.FAIL
                else c
                for c in answer
            ]
            for answer in answers
        ]

    @hookimpl(wrapper=True)
    @touches(TRANSFER)
    def talentkit_funding(self) -> Iterator[None]:
        result: FundingResult | None = yield
        if result is None:
            return None
        return attrs.evolve(
            result, total=result.total * 2, notes=(*result.notes, Text("改革：翻倍", "reform: x2"))
        )


def test_a_wrapper_models_a_reform_of_another_plugins_programme() -> None:
    before = Engine.create(entry_points=False)
    after = Engine.create([("reform", Reform())], entry_points=False)
    assert after.problems == []
    (a,) = before.assess(
        transfer_case(before, enterprise=False), [TRANSFER], as_of=AS_OF
    ).assessments
    (b,) = after.assess(transfer_case(after, enterprise=False), [TRANSFER], as_of=AS_OF).assessments
    assert a.verdict is Verdict.NOT_ELIGIBLE
    assert b.verdict is Verdict.ELIGIBLE
    changed = next(c for c in b.checks if c.rule_id == ENTERPRISE)
    assert changed.plugin == "reform"
    assert b.funding is not None
    # 3% of 1,000,000 yuan is 30,000; the reform doubles it
    assert b.funding.total == Money.yuan(60_000)
    assert [n.en for n in b.funding.notes] == ["reform: x2"]
    # the reform touches only the transfer subsidy: the team programme is as before
    team_before = before.assess(before.load("tests/fooland/example.toml"), ["fooland.team"])
    team_after = after.assess(after.load("tests/fooland/example.toml"), ["fooland.team"])
    assert team_before.assessments[0].funding == team_after.assessments[0].funding


class Replacement:
    """``tryfirst`` puts this answer before the built-in one (``firstresult``)."""

    @hookimpl(tryfirst=True)
    @touches(TRANSFER)
    def talentkit_funding(self, programme: Programme) -> FundingResult:
        return FundingResult(programme=programme.id, total=Money.yuan(1), plugin="replacement")


def test_tryfirst_answers_before_the_builtin() -> None:
    engine = Engine.create([("replacement", Replacement())], entry_points=False)
    (a,) = engine.assess(
        transfer_case(engine, enterprise=True), [TRANSFER], as_of=AS_OF
    ).assessments
    assert a.funding is not None
    assert (a.funding.total, a.funding.plugin) == (Money.yuan(1), "replacement")


def test_the_hook_tracing_is_pluggys(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TALENTKIT_TRACE_HOOKS", "1")
    engine = Engine.create([("reform", Reform())], entry_points=False)
    capsys.readouterr()
    engine.assess(transfer_case(engine, enterprise=False), [TRANSFER], as_of=AS_OF)
    err = capsys.readouterr().err
    assert "[talentkit hook] talentkit_funding(programme=<Programme fooland.transfer>" in err
    assert "[talentkit hook] talentkit_funding returned <FundingResult from talentkit" in err
    # the tracer is pluggy's own (its "hook" tag), not a print in the engine
    assert engine.plugins.pm.trace.root._tags2proc[("hook",)]


def test_touches_naming_no_programme_is_reported() -> None:
    class Typo:
        @hookimpl
        @touches("fooland.transfr")
        def talentkit_score(self) -> None:
            return None

    engine = Engine.create([("typo", Typo())], entry_points=False)
    (problem,) = [p for p in engine.problems if p.plugin == "typo"]
    assert problem.problem == (
        "talentkit_score touches 'fooland.transfr', which names no loaded programme; "
        "did you mean fooland.transfer?"
    )


def test_touches_needs_a_selector() -> None:
    with pytest.raises(ValueError, match="one or more programme ids"):
        touches()


# -- failures during an assessment are contained ------------------------------------------------


def planted(hook: str, answer: Any, touched: str = TRANSFER) -> object:
    """A plugin whose ``hook`` (about one programme) raises or answers ``answer``."""
    impl = hookimpl(touches(touched)(_named(hook, answer)))
    return type("Planted", (), {hook: staticmethod(impl)})()


PHASES = ["talentkit_eligibility", "talentkit_score", "talentkit_funding"]


@pytest.mark.parametrize("hook", PHASES)
def test_a_raising_hook_makes_only_its_programmes_an_error(hook: str) -> None:
    engine = Engine.create([("planted", planted(hook, RuntimeError("boom")))], entry_points=False)
    case = transfer_case(engine, enterprise=True)
    report = engine.assess(case, [TRANSFER, "fooland.team"], as_of=AS_OF)
    by_id = {a.programme: a for a in report.assessments}
    bad = by_id[TRANSFER]
    assert bad.verdict is Verdict.ERROR
    assert bad.error is not None
    assert (bad.error.plugin, bad.error.hook) == ("planted", hook)
    assert bad.error.message == "raised RuntimeError: boom"
    assert bad.funding is None
    # a programme the plugin does not touch is assessed as usual
    team = by_id["fooland.team"]
    assert (team.verdict, team.error) == (Verdict.UNDETERMINED, None)
    assert team.missing


WRONG = [
    ("talentkit_eligibility", "x", "returned 'x'; expected a list of Check (checks)"),
    ("talentkit_eligibility", [None], "returned None at index 0; expected Check (checks)"),
    ("talentkit_score", [1], "returned 1 at index 0; expected ScoreLine (score lines)"),
    ("talentkit_funding", 42, "returned 42; expected FundingResult or None"),
]


@pytest.mark.parametrize(("hook", "answer", "message"), WRONG)
def test_a_wrong_typed_answer_is_an_error(hook: str, answer: Any, message: str) -> None:
    engine = Engine.create([("planted", planted(hook, answer))], entry_points=False)
    (a,) = engine.assess(
        transfer_case(engine, enterprise=True), [TRANSFER], as_of=AS_OF
    ).assessments
    assert a.verdict is Verdict.ERROR
    assert a.error is not None
    assert (a.error.plugin, a.error.hook, a.error.message) == ("planted", hook, message)


def test_a_raising_wrapper_is_named_not_the_wrapped_plugin() -> None:
    class BadWrapper:
        @hookimpl(wrapper=True)
        @touches(TRANSFER)
        def talentkit_eligibility(self) -> Iterator[None]:
            yield
            raise KeyError("rule")

    engine = Engine.create([("badwrap", BadWrapper())], entry_points=False)
    (a,) = engine.assess(
        transfer_case(engine, enterprise=True), [TRANSFER], as_of=AS_OF
    ).assessments
    assert a.error is not None
    assert (a.error.plugin, a.error.message) == ("badwrap", "raised KeyError: 'rule'")


def award_and_event(engine: Engine) -> tuple[Award, Event]:
    return (
        engine.load({"programme": "fooland.team"}, Award),
        engine.load({"kind": "acceptance_failed", "date": "2026-05-10"}, Event),
    )


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (RuntimeError("boom"), "raised RuntimeError: boom"),
        (["x"], "returned 'x' at index 0; expected ExitOutcome (exit outcomes)"),
    ],
)
def test_a_failing_exit_hook_is_an_error_of_the_report(answer: Any, message: str) -> None:
    engine = Engine.create(
        [("planted", planted("talentkit_exit", answer, "fooland.team"))], entry_points=False
    )
    award, event = award_and_event(engine)
    report = engine.exit("fooland.team", award, event)
    assert report.error is not None
    assert (report.error.plugin, report.error.hook, report.error.message) == (
        "planted",
        "talentkit_exit",
        message,
    )
    assert report.outcomes == ()


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (RuntimeError("boom"), "raised RuntimeError: boom"),
        ("graded", "returned 'graded'; expected Grading or None"),
    ],
)
def test_a_failing_grading_hook_raises_hook_failed(answer: Any, message: str) -> None:
    engine = Engine.create(
        [("planted", planted("talentkit_grade_cohort", answer, "fooland.team"))],
        entry_points=False,
    )
    with pytest.raises(HookFailed) as info:
        engine.grade("fooland.team", [CohortEntry(subject="a", proposed="excellent")], as_of=AS_OF)
    assert (info.value.error.plugin, info.value.error.message) == ("planted", message)


# -- registration answers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "hook",
    [
        "talentkit_add_jurisdictions",
        "talentkit_add_documents",
        "talentkit_add_programmes",
        "talentkit_add_facts",
        "talentkit_add_parameters",
        "talentkit_add_rules",
    ],
)
def test_garbage_from_a_registration_hook_is_a_problem(hook: str) -> None:
    plugin = type("Garbage", (), {hook: staticmethod(hookimpl(_named(hook, ["x", None])))})()
    engine = Engine.create([("garbage", plugin)], entry_points=False)
    problems = [p.problem for p in engine.problems if p.plugin == "garbage"]
    assert problems, engine.problems
    assert problems[0].startswith(f"{hook} returned 'x' at index 0; expected ")
    assert "fooland.team" in engine.registry.programmes


def test_a_registration_hook_returning_a_string_is_a_problem() -> None:
    impl = hookimpl(_named("talentkit_add_programmes", "abc"))
    plugin = type("Str", (), {"talentkit_add_programmes": staticmethod(impl)})()
    engine = Engine.create([("str", plugin)], entry_points=False)
    (problem,) = [p for p in engine.problems if p.plugin == "str"]
    assert problem.problem == (
        "talentkit_add_programmes returned 'abc'; expected a list of Programme (programmes)"
    )


def _named(hook: str, answer: Any) -> Any:
    def give(*args: Any, **kwargs: Any) -> Any:
        if isinstance(answer, Exception):
            raise answer
        return answer

    give.__name__ = hook
    return give


# -- the command line -------------------------------------------------------------------------

DATA = Path(__file__).parent / "data"


def cli(monkeypatch: pytest.MonkeyPatch, plugin: str, *args: str) -> Result:
    monkeypatch.syspath_prepend(str(DATA))
    env = cli_env(TALENTKIT_PLUGINS=f"talentkit_fooland.plugin,{plugin}")
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_check_exits_3_and_still_reports_the_other_programmes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    case = tmp_path / "case.toml"
    case.write_text(
        '[[organisations]]\nrole = "applicant"\nis_enterprise = true\n', encoding="utf-8"
    )
    result = cli(
        monkeypatch,
        "talentkit_demo_raising",
        "check",
        str(case),
        "-p",
        "fooland.transfer",
        "-p",
        "fooland.team",
        "--format",
        "json",
    )
    assert result.exit_code == HOOK_ERROR == 3
    verdicts = {a["programme"]: a for a in json.loads(result.stdout)["assessments"]}
    assert verdicts["fooland.transfer"]["verdict"] == "error"
    assert verdicts["fooland.transfer"]["error"] == {
        "plugin": "talentkit_demo_raising",
        "hook": "talentkit_eligibility",
        "message": "raised RuntimeError: cannot assess fooland.transfer",
    }
    assert verdicts["fooland.team"]["verdict"] == "undetermined"
    assert (
        "error: plugin talentkit_demo_raising: talentkit_eligibility: raised RuntimeError"
        in result.stderr
    )


def test_plugins_command_reports_garbage_registration(monkeypatch: pytest.MonkeyPatch) -> None:
    result = cli(monkeypatch, "talentkit_demo_garbage", "plugins", "--format", "json")
    assert result.exit_code == 0, result.output
    (problem,) = json.loads(result.stdout)["problems"]
    assert problem["plugin"] == "talentkit_demo_garbage"
    assert problem["problem"] == (
        "talentkit_add_programmes returned 'x' at index 0; expected Programme (programmes)"
    )


def test_a_raising_declared_predicate_names_the_plugin_that_declared_it() -> None:
    def broken(values: dict[str, Any]) -> bool:
        raise ZeroDivisionError("division by zero")

    class Declares:
        @hookimpl
        def talentkit_add_rules(self, programme: Programme) -> list[Any]:
            if programme.id != TRANSFER:
                return []
            return [
                Custom(
                    id="declares.ratio",
                    facts=["facts.fooland.contract_paid"],
                    predicate=broken,
                    cite=Citation(document="FOO-1", article="第10条"),
                    text=Text("比例", "ratio"),
                )
            ]

    engine = Engine.create([("declares", Declares())], entry_points=False)
    report = engine.assess(transfer_case(engine, enterprise=True), [TRANSFER, "fooland.team"])
    a, team = report.assessments
    assert a.error is not None
    assert a.error.plugin == "declares, talentkit_fooland.plugin"
    assert a.error.message == (
        "raised ZeroDivisionError: division by zero (in a declared rule of fooland.transfer, "
        "evaluated by talentkit.declared)"
    )
    assert team.error is None


def test_exit_command_exits_3_naming_the_plugin(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    case = tmp_path / "exit.toml"
    case.write_text(
        'programme = "fooland.team"\n[award]\nprogramme = "fooland.team"\n'
        '[event]\nkind = "acceptance_failed"\ndate = 2026-05-10\n',
        encoding="utf-8",
    )
    result = cli(monkeypatch, "talentkit_demo_raising", "exit", str(case), "--format", "json")
    assert result.exit_code == 3
    assert json.loads(result.stdout)["error"] == {
        "plugin": "talentkit_demo_raising",
        "hook": "talentkit_exit",
        "message": "raised RuntimeError: no exit rules for fooland.team today",
    }
