"""The JSON API through the framework's test client, compared with the CLI's JSON."""

from __future__ import annotations

import datetime as dt
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

from .conftest import EXAMPLES, ROOT, example

YOUTH = "shaanxi/examples/qianren_youth.toml"


def cli_json(*args: str) -> Any:
    result = CliRunner().invoke(main, [*args, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def test_check_answers_what_the_cli_prints(client: TestClient[Litestar]) -> None:
    body = {"profile": example(YOUTH), "programmes": ["shaanxi.qianren"], "as_of": "2026-06-30"}
    got = client.post("/api/v1/check", json=body)
    assert got.status_code == 200
    expected = cli_json(
        "check", str(EXAMPLES / YOUTH), "-p", "shaanxi.qianren", "--as-of", "2026-06-30"
    )
    assert got.json() == expected
    youth = next(a for a in got.json()["assessments"] if a["programme"] == "shaanxi.qianren.youth")
    assert youth["verdict"] == "needs_review"
    assert youth["funding"]["total"] == {"fen": 110000000, "yuan": "1100000"}


def test_check_answers_every_programme_as_the_cli_prints_it(client: TestClient[Litestar]) -> None:
    """One profile against every installed programme (its explanations written straight
    from the report, without indentation): the values the CLI prints, and no spaces."""
    every = ["yangquan", "shaanxi", "xinzhou"]
    body = {"profile": example(YOUTH), "programmes": every, "as_of": "2026-06-30"}
    got = client.post("/api/v1/check", json=body)
    assert got.status_code == 200
    assert got.headers["content-type"] == "application/json"
    chosen = [a for p in every for a in ("-p", p)]
    expected = cli_json("check", str(EXAMPLES / YOUTH), *chosen, "--as-of", "2026-06-30")
    assert got.json() == expected
    assert len(expected["assessments"]) > 30
    assert got.content == json.dumps(expected, ensure_ascii=False, separators=(",", ":")).encode()


def test_the_pages_read_the_report_as_unstructure_gives_it() -> None:
    """The check page's report (written and read back) holds what ``unstructure`` does:
    the same JSON text, every list where ``unstructure`` has a list or a tuple."""
    from talentkit.convert import unstructure
    from talentkit.web.service import Service, json_values

    engine = Engine.create()
    service = Service(engine)
    profile = service.profile(example(YOUTH))
    on = dt.date(2026, 6, 30)
    got = json_values(service.assess(profile, ["yangquan", "shaanxi", "xinzhou"], on, None))
    want = unstructure(engine.assess(profile, ["yangquan", "shaanxi", "xinzhou"], as_of=on))
    assert len(got["assessments"]) > 30
    assert json.dumps(got, ensure_ascii=False) == json.dumps(want, ensure_ascii=False)


def test_an_answer_orjson_would_write_otherwise_is_written_as_json_writes_it() -> None:
    """A value the orjson writer declines (here a float) is written from ``unstructure``."""
    from talentkit.web.api import json_response

    sample = {"share": 1e-05, "text": "中文"}
    answer = json_response(sample)
    assert not isinstance(answer.content, bytes)
    assert json.loads(answer.render(answer.content, "application/json")) == sample


def test_check_with_operator_values_keeps_money_to_the_fen(client: TestClient[Litestar]) -> None:
    body = {
        "profile": example("yangquan/examples/team-key.toml"),
        "programmes": ["yangquan.team.key"],
        "as_of": "2026-06-30",
        "overrides": {
            "yangquan.team.issued_on": "2025-01-01",
            "yangquan.team.key.grant": 1000000.01,
        },
    }
    got = client.post("/api/v1/check", json=body).json()
    total = got["assessments"][0]["funding"]["total"]
    assert total == {"fen": 100000001, "yuan": "1000000.01"}  # not a float's 1000000.0099…


def test_a_missing_fact_is_named_not_failed(client: TestClient[Litestar]) -> None:
    profile = example(YOUTH)
    del profile["person"]["degree"]
    body = {"profile": profile, "programmes": ["shaanxi.qianren.youth"], "as_of": "2026-06-30"}
    a = client.post("/api/v1/check", json=body).json()["assessments"][0]
    assert a["verdict"] == "undetermined"
    assert "person.degree" in a["missing"]


def test_bad_input_is_a_problem_naming_the_field_path(client: TestClient[Litestar]) -> None:
    profile = example(YOUTH)
    profile["person"]["birth_date"] = "1986-02-30"
    got = client.post("/api/v1/check", json={"profile": profile})
    assert got.status_code == 422
    assert got.headers["content-type"].startswith("application/problem+json")
    problem = got.json()
    assert problem["type"].endswith("/invalid-input")
    assert problem["status"] == 422
    assert [e["path"] for e in problem["errors"]] == ["$.profile.person.birth_date"]
    assert "Traceback" not in got.text


def test_unknown_keys_are_errors_with_a_suggestion(client: TestClient[Litestar]) -> None:
    got = client.post("/api/v1/check", json={"profile": {}, "programme": ["x"]})
    assert got.status_code == 422
    (error,) = got.json()["errors"]
    assert error["path"] == "$.programme"
    assert "did you mean 'programmes'" in error["message"]
    inner = client.post("/api/v1/check", json={"profile": {"persn": {}}})
    assert inner.status_code == 422
    assert inner.json()["errors"][0]["path"].startswith("$.profile")


def test_wrong_types_and_broken_json_are_problems(client: TestClient[Litestar]) -> None:
    got = client.post("/api/v1/check", json={"profile": 3})
    assert got.status_code == 422
    assert got.json()["errors"][0]["path"] == "$.profile"
    broken = client.post(
        "/api/v1/check", content=b'{"profile": ', headers={"content-type": "application/json"}
    )
    assert broken.status_code in (400, 422)
    assert broken.headers["content-type"].startswith("application/problem+json")
    nan = client.post(
        "/api/v1/check",
        content=b'{"profile": {"person": {"birth_date": NaN}}}',
        headers={"content-type": "application/json"},
    )
    assert nan.status_code in (400, 422)
    assert "Traceback" not in nan.text


def test_a_key_given_twice_is_a_problem_naming_it(client: TestClient[Litestar]) -> None:
    got = client.post(
        "/api/v1/check",
        content=b'{"profile": {"person": {"gender": "male", "gender": "female"}}}',
        headers={"content-type": "application/json"},
    )
    assert got.status_code == 422
    assert got.json()["errors"] == [
        {"path": "$.profile.person.gender", "message": 'key "gender" given twice'}
    ]


def test_unknown_programme_and_parameter(client: TestClient[Litestar]) -> None:
    got = client.post(
        "/api/v1/check", json={"profile": {}, "programmes": ["shaanxi.qianren.yuoth"]}
    )
    assert got.status_code == 404
    assert "did you mean shaanxi.qianren.youth" in got.json()["detail"]
    bad = client.post(
        "/api/v1/check", json={"profile": example(YOUTH), "overrides": {"shaanxi.nope": 1}}
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["path"].startswith("$.overrides")


def test_compare_lists_what_changes(client: TestClient[Litestar]) -> None:
    body = {
        "profile": example("yangquan/examples/team-key.toml"),
        "programmes": ["yangquan.team.key"],
        "as_of": "2026-06-30",
        "overrides": {"yangquan.team.issued_on": "2025-01-01", "yangquan.team.key.grant": 1000000},
    }
    got = client.post("/api/v1/compare", json=body).json()
    assert got["baseline"]["assessments"][0]["programme"] == "yangquan.team.key"
    changes = {(c["field"], c["after"]) for c in got["changes"]}
    assert changes, got["changes"]


def test_exit_and_grade_answer_what_the_cli_prints(client: TestClient[Litestar]) -> None:
    case = example("yangquan/examples/exit-team-leader-change.toml")
    got = client.post("/api/v1/exit", json=case)
    assert got.status_code == 200, got.text
    exit_file = EXAMPLES / "yangquan/examples/exit-team-leader-change.toml"
    assert got.json() == cli_json("exit", str(exit_file))
    params = example("yangquan/examples/operator-params.toml")["params"]
    cohort = example("yangquan/examples/cohort-commissioner.toml")
    body = {
        "programme": "yangquan.commissioner",
        "subject": cohort["subject"],
        "as_of": "2026-12-31",
        "overrides": params,
    }
    graded = client.post("/api/v1/grade", json=body)
    assert graded.status_code == 200, graded.text
    expected = cli_json(
        "grade",
        "yangquan.commissioner",
        str(EXAMPLES / "yangquan/examples/cohort-commissioner.toml"),
        "--params",
        str(EXAMPLES / "yangquan/examples/operator-params.toml"),
        "--as-of",
        "2026-12-31",
    )
    assert graded.json() == expected


def test_exit_errors_name_the_path_under_the_request(client: TestClient[Litestar]) -> None:
    case = example("yangquan/examples/exit-team-leader-change.toml")
    case["event"]["date"] = "soon"
    got = client.post("/api/v1/exit", json=case)
    assert got.status_code == 422
    assert got.json()["errors"][0]["path"] == "$.event.date"


def test_browsing_endpoints(client: TestClient[Litestar]) -> None:
    juris = {j["id"]: j for j in client.get("/api/v1/jurisdictions").json()}
    assert "SX-QR" in juris["shaanxi"]["documents"]
    docs = {d["id"]: d for d in client.get("/api/v1/documents").json()}
    assert docs["SX-QR"]["has_text"]
    doc = client.get("/api/v1/documents/SX-QR").json()
    art8 = next(c for c in doc["clauses"] if c["key"] == "SX-QR/art8")
    assert "博士学位" in art8["text"]
    assert doc["coverage"]["totals"]["clauses"] == len(doc["clauses"])
    assert client.get("/api/v1/documents/SX-XX").status_code == 404
    progs = {p["id"] for p in client.get("/api/v1/programmes").json()}
    assert "shaanxi.qianren.youth" in progs
    drafts = {p["id"] for p in client.get("/api/v1/programmes?show_all=true").json()}
    assert drafts > progs  # drafts not enabled appear with show_all
    rules = client.get("/api/v1/programmes/shaanxi.qianren.youth/rules").json()
    assert rules == cli_json("rules", "shaanxi.qianren.youth")
    degree = next(r for r in rules[0]["rules"] if r["id"] == "shaanxi.qianren.youth.degree")
    assert degree["citation"]["article"] == "第八条"


def test_parameters_in_force_say_which_the_operator_must_set(
    client: TestClient[Litestar],
) -> None:
    rows = {r["key"]: r for r in client.get("/api/v1/parameters?prefix=yangquan.team").json()}
    assert rows["yangquan.team.key.grant"]["required"] is True
    assert rows["yangquan.team.key.grant"]["value"] is None
    set_ = [r for r in rows.values() if not r["required"]]
    assert set_
    assert all(r["citation"] for r in set_)


def test_schema_is_the_cli_schema(client: TestClient[Litestar]) -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert client.get("/api/v1/schema").json() == json.loads(result.stdout)


def test_security_headers_and_no_cors_by_default(client: TestClient[Litestar]) -> None:
    got = client.get("/api/v1/plugins", headers={"Origin": "https://portal.example"})
    assert got.headers["x-content-type-options"] == "nosniff"
    assert got.headers["x-frame-options"] == "DENY"
    assert "default-src 'self'" in got.headers["content-security-policy"]
    assert "access-control-allow-origin" not in got.headers


def test_cors_when_configured(engine: Engine) -> None:
    app = create_app(engine, Settings(cors_origins=("https://portal.example",)))
    with TestClient(app) as c:
        got = c.get("/api/v1/plugins", headers={"Origin": "https://portal.example"})
        assert got.headers["access-control-allow-origin"] == "https://portal.example"


def test_bearer_token(engine: Engine) -> None:
    app = create_app(engine, Settings(token="s3cret"))
    with TestClient(app) as c:
        denied = c.get("/api/v1/programmes")
        assert denied.status_code == 401
        assert denied.headers["content-type"].startswith("application/problem+json")
        wrong = c.get("/api/v1/programmes", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        ok = c.get("/api/v1/programmes", headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 200
        assert c.get("/api/v1/openapi.json").status_code == 200  # the description is public


def test_the_token_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TALENTKIT_TOKEN", "from-env")
    assert Settings.from_env().token == "from-env"
    assert Settings.from_env(token="given").token == "given"


def test_request_size_is_limited(engine: Engine) -> None:
    app = create_app(engine, Settings(max_body_bytes=1000))
    with TestClient(app) as c:
        got = c.post("/api/v1/check", json={"profile": {"id": "x" * 2000}})
        assert got.status_code == 413
        assert got.headers["content-type"].startswith("application/problem+json")


def test_an_unexpected_error_is_a_problem_without_internals(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from talentkit.web.service import Service

    def boom(self: Service) -> dict[str, Any]:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(Service, "plugins", boom)
    app = create_app(engine, Settings())
    with TestClient(app) as c:
        got = c.get("/api/v1/plugins")
    assert got.status_code == 500
    assert got.headers["content-type"].startswith("application/problem+json")
    assert "secret" not in got.text
    assert "Traceback" not in got.text


def _wait(client: TestClient[Litestar], url: str) -> dict[str, Any]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        status = client.get(url).json()
        if status["status"] != "running":
            return status  # type: ignore[no-any-return]
        time.sleep(0.2)
    raise AssertionError("the job did not finish")


def test_batch_job_upload_poll_download(client: TestClient[Litestar]) -> None:
    cases = ROOT / "docs" / "examples" / "cases.jsonl"
    started = client.post(
        "/api/v1/jobs",
        files={"file": ("cases.jsonl", cases.read_bytes(), "application/x-ndjson")},
        data={"programmes": "shaanxi.qianren.youth", "as_of": "2026-06-30"},
    )
    assert started.status_code == 202, started.text
    status = _wait(client, started.json()["links"]["self"])
    assert status["status"] == "done", status
    summary = status["summary"]
    assert summary["rows_read"] == 3 == summary["rows_assessed"] + summary["error_rows"]
    assert summary["error_rows"] == 1  # the 13th month
    results = client.get(status["links"]["results"])
    assert results.status_code == 200
    rows = [json.loads(line) for line in results.text.splitlines()]
    assert {r["subject_id"] for r in rows} == {"c1", "c2"}
    errors = [json.loads(line) for line in client.get(status["links"]["errors"]).text.splitlines()]
    assert len(errors) == 1
    assert "birth_date" in json.dumps(errors[0])
    assert client.delete(status["links"]["self"]).status_code == 204
    assert client.get(status["links"]["self"]).status_code == 404


def test_jobs_are_limited_and_ids_never_reach_the_file_system(
    client: TestClient[Litestar],
) -> None:
    assert client.get("/api/v1/jobs/..%2F..%2Fetc").status_code == 404
    assert client.get("/api/v1/jobs/" + "0" * 32).status_code == 404
    bad = client.post("/api/v1/jobs", files={"file": ("cases.exe", b"x", "text/plain")})
    assert bad.status_code == 422
    cases = (ROOT / "docs" / "examples" / "cases.jsonl").read_bytes()
    started = []
    for _ in range(2):
        got = client.post("/api/v1/jobs", files={"file": ("c.jsonl", cases, "text/plain")})
        assert got.status_code == 202
        started.append(got.json()["links"]["self"])
    over = client.post("/api/v1/jobs", files={"file": ("c.jsonl", cases, "text/plain")})
    assert over.status_code == 429
    assert over.headers["content-type"].startswith("application/problem+json")
    for url in started:
        assert client.delete(url).status_code == 204


def test_job_folders_are_removed_at_shutdown(engine: Engine) -> None:
    app = create_app(engine, Settings())
    with TestClient(app) as c:
        cases = (ROOT / "docs" / "examples" / "cases.jsonl").read_bytes()
        got = c.post("/api/v1/jobs", files={"file": ("c.jsonl", cases, "text/plain")})
        folder = Path(_jobs_root(app))
        assert folder.is_dir()
        assert got.status_code == 202
    assert not folder.exists()


def _jobs_root(app: Litestar) -> str:
    for closer in app.on_shutdown:
        owner = getattr(closer, "__self__", None)
        if owner is not None and hasattr(owner, "root"):
            return str(owner.root)
    raise AssertionError("no jobs on the app")


def test_the_form_asks_attestations_by_their_question_and_decisions_by_their_rule(
    client: TestClient[Litestar],
) -> None:
    import re

    page = client.get("/check", params={"programme": "shaanxi.qianren.youth", "lang": "zh"})
    found = re.search(r'<script type="application/json" id="form-data">(.*?)</script>', page.text)
    assert found is not None
    data = json.loads(found.group(1))
    labels = data["labels"]
    assert data["attestations"], "the programme asks attestations"
    for key in data["attestations"]:
        assert labels[f"attestations.{key}"] not in ("", key)
    assert "身体健康" in labels["attestations.shaanxi.health"]
    for rule_id in data["decisions"]:
        assert labels[f"decisions.{rule_id}"].endswith(f"（{rule_id}）")


def test_the_programme_page_shows_the_summary_with_the_values_in_force(
    client: TestClient[Litestar],
) -> None:
    page = client.get("/programmes/xinzhou.eco.tech_transfer?lang=zh").text
    assert '<p class="summary">按技术合同实际支付额的3%补助，单个成果最高50万元</p>' in page
    page = client.get("/programmes/xinzhou.eco.tech_transfer?lang=en").text
    assert "3% of the amount paid, at most 500,000 yuan per result" in page
