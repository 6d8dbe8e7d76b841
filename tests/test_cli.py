"""The ``talentkit`` command, run in-process with click's test runner."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result

from talentkit import hookspecs
from talentkit.cli import main
from talentkit.convert import read_document
from tests.cli_env import cli_env

FOOLAND = Path(__file__).parent / "fooland"
EXAMPLE = FOOLAND / "example.toml"
ENV = cli_env()


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), env=ENV, catch_exceptions=False)


def as_json(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def write_profile(tmp_path: Path, patch: dict[str, Any]) -> Path:
    data = copy.deepcopy(read_document(EXAMPLE))
    for dotted, value in patch.items():
        target = data
        *head, last = dotted.split("/")
        for step in head:
            target = target[int(step)] if isinstance(target, list) else target[step]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(data, default=str), encoding="utf-8")
    return path


def test_every_command_is_found_under_its_name() -> None:
    from talentkit.cli import COMMANDS

    with click.Context(main, info_name="talentkit") as ctx:
        assert main.list_commands(ctx) == sorted(COMMANDS)
        for name in COMMANDS:
            command = main.get_command(ctx, name)
            assert command is not None, name
            assert command.name == name


def test_a_misspelt_command_is_answered_with_the_nearest_ones() -> None:
    result = run("chek")
    assert result.exit_code == 2
    assert "No such command 'chek'" in result.output
    assert "check" in result.output.split("No such command")[1]


def test_help_lists_the_commands() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for name in (
        "plugins",
        "programmes",
        "rules",
        "check",
        "exit",
        "grade",
        "schema",
        "docs",
        "params",
    ):
        assert name in result.output


def test_plugins_json() -> None:
    data = as_json(run("plugins", "--format", "json"))
    by_name = {p["name"]: p for p in data["plugins"]}
    assert by_name["talentkit.declared"]["builtin"] is True
    fooland = by_name["talentkit_fooland.plugin"]
    assert fooland["programmes"] == ["fooland.pilot", "fooland.team", "fooland.transfer"]
    assert "talentkit_add_programmes" in fooland["hooks"]
    assert data["problems"] == []


def test_plugins_table() -> None:
    result = run("plugins")
    assert result.exit_code == 0
    assert "talentkit_fooland.plugin" in result.output
    assert "(built-in)" in result.output


def test_programmes_hide_disabled_drafts_unless_all() -> None:
    ids = [p["id"] for p in as_json(run("programmes", "--format", "json"))]
    assert ids == ["fooland.team", "fooland.transfer"]
    rows = {p["id"]: p for p in as_json(run("programmes", "--all", "--format", "json"))}
    assert rows["fooland.pilot"]["enabled"] is False
    assert rows["fooland.pilot"]["status"] == "draft"
    assert rows["fooland.team"]["rules"] == 10
    result = run("programmes", "--all", "--lang", "en")
    assert "fooland.pilot" in result.output
    assert "FOO-2 (draft)" in result.output
    zh = run("programmes", "--all").output
    assert "FOO-2 (草案)" in zh
    assert "(未启用)" in zh


def test_programmes_table_marks_disabled_programmes() -> None:
    assert "disabled" in run("programmes", "--all", "--lang", "en").output


def test_rules_with_citations() -> None:
    (prog,) = as_json(run("rules", "fooland.team", "--format", "json"))
    rules = {r["id"]: r for r in prog["rules"]}
    assert rules["fooland.team.leader_age"]["kind"] == "AgeAtMost"
    assert rules["fooland.team.leader_age"]["soft"] is True
    assert rules["fooland.team.leader_age"]["citation"]["article"] == "第3条（1）"
    assert "fooland.team.young_share" in rules["fooland.team.young_share"]["params"]
    result = run("rules", "fooland.team", "--lang", "zh")
    assert result.exit_code == 0
    assert "第3条（1）" in result.output


def test_rules_of_an_unknown_programme_is_a_usage_error() -> None:
    result = run("rules", "fooland.teem", "--lang", "en")
    assert result.exit_code == 2
    assert "no programme 'fooland.teem'" in result.output
    assert "fooland.team" in result.output
    result = run("rules", "fooland.teem")  # --lang zh, the default
    assert result.exit_code == 2
    assert "没有项目 'fooland.teem'；是否应为 fooland.team" in result.output


def test_check_json_verdict() -> None:
    data = as_json(
        run(
            "check",
            str(EXAMPLE),
            "--programme",
            "fooland.team",
            "--as-of",
            "2026-10-20",
            "--format",
            "json",
        )
    )
    (a,) = data["assessments"]
    assert a["verdict"] == "needs_review"
    assert a["as_of"] == "2026-10-20"
    assert a["funding"]["total"] == {"fen": 100_000_000, "yuan": "1000000"}


def test_check_table_in_both_languages() -> None:
    zh = run("check", str(EXAMPLE), "-p", "fooland.team", "--as-of", "2026-10-20")
    assert zh.exit_code == 0, zh.output
    assert "待评审" in zh.output
    en = run("check", str(EXAMPLE), "-p", "fooland.team", "--as-of", "2026-10-20", "--lang", "en")
    assert en.exit_code == 0, en.output
    assert "needs review" in en.output


def test_check_table_shows_the_waiver_decision(tmp_path: Path) -> None:
    waiver = {"decision": "pending", "by": "bureau", "on": "2026-04-02", "basis": "一般"}
    path = write_profile(
        tmp_path,
        {
            "team/leader/birth_date": "1980-03-01",
            "waivers": {"fooland.team.leader_age": waiver},
        },
    )
    result = run("check", str(path), "-p", "fooland.team", "--as-of", "2026-10-20")
    assert result.exit_code == 0, result.output
    assert "例外 待决定: bureau 2026-04-02" in result.output
    args = ("check", str(path), "-p", "fooland.team", "--as-of", "2026-10-20", "--lang", "en")
    assert "waiver pending: bureau 2026-04-02" in run(*args).output


def test_check_fail_on() -> None:
    args = [
        "check",
        str(EXAMPLE),
        "-p",
        "fooland.team",
        "--as-of",
        "2026-10-20",
        "--format",
        "json",
    ]
    assert run(*args, "--fail-on", "needs_review").exit_code == 1
    assert run(*args, "--fail-on", "not_eligible").exit_code == 0


def test_check_with_params_and_compare(tmp_path: Path) -> None:
    over = tmp_path / "over.toml"
    over.write_text('[params]\n"fooland.team.bonus" = 100000\n"fooland.team.grant" = 600000\n')
    data = as_json(
        run(
            "check",
            str(EXAMPLE),
            "-p",
            "fooland.team",
            "--as-of",
            "2026-10-20",
            "--params",
            str(over),
            "--format",
            "json",
        )
    )
    assert data["assessments"][0]["funding"]["total"]["yuan"] == "1300000"
    cmp = as_json(
        run(
            "check",
            str(EXAMPLE),
            "-p",
            "fooland.team",
            "--as-of",
            "2026-10-20",
            "--params",
            str(over),
            "--compare",
            "--format",
            "json",
        )
    )
    assert cmp["changes"] == [
        {
            "programme": "fooland.team",
            "field": "funding.total",
            "before": "1000000",
            "after": "1300000",
        }
    ]
    table = run(
        "check",
        str(EXAMPLE),
        "-p",
        "fooland.team",
        "--as-of",
        "2026-10-20",
        "--params",
        str(over),
        "--compare",
        "--lang",
        "en",
    )
    assert "what-if: fooland.team funding.total: 1000000 → 1300000" in table.output


def test_check_params_errors_are_usage_errors(tmp_path: Path) -> None:
    over = tmp_path / "over.toml"
    over.write_text('[params]\n"fooland.grant" = 1\n')
    args = ("check", str(EXAMPLE), "-p", "fooland.team")
    result = run(*args, "--params", str(over), "--lang", "en")
    assert result.exit_code == 2
    assert "unknown parameter 'fooland.grant'" in result.output
    over.write_text('[params]\n"fooland.team.grant" = "lots"\n')
    result = run(*args, "--params", str(over), "--lang", "en")
    assert result.exit_code == 2
    assert "expected an amount in yuan with at most two decimals" in result.output
    over.write_text('[params]\n"fooland.team.grant" = 500000.005\n')
    result = run(*args, "--params", str(over), "--lang", "en")
    assert result.exit_code == 2
    assert "(at most two decimals: fen) @ overrides: fooland.team.grant" in result.output
    result = run(*args, "--params", str(over))  # --lang zh, the default
    assert result.exit_code == 2
    assert "（至多两位小数，即到分） @ overrides: fooland.team.grant，实际为" in result.output
    result = run("check", str(EXAMPLE), "--compare")
    assert result.exit_code == 2
    assert "--compare needs --params" in result.output


def test_check_invalid_profile_names_the_path(tmp_path: Path) -> None:
    path = write_profile(tmp_path, {"team/members/3/birth_date": "1990-13-01"})
    result = run("check", str(path), "-p", "fooland.team", "--lang", "en")
    assert result.exit_code == 2
    assert "expected a date (YYYY-MM-DD) @ $.team.members[3].birth_date" in result.output
    assert str(path) in result.output
    result = run("check", str(path), "-p", "fooland.team", "--lang", "zh")
    assert result.exit_code == 2
    assert f"输入有误（{path}）" in result.output
    assert "应为日期（YYYY-MM-DD） @ $.team.members[3].birth_date" in result.output


def test_check_calendar_year_unknown(tmp_path: Path) -> None:
    from talentkit.workdays import known_years

    year = known_years().stop
    path = write_profile(
        tmp_path,
        {
            "facts/fooland.notice_start": f"{year}-09-30",
            "facts/fooland.notice_end": f"{year}-10-06",
        },
    )
    args = ["check", str(path), "-p", "fooland.team", "--as-of", "2026-10-20"]
    result = run(*args, "--lang", "en")
    assert result.exit_code == 2
    assert f"{year} is outside the official holiday calendar" in result.output
    result = run(*args, "--lang", "zh")
    assert result.exit_code == 2
    assert f"{year} 年不在本安装已知的官方节假日日历" in result.output
    data = as_json(
        run(
            "check",
            str(path),
            "-p",
            "fooland.team",
            "--as-of",
            "2026-10-20",
            "--assume-calendar",
            "--format",
            "json",
        )
    )
    notes = [n["en"] for n in data["assessments"][0]["notes"]]
    assert any("weekends-only counting assumed" in n for n in notes)


def test_exit_command(tmp_path: Path) -> None:
    case = tmp_path / "exit.toml"
    case.write_text("""programme = "fooland.team"
