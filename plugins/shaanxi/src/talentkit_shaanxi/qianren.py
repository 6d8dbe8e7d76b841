"""陕西省“千人计划”实施办法 (千人办法, document ``SX-QR``): one programme per project.

Projects (第三条): 创新人才长期项目 ``shaanxi.qianren.long``, 创新人才短期项目 (含非华裔
外国专家) ``…short``, 创业人才项目 ``…entre``, 青年项目 ``…youth`` and its financial-
institution subtype ``…youth_fin``, 外国专家项目 ``…foreign``, 顶尖人才和创新团队项目
``…top``, 文化艺术人才项目 ``…culture.long`` / ``…culture.short`` and 区域人才项目
``…regional``.

The module reads in the text's order: one declaration per clause, with its quote, from
第五条 to 第三十九条; the programmes are put together at the end from those declarations.
A clause the text itself shares keeps one declaration and one id, so a waiver or decision
recorded under it applies wherever the clause applies: 第六条 and 第九条 make the
long-term conditions of 第五条 apply to the short-term and foreign-expert projects,
第十一条 and 第十二条 refer to the conditions of the other projects, and 第十三条 to
第十七条 apply to every project except where they say otherwise.

Conventions: the reference date is the annual notice's date, else its deadline
(:data:`~talentkit_shaanxi.common.REFERENCE`); 「一般」/「原则上」/「可适当放宽」 clauses are
``soft``: they fail unless the body the text names approves an exception (a pending
one is reviewed: the core's one reading of soft clauses).
"""

from __future__ import annotations

from talentkit import (
    TAX_GOVERNMENT_AWARD,
    AgeAtMost,
    AllOf,
    AnyOf,
    ApplicationLimit,
    Attested,
    Compare,
    Count,
    DateCompare,
    Duration,
    Exclusion,
    ExitRule,
    F,
    FactSpec,
    Fixed,
    Informational,
    Judgement,
    NoneWithin,
    Not,
    OneOf,
    OneOff,
    P,
    PaidAfter,
    Programme,
    Range,
    Recover,
    Relaxation,
    Rule,
    ScoreItem,
    Text,
    TimeSpent,
    Title,
    TopUp,
    When,
)
from talentkit_shaanxi.common import (
    ALWAYS_IN_SHAANXI,
    ARRIVAL,
    COMPANY,
    DAYS_IN_SHAANXI,
    EARLIER_STAYS,
    EMPLOYER,
    FULLTIME_IN_SHAANXI,
    JURISDICTION,
    QR,
    REFERENCE,
    health,
    honours,
    in_shaanxi,
    in_xian_area,
    outside_xian_urban_area,
    presence,
    qr,
    sq,
)

NS = "shaanxi.qianren"
APP = "application.facts.shaanxi"
PERSON = "person.facts.shaanxi"
TRACK = "application.track"
T = Text

FACTS: tuple[FactSpec, ...] = (
    FactSpec(
        name="shaanxi.qianren.contract_performed_on",
        type="date",
        scope="person",
        text=T(
            "入选专家正式履行工作合同之日（到岗）",
            "the selectee formally took up the work contract (arrival) on",
        ),
    ),
    FactSpec(
        name="shaanxi.qianren.sanqin_member",
        type="bool",
        scope="person",
        text=T(
            "作为“三秦学者”创新团队成员引进", "introduced as a member of a 三秦学者 innovation team"
        ),
    ),
)

# 第一条 to 第四条 (purpose, principles, projects, platforms) set no condition: see INFO_COMMON.

# =============================================================================================
# 第五条 创新人才长期项目 (also applied by 第六条, 第九条 and 第十二条)
# =============================================================================================

ART5 = "引进时未全职来陕工作，或者来陕工作不超过1年，引进后须全职来陕工作3年以上"

# 第五条第一款 「申报人一般应当取得博士学位」; 第二款 「可适当放宽学历、专业职务要求」
LONG_DEGREE = Compare(
    id=f"{NS}.long.degree",
    fact="person.degree",
    value=P(f"{NS}.degree"),
    soft=True,
    cite=qr(
        "第五条",
        "申报人一般应当取得博士学位……对其他达到国内一流水平或者我省急需紧缺人才，"
        "经专家论证推荐，可适当放宽学历、专业职务要求。",
        "art5/p1-2",
    ),
    text=T(
        "一般应当取得博士学位（经专家论证推荐可放宽）",
        "a doctorate in general (relaxable on expert recommendation)",
    ),
)

# 第五条第一款 「身体健康」
LONG_HEALTH = health(f"{NS}.long.health", qr("第五条", "身体健康", "art5/p1"))

# 第五条第一款 「引进时未全职来陕工作，或者来陕工作不超过1年」
LONG_PRESENCE = presence(
    f"{NS}.long.presence",
    qr("第五条", ART5, "art5/p1"),
    T(
        "引进时未全职来陕工作，或者来陕工作不超过{presence_max}",
        "not working full time in Shaanxi, or for at most {presence_max}, on the reference date",
    ),
)

# 第五条第一款 「引进后须全职来陕工作3年以上」
LONG_COMMITMENT = AllOf(
    id=f"{NS}.long.commitment",
    rules=(
        Compare(fact=f"{APP}.contract_fulltime", value=True),
        Compare(fact=f"{APP}.commitment_years", op=">=", value=P(f"{NS}.long.commitment")),
    ),
    cite=qr("第五条", "引进后须全职来陕工作3年以上", "art5/p1"),
    text=T(
        "引进后全职来陕工作{commitment}年以上",
        "commits to full-time work in Shaanxi for {commitment:# year|# years} or more",
    ),
)

# 第五条第一款 「并符合下列条件之一」: items (一) to (五)

# （一）在国内著名高校、科研机构、医疗机构等单位担任相当于教授职务或者在国外著名高校、科研
# 机构、医疗机构等单位担任相当于副教授以上职务的专业技术人才和管理人才
ART5_ITEM1 = AllOf(
    rules=(
        AnyOf(
            rules=(
                Count(
                    collection="person.positions",
                    where=AllOf(
                        rules=(
                            OneOf(fact="org_kind", values=P(f"{NS}.long.academic_kinds")),
                            OneOf(fact="rank", values=P(f"{NS}.long.domestic_academic_ranks")),
                            Compare(fact="country", op="==", value=P(f"{NS}.china")),
                        )
                    ),
                    op=">=",
                    value=1,
                    label=T("符合条件的职务", "qualifying posts"),
                ),
                Count(
                    collection="person.positions",
                    where=AllOf(
                        rules=(
                            OneOf(fact="org_kind", values=P(f"{NS}.long.academic_kinds")),
                            OneOf(fact="rank", values=P(f"{NS}.long.foreign_academic_ranks")),
                            Compare(fact="country", op="!=", value=P(f"{NS}.china")),
                        )
                    ),
                    op=">=",
                    value=1,
                    label=T("符合条件的职务", "qualifying posts"),
                ),
            )
        ),
        Attested(
            key=f"{NS}.long.famous_institution",
            question=T(
                "任职的高校、科研机构、医疗机构为国内外著名单位",
                "the university, institute or hospital is a famous one",
            ),
        ),
    ),
    text=T(
        "（一）国内著名单位相当于教授职务或国外著名单位相当于副教授以上职务",
        "(1) professor-equivalent at a famous domestic institution, or associate professor "
        "or above at a famous foreign one",
    ),
)

# （二）在国内知名企业、金融机构担任高级职务或者在国际知名企业、金融机构担任中级以上职务的
# 专业技术人才和经营管理人才
ART5_ITEM2 = AllOf(
    rules=(
        AnyOf(
            rules=(
                Count(
                    collection="person.positions",
                    where=AllOf(
                        rules=(
                            OneOf(fact="org_kind", values=P(f"{NS}.long.enterprise_kinds")),
                            OneOf(fact="rank", values=P(f"{NS}.long.domestic_enterprise_ranks")),
                            Compare(fact="country", op="==", value=P(f"{NS}.china")),
                        )
                    ),
                    op=">=",
                    value=1,
                    label=T("符合条件的职务", "qualifying posts"),
                ),
                Count(
                    collection="person.positions",
                    where=AllOf(
                        rules=(
                            OneOf(fact="org_kind", values=P(f"{NS}.long.enterprise_kinds")),
                            OneOf(fact="rank", values=P(f"{NS}.long.intl_enterprise_ranks")),
                            Compare(fact="country", op="!=", value=P(f"{NS}.china")),
                        )
                    ),
                    op=">=",
                    value=1,
                    label=T("符合条件的职务", "qualifying posts"),
                ),
            )
        ),
        Attested(
            key=f"{NS}.long.known_enterprise",
            question=T(
                "任职的企业、金融机构为国内或国际知名企业、金融机构",
                "the enterprise or financial institution is well known",
            ),
        ),
    ),
    text=T(
        "（二）国内知名企业、金融机构高级职务或国际知名企业、金融机构中级以上职务",
        "(2) senior post at a known domestic enterprise or financial institution, or "
        "middle post or above at an international one",
    ),
)

# （三）近5年发表过高水平学术论文，获得国际、国内重要科技奖励，掌握重要实验方法或关键技术
ART5_ITEM3 = Attested(
    key=f"{NS}.long.research_output",
    question=T(
        "近5年发表过高水平学术论文，获得国际、国内重要科技奖励，掌握重要实验方法或关键技术",
        "(3) high-level papers in the last 5 years, important S&T "
        "awards, or key methods or technologies",
    ),
)

# （四）拥有能够促进企业自主创新、技术产品升级的重大科研成果
ART5_ITEM4 = Attested(
    key=f"{NS}.long.major_result",
    question=T(
        "拥有能够促进企业自主创新、技术产品升级的重大科研成果",
        "(4) a major research result that drives enterprise innovation or product upgrading",
    ),
)

# （五）熟悉相关领域业务和国际规则，具有丰富的金融管理、资本运作和项目管理经验，在业界有较大影响
ART5_ITEM5 = Attested(
    key=f"{NS}.long.finance_expertise",
    question=T(
        "熟悉相关领域业务和国际规则，具有丰富的金融管理、资本运作和项目管理经验，在业界有较大影响",
        "(5) rich finance, capital and project management experience with standing in the industry",
    ),
)

ART5_CONDITIONS: tuple[Rule, ...] = (ART5_ITEM1, ART5_ITEM2, ART5_ITEM3, ART5_ITEM4, ART5_ITEM5)

LONG_ANY = AnyOf(
    id=f"{NS}.long.any_condition",
    rules=ART5_CONDITIONS,
    soft=True,
    cite=qr(
        "第五条",
        "并符合下列条件之一：（一）……（五）……对其他达到国内一流水平或者我省急需紧缺"
        "人才，经专家论证推荐，可适当放宽学历、专业职务要求。",
        "art5/p1-2",
    ),
    text=T(
        "符合第五条第一款所列条件之一（专业职务要求经专家论证推荐可放宽）",
        "meets one of the five conditions of 第五条 (post requirements relaxable on "
        "expert recommendation)",
    ),
)

# =============================================================================================
# 第六条 创新人才短期项目（含非华裔外国专家）: 「符合创新人才长期项目其他资格条件」
# =============================================================================================

# 「引进时未全职在省内工作」: no 1-year allowance, unlike 第五条
SHORT_PRESENCE = Compare(
    id=f"{NS}.short.presence",
    fact=FULLTIME_IN_SHAANXI,
    value=False,
    cite=qr("第六条", "引进时未全职在省内工作", "art6"),
    text=T(
        "引进时未全职在省内工作（无1年宽限）",
        "not working full time in Shaanxi at all on the reference date (no 1-year allowance)",
    ),
)

# 「在省内稳定的合作单位，有明确的工作目标任务，能够作出实质性贡献」
SHORT_PARTNER = AllOf(
    id=f"{NS}.short.partner_unit",
    rules=(
        in_shaanxi(EMPLOYER),
        Attested(
            key=f"{NS}.short.stable_partner",
            question=T(
                "在省内有稳定的合作单位，有明确的工作目标任务",
                "has a stable partner unit in Shaanxi and clear work goals",
            ),
        ),
    ),
    cite=qr("第六条", "在省内稳定的合作单位，有明确的工作目标任务，能够作出实质性贡献。", "art6"),
    text=T(
        "在省内有稳定的合作单位和明确的工作目标任务",
        "a stable partner unit in Shaanxi with clear goals",
    ),
)

# 「引进后须在我省连续工作3年以上，每年不少于2个月」 (also the short track of 第十一条)
SHORT_TERMS = AllOf(
    rules=(
        Compare(fact=f"{APP}.consecutive_years", op=">=", value=P(f"{NS}.short.years")),
        Compare(fact=f"{APP}.months_per_year", op=">=", value=P(f"{NS}.short.months_per_year")),
    )
)

SHORT_COMMITMENT = AllOf(
    id=f"{NS}.short.commitment",
    rules=SHORT_TERMS.rules,
    cite=qr("第六条", "引进后须在我省连续工作3年以上，每年不少于2个月。", "art6"),
    text=T(
        "引进后在我省连续工作{years}年以上，每年不少于{months_per_year}个月",
        "{years} or more consecutive years in Shaanxi, at least "
        "{months_per_year:# month|# months} each year",
    ),
)


# =============================================================================================
# 第七条 创业人才项目: 「申报人一般应符合下列条件」, so every item is soft (waivable)
# =============================================================================================

ART7 = "申报人一般应符合下列条件："

