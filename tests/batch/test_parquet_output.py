"""Results written to Parquet from their codes read back exactly as the text results
written by polars' default conversion: the same values, the same Arrow schema."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from talentkit import Engine
from talentkit.batch import screen
from talentkit.batch.evaluate import OUTPUT_COLUMNS, chunk_names, coded_schema, result_schema
from talentkit.batch.io import WRITE_BATCH, AtomicWriter, _arrow, stored_schema
from talentkit.batch.io import _encodings as _options
from tests.batch.test_screen import AS_OF, population

SCHEMA = result_schema(OUTPUT_COLUMNS)


def _result(row: int, programme: str, **values: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "row": row,
        "subject_id": f"subject-{row}-with-a-long-id",
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


FIRST = [
    _result(1, "p.b", missing=["z", "a", "z.long.fact.path.beyond.twelve"], failed=None),
    _result(1, "p.a", verdict=None, missing=None, review=["审查"], failed=[]),
    _result(2, "p.b", missing=[], funding_missing=None, failed=["r2", "r1"]),
    _result(2, "p.a", verdict="error", funding_total_fen=0, funding_complete=False),
]
SECOND = [  # other names, in another categorical: another dictionary
    _result(3, "p.c", verdict="not_eligible", failed=["r9"], funding_total_fen=12_345_67),
    _result(4, "p.c", subject_id=None, verdict="needs_review", review=["x", "x"]),
    _result(5, "p.c", missing=[None, "m"], funding_complete=True),
]


def _coded(rows: list[dict[str, Any]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=SCHEMA).cast(coded_schema(OUTPUT_COLUMNS, chunk_names()))


def _old(path: Path, frames: list[pl.DataFrame]) -> None:
    """The writing before results were written from codes: text, polars' default Arrow."""
    writer = None
    for frame in frames:
        table = frame.to_arrow()
        writer = writer or pq.ParquetWriter(path, table.schema)
        writer.write_table(table)
    assert writer is not None
    writer.close()


def _same_file(new: Path, old: Path) -> None:
    assert pl.read_parquet(new).equals(pl.read_parquet(old))
    got, want = pq.read_table(new), pq.read_table(old)
    assert got.schema.equals(want.schema, check_metadata=True)
    assert got.equals(want)
    assert pq.ParquetFile(new).metadata.metadata == pq.ParquetFile(old).metadata.metadata
    assert pq.ParquetFile(new).schema.equals(pq.ParquetFile(old).schema)


def test_codes_are_written_as_their_texts(tmp_path: Path) -> None:
    coded = [_coded(FIRST), _coded(SECOND).slice(1, 2), _coded(SECOND).clear()]
    assert isinstance(coded[0].schema["verdict"], pl.Categorical)
    writer = AtomicWriter(tmp_path / "new.parquet")
    for frame in coded:
        writer.write(frame)
    writer.commit(pl.DataFrame(schema=SCHEMA))
    text = [pl.DataFrame(FIRST, schema=SCHEMA), pl.DataFrame(SECOND[1:], schema=SCHEMA)]
    _old(tmp_path / "old.parquet", [*text, text[0].clear()])
    _same_file(tmp_path / "new.parquet", tmp_path / "old.parquet")
    back = pl.read_parquet(tmp_path / "new.parquet")
    assert back.equals(pl.DataFrame(FIRST + SECOND[1:], schema=SCHEMA))


def test_text_after_codes_and_codes_after_text(tmp_path: Path) -> None:
    """A writer takes whichever it is given next, converted to the file's first types."""
    text = [pl.DataFrame(FIRST, schema=SCHEMA), pl.DataFrame(SECOND, schema=SCHEMA)]
    for name, frames in (("a", [_coded(FIRST), text[1]]), ("b", [text[0], _coded(SECOND)])):
        writer = AtomicWriter(tmp_path / f"{name}.parquet")
        for frame in frames:
            writer.write(frame)
        writer.commit(pl.DataFrame(schema=SCHEMA))
        _old(tmp_path / f"old-{name}.parquet", text)
        _same_file(tmp_path / f"{name}.parquet", tmp_path / f"old-{name}.parquet")


