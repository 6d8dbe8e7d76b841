"""Screening a population: chunks in, compiled assessment, results and errors out."""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import multiprocessing
import queue
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import attrs
import polars as pl

from talentkit import semantics
from talentkit.batch.arrays import from_arrow, lists_of
from talentkit.batch.awards import awards_apart
from talentkit.batch.csvcolumns import by_columns, plain_chunks
from talentkit.batch.evaluate import (
    FEW_CASES,
    KEPT_CASES,
    KEY_COLUMNS,
    OUTPUT_COLUMNS,
    VERDICT_CODES,
    CaseShares,
    Kept,
    ProgrammePlan,
    case_by_case,
    case_columns,
    chunk_names,
    evaluate,
    kept_for,
    only_columns,
    plan_programme,
    result_columns,
    result_schema,
    shared_scope,
    shared_work,
    uncompiled_plan,
    verdicts_alone,
)
from talentkit.batch.few import case_by_case_max, few_records
from talentkit.batch.io import (
    CHUNK_ROWS,
    ERROR_SCHEMA,
    AtomicWriter,
    BatchError,
    Chunk,
    ErrorRecord,
    Record,
    chunk_from_ipc,
    error_records,
    errors_frame,
    fmt_of,
    frame_chunks,
    load_mapping,
    parquet_chunks,
    parse_records,
    parse_records_ipc,
    preflight,
    raw_chunks,
)
from talentkit.batch.procedure import outside_calendar
from talentkit.batch.remote import through_urls
from talentkit.batch.schema import from_row, profile_schema
from talentkit.batch.tables import gathered, joined
from talentkit.batch.wide import as_names, cells, verdicts_wide, wide_schema, widened
from talentkit.convert import InputError
from talentkit.cores import usable_cores
from talentkit.engine import Engine
from talentkit.params import ParameterStore
from talentkit.programme import Programme
from talentkit.results import Verdict
from talentkit.subjects import Profile
from talentkit.text import Lang
from talentkit.textio import TextError, check_encoding
from talentkit.workdays import CalendarError

ERROR = Verdict.ERROR.value


@attrs.frozen(kw_only=True)
class BatchSummary:
    """What a screening run did. ``rows_read == rows_assessed + error_rows`` always."""

    rows_read: int
    rows_assessed: int
    error_rows: int
    results_written: int
    seconds: float
    programmes: tuple[str, ...]
    fallback_rules: dict[str, dict[str, str]]
    results_expected: int
    case_by_case: int
    output: str
    errors: str | None
    hook_errors: int = 0  # results with the verdict ``error`` (a plugin's hook failed)
    #: False: the run's cases were few, each assessed by the engine (:mod:`.few`)
    compiled: bool = True

    @property
    def balanced(self) -> bool:
        return self.rows_read == self.rows_assessed + self.error_rows and (
            self.results_written == self.results_expected
        )

    def lines(self, lang: Lang = "en") -> list[str]:
        """The run's account for a person: rows in, results out, time, and what fell back."""
        if lang == "zh":
            return self._lines_zh()
        out = [
            f"rows read        {self.rows_read:,}",
            f"rows assessed    {self.rows_assessed:,}",
            f"error rows       {self.error_rows:,}",
            f"results written  {self.results_written:,} ({len(self.programmes)} programme(s))",
            f"case by case     {self.case_by_case:,} assessment(s)"
            + ("" if self.compiled else f" ({FEW_CASES})"),
            f"time             {self.seconds:.2f} s "
            f"({self.rows_read / self.seconds if self.seconds else 0:,.0f} rows/s)",
            "rows in = assessed + errors: " + ("yes" if self.balanced else "NO"),
        ]
        if self.hook_errors:
            out.append(f"hook errors      {self.hook_errors:,} result(s) with verdict error")
        for prog, rules in self.fallback_rules.items():
            for rid, why in rules.items():
                out.append(f"row-wise rule    {prog}: {rid} ({why})")
        return out

    def _lines_zh(self) -> list[str]:
        rate = self.rows_read / self.seconds if self.seconds else 0
        out = [
            f"读入行数：{self.rows_read:,}",
            f"已评估行数：{self.rows_assessed:,}",
            f"错误行数：{self.error_rows:,}",
            f"写出结果：{self.results_written:,} 条（{len(self.programmes)} 个项目）",
            f"逐案评估：{self.case_by_case:,} 次"
            + ("" if self.compiled else "（案例少：由引擎逐案评估，未编译）"),
            f"用时：{self.seconds:.2f} 秒（每秒 {rate:,.0f} 行）",
            "读入行数 = 已评估 + 错误：" + ("是" if self.balanced else "否"),
        ]
        if self.hook_errors:
            out.append(f"插件出错：{self.hook_errors:,} 条结果的结论为 error")
        for prog, rules in self.fallback_rules.items():
            for rid, why in rules.items():
                out.append(f"逐行评估的规则：{prog}: {rid}（{why}）")
        return out


def select_programmes(
    engine: Engine, programmes: Sequence[str] | None, store: ParameterStore, as_of: dt.date
) -> list[Programme]:
    """The programmes :meth:`Engine.assess` would run (disabled ones only when named)."""
    explicit = bool(programmes)
    return [p for p in engine.select(programmes) if explicit or engine.enabled(p, store, as_of)]


