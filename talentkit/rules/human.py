"""Clauses a machine cannot decide: attested facts, panel judgements, custom predicates."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import attrs

from talentkit.facts import MISSING
from talentkit.rules.base import READS_NO_RULE, Outcome, Rule
from talentkit.rules.context import Context
from talentkit.rules.outcome import FAIL, PASS, REVIEW, UNKNOWN
from talentkit.rules.refs import P
from talentkit.text import Text


@attrs.frozen(kw_only=True)
class Attested(Rule):
    """A reviewer's recorded yes/no on a fact (``profile.attestations[key]``).

    Without an attestation the clause goes to review, naming what must be attested;
    ``true`` passes and ``false`` fails, with who attested and when in the values read.
    ``params`` are the parameters the question shows as ``{placeholders}``, so a number
    from the text is asked about as the operator has set it.
    """

    key: str
    question: Text
    params: tuple[P, ...] = ()

    def run(self, ctx: Context) -> Outcome:
        out = Outcome()
        att = ctx.profile.attestations.get(self.key)
        path = f"attestations.{self.key}"
        if att is None:
            out.status = REVIEW
            out.missing.append(path)
            out.review.extend(self._asked(ctx))
            return out
        question = self.rendered_text(ctx.param, self.question)
        out.read[path] = {"value": att.value, "by": att.by, "on": att.on.isoformat()}
        out.status = PASS if att.value else FAIL
        out.detail = Text(
            f"{att.by} 于 {att.on} 确认：{'是' if att.value else '否'}",
            f"attested {'yes' if att.value else 'no'} by {att.by} on {att.on}",
        )
        if not att.value:
            out.hints.append(
                Text(
                    f"须经确认：{question.zh}",
                    f"needs a positive attestation: {question.en}",
                )
            )
        return out

    def _asked(self, ctx: Context) -> tuple[Text, ...]:
        """What the reviewer is asked. The question shows parameter values, the same for
        every case of one date and parameter set: the texts its plan asked with on this
        date and parameter set (kept in the context's shared part) when it did."""
        shared = ctx.shared
        if shared is not None:
            hit = shared.questions.get(id(self))
            if hit is not None and hit[0] is self:
                asked: tuple[Text, ...] = hit[1]
                return asked
        question = self.rendered_text(ctx.param, self.question)
        return (
            Text(f"待审核人确认：{question.zh}", f"to be attested by a reviewer: {question.en}"),
        )

    def describe(self) -> Text:
        return Text(f"［审核确认］{self.question.zh}", f"[attested] {self.question.en}")

    def fact_paths(self) -> Iterator[str]:
        yield f"attestations.{self.key}"

    def param_keys(self) -> Iterator[str]:
        yield from (p.key for p in self.params)


#: what a panel is asked, by ``id`` of the judgement (kept beside: declarations are
#: immutable, and a rule kept cannot have its id reused)
_ASKED: dict[int, tuple[Judgement, Text]] = {}


@attrs.frozen(kw_only=True)
class Judgement(Rule):
    """A criterion only an expert panel or authority decides.

    It is ``review`` until a decision is recorded under the rule id
    (``profile.decisions[<rule id>]``); the machine never guesses a pass.
    """

    criterion: Text
    decided_by: Text = Text("专家评审", "expert panel")

    def run(self, ctx: Context) -> Outcome:
        out = Outcome()
        decision = ctx.profile.decisions.get(self.id)
        if decision is None:
            out.status = REVIEW
            out.review.append(self._asked())
            return out
        out.read[f"decisions.{self.id}"] = {
            "value": decision.value,
            "by": decision.by,
            "on": decision.on.isoformat(),
        }
        out.status = PASS if decision.value else FAIL
        verdict = "通过" if decision.value else "不通过"
        out.detail = Text(
            f"{decision.by} 于 {decision.on} 决定：{verdict}",
            f"decided {'yes' if decision.value else 'no'} by {decision.by} on {decision.on}",
        )
        return out

    def _asked(self) -> Text:
        """What the panel is asked: from the declaration alone, made once per rule."""
        hit = _ASKED.get(id(self))
        if hit is None or hit[0] is not self:
            asked = Text(
                f"{self.decided_by.zh}判断：{self.criterion.zh}",
                f"for the {self.decided_by.en}: {self.criterion.en}",
            )
            hit = _ASKED[id(self)] = (self, asked)
        return hit[1]

    def describe(self) -> Text:
        return Text(
            f"［{self.decided_by.zh}］{self.criterion.zh}",
            f"[{self.decided_by.en}] {self.criterion.en}",
        )


Predicate = Callable[[dict[str, Any]], bool | None]


@attrs.frozen(kw_only=True)
class Custom(Rule):
    """Escape hatch: a Python predicate over declared facts.

    ``facts`` lists every path the predicate reads; when one is missing the rule is
    unknown without calling it. The predicate gets ``{path: value}`` and returns True,
    False or None (undetermined). Prefer the declarative vocabulary: a custom predicate
    gets no counterfactual hint and runs row by row in batch screening.
    """

    facts: Sequence[str]
    predicate: Predicate = attrs.field(eq=False)
    statement: Text = Text("", "")

    def run(self, ctx: Context) -> Outcome:
        out = Outcome()
        values = {p: ctx.fact(p) for p in self.facts}
        for p, v in values.items():
            out.read[ctx.full(p)] = v
            if v is MISSING:
                out.need(ctx.full(p))
        if out.status is UNKNOWN:
            return out
        result = self.predicate(values)
        out.status = {True: PASS, False: FAIL, None: UNKNOWN}[result]
        if result is False:
            out.hints.append(
                Text(f"须满足：{self.statement.zh}", f"must satisfy: {self.statement.en}")
            )
        return out

    def describe(self) -> Text:
        return self.statement

    def fact_paths(self) -> Iterator[str]:
        yield from self.facts


READS_NO_RULE.update((Attested, Judgement))
