"""The engine: plugins loaded once, then cases assessed against programmes."""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar, cast

import attrs

from talentkit import semantics
from talentkit.builtin import declared
from talentkit.builtin.declared import Decided, decide_eligibility
from talentkit.checkcache import Verdicts
from talentkit.choices import allowed
from talentkit.convert import InputError, parse, read_document
from talentkit.declarations import check_programme, unused_facts
from talentkit.exits import ExitCase, ExitReport
from talentkit.facts import FactSpec
from talentkit.funding import FundingResult
from talentkit.hooks import PROGRAMME_HOOKS, HookFailed, Hooks
from talentkit.hookspecs import TOUCHES, selects
from talentkit.inputkeys import InputKeys, input_keys
from talentkit.ledger import Ledger, build_ledger, history_errors
from talentkit.manager import PluginProblem, Plugins, build_plugins
from talentkit.money import ZERO, Money
from talentkit.params import ParameterStore
from talentkit.procedure import evaluate_steps
from talentkit.programme import Document, Jurisdiction, Programme
from talentkit.results import (
    Assessment,
    Change,
    Comparison,
    Report,
    Verdict,
    deferred_assessment,
    gather,
    gathered_assessment,
)
from talentkit.rules import Check, Status
from talentkit.rules.context import Context, Shared, for_programme
from talentkit.scoring import CohortEntry, Grading, ScoreLine
from talentkit.siblings import Probe, with_sibling_hints
from talentkit.subjects import FIELD_LABELS, FIELD_VALUES, Award, Event, Profile
from talentkit.text import Text
from talentkit.valuelabels import ValueLabels, label_problems
from talentkit.workdays import WorkdayCalendar

T = TypeVar("T")


#: why a ledger grants nothing: the case is not eligible (its payments are flagged)
NOT_GRANTED = Text(
    "本案结论为不符合条件，本项目不予资助（已付款项待核查；追回以退出规则对所记事件的规定为准）",
    "the case is not eligible, so the programme grants nothing (payments made are for review; "
    "what is recovered is what the exit rules attach to the recorded events)",
)


class ProgrammeNotFound(LookupError):
    pass


@attrs.frozen
class Registered:
    """What the plugins declared, after conflicts were removed."""

    jurisdictions: dict[str, Jurisdiction]
    documents: dict[str, Document]
    programmes: dict[str, Programme]
    owners: dict[str, str]
    rule_sources: dict[str, str]
    facts: dict[str, FactSpec]
    params: ParameterStore
    param_owners: dict[str, str] = attrs.field(factory=dict)


def _collect(
    pairs: list[tuple[str, list[T]]], plugins: Plugins, what: str
) -> tuple[dict[str, T], dict[str, str]]:
    """Registration answers plugin by plugin; reject ids two plugins provide."""
    found: dict[str, T] = {}
    owner: dict[str, str] = {}
    providers: dict[str, list[str]] = {}
    for plugin_name, answer in pairs:
        for item in answer:
            k = _id(item)
            providers.setdefault(k, []).append(plugin_name)
            if k in found:
                continue
            found[k] = item
            owner[k] = plugin_name
    for k, names in providers.items():
        if len(names) > 1:
            plugins.problems.append(
                PluginProblem(
                    names[-1],
                    f"conflicting {what} id {k!r} provided by {', '.join(names)}",
                    f"rename the {what} in one plugin, or block one with TALENTKIT_BLOCK_PLUGINS;"
                    f" only {names[0]}'s is used",
                )
            )
    return found, owner


def _id(record: Any) -> str:
    return str(record.id)


def register(hooks: Hooks, verdicts: Verdicts | None = None) -> Registered:
    """What the plugins declare, checked; ``verdicts``: the declaration checks' cache."""
    plugins = hooks.plugins
    jur: dict[str, Jurisdiction]
    docs: dict[str, Document]
    progs: dict[str, Programme]
    jur, _ = _collect(hooks.add_jurisdictions(), plugins, "jurisdiction")
    docs, _ = _collect(hooks.add_documents(), plugins, "document")
    progs, owners = _collect(hooks.add_programmes(), plugins, "programme")
    facts: dict[str, FactSpec] = {}
    fact_owners: dict[str, str] = {}
    for plugin_name, specs in hooks.add_facts():
        for spec in specs:
            prior = facts.get(spec.name)
            if prior is not None and (prior.type, prior.scope) != (spec.type, spec.scope):
                plugins.problems.append(
                    PluginProblem(
                        plugin_name,
                        f"fact {spec.name!r} declared again with another type",
                        "use one declaration per fact name",
                    )
                )
                continue
            facts[spec.name] = spec
            fact_owners.setdefault(spec.name, plugin_name)
    store = ParameterStore()
    param_owners: dict[str, str] = {}
    for plugin_name, answer in hooks.add_parameters():
        try:
            store.add(answer)
            param_owners.update((p.key, plugin_name) for p in answer)
        except Exception as exc:  # a broken file must not stop the other plugins
            plugins.problems.append(
                PluginProblem(
                    plugin_name,
                    f"parameters not loaded: {exc}",
                    "fix the parameter file named in the message",
                )
            )
    sources: dict[str, str] = {}
    assembled: dict[str, Programme] = {}
    for pid, prog in progs.items():
        for rule in prog.rules:
            sources[rule.id] = owners[pid]
        extra = []
        for plugin_name, rules in hooks.add_rules(prog):
            for rule in rules:
                sources.setdefault(rule.id, plugin_name)
                extra.append(rule)
        assembled[pid] = attrs.evolve(
            prog,
            rules=(*prog.rules, *extra),
            sources={r.id: sources.get(r.id, owners[pid]) for r in (*prog.rules, *extra)},
        )
    listed = {f for d in docs.values() for i in d.informational for f in i.facts}
    if verdicts is not None:
        verdicts.look_up(facts, store.by_key)
    _check_declarations(plugins, assembled, owners, facts, fact_owners, store, listed, verdicts)
    _check_value_labels(plugins, assembled, owners, facts, fact_owners)
    _check_touches(hooks, assembled)
    return Registered(jur, docs, assembled, owners, sources, facts, store, param_owners)


