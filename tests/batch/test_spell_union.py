"""The union of the spells that count per case (:func:`talentkit.batch.union.spell_unions`)
against spells merged one by one: cases without items or without a spell that counts
between others, one spell, spells out of order and already in order, the same start twice,
a spell starting the day another ends, dates before 1970, a null test of whether a spell
counts, items in several chunks; and through a list step, a plan asking for part of it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from talentkit.batch.compile import GROUP, Step, run_steps
from talentkit.batch.evaluate import needed_steps
from talentkit.batch.union import SpellUnion, spell_unions

D0 = dt.date(1970, 1, 1)
Spell = tuple[int | None, int | None, bool | None]  # start, end (days since 1970), counts
UNION = SpellUnion(pl.col("v"), pl.col("s"), pl.col("e"))


def merged(spells: list[Spell]) -> tuple[int, int, dt.date | None, dt.date | None]:
    """Days, merged spells, first start and last end of the spells that count, one by one."""
    kept = sorted((s, e) for s, e, v in spells if v and s is not None and e is not None)
    total, count, reach = 0, 0, None
    for s, e in kept:
        if reach is None or s > reach:
            count += 1
            total += e - s
            reach = e
        elif e > reach:
            total += e - reach
            reach = e
    if not kept:
        return 0, 0, None, None
    return total, count, D0 + dt.timedelta(kept[0][0]), D0 + dt.timedelta(max(e for _, e in kept))


def items(cases: list[list[Spell]]) -> tuple[pl.DataFrame, pl.Series]:
    """The exploded items of ``cases`` and each case's number of spells that count."""
    rows = [(i, s, e, v) for i, spells in enumerate(cases) for s, e, v in spells]
    day = pl.Date()
    ex = pl.DataFrame(
        rows, schema={GROUP: pl.UInt32(), "s": day, "e": day, "v": pl.Boolean()}, orient="row"
    )
    counts = [sum(1 for _, _, v in spells if v) for spells in cases]
    return ex, pl.Series(counts, dtype=pl.Int64())


def check(cases: list[list[Spell]], ex: pl.DataFrame | None = None) -> None:
    whole, counts = items(cases)
    ex = whole if ex is None else ex
    got = pl.DataFrame(spell_unions(ex, GROUP, {"u": counts}, {"u": UNION}))
    assert got.columns == ["u_tot", "u_cnt", "u_first", "u_last"]
    assert got.dtypes == [pl.Int64(), pl.Int64(), pl.Date(), pl.Date()]
    assert got.rows() == [merged(spells) for spells in cases]


def valid(s: int, e: int) -> Spell:
    return (s, e, s <= e)


CASES: list[list[Spell]] = [
    [],  # no items
    [valid(10, 20)],  # one spell
    [valid(30, 40), valid(0, 5), valid(3, 12)],  # out of order, two of them overlapping
    [(1, 100, False), (None, 50, False), (None, None, None)],  # none counts
    [valid(5, 9), valid(5, 7), valid(5, 12)],  # the same start three times
    [valid(0, 10), valid(10, 20), valid(21, 22)],  # one starts the day the other ends
    [valid(-4000, -3000), valid(-3500, -10), valid(-1, 3)],  # before 1970, across it
    [(0, 1000, False), valid(2, 3), (1, 2, None), valid(2, 2)],  # around ones that don't
    [],  # the last case has none
]


def test_the_union_of_the_spells_that_count_per_case() -> None:
    check(CASES)
    check(CASES[::-1])
    check([[valid(0, 1)]])
    check([[], [], []])
    check([])


def test_the_union_over_items_in_several_chunks() -> None:
    whole, _ = items(CASES)
    parts = [whole.slice(0, 3), whole.slice(3, 5), whole.slice(8)]
    ex = pl.concat(parts, rechunk=False)
    assert ex.n_chunks() == 3
    check(CASES, ex)


day = st.integers(-30_000, 30_000)
spell = st.one_of(
    st.tuples(day, day).map(lambda p: valid(*p)),
    st.tuples(st.none() | day, st.none() | day, st.just(False)),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(spell, max_size=6), max_size=8))
def test_the_union_equals_spells_merged_one_by_one(cases: list[list[Spell]]) -> None:
    check(cases)


ITEM = pl.Struct({"s": pl.Date(), "e": pl.Date()})


def _step() -> Step:
    fields = {k: pl.col("__item").struct.field(k) for k in ("s", "e")}
    defaults: dict[str, Any] = {"u_tot": 0, "u_cnt": 0, "u_first": None, "u_last": None}
    return Step(
        "u",
        pl.col("xs"),
        items={**fields, "v": pl.col("s") <= pl.col("e")},
        aggs={},
        defaults=defaults,
        unions={"u": UNION},
    )


def test_a_step_gives_the_union_and_its_defaults_without_items() -> None:
    d = dt.date
    xs = [
        None,
        [{"s": d(2020, 1, 1), "e": d(2021, 1, 1)}, {"s": d(2019, 1, 1), "e": d(2020, 6, 1)}],
        [],
        [{"s": None, "e": d(2020, 1, 1)}, {"s": d(2020, 1, 2), "e": d(2020, 1, 1)}],
    ]
    df = pl.DataFrame({"xs": xs}, schema={"xs": pl.List(ITEM)})
    out = run_steps(df, [_step()]).drop("xs")
    assert out.rows() == [
        (0, 0, None, None),
        (731, 1, d(2019, 1, 1), d(2021, 1, 1)),
        (0, 0, None, None),
        (0, 0, None, None),  # a spell with no start and one ending before it starts
    ]
    # a plan reading one of the union's columns keeps the union and the items it reads
    (only,) = needed_steps([_step()], {"u_last"})
    assert set(only.unions) == {"u"}
    assert set(only.items) == {"s", "e", "v"}
    assert not needed_steps([_step()], {"other"})
