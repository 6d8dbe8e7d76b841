"""The flat layout's input checks read its columns: they flag the rows the nested layout's
checks flag, and every row the parser rejects gives the parser's own error rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from talentkit import Engine
from talentkit.batch.flat import FlatPlan
from talentkit.batch.io import Chunk, _numbers, _suspects, checked_chunk, parquet_chunks
from talentkit.batch.schema import from_row, suspect_by_column
from talentkit.convert import InputError, parse
from talentkit.subjects import Profile

COMPANY = "organisations[role=company]"
SHARE = f"{COMPANY}.facts.shaanxi.own_funds_share"
STAKE = f"{COMPANY}.facts.shaanxi.applicant_stake"
GRANT = "application.facts.shaanxi.research_grant"  # yuan
HEALTH = "attestations.shaanxi.health"

#: one change from a valid row each, and whether the parser rejects it (and where)
CASES: list[tuple[dict[str, Any], str | None]] = [
    ({}, None),
    ({SHARE: "1/3"}, None),  # exactly a third
    ({SHARE: "4/3"}, None),  # a share over 1 is a fraction: the rules judge it, not the input
    ({SHARE: "30%"}, None),  # not the pattern: parsed to be sure, and taken
    ({SHARE: " 1/3 "}, None),
    ({SHARE: "1/0"}, "$.organisations[0].facts.shaanxi.own_funds_share"),
    ({SHARE: "1//3"}, "$.organisations[0].facts.shaanxi.own_funds_share"),
    ({STAKE: "one third"}, "$.organisations[0].facts.shaanxi.applicant_stake"),
    ({GRANT: "0"}, None),
    ({GRANT: "-0.01"}, "$.application.facts.shaanxi.research_grant"),  # negative money
    ({"person.gender": "x"}, "$.person.gender"),
    ({"person.birth_date": dt.date(1900, 1, 1)}, None),
    ({"person.birth_date": dt.date(1899, 12, 31)}, "$.person.birth_date"),
    ({f"{COMPANY}.founded_on": dt.date(2200, 1, 1)}, "$.organisations[0].founded_on"),
    ({f"{HEALTH}.by": None}, "$.attestations['shaanxi.health'].by"),  # required, absent
]


def _row(i: int, change: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": f"p{i}",
        "person.birth_date": dt.date(1990, 5, 1),
        "person.gender": "female",
        f"{COMPANY}.kind": "enterprise",
        f"{COMPANY}.founded_on": dt.date(2020, 1, 1),
        SHARE: "1/2",
        STAKE: "51/100",
        GRANT: "5000",
        f"{HEALTH}.value": True,
        f"{HEALTH}.by": "clinic",
        f"{HEALTH}.on": dt.date(2026, 1, 5),
    }
    return {**row, **change}


@pytest.fixture(scope="module")
def engine() -> Engine:
    engine = Engine.create()
    if "shaanxi.own_funds_share" not in engine.registry.facts:
        pytest.skip("the Shaanxi plugin is not installed")
    return engine


def test_flat_checks_flag_what_the_nested_checks_flag(engine: Engine) -> None:
    facts, keys = engine.registry.facts, engine.input_keys
    frame = pl.DataFrame([_row(i, change) for i, (change, _) in enumerate(CASES)])
    plan = FlatPlan(frame.schema, facts, keys)
    nested, wrong, held = plan.read(frame)
    assert not wrong
    flat = held.frame.select(plan.suspect).to_series().arg_true().to_list()
    assert flat == _suspects(nested, suspect_by_column(nested.schema, facts, keys))
    assert plan.flagged(held.frame) == flat
    assert plan.flagged(held.frame.clear()) == []
    rejected = {}
    for i in range(nested.height):
        try:
            parse(from_row(nested.row(i, named=True), facts), Profile, facts, keys=keys)
        except InputError as exc:
            rejected[i] = exc.errors
    assert set(rejected) <= set(flat)  # a superset: the parser decides
    assert {i: errs[0].rsplit(" @ ", 1)[1].split(",")[0] for i, errs in rejected.items()} == {
        i: where for i, (_, where) in enumerate(CASES) if where is not None
    }


def test_flat_error_rows_are_the_row_parsers(engine: Engine, tmp_path: Path) -> None:
    facts, keys = engine.registry.facts, engine.input_keys
    frame = pl.DataFrame([_row(i, change) for i, (change, _) in enumerate(CASES)])
    frame.write_parquet(tmp_path / "flat.parquet")
    (chunk,) = parquet_chunks(tmp_path / "flat.parquet", 100, facts, keys=keys)
    # the nested layout's way: its records searched by the nested checks, then parsed
    plan = FlatPlan(frame.schema, facts, keys)
    nested, _, _ = plan.read(frame)
    whole = Chunk(1, nested, _numbers(1, nested.height), [], nested.height)
    want = checked_chunk(whole, facts, keys, plan=plan)
    assert chunk.errors == want.errors
    assert chunk.rows.to_list() == want.rows.to_list()
    assert chunk.frame.equals(want.frame)
    bad = [i + 1 for i, (_, where) in enumerate(CASES) if where is not None]
    assert sorted({e.row for e in chunk.errors}) == bad
    assert chunk.read == len(CASES) == chunk.frame.height + len(bad)
    named = {e.row: (e.path, e.message) for e in chunk.errors}
    assert named[10] == (GRANT, "expected an amount of at least 0 yuan, got -0.01")


def test_records_given_by_position_naming_one_subject_twice(engine: Engine) -> None:
    facts, keys = engine.registry.facts, engine.input_keys
    frame = pl.DataFrame(
        {
            "id": ["a", "b", "c"],
            "organisations[0].id": ["o1", "o1", None],
            "organisations[0].role": ["company", "company", "company"],
            "organisations[1].id": ["o1", "o2", None],
            "organisations[1].role": ["company", "company", "company"],
        }
    )
    plan = FlatPlan(frame.schema, facts, keys)
    nested, _, held = plan.read(frame)
    flat = held.frame.select(plan.suspect).to_series().arg_true().to_list()
    assert flat == _suspects(nested, suspect_by_column(nested.schema, facts, keys)) == [0]
    assert plan.flagged(held.frame) == [0]


def test_checks_combined_after_they_are_computed_flag_the_same_rows(engine: Engine) -> None:
    """:meth:`FlatPlan.flagged` (each check a column, then combined) flags the rows
    :attr:`FlatPlan.suspect` (one expression) flags."""
    facts, keys = engine.registry.facts, engine.input_keys
    frame = pl.DataFrame(
        {
            "id": ["a", "b", "c", "d", "e"],
            "person.gender": ["male", "robot", None, "female", None],
            "organisations[role=company].kind": ["enterprise", None, "enterprise", None, None],
            "organisations[role=company].founded_on": [
                None,
                None,
                "1800-01-01",
                "2001-02-03",
                None,
            ],
            "application.facts.shaanxi.research_grant": [None, 1, 2, None, -3],
        }
    )
    plan = FlatPlan(frame.schema, facts, keys)
    _, wrong, held = plan.read(frame)
    assert not wrong
    flat = held.frame.select(plan.suspect).to_series().arg_true().to_list()
    assert plan.flagged(held.frame) == flat == [1, 2, 4]


def test_lists_no_plan_reads_are_built_only_for_a_case_by_itself(
    engine: Engine, tmp_path: Path
) -> None:
    from talentkit.batch.run import plans_for

    facts, keys = engine.registry.facts, engine.input_keys
    frame = pl.DataFrame([_row(i, change) for i, (change, _) in enumerate(CASES)])
    frame.write_parquet(tmp_path / "flat.parquet")
    plans, _ = plans_for(
        engine, ["shaanxi.qianren.youth"], as_of=dt.date(2026, 3, 1), overrides=None
    )
    path = tmp_path / "flat.parquet"
    (full,) = parquet_chunks(path, 100, facts, keys=keys)
    (chunk,) = parquet_chunks(path, 100, facts, keys=keys, plans=plans)
    # the attestations are read from their columns: their nested list is not built
    assert "attestations" in full.frame.columns
    assert "attestations" not in chunk.frame.columns
    assert chunk.errors == full.errors  # the required `by` of row 15's attestation included
    assert chunk.whole().equals(full.frame)
    assert chunk.whole([1, 0]).equals(full.frame[[1, 0]])


def test_lists_naming_one_subject_twice_are_flagged_whatever_their_length(
    engine: Engine,
) -> None:
    from talentkit.batch.io import conform
    from talentkit.batch.schema import profile_schema

    facts, keys = engine.registry.facts, engine.input_keys

    def orgs(*ids: str | None) -> list[dict[str, Any]]:
        return [{"id": i, "role": "company"} for i in ids]

    lists = [
        [],
        orgs("a"),
        orgs("a", "a"),
        orgs("a", "b"),
        orgs("a", None),
        orgs(None, None),  # an absent part never matches
        orgs("a", "b", "a"),
        orgs("a", "b", "c"),
        orgs("b", "a", None, "a"),
        [{"id": "a", "role": "company"}, {"id": "a", "role": "employer"}],
    ]
    rows = [{"id": f"p{i}", "organisations": x} for i, x in enumerate(lists)]
    schema = profile_schema(facts)
    frame = conform(pl.DataFrame(rows), schema, "test")
    flagged = _suspects(frame, suspect_by_column(schema, facts, keys))
    assert flagged == [2, 6, 8]
    rejected = []
    for i in range(frame.height):
        try:
            parse(from_row(frame.row(i, named=True), facts), Profile, facts, keys=keys)
        except InputError:
            rejected.append(i)
    assert rejected == flagged
