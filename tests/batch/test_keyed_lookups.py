"""Lookups by key (attestations, decisions, waivers) computed for all keys at once give
what searching each row's list key by key gives, entry for entry."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import polars as pl
import pytest

from talentkit.batch.compile import HELD, Scope, apply_defs, keyed, lookup_of
from talentkit.batch.keyed import lookup_columns, searchable
from talentkit.params import ParameterStore
from talentkit.subjects import Profile

ENTRY = pl.Struct({"key": pl.String(), "value": pl.Boolean(), "by": pl.String(), "on": pl.Date()})
ENTRIES = pl.List(ENTRY)
DAY = dt.date(2026, 3, 1)


def entry(key: str | None, value: bool | None, by: str = "office") -> dict[str, Any]:
    return {"key": key, "value": value, "by": by, "on": DAY}


def searched(frame: pl.DataFrame, column: str, keys: list[str], field: str) -> pl.DataFrame:
    """The lookups as the plan's expressions compute them, key by key."""
    return frame.select(keyed(column, k, field).alias(k) for k in keys)


def at_once(frame: pl.DataFrame, column: str, keys: list[str], field: str) -> pl.DataFrame:
    return pl.DataFrame(lookup_columns(frame, {k: (column, "key", k, field) for k in keys}))


ROWS: list[list[dict[str, Any] | None] | None] = [
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
        "x": ("attestations", "key", "a", "value"),
        "y": ("attestations", "key", "a", "value"),
        "z": ("decisions", "key", "a", "value"),
        "w": ("attestations", "key", "a", "by"),
    }
    got = pl.DataFrame(lookup_columns(frame, lookups)).select("x", "y", "z", "w")
    want = frame.select(keyed(c, k, f).alias(n) for n, (c, _, k, f) in lookups.items())
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


def random_lists(
    rng: random.Random, keys: list[str | None], rows: int, most: int, by: str = ""
) -> pl.DataFrame:
    """``rows`` lists of attestations (a tenth null, up to ``most`` - 1 entries, one in
    twenty null) under keys drawn from ``keys``, each ``by`` one of the letters of ``by``
    (``"office"`` when none is given)."""

    def some_list() -> list[dict[str, Any] | None] | None:
        if rng.random() < 0.1:
            return None
        return [
            None
            if rng.random() < 0.05
            else entry(
                rng.choice(keys),
                rng.choice([True, False, None]),
                *([rng.choice(by)] if by else []),
            )
            for _ in range(rng.randrange(most))
        ]

    return pl.DataFrame(
        {"attestations": [some_list() for _ in range(rows)]}, schema={"attestations": ENTRIES}
    )


def test_random_lists_and_slices() -> None:
    rng = random.Random(7)
    keys = ["k0", "k1", "k2", "K0", "k3"]

    frame = random_lists(rng, [*keys, None], rows=3000, most=6)
    asked = ["k0", "k1", "K0", "k9"]
    # a chunk of several pieces, and one that starts inside the column
    for part in (pl.concat([frame[:1000], frame[1000:]], rechunk=False), frame[1234:2345]):
        assert at_once(part, "attestations", asked, "value").equals(
            searched(part, "attestations", asked, "value")
        )


def test_defined_columns_use_it_and_keep_their_readers() -> None:
    frame = pl.DataFrame({"attestations": ROWS}, schema={"attestations": ENTRIES})
    a = keyed("attestations", "a", "value")
    assert lookup_of(a) == ("attestations", "key", "a", "value")
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
    assert searchable(ENTRIES, ("attestations", "key", "a", "value"))
    assert searchable(ENTRIES, ("attestations", "by", "office", None))
    assert not searchable(ENTRIES, ("attestations", "key", "a", "decision"))
    assert not searchable(ENTRIES, ("attestations", "on", "a", None))  # not text
    numbered = pl.List(pl.Struct({"key": pl.Int64(), "value": pl.Boolean()}))
    assert not searchable(numbered, ("attestations", "key", "a", "value"))
    assert not searchable(pl.String(), ("attestations", "key", "a", "value"))
    assert not searchable(None, ("attestations", "key", "a", "value"))
    # a list it does not read keeps its search
    frame = pl.DataFrame({"attestations": [[{"key": 1, "value": True}]]})
    defs = [("__held:attestations.1.value", keyed("attestations", "1", "value"))]
    with pytest.raises(pl.exceptions.PolarsError):  # as before: a number is not compared to text
        apply_defs(frame, defs)


ORG = pl.Struct(
    {
        "id": pl.String(),
        "role": pl.String(),
        "founded_on": pl.Date(),
        "records": pl.List(pl.Struct({"kind": pl.String()})),
        "facts": pl.Struct({"shaanxi.own_funds_share": pl.String()}),
    }
)


