"""Batch input and output as URLs: fsspec's memory:// store, and file://."""

from __future__ import annotations

import json
import sys
from importlib.util import find_spec
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from talentkit import Engine
from talentkit.batch import BatchError, screen
from talentkit.cli import main
from tests.batch.test_screen import AS_OF, PROGS, population

fsspec = pytest.importorskip("fsspec")


@pytest.fixture
def store() -> object:
    """A fresh in-memory filesystem (fsspec's memory:// is one store per process)."""
    fs = fsspec.filesystem("memory")
    fs.store.clear()
    fs.pseudo_dirs.clear()
    fs.pseudo_dirs.append("")
    return fs


def lines(engine: Engine) -> str:
    rows = population(engine, 6)
    return "".join(json.dumps(r) + "\n" for r in rows) + '{"person": 1}\n'


def test_memory_urls_in_and_out_equal_local_files(
    engine: Engine, tmp_path: Path, store: object
) -> None:
    text = lines(engine)
    (tmp_path / "in.jsonl").write_text(text, encoding="utf-8")
    local = screen(
        engine,
        tmp_path / "in.jsonl",
        tmp_path / "out.parquet",
        programmes=PROGS,
        as_of=AS_OF,
        errors_path=tmp_path / "err.jsonl",
    )
    with fsspec.open("memory://cases/in.jsonl", "w", encoding="utf-8") as fh:
        fh.write(text)
    remote = screen(
        engine,
        "memory://cases/in.jsonl",
        "memory://results/out.parquet",
        programmes=PROGS,
        as_of=AS_OF,
        errors_path="memory://results/err.jsonl",
    )
    assert (remote.rows_read, remote.error_rows) == (local.rows_read, local.error_rows) == (7, 1)
    assert remote.output == "memory://results/out.parquet"
    assert remote.errors == "memory://results/err.jsonl"
    with fsspec.open("memory://results/out.parquet", "rb") as fh:
        got = pl.read_parquet(fh)
    assert got.equals(pl.read_parquet(tmp_path / "out.parquet"))
    with fsspec.open("memory://results/err.jsonl", "rb") as fh:
        assert fh.read() == (tmp_path / "err.jsonl").read_bytes()


def test_file_urls_are_local_paths(engine: Engine, tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_text(lines(engine), encoding="utf-8")
    s = screen(
        engine,
        (tmp_path / "in.jsonl").as_uri(),
        (tmp_path / "out.csv").as_uri(),
        programmes=PROGS,
        as_of=AS_OF,
    )
    assert s.rows_read == 7
    assert pl.read_csv(tmp_path / "out.csv").height == 6 * len(PROGS)
    with pytest.raises(BatchError, match="refusing to write over the input"):
        screen(
            engine,
            (tmp_path / "in.jsonl").as_uri(),
            str(tmp_path / "in.jsonl"),
            programmes=PROGS,
            as_of=AS_OF,
        )


def test_a_failed_run_uploads_nothing(engine: Engine, store: object) -> None:
    with fsspec.open("memory://cases/in.jsonl", "w", encoding="utf-8") as fh:
        fh.write("{}\n")
    with pytest.raises(BatchError, match="refusing to write over the input"):
        screen(engine, "memory://cases/in.jsonl", "memory://cases/in.jsonl", as_of=AS_OF)
    with pytest.raises(BatchError, match="unknown format"):
        screen(engine, "memory://cases/in.jsonl", "memory://out/results.txt", as_of=AS_OF)
    with pytest.raises(BatchError, match="no such file"):
        screen(engine, "memory://cases/missing.jsonl", "memory://out/r.parquet", as_of=AS_OF)
    assert not fsspec.filesystem("memory").exists("/out/results.txt")
    assert not fsspec.filesystem("memory").exists("/out/r.parquet")


def test_the_command_takes_urls(engine: Engine, store: object) -> None:
    with fsspec.open("memory://cases/in.jsonl", "w", encoding="utf-8") as fh:
        fh.write(lines(engine))
    args = ["--as-of", AS_OF.isoformat(), "--programme", PROGS[0], "--workers", "1"]
    result = CliRunner().invoke(
        main, ["batch", "memory://cases/in.jsonl", "-o", "memory://r/out.csv", *args]
    )
    assert result.exit_code == 0, result.output
    assert "output           memory://r/out.csv" in result.output
    with fsspec.open("memory://r/out.csv", "rb") as fh:
        assert pl.read_csv(fh).height == 6


def test_missing_fsspec_or_store_package_is_named(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "in.jsonl").write_text("{}\n", encoding="utf-8")
    out = tmp_path / "o.parquet"
    if find_spec("s3fs") is None:  # the store's own package is named
        with pytest.raises(BatchError, match=r"s3:// needs s3fs"):
            screen(engine, "s3://bucket/in.jsonl", out, as_of=AS_OF)
    monkeypatch.setitem(sys.modules, "fsspec", None)  # as if not installed
    with pytest.raises(BatchError, match=r"install the \[remote\] extra"):
        screen(engine, "memory://cases/in.jsonl", out, as_of=AS_OF)
    result = CliRunner().invoke(
        main, ["batch", "memory://cases/in.jsonl", "-o", str(out), "--as-of", "2025-06-01"]
    )
    assert result.exit_code == 2
    assert "pip install 'talentkit[remote]'" in result.output