def plans_for(
    engine: Engine,
    programmes: Sequence[str] | None,
    *,
    as_of: dt.date,
    overrides: Mapping[str, Any] | None,
    columns: Sequence[str] | None = None,
    few: bool = False,
) -> tuple[list[ProgrammePlan], ParameterStore]:
    """The plans of a run and its parameters; ``columns``: only these result columns are
    computed (see :func:`~talentkit.batch.evaluate.result_columns`; default all); ``few``:
    the run's cases are few, every plan assesses them by the engine, none is compiled
    (:mod:`talentkit.batch.few`).

    Without ``overrides`` the plans are kept with the engine for its next run of the same
    programmes, date and columns (:func:`kept_plans`).

    :raises BatchError: when ``columns`` names a column that is not a result column
    """
    outputs = result_columns(columns)
    if few:  # (nothing to keep: no compiling)
        store = engine.params.with_overrides(overrides) if overrides else engine.params
        progs = select_programmes(engine, programmes, store, as_of)
        plans = [uncompiled_plan(p, store, as_of) for p in progs]
        return (plans if outputs == OUTPUT_COLUMNS else only_columns(plans, outputs)), store
    if overrides:  # a parameter store of the run's own
        return _compiled(engine, programmes, as_of, overrides, outputs)
    return kept_plans(
        engine,
        (programmes if isinstance(programmes, str) else tuple(programmes or ()), as_of, outputs),
        lambda: _compiled(engine, programmes, as_of, None, outputs),
    )


Plans = tuple[list[ProgrammePlan], ParameterStore]
#: per engine and what its plans are compiled from (:func:`kept_plans`), its latest runs'
#: plans by programmes, date and result columns
_PLANS: Kept[dict[Any, Plans]] = {}
#: runs' plans kept per engine (a service screening for many dates keeps its latest), and
#: engines (or plugin sets) whose plans are kept
KEPT_PLANS = 8
KEPT_ENGINES = 4
#: the hooks whose implementations decide how a programme is compiled
_PLANNED_BY = ("talentkit_eligibility", "talentkit_funding")


def kept_plans(engine: Engine, key: Any, compile_: Callable[[], Plans]) -> Plans:
    """The plans ``compile_`` gives, kept with ``engine`` under ``key``: compiling them is
    Python work (about 0.13 s for the five Shaanxi programmes), and the work each run
    keeps for its chunks (``kept_for`` of :mod:`talentkit.batch.evaluate`) is kept by the
    plans' identity, so a program screening again and again pays both once. Kept by what
    they are compiled from besides the run's arguments (``kept_for``, by identity): the
    engine, its parameters, programmes and facts, and the implementations of the hooks
    that decide whether a programme is compiled or assessed by a plugin's hook; a plugin
    registered with an eligibility or funding hook compiles anew."""
    pm = engine.plugins.pm
    impls = [i for hook in _PLANNED_BY for i in getattr(pm.hook, hook).get_hookimpls()]
    registry = engine.registry
    owners = (engine, registry.params, registry.programmes, registry.facts, *impls)
    kept = kept_for(_PLANS, owners, dict, KEPT_ENGINES)
    plans = kept.get(key)
    if plans is None:
        plans = compile_()
        if len(kept) >= KEPT_PLANS:
            kept.clear()
        kept[key] = plans
    return plans


def _compiled(
    engine: Engine,
    programmes: Sequence[str] | None,
    as_of: dt.date,
    overrides: Mapping[str, Any] | None,
    outputs: tuple[str, ...],
) -> Plans:
    """:func:`plans_for`, compiled."""
    store = engine.params.with_overrides(overrides) if overrides else engine.params
    schema = profile_schema(engine.registry.facts)
    progs = select_programmes(engine, programmes, store, as_of)
    shared = shared_scope(engine, schema=schema, store=store, as_of=as_of)
    plans = [
        plan_programme(engine, p, schema=schema, store=store, as_of=as_of, shared=shared)
        for p in progs
    ]
    return (plans if outputs == OUTPUT_COLUMNS else only_columns(plans, outputs)), store


SUBJECT_FIELDS = semantics.SUBJECT_FIELDS
T = TypeVar("T")


