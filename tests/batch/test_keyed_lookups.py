"""Lookups by key (attestations, decisions, waivers) computed for all keys at once give
what searching each row's list key by key gives, entry for entry."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import polars as pl
import pytest

from talentkit.batch.compile import apply_defs, keyed
from talentkit.batch.keyed import lookup_columns, searchable

ENTRY = pl.Struct({"key": pl.String(), "value": pl.Boolean(), "by": pl.String(), "on": pl.Date()})
ENTRIES = pl.List(ENTRY)
DAY = dt.date(2026, 3, 1)


def entry(key: str | None, value: bool | None, by: str = "office") -> dict[str, Any]:
    return {"key": key, "value": value, "by": by, "on": DAY}


def searched(frame: pl.DataFrame, column: str, keys: list[str], field: str) -> pl.DataFrame:
    """The lookups as the plan's expressions compute them, key by key."""
    return frame.select(keyed(column, k, field).alias(k) for k in keys)


def at_once(frame: pl.DataFrame, column: str, keys: list[str], field: str) -> pl.DataFrame:
    return pl.DataFrame(lookup_columns(frame, {k: (column, k, field) for k in keys}))


ROWS: list[list[dict[str, Any]] | None] = [
    [entry("a", True), entry("b", False)],  # both present
    [entry("b", True)],  # a absent
    None,  # null list
    [],  # empty list
    [entry("a", False), entry("a", True)],  # twice: the first wins
    [entry("a", None), entry("a", True)],  # the first has no value: null, not the second
    [entry(None, True), entry("a", True)],  # a null key matches nothing
    [entry("A", True), entry("a ", True)],  # keys differing in case or spacing: not a
    [None, entry("b", None), entry("a", True)],  # a null entry; b present without a value
    [entry("c", True), entry("b", True), entry("b", False), entry("a", False)],
]


def test_each_case_as_searched() -> None:
    frame = pl.DataFrame({"attestations": ROWS}, schema={"attestations": ENTRIES})
    got = at_once(frame, "attestations", ["a", "b", "A"], "value")
    assert got.equals(searched(frame, "attestations", ["a", "b", "A"], "value"))
    # spelled out, so that the comparison is not of two wrong answers
    assert got.get_column("a").to_list() == [
        True, None, None, None, False, None, True, None, True, False
    ]  # fmt: skip
    assert got.get_column("b").to_list() == [
        False, True, None, None, None, None, None, None, None, True
    ]  # fmt: skip
    assert got.get_column("A").to_list() == [None] * 7 + [True, None, None]


def test_other_fields_and_their_types() -> None:
    frame = pl.DataFrame({"attestations": ROWS}, schema={"attestations": ENTRIES})
    for field in ("by", "on", "key"):
        got = at_once(frame, "attestations", ["a", "b"], field)
        assert got.equals(searched(frame, "attestations", ["a", "b"], field))
        assert got.schema == pl.Schema({"a": ENTRY.to_schema()[field]} | {"b": got.schema["b"]})


def test_a_key_read_under_two_names_and_two_lists() -> None:
    frame = pl.DataFrame(
        {"attestations": ROWS, "decisions": list(reversed(ROWS))},
        schema={"attestations": ENTRIES, "decisions": ENTRIES},
    )
    lookups = {
        "x": ("attestations", "a", "value"),
        "y": ("attestations", "a", "value"),
        "z": ("decisions", "a", "value"),
        "w": ("attestations", "a", "by"),
    }
    got = pl.DataFrame(lookup_columns(frame, lookups)).select("x", "y", "z", "w")
    want = frame.select(keyed(c, k, f).alias(n) for n, (c, k, f) in lookups.items())
    assert got.equals(want)


@pytest.mark.parametrize(
    "rows",
    [
        [],  # no rows
        [None, None],  # no row has a list
        [[], [], []],  # no row has an entry
        [[entry("z", True)], None, []],  # no row has a key asked for
        [[None], [entry(None, None)]],  # nothing but empty entries
    ],
)
def test_chunks_with_nothing_to_find(rows: list[Any]) -> None:
    frame = pl.DataFrame({"attestations": rows}, schema={"attestations": ENTRIES})
    got = at_once(frame, "attestations", ["a", "b"], "value")
    assert got.equals(searched(frame, "attestations", ["a", "b"], "value"))
    assert got.height == len(rows)
    assert got.null_count().row(0) == (len(rows), len(rows))


def test_random_lists_and_slices() -> None:
    rng = random.Random(7)
    keys = ["k0", "k1", "k2", "K0", "k3"]

    def some_list() -> list[dict[str, Any] | None] | None:
        if rng.random() < 0.1:
            return None
        return [
            None
            if rng.random() < 0.05
            else entry(rng.choice([*keys, None]), rng.choice([True, False, None]))
            for _ in range(rng.randrange(6))
        ]

    frame = pl.DataFrame(
        {"attestations": [some_list() for _ in range(3000)]}, schema={"attestations": ENTRIES}
    )
    asked = ["k0", "k1", "K0", "k9"]
    # a chunk of several pieces, and one that starts inside the column
    for part in (pl.concat([frame[:1000], frame[1000:]], rechunk=False), frame[1234:2345]):
        assert at_once(part, "attestations", asked, "value").equals(
            searched(part, "attestations", asked, "value")
        )


def test_defined_columns_use_it_and_keep_their_readers() -> None:
    frame = pl.DataFrame({"attestations": ROWS}, schema={"attestations": ENTRIES})
    a = keyed("attestations", "a", "value")
    defs = [
        ("__held:attestations.a.value", a),
        ("__c0", pl.col("__held:attestations.a.value").fill_null(False)),
    ]
    got = apply_defs(frame, defs)
    want = frame.with_columns(a.alias("__held:attestations.a.value")).with_columns(
        defs[1][1].alias("__c0")
    )
    assert got.equals(want)


def test_what_it_reads() -> None:
    assert searchable(ENTRIES, "value")
    assert not searchable(ENTRIES, "decision")
    assert not searchable(pl.List(pl.Struct({"key": pl.Int64(), "value": pl.Boolean()})), "value")
    assert not searchable(pl.String(), "value")
    assert not searchable(None, "value")
    # a list it does not read keeps its search
    frame = pl.DataFrame({"attestations": [[{"key": 1, "value": True}]]})
    defs = [("__held:attestations.1.value", keyed("attestations", "1", "value"))]
    with pytest.raises(pl.exceptions.PolarsError):  # as before: a number is not compared to text
        apply_defs(frame, defs)
