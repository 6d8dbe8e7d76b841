"""Parameter files, operator overrides and versions by validity window."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from talentkit import Engine, Money, ParameterError, Period, load_overrides, load_parameters
from talentkit.params import UNSET, ParameterStore, coerce

D = dt.date


def write(tmp_path: Path, text: str, name: str = "p.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_full_parameter_with_its_citation(tmp_path: Path) -> None:
    (p,) = load_parameters(
        write(
            tmp_path,
            """
[meta]
document = "DOC"
[[param]]
key = "x.min"
type = "int"
value = 7
article = "第7条（1）2."
citation_key = "DOC/art7/(1)/2"
quote = "不少于7人"
note = "inclusive"
""",
        )
    )
    assert (p.key, p.type, p.value, p.note, p.source) == ("x.min", "int", 7, "inclusive", "p.toml")
    assert p.citation is not None
    assert (p.citation.document, p.citation.article, p.citation.key, p.citation.quote) == (
        "DOC",
        "第7条（1）2.",
        "DOC/art7/(1)/2",
        "不少于7人",
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            'key = "k"\ntype = "int"\nvalue = 1\nvalu = 2',
            "unknown fields ['valu'] @ p.toml: param[0]",
        ),
        ('key = "k"\ntype = "int"\nvalue = "7"', "expected an integer @ p.toml: k, got '7'"),
        ('key = "k"\ntype = "int"\nvalue = true', "expected an integer @ p.toml: k"),
        ('key = "k"\ntype = "int"\nvalue = 7.0', "expected an integer @ p.toml: k"),
        (
            'key = "k"\ntype = "yuan"\nvalue = 1.505',
            "(at most two decimals: fen) @ p.toml: k",
        ),
        ('key = "k"\ntype = "yuan"\nvalue = "1.5 元"', "at most two decimals (e.g. 1000000"),
        ('key = "k"\ntype = "rounding"\nvalue = "nearest"', "expected one of fen_down"),
        ('key = "k"\ntype = "fraction"\nvalue = 0.333', "expected an exact fraction"),
        ('key = "k"\ntype = "fraction"\nvalue = "1/0"', "expected an exact fraction"),
        ('key = "k"\ntype = "bool"\nvalue = 1', "expected true or false @ p.toml: k"),
        (
            'key = "k"\ntype = "date"\nvalue = "2026-02-30"',
            "expected a date (YYYY-MM-DD) @ p.toml: k",
        ),
        ('key = "k"\ntype = "period"\nvalue = "2 years"', "ISO 8601 period"),
        ('key = "k"\ntype = "age_method"\nvalue = "lunar"', "expected one of completed_years"),
        ('key = "k"\ntype = "list"\nvalue = "a"', "expected a list @ p.toml: k"),
        ('key = "k"\ntype = "number"\nvalue = 1', "unknown parameter type 'number' @ p.toml: k"),
        ('key = "k"\ntype = "int"', "no value @ p.toml: k"),
        ('key = "k"\ntype = "int"\nrequired = false', "no value @ p.toml: k"),
        ('type = "int"\nvalue = 1', "missing 'key' @ p.toml: param[0]"),
        ('key = "k"\nvalue = 1', "missing 'type' @ p.toml: param[0]"),
        ('key = "k"\ntype = "int"\nvalue = 1\nvalid_from = "soon"', "expected a date"),
    ],
)
def test_load_errors_name_file_and_key(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(ParameterError) as err:
        load_parameters(write(tmp_path, f"[[param]]\n{body}\n"))
    assert message.replace("(", "").replace(")", "") in str(err.value).replace("(", "").replace(
        ")", ""
    )


def test_file_level_errors(tmp_path: Path) -> None:
    with pytest.raises(ParameterError, match="unexpected top-level keys"):
        load_parameters(write(tmp_path, "params = 1\n"))
    with pytest.raises(ParameterError, match="cannot read parameter file"):
        load_parameters(write(tmp_path, "[[param]\n"))
    with pytest.raises(ParameterError, match="cannot read parameter file"):
        load_parameters(tmp_path / "absent.toml")


def test_required_without_value_is_unset(tmp_path: Path) -> None:
    text = '[[param]]\nkey = "k"\ntype = "yuan"\nrequired = true\n'
    (p,) = load_parameters(write(tmp_path, text))
    assert p.value is UNSET
    assert not p.is_set
    store = ParameterStore()
    store.add([p])
    assert store.get("k", D(2026, 1, 1)) is UNSET


def test_value_conversions() -> None:
    assert coerce("3%", "fraction", "w") == Fraction(3, 100)
    assert coerce("1/3", "fraction", "w") == Fraction(1, 3)
    assert coerce(1, "fraction", "w") == Fraction(1)
    assert coerce("P2Y", "period", "w") == Period(years=2)
    assert coerce("-P1M", "period", "w") == Period(months=-1)
    assert coerce(["a"], "list", "w") == ("a",)
    assert coerce(3_000_000_000, "yuan", "w") == Money(300_000_000_000)
    assert coerce("999999.99", "yuan", "w") == Money(99_999_999)
    assert coerce(Decimal("0.01"), "yuan", "w") == Money(1)
    assert coerce(Decimal("1.50"), "yuan", "w") == Money(150)  # TOML's 1.50
    assert coerce("92233720368547758.07", "yuan", "w") == Money(2**63 - 1)
    with pytest.raises(ParameterError, match="64-bit"):
        coerce("92233720368547758.08", "yuan", "w")
    with pytest.raises(ParameterError, match="64-bit"):
        coerce(2**63, "yuan", "w")
    assert coerce("yuan_down", "rounding", "w") == "yuan_down"
    with pytest.raises(ParameterError, match="expected a date"):
        coerce(dt.datetime(2026, 1, 1, 12), "date", "w")


def test_versions_by_validity_window(tmp_path: Path) -> None:
    params = load_parameters(
        write(
            tmp_path,
            """
