"""Small rule shapes the Yangquan texts need and the core vocabulary lacks.

Both follow the core's three-valued contract: a missing fact or unset parameter gives
``unknown`` with its name, never ``fail``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import attrs
from talentkit import P, Rule, Status, Text
from talentkit.facts import MISSING
from talentkit.rules.base import Outcome
from talentkit.rules.context import Context


@attrs.frozen(kw_only=True)
class NoBarByYear(Rule):
    """No matching record falls in the ``years`` calendar years before the year of ``on``.

    「对考核不合格的取消下一年度科技特派员申报资格」: the bar is counted in calendar years
    (the year after the assessed year), not as a period from a decision date. A record's
    ``date_field`` is any day of the assessed year.
    """

    collection: str
    where: Rule
    date_field: str = "date"
    on: str = "application.call_notice_date"
    years: P

    def run(self, ctx: Context) -> Outcome:
        out = Outcome()
        items = ctx.fact(self.collection)
        on, miss_on, label = ctx.date(self.on)
        n, miss = ctx.value(self.years)
        out.read[label] = on
        if items is MISSING:
            out.need(ctx.full(self.collection))
        for m in (miss_on, miss):
            if m:
                out.need(m)
        if out.status is Status.UNKNOWN:
            return out
        assert isinstance(on, dt.date)
        barred: list[int] = []
        undetermined = False
        for i, item in enumerate(items):
            sub = ctx.at(item, f"{ctx.full(self.collection)}[{i}]")
            match = self.where.evaluate(sub).status
            if match in (Status.FAIL, Status.NA):
                continue
            when = sub.fact(self.date_field)
            if when is MISSING or match is not Status.PASS:
                undetermined = True
                if when is MISSING:
                    out.missing.append(sub.full(self.date_field))
                continue
            if on.year - n <= when.year < on.year:
                barred.append(when.year)
        out.read["barred years"] = [y + 1 for y in barred]
        if barred:
            out.status = Status.FAIL
            out.missing.clear()
            first = max(barred) + n + 1
            out.hints.append(
                Text(
                    f"{max(barred)} 年度考核不合格，最早可申报 {first} 年度",
                    f"graded unqualified for {max(barred)}; the earliest year to apply is {first}",
                )
            )
        elif undetermined:
            out.status = Status.UNKNOWN
        else:
            out.status = Status.PASS
        out.detail = Text(
            f"申报年度 {on.year}；此前 {n} 个年度内不合格记录 {len(barred)} 条",
            f"applying for {on.year}; {len(barred)} unqualified grades in the {n} years before",
        )
        return out

    def describe(self) -> Text:
        return Text(
            f"{self.collection} 在申报年度前 {self.years} 个年度内无不合格记录",
            f"no matching {self.collection} in the {self.years} years before the call",
        )

    def children(self) -> Iterator[Rule]:
        yield self.where

    def fact_paths(self) -> Iterator[str]:
        yield self.collection
        yield f"{self.collection}[].{self.date_field}"
        yield self.on

    def param_keys(self) -> Iterator[str]:
        yield self.years.key


@attrs.frozen(kw_only=True)
class NoticeRuns(Rule):
    """A public notice (公示) ran its full term: it ended no earlier than the last of
    ``days`` working days counted from the publication day (day 1 when a working day)."""

    ends: str
    start: str
    days: P

    def run(self, ctx: Context) -> Outcome:
        out = Outcome()
        ends = ctx.fact(self.ends)
        start = ctx.fact(self.start)
        days, miss = ctx.value(self.days)
        out.read[ctx.full(self.ends)] = ends
        out.read[ctx.full(self.start)] = start
        for value, name in ((ends, ctx.full(self.ends)), (start, ctx.full(self.start))):
            if value is MISSING:
                out.need(name)
        if miss:
            out.need(miss)
        if out.status is Status.UNKNOWN:
            return out
        last = ctx.calendar.add_working_days(start, days, count_start=True)
        out.read["last working day"] = last
        ok = ends >= last
        out.status = Status.PASS if ok else Status.FAIL
        out.detail = Text(
            f"{start} 起 {days} 个工作日截至 {last}；公示结束 {ends}",
            f"{days} working days from {start} end on {last}; notice ended {ends}",
        )
        if not ok:
            out.hints.append(Text(f"公示须持续至 {last}", f"the notice must run until {last}"))
        return out

    def describe(self) -> Text:
        return Text(
            f"公示自 {self.start} 起满 {self.days} 个工作日",
            f"the notice from {self.start} runs {self.days} working days",
        )

    def fact_paths(self) -> Iterator[str]:
        yield self.ends
        yield self.start

    def param_keys(self) -> Iterator[str]:
        yield self.days.key
