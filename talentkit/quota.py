"""Quotas as shares of a count: "优秀等次名额比例不超过年度考核总人数的20%" of 7 people.

The share is exact (a fraction); only the count of places is rounded, by a mode the
operator can switch: ``floor`` (the default: the places never exceed the share, which is
what 「不超过」 requires), ``half_up`` (nearest whole place, halves up) or ``ceiling``
(a started place counts). 20% of 7 is 7/5: floor 1, half_up 1, ceiling 2.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Literal

QuotaRounding = Literal["floor", "half_up", "ceiling"]
QUOTA_ROUNDINGS: tuple[QuotaRounding, ...] = ("floor", "half_up", "ceiling")


def places(count: int, share: Fraction, rounding: str = "floor") -> int:
    """Whole places that ``share`` of ``count`` gives under ``rounding`` (integer arithmetic)."""
    exact = share * count
    num, den = exact.numerator, exact.denominator
    if rounding == "floor":
        return num // den
    if rounding == "ceiling":
        return -(-num // den)
    if rounding == "half_up":
        return (2 * num + den) // (2 * den)
    raise ValueError(f"unknown rounding {rounding!r}; expected one of {', '.join(QUOTA_ROUNDINGS)}")


def describe(rounding: str) -> tuple[str, str]:
    """How the places were rounded, in Chinese and English."""
    return {
        "floor": (
            "名额 = ⌊人数 × 比例⌋（向下取整，确保不超过比例）",
            "quota = floor(assessed × share), so the share is never exceeded",
        ),
        "half_up": (
            "名额 = 人数 × 比例 四舍五入取整",
            "quota = assessed × share rounded to the nearest whole place, halves up",
        ),
        "ceiling": (
            "名额 = ⌈人数 × 比例⌉（向上取整）",
            "quota = ceiling(assessed × share): a started place counts",
        ),
    }[rounding]
