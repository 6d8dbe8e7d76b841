"""A run's plans kept with the engine for its next run: the same plans for the same
programmes, date and columns, compiled anew when any of them, the parameters or the hooks
that decide how a programme is compiled differ; the results those of plans compiled
afresh."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest

from talentkit import Engine, hookimpl, semantics
from talentkit.batch import profiles_frame, screen_frame
from talentkit.batch import run as run_module
from talentkit.batch.run import plans_for
from talentkit.rules import Check, Status
from talentkit.text import Text
from tests.batch.test_screen import AS_OF, PROGS, population


@pytest.fixture
def engine() -> Engine:
    """An engine of its own: a plugin is registered on it."""
    return Engine.create()


def _frame(engine: Engine, n: int = 9) -> pl.DataFrame:
    return profiles_frame([engine.load(p) for p in population(engine, n)], engine.registry.facts)


def test_the_same_run_again_reuses_the_plans_and_gives_the_same_results(engine: Engine) -> None:
    first, store = plans_for(engine, PROGS, as_of=AS_OF, overrides=None)
    again, store_again = plans_for(engine, list(PROGS), as_of=AS_OF, overrides=None)
    assert again is first
    assert store_again is store
    frame = _frame(engine)
    kept = screen_frame(engine, frame, programmes=PROGS, as_of=AS_OF)
    run_module._PLANS.clear()  # as a new process starts
    afresh = screen_frame(engine, frame, programmes=PROGS, as_of=AS_OF)
    assert plans_for(engine, PROGS, as_of=AS_OF, overrides=None)[0] is not first
    assert kept.results.equals(afresh.results)
    assert kept.results.height == 2 * frame.height


def test_another_date_programme_list_columns_or_overrides_compile_anew(engine: Engine) -> None:
    def plans(**kw: Any) -> Any:
        args: dict[str, Any] = {"as_of": AS_OF, "overrides": None, **kw}
        programmes = args.pop("programmes", PROGS)
        return plans_for(engine, programmes, **args)[0]

    first = plans()
    assert plans(as_of=AS_OF + dt.timedelta(days=1)) is not first
    assert plans(programmes=PROGS[:1]) is not first
    assert plans(columns=["verdict"]) is not first
    assert plans(columns=["verdict"]) is plans(columns=["verdict"])
    # a run under overrides has a parameter store of its own, never kept
    key = next(k for k in engine.params.by_key if k.startswith("fooland."))
    overrides = {key: engine.params.get(key, AS_OF)}
    assert plans(overrides=overrides) is not plans(overrides=overrides)
    assert plans() is first  # the others kept beside it


def test_a_plugin_registered_between_runs_is_compiled_in(engine: Engine) -> None:
    """An eligibility hook registered after a run makes the next run's plans anew: the
    hook's check decides the verdict; unregistered, the declared rules alone again."""
    frame = _frame(engine)
    before = screen_frame(engine, frame, programmes=PROGS, as_of=AS_OF, columns=["verdict"])
    assert set(before.results["verdict"].to_list()) - {"not_eligible"}

    class Refusing:
        @hookimpl
        def talentkit_eligibility(self, programme: Any, ctx: Any) -> list[Check]:
            text = Text("不予受理", "refused")
            return [Check(rule_id="refusing.all", status=Status.FAIL, text=text)]

    engine.plugins.pm.register(Refusing(), name="refusing")
    try:
        hooked = screen_frame(engine, frame, programmes=PROGS, as_of=AS_OF, columns=["verdict"])
    finally:
        engine.plugins.pm.unregister(name="refusing")
    assert set(hooked.results["verdict"].to_list()) == {"not_eligible"}
    after = screen_frame(engine, frame, programmes=PROGS, as_of=AS_OF, columns=["verdict"])
    assert after.results.equals(before.results)


def test_a_plugins_hook_beside_a_programme_not_in_force(engine: Engine) -> None:
    """A hook's programmes run case by case, their verdicts made by the engine; a
    programme not in force is decided without a case. Both in one run: each verdict in
    the run's codes (the engine's once stood as text beside the others' codes, and the
    run stopped, joining them)."""

    class Refusing:
        @hookimpl
        def talentkit_eligibility(self, programme: Any, ctx: Any) -> list[Check]:
            if programme.id != "fooland.team":
                return []
            return [Check(rule_id="refusing.all", status=Status.FAIL, text=Text("不予受理", "x"))]

    closed = [
        p.id
        for p in engine.registry.programmes.values()
        if (gate := semantics.in_force(p, engine.params, AS_OF)) is not None
        and gate.status is Status.FAIL
    ]
    assert closed
    engine.plugins.pm.register(Refusing(), name="refusing")
    try:
        got = screen_frame(
            engine, _frame(engine, 3), programmes=["fooland.team", *closed], as_of=AS_OF
        )
    finally:
        engine.plugins.pm.unregister(name="refusing")
    verdicts = dict(zip(got.results["programme"], got.results["verdict"], strict=False))
    assert verdicts == {"fooland.team": "not_eligible", **dict.fromkeys(closed, "not_in_force")}
    assert got.summary.fallback_rules["fooland.team"] == {"*": "eligibility hook of refusing"}


def test_plans_are_kept_for_a_few_runs_per_engine(engine: Engine) -> None:
    days = [AS_OF + dt.timedelta(days=i) for i in range(run_module.KEPT_PLANS + 1)]
    for day in days:
        plans_for(engine, PROGS, as_of=day, overrides=None)
    kept = [plans for owners, plans in run_module._PLANS.values() if owners[0] is engine]
    assert len(kept) == 1
    assert 0 < len(kept[0]) <= run_module.KEPT_PLANS
