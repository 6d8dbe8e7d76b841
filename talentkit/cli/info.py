"""Commands that describe what is installed: plugins, programmes, rules, parameters."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
from talentkit.fundingtext import summary_in_force
from talentkit.fundingtext import text_in_force as funding_text_in_force
from talentkit.rules import Rule
from talentkit.text import Citation, Lang, Text

if TYPE_CHECKING:
    from rich.text import Text as RText

    from talentkit.engine import Engine
    from talentkit.funding import YearlyGate
    from talentkit.params import ParameterStore
    from talentkit.programme import Programme

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
    rows, problems = plugin_rows(engine)
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
    engine = engine_of(ctx)
    rows = programme_rows(engine, show_all, lang, dt.date.today())
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    from rich.console import Console  # the table renderer loads only when used

    from talentkit.layout import Column, print_id_table

    columns = [
        Column(_word("name", lang), min_width=16, ratio=3),
        Column(_word("document", lang), min_width=8, ratio=1, inline=True),
        Column(_word("rules", lang), min_width=5, ratio=1, inline=True),
        Column(_word("plugin", lang), min_width=8, ratio=1, inline=True),
    ]
    table_rows = []
    for r in rows:
        code = str(r["status"])
        word = _DOC_STATUS.get(code, (code, code))[0 if lang == "zh" else 1]
        status = "" if code in ("final", "") else f" ({word})"
        off = "" if r["enabled"] else (" (未启用)" if lang == "zh" else " (disabled)")
        table_rows.append(
            (
                str(r["id"]),
                str(r["name"]) + off,
                str(r["document"]) + status,
                str(r["rules"]),
                str(r["plugin"]),
            )
        )
    print_id_table(Console(), _word("id", lang), columns, table_rows)


_WORDS = {
    "id": ("编号", "id"),
    "key": ("参数", "key"),
    "name": ("名称", "name"),
    "document": ("文件", "document"),
    "rules": ("规则数", "rules"),
    "plugin": ("插件", "plugin"),
    "kind": ("类型", "kind"),
    "rule": ("条款", "rule"),
    "citation": ("出处", "citation"),
    "type": ("类型", "type"),
    "value": ("取值", "value"),
    "must_set": ("须由运营方设定", "operator must set"),
}


#: what a document's status (:data:`talentkit.choices.DocumentStatus`) is called
_DOC_STATUS = {"final": ("正式", "final"), "trial": ("试行", "trial"), "draft": ("草案", "draft")}


def _word(key: str, lang: Lang) -> str:
    zh, en = _WORDS[key]
    return zh if lang == "zh" else en


def plugin_rows(engine: Engine) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """The installed plugins and their problems, as ``plugins --format json`` gives them."""
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
    return rows, problems


def programme_rows(engine: Engine, show_all: bool, lang: Lang, on: dt.date) -> list[dict[str, Any]]:
    """The programmes (enabled on ``on``, or all), as ``programmes --format json`` gives them."""
    rows = []
    for p in engine.select(None):
        enabled = engine.enabled(p, engine.params, on)
        if not enabled and not show_all:
            continue
        doc = engine.document(p)
        rows.append(
            {
                "id": p.id,
                "name": p.name.get(lang),
                "jurisdiction": p.jurisdiction,
                "document": p.document,
                "status": doc.status if doc else "",
                "enabled": enabled,
                "rules": len(p.rules),
                "plugin": engine.registry.owners[p.id],
            }
        )
    return rows


def rules_data(
    engine: Engine, progs: list[Programme], store: ParameterStore, on: dt.date
) -> list[dict[str, Any]]:
    """Rules, funding lines, scoring and exits with citations, as ``rules --format json``."""
    return [
        {
            "programme": p.id,
            "summary": summary_in_force(p, store, on),
            "rules": [
                {
                    "id": r.id,
                    "kind": _kind(r),
                    "text": r.text_in_force(store, on),
                    "citation": r.cite,
                    "soft": r.soft,
                    "facts": r.facts_named(),
                    "params": sorted(set(r.param_keys())),
                    "source": engine.registry.rule_sources.get(r.id, ""),
                }
                for r in p.rules
            ],
            "funding": [
                {
                    "id": d.id,
                    "kind": type(d).__name__,
                    "text": d.text,
                    "citation": d.cite,
                    **_paid_after(d),
                }
                for d in (funding_text_in_force(x, store, on) for x in p.funding)
            ],
            "scoring": [
                {"id": i.id, "text": funding_text_in_force(i, store, on).text, "citation": i.cite}
                for i in p.scoring
            ],
            "exits": [
                {
                    "id": e.id,
                    "trigger": e.trigger,
                    "text": funding_text_in_force(e, store, on).text,
                    "citation": e.cite,
                    "withdraws": list(e.withdraw),
                }
                for e in p.exits
            ],
        }
        for p in progs
    ]


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

    def in_force(key: str) -> Any:
        return store.get(key, on)

    if fmt == "json":
        click.echo(to_json(rules_data(engine, progs, store, on)))
        return
    from rich.console import Console  # the table renderer loads only when used
    from rich.text import Text as RText

    from talentkit.layout import Column, print_id_table
    from talentkit.valuelabels import described

    console = Console()
    columns = [
        Column(_word("kind", lang), min_width=12, ratio=1, inline=True),
        Column(_word("rule", lang), min_width=24, ratio=3),
        Column(_word("citation", lang), min_width=16, ratio=2),
    ]
    for p in progs:
        soft = any(r.soft for r in p.rules)
        rows: list[tuple[RText, ...]] = []
        for r in p.rules:
            text = r.text_in_force(store, on).get(lang)
            kind = _kind(r) + (" (一般)" if r.soft else "")
            rows.append((RText(r.id), RText(kind), RText(text), _cite(r.cite)))
        for declared in p.funding:
            d = funding_text_in_force(declared, store, on)
            words = d.text.get(lang)
            condition = getattr(d, "condition", None)
            if condition is not None:
                when = described(condition, engine.value_labels, in_force).get(lang)
                words += ("\n支付条件：" if lang == "zh" else "\npaid when: ") + when
            paid_after = getattr(d, "paid_after", None)
            if paid_after is not None:
                words += ("\n支付时点：" if lang == "zh" else "\npaid after: ") + (
                    f"{paid_after.text.get(lang)} [{paid_after.event}; {paid_after.cite.short()}]"
                )
            gate = _yearly_gate(d)
            if gate is not None:
                words += ("\n逐年支付条件：" if lang == "zh" else "\neach year paid after: ") + (
                    f"{gate.text.get(lang)} [{gate.event}, "
                    + (f"自第{gate.first}年" if lang == "zh" else f"from year {gate.first}")
                    + f"; {gate.cite.short()}]"
                )
            items = getattr(d, "items", None)
            if items is not None:  # a package cap: the items it adds up and its cap
                words += "\n" + " + ".join(items) + f" ≤ {getattr(d, 'cap', '')}"
            kind = ("资金 " if lang == "zh" else "funding ") + type(d).__name__
            rows.append((RText(d.id), RText(kind), RText(words), _cite(d.cite)))
        for item in p.scoring:
            kind = ("评分 " if lang == "zh" else "scoring ") + (
                "priority" if item.rule is not None else "weighted"
            )
            words = funding_text_in_force(item, store, on).text.get(lang)
            rows.append((RText(item.id), RText(kind), RText(words), _cite(item.cite)))
        for e in p.exits:
            kind = ("退出 " if lang == "zh" else "exit ") + e.trigger
            words = (
                f"{funding_text_in_force(e, store, on).text.get(lang)}\n{e.decided_by.get(lang)}"
            )
            if e.withdraw:
                words += ("\n撤销称号：" if lang == "zh" else "\nwithdraws: ") + ", ".join(
                    e.withdraw
                )
            if e.top_up is not None:
                words += ("\n补发至：" if lang == "zh" else "\ntops up to: ") + str(e.top_up.to)
            rows.append((RText(e.id), RText(kind), RText(words), _cite(e.cite)))
        print_id_table(
            console,
            _word("id", lang),
            columns,
            rows,
            title=RText(f"{p.id} — {p.name.get(lang)}")
            + RText(f"\n{summary_in_force(p, store, on).get(lang)}" if p.summary.zh else ""),
            caption=SOFT_CAPTION.get(lang) if soft else None,
            show_lines=True,
        )


def _paid_after(d: object) -> dict[str, Any]:
    """The payment conditions of a funding item, for JSON (absent where there are none):
    ``paid_after`` and the schedule's yearly gate ``each_year``."""
    out: dict[str, Any] = {}
    p = getattr(d, "paid_after", None)
    if p is not None:
        out["paid_after"] = {"event": p.event, "text": p.text, "citation": p.cite}
    g = _yearly_gate(d)
    if g is not None:
        out["each_year"] = {"event": g.event, "first": g.first, "text": g.text, "citation": g.cite}
    return out


