"""Commands that describe what is installed: plugins, programmes, rules, parameters."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import click

from talentkit.cli._common import (
    as_date,
    as_of_option,
    engine_of,
    format_option,
    lang_option,
    overrides,
    params_option,
    user_errors,
)
from talentkit.convert import json_schema, to_json
from talentkit.rules import Rule
from talentkit.text import Lang, Text

SOFT_CAPTION = Text(
    "（一般）：「一般/原则上」条款，未达标准即不符合，经有权机关批准例外（waivers，"
    'decision = "approved"）方可；例外待决定（"pending"）时待审核',
    "(一般): a 「一般/原则上」 clause; unmet, it fails unless the competent body approves an "
    'exception (waivers, decision = "approved"); a pending exception needs review',
)


@click.command()
@format_option
@click.pass_context
def plugins(ctx: click.Context, fmt: str) -> None:
    """List plugins: name, version, programmes and hooks implemented, and problems."""
    engine = engine_of(ctx)
    owners = engine.registry.owners
    rows: list[dict[str, Any]] = [
        {
            "name": p.name,
            "version": p.version,
            "builtin": p.builtin,
            "hooks": list(p.hooks),
            "programmes": sorted(pid for pid, o in owners.items() if o == p.name),
        }
        for p in engine.plugins.info()
    ]
    problems = [
        {"plugin": p.plugin, "problem": p.problem, "advice": p.advice} for p in engine.problems
    ]
    if fmt == "json":
        click.echo(
            json.dumps({"plugins": rows, "problems": problems}, ensure_ascii=False, indent=2)
        )
        return
    from rich.console import Console  # the table renderer loads only when used
    from rich.table import Table

    table = Table("plugin", "version", "programmes", "hooks")
    for r in rows:
        table.add_row(
            str(r["name"]) + (" (built-in)" if r["builtin"] else ""),
            str(r["version"]),
            str(len(r["programmes"])),
            ", ".join(h.removeprefix("talentkit_") for h in r["hooks"]),
        )
    Console().print(table)
    for p in problems:
        click.secho(f"problem: {p['plugin']}: {p['problem']}\n  → {p['advice']}", fg="red")


@click.command()
@click.option("--all", "show_all", is_flag=True, help="Include programmes not enabled.")
@format_option
@lang_option
@click.pass_context
def programmes(ctx: click.Context, show_all: bool, fmt: str, lang: Lang) -> None:
    """List programmes (drafts not enabled are hidden unless --all)."""
    import datetime as dt

    engine = engine_of(ctx)
    today = dt.date.today()
    rows = []
    for p in engine.select(None):
        on = engine.enabled(p, engine.params, today)
        if not on and not show_all:
            continue
        doc = engine.document(p)
        rows.append(
            {
                "id": p.id,
                "name": p.name.get(lang),
                "jurisdiction": p.jurisdiction,
                "document": p.document,
                "status": doc.status if doc else "",
                "enabled": on,
                "rules": len(p.rules),
                "plugin": engine.registry.owners[p.id],
            }
        )
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    from rich.console import Console  # the table renderer loads only when used
    from rich.table import Table

    table = Table("id", "name", "document", "rules", "plugin")
    for r in rows:
        status = "" if r["status"] in ("final", "") else f" ({r['status']})"
        off = "" if r["enabled"] else " (disabled)"
        table.add_row(
            str(r["id"]) + off,
            str(r["name"]),
            str(r["document"]) + status,
            str(r["rules"]),
            str(r["plugin"]),
        )
    Console().print(table)


def _kind(rule: Rule) -> str:
    return type(rule).__name__


@click.command()
@click.argument("programme")
@format_option
@lang_option
@params_option
@as_of_option
@click.pass_context
@user_errors
def rules(
    ctx: click.Context,
    programme: str,
    fmt: str,
    lang: Lang,
    params_file: Path | None,
    as_of: dt.datetime | None,
) -> None:
    """Print the rules of PROGRAMME (an id, id prefix or jurisdiction) with citations;
    texts show the parameter values in force (with --params, on --as-of)."""
    engine = engine_of(ctx)
    progs = engine.select([programme])
    loaded = overrides(params_file)
    store = engine.params.with_overrides(loaded) if loaded else engine.params
    on = as_date(as_of) or dt.date.today()
    if fmt == "json":
        click.echo(
            to_json(
                [
                    {
                        "programme": p.id,
                        "rules": [
                            {
                                "id": r.id,
                                "kind": _kind(r),
                                "text": r.text_in_force(store, on),
                                "citation": r.cite,
                                "soft": r.soft,
                                "facts": sorted(set(r.fact_paths())),
                                "params": sorted(set(r.param_keys())),
                                "source": engine.registry.rule_sources.get(r.id, ""),
                            }
                            for r in p.rules
                        ],
                    }
                    for p in progs
                ]
            )
        )
        return
    from rich.console import Console  # the table renderer loads only when used
    from rich.table import Table

    console = Console()
    for p in progs:
        soft = any(r.soft for r in p.rules)
        table = Table(
            "id",
            "kind",
            "rule",
            "citation",
            title=f"{p.id} — {p.name.get(lang)}",
            show_lines=True,
            caption=SOFT_CAPTION.get(lang) if soft else None,
        )
        for r in p.rules:
            text = r.text_in_force(store, on).get(lang)
            cite = ""
            if r.cite:
                cite = r.cite.short() + (f"\n「{r.cite.quote}」" if r.cite.quote else "")
            table.add_row(r.id, _kind(r) + (" (一般)" if r.soft else ""), text, cite)
        console.print(table)


@click.command()
@click.argument("prefix", required=False, default="")
@format_option
@click.pass_context
def params(ctx: click.Context, prefix: str, fmt: str) -> None:
    """List parameters (optionally those starting with PREFIX), values and citations."""
    engine = engine_of(ctx)
    rows: list[dict[str, Any]] = []
    for key, versions in sorted(engine.params.by_key.items()):
        if not key.startswith(prefix):
            continue
        for p in versions:
            rows.append(
                {
                    "key": key,
                    "type": p.type,
                    "value": None if not p.is_set else p.value,
                    "required": not p.is_set,
                    "citation": p.citation,
                    "valid_from": p.valid_from,
                    "valid_to": p.valid_to,
                }
            )
    if prefix and not rows:
        raise click.UsageError(f"no parameter starts with {prefix!r} (see `talentkit params`)")
    if fmt == "json":
        click.echo(to_json(rows))
        return
    from rich.console import Console  # the table renderer loads only when used
    from rich.table import Table

    table = Table("key", "type", "value", "citation")
    for r in rows:
        value = "[red]operator must set[/red]" if r["required"] else str(r["value"])
        cite = r["citation"].short() if r["citation"] else ""
        table.add_row(str(r["key"]), str(r["type"]), value, cite)
    Console().print(table)


@click.command()
@click.pass_context
def schema(ctx: click.Context) -> None:
    """Print the JSON Schema of the profile input, with every declared fact."""
    engine = engine_of(ctx)
    click.echo(
        json.dumps(json_schema(engine.registry.facts.values()), ensure_ascii=False, indent=2)
    )


@click.command()
@click.argument("output", type=click.Path(file_okay=False, path_type=Path), default="docs")
@click.pass_context
def docs(ctx: click.Context, output: Path) -> None:
    """Write the generated reference (rules catalog, hooks, CLI) into OUTPUT."""
    from talentkit.docsgen import write_docs  # only this command generates docs

    written = write_docs(engine_of(ctx), output)
    for path in written:
        click.echo(f"wrote {path}")
