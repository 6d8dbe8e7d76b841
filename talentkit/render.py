"""Human-readable rendering of results (tables in a terminal, Chinese or English)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text as RText

from talentkit.exits import ExitReport
from talentkit.fieldlabels import path_label
from talentkit.layout import (
    COLUMN_EDGE,
    Column,
    id_table,
    indented,
    longest_id,
    print_id_table,
    table_fits,
)
from talentkit.ledger import Ledger
from talentkit.procedure import StepResult
from talentkit.results import VERDICT_TEXT, Assessment, Report, Verdict
from talentkit.rules import Check, Status
from talentkit.scoring import Grading
from talentkit.subjects import WAIVER_DECISION_LABELS
from talentkit.text import Lang
from talentkit.text import Text as TText

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
    "incomplete": ("金额未完全确定", "incomplete"),
    "pending": ("其中待支付条件", "of which pending"),
    "paid_after": ("支付时点", "paid after"),
    "package_cap": ("综合资助上限", "package cap"),
    "title": ("授予称号", "title conferred"),
    "withdrawn": ("撤销称号", "title withdrawn:"),
    "payable_from": ("可支付日", "payable from"),
    "status": ("状态", "status"),
    "decided_by": ("决定机关", "decided by"),
    "new_status": ("新状态", "new status"),
    "recover": ("追回", "recover"),
    "payable": ("补发", "payable (top-up)"),
    "ban": ("限制", "ban on"),
    "deadline": ("期限", "deadline"),
    "by": ("截止", "by"),
    "late": ("逾期", "LATE"),
    "in_time": ("按期", "in time"),
    "performed_on": ("履行日", "performed on"),
    "consequence": ("后果", "consequence"),
    "yuan": ("元", "yuan"),
    "subject": ("对象", "subject"),
    "proposed": ("拟定等次", "proposed"),
    "grade": ("最终等次", "grade"),
    "assessed": ("参评", "assessed"),
    "limits": ("名额上限", "limits"),
    "summary": ("结论", "summary"),
    "as_of": ("评估日", "as of"),
    "none_assessed": (
        "未评估任何项目（均未启用或未选中）",
        "no programme assessed (all disabled or none selected)",
    ),
    "waiver": ("例外", "waiver"),
    "procedure": ("程序期限", "procedure on the calendar"),
    "sibling": ("符合同一办法的", "meets instead"),
    "step": ("程序", "step"),
    "start": ("起算日", "starts"),
    "end": ("届满日", "ends"),
    "failed": ("未满足", "not met"),
    "what": ("事项", "what"),
    "ledger": ("资金台账", "ledger"),
    "due": ("应付", "due"),
    "paid": ("已付", "paid"),
    "shortfall": ("配套不足", "shortfall"),
    "event": ("事件", "event"),
}
LEDGER_STATE = {
    "not_due": ("未到期", "not due"),
    "paid": ("已付清", "paid"),
    "outstanding": ("欠付", "outstanding"),
    "suspended": ("暂停", "suspended"),
    "stopped": ("停止", "stopped"),
    "undetermined": ("待定", "undetermined"),
    "not_granted": ("未予资助而已付", "paid, not granted"),
}
PAYMENT_EFFECT = {
    "suspend": ("暂停拨付", "payment suspended"),
    "stop": ("停止拨付", "payment stopped"),
}
LINE_STATUS = {
    "determined": ("已确定", "determined"),
    "pending": ("待支付条件", "pending"),
    "undetermined": ("待定", "undetermined"),
    "invalid": ("无效", "invalid"),
    "excluded": ("不予支持", "excluded"),
}
STATUS_WORDS = {
    Status.PASS: ("满足", "pass"),
    Status.FAIL: ("不满足", "fail"),
    Status.UNKNOWN: ("待定", "unknown"),
    Status.REVIEW: ("待评审", "review"),
    Status.WAIVED: ("例外通过", "waived"),
    Status.NA: ("不适用", "not applicable"),
}
PER = {"year": ("年", "year"), "period": ("支持期", "period"), "total": ("总额", "total")}
# who is paid, banned or obliged, as the texts name them
ROLES = {
    "host": "依托单位",
    "leader": "带头人",
    "person": "本人",
    "team": "团队",
    "employer": "用人单位",
    "enterprise": "企业",
    "organisation": "单位",
    "applicant": "申报单位",
    "member": "成员",
}
Labels = Mapping[str, str]
"""Chinese labels of declared facts, by fact name (``yangquan.team.call_opens_on``)."""


def _pair(pair: tuple[str, str], lang: Lang) -> str:
    return pair[0] if lang == "zh" else pair[1]


def role(name: str, lang: Lang) -> str:
    return ROLES.get(name, name) if lang == "zh" else name


def fact_label(path: str, lang: Lang, labels: Labels | None, *, with_path: bool = False) -> str:
    """A missing fact as a reader knows it under ``--lang zh``: a declared fact by its
    label, a field of the subjects by its fields' labels (团队·成员[0]·角色). With
    ``with_path`` the path follows in brackets, for whoever fixes the input. English output
    keeps the paths: they are the input's own words."""
    if lang != "zh":
        return path
    labels = labels or {}
    if path in labels:  # an attestation, by its question
        return labels[path]
    if path.startswith("param:"):
        return f"参数 {path[len('param:') :]}"
    label = path_label(path, labels)
    entry = _ENTRY.fullmatch(path)
    if label is None and entry is not None:  # one date of a list (a yearly report's)
        base = path_label(entry.group(1), labels)
        label = None if base is None else f"{base}第{int(entry.group(2)) + 1}项"
    if label is None:
        return path
    return f"{label}（{path}）" if with_path else label


