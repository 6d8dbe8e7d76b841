"""Only the result columns asked for: the same values as the full output, less computed."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talentkit import Engine, semantics
from talentkit.batch import BatchError, screen
from talentkit.batch.compile import CODE, CODES
from talentkit.batch.evaluate import KEY_COLUMNS, OUTPUT_COLUMNS, result_columns, verdict_of
from talentkit.batch.io import parse_records
from talentkit.batch.run import assess_chunk, plans_for
from talentkit.cli import main
from talentkit.convert import unstructure
from talentkit.rules import Status
from tests.batch import vocab_plugin
from tests.batch.strategies import AS_OF, Vocabulary, profile

BOUNDARY = ["1/3", "333/1000", "334/1000", "2/6", "30%", "3/10", "299/1000", f"{2**64}/3"]

#: each column alone, the lists together, the money without its open inputs
SELECTIONS: list[tuple[str, ...]] = [
    *((c,) for c in OUTPUT_COLUMNS),
    ("missing", "review", "failed"),
    ("funding_total_fen", "funding_complete"),
]


@pytest.fixture(scope="module")
def vocab_engine() -> Engine:
    """Every installed programme, Fooland's and one using every rule shape."""
    return Engine.create([vocab_plugin])


_PLANS: dict[tuple[str, ...] | None, Any] = {}


def plans(engine: Engine, columns: tuple[str, ...] | None) -> Any:
    if columns not in _PLANS:
        ids = sorted(engine.registry.programmes)
        _PLANS[columns] = plans_for(engine, ids, as_of=AS_OF, overrides=None, columns=columns)
    return _PLANS[columns]


def same_as_full(engine: Engine, profiles: list[dict[str, Any]]) -> None:
    """Each selection gives exactly the full output's key columns and its own columns."""
    lines = [json.dumps(p) for p in profiles]
    chunk = parse_records(1, lines, "jsonl", engine.registry.facts, {})
    assert not chunk.errors, chunk.errors
    full, full_redone = _assess(engine, None, chunk)
    assert full.columns == [*KEY_COLUMNS, *OUTPUT_COLUMNS]
    for columns in SELECTIONS:
        got, redone = _assess(engine, columns, chunk)
        want = [*KEY_COLUMNS, *(c for c in OUTPUT_COLUMNS if c in columns)]
        assert got.columns == want
        assert got.equals(full.select(want)), columns
        assert redone <= full_redone


def _assess(engine: Engine, columns: tuple[str, ...] | None, chunk: Any) -> tuple[Any, int]:
    found, store = plans(engine, columns)
    return assess_chunk(engine, found, chunk, store, AS_OF)


def test_the_example_in_every_selection(vocab_engine: Engine) -> None:
    data = unstructure(vocab_engine.load("tests/fooland/example.toml"))
    same_as_full(vocab_engine, [data, {"id": "empty"}])


def test_fraction_boundaries_in_every_selection(vocab_engine: Engine) -> None:
    people = [
        {"id": f"f{i}", "organisations": [{"role": "company", "facts": {k: v}}]}
        for i, v in enumerate(BOUNDARY)
        for k in ("shaanxi.applicant_stake", "shaanxi.own_funds_share")
    ]
    same_as_full(vocab_engine, people)


@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_drawn_populations_in_every_selection(vocab_engine: Engine, data: st.DataObject) -> None:
    vocab = Vocabulary(vocab_engine, sorted(vocab_engine.registry.programmes))
    same_as_full(vocab_engine, data.draw(st.lists(profile(vocab), min_size=1, max_size=15)))


def test_the_verdict_alone_leaves_out_what_only_the_lists_read(vocab_engine: Engine) -> None:
    full, _ = plans(vocab_engine, None)
    alone, _ = plans(vocab_engine, ("verdict",))
    assert alone[0].outputs == ("verdict",)
    assert len(alone[0].defs) < len(full[0].defs)
    # the lists' steps build names of open items only where a status reads them
    named = [list(n.aggs) for s in full[0].steps for n in s.named]
    kept = [list(n.aggs) for s in alone[0].steps for n in s.named]
    assert len(kept) < len(named)
    assert not any(k.endswith("_mis") for ks in kept for k in ks)
    # the programmes of the run still share the (smaller) steps and columns
    assert all(p.defs is alone[0].defs and p.steps is alone[0].steps for p in alone)


