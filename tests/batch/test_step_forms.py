"""The data movement of a list step, at its boundaries:
cases with a null list, an empty list, one item, items with nulls; per-case columns put
in place by position."""

from __future__ import annotations

import polars as pl

from talentkit.batch.compile import NAMES, ItemNames, Step, _spread, run_steps

ITEM = pl.Struct({"a": pl.Int64(), "tag": pl.String()})


def _step() -> Step:
    a = pl.col("__item").struct.field("a")
    return Step(
        "s",
        pl.col("xs"),
        items={"s_v": a},
        aggs={"s_max": pl.col("s_v").max()},
        defaults={"s_pos": 0, "s_tot": 0, "s_max": None, "s_any": False, "s_mis": [], "s_open": 0},
        sums={"s_pos": pl.col("s_v") > 0, "s_tot": pl.col("s_v")},
        anys={"s_any": pl.col("s_v") < 0},
        named=[
            ItemNames(
                pl.col("s_v").is_null(),
                {"s_m": pl.concat_list(pl.col("__item").struct.field("tag"))},
                {
                    "s_mis": pl.col("s_m").explode().drop_nulls().implode(),
                    "s_open": pl.len(),
                },
            )
        ],
    )


def test_list_steps_at_their_boundaries() -> None:
    xs = [
        None,  # no list: defaults
        [],  # empty list: defaults
        [{"a": 3, "tag": "one"}],  # one item
        [{"a": None, "tag": "x"}, {"a": -1, "tag": "y"}, {"a": None, "tag": None}],
        [{"a": 0, "tag": "z"}, {"a": 5, "tag": "w"}],
    ]
    df = pl.DataFrame({"xs": xs}, schema={"xs": pl.List(ITEM)})
    out = run_steps(df, [_step()])
    assert out.get_column("s_pos").to_list() == [0, 0, 1, 0, 1]
    # an integer sums as a 64-bit integer, a null item counts 0
    assert out.get_column("s_tot").to_list() == [0, 0, 3, -1, 5]
    assert out.get_column("s_pos").dtype == out.get_column("s_tot").dtype == pl.Int64()
    assert out.get_column("s_max").to_list() == [None, None, 3, -1, 5]
    assert out.get_column("s_any").to_list() == [False, False, False, True, False]
    # the names of the open (null) items only, a case with none open gets the default
    assert out.get_column("s_mis").to_list() == [[], [], [], ["x"], []]
    assert out.get_column("s_mis").dtype == NAMES
    assert out.get_column("s_open").to_list() == [0, 0, 0, 2, 0]


def test_a_step_with_no_items_anywhere_gives_every_case_its_defaults() -> None:
    df = pl.DataFrame({"xs": [None, []]}, schema={"xs": pl.List(ITEM)})
    out = run_steps(df, [_step()])
    assert out.get_column("s_pos").to_list() == [0, 0]
    assert out.get_column("s_max").to_list() == [None, None]
    assert out.get_column("s_mis").to_list() == [[], []]
    assert run_steps(df.clear(), [_step()]).height == 0


def test_spread_puts_each_row_at_its_case() -> None:
    per_case = pl.DataFrame(
        {"r": pl.Series([1, 3], dtype=pl.UInt32()), "v": [[1], None], "w": ["a", "b"]}
    )
    out = pl.DataFrame(_spread(per_case, "r", 5))
    assert out.to_dict(as_series=False) == {
        "v": [None, [1], None, None, None],
        "w": [None, "a", None, "b", None],
    }
    nothing = pl.DataFrame(_spread(per_case.clear(), "r", 3))
    assert nothing.get_column("w").to_list() == [None, None, None]
    assert nothing.get_column("v").dtype == pl.List(pl.Int64())
