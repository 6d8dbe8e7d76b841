"""The same screening over a partitioned dataset on a Dask cluster.

Each Parquet file of ``input_dir`` is one task: a worker builds its engine once (with
``engine_factory``, which must be importable on the workers, as must every plugin) and runs
:func:`~talentkit.batch.screen` on the file, so each partition is evaluated by the compiled
path. Results go to ``output_dir/<file>`` (each written atomically); ``_SUCCESS`` is written
last, with the combined counts, only when every partition has completed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from talentkit.batch.run import BatchSummary, screen
from talentkit.engine import Engine

EngineFactory = Callable[[], Engine]
_ENGINES: dict[EngineFactory, Engine] = {}


def _engine(factory: EngineFactory) -> Engine:
    if factory not in _ENGINES:
        _ENGINES[factory] = factory()
    return _ENGINES[factory]


def screen_partition(
    factory: EngineFactory, src: str, dst: str, options: dict[str, Any]
) -> dict[str, Any]:
    """One partition on a worker; returns the summary as plain data."""
    summary = screen(_engine(factory), src, dst, workers=1, **options)
    return attrs.asdict(summary)


def screen_dask(
    engine_factory: EngineFactory,
    input_dir: str | Path,
    output_dir: str | Path,
    scheduler: Any = None,
    *,
    programmes: Sequence[str] | None = None,
    as_of: dt.date,
    overrides: Mapping[str, Any] | None = None,
    chunk_size: int = 100_000,
) -> BatchSummary:
    """Screen every ``*.parquet`` file of ``input_dir`` on Dask.

    :param scheduler: a ``distributed.Client``, a scheduler address
        (``"tcp://10.0.0.5:8786"``), or None for a small in-process cluster
    """
    from distributed import Client, LocalCluster

    t0 = time.perf_counter()
    src_dir, out_dir = Path(input_dir), Path(output_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    marker = out_dir / "_SUCCESS"
    if marker.exists():
        marker.unlink()
    files = sorted(src_dir.glob("*.parquet"))
    options = {
        "programmes": list(programmes) if programmes else None,
        "as_of": as_of,
        "overrides": dict(overrides) if overrides else None,
        "chunk_size": chunk_size,
    }
    cluster = None
    if isinstance(scheduler, Client):
        client = scheduler
    elif isinstance(scheduler, str):
        client = Client(scheduler)  # type: ignore[no-untyped-call]
    else:
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            processes=False, n_workers=1, threads_per_worker=2, dashboard_address=None
        )
        client = Client(cluster)  # type: ignore[no-untyped-call]
    try:
        futures = [
            client.submit(
                screen_partition,
                engine_factory,
                str(f),
                str(out_dir / f.name),
                options,
                key=f"talentkit-{f.name}",
                pure=False,
            )
            for f in files
        ]
        parts = client.gather(futures)  # type: ignore[no-untyped-call]
    finally:
        if client is not scheduler:
            client.close()  # type: ignore[no-untyped-call]
        if cluster is not None:
            cluster.close()
    fallback: dict[str, dict[str, str]] = {}
    for p in parts:
        fallback.update(p["fallback_rules"])
    summary = BatchSummary(
        rows_read=sum(p["rows_read"] for p in parts),
        rows_assessed=sum(p["rows_assessed"] for p in parts),
        error_rows=sum(p["error_rows"] for p in parts),
        results_written=sum(p["results_written"] for p in parts),
        results_expected=sum(p["results_expected"] for p in parts),
        seconds=time.perf_counter() - t0,
        programmes=tuple(parts[0]["programmes"]) if parts else (),
        fallback_rules=fallback,
        case_by_case=sum(p["case_by_case"] for p in parts),
        output=str(out_dir),
        errors=None,
        hook_errors=sum(p["hook_errors"] for p in parts),
    )
    assert summary.balanced, "rows in != results + error rows"
    tmp = marker.with_name(f"._SUCCESS.{os.getpid()}")
    tmp.write_text(
        json.dumps(
            {
                "partitions": [f.name for f in files],
                **{k: v for k, v in attrs.asdict(summary).items() if k != "fallback_rules"},
            },
            default=str,
        ),
        encoding="utf-8",
    )
    os.replace(tmp, marker)
    return summary
