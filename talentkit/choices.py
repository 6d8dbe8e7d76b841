"""Closed sets of words the vocabulary accepts, checked when a declaration is built.

Each enum-like field is typed as a ``Literal`` (so mypy catches a typo in a plugin) and
validated by attrs with :func:`choice` (so a typo in untyped code fails at construction,
naming the allowed values, instead of loading and never matching).
"""

from __future__ import annotations

import difflib
import typing
from typing import Any, Literal

import attrs

Op = Literal[">=", "<=", ">", "<", "==", "!="]
MatchMode = Literal["any", "all", "prefix"]
SubjectKind = Literal["person", "team", "organisation", "person_or_team"]
DocumentStatus = Literal["final", "trial", "draft"]
JurisdictionLevel = Literal["national", "province", "city", "county"]
PayeeKind = Literal[
    "person",
    "talent",
    "leader",
    "members",
    "team",
    "employer",
    "host",
    "enterprise",
    "undertaker",
    "base_operator",
]
"""Who receives a payment or carries an obligation: the person or talent assessed, a
team's leader or members, the team as a whole, the employer, the host unit, the enterprise
or undertaker of a project, the operator of a base."""
ObligationPer = Literal["period", "year", "cycle"]
WorkdayOp = Literal["<=", ">="]
"""Within a working-day period (``<=``) or no earlier than its last day (``>=``)."""
PriorMode = Literal["cumulative", "top_up"]
"""How an award meets an earlier one for the same object (:data:`semantics.PRIOR_MODES`)."""
RecoveryMode = Literal["full", "pro_rata"]
"""Recover a share of all that was paid, or of the part for the time not served."""
ApplicationOrder = Literal["first_come", "all_rejected"]
"""Where applications are limited, which stand: in the order submitted, or none in conflict."""


def allowed(kind: Any) -> tuple[str, ...]:
    """The words of a ``Literal`` type."""
    return tuple(str(a) for a in typing.get_args(kind))


def choice(kind: Any, *, also: tuple[type, ...] = ()) -> Any:
    """An attrs validator: the value is one of the ``Literal``'s words (or an instance of
    one of ``also``, such as a parameter reference)."""
    words = allowed(kind)

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if isinstance(value, also) or value in words:
            return
        close = difflib.get_close_matches(str(value), words, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ValueError(
            f"{type(instance).__name__}.{attribute.name}: {value!r} is not allowed{hint}; "
            f"expected one of {', '.join(repr(w) for w in words)}"
        )

    return validate


def optional_choice(kind: Any) -> Any:
    """Like :func:`choice`, also accepting ``None``."""
    inner = choice(kind)

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            inner(instance, attribute, value)

    return validate
