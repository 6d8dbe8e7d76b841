"""Parts of an explanation worked out once and reused from case to case (what a reviewer
is asked, an age limit's birth-date test): each case, date and parameter set still gets
the text its own values give, in any order of cases."""

from __future__ import annotations

import datetime as dt

from talentkit import AgeAtMost, Attested, Judgement, P, Person, Profile, Status
from talentkit.dates import earliest_birth_within
from talentkit.params import Parameter, ParameterStore
from talentkit.rules.context import Context, Shared
from talentkit.rules.temporal import _birth_test, _limit_test
from talentkit.subjects import Attestation
from talentkit.text import Citation, Text

ON = dt.date(2026, 3, 1)


def _store() -> ParameterStore:
    store = ParameterStore()
    cite = Citation("T", "第1条")
    store.add(
        [
            Parameter(key="t.years", type="int", value=40, citation=cite),
            Parameter(key="t.method", type="age_method", value="completed_years", citation=cite),
        ]
    )
    return store


STORE = _store()

ASKED = Attested(
    id="t.asked",
    key="t.a",
    question=Text("至少{years}年", "at least {years} years"),
    params=(P("t.years"),),
)


def _explained_review(ctx: Context) -> tuple[Text, ...]:
    check = ASKED.evaluate(ctx)
    assert check.status is Status.REVIEW
    return check.review  # read from the check: its explanation is built


def test_what_a_reviewer_is_asked_shows_each_parameter_set_s_value_in_any_order() -> None:
    """The plan keeps the question per date and parameter set; the explanation of an
    attestation takes it from there, and each case still reads its own store's value."""
    kept = Shared()  # the installed parameters' values, kept from case to case
    raised = STORE.with_overrides({"t.years": 45})
    for store, shared, years in [
        (STORE, kept, 40),
        (raised, Shared(), 45),
        (STORE, kept, 40),
        (raised, None, 45),
        (STORE, None, 40),
    ]:
        ctx = Context(profile=Profile(), as_of=ON, params=store, shared=shared)
        want = (
            Text(
                f"待审核人确认：至少{years}年",
                f"to be attested by a reviewer: at least {years} years",
            ),
        )
        assert _explained_review(ctx) == want
        assert ASKED.evaluate_now(ctx).review == want


def test_an_attestation_given_is_explained_with_its_question_in_force() -> None:
    given = Profile(attestations={"t.a": Attestation(value=False, by="r", on=ON)})
    raised = STORE.with_overrides({"t.years": 45})
    for store, years in [(STORE, 40), (raised, 45), (STORE, 40)]:
        ctx = Context(profile=given, as_of=ON, params=store, shared=Shared())
        check = ASKED.evaluate(ctx)
        assert check.status is Status.FAIL
        assert check.hints == (
            Text(
                f"须经确认：至少{years}年", f"needs a positive attestation: at least {years} years"
            ),
        )


def test_what_a_panel_is_asked_is_each_judgement_s_own() -> None:
    ctx = Context(profile=Profile(), as_of=ON, params=STORE, shared=Shared())
    for _ in range(2):
        for criterion in ("国内领先", "国际领先"):
            rule = Judgement(id="t.judged", criterion=Text(criterion, criterion + " (en)"))
            check = rule.evaluate(ctx)
            assert check.review == (
                Text(f"专家评审判断：{criterion}", f"for the expert panel: {criterion} (en)"),
            )
            assert rule.evaluate_now(ctx).review == check.review


def _test(limit: object, ref: dt.date, method: str = "completed_years") -> Text:
    earliest = earliest_birth_within(limit, ref, method)  # type: ignore[arg-type]
    return _birth_test(method, earliest, limit, ref)  # type: ignore[arg-type]


def test_an_age_limit_s_birth_date_test_follows_the_date_and_the_parameters() -> None:
    """Two cases in a row at two dates, under the installed and an overridden limit and
    method: each explanation states the test of its own date and values."""
    old = Person(name="p", birth_date=dt.date(1970, 1, 1), gender="male")
    rule = AgeAtMost(
        birth="person.birth_date", years=P("t.years"), on="as_of", method=P("t.method")
    )
    later = dt.date(2027, 6, 30)
    overridden = STORE.with_overrides({"t.years": 45, "t.method": "calendar_year"})
    for store, on, years, method in [
        (STORE, ON, 40, "completed_years"),
        (STORE, later, 40, "completed_years"),
        (overridden, ON, 45, "calendar_year"),
        (STORE, ON, 40, "completed_years"),
        (overridden, later, 45, "calendar_year"),
    ]:
        for shared in (Shared(), None):
            ctx = Context(profile=Profile(person=old), as_of=on, params=store, shared=shared)
            check = rule.evaluate(ctx)
            assert check.status is Status.FAIL
            assert check.hints == (_test(years, on, method),)
            assert check.hints[0].zh.endswith(
                f"（{on} 时已满周岁不超过 {years}）"
                if method == "completed_years"
                else f"（{on.year} 年度年龄不超过 {years} 周岁）"
            )
    assert _test(40, ON).zh == "须1985年3月2日（含）以后出生（2026-03-01 时已满周岁不超过 40）"


def test_equal_limits_of_other_types_are_not_taken_for_each_other() -> None:
    """``True == 1`` and a datetime's date part: kept tests are of exactly an integer and
    a date, so a value written otherwise gets its own."""
    assert _limit_test(1, ON, "completed_years", "birthday", "feb28") == _test(1, ON)
    flagged = _limit_test(True, ON, "completed_years", "birthday", "feb28")
    assert flagged == _test(True, ON)
    assert "True" in flagged.en
    assert _limit_test(1, ON, "completed_years", "birthday", "feb28") == _test(1, ON)