# （一）拥有自主知识产权和发明专利或掌握核心技术，具有海外自主创业经验或者曾任国际知名企业
# 中高层管理职位，有较强的经营管理能力
ENTRE_IP_EXPERIENCE = AllOf(
    id=f"{NS}.entre.ip_experience",
    rules=(
        Attested(
            key=f"{NS}.entre.ip_or_core_tech",
            question=T(
                "拥有自主知识产权和发明专利或掌握核心技术",
                "owns IP and invention patents, or masters core technology",
            ),
        ),
        Attested(
            key=f"{NS}.entre.startup_experience",
            question=T(
                "具有海外自主创业经验或者曾任国际知名企业中高层管理职位",
                "overseas startup experience or mid/senior management at a known "
                "international enterprise",
            ),
        ),
        Attested(
            key=f"{NS}.entre.management",
            question=T("有较强的经营管理能力", "strong management ability"),
        ),
    ),
    soft=True,
    cite=qr(
        "第七条",
        ART7 + "……（一）拥有自主知识产权和发明专利或掌握核心技术，具有海外自主创业经验或者曾任"
        "国际知名企业中高层管理职位，有较强的经营管理能力；",
        "art7/(1)",
        item="（一）",
    ),
    text=T(
        "拥有自主知识产权或核心技术，有海外创业或国际知名企业中高层管理经历，经营管理能力较强",
        "IP or core technology, startup or international management experience, strong management",
    ),
)

# （二）承担过相关领域的重大项目，具有较强的产品开发能力，或在相关产业领域能够解决关键技术或
# 工艺性难题，且其技术成果达到国内先进水平
ENTRE_CAPABILITY = Attested(
    id=f"{NS}.entre.capability",
    key=f"{NS}.entre.capability",
    question=T(
        "承担过相关领域的重大项目、产品开发能力较强或能解决关键技术或工艺性难题，且技术"
        "成果达到国内先进水平",
        "led major projects with strong product development, or solves key "
        "technical problems; results at the domestic advanced level",
    ),
    soft=True,
    cite=qr(
        "第七条",
        ART7 + "……（二）承担过相关领域的重大项目，具有较强的产品开发能力，或在相关产业领域能够"
        "解决关键技术或工艺性难题，且其技术成果达到国内先进水平；",
        "art7/(2)",
        item="（二）",
    ),
    text=T(
        "承担过重大项目或能解决关键技术难题，技术成果达到国内先进水平",
        "major projects or key technical problems solved; domestic advanced level",
    ),
)

# （三）在省内时间不超过 6 年: all the time in the province, however the case gives it. One
# stay (no earlier stays) runs from the latest arrival, or from birth for a person who has
# lived in Shaanxi all along; with earlier stays the time is the total in days where the
# case states it (all the time, posts or not), else the dated spells (posts held in
# Shaanxi, ``person.positions``; overlaps count once). The text names
# no body that could attest a total instead, so none is asked for; 「一般」 still lets an
# approved exception pass (soft).
IN_PROVINCE_MAX = P(f"{NS}.entre.in_province_max")
ENTRE_IN_PROVINCE = AllOf(
    id=f"{NS}.entre.in_province_duration",
    rules=(
        When(
            condition=Compare(fact=EARLIER_STAYS, value=False),
            then=TimeSpent(
                all_along=ALWAYS_IN_SHAANXI,
                since=ARRIVAL,
                at_most=IN_PROVINCE_MAX,
                months=P("shaanxi.month_count"),
                leap_day=P("shaanxi.leap_day"),
            ),
        ),
        When(
            condition=Compare(fact=EARLIER_STAYS, value=True),
            then=TimeSpent(
                spells="person.positions",
                where=Compare(fact="province", value=P("shaanxi.geo.province")),
                days=DAYS_IN_SHAANXI,
                at_most=IN_PROVINCE_MAX,
                months=P("shaanxi.month_count"),
                leap_day=P("shaanxi.leap_day"),
            ),
        ),
    ),
    soft=True,
    cite=qr("第七条", ART7 + "……（三）在省内时间不超过 6 年", "art7/(3)", item="（三）"),
    text=T(
        "在省内时间不超过{in_province_max}（历次合计：仅一次的自最近一次来陕或出生起算，"
        "另有早前居留的按合计日数，未给出时按省内各任职时段）",
        "at most {in_province_max} in Shaanxi in all (one stay: from the latest arrival, or "
        "from birth if there all along; with earlier stays: their total in days, or where "
        "none is given the dated posts in Shaanxi)",
    ),
)

# （三）……其创办企业成立 2 年以上、5 年以下
ENTRE_COMPANY_AGE = Duration(
    id=f"{NS}.entre.company_age",
    start=f"{COMPANY}.founded_on",
    at_least=P(f"{NS}.entre.company_min_age"),
    at_most=P(f"{NS}.entre.company_max_age"),
    leap_day=P("shaanxi.leap_day"),
    soft=True,
    cite=qr(
        "第七条", ART7 + "……（三）……其创办企业成立 2 年以上、5 年以下", "art7/(3)", item="（三）"
    ),
    text=T(
        "创办企业成立{company_min_age}以上、{company_max_age}以下",
        "the company is {company_min_age} to {company_max_age} old (both inclusive)",
    ),
)

# （三）……产品具有市场潜力并能产业化生产
ENTRE_MARKET = Attested(
    id=f"{NS}.entre.market",
    key=f"{NS}.entre.market",
    question=T(
        "产品具有市场潜力并能产业化生产",
        "the product has market potential and can be industrialised",
    ),
    soft=True,
    cite=qr(
        "第七条", ART7 + "……（三）……产品具有市场潜力并能产业化生产；", "art7/(3)", item="（三）"
    ),
    text=T("产品具有市场潜力并能产业化生产", "market potential, industrial production possible"),
)

# （四）为企业主要创办人且为第一大股东或者最大自然人股东
ENTRE_FOUNDER = AllOf(
    id=f"{NS}.entre.founder_shareholder",
    rules=(
        Attested(
            key=f"{NS}.entre.main_founder",
            question=T("申报人为企业主要创办人", "the applicant is the main founder"),
        ),
        AnyOf(
            rules=(
                Compare(
                    fact=f"{COMPANY}.facts.shaanxi.applicant_stake",
                    op=">=",
                    value=F(f"{COMPANY}.facts.shaanxi.largest_other_stake"),
                ),
                Compare(
                    fact=f"{COMPANY}.facts.shaanxi.applicant_stake",
                    op=">=",
                    value=F(f"{COMPANY}.facts.shaanxi.largest_other_natural_stake"),
                ),
            )
        ),
    ),
    soft=True,
    cite=qr(
        "第七条",
        ART7 + "……（四）为企业主要创办人且为第一大股东或者最大自然人股东。",
        "art7/(4)",
        item="（四）",
    ),
    text=T(
        "为企业主要创办人且为第一大股东或者最大自然人股东（并列视为最大）",
        "main founder and largest shareholder or largest natural-person shareholder (a tie counts)",
    ),
)

# （四）……一户企业只能申报一名: the company's other applicants to this project in the round
# (``organisations[role=company].applications``, this applicant excluded by ``person.id``).
# The text limits each company's applying, not who of several stands: the one submitted
# while another of the company's was pending is the one over the limit (first come, an
# operator parameter; the same day goes to the office)
ENTRE_ONE_PER_COMPANY = ApplicationLimit(
    id=f"{NS}.entre.one_per_company",
    collection=f"{COMPANY}.applications",
    where=AllOf(
        rules=(
            OneOf(fact="programme", values=(f"{NS}.entre",)),
            OneOf(fact="status", values=P(f"{NS}.open_statuses")),
            Compare(fact="applicant", op="!=", value=F("$.person.id")),
        )
    ),
    limit=P(f"{NS}.entre.per_company"),
    order=P(f"{NS}.entre.application_order"),
    label=T(
        "本企业其他在审的创业人才项目申报", "other pending entrepreneur applications of the company"
    ),
    soft=True,
    cite=qr("第七条", ART7 + "……（四）……一户企业只能申报一名；", "art7/(4)", item="（四）"),
    text=T(
        "一户企业只能申报{per_company}名（本企业有其他申报人的，按提交先后判定）",
        "at most {per_company:# applicant|# applicants} per company (with other applicants "
        "from the company, decided by the order of submission)",
    ),
)

# （五）自有资金（含技术入股）或海外、省外跟进的风险投资占创业投资的 30% 以上
ENTRE_COFUNDING = AnyOf(
    id=f"{NS}.entre.cofunding",
    rules=(
        Compare(
            fact=f"{COMPANY}.facts.shaanxi.own_funds_share",
            op=">=",
            value=P(f"{NS}.entre.cofunding_share"),
        ),
        Compare(
            fact=f"{COMPANY}.facts.shaanxi.followon_vc_share",
            op=">=",
            value=P(f"{NS}.entre.cofunding_share"),
        ),
        # 「或」 lists the money that counts towards the 30%; nothing in the text
        # keeps the two sources from being added
        Compare(
            fact=f"{COMPANY}.facts.shaanxi.combined_funds_share",
            op=">=",
            value=P(f"{NS}.entre.cofunding_share"),
        ),
    ),
    soft=True,
    cite=qr(
        "第七条",
        ART7 + "……（五）自有资金（含技术入股）或海外、省外跟进的风险投资占创业投资的 30% 以上",
        "art7/(5)",
        item="（五）",
    ),
    text=T(
        "自有资金（含技术入股）或海外、省外跟进的风险投资占创业投资的{cofunding_share:%}以上",
        "own funds (technology equity included) or follow-on venture capital from abroad or "
        "another province make up {cofunding_share:%} or more of the startup investment",
    ),
)

# （五）……熟悉相关产业领域和国际规则的创业人才
ENTRE_INDUSTRY_RULES = Attested(
    id=f"{NS}.entre.industry_rules",
    key=f"{NS}.entre.industry_rules",
    question=T("熟悉相关产业领域和国际规则", "knows the industry and international rules"),
    soft=True,
    cite=qr(
        "第七条",
        ART7 + "……（五）……熟悉相关产业领域和国际规则的创业人才。",
        "art7/(5)",
        item="（五）",
    ),
    text=T("熟悉相关产业领域和国际规则", "knows the industry and international rules"),
)

# =============================================================================================
# 第八条 青年项目: 第一款 the general subtype, 第二款 financial institutions
# =============================================================================================

ART8_1 = (
    "自然科学和工程技术领域的申报人年龄不超过 40 周岁（女性不超过 42 周岁），哲学社会科学"
    "领域的申报人年龄不超过 45 周岁，申报人应具有博士学位，身体健康"
)
ART8_2 = (
    "大中型金融机构或者金融管理部门的申报人，一般应当取得博士学位，年龄不超过 40 周岁（女性"
    "不超过 42 周岁），身体健康"
)
PEERS = T("平台部门组织的同行专家", "peer experts")

# -- 第一款 ------------------------------------------------------------------------------------

# 「自然科学和工程技术领域……哲学社会科学领域」: the fields the article covers
YOUTH_FIELD = OneOf(
    id=f"{NS}.youth.field_scope",
    fact="application.field",
    values=P(f"{NS}.youth.fields"),
    cite=qr("第八条", ART8_1, "art8/p1"),
    text=T(
        "自然科学、工程技术或哲学社会科学领域",
        "natural science, engineering or philosophy and social sciences",
    ),
)

# 「自然科学和工程技术领域的申报人年龄不超过 40 周岁（女性不超过 42 周岁）」
YOUTH_AGE_STEM = When(
    condition=OneOf(fact="application.field", values=P(f"{NS}.youth.stem_fields")),
    then=AgeAtMost(
        years=P(f"{NS}.youth.max_age"),
        method=P("shaanxi.age_method"),
        female_extra=P(f"{NS}.youth.female_extra"),
        gender="person.gender",
        attained=P("shaanxi.age_attained"),
        leap_day=P("shaanxi.leap_day"),
    ),
)
# 「哲学社会科学领域的申报人年龄不超过 45 周岁」
YOUTH_AGE_PSS = When(
    condition=OneOf(fact="application.field", values=P(f"{NS}.youth.pss_fields")),
    then=AgeAtMost(
        years=P(f"{NS}.youth.pss_max_age"),
        method=P("shaanxi.age_method"),
        attained=P("shaanxi.age_attained"),
        leap_day=P("shaanxi.leap_day"),
    ),
)
YOUTH_AGE = AllOf(
    id=f"{NS}.youth.age",
    rules=(YOUTH_AGE_STEM, YOUTH_AGE_PSS),
    cite=qr("第八条", ART8_1, "art8/p1"),
    text=T(
        "自然科学和工程技术领域不超过{max_age}周岁（女性放宽{female_extra}岁），"
        "哲学社会科学领域不超过{pss_max_age}周岁",
        "natural science and engineering: at most {max_age} ({female_extra} more for "
        "women); philosophy and social sciences: at most {pss_max_age}",
    ),
)

# 「申报人应具有博士学位」: 应, not 一般应当, so no exception
YOUTH_DEGREE = Compare(
    id=f"{NS}.youth.degree",
    fact="person.degree",
    value=P(f"{NS}.degree"),
    cite=qr("第八条", "申报人应具有博士学位", "art8/p1"),
    text=T("具有博士学位（无例外）", "a doctorate (no exception)"),
)

# 「身体健康」
YOUTH_HEALTH = health(f"{NS}.youth.health", qr("第八条", "身体健康", "art8/p1"))

