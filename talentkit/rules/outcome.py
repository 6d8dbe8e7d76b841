"""The result of evaluating one rule."""

from __future__ import annotations

import enum
from typing import Any

import attrs

from talentkit.subjects import Waiver
from talentkit.text import Citation, Text


class Status(str, enum.Enum):
    """Three-valued logic plus the states a human closes.

    ``unknown`` means facts are missing; ``review`` means a panel or reviewer must decide;
    ``waived`` is a pass by an approved exception; ``na`` means the rule does not apply.
    """

    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"
    REVIEW = "review"
    WAIVED = "waived"
    NA = "na"

    @property
    def holds(self) -> bool:
        return self in (Status.PASS, Status.WAIVED, Status.NA)


@attrs.frozen(kw_only=True)
class Check:
    """One rule's verdict with everything needed to defend it."""

    rule_id: str
    status: Status
    text: Text
    citation: Citation | None = None
    detail: Text | None = None
    read: dict[str, Any] = attrs.field(factory=dict)
    missing: tuple[str, ...] = ()
    review: tuple[Text, ...] = ()
    hints: tuple[Text, ...] = ()
    plugin: str = ""
    waiver: Waiver | None = None
    children: tuple[Check, ...] = ()
