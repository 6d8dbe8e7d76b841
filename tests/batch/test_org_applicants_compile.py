"""The applicants per employer (千人办法 第七条（四） 「一户企业只能申报一名」) compile and give
what the engine gives: the company's other applicants (``organisations[role=company].
applications``, this applicant excluded by ``person.id``) submitted a day earlier, the same
day or a day later, undated, unnamed, withdrawn or to another project; this application's
date or the applicant's id missing; under first come and under all rejected."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from talentkit import Engine
from talentkit.batch.evaluate import assessment_row
from talentkit.batch.io import parse_records
from talentkit.batch.run import assess_chunk, plans_for
from talentkit.convert import unstructure
from tests.batch.test_differential import engine  # noqa: F401

AS_OF = dt.date(2026, 5, 1)
ENTRE = "shaanxi.qianren.entre"
RULE = f"{ENTRE}.one_per_company"
ORDER = f"{ENTRE}.application_order"
OWN = dt.date(2026, 3, 20)
DAY = dt.timedelta(days=1)
SELF_ID = "sx-entre-001"


def entry(
    when: dt.date | None,
    *,
    applicant: str | None = "sx-entre-002",
    status: str = "pending",
    programme: str = ENTRE,
) -> dict[str, Any]:
    out: dict[str, Any] = {"programme": programme, "status": status}
    if applicant is not None:
        out["applicant"] = applicant
    if when is not None:
        out["date"] = when.isoformat()
    return out


SELF = entry(OWN, applicant=SELF_ID)


def case(
    base: dict[str, Any],
    cid: str,
    others: list[dict[str, Any]] | None,
    *,
    own: dt.date | None = OWN,
    person_id: str | None = SELF_ID,
) -> dict[str, Any]:
    data = json.loads(json.dumps(base))
    data["id"] = cid
    (company,) = data["organisations"]
    if others is None:
        company.pop("applications", None)
    else:
        company["applications"] = [SELF, *others]
    if own is None:
        data["application"].pop("submitted_on", None)
    else:
        data["application"]["submitted_on"] = own.isoformat()
    if person_id is None:
        data["person"].pop("id", None)
    else:
        data["person"]["id"] = person_id
    return data


#: (case id, others, keywords, status under first come, status under all rejected)
CASES: list[tuple[str, list[dict[str, Any]] | None, dict[str, Any], str, str]] = [
    ("alone", [], {}, "pass", "pass"),
    ("other_a_day_earlier", [entry(OWN - DAY)], {}, "fail", "fail"),
    ("other_same_day", [entry(OWN)], {}, "review", "fail"),
    ("other_a_day_later", [entry(OWN + DAY)], {}, "pass", "fail"),
    ("other_undated", [entry(None)], {}, "unknown", "fail"),
    ("other_unnamed", [entry(OWN - DAY, applicant=None)], {}, "unknown", "unknown"),
    ("other_withdrawn", [entry(OWN - DAY, status="withdrawn")], {}, "pass", "pass"),
    ("other_project", [entry(OWN - DAY, programme="shaanxi.qianren.long")], {}, "pass", "pass"),
    ("own_date_missing", [entry(OWN - DAY)], {"own": None}, "unknown", "fail"),
    ("own_id_missing", [entry(OWN - DAY)], {"person_id": None}, "unknown", "unknown"),
    ("later_and_undated", [entry(OWN + DAY), entry(None)], {}, "unknown", "fail"),
    ("not_stated", None, {}, "unknown", "unknown"),
]


@pytest.fixture(scope="module")
def population(engine: Engine) -> list[dict[str, Any]]:  # noqa: F811
    base = unstructure(engine.load("plugins/shaanxi/examples/qianren_entre.toml"))
    return [case(base, cid, others, **kw) for cid, others, kw, _, _ in CASES]


def _batch_rows(
    engine: Engine,  # noqa: F811
    profiles: list[dict[str, Any]],
    overrides: dict[str, Any] | None,
) -> list[dict[str, Any]]:
    plans, store = plans_for(engine, [ENTRE], as_of=AS_OF, overrides=overrides)
    (plan,) = plans
    assert plan.fallback == {}  # nothing of the programme runs case by case
    lines = [json.dumps(p) for p in profiles]
    chunk = parse_records(1, lines, "jsonl", engine.registry.facts, {})
    assert not chunk.errors, chunk.errors
    out, _ = assess_chunk(engine, plans, chunk, store, AS_OF)
    return sorted(out.to_dicts(), key=lambda r: r["row"])


@pytest.mark.parametrize(("reading", "column"), [("first_come", 3), ("all_rejected", 4)])
def test_the_company_s_applicants_at_the_boundaries_batch_equals_engine(
    engine: Engine,  # noqa: F811
    population: list[dict[str, Any]],
    reading: str,
    column: int,
) -> None:
    overrides = {ORDER: reading}
    rows = _batch_rows(engine, population, overrides)
    assert len(rows) == len(population)
    for data, row, spec in zip(population, rows, CASES, strict=True):
        report = engine.assess(engine.load(data), [ENTRE], as_of=AS_OF, overrides=overrides)
        (a,) = report.assessments
        # the engine's status is the one the case is at the boundary for
        (check,) = (c for c in a.checks if c.rule_id == RULE)
        assert check.status.value == spec[column], (reading, spec[0])
        want = assessment_row(a)
        assert {k: row[k] for k in want} == want, (reading, spec[0])


def test_what_is_missing_is_named(engine: Engine, population: list[dict[str, Any]]) -> None:  # noqa: F811
    named = {
        "other_undated": "organisations[role=company].applications[1].date",
        "other_unnamed": "organisations[role=company].applications[1].applicant",
        "own_date_missing": "application.submitted_on",
        "own_id_missing": "person.id",
        "not_stated": "organisations[role=company].applications",
    }
    for data in population:
        if data["id"] in named:
            (a,) = engine.assess(engine.load(data), [ENTRE], as_of=AS_OF).assessments
            (check,) = (c for c in a.checks if c.rule_id == RULE)
            assert named[data["id"]] in check.missing, (data["id"], check.missing)
