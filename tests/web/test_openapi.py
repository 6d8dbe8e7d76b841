"""Property-based tests generated from the OpenAPI document: no input the document allows,
nor any it does not, makes the server fail (5xx) or answer outside its own schema."""

from __future__ import annotations

import pytest

pytest.importorskip("schemathesis", reason="the dev extra is not installed")

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from talentkit import Engine
from talentkit.web import Settings, create_app

APP = create_app(Engine.create(), Settings(max_jobs=1))
SCHEMA = schemathesis.openapi.from_asgi("/api/v1/openapi.json", APP)
# batch jobs start a process each; their upload, limits and downloads have their own tests
SCHEMA = SCHEMA.exclude(path_regex="^/api/v1/jobs")


def test_the_document_is_openapi_3_1() -> None:
    assert SCHEMA.raw_schema["openapi"].startswith("3.1")
    assert "/api/v1/check" in SCHEMA.raw_schema["paths"]


@SCHEMA.parametrize()
@settings(
    max_examples=20,
    derandomize=True,  # the same examples every run
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_no_server_error_and_answers_match_the_document(case: schemathesis.Case) -> None:
    case.call_and_validate(
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance]
    )
