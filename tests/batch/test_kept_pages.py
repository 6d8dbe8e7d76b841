"""``talentkit batch`` with pyarrow's jemalloc keeping the pages it frees
(:func:`talentkit.cli.keep_arrow_pages`) writes what it writes with the allocator's
defaults: the same results and error rows, nested input in several row groups and chunks,
with bad values (one a row group's only value of its leaf) and nulls."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from talentkit import Engine
from talentkit.cli import ARROW_ALLOCATOR_CONF
from tests.batch.test_leaf_reads import _bad_texts, _input
from tests.batch.test_screen import AS_OF, PROGS


def _program(source: Path, name: str, chunk_size: int, conf: str | None) -> tuple[bytes, str]:
    """The output's bytes and the errors' text of the program run on ``source``, with
    jemalloc's settings ``conf`` in its environment (None: none given)."""
    out, err = source.parent / f"{name}.parquet", source.parent / f"{name}-errors.jsonl"
    env = {k: v for k, v in os.environ.items() if k != ARROW_ALLOCATOR_CONF}
    if conf is not None:
        env[ARROW_ALLOCATOR_CONF] = conf
    programmes = [arg for p in PROGS for arg in ("--programme", p)]
    subprocess.run(
        [sys.executable, "-m", "talentkit", "batch", str(source), "-o", str(out),
         "--errors", str(err), "--as-of", AS_OF.isoformat(), "--chunk-size", str(chunk_size),
         *programmes],
        check=True, capture_output=True, env=env,
    )  # fmt: skip
    return out.read_bytes(), err.read_text(encoding="utf-8")


@pytest.mark.parametrize(("make", "rows"), [(_input, (7, 23, 31)), (_bad_texts, (4, 15, 26, 37))])
def test_pages_kept_or_not_the_same_files(
    engine: Engine, tmp_path: Path, make: Callable[[Engine, Path], None], rows: tuple[int, ...]
) -> None:
    source = tmp_path / "in.parquet"
    make(engine, source)
    kept = _program(source, "kept", 4, None)
    default = _program(source, "default", 4, "")
    assert kept == default
    for row in rows:
        assert f'"row":{row},' in kept[1]
