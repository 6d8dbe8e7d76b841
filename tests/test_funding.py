"""Money: fixed and annual lines, ranges never clamped, percentages, obligations, exclusions."""

from __future__ import annotations

import copy
import datetime as dt
import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from talentkit import (
    Annual,
    Citation,
    Compare,
    Engine,
    Exclusion,
    External,
    F,
    Fixed,
    Instalments,
    Obligation,
    OneOff,
    P,
    Parameter,
    Percentage,
    PriorAward,
    Profile,
    Range,
    Status,
    Text,
    Verdict,
    semantics,
    to_json,
)
from talentkit.convert import read_document
from talentkit.funding import FundingDecl, FundingResult, evaluate_funding
from talentkit.params import UNSET, ParameterStore
from talentkit.rules.context import Context

D = dt.date
AS_OF = D(2026, 10, 20)
EXAMPLE = read_document(Path(__file__).parent / "fooland" / "example.toml")
DECIDED = {"fooland.team.standing": {"value": True, "by": "panel", "on": "2026-04-01"}}
CITE = Citation(document="T", article="第1条")


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.create(entry_points=False)


def team_funding(
    engine: Engine, facts: dict[str, Any] | None = None, overrides: dict[str, Any] | None = None
) -> FundingResult:
    raw = copy.deepcopy(EXAMPLE)
    raw["decisions"] = DECIDED
    raw["facts"].update(facts or {})
    (a,) = engine.assess(
        engine.load(raw), ["fooland.team"], as_of=AS_OF, overrides=overrides
    ).assessments
    assert a.funding is not None
    return a.funding


def lines(f: FundingResult) -> list[tuple[str, str, int | None, int | None, str]]:
    return [(x.item, x.payee, x.year, x.amount, x.status) for x in f.lines]


# -- Fooland team: annual grant, external bonus, matching, exclusion --------------------


def test_annual_grant_one_line_per_year(engine: Engine) -> None:
    f = team_funding(engine)
    assert lines(f) == [
        ("fooland.team.grant", "host", 2026, 500_000, "determined"),
        ("fooland.team.grant", "host", 2027, 500_000, "determined"),
        ("fooland.team.bonus", "leader", None, None, "undetermined"),
    ]
    assert [x.instalment for x in f.lines[:2]] == [1, 2]
    assert f.total == 1_000_000
    assert f.complete is False
    assert f.lines[2].missing == ("param:fooland.team.bonus",)
    assert f.by_payee() == {"host": 1_000_000}
    assert f.plugin == "talentkit.declared"


def test_external_amount_set_by_the_operator(engine: Engine) -> None:
    f = team_funding(engine, overrides={"fooland.team.bonus": 100_000})
    assert f.total == 1_100_000
    assert f.complete is True
    bonus = f.lines[-1]
    assert (bonus.amount, bonus.status) == (100_000, "determined")
    assert bonus.tax is not None
    assert bonus.tax.en == "exempt from individual income tax"


@pytest.mark.parametrize(
    ("committed", "status"),
    [(500_000, Status.PASS), (499_999, Status.FAIL), (500_001, Status.PASS)],
)
def test_matching_obligation(engine: Engine, committed: int, status: Status) -> None:
    f = team_funding(engine, {"fooland.matching_per_year": committed})
    (ob,) = f.obligations
    assert (ob.status, ob.required, ob.committed, ob.per) == (status, 500_000, committed, "year")


def test_matching_obligation_unknown_without_the_commitment(engine: Engine) -> None:
    raw = copy.deepcopy(EXAMPLE)
    raw["decisions"] = DECIDED
    del raw["facts"]["fooland.matching_per_year"]
    (a,) = engine.assess(engine.load(raw), ["fooland.team"], as_of=AS_OF).assessments
    assert a.funding is not None
    (ob,) = a.funding.obligations
    assert (ob.status, ob.missing) == (Status.UNKNOWN, ("facts.fooland.matching_per_year",))
    assert a.verdict is Verdict.ELIGIBLE  # an obligation does not decide eligibility


def test_exclusion_no_double_funding(engine: Engine) -> None:
    f = team_funding(engine, {"fooland.already_funded": True})
    grant = [x for x in f.lines if x.item == "fooland.team.grant"]
    assert [(x.amount, x.status) for x in grant] == [(0, "excluded")]
    assert grant[0].problem is not None
    assert grant[0].problem.en == "no double funding"
    assert f.total == 0