# （一）为所从事科研领域同龄人中的拔尖人才，有成为该领域学术或技术带头人的发展潜力
YOUTH_TOP_AMONG_PEERS = When(
    id=f"{NS}.youth.top_among_peers",
    condition=Compare(fact="application.channel", op="!=", value="green"),
    then=Judgement(
        id=f"{NS}.youth.top_among_peers",
        criterion=T(
            "为所从事科研领域同龄人中的拔尖人才，有成为学术或技术带头人的发展潜力",
            "top among peers of the same age, with potential to lead the field",
        ),
        decided_by=PEERS,
    ),
    cite=qr(
        "第八条",
        "（一）为所从事科研领域同龄人中的拔尖人才，有成为该领域学术或技术带头人的发展潜力",
        "art8/p1/(1)",
        item="（一）",
    ),
    text=T(
        "为所从事科研领域同龄人中的拔尖人才，有成为学术或技术带头人的发展潜力"
        "（同行专家评审；绿色通道除外）",
        "top among peers of the same age, with potential to lead the field "
        "(peer review; except the green channel)",
    ),
)

# （二）申报时未全职来陕工作，或者来陕工作不超过 1 年
YOUTH_PRESENCE = presence(
    f"{NS}.youth.presence",
    qr(
        "第八条",
        "（二）申报时未全职来陕工作，或者来陕工作不超过 1 年",
        "art8/p1/(2)",
        item="（二）",
    ),
    T(
        "申报时未全职来陕工作，或者来陕工作不超过{presence_max}",
        "not in Shaanxi full time, or for at most {presence_max}, when applying",
    ),
)

# （三）引进后须全职在陕工作两个聘期以上，每个聘期不少于 3 年 (第二款（四） says the same)
YOUTH_TERMS = AllOf(
    rules=(
        Compare(fact=f"{APP}.contract_fulltime", value=True),
        Compare(fact=f"{APP}.contract_terms", op=">=", value=P(f"{NS}.youth.terms")),
        Compare(fact=f"{APP}.min_term_years", op=">=", value=P(f"{NS}.youth.term_years")),
    )
)
YOUTH_COMMITMENT = AllOf(
    id=f"{NS}.youth.commitment",
    rules=YOUTH_TERMS.rules,
    cite=qr(
        "第八条",
        "引进后须全职在陕工作两个聘期以上，每个聘期不少于3年",
        "art8/p1/(3)",
        item="（三）",
    ),
    text=T(
        "引进后全职在陕工作{terms}个聘期以上，每个聘期不少于{term_years}年",
        "full time in Shaanxi for {terms:# term|# terms} or more, each at least "
        "{term_years:# year|# years}",
    ),
)

# -- 第二款 大中型金融机构或者金融管理部门的申报人 ----------------------------------------------

YOUTH_FIN_EMPLOYER = AnyOf(
    id=f"{NS}.youth_fin.employer_type",
    rules=(
        AllOf(
            rules=(
                Compare(fact=f"{EMPLOYER}.kind", value="financial_institution"),
                OneOf(
                    fact=f"{EMPLOYER}.facts.shaanxi.fin_size",
                    values=P(f"{NS}.youth_fin.fin_sizes"),
                ),
            )
        ),
        Compare(fact=f"{EMPLOYER}.kind", value="financial_regulator"),
    ),
    cite=qr("第八条", "大中型金融机构或者金融管理部门的申报人", "art8/p2"),
    text=T(
        "用人单位为大中型金融机构或者金融管理部门",
        "the employer is a large or medium financial institution or a financial regulator",
    ),
)

# 「一般应当取得博士学位」
YOUTH_FIN_DEGREE = Compare(
    id=f"{NS}.youth_fin.degree",
    fact="person.degree",
    value=P(f"{NS}.degree"),
    soft=True,
    cite=qr("第八条", ART8_2, "art8/p2"),
    text=T("一般应当取得博士学位", "a doctorate in general"),
)

# 「年龄不超过 40 周岁（女性不超过 42 周岁）」
YOUTH_FIN_AGE = AgeAtMost(
    id=f"{NS}.youth_fin.age",
    years=P(f"{NS}.youth.max_age"),
    method=P("shaanxi.age_method"),
    female_extra=P(f"{NS}.youth.female_extra"),
    gender="person.gender",
    cite=qr("第八条", ART8_2, "art8/p2"),
    text=T(
        "年龄不超过{max_age}周岁（女性放宽{female_extra}岁）",
        "at most {max_age} ({female_extra} more for women)",
    ),
    attained=P("shaanxi.age_attained"),
    leap_day=P("shaanxi.leap_day"),
)

# 「身体健康」
YOUTH_FIN_HEALTH = health(f"{NS}.youth_fin.health", qr("第八条", "身体健康", "art8/p2"))

# （一）在海外或省外商业性金融机构或者金融监管机构工作不少于 1 年
YOUTH_FIN_EXPERIENCE = Compare(
    id=f"{NS}.youth_fin.experience",
    fact=f"{PERSON}.fin_experience_months",
    op=">=",
    value=P(f"{NS}.youth_fin.experience_months"),
    cite=qr(
        "第八条",
        "（一）在海外或省外商业性金融机构或者金融监管机构工作不少于 1 年",
        "art8/p2/(1)",
        item="（一）",
    ),
    text=T(
        "在海外或省外商业性金融机构或者金融监管机构工作不少于{experience_months}个月",
        "at least {experience_months:# month|# months} at commercial financial institutions or "
        "regulators "
        "abroad or in another province",
    ),
)

# （二）业绩突出，在业内具有一定知名度，且具有成为所在领域领军人才的发展潜力
YOUTH_FIN_PERFORMANCE = When(
    id=f"{NS}.youth_fin.performance",
    condition=Compare(fact="application.channel", op="!=", value="green"),
    then=Judgement(
        id=f"{NS}.youth_fin.performance",
        criterion=T(
            "业绩突出，在业内具有一定知名度，具有成为领军人才的发展潜力",
            "outstanding record, known in the industry, potential to lead",
        ),
        decided_by=PEERS,
    ),
    cite=qr(
        "第八条",
        "（二）业绩突出，在业内具有一定知名度，且具有成为所在领域领军人才的发展潜力",
        "art8/p2/(2)",
        item="（二）",
    ),
    text=T(
        "业绩突出，在业内具有一定知名度，具有成为领军人才的发展潜力（同行专家评审；绿色通道除外）",
        "outstanding record, known in the industry, potential to lead "
        "(peer review; except the green channel)",
    ),
)

# （三）申报时应当未全职来陕工作，或者来陕工作不超过1年
YOUTH_FIN_PRESENCE = presence(
    f"{NS}.youth_fin.presence",
    qr(
        "第八条",
        "（三）申报时应当未全职来陕工作，或者来陕工作不超过1年",
        "art8/p2/(3)",
        item="（三）",
    ),
    T(
        "申报时未全职来陕工作，或者来陕工作不超过{presence_max}",
        "not in Shaanxi full time, or for at most {presence_max}, when applying",
    ),
)

# （四）引进后须全职在陕工作两个聘期以上，每个聘期不少于3年
YOUTH_FIN_COMMITMENT = AllOf(
    id=f"{NS}.youth_fin.commitment",
    rules=YOUTH_TERMS.rules,
    cite=qr(
        "第八条",
        "引进后须全职在陕工作两个聘期以上，每个聘期不少于3年",
        "art8/p2/(4)",
        item="（四）",
    ),
    text=T(
        "引进后全职在陕工作{terms}个聘期以上，每个聘期不少于{term_years}年",
        "full time in Shaanxi for {terms:# term|# terms} or more, each at least "
        "{term_years:# year|# years}",
    ),
)

# =============================================================================================
# 第九条 外国专家项目: 「其他资格条件应当符合创新人才长期项目要求」 (第五条)
# =============================================================================================

ART9 = (
    "申报人应当为非华裔外国专家，年龄不超过68周岁，身体健康，引进后须全职来陕工作3年以上。其他"
    "资格条件应当符合创新人才长期项目要求。"
)

# 「申报人应当为非华裔外国专家」
FOREIGN_IDENTITY = AllOf(
    id=f"{NS}.foreign.identity",
    rules=(
        Compare(fact="person.nationality", op="!=", value=P(f"{NS}.china")),
        Attested(
            key=f"{NS}.foreign.non_ethnic_chinese",
            question=T("申报人为非华裔", "the applicant is not of Chinese descent"),
        ),
    ),
    cite=qr("第九条", ART9, "art9"),
    text=T("非华裔外国专家", "a foreign expert not of Chinese descent"),
)

# 「年龄不超过68周岁」
FOREIGN_AGE = AgeAtMost(
    id=f"{NS}.foreign.age",
    years=P(f"{NS}.foreign.max_age"),
    method=P("shaanxi.age_method"),
    cite=qr("第九条", ART9, "art9"),
    text=T(
        "年龄不超过{max_age}周岁（无女性放宽）",
        "at most {max_age} (no allowance for women)",
    ),
    attained=P("shaanxi.age_attained"),
    leap_day=P("shaanxi.leap_day"),
)

# 「身体健康」
FOREIGN_HEALTH = health(f"{NS}.foreign.health", qr("第九条", "身体健康", "art9"))

# 「引进后须全职来陕工作3年以上」: the long-term commitment of 第五条
FOREIGN_COMMITMENT = AllOf(
    id=f"{NS}.foreign.commitment",
    rules=LONG_COMMITMENT.rules,
    cite=qr("第九条", "引进后须全职来陕工作3年以上", "art9"),
    text=T(
        "引进后全职来陕工作{commitment}年以上",
        "full time in Shaanxi for {commitment:# year|# years} or more",
    ),
)

# =============================================================================================
# 第十条 顶尖人才和创新团队项目
# =============================================================================================

ART10 = (
    "（一）诺贝尔奖、图灵奖、菲尔茨奖等国际大奖的获得者或者提名人选；（二）欧美等发达国家科学"
    "院院士或者工程院院士；（三）外省中国科学院院士、中国工程院院士；（四）在世界一流大学、科"
    "研机构任职的国际著名学者；（五）拥有国际国内领先的技术成果；（六）其他急需紧缺的顶尖人才"
    "。"
)

# 「申报人应当为自然科学或者工程技术领域的国际国内顶尖专家」
TOP_FIELD = OneOf(
    id=f"{NS}.top.field",
    fact="application.field",
    values=P(f"{NS}.top.fields"),
    cite=qr("第十条", "申报人应当为自然科学或者工程技术领域的国际国内顶尖专家", "art10"),
    text=T("自然科学或者工程技术领域", "natural science or engineering"),
)

# 「引进后一般应当全职来陕工作5年以上（特殊情况可以适当放宽）」
TOP_COMMITMENT = AllOf(
    id=f"{NS}.top.commitment",
    rules=(
        Compare(fact=f"{APP}.contract_fulltime", value=True),
        Compare(fact=f"{APP}.commitment_years", op=">=", value=P(f"{NS}.top.commitment")),
    ),
    soft=True,
    cite=qr("第十条", "引进后一般应当全职来陕工作5年以上（特殊情况可以适当放宽）", "art10"),
    text=T(
        "引进后一般全职来陕工作{commitment}年以上（特殊情况可以适当放宽）",
        "in general full time in Shaanxi for {commitment:# year|# years} or more (relaxable in "
        "special cases)",
    ),
)

# 「并具备下列条件之一」: items (一) to (六)
TOP_ITEM = AnyOf(
    id=f"{NS}.top.qualifying_item",
    rules=(
        # （一）诺贝尔奖、图灵奖、菲尔茨奖等国际大奖的获得者或者提名人选
        honours(f"{NS}.top.prize_schemes", roles=f"{NS}.top.prize_roles"),
        # （二）欧美等发达国家科学院院士或者工程院院士
        AllOf(
            rules=(
                honours(f"{NS}.top.foreign_academy_schemes", roles=f"{NS}.top.academician_roles"),
                # 「欧美等发达国家」 gives no list: the platform answers the question
                Attested(
                    key=f"{NS}.top.developed_country_academy",
                    question=T(
                        "所任院士的科学院或工程院属欧美等发达国家",
                        "(2) the academy is of a developed country (「欧美等发达国家」)",
                    ),
                ),
            )
        ),
        # （三）外省中国科学院院士、中国工程院院士
        honours(
            f"{NS}.top.academician_schemes",
            roles=f"{NS}.top.academician_roles",
            out_of_province=True,
        ),
        # （四）在世界一流大学、科研机构任职的国际著名学者
        Attested(
            key=f"{NS}.top.world_class_scholar",
            question=T(
                "在世界一流大学、科研机构任职的国际著名学者",
                "(4) an internationally renowned scholar at a world-class university or institute",
            ),
        ),
        # （五）拥有国际国内领先的技术成果
        Attested(
            key=f"{NS}.top.leading_result",
            question=T(
                "拥有国际国内领先的技术成果",
                "(5) internationally or nationally leading technical results",
            ),
        ),
        # （六）其他急需紧缺的顶尖人才
        Judgement(
            id=f"{NS}.top.urgent_top_talent",
            criterion=T("其他急需紧缺的顶尖人才", "(6) other urgently needed top talent"),
            decided_by=T("人才办、评审专家", "talent office, panel"),
        ),
    ),
    cite=qr("第十条", "并具备下列条件之一：" + ART10, "art10/(1)-(6)"),
    text=T("具备第十条所列条件之一", "meets one of the items of 第十条"),
)

# =============================================================================================
# 第十一条 文化艺术人才项目 (a long and a short track)
# =============================================================================================

ART11 = (
    "从事研究工作的申报人，一般应当取得博士学位，年龄不超过55岁；从事舞台艺术、经营管理、创意"
    "设计等专业的申报人，可适当放宽学历和年龄要求。"
)
ART11_C = qr("第十一条", ART11, "art11")
ART11_COMMIT = (
    "申报长期项目的，引进后须全职来陕工作3年以上；申报短期项目的，须来陕连续工作3年以上"
    "，每年不少于2个月。"
)

