"""What batch screening leaves to the engine, programme by programme and line by line.

The list for the shipped programmes is pinned: a rule or funding line that stops compiling
(a silent slowdown of every screening run) fails here and must be looked at.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import polars as pl
import pytest

from talentkit import (
    Citation,
    Compare,
    Custom,
    Engine,
    Fixed,
    Money,
    Programme,
    Text,
    hookimpl,
    touches,
)
from talentkit.batch import screen
from talentkit.batch.evaluate import plan_programme
from talentkit.batch.schema import profile_schema
from talentkit.funding import FundingResult

AS_OF = dt.date(2025, 6, 1)
SHIPPED = ("yangquan", "shaanxi", "xinzhou")

#: Every shipped programme and what of it runs case by case: rule ids, and
#: ``funding:<line id>`` for funding lines. Empty: the whole programme compiles.
PINNED: dict[str, list[str]] = {
    "shaanxi.qianren.culture.long": [],
    "shaanxi.qianren.culture.short": [],
    "shaanxi.qianren.entre": [],
    "shaanxi.qianren.foreign": [],
    "shaanxi.qianren.long": [],
    "shaanxi.qianren.regional": [],
    "shaanxi.qianren.short": [],
    "shaanxi.qianren.top": [],
    "shaanxi.qianren.youth": [],
    "shaanxi.qianren.youth_fin": [],
    # 第十七条 综合资助: the cap on the package's sum compiles with its lines
    "shaanxi.sanqin.natsci_eng": [],
    "shaanxi.sanqin.pss": [],
    "shaanxi.tezhi.leader.entre": [],
    "shaanxi.tezhi.leader.innovation": [],
    "shaanxi.tezhi.leader.pss": [],
    "shaanxi.tezhi.leader.teacher": [],
    "shaanxi.tezhi.outstanding": [],
    "shaanxi.tezhi.regional": [],
    "shaanxi.tezhi.youth": [],
    "xinzhou.eco.award_project": [],
    "xinzhou.eco.leading_talent": [],
    "xinzhou.eco.major_project": [],
    "xinzhou.eco.patent": [],
    "xinzhou.eco.pilot_base": [],
    "xinzhou.eco.tech_transfer": [],
    "yangquan.commissioner": [],
    "yangquan.team.key": [],
    "yangquan.team.leading": [],
    "yangquan.team.youth": [],
    "yangquan.tic": [],
    "yangquan.tic.operation": [],
    "yangquan.tic.procedure": [],
}


def fallback(engine: Engine, programme: Programme) -> dict[str, str]:
    schema = profile_schema(engine.registry.facts)
    plan = plan_programme(engine, programme, schema=schema, store=engine.params, as_of=AS_OF)
    return plan.fallback


def test_what_runs_case_by_case_for_each_shipped_programme_is_pinned(engine: Engine) -> None:
    shipped = {pid: p for pid, p in engine.registry.programmes.items() if p.jurisdiction in SHIPPED}
    found = {pid: sorted(fallback(engine, p)) for pid, p in sorted(shipped.items())}
    assert found == PINNED


# -- one plugin's funding hook changes only its programme --------------------------------------


class Bonus:
    """Adds 7 yuan to the transfer subsidy: a funding hook about one programme."""

    @hookimpl(wrapper=True)
    @touches("fooland.transfer")
    def talentkit_funding(self) -> Iterator[None]:
        result: FundingResult | None = yield
        return None if result is None else attrs.evolve(result, total=result.total + Money.yuan(7))


class Everywhere:
    """A funding wrapper without ``touches``: it may change any programme's money."""

    @hookimpl(wrapper=True)
    def talentkit_funding(self) -> Iterator[None]:
        result: FundingResult | None = yield
        return result


def test_a_funding_hook_sends_only_the_programme_it_touches_to_the_engine() -> None:
    engine = Engine.create([("bonus", Bonus())], entry_points=False)
    assert fallback(engine, engine.programme("fooland.transfer")) == {
        "funding:fooland.transfer.subsidy": "funding hook of bonus"
    }
    team = fallback(engine, engine.programme("fooland.team"))
    assert not [k for k in team if k.startswith("funding:")]


def test_a_funding_hook_without_touches_sends_every_programmes_money_to_the_engine() -> None:
    engine = Engine.create([("everywhere", Everywhere())], entry_points=False)
    team = fallback(engine, engine.programme("fooland.team"))
    lines = [d.id for d in engine.programme("fooland.team").funding if hasattr(d, "payee")]
    assert {k: v for k, v in team.items() if k.startswith("funding:")} == {
        f"funding:{line}": "funding hook of everywhere" for line in lines
    }


