"""A programme's funding kept by what the case gives it is the funding worked out afresh.

With the assessment's shared values, :func:`talentkit.funding.evaluate_funding` keeps each
result per date and parameter set under the decisions of the conditions and the facts
and dates the declarations read (:mod:`talentkit.fundingcase`). Cases assessed in turn,
on other dates and under overrides, must each get what a context without kept values
gives: a read left out of the key, or a value taken for an equal one of another type,
would hand one case another's funding.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, cast

import pytest

from talentkit import (
    Annual,
    Citation,
    Compare,
    Custom,
    Engine,
    Exclusion,
    External,
    F,
    Fixed,
    Money,
    Obligation,
    P,
    PackageCap,
    PaidAfter,
    Parameter,
    Percentage,
    PriorAward,
    Profile,
    Range,
    Text,
    Title,
    YearlyGate,
)
from talentkit.engine import FUNDING
from talentkit.facts import MISSING
from talentkit.funding import FundingDecl, FundingResult, evaluate_funding
from talentkit.fundingcase import Unkeyed, keyed
from talentkit.params import ParameterStore
from talentkit.rules.context import Context, Shared
from talentkit.workdays import WorkdayCalendar

sys.path.insert(0, str(Path(__file__).resolve().parent))

import reference_reports

D = dt.date
TODAY, LATER = D(2026, 10, 20), D(2027, 6, 1)
CITE = Citation(document="T", article="第1条")
Y = Money.yuan


def test_every_case_in_turn_gets_its_own_funding() -> None:
    """Every shipped example and case file, in order and then backwards on one engine:
    each funding worked out by the built-in implementation equals the one a context
    without kept values gives (``repr``: ``1`` and ``True`` would differ)."""
    engine = Engine.create()
    cases = list(reference_reports._cases(engine))
    shared_between_cases = 0
    seen: dict[int, str] = {}
    for name, profile, kwargs in [*cases, *reversed(cases)]:
        kwargs = dict(kwargs)
        selected = kwargs.pop("all", None)
        report = engine.assess(profile, selected, **kwargs)
        store = engine._store(kwargs.get("overrides"))
        for a in report.assessments:
            prog = engine.programme(a.programme)
            if a.funding is None or not engine.hooks.builtin_alone(FUNDING, prog):
                continue
            ctx = engine.context(
                profile,
                as_of=report.as_of,
                store=store,
                calendar=WorkdayCalendar(assume_unknown_years=True),
                programme=prog,
            )
            fresh = evaluate_funding(prog.id, prog.funding, ctx, plugin=a.funding.plugin)
            assert repr(a.funding) == repr(fresh), (name, prog.id)
            if seen.get(id(a.funding), name) != name:
                shared_between_cases += 1
            seen[id(a.funding)] = name
    assert shared_between_cases  # else nothing above was kept


def _decls(condition: Custom | None = None) -> list[FundingDecl]:
    """One declaration of every kind, reading every fact a funding line can read."""
    common: dict[str, Any] = {"cite": CITE, "text": Text("项", "item"), "payee": "person"}
    return [
        Exclusion(
            id="x",
            when=Compare(fact="facts.funded", value=True),
            excludes=("fixed",),
            cite=CITE,
            text=Text("不重复", "no double"),
        ),
        Fixed(
            id="fixed",
            amount=P("grant"),
            paid_after=PaidAfter(event="facts.arrived", text=Text("到岗", "arrival"), cite=CITE),
            condition=condition,
            **common,
        ),
        Range(id="range", high=Y(500_000), decided="facts.decided", **common),
        Percentage(
            id="pct",
            base="facts.paid",
            rate=Fraction(3, 100),
            cap=Y(500_000),
            prior="facts.prior",
            **common,
        ),
        Fixed(
            id="annual",
            amount=Y(100_000),
            schedule=Annual(
                years=3,
                start="facts.start",
                gate=YearlyGate(event="facts.reports", text=Text("年报", "report"), cite=CITE),
            ),
            prior_award=PriorAward(received="facts.received", mode="top_up"),
            # a year's gate opens on the day the line is payable from (without it, a start
            # date given with the gate's dates meets the module ``dates`` shadowed there)
            paid_after=PaidAfter(event="facts.arrived", text=Text("到岗", "arrival"), cite=CITE),
            **common,
        ),
        External(id="ext", amount=F("facts.external"), reference="R", **common),
        Obligation(
            id="match",
            obligor="host",
            ratio=Fraction(1),
            of="annual",
            committed="facts.committed",
            cite=CITE,
            text=Text("配套", "matching"),
        ),
        Title(
            id="title",
            holder="person",
            condition=Compare(fact="facts.titled", value=True),
            cite=CITE,
            text=Text("称号", "title"),
        ),
        PackageCap(
            id="cap", items=("range", "pct"), cap=Y(600_000), cite=CITE, text=Text("上限", "cap")
        ),
    ]


BASE: dict[str, Any] = {
    "funded": False,
    "arrived": D(2026, 9, 1),
    "decided": Y(300_000),
    "paid": Y(1_000_000),
    "prior": Y(0),
    "start": D(2026, 7, 1),
    "reports": [D(2027, 5, 1)],
    "received": Y(20_000),
    "external": Y(7_000),
    "committed": Y(100_000),
    "titled": True,
}

#: each fact changed alone: missing, another value, a date either side of the dates
VARIANTS: list[dict[str, Any]] = [
    {},
    {"funded": True},
    {"funded": None},
    {"arrived": None},
    {"arrived": D(2027, 1, 1)},
    {"decided": None},
    {"decided": Y(400_000)},
    {"decided": Y(600_000)},
    {"paid": None},
    {"paid": Y(9_000_000)},
    {"prior": None},
    {"prior": Y(10_000)},
    {"start": None},
    {"start": D(2027, 7, 1)},
    {"reports": None},
    {"reports": [D(2026, 5, 1), D(2027, 5, 1)]},
    {"received": None},
    {"received": Y(50_000)},
    {"external": None},
    {"external": Y(8_000)},
    {"committed": None},
    {"committed": Y(99_999)},
    {"titled": None},
    {"titled": False},
]


def _profile(change: dict[str, Any]) -> Profile:
    facts = {k: v for k, v in {**BASE, **change}.items() if v is not None}
    return Profile(facts=facts)


def _stores() -> list[ParameterStore]:
    installed = ParameterStore()
    installed.add([Parameter(key="grant", type="yuan", value=Y(50_000))])
    return [installed, installed.with_overrides({"grant": 60_000})]


def _in_turn(
    decls: list[FundingDecl], profiles: Sequence[Profile], keep: Callable[[Any], bool]
) -> list[FundingResult]:
    """Each profile's funding on each date and parameter set, the values kept per date
    and store as the engine keeps them, against a context without kept values."""
    got = []
    for store in _stores():
        kept = {as_of: Shared() for as_of in (TODAY, LATER)}
        for as_of in (TODAY, LATER, TODAY):
            for profile in [*profiles, *reversed(profiles)]:
                shared = kept[as_of].for_case()
                ctx = Context(profile=profile, as_of=as_of, params=store, shared=shared)
                result = evaluate_funding("t", decls, ctx)
                fresh = evaluate_funding(
                    "t", decls, Context(profile=profile, as_of=as_of, params=store)
                )
                assert repr(result) == repr(fresh), (as_of, profile.facts)
                again = evaluate_funding("t", decls, ctx)
                assert (again is result) is keep(profile), profile.facts
                got.append(result)
    return got


def test_cases_differing_in_one_fact_get_their_own_funding() -> None:
    profiles = [_profile(change) for change in VARIANTS]
    got = _in_turn(_decls(), profiles, lambda _: True)
    # each change shows in the funding (else the test could pass with a key leaving it out)
    assert len({repr(r) for r in got[: len(profiles)]}) == len(profiles)
    # the parameter set and the date show too
    first, other_store = got[0], got[len(got) // 2]
    later = got[2 * len(profiles)]
    assert len({repr(first), repr(other_store), repr(later)}) == 3


def test_a_value_of_another_type_is_worked_out_afresh() -> None:
    # a float may be NaN, and is written unlike an equal integer: never part of a key
    profiles = [_profile({"start": 2026.5}), _profile({"start": Decimal("2026")})]
    _in_turn(_decls(), profiles, lambda _: False)
    wrong = _profile({"decided": 300_000.0})
    for shared in (None, Shared()):  # as without kept values
        ctx = Context(profile=wrong, as_of=TODAY, params=_stores()[0], shared=shared)
        with pytest.raises(TypeError, match="must be an amount"):
            evaluate_funding("t", _decls(), ctx)


def test_keys_tell_types_apart() -> None:
    assert keyed(MISSING) is MISSING
    assert keyed(1) != keyed(True)
    assert keyed(Fraction(1)) != keyed(1)
    assert keyed(D(2026, 1, 1)) == keyed(D(2026, 1, 1))
    assert keyed([D(2026, 1, 1)]) == keyed([D(2026, 1, 1)])
    for value in (1.0, float("nan"), [1], [D(2026, 1, 1), None], {"a": 1}, dt.datetime(2026, 1, 1)):
        with pytest.raises(Unkeyed):
            keyed(value)


def test_an_unknown_declaration_is_never_kept() -> None:
    """A declaration of a class the reads are not known for (a subclass) is worked out
    on every call."""

    class MyFixed(Fixed):
        pass

    decls: list[FundingDecl] = [
        MyFixed(id="mine", amount=Y(1), cite=CITE, text=Text("x", "x"), payee="person")
    ]
    _in_turn(decls, [_profile({})], lambda _: False)


def test_the_first_error_is_the_one_the_declarations_meet_first() -> None:
    """A condition raising after a declaration error: the declaration error, as without
    kept values (the conditions are decided for the key before the amounts)."""

    def boom(_: dict[str, Any]) -> bool:
        raise ValueError("predicate failed")

    raising = Custom(facts=["facts.titled"], predicate=boom)
    wrong = Fixed(id="wrong", amount=cast(Any, 5), cite=CITE, text=Text("x", "x"), payee="person")
    decls: list[FundingDecl] = [wrong, *_decls(condition=raising)]
    for shared in (None, Shared()):
        ctx = Context(profile=_profile({}), as_of=TODAY, params=_stores()[0], shared=shared)
        with pytest.raises(TypeError, match="wrong must be an amount"):
            evaluate_funding("t", decls, ctx)
    ctx = Context(profile=_profile({}), as_of=TODAY, params=_stores()[0], shared=Shared())
    with pytest.raises(ValueError, match="predicate failed"):
        evaluate_funding("t", decls[1:], ctx)