def org(oid: str | None, role: str | None, share: str | None = None) -> dict[str, Any]:
    records = None if oid is None else [{"kind": oid}]
    return {"id": oid, "role": role, "founded_on": DAY, "records": records,
            "facts": {"shaanxi.own_funds_share": share}}  # fmt: skip


ORGS: list[list[dict[str, Any] | None] | None] = [
    [org("e1", "employer"), org("c1", "company", "1/3")],
    [org("c1", "company"), org("c2", "company", "1/2")],  # the first company
    None,
    [],
    [None, org(None, None), org("x", "Company")],  # no record in either role
    [org("e1", "employer"), org("e2", "employer")],
]


def _one_by_one(frame: pl.DataFrame, defs: list[tuple[str, pl.Expr]]) -> pl.DataFrame:
    """``defs`` computed in their order, each as written (a field of a record looked up
    reads the lookup's column)."""
    for name, expr in defs:
        frame = frame.with_columns(expr.alias(name))
    return frame


def test_records_by_role_as_the_selector_finds_them() -> None:
    """``organisations[role=company]`` and ``[role=employer]``: one pass for both roles,
    the first record of each as the plan's selector finds it, holding the fields the
    plan reads of that role's record (its lists and records whole where they are read)."""
    schema = pl.Schema({"organisations": pl.List(ORG)})
    scope = Scope(schema, {}, ParameterStore(), DAY, (), Profile())
    company, _ = scope.fact("organisations[role=company].facts.shaanxi.own_funds_share")
    employer, _ = scope.fact("organisations[role=employer].id")
    records, _ = scope.fact("organisations[role=employer].records")
    names = [n for n, _ in scope.defs if n.startswith(HELD)]
    assert names == ["__held:organisations[role=company]", "__held:organisations[role=employer]"]
    assert [lookup_of(e) for _, e in scope.defs if lookup_of(e) is not None] == [
        ("organisations", "role", "company", None),
        ("organisations", "role", "employer", None),
    ]
    frame = pl.DataFrame({"organisations": ORGS}, schema=schema)
    got = apply_defs(frame, scope.defs)
    want = _one_by_one(frame, scope.defs)
    reads = [company.alias("c"), employer.alias("e"), records.alias("r")]
    assert got.select(reads).equals(want.select(reads))
    assert got.select(company).to_series().to_list() == ["1/3", None, None, None, None, None]
    assert got.select(employer).to_series().to_list() == ["e1", None, None, None, None, "e1"]
    assert got.select(records).to_series().to_list()[5] == [{"kind": "e1"}]
    # only the fields read of each role are gathered; a null record stays null
    first = {"id": "e1", "records": [{"kind": "e1"}]}
    assert got.get_column(names[1]).to_list() == [first, None, None, None, None, first]
    shares = [{"facts": {"shaanxi.own_funds_share": s}} for s in ("1/3", None)]
    assert got.get_column(names[0]).to_list() == [*shares, None, None, None, None]


def test_a_record_read_whole_is_gathered_whole() -> None:
    schema = pl.Schema({"organisations": pl.List(ORG)})
    scope = Scope(schema, {}, ParameterStore(), DAY, (), Profile())
    scope.fact("organisations[role=company].id")
    whole, _ = scope.fact("organisations[role=company]")
    frame = pl.DataFrame({"organisations": ORGS}, schema=schema)
    got = apply_defs(frame, scope.defs)
    assert got.equals(_one_by_one(frame, scope.defs))
    assert got.select(whole).to_series().to_list()[0] == org("c1", "company", "1/3")


def test_one_role_read_whole_beside_another_read_by_field() -> None:
    """A role whose record is read whole is gathered whole; the other role's still holds
    only what is read of it; in pieces of a chunk, with a role found in no row of one."""
    schema = pl.Schema({"organisations": pl.List(ORG)})
    scope = Scope(schema, {}, ParameterStore(), DAY, (), Profile())
    employer, _ = scope.fact("organisations[role=employer].id")
    company, _ = scope.fact("organisations[role=company]")
    frame = pl.DataFrame({"organisations": ORGS * 2}, schema=schema)
    part = pl.concat([frame[:5], frame[5:]], rechunk=False)
    for chunk in (part, frame[2:6]):
        got = apply_defs(chunk, scope.defs)
        want = _one_by_one(chunk, scope.defs)
        reads = [company.alias("c"), employer.alias("e")]
        assert got.select(reads).equals(want.select(reads))
        assert got.schema["__held:organisations[role=employer]"] == pl.Struct({"id": pl.String()})
        assert got.schema["__held:organisations[role=company]"] == ORG
    got = apply_defs(frame, scope.defs)
    assert got.select(company).to_series().to_list()[:2] == [
        org("c1", "company", "1/3"), org("c1", "company")
    ]  # fmt: skip
    assert got.select(employer).to_series().to_list()[:6] == ["e1", None, None, None, None, "e1"]


