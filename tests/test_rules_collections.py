"""Count, Share and NoneWithin over lists, with exact fractions and unknown members."""

from __future__ import annotations

import datetime as dt
import itertools
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talentkit import (
    AgeAtMost,
    AllOf,
    Compare,
    Count,
    InRole,
    NoneWithin,
    OneOf,
    Period,
    Profile,
    Share,
    Status,
)
from talentkit.params import ParameterStore
from talentkit.rules import Check, Rule
from talentkit.rules.context import Context
from talentkit.subjects import Organisation, Person, Record, Team
from talentkit.text import Text

D = dt.date
REF = D(2026, 3, 1)
YOUNG_BIRTH = D(1990, 1, 1)
OLD_BIRTH = D(1960, 1, 1)
CORE = Compare(fact="core", op="==", value=True)
YOUNG = AgeAtMost(birth="birth_date", years=40, on="as_of")
LABEL = Text("核心成员", "core members")


def team(*members: Person) -> Profile:
    return Profile(team=Team(members=list(members)))


def m(young: bool | None = True, core: bool | None = True) -> Person:
    birth = None if young is None else YOUNG_BIRTH if young else OLD_BIRTH
    return Person(birth_date=birth, core=core)


def run(rule: Rule, profile: Profile, as_of: D = REF) -> Check:
    return rule.evaluate(Context(profile=profile, as_of=as_of, params=ParameterStore()))


# -- Count -------------------------------------------------------------------------------


def count(op: str = ">=", value: int = 5) -> Count:
    return Count(collection="team.members", where=CORE, op=op, value=value, label=LABEL)


def test_count_exactly_the_minimum_passes_one_fewer_fails() -> None:
    assert run(count(), team(*[m() for _ in range(5)], m(core=False))).status is Status.PASS
    check = run(count(), team(*[m() for _ in range(4)], m(core=False)))
    assert check.status is Status.FAIL
    assert [h.en for h in check.hints] == ["1 more core members needed"]
    check = run(count(), team(*[m() for _ in range(2)]))
    assert [h.en for h in check.hints] == ["3 more core members needed"]


@pytest.mark.parametrize(
    ("op", "value", "n", "status", "hint"),
    [
        (">", 5, 5, Status.FAIL, "1 more core members needed"),
        (">", 5, 6, Status.PASS, None),
        ("<=", 2, 2, Status.PASS, None),
        ("<=", 2, 3, Status.FAIL, "1 fewer core members needed"),
        ("<", 2, 2, Status.FAIL, "1 fewer core members needed"),
        ("<", 2, 1, Status.PASS, None),
        ("==", 3, 3, Status.PASS, None),
        ("==", 3, 4, Status.FAIL, "the number of core members must be equal to 3"),
    ],
)
def test_count_other_operators(
    op: str, value: int, n: int, status: Status, hint: str | None
) -> None:
    check = run(count(op, value), team(*[m() for _ in range(n)]))
    assert check.status is status
    assert [h.en for h in check.hints] == ([hint] if hint else [])


def test_count_unknown_members_only_matter_when_they_could_change_it() -> None:
    # 4 known core + 1 unknown: 4..5 -> undetermined, naming the member's field
    check = run(count(), team(m(), m(), m(), m(), m(core=None)))
    assert check.status is Status.UNKNOWN
    assert check.missing == ("team.members[4].core",)
    assert check.read["counted"] == "4..5"
    # 5 known core + 1 unknown: passes either way, nothing is missing
    check = run(count(), team(*[m() for _ in range(5)], m(core=None)))
    assert (check.status, check.missing) == (Status.PASS, ())
    # 2 known + 1 unknown against 5: fails either way
    check = run(count(), team(m(), m(), m(core=None)))
    assert (check.status, check.missing) == (Status.FAIL, ())


def test_count_list_not_stated_vs_stated_empty() -> None:
    check = run(count(value=1), Profile(team=Team(members=None)))
    assert (check.status, check.missing) == (Status.UNKNOWN, ("team.members",))
    assert run(count(value=1), team()).status is Status.FAIL
    assert run(count(value=1), Profile()).missing == ("team.members",)


