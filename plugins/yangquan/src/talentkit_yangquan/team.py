"""市科技创新人才团队管理办法（试行） (YQ-TEAM): three tier programmes.

领军 / 重点 / 青年 teams share the host-unit, application, funding and exit clauses and
differ in 第7条 (standing, leader age, core members, young members, cooperation, host).
The core members are ``team.members`` with ``core = true``; the leader is ``team.leader``
and is not counted among them (catalog AMB-11). The main host is the organisation with
``role = "main_host"``; co-building units have ``role = "co_builder"``.
"""

from __future__ import annotations

from collections.abc import Sequence

from talentkit import (
    AgeAtMost,
    AllOf,
    Attested,
    Ban,
    Compare,
    Count,
    DateCompare,
    Deadline,
    ExitRule,
    F,
    FactSpec,
    Fixed,
    Informational,
    Judgement,
    NoneWithin,
    Obligation,
    OneOf,
    OneOff,
    P,
    PaidAfter,
    Programme,
    Relaxation,
    Rule,
    ScoreItem,
    Share,
    Text,
    When,
)

from talentkit_yangquan.common import BUREAU, PANEL, citer

DOC = "YQ-TEAM"
c = citer(DOC)
NS = "yangquan.team"
HOST = "organisations[role=main_host]"
CORE = Compare(fact="core", op="==", value=True)
# 第7条 has two kinds of age clause, each with its own convention (see params/team.toml)
LEADER_AGE_METHOD = P(f"{NS}.leader_age_method")
MEMBER_AGE_METHOD = P(f"{NS}.member_age_method")

TIERS = {
    "leading": ("(1)", "（1）", Text("领军人才创新团队", "leading-talent innovation team")),
    "key": ("(2)", "（2）", Text("重点人才创新团队", "key-talent innovation team")),
    "youth": ("(3)", "（3）", Text("青年人才创新团队", "young-talent innovation team")),
}

# -- clauses shared by every tier --------------------------------------------------------

