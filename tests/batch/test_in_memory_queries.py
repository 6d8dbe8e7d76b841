"""A chunk's own lazy queries are collected by polars' in-memory engine: its default
("auto") may stream, which costs a small query about twice as much. Scans of files
(``talentkit/batch/io.py``) keep polars' choice."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from talentkit import Engine
from talentkit.batch import screen
from talentkit.batch.queries import IN_MEMORY

sys.path.insert(0, str(Path(__file__).parent))
from test_screen import AS_OF, population, write_jsonl


def test_every_lazy_query_of_a_chunk_is_collected_in_memory(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[str, object]] = []
    collect = pl.LazyFrame.collect

    def recording(self: pl.LazyFrame, *args: Any, **kwargs: Any) -> Any:
        caller = Path(sys._getframe(1).f_code.co_filename)
        seen.append((caller.name, kwargs.get("engine", "auto")))
        return collect(self, *args, **kwargs)

    monkeypatch.setattr(pl.LazyFrame, "collect", recording)
    source = tmp_path / "people.jsonl"
    write_jsonl(source, population(engine, 60))
    for columns in (None, ["verdict"]):
        out = tmp_path / f"out-{columns}.parquet"
        s = screen(
            engine,
            source,
            out,
            programmes=["fooland.team", "fooland.transfer", "fooland.pilot"],
            as_of=AS_OF,
            columns=columns,
            chunk_size=25,
        )
        assert s.balanced
    chunk_queries = [(f, e) for f, e in seen if f.endswith(".py") and f != "io.py"]
    # the evaluation's own queries were seen, not only the file's scans
    assert {f for f, _ in chunk_queries} >= {"evaluate.py"}
    assert [q for q in chunk_queries if q[1] != IN_MEMORY] == []
