"""Time spent somewhere: a stay, a presence or a period of work, however the case gives it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import attrs

from talentkit.dates import MONTH_COUNTS, Period, period_days, shift
from talentkit.facts import MISSING
from talentkit.rules.base import Outcome, Rule
from talentkit.rules.compare import _period, _ref_keys, _ref_paths
from talentkit.rules.context import Context
from talentkit.rules.outcome import FAIL, NA, PASS, UNKNOWN
from talentkit.rules.refs import REF, P
from talentkit.text import Text

Spell = tuple[dt.date, dt.date]


@attrs.frozen(kw_only=True)
class TimeSpent(Rule):
    """「在省内时间不超过6年」, 「工作不少于1年」: time spent, compared with a period.

    The case may give the time in any of these ways (the first one present is used):

    :param all_along: path of a flag "has been there all along" (lived in the province all
        along, never worked outside it): the time runs from ``birth`` to ``on`` and no
        arrival date is asked for.
    :param since: path of the date the current stay began (an arrival date).
    :param spells: path of a list of dated spells (``start``, ``end``; no ``end`` = still
        there), filtered by ``where`` (``person.positions`` with ``province = 陕西省``).
        Overlapping spells count once; time after ``on`` does not count.
    :param days: path of a number of days.
    :param months: ``calendar`` (a single dated spell is compared by its anniversary, a
        total of days with the days the period spans back from ``on``) or ``days30``
        (a month is 30 days, a year 365 days); usually a parameter.
    """

    all_along: str | None = None
    birth: str = "person.birth_date"
    since: str | None = None
    spells: str | None = None
    where: Rule | None = None
    start_field: str = "start"
    end_field: str = "end"
    days: str | None = None
    on: str | P = REF
    at_least: Period | P | None = None
    at_most: Period | P | None = None
    months: str | P = "calendar"
    leap_day: str | P = "feb28"

    def run(self, ctx: Context) -> Outcome:
        out = Outcome()
        on, miss_on, label = ctx.date(self.on)
        out.read[label] = on
        months, miss_months = ctx.value(self.months)
        leap, miss_leap = ctx.value(self.leap_day)
        bounds: dict[str, Period] = {}
        for name in ("at_least", "at_most"):
            p, miss = _period(ctx, getattr(self, name))
            if miss:
                out.need(miss)
            if p is not None:
                bounds[name] = p
        for m in (miss_on, miss_months, miss_leap):
            if m:
                out.need(m)
        if months is not MISSING and months not in MONTH_COUNTS:
            raise ValueError(f"unknown month count {months!r}; expected one of {MONTH_COUNTS}")
        if out.status is UNKNOWN:
            return out
        time = self._time(ctx, on, out)
        if time is None:
            return out
        spells, total, basis = time
        out.read["time spent"] = f"{total} days"
        out.read["month count"] = months
        failures = []
        for name, p in bounds.items():
            if months == "calendar" and len(spells) == 1:
                start, end = spells[0]
                anniversary = shift(start, p, leap)
                ok = anniversary <= end if name == "at_least" else end <= anniversary
                limit = f"{start} + {p.iso()} = {anniversary}"
            else:
                needed = period_days(p, on, months, leap)
                ok = total >= needed if name == "at_least" else total <= needed
                limit = f"{p.iso()} = {needed} days"
            if not ok:
                word = ("不足", "short of") if name == "at_least" else ("超过", "over")
                failures.append(Text(f"{word[0]} {limit}", f"{word[1]} {limit}"))
        out.status = FAIL if failures else PASS
        out.detail = Text(f"{basis.zh}，共 {total} 日", f"{basis.en}: {total} days")
        out.hints.extend(failures)
        return out

    def _time(
        self, ctx: Context, on: dt.date, out: Outcome
    ) -> tuple[list[Spell], int, Text] | None:
        """The spells and the total days, or None with the missing facts named."""
        along = ctx.fact(self.all_along) if self.all_along else MISSING
        if along is True:
            birth = ctx.fact(self.birth)
            out.read[ctx.full(self.birth)] = birth
            if birth is MISSING:
                out.need(ctx.full(self.birth))
                return None
            return (
                [(birth, on)],
                (on - birth).days,
                Text(f"一直在此（自出生 {birth} 起）", f"there all along (since birth, {birth})"),
            )
        since = ctx.fact(self.since) if self.since else MISSING
        if since is not MISSING:
            out.read[ctx.full(self.since or "")] = since
            end = max(since, on)
            return [(since, end)], (end - since).days, Text(f"自 {since} 起", f"since {since}")
        items = ctx.fact(self.spells) if self.spells else MISSING
        if items is not MISSING:
            return self._from_spells(ctx, items, on, out)
        days = ctx.fact(self.days) if self.days else MISSING
        if days is not MISSING:
            out.read[ctx.full(self.days or "")] = days
            return [], int(days), Text("按日数", "as a number of days")
        # nothing given: name every way the case could say it
        for path in (self.all_along if along is MISSING else None, self.since, self.spells):
            if path:
                out.need(ctx.full(path))
        if self.days:
            out.need(ctx.full(self.days))
        return None

    def _from_spells(
        self, ctx: Context, items: Any, on: dt.date, out: Outcome
    ) -> tuple[list[Spell], int, Text] | None:
        spells: list[Spell] = []
        for i, item in enumerate(items):
            sub = ctx.at(item, f"{ctx.full(self.spells or '')}[{i}]")
            if self.where is not None:
                match = self.where.evaluate(sub)
                if match.status in (FAIL, NA):
                    continue
                if match.status is not PASS:
                    for m in match.missing:
                        out.need(m)
                    continue
            start, end = sub.fact(self.start_field), sub.fact(self.end_field)
            if start is MISSING:
                out.need(sub.full(self.start_field))
                continue
            end = on if end is MISSING or end is None or end > on else end
            if start <= end:
                spells.append((start, end))
        if out.status is UNKNOWN:
            return None
        merged: list[Spell] = []
        for start, end in sorted(spells):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        total = sum((e - s).days for s, e in merged)
        listed = "、".join(f"{s}–{e}" for s, e in merged) or "无"
        return merged, total, Text(f"时段 {listed}", f"spells {listed or 'none'}")

    def describe(self) -> Text:
        zh, en = [], []
        for name, z, e in (("at_least", "不少于", "at least"), ("at_most", "不超过", "at most")):
            v = getattr(self, name)
            if v is not None:
                txt = v.iso() if isinstance(v, Period) else str(v)
                zh.append(f"{z} {txt}")
                en.append(f"{e} {txt}")
        return Text(f"所经历时间{'、'.join(zh)}", f"time spent {', '.join(en)}")

    def children(self) -> Iterator[Rule]:
        if self.where is not None:
            yield self.where

    def fact_paths(self) -> Iterator[str]:
        for path in (self.all_along, self.since, self.spells, self.days):
            if path:
                yield path
        if self.all_along:
            yield self.birth
        if self.spells:
            yield f"{self.spells}[].{self.start_field}"
            yield f"{self.spells}[].{self.end_field}"
            if self.where is not None:
                for p in self.where.fact_paths():
                    yield f"{self.spells}[].{p}"
        yield from _ref_paths(self.on)

    def param_keys(self) -> Iterator[str]:
        yield from _ref_keys(self.on, self.at_least, self.at_most, self.months, self.leap_day)
        if self.where is not None:
            yield from self.where.param_keys()
