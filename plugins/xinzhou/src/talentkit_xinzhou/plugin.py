"""Xinzhou: 忻州市关于打造一流创新生态培育壮大高质量转型发展新动能的措施（代拟稿）.

A funding-first jurisdiction. The measures are a draft (代拟稿, 忻科〔2020〕6号, 2020-04-09):
every programme is off until the operator sets ``xinzhou.eco.enabled = true`` and the
date the issued text took effect (``xinzhou.eco.effective_on``).

Six programmes, one per operative clause:

* ``xinzhou.eco.leading_talent``: 一、1, the treatments listed by 忻市发〔2019〕24号 (an
  external policy: some may be in kind; the cash part is entered per case as decided under
  that policy, never invented here);
* ``xinzhou.eco.patent``: 一、3, 100,000–200,000 yuan set by review (validated, never clamped);
* ``xinzhou.eco.major_project``: 三、7 first sentence, "双创" fund, amount not stated: the
  fund decides it per project, entered per case;
* ``xinzhou.eco.pilot_base``: 三、7 second sentence, 2,000,000 / 500,000 yuan;
* ``xinzhou.eco.award_project``: 三、9 first sentence, a policy direction that names no fund
  and no amount: it records that the project falls under the sentence, never money;
* ``xinzhou.eco.tech_transfer``: 三、9 second sentence, 3 % of the amount paid, at most
  500,000 yuan per result across all payments.

The text has no exit, recovery or bar: no programme declares an exit rule, so asking the
engine about any event is an input error that says the programme has no exit rule for it
(no consequence is inferred).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from talentkit import (
    AnyOf,
    Attested,
    Citation,
    Compare,
    DateCompare,
    Document,
    External,
    F,
    FactSpec,
    Fixed,
    Informational,
    Jurisdiction,
    Layout,
    Money,
    OneOf,
    OneOff,
    P,
    PaidAfter,
    Parameter,
    ParamIs,
    Percentage,
    PriorAward,
    Programme,
    Range,
    ScoreItem,
    Text,
    When,
    hookimpl,
    load_parameters,
)

DOC = "XZ-ECO"
JURISDICTION = "xinzhou"
PARTS = {1: "一", 2: "二", 3: "三", 4: "四"}


def cite(part: int, measure: int, sentence: int | None = None, quote: str = "") -> Citation:
    """A citation in the scheme ``XZ-ECO/pt<part>/m<measure>[/s<k>]`` (s0 = the measure's
    title sentence; sentences are counted after it)."""
    key = f"{DOC}/pt{part}/m{measure}" + (f"/s{sentence}" if sentence is not None else "")
    return Citation(document=DOC, article=f"{PARTS[part]}、{measure}", key=key, quote=quote)


def doc_cite(where: str, article: str, quote: str = "") -> Citation:
    return Citation(document=DOC, article=article, key=f"{DOC}/{where}", quote=quote)


def fact(name: str) -> str:
    return f"facts.xinzhou.eco.{name}"


ENABLED = P("xinzhou.eco.enabled")
EFFECTIVE = P("xinzhou.eco.effective_on")
CITY = P("xinzhou.eco.city")
VALIDITY = doc_cite(
    "notice",
    "通知（代拟稿）",
    "关于印发……的通知（代拟稿）……忻州市人民政府办公室 2020年4月  日",
)

APPLICANT = "organisations[role=applicant]"


LOCAL_TEXT = Text("申请单位在忻州市", "the applicant is located in Xinzhou")


def local(rule_id: str, c: Citation, who: str = APPLICANT, text: Text = LOCAL_TEXT) -> Compare:
    return Compare(id=rule_id, fact=f"{who}.city", value=CITY, cite=c, text=text)


# --- 一、1 leading talent (team) --------------------------------------------------------------

Q_M1 = (
    "对带项目、带资金来忻创业的领军人才（团队），拥有的自主知识产权和关键技术达到国内领先，"
    "且其研发成果进入产业化阶段的，按照《忻州市招才引智支持政策》（忻市发〔2019〕24号）享受相关待遇"
)
C_M1 = cite(1, 1, 2, Q_M1)
EXTERNAL_POLICY = "忻市发〔2019〕24号"

LEADING_TALENT = Programme(
    id="xinzhou.eco.leading_talent",
    jurisdiction=JURISDICTION,
    document=DOC,
    name=Text(
        "领军人才（团队）来忻创业待遇", "Leading talent (teams) starting a business in Xinzhou"
    ),
    # 「领军人才（团队）」: an individual leading talent or a team
    subject="person_or_team",
    summary=Text(
        f"符合条件的领军人才（团队）按{EXTERNAL_POLICY}享受相关待遇",
        f"qualifying leading talent (teams) receive the treatment of {EXTERNAL_POLICY}",
    ),
    rules=[
        Attested(
            id="xinzhou.eco.talent.leading_talent_treatment.status",
            key="xinzhou.eco.talent.leading_status",
            question=Text(
                f"申请人属于{EXTERNAL_POLICY}所称领军人才（团队）",
                f"the applicant is a leading talent (team) as {EXTERNAL_POLICY} defines it",
            ),
            cite=cite(
                1,
                1,
                2,
                "领军人才（团队）……按照《忻州市招才引智支持政策》"
                "（忻市发〔2019〕24号）享受相关待遇",
            ),
        ),
        Compare(
            id="xinzhou.eco.talent.leading_talent_treatment.brings_project",
            fact=fact("talent.brings_project"),
            cite=cite(1, 1, 2, "对带项目、带资金来忻创业的领军人才（团队）"),
            text=Text("带项目来忻创业", "brings a project"),
        ),
        Compare(
            id="xinzhou.eco.talent.leading_talent_treatment.brings_funds",
            fact=fact("talent.funds_brought"),
            op=">",
            value=Money(0),
            cite=cite(1, 1, 2, "对带项目、带资金来忻创业的领军人才（团队）"),
            text=Text(
                "带资金来忻创业（带入资金大于零；文本未规定最低额）",
                "brings funds (more than zero; the text sets no minimum)",
            ),
        ),
        local(
            "xinzhou.eco.talent.leading_talent_treatment.venture_in_xinzhou",
            cite(1, 1, 2, "来忻创业"),
            who="organisations[role=venture]",
            text=Text("所创企业在忻州市", "the business is started in Xinzhou"),
        ),
        Attested(
            id="xinzhou.eco.talent.leading_talent_treatment.domestic_leading",
            key="xinzhou.eco.talent.ip_domestic_leading",
            question=Text(
                "拥有的自主知识产权和关键技术达到国内领先（查新报告或专家鉴定）",
                "owns its IP and key technology, at the domestic leading level "
                "(novelty search or expert appraisal)",
            ),
            cite=cite(1, 1, 2, "拥有的自主知识产权和关键技术达到国内领先"),
        ),
        Attested(
            id="xinzhou.eco.talent.leading_talent_treatment.industrialisation",
            key="xinzhou.eco.talent.industrialisation_stage",
            question=Text(
                "研发成果已进入产业化阶段（生产许可、销售或中试线等证据）",
                "its R&D results have entered industrialisation (production "
                "licence, sales or a pilot line)",
            ),
            cite=cite(1, 1, 2, "且其研发成果进入产业化阶段的"),
        ),
    ],
    funding=[
        # 「享受相关待遇」: the treatments are those 忻市发〔2019〕24号 lists, some possibly in
        # kind; only their cash part is money, decided per case under that policy
        External(
            id="xinzhou.eco.talent.leading_talent_treatment.amount",
            payee="talent",
            reference=f"《忻州市招才引智支持政策》（{EXTERNAL_POLICY}）",
            amount=F(fact("talent.treatment_cash")),
            schedule=OneOff(),
            cite=C_M1,
            text=Text(
                f"按{EXTERNAL_POLICY}享受相关待遇（现金部分）",
                f"treatment under {EXTERNAL_POLICY} (cash part)",
            ),
        ),
    ],
    scoring=[
        ScoreItem(
            id="xinzhou.eco.talent.cluster_alignment_and_flexible_use",
            rule=OneOf(fact=fact("talent.cluster"), values=P("xinzhou.eco.talent.clusters")),
            cite=cite(
                1, 1, 1, "围绕我市八大标志性引领性产业集群和六大农产品精深加工产业集群建设需求"
            ),
            text=Text("属于本市8+6产业集群（优先）", "in one of the 8 + 6 clusters (priority)"),
        ),
    ],
    informational=[
        Informational(
            cite=cite(1, 1, 2, "按照《忻州市招才引智支持政策》（忻市发〔2019〕24号）享受相关待遇"),
            reason=Text(
                f"「相关待遇」是{EXTERNAL_POLICY}所列的待遇清单，可能有多项，部分为非现金待遇"
                "（不计入金额）；现金部分按该政策逐案核定，录入 "
                "facts.xinzhou.eco.talent.treatment_cash，本文本不给任何金额",
                f"「相关待遇」 is the list of treatments of {EXTERNAL_POLICY}: possibly several, "
                "some in kind (not counted as money); the cash part is decided per case under "
                "that policy and entered as facts.xinzhou.eco.talent.treatment_cash; this text "
                "gives no amount",
            ),
        ),
        Informational(
            cite=doc_cite("preamble", "措施序言", "特制定如下措施"),
            reason=Text("制定目的，无可操作内容", "purpose; nothing to check"),
        ),
        Informational(
            cite=cite(1, 1, 1, "坚持“不求所有、但求所用”，加大柔性用才和项目引才力度"),
            reason=Text(
                "引才方向；柔性用才不构成否定条件。产业集群仅作优先标记",
                "a direction; flexible engagement is never a ground to refuse. "
                "The clusters are only a priority flag (scoring)",
            ),
        ),
        Informational(
            cite=cite(1, 2, None, "依托……中试基地等科技创新平台积极培养本土人才"),
            reason=Text(
                "本土人才培养的工作要求，无申请条件和金额",
                "a task for local training; no conditions or amounts",
            ),
        ),
        Informational(
            cite=cite(1, 4, None, "企业引才所需费用可全额列入经营成本"),
            reason=Text(
                "引才费用列支口径的许可，不产生任何资助权利",
                "permissions on booking recruitment costs; no entitlement",
            ),
        ),
        Informational(
            cite=cite(2, 5, None, "建立县域创新生态工作机制"),
            reason=Text("县级组织机制，不针对申请人", "county organisation; no applicant"),
        ),
        Informational(
            cite=cite(2, 6, None, "建立分类分层创新考核指标体系"),
            reason=Text(
                "对县（市、区）的考核，指标未规定，不针对申请人",
                "assessment of counties; indicators not stated; no applicant",
            ),
        ),
    ],
    enabled=ENABLED,
    valid_from=EFFECTIVE,
    validity_cite=VALIDITY,
)

# --- 一、3 invention-patent industrialisation ---------------------------------------------------

Q_M3 = (
    "对有良好市场潜力的发明专利产业化项目，通过市级科技成果转化引导专项给予10～20万元科研项目扶持"
)
C_M3 = cite(1, 3, 1, Q_M3)

PATENT = Programme(
    id="xinzhou.eco.patent",
    jurisdiction=JURISDICTION,
    document=DOC,
    name=Text("发明专利产业化项目扶持", "Invention-patent industrialisation projects"),
    subject="organisation",
    summary=Text(
        "市级科技成果转化引导专项给予{support_min:wan}～{support_max:wan}万元",
        "{support_min}–{support_max} yuan from the municipal transformation fund",
    ),
    rules=[
        Compare(
            id="xinzhou.eco.talent.patent_industrialisation_eligibility.invention",
            fact=fact("patent.type"),
            value=P("xinzhou.eco.patent.type"),
            cite=cite(1, 3, 1, "发明专利产业化项目"),
            text=Text("项目所涉专利为发明专利", "the patent is an invention patent"),
        ),
        Compare(
            id="xinzhou.eco.talent.patent_industrialisation_eligibility.granted",
            fact=fact("patent.granted"),
            cite=cite(1, 3, 1, "发明专利产业化项目"),
            text=Text(
                "发明专利已授权（申请中的不计）",
                "the patent is granted (applications do not count)",
            ),
        ),
        OneOf(
            id="xinzhou.eco.talent.patent_industrialisation_eligibility.rights",
            fact=fact("patent.rights"),
            values=P("xinzhou.eco.patent.rights"),
            cite=cite(1, 3, 1, "发明专利产业化项目"),
            text=Text(
                "申请单位拥有专利或经转让、许可取得实施权",
                "the applicant owns the patent or holds it by assignment or licence",
            ),
        ),
        Attested(
            id="xinzhou.eco.talent.patent_industrialisation_eligibility.industrialisation",
            key="xinzhou.eco.patent.industrialisation",
            question=Text("项目为该发明专利的产业化项目", "the project industrialises the patent"),
            cite=cite(1, 3, 1, "发明专利产业化项目"),
        ),
        Attested(
            id="xinzhou.eco.talent.patent_industrialisation_eligibility.market_potential",
            key="xinzhou.eco.patent.market_potential",
            question=Text("项目有良好市场潜力", "the project has good market potential"),
            cite=cite(1, 3, 1, "对有良好市场潜力的发明专利产业化项目"),
        ),
        local(
            "xinzhou.eco.talent.patent_industrialisation_eligibility.local",
            cite(1, 3, 1, "通过市级科技成果转化引导专项"),
        ),
    ],
    funding=[
        Range(
            id="xinzhou.eco.talent.patent_industrialisation_amount",
            payee="undertaker",
            low=P("xinzhou.eco.patent.support_min"),
            high=P("xinzhou.eco.patent.support_max"),
            decided=fact("patent.support_decided"),
            cite=C_M3,
            text=Text(
                "市级科技成果转化引导专项科研项目扶持",
                "project support from the municipal transformation fund",
            ),
        ),
    ],
    informational=[
        Informational(
            cite=cite(1, 3, 0, "加大对优秀科研人员和团队的稳定支持和薪酬激励力度"),
            reason=Text("标题为政策表述", "the title; a policy statement"),
        ),
        Informational(
            cite=cite(1, 3, 1, "全面落实以增加知识价值为导向的分配政策"),
            reason=Text(
                "“以增加知识价值为导向的分配政策”为政策表述，不针对申请人",
                "the distribution-policy wording; a policy statement, no applicant",
            ),
        ),
        Informational(
            cite=cite(4, 11, None, "确保财政科技投入只增不减"),
            reason=Text(
                "对各级政府的财政投入要求，不针对申请人",
                "a budget rule for governments; no applicant",
            ),
        ),
        Informational(
            cite=cite(4, 12, None, "探索一事一议、部门协同等项目组织实施方式的科技立项机制"),
            reason=Text("探索性机制，无条件、无金额", "exploratory; no conditions or amounts"),
        ),
    ],
    enabled=ENABLED,
    valid_from=EFFECTIVE,
    validity_cite=VALIDITY,
)

# --- 三、7 first sentence: major industrialisation projects ("双创" fund) -----------------------

Q_M7_1 = "鼓励企业牵头实施重大科技成果产业化项目，市政府通过“双创”专项资金予以支持"

MAJOR_PROJECT = Programme(
    id="xinzhou.eco.major_project",
    jurisdiction=JURISDICTION,
    document=DOC,
    name=Text(
        "重大科技成果产业化项目（“双创”专项资金）", 'Major industrialisation projects ("双创" fund)'
    ),
    subject="organisation",
    rules=[
        Compare(
            id="xinzhou.eco.transfer.major_industrialisation_support.enterprise_led",
            fact="organisations[role=lead].is_enterprise",
            cite=cite(3, 7, 1, "鼓励企业牵头实施"),
            text=Text("项目由企业牵头实施", "the project is led by an enterprise"),
        ),
        Attested(
            id="xinzhou.eco.transfer.major_industrialisation_support.major_result",
            key="xinzhou.eco.major.major_result",
            question=Text(
                "项目属于重大科技成果产业化项目", "the project industrialises a major S&T result"
            ),
            cite=cite(3, 7, 1, "重大科技成果产业化项目"),
        ),
    ],
    funding=[
        # the fund is named, its amount is not: the fund decides it for each project
        External(
            id="xinzhou.eco.transfer.major_industrialisation_support.amount",
            payee="enterprise",
            reference="市政府“双创”专项资金",
            amount=F(fact("major.fund_decided")),
            cite=cite(3, 7, 1, Q_M7_1),
            text=Text("“双创”专项资金支持", 'support from the "双创" fund'),
        ),
    ],
    informational=[
        Informational(
            cite=cite(3, 7, 1, "深入贯彻落实《山西省促进科技成果转化条例》"),
            reason=Text(
                "引用省条例作为依据，无本市条件",
                "cites the provincial regulation as basis; no municipal condition",
            ),
        ),
        Informational(
            cite=cite(3, 8, None, "实施“215”科技成果转化行动"),
            reason=Text(
                "20/10/5 为全市工作目标，不是申请条件或名额上限，未规定金额",
                "20/10/5 are city targets, not conditions or caps; no amount",
            ),
        ),
    ],
    enabled=ENABLED,
    valid_from=EFFECTIVE,
    validity_cite=VALIDITY,
)

# --- 三、7 second sentence: pilot bases --------------------------------------------------------

Q_M7_2 = "对新认定省级、市级中试基地的单位分别给予200万元和50万元的奖励资助"
C_M7_2 = cite(3, 7, 2, Q_M7_2)
PILOT_LEVEL = fact("pilot.level")
# 「对新认定…的单位…给予奖励资助」: the award follows the recognition
RECOGNISED = PaidAfter(
    event=fact("pilot.recognised_on"),
    text=Text("认定后给予", "given once the base is recognised"),
    cite=cite(3, 7, 2, "对新认定省级、市级中试基地的单位分别给予200万元和50万元的奖励资助"),
)

# a base recognised at one level after an award at the other: the text is silent, the
# operator's xinzhou.eco.pilot.upgrade_mode decides (cumulative or top_up)
UPGRADE = PriorAward(received=fact("pilot.prior_award"), mode=P("xinzhou.eco.pilot.upgrade_mode"))

PILOT_BASE = Programme(
    id="xinzhou.eco.pilot_base",
    jurisdiction=JURISDICTION,
    document=DOC,
    name=Text("新认定中试基地奖励资助", "Award for newly recognised pilot bases"),
    subject="organisation",
    rules=[
        OneOf(
            id="xinzhou.eco.transfer.pilot_base_eligibility.level",
            fact=PILOT_LEVEL,
            values=P("xinzhou.eco.pilot.levels"),
            cite=cite(3, 7, 2, "新认定省级、市级中试基地"),
            text=Text(
                "中试基地经省级或市级认定",
                "the base is recognised at provincial or municipal level",
            ),
        ),
        DateCompare(
            id="xinzhou.eco.transfer.pilot_base_eligibility.newly_recognised",
            fact=fact("pilot.recognised_on"),
            op=">=",
            other=EFFECTIVE,
            cite=cite(3, 7, 2, "对新认定省级、市级中试基地的单位"),
            text=Text(
                "认定日期不早于措施施行日（新认定）",
                "recognised on or after the date the measures took effect",
            ),
        ),
        Attested(
            id="xinzhou.eco.transfer.pilot_base_eligibility.recognition",
            key="xinzhou.eco.pilot.recognition",
            question=Text(
                "中试基地认定文件已核验：省级由省主管部门、市级由市主管部门认定，认定的是申请单位的基地",
                "the recognition document is verified: provincial level by the provincial "
                "authority, municipal level by the city, for the applicant's base",
            ),
            cite=cite(3, 7, 2, "对新认定省级、市级中试基地的单位"),
        ),
        local(
            "xinzhou.eco.transfer.pilot_base_eligibility.local",
            cite(3, 7, 2, "对新认定省级、市级中试基地的单位"),
        ),
    ],
    funding=[
        Fixed(
            id="xinzhou.eco.transfer.pilot_base_award.provincial",
            prior_award=UPGRADE,
            payee="base_operator",
            amount=P("xinzhou.eco.pilot.provincial_award"),
            condition=Compare(fact=PILOT_LEVEL, value="provincial"),
            paid_after=RECOGNISED,
            cite=C_M7_2,
            text=Text("新认定省级中试基地奖励资助", "award for a new provincial pilot base"),
        ),
        Fixed(
            id="xinzhou.eco.transfer.pilot_base_award.municipal",
            payee="base_operator",
            amount=P("xinzhou.eco.pilot.municipal_award"),
            prior_award=UPGRADE,
            condition=Compare(fact=PILOT_LEVEL, value="municipal"),
            paid_after=RECOGNISED,
            cite=C_M7_2,
            text=Text("新认定市级中试基地奖励资助", "award for a new municipal pilot base"),
        ),
    ],
    informational=[
        Informational(
            cite=cite(
                3, 7, 2, "鼓励企业和社会资本建设技术集成、熟化和工程化试验服务的开放型中试基地"
            ),
            reason=Text(
                "鼓励性表述；奖励条件是新认定本身，基地是否开放由认定机关按其标准把握，不另设条件",
                "encouragement; the award's condition is the new recognition itself, whose "
                "own criteria cover the base's services, so no further condition is added",
            ),
        ),
        Informational(
            cite=C_M7_2,
            reason=Text(
                "文本未规定同一基地先后获市级、省级认定时如何计发：由参数 "
                "xinzhou.eco.pilot.upgrade_mode 决定（默认 cumulative 逐次全额；top_up 只补差额）",
                "the text does not say how a base recognised at both levels is paid: parameter "
                "xinzhou.eco.pilot.upgrade_mode decides (default cumulative, each recognition in "
                "full; top_up pays only the difference)",
            ),
        ),
    ],
    enabled=ENABLED,
    valid_from=EFFECTIVE,
    validity_cite=VALIDITY,
)

# --- 三、9 first sentence: provincial S&T award projects ----------------------------------------

Q_M9_1 = "支持获得省科学技术奖励的项目在我市开展产业化推广应用"

AWARD_PROJECT = Programme(
    id="xinzhou.eco.award_project",
    jurisdiction=JURISDICTION,
    document=DOC,
    name=Text("省科学技术奖项目在忻产业化", "Industrialising provincial S&T award projects"),
    subject="organisation",
    summary=Text(
        "获省科学技术奖励的项目在本市产业化推广应用属于支持方向；文本未给资金和金额",
        "a provincial-award project industrialised in Xinzhou falls under the supported "
        "direction; the text gives no fund and no amount",
    ),
    rules=[
        Compare(
            id="xinzhou.eco.transfer.provincial_award_projects.provincial_award",
            fact=fact("award_project.provincial_award"),
            cite=cite(3, 9, 1, "获得省科学技术奖励的项目"),
            text=Text("项目获得省科学技术奖励", "the project won a provincial S&T award"),
        ),
        Attested(
            id="xinzhou.eco.transfer.provincial_award_projects.industrialisation",
            key="xinzhou.eco.award_project.industrialisation",
            question=Text(
                "项目在本市开展产业化推广应用",
                "the project is industrialised and applied in Xinzhou",
            ),
            cite=cite(3, 9, 1, "在我市开展产业化推广应用"),
        ),
    ],
    informational=[
        Informational(
            cite=cite(3, 9, 1, Q_M9_1),
            reason=Text(
                "支持方向：本句未指明资金来源和金额，不产生资金行；「在我市」指产业化推广应用的地点，"
                "不要求申请单位注册在忻州",
                "a direction of support: the sentence names no fund and no amount, so no payment "
                "line; 「在我市」 locates the industrialisation, not the applicant",
            ),
        ),
    ],
    enabled=ENABLED,
    valid_from=EFFECTIVE,
    validity_cite=VALIDITY,
)

# --- 三、9 second sentence: technology introduction -----------------------------------------------

Q_M9_2 = (
    "对企业引进省内外先进技术成果转移转化的，在享受省政策的基础上，市财政再按其技术合同成交"
    "并实际支付额给予3%的补助，单个科技成果最高补助50万元"
)
C_M9_2 = cite(3, 9, 2, Q_M9_2)
CONTRACT_TYPE = fact("transfer.contract_type")
# 「按其技术合同成交并实际支付额」: the subsidy is on an amount paid, so it follows the payment
AFTER_PAYMENT = PaidAfter(
    event=fact("transfer.paid_on"),
    text=Text("技术合同价款实际支付后给予", "given once the contract price has been paid"),
    cite=cite(3, 9, 2, "按其技术合同成交并实际支付额给予3%的补助"),
)

TECH_TRANSFER = Programme(
    id="xinzhou.eco.tech_transfer",
    jurisdiction=JURISDICTION,
    document=DOC,
    name=Text("科技成果转移承接补助", "Subsidy for introducing technology"),
    subject="organisation",
    summary=Text(
        "按技术合同实际支付额的{transfer.rate:%}补助，单个成果最高{transfer.cap:wan}万元",
        "{transfer.rate:%} of the amount paid, at most {transfer.cap} yuan per result",
    ),
    rules=[
        Compare(
            id="xinzhou.eco.transfer.tech_introduction_eligibility.enterprise",
            fact=f"{APPLICANT}.is_enterprise",
            cite=cite(3, 9, 2, "对企业引进省内外先进技术成果转移转化的"),
            text=Text("申请人为企业", "the applicant is an enterprise"),
        ),
        local(
            "xinzhou.eco.transfer.tech_introduction_eligibility.local",
            cite(3, 9, 2, "市财政再按其技术合同成交并实际支付额给予3%的补助"),
        ),
        Compare(
            id="xinzhou.eco.transfer.tech_introduction_eligibility.third_party",
            fact=fact("transfer.from_third_party"),
            cite=cite(3, 9, 2, "引进省内外先进技术成果"),
            text=Text(
                "成果由本企业以外的单位或个人转让（省内外均可）",
                "the result comes from another party, inside or outside the province",
            ),
        ),
        Attested(
            id="xinzhou.eco.transfer.tech_introduction_eligibility.advanced",
            key="xinzhou.eco.transfer.advanced",
            question=Text("引进的技术成果属于先进技术成果", "the result is advanced technology"),
            cite=cite(3, 9, 2, "引进省内外先进技术成果转移转化的"),
        ),
        # 「成交」 read as registered (认定登记) is the catalog's reading, not the sentence's
        # words: an operator's switch, on by default
        When(
            id="xinzhou.eco.transfer.tech_introduction_eligibility.contract_registered",
            condition=ParamIs(key="xinzhou.eco.transfer.require_registration"),
            then=Compare(fact=fact("transfer.contract_registered")),
            cite=cite(3, 9, 2, "按其技术合同成交"),
            text=Text(
                "技术合同已成交并认定登记", "the technology contract is concluded and registered"
            ),
        ),
        AnyOf(
            id="xinzhou.eco.transfer.tech_introduction_eligibility.contract_type",
            rules=[
                OneOf(fact=CONTRACT_TYPE, values=P("xinzhou.eco.transfer.contract_types")),
                Attested(
                    key="xinzhou.eco.transfer.other_contract_introduces",
                    question=Text(
                        "该类技术合同实质上引进了技术成果",
                        "this contract type in substance brings the result in",
                    ),
                ),
            ],
            cite=cite(3, 9, 2, "引进省内外先进技术成果转移转化的"),
            text=Text(
                "合同为技术转让或许可合同；其他类型由审核人确认",
                "a transfer or licence contract; other types need a reviewer",
            ),
        ),
        DateCompare(
            id="xinzhou.eco.transfer.tech_introduction_eligibility.paid_after_effective",
            fact=fact("transfer.paid_on"),
            op=">=",
            other=EFFECTIVE,
            cite=cite(3, 9, 2, "按其技术合同成交并实际支付额"),
            text=Text(
                "所补助的付款发生在措施施行之日或以后",
                "the payment was made on or after the date the measures took effect",
            ),
        ),
    ],
    funding=[
        Percentage(
            id="xinzhou.eco.transfer.tech_introduction_subsidy",
            payee="enterprise",
            base=fact("transfer.amount_paid"),
            rate=P("xinzhou.eco.transfer.rate"),
            rounding=P("xinzhou.eco.transfer.rounding"),
            cap=P("xinzhou.eco.transfer.cap"),
            prior=fact("transfer.granted_for_result"),
            paid_after=AFTER_PAYMENT,
            cite=C_M9_2,
            text=Text(
                "技术合同实际支付额的{rate:%}（单个成果累计最高{cap:wan}万元）",
                "{rate:%} of the contract amount paid (at most {cap} yuan per result, "
                "all payments together)",
            ),
        ),
    ],
    informational=[
        Informational(
            cite=cite(3, 9, 2, "在享受省政策的基础上"),
            reason=Text(
                "理解为叠加规则（市补助在省政策之外另行给予），不是以已获省补助为前提；待政策制定方确认",
                "read as stacking (the city pays on top of provincial support), not as a "
                "prerequisite that provincial support was received; flagged for the policy owner",
            ),
        ),
        Informational(
            cite=cite(3, 10, None, "加强科技成果转移服务机构（组织）建设"),
            reason=Text(
                "机构建设和平台使用的工作要求，无条件、无金额",
                "institution building and platform use; no conditions or amounts",
            ),
        ),
    ],
    enabled=ENABLED,
    valid_from=EFFECTIVE,
    validity_cite=VALIDITY,
)

PROGRAMMES = [LEADING_TALENT, PATENT, MAJOR_PROJECT, PILOT_BASE, AWARD_PROJECT, TECH_TRANSFER]


# --- registration -------------------------------------------------------------------------------


@hookimpl
def talentkit_add_jurisdictions() -> list[Jurisdiction]:
    return [Jurisdiction(id=JURISDICTION, name=Text("忻州市", "Xinzhou"), level="city")]


@hookimpl
def talentkit_add_documents() -> list[Document]:
    return [
        Document(
            id=DOC,
            title="忻州市关于打造一流创新生态培育壮大高质量转型发展新动能的措施（代拟稿）",
            jurisdiction=JURISDICTION,
            status="draft",
            number="忻科〔2020〕6号（请示）",
            date=dt.date(2020, 4, 9),
            issued_by="忻州市人民政府办公室（代拟稿，忻州市科学技术局起草）",
            source="忻科〔2020〕6号 with its 附件 as received (seed text 004_fbe89765edcef04c)",
            text=Path(__file__).with_name("texts") / "eco.txt",
            layout=Layout(
                front=(
                    ("cover", "忻科〔2020〕6号"),
                    ("notice", "忻州市人民政府办公室"),
                    ("title", "忻州市关于打造一流创新生态"),
                    ("preamble", "为深入贯彻落实习近平"),
                ),
                sentence_base=0,
            ),
        )
    ]


@hookimpl
def talentkit_add_programmes() -> list[Programme]:
    return list(PROGRAMMES)


@hookimpl
def talentkit_add_facts() -> list[FactSpec]:
    t = Text
    n = "xinzhou.eco."
    return [
        FactSpec(
            name=n + "talent.brings_project",
            type="bool",
            text=t("带项目来忻创业", "brings a project"),
        ),
        FactSpec(
            name=n + "talent.funds_brought",
            type="yuan",
            text=t("带入资金（元）", "funds brought (yuan)"),
        ),
        FactSpec(name=n + "talent.cluster", type="str", text=t("所属产业集群", "industry cluster")),
        FactSpec(
            name=n + "patent.type",
            type="str",
            values=("invention", "utility_model", "design"),
            labels={
                "invention": Text("发明专利", "invention patent"),
                "utility_model": Text("实用新型专利", "utility model patent"),
                "design": Text("外观设计专利", "design patent"),
            },
            text=t("专利类型", "patent type"),
        ),
        FactSpec(name=n + "patent.granted", type="bool", text=t("专利已授权", "patent granted")),
        FactSpec(
            name=n + "patent.rights",
            type="str",
            values=("owned", "assigned", "licensed", "none"),
            labels={
                "owned": Text("自有", "owned"),
                "assigned": Text("经转让取得", "acquired by assignment"),
                "licensed": Text("经许可取得实施权", "right to use by licence"),
                "none": Text("无权利", "no right"),
            },
            text=t("申请单位对专利的权利", "the applicant's right in the patent"),
        ),
        FactSpec(
            name=n + "patent.support_decided",
            type="yuan",
            text=t("评审确定的扶持金额（元）", "support amount set by review (yuan)"),
        ),
        FactSpec(
            name=n + "pilot.level",
            type="str",
            values=("provincial", "municipal"),
            labels={
                "provincial": Text("省级", "provincial"),
                "municipal": Text("市级", "municipal"),
            },
            text=t("中试基地认定级别", "recognition level of the pilot base"),
        ),
        FactSpec(
            name=n + "pilot.recognised_on",
            type="date",
            text=t("中试基地认定日期", "date of recognition"),
        ),
        FactSpec(
            name=n + "pilot.prior_award",
            type="yuan",
            text=t(
                "同一基地此前因另一级别认定已获奖励（元；无则0）",
                "award already received for the same base at the other level (yuan; 0 if none)",
            ),
        ),
        FactSpec(
            name=n + "talent.treatment_cash",
            type="yuan",
            text=t(
                "按忻市发〔2019〕24号对本案核定的现金待遇合计（元；非现金待遇不计）",
                "cash treatments decided for this case under 忻市发〔2019〕24号 (yuan; "
                "treatments in kind not counted)",
            ),
        ),
        FactSpec(
            name=n + "major.fund_decided",
            type="yuan",
            text=t(
                "“双创”专项资金对本项目核定的支持额（元）",
                'support decided for this project by the "双创" fund (yuan)',
            ),
        ),
        FactSpec(
            name=n + "award_project.provincial_award",
            type="bool",
            text=t("项目获得省科学技术奖励", "project won a provincial S&T award"),
        ),
        FactSpec(
            name=n + "transfer.from_third_party",
            type="bool",
            text=t("成果来自本企业以外的转让方", "result comes from another party"),
        ),
        FactSpec(
            name=n + "transfer.contract_registered",
            type="bool",
            text=t("技术合同已认定登记", "technology contract registered"),
        ),
        FactSpec(
            name=n + "transfer.contract_type",
            type="str",
            values=("transfer", "licence", "development", "consulting", "service"),
            labels={
                "transfer": Text("技术转让", "technology transfer"),
                "licence": Text("技术许可", "technology licence"),
                "development": Text("技术开发", "technology development"),
                "consulting": Text("技术咨询", "technology consulting"),
                "service": Text("技术服务", "technology service"),
            },
            text=t("技术合同类型", "technology contract type"),
        ),
        FactSpec(
            name=n + "transfer.paid_on", type="date", text=t("本次付款日期", "date of this payment")
        ),
        FactSpec(
            name=n + "transfer.amount_paid",
            type="yuan",
            text=t(
                "本次申请对应的已成交技术合同实际支付额（元，按登记合同含税口径；外币按付款日"
                "人民币中间价折算）",
                "amount actually paid under the concluded contract, for this claim (yuan, as on "
                "the registered contract incl. VAT; foreign currency at the PBoC central parity "
                "on the payment date)",
            ),
        ),
        FactSpec(
            name=n + "transfer.granted_for_result",
            type="yuan",
            text=t(
                "本企业就同一科技成果此前已获本项市补助（元，所有合同、批次和年度合计；无则0）",
                "subsidy under this measure already granted to the enterprise for the same result "
                "(yuan, all contracts, instalments and years; 0 if none)",
            ),
        ),
    ]


@hookimpl
def talentkit_add_parameters() -> list[Parameter]:
    return load_parameters(Path(__file__).with_name("params") / "eco.toml")
