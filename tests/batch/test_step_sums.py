"""A list step's counts packed several to a word (:func:`talentkit.batch.compile._sums`):
counts as large as the longest list fills every bit of its field, with more flags than one
word holds, beside null flags, cases without items and integer sums; and the names of the
open items an empty list where no item is open, or no case has items, or there is no case,
and nothing filled where every case has one open."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest

from talentkit.batch.compile import NAMES, ItemNames, Step, run_steps

FLAGS = 40  # more than one word holds whatever the longest list


@pytest.mark.parametrize("longest", [1, 3, 4, 255, 256])
def test_counts_filling_their_bits_in_several_words(longest: int) -> None:
    rows = [[1] * longest, None, [], [1, None, 0], [0] * longest, [1] * (longest // 2)]
    df = pl.DataFrame({"xs": rows}, schema={"xs": pl.List(pl.Int64())})
    item = pl.col("__item")
    # flag i holds for a value at least i mod 3 - 1: -1 and 0 always, 1 for ones only
    sums = {f"f{i}": item >= (i % 3) - 1 for i in range(FLAGS)}
    step = Step(
        "t",
        pl.col("xs"),
        {},
        {},
        {**dict.fromkeys(sums, 0), "t_sum": 0, "t_any": False},
        sums={**sums, "t_sum": item},
        anys={"t_any": item > 0},
    )
    out = run_steps(df, [step])
    for got, xs in zip(out.to_dicts(), rows, strict=True):
        present = [x for x in xs or [] if x is not None]
        for i in range(FLAGS):
            assert got[f"f{i}"] == sum(1 for x in present if x >= (i % 3) - 1)
        assert got["t_sum"] == sum(present)
        assert got["t_any"] == any(x > 0 for x in present)
    assert {out.schema[f"f{i}"] for i in range(FLAGS)} == {pl.Int64()}


def _named(name: str) -> ItemNames:
    item = pl.col("__item")
    path = pl.concat_list([pl.format("xs[{}]", pl.col("__pos"))])
    return ItemNames(
        item < 0, {f"{name}_n": path}, {f"{name}_mis": pl.col(f"{name}_n").explode().implode()}
    )


@pytest.mark.parametrize(
    ("rows", "want"),
    [
        ([None, [], [1, 2], None], [[], [], [], []]),  # no item open in any case
        ([None, [], None], [[], [], []]),  # no case has items
        ([], []),  # no case
        ([[1, -1], None, [-2]], [["xs[1]"], [], ["xs[0]"]]),  # some open
        ([[-1], [2, -3, -4]], [["xs[0]"], ["xs[1]", "xs[2]"]]),  # every case has one open
    ],
)
def test_names_of_open_items_default_to_empty_lists(rows: list[Any], want: list[Any]) -> None:
    df = pl.DataFrame({"xs": rows}, schema={"xs": pl.List(pl.Int64())})
    step = Step("t", pl.col("xs"), {}, {}, {"t_mis": []}, named=[_named("t")])
    got = run_steps(df, [step]).get_column("t_mis")
    assert got.dtype == NAMES
    assert got.to_list() == want
    assert got.null_count() == 0


def test_counts_and_anys_of_a_chunk_without_items() -> None:
    df = pl.DataFrame({"xs": [None, [], None]}, schema={"xs": pl.List(pl.Int64())})
    item = pl.col("__item")
    step = Step(
        "t",
        pl.col("xs"),
        {},
        {},
        {"a": 0, "b": 0, "c": False, "d": False},
        sums={"a": item, "b": item > 0},
        anys={"c": item > 0, "d": item < 0},
    )
    out = run_steps(df, [step]).drop("xs")
    assert out.schema == pl.Schema(
        {"a": pl.Int64(), "b": pl.Int64(), "c": pl.Boolean(), "d": pl.Boolean()}
    )
    assert out.rows() == [(0, 0, False, False)] * 3


def test_steps_kept_for_a_run_follow_each_chunks_columns() -> None:
    """The merged steps and their narrowed columns, kept from chunk to chunk, give what
    they give built afresh: for chunks whose read record has more fields, or is not read
    as a record, and for an empty chunk."""
    from talentkit.batch import compile as cp

    item = pl.col("__item")
    steps = [
        Step(
            "t",
            pl.col("xs"),
            {"hit": item > pl.col("p").struct.field("a")},
            {},
            {"n": 0},
            sums={"n": pl.col("hit")},
        ),
        Step("u", pl.col("xs"), {}, {}, {"m": 0}, sums={"m": item}),
    ]
    xs = {"xs": [[1, 5], None, [], [2, 3, 4]]}
    chunks = [
        pl.DataFrame({**xs, "p": [{"a": 1}, {"a": 0}, None, {"a": 3}]}),
        pl.DataFrame(
            {**xs, "p": [{"a": 4, "b": "x"}, None, {"a": 0, "b": None}, {"a": 2, "b": "y"}]}
        ),
        pl.DataFrame({**xs, "p": [{"a": 0, "z": [1]}, None, None, {"a": 9, "z": None}]}),
        pl.DataFrame(
            {**xs, "p": [{"a": 4, "b": "x"}, None, {"a": 0, "b": None}, {"a": 2, "b": "y"}]}
        )[:0],
    ]
    merged = cp._merged(steps)
    assert cp._merged(steps) is merged
    assert cp._merged(steps[:1]) is not merged
    kept = [run_steps(c, steps) for c in chunks]
    assert kept[0].select("n", "m").rows() == [(1, 6), (0, 0), (0, 0), (1, 9)]
    assert kept[1].select("n", "m").rows() == [(1, 6), (0, 0), (0, 0), (2, 9)]
    assert kept[3].height == 0
    for chunk, got in zip(chunks, kept, strict=True):
        cp._MERGED.clear()
        cp._NARROWED.clear()
        assert run_steps(chunk, steps).equals(got)
