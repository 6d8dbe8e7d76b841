"""The missing and review lists are computed for the cases with an open rule only, taken
from the chunk by position and joined back: the same lists whatever the chunk's frame is
made of (one piece, several pieces, a window of a larger frame)."""

from __future__ import annotations

import itertools
import json
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talentkit import Engine
from talentkit.batch import evaluate
from talentkit.batch.io import Chunk, parse_records
from talentkit.batch.run import assess_chunk, plans_for
from talentkit.convert import unstructure
from tests.batch import vocab_plugin
from tests.batch.strategies import AS_OF, Vocabulary, profile

_PLANS: dict[str, Any] = {}


@pytest.fixture(scope="module")
def vocab_engine() -> Engine:
    return Engine.create([vocab_plugin])


def _assess(engine: Engine, chunk: Chunk) -> pl.DataFrame:
    if "plans" not in _PLANS:
        ids = sorted(engine.registry.programmes)
        _PLANS["plans"] = plans_for(engine, ids, as_of=AS_OF, overrides=None)
    plans, store = _PLANS["plans"]
    out, _ = assess_chunk(engine, plans, chunk, store, AS_OF)
    return out


def _pieces(frame: pl.DataFrame, cuts: list[int]) -> pl.DataFrame:
    """``frame`` as several chunks, cut at ``cuts`` (not copied into one)."""
    at = sorted({c % (frame.height + 1) for c in cuts} | {0, frame.height})
    parts = [frame.slice(a, b - a) for a, b in itertools.pairwise(at) if b > a]
    return pl.concat(parts, rechunk=False) if parts else frame


def same_in_every_shape(engine: Engine, profiles: list[dict[str, Any]], cuts: list[int]) -> None:
    lines = [json.dumps(p) for p in profiles]
    chunk = parse_records(1, lines, "jsonl", engine.registry.facts, {})
    assert not chunk.errors, chunk.errors
    whole = _assess(engine, chunk)
    frame, n = chunk.frame, chunk.frame.height
    pieces = _pieces(frame, cuts)
    assert pieces.equals(frame)
    got = _assess(engine, Chunk(1, pieces, chunk.rows, [], n))
    assert got.equals(whole)
    # a window of a larger frame (the same cases between others), as a slice of it
    wider = pl.concat([frame, frame.reverse(), frame], rechunk=True)
    window = wider.slice(2 * n, n)
    got = _assess(engine, Chunk(1, window, chunk.rows, [], n))
    assert got.equals(whole)


def test_open_and_decided_cases_side_by_side(vocab_engine: Engine) -> None:
    # the empty case has rules open in every programme, the example decides many
    example = unstructure(vocab_engine.load("tests/fooland/example.toml"))
    people = [{"id": "empty"}, example, {"id": "empty2"}, example, example, {"id": "e3"}]
    whole_lists = _lists(vocab_engine, people)
    assert any(whole_lists)
    assert not all(whole_lists)
    same_in_every_shape(vocab_engine, people, [1, 3, 4])


def _lists(engine: Engine, people: list[dict[str, Any]]) -> list[bool]:
    lines = [json.dumps(p) for p in people]
    chunk = parse_records(1, lines, "jsonl", engine.registry.facts, {})
    out = _assess(engine, chunk)
    listed = pl.col("missing").list.len() + pl.col("review").list.len() > 0
    return out.select(listed).to_series().to_list()


@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_drawn_populations_in_pieces(vocab_engine: Engine, data: st.DataObject) -> None:
    vocab = Vocabulary(vocab_engine, sorted(vocab_engine.registry.programmes))
    people = data.draw(st.lists(profile(vocab), min_size=1, max_size=12))
    cuts = data.draw(st.lists(st.integers(0, 12), max_size=4))
    same_in_every_shape(vocab_engine, people, cuts)


@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_entries_within_the_open_cases_as_over_every_case(
    vocab_engine: Engine, data: st.DataObject
) -> None:
    """A chunk large enough to look at its lists' entries in its open cases only gives
    the results of one that looks at every case."""
    vocab = Vocabulary(vocab_engine, sorted(vocab_engine.registry.programmes))
    example = unstructure(vocab_engine.load("tests/fooland/example.toml"))
    drawn = data.draw(st.lists(profile(vocab), min_size=1, max_size=12))
    people = [{"id": "empty"}, example, *drawn, example]
    chunk = parse_records(
        1, [json.dumps(p) for p in people], "jsonl", vocab_engine.registry.facts, {}
    )
    assert not chunk.errors, chunk.errors
    every = _assess(vocab_engine, chunk)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(evaluate, "OPEN_APART", 0)  # every chunk, however small
        within = _assess(vocab_engine, chunk)
    assert within.equals(every)