_ENTRY = re.compile(r"(.+)\[(\d+)\]")
#: a fact path inside a sentence (``person.degree``, ``team.members[0].role``,
#: ``organisations[role=company].founded_on``, ``person.facts.yangquan.tic.sci_tech``):
#: ASCII steps, at least two, not part of a longer word, key or number
_PATH_IN_TEXT = re.compile(
    r"(?<![\w.$\[/-])[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]\s]*\])?"
    r"(?:\.[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]\s]*\])?)+(?![\w\[])"
)


def labelled(text: str, lang: Lang, labels: Labels | None) -> str:
    """A sentence of a result (values read, a hint) as a reader knows it: under
    ``--lang zh`` each fact path in it shown by its fields' labels (``person.degree = 学士``
    reads ``申报人·学位 = 学士``); a path without labels, and any other language, as it is.
    Only the shown text changes: the check keeps the paths (JSON output)."""
    if lang != "zh" or "." not in text:
        return text

    def label(m: re.Match[str]) -> str:
        path = m.group(0)
        found = path_label(path, labels or {})
        owner, facts, _ = path.partition(".facts.")
        if found is not None and facts:  # whose fact: 团队·成员[19]·第一依托单位科技人员
            whose = path_label(owner, labels or {})
            found = None if whose is None else f"{whose}·{found}"
        return found if found is not None else path

    return _PATH_IN_TEXT.sub(label, text)


def _facts(
    paths: Iterable[str], lang: Lang, labels: Labels | None, *, with_path: bool = False
) -> str:
    shown = dict.fromkeys(fact_label(p, lang, labels, with_path=with_path) for p in paths)
    return ("、" if lang == "zh" else ", ").join(shown)  # one label, once


def t(key: str, lang: Lang) -> str:
    zh, en = L[key]
    return zh if lang == "zh" else en


