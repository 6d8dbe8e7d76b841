"""Batch jobs on Dask when a scheduler is configured: a Parquet upload screened on a local
cluster gives the results, error rows and counts of the local child process; other formats
still run locally."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from litestar import Litestar
from litestar.testing import TestClient

from talentkit import Engine
from talentkit.cli import main
from talentkit.web import Settings, create_app

from .conftest import ROOT

pytest.importorskip("distributed")
pl = pytest.importorskip("polars")

CASES = ROOT / "docs" / "examples" / "cases.jsonl"
FORM = {"programmes": "shaanxi.qianren.youth", "as_of": "2026-06-30"}


def cases_parquet(engine: Engine) -> bytes:
    """The shipped c1 and c2 as Parquet, and c3 whose gender is not a gender (an error row)."""
    from talentkit.batch import profiles_frame

    good = [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines()][:2]
    frame = profiles_frame([engine.load(c) for c in good], engine.registry.facts)
    person = pl.col("person")
    bad = frame.tail(1).with_columns(
        pl.lit("c3").alias("id"),
        person.struct.with_fields(pl.lit("x").alias("gender")),
    )
    out = io.BytesIO()
    pl.concat([frame, bad]).write_parquet(out)
    return out.getvalue()


def run_job(
    app: Litestar, name: str, content: bytes, **form: str
) -> tuple[dict[str, Any], str, str, bool]:
    """Upload, wait, download: the status, the results, the error rows, and whether the job
    ran on Dask (its folder, removed at shutdown, holds the cluster run's ``_SUCCESS``)."""
    with TestClient(app) as client:
        started = client.post(
            "/api/v1/jobs", files={"file": (name, content)}, data={**FORM, **form}
        )
        assert started.status_code == 202, started.text
        url = started.json()["links"]["self"]
        deadline = time.monotonic() + 240
        while (status := client.get(url).json())["status"] == "running":
            assert time.monotonic() < deadline, "the job did not finish"
            time.sleep(0.3)
        assert status["status"] == "done", status
        results = client.get(status["links"]["results"]).text
        errors = client.get(status["links"]["errors"]).text
        (folder,) = _root(app).iterdir()
        return status, results, errors, (folder / "output" / "_SUCCESS").is_file()


def _root(app: Litestar) -> Path:
    for closer in app.on_shutdown:
        owner = getattr(closer, "__self__", None)
        if owner is not None and hasattr(owner, "root"):
            return Path(owner.root)
    raise AssertionError("no jobs on the app")


@pytest.mark.slow
def test_a_parquet_job_on_a_local_dask_cluster_equals_the_local_run(engine: Engine) -> None:
    content = cases_parquet(engine)
    here, here_results, here_errors, here_on_dask = run_job(
        create_app(engine, Settings()), "cases.parquet", content
    )
    dask, dask_results, dask_errors, dask_on_dask = run_job(
        create_app(engine, Settings(scheduler="local")), "cases.parquet", content
    )
    assert not here_on_dask
    assert dask_on_dask
    counts = ("rows_read", "rows_assessed", "error_rows", "results_written", "programmes")
    assert [dask["summary"][k] for k in counts] == [here["summary"][k] for k in counts]
    assert here["summary"]["rows_read"] == 3
    assert here["summary"]["error_rows"] == 1
    assert dask["rows_read"] == 3
    rows = [json.loads(line) for line in dask_results.splitlines()]
    assert rows == [json.loads(line) for line in here_results.splitlines()]
    assert {r["subject_id"] for r in rows} == {"c1", "c2"}
    errors = [json.loads(line) for line in dask_errors.splitlines()]
    assert errors == [json.loads(line) for line in here_errors.splitlines()]
    assert len(errors) == 1
    assert "gender" in json.dumps(errors[0])


@pytest.mark.slow
def test_a_parquet_job_on_dask_writes_the_columns_asked_for(engine: Engine) -> None:
    content = cases_parquet(engine)
    _, full, _, _ = run_job(create_app(engine, Settings()), "cases.parquet", content)
    status, part, _, on_dask = run_job(
        create_app(engine, Settings(scheduler="local")),
        "cases.parquet",
        content,
        columns="verdict,failed",
    )
    assert on_dask
    assert status["columns"] == ["verdict", "failed"]
    keep = ["row", "subject_id", "programme", "verdict", "failed"]
    rows = [json.loads(line) for line in part.splitlines()]
    assert [list(r) for r in rows] == [keep] * 2
    assert rows == [{k: r[k] for k in keep} for r in map(json.loads, full.splitlines())]


def test_other_formats_keep_the_local_path(engine: Engine) -> None:
    status, results, _, on_dask = run_job(
        create_app(engine, Settings(scheduler="local")), "cases.jsonl", CASES.read_bytes()
    )
    assert status["summary"]["rows_read"] == 3
    assert len(results.splitlines()) == 2
    assert not on_dask


def test_serve_refuses_a_scheduler_it_could_not_use() -> None:
    got = CliRunner().invoke(main, ["serve", "--scheduler", "8786"])
    assert got.exit_code == 2
    assert "expected 'local' or a scheduler address" in got.output
    got = CliRunner().invoke(main, ["serve"], env={"TALENTKIT_SCHEDULER": "scheduler:8786"})
    assert got.exit_code == 2
    assert "'scheduler:8786'" in got.output
