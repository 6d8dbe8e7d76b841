"""Shared parts of the three Shaanxi measures of 陕办发〔2017〕46号.

One :class:`~talentkit.Document` per measure (千人办法 ``SX-QR``, 特支办法 ``SX-TZ``,
三秦办法 ``SX-SQ``), the facts more than one measure reads (presence in Shaanxi, the
employer's county, health, misconduct, honours) and small rule builders for them.
Every number and list lives in ``params/common.toml`` or the measure's own file.

Where facts live
----------------
* ``person.facts.shaanxi.*``: presence in Shaanxi, arrival date, finance experience,
  national 千人 research money received.
* ``organisations[role=employer]`` (the Shaanxi employing unit) and
  ``organisations[role=company]`` (an entrepreneur's company): ``province`` and ``county``
  are the core fields the geography rules read; ``organisations[...].facts.shaanxi.*``
  carry shareholding, funding shares and the on-site check.
* ``application.facts.shaanxi.*``: the batch deadline, the contract or letter of intent
  and what it commits to, the panel's research-grant amount.
* ``person.honours``: ``scheme`` from the ``shaanxi.honour_schemes`` list, ``role``
  (winner, nominee, member, selectee), ``rank`` (state awards), ``province`` (where the
  holder worked when it was won; for academicians: where the holder works now).
* ``person.records``: misconduct records (``kind`` from ``shaanxi.misconduct_kinds``,
  ``substantiated``).
* Attestations (``profile.attestations``): ``shaanxi.health`` (身体健康) and the
  measure-specific keys named by each rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from talentkit import (
    AllOf,
    AnyOf,
    Attested,
    Citation,
    Compare,
    Count,
    Document,
    Duration,
    FactScope,
    FactSpec,
    FactType,
    Layout,
    Not,
    OneOf,
    P,
    Rule,
    Text,
)
from talentkit_shaanxi.unchecked import UNCHECKED

JURISDICTION = "shaanxi"
NOTICE = "陕办发〔2017〕46号"
ISSUER = "中共陕西省委办公厅、陕西省人民政府办公厅"

QR = "SX-QR"
TZ = "SX-TZ"
SQ = "SX-SQ"

TEXT = Path(__file__).with_name("texts") / "shaanbanfa-2017-46.txt"
TITLES = {
    QR: "陕西省“千人计划”实施办法",
    TZ: "陕西省高层次人才特殊支持计划实施办法",
    SQ: "陕西省“三秦学者”创新团队支持计划实施办法",
}


def _measure(doc: str, end: str) -> Document:
    """One measure of the notice: the shipped text from its title to the next title."""
    return Document(
        id=doc,
        title=TITLES[doc],
        jurisdiction=JURISDICTION,
        number=NOTICE,
        date=dt.date(2017, 11, 9),
        issued_by=ISSUER,
        source=f"{NOTICE} as published, one file for the three measures (seed text 001)",
        text=TEXT,
        layout=Layout(chapters_in_keys=False, start=TITLES[doc], end=end),
        informational=UNCHECKED[doc],
    )


DOCUMENTS = (_measure(QR, TITLES[TZ]), _measure(TZ, TITLES[SQ]), _measure(SQ, ""))

_PREFIX = {QR: "SX-QR", TZ: "SX-TZ", SQ: "SX-SQ"}


def cite(document: str, article: str, quote: str = "", key: str = "", item: str = "") -> Citation:
    """A citation into one of the three measures; ``key`` like ``art5/p1/(1)``."""
    full = f"{_PREFIX[document]}/{key}" if key else ""
    return Citation(document=document, article=article, key=full, item=item, quote=quote)


def qr(article: str, quote: str = "", key: str = "", item: str = "") -> Citation:
    return cite(QR, article, quote, key, item)


def tz(article: str, quote: str = "", key: str = "", item: str = "") -> Citation:
    return cite(TZ, article, quote, key, item)


def sq(article: str, quote: str = "", key: str = "", item: str = "") -> Citation:
    return cite(SQ, article, quote, key, item)


# -- reference date -------------------------------------------------------------------------

#: The reference date of every Shaanxi programme: the date the annual notice fixes, else
#: the notice's application deadline. With neither, date rules are undetermined.
REFERENCE: tuple[str, ...] = (
    "application.reference_date",
    "application.facts.shaanxi.application_deadline",
)

# -- fact paths -------------------------------------------------------------------------------

EMPLOYER = "organisations[role=employer]"
COMPANY = "organisations[role=company]"
FULLTIME_IN_SHAANXI = "person.facts.shaanxi.fulltime_in_shaanxi"
FULLTIME_START = "person.facts.shaanxi.fulltime_start"
ARRIVAL = "person.facts.shaanxi.arrival_date"
EARLIER_STAYS = "person.facts.shaanxi.earlier_stays_in_province"
ALWAYS_IN_SHAANXI = "person.facts.shaanxi.always_in_shaanxi"
DAYS_IN_SHAANXI = "person.facts.shaanxi.days_in_shaanxi"


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
    # person
    _f(
        "shaanxi.fulltime_in_shaanxi",
        "bool",
        "person",
        "申报时（参照日）全职在陕工作",
        "works full time for a unit in Shaanxi on the reference date",
    ),
    _f(
        "shaanxi.fulltime_start",
        "date",
        "person",
        "本次连续全职在陕工作的起始日",
        "start of the current continuous full-time employment in Shaanxi",
    ),
    _f(
        "shaanxi.arrival_date",
        "date",
        "person",
        "最近一次来陕（自海外或省外）的日期",
        "latest date of coming to Shaanxi from abroad or another province",
    ),
    _f(
        "shaanxi.earlier_stays_in_province",
        "bool",
        "person",
        "最近一次来陕之前曾在省内居留或工作（是：在省内的时间按各时段或合计日数计算）",
        "stayed or worked in Shaanxi before the latest arrival (then the time in Shaanxi is "
        "counted from the dated spells or the total in days)",
    ),
    _f(
        "shaanxi.always_in_shaanxi",
        "bool",
        "person",
        "一直在省内（自出生起从未离开陕西）",
        "has lived in Shaanxi all along (never left since birth)",
    ),
    _f(
        "shaanxi.days_in_shaanxi",
        "int",
        "person",
        "历次在省内时间合计（日，至参照日）",
        "all stays in Shaanxi together, in days up to the reference date",
    ),
    _f(
        "shaanxi.fin_experience_months",
        "int",
        "person",
        "在海外或省外商业性金融机构、金融监管机构工作的月数",
        "months worked at commercial financial institutions or regulators abroad or in "
        "another province",
    ),
    _f(
        "shaanxi.national_qianren_research_funded",
        "bool",
        "person",
        "已获得国家“千人计划”相关项目科研经费资助",
        "has received research funding under a national 千人计划 project",
    ),
    _f(
        "shaanxi.workplace_county",
        "str",
        "person",
        "实际工作地（县级行政区）",
        "county-level division of the actual workplace",
    ),
    _f(
        "shaanxi.qianren_youth_contract_end",
        "date",
        "person",
        "千人计划青年项目入选者合同聘期（全部聘期）的结束日",
        "end of the contract (all its terms) of the applicant's 千人 youth selection",
    ),
    # organisation
    _f(
        "shaanxi.affiliation",
        "str",
        "organisation",
        "单位隶属关系",
        "affiliation of the unit",
        ("central_in_shaanxi", "provincial", "municipal", "other"),
        labels={
            "central_in_shaanxi": Text("中央驻陕单位", "central unit in Shaanxi"),
            "provincial": Text("省属单位", "provincial unit"),
            "municipal": Text("市属单位", "municipal unit"),
            "other": Text("其他", "other"),
        },
    ),
    _f(
        "shaanxi.defense_industry",
        "bool",
        "organisation",
        "国防科技工业单位",
        "defence-industry unit",
    ),
    _f(
        "shaanxi.fin_size",
        "str",
        "organisation",
        "金融机构规模（金融业企业划型）",
        "size of a financial institution",
        ("large", "medium", "small", "micro"),
        labels={
            "large": Text("大型", "large"),
            "medium": Text("中型", "medium"),
            "small": Text("小型", "small"),
            "micro": Text("微型", "micro"),
        },
    ),
    _f(
        "shaanxi.site_verified",
        "bool",
        "organisation",
        "市（区）党委组织部已实地核查企业",
        "the city organisation department has checked the company on site",
    ),
    _f(
        "shaanxi.applicant_stake",
        "fraction",
        "organisation",
        "申报人持股比例",
        "applicant's registered shareholding",
    ),
    _f(
        "shaanxi.largest_other_stake",
        "fraction",
        "organisation",
        "其他股东中最大持股比例",
        "largest shareholding of any other shareholder",
    ),
    _f(
        "shaanxi.largest_other_natural_stake",
        "fraction",
        "organisation",
        "其他自然人股东中最大持股比例",
        "largest shareholding of any other natural person",
    ),
    _f(
        "shaanxi.own_funds_share",
        "fraction",
        "organisation",
        "自有资金（含技术入股）占创业投资的比例",
        "own funds (technology equity included) as a share of the startup investment",
    ),
    _f(
        "shaanxi.followon_vc_share",
        "fraction",
        "organisation",
        "海外、省外跟进的风险投资占创业投资的比例",
        "follow-on venture capital from abroad or another province as a share of the "
        "startup investment",
    ),
    _f(
        "shaanxi.combined_funds_share",
        "fraction",
        "organisation",
        "自有资金与跟进风险投资合计占创业投资的比例",
        "own funds and follow-on venture capital together, as a share",
    ),
    # application
    _f(
        "shaanxi.application_deadline",
        "date",
        "application",
        "年度申报通知规定的截止日",
        "application deadline set by the annual notice",
    ),
    _f("shaanxi.platform", "str", "application", "受理平台部门", "platform department"),
    _f(
        "shaanxi.contract_kind",
        "str",
        "application",
        "与用人单位签订的合同类型",
        "contract signed with the employer",
        ("work_contract", "letter_of_intent", "none"),
        labels={
            "work_contract": Text("工作合同", "work contract"),
            "letter_of_intent": Text("工作意向书", "letter of intent"),
            "none": Text("无", "none"),
        },
    ),
    _f(
        "shaanxi.contract_fulltime",
        "bool",
        "application",
        "合同约定全职来陕工作",
        "the contract commits to full-time work in Shaanxi",
    ),
    _f(
        "shaanxi.commitment_years",
        "int",
        "application",
        "合同约定全职来陕工作的年数",
        "years of full-time work in Shaanxi the contract or letter of intent commits to",
    ),
    _f(
        "shaanxi.consecutive_years",
        "int",
        "application",
        "合同约定连续来陕工作的年数",
        "consecutive years of work in Shaanxi the contract commits to",
    ),
    _f(
        "shaanxi.months_per_year",
        "int",
        "application",
        "合同约定每年在陕工作的月数",
        "months a year of work in Shaanxi the contract commits to",
    ),
    _f(
        "shaanxi.contract_terms",
        "int",
        "application",
        "合同约定的聘期数",
        "number of contract terms committed to",
    ),
    _f(
        "shaanxi.min_term_years",
        "int",
        "application",
        "最短一个聘期的年数",
        "years of the shortest committed term",
    ),
    _f(
        "shaanxi.research_grant",
        "yuan",
        "application",
        "咨询顾问组审核的科研经费补助额度",
        "research grant amount set by the advisory review",
    ),
    # events (exits and transfers)
    _f(
        "shaanxi.reason",
        "str",
        "event",
        "退出原因",
        "reason given",
        ("personal", "family", "other"),
        labels={
            "personal": Text("个人原因", "personal reasons"),
            "family": Text("家庭原因", "family reasons"),
            "other": Text("其他原因", "other reasons"),
        },
    ),
    _f("shaanxi.reminded", "bool", "event", "已督促提醒", "a reminder was given"),
    _f(
        "shaanxi.still_in_breach",
        "bool",
        "event",
        "经督促提醒仍不履约",
        "still not performing after the reminder",
    ),
    _f(
        "shaanxi.cause",
        "str",
        "event",
        "取消入选资格的事由",
        "ground for cancellation",
        ("fraud", "ethics", "academic_misconduct", "law"),
        # the grounds as the three measures name them (千人 第三十九条, 特支 第二十八条, 三秦
        # 第二十三条): 「违反职业道德」 and 「触犯国家法律法规」, not research ethics or
        # discipline, which the texts do not list (a breach of discipline recorded as
        # ``law`` would end a selection the texts do not end)
        labels={
            "fraud": Text("弄虚作假骗取入选资格", "fraud to obtain the selection"),
            "ethics": Text("违反职业道德", "breach of professional ethics"),
            "academic_misconduct": Text("学术不端", "academic misconduct"),
            "law": Text("触犯国家法律法规", "breaking national laws and regulations"),
        },
    ),
    _f(
        "shaanxi.impact",
        "str",
        "event",
        "造成的影响",
        "impact",
        ("none", "adverse", "egregious"),
        labels={
            "none": Text("未造成影响", "no impact"),
            "adverse": Text("造成不良影响", "adverse impact"),
            "egregious": Text("造成恶劣影响", "egregious impact"),
        },
    ),
    _f(
        "shaanxi.approved",
        "bool",
        "event",
        "人才办已研究批复同意",
        "the talent office has approved it",
    ),
    _f("shaanxi.releasing_consent", "bool", "event", "转出单位同意", "the releasing unit consents"),
    _f(
        "shaanxi.receiving_opinion",
        "bool",
        "event",
        "接收单位已提出具体意见",
        "the receiving unit has given its opinion",
    ),
    _f(
        "shaanxi.supervisor_reviewed",
        "bool",
        "event",
        "主管部门已审核",
        "the supervising department has reviewed it",
    ),
    _f(
        "shaanxi.from_enterprise",
        "bool",
        "event",
        "转出单位为企业",
        "the person moves from an enterprise",
    ),
    _f(
        "shaanxi.to_academia",
        "bool",
        "event",
        "转入高等学校（含民办高校）或科研机构",
        "the person moves to a university (private included) or research institute",
    ),
    _f(
        "shaanxi.expert_review",
        "bool",
        "event",
        "人才办已组织专家审核通过",
        "an expert review organised by the talent office approved it",
    ),
    _f(
        "shaanxi.new_county",
        "str",
        "event",
        "新工作单位所在县级行政区",
        "county-level division of the new employer",
    ),
    _f(
        "shaanxi.new_province", "str", "event", "新工作单位所在省份", "province of the new employer"
    ),
    _f(
        "shaanxi.fulltime_commitment",
        "bool",
        "event",
        "已承诺全职来陕工作3年以上",
        "now commits to full-time work in Shaanxi",
    ),
)

# -- shared rule builders -----------------------------------------------------------------------


def health(rule_id: str, citation: Citation) -> Attested:
    """「身体健康」: a reviewer's attestation under the shared key ``shaanxi.health``."""
    return Attested(
        id=rule_id,
        key="shaanxi.health",
        cite=citation,
        question=Text("申报人身体健康", "the applicant is in good health"),
        text=Text("身体健康", "in good health"),
    )


