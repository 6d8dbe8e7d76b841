"""The programmes of one run share one plan: each lookup, list and shared rule once."""

from __future__ import annotations

import datetime as dt

import polars as pl

from talentkit import Engine
from talentkit.batch.compile import FAIL, NA, PASS, UNKNOWN, merge_steps
from talentkit.batch.evaluate import failed_ids, needed_defs
from talentkit.batch.run import plans_for

AS_OF = dt.date(2025, 6, 1)
SHAANXI = [
    "shaanxi.qianren.youth",
    "shaanxi.qianren.long",
    "shaanxi.qianren.foreign",
    "shaanxi.tezhi.youth",
    "shaanxi.qianren.entre",
]


def test_programmes_of_a_run_share_steps_and_columns(engine: Engine) -> None:
    plans, _ = plans_for(engine, SHAANXI, as_of=AS_OF, overrides=None)
    assert all(p.defs is plans[0].defs and p.steps is plans[0].steps for p in plans)
    # the health attestation all five read is looked up once, not once per programme
    lookups = [
        name
        for name, expr in plans[0].defs
        if "shaanxi.health" in str(expr) and "list.eval" in str(expr)
    ]
    assert len(lookups) == 1, lookups
    # each list the programmes read is exploded once for all of them
    collections = [str(s.collection) for s in merge_steps(plans[0].steps)]
    assert len(collections) == len(set(collections))
    assert sum("positions" in c for c in collections) == 1
    # no defined column repeats another's expression
    exprs = [expr.meta.serialize(format="json") for _, expr in plans[0].defs]
    assert len(exprs) == len(set(exprs))


def test_a_programme_alone_is_planned_as_before(engine: Engine) -> None:
    alone, _ = plans_for(engine, SHAANXI[:1], as_of=AS_OF, overrides=None)
    together, _ = plans_for(engine, SHAANXI, as_of=AS_OF, overrides=None)
    assert [r.rule.id for r in alone[0].rules] == [r.rule.id for r in together[0].rules]
    assert alone[0].fallback == together[0].fallback == {}
    assert len(alone[0].defs) < len(together[0].defs)


def test_failed_ids_keep_the_programme_order_across_mask_words() -> None:
    # 70 rules: two 64-bit words; rule 0, 63, 64 and 69 fail in row 0, none in row 1
    ids = [f"r{i}" for i in range(70)]
    codes = {0: FAIL, 63: FAIL, 64: FAIL, 69: FAIL, 5: UNKNOWN, 6: NA}
    frame = pl.DataFrame(
        {
            f"s{i}": pl.Series([codes.get(i, PASS), PASS, codes.get(i, PASS)], dtype=pl.UInt8())
            for i in range(70)
        }
    )
    out = failed_ids(frame, [pl.col(f"s{i}") for i in range(70)], ids)
    assert out.to_list() == [["r0", "r63", "r64", "r69"], [], ["r0", "r63", "r64", "r69"]]
    assert failed_ids(frame, [], []).to_list() == [[], [], []]


def test_needed_defs_follow_references_in_order() -> None:
    defs = [
        ("a", pl.col("x") + 1),
        ("b", pl.col("y") * 2),
        ("c", pl.col("a") - 1),
        ("d", pl.col("b")),
    ]
    assert [n for n, _ in needed_defs(defs, [pl.col("c")])] == ["a", "c"]
    assert [n for n, _ in needed_defs(defs, [pl.col("d"), pl.col("a")])] == ["a", "b", "d"]
    assert needed_defs(defs, [pl.col("x")]) == []
