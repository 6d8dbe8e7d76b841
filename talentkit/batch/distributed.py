"""The same screening over a partitioned dataset on a Dask cluster.

Each Parquet file of ``input_dir`` is one task: a worker builds its engine once (with
``engine_factory``, which must be importable on the workers, as must every plugin) and runs
:func:`~talentkit.batch.screen` on the file, so each partition is evaluated by the compiled
path. Results go to ``output_dir/<file>`` (each written atomically); ``_SUCCESS`` is written
last, with the combined counts, only when every partition has completed. Malformed rows
of every partition go to one errors file, their ``row`` counted across the partitions in
name order (as if they were one file).
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

from talentkit.batch.io import ERROR_SCHEMA, AtomicWriter, BatchError, preflight, refuse_overwrite
from talentkit.batch.run import BatchSummary, screen, written_columns
from talentkit.engine import Engine
from talentkit.text import Lang

EngineFactory = Callable[[], Engine]
#: how long to wait for a scheduler before saying it cannot be reached
CONNECT_TIMEOUT = "10s"


def installed_engine() -> Engine:
    """The engine of the installed plugins (what the command line uses)."""
    return Engine.create()


_ENGINES: dict[EngineFactory, Engine] = {}


def _engine(factory: EngineFactory) -> Engine:
    if factory not in _ENGINES:
        _ENGINES[factory] = factory()
    return _ENGINES[factory]


def prepare_worker(factory: EngineFactory) -> None:
    """Build the worker's engine ahead of the first partition (``Client.run``)."""
    _engine(factory)


def screen_partition(
    factory: EngineFactory, src: str, dst: str, options: dict[str, Any]
) -> dict[str, Any]:
    """One partition on a worker; returns the summary as plain data."""
    summary = screen(_engine(factory), src, dst, workers=1, **options)
    return attrs.asdict(summary)


def parquet_partitions(input_dir: str | Path) -> list[tuple[Path, int]]:
    """The Parquet files of ``input_dir`` with their row counts (from the metadata).

    :raises BatchError: when ``input_dir`` is not a directory, holds no ``*.parquet`` file,
        or one of them is not Parquet
    """
    import pyarrow.parquet as pq

    src = Path(input_dir)
    if not src.is_dir():
        raise BatchError(f"{src}: expected a directory of Parquet files (*.parquet)")
    files = sorted(src.glob("*.parquet"))
    if not files:
        raise BatchError(f"{src}: no Parquet file (*.parquet) in the directory")
    out = []
    for f in files:
        try:
            out.append((f, int(pq.ParquetFile(f).metadata.num_rows)))
        except Exception as exc:
            raise BatchError(f"{f}: not a readable Parquet file ({exc})") from None
    return out


def _client(scheduler: Any, workers: int) -> tuple[Any, Any]:
    """The client to use and the in-process cluster to close after (or None)."""
    from distributed import Client, LocalCluster

    if isinstance(scheduler, Client):
        return scheduler, None
    if scheduler in (None, "local"):
        # no dashboard: a fixed port collides with another run on the same machine; the
        # scheduler's HTTP server (health, metrics) starts even so, on 8787 unless told
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers,
            threads_per_worker=1,
            processes=scheduler == "local",
            dashboard_address=None,
            scheduler_kwargs={"dashboard_address": ":0"},
        )
        return Client(cluster), cluster  # type: ignore[no-untyped-call]
    try:
        return Client(scheduler, timeout=CONNECT_TIMEOUT), None  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as exc:
        raise BatchError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None


