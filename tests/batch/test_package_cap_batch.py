"""A package cap (「最高N万元综合资助」, :class:`~talentkit.PackageCap`) compiled for batch
screening: the sum of the package's granted lines against the cap, exactly at it and a fen
over, with a line undetermined, excluded, out of its range, the cap's condition failing or
unknown, and the operator's cap and years. Each population is checked equal to the engine
(every result column), and the engine's money pinned, so both are held to the text."""

from __future__ import annotations

from typing import Any

import pytest

from talentkit import Engine, Fixed, Money, PackageCap, Programme, Range, Text, hookimpl
from talentkit.batch.evaluate import plan_programme
from talentkit.batch.schema import profile_schema
from tests.batch import vocab_plugin
from tests.batch.screening import same_as_engine
from tests.batch.strategies import AS_OF

PROGRAMME = "vocab.package"
YEARLY = 3 * 200_000_00  # fen: three years of the yearly line (vocab.days, vocab.package_yearly)
OUTSIDE = 1  # fen: the line outside the package


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.create([vocab_plugin])


def case(
    paid: str | None,
    *,
    gender: str = "male",
    core: bool | None = True,
    prior: str | None = None,
    field: str | None = "engineering",
    start: str | None = "2025-01-01",
) -> dict[str, Any]:
    """A person whose decided amount is ``paid`` (``vocab.paid``, yuan as written); the
    share (a third of ``prior``) is paid where ``core`` (None: not given), but excluded for
    a man; the cap applies unless ``field`` is natural science."""
    facts = {"vocab.paid": paid, "vocab.prior": prior, "vocab.start": start}
    person = {"gender": gender, "core": core}
    out: dict[str, Any] = {
        "id": f"{paid}-{gender}-{core}-{prior}-{field}-{start}",
        "person": {k: v for k, v in person.items() if v is not None},
        "facts": {k: v for k, v in facts.items() if v is not None},
    }
    if field is not None:
        out["application"] = {"field": field}
    return out


def money(engine: Engine, data: dict[str, Any], overrides: dict[str, Any] | None = None) -> Any:
    (a,) = engine.assess(
        engine.load(data), [PROGRAMME], as_of=AS_OF, overrides=overrides
    ).assessments
    assert a.funding is not None
    missing = [m for x in a.funding.lines if x.status == "undetermined" for m in x.missing]
    return a.funding.total.fen, a.funding.complete, missing


def test_the_package_compiles(engine: Engine) -> None:
    programme = engine.programme(PROGRAMME)
    schema = profile_schema(engine.registry.facts)
    plan = plan_programme(engine, programme, schema=schema, store=engine.params, as_of=AS_OF)
    assert plan.fallback == {}


CASES = [
    # exactly at the cap (600,000 + 400,000 yuan): it stands
    (case("400000.00"), (YEARLY + 400_000_00 + OUTSIDE, True, [])),
    # a fen over: the package's granted lines are invalid, the line outside stands
    (case("400000.01"), (OUTSIDE, False, [])),
    # the cap's condition fails, or is unknown: no cap
    (case("400000.01", field="natural_science"), (YEARLY + 400_000_01 + OUTSIDE, True, [])),
    (case("400000.01", field=None), (YEARLY + 400_000_01 + OUTSIDE, True, [])),
    # a line of the package undetermined (the share's condition unknown): not capped
    (
        case("400000.01", gender="female", core=None, prior="3.00"),
        (YEARLY + 400_000_01 + OUTSIDE, False, ["person.core"]),
    ),
    # the decided amount over its ceiling: invalid itself, the rest under the cap
    (case("2000000.01"), (YEARLY + OUTSIDE, False, [])),
    # ... and with the others over the cap: an invalid line is not an open one, so they are
    # capped (600,000 + a third of 1,200,000.03 = 1,000,000.01)
    (case("2000000.01", gender="female", prior="1200000.03"), (OUTSIDE, False, [])),
    # the share counts: a third of 1,200,000.00 is 400,000.00, at the cap; a fen over
    (
        case("0", gender="female", prior="1200000.00"),
        (YEARLY + 400_000_00 + OUTSIDE, True, []),
    ),
    (case("0", gender="female", prior="1200000.03"), (OUTSIDE, False, [])),
    # the share's condition fails: not paid, not counted
    (
        case("400000.00", gender="female", core=False, prior="1200000.03"),
        (YEARLY + 400_000_00 + OUTSIDE, True, []),
    ),
    # the start date open: the yearly amounts stand (and count), only their years are open
    (case("400000.00", start=None), (YEARLY + 400_000_00 + OUTSIDE, True, [])),
    (case("400000.01", start=None), (OUTSIDE, False, [])),
    # the decided amount not given: undetermined, so not capped
    (case(None), (YEARLY + OUTSIDE, False, ["facts.vocab.paid"])),
]


