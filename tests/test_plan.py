"""Rules decided through compiled plans: the same checks as ``run`` builds at once.

A plan restates each built-in rule's decision (status, missing facts, review items); the
explanation comes from ``run`` when it is read. These tests compare the two on every
combination of the parts' statuses, on collections and ages at their boundaries, and pin
when a rule is evaluated at once (a custom predicate, a plugin's own class).
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import pickle
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest

from talentkit import (
    AgeAtMost,
    AllOf,
    AnyOf,
    ApplicationLimit,
    Attested,
    Compare,
    Count,
    Custom,
    Duration,
    F,
    InRole,
    Judgement,
    NoneWithin,
    Not,
    OneOf,
    P,
    ParamIs,
    Profile,
    Share,
    Status,
    TimeSpent,
    When,
    WorkdaysWithin,
    to_json,
    unstructure,
)
from talentkit.dates import Period
from talentkit.params import Parameter, ParameterStore
from talentkit.rules import Check, Rule
from talentkit.rules.context import Context, Shared
from talentkit.rules.outcome import DeferredCheck
from talentkit.rules.plan import FIELDS
from talentkit.subjects import (
    Application,
    Attestation,
    Decision,
    History,
    Organisation,
    PastApplication,
    Person,
    Position,
    Record,
    Team,
)
from talentkit.text import Citation, Text
from talentkit.workdays import WorkdayCalendar, known_years

S = Status
ON = dt.date(2026, 3, 1)
ROOT = Path(__file__).resolve().parent.parent
SHAANXI = ROOT / "plugins" / "shaanxi" / "examples"
#: the statuses a part of a compound rule can have (``waived`` is given to a whole
#: programme rule by a waiver, never to a part)
PART_STATUSES = (S.PASS, S.FAIL, S.UNKNOWN, S.REVIEW, S.NA)


def leaf(status: Status, name: str) -> Rule:
    """A built-in rule that comes out ``status`` on :data:`PROFILE`."""
    if status is S.PASS:
        return Judgement(id=f"yes.{name}", criterion=Text(name, name))
    if status is S.FAIL:
        return Judgement(id=f"no.{name}", criterion=Text(name, name))
    if status is S.UNKNOWN:
        return Compare(fact=f"facts.absent.{name}", op=">=", value=1)
    if status is S.REVIEW:
        return Judgement(id=f"open.{name}", criterion=Text(name, name))
    return When(condition=leaf(S.FAIL, name), then=leaf(S.PASS, name))


def decided(value: bool, names: list[str]) -> dict[str, Decision]:
    return {n: Decision(value=value, by="panel", on=ON) for n in names}


NAMES = [f"{k}{i}" for k in "abc" for i in range(3)] + ["x"]
PROFILE = Profile(
    decisions={
        **decided(True, [f"yes.{n}" for n in NAMES]),
        **decided(False, [f"no.{n}" for n in NAMES]),
    }
)


def _store() -> ParameterStore:
    store = ParameterStore()
    cite = Citation("T", "第1条")
    store.add(
        [
            Parameter(key="t.extra", type="int", value=2, citation=cite),
            Parameter(key="t.unset", type="int", citation=cite),
            Parameter(key="t.window", type="window", value="unlimited", citation=cite),
            Parameter(key="t.period", type="period", value=Period(years=2), citation=cite),
            Parameter(key="t.period_unset", type="period", citation=cite),
            Parameter(key="t.window_unset", type="window", citation=cite),
            Parameter(key="t.order", type="application_order", value="all_rejected", citation=cite),
            Parameter(key="t.order_unset", type="application_order", citation=cite),
        ]
    )
    return store


STORE = _store()


def context(profile: Profile = PROFILE) -> Context:
    return Context(profile=profile, as_of=ON, params=STORE)


def same(rule: Rule, ctx: Context) -> Check:
    """The rule's deferred check equals the check ``run`` builds at once."""
    lazy = rule.evaluate(ctx, "p")
    assert type(lazy) is DeferredCheck
    now = rule.evaluate_now(ctx, "p")
    assert (lazy.status, lazy.missing, lazy.review) == (now.status, now.missing, now.review)
    assert lazy == now  # every part, the explanation built from run
    return lazy


@pytest.mark.parametrize("kind", [AllOf, AnyOf])
def test_combinations_decide_as_run(kind: type[AllOf] | type[AnyOf]) -> None:
    ctx = context()
    for n in (1, 2, 3):
        for statuses in itertools.product(PART_STATUSES, repeat=n):
            # the second part of each kind repeats the first one's names: merged once
            rules = [leaf(s, f"{'abc'[i]}{min(i, 1)}") for i, s in enumerate(statuses)]
            same(kind(rules=rules), ctx)
            same(kind(rules=[kind(rules=rules[:1]), *rules]), ctx)


def test_not_and_when_decide_as_run() -> None:
    ctx = context()
    for s in PART_STATUSES:
        same(Not(rule=leaf(s, "a0")), ctx)
        same(Not(rule=AllOf(rules=[leaf(s, "a0"), leaf(S.UNKNOWN, "a0")])), ctx)
    for c, t in itertools.product(PART_STATUSES, repeat=2):
        same(When(condition=leaf(c, "a0"), then=leaf(t, "b0")), ctx)
        # the same fact missing in the condition and the part: named once
        same(When(condition=leaf(c, "a0"), then=AllOf(rules=[leaf(t, "b0"), leaf(c, "a0")])), ctx)


def member(birth: dt.date | None) -> Person:
    return Person(name="m", role="core", birth_date=birth)


def team(*members: Person) -> Profile:
    return Profile(team=Team(name="t", members=list(members)), decisions=PROFILE.decisions)


