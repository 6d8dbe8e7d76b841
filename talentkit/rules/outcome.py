"""The result of evaluating one rule."""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable
from typing import Any

import attrs

from talentkit import _bytecode
from talentkit.slotinit import settable
from talentkit.subjects import Waiver
from talentkit.text import Citation, Text


class Status(str, enum.Enum):
    """Three-valued logic plus the states a human closes.

    ``unknown`` means facts are missing; ``review`` means a panel or reviewer must decide;
    ``waived`` is a pass by an approved exception; ``na`` means the rule does not apply.
    """

    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"
    REVIEW = "review"
    WAIVED = "waived"
    NA = "na"

    @property
    def holds(self) -> bool:
        return self in _HOLDING


#: the statuses as names of their own: before Python 3.12, the enumeration's class reads
#: ``Status.PASS`` through its ``__getattr__`` hook (about ten times a name's look-up),
#: and the rules' explanations read statuses thousands of times per report
PASS, FAIL, UNKNOWN = Status.PASS, Status.FAIL, Status.UNKNOWN
REVIEW, WAIVED, NA = Status.REVIEW, Status.WAIVED, Status.NA
_HOLDING = (PASS, WAIVED, NA)


@attrs.frozen(kw_only=True)
class Check:
    """One rule's verdict with everything needed to defend it."""

    rule_id: str
    status: Status
    text: Text
    citation: Citation | None = None
    detail: Text | None = None
    read: dict[str, Any] = attrs.field(factory=dict)
    missing: tuple[str, ...] = ()
    review: tuple[Text, ...] = ()
    hints: tuple[Text, ...] = ()
    plugin: str = ""
    waiver: Waiver | None = None
    children: tuple[Check, ...] = ()

    #: a check several programmes share is written once per JSON document, then copied
    __json_memo__ = True


#: the parts of a check that explain it, built when first read on a deferred check
EXPLANATION = ("text", "detail", "read", "hints", "children")


class DeferredCheck(Check):
    """A :class:`Check` whose status, missing facts and review items are decided and
    whose explanation is built when one of its parts is first read.

    It is a check in every respect: the same fields, equality with the check built at
    once, and it pickles and copies as a plain :class:`Check`. The explanation comes from
    the rule's own :meth:`~talentkit.rules.Rule.explanation` (what
    :meth:`~talentkit.rules.Rule.evaluate_now` builds its check from) on the same context,
    set on this check directly, so it is what the check built at once would hold. Once
    explained, it becomes an :class:`ExplainedCheck` (its class switched, the object the
    same): without the properties of its explanation's parts, its fields are read as
    fast as a plain check's.
    """

    __slots__ = ("_explain",)
    _explain: Any  # what builds the explanation; unset once it is built

    def _explain_now(self) -> None:
        """Build the explanation and set it on this check: what the first read of one of
        its parts does (each part is a property of this class over the slot of
        :class:`Check`, so reading an unset part raises and catches no error)."""
        _read_explained(_ignore, self)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Check):
            return NotImplemented
        return _values(self) == _values(other)

    def __ne__(self, other: object) -> bool:
        if not isinstance(other, Check):
            return NotImplemented
        return _values(self) != _values(other)

    __hash__ = Check.__hash__

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, ...]:
        return _rebuild, (_values(self),)

    def __reduce__(self) -> tuple[Any, ...]:
        return _rebuild, (_values(self),)


def _read_explained(reader: Callable[[Check], Any], check: DeferredCheck) -> Any:
    """``reader(check)`` once the check's explanation is built and set
    (:meth:`DeferredCheck._explain_now`): each part's property calls it through a
    partial of its slot's reader, so the first read of a part is one Python frame
    fewer than a getter calling the explaining method."""
    try:
        explain = check._explain  # a plain slot: the class has no __getattr__
    except AttributeError:  # explained meanwhile (by another thread), or made whole
        return reader(check)  # by the class's own __init__ (attrs.evolve): its parts are set
    if type(explain) is tuple:  # a rule's check: its parts set here, no check between
        rule, ctx, plugin = explain
        if type(rule).evaluate_now is _EVALUATE_NOW:
            status, text, detail, read, missing, review, hints, children = rule.explanation(ctx)
            # compared part by part: no tuple made on each side
            if status != check.status or missing != check.missing or review != check.review:
                raise _disagree(check, status, missing, review)
            _set_explained(check, text, detail, read, hints, children)
            return reader(check)
        explain = functools.partial(rule.evaluate_now, ctx, plugin)
    full = explain()
    if (full.status, full.missing, full.review) != (check.status, check.missing, check.review):
        raise _disagree(check, full.status, full.missing, full.review)
    if type(full) is Check:  # every part set: read from its slot
        _set_explained(check, *[part(full) for part in _EXPLANATION_READS])
    else:
        _set_explained(check, *[getattr(full, part) for part in EXPLANATION])
    return reader(check)


