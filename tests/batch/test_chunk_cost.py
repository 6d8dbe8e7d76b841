"""``benchmarks/chunk_cost.py`` runs on a tiny population and prints a figure per chunk
size and the fixed cost (no timing is asserted)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS = ROOT / "benchmarks"

pytest.importorskip("numpy")  # the reference generator needs it (extra "bench")


def test_chunk_cost_prints_each_size_and_the_fixed_cost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PERF_DATA", str(tmp_path))
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    for name in ("common", "gen", "ref_polars", "shaanxi_bench"):  # PERF_DATA read at import
        monkeypatch.delitem(sys.modules, name, raising=False)
    spec = importlib.util.spec_from_file_location("chunk_cost", BENCHMARKS / "chunk_cost.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if not sys.modules["shaanxi_bench"].BASELINE.is_dir():
        pytest.skip("the reference population is not here")
    module.main(["-n", "200", "--sizes", "20,200", "--repeat", "1"])
    out = capsys.readouterr().out.splitlines()
    out = out[next(i for i, line in enumerate(out) if line.startswith("one chunk")) :]
    assert out[0].startswith("one chunk, five programmes, verdict")
    assert [line.split()[0] for line in out[2:4]] == ["20", "200"]
    assert out[4].startswith("fixed cost per chunk")
