"""Fixtures of the web tests: one engine for the session, an app and its test client."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("litestar", reason="the web extra is not installed")

from litestar import Litestar
from litestar.testing import TestClient

from talentkit import Engine
from talentkit.web import Settings, create_app

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "plugins"


def plain(value: Any) -> Any:
    """TOML data as JSON sends it: dates ISO, decimals as written."""
    return json.loads(json.dumps(value, default=_default))


def _default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(type(value).__name__)


def example(path: str) -> Any:
    return plain(tomllib.loads((EXAMPLES / path).read_text(encoding="utf-8")))


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine.create()


@pytest.fixture(scope="module")
def app(engine: Engine) -> Litestar:
    return create_app(engine, Settings(max_jobs=2, job_seconds=120))


@pytest.fixture(scope="module")
def client(app: Litestar) -> Iterator[TestClient[Litestar]]:
    with TestClient(app) as c:
        yield c
