"""``talentkit lint``: passes on the shipped plugins, names each planted defect."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from talentkit import AgeAtMost, Compare, Document, Engine, FactSpec, OneOf
from talentkit.cli import main
from talentkit.lint import UnknownPlugin, lint
from talentkit.manager import PluginProblem
from tests.cli_env import cli_env

DATA = Path(__file__).parent / "data"
# the installed plugins too (autoload as the session has it), two demo ones blocked
ENV = cli_env(TALENTKIT_DISABLE_PLUGIN_AUTOLOAD=None, TALENTKIT_BLOCK_PLUGINS="broken_demo,demo_ok")


@pytest.fixture(autouse=True)
def demo_on_path(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.syspath_prepend(str(DATA))
    yield
    for name in [m for m in sys.modules if m.startswith("talentkit_lint_demo")]:
        sys.modules.pop(name, None)


def run(*args: str, plugins: str = "talentkit_fooland.plugin") -> Result:
    env = {**ENV, "TALENTKIT_PLUGINS": plugins}
    return CliRunner().invoke(main, ["lint", *args], env=env, catch_exceptions=False)


def problems(plugin_class: str) -> list[PluginProblem]:
    from talentkit_lint_demo import plugins

    engine = Engine.create([("demo", getattr(plugins, plugin_class)())], entry_points=False)
    return lint(engine, ["demo"])


def test_the_shipped_plugins_and_fooland_pass() -> None:
    result = run()
    assert result.exit_code == 0, result.output
    assert "no problems in all plugins" in result.output
    for name in ("yangquan", "shaanxi", "xinzhou", "talentkit_fooland.plugin"):
        assert run(name).exit_code == 0


def test_the_clean_demo_passes() -> None:
    assert problems("Clean") == []


def test_misspelled_fact_path_names_plugin_programme_rule_and_the_nearest_path() -> None:
    result = run("talentkit_lint_demo.typo", plugins="talentkit_lint_demo.typo")
    assert result.exit_code == 1
    assert (
        "talentkit_lint_demo.typo [lint.path lint.path.age]: programme lint.path not loaded: "
        "lint.path.age reads 'team.leader.brith_date': team.leader has no field 'brith_date'; "
        "did you mean team.leader.birth_date?"
    ) in result.output
    assert "1 problem(s) in talentkit_lint_demo.typo" in result.output


def test_misspelled_enumeration_word_fails_at_construction_with_the_allowed_words() -> None:
    with pytest.raises(ValueError, match=r"OneOf.mode: 'al' is not allowed \(did you mean 'all'"):
        OneOf(fact="x", mode="al")  # type: ignore[arg-type]
    result = run(plugins="talentkit_lint_demo.bad_enum")
    assert result.exit_code == 1
    assert "cannot import: ValueError: OneOf.mode: 'al' is not allowed" in result.output
    assert "expected one of 'any', 'all', 'prefix'" in result.output


def test_unused_fact() -> None:
    (problem,) = problems("UnusedFact")
    assert problem.problem == (
        "fact 'lint.colour' is declared but no rule, funding line or exit rule reads it"
    )
    assert "Informational" in problem.advice


def test_rule_id_added_twice() -> None:
    (problem,) = problems("DuplicateRule")
    assert (problem.programme, problem.rule) == ("lint.clean", "lint.clean.size")
    assert "rule id 'lint.clean.size' is declared 2 times" in problem.problem


def test_text_placeholder_naming_no_parameter() -> None:
    (problem,) = problems("BadPlaceholder")
    assert problem.rule == "lint.text.typo"
    assert "{min_sise} names no parameter the rule reads (lint.min_size)" in problem.problem
    assert "did you mean {min_size}?" in problem.problem


def test_funding_text_placeholder_naming_no_parameter() -> None:
    (problem,) = problems("BadFundingPlaceholder")
    assert (problem.programme, problem.rule) == ("lint.money", "lint.money.grant")
    assert "{grnat} names no parameter (lint.grant); did you mean {grant}?" in problem.problem


def test_summary_placeholder_naming_no_parameter() -> None:
    (problem,) = problems("BadSummaryPlaceholder")
    assert (problem.programme, problem.rule) == ("lint.money", "summary")
    assert "summary: {min_sise} names no parameter" in problem.problem
    assert "did you mean {min_size}?" in problem.problem


def test_unknown_plugin_name_is_a_usage_error() -> None:
    result = run("foolnad")
    assert result.exit_code == 2
    assert "no plugin 'foolnad' is loaded" in result.output
    with pytest.raises(UnknownPlugin):
        lint(Engine.create(entry_points=False), ["nobody"])


def test_json_output_lists_the_problems() -> None:
    import json

    result = run("--format", "json", plugins="talentkit_lint_demo.typo")
    assert result.exit_code == 1
    (row,) = json.loads(result.stdout)["problems"]
    assert row["rule"] == "lint.path.age"
    assert row["programme"] == "lint.path"


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Compare(fact="x", op="=>"), "Compare.op: '=>'"),
        (
            lambda: FactSpec(name="x", type="int", scope="persn"),
            "FactSpec.scope: 'persn' is not allowed (did you mean 'person'?)",
        ),
        (
            lambda: FactSpec(name="x", type="integer"),
            "FactSpec.type: 'integer' is not allowed",
        ),
        (
            lambda: Document(id="D", title="t", jurisdiction="j", status="drafts"),
            "Document.status: 'drafts' is not allowed (did you mean 'draft'?)",
        ),
        (
            lambda: AgeAtMost(years=40, method="completed_year"),
            "AgeAtMost.method: 'completed_year' is not allowed (did you mean 'completed_years'?)",
        ),
    ],
)
def test_enumeration_words_are_checked_at_construction(build: Any, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        build()


def test_programme_subject_and_payee_kinds() -> None:
    from talentkit import Citation, Fixed, Programme, Text

    with pytest.raises(ValueError, match=r"Programme.subject: 'teams' is not allowed"):
        Programme(id="p", jurisdiction="j", document="D", name=Text("", ""), subject="teams")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"Fixed.payee: 'emploeyr' is not allowed.*'employer'"):
        Fixed(
            id="f",
            cite=Citation(document="D", article="1"),
            text=Text("", ""),
            payee="emploeyr",  # type: ignore[arg-type]
            amount=1,
        )


def test_a_fact_read_by_a_hook_must_name_a_hook() -> None:
    from talentkit import hookimpl

    class ReadInCode:
        @hookimpl
        def talentkit_add_facts(self) -> list[FactSpec]:
            return [
                FactSpec(name="code.ok", type="int", read_by_hook="talentkit_funding"),
                FactSpec(name="code.typo", type="int", read_by_hook="talentkit_fundng"),
                # names the hook specification module holds that are no hooks
                FactSpec(name="code.class", type="int", read_by_hook="Programme"),
                FactSpec(name="code.dunder", type="int", read_by_hook="__doc__"),
            ]

    engine = Engine.create([("code", ReadInCode())], entry_points=False)
    problems = sorted(p.problem for p in lint(engine, ["code"]))
    assert problems == [
        f"fact 'code.{fact}' says it is read by {hook!r}, which is no hook"
        for fact, hook in (
            ("class", "Programme"),
            ("dunder", "__doc__"),
            ("typo", "talentkit_fundng"),
        )
    ]


def test_every_value_of_a_closed_set_has_a_label_and_every_label_a_value() -> None:
    from talentkit import Citation, ExitRule, GradingScheme, Programme, Text, hookimpl

    class Labels:
        @hookimpl
        def talentkit_add_facts(self) -> list[FactSpec]:
            return [
                FactSpec(
                    name="labels.ok",
                    type="str",
                    values=("a", "b"),
                    labels={"a": Text("甲", "A"), "b": Text("乙", "B")},
                    read_by_hook="talentkit_funding",
                ),
                FactSpec(
                    name="labels.unlabelled",
                    type="list",
                    values=("a", "b"),
                    labels={"a": Text("甲", "A"), "c": Text("丙", "C")},
                    read_by_hook="talentkit_funding",
                ),
                FactSpec(
                    name="labels.half",
                    type="str",
                    values=("a",),
                    labels={"a": Text("甲", "")},
                    read_by_hook="talentkit_funding",
                ),
            ]

        @hookimpl
        def talentkit_add_programmes(self) -> list[Programme]:
            return [
                Programme(
                    id="labels.p",
                    jurisdiction="fooland",
                    document="FOO-1",
                    subject="person",
                    name=Text("标签", "labels"),
                    grading=GradingScheme(
                        cite=Citation(document="FOO-1", article="第1条"),
                        grades=("good", "bad"),
                        quotas={},
                        names={"good": Text("好", "good")},
                    ),
                    exits=[
                        ExitRule(
                            id=f"labels.exit.{status}",
                            cite=Citation(document="FOO-1", article="第2条"),
                            text=Text("退出", "exit"),
                            trigger="failed",
                            decided_by=Text("局", "bureau"),
                            new_status=status,
                        )
                        for status in ("ended", "revoked")
                    ],
                ).with_statuses({"ended": Text("终止", "ended"), "spare": Text("备", "spare")})
            ]

    engine = Engine.create([("labels", Labels())], entry_points=False)
    found = sorted(p.problem for p in lint(engine, ["labels"]))
    assert found == [
        "award statuses set by the exit rules of labels.p: value(s) without a label: revoked",
        "fact 'labels.half': label(s) without both Chinese and English: a",
        "fact 'labels.unlabelled': label(s) for no value: c",
        "fact 'labels.unlabelled': value(s) without a label: b",
        "grading scheme of labels.p: value(s) without a label: bad",
    ]


def test_the_subjects_value_sets_are_all_labelled() -> None:
    from talentkit.choices import allowed
    from talentkit.subjects import FIELD_VALUES
    from talentkit.valuelabels import label_problems

    assert {
        name: label_problems(allowed(kind), labels) for name, (kind, labels) in FIELD_VALUES.items()
    } == {name: [] for name in FIELD_VALUES}
