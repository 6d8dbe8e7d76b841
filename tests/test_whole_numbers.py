"""An integer of the input must fit 64 bits, the width of a batch column: one beyond is an
error naming its path, for one case and in every batch input (an error row, never an absent
value: a batch frame built from rows held such a number as null, so the case was assessed
as if the fact were missing)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from talentkit import Engine, InputError
from talentkit.batch import screen
from talentkit.batch.io import parse_records, raw_chunks
from talentkit.inputtext import message_in

FACT = "shaanxi.days_in_shaanxi"
TOO_WIDE = "expected an integer within 64 bits (±9,223,372,036,854,775,807)"
LOW, HIGH = -(2**63), 2**63 - 1


@pytest.fixture(scope="module")
def engine() -> Engine:
    engine = Engine.create()
    if FACT not in engine.registry.facts:
        pytest.skip("needs the Shaanxi plugin")
    return engine


def _case(days: int, rank: int = 1) -> dict[str, Any]:
    return {
        "person": {
            "birth_date": "1990-01-01",
            "honours": [{"scheme": "x", "rank": rank}],
            "facts": {FACT: days},
        }
    }


@pytest.mark.parametrize("days", [LOW, -1, 0, HIGH])
def test_the_edges_of_64_bits_are_read(engine: Engine, days: int) -> None:
    assert engine.load(_case(days)).person.facts[FACT] == days


@pytest.mark.parametrize("days", [LOW - 1, HIGH + 1, 10**30])
def test_one_beyond_is_an_error_naming_the_fact(engine: Engine, days: int) -> None:
    with pytest.raises(InputError) as err:
        engine.load(_case(days))
    assert err.value.errors == [f"{TOO_WIDE} @ $.person.facts.{FACT}"]


@pytest.mark.parametrize("rank", [LOW - 1, HIGH + 1])
def test_a_core_field_beyond_is_an_error_naming_it(engine: Engine, rank: int) -> None:
    with pytest.raises(InputError) as err:
        engine.load(_case(0, rank=rank))
    assert err.value.errors == [f"{TOO_WIDE} @ $.person.honours[0].rank"]


def test_the_message_reads_in_chinese() -> None:
    assert message_in(TOO_WIDE, "zh") == "应为不超出 64 位的整数（±9,223,372,036,854,775,807）"


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_a_batch_row_beyond_is_an_error_row_and_the_edges_are_held(
    engine: Engine, tmp_path: Path, fmt: str
) -> None:
    values = [HIGH, HIGH + 1, LOW, LOW - 1, 7]
    path = tmp_path / f"cases.{fmt}"
    if fmt == "jsonl":
        lines = [f'{{"person": {{"facts": {{"{FACT}": {v}}}}}}}' for v in values]
    else:
        lines = [f"person.facts.{FACT}", *map(str, values)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (start, records), *_ = raw_chunks(path, fmt, 100)
    facts = engine.registry.facts
    chunk = parse_records(start, records, fmt, facts, {}, engine.input_keys)
    held = chunk.frame.get_column("person").struct.field("facts").struct.field(FACT)
    assert held.to_list() == [HIGH, LOW, 7]
    first = 1 if fmt == "jsonl" else 2  # (a CSV file's header is its line 1)
    assert chunk.rows.to_list() == [first, first + 2, first + 4]
    assert [(e.row, e.path, e.message) for e in chunk.errors] == [
        (first + 1, f"$.person.facts.{FACT}", TOO_WIDE),
        (first + 3, f"$.person.facts.{FACT}", TOO_WIDE),
    ]


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_the_command_s_path_gives_the_error_rows(engine: Engine, tmp_path: Path, fmt: str) -> None:
    """Through :func:`screen`, as ``talentkit batch`` reads (a CSV file column by column)."""
    values = [HIGH, HIGH + 1, 7, LOW - 1]
    src = tmp_path / f"cases.{fmt}"
    if fmt == "jsonl":
        lines = [
            f'{{"id": "c{i}", "person": {{"facts": {{"{FACT}": {v}}}}}}}'
            for i, v in enumerate(values)
        ]
    else:
        lines = [f"id,person.facts.{FACT}", *(f"c{i},{v}" for i, v in enumerate(values))]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, err = tmp_path / "out.parquet", tmp_path / "err.jsonl"
    summary = screen(
        engine,
        src,
        out,
        programmes=["shaanxi.qianren.youth"],
        as_of=dt.date(2026, 3, 1),
        errors_path=err,
        workers=1,
    )
    assert summary.balanced
    errors = [json.loads(line) for line in err.read_text(encoding="utf-8").splitlines()]
    first = 1 if fmt == "jsonl" else 2
    assert [(e["row"], e["path"], e["message"]) for e in errors] == [
        (first + 1, f"$.person.facts.{FACT}", TOO_WIDE),
        (first + 3, f"$.person.facts.{FACT}", TOO_WIDE),
    ]
    assert pl.read_parquet(out).get_column("row").to_list() == [first, first + 2]
