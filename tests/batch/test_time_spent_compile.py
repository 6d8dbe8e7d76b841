"""Time spent (:class:`~talentkit.rules.TimeSpent`) compiles and gives what the engine gives:
one spell at exactly six years and a day over, overlapping spells counted once, spells that
run past the reference date or have no end, an undated spell, a spell whose province is
unknown, an arrival date that takes precedence, and no source at all."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from talentkit import Engine
from talentkit.batch import profiles_frame
from talentkit.batch.compile import _at_position
from talentkit.batch.spells import _days_between, _later
from tests.batch.test_differential import check_population, engine  # noqa: F401
from tests.batch.test_fallback import fallback
from tests.batch.test_flat import assessed, flatten

ON = dt.date(2025, 6, 1)  # the call notice date, vocab.all's reference date
SIX = dt.date(2019, 6, 1)  # six years before it
DAY = dt.timedelta(days=1)


def post(start: dt.date | None, end: dt.date | None = None, province: Any = "陕西省") -> Any:
    out: dict[str, Any] = {}
    if province is not None:
        out["province"] = province
    if start is not None:
        out["start"] = start.isoformat()
    if end is not None:
        out["end"] = end.isoformat()
    return out


def case(cid: str, posts: list[Any] | None, arrival: dt.date | None = None) -> dict[str, Any]:
    person: dict[str, Any] = {"birth_date": "1980-01-01"}
    if posts is not None:
        person["positions"] = posts
    facts = {"vocab.start": arrival.isoformat()} if arrival else {}
    app = {"call_notice_date": ON.isoformat()}
    return {"id": cid, "person": person, "facts": facts, "application": app}


CASES = [
    case("six_years", [post(SIX)]),
    case("a_day_over", [post(SIX - DAY)]),
    case("overlap_once", [post(SIX, dt.date(2022, 1, 1)), post(dt.date(2020, 1, 1))]),
    case("overlap_over", [post(SIX - DAY, dt.date(2022, 1, 1)), post(dt.date(2021, 1, 1))]),
    case(
        "two_apart",
        [post(dt.date(2010, 1, 1), dt.date(2013, 1, 1)), post(dt.date(2020, 1, 1), None)],
    ),
    case("past_on", [post(dt.date(2024, 1, 1), dt.date(2030, 1, 1))]),
    case("after_on", [post(dt.date(2026, 1, 1))]),
    case("outside", [post(dt.date(2000, 1, 1), province="北京市")]),
    case("undated", [post(None), post(dt.date(2024, 1, 1))]),
    case("province_unknown", [post(dt.date(2000, 1, 1), province=None)]),
    case("no_posts_listed", []),
    case("arrival_first", [post(dt.date(2000, 1, 1))], arrival=dt.date(2024, 1, 1)),
    case("arrival_after_on", None, arrival=dt.date(2026, 1, 1)),
    case("nothing", None),
]


def test_time_spent_compiles(engine: Engine) -> None:  # noqa: F811
    assert "vocab.all.time_spent" not in fallback(engine, engine.programme("vocab.all"))


def test_batch_equals_the_engine_on_time_spent(engine: Engine) -> None:  # noqa: F811
    check_population(engine, CASES)


# 千人计划·创业人才 第七条（三）: at most 6 years in Shaanxi, one stay (from the latest arrival,
# or from birth if never away) or, with earlier stays, the dated spells in Shaanxi or a total
REF = dt.date(2026, 3, 1)
LIMIT = dt.date(2020, 3, 1)  # six years before the reference date


def entre(
    cid: str, *, earlier: Any = None, born: dt.date | None = dt.date(1990, 1, 1), **facts: Any
) -> dict[str, Any]:
    person: dict[str, Any] = {"birth_date": born.isoformat()} if born else {}
    posts = facts.pop("posts", None)
    if posts is not None:
        person["positions"] = posts
    mine = {
        f"shaanxi.{k}": v.isoformat() if isinstance(v, dt.date) else v for k, v in facts.items()
    }
    if earlier is not None:
        mine["shaanxi.earlier_stays_in_province"] = earlier
    person["facts"] = mine
    app = {"reference_date": REF.isoformat()}
    return {"id": cid, "person": person, "application": app}


ENTRE = [
    entre("arrived_at_limit", earlier=False, arrival_date=LIMIT),
    entre("arrived_a_day_early", earlier=False, arrival_date=LIMIT - DAY),
    entre("never_left", earlier=False, always_in_shaanxi=True),
    entre("never_left_no_arrival", earlier=False, always_in_shaanxi=False),
    entre("never_left_no_birth", earlier=False, always_in_shaanxi=True, born=None),
    # there all along: from the birth date, at the limit and a day before it
    entre("born_at_limit", earlier=False, always_in_shaanxi=True, born=LIMIT),
    entre("born_a_day_early", earlier=False, always_in_shaanxi=True, born=LIMIT - DAY),
    entre("spells_at_limit", earlier=True, posts=[post(LIMIT, None)]),
    entre(
        "spells_overlap",
        earlier=True,
        posts=[post(LIMIT - DAY, dt.date(2022, 1, 1)), post(dt.date(2021, 1, 1), None)],
    ),
    entre(
        "spells_apart",
        earlier=True,
        posts=[post(dt.date(2010, 1, 1), dt.date(2012, 1, 1)), post(dt.date(2024, 1, 1))],
    ),
    entre("days_total", earlier=True, days_in_shaanxi=2191),
    entre("days_total_over", earlier=True, days_in_shaanxi=2192),
    # a total stated beside posts: the total decides, whatever the posts add up to
    entre("days_over_posts_under", earlier=True, days_in_shaanxi=3225, posts=[post(LIMIT, None)]),
    entre(
        "days_under_posts_over",
        earlier=True,
        days_in_shaanxi=2191,
        posts=[post(dt.date(2010, 1, 1), dt.date(2012, 1, 1)), post(LIMIT - DAY)],
    ),
    entre("earlier_unknown"),
    entre("nothing_given", earlier=True),
]


def test_batch_equals_the_engine_on_the_shaanxi_time_in_province(engine: Engine) -> None:  # noqa: F811
    assert fallback(engine, engine.programme("shaanxi.qianren.entre")) == {}
    check_population(engine, ENTRE)


def _d(y: int, m: int, d: int) -> dt.date:
    return dt.date(y, m, d)


# spells out of order, several with one start, some that do not count among them, and
# cases without spells between: the union is measured in order of start whatever the
# order of the list, and each case's spells only against its own
SHUFFLED = [
    case(
        "shuffled_at_six",
        [
            post(_d(2021, 1, 1), _d(2023, 1, 1)),
            post(SIX, _d(2020, 6, 1)),
            post(_d(2022, 6, 1), None),
            post(_d(2020, 1, 1), _d(2021, 6, 1)),
        ],
    ),
    case("none_between", None),
    case(
        "shuffled_a_day_over",
        [
            post(_d(2022, 6, 1), None),
            post(_d(2020, 1, 1), _d(2021, 6, 1)),
            post(SIX - DAY, _d(2020, 6, 1)),
            post(_d(2021, 1, 1), _d(2023, 1, 1)),
        ],
    ),
    case("empty_between", []),
    case(
        "one_start_many_ends",
        [
            post(SIX - DAY, _d(2020, 1, 1)),
            post(SIX - DAY, _d(2019, 7, 1)),
            post(_d(2020, 1, 1), None),
            post(SIX - DAY, _d(2019, 12, 1)),
        ],
    ),
    case(
        "a_gap_of_a_day",
        [
            post(_d(2020, 1, 2), None),
            post(SIX - DAY, _d(2019, 12, 31)),
            post(_d(2019, 7, 1), _d(2019, 8, 1)),
        ],
    ),
    case(
        "not_counting_among_them",
        [
            post(_d(2000, 1, 1), province="北京市"),
            post(_d(2021, 1, 1), _d(2020, 1, 1)),  # ends before it starts
            post(SIX, _d(2022, 1, 1)),
            post(_d(1990, 1, 1), _d(2030, 1, 1), province="北京市"),
            post(_d(2021, 6, 1), None),
        ],
    ),
    case("one_spell", [post(SIX)]),
    case(
        "same_spell_twice",
        [post(SIX - DAY, _d(2020, 1, 1)), post(SIX - DAY, _d(2020, 1, 1)), post(_d(2020, 1, 1))],
    ),
]


def test_batch_equals_the_engine_on_spells_in_any_order(engine: Engine) -> None:  # noqa: F811
    check_population(engine, SHUFFLED)
    check_population(engine, SHUFFLED[::-1])


# open items far down a list (a position of two digits) named beside cases with none open,
# with an empty list and without one: each item's name holds its own position
FAR_DOWN = [
    case("undated_at_eleven", [post(_d(2001 + i, 1, 1), _d(2001 + i, 6, 1)) for i in range(11)]),
    case("nothing_open", [post(SIX - DAY)]),
    case(
        "open_at_ten_and_twelve",
        [post(_d(2001 + i, 1, 1), _d(2001 + i, 6, 1)) for i in range(10)]
        + [post(None), post(_d(2012, 1, 1), _d(2012, 6, 1)), post(None, province=None)],
    ),
    case("no_posts", None),
    case("none_listed", []),
    case("open_first", [post(None, province=None), post(_d(2024, 1, 1))]),
]
FAR_DOWN[0]["person"]["positions"].append(post(None))


def test_batch_equals_the_engine_on_open_items_far_down_the_list(engine: Engine) -> None:  # noqa: F811
    check_population(engine, FAR_DOWN)
    check_population(engine, FAR_DOWN[1:2])  # no item open in the chunk
    check_population(engine, FAR_DOWN[:1])  # every case with one open


def test_an_items_name_holds_its_position() -> None:
    pos = pl.Series("p", [11, 0, 3, 11, 9], dtype=pl.Int64())
    name = _at_position(pl.col("p"), "positions[", "].start")
    got = pos.to_frame().select(name)
    assert got.to_series().to_list() == [f"positions[{p}].start" for p in pos.to_list()]
    assert pos.clear().to_frame().select(name).height == 0
    unsigned = pos.cast(pl.UInt32()).to_frame().select(name)
    assert unsigned.to_series().to_list() == got.to_series().to_list()


# a flat file gives only the sources its cases state: each one it lacks (no column) is null
# in every case and its branches are left out of the compiled rule, which still gives what
# the engine gives, and what the nested layout (every source a column) gives
SOURCES = {
    "arrival_date": ["arrived_at_limit", "arrived_a_day_early"],
    "always_in_shaanxi": [
        "never_left",
        "never_left_no_arrival",
        "never_left_no_birth",
        "born_at_limit",
        "born_a_day_early",
    ],
    "positions": ["spells_at_limit", "spells_overlap", "spells_apart"],
    "days_in_shaanxi": ["days_total", "days_total_over"],
    "always_in_shaanxi,days_in_shaanxi": ["never_left", "days_total_over"],
    "": ["earlier_unknown", "nothing_given"],
}


@pytest.mark.parametrize("given", sorted(SOURCES))
def test_a_flat_file_lacking_sources_gives_what_the_engine_gives(
    engine: Engine,  # noqa: F811
    tmp_path: Path,
    given: str,
) -> None:
    cases = [c for c in ENTRE if c["id"] in SOURCES[given]]
    check_population(engine, cases)  # the nested layout, every source a column
    nested = profiles_frame([engine.load(c) for c in cases], engine.registry.facts)
    nested.write_parquet(tmp_path / "nested.parquet")
    flat = flatten(nested, engine)
    for source in ("arrival_date", "always_in_shaanxi", "positions", "days_in_shaanxi"):
        lacking = source not in given.split(",")
        assert lacking == all(not c.endswith(source) for c in flat.columns), source
    flat.write_parquet(tmp_path / "flat.parquet")
    want = assessed(engine, tmp_path / "nested.parquet")
    assert assessed(engine, tmp_path / "flat.parquet", "flat").equals(want)


def test_days_between_and_the_later_date_are_polars_own_on_nulls_and_ties() -> None:
    """The days between two dates from their day numbers, and the later of two dates by
    one comparison, are what polars' duration arithmetic and horizontal maximum give:
    every pair of a null, equal dates, a day apart and the ends of the calendar."""
    dates = [None, dt.date(1, 1, 1), SIX - DAY, SIX, SIX, ON, dt.date(9999, 12, 31)]
    pairs = [(a, b) for a in dates for b in dates]
    frame = pl.DataFrame(
        {"a": [a for a, _ in pairs], "b": [b for _, b in pairs]},
        schema={"a": pl.Date(), "b": pl.Date()},
    )
    a, b = pl.col("a"), pl.col("b")
    got = frame.select(days=_days_between(a, b), later=_later(a, b))
    want = frame.select(days=(a - b).dt.total_days(), later=pl.max_horizontal(a, b))
    assert got.equals(want)
    assert got.get_column("days").null_count() == 2 * len(dates) - 1
