# mypy: disable-error-code="empty-body"
"""Every hook talentkit calls, grouped by phase.

Plugins implement them with :data:`talentkit.hookimpl` (defined here, beside the specs).
Implementations may accept fewer arguments than a spec declares (pluggy's opt-in
arguments), so new arguments can be added without breaking plugins. Every answer a plugin
gives is tagged with the plugin's name in results, so a verdict can always be traced to
the code that produced it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import pluggy

from talentkit.exits import ExitCase, ExitOutcome
from talentkit.facts import FactSpec
from talentkit.funding import FundingResult
from talentkit.params import Parameter
from talentkit.programme import Document, Jurisdiction, Programme
from talentkit.rules import Check, Rule
from talentkit.rules.context import Context
from talentkit.scoring import CohortEntry, Grading, ScoreLine

hookspec = pluggy.HookspecMarker("talentkit")
#: The marker plugins implement hooks with; beside the specs so that the built-in plugin
#: and jurisdiction plugins import it without importing the plugin manager.
hookimpl = pluggy.HookimplMarker("talentkit")

F = TypeVar("F", bound=Callable[..., Any])
TOUCHES = "talentkit_touches"


def touches(*selectors: str) -> Callable[[F], F]:
    """Declare which programmes a hook implementation is about.

    Selectors are programme ids, id prefixes (``xinzhou.eco``) or jurisdiction ids, as on
    the command line. The implementation is called only for those programmes, a failure
    in it is an error of those programmes only, and batch screening assesses every other
    programme without it (an implementation without this marker touches every programme,
    so batch screening evaluates all of them case by case)::

        @hookimpl(wrapper=True)
        @touches("xinzhou.eco.pilot_base")
        def talentkit_funding(programme, ctx):
            ...

    A selector that matches no programme is reported when the plugins load.
    """
    if not selectors or not all(isinstance(s, str) and s for s in selectors):
        raise ValueError("touches() needs one or more programme ids, prefixes or jurisdictions")

    def mark(fn: F) -> F:
        setattr(fn, TOUCHES, tuple(selectors))
        return fn

    return mark


def selects(selector: str, programme: Programme) -> bool:
    """Whether a selector (id, id prefix or jurisdiction id) names the programme."""
    return (
        programme.id == selector
        or programme.id.startswith(selector + ".")
        or programme.jurisdiction == selector
    )


def touched(function: object, programme: Programme) -> bool:
    """Whether a hook implementation takes part for ``programme`` (see :func:`touches`)."""
    selectors: tuple[str, ...] | None = getattr(function, TOUCHES, None)
    return selectors is None or any(selects(s, programme) for s in selectors)


# ---------------------------------------------------------------------------------------
# registration: what a plugin brings
# ---------------------------------------------------------------------------------------


@hookspec
def talentkit_add_jurisdictions() -> Sequence[Jurisdiction]:
    """Declare the jurisdictions (city, province…) a plugin covers.

    Called once when the engine is built.

    :return: frozen :class:`~talentkit.Jurisdiction` records with stable ids.

    Combination: all answers are collected; the same id from two plugins is an error that
    names both plugins, and neither plugin's registration is silently preferred.

    Example::

        @hookimpl
        def talentkit_add_jurisdictions():
            return [Jurisdiction(id="yangquan", name=Text("阳泉市", "Yangquan"), level="city",
                                 parent="shanxi")]
    """


@hookspec
def talentkit_add_documents() -> Sequence[Document]:
    """Declare the source texts the plugin's rules cite, with their legal status.

    Called once when the engine is built.

    :return: :class:`~talentkit.Document` records; ``status="draft"`` marks 征求意见稿 /
        代拟稿 texts, which every assessment then reports. ``text`` points at the text as
        published, shipped as package data; citations are checked against it and
        ``talentkit coverage`` lists what implements each of its articles.

    Combination: collected; duplicate ids are an error naming every provider.

    Example::

        @hookimpl
        def talentkit_add_documents():
            return [Document(id="YQ-TIC", title="市技术创新中心认定管理办法",
                             jurisdiction="yangquan",
                             text=Path(__file__).with_name("texts") / "tic.txt")]
    """


@hookspec
def talentkit_add_programmes() -> Sequence[Programme]:
    """Declare programmes: their rules, funding, scoring and exit declarations.

    Called once when the engine is built.

    :return: :class:`~talentkit.Programme` records with ids unique across all plugins.

    Combination: collected; an id registered by two plugins is reported as a conflict
    naming both, and the later plugin's programmes are not loaded (never shadowed).

    Example::

        @hookimpl
        def talentkit_add_programmes():
            return [Programme(id="fooland.grant", jurisdiction="fooland", document="FOO-1",
                              name=Text("样例补助", "Sample grant"), rules=[...])]
    """


@hookspec
def talentkit_add_facts() -> Sequence[FactSpec]:
    """Declare the extra facts a plugin reads from ``facts`` mappings of the input.

    Called once when the engine is built. Input is validated against the declarations: an
    undeclared fact name or a value of the wrong type is an input error with its path.

    :return: :class:`~talentkit.FactSpec` records with namespaced names.

    Combination: collected; a name declared twice with different types is a conflict.

    Example::

        @hookimpl
        def talentkit_add_facts():
            return [FactSpec(name="fooland.area_m2", type="int", scope="organisation")]
    """


@hookspec
def talentkit_add_parameters() -> Sequence[Parameter]:
    """Declare parameters (amounts, thresholds, dates, switches) with their citations.

    Called once when the engine is built. Usually returns
    :func:`talentkit.load_parameters` of the plugin's TOML files.

    :return: :class:`~talentkit.Parameter` records.

    Combination: collected; versions of one key with different validity windows form its
    history. Operators override values at assessment time, not through this hook.

    Example::

        @hookimpl
        def talentkit_add_parameters():
            return load_parameters(Path(__file__).parent / "params.toml")
    """


@hookspec
def talentkit_add_rules(programme: Programme) -> Sequence[Rule]:
    """Add declared rules to another plugin's programme.

    Called once per programme when the engine is built. A province plugin adds its
    conditions to a city programme; cross-programme constraints (a person's history of
    applications and selections) are added here.

    :param programme: the programme being assembled.
    :return: rules with ids and citations (an empty list when nothing applies).

    Combination: all rules are appended after the programme's own, each tagged with the
    contributing plugin; they vote like the programme's rules (any fail fails).

    Example::

        @hookimpl
        def talentkit_add_rules(programme):
            if programme.jurisdiction == "yangquan":
                return [Compare(id="shanxi.extra", fact="...", cite=..., text=...)]
            return []
    """


# ---------------------------------------------------------------------------------------
# eligibility
# ---------------------------------------------------------------------------------------


@hookspec
def talentkit_eligibility(programme: Programme, ctx: Context) -> Sequence[Check] | None:
    """Evaluate eligibility checks of a programme for one case.

    Called for each programme assessed. The built-in ``talentkit.declared`` plugin answers
    with the programme's declared rules; a plugin answers with checks computed in Python
    when the vocabulary cannot express a clause.

    :param programme: the programme.
    :param ctx: the evaluation context (profile, as-of date, parameters, calendar).
    :return: checks, or None when the plugin has nothing to say about this programme.

    Combination: all checks are pooled and decide the verdict together: any ``fail``
    fails; otherwise any ``unknown`` makes it undetermined (facts needed); otherwise any
    ``review`` needs review; otherwise eligible (``waived`` → by exception). Every check
    carries the name of the plugin that produced it: each plugin's answer is obtained
    through its own ``pm.subset_hook_caller``, so a hook wrapper (``wrapper=True``)
    receives the list ``[answer]`` of one plugin at a time and returns it, changed; a
    check a wrapper changes should carry the wrapper's plugin name. Declare the
    programmes the implementation is about with ``@touches(...)``: it is then called only
    for them, and batch screening keeps every other programme compiled.

    Example::

        @hookimpl
        @touches("fooland.grant")
        def talentkit_eligibility(programme, ctx):
            return [Check(rule_id="fooland.custom", status=Status.PASS, text=...)]
    """


# ---------------------------------------------------------------------------------------
# scoring
# ---------------------------------------------------------------------------------------


@hookspec
def talentkit_score(programme: Programme, ctx: Context) -> Sequence[ScoreLine] | None:
    """Priority flags and weighted criteria for one case.

    :param programme: the programme.
    :param ctx: the evaluation context.
    :return: score lines, or None.

    Combination: all lines are pooled. Scoring never changes eligibility.

    Example::

        @hookimpl
        def talentkit_score(programme, ctx):
            return None  # the declared scoring items are enough
    """


@hookspec(firstresult=True)
def talentkit_grade_cohort(
    programme: Programme, cohort: Sequence[CohortEntry], ctx: Context
) -> Grading | None:
    """Grade a cohort (annual assessment) under the programme's quotas.

    :param programme: the programme whose grading scheme applies.
    :param cohort: subjects with their proposed grade and score.
    :param ctx: context for parameters (quota shares) and the as-of date.
    :return: the final grades.

    Combination: ``firstresult``: one grading is authoritative; the built-in answers last
    (``trylast``), so a plugin can replace the procedure for its programme.

    Example::

        @hookimpl(tryfirst=True)
        def talentkit_grade_cohort(programme, cohort, ctx):
            return None  # defer to the built-in quota grading
    """


# ---------------------------------------------------------------------------------------
# funding
# ---------------------------------------------------------------------------------------


@hookspec(firstresult=True)
def talentkit_funding(programme: Programme, ctx: Context) -> FundingResult | None:
    """Compute the money of a programme for one case: lines per payee and year,
    obligations of the employer or host, exclusions.

    :param programme: the programme.
    :param ctx: the evaluation context.
    :return: a :class:`~talentkit.FundingResult`. Every amount in it (line amounts,
        ``total``, obligations) is a :class:`~talentkit.Money`, exact to the fen; add
        amounts with ``+`` and start sums at ``Money(0)``. A line paid only after an
        event has status ``pending``: its amount counts in ``total`` and in
        ``pending_total``; a wrapper that changes a pending line's amount changes both.

    Combination: ``firstresult``: the built-in computes the declared funding (``trylast``).
    A plugin modelling a reform wraps it (``@hookimpl(wrapper=True)``), receives the
    built-in result from ``yield`` and returns an adjusted one. Mark it with
    ``@touches(...)``: batch screening computes the money of the programmes it touches
    case by case, and only theirs.

    Example::

        @hookimpl(wrapper=True)
        @touches("fooland.grant")
        def talentkit_funding(programme, ctx):
            result = yield
            return attrs.evolve(result, notes=result.notes + (Text("改革", "reform"),))
    """


# ---------------------------------------------------------------------------------------
# exit
# ---------------------------------------------------------------------------------------


@hookspec
def talentkit_exit(
    programme: Programme, case: ExitCase, ctx: Context
) -> Sequence[ExitOutcome] | None:
    """The consequences of a dated event for an award: new status, recovery, bans,
    deadlines, who decides.

    :param programme: the programme of the award.
    :param case: the event, the award's state and the profile.
    :param ctx: the evaluation context.
    :return: outcomes, or None.

    Combination: all outcomes are pooled. When no plugin returns an outcome the report
    says the text has no rule for the event; no consequence is invented.

    Prefer declaring :class:`~talentkit.ExitRule` on the programme; implement the hook only
    for a consequence the vocabulary cannot state. Report missing facts by name (the
    outcome is then ``unknown``), never guess them.

    Example::

        from talentkit import Citation, ExitOutcome, Status, Text, hookimpl


        @hookimpl
        def talentkit_exit(programme, case, ctx):
            if programme.id != "fooland.team" or case.event.kind != "relocation":
                return None  # the declared exit rules are enough
            whole_team = case.event.facts.get("fooland.whole_team")
            if whole_team is False:
                return []  # one member moving is not the team leaving
            return [
                ExitOutcome(
                    rule_id="fooland.team.exit.relocation",
                    text=Text("团队整体迁出本市的，终止资助", "a team leaving loses support"),
                    citation=Citation(document="FOO-TEAM", article="第20条"),
                    status=Status.UNKNOWN if whole_team is None else Status.PASS,
                    decided_by=Text("市科技局", "city science bureau"),
                    new_status=None if whole_team is None else "terminated",
                    missing=() if whole_team else ("event.facts.fooland.whole_team",),
                )
            ]
    """
