"""The rule base class: id, citation, text, and the soft-clause (一般/原则上) path."""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
from collections.abc import Callable, Iterator
from decimal import Decimal
from fractions import Fraction
from typing import Any, NamedTuple

import attrs

from talentkit.dates import Period
from talentkit.facts import MISSING
from talentkit.money import Money
from talentkit.params import UNSET, ParameterStore
from talentkit.rules import outcome
from talentkit.rules.context import Context
from talentkit.rules.context import fmt as fmt
from talentkit.rules.outcome import FAIL, PASS, UNKNOWN, Check, Status, build_check, deferred_check
from talentkit.text import Citation, Lang, Text, plural_forms


@attrs.define(init=False)
class Outcome:
    """Mutable scratch result a rule fills in; frozen into a :class:`Check`."""

    status: Status = PASS
    detail: Text | None = None
    read: dict[str, Any] = attrs.field(factory=dict)
    missing: list[str] = attrs.field(factory=list)
    review: list[Text] = attrs.field(factory=list)
    hints: list[Text] = attrs.field(factory=list)
    children: list[Check] = attrs.field(factory=list)

    # written out: every rule run makes one, and attrs' generated ``__init__`` calls a
    # factory per list (about twice as slow)
    def __init__(
        self,
        status: Status = PASS,
        detail: Text | None = None,
        read: dict[str, Any] | None = None,
        missing: list[str] | None = None,
        review: list[Text] | None = None,
        hints: list[Text] | None = None,
        children: list[Check] | None = None,
    ) -> None:
        self.status = status
        self.detail = detail
        self.read = {} if read is None else read
        self.missing = [] if missing is None else missing
        self.review = [] if review is None else review
        self.hints = [] if hints is None else hints
        self.children = [] if children is None else children

    def need(self, name: str | None) -> None:
        if name and name not in self.missing:
            self.missing.append(name)
        self.status = UNKNOWN


def add_new(missing: list[str], names: tuple[str, ...] | list[str]) -> None:
    """Each of ``names`` not in ``missing`` yet appended, in order (a loop: a generator
    handed to ``extend`` is an object and a resumption per name, and a count's lists are
    rebuilt for every way its ``also`` subjects may stand)."""
    for m in names:
        if m not in missing:
            missing.append(m)


#: a rule's explanation on a context: status, text, detail, values read, missing facts,
#: review items, hints and parts, as :meth:`Rule.evaluate_now` sets them on its check
Explanation = tuple[
    Status,
    Text,
    "Text | None",
    dict[str, Any],
    tuple[str, ...],
    tuple[Text, ...],
    tuple[Text, ...],
    tuple[Check, ...],
]


#: an explanation but its text (the part a rule's own text decides)
Ran = tuple[
    Status,
    "Text | None",
    dict[str, Any],
    tuple[str, ...],
    tuple[Text, ...],
    tuple[Text, ...],
    tuple[Check, ...],
]


class Decision(NamedTuple):
    """What decides a check: its status, the facts it misses, the items left to review."""

    status: Status
    missing: tuple[str, ...]
    review: tuple[Text, ...]


#: ``Decision(*decided)`` of a plan's (status, missing, review), without the named
#: tuple's own ``__new__`` frame
_decision: Callable[[tuple[Any, ...]], Decision] = functools.partial(tuple.__new__, Decision)


