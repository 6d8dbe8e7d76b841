"""The money's open inputs named from their entries, for the cases whose money is open."""

from __future__ import annotations

import json
from typing import Any

import polars as pl
import pytest

from talentkit import Engine
from talentkit.batch.compile import NAMES
from talentkit.batch.evaluate import assessment_row, only_for, redone, with_exact
from talentkit.batch.io import parse_records
from talentkit.batch.run import assess_chunk, plans_for
from talentkit.batch.tables import INDEX, gathered
from talentkit.convert import unstructure
from tests.batch.strategies import AS_OF


def test_only_the_cases_that_hold_keep_their_lists() -> None:
    at = pl.Series("l", [0, 1, 1, 0, 1], dtype=INDEX)
    table = pl.Series([["a"], ["b", "c"]], dtype=NAMES)
    exactly = pl.Series([True, True, False, False, True])
    cases = pl.Series([True, False, True, None, True])
    kept, whole, exact = only_for((at, table, exactly), cases, NAMES)
    assert kept.name == "l"
    assert kept.dtype == INDEX
    assert gathered(kept, whole).to_list() == [["a"], [], ["b", "c"], [], ["b", "c"]]
    assert exact.to_list() == [True, False, False, False, True]
    none, _, _ = only_for((at.clear(), table, exactly.clear()), cases.clear(), NAMES)
    assert none.len() == 0


def _people(engine: Engine) -> list[dict[str, Any]]:
    """Shaanxi applicants whose money lacks an input (the research grant), has it, or is
    closed (not eligible), and one with nothing at all."""
    out: list[dict[str, Any]] = [{"id": "nothing"}]
    for name in ("qianren_youth", "qianren_foreign", "tezhi_youth"):
        data = unstructure(engine.load(f"plugins/shaanxi/examples/{name}.toml"))
        out.append(data)
        lacking = json.loads(json.dumps(data))
        lacking["application"]["facts"].pop("shaanxi.research_grant", None)
        lacking["application"]["facts"].pop("shaanxi.tezhi.amount", None)
        out.append(lacking)
        out.append({**lacking, "person": None})
    return out


@pytest.mark.parametrize("size", [1, 4, 100])
def test_open_inputs_equal_the_engines(size: int) -> None:
    engine = Engine.create()
    people = _people(engine)
    ids = sorted(p for p in engine.registry.programmes if p.startswith("shaanxi."))
    plans, store = plans_for(engine, ids, as_of=AS_OF, overrides=None)
    lines = [json.dumps(p) for p in people]
    outs = []
    for start in range(0, len(lines), size):  # several chunks, with the same plans
        chunk = parse_records(
            start + 1, lines[start : start + size], "jsonl", engine.registry.facts, {}
        )
        assert not chunk.errors, chunk.errors
        outs.append(assess_chunk(engine, plans, chunk, store, AS_OF)[0])
    got = {(r["row"], r["programme"]): r["funding_missing"] for r in pl.concat(outs).to_dicts()}
    named = 0
    for i, data in enumerate(people, start=1):
        report = engine.assess(engine.load(data), ids, as_of=AS_OF)
        for a in report.assessments:
            want = assessment_row(a)["funding_missing"]
            assert got[(i, a.programme)] == want, (i, a.programme)
            named += bool(want)
    assert named >= 3  # the lacking grant named, where the money is open


def test_exact_lists_placed_at_their_cases() -> None:
    # the cases computed exactly point at their own list (after the table's), nulls too
    # counted in its place; a null list keeps the case's named one, an empty one replaces it
    table = pl.Series([[], ["a"], ["b", "a"]], dtype=NAMES)
    named = pl.Series("funding_missing", [0, 1, 0, 2, 1, 2], dtype=INDEX)
    at = pl.Series([1, 2, 4, 5], dtype=pl.UInt32())
    exact = pl.Series([["c", "a"], None, [], ["a", "a"]], dtype=NAMES)
    positions, whole = with_exact(named, table, at, exact)
    assert positions.name == "funding_missing"
    assert positions.dtype == INDEX
    assert positions.to_list() == [0, 3, 0, 2, 5, 6]
    assert gathered(positions, whole).to_list() == [
        [],
        ["c", "a"],
        [],
        ["b", "a"],
        [],
        ["a", "a"],
    ]
    assert named.to_list() == [0, 1, 0, 2, 1, 2]  # the caller's column as it was
    none, same = with_exact(named, table, at.clear(), exact.clear())
    assert none.to_list() == named.to_list()
    assert same.to_list() == table.to_list()


def test_redone_where_any_flag_holds() -> None:
    flags = [
        pl.Series([True, None, False, None, False]),
        pl.Series([None, None, True, False, False]),
    ]
    assert redone(flags) == [0, 2]
    assert redone(flags[:1]) == [0]
    assert redone([]) == []