def _check_declarations(
    plugins: Plugins,
    progs: dict[str, Programme],
    owners: dict[str, str],
    facts: dict[str, FactSpec],
    fact_owners: dict[str, str],
    store: ParameterStore,
    listed: set[str],
    verdicts: Verdicts | None = None,
) -> None:
    """Resolve every name a programme uses (:mod:`talentkit.declarations`); a programme
    with a defect is not loaded. Declared facts nobody reads are reported too."""
    used: set[str] = set()
    listed = listed | {f for prog in progs.values() for i in prog.informational for f in i.facts}
    listed |= {name for name, spec in facts.items() if spec.read_by_hook}
    items = {d.id for prog in progs.values() for d in prog.funding}
    resolved: dict[Any, Any] = {}  # fact paths resolved, shared by the programmes
    answers: dict[Any, Any] = {}  # and what was found for the declarations they share
    for pid, prog in list(progs.items()):
        known = verdicts.known(pid) if verdicts is not None else None
        if known is None:
            known = check_programme(prog, facts, store, items, resolved, answers)
        findings, reads = known
        if verdicts is not None:
            verdicts.record(pid, findings, reads)
        used |= reads
        for f in findings:
            plugin = prog.sources.get(f.rule) or owners.get(pid, "?")
            plugins.problems.append(
                PluginProblem(
                    plugin,
                    f"programme {pid} not loaded: {f.problem}",
                    f.advice,
                    programme=pid,
                    rule=f.rule,
                )
            )
        if findings:
            del progs[pid]
    for name, spec in facts.items():
        if spec.read_by_hook and not _is_hook(plugins, spec.read_by_hook):
            plugins.problems.append(
                PluginProblem(
                    fact_owners.get(name, "?"),
                    f"fact {name!r} says it is read by {spec.read_by_hook!r}, which is no hook",
                    "name the talentkit_* hook whose implementation reads the fact",
                )
            )
    for name in unused_facts(facts, used, listed):
        plugins.problems.append(
            PluginProblem(
                fact_owners.get(name, "?"),
                f"fact {name!r} is declared but no rule, funding line or exit rule reads it",
                "read it in a rule, list it in an Informational clause's facts, or remove it",
            )
        )


def _check_value_labels(
    plugins: Plugins,
    progs: dict[str, Programme],
    owners: dict[str, str],
    facts: dict[str, FactSpec],
    fact_owners: dict[str, str],
) -> None:
    """Every value of a closed set has a Chinese and English label, and every label a value:
    declared facts' values, grades of a grading scheme, and the subjects' own fields."""
    for field, (kind, labels) in FIELD_VALUES.items():
        for problem in label_problems(allowed(kind), labels):
            plugins.problems.append(
                PluginProblem("talentkit", f"field {field!r}: {problem}", "label each value")
            )
    for name, spec in facts.items():
        if not spec.values and not spec.labels:
            continue
        for problem in label_problems(spec.values, spec.labels):
            plugins.problems.append(
                PluginProblem(
                    fact_owners.get(name, "?"),
                    f"fact {name!r}: {problem}",
                    "give each of the fact's values a label, "
                    'labels={"value": Text("中文", "English")}',
                )
            )
    for pid, prog in progs.items():
        statuses = list(dict.fromkeys(e.new_status for e in prog.exits if e.new_status))
        for problem in label_problems(statuses, prog.statuses):
            plugins.problems.append(
                PluginProblem(
                    owners.get(pid, "?"),
                    f"award statuses set by the exit rules of {pid}: {problem}",
                    'label each in the programme\'s statuses={"status": Text("中文", "English")}',
                    programme=pid,
                )
            )
        if prog.grading is None:
            continue
        for problem in label_problems(prog.grading.grades, prog.grading.names):
            plugins.problems.append(
                PluginProblem(
                    owners.get(pid, "?"),
                    f"grading scheme of {pid}: {problem}",
                    'name each grade in the scheme\'s names={"grade": Text("中文", "English")}',
                    programme=pid,
                )
            )


def _check_touches(hooks: Hooks, progs: dict[str, Programme]) -> None:
    """A programme selector in :func:`~talentkit.touches` must name a loaded programme."""
    for name in PROGRAMME_HOOKS:
        for impl in hooks.implementations(name):
            for sel in getattr(impl.function, TOUCHES, ()):
                if any(selects(sel, p) for p in progs.values()):
                    continue
                close = difflib.get_close_matches(sel, list(progs), n=3, cutoff=0.85)
                hint = f"; did you mean {', '.join(close)}?" if close else ""
                hooks.plugins.problems.append(
                    PluginProblem(
                        impl.plugin_name,
                        f"{name} touches {sel!r}, which names no loaded programme{hint}",
                        "name programme ids, id prefixes or jurisdiction ids in touches()",
                    )
                )


