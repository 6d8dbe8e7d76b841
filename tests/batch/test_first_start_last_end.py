"""A time-spent list's first start and last end over the spells that count, batch against
the engine: several spells merged out of order beside ones that do not count, cases without
items between, dates before 1970, exactly at the anniversary and a day short of it."""

from __future__ import annotations

import datetime as dt

from talentkit import Engine
from tests.batch.test_differential import check_population, engine  # noqa: F401
from tests.batch.test_time_spent_compile import SIX, case, post

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
