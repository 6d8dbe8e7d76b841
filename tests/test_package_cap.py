"""A cap across components (「最高N万元综合资助」 including the standard grant): the sum of
the package over all its payments, exactly at the cap passes, a fen over is invalid with the
arithmetic shown."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from talentkit import (
    Annual,
    Citation,
    Compare,
    Fixed,
    Money,
    P,
    PackageCap,
    Parameter,
    Profile,
    Range,
    Status,
    Text,
    to_json,
)
from talentkit.declarations import check_programme
from talentkit.funding import FundingDecl, FundingResult, evaluate_funding
from talentkit.params import UNSET, ParameterStore
from talentkit.programme import Programme
from talentkit.rules.context import Context
from talentkit.text import Text as T

CITE = Citation(document="T", article="第十七条", quote="可给予最高5000万元综合资助")
Y = Money.yuan
M = Money.parse
STANDARD = Fixed(
    id="standard",
    cite=CITE,
    text=Text("每年10万元", "100,000 a year"),
    payee="leader",
    amount=Y(100_000),
    schedule=Annual(years=5, start="facts.start"),
)
SPECIAL = Range(
    id="special",
    cite=CITE,
    text=Text("综合资助", "comprehensive funding"),
    payee="team",
    high=Y(50_000_000),
    decided="facts.special",
)
CAP = PackageCap(
    id="package",
    cite=CITE,
    text=Text(
        "综合资助（含一般资助）最高5000万元", "package incl. the standard grant ≤ 50,000,000"
    ),
    items=("standard", "special"),
    cap=P("cap"),
    condition=Compare(fact="facts.strategic", value=True),
)


FIFTY_MILLION = Y(50_000_000)


def fund(facts: dict[str, object], cap: Money | None = FIFTY_MILLION) -> FundingResult:
    store = ParameterStore()
    store.add([Parameter(key="cap", type="yuan", value=UNSET if cap is None else cap)])
    base = {"start": dt.date(2025, 1, 1), "strategic": True}
    ctx = Context(profile=Profile(facts={**base, **facts}), as_of=dt.date(2026, 1, 1), params=store)
    decls: list[FundingDecl] = [STANDARD, SPECIAL, CAP]
    return evaluate_funding("t", decls, ctx)


@pytest.mark.parametrize(
    ("special", "status"),
    [
        ("49499999.99", Status.PASS),
        ("49500000", Status.PASS),  # 5 × 100,000 + 49,500,000 = 50,000,000 exactly
        ("49500000.01", Status.FAIL),  # a fen over
    ],
)
def test_the_cap_is_on_the_sum_of_the_package(special: str, status: Status) -> None:
    f = fund({"special": M(special)})
    (cap,) = f.caps
    assert cap.status is status
    assert cap.items == (("standard", Y(500_000)), ("special", M(special)))
    assert cap.sum == Y(500_000) + M(special)
    assert cap.cap == Y(50_000_000)
    if status is Status.PASS:
        assert all(x.status == "determined" for x in f.lines)
        assert f.total == Y(500_000) + M(special)
        assert f.complete
    else:
        assert {x.status for x in f.lines} == {"invalid"}
        problem = f.lines[0].problem
        assert problem is not None
        assert "500,000 (standard) + 49,500,000.01 (special) = 50,000,000.01 yuan" in problem.en
        assert "over the cap of 50,000,000 yuan" in problem.en
        assert "超过上限 50,000,000 元" in problem.zh
        assert (f.total, f.complete) == (Y(0), False)


def test_the_item_alone_within_its_range_can_still_break_the_package() -> None:
    f = fund({"special": Y(50_000_000)})  # the Range allows it; the package does not
    assert f.caps[0].status is Status.FAIL


def test_the_cap_applies_only_when_its_condition_holds() -> None:
    f = fund({"special": Y(50_000_000), "strategic": False})
    assert f.caps == ()
    assert f.total == Y(50_500_000)
    (cap,) = fund({"special": Y(50_000_000), "strategic": None}).caps
    assert (cap.status, cap.missing) == (Status.UNKNOWN, ("facts.strategic",))


def test_an_open_amount_or_cap_leaves_the_package_open() -> None:
    (cap,) = fund({}).caps
    assert (cap.status, cap.missing) == (Status.UNKNOWN, ("facts.special",))
    (cap,) = fund({"special": Y(1)}, cap=None).caps
    assert (cap.status, cap.missing) == (Status.UNKNOWN, ("param:cap",))


def test_json_shows_the_arithmetic() -> None:
    data = json.loads(to_json(fund({"special": M("49500000.01")})))
    (cap,) = data["caps"]
    assert cap["status"] == "fail"
    assert cap["sum"]["fen"] == 5_000_000_001
    assert cap["cap"]["fen"] == 5_000_000_000
    assert cap["items"][1][0] == "special"


def test_a_misspelled_item_fails_at_load() -> None:
    bad = PackageCap(id="p", cite=CITE, text=T("x", "x"), items=("standard", "specail"), cap=Y(1))
    prog = Programme(
        id="t", jurisdiction="t", document="T", name=T("t", "t"), funding=[STANDARD, SPECIAL, bad]
    )
    found, _ = check_programme(prog, {}, ParameterStore())
    assert [f.problem for f in found if f.rule == "p"] == [
        "package cap p names unknown funding item 'specail'; did you mean 'special'?"
    ]
