"""What a rule sees while it is evaluated."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import attrs

from talentkit import _bytecode
from talentkit.facts import MISSING, accessor
from talentkit.params import UNSET, ParameterStore
from talentkit.rules.refs import AS_OF, REF, F, P
from talentkit.slotinit import settable
from talentkit.subjects import Profile
from talentkit.text import Text
from talentkit.valuelabels import ValueLabels, model_labels
from talentkit.workdays import WorkdayCalendar

_UNREAD = object()
T = TypeVar("T")


@attrs.define(eq=False)
class Shared:
    """What the programmes of one assessment share, because the case, the date and the
    parameters are the same for all of them: the check of a rule object several
    programmes declare (by reference date sources, then by ``id`` of the rule and its
    plugin), evaluated once.

    The rule is kept beside its check so that its ``id`` cannot be reused meanwhile.
    """

    #: by reference date sources, then key: ``[status, missing, review, check, context,
    #: rule, plugin, open check or None]`` (:func:`talentkit.builtin.declared._slot`)
    checks: dict[tuple[Any, ...], dict[tuple[int, str], list[Any]]] = attrs.field(factory=dict)
    #: the decision of rules that decide alike, by reference date sources, then by
    #: ``id`` of the first such rule (the rule kept beside)
    decisions: dict[tuple[Any, ...], dict[int, tuple[Any, Any]]] = attrs.field(factory=dict)
    #: the explanations (but the text) of rules explained alike, by the first such rule
    #: and the context's parts (:meth:`~talentkit.rules.Rule.explanation`)
    explained: dict[tuple[Any, ...], tuple[Any, Any]] = attrs.field(factory=dict)
    #: what a count or share with subjects beside its list decided (its status, missing
    #: facts, review items and tally), by the rule and the context's parts: its plan
    #: decides it, and its explanation reads the same again (the placements of every
    #: subject, the costliest decision of a report)
    tallies: dict[tuple[Any, ...], tuple[Any, Any]] = attrs.field(factory=dict)
    #: parameter values in force on the date, by key
    params: dict[str, Any] = attrs.field(factory=dict)
    #: rule texts with their placeholders filled, by ``id`` of the rule (kept beside)
    texts: dict[int, tuple[Any, Any]] = attrs.field(factory=dict)
    #: what an attestation rule asks the reviewer, by ``id`` of the rule (kept beside),
    #: and after it the rule's decision of a case not attested
    questions: dict[int, tuple[Any, ...]] = attrs.field(factory=dict)
    #: the values a rule reads from parameters and its own fields alone (an age limit's
    #: years, method and allowances), by ``id`` of the rule (kept beside)
    values: dict[int, tuple[Any, Any]] = attrs.field(factory=dict)
    #: the case's reference date, by ``id`` of the programme's sources (kept beside)
    references: dict[int, tuple[Any, Any]] = attrs.field(factory=dict)
    #: what assessing a programme takes from the programme, the parameters and the date
    #: alone (its notes, the assessment's heading fields, its in-force check, the built-in
    #: hooks' own preparation), by ``id`` of the programme (kept beside)
    programmes: dict[int, tuple[Any, Any]] = attrs.field(factory=dict)
    #: a programme's funding declarations by kind with their texts in force, by ``id`` of
    #: the declarations (kept beside)
    funding: dict[int, tuple[Any, Any]] = attrs.field(factory=dict)
    #: a programme's score items with their texts in force and weights, by ``id`` of the
    #: items (kept beside)
    scoring: dict[int, tuple[Any, Any]] = attrs.field(factory=dict)
    #: a programme's procedure steps' results waiting on facts, by ``id`` of the steps
    #: (kept beside)
    procedure: dict[int, tuple[Any, Any]] = attrs.field(factory=dict)
    #: facts read from the case's root by the plans, by path; for the case ``case`` alone
    facts: dict[str, Any] = attrs.field(factory=dict)
    case: Any = None

    def for_case(self) -> Shared:
        """The shared values of one assessment on this one's date and parameter set:
        what depends on them alone is this one's, the case's checks, decisions,
        explanations, reference dates and facts its own."""
        return Shared(
            params=self.params,
            texts=self.texts,
            questions=self.questions,
            values=self.values,
            programmes=self.programmes,
            funding=self.funding,
            scoring=self.scoring,
            procedure=self.procedure,
        )

    def kept(self, table: dict[int, tuple[Any, Any]], source: Any, make: Callable[[], T]) -> T:
        """What ``make`` gives for ``source``, made once for this date and parameter set
        and kept in ``table`` by ``id`` of the source (kept beside, so the id is not
        reused meanwhile)."""
        hit = table.get(id(source))
        if hit is None or hit[0] is not source:
            hit = table[id(source)] = (source, make())
        made: T = hit[1]
        return made


@attrs.frozen(kw_only=True)
class Context:
    """An immutable view for one evaluation.

    :param root: what relative fact paths start from; the profile at the top, a team
        member or organisation inside :class:`~talentkit.rules.Count` and friends.
    :param reference: where the programme's reference date comes from, in order.
    """

    profile: Profile
    as_of: dt.date
    params: ParameterStore
    calendar: WorkdayCalendar = attrs.field(factory=WorkdayCalendar)
    reference: Sequence[str | P] = (AS_OF,)
    root: Any = None
    prefix: str = ""
    shared: Shared | None = attrs.field(default=None, eq=False, repr=False)
    labels: ValueLabels = attrs.field(factory=model_labels)

    def shown(self, path: str, value: Any) -> Text:
        """A value read at ``path`` as people know it: a code's label (``博士``), in both
        languages; any other value as :func:`fmt` writes it."""
        codes = isinstance(value, str) or (
            isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)
        )
        if codes and self.labels.of(path):
            return self.labels.both(path, value)
        shown = fmt(value)
        return Text(shown, shown)

    def at(self, root: Any, prefix: str) -> Context:
        # built directly: attrs.evolve inspects the class on every call, and every member
        # of every collection a rule counts gets a context (its slots set as
        # ``Context(...)`` sets them, without a call per field)
        return _at(self, root, prefix)

    @property
    def base(self) -> Any:
        return self.profile if self.root is None else self.root

    def full(self, path: str) -> str:
        """``path`` named from the case: a fact of the item read (``organisations[0].kind``)
        or, with ``$.``, of the case's root, named from there (``application.submitted_on``,
        as the input names it and batch reports it)."""
        if path.startswith("$."):
            return path[2:]
        return f"{self.prefix}.{path}" if self.prefix else path

    def fact(self, path: str) -> Any:
        top = path.startswith("$.")
        root = self.root
        if root is not None and not top:
            return accessor(path)(root)
        # a fact of the case's root: the plans have read it already (the case is the
        # same for the whole assessment), and an explanation reads it again
        profile, shared = self.profile, self.shared
        if shared is None or shared.case is not profile:
            return accessor(path[2:] if top else path)(profile)
        facts = shared.facts
        value = facts.get(path, _UNREAD)
        if value is _UNREAD:
            value = facts[path] = accessor(path[2:] if top else path)(profile)
        return value

    def param(self, key: str) -> Any:
        shared = self.shared
        if shared is not None:
            try:
                return shared.params[key]
            except KeyError:
                pass
        value = self.params.get(key, self.as_of)
        value = MISSING if value is UNSET else value
        if shared is not None:
            shared.params[key] = value
        return value

    def value(self, ref: Any) -> tuple[Any, str | None]:
        """Resolve a literal, :class:`P` or :class:`F`; return (value, name if missing)."""
        if isinstance(ref, P):
            v = self.param(ref.key)
            return v, (None if v is not MISSING else f"param:{ref.key}")
        if isinstance(ref, F):
            v = self.fact(ref.path)
            if v is not MISSING:
                return v, None
            return v, self.full(ref.path)
        return ref, None

    def date(self, source: str | P) -> tuple[Any, str | None, str]:
        """Resolve a date source; return (date, missing name, label of what was used)."""
        if source == AS_OF:
            return self.as_of, None, "as_of"
        if source == REF:
            shared = self.shared
            if shared is None:
                return self._reference_date()
            # the case's reference date: the same for every rule of the assessment
            hit = shared.references.get(id(self.reference))
            if hit is None or hit[0] is not self.reference:
                hit = shared.references[id(self.reference)] = (
                    self.reference,
                    self._reference_date(),
                )
            found: tuple[Any, str | None, str] = hit[1]
            return found
        if isinstance(source, P):
            v = self.param(source.key)
            return v, (None if v is not MISSING else f"param:{source.key}"), str(source)
        v = self.fact(source)
        name = self.full(source)
        return v, (None if v is not MISSING else name), name

    def _reference_date(self) -> tuple[Any, str | None, str]:
        """The first of the reference date sources the case gives."""
        tried = []
        # the reference date belongs to the case, not a member
        top = self if self.root is None and not self.prefix else self.at(None, "")
        for candidate in self.reference:
            d, miss, label = top.date(candidate)
            if d is not MISSING:
                return d, None, label
            if miss:
                tried.append(miss)
        # the first (preferred) source is what the case should give
        return MISSING, (tried[0] if tried else None), "reference date"


def _replacing(*given: str) -> Callable[..., Context]:
    """A function of a context and values for the fields ``given``: the context with those
    and every other field of the given one, stored in the class's slots on a settable twin
    of the class then given its class (:func:`~talentkit.slotinit.settable`; no field is
    converted or validated; otherwise through ``attrs.evolve``)."""
    fields = attrs.fields(Context)
    names = [f.name for f in fields]
    if any(f.converter is not None or f.validator is not None for f in fields):
        return lambda ctx, *values: attrs.evolve(ctx, **dict(zip(given, values, strict=True)))
    lines = [f"def replaced(ctx, {', '.join(given)}):", "    new = make(Settable)"]
    lines += [f"    new.{n} = {n if n in given else f'ctx.{n}'}" for n in names]
    lines += ["    new.__class__ = Context", "    return new"]
    space: dict[str, Any] = {"make": object.__new__, "Context": Context}
    space["Settable"] = settable(Context)
    exec(_bytecode.compiled("\n".join(lines), "<Context replaced>"), space)
    replaced: Callable[..., Context] = space["replaced"]
    return replaced


_at: Callable[[Context, Any, str], Context] = _replacing("root", "prefix")
#: a programme's context from the assessment's (its calendar and reference date sources)
for_programme: Callable[[Context, WorkdayCalendar, Sequence[str | P]], Context] = _replacing(
    "calendar", "reference"
)


def fmt(value: Any) -> str:
    """A value as a rule's explanation writes it."""
    if value is MISSING:
        return "?"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10000 else str(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(fmt(v) for v in value)
    if hasattr(value, "iso"):
        return str(value.iso())
    return str(value)
