"""The generated reference in docs/reference/ matches the code and the installed plugins."""

from __future__ import annotations

from pathlib import Path

import pytest

from talentkit import Engine
from talentkit.docsgen import hook_names, write_docs

DOCS = Path(__file__).resolve().parent.parent / "docs"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    engine = Engine.create(block=["talentkit_fooland.plugin"])
    out = tmp_path_factory.mktemp("docs")
    return {p.name: p.read_text(encoding="utf-8") for p in write_docs(engine, out)}


def test_reference_is_current(generated: dict[str, str]) -> None:
    committed = {p.name: p.read_text(encoding="utf-8") for p in (DOCS / "reference").glob("*.md")}
    stale = sorted(name for name in generated if committed.get(name) != generated[name])
    extra = sorted(set(committed) - set(generated))
    hint = "docs/reference is out of date; run `talentkit docs`"
    assert not stale, f"{hint} (stale: {stale})"
    assert not extra, f"{hint} (no longer generated: {extra})"


def test_every_hook_is_in_the_reference(generated: dict[str, str]) -> None:
    for name in hook_names():
        assert f"## `{name}`" in generated["hooks.md"]
        assert "(undocumented)" not in generated["hooks.md"]


def test_every_command_is_in_the_cli_reference(generated: dict[str, str]) -> None:
    from talentkit.cli import main

    for name in main.commands:
        assert f"## `talentkit {name}`" in generated["cli.md"]


def test_every_command_that_exits_1_is_in_the_exit_code_table(generated: dict[str, str]) -> None:
    import inspect

    from talentkit.cli import main

    exits_1 = {
        name
        for name, cmd in main.commands.items()
        if cmd.callback is not None
        and any(s in inspect.getsource(cmd.callback) for s in ("exit(1)", "SystemExit(1)"))
    }
    assert exits_1 >= {"check", "coverage", "lint"}
    (row,) = [line for line in generated["cli.md"].splitlines() if line.startswith("| 1 |")]
    for name in exits_1:
        assert f"`{name}" in row, name


def test_the_values_page_lists_every_code_with_its_labels(generated: dict[str, str]) -> None:
    page = generated["values.md"]
    assert "| `degree` | `doctor` | 博士 | doctorate |" in page
    assert (
        "| `xinzhou.eco.patent.type` (专利类型) | `invention` | 发明专利 | invention patent |"
        in page
    )
    assert "| `yangquan.commissioner` | `excellent` | 优秀 | excellent |" in page
    assert "|  |" not in page  # no value without a label
