"""A list's check of a subject named twice (``ItemChecks.names``) is left out of a chunk
where a part of the names is absent from every item: no two items can match there. The
rows it flags must be those that comparing every pair of items flags."""

from __future__ import annotations

import random

import polars as pl

from talentkit.batch.schema import ITEM, ItemChecks

ORGS = pl.List(pl.Struct({"id": pl.String, "role": pl.String, "v": pl.Int64}))
NAMES = ("id", "role")


def _flagged(rows: list[object], bad: pl.Expr | None = None) -> set[int]:
    frame = pl.Series("orgs", rows, dtype=ORGS).to_frame()
    return ItemChecks("orgs", bad, NAMES).flagged(frame)


def _named_twice(rows: list[object]) -> set[int]:
    """Every pair of a row's items compared: the same parts, none absent."""
    out = set()
    for i, items in enumerate(rows):
        seen = set()
        for item in items or ():  # type: ignore[attr-defined]
            if item is None or any(item[n] is None for n in NAMES):
                continue
            identity = tuple(item[n] for n in NAMES)
            if identity in seen:
                out.add(i)
            seen.add(identity)
    return out


def _org(id_: str | None, role: str | None, v: int | None = None) -> dict[str, object]:
    return {"id": id_, "role": role, "v": v}


def test_no_id_in_any_item_names_no_subject_twice() -> None:
    rows: list[object] = [[_org(None, "company"), _org(None, "company")], [_org(None, "x")]]
    assert _flagged(rows) == set()


def test_one_id_given_in_the_chunk_is_still_compared() -> None:
    # every other item lacks an id: the one pair that names a subject twice is found
    rows: list[object] = [[_org(None, "company"), _org(None, "company")] for _ in range(50)]
    rows[37] = [_org("9", "company"), _org("9", "company")]
    rows[38] = [_org("9", "company"), _org(None, "company")]
    assert _flagged(rows) == {37}


def test_a_role_absent_everywhere_leaves_the_item_checks() -> None:
    rows: list[object] = [[_org("1", None, 5000), _org("1", None)], [_org("2", None, 1)], None, []]
    assert _flagged(rows, pl.col(ITEM).struct.field("v") > 1000) == {0}


def test_flags_what_comparing_every_pair_flags() -> None:
    rng = random.Random(15)
    for _ in range(300):
        rows: list[object] = []
        kinds: list[list[str | None]] = [[None], [None, "a", "b"], ["a", "b"], ["x"]]
        ids, roles = rng.choice(kinds[:3]), rng.choice([kinds[0], kinds[1], kinds[3]])
        most = rng.choice([1, 2, 3])
        for _ in range(rng.randint(1, 30)):
            r = rng.random()
            if r < 0.1:
                rows.append(None)
            elif r < 0.2:
                rows.append([])
            else:
                items = [
                    None if rng.random() < 0.05 else _org(rng.choice(ids), rng.choice(roles))
                    for _ in range(rng.randint(1, most))
                ]
                rows.append(items)
        assert _flagged(rows) == _named_twice(rows), rows