def test_count_without_where_counts_items() -> None:
    rule = Count(collection="team.members", op=">=", value=3)
    assert run(rule, team(m(), m(core=False), m(core=None))).status is Status.PASS
    assert run(rule, team(m(), m())).status is Status.FAIL


# -- Share -------------------------------------------------------------------------------

SHARE = Share(
    collection="team.members",
    among=CORE,
    where=YOUNG,
    op=">=",
    fraction=Fraction(1, 3),
    label=LABEL,
)


def core_team(n: int, young: int, *extra: Person) -> Profile:
    return team(*[m(young=i < young) for i in range(n)], *extra)


@pytest.mark.parametrize(
    ("n", "young", "status"),
    [
        (9, 3, Status.PASS),
        (9, 2, Status.FAIL),
        (3, 1, Status.PASS),
        (3, 0, Status.FAIL),
        (6, 2, Status.PASS),
        (6, 1, Status.FAIL),
        (7, 3, Status.PASS),
        (7, 2, Status.FAIL),  # 3*2 = 6 < 7
        (12, 4, Status.PASS),
        (12, 3, Status.FAIL),
    ],
)
def test_share_one_third_exactly(n: int, young: int, status: Status) -> None:
    check = run(SHARE, core_team(n, young))
    assert check.status is status
    assert check.read["share required"] == "1/3"


def test_share_counts_only_the_among_group() -> None:
    # 2 young of 6 core; three old non-core members do not dilute the share
    profile = core_team(
        6, 2, m(young=False, core=False), m(young=False, core=False), m(young=False, core=False)
    )
    assert run(SHARE, profile).status is Status.PASS
    # and young non-core members do not help it
    profile = core_team(7, 2, m(core=False), m(core=False))
    assert run(SHARE, profile).status is Status.FAIL


@pytest.mark.parametrize(
    ("n", "young", "add", "swap"),
    [
        (7, 2, 1, 1),  # 3/8 >= 1/3, 2/7 not
        (9, 2, 2, 1),  # 4/11 ok, 3/10 not
        (12, 3, 2, 1),
        (10, 0, 5, 4),  # 5/15 ok; replace 4 -> 4/10
    ],
)
def test_share_hint_numbers_are_exact(n: int, young: int, add: int, swap: int) -> None:
    check = run(SHARE, core_team(n, young))
    assert check.status is Status.FAIL
    (hint,) = check.hints
    assert f"add {add} more core members who meet it" in hint.en
    assert f"replace {swap} of them" in hint.en
    # the numbers are the least that work
    assert run(SHARE, core_team(n + add, young + add)).status is Status.PASS
    assert run(SHARE, core_team(n + add - 1, young + add - 1)).status is Status.FAIL
    assert run(SHARE, core_team(n, young + swap)).status is Status.PASS
    assert run(SHARE, core_team(n, young + swap - 1)).status is Status.FAIL


def test_share_at_most_hint() -> None:
    rule = Share(
        collection="team.members", where=YOUNG, op="<=", fraction=Fraction(1, 3), label=LABEL
    )
    assert run(rule, core_team(9, 3)).status is Status.PASS
    check = run(rule, core_team(9, 4))
    assert check.status is Status.FAIL
    # 4 of 9 -> 4 of 12 works (add 3 outside the group); or 2 of 7 (2 fewer in it)
    assert "add 3 more core members outside the group" in check.hints[0].en
    assert "have 2 fewer core members in the group" in check.hints[0].en
    assert run(rule, core_team(12, 4)).status is Status.PASS
    assert run(rule, core_team(11, 4)).status is Status.FAIL
    assert run(rule, core_team(7, 2)).status is Status.PASS
    assert run(rule, core_team(8, 3)).status is Status.FAIL


