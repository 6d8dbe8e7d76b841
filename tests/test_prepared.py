"""What the engine keeps between assessments is never read for another date or parameter set,
nor kept under parameters changed in place (the engine's store is fixed).

Assessing a programme takes some things from the programme, the parameters and the date
alone (the assessment's heading fields, the notes on its document, its in-force check, the
parameter values and texts): the engine prepares them once and keeps them per date for the
installed parameters. A later assessment on another date, or under overrides, must not
read them: each report below equals the one a new engine gives.
"""

from __future__ import annotations

import copy
import datetime as dt
import pickle
from pathlib import Path
from typing import Any

import pytest

from talentkit import Engine, Verdict, scoring, to_json
from talentkit.facts import MISSING
from talentkit.funding import evaluate_funding
from talentkit.params import UNSET, Parameter, ParameterError, ParameterStore
from talentkit.scoring import evaluate_scoring
from talentkit.subjects import Profile
from talentkit.workdays import WorkdayCalendar

EXAMPLE = Path(__file__).resolve().parent / "fooland" / "example.toml"
TODAY, EARLY = dt.date(2026, 10, 20), dt.date(2019, 1, 1)
#: the parameter the draft pilot programme's in-force check reads (off as installed)
ENABLE_DRAFT = {"fooland.draft.enabled": True}


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.create()


@pytest.fixture(scope="module")
def case(engine: Engine) -> Profile:
    return engine.load(EXAMPLE)


def _every(engine: Engine) -> list[str]:
    return [p.id for p in engine.select(None)]


def _assess(engine: Engine, case: Profile, as_of: dt.date, overrides: Any) -> Any:
    return engine.assess(
        case, _every(engine), as_of=as_of, overrides=overrides, assume_calendar=True
    )


def _not_in_force(report: Any) -> set[str]:
    return {a.programme for a in report.assessments if a.verdict is Verdict.NOT_IN_FORCE}


def test_the_dates_and_overrides_below_change_what_is_prepared(
    engine: Engine, case: Profile
) -> None:
    # else the next test could pass with a cache that ignores them
    today = _not_in_force(_assess(Engine.create(), case, TODAY, None))
    early = _not_in_force(_assess(Engine.create(), case, EARLY, None))
    enabled = _not_in_force(_assess(Engine.create(), case, TODAY, ENABLE_DRAFT))
    assert "fooland.pilot" in today
    assert "fooland.pilot" not in enabled
    assert early - today  # programmes not yet in force on the earlier date


@pytest.mark.parametrize(
    "runs",
    [
        [(TODAY, None), (EARLY, None), (TODAY, None)],
        [(TODAY, None), (TODAY, ENABLE_DRAFT), (TODAY, None)],
        [(TODAY, ENABLE_DRAFT), (EARLY, ENABLE_DRAFT), (EARLY, None), (TODAY, ENABLE_DRAFT)],
    ],
    ids=["dates", "overrides", "both"],
)
def test_one_engine_reports_what_a_new_engine_reports(
    engine: Engine, case: Profile, runs: list[tuple[dt.date, Any]]
) -> None:
    for as_of, overrides in runs:
        got = _assess(engine, case, as_of, overrides)
        want = _assess(Engine.create(), case, as_of, overrides)
        assert _not_in_force(got) == _not_in_force(want)
        assert {a.as_of for a in got.assessments} == {as_of}
        assert all(
            a.overrides == {k: str(v) for k, v in (overrides or {}).items()}
            for a in got.assessments
        )
        assert to_json(got) == to_json(want)


def test_each_assessment_has_its_own_overrides_mapping(engine: Engine, case: Profile) -> None:
    first, second = _assess(engine, case, TODAY, ENABLE_DRAFT).assessments[:2]
    first.overrides["x"] = "y"  # a reader changing one leaves the others as they were
    assert "x" not in second.overrides
    assert "x" not in _assess(engine, case, TODAY, ENABLE_DRAFT).assessments[0].overrides


SANQIN = "shaanxi.sanqin.natsci_eng"
#: parameters a Sanqin funding text shows and its priority items weigh by
SANQIN_PARAMS = {
    "shaanxi.sanqin.funding.leader_per_year": "77777",
    "shaanxi.sanqin.priority.weight": 7,
}