YOUNG, OLD = dt.date(1990, 3, 1), dt.date(1980, 3, 1)


@pytest.mark.parametrize("op", [">=", "<=", ">", "<", "==", "!="])
def test_counts_decide_as_run(op: str) -> None:
    young = AgeAtMost(birth="birth_date", years=40, on="as_of")
    for members in itertools.product([YOUNG, OLD, None], repeat=3):
        profile = team(*(member(b) for b in members))
        for limit in range(4):
            same(
                Count(collection="team.members", where=young, op=op, value=limit), context(profile)
            )  # type: ignore[arg-type]
        same(Count(collection="team.members", op=op, value=2), context(profile))  # type: ignore[arg-type]
    same(Count(collection="team.members", where=young, value=1), context(Profile()))
    # a value read from the case's root is named from there, inside a member too
    root = Compare(fact="birth_date", op="<=", value=F("$.facts.t.cutoff"))
    for facts in ({}, {"t.cutoff": YOUNG}):
        profile = attrs.evolve(team(member(YOUNG), member(None)), facts=facts)
        same(Count(collection="team.members", where=root, value=1), context(profile))
        same(Compare(fact="facts.t.cutoff", value=F("$.facts.t.cutoff")), context(profile))


@pytest.mark.parametrize("op", [">=", "<=", ">", "<"])
def test_shares_decide_as_run(op: str) -> None:
    young = AgeAtMost(birth="birth_date", years=40, on="as_of")
    core = Compare(fact="core", value=True)
    for people in itertools.product([YOUNG, OLD, None], [True, False, None], repeat=2):
        births, cores = people[::2], people[1::2]
        members = [
            Person(name="m", birth_date=b, core=c) for b, c in zip(births, cores, strict=True)
        ]
        ctx = context(team(*members))
        for frac in (Fraction(1, 3), Fraction(1, 2), Fraction(1), P("t.unset")):
            for among in (None, core):
                rule = Share(
                    collection="team.members", where=young, among=among, op=op, fraction=frac
                )  # type: ignore[arg-type]
                same(rule, ctx)
    same(Share(collection="team.members", where=young), context(Profile()))


def test_ages_decide_as_run_at_the_birthday_and_with_the_allowance_for_women() -> None:
    rules = [
        AgeAtMost(birth="person.birth_date", years=35, on="as_of"),
        AgeAtMost(birth="person.birth_date", years=35, on="as_of", female_extra=P("t.extra")),
        AgeAtMost(birth="person.birth_date", years=35, on="as_of", female_extra=P("t.unset")),
    ]
    births = [None, dt.date(1991, 3, 1), dt.date(1991, 3, 2), dt.date(1990, 3, 1), OLD]
    for rule, birth, gender in itertools.product(rules, births, [None, "female", "male"]):
        person = Person(name="p", birth_date=birth, gender=gender)  # type: ignore[arg-type]
        same(rule, context(Profile(person=person)))


def test_ages_read_their_settings_once_per_parameter_set_and_their_facts_per_member() -> None:
    """An age limit's parameters are kept with the assessment's shared values (one date,
    one parameter set): each member still reads its own birth date and gender, and
    other parameters (overrides) read their own values. A limit written as a fact reads
    it for every member."""
    by_param = AgeAtMost(
        birth="birth_date", years=P("t.extra"), on="as_of", female_extra=P("t.extra")
    )
    by_fact = AgeAtMost(birth="birth_date", years=F("$.facts.t.years"), on="as_of")
    births = [None, dt.date(2024, 3, 1), dt.date(2024, 3, 2), dt.date(2022, 3, 1), OLD]
    members = [
        Person(name=f"m{i}", birth_date=b, gender=g)  # type: ignore[arg-type]
        for i, (b, g) in enumerate(itertools.product(births, [None, "female", "male"]))
    ]
    shared = Shared()  # kept across cases, as the engine keeps a date's values
    for years in (2, 4, None):
        profile = Profile(facts={} if years is None else {"t.years": years})
        for store in (STORE, STORE, STORE.with_overrides({"t.extra": 4}), STORE):
            own = shared if store is STORE else Shared()
            ctx = Context(profile=profile, as_of=ON, params=store, shared=own)
            for i, member in enumerate(members):
                for rule in (by_param, by_fact):
                    sub = ctx.at(member, f"team.members[{i}]")
                    kept = rule.evaluate(sub)
                    alone = rule.evaluate_now(attrs.evolve(sub, shared=None))
                    assert (kept.status, kept.missing) == (alone.status, alone.missing)
                    same(rule, sub)


def test_comparisons_with_a_parameter_decide_as_run_on_members_and_the_case() -> None:
    store = STORE.with_overrides({"t.extra": 3})
    rules = [
        Compare(fact=path, op=op, value=P(key))  # type: ignore[arg-type]
        for path in ("facts.t.n", "$.facts.t.n", "facts.t.absent", "param:t.unset")
        for op in (">=", "<", "==")
        for key in ("t.extra", "t.unset")
    ]
    for n in (2, 3, 4, None):
        facts = {} if n is None else {"t.n": n}
        profile = Profile(facts=facts, team=Team(members=[Person(name="m", facts=facts)]))
        for shared in (None, Shared()):
            ctx = Context(profile=profile, as_of=ON, params=store, shared=shared)
            for rule in rules:
                same(rule, ctx)
                same(rule, ctx.at(profile.team.members[0], "team.members[0]"))  # type: ignore[union-attr]


