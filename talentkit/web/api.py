"""The JSON API under ``/api/v1``."""

from __future__ import annotations

import datetime as dt
import hmac
from typing import Any, Literal

import anyio
import attrs
from litestar import MediaType, Request, Response, Router, delete, get, post
from litestar.connection import ASGIConnection
from litestar.datastructures import UploadFile
from litestar.exceptions import NotAuthorizedException
from litestar.handlers.base import BaseRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, FromQuery, JSONBody, MultipartBody
from litestar.response import File

from talentkit.convert import unstructure
from talentkit.jsonwriter import compact_utf8
from talentkit.web.jobs import Jobs, job_columns
from talentkit.web.models import (
    CheckRequest,
    CompareRequest,
    ExitRequest,
    GradeRequest,
    ProblemDetails,
    field_names,
)
from talentkit.web.problems import PROBLEM_JSON, Problem, invalid
from talentkit.web.service import Service, check_keys, exact_json
from talentkit.web.settings import Settings


@attrs.define(kw_only=True)
class JobUpload:
    """A batch file (.jsonl, .csv, .xlsx or .parquet) and what to screen it against."""

    file: UploadFile
    programmes: str = ""
    as_of: str = ""
    #: the result columns to write besides row, subject_id and programme (default all)
    columns: str | None = None
    #: the verdicts alone, a row per case and a column per programme (``batch --wide``)
    wide: bool = False


_PROBLEM = ResponseSpec(
    data_container=ProblemDetails, description="a problem (RFC 9457)", media_type=PROBLEM_JSON
)
#: every operation may answer with a problem
ERRORS: dict[int, ResponseSpec] = dict.fromkeys(
    (400, 401, 404, 405, 409, 413, 422, 429, 500), _PROBLEM
)


def json_response(obj: Any) -> Response[dict[str, Any]]:
    """``obj`` as JSON without indentation: the document ``talentkit … --format json``
    prints (:func:`talentkit.to_json`), written by orjson from the records themselves
    (:func:`talentkit.jsonwriter.compact_utf8`) rather than first copied into the tables
    of ``unstructure`` for the framework to write (for one profile against every
    programme, a copy that cost more than assessing, explaining and writing together);
    through ``unstructure`` where that writer declines."""
    data = compact_utf8(obj)
    body: Any = unstructure(obj) if data is None else data
    return Response(body, media_type=MediaType.JSON)


def _today() -> dt.date:
    return dt.date.today()


def _selectors(value: str) -> list[str] | None:
    items = [s.strip() for s in value.replace(",", " ").split() if s.strip()]
    return items or None


