"""Every command and code block in README.md and docs/ runs as written.

* ``bash`` / ``console`` / untagged blocks: each ``talentkit …`` line (``$ `` prompts and
  ``\\`` continuations allowed) is run and must exit 0;
* ``toml`` blocks must parse; one whose first line is ``# name.toml`` is saved under that
  name, in the directory the commands and Python blocks run in;
* ``python`` blocks are executed there;
* a block tagged ``fragment`` (```` ```python fragment ````) shows the shape of a larger
  declaration, with ``...`` for what is left out; it is not run;
* ``curl`` lines and Python blocks that call ``http://127.0.0.1:8000`` run against a server
  this test starts (the web extra); ``talentkit serve`` lines are parsed and their options
  checked, without starting a server.

The directory holds links to ``plugins``, ``tests`` and ``docs``, so the paths the docs use
work, and whatever a command writes lands there, not in the repository.
"""

from __future__ import annotations

import ast
import contextlib
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from talentkit.cli import main

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).parent.parent
FILES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
FILES = [f for f in FILES if "reference" not in f.parts]  # generated; kept by its own test
FENCE = re.compile(r"^```(?P<info>[^\n`]*)\n(?P<body>.*?)^```\s*$", re.M | re.S)


def blocks(path: Path) -> Iterator[tuple[str, str, int]]:
    text = path.read_text(encoding="utf-8")
    for m in FENCE.finditer(text):
        yield m.group("info").strip(), m.group("body"), text[: m.start()].count("\n") + 1


def commands(body: str) -> Iterator[str]:
    joined = re.sub(r"\\\n\s*", " ", body)
    for raw in joined.splitlines():
        line = raw.strip().removeprefix("$ ").strip()
        if line.startswith(("talentkit ", "curl ")):
            yield line
        if " && " in line:
            for part in line.split(" && "):
                sub = part.strip()
                if ".venv/bin/talentkit " in sub:
                    yield sub.split(".venv/bin/", 1)[1]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("docs")
    for name in ("plugins", "tests", "docs"):
        (work / name).symlink_to(ROOT / name)
    for path in FILES:  # files the docs define, available to every block
        for info, body, _ in blocks(path):
            first = body.splitlines()[0] if body.strip() else ""
            m = re.match(r"^#\s*([\w.-]+\.toml)\s*$", first)
            if info.startswith("toml") and m:
                (work / m.group(1)).write_text(body, encoding="utf-8")
    return work


@contextlib.contextmanager
def inside(path: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


CASES = [
    pytest.param(path, info, body, id=f"{path.relative_to(ROOT)}:{line}")
    for path in FILES
    for info, body, line in blocks(path)
]


SERVED = "http://127.0.0.1:8000"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """A live server for the documented API calls."""
    pytest.importorskip("litestar", reason="the web extra is not installed")
    from talentkit.web import create_app
    from talentkit.web.browser import live_server

    with live_server(create_app()) as url:
        yield url


def _serve(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A documented ``talentkit serve``: options parsed and checked, no server started."""
    uvicorn = pytest.importorskip("uvicorn", reason="the web extra is not installed")
    started: list[dict[str, object]] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: started.append(kw))
    monkeypatch.setenv("TALENTKIT_TOKEN", "documented")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert len(started) == 1


@pytest.mark.parametrize(("path", "info", "body"), CASES)
def test_documented_block_runs(
    workdir: Path,
    path: Path,
    info: str,
    body: str,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lang, _, tags = info.partition(" ")
    if lang == "toml":
        if "fragment" not in tags:
            tomllib.loads(body)
        return
    if lang == "python":
        if "fragment" in tags:
            return
        if SERVED in body:
            body = body.replace(SERVED, request.getfixturevalue("server"))
        tree = ast.parse(body)
        with inside(workdir):
            exec(compile(tree, str(path), "exec"), {"__name__": "__docs__"})
        return
    if lang not in ("", "bash", "console", "sh"):
        return  # csv, text: data shown, nothing to run
    for line in commands(body):
        if line.startswith("curl "):
            url = request.getfixturevalue("server")
            shell = line.replace(SERVED, url)
            with inside(workdir):
                done = subprocess.run(["bash", "-c", shell], capture_output=True, text=True)
            assert done.returncode == 0, f"{line}\n{done.stdout}{done.stderr}"
            continue
        args = shlex.split(line, comments=True)[1:]
        if args[:1] == ["serve"]:
            with inside(workdir):
                _serve(args, monkeypatch)
            continue
        if ">" in args:
            args = args[: args.index(">")]
        if args == ["docs"]:
            args = ["docs", "reference-out"]
        with inside(workdir):
            result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, f"{line}\n{result.output}"
        assert "Traceback" not in result.output


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_headings_are_not_repeated(path: Path) -> None:
    """A section written twice (a merge that kept both sides) reads as two answers."""
    prose = FENCE.sub("", path.read_text(encoding="utf-8"))
    headings = [line for line in prose.splitlines() if re.match(r"#{1,6} ", line)]
    repeated = sorted({h for h in headings if headings.count(h) > 1})
    assert not repeated, f"{path.name} repeats {repeated}"
