"""List columns held as each row's position in a small table of lists.

A chunk's lists of failed rules, missing names and review texts take few distinct values:
each is built once, in a table, and each row holds its list's position in it (an unsigned
integer). The positions are interleaved, sorted and concatenated as integers; the lists
themselves are copied once, by one gather from the tables, at the end.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Mapping, Sequence

import numpy as np
import polars as pl

from talentkit.batch.arrays import from_arrow, from_numpy

#: a row's position in its table of lists
INDEX = pl.UInt32()


def distinct_rows(keys: pl.DataFrame) -> tuple[pl.DataFrame, pl.Series]:
    """The distinct rows of ``keys`` and each row's position among them (null: a row with a
    null key, as a join would leave it). One column without nulls (a bit mask word): its
    values sorted and each found by binary search, several times cheaper than a hash join
    (small words: marked in a table of every value, see :func:`_dense`)."""
    if keys.width == 1 and not keys.to_series().null_count():
        column = keys.to_series()
        top = column.max()
        if column.dtype.is_unsigned_integer() and isinstance(top, int) and top < DENSE:
            return _dense(column, top)
        distinct = column.unique().sort()
        return distinct.to_frame(), distinct.search_sorted(column, side="left").cast(INDEX)
    distinct = keys.unique(maintain_order=True)
    found = keys.join(
        distinct.with_row_index("__at"), on=keys.columns, how="left", maintain_order="left"
    )
    return distinct, found.get_column("__at").cast(INDEX)


#: below this, a mask word's values are found in a table of every value (a few rules a word)
DENSE = 1 << 16


def _dense(column: pl.Series, top: int) -> tuple[pl.DataFrame, pl.Series]:
    """:func:`distinct_rows` of one column of small non-negative integers (at most
    ``top``): which values occur is marked in a table of every value up to ``top``, whose
    running count is each value's position; about half the time of a sort and a search.
    In numpy: as polars Series operations each of the four steps is a query of its own,
    planned again for each mask word of each chunk (hundreds of calls a run)."""
    values = column.to_numpy()
    seen = np.zeros(top + 1, dtype=np.bool_)
    seen[values] = True
    distinct = from_numpy(column.name, np.flatnonzero(seen)).cast(column.dtype)
    at = from_numpy(column.name, (np.cumsum(seen, dtype=np.uint32) - 1)[values])
    return distinct.to_frame(), at


def first(height: int) -> pl.Series:
    """Every one of ``height`` rows at a table's first list: made once per height (a
    chunk's lists ask for it a dozen times, each a query of its own)."""
    return per_height(INDEX, height, lambda: pl.repeat(0, height, dtype=INDEX, eager=True))


#: the most rows of a column made once and kept for the next chunks of that height (the
#: default chunks are of 50,000 and 100,000 rows; a frame screened in one chunk of millions
#: does not leave its columns held after the run)
KEPT_HEIGHT = 1_000_000
_PER_HEIGHT: dict[tuple[Hashable, int], pl.Series] = {}


def per_height(kind: Hashable, height: int, make: Callable[[], pl.Series]) -> pl.Series:
    """The column ``make`` makes for ``height`` rows, made once per kind and height up to
    :data:`KEPT_HEIGHT` rows and shared (a polars Series is changed only on a copy)."""
    key = (kind, height)
    found = _PER_HEIGHT.get(key)
    if found is None:
        found = make()
        if height <= KEPT_HEIGHT:  # (a larger one is made again: not held for the process)
            if len(_PER_HEIGHT) >= 16:  # (a run's chunks are of one or two heights)
                _PER_HEIGHT.clear()
            _PER_HEIGHT[key] = found
    return found


def whole(column: pl.Series) -> tuple[pl.Series, pl.Series]:
    """A list column as positions in a table of its own lists (one row each)."""
    return pl.int_range(0, column.len(), dtype=INDEX, eager=True), column.rechunk()


def text_lists(name: str, lists: Sequence[Sequence[str]], dtype: pl.DataType) -> pl.Series:
    """``lists`` as a column of lists of ``dtype`` (of text, or a categorical): built from
    the texts one after another and where each list ends, about five times faster than
    polars builds it from Python lists of lists (a chunk's table of lists, chunk after
    chunk)."""
    import pyarrow as pa

    ends = pa.array(list(itertools.accumulate(map(len, lists), initial=0)), type=pa.int64())
    texts = pa.array([t for one in lists for t in one], type=pa.large_string())
    built = from_arrow(name, pa.LargeListArray.from_arrays(ends, texts))
    out: pl.Series = built.cast(dtype)
    return out


def gathered(positions: pl.Series, table: pl.Series) -> pl.Series:
    """The lists at ``positions`` of ``table`` (null where a position is null)."""
    # (a gather from a table of several chunks is many times slower)
    one = table if table.n_chunks() == 1 else table.rechunk()
    return one.gather(positions).alias(positions.name)


def joined(
    frames: Sequence[pl.DataFrame], tables: Sequence[Mapping[str, pl.Series]]
) -> tuple[list[pl.DataFrame], dict[str, pl.Series]]:
    """``frames`` (each with positions in its own ``tables``) with positions in one table
    per column: each frame's tables follow the ones before it."""
    out = list(frames)
    merged: dict[str, pl.Series] = {}
    for name in tables[0] if tables else ():
        parts = [t[name] for t in tables]
        offset = 0
        for i, part in enumerate(parts):
            if offset:
                out[i] = out[i].with_columns(pl.col(name) + pl.lit(offset, dtype=INDEX))
            offset += part.len()
        if offset >= 2**32:
            raise OverflowError("more lists than positions of 32 bits")
        merged[name] = pl.concat(parts, rechunk=True)
    return out, merged
