"""``benchmarks/csv_bench.py`` runs on a tiny population and prints the reference's line,
talentkit's by columns, the file read alone, by rows, the Excel sheet's, the JSON Lines
file's and the run of few cases' lines (no timing is asserted)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.batch.benchmark_scripts import benchmark_script

pytest.importorskip("numpy")  # the reference generator needs it (extra "bench")


def test_csv_bench_prints_the_reference_and_both_readers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    module = benchmark_script("csv_bench", tmp_path, monkeypatch)
    module.main(["-n", "300", "--rows", "100", "--repeat", "1", "--few", "20"])
    out = capsys.readouterr().out.splitlines()
    out = out[next(i for i, line in enumerate(out) if line.startswith("a CSV file")) :]
    assert out[0].startswith("a CSV file of 300 people")
    assert out[1].lstrip().startswith("hand-written polars")
    assert out[2].lstrip().startswith("talentkit, by columns")
    assert out[3].lstrip().startswith("reading talentkit's CSV alone")
    assert "verdicts equal" in out[4]
    assert out[5].startswith("an Excel sheet of the first 100 people")
    assert [line.split("  wall")[0].strip() for line in out[6:10]] == [
        "reading its cells alone (calamine)",
        "reading them alone by openpyxl",
        "talentkit, by columns",
        "talentkit, by rows",
    ]
    assert out[10].startswith("a JSON Lines file of the first 100 people as cases")
    assert [line.split("  wall")[0].strip() for line in out[11:13]] == [
        "reading it alone (polars read_ndjson)",
        "talentkit (every case parsed)",
    ]
    assert out[13].startswith("a run of the first 20 cases, uncompiled")
    assert [line.split("  wall")[0].strip() for line in out[14:16]] == [
        "the engine alone (load, assess)",
        "talentkit (a run of few cases)",
    ]
    assert out[15].endswith("x the engine alone (CPU)")
