"""A chunk's award histories: checked as :meth:`Engine.assess` checks a case's, and the
cases whose award the engine keeps a ledger of found (:func:`awards_apart`)."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from talentkit.batch.evaluate import ProgrammePlan
from talentkit.batch.io import Chunk, error_records
from talentkit.batch.schema import from_row
from talentkit.convert import InputError
from talentkit.engine import Engine
from talentkit.subjects import Profile


def histories(chunk: Chunk) -> pl.Series | None:
    """Each case's award histories (the nested layout's ``awards``), where the input
    gives a column of them."""
    if "awards" in chunk.frame.columns:
        return chunk.frame.get_column("awards")
    if chunk.held is not None:
        return chunk.held.deferred_column("awards")
    return None


def awards_apart(
    engine: Engine, plans: Sequence[ProgrammePlan], chunk: Chunk
) -> tuple[Chunk, list[int]]:
    """``chunk`` without the cases whose award histories name a programme, funding line
    or event kind that does not exist (error rows naming each, as :meth:`Engine.assess`
    refuses such a case), and the indices (in the chunk returned) of the cases with an
    award of a programme of ``plans``: the engine keeps that award's ledger as it
    assesses the programme, where a failure is the case's."""
    found = histories(chunk)
    if found is None:
        return chunk, []
    given = (found.list.len().fill_null(0) > 0).arg_true().to_list()
    if not given:
        return chunk, []
    ids = {p.programme.id for p in plans}
    numbers = chunk.rows.to_list()
    refused: dict[int, InputError] = {}
    ledgered: list[int] = []
    for i in given:
        profile = _case(engine, chunk, i)
        try:
            engine.check_awards(profile)
        except InputError as exc:
            refused[i] = exc
            continue
        if any(a.programme in ids for a in profile.awards or ()):
            ledgered.append(i)
    if not refused:
        return chunk, ledgered
    errors = [
        *chunk.errors,
        *(e for i, exc in refused.items() for e in error_records(numbers[i], exc)),
    ]
    keep = [i not in refused for i in range(chunk.frame.height)]
    shifted = [i - sum(1 for j in refused if j < i) for i in ledgered]
    return chunk.keep(pl.Series(keep, dtype=pl.Boolean()), errors), shifted


def _case(engine: Engine, chunk: Chunk, i: int) -> Profile:
    """The ``i``-th case of ``chunk``, as parsed or parsed again from its row."""
    if chunk.profiles is not None:
        return chunk.profiles[i]
    (row,) = chunk.whole([i]).to_dicts()
    return engine.load(from_row(row, engine.registry.facts), Profile)
