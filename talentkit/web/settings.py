"""What an operator configures when serving: limits, token, CORS, parameter overrides."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import attrs

#: environment variable holding the API's bearer token (``--token`` takes precedence)
TOKEN_ENV = "TALENTKIT_TOKEN"
#: environment variable set to ``1`` by ``.ci/run``: browser tests must run, not skip
REQUIRE_BROWSER_ENV = "TALENTKIT_REQUIRE_BROWSER"


@attrs.frozen(kw_only=True)
class Settings:
    """Limits and switches of one server.

    :param token: when set, every ``/api/v1`` request but the OpenAPI document needs
        ``Authorization: Bearer <token>``
    :param cors_origins: origins allowed to call the API from a browser; none by default
    :param overrides: operator parameter values (``--params``) every assessment uses
    :param max_body_bytes: largest JSON request body
    :param max_batch_bytes: largest batch file upload
    :param max_jobs: batch jobs kept at once (running or waiting to be downloaded)
    :param job_seconds: a batch job still running after this long is stopped
    :param job_ttl_seconds: a finished job's files are removed after this long
    :param scheduler: a Dask scheduler address (``tcp://HOST:PORT``) or ``"local"``: batch
        jobs on Parquet files run there; none: every job runs in a local child process
    """

    token: str | None = None
    cors_origins: tuple[str, ...] = ()
    overrides: Mapping[str, Any] = attrs.field(factory=dict)
    max_body_bytes: int = 1 << 20
    max_batch_bytes: int = 20 << 20
    max_jobs: int = 4
    job_seconds: float = 600.0
    job_ttl_seconds: float = 3600.0
    scheduler: str | None = None

    @classmethod
    def from_env(cls, **given: Any) -> Settings:
        """Settings with the token from :data:`TOKEN_ENV` unless one is given."""
        if not given.get("token"):
            given["token"] = os.environ.get(TOKEN_ENV) or None
        return cls(**given)
