"""``benchmarks/chunk_cost.py`` runs on a tiny population and prints a figure per chunk
size and the fixed cost (no timing is asserted)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.batch.benchmark_scripts import benchmark_script

pytest.importorskip("numpy")  # the reference generator needs it (extra "bench")


def test_chunk_cost_prints_each_size_and_the_fixed_cost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    module = benchmark_script("chunk_cost", tmp_path, monkeypatch)
    module.main(["-n", "200", "--sizes", "20,200", "--repeat", "1"])
    out = capsys.readouterr().out.splitlines()
    out = out[next(i for i, line in enumerate(out) if line.startswith("one chunk")) :]
    assert out[0].startswith("one chunk, five programmes, verdict")
    assert [line.split()[0] for line in out[2:4]] == ["20", "200"]
    assert out[4].startswith("fixed cost per chunk")
