"""A duty performed after its deadline is reported late, with the consequence the text
attaches or the statement that it attaches none; deadlines roll past holidays."""

from __future__ import annotations

import datetime as dt

import pytest

from talentkit import Citation, Deadline, ExitRule, Text
from talentkit.exits import NO_SANCTION, DeadlineResult, ExitCase, evaluate_exit
from talentkit.params import ParameterStore
from talentkit.rules.context import Context
from talentkit.subjects import Award, Event, Profile

D = dt.date
CITE = Citation(document="D", article="第1条")
EVENT_DAY = D(2026, 8, 15)
SUSPEND = Text("暂停拨款", "payments are suspended")


def rule(late: Text | None) -> ExitRule:
    return ExitRule(
        id="x.report",
        cite=CITE,
        text=Text("变更报告", "report a change"),
        trigger="change",
        decided_by=Text("局", "bureau"),
        deadlines=(
            Deadline(
                what=Text("报告", "report"), months=1, done="event.facts.reported_on", late=late
            ),
        ),
    )


def outcome(late: Text | None, reported: D | None, on: D = EVENT_DAY) -> DeadlineResult:
    facts = {"reported_on": reported} if reported else {}
    case = ExitCase(
        event=Event(kind="change", date=on, facts=facts),
        award=Award(programme="x"),
        profile=Profile(),
    )
    ctx = Context(profile=Profile(), as_of=on, params=ParameterStore())
    (o,) = evaluate_exit([rule(late)], ctx, case)
    (d,) = o.deadlines
    return d


@pytest.mark.parametrize(
    ("reported", "late", "consequence"),
    [
        (D(2026, 9, 14), False, None),
        (D(2026, 9, 15), False, None),  # the due date itself is in time
        (D(2026, 9, 16), True, SUSPEND),
    ],
)
def test_late_duty_with_a_sanction(reported: D, late: bool, consequence: Text | None) -> None:
    d = outcome(SUSPEND, reported)
    assert (d.due, d.done_on, d.late, d.consequence) == (
        D(2026, 9, 15),
        reported,
        late,
        consequence,
    )


def test_late_duty_the_text_leaves_without_a_sanction() -> None:
    d = outcome(None, D(2026, 9, 16))
    assert d.late is True
    assert d.consequence == NO_SANCTION
    assert d.consequence.en == "the text attaches no sanction"


def test_not_yet_performed_is_neither_late_nor_in_time() -> None:
    d = outcome(SUSPEND, None)
    assert (d.done_on, d.late, d.consequence) == (None, None, None)


@pytest.mark.parametrize(
    ("reported", "late"),
    [(D(2026, 10, 8), False), (D(2026, 10, 9), True)],
)
def test_the_working_day_after_a_holiday(reported: D, late: bool) -> None:
    # a month after 2026-09-01 is 2026-10-01, in the National Day holiday: due 2026-10-08
    d = outcome(SUSPEND, reported, on=D(2026, 9, 1))
    assert d.due == D(2026, 10, 8)
    assert d.late is late