def test_comparisons_decide_as_run() -> None:
    profile = Profile(facts={"t.n": 3, "t.share": Fraction(1, 3), "t.codes": ["a", "b"]})
    ctx = context(profile)
    for op in (">=", "<=", ">", "<", "==", "!="):
        for value in (2, 3, 4, Fraction(1, 3), P("t.unset")):
            fact = "facts.t.share" if isinstance(value, Fraction) else "facts.t.n"
            same(Compare(fact=fact, op=op, value=value), ctx)  # type: ignore[arg-type]
        same(Compare(fact="facts.t.absent", op=op, value=P("t.unset")), ctx)  # type: ignore[arg-type]
    for mode in ("any", "all", "prefix"):
        for values in (("a",), ("a", "b"), ("c",), ()):
            same(OneOf(fact="facts.t.codes", values=values, mode=mode), ctx)  # type: ignore[arg-type]
    same(ParamIs(key="t.unset"), ctx)


def test_attestations_decide_as_run() -> None:
    rule = Attested(
        key="t.a", question=Text("至少{extra}年", "at least {extra} years"), params=(P("t.extra"),)
    )
    for value in (None, True, False):
        given = {} if value is None else {"t.a": Attestation(value=value, by="r", on=ON)}
        check = same(rule, context(Profile(attestations=given)))
        assert check.status is (S.REVIEW if value is None else S.PASS if value else S.FAIL)


def test_records_within_a_window_decide_as_run_at_its_ends() -> None:
    """A record on the first and last day of the window, the day before and after, an
    undated one, one whose kind is unknown; a window of years, of calendar years, an
    unlimited and an unset one; the reference date missing."""
    on = dt.date(2026, 3, 1)
    kinds = ("misconduct", "praise", None)
    dates = (None, dt.date(2023, 2, 28), dt.date(2023, 3, 1), on, dt.date(2026, 3, 2))
    where = Compare(fact="kind", value="misconduct")
    rules = [
        NoneWithin(collection="person.records", where=where, period=Period(years=3), on="as_of"),
        NoneWithin(collection="person.records", period=Period(years=3), on="as_of"),
        NoneWithin(collection="person.records", where=where, period=P("t.window"), on="as_of"),
        NoneWithin(collection="person.records", where=where, period=P("t.window_unset")),
        NoneWithin(collection="person.records", where=where, calendar_years=1, on="as_of"),
        NoneWithin(collection="person.records", where=where, calendar_years=P("t.unset")),
        NoneWithin(collection="person.records", where=where, on="facts.t.call"),
    ]
    records = [Record(kind=k, date=d) for k, d in itertools.product(kinds, dates)]  # type: ignore[arg-type]
    cases = [[r] for r in records] + [records[5:9], records[10:], [records[0], records[2]], []]
    for rule in rules:
        same(rule, context(Profile()))
        for recs in cases:
            person = Person(name="p", records=recs)
            same(rule, context(Profile(person=person)))
            same(rule, context(Profile(person=person, facts={"t.call": on})))


def test_application_limits_decide_as_run_on_the_same_day_and_at_the_limit() -> None:
    own = dt.date(2026, 4, 1)
    dates = (None, dt.date(2026, 3, 31), own, dt.date(2026, 4, 2))
    statuses = ("pending", "selected", None)
    where = OneOf(fact="status", values=("pending",))
    rules = [
        ApplicationLimit(collection="history.applications", where=where, **kw)  # type: ignore[arg-type]
        for kw in (
            {},
            {"limit": 2},
            {"limit": P("t.unset")},
            {"order": "all_rejected"},
            {"order": P("t.order")},
            {"order": P("t.order_unset")},
        )
    ]
    rules.append(ApplicationLimit(collection="history.applications", limit=2))
    others = [
        PastApplication(programme="p", date=d, status=s)
        for d, s in itertools.product(dates, statuses)
    ]
    cases = [[o] for o in others] + [others[3:6], others[6:10], [others[3], others[6]], []]
    for rule in rules:
        same(rule, context(Profile()))
        for apps in cases:
            for submitted in (None, own):
                profile = Profile(
                    application=Application(submitted_on=submitted),
                    history=History(applications=apps),
                )
                same(rule, context(profile))


def test_what_is_asked_is_kept_per_parameter_set_and_the_reference_date_per_case() -> None:
    """Within one assessment's shared values the question is rendered once and the
    reference date read once; other parameters (overrides) get their own."""
    from talentkit.rules.context import Shared

    rule = Attested(key="t.a", question=Text("{extra}年", "{extra} years"), params=(P("t.extra"),))
    shared = Shared()
    for _ in range(2):
        check = same(rule, attrs.evolve(context(), shared=shared))
        assert check.review == (Text("待审核人确认：2年", "to be attested by a reviewer: 2 years"),)
    other = STORE.with_overrides({"t.extra": 3})
    ctx = Context(profile=PROFILE, as_of=ON, params=other, shared=Shared())
    assert rule.evaluate(ctx).review[0].en == "to be attested by a reviewer: 3 years"
    called = NoneWithin(collection="person.records", on="ref")
    given = Profile(person=Person(name="p", records=[]), facts={"t.call": ON})
    for reference in (("facts.t.call", "as_of"), ("facts.t.absent",)):
        ctx = Context(profile=given, as_of=ON, params=STORE, reference=reference, shared=shared)
        for _ in range(2):
            same(called, ctx)
            same(called, ctx.at(None, "person"))


