"""A fraction fact given in the flat layout as a record of two whole numbers (``{num,
den}``) instead of its text: read as it is where the plans read the input's columns, its
text in the nested records, and the same results and error rows as the text gives."""

from __future__ import annotations

import polars as pl
import pytest

from talentkit import Engine
from talentkit.batch import BatchError, profiles_frame, screen_frame
from talentkit.batch.compile import FRACTION
from talentkit.batch.schema import FRACTION_PAIR
from tests.batch import vocab_plugin
from tests.batch.strategies import AS_OF
from tests.batch.test_flat import flatten

SHARES = ["1/3", "333/1000", "334/1000", "2/6", "3/10", "299/1000", "0", "7", "-1/4"]
FACTS = ("shaanxi.applicant_stake", "shaanxi.own_funds_share", "shaanxi.largest_other_stake")
COLUMNS = [None, ["verdict"], ["missing", "failed"]]


@pytest.fixture(scope="module")
def vocab_engine() -> Engine:
    """Every installed programme, Fooland's and one using every rule shape."""
    return Engine.create([vocab_plugin])


def _texts(engine: Engine) -> pl.DataFrame:
    """People whose company gives some of the shares as text, and an employer."""

    def person(i: int) -> dict[str, object]:
        shares = {k: SHARES[(i + j) % len(SHARES)] for j, k in enumerate(FACTS) if (i + j) % 4}
        company = {"role": "company", "facts": shares}
        employer = {"role": "employer", "province": "陕西省"}
        gender = "female" if i % 2 else "male"
        return {"id": f"p{i}", "person": {"gender": gender}, "organisations": [company, employer]}

    people = [person(i) for i in range(2 * len(SHARES))]
    frame = profiles_frame([engine.load(p) for p in people], engine.registry.facts)
    return flatten(frame, engine, roles=("company", "employer"))


def _column(fact: str) -> str:
    return f"organisations[role=company].facts.{fact}"


def _pairs(frame: pl.DataFrame, dtype: pl.DataType | None = None) -> pl.DataFrame:
    """``frame`` with each share column as ``{num, den}`` records of ``dtype``."""
    dtype = pl.Int64() if dtype is None else dtype
    out = []
    for fact in FACTS:
        c = pl.col(_column(fact))
        parts = c.str.split_exact("/", 1)
        num = parts.struct.field("field_0").cast(dtype)
        den = (
            pl.when(c.str.contains("/")).then(parts.struct.field("field_1")).otherwise(pl.lit("1"))
        )
        pair = pl.struct(num=num, den=den.cast(dtype))
        out.append(pl.when(c.is_not_null()).then(pair).alias(_column(fact)))
    return frame.with_columns(out)


def test_the_pair_is_the_type_rules_read() -> None:
    assert FRACTION == FRACTION_PAIR == pl.Struct({"num": pl.Int64(), "den": pl.Int64()})


@pytest.mark.parametrize("columns", COLUMNS)
@pytest.mark.parametrize("dtype", [pl.Int64(), pl.Int32(), pl.UInt16()])
def test_pairs_give_what_the_texts_give(
    vocab_engine: Engine, columns: list[str] | None, dtype: pl.DataType
) -> None:
    text = _texts(vocab_engine)
    if dtype == pl.UInt16():  # (no negative numerator in an unsigned column)
        text = text.filter(~pl.col(_column(FACTS[0])).str.starts_with("-").fill_null(False))
        text = text.filter(~pl.col(_column(FACTS[1])).str.starts_with("-").fill_null(False))
        text = text.filter(~pl.col(_column(FACTS[2])).str.starts_with("-").fill_null(False))
    paired = _pairs(text, dtype)
    kw = {"programmes": sorted(vocab_engine.registry.programmes), "as_of": AS_OF}
    want = screen_frame(vocab_engine, text, columns=columns, **kw)  # type: ignore[arg-type]
    got = screen_frame(vocab_engine, paired, columns=columns, **kw)  # type: ignore[arg-type]
    assert want.results.height > 0
    assert got.results.equals(want.results)
    assert got.errors.equals(want.errors)
    assert got.summary.case_by_case == want.summary.case_by_case