def _check_cells(
    c: Check, lang: Lang, labels: Labels | None = None
) -> tuple[RText, RText, RText, RText]:
    """A check as (mark, text, citation, values read and what is missing)."""
    mark, style = STATUS_STYLE[c.status]
    cite = c.citation.short() if c.citation else ""
    why = labelled(c.detail.get(lang), lang, labels) if c.detail else ""
    extra = [fact_label(m, lang, labels) for m in c.missing] if c.status is Status.UNKNOWN else []
    if c.status is Status.REVIEW:
        extra += [labelled(r.get(lang), lang, labels) for r in c.review]
    extra += [("→ " + labelled(h.get(lang), lang, labels)) for h in c.hints]
    if c.waiver is not None:
        label = WAIVER_DECISION_LABELS.get(c.waiver.decision)
        decision = label.get(lang) if label else c.waiver.decision
        extra.append(
            f"{t('waiver', lang)} {decision}: {c.waiver.by} {c.waiver.on} ({c.waiver.basis})"
        )
    return (
        RText(mark, style=style),
        RText(c.text.get(lang)),
        RText(cite),
        RText("\n".join(filter(None, [why, *extra]))),
    )


#: the check table's columns after the rule: citation and values read, at their narrowest
_CHECK_COLUMNS = (Column("cite", min_width=12), Column("why", min_width=20))
_PANEL_EDGE = 4  # a panel's border and padding, both sides


def _check_table(checks: Sequence[Check], lang: Lang, labels: Labels | None) -> Table:
    """The checks in a table whose rule column is as wide as the longest rule id: each id
    under its rule's text, never folded."""
    longest = max((len(c.rule_id) for c in checks), default=0)
    table = Table(show_header=True, header_style="bold", expand=True, show_lines=False)
    table.add_column("", width=2)
    table.add_column(t("rule", lang), width=max(longest, 12), overflow="fold")
    table.add_column(t("cite", lang), ratio=2, overflow="fold")
    table.add_column(t("why", lang), ratio=4, overflow="fold")
    for c in checks:
        mark, text, cite, why = _check_cells(c, lang, labels)
        table.add_row(mark, RText.assemble(text, "\n", (c.rule_id, "dim")), cite, why)
    return table


def _fits(checks: Sequence[Check], width: int) -> bool:
    longest = max((len(c.rule_id) for c in checks), default=0)
    return table_fits(width - _PANEL_EDGE, max(longest, 12), _CHECK_COLUMNS, lead=2 + COLUMN_EDGE)


def _print_stacked_checks(
    console: Console, checks: Sequence[Check], lang: Lang, labels: Labels | None
) -> None:
    """Each check as its mark, rule id and citation on one line (printed whole however
    narrow the terminal), then its text and the values read, wrapped and indented."""
    for c in checks:
        mark, text, cite, why = _check_cells(c, lang, labels)
        head = RText.assemble(mark, " ", (c.rule_id, "bold"))
        if cite.plain:
            head.append("  ")
            head.append(cite)
        console.print(head, soft_wrap=True)
        for part in (text, why):
            if part.plain:
                console.print(indented(part, 3))


def summary_line(a: Assessment, lang: Lang, labels: Labels | None = None) -> RText:
    """One line per programme: verdict, money, what is missing."""
    parts: list[str | tuple[str, str]] = [
        (a.programme, "bold"),
        "  ",
        (VERDICT_TEXT[a.verdict].get(lang), VERDICT_STYLE[a.verdict]),
    ]
    if a.funding is not None:
        money = f"{a.funding.total:,} {t('yuan', lang)}"
        if not a.funding.complete:
            money += f" ({t('incomplete', lang)})"
        parts += ["  ", money]
    if a.failed:
        parts += ["  ", (f"{t('failed', lang)}: {', '.join(a.failed)}", "red")]
    elif a.missing:
        parts += ["  ", (f"{t('missing', lang)}: {_facts(a.missing, lang, labels)}", "yellow")]
    if a.review:
        parts += ["  ", (f"{t('review', lang)}: {len(a.review)}", "cyan")]
    if a.siblings:
        meets = ", ".join(h.programme for h in a.siblings)
        parts += ["  ", (f"→ {t('sibling', lang)} {meets}", "cyan")]
    return RText.assemble(*parts)


