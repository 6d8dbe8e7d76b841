"""Registration records: jurisdictions, documents and programmes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import attrs

from talentkit.choices import DocumentStatus, JurisdictionLevel, SubjectKind, choice
from talentkit.exits import ExitRule
from talentkit.funding import FundingDecl
from talentkit.lawtext import Layout
from talentkit.procedure import Step
from talentkit.rules import Rule
from talentkit.rules.refs import AS_OF, P
from talentkit.scoring import GradingScheme, ScoreItem
from talentkit.slotinit import through_slots
from talentkit.text import Citation, Text


@attrs.frozen(kw_only=True)
class Jurisdiction:
    id: str
    name: Text
    level: JurisdictionLevel = attrs.field(default="city", validator=choice(JurisdictionLevel))
    parent: str | None = None


@attrs.frozen(kw_only=True)
class Informational:
    """A clause deliberately not implemented as a check, with the reason.

    :param facts: declared facts collected for this clause (shown to reviewers, read by
        no rule); a declared fact that no rule reads and no clause lists is a defect.
    """

    cite: Citation
    reason: Text
    facts: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Document:
    """A source text as published, shipped with the plugin that cites it.

    :param status: ``final``, ``trial`` (试行) or ``draft`` (征求意见稿/代拟稿)
    :param number: the document number (文号), e.g. ``陕办发〔2017〕46号``
    :param date: the date it was issued or takes effect, as the text gives it
    :param issued_by: the issuing organ(s)
    :param source: where the shipped text came from (provenance)
    :param text: the UTF-8 text file, package data of the plugin; parsed by
        :mod:`talentkit.lawtext` into the clauses its citations name
    :param layout: how the text's numbering maps to keys, where the defaults do not fit
    :param informational: clauses that no programme implements, each with the reason
        (a procedure of the issuing office, a statement of purpose…); they count as
        accounted for in ``talentkit coverage``
    """

    id: str
    title: str
    jurisdiction: str
    status: DocumentStatus = attrs.field(default="final", validator=choice(DocumentStatus))
    number: str = ""
    date: dt.date | None = None
    issued_by: str = ""
    source: str = ""
    text: Path | None = None
    layout: Layout = attrs.field(factory=Layout)
    informational: Sequence[Informational] = ()


@attrs.frozen(kw_only=True)
class Relaxation:
    """When ``when`` holds, failures of ``rules`` become ``review`` (一事一议, 急需紧缺…)."""

    id: str
    when: Rule
    cite: Citation
    text: Text
    rules: tuple[str, ...] = ()  # empty: every eligibility rule


@through_slots
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
    :param statuses: the Chinese and English label of each award status the exit rules
        set (``new_status``), shown instead of the code; every one needs a label
    """

    id: str
    jurisdiction: str
    document: str
    name: Text
    subject: SubjectKind = attrs.field(default="person", validator=choice(SubjectKind))
    summary: Text = Text("", "")
    rules: Sequence[Rule] = ()
    funding: Sequence[FundingDecl] = ()
    scoring: Sequence[ScoreItem] = ()
    grading: GradingScheme | None = None
    exits: Sequence[ExitRule] = ()
    procedure: Sequence[Step] = ()
    """Publicity periods and review windows the text counts from a dated fact."""
    statuses: Mapping[str, Text] = attrs.field(factory=dict, eq=False)
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

    def with_statuses(self, vocabulary: Mapping[str, Text]) -> Programme:
        """This programme labelling the award statuses its exit rules set, from a plugin's
        ``vocabulary`` of statuses (a status missing from it is reported at load)."""
        used = {e.new_status for e in self.exits if e.new_status}
        return attrs.evolve(self, statuses={k: v for k, v in vocabulary.items() if k in used})

    def all_rules(self) -> Iterator[Rule]:
        yield from self.rules
        for item in self.scoring:
            if item.rule is not None:
                yield item.rule
