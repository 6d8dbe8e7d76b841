"""Problems in the reader's language: a page speaks Chinese unless ``?lang=en``; the API
answers in English unless ``?lang=zh``. Only the title and the messages change: type,
status and field paths are the same in both. So do a batch job's error rows and why a
job failed."""

from __future__ import annotations

import json
import re
import time
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from talentkit.inputtext import chinese as zh_of
from talentkit.web import Settings, create_app

from .conftest import ROOT, example

YOUTH = "shaanxi/examples/qianren_youth.toml"
BAD_DATE = {"profile": {"person": {"birth_date": "1986-02-30"}}}


def _both(client: TestClient[Litestar], url: str, body: dict[str, Any]) -> tuple[Any, Any]:
    """The same request answered in English (the API's default) and in Chinese."""
    english = client.post(url, json=body)
    chinese = client.post(url + "?lang=zh", json=body)
    assert english.status_code == chinese.status_code
    assert client.post(url + "?lang=en", json=body).json() == english.json()
    en, zh = english.json(), chinese.json()
    for key in ("type", "status", "instance"):
        assert en[key] == zh[key]
    assert zh["title"] == zh_of(en["title"]) != en["title"]
    assert [e["path"] for e in en.get("errors", [])] == [e["path"] for e in zh.get("errors", [])]
    return en, zh


def test_bad_input_in_chinese_when_asked(client: TestClient[Litestar]) -> None:
    en, zh = _both(client, "/api/v1/check", BAD_DATE)
    assert en["errors"] == [
        {"path": "$.profile.person.birth_date", "message": "expected a date (YYYY-MM-DD)"}
    ]
    assert en["detail"] == "expected a date (YYYY-MM-DD) @ $.profile.person.birth_date"
    assert zh["errors"] == [
        {"path": "$.profile.person.birth_date", "message": "应为日期（YYYY-MM-DD）"}
    ]
    assert zh["detail"] == "应为日期（YYYY-MM-DD） @ $.profile.person.birth_date"


def test_a_bad_override_in_chinese_when_asked(client: TestClient[Litestar]) -> None:
    key = "shaanxi.qianren.youth.max_age"
    en, zh = _both(
        client, "/api/v1/check", {"profile": example(YOUTH), "overrides": {key: "forty"}}
    )
    assert en["type"].endswith("/invalid-parameter")
    assert en["errors"][0]["path"] == f"$.overrides['{key}']"
    assert en["detail"] == f"expected an integer @ overrides: {key}, got 'forty'"
    assert zh["detail"] == f"应为整数 @ overrides: {key}，实际为 'forty'"
    assert zh["errors"][0]["message"] == zh["detail"]
    en, zh = _both(
        client, "/api/v1/check", {"profile": example(YOUTH), "overrides": {"shaanxi.nope": 1}}
    )
    assert en["detail"] == "unknown parameter 'shaanxi.nope' in overrides"
    assert zh["detail"] == "覆盖值中有未知参数 'shaanxi.nope'"


def test_an_unknown_programme_in_chinese_when_asked(client: TestClient[Litestar]) -> None:
    en, zh = _both(
        client, "/api/v1/check", {"profile": {}, "programmes": ["shaanxi.qianren.yuoth"]}
    )
    assert en["status"] == 404
    assert en["detail"].startswith("no programme 'shaanxi.qianren.yuoth'; did you mean ")
    assert zh["detail"].startswith("没有项目 'shaanxi.qianren.yuoth'；是否应为 ")
    # a name with nothing close keeps its closing quote
    en, zh = _both(client, "/api/v1/check", {"profile": {}, "programmes": ["zzzz"]})
    assert (en["detail"], zh["detail"]) == ("no programme 'zzzz'", "没有项目 'zzzz'")


def _page_check(client: TestClient[Litestar], query: str, text: str) -> str:
    got = client.post("/check" + query, data={"case_text": text}, files={"case_file": ("", b"")})
    assert got.status_code == 422
    return got.text


def test_the_error_page_speaks_the_page_language(client: TestClient[Litestar]) -> None:
    case = '[person]\nbirth_date = "1986-02-30"\n'
    zh = _page_check(client, "", case)
    assert "<code>$.person.birth_date</code></td><td>应为日期（YYYY-MM-DD）</td>" in zh
    assert zh == _page_check(client, "?lang=zh", case)
    en = _page_check(client, "?lang=en", case)
    assert "<code>$.person.birth_date</code></td><td>expected a date (YYYY-MM-DD)</td>" in en
    assert "未给出案例：请填写表单、上传文件或粘贴案例" in _page_check(client, "", "")
    assert "no case given: fill in the form" in _page_check(client, "?lang=en", "")


def test_every_problem_title_reads_in_chinese() -> None:
    """Every title the web writes (a problem raised in its modules, or the framework's
    errors by status) has a Chinese reading, so no problem keeps an English title."""
    web = ROOT / "talentkit" / "web"
    source = "".join(p.read_text(encoding="utf-8") for p in sorted(web.glob("*.py")))
    titles = set(re.findall(r'Problem\(\s*\w+,\s*"[\w-]+",\s*"([^"]+)"', source))
    titles |= set(re.findall(r'\d{3}: "([^"]+)"', source)) | {"invalid input", "error"}
    assert {"unknown job", "too many jobs", "job not done", "internal error"} <= titles
    assert [t for t in sorted(titles) if zh_of(t) is None] == []


