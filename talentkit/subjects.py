"""The subjects a programme is assessed on: people, teams, organisations, applications.

Every field is optional and ``None`` means *not known*: a missing fact makes the checks
that need it undetermined, never false. Lists follow the same rule: ``None`` is "not
stated", ``[]`` is "stated: none". Facts a jurisdiction needs beyond these fields go in the
``facts`` mappings under a name the plugin declares (see :class:`talentkit.FactSpec`).
"""

import datetime as dt
from typing import Any, Literal

import attrs

from talentkit.money import ZERO, Money
from talentkit.text import Text

Gender = Literal["male", "female"]
GENDER_LABELS = {"male": Text("男", "male"), "female": Text("女", "female")}
Degree = Literal["none", "bachelor", "master", "doctor"]
DEGREE_LABELS = {
    "none": Text("无学位", "no degree"),
    "bachelor": Text("学士", "bachelor's degree"),
    "master": Text("硕士", "master's degree"),
    "doctor": Text("博士", "doctorate"),
}
TitleLevel = Literal["none", "junior", "intermediate", "sub_senior", "senior"]
TITLE_LEVEL_LABELS = {
    "none": Text("无职称", "no professional title"),
    "junior": Text("初级职称", "junior title"),
    "intermediate": Text("中级职称", "intermediate title"),
    "sub_senior": Text("副高级职称", "associate senior title"),
    "senior": Text("正高级职称", "full senior title"),
}
WaiverDecision = Literal["approved", "declined", "pending"]
WAIVER_DECISION_LABELS = {
    "approved": Text("已批准", "approved"),
    "declined": Text("未批准", "declined"),
    "pending": Text("待决定", "pending"),
}

#: The closed value sets of the subjects' fields and their labels, by field name.
FIELD_VALUES: dict[str, tuple[Any, dict[str, Text]]] = {
    "gender": (Gender, GENDER_LABELS),
    "degree": (Degree, DEGREE_LABELS),
    "title_level": (TitleLevel, TITLE_LEVEL_LABELS),
    "decision": (WaiverDecision, WAIVER_DECISION_LABELS),
}
FIELD_LABELS = {name: labels for name, (_, labels) in FIELD_VALUES.items()}

Facts = dict[str, Any]


@attrs.frozen(kw_only=True)
class Record:
    """A dated entry about a subject: misconduct, sanction, violation, credit record."""

    kind: str
    date: dt.date | None = None
    severity: str | None = None
    substantiated: bool | None = None
    note: str | None = None


@attrs.frozen(kw_only=True)
class Position:
    """A post held: where, what rank, from when to when (``end`` None = current)."""

    organisation: str | None = None
    org_kind: str | None = None
    country: str | None = None
    province: str | None = None
    rank: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None


@attrs.frozen(kw_only=True)
class Honour:
    """A title, award or programme selection (national 杰青, academician, state award…)."""

    scheme: str
    role: str | None = None
    rank: int | None = None
    date: dt.date | None = None
    province: str | None = None


@attrs.frozen(kw_only=True)
class Person:
    id: str | None = None
    name: str | None = None
    birth_date: dt.date | None = None
    gender: Gender | None = None
    nationality: str | None = None
    degree: Degree | None = None
    title_level: TitleLevel | None = None
    employer: str | None = None
    role: str | None = None
    core: bool | None = None
    full_time: bool | None = None
    positions: list[Position] | None = None
    honours: list[Honour] | None = None
    records: list[Record] | None = None
    facts: Facts = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class PastApplication:
    """An application already made, with the day it was submitted (``date``).

    The person's own are ``history.applications``; those made through an organisation
    are ``organisations[].applications``, each naming its ``applicant`` (a ``person.id``).
    """

    programme: str
    date: dt.date | None = None
    status: str | None = None
    platform: str | None = None
    applicant: str | None = None


