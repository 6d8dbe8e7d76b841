"""A screening run to its files, the bound of few cases set: what the tests comparing a
compiled run with a run of few cases (and with the engine) read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from talentkit import Engine
from talentkit.batch import BatchSummary, profiles_frame, screen
from talentkit.batch.evaluate import assessment_row
from talentkit.batch.few import ENVIRONMENT
from talentkit.batch.io import parse_records
from talentkit.batch.run import assess_chunk, plans_for
from tests.batch.strategies import AS_OF

#: the input layouts :func:`written` writes
LAYOUTS = ("jsonl", "nested", "flat")


def screened(
    engine: Engine, src: Path, out: Path, bound: int, **kw: Any
) -> tuple[pl.DataFrame, bytes, BatchSummary]:
    """``src`` screened into the Parquet file ``out`` (``kw``: :func:`screen`'s other
    arguments) with the bound of few cases at ``bound`` (0: compiled): the results, the
    errors file (CSV) and the summary."""
    errors = out.with_suffix(".errors.csv")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(ENVIRONMENT, str(bound))
        summary = screen(engine, src, out, errors_path=errors, **kw)
    return pl.read_parquet(out), errors.read_bytes(), summary


def written(engine: Engine, cases: list[dict[str, Any]], tmp: Path, layout: str) -> Path:
    """``cases`` (as :meth:`Engine.load` reads them) written in ``layout``: JSON Lines, or
    Parquet in the nested or the flat layout."""
    from tests.batch.test_flat import flatten

    if layout == "jsonl":
        src = tmp / "cases.jsonl"
        src.write_text("".join(json.dumps(c) + "\n" for c in cases), encoding="utf-8")
        return src
    nested = profiles_frame([engine.load(c) for c in cases], engine.registry.facts)
    src = tmp / f"cases-{layout}.parquet"
    (nested if layout == "nested" else flatten(nested, engine)).write_parquet(src)
    return src


def adding(programme: str, *rules: Any) -> object:
    """A plugin that adds ``rules`` to the programme ``programme`` (for
    :meth:`Engine.create`)."""
    from talentkit import Programme, hookimpl

    class Adds:
        @hookimpl
        def talentkit_add_rules(self, programme: Programme) -> list[Any]:
            return list(rules) if programme.id == wanted else []

    wanted = programme
    return Adds()


def same_as_engine(
    engine: Engine,
    people: list[dict[str, Any]],
    programmes: list[str],
    overrides: dict[str, Any] | None = None,
) -> int:
    """Every result column of the compiled run of ``people`` (as JSON Lines, one chunk)
    equal to the engine's, case by case; the number of cases the run sent to the engine."""
    plans, store = plans_for(engine, programmes, as_of=AS_OF, overrides=overrides)
    lines = [json.dumps(p) for p in people]
    chunk = parse_records(1, lines, "jsonl", engine.registry.facts, {})
    assert not chunk.errors, chunk.errors
    out, redone = assess_chunk(engine, plans, chunk, store, AS_OF)
    got = {(r["row"], r["programme"]): r for r in out.to_dicts()}
    for i, data in enumerate(people, start=1):
        report = engine.assess(engine.load(data), programmes, as_of=AS_OF, overrides=overrides)
        for a in report.assessments:
            want = assessment_row(a)
            assert {k: got[(i, a.programme)][k] for k in want} == want, data
    return redone