def _each_alone(
    chunk: pl.DataFrame, lookups: dict[str, tuple[str, str, str, str | None]]
) -> pl.DataFrame:
    """Each lookup as its own search finds it: its field of the first entry under its key
    (the whole entry where no field is read)."""
    el = pl.element()
    return chunk.select(
        keyed(c, k, f).alias(n)
        if f is not None
        else pl.col(c).list.eval(el.filter(el.struct.field("key") == k)).list.first().alias(n)
        for n, (c, _, k, f) in lookups.items()
    )


def test_fields_of_one_list_asking_for_different_keys() -> None:
    """Several fields of one list, each under keys of its own (and a whole record), are
    found in one pass: each as its own search finds it, in a chunk of several pieces."""
    frame = pl.DataFrame({"attestations": ROWS * 3}, schema={"attestations": ENTRIES})
    part = pl.concat([frame[:4], frame[4:17], frame[17:]], rechunk=False)
    lookups = {
        "a_value": ("attestations", "key", "a", "value"),
        "b_by": ("attestations", "key", "b", "by"),
        "c_on": ("attestations", "key", "c", "on"),
        "a_on": ("attestations", "key", "a", "on"),
        "b": ("attestations", "key", "b", None),
        "z_value": ("attestations", "key", "z", "value"),
    }
    for chunk in (part, frame[5:23]):
        got = pl.DataFrame(lookup_columns(chunk, lookups)).select(list(lookups))
        assert got.equals(_each_alone(chunk, lookups))
        assert got.get_column("z_value").null_count() == chunk.height
    got = pl.DataFrame(lookup_columns(frame, lookups)).select(list(lookups))
    assert got.get_column("c_on").to_list()[9] == DAY
    assert got.get_column("b").to_list()[9] == entry("b", True)
    assert got.get_column("b_by").to_list()[:3] == ["office", "office", None]


FLAGS = pl.Struct({f"f{i}": pl.Boolean() for i in range(5)} | {"key": pl.String()})


@pytest.mark.parametrize(
    "read", [["f0"], ["f1", "f0"], ["f0", "f1", "f2", "f3"], ["f0", "f2", "f4", "f1", "f3"]]
)
def test_several_yes_no_fields_of_one_list(read: list[str]) -> None:
    """Yes/no fields read of one list (packed together up to four, then each gathered):
    each as its own search finds it, with null values, keys twice in a row, null and
    empty lists, in a chunk of several pieces and one starting inside the column."""
    rng = random.Random(len(read))
    keys = ["a", "b", "c", None]

    def some_entry() -> dict[str, Any] | None:
        if rng.random() < 0.05:
            return None
        flags = {f"f{i}": rng.choice([True, False, None]) for i in range(5)}
        return flags | {"key": rng.choice(keys)}

    def some_list() -> list[dict[str, Any] | None] | None:
        return None if rng.random() < 0.1 else [some_entry() for _ in range(rng.randrange(5))]

    frame = pl.DataFrame(
        {"flags": [some_list() for _ in range(2000)]}, schema={"flags": pl.List(FLAGS)}
    )
    lookups = {f"{k}.{f}": ("flags", "key", k, f) for k in ("a", "c", "z") for f in read}
    for chunk in (pl.concat([frame[:700], frame[700:]], rechunk=False), frame[333:1500]):
        got = pl.DataFrame(lookup_columns(chunk, lookups)).select(list(lookups))
        want = chunk.select(keyed(c, k, f).alias(n) for n, (c, _, k, f) in lookups.items())
        assert got.equals(want)
        assert got.schema == pl.Schema(dict.fromkeys(lookups, pl.Boolean()))
        assert got.get_column(f"z.{read[0]}").null_count() == chunk.height
        assert 0 < got.get_column(f"a.{read[-1]}").null_count() < chunk.height