def api_router(service: Service, settings: Settings, jobs: Jobs) -> Router:
    """Every endpoint, closed over one engine, its settings and its jobs."""

    def bearer(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        if settings.token is None:
            return
        given = connection.headers.get("authorization", "")
        expected = f"Bearer {settings.token}"
        if not hmac.compare_digest(given.encode(), expected.encode()):
            raise NotAuthorizedException("a bearer token is needed: Authorization: Bearer …")

    async def body_of(request: Request[Any, Any, Any], cls: type[Any]) -> dict[str, Any]:
        raw = exact_json(await request.body())
        check_keys(raw, field_names(cls))
        return raw  # type: ignore[no-any-return]

    @get(responses=ERRORS, path="/plugins", sync_to_thread=False)
    def plugins() -> dict[str, Any]:
        """Installed plugins, their versions, hooks, programmes, and problems."""
        return service.plugins()

    @get(responses=ERRORS, path="/jurisdictions", sync_to_thread=False)
    def jurisdictions() -> list[dict[str, Any]]:
        """Jurisdictions with their documents and programmes."""
        return service.jurisdictions()

    @get(responses=ERRORS, path="/documents", sync_to_thread=False)
    def documents() -> list[dict[str, Any]]:
        """Source documents: title, number, status, issuing organ, programmes."""
        return service.documents()

    @get(responses=ERRORS, path="/documents/{document_id:str}", sync_to_thread=True)
    def document(document_id: FromPath[str]) -> dict[str, Any]:
        """A document's clauses as shipped, and what implements each (coverage)."""
        return service.document_detail(document_id)

    @get(responses=ERRORS, path="/programmes", sync_to_thread=False)
    def programmes(
        show_all: FromQuery[bool] = False,
        lang: FromQuery[Literal["zh", "en"]] = "zh",
        as_of: FromQuery[dt.date | None] = None,
    ) -> list[dict[str, Any]]:
        """Programmes enabled on ``as_of`` (default today); ``show_all`` adds drafts."""
        return service.programmes(show_all, lang, as_of or _today())

    @get(responses=ERRORS, path="/programmes/{programme_id:str}/rules", sync_to_thread=False)
    def rules(
        programme_id: FromPath[str], as_of: FromQuery[dt.date | None] = None
    ) -> list[dict[str, Any]]:
        """Rules, funding lines, scoring and exit rules with citations; texts show the
        parameter values in force on ``as_of``. The id may be a prefix or jurisdiction."""
        return service.rules(programme_id, as_of or _today())

    @get(responses=ERRORS, path="/parameters", sync_to_thread=False)
    def parameters(
        prefix: FromQuery[str] = "", as_of: FromQuery[dt.date | None] = None
    ) -> list[dict[str, Any]]:
        """Parameters in force on ``as_of``, with citations; ``required`` when the text is
        silent and the operator must set the value."""
        return service.parameters(prefix, as_of or _today())

    @get(responses=ERRORS, path="/schema", sync_to_thread=False)
    def schema() -> dict[str, Any]:
        """The JSON Schema (2020-12) of a case, with every declared fact."""
        return service.schema()

    @post(responses=ERRORS, path="/check", status_code=200)
    async def check(
        request: Request[Any, Any, Any], data: JSONBody[CheckRequest]
    ) -> Response[dict[str, Any]]:
        """Assess one case: the same JSON as ``talentkit check --format json``."""
        raw = await body_of(request, CheckRequest)
        profile = service.profile(raw["profile"])
        return await anyio.to_thread.run_sync(
            lambda: json_response(
                service.assess(
                    profile, data.programmes, data.as_of, raw.get("overrides"), data.assume_calendar
                )
            )
        )

    @post(responses=ERRORS, path="/compare", status_code=200)
    async def compare(
        request: Request[Any, Any, Any], data: JSONBody[CompareRequest]
    ) -> dict[str, Any]:
        """What-if: the changes of verdict and amount when ``overrides`` apply."""
        raw = await body_of(request, CompareRequest)
        profile = service.profile(raw["profile"])
        return await anyio.to_thread.run_sync(
            lambda: service.compare(profile, raw["overrides"], data.programmes, data.as_of)
        )

    @post(responses=ERRORS, path="/exit", status_code=200)
    async def exit_(request: Request[Any, Any, Any], data: JSONBody[ExitRequest]) -> dict[str, Any]:
        """Consequences of an event for an award: status, recovery, bans, deadlines."""
        raw = await body_of(request, ExitRequest)
        return service.exit(
            data.programme,
            raw.get("award"),
            raw["event"],
            raw.get("profile"),
            data.as_of,
            raw.get("overrides"),
        )

    @post(responses=ERRORS, path="/grade", status_code=200)
    async def grade(
        request: Request[Any, Any, Any], data: JSONBody[GradeRequest]
    ) -> dict[str, Any]:
        """Annual grading of a cohort under the programme's quotas."""
        raw = await body_of(request, GradeRequest)
        return service.grade(data.programme, raw["subject"], data.as_of, raw.get("overrides"))

    @post(
        responses=ERRORS,
        path="/jobs",
        status_code=202,
        request_max_body_size=settings.max_batch_bytes,
    )
    async def start_job(
        data: MultipartBody[JobUpload],
    ) -> dict[str, Any]:
        """Start screening a batch file; poll the returned ``links.self``."""
        content = await data.file.read()
        if len(content) > settings.max_batch_bytes:
            raise Problem(413, "request-too-large", "request too large", "the file is too large")
        on = _parse_day(data.as_of) or _today()
        selectors = _selectors(data.programmes)
        service.select(selectors)  # unknown programmes are an error now, not in the job
        columns = job_columns(data.columns, data.wide)  # so is an unknown column
        return jobs.start(
            data.file.filename or "", content, selectors, on, None, columns, data.wide
        )

    @get(responses=ERRORS, path="/jobs/{job_id:str}", sync_to_thread=False)
    def job(job_id: FromPath[str], lang: FromQuery[Literal["zh", "en"]] = "en") -> dict[str, Any]:
        """A job's progress (rows read) and, when done, its summary and download links;
        when failed, why (in Chinese with ``lang=zh``)."""
        return jobs.status(job_id, lang)

    @get(
        responses=ERRORS,
        path="/jobs/{job_id:str}/results",
        sync_to_thread=False,
        media_type="application/x-ndjson",
    )
    def job_results(job_id: FromPath[str]) -> File:
        """One JSON line per case and programme."""
        return File(jobs.file(job_id, "results"), filename="results.jsonl")

    @get(
        responses=ERRORS,
        path="/jobs/{job_id:str}/errors",
        sync_to_thread=False,
        media_type="application/x-ndjson",
    )
    def job_errors(job_id: FromPath[str], lang: FromQuery[Literal["zh", "en"]] = "en") -> File:
        """One JSON line per malformed row: row, field path, message (in Chinese with
        ``lang=zh``)."""
        return File(jobs.file(job_id, "errors", lang), filename="errors.jsonl")

    @delete(responses=ERRORS, path="/jobs/{job_id:str}", sync_to_thread=False)
    def drop_job(job_id: FromPath[str]) -> None:
        """Remove a job and its files."""
        jobs.delete(job_id)

    return Router(
        path="/api/v1",
        guards=[bearer],
        route_handlers=[
            plugins,
            jurisdictions,
            documents,
            document,
            programmes,
            rules,
            parameters,
            schema,
            check,
            compare,
            exit_,
            grade,
            start_job,
            job,
            job_results,
            job_errors,
            drop_job,
        ],
        tags=["talentkit"],
    )


def _parse_day(value: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise invalid([f"expected a date YYYY-MM-DD, got {value!r} @ $.as_of"]) from None
