"""A compiled all-of gives the single-case engine's status for every mix of its parts'."""

from __future__ import annotations

import itertools

import polars as pl
import pytest

from talentkit import AllOf
from talentkit.batch.compile import CODE, CODES, STATUS_OF, worst_of
from talentkit.rules import Status
from tests.test_rules_logic import ALL, ctx, parts

MIXES = [mix for k in (1, 2, 3) for mix in itertools.product(ALL, repeat=k)]


def _worst(rows: list[tuple[int | None, ...]]) -> list[Status]:
    width = len(rows[0])
    frame = pl.DataFrame(
        {f"s{i}": [r[i] for r in rows] for i in range(width)},
        schema={f"s{i}": CODE for i in range(width)},
    )
    out = frame.select(worst_of([pl.col(f"s{i}") for i in range(width)])).to_series()
    assert out.dtype == CODE
    return [STATUS_OF[c] for c in out.to_list()]


@pytest.mark.parametrize("width", [1, 2, 3])
def test_all_of_compiled_as_the_engine_decides_it(width: int) -> None:
    mixes = [m for m in MIXES if len(m) == width]
    got = _worst([tuple(CODES[s] for s in mix) for mix in mixes])
    for mix, status in zip(mixes, got, strict=True):
        assert status is AllOf(rules=parts(*mix)).evaluate(ctx()).status, mix


def test_a_null_status_is_left_out_and_none_at_all_passes() -> None:
    # (as the choice it replaced read it: a null condition does not hold)
    rows = [(CODES[s], None) for s in ALL] + [(None, None)]
    assert _worst(rows) == [*_worst([(CODES[s],) for s in ALL]), Status.PASS]


def test_a_constant_part_is_one_status_for_every_case() -> None:
    frame = pl.DataFrame({"s": [CODES[Status.PASS], CODES[Status.REVIEW]]}, schema={"s": CODE})
    fail = pl.lit(CODES[Status.FAIL], dtype=CODE)
    out = frame.select(worst_of([pl.col("s"), fail]).alias("w")).to_series()
    assert [STATUS_OF[c] for c in out] == [Status.FAIL, Status.FAIL]
