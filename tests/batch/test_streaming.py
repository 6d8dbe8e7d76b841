"""Streaming holds a bounded number of chunks: memory follows the chunk size, not the
number of rows (no timing is asserted)."""

from __future__ import annotations

import datetime as dt
import json
import threading
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from talentkit import Engine
from talentkit.batch import profiles_frame, screen
from talentkit.batch import run as run_module
from talentkit.batch.io import AtomicWriter, Chunk
from talentkit.convert import unstructure

AS_OF = dt.date(2025, 6, 1)
PROGS = ["fooland.team", "fooland.transfer"]


def test_prefetch_reads_at_most_depth_items_ahead() -> None:
    started = 0
    done = 0  # items the consumer has finished with
    ahead: list[int] = []
    lock = threading.Lock()

    def items() -> Iterator[int]:
        nonlocal started
        for i in range(12):
            with lock:
                started += 1  # the reader starts on item i
                ahead.append(started - done)
            yield i

    got = []
    for item in run_module.prefetch(items(), depth=1):
        got.append(item)
        threading.Event().wait(0.01)  # give the reader every chance to run ahead
        with lock:
            done += 1
    assert got == list(range(12))
    # when the reader starts an item, the consumer is busy with at most the one before it
    assert max(ahead) <= 2


def test_prefetch_hands_on_the_readers_error() -> None:
    def items() -> Iterator[int]:
        yield 1
        raise ValueError("unreadable")

    it = run_module.prefetch(items())
    assert next(it) == 1
    with pytest.raises(ValueError, match="unreadable"):
        next(it)


def test_a_parquet_run_holds_at_most_two_chunks(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every chunk read is released before the one after the next is read, and the results
    go to the output chunk by chunk (nothing accumulates over the run)."""
    base = unstructure(engine.load("tests/fooland/example.toml"))
    profiles = []
    for i in range(30):
        p = json.loads(json.dumps(base))
        p["id"] = f"case-{i}"
        profiles.append(p)
    frame = profiles_frame([engine.load(p) for p in profiles], engine.registry.facts)
    frame.write_parquet(tmp_path / "in.parquet")

    alive: set[int] = set()
    most = 0
    real_chunks = run_module.parquet_chunks

    def tracked(*args: Any, **kwargs: Any) -> Iterator[Chunk]:
        nonlocal most
        for chunk in real_chunks(*args, **kwargs):
            alive.add(chunk.start)
            weakref.finalize(chunk, alive.discard, chunk.start)
            most = max(most, len(alive))
            yield chunk
            del chunk

    written: list[int] = []
    real_write = AtomicWriter.write

    def write(self: AtomicWriter, out: pl.DataFrame) -> None:
        written.append(out.height)
        real_write(self, out)

    real_assess = run_module.assess_or_set_aside

    def slow_assess(*args: Any, **kwargs: Any) -> Any:
        threading.Event().wait(0.05)  # give the reader every chance to run ahead
        return real_assess(*args, **kwargs)

    monkeypatch.setattr(run_module, "parquet_chunks", tracked)
    monkeypatch.setattr(run_module, "assess_or_set_aside", slow_assess)
    monkeypatch.setattr(AtomicWriter, "write", write)
    s = screen(
        engine,
        tmp_path / "in.parquet",
        tmp_path / "out.parquet",
        programmes=PROGS,
        as_of=AS_OF,
        chunk_size=4,
    )
    assert s.balanced
    assert s.rows_read == 30
    assert most <= 2
    assert written == [8] * 7 + [4]  # one write per chunk of 4 rows, two programmes each
    assert pl.read_parquet(tmp_path / "out.parquet").height == 60


def test_checks_split_by_column_flag_the_rows_the_whole_check_flags(engine: Engine) -> None:
    """Skipping the checks of a column null in every row of a chunk changes nothing: the
    rows flagged are those the single check over the whole row flags."""
    from talentkit.batch.io import _suspects, conform
    from talentkit.batch.schema import profile_schema, suspect_by_column, suspect_rows

    facts, keys = engine.registry.facts, engine.input_keys
    schema = profile_schema(facts)
    base = unstructure(engine.load("tests/fooland/example.toml"))
    frame = profiles_frame([engine.load(base)] * 6, facts)
    genders = pl.Series(["male", "robot", None, "female", "x", None])
    keys_col = pl.Series(["no.such.key", None, None, None, None, None])
    frame = frame.with_columns(
        person=pl.struct(gender=genders),
        attestations=pl.when(keys_col.is_not_null()).then(
            pl.concat_list(pl.struct(key=keys_col, value=pl.lit(True)))
        ),
        team=pl.lit(None),  # a column null in every row: its checks are skipped
    )
    frame = conform(frame, schema, "frame")
    whole = frame.select(suspect_rows(schema, facts, keys)).to_series().arg_true().to_list()
    assert whole == [0, 1, 4]
    assert _suspects(frame, suspect_by_column(schema, facts, keys)) == whole
    # a required column absent from every row flags every row, null or not
    missing = {"": pl.lit(True)}
    assert _suspects(frame, missing) == list(range(6))


def test_the_command_line_default_chunk_is_the_library_default() -> None:
    import inspect

    from talentkit.batch import io
    from talentkit.batch.distributed import screen_dask
    from talentkit.cli.batch import batch

    # none given: each layout's default (tests/batch/test_chunk_defaults.py), which the
    # help names
    (option,) = (p for p in batch.params if p.name == "chunk_size")
    assert option.default is None
    assert f"[default: {io.CHUNK_ROWS}; a flat Parquet file: {io.FLAT_CHUNK_ROWS}]" in (
        option.help or ""
    )
    assert inspect.signature(screen).parameters["chunk_size"].default is None
    assert inspect.signature(screen_dask).parameters["chunk_size"].default is None


def test_a_parquet_name_with_pattern_characters_is_read_as_named(
    engine: Engine, tmp_path: Path
) -> None:
    base = unstructure(engine.load("tests/fooland/example.toml"))
    frame = profiles_frame([engine.load(base)] * 3, engine.registry.facts)
    src = tmp_path / "cases [2026]*.parquet"
    frame.write_parquet(src)
    s = screen(engine, src, tmp_path / "out.parquet", programmes=PROGS, as_of=AS_OF)
    assert (s.rows_read, s.rows_assessed, s.results_written) == (3, 3, 6)
