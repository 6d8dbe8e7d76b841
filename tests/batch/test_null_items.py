"""A null item in a list (``evidence: [null]``, ``records: [null]``, a list fact's
``[null]``) is rejected by the parser; in a batch such a row is an error row with the
parser's message and field path, nested and flat, in memory and file → file, in any chunk."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from talentkit import Engine, FactSpec
from talentkit.batch import profile_schema, profiles_frame, screen
from talentkit.batch.flat import FlatPlan
from talentkit.batch.io import Chunk, _numbers, checked_chunk, flat_chunk
from talentkit.batch.schema import _null_item, from_row, null_item_rows
from talentkit.convert import InputError, parse, unstructure
from talentkit.subjects import Profile

AS_OF = dt.date(2025, 6, 1)
PROGS = ["fooland.team", "fooland.transfer"]
KEY = "fooland.team.agreement"
N = 30


def _evidence(*items: str | None) -> Callable[[dict[str, Any]], None]:
    def put(case: dict[str, Any]) -> None:
        case["attestations"][KEY]["evidence"] = list(items)

    return put


def _leader_record(case: dict[str, Any]) -> None:
    case["team"]["leader"]["records"] = [None]


def _member(case: dict[str, Any]) -> None:
    case["team"]["members"].append(None)


#: row number (1-based) → the fault put in that case; rows 14 and 27 are in later chunks
BAD: dict[int, Callable[[dict[str, Any]], None]] = {
    3: _evidence(None),
    14: _evidence("minutes", None),
    22: _leader_record,
    27: _member,
}


def _cases(engine: Engine, faults: bool = True) -> list[dict[str, Any]]:
    base = unstructure(engine.load("tests/fooland/example.toml"))
    out = []
    for i in range(1, N + 1):
        case = json.loads(json.dumps(base))
        case["id"] = f"case-{i}"
        case["attestations"][KEY]["evidence"] = ["minutes"] if i % 3 else []
        if faults and i in BAD:
            BAD[i](case)
        out.append(case)
    return out


def _engine_errors(engine: Engine, cases: list[dict[str, Any]]) -> dict[int, list[str]]:
    """The single-case parser's messages (``message @ path``) of each case it rejects."""
    out: dict[int, list[str]] = {}
    for i, case in enumerate(cases, start=1):
        try:
            engine.load(case)
        except InputError as exc:
            out[i] = exc.errors
    return out


def _nested_frame(engine: Engine, cases: list[dict[str, Any]]) -> pl.DataFrame:
    """The cases in the nested layout, each bad one given its fault in the frame itself
    (the frame of a parsed case cannot hold it)."""
    good = [engine.load(c) for c in _cases(engine, faults=False)]
    rows = profiles_frame(good, engine.registry.facts).to_dicts()
    for i, fault in BAD.items():
        row = rows[i - 1]
        if fault is _leader_record:
            row["team"]["leader"]["records"] = [None]
        elif fault is _member:
            row["team"]["members"] = [*row["team"]["members"], None]
        else:
            row["attestations"][0]["evidence"] = cases[i - 1]["attestations"][KEY]["evidence"]
    return pl.from_dicts(rows, schema=profile_schema(engine.registry.facts))


def _flat_frame(cases: list[dict[str, Any]]) -> pl.DataFrame:
    """The cases' leader, attestation and leader's records in the flat layout."""
    att = [c["attestations"][KEY] for c in cases]
    records = [c["team"]["leader"].get("records") for c in cases]
    return pl.DataFrame(
        {
            "id": [c["id"] for c in cases],
            "team.leader.birth_date": [c["team"]["leader"]["birth_date"] for c in cases],
            f"attestations.{KEY}.value": [a["value"] for a in att],
            f"attestations.{KEY}.by": [a["by"] for a in att],
            f"attestations.{KEY}.on": [a["on"] for a in att],
            f"attestations.{KEY}.evidence": pl.Series(
                [a.get("evidence") for a in att], dtype=pl.List(pl.String())
            ),
            "team.leader.records": pl.Series(
                [None if r is None else [None if x is None else {} for x in r] for r in records],
                dtype=pl.List(pl.Struct({"kind": pl.String()})),
            ),
        }
    )


def _flat_cases(engine: Engine) -> list[dict[str, Any]]:
    """The cases the flat frame holds (no members there: the member fault is left out)."""
    out = []
    for case in _cases(engine):
        out.append(
            {
                "id": case["id"],
                "team": {"leader": {k: case["team"]["leader"][k] for k in ("birth_date",)}},
                "attestations": case["attestations"],
            }
        )
        if case["team"]["leader"].get("records"):
            out[-1]["team"]["leader"]["records"] = case["team"]["leader"]["records"]
    return out


