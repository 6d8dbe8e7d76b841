"""Constraints between the three Shaanxi programmes (catalog section 7).

Added to the programmes through ``extra_rules(programme)``; they read the applicant's
``history.applications`` (``status = "pending"``: submitted, not yet decided) and
``history.selections`` (``status = "active"``: within support; ``term_end``: end of the
first contract term).

* 三秦办法 第三十二条: a 三秦 team leader may not apply to 特支 at the same time, except
  for 杰出人才. Checked on both sides: on a 特支 application (a pending 三秦 application
  of the person, who as leader is the 三秦 applicant) and on a 三秦 application (a pending
  non-杰出 特支 application of the leader). Which application stands is decided by the
  order of submission (``application.submitted_on`` against each pending application's
  ``date``): under ``shaanxi.sanqin.cross.application_order = "first_come"`` (default:
  the application made while the other was pending is the one made 「同时」) only the
  later fails, and one submitted the same day goes to the office; ``"all_rejected"``
  fails every application in conflict.
* 千人办法 第三十八条: a 千人 long-term or youth selectee may apply to 特支 only after the
  first contract term (the check is built by :func:`talentkit_shaanxi.qianren.
  onward_tezhi_gate`).
* No general ban on holding more than one provincial programme exists in the text; the
  only no-double-funding clause is 千人办法 第二十八条 (national 千人 research money), a
  funding exclusion of the 千人 programmes. The optional guard
  ``shaanxi.cross.no_double_funding`` (default ``false``) lets a policy owner flag
  overlapping active selections for review; it never blocks.
* The 三秦 member tilt in 千人 youth scoring (三秦办法 第十九条) is the 千人 youth scoring
  item ``shaanxi.qianren.youth.sanqin_member_tilt``; national 万人计划 nominations drawn from
  特支 and 三秦 (特支办法 第二十一条, 三秦办法 第十八条) are informational entries of those
  programmes.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Sequence
from types import ModuleType

import attrs

from talentkit import (
    AllOf,
    AnyOf,
    ApplicationLimit,
    Count,
    FactSpec,
    Judgement,
    OneOf,
    P,
    ParamIs,
    Programme,
    Rule,
    Text,
    When,
)
from talentkit_shaanxi import sanqin, tezhi
from talentkit_shaanxi.common import qr, sq

DOCUMENTS: tuple[()] = ()
PROGRAMMES: tuple[()] = ()
FACTS: tuple[FactSpec, ...] = ()

PENDING = ("pending",)
ACTIVE = ("active",)
TEZHI_NOT_OUTSTANDING = tuple(p for p in tezhi.ALL_IDS if p != tezhi.OUTSTANDING)

_ART32 = "创新团队带头人不可同时申报陕西省高层次人才特殊支持计划项目（杰出人才项目除外）。"


def _pending(programmes: Sequence[str], label: Text) -> ApplicationLimit:
    # 「不可同时申报」: the application made while the other is pending makes them
    # simultaneous; which stands follows the order of submission (operator parameter)
    return ApplicationLimit(
        collection="history.applications",
        limit=1,
        order=P("shaanxi.sanqin.cross.application_order"),
        label=label,
        where=AllOf(
            rules=(
                OneOf(fact="programme", values=tuple(programmes)),
                OneOf(fact="status", values=PENDING),
            )
        ),
    )


def _qianren_ids() -> tuple[str, ...]:
    try:
        module = importlib.import_module("talentkit_shaanxi.qianren")
    except ModuleNotFoundError:
        return ()
    return tuple(p.id for p in getattr(module, "PROGRAMMES", ()))


def _families() -> dict[str, tuple[str, ...]]:
    return {"qianren": _qianren_ids(), "tezhi": tezhi.ALL_IDS, "sanqin": sanqin.ALL_IDS}


def no_double_funding(programme: Programme) -> Rule | None:
    """The optional X17 guard: other Shaanxi programmes' active selections, for review."""
    fams = _families()
    own = next((f for f, ids in fams.items() if programme.id in ids), None)
    if own is None:
        return None
    return _guard(tuple(p for f, ids in fams.items() if f != own for p in ids))


