"""The ``talentkit`` command: a thin layer that parses, calls the library and prints.

Exit codes: see :data:`EXIT_CODES` (rendered into the CLI reference).
"""

from __future__ import annotations

import atexit
import gc

import click

from talentkit.cli.check import check, exit_cmd, grade
from talentkit.cli.coverage import coverage_cmd
from talentkit.cli.info import docs, params, plugins, programmes, rules, schema
from talentkit.cli.lint import lint_cmd
from talentkit.cli.serve import serve
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
    still alive (modules, classes, the loaded programmes, the report): they are a sixth of
    a short command's time and free nothing the process needs. Objects are still released
    as their modules are cleared; only unreachable cycles are left to the operating
    system, which reclaims the whole process anyway. Registered once per process."""
    if not _FREEZE_AT_EXIT:
        _FREEZE_AT_EXIT.append(True)
        atexit.register(gc.freeze)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="talentkit")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Check cases against talent and innovation-support programmes, article by article."""
    ctx.obj = _Lazy()
    _end_without_collecting()


for command in (
    plugins,
    programmes,
    rules,
    params,
    check,
    exit_cmd,
    grade,
    schema,
    docs,
    lint_cmd,
    serve,
):
    main.add_command(command)
main.add_command(coverage_cmd)

try:  # the batch command needs the optional [batch] extra's modules only when run
    from talentkit.cli.batch import batch  # type: ignore[import-not-found,unused-ignore]

    main.add_command(batch)
except ImportError:  # pragma: no cover - the command module itself is missing
    pass
