"""The like-for-like Shaanxi benchmark on a tiny population: it runs, and its agreement
check counts what it should (no timing is asserted)."""

from __future__ import annotations

import contextlib
import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.batch.benchmark_scripts import script

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "benchmarks" / "shaanxi_bench.py"
N = 200
SINGLE = 40  # people assessed one at a time

pytest.importorskip("numpy")  # the reference generator needs it (extra "bench")


def _bench() -> ModuleType:
    return script("shaanxi_bench")


#: the reference's modules, which read ``PERF_DATA`` as they are imported
BASELINE_MODULES = ("common", "gen", "ref_polars", "ref_python")


@contextlib.contextmanager
def baseline_in(work: Path) -> Iterator[ModuleType]:
    """The benchmark module, its reference population written to and read from ``work``
    (skipped where the reference is not beside the project); the reference's modules
    imported afresh for it and dropped after."""
    bench = _bench()
    if not bench.BASELINE.is_dir():
        pytest.skip(f"the reference population is not here: {bench.BASELINE}")
    mp = pytest.MonkeyPatch()
    mp.setenv("PERF_DATA", str(work))
    for name in BASELINE_MODULES:
        sys.modules.pop(name, None)
    try:
        yield bench
    finally:
        mp.undo()
        for name in BASELINE_MODULES:
            sys.modules.pop(name, None)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    import polars as pl

    work = tmp_path_factory.mktemp("perf")
    with baseline_in(work) as bench:
        ref = bench.baseline("common").REF
        flat, nested = bench.prepare(N, work, ref)
        outs = {k: str(work / f"{k}.parquet") for k in ("ref", "tk", "tkv")}
        bench.ref_memory(str(flat), outs["ref"], 1)
        tk = bench.tk_memory(str(nested), outs["tk"], 1, ref.isoformat())
        bench.tk_memory(str(nested), outs["tkv"], 1, ref.isoformat(), bench.VERDICT_ONLY)
        flat_df = pl.read_parquet(flat)
        ref_out, tk_out = pl.read_parquet(outs["ref"]), pl.read_parquet(outs["tk"])
        one = bench.single(str(flat), SINGLE, ref.isoformat())
        return {
            "single": one,
            "single_agreement": bench.agreement(
                flat_df.head(SINGLE), one["ref_out"], one["tk_out"]
            ),
            "bench": bench,
            "flat": flat_df,
            "ref": ref_out,
            "tk": tk_out,
            "tk_verdicts": pl.read_parquet(outs["tkv"]),
            "tk_run": tk,
            "agreement": bench.agreement(flat_df, ref_out, tk_out),
            "nested": nested,
            "work": work,
            "ref_date": ref,
        }


def test_every_row_gets_a_verdict_in_each_programme(run: dict[str, Any]) -> None:
    assert run["flat"].height == N
    assert run["tk"].height == 5 * N
    for prog, a in run["agreement"].items():
        assert a["rows"] == a["expected"] == N, prog


def test_the_verdict_only_run_gives_the_full_runs_verdicts(run: dict[str, Any]) -> None:
    verdicts = ["row", "subject_id", "programme", "verdict"]
    assert run["tk_verdicts"].columns == verdicts
    assert run["tk_verdicts"].equals(run["tk"].select(verdicts))


def test_verdicts_agree_after_the_listed_adjustments(run: dict[str, Any]) -> None:
    for prog, a in run["agreement"].items():
        assert a["agree_adjusted"] == N, (prog, a["differences"])
    # the adjustments are not vacuous: some rows differ as-is (absent attestations, unknown field)
    assert sum(N - a["agree_raw"] for a in run["agreement"].values()) > 0


def test_a_wrong_verdict_is_counted_with_its_rules(run: dict[str, Any]) -> None:
    import polars as pl

    tk = run["tk"]
    prog = "shaanxi.qianren.entre"
    target = tk.filter(pl.col("programme") == prog).row(0, named=True)
    flipped = "not_eligible" if target["verdict"] != "not_eligible" else "eligible"
    wrong = tk.with_columns(
        verdict=pl.when((pl.col("programme") == prog) & (pl.col("row") == target["row"]))
        .then(pl.lit(flipped))
        .otherwise(pl.col("verdict"))
    )
    a = run["bench"].agreement(run["flat"], run["ref"], wrong)[prog]
    assert a["agree_adjusted"] == N - 1
    assert sum(a["differences"].values()) == 1
    assert all(f"→ {flipped}" in why for why in a["differences"])


