"""阳泉 TIC's two rules that once ran case by case compile and give what the engine gives.

* 第九条（五）, a list rule over a list inside each item (each host's records): each record
  at the edge of the three-year window, an undated record, an unclassified severity, a host
  without records, a list of records absent;
* 第九条（四）, an exact decimal (the floor area, 1000 m²): one unit of the last written
  decimal below and above, trailing zeros, a value beyond 64 bits;
* 第九条（三）, the director counted among the fixed staff once (``also``): listed or not,
  listed outside the group, with identities absent on either side, membership or S&T flag
  open, the director's own record and listing contradicting each other, at 20 staff and at
  exactly one half.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from talentkit import Engine
from talentkit.batch.evaluate import assessment_row
from talentkit.batch.io import parse_records
from talentkit.batch.run import assess_chunk, plans_for
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


# -- 第九条（三）: the director among the fixed staff ------------------------------------------


def staff(
    hits: int, others: int, ids: bool = True, extra: list[dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for i in range(hits + others):
        member: dict[str, Any] = {
            "role": "fixed",
            "employer": "first_host" if i < hits else "host",
            "facts": {"yangquan.tic.sci_tech": True},
        }
        if ids:
            member["id"] = f"s{i}"
        out.append(member)
    return out + (extra or [])


def centre(cid: str, members: list[dict[str, Any]] | None, **director: Any) -> dict[str, Any]:
    person = {"id": "d", "employer": "first_host", "facts": {"yangquan.tic.sci_tech": True}}
    person.update(director)
    out = case(cid, host("first_host", []), host("host", []))
    out["person"] = {k: v for k, v in person.items() if v is not None}
    if members is not None:
        out["team"] = {"members": members}
    return out


def listed(role: str | None = "fixed", sci: bool | None = True, **more: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"id": "d", "employer": "first_host", **more}
    if role is not None:
        out["role"] = role
    if sci is not None:
        out["facts"] = {"yangquan.tic.sci_tech": sci}
    return out


DIRECTOR_CASES = [
    centre("19_plus_director", staff(10, 9)),
    centre("18_plus_director", staff(9, 9)),
    centre("director_listed", staff(9, 9, extra=[listed()])),
    centre("director_listed_mobile", staff(10, 9, extra=[listed("mobile")])),
    centre("director_listed_role_open", staff(10, 9, extra=[listed(None)])),
    centre("director_listed_not_sci", staff(9, 10, extra=[listed(sci=False)])),
    centre("director_listed_sci_open", staff(9, 10, extra=[listed(sci=None)])),
    centre(
        "director_listed_21_not_sci",
        staff(10, 10, extra=[listed(sci=False)]),
        facts={"yangquan.tic.sci_tech": False},
    ),
    centre("director_listed_21_sci", staff(9, 11, extra=[listed()])),
    # the director's own record and their listing contradict each other on 第一依托单位科技人员
    centre(
        "contradiction_own_not_sci",
        staff(9, 10, extra=[listed()]),
        facts={"yangquan.tic.sci_tech": False},
    ),
    centre("contradiction_listed_other_host", staff(9, 10, extra=[listed(employer="host")])),
    centre("contradiction_not_deciding", staff(12, 8, extra=[listed(sci=False)])),
    centre("director_sci_open_listed_sci", staff(9, 10, extra=[listed()]), facts={}),
    centre("director_sci_open_listed_not_sci", staff(9, 10, extra=[listed(sci=False)]), facts={}),
    centre("half_exactly", staff(9, 10)),
    centre("under_half", staff(10, 10), employer="host"),
    centre("director_sci_open", staff(9, 10), facts={}),
    centre("no_ids", staff(10, 9, ids=False)),
    centre("no_ids_many", staff(15, 10, ids=False)),
    centre("director_no_id", staff(10, 9), id=None),
    centre("director_no_id_share_open", staff(9, 10), id=None),
    centre("nobody_listed", []),
    centre("no_staff_list", None),
    {**centre("no_director", staff(10, 9)), "person": None},
]


IN_FORCE = dt.date(2026, 10, 20)  # the measure is in force (from 2025-09-08)
STAFF_RULES = ("fixed_staff_min", "first_host_staff_share")


def test_batch_equals_the_engine_for_the_director_among_the_staff(
    engine: Engine,  # noqa: F811
) -> None:
    cases = [{k: v for k, v in c.items() if v is not None} for c in DIRECTOR_CASES]
    plans, store = plans_for(engine, ["yangquan.tic"], as_of=IN_FORCE, overrides=None)
    assert not plans[0].fallback
    chunk = parse_records(1, [json.dumps(c) for c in cases], "jsonl", engine.registry.facts, {})
    assert not chunk.errors
    out, redone = assess_chunk(engine, plans, chunk, store, IN_FORCE)
    got = {(r["row"], r["programme"]): r for r in out.to_dicts()}
    statuses = []
    for i, data in enumerate(cases, start=1):
        report = engine.assess(engine.load(data), ["yangquan.tic"], as_of=IN_FORCE)
        for a in report.assessments:
            want = assessment_row(a)
            assert {k: got[(i, a.programme)][k] for k in want} == want, f"{a.programme} {i}"
            if a.programme == "yangquan.tic":
                statuses.append(
                    [c.status.value for c in a.checks if c.rule_id.endswith(STAFF_RULES)]
                )
    # the cases reach every verdict of both rules; exactly the cases where one is open or
    # the records contradict each other (the staff list given) are left to the engine row
    # by row, so every decided one is compiled
    assert {s for pair in statuses for s in pair} == {"pass", "fail", "unknown", "review"}
    open_ = [
        c for c, pair in zip(cases, statuses, strict=True) if {"unknown", "review"} & set(pair)
    ]
    assert redone == sum(1 for c in open_ if "team" in c)
    # the director's record and their listing: agreeing, contradicting where it decides
    # (the 50% share needs review, naming both facts) and where it does not, one silent
    share = {c["id"]: pair[1] for c, pair in zip(cases, statuses, strict=True)}
    assert share["director_listed"] == "pass"  # both S&T: 10 of 19
    assert share["director_listed_21_not_sci"] == "fail"  # both not: 10 of 21
    assert share["director_listed_not_sci"] == "review"  # 10 or 9 of 20
    assert share["contradiction_own_not_sci"] == "review"
    assert share["contradiction_listed_other_host"] == "review"
    assert share["contradiction_not_deciding"] == "pass"  # 13 or 12 of 21
    assert share["director_listed_sci_open"] == "pass"  # the director's record: 10 of 20
    assert share["director_sci_open_listed_sci"] == "pass"
    assert share["director_sci_open_listed_not_sci"] == "unknown"


def test_a_contradiction_names_both_facts(engine: Engine) -> None:  # noqa: F811
    cases = {c["id"]: c for c in DIRECTOR_CASES}
    for cid, zh in [
        (
            "contradiction_own_not_sci",
            "team.members[19].facts.yangquan.tic.sci_tech = true 与 "
            "person.facts.yangquan.tic.sci_tech = false 不一致",
        ),
        (
            "contradiction_listed_other_host",
            "team.members[19].employer = host 与 person.employer = first_host 不一致",
        ),
    ]:
        data = {k: v for k, v in cases[cid].items() if v is not None}
        report = engine.assess(engine.load(data), ["yangquan.tic"], as_of=IN_FORCE)
        a = next(a for a in report.assessments if a.programme == "yangquan.tic")
        (check,) = [c for c in a.checks if c.rule_id.endswith("first_host_staff_share")]
        assert check.status.value == "review"
        assert [t.zh.split("（")[0] for t in check.review] == [zh]
        assert check.review[0] in a.review  # a person resolves it before the verdict