def test_money_beyond_int32_stays_exact(engine: Engine) -> None:
    f = team_funding(
        engine, overrides={"fooland.team.grant": 3_000_000_000, "fooland.team.bonus": 1}
    )
    assert f.total == 6_000_000_001
    data = json.loads(to_json(f))
    assert data["total"] == 6_000_000_001
    assert isinstance(data["total"], int)
    assert [x["amount"] for x in data["lines"]] == [3_000_000_000, 3_000_000_000, 1]


# -- Fooland transfer: 3 % of the amount paid, capped at 500,000 ------------------------


def transfer(
    engine: Engine, paid: int | None, prior: int | None = 0, overrides: dict[str, Any] | None = None
) -> FundingResult:
    facts: dict[str, Any] = {}
    if paid is not None:
        facts["fooland.contract_paid"] = paid
    if prior is not None:
        facts["fooland.subsidy_already"] = prior
    profile = engine.load(
        {"organisations": [{"role": "applicant", "is_enterprise": True}], "facts": facts}
    )
    (a,) = engine.assess(
        profile, ["fooland.transfer"], as_of=AS_OF, overrides=overrides
    ).assessments
    assert a.verdict is Verdict.ELIGIBLE
    assert a.funding is not None
    return a.funding


@pytest.mark.parametrize(
    ("paid", "prior", "amount"),
    [
        (16_666_666, 0, 499_999),  # 499,999.98 rounded down
        (16_666_667, 0, 500_000),  # 500,000.01 -> 500,000
        (16_666_700, 0, 500_000),  # 500,001 capped
        (100, 0, 3),
        (133, 0, 3),  # 3.99 -> 3
        (134, 0, 4),  # 4.02 -> 4
        (16_666_667, 100_000, 400_000),  # prior consumption of the cap
        (10_000_000, 300_000, 200_000),  # 300,000 computed, 200,000 room
        (10_000_000, 200_000, 300_000),  # exactly the room
        (16_666_667, 500_000, 0),
        (16_666_667, 600_000, 0),  # never negative
    ],
)
def test_percentage_floor_and_cap(engine: Engine, paid: int, prior: int, amount: int) -> None:
    f = transfer(engine, paid, prior)
    ((item, _, _, got, st),) = lines(f)
    assert (item, got, st) == ("fooland.transfer.subsidy", amount, "determined")
    assert f.total == amount


def test_percentage_basis_names_the_rounding(engine: Engine) -> None:
    f = transfer(engine, 16_666_666)
    assert "16,666,666 × 3/100 = 499,999 yuan (rounded down to the yuan)" in f.lines[0].basis.en


def test_percentage_beyond_int32_exact(engine: Engine) -> None:
    f = transfer(engine, 3_000_000_001, overrides={"fooland.transfer.cap": 10**12})
    assert f.total == 90_000_000  # 90,000,000.03 rounded down
    f = transfer(engine, 3_000_000_000)
    assert f.total == 500_000


def test_percentage_missing_base_is_undetermined(engine: Engine) -> None:
    f = transfer(engine, None)
    assert lines(f) == [("fooland.transfer.subsidy", "enterprise", None, None, "undetermined")]
    assert f.lines[0].missing == ("facts.fooland.contract_paid",)
    assert (f.total, f.complete) == (0, False)


def test_percentage_unknown_prior_consumption_is_undetermined(engine: Engine) -> None:
    # what was already granted against the cap is not known: never assume zero
    f = transfer(engine, 1_000_000, None)
    assert [(x.status, x.missing) for x in f.lines] == [
        ("undetermined", ("facts.fooland.subsidy_already",))
    ]


# -- declarations evaluated directly ---------------------------------------------------


def fund(
    decls: list[FundingDecl],
    facts: dict[str, Any],
    params: dict[str, tuple[str, Any]] | None = None,
    **profile: Any,
) -> FundingResult:
    store = ParameterStore()
    store.add(Parameter(key=k, type=t, value=v) for k, (t, v) in (params or {}).items())
    ctx = Context(profile=Profile(facts=facts, **profile), as_of=AS_OF, params=store)
    return evaluate_funding("t", decls, ctx)


def rng(low: int | None = 100_000) -> Range:
    return Range(
        id="r",
        cite=CITE,
        text=Text("评审资助", "panel grant"),
        payee="person",
        low=low,
        high=500_000,
        decided="facts.decided",
    )


