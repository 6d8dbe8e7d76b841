"""Comparisons on single facts: thresholds, booleans, enumerations, dates."""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Iterator, Sequence
from fractions import Fraction
from typing import Any

import attrs

from talentkit.choices import MatchMode, Op, WorkdayOp, choice
from talentkit.dates import Period, shift
from talentkit.facts import MISSING
from talentkit.money import Money
from talentkit.rules.base import READS_NO_RULE, Outcome, Rule, fmt
from talentkit.rules.context import Context
from talentkit.rules.outcome import FAIL, PASS, UNKNOWN
from talentkit.rules.refs import AS_OF, REF, F, P
from talentkit.slotinit import through_slots
from talentkit.text import Text

OPS: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
    "==": operator.eq,
    "!=": operator.ne,
}
OP_WORDS: dict[str, tuple[str, str]] = {
    ">=": ("不少于", "at least"),
    "<=": ("不超过", "at most"),
    ">": ("超过", "more than"),
    "<": ("少于", "less than"),
    "==": ("为", "equal to"),
    "!=": ("不为", "not equal to"),
}


def _op(op: str) -> Callable[[Any, Any], bool]:
    try:
        return OPS[op]
    except KeyError:
        raise ValueError(f"unknown operator {op!r}; expected one of {', '.join(OPS)}") from None


def ref_name(ref: Any) -> str:
    return str(ref) if isinstance(ref, (P, F)) else fmt(ref)


def _ref_keys(*refs: Any) -> Iterator[str]:
    for r in refs:
        if isinstance(r, P):
            yield r.key


def _ref_paths(*refs: Any) -> Iterator[str]:
    for r in refs:
        if isinstance(r, F):
            yield r.path
        elif isinstance(r, str) and r not in (REF, AS_OF):
            yield r


@through_slots
@attrs.frozen(kw_only=True)
class Compare(Rule):
    """``fact op value``: ``Compare(fact="team.facts.area_m2", op=">=", value=P("…"))``.

    ``value`` is a literal, a parameter :class:`P` or another fact :class:`F`.
    Numbers compare exactly (ints and :class:`~fractions.Fraction`).
    """

    fact: str
    op: Op = attrs.field(default="==", validator=choice(Op))
    value: Any = True

    def run(self, ctx: Context) -> Outcome:
        out = Outcome()
        got = ctx.fact(self.fact)
        want, miss = ctx.value(self.value)
        path = ctx.full(self.fact)
        out.read[path] = got
        if isinstance(self.value, P):
            out.read[str(self.value)] = want
        elif isinstance(self.value, F):  # named as the fact compared with is
            out.read[ctx.full(self.value.path)] = want
        if got is MISSING:
            out.need(path)
        if miss:
            out.need(miss)
        if out.status is UNKNOWN:
            return out
        ok = _op(self.op)(got, want)
        out.status = PASS if ok else FAIL
        zh, en = OP_WORDS[self.op]
        g, w = ctx.shown(path, got), ctx.shown(path, want)
        out.detail = Text(
            f"{path} = {g.zh}（要求{zh} {w.zh}）", f"{path} = {g.en} (required: {en} {w.en})"
        )
        if not ok:
            out.hints.append(self._hint(path, got, want, w))
        return out

    def _hint(self, path: str, got: Any, want: Any, shown: Text) -> Text:
        zh, en = OP_WORDS[self.op]
        strict = self.op in (">", "<")
        gap: Any = None
        if isinstance(got, Money) and isinstance(want, Money) and self.op not in ("==", "!="):
            # the smallest step of money is the fen
            gap = Money(abs(want.fen - got.fen) + (1 if strict else 0))
        elif (
            isinstance(got, (int, Fraction))
            and not isinstance(got, bool)
            and self.op in (">=", ">", "<=", "<")
        ):
            gap = abs(want - got) + (1 if strict and isinstance(got, int) else 0)
        if gap is not None:
            more = self.op in (">=", ">")
            return Text(
                f"{path} 需{'增加' if more else '减少'} {fmt(gap)}（{zh} {fmt(want)}）",
                f"{path} must {'rise' if more else 'fall'} by {fmt(gap)} ({en} {fmt(want)})",
            )
        return Text(f"{path} 须{zh} {shown.zh}", f"{path} must be {en} {shown.en}")

    def describe(self) -> Text:
        zh, en = OP_WORDS[self.op]
        v = ref_name(self.value)
        return Text(f"{self.fact} {zh} {v}", f"{self.fact} {en} {v}")

    def fact_paths(self) -> Iterator[str]:
        yield self.fact
        if isinstance(self.value, F):  # a string value is a literal, not a fact
            yield self.value.path

    def param_keys(self) -> Iterator[str]:
        yield from _ref_keys(self.value)


