"""A chunk's columns copied with only the fields the plans read: which fields an expression
reads (records, lists of records, a list's presence), the narrowed columns giving what the
whole ones give, and a run giving the same results either way, whatever the chunking."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import talentkit.batch.evaluate as evaluate
from talentkit import Engine
from talentkit.batch import profiles_frame
from talentkit.batch.compile import (
    EMPTY,
    SHAPE,
    Scope,
    Step,
    _mark,
    apply_defs,
    chain,
    fields_read,
    fixed_names,
    names,
    open_of,
    record,
    run_steps,
)
from talentkit.batch.io import Chunk
from talentkit.batch.keyed import Lookup, lookup_columns
from talentkit.batch.narrow import narrowed
from talentkit.batch.run import assess_chunk, plans_for
from talentkit.params import ParameterStore
from talentkit.subjects import Profile
from tests.batch import vocab_plugin
from tests.batch.strategies import AS_OF, Vocabulary, profile

EL = pl.element()
ITEM = pl.Struct({"k": pl.String(), "v": pl.Boolean(), "note": pl.String()})
RECORD = pl.Struct({"a": pl.Int64(), "b": pl.String(), "items": pl.List(ITEM)})
FRAME = pl.DataFrame(
    {
        "p": [
            {"a": 1, "b": "x", "items": [{"k": "s", "v": True, "note": "n"}, None]},
            None,
            {"a": None, "b": None, "items": []},
            {"a": 4, "b": "y", "items": None},
        ],
        "l": [
            [{"k": "s", "v": False, "note": "n"}, {"k": "s", "v": True, "note": None}],
            None,
            [],
            [None, {"k": None, "v": True, "note": "m"}],
        ],
    },
    schema={"p": RECORD, "l": pl.List(ITEM)},
)


def _first(key: str) -> pl.Expr:
    return (
        pl.col("l").list.eval(EL.struct.field("v").filter(EL.struct.field("k") == key)).list.first()
    )


def _narrowed(exprs: list[pl.Expr], steps: list[Step] | None = None) -> pl.DataFrame:
    read = fields_read(exprs, steps or [])
    out = []
    for c in FRAME.columns:
        if c in read:
            r = record(pl.col(c), FRAME.schema[c], read[c])
            out.append(pl.col(c) if r is None else r.alias(c))
    return FRAME.select(out)


def _same(exprs: list[pl.Expr]) -> pl.DataFrame:
    """The columns narrowed to what ``exprs`` read give what the whole ones give."""
    narrow = _narrowed(exprs)
    named = [e.alias(f"e{i}") for i, e in enumerate(exprs)]
    assert narrow.select(named).equals(FRAME.select(named))
    return narrow


def test_fields_read_through_records_and_the_items_of_lists() -> None:
    exprs = [
        pl.col("p").struct.field("a"),
        _first("s"),
        pl.col("l").list.filter(EL.struct.field("v")),
    ]
    assert fields_read(exprs[:2], []) == {"p": {("a",)}, "l": {("k",), ("v",)}}
    # a list's items read whole (a filter keeps the items as they are): the list is whole
    assert () in fields_read(exprs, [])["l"]
    narrow = _same(exprs[:2])
    assert narrow.schema["p"] == pl.Struct({"a": pl.Int64()})
    assert narrow.schema["l"] == pl.List(pl.Struct({"k": pl.String(), "v": pl.Boolean()}))
    assert _same(exprs).schema["l"] == FRAME.schema["l"]


def test_a_field_read_through_two_paths_and_a_record_read_whole() -> None:
    # the items' key read through the record's list and the list of the case
    exprs = [
        pl.col("p").struct.field("items").list.eval(EL.struct.field("k")),
        pl.col("p").struct.field("b"),
        _first("s"),
    ]
    narrow = _same(exprs)
    assert narrow.schema["p"] == pl.Struct(
        {"b": pl.String(), "items": pl.List(pl.Struct({"k": pl.String()}))}
    )
    # the record read whole beside a field of it: kept whole
    assert _same([*exprs, pl.col("p").struct.json_encode()]).schema["p"] == RECORD
    assert _same([*exprs, pl.col("p").struct.field("items")]).schema["p"] == pl.Struct(
        {"b": pl.String(), "items": pl.List(ITEM)}
    )


def test_a_records_presence_keeps_it_whole_a_lists_keeps_its_items_narrowed() -> None:
    # a narrowed record of a null record is a record of nulls: read for its presence, whole
    assert _same([pl.col("p").is_null(), pl.col("p").struct.field("a")]).schema["p"] == RECORD
    narrow = _same(
        [pl.col("l").is_null(), pl.col("l").list.len(), pl.col("l").is_not_null(), _first("t")]
    )
    assert narrow.schema["l"] == pl.List(pl.Struct({"k": pl.String(), "v": pl.Boolean()}))
    # a list read only for its presence or length: kept whole (no items' fields to keep)
    assert _same([pl.col("l").list.len()]).schema["l"] == FRAME.schema["l"]


def test_a_steps_items_read_through_the_list_it_explodes() -> None:
    items = pl.col("p").struct.field("items")
    step = Step(
        "s",
        items,
        {"s_v": pl.col("__item").struct.field("v")},
        {},
        {"s_any": False},
        anys={"s_any": pl.col("s_v")},
    )
    assert fields_read([], [step]) == {"p": {("items", "v")}}
    # items that read nothing of theirs still need the list
    bare = Step("n", items, {}, {}, {"n_c": 0}, sums={"n_c": pl.lit(1)})
    assert fields_read([], [bare]) == {"p": {("items",)}}
    # a step inside each item: its items' fields through both lists
    inner = Step(
        "i",
        pl.col("__item").struct.field("deep"),
        {"i_x": pl.col("__item").struct.field("x")},
        {},
        {"i_c": 0},
        sums={"i_c": pl.col("i_x")},
    )
    outer = Step("o", items, {}, {}, {"o_c": 0}, steps=[inner], sums={"o_c": pl.col("i_c")})
    assert fields_read([pl.col("p").struct.field("a")], [outer]) == {
        "p": {("a",), ("items", "deep", "x")}
    }


ORG = pl.Struct(
    {
        "id": pl.String(),
        "role": pl.String(),
        "kind": pl.String(),
        "records": pl.List(pl.Struct({"kind": pl.String(), "note": pl.String()})),
        "facts": pl.Struct({"shaanxi.own_funds_share": pl.String(), "other": pl.String()}),
    }
)
ORGS = pl.DataFrame(
    {
        "organisations": [
            [
                {"id": "e1", "role": "employer", "kind": "u", "records": None, "facts": None},
                {
                    "id": "c1",
                    "role": "company",
                    "kind": "e",
                    "records": [{"kind": "x", "note": "n"}, None],
                    "facts": {"shaanxi.own_funds_share": "1/3", "other": "o"},
                },
            ],
            None,
            [],
            [None, {"id": "c2", "role": "company", "kind": None, "records": [], "facts": None}],
        ]
    },
    schema={"organisations": pl.List(ORG)},
)


def test_records_selected_by_role_hold_the_fields_read_of_them() -> None:
    """The organisations read only through their selectors (and a list of the selected
    record's that a step explodes) keep the roles and the fields read; one read whole
    keeps them whole."""
    scope = Scope(ORGS.schema, {}, ParameterStore(), AS_OF, (), Profile())
    share, _ = scope.fact("organisations[role=company].facts.shaanxi.own_funds_share")
    employer, _ = scope.fact("organisations[role=employer].id")
    company = EL.filter(EL.struct.field("role") == "company").first()
    records = pl.col("organisations").list.agg(company).struct.field("records")
    _mark(records, "_talentkit_keyed", ("organisations", "role", "company", "records"))
    step = Step(
        "r",
        records,
        {"r_x": pl.col("__item").struct.field("kind") == "x"},
        {},
        {"r_n": 0},
        sums={"r_n": pl.col("r_x")},
    )
    exprs = [e for _, e in scope.defs]
    read = fields_read(exprs, [step])
    assert read == {
        "organisations": {
            ("role",),
            ("id",),
            ("facts", "shaanxi.own_funds_share"),
            ("records", "kind"),
        }
    }
    narrow = ORGS.select(
        record(pl.col("organisations"), ORGS.schema["organisations"], read["organisations"]).alias(
            "organisations"
        )
    )
    reads = [share.alias("s"), employer.alias("e"), pl.col("r_n")]
    for frame in (ORGS, narrow):
        got = apply_defs(run_steps(frame, [step]), scope.defs).select(reads)
        assert got.to_dict(as_series=False) == {
            "s": ["1/3", None, None, None],
            "e": ["e1", None, None, None],
            "r_n": [1, 0, 0, 0],
        }
    scope.fact("organisations[role=employer]")  # now read whole
    whole = fields_read([e for _, e in scope.defs], [step])["organisations"]
    assert () in whole
    assert record(pl.col("organisations"), ORGS.schema["organisations"], whole) is None


def test_fields_read_beside_literals_and_names_that_look_like_them() -> None:
    # a literal's bytes are skipped unread; a name holding such text is read as it is
    odd = 'a":[1,2]'
    exprs = [
        pl.col("p").struct.field("a").is_in([1, 2, 300]),
        pl.col("p").struct.field(odd),
        pl.col('c":[3]') == pl.lit([4, 5], dtype=pl.List(pl.Int64())),
        pl.col("l").list.eval(EL.struct.field("k").is_in(["s", "t"])),
    ]
    assert fields_read(exprs, []) == {
        "p": {("a",), (odd,)},
        'c":[3]': {()},
        "l": {("k",)},
    }
    # a column read by a Python function beside a literal list: read whole
    udf = pl.col("p").map_elements(lambda v: v, return_dtype=RECORD)
    assert fields_read([udf, pl.col("l").is_in([[]])], []) == {"p": {()}, "l": {()}}
    # a field read inside a literal-bearing expression of a list's items
    kept = pl.col("l").list.eval(pl.when(EL.struct.field("v")).then(pl.lit([1, 2])))
    assert fields_read([kept], []) == {"l": {("v",)}}


def test_open_of_a_list_of_names_is_whether_it_names_something() -> None:
    frame = pl.DataFrame(
        {"c": [True, False, None, True, False], "d": [False, True, True, None, None]},
        schema={"c": pl.Boolean(), "d": pl.Boolean()},
    )
    one = names([(pl.col("c"), "x")])
    two = names([(pl.col("c"), "x"), (pl.col("d"), "y")])
    assert one is not None
    assert two is not None
    lists = {
        "one": one,
        "two": two,
        "chain": chain([(pl.col("d"), one), (pl.col("c"), fixed_names([]))], fixed_names(["z"])),
        "empty": chain([(pl.col("c"), EMPTY)], two),
    }
    for key, listed in lists.items():
        is_open = open_of(listed)
        assert is_open is not None, key
        got = frame.select(
            listed=(listed.list.len() > 0) | listed.is_null(), is_open=is_open.fill_null(False)
        )
        assert got.get_column("listed").equals(got.get_column("is_open"), check_names=False), key
    # a name that may be null is dropped from the list: not known without building it
    assert open_of(names([(pl.col("c"), pl.col("e").cast(pl.String()))])) is None


# --- a whole run: narrowed or whole columns, whatever the chunks -------------------------


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.create([vocab_plugin])


_CACHE: dict[str, Any] = {}


def _setup(engine: Engine) -> tuple[Vocabulary, Any, Any]:
    if "plans" not in _CACHE:
        ids = sorted(engine.registry.programmes)
        plans, store = plans_for(engine, ids, as_of=AS_OF, overrides=None)
        _CACHE.update(vocab=Vocabulary(engine, ids), plans=plans, store=store)
    return _CACHE["vocab"], _CACHE["plans"], _CACHE["store"]


def _run(engine: Engine, frame: pl.DataFrame) -> pl.DataFrame:
    _, plans, store = _setup(engine)
    rows = pl.Series("row", range(1, frame.height + 1), dtype=pl.Int64())
    out, _ = assess_chunk(engine, plans, Chunk(1, frame, rows, [], frame.height), store, AS_OF)
    return out


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_narrowed_columns_give_the_whole_columns_results(
    engine: Engine, data: st.DataObject, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(evaluate, "ROWS_PER_EXPRESSION", 0)  # narrowed however small
    vocab, plans, _ = _setup(engine)
    profiles = data.draw(st.lists(profile(vocab), min_size=2, max_size=12))
    frame = profiles_frame([engine.load(p) for p in profiles], engine.registry.facts)
    cut = data.draw(st.integers(1, frame.height - 1))
    # in two chunks, and a slice of a longer frame
    chunked = pl.concat([frame.slice(0, cut), frame.slice(cut)], rechunk=False)
    sliced = pl.concat([frame.head(1), frame], rechunk=True).slice(1)
    narrowed = {
        name: _run(engine, f) for name, f in (("one", frame), ("two", chunked), ("slice", sliced))
    }
    # the narrowing is not vacuous: the attestations, only looked up by key, are not
    # copied: their lookups stand in their place
    columns = evaluate.case_columns([p for p in plans if not p.rowwise], frame)
    assert "attestations" not in columns.columns
    assert "__held:attestations.shaanxi.health.value" in columns.columns
    with monkeypatch.context() as patched:  # (undone before the next example)
        patched.setattr(evaluate, "record", lambda *_: None)  # every column whole
        patched.setattr(evaluate, "narrowed", lambda *_: None)
        whole = _run(engine, frame)
    for name, got in narrowed.items():
        assert got.equals(whole), name


def test_a_small_chunk_keeps_its_records_whole(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Below the rows per expression that pay for finding the fields read, the records
    are kept whole (and the results are the same either way)."""
    _, plans, _ = _setup(engine)
    example = engine.load("tests/fooland/example.toml")
    frame = profiles_frame([example, example], engine.registry.facts)
    scoped = [p for p in plans if not p.rowwise]
    whole = evaluate.case_columns(scoped, frame)
    assert whole.schema["attestations"] == frame.schema["attestations"]
    small = _run(engine, frame)
    monkeypatch.setattr(evaluate, "ROWS_PER_EXPRESSION", 0)
    narrow = evaluate.case_columns(scoped, frame)
    assert "attestations" not in narrow.columns  # only looked up: not copied
    assert _run(engine, frame).equals(small)


#: the fields read of FRAME's columns: fields, a list's items' fields, a nested record
#: whole, a list's presence (its items narrowed), a record read for its presence (whole)
NARROWINGS: list[dict[str, set[tuple[str, ...]]]] = [
    {"p": {("a",)}, "l": {("k",)}},
    {"p": {("b",), ("items", "v")}, "l": {("k",), ("v",)}},
    {"p": {("items",)}, "l": {("note",), (SHAPE,)}},
    {"p": {("a",), ("items", "k"), ("items", SHAPE)}, "l": {()}},
    {"p": {("a",), (SHAPE,)}, "l": {("v",), ("k",), ("note",)}},
]


@pytest.mark.parametrize("read", NARROWINGS)
def test_narrowed_from_the_arrays_as_the_expression_narrows(
    read: dict[str, set[tuple[str, ...]]],
) -> None:
    """A column narrowed from its own arrays equals the one :func:`record` gives, nulls
    at every level included (a null record: a record of nulls, as ``pl.struct`` gives
    it), in one chunk, several, and a slice of each (arrays at an offset)."""
    longer = pl.concat([FRAME, FRAME.reverse(), FRAME], rechunk=True)
    frames = {
        "one": FRAME,
        "chunks": pl.concat([FRAME.head(1), FRAME.slice(1, 2), FRAME.tail(1)], rechunk=False),
        "slice": longer.slice(3, 5),
        "slices": pl.concat([longer.slice(1, 4), longer.slice(6, 5)], rechunk=False),
    }
    for name, frame in frames.items():
        for column, paths in read.items():
            by_expr = record(pl.col(column), frame.schema[column], paths)
            got = narrowed(frame.get_column(column), paths)
            if by_expr is None:
                assert got is None, (name, column)
                continue
            assert got is not None, (name, column)
            want = frame.select(by_expr.alias(column)).to_series()
            assert got.n_chunks() == frame.get_column(column).n_chunks()
            assert got.dtype == want.dtype
            assert got.to_list() == want.to_list(), (name, column)
            assert got.rechunk().equals(want), (name, column)


def test_a_column_of_a_type_not_handled_is_narrowed_by_the_expression() -> None:
    """A record holding a type whose arrays polars does not take back as they are (a
    categorical) is left to :func:`record`; the case columns are the same either way."""
    frame = FRAME.with_columns(
        pl.struct(pl.col("p").struct.field("a"), c=pl.lit("x").cast(pl.Categorical())).alias("q")
    )
    assert narrowed(frame.get_column("q"), {("a",)}) is None
    assert narrowed(frame.get_column("p"), {("a",)}) is not None


@pytest.mark.parametrize("rows_per_chunk", [0, 10**6])
def test_lists_only_looked_up_are_searched_chunk_by_chunk(
    rows_per_chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A list only looked up by key is searched in the input's chunks, not copied (or,
    in chunks too small, copied into one first): the lookups equal those of the list in
    one chunk (a key twice in a row: its first entry; null and empty lists; an empty
    chunk; keys asked for and not)."""
    monkeypatch.setattr(evaluate, "ROWS_PER_SEARCHED_CHUNK", rows_per_chunk)
    dtype = pl.List(pl.Struct({"key": pl.String(), "value": pl.Boolean()}))
    rows = [
        [{"key": "a", "value": True}, {"key": "a", "value": False}],
        None,
        [],
        [{"key": "b", "value": None}, {"key": "c", "value": True}],
        [{"key": "z", "value": False}, {"key": "b", "value": False}],
        [{"key": None, "value": True}, {"key": "a", "value": None}],
    ]
    whole = pl.Series("l", rows, dtype=dtype)
    parts = [whole.slice(0, 2), whole.slice(2, 0), whole.slice(2, 1), whole.slice(3)]
    chunked = pl.concat(parts, rechunk=False)
    assert chunked.n_chunks() == 3  # (polars drops the empty chunk)
    lookups: dict[str, Lookup] = {f"__held:{k}": ("l", "key", k, "value") for k in "abc"}
    got = evaluate._looked_up(chunked, lookups)
    assert got is not None
    want = lookup_columns(whole.to_frame(), lookups)
    assert pl.DataFrame(got).equals(pl.DataFrame(want))
    assert pl.DataFrame(got).rows() == [
        (True, None, None),
        (None, None, None),
        (None, None, None),
        (None, None, True),
        (None, False, None),
        (None, None, None),
    ]
    # a list whose type lookup_columns does not search is left to be copied
    texts = pl.Series("l", [["a"]], dtype=pl.List(pl.String()))
    assert evaluate._looked_up(texts, lookups) is None


def test_a_key_no_entry_has_is_one_null_chunk_and_the_others_as_searched(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The lookups of a list in chunks: a field null in every row (a key no row has, in no
    chunk; a key whose entries all leave it null) is one chunk of nulls, made at once; a key
    only a later chunk has, a key twice in a row, null and empty lists, and a whole record
    (kept in its chunks) are what searching the list in one chunk gives."""
    monkeypatch.setattr(evaluate, "ROWS_PER_SEARCHED_CHUNK", 0)
    dtype = pl.List(pl.Struct({"key": pl.String(), "value": pl.Boolean(), "text": pl.String()}))
    rows = [
        [{"key": "a", "value": True, "text": "x"}, {"key": "a", "value": False, "text": "y"}],
        None,
        [],
        [{"key": "b", "value": True, "text": None}, {"key": "c", "value": True, "text": "z"}],
        [{"key": "c", "value": False, "text": "w"}, {"key": None, "value": True, "text": "v"}],
    ]
    whole = pl.Series("l", rows, dtype=dtype)
    chunked = pl.concat([whole.slice(0, 3), whole.slice(3)], rechunk=False)
    assert chunked.n_chunks() == 2
    lookups: dict[str, Lookup] = {
        f"{k}:{f}": ("l", "key", k, f) for k in "abcn" for f in ("value", "text", None)
    }
    got = evaluate._looked_up(chunked, lookups)
    assert got is not None
    want = lookup_columns(whole.to_frame(), lookups)
    assert pl.DataFrame(got).equals(pl.DataFrame(want))
    assert {c.name: c.n_chunks() for c in got} == {
        **{f"{k}:{f}": 2 for k in "abcn" for f in ("value", "text", None)},
        "n:value": 1,
        "n:text": 1,
        "b:text": 1,
    }
    assert pl.DataFrame(got).select("b:value", "c:text", "a:value").rows() == [
        (None, None, True),
        (None, None, None),
        (None, None, None),
        (True, "z", None),
        (None, "w", None),
    ]