def _yearly_gate(d: object) -> YearlyGate | None:
    from talentkit.funding import YearlyGate  # loaded with the programmes already

    gate = getattr(getattr(d, "schedule", None), "gate", None)
    return gate if isinstance(gate, YearlyGate) else None


def _cite(cite: Citation | None) -> RText:
    from rich.text import Text as RText

    if cite is None:
        return RText("")
    return RText(cite.short() + (f"\n「{cite.quote}」" if cite.quote else ""))


@click.command()
@click.argument("prefix", required=False, default="")
@format_option
@lang_option
@click.pass_context
def params(ctx: click.Context, prefix: str, fmt: str, lang: Lang) -> None:
    """List parameters (optionally those starting with PREFIX), values and citations."""
    from talentkit.valuelabels import coded_parameters

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
    from rich.text import Text as RText

    from talentkit.layout import Column, print_id_table

    columns = [
        Column(_word("type", lang), min_width=8, ratio=1, inline=True),
        Column(_word("value", lang), min_width=14, ratio=3),
        Column(_word("citation", lang), min_width=12, ratio=2),
    ]
    coded = coded_parameters(engine.registry.programmes.values())
    labels = engine.value_labels
    table_rows = []
    for r in rows:
        key = str(r["key"])
        codes = key in coded and isinstance(r["value"], (str, list, tuple))
        value = (
            RText(_word("must_set", lang), style="red")
            if r["required"]
            else RText(
                labels.show(coded[key], r["value"], lang, "、" if lang == "zh" else ", ")
                if codes
                else shown_value(r["value"])
            )
        )
        cite = r["citation"].short() if r["citation"] else ""
        table_rows.append((str(r["key"]), str(r["type"]), value, RText(cite)))
    print_id_table(Console(), _word("key", lang), columns, table_rows)


