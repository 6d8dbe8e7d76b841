"""Batch screening benchmark: compiled batch path vs a hand-written polars query vs the
single-case engine, on N synthetic person profiles (deterministic).

Programme: ``fooland.bench.person``, a person-subject programme assembled here from the
made-up Fooland jurisdiction's declared parameters (tests/fooland): age limit with the
allowance for women (soft), host type, enterprise host founded ≥ 2 years (When+Duration),
no misconduct within 3 years (NoneWithin over person.records), an attested agreement, and
a fixed two-year grant. Every rule compiles; nothing falls back to row-wise evaluation.

    .venv/bin/python benchmarks/batch_bench.py            # N = 1,000,000
    .venv/bin/python benchmarks/batch_bench.py -n 10000000 --sample 2000
    .venv/bin/python benchmarks/batch_bench.py --fallback  # only the table below

Before measuring it prints, for each shipped programme (Yangquan, Shaanxi, Xinzhou), how
many of its rules and funding lines batch screening evaluates row by row (the target for
declared ones is 0; tests/batch/test_fallback.py pins the list).

Each measurement runs in its own process so peak memory (its own high-water mark) is its own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "fooland"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from shaanxi_bench import peak_rss_mib  # noqa: E402

os.environ.setdefault("TALENTKIT_PLUGINS", "talentkit_fooland.plugin")

AS_OF = dt.date(2025, 6, 1)
PROGRAMME = "fooland.bench.person"
# the benchmark programme is Fooland's, so the shipped plugins are not loaded for it
BLOCK = ("xinzhou", "yangquan", "shaanxi")
SHIPPED = ("yangquan", "shaanxi", "xinzhou")


class BenchPlugin:
    """Registers the benchmark's person programme (built from Fooland's parameters)."""

    from talentkit import hookimpl

    @hookimpl
    def talentkit_add_programmes(self) -> list[Any]:
        from talentkit import (
            AgeAtMost,
            Annual,
            Attested,
            Citation,
            Compare,
            Duration,
            Fixed,
            NoneWithin,
            OneOf,
            P,
            Programme,
            Text,
            When,
        )

        def cite(article: str) -> Citation:
            return Citation(document="FOO-1", article=article)

        return [
            Programme(
                id=PROGRAMME,
                jurisdiction="fooland",
                document="FOO-1",
                subject="person",
                name=Text("样例市个人资助（基准）", "Fooland person grant (benchmark)"),
                reference=("application.call_notice_date", "as_of"),
                rules=[
                    AgeAtMost(
                        id="bench.age",
                        birth="person.birth_date",
                        years=P("fooland.team.leader_max_age"),
                        method=P("fooland.age_method"),
                        female_extra=P("fooland.team.female_extra_years"),
                        soft=True,
                        cite=cite("第3条（1）"),
                        text=Text("年龄", "age"),
                    ),
                    OneOf(
                        id="bench.host_type",
                        fact="organisations[role=host].kind",
                        values=P("fooland.team.host_types"),
                        cite=cite("第2条"),
                        text=Text("依托单位类型", "host type"),
                    ),
                    When(
                        id="bench.company_age",
                        condition=Compare(fact="organisations[role=host].kind", value="enterprise"),
                        then=Duration(
                            start="organisations[role=host].founded_on",
                            at_least=P("fooland.team.company_min_age"),
                        ),
                        cite=cite("第4条"),
                        text=Text("企业成立年限", "company age"),
                    ),
                    NoneWithin(
                        id="bench.no_misconduct",
                        collection="person.records",
                        where=OneOf(fact="kind", values=P("fooland.misconduct_kinds")),
                        period=P("fooland.misconduct_lookback"),
                        cite=cite("第5条"),
                        text=Text("近三年无不端", "no misconduct"),
                    ),
                    Attested(
                        id="bench.agreement",
                        key="fooland.team.agreement",
                        question=Text("签订协议", "agreement signed"),
                        cite=cite("第7条"),
                    ),
                ],
                funding=[
                    Fixed(
                        id="bench.grant",
                        payee="host",
                        amount=P("fooland.team.grant"),
                        schedule=Annual(years=P("fooland.team.grant_years")),
                        cite=cite("第8条"),
                        text=Text("资助", "grant"),
                    )
                ],
                valid_from=P("fooland.valid_from"),
                valid_to=P("fooland.valid_to"),
            )
        ]


def engine() -> Any:
    from talentkit import Engine

    return Engine.create(plugins=[BenchPlugin()], block=BLOCK)


def fallback_table() -> list[str]:
    """Per shipped programme: rules and funding lines evaluated row by row, of all."""
    from talentkit import Engine
    from talentkit.batch.evaluate import plan_programme
    from talentkit.batch.schema import profile_schema
    from talentkit.funding import FundingItem

    eng = Engine.create(block=("talentkit_fooland.plugin",))
    schema = profile_schema(eng.registry.facts)
    out = [f"{'programme':34} {'rules row by row':>17} {'funding lines row by row':>25}"]
    totals = [0, 0, 0, 0]
    for prog in eng.registry.programmes.values():
        if prog.jurisdiction not in SHIPPED:
            continue
        plan = plan_programme(eng, prog, schema=schema, store=eng.params, as_of=AS_OF)
        fb = plan.fallback
        lines = [d.id for d in prog.funding if isinstance(d, FundingItem)]
        rules = len(prog.rules) if "*" in fb else sum(r.id in fb for r in prog.rules)
        money = len(lines) if "*" in fb else sum(f"funding:{i}" in fb for i in lines)
        for k, v in enumerate((rules, len(prog.rules), money, len(lines))):
            totals[k] += v
        out.append(
            f"{prog.id:34} {rules:>8} of {len(prog.rules):<6} {money:>16} of {len(lines):<6}"
            + ("  " + "; ".join(f"{k}: {v}" for k, v in sorted(fb.items())) if fb else "")
        )
    out.append(f"{'total':34} {totals[0]:>8} of {totals[1]:<6} {totals[2]:>16} of {totals[3]:<6}")
    return out


# --- data -----------------------------------------------------------------------------------


def generate(path: Path, n: int, part: int = 1_000_000) -> None:
    """N synthetic person profiles in the canonical Parquet layout (seeded, streamed)."""
    import polars as pl
    import pyarrow.parquet as pq

    from talentkit.batch import profile_schema
    from talentkit.batch.io import conform

    schema = profile_schema(engine().registry.facts)
    writer = None
    base = dt.date(1975, 1, 1)
    kinds = ["university", "research_institute", "enterprise", "hospital"]
    rec_kinds = ["research_misconduct", "illegal", "late_report"]
    for start in range(0, n, part):
        m = min(part, n - start)
        idx = pl.int_range(start, start + m, dtype=pl.UInt64)

        salt = iter(range(1, 1000))

        def rnd(k: int, size: int, idx: pl.Expr = idx) -> pl.Expr:  # seeded, reproducible
            return (idx.hash(seed=k) % size).cast(pl.Int64)

        def nulls(expr: pl.Expr, share: float, salt: Any = salt) -> pl.Expr:
            return pl.when(rnd(next(salt), 1000) < share * 1000).then(None).otherwise(expr)

        def days(lo: int, hi: int, share: float, salt: Any = salt) -> pl.Expr:
            return nulls(pl.lit(base) + pl.duration(days=lo + rnd(next(salt), hi - lo)), share)

        def pick(options: list[str], share: float, salt: Any = salt) -> pl.Expr:
            return nulls(pl.lit(pl.Series(options)).gather(rnd(next(salt), len(options))), share)

        df = pl.select(
            id=pl.lit("p") + idx.cast(pl.String),
            birth=days(0, 6000, 0.03),
            gender=pick(["male", "female"], 0.05),
            kind=pick(kinds, 0.03),
            founded=days(14000, 18500, 0.05),
            notice=days(18200, 18500, 0.02),
            nrec=rnd(101, 3),
            k1=pick(rec_kinds, 0.0),
            d1=days(12000, 18500, 0.05),
            k2=pick(rec_kinds, 0.0),
            d2=days(12000, 18500, 0.05),
            att=rnd(102, 1000) / 1000,
            nullrec=rnd(103, 1000) < 30,
        )
        frame = df.select(
            id=pl.col("id"),
            person=pl.struct(
                birth_date=pl.col("birth"),
                gender=pl.col("gender"),
                records=pl.when(pl.col("nullrec"))
                .then(None)
                .otherwise(
                    pl.concat_list(
                        pl.struct(kind=pl.col("k1"), date=pl.col("d1")),
                        pl.struct(kind=pl.col("k2"), date=pl.col("d2")),
                    ).list.head(pl.col("nrec"))
                ),
            ),
            organisations=pl.concat_list(
                pl.struct(role=pl.lit("host"), kind=pl.col("kind"), founded_on=pl.col("founded"))
            ),
            application=pl.struct(call_notice_date=pl.col("notice")),
            attestations=pl.when(pl.col("att") < 0.5)
            .then(
                pl.concat_list(
                    pl.struct(
                        key=pl.lit("fooland.team.agreement"),
                        value=pl.col("att") < 0.45,
                        by=pl.lit("reviewer"),
                        on=pl.lit(dt.date(2025, 1, 1)),
                        evidence=pl.lit([], dtype=pl.List(pl.String)),
                    )
                )
            )
            .otherwise(pl.lit([], dtype=schema["attestations"])),
        )
        frame = pl.DataFrame(schema=schema).vstack(conform(frame, schema, "generated"))
        table = frame.to_arrow()
        if writer is None:
            writer = pq.ParquetWriter(path, table.schema)
        writer.write_table(table)
    assert writer is not None
    writer.close()


# --- the three ways ---------------------------------------------------------------------------


def hand_written(src: Path, dst: Path) -> None:
    """The same eligibility rules written directly in polars (verdict and funding only)."""
    import polars as pl

    ref = pl.coalesce(pl.col("application").struct.field("call_notice_date"), pl.lit(AS_OF))
    birth = pl.col("person").struct.field("birth_date")
    gender = pl.col("person").struct.field("gender")
    el = pl.element()
    host = (
        pl.col("organisations").list.eval(el.filter(el.struct.field("role") == "host")).list.first()
    )
    kind, founded = host.struct.field("kind"), host.struct.field("founded_on")
    P, F, U, R, NA = 0, 1, 2, 3, 5
    ok45 = birth.dt.offset_by("46y") > ref
    ok47 = birth.dt.offset_by("48y") > ref
    age = (
        pl.when(birth.is_null())
        .then(U)
        .when(ok45)
        .then(P)
        .when(gender.is_null() & ok47)
        .then(U)
        .when(gender.is_null())
        .then(F)
        .when((gender == "female") & ok47)
        .then(P)
        .otherwise(F)
    )  # soft: an unmet soft clause fails unless a waiver lifts it (the profiles have none)
    host_type = (
        pl.when(kind.is_null())
        .then(U)
        .when(kind.is_in(["university", "research_institute", "enterprise"]))
        .then(P)
        .otherwise(F)
    )
    duration = (
        pl.when(founded.is_null())
        .then(U)
        .when(founded.dt.offset_by("2y") <= ref)
        .then(P)
        .otherwise(F)
    )
    company = (
        pl.when(kind.is_null() & (duration == P))
        .then(P)
        .when(kind.is_null())
        .then(U)
        .when(kind != "enterprise")
        .then(NA)
        .otherwise(duration)
    )
    recs = pl.col("person").struct.field("records")
    r = pl.col("rec")
    bad = r.struct.field("kind").is_in(["research_misconduct", "illegal"])
    d = r.struct.field("date")
    lf = pl.scan_parquet(src).with_row_index("i")
    per_record = (
        lf.select("i", ref=ref, rec=recs)
        .explode("rec")
        .group_by("i")
        .agg(
            hit=(bad & (d >= pl.col("ref").dt.offset_by("-3y")) & (d <= pl.col("ref")))
            .fill_null(False)
            .any(),
            und=(bad & d.is_null()).fill_null(False).any(),
        )
    )
    misconduct = (
        pl.when(recs.is_null())
        .then(U)
        .when(pl.col("hit"))
        .then(F)
        .when(pl.col("und"))
        .then(U)
        .otherwise(P)
    )
    att = (
        pl.col("attestations")
        .list.eval(el.filter(el.struct.field("key") == "fooland.team.agreement"))
        .list.first()
    )
    value = att.struct.field("value")
    agreement = pl.when(value.is_null()).then(R).when(value).then(P).otherwise(F)
    ss = [age, host_type, company, misconduct, agreement]
    verdict = (
        pl.when(pl.any_horizontal([s == F for s in ss]))
        .then(pl.lit("not_eligible"))
        .when(pl.any_horizontal([s == U for s in ss]))
        .then(pl.lit("undetermined"))
        .when(pl.any_horizontal([s == R for s in ss]))
        .then(pl.lit("needs_review"))
        .otherwise(pl.lit("eligible"))
    )
    (
        lf.join(per_record, on="i", how="left", maintain_order="left")
        .select(pl.col("id").alias("subject_id"), verdict.alias("verdict"))
        .with_columns(
            funding_total_fen=pl.when(pl.col("verdict") == "not_eligible")
            .then(None)
            .otherwise(pl.lit(100_000_000, dtype=pl.Int64))  # 1,000,000 yuan
        )
        .sink_parquet(dst)
    )


def run_batch(src: Path, dst: Path, chunk: int) -> dict[str, Any]:
    from talentkit.batch import screen

    s = screen(engine(), src, dst, programmes=[PROGRAMME], as_of=AS_OF, chunk_size=chunk)
    assert s.balanced
    return {"fallback": s.fallback_rules, "case_by_case": s.case_by_case, "rows": s.rows_read}


def run_single(src: Path, sample: int) -> dict[str, Any]:
    import polars as pl

    from talentkit.batch.schema import from_row

    eng = engine()
    rows = pl.read_parquet(src, n_rows=sample).to_dicts()
    t0 = time.perf_counter()
    for row in rows:
        eng.assess(eng.load(from_row(row, eng.registry.facts)), [PROGRAMME], as_of=AS_OF)
    return {"per_row": (time.perf_counter() - t0) / len(rows)}


def _child(q: Any, fn: str, args: tuple[Any, ...]) -> None:
    t0 = time.perf_counter()
    extra = globals()[fn](*args) or {}
    q.put(
        {
            "seconds": time.perf_counter() - t0,
            "rss_mib": peak_rss_mib(),
            **extra,
        }
    )


def measure(fn: str, *args: Any) -> dict[str, Any]:
    ctx = multiprocessing.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=_child, args=(q, fn, args))
    p.start()
    while True:
        try:
            out: dict[str, Any] = q.get(timeout=5)
            break
        except Exception:
            if not p.is_alive():
                raise SystemExit(f"{fn} failed (exit code {p.exitcode})") from None
    p.join()
    return out


def agree(a: Path, b: Path) -> bool:
    import polars as pl

    x = pl.read_parquet(a, columns=["subject_id", "verdict", "funding_total_fen"])
    y = pl.read_parquet(b, columns=["subject_id", "verdict", "funding_total_fen"])
    return x.equals(y)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=1_000_000, help="profiles (default 1,000,000)")
    ap.add_argument("--sample", type=int, default=2000, help="single-case sample size")
    ap.add_argument("--chunk", type=int, default=100_000, help="batch chunk size")
    ap.add_argument("--dir", type=Path, default=None, help="work directory (default: temp)")
    ap.add_argument(
        "--fallback", action="store_true", help="only print what runs row by row, then stop"
    )
    a = ap.parse_args()
    print("\n".join(fallback_table()))
    if a.fallback:
        return
    work = a.dir or Path(tempfile.mkdtemp(prefix="tk-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    src = work / f"profiles-{a.n}.parquet"
    if not src.exists():
        g = measure("generate", src, a.n)
        print(
            f"generated {a.n:,} profiles in {g['seconds']:.1f} s → {src} "
            f"({src.stat().st_size / 2**20:,.0f} MiB)"
        )
    print(f"programme {PROGRAMME}; as of {AS_OF}; cpus {os.cpu_count()}")
    b = measure("run_batch", src, work / "batch.parquet", a.chunk)
    h = measure("hand_written", src, work / "hand.parquet")
    s = measure("run_single", src, a.sample)
    single_total = s["per_row"] * a.n
    print(
        f"batch path       {b['seconds']:8.2f} s  {a.n / b['seconds']:>12,.0f} rows/s  "
        f"peak RSS {b['rss_mib']:,.0f} MiB  (row-wise rules: {b['fallback'] or 'none'}; "
        f"case-by-case assessments: {b['case_by_case']})"
    )
    print(
        f"hand-written     {h['seconds']:8.2f} s  {a.n / h['seconds']:>12,.0f} rows/s  "
        f"peak RSS {h['rss_mib']:,.0f} MiB  (verdict and funding only)"
    )
    print(
        f"single-case      {single_total:8.2f} s  {1 / s['per_row']:>12,.0f} rows/s  "
        f"(load + assess, {s['per_row'] * 1e6:.0f} µs/row on {a.sample:,} rows, "
        f"extrapolated)"
    )
    print(f"batch / hand-written  {b['seconds'] / h['seconds']:.2f}×  (target ≤ 2×)")
    print(f"single-case / batch   {single_total / b['seconds']:.0f}×  (target ≥ 100×)")
    print(
        f"verdicts and funding agree with the hand-written query: "
        f"{agree(work / 'batch.parquet', work / 'hand.parquet')}"
    )


if __name__ == "__main__":
    main()
