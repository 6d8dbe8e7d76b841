"""A ``Custom`` predicate the batch evaluates case by case reads its facts from the
chunk's columns where they hold the very values the engine reads (text, whole numbers,
booleans, dates): no case is parsed again from its row (a nested Parquet input keeps no
parsed cases; 5,000 Fooland teams took 4.2-4.4 s, now 0.23-0.36 s). A fact of another kind
(money, a fraction) and a soft rule's failure are still decided on the case. (A predicate
raising on a column's value: ``tests/batch/test_raising_predicates.py``.)"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from talentkit import Citation, Custom, Engine, Money, Text
from talentkit.batch import run
from talentkit.convert import unstructure
from tests.batch.screening import LAYOUTS, adding, screened, written

EXAMPLE = Path(__file__).resolve().parents[1] / "fooland" / "example.toml"
AS_OF = dt.date(2026, 10, 20)
TEAM = "fooland.team"
CITE = Citation(document="FOO-1", article="第10条")


def _big(values: dict[str, Any]) -> bool:
    # (money is Money, not its fen: a whole number here would fail every case)
    paid = values["facts.fooland.matching_per_year"]
    return isinstance(paid, Money) and paid >= Money.yuan(500_000)


def _founded(values: dict[str, Any]) -> bool | None:
    founded = values["organisations[role=host].founded_on"]
    return None if founded.year == 2020 else founded.year >= 2024


def _lead(values: dict[str, Any]) -> bool:
    born, name = values["team.leader.birth_date"], values["team.name"]
    assert isinstance(born, dt.date)
    assert isinstance(name, str)
    return born.year < 1985 and name != "late"


TEXT = Text("谓词", "predicate")
#: three more predicates on the team programme: over plain columns (the team's name and
#: its leader's birth date; soft, so a waiver may excuse its failure), over money (decided
#: on the case), through a selector (decided on the case)
PREDICATES = (
    Custom(
        id="declares.lead",
        facts=["team.leader.birth_date", "team.name"],
        predicate=_lead,
        soft=True,
        cite=CITE,
        text=TEXT,
    ),
    Custom(
        id="declares.big",
        facts=["facts.fooland.matching_per_year"],
        predicate=_big,
        cite=CITE,
        text=TEXT,
    ),
    Custom(
        id="declares.founded",
        facts=["organisations[role=host].founded_on"],
        predicate=_founded,
        cite=CITE,
        text=TEXT,
    ),
)


@pytest.fixture(scope="module")
def engine() -> Engine:
    found = Engine.create([("declares", adding(TEAM, *PREDICATES))], entry_points=False)
    assert found.problems == []
    return found


def _cases(engine: Engine) -> list[dict[str, Any]]:
    case = unstructure(engine.load(EXAMPLE))
    team, leader = case["team"], case["team"]["leader"]
    waived = {"decision": "approved", "by": "panel", "on": "2026-05-01", "basis": "an exception"}
    variants: list[dict[str, Any]] = [
        {},
        {"team": {**team, "name": "late"}},  # the soft rule fails
        {"team": {**team, "name": "late"}, "waivers": {"declares.lead": waived}},
        {"team": {**team, "leader": {**leader, "birth_date": "1990-02-03"}}},
        {"team": {k: v for k, v in team.items() if k != "name"}},  # missing: undetermined
        {"facts": {**case["facts"], "fooland.matching_per_year": 100}},
        {"organisations": [{**case["organisations"][0], "founded_on": "2020-01-01"}]},
    ]
    return [{**case, **v, "id": f"case-{i}"} for i, v in enumerate(variants)]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_predicates_give_the_engine_s_verdicts(engine: Engine, layout: str, tmp_path: Path) -> None:
    cases = _cases(engine)
    src = written(engine, cases, tmp_path, layout)
    kw = {"programmes": [TEAM], "as_of": AS_OF, "assume_calendar": True}
    compiled, errors, summary = screened(engine, src, tmp_path / "c.parquet", 0, **kw)
    few, few_errors, _ = screened(engine, src, tmp_path / "f.parquet", 100, **kw)
    assert {"declares.lead", "declares.big", "declares.founded"} <= set(
        summary.fallback_rules[TEAM]
    )
    assert compiled.equals(few)
    assert errors == few_errors
    for case, row in zip(cases, compiled.iter_rows(named=True), strict=True):
        (a,) = engine.assess(
            engine.load(case), [TEAM], as_of=AS_OF, assume_calendar=True
        ).assessments
        assert row["verdict"] == a.verdict.value, case["id"]
        assert row["missing"] == list(a.missing), case["id"]
        assert row["failed"] == list(a.failed), case["id"]
    failed = dict(zip(compiled["subject_id"], compiled["failed"], strict=True))
    assert "declares.lead" in failed["case-1"]
    assert "declares.lead" not in failed["case-2"]  # waived
    assert "declares.big" in failed["case-5"]
    missing = dict(zip(compiled["subject_id"], compiled["missing"], strict=True))
    assert "team.name" in missing["case-4"]


def test_plain_facts_are_read_from_the_columns_not_the_cases(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A nested Parquet input of cases whose predicates over plain facts pass: none is
    parsed again from its row. A money fact's predicate is decided on the case (the
    check that the run would notice)."""
    case = unstructure(engine.load(EXAMPLE))
    cases = [{**case, "id": f"case-{i}"} for i in range(3)]
    src = written(engine, cases, tmp_path, "nested")
    kw = {"programmes": [TEAM], "as_of": AS_OF, "assume_calendar": True}
    reads: list[Any] = []
    real = run.from_row
    monkeypatch.setattr(run, "from_row", lambda *a: reads.append(a) or real(*a))
    screened(Engine.create(), src, tmp_path / "plain.parquet", 0, **kw)
    assert reads == []  # fooland.team's own predicate reads the team's name
    screened(engine, src, tmp_path / "money.parquet", 0, **kw)
    assert len(reads) == 3  # the money and the selector: each case parsed once


def test_an_answer_other_than_true_false_or_none_is_the_case_s_error(tmp_path: Path) -> None:
    answering = Custom(
        id="declares.yes",
        facts=["team.name"],
        predicate=lambda v: "yes",  # type: ignore[arg-type,return-value]
        cite=CITE,
    )
    engine = Engine.create([("declares", adding(TEAM, answering))], entry_points=False)
    src = written(engine, [{**unstructure(engine.load(EXAMPLE)), "id": "a"}], tmp_path, "nested")
    kw = {"programmes": [TEAM], "as_of": AS_OF, "assume_calendar": True}
    results, _, summary = screened(engine, src, tmp_path / "o.parquet", 0, **kw)
    assert results["verdict"].to_list() == ["error"]
    assert summary.hook_errors == 1