def _details(a: Assessment, lang: Lang, labels: Labels | None) -> list[object]:
    """What follows the checks: errors, missing facts, review, scoring, money, notes."""
    parts: list[object] = []
    if a.error is not None:
        parts.append(RText(a.error.describe(), style="bold magenta"))
    for hint in a.siblings:
        parts.append(RText(f"→ {hint.text.get(lang)}", style="cyan"))
    if a.missing:
        parts.append(
            RText(
                f"{t('missing', lang)}: " + _facts(a.missing, lang, labels, with_path=True),
                style="yellow",
            )
        )
    if a.review:
        parts.append(
            RText(f"{t('review', lang)}: " + "; ".join(r.get(lang) for r in a.review), style="cyan")
        )
    if a.scoring:
        parts.append(
            RText(
                f"{t('scoring', lang)}: "
                + "; ".join(
                    f"{s.text.get(lang)} [{_pair(STATUS_WORDS[s.status], lang)}]" for s in a.scoring
                )
            )
        )
    if a.funding is not None:
        money = Table(title=t("money", lang), expand=True)
        for col in ("payee", "year", "amount", "basis"):
            money.add_column(t(col, lang), overflow="fold")
        for line in a.funding.lines:
            amount = f"{line.amount:,}" if line.amount is not None else "?"
            year = str(line.year) if line.year else (f"#{line.instalment}")
            note = line.basis.get(lang)
            if line.tax:
                note += f" [{line.tax.get(lang)}]"
            if line.problem:
                note += f" ⚠ {line.problem.get(lang)}"
            if line.missing:
                note += f" ({_facts(line.missing, lang, labels)})"
            if line.paid_after:
                note += f"; {t('paid_after', lang)}: {line.paid_after.get(lang)}"
            if line.awaiting:
                note += f" ({_facts((line.awaiting,), lang, labels)})"
            if line.payable_from:
                note += f"; {t('payable_from', lang)} {line.payable_from.isoformat()}"
            status = _pair(LINE_STATUS.get(line.status, (line.status, line.status)), lang)
            money.add_row(role(line.payee, lang), year, f"{amount} ({status})", RText(note))
        money.add_row(
            "",
            t("total", lang),
            f"{a.funding.total:,}",
            ("" if a.funding.complete else t("incomplete", lang))
            + (
                f" {t('pending', lang)} {a.funding.pending_total:,}"
                if a.funding.pending_total
                else ""
            ),
        )
        parts.append(money)
        for honour in a.funding.titles:
            parts.append(
                RText(
                    f"{t('title', lang)}: {role(honour.holder, lang)} — {honour.text.get(lang)} "
                    f"({honour.citation.short()})"
                    + (
                        f" [{_pair(STATUS_WORDS[honour.status], lang)}: "
                        f"{_facts(honour.missing, lang, labels)}]"
                        if honour.status is not Status.PASS
                        else ""
                    )
                )
            )
        for cap in a.funding.caps:
            got = f"{cap.sum:,}" if cap.sum is not None else "?"
            limit = f"{cap.cap:,}" if cap.cap is not None else "?"
            parts.append(
                RText(
                    f"{t('package_cap', lang)}: {cap.text.get(lang)} — "
                    + " + ".join(f"{amount:,}" for _, amount in cap.items)
                    + f" = {got} ≤ {limit} [{_pair(STATUS_WORDS[cap.status], lang)}]"
                    + (f" ({_facts(cap.missing, lang, labels)})" if cap.missing else "")
                )
            )
        for o in a.funding.obligations:
            req = f"{o.required:,}" if o.required is not None else "?"
            parts.append(
                RText(
                    f"{t('oblig', lang)}: {o.text.get(lang)} — {role(o.obligor, lang)} ≥ {req}/"
                    f"{_pair(PER.get(o.per, (o.per, o.per)), lang)} "
                    f"[{_pair(STATUS_WORDS[o.status], lang)}]"
                )
            )
    if a.ledger is not None:
        parts.extend(_ledger_parts(a.ledger, lang))
    return parts


