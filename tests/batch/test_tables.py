"""List columns as positions in tables of lists: the same lists, copied once at the end."""

from __future__ import annotations

import json

import polars as pl
import pytest

from talentkit import Engine
from talentkit.batch.compile import FAIL, NAMES, PASS
from talentkit.batch.evaluate import (
    ProgrammePlan,
    chunk_names,
    evaluate,
    failed_codes,
    set_bits,
    shared_work,
)
from talentkit.batch.io import Chunk, parse_records
from talentkit.batch.run import plans_for
from talentkit.batch.schema import from_row
from talentkit.batch.tables import DENSE, INDEX, distinct_rows, gathered, joined, text_lists
from talentkit.convert import unstructure
from talentkit.params import ParameterStore
from tests.batch.strategies import AS_OF


def _join_positions(keys: pl.DataFrame, distinct: pl.DataFrame) -> list[int | None]:
    """Each row's position among ``distinct`` as a left join finds it."""
    found = keys.join(
        distinct.with_row_index("__at"), on=keys.columns, how="left", maintain_order="left"
    )
    return found.get_column("__at").to_list()


@pytest.mark.parametrize(
    "keys",
    [
        pl.DataFrame({"w": pl.Series([9, 0, 9, 2**63, 0], dtype=pl.UInt64())}),
        pl.DataFrame({"w": pl.Series([], dtype=pl.UInt64())}),
        pl.DataFrame({"w": pl.Series([7], dtype=pl.UInt64())}),
        # small words (a table of every value) at its bounds: 0 and the largest
        pl.DataFrame({"w": pl.Series([DENSE - 1, 0, 5, DENSE - 1, 5], dtype=pl.UInt64())}),
        pl.DataFrame({"w": pl.Series([DENSE, 0, DENSE, 1], dtype=pl.UInt64())}),
        pl.DataFrame({"w": pl.Series([0, 0, 0], dtype=pl.UInt64())}),
        pl.DataFrame({"w": pl.Series([4, -3, 4], dtype=pl.Int64())}),
        # a column of several chunks
        pl.DataFrame(
            {
                "w": pl.concat(
                    [pl.Series([3, 1], dtype=pl.UInt64()), pl.Series([1, 9, 3], dtype=pl.UInt64())],
                    rechunk=False,
                )
            }
        ),
        # nulls, and several words: found as a join finds them
        pl.DataFrame({"w": pl.Series([3, None, 3], dtype=pl.UInt64())}),
        pl.DataFrame(
            {
                "a": pl.Series([1, 1, 2, 1], dtype=pl.UInt64()),
                "b": pl.Series([5, 6, 5, 5], dtype=pl.UInt64()),
            }
        ),
    ],
)
def test_each_row_is_found_among_the_distinct_rows(keys: pl.DataFrame) -> None:
    distinct, at = distinct_rows(keys)
    assert at.dtype == INDEX
    assert at.len() == keys.height
    assert distinct.height == keys.unique().height
    assert at.to_list() == _join_positions(keys, distinct)
    assert distinct.schema == keys.schema
    if keys.width == 1 and not keys.null_count().item():  # in ascending order
        assert distinct.to_series().is_sorted()
    back = distinct.with_row_index("__at").join(
        at.to_frame("__at"), on="__at", how="right", maintain_order="right"
    )
    # every row with a key is its own distinct row again
    kept = at.is_not_null()
    assert back.filter(kept).select(keys.columns).equals(keys.filter(kept))


def test_tables_follow_one_another() -> None:
    names = pl.List(pl.String())
    first = pl.DataFrame({"l": pl.Series([0, 1, None, 0], dtype=INDEX)})
    second = pl.DataFrame({"l": pl.Series([1, 0], dtype=INDEX)})
    tables = [
        {"l": pl.Series([[], ["a", "b"]], dtype=names)},
        {"l": pl.Series([["c"], None], dtype=names)},
    ]
    frames, merged = joined([first, second], tables)
    assert merged["l"].n_chunks() == 1
    got = [gathered(f.get_column("l"), merged["l"]).to_list() for f in frames]
    assert got == [[[], ["a", "b"], None, []], [None, ["c"]]]
    assert joined([], []) == ([], {})


def test_failed_ids_as_positions_of_none_some_and_all() -> None:
    frame = pl.DataFrame(
        {
            "a": pl.Series([PASS, FAIL, FAIL, PASS], dtype=pl.UInt8()),
            "b": pl.Series([PASS, PASS, FAIL, PASS], dtype=pl.UInt8()),
        }
    )
    at, table = failed_codes(frame, [pl.col("a"), pl.col("b")], ["a", "b"])
    assert gathered(at, table).to_list() == [[], ["a"], ["a", "b"], []]
    assert table.len() == 3  # a list per distinct mask
    at, table = failed_codes(frame.clear(), [pl.col("a"), pl.col("b")], ["a", "b"])
    assert gathered(at, table).to_list() == []
    at, table = failed_codes(frame, [], [])
    assert gathered(at, table.cast(NAMES)).to_list() == [[]] * 4


