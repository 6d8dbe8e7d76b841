"""A count of a list of plain values (no ``where``): its length, in batch as in the engine.

Yangquan's 第九条（三） 「不得在市内其他技术创新中心、重点实验室、新型研发机构等创新平台担任负责人」
reads the kinds of platform the director heads (a list of codes): a listed kind bars the
director, another kind goes to the bureau (the list is open, 「等」), none passes, and an
absent list leaves the check undetermined, naming the fact.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from talentkit import Engine
from talentkit.batch.run import plans_for
from talentkit.convert import unstructure
from tests.batch.test_differential import check_population, engine  # noqa: F401

EXAMPLE = "plugins/yangquan/examples/tic-centre.toml"
RULE = "yangquan.tic.eligibility.director_no_other_platform_head"
AS_OF = dt.date(2026, 10, 20)


def _case(eng: Engine, heads: list[str] | None) -> dict[str, Any]:
    data = copy.deepcopy(unstructure(eng.load(EXAMPLE)))
    facts = data["person"]["facts"]
    if heads is None:
        del facts["yangquan.tic.heads_platforms"]
    else:
        facts["yangquan.tic.heads_platforms"] = heads
    return data


@pytest.mark.parametrize(
    ("heads", "status"),
    [
        ([], "pass"),
        (["key_lab"], "fail"),
        (["enterprise_tech_centre"], "review"),
        (["enterprise_tech_centre", "key_lab"], "fail"),
        (None, "unknown"),
    ],
)
def test_the_engine_reads_the_open_list(
    engine: Engine,  # noqa: F811
    heads: list[str] | None,
    status: str,
) -> None:
    report = engine.assess(engine.load(_case(engine, heads)), ["yangquan.tic"], as_of=AS_OF)
    (check,) = [c for c in report.assessments[0].checks if c.rule_id == RULE]
    assert check.status.value == status
    if heads is None:
        assert "person.facts.yangquan.tic.heads_platforms" in check.missing


def test_batch_gives_what_the_engine_gives(engine: Engine) -> None:  # noqa: F811
    cases = [_case(engine, h) for h in ([], ["key_lab"], ["enterprise_tech_centre"], None)]
    check_population(engine, cases)


def test_the_count_compiles(engine: Engine) -> None:  # noqa: F811
    """The programme's rules all compile: no case of it goes to the engine row by row."""
    plans, _ = plans_for(engine, ["yangquan.tic"], as_of=AS_OF, overrides=None)
    reading = [p for p in plans if RULE in {r.rule.id for r in p.rules}]
    assert reading
    for plan in reading:
        assert RULE not in plan.fallback
        assert "*" not in plan.fallback
