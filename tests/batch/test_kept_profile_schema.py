"""A profile's schema built once per set of facts (:func:`profile_schema`): each call a
schema of its own, equal to one built afresh; another fact's scope or type, or another
fact, gives another schema."""

from __future__ import annotations

import polars as pl

from talentkit import Engine
from talentkit.batch import schema as schema_module
from talentkit.batch.schema import Profile, profile_schema, struct_of
from talentkit.facts import FactSpec


def _afresh(facts: dict[str, FactSpec]) -> pl.Schema:
    return pl.Schema(struct_of(Profile, facts).to_schema())


def test_each_call_a_schema_of_its_own_equal_to_one_built_afresh(engine: Engine) -> None:
    facts = dict(engine.registry.facts)
    first = profile_schema(facts)
    first["changed by the caller"] = pl.Int8()
    again = profile_schema(facts)
    assert "changed by the caller" not in again
    assert again == _afresh(facts)
    assert again is not profile_schema(facts)


def test_another_fact_scope_or_type_another_schema() -> None:
    base = {"x.n": FactSpec(name="x.n", type="int", scope="person")}
    assert profile_schema(base)["person"].to_schema()["facts"] == pl.Struct({"x.n": pl.Int64()})  # type: ignore[union-attr]
    for other in (
        {"x.n": FactSpec(name="x.n", type="date", scope="person")},
        {"x.n": FactSpec(name="x.n", type="int", scope="profile")},
        {**base, "x.m": FactSpec(name="x.m", type="bool", scope="person")},
    ):
        assert profile_schema(other) == _afresh(other)
        assert profile_schema(other) != profile_schema(base)


def test_kept_for_a_few_sets_of_facts() -> None:
    schema_module._SCHEMAS.clear()
    for i in range(20):
        facts = {f"x.f{i}": FactSpec(name=f"x.f{i}", type="int", scope="person")}
        assert profile_schema(facts) == _afresh(facts)
    assert 0 < len(schema_module._SCHEMAS) <= 8
