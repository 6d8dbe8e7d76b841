"""Exact decimal quantities the texts bound: floor area in m², shares, counts with halves.

A ``decimal`` fact holds a :class:`~decimal.Decimal` made from the number as written
(``999.5``, ``"999.5"``, ``1000``), never from a binary float's approximation, so 999.5 m²
stays short of a 1,000 m² floor. Decimals compare exactly with integers and fractions.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

EXPECTED = 'expected an exact decimal number such as 999.5 or "999.5"'
_TEXT = re.compile(r"^-?\d+(\.\d+)?$")
# a float (from a Python caller) is read through its shortest repr; beyond 15 significant
# digits that repr may no longer be the number the caller wrote
_FLOAT_LIMIT = 10**15


def parse_decimal(value: Any) -> Decimal:
    """A decimal as written; raises ValueError (message starting ``expected``) otherwise."""
    if isinstance(value, bool):
        raise ValueError(EXPECTED)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not abs(value) < _FLOAT_LIMIT:
            raise ValueError(EXPECTED + " (a number this large must be given as a string)")
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(EXPECTED)
        return value
    if isinstance(value, str) and _TEXT.match(value.strip()):
        try:
            return Decimal(value.strip())
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            pass
    raise ValueError(EXPECTED)