@functools.cache
def _guard(others: tuple[str, ...]) -> Rule:
    """The guard against the programmes ``others``: one rule object for every programme
    of a family (built for each, it cost more than the rest of the plugin's hook)."""
    rule_id = "shaanxi.cross.no_double_funding"
    return When(
        id=rule_id,
        condition=ParamIs(key="shaanxi.cross.no_double_funding"),
        # flagged for a decision, never blocked: a Judgement, not a soft (「一般」) rule
        then=AnyOf(
            rules=(
                Count(
                    collection="history.selections",
                    op="==",
                    value=0,
                    label=Text(
                        "其他省级人才计划在支持期内的入选",
                        "active selections in other Shaanxi programmes",
                    ),
                    where=AllOf(
                        rules=(
                            OneOf(fact="programme", values=others),
                            OneOf(fact="status", values=ACTIVE),
                        )
                    ),
                ),
                Judgement(
                    id=rule_id,
                    criterion=Text(
                        "同时在其他省级人才计划支持期内不构成重复资助",
                        "the overlap with another Shaanxi programme is not double funding",
                    ),
                    decided_by=Text("人才工作领导小组办公室", "talent office"),
                ),
            )
        ),
        cite=qr(
            "第二十八条", "已获得国家“千人计划”相关项目科研经费资助的，不再重复资助。", "art28"
        ),
        text=Text(
            "（可选核查，默认关闭）同时在其他省级人才计划支持期内的，提交审核；"
            "办法未规定一般性禁止",
            "(optional guard, off by default) an active selection in another Shaanxi "
            "programme is flagged for review; the measures set no general ban",
        ),
    )


def extra_rules(programme: Programme) -> list[Rule]:
    rules: list[Rule] = []
    if programme.id in tezhi.ALL_IDS:
        try:
            qianren = importlib.import_module("talentkit_shaanxi.qianren")
        except ModuleNotFoundError:
            qianren = None
        if qianren is not None and hasattr(qianren, "onward_tezhi_gate"):
            rules.append(_onward_gate(qianren))
    if programme.id in TEZHI_NOT_OUTSTANDING:
        rules.append(_sanqin_gate())
    if programme.id in sanqin.ALL_IDS:
        rules.append(_leader_gate())
    guard = no_double_funding(programme)
    if guard is not None:
        rules.append(guard)
    return rules


# Each gate is one rule object for every programme it is added to, as the guard is.


@functools.cache
def _onward_gate(qianren: ModuleType) -> Rule:
    gate: Rule = qianren.onward_tezhi_gate("shaanxi.tezhi.common.qianren_gate")
    return gate


@functools.cache
def _sanqin_gate() -> Rule:
    return attrs.evolve(
        _pending(
            sanqin.ALL_IDS,
            Text(
                "在审的三秦学者创新团队申报（作为带头人）",
                "pending 三秦 team applications (as leader)",
            ),
        ),
        id="shaanxi.tezhi.common.sanqin_gate",
        cite=sq("第三十二条", _ART32, "art32"),
        text=Text(
            "三秦学者创新团队带头人不可同时申报特支计划（杰出人才除外）",
            "a 三秦 team leader may not apply to 特支 at the same time (except outstanding talent)",
        ),
    )


@functools.cache
def _leader_gate() -> Rule:
    return attrs.evolve(
        _pending(
            TEZHI_NOT_OUTSTANDING,
            Text(
                "带头人在审的特支计划申报（杰出人才除外）",
                "the leader's pending 特支 applications (outstanding talent excepted)",
            ),
        ),
        id="shaanxi.sanqin.cross.leader_no_tezhi",
        cite=sq("第三十二条", _ART32, "art32"),
        text=Text(
            "团队带头人不可同时申报特支计划项目（杰出人才项目除外）",
            "the leader may not apply to 特支 at the same time (except outstanding talent)",
        ),
    )
