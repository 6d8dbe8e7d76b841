"""A text field holding a few texts, all of them passing, is not checked value by value:
the rows flagged are those the check of every value flags."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl
import pytest

from talentkit import Engine
from talentkit.batch import io as io_module
from talentkit.batch import schema as schema_module
from talentkit.batch.schema import (
    ItemChecks,
    RecordChecks,
    few_texts,
    profile_schema,
    suspect_by_column,
)

N = 12


@pytest.fixture(autouse=True)
def small_samples(monkeypatch: pytest.MonkeyPatch) -> None:
    # the first 4 values show the texts; a chunk of 8 values or more is settled so
    monkeypatch.setattr(schema_module, "SAMPLE_ROWS", 4)
    monkeypatch.setattr(schema_module, "SETTLED_ROWS", 8)


def frame(engine: Engine, people: list[Any], organisations: list[Any]) -> pl.DataFrame:
    schema = profile_schema(engine.registry.facts)
    return pl.DataFrame(
        [
            pl.Series("person", people, dtype=schema["person"]),
            pl.Series("organisations", organisations, dtype=schema["organisations"]),
        ]
    )


def people(genders: list[str | None]) -> list[Any]:
    return [{"gender": g} for g in genders]


def companies(stakes: list[str | None]) -> list[Any]:
    return [[{"role": "company", "facts": {"shaanxi.applicant_stake": s}}] for s in stakes]


def flagged(engine: Engine, df: pl.DataFrame) -> list[int]:
    facts = engine.registry.facts
    suspect = suspect_by_column(profile_schema(facts), facts, engine.input_keys)
    return io_module._suspects(df, {k: v for k, v in suspect.items() if k in df.columns})


def every_value_checked(engine: Engine, df: pl.DataFrame, monkeypatch: pytest.MonkeyPatch) -> Any:
    with monkeypatch.context() as m:
        m.setattr(schema_module, "few_texts", lambda values: None)
        return flagged(engine, df)


GENDERS = ["male", "female", None] * 4
STAKES = ["51/100", "20/100", None, "51/100"] * 3


@pytest.mark.parametrize(
    ("at", "gender", "stake"),
    [
        (None, None, None),  # every text passes: nothing flagged
        (1, "robot", None),  # a bad text among the first rows
        (10, "robot", None),  # a bad text after them: the field is checked value by value
        (2, None, "1/0"),
        (11, None, "half"),
        (3, "robot", "-"),
    ],
)
def test_the_rows_flagged_are_those_every_value_flags(
    engine: Engine,
    shaanxi_installed: None,
    monkeypatch: pytest.MonkeyPatch,
    at: int | None,
    gender: str | None,
    stake: str | None,
) -> None:
    genders, stakes = list(GENDERS), list(STAKES)
    if at is not None and gender is not None:
        genders[at] = gender
    if at is not None and stake is not None:
        stakes[at] = stake
    df = frame(engine, people(genders), companies(stakes))
    want = [] if at is None else [at]
    assert flagged(engine, df) == want
    assert every_value_checked(engine, df, monkeypatch) == want


def test_a_field_of_few_passing_texts_is_left_unchecked(
    engine: Engine, shaanxi_installed: None
) -> None:
    df = frame(engine, people(GENDERS), companies(STAKES))
    facts = engine.registry.facts
    suspect = suspect_by_column(profile_schema(facts), facts, engine.input_keys)
    person = suspect["person"]
    assert isinstance(person, RecordChecks)
    # the gender's check is the one left out; the others (fields every row leaves null)
    # are settled too: null everywhere
    assert len(person.exprs("person", None, df.get_column("person"))) < len(
        person.exprs("person", None)
    )
    companies_check = suspect["organisations"]
    assert isinstance(companies_check, ItemChecks)
    stake = next(c for c in companies_check.texts if c.path[-1] == "shaanxi.applicant_stake")
    items = df.get_column("organisations").explode()
    assert stake.settled(None, items)
    assert not stake.settled(None, None)


def texts(values: Sequence[str | None]) -> list[str] | None:
    found = few_texts(pl.Series(values, dtype=pl.String()))
    return None if found is None else sorted(found.to_list())


def test_few_texts() -> None:
    assert texts(["a", "b", None, "a"] * 3) == ["a", "b"]
    assert texts([None] * N) == []
    # a text the first rows do not show
    assert texts(["a", "b", None, "a"] * 2 + ["a", "c", "a", "a"]) is None
    assert texts(["a", "b", None, "a"] * 2 + ["a", "a", "a", None]) == ["a", "b"]
    # too few values to be worth it, too many texts, not texts
    assert texts(["a"] * 7) is None
    assert texts(["a"] * 8) == ["a"]
    assert texts([str(i) for i in range(9)] * 2) is None
    assert texts([str(i % 8) for i in range(N)]) is None  # the first 4 rows show 4 of 8
    assert few_texts(pl.Series([1] * N)) is None


def test_up_to_eight_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schema_module, "SAMPLE_ROWS", 16)
    eight = [str(i % 8) for i in range(16)]
    assert texts(eight) == sorted(set(eight))
    assert texts([str(i % 9) for i in range(16)]) is None
