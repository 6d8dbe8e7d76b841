"""The rows per chunk when none are asked for: a flat Parquet file's own default
(``FLAT_CHUNK_ROWS``), every other input's ``CHUNK_ROWS``; an asked size wins for both.
The chunks are seen through ``progress``, called with each chunk's rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from talentkit import Engine
from talentkit.batch import io, profiles_frame, screen
from talentkit.batch import run as run_module
from tests.batch.strategies import AS_OF
from tests.batch.test_flat import flatten

ROWS = 23


@pytest.fixture
def inputs(engine: Engine, tmp_path: Path) -> dict[str, Path]:
    example = engine.load("tests/fooland/example.toml")
    frame = profiles_frame([example] * ROWS, engine.registry.facts)
    paths = {"nested": tmp_path / "nested.parquet", "flat": tmp_path / "flat.parquet"}
    frame.write_parquet(paths["nested"])
    flatten(frame, engine).write_parquet(paths["flat"])
    return paths


def _read_after_each_chunk(engine: Engine, source: Path, chunk_size: int | None) -> list[int]:
    seen: list[int] = []
    out = source.with_name(f"{source.stem}-{chunk_size}-out.parquet")
    s = screen(
        engine,
        source,
        out,
        programmes=["fooland.team"],
        as_of=AS_OF,
        chunk_size=chunk_size,
        progress=seen.append,
        workers=1,
    )
    assert s.balanced
    assert s.rows_read == ROWS
    return seen


@pytest.mark.parametrize(
    ("layout", "want"),
    [("flat", [7, 7, 7, 2]), ("nested", [5, 5, 5, 5, 3])],
)
def test_each_layout_s_default_chunk(
    engine: Engine,
    inputs: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    layout: str,
    want: list[int],
) -> None:
    monkeypatch.setattr(io, "CHUNK_ROWS", 5)
    monkeypatch.setattr(io, "FLAT_CHUNK_ROWS", 7)
    monkeypatch.setattr(run_module, "CHUNK_ROWS", 5)
    assert _read_after_each_chunk(engine, inputs[layout], None) == want
    # an asked size is kept, whatever the layout
    assert _read_after_each_chunk(engine, inputs[layout], 10) == [10, 10, 3]


def test_the_defaults_are_the_documented_ones() -> None:
    assert (io.CHUNK_ROWS, io.FLAT_CHUNK_ROWS) == (50_000, 100_000)
    assert run_module.CHUNK_ROWS == io.CHUNK_ROWS