def test_funding_texts_and_score_weights_are_those_of_each_assessment(
    engine: Engine, case: Profile
) -> None:
    """The funding declarations (texts in force) and score weights kept per assessment date
    are those a context without kept values reads, date after date and under overrides."""
    prog = engine.programme(SANQIN)
    seen = []
    for as_of, overrides in [
        (TODAY, None),
        (TODAY, SANQIN_PARAMS),
        (TODAY, None),
        (EARLY, None),
        (TODAY, SANQIN_PARAMS),
    ]:
        store = engine._store(overrides)

        def ctx(shared: Any, store: Any = store, as_of: dt.date = as_of) -> Any:
            calendar = WorkdayCalendar(assume_unknown_years=True)
            return engine.context(
                case, as_of=as_of, store=store, calendar=calendar, programme=prog, shared=shared
            )

        kept, fresh = ctx(engine._shared(store, as_of)), ctx(None)
        for c in (kept, fresh):  # the second read of the kept values reads what was kept
            evaluate_funding(prog.id, prog.funding, c)
            evaluate_scoring(prog.scoring, c)
        got = evaluate_funding(prog.id, prog.funding, kept)
        assert got == evaluate_funding(prog.id, prog.funding, fresh)
        assert evaluate_scoring(prog.scoring, kept) == evaluate_scoring(prog.scoring, fresh)
        weights = [w for _, w, _ in scoring._in_force(prog.scoring, kept)]
        assert weights == [w for _, w, _ in scoring._in_force(prog.scoring, fresh)]
        seen.append((got.lines[0].basis, tuple(weights)))
    # the overrides change both, so a value kept across them would show
    assert seen[0][0] != seen[1][0]
    assert seen[0][1] != seen[1][1]
    assert seen[2] == seen[0]
    assert seen[4] == seen[1]


# -- the engine's parameters cannot change under what it keeps -------------------------

MIN_CORE = "fooland.team.min_core_members"


def _core_count(report: Any) -> str:
    checks = report.assessments[0].checks
    return str(next(c.status.value for c in checks if c.rule_id == "fooland.team.core_count"))


def test_an_engine_s_parameters_cannot_be_changed_in_place(case: Profile) -> None:
    """What the engine keeps per date (values in force, texts, preparations) would not see
    a change made in the engine's own store: such a change is refused, naming what to do
    instead, and the answers stay those of the parameters the engine was made with."""
    engine = Engine.create()
    assert _core_count(engine.assess(case, ["fooland.team"], as_of=TODAY)) == "pass"
    store = engine.params
    declared = store.by_key[MIN_CORE]
    for change in (
        lambda: store.overrides.__setitem__(MIN_CORE, 99),
        lambda: store.overrides.update({MIN_CORE: 99}),
        lambda: store.overrides.setdefault(MIN_CORE, 99),
        lambda: store.by_key.pop(MIN_CORE),
        lambda: store.by_key.clear(),
        lambda: declared.append(declared[0]),
        lambda: declared.__setitem__(0, declared[0]),
        lambda: store.add(declared),
    ):
        with pytest.raises(ParameterError, match="overrides"):
            change()
    with pytest.raises(ParameterError):
        store.overrides |= {MIN_CORE: 99}
    assert MIN_CORE not in store.overrides
    assert len(store.by_key[MIN_CORE]) == 1
    assert _core_count(engine.assess(case, ["fooland.team"], as_of=TODAY)) == "pass"
    # the way to other values: overrides, as a new engine under them answers
    raised = engine.assess(case, ["fooland.team"], as_of=TODAY, overrides={MIN_CORE: 99})
    assert _core_count(raised) == "fail"


def test_a_store_under_overrides_shares_the_fixed_parameters(engine: Engine) -> None:
    # its versions are the engine's own: adding to them would change the engine's store
    under = engine.params.with_overrides({MIN_CORE: 99})
    assert under.overrides == {MIN_CORE: 99}
    with pytest.raises(ParameterError):
        under.add(engine.params.by_key[MIN_CORE])
    assert engine.params.get(MIN_CORE, TODAY) != 99


def test_a_store_of_one_s_own_changes_until_an_engine_is_made_with_it() -> None:
    store = ParameterStore()
    store.add([Parameter(key="x.n", type="int", value=1)])
    store.overrides["x.n"] = 2
    assert store.get("x.n", TODAY) == 2  # changed: not fixed yet
    store.fix()
    assert store.fixed
    with pytest.raises(ParameterError):
        store.add([Parameter(key="x.m", type="int", value=1)])


def test_a_fixed_store_pickles_and_copies_as_itself(engine: Engine) -> None:
    store = engine.params
    for copied in (pickle.loads(pickle.dumps(store)), copy.deepcopy(store), copy.copy(store)):
        assert copied == store
        assert copied.fixed
        assert copied.get("fooland.team.bonus", TODAY) is UNSET  # the one UNSET, kept
    assert pickle.loads(pickle.dumps(MISSING)) is MISSING
    assert copy.deepcopy([UNSET, MISSING]) == [UNSET, MISSING]
