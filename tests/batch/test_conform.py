"""A nested input's record columns brought to the profile layout: a record lacking fields
reads them as not known, fields in another order read by name, a field the layout lacks
is an error naming it, and a value of the wrong type still stops the run."""

from __future__ import annotations

import datetime as dt
import glob
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from talentkit import Engine, InputError
from talentkit.batch import BatchError, profile_schema, profiles_frame, screen_frame
from talentkit.batch.io import conform

AS_OF = dt.date(2025, 6, 1)


def _examples(engine: Engine) -> list[Any]:
    paths = ["tests/fooland/example.toml", *sorted(glob.glob("plugins/*/examples/*.toml"))]
    cases: list[Any] = []
    for path in paths:
        try:
            cases.append(engine.load(path))
        except InputError:  # an operator's parameters or an exit event, not a case
            continue
    return cases


def _sparse(value: Any) -> Any:
    """``value`` without the fields it leaves empty, the rest in reverse order."""
    if isinstance(value, dict):
        kept = {k: _sparse(v) for k, v in value.items() if v is not None}
        return dict(reversed(kept.items()))
    if isinstance(value, list):
        return [_sparse(v) for v in value]
    return value


def _sorted(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.sort("row", "programme")


def test_records_lacking_fields_or_in_another_order_read_as_the_full_layout(
    engine: Engine,
) -> None:
    full = profiles_frame(_examples(engine), engine.registry.facts)
    sparse = pl.DataFrame([_sparse(row) for row in full.to_dicts()])
    # the sparse frame does lack fields, at every depth, and has them in another order
    assert sparse.schema != full.schema
    given, whole = sparse.schema["person"], full.schema["person"]
    assert isinstance(given, pl.Struct)
    assert isinstance(whole, pl.Struct)
    assert {f.name for f in given.fields} < {f.name for f in whole.fields}
    expected = screen_frame(engine, full, as_of=AS_OF).results
    got = screen_frame(engine, sparse, as_of=AS_OF).results
    assert got.height == expected.height > 0
    assert _sorted(got).equals(_sorted(expected))


def test_a_record_column_lacking_fields_is_filled_with_nulls_and_a_null_record_stays_null(
    engine: Engine,
) -> None:
    schema = profile_schema(engine.registry.facts)
    frame = pl.DataFrame(
        {
            "id": ["a", "b", "c"],
            "person": [{"birth_date": dt.date(1990, 5, 6)}, None, {"birth_date": None}],
            "organisations": [[{"name": "X", "records": [{"kind": "k"}]}], None, []],
        }
    )
    out = conform(frame, schema, "frame")
    assert out.schema == schema
    person = out["person"]
    assert person.is_null().to_list() == [False, True, False]
    assert person.struct.field("birth_date").to_list() == [dt.date(1990, 5, 6), None, None]
    assert person.struct.field("gender").null_count() == 3
    orgs = out["organisations"].to_list()
    assert orgs[1] is None
    assert orgs[2] == []
    (org,) = orgs[0]
    assert org["name"] == "X"
    assert org["city"] is None
    (record,) = org["records"]
    assert record["kind"] == "k"
    assert record["date"] is None


@pytest.mark.parametrize(
    ("column", "value", "named"),
    [
        (
            "person",
            {"birth_dat": dt.date(1990, 1, 1)},
            "'birth_dat' (did you mean 'birth_date'?) @ $.person",
        ),
        (
            "organisations",
            [{"name": "X", "records": [{"kind": "k", "dat": dt.date(2020, 1, 1)}]}],
            "'dat' (did you mean 'date'?) @ $.organisations[*].records[*]",
        ),
        ("facts", {"yangquan.tic.from_hots": True}, "'yangquan.tic.from_hots' (did you mean "),
        (
            "application",
            {"facts": {"q.q": 1}},
            "unknown field 'q.q' @ $.application.facts",
        ),
    ],
)
def test_a_field_the_layout_lacks_is_an_error_naming_it(
    engine: Engine, tmp_path: Path, column: str, value: Any, named: str
) -> None:
    if "shaanxi.own_funds_share" not in engine.registry.facts:
        pytest.skip("the Shaanxi plugin is not installed")
    frame = pl.DataFrame({"id": ["a"], column: [value]})
    with pytest.raises(BatchError, match="unknown field") as caught:
        screen_frame(engine, frame, as_of=AS_OF)
    assert named in str(caught.value)
    # a Parquet file of those columns is refused the same way, before any row
    src, out = tmp_path / "in.parquet", tmp_path / "out.jsonl"
    frame.write_parquet(src)
    from talentkit.batch import screen

    with pytest.raises((BatchError, InputError)) as in_file:
        screen(engine, src, out, as_of=AS_OF, workers=1)
    assert named in str(in_file.value)


def test_a_value_of_the_wrong_type_in_a_record_lacking_fields_stops_the_run(
    engine: Engine,
) -> None:
    frame = pl.DataFrame({"id": ["a"], "person": [{"birth_date": "someday"}]})
    with pytest.raises(BatchError, match="columns do not match the profile layout"):
        screen_frame(engine, frame, as_of=AS_OF)