TRANSFER_CASES = [
    {"id": "a", "organisations": [{"role": "applicant", "is_enterprise": True}], "facts": {}},
    {
        "id": "b",
        "organisations": [{"role": "applicant", "is_enterprise": True}],
        "facts": {"fooland.contract_paid": 1_000_000, "fooland.subsidy_already": 0},
    },
    {
        "id": "c",
        "organisations": [{"role": "applicant", "is_enterprise": False}],
        "facts": {"fooland.contract_paid": 1_000_000, "fooland.subsidy_already": 0},
    },
    {
        "id": "d",
        "organisations": [{"role": "applicant", "is_enterprise": True}],
        "facts": {"fooland.contract_paid": 100_000_000, "fooland.subsidy_already": 400_000},
    },
]


def screened(engine: Engine, cases: list[dict[str, Any]], progs: list[str], tmp: Path) -> Any:
    src = tmp / "in.jsonl"
    src.write_text("".join(json.dumps(c) + "\n" for c in cases), encoding="utf-8")
    summary = screen(
        engine, src, tmp / "out.parquet", programmes=progs, as_of=AS_OF, chunk_size=3, workers=1
    )
    assert summary.balanced
    rows = pl.read_parquet(tmp / "out.parquet").sort("row", "programme").to_dicts()
    return summary, sorted(
        (r["subject_id"], r["programme"], r["verdict"], r["funding_total_fen"]) for r in rows
    )


def by_engine(engine: Engine, cases: list[dict[str, Any]], progs: list[str]) -> list[Any]:
    out = []
    for c in cases:
        for a in engine.assess(engine.load(c), progs, as_of=AS_OF).assessments:
            total = a.funding.total.fen if a.funding is not None else None
            out.append((c["id"], a.programme, a.verdict.value, total))
    return sorted(out)


def test_screening_with_a_funding_hook_equals_the_engine(tmp_path: Path) -> None:
    engine = Engine.create([("bonus", Bonus())], entry_points=False)
    progs = ["fooland.transfer"]
    summary, rows = screened(engine, TRANSFER_CASES, progs, tmp_path)
    assert rows == by_engine(engine, TRANSFER_CASES, progs)
    assert ("b", "fooland.transfer", "eligible", 3_000_700) in rows  # fen
    assert summary.case_by_case == 0  # only the money was computed case by case


# -- one funding line without a columnar form --------------------------------------------------

CITE = Citation(document="FOO-1", article="第10条")


class TwoLines:
    """A programme with a line that compiles and a line whose condition is a predicate."""

    @hookimpl
    def talentkit_add_programmes(self) -> list[Programme]:
        return [
            Programme(
                id="lines.p",
                jurisdiction="fooland",
                document="FOO-1",
                subject="organisation",
                name=Text("两项资金", "two lines"),
                rules=[
                    Compare(
                        id="lines.enterprise",
                        fact="organisations[role=applicant].is_enterprise",
                        cite=CITE,
                        text=Text("企业", "enterprise"),
                    )
                ],
                funding=[
                    Fixed(
                        id="lines.base",
                        payee="enterprise",
                        amount=Money.yuan(100),
                        cite=CITE,
                        text=Text("基础", "base"),
                    ),
                    Fixed(
                        id="lines.extra",
                        payee="enterprise",
                        amount=Money.yuan(20),
                        condition=Custom(
                            facts=["facts.fooland.contract_paid"],
                            predicate=lambda v: (
                                v["facts.fooland.contract_paid"] > Money.yuan(500_000)
                            ),
                            cite=CITE,
                        ),
                        cite=CITE,
                        text=Text("追加", "extra"),
                    ),
                ],
            )
        ]


def test_one_funding_line_falls_back_alone_and_the_money_equals_the_engine(
    tmp_path: Path,
) -> None:
    engine = Engine.create([("lines", TwoLines())], entry_points=False)
    assert engine.problems == []
    assert list(fallback(engine, engine.programme("lines.p"))) == ["funding:lines.extra"]
    summary, rows = screened(engine, TRANSFER_CASES, ["lines.p"], tmp_path)
    assert rows == by_engine(engine, TRANSFER_CASES, ["lines.p"])
    totals = {r[0]: r[3] for r in rows}
    # a: amount unknown, extra undetermined (0 counted); b, d: both lines; c: not eligible
    assert totals == {"a": 10_000, "b": 12_000, "c": None, "d": 12_000}  # fen
    assert summary.case_by_case == 0


