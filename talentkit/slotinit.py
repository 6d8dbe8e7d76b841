"""An attrs class's ``__init__`` setting each field through the class's slot.

The ``__init__`` attrs writes for a frozen class sets every field by a call of
``object.__setattr__`` (a frozen class refuses its own ``__setattr__``); setting the slot
through its descriptor instead is about twice as fast per field. The results an assessment
is made of (its payment lines, funding, procedure steps) are built for every programme of
every case, with a dozen fields each.
"""

from __future__ import annotations

from typing import Any, TypeVar

import attrs

C = TypeVar("C", bound=type)


def through_slots(cls: C) -> C:
    """``cls`` with an ``__init__`` taking the same arguments, in the same order and with
    the same defaults (a factory called for each object), that sets the slots directly. A
    class this cannot mirror keeps attrs' own: one with validators, converters, hooks
    run on setting or after init, fields left out of init or renamed, or no slots."""
    fields = attrs.fields(cls)
    if (
        "__slots__" not in cls.__dict__
        or hasattr(cls, "__attrs_pre_init__")
        or hasattr(cls, "__attrs_post_init__")
        or any(
            f.validator is not None
            or f.converter is not None
            or f.on_setattr not in (None, attrs.setters.NO_OP)
            or not f.init
            or f.alias != f.name
            or getattr(f.default, "takes_self", False)
            for f in fields
        )
    ):
        return cls
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
            body.append(f"    set_{name}(self, make_{name}() if {name} is NOTHING else {name})")
        else:
            if default is attrs.NOTHING:
                param = name
            else:
                space[f"default_{name}"] = default
                param = f"{name}=default_{name}"
            body.append(f"    set_{name}(self, {name})")
        (keyword if f.kw_only else positional).append(param)
    params = ["self", *positional, *(["*", *keyword] if keyword else [])]
    lines = [f"def __init__({', '.join(params)}):", *body, "    return None"]
    exec(compile("\n".join(lines), f"<{cls.__qualname__} through its slots>", "exec"), space)
    init = space["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    made_by_attrs = cls.__dict__["__init__"]
    init.__doc__ = made_by_attrs.__doc__
    init.__annotations__ = dict(getattr(made_by_attrs, "__annotations__", {}))
    type.__setattr__(cls, "__init__", init)
    return cls
