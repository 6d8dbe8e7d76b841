"""Lookups by key of a whole chunk at once: the attestation, decision or waiver under a
key, the organisation in a role (``organisations[role=company]``).

A plan reads the first entry under each of a few keys in a list of records (a field of it,
or the whole record). Searched key by key inside each row's list, every key costs a pass
over all the entries of all rows, row by row; here the entries are flattened once (no
copy), each entry's key is mapped to a small code (keys not asked for to none) in one pass
(a hash of its text, whatever the number of keys; for one or two keys a comparison with
each costs less), and each asked-for (key, row) cell takes the position of its first entry
by one scatter into a key-major table: each key's column is then a slice of the fields
read gathered at those positions, once for all the fields read of the list (its keys
searched together); whole records are gathered key by key, each holding the fields read
of that key's records. Yes/no fields (an attestation's or a decision's value) skip the
positions: their values themselves are scattered into the table, as bytes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import polars as pl

from talentkit.batch.arrays import from_numpy
from talentkit.batch.flatten import items_of
from talentkit.batch.queries import IN_MEMORY

_ROW = "__row"

Lookup = tuple[str, str, str, str | None]
"""(column, by, key, field): ``field`` (None: the whole record) of the first record of the
list ``column`` whose text field ``by`` is ``key``."""


def lookup_columns(
    df: pl.DataFrame,
    lookups: Mapping[str, Lookup],
    shapes: Mapping[tuple[str, str], pl.Expr] | None = None,
) -> list[pl.Series]:
    """The columns ``name`` of the ``lookups`` on ``df``, each what searching each row's
    list gives (:func:`talentkit.batch.compile.keyed`, a selector): the field of the first
    record (in list order) under the key, null where there is none (a null or empty list,
    no record with that key) or where that first record's field is null. ``shapes``: per
    list and key, the whole records found as this expression of one record
    (``pl.col(list)``) gives them (the fields read of that key's records)."""
    by_list: dict[tuple[str, str, str | None], dict[str, list[str]]] = {}
    searched: dict[tuple[str, str], dict[str, None]] = {}  # keys, in order
    read: dict[tuple[str, str], dict[str | None, None]] = {}  # fields, in order
    for name, (column, by, key, field) in lookups.items():
        by_list.setdefault((column, by, field), {}).setdefault(key, []).append(name)
        searched.setdefault((column, by), {})[key] = None
        read.setdefault((column, by), {})[field] = None
    # every field read of a list is found by one pass over its entries for all their keys
    found: dict[tuple[str, str, str | None, str], pl.Series] = {}
    for (column, by), keys in searched.items():
        fields = list(read[(column, by)])
        shape = {k: e for (c, k), e in (shapes or {}).items() if c == column}
        values = _first_by_key(df.get_column(column), by, list(keys), fields, shape)
        found |= {(column, by, field, key): v for (field, key), v in values.items()}
    out: list[pl.Series] = []
    for (column, by, field), names in by_list.items():
        for key in names:
            out += [found[(column, by, field, key)].alias(name) for name in names[key]]
    return out


def searchable(dtype: pl.DataType | None, lookup: Lookup) -> bool:
    """Whether :func:`lookup_columns` reads ``lookup`` on a column of type ``dtype`` (a
    list of records with the text field it searches and the field it reads)."""
    if not isinstance(dtype, pl.List) or not isinstance(dtype.inner, pl.Struct):
        return False
    fields = {f.name: f.dtype for f in dtype.inner.fields}
    _, by, _, field = lookup
    return fields.get(by) == pl.String() and (field is None or field in fields)


def _first_by_key(
    entries: pl.Series,
    by: str,
    keys: Sequence[str],
    fields: Sequence[str | None],
    shape: Mapping[str, pl.Expr],
) -> dict[tuple[str | None, str], pl.Series]:
    """Per field of ``fields`` (None: the whole record, as ``shape`` gives it per key) and
    key of ``keys`` (distinct), that field of each row's first entry whose ``by`` is the
    key."""
    n, m = entries.len(), len(keys)
    index = pl.get_index_type()
    # the entries in order, each with its row (numpy's repeat of the row numbers costs
    # two thirds of exploding them beside the entries)
    name = entries.name
    lengths = entries.list.len().fill_null(0)
    flat = items_of(entries).to_frame()
    if flat.height != lengths.sum():  # not a flattening as read here
        el = pl.element()
        search = el.struct.field(by)
        lists = pl.col("e").fill_null(pl.lit([], dtype=entries.dtype))
        each = [(f, k, el if f is None else el.struct.field(f)) for f in fields for k in keys]
        searched = (lists.list.agg(v.filter(search == k).first()) for _, k, v in each)
        columns = entries.to_frame("e").select(searched).get_columns()
        return {(f, k): c for (f, k, _), c in zip(each, columns, strict=True)}
    flat.insert_column(0, _rows(lengths, index))
    entry = pl.col(name)
    code = _codes(entry.struct.field(by), keys)
    where = code.cast(index) * n + pl.col(_ROW)
    named = [f for f in fields if f is not None]
    if len(named) == len(fields) and _flags(flat.schema[name], named):
        return _flags_by_key(flat, entry, where, keys, named, n)
    # each entry's cell in a key-major table (an unasked or null key: none) and position
    cells = (
        flat.lazy()
        .select(cell=where, at=pl.int_range(pl.len(), dtype=index))
        .drop_nulls("cell")
        .collect(engine=IN_MEMORY)
    )
    at = cells.get_column("at")
    if at.is_empty():  # no row has an entry under any of the keys
        first = at.extend_constant(None, m * n)
    else:
        unset = np.iinfo(at.to_numpy().dtype).max  # no entry's position (fewer entries)
        first = _first_in_cells(cells.get_column("cell"), at, m * n, unset)
        first = first.to_frame().select(pl.when(pl.first() != unset).then(pl.first())).to_series()
    out: dict[tuple[str | None, str], pl.Series] = {}
    # the fields read, gathered at once for all keys
    if named:
        one = len(named) == 1
        parts = [entry.struct.field(f).alias(str(i)) for i, f in enumerate(named)]
        found = _gathered(flat.select(parts[0] if one else pl.struct(parts)), first)
        for i, field in enumerate(named):
            column = found if one else found.struct.field(str(i))
            out |= {(field, k): column.slice(j * n, n).alias(k) for j, k in enumerate(keys)}
    # whole records: each key's holding the fields read of it, gathered key by key (the
    # fields of one role's records read with another's cost more to gather than to build)
    if None in fields:
        for j, k in enumerate(keys):
            records = flat.select(shape.get(k, entry))
            out[(None, k)] = _gathered(records, first.slice(j * n, n)).alias(k)
    return out


def _rows(lengths: pl.Series, index: pl.DataType | type[pl.DataType]) -> pl.Series:
    """The row of each entry of lists ``lengths`` long, in order (of type ``index``)."""
    rows = np.arange(lengths.len(), dtype=np.uint32 if index == pl.UInt32() else np.uint64)
    out: pl.Series = from_numpy(_ROW, np.repeat(rows, lengths.to_numpy())).cast(index)
    return out


_COMPARED = 2
"""Asked keys up to which each entry's key is coded by comparing it with each of them (a
comparison costs about a third of a hash of the text); from three keys on the one hash
costs as much or less."""


def _codes(key: pl.Expr, keys: Sequence[str]) -> pl.Expr:
    """The code of each entry's ``key``: its place in ``keys`` (distinct), null where it
    is none of them (or null)."""
    if len(keys) > _COMPARED:
        return key.cast(pl.Enum(keys), strict=False).to_physical()
    code = pl.when(key == keys[0]).then(pl.lit(0, pl.UInt8))
    if len(keys) == 1:
        return code
    return code.when(key == keys[1]).then(pl.lit(1, pl.UInt8))


def _first_in_cells(cell: pl.Series, values: pl.Series, size: int, unset: int) -> pl.Series:
    """A table of ``size`` cells, ``unset`` but where ``cell`` writes: there the value of
    ``values`` (none null, none ``unset``) written first. A cell is written once per entry
    unless a row has a key twice: then the first in list order is kept (a scatter does not
    say which of two writes to one cell stays). Scattered by numpy, into a table without
    validity: half what polars' scatter into a null table costs."""
    at, put = cell.to_numpy(), values.to_numpy()
    table = np.full(size, unset, dtype=put.dtype)
    table[at] = put
    if np.count_nonzero(table != unset) != len(at):
        once = cell.is_first_distinct().to_numpy()
        table.fill(unset)
        table[at[once]] = put[once]
    return from_numpy(values.name, table)


def _gathered(values: pl.DataFrame, at: pl.Series) -> pl.Series:
    """The one column of ``values`` at the positions ``at`` (null: null)."""
    column = values.to_series()
    if at.null_count() == at.len():  # nothing found: no position to read (maybe none)
        return pl.Series(values=[], dtype=column.dtype).extend_constant(None, at.len())
    return column.gather(at)


_FLAGS = 4
"""Boolean fields read of a list packed into one byte (two bits each)."""
_UNSET = 255
"""The byte of a cell of the table of packed fields that no entry set (every field's
two bits 3: none of false 0, true 1, null 2)."""


def _flags(dtype: pl.DataType, fields: Sequence[str]) -> bool:
    """Whether the ``fields`` read of entries of type ``dtype`` are a few boolean ones
    (the value of an attestation or a decision)."""
    if not isinstance(dtype, pl.Struct) or len(fields) > _FLAGS:
        return False
    types = {f.name: f.dtype for f in dtype.fields}
    return all(types.get(f) == pl.Boolean() for f in fields)


def _flags_by_key(
    flat: pl.DataFrame,
    entry: pl.Expr,
    cell: pl.Expr,
    keys: Sequence[str],
    fields: Sequence[str],
    n: int,
) -> dict[tuple[str | None, str], pl.Series]:
    """As :func:`_first_by_key`, for a few boolean fields: each entry's fields, two bits
    each (0 false, 1 true, 2 null), are scattered straight into the key-major table of
    bytes (a cell no entry set: :data:`_UNSET`): one scatter of bytes instead of a scatter of
    positions and a gather of the fields at them."""
    packed = pl.sum_horizontal(
        entry.struct.field(f).cast(pl.UInt8).fill_null(2) * (4**i) for i, f in enumerate(fields)
    ).cast(pl.UInt8)
    cells = flat.lazy().select(cell=cell, bits=packed).drop_nulls("cell").collect(engine=IN_MEMORY)
    cell_of, packed_of = cells.get_column("cell"), cells.get_column("bits")
    found = _first_in_cells(cell_of, packed_of, len(keys) * n, _UNSET)
    b = pl.col("bits")
    # one field's byte is its two bits (a pass less over the table for each operation); a
    # cell no entry set holds 3 in every field's bits, as null
    bits = [b if len(fields) == 1 else b // (4**i) % 4 for i in range(len(fields))]
    fields_of = found.to_frame().select(
        pl.when(v < 2).then(v == 1).alias(str(i)) for i, v in enumerate(bits)
    )
    out: dict[tuple[str | None, str], pl.Series] = {}
    for i, field in enumerate(fields):
        column = fields_of.get_column(str(i))
        out |= {(field, k): column.slice(j * n, n).alias(k) for j, k in enumerate(keys)}
    return out
