"""Row groups read by pyarrow without the leaves they hold no value of give the frames polars
reads, and the same results and error rows; the checks of a list's items laid end to end
flag the rows the check of each row's list flags."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow.parquet as pq
import pytest

from talentkit import Engine
from talentkit.batch import io as io_module
from talentkit.batch import profile_schema, profiles_frame
from talentkit.batch.leaves import _coded_text, open_file, read_group
from talentkit.batch.schema import (
    ItemChecks,
    RecordChecks,
    bad_value,
    suspect_by_column,
    suspect_rows,
)
from talentkit.subjects import Person
from tests.batch.test_screen import population, screened_files

RECORD = pl.Struct({"kind": pl.String(), "on": pl.Date(), "notes": pl.List(pl.String())})
SCHEMA = pl.Schema(
    {
        "id": pl.String(),
        "n": pl.Int64(),
        "s": pl.Struct({"a": pl.Int64(), "b": pl.String(), "c": pl.Boolean()}),
        "items": pl.List(RECORD),
        "tags": pl.List(pl.String()),
        # (types left to polars, between the others)
        "at": pl.Datetime("us"),
        "code": pl.Categorical(),
        "money": pl.List(pl.Decimal(10, 2)),
        "last": pl.Struct({"x": pl.String()}),
    }
)


def _rows(n: int) -> list[dict[str, Any]]:
    """Rows whose leaves are empty in some row groups of 5 and not in others: ``s.b`` only
    in row 13, ``items.notes`` null, empty or given, ``n`` null in the first row group,
    ``s`` itself null in rows 5-9, an item that is null."""
    out: list[dict[str, Any]] = []
    for i in range(n):
        items: list[Any] | None = [
            {"kind": "k" if i % 3 else None, "on": dt.date(2000, 1, 1 + i % 28), "notes": None}
        ]
        if i % 4 == 1:
            items = []
        elif i % 4 == 2:
            items = None
        elif i % 7 == 3:
            items = [None, {"kind": None, "on": None, "notes": []}]
        elif i == 17:
            items = [{"kind": "x", "on": None, "notes": ["a", None]}]
        out.append(
            {
                "id": f"r{i}",
                "n": None if i < 5 else i,
                "s": None if 5 <= i < 10 else {"a": i, "b": "b" if i == 13 else None, "c": None},
                "items": items,
                "tags": [] if i % 2 else None,
                "at": dt.datetime(2020, 1, 1, i % 24),
                "code": "abc"[i % 3],
                "money": None,
                "last": {"x": None if i < 20 else "x"},
            }
        )
    return out


def test_a_row_group_read_without_its_empty_leaves_is_the_one_polars_reads(
    tmp_path: Path,
) -> None:
    path = tmp_path / "in.parquet"
    pl.DataFrame(_rows(23), schema=SCHEMA).write_parquet(path, row_group_size=5)
    reader = open_file(path)
    md = pq.ParquetFile(path).metadata
    assert md.num_row_groups == 5
    scan = pl.scan_parquet(path)
    at = 0
    for g in range(md.num_row_groups):
        rows = md.row_group(g).num_rows
        got = read_group(reader, g, ["s", "items", "tags", "last"])
        want = scan.select("s", "items", "tags", "last").slice(at, rows).collect()
        assert got.schema == want.schema
        assert got.equals(want)
        at += rows
    reader.close()


@pytest.mark.parametrize("size", [1, 3, 5, 8, 10, 100])
def test_chunks_are_those_polars_reads(tmp_path: Path, size: int) -> None:
    path = tmp_path / "in.parquet"
    pl.DataFrame(_rows(23), schema=SCHEMA).write_parquet(path, row_group_size=5)
    groups = [5, 5, 5, 5, 3]
    reader = io_module._whole_groups(path, list(SCHEMA))
    assert reader is not None  # (the structs and lists read by pyarrow)
    reader.close()
    scan = pl.scan_parquet(path)
    got = list(io_module._parquet_slices(path, groups, size))
    alone = [scan.slice(o, size).collect() for o in range(0, 23, size)]
    assert [f.height for f in got] == [f.height for f in alone]
    for a, b in zip(got, alone, strict=True):
        assert a.schema == b.schema
        assert a.equals(b)


def _input(engine: Engine, path: Path) -> None:
    """40 cases in row groups of 10; the only value of an award's leaves in the whole file
    is row 23's date, out of the parser's range (its row group's statistics otherwise show
    nulls only, and every other row group's show nothing but nulls); row 7's host has a
    founding date out of range beside 39 valid ones; row 31 names its host twice."""
    rows = profiles_frame(
        [engine.load(p) for p in population(engine, 40)], engine.registry.facts
    ).to_dicts()
    rows[22]["awards"] = [{"programme": "fooland.team", "awarded_on": dt.date(1800, 1, 1)}]
    rows[6]["organisations"][0]["founded_on"] = dt.date(2300, 1, 1)
    rows[30]["organisations"] = [dict(rows[30]["organisations"][0], id="host-1")] * 2
    frame = pl.from_dicts(rows, schema=profile_schema(engine.registry.facts))
    frame.write_parquet(path, row_group_size=10)


def _same_read_by_polars(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, errors: int, chunk_size: int
) -> str:
    """The results and error rows of ``in.parquet`` read leaf by leaf, checked equal to
    polars' own read of it; the error rows."""
    runs = {}
    for name in ("leaves", "polars"):
        if name == "polars":
            monkeypatch.setattr(io_module, "_whole_groups", lambda *_: None)
        runs[name] = screened_files(
            engine, tmp_path / "in.parquet", name, rows=40, errors=errors, chunk_size=chunk_size
        )
    assert runs["leaves"] == runs["polars"]
    found: str = runs["leaves"][1]
    return found


@pytest.mark.parametrize("chunk_size", [4, 10, 40])
def test_same_results_and_error_rows_as_polars_decoding(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk_size: int
) -> None:
    _input(engine, tmp_path / "in.parquet")
    errors = _same_read_by_polars(engine, tmp_path, monkeypatch, 3, chunk_size)
    for row in (7, 23, 31):
        assert f'"row":{row}' in errors


ORG: dict[str, Any] = {"role": "host", "kind": "enterprise", "founded_on": dt.date(2020, 1, 1)}


def _organisations() -> list[Any]:
    """Lists of organisations of every shape the checks read: absent, empty, a null item,
    one named twice (two items, or two of three, parts absent or not), a founding date out
    of range, a role that is no role."""
    kinds = [
        dict(ORG, id=None),
        dict(ORG, id="a"),
        dict(ORG, id="b"),
        dict(ORG, id="a", role="company"),
        dict(ORG, id=None, role=None),
        None,
    ]
    lists: list[Any] = [None, []]
    for n in (1, 2, 3):
        lists += [list(c) for c in itertools.product(kinds, repeat=n)]
    lists += [[dict(ORG, founded_on=dt.date(1800, 1, 1))], [dict(ORG, role="landlord")]]
    return lists


@pytest.mark.parametrize("longest", [1, 2, 3])
def test_item_checks_flag_the_rows_the_whole_check_flags(engine: Engine, longest: int) -> None:
    """(``longest``: the most organisations a case lists; the longer lists' test is left
    out of a chunk that has none)"""
    facts, keys = engine.registry.facts, engine.input_keys
    schema = profile_schema(facts)
    lists = [x for x in _organisations() if x is None or len(x) <= longest]
    n = len(lists)
    attestations: list[Any] = [None] * n
    attestations[3] = [{"key": "no.such.key", "value": True, "by": "x", "on": dt.date(2026, 1, 1)}]
    attestations[4] = [{"key": "fooland.team.agreement", "value": None, "by": "x"}]
    attestations[5] = [{"key": "fooland.team.agreement", "value": True, "by": "x", "on": None}]
    attestations[6] = []
    frame = pl.DataFrame(
        {"id": [f"c{i}" for i in range(n)], "organisations": lists, "attestations": attestations},
        schema={k: schema[k] for k in ("id", "organisations", "attestations")},
    )
    frame = frame.select(
        pl.col(k) if k in frame.columns else pl.lit(None, v).alias(k) for k, v in schema.items()
    )
    whole = frame.select(suspect_rows(schema, facts, keys)).to_series().arg_true().to_list()
    assert io_module._suspects(frame, suspect_by_column(schema, facts, keys)) == whole
    assert {3, 4, 5} <= set(whole)
    assert 6 not in whole
    if longest == 3:
        assert 50 < len(whole) < n - 50  # (many lists flagged, many not)
    if longest >= 2:  # (a host named twice in two items)
        assert lists.index([dict(ORG, id="a"), dict(ORG, id="a")]) in whole


TEXT = pl.Schema(
    {
        "items": pl.List(pl.Struct({"kind": pl.String(), "note": pl.String()})),
        "s": pl.Struct({"code": pl.String(), "name": pl.String()}),
    }
)


def _stored(frame: pl.DataFrame) -> Any:
    """``frame`` as Arrow, text as large text (as Parquet stores it), for pyarrow to write
    with dictionaries even in small row groups (polars writes none there)."""
    return frame.to_arrow(compat_level=pl.CompatLevel.oldest())


def _texts(n: int) -> list[dict[str, Any]]:
    """Text of few distinct values (read as codes), short and longer than a view holds,
    empty, null, non-ASCII, and under null structs, null items and empty lists; ``name``
    distinct in every row (read as text)."""
    kinds = ["a", "", None, "a kind longer than twelve bytes", "类别很长很长很长的文字"]
    out: list[dict[str, Any]] = []
    for i in range(n):
        items: list[Any] | None = [
            {"kind": kinds[i % 5], "note": kinds[(i + 1) % 5]},
            None if i % 3 else {"kind": None, "note": "n"},
        ]
        if i % 6 == 1:
            items = []
        elif i % 6 == 2:
            items = None
        s = None if i % 7 == 3 else {"code": kinds[i % 4], "name": f"name number {i:08d}"}
        out.append({"items": items, "s": s})
    return out


@pytest.mark.parametrize("dictionary_pagesize_limit", [None, 64])
def test_text_read_as_codes_is_the_text_polars_reads(
    tmp_path: Path, dictionary_pagesize_limit: int | None
) -> None:
    """(with a small dictionary page, pages after it are plain text: pyarrow still hands
    codes)"""
    path = tmp_path / "in.parquet"
    table = _stored(pl.DataFrame(_texts(60), schema=TEXT))
    extra = (
        {}
        if dictionary_pagesize_limit is None
        else {"dictionary_pagesize_limit": dictionary_pagesize_limit}
    )
    pq.write_table(table, path, row_group_size=25, data_page_size=64, **extra)
    reader = open_file(path)
    coded = _coded_text(reader.metadata)
    assert "items.list.element.kind" in coded  # (read as codes)
    assert "s.name" not in coded
    scan = pl.scan_parquet(path)
    at = 0
    for g in range(3):
        rows = reader.metadata.row_group(g).num_rows
        got = read_group(reader, g, ["items", "s"])
        want = scan.slice(at, rows).collect()
        assert got.schema == want.schema
        assert got.equals(want)
        assert got.to_dicts() == want.to_dicts()
        at += rows
    reader.close()


def _leaf(frame: pl.DataFrame, path: tuple[str, ...]) -> set[Any]:
    """The values of the leaf at ``path`` (a column, then struct fields) of ``frame``."""
    values = frame.get_column(path[0])
    for name in path[1:]:
        while isinstance(values.dtype, pl.List):
            values = values.explode()
        values = values.struct.field(name)
    while isinstance(values.dtype, pl.List):
        values = values.explode()
    return set(values.drop_nulls().to_list())


@pytest.mark.parametrize("size", [4, 13, 20, 25, 30])
def test_the_texts_beside_a_chunk_hold_every_text_of_its_leaf(tmp_path: Path, size: int) -> None:
    """(chunks across two row groups among them; with chunks of 4 the row groups are read
    by polars, a chunk at a time, and no texts are known)"""
    path = tmp_path / "in.parquet"
    pq.write_table(_stored(pl.DataFrame(_texts(60), schema=TEXT)), path, row_group_size=25)
    seen = 0
    for frame, texts in io_module._parquet_texts(path, [25, 25, 10], size):
        assert (("items", "kind") in texts) == (size > 4)
        assert (("s", "code") in texts) == (size > 4)
        assert ("s", "name") not in texts  # (read as text: any)
        for leaf, values in texts.items():
            assert _leaf(frame, leaf) <= set(values.to_list())
        seen += frame.height
    assert seen == 60


def test_a_text_leaf_left_out_as_null_holds_no_text(tmp_path: Path) -> None:
    """A text leaf a row group holds no value of (left out, made null) can hold no text
    there: its texts are known and empty, so its checks are not run; in a row group that
    holds a value of it, its texts are those of its dictionary, or unknown if read as text."""
    schema = pl.Schema(
        {
            "items": pl.List(
                pl.Struct({"kind": pl.String(), "more": pl.Struct({"tag": pl.String()})})
            ),
            "s": pl.Struct({"code": pl.String(), "name": pl.String()}),
        }
    )
    rows: list[dict[str, Any]] = []
    for i in range(20):
        late = i >= 10  # the second row group holds values of the leaves the first lacks
        rows.append(
            {
                "items": [{"kind": "k" if late else None, "more": {"tag": "t" if late else None}}],
                "s": {"code": "c", "name": f"name number {i:08d}" if late else None},
            }
        )
    path = tmp_path / "in.parquet"
    pq.write_table(_stored(pl.DataFrame(rows, schema=schema)), path, row_group_size=10)
    reader = open_file(path)
    first: dict[tuple[str, ...], pl.Series] = {}
    read_group(reader, 0, ["items", "s"], first)
    second: dict[tuple[str, ...], pl.Series] = {}
    read_group(reader, 1, ["items", "s"], second)
    reader.close()
    for leaf in [("items", "kind"), ("items", "more", "tag"), ("s", "name")]:
        assert first[leaf].len() == 0
    assert first[("s", "code")].to_list() == ["c"]
    assert second[("items", "kind")].to_list() == ["k"]
    assert second[("items", "more", "tag")].to_list() == ["t"]
    assert ("s", "name") not in second  # (distinct texts, read as text: any)
    # a chunk across both holds what each part can: unknown where one part read text
    texts = [t for _, t in io_module._parquet_texts(path, [10, 10], 20)]
    assert len(texts) == 1
    assert texts[0][("items", "kind")].to_list() == ["k"]
    assert ("s", "name") not in texts[0]


def test_a_text_check_runs_unless_every_text_the_field_holds_passes(engine: Engine) -> None:
    facts, keys = engine.registry.facts, engine.input_keys
    schema = profile_schema(facts)
    good = {"key": "fooland.team.agreement", "value": True, "by": "x", "on": dt.date(2026, 1, 1)}
    frame = pl.DataFrame(
        {"attestations": [[good], [dict(good, key="no.such.key")], None]},
        schema={"attestations": schema["attestations"]},
    )
    checks = suspect_by_column(schema, facts, keys)["attestations"]
    assert isinstance(checks, ItemChecks)
    key = ("attestations", "key")
    assert checks.flagged(frame) == {1}
    assert checks.flagged(frame, {key: pl.Series(["fooland.team.agreement", "no.such.key"])}) == {1}
    # texts said to be all the field holds, all passing: the check is not run
    assert checks.flagged(frame, {key: pl.Series(["fooland.team.agreement"])}) == set()
    assert checks.flagged(frame, {("attestations", "by"): pl.Series(["x"])}) == {1}


def test_a_records_text_check_runs_unless_every_text_the_field_holds_passes(
    engine: Engine,
) -> None:
    facts, keys = engine.registry.facts, engine.input_keys
    schema = profile_schema(facts)
    person = schema["person"]
    assert isinstance(person, pl.Struct)
    frame = pl.DataFrame(
        {"person": [{"id": "a", "gender": "female"}, {"id": "b", "gender": "robot"}, None]},
        schema={"person": person},
    )
    record = suspect_by_column(schema, facts, keys)["person"]
    assert isinstance(record, RecordChecks)
    checks = {"person": record}
    gender = ("person", "gender")
    assert io_module._suspects(frame, checks) == [1]
    assert io_module._suspects(frame, checks, {gender: pl.Series(["female", "robot"])}) == [1]
    # texts said to be all the field holds, all passing: the check is not run
    assert io_module._suspects(frame, checks, {gender: pl.Series(["female"])}) == []
    assert io_module._suspects(frame, checks, {("person", "degree"): pl.Series(["x"])}) == [1]
    # the same rows as the record's check where every check runs
    whole = bad_value(pl.col("person"), Person, person, facts, keys)
    assert whole is not None
    assert frame.select(whole).to_series().arg_true().to_list() == [1]


def _bad_texts(engine: Engine, path: Path) -> None:
    """40 cases in row groups of 10, their hosts' fraction and choice facts given (their
    texts read as codes); row 4's fraction, row 8's gender, row 15's attestation key and rows
    26's and 37's choices are bad, each the only bad text of its row group."""
    rows = profiles_frame(
        [engine.load(p) for p in population(engine, 40)], engine.registry.facts
    ).to_dicts()
    for i, row in enumerate(rows):
        row["organisations"][0]["facts"]["shaanxi.own_funds_share"] = f"{i % 3}/3"
        row["organisations"][0]["facts"]["shaanxi.fin_size"] = "small"
    rows[3]["organisations"][0]["facts"]["shaanxi.own_funds_share"] = "one third"
    rows[14]["attestations"][0]["key"] = "no.such.key"
    rows[25]["organisations"][0]["facts"]["shaanxi.affiliation"] = "nowhere"
    rows[36]["organisations"][0]["facts"]["shaanxi.fin_size"] = "huge"
    # a record's field, not a list's
    rows[7]["person"] = {"id": "p7", "gender": "robot"}
    rows[27]["person"] = {"id": "p27", "gender": "female"}
    frame = pl.from_dicts(rows, schema=profile_schema(engine.registry.facts))
    pq.write_table(_stored(frame), path, row_group_size=10)


@pytest.mark.parametrize("chunk_size", [4, 10, 40])
def test_bad_texts_read_as_codes_give_the_error_rows_of_polars_decoding(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk_size: int
) -> None:
    _bad_texts(engine, tmp_path / "in.parquet")
    coded = _coded_text(pq.ParquetFile(tmp_path / "in.parquet").metadata)
    assert "attestations.list.element.key" in coded
    assert "organisations.list.element.facts.shaanxi.own_funds_share" in coded
    assert "person.gender" in coded
    errors = _same_read_by_polars(engine, tmp_path, monkeypatch, 5, chunk_size)
    for row, field in [
        (4, "own_funds_share"),
        (8, "gender"),
        (15, "no.such.key"),
        (26, "affiliation"),
        (37, "fin_size"),
    ]:
        line = next(x for x in errors.splitlines() if f'"row":{row},' in x)
        assert field in line


def _coded(texts: list[str], codes: list[int], valid: list[bool]) -> Any:
    """A dictionary array of ``texts`` whose code in each slot is ``codes``' (under a null
    too: a reader may leave any value there)."""
    import pyarrow as pa

    bits = sum(1 << i for i, v in enumerate(valid) if v).to_bytes((len(valid) + 7) // 8, "little")
    indices = pa.Array.from_buffers(
        pa.int32(),
        len(codes),
        [pa.py_buffer(bits), pa.py_buffer(pa.array(codes, pa.int32()).buffers()[1])],
        valid.count(False),
    )
    return pa.DictionaryArray.from_arrays(indices, pa.array(texts, pa.string()))


@pytest.mark.parametrize("under_null", [0, 2, 3, -1, 1 << 30])
def test_text_views_of_codes_are_the_dictionarys_texts_whatever_lies_under_a_null(
    under_null: int,
) -> None:
    """The codes are gathered as they lie when every one, a null's included, is a text's
    (0 and 2, the last, here); one that is not (3 is one past the last; -1; 2**30) makes
    the nulls' codes the first text's and the gather check each code: each view, a null's
    too, is then one of the dictionary's views, never read from outside it."""
    import pyarrow as pa

    from talentkit.batch.leaves import _views

    texts = ["a", "a text longer than twelve bytes", "类别很长很长很长的文字"]
    codes = [2, under_null, 0, 1, under_null, 2]
    valid = [True, False, True, True, False, True]
    array = _coded(texts, codes, valid)
    got = _views(array)
    got.validate(full=True)
    assert got.type == pa.string_view()
    assert got.cast(pa.string()).to_pylist() == array.cast(pa.string()).to_pylist()
    assert got.null_count == 2
    # every 16-byte view, nulls' included, is one of the dictionary's texts'
    dictionary = array.dictionary.cast(pa.string_view())
    known = {dictionary.buffers()[1].to_pybytes()[16 * i : 16 * (i + 1)] for i in range(3)}
    views = got.buffers()[1].to_pybytes()
    assert {views[16 * i : 16 * (i + 1)] for i in range(len(codes))} <= known
    column = pl.from_arrow(got)
    assert isinstance(column, pl.Series)
    assert column.to_list() == [texts[2], None, texts[0], texts[1], None, texts[2]]


def test_a_bad_code_of_a_value_is_refused_as_before() -> None:
    from talentkit.batch.leaves import _views

    with pytest.raises(IndexError):
        _views(_coded(["a", "b"], [0, 5, 1], [True, True, True]))
