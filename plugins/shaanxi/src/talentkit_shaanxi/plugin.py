"""Registration of the Shaanxi plugin.

Each measure lives in its own module exposing ``DOCUMENTS``, ``PROGRAMMES``, ``FACTS``
and optionally ``extra_rules(programme)``; every ``params/*.toml`` file is loaded.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from talentkit import (
    Document,
    FactSpec,
    Jurisdiction,
    Parameter,
    Programme,
    Rule,
    Text,
    hookimpl,
    load_parameters,
)
from talentkit_shaanxi.common import AWARD_STATUSES

_MEASURES = ("common", "qianren", "tezhi", "sanqin", "cross", "procedure")


@functools.cache
def _modules() -> tuple[ModuleType, ...]:
    """The measures' modules (asked for once per hook, and per programme by
    ``talentkit_add_rules``)."""
    out: list[ModuleType] = []
    for name in _MEASURES:
        try:
            out.append(importlib.import_module(f"talentkit_shaanxi.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"talentkit_shaanxi.{name}":
                raise
    return tuple(out)


@hookimpl
def talentkit_add_jurisdictions() -> Sequence[Jurisdiction]:
    return [Jurisdiction(id="shaanxi", name=Text("陕西省", "Shaanxi"), level="province")]


@hookimpl
def talentkit_add_documents() -> Sequence[Document]:
    return [d for m in _modules() for d in getattr(m, "DOCUMENTS", ())]


@hookimpl
def talentkit_add_programmes() -> Sequence[Programme]:
    from talentkit_shaanxi.procedure import with_publicity

    progs = [with_publicity(p) for m in _modules() for p in getattr(m, "PROGRAMMES", ())]
    return [p.with_statuses(AWARD_STATUSES) for p in progs]


@hookimpl
def talentkit_add_facts() -> Sequence[FactSpec]:
    seen: dict[str, FactSpec] = {}
    for m in _modules():
        for f in getattr(m, "FACTS", ()):
            seen.setdefault(f.name, f)
    return list(seen.values())


@hookimpl
def talentkit_add_parameters() -> Sequence[Parameter]:
    folder = Path(__file__).parent / "params"
    return [p for path in sorted(folder.glob("*.toml")) for p in load_parameters(path)]


@hookimpl
def talentkit_add_rules(programme: Programme) -> Sequence[Rule]:
    return [r for m in _modules() if hasattr(m, "extra_rules") for r in m.extra_rules(programme)]
