"""The ``talentkit`` command: a thin layer that parses, calls the library and prints.

Exit codes: see :data:`EXIT_CODES` (rendered into the CLI reference).
"""

from __future__ import annotations

import atexit
import gc
import importlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from talentkit import _pace
from talentkit.cores import usable_cores

_usual = _pace.slower()  # click, at the pace talentkit's other dependencies are imported
try:
    import click
finally:
    _pace.restore(_usual)

if TYPE_CHECKING:
    from talentkit.engine import Engine

EXIT_CODES: tuple[tuple[int, str], ...] = (
    (0, "success"),
    (
        1,
        "`check --fail-on` matched a verdict; `coverage`: a clause has nothing; "
        "`lint`: a declaration or citation has a problem; `batch`: no row was assessed "
        "(an empty input, or every row an error row)",
    ),
    (
        2,
        "usage or input error: bad option, unreadable, binary or invalid file, a value "
        "outside its domain, a key naming no rule or event kind, unknown programme or "
        "parameter",
    ),
    (
        3,
        "a plugin's hook raised or answered with the wrong type: the programmes it "
        "touched get the verdict `error` naming plugin, hook and message, every other "
        "programme is still assessed and reported (`check`, `exit`, `grade`, `batch`)",
    ),
)


class _Lazy:
    """The engine is built on first use, so ``--help`` never loads plugins."""

    def __init__(self) -> None:
        self._engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            from talentkit.engine import Engine

            self._engine = Engine.create()
            for p in self._engine.problems:
                click.secho(
                    f"warning: plugin {p.plugin}: {p.problem}\n  → {p.advice}",
                    fg="yellow",
                    err=True,
                )
        return self._engine


_FREEZE_AT_EXIT: list[bool] = []


def _end_without_collecting() -> None:
    """When the process ends, skip the garbage collector's last passes over everything
    still alive (modules, classes, the loaded programmes, the report): they are about a
    ninth of a short command's time and free nothing the process needs. Objects are still released
    as their modules are cleared; only unreachable cycles are left to the operating
    system, which reclaims the whole process anyway. Registered once per process."""
    if not _FREEZE_AT_EXIT:
        _FREEZE_AT_EXIT.append(True)
        atexit.register(gc.freeze)


#: the commands that may run for long (a server, a batch of any size): the collector keeps
#: its usual pace for them
_LONG_RUNNING = frozenset({"batch", "serve"})
#: new container objects between two collections while a one-shot command starts and runs
#: (the interpreter's default is 700)
_ONE_SHOT_THRESHOLD = _pace.ONE_SHOT_THRESHOLD
#: the collector's thresholds before :func:`run` changed them
_USUAL_THRESHOLD: list[tuple[int, ...]] = []


def run() -> None:
    """The ``talentkit`` program: :func:`main` in a process of its own.

    Starting a command (importing talentkit and the plugins, building ~130 attrs classes)
    and a one-shot command's work (``check``, ``programmes``…) allocate millions of objects
    and leave few cycles: at the default pace the collector runs thousands of times and
    frees next to nothing. It runs a 140th as often here; collections still happen, so
    memory stays bounded (unlike with the collector off), and the long-running commands
    get the usual pace back before they start (:func:`_usual_pace`). Only in the
    program's own process: a library caller or a test calling :func:`main` keeps its
    collector as it set it."""
    # the thresholds before the process took its pace (at its first import, when started
    # as the program: talentkit._pace.program_start)
    _USUAL_THRESHOLD.append((_pace.FOUND_BY_PROGRAM or [gc.get_threshold()])[0])
    gc.set_threshold(_ONE_SHOT_THRESHOLD, *gc.get_threshold()[1:])
    main()


def _usual_pace(command: str | None) -> None:
    if _USUAL_THRESHOLD and command in _LONG_RUNNING:
        gc.set_threshold(*_USUAL_THRESHOLD[0])
    if _USUAL_THRESHOLD and command == "batch":
        keep_arrow_pages()
        leave_a_core_to_reading()


#: the environment variable pyarrow's jemalloc reads its settings from, once, as pyarrow
#: is loaded
ARROW_ALLOCATOR_CONF = "JE_ARROW_MALLOC_CONF"
#: freed pages kept for reuse: by default pyarrow's jemalloc (which reads the nested Parquet
#: input, :mod:`talentkit.batch.leaves`) gives them back within a second, and each row
#: group's arrays are faulted in afresh (most of the reading's system time)
KEEP_PAGES = "dirty_decay_ms:-1,muzzy_decay_ms:-1"


