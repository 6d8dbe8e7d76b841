"""Values kept per object by identity, for a run's next chunks."""

from __future__ import annotations

from talentkit.batch.evaluate import Kept, kept_for


class Owner:
    pass


def test_a_value_is_built_once_per_owner_and_again_for_another() -> None:
    store: Kept[list[int]] = {}
    calls: list[int] = []

    def build() -> list[int]:
        calls.append(1)
        return [len(calls)]

    a, b = Owner(), Owner()
    first = kept_for(store, (a,), build, 8)
    assert kept_for(store, (a,), build, 8) is first
    assert kept_for(store, (b,), build, 8) is not first
    assert kept_for(store, (a, b), build, 8) == [3]
    assert kept_for(store, (b, a), build, 8) == [4]  # the owners' order counts
    assert len(calls) == 4


def test_an_id_reused_by_another_object_is_not_taken_for_the_first() -> None:
    store: Kept[str] = {}
    a = Owner()
    kept_for(store, (a,), lambda: "a", 8)
    other = Owner()
    # an entry under the same id but another object (as after the first was freed)
    store[(id(other),)] = ((a,), "a")
    assert kept_for(store, (other,), lambda: "other", 8) == "other"


def test_a_full_store_is_emptied_before_the_next_value() -> None:
    store: Kept[int] = {}
    owners = [Owner() for _ in range(3)]
    for i, o in enumerate(owners):
        kept_for(store, (o,), lambda i=i: i, 2)  # type: ignore[misc]
    assert len(store) == 1
    assert kept_for(store, (owners[2],), lambda: -1, 2) == 2
    assert kept_for(store, (owners[0],), lambda: -1, 2) == -1
