"""Priority flags, cohort grading under quotas, and exit consequences."""

from __future__ import annotations

import copy
import datetime as dt
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from talentkit import (
    Award,
    Ban,
    Citation,
    CohortEntry,
    Compare,
    Deadline,
    Engine,
    Event,
    ExitCase,
    ExitRule,
    GradingScheme,
    InputError,
    Money,
    Profile,
    Programme,
    Recover,
    Status,
    Text,
    Verdict,
    hookimpl,
)
from talentkit.convert import read_document
from talentkit.exits import ExitReport, evaluate_exit
from talentkit.params import ParameterStore
from talentkit.rules.context import Context

D = dt.date
AS_OF = D(2026, 10, 20)
EXAMPLE = read_document(Path(__file__).parent / "fooland" / "example.toml")
DECIDED = {"fooland.team.standing": {"value": True, "by": "panel", "on": "2026-04-01"}}
CITE = Citation(document="T", article="第1条")


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.create(entry_points=False)


# -- priority flags never filter ---------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "status", "points"),
    [
        ("ai", Status.PASS, Fraction(1)),
        ("energy", Status.PASS, Fraction(1)),
        ("other", Status.FAIL, Fraction(0)),
        (None, Status.UNKNOWN, None),
    ],
)
def test_priority_flag_never_changes_the_verdict(
    engine: Engine, field: str | None, status: Status, points: Fraction | None
) -> None:
    raw = copy.deepcopy(EXAMPLE)
    raw["decisions"] = DECIDED
    if field is None:
        del raw["facts"]["fooland.field"]
    else:
        raw["facts"]["fooland.field"] = field
    (a,) = engine.assess(engine.load(raw), ["fooland.team"], as_of=AS_OF).assessments
    assert a.verdict is Verdict.ELIGIBLE
    assert a.missing == ()
    (line,) = a.scoring
    assert (line.id, line.status, line.points) == ("fooland.team.priority_field", status, points)
    if status is Status.UNKNOWN:
        assert line.missing == ("facts.fooland.field",)


# -- cohort grading: "excellent" at most 20 % -------------------------------------------


def cohort(n: int, excellent: int, scores: list[int] | None = None) -> list[CohortEntry]:
    scores = scores or [100 - i for i in range(excellent)]
    return [
        CohortEntry(
            subject=f"s{i}",
            proposed="excellent" if i < excellent else "qualified",
            score=scores[i] if i < excellent else 50,
        )
        for i in range(n)
    ]


@pytest.mark.parametrize(("n", "limit"), [(10, 2), (9, 1), (5, 1), (4, 0), (14, 2), (15, 3)])
def test_quota_is_rounded_down(engine: Engine, n: int, limit: int) -> None:
    g = engine.grade("fooland.team", cohort(n, n), as_of=AS_OF)
    assert g.assessed == n
    assert g.limits == {"excellent": limit}
    grades = {e.subject: e.grade for e in g.entries}
    assert sorted(s for s, gr in grades.items() if gr == "excellent") == sorted(
        f"s{i}" for i in range(limit)
    )
    demoted = [e for e in g.entries if e.demoted]
    assert len(demoted) == n - limit
    assert all(e.grade == "qualified" for e in demoted)
    assert not any(e.review for e in g.entries)


def test_within_quota_nobody_is_demoted(engine: Engine) -> None:
    g = engine.grade("fooland.team", cohort(10, 2), as_of=AS_OF)
    assert [e.grade for e in g.entries][:3] == ["excellent", "excellent", "qualified"]
    assert not any(e.demoted for e in g.entries)
    assert g.rounding.en.startswith("quota = floor")


def test_tie_at_the_cut_is_flagged_and_never_exceeds_the_quota(engine: Engine) -> None:
    entries = cohort(10, 3, [100, 90, 90])
    g = engine.grade("fooland.team", entries, as_of=AS_OF)
    grades = {e.subject: e.grade for e in g.entries}
    assert grades["s0"] == "excellent"
    assert grades["s1"] == grades["s2"] == "qualified"  # both tied: neither takes the place
    assert sum(gr == "excellent" for gr in grades.values()) <= 2
    assert any(e.review for e in g.entries)
    assert {e.subject for e in g.entries if e.review} <= {"s1", "s2"}


def test_every_subject_tied_at_the_cut_is_flagged(engine: Engine) -> None:
    g = engine.grade("fooland.team", cohort(10, 3, [100, 90, 90]), as_of=AS_OF)
    assert {e.subject for e in g.entries if e.review} == {"s1", "s2"}