def test_a_needs_review_verdict_reads_as_undetermined_only(run: dict[str, Any]) -> None:
    import polars as pl

    tk = run["tk"]
    prog = "shaanxi.qianren.long"
    eligible = tk.filter((pl.col("programme") == prog) & (pl.col("verdict") == "eligible"))
    assert eligible.height > 0
    row = eligible.get_column("row")[0]
    wrong = tk.with_columns(
        verdict=pl.when((pl.col("programme") == prog) & (pl.col("row") == row))
        .then(pl.lit("needs_review"))
        .otherwise(pl.col("verdict"))
    )
    a = run["bench"].agreement(run["flat"], run["ref"], wrong)[prog]
    assert a["agree_adjusted"] == N - 1  # eligible in the reference, review here: a difference


def test_leaf_checks_are_counted_inside_composites(run: dict[str, Any]) -> None:
    bench = run["bench"]
    assert bench.talentkit_leaves() > bench.REFERENCE_LEAVES


@pytest.mark.slow
def test_the_dask_figure_screens_the_partitions_like_the_local_run(run: dict[str, Any]) -> None:
    pytest.importorskip("distributed")
    bench, work = run["bench"], run["work"]
    parts = bench.partition(run["nested"], bench.DASK_PARTITIONS)
    assert len(list(parts.glob("*.parquet"))) == bench.DASK_PARTITIONS
    got = bench.tk_dask(str(parts), str(work / "dask"), 2, run["ref_date"].isoformat())
    assert got["rows_per_s"] > 0
    cols = ["subject_id", "programme", "verdict"]
    assert (
        bench.dask_verdicts(str(work / "dask"))
        .select(cols)
        .sort(cols)
        .equals(run["tk"].select(cols).sort(cols))
    )


def test_one_profile_at_a_time_agrees_with_the_plain_python_oracle(run: dict[str, Any]) -> None:
    one = run["single"]
    assert one["n"] == SINGLE
    assert one["oracle_ms"] > 0
    assert one["engine_ms"] > 0
    for prog, a in run["single_agreement"].items():
        assert a["rows"] == a["expected"] == SINGLE, prog
        assert a["agree_adjusted"] == SINGLE, (prog, a["differences"])


def test_a_batch_row_becomes_the_single_case_input(run: dict[str, Any]) -> None:
    bench = run["bench"]
    row = {
        "attestations": [{"key": "a.b", "value": True, "by": "x", "on": "2026-01-01"}],
        "decisions": [
            {"key": "r.id", "value": True, "by": "x", "on": "2026-01-01", "evidence": []}
        ],
        "person": {"degree": "doctor"},
    }
    case = bench.profile_input(row)
    assert case["attestations"] == {"a.b": {"value": True, "by": "x", "on": "2026-01-01"}}
    assert case["decisions"] == {"r.id": {"value": True, "by": "x", "on": "2026-01-01"}}
    assert case["person"] == {"degree": "doctor"}


def test_the_nested_file_is_built_column_wise_as_row_by_row(run: dict[str, Any]) -> None:
    """The column-wise conversion (which 10M rows need) gives the rows the per-row one does,
    nulls and absent attestations included."""
    import polars as pl

    bench, ref = run["bench"], run["ref_date"]
    flat = run["flat"]
    by_row = bench.nested_rows(flat, ref)
    assert pl.read_parquet(run["nested"]).equals(by_row)
    assert bench.nested_frame(flat.slice(17, 50), ref).equals(by_row.slice(17, 50))
    # some rows lack a condition's attestation, so the lists have different lengths
    assert by_row.get_column("attestations").list.len().n_unique() > 1