def test_a_pair_that_is_no_fraction_is_an_error_row_naming_its_column(
    vocab_engine: Engine,
) -> None:
    text = _texts(vocab_engine)
    paired = _pairs(text)
    column = _column("shaanxi.own_funds_share")
    bad = [{"num": 1, "den": 0}, {"num": 1, "den": -3}, {"num": None, "den": 5}]
    bad += [{"num": 5, "den": None}]
    rows = [0, 2, 4, 6]
    values = paired.get_column(column).to_list()
    for i, value in zip(rows, bad, strict=True):
        values[i] = value
    paired = paired.with_columns(pl.Series(column, values, dtype=FRACTION_PAIR))
    kw = {"programmes": sorted(vocab_engine.registry.programmes), "as_of": AS_OF}
    got = screen_frame(vocab_engine, paired, **kw)  # type: ignore[arg-type]
    assert got.errors["row"].to_list() == [i + 1 for i in rows]
    assert set(got.errors["path"]) == {column}
    assert all(m.startswith("expected a fraction") for m in got.errors["message"])
    assert "'den': 0" in got.errors["message"][0]
    # the other rows as the texts give them
    want = screen_frame(vocab_engine, text, **kw)  # type: ignore[arg-type]
    kept = ~pl.col("row").is_in([i + 1 for i in rows])
    assert got.results.equals(want.results.filter(kept))
    assert got.summary.balanced


def test_another_error_in_the_row_leaves_the_pair_alone(vocab_engine: Engine) -> None:
    text = _texts(vocab_engine).with_columns(
        pl.when(pl.int_range(pl.len()) == 1)
        .then(pl.lit("robot"))
        .otherwise(pl.col("person.gender"))
        .alias("person.gender")
    )
    kw = {"programmes": sorted(vocab_engine.registry.programmes), "as_of": AS_OF}
    want = screen_frame(vocab_engine, text, **kw)  # type: ignore[arg-type]
    got = screen_frame(vocab_engine, _pairs(text), **kw)  # type: ignore[arg-type]
    assert got.errors.equals(want.errors)
    assert got.errors["path"].to_list() == ["person.gender"]
    assert got.results.equals(want.results)


@pytest.mark.parametrize(
    "dtype",
    [
        pl.Struct({"a": pl.Int64(), "b": pl.Int64()}),
        pl.Struct({"num": pl.Float64(), "den": pl.Int64()}),
        pl.Struct({"num": pl.UInt64(), "den": pl.UInt64()}),
        pl.Struct({"num": pl.Int64(), "den": pl.Int64(), "note": pl.String()}),
    ],
)
def test_a_record_that_cannot_hold_a_fraction_is_refused(
    vocab_engine: Engine, dtype: pl.DataType
) -> None:
    column = _column("shaanxi.own_funds_share")
    frame = _texts(vocab_engine).with_columns(pl.lit(None, dtype=dtype).alias(column))
    with pytest.raises(BatchError, match=r"own_funds_share.*\{num, den\}"):
        screen_frame(vocab_engine, frame, programmes=["shaanxi.qianren.entre"], as_of=AS_OF)


def test_a_fact_given_both_ways_is_refused(vocab_engine: Engine) -> None:
    text = _texts(vocab_engine)
    other = "organisations[role=employer].facts.shaanxi.own_funds_share"
    frame = _pairs(text).with_columns(pl.lit("1/3").alias(other))
    with pytest.raises(BatchError, match=r"shaanxi\.own_funds_share given both as text"):
        screen_frame(vocab_engine, frame, programmes=["shaanxi.qianren.entre"], as_of=AS_OF)