def test_verdict_from_ranks_is_the_engines_for_every_pair_of_statuses() -> None:
    statuses = list(Status)
    pairs = list(itertools.product(statuses, repeat=2))
    frame = pl.DataFrame(
        {
            "a": pl.Series([CODES[a] for a, _ in pairs], dtype=CODE),
            "b": pl.Series([CODES[b] for _, b in pairs], dtype=CODE),
        }
    )
    got = frame.select(v=verdict_of([pl.col("a"), pl.col("b")]))["v"].to_list()
    assert got == [semantics.verdict(pair).value for pair in pairs]
    alone = frame.select(v=verdict_of([pl.col("a")]))["v"].to_list()
    assert alone == [semantics.verdict([a]).value for a, _ in pairs]
    # constant statuses (the in-force check alone) give one verdict for every case
    for status in statuses:
        const = frame.with_columns(v=verdict_of([pl.lit(CODES[status], dtype=CODE)]))["v"]
        assert const.to_list() == [semantics.verdict([status]).value] * frame.height
    assert frame.with_columns(v=verdict_of([]))["v"].unique().to_list() == ["eligible"]


def test_an_unknown_column_is_named_with_the_closest() -> None:
    with pytest.raises(BatchError, match=r"'verdcit' \(did you mean 'verdict'\?\)"):
        result_columns(["verdict", "verdcit"])
    # the key columns may be named; they are written anyway; the order is the output's
    assert result_columns(["failed", "row", " verdict"]) == ("verdict", "failed")
    assert result_columns(None) == OUTPUT_COLUMNS


def _population(engine: Engine, path: Path) -> None:
    good = unstructure(engine.load("tests/fooland/example.toml"))
    other = {**good, "id": "second"}
    path.write_text(
        "\n".join([json.dumps(good), '{"person": 1}', json.dumps(other)]) + "\n", encoding="utf-8"
    )


def test_rows_in_are_results_and_errors_with_a_selection(engine: Engine, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    _population(engine, src)
    progs = ["fooland.team", "fooland.transfer"]
    full = screen(engine, src, tmp_path / "full.parquet", programmes=progs, as_of=AS_OF)
    summary = screen(
        engine,
        src,
        tmp_path / "some.parquet",
        programmes=progs,
        as_of=AS_OF,
        errors_path=tmp_path / "err.jsonl",
        columns=["failed"],
    )
    assert summary.balanced
    assert (summary.rows_read, summary.rows_assessed, summary.error_rows) == (3, 2, 1)
    assert summary.results_written == full.results_written == 4
    assert summary.case_by_case <= full.case_by_case
    got = pl.read_parquet(tmp_path / "some.parquet")
    assert got.columns == ["row", "subject_id", "programme", "failed"]
    assert got.equals(pl.read_parquet(tmp_path / "full.parquet").select(got.columns))
    assert pl.read_ndjson(tmp_path / "err.jsonl")["row"].to_list() == [2]


def test_an_unknown_column_stops_the_run_before_any_output(engine: Engine, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    _population(engine, src)
    with pytest.raises(BatchError, match="did you mean 'funding_missing'"):
        screen(engine, src, tmp_path / "o.parquet", as_of=AS_OF, columns=["funding_mising"])
    assert not (tmp_path / "o.parquet").exists()


def test_batch_command_writes_the_columns_asked_for(engine: Engine, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    _population(engine, src)
    args = ["batch", str(src), "--programme", "fooland.team", "--as-of", "2025-06-01"]
    args += ["--workers", "1", "--errors", str(tmp_path / "err.jsonl")]
    result = CliRunner().invoke(
        main, [*args, "-o", str(tmp_path / "o.csv"), "--columns", "failed,verdict"]
    )
    assert result.exit_code == 0, result.output
    assert "rows in = assessed + errors: yes" in result.output
    out = pl.read_csv(tmp_path / "o.csv")
    assert out.columns == ["row", "subject_id", "programme", "verdict", "failed"]
    assert out.height == 2
    # repeated, as --programme is
    again = CliRunner().invoke(
        main,
        [*args, "-o", str(tmp_path / "p.csv"), "--columns", "review", "--columns", "verdict"],
    )
    assert again.exit_code == 0, again.output
    assert pl.read_csv(tmp_path / "p.csv").columns == [*KEY_COLUMNS, "verdict", "review"]


@pytest.mark.parametrize(
    ("names", "message"),
    [
        ("verdict,faild", "unknown result column 'faild' (did you mean 'failed'?)"),
        (" , ", "--columns: name at least one result column"),
    ],
)
def test_batch_command_refuses_a_selection_naming_no_column(
    engine: Engine, tmp_path: Path, names: str, message: str
) -> None:
    src = tmp_path / "in.jsonl"
    _population(engine, src)
    result = CliRunner().invoke(
        main, ["batch", str(src), "-o", str(tmp_path / "o.csv"), "--columns", names]
    )
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "o.csv").exists()