def test_the_first_entry_under_a_key_holds_whatever_its_fields_are() -> None:
    """Of a key twice in a row the first entry's fields are read, null or not; spelled
    out, so that the comparison is not of two wrong answers."""
    rows = [
        [{"key": "a", "f0": None, "f1": True}, {"key": "a", "f0": True, "f1": None}],
        [{"key": "a", "f0": False, "f1": False}, {"key": "a", "f0": True, "f1": True}],
        [{"key": "b", "f0": True, "f1": True}, {"key": "a", "f0": True, "f1": False}],
        [{"key": None, "f0": True, "f1": True}],
    ]
    frame = pl.DataFrame({"flags": rows}, schema={"flags": pl.List(FLAGS)})
    lookups = {"f0": ("flags", "key", "a", "f0"), "f1": ("flags", "key", "a", "f1")}
    got = pl.DataFrame(lookup_columns(frame, lookups))
    assert got.get_column("f0").to_list() == [None, False, True, None]
    assert got.get_column("f1").to_list() == [True, False, False, None]


@pytest.mark.parametrize("asked", [["ab"], ["a", "ab"], ["ab", "a"], ["a", "ab", "b"]])
@pytest.mark.parametrize("field", ["value", "by", None])
def test_one_two_or_more_keys_of_a_list(asked: list[str], field: str | None) -> None:
    """A list searched for one or two keys (each entry's key compared with each) and for
    more (one hash of each entry's key) finds the same entries: keys that are prefixes of
    each other, keys no one asks for, null keys and entries, a key twice in a row, null
    and empty lists, in a chunk of several pieces and one starting inside the column."""
    rng = random.Random(len(asked))
    keys = ["a", "ab", "b", "abc", "A", "", None]

    frame = random_lists(rng, keys, rows=2000, most=5, by="xyz")
    lookups = {f"{k}.{field}": ("attestations", "key", k, field) for k in asked}
    for chunk in (pl.concat([frame[:600], frame[600:]], rechunk=False), frame[111:1777]):
        got = pl.DataFrame(lookup_columns(chunk, lookups)).select(list(lookups))
        assert got.equals(_each_alone(chunk, lookups))
        for name in lookups:  # each key is found in some rows, not in others
            assert 0 < got.get_column(name).null_count() < chunk.height


def test_two_keys_spelled_out() -> None:
    """Two keys (compared, not hashed), one a prefix of the other: the first entry under
    each; spelled out, so that the comparison is not of two wrong answers."""
    rows = [
        [entry("ab", True), entry("a", False)],
        [entry("a", None), entry("ab", False), entry("a", True)],
        [entry("abc", True), entry(None, True), entry("b", True)],
        [entry("ab", False), entry("ab", True)],
        None,
        [],
    ]
    frame = pl.DataFrame({"attestations": rows}, schema={"attestations": ENTRIES})
    got = at_once(frame, "attestations", ["a", "ab"], "value")
    assert got.get_column("a").to_list() == [False, None, None, None, None, None]
    assert got.get_column("ab").to_list() == [True, False, None, False, None, None]
    one = at_once(frame, "attestations", ["ab"], "value")
    assert one.get_column("ab").to_list() == got.get_column("ab").to_list()


@pytest.mark.parametrize("count", [1, 2, 3])
def test_keys_named_as_columns_are_texts(count: int) -> None:
    """A key spelled as a column's name (the list's own, or one the search adds) is a text
    compared with each entry's key, however many keys are asked for."""
    rows = [
        [entry("__row", True), entry("attestations", False)],
        [entry("x", True)],
    ]
    frame = pl.DataFrame({"attestations": rows}, schema={"attestations": ENTRIES})
    asked = ["__row", "attestations", "x"][:count]
    got = at_once(frame, "attestations", asked, "value")
    want = {"__row": [True, None], "attestations": [False, None], "x": [None, True]}
    assert got.to_dict(as_series=False) == {k: want[k] for k in asked}


@pytest.mark.parametrize("field", ["value", "by", None])
def test_a_null_list_over_entries(field: str | None) -> None:
    """A null list whose offsets still span entries (as Arrow allows) holds none of them:
    each entry's row counts only the lists that are there, so the entries after it are
    found in their own rows; spelled out for the values."""
    import pyarrow as pa

    values = pl.Series([entry(k, v) for k, v in [("a", True), ("a", False), ("b", True)]])
    arrow = pa.ListArray.from_arrays(
        pa.array([0, 1, 2, 2, 3], pa.int32()),
        values.to_arrow(),
        mask=pa.array([False, True, False, False]),
    )
    column = pl.Series("attestations", arrow, dtype=ENTRIES)
    assert column.list.len().to_list() == [1, None, 0, 1]
    frame = column.to_frame()
    lookups = {f"{k}.{field}": ("attestations", "key", k, field) for k in ("a", "b")}
    got = pl.DataFrame(lookup_columns(frame, lookups)).select(list(lookups))
    assert got.equals(_each_alone(frame, lookups))
    if field == "value":
        assert got.rows() == [(True, None), (None, None), (None, None), (None, True)]
