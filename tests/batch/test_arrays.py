"""Arrays handed to polars through the Arrow C data interface give what polars' own
converters give."""

from __future__ import annotations

import numpy as np
import polars as pl
import pyarrow as pa
import pytest

from talentkit.batch.arrays import from_arrow, from_numpy, large_lists, lists_of


@pytest.mark.parametrize(
    "values",
    [
        np.array([0, 7, 2**32 - 1], dtype=np.uint32),
        np.array([-(2**63), 0, 2**63 - 1], dtype=np.int64),
        np.array([0, 255], dtype=np.uint8),
        np.array([1.5, -0.25]),
        np.array([True, False, True, True, False, False, False, True, True]),
        np.arange(12, dtype=np.int64)[::3],  # not contiguous
        np.array([1, 256], dtype=">i4"),  # not in the machine's byte order
        np.array([], dtype=np.uint32),
    ],
    ids=["u32", "i64-limits", "u8", "f64", "bool-9", "strided", "big-endian", "empty"],
)
def test_a_numpy_array_gives_polars_own_series(values: np.ndarray) -> None:
    got = from_numpy("x", values)
    want = pl.Series("x", values)
    assert got.name == "x"
    assert got.dtype == want.dtype
    assert got.to_list() == want.to_list()


def test_the_series_outlives_the_numpy_array_it_was_made_of() -> None:
    values = np.arange(100_000, dtype=np.int64)
    got = from_numpy("x", values)
    del values
    np.full(100_000, -1, dtype=np.int64)  # (memory freed would likely be taken again here)
    assert got.sum() == 100_000 * 99_999 // 2


@pytest.mark.parametrize("values", [np.zeros((2, 2)), np.array(["a"])], ids=["2-d", "text"])
def test_an_array_not_numeric_and_flat_is_refused(values: np.ndarray) -> None:
    with pytest.raises(TypeError, match="1-d numeric array"):
        from_numpy("x", values)


def test_an_arrow_array_gives_polars_own_series() -> None:
    lists = pa.LargeListArray.from_arrays(
        pa.array([0, 2, 2, 3], pa.int64()), pa.array([1, None, 3], pa.int32())
    )
    got = from_arrow("x", lists)
    want = pl.Series("x", lists)
    assert (got.name, got.dtype, got.to_list()) == ("x", want.dtype, want.to_list())


@pytest.mark.parametrize("large", [True, False], ids=["large", "small"])
def test_lists_of_new_items_keep_the_slice_s_offsets_and_nulls(large: bool) -> None:
    kind = pa.large_list(pa.int32()) if large else pa.list_(pa.int32())
    whole = pa.array([[1, 2], None, [], [3], None, [4, 5, 6]], kind)
    items = pa.array([str(i) for i in range(len(whole.values))], pa.large_string())
    for start, length in ((0, 6), (1, 5), (3, 1), (2, 0)):
        lists = whole.slice(start, length)
        want = [None if x is None else [str(i - 1) for i in x] for x in lists.to_pylist()]
        built = lists_of(lists, items)
        assert built.to_pylist() == want
        assert built.null_count == sum(x is None for x in want)
        assert pa.types.is_large_list(built.type) == large


def test_large_lists_cut_items_at_offsets_null_where_absent() -> None:
    items = pa.array(["a", "b", "c"], pa.large_string())
    present = pl.Series([True, False, True, True])
    built = large_lists(pl.Series([0, 1, 1, 3, 3]), items, present)
    want = pa.LargeListArray.from_arrays(
        pa.array([0, 1, 1, 3, 3], pa.int64()), items, mask=pa.array([False, True, False, False])
    )
    assert built.equals(want)
    assert built.null_count == 1
    # slices of both (their offsets not carried by their buffers) and none absent
    offsets = pl.Series([7, 0, 2, 3]).slice(1)
    every = pl.Series([False, True, True]).slice(1)
    assert large_lists(offsets, items, every).to_pylist() == [["a", "b"], ["c"]]
    assert large_lists(offsets, items, every).null_count == 0
