"""The subjects a programme is assessed on: people, teams, organisations, applications.

Every field is optional and ``None`` means *not known*: a missing fact makes the checks
that need it undetermined, never false. Lists follow the same rule: ``None`` is "not
stated", ``[]`` is "stated: none". Facts a jurisdiction needs beyond these fields go in the
``facts`` mappings under a name the plugin declares (see :class:`talentkit.FactSpec`).
"""

import datetime as dt
from typing import Any, Literal, Optional

import attrs

Gender = Literal["male", "female"]
Degree = Literal["none", "bachelor", "master", "doctor"]
TitleLevel = Literal["none", "junior", "intermediate", "sub_senior", "senior"]

Facts = dict[str, Any]


@attrs.frozen(kw_only=True)
class Record:
    """A dated entry about a subject: misconduct, sanction, violation, credit record."""

    kind: str
    date: Optional[dt.date] = None
    severity: Optional[str] = None
    substantiated: Optional[bool] = None
    note: Optional[str] = None


@attrs.frozen(kw_only=True)
class Position:
    """A post held: where, what rank, from when to when (``end`` None = current)."""

    organisation: Optional[str] = None
    org_kind: Optional[str] = None
    country: Optional[str] = None
    province: Optional[str] = None
    rank: Optional[str] = None
    start: Optional[dt.date] = None
    end: Optional[dt.date] = None


@attrs.frozen(kw_only=True)
class Honour:
    """A title, award or programme selection (national 杰青, academician, state award…)."""

    scheme: str
    role: Optional[str] = None
    rank: Optional[int] = None
    date: Optional[dt.date] = None
    province: Optional[str] = None


@attrs.frozen(kw_only=True)
class Person:
    id: Optional[str] = None
    name: Optional[str] = None
    birth_date: Optional[dt.date] = None
    gender: Optional[Gender] = None
    nationality: Optional[str] = None
    degree: Optional[Degree] = None
    title_level: Optional[TitleLevel] = None
    employer: Optional[str] = None
    role: Optional[str] = None
    core: Optional[bool] = None
    full_time: Optional[bool] = None
    positions: Optional[list[Position]] = None
    honours: Optional[list[Honour]] = None
    records: Optional[list[Record]] = None
    facts: Facts = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class Organisation:
    id: Optional[str] = None
    name: Optional[str] = None
    role: Optional[str] = None
    kind: Optional[str] = None
    legal_person: Optional[bool] = None
    is_enterprise: Optional[bool] = None
    area_code: Optional[str] = None
    province: Optional[str] = None
    city: Optional[str] = None
    county: Optional[str] = None
    founded_on: Optional[dt.date] = None
    records: Optional[list[Record]] = None
    facts: Facts = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class Team:
    name: Optional[str] = None
    leader: Optional[Person] = None
    members: Optional[list[Person]] = None
    facts: Facts = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class Application:
    """The application itself: which track, when, under which call notice."""

    track: Optional[str] = None
    field: Optional[str] = None
    channel: Optional[str] = None
    submitted_on: Optional[dt.date] = None
    call_notice_date: Optional[dt.date] = None
    reference_date: Optional[dt.date] = None
    facts: Facts = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class PastApplication:
    programme: str
    date: Optional[dt.date] = None
    status: Optional[str] = None
    platform: Optional[str] = None


@attrs.frozen(kw_only=True)
class Selection:
    programme: str
    selected_on: Optional[dt.date] = None
    term_end: Optional[dt.date] = None
    status: Optional[str] = None


@attrs.frozen(kw_only=True)
class Sanction:
    kind: str
    subject: Optional[str] = None
    decided_on: Optional[dt.date] = None
    until: Optional[dt.date] = None
    programme: Optional[str] = None


@attrs.frozen(kw_only=True)
class Receipt:
    """Money already received, for "no double funding" and cumulative caps."""

    source: str
    item: Optional[str] = None
    amount: int = 0
    date: Optional[dt.date] = None


@attrs.frozen(kw_only=True)
class History:
    applications: Optional[list[PastApplication]] = None
    selections: Optional[list[Selection]] = None
    sanctions: Optional[list[Sanction]] = None
    receipts: Optional[list[Receipt]] = None


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
    note: Optional[str] = None


@attrs.frozen(kw_only=True)
class Waiver:
    """An approved exception to a clause worded 「一般」/「原则上」/「可适当放宽」."""

    approved: bool
    by: str
    on: dt.date
    basis: str


@attrs.frozen(kw_only=True)
class Profile:
    """Everything known about one case. The unit of assessment."""

    id: Optional[str] = None
    person: Optional[Person] = None
    team: Optional[Team] = None
    organisations: Optional[list[Organisation]] = None
    application: Optional[Application] = None
    history: Optional[History] = None
    facts: Facts = attrs.field(factory=dict)
    attestations: dict[str, Attestation] = attrs.field(factory=dict)
    decisions: dict[str, Decision] = attrs.field(factory=dict)
    waivers: dict[str, Waiver] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class PaidItem:
    item: str
    amount: int
    on: Optional[dt.date] = None
    payee: Optional[str] = None


@attrs.frozen(kw_only=True)
class Award:
    """The state of an award when an exit event is assessed."""

    programme: str
    subject: Optional[str] = None
    status: str = "active"
    awarded_on: Optional[dt.date] = None
    term_end: Optional[dt.date] = None
    paid: Optional[list[PaidItem]] = None
    facts: Facts = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class Event:
    """Something that happened to an award: a failed assessment, a leader change…"""

    kind: str
    date: dt.date
    decided_on: Optional[dt.date] = None
    facts: Facts = attrs.field(factory=dict)