def _ledger_parts(led: Ledger, lang: Lang) -> list[Table | RText]:
    """The ledger as a compact table: per payment what was due and paid, the state and the
    amount in it, what is to be recovered; then events, shortfalls and flags."""
    table = Table(title=f"{t('ledger', lang)} · {t('as_of', lang)} {led.as_of}", expand=True)
    for col in ("year", "payee", "due", "paid", "status", "recover"):
        table.add_column(t(col, lang), overflow="fold")
    for x in led.lines:
        rest = {"outstanding": x.outstanding, "suspended": x.suspended, "stopped": x.stopped}
        amount = rest.get(x.state)
        state = _pair(LEDGER_STATE[x.state], lang) + (f" {amount:,}" if amount else "")
        table.add_row(
            str(x.year) if x.year else f"#{x.instalment}",
            role(x.payee, lang),
            f"{x.due:,}" if x.due is not None else "?",
            f"{x.paid:,}",
            state,
            f"{x.recover:,}" if x.recover else "",
        )
    out: list[Table | RText] = [table]
    for e in led.events:
        effect = f" — {_pair(PAYMENT_EFFECT[e.payment], lang)}" if e.payment else ""
        until = f"–{e.until}" if e.until else ""
        recover = f"; {t('recover', lang)} {e.recover:,}" if e.recover is not None else ""
        if e.payable is not None:
            recover += f"; {t('payable', lang)} {e.payable:,}"
        out.append(RText(f"{t('event', lang)}: {e.kind} {e.date}{until}{effect}{recover}"))
    for s in led.shortfalls:
        out.append(
            RText(
                f"{t('shortfall', lang)}: {s.text.get(lang)} — {s.year or ''} "
                f"{s.paid:,} < {s.required:,} (−{s.short:,}) ({s.citation.short()})",
                style="red",
            )
        )
    if led.note is not None:
        out.append(RText(led.note.get(lang), style="bold"))
    for flag in led.flags:
        out.append(RText(f"⚠ {flag.get(lang)}", style="yellow"))
    return out


def _notes(a: Assessment, lang: Lang) -> list[RText]:
    return [RText(f"{t('notes', lang)}: {remark.get(lang)}", style="dim") for remark in a.notes]


def _head(a: Assessment, lang: Lang) -> RText:
    return RText.assemble(
        (VERDICT_TEXT[a.verdict].get(lang), VERDICT_STYLE[a.verdict]),
        f"  ({a.verdict.value})" if lang == "en" else "",
    )


def _title(a: Assessment, lang: Lang) -> RText:
    return RText.assemble(
        a.name.get(lang),
        "  ",
        (f"{a.programme} · {a.document} · {t('as_of', lang)} {a.as_of}", "dim"),
    )


def _summary(summary: TText | None, lang: Lang) -> list[RText]:
    """The programme's summary under its title (a programme without one shows nothing)."""
    shown = summary.get(lang) if summary is not None else ""
    return [RText(shown, style="dim italic")] if shown else []


def assessment_panel(
    a: Assessment, lang: Lang, labels: Labels | None = None, summary: TText | None = None
) -> Panel:
    parts = [
        *_summary(summary, lang),
        _head(a, lang),
        _check_table(a.checks, lang, labels),
        *_details(a, lang, labels),
    ]
    if a.procedure:
        columns, rows = _procedure_rows(a.procedure, lang, labels)
        parts.append(id_table(t("step", lang), columns, rows, title=t("procedure", lang)))
    parts += _notes(a, lang)
    return Panel(Group(*parts), title=_title(a, lang), title_align="left")  # type: ignore[arg-type]