HOST_IN_CITY = AllOf(
    id=f"{NS}.host.legal_person_in_city",
    rules=(
        Compare(fact=f"{HOST}.legal_person", value=True),
        OneOf(fact=f"{HOST}.area_code", values=P(f"{NS}.area_prefixes"), mode="prefix"),
    ),
    cite=c(
        "第3条",
        "YQ-TEAM/ch1/art3/s1",
        "我市行政区域内，具有独立法人资格的高校、科研院所、新型研发机构、企事业单位以及科技类民办非企业是创新团队的依托单位",
    ),
    text=Text(
        "依托单位为本市行政区域内（注册地1403xx）具有独立法人资格的单位",
        "the host is an independent legal person registered in Yangquan (1403xx)",
    ),
)
HOST_TYPE = OneOf(
    id=f"{NS}.host.unit_type",
    fact=f"{HOST}.kind",
    values=P(f"{NS}.host_types"),
    cite=c(
        "第3条",
        "YQ-TEAM/ch1/art3/s1",
        "高校、科研院所、新型研发机构、企事业单位以及科技类民办非企业",
    ),
    text=Text(
        "依托单位类型为第3条、第10条所列单位", "the host is of a type listed in arts. 3 and 10"
    ),
)
FORMATION = Attested(
    id=f"{NS}.scope.team_formation",
    key=f"{NS}.team_formation",
    question=Text(
        "团队系依托单位自主成立、以本单位科研人员为主，或通过产学研合作全职或柔性引进",
        "the team is self-formed mainly from the host's own researchers, or was "
        "introduced full-time or flexibly through industry–academia cooperation",
    ),
    cite=c(
        "第3条",
        "YQ-TEAM/ch1/art3/s2",
        "依托单位围绕关键产业技术研发自主成立的，以本单位科研人员为主的创新团队，或者通过产学研合作全职或柔性引进的……创新团队均属于本办法遴选范畴",
    ),
)
IP = Attested(
    id=f"{NS}.all.ip_portfolio",
    key=f"{NS}.high_value_ip",
    question=Text(
        "团队拥有高价值专利和各类知识产权", "the team owns high-value patents and other IP"
    ),
    cite=c(
        "第7条（1）1.、（2）1.、（3）1.", "YQ-TEAM/ch2/art7/(1)/1", "拥有高价值专利和各类知识产权"
    ),
)
QUALITIES = Judgement(
    id=f"{NS}.all.member_qualities",
    criterion=Text(
        "带头人和核心成员学术造诣较高、学风端正，有组织协调能力和时间精力",
        "leader and core members have high expertise, integrity, organising "
        "ability and the time to lead the team",
    ),
    decided_by=PANEL,
    cite=c(
        "第8条",
        "YQ-TEAM/ch2/art8",
        "各层次创新团队带头人和核心成员应具有较高的学术（技术）造诣且思想创新、学术端正、治学严谨，且有较强的组织协调能力和团队合作精神",
    ),
)
NOT_BARRED = NoneWithin(
    id=f"{NS}.all.leader_not_barred",
    collection="team.leader.records",
    where=Compare(fact="kind", value=f"{NS}.acceptance_failed"),
    date_field="date",
    period=P(f"{NS}.bar_period"),
    on="application.submitted_on",
    cite=c(
        "第21条",
        "YQ-TEAM/ch5/art21/s3",
        "未通过验收的，取消其支持计划，且团队带头人2年内不得再次申报创新团队",
    ),
    text=Text(
        "带头人不在验收未通过后的{bar_period}禁止申报期内（一事一议亦不豁免）",
        "the leader is not within {bar_period} of a failed acceptance (no case-by-case exception)",
    ),
    leap_day=P(f"{NS}.leap_day"),
)
CALL_WINDOW = AllOf(
    id=f"{NS}.apply.call_window",
    rules=(
        DateCompare(
            fact="application.submitted_on",
            op=">=",
            other="application.facts.yangquan.team.call_opens_on",
        ),
        DateCompare(
            fact="application.submitted_on",
            op="<=",
            other="application.facts.yangquan.team.call_closes_on",
        ),
    ),
    cite=c(
        "第9条",
        "YQ-TEAM/ch3/art9/s1",
        "创新团队遴选和创新团队专项项目分年度实施，原则上每年组织申报一次，时间以当年度申报通知为准",
    ),
    text=Text("在当年度申报通知规定的时间内申报", "submitted within the window of the year's call"),
)
APPLICANT = Compare(
    id=f"{NS}.apply.applicant_is_host",
    fact="application.facts.yangquan.team.applicant",
    value="host_unit",
    cite=c(
        "第10条",
        "YQ-TEAM/ch3/art10/s1",
        "申报对象为本市行政区域内具有独立法人资格的高校、科研院所、企事业单位和社会组织等创新团队的依托单位",
    ),
    text=Text("申报主体为依托单位", "the applicant of record is the host unit"),
)
JOINT = When(
    id=f"{NS}.apply.joint_application_main_host",
    condition=Compare(fact="application.facts.yangquan.team.joint_with_social_org", value=True),
    then=AllOf(
        rules=(
            Count(
                collection="organisations",
                where=Compare(fact="role", value="main_host"),
                op="==",
                value=P(f"{NS}.main_hosts"),
                label=Text("主要依托建设法人单位", "main host legal entities"),
            ),
            Attested(
                key=f"{NS}.cobuild_agreement",
                question=Text(
                    "附有共建协议书，明确各方权责",
                    "a co-building agreement setting out each party's rights and "
                    "duties is attached",
                ),
            ),
        )
    ),
    cite=c(
        "第10条",
        "YQ-TEAM/ch3/art10/s2",
        "以产业协会、产业技术创新联盟等社会组织共同申请的，必须确立一个主要依托建设的法人单位，并附有共建协议书，明确各方权责",
    ),
    text=Text(
        "社会组织共同申请的，确立{main_hosts}个主要依托单位并附共建协议书",
        "a joint application by social organisations names {main_hosts:# main host|# main hosts} and attaches "
        "a co-building agreement",
    ),
)
CO_BUILDERS = Count(
    id=f"{NS}.apply.co_builder_limit",
    collection="organisations",
    where=Compare(fact="role", value="co_builder"),
    op="<=",
    value=P(f"{NS}.max_co_builders"),
    label=Text("共建单位", "co-building units"),
    cite=c("第10条", "YQ-TEAM/ch3/art10/s3", "创新团队与主要依托建设法人单位共建的单位不能超过2个"),
    text=Text(
        "主要依托单位以外的共建单位不超过{max_co_builders}个",
        "at most {max_co_builders:# co-building unit|# co-building units} besides the main host",
    ),
)
SIGNOFF = Attested(
    id=f"{NS}.apply.documents_and_signoff",
    key=f"{NS}.signoff",
    question=Text(
        "《申报书》等材料经依托单位、组织单位审核并签署意见",
        "the application form was reviewed and signed by the host and the organising unit",
    ),
    cite=c(
        "第11条", "YQ-TEAM/ch3/art11/s1", "申报材料经依托单位、组织单位审核并签署意见后报市科技局"
    ),
)
MEMBER_AGREEMENT = Attested(
    id=f"{NS}.apply.member_ip_benefit_agreement",
    key=f"{NS}.member_agreement",
    question=Text(
        "以协议约定团队成员权责及知识产权、科研成果、经济收益",
        "an agreement sets members' rights and duties and allocates IP, results and income",
    ),
    cite=c(
        "第11条",
        "YQ-TEAM/ch3/art11/s2",
        "应明确团队成员的权利、责任和义务，并通过协议的方式，对团队研发活动形成的知识产权、科研成果、经济收益等加以明确约定",
    ),
)
REVIEW = Judgement(
    id=f"{NS}.review.stages",
    criterion=Text(
        "通过形式审查、会议评审和现场考察，并经局党组会议研究批准",
        "passed the formal review, panel meeting and site visit, and was approved "
        "by the bureau's Party group meeting",
    ),
    decided_by=BUREAU,
    cite=c(
        "第12条",
        "YQ-TEAM/ch3/art12",
        "创新团队的评审程序包括形式审查、会议评审和现场考察……通过会议评审和现场考察的创新团队，经局党组会议研究批准后",
    ),
)


