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
class PastApplication:
    programme: str
    date: dt.date | None = None
    status: str | None = None
    platform: str | None = None


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


@attrs.frozen(kw_only=True)
class PaidItem:
    item: str
    amount: Money
    on: dt.date | None = None
    payee: str | None = None


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


@attrs.frozen(kw_only=True)
class Event:
    """Something that happened to an award: a failed assessment, a leader change…"""

    kind: str
    date: dt.date
    decided_on: dt.date | None = None
    facts: Facts = attrs.field(factory=dict)
