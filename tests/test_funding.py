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
    Money,
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
Y = Money.yuan
HUNDRED_THOUSAND = Y(100_000)


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


def lines(f: FundingResult) -> list[tuple[str, str, int | None, Money | None, str]]:
    return [(x.item, x.payee, x.year, x.amount, x.status) for x in f.lines]


# -- Fooland team: annual grant, external bonus, matching, exclusion --------------------


def test_annual_grant_one_line_per_year(engine: Engine) -> None:
    f = team_funding(engine)
    assert lines(f) == [
        ("fooland.team.grant", "host", 2026, Y(500_000), "determined"),
        ("fooland.team.grant", "host", 2027, Y(500_000), "determined"),
        ("fooland.team.bonus", "leader", None, None, "undetermined"),
    ]
    assert [x.instalment for x in f.lines[:2]] == [1, 2]
    assert f.total == Y(1_000_000)
    assert f.complete is False
    assert f.lines[2].missing == ("param:fooland.team.bonus",)
    assert f.by_payee() == {"host": Y(1_000_000)}
    assert f.plugin == "talentkit.declared"


def test_external_amount_set_by_the_operator(engine: Engine) -> None:
    f = team_funding(engine, overrides={"fooland.team.bonus": 100_000})
    assert f.total == Y(1_100_000)
    assert f.complete is True
    bonus = f.lines[-1]
    assert (bonus.amount, bonus.status) == (Y(100_000), "determined")
    assert bonus.tax is not None
    assert bonus.tax.en == "exempt from individual income tax"


@pytest.mark.parametrize(
    ("committed", "status"),
    [
        ("500000", Status.PASS),
        ("499999.99", Status.FAIL),
        ("500000.01", Status.PASS),
        ("499999", Status.FAIL),
    ],
)
def test_matching_obligation(engine: Engine, committed: str, status: Status) -> None:
    f = team_funding(engine, {"fooland.matching_per_year": committed})
    (ob,) = f.obligations
    assert (ob.status, ob.required, ob.committed, ob.per) == (
        status,
        Y(500_000),
        Money.parse(committed),
        "year",
    )


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
    assert [(x.amount, x.status) for x in grant] == [(Y(0), "excluded")]
    assert grant[0].problem is not None
    assert grant[0].problem.en == "no double funding"
    assert f.total == Y(0)


def test_money_beyond_int32_stays_exact(engine: Engine) -> None:
    f = team_funding(
        engine, overrides={"fooland.team.grant": 3_000_000_000, "fooland.team.bonus": 1}
    )
    assert f.total == Y(6_000_000_001)
    data = json.loads(to_json(f))
    assert data["total"] == {"fen": 600_000_000_100, "yuan": "6000000001"}
    assert isinstance(data["total"]["fen"], int)
    assert [x["amount"]["yuan"] for x in data["lines"]] == ["3000000000", "3000000000", "1"]


# -- Fooland transfer: 3 % of the amount paid, capped at 500,000 ------------------------


def transfer(
    engine: Engine,
    paid: int | str | None,
    prior: int | str | None = 0,
    overrides: dict[str, Any] | None = None,
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
        # the declaration names no rounding: down to the fen
        (16_666_666, 0, "499999.98"),  # 3 % exactly
        (16_666_667, 0, "500000"),  # 500,000.01 -> the cap
        (16_666_700, 0, "500000"),  # 500,001 capped
        (100, 0, "3"),
        (133, 0, "3.99"),  # not 3: nothing rounded to the yuan
        (134, 0, "4.02"),
        (16_666_667, 100_000, "400000"),  # prior consumption of the cap
        (10_000_000, 300_000, "200000"),  # 300,000 computed, 200,000 room
        (10_000_000, 200_000, "300000"),  # exactly the room
        (16_666_667, 500_000, "0"),
        (16_666_667, 600_000, "0"),  # never negative
    ],
)
def test_percentage_floor_and_cap(engine: Engine, paid: int, prior: int, amount: str) -> None:
    f = transfer(engine, paid, prior)
    ((item, _, _, got, st),) = lines(f)
    assert (item, got, st) == ("fooland.transfer.subsidy", Money.parse(amount), "determined")
    assert f.total == Money.parse(amount)