@attrs.frozen(kw_only=True)
class Rule:
    """A declared, cited condition.

    Top-level rules of a programme carry ``id``, ``cite`` and ``text``; nested parts of a
    compound rule may leave them empty and are explained through their parent.

    A number the text states that a parameter holds is written as a placeholder naming
    the parameter, so the text shows the value in force (after overrides) and cannot
    disagree with the detail: ``Text("核心成员不少于{min_core_members}人", "at least
    {min_core_members} core members")``. A placeholder is the parameter's full key or the
    last part(s) of a key the rule reads (checked when plugins load); ``{key:%}`` shows
    a fraction as a percentage, ``{key:wan}`` an amount in 万 (10,000) and, in English,
    ``{key:# month|# months}`` the singular or plural by the number (``#`` is the number).

    :param soft: the clause is worded 「一般」/「原则上」: it states the norm, and only an
        exception decided by the competent body lifts it. A failure with a
        :class:`~talentkit.Waiver` recorded under the rule id is ``waived`` when the waiver
        is approved, ``review`` while it is pending, and stays ``fail`` when it is declined
        or when no exception was claimed.
    """

    id: str = ""
    cite: Citation | None = None
    text: Text | None = None
    soft: bool = False

    def evaluate(self, ctx: Context, plugin: str = "") -> Check:
        """Evaluate on ``ctx``; ``plugin`` names who declared the rule, for the result.

        A rule of the built-in vocabulary is decided through its compiled plan
        (:mod:`talentkit.rules.plan`): the status, missing facts and review items first,
        the explanation (text, detail, values read, hints, parts) when the check is read.
        Any other rule runs :meth:`run` at once."""
        if _EXPLAINING.get():  # the parts of a rule being explained: kept and read
            return self.evaluate_now(ctx, plugin)
        decide = _plan_of(self)
        if decide is None:
            return self.evaluate_now(ctx, plugin)
        status, missing, review = decide(ctx)
        return deferred_check(self, ctx, plugin, status, missing, review)

    def decision(self, ctx: Context) -> Decision:
        """The status, missing facts and review items :meth:`evaluate` gives, without the
        check: for a caller that reads nothing else of it (a score line, a funding
        condition, a procedure step's condition)."""
        if not _EXPLAINING.get():
            # the plan and the rule deciding alike, found with one look-up
            hit = _PLANS.get(id(self))
            if hit is None or hit[0] is not self:
                _plan_of(self)
                hit = _PLANS[id(self)]
            decide = hit[1]
            if decide is not None:
                shared = ctx.shared
                if shared is None or ctx.root is not None or ctx.prefix:
                    return _decision(decide(ctx))
                # on the case itself: the decision the eligibility rules deciding alike
                # made already (or make once) for this case, date and reference sources
                same = hit[2]
                if same is _UNSEEN:
                    same = hit[2] = _same_of(self)
                if same is None:
                    return _decision(decide(ctx))
                reference = tuple(ctx.reference)
                decided = shared.decisions.get(reference)
                if decided is None:
                    decided = shared.decisions[reference] = {}
                found = decided.get(id(same))
                if found is None or found[0] is not same:
                    found = decided[id(same)] = (same, decide(ctx))
                return _decision(found[1])
        check = self.evaluate_now(ctx)
        return Decision(check.status, check.missing, check.review)

    def evaluate_now(self, ctx: Context, plugin: str = "") -> Check:
        """:meth:`evaluate` with the explanation built at once, through :meth:`run`."""
        status, text, detail, read, missing, review, hints, children = self.explanation(ctx)
        return build_check(
            self.id,
            status,
            text,
            self.cite,
            detail,
            read,
            missing,
            review,
            hints,
            plugin,
            None,
            children,
        )

    def explanation(self, ctx: Context) -> Explanation:
        """What :meth:`evaluate_now` builds its check from (the rule's id, citation and
        plugin aside): for a check whose explanation is read later, which sets these
        parts on itself instead of copying them from a check built for the purpose."""
        shared = ctx.shared
        me = id(self)  # each call of id() also raises the interpreter's audit event
        kin = None if shared is None else EXPLAINS_AS.get(me)
        if (
            shared is not None
            and kin is not None
            and kin[0] is self
            # the first rule of its kind explains alone unless another explains alike
            and (kin[1] is not self or EXPLAINS_AS.grouped.get(me) is self)
        ):
            # explained as the first rule met that explains alike, once per context; the
            # working-day calendar (each programme's own) aside: no such rule reads it
            key = (
                id(kin[1]),
                id(ctx.profile),
                ctx.as_of,
                id(ctx.params),
                tuple(ctx.reference),
                id(ctx.root),
                ctx.prefix,
                id(ctx.labels),
            )
            known = shared.explained.get(key)
            if known is None:
                # what the key names by id kept beside, so the ids stay their own; not the
                # context, which holds the shared values: a cycle only the collector frees
                kept = (kin[1], ctx.profile, ctx.params, ctx.root, ctx.labels)
                known = shared.explained[key] = (kept, self._ran(ctx))
            ran: Ran = known[1]
        else:
            ran = self._ran(ctx)
        status, detail, read, missing, review, hints, children = ran
        if not self.text:
            hit = _DESCRIBED.get(me)
            text = hit[1] if hit is not None and hit[0] is self else _described(self)
        elif shared is None:
            text = self.rendered_text(ctx.param)
        else:  # the same for every case of one assessment (one date, one parameter set)
            hit = shared.texts.get(me)
            if hit is None or hit[0] is not self:
                hit = shared.texts[me] = (self, self.rendered_text(ctx.param))
            text = hit[1]
        return (status, text, detail, read, missing, review, hints, children)

    def _ran(self, ctx: Context) -> Ran:
        """The explanation but the text, from :meth:`run` on ``ctx``."""
        # a compound's parts become its children, read in full: built at once too; the
        # items a rule counts are only decided
        cls = type(self)
        keeps = cls in KEEPS_PARTS
        if cls in READS_NO_RULE or _EXPLAINING.get() is keeps:
            out = self.run(ctx)
        else:
            token = _EXPLAINING.set(keeps)
            try:
                out = self.run(ctx)
            finally:
                _EXPLAINING.reset(token)
        status = out.status
        # most lists are empty: () without a call
        return (
            status,
            out.detail,
            out.read,
            tuple(out.missing) if out.missing else (),
            tuple(out.review) if out.review else (),
            tuple(out.hints) if status is FAIL and out.hints else (),
            tuple(out.children) if out.children else (),
        )

    def rendered_text(self, param: Callable[[str], Any], text: Text | None = None) -> Text:
        """The text (or ``text``, another of the rule's texts) with each placeholder
        showing ``param(key)``."""
        text = text or self.text or Text("", "")

        def value(name: str, spec: str, lang: Lang) -> str:
            key = placeholder_key(self, name)
            return show(param(key), spec, lang, key)

        return text.render(value)

    def text_in_force(self, params: ParameterStore, on: dt.date) -> Text:
        """The text as a reader sees it on ``on``: placeholders show the values in force
        (overrides included); a rule without a text describes itself."""
        if not self.text:
            return self.describe()

        def param(key: str) -> Any:
            value = params.get(key, on)
            return MISSING if value is UNSET else value

        return self.rendered_text(param)

    def run(self, ctx: Context) -> Outcome:
        raise NotImplementedError

    def describe(self) -> Text:
        raise NotImplementedError

    def children(self) -> Iterator[Rule]:
        return iter(())

    def fact_paths(self) -> Iterator[str]:
        """Every fact path this rule reads (for docs, schemas and the batch compiler)."""
        for child in self.children():
            yield from child.fact_paths()

    def param_keys(self) -> Iterator[str]:
        for child in self.children():
            yield from child.param_keys()

    def facts_named(self) -> list[str]:
        """The facts this rule reads, sorted, as the input names them: a fact of the
        case's root read within an item (``organisations[].$.application.submitted_on``)
        named from the root (``application.submitted_on``), as a missing fact is."""
        return sorted({p.rpartition("$.")[2] for p in self.fact_paths()})


