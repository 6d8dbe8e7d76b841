"""一、1 「领军人才（团队）」: an individual leading talent or a team applies, so a case
describing either is assessed for the programme when no programme is named (a case
describing neither is not), by the engine and by batch alike."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from talentkit import Engine
from talentkit.batch import screen_frame

PROGRAMME = "xinzhou.eco.leading_talent"
AS_OF = dt.date(2026, 6, 1)
ENABLED = {"xinzhou.eco.enabled": True, "xinzhou.eco.effective_on": dt.date(2020, 5, 1)}
VENTURE = {"role": "venture", "name": "忻州某新材料有限公司", "city": "忻州市"}


def _assessed(engine: Engine, case: dict[str, Any]) -> list[str]:
    report = engine.assess(engine.load(case), as_of=AS_OF, overrides=ENABLED)
    return [a.programme for a in report.assessments]


def test_a_person_or_a_team_is_assessed_and_neither_is_not() -> None:
    engine = Engine.create()
    assert engine.registry.programmes[PROGRAMME].subject == "person_or_team"
    person = {"id": "p", "person": {"name": "张三"}, "organisations": [VENTURE]}
    team = {"id": "t", "team": {"name": "高纯硅材料团队"}, "organisations": [VENTURE]}
    neither = {"id": "o", "organisations": [VENTURE]}
    assert PROGRAMME in _assessed(engine, person)
    assert PROGRAMME in _assessed(engine, team)
    assert PROGRAMME not in _assessed(engine, neither)


def test_batch_picks_the_same_rows() -> None:
    frame = pl.DataFrame(
        {
            "id": ["p", "t", "o"],
            "person.name": ["张三", None, None],
            "team.name": [None, "高纯硅材料团队", None],
            "organisations[role=venture].city": ["忻州市", "忻州市", "忻州市"],
        }
    )
    screened = screen_frame(
        Engine.create(), frame, as_of=AS_OF, overrides=ENABLED, columns=["verdict"]
    )
    assert screened.summary.balanced
    rows = screened.results.filter(pl.col("programme") == PROGRAMME)["subject_id"].to_list()
    assert rows == ["p", "t"]
