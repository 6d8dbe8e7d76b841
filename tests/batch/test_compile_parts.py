"""Fraction texts and ``organisations[role=…]`` selectors read the same as the rule engine."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import attrs
import polars as pl
import pytest

from talentkit.batch.compile import (
    FAIL,
    FRACTION,
    PASS,
    UNKNOWN,
    apply_defs,
    decimal_parts,
    fraction_column,
    fraction_parts,
)
from talentkit.batch.cutoff import _COMPARED, _SAMPLE, MAX_DISTINCT
from talentkit.facts import FactSpec, FactType
from tests.batch.test_external_amount import scope_of

_INT64 = range(-(2**63), 2**63)


def _int64(part: str | None) -> int | None:
    """A part as a 64-bit integer; ASCII digits only, as polars casts text."""
    if part is None or not re.fullmatch(r"-?[0-9]+", part) or int(part) not in _INT64:
        return None
    return int(part)


def _reference(text: str | None) -> tuple[int | None, int | None] | None:
    """The reading of ``-?\\d+(/\\d+)?`` (Unicode digits) that the batch parser follows."""
    if text is None:
        return None
    m = re.fullmatch(r"(-?\d+)(?:/(\d+))?", text)
    if m is None:
        return None, (None if "/" in text else 1)
    return _int64(m.group(1)), (1 if m.group(2) is None else _int64(m.group(2)))


def test_fraction_texts_accepted_and_rejected_as_the_pattern() -> None:
    texts: list[str | None] = [
        "1/3",
        "0/1",
        "-1/3",
        " 1/3",
        "1/3 ",
        "1/0",
        "1//3",
        "+1/3",
        "1/+3",
        "1/-3",
    ]
    texts += ["1/3/4", "", "1", "-", "/", "/3", "1/", "01/03", "-0/5", "1/3\n", "abc/3"]
    texts += ["٣/٤", "٣/4", "3/٤", "٣", "１/２", "9223372036854775807/1", "-9223372036854775808/1"]
    texts += ["9223372036854775808/1", "1/9223372036854775808", "99999999999999999999", None]
    got = pl.DataFrame({"t": texts}, schema={"t": pl.String()})
    got = got.select(fraction_parts(pl.col("t")).alias("f"))
    have = [None if f is None else (f["num"], f["den"]) for f in got.get_column("f")]
    want = [_reference(t) for t in texts]
    assert list(zip(texts, have, strict=True)) == list(zip(texts, want, strict=True))
    # the boundaries the reference itself must draw
    assert want[texts.index("٣/4")] == (None, 4)  # a digit, but not one the cast reads
    assert want[texts.index("9223372036854775808/1")] == (None, 1)  # beyond 64 bits: engine
    assert want[texts.index("1//3")] == (None, None)


def test_a_whole_column_split_reads_as_the_pattern() -> None:
    """The column-at-once parse (many distinct texts) reads each text as the pattern does:
    signs, spaces, non-ASCII digits, 64-bit bounds, a doubled "/", a chunk in pieces."""
    texts: list[str | None] = ["1/3", "1", "-1/3", "+1/3", "1/+3", "1/-3", " 1/3", "1/3 "]
    texts += ["1//3", "1/3/4", "/3", "1/", "/", "", "-", "-0/5", "01/03", "1/0", "30%", "0.3"]
    texts += ["٣/٤", "٣/4", "3/٤", "٣", "１/２", "abc/3", "3/abc", "abc", "1/3\n", None]
    texts += ["9223372036854775807/9223372036854775807", "-9223372036854775808"]
    texts += ["9223372036854775808/1", "1/9223372036854775808", "99999999999999999999"]
    column = pl.Series("t", texts, dtype=pl.String())
    pieces = pl.concat([column[:7], column[7:20], column[20:]], rechunk=False)
    for part in (column, pieces, column[3:30]):
        got = fraction_column(part)
        assert got.name == "t"
        assert got.dtype == FRACTION
        have = [None if f is None else (f["num"], f["den"]) for f in got]
        assert have == [_reference(t) for t in part]
        assert got.equals(part.to_frame().select(fraction_parts(pl.col("t"))).to_series())


ORG = pl.Struct({"id": pl.String(), "role": pl.String()})


def _org(oid: str | None, role: str | None) -> dict[str, Any]:
    return {"id": oid, "role": role}


def test_role_selector_takes_the_first_organisation_with_the_role() -> None:
    cases: list[tuple[list[dict[str, Any] | None] | None, str | None]] = [
        (None, None),  # no organisations at all
        ([], None),
        ([None], None),
        ([_org("a", None)], None),
        ([_org("a", "Company")], None),  # roles are matched exactly
        ([_org("a", "company")], "a"),
        ([_org("a", "employer"), _org("b", "company"), _org("c", "company")], "b"),
        ([None, _org(None, "company"), _org("c", "company")], None),  # first match, id open
    ]
    frame = pl.DataFrame(
        {"organisations": [orgs for orgs, _ in cases]},
        schema={"organisations": pl.List(ORG)},
    )
    scope = scope_of(frame)
    found, dtype = scope.fact("organisations[role=company]")
    oid, _ = scope.fact("organisations[role=company].id")
    defined = apply_defs(frame, scope.defs)
    got = defined.select(found.alias("org"), oid.alias("id"))
    assert dtype == ORG
    assert got.get_column("id").to_list() == [want for _, want in cases]
    # the whole record as the list would give it, null where none has the role
    el = pl.element()
    first = pl.col("organisations").list.eval(el.filter(el.struct.field("role") == "company"))
    assert got.get_column("org").equals(frame.select(first.list.first()).to_series().alias("org"))
    assert got.get_column("org").is_null().to_list() == [True] * 5 + [False] * 3


def _parsed_once_per_text(texts: Sequence[str | None], fact_type: FactType) -> None:
    """The top-level column of a ``fact_type`` fact (parsed once per distinct text) equals
    the parser applied to every row."""
    frame = pl.DataFrame({"facts": [{"x": t} for t in texts]}, schema={"facts": FACTS})
    scope = attrs.evolve(scope_of(frame), facts={"x": FactSpec(name="x", type=fact_type)})
    column, dtype = scope.fact("facts.x")
    assert dtype == FRACTION
    assert [name for name, _ in scope.defs] == [column.meta.output_name()]
    got = frame.with_columns(e.alias(n) for n, e in scope.defs).select(column.alias("f"))
    parse = fraction_parts if fact_type == "fraction" else decimal_parts
    want = frame.select(parse(pl.col("facts").struct.field("x")).alias("f"))
    assert got.equals(want)


FACTS = pl.Struct({"x": pl.String()})


def test_fraction_column_parsed_once_per_distinct_text() -> None:
    # one text for every case, exactly a third
    _parsed_once_per_text(["1/3"] * 5, "fraction")
    _parsed_once_per_text([None] * 4, "fraction")
    # a few texts, with nulls, bad ones and repeats (spread back to their rows)
    few = [
        "1/3",
        None,
        "2/6",
        "1/3",
        "abc",
        None,
        "1//3",
        "+1/3",
        "0",
        "1/3",
        "9223372036854775808/1",
    ]
    _parsed_once_per_text(few, "fraction")
    _parsed_once_per_text(["999.5", None, "999.5", "1E+20", "-0.5"], "decimal")
    # more distinct texts than are worth a table: parsed row by row, the same
    many = [f"{i}/{i + 1}" for i in range(MAX_DISTINCT + 5)] + [None, "1/3", "x/3"]
    _parsed_once_per_text(many, "fraction")
    # a long column: many texts in its first rows, or only after them, or a few throughout
    spread = [f"{i}/3" for i in range(_SAMPLE + 1)]
    _parsed_once_per_text(spread, "fraction")
    _parsed_once_per_text(["1/3"] * _SAMPLE + spread, "fraction")
    _parsed_once_per_text(["1/3", None, "2/3"] * _SAMPLE, "fraction")


#: texts at the edges of the parser: exactly a third, above one, signs, spaces, a doubled
#: or absent denominator, a percentage, non-ASCII digits, beyond 64 bits, decimals, empty
BOUNDARY = [
    "1/3",
    "4/3",
    "+1/3",
    " 1/3 ",
    "1//3",
    "1/0",
    "30%",
    "１/２",
    "٣/4",
    "3/٤",
    "9223372036854775808/1",
    "1/9223372036854775808",
    "0.5",
    "1.5/3",
    "",
]


@pytest.mark.parametrize("text", BOUNDARY)
def test_boundary_fraction_texts_read_alike_among_few_or_many(text: str) -> None:
    """Whether a chunk's texts are few (each row compared with each distinct text) or
    more (joined with them), each row reads as the parser reads it, nulls included."""
    compared = [text, None, "1/3", text, "2/3", None]
    joined = [text, "1/3", "2/3", "3/4", "4/5", text, None]
    assert len(set(compared)) <= _COMPARED < len(set(joined))
    _parsed_once_per_text(compared, "fraction")
    _parsed_once_per_text(joined, "fraction")
    _parsed_once_per_text([None, text], "fraction")
    _parsed_once_per_text([text, text, "1/3"], "fraction")
    # among more texts than are worth a table: the column is parsed at once
    many = [text, None, *(f"{i}/{3 * i}" for i in range(MAX_DISTINCT + 1)), text]
    _parsed_once_per_text(many, "fraction")
    _parsed_once_per_text([f"{i}/3" for i in range(_SAMPLE + 1)] + [text], "fraction")


def test_fraction_of_a_list_item_is_parsed_in_place() -> None:
    """Inside a list's items (a step's columns) nothing is defined: the parse is inline."""
    frame = pl.DataFrame({"facts": [{"x": "1/3"}]}, schema={"facts": FACTS})
    scope = attrs.evolve(scope_of(frame), facts={"x": FactSpec(name="x", type="fraction")})
    inline, dtype = scope.fact("facts.x", inline=True)
    assert dtype == FRACTION
    assert scope.defs == []
    got = frame.select(inline.alias("f")).get_column("f").to_list()
    assert got == [{"num": 1, "den": 3}]


#: parts at the edges of 32 bits (products of 64 bits or not) and of 64 bits
_EDGES = [0, 1, -1, 2**31 - 1, 2**31, -(2**31), -(2**31) - 1, 2**32 - 1, 2**32, 2**62, 2**63 - 1]
_EDGES += [-(2**32), -(2**63)]


@pytest.mark.parametrize("op", [">=", "<=", ">", "<", "==", "!="])
def test_fractions_compared_exactly_in_64_or_128_bits(op: str) -> None:
    """``a/b op c/d`` as exact fractions, whether a chunk's parts fit 32 bits (products
    in 64 bits) or not; a null part leaves the rule open."""
    import itertools
    import operator
    from fractions import Fraction

    from talentkit.batch.compile import _compare_fractions, _ratio

    ops = {">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt}
    ops |= {"==": operator.eq, "!=": operator.ne}
    small = [(n, d) for n in (-3, -1, 0, 1, 2, 3) for d in (1, 2, 3, 6)]
    wide = [(n, d) for n in _EDGES for d in _EDGES if d > 0]
    # each edge among small fractions: one part beyond 32 bits takes the chunk to 128
    alone = [[*small, (e, 1)] for e in _EDGES] + [[*small, (1, e)] for e in _EDGES if e > 0]
    alone += [[*small, (e, 1), (1, abs(e))] for e in _EDGES if 0 < abs(e) < 2**63]
    for pairs in (small, wide, *alone, [*small, (None, 3)]):
        rows = list(itertools.product(pairs, repeat=2))
        frame = pl.DataFrame(
            {
                "x": [{"num": a, "den": b} for (a, b), _ in rows],
                "y": [{"num": c, "den": d} for _, (c, d) in rows],
            },
            schema={"x": FRACTION, "y": FRACTION},
        )
        sides = [_ratio(pl.col(c), FRACTION) for c in ("x", "y")]
        needs: list[tuple[pl.Expr, pl.Expr | str]] = [(pl.lit(False), "x")]
        got = frame.select(_compare_fractions(op, sides, needs).status).to_series().to_list()
        want = [
            UNKNOWN if None in (a, c) else PASS if ops[op](Fraction(a, b), Fraction(c, d)) else FAIL
            for (a, b), (c, d) in rows
        ]
        assert got == want


@pytest.mark.parametrize("op", [">=", "<=", ">", "<", "==", "!="])
def test_fractions_compared_exactly_with_a_constant(op: str) -> None:
    """A fraction fact against a constant (a parameter's share): exact at the constant
    itself (exactly 1/3, the fractions either side), in 64 bits or 128 as the chunk's
    parts and the constant's need, a null fact open; as the constant written as a column."""
    import operator
    from fractions import Fraction

    from talentkit.batch.compile import _compare_fractions, _constant_parts, _ratio

    ops = {">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt}
    ops |= {"==": operator.eq, "!=": operator.ne}
    near = [(1, 3), (2, 6), (333, 1000), (334, 1000), (-1, 3), (0, 1), (1, 1), (None, 1)]
    wide = [(2**61, 3 * 2**61), (2**61 + 1, 3 * 2**61), (-(2**63), 1), (2**63 - 1, 1)]
    wants = [Fraction(1, 3), Fraction(0), Fraction(-1, 3), Fraction(2**40, 3 * 2**40 + 1)]
    wants += [Fraction(2**31 - 1, 2**31), Fraction(2**31), Fraction(2**63 - 1), 5]
    for pairs in (near, [*near, *wide]):
        frame = pl.DataFrame(
            {"x": [{"num": a, "den": b} for a, b in pairs]}, schema={"x": FRACTION}
        )
        for value in wants:
            c, d = _constant_parts(value)
            needs: list[tuple[pl.Expr, pl.Expr | str]] = [(pl.col("x").is_null(), "x")]
            sides = [_ratio(pl.col("x"), FRACTION), (c, d)]
            got = frame.select(_compare_fractions(op, sides, needs).status).to_series()
            want = [
                UNKNOWN if a is None else PASS if ops[op](Fraction(a, b), Fraction(c, d)) else FAIL
                for a, b in pairs
            ]
            assert got.to_list() == want, (value, pairs)
            as_column = [(pl.lit(c, dtype=pl.Int64()), pl.lit(d, dtype=pl.Int64()))]
            same = _compare_fractions(op, [sides[0], *as_column], needs).status
            assert frame.select(same).to_series().equals(got)


def test_one_fraction_against_several_constants_in_one_scope() -> None:
    """Rules comparing one fraction fact with different constants (the same operator)
    compiled into one scope stay apart: each constant is its own column, not one shared."""
    from fractions import Fraction

    from talentkit.batch.compile import apply_defs, compile_rule
    from talentkit.rules import Compare

    texts = ["1/3", "3/10", "299/1000", "301/1000", None, "1/2"]
    frame = pl.DataFrame({"facts": [{"x": t} for t in texts]}, schema={"facts": FACTS})
    scope = attrs.evolve(scope_of(frame), facts={"x": FactSpec(name="x", type="fraction")})
    wants = [Fraction(3, 10), Fraction(1, 3), Fraction(1, 2)]
    statuses = [
        compile_rule(Compare(id=f"r{i}", fact="facts.x", op=">=", value=w), scope).status
        for i, w in enumerate(wants)
    ]
    got = apply_defs(frame, scope.defs).select(s.alias(f"s{i}") for i, s in enumerate(statuses))
    for i, w in enumerate(wants):
        want = [UNKNOWN if t is None else PASS if Fraction(t) >= w else FAIL for t in texts]
        assert got.get_column(f"s{i}").to_list() == want