def _tier_rules(tier: str) -> list[Rule]:
    key, item, name = TIERS[tier]
    art = f"第7条{item}"
    ck = f"YQ-TEAM/ch2/art7/{key}"
    rules: list[Rule] = [
        Compare(
            id=f"{NS}.tier.declared",
            fact="application.track",
            value=tier,
            cite=c(
                "第7条",
                "YQ-TEAM/ch2/art7",
                "创新团队按团队整体水平和建设层次分为领军人才创新团队、重点人才创新团队和青年人才创新团队",
            ),
            text=Text(f"申报层次为{name.zh}", f"the application is for a {name.en}"),
        ),
        HOST_IN_CITY,
        HOST_TYPE,
        FORMATION,
    ]
    standing = {
        "leading": (
            "学术水平和研究成果在国内外同行中处于一流水平，具备承担国家重大战略任务和解决“卡脖子”技术能力",
            "first-class among domestic and international peers; able to take on "
            "national strategic tasks and choke-point technologies",
        ),
        "key": (
            "学术水平和研究成果在国内同行中处于一流水平，在在国际同行中处于先进水平",
            "first-class nationally and advanced internationally; able to take on "
            "provincial key tasks",
        ),
        "youth": (
            "学术水平和研究成果在省内同行中处于一流水平，在国内同行中处于先进水平",
            "first-class in the province and advanced nationally, on frontier "
            "questions, with clear potential",
        ),
    }[tier]
    rules.append(
        Judgement(
            id=f"{NS}.{tier}.academic_standing",
            criterion=Text(standing[0], standing[1]),
            decided_by=PANEL,
            cite=c(f"{art}1.", f"{ck}/1", standing[0]),
        )
    )
    age_quote = {
        "key": "团队带头人申报当年年龄不超过50周岁",
        "youth": "团队带头人申报当年年龄不超过42周岁（女性可放宽2岁）",
    }
    if tier in age_quote:
        rules.append(
            AgeAtMost(
                id=f"{NS}.{tier}.leader_age",
                birth="team.leader.birth_date",
                years=P(f"{NS}.{tier}.leader_max_age"),
                method=LEADER_AGE_METHOD,
                female_extra=P(f"{NS}.youth.female_extra_years") if tier == "youth" else None,
                cite=c(f"{art}2.", f"{ck}/2", age_quote[tier]),
                text=Text(
                    "团队带头人申报当年年龄不超过{leader_max_age}周岁"
                    + ("（女性可放宽{female_extra_years}岁）" if tier == "youth" else "")
                    + f"（年龄计法见 {LEADER_AGE_METHOD.key}）",
                    "the leader is at most {leader_max_age}"
                    + (" ({female_extra_years} more for women)" if tier == "youth" else "")
                    + " in the application year"
                    + f" (age counted as {LEADER_AGE_METHOD.key} sets)",
                ),
                attained=P(f"{NS}.age_attained"),
                leap_day=P(f"{NS}.leap_day"),
            )
        )
    young = {
        "leading": ("40", "三分之一"),
        "key": ("40", "三分之一"),
        "youth": ("38", "二分之一"),
    }[tier]  # as the text writes them, for the citations
    minimum = {"leading": "7", "key": "5", "youth": "3"}[tier]
    rules += [
        Count(
            id=f"{NS}.{tier}.core_member_count",
            collection="team.members",
            where=CORE,
            value=P(f"{NS}.{tier}.min_core_members"),
            label=Text("核心成员", "core members"),
            cite=c(f"{art}2.", f"{ck}/2", f"团队核心成员不少于{minimum}人"),
            text=Text(
                "核心成员不少于{min_core_members}人（不含带头人）",
                "at least {min_core_members:# core member|# core members} (leader not counted)",
            ),
        ),
        Share(
            id=f"{NS}.{tier}.young_member_share",
            collection="team.members",
            among=CORE,
            where=AgeAtMost(
                birth="birth_date",
                years=P(f"{NS}.{tier}.young_age"),
                method=MEMBER_AGE_METHOD,
                attained=P(f"{NS}.age_attained"),
                leap_day=P(f"{NS}.leap_day"),
            ),
            fraction=P(f"{NS}.{tier}.young_share"),
            label=Text("核心成员", "core members"),
            cite=c(f"{art}2.", f"{ck}/2", f"其中{young[0]}周岁（含）以下成员不少于{young[1]}"),
            text=Text(
                "{young_age}周岁（含）以下核心成员不少于{young_share}"
                f"（年龄计法见 {MEMBER_AGE_METHOD.key}）",
                "at least {young_share} of core members aged {young_age} or under "
                f"(age counted as {MEMBER_AGE_METHOD.key} sets)",
            ),
        ),
    ]
    coop = {
        "leading": "创新团队与依托单位有较长时间的持续合作基础，或以重大科技项目为支撑，有良好的协作运行机制和相对稳定的产学研合作关系……合作取得过代表性科技成果",
        "key": "创新团队与依托单位有持续合作基础，有良好的协作运行机制和相对稳定的产学研合作关系，分工明确，优势互补，合作取得过科技成果",
        "youth": "创新团队与依托单位有持续合作基础，有良好的协作运行机制和相对稳定的产学研合作关系",
    }[tier]
    rules.append(
        Attested(
            id=f"{NS}.{tier}.cooperation_basis",
            key=f"{NS}.{tier}.cooperation_basis",
            question=Text(
                coop,
                "the team has the cooperation basis with the host that "
                f"{art} 3. requires for this tier",
            ),
            cite=c(f"{art}3.", f"{ck}/3", coop),
        )
    )
    host_q = {
        "leading": "创新团队应有良好的科研平台和环境条件，具备从事科技研发所必备的实验条件和装备基础；团队依托单位应有完善的科技管理制度和运行机制……能提供创新团队建设和发展所需的配套经费支持",
    }.get(
        tier,
        "依托单位应有完善的科技管理制度和运行机制，具备从事科技研发所必备的实验条件和装备基础，能提供创新团队建设和发展所需的配套经费支持",
    )
    rules.append(
        Attested(
            id=f"{NS}.{tier}.platform_and_host_support"
            if tier == "leading"
            else f"{NS}.{tier}.host_conditions",
            key=f"{NS}.{tier}.host_conditions",
            question=Text(
                host_q,
                "the platform, lab base, host management system and matching "
                "funds meet " + art + " 4.",
            ),
            cite=c(f"{art}4.", f"{ck}/4", host_q),
        )
    )
    rules += [
        IP,
        QUALITIES,
        NOT_BARRED,
        CALL_WINDOW,
        APPLICANT,
        JOINT,
        CO_BUILDERS,
        SIGNOFF,
        MEMBER_AGREEMENT,
        REVIEW,
    ]
    return rules


