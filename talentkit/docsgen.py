"""Generated reference documentation: rules catalog, hook reference, CLI reference.

One declaration serves the engine and these pages, so they cannot drift apart; a test
regenerates them and compares.
"""

from __future__ import annotations

import datetime as dt
import inspect
from pathlib import Path
from typing import Any

import click

from talentkit import hookspecs
from talentkit.engine import Engine
from talentkit.funding import FundingItem, Obligation, PackageCap, YearlyGate
from talentkit.fundingtext import summary_in_force, text_in_force
from talentkit.literate import document_markdown, page_name
from talentkit.programme import Programme
from talentkit.rules import Rule
from talentkit.rules.refs import P
from talentkit.titles import Title


def hook_names() -> list[str]:
    return [
        n
        for n, f in inspect.getmembers(hookspecs, inspect.isfunction)
        if n.startswith("talentkit_")
    ]


def hooks_markdown() -> str:
    source = inspect.getsource(hookspecs)
    order = sorted(hook_names(), key=lambda n: source.index(f"def {n}("))
    out = [
        "# Hook reference",
        "",
        "Generated from `talentkit/hookspecs.py` by `talentkit docs`. Implement hooks with "
        "`@talentkit.hookimpl` in a module registered under the `talentkit` entry-point "
        "group.",
        "",
        "Every hook is called through pluggy, so hook wrappers (`wrapper=True`), "
        "`tryfirst`/`trylast` and tracing (`TALENTKIT_TRACE_HOOKS=1`, pluggy's tracer) "
        "work as pluggy documents them. Integrators call hooks through the typed facade "
        "`Engine.hooks` (`talentkit.hooks.Hooks`, one method per hook). When assessing, "
        "where the built-in plugin's `talentkit_eligibility`, `talentkit_score` or "
        "`talentkit_funding` is the only implementation touching a programme, no wrapper "
        "touches it and no call is traced, the engine calls the built-in function itself: "
        "what pluggy would call, without its dispatch; a plugin implementing the hook for "
        "the programme, registered at any time, is called through pluggy as before.",
        "",
        "**Scope.** `@talentkit.touches(selector, ...)` beside `@hookimpl` declares which "
        "programmes an assessment hook is about (programme ids, id prefixes or jurisdiction "
        "ids); the implementation is called for those only. Without it, it is called for "
        "every programme, and batch screening evaluates every programme's part it could "
        "change case by case. A selector that names no programme is reported at load.",
        "",
        "**Failures.** A hook that raises, or answers with the wrong type, while a case is "
        "assessed (check, batch, exit, grade) makes the programmes it touched an `error` "
        "naming plugin, hook and message (`Assessment.error`, `ExitReport.error`, "
        "`HookFailed` from `Engine.grade`); the other programmes are assessed as usual, and "
        "the command exits with 3. Errors about the input, the parameters or the installed "
        "calendar are not the plugin's: they reach the caller unchanged. A registration hook "
        "that raises or answers with the wrong type is a `PluginProblem` (shown by "
        "`talentkit plugins`); its answer is not used and the other plugins load.",
        "",
    ]
    for name in order:
        fn = getattr(hookspecs, name)
        opts = getattr(fn, "talentkit_spec", {}) or {}
        sig = str(inspect.signature(fn)).replace("talentkit.", "")
        out += [f"## `{name}`", "", f"```python\ndef {name}{sig}\n```", ""]
        if opts.get("firstresult"):
            out += ["*firstresult: the first non-None answer wins.*", ""]
        out += [inspect.cleandoc(fn.__doc__ or "(undocumented)"), ""]
    return "\n".join(out)


def cli_markdown() -> str:
    from talentkit.cli import EXIT_CODES, main

    out = [
        "# CLI reference",
        "",
        "Generated from the command definitions by `talentkit docs`.",
        "",
        "```text",
        _help(main, "talentkit"),
        "```",
        "",
    ]
    with click.Context(main, info_name="talentkit") as ctx:
        listed = [(n, main.get_command(ctx, n)) for n in main.list_commands(ctx)]
    for name, cmd in ((n, c) for n, c in listed if c is not None):
        out += [f"## `talentkit {name}`", "", "```text", _help(cmd, f"talentkit {name}"), "```", ""]
    out += ["## Exit codes", "", "| code | meaning |", "|---|---|"]
    out += [f"| {code} | {meaning} |" for code, meaning in EXIT_CODES]
    out.append("")
    return "\n".join(out)


def _help(cmd: click.Command, name: str) -> str:
    with click.Context(
        cmd,
        info_name=name,
        terminal_width=100,
        max_content_width=100,
        help_option_names=["-h", "--help"],
    ) as ctx:
        return cmd.get_help(ctx)


SOFT_READING = (
    "Kind `· 一般/原则上`: the clause states the norm. Unmet, it fails unless the competent "
    'body approves an exception (a waiver with `decision = "approved"`: waived); while an '
    'exception is claimed and undecided (`"pending"`) it needs review; declined, it fails.'
)


