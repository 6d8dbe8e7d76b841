"""The API viewer works without internet: Swagger UI comes from the package itself."""

from __future__ import annotations

import re
from pathlib import Path

from litestar import Litestar
from litestar.testing import TestClient

import talentkit.web
from talentkit.web.viewer import SWAGGER_UI_VERSION

STATIC = Path(talentkit.web.__file__).parent / "static"


def test_viewer_page_references_only_same_origin_assets(client: TestClient[Litestar]) -> None:
    got = client.get("/api/v1/docs")
    assert got.status_code == 200
    urls = re.findall(r'(?:src|href)="([^"]*)"', got.text)
    assert "/static/swagger-ui/swagger-ui-bundle.js" in urls
    assert "/static/swagger-ui/swagger-ui.css" in urls
    assert all(u.startswith("/") and not u.startswith("//") for u in urls), urls
    assert "http://" not in got.text
    assert "https://" not in got.text
    assert "<script>" not in got.text  # no inline script: the strict policy holds here too


def test_viewer_page_has_the_strict_content_security_policy(client: TestClient[Litestar]) -> None:
    policy = client.get("/api/v1/docs").headers["content-security-policy"]
    assert "script-src 'self';" in policy
    assert "connect-src 'self';" in policy
    assert "http" not in policy
    assert "unsafe" not in policy


def test_viewer_assets_are_served_with_their_content_types(client: TestClient[Litestar]) -> None:
    for name, media in [
        ("swagger-ui-bundle.js", "javascript"),
        ("swagger-ui-standalone-preset.js", "javascript"),
        ("swagger-ui.css", "text/css"),
    ]:
        got = client.get(f"/static/swagger-ui/{name}")
        assert got.status_code == 200, name
        assert media in got.headers["content-type"], (name, got.headers["content-type"])
        assert got.content == (STATIC / "swagger-ui" / name).read_bytes()
    assert client.get("/static/api-viewer.js").status_code == 200
    assert client.get("/api/v1/openapi.json").status_code == 200


def test_vendored_release_and_licence_ship_with_the_package() -> None:
    here = STATIC / "swagger-ui"
    assert "Apache License" in (here / "LICENSE").read_text(encoding="utf-8")
    assert (here / "swagger-ui-bundle.js.LICENSE.txt").is_file()
    # the bundle names its own version; the pin in viewer.py must say the same
    bundle = (here / "swagger-ui-bundle.js").read_text(encoding="utf-8")
    assert f'PACKAGE_VERSION:"{SWAGGER_UI_VERSION}"' in bundle


def test_no_shipped_asset_points_to_a_file_that_is_not_shipped() -> None:
    import re

    from talentkit.web import pages

    static = Path(pages.__file__).parent / "static"
    for asset in static.rglob("*"):
        if asset.suffix not in (".css", ".js"):
            continue
        for name in re.findall(r"sourceMappingURL=([^\s*]+)", asset.read_text("utf-8")):
            assert (asset.parent / name).is_file(), f"{asset.name} names {name}"
