"""Keyed lookups (the attestation, decision or waiver under a key) of a whole chunk at once.

A plan reads a field of the first entry under each of a few keys in a keyed list
(``attestations``, ``decisions``, ``waivers``). Searched key by key inside each row's list,
every key costs a pass over all the entries of all rows, row by row; here the entries are
flattened once (no copy), each entry's key is mapped to a small code (keys not asked for
to none) in one pass whatever the number of keys, and each asked-for (key, row) cell
takes the position of its first entry by one scatter into a key-major table: each key's
column is then a slice of the field gathered at those positions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

Lookup = tuple[str, str, str]
"""(column, key, field): ``field`` of the first entry of ``column`` whose key is ``key``."""


def lookup_columns(df: pl.DataFrame, lookups: Mapping[str, Lookup]) -> list[pl.Series]:
    """The columns ``name`` of the ``lookups`` on ``df``, each what the search
    :func:`talentkit.batch.compile.keyed` gives: the field of the first entry (in list
    order) under the key, null where there is none (a null or empty list, no entry with
    that key) or where that first entry's field is null."""
    by_list: dict[tuple[str, str], dict[str, list[str]]] = {}
    for name, (column, key, field) in lookups.items():
        by_list.setdefault((column, field), {}).setdefault(key, []).append(name)
    out: list[pl.Series] = []
    for (column, field), names in by_list.items():
        values = _first_by_key(df.get_column(column), list(names), field)
        for key, found in zip(names, values, strict=True):
            out += [found.alias(name) for name in names[key]]
    return out


def searchable(dtype: pl.DataType | None, field: str) -> bool:
    """Whether :func:`lookup_columns` reads a column of type ``dtype`` (a list of records
    with a text ``key`` and a ``field``)."""
    if not isinstance(dtype, pl.List) or not isinstance(dtype.inner, pl.Struct):
        return False
    fields = {f.name: f.dtype for f in dtype.inner.fields}
    return fields.get("key") == pl.String() and field in fields


def _first_by_key(entries: pl.Series, keys: Sequence[str], field: str) -> list[pl.Series]:
    """Per key of ``keys`` (distinct), ``field`` of each row's first entry under it."""
    n, m = entries.len(), len(keys)
    index = pl.get_index_type()
    # the entries in order, each with its row
    flat = pl.DataFrame({"row": pl.int_range(n, dtype=index, eager=True), "entry": entries})
    flat = flat.explode("entry", empty_as_null=False, keep_nulls=False)
    if flat.height != entries.list.len().sum():  # not a flattening as read here
        el = pl.element()
        value, key = el.struct.field(field), el.struct.field("key")
        return [entries.list.eval(value.filter(key == k)).list.first().alias(k) for k in keys]
    entry = pl.col("entry")
    # each entry's cell in a key-major table (an unasked or null key: none) and position
    code = entry.struct.field("key").cast(pl.Enum(keys), strict=False).to_physical()
    cells = (
        flat.lazy()
        .select(cell=code.cast(index) * n + pl.col("row"), at=pl.int_range(pl.len(), dtype=index))
        .drop_nulls("cell")
        .collect()
    )
    cell, position = cells.get_column("cell"), cells.get_column("at")
    values = flat.get_column("entry").struct.field(field)
    if cell.is_empty():  # no row has an entry under any of the keys
        return [pl.Series(k, [], dtype=values.dtype).extend_constant(None, n) for k in keys]
    table = pl.Series("at", [], dtype=index).extend_constant(None, m * n)
    first = table.scatter(cell, position)
    # a cell is set once per entry unless a row has a key twice: then keep the first in
    # list order (a scatter does not say which of two writes to one cell stays)
    if first.len() - first.null_count() != cell.len():
        once = cell.is_first_distinct()
        first = table.scatter(cell.filter(once), position.filter(once))
    found = values.gather(first)
    return [found.slice(i * n, n).alias(k) for i, k in enumerate(keys)]