[award]
programme = "fooland.team"
paid = [{item = "fooland.team.grant", amount = 500000}]
[event]
kind = "acceptance_failed"
date = 2024-02-20
decided_on = 2024-02-29
""")
    data = as_json(run("exit", str(case), "--format", "json"))
    (o,) = data["outcomes"]
    assert o["new_status"] == "cancelled"
    assert o["recover"] == {"fen": 50_000_000, "yuan": "500000"}
    assert o["bans"][0]["until"] == "2026-02-28"
    assert run("exit", str(case), "--lang", "en").exit_code == 0
    # an event kind the programme's exit rules do not answer is an error, not "no rule"
    case.write_text('programme = "fooland.team"\n[event]\nkind = "relocation"\ndate = 2026-01-05\n')
    result = run("exit", str(case))
    assert result.exit_code == 2
    assert "has no exit rule for an event of kind 'relocation'" in result.output
    assert "@ $.event.kind" in result.output
    for typo in ("acceptence_failed", "Acceptance_Failed"):
        case.write_text(
            f'programme = "fooland.team"\n[event]\nkind = "{typo}"\ndate = 2026-01-05\n'
        )
        result = run("exit", str(case))
        assert result.exit_code == 2
        assert "did you mean acceptance_failed?" in result.output
    kinds = run("exit", "--kinds", "fooland.team", "--lang", "en")
    assert kinds.exit_code == 0
    assert kinds.output.splitlines() == [
        "acceptance_failed\tacceptance failed",
        "leader_change\tleader change",
    ]
    # the award must be under the programme the event is assessed under
    case.write_text(
        'programme = "fooland.team"\n[award]\nprogramme = "fooland.transfer"\n'
        '[event]\nkind = "leader_change"\ndate = 2026-01-05\n'
    )
    result = run("exit", str(case))
    assert result.exit_code == 2
    assert "@ $.award.programme" in result.output
    # money paid out is never negative and fits 64 bits
    for amount in ("-1", str(2**63)):
        case.write_text(
            'programme = "fooland.team"\n[award]\nprogramme = "fooland.team"\n'
            f'paid = [{{item = "fooland.team.grant", amount = {amount}}}]\n'
            '[event]\nkind = "acceptance_failed"\ndate = 2026-01-05\n'
        )
        result = run("exit", str(case))
        assert result.exit_code == 2, result.output
        assert "@ $.award.paid[0].amount" in result.output
    case.write_text('programme = "fooland.team"\n')
    result = run("exit", str(case))
    assert result.exit_code == 2
    assert "expected keys programme, award, event" in result.output


def test_grade_command(tmp_path: Path) -> None:
    rows = "\n".join(
        f'[[subject]]\nsubject = "s{i}"\nproposed = "excellent"\nscore = {100 - i}'
        for i in range(10)
    )
    cohort = tmp_path / "cohort.toml"
    cohort.write_text(rows + "\n")
    data = as_json(
        run("grade", "fooland.team", str(cohort), "--as-of", "2026-10-20", "--format", "json")
    )
    assert data["limits"] == {"excellent": 2}
    assert [e["grade"] for e in data["entries"]].count("excellent") == 2
    assert run("grade", "fooland.team", str(cohort), "--lang", "en").exit_code == 0
    result = run("grade", "fooland.transfer", str(cohort))
    assert result.exit_code == 2
    assert "no grading scheme" in result.output


def test_schema_lists_declared_facts() -> None:
    data = as_json(run("schema"))
    assert data["$schema"].startswith("https://json-schema.org/")
    facts = data["properties"]["facts"]["properties"]
    assert facts["fooland.field"]["enum"] == ["ai", "energy", "other"]
    assert data["properties"]["facts"]["additionalProperties"] is False
    person_facts = data["$defs"]["Person"]["properties"]["facts"]["properties"]
    assert "fooland.resident" in person_facts


def test_params_command() -> None:
    rows = as_json(run("params", "fooland.team", "--format", "json"))
    by_key = {r["key"]: r for r in rows}
    assert by_key["fooland.team.bonus"]["required"] is True
    assert by_key["fooland.team.bonus"]["value"] is None
    assert by_key["fooland.team.young_share"]["value"] == "1/3"
    assert by_key["fooland.team.grant"]["value"] == {"fen": 50_000_000, "yuan": "500000"}
    assert all(k.startswith("fooland.team") for k in by_key)
    assert "须由运营方设定" in run("params", "fooland.team").output
    assert "operator must set" in run("params", "fooland.team", "--lang", "en").output


def test_docs_command_writes_the_hook_reference(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    result = run("docs", str(out))
    assert result.exit_code == 0, result.output
    hooks = next(out.rglob("hooks.md")).read_text(encoding="utf-8")
    for name in dir(hookspecs):
        if name.startswith("talentkit_"):
            assert name in hooks


def test_check_selection_and_json_profiles(tmp_path: Path) -> None:
    path = write_profile(tmp_path, {})
    data = as_json(
        run(
            "check",
            str(path),
            "-p",
            "fooland.team",
            "-p",
            "fooland.transfer",
            "--as-of",
            "2026-10-20",
            "--format",
            "json",
        )
    )
    assert [a["programme"] for a in data["assessments"]] == ["fooland.team", "fooland.transfer"]
    result = run("check", str(path), "-p", "fooland.nope", "--lang", "en")
    assert result.exit_code == 2
    assert "no programme 'fooland.nope'" in result.output
    result = run("check", str(tmp_path / "absent.toml"))
    assert result.exit_code == 2


def test_plugin_problems_are_warnings_on_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.syspath_prepend(str(Path(__file__).parent / "data"))
    env = {**ENV, "TALENTKIT_DISABLE_PLUGIN_AUTOLOAD": ""}
    try:
        result = CliRunner().invoke(main, ["plugins", "--format", "json"], env=env)
    finally:
        for name in ("talentkit_broken_demo", "talentkit_broken_demo.plugin", "talentkit_demo_ok"):
            sys.modules.pop(name, None)
    assert result.exit_code == 0
    assert "warning: plugin broken_demo: cannot import" in result.stderr
    data = json.loads(result.stdout)
    assert any(p["plugin"] == "broken_demo" for p in data["problems"])
    assert "demo_ok" in {p["name"] for p in data["plugins"]}


def test_usage_errors_and_selectors() -> None:
    result = run("check", str(EXAMPLE), "--as-of", "20-10-2026")
    assert result.exit_code == 2
    assert "--as-of" in result.output
    result = run("check", str(EXAMPLE), "--format", "xml")
    assert result.exit_code == 2
    progs = as_json(run("rules", "fooland", "--format", "json"))
    assert [p["programme"] for p in progs] == ["fooland.team", "fooland.transfer", "fooland.pilot"]


def test_module_entry_point_and_version() -> None:
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        **ENV,
        "PYTHONPATH": os.pathsep.join([str(FOOLAND), os.environ.get("PYTHONPATH", "")]),
    }
    proc = subprocess.run(
        [sys.executable, "-m", "talentkit.cli", "--version"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "version" in proc.stdout