# 第四条 「省委宣传部设立哲学社会科学和文化艺术人才创新项目平台」: who may apply
CULTURE_FIELD = OneOf(
    id=f"{NS}.culture.field",
    fact="application.field",
    values=P(f"{NS}.culture.fields"),
    cite=qr(
        "第四条",
        "省委宣传部设立哲学社会科学和文化艺术人才创新项目平台",
        "art4/p2",
    ),
    text=T(
        "申报人属哲学社会科学或文化艺术领域（省委宣传部平台）",
        "the applicant works in the social sciences and humanities or in culture and the arts "
        "(the 省委宣传部 platform)",
    ),
)

# 「从事研究工作的申报人，一般应当取得博士学位」
CULTURE_DEGREE = Compare(
    id=f"{NS}.culture.degree",
    fact="person.degree",
    value=P(f"{NS}.degree"),
    soft=True,
    cite=ART11_C,
    text=T("一般应当取得博士学位", "a doctorate in general"),
)

# 「从事舞台艺术、经营管理、创意设计等专业的申报人」
CULTURE_PRACTICE = OneOf(fact="person.role", values=P(f"{NS}.culture.practitioner_roles"))

# 「年龄不超过55岁」: 「一般应当」 governs the degree only, as in 第八条第二款 (worded
# identically, where the age is a plain limit): a researcher's age is a hard limit; a
# practitioner's age 「可适当放宽」 by the platform, which is the soft rule below
CULTURE_AGE = When(
    id=f"{NS}.culture.age",
    condition=Not(rule=CULTURE_PRACTICE),
    then=AgeAtMost(
        years=P(f"{NS}.culture.max_age"),
        method=P("shaanxi.age_method"),
        attained=P("shaanxi.age_attained"),
        leap_day=P("shaanxi.leap_day"),
    ),
    cite=ART11_C,
    text=T("从事研究工作的申报人年龄不超过{max_age}岁", "researchers: at most {max_age}"),
)
CULTURE_PRACTITIONER_AGE = When(
    id=f"{NS}.culture.practitioner_age",
    condition=CULTURE_PRACTICE,
    then=AgeAtMost(
        years=P(f"{NS}.culture.max_age"),
        method=P("shaanxi.age_method"),
        attained=P("shaanxi.age_attained"),
        leap_day=P("shaanxi.leap_day"),
    ),
    soft=True,
    cite=ART11_C,
    text=T(
        "舞台艺术、经营管理、创意设计等专业：年龄{max_age}岁，可适当放宽",
        "stage art, management, creative design: age {max_age}, may be relaxed",
    ),
)

# 「可适当放宽学历和年龄要求」
CULTURE_RELAX = Relaxation(
    id=f"{NS}.culture.practitioner_relaxation",
    when=CULTURE_PRACTICE,
    rules=(f"{NS}.culture.degree", f"{NS}.culture.practitioner_age"),
    cite=ART11_C,
    text=T(
        "从事舞台艺术、经营管理、创意设计等专业的，可适当放宽学历和年龄要求",
        "stage art, management and creative design: degree and age may be relaxed",
    ),
)

# 「申报人申报时一般应当未全职来陕工作，或者来陕工作时间不超过1年」
CULTURE_PRESENCE = presence(
    f"{NS}.culture.presence",
    qr("第十一条", "申报人申报时一般应当未全职来陕工作，或者来陕工作时间不超过1年。", "art11"),
    T(
        "申报时一般应当未全职来陕工作，或者来陕工作不超过{presence_max}",
        "in general not in Shaanxi full time, or for at most {presence_max}, when applying",
    ),
    soft=True,
)

# 「申报长期项目的，引进后须全职来陕工作3年以上」 (as 第五条)
CULTURE_LONG_COMMITMENT = AllOf(
    id=f"{NS}.culture.commitment",
    rules=LONG_COMMITMENT.rules,
    cite=qr("第十一条", ART11_COMMIT, "art11"),
    text=T(
        "长期项目：引进后全职来陕工作{commitment}年以上",
        "long track: full time for {commitment:# year|# years} or more",
    ),
)

# 「申报短期项目的，须来陕连续工作3年以上，每年不少于2个月」 (as 第六条)
CULTURE_SHORT_COMMITMENT = AllOf(
    id=f"{NS}.culture.commitment",
    rules=SHORT_TERMS.rules,
    cite=qr("第十一条", ART11_COMMIT, "art11"),
    text=T(
        "短期项目：来陕连续工作{years}年以上，每年不少于{months_per_year}个月",
        "short track: {years} or more consecutive years, at least "
        "{months_per_year:# month|# months} a year",
    ),
)


# =============================================================================================
# 第十二条 区域人才引进项目: 「资格条件比照其他项目予以适当放宽」
# =============================================================================================
# The applicant names the project compared with (``application.track``); each condition
# below is that project's clause, applied where the project has it (a track without the
# condition makes it not applicable), and soft: 「适当放宽」 case by case.

ART12 = "引进主体为西安城区以外地区的用人单位，资格条件比照其他项目予以适当放宽。"
ART12_C = qr("第十二条", ART12, "art12")
ART12_BASE = qr("第十二条", ART12, "art12", item="（比照第五条、第六条、第八条、第十一条）")

AS_SHORT = OneOf(fact=TRACK, values=("short",))
AS_YOUTH = OneOf(fact=TRACK, values=("youth",))
AS_CULTURE = OneOf(fact=TRACK, values=("culture_long", "culture_short"))

# 「引进主体为西安城区以外地区的用人单位」
REGIONAL_EMPLOYER = outside_xian_urban_area(
    f"{NS}.regional.employer_location",
    qr("第十二条", ART12, "art12"),
    T(
        "用人单位位于西安城区以外的陕西省内地区",
        "the employer is in Shaanxi outside urban Xi'an",
    ),
)

# 「比照其他项目」: the project compared with
REGIONAL_TRACK = OneOf(
    id=f"{NS}.regional.base_track",
    fact=TRACK,
    values=P(f"{NS}.regional.base_tracks"),
    cite=ART12_C,
    text=T("选定比照的项目", "the project compared with is named"),
)

# 博士学位: 第五条 (and through it 第六条), 第八条, 第十一条 all ask it
REGIONAL_DEGREE = Compare(
    id=f"{NS}.regional.degree",
    fact="person.degree",
    value=P(f"{NS}.degree"),
    soft=True,
    cite=ART12_BASE,
    text=T(
        "博士学位（比照所选项目，可个案放宽）",
        "a doctorate (as in the chosen project; relaxable case by case)",
    ),
)

# 年龄: 第八条第一款 (by field) and 第十一条 have an age limit; 第五条 and 第六条 have none
REGIONAL_AGE = When(
    id=f"{NS}.regional.age",
    condition=OneOf(fact=TRACK, values=("youth", "culture_long", "culture_short")),
    then=AllOf(
        rules=(
            When(condition=AS_YOUTH, then=AllOf(rules=(YOUTH_AGE_STEM, YOUTH_AGE_PSS))),
            When(condition=AS_CULTURE, then=CULTURE_AGE.then),
        )
    ),
    soft=True,
    cite=ART12_BASE,
    text=T(
        "年龄：青年项目自然科学和工程技术不超过{youth.max_age}周岁（女性放宽{female_extra}岁）、"
        "哲学社会科学不超过{pss_max_age}周岁，文化艺术人才项目一般不超过{culture.max_age}岁"
        "（比照所选项目，可个案放宽）",
        "age: youth project at most {youth.max_age} in natural science and engineering "
        "({female_extra} more for women) and {pss_max_age} in philosophy and social "
        "sciences; culture and arts at most {culture.max_age} (as in the chosen project; "
        "relaxable case by case)",
    ),
)

# 来陕时间: 第六条 「引进时未全职在省内工作」; 第五条, 第八条, 第十一条 「未全职来陕工作，或者
# 来陕工作不超过1年」
REGIONAL_PRESENCE = AllOf(
    id=f"{NS}.regional.presence",
    rules=(
        When(condition=AS_SHORT, then=Compare(fact=FULLTIME_IN_SHAANXI, value=False)),
        When(
            condition=OneOf(fact=TRACK, values=("long", "youth", "culture_long", "culture_short")),
            then=AnyOf(rules=LONG_PRESENCE.rules),
        ),
    ),
    soft=True,
    cite=ART12_BASE,
    text=T(
        "来陕时间：短期项目未全职来陕，其他项目未全职来陕或来陕不超过{presence_max}"
        "（比照所选项目，可个案放宽）",
        "presence: short track not in Shaanxi full time; other projects not full time or "
        "for at most {presence_max} (as in the chosen project; relaxable case by case)",
    ),
)

# 来陕工作: 第五条 and 第十一条 long track; 第六条 and 第十一条 short track; 第八条 youth
REGIONAL_COMMITMENT = AllOf(
    id=f"{NS}.regional.commitment",
    rules=(
        When(
            condition=OneOf(fact=TRACK, values=("long", "culture_long")),
            then=AllOf(rules=LONG_COMMITMENT.rules),
        ),
        When(condition=OneOf(fact=TRACK, values=("short", "culture_short")), then=SHORT_TERMS),
        When(condition=AS_YOUTH, then=AllOf(rules=YOUTH_TERMS.rules)),
    ),
    soft=True,
    cite=ART12_BASE,
    text=T(
        "来陕工作：长期全职{long.commitment}年以上；短期连续{short.years}年以上、每年不少于"
        "{months_per_year}个月；青年全职{terms}个聘期以上、每个聘期不少于{term_years}年"
        "（比照所选项目，可个案放宽）",
        "work commitment: long track full time for {long.commitment:# year|# years} or more; short "
        "track {short.years} or more consecutive years, at least "
        "{months_per_year:# month|# months} a year; youth full time for {terms:# term|# terms} or "
        "more, each at least {term_years:# year|# years} "
        "(as in the chosen project; relaxable case by case)",
    ),
)

# 第五条 「并符合下列条件之一」 (and 第六条 through it)
REGIONAL_ANY = When(
    id=f"{NS}.regional.any_condition",
    condition=OneOf(fact=TRACK, values=("long", "short")),
    then=AnyOf(rules=ART5_CONDITIONS),
    soft=True,
    cite=ART12_BASE,
    text=T(
        "第五条所列条件之一（比照所选项目，可个案放宽）",
        "one of the conditions of 第五条 (as in the chosen project; relaxable case by case)",
    ),
)

# 身体健康 is a condition of 第五条, 第六条 (through 第五条) and 第八条, not of 第十一条
REGIONAL_HEALTH = When(
    id=f"{NS}.regional.health",
    condition=OneOf(fact=TRACK, values=("long", "short", "youth")),
    then=Attested(
        key="shaanxi.health",
        question=T("申报人身体健康", "the applicant is in good health"),
    ),
    cite=ART12_BASE,
    text=T(
        "身体健康（比照项目有此条件时：长期、短期、青年项目）",
        "in good health (where the project compared with asks it: long, short, youth)",
    ),
)


# =============================================================================================
# 第十三条 to 第十八条 申报: conditions on every application, except where they say otherwise
# =============================================================================================

# 第十三条 「申报人不得通过多个平台渠道同时申报」: the application made while another 千人
# application is pending is the one that makes them simultaneous; which stands follows the
# order of submission (operator parameter, first come by default)
SINGLE_PLATFORM = ApplicationLimit(
    id=f"{NS}.common.single_platform",
    collection="history.applications",
    where=AllOf(
        rules=(
            OneOf(fact="programme", values=P(f"{NS}.programmes")),
            OneOf(fact="status", values=P(f"{NS}.open_statuses")),
        )
    ),
    limit=1,
    order=P(f"{NS}.application_order"),
    label=T("在审的千人计划申报", "pending 千人 applications"),
    cite=qr("第十三条", "申报人不得通过多个平台渠道同时申报。", "art13"),
    text=T(
        "不得通过多个平台渠道同时申报（其他千人计划申报在审时提交的，按提交先后判定）",
        "not through several platforms at once (while another 千人 application is pending, "
        "decided by the order of submission)",
    ),
)

# 第十三条 「申报次数累计不超过2次」: not for 创业人才项目 and 青年项目
APPLICATION_CAP = AnyOf(
    id=f"{NS}.common.application_cap",
    rules=(
        Count(
            collection="history.applications",
            where=OneOf(fact="programme", values=P(f"{NS}.capped_programmes")),
            op="<",
            value=P(f"{NS}.application_cap"),
            label=T("此前计入次数的申报", "earlier counted applications"),
        ),
        Attested(
            key=f"{NS}.major_progress",
            question=T(
                "自上次申报以来研究成果、技术水平出现重大进展或者突破",
                "research results or technical level made a major advance or "
                "breakthrough since the last application",
            ),
        ),
    ),
    cite=qr(
        "第十三条",
        "除研究成果、技术水平出现重大进展或者突破外，申报次数累计不超过2次。"
        "创业人才项目、青年项目不限制申报次数。",
        "art13",
    ),
    text=T(
        "申报次数累计不超过{application_cap}次（含本次），或研究成果、技术水平出现重大进展或者突破",
        "at most {application_cap:# application|# applications} in total (this one included), "
        "unless a major advance or breakthrough is attested",
    ),
)

# 第十四条 「除创业人才项目外，其他项目申报人须与用人单位签订工作合同或者意向性协议」
CONTRACT = OneOf(
    id=f"{NS}.common.contract",
    fact=f"{APP}.contract_kind",
    values=P(f"{NS}.contract_kinds"),
    cite=qr(
        "第十四条",
        "除创业人才项目外，其他项目申报人须与用人单位签订工作合同或者意向性协议。",
        "art14",
    ),
    text=T(
        "与用人单位签订工作合同或者意向性协议",
        "a work contract or letter of intent is signed with the employer",
    ),
)