def test_percentage_basis_names_the_rounding(engine: Engine) -> None:
    f = transfer(engine, 16_666_666)
    assert "16,666,666 × 3/100 = 499,999.98 yuan (rounded down to the fen)" in f.lines[0].basis.en


def test_percentage_beyond_int32_exact(engine: Engine) -> None:
    f = transfer(engine, 3_000_000_001, overrides={"fooland.transfer.cap": 10**12})
    assert f.total == Money.parse("90000000.03")  # exact to the fen
    f = transfer(engine, 3_000_000_000)
    assert f.total == Y(500_000)


def test_percentage_missing_base_is_undetermined(engine: Engine) -> None:
    f = transfer(engine, None)
    assert lines(f) == [("fooland.transfer.subsidy", "enterprise", None, None, "undetermined")]
    assert f.lines[0].missing == ("facts.fooland.contract_paid",)
    assert (f.total, f.complete) == (Y(0), False)


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
    store.add(
        Parameter(key=k, type=t, value=Money.parse(v) if t == "yuan" else v)
        for k, (t, v) in (params or {}).items()
    )
    facts = {  # amounts as written (yuan); the declarations read them as money
        k: Money.parse(v) if isinstance(v, int | str) and not isinstance(v, bool) else v
        for k, v in facts.items()
    }
    ctx = Context(profile=Profile(facts=facts, **profile), as_of=AS_OF, params=store)
    return evaluate_funding("t", decls, ctx)


def rng(low: Money | None = HUNDRED_THOUSAND) -> Range:
    return Range(
        id="r",
        cite=CITE,
        text=Text("评审资助", "panel grant"),
        payee="person",
        low=low,
        high=Y(500_000),
        decided="facts.decided",
    )


@pytest.mark.parametrize(
    ("decided", "status"),
    [
        ("99999.99", "invalid"),
        ("100000", "determined"),
        ("100000.01", "determined"),
        ("499999.99", "determined"),
        ("500000", "determined"),
        ("500000.01", "invalid"),
    ],
)
def test_range_validated_never_clamped(decided: str, status: str) -> None:
    f = fund([rng()], {"decided": decided})
    (line,) = f.lines
    assert (line.amount, line.status) == (Money.parse(decided), status)
    if status == "invalid":
        assert line.problem is not None
        assert "never clamped" in line.problem.en
        assert f.total == Y(0)
        assert f.complete is False
    else:
        assert f.total == Money.parse(decided)


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
        amount=Y(200_000),
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
        ("one", "person", None, Y(200_000), "determined"),
        ("yr", "employer", 2025, Y(50_000), "determined"),
        ("yr", "employer", 2026, Y(50_000), "determined"),
        ("yr", "employer", 2027, Y(50_000), "determined"),
    ]
    assert f.total == Y(350_000)
    assert f.by_payee() == {"person": Y(200_000), "employer": Y(150_000)}


def test_annual_without_its_number_of_years_is_undetermined() -> None:
    yearly = Fixed(
        id="yr",
        cite=CITE,
        text=Text("年", "yearly"),
        payee="employer",
        amount=Y(10),
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
        # 333,333.333… exactly: 333,333.33 falls short, 333,333.34 (shown) meets it
        ("1000000", Fraction(1, 3), "333333.34"),
        ("999999", Fraction(1, 3), "333333"),
        ("1000001", Fraction(1, 2), "500000.50"),
        ("1000000", Fraction(1), "1000000"),
        ("1000000.01", Fraction(1), "1000000.01"),  # 1:1 matching of an amount with fen
        ("0.01", Fraction(1, 2), "0.01"),  # half a fen is more than nothing
    ],
)
def test_obligation_ratio_is_exact(grant: str, ratio: Fraction, required: str) -> None:
    amount = Money.parse(grant)
    g = Fixed(id="g", cite=CITE, text=Text("资助", "grant"), payee="host", amount=amount)
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
    assert (res.status, res.required) == (Status.PASS, Money.parse(required))
    (res,) = fund([g, ob], {"c": Money.parse(required) - Money(1)}).obligations
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
    assert fund([ob], {"c": "1000000.00"}, params).obligations[0].status is Status.PASS
    assert fund([ob], {"c": "999999.99"}, params).obligations[0].status is Status.FAIL
    assert fund([ob], {"c": 999_999}, params).obligations[0].status is Status.FAIL


