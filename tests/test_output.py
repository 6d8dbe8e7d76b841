"""Output for people: a summary line per programme first, identifiers never cut, Chinese
throughout under --lang zh, and the rules listing showing money, scoring and exits."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from talentkit.cli import main

FOOLAND = Path(__file__).parent / "fooland"
EXAMPLE = FOOLAND / "example.toml"
ENV = {
    "TALENTKIT_DISABLE_PLUGIN_AUTOLOAD": "1",
    "TALENTKIT_PLUGINS": "talentkit_fooland.plugin",
    "TALENTKIT_BLOCK_PLUGINS": "",
}


def run(*args: str, columns: int = 120) -> Result:
    env = {**ENV, "COLUMNS": str(columns)}
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_one_summary_line_per_programme_comes_first() -> None:
    out = run("check", str(EXAMPLE), "-p", "fooland", "--as-of", "2026-10-20").output
    lines = out.splitlines()
    assert lines[0].startswith("fooland.team  待评审  1,000,000 元 (金额未完全确定)")
    assert lines[1].startswith("fooland.transfer  尚无法判定")
    assert lines[2].startswith("fooland.pilot  办法未生效或未启用")
    assert lines[3].startswith("╭")


def test_declared_facts_show_their_chinese_labels(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace('"fooland.notice_end" = 2026-10-12\n', "")
    case = tmp_path / "case.toml"
    case.write_text(text, encoding="utf-8")
    out = run("check", str(case), "-p", "fooland.team", "--as-of", "2026-10-20").output
    assert "公示结束" in out
    assert "facts.fooland.notice_end" not in out
    en = run("check", str(case), "-p", "fooland.team", "--as-of", "2026-10-20", "--lang", "en")
    assert "facts.fooland.notice_end" in en.output


def exit_case(tmp_path: Path) -> Path:
    case = tmp_path / "exit.toml"
    case.write_text(
        'programme = "fooland.team"\n[award]\nprogramme = "fooland.team"\n'
        'paid = [{item = "fooland.team.grant", amount = 500000}]\n'
        '[event]\nkind = "acceptance_failed"\ndate = 2024-02-20\ndecided_on = 2024-02-29\n',
        encoding="utf-8",
    )
    return case


def test_exit_panels_in_chinese_titled_with_the_plugin(tmp_path: Path) -> None:
    out = run("exit", str(exit_case(tmp_path))).output
    assert "talentkit.declared" not in out
    assert "talentkit_fooland" in out or "fooland" in out.splitlines()[0]
    body = re.sub(r"[a-z_]+\.[a-z_.]+|FOO-\d|\d", "", out)  # ids and citations aside
    for word in ("status", "decided by", "recover", "ban on", "yuan", "new status"):
        assert word not in body, word
    assert "追回" in out
    assert "限制 带头人" in out


def test_grading_in_chinese(tmp_path: Path) -> None:
    rows = "".join(
        f'[[subject]]\nsubject = "s{i}"\nproposed = "excellent"\nscore = {90 - i}\n'
        for i in range(6)
    )
    cohort = tmp_path / "c.toml"
    cohort.write_text(rows, encoding="utf-8")
    out = run("grade", "fooland.team", str(cohort), "--as-of", "2026-10-20").output
    assert "名额上限 excellent 1" in out
    assert "limits {" not in out
    assert "assessed" not in out


@pytest.mark.parametrize("columns", [40, 80])
def test_identifiers_are_never_cut(columns: int) -> None:
    params = run("params", "fooland", columns=columns).output
    assert "fooland.team.female_extra_years" in params
    assert "…" not in params
    rules = run("rules", "fooland.team", columns=columns).output
    assert "fooland.team.exit.failed_acceptance" in rules
    assert "…" not in rules


def test_params_print_values_as_the_texts_write_them() -> None:
    out = run("params", "fooland").output
    assert "3年" in out
    assert "Period(" not in out
    assert "1/5 (20%)" in out


def test_rules_show_funding_scoring_exits_and_keep_markers_in_english() -> None:
    out = run("rules", "fooland.team", "--lang", "en", columns=200).output
    assert "[attested]" in out
    assert "[expert panel]" in out
    for words in ("funding Fixed", "scoring priority", "exit acceptance_failed"):
        assert words in out, words
    zh = run("rules", "fooland.team", columns=200).output
    assert "支付条件" in zh or "资金 Fixed" in zh