outcome._EVALUATE_NOW = Rule.evaluate_now


class _ExplainsAs(dict[int, tuple[Rule, Rule]]):
    """:data:`EXPLAINS_AS`, noting in ``grouped`` (by ``id``, the rule kept beside) each
    first rule that another rule is set to explain as: only those are worth keeping the
    explanation of (most such rules have none, and keeping costs a key of eight parts)."""

    __slots__ = ("grouped",)

    def __init__(self) -> None:
        super().__init__()
        self.grouped: dict[int, Rule] = {}

    def __setitem__(self, key: int, value: tuple[Rule, Rule]) -> None:
        super().__setitem__(key, value)
        rule, first = value
        if first is not rule:
            self.grouped[id(first)] = first


#: top-level rules whose :meth:`Rule.run` gives what another's does on every context,
#: by ``id`` of the rule: the rule beside the first such rule met (filled by the
#: built-in plugin for the rules it decides alike: no working-day count or custom code
#: anywhere in them, and :meth:`Rule.run` reads no id, citation, text or softness). A
#: context's rules explained alike run once.
EXPLAINS_AS: _ExplainsAs = _ExplainsAs()

#: set while a rule whose parts' checks are its children is explained (thread and task safe)
_EXPLAINING: contextvars.ContextVar[bool] = contextvars.ContextVar("explaining", default=False)
#: the rule classes whose parts' checks are kept as children (filled by the plans module)
KEEPS_PARTS: set[type] = set()
#: built-in rule classes whose ``run`` evaluates no other rule (filled by their modules):
#: explained as they are, without setting the "explaining" state their run never reads
READS_NO_RULE: set[type] = set()

Decide = Callable[[Context], tuple[Status, tuple[str, ...], tuple[Text, ...]]]
"""A compiled rule: its status, missing facts and review items on a context."""

#: by ``id`` of the rule: ``[rule, plan, rule deciding alike]``, the last found when first
#: needed (:data:`_UNSEEN` before)
_PLANS: dict[int, list[Any]] = {}
_UNSEEN: Any = object()


