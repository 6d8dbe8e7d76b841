"""Money exact to the fen: parsing as written, the 64-bit bound, text, rounding, comparisons."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from talentkit import (
    Compare,
    Engine,
    InputError,
    Money,
    MoneyError,
    P,
    Parameter,
    ParameterError,
    Profile,
    Status,
)
from talentkit.convert import read_document, to_json
from talentkit.money import ROUNDINGS, parse_yuan, round_fen
from talentkit.params import ParameterStore
from talentkit.rules.context import Context

AS_OF = dt.date(2026, 10, 20)
MAX_FEN = 2**63 - 1


@pytest.mark.parametrize(
    ("written", "fen"),
    [
        (1_000_000, 100_000_000),
        ("999999.99", 99_999_999),
        ("1000000.00", 100_000_000),
        ("1000000.5", 100_000_050),
        (Decimal("1000000.5"), 100_000_050),
        (Decimal("1.500"), 150),  # trailing zeros are not a third decimal
        (1000000.5, 100_000_050),  # a Python float through its shortest text
        ("0.01", 1),
        (0, 0),
        ("-0.01", -1),
        ("92233720368547758.07", MAX_FEN),
        ("-92233720368547758.08", -(2**63)),
        ({"fen": 99_999_999, "yuan": "999999.99"}, 99_999_999),  # the JSON output shape
        ({"fen": 5}, 5),
    ],
)
def test_parse_as_written(written: Any, fen: int) -> None:
    assert Money.parse(written) == Money(fen)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("999999.999", "at most two decimals: fen"),
        (Decimal("0.001"), "at most two decimals: fen"),
        (0.005, "at most two decimals: fen"),
        ("92233720368547758.08", "64-bit"),
        (2**63 // 100 + 1, "64-bit"),
        (1e16, "must be given as a string"),
        (float("nan"), "must be given as a string"),
        (True, "expected an amount in yuan"),
        ("1,000", "expected an amount in yuan"),
        ("1e6", "expected an amount in yuan"),
        ("", "expected an amount in yuan"),
        (Fraction(1, 3), "expected an amount in yuan"),
        ({"fen": 1, "yuan": "0.02"}, "agree"),
        ({"fen": "1"}, "expected an amount in yuan"),
    ],
)
def test_rejected_with_a_reason(written: Any, message: str) -> None:
    with pytest.raises(MoneyError, match=message.replace("(", r"\(")):
        Money.parse(written)


def test_input_amounts_are_never_negative(engine: Engine) -> None:
    assert parse_yuan("0", "w") == Money(0)
    assert parse_yuan("0.01", "w") == Money(1)  # the smallest amount
    with pytest.raises(MoneyError, match=r"at least 0 yuan, got -0.01 @ \$\.x"):
        parse_yuan("-0.01", "$.x")
    with pytest.raises(InputError, match=r"at least 0 yuan, got -1 @ \$\.facts"):
        engine.load({"facts": {"fooland.matching_per_year": -1}})
    with pytest.raises(InputError, match=r"@ \$\.history\.receipts\[0\]\.amount"):
        engine.load({"history": {"receipts": [{"source": "x", "amount": "-5"}]}})
    # a parameter below its domain names the parameter and its citation, to the fen
    with pytest.raises(
        ParameterError,
        match=r"non-negative amount in yuan within 64-bit fen @ overrides: fooland\.team\.grant "
        r"\(FOO-1 第8条\), got -0\.01",
    ):
        engine.params.with_overrides({"fooland.team.grant": "-0.01"})


def test_text_shows_fen_only_where_there_are_fen() -> None:
    assert str(Money.parse("999999.99")) == "999,999.99"
    assert str(Money.yuan(1_000_000)) == "1,000,000"
    assert str(Money.parse("1000000.5")) == "1,000,000.50"
    assert str(Money(1)) == "0.01"
    assert str(Money(-1)) == "-0.01"
    assert f"{Money.parse('999999.99'):,} 元" == "999,999.99 元"
    assert Money.parse("999999.99").plain() == "999999.99"
    assert Money(MAX_FEN).plain() == "92233720368547758.07"
    assert Money.parse("999999.99").json() == {"fen": 99_999_999, "yuan": "999999.99"}


def test_amounts_compare_only_with_amounts() -> None:
    assert Money.parse("999999.99") < Money.yuan(1_000_000)
    assert Money.parse("1000000.00") == Money.yuan(1_000_000)
    assert Money(1) != 1  # fen against a bare number is never equal
    with pytest.raises(TypeError):
        _ = Money(1) < 1  # type: ignore[operator]
    with pytest.raises(MoneyError, match="64-bit"):
        _ = Money(MAX_FEN) + Money(1)
    assert Money.parse("0.01") * 3 == 3 * Money(1) == Money(3)  # whole multiples are exact
    with pytest.raises(TypeError):
        _ = Money(1) * Fraction(1, 2)  # type: ignore[operator]
    with pytest.raises(MoneyError, match="64-bit"):
        _ = Money(MAX_FEN) * 2


@pytest.mark.parametrize(
    ("exact", "rounding", "fen"),
    [
        (Fraction(3_000_001, 100), "fen_down", 30_000),  # 30,000.01 fen
        (Fraction(3_000_001, 100), "fen_up", 30_001),
        (Fraction(149_999), "yuan_down", 149_900),  # 1,499.99 yuan -> 1,499
        (Fraction(149_999), "yuan_up", 150_000),
        (Fraction(150_000), "yuan_up", 150_000),  # exact: no rounding
        (Fraction(150_000), "yuan_down", 150_000),
        (Fraction(1, 2), "fen_up", 1),
        (Fraction(1, 2), "fen_down", 0),
    ],
)
def test_round_fen(exact: Fraction, rounding: str, fen: int) -> None:
    assert rounding in ROUNDINGS
    assert round_fen(exact, rounding) == Money(fen)


def test_three_percent_of_an_amount_with_fen() -> None:
    # 3% of 1,000,000.50 is 30,000.015 yuan exactly
    exact = Money.parse("1000000.50").times(Fraction(3, 100))
    assert exact == Fraction(3_000_001_5, 10)
    assert round_fen(exact, "fen_down") == Money.parse("30000.01")
    assert round_fen(exact, "yuan_down") == Money.yuan(30_000)
    # the product of the largest amount and a numerator is exact (no 64-bit overflow)
    assert round_fen(Money(MAX_FEN).times(Fraction(3, 100)), "fen_down") == Money(
        MAX_FEN * 3 // 100
    )


def _compare(value: Any) -> Status:
    store = ParameterStore()
    store.add([Parameter(key="min", type="yuan", value=Money.yuan(1_000_000))])
    ctx = Context(profile=Profile(facts={"x": value}), as_of=AS_OF, params=store)
    return Compare(fact="facts.x", op=">=", value=P("min")).evaluate(ctx).status


def test_a_commitment_one_fen_short_fails() -> None:
    assert _compare(Money.parse("999999.99")) is Status.FAIL
    assert _compare(Money.parse("1000000.00")) is Status.PASS
    assert _compare(Money.parse("1000000.01")) is Status.PASS


def test_hint_names_the_missing_fen() -> None:
    store = ParameterStore()
    store.add([Parameter(key="min", type="yuan", value=Money.yuan(1_000_000))])
    ctx = Context(profile=Profile(facts={"x": Money.parse("999999.99")}), as_of=AS_OF, params=store)
    out = Compare(fact="facts.x", op=">=", value=P("min")).evaluate(ctx)
    assert [h.en for h in out.hints] == ["facts.x must rise by 0.01 (at least 1,000,000)"]
    assert out.detail is not None
    assert "999,999.99" in out.detail.en


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.create(entry_points=False)


def test_json_and_toml_numbers_are_read_from_their_text(engine: Engine, tmp_path: Path) -> None:
    # 0.1 + 0.2 style errors never reach an amount: the loaders hand over decimals
    path = tmp_path / "case.json"
    path.write_text(json.dumps({"facts": {"fooland.matching_per_year": 999999.99}}))
    assert read_document(path)["facts"]["fooland.matching_per_year"] == Decimal("999999.99")
    profile = engine.load(path)
    assert profile.facts["fooland.matching_per_year"] == Money(99_999_999)
    toml = tmp_path / "case.toml"
    toml.write_text('[facts]\n"fooland.matching_per_year" = 0.30\n')
    assert engine.load(toml).facts["fooland.matching_per_year"] == Money(30)
    toml.write_text('[facts]\n"fooland.matching_per_year" = 0.305\n')
    with pytest.raises(InputError, match=r"at most two decimals: fen\) @ \$\.facts"):
        engine.load(toml)


def test_output_keeps_fen_in_both_fields(engine: Engine) -> None:
    profile = engine.load(
        {
            "organisations": [{"role": "applicant", "is_enterprise": True}],
            "facts": {"fooland.contract_paid": "16666666.67", "fooland.subsidy_already": 0},
        }
    )
    (a,) = engine.assess(profile, ["fooland.transfer"], as_of=AS_OF).assessments
    data = json.loads(to_json(a))
    assert data["funding"]["total"] == {"fen": 50_000_000, "yuan": "500000"}
    again = engine.load(json.loads(to_json(profile)))
    assert again == profile