def test_share_unknown_birth_dates_only_when_they_matter() -> None:
    # 7 core, 2 young, member 3 born on an unknown date: 2..3 of 7 -> undetermined
    members = [
        m(),
        m(),
        m(young=False),
        m(young=None),
        m(young=False),
        m(young=False),
        m(young=False),
    ]
    check = run(SHARE, team(*members))
    assert check.status is Status.UNKNOWN
    assert check.missing == ("team.members[3].birth_date",)
    assert check.read["qualifying"] == "2..3"
    # 6 core, 2 young + 1 unknown: 2..3 of 6 passes either way
    members = [m(), m(), m(young=None), m(young=False), m(young=False), m(young=False)]
    check = run(SHARE, team(*members))
    assert (check.status, check.missing) == (Status.PASS, ())
    # 9 core, 1 young + 1 unknown: 1..2 of 9 fails either way
    members = [m(), m(young=None), *[m(young=False) for _ in range(7)]]
    check = run(SHARE, team(*members))
    assert (check.status, check.missing) == (Status.FAIL, ())


def test_share_unknown_membership_when_it_matters() -> None:
    # 2 young of 6 core, plus one old member whose core status is unknown: 2/6 or 2/7
    check = run(SHARE, core_team(6, 2, m(young=False, core=None)))
    assert check.status is Status.UNKNOWN
    assert "team.members[6].core" in check.missing


def test_share_unknown_membership_that_cannot_matter() -> None:
    # 6 young core members; one more old member of unknown status: 6/6 or 6/7, both >= 1/3
    check = run(SHARE, core_team(6, 6, m(young=False, core=None)))
    assert check.status is Status.PASS


def test_share_empty_group_fails_an_at_least_share() -> None:
    check = run(SHARE, team(m(core=False)))
    assert check.status is Status.FAIL


def test_share_missing_collection() -> None:
    check = run(SHARE, Profile())
    assert (check.status, check.missing) == (Status.UNKNOWN, ("team.members",))


# -- NoneWithin --------------------------------------------------------------------------

MISCONDUCT = NoneWithin(
    collection="person.records",
    where=OneOf(fact="kind", values=("misconduct", "illegal")),
    period=Period(years=3),
    on="as_of",
)


def records(*recs: Record | None) -> Profile:
    return Profile(person=Person(records=None if recs == (None,) else list(recs)))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("date", "status"),
    [
        (D(2023, 2, 28), Status.PASS),  # the day before the window opens
        (D(2023, 3, 1), Status.FAIL),  # first day of the window (inclusive)
        (D(2026, 3, 1), Status.FAIL),  # the reference date itself (inclusive)
        (D(2026, 3, 2), Status.PASS),  # after the reference date
    ],
)
def test_none_within_window_ends_inclusive(date: D, status: Status) -> None:
    check = run(MISCONDUCT, records(Record(kind="misconduct", date=date)))
    assert check.status is status
    assert check.read["window"] == "2023-03-01..2026-03-01"


def test_none_within_hint_says_when_the_record_leaves_the_window() -> None:
    check = run(
        MISCONDUCT,
        records(
            Record(kind="illegal", date=D(2023, 3, 1)),
            Record(kind="misconduct", date=D(2024, 5, 6)),
        ),
    )
    assert check.hints[0].en == "the latest record (2024-05-06) leaves the window on 2027-05-07"
    # on that day it passes, the day before it fails
    recs = records(Record(kind="misconduct", date=D(2024, 5, 6)))
    assert run(MISCONDUCT, recs, as_of=D(2027, 5, 7)).status is Status.PASS
    assert run(MISCONDUCT, recs, as_of=D(2027, 5, 6)).status is Status.FAIL


def test_none_within_ignores_other_kinds_and_empty_lists() -> None:
    assert (
        run(MISCONDUCT, records(Record(kind="parking", date=D(2025, 1, 1)))).status is Status.PASS
    )
    assert run(MISCONDUCT, records()).status is Status.PASS


def test_none_within_missing_list_and_missing_dates() -> None:
    check = run(MISCONDUCT, records(None))
    assert (check.status, check.missing) == (Status.UNKNOWN, ("person.records",))
    check = run(MISCONDUCT, records(Record(kind="misconduct")))
    assert (check.status, check.missing) == (Status.UNKNOWN, ("person.records[0].date",))
    # an undated record of another kind does not matter
    assert run(MISCONDUCT, records(Record(kind="parking"))).status is Status.PASS
    # a dated hit decides regardless of an undated one
    check = run(
        MISCONDUCT,
        records(Record(kind="misconduct"), Record(kind="misconduct", date=D(2025, 1, 1))),
    )
    assert (check.status, check.missing) == (Status.FAIL, ())