def assess_chunk(
    engine: Engine,
    plans: Sequence[ProgrammePlan],
    chunk: Chunk,
    store: ParameterStore,
    as_of: dt.date,
    *,
    explicit: bool = True,
    assume_calendar: bool = False,
    text: bool = True,
    codes: bool = False,
    wide: bool = False,
) -> tuple[pl.DataFrame, int]:
    """Long-format results (one row per case and programme) for one chunk; ``wide``: the
    verdicts alone, a row per case and a column per programme (:mod:`.wide`).

    Without an explicit selection a programme is assessed only for the cases that
    describe its subject (a person, a team, organisations), as :meth:`Engine.assess` does.
    The programmes' results hold their names as codes of one categorical until they are
    interleaved, and become text once, at the end (``text`` False: they stay codes, for a
    writer that stores them as they are; ``codes``: the programme and the verdict become
    the run's codes, :func:`with_codes`, the lists' items text).
    """
    frame = chunk.frame
    cache: dict[int, Profile] = {}
    dicts: list[dict[str, Any]] | None = None

    def profile_at(i: int) -> Profile:
        nonlocal dicts
        if chunk.profiles is not None:  # as parsed
            return chunk.profiles[i]
        if i not in cache:
            if dicts is None:
                dicts = chunk.whole().to_dicts()
            cache[i] = engine.load(from_row(dicts[i], engine.registry.facts))
        return cache[i]

    outs, redone = [], 0
    # each programme's tables of lists: its list columns hold positions in them
    lists: list[dict[str, pl.Series]] = []
    kept: list[pl.Series | None] = []  # the cases each programme is assessed for (None: all)
    names = chunk_names()
    # the programmes compiled into one scope share their steps and columns: computed once
    works: dict[int, pl.DataFrame] = {}
    for plan in plans:
        if plan.rowwise or id(plan.defs) in works:
            continue
        sharing = [p for p in plans if p.defs is plan.defs and not p.rowwise]
        works[id(plan.defs)] = shared_work(plan, case_columns(sharing, frame), chunk.held)
    schema = result_schema(plans[0].outputs if plans else OUTPUT_COLUMNS)
    if codes:
        schema = with_codes(schema, plans)
    # the verdicts alone of every case: all programmes' at once, without a frame each
    ids = frame.get_column("id") if "id" in frame.columns else None
    if plans and id(plans[0].defs) in works and _increasing(chunk.rows):
        every = explicit or all(SUBJECT_FIELDS.get(p.programme.subject) is None for p in plans)
        if wide and every:
            laid = verdicts_wide(plans, works[id(plans[0].defs)], chunk.rows, ids)
            if laid is not None:
                return (laid if codes else as_names(laid, plans)), 0
        named = pl.String() if text and not codes else names
        alone = (
            verdicts_alone(plans, works[id(plans[0].defs)], chunk.rows, ids, named)
            if every and not wide
            else None
        )
        if alone is not None:
            return (as_text(alone, schema) if codes else alone), 0
    # the cases assessed by the engine: each case's programmes share what they evaluate
    shares = CaseShares(engine, store, as_of, keep=frame.height <= KEPT_CASES)
    try:
        for plan in plans:
            fields = SUBJECT_FIELDS.get(plan.programme.subject)
            work = works.get(id(plan.defs))
            lists.append({})
            if explicit or fields is None:
                out, n = evaluate(
                    engine,
                    plan,
                    frame,
                    chunk.rows,
                    profile_at,
                    store=store,
                    as_of=as_of,
                    assume_calendar=assume_calendar,
                    work=work,
                    names=names,
                    list_tables=lists[-1],
                    shares=shares,
                )
                kept.append(None)
            else:
                keep = described(frame, fields)
                idx = keep.arg_true().to_list()
                out, n = evaluate(
                    engine,
                    plan,
                    frame.filter(keep),
                    chunk.rows.filter(keep),
                    lambda i, idx=idx: profile_at(idx[i]),  # type: ignore[misc]
                    store=store,
                    as_of=as_of,
                    assume_calendar=assume_calendar,
                    work=None if work is None else work.filter(keep),
                    names=names,
                    list_tables=lists[-1],
                    shares=shares,
                )
                kept.append(keep)
            outs.append(out)
            redone += n
    finally:
        shares.close()
    if not outs:
        empty = pl.DataFrame(schema=schema)
        return (_wide(empty, chunk, ids, plans, codes) if wide else empty), 0
    outs, tables = joined(outs, lists)
    coded = interleave(outs, kept, chunk.rows)
    del outs
    # each list copied once, from its table (as text already where text is written)
    coded = coded.with_columns(
        gathered(coded.get_column(c), _text(t, schema[c]) if text else t) for c, t in tables.items()
    )
    if wide:
        return _wide(
            as_text(coded, result_schema(plans[0].outputs)), chunk, ids, plans, codes
        ), redone
    return (as_text(coded, schema) if text or codes else coded), redone


def _wide(
    long: pl.DataFrame,
    chunk: Chunk,
    ids: pl.Series | None,
    plans: Sequence[ProgrammePlan],
    codes: bool,
) -> pl.DataFrame:
    laid = widened(long, chunk.rows, ids, plans)
    return laid if codes else as_names(laid, plans)