# -- funding, scoring, exits --------------------------------------------------------------


def _funding(tier: str) -> list[Fixed | Obligation]:
    grant = f"{NS}.funding.municipal_grant"
    return [
        Fixed(
            id=grant,
            payee="host",
            amount=P(f"{NS}.{tier}.grant"),
            schedule=OneOff(
                when=Text(
                    "按市科技计划项目管理程序下达",
                    "released under the municipal S&T plan project procedure",
                )
            ),
            # the funding comes with the project's approval (立项): nothing before it
            paid_after=PaidAfter(
                event=f"facts.{NS}.approved_on",
                text=Text(
                    "批准立项后按市科技计划项目管理程序下达",
                    "released once the project is approved, under the municipal S&T plan "
                    "project procedure",
                ),
                cite=c(
                    "第15条",
                    "YQ-TEAM/ch4/art15/s1",
                    "择优对创新团队申报的项目给予立项及一定的项目经费支持",
                ),
            ),
            cite=c(
                "第15条",
                "YQ-TEAM/ch4/art15/s1",
                "择优对创新团队申报的项目给予立项及一定的项目经费支持，一个支持周期为2年",
            ),
            text=Text(
                f"市科技计划项目（创新团队专项）经费，一个支持周期（{{{NS}.support_cycle}}）",
                "municipal S&T plan funding (team special project) for one support cycle "
                f"({{{NS}.support_cycle}})",
            ),
        ),
        Obligation(
            id=f"{NS}.funding.host_matching",
            obligor="host",
            committed="facts.yangquan.team.matching_committed",
            ratio=P(f"{NS}.matching_ratio"),
            of=grant,
            per="cycle",
            cite=c("第15条", "YQ-TEAM/ch4/art15/s2", "依托单位应给予不低于1:1的经费支持"),
            text=Text(
                "依托单位按不低于{matching_ratio}:1给予经费支持",
                "the host matches the municipal funding at least {matching_ratio}:1",
            ),
        ),
    ]


