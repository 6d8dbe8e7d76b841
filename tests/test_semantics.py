"""The shared semantics: one definition, the same answer for integers and for columns."""

from __future__ import annotations

import operator
from fractions import Fraction

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from talentkit import semantics
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
    st.integers(0, 10**12),
    st.fractions(0, 1, max_denominator=10**9),
    st.integers(0, 10**7),
    st.integers(0, 10**7),
)
def test_money_arithmetic_on_integers_and_columns(
    base: int, rate: Fraction, cap: int, prior: int
) -> None:
    computed = semantics.share_of(base, rate)
    assert computed == base * rate.numerator // rate.denominator
    assert computed <= base * rate < computed + 1
    paid = semantics.capped(computed, cap, prior)
    assert paid == min(computed, max(0, cap - prior))
    col = semantics.share_of(pl.col("b").cast(pl.Int128()), rate)
    assert pl.DataFrame({"b": [base]}).select(col).item() == computed
    assert semantics.less_prior(paid, prior, "top_up") == max(0, paid - prior)
    assert semantics.less_prior(paid, prior, "cumulative") == paid
