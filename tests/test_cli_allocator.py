"""``talentkit batch`` in its own process has pyarrow's jemalloc keep the pages it frees."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import talentkit.cli as cli


def _conf_after(command: str, *, own_process: bool = True, given: str | None = None) -> str:
    """The jemalloc settings in the environment once the program has started ``command``,
    in a fresh interpreter where pyarrow is not loaded yet (``given``: set beforehand)."""
    code = (
        "import os, sys, talentkit.cli as c\n"
        "assert 'pyarrow' not in sys.modules\n"
        f"if {own_process}: c._USUAL_THRESHOLD.append((700, 10, 10))\n"
        f"c._usual_pace({command!r})\n"
        f"print(os.environ.get({cli.ARROW_ALLOCATOR_CONF!r}, '<unset>'))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != cli.ARROW_ALLOCATOR_CONF}
    if given is not None:
        env[cli.ARROW_ALLOCATOR_CONF] = given
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    return done.stdout.strip()


def test_batch_in_its_own_process_keeps_pages() -> None:
    assert _conf_after("batch") == cli.KEEP_PAGES


@pytest.mark.parametrize(("command", "own"), [("check", True), ("serve", True), ("batch", False)])
def test_other_commands_and_library_callers_keep_the_default(command: str, own: bool) -> None:
    assert _conf_after(command, own_process=own) == "<unset>"


def test_settings_given_in_the_environment_win() -> None:
    assert _conf_after("batch", given="dirty_decay_ms:5000") == "dirty_decay_ms:5000"


def test_no_setting_once_pyarrow_is_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    import pyarrow  # noqa: F401  (loaded: its jemalloc has read its settings)

    monkeypatch.delenv(cli.ARROW_ALLOCATOR_CONF, raising=False)
    cli.keep_arrow_pages()
    assert cli.ARROW_ALLOCATOR_CONF not in os.environ
