"""What the batch functions of :mod:`talentkit.batch.cutoff` keep for a run (a reference
date's cut-off with the days searched, a distinct value's or a combination's result)
gives, chunk after chunk through the same object, what a fresh object and the plain
expression give: dates outside the days searched before on either side, the cut-off day
and the days around it, 29 February births, nulls, several reference dates, values not
seen before, more values than are kept. A chunk whose work is kept does none."""

from __future__ import annotations

import datetime as dt
import io
import pickle
import threading
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import polars as pl
import pytest

from talentkit.batch.compile import FRACTION, _age_ok, attains, fraction_parts
from talentkit.batch.cutoff import (
    _COMPARED,
    _KEPT,
    _KEPT_COMBINATIONS,
    MAX_DISTINCT,
    PerValue,
    PerValues,
    Threshold,
    per_value,
    per_values,
    threshold,
)

REF = dt.date(2026, 3, 1)
Build = Callable[[pl.Expr, pl.Expr], pl.Expr]


class Counted:
    """A function counting its calls: each is a polars query of it."""

    def __init__(self, fn: Callable[..., pl.Expr]) -> None:
        self.fn, self.calls = fn, 0

    def __call__(self, *args: Any) -> pl.Expr:
        self.calls += 1
        return self.fn(*args)


def at_most_40(b: pl.Expr, r: pl.Expr) -> pl.Expr:
    """Not over 40 (completed years) on ``r``: true from a cut-off birth date on, rising."""
    return _age_ok(b, 40, r, "completed_years", "birthday", "feb28")


def turned_41(b: pl.Expr, r: pl.Expr) -> pl.Expr:
    """41 reached by ``r`` (29 February births on 1 March): true before a cut-off birth
    date, falling."""
    return attains(b, 41, "birthday", "mar1") <= r


def days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def record(b: Sequence[dt.date | None], r: Sequence[dt.date | None]) -> pl.Series:
    frame = pl.DataFrame({"b": b, "r": r}, schema={"b": pl.Date(), "r": pl.Date()})
    return frame.select(pl.struct("b", "r").alias("x")).to_series()


def plain(build: Build, s: pl.Series) -> pl.Series:
    """The test evaluated case by case: the answer."""
    frame = s.struct.unnest()
    return frame.select(build(pl.col("b"), pl.col("r")).alias(s.name)).to_series()


def agrees(kept: Threshold, build: Build, s: pl.Series) -> None:
    got = kept(s)
    assert got.equals(Threshold(build)(s), check_names=True)
    want = plain(build, s)
    assert got.equals(want, check_names=True), [
        (b, g, w) for b, g, w in zip(s.struct.field("b"), got, want, strict=True) if g != w
    ]


#: the cut-off of both tests under REF: the first birth date not 41 on it
CUT = dt.date(1985, 3, 2)


def day(d: dt.date) -> int:
    return (d - dt.date(1970, 1, 1)).days


@pytest.mark.parametrize("build", [at_most_40, turned_41])
def test_a_kept_cut_off_over_chunks_before_within_and_after_the_days_searched(
    build: Build,
) -> None:
    counted = Counted(build)
    kept = Threshold(counted)
    # the first chunk: none of its dates reaches the cut-off day
    first = days(dt.date(1987, 1, 1), dt.date(1990, 12, 31))
    agrees(kept, build, record(first, [REF] * len(first)))
    assert counted.calls > 0
    (cut,) = kept._cuts.values()
    assert (cut.lo, cut.hi) == (day(first[0]), day(first[-1]))
    # the same days and fewer: the cut-off kept, the test not evaluated
    for chunk in (first, first[10:20], first[-1:]):
        counted.calls = 0
        agrees(kept, build, record(chunk, [REF] * len(chunk)))
        assert counted.calls == 0
    # days before them: the cut-off day itself and the days either side (a cut-off
    # reused for them would read them as the first chunk's)
    around = [CUT - dt.timedelta(days=1), CUT, CUT + dt.timedelta(days=1), dt.date(1988, 5, 5)]
    counted.calls = 0
    agrees(kept, build, record(around, [REF] * len(around)))
    assert counted.calls > 0
    (cut,) = kept._cuts.values()
    assert (cut.lo, cut.hi) == (day(around[0]), day(first[-1]))
    assert cut.cut == day(CUT)
    # each day alone, then within the widened days: kept
    for one in around[:3]:
        counted.calls = 0
        agrees(kept, build, record([one], [REF]))
        assert counted.calls == 0
    # days after them, and days around the cut-off on both sides
    for chunk in (
        days(dt.date(1995, 1, 1), dt.date(1995, 1, 3)),
        days(dt.date(1960, 2, 27), dt.date(1960, 3, 2)),
        days(CUT - dt.timedelta(days=3), CUT + dt.timedelta(days=3)),
        [dt.date(1960, 2, 27), dt.date(1995, 1, 3)],
    ):
        agrees(kept, build, record(chunk, [REF] * len(chunk)))


