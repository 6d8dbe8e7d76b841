"""A batch run of the flat layout imports nothing it does not use (checked on
``sys.modules``, never timed): polars' converters import ``pyarrow.compute`` and
``numpy.ma`` on their first use, inside the run, which :mod:`talentkit.batch.arrays`
avoids. (A file's reader uses ``pyarrow.compute`` itself: its text cast to views.)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.batch.test_shaanxi_bench import baseline_in

ROOT = Path(__file__).resolve().parents[2]
N = 300
PROGRAMMES = ("shaanxi.qianren", "shaanxi.tezhi.youth")

#: the command, file to file
COMMAND = """
import contextlib, io, json, sys
from talentkit.cli import main
before = set(sys.modules)
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    try:
        main({args!r})
    except SystemExit as stop:
        assert not stop.code, stop.code
print(json.dumps(sorted(set(sys.modules) - before)))
"""

#: a frame held in memory (read before, by polars)
IN_MEMORY = """
import datetime as dt, json, sys
import polars as pl
from talentkit import Engine
from talentkit.batch import screen_frame
frame = pl.read_parquet({path!r})
engine = Engine.create()
before = set(sys.modules)
screened = screen_frame(
    engine, frame, programmes={programmes!r}, as_of=dt.date.fromisoformat({ref!r}),
    columns={columns!r},
)
assert screened.results.height and not screened.errors.height
print(screened.results.height)
print(json.dumps(sorted(set(sys.modules) - before)))
"""

pytest.importorskip("numpy")  # the reference generator needs it (extra "bench")


@pytest.fixture(scope="module")
def flat_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The like-for-like population in talentkit's flat layout: lists of posts, shares as
    pairs of whole numbers, attestations and decisions by key."""
    import polars as pl

    work = tmp_path_factory.mktemp("imports")
    with baseline_in(work) as bench:
        ref = bench.baseline("common").REF
        source = pl.read_parquet(bench.flat_path(N))
        path = work / "flat.parquet"
        bench.flat_frame(source, ref).write_parquet(path)
    return path, ref.isoformat()


def _new_modules(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize("columns", [["verdict"], None], ids=["verdicts", "all"])
def test_a_flat_frame_s_run_imports_neither_pyarrow_compute_nor_numpy_ma(
    flat_file: tuple[Path, str], columns: list[str] | None
) -> None:
    path, ref = flat_file
    code = IN_MEMORY.format(path=str(path), programmes=PROGRAMMES, ref=ref, columns=columns)
    new = _new_modules(code)
    for name in ("pyarrow.compute", "numpy.ma"):
        assert name not in new, name


@pytest.mark.parametrize("columns", [["--columns", "verdict"], []], ids=["verdicts", "all"])
def test_a_flat_file_s_run_does_not_import_numpy_ma(
    flat_file: tuple[Path, str], tmp_path: Path, columns: list[str]
) -> None:
    path, ref = flat_file
    out = tmp_path / "results.parquet"
    programmes = [f"--programme={p}" for p in PROGRAMMES]
    args = ["batch", str(path), "-o", str(out), "--as-of", ref, *programmes, *columns]
    new = _new_modules(COMMAND.format(args=args))
    assert out.exists()  # the run really ran
    assert "talentkit.batch.compile" in new
    assert "numpy.ma" not in new


#: a flat input's records of one list given column by column, put in lists
RECORDS = """
import json, sys
import polars as pl
from talentkit.batch.flat import _present_records
dtype = pl.List(pl.Struct({{"a": pl.Int64()}}))
elements = pl.Series([{{"0": {{"a": 1}}, "1": None}}, {{"0": None, "1": None}}])
before = set(sys.modules)
got = _present_records(elements, dtype)
assert got.to_list() == [[{{"a": 1}}], None], got.to_list()
print(json.dumps(sorted(set(sys.modules) - before)))
"""


def test_a_flat_list_s_records_are_put_in_lists_without_pyarrow_compute() -> None:
    assert "pyarrow.compute" not in _new_modules(RECORDS.format())
