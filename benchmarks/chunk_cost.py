"""What one chunk costs in the batch path, and how much of it is fixed whatever its rows.

A file → file run assesses its input chunk by chunk with plans compiled once; each chunk
pays a fixed cost (its queries planned, its batch functions called, its checks) besides
its rows. This script times, on the like-for-like Shaanxi population
(``benchmarks/shaanxi_bench.py``, the five person programmes, talentkit's flat layout,
verdicts alone or every column), the flat conversion and ``assess_chunk`` of one chunk
of each size, and the hand-written polars query of the same rows (the reference), as CPU
time, least and median of ``--repeat`` runs after a first; then the fixed cost estimated
from the two extreme sizes (the cost at no rows of the line through them).

    .venv/bin/python benchmarks/chunk_cost.py                      # 1,000 and 50,000 rows
    .venv/bin/python benchmarks/chunk_cost.py --sizes 1000,10000,50000 --columns all

The same rows are assessed in every run, so what a run keeps for its chunks (a reference
date's cut-off, a distinct value's result) is kept after the first, as for a run's later
chunks. ``POLARS_MAX_THREADS=1`` keeps polars' idle threads out of the figures.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

from shaanxi_bench import PROGRAMMES, VERDICT_ONLY, baseline, engine, flat_frame, flat_path


def _cpu(fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
    fn()  # the first run: plans' and polars' first use
    runs = []
    for _ in range(repeat):
        t = time.process_time()
        fn()
        runs.append(time.process_time() - t)
    return min(runs), statistics.median(runs)


def _as_read(frame: Any) -> Any:
    """``frame`` as a Parquet file of it reads back: a list column built from an Arrow
    array, as :func:`flat_frame` builds them, is converted to polars' own buffers each time
    a query hands it out (~50 ms per 100,000 rows for ``person.positions``), which a
    column read from a file is not."""
    import io

    import polars as pl

    buffer = io.BytesIO()
    frame.write_parquet(buffer)
    buffer.seek(0)
    return pl.read_parquet(buffer)


def measure(n: int, sizes: list[int], columns: tuple[str, ...] | None, repeat: int) -> list[Any]:
    """Per size: (rows, talentkit least, median, reference least, median), seconds."""
    import polars as pl

    from talentkit.batch.flat import FlatPlan
    from talentkit.batch.io import flat_chunk
    from talentkit.batch.run import assess_chunk, plans_for

    ref = baseline("common").REF
    source = pl.read_parquet(flat_path(n))
    frame = _as_read(flat_frame(source, ref))
    eng = engine()
    progs = list(PROGRAMMES.values())
    plans, store = plans_for(eng, progs, as_of=ref, overrides=None, columns=columns)
    keys = eng.input_keys
    plan = FlatPlan(frame.schema, eng.registry.facts, keys)
    unread = plan.unread(plans)
    verdicts = baseline("ref_polars").verdicts
    out = []
    for size in sizes:
        part, ref_part = frame.head(size), source.head(size)

        def talentkit(part: Any = part) -> None:
            chunk = flat_chunk(1, part, plan, keys, unread=unread)
            assess_chunk(eng, plans, chunk, store, ref)

        def reference(part: Any = ref_part) -> None:
            verdicts(part.lazy()).collect()

        tk, hand = _cpu(talentkit, repeat), _cpu(reference, repeat)
        out.append((size, *tk, *hand))
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=50_000, help="people generated (default 50,000)")
    ap.add_argument("--sizes", default="1000,50000", help="chunk sizes, comma-separated")
    ap.add_argument("--columns", choices=["verdict", "all"], default="verdict")
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    if sizes[-1] > args.n:
        ap.error(f"a chunk of {sizes[-1]:,} rows needs -n of at least that")
    columns = VERDICT_ONLY if args.columns == "verdict" else None
    rows = measure(args.n, sizes, columns, args.repeat)
    print(f"one chunk, five programmes, {args.columns}, CPU ms (least / median of {args.repeat})")
    print(f"{'rows':>8} {'talentkit':>17} {'reference':>15} {'ratio':>7}")
    for size, tk, tk_med, hand, hand_med in rows:
        ratio = tk / hand if hand else float("inf")
        print(
            f"{size:>8,} {tk * 1e3:8.1f} / {tk_med * 1e3:6.1f} "
            f"{hand * 1e3:6.1f} / {hand_med * 1e3:6.1f} {ratio:6.0f}×"
        )
    if len(rows) > 1:
        (a, ta, *_), (b, tb, *_) = rows[0], rows[-1]
        slope = (tb - ta) / (b - a)
        fixed = ta - slope * a
        print(
            f"fixed cost per chunk ≈ {fixed * 1e3:.1f} ms; then {slope * 1e9:.0f} ns a row "
            f"({fixed / tb:.0%} of a chunk of {b:,})"
        )


if __name__ == "__main__":
    main()
