"""A comparison of fraction facts decided once per distinct text (``PerValues``) agrees,
row by row, with the same comparison of the parsed texts: at the boundary, beyond 64 bits,
with absent and malformed texts, whatever number of distinct texts a chunk holds, and
with texts the first rows do not show."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from fractions import Fraction

import polars as pl
import pytest

from talentkit import Engine
from talentkit.batch import cutoff
from talentkit.batch.compile import (
    CODE,
    FAIL,
    FRACTION,
    PASS,
    UNKNOWN,
    Scope,
    _FractionStatus,
    apply_defs,
    compile_rule,
    fraction_column,
    fraction_parts,
)
from talentkit.batch.cutoff import _COMPARED, _SAMPLE, MAX_DISTINCT, PerValues, per_values
from talentkit.batch.schema import profile_schema
from talentkit.rules import Compare
from talentkit.rules.refs import F
from talentkit.subjects import Profile

AS_OF = dt.date(2026, 3, 1)

#: texts either side of 3/10 and 1/3, equal to them unreduced, beyond 64 bits, malformed
TEXTS = [
    "3/10",
    "30/100",
    "299/1000",
    "301/1000",
    "1/3",
    "2/6",
    "333/1000",
    "0",
    "-1/2",
    "7",
    f"{2**63 - 2}/{2**63 - 1}",
    f"1/{2**62}",
    f"{2**63}/1",
    "99999999999999999999/3",
    "1/0",
    "x",
    "+5",
    " 1/2",
    None,
]
OPS = (">=", ">", "<", "<=", "==", "!=")


def _slow(frame: pl.DataFrame, fn: _FractionStatus) -> pl.Series:
    """The comparison of every row's parsed texts, as the rule compiles without
    :class:`PerValues`."""
    parsed = [fraction_parts(pl.col(c)) for c in frame.columns]
    return frame.select(fn.status(parsed).alias("s")).to_series()


def _fast(frame: pl.DataFrame, fn: _FractionStatus) -> pl.Series:
    texts = {c: pl.col(c) for c in frame.columns}
    return frame.select(per_values(texts, fn, CODE, fn.whole).alias("s")).to_series()


def _frame(columns: dict[str, list[str | None]]) -> pl.DataFrame:
    return pl.DataFrame(columns, schema={c: pl.String() for c in columns})


@pytest.mark.parametrize("op", OPS)
@pytest.mark.parametrize("want", [(3, 10), (1, 3), (0, 1), (-1, 2), None])
@pytest.mark.parametrize("distinct", [1, 2, _COMPARED, _COMPARED + 1, len(TEXTS)])
def test_per_text_equals_per_row(op: str, want: tuple[int, int] | None, distinct: int) -> None:
    rng = random.Random(f"{op}{want}{distinct}")
    fn = _FractionStatus(op, want)
    for _ in range(3):
        pool = rng.sample(TEXTS, distinct)
        n = 3000
        columns = {"t0": [rng.choice(pool) for _ in range(n)]}
        if want is None:
            columns["t1"] = [rng.choice(rng.sample(TEXTS, distinct)) for _ in range(n)]
        frame = _frame(columns)
        assert _fast(frame, fn).equals(_slow(frame, fn))


@pytest.mark.parametrize("want", [(3, 10), None])
def test_every_pair_of_texts(want: tuple[int, int] | None) -> None:
    """Each combination of two facts' texts, in an order where the second fact's
    values outnumber the first's: a combination found at the wrong index shows."""
    pairs = list(itertools.product(TEXTS[:3], TEXTS))
    frame = _frame({"t0": [a for a, _ in pairs], "t1": [b for _, b in pairs]})
    if want is not None:
        frame = frame.select("t1")
    for op in OPS:
        fn = _FractionStatus(op, want)
        assert _fast(frame, fn).equals(_slow(frame, fn))