def test_durations_decide_as_run_on_the_anniversary() -> None:
    """The day before, on and after the 2nd anniversary, from 29 February, each bound,
    the end and a bound's parameter missing."""
    end = dt.date(2026, 3, 1)
    starts = (None, dt.date(2024, 2, 29), dt.date(2024, 3, 1), dt.date(2024, 3, 2))
    two = Period(years=2)
    rules = [
        Duration(start="facts.t.start", end="as_of", **{bound: two})  # type: ignore[arg-type]
        for bound in ("at_least", "at_most", "more_than", "less_than")
    ]
    rules += [
        Duration(start="facts.t.start", end="as_of", at_least=two, leap_day="mar1"),
        Duration(start="facts.t.start", end="facts.t.end", at_least=P("t.period")),
        Duration(
            start="facts.t.start", end="as_of", at_most=P("t.unset"), less_than=P("t.period_unset")
        ),
        Duration(start="facts.t.start", at_least=Period(years=1), at_most=Period(years=3)),
    ]
    for rule, start in itertools.product(rules, starts):
        for facts in ({}, {"t.end": end}):
            given = {**facts, **({} if start is None else {"t.start": start})}
            ctx = Context(profile=Profile(facts=given), as_of=end, params=STORE)
            same(rule, ctx)
            same(rule, attrs.evolve(ctx, reference=("facts.t.end",)))


def test_time_spent_decides_as_run_at_the_anniversary_and_the_days_it_spans() -> None:
    """Each way the case gives the time (all along from birth, since an arrival, dated
    spells filtered by a condition that passes, fails, is open or is for review, a number
    of days, none), the day before, on and after the six-year limit, under each month
    count and leap-day rule, each bound, and a parameter or the reference date missing."""
    end = dt.date(2026, 3, 31)
    six = Period(years=6)
    limit = dt.date(2020, 3, 31)  # six calendar years back: 2,191 days
    days = (limit - dt.date(2020, 3, 30)).days + (end - limit).days  # 2,192
    where = [
        Compare(fact="province", value="陕西省"),
        Judgement(id="open.spell", criterion=Text("x", "x")),  # for review, no fact missing
    ]
    rules = [
        TimeSpent(
            all_along="person.facts.along",
            since="person.facts.since",
            spells="person.positions",
            where=w,
            days="person.facts.days",
            on="as_of",
            **{bound: six},  # type: ignore[arg-type]
        )
        for w in where
        for bound in ("at_least", "at_most")
    ]
    rules += [
        TimeSpent(days="person.facts.days", at_most=six, months=m, leap_day=leap)
        for m in ("calendar", "days30", P("t.unset"))
        for leap in ("feb28", "mar1")
    ]
    rules += [
        TimeSpent(spells="person.positions", at_least=P("t.period"), at_most=P("t.period_unset")),
        TimeSpent(since="person.facts.since", at_most=six, on="facts.t.end", months="days30"),
    ]
    spells = [
        [],
        [Position(province="陕西省", start=limit, end=None)],
        [Position(province="陕西省", start=limit - dt.timedelta(days=1), end=end)],
        [Position(province="北京市", start=dt.date(2001, 1, 1), end=end)],
        [Position(province=None, start=dt.date(2019, 1, 1), end=end)],  # province unknown
        [Position(province="陕西省", start=None, end=end)],  # start unknown
        [  # overlapping and later than the reference date: counted once, up to it
            Position(province="陕西省", start=dt.date(2010, 1, 1), end=dt.date(2013, 1, 1)),
            Position(province="陕西省", start=dt.date(2012, 1, 1), end=dt.date(2014, 1, 1)),
            Position(province="陕西省", start=dt.date(2025, 1, 1), end=dt.date(2027, 1, 1)),
        ],
    ]
    persons = [Person()]
    persons += [Person(facts={"along": True}, birth_date=b) for b in (limit, limit.replace(day=30))]
    persons += [Person(facts={"along": True})]
    persons += [Person(facts={"along": False, "since": s}) for s in (limit, limit.replace(day=30))]
    persons += [Person(facts={"days": n}) for n in (days - 2, days - 1, days)]
    persons += [Person(positions=p) for p in spells]
    for rule, person in itertools.product(rules, persons):
        for facts in ({}, {"t.end": end}):
            ctx = Context(profile=Profile(person=person, facts=facts), as_of=end, params=STORE)
            same(rule, ctx)


def test_working_day_periods_decide_as_run_at_their_last_day() -> None:
    """Both ways of counting and both operators, on the period's last day and a day either
    side, across the National Day holiday (the 5th working day from 2026-09-30 counting it
    is 2026-10-12, not counting it 2026-10-13), with the end, the start or the length missing."""
    store = _store()
    store.add([Parameter(key="t.days", type="int", value=5, citation=Citation("T", "第1条"))])
    start = dt.date(2026, 9, 30)
    for count_start, op in itertools.product((True, False), ("<=", ">=")):
        last = dt.date(2026, 10, 12) if count_start else dt.date(2026, 10, 13)
        for days in (5, P("t.days"), P("t.unset")):
            rule = WorkdaysWithin(
                fact="facts.t.end", start="facts.t.start", days=days, count_start=count_start, op=op
            )
            for end in (last - dt.timedelta(days=1), last, last + dt.timedelta(days=1), None):
                for begin in (start, None):
                    facts = {k: v for k, v in (("end", end), ("start", begin)) if v is not None}
                    profile = Profile(facts={f"t.{k}": v for k, v in facts.items()})
                    same(rule, Context(profile=profile, as_of=ON, params=store))
    member_rule = Count(
        collection="team.members",
        where=WorkdaysWithin(fact="facts.t.end", start="$.facts.t.start", days=5),
    )
    people = [Person(name="m", role="core", facts={"t.end": dt.date(2026, d, 13)}) for d in (9, 10)]
    crew = Team(name="t", members=people)
    same(member_rule, context(Profile(team=crew)))
    same(member_rule, context(Profile(team=crew, facts={"t.start": start})))


