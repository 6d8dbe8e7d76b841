"""``talentkit coverage``: every clause of the shipped texts and what implements it."""

from __future__ import annotations

import json

import click

from talentkit.citations import Use
from talentkit.cli._common import engine_of, format_option
from talentkit.coverage import (
    IMPLEMENTED,
    INFORMATIONAL,
    NOTHING,
    ClauseCoverage,
    DocumentCoverage,
    UnknownTarget,
    as_json,
    coverage,
    documents_of,
)


@click.command(name="coverage")
@click.argument("target", required=False, metavar="[PLUGIN|DOCUMENT]")
@format_option
@click.pass_context
def coverage_cmd(ctx: click.Context, target: str | None, fmt: str) -> None:
    """List every article of the texts with the rules, parameters, funding lines, exit rules
    and informational entries that cite it, and the totals per document.

    TARGET is a document id (YQ-TEAM), a plugin name or a jurisdiction id; default: all.
    Exits 1 when an article, or a paragraph or item of an article implemented in part, has
    nothing and no recorded reason.
    """
    engine = engine_of(ctx)
    try:
        docs = documents_of(engine, target)
    except UnknownTarget as exc:
        raise click.UsageError(str(exc)) from None
    report = coverage(engine, docs)
    if fmt == "json":
        click.echo(json.dumps(as_json(report), ensure_ascii=False, indent=2))
    else:
        for doc in report:
            _print_document(doc)
    if any(d.unaccounted for d in report):
        ctx.exit(1)


def _print_document(doc: DocumentCoverage) -> None:
    d = doc.document
    click.secho(f"{d.id} {d.title} ({d.status})", bold=True)
    for use in doc.whole:
        click.echo(f"    (whole text) {_use(use)}")
    for clause in doc.clauses:
        _print_clause(clause)
    parts = sum(len(c.parts) for c in doc.clauses)
    accounted = sum(c.parts_accounted for c in doc.clauses)
    click.echo(
        f"{d.id}: {len(doc.clauses)} articles, {doc.count(IMPLEMENTED)} implemented, "
        f"{doc.count(INFORMATIONAL)} informational, {doc.count(NOTHING)} with nothing; "
        f"{parts} paragraphs and items, {accounted} accounted for"
    )
    click.echo("")


def _print_clause(clause: ClauseCoverage) -> None:
    c = clause.clause
    label = c.label or c.key.rsplit("/", 1)[-1]
    colour = {IMPLEMENTED: "green", INFORMATIONAL: "cyan", NOTHING: "red"}[clause.status]
    extra = f" ({len(clause.parts)} parts, {clause.parts_accounted} accounted for)"
    click.echo(
        f"  {label} {c.key} "
        + click.style(clause.status, fg=colour)
        + (extra if clause.parts else "")
    )
    for use in clause.uses:
        click.echo(f"      {_use(use)}")
    for part in clause.parts:
        p = part.clause
        mark = "" if part.accounted else click.style(" nothing", fg="red")
        click.echo(f"    {'  ' * part.depth}{p.label or p.key.rsplit('/', 1)[-1]} {p.key}{mark}")
        for use in part.uses:
            click.echo(f"      {'  ' * part.depth}{_use(use)}")


def _use(use: Use) -> str:
    where = f" in {use.programme}" if use.programme and use.programme != use.ref else ""
    note = f" = {use.note}" if use.kind == "parameter" else (f": {use.note}" if use.note else "")
    return f"{use.kind} {use.ref}{where}{note}"