def print_assessment(
    a: Assessment,
    lang: Lang,
    console: Console,
    labels: Labels | None = None,
    summary: TText | None = None,
) -> None:
    """In a panel where the terminal is wide enough for the rule ids; otherwise stacked,
    without a frame, so that no rule id is folded. ``summary`` is the programme's summary
    (with the parameter values in force), shown under the title."""
    columns, rows = _procedure_rows(a.procedure, lang, labels)
    steps_fit = not rows or table_fits(
        console.width - _PANEL_EDGE, longest_id(t("step", lang), rows), columns
    )
    if _fits(a.checks, console.width) and steps_fit:
        console.print(assessment_panel(a, lang, labels, summary))
        return
    console.rule(style="dim")
    console.print(_title(a, lang), soft_wrap=True)
    for line in _summary(summary, lang):
        console.print(line)
    console.print(_head(a, lang))
    _print_stacked_checks(console, a.checks, lang, labels)
    for part in _details(a, lang, labels):
        console.print(part)
    if rows:
        print_id_table(console, t("step", lang), columns, rows, title=t("procedure", lang))
    for note in _notes(a, lang):
        console.print(note)


def _procedure_rows(
    steps: Iterable[StepResult], lang: Lang, labels: Labels | None
) -> tuple[list[Column], list[tuple[str, RText, str, RText]]]:
    """When each publicity period or review window ends, or the facts needed to say: one
    row per step, its id first (never folded, see :mod:`talentkit.layout`)."""
    columns = [
        Column(t("what", lang), min_width=10, ratio=2),
        Column(t("cite", lang), min_width=10, ratio=2),
        Column(f"{t('start', lang)} → {t('end', lang)}", min_width=12, ratio=3),
    ]
    rows = []
    for s in steps:
        period = RText(f"{s.start or '?'} → ")
        if s.end is None:
            period.append(f"{t('missing', lang)}: {_facts(s.missing, lang, labels)}", "yellow")
        else:
            period.append(str(s.end))
            if s.late is not None:
                mark = (
                    f"{t('late', lang)} ({s.done_on}): {s.consequence.get(lang)}"
                    if s.late and s.consequence
                    else f"{t('in_time', lang)} ({s.done_on})"
                )
                period.append(f"\n{mark}", style="red" if s.late else "green")
        rows.append((s.step, RText(s.text.get(lang)), s.citation.short(), period))
    return columns, rows


def print_report(
    report: Report,
    lang: Lang,
    console: Console,
    labels: Labels | None = None,
    summaries: Mapping[str, TText] | None = None,
) -> None:
    """A summary line per programme first, then each programme's detail under its title
    and summary (``summaries``, by programme id)."""
    if not report.assessments:
        console.print(t("none_assessed", lang))
    for a in report.assessments:
        console.print(summary_line(a, lang, labels), soft_wrap=True)
    for a in report.assessments:
        print_assessment(a, lang, console, labels, (summaries or {}).get(a.programme))


