"""The programmes of one run share one plan: each lookup, list and shared rule once."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from talentkit import Engine
from talentkit.batch import evaluate
from talentkit.batch.compile import FAIL, NA, NAMES, PASS, UNKNOWN, Line, merge_steps
from talentkit.batch.evaluate import by_entries, chunk_names, entry_codes, failed_ids, needed_defs
from talentkit.batch.run import plans_for

AS_OF = dt.date(2025, 6, 1)
SHAANXI = [
    "shaanxi.qianren.youth",
    "shaanxi.qianren.long",
    "shaanxi.qianren.foreign",
    "shaanxi.tezhi.youth",
    "shaanxi.qianren.entre",
]


def test_programmes_of_a_run_share_steps_and_columns(engine: Engine) -> None:
    plans, _ = plans_for(engine, SHAANXI, as_of=AS_OF, overrides=None)
    assert all(p.defs is plans[0].defs and p.steps is plans[0].steps for p in plans)
    # the health attestation all five read is looked up once, not once per programme
    lookups = [
        name
        for name, expr in plans[0].defs
        if "shaanxi.health" in str(expr) and "list.eval" in str(expr)
    ]
    assert len(lookups) == 1, lookups
    # each list the programmes read is exploded once for all of them, a field of a case's
    # record from the column taken out of it before the steps (a defined column)
    defined = dict(plans[0].defs)
    steps = merge_steps(plans[0].steps)
    collections = [str(defined.get(s.collection.meta.output_name(), s.collection)) for s in steps]
    assert len(collections) == len(set(collections))
    assert sum("positions" in c for c in collections) == 1
    # (a list of a record looked up by key is searched with the lookups: an expression)
    fields = [
        s for s in steps if "[" not in str(s.collection) and "filter" not in str(s.collection)
    ]
    assert len(fields) == len(steps) - 1, collections
    assert all(s.collection.meta.is_column() for s in fields), collections
    # no defined column repeats another's expression
    exprs = [expr.meta.serialize(format="json") for _, expr in plans[0].defs]
    assert len(exprs) == len(set(exprs))


def test_a_programme_alone_is_planned_as_before(engine: Engine) -> None:
    alone, _ = plans_for(engine, SHAANXI[:1], as_of=AS_OF, overrides=None)
    together, _ = plans_for(engine, SHAANXI, as_of=AS_OF, overrides=None)
    assert [r.rule.id for r in alone[0].rules] == [r.rule.id for r in together[0].rules]
    assert alone[0].fallback == together[0].fallback == {}
    assert len(alone[0].defs) < len(together[0].defs)


def test_failed_ids_keep_the_programme_order_across_mask_words() -> None:
    # 70 rules: two 64-bit words; rule 0, 63, 64 and 69 fail in row 0, none in row 1
    ids = [f"r{i}" for i in range(70)]
    codes = {0: FAIL, 63: FAIL, 64: FAIL, 69: FAIL, 5: UNKNOWN, 6: NA}
    frame = pl.DataFrame(
        {
            f"s{i}": pl.Series([codes.get(i, PASS), PASS, codes.get(i, PASS)], dtype=pl.UInt8())
            for i in range(70)
        }
    )
    out = failed_ids(frame, [pl.col(f"s{i}") for i in range(70)], ids)
    assert out.to_list() == [["r0", "r63", "r64", "r69"], [], ["r0", "r63", "r64", "r69"]]
    assert failed_ids(frame, [], []).to_list() == [[], [], []]


def test_entries_named_from_their_bits_in_one_word_and_across_words() -> None:
    # 70 entries (two 64-bit words); entry i names n{i % 66}: 66 to 69 repeat 0 to 3
    on = {0: [0, 65, 66, 69], 2: [3, 64]}  # row 1: every condition null
    frame = pl.DataFrame(
        {
            **{
                f"c{i}": pl.Series([i in on[0], None, i in on[2]], dtype=pl.Boolean())
                for i in range(70)
            },
            "p": pl.Series([True, True, None], dtype=pl.Boolean()),
            "l": pl.Series([[], None, ["x"]], dtype=pl.List(pl.String())),
        }
    )
    lines = [(pl.col(f"c{i}"), f"n{i % 66}") for i in range(70)]
    got = by_entries(frame, [*lines, (pl.col("p"), pl.col("l"))])
    assert got is not None
    named, exactly = got
    # each name once, where it is first named; a null condition names nothing
    assert named.to_list() == [["n0", "n65", "n3"], [], ["n3", "n64"]]
    # a per-case entry is open where its condition holds and its list is unknown or not empty
    assert exactly.to_list() == [False, True, False]
    one = by_entries(frame, lines[:5])
    assert one is not None
    assert one[0].to_list() == [["n0"], [], ["n3"]]
    assert one[1].to_list() == [False, False, False]
    # constant conditions: the same names in every row
    fixed = by_entries(frame, [(pl.lit(True), "a"), (pl.lit(False), "b"), (pl.lit(True), "c")])
    assert fixed is not None
    assert fixed[0].to_list() == [["a", "c"]] * 3
    # an entry reading a column the frame does not have: not named from bits
    assert by_entries(frame, [(pl.col("nowhere"), "z")]) is None


def test_needed_defs_follow_references_in_order() -> None:
    defs = [
        ("a", pl.col("x") + 1),
        ("b", pl.col("y") * 2),
        ("c", pl.col("a") - 1),
        ("d", pl.col("b")),
    ]
    assert [n for n, _ in needed_defs(defs, [pl.col("c")])] == ["a", "c"]
    assert [n for n, _ in needed_defs(defs, [pl.col("d"), pl.col("a")])] == ["a", "b", "d"]
    assert needed_defs(defs, [pl.col("x")]) == []


def test_entries_known_per_case_are_open_where_one_holds() -> None:
    """Entries sharing their names are looked at together; a chunk where no entry known
    per case holds has none open, whatever its names; spelled out per case."""
    frame = pl.DataFrame(
        {
            "p": [True, None, False, True, False, True],
            "q": [False, False, True, None, False, True],
            "l": [None, ["x"], ["v"], ["y"], ["z"], []],
            "m": [[], None, ["w"], [], None, None],
        },
        schema={"p": pl.Boolean, "q": pl.Boolean, "l": NAMES, "m": NAMES},
    )
    fixed = [(pl.col("q"), "named")]
    # p and q share the names l: open where either holds and l is unknown or not empty
    shared = [(pl.col("p"), pl.col("l")), (pl.col("q"), pl.col("l"))]
    got = by_entries(frame, [*fixed, *shared])
    assert got is not None
    assert got[1].to_list() == [True, False, True, True, False, False]
    # the names m of their own beside them
    got = by_entries(frame, [*fixed, *shared, (pl.col("q"), pl.col("m"))])
    assert got is not None
    assert got[1].to_list() == [True, False, True, True, False, True]
    assert got[0].to_list() == [[], [], ["named"], [], [], ["named"]]
    # where no condition holds none is open, even with names that would be
    for chunk in (frame.filter(pl.col("p").not_() & pl.col("q").not_()), frame[:0]):
        none = by_entries(chunk, [*fixed, *shared])
        assert none is not None
        assert none[1].to_list() == [False] * chunk.height
        assert none[1].dtype == pl.Boolean
    # conditions that are constants: every case, or none
    for holds in (True, False):
        const = by_entries(frame, [(pl.lit(holds), pl.col("l")), (pl.lit(holds), "c")])
        assert const is not None
        assert const[1].to_list() == [holds and n != [] for n in frame["l"].to_list()]
        assert const[0].to_list() == [["c"] if holds else []] * frame.height


def test_entries_of_a_wide_frame_in_chunks_are_those_of_the_columns_read() -> None:
    """The entries read a few columns of a wide frame: each chunk's names and open cases
    are those of the frame of those columns alone, in one chunk or several (one where
    nothing holds, an empty one), and of constant conditions (no column read)."""
    frame = pl.DataFrame(
        {
            "p": [True, None, False, True, False, True, None],
            "q": [False, False, True, None, False, True, False],
            "l": [None, ["x"], ["v"], ["y"], ["z"], [], None],
            **{f"unread{i}": [i] * 7 for i in range(40)},
        },
        schema_overrides={"p": pl.Boolean, "q": pl.Boolean, "l": NAMES},
    )
    lines = [(pl.col("q"), "named"), (pl.col("p"), "other"), (pl.col("p"), pl.col("l"))]
    whole = by_entries(frame.select("p", "q", "l"), lines)
    assert whole is not None
    assert whole[0].to_list() == [
        ["other"],
        [],
        ["named"],
        ["other"],
        [],
        ["named", "other"],
        [],
    ]
    assert whole[1].to_list() == [True, False, False, True, False, False, False]
    for size in (1, 2, 3, 7):
        parts = [by_entries(frame.slice(s, size), lines) for s in range(0, 7, size)]
        assert all(p is not None for p in parts)
        assert [n for p in parts if p for n in p[0].to_list()] == whole[0].to_list()
        assert [o for p in parts if p for o in p[1].to_list()] == whole[1].to_list()
    for chunk in (frame[:0], frame.slice(4, 1)):  # empty; nothing holds
        got = by_entries(chunk, lines)
        assert got is not None
        assert got[0].to_list() == [[]] * chunk.height
        assert got[1].to_list() == [False] * chunk.height
    const = by_entries(
        frame.slice(1, 2), [(pl.lit(True), "a"), (pl.lit(None, dtype=pl.Boolean), "b")]
    )
    assert const is not None
    assert const[0].to_list() == [["a"], ["a"]]
    assert const[1].to_list() == [False, False]
    empty = by_entries(frame[:0], [(pl.lit(True), "a")])
    assert empty is not None
    assert empty[0].to_list() == []


def test_entries_looked_at_only_within_the_open_cases_are_those_of_every_case(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Conditions that hold only where a case is open (``within``), evaluated for those
    cases alone: the same positions, table and cases to compute exactly as over every
    case, in one mask word (of small and of large values) and across two."""
    monkeypatch.setattr(evaluate, "OPEN_APART", 0)  # every chunk, however small
    rows = 200
    gate = pl.Series("g", [i % 7 in (1, 4) if i % 11 else None for i in range(rows)])
    frame = pl.DataFrame(
        [
            gate,
            *(pl.Series(f"c{j}", [(i * (j + 3)) % 5 < 2 for i in range(rows)]) for j in range(70)),
            pl.Series("l", [["x"] if i % 3 else [] for i in range(rows)], dtype=NAMES),
        ]
    )
    guarded = [(pl.col("g") & pl.col(f"c{j}"), f"n{j % 66}") for j in range(70)]
    per_case = (pl.col("g") & pl.col("c5"), pl.col("l"))
    cases: list[list[Line]] = [
        guarded[:3],  # a small word: its values marked in a table
        guarded[:40],  # one word of large values: sorted and searched
        guarded,  # two words
        [*guarded[:10], per_case],  # with an entry known per case
        [per_case],  # no fixed name
    ]
    dtype = pl.List(chunk_names())
    for lines in cases:
        every = entry_codes(frame, lines, dtype)
        assert every is not None
        # the open cases, or more: where a condition is null, another column, every case
        for within in (gate, gate.fill_null(True), gate | frame["c0"], gate | True):
            got = entry_codes(frame, lines, dtype, within)
            assert got is not None
            for a, b in zip(every, got, strict=True):
                assert a.dtype == b.dtype
                assert a.to_list() == b.to_list()
        # and in chunks, and where no case is open
        shut = frame.filter(~pl.col("g").fill_null(False))
        for part in (frame.slice(0, 9), frame.slice(150, 9), shut, frame[:0]):
            alone = entry_codes(part, lines, dtype)
            got = entry_codes(part, lines, dtype, part["g"])
            assert alone is not None
            assert got is not None
            assert [s.to_list() for s in alone] == [s.to_list() for s in got]


