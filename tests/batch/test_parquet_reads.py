"""Parquet input read a row group at a time and cut into chunks: the same chunks, results
and error rows as reading each chunk by itself, and every field the run or the input
checks need is read."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest

from talentkit import Engine
from talentkit.batch import io as io_module
from talentkit.batch import profile_schema, profiles_frame, screen
from tests.batch.test_screen import AS_OF, PROGS, population, screened_files


@pytest.mark.parametrize(
    ("groups", "size"),
    [([10, 10, 5], 7), ([40], 7), ([3, 40, 1], 10), ([14, 15, 0, 2], 7), ([], 5), ([5], 100)],
)
def test_reads_cover_the_file_and_large_groups_end_at_chunk_ends(
    groups: list[int], size: int
) -> None:
    reads = list(io_module._reads(groups, size))
    assert all(n > 0 for _, n in reads)
    at = 0
    for start, n in reads:  # one after the other, from the first row to the last
        assert start == at
        at += n
    assert at == sum(groups)
    start = 0
    for rows in groups:  # a small group read whole; a large one in parts ending at chunk ends
        mine = [(s, n) for s, n in reads if start <= s < start + rows]
        if rows and rows <= io_module.WHOLE_GROUP * size:
            assert mine == [(start, rows)]
        for s, n in mine[:-1] if rows > io_module.WHOLE_GROUP * size else []:
            assert (s + n) % size == 0
            assert n <= size
        start += rows


def _file(path: Path, rows: int, group: int) -> pl.DataFrame:
    frame = pl.DataFrame(
        {
            "id": [f"c{i}" for i in range(rows)],
            "n": list(range(rows)),
            "s": [{"a": i, "b": [i, i + 1]} for i in range(rows)],
        }
    )
    frame.write_parquet(path, row_group_size=group)
    return frame


@pytest.mark.parametrize("size", [1, 4, 7, 10, 16, 25, 100])
@pytest.mark.parametrize("group", [5, 10, 30])
def test_chunks_are_those_of_reading_each_chunk_alone(
    tmp_path: Path, size: int, group: int
) -> None:
    path = tmp_path / "in.parquet"
    _file(path, 47, group)
    import pyarrow.parquet as pq

    md = pq.ParquetFile(path).metadata
    groups = [md.row_group(g).num_rows for g in range(md.num_row_groups)]
    scan = pl.scan_parquet(path)
    alone = [scan.slice(o, size).collect() for o in range(0, 47, size)]
    got = list(io_module._parquet_slices(path, groups, size))
    assert [f.height for f in got] == [f.height for f in alone]
    for a, b in zip(got, alone, strict=True):
        assert a.equals(b)
        # (the parts a chunk holds reach the results and so the output file)
        assert a.n_chunks("all") == b.n_chunks("all")


def _rows(engine: Engine, n: int) -> list[dict[str, object]]:
    """``n`` cases as Parquet rows; row 3's award has a date the parser refuses (a field
    no programme of the run reads, only the input checks)."""
    rows = profiles_frame(
        [engine.load(p) for p in population(engine, n)], engine.registry.facts
    ).to_dicts()
    rows[2]["awards"] = [{"programme": "fooland.team", "awarded_on": dt.date(1800, 1, 1)}]
    return rows


@pytest.mark.parametrize("chunk_size", [4, 9, 40])
def test_same_output_as_reading_each_chunk_alone(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk_size: int
) -> None:
    schema = profile_schema(engine.registry.facts)
    frame = pl.from_dicts(_rows(engine, 40), schema=schema)
    frame.write_parquet(tmp_path / "in.parquet", row_group_size=15)
    runs = {}
    for name in ("groups", "alone"):
        if name == "alone":  # each chunk read by itself
            monkeypatch.setattr(
                io_module,
                "_reads",
                lambda groups, size: ((o, min(size, 40 - o)) for o in range(0, 40, size)),
            )
        runs[name] = screened_files(
            engine, tmp_path / "in.parquet", name, rows=40, errors=1, chunk_size=chunk_size
        )
    assert runs["groups"] == runs["alone"]
    (error,) = [json.loads(line) for line in runs["groups"][1].splitlines()]
    assert error["row"] == 3
    assert error["path"].startswith("$.awards[0]")


def test_parquet_results_are_those_of_the_same_cases_as_json_lines(
    engine: Engine, tmp_path: Path
) -> None:
    """A field only some cases state, and one only the input checks read, are read from
    Parquet as from JSON Lines (where every record is parsed whole)."""
    cases = population(engine, 30)
    for i, case in enumerate(cases):
        if i % 7:
            case["facts"].pop("fooland.matching_per_year")
    frame = profiles_frame([engine.load(c) for c in cases], engine.registry.facts)
    frame.write_parquet(tmp_path / "in.parquet", row_group_size=8)
    (tmp_path / "in.jsonl").write_text(
        "".join(json.dumps(c, default=str) + "\n" for c in cases), encoding="utf-8"
    )
    outs = []
    for src in ("in.parquet", "in.jsonl"):
        out = tmp_path / f"{src}.out.jsonl"
        s = screen(engine, tmp_path / src, out, programmes=PROGS, as_of=AS_OF, chunk_size=7)
        assert s.balanced
        assert s.error_rows == 0
        outs.append(pl.read_ndjson(out))
    assert outs[0].equals(outs[1])
