"""A flat input's plan, worked out from its header alone, kept for the next input of the
same header: the same plan for the same names, types, facts and input keys, built anew when
any of them differs; what one input's rows settled does not carry over to the next; the
lists a run's plans leave unread worked out once for each set of plans."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import polars as pl
import pytest

from talentkit import Engine
from talentkit.batch import BatchError, screen_frame
from talentkit.batch import io as io_module
from talentkit.batch.flat import FlatPlan
from talentkit.batch.io import flat_plan
from talentkit.batch.run import plans_for
from tests.batch.test_flat import flatten
from tests.batch.test_kept_per_run import _forget
from tests.batch.test_screen import AS_OF, PROGS
from tests.batch.test_screen_frame import people

#: the organisations spread by role, so the lists read only by role are left unread
ROLES = ("employer", "company")


@pytest.fixture(autouse=True)
def _afresh() -> Iterator[None]:
    _forget()
    yield
    _forget()


def _plan(engine: Engine, frame: pl.DataFrame, where: str = "frame") -> FlatPlan:
    return flat_plan(frame.schema, engine.registry.facts, engine.input_keys, where)


def _afresh_of(engine: Engine, frame: pl.DataFrame, programmes: list[str]) -> tuple[Any, Any]:
    """The results and errors of ``frame`` screened as by a new process."""
    _forget()
    got = screen_frame(engine, frame, programmes=programmes, as_of=AS_OF)
    return got.results, got.errors


def test_the_same_header_gives_the_same_plan(engine: Engine) -> None:
    frame = flatten(people(engine), engine, ROLES)
    plan = _plan(engine, frame)
    assert _plan(engine, frame.head(3)) is plan  # other rows, the same header
    assert _plan(engine, frame.select(reversed(frame.columns))) is not plan  # column order
    assert _plan(engine, frame.drop("person.gender")) is not plan
    # a column of another type that holds the same values
    assert (
        _plan(engine, frame.with_columns(pl.col("person.gender").cast(pl.Categorical))) is not plan
    )
    assert _plan(engine, frame, where="other.parquet") is not plan
    facts = dict(engine.registry.facts)  # equal, but not the engine's own
    assert flat_plan(frame.schema, facts, engine.input_keys, "frame") is not plan
    assert flat_plan(frame.schema, engine.registry.facts, None, "frame") is not plan
    assert _plan(engine, frame) is plan  # the others kept beside it


def test_a_header_refused_is_refused_every_time(engine: Engine) -> None:
    frame = flatten(people(engine), engine).rename({"person.gender": "person.gendr"})
    for _ in range(2):
        with pytest.raises(BatchError, match=r"person\.gendr.*did you mean person\.gender\?"):
            screen_frame(engine, frame, programmes=PROGS, as_of=AS_OF)


def test_what_one_input_settled_does_not_carry_over_to_the_next(engine: Engine) -> None:
    """The second frame has the first's header but other values: text checks the first's
    few texts settled, and error rows the first has none of."""
    good = flatten(people(engine), engine, ROLES).filter(pl.col("person.gender") != "robot")
    bad = flatten(people(engine), engine, ROLES)  # rows 2 and 6: a gender out of its domain
    assert good.schema == bad.schema
    want = _afresh_of(engine, bad, PROGS)
    assert want[1].height == 2
    _forget()
    first = screen_frame(engine, good, programmes=PROGS, as_of=AS_OF)
    assert first.errors.height == 0
    got = screen_frame(engine, bad, programmes=PROGS, as_of=AS_OF)
    assert got.results.equals(want[0])
    assert got.errors.equals(want[1])


def test_the_unread_lists_are_those_of_each_run_s_plans(engine: Engine) -> None:
    frame = flatten(people(engine), engine, ROLES)
    plan = _plan(engine, frame)
    team, _ = plans_for(engine, PROGS[:1], as_of=AS_OF, overrides=None)
    both, _ = plans_for(engine, PROGS, as_of=AS_OF, overrides=None)
    # the team programme reads the organisations by role only; the transfer one as a list
    assert "organisations" in plan.unread(team)
    assert "organisations" not in plan.unread(both)
    assert plan.unread(team) is plan.unread(team)  # worked out once
    assert plan.unread(both) == plan._unread_by(both)
    # screened in turn, each run's results are those of a new process
    want = {n: _afresh_of(engine, frame, PROGS[:n]) for n in (1, 2)}
    _forget()
    for n in (1, 2, 1):
        got = screen_frame(engine, frame, programmes=PROGS[:n], as_of=AS_OF)
        assert got.results.equals(want[n][0])
        assert got.errors.equals(want[n][1])


def test_the_plans_kept_are_bounded(engine: Engine) -> None:
    frame = flatten(people(engine), engine)
    for i in range(io_module.KEPT_FLAT_PLANS + 3):
        _plan(engine, frame, where=f"file {i}")
    assert 0 < len(io_module._FLAT_PLANS) <= io_module.KEPT_FLAT_PLANS