def test_a_field_of_the_case_is_taken_out_of_its_record_once(engine: Engine) -> None:
    """``person.birth_date``, read by the age rules of all five programmes, is one defined
    column computed before the list steps; no other expression takes it out of
    ``person`` again."""
    from talentkit.batch.compile import FIELD, _defs_kept, apply_defs

    plans, _ = plans_for(engine, SHAANXI, as_of=AS_OF, overrides=None)
    defs = plans[0].defs
    birth = [n for n, e in defs if "field_by_name(birth_date)" in str(e)]
    assert len(birth) == 1, birth
    assert birth[0].startswith(FIELD)
    readers = [n for n, e in defs if birth[0] in e.meta.root_names()]
    assert len(readers) >= 5, readers
    # computed before the steps (a step reading it finds it among the case's columns)
    _, chains = _defs_kept(defs).fields
    assert (birth[0], ("person", "birth_date")) in chains
    person = pl.Series(
        "person",
        [{"birth_date": dt.date(1990, 1, 2)}, {"birth_date": None}, None],
        dtype=pl.Struct({"birth_date": pl.Date()}),
    )
    read = next(e for n, e in defs if n == birth[0])
    out = apply_defs(pl.DataFrame([person]), [(birth[0], read)], steps=())
    assert out.get_column(birth[0]).to_list() == [dt.date(1990, 1, 2), None, None]