@pytest.mark.parametrize(
    ("decided", "status"),
    [
        (99_999, "invalid"),
        (100_000, "determined"),
        (100_001, "determined"),
        (499_999, "determined"),
        (500_000, "determined"),
        (500_001, "invalid"),
    ],
)
def test_range_validated_never_clamped(decided: int, status: str) -> None:
    f = fund([rng()], {"decided": decided})
    (line,) = f.lines
    assert (line.amount, line.status) == (decided, status)
    if status == "invalid":
        assert line.problem is not None
        assert "never clamped" in line.problem.en
        assert f.total == 0
        assert f.complete is False
    else:
        assert f.total == decided


def test_range_without_low_and_undecided() -> None:
    assert fund([rng(None)], {"decided": 1}).lines[0].status == "determined"
    assert fund([rng(None)], {"decided": 500_001}).lines[0].status == "invalid"
    (line,) = fund([rng()], {}).lines
    assert (line.status, line.missing) == ("undetermined", ("facts.decided",))


def test_range_bounds_from_parameters() -> None:
    r = Range(
        id="r",
        cite=CITE,
        text=Text("x", "x"),
        payee="person",
        low=P("lo"),
        high=P("hi"),
        decided="facts.decided",
    )
    params = {"lo": ("yuan", 10), "hi": ("yuan", 20)}
    assert fund([r], {"decided": 20}, params).lines[0].status == "determined"
    assert fund([r], {"decided": 21}, params).lines[0].status == "invalid"
    assert fund([r], {"decided": 9}, params).lines[0].status == "invalid"


def test_fixed_one_off_and_annual_years() -> None:
    one = Fixed(
        id="one",
        cite=CITE,
        text=Text("一次", "once"),
        payee="person",
        amount=200_000,
        schedule=OneOff(),
    )
    yearly = Fixed(
        id="yr",
        cite=CITE,
        text=Text("年", "yearly"),
        payee="employer",
        amount=P("amt"),
        schedule=Annual(years=P("years"), start="facts.start"),
    )
    f = fund(
        [one, yearly], {"start": D(2025, 12, 31)}, {"amt": ("yuan", 50_000), "years": ("int", 3)}
    )
    assert lines(f) == [
        ("one", "person", None, 200_000, "determined"),
        ("yr", "employer", 2025, 50_000, "determined"),
        ("yr", "employer", 2026, 50_000, "determined"),
        ("yr", "employer", 2027, 50_000, "determined"),
    ]
    assert f.total == 350_000
    assert f.by_payee() == {"person": 200_000, "employer": 150_000}


def test_annual_without_its_number_of_years_is_undetermined() -> None:
    yearly = Fixed(
        id="yr",
        cite=CITE,
        text=Text("年", "yearly"),
        payee="employer",
        amount=10,
        schedule=Annual(years=P("years"), start="facts.start"),
    )
    store = ParameterStore()
    store.add([Parameter(key="years", type="int")])
    ctx = Context(profile=Profile(facts={"start": D(2026, 1, 1)}), as_of=AS_OF, params=store)
    f = evaluate_funding("t", [yearly], ctx)
    assert [(x.status, x.missing) for x in f.lines] == [("undetermined", ("param:years",))]


@pytest.mark.parametrize(
    ("grant", "ratio", "required"),
    [
        (1_000_000, Fraction(1, 3), 333_334),  # 333,333.33 rounded up: at least
        (999_999, Fraction(1, 3), 333_333),
        (1_000_001, Fraction(1, 2), 500_001),  # 500,000.5 -> 500,001
        (1_000_000, Fraction(1), 1_000_000),
    ],
)
def test_obligation_ratio_rounds_up(grant: int, ratio: Fraction, required: int) -> None:
    g = Fixed(id="g", cite=CITE, text=Text("资助", "grant"), payee="host", amount=grant)
    ob = Obligation(
        id="m",
        cite=CITE,
        text=Text("配套", "match"),
        obligor="host",
        committed="facts.c",
        ratio=ratio,
        of="g",
    )
    (res,) = fund([g, ob], {"c": required}).obligations
    assert (res.status, res.required) == (Status.PASS, required)
    (res,) = fund([g, ob], {"c": required - 1}).obligations
    assert res.status is Status.FAIL