SCORING = [
    ScoreItem(
        id=f"{NS}.scope.focus_fields",
        weight=P(f"{NS}.priority_weight"),
        rule=OneOf(fact="application.field", values=P(f"{NS}.focus_fields")),
        cite=c(
            "第6条",
            "YQ-TEAM/ch1/art6",
            "重点支持创新团队聚焦信创和大数据、半导体与新材料、新能源与节能环保、5G智能化应用、现代农业等重点领域",
        ),
        text=Text("重点领域", "priority field"),
    ),
    ScoreItem(
        id=f"{NS}.scope.priority_activities",
        weight=P(f"{NS}.priority_weight"),
        rule=OneOf(
            fact="application.facts.yangquan.team.activity", values=P(f"{NS}.priority_activities")
        ),
        cite=c(
            "第5条",
            "YQ-TEAM/ch1/art5",
            "优先支持……开展应用基础研究，或有明确的技术路线、能产生重大经济或社会效益的关键核心技术攻关、集成创新和科技成果转化等科技研发活动",
        ),
        text=Text("优先支持的研发活动", "priority R&D activity"),
    ),
]

EVENT = "event.facts.yangquan.team"
EXITS = [
    ExitRule(
        id=f"{NS}.process.leader_change_report",
        trigger="leader_change",
        cite=c(
            "第17条",
            "YQ-TEAM/ch4/art17/s1",
            "团队带头人因特殊原因不能继续履行职责的，依托单位应在1个月内向市科技局提交调整团队带头人书面报告",
        ),
        text=Text(
            "带头人不能继续履职：依托单位{leader_change_report_months}个月内书面报告",
            "the leader can no longer serve: the host reports in writing within "
            "{leader_change_report_months:# month|# months}",
        ),
        decided_by=BUREAU,
        deadlines=(
            Deadline(
                what=Text(
                    "提交调整团队带头人书面报告", "submit the written leader-adjustment report"
                ),
                months=P(f"{NS}.leader_change_report_months"),
                # 第17条 attaches no consequence to a late report
                done=f"{EVENT}.report_submitted_on",
            ),
        ),
    ),
    ExitRule(
        id=f"{NS}.exit.leader_change_decision",
        trigger="leader_change",
        when=Compare(fact=f"{EVENT}.decision", value="terminate"),
        cite=c(
            "第17条", "YQ-TEAM/ch4/art17/s1", "市科技局审查后做出继续支持或终止支持该团队建设的决定"
        ),
        text=Text(
            "市科技局决定终止支持；团队撰写阶段工作总结报送存档",
            "the bureau ends support; the team files a stage summary",
        ),
        decided_by=BUREAU,
        new_status="support_terminated",
        # 「终止支持」, 「取消资助的创新团队」: nothing falls due or is paid from the bureau's
        # decision on (「审查后做出…决定」: support runs until it is decided, not from the day
        # the leader stopped serving); the text orders no recovery of what was paid
        payment="stop",
        payment_from="decision",
    ),
    ExitRule(
        id=f"{NS}.acceptance.pass_rule",
        trigger="acceptance",
        when=Compare(
            fact=f"{EVENT}.indicators_completed", op="==", value=F(f"{EVENT}.indicators_total")
        ),
        cite=c(
            "第21条",
            "YQ-TEAM/ch5/art21/s2",
            "完成任务书既定各项指标的视为通过验收，否则视为未通过验收",
        ),
        text=Text("完成任务书全部指标：通过验收", "every task-book indicator completed: accepted"),
        decided_by=PANEL,
        new_status="accepted",
    ),
    ExitRule(
        id=f"{NS}.exit.failed_acceptance",
        trigger="acceptance",
        when=Compare(
            fact=f"{EVENT}.indicators_completed", op="<", value=F(f"{EVENT}.indicators_total")
        ),
        cite=c(
            "第21条",
            "YQ-TEAM/ch5/art21/s2-s3",
            "完成任务书既定各项指标的视为通过验收，否则视为未通过验收。未通过验收的，取消其支持计划，且团队带头人2年内不得再次申报创新团队",
        ),
        text=Text(
            "未通过验收：取消支持计划，带头人{bar_years}年内不得再次申报",
            "acceptance failed: support cancelled, the leader barred for {bar_years:# year|# years}",
        ),
        decided_by=BUREAU,
        new_status="support_cancelled",
        # 「取消其支持计划」: no payment of the plan from the failed acceptance on; no recovery
        payment="stop",
        bans=(
            Ban(
                on="leader",
                years=P(f"{NS}.bar_years"),
                text=Text("不得再次申报创新团队", "may not apply for an innovation team"),
                leap_day=P(f"{NS}.leap_day"),
            ),
        ),
    ),
    ExitRule(
        id=f"{NS}.process.extension",
        trigger="extension_request",
        when=AllOf(
            rules=(
                DateCompare(
                    fact="event.date",
                    op="<=",
                    other="award.term_end",
                    offset=P(f"{NS}.extension_notice"),
                ),
                DateCompare(
                    fact=f"{EVENT}.requested_new_date",
                    op="<=",
                    other="award.term_end",
                    offset=P(f"{NS}.max_extension"),
                ),
            )
        ),
        cite=c(
            "第22条（第5章）",
            "YQ-TEAM/ch5/art22",
            "创新团队建设期满因特殊情况不能按期验收的，提前1个月提出延期申请，经批准后最长可延期一年验收",
        ),
        text=Text(
            "按期（提前{yangquan.team.extension_notice}）提出、不超过{yangquan.team.max_extension}的延期申请：可予批准",
            "an extension requested at least {yangquan.team.extension_notice} ahead, for at most {yangquan.team.max_extension}: "
            "admissible for approval",
        ),
        decided_by=BUREAU,
        new_status="extension_admissible",
    ),
    ExitRule(
        id=f"{NS}.process.extension_late",
        trigger="extension_request",
        when=DateCompare(
            fact="event.date", op=">", other="award.term_end", offset=P(f"{NS}.extension_notice")
        ),
        cite=c("第22条（第5章）", "YQ-TEAM/ch5/art22", "提前1个月提出延期申请"),
        text=Text(
            "延期申请未提前{yangquan.team.extension_notice}提出：不符合延期条件，按原期限验收",
            "the extension was not requested {yangquan.team.extension_notice} ahead: inadmissible, "
            "acceptance "
            "on the original date",
        ),
        decided_by=BUREAU,
        new_status="extension_inadmissible",
    ),
    ExitRule(
        id=f"{NS}.process.extension_too_long",
        trigger="extension_request",
        when=DateCompare(
            fact=f"{EVENT}.requested_new_date",
            op=">",
            other="award.term_end",
            offset=P(f"{NS}.max_extension"),
        ),
        cite=c("第22条（第5章）", "YQ-TEAM/ch5/art22", "经批准后最长可延期一年验收"),
        text=Text(
            "申请延期超过{yangquan.team.max_extension}：超出部分不予批准",
            "the extension asked for exceeds {yangquan.team.max_extension}: not admissible beyond it",
        ),
        decided_by=BUREAU,
        new_status="extension_inadmissible",
    ),
]


