"""Assessment results: what integrators store and what the CLI prints."""

from __future__ import annotations

import datetime as dt

import attrs

from talentkit.failure import HookError
from talentkit.funding import FundingResult
from talentkit.ledger import Ledger
from talentkit.procedure import StepResult
from talentkit.rules import Check
from talentkit.scoring import ScoreLine
from talentkit.semantics import Verdict as Verdict
from talentkit.text import Text

VERDICT_TEXT = {
    Verdict.ELIGIBLE: Text("符合条件", "eligible"),
    Verdict.ELIGIBLE_BY_EXCEPTION: Text("经批准例外后符合条件", "eligible by approved exception"),
    Verdict.NOT_ELIGIBLE: Text("不符合条件", "not eligible"),
    Verdict.UNDETERMINED: Text("尚无法判定（缺少事实）", "undetermined (facts needed)"),
    Verdict.NEEDS_REVIEW: Text("待评审", "needs review"),
    Verdict.NOT_IN_FORCE: Text("办法未生效或未启用", "measure not in force or not enabled"),
    Verdict.ERROR: Text("插件出错，未能评估", "a plugin failed; not assessed"),
}


@attrs.frozen(kw_only=True)
class SiblingHint:
    """Another programme of the same text (a tier or track) where no condition fails;
    ``verdict`` is the sibling's, the declared track aside."""

    programme: str
    name: Text
    verdict: Verdict
    text: Text


@attrs.frozen(kw_only=True)
class Assessment:
    """One case against one programme.

    ``missing`` lists every fact path (and ``param:`` key) whose absence keeps a check
    open; ``review`` the criteria a panel must decide; ``failed`` the rule ids that fail.
    ``error`` is set (and the verdict is ``error``) when a plugin's hook raised or answered
    with the wrong type: the programme was not assessed.
    """

    programme: str
    name: Text
    jurisdiction: str
    document: str
    document_status: str
    as_of: dt.date
    verdict: Verdict
    checks: tuple[Check, ...]
    missing: tuple[str, ...] = ()
    review: tuple[Text, ...] = ()
    failed: tuple[str, ...] = ()
    waived: tuple[str, ...] = ()
    scoring: tuple[ScoreLine, ...] = ()
    funding: FundingResult | None = None
    procedure: tuple[StepResult, ...] = ()
    siblings: tuple[SiblingHint, ...] = ()
    """Where this programme fails: its sibling programmes the case meets
    (:mod:`talentkit.siblings`)."""
    """When each publicity period or review window ends (:mod:`talentkit.procedure`)."""
    notes: tuple[Text, ...] = ()
    overrides: dict[str, str] = attrs.field(factory=dict)
    error: HookError | None = None
    ledger: Ledger | None = None
    """The award's ledger over the years, where the case gives the award's history
    (``awards``); omitted from JSON otherwise."""

    #: fields left out of JSON while None (added parts; the report is otherwise unchanged)
    __omit_none__ = ("ledger",)


@attrs.frozen(kw_only=True)
class Report:
    """A case against several programmes."""

    subject: str | None
    as_of: dt.date
    assessments: tuple[Assessment, ...]
    schema_version: str = "1"


@attrs.frozen(kw_only=True)
class Change:
    programme: str
    field: str
    before: str
    after: str


@attrs.frozen(kw_only=True)
class Comparison:
    """The same case with and without an operator's overrides (what-if / reform)."""

    baseline: Report
    variant: Report
    changes: tuple[Change, ...]
