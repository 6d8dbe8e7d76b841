"""Yangquan (阳泉市) plugin: registration hooks for the three measures.

The programmes are declared as data in :mod:`team`, :mod:`commissioner` and :mod:`tic`;
every number they use is a parameter in ``params/*.toml`` with its citation.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from talentkit import (
    Citation,
    Document,
    FactSpec,
    Informational,
    Jurisdiction,
    Parameter,
    Programme,
    Text,
    hookimpl,
    load_parameters,
)

from talentkit_yangquan import commissioner, team, tic

PARAMS = Path(__file__).with_name("params")
TEXTS = Path(__file__).with_name("texts")


@hookimpl
def talentkit_add_jurisdictions() -> list[Jurisdiction]:
    return [Jurisdiction(id="yangquan", name=Text("阳泉市", "Yangquan"), level="city")]


@hookimpl
def talentkit_add_documents() -> list[Document]:
    bureau = "阳泉市科学技术局"
    return [
        Document(
            id="YQ-TEAM",
            title="市科技创新人才团队管理办法（试行）",
            jurisdiction="yangquan",
            status="trial",
            issued_by=bureau,
            source="附件1 as received (seed text 000_bb1c6af149b384f1); no number or date given",
            text=TEXTS / "team.txt",
        ),
        Document(
            id="YQ-TPY",
            title="市科技特派员管理办法（征求意见稿）",
            jurisdiction="yangquan",
            status="draft",
            issued_by=bureau,
            source="征求意见稿 as received (seed text 002_3cc9bfa6d92890b8); no number or date",
            text=TEXTS / "commissioner.txt",
            informational=(
                Informational(
                    cite=Citation(document="YQ-TPY", article="第二十二条", key="YQ-TPY/ch7/art22"),
                    reason=Text(
                        "鼓励联合申报；成果权属由双方协议约定，不是选派或考核条件",
                        "encourages joint applications; ownership of results is for the parties' "
                        "agreement, not a condition of selection or assessment",
                    ),
                ),
            ),
        ),
        Document(
            id="YQ-TIC",
            title="市技术创新中心认定管理办法",
            jurisdiction="yangquan",
            status="final",
            date=dt.date(2025, 9, 8),
            issued_by=bureau,
            source="附件 as received (seed text 003_f5180ece71d3fe39); in force 2025-09-08",
            text=TEXTS / "tic.txt",
        ),
    ]


@hookimpl
def talentkit_add_programmes() -> list[Programme]:
    progs = [*team.programmes(), *commissioner.programmes(), *tic.programmes()]
    return [p.with_statuses(AWARD_STATUSES) for p in progs]


@hookimpl
def talentkit_add_facts() -> list[FactSpec]:
    return [*team.FACTS, *commissioner.FACTS, *tic.FACTS]


@hookimpl
def talentkit_add_parameters() -> list[Parameter]:
    out: list[Parameter] = []
    for name in ("team.toml", "commissioner.toml", "tic.toml"):
        out.extend(load_parameters(PARAMS / name))
    return out


#: The award statuses the exit rules set, as the texts name them.
AWARD_STATUSES: dict[str, Text] = {
    "support_terminated": Text("终止支持", "support ended"),
    "accepted": Text("通过验收", "accepted"),
    "support_cancelled": Text("取消支持计划", "support cancelled"),
    "extension_admissible": Text("可予延期", "extension admissible"),
    "extension_inadmissible": Text("不符合延期条件", "extension inadmissible"),
    "disqualified": Text("取消科技特派员资格", "commissioner status withdrawn"),
    "ended": Text("选派结束", "assignment ended"),
    "rectification_ordered": Text("责令限期整改", "rectification ordered"),
    "revoked": Text("取消资格", "recognition revoked"),
    "relinquished": Text("视为放弃资格", "deemed relinquished"),
    "not_retained": Text("不再保留资格", "not retained"),
}
