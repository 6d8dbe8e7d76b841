"""A parsed case's walks (its declared facts checked, lists naming a subject twice, its
nesting depth) visit only what may hold what they look for, and find what the full walk
finds: facts and money at any depth, a field of a type they cannot read, a record that
holds itself."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from talentkit import Engine, InputError
from talentkit.convert import check_facts
from talentkit.listed import duplicates
from talentkit.money import Money
from talentkit.subjects import (
    Attestation,
    Award,
    History,
    PaidItem,
    Person,
    Position,
    Profile,
)
from talentkit.textio import MAX_DEPTH, _deep_path, too_deep
from talentkit.typewalk import reaches, walked


def _holds_facts(cls: type) -> bool:
    from talentkit.convert import MONEY_FIELDS

    return "facts" in attrs.fields_dict(cls) or cls in MONEY_FIELDS


def test_a_profile_walks_the_fields_that_may_hold_facts_or_money() -> None:
    assert walked(Profile, _holds_facts) == (
        "person",
        "team",
        "organisations",
        "application",
        "history",
        "facts",
        "awards",
    )
    # receipts hold money; a position, an attestation hold neither
    assert walked(History, _holds_facts) == ("receipts",)
    assert not reaches(Position, _holds_facts)
    assert not reaches(Attestation, _holds_facts)
    assert walked(Person, _holds_facts) == ("facts",)


@attrs.frozen
class _Loose:
    anything: Any
    text: str = ""


@attrs.frozen
class _Unresolved:
    inner: NotDeclaredAnywhere  # type: ignore[name-defined]  # noqa: F821


@attrs.frozen
class _Chain:
    facts: dict[str, Any]
    next: _Chain | None = None
    people: list[Person] | None = None


@attrs.frozen
class _Cycle:
    other: _Cycle | None = None
    text: str = ""


def test_a_field_whose_type_is_not_read_is_walked() -> None:
    assert walked(_Loose, _holds_facts) == ("anything",)
    assert walked(_Unresolved, _holds_facts) == ("inner",)


def test_a_record_that_holds_itself() -> None:
    assert walked(_Chain, _holds_facts) == ("facts", "next", "people")
    # (a record holding itself is walked: what it holds is not decided while deciding it)
    assert walked(_Cycle, _holds_facts) == ("other",)


def test_facts_are_checked_under_a_field_of_any_type() -> None:
    engine = Engine.create(entry_points=False)
    person = Person(facts={"nope.fact": 1})
    _, errors = check_facts(_Loose(anything=[{"k": person}]), engine.registry.facts)
    assert errors == [
        "undeclared fact 'nope.fact' @ $.anything[0].k.facts.nope.fact; no installed plugin "
        "declares it (see `talentkit schema`)"
    ]


def test_facts_and_money_deep_in_a_profile_are_checked() -> None:
    engine = Engine.create(entry_points=False)
    with pytest.raises(InputError) as err:
        engine.load(
            {
                "history": {"receipts": [{"source": "city", "amount": "1.5"}, {"source": "x"}]},
                "awards": [{"programme": "p", "facts": {"no.award": 1}}],
                "team": {"members": [{}, {"facts": {"no.such": True}}]},
            }
        )
    assert [e.split(";")[0] for e in err.value.errors] == [
        "undeclared fact 'no.such' @ $.team.members[1].facts.no.such",
        "undeclared fact 'no.award' @ $.awards[0].facts.no.award",
    ]
    # money built in Python, not parsed: the walk reaches it in a list of a list
    paid = Award(programme="p", paid=[PaidItem(item="i", amount=Money(-1))])
    _, errors = check_facts(Profile(awards=[paid]), engine.registry.facts)
    assert errors == [
        "expected an amount of at least 0 yuan @ $.awards[0].paid[0].amount, got -0.01"
    ]


def test_a_case_without_facts_is_returned_as_it_is() -> None:
    engine = Engine.create(entry_points=False)
    profile = Profile(attestations={"a": Attestation(value=True, by="x", on=_day())})
    checked, errors = check_facts(profile, engine.registry.facts)
    assert errors == []
    assert checked.attestations is profile.attestations


def _day() -> Any:
    import datetime as dt

    return dt.date(2024, 1, 1)


def test_duplicates_are_found_in_a_field_of_any_type() -> None:
    listed = _Loose(anything={"x": [Person(id="a"), Person(id="a")]})
    # a mapping is not walked for duplicates (only lists and records), as before
    assert duplicates(listed) == []
    listed = _Loose(anything=[Person(id="a"), Person(id="a")])
    assert duplicates(listed) == ['duplicate id "a" @ $.anything[1] (first at $.anything[0])']
    chain = _Chain(facts={}, next=_Chain(facts={}, people=[Person(id="b"), Person(id="b")]))
    assert duplicates(chain) == ['duplicate id "b" @ $.next.people[1] (first at $.next.people[0])']


def _nested(depth: int, kinds: list[bool]) -> Any:
    value: Any = 1
    for i in range(depth):
        value = [value] if kinds[i % len(kinds)] else {"k": value}
    return value


@pytest.mark.parametrize("depth", [MAX_DEPTH, MAX_DEPTH + 1, MAX_DEPTH + 2])
def test_the_depth_limit_is_exact(depth: int) -> None:
    value = {"a": 1, "b": _nested(depth, [True, False])}
    found = too_deep(value)
    if depth <= MAX_DEPTH:
        assert found is None
    else:
        assert found is not None
        assert found == _deep_path(value, MAX_DEPTH)
        assert found.startswith("$.b")


_json = st.recursive(
    st.none() | st.integers() | st.text(max_size=3),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=40,
)


@given(value=_json, limit=st.integers(0, 6))
def test_depth_told_without_paths_agrees_with_the_walk_that_names_them(
    value: Any, limit: int
) -> None:
    assert too_deep(value, limit) == _deep_path(value, limit)
