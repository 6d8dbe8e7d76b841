"""Registration records: jurisdictions, documents and programmes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

import attrs

from talentkit.exits import ExitRule
from talentkit.funding import FundingDecl
from talentkit.rules import Rule
from talentkit.rules.refs import AS_OF, P
from talentkit.scoring import GradingScheme, ScoreItem
from talentkit.text import Citation, Text


@attrs.frozen(kw_only=True)
class Jurisdiction:
    id: str
    name: Text
    level: str = "city"
    parent: str | None = None


@attrs.frozen(kw_only=True)
class Document:
    """A source text. ``status`` is ``final``, ``trial`` (试行) or ``draft`` (征求意见稿/代拟稿)."""

    id: str
    title: str
    jurisdiction: str
    status: str = "final"
    source: str = ""
    issued_by: str = ""


@attrs.frozen(kw_only=True)
class Relaxation:
    """When ``when`` holds, failures of ``rules`` become ``review`` (一事一议, 急需紧缺…)."""

    id: str
    when: Rule
    cite: Citation
    text: Text
    rules: tuple[str, ...] = ()  # empty: every eligibility rule


@attrs.frozen(kw_only=True)
class Informational:
    """A clause deliberately not implemented as a check, with the reason."""

    cite: Citation
    reason: Text


@attrs.frozen(kw_only=True)
class Programme:
    """One programme (or one track of one) as a plugin declares it.

    :param rules: eligibility rules, evaluated in order; each has an id and citation
    :param reference: date sources for the programme's reference date, in order of
        preference ("ref" in rules); list ``"as_of"`` last to fall back on the assessment
        date, which is then reported as the date used
    :param enabled: a ``bool`` parameter that switches the programme on (drafts are off
        until the operator enables them); ``None`` = always on
    :param valid_from, valid_to: the validity window; literal dates or parameters
    """

    id: str
    jurisdiction: str
    document: str
    name: Text
    subject: str = "person"
    summary: Text = Text("", "")
    rules: Sequence[Rule] = ()
    funding: Sequence[FundingDecl] = ()
    scoring: Sequence[ScoreItem] = ()
    grading: GradingScheme | None = None
    exits: Sequence[ExitRule] = ()
    relaxations: Sequence[Relaxation] = ()
    informational: Sequence[Informational] = ()
    reference: Sequence[str | P] = (AS_OF,)
    enabled: P | None = None
    valid_from: dt.date | P | None = None
    valid_to: dt.date | P | None = None
    validity_cite: Citation | None = None
    tags: tuple[str, ...] = ()
    sources: dict[str, str] = attrs.field(factory=dict, eq=False, repr=False)
    """Filled in by the engine: which plugin declared each rule (own or added)."""

    def all_rules(self) -> Iterator[Rule]:
        yield from self.rules
        for item in self.scoring:
            if item.rule is not None:
                yield item.rule
