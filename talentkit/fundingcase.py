"""What a case gives a programme's funding declarations, as a key.

A programme's funding (:func:`talentkit.funding.evaluate_funding`) depends on the date,
the parameters, the decisions of its conditions and the facts and dates it reads from the
case, and on nothing else. For one date and parameter set, two cases alike in those give
the same funding: it is worked out once and kept under this key.

A fact enters the key as its type and value, for the types whose equality is the
identity of what is written from them (``1`` and ``True`` are equal, not written alike;
a float may be NaN): an amount, a date, a string, an integer, a fraction, a list of
dates. Any other value makes the case unkeyed: its funding is worked out afresh.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from fractions import Fraction
from typing import Any

from talentkit.facts import MISSING
from talentkit.money import Money
from talentkit.rules.base import Decision
from talentkit.rules.context import Context

#: a fact read by its path (``"fact"``) or a date source resolved (``"date"``)
Read = tuple[str, Any]

_KEYED = frozenset({Money, dt.date, str, int, bool, Fraction})


class Unkeyed(Exception):
    """A value read that cannot be part of a key."""


def case_key(
    head: tuple[Any, ...], decisions: Iterable[Decision], reads: Iterable[Read], ctx: Context
) -> tuple[Any, ...]:
    """``head``, the decisions' statuses and missing facts, then each value read, in order.

    :raises Unkeyed: a value read is of another type
    """
    key = list(head)
    for status, missing, _ in decisions:
        # a status by its value: an enumeration member's hash is a call to Python
        key += (status._value_, missing)
    for kind, source in reads:
        if kind == "fact":
            key.append(keyed(ctx.fact(source)))
        else:
            value, miss, _ = ctx.date(source)
            key += (keyed(value), miss)
    return tuple(key)


def keyed(value: Any) -> Any:
    """``value`` as part of a key: itself if missing, else its type and value.

    :raises Unkeyed: a value of another type
    """
    if value is MISSING:
        return value
    kind = type(value)
    if kind is Money:  # by its fen: its hash is a call to Python
        return (kind, value.fen)
    if kind in _KEYED:
        return (kind, value)
    if kind is list and all(type(x) is dt.date for x in value):
        return (list, tuple(value))
    raise Unkeyed(kind.__name__)
