"""A text field holding a few texts, all of them passing, is not checked value by value:
the rows flagged are those the check of every value flags."""

from __future__ import annotations

import datetime as dt
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
        m.setattr(schema_module, "few_texts_by", lambda frame, texts, sample=None: {})
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


def test_few_texts_by_finds_every_column_in_two_queries(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    df = pl.DataFrame(
        {
            "two": ["a", "b", None, "a"] * 3,
            "late": ["a", "b", None, "a"] * 2 + ["a", "c", "a", "a"],
            "many": [str(i) for i in range(N)],
            "none": pl.Series([None] * N, dtype=pl.String()),
        }
    )
    queries = []
    real = pl.DataFrame.select

    def counted(self: pl.DataFrame, *args: Any, **kwargs: Any) -> pl.DataFrame:
        queries.append(self.height)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(pl.DataFrame, "select", counted)
    found = schema_module.few_texts_by(df, {c: pl.col(c) for c in df.columns})
    assert found == {"two": ("a", "b"), "none": ()}
    assert len(queries) == 2  # the first rows' texts, then every column against its own


def stake_checks(engine: Engine) -> tuple[Any, ...]:
    facts = engine.registry.facts
    suspect = suspect_by_column(profile_schema(facts), facts, engine.input_keys)
    companies_check = suspect["organisations"]
    assert isinstance(companies_check, ItemChecks)
    return companies_check.texts


STAKE = "shaanxi.applicant_stake"


def test_settled_by_few_names_the_checks_whose_texts_all_pass(
    engine: Engine, shaanxi_installed: None
) -> None:
    checks = stake_checks(engine)
    at = {c.path[-1]: i for i, c in enumerate(checks)}
    stakes = list(STAKES)
    owned = ["1/2", None, "3/4", "1/2"] * 3
    owned[10] = "most"  # a bad text after the first rows
    items = pl.Series(
        [
            {"role": "company", "facts": {STAKE: s, "shaanxi.own_funds_share": o}}
            for s, o in zip(stakes, owned, strict=True)
        ],
        dtype=profile_schema(engine.registry.facts)["organisations"].inner,
    )
    settled = schema_module.settled_by_few(checks, items)
    assert at["shaanxi.applicant_stake"] in settled
    assert at["shaanxi.own_funds_share"] not in settled
    # a field null in every item holds no text to fail
    assert at["shaanxi.largest_other_stake"] in settled
    # too few items to be worth it: none settled so
    assert not schema_module.settled_by_few(checks, items.head(7))


def test_a_text_checks_answer_is_kept_for_its_texts(
    engine: Engine, shaanxi_installed: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(schema_module, "_PASSED", {})
    check = next(c for c in stake_checks(engine) if c.path[-1] == "shaanxi.applicant_stake")
    good = pl.Series(["1/2", "51/100"], dtype=pl.String())
    bad = pl.Series(["1/2", "half"], dtype=pl.String())
    assert check.passed(good)
    assert not check.passed(bad)
    # the answers are the ones kept: another text list asks again
    schema_module._PASSED[(id(check), ("1/2", "51/100"))] = (check, False)
    assert not check.passed(good)
    # at most KEPT_PASSED of them: the store is emptied before it would hold more
    monkeypatch.setattr(schema_module, "KEPT_PASSED", 1)
    assert check.passed(pl.Series(["1/3"], dtype=pl.String()))
    assert list(schema_module._PASSED) == [(id(check), ("1/3",))]


def facts_frame(engine: Engine, rows: list[dict[str, Any] | None]) -> pl.DataFrame:
    schema = profile_schema(engine.registry.facts)
    return pl.DataFrame([pl.Series("facts", rows, dtype=schema["facts"])])


def fact_of(engine: Engine, kind: str) -> str:
    schema = profile_schema(engine.registry.facts)
    held = dict(schema["facts"].to_schema())
    return next(n for n, spec in engine.registry.facts.items() if spec.type == kind and n in held)


def test_a_facts_check_runs_only_where_the_fact_is_given(engine: Engine) -> None:
    facts = engine.registry.facts
    checks = suspect_by_column(profile_schema(facts), facts, engine.input_keys)["facts"]
    assert isinstance(checks, RecordChecks)
    amount, day = fact_of(engine, "yuan"), fact_of(engine, "date")
    assert {(amount,), (day,)} <= {path for path, _ in checks.fields}
    every = checks.exprs("facts", None)
    assert len(every) == len(checks.fields)  # the column unseen: every fact's check
    nobody = facts_frame(engine, [{}] * N)
    assert checks.exprs("facts", None, nobody.get_column("facts")) == []
    given = [{amount: 100}] * N
    given[5] = {amount: -1}
    df = facts_frame(engine, given)
    assert len(checks.exprs("facts", None, df.get_column("facts"))) == 1
    assert flagged(engine, df) == [5]
    given[7] = {day: dt.date(1899, 12, 31)}
    assert flagged(engine, facts_frame(engine, given)) == [5, 7]


def test_an_items_fact_check_runs_only_where_an_item_gives_the_fact(engine: Engine) -> None:
    facts = engine.registry.facts
    schema = profile_schema(facts)
    checks = suspect_by_column(schema, facts, engine.input_keys)["organisations"]
    assert isinstance(checks, ItemChecks)
    item_facts = dict(dict(schema["organisations"].inner.to_schema())["facts"].to_schema())
    # a list fact of set values (the other facts of items are texts: see TextCheck)
    listed = next((n for n in item_facts if facts[n].type == "list" and facts[n].values), None)
    if listed is None:
        pytest.skip("no plugin installed declares a list fact of organisations")
    good = sorted(facts[listed].values)[0]
    assert ("facts", listed) in {path for path, _ in checks.fields}
    orgs = [[{"role": "employer", "facts": {}}]] * N
    df = pl.DataFrame([pl.Series("organisations", orgs, dtype=schema["organisations"])])
    items = df.get_column("organisations").explode()
    assert schema_module.given_only(checks.fields, items) == []
    assert len(schema_module.given_only(checks.fields, None)) == len(checks.fields)
    orgs = list(orgs)
    orgs[4] = [{"role": "employer", "facts": {}}, {"role": "company", "facts": {listed: ["?"]}}]
    orgs[9] = [{"role": "company", "facts": {listed: [good]}}]
    df = pl.DataFrame([pl.Series("organisations", orgs, dtype=schema["organisations"])])
    items = df.get_column("organisations").explode()
    assert len(schema_module.given_only(checks.fields, items)) == 1
    assert flagged(engine, df) == [4]


def attestations(keys: list[str | None]) -> list[Any]:
    on = dt.date(2026, 1, 1)
    return [[{"key": k, "value": True, "by": "x", "on": on, "evidence": []}] for k in keys]


@pytest.mark.parametrize("distinct", [2, 12])  # settled by a few texts, and item by item
@pytest.mark.parametrize("bad", ["nobody.declared.this", "", None])
def test_an_attestation_under_a_key_nobody_declared_is_flagged(
    engine: Engine, distinct: int, bad: str | None
) -> None:
    allowed = sorted(engine.input_keys.attestations)
    if len(allowed) < distinct:
        pytest.skip("fewer attestation keys declared")
    keys: list[str | None] = [allowed[i % distinct] for i in range(3 * N)]
    schema = profile_schema(engine.registry.facts)
    column = "attestations"
    df = pl.DataFrame([pl.Series(column, attestations(keys), dtype=schema[column])])
    assert flagged(engine, df) == []
    keys[20] = bad
    df = pl.DataFrame([pl.Series(column, attestations(keys), dtype=schema[column])])
    assert flagged(engine, df) == [20]


def test_a_row_with_an_attestation_of_no_key_is_an_error_row(engine: Engine) -> None:
    from talentkit.batch import screen_frame

    allowed = sorted(engine.input_keys.attestations)
    keys: list[str | None] = [allowed[0]] * N
    keys[3] = None
    schema = profile_schema(engine.registry.facts)
    column = "attestations"
    df = pl.DataFrame(
        [
            pl.Series("id", [f"p{i}" for i in range(N)]),
            pl.Series(column, attestations(keys), dtype=schema[column]),
        ]
    )
    screened = screen_frame(engine, df, programmes=["fooland.team"], as_of=dt.date(2026, 6, 1))
    errors = screened.errors.to_dicts()
    assert [e["row"] for e in errors] == [4]  # rows are numbered from 1
    assert "attestation ''" in errors[0]["message"]
    assert screened.results.height == N - 1
