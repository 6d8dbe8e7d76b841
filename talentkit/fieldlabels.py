"""Fact paths as a reader knows them: under ``--lang zh`` ``team.members[0].role`` reads
团队·成员[0]·角色 and ``organisations[role=company].founded_on`` reads
单位[角色=企业]·成立日期, each field by its label in :data:`talentkit.subjects.FIELD_TEXT`.

A path with a step that has no label (an undeclared fact, a misspelled field) is shown as
it is: a reader then sees what to fix rather than a half-translated path.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Mapping

import attrs

from talentkit.subjects import (
    FIELD_LABELS,
    FIELD_TEXT,
    ORGANISATION_ROLE_LABELS,
    Award,
    Event,
    Profile,
)
from talentkit.text import Text

_PART = re.compile(r"^(\w+)(?:\[(\d*)\]|\[(\w+)=([^\]]+)\])?$")
#: What exit conditions read besides a profile's fields (:class:`talentkit.exits.ExitCase`).
_EXIT_ROOTS: dict[str, tuple[Text, type]] = {
    "award": (Text("所获支持", "award"), Award),
    "event": (Text("变动事项", "event"), Event),
    "profile": (Text("申报材料", "profile"), Profile),
}


def _subject(annotation: object) -> type | None:
    """The subject class a field holds (``Person`` of ``list[Person] | None``), if any."""
    if isinstance(annotation, type) and annotation in FIELD_TEXT:
        return annotation
    for arg in typing.get_args(annotation):
        found = _subject(arg)
        if found is not None:
            return found
    return None


def _field(owner: type | None, name: str) -> tuple[Text, type | None] | None:
    """A field's label and the subject class it holds, or None where it has none."""
    if owner is None:
        if name in _EXIT_ROOTS:
            return _EXIT_ROOTS[name]
        owner = Profile
    label = FIELD_TEXT[owner].get(name)
    if label is None:
        return None
    return label, _subject(attrs.fields_dict(owner)[name].type)


def _value(field: str, code: str) -> str:
    labels = ORGANISATION_ROLE_LABELS if field == "role" else FIELD_LABELS.get(field, {})
    label = labels.get(code)
    return label.zh if label else code


def path_label(path: str, facts: Mapping[str, str]) -> str | None:
    """The Chinese label of ``path``, or None where a step of it has none.

    A declared fact is shown by its own label alone (``facts`` by fact name), as the
    plugin that declares it names it.
    """
    owner: type | None = None
    shown: list[str] = []
    parts = path.split(".")
    for i, part in enumerate(parts):
        if part == "facts" and i + 1 < len(parts):
            return facts.get(".".join(parts[i + 1 :]))
        m = _PART.match(part)
        if m is None:
            return None
        name, index, select, code = m.groups()
        found = _field(owner, name)
        if found is None:
            return None
        label, owner = found
        if index is not None:
            shown.append(f"{label.zh}[{index}]")
        elif select is not None:
            by = _field(owner, select) if owner is not None else None
            if by is None:
                return None
            shown.append(f"{label.zh}[{by[0].zh}={_value(select, code)}]")
        else:
            shown.append(label.zh)
    return "·".join(shown)