def screen_dask(
    engine_factory: EngineFactory,
    input_dir: str | Path,
    output_dir: str | Path,
    scheduler: Any = None,
    *,
    programmes: Sequence[str] | None = None,
    as_of: dt.date,
    overrides: Mapping[str, Any] | None = None,
    chunk_size: int | None = None,
    errors_path: str | Path | None = None,
    workers: int = 2,
    progress: Callable[[int], None] | None = None,
    assume_calendar: bool = False,
    layout: str | None = None,
    lang: Lang = "en",
    columns: Sequence[str] | None = None,
    wide: bool = False,
) -> BatchSummary:
    """Screen every ``*.parquet`` file of ``input_dir`` on Dask.

    :param scheduler: a ``distributed.Client``, a scheduler address
        (``"tcp://10.0.0.5:8786"``), ``"local"`` for a cluster of ``workers`` processes on
        this machine, or None for a small in-process cluster of threads
    :param errors_path: one file for the malformed rows of every partition
    :param lang: the language of its messages
    :param progress: called with the number of rows read as each partition completes
    :param columns: the result columns to write (as :func:`~talentkit.batch.screen`)
    :param wide: each partition's verdicts a row per case (as :func:`~talentkit.batch.screen`)
    :raises BatchError: when the input is not a directory of Parquet files, the scheduler
        cannot be reached, or a partition cannot be read or written
    """
    t0 = time.perf_counter()
    # an unknown column (or one wide results cannot hold) stops the run before the cluster
    written_columns(columns, wide)
    partitions = parquet_partitions(input_dir)
    out_dir = Path(output_dir)
    marker = out_dir / "_SUCCESS"
    check_partition_targets([f for f, _ in partitions], out_dir, errors_path)
    out_dir.mkdir(parents=True, exist_ok=True)
    if marker.exists():
        marker.unlink()
    part_errors = out_dir / "_errors"
    options: dict[str, Any] = {
        "programmes": list(programmes) if programmes else None,
        "as_of": as_of,
        "overrides": dict(overrides) if overrides else None,
        "chunk_size": chunk_size,
        "assume_calendar": assume_calendar,
        "layout": layout,
        "lang": lang,
        "columns": list(columns) if columns is not None else None,
        "wide": wide,
    }
    if errors_path:
        part_errors.mkdir(exist_ok=True)
    client, cluster = _client(scheduler, workers)
    try:
        from distributed import as_completed

        futures = [
            client.submit(
                screen_partition,
                engine_factory,
                str(f),
                str(out_dir / f.name),
                {
                    **options,
                    "errors_path": str(part_errors / f"{f.stem}.jsonl") if errors_path else None,
                },
                key=f"talentkit-{f.name}-{os.getpid()}-{time.time_ns()}",
                pure=False,
            )
            for f, _ in partitions
        ]
        by_key: dict[str, dict[str, Any]] = {}
        for future in as_completed(futures):  # type: ignore[no-untyped-call]
            part = future.result()
            by_key[future.key] = part
            if progress is not None:
                progress(part["rows_read"])
        parts = [by_key[f.key] for f in futures]
    finally:
        if client is not scheduler:
            client.close()
        if cluster is not None:
            cluster.close()
    if errors_path:
        _combine_errors(part_errors, [(f.stem, n) for f, n in partitions], Path(errors_path))
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
        errors=str(errors_path) if errors_path else None,
        hook_errors=sum(p["hook_errors"] for p in parts),
        compiled=all(p.get("compiled", True) for p in parts),
    )
    assert summary.balanced, "rows in != results + error rows"
    tmp = marker.with_name(f"._SUCCESS.{os.getpid()}")
    tmp.write_text(
        json.dumps(
            {
                "partitions": [f.name for f, _ in partitions],
                **{k: v for k, v in attrs.asdict(summary).items() if k != "fallback_rules"},
            },
            default=str,
        ),
        encoding="utf-8",
    )
    os.replace(tmp, marker)
    return summary


def check_partition_targets(
    sources: Sequence[Path], out_dir: Path, errors_path: str | Path | None
) -> None:
    """Before any partition is screened, the checks of the local run: no result file, marker
    or errors file is an input partition or another output, and the errors file can be
    written.

    :raises BatchError: naming the output that would be overwritten or cannot be written
    """
    errors = [Path(errors_path)] if errors_path else []
    if out_dir.exists() and not out_dir.is_dir():
        raise BatchError(f"{out_dir}: expected a directory for the partitions' results")
    results = [out_dir / f.name for f in sources]
    refuse_overwrite(sources, [*results, out_dir / "_SUCCESS", *errors])
    if errors:
        preflight(sources, errors)


def _combine_errors(folder: Path, partitions: list[tuple[str, int]], target: Path) -> None:
    """The partitions' error rows as one file, rows counted across the partitions."""
    import polars as pl

    writer = AtomicWriter(target)
    try:
        offset = 0
        for stem, rows in partitions:
            path = folder / f"{stem}.jsonl"
            if path.exists() and path.stat().st_size:
                frame = pl.read_ndjson(path, schema=ERROR_SCHEMA)
                writer.write(frame.with_columns(pl.col("row") + offset))
            path.unlink(missing_ok=True)
            offset += rows
        writer.commit(pl.DataFrame(schema=ERROR_SCHEMA))
    except BaseException:
        writer.abort()
        raise
    folder.rmdir()
