"""An external entitlement decided per case compiles to the case's own amount."""

from __future__ import annotations

import datetime as dt

import polars as pl

from talentkit import Citation, External, F, P, Text
from talentkit.batch.compile import Scope, apply_defs
from talentkit.batch.evaluate import _amount
from talentkit.params import ParameterStore
from talentkit.subjects import Profile

CITE = Citation(document="D", article="第1条")


def scope_of(frame: pl.DataFrame) -> Scope:
    """A compile scope over ``frame`` with no facts declared and no parameters."""
    return Scope(
        schema=frame.schema,
        facts={},
        store=ParameterStore(),
        as_of=dt.date(2026, 6, 1),
        reference=(),
        profile_for_text=Profile(),
    )


def _external(amount: P | F) -> External:
    return External(
        id="e",
        cite=CITE,
        text=Text("支持", "support"),
        payee="enterprise",
        reference="某",
        amount=amount,
    )


def test_amount_read_per_row_from_the_fact() -> None:
    frame = pl.DataFrame(
        {"facts": [{"decided": 300_000}, {"decided": 1}, {"decided": None}]},
        schema={"facts": pl.Struct({"decided": pl.Int64()})},
    )
    scope = scope_of(frame)
    expr, need = _amount(_external(F("facts.decided")), scope)
    frame = apply_defs(frame, scope.defs)  # the fact read as a column of the plan
    assert frame.select(expr.alias("a"))["a"].to_list() == [300_000, 1, None]
    # where the amount is open, the line names the fact it needs
    assert frame.select(need.alias("m"))["m"].to_list() == [[], [], ["facts.decided"]]


def test_an_absent_fact_column_is_undetermined_not_zero() -> None:
    frame = pl.DataFrame({"id": ["a"]})
    expr, need = _amount(_external(F("facts.decided")), scope_of(frame))
    assert frame.select(expr.alias("a"))["a"].to_list() == [None]
    assert frame.select(need.alias("m"))["m"].to_list() == [["facts.decided"]]
