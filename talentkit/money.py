"""Money exact to the fen: an amount in yuan stored as a 64-bit integer number of fen.

The texts state amounts in 元 and 万元; commitments, contracts and payments are made to
the fen (分, 0.01 元). A :class:`Money` holds that integer number of fen, so a commitment
of 999,999.99 yuan stays below a 1,000,000 requirement instead of being rounded to it.

Input accepts yuan with at most two decimals, as integers (``1000000``), strings
(``"999999.99"``, ``"1,000,000.5"`` is *not* accepted: no separators) or
:class:`~decimal.Decimal` (what the TOML and JSON loaders give for a number with a
fraction part). A third decimal, or an amount beyond 64-bit fen, is an input error.

Arithmetic never goes through floats: a rate times an amount is an exact
:class:`~fractions.Fraction` of fen, and :func:`round_fen` rounds it only where a
declaration names a rounding rule (:data:`ROUNDINGS`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

INT64 = (-(2**63), 2**63 - 1)
#: what an integer of the input must be: a batch column holds 64 bits, and a case the
#: batch could not hold would be assessed there otherwise than alone
WHOLE_64 = "an integer within 64 bits (±9,223,372,036,854,775,807)"
_YUAN_TEXT = re.compile(r"^(?P<sign>-?)(?P<whole>\d+)(?:\.(?P<frac>\d{1,2}))?$")
# a float (from a Python caller) is read through its shortest repr; beyond 15 significant
# digits that repr may no longer be the number the caller wrote, so it is refused
_FLOAT_LIMIT = 10**13

ROUNDINGS = ("fen_down", "fen_up", "yuan_down", "yuan_up")
"""How an exact fraction of fen becomes a payable amount: down or up, to the fen or to
the yuan. A declaration names one (as a cited parameter where the text says nothing)."""


class MoneyError(ValueError):
    """A value is not an amount in yuan with at most two decimals within 64-bit fen."""


@attrs.frozen(order=True)
class Money:
    """An amount in yuan, exact to the fen. Compares only with other amounts."""

    fen: int

    def __attrs_post_init__(self) -> None:
        if isinstance(self.fen, bool) or not isinstance(self.fen, int):
            raise TypeError(f"fen must be an int, got {self.fen!r}")
        if not INT64[0] <= self.fen <= INT64[1]:
            raise MoneyError("expected an amount within 64-bit fen")

    @classmethod
    def yuan(cls, whole: int) -> Money:
        """A whole number of yuan."""
        return cls(whole * 100)

    @classmethod
    def parse(cls, value: Any) -> Money:
        """Yuan as written: ``1000000``, ``"999999.99"``, ``Decimal("0.01")``.

        Raises :class:`MoneyError` (message starting ``expected``) for anything else.
        """
        if isinstance(value, Money):
            return value
        if isinstance(value, Mapping):  # the JSON output shape, read back
            return cls._from_json(value)
        if isinstance(value, bool):
            raise MoneyError(EXPECTED)
        if isinstance(value, int):
            return cls._checked(value * 100)
        if isinstance(value, float):
            if not abs(value) < _FLOAT_LIMIT:
                raise MoneyError(EXPECTED + " (a number this large must be given as a string)")
            value = Decimal(repr(value))
        if isinstance(value, Decimal):
            if not value.is_finite():
                raise MoneyError(EXPECTED)
            text = format(value, "f")
        elif isinstance(value, str):
            text = value.strip()
        else:
            raise MoneyError(EXPECTED)
        m = _YUAN_TEXT.match(text)
        if m is None:
            if re.fullmatch(r"-?\d+\.\d{3,}", text) and not _zero_tail(text):
                raise MoneyError(EXPECTED + " (at most two decimals: fen)")
            if not re.fullmatch(r"-?\d+\.\d*0+", text):
                raise MoneyError(EXPECTED)
            text = text.rstrip("0").rstrip(".")  # 1.500 from a loader is 1.5
            m = _YUAN_TEXT.match(text)
            assert m is not None
        fen = int(m.group("whole")) * 100 + int((m.group("frac") or "").ljust(2, "0") or 0)
        return cls._checked(-fen if m.group("sign") else fen)

    @classmethod
    def _from_json(cls, value: Mapping[Any, Any]) -> Money:
        fen = value.get("fen")
        if set(value) - {"fen", "yuan"} or isinstance(fen, bool) or not isinstance(fen, int):
            raise MoneyError(EXPECTED + ' or {"fen": <integer>, "yuan": "<decimal>"}')
        money = cls._checked(fen)
        if "yuan" in value and cls.parse(value["yuan"]) != money:
            raise MoneyError(f"expected fen and yuan to agree (fen {fen}, yuan {value['yuan']!r})")
        return money

    @classmethod
    def _checked(cls, fen: int) -> Money:
        if not INT64[0] <= fen <= INT64[1]:
            raise MoneyError("expected an amount within 64-bit fen (±92,233,720,368,547,758.07)")
        return cls(fen)

    # --- arithmetic (exact) ---------------------------------------------------------------

    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money._checked(self.fen + other.fen)

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money._checked(self.fen - other.fen)

    def __mul__(self, times: int) -> Money:
        """A whole number of times the amount (exact); a rate needs :meth:`times` and a
        rounding rule."""
        if isinstance(times, bool) or not isinstance(times, int):
            return NotImplemented
        return Money._checked(self.fen * times)

    __rmul__ = __mul__

    def __bool__(self) -> bool:
        return self.fen != 0

    def times(self, rate: Fraction | int) -> Fraction:
        """``rate × amount`` as an exact fraction of fen (round with :func:`round_fen`)."""
        return Fraction(rate) * self.fen

    # --- text -----------------------------------------------------------------------------

    def plain(self) -> str:
        """Yuan as a plain decimal: ``"999999.99"``, ``"1000000"`` (no separators)."""
        return self._text("")

    def __str__(self) -> str:
        """Yuan with thousands separators; two decimals only where there are fen."""
        return self._text(",")

    def __format__(self, spec: str) -> str:
        # the f-string "{amount:,}" of integer yuan keeps reading naturally
        return self._text("," if spec in ("", ",") else "")

    def _text(self, sep: str) -> str:
        sign = "-" if self.fen < 0 else ""
        whole, fen = divmod(abs(self.fen), 100)
        head = f"{whole:,}" if sep else str(whole)
        return f"{sign}{head}.{fen:02d}" if fen else f"{sign}{head}"

    def json(self) -> dict[str, Any]:
        """The stable JSON shape: ``{"fen": 99999999, "yuan": "999999.99"}``."""
        return {"fen": self.fen, "yuan": self.plain()}


EXPECTED = 'expected an amount in yuan with at most two decimals (e.g. 1000000 or "999999.99")'


def _zero_tail(text: str) -> bool:
    return text.split(".")[1][2:].strip("0") == ""


def parse_amount(value: Any) -> Money:
    """An amount given as input (a fact, a payment, a parameter): never below zero."""
    money = Money.parse(value)
    if money.fen < 0:
        raise MoneyError(f"expected an amount of at least 0 yuan, got {money}")
    return money


def parse_yuan(value: Any, where: str) -> Money:
    """:func:`parse_amount` with the field path in the message (``expected … @ path``)."""
    try:
        return parse_amount(value)
    except MoneyError as exc:
        raise MoneyError(f"{exc} @ {where}") from None


def round_fen(exact: Fraction, rounding: str) -> Money:
    """An exact fraction of fen as payable money under a rule of :data:`ROUNDINGS`."""
    unit = 100 if rounding.startswith("yuan") else 1
    if rounding not in ROUNDINGS:
        raise ValueError(f"unknown rounding {rounding!r}; expected one of {', '.join(ROUNDINGS)}")
    scaled = exact / unit
    whole = scaled.numerator // scaled.denominator
    if rounding.endswith("_up") and whole != scaled:
        whole += 1
    return Money._checked(whole * unit)


ROUNDING_TEXT = {
    "fen_down": ("向下取整到分", "rounded down to the fen"),
    "fen_up": ("向上取整到分", "rounded up to the fen"),
    "yuan_down": ("向下取整到元", "rounded down to the yuan"),
    "yuan_up": ("向上取整到元", "rounded up to the yuan"),
}

ZERO = Money(0)
