"""Constructors of attrs classes setting each field through the class's slot.

The ``__init__`` attrs writes for a frozen class sets every field by a call of
``object.__setattr__`` (a frozen class refuses its own ``__setattr__``); setting the slot
through its descriptor instead is about twice as fast per field, and storing it on a
:func:`settable` twin of the class, given its class at the end, several times. The
results an assessment is made of (its payment lines, funding, procedure steps, the
assessment itself) are built for every programme of every case, with a dozen fields
each. The code is compiled once and kept with attrs' own generated methods
(:mod:`talentkit._bytecode`), so a command's start does not compile it again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

import attrs

from talentkit import _bytecode

C = TypeVar("C", bound=type)


def mirrorable(cls: type, fields: Sequence[attrs.Attribute[Any]], validated: bool = False) -> bool:
    """Whether setting ``fields`` of ``cls`` through its slots does what attrs' own
    ``__init__`` does: not for a class without slots of its own or with hooks run on init,
    nor for fields with validators (unless ``validated``: the caller runs them, as
    :func:`validating` writes), converters, hooks run on setting, left out of init,
    renamed, or with a default made from the object itself."""
    return (
        "__slots__" in cls.__dict__
        and not hasattr(cls, "__attrs_pre_init__")
        and not hasattr(cls, "__attrs_post_init__")
        and not any(
            (f.validator is not None and not validated)
            or f.converter is not None
            or _hooked(f.on_setattr)
            or not f.init
            or f.alias != f.name
            or getattr(f.default, "takes_self", False)
            for f in fields
        )
    )


def _hooked(on_setattr: object) -> bool:
    return on_setattr is not None and on_setattr is not attrs.setters.NO_OP


def setting(
    cls: type, fields: Sequence[attrs.Attribute[Any]], target: str, plain: bool = False
) -> tuple[list[str], list[str], dict[str, Any]]:
    """The parameters of a constructor taking ``fields`` (as attrs' ``__init__`` does:
    the same order and defaults, keyword-only ones after a ``*``), the lines setting each
    on the object named ``target`` through its slot (a factory called for each object),
    and the names those lines use. ``plain``: the lines assign each field, for a
    :func:`settable` object."""
    space: dict[str, Any] = {"NOTHING": attrs.NOTHING}
    positional: list[str] = []
    keyword: list[str] = []
    body: list[str] = []
    for f in fields:
        name, default = f.name, f.default
        space[f"set_{name}"] = getattr(cls, name).__set__
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            space[f"make_{name}"] = getattr(default, "factory")  # noqa: B009 (typed as None)
            param = f"{name}=NOTHING"
            value = f"make_{name}() if {name} is NOTHING else {name}"
            body.append(
                f"    {target}.{name} = {value}" if plain else f"    set_{name}({target}, {value})"
            )
        else:
            if default is attrs.NOTHING:
                param = name
            else:
                space[f"default_{name}"] = default
                param = f"{name}=default_{name}"
            body.append(
                f"    {target}.{name} = {name}" if plain else f"    set_{name}({target}, {name})"
            )
        (keyword if f.kw_only else positional).append(param)
    params = [*positional, *(["*", *keyword] if keyword else [])]
    return params, body, space


def validating(
    fields: Sequence[attrs.Attribute[Any]], target: str, space: dict[str, Any]
) -> list[str]:
    """The lines running the fields' validators on the object named ``target`` once every
    field is set, as attrs' ``__init__`` runs them: in field order, each given the field
    and the value read back from the object, unless validators are turned off
    (:func:`attrs.validators.set_disabled`); the names they use are added to ``space``."""
    checked = [f for f in fields if f.validator is not None]
    if not checked:
        return []
    # names with a leading underscore: no parameter has one (a field's alias drops it)
    space["_validators_disabled"] = attrs.validators.get_disabled
    lines = ["    if not _validators_disabled():"]
    for f in checked:
        space[f"_validate_{f.name}"], space[f"_field_{f.name}"] = f.validator, f
        lines.append(f"        _validate_{f.name}({target}, _field_{f.name}, {target}.{f.name})")
    return lines


def settable(cls: type) -> type:
    """A subclass of ``cls`` with its layout (no slot of its own) whose fields are set by
    plain assignment: its ``__setattr__`` and ``__delattr__`` are ``object``'s, so Python
    stores into the slot itself (a few instructions once specialised) where a call of
    the slot's ``__set__`` costs a call each. A frozen object is made as one of these and
    then given its own class (``obj.__class__ = cls``, allowed between classes of one
    layout), before anything else sees it."""
    twin = _SETTABLE.get(cls)
    if twin is None:
        namespace = {
            "__slots__": (),
            "__setattr__": object.__setattr__,
            "__delattr__": object.__delattr__,
            "__module__": cls.__module__,
        }
        twin = _SETTABLE[cls] = type(f"Settable{cls.__name__}", (cls,), namespace)
    return twin


_SETTABLE: dict[type, type] = {}


def twins() -> frozenset[type]:
    """The settable twins made so far: classes an object wears only while its
    ``__init__`` runs, never once it is made (so no rule, text or record is of one)."""
    return frozenset(_SETTABLE.values())


def define(cls: type, function: str, lines: list[str], space: dict[str, Any]) -> Any:
    """The function ``function`` that ``lines`` define, made for ``cls`` (its code kept
    under a name naming the class, as attrs' own methods are)."""
    name = f"<slot setters {function} {cls.__module__}.{cls.__qualname__}>"
    script = "\n".join(lines)
    exec(_bytecode.compiled(script, name), space)
    return space[function]


def through_slots(cls: C) -> C:
    """``cls`` with an ``__init__`` taking the same arguments, in the same order and with
    the same defaults (a factory called for each object), that sets the slots directly. A
    class this cannot mirror (:func:`mirrorable`) keeps attrs' own."""
    fields = attrs.fields(cls)
    if not mirrorable(cls, fields, validated=True):
        return cls
    params, body, space = setting(cls, fields, "self")
    checks = validating(fields, "self", space)  # run once the object has its own class
    lines = [f"def __init__({', '.join(['self', *params])}):"]
    if len(fields) > 2:  # stored on the settable twin: one call to switch to it, not one per field
        plain = setting(cls, fields, "self", plain=True)[1]
        # underscored names: a field may be called ``type`` or ``cls``, never ``_type``
        space.update(_type=type, _cls=cls, _Settable=settable(cls), _become=object.__setattr__)
        lines += [
            "    if _type(self) is _cls:  # a subclass keeps its own class: set through the slots",
            "        _become(self, '__class__', _Settable)",
            *(f"    {line}" for line in plain),
            "        self.__class__ = _cls",
            *(f"    {line}" for line in checks),
            "        return None",
        ]
    lines += [*body, *checks, "    return None"]
    init = define(cls, "__init__", lines, space)
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    made_by_attrs = cls.__dict__["__init__"]
    init.__doc__ = made_by_attrs.__doc__
    init.__annotations__ = dict(getattr(made_by_attrs, "__annotations__", {}))
    type.__setattr__(cls, "__init__", init)
    return cls
