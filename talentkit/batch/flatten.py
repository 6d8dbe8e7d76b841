"""The items of a list column laid end to end, read where they lie.

``Series.explode(empty_as_null=False, keep_nulls=False)`` copies every field of every item
into new buffers: for a million people's attestations (13.7 million records) or
organisations (two million records of forty-odd fields) that is hundreds of megabytes of
fresh memory, most of its cost page faults, before a check or a lookup reads one field.
Arrow's ``flatten`` gives the same items as a slice of the list's own values (a copy only
where a null list still holds items), and polars takes the slice back without copying
(its own buffer types, :data:`NEWEST`).
"""

from __future__ import annotations

import polars as pl

#: polars' own Arrow types (string views): converted both ways without copying
NEWEST = pl.CompatLevel.newest()


def items_of(lists: pl.Series) -> pl.Series:
    """The items of ``lists`` (a list column) in order, as
    ``lists.explode(empty_as_null=False, keep_nulls=False)`` gives them (null and empty
    lists give none), chunk by chunk, without copying them."""
    inner = lists.dtype.inner if isinstance(lists.dtype, pl.List) else None
    parts: list[pl.Series] = []
    for chunk in lists.get_chunks():
        part = pl.from_arrow(chunk.to_arrow(compat_level=NEWEST).flatten())
        if not isinstance(part, pl.Series) or part.dtype != inner:
            # (a type polars reads back otherwise: explode it)
            return lists.explode(empty_as_null=False, keep_nulls=False)
        parts.append(part)
    if not parts:
        return lists.explode(empty_as_null=False, keep_nulls=False)
    items = parts[0] if len(parts) == 1 else pl.concat(parts, rechunk=False)
    return items.alias(lists.name)
