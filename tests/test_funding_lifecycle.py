"""Payment conditions as data: a line paid only after an event is pending until the event's
date is given and reached, then payable from that day."""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner

from talentkit import (
    Annual,
    Citation,
    FactSpec,
    Fixed,
    Instalments,
    Money,
    Obligation,
    OneOff,
    P,
    PaidAfter,
    Parameter,
    Profile,
    Programme,
    Range,
    Status,
    Text,
    to_json,
)
from talentkit.cli import main
from talentkit.declarations import check_programme
from talentkit.funding import FundingDecl, FundingResult, evaluate_funding
from talentkit.params import ParameterStore
from talentkit.rules.context import Context

D = dt.date
AS_OF = D(2026, 10, 20)
CITE = Citation(document="T", article="第1条", quote="正式履行工作合同后一次性发放")
Y = Money.yuan
ARRIVED = PaidAfter(
    event="facts.arrived_on",
    text=Text("正式履行工作合同后发放", "paid once the work contract is performed"),
    cite=CITE,
)


def fund(decls: list[FundingDecl], facts: dict[str, Any], leap: str = "feb28") -> FundingResult:
    store = ParameterStore()
    store.add([Parameter(key="leap", type="str", value=leap)])
    ctx = Context(profile=Profile(facts=facts), as_of=AS_OF, params=store)
    return evaluate_funding("t", decls, ctx)


def once(paid_after: PaidAfter | None = ARRIVED) -> Fixed:
    return Fixed(
        id="subsidy",
        cite=CITE,
        text=Text("一次性补助", "one-off subsidy"),
        payee="person",
        amount=Y(1_000_000),
        schedule=OneOff(),
        paid_after=paid_after,
    )


def test_pending_until_the_event_date_is_given() -> None:
    f = fund([once()], {})
    (line,) = f.lines
    assert (line.status, line.amount, line.awaiting) == (
        "pending",
        Y(1_000_000),
        "facts.arrived_on",
    )
    assert line.payable_from is None
    assert line.paid_after == ARRIVED.text
    assert line.paid_after_citation == CITE
    # the amount is granted: counted in the total, and the funding is complete
    assert (f.total, f.pending_total, f.complete) == (Y(1_000_000), Y(1_000_000), True)
    assert f.by_payee() == {"person": Y(1_000_000)}


@pytest.mark.parametrize(
    ("arrived", "status", "pending"),
    [
        (AS_OF - dt.timedelta(days=1), "determined", 0),
        (AS_OF, "determined", 0),  # the day the event happens: payable that day
        (AS_OF + dt.timedelta(days=1), "pending", 1_000_000),  # a date still to come
    ],
)
def test_payable_from_the_day_of_the_event(arrived: dt.date, status: str, pending: int) -> None:
    f = fund([once()], {"arrived_on": arrived})
    (line,) = f.lines
    assert (line.status, line.payable_from) == (status, arrived)
    assert line.awaiting == (None if status == "determined" else "facts.arrived_on")
    assert (f.total, f.pending_total, f.complete) == (Y(1_000_000), Y(pending), True)


def test_a_line_without_a_payment_condition_has_none() -> None:
    (line,) = fund([once(None)], {}).lines
    assert (line.status, line.paid_after, line.payable_from) == ("determined", None, None)


def test_an_undetermined_amount_stays_undetermined_and_shows_the_condition() -> None:
    panel = Range(
        id="r",
        cite=CITE,
        text=Text("评审", "panel"),
        payee="person",
        high=Y(10),
        decided="facts.decided",
        paid_after=ARRIVED,
    )
    f = fund([panel], {})
    (line,) = f.lines
    assert (line.status, line.awaiting, line.paid_after) == ("undetermined", None, ARRIVED.text)
    assert (f.total, f.pending_total, f.complete) == (Y(0), Y(0), False)
    # over the range: invalid, never pending
    (line,) = fund([panel], {"decided": Y(11)}).lines
    assert line.status == "invalid"


def yearly(schedule: Annual | Instalments) -> Fixed:
    return Fixed(
        id="yr",
        cite=CITE,
        text=Text("年度资助", "yearly grant"),
        payee="leader",
        amount=Y(100_000),
        schedule=schedule,
        paid_after=PaidAfter(
            event="facts.contract_on",
            text=Text("签订合同后", "after the contract"),
            cite=CITE,
            leap_day=P("leap"),
        ),
    )


@pytest.mark.parametrize(
    ("leap", "year2"),
    [("feb28", D(2025, 2, 28)), ("mar1", D(2025, 3, 1))],
)
def test_annual_payments_from_the_event_then_from_each_years_start(
    leap: str, year2: dt.date
) -> None:
    f = fund(
        [yearly(Annual(years=3, start="facts.start"))],
        {"start": D(2024, 2, 29), "contract_on": D(2024, 3, 10)},
        leap,
    )
    assert [(x.year, x.status, x.payable_from) for x in f.lines] == [
        (2024, "determined", D(2024, 3, 10)),  # year 1 waits for the contract
        (2025, "determined", year2),  # 29 February's anniversary as the convention says
        (2026, "determined", D(2026, 2, 28) if leap == "feb28" else D(2026, 3, 1)),
    ]


def test_a_late_event_holds_every_year_already_open() -> None:
    f = fund(
        [yearly(Instalments(years=3, start="facts.start"))],
        {"start": D(2024, 1, 1), "contract_on": D(2025, 6, 30)},
    )
    assert [x.payable_from for x in f.lines] == [D(2025, 6, 30), D(2025, 6, 30), D(2026, 1, 1)]
    assert sum((x.amount or Y(0) for x in f.lines), Y(0)) == Y(100_000)