def _kind(rule: Rule) -> str:
    return type(rule).__name__


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def programme_markdown(engine: Engine, p: Programme) -> list[str]:
    doc = engine.document(p)
    out = [
        f"### {p.name.zh} — {p.name.en}",
        "",
        f"`{p.id}` · document `{p.document}`"
        + (f" ({doc.title}, {doc.status})" if doc else "")
        + f" · subject: {p.subject} · plugin: `{engine.registry.owners.get(p.id, '')}`",
        "",
    ]
    if p.summary.zh or p.summary.en:
        summary = summary_in_force(p, engine.params, dt.date.today())
        out += [f"{summary.zh}  ", f"{summary.en}", ""]
    if p.enabled is not None:
        out += [f"Off until the operator sets `{p.enabled.key} = true`.", ""]
    out += [
        "| id | kind | requirement | citation | facts | parameters |",
        "|---|---|---|---|---|---|",
    ]
    for r in p.rules:
        text = r.text_in_force(engine.params, dt.date.today())
        cite = r.cite.short() if r.cite else ""
        if r.cite and r.cite.quote:
            cite += f" 「{r.cite.quote}」"
        kind = _kind(r) + (" · 一般/原则上" if r.soft else "")
        facts = ", ".join(f"`{f}`" for f in r.facts_named())
        params = ", ".join(f"`{k}`" for k in sorted(set(r.param_keys())))
        out.append(
            f"| `{r.id}` | {kind} | {_cell(text.zh)}<br>{_cell(text.en)} | "
            f"{_cell(cite)} | {facts} | {params} |"
        )
    out.append("")
    if p.funding:
        out += ["**Funding**", "", "| id | what | payee | citation |", "|---|---|---|---|"]
        today = dt.date.today()
        for declared in p.funding:
            f = text_in_force(declared, engine.params, today)
            payee = (
                f.payee
                if isinstance(f, FundingItem)
                else (
                    f.obligor + " (obligation)"
                    if isinstance(f, Obligation)
                    else "(package cap)"
                    if isinstance(f, PackageCap)
                    else f"{f.holder} (title)"
                    if isinstance(f, Title)
                    else "(exclusion)"
                )
            )
            what = f"{_cell(f.text.zh)} / {_cell(f.text.en)}"
            if isinstance(f, PackageCap):
                what += f"<br>{' + '.join(f'`{i}`' for i in f.items)} ≤ {_cell(str(f.cap))}"
            after = f.paid_after if isinstance(f, FundingItem) else None
            if after is not None:
                what += (
                    f"<br>支付时点 / paid after: {_cell(after.text.zh)} / {_cell(after.text.en)} "
                    f"(`{after.event}`; {_cell(after.cite.short())})"
                )
            gate = getattr(getattr(f, "schedule", None), "gate", None)
            if isinstance(gate, YearlyGate):
                what += (
                    f"<br>逐年支付条件 / each year paid after (year {gate.first}–): "
                    f"{_cell(gate.text.zh)} / {_cell(gate.text.en)} "
                    f"(`{gate.event}`; {_cell(gate.cite.short())})"
                )
            out.append(f"| `{f.id}` | {what} | {payee} | {_cell(f.cite.short())} |")
        out.append("")
    if p.scoring:
        out += ["**Scoring (never a filter)**", ""]
        shown = [(s, text_in_force(s, engine.params, dt.date.today()).text) for s in p.scoring]
        out += [f"- `{s.id}`: {t.zh} / {t.en} ({s.cite.short()})" for s, t in shown]
        out.append("")
    if p.exits:
        out += [
            "**Exit rules**",
            "",
            "| id | event | consequence | decided by | citation |",
            "|---|---|---|---|---|",
        ]
        for e in p.exits:
            shown = text_in_force(e, engine.params, dt.date.today()).text
            out.append(
                f"| `{e.id}` | `{e.trigger}` | {_cell(shown.zh)} / {_cell(shown.en)}"
                + "".join(f"<br>撤销称号 / withdraws `{w}`" for w in e.withdraw)
                + (f"<br>补发至 / tops up to {_cell(str(e.top_up.to))}" if e.top_up else "")
                + f" | {e.decided_by.zh} | {_cell(e.cite.short())} |"
            )
        out.append("")
    if p.procedure:
        out += [
            "**Procedure on the calendar** (the end date is shown in `check`)",
            "",
            "| id | step | counted from | period | citation |",
            "|---|---|---|---|---|",
        ]
        for step in p.procedure:
            length: object = step.working_days if step.working_days is not None else step.months
            if isinstance(length, P):
                length = f"{engine.params.get(length.key, dt.date.today())} (`{length.key}`)"
            unit = "working days" if step.working_days is not None else "months"
            first = ", the first day counted" if step.count_start else ""
            out.append(
                f"| `{step.id}` | {_cell(step.text.zh)} / {_cell(step.text.en)} "
                f"| `{step.start}` | {length} {unit}{first} | {_cell(step.cite.short())} |"
            )
        out.append("")
    if p.informational:
        out += ["**Clauses listed as informational**", ""]
        out += [f"- {i.cite.short()}: {i.reason.zh} / {i.reason.en}" for i in p.informational]
        out.append("")
    return out