def test_talentkit_s_flat_layout_gives_the_nested_layout_s_results(run: dict[str, Any]) -> None:
    """The benchmark's flat file (organisations by role, attestations by key), read as
    ``talentkit batch`` reads it, gives every result column the nested file gives, in
    memory and file → file, the verdicts as codes their names, and laid out wide the same
    verdicts."""
    import polars as pl

    bench, work, ref = run["bench"], run["work"], run["ref_date"]
    own = bench.prepare_flat(N, work, ref)
    assert pl.read_parquet(own).columns[:2] == ["id", "person.birth_date"]
    memory, stream = str(work / "flat-memory.parquet"), str(work / "flat-stream.parquet")
    got = bench.tk_memory(str(own), memory, 1, ref.isoformat())
    assert got["case_by_case"] == 0
    assert pl.read_parquet(memory).equals(run["tk"])
    bench.tk_stream(str(own), stream, 1, ref.isoformat(), bench.VERDICT_ONLY)
    assert pl.read_parquet(stream).equals(run["tk_verdicts"])
    # the verdicts as codes, written as their names
    coded = str(work / "flat-codes.parquet")
    bench.tk_memory(str(own), coded, 1, ref.isoformat(), bench.VERDICT_ONLY, True)
    assert pl.read_parquet(coded).equals(run["tk_verdicts"])
    # laid out wide, and written in rows again
    wide = str(work / "flat-wide.parquet")
    bench.tk_memory(str(own), wide, 1, ref.isoformat(), bench.VERDICT_ONLY, True, False, True)
    assert "programme" not in pl.read_parquet(wide).columns
    bench.in_rows(wide)
    assert pl.read_parquet(wide).equals(run["tk_verdicts"])
    bench.tk_stream(str(own), wide, 1, ref.isoformat(), bench.VERDICT_ONLY, True)
    bench.in_rows(wide)
    assert pl.read_parquet(wide).equals(run["tk_verdicts"])
    # in one chunk
    one = str(work / "flat-one-chunk.parquet")
    bench.tk_memory(str(own), one, 1, ref.isoformat(), bench.VERDICT_ONLY, one_chunk=True)
    assert pl.read_parquet(one).equals(run["tk_verdicts"])


def _peak_in_child(q: Any, path: str) -> None:
    spec = importlib.util.spec_from_file_location("shaanxi_bench", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    q.put(module.peak_rss_mib())


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux's /proc")
def test_a_child_s_peak_memory_is_its_own_not_its_parent_s() -> None:
    """A spawned child is forked before it runs its program: its ``ru_maxrss`` starts at
    the parent's peak; the benchmark's figure must be the child's own."""
    import multiprocessing

    held = bytearray(400 * 2**20)  # the parent's peak: at least 400 MiB more than a child's
    held[::4096] = b"\x01" * len(held[::4096])  # every page touched, so resident
    ctx = multiprocessing.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=_peak_in_child, args=(q, str(BENCH)))
    p.start()
    child = q.get(timeout=120)
    p.join()
    parent = _bench().peak_rss_mib()
    del held
    assert parent >= 400
    assert 0 < child < 300, (child, parent)


def test_a_run_s_kernel_time_and_page_faults_are_its_own() -> None:
    bench = _bench()
    for key in bench.CPU:
        bench.CPU[key].clear()
    # a run touching 64 MiB afresh faults at least once per 4 KiB page of it
    bench._runs(lambda: b"\x01" * (64 << 20), 1)
    bench._runs(lambda: None, 1)
    touched, idle = bench.CPU["faults"]
    assert touched >= (64 << 20) // 4096 // 2
    assert idle < touched // 10
    assert len(bench.CPU["sys"]) == 2
    line = bench._kernel({"sys_median": 1.25, "faults_median": 123456})
    assert line == "of which in the kernel 1.250 s, 123,456 page faults"


def test_a_child_keeping_polars_pages_is_started_with_the_setting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The setting is in the environment a child starts with, and the parent's own is
    given back after (unset, or as it was)."""
    bench = _bench()
    name = bench.POLARS_ALLOCATOR_CONF
    monkeypatch.delenv(name, raising=False)
    with bench._polars_pages_kept(True):
        assert bench.os.environ[name] == "dirty_decay_ms:-1,muzzy_decay_ms:-1"
    assert name not in bench.os.environ
    monkeypatch.setenv(name, "narenas:2")
    with bench._polars_pages_kept(True):
        assert bench.os.environ[name] == "dirty_decay_ms:-1,muzzy_decay_ms:-1"
    assert bench.os.environ[name] == "narenas:2"
    with bench._polars_pages_kept(False):
        assert bench.os.environ[name] == "narenas:2"


def test_a_child_reading_a_file_is_started_with_the_command_s_pool(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A talentkit child screening file → file starts with polars' pool a core short of the
    machine's, as ``talentkit batch`` sizes it; a size the environment gives is kept, and
    a child reading no file keeps polars' own."""
    bench = _bench()
    name = "POLARS_MAX_THREADS"
    monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(bench.os, "sched_getaffinity", lambda pid: {0, 1, 2, 3}, raising=False)
    with bench._reading_as_the_command(True):
        assert bench.os.environ[name] == "3"
    assert name not in bench.os.environ
    with bench._reading_as_the_command(False):
        assert name not in bench.os.environ
    monkeypatch.setenv(name, "4")
    with bench._reading_as_the_command(True):
        assert bench.os.environ[name] == "4"
    assert bench.os.environ[name] == "4"