@through_slots
@attrs.frozen(kw_only=True)
class OneOf(Rule):
    """The fact's value is in an enumeration (literal tuple or a ``list`` parameter).

    When the fact is itself a list, it passes if any element is in the set
    (``mode="any"``) or all are (``mode="all"``). ``mode="prefix"`` tests that a code
    starts with one of the values: a GB/T 2260 area code ``140302`` lies in ``1403``
    (阳泉市 and every district and county in it).
    """

    fact: str
    values: Sequence[str] | P = ()
    mode: MatchMode = attrs.field(default="any", validator=choice(MatchMode))

    def run(self, ctx: Context) -> Outcome:
        out = Outcome()
        got = ctx.fact(self.fact)
        allowed, miss = ctx.value(self.values)
        path = ctx.full(self.fact)
        out.read[path] = got
        if got is MISSING:
            out.need(path)
        if miss:
            out.need(miss)
        if out.status is UNKNOWN:
            return out
        allowed_set = set(allowed)
        if self.mode == "prefix":
            ok = any(str(got).startswith(str(a)) for a in allowed)
        elif isinstance(got, (list, tuple)):
            hits = [g for g in got if g in allowed_set]
            ok = bool(hits) if self.mode == "any" else len(hits) == len(got) and bool(got)
        else:
            ok = got in allowed_set
        out.status = PASS if ok else FAIL
        shown = ctx.shown(path, got)
        if self.mode == "prefix":  # codes of an area, not values of the fact's set
            names = ", ".join(str(a) for a in allowed)
            listed = Text(names, names)
        else:
            listed = ctx.shown(path, [str(a) for a in allowed])
        out.detail = Text(
            f"{path} = {shown.zh}；允许：{listed.zh}", f"{path} = {shown.en}; allowed: {listed.en}"
        )
        if not ok and self.mode == "prefix":
            out.hints.append(
                Text(
                    f"{path} 须以下列之一开头：{listed.zh}",
                    f"{path} must start with one of: {listed.en}",
                )
            )
        elif not ok:
            out.hints.append(
                Text(f"{path} 须为以下之一：{listed.zh}", f"{path} must be one of: {listed.en}")
            )
        return out

    def describe(self) -> Text:
        v = ref_name(self.values) if isinstance(self.values, P) else ", ".join(self.values)
        return Text(f"{self.fact} 属于 {{{v}}}", f"{self.fact} is one of {{{v}}}")

    def fact_paths(self) -> Iterator[str]:
        yield self.fact

    def param_keys(self) -> Iterator[str]:
        yield from _ref_keys(self.values)


def _period(ctx: Context, ref: Period | P | None) -> tuple[Period | None, str | None]:
    if ref is None:
        return None, None
    value, miss = ctx.value(ref)
    if miss:
        return None, miss
    if isinstance(value, int):  # a bare number of years, as some parameter files give it
        value = Period(years=value)
    if not isinstance(value, Period):
        raise TypeError(f"{ref} is not a period")
    return value, None


@attrs.frozen(kw_only=True)
class DateCompare(Rule):
    """``fact op (other shifted by offset)``.

    "Request the extension at least 1 month before the deadline" is
    ``DateCompare(fact="…requested_on", op="<=", other="…deadline", offset=P(…"-P1M"))``.
    ``other`` is a fact path, a parameter, ``"ref"`` or ``"as_of"``.
    """

    fact: str
    op: Op = attrs.field(default="<=", validator=choice(Op))
    other: str | P = AS_OF
    offset: Period | P | None = None

    def run(self, ctx: Context) -> Outcome:
        out = Outcome()
        got = ctx.fact(self.fact)
        base, miss, label = ctx.date(self.other)
        offset, miss2 = _period(ctx, self.offset)
        out.read[ctx.full(self.fact)] = got
        out.read[label] = base
        if got is MISSING:
            out.need(ctx.full(self.fact))
        for m in (miss, miss2):
            if m:
                out.need(m)
        if out.status is UNKNOWN:
            return out
        bound = shift(base, offset) if offset else base
        ok = _op(self.op)(got, bound)
        out.status = PASS if ok else FAIL
        zh, en = OP_WORDS[self.op]
        out.detail = Text(
            f"{ctx.full(self.fact)} = {got}，须{zh} {bound}",
            f"{ctx.full(self.fact)} = {got}, must be {en} {bound}",
        )
        if not ok:
            word = {
                "<=": ("不晚于", "on or before"),
                "<": ("早于", "before"),
                ">=": ("不早于", "on or after"),
                ">": ("晚于", "after"),
            }.get(self.op, OP_WORDS[self.op])
            out.hints.append(
                Text(
                    f"{ctx.full(self.fact)} 须{word[0]} {bound}",
                    f"{ctx.full(self.fact)} must be {word[1]} {bound}",
                )
            )
        return out

    def describe(self) -> Text:
        zh, en = OP_WORDS[self.op]
        off = ""
        if isinstance(self.offset, Period):
            off = f" {'+' if self.offset.iso()[0] != '-' else ''}{self.offset.iso()}"
        elif isinstance(self.offset, P):
            off = f" + {self.offset}"
        other = ref_name(self.other) if isinstance(self.other, P) else self.other
        return Text(f"{self.fact} {zh} {other}{off}", f"{self.fact} {en} {other}{off}")

    def fact_paths(self) -> Iterator[str]:
        yield self.fact
        yield from _ref_paths(self.other)

    def param_keys(self) -> Iterator[str]:
        yield from _ref_keys(self.other, self.offset)


