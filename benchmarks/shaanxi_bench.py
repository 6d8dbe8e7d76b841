"""Like-for-like batch benchmark: five Shaanxi person programmes, talentkit vs hand-written polars.

The population and the hand-written query come from ``../shared/perf-baseline/`` (read its
README): ``gen.py`` writes N flat, boundary-heavy profiles, ``ref_polars.py`` holds the
reference query of the five programmes ``shaanxi.qianren.youth/long/foreign/entre`` and
``shaanxi.tezhi.youth``. Both systems are measured in the SAME run, so the ratio is what
counts, not the absolute seconds (the machine is shared):

* in memory: a polars frame in, verdicts out (talentkit: ``talentkit.batch.screen_frame``
  of a frame in the nested input layout, in chunks of its default size (50,000 rows nested,
  100,000 flat), as a caller who names none gets them; reference:
  ``verdicts(df.lazy()).collect()``);
* file → file: Parquet in, verdict Parquet out (talentkit: ``talentkit.batch.screen`` on
  its own nested Parquet layout, in a process set up as ``talentkit batch`` sets up its
  own: pyarrow's freed pages kept, polars' pool a core short of the machine's for the
  reading thread; reference: ``scan_parquet → sink_parquet``);
* both again on talentkit's own flat layout (one column per fact path, the organisations
  by role, the attestations by key: :func:`flat_frame`), in memory a frame of that
  layout converted and checked in each run as ``talentkit batch`` does; its results are
  checked equal to the nested layout's.

talentkit runs each twice: with every result column (verdict, missing facts, review texts,
failed rule ids, funding total, completeness and open inputs: what ``talentkit batch``
writes by default), and with the verdict alone (``columns=["verdict"]``, ``talentkit batch
--columns verdict``), which is the like-for-like figure: the reference computes verdicts
only. The verdict-only results are checked equal to the verdicts of the full run. The flat
layout's verdicts in memory run once more with the programme and the verdict as codes
(``screen_frame(codes=True)``: enums, a byte a row, where the reference's result is five
enum columns), checked equal as text, once laid out wide (``screen_frame(wide=True,
codes=True)``: a row per person and a column per programme, the reference's own shape),
checked equal once put back in rows (and file → file ``talentkit batch --wide``, the
verdicts as text), once in one chunk (*flat, verdicts, one chunk*: a chunk's fixed
costs paid once, but a million people's columns in fresh memory, whose page faults cost
the kernel more than the chunks' fixed costs on these machines), and once in one chunk
with polars' allocator keeping the pages it frees
(``_RJEM_MALLOC_CONF=dirty_decay_ms:-1,muzzy_decay_ms:-1`` in that process: *flat,
kept, later runs*), which a long-running program may set, measured after one run not
counted: the first run's page faults are the same, the later runs' mostly gone.

Each system runs in its own process, so peak RSS (the process's own high-water mark,
:func:`peak_rss_mib`) is its own, and each line is the median of as many runs in that
process (``--repeat`` and ``--tk-repeat``, 3 each by default): talentkit's first run also
compiles the plans (about a quarter of a second, what ``talentkit batch`` pays once per
command; ``--tk-repeat 1`` measures that run alone). The script prints
the ratio, the ratio per leaf check (talentkit's programmes check ~4× as much), the ratio of
the user time alone (the kernel's part, mostly page faults, varies several-fold from run to
run on a shared machine), peak RSS, the
rows the batch path sent to the single-case engine, and the verdict agreement after the
README's listed adjustments (and any other difference, per programme, with the rules behind it).

    .venv/bin/python benchmarks/shaanxi_bench.py                 # N = 100,000 (minutes)
    .venv/bin/python benchmarks/shaanxi_bench.py -n 1000000      # the 1M figure (about 10 min)
    .venv/bin/python benchmarks/shaanxi_bench.py --dask          # and rows/s on Dask
    .venv/bin/python benchmarks/shaanxi_bench.py -n 10000000 --stream-only  # peak RSS at 10M

With ``--dask`` it also screens the same file, split into partitions, on a local Dask
cluster of 1 and then 2 worker processes (``talentkit batch --scheduler local``'s path) and
reports rows per second; the verdicts are checked equal to the local file → file run.

Data goes to ``$PERF_DATA`` if set, else a temporary folder. The conversion of the flat file
into talentkit's input is not timed (as the README asks); reading talentkit's own input is.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib
import multiprocessing
import os
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / ".." / "shared" / "perf-baseline"

#: reference column -> talentkit programme id (README, "Comparing talentkit with it")
PROGRAMMES: dict[str, str] = {
    "qianren_youth": "shaanxi.qianren.youth",
    "qianren_long": "shaanxi.qianren.long",
    "qianren_foreign": "shaanxi.qianren.foreign",
    "tezhi_youth": "shaanxi.tezhi.youth",
    "qianren_entre": "shaanxi.qianren.entre",
}
#: leaf tests of each reference formula (common.py's docstring), counted by hand:
#: youth 11, long 9, foreign 9, tezhi 10, entre 5
REFERENCE_LEAVES = 44

#: cond1..cond5 of the reference -> the attestation of each of 第五条's five conditions
CONDITIONS = (
    "shaanxi.qianren.long.famous_institution",
    "shaanxi.qianren.long.known_enterprise",
    "shaanxi.qianren.long.research_output",
    "shaanxi.qianren.long.major_result",
    "shaanxi.qianren.long.finance_expertise",
)
#: attestations and decisions that make talentkit's extra checks pass for every row
PASSING_KEYS = (
    "shaanxi.health",
    "shaanxi.qianren.entre.ip_or_core_tech",
    "shaanxi.qianren.entre.startup_experience",
    "shaanxi.qianren.entre.management",
    "shaanxi.qianren.entre.capability",
    "shaanxi.qianren.entre.market",
    "shaanxi.qianren.entre.main_founder",
    "shaanxi.qianren.entre.industry_rules",
)
DECISIONS = (
    "shaanxi.tezhi.youth.merit",
    "shaanxi.qianren.process.peer_review",
    "shaanxi.qianren.youth.top_among_peers",
)
#: posts that meet the post half of 第五条's conditions (1) and (2); the attestation decides
POSITIONS = (
    {"org_kind": "university", "rank": "professor_eq", "country": "CN"},
    {"org_kind": "enterprise", "rank": "senior_post", "country": "CN"},
)
DEGREES = {"doctorate": "doctor", "master": "master", "bachelor": "bachelor", "other": "none"}


# --- the baseline's own modules -------------------------------------------------------------


def baseline(name: str) -> Any:
    """Import ``common``, ``gen`` or ``ref_polars`` from the perf-baseline folder."""
    path = str(BASELINE.resolve())
    if path not in sys.path:
        sys.path.insert(0, path)
    return importlib.import_module(name)


def flat_path(n: int) -> Path:
    path: Path = baseline("common").parquet_path(n)
    if not path.exists():
        baseline("gen").main(n)
    return path


# --- flat reference row -> talentkit's nested input ----------------------------------------


def _attestation(value: bool, ref: dt.date) -> dict[str, Any]:
    return {"value": value, "by": "benchmark", "on": ref, "evidence": []}


def _stake(value: bool | None) -> dict[str, Any]:
    """Largest shareholder as stakes: 51% vs 20% (true), 20% vs 51% (false), unknown."""
    if value is None:
        return {}
    mine, other = ("51/100", "20/100") if value else ("20/100", "51/100")
    return {
        "shaanxi.applicant_stake": mine,
        "shaanxi.largest_other_stake": other,
        "shaanxi.largest_other_natural_stake": other,
    }


def _share(own: int | None, total: int | None) -> dict[str, Any]:
    """Own funds as a share of the investment; the other two routes to 30% closed."""
    out: dict[str, Any] = {
        "shaanxi.followon_vc_share": "0",
        "shaanxi.combined_funds_share": "0",
    }
    if own is not None and total is not None and total > 0:
        out["shaanxi.own_funds_share"] = f"{own}/{total}"
    return out


def nested_row(r: Mapping[str, Any], ref: dt.date) -> dict[str, Any]:
    """One flat reference row as a talentkit profile row; a null column = an absent fact."""

    def opt(key: str, value: Any) -> dict[str, Any]:
        return {} if value is None else {key: value}

    never = r["never_fulltime_in_shaanxi"]
    atts = {k: _attestation(True, ref) for k in PASSING_KEYS}
    # (no attestation under shaanxi.qianren.entre.combined_funds: no rule reads that key, the
    # combined-funds share is the fact shaanxi.combined_funds_share set above)
    for i, key in enumerate(CONDITIONS, start=1):
        if r[f"cond{i}"] is not None:
            atts[key] = _attestation(r[f"cond{i}"], ref)
    if r["ethnic_chinese"] is not None:
        atts["shaanxi.qianren.foreign.non_ethnic_chinese"] = _attestation(
            not r["ethnic_chinese"], ref
        )
    foreign = r["is_foreign_national"]
    person = {
        "birth_date": r["birth_date"],
        "gender": None if r["is_female"] is None else ("female" if r["is_female"] else "male"),
        "nationality": None if foreign is None else ("GB" if foreign else "CN"),
        "degree": DEGREES.get(r["highest_degree"] or ""),
        "records": [],
        "positions": [dict(p) for p in POSITIONS],
        "honours": [],
        "facts": {
            "shaanxi.national_qianren_research_funded": False,
            "shaanxi.earlier_stays_in_province": False,
            **opt("shaanxi.fulltime_in_shaanxi", None if never is None else not never),
            **opt("shaanxi.fulltime_start", r["shaanxi_fulltime_start"]),
            **opt("shaanxi.arrival_date", r["shaanxi_arrival_date"]),
        },
    }
    works = r["works_in_shaanxi"]
    employer = {
        "role": "employer",
        "kind": "university",
        "province": None if works is None else ("陕西省" if works else "河南省"),
        "county": None if works is None else ("长安区" if works else "金水区"),
        "facts": {},
    }
    company = {
        "role": "company",
        "kind": "enterprise",
        "province": "陕西省",
        "county": "未央区",
        "founded_on": r["established_on"],
        "applications": [],  # no other applicant of the company (第七条（四）)
        "facts": {
            "shaanxi.site_verified": True,
            **_stake(r["is_largest_shareholder"]),
            **_share(r["own_funds"], r["total_investment"]),
        },
    }
    application = {
        "channel": "regular",
        "field": r["field"],
        "reference_date": ref,
        "facts": {
            "shaanxi.contract_kind": "work_contract",
            "shaanxi.contract_fulltime": True,
            "shaanxi.research_grant": 500_000,
            "shaanxi.platform": "sci_tech",
            **opt("shaanxi.contract_terms", r["committed_terms"]),
            **opt("shaanxi.min_term_years", r["min_term_years"]),
            **opt("shaanxi.commitment_years", r["committed_fulltime_years"]),
        },
    }
    return {
        "id": str(r["person_id"]),
        "person": person,
        "organisations": [employer, company],
        "application": application,
        "history": {"applications": [], "selections": []},
        "attestations": [{"key": k, **v} for k, v in atts.items()],
        "decisions": [{"key": k, **_attestation(True, ref)} for k in DECISIONS],
    }


def engine() -> Any:
    from talentkit import Engine

    return Engine.create()


def nested_frame(flat: Any, ref: dt.date) -> Any:
    """The flat frame in talentkit's canonical nested layout, built column-wise (the same
    rows as :func:`nested_row`, without a Python object per row, so 10M rows fit)."""
    import polars as pl

    from talentkit.batch import profile_schema
    from talentkit.batch.io import conform

    schema = profile_schema(engine().registry.facts)
    c = pl.col

    def negate(name: str) -> pl.Expr:
        return ~c(name)

    def pick(cond: pl.Expr, yes: str, no: str) -> pl.Expr:
        return pl.when(cond).then(pl.lit(yes)).when(~cond).then(pl.lit(no))

    def attestation(key: str, value: pl.Expr) -> dict[str, Any]:
        # (a decision has no evidence: the field is left out where the layout has none)
        return {
            "key": pl.lit(key),
            "value": value,
            "by": pl.lit("benchmark"),
            "on": pl.lit(ref),
            "evidence": [],
        }

    own, total = c("own_funds"), c("total_investment")
    largest = c("is_largest_shareholder")
    stake_mine = pl.when(largest).then(pl.lit("51/100")).when(~largest).then(pl.lit("20/100"))
    stake_other = pl.when(largest).then(pl.lit("20/100")).when(~largest).then(pl.lit("51/100"))
    works = c("works_in_shaanxi")
    atts = [attestation(k, pl.lit(True)) for k in PASSING_KEYS]
    atts += [attestation(k, c(f"cond{i}")) for i, k in enumerate(CONDITIONS, start=1)]
    atts.append(attestation("shaanxi.qianren.foreign.non_ethnic_chinese", negate("ethnic_chinese")))
    values: dict[str, Any] = {
        "id": c("person_id").cast(pl.String),
        "person": {
            "birth_date": c("birth_date"),
            "gender": pick(c("is_female"), "female", "male"),
            "nationality": pick(c("is_foreign_national"), "GB", "CN"),
            "degree": c("highest_degree").replace_strict(DEGREES, default=None),
            "records": [],
            "positions": list(POSITIONS),
            "honours": [],
            "facts": {
                "shaanxi.national_qianren_research_funded": pl.lit(False),
                "shaanxi.earlier_stays_in_province": pl.lit(False),
                "shaanxi.fulltime_in_shaanxi": negate("never_fulltime_in_shaanxi"),
                "shaanxi.fulltime_start": c("shaanxi_fulltime_start"),
                "shaanxi.arrival_date": c("shaanxi_arrival_date"),
            },
        },
        "organisations": [
            {
                "role": pl.lit("employer"),
                "kind": pl.lit("university"),
                "province": pick(works, "陕西省", "河南省"),
                "county": pick(works, "长安区", "金水区"),
                "facts": {},
            },
            {
                "role": pl.lit("company"),
                "kind": pl.lit("enterprise"),
                "province": pl.lit("陕西省"),
                "county": pl.lit("未央区"),
                "founded_on": c("established_on"),
                "applications": [],
                "facts": {
                    "shaanxi.site_verified": pl.lit(True),
                    "shaanxi.applicant_stake": stake_mine,
                    "shaanxi.largest_other_stake": stake_other,
                    "shaanxi.largest_other_natural_stake": stake_other,
                    "shaanxi.followon_vc_share": pl.lit("0"),
                    "shaanxi.combined_funds_share": pl.lit("0"),
                    "shaanxi.own_funds_share": pl.when(total > 0).then(
                        pl.format("{}/{}", own, total)
                    ),
                },
            },
        ],
        "application": {
            "channel": pl.lit("regular"),
            "field": c("field"),
            "reference_date": pl.lit(ref),
            "facts": {
                "shaanxi.contract_kind": pl.lit("work_contract"),
                "shaanxi.contract_fulltime": pl.lit(True),
                "shaanxi.research_grant": pl.lit(500_000),
                "shaanxi.platform": pl.lit("sci_tech"),
                "shaanxi.contract_terms": c("committed_terms"),
                "shaanxi.min_term_years": c("min_term_years"),
                "shaanxi.commitment_years": c("committed_fulltime_years"),
            },
        },
        "history": {"applications": [], "selections": []},
        "decisions": [attestation(k, pl.lit(True)) for k in DECISIONS],
    }
    frame = flat.select(
        _list_column(flat, v, schema[k]).alias(k)
        if isinstance(v, list) and v and any(_varies(x) for x in v)
        else _column(v, schema[k]).alias(k)
        for k, v in values.items()
    )
    # an attestation whose column is null is absent, not an attestation of null
    frame = frame.with_columns(
        _list_column(
            flat, atts, schema["attestations"], keep=lambda s: s.struct.field("value").is_not_null()
        ).alias("attestations")
    )
    return conform(frame, schema, "benchmark")


def flat_frame(flat: Any, ref: dt.date) -> Any:
    """The flat reference frame in talentkit's own flat layout (one column per fact path,
    see docs/batch.md "Flat layout"): the same cases as :func:`nested_frame`, the
    organisations by role, the attestations and decisions by key, the positions whole,
    the shares as ``{num, den}`` records of whole numbers (the nested file's are text)."""
    import polars as pl

    from talentkit.batch import profile_schema

    schema = profile_schema(engine().registry.facts)
    person = dict(schema["person"].to_schema())
    history = dict(schema["history"].to_schema())
    organisation = dict(schema["organisations"].inner.to_schema())
    c = pl.col

    def pick(cond: pl.Expr, yes: str, no: str) -> pl.Expr:
        return pl.when(cond).then(pl.lit(yes)).when(~cond).then(pl.lit(no))

    def attestation(prefix: str, value: pl.Expr, evidence: bool = True) -> dict[str, Any]:
        # an attestation whose value is null is absent: none of its columns holds a value
        given = value.is_not_null()
        out = {
            f"{prefix}.value": value,
            f"{prefix}.by": pl.when(given).then(pl.lit("benchmark")),
            f"{prefix}.on": pl.when(given).then(pl.lit(ref)),
        }
        if evidence:
            out[f"{prefix}.evidence"] = pl.when(given).then(pl.lit([], dtype=pl.List(pl.String)))
        return out

    def pair(num: Any, den: Any) -> pl.Expr:
        # a share as the two whole numbers it is made of (the flat layout's {num, den}),
        # as the reference reads its own funds and total investment
        return pl.struct(num=num, den=den).cast(pl.Struct({"num": pl.Int64, "den": pl.Int64}))

    own, total = c("own_funds"), c("total_investment")
    largest = c("is_largest_shareholder")
    stake_mine = pl.when(largest).then(pair(51, 100)).when(~largest).then(pair(20, 100))
    stake_other = pl.when(largest).then(pair(20, 100)).when(~largest).then(pair(51, 100))
    works = c("works_in_shaanxi")
    employer, company = "organisations[role=employer]", "organisations[role=company]"
    company_facts = f"{company}.facts.shaanxi"
    values: dict[str, Any] = {
        "id": c("person_id").cast(pl.String),
        "person.birth_date": c("birth_date"),
        "person.gender": pick(c("is_female"), "female", "male"),
        "person.nationality": pick(c("is_foreign_national"), "GB", "CN"),
        "person.degree": c("highest_degree").replace_strict(DEGREES, default=None),
        "person.records": pl.lit([], dtype=person["records"]),
        "person.positions": _column(list(POSITIONS), person["positions"]),
        "person.honours": pl.lit([], dtype=person["honours"]),
        "person.facts.shaanxi.national_qianren_research_funded": pl.lit(False),
        "person.facts.shaanxi.earlier_stays_in_province": pl.lit(False),
        "person.facts.shaanxi.fulltime_in_shaanxi": ~c("never_fulltime_in_shaanxi"),
        "person.facts.shaanxi.fulltime_start": c("shaanxi_fulltime_start"),
        "person.facts.shaanxi.arrival_date": c("shaanxi_arrival_date"),
        f"{employer}.kind": pl.lit("university"),
        f"{employer}.province": pick(works, "陕西省", "河南省"),
        f"{employer}.county": pick(works, "长安区", "金水区"),
        f"{company}.kind": pl.lit("enterprise"),
        f"{company}.province": pl.lit("陕西省"),
        f"{company}.county": pl.lit("未央区"),
        f"{company}.founded_on": c("established_on"),
        f"{company}.applications": pl.lit([], dtype=organisation["applications"]),
        f"{company_facts}.site_verified": pl.lit(True),
        f"{company_facts}.applicant_stake": stake_mine,
        f"{company_facts}.largest_other_stake": stake_other,
        f"{company_facts}.largest_other_natural_stake": stake_other,
        f"{company_facts}.followon_vc_share": pair(0, 1),
        f"{company_facts}.combined_funds_share": pair(0, 1),
        f"{company_facts}.own_funds_share": pl.when((total > 0) & own.is_not_null()).then(
            pair(own, total)
        ),
        "application.channel": pl.lit("regular"),
        "application.field": c("field"),
        "application.reference_date": pl.lit(ref),
        "application.facts.shaanxi.contract_kind": pl.lit("work_contract"),
        "application.facts.shaanxi.contract_fulltime": pl.lit(True),
        "application.facts.shaanxi.research_grant": pl.lit(5_000),  # yuan (500,000 fen)
        "application.facts.shaanxi.platform": pl.lit("sci_tech"),
        "application.facts.shaanxi.contract_terms": c("committed_terms"),
        "application.facts.shaanxi.min_term_years": c("min_term_years"),
        "application.facts.shaanxi.commitment_years": c("committed_fulltime_years"),
        "history.applications": pl.lit([], dtype=history["applications"]),
        "history.selections": pl.lit([], dtype=history["selections"]),
    }
    for key in PASSING_KEYS:
        values.update(attestation(f"attestations.{key}", pl.lit(True)))
    for i, key in enumerate(CONDITIONS, start=1):
        values.update(attestation(f"attestations.{key}", c(f"cond{i}")))
    non_ethnic = "attestations.shaanxi.qianren.foreign.non_ethnic_chinese"
    values.update(attestation(non_ethnic, ~c("ethnic_chinese")))
    for key in DECISIONS:
        values.update(attestation(f"decisions.{key}", pl.lit(True), evidence=False))
    return flat.select(v.alias(k) for k, v in values.items())


def _varies(value: Any) -> bool:
    """Whether a struct's value (a dict of expressions) reads any column."""
    import polars as pl

    if isinstance(value, pl.Expr):
        return bool(value.meta.root_names())
    if isinstance(value, Mapping):
        return any(_varies(v) for v in value.values())
    return False


def _list_column(
    flat: Any, items: list[Any], dtype: Any, keep: Callable[[Any], Any] | None = None
) -> Any:
    """A list column of ``len(items)`` structs per row (those ``keep`` is true for), built
    from the items' columns laid end to end (polars' ``concat_list`` of structs goes row by
    row)."""
    import polars as pl
    import pyarrow as pa

    n, k = flat.height, len(items)
    parts = flat.select(_column(v, dtype.inner).alias(f"item{j}") for j, v in enumerate(items))
    stacked = pl.concat([parts.get_column(f"item{j}").alias("item") for j in range(k)])
    i = pl.int_range(n * k, eager=True)
    values = stacked.gather((i % k) * n + i // k)  # row by row: row 0's items, row 1's…
    kept = pl.repeat(True, n * k, eager=True) if keep is None else keep(values)
    counts = kept.cast(pl.Int64).reshape((n, k)).arr.sum()
    offsets = pl.concat([pl.Series([0], dtype=pl.Int64), counts.cum_sum()])
    array = pa.LargeListArray.from_arrays(offsets.to_arrow(), values.filter(kept).to_arrow())
    return pl.lit(pl.Series(array, dtype=dtype))


def _column(value: Any, dtype: Any) -> Any:
    """``value`` as an expression of ``dtype``: a dict is a struct (unnamed fields null), a
    list a list of such items (the same in every row), anything else a value or expression."""
    import polars as pl

    if isinstance(value, pl.Expr):
        return value.cast(dtype)
    if isinstance(dtype, pl.Struct) and isinstance(value, Mapping):
        return pl.struct(
            _column(value[f.name], f.dtype).alias(f.name)
            if f.name in value
            else pl.lit(None, dtype=f.dtype).alias(f.name)
            for f in dtype.fields
        )
    if isinstance(dtype, pl.List) and isinstance(value, list):
        if not value:
            return pl.lit([], dtype=dtype)
        return pl.concat_list(_column(v, dtype.inner) for v in value)
    return pl.lit(value, dtype=dtype)


def nested_rows(flat: Any, ref: dt.date) -> Any:
    """:func:`nested_frame` row by row through :func:`nested_row` (what the column-wise
    frame must equal)."""
    import polars as pl

    from talentkit.batch import profile_schema
    from talentkit.batch.io import conform

    schema = profile_schema(engine().registry.facts)
    rows = [nested_row(r, ref) for r in flat.iter_rows(named=True)]
    frame = pl.from_dicts(rows, schema={k: v for k, v in schema.items() if k in rows[0]})
    return conform(frame, schema, "benchmark")


# --- the measurements (each in its own process) ---------------------------------------------


#: the process's CPU seconds of each run, the kernel's part of them (``sys``) and the page
#: faults the run took (``faults``): on a virtual machine whose memory is touched for the
#: first time a fault costs several microseconds, and a run that touches gigabytes spends
#: seconds in the kernel that a second run, or a machine whose memory has been used, does not
CPU: dict[str, list[float]] = {"runs": [], "sys": [], "faults": []}


def _runs(fn: Callable[[], Any], repeat: int) -> tuple[list[float], Any]:
    """Wall seconds of each run (CPU seconds, all threads, go to :data:`CPU`): on a
    shared machine CPU time says more than wall time, which waits for other work."""
    runs, out = [], None
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_SELF)
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        runs.append(time.perf_counter() - t0)
        CPU["runs"].append(time.process_time() - c0)
        after = resource.getrusage(resource.RUSAGE_SELF)
        CPU["sys"].append(after.ru_stime - before.ru_stime)
        CPU["faults"].append(after.ru_minflt - before.ru_minflt)
    return runs, out


def ref_memory(flat: str, out: str, repeat: int) -> dict[str, Any]:
    import polars as pl

    verdicts = baseline("ref_polars").verdicts
    df = pl.read_parquet(flat)
    runs, res = _runs(lambda: verdicts(df.lazy()).collect(), repeat)
    res.write_parquet(out)
    return {"runs": runs}


def ref_stream(flat: str, out: str, repeat: int) -> dict[str, Any]:
    import polars as pl

    verdicts = baseline("ref_polars").verdicts
    runs, _ = _runs(lambda: verdicts(pl.scan_parquet(flat)).sink_parquet(out), repeat)
    return {"runs": runs}


#: the result columns of the verdict-only runs (the like-for-like figure)
VERDICT_ONLY = ("verdict",)


def tk_memory(
    nested: str,
    out: str,
    repeat: int,
    ref: str,
    columns: Sequence[str] | None = None,
    codes: bool = False,
    warm: bool = False,
    wide: bool = False,
    one_chunk: bool = False,
) -> dict[str, Any]:
    """``talentkit.batch.screen_frame`` of a frame held in memory, in chunks of the default
    size (``one_chunk``: in one chunk, the frame's height): of the
    nested layout, or of talentkit's flat layout (a file whose columns are paths),
    checked (and the flat one converted) as ``talentkit batch`` does in each run;
    ``codes``: the programme and the verdict as codes (``screen_frame(codes=True)``);
    ``warm``: after one run not measured (a long-running program's later runs);
    ``wide``: a row per case and a column per programme (``screen_frame(wide=True)``),
    written so (:func:`in_rows` puts them back in rows for the comparison)."""
    import polars as pl

    from talentkit.batch import screen_frame

    eng, as_of = engine(), dt.date.fromisoformat(ref)
    frame = pl.read_parquet(nested)
    progs = list(PROGRAMMES.values())

    def run() -> Any:
        return screen_frame(
            eng,
            frame,
            programmes=progs,
            as_of=as_of,
            columns=columns,
            chunk_size=frame.height if one_chunk else None,
            codes=codes,
            wide=wide,
        )

    if warm:
        run()
    runs, screened = _runs(run, repeat)
    assert not screened.errors.height, screened.errors.head(3)
    results = screened.results
    if codes:  # compared as text: the codes' names
        coded = pl.exclude("row", "subject_id") if wide else pl.col("programme", "verdict")
        results = results.with_columns(coded.cast(pl.String()))
    # (wide results are written as they are: put back in rows by the parent, whose memory
    # is not the run's peak)
    results.write_parquet(out)
    return {"runs": runs, "case_by_case": screened.summary.case_by_case}


def tk_stream(
    nested: str,
    out: str,
    repeat: int,
    ref: str,
    columns: Sequence[str] | None = None,
    wide: bool = False,
) -> dict[str, Any]:
    """``talentkit.batch.screen``, Parquet to Parquet; ``wide``: a row per case and a
    column per programme (``talentkit batch --wide``; :func:`in_rows` puts them back in
    rows for the comparison)."""
    from talentkit.batch import screen

    eng, as_of = engine(), dt.date.fromisoformat(ref)
    summaries: list[Any] = []

    def run() -> None:
        s = screen(
            eng,
            nested,
            out,
            programmes=list(PROGRAMMES.values()),
            as_of=as_of,
            columns=columns,
            wide=wide,
        )
        assert s.balanced
        summaries.append(s)

    runs, _ = _runs(run, repeat)
    s = summaries[-1]
    return {"runs": runs, "case_by_case": s.case_by_case, "fallback": s.fallback_rules}


def in_rows(path: str) -> None:
    """Wide results (a verdict column per programme) written back in rows, case after
    case, the programmes in the run's order, as the long results are; in the parent
    process, so that a run's peak memory is the run's own."""
    import polars as pl

    laid = pl.read_parquet(path)
    if "programme" not in laid.columns:
        laid.unpivot(
            index=["row", "subject_id"], variable_name="programme", value_name="verdict"
        ).sort("row", maintain_order=True).write_parquet(path)


DASK_PARTITIONS = 4


def partition(nested: Path, parts: int) -> Path:
    """``nested`` split into ``parts`` Parquet files of a folder beside it (kept)."""
    import polars as pl

    folder = nested.with_name(f"{nested.stem}-parts{parts}")
    if not folder.is_dir():
        df = pl.read_parquet(nested)
        folder.mkdir()
        size = -(-df.height // parts)
        for k in range(parts):
            df.slice(k * size, size).write_parquet(folder / f"part-{k}.parquet")
    return folder


def tk_dask(parts: str, out: str, workers: int, ref: str) -> dict[str, Any]:
    """File → file on a local cluster of ``workers`` processes (start-up not timed)."""
    from distributed import Client, LocalCluster

    from talentkit.batch.distributed import installed_engine, prepare_worker, screen_dask

    with (
        LocalCluster(  # no dashboard, and the scheduler's HTTP server on a free port
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            scheduler_kwargs={"dashboard_address": ":0"},
        ) as cluster,
        Client(cluster) as client,
    ):
        client.run(prepare_worker, installed_engine)  # each worker's engine, before timing
        t0 = time.perf_counter()
        s = screen_dask(
            installed_engine,
            parts,
            out,
            client,
            programmes=list(PROGRAMMES.values()),
            as_of=dt.date.fromisoformat(ref),
        )
        seconds = time.perf_counter() - t0
    assert s.balanced
    return {"workers": workers, "seconds": seconds, "rows_per_s": s.rows_read / seconds}


def dask_verdicts(out: str) -> Any:
    import polars as pl

    return pl.concat([pl.read_parquet(f) for f in sorted(Path(out).glob("*.parquet"))])


def peak_rss_mib() -> float:
    """This process's peak resident memory in MiB: Linux's ``VmHWM``, the high-water mark
    of the process's own memory since it started its program. ``ru_maxrss`` is not: a
    spawned child is forked from its parent before it runs Python anew, and Linux keeps
    the larger of the forked copy's and the new program's peaks, so a child of a parent
    that has held a large frame reports the parent's peak. ``ru_maxrss`` where there is
    no ``/proc``."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _kernel(measured: Mapping[str, Any]) -> str:
    """The kernel's part of a measurement's CPU time and its page faults (see :data:`CPU`)."""
    return (
        f"of which in the kernel {measured.get('sys_median', float('nan')):.3f} s, "
        f"{measured.get('faults_median', 0):,.0f} page faults"
    )


def _child(q: Any, fn: str, args: tuple[Any, ...]) -> None:
    extra = globals()[fn](*args)
    q.put(
        {
            **extra,
            "cpu": CPU["runs"],
            "sys": CPU["sys"],
            "faults": CPU["faults"],
            "rss_mib": peak_rss_mib(),
        }
    )


@contextlib.contextmanager
def _environment(name: str, value: str | None) -> Iterator[None]:
    """``name`` set to ``value`` (None: left as it is) for the child processes started
    meanwhile; the parent's own setting given back after (unset, or as it was)."""
    given = os.environ.get(name)
    if value is not None:
        os.environ[name] = value
    try:
        yield
    finally:
        if given is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = given


def _as_the_command(talentkit: bool) -> contextlib.AbstractContextManager[None]:
    """A talentkit child process started with pyarrow's allocator set as ``talentkit
    batch`` sets it (:func:`talentkit.cli.keep_arrow_pages`: unless the environment
    gives settings of its own)."""
    from talentkit.cli import ARROW_ALLOCATOR_CONF, KEEP_PAGES

    keep = talentkit and os.environ.get(ARROW_ALLOCATOR_CONF) is None
    return _environment(ARROW_ALLOCATOR_CONF, KEEP_PAGES if keep else None)


def _reading_as_the_command(reads: bool) -> contextlib.AbstractContextManager[None]:
    """A talentkit child process reading a file (``reads``) started with polars' pool a
    core short of the machine's, as ``talentkit batch`` sizes it for its reading thread
    (:func:`talentkit.cli.leave_a_core_to_reading`: unless the environment sizes it)."""
    from talentkit.cli import POLARS_THREADS, reading_pool_size

    size = reads and os.environ.get(POLARS_THREADS) is None
    return _environment(POLARS_THREADS, str(reading_pool_size()) if size else None)


#: polars' own allocator told to keep the pages it frees (see :func:`measure`)
POLARS_ALLOCATOR_CONF = "_RJEM_MALLOC_CONF"


def _polars_pages_kept(keep: bool) -> contextlib.AbstractContextManager[None]:
    """A child process started with polars' jemalloc keeping the pages it frees
    (``dirty_decay_ms:-1,muzzy_decay_ms:-1``, which polars adds to its own settings as it
    is imported): what a long-running program screening frames in memory may set before
    it imports polars (batch.md)."""
    from talentkit.cli import KEEP_PAGES

    return _environment(POLARS_ALLOCATOR_CONF, KEEP_PAGES if keep else None)


def measure(fn: str, *args: Any, keep_polars_pages: bool = False) -> dict[str, Any]:
    ctx = multiprocessing.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=_child, args=(q, fn, args))
    with (
        _as_the_command(fn.startswith("tk_")),
        _reading_as_the_command(fn == "tk_stream"),
        _polars_pages_kept(keep_polars_pages),
    ):
        p.start()
    while True:
        try:
            out: dict[str, Any] = q.get(timeout=5)
            break
        except Exception:
            if not p.is_alive():
                raise SystemExit(f"{fn} failed (exit code {p.exitcode})") from None
    p.join()
    out["median"] = statistics.median(out["runs"])
    out["cpu_median"] = statistics.median(out["cpu"]) if out.get("cpu") else float("nan")
    out["sys_median"] = statistics.median(out["sys"]) if out.get("sys") else float("nan")
    # the user time alone: the kernel's part (page faults) costs several times more from
    # one run to the next on a shared machine (see batch.md)
    users = [c - s for c, s in zip(out.get("cpu", []), out.get("sys", []), strict=True)]
    out["user_median"] = statistics.median(users) if users else float("nan")
    out["faults_median"] = statistics.median(out["faults"]) if out.get("faults") else 0
    return out


# --- leaf checks ------------------------------------------------------------------------------


def leaves(rule: Any) -> Iterator[Any]:
    """The leaf checks under a rule (AllOf/AnyOf/Not/When are walked into)."""
    from talentkit.rules import AllOf, AnyOf, Not, When

    if isinstance(rule, AllOf | AnyOf):
        for r in rule.rules:
            yield from leaves(r)
    elif isinstance(rule, Not):
        yield from leaves(rule.rule)
    elif isinstance(rule, When):
        yield from leaves(rule.condition)
        yield from leaves(rule.then)
    else:
        yield rule


def talentkit_leaves() -> int:
    eng = engine()
    return sum(
        sum(1 for r in eng.registry.programmes[p].rules for _ in leaves(r))
        for p in PROGRAMMES.values()
    )


# --- agreement --------------------------------------------------------------------------------


def adjusted_reference(flat: Any) -> Any:
    """The reference verdicts with the README's listed, deliberate differences applied.

    * an absent attestation (cond1..5, ethnic_chinese) is *needs review* in talentkit: the
      comparison reads talentkit's ``needs_review`` as the reference's ``undetermined``;
    * ``qianren_foreign`` also applies the long-term programme's degree and presence rules;
    * with ``field`` unknown, the field-dependent age test is unknown, never false.
    """
    import polars as pl

    common = baseline("common")
    birth, field, female = pl.col("birth_date"), pl.col("field"), pl.col("is_female")

    def age_le(limit: int) -> pl.Expr:
        return birth > common.last_date_reaching(limit + 1)

    def within(col: str, n: int) -> pl.Expr:
        return pl.col(col) >= common.first_date_within(n)

    def at_least(col: str, n: int) -> pl.Expr:
        return pl.col(col) <= common.last_date_reaching(n)

    def female_limit(a: int, b: int) -> pl.Expr:
        return age_le(a) | (female & age_le(b))

    def unknown_without_field(x: pl.Expr) -> pl.Expr:
        return pl.when(field.is_null()).then(pl.lit(None, dtype=pl.Boolean)).otherwise(x)

    doctorate = pl.col("highest_degree") == "doctorate"
    presence = pl.col("never_fulltime_in_shaanxi") | within("shaanxi_fulltime_start", 1)
    cfy3 = pl.col("committed_fulltime_years") >= 3
    long_any = pl.any_horizontal(f"cond{i}" for i in range(1, 6))
    youth_age = (field.is_in(["natsci", "eng"]) & female_limit(40, 42)) | (
        (field == "pss") & age_le(45)
    )
    tezhi_age = (field.is_in(["natsci", "eng"]) & female_limit(35, 37)) | (
        field.is_in(["pss", "culture"]) & female_limit(38, 40)
    )
    rules = {
        "qianren_youth": pl.all_horizontal(
            unknown_without_field(youth_age),
            doctorate,
            presence,
            pl.col("committed_terms") >= 2,
            pl.col("min_term_years") >= 3,
        ),
        "qianren_long": pl.all_horizontal(doctorate, presence, cfy3, long_any),
        "qianren_foreign": pl.all_horizontal(
            pl.col("is_foreign_national"),
            ~pl.col("ethnic_chinese"),
            age_le(68),
            cfy3,
            long_any,
            doctorate,
            presence,
        ),
        "tezhi_youth": pl.all_horizontal(
            unknown_without_field(tezhi_age), doctorate, pl.col("works_in_shaanxi")
        ),
        "qianren_entre": pl.all_horizontal(
            within("shaanxi_arrival_date", 6),
            at_least("established_on", 2),
            within("established_on", 5),
            pl.col("is_largest_shareholder"),
            pl.col("own_funds") * 10 >= pl.col("total_investment") * 3,
        ),
    }

    def verdict(x: pl.Expr) -> pl.Expr:
        return (
            pl.when(x)
            .then(pl.lit("eligible"))
            .when(~x)
            .then(pl.lit("not_eligible"))
            .otherwise(pl.lit("undetermined"))
        )

    return flat.select(
        pl.col("person_id").cast(pl.String).alias("subject_id"),
        *(verdict(x).alias(k) for k, x in rules.items()),
    )


def profile_input(nested: Mapping[str, Any]) -> dict[str, Any]:
    """A nested batch row as a single case gives it: attestations and decisions as tables
    keyed by their key (the batch layout lists them)."""
    case = dict(nested)
    for name, drop in (("attestations", {"key"}), ("decisions", {"key", "evidence"})):
        case[name] = {
            item["key"]: {k: v for k, v in item.items() if k not in drop} for item in nested[name]
        }
    return case


def single(flat: str, n: int, ref: str) -> dict[str, Any]:
    """One profile at a time: the baseline's plain-Python oracle (``ref_python.evaluate``, the
    same formulas as the polars query, row by row) against ``Engine.assess`` of the five
    programmes (statuses; explanations unread), CPU time per profile over the first ``n``
    rows; and both answers as frames for :func:`agreement`."""
    import polars as pl

    from talentkit.rules import Status
    from talentkit.subjects import Profile

    evaluate = baseline("ref_python").evaluate
    eng, as_of = engine(), dt.date.fromisoformat(ref)
    rows = pl.read_parquet(flat, n_rows=n).to_dicts()
    cases = [eng.load(profile_input(nested_row(r, as_of)), Profile) for r in rows]
    progs = list(PROGRAMMES.values())
    eng.assess(cases[0], progs, as_of=as_of)  # plans compiled, parameters read: not timed
    c0 = time.process_time()
    oracle = [evaluate(r) for r in rows]
    c1 = time.process_time()
    reports = [eng.assess(case, progs, as_of=as_of) for case in cases]
    c2 = time.process_time()
    ref_out = pl.DataFrame(oracle).with_columns(person_id=pl.Series([r["person_id"] for r in rows]))
    tk_out = pl.DataFrame(
        [
            {
                "subject_id": str(r["person_id"]),
                "programme": a.programme,
                "verdict": a.verdict.value,
                "failed": [c.rule_id for c in a.checks if c.status is Status.FAIL],
                "missing": [m for c in a.checks for m in c.missing],
                "review": [],
            }
            for r, report in zip(rows, reports, strict=True)
            for a in report.assessments
        ]
    )
    return {
        "n": len(rows),
        "oracle_ms": (c1 - c0) * 1e3 / len(rows),
        "engine_ms": (c2 - c1) * 1e3 / len(rows),
        "ref_out": ref_out,
        "tk_out": tk_out,
    }


def agreement(flat: Any, ref_out: Any, tk_out: Any) -> dict[str, dict[str, Any]]:
    """Per programme: rows compared, agreeing as-is, agreeing after the adjustments, and the
    rules talentkit reported on the rows that still differ (``(ref, talentkit) → rule ids``)."""
    import polars as pl

    adjusted = adjusted_reference(flat)
    raw = ref_out.select(
        pl.col("person_id").cast(pl.String).alias("subject_id"),
        *(pl.col(k).cast(pl.String) for k in PROGRAMMES),
    )
    report: dict[str, dict[str, Any]] = {}
    for col, prog in PROGRAMMES.items():
        tk = tk_out.filter(pl.col("programme") == prog).select(
            "subject_id",
            tk=pl.col("verdict"),
            tk_read=pl.col("verdict").replace({"needs_review": "undetermined"}),
            failed="failed",
            missing="missing",
            review="review",
        )
        both = tk.join(raw.select("subject_id", raw=col), on="subject_id", how="inner").join(
            adjusted.select("subject_id", adj=col), on="subject_id", how="inner"
        )
        differ = both.filter(pl.col("tk_read") != pl.col("adj"))
        why: Counter[str] = Counter()
        for r in differ.iter_rows(named=True):
            rules = (
                ",".join(r["failed"] or [])
                or ",".join(r["missing"] or [])
                or "review: " + "; ".join(t[:24] for t in r["review"] or [])
            )
            why[f"{r['adj']} → {r['tk']}: {rules}"] += 1
        report[prog] = {
            "rows": both.height,
            "expected": tk_out.filter(pl.col("programme") == prog).height,
            "agree_raw": both.filter(pl.col("tk") == pl.col("raw")).height,
            "agree_adjusted": both.height - differ.height,
            "differences": dict(why.most_common(5)),
        }
    return report


# --- the run ----------------------------------------------------------------------------------


#: rows converted at a time into the nested file, and rows per Parquet row group in it
PREPARE_ROWS = 250_000
ROW_GROUP = 100_000


def prepare(n: int, work: Path, ref: dt.date) -> tuple[Path, Path]:
    """The flat file (generated if absent) and talentkit's nested file of the same rows."""
    import polars as pl
    import pyarrow.parquet as pq

    flat = flat_path(n)
    nested = work / f"people-{n}-talentkit.parquet"
    if not nested.exists():
        partial = nested.with_name(nested.name + ".partial")
        writer = None
        for start in range(0, n, PREPARE_ROWS):
            table = nested_frame(
                pl.scan_parquet(flat).slice(start, PREPARE_ROWS).collect(), ref
            ).to_arrow()
            writer = writer or pq.ParquetWriter(partial, table.schema)
            writer.write_table(table, row_group_size=ROW_GROUP)
        if writer is not None:
            writer.close()
            partial.replace(nested)
    return flat, nested


def prepare_flat(n: int, work: Path, ref: dt.date) -> Path:
    """talentkit's flat file of the same rows (:func:`flat_frame`; named by its form, so a
    file of an earlier form kept in ``$PERF_DATA`` is not taken for it)."""
    import polars as pl
    import pyarrow.parquet as pq

    flat = flat_path(n)
    out = work / f"people-{n}-talentkit-flat-pairs.parquet"
    if not out.exists():
        partial = out.with_name(out.name + ".partial")
        writer = None
        for start in range(0, n, PREPARE_ROWS):
            rows = pl.scan_parquet(flat).slice(start, PREPARE_ROWS).collect()
            table = flat_frame(rows, ref).to_arrow()
            writer = writer or pq.ParquetWriter(partial, table.schema)
            writer.write_table(table, row_group_size=ROW_GROUP)
        if writer is not None:
            writer.close()
            partial.replace(out)
    return out


def run_stream(n: int, repeat: int, tk_repeat: int, work: Path) -> dict[str, Any]:
    """File → file only (peak RSS at sizes whose in-memory run and row-by-row agreement
    would not fit); the run itself checks rows in = results + errors."""
    ref = baseline("common").REF
    flat, nested = prepare(n, work, ref)
    out = {k: str(work / f"verdicts-{k}-{n}.parquet") for k in ("rs", "ts", "tsv")}
    iso = ref.isoformat()
    return {
        "n": n,
        "ref_stream": measure("ref_stream", str(flat), out["rs"], repeat),
        "tk_stream": measure("tk_stream", str(nested), out["ts"], tk_repeat, iso),
        "tk_stream_verdict": measure(
            "tk_stream", str(nested), out["tsv"], tk_repeat, iso, VERDICT_ONLY
        ),
        "tk_leaves": talentkit_leaves(),
    }


def run(
    n: int, repeat: int, tk_repeat: int, work: Path, dask: bool = False, one: int = 0
) -> dict[str, Any]:
    import polars as pl

    ref = baseline("common").REF
    flat, nested = prepare(n, work, ref)
    keys = ("rm", "rs", "tm", "ts", "tmv", "tsv")
    out = {k: str(work / f"verdicts-{k}-{n}.parquet") for k in keys}
    iso = ref.isoformat()
    rm = measure("ref_memory", str(flat), out["rm"], repeat)
    tm = measure("tk_memory", str(nested), out["tm"], tk_repeat, iso)
    tmv = measure("tk_memory", str(nested), out["tmv"], tk_repeat, iso, VERDICT_ONLY)
    rs = measure("ref_stream", str(flat), out["rs"], repeat)
    ts = measure("tk_stream", str(nested), out["ts"], tk_repeat, iso)
    tsv = measure("tk_stream", str(nested), out["tsv"], tk_repeat, iso, VERDICT_ONLY)
    # talentkit's own flat layout: the same people, the same results
    own = prepare_flat(n, work, ref)
    flat_runs = {}
    for key, fn, columns in (
        ("tmf", "tk_memory", None),
        ("tmfv", "tk_memory", VERDICT_ONLY),
        ("tmfc", "tk_memory", VERDICT_ONLY),
        ("tmfw", "tk_memory", VERDICT_ONLY),
        ("tsf", "tk_stream", None),
        ("tsfv", "tk_stream", VERDICT_ONLY),
        ("tsfw", "tk_stream", VERDICT_ONLY),
    ):
        out[key] = str(work / f"verdicts-{key}-{n}.parquet")
        extra = {"tmfc": (True,), "tmfw": (True, False, True), "tsfw": (True,)}.get(key, ())
        flat_runs[key] = measure(fn, str(own), out[key], tk_repeat, iso, columns, *extra)
    # the same verdicts in memory, polars keeping the pages it frees for the next run: the
    # runs after a first one, as a long-running program's
    out["tmfk"] = str(work / f"verdicts-tmfk-{n}.parquet")
    flat_runs["tmfk"] = measure(
        "tk_memory",
        str(own),
        out["tmfk"],
        tk_repeat,
        iso,
        VERDICT_ONLY,
        False,
        True,
        False,
        True,
        keep_polars_pages=True,
    )
    # the flat verdicts in one chunk: fewer fixed costs, more fresh memory (page faults)
    out["tmf1"] = str(work / f"verdicts-tmf1-{n}.parquet")
    flat_runs["tmf1"] = measure(
        "tk_memory", str(own), out["tmf1"], tk_repeat, iso, VERDICT_ONLY, False, False, False, True
    )
    flat_df = pl.read_parquet(flat)
    for key in ("tmfw", "tsfw"):
        in_rows(out[key])
    # the verdict-only runs give the full runs' verdicts, row for row; the flat layout's
    # runs give the nested layout's results
    verdicts = ["row", "subject_id", "programme", "verdict"]
    for full, alone, run_of in (
        ("tm", "tmv", tmv),
        ("ts", "tsv", tsv),
        ("tm", "tmf", flat_runs["tmf"]),
        ("tm", "tmfv", flat_runs["tmfv"]),
        ("tm", "tmfc", flat_runs["tmfc"]),
        ("tm", "tmfw", flat_runs["tmfw"]),
        ("tm", "tmfk", flat_runs["tmfk"]),
        ("tm", "tmf1", flat_runs["tmf1"]),
        ("ts", "tsf", flat_runs["tsf"]),
        ("ts", "tsfv", flat_runs["tsfv"]),
        ("ts", "tsfw", flat_runs["tsfw"]),
    ):
        got, want = pl.read_parquet(out[alone]), pl.read_parquet(out[full])
        run_of["equal"] = got.columns == want.columns and got.equals(want)
        if got.columns != want.columns:
            run_of["equal"] = got.columns == verdicts and got.equals(want.select(verdicts))
    tk_leaves = talentkit_leaves()
    on_dask: list[dict[str, Any]] = []
    if dask:
        parts = partition(nested, DASK_PARTITIONS)
        key = ["subject_id", "programme"]
        local = pl.read_parquet(out["ts"]).drop("row").sort(key)
        for workers in (1, 2):
            dst = str(work / f"verdicts-dask{workers}-{n}")
            on_dask.append(tk_dask(str(parts), dst, workers, ref.isoformat()))
            on_dask[-1]["equal"] = dask_verdicts(dst).drop("row").sort(key).equals(local)
    singles = None
    if one:
        got = single(str(flat), min(one, n), ref.isoformat())
        singles = {
            **{k: got[k] for k in ("n", "oracle_ms", "engine_ms")},
            "agreement": agreement(flat_df.head(got["n"]), got["ref_out"], got["tk_out"]),
        }
    return {
        "single": singles,
        "dask": on_dask,
        "n": n,
        "ref_memory": rm,
        "tk_memory": tm,
        "ref_stream": rs,
        "tk_stream": ts,
        "tk_memory_verdict": tmv,
        "tk_stream_verdict": tsv,
        "tk_memory_flat": flat_runs["tmf"],
        "tk_memory_flat_verdict": flat_runs["tmfv"],
        "tk_memory_flat_codes": flat_runs["tmfc"],
        "tk_memory_flat_wide": flat_runs["tmfw"],
        "tk_memory_flat_kept": flat_runs["tmfk"],
        "tk_memory_flat_one_chunk": flat_runs["tmf1"],
        "tk_stream_flat": flat_runs["tsf"],
        "tk_stream_flat_verdict": flat_runs["tsfv"],
        "tk_stream_flat_wide": flat_runs["tsfw"],
        "tk_leaves": tk_leaves,
        "agreement_memory": agreement(
            flat_df, pl.read_parquet(out["rm"]), pl.read_parquet(out["tm"])
        ),
        "agreement_stream": agreement(
            flat_df, pl.read_parquet(out["rm"]), pl.read_parquet(out["ts"])
        ),
    }


def report(res: Mapping[str, Any]) -> list[str]:
    n, leaf_factor = res["n"], res["tk_leaves"] / REFERENCE_LEAVES
    lines = [
        f"five Shaanxi person programmes, {n:,} people "
        f"(talentkit {res['tk_leaves']} leaf checks, reference {REFERENCE_LEAVES}: "
        f"{leaf_factor:.1f}×)",
    ]
    pairs = [("in memory", "ref_memory", "tk_memory"), ("file → file", "ref_stream", "tk_stream")]
    for mode, ref_key, tk_key in pairs:
        if ref_key not in res:
            continue
        r = res[ref_key]
        lines += [
            f"{mode}:",
            f"  hand-written polars (verdicts)  {r['median']:8.3f} s  CPU {r['cpu_median']:8.3f} s"
            f"  peak RSS {r['rss_mib']:7.0f} MiB",
            f"    {_kernel(r)}",
        ]
        for label, key in (
            ("all columns", tk_key),
            ("verdicts only", f"{tk_key}_verdict"),
            ("flat, all", f"{tk_key}_flat"),
            ("flat, verdicts", f"{tk_key}_flat_verdict"),
            ("flat, codes", f"{tk_key}_flat_codes"),
            ("flat, wide codes" if tk_key == "tk_memory" else "flat, wide", f"{tk_key}_flat_wide"),
            ("flat, verdicts, one chunk", f"{tk_key}_flat_one_chunk"),
            ("flat, kept, later runs", f"{tk_key}_flat_kept"),
        ):
            if key not in res:
                continue
            t = res[key]
            ratio = t["median"] / r["median"]
            cpu_ratio = t["cpu_median"] / r["cpu_median"]
            same = (
                ""
                if "equal" not in t
                else (
                    "; equal to the nested layout's: "
                    if "flat" in key
                    else "; equal to the full run's: "
                )
                + ("yes" if t["equal"] else "NO")
            )
            user_ratio = t["user_median"] / r["user_median"]
            lines += [
                f"  talentkit, {label:22s} {t['median']:8.3f} s  "
                f"CPU {t['cpu_median']:8.3f} s  peak RSS {t['rss_mib']:7.0f} MiB",
                f"    CPU time ratio {cpu_ratio:,.0f}×; per leaf check "
                f"{cpu_ratio / leaf_factor:,.0f}×; wall ratio {ratio:,.0f}×; per leaf check "
                f"{ratio / leaf_factor:,.0f}×; user time alone {user_ratio:,.0f}×",
                f"    {_kernel(t)}",
                f"    rows sent to the single-case engine {t['case_by_case']:,} "
                f"(of {5 * n:,} results){same}",
            ]
    for d in res.get("dask", []):
        lines.append(
            f"Dask, local cluster of {d['workers']} worker process(es), "
            f"{DASK_PARTITIONS} partitions: {d['rows_per_s']:,.0f} rows/s "
            f"({d['seconds']:.3f} s; results equal to the local run: "
            f"{'yes' if d['equal'] else 'NO'})"
        )
    for prog, why in res["tk_stream"].get("fallback", {}).items():
        for rid, reason in why.items():
            lines.append(f"  row-wise rule {prog}: {rid} ({reason})")
    one = res.get("single")
    if one:
        ratio = one["engine_ms"] / one["oracle_ms"]
        lines += [
            f"one profile at a time, first {one['n']:,} people, CPU per profile:",
            f"  plain-Python oracle (ref_python)  {one['oracle_ms']:9.4f} ms",
            f"  talentkit Engine.assess           {one['engine_ms']:9.4f} ms  "
            f"(statuses; explanations unread)",
            f"  ratio {ratio:,.0f}×; per leaf check {ratio / leaf_factor:,.0f}×",
        ]
    agreements = [
        (m, res[f"agreement_{m}"]) for m in ("memory", "stream") if f"agreement_{m}" in res
    ]
    if one:
        agreements.append(("one profile at a time", one["agreement"]))
    for mode, found in agreements:
        lines.append(f"verdicts ({mode}), agreeing with the reference: as is / after adjustments")
        for prog, a in found.items():
            lines.append(
                f"  {prog:26s} {a['agree_raw']:>9,} / {a['agree_adjusted']:>9,} of {a['rows']:,}"
            )
            for why, count in a["differences"].items():
                lines.append(f"      {count:>9,}  {why}")
    return lines


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=100_000, help="people (default 100,000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the reference (median)")
    parser.add_argument(
        "--tk-repeat",
        type=int,
        default=3,
        help="runs of talentkit (median; as many as the reference's by default: a first run "
        "in a fresh process also compiles the plans, about a quarter of a second)",
    )
    parser.add_argument(
        "--dask", action="store_true", help="also rows/s on a local Dask cluster, 1 and 2 workers"
    )
    parser.add_argument(
        "--single",
        type=int,
        default=1000,
        metavar="N",
        help="also one profile at a time over the first N people, against the baseline's "
        "plain-Python oracle (default 1,000; 0 skips)",
    )
    parser.add_argument(
        "--stream-only",
        action="store_true",
        help="only file → file (for peak RSS at 10M: no in-memory run, no agreement check)",
    )
    opts = parser.parse_args(argv)

    def measured(work: Path) -> dict[str, Any]:
        if opts.stream_only:
            return run_stream(opts.n, opts.repeat, opts.tk_repeat, work)
        return run(opts.n, opts.repeat, opts.tk_repeat, work, opts.dask, opts.single)

    if "PERF_DATA" in os.environ:
        res = measured(Path(os.environ["PERF_DATA"]))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["PERF_DATA"] = tmp  # gen.py and common.py read it
            res = measured(Path(tmp))
    print("\n".join(report(res)))
    return res


if __name__ == "__main__":
    main()
