"""The typed facade over the hooks: one method per hook, calls through pluggy.

The engine and integrators call hooks here, never through ``pm.hook`` with untyped
answers. Each call goes through pluggy, so hook wrappers, ``tryfirst``/``trylast`` and
tracing behave as pluggy documents them; where the built-in implementation is the only
one touching a programme and no call is traced (:meth:`Hooks.builtin_alone`), the engine
calls it itself (:meth:`Hooks.call_builtin`), which is what pluggy would call.
Per-plugin tagging and isolation use ``pm.subset_hook_caller``: each plugin's answer to a
collecting hook is obtained from a caller that holds that plugin's implementation plus
every wrapper, so the answer can be credited to the plugin and a failure in one plugin
does not take the others' answers.

Answers are checked: a hook that raises or answers with the wrong type during an
assessment raises :class:`HookFailed` naming plugin, hook and message; during
registration the plugin's answer is dropped and a :class:`~talentkit.PluginProblem`
recorded, so ``talentkit plugins`` never crashes on a plugin's garbage.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Sequence
from typing import Any, NoReturn, TypeVar

import attrs
import pluggy

from talentkit.convert import InputError
from talentkit.exits import ExitCase, ExitOutcome
from talentkit.facts import FactSpec
from talentkit.failure import HookError
from talentkit.funding import FundingResult
from talentkit.hookspecs import touched
from talentkit.manager import PluginProblem, Plugins
from talentkit.params import Parameter, ParameterError
from talentkit.programme import Document, Jurisdiction, Programme
from talentkit.rules import Check, Rule
from talentkit.rules.context import Context
from talentkit.scoring import CohortEntry, Grading, ScoreLine
from talentkit.workdays import CalendarError

T = TypeVar("T")

#: Errors about the input, the parameters or the installed calendar: they reach the caller
#: unchanged (the command line reports them as usage errors) whichever plugin raised them.
PASS_THROUGH = (CalendarError, InputError, ParameterError)

BUILTIN = "talentkit.declared"
#: The hooks called for one programme (they honour :func:`~talentkit.touches`).
PROGRAMME_HOOKS = (
    "talentkit_add_rules",
    "talentkit_eligibility",
    "talentkit_score",
    "talentkit_grade_cohort",
    "talentkit_funding",
    "talentkit_exit",
)


class HookFailed(Exception):
    """Raised by the facade when a hook implementation fails during an assessment."""

    def __init__(self, error: HookError) -> None:
        super().__init__(error.describe())
        self.error = error


def _is_wrapper(impl: pluggy.HookImpl) -> bool:
    return bool(impl.wrapper or impl.hookwrapper)


def _type_name(expected: type | tuple[type, ...]) -> str:
    if isinstance(expected, tuple):
        return " or ".join(t.__name__ for t in expected)
    return expected.__name__


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) < 60 else text[:57] + "..."


def _items(answer: Any, expected: type | tuple[type, ...], what: str) -> list[Any]:
    """A list answer whose items all have the expected type, else ``TypeError``."""
    if answer is None:
        return []
    if isinstance(answer, (str, bytes)) or not isinstance(answer, Sequence):
        raise TypeError(
            f"returned {_short(answer)}; expected a list of {_type_name(expected)} ({what})"
        )
    bad = [(i, x) for i, x in enumerate(answer) if not isinstance(x, expected)]
    if bad:
        i, x = bad[0]
        raise TypeError(
            f"returned {_short(x)} at index {i}; expected {_type_name(expected)} ({what})"
        )
    return list(answer)


_UNTRACED: list[Any] = []


def _untraced() -> Any:
    """pluggy's own call function, as a new manager holds it."""
    if not _UNTRACED:
        _UNTRACED.append(pluggy.PluginManager("talentkit-untraced")._inner_hookexec)
    return _UNTRACED[0]


