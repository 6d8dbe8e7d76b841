"""Results written on a thread of their own while the next chunk is assessed: in order, a
bounded number waiting, and a failed write failing the run with nothing left behind (no
timing is asserted)."""

from __future__ import annotations

import datetime as dt
import json
import threading
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from talentkit import Engine
from talentkit.batch import profiles_frame, screen
from talentkit.batch import run as run_module
from talentkit.batch.io import AtomicWriter
from talentkit.convert import unstructure

AS_OF = dt.date(2025, 6, 1)
PROGS = ["fooland.team", "fooland.transfer"]


def test_writes_keep_their_order_and_wait_when_too_many_are_given() -> None:
    gate = threading.Event()
    done: list[int] = []

    def write(i: int) -> None:
        gate.wait()
        done.append(i)

    behind = run_module.WriteBehind(depth=1)
    behind.put(write, 0)  # taken by the thread, which waits on the gate
    behind.put(write, 1)  # waiting in the queue
    third = threading.Thread(target=behind.put, args=(write, 2))
    third.start()
    third.join(0.2)
    assert third.is_alive()  # the queue is full: the producer waits
    gate.set()
    third.join()
    for i in range(3, 20):
        behind.put(write, i)
    behind.close()
    assert done == list(range(20))


def test_a_failed_write_is_raised_and_the_rest_dropped() -> None:
    done: list[int] = []

    def write(i: int) -> None:
        if i == 2:
            raise OSError("disk full")
        done.append(i)

    def run() -> None:
        for i in range(50):
            behind.put(write, i)
        behind.close()

    behind = run_module.WriteBehind()
    with pytest.raises(OSError, match="disk full"):
        run()
    behind.stop()
    assert done == [0, 1]


def test_close_raises_the_last_writes_error() -> None:
    def write(i: int) -> None:
        raise ValueError(f"bad {i}")

    behind = run_module.WriteBehind()
    behind.put(write, 7)
    with pytest.raises(ValueError, match="bad 7"):
        behind.close()


def _input(engine: Engine, path: Path, n: int) -> None:
    base = unstructure(engine.load("tests/fooland/example.toml"))
    profiles = []
    for i in range(n):
        p = json.loads(json.dumps(base))
        p["id"] = f"case-{i}"
        profiles.append(p)
    frame = profiles_frame([engine.load(p) for p in profiles], engine.registry.facts)
    frame.write_parquet(path)


def test_results_are_written_off_the_loops_thread_in_order(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _input(engine, tmp_path / "in.parquet", 30)
    threads: set[str] = set()
    real_write = AtomicWriter.write

    def write(self: AtomicWriter, out: pl.DataFrame) -> None:
        threads.add(threading.current_thread().name)
        threading.Event().wait(0.02)  # a slow disk: the loop runs ahead of the writes
        real_write(self, out)

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
    assert s.results_written == 60
    assert threads == {"talentkit-batch-writer"}
    out = pl.read_parquet(tmp_path / "out.parquet")
    assert out.get_column("row").to_list() == [r for r in range(1, 31) for _ in PROGS]


def test_a_failed_write_fails_the_run_and_leaves_no_file(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _input(engine, tmp_path / "in.parquet", 30)
    real_write = AtomicWriter.write
    calls = 0

    def write(self: AtomicWriter, out: pl.DataFrame) -> Any:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise OSError("disk full")
        return real_write(self, out)

    monkeypatch.setattr(AtomicWriter, "write", write)
    with pytest.raises(OSError, match="disk full"):
        screen(
            engine,
            tmp_path / "in.parquet",
            tmp_path / "out.parquet",
            programmes=PROGS,
            as_of=AS_OF,
            chunk_size=4,
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.parquet"]
