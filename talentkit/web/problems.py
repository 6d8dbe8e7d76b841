"""Errors as RFC 9457 problem details: a title, the detail, and for bad input one entry per
problem with its field path. Never a stack trace."""

from __future__ import annotations

import logging
import re
from typing import Any

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, NotFoundException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from talentkit.convert import InputError
from talentkit.engine import ProgrammeNotFound
from talentkit.hooks import HookFailed
from talentkit.inputtext import error_in, message_in
from talentkit.params import ParameterError
from talentkit.text import Lang
from talentkit.workdays import CalendarError

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://talentkit.org/problems/"
log = logging.getLogger("talentkit.web")


class Problem(Exception):
    """An error the API reports as a problem details response."""

    def __init__(
        self,
        status: int,
        kind: str,
        title: str,
        detail: str,
        errors: list[dict[str, str]] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.kind = kind
        self.title = title
        self.detail = detail
        self.errors = errors or []

    def body(self, instance: str) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": TYPE_BASE + self.kind,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            "instance": instance,
        }
        if self.errors:
            out["errors"] = self.errors
        return out


def split_path(message: str, under: str = "") -> dict[str, str]:
    """``"expected a date @ $.person.birth_date"`` → message and path (moved ``under``)."""
    text, sep, path = message.rpartition(" @ ")
    if not sep or not path.startswith("$"):
        return {"path": "$" + under if under else "$", "message": message}
    if under:
        path = "$" + under + path[1:]
    return {"path": path, "message": text}


def invalid(errors: list[str], under: str = "") -> Problem:
    found = [split_path(e, under) for e in errors]
    detail = "; ".join(f"{e['message']} @ {e['path']}" for e in found)
    return Problem(422, "invalid-input", "invalid input", detail, found)


def from_library(exc: Exception, under: str = "") -> Problem:
    """The library's user-facing errors as problems; ``under`` is where the input sits."""
    if isinstance(exc, InputError):
        return invalid(exc.errors, under)
    if isinstance(exc, ProgrammeNotFound):
        return Problem(404, "unknown-programme", "unknown programme", str(exc))
    if isinstance(exc, ParameterError):
        return Problem(
            422,
            "invalid-parameter",
            "invalid parameter",
            str(exc),
            [{"path": _override_path(str(exc), under), "message": str(exc)}],
        )
    if isinstance(exc, CalendarError):
        return Problem(422, "calendar-unknown", "calendar not known", str(exc))
    if isinstance(exc, HookFailed):
        return Problem(500, "plugin-failed", "a plugin's hook failed", str(exc))
    raise exc


def _override_path(message: str, under: str) -> str:
    """Where a bad operator value sits: ``$.overrides['key']`` when the message names it."""
    found = re.search(r"overrides: ([\w.]+)|parameter '([\w.]+)'", message)
    key = (found.group(1) or found.group(2)) if found else ""
    base = "$" + under
    return f"{base}['{key}']" if key and under else base


def language(request: Request[Any, Any, Any]) -> Lang:
    """The language a request asks for with ``?lang=``: a page speaks Chinese unless asked
    for English; the API answers in English, as its clients read it, unless asked for
    Chinese."""
    asked = request.query_params.get("lang")
    if request.url.path.startswith("/api/"):
        return "zh" if asked == "zh" else "en"
    return "en" if asked == "en" else "zh"


def in_language(body: dict[str, Any], lang: Lang) -> dict[str, Any]:
    """A problem's title and messages in ``lang``; its type, status and field paths as
    they are, so a client tells problems apart the same way in either language."""
    if lang == "en":
        return body
    out = dict(body, title=message_in(body["title"], lang), detail=error_in(body["detail"], lang))
    if "errors" in body:
        errors = [dict(e, message=message_in(e["message"], lang)) for e in body["errors"]]
        out["errors"] = errors
        # a detail that lists the errors (bad input) is the list of their readings
        if body["detail"] == _listed(body["errors"]):
            out["detail"] = _listed(errors)
    return out


def _listed(errors: list[dict[str, str]]) -> str:
    return "; ".join(f"{e['message']} @ {e['path']}" for e in errors)


def _response(request: Request[Any, Any, Any], problem: Problem) -> Response[Any]:
    if not request.url.path.startswith("/api/"):
        return _page(request, problem)
    return Response(
        content=in_language(problem.body(request.url.path), language(request)),
        status_code=problem.status,
        media_type=PROBLEM_JSON,
    )


def _page(request: Request[Any, Any, Any], problem: Problem) -> Response[Any]:
    """On the page, the same problem as HTML, each field path beside its message."""
    from litestar.response import Template

    from talentkit.web.i18n import word

    lang = language(request)
    return Template(
        "error.html",
        context={
            "lang": lang,
            "w": lambda key: word(key, lang),
            "switch": "?lang=" + ("zh" if lang == "en" else "en"),
            "problem": in_language(problem.body(request.url.path), lang),
        },
        status_code=problem.status,
    )


def no_schema_page(request: Request[Any, Any, Any]) -> None:
    """The OpenAPI router answers any unknown ``GET`` under its path (``/api/v1``) with
    a bare HTML page; an API client gets the problem every other unknown path gets."""
    from litestar._openapi.plugin import handle_schema_path_not_found

    handler: object = request.route_handler.fn
    if handler is handle_schema_path_not_found:
        raise NotFoundException(f"no such resource: {request.url.path}")


def on_problem(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    assert isinstance(exc, Problem)
    return _response(request, exc)


def on_validation(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """The framework's request validation: one entry per field with its path."""
    assert isinstance(exc, ValidationException)
    found = []
    for item in exc.extra if isinstance(exc.extra, list) else []:
        key = str(item.get("key", "")) if isinstance(item, dict) else ""
        message = str(item.get("message", "")) if isinstance(item, dict) else str(item)
        source = str(item.get("source", "body")) if isinstance(item, dict) else "body"
        path = "$" + (f".{key}" if key and source == "body" else "")
        if source != "body" and key:
            message = f"{source} parameter {key!r}: {message}"
        found.append({"path": path, "message": message})
    if not found:
        found.append({"path": "$", "message": str(exc.detail)})
    detail = "; ".join(f"{e['message']} @ {e['path']}" for e in found)
    return _response(request, Problem(422, "invalid-input", "invalid input", detail, found))


def on_http(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    assert isinstance(exc, HTTPException)
    status = exc.status_code
    title = {
        400: "bad request",
        401: "unauthorised",
        404: "not found",
        405: "method not allowed",
        413: "request too large",
        429: "too many jobs",
    }.get(status, "error")
    kind = title.replace(" ", "-")
    detail = str(exc.detail)
    # the framework's routing says only the reason phrase ("Not Found"); say what was asked
    if status == 404 and detail == "Not Found":
        detail = f"no such resource: {request.url.path}"
    elif status == 405 and detail == "Method Not Allowed":
        detail = f"{request.method} is not allowed on {request.url.path}"
    return _response(request, Problem(status, kind, title, detail))


def on_error(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """Anything unexpected: logged here, reported without internals."""
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    problem = Problem(
        HTTP_500_INTERNAL_SERVER_ERROR,
        "internal-error",
        "internal error",
        "the server could not answer; the error is in its log",
    )
    return _response(request, problem)


HANDLERS: dict[type[Exception] | int, Any] = {
    Problem: on_problem,
    ValidationException: on_validation,
    HTTPException: on_http,
    Exception: on_error,
}

__all__ = [
    "HANDLERS",
    "PROBLEM_JSON",
    "MediaType",
    "Problem",
    "from_library",
    "invalid",
    "no_schema_page",
]
