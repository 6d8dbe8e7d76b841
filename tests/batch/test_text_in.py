"""A text tested against a few values by comparisons reads as ``is_in``, nulls included."""

from __future__ import annotations

import polars as pl
import pytest

from talentkit.batch.compile import (
    _COMPARED_TEXTS,
    FAIL,
    PASS,
    UNKNOWN,
    apply_defs,
    compile_rule,
    text_in,
)
from talentkit.rules import OneOf
from tests.batch.test_external_amount import scope_of

TEXTS = ["natsci", "eng", None, "", "pss", "eng ", "Eng", "natsci", "其他", None, "x" * 40]
VALUES = ["natsci", "eng", "", "pss", "其他", "culture", "x" * 40, "a", "b", "c"]


@pytest.mark.parametrize("n", [0, 1, 2, _COMPARED_TEXTS - 1, _COMPARED_TEXTS, _COMPARED_TEXTS + 1])
def test_few_or_many_values_read_as_is_in(n: int) -> None:
    """Each number of values around the limit, repeated values among them, over a column
    of several chunks with nulls, empty and near-miss texts."""
    column = pl.concat([pl.Series("t", TEXTS), pl.Series("t", list(reversed(TEXTS)))])
    frame = pl.DataFrame({"t": column})
    assert frame.n_chunks() == 2
    for allowed in (VALUES[:n], [*VALUES[:n], *VALUES[:n]], list(reversed(VALUES[:n]))):
        got = frame.select(text_in(pl.col("t"), allowed).alias("in"))
        assert got.equals(frame.select(pl.col("t").is_in(allowed).alias("in")))
        want = [None if t is None else t in allowed for t in column.to_list()]
        assert got.to_series().to_list() == want


def test_one_of_a_few_texts_passes_fails_and_stays_open() -> None:
    frame = pl.DataFrame({"facts": [{"field": t} for t in ("eng", "other", None, "")]})
    rule = OneOf(id="r", fact="facts.field", values=("natsci", "eng", ""))
    scope = scope_of(frame)
    status = compile_rule(rule, scope).status
    got = apply_defs(frame, scope.defs).select(status).to_series()
    assert got.to_list() == [PASS, FAIL, UNKNOWN, PASS]
