"""Arrays handed to polars through the Arrow C data interface.

polars' own converters import more than these arrays need, once per process and inside the
first run: ``pl.Series(pyarrow_array)`` imports ``pyarrow.compute`` (about 55 ms of CPU) to
combine the chunks of a chunked array, and ``pl.Series(ndarray)`` (like ``pa.array(ndarray)``)
imports ``numpy.ma`` (12–16 ms) to look for a mask. The arrays built here are single Arrow
arrays and unmasked numpy arrays, so neither is needed: each is handed over as its Arrow C
array (no copy of an Arrow array's buffers, nor of a numeric numpy array's).
"""

from __future__ import annotations

from typing import Any, cast

import numpy as np
import polars as pl
import pyarrow as pa


class _Exported:
    """An Arrow array seen by polars through ``__arrow_c_array__`` alone."""

    __slots__ = ("_array",)

    def __init__(self, array: pa.Array) -> None:
        self._array = array

    def __arrow_c_array__(self, requested_schema: object | None = None) -> tuple[Any, Any]:
        return cast(tuple[Any, Any], self._array.__arrow_c_array__(requested_schema))


def from_arrow(name: str, array: pa.Array) -> pl.Series:
    """The Arrow ``array`` (one chunk) as a polars Series named ``name``."""
    return pl.Series(cast(Any, _Exported(array))).alias(name)


def lists_of(lists: pa.Array, items: pa.Array) -> pa.Array:
    """The Arrow ``lists`` (a list or large list array, perhaps a slice) with ``items`` in
    place of their items (``items[i]`` for ``lists.values[i]``): their own validity and
    offsets, not copied (``ListArray.from_arrays`` takes a null mask through
    ``pyarrow.compute``)."""
    large = pa.types.is_large_list(lists.type)
    kind = pa.large_list(items.type) if large else pa.list_(items.type)
    validity, offsets = lists.buffers()[:2]
    return pa.Array.from_buffers(
        kind, len(lists), [validity, offsets], lists.null_count, lists.offset, children=[items]
    )


def large_lists(offsets: pl.Series, items: pa.Array, present: pl.Series) -> pa.Array:
    """A large list array of ``items`` cut at ``offsets`` (64-bit, one more than the
    lists), null where ``present`` (booleans, one per list, none null) is false: built from
    buffers, as :func:`lists_of` (``LargeListArray.from_arrays`` takes its null mask
    through ``pyarrow.compute``)."""
    ends, valid = _based(offsets.cast(pl.Int64()).to_arrow()), _based(present.to_arrow())
    nulls = len(valid) - int(present.sum())
    bitmap = valid.buffers()[1] if nulls else None
    buffers = [bitmap, ends.buffers()[1]]
    return pa.Array.from_buffers(pa.large_list(items.type), len(valid), buffers, nulls, 0, [items])


def _based(array: pa.Array) -> pa.Array:
    """``array`` starting at its buffers' start (a slice copied: its offset is not
    carried by buffers taken out of it)."""
    return pa.concat_arrays([array]) if array.offset else array


def from_numpy(name: str, values: np.ndarray[Any, Any]) -> pl.Series:
    """The one-dimensional numpy ``values`` (integers, floats or booleans, no mask) as a
    polars Series named ``name`` of the same type."""
    if values.ndim != 1 or values.dtype.kind not in "iufb":
        raise TypeError(f"{name}: a 1-d numeric array, not {values.dtype} {values.shape}")
    n = len(values)
    if values.dtype.kind == "b":  # Arrow's booleans are bits, lowest first
        bits = np.packbits(values, bitorder="little")
        return from_arrow(name, pa.Array.from_buffers(pa.bool_(), n, [None, pa.py_buffer(bits)]))
    data = np.ascontiguousarray(values)
    if not data.dtype.isnative:
        data = data.astype(data.dtype.newbyteorder("="))
    kind = pa.from_numpy_dtype(data.dtype)
    return from_arrow(name, pa.Array.from_buffers(kind, n, [None, pa.py_buffer(data)]))