def _chunk(engine: Engine, copies: int) -> Chunk:
    """``copies`` cases: a full profile, an empty one (every fact missing), one without a
    team, in turn."""
    data = unstructure(engine.load("tests/fooland/example.toml"))
    people = [data, {"id": "empty"}, {**data, "id": "no-team", "team": None}]
    lines = [
        json.dumps({k: v for k, v in people[i % 3].items() if v is not None}) for i in range(copies)
    ]
    chunk = parse_records(1, lines, "jsonl", engine.registry.facts, {})
    assert not chunk.errors, chunk.errors
    return chunk


@pytest.fixture(scope="module")
def every_plan(engine: Engine) -> tuple[list[ProgrammePlan], ParameterStore]:
    return plans_for(engine, None, as_of=AS_OF, overrides=None)


def _evaluate(
    engine: Engine,
    plan: ProgrammePlan,
    chunk: Chunk,
    store: ParameterStore,
    work: pl.DataFrame | None,
    names: pl.DataType,
    tables: dict[str, pl.Series] | None,
) -> pl.DataFrame:
    dicts = chunk.frame.to_dicts()
    out, _ = evaluate(
        engine,
        plan,
        chunk.frame,
        chunk.rows,
        lambda i: engine.load(from_row(dicts[i], engine.registry.facts)),
        store=store,
        as_of=AS_OF,
        work=work,
        names=names,
        list_tables=tables,
    )
    return out


@pytest.mark.parametrize("copies", [0, 1, 7])
def test_positions_give_the_lists_of_a_plain_evaluation(
    engine: Engine, every_plan: tuple[list[ProgrammePlan], ParameterStore], copies: int
) -> None:
    """Every installed programme (compiled, case by case, not in force): the lists its
    positions and tables give are the lists of its evaluation without them."""
    chunk = _chunk(engine, copies)
    plans, store = every_plan
    names = chunk_names()
    works: dict[int, pl.DataFrame] = {}
    for plan in plans:
        if not plan.rowwise and id(plan.defs) not in works:
            works[id(plan.defs)] = shared_work(plan, chunk.frame)
        work = works.get(id(plan.defs))
        plain = _evaluate(engine, plan, chunk, store, work, names, None)
        tables: dict[str, pl.Series] = {}
        coded = _evaluate(engine, plan, chunk, store, work, names, tables)
        lists = [c for c, t in plain.schema.items() if isinstance(t, pl.List)]
        assert sorted(tables) == sorted(lists)
        assert all(coded.schema[c] == INDEX for c in lists)
        rebuilt = coded.with_columns(gathered(coded.get_column(c), tables[c]) for c in lists)
        assert rebuilt.equals(plain), plan.programme.id


@pytest.mark.parametrize(
    "words",
    [(), (0,), (0, 0), (1,), (2**63,), (2**64 - 1, 0, 5), (0, 2**63 | 1), (6, 2**40)],
)
def test_set_bits_are_every_bit_set_in_order(words: tuple[int, ...]) -> None:
    want = [64 * w + j for w, bits in enumerate(words) for j in range(64) if bits >> j & 1]
    assert list(set_bits(words)) == want


@pytest.mark.parametrize(
    "lists",
    [[], [[]], [[], []], [["a"]], [["a", "b"], [], ["b"], ["c", "a", "b"]], [[], ["文本", ""]]],
)
def test_text_lists_are_the_lists_given(lists: list[list[str]]) -> None:
    built = text_lists("l", lists, NAMES)
    assert built.name == "l"
    assert built.dtype == NAMES
    assert built.to_list() == lists
    names = chunk_names()
    coded = text_lists("l", lists, pl.List(names))
    assert coded.dtype == pl.List(names)
    assert coded.cast(NAMES).to_list() == lists


@pytest.mark.parametrize("n", [0, 1, 5, 70_000])
def test_every_row_at_the_first_list_is_made_once_per_height_and_stays_so(n: int) -> None:
    """:func:`first` is shared between the chunk's lists: placing some rows' own lists
    (:func:`with_exact`) copies it, so the shared one still puts every row first."""
    from talentkit.batch.evaluate import with_exact
    from talentkit.batch.tables import first

    made = first(n)
    assert made.dtype == INDEX
    assert made.to_list() == [0] * n
    assert first(n) is made
    if n:
        at = pl.Series([n - 1], dtype=INDEX)
        table = pl.Series([[]], dtype=NAMES)
        placed, grown = with_exact(made, table, at, pl.Series([["x"]], dtype=NAMES))
        assert placed[n - 1] == 1
        assert grown.to_list() == [[], ["x"]]
    assert first(n).to_list() == [0] * n


def test_a_column_taller_than_kept_is_made_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """Columns of every row first, or of empty lists, are kept only up to
    :data:`KEPT_HEIGHT` rows: a frame screened in one chunk of millions does not leave
    them held."""
    from talentkit.batch import compile as cp
    from talentkit.batch import tables

    monkeypatch.setattr(tables, "KEPT_HEIGHT", 3)
    monkeypatch.setattr(tables, "_PER_HEIGHT", {})
    assert tables.first(3) is tables.first(3)
    assert tables.first(4) is not tables.first(4)
    assert tables.first(4).to_list() == [0] * 4
    assert cp.empty_lists(NAMES, 3) is cp.empty_lists(NAMES, 3)
    assert cp.empty_lists(NAMES, 4) is not cp.empty_lists(NAMES, 4)
    assert cp.empty_lists(NAMES, 4).to_list() == [[]] * 4
