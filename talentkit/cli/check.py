"""Commands that assess: check a profile, an exit event, a cohort grading."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any, TypeVar

import click

from talentkit.cli._common import (
    HOOK_ERROR,
    as_date,
    as_of_option,
    echo_document,
    encoding_option,
    engine_of,
    format_option,
    lang_option,
    overrides,
    params_option,
    user_errors,
)
from talentkit.convert import InputError, cohort_entries, read_document
from talentkit.engine import Engine
from talentkit.results import Report, Verdict
from talentkit.subjects import Award, Event, Profile
from talentkit.text import Lang, Text

VERDICTS = [v.value for v in Verdict]
T = TypeVar("T")


@click.command()
@click.argument("profile", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--programme",
    "-p",
    "selected",
    multiple=True,
    help="Programme id, id prefix or jurisdiction (repeatable). Default: all enabled.",
)
@as_of_option
@params_option
@click.option("--compare", is_flag=True, help="Also run without --params and show what changes.")
@click.option(
    "--assume-calendar",
    is_flag=True,
    help="Count weekends only in years the official holiday calendar does not know.",
)
@click.option(
    "--fail-on",
    type=click.Choice(VERDICTS),
    multiple=True,
    help="Exit with 1 if any programme gets this verdict.",
)
@encoding_option
@format_option
@lang_option
@click.pass_context
@user_errors
def check(
    ctx: click.Context,
    profile: Path,
    selected: tuple[str, ...],
    as_of: dt.datetime | None,
    params_file: Path | None,
    compare: bool,
    assume_calendar: bool,
    fail_on: tuple[str, ...],
    encoding: str | None,
    fmt: str,
    lang: Lang,
) -> None:
    """Assess the case in PROFILE (TOML or JSON) against programmes."""
    engine = engine_of(ctx)
    case = engine.load(profile, Profile, encoding=encoding)
    over = overrides(params_file)
    if compare:
        if not over:
            raise click.UsageError("--compare needs --params")
        result: Any = engine.compare(case, over, list(selected) or None, as_of=as_of_date(as_of))
        report = result.variant
    else:
        report = result = engine.assess(
            case,
            list(selected) or None,
            as_of=as_date(as_of),
            overrides=over,
            assume_calendar=assume_calendar,
        )
    if fmt == "json":
        echo_document(result)
    else:
        from rich.console import Console  # the table renderer loads only when used

        from talentkit.render import print_report

        console = Console()
        print_report(report, lang, console, fact_labels(engine), summaries(engine, report, over))
        if compare:
            head = "假设" if lang == "zh" else "what-if"
            for ch in result.changes:
                console.print(f"{head}: {ch.programme} {ch.field}: {ch.before} → {ch.after}")
            if not result.changes:
                none = "结论与金额均无变化" if lang == "zh" else "no verdict or amount changes"
                console.print(f"{head}: {none}")
    errors = [a.error for a in report.assessments if a.error is not None]
    for error in errors:
        click.secho(f"error: {error.describe()}", fg="magenta", err=True)
    if errors:
        sys.exit(HOOK_ERROR)
    if fail_on and any(a.verdict.value in fail_on for a in report.assessments):
        sys.exit(1)


def summaries(engine: Engine, report: Report, over: dict[str, Any] | None) -> dict[str, Text]:
    """Each assessed programme's summary with the parameter values the assessment used."""
    from talentkit.fundingtext import summary_in_force

    store = engine.params.with_overrides(over) if over else engine.params
    return {
        a.programme: summary_in_force(engine.programme(a.programme), store, a.as_of)
        for a in report.assessments
    }


def fact_labels(engine: Engine) -> dict[str, str]:
    """The Chinese labels of the declared facts, shown instead of their paths; and of the
    attestations a reviewer gives (``attestations.<key>``), by their question."""
    from talentkit.inputkeys import rules_in
    from talentkit.params import UNSET
    from talentkit.rules import Attested

    labels = {name: spec.text.zh for name, spec in engine.registry.facts.items() if spec.text.zh}
    today = dt.date.today()

    def param(key: str) -> Any:
        value = engine.params.get(key, today)
        return "?" if value is UNSET else value

    seen: set[int] = set()
    for rule in (r for p in engine.registry.programmes.values() for r in rules_in(p, seen)):
        if isinstance(rule, Attested):
            question = rule.rendered_text(param, rule.question).zh
            labels.setdefault(f"attestations.{rule.key}", f"审核确认：{question}")
    return labels


def as_of_date(value: dt.datetime | None) -> dt.date | None:
    return as_date(value)


