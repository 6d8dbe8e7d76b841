"""A list column's items read where they lie give what exploding the column gives."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pyarrow as pa
import pytest

from talentkit.batch.flatten import items_of
from talentkit.batch.schema import ITEM, ItemChecks

RECORD = pl.Struct(
    {
        "key": pl.String(),
        "value": pl.Boolean(),
        "on": pl.Date(),
        "evidence": pl.List(pl.String()),
    }
)
ROWS: list[Any] = [
    [{"key": "a.long.key.past.twelve.bytes", "value": True, "on": dt.date(2020, 1, 1)}],
    None,
    [],
    [
        {"key": "b", "value": None, "on": None, "evidence": ["x", "a text longer than twelve"]},
        None,
        {"key": None, "value": False, "on": dt.date(1969, 12, 31), "evidence": []},
    ],
    [{"key": "c", "value": True}],
    None,
    [{"key": "d", "evidence": None}, {"key": "d", "value": True}],
]


def exploded(lists: pl.Series) -> pl.Series:
    return lists.explode(empty_as_null=False, keep_nulls=False)


def same(lists: pl.Series) -> None:
    got, want = items_of(lists), exploded(lists)
    assert got.dtype == want.dtype
    assert got.name == want.name
    assert got.to_list() == want.to_list()
    assert got.equals(want)


def records(rows: list[Any] = ROWS) -> pl.Series:
    return pl.Series("attestations", rows, dtype=pl.List(RECORD))


def test_records_with_null_and_empty_lists() -> None:
    same(records())


@pytest.mark.parametrize(("offset", "length"), [(0, 7), (1, 5), (3, 1), (2, 0), (5, 2)])
def test_a_slice_of_the_column(offset: int, length: int) -> None:
    same(records().slice(offset, length))


def test_a_column_in_several_chunks() -> None:
    parts = [records(ROWS[:3]), records(ROWS[3:4]), records([]), records(ROWS[4:])]
    lists = pl.concat(parts, rechunk=False)
    assert lists.n_chunks() > 1
    same(lists)
    assert items_of(lists).len() == 7


def test_texts_numbers_and_nested_lists() -> None:
    same(pl.Series("t", [["a", None], None, [], ["a text longer than twelve"]]))
    same(pl.Series("n", [[1, 2], None, [3]], dtype=pl.List(pl.Int64())))
    same(pl.Series("l", [[[1], None, []], None, [[2, 3]]], dtype=pl.List(pl.List(pl.Int8()))))


def test_no_items() -> None:
    same(records([]))
    same(records([None, None]))
    same(records([[], None, []]))


def test_a_null_list_that_still_holds_items() -> None:
    # Arrow allows a null list whose offsets span items (a reader may give one): they are
    # not the column's items, though polars' explode gives them (its row counts then no
    # longer match the items: see keyed.py, schema.ItemChecks)
    values = pa.array(["a", "b", "c", "d"], type=pa.large_string())
    offsets = pa.array([0, 2, 3, 4], type=pa.int64())
    arrow = pa.LargeListArray.from_arrays(offsets, values, mask=pa.array([False, True, False]))
    lists = pl.Series("t", arrow)
    assert lists.to_list() == [["a", "b"], None, ["d"]]
    assert items_of(lists).to_list() == ["a", "b", "d"]
    assert items_of(lists).len() == lists.list.len().fill_null(0).sum()


def test_the_items_are_not_copied(monkeypatch: pytest.MonkeyPatch) -> None:
    # the lists of records, texts and numbers of a profile frame never go through explode
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("exploded")

    lists = pl.concat([records(), records(ROWS[2:])], rechunk=False).slice(1, 9)
    want = exploded(lists)
    monkeypatch.setattr(pl.Series, "explode", refuse)
    assert items_of(lists).equals(want)
    assert items_of(pl.Series("t", [["a"], None, ["b", None]])).to_list() == ["a", "b", None]


def test_a_null_list_holding_a_bad_item_flags_no_row() -> None:
    # the checks of a list's items: a bad item hidden under a null list is no row's, and the
    # items after it keep their rows
    keys = pa.array([{"key": k} for k in ("ok", "bad", "ok", "bad")])
    offsets = pa.array([0, 1, 2, 3, 4], type=pa.int64())
    mask = pa.array([False, True, False, False])
    lists = pl.Series("attestations", pa.LargeListArray.from_arrays(offsets, keys, mask=mask))
    checks = ItemChecks("attestations", pl.col(ITEM).struct.field("key") == "bad", None)
    assert checks.flagged(lists.to_frame()) == {3}
