"""Rule texts show the parameter values in force, so a text never contradicts its detail."""

from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from talentkit import Compare, Context, Engine, P, Profile, Status, Text
from talentkit.dates import Period
from talentkit.money import Money
from talentkit.params import Parameter, ParameterStore
from talentkit.rules import Rule

AS_OF = dt.date(2026, 10, 20)
NUMERIC = ("int", "yuan", "fraction", "period")
# values no shipped text holds, so finding one in a text proves it was rendered
NEW = {"int": 97, "yuan": 12_340_000, "fraction": "3/7", "period": "P9Y"}
SHOWN = {
    "int": ("97",),
    "yuan": ("12,340,000", "1234"),
    "fraction": ("3/7", "300/7%"),
    "period": ("9年", "9 years"),
}

ENGINE = Engine.create()
ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ("yangquan", "shaanxi", "xinzhou", "talentkit_fooland.plugin")


def parameterised() -> list[tuple[str, str, str]]:
    """(programme, rule id, parameter key) for every numeric parameter a rule reads."""
    out: dict[tuple[str, str], str] = {}
    for pid, prog in ENGINE.registry.programmes.items():
        if ENGINE.registry.owners[pid] not in SHIPPED:
            continue
        for rule in prog.rules:
            for key in dict.fromkeys(rule.param_keys()):
                if ENGINE.params.declared(key).type in NUMERIC:
                    out.setdefault((rule.id, key), pid)
    return [(pid, rid, key) for (rid, key), pid in sorted(out.items())]


CASES = parameterised()


def rule_of(pid: str, rule_id: str) -> Rule:
    return next(r for r in ENGINE.programme(pid).rules if r.id == rule_id)


def text_under(rule: Rule, overrides: dict[str, Any]) -> Text:
    store = ENGINE.params.with_overrides(overrides)
    return rule.evaluate(Context(profile=Profile(), as_of=AS_OF, params=store)).text


def test_the_cases_cover_the_plugins_with_parameterised_rules() -> None:
    # Xinzhou's numbers are all amounts of funding lines; its rules hold none
    plugins = {ENGINE.registry.owners[pid] for pid, _, _ in CASES}
    assert plugins == {"yangquan", "shaanxi", "talentkit_fooland.plugin"}
    assert len(CASES) > 80


@pytest.mark.parametrize(("pid", "rule_id", "key"), CASES, ids=[f"{r}:{k}" for _, r, k in CASES])
def test_overriding_a_parameter_changes_the_rule_text(pid: str, rule_id: str, key: str) -> None:
    rule = rule_of(pid, rule_id)
    kind = ENGINE.params.declared(key).type
    text = text_under(rule, {key: NEW[kind]})
    for lang in ("zh", "en"):
        shown = text.get(lang)
        assert any(v in shown for v in SHOWN[kind]), f"{lang} text does not show {key}: {shown}"


def test_key_team_core_members_override_reaches_text_and_detail() -> None:
    rule = rule_of("yangquan.team.key", "yangquan.team.key.core_member_count")
    store = ENGINE.params.with_overrides({"yangquan.team.key.min_core_members": 9})
    check = rule.evaluate(
        Context(profile=ENGINE.load({"team": {"members": []}}), as_of=AS_OF, params=store)
    )
    assert check.text == Text(
        "核心成员不少于9人（不含带头人）", "at least 9 core members (leader not counted)"
    )
    assert check.detail is not None
    assert "required at least 9" in check.detail.en


# -- the template mechanism itself --------------------------------------------------------


def store_of(**values: tuple[str, Any]) -> ParameterStore:
    store = ParameterStore()
    store.add(Parameter(key=f"t.{k}", type=t, value=v) for k, (t, v) in values.items())  # type: ignore[arg-type]
    return store


def render(text: Text, rule_value: Any, store: ParameterStore) -> Text:
    rule = Compare(id="t.r", fact="facts.n", op=">=", value=rule_value, text=text)
    return rule.evaluate(Context(profile=Profile(), as_of=AS_OF, params=store)).text


def test_placeholders_render_each_type() -> None:
    store = store_of(
        n=("int", 12_000),
        y=("yuan", Money.yuan(7_000_000)),
        c=("yuan", Money.parse("12345.67")),
        f=("fraction", Fraction(3, 10)),
        p=("period", Period(years=2)),
    )
    assert render(Text("{n}人", "{n} people"), P("t.n"), store) == Text("12,000人", "12,000 people")
    assert render(Text("{y:wan}万元", "{y} yuan"), P("t.y"), store) == Text(
        "700万元", "7,000,000 yuan"
    )
    assert render(Text("{c:wan}万元", "{c} yuan"), P("t.c"), store) == Text(
        "1.234567万元", "12,345.67 yuan"
    )
    assert render(Text("{f:%}", "{f}"), P("t.f"), store) == Text("30%", "3/10")
    assert render(Text("{t.p}内", "within {t.p}"), P("t.p"), store) == Text(
        "2年内", "within 2 years"
    )


