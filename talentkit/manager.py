"""Building the plugin manager: specs, built-ins, entry points, and what went wrong.

Environment variables:

``TALENTKIT_DISABLE_PLUGIN_AUTOLOAD``
    when set, no ``talentkit`` entry point is loaded (only built-ins and explicit plugins).
``TALENTKIT_BLOCK_PLUGINS``
    comma-separated plugin names that are not loaded.
``TALENTKIT_PLUGINS``
    comma-separated importable module names registered as plugins as well (like
    ``PYTEST_PLUGINS``): a plugin used without installing a distribution.
``TALENTKIT_TRACE_HOOKS``
    when set, every hook call and its result is printed to standard error.
"""

from __future__ import annotations

import importlib
import os
import sys
import types
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import pluggy

from talentkit import entrypoints, hookspecs
from talentkit.builtin import declared
from talentkit.hookspecs import hookimpl

__all__ = ["GROUP", "PluginInfo", "PluginProblem", "Plugins", "build_plugins", "hookimpl"]

GROUP = "talentkit"


@attrs.frozen
class PluginProblem:
    """A plugin that could not be used, and what to do about it."""

    plugin: str
    problem: str
    advice: str
    programme: str = ""
    rule: str = ""


@attrs.frozen
class PluginInfo:
    name: str
    version: str
    hooks: tuple[str, ...]
    builtin: bool


@attrs.define
class Plugins:
    """The loaded plugin manager plus the problems met while loading."""

    pm: pluggy.PluginManager
    problems: list[PluginProblem] = attrs.field(factory=list)
    versions: dict[str, str] = attrs.field(factory=dict)
    builtins: set[str] = attrs.field(factory=set)

    def info(self) -> list[PluginInfo]:
        out = []
        for name, plugin in self.pm.list_name_plugin():
            if name is None or plugin is None:
                continue
            hooks = tuple(sorted(h.name for h in self.pm.get_hookcallers(plugin) or ()))
            out.append(
                PluginInfo(
                    name=name,
                    version=self.versions.get(name, ""),
                    hooks=hooks,
                    builtin=name in self.builtins,
                )
            )
        return sorted(out, key=lambda p: (not p.builtin, p.name))

    def plugin_name(self, plugin: object) -> str:
        return self.pm.get_name(plugin) or repr(plugin)


#: what a hook implementation can be (pluggy looks at nothing else)
_HOOKABLE = (types.FunctionType, types.MethodType, staticmethod, classmethod)
_ABSENT = object()


class _PluginManager(pluggy.PluginManager):
    """pluggy's manager, passing over a plugin module's imported classes and constants.

    pluggy examines every name of a registered plugin (``inspect.getattr_static``, then
    the kind of object found); a jurisdiction's plugin module holds dozens of names it
    imported from :mod:`talentkit`. A module's value that is no function or method can
    never be a hook implementation, so it is answered at once; so is a plain function
    the module's class does not shadow (what ``getattr_static`` finds, read for its
    marker as pluggy reads it); every other name is left to pluggy."""

    def parse_hookimpl_opts(self, plugin: object, name: str) -> pluggy.HookimplOpts | None:
        if isinstance(plugin, types.ModuleType):
            value = plugin.__dict__.get(name, _ABSENT)
            if value is not _ABSENT and not isinstance(value, _HOOKABLE):
                return None
            if type(value) is types.FunctionType and not hasattr(type(plugin), name):
                opts = getattr(value, self.project_name + "_impl", None)
                if opts is not None:
                    return opts if isinstance(opts, dict) else None  # type: ignore[return-value]
                if "__func__" not in value.__dict__:  # pluggy would look there next
                    return None
        return super().parse_hookimpl_opts(plugin, name)


def _blocked() -> set[str]:
    raw = os.environ.get("TALENTKIT_BLOCK_PLUGINS", "")
    return {x.strip() for x in raw.split(",") if x.strip()}


def _register(plugins: Plugins, plugin: object, name: str) -> bool:
    """Register and validate one plugin; on failure unregister it and record why."""
    pm = plugins.pm
    try:
        pm.register(plugin, name=name)
    except pluggy.PluginValidationError as exc:
        plugins.problems.append(
            PluginProblem(
                name,
                f"invalid hook implementation: {exc}",
                "fix the hook signature to match talentkit.hookspecs (arguments may be "
                "omitted, not added or renamed)",
            )
        )
        return False
    except ValueError as exc:
        plugins.problems.append(PluginProblem(name, str(exc), "give each plugin a unique name"))
        return False
    unknown = [
        caller.name
        for caller in pm.get_hookcallers(plugin) or ()
        if caller.spec is None and not caller.name.startswith("pytest")
    ]
    if unknown:
        pm.unregister(plugin)
        close = {
            u: [s for s in dir(hookspecs) if s.startswith("talentkit_") and _similar(u, s)]
            for u in unknown
        }
        hint = "; ".join(
            f"{u} (did you mean {', '.join(c)}?)" if c else u for u, c in close.items()
        )
        plugins.problems.append(
            PluginProblem(
                name,
                f"unknown hook(s): {hint}",
                "rename the function to a hook listed in the hook reference (talentkit.hookspecs)",
            )
        )
        return False
    return True