def test_obligation_at_least_amount() -> None:
    ob = Obligation(
        id="m",
        cite=CITE,
        text=Text("投入", "invest"),
        obligor="employer",
        committed="facts.c",
        at_least=P("min"),
    )
    params = {"min": ("yuan", 1_000_000)}
    assert fund([ob], {"c": 1_000_000}, params).obligations[0].status is Status.PASS
    assert fund([ob], {"c": 999_999}, params).obligations[0].status is Status.FAIL


def test_exclusion_undetermined_is_noted_and_conditions_gate_lines() -> None:
    g = Fixed(
        id="g",
        cite=CITE,
        text=Text("资助", "grant"),
        payee="host",
        amount=10,
        condition=Compare(fact="facts.local"),
    )
    ex = Exclusion(
        id="x",
        cite=CITE,
        text=Text("不重复", "no double"),
        when=Compare(fact="facts.funded"),
        excludes=("g",),
    )
    f = fund([g, ex], {"local": True})
    assert lines(f) == [("g", "host", None, 10, "determined")]
    assert "no double: undetermined (facts.funded)" in [n.en for n in f.notes]
    assert lines(fund([g, ex], {"local": False, "funded": False})) == []
    f = fund([g, ex], {"funded": False})
    assert [(x.status, x.missing) for x in f.lines] == [("undetermined", ("facts.local",))]
    assert lines(fund([g, ex], {"local": True, "funded": True})) == [
        ("g", "host", None, 0, "excluded")
    ]


def test_external_needs_its_parameter() -> None:
    ext = External(
        id="e",
        cite=CITE,
        text=Text("奖励", "bonus"),
        payee="leader",
        reference="某发〔2019〕1号",
        amount=P("bonus"),
    )
    store = ParameterStore()
    store.add([Parameter(key="bonus", type="yuan")])
    ctx = Context(profile=Profile(), as_of=AS_OF, params=store)
    (line,) = evaluate_funding("t", [ext], ctx).lines
    assert line.status == "undetermined"
    assert "某发〔2019〕1号" in line.basis.zh
    ctx = Context(profile=Profile(), as_of=AS_OF, params=store.with_overrides({"bonus": 7}))
    (line,) = evaluate_funding("t", [ext], ctx).lines
    assert (line.status, line.amount) == ("determined", 7)


def test_external_decided_per_case_reads_a_fact() -> None:
    ext = External(
        id="e",
        cite=CITE,
        text=Text("专项资金支持", "fund support"),
        payee="enterprise",
        reference="某专项资金",
        amount=F("facts.decided"),
    )
    (line,) = fund([ext], {}).lines
    assert (line.status, line.missing) == ("undetermined", ("facts.decided",))
    assert "逐案核定" in line.basis.zh
    # each case carries its own amount: no single figure for every project
    assert fund([ext], {"decided": 300_000}).total == 300_000
    assert fund([ext], {"decided": 1}).total == 1


def test_percentage_without_cap_and_rate_parameter() -> None:
    pct = Percentage(
        id="p",
        cite=CITE,
        text=Text("补助", "subsidy"),
        payee="employer",
        base="facts.base",
        rate=P("rate"),
    )
    params = {"rate": ("fraction", Fraction(1, 3))}
    assert fund([pct], {"base": 100}, params).total == 33  # 33.33 -> 33
    assert fund([pct], {"base": 101}, params).total == 33  # 33.67 -> 33
    assert fund([pct], {"base": 102}, params).total == 34
    assert fund([pct], {"base": 3_000_000_001}, params).total == 1_000_000_000


def test_obligation_of_an_excluded_item_does_not_ask_for_facts(engine: Engine) -> None:
    f = team_funding(engine, {"fooland.already_funded": True})
    (ob,) = f.obligations
    assert ob.status is not Status.UNKNOWN
    assert not any(m.startswith("amount of") for m in ob.missing)


def test_annual_lines_name_a_missing_start(engine: Engine) -> None:
    raw = copy.deepcopy(EXAMPLE)
    raw["decisions"] = DECIDED
    del raw["facts"]["fooland.support_start"]
    (a,) = engine.assess(engine.load(raw), ["fooland.team"], as_of=AS_OF).assessments
    assert a.funding is not None
    grant = [x for x in a.funding.lines if x.item == "fooland.team.grant"]
    assert [x.amount for x in grant] == [500_000, 500_000]
    assert all("facts.fooland.support_start" in x.missing for x in grant)


# -- a total in annual instalments ----------------------------------------------------------