def test_a_text_after_the_first_rows() -> None:
    """The first rows show two texts; a third, after them, is still decided as itself."""
    rows = ["3/10", "299/1000"] * (_SAMPLE // 2) + ["1/0", "301/1000", None, "299/1000"]
    frame = _frame({"t0": rows})
    for op in OPS:
        fn = _FractionStatus(op, (3, 10))
        got = _fast(frame, fn)
        assert got.equals(_slow(frame, fn))
        assert got.n_unique() == 3  # pass, fail, and unknown (the null and the zero denominator)


def test_many_distinct_texts() -> None:
    """More distinct texts than :data:`MAX_DISTINCT`: every row's texts are read
    (as a column of many shares is), with the same statuses."""
    rng = random.Random(7)
    many = [f"{rng.randint(-10, 10**6)}/{rng.randint(1, 1000)}" for _ in range(5000)]
    rows = [*many, "3/10", None, "x", f"{2**63}/1", "30/100"]
    assert len(set(rows)) > MAX_DISTINCT
    frame = _frame({"t0": rows, "t1": list(reversed(rows))})
    for op in OPS:
        for want in ((3, 10), None):
            fn = _FractionStatus(op, want)
            part = frame if want is None else frame.select("t0")
            assert _fast(part, fn).equals(_slow(part, fn))


def test_slices_nulls_and_an_empty_chunk() -> None:
    fn = _FractionStatus(">=", (3, 10))
    frame = _frame({"t0": ["3/10", "1/5", None] * 700})
    for start, length in ((0, 0), (1, 5), (2, 1), (600, 900)):
        part = frame.slice(start, length)
        assert _fast(part, fn).equals(_slow(part, fn))
    nulls = _frame({"t0": [None] * 10})
    assert _fast(nulls, fn).equals(_slow(nulls, fn))


def test_too_many_combinations_read_every_row(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two facts of 11 texts each, more combinations than are decided one by one (here
    100): every row is read."""
    monkeypatch.setattr(cutoff, "_COMBINATIONS", 100)
    texts = [f"{i}/11" for i in range(11)]
    pairs = list(itertools.product(texts, texts))
    frame = _frame({"t0": [a for a, _ in pairs], "t1": [b for _, b in pairs]})
    calls: list[int] = []
    fn = _FractionStatus("<", None)

    def whole(texts: pl.DataFrame) -> pl.Series:
        calls.append(texts.height)
        return fn.whole(texts)

    record = pl.struct(pl.col("t0"), pl.col("t1"))
    got = frame.select(record.map_batches(PerValues(fn, CODE, whole), return_dtype=CODE))
    assert got.to_series().equals(_slow(frame, fn), check_names=False)
    assert calls == [len(pairs)]


def test_the_comparison_reads_the_texts_not_a_parsed_column() -> None:
    """A company's share compared with 30 % and with another share: no column of parsed
    parts is defined, and the statuses are the parsed comparison's."""
    engine = Engine.create()
    facts = engine.registry.facts
    schema = profile_schema(facts)
    scope = Scope(schema, facts, engine.params, AS_OF, (), Profile())
    company = "organisations[role=company].facts.shaanxi"
    rules = [
        Compare(fact=f"{company}.own_funds_share", op=">=", value=Fraction(3, 10)),
        Compare(
            fact=f"{company}.applicant_stake", op=">=", value=F(f"{company}.largest_other_stake")
        ),
    ]
    statuses = [compile_rule(r, scope).status for r in rules]
    rows = [("3/10", "1/3", "1/3"), ("299/1000", "1/3", "334/1000"), (None, "x", "1/3")]
    orgs = [
        [
            {
                "role": "company",
                "facts": {
                    "shaanxi.own_funds_share": own,
                    "shaanxi.applicant_stake": mine,
                    "shaanxi.largest_other_stake": other,
                },
            }
        ]
        for own, mine, other in rows
    ]
    frame = pl.DataFrame({"organisations": orgs}, schema={"organisations": schema["organisations"]})
    out = apply_defs(frame, scope.defs)
    assert FRACTION not in out.schema.dtypes()
    got = out.select(statuses).rows()
    assert got == [(PASS, PASS), (FAIL, FAIL), (UNKNOWN, UNKNOWN)]


def _as_pairs(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame``'s texts as a flat input's ``{num, den}`` pairs (a part beyond 64 bits
    null, as the reader leaves it); a malformed text an absent pair."""
    return frame.select(
        pl.col(c).map_batches(lambda s: fraction_column(s), return_dtype=FRACTION)
        for c in frame.columns
    )


@pytest.mark.parametrize("want", [(3, 10), (1, 3), (-1, 2), (2**40, 3), None])
def test_pairs_read_whole_equal_their_parsed_comparison(want: tuple[int, int] | None) -> None:
    """Pairs (as a flat input gives them) decided on the columns themselves
    (:meth:`_FractionStatus.whole`) give, row by row, the statuses of the comparison
    planned in a query (:meth:`_FractionStatus.status`): each combination of the texts,
    including parts beyond 32 bits (products in 128 bits), a part beyond 64 bits and
    absent facts; an empty chunk."""
    pairs = list(itertools.product(TEXTS, TEXTS))
    frame = _as_pairs(_frame({"t0": [a for a, _ in pairs], "t1": [b for _, b in pairs]}))
    if want is not None:
        frame = frame.select("t0")
    seen: set[int] = set()
    for op in OPS:
        fn = _FractionStatus(op, want)
        expected = frame.select(fn.status([pl.col(c) for c in frame.columns])).to_series()
        got = fn.whole(frame)
        assert got.dtype == CODE
        assert got.to_list() == expected.to_list()
        seen.update(got.to_list())
        assert fn.whole(frame.clear()).to_list() == []
    assert seen == {PASS, FAIL, UNKNOWN}