def print_exit(
    report: ExitReport,
    lang: Lang,
    console: Console,
    labels: Labels | None = None,
    plugin_name: str = "",
    statuses: Mapping[str, TText] | None = None,
) -> None:
    """Each consequence in a panel titled with the plugin whose programme it is."""
    if report.error is not None:
        console.print(RText(report.error.describe(), style="bold magenta"))
        return
    if report.no_rule and report.note:
        console.print(report.note.get(lang))
    sep = "：" if lang == "zh" else ": "
    for o in report.outcomes:
        ident = RText.assemble((o.rule_id, "dim"), "  ", o.citation.short())
        lines = [
            RText(o.text.get(lang), style="bold"),
            ident,
            RText(
                f"{t('status', lang)}{sep}{_pair(STATUS_WORDS[o.status], lang)}"
                f"{'；' if lang == 'zh' else '; '}"
                f"{t('decided_by', lang)}{sep}{o.decided_by.get(lang)}"
            ),
        ]
        if o.new_status:
            label = (statuses or {}).get(o.new_status)
            shown = label.get(lang) if label else o.new_status
            lines.append(RText(f"{t('new_status', lang)}{sep}{shown}"))
        whole = [ident]  # lines holding an identifier: never folded
        if o.payment:
            until = f" → {o.until}" if o.until else ""
            lines.append(RText(f"{_pair(PAYMENT_EFFECT[o.payment], lang)}{until}"))
        if o.payable is not None:
            lines.append(RText(f"{t('payable', lang)}{sep}{o.payable:,} {t('yuan', lang)}"))
        if o.recover is not None:
            lines.append(RText(f"{t('recover', lang)}{sep}{o.recover:,} {t('yuan', lang)}"))
            for item in dict.fromkeys(o.recover_items):  # a line paid twice is named once
                whole.append(RText(f"  · {item}", style="dim"))
                lines.append(whole[-1])
        for w in o.withdrawn:
            lines.append(
                RText(
                    f"{t('withdrawn', lang)} {role(w.holder, lang)}{sep}{w.text.get(lang)} "
                    f"({w.citation.short()})"
                )
            )
        for b in o.bans:
            lines.append(
                RText(
                    f"{t('ban', lang)} {role(b.on, lang)}{sep}{b.text.get(lang)} "
                    f"{b.start} → {b.until}"
                )
            )
        for d in o.deadlines:
            lines.append(
                RText(
                    f"{t('deadline', lang)}{sep}{d.what.get(lang)} {t('by', lang)} {d.due}"
                    + (f" ({d.basis})" if lang == "en" and d.basis else "")
                )
            )
            if d.done_on is not None:
                when = t("late", lang) if d.late else t("in_time", lang)
                lines.append(RText(f"  {t('performed_on', lang)} {d.done_on}{sep}{when}"))
                if d.consequence is not None:
                    lines.append(RText(f"  {t('consequence', lang)}{sep}{d.consequence.get(lang)}"))
        if o.missing:
            lines.append(RText(f"{t('missing', lang)}{sep}{_facts(o.missing, lang, labels)}"))
        title = f"{plugin_name or report.programme} · {report.programme}"
        if console.width - _PANEL_EDGE >= max(len(x) for x in whole):
            console.print(Panel(Group(*lines), title=escape(title)))
            continue
        # too narrow for the identifiers inside a frame: stacked, each id printed whole
        console.rule(style="dim")
        console.print(title, soft_wrap=True, markup=False)
        for line in lines:
            console.print(line, soft_wrap=any(line is x for x in whole))
    if report.ledger is not None:
        for part in _ledger_parts(report.ledger, lang):
            console.print(part)


def print_grading(
    g: Grading, lang: Lang, console: Console, names: Mapping[str, TText] | None = None
) -> None:
    """The cohort's grades, each shown by its name in the scheme (优秀, not excellent)."""

    def grade(code: str) -> str:
        return names[code].get(lang) if names and code in names else code

    limits = ("、" if lang == "zh" else ", ").join(f"{grade(k)} {v}" for k, v in g.limits.items())
    title = (
        f"{g.programme}：{t('assessed', lang)} {g.assessed}，{t('limits', lang)} {limits}"
        if lang == "zh"
        else f"{g.programme}: {g.assessed} assessed, limits {limits}"
    )
    table = Table(title=RText(title))
    for col in ("subject", "proposed", "grade", "notes"):
        table.add_column(t(col, lang), overflow="fold")
    for e in g.entries:
        table.add_row(
            RText(e.subject),
            RText(grade(e.proposed)),
            RText(grade(e.grade)),
            RText(e.reason.get(lang) if e.reason else ""),
        )
    console.print(table)
    console.print(g.rounding.get(lang))