def _i(article: str, key: str, zh: str, en: str, quote: str = "") -> Informational:
    return Informational(cite=c(article, key, quote), reason=Text(zh, en))


INFORMATIONAL = [
    _i("第1条", "YQ-TEAM/ch1/art1", "立法目的与依据", "purpose and legal basis"),
    _i(
        "第2条",
        "YQ-TEAM/ch1/art2",
        "定义；产学研合作不作为单独条件",
        "definition; the enterprise–academia element is not a separate condition",
    ),
    _i(
        "第4条",
        "YQ-TEAM/ch1/art4",
        "遴选原则；择优排序由第三方评审（第12条）完成，文本未给分值、权重或名额",
        "selection principles; the competitive ranking is the third-party review (art. 12); "
        "the text gives no scale, weights or slots",
    ),
    _i(
        "第7条（1）2.",
        "YQ-TEAM/ch2/art7/(1)/2",
        "领军团队带头人「原则上年龄不受限制」：无可检查的上限",
        "leading tier: 「原则上年龄不受限制」, no limit to check",
        "团队带头人原则上年龄不受限制",
    ),
    _i("第12条", "YQ-TEAM/ch3/art12/s3", "命名规则，无条件", "naming convention; no condition"),
    _i(
        "第13条",
        "YQ-TEAM/ch4/art13",
        "任务书与过程管理：立项后的管理职责，文本未给期限",
        "task book and process management: post-award duties with no deadline in the text",
    ),
    _i(
        "第14条",
        "YQ-TEAM/ch4/art14",
        "带头人负责制与自主权，无可检查条件",
        "leader responsibility and autonomy; nothing to check",
    ),
    _i(
        "第15条",
        "YQ-TEAM/ch4/art15/s1",
        "支持周期：参数 yangquan.team.support_cycle，用于任务期（award.term_end）",
        "support cycle: parameter yangquan.team.support_cycle, the award term",
        "一个支持周期为2年",
    ),
    _i(
        "第16条",
        "YQ-TEAM/ch4/art16",
        "经费用途与进展报告：财务审计事项，文本未给比例或报送期限",
        "permitted uses and progress reports: an audit matter; no shares or report dates",
    ),
    _i(
        "第17条",
        "YQ-TEAM/ch4/art17/s2",
        "取消资助后「及时」报送阶段总结：「及时」未量化，不计算期限",
        "stage summary after cancellation 「及时」: not quantified, no deadline computed",
    ),
    _i(
        "第18条",
        "YQ-TEAM/ch4/art18",
        "市科技局联络、培训、宣传职责",
        "bureau liaison and publicity",
    ),
    _i("第19条", "YQ-TEAM/ch4/art19", "鼓励性条款", "encouragement"),
    _i(
        "第20条",
        "YQ-TEAM/ch5/art20",
        "验收组织、评价维度、杜绝虚假挂名、总结报告：专家组按任务书评价；通过与否以第21条为准",
        "acceptance organisation, evaluation dimensions, no nominal members, summary report: "
        "the panel evaluates against the task book; pass or fail follows art. 21",
    ),
    _i(
        "第二十二条（第6章）",
        "YQ-TEAM/ch6/art22",
        "解释机关；施行日期见参数 yangquan.team.issued_on",
        "interpreting body; the start date is parameter yangquan.team.issued_on",
    ),
]

