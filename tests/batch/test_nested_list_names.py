"""A list rule over an item's own list (an organisation's ``records`` in a count of the
case's organisations): where an item gives no such list, the compiled run names it as the
engine does, by the item's path (``organisations[1].records``), not by the list's name
alone (``records``), which names a list of the case itself. A date an item's rule reads
from the case's root (``$.application.submitted_on``) is named by its path from the root,
by the engine as by the compiled run (the engine named it
``organisations[1].$.application.submitted_on``)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from talentkit import AllOf, Citation, Compare, Count, Engine, NoneWithin, Not, OneOf, Share, Text
from talentkit.dates import Period
from tests.batch.screening import LAYOUTS, adding, screened, written

AS_OF = dt.date(2026, 10, 20)
TEAM = "fooland.team"
CITE = Citation(document="FOO-1", article="第10条")

#: the host's records hold nothing of the last three years (a look-back in an item)
CLEAN_HOST = Count(
    id="declares.clean_host",
    collection="organisations",
    where=AllOf(
        rules=(
            OneOf(fact="role", values=("host",)),
            Not(rule=NoneWithin(collection="records", date_field="date", period=Period(years=3))),
        )
    ),
    op="==",
    value=0,
    cite=CITE,
    text=Text("无不良记录", "no record"),
)
#: a count and a share of an item's list, inside a count of the case's organisations
RECORDED = Count(
    id="declares.recorded",
    collection="organisations",
    where=Count(collection="records", op=">=", value=1),
    op=">=",
    value=1,
    cite=CITE,
    text=Text("有记录", "recorded"),
)
SHARED = Count(
    id="declares.shared",
    collection="organisations",
    where=Share(
        collection="records",
        where=Compare(fact="kind", value="x"),
        op=">=",
        fraction=Fraction(1, 2),
    ),
    op=">=",
    value=1,
    cite=CITE,
    text=Text("过半", "half"),
)


#: the host's records of the three years before the case's submission
CLEAN_WHEN_SUBMITTED = Count(
    id="declares.clean_when_submitted",
    collection="organisations",
    where=Not(
        rule=NoneWithin(
            collection="records",
            date_field="date",
            period=Period(years=3),
            on="$.application.submitted_on",
        )
    ),
    op="==",
    value=0,
    cite=CITE,
    text=Text("申报前无不良记录", "no record before submission"),
)


def _cases() -> list[dict[str, Any]]:
    """Organisations with and without a role and records, in every order."""
    org = {"id": "o", "name": "Org", "kind": "enterprise"}
    dated = [{"kind": "x", "date": "2025-01-01"}]
    return [
        {"id": "none-given", "organisations": [{**org, "role": "host"}, {**org}]},
        {"id": "second", "organisations": [{**org, "role": "host", "records": dated}, {**org}]},
        {"id": "first", "organisations": [{**org, "records": []}, {**org, "role": "host"}]},
        {"id": "both", "organisations": [{**org, "records": dated}, {**org, "records": []}]},
    ]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_an_items_absent_list_is_named_by_the_items_path(tmp_path: Path, layout: str) -> None:
    import talentkit_fooland.plugin as fooland

    engine = Engine.create(
        [fooland, adding(TEAM, CLEAN_HOST, RECORDED, SHARED, CLEAN_WHEN_SUBMITTED)]
    )
    cases = _cases()
    src = written(engine, cases, tmp_path, layout)
    out, errors, _ = screened(
        engine, src, tmp_path / "out.parquet", 0, programmes=[TEAM], as_of=AS_OF
    )
    assert errors.count(b"\n") <= 1, errors  # the header alone
    got = {r["subject_id"]: r for r in out.to_dicts()}
    named = set()
    when_submitted: list[str] = []
    for case in cases:
        (a,) = engine.assess(engine.load(case), [TEAM], as_of=AS_OF).assessments
        assert got[case["id"]]["verdict"] == a.verdict.value, case["id"]
        assert got[case["id"]]["missing"] == list(a.missing), case["id"]
        named.update(m for m in a.missing if m.startswith("organisations") and "records" in m)
        when_submitted.extend(m for m in a.missing if m.endswith("submitted_on"))
    # the engine names each item's list by the item's path, never by the list's name alone
    assert named == {"organisations[0].records", "organisations[1].records"}
    # and the case's own date by its path from the root, once
    assert set(when_submitted) == {"application.submitted_on"}
