"""A list rule names what its open items need, computed for those items only: an item left
open beside decided ones in the same list, the open item first or last, cases with and
without an open item side by side (each case's names joined back to it), per-case tallies
as running sums, and the age rule whose list names the gender at the exact birthdays."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from hypothesis import example, given, settings
from hypothesis import strategies as st

from talentkit import Engine
from talentkit.batch.compile import ItemNames, Step, decimal_parts, fraction_parts, run_steps
from tests.batch.test_differential import check_population, engine  # noqa: F401

ON = dt.date(2025, 6, 1)  # vocab.all's reference date (the call notice date)


def member(core: bool | None = None, full_time: bool | None = None, **more: Any) -> Any:
    out: dict[str, Any] = dict(more)
    if core is not None:
        out["core"] = core
    if full_time is not None:
        out["full_time"] = full_time
    return out


def team(cid: str, members: list[Any] | None, **person: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": cid,
        "person": {"birth_date": "1980-01-01", **person},
        "application": {"call_notice_date": ON.isoformat()},
    }
    if members is not None:
        data["team"] = {"name": "t", "members": members}
    return data


# vocab.all counts members whose ``core`` holds and shares ``full_time`` among them
TEAMS = [
    team("all_decided", [member(True, True), member(False, False)]),
    team("open_last", [member(True, True), member(None, True)]),
    team("no_members", None),
    team("open_first", [member(None, None), member(True, False), member(False)]),
    team("empty", []),
    team("open_middle", [member(True), member(None, None), member(True, True)]),
    team("every_one_open", [member(None, None), member(None, True)]),
    team("all_decided_again", [member(True, False), member(True, True)]),
    # sure members whose hit is open, beside unsure ones whose hit is decided
    team("share_open", [member(True, None), member(None, False), member(True, True)]),
]


def test_batch_equals_the_engine_on_open_and_decided_items(engine: Engine) -> None:  # noqa: F811
    check_population(engine, TEAMS)


def record(kind: str, when: dt.date | None) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": kind}
    if when is not None:
        out["date"] = when.isoformat()
    return out


TWO = dt.date(2023, 6, 1)  # two years before the reference date (vocab.all.period)
DAY = dt.timedelta(days=1)
RECORDS = [
    team("undated_beside_dated", None, records=[record("illegal", TWO - DAY), record("x", None)]),
    team("at_the_window", None, records=[record("illegal", TWO)]),
    team("a_day_before", None, records=[record("illegal", TWO - DAY)]),
    team("other_kind_undated", None, records=[record("x", TWO + DAY), record("x", None)]),
    team("undated_first", None, records=[record("illegal", None), record("x", TWO)]),
    team("no_records", None),
    team("on_the_day", None, records=[record("illegal", ON), record("illegal", None)]),
]


def test_batch_equals_the_engine_on_dated_items_at_the_window(engine: Engine) -> None:  # noqa: F811
    check_population(engine, RECORDS)


def post(start: dt.date | None, province: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if start is not None:
        out["start"] = start.isoformat()
    if province is not None:
        out["province"] = province
    return out


SPELLS = [
    team("province_open_beside_known", None, positions=[post(ON, "陕西省"), post(ON, None)]),
    team("undated_beside_dated", None, positions=[post(None, "陕西省"), post(ON, "陕西省")]),
    team("all_known", None, positions=[post(dt.date(2024, 1, 1), "陕西省")]),
    team("outside_and_open", None, positions=[post(ON, "北京市"), post(None, None)]),
]


def test_batch_equals_the_engine_on_open_spells(engine: Engine) -> None:  # noqa: F811
    check_population(engine, SPELLS)


REF = dt.date(2026, 3, 1)  # the reference date given to the Shaanxi programmes below


def youth(cid: str, birth: dt.date, gender: str | None) -> dict[str, Any]:
    person: dict[str, Any] = {"birth_date": birth.isoformat()}
    if gender is not None:
        person["gender"] = gender
    return {
        "id": cid,
        "person": person,
        "application": {"reference_date": REF.isoformat(), "field": "natsci"},
    }


# 千人计划·青年项目: at most 40 (42 for women), completed years on the reference date
AGES = [
    youth("forty", dt.date(1985, 3, 2), None),  # 41 tomorrow: passes whatever the gender
    youth("forty_one_today", dt.date(1985, 3, 1), None),  # open: the gender decides
    youth("forty_two", dt.date(1983, 3, 2), None),  # open: the gender decides
    youth("forty_three_today", dt.date(1983, 3, 1), None),  # too old for anyone
    youth("woman_forty_two", dt.date(1983, 3, 2), "female"),
    youth("woman_forty_three", dt.date(1983, 3, 1), "female"),
    youth("man_forty_one", dt.date(1985, 3, 1), "male"),
]


def test_batch_equals_the_engine_on_the_allowance_for_women(engine: Engine) -> None:  # noqa: F811
    check_population(engine, AGES)


def test_the_gender_is_named_only_where_it_decides(engine: Engine) -> None:  # noqa: F811
    report = {
        case["id"]: engine.assess(engine.load(case), ["shaanxi.qianren.youth"], as_of=REF)
        for case in AGES
    }
    needs_gender = {cid for cid, r in report.items() if "person.gender" in r.assessments[0].missing}
    assert needs_gender == {"forty_one_today", "forty_two"}


# -- the step machinery on its own -----------------------------------------------------

VALUES = st.lists(
    st.one_of(st.none(), st.lists(st.one_of(st.none(), st.integers(-5, 5)), max_size=4)),
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(VALUES)
def test_sums_anys_and_open_items_per_case(rows: list[list[int | None] | None]) -> None:
    """Running sums give each case its own tally; names come from its open items only."""
    df = pl.DataFrame({"xs": rows}, schema={"xs": pl.List(pl.Int64())})
    item = pl.col("__item")
    step = Step(
        "t",
        pl.col("xs"),
        {},
        {"t_max": item.max()},
        {"t_sum": 0, "t_pos": 0, "t_any": False, "t_neg": [], "t_max": None},
        sums={"t_sum": item, "t_pos": item > 0},
        anys={"t_any": item < 0},
        named=[
            ItemNames(
                item < 0,
                {"t_name": pl.concat_list([pl.col("__pos").cast(pl.String())])},
                {"t_neg": pl.col("t_name").explode().implode()},
            )
        ],
    )
    out = run_steps(df, [step]).to_dicts()
    for got, xs in zip(out, rows, strict=True):
        present = [x for x in xs or [] if x is not None]
        assert got["t_sum"] == sum(present)
        assert got["t_pos"] == sum(1 for x in present if x > 0)
        assert got["t_any"] == any(x < 0 for x in present)
        assert got["t_neg"] == [str(i) for i, x in enumerate(xs or []) if x is not None and x < 0]
        assert got["t_max"] == (max(present) if present else None)
    assert run_steps(df, [step]).schema["t_sum"] == pl.Int64()


@settings(max_examples=40, deadline=None)
@given(VALUES, VALUES)
@example([[None, None, None, None], [0, None], [0]], [None, [0, 0, 0, 0]])  # counts of 4 and 1
def test_sums_per_case_over_several_chunks(first: Any, second: Any) -> None:
    """Each case's tally is its own items' whatever chunks the cases and their items come
    in: the items are cut back into per-case lists at the running totals of the cases'
    lengths, several counts to a word (cases without items, null lists, a chunk without any
    item and counts as large as the longest list included)."""
    schema = {"xs": pl.List(pl.Int64())}
    df = pl.concat(
        [pl.DataFrame({"xs": first}, schema=schema), pl.DataFrame({"xs": second}, schema=schema)],
        rechunk=False,
    )
    item = pl.col("__item")
    step = Step(
        "t",
        pl.col("xs"),
        {},
        {},
        {"t_sum": 0, "t_nulls": 0, "t_any": False},
        sums={"t_sum": item * (1 << 40), "t_nulls": item.is_null()},
        anys={"t_any": item == 0},
    )
    out = run_steps(df, [step])
    assert out.schema["t_sum"] == pl.Int64()
    assert out.schema["t_any"] == pl.Boolean()
    for got, xs in zip(out.to_dicts(), first + second, strict=True):
        present = [x for x in xs or [] if x is not None]
        assert got["t_sum"] == sum(present) * (1 << 40)
        assert got["t_nulls"] == sum(1 for x in xs or [] if x is None)
        assert got["t_any"] == (0 in present)


def test_fraction_and_decimal_texts_parse_as_before() -> None:
    """One pass of the pattern gives the parts two passes gave: the text's integers, or
    null where the text is not such a number or a part exceeds 64 bits."""
    texts: list[str | None] = [
        "1/3",
        "-1/3",
        "7",
        "",
        "abc",
        "1/2/3",
        "1/",
        "/2",
        "+1/2",
        " 1/2",
        "1/-2",
    ]
    texts += ["99999999999999999999/1", "9223372036854775807/1", None, "01/002"]
    got = pl.DataFrame({"t": texts}).select(fraction_parts(pl.col("t")).alias("f"))
    want: list[Any] = [(1, 3), (-1, 3), (7, 1), (None, 1), (None, 1), (None, None), (None, None)]
    want += [(None, None), (None, None), (None, None), (None, None), (None, 1)]
    want += [(9223372036854775807, 1), None, (1, 2)]
    have = [None if f is None else (f["num"], f["den"]) for f in got.get_column("f")]
    assert have == want
    texts = ["999.5", "-0.5", "1", "1.", ".5", "1E+20", "", None, "-12.340", "+1.5"]
    got = pl.DataFrame({"t": texts}).select(decimal_parts(pl.col("t")).alias("f"))
    want = [(9995, 10), (-5, 10), (1, 1), (None, 1), (None, 1), (None, 1), (None, 1), None]
    want += [(-12340, 1000), (None, 1)]
    have = [None if f is None else (f["num"], f["den"]) for f in got.get_column("f")]
    assert have == want