def _plan_of(rule: Rule) -> Decide | None:
    """The rule's compiled plan, compiled once per declaration; None runs it at once."""
    hit = _PLANS.get(id(rule))
    if hit is None or hit[0] is not rule:
        from talentkit.rules.plan import lazy_plan

        hit = [rule, lazy_plan(rule), _UNSEEN]
        _PLANS[id(rule)] = hit
    decide: Decide | None = hit[1]
    return decide


_SAME: dict[int, tuple[Rule, Rule | None]] = {}


def _same_of(rule: Rule) -> Rule | None:
    """The first rule object met that decides as ``rule`` (see
    :func:`talentkit.builtin.declared.decides_as`), found once per declaration."""
    hit = _SAME.get(id(rule))
    if hit is None or hit[0] is not rule:
        from talentkit.builtin.declared import decides_as

        hit = _SAME[id(rule)] = (rule, decides_as(rule))
    return hit[1]


def plan_of(rule: Rule) -> Decide | None:
    """The plan :meth:`Rule.evaluate` decides ``rule`` by (None: it runs :meth:`Rule.run`)."""
    return _plan_of(rule)


def explaining() -> bool:
    """A rule is being explained: its parts are evaluated at once (:meth:`Rule.evaluate`)."""
    return _EXPLAINING.get()


_DESCRIBED: dict[int, tuple[Rule, Text]] = {}


def _described(rule: Rule) -> Text:
    """``rule.describe()``, computed once per declaration (declarations are immutable)."""
    hit = _DESCRIBED.get(id(rule))
    if hit is None or hit[0] is not rule:
        hit = (rule, rule.describe())
        _DESCRIBED[id(rule)] = hit
    return hit[1]


_PARAM_KEYS: dict[int, tuple[Rule, list[str]]] = {}


def _param_keys(rule: Rule) -> list[str]:
    """The rule's parameter keys in order, collected once per declaration."""
    hit = _PARAM_KEYS.get(id(rule))
    if hit is None or hit[0] is not rule:
        hit = (rule, list(dict.fromkeys(rule.param_keys())))
        _PARAM_KEYS[id(rule)] = hit
    return hit[1]


def placeholder_key(rule: Rule, name: str) -> str:
    """The parameter key a text placeholder names (see :class:`Rule`).

    :raises KeyError: no parameter the rule reads has that name.
    :raises ValueError: the name fits several keys.
    """
    keys = _param_keys(rule)
    if name in keys:
        return name
    hits = [k for k in keys if k.endswith("." + name)]
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise ValueError(f"{{{name}}} could be any of {', '.join(hits)}; write more of the key")
    import difflib

    close = difflib.get_close_matches(name, [k.rsplit(".", 1)[-1] for k in keys], n=1)
    hint = f"; did you mean {{{close[0]}}}?" if close else ""
    raise KeyError(
        f"{{{name}}} names no parameter the rule reads ({', '.join(keys) or 'none'}){hint}"
    )


def show(value: Any, spec: str, lang: Lang, key: str = "") -> str:
    """A parameter value as a rule text shows it."""
    forms = plural_forms(spec)
    if forms is not None:  # ``{n:# month|# months}``: the form the number takes
        one = isinstance(value, (int, Fraction, Decimal)) and not isinstance(value, bool)
        form = forms[0] if one and value == 1 else forms[1]
        return form.replace("#", show(value, "", lang, key))
    if value is MISSING or value is None:  # unset: the text names what the operator sets
        return f"〈{key}〉" if lang == "zh" else f"<{key}>"
    if isinstance(value, Period):
        return value.describe(lang)
    if isinstance(value, dt.date) and lang == "zh":  # as the texts write a date
        return f"{value.year}年{value.month}月{value.day}日"
    if spec == "%" and isinstance(value, (int, Fraction)):
        pct = Fraction(value) * 100
        return (f"{pct.numerator}" if pct.denominator == 1 else str(pct)) + "%"
    if spec == "wan" and isinstance(value, Money):  # 万元, exact to the fen
        return format((Decimal(value.fen) / Decimal(1_000_000)).normalize(), "f")
    if spec == "wan" and isinstance(value, int):
        return format((Decimal(value) / Decimal(10000)).normalize(), "f")
    if isinstance(value, (list, tuple)):
        return ("、" if lang == "zh" else ", ").join(str(v) for v in value)
    return fmt(value)