@pytest.mark.parametrize(("data", "want"), CASES, ids=[c[0]["id"] for c in CASES])
def test_the_engine_s_money(engine: Engine, data: dict[str, Any], want: Any) -> None:
    assert money(engine, data) == want


def test_the_batch_equals_the_engine(engine: Engine) -> None:
    assert same_as_engine(engine, [c for c, _ in CASES], [PROGRAMME]) == 0


@pytest.mark.parametrize(
    ("overrides", "data", "want"),
    [
        # the operator's cap a fen higher: a fen over the old one stands
        (
            {"vocab.package_cap": "1000000.01"},
            case("400000.01"),
            (YEARLY + 400_000_01 + OUTSIDE, True, []),
        ),
        # no year paid: the yearly line is not there to count
        ({"vocab.days": 0}, case("1000000.00"), (1_000_000_00 + OUTSIDE, True, [])),
        ({"vocab.days": 0}, case("1000000.01"), (OUTSIDE, False, [])),
    ],
)
def test_the_operator_s_parameters(
    engine: Engine, overrides: dict[str, Any], data: dict[str, Any], want: Any
) -> None:
    assert money(engine, data, overrides) == want
    assert same_as_engine(engine, [data], [PROGRAMME], overrides) == 0


def test_a_run_in_one_chunk_sends_no_case_to_the_engine(engine: Engine) -> None:
    import polars as pl

    from talentkit.batch import profiles_frame, screen_frame

    frame = profiles_frame([engine.load(c) for c, _ in CASES], engine.registry.facts)
    screened = screen_frame(engine, frame, programmes=[PROGRAMME], as_of=AS_OF)
    assert screened.summary.case_by_case == 0
    totals = screened.results.get_column("funding_total_fen").to_list()
    assert totals == [want[0] for _, want in CASES]
    assert screened.results.filter(pl.col("verdict") == "not_eligible").height == 0


class TwoPackages:
    """Two caps sharing a line: the engine caps the shared line twice in turn."""

    @hookimpl
    def talentkit_add_programmes(self) -> list[Programme]:
        line = {"cite": vocab_plugin.C, "text": vocab_plugin.T, "payee": "person"}
        cap = {"cite": vocab_plugin.C, "text": vocab_plugin.T}
        return [
            Programme(
                id="twice.p",
                jurisdiction="vocab",
                document=vocab_plugin.DOC,
                name=Text("两个上限", "two caps"),
                subject="person",
                rules=[],
                funding=[
                    Fixed(id="twice.a", amount=Money.yuan(100), **line),
                    Range(id="twice.b", high=Money.yuan(1_000), decided=vocab_plugin.PAID, **line),
                    Fixed(id="twice.c", amount=Money.yuan(5), **line),
                    PackageCap(
                        id="twice.ab", items=("twice.a", "twice.b"), cap=Money.yuan(300), **cap
                    ),
                    PackageCap(
                        id="twice.bc", items=("twice.b", "twice.c"), cap=Money.yuan(250), **cap
                    ),
                ],
            )
        ]


def test_a_line_in_two_packages_is_left_to_the_engine_with_them() -> None:
    engine = Engine.create([vocab_plugin, ("twice", TwoPackages())], entry_points=False)
    assert engine.problems == []
    schema = profile_schema(engine.registry.facts)
    plan = plan_programme(
        engine, engine.programme("twice.p"), schema=schema, store=engine.params, as_of=AS_OF
    )
    reason = "PackageCap: twice.ab shares a line with another package"
    assert plan.fallback == {
        "funding:twice.a": reason,
        "funding:twice.b": reason,
        "funding:twice.c": "PackageCap: twice.bc shares a line with another package",
    }
    people = [{"id": p, "facts": {"vocab.paid": p}} for p in ("200", "200.01", "245", "245.01")]
    same_as_engine(engine, people, ["twice.p"])
