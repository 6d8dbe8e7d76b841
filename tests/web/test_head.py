"""``HEAD`` answered as ``GET`` without a body, on the page, the API and static files."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import TestClient


@pytest.mark.parametrize(
    "url", ["/", "/api/v1/plugins", "/api/v1/openapi.json", "/static/style.css", "/check"]
)
def test_head_has_the_get_headers_and_no_body(client: TestClient[Litestar], url: str) -> None:
    got = client.get(url)
    head = client.head(url)
    assert got.status_code == head.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert head.headers["content-length"] == str(len(got.content))
    assert "content-security-policy" in head.headers


def test_head_of_an_unknown_page_is_404_and_of_a_post_only_route_405(
    client: TestClient[Litestar],
) -> None:
    assert client.head("/api/v1/nothing-here").status_code == 404
    assert client.head("/api/v1/check").status_code == 405
