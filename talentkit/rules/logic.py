"""Kleene three-valued combinators: all, any, not, and "only when"."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import attrs

from talentkit.rules.base import Outcome, Rule, add_new
from talentkit.rules.context import Context
from talentkit.rules.outcome import FAIL, NA, PASS, REVIEW, UNKNOWN, WAIVED, Check, Status
from talentkit.text import Text


def _merge(out: Outcome, checks: Sequence[Check], statuses: frozenset[Status]) -> None:
    missing, review, hints = out.missing, out.review, out.hints
    for c in checks:
        if c.status in statuses:
            # most parts add nothing: no walk for an empty list; loops, not generators
            if c.missing:
                for m in c.missing:
                    if m not in missing:
                        missing.append(m)
            if c.review:
                for r in c.review:
                    if r not in review:
                        review.append(r)
            if c.hints:
                for h in c.hints:
                    if h not in hints:
                        hints.append(h)


def _parts(rules: Sequence[Rule], ctx: Context, out: Outcome) -> tuple[list[Check], set[Status]]:
    """Each part's check, in order, set as ``out``'s children, and their statuses: one
    loop (a comprehension is a call of its own before Python 3.12, and there were two)."""
    checks: list[Check] = []
    statuses: set[Status] = set()
    for r in rules:
        c = r.evaluate(ctx)
        checks.append(c)
        statuses.add(c.status)
    out.children = checks
    return checks, statuses


#: the statuses whose parts' missing facts, review items and hints a combination gathers
_OPEN = frozenset((FAIL, UNKNOWN, REVIEW))


@attrs.frozen(kw_only=True)
class AllOf(Rule):
    """Every part holds. Any fail fails; otherwise unknown beats review beats pass."""

    rules: Sequence[Rule] = ()

    def run(self, ctx: Context) -> Outcome:
        out = Outcome()
        checks, statuses = _parts(self.rules, ctx, out)
        for status in (FAIL, UNKNOWN, REVIEW):
            if status in statuses:
                out.status = status
                break
        else:  # no part open: nothing to gather
            out.status = WAIVED if WAIVED in statuses else PASS
            return out
        _merge(out, checks, _OPEN)
        if out.status is FAIL:
            out.missing.clear()
        return out

    def describe(self) -> Text:
        parts = [r.text or r.describe() for r in self.rules]
        return Text("；且".join(p.zh for p in parts), "; and ".join(p.en for p in parts))

    def children(self) -> Iterator[Rule]:
        yield from self.rules


@attrs.frozen(kw_only=True)
class AnyOf(Rule):
    """At least one part holds ("符合下列条件之一"). Any pass passes; all fail fails."""

    rules: Sequence[Rule] = ()

    def run(self, ctx: Context) -> Outcome:
        out = Outcome()
        checks, statuses = _parts(self.rules, ctx, out)
        if PASS in statuses:
            out.status = PASS
        elif WAIVED in statuses:
            out.status = WAIVED
        elif UNKNOWN in statuses:
            out.status = UNKNOWN
        elif REVIEW in statuses:
            out.status = REVIEW
        elif statuses <= {NA}:
            out.status = NA
        else:
            out.status = FAIL
        if out.status in (UNKNOWN, REVIEW, FAIL):
            _merge(out, checks, _OPEN)
        if out.status is FAIL and len(out.hints) > 1:
            out.hints[:] = [
                Text(
                    "满足下列任一项即可：" + "；".join(h.zh for h in out.hints),
                    "any one of: " + "; ".join(h.en for h in out.hints),
                )
            ]
        return out

    def describe(self) -> Text:
        parts = [r.text or r.describe() for r in self.rules]
        return Text(
            "下列之一：" + "；".join(p.zh for p in parts),
            "one of: " + "; ".join(p.en for p in parts),
        )

    def children(self) -> Iterator[Rule]:
        yield from self.rules


@attrs.frozen(kw_only=True)
class Not(Rule):
    """The part does not hold ("无…", "未…"). Unknown and review stay as they are."""

    rule: Rule

    def run(self, ctx: Context) -> Outcome:
        out = Outcome()
        c = self.rule.evaluate(ctx)
        out.children = [c]
        out.read.update(c.read)
        flip = {PASS: FAIL, WAIVED: FAIL, FAIL: PASS}
        out.status = flip.get(c.status, c.status)
        out.missing.extend(c.missing)
        out.review.extend(c.review)
        if out.status is FAIL:
            d = self.rule.text or self.rule.describe()
            out.hints.append(Text(f"须不满足：{d.zh}", f"must not hold: {d.en}"))
        return out

    def describe(self) -> Text:
        d = self.rule.text or self.rule.describe()
        return Text(f"并非：{d.zh}", f"not: {d.en}")

    def children(self) -> Iterator[Rule]:
        yield self.rule


@attrs.frozen(kw_only=True)
class When(Rule):
    """``then`` applies only when ``condition`` holds; otherwise the rule is ``na``.

    An unknown condition does not hide the rule: if ``then`` passes anyway the result is
    pass; otherwise it is unknown and the condition's facts are listed.
    """

    condition: Rule
    then: Rule

    def run(self, ctx: Context) -> Outcome:
        out = Outcome()
        condition = self.condition
        cls = type(condition)
        if (
            cls.evaluate is _EVALUATE
            and cls.evaluate_now is _EVALUATE_NOW
            and cls.explanation is _EXPLANATION
        ):
            # the condition is no part of the check: its decision and the values it read
            # are all that is used, not a check with its text (what its check holds)
            c_status, _, c_read, c_missing, c_review, _, _ = condition._ran(ctx)
        else:
            cond = condition.evaluate(ctx)
            c_status, c_read, c_missing, c_review = (
                cond.status,
                cond.read,
                cond.missing,
                cond.review,
            )
        out.read.update(c_read)
        if c_status in (FAIL, NA):
            out.status = NA
            return out
        inner = self.then.evaluate(ctx)
        out.children = [inner]
        out.read.update(inner.read)
        if c_status in (PASS, WAIVED):
            out.status = inner.status
            out.missing.extend(inner.missing)
            out.review.extend(inner.review)
            out.hints.extend(inner.hints)
            out.detail = inner.detail
        elif inner.status.holds:
            out.status = inner.status  # holds whichever way the condition goes
        else:
            out.status = c_status
            out.missing.extend(c_missing)
            add_new(out.missing, inner.missing)
            out.review.extend(c_review)
        return out

    def describe(self) -> Text:
        c = self.condition.text or self.condition.describe()
        t = self.then.text or self.then.describe()
        return Text(f"如 {c.zh}，则 {t.zh}", f"if {c.en}, then {t.en}")

    def children(self) -> Iterator[Rule]:
        yield self.condition
        yield self.then


#: what a rule class keeps to have its condition's decision read from ``Rule._ran`` (a
#: class of its own evaluating or explaining otherwise is evaluated as it says)
_EVALUATE, _EVALUATE_NOW, _EXPLANATION = Rule.evaluate, Rule.evaluate_now, Rule.explanation
