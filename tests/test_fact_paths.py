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


def _walked(root: Any, steps: tuple[tuple[str, ...], ...]) -> Any:
    """The walk over a path's steps as written step by step (each field through
    ``_get``, a selection by a generator): what the walk with its reads inline gives."""
    from talentkit.facts import _get

    current = root
    for step in steps:
        if current is None or current is MISSING:
            return MISSING
        if step[0] == "get":
            current = _get(current, step[1])
        elif step[0] == "facts":
            facts = _get(current, "facts")
            if not isinstance(facts, dict):
                return MISSING
            value = facts.get(step[1])
            return MISSING if value is None else value
        else:
            items = _get(current, step[1])
            if not isinstance(items, list):
                return MISSING
            current = next((x for x in items if str(_get(x, step[2])) == step[3]), MISSING)
    return MISSING if current is None else current


def test_selected_paths_read_as_the_walk_step_by_step() -> None:
    """Paths selecting an item (the first whose field is written so: a number, a missing
    field written ``MISSING``, none, an item that is no record, a selection of a
    selection) on records, mappings and leaves read as walking them step by step."""
    from talentkit.facts import _steps, _walk
    from talentkit.subjects import Organisation, Profile

    items: list[Any] = [
        None,
        3,
        {"role": None, "n": 1},
        {"n": 2, "facts": {"x.k": 5}},
        {"role": 3, "n": 3, "sub": [{"k": "a", "v": 1}, {"k": "b", "v": None}]},
        Organisation(role="host", kind="university", facts={"x.site": True}),
        {"role": "host", "kind": "later"},
        {"role": "partner", "facts": None},
    ]
    roots: list[Any] = [
        None,
        MISSING,
        "text",
        {"organisations": items},
        {"organisations": tuple(items)},  # not a list
        {"organisations": None},
        {"organisations": []},
        Profile(organisations=[i for i in items if isinstance(i, Organisation)]),
    ]
    paths = [
        "organisations[role=host].kind",
        "organisations[role=host].facts.x.site",
        "organisations[role=3].n",
        "organisations[role=3].sub[k=b].v",
        "organisations[role=3].sub[k=a].v",
        "organisations[role=None].n",
        "organisations[role=MISSING].n",
        "organisations[role=MISSING].facts.x.k",
        "organisations[role=partner].facts.x.site",
        "organisations[role=lead].kind",
        "organisations[role=host]",
    ]
    for path in paths:
        steps = _steps(path)
        for root in roots:
            want = _walked(root, steps)
            got = _walk(root, steps)
            assert got is want or (got == want and type(got) is type(want)), (path, root)
    assert _walk({"organisations": items[2:]}, _steps("organisations[role=MISSING].n")) == 2
    assert _walk({"organisations": items}, _steps("organisations[role=host].kind")) == "university"
