"""A share counting a subject outside its list (``also``) whose own record and listing
contradict each other: *needs review* in every selection of result columns, as in the
engine, not only where the missing names are asked for too."""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction
from typing import Any

import pytest

from talentkit import Citation, Compare, Engine, Programme, Share, Text, hookimpl
from talentkit.batch.evaluate import KEY_COLUMNS, OUTPUT_COLUMNS, assessment_row
from talentkit.batch.io import parse_records
from talentkit.batch.run import assess_chunk, plans_for

AS_OF = dt.date(2025, 6, 1)
CITE = Citation(document="FOO-1", article="第1条")
RULE = "also.full_time_share"


class ShareAlso:
    """One rule: at least half the core members full-time, the person counted once."""

    @hookimpl
    def talentkit_add_programmes(self) -> list[Programme]:
        return [
            Programme(
                id="also.p",
                jurisdiction="fooland",
                document="FOO-1",
                subject="person",
                name=Text("含本人的比例", "a share with the person"),
                rules=[
                    Share(
                        id=RULE,
                        collection="team.members",
                        where=Compare(fact="full_time"),
                        among=Compare(fact="core"),
                        also=("person",),
                        fraction=Fraction(1, 2),
                        cite=CITE,
                        text=Text("全职不少于一半", "at least half full-time"),
                    )
                ],
            )
        ]


def member(mid: str, full_time: bool | None) -> dict[str, Any]:
    out: dict[str, Any] = {"id": mid, "core": True}
    if full_time is not None:
        out["full_time"] = full_time
    return out


def case(cid: str, members: list[dict[str, Any]], **person: Any) -> dict[str, Any]:
    return {
        "id": cid,
        "person": {"id": "p", "core": True, "full_time": True, **person},
        "team": {"members": members},
    }


CASES = [
    # listed not full-time, full-time by their own record: 1 of 1 or 0 of 1
    case("deciding", [member("p", False)]),
    case("deciding_with_others", [member("p", False), member("q", True), member("r", False)]),
    # 3 of 3 or 2 of 3: met either way
    case("not_deciding", [member("p", False), member("q", True), member("r", True)]),
    # one reading open (r's hours unknown): undetermined, not for review
    case("one_reading_open", [member("p", False), member("q", False), member("r", None)]),
    case("agreeing", [member("p", True), member("q", False)]),
    case("apart", [member("q", False), member("r", True)]),
    case("no_id", [member("q", False)], id=None),
]

SELECTIONS: list[tuple[str, ...]] = [
    *((c,) for c in OUTPUT_COLUMNS),
    ("verdict", "review"),
    ("review", "failed"),
    ("missing", "review"),
]


@pytest.fixture(scope="module")
def share_engine() -> Engine:
    engine = Engine.create([("also", ShareAlso())], entry_points=False)
    assert engine.problems == []
    return engine


def test_a_contradiction_is_for_review_in_every_selection(share_engine: Engine) -> None:
    cases = [json.loads(json.dumps(c)) for c in CASES]
    for c in cases:
        c["person"] = {k: v for k, v in c["person"].items() if v is not None}
    lines = [json.dumps(c) for c in cases]
    chunk = parse_records(1, lines, "jsonl", share_engine.registry.facts, {})
    assert not chunk.errors

    def assessed(columns: tuple[str, ...] | None) -> Any:
        plans, store = plans_for(
            share_engine, ["also.p"], as_of=AS_OF, overrides=None, columns=columns
        )
        assert not plans[0].fallback
        return assess_chunk(share_engine, plans, chunk, store, AS_OF)[0]

    full = assessed(None)
    verdicts = {}
    for i, data in enumerate(cases, start=1):
        report = share_engine.assess(share_engine.load(data), ["also.p"], as_of=AS_OF)
        want = assessment_row(report.assessments[0])
        row = full.row(i - 1, named=True)
        assert {k: row[k] for k in want} == want, data["id"]
        verdicts[data["id"]] = want["verdict"]
    assert verdicts["deciding"] == verdicts["deciding_with_others"] == "needs_review"
    assert verdicts["not_deciding"] == "eligible"
    assert verdicts["one_reading_open"] == "undetermined"
    for columns in SELECTIONS:
        want_columns = [*KEY_COLUMNS, *(c for c in OUTPUT_COLUMNS if c in columns)]
        got = assessed(columns)
        assert got.columns == want_columns
        assert got.equals(full.select(want_columns)), columns
    alone = assessed(("review",))["review"].to_list()
    assert alone[0] == [
        "team.members[0].full_time = false 与 person.full_time = true 不一致（同一人），"
        "须核实后更正"
    ]
