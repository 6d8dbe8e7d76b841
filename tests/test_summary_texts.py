"""Programme summaries show the figures in force: an amount, rate, age or period a parameter
holds is a placeholder filled from the parameters (overrides included), never a number typed
into the summary."""

from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction
from typing import Any

import pytest
from click.testing import CliRunner

from talentkit import Engine, Money
from talentkit.cli import main
from talentkit.dates import Period
from talentkit.docsgen import programme_markdown
from talentkit.fundingtext import key_of, programme_keys, summary_in_force
from talentkit.rules.base import show
from talentkit.text import placeholders

AS_OF = dt.date(2026, 10, 20)
ENGINE = Engine.create()
SHIPPED = ("yangquan", "shaanxi", "xinzhou")
# values no shipped summary holds, so finding one in a summary proves it was rendered
NEW = {"yuan": Money.yuan(12_340_000), "fraction": "3/7", "period": "P9Y", "int": 97}
SHOWN = {
    "yuan": ("12,340,000", "1234"),
    "fraction": ("300/7%",),
    "period": ("9年", "9 years"),
    "int": ("97",),
}


def shipped() -> dict[str, Any]:
    return {
        pid: p
        for pid, p in ENGINE.registry.programmes.items()
        if ENGINE.registry.owners[pid] in SHIPPED
    }


def placeholder_cases() -> list[tuple[str, str]]:
    """(programme id, parameter key) for every placeholder of a shipped summary."""
    out = []
    for pid, p in sorted(shipped().items()):
        for name, _ in placeholders(p.summary):
            key = key_of(name, programme_keys(p), lambda k: k in ENGINE.params.by_key)
            if (pid, key) not in out:
                out.append((pid, key))
    return out


CASES = placeholder_cases()


def test_the_plugins_summaries_name_their_figures() -> None:
    assert {pid.split(".")[0] for pid, _ in CASES} == set(SHIPPED)
    assert len(CASES) >= 40


@pytest.mark.parametrize(("pid", "key"), CASES, ids=[f"{p}:{k}" for p, k in CASES])
def test_overriding_a_parameter_changes_the_summary(pid: str, key: str) -> None:
    prog = shipped()[pid]
    kind = ENGINE.params.declared(key).type
    before = summary_in_force(prog, ENGINE.params, AS_OF)
    after = summary_in_force(prog, ENGINE.params.with_overrides({key: NEW[kind]}), AS_OF)
    for lang in ("zh", "en"):
        assert after.get(lang) != before.get(lang), f"{lang} summary does not show {key}"
        got = after.get(lang)
        assert any(v in got for v in SHOWN[kind]), f"{lang} summary does not show {key}: {got}"


def _written(value: Any) -> list[str]:
    """How a summary would type a figure: 10万元, 100,000, 3%, 5年, 5 years, an age of 40.
    A small whole number (1, 2, 3) stands for too many other things to be searched for
    alone: it is searched for with a unit of time."""
    if isinstance(value, Money):
        wan = show(value, "wan", "zh")
        return [f"{wan}万", f"{wan} 万", f"{value:,}"]
    if isinstance(value, Fraction) and value != 1:
        return [show(value, "%", "zh")]
    if isinstance(value, Period):
        return [value.describe("zh"), value.describe("en")]
    if isinstance(value, int) and not isinstance(value, bool):  # an age, or a count of
        units = ("年", "个月", " year", "-year", " month")  # years or months
        return [str(value)] if value >= 10 else [f"{value}{unit}" for unit in units]
    return []


def test_no_summary_types_a_figure_its_programme_reads() -> None:
    for pid, p in shipped().items():
        keys = [*programme_keys(p), *(k for _, k in CASES_OF.get(pid, ()))]
        for key in keys:
            for figure in _written(ENGINE.params.get(key, AS_OF)):
                for lang in ("zh", "en"):
                    found = re.search(rf"(?<![\d.,]){re.escape(figure)}(?!\d)", p.summary.get(lang))
                    assert found is None, f"{pid} summary types {figure} ({key}): {p.summary}"


CASES_OF: dict[str, list[tuple[str, str]]] = {}
for _pid, _key in CASES:
    CASES_OF.setdefault(_pid, []).append((_pid, _key))


def test_the_summary_shows_the_override_wherever_it_is_shown(tmp_path: Any) -> None:
    transfer = ENGINE.programme("xinzhou.eco.tech_transfer")
    assert "3%" in programme_markdown(ENGINE, transfer)[4]  # the catalog: shipped values
    params = tmp_path / "p.toml"
    params.write_text(
        '[params]\n"xinzhou.eco.transfer.rate" = "5%"\n"xinzhou.eco.transfer.cap" = 400000\n'
    )
    args = ["rules", "xinzhou.eco.tech_transfer", "--params", str(params)]
    out = CliRunner().invoke(main, [*args, "--lang", "zh"], env={"COLUMNS": "200"}).output
    assert "按技术合同实际支付额的5%补助，单个成果最高40万元" in out
    out = CliRunner().invoke(main, [*args, "--format", "json"]).output
    assert "5% of the amount paid, at most 400,000 yuan per result" in out


@pytest.mark.parametrize("columns", ["200", "60"])  # in a panel, and stacked
def test_check_shows_each_programme_summary_under_its_title(tmp_path: Any, columns: str) -> None:
    case = tmp_path / "case.toml"
    case.write_text("[person]\nname = 'x'\n", encoding="utf-8")
    params = tmp_path / "p.toml"
    params.write_text('[params]\n"xinzhou.eco.transfer.cap" = 400000\n', encoding="utf-8")
    args = ["check", str(case), "-p", "xinzhou.eco.tech_transfer", "--as-of", "2026-10-20"]
    env = {"COLUMNS": columns}
    shown = {
        "zh": "按技术合同实际支付额的3%补助，单个成果最高50万元",
        "en": "3% of the amount paid, at most 500,000 yuan per result",
    }
    for lang, summary in shown.items():
        out = CliRunner().invoke(main, [*args, "--lang", lang], env=env).output
        title = ENGINE.programme("xinzhou.eco.tech_transfer").name.get(lang)
        lines = [line.strip("│ ") for line in out.splitlines()]
        at = next(i for i, line in enumerate(lines) if title in line)
        assert summary in lines[at + 1] or summary.startswith(lines[at + 1]), out
    overridden = [*args, "--params", str(params), "--lang", "zh"]
    out = CliRunner().invoke(main, overridden, env=env).output
    assert "单个成果最高40万元" in out
    assert "单个成果最高50万元" not in out


def test_check_json_carries_no_summary(tmp_path: Any) -> None:
    case = tmp_path / "case.toml"
    case.write_text("[person]\nname = 'x'\n", encoding="utf-8")
    args = ["check", str(case), "-p", "xinzhou.eco.tech_transfer", "--format", "json"]
    out = CliRunner().invoke(main, args).output
    assert '"summary"' not in out
    assert "单个成果最高" not in out