def test_days_before_the_kept_ones_on_their_own_side_of_the_cut_off() -> None:
    """The first chunk's dates all after the cut-off, the next all before it: the cut-off
    found for the first (its first day, the test failing on every one) is not theirs."""
    counted = Counted(at_most_40)
    kept = Threshold(counted)
    for chunk in (
        days(dt.date(1980, 1, 1), dt.date(1984, 12, 31)),
        days(dt.date(1985, 6, 1), dt.date(1986, 1, 1)),
        days(dt.date(1980, 1, 1), dt.date(1984, 12, 31)),
        [CUT],
        [CUT - dt.timedelta(days=1)],
    ):
        agrees(kept, at_most_40, record(chunk, [REF] * len(chunk)))


@pytest.mark.parametrize("ref", [dt.date(2025, 2, 28), dt.date(2025, 3, 1), dt.date(2024, 2, 29)])
@pytest.mark.parametrize("leap_day", ["feb28", "mar1"])
def test_29_february_births_in_later_chunks(ref: dt.date, leap_day: str) -> None:
    def build(b: pl.Expr, r: pl.Expr) -> pl.Expr:
        return _age_ok(b, 40, r, "completed_years", "birthday", leap_day)

    kept = Threshold(build)
    leap = [dt.date(1984, 2, 29)]
    for chunk in (
        days(dt.date(1984, 3, 2), dt.date(1984, 6, 1)),
        leap,
        days(dt.date(1984, 2, 27), dt.date(1984, 3, 2)),
        days(dt.date(1985, 2, 27), dt.date(1985, 3, 2)),
        leap,
        [dt.date(1988, 2, 29), dt.date(1980, 2, 29)],
    ):
        agrees(kept, build, record(chunk, [ref] * len(chunk)))


def test_nulls_and_several_reference_dates_in_later_chunks() -> None:
    counted = Counted(at_most_40)
    kept = Threshold(counted)
    other = dt.date(2025, 2, 28)
    b = [dt.date(1985, 3, 1), None, dt.date(1984, 2, 29), dt.date(1985, 2, 28), None]
    chunks: list[tuple[list[dt.date | None], list[dt.date | None]]] = [
        (b, [REF, REF, None, REF, None]),
        (b, [REF, other, other, None, REF]),
        ([None, None], [REF, other]),  # only null dates
        (b, [None] * len(b)),  # only null references
        ([dt.date(1990, 1, 1), dt.date(1970, 1, 1)], [other, REF]),
        (b, [other, REF, REF, other, other]),
        ([], []),
    ]
    for chunk_b, chunk_r in chunks:
        agrees(kept, at_most_40, record(chunk_b, chunk_r))
    assert set(kept._cuts) == {REF, other}
    counted.calls = 0
    agrees(kept, at_most_40, record(b, [REF, other, other, REF, REF]))
    assert counted.calls == 0


def test_a_test_that_is_no_cut_off_keeps_nothing() -> None:
    """Evaluated case by case, as before; nothing is kept, every chunk tries again."""

    def build(b: pl.Expr, r: pl.Expr) -> pl.Expr:
        return b.dt.month() == r.dt.month()

    counted = Counted(build)
    kept = Threshold(counted)
    chunk = days(dt.date(1985, 1, 1), dt.date(1985, 12, 31))
    agrees(kept, build, record(chunk, [REF] * len(chunk)))
    assert not kept._cuts
    counted.calls = 0
    agrees(kept, build, record(chunk, [REF] * len(chunk)))
    assert counted.calls > 0


def test_no_cut_off_over_both_ranges_searches_the_chunks_own() -> None:
    """A test that holds over a window of days is a cut-off on either side of it, not
    over both: the second chunk's days searched together with the first's give none, so
    its own days are searched (as a chunk alone is), the first's cut-off kept."""

    def build(b: pl.Expr, r: pl.Expr) -> pl.Expr:
        return (b >= r - pl.duration(days=400)) & (b < r - pl.duration(days=100))

    kept = Threshold(build)
    start, end = REF - dt.timedelta(days=400), REF - dt.timedelta(days=100)
    before = days(start - dt.timedelta(days=50), start + dt.timedelta(days=50))
    after = days(end - dt.timedelta(days=50), end + dt.timedelta(days=50))
    agrees(kept, build, record(before, [REF] * len(before)))
    first = kept._cuts[REF]
    agrees(kept, build, record(after, [REF] * len(after)))
    assert kept._cuts[REF] == first
    # compared with the cut-off of its own days, not evaluated case by case
    b, r = pl.Series(after, dtype=pl.Date()), pl.Series([REF] * len(after), dtype=pl.Date())
    assert kept.compared(b, r) is not None
    agrees(kept, build, record(before, [REF] * len(before)))
    both = before + after
    agrees(kept, build, record(both, [REF] * len(both)))


