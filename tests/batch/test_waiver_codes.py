"""A waiver's decision read as the status it gives, decided once per distinct text of a
chunk's decisions (:func:`talentkit.batch.evaluate._decided`), and a column of only
nulls decided without a pass over it (:class:`talentkit.batch.cutoff.PerValue`)."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talentkit import Engine
from talentkit.batch.compile import CODE, FAIL, REVIEW, WAIVED
from talentkit.batch.cutoff import PerValue
from talentkit.batch.evaluate import _decided
from tests.batch.strategies import profile
from tests.batch.test_differential import check_population, setup
from tests.batch.test_differential import engine as engine

DECISIONS = ["approved", "pending", "declined", None]


def _by_row(s: pl.Series) -> pl.Series:
    return pl.DataFrame({"d": s}).select(_decided(pl.col("d"))).to_series()


@pytest.mark.parametrize(
    "values",
    [
        [None] * 5,
        [None] * 5000 + ["approved"],  # the one decision after the first rows' sample
        ["approved", "pending", "declined", "withdrawn", None, "pending"],
        [None] * 4999 + ["declined"] + [None] * 3,
    ],
)
def test_statuses_per_text_equal_the_rows(values: list[str | None]) -> None:
    s = pl.Series("d", values, dtype=pl.String())
    got = PerValue(_decided, CODE)(s)
    assert got.dtype == CODE
    assert got.equals(_by_row(s).alias("d"))
    status = {"approved": WAIVED, "pending": REVIEW, "declined": FAIL}
    assert got.to_list() == [None if v is None else status.get(v) for v in values]


@pytest.mark.parametrize("dtype", [pl.String(), pl.Null()])
def test_a_column_of_nulls_and_slices(dtype: pl.DataType) -> None:
    s = pl.Series("d", [None] * 10, dtype=dtype)
    assert PerValue(_decided, CODE)(s).to_list() == [None] * 10
    assert PerValue(_decided, CODE)(s.slice(3, 0)).len() == 0
    mixed = pl.Series("d", ["approved", *([None] * 10)], dtype=pl.String())
    assert PerValue(_decided, CODE)(mixed.slice(1)).to_list() == [None] * 10
    assert PerValue(_decided, CODE)(mixed.slice(0, 2)).to_list() == [WAIVED, None]


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_waivers_of_every_decision_as_the_engine(engine: Engine, data: st.DataObject) -> None:
    """Profiles whose soft rules carry every decision give the engine's results; so do
    those of a chunk in which no case has a decision."""
    _, vocab, _, _ = setup(engine)
    profiles: list[dict[str, Any]] = data.draw(st.lists(profile(vocab), min_size=1, max_size=12))
    soft = sorted(vocab.soft)
    given_some = []
    for i, p in enumerate(profiles):
        waivers = {}
        for j, rule_id in enumerate(soft):
            decision = DECISIONS[(i + j) % len(DECISIONS)]
            if decision is not None:
                waivers[rule_id] = {
                    "decision": decision,
                    "by": "b",
                    "on": "2025-01-01",
                    "basis": "x",
                }
        given_some.append({**p, "waivers": waivers})
    check_population(engine, given_some)
    check_population(engine, [{k: v for k, v in p.items() if k != "waivers"} for p in profiles])