# 第十五条 「存在违约违纪违法、学术不端等行为的人员，不得申报」
NO_MISCONDUCT = NoneWithin(
    id=f"{NS}.common.no_misconduct",
    collection="person.records",
    where=AllOf(
        rules=(
            OneOf(fact="kind", values=P(f"{NS}.misconduct_kinds")),
            Compare(fact="substantiated", value=True),
        )
    ),
    date_field="date",
    # the text sets no look-back: "unlimited" by default, a window if the operator sets one
    period=P(f"{NS}.misconduct_lookback"),
    leap_day=P("shaanxi.leap_day"),
    label=T("经查实的违约违纪违法、学术不端记录", "substantiated misconduct records"),
    cite=qr("第十五条", "存在违约违纪违法、学术不端等行为的人员，不得申报。", "art15"),
    text=T(
        "无违约违纪违法、学术不端等行为",
        "no breach of contract, discipline or law, no academic misconduct",
    ),
)

# 第十六条 绿色通道
GREEN_CITE = qr(
    "第十六条",
    "符合我省“千人计划”各项目基本条件且符合下列条件之一的人员，按照本人"
    "申请、用人单位推荐、人才办审核的程序，可直接作为引进人才建议人选。……以上所列各项"
    "条件均适用于我省以外区域获奖者或入选者，对于我省符合上述条件的申报人，通过该渠道"
    "申报的在年度申报通知中进一步明确来陕时间要求。",
    "art16",
)
IS_GREEN = Compare(fact="application.channel", value="green")
NOT_GREEN = Compare(fact="application.channel", op="!=", value="green")

#: 「入选者」「获得者」: the honour held, not a nomination or a place in the holder's team
GREEN_ROLES = f"{NS}.green.roles"
# 「以上所列各项条件均适用于我省以外区域获奖者或入选者」: the listed honours won outside Shaanxi
GREEN_HONOUR_OUTSIDE = AnyOf(
    rules=(
        honours(f"{NS}.green.schemes", roles=GREEN_ROLES, out_of_province=True),
        Count(
            collection="person.honours",
            where=AllOf(
                rules=(
                    OneOf(fact="scheme", values=P(f"{NS}.green.state_awards")),
                    OneOf(fact="role", values=P(GREEN_ROLES)),
                    Compare(fact="rank", op="<=", value=P(f"{NS}.green.max_rank")),
                    Not(rule=Compare(fact="province", value=P("shaanxi.geo.province"))),
                )
            ),
            op=">=",
            value=1,
            label=T("国家科学技术奖（排名前三）", "state S&T awards (top three)"),
        ),
    )
)
# 「对于我省符合上述条件的申报人……在年度申报通知中进一步明确来陕时间要求」
GREEN_HONOUR_INSIDE = AllOf(
    rules=(
        AnyOf(
            rules=(
                honours(f"{NS}.green.schemes", roles=GREEN_ROLES, out_of_province=False),
                Count(
                    collection="person.honours",
                    where=AllOf(
                        rules=(
                            OneOf(fact="scheme", values=P(f"{NS}.green.state_awards")),
                            OneOf(fact="role", values=P(GREEN_ROLES)),
                            Compare(fact="rank", op="<=", value=P(f"{NS}.green.max_rank")),
                        )
                    ),
                    op=">=",
                    value=1,
                    label=T("国家科学技术奖（排名前三）", "state S&T awards (top three)"),
                ),
            )
        ),
        Attested(
            key=f"{NS}.green.arrival_requirement",
            question=T(
                "符合年度申报通知对省内获奖者、入选者明确的来陕时间要求",
                "meets the time-in-Shaanxi requirement the annual "
                "notice sets for holders from Shaanxi",
            ),
        ),
    )
)
GREEN_HONOUR = When(
    id=f"{NS}.green.qualifying_honour",
    condition=IS_GREEN,
    then=AnyOf(rules=(GREEN_HONOUR_OUTSIDE, GREEN_HONOUR_INSIDE)),
    cite=GREEN_CITE,
    text=T(
        "绿色通道：国家“千人计划”“万人计划”、国家科学技术奖（排名前{max_rank}）、杰青、优青、长江学者"
        "或其他国家部委重点人才计划，于省外获得；省内获得的须符合年度通知的来陕时间要求",
        "green channel: a listed national honour (a state S&T award: ranked in the top "
        "{max_rank}) won outside Shaanxi, or won in Shaanxi "
        "with the annual notice's time requirement met",
    ),
)

# 「按照本人申请、用人单位推荐、人才办审核的程序」
GREEN_REVIEW = When(
    id=f"{NS}.green.procedure",
    condition=IS_GREEN,
    then=Judgement(
        id=f"{NS}.green.procedure",
        criterion=T(
            "人才办审核同意作为引进人才建议人选（本人申请、用人单位推荐）",
            "the talent office accepts the candidate (own application, employer's recommendation)",
        ),
        decided_by=T("人才办", "talent office"),
    ),
    cite=GREEN_CITE,
    text=T(
        "绿色通道由人才办审核，不经同行专家评审",
        "a green-channel application is reviewed by the talent office instead of peers",
    ),
)

# 第十七条 「组织同行专家评审」
PEER_REVIEW = When(
    id=f"{NS}.process.peer_review",
    condition=NOT_GREEN,
    then=Judgement(
        id=f"{NS}.process.peer_review",
        criterion=T("同行专家评审通过", "the peer review recommends the applicant"),
        decided_by=T("平台部门组织的同行专家", "peer experts of the platform"),
    ),
    cite=qr(
        "第十七条", "设立平台的部门（以下简称“平台部门”）开展形式审查、组织同行专家评审", "art17"
    ),
    text=T("同行专家评审（绿色通道除外）", "peer review (except the green channel)"),
)

# 第十八条 「创业人才项目：由创办企业所在市（区）党委组织部对申报人创办的企业进行实地核查」
ENTRE_SITE_CHECK = AllOf(
    id=f"{NS}.entre.site_check",
    rules=(in_shaanxi(COMPANY), Compare(fact=f"{COMPANY}.facts.shaanxi.site_verified", value=True)),
    cite=qr(
        "第十八条",
        "创业人才项目：由创办企业所在市（区）党委组织部对申报人创办的企业进行实地"
        "核查后报省科技厅。",
        "art18/p3",
    ),
    text=T(
        "企业位于省内，并经所在市（区）党委组织部实地核查",
        "the company is in Shaanxi and was checked on site by the city organisation department",
    ),
)

# =============================================================================================
# 第二十六条 to 第二十九条 经费支持
# =============================================================================================

PAID_AFTER = T(
    "入选专家正式履行工作合同后一次性发放，由专家自主使用，用人单位不得截留挪用",
    "paid once after the selectee has formally taken up the work contract; for "
    "the expert's own use, the employer may not withhold it",
)
CONTRACT_PERFORMED = PaidAfter(
    event="person.facts.shaanxi.qianren.contract_performed_on",
    text=T(
        "入选专家正式履行工作合同后一次性发放",
        "paid once the selectee has taken up the work contract",
    ),
    cite=qr("第二十六条", "入选专家正式履行工作合同后一次性发放", "art26"),
)
# entrepreneurs sign no work contract (第十四条) and 第二十七条 sets no timing, so the
# condition 「正式履行工作合同后」 of 第二十六条 cannot be attached to their subsidy
NO_TIMING = T("（发放时点文本未规定）", " (the text sets no payment time)")
SUBSIDY_TEXT = T(
    "省财政经费补助（视同政府奖金）",
    "provincial subsidy to the person (treated as a government award)",
)
ART26_100 = (
    "创新人才长期项目、创业人才项目、外国专家项目入选者，"
    "省财政给予 100 万元的经费补助（视同政府奖金）。"
)
ART26_50 = (
    "创新人才短期项目（含非华裔外国专家）、区域人才项目入选者，"
    "省财政给予 50 万元的经费补助（视同政府奖金）。"
)
ART26_CULTURE = "文化艺术人才项目入选者按照创新人才长期项目和创新人才短期项目标准予以资助。"

# 第二十六条 100 万元: 创新人才长期项目, 外国专家项目
SUBSIDY_LONG = Fixed(
    id=f"{NS}.funding.personal_subsidy",
    payee="person",
    amount=P(f"{NS}.funding.long"),
    schedule=OneOff(when=PAID_AFTER),
    paid_after=CONTRACT_PERFORMED,
    tax=TAX_GOVERNMENT_AWARD,
    cite=qr("第二十六条", ART26_100, "art26"),
    text=SUBSIDY_TEXT,
)

# 第二十六条 100 万元: 创业人才项目 (no work contract, 第十四条)
SUBSIDY_ENTRE = Fixed(
    id=f"{NS}.funding.personal_subsidy",
    payee="person",
    amount=P(f"{NS}.funding.long"),
    schedule=OneOff(when=None),
    tax=TAX_GOVERNMENT_AWARD,
    cite=qr("第二十六条", ART26_100, "art26"),
    text=T(SUBSIDY_TEXT.zh + NO_TIMING.zh, SUBSIDY_TEXT.en + NO_TIMING.en),
)

# 第二十六条 50 万元: 创新人才短期项目, 区域人才项目
SUBSIDY_SHORT = Fixed(
    id=f"{NS}.funding.personal_subsidy",
    payee="person",
    amount=P(f"{NS}.funding.short"),
    schedule=OneOff(when=PAID_AFTER),
    paid_after=CONTRACT_PERFORMED,
    tax=TAX_GOVERNMENT_AWARD,
    cite=qr("第二十六条", ART26_50, "art26"),
    text=SUBSIDY_TEXT,
)

# 第二十六条 「青年项目入选者，省财政给予 60 万元的经费补助」
SUBSIDY_YOUTH = Fixed(
    id=f"{NS}.funding.personal_subsidy",
    payee="person",
    amount=P(f"{NS}.funding.youth"),
    schedule=OneOff(when=PAID_AFTER),
    paid_after=CONTRACT_PERFORMED,
    tax=TAX_GOVERNMENT_AWARD,
    cite=qr(
        "第二十六条", "青年项目入选者，省财政给予 60 万元的经费补助（视同政府奖金）。", "art26"
    ),
    text=SUBSIDY_TEXT,
)

# 第二十六条 文化艺术人才项目: the long-term standard for the long track…
SUBSIDY_CULTURE_LONG = Fixed(
    id=f"{NS}.funding.personal_subsidy",
    payee="person",
    amount=P(f"{NS}.funding.long"),
    schedule=OneOff(when=PAID_AFTER),
    paid_after=CONTRACT_PERFORMED,
    tax=TAX_GOVERNMENT_AWARD,
    cite=qr("第二十六条", ART26_CULTURE, "art26"),
    text=SUBSIDY_TEXT,
)
# …and the short-term standard for the short track
SUBSIDY_CULTURE_SHORT = Fixed(
    id=f"{NS}.funding.personal_subsidy",
    payee="person",
    amount=P(f"{NS}.funding.short"),
    schedule=OneOff(when=PAID_AFTER),
    paid_after=CONTRACT_PERFORMED,
    tax=TAX_GOVERNMENT_AWARD,
    cite=qr("第二十六条", ART26_CULTURE, "art26"),
    text=SUBSIDY_TEXT,
)

# 第二十七条 「给予顶尖人才和创新团队项目入选者 200 万元的经费补助」 (no timing set)
TOP_AWARD = Fixed(
    id=f"{NS}.funding.top_award",
    payee="person",
    amount=P(f"{NS}.funding.top"),
    schedule=OneOff(when=None),
    tax=TAX_GOVERNMENT_AWARD,
    cite=qr(
        "第二十七条",
        "给予顶尖人才和创新团队项目入选者 200 万元的经费补助（视同政府奖金）。",
        "art27",
    ),
    text=T(SUBSIDY_TEXT.zh + NO_TIMING.zh, SUBSIDY_TEXT.en + NO_TIMING.en),
)

# 第二十八条 「省财政给予青年项目、外国专家项目、区域人才项目入选专家 30 万元—100 万元的
# 科研经费补助」
RESEARCH_GRANT = Range(
    id=f"{NS}.funding.research_grant",
    payee="employer",
    low=P(f"{NS}.funding.research_min"),
    high=P(f"{NS}.funding.research_max"),
    decided=f"{APP}.research_grant",
    schedule=OneOff(
        when=T(
            "额度一次性核定，一次性拨付用人单位，不得提取管理费用和挪作他用",
            "set once and paid once to the employer; no management fee, no other use",
        )
    ),
    cite=qr(
        "第二十八条",
        "除生活资助外，省财政给予青年项目、外国专家项目、区域人才项目入选专家 "
        "30 万元—100 万元的科研经费补助。补助经费额度一次性核定，一次性拨付用人单位",
        "art28",
    ),
    text=T("科研经费补助", "research grant"),
)

# 第二十八条 「已获得国家“千人计划”相关项目科研经费资助的，不再重复资助」
NO_DOUBLE_RESEARCH = Exclusion(
    id=f"{NS}.funding.no_double_research",
    excludes=(f"{NS}.funding.research_grant",),
    when=Compare(fact=f"{PERSON}.national_qianren_research_funded", value=True),
    cite=qr("第二十八条", "已获得国家“千人计划”相关项目科研经费资助的，不再重复资助。", "art28"),
    text=T(
        "已获国家“千人计划”科研经费资助的，不再重复资助",
        "no provincial research grant after national 千人 research funding",
    ),
)


def _ev(name: str) -> str:
    return f"event.facts.shaanxi.{name}"


TALENT_OFFICE = T("人才办", "talent office")