def test_a_working_day_period_notes_an_assumed_year_on_each_programmes_calendar() -> None:
    """A year the calendar does not know is noted on the calendar of every context the
    rule is decided on, one programme after another in one assessment: a rule counting
    working days is never decided once for several programmes (a decision kept for the
    second would leave its calendar without the note). Without the assumption allowed,
    the plan raises as ``run`` does."""
    from talentkit import CalendarError
    from talentkit.builtin import declared

    year = known_years().stop
    notice = WorkdaysWithin(fact="facts.t.end", start="facts.t.start", days=5, count_start=True)
    both = AllOf(id="p.a", rules=[notice, Compare(fact="facts.t.n", op=">=", value=1)])
    again = AllOf(id="q.b", rules=[notice, Compare(fact="facts.t.n", op=">=", value=1)])
    assert declared.decides_as(both) is None
    assert declared.decides_as(again) is None
    profile = Profile(
        facts={"t.start": dt.date(year, 3, 2), "t.end": dt.date(year, 3, 6), "t.n": 1}
    )
    shared = Shared()
    calendars = [WorkdayCalendar(assume_unknown_years=True) for _ in range(2)]
    for rule, calendar in zip((both, again), calendars, strict=True):
        ctx = Context(profile=profile, as_of=ON, params=STORE, calendar=calendar, shared=shared)
        assert rule.decision(ctx).status is S.PASS
        assert type(rule.evaluate(ctx)) is DeferredCheck
    for calendar in calendars:
        assert len(calendar.assumptions) == 1
        assert str(year) in calendar.assumptions[0]
    strict = Context(profile=profile, as_of=ON, params=STORE)
    with pytest.raises(CalendarError):
        both.evaluate(strict)
    with pytest.raises(CalendarError):
        both.evaluate_now(strict)


def test_roles_decide_as_run() -> None:
    """The unit named is a lead, a partner, of another role, of no role yet, or an
    organisation without an id could be it; the list or the fact absent."""
    rule = InRole(fact="employer", roles=("lead", "partner"))
    by_param = InRole(fact="employer", roles=P("t.unset"))
    orgs = [
        Organisation(id="a", role="lead"),
        Organisation(id="b", role="other"),
        Organisation(id="c"),
        Organisation(role="partner"),
        Organisation(id="d", role="partner"),
    ]
    lists = [None, [], orgs, orgs[1:], orgs[1:3], orgs[:1], orgs[4:], [orgs[3], orgs[2]]]
    for employer, listed in itertools.product((None, "a", "b", "c", "d", "x"), lists):
        members = [Person(name="m", employer=employer)]  # type: ignore[call-arg]
        profile = attrs.evolve(team(*members), organisations=listed)
        counted = Count(collection="team.members", where=rule, value=1)
        for each in (rule, by_param, counted):
            same(
                each, context(profile) if each is counted else context(profile).at(members[0], "m")
            )


def test_exceptions_to_a_failure_keep_its_explanation_for_when_it_is_read() -> None:
    """A failed check softened (waiver approved, pending or declined, a relaxation, a soft
    clause's hint) is what ``attrs.evolve`` of the explained check gives, explained when
    read."""
    from talentkit import Programme, Waiver, semantics

    soft = Judgement(id="no.a0", criterion=Text("c", "c"), soft=True, text=Text("t", "t"))
    hard = attrs.evolve(soft, soft=False)
    prog = Programme(
        id="t.p",
        name=Text("p", "p"),
        jurisdiction="t",
        document="T",
        subject="person",
        rules=[soft],
    )
    relaxation = leaf(S.PASS, "b0").evaluate_now(context())
    for decision in ("approved", "pending", "declined", None):
        waivers = (
            {}
            if decision is None
            else {"no.a0": Waiver(decision=decision, by="b", on=ON, basis="x")}
        )  # type: ignore[arg-type]
        ctx = context(attrs.evolve(PROFILE, waivers=waivers))
        for rule, relaxed in itertools.product((soft, hard), (None, relaxation)):
            lazy = semantics.soften(prog, rule, rule.evaluate(ctx, "p"), ctx, relaxed)
            now = semantics.soften(prog, rule, rule.evaluate_now(ctx, "p"), ctx, relaxed)
            assert type(now) is Check
            if lazy.status is not S.FAIL or rule.soft:
                assert hasattr(lazy, "_explain")  # nothing explained yet
            assert (lazy.status, lazy.missing, lazy.review, lazy.waiver) == (
                now.status,
                now.missing,
                now.review,
                now.waiver,
            )
            assert lazy == now
            assert unstructure(lazy) == unstructure(now)


def test_the_explanation_is_built_when_read() -> None:
    rule = AllOf(id="r", rules=[leaf(S.UNKNOWN, "a0"), leaf(S.REVIEW, "b0")])
    check = rule.evaluate(context(), "p")
    assert check.status is S.UNKNOWN
    assert check.missing == ("facts.absent.a0",)
    assert hasattr(check, "_explain")
    assert len(check.children) == 2  # built now
    assert not hasattr(check, "_explain")
    assert check == rule.evaluate_now(context(), "p")


def test_a_deferred_check_copies_pickles_and_evolves_as_a_check() -> None:
    rule = Not(id="r", rule=leaf(S.PASS, "a0"))
    for make in (copy.copy, copy.deepcopy, lambda c: pickle.loads(pickle.dumps(c))):
        check = rule.evaluate(context(), "p")
        other = make(check)
        assert type(other) is Check
        assert other == check == rule.evaluate_now(context(), "p")
    check = rule.evaluate(context(), "p")
    waived = attrs.evolve(check, status=S.WAIVED, hints=())
    assert waived.status is S.WAIVED
    assert waived.text == check.text
    assert unstructure(check) == unstructure(rule.evaluate_now(context(), "p"))


