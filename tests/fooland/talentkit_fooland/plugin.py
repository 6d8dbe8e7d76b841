"""Fooland's programmes, declared as data. Read this file with the plugin tutorial."""

from __future__ import annotations

import re
from pathlib import Path

from talentkit import (
    TAX_EXEMPT,
    AgeAtMost,
    Annual,
    Attested,
    Ban,
    Citation,
    Compare,
    Count,
    Custom,
    Deadline,
    Document,
    Duration,
    Exclusion,
    ExitRule,
    External,
    FactSpec,
    Fixed,
    GradingScheme,
    Informational,
    Judgement,
    Jurisdiction,
    NoneWithin,
    Obligation,
    OneOf,
    OneOff,
    P,
    Percentage,
    Programme,
    Recover,
    Relaxation,
    ScoreItem,
    Share,
    Text,
    When,
    WorkdaysWithin,
    hookimpl,
    load_parameters,
)

DOC = "FOO-1"
TEXTS = Path(__file__).with_name("texts")


def cite(article: str, quote: str = "", document: str = DOC) -> Citation:
    """``第3条（1）`` with its key ``FOO-1/art3/(1)``, the key the shipped text's
    numbering gives that item."""
    number = re.fullmatch(r"第(\d+)条(?:（(\d+)）)?", article)
    assert number is not None, article
    key = f"{document}/art{number[1]}" + (f"/({number[2]})" if number[2] else "")
    return Citation(document=document, article=article, key=key, quote=quote)


CORE = Compare(fact="core", op="==", value=True)
ATTAINED = P("fooland.age_attained")
LEAP_DAY = P("fooland.leap_day")

YOUNG = AgeAtMost(
    birth="birth_date",
    years=P("fooland.team.young_age"),
    method=P("fooland.age_method"),
    attained=ATTAINED,
    leap_day=LEAP_DAY,
)

