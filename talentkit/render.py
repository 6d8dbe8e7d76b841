"""Human-readable rendering of results (tables in a terminal, Chinese or English)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text as RText

from talentkit.exits import ExitReport
from talentkit.results import VERDICT_TEXT, Assessment, Report, Verdict
from talentkit.rules import Check, Status
from talentkit.scoring import Grading
from talentkit.text import Lang

STATUS_STYLE = {
    Status.PASS: ("✔", "green"),
    Status.FAIL: ("✘", "red"),
    Status.UNKNOWN: ("?", "yellow"),
    Status.REVIEW: ("◆", "cyan"),
    Status.WAIVED: ("✔*", "green"),
    Status.NA: ("–", "dim"),
}
VERDICT_STYLE = {
    Verdict.ELIGIBLE: "bold green",
    Verdict.ELIGIBLE_BY_EXCEPTION: "bold green",
    Verdict.NOT_ELIGIBLE: "bold red",
    Verdict.UNDETERMINED: "bold yellow",
    Verdict.NEEDS_REVIEW: "bold cyan",
    Verdict.NOT_IN_FORCE: "dim",
    Verdict.ERROR: "bold magenta",
}
L = {
    "rule": ("规则", "rule"),
    "cite": ("出处", "citation"),
    "result": ("结果", "result"),
    "why": ("依据与取值", "values read"),
    "missing": ("尚缺事实", "facts needed"),
    "review": ("待评审", "for the panel"),
    "hints": ("如何满足", "what would make it pass"),
    "money": ("资金", "money"),
    "payee": ("收款方", "payee"),
    "year": ("年度", "year"),
    "amount": ("金额（元）", "amount (yuan)"),
    "basis": ("依据", "basis"),
    "oblig": ("配套义务", "obligations"),
    "notes": ("说明", "notes"),
    "total": ("合计", "total"),
    "scoring": ("优先/评分", "priority / scoring"),
}


def t(key: str, lang: Lang) -> str:
    zh, en = L[key]
    return zh if lang == "zh" else en


def _check_rows(table: Table, checks: Iterable[Check], lang: Lang) -> None:
    for c in checks:
        mark, style = STATUS_STYLE[c.status]
        cite = c.citation.short() if c.citation else ""
        why = c.detail.get(lang) if c.detail else ""
        extra = list(c.missing) if c.status is Status.UNKNOWN else []
        if c.status is Status.REVIEW:
            extra += [r.get(lang) for r in c.review]
        extra += [("→ " + h.get(lang)) for h in c.hints]
        if c.waiver is not None:
            extra.append(
                f"waiver {c.waiver.decision}: {c.waiver.by} {c.waiver.on} ({c.waiver.basis})"
            )
        table.add_row(
            RText(mark, style=style),
            f"{escape(c.text.get(lang))}\n[dim]{escape(c.rule_id)}[/dim]",
            RText(cite),
            RText("\n".join(filter(None, [why, *extra]))),
        )


def assessment_panel(a: Assessment, lang: Lang) -> Panel:
    head = RText.assemble(
        (VERDICT_TEXT[a.verdict].get(lang), VERDICT_STYLE[a.verdict]),
        f"  ({a.verdict.value})",
    )
    table = Table(show_header=True, header_style="bold", expand=True, show_lines=False)
    table.add_column("", width=2)
    table.add_column(t("rule", lang), ratio=3)
    table.add_column(t("cite", lang), ratio=2)
    table.add_column(t("why", lang), ratio=4)
    _check_rows(table, a.checks, lang)
    parts: list[object] = [head, table]
    if a.error is not None:
        parts.append(RText(a.error.describe(), style="bold magenta"))
    if a.missing:
        parts.append(RText(f"{t('missing', lang)}: " + ", ".join(a.missing), style="yellow"))
    if a.review:
        parts.append(
            RText(f"{t('review', lang)}: " + "; ".join(r.get(lang) for r in a.review), style="cyan")
        )
    if a.scoring:
        parts.append(
            RText(
                f"{t('scoring', lang)}: "
                + "; ".join(f"{s.text.get(lang)} [{s.status.value}]" for s in a.scoring)
            )
        )
    if a.funding is not None:
        money = Table(title=t("money", lang), expand=True)
        for col in ("payee", "year", "amount", "basis"):
            money.add_column(t(col, lang))
        for line in a.funding.lines:
            amount = f"{line.amount:,}" if line.amount is not None else "?"
            year = str(line.year) if line.year else (f"#{line.instalment}")
            note = line.basis.get(lang)
            if line.tax:
                note += f" [{line.tax.get(lang)}]"
            if line.problem:
                note += f" ⚠ {line.problem.get(lang)}"
            if line.missing:
                note += f" ({', '.join(line.missing)})"
            money.add_row(line.payee, year, f"{amount} ({line.status})", RText(note))
        money.add_row(
            "", t("total", lang), f"{a.funding.total:,}", "" if a.funding.complete else "incomplete"
        )
        parts.append(money)
        for o in a.funding.obligations:
            req = f"{o.required:,}" if o.required is not None else "?"
            parts.append(
                RText(
                    f"{t('oblig', lang)}: {o.text.get(lang)} — {o.obligor} ≥ {req}/"
                    f"{o.per} [{o.status.value}]"
                )
            )
    for remark in a.notes:
        parts.append(RText(f"{t('notes', lang)}: {remark.get(lang)}", style="dim"))
    title = (
        f"{escape(a.name.get(lang))}  [dim]{escape(a.programme)} · {escape(a.document)}"
        f" · as of {a.as_of}[/dim]"
    )
    return Panel(Group(*parts), title=title, title_align="left")  # type: ignore[arg-type]


def print_report(report: Report, lang: Lang, console: Console) -> None:
    if not report.assessments:
        console.print("no programme assessed (all disabled or none selected)")
    for a in report.assessments:
        console.print(assessment_panel(a, lang))


def print_exit(report: ExitReport, lang: Lang, console: Console) -> None:
    if report.error is not None:
        console.print(RText(report.error.describe(), style="bold magenta"))
        return
    if report.no_rule and report.note:
        console.print(report.note.get(lang))
        return
    for o in report.outcomes:
        lines = [
            f"[bold]{escape(o.text.get(lang))}[/bold]  ({escape(o.rule_id)}, "
            f"{escape(o.citation.short())})",
            f"status: {o.status.value}; decided by: {o.decided_by.get(lang)}",
        ]
        if o.new_status:
            lines.append(f"new status: {o.new_status}")
        if o.recover is not None:
            lines.append(f"recover: {o.recover:,} yuan ({', '.join(o.recover_items)})")
        for b in o.bans:
            lines.append(f"ban on {b.on}: {b.text.get(lang)} {b.start} → {b.until}")
        for d in o.deadlines:
            lines.append(f"deadline: {d.what.get(lang)} by {d.due} ({d.basis})")
            if d.done_on is not None:
                when = "LATE" if d.late else "in time"
                lines.append(f"  performed on {d.done_on}: {when}")
                if d.consequence is not None:
                    lines.append(f"  consequence: {d.consequence.get(lang)}")
        if o.missing:
            lines.append(f"facts needed: {', '.join(o.missing)}")
        console.print(
            Panel(
                RText.from_markup(
                    "\n".join(escape(x) if not x.startswith("[bold]") else x for x in lines)
                ),
                title=escape(o.plugin or report.programme),
            )
        )


def print_grading(g: Grading, lang: Lang, console: Console) -> None:
    table = Table(title=f"{g.programme}: {g.assessed} assessed, limits {g.limits}")
    for col in ("subject", "proposed", "grade", "note"):
        table.add_column(col)
    for e in g.entries:
        table.add_row(
            RText(e.subject),
            RText(e.proposed),
            RText(e.grade),
            RText(e.reason.get(lang) if e.reason else ""),
        )
    console.print(table)
    console.print(g.rounding.get(lang))
