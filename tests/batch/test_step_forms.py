"""The data movement of a list step, at its boundaries:
cases with a null list, an empty list, one item, items with nulls; per-case columns put
in place by position."""

from __future__ import annotations

import random

import attrs
import polars as pl

from talentkit.batch.compile import (
    _KEYED,
    NAMES,
    ItemNames,
    Step,
    _mark,
    _reads_positions,
    _shared_items,
    _spread,
    lookup_of,
    merge_steps,
    run_steps,
)

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


def _frame(xs: list[object]) -> pl.DataFrame:
    return pl.DataFrame({"xs": xs}, schema={"xs": pl.List(ITEM)})


def test_every_case_with_items_and_a_last_case_without() -> None:
    every = run_steps(_frame([[{"a": 1, "tag": None}], [{"a": -2, "tag": "t"}]]), [_step()])
    assert every.get_column("s_tot").to_list() == [1, -2]
    assert every.get_column("s_max").to_list() == [1, -2]
    assert every.get_column("s_any").to_list() == [False, True]
    last_none = run_steps(_frame([[{"a": 4, "tag": "q"}, {"a": 2, "tag": None}], None]), [_step()])
    assert last_none.get_column("s_pos").to_list() == [2, 0]
    assert last_none.get_column("s_tot").to_list() == [6, 0]
    assert last_none.get_column("s_max").to_list() == [4, None]


def test_a_sum_whose_default_is_not_zero_is_that_default_without_items() -> None:
    a = pl.col("__item").struct.field("a")
    step = Step(
        "d",
        pl.col("xs"),
        items={"d_v": a},
        aggs={},
        defaults={"d_tot": None, "d_many": -1, "d_any": True},
        sums={"d_tot": pl.col("d_v"), "d_many": pl.col("d_v").is_not_null()},
        anys={"d_any": pl.col("d_v") > 0},
    )
    out = run_steps(_frame([None, [{"a": 0, "tag": None}], [], [{"a": 5, "tag": None}]]), [step])
    assert out.get_column("d_tot").to_list() == [None, 0, None, 5]
    assert out.get_column("d_many").to_list() == [-1, 1, -1, 1]
    assert out.get_column("d_any").to_list() == [True, False, True, True]
    assert out.get_column("d_tot").dtype == pl.Int64()


def _kind_step(name: str, want: str) -> Step:
    """A rule over the items: whether the tag is ``want`` (2 where it is null), as
    compiled rules test the same field alike, each in columns of their own."""
    tag = pl.col("__item").struct.field("tag")
    status = pl.when(tag.is_null()).then(2).otherwise(pl.when(tag == want).then(0).otherwise(1))
    return Step(
        name,
        pl.col("xs"),
        items={f"{name}_t": status, f"{name}_st": pl.col(f"{name}_t")},
        aggs={f"{name}_first": pl.col(f"{name}_st").first()},
        defaults={f"{name}_yes": 0, f"{name}_unk": False, f"{name}_first": None},
        sums={f"{name}_yes": pl.col(f"{name}_st") == 0},
        anys={f"{name}_unk": pl.col(f"{name}_st") == 2},
    )


def test_several_steps_over_one_list_share_the_items_they_compute_alike() -> None:
    steps = [_kind_step("p", "x"), _kind_step("q", "y"), _kind_step("r", "x")]
    # the third computes what the first does: its items read the first's columns
    (merged,) = merge_steps(steps)
    assert str(merged.items["r_t"]) == str(pl.col("p_t"))
    assert str(merged.items["r_st"]) == str(pl.col("p_st"))
    assert str(merged.items["q_t"]) != str(pl.col("p_t"))
    df = _frame(
        [
            None,
            [{"a": 1, "tag": "x"}, {"a": 2, "tag": None}, {"a": 3, "tag": "y"}],
            [],
            [{"a": 1, "tag": "x"}],
        ]
    )
    together = run_steps(df, steps)
    for step in steps:
        alone = run_steps(df, [step])
        assert together.select(alone.columns).equals(alone)
    assert together.get_column("p_yes").to_list() == [0, 1, 0, 1]
    assert together.get_column("r_yes").to_list() == [0, 1, 0, 1]
    assert together.get_column("q_yes").to_list() == [0, 1, 0, 0]
    assert together.get_column("r_unk").to_list() == [False, True, False, False]
    assert together.get_column("r_first").to_list() == [None, 0, None, 0]