def test_each_chunks_own_categorical_is_written_uncast(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chunks whose names are codes of categoricals of their own are written as they are,
    byte for byte as when cast to the first chunk's categorical first."""
    frames = [_coded(FIRST), _coded(SECOND), _coded(list(reversed(FIRST)))]
    cast = [frames[0], *(f.cast(frames[0].schema) for f in frames[1:])]
    assert frames[1].schema != frames[0].schema
    assert cast[1].schema == frames[0].schema
    for name, given in (("cast", cast), ("own", frames)):
        writer = AtomicWriter(tmp_path / f"{name}.parquet")
        for frame in given:
            writer.write(frame)
        writer.commit(pl.DataFrame(schema=SCHEMA))
        monkeypatch.setattr(pl.DataFrame, "cast", _no_cast)
    assert (tmp_path / "own.parquet").read_bytes() == (tmp_path / "cast.parquet").read_bytes()
    back = pl.read_parquet(tmp_path / "own.parquet")
    assert back.equals(pl.DataFrame(FIRST + SECOND + list(reversed(FIRST)), schema=SCHEMA))


def _no_cast(*_: Any, **__: Any) -> pl.DataFrame:
    raise AssertionError("cast")


def test_an_empty_output_and_the_verdicts_alone(tmp_path: Path) -> None:
    columns = result_schema(("verdict",))
    writer = AtomicWriter(tmp_path / "empty.parquet")
    writer.commit(pl.DataFrame(schema=columns))
    _old(tmp_path / "old.parquet", [pl.DataFrame(schema=columns)])
    _same_file(tmp_path / "empty.parquet", tmp_path / "old.parquet")
    only = [{k: r[k] for k in columns} for r in FIRST]
    writer = AtomicWriter(tmp_path / "v.parquet")
    writer.write(_coded(FIRST).select(list(columns)))
    writer.commit(pl.DataFrame(schema=columns))
    _old(tmp_path / "old-v.parquet", [pl.DataFrame(only, schema=columns)])
    _same_file(tmp_path / "v.parquet", tmp_path / "old-v.parquet")


def test_the_stored_schema_is_the_default_conversion() -> None:
    text = pl.DataFrame(FIRST, schema=SCHEMA).to_arrow().schema
    coded = _coded(FIRST).to_arrow().schema
    views = pl.DataFrame(FIRST, schema=SCHEMA).to_arrow(compat_level=pl.CompatLevel.newest())
    want = base64.b64encode(text.serialize().to_pybytes()).decode("ascii")
    assert stored_schema(coded) == stored_schema(views.schema) == stored_schema(text) == want
    nested = pa.schema([pa.field("s", pa.struct([pa.field("v", pa.string_view())]))])
    assert pa.ipc.read_schema(pa.py_buffer(base64.b64decode(stored_schema(nested)))) == (
        pa.schema([pa.field("s", pa.struct([pa.field("v", pa.large_string())]))])
    )


def test_a_run_to_parquet_and_to_json_lines_agree(engine: Engine, tmp_path: Path) -> None:
    """The Parquet output (from codes) and the JSON Lines output (text) of one run."""
    src = tmp_path / "in.jsonl"
    profiles = population(engine, 40)
    profiles[5]["team"]["leader"]["birth_date"] = "1980-02-30"  # an error row
    src.write_text("".join(json.dumps(p) + "\n" for p in profiles), encoding="utf-8")
    runs = {}
    for fmt in ("parquet", "jsonl"):
        runs[fmt] = screen(
            engine, src, tmp_path / f"out.{fmt}", as_of=AS_OF, chunk_size=7, workers=1
        )
    assert runs["parquet"].results_written == runs["jsonl"].results_written > 0
    got = pl.read_parquet(tmp_path / "out.parquet")
    want = pl.read_ndjson(tmp_path / "out.jsonl", schema=got.schema)
    assert got.equals(want)


def _encodings(path: Path) -> dict[str, tuple[bool, bool]]:
    """Per leaf of every row group: whether it is dictionary-encoded and has statistics."""
    meta = pq.ParquetFile(path).metadata
    out: dict[str, tuple[bool, bool]] = {}
    for g in range(meta.num_row_groups):
        for i in range(meta.num_columns):
            leaf = meta.row_group(g).column(i)
            got = ("RLE_DICTIONARY" in leaf.encodings, leaf.statistics is not None)
            assert out.setdefault(leaf.path_in_schema, got) == got
    return out


def test_dictionaries_for_repeated_values_not_for_ids(tmp_path: Path) -> None:
    """Row numbers and subject ids are written plain (a dictionary of values unique to each
    row is built and given up for every page), subject ids and the lists' values without
    statistics; every other column, lists' values too, as a dictionary; and the values
    read back the same."""
    writer = AtomicWriter(tmp_path / "out.parquet")
    for frame in (_coded(FIRST), pl.DataFrame(SECOND, schema=SCHEMA)):
        writer.write(frame)
    writer.commit(pl.DataFrame(schema=SCHEMA))
    plain, repeated = {"row", "subject_id"}, set(SCHEMA) - {"row", "subject_id"}
    lists = {c for c, t in SCHEMA.items() if isinstance(t, pl.List)}
    assert _encodings(tmp_path / "out.parquet") == {
        **{c: (False, c != "subject_id") for c in plain},
        **{
            c + (".list.element" if c in lists else ""): (c != "funding_complete", c not in lists)
            for c in repeated
        },
    }
    got = pl.read_parquet(tmp_path / "out.parquet")
    assert got.equals(pl.DataFrame(FIRST + SECOND, schema=SCHEMA))


def test_larger_write_batches_give_the_same_bytes(tmp_path: Path) -> None:
    """The writer encodes :data:`WRITE_BATCH` values at a time: results of several pages
    per column (ids of varied lengths, lists of varied lengths and nulls, a row group
    not a multiple of the batch) are the bytes pyarrow's default batch writes."""
    n = 3 * WRITE_BATCH + 777
    names = [f"rule.{i % 301}" + "x" * (i % 7) for i in range(n)]
    frame = pl.DataFrame(
        [
            _result(
                i,
                f"p.{i % 5}",
                subject_id=f"subject-{i}" + "-" * (i % 37),
                verdict=None if i % 11 == 0 else ("eligible", "not_eligible")[i % 2],
                failed=None if i % 13 == 0 else names[i : i + i % 4],
                funding_total_fen=i * 7 if i % 3 else None,
            )
            for i in range(n)
        ],
        schema=SCHEMA,
    ).cast(coded_schema(OUTPUT_COLUMNS, chunk_names()))
    writer = AtomicWriter(tmp_path / "new.parquet")
    writer.write(frame)
    writer.commit(pl.DataFrame(schema=SCHEMA))
    table = _arrow(frame)
    default = pq.ParquetWriter(
        tmp_path / "default.parquet", table.schema, store_schema=False, **_options(table.schema)
    )
    default.add_key_value_metadata({"ARROW:schema": stored_schema(table.schema)})
    default.write_table(table)
    default.close()
    meta = pq.ParquetFile(tmp_path / "new.parquet").metadata
    assert meta.num_rows == n
    assert max(meta.row_group(0).column(i).total_uncompressed_size for i in range(10)) > 2**20
    assert (tmp_path / "new.parquet").read_bytes() == (tmp_path / "default.parquet").read_bytes()
    assert pl.read_parquet(tmp_path / "new.parquet").equals(frame.cast(SCHEMA))
