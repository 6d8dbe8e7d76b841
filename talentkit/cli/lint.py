"""``talentkit lint``: check plugins' declarations before publishing."""

from __future__ import annotations

import json

import click

from talentkit.cli._common import format_choice
from talentkit.engine import Engine
from talentkit.lint import UnknownPlugin, lint


@click.command("lint")
@click.argument("plugin_names", metavar="[PLUGIN]...", nargs=-1)
@format_choice("text", "json")
def lint_cmd(plugin_names: tuple[str, ...], fmt: str) -> None:
    """Check the declarations of the named plugins (default: all loaded plugins).

    Every fact path, rule, funding item, parameter and text placeholder a programme names
    must exist; rule ids are unique; every declared fact is read; every rule, amount and
    parameter cites its source. Exits 1 when a problem is found, 2 for an unknown plugin.
    """
    try:
        problems = lint(Engine.create(), plugin_names)
    except UnknownPlugin as exc:
        raise click.UsageError(str(exc)) from None
    if fmt == "json":
        rows = [
            {
                "plugin": p.plugin,
                "programme": p.programme,
                "rule": p.rule,
                "problem": p.problem,
                "advice": p.advice,
            }
            for p in problems
        ]
        click.echo(json.dumps({"problems": rows}, ensure_ascii=False, indent=2))
    else:
        for p in problems:
            where = f" [{p.programme}{' ' + p.rule if p.rule else ''}]" if p.programme else ""
            click.echo(f"{p.plugin}{where}: {p.problem}\n  → {p.advice}")
        names = ", ".join(plugin_names) or "all plugins"
        click.echo(
            f"{len(problems)} problem(s) in {names}" if problems else f"no problems in {names}"
        )
    if problems:
        raise SystemExit(1)