# 第二十九条 「工作成绩突出的，经人才办组织专家评审认定后，可给予一定的后续科研经费支持」
RENEWAL = ExitRule(
    id=f"{NS}.funding.renewal",
    trigger="renewal_support",
    decided_by=T("人才办组织的专家评审", "expert review convened by the talent office"),
    when=Compare(fact=_ev("approved"), value=True),
    new_status="renewal_supported",
    cite=qr(
        "第二十九条",
        "在合同聘期结束时，可根据个人意向与用人单位达成续聘合同，由用人单位提出"
        "申请，报人才办审核备案。工作成绩突出的，经人才办组织专家评审认定后，可给予一定的后续"
        "科研经费支持。",
        "art29",
    ),
    text=T(
        "续聘且工作成绩突出，经专家评审认定后给予后续科研经费支持（额度文本未规定）",
        "renewed and outstanding: follow-up research funding after expert review (the "
        "text sets no amount)",
    ),
)


# =============================================================================================
# 第三十六条 工作单位转换 (rules on a ``transfer`` event)
# =============================================================================================

ART36 = qr(
    "第三十六条",
    "入选专家在首个聘期内原则上不得转换工作单位。确需转换的，应当由本人提出"
    "申请，征得转出单位同意，接收单位提出具体意见，主管部门审核后向人才办提出有关建议，"
    "人才办按照有利于发挥人才作用的原则研究批复。企业入选人员如转换到高等学校（含民办高校）、科研"
    "机构工作，需经人才办组织专家审核。工作单位转换后，省财政给予的一次性补助及科研经费补助"
    "一并流转。首个聘期内，区域人才项目入选专家不得向西安地区流动。",
    "art36",
)

# 「首个聘期内」: derived from the dates, not asked. The text sets no length of the first term
# (第八条 bounds the youth terms from below only), so its end is the award's ``term_end``
# from the contract; its last day is still within the term
FIRST_TERM = DateCompare(fact="event.date", op="<=", other="award.term_end")
APPROVAL_CHAIN = AllOf(
    rules=(
        Compare(fact=_ev("releasing_consent"), value=True),
        Compare(fact=_ev("receiving_opinion"), value=True),
        Compare(fact=_ev("supervisor_reviewed"), value=True),
        Compare(fact=_ev("approved"), value=True),
    )
)
ENTERPRISE_TO_ACADEMIA = AllOf(
    rules=(
        Compare(fact=_ev("from_enterprise"), value=True),
        Compare(fact=_ev("to_academia"), value=True),
    )
)
EXPERT_REVIEWED = Compare(fact=_ev("expert_review"), value=True)
# county names repeat across provinces (新城区 is also in 呼和浩特): the province first
REGIONAL_TO_XIAN = AllOf(
    rules=(
        FIRST_TERM,
        Compare(fact=_ev("new_province"), value=P("shaanxi.geo.province")),
        in_xian_area(_ev("new_county")),
    )
)

# 「入选专家在首个聘期内原则上不得转换工作单位。确需转换的……人才办……研究批复」
TRANSFER_FIRST_TERM = ExitRule(
    id=f"{NS}.transfer.first_term",
    trigger="transfer",
    decided_by=TALENT_OFFICE,
    when=AllOf(rules=(FIRST_TERM, Not(rule=APPROVAL_CHAIN))),
    cite=ART36,
    text=T(
        "首个聘期内原则上不得转换工作单位：须本人申请、转出单位同意、接收单位意见、主管"
        "部门审核、人才办批复，缺一不得转换",
        "no change of employer in the first term unless applied for, released, "
        "accepted, reviewed by the supervising department and approved by the "
        "talent office",
    ),
)

# 「企业入选人员如转换到高等学校（含民办高校）、科研机构工作，需经人才办组织专家审核」
TRANSFER_TO_ACADEMIA = ExitRule(
    id=f"{NS}.transfer.enterprise_to_academia",
    trigger="transfer",
    decided_by=T("人才办组织的专家", "experts convened by the talent office"),
    when=AllOf(rules=(ENTERPRISE_TO_ACADEMIA, Not(rule=EXPERT_REVIEWED))),
    cite=ART36,
    text=T(
        "企业入选人员转到高等学校（含民办高校）、科研机构，须经人才办组织专家审核",
        "a move from an enterprise to a university or research institute needs "
        "an expert review by the talent office",
    ),
)

# 「工作单位转换后，省财政给予的一次性补助及科研经费补助一并流转」: a transfer the two
# sentences before allow
TRANSFER_ALLOWED: tuple[Rule, ...] = (
    AnyOf(rules=(Not(rule=FIRST_TERM), APPROVAL_CHAIN)),
    AnyOf(rules=(Not(rule=ENTERPRISE_TO_ACADEMIA), EXPERT_REVIEWED)),
)
FUNDS_FOLLOW_TEXT = T(
    "工作单位转换后，省财政给予的一次性补助及科研经费补助一并流转",
    "after the change of employer the subsidy and the research grant move with the person",
)
TRANSFER_FUNDS_FOLLOW = ExitRule(
    id=f"{NS}.transfer.funds_follow",
    trigger="transfer",
    decided_by=TALENT_OFFICE,
    when=AllOf(rules=TRANSFER_ALLOWED),
    new_status="transferred",
    cite=ART36,
    text=FUNDS_FOLLOW_TEXT,
)
# …for 区域人才项目 also not into the Xi'an area (the last sentence)
REGIONAL_TRANSFER_FUNDS_FOLLOW = ExitRule(
    id=f"{NS}.transfer.funds_follow",
    trigger="transfer",
    decided_by=TALENT_OFFICE,
    when=AllOf(rules=(*TRANSFER_ALLOWED, Not(rule=REGIONAL_TO_XIAN))),
    new_status="transferred",
    cite=ART36,
    text=FUNDS_FOLLOW_TEXT,
)

# 「首个聘期内，区域人才项目入选专家不得向西安地区流动」
REGIONAL_NO_XIAN = ExitRule(
    id=f"{NS}.transfer.regional_no_xian",
    trigger="transfer",
    decided_by=TALENT_OFFICE,
    when=REGIONAL_TO_XIAN,
    cite=ART36,
    text=T(
        "首个聘期内，区域人才项目入选专家不得向西安地区流动（无批准途径）",
        "no move into the Xi'an area in the first term (no approval path)",
    ),
)

# =============================================================================================
# 第三十七条 项目类别转换
# =============================================================================================

ART37 = (
    "鼓励支持创新人才短期项目入选专家转换为创新人才长期项目。创新人才长期项目入选专家原则上不"
    "得转换为创新人才短期项目。转换项目类别后，相应调整经费支持等政策。"
)

# 「鼓励支持创新人才短期项目入选专家转换为创新人才长期项目」
SHORT_TO_LONG = ExitRule(
    id=f"{NS}.conversion.short_to_long",
    trigger="conversion_to_long",
    decided_by=T("平台部门", "platform department"),
    when=AllOf(
        rules=(
            Compare(fact=_ev("fulltime_commitment"), value=True),
            Compare(fact=_ev("approved"), value=True),
        )
    ),
    new_status="converted_to_long",
    # 「相应调整经费支持」: the long-term standard of 第二十六条 applies; what was paid of the
    # short-term subsidy counts towards it (paid 500,000: 500,000 more; nothing paid yet:
    # the long-term 1,000,000), never below nothing — the mirror of LONG_TO_SHORT_EXCEPTION
    top_up=TopUp(to=P(f"{NS}.funding.long"), items=(f"{NS}.funding.personal_subsidy",)),
    cite=qr("第三十七条", ART37, "art37"),
    text=T(
        "短期项目入选专家转换为长期项目（全职来陕工作3年以上），相应调整经费支持等政策："
        "按第二十六条长期项目标准补发，已发放的补助计入",
        "a short-term selectee converts to the long-term project (full time for 3 years "
        "or more); funding is adjusted: topped up to the long-term subsidy of 第二十六条, "
        "what was already paid counting towards it",
    ),
)

# 「创新人才长期项目入选专家原则上不得转换为创新人才短期项目」
LONG_TO_SHORT = ExitRule(
    id=f"{NS}.conversion.long_to_short",
    trigger="conversion_to_short",
    decided_by=TALENT_OFFICE,
    when=Not(rule=Compare(fact=_ev("approved"), value=True)),
    cite=qr("第三十七条", ART37, "art37"),
    text=T(
        "长期项目入选专家原则上不得转换为短期项目（未经例外批准，不予转换）",
        "a long-term selectee may not in principle convert to the short-term project "
        "(refused without an exceptional approval)",
    ),
)

# 「转换项目类别后，相应调整经费支持等政策」
LONG_TO_SHORT_EXCEPTION = ExitRule(
    id=f"{NS}.conversion.long_to_short_exception",
    trigger="conversion_to_short",
    decided_by=TALENT_OFFICE,
    when=Compare(fact=_ev("approved"), value=True),
    new_status="converted_to_short",
    recover=Recover(
        items=(f"{NS}.funding.personal_subsidy",),
        keep=P(f"{NS}.funding.short"),
    ),
    # 第三十条 gives 「陕西省特聘专家」 to long-term (创业, foreign) selectees, not short-term
    # ones; 「相应调整经费支持等政策」 adjusts what the category carried with the category
    withdraw=(f"{NS}.title.special_expert",),
    cite=qr("第三十七条", ART37, "art37"),
    text=T(
        "经例外批准由长期项目转为短期项目，相应调整经费支持等政策：已发放的长期项目补助按"
        "第二十六条标准收回高出短期项目的部分",
        "converted to short-term by exceptional approval; funding is adjusted: of the "
        "long-term subsidy paid, the part above the short-term standard of 第二十六条 is "
        "recovered",
    ),
)

# =============================================================================================
# 第三十八条 申请省“特支计划”: a check of the 特支 programmes (see cross.py)
# =============================================================================================


def onward_tezhi_gate(rule_id: str) -> Rule:
    """第三十八条 as a check for a 特支 application.

    A long-term selectee waits for the end of the first contract term
    (``history.selections[].term_end``: 「首个合同聘期结束」) and must work full time in
    Shaanxi or attest the intention; a youth selectee waits for the end of the contract
    (「合同聘期结束」: all its terms, ``person.facts.shaanxi.qianren_youth_contract_end``),
    since the youth project commits to two terms or more (第八条).
    """
    open_term = DateCompare(fact="term_end", op=">=", other="ref")
    pending = Count(
        collection="history.selections",
        where=AllOf(
            rules=(
                OneOf(fact="programme", values=P(f"{NS}.onward.long_programmes")),
                open_term,
            )
        ),
        op="==",
        value=0,
        label=T(
            "首个聘期未结束的千人计划长期项目入选", "千人 long-term selections in their first term"
        ),
    )
    youth = AnyOf(
        rules=(
            Count(
                collection="history.selections",
                where=OneOf(fact="programme", values=P(f"{NS}.onward.youth_programmes")),
                op="==",
                value=0,
                label=T("千人计划青年项目入选", "千人 youth selections"),
            ),
            DateCompare(fact=f"{PERSON}.qianren_youth_contract_end", op="<", other="ref"),
        )
    )
    long_sel = Count(
        collection="history.selections",
        where=OneOf(fact="programme", values=P(f"{NS}.onward.long_programmes")),
        op="==",
        value=0,
        label=T("千人计划长期项目入选", "千人 long-term selections"),
    )
    fulltime = AnyOf(
        rules=(
            Compare(fact=FULLTIME_IN_SHAANXI, value=True),
            Attested(
                key=f"{NS}.onward.intends_fulltime",
                question=T("有意向全职来陕工作", "intends to work full time in Shaanxi"),
            ),
        )
    )
    return AllOf(
        id=rule_id,
        rules=(pending, youth, AnyOf(rules=(long_sel, fulltime))),
        cite=qr(
            "第三十八条",
            "入选创新人才长期项目的引进人才，首个合同聘期结束且有意向全职来陕工作"
            "或已正式入职用人单位的，可申请省“特支计划”。入选青年项目的引进人才，可在合同聘期"
            "结束申请省“特支计划”。",
            "art38",
        ),
        text=T(
            "千人计划长期项目入选者须首个合同聘期结束，且有意向全职来陕或已正式入职；青年项目"
            "入选者须合同聘期（全部聘期）结束，方可申请特支计划",
            "a 千人 long-term selectee may apply once the first contract term has ended and "
            "must be, or intend to be, full time in Shaanxi; a youth selectee once the "
            "contract (all its terms) has ended",
        ),
    )


# =============================================================================================
# 第三十九条 退出: the money given to the person is recovered
# =============================================================================================

RECOVER = Recover(
    items=(f"{NS}.funding.personal_subsidy", f"{NS}.funding.top_award"),
    share=P(f"{NS}.exit.recovery_share"),
)
ART39 = "art39"

# 「对因个人或者家庭原因提出放弃入选资格的，按主动退出办理」
EXIT_VOLUNTARY = ExitRule(
    id=f"{NS}.exit.voluntary",
    trigger="withdrawal",
    decided_by=TALENT_OFFICE,
    when=OneOf(fact=_ev("reason"), values=P(f"{NS}.exit.voluntary_reasons")),
    new_status="exit_voluntary",
    recover=RECOVER,
    withdraw=(f"{NS}.title.special_expert",),  # 第三十条's title ends with the selection
    cite=qr(
        "第三十九条",
        "对因个人或者家庭原因提出放弃入选资格的，按主动退出办理。……按退出处理"
        "和被取消入选资格的专家，省上将收回发给个人的资助经费。",
        ART39,
    ),
    text=T(
        "因个人或者家庭原因放弃入选资格：主动退出，收回发给个人的资助经费",
        "gives up for personal or family reasons: voluntary exit; the personal "
        "subsidy is recovered",
    ),
)

