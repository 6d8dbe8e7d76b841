"""The ledger of an award over the years, at its boundaries: a payment falling due or made on
the day a suspension starts and the day it ends, a fen short of the matching schedule, a
termination mid-year (pro-rata recovery by the exit rules' own arithmetic)."""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from talentkit import (
    Annual,
    Award,
    Citation,
    Compare,
    Engine,
    Event,
    ExitCase,
    ExitRule,
    Fixed,
    InputError,
    Money,
    Obligation,
    PaidItem,
    Profile,
    Recover,
    Text,
)
from talentkit.cli import main
from talentkit.exits import evaluate_exit
from talentkit.funding import FundingDecl, evaluate_funding
from talentkit.inputtext import error_in
from talentkit.ledger import Ledger, LedgerLine, build_ledger, history_errors
from talentkit.params import ParameterStore
from talentkit.rules.context import Context

D = dt.date
Y = Money.yuan
CITE = Citation(document="T", article="第1条", quote="每年资助50万元，依托单位1:1配套")
GRANT = "t.grant"
MATCH = "t.match"
DECLS: list[FundingDecl] = [
    Fixed(
        id=GRANT,
        payee="host",
        amount=Y(500_000),
        schedule=Annual(years=3, start="facts.start"),
        cite=CITE,
        text=Text("资助", "grant"),
    ),
    Fixed(
        id="t.bonus",
        payee="leader",
        amount=Y(100_000),
        condition=Compare(fact="facts.bonus", value=True),
        cite=CITE,
        text=Text("奖励", "bonus"),
    ),
    Obligation(
        id=MATCH,
        obligor="host",
        committed="facts.matching",
        ratio=Fraction(1),
        of=GRANT,
        per="year",
        cite=CITE,
        text=Text("1:1配套", "1:1 matching"),
    ),
]
DECIDED = Text("主管部门", "the authority")
EXITS = (
    ExitRule(
        id="t.suspend",
        trigger="suspended",
        cite=CITE,
        text=Text("暂停资助", "funding suspended"),
        decided_by=DECIDED,
        payment="suspend",
    ),
    ExitRule(
        id="t.terminate",
        trigger="terminated",
        cite=CITE,
        text=Text("终止资助，按未履约时间收回", "terminated; the unserved part recovered"),
        decided_by=DECIDED,
        payment="stop",
        recover=Recover(mode="pro_rata"),
    ),
)
AWARDED = D(2025, 3, 1)  # payments fall due 2025-03-01, 2026-03-01, 2027-03-01
TERM_END = D(2028, 3, 1)
PROFILE = Profile(facts={"start": D(2025, 1, 1), "matching": Y(500_000)})


def ledger(paid: list[PaidItem], events: list[Event], as_of: dt.date) -> Ledger:
    award = Award(programme="t", awarded_on=AWARDED, term_end=TERM_END, paid=paid, events=events)
    ctx = Context(profile=PROFILE, as_of=as_of, params=ParameterStore())
    funding = evaluate_funding("t", DECLS, ctx)
    outcomes = [
        (
            e,
            evaluate_exit(
                EXITS,
                Context(profile=PROFILE, as_of=e.date, params=ParameterStore()),
                ExitCase(event=e, award=award, profile=PROFILE),
            ),
        )
        for e in events
    ]
    return build_ledger(funding, award, DECLS, EXITS, outcomes, ctx, PROFILE, path="$.awards[0]")


def line(led: Ledger, year: int) -> LedgerLine:
    return next(x for x in led.lines if x.item == GRANT and x.year == year)


def grant(year: int, yuan: str = "500000", on: dt.date | None = None) -> PaidItem:
    return PaidItem(item=GRANT, year=year, amount=Money.parse(yuan), on=on)


def test_due_paid_outstanding_and_not_yet_due() -> None:
    led = ledger([grant(2025), grant(2026, "200000.01")], [], D(2026, 3, 1))
    assert [(x.year, x.state) for x in led.lines] == [
        (2025, "paid"),
        (2026, "outstanding"),
        (2027, "not_due"),
    ]
    assert line(led, 2026).outstanding == Money.parse("299999.99")
    assert line(led, 2027).due == Y(0)
    # the day before year 2 falls due nothing of it is due
    assert line(ledger([grant(2025)], [], D(2026, 2, 28)), 2026).state == "not_due"
    assert [(y.year, y.paid) for y in led.years][:2] == [
        (2025, Y(500_000)),
        (2026, Y(200_000) + Money(1)),
    ]


