"""Where a text limits applications, which stand follows the order of submission (first
come) or none in conflict stands (all rejected), as the operator's parameter says."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from talentkit import ApplicationLimit, OneOf, P, Parameter, Status
from talentkit.params import ParameterStore
from talentkit.rules.context import Context
from talentkit.subjects import Application, History, PastApplication, Profile
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
