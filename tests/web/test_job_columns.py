"""Batch jobs write the result columns asked for (``columns``), as ``talentkit batch
--columns`` does: the same values as those columns of a full run, and an unknown name a
problem at ``$.columns`` before any job starts."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from talentkit import Engine
from talentkit.web import Settings, create_app

from .conftest import ROOT

CASES = (ROOT / "docs" / "examples" / "cases.jsonl").read_bytes()
KEYS = ["row", "subject_id", "programme"]


@pytest.fixture(scope="module")
def app(engine: Engine) -> Litestar:
    """The shared ``client`` on an app that runs three jobs at once."""
    return create_app(engine, Settings(max_jobs=3, job_seconds=120))


def _root(app: Litestar) -> Any:
    for closer in app.on_shutdown:
        owner = getattr(closer, "__self__", None)
        if owner is not None and hasattr(owner, "root"):
            return owner.root
    raise AssertionError("no jobs on the app")


def _done(client: TestClient[Litestar], url: str) -> dict[str, Any]:
    deadline = time.monotonic() + 120
    while (status := client.get(url).json())["status"] == "running":
        assert time.monotonic() < deadline, "the job did not finish"
        time.sleep(0.2)
    assert status["status"] == "done", status
    return status  # type: ignore[no-any-return]


def _rows(client: TestClient[Litestar], status: dict[str, Any]) -> list[dict[str, Any]]:
    text = client.get(status["links"]["results"]).text
    return [json.loads(line) for line in text.splitlines()]


def _job(client: TestClient[Litestar], form: dict[str, str]) -> tuple[dict[str, Any], list[Any]]:
    started = client.post(
        "/api/v1/jobs", files={"file": ("cases.jsonl", CASES)}, data={"as_of": "2026-06-30", **form}
    )
    assert started.status_code == 202, started.text
    status = _done(client, started.json()["links"]["self"])
    rows = _rows(client, status)
    errors = client.get(status["links"]["errors"]).text
    assert client.delete(status["links"]["self"]).status_code == 204
    return status, [rows, errors]


def test_a_job_writes_the_columns_asked_for_as_a_full_run_does(
    client: TestClient[Litestar],
) -> None:
    full_status, (full, full_errors) = _job(client, {})
    assert full_status["columns"] is None
    assert len(full) > 2  # the two good cases under every enabled programme
    for asked, order in [
        ("verdict,failed", ["verdict", "failed"]),
        ("funding_total_fen missing verdict", ["verdict", "missing", "funding_total_fen"]),
    ]:
        status, (part, errors) = _job(client, {"columns": asked})
        assert status["columns"] == asked.replace(",", " ").split()
        assert status["summary"]["results_written"] == full_status["summary"]["results_written"]
        assert errors == full_errors  # the error rows do not depend on the columns
        assert [list(r) for r in part] == [KEYS + order] * len(full)
        assert part == [{k: r[k] for k in KEYS + order} for r in full]


def test_an_unknown_column_is_a_problem_before_the_job_starts(
    client: TestClient[Litestar], app: Litestar
) -> None:
    before = set(_root(app).iterdir())
    bad = client.post(
        "/api/v1/jobs", files={"file": ("cases.jsonl", CASES)}, data={"columns": "verdict,faild"}
    )
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/problem+json")
    problem = bad.json()
    assert problem["type"].endswith("/invalid-input")
    (error,) = problem["errors"]
    assert error["path"] == "$.columns"
    assert error["message"].startswith("unknown result column 'faild' (did you mean 'failed'?)")
    empty = client.post("/api/v1/jobs", files={"file": ("c.jsonl", CASES)}, data={"columns": ","})
    assert empty.status_code == 422
    assert empty.json()["errors"] == [
        {"path": "$.columns", "message": "name at least one result column"}
    ]
    assert set(_root(app).iterdir()) == before  # no job was started


def test_the_batch_page_takes_columns_too(client: TestClient[Litestar]) -> None:
    form = {"lang": "en", "as_of": "2026-06-30", "columns": "verdict"}
    bad = client.post("/batch", files={"file": ("c.jsonl", CASES)}, data={**form, "columns": "x"})
    assert bad.status_code == 422
    assert "<code>$.columns</code>" in bad.text
    started = client.post(
        "/batch", files={"file": ("c.jsonl", CASES)}, data=form, follow_redirects=False
    )
    assert started.status_code in (302, 303), started.text
    job_id = started.headers["location"].split("/")[2].split("?")[0]
    status = _done(client, f"/api/v1/jobs/{job_id}")
    assert status["columns"] == ["verdict"]
    assert {tuple(r) for r in _rows(client, status)} == {(*KEYS, "verdict")}
    assert client.delete(f"/api/v1/jobs/{job_id}").status_code == 204


def test_a_wide_job_writes_a_row_per_case_with_the_full_run_s_verdicts(
    client: TestClient[Litestar],
) -> None:
    full_status, (full, full_errors) = _job(client, {})
    status, (laid, errors) = _job(client, {"wide": "true"})
    assert status["wide"] is True
    assert full_status["wide"] is False
    assert errors == full_errors
    programmes = status["summary"]["programmes"]
    assert status["summary"]["results_written"] == full_status["summary"]["results_written"]
    verdicts = {(r["row"], r["programme"]): r["verdict"] for r in full}
    assert laid
    assert all(list(r) == ["row", "subject_id", *programmes] for r in laid)
    assert {r["row"] for r in laid} == {r["row"] for r in full}
    for r in laid:
        for p in programmes:
            assert r[p] == verdicts.get((r["row"], p))
    named, _ = _job(client, {"wide": "true", "columns": "verdict"})
    assert named["summary"] == {**status["summary"], "seconds": named["summary"]["seconds"]}


def test_a_wide_job_with_another_column_is_a_problem_before_it_starts(
    client: TestClient[Litestar], app: Litestar
) -> None:
    before = set(_root(app).iterdir())
    bad = client.post(
        "/api/v1/jobs",
        files={"file": ("cases.jsonl", CASES)},
        data={"columns": "verdict,missing", "wide": "true"},
    )
    assert bad.status_code == 422
    (error,) = bad.json()["errors"]
    assert error["path"] == "$.columns"
    assert error["message"].startswith("wide results hold the verdict alone")
    assert set(_root(app).iterdir()) == before


def test_the_batch_page_asks_for_wide_results_with_a_box(client: TestClient[Litestar]) -> None:
    assert 'name="wide"' in client.get("/batch?lang=en").text
    form = {"lang": "en", "as_of": "2026-06-30", "wide": "on"}
    started = client.post(
        "/batch", files={"file": ("c.jsonl", CASES)}, data=form, follow_redirects=False
    )
    assert started.status_code in (302, 303), started.text
    job_id = started.headers["location"].split("/")[2].split("?")[0]
    status = _done(client, f"/api/v1/jobs/{job_id}")
    assert status["wide"] is True
    assert {tuple(r)[:2] for r in _rows(client, status)} == {("row", "subject_id")}
    assert client.delete(f"/api/v1/jobs/{job_id}").status_code == 204
