"""Screening a frame held in memory: what screening the same rows from a file gives."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import attrs
import polars as pl
import pytest

from talentkit import Engine
from talentkit.batch import (
    ERROR_SCHEMA,
    RESULT_SCHEMA,
    BatchError,
    profiles_frame,
    screen,
    screen_frame,
)
from talentkit.batch import run as run_module
from talentkit.cores import usable_cores
from tests.batch.test_flat import flatten
from tests.batch.test_screen import AS_OF, PROGS, population

#: rows 2 and 6 (1-based) are not of the profile's domain: error rows, not results
ROBOTS = (1, 5)


def people(engine: Engine, n: int = 23) -> pl.DataFrame:
    frame = profiles_frame([engine.load(p) for p in population(engine, n)], engine.registry.facts)
    genders = ["robot" if i in ROBOTS else "female" if i % 2 else "male" for i in range(n)]
    return frame.with_columns(person=pl.struct(gender=pl.Series(genders)))


def from_file(
    engine: Engine, frame: pl.DataFrame, tmp_path: Path, **kw: object
) -> tuple[pl.DataFrame, pl.DataFrame]:
    frame.write_parquet(tmp_path / "in.parquet")
    screen(
        engine,
        tmp_path / "in.parquet",
        tmp_path / "out.parquet",
        errors_path=tmp_path / "errors.jsonl",
        as_of=AS_OF,
        **kw,  # type: ignore[arg-type]
    )
    errors = pl.read_ndjson(tmp_path / "errors.jsonl", schema=ERROR_SCHEMA)
    return pl.read_parquet(tmp_path / "out.parquet"), errors


@pytest.mark.parametrize("chunk_size", [None, 1, 5, 22, 23, 24])
@pytest.mark.parametrize("columns", [None, ["verdict"], ["missing", "funding_total_fen"]])
def test_a_nested_frame_gives_what_its_file_gives(
    engine: Engine, tmp_path: Path, chunk_size: int | None, columns: list[str] | None
) -> None:
    frame = people(engine)
    kw = {"programmes": PROGS, "chunk_size": chunk_size, "columns": columns}
    got = screen_frame(engine, frame, as_of=AS_OF, **kw)  # type: ignore[arg-type]
    results, errors = from_file(engine, frame, tmp_path, **kw)
    assert got.results.equals(results)
    assert got.results.schema == results.schema
    assert got.errors.equals(errors)
    s = got.summary
    assert (s.rows_read, s.rows_assessed, s.error_rows) == (23, 21, 2)
    assert s.balanced
    assert s.results_written == 21 * len(PROGS) == got.results.height
    assert sorted(set(got.errors["row"])) == [i + 1 for i in ROBOTS]
    assert set(got.errors["path"]) == {"$.person.gender"}
    assert s.output == ""
    assert s.errors is None


@pytest.mark.parametrize("chunk_size", [None, 4])
def test_a_flat_frame_gives_what_its_file_gives(
    engine: Engine, tmp_path: Path, chunk_size: int | None
) -> None:
    frame = flatten(people(engine), engine)
    assert "person.gender" in frame.columns  # the flat layout
    kw = {"programmes": PROGS, "chunk_size": chunk_size}
    got = screen_frame(engine, frame, as_of=AS_OF, **kw)  # type: ignore[arg-type]
    results, errors = from_file(engine, frame, tmp_path, **kw)
    assert got.results.equals(results)
    assert got.errors.equals(errors)
    assert sorted(set(got.errors["row"])) == [i + 1 for i in ROBOTS]
    assert set(got.errors["path"]) == {"person.gender"}  # named by its column
    # and what the nested layout of the same rows gives
    nested = screen_frame(engine, people(engine), as_of=AS_OF, **kw)  # type: ignore[arg-type]
    assert got.results.equals(nested.results)


def test_frames_are_screened_chunk_by_chunk(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int] = []
    assess = run_module.assess_chunk

    def counted(*args: object, **kw: object) -> object:
        seen.append(args[2].frame.height)  # type: ignore[attr-defined]
        return assess(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(run_module, "assess_chunk", counted)
    screen_frame(engine, people(engine), programmes=PROGS, as_of=AS_OF, chunk_size=10, threads=1)
    # rows 1-10 hold both error rows; 11-20; 21-23
    assert seen == [8, 10, 3]


def test_an_empty_frame_gives_no_result(engine: Engine) -> None:
    got = screen_frame(engine, people(engine).head(0), programmes=PROGS, as_of=AS_OF)
    assert got.results.height == 0
    assert got.results.schema == RESULT_SCHEMA
    assert got.errors.height == 0
    assert got.errors.schema == ERROR_SCHEMA
    assert got.summary.balanced
    assert got.summary.rows_read == 0


def test_error_messages_in_chinese(engine: Engine) -> None:
    got = screen_frame(engine, people(engine), programmes=PROGS, as_of=AS_OF, lang="zh")
    english = screen_frame(engine, people(engine), programmes=PROGS, as_of=AS_OF)
    assert got.errors["row"].to_list() == english.errors["row"].to_list()
    assert got.errors["message"].to_list() != english.errors["message"].to_list()


def test_a_column_matching_no_field_is_named_with_the_closest(engine: Engine) -> None:
    frame = people(engine).rename({"person": "persn"})
    with pytest.raises(BatchError, match=r"'persn' \(did you mean person\?\)"):
        screen_frame(engine, frame, programmes=PROGS, as_of=AS_OF)


def test_a_flat_column_matching_no_path_is_refused(engine: Engine) -> None:
    frame = flatten(people(engine), engine).rename({"person.gender": "person.gendr"})
    with pytest.raises(BatchError, match=r"person\.gendr.*did you mean person\.gender\?"):
        screen_frame(engine, frame, programmes=PROGS, as_of=AS_OF)


def test_a_column_of_the_wrong_type_is_refused(engine: Engine) -> None:
    frame = people(engine).with_columns(person=pl.lit(3))
    with pytest.raises(BatchError, match="person"):
        screen_frame(engine, frame, programmes=PROGS, as_of=AS_OF)


def test_only_a_polars_frame_is_taken(engine: Engine) -> None:
    rows = people(engine).to_dicts()
    with pytest.raises(BatchError, match="expected a polars DataFrame, got list"):
        screen_frame(engine, rows, programmes=PROGS, as_of=AS_OF)  # type: ignore[arg-type]


def test_an_unknown_result_column_is_refused(engine: Engine) -> None:
    with pytest.raises(BatchError, match="faild"):
        screen_frame(engine, people(engine), programmes=PROGS, as_of=AS_OF, columns=["faild"])


@pytest.mark.parametrize("chunk_size", [None, 1, 4])
@pytest.mark.parametrize("threads", [2, 3])
def test_chunks_assessed_at_once_give_what_one_at_a_time_gives(
    engine: Engine, chunk_size: int | None, threads: int
) -> None:
    frame = people(engine)
    kw = {"programmes": PROGS, "as_of": AS_OF, "chunk_size": chunk_size}
    one = screen_frame(engine, frame, threads=1, **kw)  # type: ignore[arg-type]
    many = screen_frame(engine, frame, threads=threads, **kw)  # type: ignore[arg-type]
    assert many.results.equals(one.results)
    assert many.errors.equals(one.errors)
    assert attrs.evolve(many.summary, seconds=0) == attrs.evolve(one.summary, seconds=0)


def _slowed(monkeypatch: pytest.MonkeyPatch, fail_on: int | None = None) -> list[str]:
    """``assess_chunk`` slowed down (so that chunks overlap), noting each call's thread;
    raising on call ``fail_on``."""
    threads: list[str] = []
    assess = run_module.assess_chunk

    def slowed(*args: object, **kw: object) -> object:
        threads.append(threading.current_thread().name)
        if len(threads) == fail_on:
            raise RuntimeError("chunk failed")
        time.sleep(0.05)
        return assess(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(run_module, "assess_chunk", slowed)
    return threads


def test_chunks_are_assessed_on_threads_of_their_own(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads = _slowed(monkeypatch)
    got = screen_frame(engine, people(engine), programmes=PROGS, as_of=AS_OF, chunk_size=4)
    assert got.summary.balanced
    assert len(threads) == 6
    at_once = min(run_module.FRAME_THREADS, usable_cores())
    if at_once > 1:
        assert len(set(threads)) == at_once
        assert all(t.startswith("talentkit-batch-assess") for t in threads)
    else:  # one core: one chunk at a time, on the caller's thread
        assert set(threads) == {threading.current_thread().name}


def test_chunks_at_once_are_at_most_the_cores_the_process_may_run_on(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a machine of many cores, the process allowed one of them (a container, taskset)
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {5}, raising=False)
    threads = _slowed(monkeypatch)
    got = screen_frame(engine, people(engine), programmes=PROGS, as_of=AS_OF, chunk_size=4)
    assert got.summary.balanced
    assert len(threads) == 6
    assert set(threads) == {threading.current_thread().name}
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {2, 7, 9}, raising=False)
    assert run_module._threads(None) == min(run_module.FRAME_THREADS, 3)


def test_a_chunk_s_error_stops_the_run_and_its_threads(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads = _slowed(monkeypatch, fail_on=2)
    with pytest.raises(RuntimeError, match="chunk failed"):
        screen_frame(engine, people(engine), programmes=PROGS, as_of=AS_OF, chunk_size=4, threads=2)
    assert len(threads) < 6  # the chunks not started are not assessed
    assert not [t for t in threading.enumerate() if t.name.startswith("talentkit-batch-assess")]


@pytest.mark.parametrize("threads", [0, -1, 1.5, True, "2"])
def test_threads_must_be_a_whole_number_of_at_least_one(engine: Engine, threads: object) -> None:
    with pytest.raises(BatchError, match="threads: expected a whole number of at least 1"):
        screen_frame(
            engine,
            people(engine),
            programmes=PROGS,
            as_of=AS_OF,
            threads=threads,  # type: ignore[arg-type]
        )