def test_collections_read_nested_facts_relative_to_the_item() -> None:
    rule = Count(collection="team.members", where=Compare(fact="facts.x.flag"), value=2)
    members: list[Any] = [
        Person(facts={"x.flag": True}),
        Person(facts={"x.flag": True}),
        Person(facts={}),
    ]
    assert run(rule, team(*members)).status is Status.PASS
    check = run(
        Count(collection="team.members", where=Compare(fact="facts.x.flag"), value=3),
        team(*members),
    )
    assert check.status is Status.UNKNOWN
    assert check.missing == ("team.members[2].facts.x.flag",)


def test_share_empty_group_hint_and_at_most() -> None:
    check = run(SHARE, team(m(core=False)))
    assert [h.en for h in check.hints] == [
        "there are no core members; at least one who qualifies is needed"
    ]
    at_most = Share(
        collection="team.members", among=CORE, where=YOUNG, op="<=", fraction=Fraction(1, 3)
    )
    assert run(at_most, team(m(core=False))).status is Status.PASS


# -- unknown members: the result is unknown exactly when a completion could change it ----

TRI = st.sampled_from([True, False, None])
MEMBER = st.tuples(TRI, TRI)  # (core, young)


def _concrete_share(members: list[tuple[bool, bool]], op: str, frac: Fraction) -> bool:
    n = sum(1 for core, _ in members if core)
    k = sum(1 for core, young in members if core and young)
    if n == 0:
        return op in ("<=", "<")
    p, q = frac.numerator, frac.denominator
    return {">=": q * k >= p * n, ">": q * k > p * n, "<=": q * k <= p * n, "<": q * k < p * n}[op]


def _completions(members: list[tuple[bool | None, bool | None]]) -> list[list[tuple[bool, bool]]]:
    slots = [(i, j) for i, mem in enumerate(members) for j in (0, 1) if mem[j] is None]
    out = []
    for values in itertools.product((True, False), repeat=len(slots)):
        filled = [list(mem) for mem in members]
        for (i, j), v in zip(slots, values, strict=True):
            filled[i][j] = v
        out.append([(bool(c), bool(y)) for c, y in filled])
    return out


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    st.lists(MEMBER, max_size=7),
    st.sampled_from([">=", ">", "<=", "<"]),
    st.sampled_from([Fraction(1, 3), Fraction(1, 2), Fraction(2, 5), Fraction(3, 4)]),
)
def test_share_is_unknown_exactly_when_it_matters(
    members: list[tuple[bool | None, bool | None]], op: str, frac: Fraction
) -> None:
    rule = Share(collection="team.members", among=CORE, where=YOUNG, op=op, fraction=frac)
    check = run(rule, team(*[m(young=y, core=c) for c, y in members]))
    outcomes = {_concrete_share(c, op, frac) for c in _completions(members)}
    expected = (
        Status.UNKNOWN
        if len(outcomes) == 2
        else (Status.PASS if outcomes == {True} else Status.FAIL)
    )
    assert check.status is expected
    if expected is not Status.UNKNOWN:
        assert check.missing == ()
    else:
        assert check.missing


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    st.lists(MEMBER, max_size=7),
    st.sampled_from([">=", ">", "<=", "<", "==", "!="]),
    st.integers(min_value=0, max_value=5),
)
def test_count_is_unknown_exactly_when_it_matters(
    members: list[tuple[bool | None, bool | None]], op: str, value: int
) -> None:
    where = AllOf(rules=[CORE, YOUNG])
    rule = Count(collection="team.members", where=where, op=op, value=value)
    check = run(rule, team(*[m(young=y, core=c) for c, y in members]))
    ops = {
        ">=": int.__ge__,
        ">": int.__gt__,
        "<=": int.__le__,
        "<": int.__lt__,
        "==": int.__eq__,
        "!=": int.__ne__,
    }
    outcomes = {
        ops[op](sum(1 for c, y in comp if c and y), value) for comp in _completions(members)
    }
    expected = (
        Status.UNKNOWN
        if len(outcomes) == 2
        else (Status.PASS if outcomes == {True} else Status.FAIL)
    )
    assert check.status is expected


