"""A payment condition per year (:class:`~talentkit.YearlyGate`): each year's payment from
year ``first`` on is pending until that year's own event date is given and reached (三秦
第二十四条: the yearly summary and plan are the basis of each year's payment)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from click.testing import CliRunner

from talentkit import (
    Annual,
    Citation,
    Engine,
    FactSpec,
    Fixed,
    InputError,
    Money,
    PaidAfter,
    Profile,
    Programme,
    Text,
    YearlyGate,
)
from talentkit.cli import main
from talentkit.declarations import check_programme
from talentkit.funding import FundingResult, evaluate_funding
from talentkit.ledger import build_ledger
from talentkit.params import ParameterStore
from talentkit.rules.context import Context
from talentkit.subjects import Award

D = dt.date
CITE = Citation(document="T", article="第2条")
REPORTS = YearlyGate(
    event="facts.reports_on", text=Text("年度报告后拨付", "paid after the yearly report"), cite=CITE
)
CONTRACT = PaidAfter(event="facts.signed_on", text=Text("签约后", "after signing"), cite=CITE)


def grant(gate: YearlyGate = REPORTS, paid_after: PaidAfter | None = CONTRACT) -> Fixed:
    return Fixed(
        id="g",
        cite=CITE,
        text=Text("每年资助", "yearly grant"),
        payee="person",
        amount=Money.yuan(100_000),
        schedule=Annual(years=3, start="facts.signed_on", gate=gate),
        paid_after=paid_after,
    )


def fund(facts: dict[str, Any], as_of: dt.date, item: Fixed | None = None) -> FundingResult:
    ctx = Context(profile=Profile(facts=facts), as_of=as_of, params=ParameterStore())
    return evaluate_funding("t", [item or grant()], ctx)


def days(result: FundingResult) -> list[str]:
    return [
        "pending"
        if x.status == "pending"
        else (x.payable_from.isoformat() if x.payable_from else "")
        for x in result.lines
    ]


SIGNED = D(2024, 7, 1)


@pytest.mark.parametrize(
    ("as_of", "want"),
    [
        (D(2025, 6, 19), ["2024-07-01", "pending", "pending"]),  # the day before the report
        (D(2025, 6, 20), ["2024-07-01", "2025-07-01", "pending"]),  # the day of the report
    ],
)
def test_a_years_payment_waits_on_its_own_report(as_of: dt.date, want: list[str]) -> None:
    result = fund({"signed_on": SIGNED, "reports_on": [D(2025, 6, 20)]}, as_of)
    assert days(result) == want
    assert result.total == Money.yuan(300_000)  # what is granted never changes
    assert result.complete


def test_a_late_report_opens_the_year_from_its_own_day_and_names_what_is_awaited() -> None:
    result = fund({"signed_on": SIGNED, "reports_on": [D(2025, 7, 10)]}, D(2026, 12, 1))
    assert days(result) == ["2024-07-01", "2025-07-10", "pending"]
    third = result.lines[2]
    assert third.awaiting == "facts.reports_on[1]"
    assert third.paid_after == REPORTS.text
    assert result.lines[0].paid_after == CONTRACT.text  # year 1 shows the contract
    assert result.pending_total == Money.yuan(100_000)


def test_the_lines_own_condition_comes_first() -> None:
    # not signed yet: every year awaits the contract, whatever reports are given
    result = fund({"reports_on": [D(2025, 6, 20)]}, D(2026, 1, 1))
    assert {x.awaiting for x in result.lines} == {"facts.signed_on"}


def test_without_reports_every_later_year_is_pending_from_year_two_only() -> None:
    result = fund({"signed_on": SIGNED}, D(2027, 1, 1), grant(paid_after=None))
    assert days(result) == ["", "pending", "pending"]
    assert result.lines[1].awaiting == "facts.reports_on[0]"
    later = YearlyGate(event="facts.reports_on", text=REPORTS.text, cite=CITE, first=3)
    result = fund({"signed_on": SIGNED}, D(2027, 1, 1), grant(later, None))
    assert days(result) == ["", "", "pending"]
    assert result.lines[2].awaiting == "facts.reports_on[0]"


def test_the_ledger_does_not_count_a_pending_year_as_outstanding() -> None:
    facts = {"signed_on": SIGNED, "reports_on": [D(2025, 6, 20)]}
    as_of = D(2026, 10, 1)  # year 3's anniversary has passed, its report is not given
    ctx = Context(profile=Profile(facts=facts), as_of=as_of, params=ParameterStore())
    result = evaluate_funding("t", [grant()], ctx)
    award = Award(programme="t", awarded_on=SIGNED, paid=[])
    led = build_ledger(result, award, [grant()], [], [], ctx, Profile(facts=facts))
    assert [x.state for x in led.lines] == ["outstanding", "outstanding", "not_due"]


FACTS = {
    "reports_on": FactSpec(name="reports_on", type="dates"),
    "signed_on": FactSpec(name="signed_on", type="date"),
}


@pytest.mark.parametrize(
    ("event", "problem"),
    [
        ("facts.reports_on", None),
        ("facts.signed_on", "waits each year on 'facts.signed_on', which is not a list of dates"),
        ("facts.report_on", "did you mean facts.reports_on?"),
    ],
)
def test_the_yearly_event_must_be_a_declared_list_of_dates(event: str, problem: str | None) -> None:
    gate = YearlyGate(event=event, text=REPORTS.text, cite=CITE)
    prog = Programme(
        id="t", jurisdiction="t", document="T", name=Text("t", "t"), funding=[grant(gate)]
    )
    found, _ = check_programme(prog, FACTS, ParameterStore())
    if problem is None:
        assert found == []
    else:
        assert len(found) == 1
        assert problem in found[0].problem


def test_first_is_a_year_of_the_schedule() -> None:
    with pytest.raises(ValueError, match="first"):
        YearlyGate(event="facts.reports_on", text=REPORTS.text, cite=CITE, first=0)


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (["2025-06-20", "2025-13-01"], r"expected a date \(YYYY-MM-DD\) @ \$\.team\.facts\."),
        (["1899-12-31"], r"expected a date between 1900-01-01 and 2199-12-31 @ .*\[0\]"),
        ("2025-06-20", r"expected a list of dates \(YYYY-MM-DD\)"),
    ],
)
def test_a_bad_report_date_names_its_entry(
    talentkit_engine: Engine, value: Any, error: str
) -> None:
    with pytest.raises(InputError, match=error):
        talentkit_engine.load(
            {"team": {"facts": {"shaanxi.sanqin.yearly_reports_on": value}}}, Profile
        )


def test_rules_list_the_yearly_condition() -> None:
    runner = CliRunner()
    out = runner.invoke(main, ["rules", "shaanxi.sanqin.natsci_eng", "--lang", "en"]).output
    assert "each year paid after: paid once the previous year's summary" in out
    raw = runner.invoke(main, ["rules", "shaanxi.sanqin.natsci_eng", "--format", "json"]).output
    (prog,) = json.loads(raw)
    grant_ = {d["id"]: d for d in prog["funding"]}["shaanxi.sanqin.funding.leader_grant"]
    assert grant_["each_year"]["event"] == "team.facts.shaanxi.sanqin.yearly_reports_on"
    assert grant_["each_year"]["first"] == 2
    assert grant_["each_year"]["citation"]["article"] == "第二十四条"


def test_the_awaited_entry_reads_as_its_fact_in_chinese() -> None:
    from talentkit.render import fact_label

    labels = {"x.reports_on": "年度报告日期"}
    assert fact_label("facts.x.reports_on[2]", "zh", labels) == "年度报告日期第3项"
    assert fact_label("facts.x.reports_on[2]", "en", labels) == "facts.x.reports_on[2]"


def test_a_report_given_without_a_contract_condition_opens_the_year_at_its_anniversary() -> None:
    # no payment condition of its own: the year's line has no day yet when its report is
    # checked, so the day is the later of the report and the year's anniversary
    facts = {"signed_on": SIGNED, "reports_on": [D(2025, 6, 20), D(2026, 8, 1)]}
    result = fund(facts, D(2026, 7, 15), grant(paid_after=None))
    assert days(result) == ["", "2025-07-01", "pending"]
    assert result.lines[2].awaiting == "facts.reports_on[1]"
    assert result.lines[2].payable_from == D(2026, 8, 1)  # the report's day, after 2026-07-01
    late = fund({**facts, "reports_on": [D(2025, 7, 10)]}, D(2026, 7, 15), grant(paid_after=None))
    assert days(late) == ["", "2025-07-10", "pending"]