@pytest.mark.parametrize(
    ("suspended_on", "state"),
    [(D(2026, 3, 1), "suspended"), (D(2026, 3, 2), "outstanding")],
)
def test_a_payment_falling_due_on_the_day_of_suspension_is_suspended(
    suspended_on: dt.date, state: str
) -> None:
    event = Event(kind="suspended", date=suspended_on)
    led = ledger([grant(2025)], [event], D(2026, 3, 1))
    got = line(led, 2026)
    assert got.state == state
    assert got.suspended == (Y(500_000) if state == "suspended" else Y(0))
    assert led.events[0].payment == "suspend"


@pytest.mark.parametrize(
    ("paid_on", "flagged"),
    [(D(2026, 3, 1), True), (D(2026, 2, 28), False), (D(2026, 6, 1), False)],
)
def test_a_payment_made_on_the_day_of_suspension_is_made_while_suspended(
    paid_on: dt.date, flagged: bool
) -> None:
    event = Event(kind="suspended", date=D(2026, 3, 1), until=D(2026, 6, 1))
    led = ledger([grant(2025), grant(2026, on=paid_on)], [event], D(2026, 7, 1))
    assert line(led, 2026).state == "paid"
    assert any("while suspended" in f.en for f in led.flags) is flagged


@pytest.mark.parametrize(
    ("as_of", "state"), [(D(2026, 5, 31), "suspended"), (D(2026, 6, 1), "outstanding")]
)
def test_payment_resumes_on_the_day_the_suspension_ends(as_of: dt.date, state: str) -> None:
    event = Event(kind="suspended", date=D(2026, 3, 1), until=D(2026, 6, 1))
    assert line(ledger([grant(2025)], [event], as_of), 2026).state == state


@pytest.mark.parametrize(
    ("matched", "short"),
    [("499999.99", Money(1)), ("500000", None), ("500000.01", None)],
)
def test_a_fen_short_of_the_matching_schedule(matched: str, short: Money | None) -> None:
    paid = [grant(2025), PaidItem(item=MATCH, year=2025, amount=Money.parse(matched))]
    led = ledger(paid, [], D(2025, 12, 31))
    got = [(s.year, s.required, s.paid, s.short) for s in led.shortfalls]
    assert got == ([] if short is None else [(2025, Y(500_000), Money.parse(matched), short)])


def test_the_matching_schedule_is_cumulative() -> None:
    # year 2's match makes up year 1's lag: to the end of 2026 1,000,000 against 1,000,000
    paid = [
        grant(2025),
        grant(2026),
        PaidItem(item=MATCH, year=2025, amount=Y(400_000)),
        PaidItem(item=MATCH, year=2026, amount=Y(600_000)),
    ]
    led = ledger(paid, [], D(2026, 12, 31))
    assert [(s.year, s.short) for s in led.shortfalls] == [(2025, Y(100_000))]


def test_termination_mid_year_recovers_the_unserved_part_and_stops_what_follows() -> None:
    event = Event(kind="terminated", date=D(2026, 9, 1))
    paid = [grant(2025), grant(2026)]
    led = ledger(paid, [event], D(2026, 10, 1))
    assert [(x.year, x.state) for x in led.lines] == [
        (2025, "paid"),
        (2026, "paid"),
        (2027, "stopped"),
    ]
    assert line(led, 2027).stopped == Y(500_000)
    # the exit rule's pro-rata arithmetic, per line: unserved days of the term, fen down
    share = Fraction((TERM_END - D(2026, 9, 1)).days, (TERM_END - AWARDED).days)
    each = Money(int(Y(500_000).fen * share))
    assert line(led, 2025).recover == line(led, 2026).recover == each
    # the event's recovery is the exit rule's own figure on everything paid
    assert led.events[0].recover == Money(int(Y(1_000_000).fen * share))
    assert led.events[0].payment == "stop"


@pytest.mark.parametrize(
    ("stopped_on", "state"),
    [(D(2027, 3, 1), "stopped"), (D(2027, 3, 2), "outstanding")],
)
def test_a_payment_due_on_the_day_of_termination_is_not_made(
    stopped_on: dt.date, state: str
) -> None:
    event = Event(kind="terminated", date=stopped_on)
    led = ledger([grant(2025), grant(2026)], [event], D(2027, 4, 1))
    assert line(led, 2027).state == state


def test_a_payment_on_a_line_the_result_does_not_grant_is_flagged() -> None:
    # the bonus's condition is open (facts.bonus not given): no payment of it is granted yet
    led = ledger([grant(2025), PaidItem(item="t.bonus", amount=Y(100_000))], [], D(2025, 6, 1))
    assert [f.en for f in led.flags] == [
        "t.bonus: paid, but the funding result grants no such payment (excluded, invalid or open)"
    ]
    assert not ledger([grant(2025)], [], D(2025, 6, 1)).flags


