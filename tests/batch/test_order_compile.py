"""The order of applications (:class:`~talentkit.rules.ApplicationLimit`, used for 三秦办法
第三十二条) compiles and gives what the engine gives: another application submitted one day
earlier, the same day or one day later, undated, undecided, and this application's own date
missing; under first come (limit 1) and all rejected (limit 2)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from talentkit import Engine
from tests.batch.test_differential import AS_OF, check_population, engine  # noqa: F401
from tests.batch.test_fallback import fallback

OWN = dt.date(2025, 3, 10)
DAY = dt.timedelta(days=1)
FIRST, ALL = "vocab.order.first_come", "vocab.order.all_rejected"


def other(when: dt.date | None, status: str | None = "pending") -> dict[str, Any]:
    out: dict[str, Any] = {"programme": "other"}
    if status is not None:
        out["status"] = status
    if when is not None:
        out["date"] = when.isoformat()
    return out


def case(cid: str, others: list[Any] | None, own: dt.date | None = OWN) -> dict[str, Any]:
    out: dict[str, Any] = {"id": cid, "person": {"birth_date": "1980-01-01"}}
    if others is not None:
        out["history"] = {"applications": others}
    if own is not None:
        out["application"] = {"submitted_on": own.isoformat()}
    return out


#: (case, status under first come with limit 1, status under all rejected with limit 2)
CASES = [
    (case("none", []), "pass", "pass"),
    (case("a_day_earlier", [other(OWN - DAY)]), "fail", "pass"),
    (case("same_day", [other(OWN)]), "review", "pass"),
    (case("a_day_later", [other(OWN + DAY)]), "pass", "pass"),
    (case("decided", [other(OWN - DAY, status="selected")]), "pass", "pass"),
    (case("undated", [other(None)]), "unknown", "pass"),
    (case("status_unknown", [other(OWN - DAY, status=None)]), "unknown", "pass"),
    (case("later_and_unknown", [other(OWN + DAY), other(OWN, status=None)]), "unknown", "unknown"),
    (case("earlier_and_undated", [other(OWN - DAY), other(None)]), "fail", "fail"),
    (case("same_day_and_undated", [other(OWN), other(None)]), "unknown", "fail"),
    (case("later_and_same_day", [other(OWN + DAY), other(OWN)]), "review", "fail"),
    (case("two_later", [other(OWN + DAY), other(OWN + 2 * DAY)]), "pass", "fail"),
    (case("own_date_missing", [other(OWN - DAY)], own=None), "unknown", "pass"),
    (case("own_missing_no_other", [other(OWN, status="selected")], own=None), "pass", "pass"),
    (case("no_history", None), "unknown", "unknown"),
]


def _status(eng: Engine, data: dict[str, Any], programme: str) -> str:
    (a,) = eng.assess(eng.load(data), [programme], as_of=AS_OF).assessments
    (check,) = (c for c in a.checks if c.rule_id == f"{programme}.limit")
    return check.status.value


def test_the_order_of_applications_compiles(engine: Engine) -> None:  # noqa: F811
    for pid in (FIRST, ALL):
        assert fallback(engine, engine.programme(pid)) == {}


def test_the_cases_are_at_the_boundaries(engine: Engine) -> None:  # noqa: F811
    # what the cases exercise: a test that would pass were the rule wrong is no test
    for data, first, every in CASES:
        assert (_status(engine, data, FIRST), _status(engine, data, ALL)) == (first, every), data


def test_batch_equals_the_engine_on_the_order_of_applications(engine: Engine) -> None:  # noqa: F811
    check_population(engine, [data for data, _, _ in CASES])