def test_a_check_built_through_its_slots_is_the_check_its_class_builds() -> None:
    from talentkit.rules.outcome import _FIELDS, build_check

    cite = Citation("T", "第1条")
    child = Check(rule_id="c", status=S.FAIL, text=Text("子", "child"))
    values = (
        "r",
        S.FAIL,
        Text("文", "text"),
        cite,
        Text("细", "detail"),
        {"a": 1},
        ("m",),
        (Text("审", "review"),),
        (Text("提示", "hint"),),
        "p",
        None,
        (child,),
    )
    built = build_check(*values)
    plain = Check(**dict(zip(_FIELDS, values, strict=True)))
    assert type(built) is Check
    assert built == plain
    assert repr(built) == repr(plain)
    assert [getattr(built, n) is v for n, v in zip(_FIELDS, values, strict=True)] == [True] * 12
    assert pickle.loads(pickle.dumps(built)) == plain
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        built.status = S.PASS  # type: ignore[misc]


@attrs.frozen(kw_only=True)
class Stricter(Compare):
    """A plugin's own class on top of a built-in one: its ``run`` is the definition."""


def test_other_classes_and_custom_predicates_are_evaluated_at_once() -> None:
    calls: list[dict[str, Any]] = []

    def predicate(values: dict[str, Any]) -> bool:
        calls.append(values)
        return True

    custom = Custom(facts=["facts.t.n"], predicate=predicate, statement=Text("s", "s"))
    profile = Profile(facts={"t.n": 3})
    for rule in (
        Stricter(fact="facts.t.n", value=3),
        custom,
        AllOf(rules=[leaf(S.PASS, "a0"), custom]),
        Count(collection="team.members", where=Stricter(fact="role", value="core")),
    ):
        assert type(rule.evaluate(context(profile))) is Check
    assert len(calls) == 2  # once per evaluation, never again for the explanation


def test_a_class_given_another_option_is_evaluated_by_its_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A plan is used only while its class has the fields the plan was written for: an
    option added to the class and not yet to the plan is never ignored."""
    from talentkit.rules import base, plan

    monkeypatch.setitem(plan.FIELDS, Compare, (*FIELDS[Compare], "added"))
    monkeypatch.setattr(base, "_PLANS", {})
    monkeypatch.setattr(plan, "_PLANS", {})
    ctx = context(Profile(facts={"t.n": 3}))
    assert type(Compare(fact="facts.t.n", value=3).evaluate(ctx)) is Check
    assert type(AllOf(rules=[Compare(fact="facts.t.n", value=3)]).evaluate(ctx)) is Check
    assert type(Judgement(id="yes.a0", criterion=Text("", "")).evaluate(ctx)) is DeferredCheck


def test_json_is_what_json_dumps_writes_of_the_data() -> None:
    """``to_json`` writes the objects directly; the text is ``json.dumps`` of
    ``unstructure`` at any indentation, with a check and a citation met several times."""
    import json

    cite = Citation("T", "第1条", quote="“引号”\n")
    shared = AllOf(id="r", cite=cite, rules=[leaf(S.FAIL, "a0"), leaf(S.UNKNOWN, "b0")])
    check = shared.evaluate(context(), "p")
    samples: list[object] = [
        check,
        [check, check, {"k": check}, [[check]]],
        {"a": cite, "b": [cite, {"c": cite}], Status.PASS: Text("", "")},
        Profile(),
        {"empty": Profile(id=None), "n": None},
    ]
    for sample in samples:
        for indent in (1, 2, 4):
            for _ in range(2):  # the second time from the kept citations
                assert to_json(sample, indent=indent) == json.dumps(
                    unstructure(sample), ensure_ascii=False, indent=indent
                )


def test_rules_deciding_alike_are_found_among_those_of_one_hash_by_how_they_are_written() -> None:
    """Rules are looked for among those of the same hash (their ``repr``, which writes out
    every text in them, only once two of them meet there): ``1`` and ``True`` hash alike
    and are equal, but a rule written with the one never decides as a rule written with
    the other, whichever came first, and each finds the first written as it is. A rule with
    no hash (a list in it) is looked for by its ``repr`` as before."""
    from talentkit.builtin import declared

    fact = "facts.t.bucket"
    one = Compare(id="b.a", fact=fact, op=">=", value=1)
    flag = Compare(id="b.b", fact=fact, op=">=", value=True)
    assert hash(attrs.evolve(one, id="")) == hash(attrs.evolve(flag, id=""))
    assert declared.decides_as(one) is one
    assert declared.decides_as(flag) is flag  # met second, with the first's hash
    assert declared.decides_as(Compare(id="b.c", fact=fact, op=">=", value=True)) is flag
    assert declared.decides_as(Compare(id="b.d", fact=fact, op=">=", value=1)) is one
    listed = AllOf(id="b.e", rules=[one, flag])
    with pytest.raises(TypeError):
        hash(listed)
    assert declared.decides_as(listed) is listed
    again = AllOf(id="b.f", rules=[one, flag], text=Text("乙", "b"))
    assert declared.decides_as(again) is listed
    other = AllOf(id="b.g", rules=[Compare(id="b.a", fact=fact, op=">=", value=True), flag])
    assert declared.decides_as(other) is other


def test_rules_that_decide_alike_are_decided_once_per_assessment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Rule objects equal but for their id, citation, text and softness (two programmes
    restating one clause) are decided once per assessment; each keeps its own check.
    Rules written differently, or whose decision reads the id, are decided apart."""
    from talentkit.builtin import declared
    from talentkit.programme import Programme
    from talentkit.rules.context import Shared

    first = Compare(id="p.a", fact="facts.t.alike", op=">=", value=1, text=Text("甲", "a"))
    again = Compare(id="q.b", fact="facts.t.alike", op=">=", value=1, soft=True)
    cite = Citation("T", "第2条")
    assert declared.decides_as(first) is first
    assert declared.decides_as(again) is first
    assert declared.decides_as(attrs.evolve(again, cite=cite)) is first
    apart = [
        Compare(id="p.c", fact="facts.t.alike", op=">=", value=True),  # equal, not alike
        Compare(id="p.d", fact="facts.t.alike", op=">", value=1),
        Compare(id="p.e", fact="facts.t.alike_too", op=">=", value=1),
        AllOf(id="p.f", rules=[first]),
        AllOf(id="p.g", rules=[again]),  # a part's id is part of the decision
    ]
    reps = [declared.decides_as(r) for r in apart]
    assert len({id(r) for r in reps}) == len(apart)
    assert all(r is not first for r in reps)
    assert declared.decides_as(Judgement(id="p.h", criterion=Text("c", "c"))) is None

    calls: list[str] = []
    plan_of = declared.plan_of

    def counted(rule: Rule) -> Any:
        decide = plan_of(rule)

        def count(ctx: Context) -> Any:
            calls.append(rule.id)
            return decide(ctx)  # type: ignore[misc]

        return count

    from talentkit.builtin import generated

    # counted through the loop over the plans (a generated function calls no plan of a
    # comparison: it is written in place); the generated one is compared with it below
    monkeypatch.setattr(generated, "ENABLED", False)
    monkeypatch.setattr(generated, "WRITE_AFTER", 0)  # written at once when enabled
    monkeypatch.setattr(declared, "plan_of", counted)
    base = {"jurisdiction": "t", "document": "T", "name": Text("项", "p")}
    one = Programme(id="p", rules=[first, *apart[:1]], **base)  # type: ignore[arg-type]
    two = Programme(id="q", rules=[again, *apart[1:2]], **base)  # type: ignore[arg-type]
    for n in (0, 1, 2):
        calls.clear()
        shared = Shared()
        ctx = Context(profile=Profile(facts={"t.alike": n}), as_of=ON, params=STORE, shared=shared)
        checks = [c for prog in (one, two) for c in declared.decide_eligibility(prog, ctx).checks()]
        assert calls == ["p.a", "p.c", "p.d"]  # q.b decided as p.a was
        assert [c.rule_id for c in checks] == ["p.a", "p.c", "q.b", "p.d"]
        alone = Context(profile=ctx.profile, as_of=ON, params=STORE)  # nothing shared
        plain = [
            c for prog in (one, two) for c in declared.decide_eligibility(prog, alone).checks()
        ]
        assert checks == plain
        monkeypatch.setattr(generated, "ENABLED", True)
        ctx = Context(profile=ctx.profile, as_of=ON, params=STORE, shared=Shared())
        written = [
            c for prog in (one, two) for c in declared.decide_eligibility(prog, ctx).checks()
        ]
        assert written == plain
        monkeypatch.setattr(generated, "ENABLED", False)


