"""Loading a script of ``benchmarks/`` in a test, its reference population in a folder of
the test's own."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS = ROOT / "benchmarks"


def benchmark_script(name: str, data: Path, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """The script ``benchmarks/<name>.py`` as a module, its population written to ``data``;
    the test is skipped where the reference population's folder is not beside the project."""
    monkeypatch.setenv("PERF_DATA", str(data))
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    for module in ("common", "gen", "ref_polars", "shaanxi_bench"):  # PERF_DATA read at import
        monkeypatch.delitem(sys.modules, module, raising=False)
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if not sys.modules["shaanxi_bench"].BASELINE.is_dir():
        pytest.skip("the reference population is not here")
    return module


def script(name: str) -> ModuleType:
    """The script ``benchmarks/<name>.py`` as the module ``name`` (registered, so the
    processes it starts find its functions)."""
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
