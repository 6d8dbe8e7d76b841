"""The rule base class: id, citation, text, and the soft-clause (一般/原则上) path."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs

from talentkit.facts import MISSING
from talentkit.rules.context import Context
from talentkit.rules.outcome import Check, Status
from talentkit.text import Citation, Text


@attrs.define
class Outcome:
    """Mutable scratch result a rule fills in; frozen into a :class:`Check`."""

    status: Status = Status.PASS
    detail: Text | None = None
    read: dict[str, Any] = attrs.field(factory=dict)
    missing: list[str] = attrs.field(factory=list)
    review: list[Text] = attrs.field(factory=list)
    hints: list[Text] = attrs.field(factory=list)
    children: list[Check] = attrs.field(factory=list)

    def need(self, name: str | None) -> None:
        if name and name not in self.missing:
            self.missing.append(name)
        self.status = Status.UNKNOWN


@attrs.frozen(kw_only=True)
class Rule:
    """A declared, cited condition.

    Top-level rules of a programme carry ``id``, ``cite`` and ``text``; nested parts of a
    compound rule may leave them empty and are explained through their parent.

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
        """Evaluate on ``ctx``; ``plugin`` names who declared the rule, for the result."""
        out = self.run(ctx)
        return Check(
            rule_id=self.id,
            status=out.status,
            text=self.text or _described(self),
            plugin=plugin,
            citation=self.cite,
            detail=out.detail,
            read=out.read,
            missing=tuple(out.missing),
            review=tuple(out.review),
            hints=tuple(out.hints) if out.status is Status.FAIL else (),
            children=tuple(out.children),
        )

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


_DESCRIBED: dict[int, tuple[Rule, Text]] = {}


def _described(rule: Rule) -> Text:
    """``rule.describe()``, computed once per declaration (declarations are immutable)."""
    hit = _DESCRIBED.get(id(rule))
    if hit is None or hit[0] is not rule:
        hit = (rule, rule.describe())
        _DESCRIBED[id(rule)] = hit
    return hit[1]


def fmt(value: Any) -> str:
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