def _run(
    client: TestClient[Litestar], content: bytes, name: str = "c.jsonl", **form: str
) -> dict[str, Any]:
    started = client.post("/api/v1/jobs", files={"file": (name, content)}, data=form)
    assert started.status_code == 202, started.text
    url = started.json()["links"]["self"]
    deadline = time.monotonic() + 120
    while (status := client.get(url).json())["status"] == "running":
        assert time.monotonic() < deadline, "the job did not finish"
        time.sleep(0.2)
    return status  # type: ignore[no-any-return]


def test_a_job_s_error_rows_in_chinese_when_asked(client: TestClient[Litestar]) -> None:
    cases = (ROOT / "docs" / "examples" / "cases.jsonl").read_bytes()
    bad = b'{"id": "c4", "person": {"gender": "m", "nmae": "x"}}\n'
    status = _run(client, cases + bad, programmes="shaanxi.qianren.youth")
    assert status["status"] == "done", status
    url = status["links"]["errors"]
    en = [json.loads(line) for line in client.get(url).text.splitlines()]
    zh = [json.loads(line) for line in client.get(url + "?lang=zh").text.splitlines()]
    assert client.get(url + "?lang=en").text == client.get(url).text
    assert [(e["row"], e["path"]) for e in en] == [(e["row"], e["path"]) for e in zh]
    assert len(en) == 3  # the 13th month, the gender, the unknown field
    assert [e["message"] for e in zh] == [zh_of(e["message"]) for e in en]
    assert "应为日期（YYYY-MM-DD）" in zh[0]["message"]
    # the page's download speaks the page's language
    page = client.get(f"/batch/{status['id']}/errors").text
    assert [json.loads(line) for line in page.splitlines()] == zh
    assert client.delete(status["links"]["self"]).status_code == 204


def test_job_problems_in_chinese_when_asked(client: TestClient[Litestar]) -> None:
    cases = (ROOT / "docs" / "examples" / "cases.jsonl").read_bytes()
    got = client.post(
        "/api/v1/jobs?lang=zh", files={"file": ("c.jsonl", cases)}, data={"columns": "faild"}
    )
    assert got.status_code == 422
    problem = got.json()
    assert problem["title"] == "输入无效"
    assert problem["errors"][0]["path"] == "$.columns"
    assert problem["errors"][0]["message"].startswith("未知的结果列 'faild'（是否应为 'failed'？）")
    got = client.post("/api/v1/jobs?lang=zh", files={"file": ("c.exe", b"x")})
    assert got.json()["errors"] == [
        {"path": "$.file", "message": "应为 .jsonl、.csv、.xlsx 或 .parquet 文件"}
    ]
    assert got.json()["detail"].startswith("未知的文件格式 'c.exe'；")
    missing = client.get("/api/v1/jobs/" + "0" * 32 + "?lang=zh").json()
    assert (missing["title"], missing["detail"]) == ("未知任务", f"没有任务 '{'0' * 32}'")


@pytest.fixture
def hasty(engine: Any) -> Any:
    with TestClient(create_app(engine, Settings(job_seconds=0.01))) as c:
        yield c


def test_why_a_job_failed_in_chinese_when_asked(hasty: TestClient[Litestar]) -> None:
    cases = (ROOT / "docs" / "examples" / "cases.jsonl").read_bytes()
    status = _run(hasty, cases)
    assert status["status"] == "failed"
    assert status["detail"] == "stopped after 0.01 s (the job time limit)"
    zh = hasty.get(status["links"]["self"] + "?lang=zh").json()
    assert zh["detail"] == "运行 0.01 秒后被停止（任务时限）"
    page = hasty.get(f"/batch/{status['id']}").text
    assert "运行 0.01 秒后被停止（任务时限）" in page


def test_a_bad_upload_named_as_uploaded_in_either_language(client: TestClient[Litestar]) -> None:
    """A job whose file cannot be read says so of the file the client sent, not of where
    the server keeps it, and in Chinese when asked."""
    status = _run(client, b"a,b\n1,2\n", name="people.csv")
    assert status["status"] == "failed"
    assert status["detail"] == (
        "people.csv: column(s) matching no profile field: 'a', 'b'; name columns by profile "
        "path (person.birth_date, facts.<name>) or map them with --mapping"
    )
    zh = client.get(status["links"]["self"] + "?lang=zh").json()
    assert zh["detail"] == (
        "people.csv：以下列不对应申报材料的任何字段：'a', 'b'；请按申报材料的路径命名各列"
        "（person.birth_date、facts.<name>），或用 --mapping 映射"
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_unknown_api_path_is_a_problem_not_a_page(
    client: TestClient[Litestar], lang: str
) -> None:
    """Under /api/v1 the OpenAPI router would answer an unknown GET with a bare HTML
    page; a client gets problem details like for any other unknown path."""
    got = client.get(f"/api/v1/nope?lang={lang}")
    assert got.status_code == 404
    assert got.headers["content-type"].startswith("application/problem+json")
    detail = {"en": "no such resource: /api/v1/nope", "zh": "没有这一资源：/api/v1/nope"}
    assert got.json()["detail"] == detail[lang]
    assert client.get("/api/v1/openapi.json").status_code == 200
    assert client.get("/api/v1/docs").status_code == 200
    wrong = client.delete(f"/api/v1/check?lang={lang}").json()
    assert wrong["status"] == 405
    said = {
        "en": "DELETE is not allowed on /api/v1/check",
        "zh": "/api/v1/check 不接受 DELETE 请求",
    }
    assert wrong["detail"] == said[lang]
