"""Procedure on the calendar: publicity periods and review windows a text sets.

A :class:`Step` is a period the text counts from a dated fact (「公示期为7个工作日」 from the
day the list is published; 「15个工作日内…提出意见」 from the day an objection is received).
The ``check`` result shows when each period ends (:class:`StepResult`), computed on China's
official working-day calendar, or names the fact it needs when the start date is absent.
Where the case records when the step was performed (``done``), a step performed after the
end of its window is reported late with the consequence the text attaches, or with the
statement that it attaches none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

import attrs

from talentkit.dates import Period, shift
from talentkit.exits import NO_SANCTION
from talentkit.rules import Rule, Status
from talentkit.rules.context import Context
from talentkit.rules.refs import P
from talentkit.slotinit import through_slots
from talentkit.text import Citation, Text
from talentkit.workdays import WorkdayCalendar


def _one_length(step: Step, _attr: object, _value: Any) -> None:
    given = [n for n in ("working_days", "months") if getattr(step, n) is not None]
    if len(given) != 1:
        raise ValueError(f"step {step.id}: give exactly one of working_days or months")
    if step.months is not None and step.count_start:
        raise ValueError(f"step {step.id}: count_start applies to working days only")


@attrs.frozen(kw_only=True)
class Step:
    """A period of the procedure counted from the date in fact ``start``.

    :param working_days: the period in working days on China's official calendar
    :param months: or in calendar months (corresponding day); a window's last day that
        falls on a rest day rolls to the next working day, as deadlines do
    :param count_start: the start day is day 1 when it is a working day (a publicity
        counts its publication day); otherwise counting begins the next day (a window to
        respond)
    :param done: fact path where the case records when the step was performed; performed
        after the end: late
    :param late: the consequence the text attaches to lateness; None: the text attaches none
    :param when: the step is taken only when this holds (an objection was raised); where
        it fails the step is left out, where its facts are absent the step names them
    """

    id: str
    cite: Citation
    text: Text
    start: str
    working_days: int | P | None = attrs.field(default=None, validator=_one_length)
    months: int | P | None = None
    count_start: bool = False
    done: str | None = None
    late: Text | None = None
    when: Rule | None = None

    def fact_paths(self) -> Iterator[str]:
        if self.when is not None:
            yield from self.when.fact_paths()
        yield self.start
        if self.done:
            yield self.done

    def param_keys(self) -> Iterator[str]:
        for ref in (self.working_days, self.months):
            if isinstance(ref, P):
                yield ref.key


@through_slots
@attrs.frozen(kw_only=True)
class StepResult:
    """When a step's period ends, or which facts are needed to say so."""

    step: str
    text: Text
    citation: Citation
    start: dt.date | None = None
    end: dt.date | None = None
    basis: str = ""
    missing: tuple[str, ...] = ()
    done_on: dt.date | None = None
    late: bool | None = None
    """None while the case does not say when the step was performed."""
    consequence: Text | None = None
    """When late: what the text attaches to it, or that it attaches nothing."""


def evaluate_steps(steps: Sequence[Step], ctx: Context) -> tuple[StepResult, ...]:
    shared = ctx.shared
    # a step waiting on facts is the same result for every case missing the same ones
    # (it reads nothing else): made once per date and parameter set, kept beside the steps
    lacking: dict[tuple[int, tuple[str, ...]], StepResult] | None = (
        None if shared is None else shared.kept(shared.procedure, steps, dict)
    )
    out = []
    for i, step in enumerate(steps):
        if step.when is None:
            out.append(_evaluate(step, ctx, i, lacking))
            continue
        check = step.when.decision(ctx)
        if check.status is Status.UNKNOWN:
            out.append(_lacking(step, check.missing, i, lacking))
        elif check.status not in (Status.FAIL, Status.NA):
            out.append(_evaluate(step, ctx, i, lacking))
    return tuple(out)


def _lacking(
    step: Step,
    missing: tuple[str, ...],
    i: int,
    lacking: dict[tuple[int, tuple[str, ...]], StepResult] | None,
) -> StepResult:
    """The result of ``step`` (the ``i``-th) waiting on ``missing``, kept in ``lacking``."""
    if lacking is None:
        return _with(step, missing=missing)
    found = lacking.get((i, missing))
    if found is None:
        found = lacking[(i, missing)] = _with(step, missing=missing)
    return found


def _evaluate(
    step: Step,
    ctx: Context,
    i: int = 0,
    lacking: dict[tuple[int, tuple[str, ...]], StepResult] | None = None,
) -> StepResult:
    start, miss_start, _ = ctx.date(step.start)
    length, miss_length = ctx.value(
        step.working_days if step.working_days is not None else step.months
    )
    missing = tuple(m for m in (miss_start, miss_length) if m)
    if missing:
        return _lacking(step, missing, i, lacking)
    if not isinstance(start, dt.date):
        raise TypeError(f"{ctx.full(step.start)}: expected a date, got {start!r}")
    end, basis = step_end(step, start, length, ctx.calendar)
    done = ctx.fact(step.done) if step.done else None
    if not isinstance(done, dt.date):
        return _with(step, start=start, end=end, basis=basis)
    late = done > end
    return _with(
        step,
        start=start,
        end=end,
        basis=basis,
        done_on=done,
        late=late,
        consequence=(step.late or NO_SANCTION) if late else None,
    )


def step_end(
    step: Step, start: dt.date, length: int, calendar: WorkdayCalendar
) -> tuple[dt.date, str]:
    """The last day of ``step`` started on ``start``, its period ``length`` (working days
    or months, as the step counts), and how it was found.

    :raises CalendarError: a day to count lies in a year outside the official calendar
        (unless ``calendar`` assumes weekends-only counting there)
    """
    if step.working_days is not None:
        end = calendar.add_working_days(start, length, count_start=step.count_start)
        first = "the start day counted" if step.count_start else "from the next day"
        return end, f"{length} working days from {start} ({first})"
    # a window within which someone must act rolls over to the next working day
    end = calendar.next_working_day(shift(start, Period(months=length)))
    return end, f"{Period(months=length).iso()} after {start}"


def _with(step: Step, **fields: Any) -> StepResult:
    """The result of ``step``: its heading (id, text, citation) with ``fields``, built
    once (not a heading first and then a copy with the fields)."""
    return StepResult(step=step.id, text=step.text, citation=step.cite, **fields)


__all__ = ["Step", "StepResult", "evaluate_steps", "step_end"]
