"""The made-up programme's batch benchmark on a small population: its hand-written query
answers as the batch does, so the ratio it prints compares the same answers (no timing is
asserted)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from tests.batch.benchmark_scripts import script


def test_the_hand_written_query_answers_as_the_batch(tmp_path: Path) -> None:
    bench = script("batch_bench")
    src, batch, hand = tmp_path / "in.parquet", tmp_path / "b.parquet", tmp_path / "h.parquet"
    bench.generate(src, 3000)
    ran = bench.run_batch(src, batch, 1000)
    assert ran["rows"] == 3000
    assert ran["case_by_case"] == 0
    bench.hand_written(src, hand)
    assert bench.agree(batch, hand)
    # every verdict occurs, so each of the query's branches is compared
    verdicts = set(pl.read_parquet(hand)["verdict"])
    assert verdicts == {"eligible", "not_eligible", "undetermined", "needs_review"}