@pytest.mark.parametrize(
    "record",
    [D(2023, 2, 28), D(2024, 2, 29), D(2025, 1, 31), D(2025, 12, 31), D(2026, 3, 1)],
    ids=str,
)
def test_none_within_clearing_date_is_exact(record: D) -> None:
    recs = records(Record(kind="misconduct", date=record))
    check = run(MISCONDUCT, recs, as_of=record)
    assert check.status is Status.FAIL
    clears = D.fromisoformat(check.hints[0].en.rsplit(" ", 1)[1])
    assert run(MISCONDUCT, recs, as_of=clears).status is Status.PASS
    assert run(MISCONDUCT, recs, as_of=clears - dt.timedelta(days=1)).status is Status.FAIL


def test_none_within_names_the_facts_of_an_undetermined_match() -> None:
    serious = NoneWithin(
        collection="person.records",
        where=Compare(fact="substantiated"),
        period=Period(years=3),
        on="as_of",
    )
    check = run(serious, records(Record(kind="complaint", date=D(2025, 1, 1))))
    assert (check.status, check.missing) == (Status.UNKNOWN, ("person.records[0].substantiated",))
    # outside the window the undetermined record cannot matter
    check = run(serious, records(Record(kind="complaint", date=D(2020, 1, 1))))
    assert (check.status, check.missing) == (Status.PASS, ())
    check = run(serious, records(Record(kind="complaint", date=D(2025, 1, 1), substantiated=False)))
    assert check.status is Status.PASS


# -- Count over many undecided items ----------------------------------------------------


@pytest.mark.parametrize("undecided", [64, 65, 200])
@pytest.mark.parametrize(
    ("op", "value", "status"),
    [
        ("==", 10, Status.UNKNOWN),  # 0..n undecided: 10 is possible, not certain
        ("!=", 10, Status.UNKNOWN),
        ("==", 0, Status.UNKNOWN),  # the lower end
        ("!=", 1000, Status.PASS),  # outside the range: never equal
        ("==", 1000, Status.FAIL),
    ],
)
def test_count_equality_is_exact_however_many_items_are_undecided(
    undecided: int, op: str, value: int, status: Status
) -> None:
    members = [m(young=None) for _ in range(undecided)]
    rule = Count(collection="team.members", where=AllOf(rules=[CORE, YOUNG]), op=op, value=value)
    assert run(rule, team(*members)).status is status


def test_count_equality_at_the_upper_end_of_a_wide_range() -> None:
    rule = Count(collection="team.members", where=AllOf(rules=[CORE, YOUNG]), op="==", value=65)
    assert run(rule, team(*[m(young=None) for _ in range(65)])).status is Status.UNKNOWN
    rule = Count(collection="team.members", where=AllOf(rules=[CORE, YOUNG]), op="!=", value=66)
    assert run(rule, team(*[m(young=None) for _ in range(65)])).status is Status.PASS


# -- NoneWithin by calendar years -------------------------------------------------------

BAR = NoneWithin(
    collection="person.records",
    where=Compare(fact="kind", value="unqualified"),
    calendar_years=1,
    on="facts.call",
)


def bar_case(*recs: Record, call: D = REF) -> Profile:
    return Profile(person=Person(records=list(recs)), facts={"call": call})


@pytest.mark.parametrize(
    ("graded", "status"),
    [
        (D(2024, 12, 31), Status.PASS),  # two years back: outside
        (D(2025, 1, 1), Status.FAIL),  # first day of the year before
        (D(2025, 12, 31), Status.FAIL),  # last day of the year before
        (D(2026, 1, 1), Status.PASS),  # the call's own year is not in the window
    ],
)
def test_none_within_calendar_years_window(graded: D, status: Status) -> None:
    check = run(BAR, bar_case(Record(kind="unqualified", date=graded)))
    assert check.status is status
    assert check.read["window"] == "2025-01-01..2025-12-31"


def test_none_within_calendar_years_hint_and_wider_window() -> None:
    check = run(BAR, bar_case(Record(kind="unqualified", date=D(2025, 6, 1))))
    assert check.hints[0].en.endswith("the earliest year it no longer counts is 2027")
    two = attrs.evolve(BAR, calendar_years=2)
    recs = Record(kind="unqualified", date=D(2024, 1, 1))
    assert run(two, bar_case(recs)).status is Status.FAIL
    assert run(two, bar_case(recs, call=D(2027, 1, 1))).status is Status.PASS