def _ignore(check: Check) -> None:
    """What :meth:`DeferredCheck._explain_now` reads of the check once explained."""


class ExplainedCheck(Check):
    """A :class:`DeferredCheck` whose explanation is built: the same object, its class
    switched when the explanation was set. A deferred check reads each part of its
    explanation through a property (a call of a Python function each time); an
    explained one reads them from their slots, as fast as a plain check's fields. It
    equals, pickles, copies and reads (``repr``) as the deferred check it was."""

    __slots__ = ("_explain",)  # the layout of a deferred check, so the class can switch

    __eq__ = DeferredCheck.__eq__
    __ne__ = DeferredCheck.__ne__
    __hash__ = Check.__hash__
    __reduce_ex__ = DeferredCheck.__reduce_ex__
    __reduce__ = DeferredCheck.__reduce__


ExplainedCheck.__qualname__ = DeferredCheck.__qualname__  # its repr unchanged


def _disagree(check: Check, status: Status, missing: Any, review: Any) -> RuntimeError:
    """The error of an explanation whose decision is not the plan's."""
    return RuntimeError(
        f"rule {check.rule_id or '(part)'}: its plan decided {check.status.value}"
        f" {check.missing} {check.review}, its run {status.value} {missing} {review}"
    )


_FIELDS = tuple(f.name for f in attrs.fields(Check))
#: how each part of the explanation is read from a check (its slot)
_EXPLANATION_READS = tuple(getattr(Check, part).__get__ for part in EXPLANATION)


def _deferred_part(name: str) -> property:
    """A part of a deferred check's explanation: built when first read, then read from
    the slot :class:`Check` holds it in (set there too, as ``Check``'s ``__init__`` and
    ``attrs.evolve`` of a deferred check set it)."""
    slot = getattr(Check, name)
    part = functools.partial(_read_explained, slot.__get__)
    return property(part, slot.__set__, doc=f"The check's ``{name}``, built when first read.")


for _part in EXPLANATION:  # over the slots: a deferred check's reads raise no error
    setattr(DeferredCheck, _part, _deferred_part(_part))


def _builder() -> Callable[..., Check]:
    """A function building a :class:`Check` from all its fields, given in order: what
    ``Check(**fields)`` does (no field of a check is converted or validated), several
    times as fast. The check is made as a :func:`~talentkit.slotinit.settable` twin of
    the class, its fields stored by plain assignment, then given its class. A report
    holds hundreds of checks."""
    fields = attrs.fields(Check)
    if any(f.converter is not None or f.validator is not None for f in fields):
        return lambda *values: Check(**dict(zip(_FIELDS, values, strict=True)))
    names = ", ".join(_FIELDS)
    lines = [f"def build({names}):", "    check = new(Settable)"]
    lines += [f"    check.{n} = {n}" for n in _FIELDS]
    lines += ["    check.__class__ = Check", "    return check"]
    space: dict[str, Any] = {"new": object.__new__, "Check": Check, "Settable": settable(Check)}
    exec(_bytecode.compiled("\n".join(lines), "<build a Check>"), space)
    build: Callable[..., Check] = space["build"]
    return build


#: ``build_check(rule_id, status, text, citation, detail, read, missing, review, hints,
#: plugin, waiver, children)``: ``Check(...)`` of those fields, in the class's order
build_check = _builder()


