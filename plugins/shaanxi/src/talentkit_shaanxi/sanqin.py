"""陕西省“三秦学者”创新团队支持计划实施办法 (三秦办法, ``SX-SQ``).

Two programmes, one per funding category of 第十五条: ``shaanxi.sanqin.natsci_eng``
(自然科学和工程技术类) and ``shaanxi.sanqin.pss`` (哲学社会科学类). The employer's
minimum research match and construction funding differ by category; everything else is
shared. All numbers are in ``params/sanqin.toml``.

Input conventions
-----------------
* The subject is the team. The leader applies (团队带头人牵头申报制, 第九条), so the
  profile's ``history`` is the leader's history.
* ``organisations[role=lead]``: the 申报单位 / 牵头单位; ``organisations[role=partner]``:
  participating units of a cross-unit team. ``is_enterprise`` of the lead unit decides
  whether the team is an 企业创新团队.
* ``team.leader``: the leader (``title_level``, ``positions``, ``employer`` = id of the
  unit holding the personnel relation, ``honours``).
* ``team.members[]``: members with ``employer`` (unit id), ``full_time`` and
  ``facts.shaanxi.sanqin.certified`` (the unit's certificate of 第六条（四）).
* ``team.facts.shaanxi.sanqin.*``: the declared number of leaders, the leader's months a
  year at the lead unit, the contract date (start of the support period), the employer's
  committed research match per year and construction funding, special support.
* ``history.sanctions[]``: a 3-year unit ban is ``kind = "sanqin_unit_ban"`` with
  ``subject`` = the banned unit's id and ``decided_on`` = the stop decision.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from talentkit import (
    TAX_EXEMPT,
    AllOf,
    Annual,
    AnyOf,
    Attested,
    Ban,
    Compare,
    Count,
    DateCompare,
    Deadline,
    Document,
    Duration,
    ExitRule,
    External,
    F,
    FactScope,
    FactSpec,
    FactType,
    Fixed,
    FundingDecl,
    Informational,
    InRole,
    Judgement,
    Not,
    Obligation,
    OneOf,
    P,
    PackageCap,
    PaidAfter,
    Programme,
    Range,
    Relaxation,
    Rule,
    ScoreItem,
    Text,
    Title,
    When,
    YearlyGate,
)
from talentkit_shaanxi.common import JURISDICTION, REFERENCE, SQ, in_shaanxi, sq

DOCUMENTS: tuple[Document, ...] = ()  # SX-SQ is registered by common.py

NATSCI_ENG = "shaanxi.sanqin.natsci_eng"
PSS = "shaanxi.sanqin.pss"
ALL_IDS = (NATSCI_ENG, PSS)

LEAD = "organisations[role=lead]"
TF = "team.facts.shaanxi.sanqin"
CONTRACT = f"{TF}.contract_signed_on"


def _t(zh: str, en: str) -> Text:
    return Text(zh, en)


def _f(
    name: str,
    type_: FactType,
    scope: FactScope,
    zh: str,
    en: str,
    values: tuple[str, ...] = (),
    labels: Mapping[str, Text] | None = None,
) -> FactSpec:
    """A declared fact; a closed set of ``values`` has a ``label`` for each value."""
    return FactSpec(
        name=name, type=type_, scope=scope, text=Text(zh, en), values=values, labels=labels or {}
    )


FACTS: tuple[FactSpec, ...] = (
    _f(
        "shaanxi.sanqin.leader_count",
        "int",
        "team",
        "申报书明确的团队带头人人数",
        "number of leaders named in the application",
    ),
    _f(
        "shaanxi.sanqin.leader_months_at_lead",
        "int",
        "team",
        "带头人每年在申报（牵头）单位工作的月数（承诺或实际）",
        "months a year the leader works at the lead unit (committed or actual)",
    ),
    _f(
        "shaanxi.sanqin.contract_signed_on",
        "date",
        "team",
        "《陕西省“三秦学者”创新团队建设合同书》签订日（支持期起算）",
        "date the team construction contract was signed (start of support)",
    ),
    _f(
        "shaanxi.sanqin.yearly_reports_on",
        "dates",
        "team",
        "年度总结和下一年度计划报平台部门、人才办的日期（逐年，按顺序）",
        "dates the yearly summary and next year's plan reached the platform and the talent "
        "office (year by year, in order)",
    ),
    _f(
        "shaanxi.sanqin.research_match_per_year",
        "yuan",
        "team",
        "用人单位承诺每年提供的科研配套经费",
        "research match the employer commits per year",
    ),
    _f(
        "shaanxi.sanqin.construction_commitment",
        "yuan",
        "team",
        "用人单位承诺支持期内提供的综合建设经费（不含年度配套科研经费）",
        "construction funding the employer commits over the period (annual match excluded)",
    ),
    _f(
        "shaanxi.sanqin.special_support",
        "str",
        "team",
        "特殊支持类型（第十七条）",
        "special support under art. 17",
        ("none", "first_class", "strategic"),
        labels={
            "none": Text("无特殊支持", "no special support"),
            "first_class": Text(
                "全国一流水平团队特殊支持（一事一议）",
                "special support for a nationally first-class team (case by case)",
            ),
            "strategic": Text(
                "战略性顶尖团队综合资助", "comprehensive funding for a strategic top team"
            ),
        },
    ),
    _f(
        "shaanxi.sanqin.strategic_amount",
        "yuan",
        "team",
        "战略性顶尖团队综合资助额度",
        "comprehensive funding proposed for a strategic top team",
    ),
    _f(
        "shaanxi.sanqin.platform_types",
        "list",
        "team",
        "团队依托的省部级以上重大创新平台类型",
        "types of provincial/ministerial-or-higher innovation platforms the team relies on",
        (
            "key_lab",
            "engineering_lab",
            "engineering_center",
            "enterprise_tech_center",
            "manufacturing_innovation_center",
            "collaborative_innovation_2011",
            "other",
        ),
        labels={
            "key_lab": Text("重点实验室", "key laboratory"),
            "engineering_lab": Text("工程实验室", "engineering laboratory"),
            "engineering_center": Text(
                "工程（技术）研究中心", "engineering (technology) research centre"
            ),
            "enterprise_tech_center": Text("企业技术中心", "enterprise technology centre"),
            "manufacturing_innovation_center": Text(
                "制造业创新中心", "manufacturing innovation centre"
            ),
            "collaborative_innovation_2011": Text(
                "2011协同创新中心", "2011 collaborative innovation centre"
            ),
            "other": Text("其他平台", "other platform"),
        },
    ),
    _f(
        "shaanxi.sanqin.certified",
        "bool",
        "person",
        "所在单位已出具全职工作证明",
        "the member's unit has certified full-time work",
    ),
    _f(
        "shaanxi.ownership",
        "str",
        "organisation",
        "企业所有制",
        "ownership of an enterprise",
        ("state", "private", "foreign", "mixed", "other"),
        labels={
            "state": Text("国有", "state-owned"),
            "private": Text("民营", "private"),
            "foreign": Text("外资", "foreign-owned"),
            "mixed": Text("混合所有制", "mixed ownership"),
            "other": Text("其他", "other"),
        },
    ),
    # events
    _f(
        "shaanxi.sanqin.midterm_result",
        "str",
        "event",
        "中期评估结论",
        "mid-term result",
        ("good", "adequate", "poor"),
        labels={
            "good": Text("运行良好、成效明显", "running well, clear results"),
            "adequate": Text("一般", "adequate"),
            "poor": Text("成效较差、问题比较突出", "poor results, marked problems"),
        },
    ),
    _f(
        "shaanxi.sanqin.rectified",
        "bool",
        "event",
        "限期整改已到位",
        "rectification completed by the deadline",
    ),
    _f(
        "shaanxi.sanqin.final_result",
        "str",
        "event",
        "认定满五年评估考核结论",
        "result of the five-year evaluation",
        ("excellent", "pass", "fail"),
        labels={
            "excellent": Text("优秀", "excellent"),
            "pass": Text("合格", "pass"),
            "fail": Text("不合格", "fail"),
        },
    ),
    _f(
        "shaanxi.sanqin.leading_group_consent",
        "bool",
        "event",
        "领导小组已同意",
        "the leading group has consented",
    ),
)

# -- eligibility: 第一条, 第四条, 第六条 ---------------------------------------------------------

_ART6_3 = (
    "(三) 拥有高水平的带头人。每个创新团队应明确 1 名带头人；团队带头人坚持科学精神，恪守"
    "科学道德，品行端正；在国内具有正高级专业技术职务（业绩特别突出的企业创新团队带头人申报"
    "人可放宽至具有副高级以上专业技术职务），或者具有在海外知名高校、科研机构担任相当于副教"
    "授以上专业技术职务或在海外知名企业担任高级职务的工作经历；主持重大科研（课题）任务，研"
    "究工作具有重要创新性和发展前景，具有省内领先的学术技术水平，取得同行公认的高水平研究成"
    "果；具有较强的组织领导能力，对团队建设有创新性构想。团队带头人人事关系不在申报单位的，"
    "要确保每年在申报单位（跨单位合作的在牵头单位）工作 6 个月以上。"
)
_ART6_4 = (
    "(四) 结构稳定、合理。团队应有合理的专业结构、年龄结构、梯队结构。提倡创新团队成员的学"
    "科交叉、专业多样和能力互补。成员应全职在申报单位工作（所在单位应出具相关证明)。"
)


def _overseas(kinds: str, ranks: str) -> Count:
    return Count(
        collection="team.leader.positions",
        op=">=",
        value=1,
        label=_t("海外任职经历", "overseas posts"),
        where=AllOf(
            rules=(
                Not(rule=OneOf(fact="country", values=P("shaanxi.sanqin.domestic_countries"))),
                OneOf(fact="org_kind", values=P(kinds)),
                OneOf(fact="rank", values=P(ranks)),
            )
        ),
    )


_MEMBER_OK = AllOf(
    rules=(
        Compare(fact="full_time", value=True),
        InRole(
            fact="employer",
            roles=("lead", "partner"),
            text=_t(
                "成员全职所在单位为申报（牵头或参与）单位",
                "the member's full-time unit is the lead or a participating unit",
            ),
        ),
        Compare(fact="facts.shaanxi.sanqin.certified", value=True),
    )
)

ART6_RULES = (
    "shaanxi.sanqin.team.plan",
    "shaanxi.sanqin.team.performance",
    "shaanxi.sanqin.team.cross_unit",
    "shaanxi.sanqin.leader.single",
    "shaanxi.sanqin.leader.integrity",
    "shaanxi.sanqin.leader.title",
    "shaanxi.sanqin.leader.standing",
    "shaanxi.sanqin.leader.onsite_months",
    "shaanxi.sanqin.team.structure",
    "shaanxi.sanqin.team.members_fulltime",
    "shaanxi.sanqin.team.management",
    "shaanxi.sanqin.team.support_conditions",
)


def eligibility(fields_param: str) -> list[Rule]:
    return [
        OneOf(
            id="shaanxi.sanqin.meta.field",
            fact="application.field",
            values=P(fields_param),
            cite=sq(
                "第一条",
                "在自然科学、工程技术和哲学社会科学领域，重点遴选支持300个左右的高层次创新团队",
                "art1",
            ),
            text=_t(
                "团队所属类别与申报的类别一致（自然科学和工程技术类或哲学社会科学类）",
                "the team's field matches the category applied for",
            ),
        ),
        AllOf(
            id="shaanxi.sanqin.meta.scope",
            rules=(
                in_shaanxi(LEAD),
                OneOf(fact=f"{LEAD}.kind", values=P("shaanxi.sanqin.unit_kinds")),
            ),
            cite=sq(
                "第四条",
                "“创新团队支持计划”面向省内企业、高等院校（含民办高校）、科研院"
                "所、医疗卫生机构、社会组织及其他专业性机构遴选。",
                "art4",
            ),
            text=_t(
                "申报单位为省内企业、高校（含民办）、科研院所、医疗卫生机构、社会组织或其他"
                "专业性机构",
                "the lead unit is a Shaanxi enterprise, university, research institute, "
                "medical institution, social organisation or other professional body",
            ),
        ),
        Count(
            id="shaanxi.sanqin.exit.unit_ban",
            collection="history.sanctions",
            op="==",
            value=0,
            label=_t("有效的单位申报禁令", "bans in force on the lead unit"),
            where=AllOf(
                rules=(
                    Compare(fact="kind", value=P("shaanxi.sanqin.ban.sanction_kind")),
                    Compare(fact="subject", value=F(f"$.{LEAD}.id")),
                    DateCompare(fact="decided_on", op="<=", other="ref"),
                    Duration(
                        start="decided_on",
                        end="ref",
                        at_most=P("shaanxi.sanqin.ban.period"),
                        leap_day=P("shaanxi.leap_day"),
                    ),
                )
            ),
            cite=sq(
                "第二十四条",
                "整改不力的停止支持且三年内取消所在单位申报“创新团队计划”资格。",
                "art24",
            ),
            text=_t(
                "申报单位不在因整改不力被取消申报资格的{period}内",
                "the lead unit is not within a ban of {period} after a failed rectification",
            ),
        ),
        Judgement(
            id="shaanxi.sanqin.team.plan",
            criterion=_t(
                "具有明确可行的发展规划和较为完善的创新体系，研究方向符合我省重点需求",
                "a clear, feasible plan and innovation system fitting the province's needs",
            ),
            cite=sq(
                "第六条",
                "（一）具有明确可行的发展规划和较为完善的创新体系。",
                "art6/(1)",
                item="（一）",
            ),
            text=_t("发展规划和创新体系（专家评审）", "plan and innovation system (panel)"),
        ),
        Judgement(
            id="shaanxi.sanqin.team.performance",
            criterion=_t(
                "研究水平省内领先、国内一流，近五年标志性成果得到业内公认",
                "leading in the province, first-rate nationally, landmark results "
                "of the last five years recognised",
            ),
            cite=sq(
                "第六条",
                "(二) 创新能力和业绩突出。研究水平居行业或领域省内领先、国"
                "内一流，近五年所取得的标志性成果得到业内公认，并具有持续创新能力和良好"
                "的发展前景。可跨单位协作。",
                "art6/(2)",
                item="（二）",
            ),
            text=_t("创新能力和业绩（专家评审）", "capacity and results (panel)"),
        ),
        Count(
            id="shaanxi.sanqin.team.cross_unit",
            collection="organisations",
            where=Compare(fact="role", value="lead"),
            op="==",
            value=1,
            label=_t("牵头单位", "lead units"),
            cite=sq(
                "第六条",
                "可跨单位协作。……（跨单位合作的在牵头单位）",
                "art6/(2)",
                item="（二）（三）",
            ),
            text=_t(
                "可跨单位协作，但须明确一个申报（牵头）单位",
                "cross-unit teams are allowed with exactly one lead unit",
            ),
        ),
        Compare(
            id="shaanxi.sanqin.leader.single",
            fact=f"{TF}.leader_count",
            value=P("shaanxi.sanqin.leaders_per_team"),
            cite=sq("第六条", "每个创新团队应明确 1 名带头人", "art6/(3)", item="（三）"),
            text=_t(
                "每个团队明确{leaders_per_team}名带头人",
                "exactly {leaders_per_team:# leader|# leaders} per team",
            ),
        ),
        Attested(
            id="shaanxi.sanqin.leader.integrity",
            key="shaanxi.sanqin.leader.integrity",
            question=_t(
                "团队带头人坚持科学精神，恪守科学道德，品行端正",
                "the leader upholds scientific integrity and good conduct",
            ),
            cite=sq(
                "第六条",
                "团队带头人坚持科学精神，恪守科学道德，品行端正",
                "art6/(3)",
                item="（三）",
            ),
            text=_t("带头人科学道德、品行端正", "leader's integrity"),
        ),
        AnyOf(
            id="shaanxi.sanqin.leader.title",
            rules=(
                OneOf(fact="team.leader.title_level", values=P("shaanxi.sanqin.title.full")),
                AllOf(
                    rules=(
                        Compare(fact=f"{LEAD}.is_enterprise", value=True),
                        OneOf(
                            fact="team.leader.title_level", values=P("shaanxi.sanqin.title.relaxed")
                        ),
                        Attested(
                            key="shaanxi.sanqin.leader.outstanding_enterprise_record",
                            question=_t(
                                "企业创新团队带头人业绩特别突出",
                                "the enterprise team leader's record is exceptional",
                            ),
                        ),
                    )
                ),
                AllOf(
                    rules=(
                        _overseas(
                            "shaanxi.sanqin.overseas.academic_kinds",
                            "shaanxi.sanqin.overseas.academic_ranks",
                        ),
                        Attested(
                            key="shaanxi.sanqin.leader.overseas_renowned",
                            question=_t(
                                "海外任职的高校、科研机构或企业为知名机构",
                                "the overseas university, institute or company is renowned",
                            ),
                        ),
                    )
                ),
                AllOf(
                    rules=(
                        _overseas(
                            "shaanxi.sanqin.overseas.enterprise_kinds",
                            "shaanxi.sanqin.overseas.enterprise_ranks",
                        ),
                        Attested(
                            key="shaanxi.sanqin.leader.overseas_renowned",
                            question=_t(
                                "海外任职的高校、科研机构或企业为知名机构",
                                "the overseas university, institute or company is renowned",
                            ),
                        ),
                    )
                ),
            ),
            cite=sq("第六条", _ART6_3, "art6/(3)", item="（三）"),
            text=_t(
                "带头人具有国内正高级职称（业绩特别突出的企业团队带头人可为副高级以上），或"
                "海外知名高校、科研机构相当于副教授以上或知名企业高级职务经历",
                "the leader holds a senior title (sub-senior for an exceptional "
                "enterprise-team leader), or was associate professor or above at a "
                "renowned overseas university or institute, or senior staff at a renowned "
                "overseas company",
            ),
        ),
        Judgement(
            id="shaanxi.sanqin.leader.standing",
            criterion=_t(
                "主持重大科研任务，省内领先、同行公认，具有较强组织领导能力",
                "leads major research, leading in the province, recognised, strong leadership",
            ),
            cite=sq("第六条", _ART6_3, "art6/(3)", item="（三）"),
            text=_t("带头人学术水平和领导能力（专家评审）", "leader's standing (panel)"),
        ),
        When(
            id="shaanxi.sanqin.leader.onsite_months",
            condition=Compare(fact="team.leader.employer", op="!=", value=F(f"{LEAD}.id")),
            then=Compare(
                fact=f"{TF}.leader_months_at_lead",
                op=">=",
                value=P("shaanxi.sanqin.leader_min_months"),
            ),
            cite=sq(
                "第六条",
                "团队带头人人事关系不在申报单位的，要确保每年在申报单位（跨单位合"
                "作的在牵头单位）工作 6 个月以上。",
                "art6/(3)",
                item="（三）",
            ),
            text=_t(
                "带头人人事关系不在申报单位的，每年在申报（牵头）单位工作{leader_min_months}个月以上",
                "a leader employed elsewhere works at least {leader_min_months:# month|# months} "
                "a year at the lead unit",
            ),
        ),
        Judgement(
            id="shaanxi.sanqin.team.structure",
            criterion=_t(
                "专业结构、年龄结构、梯队结构合理",
                "sound structure by specialty, age and seniority",
            ),
            cite=sq("第六条", _ART6_4, "art6/(4)", item="（四）"),
            text=_t("团队结构（专家评审）", "team structure (panel)"),
        ),
        AllOf(
            id="shaanxi.sanqin.team.members_fulltime",
            rules=(
                Count(collection="team.members", op=">=", value=1, label=_t("团队成员", "members")),
                Count(
                    collection="team.members",
                    where=Not(rule=_MEMBER_OK),
                    op="==",
                    value=0,
                    label=_t(
                        "未全职在申报单位或无证明的成员",
                        "members not full time at a participating unit or without a certificate",
                    ),
                ),
            ),
            cite=sq(
                "第六条",
                "成员应全职在申报单位工作（所在单位应出具相关证明)。",
                "art6/(4)",
                item="（四）",
            ),
            text=_t(
                "成员全职在申报（参与）单位工作并有单位证明",
                "members work full time at the lead or a participating unit, with the "
                "unit's certificate",
            ),
        ),
        Judgement(
            id="shaanxi.sanqin.team.management",
            criterion=_t(
                "组织架构和管理制度较完善，有明确的团队文化和管理设想",
                "sound organisation, management and team culture",
            ),
            cite=sq("第六条", "(五) 具备较为完善的管理体系。", "art6/(5)", item="（五）"),
            text=_t("管理体系（专家评审）", "management (panel)"),
        ),
        Attested(
            id="shaanxi.sanqin.team.support_conditions",
            key="shaanxi.sanqin.team.support_conditions",
            question=_t(
                "申报单位有比较完善的配套支持措施和必备的基础设施、技术装备",
                "the unit has support measures, infrastructure and equipment",
            ),
            cite=sq(
                "第六条",
                "(六) 具有良好的支撑条件。申报单位有比较完善的配套支持措施，"
                "具有完成创新任务所必备的基础设施、技术装备等硬件基础。",
                "art6/(6)",
                item="（六）",
            ),
            text=_t("支撑条件", "support conditions"),
        ),
    ]


# -- priorities (第七条) and routing (第五条): scoring output only -------------------------------

_ART7 = "对具备以下情形之一的创新团队，给予重点支持。"

PRIORITIES: tuple[ScoreItem, ...] = (
    ScoreItem(
        id="shaanxi.sanqin.priority.industry_academia",
        weight=P("shaanxi.sanqin.priority.weight"),
        rule=AllOf(
            rules=(
                Count(
                    collection="organisations",
                    op=">=",
                    value=1,
                    where=AllOf(
                        rules=(
                            OneOf(fact="role", values=("lead", "partner")),
                            Compare(fact="is_enterprise", value=True),
                            # 「省内企业和高等院校、科研院所」: both in the province
                            Compare(fact="province", value=P("shaanxi.geo.province")),
                        )
                    ),
                ),
                Count(
                    collection="organisations",
                    op=">=",
                    value=1,
                    where=AllOf(
                        rules=(
                            OneOf(fact="role", values=("lead", "partner")),
                            OneOf(fact="kind", values=P("shaanxi.sanqin.academic_kinds")),
                            Compare(fact="province", value=P("shaanxi.geo.province")),
                        )
                    ),
                ),
                Attested(
                    key="shaanxi.sanqin.priority.cooperation_basis",
                    question=_t(
                        "企业与科研机构之间具有良好的产学研合作基础",
                        "enterprise and research partners have a good cooperation record",
                    ),
                ),
            )
        ),
        cite=sq(
            "第七条",
            _ART7 + "(一) 省内企业和高等院校、科研院所共同牵头设立的产学研"
            "用紧密结合的科技创新人才群体，企业与科研机构之间具有良好的产学研合作基础。",
            "art7/(1)",
            item="（一）",
        ),
        text=_t(
            "企业与高校、科研院所共同牵头的产学研团队（重点支持）",
            "jointly led by an enterprise and a university or institute (priority)",
        ),
    ),
    ScoreItem(
        id="shaanxi.sanqin.priority.eminent_leader",
        weight=P("shaanxi.sanqin.priority.weight"),
        rule=Count(
            collection="team.leader.honours",
            op=">=",
            value=1,
            # 「院士」「入选者」「获得者」「首席专家」: the honour held, not a nomination
            where=AllOf(
                rules=(
                    OneOf(fact="scheme", values=P("shaanxi.sanqin.priority.schemes")),
                    OneOf(fact="role", values=P("shaanxi.sanqin.priority.roles")),
                )
            ),
        ),
        cite=sq(
            "第七条",
            "(二) 中国科学院院士、中国工程院院士、国家“千人计划”和“万人计划"
            "”入选者以及国家部委"
            "“长江学者”特聘教授、国家杰出青年科学基金获得者、国家社科基金重大项目首席专"
            "家、国家"
            "“四个一批”人才培养工程入选者等领军人才领衔的高层次创新团队。",
            "art7/(2)",
            item="（二）",
        ),
        text=_t(
            "院士、国家千人/万人、长江特聘、杰青等领衔（重点支持）",
            "led by an academician or national top-talent selectee (priority)",
        ),
    ),
    ScoreItem(
        id="shaanxi.sanqin.priority.major_platform",
        weight=P("shaanxi.sanqin.priority.weight"),
        rule=OneOf(fact=f"{TF}.platform_types", values=P("shaanxi.sanqin.priority.platforms")),
        cite=sq(
            "第七条",
            "(三) 依托省部级以上重点实验室（工程实验室）、工程（技术）研究"
            "中心、企业技术中心、制造业创新中心以及2011协同创新中心等重大创新平台建设的"
            "创新团队。",
            "art7/(3)",
            item="（三）",
        ),
        text=_t(
            "依托省部级以上重大创新平台（重点支持）",
            "built on a provincial-or-higher innovation platform (priority)",
        ),
    ),
    ScoreItem(
        id="shaanxi.sanqin.priority.strong_backing",
        weight=P("shaanxi.sanqin.priority.weight"),
        rule=Attested(
            key="shaanxi.sanqin.priority.strong_backing",
            question=_t(
                "主管部门、所在地方和单位扶持力度较大、支持措施扎实",
                "strong backing from the supervisor, locality and unit",
            ),
        ),
        cite=sq(
            "第七条",
            "(四) 主管部门、所在地方和单位扶持力度较大、支持措施扎实。",
            "art7/(4)",
            item="（四）",
        ),
        text=_t("扶持力度大、措施扎实（重点支持）", "strong backing (priority)"),
    ),
)

_ART5 = (
    "按照行业领域特点，省委宣传部设立哲学社会科学领域创新团队平台，省委高教工委设立高等院校（"
    "不含哲学社会科学领域）创新团队平台，省科技厅设立科研机构创新团队平台，省工信厅设立中央驻"
    "陕企业（不含国防科技工业单位）、民营企业创新团队平台，省国资委设立国有企业创新团队平台，"
    "省卫生计生委设立医疗卫生机构创新团队平台，省国防科工办设立国防科技工业单位创新团队平台。"
)

_UNI = OneOf(fact=f"{LEAD}.kind", values=P("shaanxi.sanqin.route.university_kinds"))
_DEF = Compare(fact=f"{LEAD}.facts.shaanxi.defense_industry", value=True)
_NOT_DEF = Compare(fact=f"{LEAD}.facts.shaanxi.defense_industry", value=False)
_ENT = Compare(fact=f"{LEAD}.kind", value="enterprise")


def _route(dept: str, zh: str, en: str, rule: Rule) -> ScoreItem:
    return ScoreItem(
        id=f"shaanxi.sanqin.route.{dept}",
        weight=0,
        rule=rule,
        cite=sq("第五条第二款", _ART5, "art5/p2"),
        text=_t(f"报送平台：{zh}（输出，不计分）", f"platform: {en} (output, no points)"),
    )


ROUTES_NATSCI: tuple[ScoreItem, ...] = (
    _route("higher_edu_committee", "省委高教工委", "higher-education work committee", _UNI),
    _route(
        "defense",
        "省国防科工办",
        "defence science and industry office",
        AllOf(rules=(Not(rule=_UNI), _DEF)),
    ),
    _route(
        "sci_tech",
        "省科技厅",
        "science and technology department",
        AllOf(rules=(Compare(fact=f"{LEAD}.kind", value="research_institute"), _NOT_DEF)),
    ),
    _route(
        "industry",
        "省工信厅",
        "industry and IT department",
        AllOf(
            rules=(
                _ENT,
                _NOT_DEF,
                AnyOf(
                    rules=(
                        Compare(
                            fact=f"{LEAD}.facts.shaanxi.affiliation", value="central_in_shaanxi"
                        ),
                        Compare(fact=f"{LEAD}.facts.shaanxi.ownership", value="private"),
                    )
                ),
            )
        ),
    ),
    _route(
        "sasac",
        "省国资委",
        "state assets commission",
        AllOf(
            rules=(
                _ENT,
                _NOT_DEF,
                Compare(fact=f"{LEAD}.facts.shaanxi.ownership", value="state"),
                Not(
                    rule=Compare(
                        fact=f"{LEAD}.facts.shaanxi.affiliation", value="central_in_shaanxi"
                    )
                ),
            )
        ),
    ),
    _route(
        "health",
        "省卫生计生委",
        "health commission",
        AllOf(rules=(Compare(fact=f"{LEAD}.kind", value="medical"), _NOT_DEF)),
    ),
    _route(
        "unassigned",
        "第五条未列明，由人才办指定",
        "not named in art. 5; the talent office assigns one",
        AnyOf(
            rules=(
                OneOf(fact=f"{LEAD}.kind", values=P("shaanxi.sanqin.route.unlisted_kinds")),
                # 第五条 places central-in-Shaanxi, private and state enterprises only: a
                # foreign-owned, mixed or other one (not defence) has no platform named
                AllOf(
                    rules=(
                        _ENT,
                        _NOT_DEF,
                        Not(
                            rule=Compare(
                                fact=f"{LEAD}.facts.shaanxi.affiliation",
                                value="central_in_shaanxi",
                            )
                        ),
                        OneOf(
                            fact=f"{LEAD}.facts.shaanxi.ownership",
                            values=("foreign", "mixed", "other"),
                        ),
                    )
                ),
            )
        ),
    ),
)
ROUTES_PSS: tuple[ScoreItem, ...] = (
    _route(
        "publicity",
        "省委宣传部",
        "publicity department",
        OneOf(fact="application.field", values=P("shaanxi.sanqin.fields.pss")),
    ),
)

# -- funding (第十五条, 第十七条, 第二十四条) ----------------------------------------------

_ART15 = (
    "创新团队支持期为5年。省财政给予入选计划的团队带头人每年10万元、团队成员整体每年10万元（"
    "企业创新团队每年15万元）的一次性资助（视同政府奖金，免征个人所得税）。团队成员一次性资"
    "助经费由团队带头人根据成员职责任务合理分配。"
)
_ART15_EMP = (
    "用人单位每年为自然科学和工程技术类、哲学社会科学类的创新团队分别提供不少于20万元和"
    "不少于10万元的科研配套经费，支持期内用人单位统筹为自然科学和工程技术类、哲学社会科"
    "学类的创新团队分别提供不少于"
    "100万元和不少于50万元的综合建设经费（不含年度配套科研经费）"
)
# 第二十二条: the contract is the basis of support, so year 1 waits for its signature (data:
# PaidAfter); 第二十四条: the yearly summary and next year's plan are 「核拨支持经费的依据」,
# so each later year waits on the report made after the year before (data: YearlyGate; the
# k-th report date opens year k + 1)
REPORTS = f"{TF}.yearly_reports_on"
YEARLY_REPORT = YearlyGate(
    event=REPORTS,
    first=2,
    text=_t(
        "上一年度总结和下一年度计划报平台部门、人才办后核拨（第二年起逐年）",
        "paid once the previous year's summary and the next year's plan reach the platform "
        "and the talent office (each year from year 2)",
    ),
    cite=sq(
        "第二十四条",
        "用人单位是创新团队的建设与管理主体，每年对团队年度工作成效进行评估总结并指导团队"
        "制定下一年度工作计划，将总结和计划及时报平台部门、人才办，作为核拨支持经费的依据。",
        "art24",
    ),
    leap_day=P("shaanxi.leap_day"),
)
CONTRACT_SIGNED = PaidAfter(
    event=CONTRACT,
    text=_t(
        "签订《陕西省“三秦学者”创新团队建设合同书》后核拨（第一年）",
        "paid once the team construction contract is signed (year 1)",
    ),
    cite=sq(
        "第二十二条",
        "入选的创新团队及其所在单位与人才办签订《陕西省“三秦学者”创新团队建设合同书》，"
        "作为支持与管理的依据。",
        "art22",
    ),
    leap_day=P("shaanxi.leap_day"),
)


def _annual() -> Annual:
    return Annual(years=P("shaanxi.sanqin.support_years"), start=CONTRACT, gate=YEARLY_REPORT)


_ART20 = (
    "省委组织部、省人力资源和社会保障厅为入选“创新团队支持计划”的团队授牌，"
    "为团队带头人颁发“三秦学者”证书。"
)
TITLES = (
    Title(
        id="shaanxi.sanqin.title.team",
        holder="team",
        cite=sq("第二十条", _ART20, "art20"),
        text=_t(
            "“三秦学者”创新团队称号（授牌）",
            "the title of a Sanqin Scholars innovation team (plaque)",
        ),
    ),
    Title(
        id="shaanxi.sanqin.title.sanqin_scholar",
        holder="leader",
        cite=sq("第二十条", _ART20, "art20"),
        text=_t("“三秦学者”证书", "the Sanqin Scholar certificate"),
    ),
)


# the employers' minimums of both categories, named in full in the texts of each
MATCH = "shaanxi.sanqin.funding.research_match_min"
BUILD = "shaanxi.sanqin.funding.construction_min"


def funding(category: str) -> list[FundingDecl]:
    special = f"{TF}.special_support"
    return [
        *TITLES,
        Fixed(
            id="shaanxi.sanqin.funding.leader_grant",
            payee="leader",
            amount=P("shaanxi.sanqin.funding.leader_per_year"),
            schedule=_annual(),
            paid_after=CONTRACT_SIGNED,
            tax=TAX_EXEMPT,
            cite=sq("第十五条", _ART15, "art15"),
            text=_t(
                "团队带头人每年{leader_per_year:wan}万元一次性资助（视同政府奖金）",
                "leader: {leader_per_year} yuan a year (treated as a government award)",
            ),
        ),
        Fixed(
            id="shaanxi.sanqin.funding.member_pool",
            payee="members",
            amount=P("shaanxi.sanqin.funding.member_pool_per_year"),
            schedule=_annual(),
            paid_after=CONTRACT_SIGNED,
            tax=TAX_EXEMPT,
            condition=Compare(fact=f"{LEAD}.is_enterprise", value=False),
            cite=sq("第十五条", _ART15, "art15"),
            text=_t(
                "团队成员整体每年{member_pool_per_year:wan}万元，由带头人根据成员职责任务分配"
                "（视同政府奖金）",
                "members as a whole: {member_pool_per_year} yuan a year, split by the leader "
                "by duties (treated as a government award)",
            ),
        ),
        Fixed(
            id="shaanxi.sanqin.funding.member_pool_enterprise",
            payee="members",
            amount=P("shaanxi.sanqin.funding.member_pool_enterprise_per_year"),
            schedule=_annual(),
            paid_after=CONTRACT_SIGNED,
            tax=TAX_EXEMPT,
            condition=Compare(fact=f"{LEAD}.is_enterprise", value=True),
            cite=sq("第十五条", _ART15, "art15"),
            text=_t(
                "企业创新团队成员整体每年{member_pool_enterprise_per_year:wan}万元，"
                "由带头人分配（视同政府奖金）",
                "enterprise team members as a whole: {member_pool_enterprise_per_year} yuan "
                "a year, split by the leader (treated as a government award)",
            ),
        ),
        External(
            id="shaanxi.sanqin.funding.special_first_class",
            payee="team",
            reference="一事一议、按需支持（第十七条）",
            amount=P("shaanxi.sanqin.funding.first_class_amount"),
            condition=OneOf(fact=special, values=("first_class",)),
            cite=sq(
                "第十七条",
                "对能够代表全国一流水平、具有重大发展潜力的创新团队，可通过"
                "“一事一议、按需支持”方式，突破一般性支持力度给予特殊支持。",
                "art17",
            ),
            text=_t(
                "全国一流团队特殊支持（一事一议）",
                "special support for a national first-class team (case by case)",
            ),
        ),
        Range(
            id="shaanxi.sanqin.funding.strategic_cap",
            payee="team",
            low=None,
            high=P("shaanxi.sanqin.funding.strategic_max"),
            decided=f"{TF}.strategic_amount",
            condition=OneOf(fact=special, values=("strategic",)),
            cite=sq(
                "第十七条",
                "对具有重大影响、重大前景的战略性顶尖团队，可给予最高5000万元综合资助。",
                "art17",
            ),
            text=_t(
                "战略性顶尖团队综合资助（最高{strategic_max:wan}万元）",
                "strategic top team: comprehensive funding up to {strategic_max} yuan",
            ),
        ),
        # 「综合资助」: comprehensive, so the standard 第十五条 grants of the support period count
        # towards the 5000万元 as well; the package, not only the extra amount, is capped
        PackageCap(
            id="shaanxi.sanqin.funding.strategic_package",
            items=(
                "shaanxi.sanqin.funding.leader_grant",
                "shaanxi.sanqin.funding.member_pool",
                "shaanxi.sanqin.funding.member_pool_enterprise",
                "shaanxi.sanqin.funding.strategic_cap",
            ),
            cap=P("shaanxi.sanqin.funding.strategic_max"),
            condition=OneOf(fact=special, values=("strategic",)),
            cite=sq(
                "第十七条",
                "对具有重大影响、重大前景的战略性顶尖团队，可给予最高5000万元综合资助。",
                "art17",
            ),
            text=_t(
                "战略性顶尖团队综合资助（含第十五条一般资助）合计最高{strategic_max:wan}万元",
                "strategic top team: the whole package, the art. 15 grants included, at most "
                "{strategic_max} yuan",
            ),
        ),
        Obligation(
            id="shaanxi.sanqin.funding.employer_research_match",
            obligor="employer",
            committed=f"{TF}.research_match_per_year",
            per="year",
            at_least=P(f"shaanxi.sanqin.funding.research_match_min.{category}"),
            cite=sq("第十五条", _ART15_EMP, "art15"),
            text=_t(
                f"用人单位每年提供科研配套经费（自然科学和工程技术类不少于{{{MATCH}.natsci_eng:wan}}"
                f"万元，哲学社会科学类不少于{{{MATCH}.pss:wan}}万元）",
                f"employer research match each year (at least {{{MATCH}.natsci_eng}} "
                f"natsci/eng, {{{MATCH}.pss}} pss)",
            ),
        ),
        Obligation(
            id="shaanxi.sanqin.funding.employer_construction",
            obligor="employer",
            committed=f"{TF}.construction_commitment",
            per="period",
            at_least=P(f"shaanxi.sanqin.funding.construction_min.{category}"),
            cite=sq("第十五条", _ART15_EMP, "art15"),
            text=_t(
                f"支持期内用人单位提供综合建设经费（自然科学和工程技术类不少于"
                f"{{{BUILD}.natsci_eng:wan}}万元，哲学社会科学类不少于{{{BUILD}.pss:wan}}万元，"
                "不含年度配套科研经费）",
                f"employer construction funding over the period (at least "
                f"{{{BUILD}.natsci_eng}} natsci/eng, {{{BUILD}.pss}} pss; annual match excluded)",
            ),
        ),
    ]


# -- management and exit (第二十三条–第二十五条) ---------------------------------------------------

_ART23 = (
    "对弄虚作假骗取入选资格的，违反职业道德、学术不端造成不良社会影响的，或者触犯国家法律法"
    "规的团队成员，应当及时予以退出。团队带头人因特殊原因不能继续履行职责时，所在单位应及时"
    "向人才办书面报告，经审核后决定是否同意调整团队带头人以及是否继续予以资助。"
)
_ART24 = (
    "人才办会同平台部门对团队建设情况进行抽查和中期评估，通过抽查督促团队建设，及时研究解决"
    "存在的问题。根据中期评估情况，对运行良好、成效明显的团队，根据需要省财政给予一定的研究"
    "经费；对成效较差、问题比较突出的团队，要求限期整改，整改不力的停止支持且三年内取消所在"
    "单位申报“创新团队计划”资格。"
)
_ART25 = (
    "人才办会同平台部门组织对认定满五年的创新团队进行评估考核，对机制成熟、运行良好、成效显"
    "著的团队，省财政视情给予一定的滚动支持。注重对基础研究团队的长期稳定支持。考核不合格的"
    "，报经领导小组同意后，取消创新团队称号。"
)
_TALENT_OFFICE = _t("人才办会同平台部门", "talent office with the platform department")

EXITS: tuple[ExitRule, ...] = (
    ExitRule(
        id="shaanxi.sanqin.exit.member",
        trigger="member_misconduct",
        cite=sq("第二十三条", _ART23, "art23"),
        text=_t(
            "弄虚作假、学术不端等造成不良社会影响或违法的团队成员予以退出",
            "a member who committed fraud, misconduct with adverse impact, or broke the law exits",
        ),
        decided_by=_t(
            "所在单位和人才办（办法未明确）",
            "the unit and the talent office (not named in the text)",
        ),
        when=AnyOf(
            rules=(
                OneOf(
                    fact="event.facts.shaanxi.cause", values=P("shaanxi.sanqin.exit.causes_always")
                ),
                AllOf(
                    rules=(
                        OneOf(
                            fact="event.facts.shaanxi.cause",
                            values=P("shaanxi.sanqin.exit.causes_impact"),
                        ),
                        OneOf(
                            fact="event.facts.shaanxi.impact",
                            values=P("shaanxi.sanqin.exit.impacts"),
                        ),
                    )
                ),
            )
        ),
        new_status="member_removed",
    ),
    ExitRule(
        id="shaanxi.sanqin.exit.leader_change",
        trigger="leader_unable",
        cite=sq("第二十三条", _ART23, "art23"),
        text=_t(
            "带头人不能继续履行职责：所在单位及时书面报告，人才办审核决定是否调整带头人、"
            "是否继续资助",
            "leader unable to continue: the unit reports in writing; the talent "
            "office decides on a new leader and on continued funding",
        ),
        decided_by=_t("人才办", "talent office"),
        new_status="leader_change_pending",
        deadlines=(
            Deadline(
                what=_t("所在单位向人才办书面报告", "written report to the talent office"),
                days=P("shaanxi.sanqin.leader_report_days"),
            ),
        ),
    ),
    ExitRule(
        id="shaanxi.sanqin.exit.midterm_rectification",
        trigger="midterm_evaluation",
        cite=sq("第二十四条", _ART24, "art24"),
        text=_t(
            "中期评估成效较差、问题比较突出：限期整改",
            "poor mid-term result: rectification by a deadline",
        ),
        decided_by=_TALENT_OFFICE,
        new_status="rectification",
        when=Compare(fact="event.facts.shaanxi.sanqin.midterm_result", value="poor"),
    ),
    ExitRule(
        id="shaanxi.sanqin.funding.midterm_bonus",
        trigger="midterm_evaluation",
        cite=sq("第二十四条", _ART24, "art24"),
        text=_t(
            "中期评估运行良好、成效明显：根据需要省财政给予一定的研究经费（金额未规定）",
            "good mid-term result: research funding as needed (amount not stated)",
        ),
        decided_by=_TALENT_OFFICE,
        when=Compare(fact="event.facts.shaanxi.sanqin.midterm_result", value="good"),
    ),
    ExitRule(
        id="shaanxi.sanqin.exit.midterm_stop",
        trigger="rectification_failed",
        cite=sq("第二十四条", _ART24, "art24"),
        text=_t(
            "整改不力：停止支持，三年内取消所在单位申报资格",
            "rectification failed: support stops and the unit may not apply for three years",
        ),
        decided_by=_TALENT_OFFICE,
        new_status="support_stopped",
        # 「停止支持」: the yearly grants not yet paid are not paid; the text orders no recovery
        payment="stop",
        when=Compare(fact="event.facts.shaanxi.sanqin.rectified", value=False),
        bans=(
            Ban(
                on="lead_unit",
                years=P("shaanxi.sanqin.ban.years"),
                text=_t(
                    "取消所在单位申报“创新团队计划”资格",
                    "the unit may not apply to the innovation-team programme",
                ),
                leap_day=P("shaanxi.leap_day"),
            ),
        ),
    ),
    ExitRule(
        id="shaanxi.sanqin.exit.title_cancel",
        trigger="final_evaluation",
        cite=sq("第二十五条", _ART25, "art25"),
        text=_t(
            "认定满五年考核不合格，报经领导小组同意后取消创新团队称号",
            "failed five-year evaluation: the title is cancelled with the leading group's consent",
        ),
        decided_by=_t(
            "人才办会同平台部门提出，领导小组同意",
            "proposed by the talent office and platform; the leading group consents",
        ),
        new_status="title_cancelled",
        # 「取消创新团队称号」: the team's title; the text says nothing of the leader's certificate
        withdraw=("shaanxi.sanqin.title.team",),
        when=AllOf(
            rules=(
                Compare(fact="event.facts.shaanxi.sanqin.final_result", value="fail"),
                Duration(
                    start="award.awarded_on",
                    end="event.date",
                    at_least=P("shaanxi.sanqin.evaluation_after"),
                    leap_day=P("shaanxi.leap_day"),
                ),
                Compare(fact="event.facts.shaanxi.sanqin.leading_group_consent", value=True),
            )
        ),
    ),
    ExitRule(
        id="shaanxi.sanqin.funding.rolling",
        trigger="final_evaluation",
        cite=sq("第二十五条", _ART25, "art25"),
        text=_t(
            "机制成熟、运行良好、成效显著的团队视情给予滚动支持（金额未规定）",
            "mature, well-run, effective teams may get rolling support (amount not stated)",
        ),
        decided_by=_TALENT_OFFICE,
        new_status="rolling_support",
        when=AllOf(
            rules=(
                Compare(fact="event.facts.shaanxi.sanqin.final_result", value="excellent"),
                Duration(
                    start="award.awarded_on",
                    end="event.date",
                    at_least=P("shaanxi.sanqin.evaluation_after"),
                    leap_day=P("shaanxi.leap_day"),
                ),
            )
        ),
    ),
)

RELAXATIONS: tuple[Relaxation, ...] = (
    Relaxation(
        id="shaanxi.sanqin.relax.urgent_need",
        when=Attested(
            key="shaanxi.sanqin.regional_urgent_need",
            question=_t(
                "团队为所在地区急需紧缺的创新团队", "the team is urgently needed in its region"
            ),
        ),
        rules=ART6_RULES,
        cite=sq(
            "第十四条",
            "对各地区急需紧缺的创新团队，可适当放宽资格条件、评审标准，给予倾斜支持。",
            "art14",
        ),
        text=_t(
            "各地区急需紧缺的创新团队可适当放宽资格条件",
            "urgently needed teams: conditions may be relaxed",
        ),
    ),
)

INFO: tuple[Informational, ...] = (
    Informational(
        cite=sq("第一条", "计划用5年左右时间……重点遴选支持300个左右的高层次创新团队。", "art1"),
        reason=_t(
            "300个左右为监测目标（参数 shaanxi.sanqin.target.teams），不作上限",
            "about 300 teams is a monitoring target (shaanxi.sanqin.target.teams), never a cap",
        ),
    ),
    Informational(
        cite=sq("第五条第二款", _ART5, "art5/p2"),
        reason=_t(
            "报送平台按单位类型确定，作为评分输出项 shaanxi.sanqin.route.*（不计分），"
            "不作资格检查；社会组织和其他专业性机构第五条未列平台，由人才办指定",
            "the platform follows the unit type and is output as "
            "shaanxi.sanqin.route.* (no points), not an eligibility check; art. 5 "
            "names no platform for social organisations and other professional "
            "bodies",
        ),
    ),
    Informational(
        cite=sq("第八条至第十三条", "企业创新团队评审应进行实地考察", "art8-13"),
        reason=_t(
            "遴选程序（申报推荐、形式审查、分类评价、实地考察、公示7个工作日、批准），属流程；"
            "公示届满日作为程序期限显示（第十二条）",
            "selection procedure (incl. the mandatory site visit for enterprise "
            "teams and 7 working days' publicity): process, not eligibility; the "
            "publicity's last day is shown as a procedure step (art. 12)",
        ),
    ),
    Informational(
        cite=sq(
            "第十五条", "团队成员一次性资助经费由团队带头人根据成员职责任务合理分配。", "art15"
        ),
        reason=_t(
            "成员资助由带头人分配：资金行只记到“团队成员整体”，分配是否合理不作机器判断",
            "the leader splits the members' pool: lines are paid to the members as "
            "a whole; whether a split is reasonable is not machine-checked",
        ),
    ),
    Informational(
        cite=sq(
            "第十六条",
            "按照有关规定赋予创新团队带头人更大财物支配权、技术路线决定权和科技成果处置权。",
            "art16",
        ),
        reason=_t(
            "带头人权限与配套政策，无可检查条件",
            "the leader's powers and local policies: nothing to check",
        ),
    ),
    Informational(
        cite=sq(
            "第十八条",
            "对符合条件的创新团队带头人，择优推荐申报国家高层次人才特殊支持计划"
            "科技创新领军人才和哲学社会科学领军人才。",
            "art18",
        ),
        reason=_t(
            "入选后向国家“万人计划”推荐的来源，不是申报条件",
            "a later nomination pool for the national 万人计划, not a condition",
        ),
    ),
    Informational(
        cite=sq(
            "第十九条",
            "对创新团队引进的团队成员，符合我省“千人计划”青年项目申报条件的，给予倾斜支持。",
            "art19",
        ),
        reason=_t(
            "倾斜支持属千人计划青年项目的评分项 shaanxi.qianren.youth.sanqin_member_tilt"
            "（事实 person.facts.shaanxi.qianren.sanqin_member）",
            "the tilt is the 千人 youth scoring item "
            "shaanxi.qianren.youth.sanqin_member_tilt (fact "
            "person.facts.shaanxi.qianren.sanqin_member)",
        ),
    ),
    Informational(
        cite=sq(
            "第二十条至第二十二条",
            "入选的创新团队及其所在单位与人才办签订《陕西省“三秦学者”"
            "创新团队建设合同书》，作为支持与管理的依据。",
            "art20-22",
        ),
        reason=_t(
            "授牌和证书声明为称号（第二十条）；合同签订日为支持期起算日、第一年资助的支付时点"
            "（第二十二条）；第二十一条为联系服务工作，无可检查条件",
            "plaque and certificate are declared as titles (art. 20); the contract date "
            "starts the support period and releases year 1 (art. 22); art. 21 is liaison "
            "work with nothing to check",
        ),
    ),
    Informational(
        cite=sq(
            "第三十三条",
            "“创新团队支持计划”实施前经批准认定且在支持期内的"
            "“三秦学者”岗位特聘教授、特聘专家带领的创新团队，可享受本办法相关支持服务政策。",
            "art33",
        ),
        reason=_t(
            "原三秦学者岗位团队享受支持服务政策，不产生新的五年资助",
            "legacy 三秦学者 post teams keep support and services; no new five-year grant",
        ),
    ),
)


def _programme(
    pid: str,
    category: str,
    name: Text,
    summary: Text,
    fields_param: str,
    routes: Sequence[ScoreItem],
) -> Programme:
    return Programme(
        id=pid,
        jurisdiction=JURISDICTION,
        document=SQ,
        name=name,
        summary=summary,
        subject="team",
        rules=tuple(eligibility(fields_param)),
        funding=tuple(funding(category)),
        scoring=(*PRIORITIES, *routes),
        exits=EXITS,
        relaxations=RELAXATIONS,
        informational=INFO,
        reference=REFERENCE,
        valid_from=P("shaanxi.sanqin.valid_from"),
        validity_cite=sq(
            "第三十六条",
            "本办法自发布之日起施行，《陕西省“三秦学者”计划实施办法》同时废止。",
            "art36",
        ),
        tags=("sanqin",),
    )


PROGRAMMES: tuple[Programme, ...] = (
    _programme(
        NATSCI_ENG,
        "natsci_eng",
        _t(
            "三秦学者创新团队（自然科学和工程技术类）",
            "三秦 scholars innovation team (natural science and engineering)",
        ),
        _t(
            "{support_years}年支持期：带头人每年{leader_per_year:wan}万元，成员整体每年"
            "{member_pool_per_year:wan}万元（企业团队{member_pool_enterprise_per_year:wan}万元）；"
            "用人单位每年配套不少于{research_match_min.natsci_eng:wan}万元，综合建设经费不少于"
            "{construction_min.natsci_eng:wan}万元",
            "{support_years:# year|# years}: leader {leader_per_year} a year, members "
            "{member_pool_per_year} (enterprise {member_pool_enterprise_per_year}); employer "
            "match at least {research_match_min.natsci_eng} a year and "
            "{construction_min.natsci_eng} construction",
        ),
        "shaanxi.sanqin.fields.natsci_eng",
        ROUTES_NATSCI,
    ),
    _programme(
        PSS,
        "pss",
        _t(
            "三秦学者创新团队（哲学社会科学类）",
            "三秦 scholars innovation team (philosophy and social sciences)",
        ),
        _t(
            "{support_years}年支持期：带头人每年{leader_per_year:wan}万元，成员整体每年"
            "{member_pool_per_year:wan}万元（企业团队{member_pool_enterprise_per_year:wan}万元）；"
            "用人单位每年配套不少于{research_match_min.pss:wan}万元，综合建设经费不少于"
            "{construction_min.pss:wan}万元",
            "{support_years:# year|# years}: leader {leader_per_year} a year, members "
            "{member_pool_per_year} (enterprise {member_pool_enterprise_per_year}); employer "
            "match at least {research_match_min.pss} a year and {construction_min.pss} "
            "construction",
        ),
        "shaanxi.sanqin.fields.pss",
        ROUTES_PSS,
    ),
)
