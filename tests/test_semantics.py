"""The shared semantics: one definition, the same answer for integers and for columns."""

from __future__ import annotations

import operator
from fractions import Fraction

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talentkit import semantics
from talentkit.money import ROUNDINGS, round_fen
from talentkit.rules import Status
from talentkit.semantics import Verdict

OPS = [">=", ">", "<=", "<", "==", "!="]
TESTS = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
    "!=": operator.ne,
}


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(OPS), st.integers(0, 150), st.integers(0, 150), st.integers(-2, 160))
def test_count_range_is_exact_and_the_same_on_columns(
    op: str, lo: int, width: int, limit: int
) -> None:
    hi = lo + width
    outcomes = [TESTS[op](n, limit) for n in range(lo, hi + 1)]
    assert semantics.count_range(op, lo, hi, limit) == (all(outcomes), any(outcomes))
    every, some = semantics.count_range(
        op, pl.col("lo"), pl.col("hi"), limit, negate=operator.invert
    )
    row = pl.DataFrame({"lo": [lo], "hi": [hi]}).select(every=every, some=some).row(0)
    assert row == (all(outcomes), any(outcomes))


def test_verdict_order() -> None:
    assert semantics.verdict([]) is Verdict.ELIGIBLE
    assert semantics.verdict([Status.NA, Status.PASS]) is Verdict.ELIGIBLE
    assert semantics.verdict([Status.WAIVED, Status.PASS]) is Verdict.ELIGIBLE_BY_EXCEPTION
    assert semantics.verdict([Status.REVIEW, Status.WAIVED]) is Verdict.NEEDS_REVIEW
    assert semantics.verdict([Status.UNKNOWN, Status.REVIEW]) is Verdict.UNDETERMINED
    assert semantics.verdict([Status.FAIL, Status.UNKNOWN]) is Verdict.NOT_ELIGIBLE


@given(
    st.integers(0, 10**14),
    st.fractions(0, 1, max_denominator=10**9),
    st.integers(0, 10**9),
    st.integers(0, 10**9),
    st.sampled_from(ROUNDINGS),
)
def test_money_arithmetic_on_integers_and_columns(
    base: int, rate: Fraction, cap: int, prior: int, rounding: str
) -> None:
    # amounts in fen; the rounding rule decides the unit and the direction
    computed = semantics.share_of(base, rate, rounding)
    assert computed == round_fen(Fraction(base) * rate, rounding).fen
    unit = 100 if rounding.startswith("yuan") else 1
    assert computed % unit == 0
    if rounding.endswith("_down"):
        assert computed <= base * rate < computed + unit
    else:
        assert computed - unit < base * rate <= computed
    paid = semantics.capped(computed, cap, prior)
    assert paid == min(computed, max(0, cap - prior))
    col = semantics.share_of(pl.col("b").cast(pl.Int128()), rate, rounding)
    assert pl.DataFrame({"b": [base]}).select(col).item() == computed
    assert semantics.less_prior(paid, prior, "top_up") == max(0, paid - prior)
    assert semantics.less_prior(paid, prior, "cumulative") == paid


def test_share_of_at_the_fen_and_the_yuan() -> None:
    # 3% of 999,999.99 yuan (99,999,999 fen) is 2,999,999.97 fen
    assert semantics.share_of(99_999_999, Fraction(3, 100), "fen_down") == 2_999_999
    assert semantics.share_of(99_999_999, Fraction(3, 100), "fen_up") == 3_000_000
    assert semantics.share_of(99_999_999, Fraction(3, 100), "yuan_down") == 2_999_900
    assert semantics.share_of(99_999_999, Fraction(3, 100), "yuan_up") == 3_000_000
    # exact: nothing to round in any direction
    for rounding in ROUNDINGS:
        assert semantics.share_of(100_000_000, Fraction(3, 100), rounding) == 3_000_000
    with pytest.raises(ValueError, match="unknown rounding 'half'"):
        semantics.share_of(1, Fraction(1, 2), "half")
