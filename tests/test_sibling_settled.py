"""A sibling read for its verdict alone is decided only as far as a rule whose failure
or missing fact settles it as not met: the rules after it are left undecided where none
of them can raise an error the engine lets through, and decided where one can (it still
raises)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import attrs
import pytest

from talentkit import Engine, hookimpl, touches
from talentkit.builtin import generated
from talentkit.builtin.declared import decide_eligibility, quiet
from talentkit.convert import InputError
from talentkit.params import ParameterError
from talentkit.programme import Citation, Programme
from talentkit.rules import AllOf, Compare, Custom, Judgement, Rule, Status, WorkdaysWithin
from talentkit.rules.context import Context, Shared
from talentkit.scoring import ScoreLine
from talentkit.siblings import _selectors, settled_by
from talentkit.testing import read_document
from talentkit.text import Text
from talentkit.workdays import CalendarError, WorkdayCalendar

ROOT = Path(__file__).parent.parent / "plugins"
LONG, YOUTH = "shaanxi.qianren.long", "shaanxi.qianren.youth"
ON = "2026-05-01"
CITE = Citation(document="TEST", article="第1条")
TEXT = Text("附加", "added")


def youth_failing(engine: Engine) -> Any:
    """A case failing 千人 长期项目 and, as a sibling, 青年项目's term of 3 years."""
    raw = read_document(ROOT / "shaanxi/examples/qianren_youth.toml")
    raw["application"]["facts"]["shaanxi.commitment_years"] = 2
    raw["application"]["facts"]["shaanxi.min_term_years"] = 2
    return engine.load(raw)


class Adds:
    """A plugin adding ``rule`` after 青年项目's declared rules."""

    def __init__(self, rule: Rule) -> None:
        self.rule = rule

    @hookimpl
    @touches(YOUTH)
    def talentkit_add_rules(self, programme: Programme) -> list[Rule]:
        return [self.rule] if programme.id == YOUTH else []


def raising(exc: Exception) -> Custom:
    def predicate(values: dict[str, Any]) -> bool:
        raise exc

    return Custom(
        id="test.raises",
        facts=["application.facts.shaanxi.commitment_years"],
        predicate=predicate,
        cite=CITE,
        text=TEXT,
    )


@pytest.fixture(params=["loop", "written"])
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Decided by the loop, or by the generated functions (written from the first case)."""
    written = request.param == "written"
    monkeypatch.setattr(generated, "WRITE_AFTER", 0 if written else 10**9)
    monkeypatch.setattr(generated, "_GENERATED", {})
    monkeypatch.setattr(generated, "_CALLS", {})
    monkeypatch.setattr(generated, "_SIBLING", {})
    monkeypatch.setattr(generated, "_SIBLING_CALLS", {})
    return str(request.param)


#: the errors the engine lets through a sibling's quiet rules: each must still be raised
raised_errors = pytest.mark.parametrize(
    "exc",
    [
        CalendarError("no official calendar for 2040"),
        ParameterError("bad parameter @ test"),
        InputError(["bad input @ $"]),
    ],
    ids=["calendar", "parameter", "input"],
)


@raised_errors
def test_a_sibling_whose_later_rule_raises_still_raises(mode: str, exc: Exception) -> None:
    """The youth tier fails its term condition as a sibling; a custom rule after it raises
    an error the engine lets through: the report raises it, as when every rule was decided."""
    engine = Engine.create([("adds", Adds(raising(exc)))])
    case = youth_failing(engine)
    assert not settled_by(engine.programme(YOUTH))[-2]  # a rule not quiet follows
    for _ in range(2):  # the second time by the generated function where written
        with pytest.raises(type(exc)):
            engine.assess(case, LONG, as_of=ON)


def test_a_later_working_day_count_still_raises(mode: str) -> None:
    """A working-day count after the failing rule, on a year the calendar does not know
    and is not told to assume, raises as before; assumed, the sibling is decided."""
    rule = WorkdaysWithin(
        id="test.workdays",
        fact="application.reference_date",
        start="application.reference_date",
        days=5,
        cite=CITE,
        text=TEXT,
    )
    engine = Engine.create([("adds", Adds(rule))])
    raw = read_document(ROOT / "shaanxi/examples/qianren_youth.toml")
    raw["application"]["facts"]["shaanxi.commitment_years"] = 2
    raw["application"]["facts"]["shaanxi.min_term_years"] = 2
    raw["application"]["reference_date"] = dt.date(2040, 3, 31)
    case = engine.load(raw)
    for _ in range(2):
        with pytest.raises(CalendarError):
            engine.assess(case, LONG, as_of=ON)
        (a,) = engine.assess(case, LONG, as_of=ON, assume_calendar=True).assessments
        assert a.verdict.value == "not_eligible"
        assert a.siblings == ()


def context(engine: Engine, case: Any, prog: Programme) -> Context:
    """The programme's context on the case, with values shared afresh."""
    return engine.context(
        case,
        as_of=dt.date(2026, 5, 1),
        store=engine.params,
        calendar=WorkdayCalendar(),
        programme=prog,
        shared=Shared(),
    )


