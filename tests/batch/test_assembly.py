"""A chunk's results are assembled from codes: the same frame as the programmes' results
as text, concatenated and sorted by row."""

from __future__ import annotations

import json
from typing import Any

import polars as pl
import pytest

from talentkit import Engine
from talentkit.batch.evaluate import (
    OUTPUT_COLUMNS,
    chunk_names,
    coded_schema,
    evaluate,
    result_schema,
    shared_work,
)
from talentkit.batch.io import Chunk, parse_records
from talentkit.batch.run import (
    SUBJECT_FIELDS,
    as_text,
    assess_chunk,
    described,
    interleave,
    plans_for,
)
from talentkit.batch.schema import from_row
from talentkit.convert import unstructure
from tests.batch.strategies import AS_OF

SCHEMA = result_schema(OUTPUT_COLUMNS)


def _coded(rows: list[dict[str, Any]], names: pl.DataType) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=SCHEMA).cast(coded_schema(OUTPUT_COLUMNS, names))


def _result(row: int, programme: str, **values: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "row": row,
        "subject_id": f"s{row}",
        "programme": programme,
        "verdict": "eligible",
        "missing": [],
        "review": [],
        "failed": [],
        "funding_total_fen": None,
        "funding_complete": None,
        "funding_missing": [],
    }
    return {**base, **values}


def _sorted(parts: list[pl.DataFrame]) -> pl.DataFrame:
    return pl.concat(parts).sort("row", maintain_order=True).cast(SCHEMA)


def test_names_decode_with_nulls_empty_lists_and_order() -> None:
    names = chunk_names()
    rows = [
        _result(1, "b", missing=["z", "a", "z.long.fact.path.beyond.twelve"], failed=None),
        _result(2, "a", verdict=None, missing=None, review=["审查"], failed=[]),
        _result(3, "b", missing=[], funding_missing=None, failed=["r2", "r1"]),
    ]
    coded = _coded(rows, names)
    assert coded.schema["missing"] == pl.List(names)
    text = as_text(coded, SCHEMA)
    assert text.schema == SCHEMA
    assert text.equals(pl.DataFrame(rows, schema=SCHEMA))
    # a slice (lists with an offset into their items) decodes the same
    assert as_text(coded.slice(1, 2), SCHEMA).equals(pl.DataFrame(rows[1:], schema=SCHEMA))
    assert as_text(coded.clear(), SCHEMA).equals(pl.DataFrame(schema=SCHEMA))


def test_interleave_is_the_concatenation_sorted_by_row() -> None:
    names = chunk_names()
    rows = pl.Series("row", [3, 5, 8, 9], dtype=pl.Int64())
    # each programme with its own names: one only it has, lists empty and null
    parts = [
        [_result(r, p, missing=[f"{p}.only"] if r % 2 else [], failed=None if r == 8 else [p])]
        for p in ("x", "y", "z")
        for r in rows
    ]
    by_prog = [
        _coded([row for part in parts[i * 4 : i * 4 + 4] for row in part], names) for i in range(3)
    ]
    want = _sorted(by_prog)
    assert as_text(interleave(by_prog, [None] * 3, rows), SCHEMA).equals(want)
    # programmes for some of the cases each (not an explicit selection)
    keeps = [
        pl.Series([True, False, True, True]),
        None,
        pl.Series([False, False, False, True]),
    ]
    subsets = [p if k is None else p.filter(k) for p, k in zip(by_prog, keeps, strict=True)]
    want = _sorted(subsets)
    assert as_text(interleave(subsets, keeps, rows), SCHEMA).equals(want)
    # a programme for none of the cases, and a single programme
    none = [by_prog[0].clear(), by_prog[1]]
    got = interleave(none, [pl.Series([False] * 4), None], rows)
    assert as_text(got, SCHEMA).equals(_sorted(none))
    assert interleave(by_prog[:1], [None], rows) is by_prog[0]


def test_interleave_sorts_rows_that_do_not_increase() -> None:
    names = chunk_names()
    rows = pl.Series("row", [4, 2, 2], dtype=pl.Int64())
    parts = [
        _coded([_result(int(r), p, failed=[p, str(i)]) for i, r in enumerate(rows)], names)
        for p in "ab"
    ]
    got = interleave(parts, [None, None], rows)
    assert as_text(got, SCHEMA).equals(_sorted(parts))


