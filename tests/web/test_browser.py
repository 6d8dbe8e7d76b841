"""The page in a real browser (Chromium from the OS packages, driven by playwright), as a
case worker uses it: browse to a rule, fill the form for a shipped example, read the
answer, switch language, upload a case file, what-if, run a small batch job."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from talentkit import Engine
from talentkit.web import Settings, create_app
from talentkit.web.browser import browser_page, chromium_missing, live_server
from talentkit.web.settings import REQUIRE_BROWSER_ENV

from .conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.browser

YOUTH = EXAMPLES / "shaanxi" / "examples" / "qianren_youth.toml"


@pytest.fixture(scope="module")
def base(engine: Engine) -> Iterator[str]:
    why = chromium_missing()
    if why is not None:
        if os.environ.get(REQUIRE_BROWSER_ENV) == "1":  # set by .ci/run: never skipped there
            pytest.fail(f"browser tests must run here: {why}")
        pytest.skip(why)
    with live_server(create_app(engine, Settings(max_jobs=2))) as url:
        yield url


@pytest.fixture
def page(base: str) -> Iterator[Any]:
    with browser_page() as p:
        yield p


def test_browse_jurisdiction_document_programme_rule(base: str, page: Any) -> None:
    page.goto(base + "/")
    page.locator("#j-shaanxi").get_by_role(
        "link", name="陕西省“千人计划”青年项目", exact=True
    ).click()
    rule = page.locator('[id="shaanxi.qianren.youth.degree"]')
    assert "SX-QR 第八条" in rule.inner_text()
    assert "申报人应具有博士学位" in rule.locator("blockquote").inner_text()
    age = page.locator('[id="shaanxi.qianren.youth.age"]')
    assert "shaanxi.qianren.youth.max_age" in age.locator("table.params").inner_text()
    page.get_by_role("link", name="陕西省“千人计划”实施办法", exact=False).first.click()
    clause = page.locator('[id="SX-QR/art8"]')
    assert "shaanxi.qianren.youth.degree" in clause.inner_text()


def _fill(page: Any, path: str, value: str) -> None:
    control = page.locator(f'[data-path="{path}"]')
    if control.evaluate("e => e.tagName") == "SELECT":
        control.select_option(value)
    else:
        control.fill(value)


def _youth_form(page: Any, base: str, lang: str = "zh") -> None:
    """The shipped qianren_youth example, typed in field by field, all but one fact."""
    page.goto(f"{base}/check?lang={lang}")
    page.locator('input[name="programme"][value="shaanxi.qianren.youth"]').check()
    page.locator("#show-form").click()
    page.locator("#as-of").fill("2026-06-30")
    for path, value in {
        "person.birth_date": "1986-03-31",
        "person.gender": "male",
        "person.degree": "doctor",
        "person.facts.shaanxi.fulltime_in_shaanxi": "false",
        "person.facts.shaanxi.national_qianren_research_funded": "false",
        "application.channel": "regular",
        "application.field": "eng",
        "application.reference_date": "2026-03-31",
        "application.facts.shaanxi.contract_kind": "work_contract",
        "application.facts.shaanxi.contract_fulltime": "true",
        "application.facts.shaanxi.contract_terms": "2",
        # shaanxi.min_term_years left out: the answer must name it
        "application.facts.shaanxi.research_grant": "500000",
        "attestations.shaanxi.health": "true",
    }.items():
        _fill(page, path, value)
    page.locator('[data-path="person.records"]').check()  # no records: said, not missing
    page.locator('[data-path="history.applications"]').check()
    page.locator("#attested-by").fill("employer HR office")
    page.locator("#submit-case").click()


def test_fill_the_form_and_read_the_answer(base: str, page: Any) -> None:
    _youth_form(page, base)
    row = page.locator("#answer tr.v-undetermined")
    assert "shaanxi.qianren.youth" in row.inner_text()
    assert "尚无法判定" in row.locator(".verdict").inner_text()
    assert "最短一个聘期的年数" in row.locator(".missing").inner_text()  # the Chinese label
    detail = page.locator('[id="p-shaanxi.qianren.youth"]')
    assert "SX-QR 第八条" in detail.inner_text()
    assert "「申报人应具有博士学位」" in detail.inner_text()
    assert "600000" in detail.locator("table.money-lines").inner_text()


def test_switch_language(base: str, page: Any) -> None:
    page.goto(base + "/programmes/shaanxi.qianren.youth")
    assert page.locator("h2").first.inner_text() == "条件"
    page.locator("#lang-switch").click()
    assert page.locator("h2").first.inner_text() == "Rules"
    assert "Shaanxi 千人计划: young talent" in page.locator("h1").inner_text()
    _youth_form(page, base, lang="en")
    row = page.locator("#answer tr.v-undetermined")
    assert "undetermined (facts needed)" in row.inner_text()
    assert "application.facts.shaanxi.min_term_years" in row.locator(".missing").inner_text()


def test_upload_a_case_file_download_and_print(base: str, page: Any) -> None:
    page.goto(base + "/check?programme=shaanxi.qianren.youth")
    page.locator("#as-of").fill("2026-06-30")
    page.locator("#case-file").set_input_files(str(YOUTH))
    page.locator("#submit-case").click()
    row = page.locator("#answer tr.v-needs_review")
    assert "待评审" in row.locator(".verdict").inner_text()
    assert "1100000" in row.locator(".money").inner_text()
    with page.expect_download() as got:
        page.locator("#download-json").click()
    saved = json.loads(Path(got.value.path()).read_text(encoding="utf-8"))
    assert saved["assessments"][0]["verdict"] == "needs_review"
    page.emulate_media(media="print")
    assert not page.locator("#download-json").is_visible()
    assert not page.locator("header nav").is_visible()
    assert page.locator("#answer").is_visible()


def test_what_if_a_parameter_changes(base: str, page: Any) -> None:
    page.goto(base + "/check?programme=shaanxi.qianren.youth")
    page.locator("#as-of").fill("2026-06-30")
    page.locator("#case-text").fill(YOUTH.read_text(encoding="utf-8"))
    page.locator("#submit-case").click()
    page.locator("#param-key").fill("shaanxi.qianren.youth.max_age")
    page.locator("#param-value").fill("39")  # born 1986-03-31: exactly 40 on 2026-03-31
    page.locator("#run-whatif").click()
    changes = page.locator("#changes").inner_text()
    assert "shaanxi.qianren.youth" in changes
    assert "needs_review" in changes
    assert "not_eligible" in changes


def test_bad_input_shows_the_field_path(base: str, page: Any) -> None:
    page.goto(base + "/check")
    page.locator("#case-text").fill("[person]\nbirth_date = 1986-02-30x\n")
    page.locator("#submit-case").click()
    assert "输入有误" in page.locator("h1").inner_text()
    page.goto(base + "/check")
    page.locator("#case-text").fill('[person]\nbirth_date = "1986-02-30"\n')
    page.locator("#submit-case").click()
    assert "$.person.birth_date" in page.locator("#problem-errors").inner_text()


def test_a_small_batch_job_runs_to_completion(base: str, page: Any) -> None:
    page.goto(base + "/batch")
    page.locator("#batch-file").set_input_files(str(ROOT / "docs" / "examples" / "cases.jsonl"))
    page.locator("#batch-programmes").fill("shaanxi.qianren.youth")
    page.locator("#batch-start").click()
    page.wait_for_selector("#job-status.job-done", timeout=90_000)
    summary = page.locator("#job-summary").inner_text()
    assert "2" in summary
    with page.expect_download() as got:
        page.locator("#job-errors").click()
    errors = Path(got.value.path()).read_text(encoding="utf-8").splitlines()
    assert len(errors) == 1
    assert "$.person.birth_date" in errors[0]
    assert "应为日期" in errors[0]  # the page's language


def test_api_viewer_renders_the_operations_from_this_origin(base: str, page: Any) -> None:
    foreign: list[str] = []
    refused: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(base) else foreign.append(r.url))
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    page.goto(base + "/api/v1/docs")
    operations = page.locator(".opblock")
    operations.first.wait_for(timeout=30_000)
    assert operations.count() > 10
    assert "/api/v1/check" in page.locator("#swagger-container").inner_text()
    assert foreign == []
    assert refused == []