def test_exclusion_undetermined_is_noted_and_conditions_gate_lines() -> None:
    g = Fixed(
        id="g",
        cite=CITE,
        text=Text("资助", "grant"),
        payee="host",
        amount=Y(10),
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
    assert lines(f) == [("g", "host", None, Y(10), "determined")]
    assert "no double: undetermined (facts.funded)" in [n.en for n in f.notes]
    assert lines(fund([g, ex], {"local": False, "funded": False})) == []
    f = fund([g, ex], {"funded": False})
    assert [(x.status, x.missing) for x in f.lines] == [("undetermined", ("facts.local",))]
    assert lines(fund([g, ex], {"local": True, "funded": True})) == [
        ("g", "host", None, Y(0), "excluded")
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
    assert (line.status, line.amount) == ("determined", Y(7))


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
    assert fund([ext], {"decided": 300_000}).total == Y(300_000)
    assert fund([ext], {"decided": "0.01"}).total == Money(1)


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
    # no rounding named: down to the fen (33.333… -> 33.33, never the yuan's 33)
    assert fund([pct], {"base": 100}, params).total == Money.parse("33.33")
    assert fund([pct], {"base": 101}, params).total == Money.parse("33.66")  # 33.666…
    assert fund([pct], {"base": 102}, params).total == Y(34)
    assert fund([pct], {"base": 3_000_000_001}, params).total == Money.parse("1000000000.33")


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
    assert [x.amount for x in grant] == [Y(500_000), Y(500_000)]
    assert all("facts.fooland.support_start" in x.missing for x in grant)


# -- a total in annual instalments ----------------------------------------------------------


def installed(total: Money | P, years: int | P = 3, rounding: str = "fen_down") -> Fixed:
    return Fixed(
        id="i",
        cite=CITE,
        text=Text("分年拨付", "in instalments"),
        payee="team",
        amount=total,
        schedule=Instalments(years=years, start="facts.start", rounding=rounding),
    )


M = Money.parse


@pytest.mark.parametrize(
    ("total", "years", "rounding", "parts"),
    [
        # to the fen (the default), the last carries the remainder
        ("1000000", 3, "fen_down", ["333333.33", "333333.33", "333333.34"]),
        # to the yuan where the line declares it
        ("1000000", 3, "yuan_down", ["333333", "333333", "333334"]),
        ("900000", 3, "fen_down", ["300000", "300000", "300000"]),
        ("900000", 3, "yuan_down", ["300000", "300000", "300000"]),
        ("1000000.02", 3, "fen_down", ["333333.34", "333333.34", "333333.34"]),
        ("1000000.02", 3, "yuan_down", ["333333", "333333", "333334.02"]),
        ("2", 3, "fen_down", ["0.66", "0.66", "0.68"]),
        ("2", 3, "yuan_down", ["0", "0", "2"]),
        ("0.02", 3, "fen_down", ["0", "0", "0.02"]),
        ("5000000000", 2, "fen_down", ["2500000000", "2500000000"]),  # beyond 32 bits, exact
        ("7", 1, "fen_down", ["7"]),
    ],
)
def test_instalments_add_up_to_the_total(
    total: str, years: int, rounding: str, parts: list[str]
) -> None:
    f = fund([installed(M(total), years, rounding)], {"start": D(2026, 1, 1)})
    assert [x.amount for x in f.lines] == [M(p) for p in parts]
    assert [x.year for x in f.lines] == list(range(2026, 2026 + years))
    assert [x.instalment for x in f.lines] == list(range(1, years + 1))
    assert f.total == M(total)
    assert "annual instalments" in f.lines[0].basis.en
    assert ("to the fen" if rounding == "fen_down" else "to the yuan") in f.lines[0].basis.en


def test_instalments_round_only_down() -> None:
    # rounding an instalment up could leave the last one below zero
    with pytest.raises(ValueError, match="'fen_down', 'yuan_down'"):
        installed(Y(1), 3, "yuan_up")


def test_instalments_without_their_number_are_undetermined() -> None:
    f = fund([installed(Y(900_000), P("n"))], {"start": D(2026, 1, 1)}, {"n": ("int", UNSET)})
    (line,) = f.lines
    assert (line.status, line.missing) == ("undetermined", ("param:n",))
    assert f.total == Money(0)


def test_semantics_instalments_and_unserved_share() -> None:
    assert semantics.instalments(10, 4) == [2, 2, 2, 4]  # fen
    assert semantics.instalments(1010, 4, "yuan_down") == [200, 200, 200, 410]
    with pytest.raises(ValueError, match="unknown instalment rounding 'fen_up'"):
        semantics.instalments(10, 4, "fen_up")
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
        amount=Y(2_000_000),
        prior_award=PriorAward(received="facts.prior", mode=mode),
    )


@pytest.mark.parametrize(
    ("mode", "prior", "amount"),
    [
        ("cumulative", "500000", "2000000"),
        ("top_up", "500000", "1500000"),
        ("top_up", "0", "2000000"),
        ("top_up", "1999999.99", "0.01"),  # one fen short of the award: that fen is paid
        ("top_up", "2000000", "0"),  # exactly the award: nothing more
        ("top_up", "2000000.01", "0"),  # never below zero
    ],
)
def test_prior_award_modes(mode: str, prior: str, amount: str) -> None:
    f = fund([topped()], {"prior": prior}, {"mode": ("str", mode)})
    (line,) = f.lines
    assert (line.amount, line.status) == (M(amount), "determined")
    assert f.total == M(amount)
    if M(prior):
        assert f"({mode})" in line.basis.en


def test_prior_award_open_questions() -> None:
    # top_up needs the earlier amount; cumulative does not
    (line,) = fund([topped()], {}, {"mode": ("str", "top_up")}).lines
    assert (line.status, line.missing) == ("undetermined", ("facts.prior",))
    (line,) = fund([topped()], {}, {"mode": ("str", "cumulative")}).lines
    assert (line.amount, line.status) == (Y(2_000_000), "determined")
    (line,) = fund([topped()], {"prior": 1}, {"mode": ("str", UNSET)}).lines
    assert (line.status, line.missing) == ("undetermined", ("param:mode",))
    # a mode outside the two readings: refused when declared, invalid when set as a value
    with pytest.raises(ValueError, match="expected one of 'cumulative', 'top_up'"):
        topped("halve")  # type: ignore[arg-type]
    (line,) = fund([topped()], {"prior": 1}, {"mode": ("str", "halve")}).lines
    assert line.status == "invalid"
    assert line.problem is not None
    assert "'halve' is not cumulative or top_up" in line.problem.en


def _line(status: str, fen: int | None) -> Any:
    from talentkit.funding import PaymentLine

    return PaymentLine(
        item="i",
        payee="p",
        amount=None if fen is None else Money(fen),
        status=status,
        basis=Text("b", "b"),
        citation=Citation(document="d", article="a"),
    )


def _summed(lines: list[Any]) -> tuple[Money, Money, bool]:
    """The totals as written with ``sum`` over the amounts (the definition)."""
    from talentkit.funding import GRANTED

    total = sum((x.amount for x in lines if x.status in GRANTED and x.amount is not None), Money(0))
    pending = sum(
        (x.amount for x in lines if x.status == "pending" and x.amount is not None), Money(0)
    )
    return total, pending, all(x.status in (*GRANTED, "excluded") for x in lines)


@pytest.mark.parametrize(
    "lines",
    [
        [],
        [("excluded", 5)],
        [("determined", 0), ("pending", 1), ("excluded", 7), ("determined", None)],
        [("pending", None), ("pending", 300), ("undetermined", None), ("invalid", 9)],
        [("determined", 2**63 - 2), ("pending", 1)],
        [("determined", -(2**63)), ("excluded", 2**63 - 1)],
    ],
)
def test_totals_in_one_walk_are_the_sums_of_the_amounts(lines: list[Any]) -> None:
    from talentkit.funding import _totals

    built = [_line(s, f) for s, f in lines]
    assert _totals(built) == _summed(built)


def test_totals_fail_on_the_running_total_as_the_sum_does() -> None:
    from talentkit.funding import _totals
    from talentkit.money import MoneyError

    # the running total leaves 64-bit fen and comes back: the sum fails, so does the walk
    built = [_line("determined", 2**63 - 1), _line("pending", 1), _line("determined", -5)]
    with pytest.raises(MoneyError) as summed:
        _summed(built)
    with pytest.raises(MoneyError) as walked:
        _totals(built)
    assert str(walked.value) == str(summed.value)
