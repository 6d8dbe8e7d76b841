"""Request bodies of the API: attrs classes, read by the framework into the OpenAPI
document. Case data (profile, award, event, cohort) stays free-form here and is parsed by
the library itself, so its errors name the field path as the CLI's do."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs


@attrs.define(kw_only=True)
class CheckRequest:
    """One case against some or all programmes."""

    profile: dict[str, Any]
    programmes: list[str] | None = None
    as_of: dt.date | None = None
    overrides: dict[str, Any] | None = None
    assume_calendar: bool = False


@attrs.define(kw_only=True)
class CompareRequest:
    """What-if: the case under the parameters in force and under ``overrides``."""

    profile: dict[str, Any]
    overrides: dict[str, Any]
    programmes: list[str] | None = None
    as_of: dt.date | None = None


@attrs.define(kw_only=True)
class ExitRequest:
    """An event (e.g. a team leader leaves) under a programme's exit rules."""

    programme: str
    event: dict[str, Any]
    award: dict[str, Any] | None = None
    profile: dict[str, Any] | None = None
    as_of: dt.date | None = None
    overrides: dict[str, Any] | None = None


@attrs.define(kw_only=True)
class GradeRequest:
    """A cohort graded under a programme's quotas."""

    programme: str
    subject: list[dict[str, Any]]
    as_of: dt.date | None = None
    overrides: dict[str, Any] | None = None


def field_names(cls: type[Any]) -> list[str]:
    return [f.name for f in attrs.fields(cls)]


@attrs.define(kw_only=True)
class FieldError:
    """One problem of the input: where (``$.profile.person.birth_date``) and what."""

    path: str
    message: str


@attrs.define(kw_only=True)
class ProblemDetails:
    """An error (RFC 9457): a problem type, a title, the detail, and for bad input each
    problem with its field path."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    errors: list[FieldError] | None = None
