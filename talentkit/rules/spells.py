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
#: how the case gave the time (all along since a birth date, since an arrival date, as
#: spells, as a number of days) and the date it names, if any
Basis = tuple[str, Any]
#: what a bound was compared with: the period, and a single spell's start and its
#: anniversary, or no start and the days the period spans
Limit = tuple[Period, "dt.date | None", Any]
#: what :meth:`TimeSpent.decide_into` decides: the spells, the total days, the basis and
#: each bound's name, verdict and limit
Decided = tuple[list[Spell], int, Basis, list[tuple[str, bool, Limit]]]


@attrs.frozen(kw_only=True)
class TimeSpent(Rule):
    """「在省内时间不超过6年」, 「工作不少于1年」: time spent, compared with a period.

    The case may give the time in any of these ways (the first one present is used, in
    this order: ``all_along``, ``since``, ``days``, ``spells``; a total stated in days is
    all the time, where dated spells such as posts held may leave some out):

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
        decided = self.decide_into(ctx, out)
        if decided is None:
            return out
        spells, total, basis, bounds = decided
        failures = []
        for name, ok, limit in bounds:
            if not ok:
                word = ("不足", "short of") if name == "at_least" else ("超过", "over")
                said = _limit_text(*limit)
                failures.append(Text(f"{word[0]} {said}", f"{word[1]} {said}"))
        out.detail = _basis_text(basis, spells, total)
        out.hints.extend(failures)
        return out

    def decide_into(self, ctx: Context, out: Outcome) -> Decided | None:
        """What :meth:`run` decides, into ``out`` (status, missing facts, values read):
        the spells, the total days, how the case gave them and each bound's verdict with
        what it was compared with; None when undetermined. The plan of the rule is this
        alone, without the explanation's texts."""
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
            return None
        time = self._time(ctx, on, out)
        if time is None:
            return None
        spells, total, basis = time
        out.read["time spent"] = f"{total} days"
        out.read["month count"] = months
        checked: list[tuple[str, bool, Limit]] = []
        for name, p in bounds.items():
            limit: Limit
            if months == "calendar" and len(spells) == 1:
                start, end = spells[0]
                anniversary = shift(start, p, leap)
                ok = anniversary <= end if name == "at_least" else end <= anniversary
                limit = (p, start, anniversary)
            else:
                needed = period_days(p, on, months, leap)
                ok = total >= needed if name == "at_least" else total <= needed
                limit = (p, None, needed)
            checked.append((name, ok, limit))
        out.status = PASS if all(ok for _, ok, _ in checked) else FAIL
        return spells, total, basis, checked

    def _time(
        self, ctx: Context, on: dt.date, out: Outcome
    ) -> tuple[list[Spell], int, Basis] | None:
        """The spells, the total days and how the case gave them (for the explanation),
        or None with the missing facts named."""
        along = ctx.fact(self.all_along) if self.all_along else MISSING
        if along is True:
            birth = ctx.fact(self.birth)
            out.read[ctx.full(self.birth)] = birth
            if birth is MISSING:
                out.need(ctx.full(self.birth))
                return None
            return [(birth, on)], (on - birth).days, ("along", birth)
        since = ctx.fact(self.since) if self.since else MISSING
        if since is not MISSING:
            out.read[ctx.full(self.since or "")] = since
            end = max(since, on)
            return [(since, end)], (end - since).days, ("since", since)
        # a total stated in days is all the time, spells or not: dated spells (posts held)
        # may leave out time spent there without one
        days = ctx.fact(self.days) if self.days else MISSING
        if days is not MISSING:
            out.read[ctx.full(self.days or "")] = days
            return [], int(days), ("days", None)
        items = ctx.fact(self.spells) if self.spells else MISSING
        if items is not MISSING:
            return self._from_spells(ctx, items, on, out)
        # nothing given: name every way the case could say it
        for path in (self.all_along if along is MISSING else None, self.since, self.spells):
            if path:
                out.need(ctx.full(path))
        if self.days:
            out.need(ctx.full(self.days))
        return None

    def _from_spells(
        self, ctx: Context, items: Any, on: dt.date, out: Outcome
    ) -> tuple[list[Spell], int, Basis] | None:
        spells: list[Spell] = []
        for i, item in enumerate(items):
            sub = ctx.at(item, f"{ctx.full(self.spells or '')}[{i}]")
            if self.where is not None:
                # (the condition's decision alone: its check is no part of this one)
                status, missing, _ = self.where.decision(sub)
                if status in (FAIL, NA):
                    continue
                if status is not PASS:
                    for m in missing:
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
        return merged, total, ("spells", None)

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


def _limit_text(p: Period, start: dt.date | None, limit: Any) -> str:
    if start is not None:
        return f"{start} + {p.iso()} = {limit}"
    return f"{p.iso()} = {limit} days"


def _basis_text(basis: Basis, spells: list[Spell], total: int) -> Text:
    kind, on = basis
    if kind == "along":
        zh, en = f"一直在此（自出生 {on} 起）", f"there all along (since birth, {on})"
    elif kind == "since":
        zh, en = f"自 {on} 起", f"since {on}"
    elif kind == "spells":
        listed = "、".join(f"{s}–{e}" for s, e in spells)
        zh, en = f"时段 {listed or '无'}", f"spells {listed or 'none'}"
    else:
        zh, en = "按日数", "as a number of days"
    return Text(f"{zh}，共 {total} 日", f"{en}: {total} days")
