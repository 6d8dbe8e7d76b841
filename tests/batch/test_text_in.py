"""A text tested against a few values by comparisons reads as ``is_in``, nulls included."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest

from talentkit.batch.compile import (
    _COMPARED_TEXTS,
    FAIL,
    PASS,
    UNKNOWN,
    apply_defs,
    compile_rule,
    merge_steps,
    text_in,
)
from talentkit.rules import Compare, Count, OneOf
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


def _compared(defs: list[tuple[str, pl.Expr]]) -> list[str]:
    """The defined columns comparing a text with one value (see ``text_equal``)."""
    return [n for n, e in defs if ') == ("' in str(e) and "when" not in str(e)]


def test_rules_comparing_one_text_read_one_column_per_value() -> None:
    """Rules over two fields with overlapping values (``OneOf``, ``Compare`` with ``==`` and
    ``!=``): each status as compared row by row, each field compared once with each value.
    A comparison filed by its value alone (field b reading field a's column) fails it."""
    a = ["x", "y", "z", None, "", "y", "w"]
    b = ["y", None, "x", "x", "y", "", "z"]
    frame = pl.DataFrame({"facts": [{"a": p, "b": q} for p, q in zip(a, b, strict=True)]})
    rules: list[tuple[Any, str, Any]] = [
        (OneOf(id="r1", fact="facts.a", values=("x", "y")), "a", lambda t: t in ("x", "y")),
        (OneOf(id="r2", fact="facts.a", values=("y", "z")), "a", lambda t: t in ("y", "z")),
        (Compare(id="r3", fact="facts.a", op="==", value="y"), "a", lambda t: t == "y"),
        (Compare(id="r4", fact="facts.a", op="!=", value="x"), "a", lambda t: t != "x"),
        (OneOf(id="r5", fact="facts.b", values=("x", "y")), "b", lambda t: t in ("x", "y")),
        (Compare(id="r6", fact="facts.b", op="!=", value="y"), "b", lambda t: t != "y"),
        (Compare(id="r7", fact="facts.b", op="==", value=""), "b", lambda t: t == ""),
    ]
    scope = scope_of(frame)
    statuses = [compile_rule(rule, scope).status for rule, _, _ in rules]
    got = apply_defs(frame, scope.defs).select(
        [s.alias(rule.id) for s, (rule, _, _) in zip(statuses, rules, strict=True)]
    )
    for rule, field, test in rules:
        texts = a if field == "a" else b
        want = [UNKNOWN if t is None else PASS if test(t) else FAIL for t in texts]
        assert got.get_column(rule.id).to_list() == want, rule.id
    # a x, y, z; b x, y, "": six comparisons for eleven
    assert len(_compared(scope.defs)) == 6


def test_items_comparing_one_text_read_one_column_per_value() -> None:
    """The same in a list's items: two counts over one list, their items' comparisons of
    the same text computed once after the steps are merged."""
    lists: list[list[str | None]] = [["x", "y"], ["z"], [], [None, "z"], ["y", None], ["w"]]
    frame = pl.DataFrame(
        {"facts": [{"posts": [{"k": k} for k in ks]} for ks in lists]},
        schema={"facts": pl.Struct({"posts": pl.List(pl.Struct({"k": pl.String()}))})},
    )
    one = Count(id="c1", collection="facts.posts", where=OneOf(id="w1", fact="k", values=("x",)))
    two = Count(
        id="c2", collection="facts.posts", where=Compare(id="w2", fact="k", op="!=", value="x")
    )
    scope = scope_of(frame)
    statuses = [compile_rule(rule, scope).status for rule in (one, two)]
    got = apply_defs(frame, scope.defs, scope.steps).select(
        [s.alias(r) for s, r in zip(statuses, ("c1", "c2"), strict=True)]
    )

    def counted(ks: list[str | None], test: Any) -> int:
        if any(k is not None and test(k) for k in ks):
            return PASS
        return UNKNOWN if None in ks else FAIL

    assert got.get_column("c1").to_list() == [counted(ks, lambda k: k == "x") for ks in lists]
    assert got.get_column("c2").to_list() == [counted(ks, lambda k: k != "x") for ks in lists]
    merged = merge_steps(scope.steps)
    assert len(merged) == 1
    kept = [n for n, e in merged[0].items.items() if n in _compared(list(merged[0].items.items()))]
    assert len(kept) == 1  # the second count reads the first one's comparison