def test_a_decision_finds_its_plan_and_the_rule_deciding_alike_once_per_rule() -> None:
    """:meth:`Rule.decision` keeps a rule's plan and the rule deciding as it beside each
    other, by rule: a rule written otherwise is decided apart, a rule deciding alike reads
    the decision kept for the first, and a rule decided first on a member is looked for
    among the rules deciding alike only once it is decided on the case itself."""
    from talentkit.rules import base

    first = Compare(id="p.a", fact="facts.t.k", op=">=", value=1)
    again = Compare(id="q.b", fact="facts.t.k", op=">=", value=1)
    other = Compare(id="r.c", fact="facts.t.k", op=">=", value=2)
    shared = Shared()
    ctx = Context(profile=Profile(facts={"t.k": 1}), as_of=ON, params=STORE, shared=shared)
    item = Person(name="m", role="core", facts={"t.k": 2})
    assert other.decision(ctx.at(item, "team.members[0]")).status is S.PASS
    assert base._PLANS[id(other)][2] is base._UNSEEN
    assert first.decision(ctx).status is S.PASS
    assert other.decision(ctx).status is S.FAIL  # not the decision kept for the first
    assert again.decision(ctx).status is S.PASS
    assert base._PLANS[id(again)][2] is first
    assert base._PLANS[id(other)][2] is other
    kept = shared.decisions[tuple(ctx.reference)]
    assert sorted(kept) == sorted([id(first), id(other)])
    # the same rules on another case: decided afresh, nothing read from the first case
    ctx = Context(profile=Profile(facts={"t.k": 0}), as_of=ON, params=STORE, shared=Shared())
    assert [r.decision(ctx).status for r in (again, first, other)] == [S.FAIL] * 3


#: profiles (not the award and event files beside them)
PROFILES = [p.name for p in sorted(SHAANXI.glob("*.toml")) if not p.name.startswith("exit")]


@pytest.mark.parametrize("example", ["tests/fooland/example.toml", *PROFILES[:6]])
def test_an_assessment_sharing_decisions_reports_what_each_programme_alone_reports(
    example: str,
) -> None:
    """Within one assessment a decision is made once and read again (eligibility, score
    lines, funding conditions, procedure steps across the programmes): each programme's
    result equals the one assessed on its own, nothing shared, every rule decided anew."""
    from talentkit import Engine
    from talentkit.results import evolve_assessment

    engine = Engine.create()
    path = ROOT / example if example.startswith("tests/") else SHAANXI / example
    case = engine.load(path)
    ids = [p.id for p in engine.select(None)]
    for as_of in (dt.date(2026, 10, 20), dt.date(2025, 6, 1)):
        report = engine.assess(case, ids, as_of=as_of, assume_calendar=True)
        for got in report.assessments:
            alone = engine.assess_one(
                case,
                engine.programme(got.programme),
                as_of=as_of,
                store=engine.params,
                assume_calendar=True,
            )
            assert to_json(evolve_assessment(got, siblings=())) == to_json(alone)