def test_a_payment_after_termination_is_flagged() -> None:
    event = Event(kind="terminated", date=D(2026, 9, 1))
    led = ledger([grant(2025), grant(2026, on=D(2026, 9, 1))], [event], D(2026, 10, 1))
    assert any("on or after the stop" in f.en for f in led.flags)


def test_a_payment_of_a_year_the_line_does_not_have_is_an_error() -> None:
    with pytest.raises(
        ValueError, match=r"2025, 2026, 2027\), got 2024 @ \$.awards\[0\].paid\[0\].year"
    ) as exc:
        ledger([grant(2024)], [], D(2026, 1, 1))
    assert error_in(str(exc.value), "zh") == (
        "应为 t.grant 的支付年度（2025, 2026, 2027），实际为 2024 @ $.awards[0].paid[0].year"
    )


def test_history_names_lines_and_event_kinds_that_exist() -> None:
    award = Award(
        programme="t",
        paid=[PaidItem(item="t.grnat", amount=Y(1))],
        events=[Event(kind="suspend", date=D(2026, 3, 1), until=D(2026, 2, 28))],
    )
    errors = history_errors(award, DECLS, ["suspended", "terminated"], "$.awards[0]")
    assert "did you mean t.grant?" in errors[0]
    assert errors[0].endswith("$.awards[0].paid[0].item")
    assert "did you mean suspended?" in errors[1]
    assert errors[1].endswith(".events[0].kind")
    assert errors[2].endswith("@ $.awards[0].events[0].until")
    assert [error_in(e, "zh") for e in errors] == [
        "未知的资助项 't.grnat'；是否应为 t.grant？（项目 t 的资助项：t.grant, t.bonus, t.match）"
        " @ $.awards[0].paid[0].item",
        "项目 t 没有处理 'suspend' 类变动事项的退出规则；是否应为 suspended？"
        "（可处理的类型：suspended, terminated） @ $.awards[0].events[0].kind",
        "应为不早于该事项日期 2026-03-01 的日期 @ $.awards[0].events[0].until",
    ]
    nothing = history_errors(award, [], [], "$.award")
    assert [error_in(e, "zh").split(" @ ")[0] for e in nothing] == [
        "未知的资助项 't.grnat'（项目 t 的资助项：无）",
        "项目 t 没有处理 'suspend' 类变动事项的退出规则（可处理的类型：无）",
        "应为不早于该事项日期 2026-03-01 的日期",
    ]


# -- through the engine and the CLI (the fooland team programme) ---------------------------

FOOLAND = Path(__file__).parent / "fooland" / "example.toml"
AWARD: dict[str, Any] = {
    "programme": "fooland.team",
    "awarded_on": "2026-10-01",
    "paid": [{"item": "fooland.team.grant", "year": 2026, "amount": "500000"}],
}


def test_bad_history_is_an_input_error_with_the_field_path(talentkit_engine: Engine) -> None:
    engine = talentkit_engine
    with pytest.raises(InputError, match=r"expected .*@ \$.awards\[0\].paid\[0\].amount"):
        engine.load({"awards": [{**AWARD, "paid": [{"item": "x", "amount": "-1"}]}]}, Profile)
    prof = engine.load({"awards": [{**AWARD, "programme": "fooland.teem"}]}, Profile)
    with pytest.raises(
        InputError, match=r"did you mean fooland.team, .* @ \$.awards\[0\].programme"
    ):
        engine.assess(prof)


def cli(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_check_json_has_a_ledger_only_when_the_history_is_given(tmp_path: Path) -> None:
    plain = json.loads(
        cli(
            "check", str(FOOLAND), "-p", "fooland.team", "--as-of", "2026-10-20", "--format", "json"
        )
    )
    assert "ledger" not in plain["assessments"][0]
    text = FOOLAND.read_text(encoding="utf-8")
    case = tmp_path / "case.toml"
    case.write_text(
        text
        + '\n[[awards]]\nprogramme = "fooland.team"\nawarded_on = 2026-10-01\n'
        + '[[awards.paid]]\nitem = "fooland.team.grant"\nyear = 2026\namount = "499999.99"\n',
        encoding="utf-8",
    )
    out = json.loads(
        cli("check", str(case), "-p", "fooland.team", "--as-of", "2026-10-20", "--format", "json")
    )
    led = out["assessments"][0]["ledger"]
    first = led["lines"][0]
    assert (first["year"], first["state"], first["outstanding"]["yuan"]) == (
        2026,
        "outstanding",
        "0.01",
    )
    table = cli("check", str(case), "-p", "fooland.team", "--as-of", "2026-10-20", "--lang", "en")
    assert "ledger" in table
    assert "0.01" in table
