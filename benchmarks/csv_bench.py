"""A CSV file screened: talentkit's command against a hand-written polars query of the
same file.

An HR or statistics export is most often CSV. This script writes the like-for-like
Shaanxi population (``benchmarks/shaanxi_bench.py``: the five person programmes) as CSV
twice: in the reference's own columns, and in talentkit's flat layout (a column per fact
path, each person's two positions spread over numbered columns, the shares as text such
as ``51/100``). It then times, as CPU and wall time, median of ``--repeat`` runs after a
first:

* *reference*: polars reading the reference's CSV (its columns typed as its Parquet file
  types them) and the hand-written query of its verdicts;
* *talentkit, by columns*: ``talentkit.batch.screen`` of talentkit's CSV to Parquet,
  verdicts alone, as ``talentkit batch`` runs it (the cells read column by column,
  ``talentkit.batch.csvcolumns``);
* *reading talentkit's CSV alone*: polars reading talentkit's file, every cell as text
  and nothing else: what any reader of that file pays (it has about four times the
  reference's columns: each fact path its own), the floor under talentkit's line;
* *talentkit, by rows*: the same over the first ``--rows`` people with every record
  parsed by itself (how every CSV was read before), as rows per second;
* *an Excel sheet*: those first people as a workbook whose cells keep their types
  (dates, whole numbers, text), screened by columns and by rows, its cells read alone
  (``talentkit.batch.excel.sheet_rows``: calamine, the sheet held), and read alone by
  openpyxl, row by row (``sheet_rows(stream=True)``: what a workbook too large to hold
  costs, and what every sheet cost before calamine);
* *a JSON Lines file*: those first people as cases (``Engine.load``'s input), screened
  (every case parsed by itself, as ``Engine.load`` parses one, in the default two
  processes), and read alone by polars (``read_ndjson``: the floor of any reader);
* *a run of few cases*: the first ``--few`` of those cases (at most the bound of a run
  of few cases, :mod:`talentkit.batch.few`), screened uncompiled, each case assessed by
  the engine; against the same work done by a program calling the engine itself, each
  line read by ``Engine.load`` and assessed by ``Engine.assess``: what the batch run adds
  around the engine.

The verdicts of the two talentkit runs over those first people must be equal, for the CSV
file and for the sheet, and the JSON Lines file's to those of the same people in the
nested layout's Parquet (a CSV file cannot give the empty lists the cases give), and the
run of few cases' to the engine's; the script stops otherwise.

    .venv/bin/python benchmarks/csv_bench.py              # 100,000 people, 2,000 by rows
    .venv/bin/python benchmarks/csv_bench.py -n 1000000 --repeat 1
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from shaanxi_bench import (
    PROGRAMMES,
    VERDICT_ONLY,
    baseline,
    engine,
    flat_frame,
    flat_path,
    nested_frame,
)


def _cpu() -> float:
    """CPU time of this process and its finished children (the row reader's workers)."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        r = resource.getrusage(who)
        total += r.ru_utime + r.ru_stime
    return total


def _timed(fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """Median wall and CPU time of ``fn`` after a first run."""
    fn()
    walls, cpus = [], []
    for _ in range(repeat):
        c, t = _cpu(), time.perf_counter()
        fn()
        walls.append(time.perf_counter() - t)
        cpus.append(_cpu() - c)
    return statistics.median(walls), statistics.median(cpus)


def talentkit_csv(frame: Any, path: Path) -> None:
    """Talentkit's flat frame as a CSV file of text cells: each position spread over
    numbered columns, a share's pair as its text, lists that hold nothing left out."""
    import polars as pl

    out = []
    for name, dtype in frame.schema.items():
        column = frame.get_column(name)
        if isinstance(dtype, pl.List):
            most = column.list.len().max()
            if not isinstance(most, int) or most == 0:
                continue  # (empty in every row: the same as no column)
            fields = dtype.inner.fields if isinstance(dtype.inner, pl.Struct) else None
            if fields is None:
                raise ValueError(f"{name}: a list of plain values has no numbered columns")
            for i in range(most):
                item = column.list.get(i, null_on_oob=True)
                out += [item.struct.field(f.name).alias(f"{name}[{i}].{f.name}") for f in fields]
        elif isinstance(dtype, pl.Struct):  # a share's {num, den}
            num, den = column.struct.field("num"), column.struct.field("den")
            text = pl.select(pl.format("{}/{}", pl.lit(num), pl.lit(den))).to_series()
            out.append(text.alias(name))
        else:
            out.append(column)
    pl.DataFrame(out).write_csv(path)


def measure(n: int, by_rows: int, repeat: int, work: Path, few: int = 100) -> dict[str, Any]:
    import polars as pl

    from talentkit.batch import csvcolumns, screen

    ref_date = baseline("common").REF
    reference = pl.read_parquet(flat_path(n))  # (generated the first time)
    ref_csv = work / "reference.csv"
    reference.write_csv(ref_csv)
    tk_csv = work / "talentkit.csv"
    talentkit_csv(flat_frame(reference, ref_date), tk_csv)
    verdicts = baseline("ref_polars").verdicts
    schema = reference.schema
    eng = engine()
    progs = list(PROGRAMMES.values())

    def run_reference() -> None:
        verdicts(pl.read_csv(ref_csv, schema=schema).lazy()).collect()

    def run(path: Path, out: Path, columns: bool) -> None:
        saved = csvcolumns.ENABLED
        csvcolumns.ENABLED = columns
        try:
            screen(eng, path, out, programmes=progs, as_of=ref_date, columns=VERDICT_ONLY)
        finally:
            csvcolumns.ENABLED = saved

    found = {
        "reference": _timed(run_reference, repeat),
        "columns": _timed(lambda: run(tk_csv, work / "columns.parquet", True), repeat),
    }
    head = work / "head.csv"
    pl.read_csv(tk_csv, infer_schema=False).head(by_rows).write_csv(head)
    found["read"] = _timed(lambda: pl.read_csv(tk_csv, infer_schema=False), repeat)
    found["rows"] = _timed(lambda: run(head, work / "rows.parquet", False), 1)
    run(head, work / "head-columns.parquet", True)
    _same(work / "rows.parquet", work / "head-columns.parquet", "CSV file")
    sheet = work / "head.xlsx"
    _workbook(pl.read_csv(tk_csv, try_parse_dates=True).head(by_rows), sheet)
    found["sheet-read"] = _timed(lambda: _read_sheet(sheet), 1)
    found["sheet-stream"] = _timed(lambda: _read_sheet(sheet, stream=True), 1)
    found["sheet-columns"] = _timed(lambda: run(sheet, work / "sheet-columns.parquet", True), 1)
    found["sheet-rows"] = _timed(lambda: run(sheet, work / "sheet-rows.parquet", False), 1)
    _same(work / "sheet-rows.parquet", work / "sheet-columns.parquet", "sheet")
    _same(work / "rows.parquet", work / "sheet-rows.parquet", "sheet and CSV file")
    cases = work / "head.jsonl"
    _json_lines(reference.head(by_rows), ref_date, cases)
    found["jsonl-read"] = _timed(lambda: pl.read_ndjson(cases, infer_schema_length=None), 1)
    found["jsonl"] = _timed(lambda: run(cases, work / "jsonl.parquet", True), 1)
    # (a CSV file cannot give an empty list, which these cases do: the same people in the
    # nested layout's Parquet are the like for like)
    nested_frame(reference.head(by_rows), ref_date).write_parquet(work / "head-nested.parquet")
    run(work / "head-nested.parquet", work / "nested.parquet", True)
    _same(work / "nested.parquet", work / "jsonl.parquet", "JSON Lines and Parquet files")
    first = work / "few.jsonl"
    with cases.open(encoding="utf-8") as lines, first.open("w", encoding="utf-8") as out:
        out.writelines(line for _, line in zip(range(few), lines, strict=False))
    alone: list[Any] = []
    found["few-engine"] = _timed(lambda: alone.append(_assessed(eng, first, progs)), repeat)

    def run_few() -> None:
        with _environment(CASE_BY_CASE, str(few)):
            summary = screen(
                eng,
                first,
                work / "few.parquet",
                programmes=progs,
                as_of=ref_date,
                columns=VERDICT_ONLY,
            )
        if summary.compiled:
            raise SystemExit(f"a run of {few:,} cases was compiled: not a run of few cases")

    found["few"] = _timed(run_few, repeat)
    got = pl.read_parquet(work / "few.parquet").select("row", "programme", "verdict").rows()
    if sorted(got) != sorted(alone[-1]):
        raise SystemExit("the verdicts of the run of few cases differ from the engine's")
    return found


#: the environment variable of the bound of a run of few cases (talentkit.batch.few)
CASE_BY_CASE = "TALENTKIT_CASE_BY_CASE_MAX"


@contextlib.contextmanager
def _environment(name: str, value: str) -> Iterator[None]:
    saved = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if saved is None:
            del os.environ[name]
        else:
            os.environ[name] = saved


def _assessed(eng: Any, path: Path, programmes: Sequence[str]) -> list[tuple[int, str, str]]:
    """Each case of the JSON Lines file ``path`` read by ``Engine.load`` and assessed by
    ``Engine.assess`` against ``programmes``: (line, programme, verdict), as a program
    calling the engine itself gets them."""
    import json

    ref_date = baseline("common").REF
    out = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            report = eng.assess(eng.load(json.loads(line)), programmes, as_of=ref_date)
            out += [(number, a.programme, a.verdict.value) for a in report.assessments]
    return out


def _json_lines(flat: Any, ref_date: Any, path: Path) -> None:
    """The people of ``flat`` as JSON Lines cases (``Engine.load``'s input, absent values
    left out), as an integrating system would write them."""
    import datetime as dt
    import json

    from shaanxi_bench import nested_row, profile_input

    def given(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: given(v) for k, v in value.items() if v is not None}
        if isinstance(value, list):
            return [given(v) for v in value]
        return value.isoformat() if isinstance(value, dt.date) else value

    with path.open("w", encoding="utf-8") as out:
        for row in flat.iter_rows(named=True):
            case = given(profile_input(nested_row(row, ref_date)))
            out.write(json.dumps(case, ensure_ascii=False) + "\n")


def _same(one: Path, other: Path, what: str) -> None:
    import polars as pl

    if not pl.read_parquet(one).equals(pl.read_parquet(other)):
        raise SystemExit(f"the verdicts of the {what} differ between {one.name} and {other.name}")


def _workbook(frame: Any, path: Path) -> None:
    """``frame`` as a sheet: its dates as dates, whole numbers as numbers, text as text."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("people")
    sheet.append(frame.columns)
    for row in frame.iter_rows():
        sheet.append(list(row))
    book.save(path)


def _read_sheet(path: Path, stream: bool = False) -> None:
    from talentkit.batch.excel import sheet_rows

    for _ in sheet_rows(path, stream):
        pass


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=100_000, help="people (default 100,000)")
    parser.add_argument("--rows", type=int, default=2_000, help="people read by rows")
    parser.add_argument("--repeat", type=int, default=3, help="runs (median)")
    parser.add_argument("--few", type=int, default=100, help="cases of the run of few cases")
    opts = parser.parse_args(argv)
    few = min(opts.few, opts.rows, opts.n)
    with tempfile.TemporaryDirectory() as tmp:
        found = measure(opts.n, min(opts.rows, opts.n), opts.repeat, Path(tmp), few)
    ref_wall, ref_cpu = found["reference"]
    wall, cpu = found["columns"]
    rows_wall, rows_cpu = found["rows"]
    read_wall, read_cpu = found["read"]
    n, m = opts.n, min(opts.rows, opts.n)
    print(f"a CSV file of {n:,} people, five Shaanxi programmes, verdicts alone")
    print(f"  hand-written polars (read_csv + query)  wall {ref_wall:7.3f} s  CPU {ref_cpu:7.3f} s")
    print(
        f"  talentkit, by columns                   wall {wall:7.3f} s  CPU {cpu:7.3f} s"
        f"   CPU ratio {cpu / ref_cpu:5.1f}x  wall ratio {wall / ref_wall:5.1f}x"
        f"   {n / wall:,.0f} rows/s"
    )
    print(
        f"  reading talentkit's CSV alone (text)    wall {read_wall:7.3f} s  CPU {read_cpu:7.3f} s"
        f"   talentkit by columns {cpu / read_cpu:5.1f}x its CPU time"
    )
    print(
        f"  talentkit, by rows ({m:,} people)       wall {rows_wall:7.3f} s  CPU {rows_cpu:7.3f} s"
        f"   {m / rows_wall:,.0f} rows/s; by columns {(rows_wall / m) / (wall / n):,.0f}x faster"
        " per row (verdicts equal)"
    )
    print(f"an Excel sheet of the first {m:,} people (verdicts equal by columns, by rows, CSV)")
    for name, key in (
        ("reading its cells alone (calamine)", "sheet-read"),
        ("reading them alone by openpyxl", "sheet-stream"),
        ("talentkit, by columns", "sheet-columns"),
        ("talentkit, by rows", "sheet-rows"),
    ):
        w, c = found[key]
        print(f"  {name:<38}  wall {w:7.3f} s  CPU {c:7.3f} s   {m / w:,.0f} rows/s")
    print(f"a JSON Lines file of the first {m:,} people as cases (verdicts equal to Parquet's)")
    (read_w, read_c), (w, c) = found["jsonl-read"], found["jsonl"]
    lines = (
        ("reading it alone (polars read_ndjson)", read_w, read_c, ""),
        (
            "talentkit (every case parsed)",
            w,
            c,
            f"   {m / w:,.0f} rows/s; {c / read_c:,.0f}x reading it alone (CPU)",
        ),
    )
    for name, w, c, more in lines:
        print(f"  {name:<38}  wall {w:7.3f} s  CPU {c:7.3f} s{more}")
    print(f"a run of the first {few:,} cases, uncompiled (verdicts equal to the engine's)")
    (eng_w, eng_c), (w, c) = found["few-engine"], found["few"]
    print(f"  {'the engine alone (load, assess)':<38}  wall {eng_w:7.3f} s  CPU {eng_c:7.3f} s")
    print(
        f"  {'talentkit (a run of few cases)':<38}  wall {w:7.3f} s  CPU {c:7.3f} s"
        f"   {c / eng_c:.1f}x the engine alone (CPU)"
    )


if __name__ == "__main__":
    main()