def test_the_same_expression_over_two_frames() -> None:
    """A frame evaluated with an expression, then another with the same expression (one
    object for both), as a run's chunks are."""
    counted = Counted(at_most_40)
    expr = threshold(pl.col("b"), pl.col("r"), counted).alias("t")
    want = at_most_40(pl.col("b"), pl.col("r")).alias("t")
    schema = {"b": pl.Date(), "r": pl.Date()}
    one = days(dt.date(1986, 1, 1), dt.date(1987, 1, 1))
    frames = [
        pl.DataFrame({"b": one, "r": [REF] * len(one)}, schema=schema),
        pl.DataFrame({"b": [CUT, None, dt.date(1984, 2, 29)], "r": [REF] * 3}, schema=schema),
        pl.DataFrame({"b": one[:5], "r": [REF] * 5}, schema=schema),
    ]
    for frame in frames:
        assert frame.select(expr).equals(frame.select(want))
    counted.calls = 0
    assert frames[2].select(expr).equals(frames[2].select(want))
    assert counted.calls == 0


def test_a_copy_keeps_nothing_and_serialises() -> None:
    kept = Threshold(at_most_40)
    chunk = days(dt.date(1986, 1, 1), dt.date(1986, 2, 1))
    kept(record(chunk, [REF] * len(chunk)))
    assert kept._cuts
    copy = pickle.loads(pickle.dumps(kept))
    assert not copy._cuts
    agrees(copy, at_most_40, record(chunk, [REF] * len(chunk)))
    values = PerValue(scored, pl.Int64())
    values(pl.Series(["a", "bb"]))
    assert len(values._kept) == 2
    assert not len(pickle.loads(pickle.dumps(values))._kept)
    # an expression is serialised (its functions pickled) after it has run too
    expr = threshold(pl.col("b"), pl.col("r"), at_most_40)
    pl.DataFrame({"b": chunk, "r": [REF] * len(chunk)}).select(expr)
    assert pl.Expr.deserialize(io.BytesIO(expr.meta.serialize())) is not None


def test_chunks_from_several_threads_at_once() -> None:
    kept = Threshold(at_most_40)
    values = PerValue(lambda e: e.str.len_bytes(), pl.UInt32())
    chunks = [days(dt.date(1975 + i, 1, 1), dt.date(1975 + i, 12, 31)) for i in range(16)]
    texts = [pl.Series("t", [f"{j}" * j for j in range(i, i + 20)] * 3) for i in range(16)]
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            for _ in range(3):
                agrees(kept, at_most_40, record(chunks[i], [REF] * len(chunks[i])))
                got = values(texts[i])
                assert got.equals(texts[i].str.len_bytes())
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors


# --- a distinct value's result --------------------------------------------------------


def scored(e: pl.Expr) -> pl.Expr:
    """A number from a value's text, a null's its own."""
    text = e.cast(pl.String())
    return text.fill_null("none").str.len_bytes().cast(pl.Int64()) * 10 + (
        text.fill_null("0").str.slice(-1).cast(pl.Int64(), strict=False).fill_null(7)
    )


def spread(kept: PerValue, fn: Callable[[pl.Expr], pl.Expr], s: pl.Series) -> None:
    got = kept(s)
    assert got.equals(PerValue(fn, kept.dtype, kept.whole)(s), check_names=True)
    frame = pl.DataFrame({s.name: s})
    want = frame.select(fn(pl.col(s.name)).cast(kept.dtype).alias(s.name)).to_series()
    assert got.dtype == kept.dtype
    assert got.equals(want, check_names=True), (s.to_list(), got.to_list(), want.to_list())


TEXTS = [f"{i}/{i + 7}" for i in range(3 * MAX_DISTINCT)]