def _paid_or_raise(values: dict[str, Any]) -> bool:
    if values["facts.fooland.contract_paid"] == Money.yuan(100_000_000):
        raise ZeroDivisionError("division by zero")
    return bool(values["facts.fooland.contract_paid"] > Money.yuan(500_000))


class RaisingLine(TwoLines):
    """``lines.p`` with its extra line's predicate raising for one case."""

    @hookimpl
    def talentkit_add_programmes(self) -> list[Programme]:
        (p,) = super().talentkit_add_programmes()
        base, extra = p.funding
        condition = attrs.evolve(extra.condition, predicate=_paid_or_raise)  # type: ignore[union-attr]
        return [attrs.evolve(p, funding=[base, attrs.evolve(extra, condition=condition)])]


def test_a_funding_line_whose_condition_raises_makes_the_case_an_error_as_the_engine(
    tmp_path: Path,
) -> None:
    """The line is evaluated case by case; where its predicate raises, the engine
    assesses the case, whose assessment is an error naming the plugin (before, the
    exception stopped the run)."""
    engine = Engine.create([("lines", RaisingLine())], entry_points=False)
    assert engine.problems == []
    summary, rows = screened(engine, TRANSFER_CASES, ["lines.p"], tmp_path)
    assert rows == by_engine(engine, TRANSFER_CASES, ["lines.p"])
    assert {r[0]: r[2] for r in rows}["d"] == "error"
    assert summary.hook_errors == 1
    assert summary.case_by_case == 1  # the case the engine assessed


# -- a failing hook in batch ----------------------------------------------------------------------


class Failing:
    @hookimpl(wrapper=True)
    @touches("fooland.transfer")
    def talentkit_funding(self) -> Iterator[None]:
        yield
        raise RuntimeError("no money today")


def test_a_failing_funding_hook_gives_error_rows_and_counts_them(tmp_path: Path) -> None:
    engine = Engine.create([("failing", Failing())], entry_points=False)
    progs = ["fooland.transfer", "fooland.team"]
    summary, rows = screened(engine, TRANSFER_CASES, progs, tmp_path)
    assert rows == by_engine(engine, TRANSFER_CASES, progs)
    verdicts = {(r[0], r[1]): r[2] for r in rows}
    # money is computed only for cases that are not ineligible
    assert verdicts[("b", "fooland.transfer")] == "error"
    assert verdicts[("c", "fooland.transfer")] == "not_eligible"
    assert all(v != "error" for (_, p), v in verdicts.items() if p == "fooland.team")
    assert summary.hook_errors == sum(v == "error" for v in verdicts.values()) == 3
    assert "hook errors      3 result(s) with verdict error" in summary.lines()


@pytest.fixture(autouse=True)
def _no_trace(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TALENTKIT_TRACE_HOOKS", raising=False)


def test_compiled_percentage_leaves_a_line_open_when_base_or_prior_is_missing(
    tmp_path: Path,
) -> None:
    """3% of the amount paid, capped at 500,000 less what was already granted: a missing
    amount paid or a missing prior grant leaves the line undetermined (0 in the total),
    never the whole remaining cap."""
    engine = Engine.create(entry_points=False)
    cases = [
        {
            "id": "no_base",
            "organisations": [{"role": "applicant", "is_enterprise": True}],
            "facts": {"fooland.subsidy_already": 5},
        },
        {
            "id": "no_prior",
            "organisations": [{"role": "applicant", "is_enterprise": True}],
            "facts": {"fooland.contract_paid": 4_000_000},
        },
        *TRANSFER_CASES,
    ]
    progs = ["fooland.transfer"]
    assert fallback(engine, engine.programme("fooland.transfer")) == {}
    _, rows = screened(engine, cases, progs, tmp_path)
    assert rows == by_engine(engine, cases, progs)
    totals = {r[0]: r[3] for r in rows}
    # d: 3% of 100,000,000 is 3,000,000, capped at 500,000 less 400,000 already granted
    assert totals == {  # fen
        "no_base": 0,
        "no_prior": 0,
        "a": 0,
        "b": 3_000_000,
        "c": None,
        "d": 10_000_000,
    }
