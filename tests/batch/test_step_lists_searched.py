"""A list step's list that is a field of a record looked up by key
(``organisations[role=company].applications``) is searched with the defined columns'
lookups of the same list, in one pass: the steps' and the defined columns' results are
those of the step searching its list alone, before the defined columns."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest

from talentkit.batch.compile import _KEYED, Step, _mark, apply_defs, empty_of, run_steps
from talentkit.batch.keyed import lookup_columns

APPLICATION = pl.Struct({"programme": pl.String(), "n": pl.Int64()})
ORG = pl.Struct({"role": pl.String(), "id": pl.String(), "applications": pl.List(APPLICATION)})
ORGS = pl.List(ORG)


def org(role: str | None, oid: str, apps: list[tuple[str, int | None]] | None) -> dict[str, Any]:
    listed = None if apps is None else [{"programme": p, "n": n} for p, n in apps]
    return {"role": role, "id": oid, "applications": listed}


ROWS: list[list[dict[str, Any] | None] | None] = [
    None,  # no organisations
    [],
    [org("employer", "e1", [("x", 1)])],  # no company
    [org("company", "c1", None)],  # a company without a list
    [org("company", "c2", [])],
    [org("company", "c3", [("a", 2), ("b", None), ("c", 5)])],
    # the first company counts; the employer's list is the employer's step's
    [org("employer", "e2", [("x", 7)]), org("company", "c4", [("a", 1)]), org("company", "c5", [])],
    [None, org(None, "n", [("z", 9)]), org("company", "c6", [("a", 3), ("a", 4)])],
    [org("COMPANY", "u", [("a", 100)]), org("employer", "e3", None)],  # keys differ in case
]


def _record(role: str) -> pl.Expr:
    """The first record in ``role``, as a selector's defined column gives it."""
    el = pl.element()
    found = (
        pl.col("organisations")
        .fill_null(empty_of(ORGS))
        .list.agg(el.filter(el.struct.field("role") == role).first())
    )
    _mark(found, _KEYED, ("organisations", "role", role, None))
    return found


def _step(role: str) -> Step:
    """A step over the list of applications of the organisation in ``role``."""
    collection = _record(role).struct.field("applications")
    _mark(collection, _KEYED, ("organisations", "role", role, "applications"))
    n = pl.col("__item").struct.field("n")
    return Step(
        f"s_{role}",
        collection,
        items={f"{role}_n": n},
        aggs={f"{role}_max": pl.col(f"{role}_n").max()},
        defaults={f"{role}_tot": 0, f"{role}_big": False, f"{role}_max": None},
        sums={f"{role}_tot": pl.col(f"{role}_n")},
        anys={f"{role}_big": pl.col(f"{role}_n") > 4},
    )


def _defs(roles: list[str]) -> list[tuple[str, pl.Expr]]:
    """Lookups of the records in ``roles``, and a column reading one of them and a step's."""
    defs = [(f"__held:organisations[role={r}]", _record(r)) for r in roles]
    first = pl.col(defs[0][0]).struct.field("id")
    return [*defs, ("__c1", pl.concat_str(first, pl.col(f"{roles[0]}_tot").cast(pl.String())))]


@pytest.fixture
def searches(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The names each call of ``lookup_columns`` looks up."""
    calls: list[list[str]] = []

    def counted(df: pl.DataFrame, lookups: Any, shapes: Any = None) -> list[pl.Series]:
        calls.append(list(lookups))
        return lookup_columns(df, lookups, shapes)

    monkeypatch.setattr("talentkit.batch.compile.lookup_columns", counted)
    return calls


@pytest.mark.parametrize("rows", [ROWS, ROWS[5:7], [ROWS[0]] * 3])
def test_a_step_s_list_searched_with_the_lookups(rows: Any, searches: list[list[str]]) -> None:
    df = pl.DataFrame({"organisations": rows}, schema={"organisations": ORGS})
    steps = [_step("company"), _step("employer")]
    defs = _defs(["company", "employer"])
    got = apply_defs(df, defs, steps)
    # the list of organisations searched once, for the records and both steps' lists
    assert len(searches) == 1
    assert len(searches[0]) == 4
    searches.clear()
    alone = apply_defs(run_steps(df, steps), defs)
    assert len(searches) == 3  # each step's list, then the records
    assert got.columns == alone.columns
    assert got.schema == alone.schema
    assert got.equals(alone)


def test_each_step_reads_its_own_key_s_list() -> None:
    """Spelled out: a step given another key's list would count other applications."""
    df = pl.DataFrame({"organisations": ROWS}, schema={"organisations": ORGS})
    got = apply_defs(df, _defs(["employer", "company"]), [_step("company"), _step("employer")])
    assert got.get_column("company_tot").to_list() == [0, 0, 0, 0, 0, 7, 1, 7, 0]
    assert got.get_column("company_big").to_list() == [False] * 5 + [True, False, False, False]
    assert got.get_column("company_max").to_list() == [None] * 5 + [5, 1, 4, None]
    assert got.get_column("employer_tot").to_list() == [0, 0, 1, 0, 0, 0, 7, 0, 0]
    assert got.get_column("__c1").to_list() == [
        None,
        None,
        "e11",
        None,
        None,
        None,
        "e27",
        None,
        "e30",
    ]


def test_a_step_whose_list_no_lookup_searches(searches: list[list[str]]) -> None:
    """Without a defined column searching the organisations, the step searches its list
    itself, as before; so does a step run with defined columns of another list."""
    df = pl.DataFrame({"organisations": ROWS}, schema={"organisations": ORGS})
    step = _step("company")
    defs = [("__c1", pl.col("company_tot") * 2)]
    got = apply_defs(df, defs, [step])
    assert searches == [["__item"]]
    assert got.equals(apply_defs(run_steps(df, [step]), defs))
    assert got.get_column("__c1").to_list() == [0, 0, 0, 0, 0, 14, 2, 14, 0]
