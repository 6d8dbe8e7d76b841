"""Scale-out: the partitioned run on Dask gives the local run's results."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from talentkit import Engine
from talentkit.batch import profiles_frame, screen
from tests.batch.test_screen import AS_OF, PROGS, population

pytest.importorskip("distributed")


def make_engine() -> Engine:
    return Engine.create()


@pytest.mark.slow
def test_dask_partitions_equal_local_run(engine: Engine, tmp_path: Path) -> None:
    from talentkit.batch import screen_dask

    profiles = population(engine, 30)
    parts = tmp_path / "in"
    parts.mkdir()
    for k in range(3):
        chunk = [engine.load(p) for p in profiles[k * 10 : (k + 1) * 10]]
        profiles_frame(chunk, engine.registry.facts).write_parquet(parts / f"part-{k}.parquet")
    summary = screen_dask(make_engine, parts, tmp_path / "out", programmes=PROGS, as_of=AS_OF)
    assert summary.balanced
    assert summary.rows_read == 30
    assert json.loads((tmp_path / "out" / "_SUCCESS").read_text())["rows_read"] == 30
    distributed = pl.concat(
        [pl.read_parquet(tmp_path / "out" / f"part-{k}.parquet") for k in range(3)]
    )
    (tmp_path / "all.jsonl").write_text(
        "".join(json.dumps(p) + "\n" for p in profiles), encoding="utf-8"
    )
    screen(
        engine,
        tmp_path / "all.jsonl",
        tmp_path / "local.parquet",
        programmes=PROGS,
        as_of=AS_OF,
        workers=1,
    )
    local = pl.read_parquet(tmp_path / "local.parquet")
    key = ["subject_id", "programme"]
    assert distributed.drop("row").sort(key).equals(local.drop("row").sort(key))
    # only the columns asked for, the same values
    some = screen_dask(
        make_engine, parts, tmp_path / "some", programmes=PROGS, as_of=AS_OF, columns=["failed"]
    )
    assert some.balanced
    alone = pl.concat([pl.read_parquet(tmp_path / "some" / f"part-{k}.parquet") for k in range(3)])
    assert alone.columns == ["row", "subject_id", "programme", "failed"]
    assert alone.equals(distributed.select(alone.columns))


@pytest.mark.slow
def test_dask_partitions_laid_out_wide_equal_the_local_run(engine: Engine, tmp_path: Path) -> None:
    from talentkit.batch import BatchError, screen_dask

    frame = profiles_frame([engine.load(p) for p in population(engine, 20)], engine.registry.facts)
    parts = tmp_path / "in"
    parts.mkdir()
    for k in range(2):
        frame.slice(k * 10, 10).write_parquet(parts / f"part-{k}.parquet")
    kw = {"programmes": PROGS, "as_of": AS_OF, "wide": True}
    summary = screen_dask(make_engine, parts, tmp_path / "out", **kw)  # type: ignore[arg-type]
    assert summary.balanced
    got = [pl.read_parquet(tmp_path / "out" / f"part-{k}.parquet") for k in range(2)]
    assert got[0].columns == ["row", "subject_id", *PROGS]
    for k in range(2):
        frame.slice(k * 10, 10).write_parquet(tmp_path / "one.parquet")
        screen(engine, tmp_path / "one.parquet", tmp_path / "local.parquet", **kw)  # type: ignore[arg-type]
        assert got[k].equals(pl.read_parquet(tmp_path / "local.parquet"))
    assert summary.results_written == sum(g.height for g in got) * len(PROGS)
    with pytest.raises(BatchError, match="wide results hold the verdict alone"):
        screen_dask(make_engine, parts, tmp_path / "o2", columns=["failed"], **kw)  # type: ignore[arg-type]
    assert not (tmp_path / "o2").exists()


def test_dask_refuses_an_unknown_column_before_the_cluster(tmp_path: Path) -> None:
    from talentkit.batch import BatchError, screen_dask

    with pytest.raises(BatchError, match="did you mean 'review'"):
        screen_dask(make_engine, tmp_path, tmp_path / "out", as_of=AS_OF, columns=["reviews"])
    assert not (tmp_path / "out").exists()