def test_over_quota_without_scores_is_an_error(engine: Engine) -> None:
    entries = [CohortEntry(subject=f"s{i}", proposed="excellent") for i in range(5)]
    with pytest.raises(ValueError, match="needs a score"):
        engine.grade("fooland.team", entries, as_of=AS_OF)
    with pytest.raises(InputError, match=r"got 'gold'") as exc:
        engine.grade("fooland.team", [CohortEntry(subject="a", proposed="gold")], as_of=AS_OF)
    assert "@ $.subject[0].proposed" in exc.value.errors[0]


def test_a_subject_graded_twice_is_an_error(engine: Engine) -> None:
    entries = [CohortEntry(subject="s", proposed="excellent")] * 2
    with pytest.raises(InputError) as exc:
        engine.grade("fooland.team", entries, as_of=AS_OF)
    assert exc.value.errors == [
        "subject 's' appears twice (first at $.subject[0]) @ $.subject[1].subject"
    ]


def test_quota_override(engine: Engine) -> None:
    g = engine.grade(
        "fooland.team", cohort(10, 10), as_of=AS_OF, overrides={"fooland.excellent_quota": "30%"}
    )
    assert g.limits == {"excellent": 3}


def test_programme_without_grading_scheme(engine: Engine) -> None:
    with pytest.raises(ValueError, match="has no grading scheme"):
        engine.grade("fooland.transfer", cohort(3, 1), as_of=AS_OF)


# -- exits -------------------------------------------------------------------------------


def award(paid: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"programme": "fooland.team", "awarded_on": "2026-04-01"}
    if paid is not None:
        out["paid"] = paid
    return out


PAID = [
    {"item": "fooland.team.grant", "amount": 500_000, "on": "2026-07-01"},
    {"item": "fooland.team.grant", "amount": 500_000, "on": "2027-07-01"},
    {"item": "fooland.team.bonus", "amount": 3_000_000_000},
]


def exit_report(
    engine: Engine, event: dict[str, Any], award_data: dict[str, Any] | None = None
) -> ExitReport:
    return engine.exit(
        "fooland.team", engine.load(award_data or award(PAID), Award), engine.load(event, Event)
    )


def test_failed_acceptance_cancels_recovers_and_bans(engine: Engine) -> None:
    r = exit_report(
        engine, {"kind": "acceptance_failed", "date": "2026-05-10", "decided_on": "2026-05-20"}
    )
    assert not r.no_rule
    (o,) = r.outcomes
    assert (o.rule_id, o.status, o.new_status) == (
        "fooland.team.exit.failed_acceptance",
        Status.PASS,
        "cancelled",
    )
    assert o.recover == Money.yuan(3_001_000_000)  # everything paid, exact beyond int32
    assert o.recover_items == ("fooland.team.grant", "fooland.team.grant", "fooland.team.bonus")
    (ban,) = o.bans
    assert (ban.on, ban.start, ban.until) == ("leader", D(2026, 5, 20), D(2028, 5, 20))
    assert o.plugin == "talentkit.declared"


@pytest.mark.parametrize(
    ("decided", "until"),
    [
        ("2024-02-29", D(2026, 2, 28)),  # corresponding day, month end in a common year
        ("2026-02-28", D(2028, 2, 28)),
        ("2026-10-01", D(2028, 10, 1)),  # bars do not roll over holidays
    ],
)
def test_ban_until_the_corresponding_day(engine: Engine, decided: str, until: D) -> None:
    r = exit_report(engine, {"kind": "acceptance_failed", "date": decided})
    assert r.outcomes[0].bans[0].until == until


def test_recovery_without_payment_record_is_unknown(engine: Engine) -> None:
    r = exit_report(engine, {"kind": "acceptance_failed", "date": "2026-05-10"}, award())
    (o,) = r.outcomes
    assert (o.status, o.recover, o.missing) == (Status.UNKNOWN, None, ("award.paid",))
    r = exit_report(engine, {"kind": "acceptance_failed", "date": "2026-05-10"}, award([]))
    assert (r.outcomes[0].status, r.outcomes[0].recover) == (Status.PASS, Money(0))


@pytest.mark.parametrize(
    ("event_date", "due"),
    [
        ("2026-08-31", D(2026, 9, 30)),  # month end, a working day
        ("2026-09-01", D(2026, 10, 8)),  # 10-01 is National Day: next working day
        ("2026-04-04", D(2026, 5, 6)),  # 05-04 inside the Labour Day holiday
        ("2026-01-31", D(2026, 2, 28)),  # Saturday 02-28 is a make-up working day
        ("2025-12-01", D(2026, 1, 4)),  # 01-01 holiday; Sunday 01-04 is worked
    ],
)
def test_deadline_in_months_rolls_to_a_working_day(engine: Engine, event_date: str, due: D) -> None:
    r = exit_report(engine, {"kind": "leader_change", "date": event_date})
    (o,) = r.outcomes
    (d,) = o.deadlines
    assert d.due == due
    assert o.recover is None
    assert o.bans == ()