def _found(errors: list[Any]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for e in errors:
        row = e["row"] if isinstance(e, dict) else e.row
        path = e["path"] if isinstance(e, dict) else e.path
        message = e["message"] if isinstance(e, dict) else e.message
        out.setdefault(row, []).append(f"{message} @ {path}")
    return out


def test_null_items_are_found_at_any_depth() -> None:
    item = pl.Struct({"evidence": pl.List(pl.String()), "tags": pl.List(pl.Date())})
    frame = pl.DataFrame(
        {
            "a": pl.Series([["x"], ["x", None], None, [], ["y"]], dtype=pl.List(pl.String())),
            "b": pl.Series(
                [
                    [{"evidence": ["e"], "tags": []}],
                    None,
                    [{"evidence": None, "tags": [dt.date(2020, 1, 1), None]}],
                    [None],
                    [{"evidence": [], "tags": None}, {"evidence": ["e", None], "tags": None}],
                ],
                dtype=pl.List(item),
            ),
            "c": pl.Series([1, 2, 3, 4, 5]),
        }
    )
    assert null_item_rows(frame) == {1, 2, 3, 4}
    # the search of every list of every row agrees
    every = _null_item(pl.struct(frame.columns), pl.Struct(dict(frame.schema)))
    assert every is not None
    assert set(frame.select(every).to_series().arg_true().to_list()) == {1, 2, 3, 4}
    assert null_item_rows(frame.slice(2)) == {0, 1, 2}
    assert null_item_rows(frame.select("c")) == set()
    assert null_item_rows(frame.slice(0, 1)) == set()
    # a frame of two chunks
    assert null_item_rows(pl.concat([frame.slice(0, 2), frame.slice(2)], rechunk=False)) == {
        1,
        2,
        3,
        4,
    }


@pytest.mark.parametrize("chunk_size", [10, N])
def test_nested_file_rows_with_a_null_item_are_error_rows(
    engine: Engine, tmp_path: Path, chunk_size: int
) -> None:
    cases = _cases(engine)
    want = _engine_errors(engine, cases)
    assert sorted(want) == sorted(BAD)
    _nested_frame(engine, cases).write_parquet(tmp_path / "in.parquet", row_group_size=10)
    s = screen(
        engine,
        tmp_path / "in.parquet",
        tmp_path / "out.parquet",
        programmes=PROGS,
        as_of=AS_OF,
        errors_path=tmp_path / "err.jsonl",
        chunk_size=chunk_size,
    )
    assert s.balanced
    assert (s.rows_read, s.rows_assessed, s.error_rows) == (N, N - len(BAD), len(BAD))
    assert _found(pl.read_ndjson(tmp_path / "err.jsonl").to_dicts()) == want
    out = pl.read_parquet(tmp_path / "out.parquet")
    assert set(out["row"]) == set(range(1, N + 1)) - set(BAD)


def test_nested_chunk_in_memory_rows_with_a_null_item_are_error_rows(engine: Engine) -> None:
    cases = _cases(engine)
    frame = _nested_frame(engine, cases)
    facts, keys = engine.registry.facts, engine.input_keys
    got = checked_chunk(Chunk(1, frame, _numbers(1, N), [], N), facts, keys)
    assert _found(got.errors) == _engine_errors(engine, cases)
    assert got.frame.height + len(BAD) == got.read == N


def test_flat_rows_with_a_null_item_are_error_rows(engine: Engine, tmp_path: Path) -> None:
    cases = _flat_cases(engine)
    want = _engine_errors(engine, cases)
    assert sorted(want) == sorted(i for i in BAD if BAD[i] is not _member)
    frame = _flat_frame(cases)
    facts, keys = engine.registry.facts, engine.input_keys
    # in memory
    got = flat_chunk(1, frame, FlatPlan(frame.schema, facts, keys), keys)
    assert _found(got.errors) == want
    assert got.frame.height + len(want) == got.read == N
    # file → file, the bad rows in later chunks too
    frame.write_parquet(tmp_path / "flat.parquet", row_group_size=10)
    s = screen(
        engine,
        tmp_path / "flat.parquet",
        tmp_path / "out.parquet",
        programmes=PROGS,
        as_of=AS_OF,
        errors_path=tmp_path / "err.jsonl",
        chunk_size=10,
    )
    assert s.balanced
    assert (s.rows_read, s.rows_assessed, s.error_rows) == (N, N - len(want), len(want))
    assert _found(pl.read_ndjson(tmp_path / "err.jsonl").to_dicts()) == want


def test_a_null_item_in_a_list_fact_is_an_error_row(engine: Engine) -> None:
    facts = {
        **engine.registry.facts,
        "t.tags": FactSpec(name="t.tags", type="list", values=("a", "b")),
        "t.free": FactSpec(name="t.free", type="list"),
        "t.days": FactSpec(name="t.days", type="dates"),
    }
    day = dt.date(2020, 1, 1)
    given: list[dict[str, Any]] = [
        {"t.tags": ["a"], "t.free": ["z"], "t.days": [day]},
        {"t.tags": ["a", None]},
        {"t.free": [None]},
        {"t.days": [day, None]},
        {"t.tags": [], "t.days": []},
    ]
    cases = [{"id": f"c{i}", "facts": f} for i, f in enumerate(given)]
    want: dict[int, list[str]] = {}
    for i, case in enumerate(cases, start=1):
        try:
            parse(json.loads(json.dumps(case, default=str)), Profile, facts)
        except InputError as exc:
            want[i] = exc.errors
    assert sorted(want) == [2, 3, 4]
    schema = profile_schema(facts)
    frame = pl.from_dicts([{"id": c["id"], "facts": c["facts"]} for c in cases], schema=schema)
    assert [from_row(r, facts)["facts"] for r in frame.slice(1, 1).to_dicts()] == [
        {"t.tags": ["a", None]}
    ]
    got = checked_chunk(Chunk(1, frame, _numbers(1, 5), [], 5), facts)
    assert _found(got.errors) == want
