"""A record's declared types read with each annotation compiled once
(``talentkit._bytecode.type_hints``): the same as ``typing.get_type_hints``."""

from __future__ import annotations

import datetime as dt
import gc
import sys
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from typing import ClassVar, Literal, Optional

import attrs
import pytest

from talentkit import _bytecode


def _all_record_classes() -> list[type]:
    import talentkit.cli.check
    import talentkit.jsonwriter  # noqa: F401
    from talentkit.engine import Engine

    Engine.create()  # the plugins' modules
    return [o for o in gc.get_objects() if isinstance(o, type) and attrs.has(o)]


def _same(cls: type) -> None:
    try:
        want: dict[str, typing.Any] | None = typing.get_type_hints(cls)
    except Exception:
        want = None
    try:
        got: dict[str, typing.Any] | None = _bytecode.type_hints(cls)
    except Exception:
        got = None
    assert got == want, cls
    if want is not None and got is not None:
        assert list(got) == list(want), cls  # in typing's order
        assert [type(v) for v in got.values()] == [type(v) for v in want.values()], cls


@pytest.fixture
def unkept() -> Iterator[None]:
    """The annotations compiled for every class are not written to the cache: a start
    reads in one piece what the last writer used, and a check uses a dozen classes."""
    before = set(_bytecode._CACHE)
    yield
    for key in set(_bytecode._CACHE) - before:
        del _bytecode._CACHE[key]
    _bytecode._new[:] = [k for k in _bytecode._new if k in before]


@pytest.mark.usefixtures("unkept")
def test_every_record_class_installed_reads_as_typing_reads_it() -> None:
    classes = _all_record_classes()
    assert len(classes) > 100
    for cls in classes:
        _same(cls)


# a field named like a module-level name: typing looks in the module first
date = dt.date
Alias = str


@attrs.frozen
class Shadowed:
    date: date
    when: Optional[date] = None  # type: ignore[valid-type]  # noqa: UP045
    kind: Literal["a", "b"] = "a"
    pair: tuple[int, ...] = ()
    maybe: int | None = None
    call: Callable[[], Iterable[str]] | None = None


@attrs.frozen
class Derived(Shadowed):
    extra: str = ""
    kind: Literal["c"] = "c"  # type: ignore[assignment]  # a base's field declared again


@attrs.define
class Special:
    Alias = int  # the module's ``Alias`` is the one typing finds first
    aliased: Alias = ""  # type: ignore[valid-type]
    counter: ClassVar[int] = 0
    nothing: None = None
    later: tuple[Later, ...] = ()
    quoted: list[Later] = attrs.Factory(list)


@attrs.define
class Later:
    x: int = 0


@attrs.define
class Unresolvable:
    x: NoSuchName  # type: ignore[name-defined]  # noqa: F821


@pytest.mark.parametrize("cls", [Shadowed, Derived, Special, Later])
def test_edge_cases_read_as_typing_reads_them(cls: type) -> None:
    _same(cls)


def test_names_are_looked_up_in_the_module_before_the_class() -> None:
    @attrs.define
    class Local:
        Alias = int
        aliased: Alias = ""  # type: ignore[valid-type]

    assert _bytecode.type_hints(Local) == typing.get_type_hints(Local) == {"aliased": str}


def test_a_name_nothing_resolves_raises_as_typing_does() -> None:
    with pytest.raises(NameError):
        typing.get_type_hints(Unresolvable)
    with pytest.raises(NameError):
        _bytecode.type_hints(Unresolvable)


def _module(name: str, source: str) -> types.ModuleType:
    module = types.ModuleType(name)
    sys.modules[name] = module
    exec(compile(source, name, "exec"), module.__dict__)
    return module


def test_the_same_text_in_two_modules_names_each_module_s_own_type() -> None:
    # one annotation text, compiled once per class: looked up in each class's module
    source = (
        "from __future__ import annotations\n"
        "import attrs\n"
        "class Thing: pass\n"
        "@attrs.frozen\n"
        "class Rec:\n"
        "    a: Thing\n"
        "    b: tuple[Thing, ...]\n"
    )
    try:
        one = _module("tests_probe_hints_one", source)
        two = _module("tests_probe_hints_two", source)
        first = _bytecode.type_hints(one.Rec)
        second = _bytecode.type_hints(two.Rec)
        assert first == {"a": one.Thing, "b": types.GenericAlias(tuple, (one.Thing, ...))}
        assert second == {"a": two.Thing, "b": types.GenericAlias(tuple, (two.Thing, ...))}
        # two fields of one class, other texts: each its own code
        assert first["a"] is not first["b"]
    finally:
        sys.modules.pop("tests_probe_hints_one", None)
        sys.modules.pop("tests_probe_hints_two", None)


def test_an_annotation_s_code_is_kept_by_its_text() -> None:
    _bytecode.type_hints(Shadowed)
    kept = {k[1] for k in _bytecode._CACHE if k[0] == f"<type hints of {__name__}.Shadowed>"}
    assert {"date", "Optional[date]", "Literal['a', 'b']", "tuple[int, ...]"} <= kept
    assert not _bytecode._lasting(f"<type hints of {__name__}.Shadowed>")  # a test's class
