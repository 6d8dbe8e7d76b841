"""A compiled all-of and any-of give the single-case engine's status for every mix of their
parts'."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

import polars as pl
import pytest

from talentkit import AllOf, AnyOf
from talentkit.batch.compile import CODE, CODES, STATUS_OF, best_of, worst_of
from talentkit.rules import Status
from tests.test_rules_logic import ALL, ctx, parts

MIXES = [mix for k in (1, 2, 3) for mix in itertools.product(ALL, repeat=k)]


def _combined(
    rows: list[tuple[int | None, ...]],
    combine: Callable[[Sequence[pl.Expr]], pl.Expr] = worst_of,
) -> list[Status]:
    width = len(rows[0])
    frame = pl.DataFrame(
        {f"s{i}": [r[i] for r in rows] for i in range(width)},
        schema={f"s{i}": CODE for i in range(width)},
    )
    out = frame.select(combine([pl.col(f"s{i}") for i in range(width)])).to_series()
    assert out.dtype == CODE
    return [STATUS_OF[c] for c in out.to_list()]


@pytest.mark.parametrize("width", [1, 2, 3])
def test_all_of_compiled_as_the_engine_decides_it(width: int) -> None:
    mixes = [m for m in MIXES if len(m) == width]
    got = _combined([tuple(CODES[s] for s in mix) for mix in mixes])
    for mix, status in zip(mixes, got, strict=True):
        assert status is AllOf(rules=parts(*mix)).evaluate(ctx()).status, mix


def test_a_null_status_is_left_out_and_none_at_all_passes() -> None:
    # (as the choice it replaced read it: a null condition does not hold)
    rows = [(CODES[s], None) for s in ALL] + [(None, None)]
    assert _combined(rows) == [*_combined([(CODES[s],) for s in ALL]), Status.PASS]


def test_a_constant_part_is_one_status_for_every_case() -> None:
    frame = pl.DataFrame({"s": [CODES[Status.PASS], CODES[Status.REVIEW]]}, schema={"s": CODE})
    fail = pl.lit(CODES[Status.FAIL], dtype=CODE)
    out = frame.select(worst_of([pl.col("s"), fail]).alias("w")).to_series()
    assert [STATUS_OF[c] for c in out] == [Status.FAIL, Status.FAIL]


@pytest.mark.parametrize("width", [1, 2, 3])
def test_any_of_compiled_as_the_engine_decides_it(width: int) -> None:
    mixes = [m for m in MIXES if len(m) == width]
    got = _combined([tuple(CODES[s] for s in mix) for mix in mixes], best_of)
    for mix, status in zip(mixes, got, strict=True):
        assert status is AnyOf(rules=parts(*mix)).evaluate(ctx()).status, mix


def test_any_of_a_null_status_is_left_out() -> None:
    rows = [(CODES[s], None) for s in ALL]
    assert _combined(rows, best_of) == list(ALL)


def test_the_codes_order_each_combination() -> None:
    """The verdict's order is the codes' (the least decides; an any-of's order, the codes
    turned, is checked by every mix above), and every code fits the byte it is kept in."""
    by_code = sorted(Status, key=CODES.__getitem__)
    assert by_code == [
        Status.FAIL,
        Status.UNKNOWN,
        Status.REVIEW,
        Status.WAIVED,
        Status.PASS,
        Status.NA,
    ]
    assert max(CODES.values()) < 2**8
