"""A list step's values read at each case's last item (:attr:`Step.lasts`): the first start
and last end of the spells that count, as running maxima; cases without items between,
items in several chunks, nested steps, dates before 1970 and spells that do not count
around the ones that do."""

from __future__ import annotations

import datetime as dt

import attrs
import polars as pl

from talentkit import Engine
from talentkit.batch.compile import GROUP, Step, _lasts, run_steps
from talentkit.batch.evaluate import needed_steps
from tests.batch.test_differential import check_population, engine  # noqa: F401
from tests.batch.test_time_spent_compile import SIX, case, post

ITEM = pl.Struct({"a": pl.Int64()})


def _running(name: str) -> Step:
    """Per case: the largest ``a`` as a running maximum read at the last item (a case's
    values packed above every earlier case's), and its number of non-null values."""
    case_ = pl.col(GROUP).cast(pl.Int64()) * 1000
    a = pl.col("__item").struct.field("a")
    return Step(
        name,
        pl.col("xs"),
        items={f"{name}_a": a},
        aggs={},
        defaults={f"{name}_max": None, f"{name}_n": 0},
        sums={f"{name}_n": pl.col(f"{name}_a").is_not_null()},
        lasts={f"{name}_max": (case_ + pl.col(f"{name}_a").fill_null(0)).cum_max() - case_},
    )


XS = [
    None,  # no list
    [{"a": 5}, {"a": 9}, {"a": 2}],
    [],  # empty list between
    [{"a": None}],  # one item, null
    [{"a": 7}],  # one item
    None,
    [{"a": 1}, {"a": 3}],
    [],  # the last case has none
]
WANT = [None, 9, None, 0, 7, None, 3, None]


def test_a_last_value_is_read_at_each_case_and_null_without_items() -> None:
    df = pl.DataFrame({"xs": XS}, schema={"xs": pl.List(ITEM)})
    out = run_steps(df, [_running("r")])
    assert out.get_column("r_max").to_list() == WANT
    assert out.get_column("r_n").to_list() == [0, 3, 0, 0, 1, 0, 2, 0]
    assert out.get_column("r_max").dtype == pl.Int64()


def test_a_last_value_over_cases_in_several_chunks() -> None:
    parts = [XS[:3], XS[3:4], XS[4:]]
    df = pl.concat(
        [pl.DataFrame({"xs": p}, schema={"xs": pl.List(ITEM)}) for p in parts], rechunk=False
    )
    assert df.n_chunks() == 3
    assert run_steps(df, [_running("r")]).get_column("r_max").to_list() == WANT
    # the items themselves in chunks of their own, cut across the cases
    ex = pl.concat(
        [
            pl.DataFrame({"v": [5, 9]}),
            pl.DataFrame({"v": [2, 4, 1]}),
            pl.DataFrame({"v": [8]}),
        ],
        rechunk=False,
    )
    length = pl.Series([0, 3, 0, 2, 1], dtype=pl.UInt32())
    (got,) = _lasts(ex, length, {"last": pl.col("v")})
    assert got.to_list() == [None, 2, None, 1, 8]


def test_a_last_value_without_any_item_is_null_of_its_type() -> None:
    df = pl.DataFrame({"xs": [None, [], None]}, schema={"xs": pl.List(ITEM)})
    out = run_steps(df, [_running("r")])
    assert out.get_column("r_max").to_list() == [None, None, None]
    assert out.get_column("r_max").dtype == pl.Int64()
    assert run_steps(df.clear(), [_running("r")]).get_column("r_max").dtype == pl.Int64()


NESTED = pl.List(pl.Struct({"xs": pl.List(ITEM)}))


def test_a_last_value_of_a_list_inside_each_item() -> None:
    inner = attrs.evolve(_running("i"), collection=pl.col("__item").struct.field("xs"))
    outer = Step(
        "o",
        pl.col("outer"),
        items={},
        aggs={},
        defaults={"o_top": 0},
        sums={"o_top": pl.col("i_max").fill_null(0)},
        steps=[inner],
    )
    df = pl.DataFrame(
        {"outer": [[{"xs": [{"a": 4}, {"a": 6}]}, {"xs": None}, {"xs": [{"a": 3}]}], None]},
        schema={"outer": NESTED},
    )
    assert run_steps(df, [outer]).get_column("o_top").to_list() == [9, 0]


D = dt.date
DAY = dt.timedelta(days=1)

# one merged spell (compared by its anniversary: its first start and last end) made of
# several, out of order, beside spells that do not count with an earlier start or a later
# end; spells before 1970 (days below zero); cases without spells between
FIRST_LAST = [
    case(
        "merged_at_six",
        [
            post(D(2020, 1, 1), D(2022, 1, 1)),
            post(D(1960, 1, 1), D(2030, 1, 1), province="北京市"),
            post(SIX, D(2020, 6, 1)),
            post(D(2018, 1, 1), D(2017, 1, 1)),  # ends before it starts
            post(D(2021, 6, 1), None),
        ],
    ),
    case("none_between", None),
    case(
        "merged_a_day_over",
        [
            post(D(2021, 6, 1), None),
            post(SIX - DAY, D(2020, 6, 1)),
            post(D(1950, 1, 1), province="北京市"),
            post(D(2020, 1, 1), D(2022, 1, 1)),
        ],
    ),
    case("empty_between", []),
    case("before_1970", [post(D(1960, 3, 1), D(1965, 1, 1)), post(D(1959, 1, 1), D(1960, 6, 1))]),
    case(
        "before_1970_over", [post(D(1958, 1, 1), D(1962, 1, 1)), post(D(1961, 1, 1), D(1964, 1, 2))]
    ),
    case("across_1970", [post(D(1969, 12, 31), D(1975, 12, 31))]),
    case("across_1970_over", [post(D(1969, 12, 31), D(1976, 1, 1))]),
    case("only_not_counting", [post(D(2000, 1, 1), province="北京市")]),
    case("single_at_six", [post(SIX)]),
]


def test_batch_equals_the_engine_on_the_first_start_and_last_end(engine: Engine) -> None:  # noqa: F811
    check_population(engine, FIRST_LAST)
    check_population(engine, FIRST_LAST[::-1])


def test_a_plan_asking_for_part_of_a_step_keeps_the_last_values_it_reads() -> None:
    df = pl.DataFrame({"xs": XS}, schema={"xs": pl.List(ITEM)})
    whole = run_steps(df, [_running("r")])
    (only_max,) = needed_steps([_running("r")], {"r_max"})
    assert set(only_max.lasts) == {"r_max"}
    assert not only_max.sums
    assert run_steps(df, [only_max]).get_column("r_max").equals(whole.get_column("r_max"))
    (only_n,) = needed_steps([_running("r")], {"r_n"})
    assert not only_n.lasts
    assert set(only_n.sums) == {"r_n"}
    assert "r_max" not in run_steps(df, [only_n]).columns
