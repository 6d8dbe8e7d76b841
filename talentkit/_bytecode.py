"""Bytecode of the methods attrs generates, cached like Python caches a module's.

attrs writes each class's ``__init__``, ``__eq__``, ``__hash__``… as source text and
compiles it when the class is created (cattrs likewise each class's structure function
when it first parses one); with ~130 classes in the core and the plugins, compiling is the
largest single cost of starting a command. The compiled code depends only on the source
text and the fake file name it is given, so it is kept in
``__pycache__`` beside this module (one file per Python and attrs version) and loaded
instead of compiled. ``sys.dont_write_bytecode`` (``PYTHONDONTWRITEBYTECODE``) is honoured,
an unwritable or damaged cache is ignored, and an attrs without the hook this relies on is
left alone: the cache can make a start faster, never different.
"""

from __future__ import annotations

import atexit
import builtins
import marshal
import os
import re
import sys
from pathlib import Path
from types import CodeType, ModuleType
from typing import Any

#: the builtin, which attrs' own import finds routed through the cache (below)
_COMPILE = builtins.compile
_CACHE: dict[tuple[str, str], CodeType] = {}
_new: list[tuple[str, str]] = []
_used: set[tuple[str, str]] = set()
#: beyond this many entries (old versions of classes pile up), keep only this run's
_LIMIT = 2000
#: ``__hash__`` starts from a per-process random salt (``hash`` of a string): the source
#: differs from run to run by that number only, so the key leaves it out. The cached code
#: keeps the salt of the run that compiled it, which serves the same purpose.
_SALT = re.compile(r"(return hash\(\(\s*)-?\d+,")
_HASH = "return hash(("


def _path() -> Path:
    """Beside this module, or under ``sys.pycache_prefix`` (``PYTHONPYCACHEPREFIX``) as
    Python puts a module's bytecode."""
    from talentkit.entrypoints import version as installed  # attr.__version__ would
    # import importlib.metadata, which a command otherwise never needs

    version = installed("attrs") or "unknown"
    tag = sys.implementation.cache_tag or "python"
    here = Path(__file__).resolve().parent
    folder = (
        Path(sys.pycache_prefix) / here.relative_to(here.anchor)
        if sys.pycache_prefix
        else here / "__pycache__"
    )
    return folder / f"_attrs_methods.{tag}.attrs-{version}.marshal"


def _load(path: Path) -> None:
    try:
        stored = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return
    if isinstance(stored, dict):
        _CACHE.update(
            (k, v)
            for k, v in stored.items()
            if isinstance(k, tuple) and len(k) == 2 and isinstance(v, CodeType)
        )


def _save(path: Path) -> None:
    if not _new or sys.dont_write_bytecode:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        keep = _CACHE if len(_CACHE) <= _LIMIT else {k: _CACHE[k] for k in _used}
        temp.write_bytes(marshal.dumps(keep))
        os.replace(temp, path)  # atomic: a concurrent start reads the old or the new file
    except OSError:
        pass


def _compiled(key: tuple[str, str], script: str, filename: str) -> CodeType:
    _used.add(key)
    code = _CACHE.get(key)
    if code is None:
        code = _COMPILE(script, filename, "exec")
        _CACHE[key] = code
        _new.append(key)
    return code


def _key(filename: str, script: str) -> tuple[str, str]:
    """The script with its first salt replaced by ``SALT``: the pattern is tried only
    where ``return hash((`` starts (a plain search; running the pattern over the whole
    text, as ``re.sub`` does, cost more than the rest of the look-up)."""
    at = script.find(_HASH)
    while at >= 0:
        found = _SALT.match(script, at)
        if found is not None:
            return (filename, f"{script[:at]}{found[1]}SALT,{script[found.end() :]}")
        at = script.find(_HASH, at + 1)
    return (filename, script)


def install() -> None:
    """Route attrs' compile step, and cattrs', through the cache (once per process)."""
    made = sys.modules.get("attr._make")
    if getattr(getattr(made, "_compile_and_eval", None), "_talentkit_cached", False):
        return
    path = _path()
    _load(path)
    _make = _import_attrs()
    original = getattr(_make, "_compile_and_eval", None)
    if _make is None or original is None:
        return

    def compile_and_eval(
        script: str,
        globs: dict[str, Any] | None,
        locs: Any = None,
        filename: str = "",
    ) -> None:
        eval(_compiled(_key(filename, script), script, filename), globs, locs)

    compile_and_eval._talentkit_cached = True  # type: ignore[attr-defined]
    setattr(_make, "_compile_and_eval", compile_and_eval)  # noqa: B010  (a module attribute)
    atexit.register(_save, path)
    _install_cattrs()


def _import_attrs() -> ModuleType | None:
    """``attr._make``, imported with attrs' own classes' methods (its validators,
    converters, attributes) taken from the cache too: they are created while attrs is
    imported, compiled by the builtin ``compile``, which is routed through the cache for
    that import only and only for attrs' generated methods."""
    if "attr._make" in sys.modules:
        from attr import _make

        return _make
    original = builtins.compile

    def cached_compile(source: Any, filename: Any, mode: str, *args: Any, **kwargs: Any) -> Any:
        if (
            isinstance(source, str)
            and isinstance(filename, str)
            and filename.startswith("<attrs generated")
            and mode == "exec"
            and not (args or kwargs)
        ):
            return _compiled(_key(filename, source), source, filename)
        return original(source, filename, mode, *args, **kwargs)

    builtins.compile = cached_compile
    try:
        from attr import _make
    except ImportError:  # pragma: no cover - attrs is a dependency
        return None
    finally:
        builtins.compile = original
    return _make


def _install_cattrs() -> None:
    """cattrs generates a structure function per class the same way (its text names no
    object by address), compiling it with the builtin ``compile`` its generator module
    looks up: a module-level ``compile`` there takes the cache's way first."""
    try:
        from cattrs import gen
    except ImportError:  # pragma: no cover - cattrs is a dependency
        return

    def cached_compile(source: Any, filename: Any, mode: str, *args: Any, **kwargs: Any) -> Any:
        if (
            isinstance(source, str)
            and isinstance(filename, str)
            and mode == "exec"
            and not (args or kwargs)
        ):
            return _compiled((filename, source), source, filename)
        return compile(source, filename, mode, *args, **kwargs)

    gen.compile = cached_compile  # type: ignore[attr-defined]


install()