def in_shaanxi(path: str = EMPLOYER) -> Compare:
    """The organisation at ``path`` is located in Shaanxi (``province``)."""
    return Compare(fact=f"{path}.province", value=P("shaanxi.geo.province"))


def in_xian_urban_area(county_path: str) -> OneOf:
    """The county-level division is in 「西安城区」 (parameter list)."""
    return OneOf(fact=county_path, values=P("shaanxi.geo.xian_urban_area"))


def in_xian_area(county_path: str) -> OneOf:
    """The county-level division is in 「西安地区」 (parameter list)."""
    return OneOf(fact=county_path, values=P("shaanxi.geo.xian_area"))


def outside_xian_urban_area(
    rule_id: str, citation: Citation, text: Text, path: str = EMPLOYER, soft: bool = False
) -> Rule:
    """A Shaanxi unit outside 「西安城区」 (千人办法 第十二条, 特支办法 第八条)."""
    return AllOf(
        id=rule_id,
        cite=citation,
        text=text,
        soft=soft,
        rules=(in_shaanxi(path), Not(rule=in_xian_urban_area(f"{path}.county"))),
    )


def presence(rule_id: str, citation: Citation, text: Text, soft: bool = False) -> AnyOf:
    """「未全职来陕工作，或者来陕工作不超过1年」 on the reference date."""
    return AnyOf(
        id=rule_id,
        cite=citation,
        text=text,
        soft=soft,
        rules=(
            Compare(fact=FULLTIME_IN_SHAANXI, value=False),
            Duration(
                start=FULLTIME_START,
                at_most=P("shaanxi.presence_max"),
                leap_day=P("shaanxi.leap_day"),
            ),
        ),
    )


