"""Regenerate the screenshots of the page under docs/images/ (needs the web extra and
Chromium from the OS packages): python scripts/screenshots.py"""

from __future__ import annotations

import sys
from pathlib import Path

from talentkit import Engine
from talentkit.web import Settings, create_app
from talentkit.web.browser import browser_page, chromium_missing, live_server

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "images"
YOUTH = ROOT / "plugins" / "shaanxi" / "examples" / "qianren_youth.toml"


def main() -> int:
    why = chromium_missing()
    if why is not None:
        print(f"cannot take screenshots: {why}", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    with live_server(create_app(Engine.create(), Settings())) as base, browser_page() as page:
        page.goto(base + "/")
        page.screenshot(path=OUT / "web-home.png")
        page.goto(base + "/programmes/shaanxi.qianren.youth#shaanxi.qianren.youth.age")
        page.screenshot(path=OUT / "web-rule.png")
        page.goto(base + "/check?programme=shaanxi.qianren.youth")
        page.locator("#generated").scroll_into_view_if_needed()
        page.screenshot(path=OUT / "web-form.png")
        page.locator("#as-of").fill("2026-06-30")
        page.locator("#case-file").set_input_files(str(YOUTH))
        page.locator("#submit-case").click()
        page.screenshot(path=OUT / "web-answer.png")
    for name in sorted(OUT.glob("web-*.png")):
        print(f"wrote {name.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
