"""The columnar check for a list naming one subject twice flags every row the parser
rejects for it, whatever the list's length: two items compared part by part, longer lists
by their identities."""

from __future__ import annotations

import itertools
from typing import Any

import polars as pl

from talentkit.batch.schema import _repeated
from talentkit.listed import LISTED_ONCE
from talentkit.subjects import Organisation, Person

ORG = pl.Struct({"id": pl.String(), "role": pl.String(), "kind": pl.String()})
PERSON = pl.Struct({"id": pl.String(), "birth_date": pl.Date()})


def _twice(items: list[dict[str, Any]] | None, names: tuple[str, ...]) -> bool:
    """What :mod:`talentkit.listed` rejects: two items of one identity, no part absent."""
    keys = [tuple(i[n] for n in names) for i in items or ()]
    keys = [k for k in keys if None not in k]
    return len(keys) != len(set(keys))


def _flags(lists: list[Any], item: type, dtype: pl.Struct) -> list[bool]:
    check = _repeated(pl.col("x"), item, dtype)
    assert check is not None
    frame = pl.DataFrame({"x": lists}, schema={"x": pl.List(dtype)})
    return frame.select(check).to_series().to_list()


def test_organisations_of_every_small_list() -> None:
    items = [
        {"id": i, "role": r, "kind": "k"}
        for i, r in itertools.product([None, "a", "b"], [None, "employer", "company"])
    ]
    lists: list[Any] = [None, []]
    for n in (1, 2, 3):
        lists += [list(c) for c in itertools.product(items, repeat=n)]
    names = LISTED_ONCE[Organisation]
    want = [_twice(x, names) for x in lists]
    assert _flags(lists, Organisation, ORG) == want
    assert sum(want) > 100  # (and many lists that are fine)


def test_people_by_id_and_a_list_with_a_null_item() -> None:
    lists: list[Any] = [
        [{"id": "p"}, {"id": "p"}],
        [{"id": "p"}, {"id": "q"}],
        [{"id": "p"}, {"id": None}],
        [{"id": None}, {"id": None}],
        [{"id": "p"}, None],
        [None, None],
        [{"id": "p"}, {"id": "q"}, {"id": "p"}],
        [{"id": "p"}, None, {"id": "q"}, None],
        [{"id": "p"}, {"id": "q"}, {"id": "r"}, {"id": "q"}],
    ]
    got = _flags(lists, Person, PERSON)
    assert got == [True, False, False, False, False, False, True, False, True]


def test_identities_of_several_parts_are_not_confused() -> None:
    """Parts compared one by one never match across parts; a longer list's identity text
    may over-flag (then the parser decides), never under-flag."""
    two = [
        [{"id": "a\x00b", "role": "c", "kind": None}, {"id": "a", "role": "b\x00c", "kind": None}]
    ]
    assert _flags(two, Organisation, ORG) == [False]
    three = [[*two[0], {"id": "z", "role": "c", "kind": None}]]
    assert _flags(three, Organisation, ORG) in ([False], [True])
