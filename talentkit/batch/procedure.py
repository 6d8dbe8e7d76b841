"""The cases whose procedure steps count days in a year outside the official holiday
calendar: the engine raises :class:`~talentkit.workdays.CalendarError` as it dates those
steps (unless weekends-only counting is allowed), so the batch leaves such cases to it
(:func:`outside_calendar`). The compiled plans date no step: they would assess the case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

import polars as pl

from talentkit.batch.evaluate import ProgrammePlan
from talentkit.batch.io import Chunk
from talentkit.batch.schema import field_column
from talentkit.facts import MISSING
from talentkit.params import ParameterStore
from talentkit.procedure import Step, step_end
from talentkit.rules.context import Context
from talentkit.rules.refs import AS_OF, REF, P
from talentkit.subjects import Profile
from talentkit.workdays import CalendarError, WorkdayCalendar


def outside_calendar(
    plans: Sequence[ProgrammePlan],
    chunk: Chunk,
    store: ParameterStore,
    as_of: dt.date,
    assume_calendar: bool,
) -> list[int]:
    """The indices of the cases of ``chunk`` for which dating a procedure step of a
    programme of ``plans`` may meet a year outside the official calendar: each distinct
    start date is dated as the engine dates it (a step the case takes or not, a start
    the case gives; a start no column gives, every case)."""
    if assume_calendar or not chunk.frame.height:
        return []
    out: set[int] = set()
    every = range(chunk.frame.height)
    seen: set[tuple[int, tuple[str | P, ...]]] = set()  # (programmes share a step)
    for plan in plans:
        prog = plan.programme
        if not prog.procedure:
            continue
        ctx = Context(profile=Profile(), as_of=as_of, params=store, reference=prog.reference)
        for step in prog.procedure:
            # (only a start at the reference date reads the programme's own sources)
            key = (id(step), tuple(prog.reference) if step.start == REF else ())
            if key in seen:
                continue
            seen.add(key)
            length, missing = ctx.value(
                step.working_days if step.working_days is not None else step.months
            )
            if missing or not isinstance(length, int):  # no end is dated: nothing counted
                continue
            for starts in _starts(chunk.frame, step.start, prog.reference, ctx):
                if starts is None:  # not read from a column: the engine dates every case
                    return list(every)
                if starts.null_count() == starts.len():  # no case starts it: none dated
                    continue
                days = [
                    d for d in starts.drop_nulls().unique().to_list() if _meets(step, d, length)
                ]
                if days:
                    out.update(starts.is_in(days).fill_null(False).arg_true().to_list())
    return sorted(out)


def _meets(step: Step, start: dt.date, length: int) -> bool:
    """Whether dating ``step`` from ``start`` meets a year outside the official calendar."""
    try:
        step_end(step, start, length, WorkdayCalendar())
    except CalendarError:
        return True
    return False


def _starts(
    frame: pl.DataFrame, source: str | P, reference: Sequence[str | P], ctx: Context
) -> Iterator[pl.Series | None]:
    """The dates a step starting at ``source`` may start on, per case (a series of the
    frame's rows; None: no column gives them): for the reference date, each of its
    sources."""
    if source == REF:
        for candidate in reference:
            yield from _starts(frame, candidate, (), ctx)
        return
    if source == AS_OF or not isinstance(source, str):
        day = ctx.date(source)[0]
        if day is not MISSING:
            yield pl.repeat(day, frame.height, dtype=pl.Date(), eager=True)
        return
    yield _path_column(frame, source)


def _path_column(frame: pl.DataFrame, path: str) -> pl.Series | None:
    """The dates at a fact path of the nested layout (``application.facts.<name>``,
    ``person.birth_date``), all null when the input has no such field; None for a path
    this does not follow (a selector into a list)."""
    column, followed = field_column(frame, path)
    if not followed:
        return None
    if column is None:  # no case gives it
        return pl.repeat(None, frame.height, dtype=pl.Date(), eager=True)
    return column if column.dtype == pl.Date() else None