# 「对未按合同约定如期到岗工作，或者在岗时间未达到要求，经督促提醒仍不履约的，予以劝退」
EXIT_PERSUADED = ExitRule(
    id=f"{NS}.exit.persuaded",
    trigger="breach",
    decided_by=TALENT_OFFICE,
    when=AllOf(
        rules=(
            Compare(fact=_ev("reminded"), value=True),
            Compare(fact=_ev("still_in_breach"), value=True),
        )
    ),
    new_status="exit_persuaded",
    recover=RECOVER,
    withdraw=(f"{NS}.title.special_expert",),  # 第三十条's title ends with the selection
    cite=qr(
        "第三十九条",
        "对未按合同约定如期到岗工作，或者在岗时间未达到要求，经督促提醒仍"
        "不履约的，予以劝退。……按退出处理和被取消入选资格的专家，省上将收回发给个人的"
        "资助经费。",
        ART39,
    ),
    text=T(
        "未如期到岗或在岗时间不足，经督促提醒仍不履约：劝退，收回发给个人的资助经费",
        "late or too little time on post and still in breach after a reminder: "
        "persuaded to withdraw; the personal subsidy is recovered",
    ),
)

# 「对弄虚作假骗取入选资格的，违反职业道德、学术不端造成恶劣影响的，或者触犯国家法律法规的，
# 取消入选资格」
EXIT_CANCELLED = ExitRule(
    id=f"{NS}.exit.cancelled",
    trigger="misconduct",
    decided_by=TALENT_OFFICE,
    when=AnyOf(
        rules=(
            Compare(fact=_ev("cause"), value="fraud"),
            Compare(fact=_ev("cause"), value="law"),
            AllOf(
                rules=(
                    OneOf(fact=_ev("cause"), values=P(f"{NS}.exit.ethics_causes")),
                    Compare(fact=_ev("impact"), value=P(f"{NS}.exit.ethics_impact")),
                )
            ),
        )
    ),
    new_status="cancelled",
    recover=RECOVER,
    withdraw=(f"{NS}.title.special_expert",),  # 第三十条's title ends with the selection
    cite=qr(
        "第三十九条",
        "对弄虚作假骗取入选资格的，违反职业道德、学术不端造成恶劣影响的，或者"
        "触犯国家法律法规的，取消入选资格。按退出处理和被取消入选资格的专家，省上将收回"
        "发给个人的资助经费。",
        ART39,
    ),
    text=T(
        "弄虚作假、违反职业道德或学术不端造成恶劣影响、触犯国家法律法规：取消入选资格，"
        "收回发给个人的资助经费",
        "fraud, misconduct with egregious impact, or breach of national law: "
        "selection cancelled; the personal subsidy is recovered",
    ),
)

#: The exits of every project: 第二十九条, 第三十六条 and 第三十九条
EXITS: tuple[ExitRule, ...] = (
    RENEWAL,
    TRANSFER_FIRST_TERM,
    TRANSFER_TO_ACADEMIA,
    TRANSFER_FUNDS_FOLLOW,
    EXIT_VOLUNTARY,
    EXIT_PERSUADED,
    EXIT_CANCELLED,
)


# =============================================================================================
# Articles with nothing to check: informational clauses, with the reason
# =============================================================================================


def _info(article: str, key: str, zh: str, en: str, quote: str = "") -> Informational:
    return Informational(cite=qr(article, quote, key), reason=T(zh, en))


INFO_COMMON: tuple[Informational, ...] = (
    _info(
        "第一条",
        "art1",
        "立法目的与引才目标（约2000名），为监测指标，不作为资格或名额上限",
        "purpose and target (about 2,000 people): a monitoring figure, never a cap",
    ),
    _info(
        "第四条",
        "art4",
        "平台设置：申报路由见参数 shaanxi.qianren.process.platforms，输出不检查",
        "platforms: routing is reported from shaanxi.qianren.process.platforms, not checked",
    ),
    _info(
        "第十七条",
        "art17",
        "遴选程序与频次（一般每年两次，参数 process.selections_per_year）为"
        "程序事实，不影响个人资格",
        "selection steps and frequency (normally twice a year) are process facts, not "
        "conditions on the applicant",
    ),
    _info(
        "第十八条",
        "art18",
        "申报渠道（按单位隶属与属地报送）为程序路由，报告不检查；自荐限于「符合条件的高层次"
        "人才」，自荐、特殊方式引进的人才由省委组织部按个案处理：是程序，不放宽资格条件",
        "submission channels are routing, reported not checked; self-recommendation is open "
        "to 「符合条件的高层次人才」 (people who meet the conditions), and 按个案处理 is the "
        "procedure of the organisation department: no condition is relaxed by the route",
        "符合条件的高层次人才可以自荐或推荐的方式直接向省委组织部申报。通过自荐、其他渠道推荐"
        "或因涉密等需要以特殊方式引进的人才，由省委组织部商有关部门按个案处理。",
    ),
    _info(
        "第十九条",
        "art19",
        "形式审查由平台部门执行，即本引擎的资格检查；反馈时限文本未规定",
        "formal review is the platform's run of these checks; no feedback deadline is set",
    ),
    _info(
        "第二十条",
        "art20",
        "评审方式和纪律为程序要求，评审结论记录在 process.peer_review",
        "review modes and discipline are procedure; the outcome is recorded under "
        "process.peer_review",
    ),
    _info(
        "第二十一条",
        "art21",
        "咨询顾问组审核建议人选和经费额度：额度记录为 application.facts.shaanxi.research_grant",
        "the advisory review sets the amounts, recorded in "
        "application.facts.shaanxi.research_grant",
    ),
    _info(
        "第二十三条",
        "art23",
        "领导小组审批印发名单，为入选日期来源，不是申报条件",
        "approval by the leading group fixes the selection date; not an applicant condition",
    ),
    _info(
        "第二十四条",
        "art24",
        "“一事一议”特殊评审：单独报送评审，是评审程序，不放宽资格条件；「一般」条款的例外"
        "仍以 waivers 记录",
        "case-by-case special review: a separate review procedure, not a relaxation of "
        "the conditions; exceptions to 「一般」 clauses are still recorded as waivers",
    ),
    _info(
        "第二十五条",
        "art25",
        "信息平台为操作要求",
        "the information system is an operating requirement",
    ),
    _info(
        "第二十六条",
        "art26",
        "用人单位、主管部门和当地政府配套资金额度未规定，无法检查",
        "matching funds of employer, supervisor and local government have no amount",
    ),
    _info(
        "第三十一条",
        "art31",
        "签证、落户、住房、医疗、子女入学等优惠政策由相关部门提供，无可计算内容",
        "visa, residence, housing, health, schooling benefits: provided by "
        "departments, nothing to compute",
    ),
    _info(
        "第三十二条",
        "art32",
        "证书由省委组织部、省人社厅颁发，记录事项",
        "certificates issued by the organisation department and the HR department",
    ),
    _info(
        "第三十三条",
        "art33",
        "服务管理、联系专家制度为管理职责",
        "service and contact duties of the authorities",
    ),
    _info("第三十四条", "art34", "高层次人才服务窗口为服务安排", "service window"),
    _info(
        "第三十五条",
        "art35",
        "用人单位服务管理职责，作为劝退（第三十九条）的证据来源",
        "employer duties; evidence for 第三十九条 persuaded withdrawal",
    ),
    _info(
        "第三十八条",
        "art38",
        "申请省“特支计划”的条件由特支计划的检查引用（onward_tezhi_gate）",
        "the gate for applying to 特支 is checked by the 特支 programmes (onward_tezhi_gate)",
    ),
    _info(
        "第四十条",
        "art40",
        "原“百人计划”入选者纳入省“千人计划”服务管理；其经费待遇本条未作规定",
        "former 百人计划 selectees come under the 千人计划's service and management; the "
        "article says nothing of their funding",
    ),
    _info(
        "第四十一条",
        "art41",
        "名称保护为合规事项，不涉及申报人资格",
        "name protection is a compliance matter",
    ),
    _info("第四十二条", "art42", "人才办职责", "duties of the talent office"),
    _info(
        "第四十三条",
        "art43",
        "平台部门制定实施细则，可能覆盖本引擎的默认口径",
        "platform rules may override the defaults here",
    ),
    _info("第四十四条", "art44", "组织部门职责", "duties of organisation departments"),
    _info("第四十五条", "art45", "用人单位职责", "duties of employers"),
    _info("第四十六条", "art46", "可委托第三方", "third parties may be commissioned"),
    _info("第四十七条", "art47", "社会组织作用", "role of associations"),
    _info("第四十八条", "art48", "解释权", "interpretation"),
)


# 第二十二条 「创业人才项目、青年项目拟入选名单须通过媒体向社会公示」: the entry also marks
# the projects the article names, which get the publicity step (procedure.with_publicity)
PUBLICITY_INFO = _info(
    "第二十二条",
    "art22",
    "拟入选名单须通过媒体公示7个工作日（参数 process.publicity_working_days）：不是资格"
    "条件；给出公示开始日（publicity_starts_on）时，公示届满日按工作日计算，作为程序期限显示",
    "the proposed list is published in the media for 7 working days: not a condition on "
    "the applicant; given the day the publicity starts (publicity_starts_on), its last "
    "day is counted in working days and shown as a procedure step",
    "创业人才项目、青年项目拟入选名单须通过媒体向社会公示，公示期为7个工作日。",
)


TITLE_INFO = _info(
    "第三十条",
    "art30",
    "入选者授予“陕西省特聘专家”称号，可直接认定高级专业技术资格（程序输出，见 tags）",
    "selectees receive the title 陕西省特聘专家 and direct recognition of a "
    "senior title (an output, see tags)",
    "对省“千人计划”创新人才长期项目、创业人才项目和外国专家项目入选者，授予“陕西省特聘专家”称号。",
)
NO_TITLE_INFO = _info(
    "第三十条",
    "art30",
    "本项目不在第三十条所列授予“陕西省特聘专家”称号的项目之内",
    "this project is not among those 第三十条 gives the 特聘专家 title",
)
TOP_SPECIAL_INFO = _info(
    "第二十七条",
    "art27",
    "“一事一议”特殊支持：额度个案决定，文本未规定",
    "case-by-case special support: no amount in the text",
    "在科学研究、成果转化、人才培养等方面，按照“一事一议”方式给予特殊支持。",
)
TITLE = "title:陕西省特聘专家"
SPECIAL_EXPERT = Title(
    id=f"{NS}.title.special_expert",
    holder="person",
    cite=qr(
        "第三十条",
        "对省“千人计划”创新人才长期项目、创业人才项目和外国专家项目入选者，"
        "授予“陕西省特聘专家”称号。",
        "art30",
    ),
    text=T("“陕西省特聘专家”称号", "the title 陕西省特聘专家 (Shaanxi distinguished expert)"),
)


# 第十三条 「创业人才项目、青年项目不限制申报次数」
ENTRE_UNCAPPED_INFO = _info(
    "第十三条",
    "art13",
    "创业人才项目不限制申报次数，也不计入其他项目的次数",
    "entrepreneur applications are unlimited and not counted",
)
YOUTH_UNCAPPED_INFO = _info(
    "第十三条",
    "art13",
    "青年项目不限制申报次数，也不计入其他项目的次数",
    "youth applications are unlimited and not counted",
)
# 第十四条 「除创业人才项目外」
ENTRE_NO_CONTRACT_INFO = _info(
    "第十四条",
    "art14",
    "创业人才项目不要求工作合同或意向性协议",
    "no contract or letter of intent is required of entrepreneurs",
)

# 三秦办法 第十九条 「符合我省“千人计划”青年项目申报条件的」: both youth subtypes of 第八条
SANQIN_TILT = ScoreItem(
    id=f"{NS}.youth.sanqin_member_tilt",
    rule=Compare(fact="person.facts.shaanxi.qianren.sanqin_member", value=True),
    weight=P(f"{NS}.youth.sanqin_member_weight"),
    cite=sq(
        "第十九条",
        "对创新团队引进的团队成员，符合我省“千人计划”青年项目申报条件的，给予倾斜支持。",
        "art19",
    ),
    text=T(
        "“三秦学者”创新团队引进的成员给予倾斜支持",
        "priority for members introduced by a 三秦学者 team",
    ),
)

VALIDITY = qr("第四十九条", "本办法自发布之日起施行。", "art49")

# =============================================================================================
# The programmes, each from the clauses above in the text's order
# =============================================================================================

LONG = Programme(
    id=f"{NS}.long",
    jurisdiction=JURISDICTION,
    document=QR,
    name=T("陕西省“千人计划”创新人才长期项目", "Shaanxi 千人计划: long-term innovation talent"),
    summary=T(
        "全职来陕{commitment}年以上的创新人才，省财政一次性补助{funding.long:wan}万元",
        "innovators coming full time for {commitment}+ years; {funding.long} yuan one-off",
    ),
    rules=(
        LONG_DEGREE,
        LONG_HEALTH,
        LONG_PRESENCE,
        LONG_COMMITMENT,
        LONG_ANY,
        SINGLE_PLATFORM,
        APPLICATION_CAP,
        CONTRACT,
        NO_MISCONDUCT,
        GREEN_HONOUR,
        GREEN_REVIEW,
        PEER_REVIEW,
    ),
    funding=(SUBSIDY_LONG, SPECIAL_EXPERT),
    exits=(
        RENEWAL,
        TRANSFER_FIRST_TERM,
        TRANSFER_TO_ACADEMIA,
        TRANSFER_FUNDS_FOLLOW,
        LONG_TO_SHORT,
        LONG_TO_SHORT_EXCEPTION,
        EXIT_VOLUNTARY,
        EXIT_PERSUADED,
        EXIT_CANCELLED,
    ),
    informational=(*INFO_COMMON, TITLE_INFO),
    reference=REFERENCE,
    valid_from=P(f"{NS}.valid_from"),
    validity_cite=VALIDITY,
    tags=(TITLE,),
)