def _similar(a: str, b: str) -> bool:
    import difflib

    return difflib.SequenceMatcher(None, a, b).ratio() > 0.8


def build_plugins(
    plugins: Sequence[object] | None = None,
    *,
    entry_points: bool | None = None,
    block: Iterable[str] = (),
) -> Plugins:
    """Create the plugin manager.

    :param plugins: extra plugin objects (modules or instances) to register, e.g. a
        plugin defined inline in a test; given as ``(name, object)`` pairs or objects.
    :param entry_points: load the ``talentkit`` entry-point group; default: yes unless
        ``TALENTKIT_DISABLE_PLUGIN_AUTOLOAD`` is set.
    :param block: plugin names not to load (added to ``TALENTKIT_BLOCK_PLUGINS``).
    """
    pm = _PluginManager(GROUP)
    pm.add_hookspecs(hookspecs)
    result = Plugins(pm)
    blocked = _blocked() | set(block)
    for name in blocked:
        pm.set_blocked(name)
    _register(result, declared, "talentkit.declared")
    result.builtins.add("talentkit.declared")
    result.versions["talentkit.declared"] = _version("talentkit")
    if entry_points is None:
        entry_points = not os.environ.get("TALENTKIT_DISABLE_PLUGIN_AUTOLOAD")
    if entry_points:
        for ep in sorted(_entry_points(), key=lambda e: e.name):
            if ep.name in blocked or pm.is_blocked(ep.name):
                continue
            try:
                obj = ep.load()
            except Exception as exc:
                result.problems.append(
                    PluginProblem(
                        ep.name,
                        f"cannot import {ep.value}: {type(exc).__name__}: {exc}",
                        f"reinstall or fix the distribution that declares the entry point "
                        f"'{ep.name}', or block it with TALENTKIT_BLOCK_PLUGINS={ep.name}",
                    )
                )
                continue
            version = _dist_version(ep)
            if _register(result, obj, ep.name) and version is not None:
                result.versions[ep.name] = version
    for modname in filter(
        None, (x.strip() for x in os.environ.get("TALENTKIT_PLUGINS", "").split(","))
    ):
        if modname in blocked:
            continue
        try:
            module = importlib.import_module(modname)
        except Exception as exc:
            result.problems.append(
                PluginProblem(
                    modname,
                    f"cannot import: {type(exc).__name__}: {exc}",
                    "check TALENTKIT_PLUGINS and that the module is on the Python path",
                )
            )
            continue
        _register(result, module, modname)
    for i, plugin in enumerate(plugins or ()):
        if isinstance(plugin, tuple):
            name, obj = plugin
        else:
            name, obj = getattr(plugin, "__name__", f"inline-{i}"), plugin
        if name in blocked:
            continue
        _register(result, obj, name)
    if os.environ.get("TALENTKIT_TRACE_HOOKS"):
        _trace(pm)
    return result


def _entry_points() -> list[Any]:
    """The group's entry points, read cheaply where :mod:`talentkit.entrypoints` can."""
    found = entrypoints.entry_points(GROUP)
    if found is not None:
        return found
    import importlib.metadata

    return list(importlib.metadata.entry_points(group=GROUP))


def _dist_version(ep: Any) -> str | None:
    if isinstance(ep, entrypoints.EntryPoint):
        return ep.version
    return ep.dist.version if ep.dist is not None else None


def _version(dist: str) -> str:
    found = entrypoints.version(dist)
    if found is not None:
        return found
    import importlib.metadata

    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "0+unknown"


def _trace(pm: pluggy.PluginManager) -> None:
    """pluggy's own hook tracing, written to standard error with short arguments."""

    def write(tags: tuple[str, ...], args: tuple[Any, ...]) -> None:
        if args and args[0] == "finish":  # ("finish", hook_name, "-->", result)
            print(f"[talentkit hook] {args[1]} returned {_short(args[-1])}", file=sys.stderr)
            return
        name, kwargs = args[0], args[-1] if isinstance(args[-1], dict) else {}
        shown = ", ".join(f"{k}={_short(v)}" for k, v in kwargs.items())
        print(f"[talentkit hook] {name}({shown})", file=sys.stderr)

    pm.trace.root.setprocessor("hook", write)
    pm.enable_tracing()


def _short(value: Any) -> str:
    ident = getattr(value, "id", None)
    if isinstance(ident, str):
        return f"<{type(value).__name__} {ident}>"
    if isinstance(value, list):
        return "[" + ", ".join(_short(v) for v in value[:3]) + (", ...]" if len(value) > 3 else "]")
    plugin = getattr(value, "plugin", None)
    if isinstance(plugin, str) and plugin:
        return f"<{type(value).__name__} from {plugin}>"
    text = repr(value)
    return text if len(text) < 60 else text[:57] + "..."
