"""The facts an ``InRole`` check lacks, named by the compiled run as the engine names them:
the organisations that could be the member's unit but have no id, in their order
(``organisations[0].id``). Only where the unit's own organisation has no role, whose name
falls among them, does the engine name them (the case is sent to it)."""

from __future__ import annotations

from typing import Any

import pytest

from talentkit import (
    Citation,
    Count,
    Document,
    Engine,
    InRole,
    Jurisdiction,
    Programme,
    Text,
    hookimpl,
)
from tests.batch.screening import same_as_engine

C = Citation(document="ROLE-1", article="第1条")
T = Text("成员全职所在单位为申报单位", "members work at a participating unit")
PROGRAMME = "role.team"


class Roles:
    @hookimpl
    def talentkit_add_jurisdictions(self) -> list[Jurisdiction]:
        return [Jurisdiction(id="role", name=Text("角色", "roles"))]

    @hookimpl
    def talentkit_add_documents(self) -> list[Document]:
        return [Document(id="ROLE-1", title="角色测试", jurisdiction="role")]

    @hookimpl
    def talentkit_add_programmes(self) -> list[Programme]:
        return [
            Programme(
                id=PROGRAMME,
                jurisdiction="role",
                document="ROLE-1",
                name=Text("团队", "a team"),
                subject="team",
                summary=T,
                rules=[
                    Count(
                        id="role.team.members_at_units",
                        cite=C,
                        text=T,
                        collection="team.members",
                        where=InRole(fact="employer", roles=("lead", "partner")),
                        op=">=",
                        value=2,
                    )
                ],
            )
        ]


@pytest.fixture(scope="module")
def engine() -> Engine:
    made = Engine.create([("roles", Roles())], entry_points=False)
    assert made.problems == []
    return made


def team(*employers: str, organisations: list[dict[str, Any]]) -> dict[str, Any]:
    members = [{"id": f"m{i}", "employer": e} for i, e in enumerate(employers)]
    return {"id": "t", "team": {"members": members}, "organisations": organisations}


def missing(engine: Engine, data: dict[str, Any]) -> list[str]:
    (a,) = engine.assess(engine.load(data), [PROGRAMME]).assessments
    return list(a.missing)


NO_IDS = team(
    "u1",
    "u2",
    organisations=[
        {"role": "lead"},  # could be u1 or u2
        {"id": "u3", "role": "partner"},
        {"role": "funder"},  # not a role that counts: whatever its id
        {},  # could be either
    ],
)
ROLE_OPEN = team("u1", "u2", organisations=[{"role": "lead"}, {"id": "u2"}])


def test_the_organisations_without_an_id_are_named_in_their_order(engine: Engine) -> None:
    assert missing(engine, NO_IDS) == ["organisations[0].id", "organisations[3].id"]
    assert same_as_engine(engine, [NO_IDS], [PROGRAMME]) == 0


def test_a_unit_s_organisation_without_a_role_is_named_by_the_engine(engine: Engine) -> None:
    assert missing(engine, ROLE_OPEN) == ["organisations[0].id", "organisations[1].role"]
    assert same_as_engine(engine, [ROLE_OPEN], [PROGRAMME]) == 1


def test_a_population_of_both(engine: Engine) -> None:
    settled = team(
        "u1", "u2", organisations=[{"id": "u1", "role": "lead"}, {"id": "u2", "role": "partner"}]
    )
    assert same_as_engine(engine, [NO_IDS, settled, ROLE_OPEN, NO_IDS], [PROGRAMME]) == 1