TEAM = Programme(
    id="fooland.team",
    jurisdiction="fooland",
    document=DOC,
    name=Text("样例市创新团队", "Fooland innovation team"),
    subject="team",
    summary=Text("样例市对创新团队的两年资助", "two-year support for innovation teams"),
    reference=("application.call_notice_date",),
    rules=[
        OneOf(
            id="fooland.team.host_type",
            fact="organisations[role=host].kind",
            values=P("fooland.team.host_types"),
            cite=cite("第2条", "依托单位为高校、科研院所、企业"),
            text=Text(
                "依托单位类型为高校、科研院所或企业",
                "the host is a university, research institute or enterprise",
            ),
        ),
        AgeAtMost(
            id="fooland.team.leader_age",
            birth="team.leader.birth_date",
            years=P("fooland.team.leader_max_age"),
            method=P("fooland.age_method"),
            attained=ATTAINED,
            leap_day=LEAP_DAY,
            female_extra=P("fooland.team.female_extra_years"),
            soft=True,
            cite=cite("第3条（1）", "团队带头人年龄一般不超过45周岁，女性可放宽2岁"),
            text=Text(
                "带头人一般不超过{leader_max_age}周岁（女性放宽{female_extra_years}岁）",
                "the leader is in general at most {leader_max_age} ({female_extra_years} more "
                "for women)",
            ),
        ),
        Count(
            id="fooland.team.core_count",
            collection="team.members",
            where=CORE,
            value=P("fooland.team.min_core_members"),
            label=Text("核心成员", "core members"),
            cite=cite("第3条（2）", "核心成员不少于5人"),
            text=Text(
                "核心成员不少于{min_core_members}人", "at least {min_core_members} core members"
            ),
        ),
        Share(
            id="fooland.team.young_share",
            collection="team.members",
            among=CORE,
            where=YOUNG,
            fraction=P("fooland.team.young_share"),
            label=Text("核心成员", "core members"),
            cite=cite("第3条（2）", "其中40周岁（含）以下成员不少于三分之一"),
            text=Text(
                "{young_age}周岁（含）以下核心成员不少于{young_share}",
                "at least {young_share} of core members aged {young_age} or under",
            ),
        ),
        When(
            id="fooland.team.company_age",
            condition=Compare(fact="organisations[role=host].kind", value="enterprise"),
            then=Duration(
                start="organisations[role=host].founded_on",
                at_least=P("fooland.team.company_min_age"),
                leap_day=LEAP_DAY,
            ),
            cite=cite("第4条", "企业作为依托单位的，须成立2年以上"),
            text=Text(
                "企业依托单位成立{company_min_age}以上",
                "an enterprise host is at least {company_min_age} old",
            ),
        ),
        NoneWithin(
            id="fooland.team.no_misconduct",
            collection="team.leader.records",
            where=OneOf(fact="kind", values=P("fooland.misconduct_kinds")),
            period=P("fooland.misconduct_lookback"),
            leap_day=LEAP_DAY,
            cite=cite("第5条", "近三年无科研不端行为"),
            text=Text(
                "带头人近{misconduct_lookback}无科研不端或违法记录",
                "no misconduct by the leader in the last {misconduct_lookback}",
            ),
        ),
        WorkdaysWithin(
            id="fooland.team.notice",
            fact="facts.fooland.notice_end",
            start="facts.fooland.notice_start",
            days=P("fooland.notice_days"),
            count_start=True,
            cite=cite("第6条", "公示5个工作日"),
            text=Text(
                "公示期为{notice_days}个工作日", "public notice lasts {notice_days} working days"
            ),
        ),
        Attested(
            id="fooland.team.agreement",
            key="fooland.team.agreement",
            question=Text("依托单位与团队签订了合作协议", "host and team signed an agreement"),
            cite=cite("第7条", "签订合作协议"),
        ),
        Judgement(
            id="fooland.team.standing",
            criterion=Text("团队学术水平国内领先", "the team leads nationally"),
            cite=cite("第3条（3）", "学术水平国内领先"),
        ),
        Custom(
            id="fooland.team.name_given",
            facts=["team.name"],
            predicate=lambda v: bool(str(v["team.name"]).strip()),
            statement=Text("团队名称不为空", "the team has a name"),
            cite=cite("第7条", "申报书载明团队名称"),
        ),
    ],
    relaxations=[
        Relaxation(
            id="fooland.team.case_by_case",
            when=Compare(fact="application.channel", value="case_by_case"),
            rules=("fooland.team.core_count",),
            cite=cite("第15条", "一事一议"),
            text=Text("一事一议", "case by case"),
        ),
    ],
    funding=[
        Fixed(
            id="fooland.team.grant",
            payee="host",
            amount=P("fooland.team.grant"),
            schedule=Annual(
                years=P("fooland.team.grant_years"), start="facts.fooland.support_start"
            ),
            cite=cite("第8条", "每年资助50万元，支持周期2年"),
            text=Text("市级资助", "municipal grant"),
        ),
        External(
            id="fooland.team.bonus",
            payee="leader",
            amount=P("fooland.team.bonus"),
            reference="样发〔2019〕1号",
            tax=TAX_EXEMPT,
            schedule=OneOff(),
            cite=cite("第9条", "按样发〔2019〕1号给予一次性奖励"),
            text=Text("一次性奖励", "one-off bonus"),
        ),
        Obligation(
            id="fooland.team.matching",
            obligor="host",
            ratio=P("fooland.team.matching_ratio"),
            of="fooland.team.grant",
            committed="facts.fooland.matching_per_year",
            per="year",
            cite=cite("第8条", "依托单位按不低于1:1比例配套"),
            text=Text("依托单位1:1配套", "host matches at least 1:1"),
        ),
        Exclusion(
            id="fooland.team.no_double",
            excludes=("fooland.team.grant",),
            when=Compare(fact="facts.fooland.already_funded", value=True),
            cite=cite("第8条", "不重复资助"),
            text=Text("不重复资助", "no double funding"),
        ),
    ],
    scoring=[
        ScoreItem(
            id="fooland.team.priority_field",
            weight=1,
            rule=OneOf(fact="facts.fooland.field", values=("ai", "energy")),
            cite=cite("第2条", "优先支持人工智能、能源领域"),
            text=Text("优先领域", "priority field"),
        ),
    ],
    grading=GradingScheme(
        cite=cite("第13条", "优秀比例不超过20%"),
        grades=("excellent", "qualified", "unqualified"),
        quotas={"excellent": P("fooland.excellent_quota")},
        rounding=P("fooland.quota_rounding"),
        names={
            "excellent": Text("优秀", "excellent"),
            "qualified": Text("合格", "qualified"),
            "unqualified": Text("不合格", "unqualified"),
        },
    ),
    exits=[
        ExitRule(
            id="fooland.team.exit.failed_acceptance",
            trigger="acceptance_failed",
            cite=cite("第12条", "验收不通过的，取消支持，带头人2年内不得申报"),
            text=Text("验收不通过", "acceptance failed"),
            decided_by=Text("市科技局", "municipal S&T bureau"),
            new_status="cancelled",
            recover=Recover(),
            bans=(
                Ban(
                    on="leader",
                    years=P("fooland.ban_years"),
                    leap_day=LEAP_DAY,
                    text=Text("不得申报", "may not apply"),
                ),
            ),
        ),
        ExitRule(
            id="fooland.team.exit.leader_change",
            trigger="leader_change",
            cite=cite("第11条", "带头人变更的，1个月内报告"),
            text=Text("带头人变更", "leader change"),
            decided_by=Text("市科技局", "municipal S&T bureau"),
            deadlines=(
                Deadline(
                    what=Text("报告变更", "report the change"), months=P("fooland.report_months")
                ),
            ),
        ),
    ],
    informational=[
        Informational(
            cite=cite("第1条"),
            reason=Text("立法目的，无可操作内容", "purpose clause; nothing to check"),
        ),
    ],
    valid_from=P("fooland.valid_from"),
    valid_to=P("fooland.valid_to"),
    validity_cite=cite("第14条", "自2025年1月1日起施行，有效期5年"),
)