def test_a_quiet_rule_after_the_failure_is_left_undecided(mode: str) -> None:
    """With only quiet rules after it, the sibling's decision ends at its first failing
    rule that is not the track's: the same statuses up to there as deciding them all."""
    engine = Engine.create()
    case = youth_failing(engine)
    youth = engine.programme(YOUTH)
    flags = settled_by(youth)
    selectors = _selectors(youth)
    assert flags == tuple(r.id not in selectors for r in youth.rules)  # every rule quiet
    for _ in range(2):
        whole = decide_eligibility(youth, context(engine, case, youth)).open
        part = decide_eligibility(youth, context(engine, case, youth), settled=True).open
        first = next(
            i for i, o in enumerate(whole) if o[1] is Status.FAIL and o[0] not in selectors
        )
        assert part == whole[: first + 1]
        assert len(part) < len(whole)  # the example fails later rules too
    (a,) = engine.assess(case, LONG, as_of=ON).assessments
    assert a.verdict.value == "not_eligible"
    assert a.siblings == ()


def test_quiet_rules() -> None:
    """Quiet: built-in classes with a plan or run inside one, every rule inside them too."""
    plain = Compare(id="t.plain", fact="facts.t.n", op=">=", value=1, cite=CITE, text=TEXT)
    assert quiet(plain)
    assert quiet(AllOf(id="t.all", rules=(plain, plain), cite=CITE, text=TEXT))
    custom = raising(ValueError("x"))
    assert not quiet(custom)
    assert not quiet(AllOf(id="t.inner", rules=(plain, custom), cite=CITE, text=TEXT))
    days = WorkdaysWithin(id="t.days", fact="facts.t.d", start="facts.t.s", days=5)
    assert not quiet(days)

    @attrs.frozen
    class Own(Compare):  # a plugin's subclass: its run may be anything
        pass

    assert not quiet(Own(id="t.own", fact="facts.t.n", op=">=", value=1, cite=CITE, text=TEXT))


def test_settled_by_a_rule_with_only_quiet_rules_after_it() -> None:
    engine = Engine.create([("adds", Adds(raising(ValueError("x"))))])
    youth = engine.programme(YOUTH)
    flags = settled_by(youth)
    assert flags[-1] is True  # the last rule: nothing after it
    assert not any(flags[:-1])
    assert settled_by(youth) is flags  # kept per programme object
    other = attrs.evolve(youth, rules=youth.rules[:-1])
    assert settled_by(other) == (True,) * len(other.rules)
    # a rule reading only the track applied for: its failure is not read for a sibling
    track = Compare(id="t.track", fact="application.track", value="long", cite=CITE, text=TEXT)
    tracked = attrs.evolve(youth, rules=(track, *other.rules))
    assert _selectors(tracked) == {"t.track"}
    assert settled_by(tracked) == (False, *(True,) * len(other.rules))


def youth_undetermined(engine: Engine) -> Any:
    """A case failing 千人 长期项目 whose sibling 青年项目 is undetermined at its age limit
    (no birth date), an early rule, and fails its term of 3 years later."""
    raw = read_document(ROOT / "shaanxi/examples/qianren_youth.toml")
    raw["application"]["facts"]["shaanxi.commitment_years"] = 2
    raw["application"]["facts"]["shaanxi.min_term_years"] = 2
    del raw["person"]["birth_date"]
    return engine.load(raw)


@raised_errors
def test_a_sibling_undetermined_whose_later_rule_raises_still_raises(
    mode: str, exc: Exception
) -> None:
    """As for a failing rule: the youth tier is undetermined as a sibling, a custom rule
    after it raises an error the engine lets through, and the report raises it."""
    engine = Engine.create([("adds", Adds(raising(exc)))])
    case = youth_undetermined(engine)
    for _ in range(2):
        with pytest.raises(type(exc)):
            engine.assess(case, LONG, as_of=ON)