def interleave(
    outs: Sequence[pl.DataFrame], kept: Sequence[pl.Series | None], rows: pl.Series
) -> pl.DataFrame:
    """The programmes' results (``outs``, each for the cases of ``rows`` that its ``kept``
    marks, all of them where None) case after case, each case's in the programmes' order:
    ``pl.concat(outs).sort("row", maintain_order=True)``, as one gather at computed
    positions where the row numbers increase (they do, unless a caller numbers otherwise)."""
    if len(outs) == 1:
        return outs[0]
    # (in one chunk: a gather over several is many times slower)
    both = pl.concat(outs, rechunk=True)
    n, k = rows.len(), len(outs)
    if n < 2 or both.height == 0:
        return both
    if not _increasing(rows):
        return both.sort("row", maintain_order=True)
    if all(keep is None for keep in kept):  # k results a case: the j-th of programme j % k
        j = pl.int_range(0, k * n, dtype=pl.UInt32() if k * n < 2**32 else pl.UInt64())
        order = pl.select(j % k * n + j // k).to_series()
    else:
        # each result's place: its case's position, then its programme's
        keys = [
            (
                pl.int_range(0, n, dtype=pl.Int64(), eager=True)
                if keep is None
                else keep.arg_true().cast(pl.Int64())
            )
            * k
            + i
            for i, keep in enumerate(kept)
        ]
        order = pl.concat(keys).arg_sort()
    out: pl.DataFrame = both[order]
    return out


def _increasing(rows: pl.Series) -> bool:
    """Whether the row numbers increase (no null, no repeat): the cases are in order."""
    n = rows.len()
    return not rows.null_count() and (n < 2 or bool((rows.slice(1) > rows.slice(0, n - 1)).all()))


def with_codes(schema: pl.Schema, plans: Sequence[ProgrammePlan]) -> pl.Schema:
    """``schema`` (:func:`~talentkit.batch.evaluate.result_schema`) with the programme and
    the verdict as codes (``screen_frame(codes=True)``): a ``pl.Enum`` of the run's
    programmes, in their order, and one of every verdict (:data:`VERDICT_CODES`)."""
    out = pl.Schema(schema)
    out["programme"] = pl.Enum([p.programme.id for p in plans])
    if "verdict" in out:
        out["verdict"] = VERDICT_CODES
    return out


def as_text(coded: pl.DataFrame, schema: pl.Schema) -> pl.DataFrame:
    """Results with their names as codes (:func:`~talentkit.batch.evaluate.coded_schema`)
    in ``schema`` (names as text). Each name is looked up by its code in the categories
    (polars' cast would write each name's text out anew, several times slower)."""
    return pl.DataFrame([_text(coded.get_column(k), t) for k, t in schema.items()])


def _text(column: pl.Series, dtype: pl.DataType) -> pl.Series:
    inner = column.dtype.inner if isinstance(column.dtype, pl.List) else column.dtype
    if not isinstance(inner, pl.Categorical):  # not a name: as it is
        same: pl.Series = column.cast(dtype)
        return same
    texts: pl.Series = inner.categories.to_series()
    if isinstance(dtype, pl.Enum):
        # the run's codes (:func:`with_codes`), looked up as the text is: the chunk's other
        # names (the lists' items) are none of them
        named: pl.Series = texts.cast(dtype, strict=False).gather(column.to_physical())
        if named.null_count() != column.null_count():
            raise AssertionError(f"{column.name}: a name that is not one of {dtype}")
        return named.alias(column.name)
    if not isinstance(column.dtype, pl.List):
        return texts.gather(column.to_physical()).alias(column.name)
    # the lists' items, looked up at once, in the lists' offsets and nulls
    codes = column.to_frame().select(pl.first().list.eval(pl.element().to_physical())).to_series()
    lists = codes.to_arrow()
    items = texts.gather(from_arrow("", lists.values)).to_arrow(
        compat_level=pl.CompatLevel.newest()
    )
    rebuilt = lists_of(lists, items)
    out = from_arrow(column.name, rebuilt)
    return out if out.dtype == dtype else out.cast(dtype)


def _chunks(
    engine: Engine,
    path: Path,
    fmt: str,
    size: int | None,
    workers: int,
    mapping: Mapping[str, str],
    encoding: str | None = None,
    layout: str | None = None,
    plans: Sequence[ProgrammePlan] = (),
) -> Iterator[Chunk]:
    facts, keys = engine.registry.facts, engine.input_keys
    if fmt == "parquet":  # read the next chunk while this one is assessed
        chunks = parquet_chunks(
            path, size, facts, keys=keys, layout=layout, mapping=mapping, plans=plans
        )
        yield from prefetch(chunks)
        return
    size = CHUNK_ROWS if size is None else size
    records = raw_chunks(path, fmt, size, mapping, encoding, layout=layout, facts=facts)
    if fmt == "csv":  # column by column while the header allows it; what is left row by row
        plain = plain_chunks(path, size, facts, keys, mapping, encoding, layout=layout, plans=plans)
        if plain is not None:
            yield from plain
            return
    if fmt in ("csv", "xlsx"):
        typed = fmt == "xlsx"
        records = yield from by_columns(records, facts, keys, mapping, plans, str(path), typed)
    keep = any(case_by_case(p, facts) for p in plans)
    if workers <= 1 or keep:
        # (a run that assesses cases by the engine keeps them as parsed here: a worker's
        # are parsed again from their rows)
        for start, batch in records:
            yield parse_records(start, batch, fmt, facts, mapping, keys, keep)
        return
    with contextlib.ExitStack() as stack:
        pool: ProcessPoolExecutor | None = None
        # each chunk parsed here, or in a piece per worker (a file of one chunk is parsed
        # by all of them), one chunk ahead of the one assessed
        pending: list[Chunk | list[Future[Any]]] = []
        for start, batch in records:
            if len(batch) < PARALLEL_MIN:
                pending.append(parse_records(start, batch, fmt, facts, mapping, keys))
            else:
                if pool is None:
                    ctx = multiprocessing.get_context("spawn")
                    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx)
                    stack.enter_context(pool)
                pending.append(
                    [
                        pool.submit(
                            parse_records_ipc,
                            piece[0][0],
                            piece,
                            fmt,
                            dict(facts),
                            dict(mapping),
                            keys,
                        )
                        for piece in _pieces(batch, workers)
                    ]
                )
            if len(pending) > 1:
                yield _parsed(pending.pop(0))
        for item in pending:
            yield _parsed(item)


#: a chunk of fewer records than this is parsed by the process itself: starting the
#: workers (each imports talentkit and the plugins, about half a second) costs more than
#: they save. Measured through ``talentkit batch``, five programmes: 2,000 cases 1.83 s
#: parsed here against 2.28 s by two workers, 5,000 cases 3.49 against 3.29 s.
PARALLEL_MIN = 4000


def _parsed(item: Chunk | list[Future[Any]]) -> Chunk:
    """A chunk parsed here, or its pieces' chunks once the workers have parsed them."""
    if isinstance(item, Chunk):
        return item
    return _joined([chunk_from_ipc(f.result()) for f in item])


#: a chunk is parsed in pieces of at least this many records (each piece's frame is
#: written and read as Arrow IPC: a few milliseconds each)
_PIECE_MIN = 256