def test_an_unset_parameter_is_named_in_the_text() -> None:
    store = ParameterStore()
    store.add([Parameter(key="t.d", type="date")])
    assert render(Text("{d} 起", "from {d}"), P("t.d"), store) == Text("〈t.d〉 起", "from <t.d>")


def test_a_text_without_placeholders_is_unchanged() -> None:
    text = Text("不少于5人", "at least 5")
    assert render(text, 5, ParameterStore()) is text


def test_placeholder_errors() -> None:
    from talentkit.rules.base import placeholder_key

    rule = Compare(fact="x", value=P("a.b.size"))
    assert placeholder_key(rule, "size") == "a.b.size"
    assert placeholder_key(rule, "b.size") == "a.b.size"
    with pytest.raises(KeyError, match=r"\{sise\} names no parameter .*did you mean \{size\}"):
        placeholder_key(rule, "sise")


def test_english_counts_take_the_singular_or_the_plural_by_the_number() -> None:
    text = Text("{n}个月内", "within {n:# month|# months}")
    for value, en in ((1, "within 1 month"), (6, "within 6 months"), (0, "within 0 months")):
        store = store_of(n=("int", value))
        assert render(text, P("t.n"), store) == Text(f"{value}个月内", en)
    store = store_of(n=("int", 12_000))
    assert render(text, P("t.n"), store).en == "within 12,000 months"


def test_a_plural_form_may_leave_the_number_out_or_place_it_anywhere() -> None:
    text = Text("前{n}个年度", "in the {n:year|# years} before")
    assert render(text, P("t.n"), store_of(n=("int", 1))).en == "in the year before"
    assert render(text, P("t.n"), store_of(n=("int", 2))).en == "in the 2 years before"
    meets = Text("每年{n}次", "meets {n:once|# times} a year")
    assert render(meets, P("t.n"), store_of(n=("int", 1))).en == "meets once a year"
    assert render(meets, P("t.n"), store_of(n=("int", 3))).en == "meets 3 times a year"
    ratio = Text("{f}", "{f:# part|# parts}")
    assert render(ratio, P("t.f"), store_of(f=("fraction", Fraction(1)))).en == "1 part"
    assert render(ratio, P("t.f"), store_of(f=("fraction", Fraction(1, 2)))).en == "1/2 parts"


def test_an_unset_count_is_named_in_the_plural() -> None:
    store = ParameterStore()
    store.add([Parameter(key="t.n", type="int")])
    text = Text("{n}个月内", "within {n:# month|# months}")
    assert render(text, P("t.n"), store) == Text("〈t.n〉个月内", "within <t.n> months")


def test_plural_formats_are_checked_when_the_plugins_load() -> None:
    from talentkit.declarations import text_problems

    rule = Compare(id="t.r", fact="facts.n", op=">=", value=P("t.n"))
    store = store_of(n=("int", 1))
    assert text_problems(Text("{n}个", "{n:# unit|# units}"), rule, store) == []
    assert text_problems(Text("{n}个", "{n:# a|# b|# c}"), rule, store) == [
        "rule t.r text: {n:# a|# b|# c} has more than two forms; write {n:one|other}"
    ]
    assert text_problems(Text("{n}个", "{n:|# units}"), rule, store) == [
        "rule t.r text: {n:|# units} leaves a form empty; write {n:# month|# months}"
    ]
    assert text_problems(Text("{n:# 个|# 个}", "{n}"), rule, store) == [
        "rule t.r text: {n:# 个|# 个}: an English plural in the Chinese text"
    ]
    assert text_problems(Text("{n}", "{n:pct}"), rule, store) == [
        "rule t.r text: unknown format 'pct' for {n}; "
        "use {name}, {name:%}, {name:wan} or {name:# month|# months}"
    ]


COUNTED = re.compile(
    r"\{[\w.]+\}[^\"{]*\w\(s\)"  # {n} month(s)
    r"|\{[\w.]+\} (?:[a-z-]+ )?(?:years|months|days|terms|members|units|applications)\b"
)


def test_no_shipped_english_text_writes_a_count_in_a_fixed_form() -> None:
    """``{n} month(s)`` reads badly, ``{n} months`` wrongly for 1: a count takes its form
    from the number (``{n:# month|# months}``)."""
    sources = [*ROOT.glob("plugins/*/src/**/*.py"), *ROOT.glob("tests/fooland/**/*.py")]
    assert sources
    for path in sources:
        text = path.read_text(encoding="utf-8")
        found = COUNTED.findall(text) if "plugins" in path.parts else re.findall(r"\(s\)", text)
        assert not found, f"{path}: {found}"
    assert COUNTED.search('"within {n} month(s)"')
    assert COUNTED.search('"for {bar_years} years"')
    assert COUNTED.search('"lasts {notice_days} working days"')
    assert not COUNTED.search('"for {bar_years:# year|# years}"')


