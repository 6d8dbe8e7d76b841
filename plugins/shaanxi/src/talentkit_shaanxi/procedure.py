"""Publicity of the proposed lists on the calendar (千人办法 第二十二条, 特支办法 第十三条,
三秦办法 第十二条: 「公示期为7个工作日」).

The list is published by the platform department on a date the case gives
(``application.facts.shaanxi.publicity_starts_on``); the ``check`` result shows the last
day of the publicity, counted on China's working-day calendar with the publication day
as day 1 when it is a working day. Which 千人 projects are published is read from the
project declarations: those that list 第二十二条 among their procedure clauses (创业人才项目
and 青年项目, as the article names them); every 特支 and 三秦 programme is published.
"""

from __future__ import annotations

import attrs

from talentkit import FactSpec, P, Programme, Step, Text
from talentkit_shaanxi.common import QR, SQ, TZ, qr, sq, tz

DOCUMENTS: tuple[()] = ()
PROGRAMMES: tuple[()] = ()

START = "application.facts.shaanxi.publicity_starts_on"

FACTS: tuple[FactSpec, ...] = (
    FactSpec(
        name="shaanxi.publicity_starts_on",
        type="date",
        scope="application",
        text=Text("拟入选名单公示开始日", "publicity of the proposed list starts on"),
    ),
)

_QUOTE = "拟入选名单须通过媒体向社会公示，公示期为7个工作日。"
_TEXT = Text(
    "拟入选名单通过媒体向社会公示（公示首日计入）",
    "the proposed list is published in the media (the first day counts)",
)

_STEPS = {
    QR: Step(
        id="shaanxi.qianren.process.publicity",
        cite=qr(
            "第二十二条",
            "创业人才项目、青年项目拟入选名单须通过媒体向社会公示，公示期为7个工作日。",
            "art22",
        ),
        text=_TEXT,
        start=START,
        working_days=P("shaanxi.qianren.process.publicity_working_days"),
        count_start=True,
    ),
    TZ: Step(
        id="shaanxi.tezhi.process.publicity",
        cite=tz("第十三条", _QUOTE, "art13"),
        text=_TEXT,
        start=START,
        working_days=P("shaanxi.tezhi.process.publicity_working_days"),
        count_start=True,
    ),
    SQ: Step(
        id="shaanxi.sanqin.process.publicity",
        cite=sq("第十二条", _QUOTE, "art12"),
        text=_TEXT,
        start=START,
        working_days=P("shaanxi.sanqin.process.publicity_working_days"),
        count_start=True,
    ),
}


def _published(programme: Programme) -> bool:
    if programme.document != QR:
        return True
    # 第二十二条 names the projects; their declarations list it as a procedure clause
    return any(i.cite.key == "SX-QR/art22" for i in programme.informational)


def with_publicity(programme: Programme) -> Programme:
    step = _STEPS.get(programme.document)
    if step is None or not _published(programme):
        return programme
    return attrs.evolve(programme, procedure=(*programme.procedure, step))
