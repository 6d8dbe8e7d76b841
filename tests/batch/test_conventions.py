"""The batch path follows the operator's conventions exactly as the engine does: the day an
age is attained and anniversaries of 29 February, around their boundaries."""

from __future__ import annotations

import copy
import itertools
import json
from typing import Any

import pytest

from talentkit import Engine
from talentkit.batch.evaluate import assessment_row
from talentkit.batch.io import parse_records
from talentkit.batch.run import assess_chunk, plans_for
from talentkit.convert import unstructure
from tests.batch.strategies import AS_OF

BIRTHS = ["1980-02-28", "1980-02-29", "1980-03-01", "1981-02-28", "1981-03-01"]
FOUNDED = ["2024-02-28", "2024-02-29", "2024-03-01"]


def population(engine: Engine) -> list[dict[str, Any]]:
    base = unstructure(engine.load("tests/fooland/example.toml"))
    out = []
    for i, (birth, founded) in enumerate(itertools.product(BIRTHS, FOUNDED)):
        p = copy.deepcopy(base)
        p["id"] = f"p{i}"
        # 2026-02-28: a common year, so a 29 February anniversary is the convention's choice
        p["application"]["call_notice_date"] = "2026-02-28"
        p["team"]["leader"]["birth_date"] = birth
        for m in p["team"]["members"]:
            m["birth_date"] = birth.replace("1980", "1984").replace("1981", "1986")
        p["organisations"][0]["founded_on"] = founded
        out.append(p)
    return out


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"fooland.age_attained": "day_after"},
        {"fooland.leap_day": "mar1"},
        {"fooland.age_attained": "day_after", "fooland.leap_day": "mar1"},
    ],
)
def test_batch_follows_the_conventions(engine: Engine, overrides: dict[str, str]) -> None:
    profiles = population(engine)
    ids = ["fooland.team"]
    plans, store = plans_for(engine, ids, as_of=AS_OF, overrides=overrides)
    # the age, period and look-back rules are compiled to columns, not left to the fallback
    compiled = ("leader_age", "company_age", "no_misconduct", "young_share")
    assert not set(plans[0].fallback) & {f"fooland.team.{r}" for r in compiled}
    lines = [json.dumps(p) for p in profiles]
    chunk = parse_records(1, lines, "jsonl", engine.registry.facts, {})
    assert not chunk.errors, chunk.errors
    out, _ = assess_chunk(engine, plans, chunk, store, AS_OF)
    got = {r["row"]: r for r in out.to_dicts()}
    statuses = set()
    for i, data in enumerate(profiles, start=1):
        report = engine.assess(engine.load(data), ids, as_of=AS_OF, overrides=overrides)
        (a,) = report.assessments
        want = assessment_row(a)
        assert {k: got[i][k] for k in want} == want, f"row {i}: {data}"
        statuses.add(tuple(sorted(c.status.value for c in a.checks)))
    # the population straddles the boundaries: not every case comes out the same
    assert len(statuses) > 1


@pytest.mark.parametrize(
    ("overrides", "leader_age", "company_age"),
    [
        ({}, "fail", "pass"),
        ({"fooland.leap_day": "mar1"}, "pass", "fail"),
        ({"fooland.age_attained": "day_after"}, "pass", "pass"),
    ],
)
def test_the_conventions_decide_the_boundary_case(
    engine: Engine, overrides: dict[str, str], leader_age: str, company_age: str
) -> None:
    # leader born 1980-02-29, host founded 2024-02-29, reference date 2026-02-28
    (case,) = [p for p in population(engine) if p["id"] == "p4"]
    report = engine.assess(engine.load(case), ["fooland.team"], as_of=AS_OF, overrides=overrides)
    status = {c.rule_id: c.status.value for c in report.assessments[0].checks}
    assert status["fooland.team.leader_age"] == leader_age
    assert status["fooland.team.company_age"] == company_age


@pytest.mark.parametrize("window", ["unlimited", "P3Y"])
def test_batch_follows_an_open_look_back(engine: Engine, window: str) -> None:
    base = unstructure(engine.load("plugins/shaanxi/examples/qianren_long.toml"))
    variants: list[list[dict[str, Any]]] = [
        [],
        [{"kind": "academic_misconduct", "substantiated": True}],
        [{"kind": "academic_misconduct", "substantiated": True, "date": "2010-01-01"}],
        [{"kind": "academic_misconduct", "substantiated": True, "date": "2023-03-31"}],
        [{"kind": "academic_misconduct", "substantiated": True, "date": "2026-04-01"}],
        [{"kind": "illegal", "date": "2024-01-01"}],
    ]
    profiles = []
    for i, records in enumerate(variants):
        p = copy.deepcopy(base)
        p["id"] = f"r{i}"
        p["person"]["records"] = records
        profiles.append(p)
    ids = ["shaanxi.qianren.long"]
    overrides = {"shaanxi.qianren.misconduct_lookback": window}
    plans, store = plans_for(engine, ids, as_of=AS_OF, overrides=overrides)
    # the rule is compiled to columns, not left to the case-by-case fallback
    assert "shaanxi.qianren.common.no_misconduct" not in plans[0].fallback
    chunk = parse_records(1, [json.dumps(p) for p in profiles], "jsonl", engine.registry.facts, {})
    assert not chunk.errors, chunk.errors
    out, _ = assess_chunk(engine, plans, chunk, store, AS_OF)
    got = {r["row"]: r for r in out.to_dicts()}
    for i, data in enumerate(profiles, start=1):
        report = engine.assess(engine.load(data), ids, as_of=AS_OF, overrides=overrides)
        want = assessment_row(report.assessments[0])
        assert {k: got[i][k] for k in want} == want, f"row {i}: {data}"