def test_interleave_of_an_empty_chunk() -> None:
    names = chunk_names()
    rows = pl.Series("row", [], dtype=pl.Int64())
    parts = [_coded([], names), _coded([], names)]
    got = as_text(interleave(parts, [None, None], rows), SCHEMA)
    assert got.equals(pl.DataFrame(schema=SCHEMA))


def _by_programme(engine: Engine, chunk: Chunk, explicit: bool) -> pl.DataFrame:
    """The results as each programme's evaluation gives them as text, concatenated and
    sorted by row (the assembly before names were codes)."""
    ids = sorted(engine.registry.programmes)
    plans, store = plans_for(engine, ids, as_of=AS_OF, overrides=None)
    frame, outs = chunk.frame, []
    dicts = frame.to_dicts()
    for plan in plans:
        fields = SUBJECT_FIELDS.get(plan.programme.subject)
        keep = (
            pl.repeat(True, frame.height, eager=True)
            if explicit or fields is None
            else described(frame, fields)
        )
        idx = keep.arg_true().to_list()
        sub = frame.filter(keep)
        work = None if plan.rowwise else shared_work(plan, sub)
        out, _ = evaluate(
            engine,
            plan,
            sub,
            chunk.rows.filter(keep),
            lambda i, idx=idx: engine.load(from_row(dicts[idx[i]], engine.registry.facts)),  # type: ignore[misc]
            store=store,
            as_of=AS_OF,
            work=work,
        )
        outs.append(out)
    return pl.concat(outs).sort("row", maintain_order=True)


@pytest.mark.parametrize("explicit", [True, False])
def test_a_chunk_is_the_programmes_results_sorted(engine: Engine, explicit: bool) -> None:
    """Fooland's programmes (a person's, a team's) over cases with and without a team:
    without an explicit selection the programmes have results for different cases."""
    data = unstructure(engine.load("tests/fooland/example.toml"))
    people = [data, {"id": "empty"}, {**data, "id": "no-team", "team": None}, {"id": "p4"}]
    lines = [json.dumps({k: v for k, v in p.items() if v is not None}) for p in people]
    chunk = parse_records(1, lines, "jsonl", engine.registry.facts, {})
    assert not chunk.errors, chunk.errors
    ids = sorted(engine.registry.programmes)
    plans, store = plans_for(engine, ids, as_of=AS_OF, overrides=None)
    got, _ = assess_chunk(engine, plans, chunk, store, AS_OF, explicit=explicit)
    assert got.schema == SCHEMA
    assert got.equals(_by_programme(engine, chunk, explicit))
    if not explicit:
        counts = got.group_by("programme").len()
        assert counts.get_column("len").n_unique() > 1  # different cases per programme


@pytest.mark.parametrize("columns", [None, ("verdict",), ("missing", "review", "failed")])
def test_a_plan_over_several_chunks_gives_what_a_new_plan_gives(
    engine: Engine, columns: tuple[str, ...] | None
) -> None:
    """What a plan's evaluation builds once is the same for every chunk: each chunk (its
    own names, its own open lists) assessed by plans used before gives what new plans give;
    the verdicts alone, assessed for every programme at once, are those of each programme's
    evaluation (tests/batch/test_columns.py compares them with the full output's)."""
    data = unstructure(engine.load("tests/fooland/example.toml"))
    people = [
        data,
        {"id": "empty"},
        {**data, "id": "no-team", "team": None},
        {**data, "id": "no-person", "person": None},
        {"id": "p5"},
        data,
    ]
    lines = [json.dumps({k: v for k, v in p.items() if v is not None}) for p in people]
    chunks = [
        parse_records(start + 1, lines[start : start + size], "jsonl", engine.registry.facts, {})
        for start, size in ((0, 2), (2, 3), (5, 1))
    ]
    ids = sorted(p for p in engine.registry.programmes if p.startswith(("fooland", "shaanxi")))
    used, store = plans_for(engine, ids, as_of=AS_OF, overrides=None, columns=columns)
    for chunk in chunks:
        assert not chunk.errors, chunk.errors
        new, new_store = plans_for(engine, ids, as_of=AS_OF, overrides=None, columns=columns)
        # an explicit selection (every case, every programme: the verdicts alone are
        # assessed all at once), and not (each programme for the cases of its subject)
        for explicit in (True, False):
            got, _ = assess_chunk(engine, used, chunk, store, AS_OF, explicit=explicit)
            want, _ = assess_chunk(engine, new, chunk, new_store, AS_OF, explicit=explicit)
            assert got.equals(want)