def test_the_fields_taken_out_of_a_record_take_it_apart_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Fields of a record and of its records (``person.facts``) read by several defined
    columns: each record is taken apart once, and every field is what the expression
    that takes it out gives, a null record's fields null."""
    from talentkit.batch.compile import extracted

    facts = pl.Struct({"a.b": pl.Int64(), "c": pl.List(pl.String())})
    person = pl.Series(
        "person",
        [
            {"birth_date": dt.date(1990, 1, 2), "facts": {"a.b": 1, "c": None}},
            {"birth_date": None, "facts": None},
            None,
        ],
        dtype=pl.Struct({"birth_date": pl.Date(), "facts": facts}),
    )
    df = pl.DataFrame([person, pl.Series("other", [{"x": 1}, {"x": None}, {"x": 3}])])
    chains = [
        ("__f1", ("person", "birth_date")),
        ("__f2", ("person", "facts", "a.b")),
        ("__f3", ("person", "facts", "c")),
        ("__c4", ("other", "x")),
    ]
    taken: list[list[str]] = []  # the fields of each record taken apart
    unnest = pl.series.struct.StructNameSpace.unnest

    def counted(self: pl.series.struct.StructNameSpace) -> pl.DataFrame:
        fields = unnest(self)
        taken.append(fields.columns)
        return fields

    monkeypatch.setattr(pl.series.struct.StructNameSpace, "unnest", counted)
    got = pl.DataFrame(extracted(df, chains))
    assert sorted(taken) == [["a.b", "c"], ["birth_date", "facts"], ["x"]]
    expected = df.select(
        __f1=pl.col("person").struct.field("birth_date"),
        __f2=pl.col("person").struct.field("facts").struct.field("a.b"),
        __f3=pl.col("person").struct.field("facts").struct.field("c"),
        __c4=pl.col("other").struct.field("x"),
    )
    assert got.equals(expected)
    assert got.get_column("__f2").to_list() == [1, None, None]


def test_a_share_and_a_list_are_taken_out_of_their_records_with_the_other_fields(
    engine: Engine,
) -> None:
    """A share compared by its text (the company's ``own_funds_share``) and whether a list
    is given (``person.positions``, ``person.records``) are read from columns taken out of
    their records with the records' other fields (:func:`extracted`): no rule's
    expression takes them out of the record again, one per reader."""
    from talentkit.batch.compile import _CHAIN, _marked

    plans, _ = plans_for(engine, SHAANXI, as_of=AS_OF, overrides=None)
    defs = plans[0].defs
    chains = {n: _marked(e, _CHAIN) for n, e in defs if _marked(e, _CHAIN) is not None}
    by_chain = {c[-1]: n for n, c in chains.items()}
    for field in ("shaanxi.own_funds_share", "positions", "records"):
        assert field in by_chain, sorted(by_chain)
        inline = [n for n, e in defs if n not in chains and f"field_by_name({field})" in str(e)]
        assert not inline, (field, inline)
    # the share's comparison and the lists' absence read those columns
    for field in ("shaanxi.own_funds_share", "positions"):
        column = by_chain[field]
        assert any(column in e.meta.root_names() for n, e in defs if n != column), field
