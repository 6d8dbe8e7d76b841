"""A chunk in which no case has an item of a step's list (:func:`run_steps`): its columns
are the step's values for a case without items, taken as the first such chunk computed
them; equal to computing them afresh, to the cases without items of a chunk with items,
and of the types the chunk's own columns give; with defaults other than a sum's 0 or an
any's false, aggregates, names of open items, a union of spells and a list inside each
item; and through the installed programmes, a frame screened in chunks of which some have
no items against the same frame in one chunk."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from talentkit import Engine
from talentkit.batch import compile as cp
from talentkit.batch import profiles_frame, screen_frame
from talentkit.batch.compile import ItemNames, Step, run_steps
from talentkit.batch.union import SpellUnion

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

EXAMPLES = Path(__file__).resolve().parents[2] / "plugins" / "shaanxi" / "examples"
ITEM = pl.col("__item")
#: the step's value of each column for a case without items
DEFAULTS: dict[str, Any] = {
    "n": 0,
    "open": None,  # no items: unknown, not 0
    "some": False,
    "all_small": True,  # no items: holds
    "hi": -1,
    "on": None,
    "t_mis": [],
    "deep": 0,
    "deep_max": None,
    "u_tot": 0,
    "u_cnt": 0,
    "u_first": None,
    "u_last": None,
}
X = ITEM.struct.field("x")
DAY = ITEM.struct.field("d")


def _step() -> Step:
    names = ItemNames(
        X.is_null(),
        {"t_n": pl.concat_list([pl.format("xs[{}]", pl.col("__pos"))])},
        {"t_mis": pl.col("t_n").explode().implode()},
    )
    inner = Step(
        "in",
        ITEM.struct.field("ys"),
        items={},
        aggs={"ys_max": pl.col("__item").max()},
        defaults={"ys_n": 0, "ys_max": -5},
        sums={"ys_n": pl.col("__item") > 0},
    )
    return Step(
        "t",
        pl.col("xs"),
        items={"big": X > 2},
        aggs={"hi": X.max(), "on": DAY.min(), "deep_max": pl.col("ys_max").max()},
        defaults=dict(DEFAULTS),
        steps=[inner],
        sums={"n": pl.col("big"), "open": X.is_null(), "deep": pl.col("ys_n")},
        anys={"some": pl.col("big"), "all_small": ~pl.col("big")},
        named=[names],
        unions={"u": SpellUnion(DAY.is_not_null(), DAY, DAY + dt.timedelta(days=3))},
    )


def _frame(xs: list[Any], x_type: pl.DataType | None = None) -> pl.DataFrame:
    x_type = x_type or pl.Int32()
    record = pl.Struct({"x": x_type, "d": pl.Date(), "ys": pl.List(pl.Int64())})
    return pl.DataFrame({"xs": xs}, schema={"xs": pl.List(record)})


WITH_ITEMS = [
    None,
    [{"x": 3, "d": dt.date(2020, 1, 1), "ys": [1, -1]}, {"x": None, "d": None, "ys": None}],
    [],
    [{"x": 1, "d": dt.date(2019, 5, 5), "ys": []}],
]
WITHOUT = [None, [], [], None, []]


def _afresh(df: pl.DataFrame, steps: list[Step]) -> pl.DataFrame:
    cp._NO_ITEMS.clear()
    return run_steps(df, steps)


@pytest.fixture(autouse=True)
def _forget() -> None:
    cp._NO_ITEMS.clear()


def test_a_chunk_without_items_takes_the_values_of_a_case_without_items() -> None:
    steps = [_step()]
    mixed = run_steps(_frame(WITH_ITEMS), steps)
    first = run_steps(_frame(WITHOUT[:2]), steps)  # computed, and kept
    assert len(cp._NO_ITEMS) == 1
    later = run_steps(_frame(WITHOUT), steps)  # taken as kept
    assert later.equals(_afresh(_frame(WITHOUT), steps))
    assert later.schema == mixed.schema == first.schema
    want = DEFAULTS
    assert later.drop("xs").to_dicts() == [want] * len(WITHOUT)
    # the cases without items of the chunk with items: the same values
    none = mixed.drop("xs").to_dicts()
    assert none[0] == none[2] == want
    assert mixed.drop("xs").to_dicts()[1]["n"] == 1


def test_what_is_kept_follows_the_types_of_the_chunk() -> None:
    steps = [_step()]
    run_steps(_frame(WITHOUT, pl.Int32()), steps)
    wider = run_steps(_frame(WITHOUT, pl.Int64()), steps)
    assert wider.schema["hi"] == pl.Int64()
    assert wider.equals(_afresh(_frame(WITHOUT, pl.Int64()), steps))
    assert len(cp._NO_ITEMS) == 1
    assert run_steps(_frame(WITHOUT, pl.Int32()), steps).schema["hi"] == pl.Int32()


def test_a_chunk_with_items_after_one_without_is_computed() -> None:
    steps = [_step()]
    run_steps(_frame(WITHOUT), steps)
    got = run_steps(_frame(WITH_ITEMS), steps)
    assert got.equals(_afresh(_frame(WITH_ITEMS), steps))
    assert got.get_column("n").to_list() == [0, 1, 0, 0]
    assert got.get_column("hi").to_list() == [-1, 3, -1, 1]


def test_no_case_is_not_kept() -> None:
    steps = [_step()]
    assert run_steps(_frame([]), steps).height == 0
    assert not cp._NO_ITEMS


def test_programmes_screened_in_chunks_without_items_as_in_one(
    engine: Engine, shaanxi_installed: None
) -> None:
    """The Shaanxi examples, as they are and with records, honours and earlier selections:
    chunks in which no case has such items (every one of those lists empty or absent)
    among chunks with them, against one chunk, every result column."""
    cases = []
    for path in sorted(EXAMPLES.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        if "person" not in data:
            continue
        cases.append(engine.load(data))
        person = data["person"]
        person["records"] = [{"kind": "disciplinary", "date": dt.date(2021, 4, 1)}]
        person["honours"] = [{"scheme": "national_qianren", "date": dt.date(2019, 1, 1)}]
        data.setdefault("history", {})["selections"] = [
            {"programme": "shaanxi.qianren.youth", "status": "active"}
        ]
        cases.append(engine.load(data))
    # chunks of two: an example as it is, then with items (and, sorted, some without)
    order = sorted(range(len(cases)), key=lambda i: (i % 2, i))
    frame = profiles_frame([cases[i] for i in order], engine.registry.facts)
    progs = [p.id for p in engine.select(None) if p.id.startswith("shaanxi.")]
    kw = {"programmes": progs, "as_of": dt.date(2026, 3, 1)}
    whole = screen_frame(engine, frame, chunk_size=frame.height, **kw)  # type: ignore[arg-type]
    cp._NO_ITEMS.clear()
    chunked = screen_frame(engine, frame, chunk_size=2, **kw)  # type: ignore[arg-type]
    assert cp._NO_ITEMS  # chunks without items took their columns as kept
    assert chunked.results.equals(whole.results)
    assert chunked.errors.equals(whole.errors)
    # (a wrong column would be redone case by case and still agree: none was)
    assert chunked.summary.case_by_case == whole.summary.case_by_case == 0
    assert whole.results.get_column("verdict").n_unique() > 2


def test_an_empty_list_kept_is_a_column_of_empty_lists() -> None:
    """A kept empty list is put as a column of empty lists of its type (built once per
    chunk length), not as polars' constant, which builds it row by row on each read; the
    other kept values stay constants."""
    steps = [_step()]
    run_steps(_frame(WITHOUT), steps)
    later = run_steps(_frame(WITHOUT), steps)
    names = later.get_column("t_mis")
    assert names.dtype == cp.NAMES
    assert names.to_list() == [[]] * len(WITHOUT)
    assert later.get_column("hi").to_list() == [-1] * len(WITHOUT)


@pytest.mark.parametrize(
    "dtype",
    [cp.NAMES, pl.List(pl.Int64()), pl.List(pl.Struct({"a": pl.Date()})), pl.List(cp.NAMES)],
)
@pytest.mark.parametrize("n", [1, 3, 1000])
def test_empty_lists_are_empty_lists_of_their_type(dtype: pl.List, n: int) -> None:
    made = cp.empty_lists(dtype, n)
    assert made.dtype == dtype
    assert made.len() == n
    assert made.null_count() == 0
    assert made.list.len().max() == 0
    assert made.equals(pl.repeat([], n, dtype=dtype, eager=True), check_names=False)
    assert cp.empty_lists(dtype, n) is made  # kept for the next chunk of that length


@pytest.mark.parametrize(
    "value",
    [
        pl.Series("v", [[]], dtype=cp.NAMES),
        pl.Series("v", [["a", "b"]], dtype=cp.NAMES),
        pl.Series("v", [None], dtype=cp.NAMES),
        pl.Series("v", [-1], dtype=pl.Int64()),
        pl.Series("v", [None], dtype=pl.Date()),
        pl.Series("v", [False]),
    ],
)
def test_a_kept_value_for_every_case_is_that_value_in_each_row(value: pl.Series) -> None:
    frame = pl.DataFrame({"x": [1, 2, 3, 4]})
    empty = cp._is_empty_list(value)
    assert empty == (value.dtype == cp.NAMES and value.to_list() == [[]])
    got = frame.with_columns(cp._for_every_case(value, empty, frame.height)).get_column("v")
    assert got.dtype == value.dtype
    assert got.to_list() == value.to_list() * frame.height
