"""Problems in the reader's language: a page speaks Chinese unless ``?lang=en``; the API
answers in English unless ``?lang=zh``. Only the messages change: type, status, title and
field paths are the same in both."""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.testing import TestClient

from .conftest import example

YOUTH = "shaanxi/examples/qianren_youth.toml"
BAD_DATE = {"profile": {"person": {"birth_date": "1986-02-30"}}}


def _both(client: TestClient[Litestar], url: str, body: dict[str, Any]) -> tuple[Any, Any]:
    """The same request answered in English (the API's default) and in Chinese."""
    english = client.post(url, json=body)
    chinese = client.post(url + "?lang=zh", json=body)
    assert english.status_code == chinese.status_code
    assert client.post(url + "?lang=en", json=body).json() == english.json()
    en, zh = english.json(), chinese.json()
    for key in ("type", "title", "status", "instance"):
        assert en[key] == zh[key]
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