@attrs.frozen(kw_only=True)
class WorkdaysWithin(Rule):
    """``fact`` is measured against the last of ``days`` working days counted from ``start``
    on China's official calendar.

    ``op="<="`` (the default): ``fact`` falls *within* the period (a response deadline).
    ``op=">="``: ``fact`` is no earlier than the period's last day, so the period ran its
    *full* term ("公示期不少于N个工作日": the notice ended on or after that day).

    :param count_start: the start day is day 1 if it is a working day (a public notice);
        otherwise counting begins the next day (a response period).
    """

    fact: str
    start: str | P
    days: int | P
    count_start: bool = False
    op: WorkdayOp = attrs.field(default="<=", validator=choice(WorkdayOp))

    def run(self, ctx: Context) -> Outcome:
        out = Outcome()
        got = ctx.fact(self.fact)
        start, miss, label = ctx.date(self.start)
        days, miss2 = ctx.value(self.days)
        out.read[ctx.full(self.fact)] = got
        out.read[label] = start
        if got is MISSING:
            out.need(ctx.full(self.fact))
        for m in (miss, miss2):
            if m:
                out.need(m)
        if out.status is UNKNOWN:
            return out
        last = ctx.calendar.add_working_days(start, days, count_start=self.count_start)
        out.read["last working day"] = last
        ok = got <= last if self.op == "<=" else got >= last
        out.status = PASS if ok else FAIL
        out.detail = Text(
            f"{start} 起 {days} 个工作日截至 {last}；实际 {got}",
            f"{days} working days from {start} end on {last}; actual {got}",
        )
        if not ok and self.op == "<=":
            out.hints.append(Text(f"须不晚于 {last}", f"must be on or before {last}"))
        elif not ok:
            out.hints.append(Text(f"须持续至 {last}（含）", f"must run until {last} (inclusive)"))
        return out

    def describe(self) -> Text:
        d = ref_name(self.days)
        if self.op == ">=":
            return Text(
                f"{self.fact} 不早于 {self.start} 起第 {d} 个工作日（满 {d} 个工作日）",
                f"{self.fact} no earlier than the last of {d} working days from {self.start}",
            )
        return Text(
            f"{self.fact} 在 {self.start} 起 {d} 个工作日内",
            f"{self.fact} within {d} working days of {self.start}",
        )

    def fact_paths(self) -> Iterator[str]:
        yield self.fact
        yield from _ref_paths(self.start)

    def param_keys(self) -> Iterator[str]:
        yield from _ref_keys(self.start, self.days)


def as_date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    raise TypeError(f"expected a date, got {value!r}")


@attrs.frozen(kw_only=True)
class ParamIs(Rule):
    """A parameter has a given value: an operator's switch for an optional guard or a
    reading of an ambiguous clause (``When(condition=ParamIs(key="…guard"), then=…)``).

    An unset parameter makes the rule unknown and names it.
    """

    key: str
    value: Any = True

    def run(self, ctx: Context) -> Outcome:
        out = Outcome()
        got = ctx.param(self.key)
        out.read[f"param:{self.key}"] = got
        if got is MISSING:
            out.need(f"param:{self.key}")
            return out
        out.status = PASS if got == self.value else FAIL
        return out

    def describe(self) -> Text:
        return Text(
            f"参数 {self.key} 为 {fmt(self.value)}", f"parameter {self.key} is {fmt(self.value)}"
        )

    def param_keys(self) -> Iterator[str]:
        yield self.key


READS_NO_RULE.update((Compare, OneOf, DateCompare, WorkdaysWithin, ParamIs))
