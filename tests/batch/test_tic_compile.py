"""阳泉 TIC's two rules that once ran case by case compile and give what the engine gives.

* 第九条（五）, a list rule over a list inside each item (each host's records): each record
  at the edge of the three-year window, an undated record, an unclassified severity, a host
  without records, a list of records absent;
* 第九条（四）, an exact decimal (the floor area, 1000 m²): one unit of the last written
  decimal below and above, trailing zeros, a value beyond 64 bits.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from talentkit import Engine
from tests.batch.test_differential import check_population, engine  # noqa: F401
from tests.batch.test_fallback import fallback

SUBMITTED = dt.date(2025, 3, 1)
CLEAN = "yangquan.tic.eligibility.clean_record_3y"
AREA = "yangquan.tic.eligibility.floor_area"


def record(kind: str, date: dt.date | None, severity: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": kind}
    if date is not None:
        out["date"] = date.isoformat()
    if severity is not None:
        out["severity"] = severity
    return out


def host(role: str, records: list[dict[str, Any]] | None) -> dict[str, Any]:
    org: dict[str, Any] = {"id": role, "role": role}
    if records is not None:
        org["records"] = records
    return org


def case(cid: str, *orgs: dict[str, Any], submitted: dt.date | None = SUBMITTED) -> dict[str, Any]:
    app = {"submitted_on": submitted.isoformat()} if submitted else {}
    return {"id": cid, "organisations": list(orgs), "application": app}


START = dt.date(2022, 3, 1)  # three years before the submission
DAY = dt.timedelta(days=1)

CASES = [
    case("none", host("first_host", []), host("host", [])),
    case("at_start", host("first_host", [record("illegal", START)])),
    case("day_before", host("first_host", [record("illegal", START - DAY)])),
    case("on_submission", host("host", [record("dishonest", SUBMITTED)])),
    case("after", host("host", [record("dishonest", SUBMITTED + DAY)])),
    case("minor", host("first_host", [record("safety_accident", START, "minor")])),
    case(
        "major", host("first_host", []), host("host", [record("quality_incident", START, "major")])
    ),
    case("unclassified", host("first_host", [record("environmental_violation", START)])),
    case("undated", host("first_host", [record("illegal", None), record("other", None)])),
    case(
        "second_host_undated",
        host("first_host", [record("illegal", START - DAY)]),
        host("host", [record("other", SUBMITTED), record("illegal", None)]),
    ),
    case("not_a_host", host("partner", [record("illegal", SUBMITTED)])),
    case("no_records_list", host("first_host", None)),
    case("no_role", {"id": "x", "records": [record("illegal", SUBMITTED)]}),
    case("no_submission", host("first_host", [record("illegal", START)]), submitted=None),
    case("no_orgs"),
]


def test_the_nested_list_rule_and_the_decimal_compile(engine: Engine) -> None:  # noqa: F811
    assert fallback(engine, engine.programme("yangquan.tic")) == {}


def test_batch_equals_the_engine_over_records_of_each_host(engine: Engine) -> None:  # noqa: F811
    check_population(engine, CASES)


AREAS = ["999.9", "999.99999", "1000", "1000.0", "1000.000", "1000.00001", "999", "-1000"]
WIDE = ["99999999999999999999.5", "1000.0000000000000000001", None]


def test_batch_equals_the_engine_on_the_floor_area(engine: Engine) -> None:  # noqa: F811
    profiles = []
    for i, area in enumerate([*AREAS, *WIDE]):
        facts = {} if area is None else {"yangquan.tic.floor_area_m2": area}
        profiles.append({"id": f"a{i}", "facts": facts, "organisations": [host("first_host", [])]})
    check_population(engine, profiles)