TRANSFER = Programme(
    id="fooland.transfer",
    jurisdiction="fooland",
    document=DOC,
    name=Text("技术转移补助", "Technology transfer subsidy"),
    subject="organisation",
    rules=[
        Compare(
            id="fooland.transfer.enterprise",
            fact="organisations[role=applicant].is_enterprise",
            cite=cite("第10条", "企业"),
            text=Text("申请人为企业", "the applicant is an enterprise"),
        ),
    ],
    funding=[
        Percentage(
            id="fooland.transfer.subsidy",
            payee="enterprise",
            base="facts.fooland.contract_paid",
            rate=P("fooland.transfer.rate"),
            cap=P("fooland.transfer.cap"),
            prior="facts.fooland.subsidy_already",
            cite=cite("第10条", "按技术合同实际支付额的3%给予补助，单项成果最高不超过50万元"),
            text=Text("转移补助", "transfer subsidy"),
        ),
    ],
)

PILOT = Programme(
    id="fooland.pilot",
    jurisdiction="fooland",
    document="FOO-2",
    name=Text("试点（草案）", "Pilot (draft)"),
    enabled=P("fooland.draft.enabled"),
    rules=[
        Compare(
            id="fooland.pilot.resident",
            fact="person.facts.fooland.resident",
            cite=cite("第1条", "本市居民可以申请试点", document="FOO-2"),
            text=Text("本市居民", "resident"),
        ),
    ],
)


@hookimpl
def talentkit_add_jurisdictions() -> list[Jurisdiction]:
    return [Jurisdiction(id="fooland", name=Text("样例市", "Fooland"), level="city")]


@hookimpl
def talentkit_add_documents() -> list[Document]:
    return [
        Document(
            id=DOC,
            title="样例市创新团队管理办法",
            jurisdiction="fooland",
            source="made up for the tutorial",
            text=TEXTS / "team.txt",
        ),
        Document(
            id="FOO-2",
            title="样例市试点办法（征求意见稿）",
            jurisdiction="fooland",
            status="draft",
            text=TEXTS / "pilot.txt",
            informational=[
                Informational(
                    cite=cite("第2条", document="FOO-2"),
                    reason=Text("解释权归属", "who interprets the measure"),
                )
            ],
        ),
    ]


@hookimpl
def talentkit_add_programmes() -> list[Programme]:
    return [p.with_statuses(AWARD_STATUSES) for p in (TEAM, TRANSFER, PILOT)]


@hookimpl
def talentkit_add_facts() -> list[FactSpec]:
    t = Text
    return [
        FactSpec(name="fooland.notice_start", type="date", text=t("公示开始", "notice start")),
        FactSpec(name="fooland.notice_end", type="date", text=t("公示结束", "notice end")),
        FactSpec(name="fooland.support_start", type="date", text=t("支持起始", "support start")),
        FactSpec(name="fooland.matching_per_year", type="yuan", text=t("年配套", "matching/yr")),
        FactSpec(name="fooland.already_funded", type="bool", text=t("已获资助", "funded")),
        FactSpec(
            name="fooland.field",
            type="str",
            values=("ai", "energy", "other"),
            labels={
                "ai": t("人工智能", "AI"),
                "energy": t("能源", "energy"),
                "other": t("其他", "other"),
            },
            text=t("领域", "field"),
        ),
        FactSpec(name="fooland.contract_paid", type="yuan", text=t("实付额", "amount paid")),
        FactSpec(name="fooland.subsidy_already", type="yuan", text=t("已享补助", "prior")),
        FactSpec(name="fooland.resident", type="bool", scope="person", text=t("居民", "resident")),
    ]


@hookimpl
def talentkit_add_parameters() -> list[object]:
    return list(load_parameters(Path(__file__).with_name("params.toml")))


#: The award statuses the exit rules set, as the texts name them.
AWARD_STATUSES: dict[str, Text] = {
    "cancelled": Text("取消支持", "support cancelled"),
}