def test_an_event_kind_the_text_does_not_regulate_is_an_input_error(engine: Engine) -> None:
    with pytest.raises(InputError) as exc:
        exit_report(engine, {"kind": "relocation", "date": "2026-05-10"})
    (message,) = exc.value.errors
    assert "has no exit rule for an event of kind 'relocation'" in message
    assert message.endswith("@ $.event.kind")


def test_a_known_kind_whose_conditions_do_not_hold_has_no_rule(engine: Engine) -> None:
    r = exit_report(engine, {"kind": "leader_change", "date": "2026-05-10"})
    assert r.no_rule is False


def run_exit(rule: ExitRule, event: Event, paid_award: Award | None = None) -> list[Any]:
    ctx = Context(profile=Profile(), as_of=event.date, params=ParameterStore())
    case = ExitCase(
        event=event, award=paid_award or Award(programme="t", paid=[]), profile=Profile()
    )
    return evaluate_exit([rule], ctx, case)


def rule(**kw: Any) -> ExitRule:
    return ExitRule(
        id="t.exit",
        cite=CITE,
        text=Text("退出", "exit"),
        trigger="e",
        decided_by=Text("局", "bureau"),
        **kw,
    )


def test_working_day_deadline_and_before_deadline() -> None:
    r = rule(
        deadlines=(
            Deadline(what=Text("整改", "rectify"), working_days=5),
            Deadline(what=Text("申请", "apply"), months=1, before=True),
        )
    )
    (o,) = run_exit(r, Event(kind="e", date=D(2026, 9, 30)))
    assert [d.due for d in o.deadlines] == [D(2026, 10, 13), D(2026, 8, 30)]
    (o,) = run_exit(r, Event(kind="e", date=D(2026, 3, 31)))
    assert o.deadlines[1].due == D(2026, 2, 28)  # before: corresponding day, no roll-over
    with pytest.raises(ValueError, match="before an event are not supported"):
        run_exit(
            rule(deadlines=(Deadline(what=Text("x", "x"), working_days=1, before=True),)),
            Event(kind="e", date=D(2026, 3, 31)),
        )


def test_partial_recovery_of_listed_items() -> None:
    from talentkit.subjects import PaidItem

    paid = Award(
        programme="t",
        paid=[
            PaidItem(item="grant", amount=Money.yuan(500_000)),
            PaidItem(item="grant", amount=Money.parse("333333.01")),
            PaidItem(item="bonus", amount=Money.yuan(100_000)),
        ],
    )
    r = rule(recover=Recover(items=("grant",), share=Fraction(1, 2)))
    (o,) = run_exit(r, Event(kind="e", date=D(2026, 3, 31)), paid)
    # half of 833,333.01 is 416,666.505: recovered to the fen, the half fen not claimed
    assert (o.recover, o.recover_items) == (Money.parse("416666.50"), ("grant", "grant"))


@pytest.mark.parametrize(
    ("keep", "recovered"),
    [
        ("999999.99", "0.01"),  # one fen above what is kept: that fen is recovered
        ("1000000", "0"),  # exactly what was paid is kept
        ("1000000.01", "0"),  # never below nothing
        ("0", "1000000"),
    ],
)
def test_recovery_less_what_is_kept_to_the_fen(keep: str, recovered: str) -> None:
    from talentkit.subjects import PaidItem

    paid = Award(programme="t", paid=[PaidItem(item="grant", amount=Money.yuan(1_000_000))])
    r = rule(recover=Recover(keep=Money.parse(keep)))
    (o,) = run_exit(r, Event(kind="e", date=D(2026, 3, 31)), paid)
    assert o.recover == Money.parse(recovered)


def test_exit_conditions_read_event_and_award() -> None:
    r = rule(
        when=Compare(fact="event.facts.serious"),
        bans=(Ban(on="person", years=3, text=Text("禁", "barred")),),
    )
    assert run_exit(r, Event(kind="e", date=D(2026, 1, 5), facts={"serious": False})) == []
    (o,) = run_exit(r, Event(kind="e", date=D(2026, 1, 5), facts={"serious": True}))
    assert o.bans[0].until == D(2029, 1, 5)
    (o,) = run_exit(r, Event(kind="e", date=D(2026, 1, 5)))
    assert (o.status, o.missing) == (Status.UNKNOWN, ("event.facts.serious",))
    assert run_exit(r, Event(kind="other", date=D(2026, 1, 5))) == []
    r2 = rule(when=Compare(fact="award.status", value="active"), new_status="terminated")
    (o,) = run_exit(r2, Event(kind="e", date=D(2026, 1, 5)))
    assert o.new_status == "terminated"


