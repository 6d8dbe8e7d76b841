"""Assessment results: what integrators store and what the CLI prints."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs

from talentkit import slotinit
from talentkit.failure import HookError
from talentkit.funding import FundingResult
from talentkit.ledger import Ledger
from talentkit.procedure import StepResult
from talentkit.rules import Check, Status
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


class DeferredAssessment(Assessment):
    """An :class:`Assessment` whose checks are built when first read.

    Its verdict, missing facts, review items, failed and waived rules are decided from
    the checks' statuses alone; the check objects come when ``checks`` is read (by a
    reader, the JSON writer, ``attrs.evolve``). It is an assessment in every respect:
    equal to the assessment built at once, and it pickles and copies as one.

    ``checks`` is a property over the slot :class:`Assessment` holds them in (set there
    too, as ``Assessment``'s ``__init__`` sets it): the class has no ``__getattr__``, so
    its other fields read as fast as a plain assessment's.
    """

    __slots__ = ("_checks", "_open")
    _checks: Callable[[], Iterable[Check]] | None  # what builds the checks; None once built
    _open: Sequence[OpenCheck]  # those of them that do not pass, in order

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Assessment):
            return NotImplemented
        return _values(self) == _values(other)

    def __ne__(self, other: object) -> bool:
        if not isinstance(other, Assessment):
            return NotImplemented
        return _values(self) != _values(other)

    __hash__ = Assessment.__hash__

    def __repr__(self) -> str:
        return repr(_rebuild(_values(self)))

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, ...]:
        return _rebuild, (_values(self),)

    def __reduce__(self) -> tuple[Any, ...]:
        return _rebuild, (_values(self),)


def _checks_property() -> property:
    """``DeferredAssessment.checks``: built when first read, then read from the slot of
    :class:`Assessment` (where ``Assessment``'s ``__init__``, which ``attrs.evolve`` of
    a deferred assessment calls, sets them too)."""
    slot: Any = Assessment.checks  # attrs' slot: a member descriptor
    read, store = slot.__get__, slot.__set__
    set_builder = DeferredAssessment.__dict__["_checks"].__set__  # the class is frozen

    def checks(self: DeferredAssessment) -> tuple[Check, ...]:
        try:
            build = self._checks  # a plain slot: the class has no __getattr__
        except AttributeError:  # made whole by the class's __init__
            build = None
        if build is None:  # built, or given
            found: tuple[Check, ...] = read(self)
            return found
        built = tuple(build())
        store(self, built)
        set_builder(self, None)
        return built

    return property(checks, store, slot.__delete__, doc="The checks, built when first read.")


DeferredAssessment.checks = _checks_property()  # type: ignore[assignment]


_FIELDS = tuple(f.name for f in attrs.fields(Assessment))


def _values(assessment: Assessment) -> tuple[Any, ...]:
    return tuple(getattr(assessment, name) for name in _FIELDS)


def _rebuild(values: tuple[Any, ...]) -> Assessment:
    return Assessment(**dict(zip(_FIELDS, values, strict=True)))


#: a check that does not pass, as far as the assessment's lists need it: its rule id,
#: status, missing facts and review items
OpenCheck = tuple[str, Status, tuple[str, ...], tuple[Text, ...]]


def _deferred_by_init(
    checks: Callable[[], Iterable[Check]], open_: Sequence[OpenCheck], **fields: Any
) -> Assessment:
    found = DeferredAssessment(checks=(), **fields)
    object.__delattr__(found, "checks")
    object.__setattr__(found, "_checks", checks)
    object.__setattr__(found, "_open", open_)
    return found


def _deferred_builder(
    cls: type[DeferredAssessment] = DeferredAssessment,
    unset: tuple[str, ...] = ("checks",),
    function: str = "deferred_assessment",
) -> Callable[..., Assessment]:
    """``deferred_assessment`` itself: the fields stored in the class's slots (as
    ``Assessment(**fields)`` sets them, the same keywords and defaults) on a settable
    twin of the class given its class at the end (:func:`~talentkit.slotinit.settable`),
    not by a call of ``object.__setattr__`` each; ``checks`` left unset. Every programme
    of an assessment is made by it. ``gathered_assessment`` likewise, the fields made
    when first read left unset too."""
    fields = [f for f in attrs.fields(Assessment) if f.name not in unset]
    if not slotinit.mirrorable(Assessment, fields):
        if cls is DeferredAssessment:
            return _deferred_by_init
        return _gathered_by_init
    params, body, space = slotinit.setting(Assessment, fields, "found", plain=True)
    space["new"], space["cls"] = object.__new__, cls
    space["Settable"] = slotinit.settable(cls)
    keywords = ", ".join(p for p in params if p != "*")
    lines = [
        f"def {function}(checks, open_, *, {keywords}):",
        "    found = new(Settable)",
        *body,
        "    found._checks = checks",
        "    found._open = open_",
        *(["    found._lists = None"] if cls is not DeferredAssessment else []),
        "    found.__class__ = cls",
        "    return found",
    ]
    build: Callable[..., Assessment] = slotinit.define(cls, function, lines, space)
    return build


def _gathered_by_init(
    checks: Callable[[], Iterable[Check]], open_: Sequence[OpenCheck], **fields: Any
) -> Assessment:
    found = GatheredAssessment(checks=(), **fields)
    object.__delattr__(found, "checks")
    object.__setattr__(found, "_checks", checks)
    object.__setattr__(found, "_open", open_)
    object.__setattr__(found, "_lists", None)
    return found


#: ``deferred_assessment(checks, open_, **fields)``: an :class:`Assessment` of ``fields``
#: whose checks are ``checks()``, called when they are first read
#: (:class:`DeferredAssessment`); ``open_`` are those of them that do not pass, in order
#: (:func:`open_checks`)
deferred_assessment = _deferred_builder()


#: the fields an assessment's open checks make (:func:`gather`), in its order
GATHERED = ("missing", "review", "failed", "waived")


def gather(
    open_: Iterable[OpenCheck],
) -> tuple[tuple[str, ...], tuple[Text, ...], tuple[str, ...], tuple[str, ...]]:
    """An assessment's ``missing``, ``review``, ``failed`` and ``waived`` from its checks
    that do not pass (:data:`OpenCheck`, in order): the facts of the checks left unknown,
    the items of those to review, the rules that fail and those waived, each once in the
    checks' order."""
    missing: dict[str, None] = {}
    review: dict[Text, None] = {}
    failed: list[str] = []
    waived: list[str] = []
    for rule_id, status, c_missing, c_review in open_:
        if status is _UNKNOWN:
            for m in c_missing:  # a key met again keeps its first place
                missing[m] = None
        elif status is _REVIEW:
            for r in c_review:
                review[r] = None
        elif status is _FAIL:
            failed.append(rule_id)
        elif status is _WAIVED:
            waived.append(rule_id)
    return tuple(missing), tuple(review), tuple(failed), tuple(waived)