CASE_BY_CASE = AllOf(
    rules=(
        Compare(fact="application.channel", value="case_by_case"),
        Attested(
            key=f"{NS}.municipal_key_introduction",
            question=Text(
                "市政府重点引进的创新团队和专项项目",
                "a team or project the municipal government specifically introduced",
            ),
        ),
    )
)
# sanctions stay failures on every route: 一事一议 is a way to apply (第9条), and the
# bar after a failed acceptance (第21条) is not a selection condition it could relax
SANCTIONS = frozenset({NOT_BARRED.id})


def _relaxations(rules: Sequence[Rule]) -> list[Relaxation]:
    return [
        Relaxation(
            id=f"{NS}.apply.case_by_case_route",
            when=CASE_BY_CASE,
            rules=tuple(r.id for r in rules if r.id and r.id not in SANCTIONS),
            cite=c(
                "第9条",
                "YQ-TEAM/ch3/art9/s2",
                "市政府重点引进的创新团队和专项项目可采取“一事一议”方式申报",
            ),
            text=Text("一事一议", "case by case"),
        ),
    ]


def programmes() -> list[Programme]:
    out = []
    for tier, (_key, _item, name) in TIERS.items():
        rules = _tier_rules(tier)
        out.append(
            Programme(
                id=f"{NS}.{tier}",
                jurisdiction="yangquan",
                document=DOC,
                name=name,
                subject="team",
                summary=Text(
                    f"阳泉市{name.zh}：依托单位申报，支持周期{{{NS}.support_cycle}}，"
                    "依托单位按不低于项目经费的{matching_ratio:%}配套",
                    f"Yangquan {name.en}: the host applies; support cycle {{{NS}.support_cycle}}; "
                    "host matches at least {matching_ratio:%} of the grant",
                ),
                reference=("application.reference_date", "application.call_notice_date"),
                rules=rules,
                funding=_funding(tier),
                scoring=SCORING,
                exits=EXITS,
                relaxations=_relaxations(rules),
                informational=INFORMATIONAL,
                valid_from=P(f"{NS}.issued_on"),
                validity_cite=c("第二十二条（第6章）", "YQ-TEAM/ch6/art22", "自印发之日起施行"),
                tags=("team", tier),
            )
        )
    return out