@attrs.define
class Hooks:
    """Typed calls of every hook of :mod:`talentkit.hookspecs`."""

    plugins: Plugins
    _callers: dict[tuple[str, str], list[tuple[str, Any]]] = attrs.field(factory=dict)
    _alone: dict[tuple[str, str], tuple[list[Any], bool]] = attrs.field(factory=dict)

    @property
    def pm(self) -> pluggy.PluginManager:
        return self.plugins.pm

    # -- which implementations take part ------------------------------------------------

    def implementations(
        self, hook: str, programme: Programme | None = None
    ) -> list[pluggy.HookImpl]:
        """The implementations of ``hook`` that touch ``programme`` (all when None)."""
        impls = getattr(self.pm.hook, hook).get_hookimpls()
        if programme is None:
            return list(impls)
        return [i for i in impls if touched(i.function, programme)]

    def implementers(
        self, hook: str, programme: Programme, *, wrappers: bool | None = None
    ) -> list[str]:
        """Names of the non-built-in plugins whose ``hook`` touches ``programme``.

        :param wrappers: only wrappers (True), only plain implementations (False), or both.
        """
        return sorted(
            {
                i.plugin_name
                for i in self.implementations(hook, programme)
                if i.plugin_name != BUILTIN and (wrappers is None or _is_wrapper(i) == wrappers)
            }
        )

    def _per_plugin(self, hook: str, programme: Programme | None) -> list[tuple[str, Any]]:
        """One subset caller per plain implementation: that plugin plus the wrappers."""
        key = (hook, programme.id if programme is not None else "")
        cached = self._callers.get(key)
        if cached is not None:
            return cached
        every = getattr(self.pm.hook, hook).get_hookimpls()
        taking_part = self.implementations(hook, programme)
        out = []
        for impl in taking_part:
            if _is_wrapper(impl):
                continue
            others = {
                i.plugin
                for i in every
                if i.plugin is not impl.plugin and (not _is_wrapper(i) or i not in taking_part)
            }
            out.append((impl.plugin_name, self.pm.subset_hook_caller(hook, list(others))))
        self._callers[key] = out
        return out

    def _whole(self, hook: str, programme: Programme) -> Any:
        """One caller over every implementation touching ``programme`` (firstresult hooks)."""
        key = (hook, "*" + programme.id)
        cached = self._callers.get(key)
        if cached is None:
            taking_part = self.implementations(hook, programme)
            others = [
                i.plugin
                for i in getattr(self.pm.hook, hook).get_hookimpls()
                if i not in taking_part
            ]
            cached = [("", self.pm.subset_hook_caller(hook, others))]
            self._callers[key] = cached
        return cached[0][1]

    def builtin_alone(self, hook: str, programme: Programme) -> bool:
        """The built-in implementation is the only one of ``hook`` touching ``programme``,
        no wrapper surrounds it and no call is traced: calling the built-in function
        itself (:meth:`call_builtin`) is what pluggy would do."""
        pm = self.plugins.pm
        impls = getattr(pm.hook, hook).get_hookimpls()
        key = (hook, programme.id)
        cached = self._alone.get(key)
        if cached is None or cached[0] != impls:
            taking_part = self.implementations(hook, programme)
            # a wrapper touching the programme takes part too
            alone = len(taking_part) == 1 and taking_part[0].plugin_name == BUILTIN
            cached = self._alone[key] = (impls, alone)
        if not cached[1]:
            return False
        # no call traced (``add_hookcall_monitoring``, ``enable_tracing``): the manager
        # holds pluggy's own call function
        untraced = _UNTRACED[0] if _UNTRACED else _untraced()
        return getattr(pm, "_inner_hookexec", None) is untraced

    def call_builtin(
        self, hook: str, function: Callable[..., T], programme: Programme, ctx: Any, *more: Any
    ) -> T:
        """``function`` (the built-in implementation or its equivalent) called as the hook
        would call it when :meth:`builtin_alone`, a failure named the same way: with the
        programme, the context and ``more``, in the order of its parameters."""
        try:  # as _call calls it, without building its arguments (by position: no mapping)
            return function(programme, ctx, *more)
        except PASS_THROUGH:
            raise
        except Exception as exc:
            self._failed(hook, exc, BUILTIN, programme, ())

    # -- calling, with failures named -----------------------------------------------------

    def _culprit(self, hook: str, exc: BaseException, fallback: str) -> str:
        """The plugin whose implementation the exception was raised in (innermost frame)."""
        codes: dict[types.CodeType, str] = {}
        for impl in getattr(self.pm.hook, hook).get_hookimpls():
            code = getattr(impl.function, "__code__", None)
            if code is not None:
                codes[code] = impl.plugin_name
        found = fallback
        tb = exc.__traceback__
        while tb is not None:
            found = codes.get(tb.tb_frame.f_code, found)
            tb = tb.tb_next
        return found

    def _call(
        self,
        hook: str,
        caller: Any,
        plugin: str,
        kwargs: dict[str, Any],
        passes: tuple[type[Exception], ...] = (),
    ) -> Any:
        try:
            return caller(**kwargs)
        except PASS_THROUGH:
            raise  # about the input or the installation, not a defect of the plugin
        except Exception as exc:
            self._failed(hook, exc, plugin, kwargs.get("programme"), passes)

    def _failed(
        self,
        hook: str,
        exc: Exception,
        plugin: str,
        programme: Any,
        passes: tuple[type[Exception], ...],
    ) -> NoReturn:
        """Raise :class:`HookFailed` naming the plugin ``exc`` was raised in (or ``exc``
        itself, raised by the built-in plugin and one of ``passes``)."""
        culprit = self._culprit(hook, exc, plugin)
        if culprit == BUILTIN and isinstance(exc, passes):
            raise exc
        message = f"raised {type(exc).__name__}: {exc}"
        if culprit == BUILTIN and isinstance(programme, Programme) and programme.sources:
            # a declaration (say a Custom predicate) failed: name who declared it
            culprit = ", ".join(sorted(set(programme.sources.values())))
            message += f" (in a declared rule of {programme.id}, evaluated by {BUILTIN})"
        raise HookFailed(HookError(culprit, hook, message)) from exc

    def _collect(
        self,
        hook: str,
        programme: Programme,
        expected: type,
        what: str,
        tag: Callable[[Any, str], Any],
        **kwargs: Any,
    ) -> list[Any]:
        out: list[Any] = []
        for plugin, caller in self._per_plugin(hook, programme):
            answers = self._call(hook, caller, plugin, {"programme": programme, **kwargs})
            if not isinstance(answers, list):  # only a wrapper can return this
                wrappers = ", ".join(self.implementers(hook, programme, wrappers=True)) or plugin
                raise HookFailed(
                    HookError(wrappers, hook, f"a wrapper returned {_short(answers)}, not a list")
                )
            for answer in answers:
                try:
                    items = _items(answer, expected, what)
                except TypeError as exc:
                    raise HookFailed(HookError(plugin, hook, str(exc))) from None
                out.extend(tag(x, plugin) for x in items)
        return out

    # -- registration ----------------------------------------------------------------------

    def _register(
        self, hook: str, expected: type, what: str, **kwargs: Any
    ) -> list[tuple[str, list[Any]]]:
        """Each plugin's answer; a raising plugin or a wrong-typed answer is a problem."""
        out = []
        for plugin, caller in self._per_plugin(hook, kwargs.get("programme")):
            try:
                answers = caller(**kwargs)
            except Exception as exc:  # report and keep the other plugins
                self._problem(plugin, f"{hook} raised {type(exc).__name__}: {exc}")
                continue
            if not isinstance(answers, list):  # only a wrapper can return this
                self._problem(plugin, f"{hook}: a wrapper returned {_short(answers)}, not a list")
                continue
            items: list[Any] = []
            for answer in answers:
                try:
                    items.extend(_items(answer, expected, what))
                except TypeError as exc:
                    self._problem(plugin, f"{hook} {exc}")
            out.append((plugin, items))
        return out

    def _problem(self, plugin: str, problem: str) -> None:
        self.plugins.problems.append(
            PluginProblem(plugin, problem, "fix the plugin; its answer to this hook was not used")
        )

    def add_jurisdictions(self) -> list[tuple[str, list[Jurisdiction]]]:
        return self._register("talentkit_add_jurisdictions", Jurisdiction, "jurisdictions")

    def add_documents(self) -> list[tuple[str, list[Document]]]:
        return self._register("talentkit_add_documents", Document, "documents")

    def add_programmes(self) -> list[tuple[str, list[Programme]]]:
        return self._register("talentkit_add_programmes", Programme, "programmes")

    def add_facts(self) -> list[tuple[str, list[FactSpec]]]:
        return self._register("talentkit_add_facts", FactSpec, "fact declarations")

    def add_parameters(self) -> list[tuple[str, list[Parameter]]]:
        return self._register("talentkit_add_parameters", Parameter, "parameters")

    def add_rules(self, programme: Programme) -> list[tuple[str, list[Rule]]]:
        return self._register("talentkit_add_rules", Rule, "rules", programme=programme)

    # -- assessment ------------------------------------------------------------------------

    def eligibility(self, programme: Programme, ctx: Context) -> list[Check]:
        """Every plugin's checks; declared rules keep the plugin that declared them."""
        return self._collect(
            "talentkit_eligibility",
            programme,
            Check,
            "checks",
            lambda c, p: c if c.plugin else attrs.evolve(c, plugin=p),
            ctx=ctx,
        )

    def score(self, programme: Programme, ctx: Context) -> list[ScoreLine]:
        return self._collect(
            "talentkit_score", programme, ScoreLine, "score lines", lambda x, p: x, ctx=ctx
        )

    def exit(self, programme: Programme, case: ExitCase, ctx: Context) -> list[ExitOutcome]:
        return self._collect(
            "talentkit_exit",
            programme,
            ExitOutcome,
            "exit outcomes",
            lambda o, p: o if o.plugin else attrs.evolve(o, plugin=p),
            case=case,
            ctx=ctx,
        )

    def funding(self, programme: Programme, ctx: Context) -> FundingResult | None:
        return self._first("talentkit_funding", programme, FundingResult, ctx=ctx)

    def grade_cohort(
        self, programme: Programme, cohort: Sequence[CohortEntry], ctx: Context
    ) -> Grading | None:
        return self._first(
            "talentkit_grade_cohort",
            programme,
            Grading,
            passes=(ValueError,),  # the built-in grading rejects a cohort it cannot grade
            cohort=cohort,
            ctx=ctx,
        )

    def _first(
        self,
        hook: str,
        programme: Programme,
        expected: type[T],
        passes: tuple[type[Exception], ...] = (),
        **kwargs: Any,
    ) -> T | None:
        """A ``firstresult`` hook: one answer, of the expected type or None."""
        candidates = ", ".join(self.implementers(hook, programme)) or BUILTIN
        answer = self._call(
            hook,
            self._whole(hook, programme),
            candidates,
            {"programme": programme, **kwargs},
            passes,
        )
        if answer is not None and not isinstance(answer, expected):
            raise HookFailed(
                HookError(
                    candidates,
                    hook,
                    f"returned {_short(answer)}; expected {expected.__name__} or None",
                )
            )
        return answer