SHORT = Programme(
    id=f"{NS}.short",
    jurisdiction=JURISDICTION,
    document=QR,
    name=T(
        "陕西省“千人计划”创新人才短期项目（含非华裔外国专家）",
        "Shaanxi 千人计划: short-term innovation talent (non-ethnic-Chinese foreign experts "
        "included)",
    ),
    summary=T(
        "每年来陕不少于{months_per_year}个月、连续{short.years}年以上，补助{funding.short:wan}万元",
        "at least {months_per_year:# month|# months} a year for {short.years}+ consecutive years; "
        "{funding.short} yuan",
    ),
    rules=(
        SHORT_PRESENCE,
        LONG_DEGREE,
        LONG_HEALTH,
        LONG_ANY,
        SHORT_PARTNER,
        SHORT_COMMITMENT,
        SINGLE_PLATFORM,
        APPLICATION_CAP,
        CONTRACT,
        NO_MISCONDUCT,
        GREEN_HONOUR,
        GREEN_REVIEW,
        PEER_REVIEW,
    ),
    funding=(SUBSIDY_SHORT,),
    exits=(
        RENEWAL,
        TRANSFER_FIRST_TERM,
        TRANSFER_TO_ACADEMIA,
        TRANSFER_FUNDS_FOLLOW,
        SHORT_TO_LONG,
        EXIT_VOLUNTARY,
        EXIT_PERSUADED,
        EXIT_CANCELLED,
    ),
    informational=(*INFO_COMMON, NO_TITLE_INFO),
    reference=REFERENCE,
    valid_from=P(f"{NS}.valid_from"),
    validity_cite=VALIDITY,
)

ENTRE = Programme(
    id=f"{NS}.entre",
    jurisdiction=JURISDICTION,
    document=QR,
    name=T("陕西省“千人计划”创业人才项目", "Shaanxi 千人计划: entrepreneurs"),
    summary=T(
        "来陕创业人才，补助{funding.long:wan}万元，不限申报次数",
        "entrepreneurs; {funding.long} yuan; no cap on applications",
    ),
    rules=(
        ENTRE_IP_EXPERIENCE,
        ENTRE_CAPABILITY,
        ENTRE_IN_PROVINCE,
        ENTRE_COMPANY_AGE,
        ENTRE_MARKET,
        ENTRE_FOUNDER,
        ENTRE_ONE_PER_COMPANY,
        ENTRE_COFUNDING,
        ENTRE_INDUSTRY_RULES,
        SINGLE_PLATFORM,
        NO_MISCONDUCT,
        GREEN_HONOUR,
        GREEN_REVIEW,
        PEER_REVIEW,
        ENTRE_SITE_CHECK,
    ),
    funding=(SUBSIDY_ENTRE, SPECIAL_EXPERT),
    exits=EXITS,
    informational=(
        *INFO_COMMON,
        TITLE_INFO,
        ENTRE_NO_CONTRACT_INFO,
        ENTRE_UNCAPPED_INFO,
        PUBLICITY_INFO,
    ),
    reference=REFERENCE,
    valid_from=P(f"{NS}.valid_from"),
    validity_cite=VALIDITY,
    tags=(TITLE,),
)

YOUTH = Programme(
    id=f"{NS}.youth",
    jurisdiction=JURISDICTION,
    document=QR,
    name=T("陕西省“千人计划”青年项目", "Shaanxi 千人计划: young talent"),
    summary=T(
        "{youth.max_age}周岁以下（女性放宽{female_extra}岁，哲社{pss_max_age}周岁）博士，"
        "{terms}个聘期以上，补助{funding.youth:wan}万元并给予科研经费",
        "doctorates up to {youth.max_age} (women {female_extra:# year|# years} more, social "
        "sciences {pss_max_age}); {terms:# term|# terms} or more; {funding.youth} yuan plus a "
        "research grant",
    ),
    rules=(
        YOUTH_FIELD,
        YOUTH_AGE,
        YOUTH_DEGREE,
        YOUTH_HEALTH,
        YOUTH_TOP_AMONG_PEERS,
        YOUTH_PRESENCE,
        YOUTH_COMMITMENT,
        SINGLE_PLATFORM,
        CONTRACT,
        NO_MISCONDUCT,
        GREEN_HONOUR,
        GREEN_REVIEW,
    ),
    funding=(SUBSIDY_YOUTH, RESEARCH_GRANT, NO_DOUBLE_RESEARCH),
    scoring=(SANQIN_TILT,),
    exits=EXITS,
    informational=(*INFO_COMMON, NO_TITLE_INFO, YOUTH_UNCAPPED_INFO, PUBLICITY_INFO),
    reference=REFERENCE,
    valid_from=P(f"{NS}.valid_from"),
    validity_cite=VALIDITY,
)

YOUTH_FIN = Programme(
    id=f"{NS}.youth_fin",
    jurisdiction=JURISDICTION,
    document=QR,
    name=T(
        "陕西省“千人计划”青年项目（金融机构）",
        "Shaanxi 千人计划: young talent at financial institutions",
    ),
    summary=T(
        "大中型金融机构或金融管理部门的青年人才",
        "young talent for large and medium financial institutions and regulators",
    ),
    rules=(
        YOUTH_FIN_EMPLOYER,
        YOUTH_FIN_DEGREE,
        YOUTH_FIN_AGE,
        YOUTH_FIN_HEALTH,
        YOUTH_FIN_EXPERIENCE,
        YOUTH_FIN_PERFORMANCE,
        YOUTH_FIN_PRESENCE,
        YOUTH_FIN_COMMITMENT,
        SINGLE_PLATFORM,
        CONTRACT,
        NO_MISCONDUCT,
        GREEN_HONOUR,
        GREEN_REVIEW,
    ),
    funding=(SUBSIDY_YOUTH, RESEARCH_GRANT, NO_DOUBLE_RESEARCH),
    scoring=(SANQIN_TILT,),
    exits=EXITS,
    informational=(*INFO_COMMON, NO_TITLE_INFO, YOUTH_UNCAPPED_INFO, PUBLICITY_INFO),
    reference=REFERENCE,
    valid_from=P(f"{NS}.valid_from"),
    validity_cite=VALIDITY,
)

FOREIGN = Programme(
    id=f"{NS}.foreign",
    jurisdiction=JURISDICTION,
    document=QR,
    name=T("陕西省“千人计划”外国专家项目", "Shaanxi 千人计划: foreign experts"),
    summary=T(
        "非华裔外国专家，{foreign.max_age}周岁以下，全职{commitment}年以上，"
        "补助{funding.long:wan}万元并给予科研经费",
        "non-ethnic-Chinese foreign experts up to {foreign.max_age}, full time {commitment}+ "
        "years; {funding.long} yuan plus a research grant",
    ),
    rules=(
        FOREIGN_IDENTITY,
        FOREIGN_AGE,
        FOREIGN_HEALTH,
        FOREIGN_COMMITMENT,
        LONG_DEGREE,
        LONG_PRESENCE,
        LONG_ANY,
        SINGLE_PLATFORM,
        APPLICATION_CAP,
        CONTRACT,
        NO_MISCONDUCT,
        GREEN_HONOUR,
        GREEN_REVIEW,
        PEER_REVIEW,
    ),
    funding=(SUBSIDY_LONG, RESEARCH_GRANT, NO_DOUBLE_RESEARCH, SPECIAL_EXPERT),
    exits=EXITS,
    informational=(*INFO_COMMON, TITLE_INFO),
    reference=REFERENCE,
    valid_from=P(f"{NS}.valid_from"),
    validity_cite=VALIDITY,
    tags=(TITLE,),
)

TOP = Programme(
    id=f"{NS}.top",
    jurisdiction=JURISDICTION,
    document=QR,
    name=T("陕西省“千人计划”顶尖人才和创新团队项目", "Shaanxi 千人计划: top talent and teams"),
    summary=T(
        "自然科学、工程技术领域国际国内顶尖专家，全职{top.commitment}年以上，"
        "补助{funding.top:wan}万元",
        "top experts in science and engineering, full time {top.commitment}+ years; "
        "{funding.top} yuan",
    ),
    rules=(
        TOP_FIELD,
        TOP_COMMITMENT,
        TOP_ITEM,
        SINGLE_PLATFORM,
        APPLICATION_CAP,
        CONTRACT,
        NO_MISCONDUCT,
        GREEN_HONOUR,
        GREEN_REVIEW,
        PEER_REVIEW,
    ),
    funding=(TOP_AWARD,),
    exits=EXITS,
    informational=(*INFO_COMMON, NO_TITLE_INFO, TOP_SPECIAL_INFO),
    reference=REFERENCE,
    valid_from=P(f"{NS}.valid_from"),
    validity_cite=VALIDITY,
)

CULTURE_LONG = Programme(
    id=f"{NS}.culture.long",
    jurisdiction=JURISDICTION,
    document=QR,
    name=T(
        "陕西省“千人计划”文化艺术人才项目（长期）",
        "Shaanxi 千人计划: culture and arts talent (long track)",
    ),
    summary=T(
        "文化艺术人才，全职{commitment}年以上，按长期项目标准资助",
        "culture and arts, full time {commitment}+ years; funded at the long-term rate",
    ),
    rules=(
        CULTURE_FIELD,
        CULTURE_DEGREE,
        CULTURE_AGE,
        CULTURE_PRACTITIONER_AGE,
        CULTURE_PRESENCE,
        CULTURE_LONG_COMMITMENT,
        SINGLE_PLATFORM,
        APPLICATION_CAP,
        CONTRACT,
        NO_MISCONDUCT,
        GREEN_HONOUR,
        GREEN_REVIEW,
        PEER_REVIEW,
    ),
    funding=(SUBSIDY_CULTURE_LONG,),
    relaxations=(CULTURE_RELAX,),
    exits=EXITS,
    informational=(*INFO_COMMON, NO_TITLE_INFO),
    reference=REFERENCE,
    valid_from=P(f"{NS}.valid_from"),
    validity_cite=VALIDITY,
)

CULTURE_SHORT = Programme(
    id=f"{NS}.culture.short",
    jurisdiction=JURISDICTION,
    document=QR,
    name=T(
        "陕西省“千人计划”文化艺术人才项目（短期）",
        "Shaanxi 千人计划: culture and arts talent (short track)",
    ),
    summary=T(
        "文化艺术人才，连续{short.years}年以上每年不少于{months_per_year}个月，按短期项目标准资助",
        "culture and arts, {months_per_year}+ months a year for {short.years}+ years; "
        "funded at the short-term rate",
    ),
    rules=(
        CULTURE_FIELD,
        CULTURE_DEGREE,
        CULTURE_AGE,
        CULTURE_PRACTITIONER_AGE,
        CULTURE_PRESENCE,
        CULTURE_SHORT_COMMITMENT,
        SINGLE_PLATFORM,
        APPLICATION_CAP,
        CONTRACT,
        NO_MISCONDUCT,
        GREEN_HONOUR,
        GREEN_REVIEW,
        PEER_REVIEW,
    ),
    funding=(SUBSIDY_CULTURE_SHORT,),
    relaxations=(CULTURE_RELAX,),
    exits=EXITS,
    informational=(*INFO_COMMON, NO_TITLE_INFO),
    reference=REFERENCE,
    valid_from=P(f"{NS}.valid_from"),
    validity_cite=VALIDITY,
)

REGIONAL = Programme(
    id=f"{NS}.regional",
    jurisdiction=JURISDICTION,
    document=QR,
    name=T("陕西省“千人计划”区域人才项目", "Shaanxi 千人计划: regional talent"),
    summary=T(
        "西安城区以外用人单位引进，比照其他项目放宽条件，补助{funding.short:wan}万元并给予科研经费",
        "employers outside urban Xi'an; conditions of another project, relaxable; "
        "{funding.short} yuan plus a research grant",
    ),
    rules=(
        REGIONAL_EMPLOYER,
        REGIONAL_TRACK,
        REGIONAL_DEGREE,
        REGIONAL_AGE,
        REGIONAL_PRESENCE,
        REGIONAL_COMMITMENT,
        REGIONAL_ANY,
        REGIONAL_HEALTH,
        SINGLE_PLATFORM,
        APPLICATION_CAP,
        CONTRACT,
        NO_MISCONDUCT,
        GREEN_HONOUR,
        GREEN_REVIEW,
        PEER_REVIEW,
    ),
    funding=(SUBSIDY_SHORT, RESEARCH_GRANT, NO_DOUBLE_RESEARCH),
    exits=(
        RENEWAL,
        TRANSFER_FIRST_TERM,
        TRANSFER_TO_ACADEMIA,
        REGIONAL_TRANSFER_FUNDS_FOLLOW,
        REGIONAL_NO_XIAN,
        EXIT_VOLUNTARY,
        EXIT_PERSUADED,
        EXIT_CANCELLED,
    ),
    informational=(*INFO_COMMON, NO_TITLE_INFO),
    reference=REFERENCE,
    valid_from=P(f"{NS}.valid_from"),
    validity_cite=VALIDITY,
)

PROGRAMMES: tuple[Programme, ...] = (
    LONG,
    SHORT,
    ENTRE,
    YOUTH,
    YOUTH_FIN,
    FOREIGN,
    TOP,
    CULTURE_LONG,
    CULTURE_SHORT,
    REGIONAL,
)