def _explained_setter() -> Callable[..., None]:
    """``set_explained(check, text, detail, read, hints, children)``: the explanation set
    on a deferred check through the class's slots, what built it let go, and the check
    made an :class:`ExplainedCheck` (read as a plain one from now on). One call per check
    explained, each step through its descriptor (not ``object.__delattr__`` and
    ``object.__setattr__``, which look the name up first)."""
    lines = [f"def set_explained(check, {', '.join(EXPLANATION)}):"]
    lines += [f"    set_{n}(check, {n})" for n in EXPLANATION]
    lines += [
        "    try:",
        "        forget(check)",
        # explained meanwhile by another thread: the class switched (TypeError: the slot
        # is another class's), or made whole by ``__init__`` (AttributeError: unset)
        "    except (AttributeError, TypeError):",
        "        return",
        "    switch(check, ExplainedCheck)",
    ]
    space: dict[str, Any] = {f"set_{n}": getattr(Check, n).__set__ for n in EXPLANATION}
    space["forget"] = DeferredCheck.__dict__["_explain"].__delete__
    space["switch"] = object.__dict__["__class__"].__set__
    space["ExplainedCheck"] = ExplainedCheck
    exec(_bytecode.compiled("\n".join(lines), "<set a Check's explanation>"), space)
    setter: Callable[..., None] = space["set_explained"]
    return setter


_set_explained = _explained_setter()


def _values(check: Check) -> tuple[Any, ...]:
    return tuple(getattr(check, name) for name in _FIELDS)


def _rebuild(values: tuple[Any, ...]) -> Check:
    return Check(**dict(zip(_FIELDS, values, strict=True)))


def _deferred_builder() -> Callable[..., Check]:
    """``deferred_check`` itself: a function storing the decided fields and what explains
    them later (as :func:`build_check` does, on a settable twin of the class given its
    class at the end), not a call of ``object.__setattr__`` each. Every check of a
    report read is made by it."""
    lines = [
        "def deferred_check(rule, ctx, plugin, status, missing, review):",
        "    check = new(Settable)",
        "    check.rule_id = rule.id",
        "    check.status = status",
        "    check.citation = rule.cite",
        "    check.missing = missing",
        "    check.review = review",
        "    check.plugin = plugin",
        "    check.waiver = None",
        "    check._explain = (rule, ctx, plugin)  # explained when first read",
        "    check.__class__ = DeferredCheck",
        "    return check",
    ]
    space: dict[str, Any] = {
        "new": object.__new__,
        "DeferredCheck": DeferredCheck,
        "Settable": settable(DeferredCheck),
    }
    exec(_bytecode.compiled("\n".join(lines), "<defer a Check>"), space)
    build: Callable[..., Check] = space["deferred_check"]
    return build


#: ``deferred_check(rule, ctx, plugin, status, missing, review)``: the check of ``rule``
#: on ``ctx`` with its explanation deferred (:class:`DeferredCheck`)
deferred_check = _deferred_builder()


def evolved(
    check: Check,
    *,
    add_hints: tuple[Text, ...] | None = None,
    **decided: Any,
) -> Check:
    """``attrs.evolve(check, **decided)``, with ``add_hints`` after the check's hints when
    given. ``decided`` sets what decides (status, review items, waiver) or empties
    ``hints``; a check whose explanation is not built yet keeps it so: the result's
    explanation is the check's, built when first read, with the same changes."""

    def changes() -> dict[str, Any]:
        found = dict(decided)
        if add_hints is not None:
            found["hints"] = (*found.get("hints", check.hints), *add_hints)
        return found

    try:
        object.__getattribute__(check, "_explain")
    except AttributeError:  # a check built at once, or explained already
        return attrs.evolve(check, **changes())
    if set(decided) - {"status", "review", "waiver", "hints"}:
        raise TypeError(f"evolved: {sorted(decided)} are not decided parts of a check")
    later = DeferredCheck.__new__(DeferredCheck)
    put = object.__setattr__
    for name in ("rule_id", "status", "citation", "missing", "review", "plugin", "waiver"):
        put(later, name, decided.get(name, getattr(check, name)))
    put(later, "_explain", lambda: attrs.evolve(check, **changes()))
    return later


#: ``Rule.evaluate_now`` (set by :mod:`talentkit.rules.base`): a rule class that keeps it
#: is explained through ``Rule.explanation``, which restates it part for part
_EVALUATE_NOW: Any = None