@attrs.frozen(kw_only=True)
class Organisation:
    id: str | None = None
    name: str | None = None
    role: str | None = None
    kind: str | None = None
    legal_person: bool | None = None
    is_enterprise: bool | None = None
    area_code: str | None = None
    province: str | None = None
    city: str | None = None
    county: str | None = None
    founded_on: dt.date | None = None
    records: list[Record] | None = None
    applications: list[PastApplication] | None = None
    """Applications made through the organisation in the round, each with its
    ``applicant``: where a text limits the applicants per employer (「一户企业只能申报一名」)."""
    facts: Facts = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class Team:
    name: str | None = None
    leader: Person | None = None
    members: list[Person] | None = None
    facts: Facts = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class Application:
    """The application itself: which track, when, under which call notice."""

    track: str | None = None
    field: str | None = None
    channel: str | None = None
    submitted_on: dt.date | None = None
    call_notice_date: dt.date | None = None
    reference_date: dt.date | None = None
    facts: Facts = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class Selection:
    programme: str
    selected_on: dt.date | None = None
    term_end: dt.date | None = None
    status: str | None = None


@attrs.frozen(kw_only=True)
class Sanction:
    kind: str
    subject: str | None = None
    decided_on: dt.date | None = None
    until: dt.date | None = None
    programme: str | None = None


@attrs.frozen(kw_only=True)
class Receipt:
    """Money already received, for "no double funding" and cumulative caps."""

    source: str
    item: str | None = None
    amount: Money = ZERO
    date: dt.date | None = None


@attrs.frozen(kw_only=True)
class History:
    applications: list[PastApplication] | None = None
    selections: list[Selection] | None = None
    sanctions: list[Sanction] | None = None
    receipts: list[Receipt] | None = None


@attrs.frozen(kw_only=True)
class Attestation:
    """A reviewer's yes/no on a clause the machine cannot check, with who and when."""

    value: bool
    by: str
    on: dt.date
    evidence: list[str] = attrs.field(factory=list)


@attrs.frozen(kw_only=True)
class Decision:
    """A panel's or authority's recorded decision on a judgement clause."""

    value: bool
    by: str
    on: dt.date
    note: str | None = None


@attrs.frozen(kw_only=True)
class Waiver:
    """An exception to a clause worded 「一般」/「原则上」, claimed before the competent body.

    ``decision`` is ``approved`` (the clause is waived), ``declined`` (it stands: not
    eligible) or ``pending`` (claimed, not yet decided: needs review). ``by`` is the body
    that decides; ``on`` the date of the decision, or of the claim while it is pending.
    """

    decision: WaiverDecision
    by: str
    on: dt.date
    basis: str


@attrs.frozen(kw_only=True)
class PaidItem:
    """A payment made: of funding line (or obligation) ``item``, for the funding ``year``
    it belongs to where the line is paid over several years."""

    item: str
    amount: Money
    on: dt.date | None = None
    payee: str | None = None
    year: int | None = None


@attrs.frozen(kw_only=True)
class Event:
    """Something that happened to an award: a failed assessment, a leader change…"""

    kind: str
    date: dt.date
    decided_on: dt.date | None = None
    facts: Facts = attrs.field(factory=dict)
    until: dt.date | None = None
    """The day a suspension or rectification ends and payment resumes (not given: still
    in force)."""


@attrs.frozen(kw_only=True)
class Award:
    """The state of an award when an exit event is assessed."""

    programme: str
    subject: str | None = None
    status: str = "active"
    awarded_on: dt.date | None = None
    term_end: dt.date | None = None
    paid: list[PaidItem] | None = None
    facts: Facts = attrs.field(factory=dict)
    events: list[Event] | None = None
    """What has happened to the award so far (rectification ordered, suspension,
    termination…), read by the ledger (:mod:`talentkit.ledger`)."""


@attrs.frozen(kw_only=True)
class Profile:
    """Everything known about one case. The unit of assessment."""

    id: str | None = None
    person: Person | None = None
    team: Team | None = None
    organisations: list[Organisation] | None = None
    application: Application | None = None
    history: History | None = None
    facts: Facts = attrs.field(factory=dict)
    attestations: dict[str, Attestation] = attrs.field(factory=dict)
    decisions: dict[str, Decision] = attrs.field(factory=dict)
    waivers: dict[str, Waiver] = attrs.field(factory=dict)
    awards: list[Award] | None = None
    """Awards already made to the case, with payments and events: each gives the ledger of
    its programme (:mod:`talentkit.ledger`)."""