def chunks_of(values: Sequence[Any]) -> list[list[Any]]:
    """Chunks of one value, of few (compared with each), of more (joined), repeated, with
    nulls and without, each value after others seen before it."""
    few, more = list(values[:_COMPARED]), list(values[:MAX_DISTINCT])
    return [
        [values[0]] * 5,
        few * 3,
        [values[0]] * 5,
        [*few, None, *few],
        [None] * 4,
        more * 2,
        [*more[: _COMPARED + 2], None],
        [values[MAX_DISTINCT]] * 2 + few,  # a value not seen before, among seen ones
        list(reversed(more)),
        [None, values[1], None],
        [],
    ]


@pytest.mark.parametrize(
    ("dtype", "values"),
    [
        (pl.String(), TEXTS),
        (pl.Categorical(), TEXTS),
        (pl.Int64(), list(range(100, 100 + 3 * MAX_DISTINCT))),
        (pl.UInt8(), list(range(3 * MAX_DISTINCT))),
        (pl.Date(), days(dt.date(2024, 2, 20), dt.date(2024, 5, 30))),
        (pl.Decimal(10, 2), [Decimal(i) / 4 for i in range(3 * MAX_DISTINCT)]),
        (pl.Float64(), [0.0, float("nan"), *(i / 4 for i in range(1, 3 * MAX_DISTINCT))]),
    ],
)
def test_per_value_over_chunks(dtype: pl.DataType, values: list[Any]) -> None:
    counted = Counted(scored)
    kept = PerValue(counted, pl.Int64())
    for chunk in chunks_of(values):
        spread(kept, scored, pl.Series("v", chunk, dtype=dtype))
    counted.calls = 0
    for chunk in chunks_of(values)[:-1]:
        spread(kept, scored, pl.Series("v", chunk, dtype=dtype))
    # floats are not kept (a NaN is not equal to itself, -0.0 is equal to 0.0): each
    # chunk evaluates its values again, even a chunk of values seen before without NaN
    assert (counted.calls > 0) == (dtype == pl.Float64())
    counted.calls = 0
    spread(kept, scored, pl.Series("v", values[2:4], dtype=dtype))
    spread(kept, scored, pl.Series("v", values[2:4], dtype=dtype))
    assert counted.calls == (2 if dtype == pl.Float64() else 0)


def test_booleans_and_their_null_over_chunks() -> None:
    counted = Counted(scored)
    kept = PerValue(counted, pl.Int64())
    for chunk in ([True] * 3, [False, True], [None], [True, None, False], [False]):
        spread(kept, scored, pl.Series("v", chunk, dtype=pl.Boolean()))
    counted.calls = 0
    spread(kept, scored, pl.Series("v", [None, False, True, True], dtype=pl.Boolean()))
    assert counted.calls == 0


def test_values_equal_in_python_of_other_types_are_other_keys() -> None:
    """``True`` and ``1`` are one key in Python: kept by their types too, a column of
    booleans and then one of integers (one object for both) each have their own result."""
    kept = PerValue(scored, pl.Int64())
    for dtype in (pl.Boolean(), pl.Int64(), pl.UInt8(), pl.Boolean(), pl.String()):
        values = [True, False] if dtype == pl.Boolean() else [1, 0]
        if dtype == pl.String():
            values = ["1", "0"]
        spread(kept, scored, pl.Series("v", values * 2, dtype=dtype))
        spread(kept, scored, pl.Series("v", values[:1] * 3, dtype=dtype))


def test_a_struct_result_kept_and_broadcast() -> None:
    """A fraction parsed per distinct text: one text for every row, several, unparsable."""
    counted = Counted(fraction_parts)
    kept = PerValue(counted, FRACTION)
    chunks = [["1/3"] * 4, ["1/3", "2/5", None, "x"], ["x"] * 3, [None] * 2, ["2/5"] * 2]
    for chunk in chunks:
        spread(kept, fraction_parts, pl.Series("share", chunk, dtype=pl.String()))
    counted.calls = 0
    for chunk in chunks:
        spread(kept, fraction_parts, pl.Series("share", chunk, dtype=pl.String()))
    assert counted.calls == 0


def test_more_values_than_are_kept() -> None:
    """Values beyond :data:`_KEPT` are evaluated chunk after chunk; those kept first are
    still spread unevaluated."""
    counted = Counted(scored)
    kept = PerValue(counted, pl.Int64())
    many = [f"v{i:04d}" for i in range(_KEPT + 3 * MAX_DISTINCT)]
    for i in range(0, len(many), MAX_DISTINCT - 2):
        spread(kept, scored, pl.Series("v", many[i : i + MAX_DISTINCT - 2] * 2))
    assert len(kept._kept) == _KEPT
    counted.calls = 0
    spread(kept, scored, pl.Series("v", many[:MAX_DISTINCT]))
    assert counted.calls == 0
    spread(kept, scored, pl.Series("v", many[-MAX_DISTINCT:]))
    assert counted.calls == 1
    spread(kept, scored, pl.Series("v", [*many[:3], many[-1]]))
    assert counted.calls == 2
    assert len(kept._kept) == _KEPT