def installed(total: int | P, years: int | P = 3) -> Fixed:
    return Fixed(
        id="i",
        cite=CITE,
        text=Text("分年拨付", "in instalments"),
        payee="team",
        amount=total,
        schedule=Instalments(years=years, start="facts.start"),
    )


@pytest.mark.parametrize(
    ("total", "years", "parts"),
    [
        (1_000_000, 3, [333_333, 333_333, 333_334]),  # the last carries the remainder
        (900_000, 3, [300_000, 300_000, 300_000]),
        (2, 3, [0, 0, 2]),
        (5_000_000_000, 2, [2_500_000_000, 2_500_000_000]),  # beyond 32 bits, exact
        (7, 1, [7]),
    ],
)
def test_instalments_add_up_to_the_total(total: int, years: int, parts: list[int]) -> None:
    f = fund([installed(total, years)], {"start": D(2026, 1, 1)})
    assert [x.amount for x in f.lines] == parts
    assert [x.year for x in f.lines] == list(range(2026, 2026 + years))
    assert [x.instalment for x in f.lines] == list(range(1, years + 1))
    assert f.total == total
    assert "annual instalments" in f.lines[0].basis.en


def test_instalments_without_their_number_are_undetermined() -> None:
    f = fund([installed(900_000, P("n"))], {"start": D(2026, 1, 1)}, {"n": ("int", UNSET)})
    (line,) = f.lines
    assert (line.status, line.missing) == ("undetermined", ("param:n",))
    assert f.total == 0


def test_semantics_instalments_and_unserved_share() -> None:
    assert semantics.instalments(10, 4) == [2, 2, 2, 4]
    with pytest.raises(ValueError, match="at least one"):
        semantics.instalments(10, 0)
    start, end = D(2024, 1, 1), D(2027, 1, 1)  # 1,096 days
    assert semantics.unserved_share(start, end, start) == 1
    assert semantics.unserved_share(start, end, end) == 0
    assert semantics.unserved_share(start, end, D(2030, 1, 1)) == 0
    assert semantics.unserved_share(start, end, D(2023, 1, 1)) == 1
    assert semantics.unserved_share(start, end, D(2025, 7, 2)) == Fraction(548, 1096)
    assert semantics.unserved_share(start, end, D(2025, 7, 3)) == Fraction(547, 1096)


# -- earlier awards for the same object -------------------------------------------------------

MODE = P("mode")


def topped(mode: str | P = MODE) -> Fixed:
    return Fixed(
        id="b",
        cite=CITE,
        text=Text("基地奖励", "base award"),
        payee="base_operator",
        amount=2_000_000,
        prior_award=PriorAward(received="facts.prior", mode=mode),
    )


@pytest.mark.parametrize(
    ("mode", "prior", "amount"),
    [
        ("cumulative", 500_000, 2_000_000),
        ("top_up", 500_000, 1_500_000),
        ("top_up", 0, 2_000_000),
        ("top_up", 2_000_000, 0),  # exactly the award: nothing more
        ("top_up", 2_000_001, 0),  # never below zero
    ],
)
def test_prior_award_modes(mode: str, prior: int, amount: int) -> None:
    f = fund([topped()], {"prior": prior}, {"mode": ("str", mode)})
    (line,) = f.lines
    assert (line.amount, line.status) == (amount, "determined")
    assert f.total == amount
    if prior:
        assert f"({mode})" in line.basis.en


def test_prior_award_open_questions() -> None:
    # top_up needs the earlier amount; cumulative does not
    (line,) = fund([topped()], {}, {"mode": ("str", "top_up")}).lines
    assert (line.status, line.missing) == ("undetermined", ("facts.prior",))
    (line,) = fund([topped()], {}, {"mode": ("str", "cumulative")}).lines
    assert (line.amount, line.status) == (2_000_000, "determined")
    (line,) = fund([topped()], {"prior": 1}, {"mode": ("str", UNSET)}).lines
    assert (line.status, line.missing) == ("undetermined", ("param:mode",))
    # a mode outside the two readings: refused when declared, invalid when set as a value
    with pytest.raises(ValueError, match="expected one of 'cumulative', 'top_up'"):
        topped("halve")  # type: ignore[arg-type]
    (line,) = fund([topped()], {"prior": 1}, {"mode": ("str", "halve")}).lines
    assert line.status == "invalid"
    assert line.problem is not None
    assert "'halve' is not cumulative or top_up" in line.problem.en