@click.command("exit")
@click.argument(
    "case", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--kinds",
    "kinds_of",
    metavar="PROGRAMME",
    help="List the event kinds PROGRAMME's exit rules answer, and stop.",
)
@params_option
@click.option(
    "--assume-calendar",
    is_flag=True,
    help="Count weekends only in years the official holiday calendar does not know.",
)
@encoding_option
@format_option
@lang_option
@click.pass_context
@user_errors
def exit_cmd(
    ctx: click.Context,
    case: Path | None,
    kinds_of: str | None,
    params_file: Path | None,
    assume_calendar: bool,
    encoding: str | None,
    fmt: str,
    lang: Lang,
) -> None:
    """Consequences of an event for an award. CASE holds ``programme``, ``[award]``,
    ``[event]`` and optionally ``[profile]``."""
    engine = engine_of(ctx)
    if kinds_of is not None:
        kinds = engine.exit_kinds(kinds_of)
        if fmt == "json":
            echo_document(kinds)
        elif not kinds:
            click.echo("无退出规则" if lang == "zh" else "no exit rules")
        for kind, text in kinds.items() if fmt != "json" else ():
            click.echo(f"{kind}\t{text.get(lang)}")
        return
    if case is None:
        raise click.UsageError("give a CASE file, or --kinds PROGRAMME")
    data = read_document(case, encoding)
    extra = set(data) - {"programme", "award", "event", "profile"} if isinstance(data, dict) else {}
    if not isinstance(data, dict) or extra or "programme" not in data or "event" not in data:
        got = sorted(data) if isinstance(data, dict) else type(data).__name__
        raise InputError(
            [f"expected keys programme, award, event[, profile]; got {got} @ $"], str(case)
        )
    if not isinstance(data["programme"], str):
        raise InputError(["expected a string @ $.programme"], str(case))
    over = overrides(params_file)
    warn_if_disabled(engine, data["programme"], None, over)
    award = _part(engine, data.get("award", {"programme": data["programme"]}), Award, "award", case)
    event = _part(engine, data["event"], Event, "event", case)
    prof = _part(engine, data["profile"], Profile, "profile", case) if "profile" in data else None
    try:
        report = engine.exit(
            data["programme"],
            award,
            event,
            prof,
            overrides=over,
            assume_calendar=assume_calendar,
        )
    except InputError as exc:
        raise InputError(exc.errors, str(case)) from None
    if fmt == "json":
        echo_document(report)
    else:
        from rich.console import Console

        from talentkit.render import print_exit

        owner = engine.registry.owners.get(report.programme, "")
        statuses = engine.programme(report.programme).statuses
        print_exit(report, lang, Console(), fact_labels(engine), owner, statuses)
    if report.error is not None:
        click.secho(f"error: {report.error.describe()}", fg="magenta", err=True)
        sys.exit(HOOK_ERROR)


def _part(engine: Engine, data: Any, cls: type[T], name: str, case: Path) -> T:
    """One table of an exit case, its errors' paths under ``$.<name>``."""
    try:
        if not isinstance(data, dict):
            raise InputError([f"expected a table @ $ (got {type(data).__name__})"])
        return engine.load(data, cls)
    except InputError as exc:
        raise InputError(
            [e.replace(" @ $", f" @ $.{name}", 1) for e in exc.errors], str(case)
        ) from None


def warn_if_disabled(
    engine: Engine, programme: str, on: dt.date | None, over: dict[str, Any] | None
) -> None:
    """Say so when a programme the operator has not enabled (a draft) is run by name."""
    prog = engine.programme(programme)
    store = engine.params.with_overrides(over) if over else engine.params
    if not engine.enabled(prog, store, on or dt.date.today()):
        key = prog.enabled.key if prog.enabled else ""
        click.secho(
            f"warning: {prog.id} is not enabled (draft or switched off; the operator enables it "
            f"with {key} = true); the result shows what the text would give",
            fg="yellow",
            err=True,
        )


@click.command()
@click.argument("programme")
@click.argument("cohort", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@as_of_option
@params_option
@encoding_option
@format_option
@lang_option
@click.pass_context
@user_errors
def grade(
    ctx: click.Context,
    programme: str,
    cohort: Path,
    as_of: dt.datetime | None,
    params_file: Path | None,
    encoding: str | None,
    fmt: str,
    lang: Lang,
) -> None:
    """Grade a cohort under PROGRAMME's quotas. COHORT has ``[[subject]]`` tables with
    ``subject``, ``proposed`` and ``score``."""
    engine = engine_of(ctx)
    over = overrides(params_file)
    warn_if_disabled(engine, programme, as_date(as_of), over)
    entries = cohort_entries(read_document(cohort, encoding), str(cohort))
    try:
        result = engine.grade(programme, entries, as_of=as_date(as_of), overrides=over)
    except InputError as exc:
        raise InputError(exc.errors, str(cohort)) from None
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    if fmt == "json":
        echo_document(result)
    else:
        from rich.console import Console

        from talentkit.render import print_grading

        scheme = engine.programme(programme).grading
        print_grading(result, lang, Console(), scheme.names if scheme else None)