def test_per_value_the_same_expression_over_two_frames() -> None:
    counted = Counted(scored)
    expr = per_value(pl.col("v"), counted, pl.Int64()).alias("w")
    frames = [pl.DataFrame({"v": ["1/2", "3/4", None] * 3}), pl.DataFrame({"v": ["3/4"] * 2})]
    for frame in frames:
        assert frame.select(expr).equals(frame.select(scored(pl.col("v")).alias("w")))
    counted.calls = 0
    for frame in reversed(frames):
        assert frame.select(expr).equals(frame.select(scored(pl.col("v")).alias("w")))
    assert counted.calls == 0


# --- a combination's result -----------------------------------------------------------


def combined(es: list[pl.Expr]) -> pl.Expr:
    return pl.sum_horizontal([scored(e) * 100**i for i, e in enumerate(es)])


def whole(frame: pl.DataFrame) -> pl.Series:
    return frame.select(combined([pl.col(c) for c in frame.columns])).to_series()


def combination(kept: PerValues, frame: pl.DataFrame) -> None:
    s = frame.select(pl.struct(frame.columns).alias("x")).to_series()
    got = kept(s)
    assert got.equals(PerValues(combined, kept.dtype, whole)(s), check_names=True)
    want = whole(frame).cast(kept.dtype).alias("x")
    assert got.equals(want, check_names=True), (frame, got.to_list(), want.to_list())


def test_per_values_over_chunks() -> None:
    counted = Counted(combined)
    kept = PerValues(counted, pl.Int64(), whole)
    frames = [
        pl.DataFrame({"a": ["1/2"] * 3, "b": [5, 5, 5]}),
        pl.DataFrame({"a": ["1/2", "3/4", None, "1/2"], "b": [5, 6, 5, None]}),
        pl.DataFrame(
            {"a": [None, None], "b": [None, None]}, schema={"a": pl.String, "b": pl.Int64}
        ),
        pl.DataFrame({"a": TEXTS[:MAX_DISTINCT], "b": list(range(MAX_DISTINCT))}),
        pl.DataFrame({"a": ["3/4", "9/9"], "b": [6, 6]}),  # a combination not seen before
        pl.DataFrame({"a": [], "b": []}, schema={"a": pl.String, "b": pl.Int64}),
    ]
    for frame in frames:
        combination(kept, frame)
    counted.calls = 0
    for frame in frames:
        combination(kept, frame)
    assert counted.calls == 0


def test_combinations_equal_in_python_of_other_types_are_other_keys() -> None:
    kept = PerValues(combined, pl.Int64(), whole)
    for dtype in (pl.Boolean(), pl.Int64(), pl.Boolean()):
        values = [True, False] if dtype == pl.Boolean() else [1, 0]
        frame = pl.DataFrame({"a": ["1/2"] * 2, "b": values}, schema={"a": pl.String, "b": dtype})
        combination(kept, frame)
        combination(kept, frame.head(1))


def test_more_combinations_than_are_kept() -> None:
    counted = Counted(combined)
    kept = PerValues(counted, pl.Int64(), whole)
    n = MAX_DISTINCT
    chunks = []
    for k in range(_KEPT_COMBINATIONS // (n * n) + 1):
        a = [f"{k}:{i}" for i in range(n)]
        b = list(range(k * n, (k + 1) * n))
        chunks.append(pl.DataFrame({"a": [x for x in a for _ in b], "b": b * n}))
    for frame in chunks:
        combination(kept, frame)
    assert len(kept._kept) == _KEPT_COMBINATIONS
    counted.calls = 0
    combination(kept, chunks[0])
    assert counted.calls == 0
    combination(kept, chunks[-1])
    assert counted.calls == 1


def test_per_values_the_same_expression_over_two_frames() -> None:
    counted = Counted(combined)
    expr = per_values({"a": pl.col("a"), "b": pl.col("b")}, counted, pl.Int64(), whole)
    frames = [
        pl.DataFrame({"a": ["1/2", "3/4", None] * 2, "b": [1, 1, 2, 2, None, None]}),
        pl.DataFrame({"a": ["3/4"] * 2, "b": [2, 2]}),
    ]
    for frame in frames:
        assert frame.select(expr).equals(frame.select(whole(frame).alias("a")))
    counted.calls = 0
    for frame in reversed(frames):
        assert frame.select(expr).equals(frame.select(whole(frame).alias("a")))
    assert counted.calls == 0