class TwoQuotas:
    @hookimpl
    def talentkit_add_programmes(self) -> list[Programme]:
        return [
            Programme(
                id="q.prog",
                jurisdiction="q",
                document="Q",
                name=Text("q", "q"),
                grading=GradingScheme(
                    cite=CITE,
                    grades=("A", "B", "C"),
                    quotas={"A": Fraction(1, 5), "B": Fraction(2, 5)},
                ),
            )
        ]


def test_demotions_cascade_through_capped_grades() -> None:
    engine = Engine.create([("q", TwoQuotas())], entry_points=False)
    entries = (
        [CohortEntry(subject=f"a{i}", proposed="A", score=100 - i) for i in range(4)]
        + [CohortEntry(subject=f"b{i}", proposed="B", score=90 - i) for i in range(4)]
        + [CohortEntry(subject=f"c{i}", proposed="C") for i in range(2)]
    )
    g = engine.grade("q.prog", entries, as_of=AS_OF)
    assert g.limits == {"A": 2, "B": 4}
    grades = {e.subject: e.grade for e in g.entries}
    assert grades == {
        "a0": "A",
        "a1": "A",
        "a2": "B",
        "a3": "B",
        "b0": "B",
        "b1": "B",
        "b2": "C",
        "b3": "C",
        "c0": "C",
        "c1": "C",
    }
    assert [e.subject for e in g.entries if e.demoted] == ["a2", "a3", "b2", "b3"]


@pytest.mark.parametrize(
    ("decided", "years", "until"),
    [
        (D(2026, 1, 1), 1, D(2027, 12, 31)),  # "取消下一年度申报资格"
        (D(2026, 12, 31), 1, D(2027, 12, 31)),
        (D(2024, 2, 29), 2, D(2026, 12, 31)),
    ],
)
def test_calendar_year_bans_end_on_31_december(decided: D, years: int, until: D) -> None:
    r = rule(
        bans=(
            Ban(
                on="person",
                years=years,
                calendar_years=True,
                text=Text("下一年度不得申报", "not next year"),
            ),
        )
    )
    (o,) = run_exit(r, Event(kind="e", date=decided))
    assert (o.bans[0].start, o.bans[0].until) == (decided, until)


# -- recovery pro rata to the time not served ------------------------------------------------


TERM = (D(2024, 1, 1), D(2027, 1, 1))  # 1,096 days


def served_award(term: tuple[D | None, D | None] = TERM) -> Award:
    from talentkit.subjects import PaidItem

    return Award(
        programme="t",
        awarded_on=term[0],
        term_end=term[1],
        paid=[
            PaidItem(item="grant", amount=Money.yuan(1_096_000)),
            PaidItem(item="bonus", amount=Money.parse("7.01")),
        ],
    )


@pytest.mark.parametrize(
    ("left", "recovered"),
    [
        (D(2024, 1, 1), 1_096_000),  # nothing served: all of it
        (D(2025, 7, 2), 548_000),  # 548 of 1,096 days unserved
        (D(2025, 7, 3), 547_000),
        (D(2026, 12, 31), 1_000),  # one day left
        (D(2027, 1, 1), 0),  # the whole term served
        (D(2028, 1, 1), 0),
    ],
)
def test_recovery_pro_rata_to_the_time_not_served(left: D, recovered: int) -> None:
    r = rule(recover=Recover(items=("grant",), mode="pro_rata"))
    (o,) = run_exit(r, Event(kind="e", date=left), served_award())
    assert (o.status, o.recover, o.missing) == (Status.PASS, Money.yuan(recovered), ())


def test_recovery_pro_rata_rounds_down_and_applies_the_share() -> None:
    r = rule(recover=Recover(mode="pro_rata", share=Fraction(1, 2)))
    (o,) = run_exit(r, Event(kind="e", date=D(2025, 7, 2)), served_award())
    # (1,096,000 + 7.01) × 1/2 × 548/1096 = 274,001.7525 → 274,001.75, down to the fen
    assert o.recover == Money.parse("274001.75")


def test_recovery_pro_rata_needs_the_term() -> None:
    r = rule(recover=Recover(mode="pro_rata"))
    (o,) = run_exit(r, Event(kind="e", date=D(2025, 7, 2)), served_award((None, None)))
    assert (o.status, o.recover) == (Status.UNKNOWN, None)
    assert o.missing == ("award.awarded_on", "award.term_end")
    with pytest.raises(ValueError, match="expected one of 'full', 'pro_rata'"):
        Recover(mode="prorata")