def keep_arrow_pages() -> None:
    """Have pyarrow's jemalloc keep the pages it frees, for ``batch`` in the program's own
    process (which ends with the run: the pages are not given back before, up to the peak
    of what the reading held at once). No effect once pyarrow is loaded, nor when the
    environment gives jemalloc settings of its own."""
    if "pyarrow" not in sys.modules:
        os.environ.setdefault(ARROW_ALLOCATOR_CONF, KEEP_PAGES)


#: the environment variable polars reads the size of its thread pool from, once, as polars
#: is loaded
POLARS_THREADS = "POLARS_MAX_THREADS"


def leave_a_core_to_reading() -> None:
    """Size polars' thread pool a core short of the machine's, for ``batch`` in the
    program's own process: the command reads the next chunk on a thread of its own while
    one is assessed, and a pool of a thread per core contends with that thread (and
    spreads each query's expressions over threads whose cores are busy). No effect once
    polars is loaded, nor when the environment sizes the pool itself; on one core, one
    thread either way."""
    if "polars" not in sys.modules:
        os.environ.setdefault(POLARS_THREADS, str(reading_pool_size()))


def reading_pool_size() -> int:
    """The size :func:`leave_a_core_to_reading` gives polars' pool: a core short of
    :func:`usable_cores`, at least one."""
    return max(1, usable_cores() - 1)


#: every command, by name: the module defining it and its name there. A command's module
#: is imported when the command runs (or help lists it), so a check loads neither the
#: coverage, lint, information nor batch commands and what they import.
COMMANDS: dict[str, tuple[str, str]] = {
    "batch": ("talentkit.cli.batch", "batch"),
    "check": ("talentkit.cli.check", "check"),
    "coverage": ("talentkit.cli.coverage", "coverage_cmd"),
    "docs": ("talentkit.cli.info", "docs"),
    "exit": ("talentkit.cli.check", "exit_cmd"),
    "grade": ("talentkit.cli.check", "grade"),
    "lint": ("talentkit.cli.lint", "lint_cmd"),
    "params": ("talentkit.cli.info", "params"),
    "plugins": ("talentkit.cli.info", "plugins"),
    "programmes": ("talentkit.cli.info", "programmes"),
    "rules": ("talentkit.cli.info", "rules"),
    "schema": ("talentkit.cli.info", "schema"),
    "serve": ("talentkit.cli.serve", "serve"),
}


class _Commands(click.Group):
    """A group whose commands are imported by name when first asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *(n for n in COMMANDS if self._load(n) is not None)})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._load(cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] not in COMMANDS:  # unknown: "did you mean" considers them all
            self.list_commands(ctx)
        return super().resolve_command(ctx, args)

    def _load(self, name: str) -> click.Command | None:
        if name not in self.commands and name in COMMANDS:
            module, attr = COMMANDS[name]
            try:
                found = importlib.import_module(module)
            except ImportError:  # pragma: no cover - the command module itself is missing
                if name != "batch":  # the batch command's module may be left out
                    raise
                return None
            self.add_command(getattr(found, attr), name)
        return self.commands.get(name)

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        chinese = asks_for_chinese(args)
        try:
            ctx = super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:
            raise _in_chinese(exc) if chinese else exc from None
        ctx.meta[_CHINESE] = chinese
        return ctx

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            if not ctx.meta.get(_CHINESE):
                raise
            raise _in_chinese(exc) from None


def asks_for_chinese(args: Sequence[str]) -> bool:
    """Whether a command line asks for Chinese (``--lang zh`` or ``--lang=zh``), read
    before click has parsed it: a usage error may come before ``--lang`` is read."""
    for i, arg in enumerate(args):
        if arg == "--":
            return False
        if arg == "--lang=zh" or (arg == "--lang" and list(args[i + 1 : i + 2]) == ["zh"]):
            return True
    return False


#: whether the command line asked for Chinese (``--lang zh``), kept in the root context
_CHINESE = "talentkit.chinese"


def _in_chinese(exc: click.UsageError) -> click.UsageError:
    """click's own errors (a missing argument, an unknown option…) in Chinese
    (:mod:`talentkit.cli.usagetext`)."""
    from talentkit.cli.usagetext import InChinese

    return InChinese(exc)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="talentkit")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Check cases against talent and innovation-support programmes, article by article."""
    ctx.obj = _Lazy()
    _usual_pace(ctx.invoked_subcommand)
    _end_without_collecting()