FACTS: Sequence[FactSpec] = [
    FactSpec(
        name="yangquan.team.call_opens_on",
        type="date",
        scope="application",
        text=Text("申报通知开始日", "call opens"),
    ),
    FactSpec(
        name="yangquan.team.call_closes_on",
        type="date",
        scope="application",
        text=Text("申报通知截止日", "call closes"),
    ),
    FactSpec(
        name="yangquan.team.applicant",
        type="str",
        scope="application",
        values=("host_unit", "leader", "other"),
        labels={
            "host_unit": Text("依托单位", "host unit"),
            "leader": Text("团队带头人", "team leader"),
            "other": Text("其他", "other"),
        },
        text=Text("申报主体", "applicant of record"),
    ),
    FactSpec(
        name="yangquan.team.joint_with_social_org",
        type="bool",
        scope="application",
        text=Text("社会组织共同申请", "joint application with social organisations"),
    ),
    FactSpec(
        name="yangquan.team.activity",
        type="str",
        scope="application",
        values=("applied_basic", "key_core_tech", "integrated_innovation", "transfer", "other"),
        labels={
            "applied_basic": Text("应用基础研究", "applied basic research"),
            "key_core_tech": Text("关键核心技术攻关", "key core technology"),
            "integrated_innovation": Text("集成创新", "integrated innovation"),
            "transfer": Text("科技成果转化", "transfer of results"),
            "other": Text("其他", "other"),
        },
        text=Text("研发活动类型", "R&D activity type"),
    ),
    FactSpec(
        name="yangquan.team.approved_on",
        type="date",
        text=Text("市科技局批准立项之日", "the project was approved (立项) on"),
    ),
    FactSpec(
        name="yangquan.team.matching_committed",
        type="yuan",
        text=Text("依托单位承诺配套经费（支持周期合计）", "host matching committed (cycle)"),
    ),
    FactSpec(
        name="yangquan.team.decision",
        type="str",
        scope="event",
        values=("continue", "terminate"),
        labels={
            "continue": Text("继续支持", "continue support"),
            "terminate": Text("终止支持", "end support"),
        },
        text=Text("继续或终止支持", "continue or end"),
    ),
    FactSpec(
        name="yangquan.team.report_submitted_on",
        type="date",
        scope="event",
        text=Text("依托单位提交调整带头人书面报告之日", "the host submitted the leader report on"),
    ),
    FactSpec(
        name="yangquan.team.indicators_total",
        type="int",
        scope="event",
        text=Text("任务书指标数", "task-book indicators"),
    ),
    FactSpec(
        name="yangquan.team.indicators_completed",
        type="int",
        scope="event",
        text=Text("完成指标数", "indicators completed"),
    ),
    FactSpec(
        name="yangquan.team.requested_new_date",
        type="date",
        scope="event",
        text=Text("申请延期至", "extension requested until"),
    ),
]