def _is_hook(plugins: Plugins, name: str) -> bool:
    """``name`` is a talentkit hook with a specification (not any name the spec module
    happens to hold, such as an imported class)."""
    caller = getattr(plugins.pm.hook, name, None) if name.startswith("talentkit_") else None
    return caller is not None and caller.spec is not None


def as_date(value: dt.date | str | None, name: str = "as_of") -> dt.date | None:
    """A date argument given as a date or an ISO string (``"2026-04-15"``)."""
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise TypeError(f"{name}: expected a date or an ISO date string (YYYY-MM-DD), got {value!r}")


ELIGIBILITY, SCORE, FUNDING = "talentkit_eligibility", "talentkit_score", "talentkit_funding"
#: the hooks whose built-in implementation the engine calls itself when it is alone
_DIRECT = (ELIGIBILITY, SCORE, FUNDING)
#: an open check's status (the verdict is made of them), without a Python-level call
_STATUS_OF = operator.itemgetter(1)


PASS, FAIL, UNKNOWN = Status.PASS, Status.FAIL, Status.UNKNOWN
REVIEW, WAIVED = Status.REVIEW, Status.WAIVED
#: the calendar of the case's context, which no rule reads: each programme's context has
#: its own (its notes belong to that programme's assessment)
_NO_CALENDAR = WorkdayCalendar()


def _errored(
    checks: list[Check],
    decided: Decided | None,
    notes: tuple[Text, ...],
    exc: HookFailed,
    prepared: Prepared,
) -> Assessment:
    """The assessment of a programme a plugin's hook failed on: what was decided before,
    the verdict ERROR and the plugin's error."""
    return _assessment(
        checks,
        decided,
        verdict=Verdict.ERROR,
        notes=notes,
        error=exc.error,
        overrides=dict(prepared.overrides),
        **prepared.base,
    )


def _assessment(
    checks: list[Check],
    decided: Decided | None,
    build: Callable[..., Assessment] = deferred_assessment,
    **fields: Any,
) -> Assessment:
    """The assessment of ``fields`` with ``checks`` and then those ``decided`` (built when
    the assessment's checks are first read), made by ``build`` from the checks' builder
    and the open checks (:func:`gathered_assessment` also makes the missing facts, review
    items, failed and waived rules from the open checks when first read)."""
    if decided is None:
        return Assessment(checks=tuple(checks), **fields)
    if not checks:  # the commonest: no gate check (one object kept, not a closure)
        return build(decided.checks, decided.open, **fields)
    first = tuple(checks)
    open_ = [(c.rule_id, c.status, c.missing, c.review) for c in first if c.status is not PASS]
    return build(
        lambda: (*first, *decided.checks()),
        [*open_, *decided.open] if open_ else decided.open,
        **fields,
    )


#: the assessment's fields :attr:`Prepared.heading` gives, in order
HEADING = ("programme", "name", "jurisdiction", "document", "document_status", "as_of")


@attrs.frozen
class Prepared:
    """What assessing a programme takes from the programme, the parameters and the date
    alone, prepared once (:meth:`Engine._prepared`)."""

    notes: tuple[Text, ...]
    #: the assessment's fields naming the programme, its document and the date
    base: dict[str, Any]
    #: the same values in the order of :data:`HEADING` (passed by name without a mapping)
    heading: tuple[Any, ...]
    overrides: dict[str, str]
    #: :func:`semantics.in_force`
    gate: Check | None


