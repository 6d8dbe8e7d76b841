"""Counts and exact-fraction shares over lists: team members, host units, records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

import attrs

from talentkit.choices import Op, choice
from talentkit.dates import UNLIMITED, Period, shift
from talentkit.facts import MISSING
from talentkit.rules.base import Outcome, Rule
from talentkit.rules.compare import OP_WORDS, _op, _period, _ref_keys, _ref_paths, ref_name
from talentkit.rules.context import Context
from talentkit.rules.outcome import Status
from talentkit.rules.refs import REF, P
from talentkit.text import Text


def _tally(
    ctx: Context, collection: str, where: Rule | None, out: Outcome
) -> tuple[int, int, int] | None:
    """(known true, unknown, total) of ``where`` over the collection; None when absent."""
    items = ctx.fact(collection)
    if items is MISSING:
        out.need(ctx.full(collection))
        return None
    if not isinstance(items, list):
        raise TypeError(f"{collection} is not a list")
    yes = unknown = 0
    for i, item in enumerate(items):
        if where is None:
            yes += 1
            continue
        check = where.evaluate(ctx.at(item, f"{ctx.full(collection)}[{i}]"))
        if check.status in (Status.PASS, Status.WAIVED):
            yes += 1
        elif check.status in (Status.UNKNOWN, Status.REVIEW):
            unknown += 1
            for m in check.missing:
                if m not in out.missing:
                    out.missing.append(m)
    return yes, unknown, len(items)


def _verdict(lo_ok: bool, hi_ok: bool) -> Status:
    if lo_ok and hi_ok:
        return Status.PASS
    if not lo_ok and not hi_ok:
        return Status.FAIL
    return Status.UNKNOWN


def _range_ok(op: str, lo: int, hi: int, test: Any) -> tuple[bool, bool]:
    """Whether ``test(n)`` holds for every / some n in [lo, hi] (monotone or not)."""
    results = [test(n) for n in range(lo, hi + 1)] if hi - lo <= 64 else [test(lo), test(hi)]
    return all(results), any(results)


@attrs.frozen(kw_only=True)
class Count(Rule):
    """How many items of ``collection`` satisfy ``where``: ``Count(…, op=">=", value=7)``.

    Items whose ``where`` is unknown make the count a range; the rule is decided only when
    the whole range agrees, so a missing birth date never counts as "too old".
    """

    collection: str
    where: Rule | None = None
    op: Op = attrs.field(default=">=", validator=choice(Op))
    value: int | P = 1
    label: Text | None = None

    def run(self, ctx: Context) -> Outcome:
        out = Outcome()
        limit, miss = ctx.value(self.value)
        tally = _tally(ctx, self.collection, self.where, out)
        if miss:
            out.need(miss)
        if tally is None or miss:
            out.status = Status.UNKNOWN
            return out
        yes, unknown, total = tally
        op = _op(self.op)
        all_ok, any_ok = _range_ok(self.op, yes, yes + unknown, lambda n: op(n, limit))
        out.status = (
            _verdict(all_ok, any_ok) if unknown else (Status.PASS if all_ok else Status.FAIL)
        )
        if out.status is not Status.UNKNOWN:
            out.missing.clear()
        label = self.label or Text("项", "items")
        out.read[ctx.full(self.collection)] = f"{total} items"
        out.read["counted"] = yes if not unknown else f"{yes}..{yes + unknown}"
        zh, en = OP_WORDS[self.op]
        out.detail = Text(
            f"符合条件的{label.zh} {yes}"
            + (f"（另有 {unknown} 项待定）" if unknown else "")
            + f"，要求{zh} {limit}",
            f"{yes} {label.en}"
            + (f" (+{unknown} undetermined)" if unknown else "")
            + f", required {en} {limit}",
        )
        if out.status is Status.FAIL:
            if self.op in (">=", ">"):
                gap = limit - yes + (1 if self.op == ">" else 0)
                out.hints.append(
                    Text(f"还需增加 {gap} 名/项{label.zh}", f"{gap} more {label.en} needed")
                )
            elif self.op in ("<=", "<"):
                gap = yes - limit + (1 if self.op == "<" else 0)
                out.hints.append(
                    Text(f"须减少 {gap} 名/项{label.zh}", f"{gap} fewer {label.en} needed")
                )
            else:
                out.hints.append(
                    Text(
                        f"{label.zh}数须{zh} {limit}",
                        f"the number of {label.en} must be {en} {limit}",
                    )
                )
        return out

    def describe(self) -> Text:
        zh, en = OP_WORDS[self.op]
        what = self.where.describe() if self.where else Text("", "")
        label = self.label or Text(self.collection, self.collection)
        return Text(
            f"{label.zh}{('（' + what.zh + '）') if self.where else ''}{zh} {ref_name(self.value)}",
            f"{label.en}{(' (' + what.en + ')') if self.where else ''} {en} {ref_name(self.value)}",
        )

    def children(self) -> Iterator[Rule]:
        if self.where:
            yield self.where

    def fact_paths(self) -> Iterator[str]:
        yield self.collection
        for p in super().fact_paths():
            yield f"{self.collection}[].{p}"

    def param_keys(self) -> Iterator[str]:
        yield from _ref_keys(self.value)
        yield from super().param_keys()


@attrs.frozen(kw_only=True)
class Share(Rule):
    """The share of ``among`` items that satisfy ``where``, compared exactly.

    "其中40周岁（含）以下成员不少于三分之一" is
    ``Share(collection="team.members", among=<core member>, where=<age ≤ 40>, op=">=",
    fraction=P("…"))`` and is tested as ``3·young ≥ total`` with integers.
    An empty denominator fails a ``>=`` share (nobody qualifies) and passes ``<=``.
    """

    collection: str
    where: Rule
    among: Rule | None = None
    op: Op = attrs.field(default=">=", validator=choice(Op))
    fraction: Fraction | P = Fraction(1, 2)
    label: Text | None = None

    def run(self, ctx: Context) -> Outcome:
        out = Outcome()
        frac, miss = ctx.value(self.fraction)
        items = ctx.fact(self.collection)
        if miss:
            out.need(miss)
        if items is MISSING:
            out.need(ctx.full(self.collection))
        if out.status is Status.UNKNOWN:
            return out
        frac = Fraction(frac)
        # known members: yes (hit), unknown (hit undetermined), total; members whose
        # membership is undetermined: maybe_hit (hit or unknown hit) and maybe_miss
        yes = unknown = total = maybe_hit = maybe_miss = 0
        for i, item in enumerate(items):
            sub = ctx.at(item, f"{ctx.full(self.collection)}[{i}]")
            member = Status.PASS if self.among is None else self.among.evaluate(sub)
            member_status = member if isinstance(member, Status) else member.status
            if member_status in (Status.FAIL, Status.NA):
                continue
            hit = self.where.evaluate(sub)
            if member_status is not Status.PASS:
                assert not isinstance(member, Status)
                out.missing.extend(m for m in member.missing if m not in out.missing)
                if hit.status is not Status.FAIL:
                    maybe_hit += 1
                if hit.status is not Status.PASS:
                    maybe_miss += 1
                    out.missing.extend(m for m in hit.missing if m not in out.missing)
                continue
            total += 1
            if hit.status is Status.PASS:
                yes += 1
            elif hit.status is not Status.FAIL:
                unknown += 1
                out.missing.extend(m for m in hit.missing if m not in out.missing)
        op = _op(self.op)
        p, q = frac.numerator, frac.denominator

        def holds(k: int, n: int) -> bool:
            if n == 0:  # nobody in the group: an "at least" share is not met
                return self.op in ("<=", "<")
            return bool(op(q * k, p * n))

        # the share is lowest with every undetermined member counted as a miss and highest
        # with every one that may hit counted as a hit and the rest left out
        low = holds(yes, total + maybe_miss)
        high = holds(yes + unknown + maybe_hit, total + maybe_hit)
        if self.op in ("<=", "<"):
            low, high = high, low
        if not (unknown or maybe_hit or maybe_miss):
            out.status = Status.PASS if low else Status.FAIL
        else:
            out.status = _verdict(low, high)
        if out.status is not Status.UNKNOWN:
            out.missing.clear()
        label = self.label or Text("成员", "members")
        zh, en = OP_WORDS[self.op]
        out.read[ctx.full(self.collection)] = f"{total} counted"
        out.read["qualifying"] = yes if not unknown else f"{yes}..{yes + unknown}"
        out.read["share required"] = str(frac)
        out.detail = Text(
            f"{total} 名{label.zh}中符合 {yes}"
            + (f"（另 {unknown} 名待定）" if unknown else "")
            + f"：{q}×{yes} 与 {p}×{total} 比较，要求{zh} {frac}",
            f"{yes} of {total} {label.en}"
            + (f" (+{unknown} undetermined)" if unknown else "")
            + f": {q}×{yes} vs {p}×{total}, required {en} {frac}",
        )
        if out.status is Status.FAIL and total == 0:
            out.hints.append(
                Text(
                    f"当前没有{label.zh}，须至少有符合条件者",
                    f"there are no {label.en}; at least one who qualifies is needed",
                )
            )
        elif out.status is Status.FAIL:
            out.hints.append(self._hint(yes, total, p, q, label))
        return out

    def _hint(self, k: int, n: int, p: int, q: int, label: Text) -> Text:
        what = self.where.describe()
        if self.op in (">=", ">"):
            strict = 1 if self.op == ">" else 0
            # add x qualifying members: q(k+x) >= p(n+x) (+1 if strict)
            need = p * n - q * k + strict
            add = -(-need // (q - p)) if q > p else None
            swap = -(-need // q)
            parts_zh = [f"将 {swap} 名不符合者替换为符合者（{what.zh}）"]
            parts_en = [f"replace {swap} of them with members who meet it ({what.en})"]
            if add is not None:
                parts_zh.insert(0, f"再增加 {add} 名符合条件的{label.zh}")
                parts_en.insert(0, f"add {add} more {label.en} who meet it")
            return Text("，或".join(parts_zh), ", or ".join(parts_en))
        strict = 1 if self.op == "<" else 0
        # add x non-qualifying members: q k <= p(n+x) (-1 if strict)
        need = q * k - p * n + strict
        add = -(-need // p) if p else None
        drop = -(-need // (q - p)) if q > p else None
        zh_parts, en_parts = [], []
        if add is not None:
            zh_parts.append(f"再增加 {add} 名不属于该类的{label.zh}")
            en_parts.append(f"add {add} more {label.en} outside the group ({what.en})")
        if drop is not None:
            zh_parts.append(f"减少 {drop} 名该类{label.zh}")
            en_parts.append(f"have {drop} fewer {label.en} in the group")
        return Text("，或".join(zh_parts), ", or ".join(en_parts))

    def describe(self) -> Text:
        zh, en = OP_WORDS[self.op]
        label = self.label or Text("成员", "members")
        w = self.where.describe()
        f = ref_name(self.fraction) if isinstance(self.fraction, P) else str(self.fraction)
        return Text(
            f"{label.zh}中 {w.zh} 者占比{zh} {f}", f"share of {label.en} with {w.en} {en} {f}"
        )

    def children(self) -> Iterator[Rule]:
        yield self.where
        if self.among:
            yield self.among

    def fact_paths(self) -> Iterator[str]:
        yield self.collection
        for p in super().fact_paths():
            yield f"{self.collection}[].{p}"

    def param_keys(self) -> Iterator[str]:
        yield from _ref_keys(self.fraction)
        yield from super().param_keys()


@attrs.frozen(kw_only=True)
class NoneWithin(Rule):
    """No item of ``collection`` matching ``where`` is dated within ``period`` before ``on``.

    "近三年无…" is ``NoneWithin(collection="person.records", where=<kind in …>,
    date_field="date", period=P(…P3Y))``: the window is ``[on − period, on]``, both ends
    inclusive. Where the text sets no limit, ``period`` is a ``window`` parameter whose
    value may be ``"unlimited"``: then every matching record up to ``on`` counts, and an
    undated one counts too (it cannot be placed outside an unbounded past).
    """

    collection: str
    where: Rule | None = None
    date_field: str = "date"
    period: Period | P = Period(years=3)
    on: str | P = REF
    label: Text | None = None
    leap_day: str | P = "feb28"

    def run(self, ctx: Context) -> Outcome:
        out = Outcome()
        items = ctx.fact(self.collection)
        on, miss_on, label = ctx.date(self.on)
        unlimited = ctx.value(self.period)[0] == UNLIMITED
        period, miss_p = (None, None) if unlimited else _period(ctx, self.period)
        leap, miss_leap = ctx.value(self.leap_day)
        out.read[label] = on
        if items is MISSING:
            out.need(ctx.full(self.collection))
        for m in (miss_on, miss_p, miss_leap):
            if m:
                out.need(m)
        if out.status is Status.UNKNOWN:
            return out
        window_start = dt.date.min if period is None else shift(on, -period, leap)
        hits: list[dt.date] = []
        undetermined = False
        for i, item in enumerate(items):
            sub = ctx.at(item, f"{ctx.full(self.collection)}[{i}]")
            found = None if self.where is None else self.where.evaluate(sub)
            match = Status.PASS if found is None else found.status
            if match in (Status.FAIL, Status.NA):
                continue
            when = sub.fact(self.date_field)
            if when is MISSING and unlimited:
                when = on  # an undated record of an unbounded past is inside the window
            if when is MISSING:
                undetermined = True
                out.missing.append(sub.full(self.date_field))
                continue
            if window_start <= when <= on:
                if match is Status.PASS:
                    hits.append(when)
                else:
                    undetermined = True
                    if found is not None:
                        out.missing.extend(m for m in found.missing if m not in out.missing)
        out.read["window"] = f"..{on}" if unlimited else f"{window_start}..{on}"
        out.read["matches in window"] = [str(h) for h in hits]
        if hits:
            out.status = Status.FAIL
            out.missing.clear()
            if period is not None:
                clears = shift(max(hits), period, leap) + dt.timedelta(days=1)
                out.hints.append(
                    Text(
                        f"最近一条记录 {max(hits)} 于 {clears} 起移出窗口",
                        f"the latest record ({max(hits)}) leaves the window on {clears}",
                    )
                )
        elif undetermined:
            out.status = Status.UNKNOWN
        else:
            out.status = Status.PASS
        out.detail = (
            Text(
                f"截至 {on} 记录 {len(hits)} 条（不限年限）",
                f"{len(hits)} matching records up to {on} (no time limit)",
            )
            if period is None
            else Text(
                f"{window_start} 至 {on} 期间记录 {len(hits)} 条",
                f"{len(hits)} matching records from {window_start} to {on}",
            )
        )
        return out

    def describe(self) -> Text:
        p = self.period.iso() if isinstance(self.period, Period) else str(self.period)
        w = self.where.describe() if self.where else Text("任何记录", "any record")
        return Text(
            f"{self.collection} 在近 {p} 内无 {w.zh}", f"no {w.en} in {self.collection} within {p}"
        )

    def children(self) -> Iterator[Rule]:
        if self.where:
            yield self.where

    def fact_paths(self) -> Iterator[str]:
        yield self.collection
        yield f"{self.collection}[].{self.date_field}"
        for p in super().fact_paths():
            yield f"{self.collection}[].{p}"
        yield from _ref_paths(self.on)

    def param_keys(self) -> Iterator[str]:
        yield from _ref_keys(self.period, self.on, self.leap_day)
        yield from super().param_keys()