def honours(schemes: str, roles: str | None = None, out_of_province: bool = False) -> Count:
    """At least one honour whose scheme is in the list parameter ``schemes``."""
    parts: list[Rule] = [OneOf(fact="scheme", values=P(schemes))]
    if roles is not None:
        parts.append(OneOf(fact="role", values=P(roles)))
    if out_of_province:
        parts.append(Not(rule=Compare(fact="province", value=P("shaanxi.geo.province"))))
    where: Rule = parts[0] if len(parts) == 1 else AllOf(rules=tuple(parts))
    return Count(
        collection="person.honours", where=where, op=">=", value=1, label=Text("荣誉", "honours")
    )


#: The award statuses the exit rules set, as the texts name them.
AWARD_STATUSES: dict[str, Text] = {
    "exit_voluntary": Text("主动退出", "left voluntarily"),
    "exit_persuaded": Text("劝退", "asked to leave"),
    "cancelled": Text("取消入选资格", "selection cancelled"),
    "transferred": Text("经费随工作单位转换流转", "funds follow to the new employer"),
    "renewal_supported": Text("续聘后续支持", "further support on renewal"),
    "converted_to_short": Text("转为短期项目", "converted to the short-term track"),
    "converted_to_long": Text("转为长期项目", "converted to the long-term track"),
    "exited": Text("予以退出", "removed"),
    "rolling_support": Text("滚动支持", "rolling support"),
    "transferred_funds_follow": Text("经费随人流转", "funds follow the person"),
    "member_removed": Text("团队成员退出", "member removed"),
    "leader_change_pending": Text("带头人调整待审核", "leader change pending"),
    "rectification": Text("限期整改", "rectification by a deadline"),
    "support_stopped": Text("停止支持", "support stopped"),
    "title_cancelled": Text("取消创新团队称号", "team title cancelled"),
}
