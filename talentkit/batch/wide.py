"""Verdicts laid out wide: one row per case, a column per programme
(``screen_frame(wide=True)``), as a statistics office tabulates people against schemes.

The verdicts alone of programmes compiled into one scope are read from each programme's
rank of its worst status (:func:`~talentkit.batch.evaluate.verdicts_alone`'s query), a
byte a case and programme, without the long layout's five rows a case; any other run is
assessed in the long layout and spread into columns (:func:`widened`)."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from talentkit.batch.evaluate import BY_CODE, VERDICT_CODES, ProgrammePlan, kept_ranks
from talentkit.batch.queries import IN_MEMORY

#: each rank's verdict (a rank is the least code), as :data:`VERDICT_CODES`
_VERDICT_OF_RANK = pl.Series(BY_CODE, dtype=VERDICT_CODES)


def wide_schema(plans: Sequence[ProgrammePlan], codes: bool) -> pl.Schema:
    """The columns of wide results: ``row``, ``subject_id`` and each programme's verdict
    under its id, in the run's order (``codes``: as :data:`VERDICT_CODES`, else text)."""
    verdict = VERDICT_CODES if codes else pl.String()
    return pl.Schema(
        {
            "row": pl.Int64(),
            "subject_id": pl.String(),
            **{p.programme.id: verdict for p in plans},
        }
    )


def verdicts_wide(
    plans: Sequence[ProgrammePlan],
    work: pl.DataFrame,
    rows: pl.Series,
    ids: pl.Series | None,
) -> pl.DataFrame | None:
    """Each case's verdict in each of ``plans`` (compiled into one scope, each computing
    the verdict alone: ``work`` is their shared work), a column per programme of
    :data:`VERDICT_CODES`. None: a plan needs the long layout's evaluation (as
    :func:`~talentkit.batch.evaluate.verdicts_alone` says)."""
    n = work.height
    ranks = kept_ranks(plans)
    if ranks is None or not plans or not n:
        return None
    table = (
        work.lazy().select(r.alias(str(i)) for i, r in enumerate(ranks)).collect(engine=IN_MEMORY)
    )
    if any(r.null_count() for r in table.get_columns()):
        return None
    verdicts = [
        _VERDICT_OF_RANK.gather(r if r.len() == n else r.new_from_index(0, n))
        for r in table.get_columns()
    ]
    return _keys(rows, ids).hstack(
        [v.alias(p.programme.id) for v, p in zip(verdicts, plans, strict=True)]
    )


def widened(
    long: pl.DataFrame,
    rows: pl.Series,
    ids: pl.Series | None,
    plans: Sequence[ProgrammePlan],
) -> pl.DataFrame:
    """Long results (``row``, ``programme``, ``verdict``, as text) of the cases ``rows``
    spread into a column per programme: null where a programme did not assess the case
    (a programme of another subject, when none was named)."""
    out = _keys(rows, ids)
    for plan in plans:
        pid = plan.programme.id
        one = long.filter(pl.col("programme").cast(pl.String()) == pid).select(
            "row", pl.col("verdict").cast(pl.String()).cast(VERDICT_CODES).alias(pid)
        )
        out = out.join(one, on="row", how="left", maintain_order="left")
    return out


def _keys(rows: pl.Series, ids: pl.Series | None) -> pl.DataFrame:
    """The cases' ``row`` and ``subject_id`` (null without an ``id`` column)."""
    n = rows.len()
    subject = pl.repeat(None, n, dtype=pl.String(), eager=True) if ids is None else ids
    return pl.DataFrame([rows.alias("row"), subject.alias("subject_id")])


def as_names(wide: pl.DataFrame, plans: Sequence[ProgrammePlan]) -> pl.DataFrame:
    """Wide results with each verdict as text."""
    return wide.with_columns(pl.col(p.programme.id).cast(pl.String()) for p in plans)


def cells(wide: pl.DataFrame, plans: Sequence[ProgrammePlan], verdict: str | None = None) -> int:
    """How many (case, programme) results ``wide`` holds (``verdict``: with that verdict)."""
    if not plans or not wide.height:
        return 0
    names = [p.programme.id for p in plans]
    if verdict is None:  # (each column's count of nulls is known: no query)
        return sum(wide.height - wide.get_column(c).null_count() for c in names)
    found: int = wide.select(pl.sum_horizontal((pl.col(c) == verdict).sum() for c in names)).item()
    return found