def _pieces(batch: list[Record], n: int) -> list[list[Record]]:
    """``batch`` in at most ``n`` consecutive pieces of about one size."""
    size = max(_PIECE_MIN, -(-len(batch) // n))
    return [batch[i : i + size] for i in range(0, len(batch), size)]


def _joined(chunks: list[Chunk]) -> Chunk:
    """Consecutive pieces of a chunk as one chunk."""
    if len(chunks) == 1:
        return chunks[0]
    first = chunks[0]
    # (the pieces come from the workers, which keep no parsed cases: Chunk.profiles)
    return Chunk(
        first.start,
        pl.concat([c.frame for c in chunks], how="vertical"),
        pl.concat([c.rows for c in chunks]),
        [e for c in chunks for e in c.errors],
        sum(c.read for c in chunks),
    )


def assess_or_set_aside(
    engine: Engine,
    plans: Sequence[ProgrammePlan],
    chunk: Chunk,
    store: ParameterStore,
    as_of: dt.date,
    *,
    explicit: bool,
    assume_calendar: bool,
    text: bool = True,
    codes: bool = False,
    wide: bool = False,
) -> tuple[pl.DataFrame, int, Chunk]:
    """:func:`assess_chunk`; a case whose dates fall outside the official holiday calendar
    becomes an error row of its own instead of stopping the run.

    A case with award histories is checked as :meth:`Engine.assess` checks it (an error
    row for each programme, funding line or event kind they name that does not exist),
    and one with an award of a programme of the run is assessed by the engine, which
    keeps that award's ledger: a failure there (a plugin's exit hook, a history the
    ledger cannot follow) is the case's, as for the case assessed alone. So is a case
    whose procedure steps count days in a year outside the official calendar
    (:func:`~talentkit.batch.procedure.outside_calendar`), which the engine sets aside
    as the calendar's error."""
    settings: dict[str, Any] = {
        "explicit": explicit,
        "assume_calendar": assume_calendar,
        "text": text,
        "codes": codes,
        "wide": wide,
    }
    chunk, ledgered = awards_apart(engine, plans, chunk)
    dated = outside_calendar(plans, chunk, store, as_of, assume_calendar)
    at = {*ledgered, *dated}
    if not at:
        return _set_aside(engine, plans, chunk, store, as_of, settings)
    rest = chunk.keep(pl.Series([i not in at for i in range(chunk.frame.height)]), chunk.errors)
    out, redone, rest = _set_aside(engine, plans, rest, store, as_of, settings)
    by_engine = [
        attrs.evolve(uncompiled_plan(p.programme, store, as_of), outputs=p.outputs) for p in plans
    ]
    found, more, n = _by_engine(engine, by_engine, chunk, sorted(at), store, as_of, settings)
    errors = sorted([*rest.errors, *more], key=lambda e: e.row)
    failed = {e.row for e in errors} - {e.row for e in chunk.errors}
    kept = chunk.keep(~chunk.rows.is_in(sorted(failed)), errors)
    # each case's results where its row lies in the chunk (each part holds a case's whole)
    numbers = chunk.rows.to_list()
    position = pl.col("row").replace_strict(numbers, range(len(numbers)), return_dtype=pl.Int64())
    merged = pl.concat(_in_types_of(out, [out, *found])).sort(position, maintain_order=True)
    return merged, redone + n, kept


def _by_engine(
    engine: Engine,
    plans: Sequence[ProgrammePlan],
    chunk: Chunk,
    cases: list[int],
    store: ParameterStore,
    as_of: dt.date,
    settings: dict[str, Any],
) -> tuple[list[pl.DataFrame], list[ErrorRecord], int]:
    """The results of the cases ``cases`` (indices) of ``chunk`` assessed with ``plans``
    (the engine's), their error rows and the results the engine redid: together, or one
    by one when the engine refuses a case (an award history its ledger cannot follow),
    that case an error row."""
    wanted = set(cases)  # (a list's membership test per row is quadratic in a large chunk)
    only = chunk.keep(pl.Series([i in wanted for i in range(chunk.frame.height)]), [])
    try:
        found, n, assessed = _set_aside(engine, plans, only, store, as_of, settings)
    except InputError as exc:
        if len(cases) == 1:
            return [], error_records(chunk.rows[cases[0]], exc), 0
        parts: list[pl.DataFrame] = []
        errors: list[ErrorRecord] = []
        redone = 0
        for i in cases:
            each = _by_engine(engine, plans, chunk, [i], store, as_of, settings)
            parts += each[0]
            errors += each[1]
            redone += each[2]
        return parts, errors, redone
    return [found], assessed.errors, n


def _in_types_of(first: pl.DataFrame, parts: list[pl.DataFrame]) -> list[pl.DataFrame]:
    """``parts`` in ``first``'s types: each assessment names its programmes and texts in
    categories of its own (:func:`chunk_names`), taken into ``first``'s through text."""
    out = []
    for part in parts:
        differ = [c for c, t in part.schema.items() if t != first.schema[c]]
        out.append(
            part.with_columns(
                pl.col(c).cast(_as_text(first.schema[c])).cast(first.schema[c]) for c in differ
            )
            if differ
            else part
        )
    return out


def _as_text(dtype: Any) -> Any:
    """``dtype`` with its categories as text (a list of them, a list of text)."""
    if isinstance(dtype, pl.List):
        return pl.List(_as_text(dtype.inner))
    return pl.String() if isinstance(dtype, pl.Categorical) else dtype


def _set_aside(
    engine: Engine,
    plans: Sequence[ProgrammePlan],
    chunk: Chunk,
    store: ParameterStore,
    as_of: dt.date,
    settings: dict[str, Any],
) -> tuple[pl.DataFrame, int, Chunk]:
    """:func:`assess_chunk`, a case outside the official holiday calendar set aside."""
    try:
        out, n = assess_chunk(engine, plans, chunk, store, as_of, **settings)
        return out, n, chunk
    except CalendarError:
        pass
    explicit, assume_calendar = settings["explicit"], settings["assume_calendar"]
    bad: dict[int, str] = {}
    parsed = chunk.profiles
    for i, row in enumerate(chunk.whole().to_dicts()):
        if parsed is not None:  # the case as parsed, not parsed again from its row
            profile = parsed[i]
        else:
            profile = engine.load(from_row(row, engine.registry.facts), Profile)
        for plan in plans:
            fields = SUBJECT_FIELDS.get(plan.programme.subject)
            if not explicit and fields is not None and all(row.get(f) is None for f in fields):
                continue
            try:
                engine.assess_one(
                    profile,
                    plan.programme,
                    as_of=as_of,
                    store=store,
                    assume_calendar=assume_calendar,
                )
            except CalendarError as exc:
                bad[i] = f"{plan.programme.id}: {exc}"
                break
    keep = pl.Series([i not in bad for i in range(chunk.frame.height)], dtype=pl.Boolean())
    numbers = chunk.rows.to_list()
    errors = [*chunk.errors, *(ErrorRecord(numbers[i], "$", why) for i, why in bad.items())]
    rest = chunk.keep(keep, errors)
    out, n = assess_chunk(engine, plans, rest, store, as_of, **settings)
    return out, n, rest


def prefetch(items: Iterator[T], depth: int = 1) -> Iterator[T]:
    """Produce ``items`` from a background thread, at most ``depth`` ahead of the consumer.

    An item counts from the moment the thread starts to read it, so with ``depth=1`` at
    most two chunks are in memory: the one being assessed and the next one being read.
    """
    q: queue.Queue[tuple[str, Any]] = queue.Queue()
    ahead = threading.Semaphore(depth)  # a slot per item read but not yet taken
    stop = threading.Event()

    def work() -> None:
        try:
            it = iter(items)
            while True:
                while not ahead.acquire(timeout=0.1):
                    if stop.is_set():
                        return
                if stop.is_set():
                    return
                item = next(it, _END)
                if item is _END:
                    q.put(("end", None))
                    return
                q.put(("item", item))
                del item  # the consumer holds it now
        except BaseException as exc:  # handed to the consumer
            q.put(("error", exc))

    thread = threading.Thread(target=work, name="talentkit-batch-reader", daemon=True)
    thread.start()
    try:
        while True:
            kind, value = q.get()
            if kind == "end":
                return
            if kind == "error":
                raise value
            ahead.release()
            yield value
            del value
    finally:
        stop.set()
        thread.join()


_END: Any = object()


class WriteBehind:
    """Writes run on a thread of their own, in the order given, at most ``depth`` waiting
    (:meth:`put` blocks beyond that): a chunk's results are encoded and compressed while
    the next chunk is assessed. A write's error is raised by the next :meth:`put` or by
    :meth:`close`; after an error the writes still waiting are dropped."""

    def __init__(self, depth: int = 1) -> None:
        self._q: queue.Queue[tuple[Callable[[Any], None], Any] | None] = queue.Queue(depth)
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None

    def put(self, write: Callable[[Any], None], item: Any) -> None:
        self._raise()
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._work, name="talentkit-batch-writer", daemon=True
            )
            self._thread.start()
        self._q.put((write, item))

    def _work(self) -> None:
        while True:
            job = self._q.get()
            if job is None:
                return
            if self._error is not None:
                continue  # (drained, not written: the run fails)
            write, item = job
            try:
                write(item)
            except BaseException as exc:  # handed to the producer
                self._error = exc
            del job, item

    def _raise(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def stop(self) -> None:
        """Wait for the write running, if any, and drop those waiting."""
        if self._thread is not None:
            self._error = self._error or _Stopped()
            self._q.put(None)
            self._thread.join()
            self._thread = None

    def close(self) -> None:
        """Wait for every write; raise the first one's error."""
        if self._thread is not None:
            self._q.put(None)
            self._thread.join()
            self._thread = None
        self._raise()


class _Stopped(Exception):
    """The writes waiting when a run stops: dropped."""


@through_urls
def screen(
    engine: Engine,
    input_path: str | Path,
    output_path: str | Path,
    *,
    programmes: Sequence[str] | None = None,
    as_of: dt.date,
    overrides: Mapping[str, Any] | None = None,
    errors_path: str | Path | None = None,
    chunk_size: int | None = None,
    workers: int = 2,
    csv_mapping: str | Path | None = None,
    progress: Callable[[int], None] | None = None,
    encoding: str | None = None,
    assume_calendar: bool = False,
    layout: str | None = None,
    lang: Lang = "en",
    columns: Sequence[str] | None = None,
    wide: bool = False,
) -> BatchSummary:
    """Assess every case in ``input_path`` and write one result row per case and programme
    (``wide``: one row per case, as :func:`screen_frame`'s ``wide``, the verdicts as text).

    The output (and errors file) appear only when the run completes: they are written
    under a temporary name and renamed at the end, so an interrupted run leaves nothing
    that looks complete and re-running is safe.

    :param workers: processes that parse JSON Lines / CSV records (evaluation itself runs
        on polars' thread pool)
    :param chunk_size: rows per chunk (default: :data:`CHUNK_ROWS`, for a flat Parquet
        file :data:`~talentkit.batch.io.FLAT_CHUNK_ROWS`)
    :param progress: called with the number of rows read after each chunk
    :param encoding: the text encoding of a JSON Lines or CSV input (default: UTF-8 with or
        without a BOM, UTF-16 with a BOM, or GBK/GB18030 Chinese text)
    :param assume_calendar: count weekends only in years the official holiday calendar does
        not know (otherwise such a case is an error row)
    :param input_path: a path, or a URL (``s3://``, ``gs://``, ``memory://`` with the
        [remote] extra; ``file://``), as are ``output_path`` and ``errors_path``
    :param layout: ``flat`` (one column per fact path, :mod:`talentkit.batch.flat`) or
        ``nested`` (one struct column per subject); default: from the column names
    :param lang: the language of the errors file's messages (its field paths stay paths)
    :param columns: the result columns to write besides ``row``, ``subject_id`` and
        ``programme`` (default: all); what only the others need is not computed
    :raises BatchError: before any row is assessed, when an output cannot be written, would
        overwrite the input, or has an unknown format, or ``columns`` names a column that
        is not a result column (or ``wide`` a column besides the verdict); or when the
        input cannot be read
    """
    t0 = time.perf_counter()
    written = written_columns(columns, wide)
    src, dst = Path(input_path), Path(output_path)
    fmt = fmt_of(src)
    preflight(src, [dst, *([Path(errors_path)] if errors_path else [])])
    if encoding is not None:
        try:
            check_encoding(encoding)
        except TextError as exc:
            raise BatchError(str(exc)) from None
    mapping = load_mapping(Path(csv_mapping) if csv_mapping else None)
    # the verdict is computed whatever is written: it counts the hooks' errors
    computed = ["verdict", *written] if "verdict" not in written else written
    few = few_records(src, fmt, case_by_case_max())
    plans, store = plans_for(
        engine, programmes, as_of=as_of, overrides=overrides, columns=computed, few=few
    )
    writer = AtomicWriter(dst)
    err_writer = AtomicWriter(Path(errors_path)) if errors_path else None
    tally = _Tally(explicit=bool(programmes))
    behind = WriteBehind()
    held = 0  # wide: the verdicts written (cells)
    try:
        raws = _chunks(engine, src, fmt, chunk_size, workers, mapping, encoding, layout, plans)
        # Parquet stores the names as they are computed, codes and their texts
        text = writer.fmt != "parquet"
        for out, chunk in _assessed(
            engine, plans, raws, store, as_of, tally, assume_calendar, text, wide=wide
        ):
            if wide:
                held += cells(out, plans)
            behind.put(writer.write, out if wide else out.select(written))
            if err_writer is not None and chunk.errors:
                behind.put(err_writer.write, errors_frame(chunk.errors, lang))
            if progress is not None:
                progress(chunk.read)
            del out, chunk  # (see _assessed)
        behind.close()  # every chunk written (or its error raised) before the count is read
        summary = tally.summary(
            plans,
            held if wide else writer.count,
            t0,
            output=str(dst),
            errors=str(errors_path) if errors_path else None,
        )
        assert summary.balanced, "rows in != results + error rows: " + "; ".join(summary.lines())
        empty = wide_schema(plans, False) if wide else result_schema(written)
        writer.commit(pl.DataFrame(schema=empty))
        if err_writer is not None:
            err_writer.commit(pl.DataFrame(schema=ERROR_SCHEMA))
    except BaseException:
        behind.stop()  # no write runs while the partial files are removed
        writer.abort()
        if err_writer is not None:
            err_writer.abort()
        raise
    return attrs.evolve(summary, seconds=time.perf_counter() - t0)


@attrs.frozen(kw_only=True)
class Screening:
    """What :func:`screen_frame` found: the results (:data:`RESULT_SCHEMA`'s key columns and
    those asked for, one row per case and programme, in row order; with ``wide``, one row
    per case and a verdict column per programme), the rows that could
    not be assessed (``row``, ``path``, ``message``: :data:`ERROR_SCHEMA`) and the run's
    account (``output`` empty: nothing was written)."""

    results: pl.DataFrame
    errors: pl.DataFrame
    summary: BatchSummary


def screen_frame(
    engine: Engine,
    frame: pl.DataFrame,
    *,
    programmes: Sequence[str] | None = None,
    as_of: dt.date,
    overrides: Mapping[str, Any] | None = None,
    chunk_size: int | None = None,
    assume_calendar: bool = False,
    layout: str | None = None,
    lang: Lang = "en",
    columns: Sequence[str] | None = None,
    codes: bool = False,
    wide: bool = False,
    threads: int | None = None,
) -> Screening:
    """:func:`screen` of a frame held in memory (one case per row, in the nested or the
    flat layout), the results returned instead of written.

    The frame is screened ``chunk_size`` rows at a time (default: as for a Parquet file of
    its layout), so what the evaluation holds at once does not grow with the frame. Its
    rows get the checks and the row numbers (1-based) a Parquet file of the same columns
    gets: rows read = rows assessed + error rows.

    :param codes: ``programme`` and ``verdict`` as codes: a ``pl.Enum`` of the run's
        programmes (in their order) and one of every verdict
        (:data:`~talentkit.batch.evaluate.VERDICT_CODES`), a byte a row where text takes
        sixteen; the same names (``==`` with a name, ``cast(pl.String)``, and any file
        written from them read as text), so a million people's five verdicts take about
        145 MB less memory. The other columns are as without it.
    :param wide: the verdicts alone, a row per case: ``row``, ``subject_id`` and a
        column per programme, named by its id, in the run's order, holding its verdict
        (codes as above with ``codes``, else text); null where the programme did not
        assess the case (a programme of another subject, when none was named). A million
        people's five verdicts take 5 MB as codes where the long layout's rows take
        hundreds. :attr:`BatchSummary.results_written` counts the verdicts (cells) held.
    :param threads: chunks assessed at once, each on a thread (default:
        :data:`FRAME_THREADS`, at most the machine's cores). polars runs a chunk's queries
        without holding Python's lock, so one chunk's queries run while another's Python
        work does: less time, the same work; each chunk assessed at once holds its own
        memory. The results are the same, in the same order.

    :raises BatchError: before any row is assessed, when ``frame`` is not a polars
        DataFrame, a column names no profile field or cannot hold its field's values,
        ``columns`` names a column that is not a result column, ``wide`` is asked for
        with a column besides the verdict, or ``threads`` is not a whole number of at
        least 1
    """
    t0 = time.perf_counter()
    if not isinstance(frame, pl.DataFrame):
        raise BatchError(f"expected a polars DataFrame, got {type(frame).__name__}")
    written = written_columns(columns, wide)
    at_once = _threads(threads)
    computed = ["verdict", *written] if "verdict" not in written else written
    few = frame.height <= case_by_case_max()
    plans, store = plans_for(
        engine, programmes, as_of=as_of, overrides=overrides, columns=computed, few=few
    )
    facts, keys = engine.registry.facts, engine.input_keys
    tally = _Tally(explicit=bool(programmes))
    outs: list[pl.DataFrame] = []
    errors: list[ErrorRecord] = []
    raws = frame_chunks(frame, chunk_size, facts, keys, layout=layout, plans=plans)
    for out, chunk in _assessed(
        engine,
        plans,
        raws,
        store,
        as_of,
        tally,
        assume_calendar,
        codes=codes,
        wide=wide,
        threads=at_once,
    ):
        outs.append(out if wide else out.select(written))
        errors.extend(chunk.errors)
    if wide:
        schema = wide_schema(plans, codes)
    else:
        schema = with_codes(result_schema(written), plans) if codes else result_schema(written)
    results = pl.concat(outs) if outs else pl.DataFrame(schema=schema)
    held = cells(results, plans) if wide else results.height
    summary = tally.summary(plans, held, t0, output="", errors=None)
    assert summary.balanced, "rows in != results + error rows: " + "; ".join(summary.lines())
    return Screening(results=results, errors=errors_frame(errors, lang), summary=summary)


#: chunks of a frame in memory assessed at once by default (:func:`screen_frame`): on two
#: cores a million flat people's verdicts took a tenth to a fifth less time with two
#: (a file's chunks are read on a thread of their own already, which takes the other core)
FRAME_THREADS = 2


def _threads(threads: int | None) -> int:
    """The chunks to assess at once: ``threads``, or :data:`FRAME_THREADS` at most the
    cores the process may run on (:func:`~talentkit.cores.usable_cores`)."""
    if threads is None:
        return min(FRAME_THREADS, usable_cores())
    if isinstance(threads, bool) or not isinstance(threads, int) or threads < 1:
        raise BatchError(f"threads: expected a whole number of at least 1, got {threads!r}")
    return threads


def written_columns(columns: Sequence[str] | None, wide: bool = False) -> list[str]:
    """The key columns and the result columns ``columns`` asks for (``wide``: the
    verdict, which it may name and nothing else).

    :raises BatchError: naming a column that is not a result column, or ``wide`` with a
        column besides the verdict
    """
    asked = result_columns(columns)
    if wide and columns is not None and asked != ("verdict",):
        raise BatchError(
            "wide results hold the verdict alone; columns asked for: " + ", ".join(asked)
        )
    return [*KEY_COLUMNS, *(("verdict",) if wide else asked)]


def _assessed(
    engine: Engine,
    plans: Sequence[ProgrammePlan],
    chunks: Iterator[Chunk],
    store: ParameterStore,
    as_of: dt.date,
    tally: _Tally,
    assume_calendar: bool,
    text: bool = True,
    *,
    codes: bool = False,
    wide: bool = False,
    threads: int = 1,
) -> Iterator[tuple[pl.DataFrame, Chunk]]:
    """Each chunk's results (:func:`assess_or_set_aside`) and the chunk as assessed (its
    error rows added), in order, counted in ``tally``; ``threads`` chunks assessed at once
    (polars runs a query without holding Python's lock: one chunk's queries run while
    another's Python work does)."""

    def assess(raw: Chunk) -> tuple[pl.DataFrame, int, Chunk]:
        return assess_or_set_aside(
            engine,
            plans,
            raw,
            store,
            as_of,
            explicit=tally.explicit,
            assume_calendar=assume_calendar,
            text=text,
            codes=codes,
            wide=wide,
        )

    def counted(result: tuple[pl.DataFrame, int, Chunk]) -> tuple[pl.DataFrame, Chunk]:
        out, n, chunk = result
        tally.add(plans, out, n, chunk)
        return out, chunk

    if threads <= 1:
        for raw in chunks:
            yield counted(assess(raw))
            # drop this chunk's frames before the next one is taken: with the one being
            # read ahead, two chunks are the most held at once, whatever the number of rows
            del raw
        return
    # at most ``threads`` chunks assessed or waiting to be taken, and the next one made
    with ThreadPoolExecutor(threads, thread_name_prefix="talentkit-batch-assess") as pool:
        pending: collections.deque[Future[tuple[pl.DataFrame, int, Chunk]]] = collections.deque()
        try:
            for raw in chunks:
                pending.append(pool.submit(assess, raw))
                del raw
                if len(pending) == threads:
                    yield counted(pending.popleft().result())
            while pending:
                yield counted(pending.popleft().result())
        finally:  # stopped early: what has not started is not assessed
            for future in pending:
                future.cancel()


@attrs.define
class _Tally:
    """What a run has assessed so far, chunk by chunk (see :class:`BatchSummary`)."""

    explicit: bool  # the programmes were named (else each only for its subject's cases)
    read: int = 0
    assessed: int = 0
    error_rows: int = 0
    redone: int = 0
    expected: int = 0
    hook_errors: int = 0

    def add(
        self, plans: Sequence[ProgrammePlan], out: pl.DataFrame, redone: int, chunk: Chunk
    ) -> None:
        self.expected += _applicable(plans, chunk.frame, self.explicit)
        if "verdict" in out.columns:
            self.hook_errors += out.select((pl.col("verdict") == ERROR).sum()).item()
        else:  # wide: a verdict per programme's column
            self.hook_errors += cells(out, plans, ERROR)
        self.redone += redone
        self.read += chunk.read
        self.assessed += chunk.frame.height
        self.error_rows += len({e.row for e in chunk.errors})

    def summary(
        self,
        plans: Sequence[ProgrammePlan],
        written: int,
        t0: float,
        *,
        output: str,
        errors: str | None,
    ) -> BatchSummary:
        return BatchSummary(
            rows_read=self.read,
            rows_assessed=self.assessed,
            error_rows=self.error_rows,
            results_written=written,
            results_expected=self.expected,
            seconds=time.perf_counter() - t0,
            programmes=tuple(p.programme.id for p in plans),
            fallback_rules={p.programme.id: p.fallback for p in plans if p.fallback},
            case_by_case=self.redone,
            output=output,
            errors=errors,
            hook_errors=self.hook_errors,
            compiled=not any(p.rowwise == FEW_CASES for p in plans),
        )


def _applicable(plans: Sequence[ProgrammePlan], frame: pl.DataFrame, explicit: bool) -> int:
    n = 0
    for plan in plans:
        fields = SUBJECT_FIELDS.get(plan.programme.subject)
        n += frame.height if explicit or fields is None else int(described(frame, fields).sum())
    return n


def described(frame: pl.DataFrame, fields: tuple[str, ...]) -> pl.Series:
    """Whether each case of ``frame`` holds one of a subject's parts ``fields``
    (:data:`SUBJECT_FIELDS`)."""
    if len(fields) == 1:  # the commonest: the column's own mask, no query
        return frame.get_column(fields[0]).is_not_null()
    either = pl.any_horizontal(pl.col(f).is_not_null() for f in fields)
    return frame.select(either).to_series()
