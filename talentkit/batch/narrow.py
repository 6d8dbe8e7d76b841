"""A column narrowed to the fields a plan reads, from its Arrow arrays without a copy.

:func:`talentkit.batch.compile.record` narrows a column by a polars expression, which
builds new arrays of the fields kept (a list's items through ``list.eval``); the chunk's
columns are then copied into one chunk, a second copy. Here the same records are
assembled from the column's own arrays (a record's fields, a list's offsets), so that
only the copy into one chunk remains: a record is a new record of its fields read (null
where the record is, as a field read of a null record is), never null itself, as
``pl.struct`` builds it; a list is null where it is.
"""

from __future__ import annotations

from typing import Any

import polars as pl
import pyarrow as pa

from talentkit.batch.compile import SHAPE

#: the types whose Arrow arrays polars takes back as the same type, without a copy
_PLAIN = frozenset(
    {
        pl.Boolean(),
        pl.Int8(),
        pl.Int16(),
        pl.Int32(),
        pl.Int64(),
        pl.UInt8(),
        pl.UInt16(),
        pl.UInt32(),
        pl.UInt64(),
        pl.Float32(),
        pl.Float64(),
        pl.String(),
        pl.Date(),
    }
)


def _plain(dtype: Any) -> bool:
    """Whether ``dtype`` is made of :data:`_PLAIN` types, lists and records only."""
    if isinstance(dtype, pl.List):
        return _plain(dtype.inner)
    if isinstance(dtype, pl.Struct):
        return all(_plain(f.dtype) for f in dtype.fields)
    return dtype in _PLAIN


def narrowed(column: pl.Series, paths: set[tuple[str, ...]]) -> pl.Series | None:
    """``column`` holding only the fields at ``paths`` (see
    :func:`talentkit.batch.compile.fields_read`), as
    :func:`~talentkit.batch.compile.record` gives it, in the column's chunks; None when
    it stays whole, or is of a type not handled here."""
    chunks = column.get_chunks()
    if not chunks or not _plain(column.dtype):
        return None
    out = []
    for chunk in chunks:
        arrays = chunk.to_arrow(compat_level=pl.CompatLevel.newest())
        found = _record(arrays, column.dtype, paths, lists=True)
        if found is None:
            return None
        # chunk by chunk: polars would join the chunks of records into one by pyarrow
        part = pl.from_arrow(found, rechunk=False)
        assert isinstance(part, pl.Series)
        out.append(part.alias(column.name))
    return pl.concat(out, rechunk=False)


def _record(
    values: pa.Array, dtype: Any, paths: set[tuple[str, ...]], lists: bool = False
) -> pa.Array | None:
    """As :func:`talentkit.batch.compile._record`, on the Arrow array ``values``."""
    if () in paths:
        return None
    whole = (SHAPE,) in paths
    paths = paths - {(SHAPE,)}
    if lists and isinstance(dtype, pl.List) and paths:
        if not isinstance(values, pa.LargeListArray):
            return None
        items = _record(values.values, dtype.inner, paths, lists)
        if items is None:
            return None
        # the list's own validity and offsets (at its offset) over the narrowed items
        validity, offsets = values.buffers()[:2]
        return pa.Array.from_buffers(
            pa.large_list(items.type),
            len(values),
            [validity, offsets],
            null_count=values.null_count,
            offset=values.offset,
            children=[items],
        )
    if whole or not paths or not isinstance(dtype, pl.Struct):
        return None
    fields = dict(dtype.to_schema())
    # each field with the record's nulls, at the record's offset
    children = dict(zip([f.name for f in values.type], values.flatten(), strict=True))
    names, parts = [], []
    for name in sorted({p[0] for p in paths}):
        if name not in fields:
            return None
        field = children[name]
        deeper = _record(field, fields[name], {p[1:] for p in paths if p[0] == name}, lists)
        names.append(name)
        parts.append(field if deeper is None else deeper)
    return pa.StructArray.from_arrays(parts, names=names)
