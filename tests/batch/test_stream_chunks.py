"""Parquet in chunks: whatever the chunk size against the file's row groups, a run gives the
same results and error rows, reports progress chunk by chunk, and still checks the columns
no plan reads."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from talentkit import Engine
from talentkit.batch import profile_schema, profiles_frame, screen
from talentkit.batch.evaluate import case_columns
from talentkit.batch.run import BatchSummary, plans_for
from tests.batch.test_flat import flatten
from tests.batch.test_screen import AS_OF, PROGS, population

ROWS = 23
#: rows whose person is no person (a gender that is none): a column no plan reads
UNREAD_BAD = 8
#: rows whose team leader's gender is none: a column the plans read
READ_BAD = 17


def _frame(engine: Engine, n: int = ROWS) -> pl.DataFrame:
    schema = profile_schema(engine.registry.facts)
    rows = profiles_frame(
        [engine.load(p) for p in population(engine, n)], engine.registry.facts
    ).to_dicts()
    if n >= UNREAD_BAD:
        rows[UNREAD_BAD - 1]["person"] = {"gender": "robot"}
    if n >= READ_BAD:
        rows[READ_BAD - 1]["team"]["leader"]["gender"] = "robot"
    return pl.from_dicts(rows, schema=schema)


def _write(engine: Engine, frame: pl.DataFrame, path: Path, layout: str) -> None:
    out = frame if layout == "nested" else flatten(frame, engine)
    out.write_parquet(path, row_group_size=5)


def _run(
    engine: Engine, src: Path, name: str, chunk_size: int
) -> tuple[pl.DataFrame, pl.DataFrame, list[int], BatchSummary]:
    out, err = src.with_name(f"{name}.parquet"), src.with_name(f"{name}-errors.parquet")
    seen: list[int] = []
    s = screen(
        engine,
        src,
        out,
        programmes=PROGS,
        as_of=AS_OF,
        errors_path=err,
        chunk_size=chunk_size,
        progress=seen.append,
    )
    return pl.read_parquet(out), pl.read_parquet(err), seen, s


@pytest.mark.parametrize("layout", ["nested", "flat"])
@pytest.mark.parametrize("chunk_size", [1, 4, 5, 6, 22, 23, 1000])
def test_any_chunk_size_gives_the_same_results_and_error_rows(
    engine: Engine, tmp_path: Path, layout: str, chunk_size: int
) -> None:
    frame = _frame(engine)
    # the bad person is in a column the programmes never read: it is still checked
    plans, _ = plans_for(engine, PROGS, as_of=AS_OF, overrides=None)
    assert "person" not in case_columns(plans, frame).columns
    src = tmp_path / "in.parquet"
    _write(engine, frame, src, layout)
    whole, whole_errors, _, _ = _run(engine, src, "whole", ROWS)
    got, errors, seen, s = _run(engine, src, "chunked", chunk_size)
    assert got.equals(whole)
    assert errors.equals(whole_errors)
    # rows in = results + error rows; the bad person is reported though nothing reads it
    assert s.balanced
    assert (s.rows_read, s.error_rows) == (ROWS, 2)
    assert sorted(set(errors["row"].to_list())) == [UNREAD_BAD, READ_BAD]
    assert got.height == (ROWS - 2) * len(PROGS)
    assert not set(got["row"].to_list()) & {UNREAD_BAD, READ_BAD}
    assert got["row"].is_sorted()
    # progress: the rows of each chunk as it is done
    full, rest = divmod(ROWS, chunk_size)
    assert seen == [chunk_size] * full + ([rest] if rest else [])


@pytest.mark.parametrize("layout", ["nested", "flat"])
def test_one_row(engine: Engine, tmp_path: Path, layout: str) -> None:
    src = tmp_path / "in.parquet"
    _write(engine, _frame(engine, 1), src, layout)
    got, errors, seen, s = _run(engine, src, "out", 50_000)
    assert (got.height, errors.height, seen) == (len(PROGS), 0, [1])
    assert got["row"].to_list() == [1] * len(PROGS)
    assert s.balanced


def test_an_empty_file_gives_empty_outputs_with_their_columns(
    engine: Engine, tmp_path: Path
) -> None:
    src = tmp_path / "in.parquet"
    _frame(engine, 0).write_parquet(src)
    got, errors, seen, s = _run(engine, src, "out", 50_000)
    assert (got.height, errors.height, seen) == (0, 0, [])
    assert s.rows_read == 0
    assert s.balanced
    one, _, _, _ = _run(engine, _one(engine, tmp_path), "one", 50_000)
    assert got.schema == one.schema
    assert errors.columns == ["row", "path", "message"]


def _one(engine: Engine, tmp_path: Path) -> Path:
    src = tmp_path / "one-row.parquet"
    _frame(engine, 1).write_parquet(src)
    return src