def test_durations_read_their_periods_once_per_parameter_set_and_their_facts_per_case() -> None:
    """A duration's leap-day rule and periods are kept with the assessment's shared values
    (one date, one parameter set): each case still reads its own start and end, another
    date or parameter set (an override) reads its own values, a period written as a fact
    is read for every case, and a parameter that is no period raises every time."""
    cite = Citation("T", "第1条")
    store = ParameterStore()
    store.add(
        [
            Parameter(
                key="t.term",
                type="period",
                value=Period(years=2),
                valid_from=dt.date(2026, 1, 1),
                citation=cite,
            ),
            Parameter(
                key="t.term",
                type="period",
                value=Period(years=3),
                valid_to=dt.date(2025, 12, 31),
                citation=cite,
            ),
            Parameter(key="t.leap", type="str", value="mar1", citation=cite),
            Parameter(key="t.years", type="int", value=1, citation=cite),
            Parameter(key="t.word", type="str", value="two years", citation=cite),
            Parameter(key="t.unset", type="period", citation=cite),
            Parameter(key="t.no_leap", type="str", citation=cite),
        ]
    )
    rules = [
        Duration(start="facts.t.start", at_least=P("t.term"), leap_day=P("t.leap")),
        Duration(start="facts.t.start", at_most=P("t.term"), more_than=P("t.years")),
        Duration(start="facts.t.start", less_than=F("$.facts.t.term")),
        Duration(start="facts.t.start", at_least=P("t.unset"), leap_day=P("t.no_leap")),
    ]
    starts = (None, dt.date(2022, 2, 28), dt.date(2023, 3, 1), dt.date(2024, 2, 29))
    terms = (None, Period(years=2), Period(years=3))
    by_date: dict[Any, Shared] = {}
    for on in (dt.date(2026, 3, 1), dt.date(2025, 3, 1), dt.date(2026, 3, 1)):
        for params in (store, store.with_overrides({"t.term": "P1Y"}), store):
            for start, term in itertools.product(starts, terms):
                facts = {
                    **({} if start is None else {"t.start": start}),
                    **({} if term is None else {"t.term": term}),
                }
                own = by_date.setdefault(on, Shared()) if params is store else Shared()
                ctx = Context(profile=Profile(facts=facts), as_of=on, params=params, shared=own)
                for rule in rules:
                    kept = rule.evaluate(ctx)
                    alone = rule.evaluate_now(attrs.evolve(ctx, shared=None))
                    assert (kept.status, kept.missing) == (alone.status, alone.missing)
                    same(rule, ctx)
    wrong = Duration(start="facts.t.start", at_least=P("t.word"))
    shared = Shared()
    for _ in range(2):
        ctx = Context(profile=Profile(), as_of=ON, params=store, shared=shared)
        with pytest.raises(TypeError, match="not a period"):
            wrong.evaluate(ctx)


def _when_then_in_general(condition: Any, then: Any) -> Any:
    """A conditional rule's decision as :func:`talentkit.rules.plan._when_then` first
    wrote it (every missing fact gathered through a list)."""
    cond, cond_missing, cond_review = condition
    inner, inner_missing, inner_review = then
    if cond in (S.PASS, S.WAIVED):
        return inner, inner_missing, inner_review
    if inner.holds:
        return inner, (), ()
    missing = list(cond_missing)
    for m in inner_missing:
        if m not in missing:
            missing.append(m)
    return cond, tuple(missing), cond_review


def test_two_parts_combine_as_any_number_of_parts() -> None:
    """An all-of or any-of of two parts, or a condition and its rule (their statuses,
    missing facts and review items in every combination, repeated and overlapping),
    decides as the general combination."""
    from talentkit.rules import plan

    t1, t2 = Text("一", "one"), Text("二", "two")
    missing = [(), ("a",), ("b",), ("a", "b"), ("b", "a"), ("a", "a"), ["a"]]
    review = [(), (t1,), (t2,), (t1, t2), (t1, t1), [t1]]
    parts = [
        (status, m, r)
        for status in (*PART_STATUSES, S.WAIVED)
        for m in missing
        for r in review
        if status is not S.PASS or (not m and not r)
    ]
    for one, two in itertools.product(parts, repeat=2):
        if one[0] is not S.PASS or two[0] is not S.PASS:
            got = plan._all_of_two(one, two)  # type: ignore[arg-type]
            assert got == plan._all_of_open([one, two]), (one, two)  # type: ignore[list-item]
            assert all(type(x) is tuple for x in got[1:]), (one, two)
        if one[0] not in (S.FAIL, S.NA):  # a condition neither failed nor not applicable
            got = plan._when_then(one, two)  # type: ignore[arg-type]
            assert got == _when_then_in_general(one, two), (one, two)
            assert one[0] in (S.PASS, S.WAIVED) or type(got[1]) is tuple, (one, two)
        if one[0] is not S.PASS and two[0] is not S.PASS:
            got = plan._any_of_two(one, two)  # type: ignore[arg-type]
            assert got == plan._any_of_open([one, two]), (one, two)  # type: ignore[list-item]
            assert all(type(x) is tuple for x in got[1:]), (one, two)
