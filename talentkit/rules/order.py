"""The order of applications where a text limits how many may stand at once.

「不可同时申报」 or 「一户企业只能申报一名」 limits applications per person or per employer. Which
of several applications stands is a question of order, not of their number: read as
*first come*, the application made while another is already pending is the one that makes
them simultaneous, and only it fails; read as *all rejected*, every application in
conflict fails. The reading is an operator parameter of type ``application_order`` with
the text's citation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import attrs

from talentkit.choices import ApplicationOrder, allowed, choice
from talentkit.facts import MISSING
from talentkit.rules.base import Outcome, Rule
from talentkit.rules.compare import _ref_keys, ref_name
from talentkit.rules.context import Context
from talentkit.rules.outcome import FAIL, NA, PASS, REVIEW, UNKNOWN, WAIVED
from talentkit.rules.refs import P
from talentkit.text import Text

APPLICATION_ORDERS = allowed(ApplicationOrder)


#: why another application submitted the same day leaves the outcome to the office
SAME_DAY = Text(
    "同日提交的申报先后无法按日期判定，由受理机关决定哪一项有效",
    "applications submitted the same day cannot be ordered by date; the receiving office "
    "decides which stands",
)


@attrs.frozen
class _Others:
    """Other applications in conflict, by when they were submitted."""

    earlier: int = 0
    same_day: int = 0
    later: int = 0
    open: int = 0  # conflict or date not known


@attrs.frozen(kw_only=True)
class ApplicationLimit(Rule):
    """At most ``limit`` applications (this one included) may stand at once; the others
    are the items of ``collection`` satisfying ``where``.

    ``order`` decides which stand (a parameter of type ``application_order``):

    * ``first_come``: in the order submitted; this application stands when fewer than
      ``limit`` others were submitted before it (``submitted``: this application's date;
      ``item_date``: the field of each other's). Another submitted the same day cannot be
      ordered by date: which stands is then for the office to decide (review).
    * ``all_rejected``: every application in conflict fails; this one fails when
      ``limit`` or more others exist, whenever submitted.
    """

    collection: str
    where: Rule | None = None
    limit: int | P = 1
    order: ApplicationOrder | P = attrs.field(
        default="first_come", validator=choice(ApplicationOrder, also=(P,))
    )
    submitted: str = "application.submitted_on"
    item_date: str = "date"
    label: Text | None = None

    def run(self, ctx: Context) -> Outcome:
        out = Outcome()
        limit, miss_limit = ctx.value(self.limit)
        order, miss_order = ctx.value(self.order)
        for miss in (miss_limit, miss_order):
            if miss:
                out.need(miss)
        if not miss_order and order not in APPLICATION_ORDERS:
            raise ValueError(
                f"{self.order} = {order!r}: expected one of {', '.join(APPLICATION_ORDERS)}"
            )
        items = ctx.fact(self.collection)
        if items is MISSING:
            out.need(ctx.full(self.collection))
            return out
        if not isinstance(items, list):
            raise TypeError(f"{self.collection} is not a list")
        own: Any = None
        if order == "first_come":
            own = ctx.fact(self.submitted)
        others = self._others(ctx, items, own if isinstance(own, dt.date) else None, out)
        conflicts = others.earlier + others.same_day + others.later
        out.read[ctx.full(self.collection)] = f"{len(items)} items"
        out.read["in conflict"] = conflicts if not others.open else f"{conflicts}+{others.open}"
        if out.status is UNKNOWN and (miss_limit or miss_order):
            return out
        label = self.label or Text("其他申报", "other applications")
        if order == "all_rejected":
            return self._all_rejected(out, conflicts, others.open, limit, label)
        if (conflicts or others.open) and not isinstance(own, dt.date):
            out.need(ctx.full(self.submitted))
            return out
        out.read[ctx.full(self.submitted)] = own
        return self._first_come(out, others, limit, label)

    def _others(self, ctx: Context, items: list[Any], own: dt.date | None, out: Outcome) -> _Others:
        earlier = same_day = later = open_ = 0
        for i, item in enumerate(items):
            sub = ctx.at(item, f"{ctx.full(self.collection)}[{i}]")
            if self.where is not None:
                check = self.where.evaluate(sub)
                if check.status in (FAIL, NA):
                    continue
                if check.status not in (PASS, WAIVED):
                    open_ += 1
                    for m in check.missing:
                        out.need(m)
                    continue
            if own is None:
                later += 1  # order not asked (all rejected) or own date missing
                continue
            when = sub.fact(self.item_date)
            if not isinstance(when, dt.date):
                open_ += 1
                out.need(sub.full(self.item_date))
            elif when < own:
                earlier += 1
            elif when == own:
                same_day += 1
            else:
                later += 1
        return _Others(earlier, same_day, later, open_)

    @staticmethod
    def _all_rejected(out: Outcome, yes: int, open_: int, limit: int, label: Text) -> Outcome:
        out.detail = Text(
            f"{label.zh} {yes} 项，均计为冲突（全部不予受理），限 {limit} 项（含本次）",
            f"{yes} {label.en}, every one a conflict (all rejected); at most {limit} "
            "including this one",
        )
        if yes + 1 > limit:
            out.status = FAIL
            out.missing.clear()
            out.hints.append(
                Text(
                    "其他申报撤回或结束后方可申报",
                    "the other applications must be withdrawn or decided first",
                )
            )
        elif yes + open_ + 1 > limit:
            out.status = UNKNOWN
        else:
            out.status = PASS
            out.missing.clear()
        return out

    @staticmethod
    def _first_come(out: Outcome, n: _Others, limit: int, label: Text) -> Outcome:
        out.detail = Text(
            f"在先提交的{label.zh} {n.earlier} 项、同日 {n.same_day} 项、在后 {n.later} 项；"
            f"按提交先后，限 {limit} 项（含本次）",
            f"{n.earlier} {label.en} submitted earlier, {n.same_day} the same day, "
            f"{n.later} later; first come, at most {limit} including this one",
        )
        if n.earlier + 1 > limit:
            out.status = FAIL
            out.missing.clear()
            out.hints.append(
                Text(
                    "在先提交的申报撤回或结束后方可申报",
                    "an application submitted earlier must be withdrawn or decided first",
                )
            )
        elif n.earlier + n.open + 1 > limit:
            out.status = UNKNOWN
        elif n.earlier + n.same_day + 1 > limit:
            out.status = REVIEW
            out.missing.clear()
            out.review.append(SAME_DAY)
        else:
            out.status = PASS
            out.missing.clear()
        return out

    def describe(self) -> Text:
        label = self.label or Text("其他申报", "other applications")
        return Text(
            f"同时有效的申报不超过 {ref_name(self.limit)} 项（{label.zh}；{ref_name(self.order)}）",
            f"at most {ref_name(self.limit)} applications stand at once ({label.en}; "
            f"{ref_name(self.order)})",
        )

    def children(self) -> Iterator[Rule]:
        if self.where:
            yield self.where

    def fact_paths(self) -> Iterator[str]:
        yield self.collection
        yield f"{self.collection}[].{self.item_date}"
        yield self.submitted
        for p in super().fact_paths():
            yield f"{self.collection}[].{p}"

    def param_keys(self) -> Iterator[str]:
        yield from _ref_keys(self.limit, self.order)
        yield from super().param_keys()


__all__ = ["APPLICATION_ORDERS", "ApplicationLimit", "ApplicationOrder"]
