"""The verdicts alone of every programme, laid out case after case at once, are what
one row per case and programme built one by one gives: each case's programmes in order,
its row number and id beside each, a rank that is one value for every case spread over
all of them."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import polars as pl
import pytest

from talentkit.batch import evaluate as ev
from talentkit.batch.compile import CODES
from talentkit.batch.run import as_text

RANK = pl.UInt8()
#: every rank a plan's worst status may have: its code
RANKS = sorted(CODES.values())


def _plans(ids: list[str]) -> list[Any]:
    return [SimpleNamespace(programme=SimpleNamespace(id=i)) for i in ids]


def _alone(
    monkeypatch: pytest.MonkeyPatch,
    ranks: list[pl.Expr],
    work: pl.DataFrame,
    rows: pl.Series,
    ids: pl.Series | None,
    programmes: list[str],
) -> pl.DataFrame:
    monkeypatch.setattr(ev, "_ranks", lambda plans: ranks)
    ev._RANKS.clear()
    got = ev.verdicts_alone(_plans(programmes), work, rows, ids, ev.chunk_names())
    assert got is not None
    schema = ev.result_schema(("verdict",))
    text = as_text(got, schema)
    # the names made text at once are those of their codes made text
    direct = ev.verdicts_alone(_plans(programmes), work, rows, ids, pl.String())
    assert direct is not None
    assert direct.schema == schema
    assert direct.equals(text)
    return text


def _one_by_one(
    ranks: list[list[int]], rows: list[int], ids: list[str | None], programmes: list[str]
) -> pl.DataFrame:
    out: dict[str, list[Any]] = {"row": [], "subject_id": [], "programme": [], "verdict": []}
    for i, row in enumerate(rows):
        for j, programme in enumerate(programmes):
            out["row"].append(row)
            out["subject_id"].append(ids[i])
            out["programme"].append(programme)
            out["verdict"].append(ev.BY_CODE[ranks[j][i]])
    return pl.DataFrame(out, schema=ev.result_schema(("verdict",)))


@pytest.mark.parametrize("n", [1, 2, 7, 1000])
def test_verdicts_alone_case_after_case(monkeypatch: pytest.MonkeyPatch, n: int) -> None:
    a = [RANKS[(3 * i + 1) % len(RANKS)] for i in range(n)]
    b = [RANKS[(i * i) % len(RANKS)] for i in range(n)]
    work = pl.DataFrame({"a": a, "b": b}, schema={"a": RANK, "b": RANK})
    # programme "q" is decided alike for every case: its rank is one value
    ranks = [pl.col("a"), pl.lit(RANKS[1], dtype=RANK), pl.col("b"), pl.col("a")]
    programmes = ["p", "q", "r", "s"]
    rows = [10 + 3 * i for i in range(n)]
    ids = [f"id-{n - i}" for i in range(n)]
    got = _alone(
        monkeypatch,
        ranks,
        work,
        pl.Series("row", rows, dtype=pl.Int64()),
        pl.Series("id", ids),
        programmes,
    )
    want = _one_by_one([a, [RANKS[1]] * n, b, a], rows, list(ids), programmes)
    assert got.equals(want)


def test_verdicts_alone_without_ids_and_one_programme(monkeypatch: pytest.MonkeyPatch) -> None:
    n = 5
    a = [RANKS[i] for i in (4, 0, 2, 1, 3)]
    work = pl.DataFrame({"a": a}, schema={"a": RANK})
    rows = list(range(1, n + 1))
    got = _alone(
        monkeypatch, [pl.col("a")], work, pl.Series("row", rows, dtype=pl.Int64()), None, ["p"]
    )
    assert got.equals(_one_by_one([a], rows, [None] * n, ["p"]))


def test_verdicts_alone_each_decided_alike_for_every_case(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No rank reads a column: each is one value, spread over every case."""
    n = 6
    work = pl.DataFrame({"a": [0] * n}, schema={"a": RANK})
    rows = list(range(1, n + 1))
    ids = [f"c{i}" for i in range(n)]
    one, three, zero = RANKS[1], RANKS[3], RANKS[0]
    ranks = [pl.lit(one, dtype=RANK), pl.lit(three, dtype=RANK), pl.lit(zero, dtype=RANK)]
    got = _alone(
        monkeypatch,
        ranks,
        work,
        pl.Series("row", rows, dtype=pl.Int64()),
        pl.Series("id", ids),
        ["p", "q", "r"],
    )
    want = _one_by_one([[one] * n, [three] * n, [zero] * n], rows, list(ids), ["p", "q", "r"])
    assert got.equals(want)


@pytest.mark.parametrize("rank", [pl.col("b"), pl.lit(None, dtype=RANK)])
def test_a_null_rank_leaves_the_verdicts_to_each_programme(
    monkeypatch: pytest.MonkeyPatch, rank: pl.Expr
) -> None:
    """A rank null for one case (or for every case) gives no verdicts alone."""
    work = pl.DataFrame({"a": [0, 1, 2], "b": [1, None, 3]}, schema={"a": RANK, "b": RANK})
    monkeypatch.setattr(ev, "_ranks", lambda plans: [pl.col("a"), rank])
    ev._RANKS.clear()
    rows = pl.Series("row", [1, 2, 3], dtype=pl.Int64())
    assert ev.verdicts_alone(_plans(["p", "q"]), work, rows, None, pl.String()) is None
    monkeypatch.setattr(ev, "_ranks", lambda plans: [pl.col("a"), pl.col("a")])
    ev._RANKS.clear()
    assert ev.verdicts_alone(_plans(["p", "q"]), work, rows, None, pl.String()) is not None
