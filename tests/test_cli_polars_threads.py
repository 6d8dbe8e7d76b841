"""``talentkit batch`` in its own process leaves a core to its reading thread: polars' pool
is sized a core short of the machine's unless the environment sizes it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import talentkit.cli as cli


def _threads_after(
    command: str, cores: int, *, own_process: bool = True, given: str | None = None
) -> str:
    """The pool size in the environment once the program has started ``command``, in a
    fresh interpreter where polars is not loaded yet, on a machine of ``cores`` cores
    (``given``: set beforehand)."""
    code = (
        "import os, sys, talentkit.cli as c\n"
        "assert 'polars' not in sys.modules\n"
        f"os.sched_getaffinity = lambda pid: set(range({cores}))\n"
        f"if {own_process}: c._USUAL_THRESHOLD.append((700, 10, 10))\n"
        f"c._usual_pace({command!r})\n"
        f"print(os.environ.get({cli.POLARS_THREADS!r}, '<unset>'))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != cli.POLARS_THREADS}
    if given is not None:
        env[cli.POLARS_THREADS] = given
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    return done.stdout.strip()


@pytest.mark.parametrize(("cores", "threads"), [(1, "1"), (2, "1"), (3, "2"), (8, "7")])
def test_batch_in_its_own_process_leaves_a_core(cores: int, threads: str) -> None:
    assert _threads_after("batch", cores) == threads


@pytest.mark.parametrize(("command", "own"), [("check", True), ("serve", True), ("batch", False)])
def test_other_commands_and_library_callers_keep_polars_default(command: str, own: bool) -> None:
    assert _threads_after(command, 8, own_process=own) == "<unset>"


def test_a_size_given_in_the_environment_wins() -> None:
    assert _threads_after("batch", 8, given="8") == "8"


def test_no_setting_once_polars_is_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    import polars  # noqa: F401  (loaded: its pool is sized already)

    monkeypatch.delenv(cli.POLARS_THREADS, raising=False)
    cli.leave_a_core_to_reading()
    assert cli.POLARS_THREADS not in os.environ


def test_the_cores_counted_are_those_the_process_may_run_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 3, 5}, raising=False)
    assert cli.usable_cores() == 3
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    assert cli.usable_cores() == 1