def test_none_within_calendar_years_unknowns() -> None:
    # an undated matching record and an unknown match inside the window stay open
    check = run(BAR, bar_case(Record(kind="unqualified")))
    assert (check.status, check.missing) == (Status.UNKNOWN, ("person.records[0].date",))
    proven = attrs.evolve(
        BAR,
        where=AllOf(
            rules=[Compare(fact="kind", value="unqualified"), Compare(fact="substantiated")]
        ),
    )
    open_ = Record(kind="unqualified", date=D(2025, 5, 1))
    check = run(proven, bar_case(open_))
    assert (check.status, check.missing) == (Status.UNKNOWN, ("person.records[0].substantiated",))
    # an unknown match outside the window cannot bar
    old = Record(kind="unqualified", date=D(2023, 5, 1))
    assert run(proven, bar_case(old)).status is Status.PASS
    check = run(BAR, Profile(person=Person(records=[])))
    assert (check.status, check.missing) == (Status.UNKNOWN, ("facts.call",))


def test_none_within_period_and_calendar_years_exclude_each_other() -> None:
    with pytest.raises(ValueError, match="not both"):
        NoneWithin(collection="person.records", period=Period(years=1), calendar_years=1)


# -- InRole ---------------------------------------------------------------------------------

PARTICIPATING = Count(
    collection="team.members",
    where=InRole(fact="employer", roles=("lead", "partner")),
    op=">=",
    value=1,
)


def unit_case(employer: str | None, *orgs: Organisation | None) -> Profile:
    return Profile(
        team=Team(members=[Person(employer=employer)]),
        organisations=None if orgs == (None,) else list(orgs),  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("orgs", "status", "missing"),
    [
        ((Organisation(id="u1", role="lead"),), Status.PASS, ()),
        ((Organisation(id="u1", role="partner"),), Status.PASS, ()),
        ((Organisation(id="u1", role="host"),), Status.FAIL, ()),
        ((Organisation(id="u2", role="lead"),), Status.FAIL, ()),
        ((Organisation(id="u1"),), Status.UNKNOWN, ("organisations[0].role",)),
        ((Organisation(role="partner"),), Status.UNKNOWN, ("organisations[0].id",)),
        ((Organisation(role="host"),), Status.FAIL, ()),  # no id, but a role not in the set
        (
            (Organisation(role="partner"), Organisation(id="u1", role="lead")),
            Status.PASS,
            (),
        ),
        ((None,), Status.UNKNOWN, ("organisations",)),
    ],
)
def test_in_role(orgs: tuple[Organisation, ...], status: Status, missing: tuple[str, ...]) -> None:
    check = run(PARTICIPATING, unit_case("u1", *orgs))
    assert check.status is status
    assert check.missing == missing


def test_in_role_missing_unit() -> None:
    check = run(PARTICIPATING, unit_case(None, Organisation(id="u1", role="lead")))
    assert (check.status, check.missing) == (Status.UNKNOWN, ("team.members[0].employer",))


def test_share_tally_names_each_missing_fact_once_in_order() -> None:
    """The facts missing across members are gathered in the order met, each once, also
    where one member's list repeats a name."""
    from talentkit.rules.also import Entry
    from talentkit.rules.collections import _share_tally
    from talentkit.rules.outcome import FAIL, PASS, UNKNOWN

    entries = [
        Entry(UNKNOWN, UNKNOWN, ("a", "b", "a"), ("c",), None, "m[0]"),
        Entry(PASS, UNKNOWN, (), ("c", "d", "d"), None, "m[1]"),
        Entry(FAIL, UNKNOWN, ("x",), ("y",), None, "m[2]"),
        Entry(UNKNOWN, PASS, ("e", "b"), ("z",), None, "m[3]"),
        Entry(PASS, PASS, (), ("w",), None, "m[4]"),
    ]
    missing = ["b"]
    assert _share_tally(entries, missing) == (1, 1, 2, 2, 1)
    assert missing == ["b", "a", "c", "d", "e"]
