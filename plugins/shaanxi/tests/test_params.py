"""Readings of the 千人 text that live in declarations rather than in parameters."""

from __future__ import annotations

import talentkit_shaanxi.qianren as qianren

from talentkit import Fixed, OneOff, Text


def test_no_work_contract_condition_where_none_applies() -> None:
    """第二十六条 pays 「入选专家正式履行工作合同后」; entrepreneurs sign none (第十四条) and
    第二十七条 (顶尖) sets no timing, so their subsidies carry no such condition."""
    by_id = {p.id: p for p in qianren.PROGRAMMES}

    def subsidy_condition(pid: str) -> Text | None:
        item = next(
            f
            for f in by_id[pid].funding
            if isinstance(f, Fixed) and f.id.endswith(("personal_subsidy", "top_award"))
        )
        assert isinstance(item.schedule, OneOff)
        return item.schedule.when

    for pid in ("shaanxi.qianren.entre", "shaanxi.qianren.top"):
        assert subsidy_condition(pid) is None, pid
    for pid in ("shaanxi.qianren.long", "shaanxi.qianren.youth", "shaanxi.qianren.short"):
        assert subsidy_condition(pid) == qianren.PAID_AFTER, pid


def test_article_40_adds_nothing_about_money() -> None:
    """第四十条 brings 百人计划 selectees under service management and says nothing of money."""
    notes = [
        i.reason.zh
        for p in qianren.PROGRAMMES
        for i in p.informational
        if i.cite.article == "第四十条"
    ]
    assert notes
    assert all("不享有" not in n for n in notes)
