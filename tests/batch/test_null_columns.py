"""Parquet columns null in every row are made, not decoded: the same results and error rows."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import pytest

from talentkit import Engine
from talentkit.batch import io as io_module
from talentkit.batch import profile_schema, profiles_frame
from tests.batch.test_screen import population, screened_files


def _input(engine: Engine, path: Path) -> None:
    """30 cases in row groups of 10: ``awards`` is null everywhere; ``application`` is
    null in the first row group only; ``person`` is null but in row 5, where it is a person
    with no field given (so its fields are null in every row); row 16's team leader has a
    gender that is no gender (an error row)."""
    schema = profile_schema(engine.registry.facts)
    rows = profiles_frame(
        [engine.load(p) for p in population(engine, 30)], engine.registry.facts
    ).to_dicts()
    for i, row in enumerate(rows):
        row["person"] = {} if i == 4 else None
        if i < 10:
            row["application"] = None
    rows[15]["team"]["leader"]["gender"] = "unknown-gender"
    frame = pl.from_dicts(rows, schema=schema)
    assert frame["awards"].null_count() == 30
    assert frame["person"].null_count() == 29
    frame.write_parquet(path, row_group_size=10)


def test_null_columns_are_the_ones_null_in_every_row(engine: Engine, tmp_path: Path) -> None:
    _input(engine, tmp_path / "in.parquet")
    skipped = io_module._null_columns(
        pq.ParquetFile(tmp_path / "in.parquet"), profile_schema(engine.registry.facts)
    )
    assert "awards" in skipped
    assert not {"person", "application", "team", "id"} & skipped


@pytest.mark.parametrize("chunk_size", [7, 30])
def test_same_results_and_error_rows_as_decoding_every_column(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk_size: int
) -> None:
    _input(engine, tmp_path / "in.parquet")
    runs = {}
    for name, skip in (("made", None), ("decoded", lambda *_: set())):
        if skip is not None:
            monkeypatch.setattr(io_module, "_null_columns", skip)
        runs[name] = screened_files(
            engine, tmp_path / "in.parquet", name, rows=30, errors=1, chunk_size=chunk_size
        )
    assert runs["made"] == runs["decoded"]
    assert '"row":16' in runs["made"][1]