def catalog_markdown(engine: Engine, jurisdiction: str) -> str:
    j = engine.registry.jurisdictions.get(jurisdiction)
    title = f"{j.name.zh} — {j.name.en}" if j else jurisdiction
    progs = [p for p in engine.select(None) if p.jurisdiction == jurisdiction]
    counts: dict[str, int] = {}
    for p in progs:
        for r in p.rules:
            counts[_kind(r)] = counts.get(_kind(r), 0) + 1
    out = [
        f"# Rules catalog: {title}",
        "",
        "Generated from the plugin's declarations by `talentkit docs`; do not edit.",
        "",
        SOFT_READING,
        "",
        f"{len(progs)} programmes, {sum(counts.values())} rules: "
        + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())),
        "",
    ]
    texts = [
        d for d in engine.registry.documents.values() if d.jurisdiction == jurisdiction and d.text
    ]
    if texts:
        out += ["The texts side by side with what implements them:", ""]
        out += [f"- [{d.title}]({page_name(d)}) (`{d.id}`)" for d in texts]
        out.append("")
    params = sorted(k for k in engine.params.by_key if k.startswith(jurisdiction + "."))
    for p in progs:
        out += programme_markdown(engine, p)
    required = [k for k in params if not engine.params.by_key[k][0].is_set]
    if required:
        out += ["## Parameters the operator must set", ""]
        out += [f"- `{k}`" + _param_cite(engine, k) for k in required]
        out.append("")
    return "\n".join(out)


def values_markdown(engine: Engine) -> str:
    """Every closed value set of the input with the labels output shows for its codes."""
    from talentkit.subjects import FIELD_LABELS

    out = [
        "# Values of closed sets",
        "",
        "Generated from the declarations by `talentkit docs`; do not edit.",
        "",
        "Input gives the code; output for people (`--lang zh` / `--lang en`) shows the label; "
        "JSON output keeps the code.",
        "",
        "## Fields of the subjects",
        "",
        "| field | code | 中文 | English |",
        "|---|---|---|---|",
    ]
    for field, labels in FIELD_LABELS.items():
        out += [f"| `{field}` | `{v}` | {t.zh} | {t.en} |" for v, t in labels.items()]
    out += ["", "## Declared facts", "", "| fact | code | 中文 | English |", "|---|---|---|---|"]
    for name, spec in sorted(engine.registry.facts.items()):
        for v in spec.values:
            label = spec.labels.get(v)
            zh, en = (label.zh, label.en) if label else ("", "")
            out.append(f"| `{name}` ({_cell(spec.text.zh)}) | `{v}` | {_cell(zh)} | {_cell(en)} |")
    statuses = [p for p in engine.select(None) if p.statuses]
    if statuses:
        out += ["", "## Award statuses set by exit rules", ""]
        out += ["| programme | code | 中文 | English |", "|---|---|---|---|"]
        for p in statuses:
            out += [f"| `{p.id}` | `{k}` | {v.zh} | {v.en} |" for k, v in p.statuses.items()]
    grading = [p for p in engine.select(None) if p.grading is not None]
    if grading:
        out += ["", "## Grades", "", "| programme | code | 中文 | English |", "|---|---|---|---|"]
        for p in grading:
            assert p.grading is not None
            for g in p.grading.grades:
                label = p.grading.names.get(g)
                zh, en = (label.zh, label.en) if label else ("", "")
                out.append(f"| `{p.id}` | `{g}` | {zh} | {en} |")
    return "\n".join(out)


def _param_cite(engine: Engine, key: str) -> str:
    p = engine.params.by_key[key][0]
    return f" — {p.citation.short()}" if p.citation else (f" — {p.note}" if p.note else "")


def write_docs(engine: Engine, output: Path) -> list[Path]:
    ref = output / "reference"
    ref.mkdir(parents=True, exist_ok=True)
    written = []
    pages: dict[str, Any] = {
        "hooks.md": hooks_markdown(),
        "cli.md": cli_markdown(),
        "values.md": values_markdown(engine),
    }
    for jid in sorted({p.jurisdiction for p in engine.select(None)}):
        pages[f"catalog-{jid}.md"] = catalog_markdown(engine, jid)
    for doc in engine.registry.documents.values():
        if doc.text is not None:
            pages[page_name(doc)] = document_markdown(engine, doc)
    for name, text in pages.items():
        path = ref / name
        path.write_text(text.rstrip() + "\n", encoding="utf-8")
        written.append(path)
    return written