def _t(zh: str, en: str) -> Text:
    return Text(zh, en)


#: Every field of the subjects by its name as a reader knows it, shown instead of its path
#: under ``--lang zh`` (``team.members[0].role`` reads 团队·成员[0]·角色).
FIELD_TEXT: dict[type, dict[str, Text]] = {
    Record: {
        "kind": _t("类别", "kind"),
        "date": _t("日期", "date"),
        "severity": _t("严重程度", "severity"),
        "substantiated": _t("是否查实", "substantiated"),
        "note": _t("备注", "note"),
    },
    Position: {
        "organisation": _t("单位", "organisation"),
        "org_kind": _t("单位类型", "kind of organisation"),
        "country": _t("国家", "country"),
        "province": _t("省份", "province"),
        "rank": _t("职级", "rank"),
        "start": _t("起始日", "start"),
        "end": _t("终止日", "end"),
    },
    Honour: {
        "scheme": _t("称号或奖项", "scheme"),
        "role": _t("角色", "role"),
        "rank": _t("排名", "rank"),
        "date": _t("日期", "date"),
        "province": _t("省份", "province"),
    },
    Person: {
        "id": _t("编号", "id"),
        "name": _t("姓名", "name"),
        "birth_date": _t("出生日期", "date of birth"),
        "gender": _t("性别", "gender"),
        "nationality": _t("国籍", "nationality"),
        "degree": _t("学位", "degree"),
        "title_level": _t("职称级别", "title level"),
        "employer": _t("工作单位", "employer"),
        "role": _t("角色", "role"),
        "core": _t("核心成员", "core member"),
        "full_time": _t("全职", "full time"),
        "positions": _t("任职经历", "positions"),
        "honours": _t("荣誉", "honours"),
        "records": _t("记录", "records"),
        "facts": _t("事实", "facts"),
    },
    Organisation: {
        "id": _t("编号", "id"),
        "name": _t("名称", "name"),
        "role": _t("角色", "role"),
        "kind": _t("类型", "kind"),
        "legal_person": _t("独立法人", "legal person"),
        "is_enterprise": _t("企业", "enterprise"),
        "area_code": _t("行政区划代码", "area code"),
        "province": _t("省份", "province"),
        "city": _t("市", "city"),
        "county": _t("县（区）", "county"),
        "founded_on": _t("成立日期", "founded on"),
        "records": _t("记录", "records"),
        "applications": _t("经本单位的申报", "applications through it"),
        "facts": _t("事实", "facts"),
    },
    Team: {
        "name": _t("名称", "name"),
        "leader": _t("带头人", "leader"),
        "members": _t("成员", "members"),
        "facts": _t("事实", "facts"),
    },
    Application: {
        "track": _t("申报类别", "track"),
        "field": _t("领域", "field"),
        "channel": _t("申报渠道", "channel"),
        "submitted_on": _t("申报日期", "submitted on"),
        "call_notice_date": _t("申报通知日期", "call notice date"),
        "reference_date": _t("基准日", "reference date"),
        "facts": _t("事实", "facts"),
    },
    PastApplication: {
        "programme": _t("项目", "programme"),
        "date": _t("日期", "date"),
        "status": _t("状态", "status"),
        "platform": _t("平台", "platform"),
        "applicant": _t("申报人编号", "applicant id"),
    },
    Selection: {
        "programme": _t("项目", "programme"),
        "selected_on": _t("入选日期", "selected on"),
        "term_end": _t("期满日", "term end"),
        "status": _t("状态", "status"),
    },
    Sanction: {
        "kind": _t("类别", "kind"),
        "subject": _t("对象", "subject"),
        "decided_on": _t("决定日期", "decided on"),
        "until": _t("截止日", "until"),
        "programme": _t("项目", "programme"),
    },
    Receipt: {
        "source": _t("来源", "source"),
        "item": _t("项目", "item"),
        "amount": _t("金额", "amount"),
        "date": _t("日期", "date"),
    },
    History: {
        "applications": _t("以往申报", "past applications"),
        "selections": _t("以往入选", "selections"),
        "sanctions": _t("处理处罚", "sanctions"),
        "receipts": _t("已获资助", "money received"),
    },
    Attestation: {
        "value": _t("确认结果", "value"),
        "by": _t("确认人", "by"),
        "on": _t("确认日期", "on"),
        "evidence": _t("证明材料", "evidence"),
    },
    Decision: {
        "value": _t("决定结果", "value"),
        "by": _t("决定机关", "by"),
        "on": _t("决定日期", "on"),
        "note": _t("备注", "note"),
    },
    Waiver: {
        "decision": _t("决定", "decision"),
        "by": _t("决定机关", "by"),
        "on": _t("日期", "on"),
        "basis": _t("依据", "basis"),
    },
    Profile: {
        "id": _t("编号", "id"),
        "person": _t("申报人", "person"),
        "team": _t("团队", "team"),
        "organisations": _t("单位", "organisations"),
        "application": _t("申报", "application"),
        "history": _t("以往记录", "history"),
        "facts": _t("事实", "facts"),
        "attestations": _t("审核确认", "attestations"),
        "decisions": _t("决定", "decisions"),
        "waivers": _t("例外", "waivers"),
        "awards": _t("已获资助", "awards"),
    },
    PaidItem: {
        "item": _t("支付项目", "item"),
        "amount": _t("金额", "amount"),
        "on": _t("支付日期", "paid on"),
        "payee": _t("收款方", "payee"),
        "year": _t("年度", "year"),
    },
    Award: {
        "programme": _t("项目", "programme"),
        "subject": _t("对象", "subject"),
        "status": _t("状态", "status"),
        "awarded_on": _t("立项日期", "awarded on"),
        "term_end": _t("期满日", "term end"),
        "paid": _t("已支付", "paid"),
        "facts": _t("事实", "facts"),
        "events": _t("事件", "events"),
    },
    Event: {
        "kind": _t("类别", "kind"),
        "date": _t("日期", "date"),
        "decided_on": _t("决定日期", "decided on"),
        "facts": _t("事实", "facts"),
        "until": _t("结束日", "until"),
    },
}

