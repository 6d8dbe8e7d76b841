"""Where a text limits applications, which stand follows the order of submission (first
come) or none in conflict stands (all rejected), as the operator's parameter says."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from talentkit import AllOf, ApplicationLimit, Compare, F, OneOf, P, Parameter, Status
from talentkit.params import ParameterStore
from talentkit.rules.context import Context
from talentkit.subjects import (
    Application,
    History,
    Organisation,
    PastApplication,
    Person,
    Profile,
)
from talentkit.text import Citation

D = dt.date
OWN = D(2026, 4, 1)


def limit(**kw: Any) -> ApplicationLimit:
    return ApplicationLimit(
        id="x.one_at_a_time",
        collection="history.applications",
        where=OneOf(fact="status", values=("pending",)),
        **kw,
    )


def status(
    rule: ApplicationLimit,
    others: list[tuple[D | None, str]] | None,
    own: D | None = OWN,
    store: ParameterStore | None = None,
) -> tuple[Status, tuple[str, ...]]:
    history = (
        History(applications=[PastApplication(programme="p", date=d, status=s) for d, s in others])
        if others is not None
        else History()
    )
    profile = Profile(application=Application(submitted_on=own), history=history)
    ctx = Context(profile=profile, as_of=D(2026, 10, 1), params=store or ParameterStore())
    check = rule.evaluate(ctx)
    return check.status, check.missing


@pytest.mark.parametrize(
    ("other", "expected"),
    [
        (D(2026, 3, 31), Status.FAIL),  # the other came first: this one is the later
        (OWN, Status.REVIEW),  # the same day: the office decides which stands
        (D(2026, 4, 2), Status.PASS),  # this one came first and is accepted
    ],
)
def test_first_come_at_the_boundary(other: D, expected: Status) -> None:
    assert status(limit(), [(other, "pending")])[0] is expected


def test_all_rejected_fails_whenever_the_other_was_submitted() -> None:
    rule = limit(order="all_rejected")
    assert status(rule, [(D(2026, 4, 2), "pending")])[0] is Status.FAIL
    assert status(rule, [(D(2026, 4, 2), "selected")])[0] is Status.PASS  # not in conflict
    assert status(rule, [], own=None)[0] is Status.PASS  # no date needed without conflict


def test_the_limit_counts_this_application() -> None:
    two = limit(limit=2)
    assert status(two, [(D(2026, 3, 1), "pending")])[0] is Status.PASS
    assert status(two, [(D(2026, 3, 1), "pending"), (D(2026, 3, 2), "pending")])[0] is (Status.FAIL)
    assert status(two, [(D(2026, 3, 1), "pending"), (OWN, "pending")])[0] is Status.REVIEW


def test_missing_dates_are_named_never_guessed() -> None:
    assert status(limit(), [(D(2026, 3, 31), "pending")], own=None) == (
        Status.UNKNOWN,
        ("application.submitted_on",),
    )
    assert status(limit(), [(None, "pending")]) == (
        Status.UNKNOWN,
        ("history.applications[0].date",),
    )
    # an earlier conflict decides whatever the undated one turns out to be
    assert status(limit(), [(None, "pending"), (D(2026, 3, 1), "pending")])[0] is Status.FAIL
    assert status(limit(), None)[1] == ("history.applications",)


def test_the_reading_is_an_operator_parameter() -> None:
    cite = Citation(document="D", article="第32条")
    store = ParameterStore()
    store.add(
        [Parameter(key="x.order", type="application_order", value="first_come", citation=cite)]
    )
    rule = limit(order=P("x.order"))
    later = [(D(2026, 4, 2), "pending")]
    assert status(rule, later, store=store)[0] is Status.PASS
    switched = store.with_overrides({"x.order": "all_rejected"})
    assert status(rule, later, store=switched)[0] is Status.FAIL


def test_an_unknown_reading_fails_at_construction_and_in_a_parameter() -> None:
    with pytest.raises(ValueError, match="first_come"):
        limit(order="first_served")  # type: ignore[arg-type]
    store = ParameterStore()
    store.add([Parameter(key="x.order", type="application_order", value="first_come")])
    with pytest.raises(ValueError, match="one of first_come, all_rejected"):
        store.with_overrides({"x.order": "fifo"})


# -- the applicants of an organisation (「一户企业只能申报一名」) -------------------------------

ME = "me"


def per_company(**kw: Any) -> ApplicationLimit:
    """At most one applicant per company: the company's other applicants, this one
    excluded by the applicant's id."""
    return ApplicationLimit(
        id="x.one_per_company",
        collection="organisations[role=company].applications",
        where=AllOf(
            rules=(
                OneOf(fact="status", values=("pending",)),
                Compare(fact="applicant", op="!=", value=F("$.person.id")),
            )
        ),
        **kw,
    )


def company_status(
    rule: ApplicationLimit,
    others: list[tuple[D | None, str | None]] | None,
    *,
    own: D | None = OWN,
    me: str | None = ME,
) -> tuple[Status, tuple[str, ...]]:
    """``others``: (date, applicant) of the company's other pending applications; the
    company's list also holds this application, under ``me``."""
    listed = (
        [
            PastApplication(programme="p", date=OWN, status="pending", applicant=ME),
            *(
                PastApplication(programme="p", date=d, status="pending", applicant=who)
                for d, who in others
            ),
        ]
        if others is not None
        else None
    )
    profile = Profile(
        person=Person(id=me),
        organisations=[Organisation(role="company", applications=listed)],
        application=Application(submitted_on=own),
    )
    ctx = Context(profile=profile, as_of=D(2026, 10, 1), params=ParameterStore())
    check = rule.evaluate(ctx)
    return check.status, check.missing


@pytest.mark.parametrize(
    ("other", "expected"),
    [
        (D(2026, 3, 31), Status.FAIL),  # another applicant of the company came first
        (OWN, Status.REVIEW),  # the same day: the office decides which stands
        (D(2026, 4, 2), Status.PASS),  # this one came first and is accepted
    ],
)
def test_another_applicant_of_the_company_at_the_boundary(other: D, expected: Status) -> None:
    assert company_status(per_company(), [(other, "you")])[0] is expected


def test_this_applicant_listed_alone_is_not_another() -> None:
    assert company_status(per_company(), []) == (Status.PASS, ())
    assert company_status(per_company(order="all_rejected"), [])[0] is Status.PASS


def test_all_rejected_fails_both_applicants_of_the_company() -> None:
    rule = per_company(order="all_rejected")
    assert company_status(rule, [(D(2026, 4, 2), "you")])[0] is Status.FAIL  # this came first
    assert company_status(rule, [(D(2026, 3, 31), "you")])[0] is Status.FAIL  # the other did


def test_what_the_company_s_list_lacks_is_named() -> None:
    path = "organisations[role=company].applications"
    assert company_status(per_company(), [(None, "you")]) == (Status.UNKNOWN, (f"{path}[1].date",))
    assert company_status(per_company(), [(D(2026, 3, 31), None)]) == (
        Status.UNKNOWN,
        (f"{path}[1].applicant",),
    )
    # without the applicant's id no entry can be told apart from this one
    assert company_status(per_company(), [(D(2026, 3, 31), "you")], me=None)[1] == ("person.id",)
    assert company_status(per_company(), [(D(2026, 3, 31), "you")], own=None) == (
        Status.UNKNOWN,
        ("application.submitted_on",),
    )
    assert company_status(per_company(), None) == (Status.UNKNOWN, (path,))
