"""Rules combined to any depth (all-of, any-of, not, when) compile to the single-case
engine's status in every case: random trees over leaves that pass, fail, are unknown or
go to review case by case, so every combination meets every mix of its parts' statuses,
not applicable (a condition that fails) among them."""

from __future__ import annotations

import datetime as dt
import itertools

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talentkit import AllOf, AnyOf, Not, Status, When
from talentkit.batch.compile import STATUS_OF, Scope, apply_defs, compile_rule
from talentkit.batch.schema import profiles_frame
from talentkit.params import ParameterStore
from talentkit.rules import Compare, Rule
from talentkit.rules.context import Context
from talentkit.rules.human import Attested
from talentkit.subjects import Attestation, Person, Profile
from talentkit.text import Text

DAY = dt.date(2026, 3, 1)
KEYS = ("a", "b")
#: leaves deciding pass, fail or review (attested yes, no, not at all) and pass, fail or
#: unknown (born before 1990, after, not given), each case by case
LEAVES: list[Rule] = [
    *(Attested(key=k, question=Text(k, k)) for k in KEYS),
    Compare(fact="person.birth_date", op="<=", value=dt.date(1990, 1, 1)),
]


def _profile(attested: tuple[bool | None, ...], born: dt.date | None) -> Profile:
    return Profile(
        person=Person(birth_date=born),
        attestations={
            k: Attestation(value=v, by="office", on=DAY)
            for k, v in zip(KEYS, attested, strict=True)
            if v is not None
        },
    )


#: every mix of the leaves' outcomes, a case each
PROFILES = [
    _profile(attested, born)
    for attested in itertools.product((None, True, False), repeat=len(KEYS))
    for born in (None, dt.date(1980, 5, 1), dt.date(2000, 5, 1))
]
FRAME = profiles_frame(PROFILES, {})


def _trees() -> st.SearchStrategy[Rule]:
    def combined(parts: st.SearchStrategy[Rule]) -> st.SearchStrategy[Rule]:
        some = st.lists(parts, min_size=1, max_size=3)
        return st.one_of(
            some.map(lambda rules: AllOf(rules=rules)),
            some.map(lambda rules: AnyOf(rules=rules)),
            parts.map(lambda rule: Not(rule=rule)),
            st.tuples(parts, parts).map(lambda p: When(condition=p[0], then=p[1])),
        )

    return st.recursive(st.sampled_from(LEAVES), combined, max_leaves=8)


def _compiled(rules: list[Rule]) -> list[list[Status]]:
    scope = Scope(FRAME.schema, {}, ParameterStore(), DAY, (), Profile())
    statuses = [compile_rule(r, scope).status.alias(f"s{i}") for i, r in enumerate(rules)]
    out = apply_defs(FRAME, scope.defs).select(statuses)
    return [[STATUS_OF[c] for c in out.get_column(f"s{i}")] for i in range(len(rules))]


def _decided(rule: Rule) -> list[Status]:
    return [
        rule.evaluate(Context(profile=p, as_of=DAY, params=ParameterStore())).status
        for p in PROFILES
    ]


def test_the_leaves_give_every_status_they_may() -> None:
    got = _compiled(LEAVES)
    assert got == [_decided(leaf) for leaf in LEAVES]
    assert {s for statuses in got for s in statuses} == {
        Status.PASS,
        Status.FAIL,
        Status.REVIEW,
        Status.UNKNOWN,
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_trees(), min_size=1, max_size=4))
def test_a_tree_of_rules_compiles_to_the_engines_status(trees: list[Rule]) -> None:
    for tree, got in zip(trees, _compiled(trees), strict=True):
        assert got == _decided(tree), tree


def test_a_condition_that_fails_leaves_the_combinations_not_applicable() -> None:
    """Not applicable reaches each combination from a condition that fails (no leaf
    gives it): an all-of of parts that do not apply passes, an any-of does not apply,
    a negation does not apply."""
    off = When(condition=Not(rule=LEAVES[2]), then=LEAVES[0])  # born before 1990: n/a
    rules = [off, AllOf(rules=[off, off]), AnyOf(rules=[off, off]), Not(rule=off)]
    got = _compiled(rules)
    assert got == [_decided(r) for r in rules]
    born_early = [
        i
        for i, p in enumerate(PROFILES)
        if p.person and p.person.birth_date and p.person.birth_date.year == 1980
    ]
    assert {got[0][i] for i in born_early} == {Status.NA}
    assert {got[1][i] for i in born_early} == {Status.PASS}
    assert {got[2][i] for i in born_early} == {Status.NA}
    assert {got[3][i] for i in born_early} == {Status.NA}


def test_the_frame_has_a_case_per_mix() -> None:
    assert FRAME.height == 3 ** len(KEYS) * 3
    assert isinstance(FRAME, pl.DataFrame)
