"""Exact decimal quantities (floor area in m²): read as written, compared exactly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from talentkit import Compare, FactSpec, P, Parameter, Profile, Status
from talentkit.params import ParameterStore
from talentkit.quantity import parse_decimal
from talentkit.rules.context import Context

AREA = FactSpec(name="t.area_m2", type="decimal")


@pytest.mark.parametrize(
    ("written", "value"),
    [
        (1000, Decimal(1000)),
        (999.5, Decimal("999.5")),
        ("999.5", Decimal("999.5")),
        (Decimal("999.50"), Decimal("999.5")),
        ("0.1", Decimal("0.1")),
        (0.1, Decimal("0.1")),  # the number written, not the binary float near it
    ],
)
def test_read_as_written(written: Any, value: Decimal) -> None:
    assert AREA.check(written, "$.facts.t.area_m2") == value


@pytest.mark.parametrize("written", ["1,000", "1000 m2", "1e3", "", True, None, [1], 1e15])
def test_rejected_with_the_path(written: Any) -> None:
    with pytest.raises(ValueError, match=r"expected an exact decimal number .* @ \$\.facts\.x"):
        AREA.check(written, "$.facts.x")


def _area(value: Any) -> Status:
    store = ParameterStore()
    store.add([Parameter(key="min", type="int", value=1000)])
    ctx = Context(
        profile=Profile(facts={"area": parse_decimal(value)}),
        as_of=dt.date(2026, 1, 1),
        params=store,
    )
    return Compare(fact="facts.area", op=">=", value=P("min")).evaluate(ctx).status


@pytest.mark.parametrize(
    ("area", "status"),
    [
        ("999.5", Status.FAIL),
        ("999.99999", Status.FAIL),
        ("1000", Status.PASS),
        ("1000.0", Status.PASS),
        (1000.5, Status.PASS),
    ],
)
def test_compared_exactly_with_a_bound(area: Any, status: Status) -> None:
    assert _area(area) is status


def test_decimals_compare_exactly_with_fractions() -> None:
    assert parse_decimal("0.3") > Fraction(1, 4)
    assert parse_decimal("0.25") == Fraction(1, 4)
    assert not parse_decimal("0.3333333333") >= Fraction(1, 3)
