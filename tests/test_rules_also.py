"""Count and Share with a subject outside the list (``also``): the centre director counted
among the fixed staff once, whether or not the staff list names the director.

The verdicts are checked against every way the absent facts could be filled in: the rule
passes only when every way passes, fails only when every way fails.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator, Sequence
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from talentkit import Compare, Count, Profile, Share, Status
from talentkit.params import ParameterStore
from talentkit.rules import Check, Rule
from talentkit.rules.context import Context
from talentkit.rules.outcome import DeferredCheck
from talentkit.subjects import Person, Team

IN_GROUP = Compare(fact="core", value=True)
HIT = Compare(fact="full_time", value=True)


def count(value: int, op: str = ">=") -> Count:
    return Count(collection="team.members", where=IN_GROUP, also=("person",), op=op, value=value)


def share(fraction: Fraction = Fraction(1, 2)) -> Share:
    return Share(
        collection="team.members", among=IN_GROUP, where=HIT, also=("person",), fraction=fraction
    )


def run(rule: Rule, director: Person | None, members: Sequence[Person]) -> Check:
    profile = Profile(person=director, team=Team(members=list(members)))
    ctx = Context(profile=profile, as_of=dt.date(2026, 1, 1), params=ParameterStore())
    lazy = rule.evaluate(ctx)
    assert type(lazy) is DeferredCheck  # decided by its plan
    # the plan decides as run does: status, missing facts, review items, and every part
    now = rule.evaluate_now(ctx)
    assert (lazy.status, lazy.missing, lazy.review) == (now.status, now.missing, now.review)
    assert lazy == now
    return lazy


def staff(n: int, hits: int = 0, prefix: str = "s") -> list[Person]:
    return [Person(id=f"{prefix}{i}", core=True, full_time=i < hits) for i in range(n)]


DIRECTOR = Person(id="d", full_time=True)

# -- the boundaries of 第九条（三） ------------------------------------------------------------


def test_nineteen_listed_and_the_director_not_listed_are_twenty() -> None:
    assert run(count(20), DIRECTOR, staff(19)).status is Status.PASS
    assert run(count(20), DIRECTOR, staff(18)).status is Status.FAIL


def test_the_director_listed_too_is_counted_once() -> None:
    listed = [*staff(18), Person(id="d", core=True)]
    assert run(count(20), DIRECTOR, listed).status is Status.FAIL
    assert run(count(19), DIRECTOR, listed).status is Status.PASS
    # listed outside the group (e.g. as mobile staff): still the director, counted once
    outside = [*staff(19), Person(id="d", core=False)]
    assert run(count(20), DIRECTOR, outside).status is Status.PASS
    assert run(count(21), DIRECTOR, outside).status is Status.FAIL


def test_exactly_half_passes_one_below_fails_in_the_same_population() -> None:
    # 9 of 19 listed hit, the director hits: 10 of 20
    assert run(share(), DIRECTOR, staff(19, hits=9)).status is Status.PASS
    # the director does not hit: 9 of 20
    no_hit = Person(id="d", full_time=False)
    assert run(share(), no_hit, staff(19, hits=9)).status is Status.FAIL
    # the director listed too, both records hitting: 10 of 19, not 11 of 20
    listed = [*staff(18, hits=9), Person(id="d", core=True, full_time=True)]
    assert run(share(), DIRECTOR, listed).status is Status.PASS
    assert run(share(Fraction(11, 20)), DIRECTOR, listed).status is Status.FAIL


# -- the director's own record and their listing (第九条（三）: 第一依托单位科技人员) ----------


def listed_director(hits: int, listing: bool | None, own: bool | None) -> Check:
    """Nine staff of whom ``hits`` hit, the director listed tenth: 1/2 needs 5 of 10."""
    members = [*staff(9, hits=hits), Person(id="d", core=True, full_time=listing)]
    return run(share(), Person(id="d", full_time=own), members)


def test_both_records_agree() -> None:
    assert listed_director(4, True, True).status is Status.PASS  # 5 of 10
    assert listed_director(3, True, True).status is Status.FAIL  # 4 of 10
    assert listed_director(5, False, False).status is Status.PASS  # 5 of 10
    assert listed_director(4, False, False).status is Status.FAIL  # 4 of 10


@pytest.mark.parametrize(("listing", "own"), [(False, True), (True, False)])
def test_records_that_disagree_where_it_decides_need_review(listing: bool, own: bool) -> None:
    check = listed_director(4, listing, own)  # 5 of 10 or 4 of 10
    assert check.status is Status.REVIEW
    assert check.missing == ()
    (item,) = check.review
    assert f"team.members[9].full_time = {str(listing).lower()}" in item.zh
    assert f"person.full_time = {str(own).lower()}" in item.en


@pytest.mark.parametrize(("listing", "own"), [(False, True), (True, False)])
def test_records_that_disagree_where_it_does_not_decide(listing: bool, own: bool) -> None:
    assert listed_director(5, listing, own).status is Status.PASS  # 6 or 5 of 10
    assert listed_director(3, listing, own).status is Status.FAIL  # 4 or 3 of 10
    assert listed_director(3, listing, own).review == ()


def test_one_record_silent() -> None:
    # a record showing it met counts when the other does not say
    assert listed_director(4, None, True).status is Status.PASS
    assert listed_director(4, True, None).status is Status.PASS
    # shown unmet on one record, open on the other: the open fact is what is needed
    check = listed_director(4, None, False)
    assert check.status is Status.UNKNOWN
    assert "team.members[9].full_time" in check.missing
    check = listed_director(4, False, None)
    assert check.status is Status.UNKNOWN
    assert "person.full_time" in check.missing
    # enough either way
    assert listed_director(5, None, False).status is Status.PASS


def test_a_share_of_49_99_percent_fails_and_the_director_makes_it_50() -> None:
    # 2499 of 4999 listed (49.99…%): with the director hitting, 2500 of 5000 = 1/2 exactly
    listed = staff(4999, hits=2499)
    assert run(share(), DIRECTOR, listed).status is Status.PASS
    assert run(share(), Person(id="d", full_time=False), listed).status is Status.FAIL
    plain = Share(collection="team.members", among=IN_GROUP, where=HIT)
    assert run(plain, DIRECTOR, listed).status is Status.FAIL
    # the director listed among the 4999, the listing silent on the condition: the hit
    # comes from the director's own record, still 2500 of 4999 — not 2500 of 5000
    with_director = [*listed[:-1], Person(id="d", core=True)]
    check = run(share(Fraction(2500, 4999)), DIRECTOR, with_director)
    assert check.status is Status.PASS
    assert run(share(Fraction(2501, 4999)), DIRECTOR, with_director).status is Status.FAIL


def test_absent_identities_are_named_when_they_decide() -> None:
    anonymous = [Person(core=True) for _ in range(19)]
    check = run(count(20), DIRECTOR, anonymous)
    assert check.status is Status.UNKNOWN
    assert "team.members[0].id" in check.missing
    assert "team.members[18].id" in check.missing
    check = run(count(20), Person(), staff(19))
    assert check.status is Status.UNKNOWN
    assert list(check.missing) == ["person.id"]
    # 25 listed: 25 or 26, both enough
    assert run(count(20), Person(), [Person(core=True) for _ in range(25)]).status is Status.PASS


def test_an_absent_director_is_needed_only_when_it_decides() -> None:
    check = run(count(20), None, staff(19))
    assert check.status is Status.UNKNOWN
    assert "person" in check.missing
    assert run(count(20), None, staff(20)).status is Status.PASS


def test_an_identity_field_is_required() -> None:
    with pytest.raises(ValueError, match="identity"):
        Count(collection="team.members", also=("person",), identity="")


def test_describe_names_the_subject() -> None:
    assert "person" in count(20).describe().en
    assert "person" in share().describe().en


# -- every way the absent facts could be filled in --------------------------------------------

IDS = ("a", "b")
member_st = st.builds(
    lambda i, g, h: Person(id=i, core=g, full_time=h),
    st.sampled_from([None, *IDS]),
    st.sampled_from([None, True, False]),
    st.sampled_from([None, True, False]),
)
director_st = st.one_of(
    st.none(),
    st.builds(
        lambda i, h: Person(id=i, full_time=h),
        st.sampled_from([None, *IDS]),
        st.sampled_from([None, True, False]),
    ),
)


def _options(value: bool | None) -> tuple[bool, ...]:
    return (True, False) if value is None else (value,)


def completions(
    director: Person | None, members: Sequence[Person]
) -> Iterator[tuple[Person, list[Person]]]:
    """Every complete case: absent flags either way, absent ids any known id or a new one;
    a person is listed at most once, so no two listings share an id. Each person keeps
    whether a flag was given (``name`` "given" / "absent") for :func:`truth`."""
    pool = [*IDS, "c"]
    d = director or Person()
    slots = [(m.id,) if m.id else (*pool, f"new{k}") for k, m in enumerate(members)]
    for d_id in (d.id,) if d.id else (*pool, "new_d"):
        for d_hit in _options(d.full_time):
            for ids in itertools.product(*slots):
                if len(set(ids)) < len(ids):
                    continue
                flags = [
                    itertools.product(_options(m.core), _options(m.full_time)) for m in members
                ]
                for combo in itertools.product(*flags):
                    yield (
                        Person(id=d_id, full_time=d_hit, name=_given(d.full_time)),
                        [
                            Person(id=i, core=g, full_time=h, name=_given(m.full_time))
                            for i, (g, h), m in zip(ids, combo, members, strict=True)
                        ],
                    )


def _given(flag: bool | None) -> str:
    return "absent" if flag is None else "given"


def truth(director: Person, members: Sequence[Person], met: bool) -> tuple[int, int, int]:
    """(people in the group, of them hitting) when everything is known, and the index of
    the listing that is the director (-1: none). The director listed in the group is met
    if either record shows it; where both records were given and disagree, as ``met``
    says (a contradiction: both readings are possible until a person resolves it)."""
    group = [m for m in members if m.core]
    same = next((i for i, m in enumerate(group) if m.id == director.id), -1)
    hits = sum(1 for m in group if m.full_time)
    if same < 0:
        return len(group) + 1, hits + bool(director.full_time), same
    listing = group[same]
    given = director.name == listing.name == "given"
    if given and director.full_time != listing.full_time:
        hits += int(met) - int(bool(listing.full_time))
    elif director.full_time and not listing.full_time:
        hits += 1
    return len(group), hits, same


def _listed_once(members: Sequence[Person]) -> bool:
    known = [m.id for m in members if m.id]
    return len(set(known)) == len(known)


def expected(outcomes: set[bool]) -> Status:
    if outcomes == {True}:
        return Status.PASS
    if outcomes == {False}:
        return Status.FAIL
    return Status.UNKNOWN


@settings(max_examples=300, deadline=None)
@given(
    director=director_st,
    members=st.lists(member_st, max_size=3),
    value=st.integers(0, 5),
    op=st.sampled_from([">=", "<=", "==", "!=", ">", "<"]),
)
def test_count_is_never_decided_against_a_completion(
    director: Person | None, members: list[Person], value: int, op: str
) -> None:
    assume(_listed_once(members))
    ops = {
        ">=": int.__ge__,
        "<=": int.__le__,
        "==": int.__eq__,
        "!=": int.__ne__,
        ">": int.__gt__,
        "<": int.__lt__,
    }
    outcomes = {ops[op](truth(d, ms, True)[0], value) for d, ms in completions(director, members)}
    got = run(count(value, op), director, members).status
    want = expected(outcomes)
    # never decided against a completion; exact once the identities are known
    assert got is want or (got is Status.UNKNOWN and want is not Status.UNKNOWN)
    if all(m.id for m in members) and director and director.id:
        assert got is want


@settings(max_examples=300, deadline=None)
@given(
    director=director_st,
    members=st.lists(member_st, max_size=3),
    fraction=st.sampled_from([Fraction(1, 2), Fraction(1, 3), Fraction(2, 3)]),
)
def test_share_is_decided_only_when_every_completion_agrees(
    director: Person | None, members: list[Person], fraction: Fraction
) -> None:
    assume(_listed_once(members))
    met, unmet = set(), set()  # outcomes with each contradiction read met, unmet
    for d, ms in completions(director, members):
        for when, outcomes in ((True, met), (False, unmet)):
            n, k, _ = truth(d, ms, when)
            outcomes.add(n > 0 and k * fraction.denominator >= fraction.numerator * n)
    want = expected(met) if met == unmet else Status.UNKNOWN
    if met == {True} and unmet == {False}:
        want = Status.REVIEW  # decided either way, differently: the records contradict
    got = run(share(fraction), director, members).status
    # never decided against a completion; undecided only when the placements differ
    assert got is want or (got is Status.UNKNOWN and want is not Status.UNKNOWN)
    if all(m.core is not None and m.id for m in members) and director and director.id:
        assert got is want
