"""Fact paths resolve the same on every look-up (paths are parsed once and cached)."""

from __future__ import annotations

from typing import Any

from talentkit.facts import MISSING, resolve

PROFILE: dict[str, Any] = {
    "person": {"birth_date": "1990-01-01", "facts": {"x.a.b": 3, "x.none": None}},
    "organisations": [
        {"role": "partner", "kind": "enterprise"},
        {"role": "host", "kind": "university", "facts": {"x.site": True}},
    ],
    "facts": None,
}


def test_plain_selected_and_dotted_fact_paths() -> None:
    assert resolve(PROFILE, "person.birth_date") == "1990-01-01"
    assert resolve(PROFILE, "organisations[role=host].kind") == "university"
    assert resolve(PROFILE, "organisations[role=host].facts.x.site") is True
    assert resolve(PROFILE, "person.facts.x.a.b") == 3


def test_absent_steps_are_missing() -> None:
    assert resolve(PROFILE, "person.facts.x.none") is MISSING
    assert resolve(PROFILE, "person.facts.x.a") is MISSING
    assert resolve(PROFILE, "organisations[role=lead].kind") is MISSING
    assert resolve(PROFILE, "organisations[role=partner].facts.x.site") is MISSING
    assert resolve(PROFILE, "person.records") is MISSING
    assert resolve(PROFILE, "person.birth_date.year") is MISSING
    assert resolve(PROFILE, "facts.x") is MISSING  # facts not a mapping


def test_a_path_ending_in_facts_reads_the_facts_mapping() -> None:
    assert resolve(PROFILE, "person.facts") == {"x.a.b": 3, "x.none": None}


def test_the_same_path_reads_each_profile_afresh() -> None:
    other = {"organisations": [{"role": "host", "kind": "hospital"}]}
    assert resolve(PROFILE, "organisations[role=host].kind") == "university"
    assert resolve(other, "organisations[role=host].kind") == "hospital"
    assert resolve({}, "organisations[role=host].kind") is MISSING


def test_a_path_of_one_field_reads_as_the_general_walk() -> None:
    """A one-field path (a counted item's ``employer``) read by its own accessor gives
    what walking its steps gives, on records, mappings, leaves, none and missing."""
    import functools

    from talentkit.facts import _steps, _walk, accessor
    from talentkit.subjects import Organisation, Person

    roots: list[Any] = [
        None,
        MISSING,
        3,
        "text",
        [1, 2],
        {},
        {"employer": None},
        {"employer": "org"},
        {"employer": 0},
        {"employer": False},
        Person(),
        Person(employer="org"),
        Organisation(kind="enterprise"),
    ]
    for name in ("employer", "kind", "facts"):
        walk = functools.partial(_walk, steps=_steps(name))
        for root in roots:
            assert accessor(name)(root) is walk(root) or accessor(name)(root) == walk(root)