def test_a_count_of_one_reads_in_the_singular_in_the_shipped_texts() -> None:
    rule = rule_of("yangquan.team.key", "yangquan.team.key.core_member_count")
    text = text_under(rule, {"yangquan.team.key.min_core_members": 1})
    assert text.en == "at least 1 core member (leader not counted)"


def test_the_leader_change_exit_reads_one_month_or_six_months() -> None:
    from talentkit.fundingtext import text_in_force

    exit_rule = next(
        e
        for e in ENGINE.programme("yangquan.team.key").exits
        if e.id.endswith("process.leader_change_report")
    )
    key = "yangquan.team.leader_change_report_months"
    for months, en in ((1, "within 1 month"), (6, "within 6 months")):
        store = ENGINE.params.with_overrides({key: months})
        text = text_in_force(exit_rule, store, AS_OF).text
        assert text.en.endswith(en), text.en
        assert text.zh.endswith(f"依托单位{months}个月内书面报告"), text.zh


PLACEHOLDER = re.compile(r"\{[A-Za-z_][\w.]*(?::[^{}\n]*)?\}")


def test_no_placeholder_survives_in_the_generated_catalogs_and_text_pages(
    tmp_path: Path,
) -> None:
    from talentkit.docsgen import write_docs

    engine = Engine.create(block=["talentkit_fooland.plugin"])
    pages = [p for p in write_docs(engine, tmp_path) if p.name.startswith(("catalog-", "text-"))]
    assert {p.name.split("-")[0] for p in pages} == {"catalog", "text"}
    for page in pages:
        left = PLACEHOLDER.findall(page.read_text(encoding="utf-8"))
        assert not left, f"{page.name} shows {left}"


@pytest.mark.parametrize("pid", sorted(ENGINE.registry.programmes))
def test_no_placeholder_survives_in_talentkit_rules(pid: str) -> None:
    from click.testing import CliRunner

    from talentkit.cli import main

    for fmt, lang in (("table", "zh"), ("table", "en"), ("json", "zh")):
        args = ["rules", pid, "--format", fmt, "--lang", lang]
        result = CliRunner().invoke(main, args, terminal_width=400)
        assert result.exit_code == 0, result.output
        assert not PLACEHOLDER.findall(result.output), (args, result.output)


def test_talentkit_rules_shows_the_overridden_value(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from talentkit.cli import main

    overrides = tmp_path / "params.toml"
    overrides.write_text('[params]\n"yangquan.tic.min_fixed_staff" = 97\n', encoding="utf-8")
    args = ["rules", "yangquan.tic", "--format", "json", "--params", str(overrides)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "固定人员不少于97人" in result.output


# how each age method reads in words; a text holding one would state a test the
# parameter may have switched away from
AGE_METHOD_WORDS = ("已满周岁", "出生年月", "completed years", "birth-month", "calendar year")


def test_texts_of_rules_with_an_age_method_parameter_name_no_method() -> None:
    checked = 0
    for prog in ENGINE.registry.programmes.values():
        for rule in prog.rules:
            if not rule.text or not any(k.endswith("age_method") for k in rule.param_keys()):
                continue
            checked += 1
            for words in (rule.text.zh, rule.text.en):
                assert not [w for w in AGE_METHOD_WORDS if w in words], (rule.id, words)
    assert checked > 5


def test_an_attested_question_shows_the_limit_in_force() -> None:
    from talentkit import Attested, P, Text

    # a question worded with a plugin's parameter, as a plugin author writes one
    question = Attested(
        key="shaanxi.qianren.entre.total_time_in_province",
        params=(P("shaanxi.qianren.entre.in_province_max"),),
        question=Text(
            "历次在省内的时间合计不超过{in_province_max}",
            "all stays in Shaanxi together are at most {in_province_max}",
        ),
    )
    for value, zh, en in (
        (None, "不超过6年", "at most 6 years"),
        ("P9Y", "不超过9年", "at most 9 years"),
    ):
        overrides = {} if value is None else {"shaanxi.qianren.entre.in_province_max": value}
        store = ENGINE.params.with_overrides(overrides)
        check = question.evaluate(Context(profile=Profile(), as_of=AS_OF, params=store))
        assert check.status is Status.REVIEW
        assert zh in check.review[0].zh, check.review
        assert en in check.review[0].en, check.review
        assert "{" not in check.review[0].zh + check.review[0].en
