"""Funding and exit texts show the figures in force: a figure a parameter holds is a
placeholder filled from the parameters (overrides included), never a number typed into the
text."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from talentkit import Award, Engine, Event, Money, Text
from talentkit.dates import Period
from talentkit.fundingtext import key_of, own_keys, rendered, text_in_force, texts
from talentkit.rules.base import show
from talentkit.text import placeholders

AS_OF = dt.date(2026, 10, 20)
ENGINE = Engine.create()
SHIPPED = ("yangquan", "shaanxi", "xinzhou")
ROOT = Path(__file__).resolve().parent.parent
# values no shipped text holds, so finding one in a text proves it was rendered
NEW = {
    "yuan": Money.yuan(12_340_000),
    "fraction": "3/7",
    "period": "P9Y",
    "int": 97,
    "date": dt.date(2031, 7, 9),
}
SHOWN = {
    "yuan": ("12,340,000", "1234"),
    "fraction": ("3/7", "300/7%"),
    "period": ("9年", "9 years"),
    "int": ("97",),
    "date": ("2031-07-09", "2031年7月9日"),
}


def shipped_decls() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for pid, prog in ENGINE.registry.programmes.items():
        if ENGINE.registry.owners[pid] in SHIPPED:
            for d in (*prog.funding, *prog.exits, *prog.scoring):
                out.setdefault(d.id, d)
    return out


def placeholder_cases() -> list[tuple[str, str]]:
    """(declaration id, parameter key) for every placeholder of a shipped funding or exit
    text."""
    out = []
    for did, d in sorted(shipped_decls().items()):
        keys = own_keys(d)
        for text in texts(d):
            for name, _ in placeholders(text):
                key = key_of(name, keys, lambda k: k in ENGINE.params.by_key)
                if (did, key) not in out:
                    out.append((did, key))
    return out


CASES = placeholder_cases()


def test_the_plugins_texts_name_their_amounts() -> None:
    assert {did.split(".")[0] for did, _ in CASES} == set(SHIPPED)
    assert len(CASES) >= 20


@pytest.mark.parametrize(("did", "key"), CASES, ids=[f"{d}:{k}" for d, k in CASES])
def test_overriding_a_parameter_changes_the_text(did: str, key: str) -> None:
    decl = shipped_decls()[did]
    kind = ENGINE.params.declared(key).type
    store = ENGINE.params.with_overrides({key: NEW[kind]})

    def param(k: str) -> Any:
        return store.get(k, AS_OF)

    shown = [t for t in texts(rendered(decl, param)) if t not in list(texts(decl))]
    for lang in ("zh", "en"):
        got = " ".join(t.get(lang) for t in shown)
        assert any(v in got for v in SHOWN[kind]), f"{lang} text does not show {key}: {got}"


def _written(value: Any) -> list[str]:
    """How a text would type an amount, period or age: 10万元, 100,000, 3年, 3 years, 40.
    A small whole number (1, 2, 3) stands for too many other things to be searched for
    alone: it is searched for with a unit of time."""
    if isinstance(value, Money):
        wan = show(value, "wan", "zh")
        return [f"{wan}万", f"{wan} 万", f"{value:,}"]
    if isinstance(value, Period):
        return [value.describe("zh"), value.describe("en")]
    if isinstance(value, int) and not isinstance(value, bool):  # an age, or a count of
        units = ("年", "个月", " year", "-year", " month")  # years or months
        return [str(value)] if value >= 10 else [f"{value}{unit}" for unit in units]
    return []


def test_no_funding_or_exit_text_types_a_figure_its_declaration_reads() -> None:
    for did, d in shipped_decls().items():
        for key in own_keys(d):
            for figure in _written(ENGINE.params.get(key, AS_OF)):
                for text in texts(d):
                    for lang in ("zh", "en"):
                        found = re.search(rf"(?<![\d.,]){re.escape(figure)}(?!\d)", text.get(lang))
                        assert found is None, f"{did} text types {figure} ({key}): {text}"


def lines(example: str, programme: str, overrides: dict[str, Any]) -> list[Text]:
    profile = ENGINE.load(ROOT / example)
    report = ENGINE.assess(profile, [programme], as_of=AS_OF, overrides=overrides)
    (a,) = report.assessments
    assert a.funding is not None
    return [x.basis for x in a.funding.lines] + [o.text for o in a.funding.obligations]


def test_an_override_reaches_the_lines_of_an_assessment() -> None:
    sanqin = ("plugins/shaanxi/examples/sanqin_pss.toml", "shaanxi.sanqin.pss")
    before = lines(*sanqin, {})
    assert any("团队带头人每年10万元" in t.zh for t in before)
    assert any("leader: 100,000 yuan a year" in t.en for t in before)
    after = lines(*sanqin, {"shaanxi.sanqin.funding.leader_per_year": 120000})
    assert any("团队带头人每年12万元" in t.zh for t in after)
    assert any("leader: 120,000 yuan a year" in t.en for t in after)
    assert not any("每年10万元一次性" in t.zh for t in after)
    # an obligation's text names both categories' minimums, each from its parameter
    match = "shaanxi.sanqin.funding.research_match_min.natsci_eng"
    after = lines(*sanqin, {match: 250000})
    assert any("自然科学和工程技术类不少于25万元" in t.zh for t in after)
    assert any("at least 250,000 natsci/eng" in t.en for t in after)


def test_a_rate_and_cap_override_reach_the_text() -> None:
    transfer = ("plugins/xinzhou/examples/transfer.toml", "xinzhou.eco.tech_transfer")
    enabled = {"xinzhou.eco.enabled": True, "xinzhou.eco.effective_on": dt.date(2020, 5, 1)}
    before = lines(*transfer, enabled)
    assert any(t.zh.startswith("技术合同实际支付额的3%（单个成果累计最高50万元）") for t in before)
    changed = {"xinzhou.eco.transfer.rate": "5%", "xinzhou.eco.transfer.cap": 400000}
    after = lines(*transfer, {**enabled, **changed})
    assert any(t.zh.startswith("技术合同实际支付额的5%（单个成果累计最高40万元）") for t in after)
    en = "5% of the contract amount paid (at most 400,000 yuan"
    assert any(t.en.startswith(en) for t in after)


def test_an_override_reaches_the_texts_of_an_exit_report() -> None:
    award = ENGINE.load({"programme": "yangquan.team.key", "term_end": "2028-06-30"}, Award)
    facts = {"yangquan.team.indicators_total": 10, "yangquan.team.indicators_completed": 9}
    event = {"kind": "acceptance", "date": "2028-08-20", "decided_on": "2028-09-15"}
    failed = ENGINE.load({**event, "facts": facts}, Event)

    def outcome(overrides: dict[str, Any]) -> Any:
        report = ENGINE.exit("yangquan.team.key", award, failed, overrides=overrides)
        return next(o for o in report.outcomes if o.rule_id.endswith("failed_acceptance"))

    assert "带头人2年内不得再次申报" in outcome({}).text.zh
    after = outcome({"yangquan.team.bar_years": 4})
    assert "带头人4年内不得再次申报" in after.text.zh
    assert "the leader barred for 4 years" in after.text.en
    assert after.bans[0].until.year == 2032  # the rule and its text read the same value


def test_a_date_shows_as_each_language_writes_it() -> None:
    transition = shipped_decls()["yangquan.tic.exit.transition_period"]
    shipped = text_in_force(transition, ENGINE.params, AS_OF)
    assert "过渡期（至2027年12月31日）" in shipped.text.zh
    assert "after 2027-12-31" in shipped.text.en
    assert show(dt.date(2031, 7, 9), "", "zh") == "2031年7月9日"
    assert show(dt.date(2031, 7, 9), "", "en") == "2031-07-09"