[[param]]
key = "grant"
type = "yuan"
value = 500000
valid_to = 2025-12-31
[[param]]
key = "grant"
type = "yuan"
value = 600000
valid_from = 2026-01-01
valid_to = 2027-06-30
""",
        )
    )
    store = ParameterStore()
    store.add(params)
    assert store.get("grant", D(2020, 1, 1)) == Money.yuan(500_000)
    assert store.get("grant", D(2025, 12, 31)) == Money.yuan(500_000)
    assert store.get("grant", D(2026, 1, 1)) == Money.yuan(600_000)
    assert store.get("grant", D(2027, 6, 30)) == Money.yuan(600_000)
    assert store.get("grant", D(2027, 7, 1)) is UNSET  # no version in force
    entry = store.entry("grant", D(2026, 5, 1))
    assert entry is not None
    assert entry.valid_from == D(2026, 1, 1)
    # an override replaces every version
    assert store.with_overrides({"grant": "0.01"}).get("grant", D(2020, 1, 1)) == Money(1)


def test_undeclared_key_lookups_raise() -> None:
    store = ParameterStore()
    with pytest.raises(KeyError, match="not declared"):
        store.get("nope", D(2026, 1, 1))
    with pytest.raises(KeyError, match="not declared"):
        store.declared("nope")


# -- overrides --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.create(entry_points=False)


def test_override_unknown_key_is_named_with_suggestions(engine: Engine) -> None:
    with pytest.raises(ParameterError) as err:
        engine.params.with_overrides({"fooland.grant": 1})
    assert "unknown parameter 'fooland.grant' in overrides" in str(err.value)
    assert "did you mean fooland.team.grant" in str(err.value)
    with pytest.raises(ParameterError, match=r"unknown parameter 'zzz' in overrides$"):
        engine.params.with_overrides({"zzz": 1})


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        (
            "fooland.team.grant",
            "500000.001",
            "(at most two decimals: fen) @ overrides: fooland.team.grant",
        ),
        ("fooland.team.grant", 5e5 + 0.001, "(at most two decimals: fen)"),
        ("fooland.team.grant", 1e16, "must be given as a string"),
        ("fooland.team.grant", True, "expected an amount in yuan"),
        ("fooland.team.young_share", 0.25, "expected an exact fraction"),
        (
            "fooland.draft.enabled",
            "yes",
            "expected true or false @ overrides: fooland.draft.enabled",
        ),
        ("fooland.age_method", "years", "expected one of completed_years"),
    ],
)
def test_override_wrong_type(engine: Engine, key: str, value: object, message: str) -> None:
    with pytest.raises(ParameterError) as err:
        engine.params.with_overrides({key: value})
    assert message in str(err.value)


def test_override_through_assess_is_checked(engine: Engine) -> None:
    with pytest.raises(ParameterError, match=r"unknown parameter 'fooland\.nope'"):
        engine.assess(engine.load({}), ["fooland.team"], overrides={"fooland.nope": 1})


def test_overrides_are_converted_and_do_not_leak(engine: Engine) -> None:
    store = engine.params.with_overrides({"fooland.team.young_share": "2/5"})
    assert store.get("fooland.team.young_share", D(2026, 1, 1)) == Fraction(2, 5)
    assert engine.params.get("fooland.team.young_share", D(2026, 1, 1)) == Fraction(1, 3)


def test_override_file_flat_and_nested(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[params]
"fooland.team.grant" = 600000
[params.fooland.team]
bonus = 100000
[params."fooland.weights"]
a = 1
""",
        "o.toml",
    )
    assert load_overrides(path) == {
        "fooland.team.grant": 600_000,
        "fooland.team.bonus": 100_000,
        "fooland.weights": {"a": 1},
    }
    with pytest.raises(ParameterError, match=r"put values under \[params\]"):
        load_overrides(write(tmp_path, '"fooland.team.grant" = 1\n', "bad.toml"))