def test_an_undetermined_rule_settles_the_sibling(mode: str) -> None:
    """With only quiet rules after it, the sibling's decision ends at its first rule that
    is undetermined (its verdict cannot be met whatever follows): the same statuses up
    to there as deciding them all; a rule going to review (still met) does not end it."""
    engine = Engine.create()
    case = youth_undetermined(engine)
    youth = engine.programme(YOUTH)
    for _ in range(2):
        whole = decide_eligibility(youth, context(engine, case, youth)).open
        part = decide_eligibility(youth, context(engine, case, youth), settled=True).open
        statuses = [o[1] for o in whole]
        assert statuses.index(Status.UNKNOWN) < statuses.index(Status.FAIL)
        assert part == whole[: statuses.index(Status.UNKNOWN) + 1]
    (a,) = engine.assess(case, LONG, as_of=ON).assessments
    assert a.verdict.value == "not_eligible"
    assert a.siblings == ()


def made_up(youth: Programme, *rules: Rule) -> Programme:
    return attrs.evolve(youth, id="test.made_up", rules=rules)


def test_settled_at_the_first_rule_undetermined_or_failing(mode: str) -> None:
    """Rules made up for it, decided as a sibling and in full, each way twice (the second
    time by the generated function where written): review and not applicable go on, an
    undetermined rule (a planned one, and a custom predicate missing its fact) or a
    failing one ends it."""
    engine = Engine.create()
    case = youth_failing(engine)
    youth = engine.programme(YOUTH)
    years = "application.facts.shaanxi.commitment_years"

    def compare(name: str, fact: str, value: int) -> Compare:
        return Compare(id=f"t.{name}", fact=fact, op=">=", value=value, cite=CITE, text=TEXT)

    review = Judgement(id="t.review", criterion=TEXT, cite=CITE, text=TEXT)
    passes, fails = compare("passes", years, 1), compare("fails", years, 9)
    unknown = compare("unknown", "facts.t.none", 1)
    custom = Custom(
        id="t.custom", facts=["facts.t.none"], predicate=lambda v: True, cite=CITE, text=TEXT
    )
    cases: list[tuple[tuple[Rule, ...], list[str]]] = [
        ((review, passes, unknown, fails, passes), ["t.review", "t.unknown"]),
        ((review, fails, unknown), ["t.review", "t.fails"]),
        ((passes, custom, fails), ["t.custom"]),
        ((review, passes), ["t.review"]),
    ]
    for rules, settled in cases:
        prog = made_up(youth, *rules)
        for _ in range(2):
            whole = decide_eligibility(prog, context(engine, case, prog)).open
            part = decide_eligibility(prog, context(engine, case, prog), settled=True).open
            assert [o[0] for o in part] == settled
            assert part == whole[: len(part)]


class Scored:
    """A plugin counting the times 青年项目 is scored (assessed in full)."""

    def __init__(self) -> None:
        self.calls = 0

    @hookimpl
    @touches(YOUTH)
    def talentkit_score(self, programme: Programme) -> list[ScoreLine]:
        self.calls += programme.id == YOUTH
        return []


@pytest.mark.parametrize("with_track", [True, False], ids=["track rule", "none"])
@pytest.mark.parametrize(("term_years", "hinted"), [(3, True), (2, False)])
def test_a_sibling_is_assessed_in_full_only_where_met(
    mode: str, with_track: bool, term_years: int, hinted: bool
) -> None:
    """A sibling decided for its verdict alone is told met from its rules' statuses but
    those of a rule naming the track applied for (which fails: the case applied for the
    long-term programme): offered where they leave only a panel's criteria (terms of
    exactly 3 years), not where one fails (2 years); assessed in full (its score lines)
    only where met."""
    track = Compare(id="test.track", fact="application.track", value="youth", cite=CITE, text=TEXT)
    scored = Scored()
    engine = Engine.create([("scored", scored), *([("adds", Adds(track))] if with_track else [])])
    assert _selectors(engine.programme(YOUTH)) == ({"test.track"} if with_track else set())
    raw = read_document(ROOT / "shaanxi/examples/qianren_youth.toml")
    raw["application"]["facts"]["shaanxi.commitment_years"] = 2
    raw["application"]["facts"]["shaanxi.min_term_years"] = term_years
    raw["application"]["track"] = "long"
    case = engine.load(raw)
    for _ in range(2):  # the second time by the generated functions where written
        (a,) = engine.assess(case, LONG, as_of=ON).assessments
        assert a.verdict.value == "not_eligible"
        offered = [(s.programme, s.verdict.value) for s in a.siblings]
        assert offered == ([(YOUTH, "needs_review")] if hinted else [])
    assert scored.calls == (2 if hinted else 0)
    # asked for itself, the track rule fails it
    (youth,) = engine.assess(case, YOUTH, as_of=ON).assessments
    assert ("test.track" in youth.failed) is with_track