def test_annual_pending_and_an_unknown_start() -> None:
    f = fund([yearly(Annual(years=2, start="facts.start"))], {"start": D(2025, 1, 1)})
    assert [x.status for x in f.lines] == ["pending", "pending"]
    assert f.pending_total == f.total == Y(200_000)
    # the event is known but the start is not: the days stay open, the lines say why
    f = fund([yearly(Annual(years=2, start="facts.start"))], {"contract_on": D(2025, 1, 1)})
    assert [(x.status, x.payable_from) for x in f.lines] == [("determined", None)] * 2
    assert all("facts.start" in x.missing for x in f.lines)


def test_json_shows_the_condition_and_the_day() -> None:
    data = json.loads(to_json(fund([once()], {"arrived_on": D(2026, 1, 5)})))
    (line,) = data["lines"]
    assert line["status"] == "determined"
    assert line["payable_from"] == "2026-01-05"
    assert line["paid_after"]["en"] == "paid once the work contract is performed"
    assert line["paid_after_citation"]["article"] == "第1条"
    assert data["pending_total"]["fen"] == 0
    pending = json.loads(to_json(fund([once()], {})))
    assert pending["lines"][0]["status"] == "pending"
    assert pending["lines"][0]["awaiting"] == "facts.arrived_on"
    assert pending["pending_total"]["fen"] == pending["total"]["fen"] == 100_000_000


# -- the event is checked when the plugin loads ----------------------------------------------


def programme(event: str) -> Programme:
    paid_after = PaidAfter(event=event, text=Text("到岗后", "after arrival"), cite=CITE)
    return Programme(
        id="t",
        jurisdiction="t",
        document="T",
        name=Text("t", "t"),
        funding=[attrs.evolve(once(), paid_after=paid_after)],
    )


FACTS = {
    "t.granted": FactSpec(name="t.granted", type="yuan", scope="application", text=Text("x", "x"))
}


@pytest.mark.parametrize(
    ("event", "problem"),
    [
        ("application.submitted_on", None),
        (
            "application.submited_on",
            "application has no field 'submited_on'; did you mean application.submitted_on?",
        ),
        (
            "application.facts.t.granted",
            "is paid after 'application.facts.t.granted', which is not a date",
        ),
        ("application.facts.t.grantd", "did you mean application.facts.t.granted?"),
    ],
)
def test_the_event_must_be_a_declared_date(event: str, problem: str | None) -> None:
    found, _ = check_programme(programme(event), FACTS, ParameterStore())
    if problem is None:
        assert found == []
    else:
        assert len(found) == 1
        assert problem in found[0].problem


def test_a_pending_grant_is_matched_as_granted() -> None:
    match = Obligation(
        id="m",
        cite=CITE,
        text=Text("1:1配套", "matched 1:1"),
        obligor="host",
        committed="facts.committed",
        ratio=Fraction(1),
        of="subsidy",
    )
    for committed, status in (("999999.99", Status.FAIL), ("1000000", Status.PASS)):
        f = fund([once(), match], {"committed": Money.parse(committed)})
        assert f.lines[0].status == "pending"
        (o,) = f.obligations
        assert (o.status, o.required) == (status, Y(1_000_000))


# -- shown in check (table and JSON) and in rules ----------------------------------------------

CONTRACT_FACT = "shaanxi.sanqin.contract_signed_on"
SANQIN = Path(__file__).parents[1] / "plugins/shaanxi/examples/sanqin_enterprise.toml"


def cli(*args: str) -> str:
    env = {"COLUMNS": "250", "TALENTKIT_TRACE_HOOKS": ""}
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    return result.output


def test_check_shows_pending_lines_and_the_day_they_become_payable() -> None:
    pid = "shaanxi.sanqin.natsci_eng"
    before = cli("check", str(SANQIN), "-p", pid, "--as-of", "2024-06-01", "--lang", "en")
    assert "(pending)" in before
    assert "paid after: paid once the team construction contract is signed" in before
    assert "of which pending 1,250,000" in before
    on_the_day = cli("check", str(SANQIN), "-p", pid, "--as-of", "2024-07-01", "--lang", "en")
    assert "payable from 2024-07-01" in on_the_day
    assert "payable from 2025-07-01" in on_the_day
    zh = cli("check", str(SANQIN), "-p", pid, "--as-of", "2024-06-01")
    assert "待支付条件" in zh
    assert "支付时点" in zh
    data = json.loads(
        cli("check", str(SANQIN), "-p", pid, "--as-of", "2024-06-01", "--format", "json")
    )
    (a,) = data["assessments"]
    line = a["funding"]["lines"][0]
    assert (line["status"], line["awaiting"]) == ("pending", "team.facts." + CONTRACT_FACT)
    assert line["payable_from"] == "2024-07-01"  # expected: the contract date still to come
    assert line["paid_after_citation"]["article"] == "第二十二条"


def test_rules_list_the_payment_condition() -> None:
    out = cli("rules", "shaanxi.sanqin.natsci_eng", "--lang", "en")
    assert "paid after: paid once the team construction contract is signed" in out
    (prog,) = json.loads(cli("rules", "shaanxi.sanqin.natsci_eng", "--format", "json"))
    grant = {d["id"]: d for d in prog["funding"]}["shaanxi.sanqin.funding.leader_grant"]
    assert grant["paid_after"]["event"] == "team.facts." + CONTRACT_FACT
    assert grant["paid_after"]["citation"]["article"] == "第二十二条"
