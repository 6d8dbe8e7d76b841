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

The file holds what starts need, not every class ever built. A process that compiled
something writes the methods it used, read with the file in one piece (what the next start
of the same command asks for), and, kept marshalled until a class asks for them (an entry
no class asks for costs its bytes only), the entries of classes it did not build: of a
class it built, only the versions it used are kept (an edited class's older methods go).
Classes defined inside a function (a test's, built again at each call) or in a test module
are never written, so that running the tests cannot fill it, and a file that would grow
past :data:`_LIMIT` entries holds only what the writing process used.
"""

from __future__ import annotations

import atexit
import builtins
import marshal
import os
import re
import sys
from pathlib import Path
from types import CodeType, GenericAlias, ModuleType, UnionType
from typing import Any

#: the builtin, which attrs' own import finds routed through the cache (below)
_COMPILE = builtins.compile
#: the entries the process that wrote the file used, decoded with it
_HOT: dict[tuple[str, str], CodeType] = {}
#: its other entries, by key: each one's code still marshalled
_STORED: dict[tuple[str, str], bytes] = {}
#: the code this process used, by key (read from the file or compiled)
_CACHE: dict[tuple[str, str], CodeType] = {}
_new: list[tuple[str, str]] = []
#: beyond this many entries, the file keeps only what the process writing it used
_LIMIT = 600
#: the format of the file, first in it: a file of another format is not read
_FORMAT = "talentkit attrs methods 3"
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
    if not (isinstance(stored, tuple) and len(stored) == 3 and stored[0] == _FORMAT):
        return
    _, hot, cold = stored
    if isinstance(hot, dict):
        _HOT.update((k, v) for k, v in hot.items() if _is_key(k) and isinstance(v, CodeType))
    if isinstance(cold, dict):
        _STORED.update((k, v) for k, v in cold.items() if _is_key(k) and isinstance(v, bytes))


def _is_key(key: object) -> bool:
    return (
        isinstance(key, tuple)
        and len(key) == 2
        and isinstance(key[0], str)
        and isinstance(key[1], str)
    )


def _kept() -> tuple[dict[tuple[str, str], CodeType], dict[tuple[str, str], bytes]]:
    """The entries to write: this process's, and those of the classes it did not build."""
    built = {name for name, _ in _CACHE}
    hot = {k: v for k, v in _CACHE.items() if _lasting(k[0])}
    cold = {k: v for k, v in _STORED.items() if k[0] not in built}
    cold.update((k, marshal.dumps(v)) for k, v in _HOT.items() if k[0] not in built)
    cold = {k: v for k, v in cold.items() if _lasting(k[0])}
    if len(hot) + len(cold) > _LIMIT:
        cold = {}
    return hot, cold


#: the modules a test runner imports: ``tests.*``, ``test_*`` and ``conftest``
_TEST_MODULES = ("tests.", "test_", "conftest.")


def _lasting(name: str) -> bool:
    """The generated code's file name (``<attrs generated methods module.Class>``) names
    a class that is not defined inside a function nor in a test module."""
    qualified = name.rsplit(" ", 1)[-1]
    return "<locals>" not in name and not qualified.startswith(_TEST_MODULES)


def _save(path: Path) -> None:
    if not _new or sys.dont_write_bytecode:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temp.write_bytes(marshal.dumps((_FORMAT, *_kept())))
        os.replace(temp, path)  # atomic: a concurrent start reads the old or the new file
    except OSError:
        pass


def _compiled(key: tuple[str, str], script: str, filename: str, mode: str = "exec") -> CodeType:
    code = _CACHE.get(key) or _HOT.get(key)
    if code is None and (stored := _STORED.get(key)) is not None:
        try:
            code = marshal.loads(stored)
        except (EOFError, ValueError, TypeError):
            code = None
    if not isinstance(code, CodeType):
        code = _COMPILE(script, filename, mode)
        _new.append(key)
    _CACHE[key] = code
    return code


def compiled(script: str, filename: str) -> CodeType:
    """``compile(script, filename, "exec")``, kept in the cache like attrs' methods
    (``filename`` names the class the code is made for, as attrs' file names do)."""
    return _compiled((filename, script), script, filename)


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


#: whether :func:`type_hints` may read annotations itself (Python 3.14 evaluates them
#: through ``annotationlib``: left to ``typing`` there)
_OWN_HINTS = sys.version_info < (3, 14)


def type_hints(cls: type) -> dict[str, Any]:
    """``typing.get_type_hints(cls)``, with each annotation's text compiled once per
    installation (kept like the generated methods) instead of at every start.

    Names are looked up as ``typing`` looks them up for a class (the module's globals,
    then the class's namespace, then the builtins), base classes first. Each text's code
    is kept under ``<type hints of module.Class>`` (a name no script is compiled under)
    and the text itself. A value that ``typing`` would go on to change (``None``, a name
    left as a text, ``ClassVar``, ``Annotated``), type parameters in scope, or any error,
    hands the whole class to ``typing.get_type_hints``: what is returned here is only
    what ``typing`` returns as it is (:func:`_settled`)."""
    import typing

    if not _OWN_HINTS:
        return typing.get_type_hints(cls)
    hints: dict[str, Any] = {}
    try:
        for base in reversed(cls.__mro__):
            annotations = base.__dict__.get("__annotations__")  # noqa: RUF063  (as typing reads them)
            if not annotations:
                continue
            if type(annotations) is not dict or getattr(base, "__type_params__", None):
                return typing.get_type_hints(cls)  # type parameters in scope: typing's
            module = sys.modules.get(base.__module__)
            names = getattr(module, "__dict__", {})
            space = dict(vars(base))
            where = f"<type hints of {base.__module__}.{base.__qualname__}>"
            for name, value in annotations.items():
                if type(value) is str:
                    value = eval(_compiled((where, value), value, where, "eval"), space, names)
                if not _settled(value):
                    return typing.get_type_hints(cls)
                hints[name] = value
    except Exception:
        return typing.get_type_hints(cls)
    return hints


def _settled(hint: object) -> bool:
    """Whether ``typing`` returns ``hint`` as it is (or an equal one, rebuilt from the same
    arguments): a class, a builtin generic or a union (``|``, ``Optional``) whose
    arguments are, a ``Literal`` of texts, numbers and flags."""
    import typing

    if isinstance(hint, (GenericAlias, UnionType)):
        return all(a is Ellipsis or _settled(a) for a in hint.__args__)
    origin = typing.get_origin(hint)
    if origin is typing.Union:
        return all(_settled(a) for a in typing.get_args(hint))
    if origin is typing.Literal:
        return all(type(a) in (str, int, bool) for a in typing.get_args(hint))
    return isinstance(hint, type)
