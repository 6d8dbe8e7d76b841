"""``talentkit batch --scheduler``: the Parquet partitions of a directory screened on Dask
give the local run's results, progress, error rows and ``_SUCCESS``; and clear errors."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from talentkit import Engine
from talentkit.batch import profiles_frame
from talentkit.cli import main
from tests.batch.test_screen import AS_OF, PROGS, population

pytest.importorskip("distributed")

ARGS = ["--as-of", AS_OF.isoformat(), "--programme", PROGS[0], "--programme", PROGS[1]]


def partitions(engine: Engine, folder: Path) -> list[pl.DataFrame]:
    """Three partitions of ten cases; in the second, one row's leader gender is not a
    gender (an error row)."""
    profiles = population(engine, 30)
    folder.mkdir()
    frames = []
    for k in range(3):
        chunk = [engine.load(p) for p in profiles[k * 10 : (k + 1) * 10]]
        frame = profiles_frame(chunk, engine.registry.facts)
        if k == 1:
            team = pl.col("team")
            leader = team.struct.field("leader")
            bad = (
                pl.when(pl.int_range(pl.len()) == 3)
                .then(pl.lit("x"))
                .otherwise(leader.struct.field("gender"))
            )
            frame = frame.with_columns(
                team.struct.with_fields(leader.struct.with_fields(bad.alias("gender")))
            )
        frame.write_parquet(folder / f"part-{k}.parquet")
        frames.append(frame)
    return frames


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["batch", *args])
    return result.exit_code, result.output


@pytest.mark.slow
def test_the_cluster_run_equals_the_local_run(engine: Engine, tmp_path: Path) -> None:
    frames = partitions(engine, tmp_path / "in")
    pl.concat(frames).write_parquet(tmp_path / "all.parquet")
    code, out = run(
        str(tmp_path / "all.parquet"),
        "-o",
        str(tmp_path / "local.parquet"),
        "--errors",
        str(tmp_path / "local_err.jsonl"),
        *ARGS,
    )
    assert code == 0, out
    code, out = run(
        str(tmp_path / "in"),
        "-o",
        str(tmp_path / "out"),
        "--errors",
        str(tmp_path / "err.jsonl"),
        "--scheduler",
        "local",
        "--workers",
        "2",
        *ARGS,
    )
    assert code == 0, out
    assert "rows read        30" in out
    assert "error rows       1" in out
    assert "rows in = assessed + errors: yes" in out
    marker = json.loads((tmp_path / "out" / "_SUCCESS").read_text(encoding="utf-8"))
    assert marker["rows_read"] == 30
    assert marker["error_rows"] == 1
    assert not (tmp_path / "out" / "_errors").exists()
    key = ["subject_id", "programme"]
    cluster = pl.concat([pl.read_parquet(tmp_path / "out" / f"part-{k}.parquet") for k in range(3)])
    local = pl.read_parquet(tmp_path / "local.parquet")
    assert cluster.height == local.height == 29 * len(PROGS)
    assert cluster.drop("row").sort(key).equals(local.drop("row").sort(key))
    # the error row counted across the partitions, as in the one-file run: row 14
    errors = pl.read_ndjson(tmp_path / "err.jsonl")
    assert errors.equals(pl.read_ndjson(tmp_path / "local_err.jsonl"))
    assert errors.get_column("row").to_list() == [14]


def test_an_unreachable_scheduler_is_a_clear_error(engine: Engine, tmp_path: Path) -> None:
    partitions(engine, tmp_path / "in")
    # port 9 (discard) on this machine: nothing listens, the connection is refused
    code, out = run(
        str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--scheduler", "tcp://127.0.0.1:9"
    )
    assert code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in out
    assert "Traceback" not in out


def test_outputs_over_the_partitions_are_refused_before_any_run(
    engine: Engine, tmp_path: Path
) -> None:
    """The local run's check: no result, marker or errors file may replace an input
    partition or another output; nothing is written, no cluster is started."""
    partitions(engine, tmp_path / "in")
    before = sorted((tmp_path / "in").iterdir())
    part = tmp_path / "in" / "part-1.parquet"
    cases = [
        (["-o", str(tmp_path / "in")], "part-0.parquet: refusing to write over the input"),
        (
            ["-o", str(tmp_path / "out"), "--errors", str(part)],
            f"{part}: refusing to write over the input",
        ),
        (
            ["-o", str(tmp_path / "out"), "--errors", str(tmp_path / "out" / "part-0.parquet")],
            "refusing to write over another output",
        ),
        (
            ["-o", str(tmp_path / "out"), "--errors", str(tmp_path / "nowhere" / "e.jsonl")],
            "does not exist",
        ),
    ]
    for args, words in cases:
        # an unreachable scheduler: reaching it would be a different error
        code, out = run(str(tmp_path / "in"), *args, "--scheduler", "tcp://127.0.0.1:9", *ARGS)
        assert code == 2, out
        assert words in out.replace("\n", " ")
        assert "cannot reach" not in out
    assert sorted((tmp_path / "in").iterdir()) == before
    assert not (tmp_path / "out").exists()


def test_a_directory_without_parquet_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "cases.jsonl").write_text("{}\n", encoding="utf-8")
    code, out = run(str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--scheduler", "local")
    assert code == 2
    assert "no Parquet file (*.parquet) in the directory" in out
    (tmp_path / "in" / "bad.parquet").write_text("not parquet", encoding="utf-8")
    code, out = run(str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--scheduler", "local")
    assert code == 2
    assert "bad.parquet: not a readable Parquet file" in out


def test_a_file_is_not_partitions_and_a_directory_needs_a_scheduler(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    code, out = run(str(tmp_path / "in"), "-o", str(tmp_path / "out.parquet"), *ARGS)
    assert code == 2
    assert "is a directory: screen its Parquet partitions with --scheduler" in out
    (tmp_path / "a.parquet").write_bytes(b"")
    code, out = run(str(tmp_path / "a.parquet"), "-o", str(tmp_path / "o"), "--scheduler", "local")
    assert code == 2
    assert "expected a directory of Parquet files" in out


def test_without_dask_the_extra_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the module, not the command of the same name the package exports
    cli_batch = importlib.import_module("talentkit.cli.batch")
    monkeypatch.setattr(cli_batch, "find_spec", lambda name: None)
    (tmp_path / "in").mkdir()
    code, out = run(str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--scheduler", "local")
    assert code == 2
    assert "install the [dask] extra (pip install 'talentkit[dask]')" in out
