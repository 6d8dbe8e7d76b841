"""The API viewer at ``/api/v1/docs``: Swagger UI served from the package itself.

Deployments on intranets without internet access cannot load Swagger UI from a CDN, so its
files (``swagger-ui-dist``, pinned below, Apache-2.0) ship under ``static/swagger-ui/`` and
the page loads only same-origin scripts and styles. The page carries no inline script: the
viewer reads the OpenAPI document from its URL, so the strict content security policy holds
here as on every other page.
"""

from __future__ import annotations

from html import escape
from typing import Any

from litestar import Request
from litestar.openapi.plugins import SwaggerRenderPlugin

#: the vendored ``swagger-ui-dist`` release (``npm pack swagger-ui-dist@5.35.0``)
SWAGGER_UI_VERSION = "5.35.0"
#: where the page's static route serves the vendored files
ASSETS = "/static/swagger-ui"


class LocalSwaggerUI(SwaggerRenderPlugin):
    """Swagger UI from the app's own static route, started by ``api-viewer.js``."""

    def __init__(self, path: str, spec_url: str) -> None:
        super().__init__(
            version=SWAGGER_UI_VERSION,
            js_url=f"{ASSETS}/swagger-ui-bundle.js",
            css_url=f"{ASSETS}/swagger-ui.css",
            standalone_preset_js_url=f"{ASSETS}/swagger-ui-standalone-preset.js",
            path=path,
            favicon="",
            style="",
        )
        self.spec_url = spec_url

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        title = escape(str(openapi_schema["info"]["title"]))
        spec = escape(self.spec_url)
        return (
            "<!DOCTYPE html><html><head>"
            f"<title>{title}</title>"
            '<meta charset="utf-8"><meta name="viewport" content="width=device-width, '
            'initial-scale=1">'
            f'<link href="{self.css_url}" rel="stylesheet">'
            '<link href="/static/api-viewer.css" rel="stylesheet">'
            f'<script src="{self.js_url}"></script>'
            f'<script src="{self.standalone_preset_js_url}"></script>'
            '<script src="/static/api-viewer.js" defer></script>'
            f'</head><body><div id="swagger-container" data-spec="{spec}"></div></body></html>'
        ).encode()