#: The roles organisations hold in a case (``organisations[role=host]``), each called by
#: the word of the text that names it (the plugin using the role is noted).
ORGANISATION_ROLE_LABELS = {
    # 阳泉 创新团队 第10条, 市技术创新中心 第七条（二）
    "host": Text("依托单位", "host"),
    # 陕西 千人计划 (用人单位)
    "employer": Text("用人单位", "employer"),
    # 陕西 三秦 / 阳泉 市技术创新中心 (申报单位); 忻州 the applying unit
    "applicant": Text("申报单位", "applicant"),
    # 陕西 千人计划 第七条（四） 「一户企业」
    "company": Text("企业", "company"),
    # 陕西 三秦 「跨单位合作的在牵头单位」
    "lead": Text("牵头单位", "lead organisation"),
    # 陕西 三秦 「可跨单位协作」: the other units of a cross-unit team
    "partner": Text("合作单位", "partner"),
    # 阳泉 市技术创新中心 第七条（二）
    "first_host": Text("第一依托单位", "first host"),
    # 阳泉 创新团队 第10条 「主要依托建设的法人单位」 and the units built with it
    "main_host": Text("主要依托建设的法人单位", "main host"),
    "co_builder": Text("共建单位", "co-building unit"),
    # 阳泉 科技特派员 第二条 (派出单位 / 派驻单位)
    "dispatching_unit": Text("派出单位", "dispatching unit"),
    "service_target": Text("派驻单位", "host unit served"),
    # 忻州 「来忻创业」: the business started
    "venture": Text("所创企业", "venture"),
}
