"""A screening run to its files, the bound of few cases set: what the tests comparing a
compiled run with a run of few cases (and with the engine) read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest

from talentkit import Engine
from talentkit.batch import BatchSummary, screen
from talentkit.batch.few import ENVIRONMENT


def screened(
    engine: Engine, src: Path, out: Path, bound: int, **kw: Any
) -> tuple[pl.DataFrame, bytes, BatchSummary]:
    """``src`` screened into the Parquet file ``out`` (``kw``: :func:`screen`'s other
    arguments) with the bound of few cases at ``bound`` (0: compiled): the results, the
    errors file (CSV) and the summary."""
    errors = out.with_suffix(".errors.csv")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(ENVIRONMENT, str(bound))
        summary = screen(engine, src, out, errors_path=errors, **kw)
    return pl.read_parquet(out), errors.read_bytes(), summary