def shown_value(value: Any) -> str:
    """A parameter's value as the texts write it: 2年, 1/5 (20%), 2026-01-01, a、b."""
    import datetime as dt
    from fractions import Fraction

    from talentkit.dates import Period

    if isinstance(value, Period):
        return value.describe("zh")
    if isinstance(value, Fraction):
        percent = value * 100
        if percent.denominator == 1 and value.denominator != 1:
            return f"{value} ({percent}%)"
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


@click.command()
@click.option(
    "--flat",
    is_flag=True,
    help="List the columns of the flat batch layout instead: one per fact path, with its "
    "type, Chinese and English label and the programmes that read it (needs the [batch] "
    "extra).",
)
@format_option
@click.pass_context
def schema(ctx: click.Context, flat: bool, fmt: str) -> None:
    """Print the JSON Schema of the profile input, with every declared fact."""
    engine = engine_of(ctx)
    if flat:
        _flat_columns(engine, fmt)
        return
    click.echo(
        json.dumps(json_schema(engine.registry.facts.values()), ensure_ascii=False, indent=2)
    )


def _flat_columns(engine: Engine, fmt: str) -> None:
    try:
        from talentkit.batch.flat import catalogue
    except ImportError as exc:  # pragma: no cover - the optional extra is absent
        raise click.UsageError(f"--flat needs the [batch] extra: {exc}") from None
    columns = catalogue(engine.registry.facts, engine.registry.programmes.values())
    if fmt == "json":
        rows = [
            {
                "column": c.name,
                "type": c.type,
                "zh": c.label.zh,
                "en": c.label.en,
                "programmes": list(c.programmes),
            }
            for c in columns
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.markup import escape  # column names hold brackets: organisations[role=host]
    from rich.table import Table

    table = Table("column", "type", "中文", "English", "read by")
    for c in columns:
        cells = (c.name, c.type, c.label.zh, c.label.en, ", ".join(c.programmes))
        table.add_row(*(escape(x) for x in cells))
    Console(width=200).print(table)


@click.command()
@click.argument("output", type=click.Path(file_okay=False, path_type=Path), default="docs")
@click.pass_context
def docs(ctx: click.Context, output: Path) -> None:
    """Write the generated reference (rules catalog, hooks, CLI) into OUTPUT."""
    from talentkit.docsgen import write_docs  # only this command generates docs

    written = write_docs(engine_of(ctx), output)
    for path in written:
        click.echo(f"wrote {path}")
