"""An exit reads the award's recorded events as the ledger does, and a case that is not
eligible still gets the ledger of what was paid: flagged, and what the exit rules recover.

Boundaries: an exit on the day before and on the day a recorded suspension's ``until``
ends it; two events recovering the same payment recover it once."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner

from talentkit import (
    Annual,
    Award,
    Citation,
    Compare,
    Engine,
    Event,
    ExitRule,
    FactSpec,
    Fixed,
    InputError,
    Money,
    PaidItem,
    Profile,
    Programme,
    Recover,
    Text,
    Verdict,
    hookimpl,
)
from talentkit.cli import main
from talentkit.ledger import Ledger, LedgerLine

D = dt.date
Y = Money.yuan
CITE = Citation(document="D", article="第1条")
GRANT = "x.grant"
DECIDED = Text("主管部门", "the authority")


class LedgerPlugin:
    @hookimpl
    def talentkit_add_facts(self) -> list[FactSpec]:
        return [FactSpec(name="ok", type="bool"), FactSpec(name="start", type="date")]

    @hookimpl
    def talentkit_add_programmes(self) -> list[Programme]:
        return [
            Programme(
                id="x",
                jurisdiction="x",
                document="D",
                name=Text("项目", "programme"),
                rules=[Compare(id="x.ok", fact="facts.ok", cite=CITE, text=Text("合格", "ok"))],
                funding=[
                    Fixed(
                        id=GRANT,
                        payee="person",
                        amount=Y(500_000),
                        schedule=Annual(years=3, start="facts.start"),
                        cite=CITE,
                        text=Text("资助", "grant"),
                    )
                ],
                exits=[
                    ExitRule(
                        id="x.suspend",
                        trigger="suspended",
                        cite=CITE,
                        text=Text("暂停资助", "funding suspended"),
                        decided_by=DECIDED,
                        payment="suspend",
                    ),
                    ExitRule(
                        id="x.fraud",
                        trigger="fraud",
                        cite=CITE,
                        text=Text("弄虚作假，全额追回", "fraud: everything recovered"),
                        decided_by=DECIDED,
                        payment="stop",
                        recover=Recover(),
                    ),
                    ExitRule(
                        id="x.review",
                        trigger="review",
                        cite=CITE,
                        text=Text("检查", "a review"),
                        decided_by=DECIDED,
                    ),
                ],
            )
        ]


@pytest.fixture(scope="module")
def engine() -> Engine:
    engine = Engine.create([("x", LedgerPlugin())], entry_points=False)
    assert engine.problems == []
    return engine


AWARDED = D(2025, 3, 1)  # payments fall due 2025-03-01, 2026-03-01, 2027-03-01
SUSPENSION = Event(kind="suspended", date=D(2026, 2, 1), until=D(2026, 6, 1))


def award(paid: list[PaidItem], events: list[Event] | None = None) -> Award:
    return Award(
        programme="x", awarded_on=AWARDED, term_end=D(2028, 3, 1), paid=paid, events=events
    )


def grant(year: int) -> PaidItem:
    return PaidItem(item=GRANT, year=year, amount=Y(500_000), on=D(year, 3, 10))


def case(ok: bool = True) -> Profile:
    return Profile(facts={"ok": ok, "start": D(2025, 1, 1)})


def line(led: Ledger | None, year: int) -> LedgerLine:
    assert led is not None
    return next(x for x in led.lines if x.item == GRANT and x.year == year)


# -- 1. an exit honours the award's recorded events -------------------------------------------


@pytest.mark.parametrize(
    ("day", "state"), [(D(2026, 5, 31), "suspended"), (D(2026, 6, 1), "outstanding")]
)
def test_an_exit_reads_a_recorded_suspension_up_to_its_until(
    engine: Engine, day: dt.date, state: str
) -> None:
    # year 2 fell due 2026-03-01 while suspended; on `until` payment resumes
    report = engine.exit(
        "x", award([grant(2025)], [SUSPENSION]), Event(kind="review", date=day), case()
    )
    assert line(report.ledger, 2026).state == state
    assert line(report.ledger, 2027).state == "not_due"
    assert [e.kind for e in report.ledger.events] == ["suspended", "review"]  # type: ignore[union-attr]


def test_the_exit_and_the_assessment_give_the_same_ledger(engine: Engine) -> None:
    fraud = Event(kind="fraud", date=D(2026, 9, 1))
    history = award([grant(2025), grant(2026)], [SUSPENSION, fraud])
    report = engine.exit("x", history, fraud, case())
    profile = Profile(facts=case().facts, awards=[history])
    assessed = engine.assess(profile, ["x"], as_of=fraud.date).assessments[0].ledger
    assert report.ledger == assessed
    # recorded once, not twice: the event is the award's own
    assert [e.kind for e in report.ledger.events] == ["suspended", "fraud"]  # type: ignore[union-attr]
    assert line(report.ledger, 2027).state == "stopped"
    assert [o.recover for o in report.outcomes] == [Y(1_000_000)]
    assert report.outcomes[0].payment == "stop"


def test_a_suspension_event_states_when_payment_resumes(engine: Engine) -> None:
    report = engine.exit("x", award([grant(2025)]), SUSPENSION, case())
    (outcome,) = report.outcomes
    assert (outcome.payment, outcome.until) == ("suspend", D(2026, 6, 1))
    data = json.loads(_json(report))
    assert data["outcomes"][0]["until"] == "2026-06-01"
    assert data["ledger"]["events"][0]["until"] == "2026-06-01"


def test_an_exit_without_a_history_has_no_ledger(engine: Engine) -> None:
    report = engine.exit("x", Award(programme="x"), Event(kind="review", date=D(2026, 1, 1)))
    assert report.ledger is None
    assert "ledger" not in json.loads(_json(report))


def test_two_events_never_recover_more_than_was_paid(engine: Engine) -> None:
    first = Event(kind="fraud", date=D(2026, 9, 1))
    second = Event(kind="fraud", date=D(2026, 10, 1))
    report = engine.exit("x", award([grant(2025)], [first]), second, case())
    assert line(report.ledger, 2025).recover == Y(500_000)


def test_a_bad_recorded_event_is_an_input_error_under_award(engine: Engine) -> None:
    bad = Event(kind="suspnded", date=D(2026, 2, 1))
    with pytest.raises(InputError, match=r"did you mean suspended\? .*@ \$\.award\.events\[0\]"):
        engine.exit("x", award([], [bad]), Event(kind="review", date=D(2026, 3, 1)), case())


# -- 2. not eligible: the ledger of what was paid -----------------------------------------------


def test_a_case_not_eligible_gets_the_ledger_of_what_was_paid(engine: Engine) -> None:
    fraud = Event(kind="fraud", date=D(2026, 9, 1))
    profile = Profile(
        facts=case(ok=False).facts, awards=[award([grant(2025), grant(2026)], [fraud])]
    )
    a = engine.assess(profile, ["x"], as_of=D(2026, 10, 1)).assessments[0]
    assert a.verdict is Verdict.NOT_ELIGIBLE
    assert a.funding is None
    led = a.ledger
    assert led is not None
    assert led.note is not None
    assert [(x.year, x.state, x.paid, x.due, x.recover) for x in led.lines] == [
        (2025, "not_granted", Y(500_000), Y(0), Y(500_000)),
        (2026, "not_granted", Y(500_000), Y(0), Y(500_000)),
    ]
    assert [y.recover for y in led.years] == [Y(500_000), Y(500_000)]
    assert led.events[0].recover == Y(1_000_000)
    assert all("not eligible" in f.en for f in led.flags)
    assert len(led.flags) == 2


def test_not_eligible_without_events_recovers_nothing_by_itself(engine: Engine) -> None:
    # the text attaches recovery to events: a verdict alone flags, it does not recover
    profile = Profile(facts=case(ok=False).facts, awards=[award([grant(2025)])])
    led = engine.assess(profile, ["x"], as_of=D(2026, 1, 1)).assessments[0].ledger
    assert line(led, 2025).state == "not_granted"
    assert line(led, 2025).recover == Y(0)


def test_not_eligible_without_payments_or_events_has_no_ledger(engine: Engine) -> None:
    profile = Profile(facts=case(ok=False).facts, awards=[award([])])
    assert engine.assess(profile, ["x"], as_of=D(2026, 1, 1)).assessments[0].ledger is None


def test_a_year_paid_twice_is_flagged_overpaid(engine: Engine) -> None:
    profile = Profile(facts=case().facts, awards=[award([grant(2025), grant(2025)])])
    led = engine.assess(profile, ["x"], as_of=D(2025, 6, 1)).assessments[0].ledger
    assert line(led, 2025).paid == Y(1_000_000)
    assert any("overpaid by 500,000" in f.en for f in led.flags)  # type: ignore[union-attr]


def _json(report: Any) -> str:
    from talentkit.convert import to_json

    return to_json(report)


# -- through the CLI ------------------------------------------------------------------------------

SHAANXI = Path(__file__).parents[1] / "plugins" / "shaanxi" / "examples"


def test_exit_cli_shows_the_ledger(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["exit", str(SHAANXI / "exit-qianren-withdrawal.toml"), "--lang", "en"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert "ledger · as of 2027-05-01" in result.output
    assert "event: withdrawal 2027-05-01; recover 1,000,000" in result.output


# -- an outcome that pays: TopUp ------------------------------------------------------------


def test_a_top_up_naming_an_unknown_line_fails_at_load() -> None:
    from talentkit import TopUp
    from talentkit.declarations import check_programme
    from talentkit.params import ParameterStore

    rule = ExitRule(
        id="x.convert",
        trigger="converted",
        cite=CITE,
        text=Text("转换", "converted"),
        decided_by=DECIDED,
        top_up=TopUp(to=Y(1_000_000), items=("x.grnat",)),
    )
    prog = attrs.evolve(LedgerPlugin().talentkit_add_programmes()[0], exits=[rule])
    found, _ = check_programme(prog, {}, ParameterStore())
    want = "tops up unknown funding item 'x.grnat'; did you mean 'x.grant'?"
    assert [f.problem for f in found if "x.convert" in f.problem] == [
        f"exit rule x.convert recovers or {want}"
    ]


def test_a_payment_effect_from_the_decision_needs_an_effect() -> None:
    """``payment_from="decision"`` names when a stop or suspension runs from; without one
    it would say nothing, so the declaration fails where it is made."""

    def rule(**given: Any) -> ExitRule:
        return ExitRule(
            id="x.stop",
            cite=Citation(document="FOO-1", article="第1条"),
            text=Text("终止", "stop"),
            trigger="leader_change",
            decided_by=Text("局", "bureau"),
            **given,
        )

    assert rule(payment="stop", payment_from="decision").payment_from == "decision"
    with pytest.raises(ValueError, match="needs a payment effect"):
        rule(payment_from="decision")
    with pytest.raises(ValueError, match="payment_from"):
        rule(payment="stop", payment_from="event_or_decision")
