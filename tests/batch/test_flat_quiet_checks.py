"""A flat chunk's checks that its columns show to flag no row (a required field's column
holding no null, or null only where its record's other columns are, a date column within
the dates' range, a list column holding no item) are left out of its query: the chunk
still flags every row all the checks flag, and gives the parser's error rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from talentkit import Engine
from talentkit.batch.flat import FlatPlan
from talentkit.batch.io import Chunk, _numbers, checked_chunk, parquet_chunks
from talentkit.batch.schema import null_item_rows

COMPANY = "organisations[role=company]"
HEALTH = "attestations.shaanxi.health"
BIRTH = "person.birth_date"
HONOURS = "person.honours"
HONOUR = pl.List(pl.Struct({"scheme": pl.String(), "date": pl.Date()}))

#: a change from a valid row each, and whether every check flags the row
CASES: list[tuple[dict[str, Any], bool]] = [
    ({}, False),
    ({BIRTH: dt.date(1900, 1, 1)}, False),  # the range's first day
    ({BIRTH: dt.date(2199, 12, 31)}, False),  # and its last
    ({BIRTH: None}, False),
    ({BIRTH: dt.date(1899, 12, 31)}, True),
    ({BIRTH: dt.date(2200, 1, 1)}, True),
    ({f"{HEALTH}.by": None}, True),  # required, the attestation given
    ({f"{HEALTH}.value": None, f"{HEALTH}.by": None, f"{HEALTH}.on": None}, False),  # absent
    ({f"{HEALTH}.value": None}, True),
    ({f"{HEALTH}.on": dt.date(1, 1, 1)}, True),
    ({f"{COMPANY}.founded_on": dt.date(9999, 12, 31)}, True),
    ({HONOURS: [{"scheme": "杰青", "date": dt.date(2020, 1, 1)}]}, False),
    ({HONOURS: [{"scheme": None, "date": None}]}, True),  # an honour without its scheme
    ({HONOURS: [{"scheme": "杰青", "date": dt.date(1800, 1, 1)}]}, True),
    ({HONOURS: None}, False),
    ({}, False),
]


def _row(i: int, change: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": f"p{i}",
        BIRTH: dt.date(1990, 5, 1),
        "person.gender": "female",
        f"{COMPANY}.kind": "enterprise",
        f"{COMPANY}.founded_on": None,  # a date column null in every row but one
        f"{HEALTH}.value": True,
        f"{HEALTH}.by": "clinic",
        f"{HEALTH}.on": dt.date(2026, 1, 5),
        HONOURS: [],
    }
    return {**row, **change}


def _frame(cases: list[tuple[dict[str, Any], bool]]) -> pl.DataFrame:
    rows = [_row(i, change) for i, (change, _) in enumerate(cases)]
    return pl.DataFrame(
        rows, schema_overrides={f"{COMPANY}.founded_on": pl.Date(), HONOURS: HONOUR}
    )


pytestmark = pytest.mark.usefixtures("shaanxi_installed")


def _every_check(plan: FlatPlan, frame: pl.DataFrame) -> list[int]:
    flagged = frame.select(plan.suspect).to_series().arg_true().to_list()
    return sorted(set(flagged) | null_item_rows(frame))


@pytest.mark.parametrize("size", [1, 2, 3, 5, len(CASES)])
def test_checks_left_out_flag_no_row_a_chunk_holds(engine: Engine, size: int) -> None:
    facts, keys = engine.registry.facts, engine.input_keys
    frame = _frame(CASES)
    plan = FlatPlan(frame.schema, facts, keys)
    _, wrong, held = plan.read(frame)
    assert not wrong
    converted = held.frame
    assert _every_check(plan, converted) == [i for i, (_, bad) in enumerate(CASES) if bad]
    for start in range(0, converted.height, size):
        chunk = converted[start : start + size]
        assert plan.flagged(chunk) == _every_check(plan, chunk), start
    # a valid chunk: the required fields', the dates' and the items' checks are all left
    # out (the company's founding date is null in every row, no honour is listed)
    valid = converted[:4]
    marks = plan._marks
    assert {marks[i] for i in plan._quiet(valid)} == set(marks.values())
    assert {
        ("dates", f"{COMPANY}.founded_on"),
        ("filled in record", f"{HEALTH}.by"),
        ("items", HONOURS),
    } <= set(marks.values())
    # a chunk with one bad date, one null required field of a record given or an item
    # keeps that column's check
    by = ("filled in record", f"{HEALTH}.by")
    for row, mark in [
        (4, ("dates", BIRTH)),
        (5, ("dates", BIRTH)),
        (6, by),
        (8, ("filled in record", f"{HEALTH}.value")),
        (10, ("dates", f"{COMPANY}.founded_on")),
        (11, ("items", HONOURS)),  # a valid item: checked, and not flagged
        (12, ("items", HONOURS)),
    ]:
        kept = {marks[i] for i in set(marks) - plan._quiet(pl.concat([valid, converted[row]]))}
        assert mark in kept, row
    # the record absent (each of its columns null) or no list: nothing to check there
    for row in (7, 14):
        assert plan._quiet(pl.concat([valid, converted[row]])) == set(marks), row


def test_error_rows_of_a_file_in_chunks_are_the_parsers(engine: Engine, tmp_path: Path) -> None:
    """A file whose bad values are in several row groups and chunks (one only in the last)
    gives the error rows of the nested layout's checks and parser, row by row."""
    facts, keys = engine.registry.facts, engine.input_keys
    cases: list[tuple[dict[str, Any], bool]] = (
        [({}, False)] * 7 + CASES + [({}, False)] * 5 + [CASES[9]]
    )
    frame = _frame(cases)
    path = tmp_path / "flat.parquet"
    frame.write_parquet(path, row_group_size=4)
    plan = FlatPlan(frame.schema, facts, keys)
    nested, _, _ = plan.read(frame)
    whole = Chunk(1, nested, _numbers(1, nested.height), [], nested.height)
    want = checked_chunk(whole, facts, keys, plan=plan)
    bad = [i + 1 for i, (_, b) in enumerate(cases) if b]
    assert sorted({e.row for e in want.errors}) == bad
    for size in (3, 4, 6, len(cases)):
        chunks = list(parquet_chunks(path, size, facts, keys=keys))
        assert [e for c in chunks for e in c.errors] == want.errors
        assert pl.concat([c.frame for c in chunks]).equals(want.frame)
        assert pl.concat([c.rows for c in chunks]).to_list() == want.rows.to_list()
        assert sum(c.read for c in chunks) == len(cases) == want.frame.height + len(bad)
