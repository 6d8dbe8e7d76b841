"""A list rule's date (``on``) is read where the engine reads it: in the rule's own scope,
not in each item's. ``yangquan.team``'s leader may not apply within two years of failing an
acceptance (第21条), counted back from the application's submission
(``on="application.submitted_on"``): the compiled run read the date from each of the
leader's records, found none, and passed every barred leader."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from talentkit import Citation, Engine, NoneWithin, OneOf, Text, TimeSpent
from talentkit.convert import unstructure
from talentkit.dates import Period
from tests.batch.screening import LAYOUTS, adding, screened, written

ROOT = Path(__file__).resolve().parents[2]
TEAM = "yangquan.team.key"
BARRED = "yangquan.team.all.leader_not_barred"
AS_OF = dt.date(2026, 6, 30)
SUBMITTED = dt.date(2026, 4, 10)
OVERRIDES = {"yangquan.team.issued_on": "2025-01-01"}


def _teams(engine: Engine) -> list[dict[str, Any]]:
    """The shipped key team, its leader's acceptance failed the day before the window of
    two years back from the submission, on its first day, a year before, and long ago."""
    case = unstructure(engine.load(ROOT / "plugins/yangquan/examples/team-key.toml"))
    out = []
    for i, failed in enumerate(
        [dt.date(2024, 4, 9), dt.date(2024, 4, 10), dt.date(2025, 4, 10), dt.date(2020, 1, 1)]
    ):
        leader = {
            **case["team"]["leader"],
            "records": [{"kind": "yangquan.team.acceptance_failed", "date": failed.isoformat()}],
        }
        out.append({**case, "id": f"failed-{i}", "team": {**case["team"], "leader": leader}})
    return out


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_barred_leader_is_barred_in_a_compiled_run(tmp_path: Path, layout: str) -> None:
    engine = Engine.create()
    cases = _teams(engine)
    src = written(engine, cases, tmp_path, layout)
    out, _, _ = screened(
        engine,
        src,
        tmp_path / "out.parquet",
        0,
        programmes=[TEAM],
        as_of=AS_OF,
        overrides=OVERRIDES,
    )
    got = {r["subject_id"]: r for r in out.to_dicts()}
    barred = []
    for case in cases:
        (a,) = engine.assess(
            engine.load(case), [TEAM], as_of=AS_OF, overrides=OVERRIDES
        ).assessments
        row = got[case["id"]]
        assert (row["verdict"], row["failed"], row["missing"]) == (
            a.verdict.value,
            list(a.failed),
            list(a.missing),
        ), case["id"]
        barred.append(BARRED in a.failed)
    # within the two years back from the submission, their first day included
    assert barred == [False, True, True, False]


CITE = Citation(document="SX-QR", article="第七条")
PERSON = "shaanxi.qianren.long"
#: a disciplinary record in the three years before the submission
NO_RECORD = NoneWithin(
    id="declares.no_record",
    collection="person.records",
    where=OneOf(fact="kind", values=("disciplinary",)),
    date_field="date",
    period=Period(years=3),
    on="application.submitted_on",
    cite=CITE,
    text=Text("无记录", "no record"),
)
#: at least a year at a post, counted up to the submission
POSTED = TimeSpent(
    id="declares.posted",
    spells="person.positions",
    on="application.submitted_on",
    at_least=Period(years=1),
    cite=CITE,
    text=Text("任职一年", "a year at a post"),
)


def test_a_dated_list_rule_reads_the_case_date_not_the_items(tmp_path: Path) -> None:
    """The same for a look-back and a time spent, on made-up rules: a record a year before
    the submission fails the look-back, a post held from two years before it passes."""
    engine = Engine.create([adding(PERSON, NO_RECORD, POSTED)])
    cases = [
        {
            "id": f"p{i}",
            "person": {
                "records": [{"kind": "disciplinary", "date": record}],
                "positions": [{"organisation": "o", "start": start}],
            },
            "application": {"submitted_on": "2024-05-01"},
        }
        for i, (record, start) in enumerate(
            [("2023-05-01", "2022-05-01"), ("2020-05-01", "2023-06-01")]
        )
    ]
    src = written(engine, cases, tmp_path, "jsonl")
    out, _, _ = screened(engine, src, tmp_path / "out.parquet", 0, programmes=[PERSON], as_of=AS_OF)
    got = {r["subject_id"]: r for r in out.to_dicts()}
    statuses = []
    for case in cases:
        (a,) = engine.assess(engine.load(case), [PERSON], as_of=AS_OF).assessments
        row = got[case["id"]]
        assert (row["verdict"], row["failed"]) == (a.verdict.value, list(a.failed)), case["id"]
        status = {c.rule_id: c.status.value for c in a.checks}
        statuses.append((status["declares.no_record"], status["declares.posted"]))
    assert statuses == [("fail", "pass"), ("pass", "fail")]
