"""``talentkit batch`` in its own process sets up the libraries it reads with before it
loads them: pyarrow's jemalloc keeps the pages it frees, and polars' pool leaves a core to
the reading thread (a core short of the machine's), unless the environment says otherwise."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import talentkit.cli as cli
from talentkit.cores import usable_cores


def _setting_after(
    name: str,
    command: str,
    *,
    own_process: bool = True,
    given: str | None = None,
    cores: int = 8,
) -> str:
    """The environment's ``name`` once the program has started ``command``, in a fresh
    interpreter where neither pyarrow nor polars is loaded yet, on a machine of ``cores``
    cores (``given``: set beforehand)."""
    code = (
        "import os, sys, talentkit.cli as c\n"
        "assert 'pyarrow' not in sys.modules and 'polars' not in sys.modules\n"
        f"os.sched_getaffinity = lambda pid: set(range({cores}))\n"
        f"if {own_process}: c._USUAL_THRESHOLD.append((700, 10, 10))\n"
        f"c._usual_pace({command!r})\n"
        f"print(os.environ.get({name!r}, '<unset>'))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != name}
    if given is not None:
        env[name] = given
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    return done.stdout.strip()


def test_batch_in_its_own_process_keeps_pages() -> None:
    assert _setting_after(cli.ARROW_ALLOCATOR_CONF, "batch") == cli.KEEP_PAGES


@pytest.mark.parametrize(("cores", "threads"), [(1, "1"), (2, "1"), (3, "2"), (8, "7")])
def test_batch_in_its_own_process_leaves_a_core(cores: int, threads: str) -> None:
    assert _setting_after(cli.POLARS_THREADS, "batch", cores=cores) == threads


@pytest.mark.parametrize("name", [cli.ARROW_ALLOCATOR_CONF, cli.POLARS_THREADS])
@pytest.mark.parametrize(("command", "own"), [("check", True), ("serve", True), ("batch", False)])
def test_other_commands_and_library_callers_keep_the_default(
    name: str, command: str, own: bool
) -> None:
    assert _setting_after(name, command, own_process=own) == "<unset>"


@pytest.mark.parametrize(
    ("name", "given"),
    [(cli.ARROW_ALLOCATOR_CONF, "dirty_decay_ms:5000"), (cli.POLARS_THREADS, "8")],
)
def test_settings_given_in_the_environment_win(name: str, given: str) -> None:
    assert _setting_after(name, "batch", given=given) == given


def test_no_setting_once_pyarrow_is_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    import pyarrow  # noqa: F401  (loaded: its jemalloc has read its settings)

    monkeypatch.delenv(cli.ARROW_ALLOCATOR_CONF, raising=False)
    cli.keep_arrow_pages()
    assert cli.ARROW_ALLOCATOR_CONF not in os.environ


def test_no_setting_once_polars_is_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    import polars  # noqa: F401  (loaded: its pool is sized already)

    monkeypatch.delenv(cli.POLARS_THREADS, raising=False)
    cli.leave_a_core_to_reading()
    assert cli.POLARS_THREADS not in os.environ


def test_the_cores_counted_are_those_the_process_may_run_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 3, 5}, raising=False)
    assert usable_cores() == 3
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    assert usable_cores() == 1
