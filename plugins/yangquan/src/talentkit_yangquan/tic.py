"""市技术创新中心认定管理办法 (YQ-TIC): technology innovation centres.

Three programmes: ``yangquan.tic`` (recognition conditions of 第九条, plus the award's
grading and exits), ``yangquan.tic.procedure`` (public notice and objection handling,
第七条（五）（六）) and ``yangquan.tic.operation`` (the running conditions of 第十条 and
第十三条, checked at the annual evaluation).

The first host unit has ``role = "first_host"``, other host units ``role = "host"``. The
centre director is ``person``. Centre staff are ``team.members`` with ``role = "fixed"``
or ``"mobile"``; expert-committee members are ``team.members`` with
``role = "committee"`` (a person who is both is listed once per role).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence

from talentkit import (
    AgeAtMost,
    AllOf,
    AnyOf,
    Attested,
    Ban,
    Compare,
    Count,
    DateCompare,
    Duration,
    ExitRule,
    F,
    FactScope,
    FactSpec,
    FactType,
    GradingScheme,
    Informational,
    Judgement,
    NoneWithin,
    Not,
    OneOf,
    P,
    Programme,
    Relaxation,
    Rule,
    ScoreItem,
    Share,
    Step,
    Text,
    When,
    WorkdaysWithin,
)

from talentkit_yangquan.common import BUREAU, PANEL, citer

DOC = "YQ-TIC"
c = citer(DOC)
NS = "yangquan.tic"
FIRST = "organisations[role=first_host]"
IS_HOST = OneOf(fact="role", values=("first_host", "host"))
OTHER_HOST = Compare(fact="role", value="host")
FACT = "facts.yangquan.tic"
EVENT = "event.facts.yangquan.tic"
ART9_2 = "第九条（二）"
ART9_3 = "第九条（三）"
ART9_4 = "第九条（四）"

# -- 第十条 expert committee (checked at recognition when formed, and in operation) -------

COMMITTEE = Compare(fact="role", value="committee")
COMMITTEE_SIZE = Count(
    id=f"{NS}.op.expert_committee_size",
    collection="team.members",
    where=COMMITTEE,
    value=P(f"{NS}.committee_min"),
    label=Text("专家委员会委员", "committee members"),
    cite=c("第十条", "YQ-TIC/ch4/art10/s3", "人数不低于5人"),
    text=Text(
        "专家委员会不少于{committee_min}人",
        "the expert committee has at least {committee_min:# member|# members}",
    ),
)
COMMITTEE_HOST_SHARE = Share(
    id=f"{NS}.op.expert_committee_host_share",
    collection="team.members",
    among=COMMITTEE,
    where=Compare(fact="facts.yangquan.tic.from_host", value=True),
    op="<=",
    fraction=P(f"{NS}.committee_host_share_max"),
    label=Text("专家委员会委员", "committee members"),
    cite=c("第十条", "YQ-TIC/ch4/art10/s3", "依托单位人员占比不超过二分之一"),
    text=Text(
        "依托单位人员占委员不超过{committee_host_share_max}",
        "at most {committee_host_share_max} of the committee come from the host units",
    ),
)
# a term ending on the fifth anniversary is exactly 5 years (民法典 第二百零一条、第二百零二条)
COMMITTEE_TERM = Duration(
    id=f"{NS}.op.expert_committee_term",
    start=f"{FACT}.committee_term_start",
    end=f"{FACT}.committee_term_end",
    at_most=P(f"{NS}.committee_term"),
    cite=c("第十条", "YQ-TIC/ch4/art10/s3", "每届任期不超过5年"),
    text=Text(
        "专家委员会每届任期不超过{committee_term}（至起始日满{committee_term}的对应日，含）",
        "each committee term is at most {committee_term} (up to and including the day "
        "{committee_term} after the start)",
    ),
    leap_day=P(f"{NS}.leap_day"),
)
FORMED = Compare(fact=f"{FACT}.committee_formed", value=True)


def _when_formed(rule: Rule) -> When:
    return When(id=rule.id, cite=rule.cite, text=rule.text, condition=FORMED, then=rule)


# -- 第九条 recognition conditions ------------------------------------------------------

# 第九条（三） puts the director first in 「人才队伍」, 第十条 makes the director 「中心建设管理、
# 安全运行第一责任人」 and 第九条（三） requires 「人事关系须在依托单位……有充足时间和精力」: the
# director is a member of the centre and one of its fixed staff (not 流动, 第十二条), whether
# or not the staff list names the director; a listing with the director's ``id`` is the
# same person and counts once
FIXED = Compare(fact="role", value="fixed")
HEADS_PLATFORMS = "person.facts.yangquan.tic.heads_platforms"
DIRECTOR = ("person",)

# 第十六条's bar, checked with the 第九条 conditions; named so the relaxations can leave it out
NOT_BARRED = NoneWithin(
    id=f"{NS}.eligibility.not_barred",
    collection="history.sanctions",
    where=Compare(fact="kind", value=f"{NS}.revoked"),
    date_field="decided_on",
    period=P(f"{NS}.bar_period"),
    on="application.submitted_on",
    cite=c(
        "第十六条",
        "YQ-TIC/ch5/art16",
        "被取消市技术创新中心资格的，3年内不得再次申报市技术创新中心",
    ),
    text=Text(
        "申报单位不在被取消资格后{bar_period}内（一事一议亦不豁免）",
        "not within {bar_period} of a revocation (no case-by-case exception)",
    ),
    leap_day=P(f"{NS}.leap_day"),
)

RULES: list[Rule] = [
    AllOf(
        id=f"{NS}.process.submission_via_org_unit",
        rules=(
            DateCompare(
                fact="application.submitted_on",
                op=">=",
                other="application.facts.yangquan.tic.call_opens_on",
            ),
            DateCompare(
                fact="application.submitted_on",
                op="<=",
                other="application.facts.yangquan.tic.call_closes_on",
            ),
        ),
        cite=c(
            "第七条（二）",
            "YQ-TIC/ch3/art7/(2)",
            "自评符合申报条件的单位在规定时间内按要求完成申报，并提交至组织管理单位",
        ),
        text=Text(
            "在申报通知规定时间内经组织管理单位申报",
            "submitted through the organising unit within the call window",
        ),
    ),
    Attested(
        id=f"{NS}.process.recommendation_letter",
        key=f"{NS}.recommendation_letter",
        question=Text(
            "组织管理单位审查材料真实完整并出具推荐函",
            "the organising unit checked the materials and issued a recommendation letter",
        ),
        cite=c(
            "第七条（三）",
            "YQ-TIC/ch3/art7/(3)",
            "组织管理单位对申报单位的申报材料真实性、完整性进行审查，并对符合要求的申报单位提出推荐意见，出具推荐函",
        ),
    ),
    Judgement(
        id=f"{NS}.score.expert_review",
        criterion=Text(
            "通过形式审查、现场考察、会议评审等专家评审论证",
            "passed the expert review (formal review, site visit, panel)",
        ),
        decided_by=PANEL,
        cite=c(
            "第七条（四）",
            "YQ-TIC/ch3/art7/(4)",
            "评审论证包括形式审查、现场考察、会议评审等多种形式。市科技局按照有关规定，提出评审标准和要求，组织开展专家评审论证",
        ),
    ),
    Attested(
        id=f"{NS}.eligibility.field_alignment",
        key=f"{NS}.field_aligned",
        question=Text(
            "建设领域与省、市重大战略部署紧密结合，符合产业与技术创新支持方向",
            "the field is tied to provincial and municipal strategies and supported directions",
        ),
        cite=c(
            "第九条（一）",
            "YQ-TIC/ch3/art9/(1)",
            "建设领域与省、市重大战略、重大任务、重大工程部署紧密结合，符合省、市产业与技术创新支持方向",
        ),
    ),
    Count(
        id=f"{NS}.eligibility.host_legal_person",
        collection="organisations",
        where=AllOf(rules=(IS_HOST, Not(rule=Compare(fact="legal_person", value=True)))),
        op="==",
        value=0,
        label=Text("非独立法人依托单位", "host units without legal personality"),
        cite=c(ART9_2, "YQ-TIC/ch3/art9/(2)/s1", "依托单位具有独立法人资格"),
        text=Text("全部依托单位具有独立法人资格", "every host unit is an independent legal person"),
    ),
    Count(
        id=f"{NS}.eligibility.host_unit_count",
        collection="organisations",
        where=IS_HOST,
        op="<=",
        value=P(f"{NS}.max_host_units"),
        soft=True,
        label=Text("依托单位", "host units"),
        cite=c(ART9_2, "YQ-TIC/ch3/art9/(2)/s1", "原则上不超过3家单位"),
        text=Text(
            "依托单位原则上不超过{max_host_units}家",
            "in principle at most {max_host_units:# host unit|# host units}",
        ),
    ),
    Judgement(
        id=f"{NS}.eligibility.host_strength",
        criterion=Text(
            "依托单位在该领域科技创新优势突出、代表性强",
            "the hosts are outstanding and representative in the field",
        ),
        decided_by=PANEL,
        cite=c(ART9_2, "YQ-TIC/ch3/art9/(2)/s1", "在该领域的科技创新优势突出、代表性强"),
    ),
    OneOf(
        id=f"{NS}.eligibility.first_host_registered_yangquan",
        fact=f"{FIRST}.area_code",
        values=P(f"{NS}.area_prefixes"),
        mode="prefix",
        cite=c(ART9_2, "YQ-TIC/ch3/art9/(2)/s2", "第一依托单位须在阳泉注册"),
        text=Text(
            "第一依托单位在阳泉注册（1403xx）", "the first host is registered in Yangquan (1403xx)"
        ),
    ),
    AnyOf(
        id=f"{NS}.eligibility.first_host_projects",
        rules=(
            OneOf(
                fact=f"{FIRST}.facts.yangquan.tic.plan_projects", values=P(f"{NS}.project_levels")
            ),
            When(
                condition=OneOf(
                    fact=f"{FIRST}.facts.yangquan.tic.plan_projects",
                    values=P(f"{NS}.review_project_levels"),
                ),
                then=Judgement(
                    id=f"{NS}.eligibility.first_host_projects.national",
                    criterion=Text(
                        "仅承担过国家级科技计划项目，是否视同省、市项目",
                        "only national projects: whether they "
                        "count as provincial or municipal ones",
                    ),
                    decided_by=BUREAU,
                ),
            ),
        ),
        cite=c(ART9_2, "YQ-TIC/ch3/art9/(2)/s2", "承担过省、市科技计划项目"),
        text=Text(
            "第一依托单位承担过省、市科技计划项目",
            "the first host has undertaken provincial or municipal S&T plan projects",
        ),
    ),
    Compare(
        id=f"{NS}.eligibility.first_host_ip",
        fact=f"{FIRST}.facts.yangquan.tic.ip_items",
        op=">=",
        value=P(f"{NS}.min_ip_items"),
        cite=c(ART9_2, "YQ-TIC/ch3/art9/(2)/s2", "拥有自主知识产权"),
        text=Text(
            "第一依托单位拥有自主知识产权（已授权或登记）不少于{min_ip_items}项",
            "the first host owns at least {min_ip_items} granted or registered IP {min_ip_items:item|items}",
        ),
    ),
    Attested(
        id=f"{NS}.eligibility.first_host_results_applied",
        key=f"{NS}.results_applied",
        question=Text(
            "第一依托单位产生的创新成果获得应用", "the first host's innovation results are in use"
        ),
        cite=c(ART9_2, "YQ-TIC/ch3/art9/(2)/s2", "产生的创新成果获得应用"),
    ),
    When(
        id=f"{NS}.eligibility.non_enterprise_requires_enterprise_partner",
        condition=Compare(fact=f"{FIRST}.is_enterprise", value=False),
        then=Count(
            collection="organisations",
            where=AllOf(rules=(OTHER_HOST, Compare(fact="is_enterprise", value=True))),
            value=P(f"{NS}.min_enterprise_partners"),
            label=Text("企业共建单位", "enterprise co-builders"),
        ),
        cite=c(ART9_2, "YQ-TIC/ch3/art9/(2)/s3", "第一依托单位为非企业的，须与企业共建"),
        text=Text(
            "第一依托单位为非企业的，须与至少{min_enterprise_partners}家企业共建",
            "a non-enterprise first host co-builds with at least {min_enterprise_partners:# enterprise|# enterprises}",
        ),
    ),
    When(
        id=f"{NS}.eligibility.cobuild_agreement",
        condition=Count(collection="organisations", where=OTHER_HOST, op=">", value=0),
        then=Attested(
            key=f"{NS}.cobuild_agreement",
            question=Text(
                "全部依托单位签署共建协议并开展实质性合作",
                "every host signed the co-building agreement and cooperates in substance",
            ),
        ),
        cite=c(
            ART9_2,
            "YQ-TIC/ch3/art9/(2)/s4",
            "全部依托单位须签署共建协议，健全合作机制，开展实质性合作建设",
        ),
        text=Text("多家依托单位的，全部签署共建协议", "with several hosts, all sign the agreement"),
    ),
    OneOf(
        id=f"{NS}.eligibility.director_title",
        fact="person.title_level",
        values=P(f"{NS}.senior_titles"),
        cite=c(ART9_3, "YQ-TIC/ch3/art9/(3)/s1", "中心主任应具有高级专业技术职称"),
        text=Text("中心主任具有高级专业技术职称", "the director holds a senior title"),
    ),
    AgeAtMost(
        id=f"{NS}.eligibility.director_age",
        birth="person.birth_date",
        years=P(f"{NS}.director_max_age"),
        method=P(f"{NS}.director_age_method"),
        cite=c(ART9_3, "YQ-TIC/ch3/art9/(3)/s1", "年龄不超过60周岁"),
        text=Text(
            "中心主任年龄不超过{director_max_age}周岁（年龄计法见 yangquan.tic.director_age_method）",
            "the director is at most {director_max_age} "
            "(age counted as yangquan.tic.director_age_method sets)",
        ),
        attained=P(f"{NS}.age_attained"),
        leap_day=P(f"{NS}.leap_day"),
    ),
    Count(
        id=f"{NS}.eligibility.director_employment",
        collection="organisations",
        where=AllOf(rules=(IS_HOST, Compare(fact="id", value=F("$.person.employer")))),
        op=">",
        value=0,
        label=Text("主任人事关系所在依托单位", "hosts employing the director"),
        cite=c(ART9_3, "YQ-TIC/ch3/art9/(3)/s1", "人事关系须在依托单位"),
        text=Text("中心主任人事关系在依托单位", "the director is employed by a host unit"),
    ),
    # 「……等创新平台」 leaves the list open: a platform of a listed kind bars the director;
    # one of another kind is for the bureau to judge, not a pass
    AllOf(
        id=f"{NS}.eligibility.director_no_other_platform_head",
        rules=(
            Not(rule=OneOf(fact=HEADS_PLATFORMS, values=P(f"{NS}.platform_types"))),
            AnyOf(
                rules=(
                    Count(
                        collection=HEADS_PLATFORMS,
                        op="==",
                        value=0,
                        label=Text("担任负责人的其他平台", "other platforms headed"),
                    ),
                    Judgement(
                        id=f"{NS}.eligibility.director_no_other_platform_head",
                        criterion=Text(
                            "中心主任在市内担任负责人的其他平台不属「技术创新中心、重点实验室、"
                            "新型研发机构等创新平台」",
                            "the other platform the director heads in the city is no "
                            "innovation platform of the kind 「技术创新中心、重点实验室、"
                            "新型研发机构等」",
                        ),
                        decided_by=BUREAU,
                    ),
                )
            ),
        ),
        cite=c(
            ART9_3,
            "YQ-TIC/ch3/art9/(3)/s1",
            "不得在市内其他技术创新中心、重点实验室、新型研发机构等创新平台担任负责人",
        ),
        text=Text(
            "中心主任未在市内其他创新平台担任负责人",
            "the director heads no other innovation platform in the city",
        ),
    ),
    Judgement(
        id=f"{NS}.eligibility.director_capability",
        criterion=Text(
            "主任科研和组织管理能力强、同行认可度高、学风优良、时间精力充足",
            "the director is able, recognised, of good conduct, with time",
        ),
        decided_by=PANEL,
        cite=c(
            ART9_3,
            "YQ-TIC/ch3/art9/(3)/s1",
            "科研能力和组织管理能力强，同行认可度高，学风作风优良，有充足时间和精力推动市技术创新中心建设运行",
        ),
    ),
    Judgement(
        id=f"{NS}.eligibility.staff_age_structure",
        criterion=Text("人才队伍年龄结构合理", "a reasonable age structure"),
        decided_by=PANEL,
        cite=c(ART9_3, "YQ-TIC/ch3/art9/(3)/s2", "人才队伍年龄结构合理"),
    ),
    Count(
        id=f"{NS}.eligibility.fixed_staff_min",
        collection="team.members",
        where=FIXED,
        # the director is one of the centre's fixed staff, listed or not, counted once
        also=DIRECTOR,
        value=P(f"{NS}.min_fixed_staff"),
        label=Text("固定人员", "fixed staff"),
        cite=c(ART9_3, "YQ-TIC/ch3/art9/(3)/s2", "中心固定人员不少于20人"),
        text=Text("固定人员不少于{min_fixed_staff}人", "at least {min_fixed_staff} fixed staff"),
    ),
    # the director's own record and their staff listing describe one person: where they
    # contradict each other on being 第一依托单位科技人员 and that decides the 50%, the check
    # needs review naming both facts (a person resolves it; neither record is preferred)
    Share(
        id=f"{NS}.eligibility.first_host_staff_share",
        collection="team.members",
        among=FIXED,
        also=DIRECTOR,
        where=AllOf(
            rules=(
                Compare(fact="employer", value=F(f"$.{FIRST}.id")),
                Compare(fact="facts.yangquan.tic.sci_tech", value=True),
            )
        ),
        fraction=P(f"{NS}.first_host_staff_share"),
        label=Text("固定人员", "fixed staff"),
        cite=c(ART9_3, "YQ-TIC/ch3/art9/(3)/s2", "第一依托单位科技人员占固定人员的比例不低于50%"),
        text=Text(
            "第一依托单位科技人员占固定人员不低于{first_host_staff_share:%}",
            "at least {first_host_staff_share:%} of fixed staff are S&T staff of the first host",
        ),
    ),
    Attested(
        id=f"{NS}.eligibility.management_system",
        key=f"{NS}.management_ok",
        question=Text(
            "组织管理体系完善、制度健全、科研条件良好、经费保障充足",
            "sound organisation and rules, good lab conditions, adequate funding",
        ),
        cite=c(
            ART9_4,
            "YQ-TIC/ch3/art9/(4)/s1",
            "组织管理体系完善，管理运行制度健全，具有良好的科研实验条件、独立集中的科研场地和充足的经费保障",
        ),
    ),
    Attested(
        id=f"{NS}.eligibility.independent_site",
        key=f"{NS}.site_independent",
        question=Text("科研场地独立、集中", "the research space is separate and in one place"),
        cite=c(ART9_4, "YQ-TIC/ch3/art9/(4)/s1", "独立集中的科研场地"),
    ),
    Compare(
        id=f"{NS}.eligibility.floor_area",
        fact=f"{FACT}.floor_area_m2",
        op=">=",
        value=P(f"{NS}.min_area_m2"),
        cite=c(ART9_4, "YQ-TIC/ch3/art9/(4)/s2", "研发及办公场地面积不少于1000平方米"),
        text=Text(
            "研发及办公场地不少于{min_area_m2}平方米",
            "at least {min_area_m2} m² of R&D and office space",
        ),
    ),
    Compare(
        id=f"{NS}.eligibility.equipment_value",
        fact=f"{FACT}.equipment_value",
        op=">=",
        value=P(f"{NS}.min_equipment_value"),
        cite=c(ART9_4, "YQ-TIC/ch3/art9/(4)/s2", "科研仪器设备原值不少于700万元"),
        text=Text(
            "科研仪器设备原值不少于{min_equipment_value:wan}万元",
            "research equipment of at least {min_equipment_value} yuan original value",
        ),
    ),
    Compare(
        id=f"{NS}.eligibility.rnd_investment_3y",
        fact=f"{FACT}.rnd_3y",
        op=">=",
        value=P(f"{NS}.min_rnd_3y"),
        cite=c(ART9_4, "YQ-TIC/ch3/art9/(4)/s2", "近3年研发总投入不少于500万元"),
        text=Text(
            "近3年研发总投入不少于{min_rnd_3y:wan}万元",
            "R&D input of at least {min_rnd_3y} yuan over the last 3 years",
        ),
    ),
    Count(
        id=f"{NS}.eligibility.clean_record_3y",
        collection="organisations",
        where=AllOf(
            rules=(
                IS_HOST,
                Not(
                    rule=NoneWithin(
                        collection="records",
                        # 重大/严重 qualify safety, quality and environment only: any
                        # 违法失信 record counts whatever its severity
                        where=AnyOf(
                            rules=(
                                OneOf(fact="kind", values=P(f"{NS}.illegal_dishonest_kinds")),
                                AllOf(
                                    rules=(
                                        OneOf(fact="kind", values=P(f"{NS}.severity_record_kinds")),
                                        OneOf(
                                            fact="severity",
                                            values=P(f"{NS}.major_severity_levels"),
                                        ),
                                    )
                                ),
                            )
                        ),
                        period=P(f"{NS}.lookback"),
                        on="$.application.submitted_on",
                        leap_day=P(f"{NS}.leap_day"),
                    )
                ),
            )
        ),
        op="==",
        value=0,
        label=Text("近三年有重大问题的依托单位", "hosts with a serious record"),
        cite=c(
            "第九条（五）",
            "YQ-TIC/ch3/art9/(5)",
            "近三年不存在重大安全、重大质量、严重环境问题或违法失信情况",
        ),
        text=Text(
            "各依托单位近{lookback}无重大安全、重大质量、严重环境问题，也无任何违法失信记录",
            "no host had a major safety or quality problem or a serious environmental "
            "problem, nor any illegal or dishonest conduct, in the last {lookback}",
        ),
    ),
    Judgement(
        id=f"{NS}.eligibility.conduct",
        criterion=Text("严格遵守学风作风建设要求", "observes academic-conduct requirements"),
        decided_by=PANEL,
        cite=c("第九条（五）", "YQ-TIC/ch3/art9/(5)", "严格遵守学风作风建设要求"),
    ),
    NOT_BARRED,
    _when_formed(COMMITTEE_SIZE),
    _when_formed(COMMITTEE_HOST_SHARE),
    _when_formed(COMMITTEE_TERM),
]

SCORING = [
    ScoreItem(
        id=f"{NS}.score.enterprise_academic_cobuild",
        weight=P(f"{NS}.priority_weight"),
        rule=AllOf(
            rules=(
                Compare(fact=f"{FIRST}.is_enterprise", value=True),
                Count(
                    collection="organisations",
                    where=AllOf(
                        rules=(
                            OTHER_HOST,
                            OneOf(fact="kind", values=P(f"{NS}.cobuild_academic_kinds")),
                        )
                    ),
                    value=P(f"{NS}.min_academic_partners"),
                ),
            )
        ),
        cite=c(
            ART9_2, "YQ-TIC/ch3/art9/(2)/s3", "第一依托单位为企业的，鼓励其与高校、科研院所共建"
        ),
        text=Text("企业与高校、科研院所共建", "enterprise co-building with academia"),
    ),
]

GRADING = GradingScheme(
    cite=c("第十四条", "YQ-TIC/ch5/art14", "评价结果分为“优秀、良好、合格、不合格”4个等次"),
    grades=("excellent", "good", "qualified", "unqualified"),
    quotas={},
    names={
        "excellent": Text("优秀", "excellent"),
        "good": Text("良好", "good"),
        "qualified": Text("合格", "qualified"),
        "unqualified": Text("不合格", "unqualified"),
    },
)

REVOKE_BAN = (
    Ban(
        on="first_host",
        years=P(f"{NS}.bar_years"),
        text=Text(
            "{bar_years}年内不得再次申报市技术创新中心",
            "may not apply for a centre again for {bar_years:# year|# years}",
        ),
        leap_day=P(f"{NS}.leap_day"),
    ),
)
UNQUALIFIED = Compare(fact=f"{EVENT}.grade", value="unqualified")
EXITS = [
    ExitRule(
        id=f"{NS}.exit.unqualified_rectification",
        trigger="evaluation",
        when=AllOf(
            rules=(
                UNQUALIFIED,
                Compare(fact=f"{EVENT}.previous_grade", op="!=", value="unqualified"),
            )
        ),
        cite=c("第十四条", "YQ-TIC/ch5/art14/s4", "绩效评价结果不合格的，责令其限期整改"),
        text=Text(
            "评价不合格：责令限期整改（期限由市科技局确定）",
            "unqualified: ordered to rectify within a period the bureau sets",
        ),
        decided_by=BUREAU,
        new_status="rectification_ordered",
    ),
    ExitRule(
        id=f"{NS}.exit.two_consecutive_unqualified",
        trigger="evaluation",
        when=AllOf(
            rules=(UNQUALIFIED, Compare(fact=f"{EVENT}.previous_grade", value="unqualified"))
        ),
        cite=c("第十四条", "YQ-TIC/ch5/art14/s4", "连续2次评价不合格的，取消其市技术创新中心资格"),
        text=Text(
            "连续2次评价不合格：取消资格，{bar_years}年内不得再次申报",
            "two consecutive unqualified grades: revoked, {bar_years}-year bar",
        ),
        decided_by=BUREAU,
        new_status="revoked",
        bans=REVOKE_BAN,
    ),
    ExitRule(
        id=f"{NS}.exit.non_participation",
        trigger="evaluation_absent",
        when=Compare(fact=f"{EVENT}.absence_justified", value=False),
        cite=c(
            "第十四条",
            "YQ-TIC/ch5/art14/s5",
            "无正当理由不参加评价的，视为放弃市级技术创新中心资格",
        ),
        text=Text(
            "无正当理由不参加评价：视为放弃资格（非「取消」，不触发{yangquan.tic.bar_years}年限制）",
            "absent without good reason: deemed to give up (not a revocation; no "
            "{yangquan.tic.bar_years}-year bar)",
        ),
        decided_by=BUREAU,
        new_status="relinquished",
    ),
    ExitRule(
        id=f"{NS}.process.major_change_prior_approval.approved",
        trigger="major_change",
        when=AllOf(
            rules=(
                Compare(fact=f"{EVENT}.applied_in_advance", value=True),
                Compare(fact=f"{EVENT}.approved", value=True),
            )
        ),
        cite=c(
            "第十三条",
            "YQ-TIC/ch4/art13/s1",
            "运行期间需变更名称、依托单位或其他重大事项的，应在事前以书面形式向市科技局申请，市科技局进行资格核实后，维持有效性不变",
        ),
        text=Text(
            "事前申请并经核实批准的变更：资格维持有效",
            "a change applied for in advance and approved: recognition stays valid",
        ),
        decided_by=BUREAU,
    ),
    ExitRule(
        id=f"{NS}.exit.unapproved_change",
        trigger="major_change",
        when=AnyOf(
            rules=(
                Compare(fact=f"{EVENT}.applied_in_advance", value=False),
                Compare(fact=f"{EVENT}.approved", value=False),
            )
        ),
        cite=c(
            "第十三条",
            "YQ-TIC/ch4/art13/s2",
            "如不提出申请或未经批准自行变更的，取消其市技术创新中心资格",
        ),
        text=Text(
            "未申请或未经批准自行变更：取消资格，{bar_years}年内不得再次申报",
            "changed without applying or without approval: revoked, {bar_years}-year bar",
        ),
        decided_by=BUREAU,
        new_status="revoked",
        bans=REVOKE_BAN,
    ),
    ExitRule(
        id=f"{NS}.exit.misconduct",
        trigger="misconduct",
        cite=c(
            "第十五条",
            "YQ-TIC/ch5/art15",
            "存在严重违法失信、安全事故、提供虚假材料、干扰绩效评价工作等情况的，取消其市技术创新中心资格",
        ),
        text=Text(
            "严重违法失信、安全事故、虚假材料、干扰评价：取消资格，{bar_years}年内不得再次申报",
            "serious illegal or dishonest conduct, safety accident, false "
            "materials, interference: revoked, {bar_years}-year bar",
        ),
        decided_by=BUREAU,
        new_status="revoked",
        bans=REVOKE_BAN,
    ),
    ExitRule(
        id=f"{NS}.exit.transition_period",
        trigger="transition_review",
        when=AllOf(
            rules=(
                Compare(fact="award.facts.yangquan.tic.recognised_under", value="2022"),
                DateCompare(fact="event.date", op=">", other=P(f"{NS}.transition_end")),
                Compare(fact=f"{EVENT}.meets_conditions", value=False),
            )
        ),
        cite=c(
            "第十七条",
            "YQ-TIC/ch6/art17",
            "过渡期结束后，仍未达到本办法规定要求的，不再保留市技术创新中心资格",
        ),
        text=Text(
            "旧办法认定的中心过渡期（至{yangquan.tic.transition_end}）后仍未达标："
            "不再保留资格（不触发{yangquan.tic.bar_years}年限制）",
            "a centre recognised under the old measure still short of the "
            "conditions after {yangquan.tic.transition_end}: not retained (no {yangquan.tic.bar_years}-year bar)",
        ),
        decided_by=BUREAU,
        new_status="not_retained",
    ),
    ExitRule(
        id=f"{NS}.exit.transition_rectify",
        trigger="transition_review",
        when=AllOf(
            rules=(
                Compare(fact="award.facts.yangquan.tic.recognised_under", value="2022"),
                DateCompare(fact="event.date", op="<=", other=P(f"{NS}.transition_end")),
                Compare(fact=f"{EVENT}.meets_conditions", value=False),
            )
        ),
        cite=c(
            "第十七条",
            "YQ-TIC/ch6/art17",
            "过渡期内，按照旧办法认定的市技术创新中心要按照本办法认定条件积极整改建设",
        ),
        text=Text(
            "过渡期内未达标：按本办法条件整改，资格暂时保留",
            "short of the conditions within the transition: rectify; status kept",
        ),
        decided_by=BUREAU,
    ),
]

PROCEDURE_RULES: list[Rule] = [
    AllOf(
        id=f"{NS}.process.public_notice",
        rules=(
            WorkdaysWithin(
                fact=f"{FACT}.notice_ends_on",
                op=">=",
                start=f"{FACT}.notice_published_on",
                days=P(f"{NS}.notice_days"),
                count_start=True,
            ),
            Not(
                rule=WorkdaysWithin(
                    fact=f"{FACT}.recognised_on",
                    start=f"{FACT}.notice_published_on",
                    days=P(f"{NS}.notice_days"),
                    count_start=True,
                )
            ),
        ),
        cite=c(
            "第七条（五）（六）",
            "YQ-TIC/ch3/art7/(5)-(6)",
            "在市科技局网站进行公示，公示期5个工作日。……对公示无异议的申报单位，由市科技局发布认定文件",
        ),
        text=Text(
            "公示满{notice_days}个工作日（公示首日计入），期满后方发布认定文件",
            "the notice runs {notice_days:# working day|# working days} (the first day counts); recognition is issued after it",
        ),
    ),
    When(
        id=f"{NS}.process.objection_reinvestigation",
        condition=Compare(fact=f"{FACT}.objection_raised", value=True),
        then=WorkdaysWithin(
            fact=f"{FACT}.objection_decided_on",
            start=f"{FACT}.objection_received_on",
            days=P(f"{NS}.objection_days"),
            count_start=False,
        ),
        cite=c(
            "第七条（六）",
            "YQ-TIC/ch3/art7/(6)",
            "对公示有异议的申报单位，市科技局在15个工作日内对异议进行重新调查核实，并提出认定或不认定意见",
        ),
        text=Text(
            "有异议的，{objection_days}个工作日内重新调查核实并提出意见",
            "an objection is re-examined and decided within {objection_days:# working day|# working days}",
        ),
    ),
]

# the same periods on the calendar: the check result shows when each ends
PROCEDURE_STEPS: list[Step] = [
    Step(
        id=f"{NS}.step.public_notice",
        start=f"{FACT}.notice_published_on",
        working_days=P(f"{NS}.notice_days"),
        count_start=True,
        cite=c("第七条（五）", "YQ-TIC/ch3/art7/(5)", "在市科技局网站进行公示，公示期5个工作日"),
        text=Text(
            "在市科技局网站公示（公示首日计入）",
            "public notice on the bureau's website (the first day counts)",
        ),
    ),
    Step(
        id=f"{NS}.step.objection_reinvestigation",
        start=f"{FACT}.objection_received_on",
        working_days=P(f"{NS}.objection_days"),
        done=f"{FACT}.objection_decided_on",
        when=Compare(fact=f"{FACT}.objection_raised", value=True),
        # 第七条（六） attaches no consequence to a late answer
        cite=c(
            "第七条（六）",
            "YQ-TIC/ch3/art7/(6)",
            "对公示有异议的申报单位，市科技局在15个工作日内对异议进行重新调查核实，并提出认定或不认定意见",
        ),
        text=Text(
            "对异议重新调查核实并提出认定或不认定意见",
            "the objection is re-examined and a recognition decision proposed",
        ),
    ),
]

OPERATION_RULES: list[Rule] = [
    COMMITTEE_SIZE,
    COMMITTEE_HOST_SHARE,
    COMMITTEE_TERM,
    Compare(
        id=f"{NS}.op.expert_committee_meeting",
        fact=f"{FACT}.committee_meetings_last_year",
        op=">=",
        value=P(f"{NS}.committee_min_meetings"),
        cite=c("第十条", "YQ-TIC/ch4/art10/s4", "每年至少召开一次会议"),
        text=Text(
            "专家委员会每年至少召开{committee_min_meetings}次会议",
            "the committee meets at least {committee_min_meetings:once|# times} a year",
        ),
    ),
    Judgement(
        id=f"{NS}.op.expert_committee_standing",
        criterion=Text(
            "委员为相关产业领域具有一定学术影响力的专家学者",
            "members are experts with standing in the field",
        ),
        decided_by=BUREAU,
        cite=c("第十条", "YQ-TIC/ch4/art10/s3", "由相关产业领域具有一定学术影响力的专家学者担任"),
    ),
    When(
        id=f"{NS}.process.major_change_prior_approval",
        condition=Compare(fact=f"{FACT}.major_change", value=True),
        then=AllOf(
            rules=(
                DateCompare(
                    fact=f"{FACT}.change_applied_on", op="<", other=f"{FACT}.change_effective_on"
                ),
                Compare(fact=f"{FACT}.change_approved", value=True),
            )
        ),
        cite=c(
            "第十三条",
            "YQ-TIC/ch4/art13/s1",
            "运行期间需变更名称、依托单位或其他重大事项的，应在事前以书面形式向市科技局申请",
        ),
        text=Text(
            "重大事项变更事前书面申请并获批准",
            "a major change was applied for in advance and approved",
        ),
    ),
]


def _i(article: str, key: str, zh: str, en: str) -> Informational:
    return Informational(cite=c(article, key), reason=Text(zh, en))


INFORMATIONAL = [
    _i("第一条–第三条", "YQ-TIC/ch1/art1-3", "目的、定位、原则", "purpose, mission, principles"),
    _i("第四条", "YQ-TIC/ch2/art4", "市科技局职责（决定机关）", "bureau duties (the decider)"),
    _i("第五条", "YQ-TIC/ch2/art5", "组织管理单位职责", "organising-unit duties"),
    _i(
        "第六条",
        "YQ-TIC/ch2/art6",
        "依托单位职责：提供保障、任命主任和委员；运行中的管理事项",
        "host duties: resources, appointing the director and committee; operating matters",
    ),
    _i(
        "第七条（一）",
        "YQ-TIC/ch3/art7/(1)",
        "市科技局发布申报通知（通知规定申报期限，见 process.submission_via_org_unit）",
        "the bureau issues the call (its window is checked by process.submission_via_org_unit)",
    ),
    _i("第七条（六）", "YQ-TIC/ch3/art7/(6)", "命名规则", "naming convention"),
    _i(
        "第八条",
        "YQ-TIC/ch3/art8",
        "一事一议：作为放宽（relaxation）实现",
        "case by case: a relaxation",
    ),
    _i(
        "第十条",
        "YQ-TIC/ch4/art10/s1-s2",
        "主任负责制与专家委员会咨询制",
        "director responsibility, advisory committee",
    ),
    _i(
        "第十一条",
        "YQ-TIC/ch4/art11",
        "协同攻关、开放共享、科普：运行要求，作为年度绩效评价内容",
        "collaboration, open sharing, popularisation: inputs to the annual evaluation",
    ),
    _i(
        "第十二条",
        "YQ-TIC/ch4/art12",
        "人员聘用与激励机制：年度绩效评价内容",
        "staffing and incentives: inputs to the annual evaluation",
    ),
    _i(
        "第十四条",
        "YQ-TIC/ch5/art14/s1-s3",
        "年度绩效评价：四个等次无标准、权重或比例，由市科技局评定（grading 仅列等次）",
        "annual evaluation: four grades with no criteria, weights or quotas; the bureau grades",
    ),
    _i(
        "第十四条",
        "YQ-TIC/ch5/art14/s4",
        "「限期整改」期限未规定，由市科技局逐案确定",
        "the rectification period is not stated; the bureau sets it case by case",
    ),
    _i(
        "第十八条",
        "YQ-TIC/ch6/art18",
        "解释机关；废止阳科发〔2022〕21号（旧办法中心适用第十七条过渡）",
        "interpreting body; repeal of the 2022 measure (old centres follow art. 17)",
    ),
    _i("全文", "YQ-TIC", "本办法未规定市级资助", "the measure grants no municipal money"),
]

# the 3-year bar after a revocation (第十六条) is a sanction, not a condition that
# 「一事一议」「单独组织论证」 (第八条) could relax
SANCTIONS = frozenset({NOT_BARRED.id})

RELAXATIONS = [
    Relaxation(
        id=f"{NS}.process.case_by_case",
        rules=tuple(r.id for r in RULES if r.id and r.id not in SANCTIONS),
        when=AllOf(
            rules=(
                Compare(fact="application.channel", value="case_by_case"),
                Attested(
                    key=f"{NS}.key_support_or_urgent",
                    question=Text(
                        "市委、市政府决定重点支持或我市产业发展急需的创新平台",
                        "a platform the city decided to support or that industry urgently needs",
                    ),
                ),
            )
        ),
        cite=c(
            "第八条",
            "YQ-TIC/ch3/art8",
            "对市委、市政府决定重点支持的或我市产业发展急需的创新平台，市科技局可根据需要按照“一事一议”的原则，单独组织论证",
        ),
        text=Text("一事一议", "case by case"),
    ),
]

VALIDITY = c("第十八条", "YQ-TIC/ch6/art18", "本办法自2025年9月8日起施行，有效期5年")


def programmes() -> list[Programme]:
    # the three programmes share jurisdiction, document, subject and validity
    common = functools.partial(
        Programme,
        jurisdiction="yangquan",
        document=DOC,
        subject="organisation",
        valid_from=P(f"{NS}.valid_from"),
        valid_to=P(f"{NS}.valid_to"),
        validity_cite=VALIDITY,
    )
    ref = ("application.reference_date", "application.call_notice_date")
    return [
        common(
            id=NS,
            name=Text(
                "阳泉市技术创新中心认定", "Yangquan technology innovation centre recognition"
            ),
            summary=Text(
                "依托单位申报，满足第九条条件，公示后认定；年度绩效评价，动态管理",
                "hosts apply under art. 9; recognised after public notice; evaluated yearly",
            ),
            reference=ref,
            rules=RULES,
            scoring=SCORING,
            grading=GRADING,
            exits=EXITS,
            relaxations=RELAXATIONS,
            informational=INFORMATIONAL,
            tags=("tic",),
        ),
        common(
            id=f"{NS}.procedure",
            name=Text(
                "阳泉市技术创新中心认定程序（公示与异议）",
                "Yangquan centre recognition procedure (notice and objection)",
            ),
            rules=PROCEDURE_RULES,
            procedure=PROCEDURE_STEPS,
            tags=("tic", "procedure"),
        ),
        common(
            id=f"{NS}.operation",
            name=Text("阳泉市技术创新中心运行管理", "Yangquan centre operation"),
            rules=OPERATION_RULES,
            tags=("tic", "operation"),
        ),
    ]


def _f(
    name: str,
    type_: FactType,
    zh: str,
    en: str,
    scope: FactScope = "profile",
    values: tuple[str, ...] = (),
    labels: Mapping[str, Text] | None = None,
) -> FactSpec:
    """A declared fact; a closed set of ``values`` has a ``label`` for each value."""
    return FactSpec(
        name=f"yangquan.tic.{name}",
        type=type_,
        scope=scope,
        text=Text(zh, en),
        values=values,
        labels=labels or {},
    )


FACTS: Sequence[FactSpec] = [
    _f("call_opens_on", "date", "申报通知开始日", "call opens", "application"),
    _f("call_closes_on", "date", "申报通知截止日", "call closes", "application"),
    _f(
        "plan_projects",
        "list",
        "承担过的科技计划项目级别",
        "levels of S&T plan projects undertaken",
        "organisation",
        ("national", "provincial", "municipal", "county"),
        labels={
            "national": Text("国家级", "national"),
            "provincial": Text("省级", "provincial"),
            "municipal": Text("市级", "municipal"),
            "county": Text("县级", "county"),
        },
    ),
    _f(
        "ip_items",
        "int",
        "已授权或登记的自主知识产权数",
        "granted or registered IP items",
        "organisation",
    ),
    _f(
        "heads_platforms",
        "list",
        "在市内担任负责人的其他创新平台类型",
        "other platforms in the city the person heads",
        "person",
    ),
    _f("sci_tech", "bool", "第一依托单位科技人员", "S&T staff of the host", "person"),
    _f("from_host", "bool", "委员来自依托单位", "committee member from a host unit", "person"),
    _f("floor_area_m2", "decimal", "研发及办公场地面积（平方米）", "R&D and office area (m²)"),
    _f("equipment_value", "yuan", "科研仪器设备原值", "equipment original value"),
    _f("rnd_3y", "yuan", "近3年研发总投入", "R&D input over the last 3 years"),
    _f("committee_formed", "bool", "已组建专家委员会", "expert committee formed"),
    _f("committee_term_start", "date", "专家委员会本届任期起", "committee term start"),
    _f("committee_term_end", "date", "专家委员会本届任期止", "committee term end"),
    _f(
        "committee_meetings_last_year",
        "int",
        "上一年度专家委员会会议次数",
        "committee meetings in the last year",
    ),
    _f("major_change", "bool", "运行期间发生重大事项变更", "a major change occurred"),
    _f("change_applied_on", "date", "变更书面申请日", "change applied for on"),
    _f("change_effective_on", "date", "变更生效日", "change effective on"),
    _f("change_approved", "bool", "变更经批准", "change approved"),
    _f("notice_published_on", "date", "公示开始日", "notice published on"),
    _f("notice_ends_on", "date", "公示结束日", "notice ends on"),
    _f("recognised_on", "date", "认定文件发布日", "recognition issued on"),
    _f("objection_raised", "bool", "公示有异议", "objection raised"),
    _f("objection_received_on", "date", "异议收到日", "objection received on"),
    _f("objection_decided_on", "date", "异议核实意见日", "objection decided on"),
    _f(
        "recognised_under",
        "str",
        "认定依据办法",
        "measure recognised under",
        "award",
        ("2022", "2025"),
        labels={
            "2022": Text("2022年旧办法", "the 2022 measures"),
            "2025": Text("2025年本办法", "the 2025 measures"),
        },
    ),
    _f(
        "grade",
        "str",
        "绩效评价等次",
        "evaluation grade",
        "event",
        ("excellent", "good", "qualified", "unqualified"),
        labels={
            "excellent": Text("优秀", "excellent"),
            "good": Text("良好", "good"),
            "qualified": Text("合格", "qualified"),
            "unqualified": Text("不合格", "unqualified"),
        },
    ),
    _f(
        "previous_grade",
        "str",
        "上一次绩效评价等次",
        "previous evaluation grade",
        "event",
        ("excellent", "good", "qualified", "unqualified", "none"),
        labels={
            "excellent": Text("优秀", "excellent"),
            "good": Text("良好", "good"),
            "qualified": Text("合格", "qualified"),
            "unqualified": Text("不合格", "unqualified"),
            "none": Text("无（首次评价）", "none (first evaluation)"),
        },
    ),
    _f("absence_justified", "bool", "不参加评价有正当理由", "absence justified", "event"),
    _f("applied_in_advance", "bool", "事前书面申请", "applied in advance", "event"),
    _f("approved", "bool", "经批准", "approved", "event"),
    _f("meets_conditions", "bool", "达到本办法认定条件", "meets the conditions", "event"),
]
