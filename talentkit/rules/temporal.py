"""Ages, durations and anniversaries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import attrs

from talentkit.choices import choice
from talentkit.dates import (
    AgeMethod,
    Period,
    age_at_most,
    completed_years,
    earliest_birth_within,
    earliest_start_within,
    latest_birth_reaching,
    latest_start_reaching,
    shift,
)
from talentkit.facts import MISSING
from talentkit.rules.base import Outcome, Rule
from talentkit.rules.compare import _period, _ref_keys, _ref_paths, ref_name
from talentkit.rules.context import Context
from talentkit.rules.outcome import FAIL, PASS, UNKNOWN
from talentkit.rules.refs import REF, P
from talentkit.text import Text


def _sibling(path: str, name: str) -> str:
    head, _, _ = path.rpartition(".")
    return f"{head}.{name}" if head else name


def _conventions(
    ctx: Context, attained: str | P, leap_day: str | P
) -> tuple[dict[str, str], tuple[str | None, ...]]:
    """The age and 29 February conventions in force, and the parameters still unset."""
    a, miss_a = ctx.value(attained)
    leap, miss_leap = ctx.value(leap_day)
    return {"age attained": a, "leap day": leap}, (miss_a, miss_leap)


def _zh_date(day: dt.date, unit: str) -> str:
    if unit == "year":
        return f"{day.year}年"
    if unit == "month":
        return f"{day.year}年{day.month}月"
    return f"{day.year}年{day.month}月{day.day}日"


def _birth_test(method: str, earliest: dt.date, limit: int, ref: dt.date) -> Text:
    """The birth-date test an age limit comes to under ``method`` ("须1976年3月（含）以后出生")."""
    unit = {"cutoff_month": "month", "calendar_year": "year"}.get(method, "day")
    basis = {
        "completed_years": (
            f"{ref} 时已满周岁不超过 {limit}",
            f"at most {limit} completed years on {ref}",
        ),
        "cutoff_day": (
            f"以 {ref} 前推 {limit} 年为界",
            f"the cutoff is {ref} less {limit} years",
        ),
        "cutoff_month": (
            f"以 {_zh_date(ref, 'month')} 前推 {limit} 年的出生年月为界",
            f"the cutoff is the birth month {limit} years before {ref:%Y-%m}",
        ),
        "calendar_year": (
            f"{ref.year} 年度年龄不超过 {limit} 周岁",
            f"at most {limit} in the calendar year {ref.year}",
        ),
    }.get(method, (method, method))
    en_when = {
        "month": f"in {earliest:%Y-%m} or later, i.e. born on or after {earliest}",
        "year": f"in {earliest.year} or later, i.e. born on or after {earliest}",
    }.get(unit, f"on or after {earliest}")
    return Text(
        f"须{_zh_date(earliest, unit)}（含）以后出生（{basis[0]}）",
        f"must be born {en_when} ({basis[1]})",
    )


def _limit_test(limit: int, ref: dt.date, method: Any, attained: Any, leap: Any) -> Text:
    """The birth-date test an age limit comes to (:func:`_birth_test`): it depends on the
    limit, the date and the conventions alone, the same for every case of one date and
    parameter set, so worked out once for each (an explanation reads it for every case).
    Only values of exactly these types are kept: equal ones are written alike (``1`` and
    ``True`` are equal keys, but not written alike)."""
    values = (limit, ref, method, attained, leap)
    if tuple(map(type, values)) != _KEPT_TYPES:
        return _birth_test(
            method, earliest_birth_within(limit, ref, method, attained, leap), limit, ref
        )
    test = _LIMIT_TESTS.get(values)
    if test is None:
        test = _birth_test(
            method, earliest_birth_within(limit, ref, method, attained, leap), limit, ref
        )
        if len(_LIMIT_TESTS) >= 4096:  # many dates in a long run: started afresh
            _LIMIT_TESTS.clear()
        _LIMIT_TESTS[values] = test
    return test


_KEPT_TYPES = (int, dt.date, str, str, str)
#: the birth-date test of an age limit by limit, date and conventions
_LIMIT_TESTS: dict[tuple[Any, ...], Text] = {}


@attrs.frozen(kw_only=True)
class AgeAtMost(Rule):
    """ "不超过N周岁" / "N周岁（含）以下" on a reference date.

    :param birth: path of the birth date (``person.birth_date``, or ``birth_date`` inside
        a member predicate)
    :param years: the limit N
    :param on: the reference date source (``"ref"`` = the programme's reference date)
    :param method: ``completed_years`` | ``cutoff_day`` | ``cutoff_month`` |
        ``calendar_year``, usually a parameter so the operator can switch conventions
    :param female_extra: years added to the limit for women ("女性可放宽2岁"), if any
    :param gender: path of the gender; defaults to ``gender`` beside ``birth``
    :param attained: the day an age is attained, ``birthday`` or ``day_after``
        (``completed_years`` only; a cutoff method decides by the birth date alone)
    :param leap_day: anniversaries of 29 February in common years, ``feb28`` or ``mar1``
    """

    birth: str = "person.birth_date"
    years: int | P = 0
    on: str | P = REF
    method: AgeMethod | P = attrs.field(
        default="completed_years", validator=choice(AgeMethod, also=(P,))
    )
    female_extra: int | P | None = None
    gender: str | None = None
    attained: str | P = "birthday"
    leap_day: str | P = "feb28"

    def run(self, ctx: Context) -> Outcome:
        out = Outcome()
        birth = ctx.fact(self.birth)
        ref, miss_ref, label = ctx.date(self.on)
        limit, miss_limit = ctx.value(self.years)
        method, miss_method = ctx.value(self.method)
        conv, miss_conv = _conventions(ctx, self.attained, self.leap_day)
        out.read[ctx.full(self.birth)] = birth
        out.read[label] = ref
        out.read["age method"] = method
        out.read.update(conv)
        if birth is MISSING:
            out.need(ctx.full(self.birth))
        for m in (miss_ref, miss_limit, miss_method, *miss_conv):
            if m:
                out.need(m)
        if out.status is UNKNOWN:
            return out
        assert isinstance(ref, dt.date)
        assert isinstance(birth, dt.date)
        attained, leap = conv["age attained"], conv["leap day"]

        def within(n: int) -> bool:
            return age_at_most(birth, n, ref, method, attained, leap)

        extra = 0
        female = None
        if self.female_extra is not None:
            extra_v, miss_extra = ctx.value(self.female_extra)
            gpath = self.gender or _sibling(self.birth, "gender")
            gender = ctx.fact(gpath)
            out.read[ctx.full(gpath)] = gender
            if within(limit):
                extra = 0
            elif miss_extra:
                out.need(miss_extra)
                return out
            elif gender is MISSING:
                if within(limit + extra_v):
                    out.need(ctx.full(gpath))
                    out.detail = Text(
                        "是否适用女性放宽取决于性别",
                        "whether the allowance for women applies depends on gender",
                    )
                    return out
            else:
                female = gender == "female"
                extra = extra_v if female else 0
        effective = limit + extra
        ok = within(effective)
        out.status = PASS if ok else FAIL
        test = _limit_test(effective, ref, method, attained, leap)
        if method == "completed_years":
            age = completed_years(birth, ref, attained, leap)
            out.detail = Text(
                f"出生 {birth}，{ref} 时满 {age} 周岁；上限 {effective} 周岁：{test.zh}",
                f"born {birth}, {age} completed years on {ref}; limit {effective}: {test.en}",
            )
        else:
            # a cutoff method decides by the birth date alone: state that test, not an age
            out.detail = Text(f"出生 {birth}；{test.zh}", f"born {birth}; {test.en}")
        if not ok:
            out.hints.append(test)
        return out

    def describe(self) -> Text:
        y = ref_name(self.years)
        extra = ""
        if self.female_extra is not None:
            extra = f"（女性放宽 {ref_name(self.female_extra)} 岁）"
        return Text(
            f"{self.birth} 对应年龄不超过 {y} 周岁{extra}",
            f"age from {self.birth} at most {y}"
            + (f" (+{ref_name(self.female_extra)} for women)" if extra else ""),
        )

    def fact_paths(self) -> Iterator[str]:
        yield self.birth
        if self.female_extra is not None:
            yield self.gender or _sibling(self.birth, "gender")
        yield from _ref_paths(self.on)

    def param_keys(self) -> Iterator[str]:
        yield from _ref_keys(
            self.years, self.on, self.method, self.female_extra, self.attained, self.leap_day
        )


@attrs.frozen(kw_only=True)
class AgeAtLeast(Rule):
    """Has reached N 周岁 on the reference date (completed years; whether the birthday
    itself counts is ``attained``, 29 February anniversaries are ``leap_day``)."""

    birth: str = "person.birth_date"
    years: int | P = 0
    on: str | P = REF
    attained: str | P = "birthday"
    leap_day: str | P = "feb28"

    def run(self, ctx: Context) -> Outcome:
        out = Outcome()
        birth = ctx.fact(self.birth)
        ref, miss_ref, label = ctx.date(self.on)
        limit, miss_limit = ctx.value(self.years)
        conv, miss_conv = _conventions(ctx, self.attained, self.leap_day)
        out.read[ctx.full(self.birth)] = birth
        out.read[label] = ref
        out.read.update(conv)
        if birth is MISSING:
            out.need(ctx.full(self.birth))
        for m in (miss_ref, miss_limit, *miss_conv):
            if m:
                out.need(m)
        if out.status is UNKNOWN:
            return out
        attained, leap = conv["age attained"], conv["leap day"]
        ok = completed_years(birth, ref, attained, leap) >= limit
        out.status = PASS if ok else FAIL
        latest = latest_birth_reaching(limit, ref, attained, leap)
        test = Text(
            f"须{_zh_date(latest, 'day')}（含）以前出生", f"must be born on or before {latest}"
        )
        out.detail = Text(f"出生 {birth}；{test.zh}", f"born {birth}; {test.en}")
        if not ok:
            out.hints.append(test)
        return out

    def describe(self) -> Text:
        y = ref_name(self.years)
        return Text(f"{self.birth} 对应年龄已满 {y} 周岁", f"age from {self.birth} at least {y}")

    def fact_paths(self) -> Iterator[str]:
        yield self.birth
        yield from _ref_paths(self.on)

    def param_keys(self) -> Iterator[str]:
        yield from _ref_keys(self.years, self.on, self.attained, self.leap_day)


@attrs.frozen(kw_only=True)
class Duration(Rule):
    """Time elapsed from ``start`` to ``end``, by anniversaries.

    ``at_least=P2Y``: the 2nd anniversary is on or before ``end``; ``at_most=P5Y``: ``end``
    is on or before the 5th anniversary (so "exactly 5 years" passes); ``more_than`` and
    ``less_than`` exclude the anniversary itself. Anniversaries of 29 February fall on
    28 February in common years, or on 1 March under ``leap_day="mar1"``.
    """

    start: str
    end: str | P = REF
    at_least: Period | P | None = None
    at_most: Period | P | None = None
    more_than: Period | P | None = None
    less_than: Period | P | None = None
    leap_day: str | P = "feb28"

    def run(self, ctx: Context) -> Outcome:
        out = Outcome()
        start = ctx.fact(self.start)
        end, miss_end, label = ctx.date(self.end)
        out.read[ctx.full(self.start)] = start
        out.read[label] = end
        if start is MISSING:
            out.need(ctx.full(self.start))
        if miss_end:
            out.need(miss_end)
        leap, miss_leap = ctx.value(self.leap_day)
        if miss_leap:
            out.need(miss_leap)
        bounds = {}
        for name in ("at_least", "at_most", "more_than", "less_than"):
            p, miss = _period(ctx, getattr(self, name))
            if miss:
                out.need(miss)
            if p is not None:
                bounds[name] = p
        if out.status is UNKNOWN:
            return out
        failures: list[Text] = []
        for name, p in bounds.items():
            anniversary = shift(start, p, leap)
            ok = {
                "at_least": anniversary <= end,
                "more_than": anniversary < end,
                "at_most": end <= anniversary,
                "less_than": end < anniversary,
            }[name]
            if not ok:
                if name in ("at_least", "more_than"):
                    latest = latest_start_reaching(p, end, leap)
                    if name == "more_than":
                        latest -= dt.timedelta(days=1)
                    failures.append(
                        Text(
                            f"{ctx.full(self.start)} 须不晚于 {latest}"
                            f"（截至 {end} 满 {p.describe('zh')}）",
                            f"{ctx.full(self.start)} must be on or before {latest} "
                            f"(at least {p.describe('en')} by {end})",
                        )
                    )
                else:
                    earliest = earliest_start_within(p, end, leap)
                    if name == "less_than":
                        earliest += dt.timedelta(days=1)
                    failures.append(
                        Text(
                            f"{ctx.full(self.start)} 须不早于 {earliest}"
                            f"（截至 {end} 不超过 {p.describe('zh')}）",
                            f"{ctx.full(self.start)} must be on or after {earliest} "
                            f"(at most {p.describe('en')} by {end})",
                        )
                    )
        out.status = FAIL if failures else PASS
        out.detail = Text(f"{start} 至 {end}", f"from {start} to {end}")
        out.hints.extend(failures)
        return out

    def describe(self) -> Text:
        zh, en = [], []
        for name, z, e in (
            ("at_least", "不少于", "at least"),
            ("more_than", "超过", "more than"),
            ("at_most", "不超过", "at most"),
            ("less_than", "不足", "less than"),
        ):
            v = getattr(self, name)
            if v is not None:
                txt = v.iso() if isinstance(v, Period) else str(v)
                zh.append(f"{z} {txt}")
                en.append(f"{e} {txt}")
        return Text(f"{self.start} 起算 {'、'.join(zh)}", f"since {self.start}: {', '.join(en)}")

    def fact_paths(self) -> Iterator[str]:
        yield self.start
        yield from _ref_paths(self.end)

    def param_keys(self) -> Iterator[str]:
        yield from _ref_keys(
            self.end, self.at_least, self.at_most, self.more_than, self.less_than, self.leap_day
        )