_UNKNOWN, _REVIEW, _FAIL, _WAIVED = Status.UNKNOWN, Status.REVIEW, Status.FAIL, Status.WAIVED


class GatheredAssessment(DeferredAssessment):
    """A :class:`DeferredAssessment` whose ``missing``, ``review``, ``failed`` and
    ``waived`` are also made when first read, from its open checks (:func:`gather`): a
    reader of the verdicts alone never gathers them. Each is a property reading the four
    kept together in a slot of its own (None until first read: no exception raised and
    caught on the way, which would cost more than the gathering); an assessment made
    through ``__init__`` (``attrs.evolve``) has them in the slots :class:`Assessment`
    holds them in."""

    __slots__ = ("_lists",)
    _lists: tuple[tuple[Any, ...], ...] | None


def _gathered_property(index: int) -> property:
    slot: Any = getattr(Assessment, GATHERED[index])
    read = slot.__get__
    keep = GatheredAssessment.__dict__["_lists"].__set__  # the class is frozen

    def gathered(self: GatheredAssessment) -> Any:
        try:
            lists = self._lists  # a plain slot: the class has no __getattr__
        except AttributeError:  # made through __init__: the lists given
            return read(self)
        if lists is None:
            lists = gather(self._open)
            keep(self, lists)
        return lists[index]

    return property(gathered, slot.__set__, slot.__delete__, doc="Made when first read.")


for _i, _name in enumerate(GATHERED):
    setattr(GatheredAssessment, _name, _gathered_property(_i))

#: ``gathered_assessment(checks, open_, **fields)``: ``deferred_assessment`` whose
#: ``missing``, ``review``, ``failed`` and ``waived`` are made from ``open_`` when first
#: read (:class:`GatheredAssessment`); ``fields`` name none of them
gathered_assessment = _deferred_builder(
    GatheredAssessment, ("checks", *GATHERED), "gathered_assessment"
)


def open_checks(assessment: Assessment) -> Sequence[OpenCheck]:
    """The assessment's checks that do not pass, in order, without building the checks of
    a :class:`DeferredAssessment` (what a verdict over some of its rules needs)."""
    try:
        found: Sequence[OpenCheck] = object.__getattribute__(assessment, "_open")
    except AttributeError:  # an assessment built at once
        return [
            (c.rule_id, c.status, c.missing, c.review)
            for c in assessment.checks
            if c.status is not Status.PASS
        ]
    return found


def evolve_assessment(assessment: Assessment, **changes: Any) -> Assessment:
    """``attrs.evolve``, keeping checks not built yet unbuilt (``changes`` not naming
    ``checks``)."""
    try:
        build = object.__getattribute__(assessment, "_checks")
        open_ = object.__getattribute__(assessment, "_open")
    except AttributeError:  # built at once
        build = None
    if build is None:  # built at once, or already read
        return attrs.evolve(assessment, **changes)
    fields = {name: getattr(assessment, name) for name in _FIELDS if name != "checks"}
    return deferred_assessment(build, open_, **{**fields, **changes})


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