def test_items_computed_by_different_functions_are_kept_apart() -> None:
    a = pl.col("__item").struct.field("a")

    def times(k: int) -> pl.Expr:
        return a.map_batches(lambda s: s * k, return_dtype=pl.Int64())

    items = {"u": times(2), "v": times(3), "w": a, "x": pl.col("__item").struct.field("a")}
    kept = _shared_items(items)
    assert kept["v"] is items["v"]
    assert str(kept["x"]) == str(pl.col("w"))
    step = Step(
        "m",
        pl.col("xs"),
        items,
        {},
        {"m_u": 0, "m_v": 0, "m_x": 0},
        sums={"m_u": pl.col("u"), "m_v": pl.col("v"), "m_x": pl.col("x")},
    )
    out = run_steps(_frame([[{"a": 1, "tag": None}, {"a": 4, "tag": None}], None]), [step])
    assert out.select("m_u", "m_v", "m_x").rows() == [(10, 15, 5), (0, 0, 0)]


NESTED = pl.List(pl.Struct({"id": pl.String(), "recs": pl.List(ITEM)}))


def test_a_list_inside_each_item_sums_per_item_then_per_case() -> None:
    inner = Step(
        "i",
        pl.col("__item").struct.field("recs"),
        items={"i_v": pl.col("__item").struct.field("a")},
        aggs={},
        defaults={"i_tot": 0, "i_neg": False},
        sums={"i_tot": pl.col("i_v")},
        anys={"i_neg": pl.col("i_v") < 0},
        named=[
            ItemNames(
                pl.col("i_v").is_null(),
                {
                    "i_m": pl.concat_list(
                        pl.concat_str(
                            pl.col("__pos_outer").cast(pl.String()),
                            pl.lit("."),
                            pl.col("__pos").cast(pl.String()),
                        )
                    )
                },
                {"i_mis": pl.col("i_m").explode().implode()},
            )
        ],
    )
    inner = attrs.evolve(inner, defaults={**inner.defaults, "i_mis": []})
    outer = Step(
        "o",
        pl.col("orgs"),
        items={},
        aggs={
            "o_all": pl.col("i_tot").implode(),
            "o_mis": pl.col("i_mis").explode().drop_nulls().implode(),
        },
        defaults={"o_sum": 0, "o_neg": False, "o_all": None, "o_mis": []},
        steps=[inner],
        sums={"o_sum": pl.col("i_tot")},
        anys={"o_neg": pl.col("i_neg")},
    )
    orgs = [
        None,
        [],
        [{"id": "a", "recs": None}, {"id": "b", "recs": []}],
        [
            {"id": "c", "recs": [{"a": 2, "tag": None}, {"a": None, "tag": None}]},
            {"id": "d", "recs": None},
            {"id": "e", "recs": [{"a": -1, "tag": None}, {"a": None, "tag": None}]},
        ],
    ]
    out = run_steps(pl.DataFrame({"orgs": orgs}, schema={"orgs": NESTED}), [outer])
    assert out.get_column("o_sum").to_list() == [0, 0, 0, 1]
    assert out.get_column("o_neg").to_list() == [False, False, False, True]
    assert out.get_column("o_all").to_list() == [None, None, [0, 0], [2, 0, -1]]
    # each open record named by its organisation's position and its own
    assert out.get_column("o_mis").to_list() == [[], [], [], ["0.1", "2.1"]]


def test_no_cases() -> None:
    out = run_steps(_frame([]), [_step(), _kind_step("p", "x")])
    assert out.height == 0
    assert out.get_column("s_tot").dtype == pl.Int64()
    assert out.get_column("p_unk").dtype == pl.Boolean()


def _flag_step(flags: int) -> Step:
    """``flags`` counts and as many anys of whether an item's ``a`` leaves a given rest
    (null where ``a`` is), and the sum of ``a``."""
    a = pl.col("f_a")
    sums: dict[str, pl.Expr] = {"f_tot": a}
    anys: dict[str, pl.Expr] = {}
    for i in range(flags):
        sums[f"f_c{i}"] = a % (i + 2) == i % 3
        anys[f"f_y{i}"] = a % (i + 3) == 1
    defaults = dict.fromkeys(sums, 0) | dict.fromkeys(anys, False)
    items = {"f_a": pl.col("__item").struct.field("a")}
    return Step("f", pl.col("xs"), items=items, aggs={}, defaults=defaults, sums=sums, anys=anys)


Items = list[dict[str, int | None]] | None


def _by_hand(xs: list[Items], flags: int) -> dict[str, list[object]]:
    out: dict[str, list[object]] = {"f_tot": []}
    for i in range(flags):
        out[f"f_c{i}"], out[f"f_y{i}"] = [], []
    for items in xs:
        values = [v for v in (it["a"] for it in items or []) if v is not None]
        out["f_tot"].append(sum(values))
        for i in range(flags):
            out[f"f_c{i}"].append(sum(v % (i + 2) == i % 3 for v in values))
            out[f"f_y{i}"].append(any(v % (i + 3) == 1 for v in values))
    return out


