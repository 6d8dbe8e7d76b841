"""The ASGI application: the API, the page, security headers and limits."""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.config.cors import CORSConfig
from litestar.datastructures import ResponseHeader
from litestar.enums import ScopeType
from litestar.openapi import OpenAPIConfig
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from talentkit.engine import Engine
from talentkit.web.api import api_router
from talentkit.web.jobs import Jobs
from talentkit.web.problems import HANDLERS, no_schema_page
from talentkit.web.service import Service, with_operator_params
from talentkit.web.settings import Settings
from talentkit.web.viewer import LocalSwaggerUI

#: the page's and the API viewer's own resources only (Swagger UI is served from the package)
PAGE_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = [
    ResponseHeader(name="X-Content-Type-Options", value="nosniff"),
    ResponseHeader(name="X-Frame-Options", value="DENY"),
    ResponseHeader(name="Referrer-Policy", value="no-referrer"),
    ResponseHeader(name="Cross-Origin-Opener-Policy", value="same-origin"),
]


def _csp(app: ASGIApp) -> ASGIApp:
    """A content security policy on every response."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"content-security-policy", PAGE_CSP.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await app(scope, receive, send_with)

    return middleware


def _head(app: ASGIApp) -> ASGIApp:
    """``HEAD`` answered as ``GET`` without the body (RFC 9110 9.3.2): the headers a
    ``GET`` would send, so monitors and link checkers can probe any page or resource."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP or scope.get("method") != "HEAD":
            await app(scope, receive, send)
            return

        async def send_headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await app({**scope, "method": "GET"}, receive, send_headers_only)

    return middleware


def create_app(engine: Engine | None = None, settings: Settings | None = None) -> Litestar:
    """The application for ``engine`` (default: built-ins and installed plugins)."""
    from talentkit.web.pages import page_router, template_config

    settings = settings or Settings()
    engine = with_operator_params(engine or Engine.create(), settings.overrides)
    service = Service(engine)
    jobs = Jobs(
        limit=settings.max_jobs,
        seconds=settings.job_seconds,
        ttl=settings.job_ttl_seconds,
        installed=dict(settings.overrides),
        scheduler=settings.scheduler,
    )
    cors = CORSConfig(allow_origins=list(settings.cors_origins)) if settings.cors_origins else None
    handlers: dict[Any, Any] = dict(HANDLERS)
    app = Litestar(
        route_handlers=[
            api_router(service, settings, jobs),
            page_router(service, jobs, settings.max_batch_bytes),
        ],
        exception_handlers=handlers,
        before_request=no_schema_page,
        response_headers=HEADERS,
        middleware=[_csp],
        cors_config=cors,
        request_max_body_size=settings.max_body_bytes,
        template_config=template_config(),
        openapi_config=OpenAPIConfig(
            title="talentkit",
            version="1",
            description=(
                "Chinese talent and innovation-support policies as cited, testable rules. "
                "Errors are RFC 9457 problem details (application/problem+json) naming "
                "the field path."
            ),
            path="/api/v1",
            render_plugins=[LocalSwaggerUI(path="/docs", spec_url="/api/v1/openapi.json")],
        ),
        on_shutdown=[jobs.close],
        debug=False,
    )
    # outside the routing, which answers 405 to a method no handler declares
    app.asgi_handler = _head(app.asgi_handler)
    return app


def app_from_env() -> Litestar:
    """The application ``talentkit serve`` starts (in each worker): settings from the
    environment variables the command sets."""
    import os

    from talentkit.params import load_overrides

    params = os.environ.get("TALENTKIT_SERVE_PARAMS", "")
    settings = Settings.from_env(
        overrides=load_overrides(params) if params else {},
        cors_origins=tuple(os.environ.get("TALENTKIT_SERVE_CORS", "").split()),
        max_jobs=int(os.environ.get("TALENTKIT_SERVE_MAX_JOBS", "4")),
        job_seconds=float(os.environ.get("TALENTKIT_SERVE_JOB_SECONDS", "600")),
        scheduler=os.environ.get("TALENTKIT_SERVE_SCHEDULER") or None,
    )
    return create_app(settings=settings)
