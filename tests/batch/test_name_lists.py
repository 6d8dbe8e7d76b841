"""Lists of names joined in order, each name once (:func:`~talentkit.batch.compile.union_of`):
what concatenating them and keeping each value's first place gives, row by row."""

from __future__ import annotations

from typing import Any

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from talentkit.batch.compile import NAMES, union_of

NAME = st.sampled_from(["person.birth_date", "person.degree", "application.track", None])
LISTS = st.one_of(st.none(), st.lists(NAME, max_size=4))


def _joined(row: list[list[str | None] | None]) -> list[str | None] | None:
    """The lists one after another, each value at its first place; null if one is null."""
    if any(names is None for names in row):
        return None
    out: list[str | None] = []
    for names in row:
        assert names is not None
        for name in names:
            if name not in out:
                out.append(name)
    return out


@given(st.integers(1, 5).flatmap(lambda k: st.lists(st.lists(LISTS, min_size=k, max_size=k))))
def test_lists_are_joined_in_order_each_name_once(rows: list[list[Any]]) -> None:
    k = len(rows[0]) if rows else 1
    frame = pl.DataFrame(
        {f"l{i}": [row[i] for row in rows] for i in range(k)},
        schema={f"l{i}": NAMES for i in range(k)},
    )
    got = frame.select(union_of([pl.col(f"l{i}") for i in range(k)]).alias("u"))
    assert got.get_column("u").to_list() == [_joined(row) for row in rows]
    # the same as the concatenation it stands for
    plain = frame.select(pl.concat_list(pl.all()).list.unique(maintain_order=True).alias("u"))
    assert got.equals(plain)


def test_a_name_in_several_lists_is_kept_at_its_first_place() -> None:
    frame = pl.DataFrame(
        {"a": [["x", "y"], []], "b": [["z", "x"], ["y", "y"]], "c": [["y", "w"], None]},
        schema={"a": NAMES, "b": NAMES, "c": NAMES},
    )
    got = frame.select(union_of([pl.col("a"), pl.col("b"), pl.col("c")]).alias("u"))
    assert got.get_column("u").to_list() == [["x", "y", "z", "w"], None]