def test_many_counts_of_many_cases_each_come_out_whole() -> None:
    # several counts share a running total (a count of items fits in as many bits as
    # the number of items has): cases with many items among cases with none, nulls
    rng = random.Random(7)
    xs: list[Items] = []
    for _ in range(300):
        size = rng.choice([None, 0, 0, 1, 2, 5, 9])
        if size is None:
            xs.append(None)
            continue
        xs.append([{"a": rng.choice([None, *range(-7, 40)]), "tag": None} for _ in range(size)])
    for flags in (1, 12, 40):
        out = run_steps(_frame(list(xs)), [_flag_step(flags)])
        want = _by_hand(xs, flags)
        assert {k: out.get_column(k).to_list() for k in want} == want
        assert {out.get_column(k).dtype for k in want if "_y" not in k} == {pl.Int64()}


def test_a_count_of_every_item_in_one_case_fills_its_bits_without_carrying() -> None:
    # 7 items: each count has 3 bits, and one case holding all 7 items where every flag
    # holds fills them all; the case after it has none
    step = _flag_step(0)
    always = pl.col("f_a").is_null() | pl.col("f_a").is_not_null()
    step.sums.update({f"f_all{i}": always for i in range(25)})
    step.defaults.update({f"f_all{i}": 0 for i in range(25)})
    xs: list[object] = [[{"a": v, "tag": None} for v in (1, None, 3, 4, 5, 6, 7)], None, []]
    out = run_steps(_frame(xs), [step])
    for i in range(25):
        assert out.get_column(f"f_all{i}").to_list() == [7, 0, 0]
    assert out.get_column("f_tot").to_list() == [26, 0, 0]


def test_a_list_in_a_record_looked_up_by_key_is_the_first_such_record_s() -> None:
    record = pl.Struct({"role": pl.String(), "xs": pl.List(ITEM)})
    orgs = [
        None,  # no list
        [],  # an empty list
        [{"role": "other", "xs": [{"a": 9, "tag": None}]}],  # none in the role
        [{"role": "co", "xs": None}, {"role": "co", "xs": [{"a": 9, "tag": None}]}],
        [{"role": None, "xs": [{"a": 8, "tag": None}]}, {"role": "co", "xs": []}],
        [
            {"role": "other", "xs": [{"a": 7, "tag": None}]},
            {"role": "co", "xs": [{"a": 1, "tag": None}, {"a": 2, "tag": None}]},
            {"role": "co", "xs": [{"a": 5, "tag": None}]},
        ],
        [{"role": "co", "xs": [{"a": None, "tag": None}]}],
    ]
    df = pl.DataFrame({"orgs": orgs}, schema={"orgs": pl.List(record)})
    el = pl.element()
    first = (
        pl.col("orgs")
        .fill_null(pl.lit([], dtype=pl.List(record)))
        .list.agg(el.filter(el.struct.field("role") == "co").first())
    )
    searched = first.struct.field("xs")
    _mark(searched, _KEYED, ("orgs", "role", "co", "xs"))
    assert lookup_of(searched) == ("orgs", "role", "co", "xs")
    step = attrs.evolve(_step(), collection=searched)
    plain = attrs.evolve(_step(), collection=first.struct.field("xs"))
    got, want = run_steps(df, [step]), run_steps(df, [plain])
    assert got.equals(want)
    assert got.get_column("s_tot").to_list() == [0, 0, 0, 0, 0, 3, 0]
    assert got.get_column("s_max").to_list() == [None] * 5 + [2, None]
    assert got.get_column("s_open").to_list() == [0] * 6 + [1]


def test_positions_are_exploded_beside_the_items_only_where_read() -> None:
    by_position = attrs.evolve(
        _step(),
        named=[
            ItemNames(
                pl.col("s_v").is_null(),
                {"s_m": pl.concat_list(pl.col("__pos").cast(pl.String()))},
                {"s_mis": pl.col("s_m").explode().implode(), "s_open": pl.len()},
            )
        ],
    )
    assert not _reads_positions(_step())
    assert _reads_positions(by_position)
    assert _reads_positions(attrs.evolve(_step(), steps=[_step()]))
    xs: list[object] = [
        [{"a": None, "tag": "x"}, {"a": 1, "tag": None}, {"a": None, "tag": None}],
        None,
    ]
    out = run_steps(_frame(xs), [by_position])
    assert out.get_column("s_mis").to_list() == [["0", "2"], []]
