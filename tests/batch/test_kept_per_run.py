"""What a run keeps for its next chunks (the defined columns' lookups and layers, what the
plans compute and read, the list steps' reads, the verdicts' ranks) gives what building it
afresh gives: for runs of other plans and other columns in the same process, and for
chunks whose lists are of other types."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest

from talentkit import Engine
from talentkit.batch import compile as cp
from talentkit.batch import evaluate as ev
from talentkit.batch import io as io_module
from talentkit.batch import profiles_frame
from talentkit.batch import run as run_module
from talentkit.batch.compile import Scope, apply_defs
from talentkit.batch.io import Chunk
from talentkit.batch.run import assess_chunk, plans_for
from talentkit.params import ParameterStore
from talentkit.subjects import Profile
from tests.batch.test_keyed_lookups import ORG, ORGS
from tests.batch.test_screen import AS_OF, PROGS, population

DAY = dt.date(2026, 3, 1)
#: programmes of one scope whose verdicts alone are computed all at once
SHAANXI = ["shaanxi.qianren.youth", "shaanxi.tezhi.youth"]
#: an organisation without the facts the plan reads of a company: its record is whole
BARE = pl.Struct({n: t for n, t in ORG.to_schema().items() if n != "facts"})


def _forget() -> None:
    """Empty every store a run keeps values in, as a new process starts."""
    for store in (ev._PREPARED, ev._ENTRY_BITS, ev._FIELDS, ev._COMPUTED, ev._RANKS):
        store.clear()
    for kept in (cp._MERGED, cp._NARROWED, cp._DEFS, cp._READS_OF):
        kept.clear()
    run_module._PLANS.clear()
    io_module._FLAT_PLANS.clear()


def _afresh(build: Any) -> Any:
    _forget()
    return build()


def _bare(rows: list[list[dict[str, Any] | None] | None]) -> list[Any]:
    return [
        None
        if r is None
        else [None if o is None else {k: v for k, v in o.items() if k != "facts"} for o in r]
        for r in rows
    ]


def test_defined_columns_on_lists_of_other_types_in_turn() -> None:
    """One list of defined columns on chunks whose records differ in their fields: each
    chunk's records are narrowed to the fields read where it has them, and gathered
    whole where it does not, as built afresh for that chunk."""
    schema = pl.Schema({"organisations": pl.List(ORG)})
    scope = Scope(schema, {}, ParameterStore(), DAY, (), Profile())
    share, _ = scope.fact("organisations[role=company].facts.shaanxi.own_funds_share")
    founded, _ = scope.fact("organisations[role=company].founded_on")
    held = "__held:organisations[role=company]"
    # the share is read of the record (the lookup gathers it where the chunk has it),
    # not computed: a chunk without ``facts`` could not give it
    read = dict(scope.defs)
    share = read.pop(share.meta.output_name())
    defs = [*read.items(), ("__founded_null", founded.is_null())]
    full = pl.DataFrame({"organisations": ORGS}, schema=schema)
    bare = pl.DataFrame({"organisations": _bare(ORGS)}, schema={"organisations": pl.List(BARE)})
    want = {id(f): _afresh(lambda f=f: apply_defs(f, defs)) for f in (full, bare)}
    _forget()
    for frame in (full, bare, full, bare[2:], full[:0], bare):
        got = apply_defs(frame, defs)
        assert got.equals(
            want[id(frame)]
            if frame.height == 6
            else _afresh(lambda frame=frame: apply_defs(frame, defs))
        )
    narrowed = apply_defs(full, defs)
    assert narrowed.schema[held] == pl.Struct(
        {"facts": ORG.to_schema()["facts"], "founded_on": pl.Date()}
    )
    assert apply_defs(bare, defs).schema[held] == BARE  # no such field: the record whole
    assert narrowed.select(share).to_series().to_list() == ["1/3", None, None, None, None, None]
    assert apply_defs(bare, defs).get_column("__founded_null").to_list() == [
        False,
        False,
        True,
        True,
        True,
        True,
    ]


def test_the_same_expressions_under_other_names() -> None:
    a = pl.col("x") + 1
    frame = pl.DataFrame({"x": [1, 2, None]})
    first = apply_defs(frame, [("a", a), ("b", pl.col("a") * 2)])
    other = apply_defs(frame, [("c", a), ("b", pl.col("c") * 3)])
    assert first.columns == ["x", "a", "b"]
    assert other.columns == ["x", "c", "b"]
    assert other.get_column("b").to_list() == [6, 9, None]


def _chunks(frame: pl.DataFrame, size: int) -> list[Chunk]:
    out = []
    for start in range(0, max(frame.height, 1), size):
        part = frame.slice(start, size)
        rows = pl.Series("row", range(start + 1, start + part.height + 1), dtype=pl.Int64())
        out.append(Chunk(start + 1, part, rows, [], part.height))
    return out


def _screened(
    engine: Engine, frame: pl.DataFrame, programmes: list[str], columns: list[str] | None
) -> pl.DataFrame:
    plans, store = plans_for(engine, programmes, as_of=AS_OF, overrides=None, columns=columns)
    outs = [assess_chunk(engine, plans, c, store, AS_OF)[0] for c in _chunks(frame, 7)]
    return pl.concat(outs)


@pytest.fixture(scope="module")
def people(engine: Engine) -> pl.DataFrame:
    loaded = [engine.load(p) for p in population(engine, 23)]
    return profiles_frame(loaded, engine.registry.facts)


RUNS: list[tuple[list[str], list[str] | None]] = [
    (PROGS, ["verdict"]),
    (PROGS, None),
    (["fooland.team"], ["verdict", "missing"]),
    (PROGS, ["verdict"]),
    (["fooland.transfer"], None),
    (["fooland.team"], ["verdict"]),
]


def test_runs_of_other_plans_and_columns_in_one_process(
    engine: Engine, people: pl.DataFrame
) -> None:
    """Runs one after another in one process, each in chunks: each gives what it gives in
    a process of its own (nothing kept for one run's plans is taken for another's)."""
    want = [_afresh(lambda p=p, c=c: _screened(engine, people, p, c)) for p, c in RUNS]
    _forget()
    for (programmes, columns), expected in zip(RUNS, want, strict=True):
        got = _screened(engine, people, programmes, columns)
        assert got.equals(expected)


def test_the_verdicts_alone_after_a_run_of_every_column(
    engine: Engine, people: pl.DataFrame
) -> None:
    """The ranks kept for a run of every column (none: each programme evaluated) are not
    those of a later run of the verdicts alone, which computes them all at once."""
    _forget()
    every, _ = plans_for(engine, SHAANXI, as_of=DAY, overrides=None)
    verdicts, _ = plans_for(engine, SHAANXI, as_of=DAY, overrides=None, columns=["verdict"])
    rows = pl.Series("row", range(1, people.height + 1), dtype=pl.Int64())
    names = ev.chunk_names()
    for plans in (every, verdicts, every):
        work = ev.shared_work(plans[0], ev.case_columns(plans, people))
        alone = ev.verdicts_alone(plans, work, rows, None, names)
        assert (alone is None) == (plans is every)


def test_the_columns_each_run_reads(
    engine: Engine, people: pl.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each run's plans keep the columns they read, not another run's (programmes of
    other jurisdictions read other columns), in chunks too small to narrow records and
    large enough to."""
    runs = [
        plans_for(engine, programmes, as_of=DAY, overrides=None, columns=columns)[0]
        for programmes, columns in [
            (["fooland.team"], ["verdict"]),
            (SHAANXI, None),
            (PROGS, None),
            (SHAANXI, ["verdict"]),
        ]
    ]
    for rows_per_expression in (people.height + 1, 0):
        monkeypatch.setattr(ev, "ROWS_PER_EXPRESSION", rows_per_expression)
        want = [_afresh(lambda p=p: ev.case_columns(p, people)) for p in runs]
        _forget()
        for plans, expected in [*zip(runs, want, strict=True), *zip(runs, want, strict=True)]:
            assert ev.case_columns(plans, people).equals(expected)