@attrs.define(repr=False)
class Engine:
    """Assess cases against the programmes of the installed plugins.

    Build it once with :meth:`create` (it loads plugins and parameter files), then call
    :meth:`assess`, :meth:`exit`, :meth:`grade` or :meth:`compare` as often as needed.
    """

    plugins: Plugins
    registry: Registered
    hooks: Hooks
    _keys: InputKeys | None = attrs.field(default=None, init=False)
    # parameter values and rendered rule texts per assessment date (installed parameters)
    _by_date: dict[dt.date, Shared] = attrs.field(factory=dict, init=False)
    _labels: ValueLabels | None = attrs.field(default=None, init=False)
    _groups_of: tuple[tuple[Programme, ...], frozenset[str]] | None = attrs.field(
        default=None, init=False
    )
    # whether each programme's built-in eligibility, score and funding implementations
    # run alone, by programme id, while the implementations and the call tracing stay
    _alone: tuple[list[Any], Any, dict[str, tuple[bool, bool, bool]]] | None = attrs.field(
        default=None, init=False
    )

    def __attrs_post_init__(self) -> None:
        # what is worked out from the parameters is kept per date (_by_date, the plans'
        # values): a store changed in place afterwards would go unseen, so it cannot be
        self.registry.params.fix()

    def __repr__(self) -> str:
        # short: the whole registry and its caches written out run to a megabyte, where an
        # engine is shown (a traceback, a property test's falsifying example)
        count = len(self.registry.programmes)
        return f"Engine({count} programmes, plugins={sorted(self.plugins.versions)!r})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """The same for the pretty printers of IPython and Hypothesis, which otherwise
        write out every field of an attrs class."""
        printer.text(repr(self))

    @classmethod
    def create(
        cls,
        plugins: Sequence[object] | None = None,
        *,
        entry_points: bool | None = None,
        block: Iterable[str] = (),
    ) -> Engine:
        """Load built-ins, the ``talentkit`` entry points and ``plugins``."""
        hooks = Hooks(build_plugins(plugins, entry_points=entry_points, block=block))
        # installed plugins' declarations come from files: their checks' verdict is cached
        verdicts = (
            Verdicts(p for _, p in hooks.plugins.pm.list_name_plugin()) if plugins is None else None
        )
        engine = cls(hooks.plugins, register(hooks, verdicts), hooks)
        if verdicts is not None:
            loaded = engine.registry.programmes.values()
            engine._keys = verdicts.input_keys(loaded, declared.preparation)
            # the rules' preparation on first use, as far as it reads the declarations alone
            declared.prepared(loaded, verdicts.prepared)
        return engine

    # -- what is installed ----------------------------------------------------------------

    @property
    def problems(self) -> list[PluginProblem]:
        return self.plugins.problems

    @property
    def params(self) -> ParameterStore:
        return self.registry.params

    @property
    def input_keys(self) -> InputKeys:
        """Attestation keys, decision and waivable rule ids the programmes read."""
        if self._keys is None:
            self._keys = input_keys(self.registry.programmes.values())
        return self._keys

    @property
    def value_labels(self) -> ValueLabels:
        """The labels of every closed value set: the subjects' fields and declared facts."""
        if self._labels is None:
            facts = {n: s.labels for n, s in self.registry.facts.items() if s.labels}
            self._labels = ValueLabels(facts=facts, fields=FIELD_LABELS)
        return self._labels

    def programme(self, pid: str) -> Programme:
        try:
            return self.registry.programmes[pid]
        except KeyError:
            close = difflib.get_close_matches(pid, list(self.registry.programmes), n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise ProgrammeNotFound(f"no programme {pid!r}{hint}") from None

    def select(self, selectors: Sequence[str] | str | None) -> list[Programme]:
        """Programmes by id, id prefix (``yangquan.team``) or jurisdiction id."""
        progs = list(self.registry.programmes.values())
        if isinstance(selectors, str):  # one id, not its characters
            selectors = [selectors]
        if selectors is not None and not (
            isinstance(selectors, Sequence)
            and all(map(isinstance, selectors, itertools.repeat(str)))
        ):
            raise TypeError(
                f"programmes: expected a programme id or a list of ids, got {selectors!r}"
            )
        if not selectors:
            return progs
        out: list[Programme] = []
        chosen: set[str] = set()
        by_id = self.registry.programmes
        groups = self._groups(progs)
        for sel in selectors:
            if sel in by_id and sel not in groups:
                if sel not in chosen:
                    chosen.add(sel)
                    out.append(by_id[sel])
                continue
            hits = [
                p
                for p in progs
                if p.id == sel or p.id.startswith(sel + ".") or p.jurisdiction == sel
            ]
            if not hits:
                self.programme(sel)  # raises with suggestions
            for p in hits:
                if p.id not in chosen:
                    chosen.add(p.id)
                    out.append(p)
        return out

    def _groups(self, progs: list[Programme]) -> frozenset[str]:
        """The jurisdictions and id prefixes of ``progs``: an id that is none of them
        selects itself alone. Kept while the installed programmes stay the same."""
        # the programme objects themselves: equal ones have the same ids and jurisdictions
        key = tuple(progs)
        if self._groups_of is None or self._groups_of[0] != key:
            groups = {p.jurisdiction for p in progs}
            for p in progs:
                parts = p.id.split(".")
                groups.update(".".join(parts[:n]) for n in range(1, len(parts)))
            self._groups_of = (key, frozenset(groups))
        return self._groups_of[1]

    def enabled(self, programme: Programme, store: ParameterStore, on: dt.date) -> bool:
        if programme.enabled is None:
            return True
        return store.get(programme.enabled.key, on) is True

    def document(self, programme: Programme) -> Document | None:
        return self.registry.documents.get(programme.document)

    def load(
        self,
        source: Path | str | Mapping[str, Any],
        cls: type[T] = Profile,  # type: ignore[assignment]
        *,
        encoding: str | None = None,
    ) -> T:
        """Parse a profile (or award/event) from a TOML/JSON file or a mapping.

        :param encoding: the file's text encoding (default: UTF-8 with or without a BOM,
            or GBK/GB18030 Chinese text)
        """
        keys = self.input_keys
        if isinstance(source, Mapping):
            return parse(source, cls, self.registry.facts, keys=keys)
        if not isinstance(source, (str, Path)):
            raise TypeError(
                f"source: expected a file path or a mapping, got {type(source).__name__}"
            )
        path = Path(source)
        data = read_document(path, encoding)
        return parse(data, cls, self.registry.facts, source=str(path), keys=keys)

    # -- assessment -----------------------------------------------------------------------

    def context(
        self,
        profile: Profile,
        *,
        as_of: dt.date,
        store: ParameterStore,
        calendar: WorkdayCalendar,
        programme: Programme | None = None,
        shared: Shared | None = None,
    ) -> Context:
        return Context(
            profile=profile,
            as_of=as_of,
            params=store,
            calendar=calendar,
            reference=programme.reference if programme else ("as_of",),
            shared=shared,
            labels=self.value_labels,
        )

    def _store(self, overrides: Mapping[str, Any] | None) -> ParameterStore:
        return self.params.with_overrides(overrides) if overrides else self.params

    def _shared(self, store: ParameterStore, as_of: dt.date) -> Shared:
        """What the programmes of one assessment share. Parameter values and rendered
        texts depend only on the date and the parameters: with the installed parameters
        they are kept per date for the next case (overrides make a store of their own)."""
        if store is not self.params:
            return Shared()
        by_date = self._by_date.get(as_of)
        if by_date is None:
            if len(self._by_date) >= 64:  # a long batch over many dates: start afresh
                self._by_date.clear()
            by_date = self._by_date[as_of] = Shared()
        return by_date.for_case()

    def assess(
        self,
        profile: Profile,
        programmes: Sequence[str] | str | None = None,
        *,
        as_of: dt.date | str | None = None,
        overrides: Mapping[str, Any] | None = None,
        assume_calendar: bool = False,
    ) -> Report:
        """Assess one case against the selected programmes.

        Without a selection: every enabled programme whose subject (person, team,
        organisation) the case describes.
        """
        if not isinstance(profile, Profile):
            raise TypeError(
                f"profile: expected a Profile (Engine.load parses a file or mapping), "
                f"got {type(profile).__name__}"
            )
        as_of = as_date(as_of) or dt.date.today()
        self.check_awards(profile)
        store = self._store(overrides)
        explicit = bool(programmes)
        out = []
        shared = self._shared(store, as_of)
        # the case's context, made once: each programme's is a copy with its own calendar
        # and reference date sources
        case = self.context(profile, as_of=as_of, store=store, calendar=_NO_CALENDAR, shared=shared)
        directly = self._directly()

        def assessed(prog: Programme, whole: bool) -> Assessment | Probe:
            # unless ``whole``, as far as its eligibility tells whether a sibling is met
            # (with_sibling_hints assesses only a met one in full)
            return self._assess_one(
                profile,
                prog,
                as_of=as_of,
                store=store,
                assume_calendar=assume_calendar,
                shared=shared,
                whole=whole,
                case=case,
                directly=directly,
            )

        for prog in self.select(programmes):
            if not explicit and (
                not self.enabled(prog, store, as_of)
                or not semantics.describes(profile, prog.subject)
            ):
                continue
            out.append(cast(Assessment, assessed(prog, True)))  # whole: an assessment

        out = with_sibling_hints(out, self._enabled_on(store, as_of, shared), assessed)
        # the decisions kept for this assessment hold the programmes' contexts, which hold
        # the shared values: dropped now (nothing reads them after), the report is freed by
        # reference counting, not left as a cycle for the collector to find and scan
        shared.checks.clear()
        return Report(subject=profile.id, as_of=as_of, assessments=tuple(out))

    def _enabled_on(self, store: ParameterStore, as_of: dt.date, shared: Shared) -> list[Programme]:
        """The installed programmes enabled on ``as_of``: the same for every case of one
        date and parameter set, so listed once per date (installed parameters)."""
        progs = self.registry.programmes
        enabled: list[Programme] = shared.kept(
            shared.programmes,
            progs,
            lambda: [p for p in progs.values() if self.enabled(p, store, as_of)],
        )
        return enabled

    def case_shared(self, store: ParameterStore, as_of: dt.date) -> Shared:
        """What the assessments of one case on ``as_of`` with ``store`` share, for
        :meth:`assess_one`'s ``shared``, as :meth:`assess` shares it between the
        programmes it assesses: the checks of the rules already evaluated, and what
        depends on the date and parameters alone (kept with the engine for the next case
        when ``store`` is its installed parameters). Its ``checks`` hold the programmes'
        contexts: clear them once the case is assessed (:meth:`assess` does), so the
        assessments are freed without the collector."""
        return self._shared(store, as_of)

    def assess_one(
        self,
        profile: Profile,
        prog: Programme,
        *,
        as_of: dt.date,
        store: ParameterStore,
        assume_calendar: bool = False,
        shared: Shared | None = None,
    ) -> Assessment:
        """One programme; ``shared`` carries the checks of rules other programmes of the
        same case, date and parameters already evaluated (:meth:`case_shared`)."""
        found = self._assess_one(
            profile,
            prog,
            as_of=as_of,
            store=store,
            assume_calendar=assume_calendar,
            shared=shared,
            whole=True,
        )
        return cast(Assessment, found)  # whole: an assessment

    def _assess_one(
        self,
        profile: Profile,
        prog: Programme,
        *,
        as_of: dt.date,
        store: ParameterStore,
        assume_calendar: bool,
        shared: Shared | None,
        whole: bool,
        case: Context | None = None,
        directly: dict[str, tuple[bool, bool, bool]] | None = None,
    ) -> Assessment | Probe:
        """:meth:`assess_one`; unless ``whole``, only as far as the verdict the eligibility
        checks give a sibling (no scores, funding, ledger or procedure; the declared rules
        after one whose failure or missing fact settles it as not met left undecided,
        :func:`talentkit.siblings.settled_by`), answered as a :class:`Probe` (no assessment
        made, unless the programme is not in force or a hook failed). ``case``: the
        context of ``profile`` on ``as_of`` with ``store`` and ``shared``, if made;
        ``directly``: :meth:`_directly`, if looked at."""
        prepared = self._prepared(prog, store, as_of, shared)
        notes = prepared.notes
        base = prepared.base
        gate = prepared.gate
        # each assessment below is given its own overrides mapping (a reader may change it)
        if gate is not None and gate.status is Status.FAIL:
            return Assessment(
                verdict=Verdict.NOT_IN_FORCE,
                checks=(gate,),
                notes=notes,
                overrides=dict(prepared.overrides),
                **base,
            )
        # the programme's context: a calendar of its own (its notes are the programme's)
        calendar = WorkdayCalendar(assume_unknown_years=assume_calendar)
        if case is None:
            ctx = self.context(
                profile, as_of=as_of, store=store, calendar=calendar, programme=prog, shared=shared
            )
        else:
            ctx = for_programme(case, calendar, prog.reference)
        checks: list[Check] = [gate] if gate is not None else []
        decided: Decided | None = None
        try:
            if directly is None:
                directly = self._directly()
            direct = directly.get(prog.id) or self._alone_of(directly, prog)
            if direct[0] and whole:
                # the declared rules alone: decided, their checks built when read
                decided = self.hooks.call_builtin(ELIGIBILITY, decide_eligibility, prog, ctx)
            elif direct[0]:  # a sibling: as far as a rule failing settles it as not met
                settled = True
                decided = self.hooks.call_builtin(
                    ELIGIBILITY, decide_eligibility, prog, ctx, settled
                )
            else:
                checks.extend(self.hooks.eligibility(prog, ctx))
            # the rule id, status, missing facts and review items of each check that does
            # not pass, in order: what the verdict and the lists below are made of
            open_ = (
                [(c.rule_id, c.status, c.missing, c.review) for c in checks if c.status is not PASS]
                if checks
                else []
            )
            if decided is not None:
                open_ += decided.open
            verdict = semantics.verdict(map(_STATUS_OF, open_))
            if not whole:
                return Probe(verdict, open_)
            scoring = self._score(prog, ctx, direct[1])
            funding: FundingResult | None = None
            if verdict not in (Verdict.NOT_ELIGIBLE, Verdict.NOT_IN_FORCE) and prog.funding:
                funding = self._funding(prog, ctx, direct[2])
        except HookFailed as exc:
            return _errored(checks, decided, notes, exc, prepared)
        ledger = None
        # a ledger needs an award of the case's history
        if (funding is not None or verdict is Verdict.NOT_ELIGIBLE) and profile.awards:
            try:
                ledger = self._ledger(prog, profile, funding, ctx, store, calendar)
            except HookFailed as exc:
                return _errored(checks, decided, notes, exc, prepared)
        procedure = evaluate_steps(prog.procedure, ctx) if prog.procedure else ()
        if calendar.assumptions:
            notes = (*notes, *(Text(note, note) for note in calendar.assumptions))
        if decided is not None:
            # what is missing, to review, failed and waived: made from the open checks
            # when first read (a reader of the verdicts alone never gathers them)
            if not checks:  # the commonest (no gate check): made here, every field by name
                programme, name, jurisdiction, document, status, on = prepared.heading
                return gathered_assessment(
                    decided.checks,
                    decided.open,
                    verdict=verdict,
                    scoring=scoring,
                    funding=funding,
                    procedure=procedure,
                    notes=notes,
                    ledger=ledger,
                    overrides=dict(prepared.overrides),
                    programme=programme,
                    name=name,
                    jurisdiction=jurisdiction,
                    document=document,
                    document_status=status,
                    as_of=on,
                )
            return _assessment(
                checks,
                decided,
                gathered_assessment,
                verdict=verdict,
                scoring=scoring,
                funding=funding,
                procedure=procedure,
                notes=notes,
                ledger=ledger,
                overrides=dict(prepared.overrides),
                **base,
            )
        missing, review, failed, waived = gather(open_)
        return _assessment(
            checks,
            decided,
            verdict=verdict,
            missing=missing,
            review=review,
            failed=failed,
            waived=waived,
            scoring=scoring,
            funding=funding,
            procedure=procedure,
            notes=notes,
            ledger=ledger,
            overrides=dict(prepared.overrides),
            **base,
        )

    def _directly(self) -> dict[str, tuple[bool, bool, bool]]:
        """Whether the built-in eligibility, score and funding implementations are the
        only ones for a programme (:meth:`Hooks.builtin_alone`), by programme id: kept
        while the hooks' implementations and the manager's call function (tracing) stay
        the same, looked at once per :meth:`assess` (a plugin registered or tracing turned on
        is seen by the next)."""
        pm = self.plugins.pm
        impls = [getattr(pm.hook, name).get_hookimpls() for name in _DIRECT]
        # the manager's call function and the answering method (a test may replace it)
        calls = (getattr(pm, "_inner_hookexec", None), type(self.hooks).builtin_alone)
        kept = self._alone
        if kept is None or kept[1] != calls or kept[0] != impls:
            kept = self._alone = (impls, calls, {})
        return kept[2]

    def _alone_of(
        self, direct: dict[str, tuple[bool, bool, bool]], prog: Programme
    ) -> tuple[bool, bool, bool]:
        """``prog``'s entry of :meth:`_directly`, found once."""
        alone = self.hooks.builtin_alone
        found = direct[prog.id] = (
            alone(ELIGIBILITY, prog),
            alone(SCORE, prog),
            alone(FUNDING, prog),
        )
        return found

    def _score(self, prog: Programme, ctx: Context, direct: bool) -> tuple[ScoreLine, ...]:
        """:meth:`Hooks.score`, with the built-in implementation called itself when it is
        the only one (pluggy would call it alone: ``direct``)."""
        if not direct:
            return tuple(self.hooks.score(prog, ctx))
        if not prog.scoring:  # what the built-in implementation gives a programme without items
            return ()
        lines = self.hooks.call_builtin(SCORE, declared.talentkit_score, prog, ctx)
        return tuple(lines)

    def _funding(self, prog: Programme, ctx: Context, direct: bool) -> FundingResult | None:
        """:meth:`Hooks.funding`, likewise."""
        if not direct:
            return self.hooks.funding(prog, ctx)
        return self.hooks.call_builtin(FUNDING, declared.talentkit_funding, prog, ctx)

    def _prepared(
        self, prog: Programme, store: ParameterStore, as_of: dt.date, shared: Shared | None
    ) -> Prepared:
        """What assessing ``prog`` takes from the programme, the parameters and the date
        alone: kept with the values ``shared`` (per date for the installed parameters; an
        assessment under overrides has values of its own)."""
        if shared is None:
            return self._prepare(prog, store, as_of)
        hit = shared.programmes.get(id(prog))
        if hit is None or hit[0] is not prog:
            hit = shared.programmes[id(prog)] = (prog, self._prepare(prog, store, as_of))
        prepared: Prepared = hit[1]
        return prepared

    def _prepare(self, prog: Programme, store: ParameterStore, as_of: dt.date) -> Prepared:
        doc = self.document(prog)
        notes: tuple[Text, ...] = ()
        if doc is not None and doc.status == "draft":
            notes = (
                Text(
                    f"{doc.title} 为草案文本，最终文本可能不同",
                    f"{doc.id} is a draft; the final text may differ",
                ),
            )
        heading = (
            prog.id,
            prog.name,
            prog.jurisdiction,
            prog.document,
            doc.status if doc else "unknown",
            as_of,
        )
        base: dict[str, Any] = dict(zip(HEADING, heading, strict=True))
        overrides = {
            k: v.plain() if isinstance(v, Money) else str(v) for k, v in store.overrides.items()
        }
        return Prepared(notes, base, heading, overrides, semantics.in_force(prog, store, as_of))

    def check_awards(self, profile: Profile) -> None:
        """Check that the case's award histories name programmes, lines and event kinds
        that exist, as :meth:`assess` does before it assesses the case.

        :raises InputError: naming each problem and its path (an unknown programme with
            the closest ids)
        """
        errors = []
        known = list(self.registry.programmes)
        for i, award in enumerate(profile.awards or ()):
            path = f"$.awards[{i}]"
            if award.programme not in self.registry.programmes:
                close = difflib.get_close_matches(award.programme, known, n=3, cutoff=0.6)
                hint = f"; did you mean {', '.join(close)}?" if close else ""
                errors.append(f"unknown programme {award.programme!r}{hint} @ {path}.programme")
                continue
            prog = self.registry.programmes[award.programme]
            errors += history_errors(award, prog.funding, self.exit_kinds(prog.id), path)
        if errors:
            raise InputError(errors)

    def _ledger(
        self,
        prog: Programme,
        profile: Profile,
        funding: FundingResult | None,
        ctx: Context,
        store: ParameterStore,
        calendar: WorkdayCalendar,
    ) -> Ledger | None:
        """The ledger of the case's award under ``prog``, where the case gives one (``funding``
        None: the verdict is not eligible, nothing is granted; a ledger only for a history
        with payments or events)."""
        found = [(i, a) for i, a in enumerate(profile.awards or ()) if a.programme == prog.id]
        if not found:
            return None
        index, award = found[0]
        if funding is None and not (award.paid or award.events):
            return None
        return self._award_ledger(
            prog, profile, award, funding, ctx, store, calendar, f"$.awards[{index}]"
        )

    def _award_ledger(
        self,
        prog: Programme,
        profile: Profile,
        award: Award,
        funding: FundingResult | None,
        ctx: Context,
        store: ParameterStore,
        calendar: WorkdayCalendar,
        path: str,
    ) -> Ledger:
        """The ledger of ``award``: each of its events goes through the programme's exit
        rules as of its own date (``assess`` and ``exit`` alike)."""
        outcomes = []
        for event in award.events or ():
            at = self.context(
                profile, as_of=event.date, store=store, programme=prog, calendar=calendar
            )
            case = ExitCase(event=event, award=award, profile=profile)
            outcomes.append((event, tuple(self.hooks.exit(prog, case, at))))
        try:
            return build_ledger(
                funding or FundingResult(programme=prog.id),
                award,
                prog.funding,
                prog.exits,
                outcomes,
                ctx,
                profile,
                path=path,
                note=None if funding is not None else NOT_GRANTED,
            )
        except ValueError as exc:
            raise InputError(str(exc).split("; ")) from None

    def compare(
        self,
        profile: Profile,
        overrides: Mapping[str, Any],
        programmes: Sequence[str] | None = None,
        *,
        as_of: dt.date | str | None = None,
    ) -> Comparison:
        """The same case under the installed parameters and under ``overrides``."""
        base = self.assess(profile, programmes, as_of=as_of)
        variant = self.assess(profile, programmes, as_of=as_of, overrides=overrides)
        changes = []
        before = {a.programme: a for a in base.assessments}
        for a in variant.assessments:
            b = before.get(a.programme)
            if b is None:
                changes.append(
                    Change(
                        programme=a.programme,
                        field="verdict",
                        before="(not run)",
                        after=a.verdict.value,
                    )
                )
                continue
            if a.verdict != b.verdict:
                changes.append(
                    Change(
                        programme=a.programme,
                        field="verdict",
                        before=b.verdict.value,
                        after=a.verdict.value,
                    )
                )
            tb = b.funding.total if b.funding else ZERO
            ta = a.funding.total if a.funding else ZERO
            if ta != tb:
                changes.append(
                    Change(
                        programme=a.programme,
                        field="funding.total",
                        before=tb.plain(),
                        after=ta.plain(),
                    )
                )
        return Comparison(baseline=base, variant=variant, changes=tuple(changes))

    # -- exits and cohorts ------------------------------------------------------------------

    def exit(
        self,
        programme: str,
        award: Award,
        event: Event,
        profile: Profile | None = None,
        *,
        as_of: dt.date | str | None = None,
        overrides: Mapping[str, Any] | None = None,
        assume_calendar: bool = False,
    ) -> ExitReport:
        """Consequences of ``event`` for ``award`` under the programme's exit rules."""
        prog = self.programme(programme)
        errors = []
        if award.programme != prog.id:
            errors.append(
                f"the award is under programme {award.programme!r}, the event is assessed "
                f"under {prog.id!r} @ $.award.programme"
            )
        kinds = self.exit_kinds(prog.id)
        store = self._store(overrides)
        profile = profile or Profile()
        calendar = WorkdayCalendar(assume_unknown_years=assume_calendar)
        ctx = self.context(
            profile,
            as_of=as_date(as_of) or event.date,
            store=store,
            programme=prog,
            calendar=calendar,
        )
        # the event among the award's recorded events, so the exit rules and the ledger read
        # the same history (an event recorded already is not counted twice)
        recorded = award
        history = list(award.events or ())
        if not any(e.kind == event.kind and e.date == event.date for e in history):
            history.append(event)
        award = attrs.evolve(award, events=history)
        if award.programme == prog.id:
            errors += history_errors(recorded, prog.funding, kinds, "$.award")
        case = ExitCase(event=event, award=award, profile=profile)
        try:
            outcomes = tuple(self.hooks.exit(prog, case, ctx))
        except HookFailed as exc:
            return ExitReport(
                programme=prog.id, event=event, outcomes=(), no_rule=False, error=exc.error
            )
        if not outcomes and event.kind not in kinds:
            close = [k for k in kinds if k.lower() == event.kind.lower()]
            close = close or difflib.get_close_matches(event.kind, list(kinds), n=3, cutoff=0.5)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            known = ", ".join(kinds) or "no event at all"
            errors.append(
                f"programme {prog.id} has no exit rule for an event of kind {event.kind!r}"
                f"{hint} (its text attaches consequences to: {known}; "
                f"`talentkit exit --kinds {prog.id}`) @ $.event.kind"
            )
        if errors:
            raise InputError(errors)
        ledger: Ledger | None = None
        if recorded.paid is not None or recorded.events:
            try:
                funding = self.hooks.funding(prog, ctx) if prog.funding else None
                ledger = self._award_ledger(
                    prog, profile, award, funding, ctx, store, calendar, "$.award"
                )
            except HookFailed as exc:
                return ExitReport(
                    programme=prog.id, event=event, outcomes=(), no_rule=False, error=exc.error
                )
        note = None
        if not outcomes:
            note = Text(
                f"文本对“{event.kind}”事件未规定后果",
                f"the text has no rule for a '{event.kind}' event; no consequence is inferred",
            )
        return ExitReport(
            programme=prog.id,
            event=event,
            outcomes=outcomes,
            no_rule=not outcomes,
            note=note,
            ledger=ledger,
        )

    def exit_kinds(self, programme: str) -> dict[str, Text]:
        """The event kinds the programme's exit rules answer, with what each rule says."""
        prog = self.programme(programme)
        kinds: dict[str, Text] = {}
        for rule in prog.exits:
            kinds.setdefault(rule.trigger, rule.text)
        return kinds

    def grade(
        self,
        programme: str,
        cohort: Sequence[CohortEntry],
        *,
        as_of: dt.date | str | None = None,
        overrides: Mapping[str, Any] | None = None,
    ) -> Grading:
        prog = self.programme(programme)
        if prog.grading is None:
            raise ValueError(f"programme {programme} has no grading scheme")
        errors = []
        seen: dict[str, int] = {}
        for i, entry in enumerate(cohort):
            if entry.subject in seen:
                first = seen[entry.subject]
                errors.append(
                    f"subject {entry.subject!r} appears twice (first at $.subject[{first}])"
                    f" @ $.subject[{i}].subject"
                )
            seen.setdefault(entry.subject, i)
            if entry.proposed not in prog.grading.grades:
                errors.append(
                    f"expected one of {', '.join(prog.grading.grades)} @ $.subject[{i}].proposed,"
                    f" got {entry.proposed!r}"
                )
        if errors:
            raise InputError(errors)
        store = self._store(overrides)
        ctx = self.context(
            Profile(),
            as_of=as_date(as_of) or dt.date.today(),
            store=store,
            calendar=WorkdayCalendar(),
            programme=prog,
        )
        result = self.hooks.grade_cohort(prog, cohort, ctx)  # HookFailed names the plugin
        if result is None:
            raise ValueError(f"programme {programme} has no grading scheme")
        return result
