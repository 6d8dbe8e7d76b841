"""A Parquet row group read with pyarrow, leaving out the leaf columns it holds no value of.

A profile file has hundreds of leaf columns, most of them empty in most files (a fact few
cases state, a record's note): polars decodes a struct or list column whole, every leaf's
levels included, while pyarrow reads the leaves asked for, and its nested arrays converted
to polars cost less than polars' own decoding of them. A leaf whose statistics count a null
for every value of the row group is not read and is made null; each struct and list keeps
at least one leaf read, which gives which rows hold it (and the stated empty lists), so the
frame is the one polars reads, value for value and type for type.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import polars as pl

#: Arrow types whose conversion to polars is the type polars' own Parquet reader gives
_PLAIN = (
    "is_boolean",
    "is_int8",
    "is_int16",
    "is_int32",
    "is_int64",
    "is_date32",
    "is_string",
    "is_large_string",
)


def _plain(t: Any) -> bool:
    import pyarrow as pa

    return any(getattr(pa.types, test)(t) for test in _PLAIN)


def _text(t: Any) -> bool:
    import pyarrow as pa

    return bool(pa.types.is_string(t) or pa.types.is_large_string(t))


def _is_list(t: Any) -> bool:
    import pyarrow as pa

    return bool(pa.types.is_list(t) or pa.types.is_large_list(t))


def readable(t: Any) -> bool:
    """Whether a column of Arrow type ``t`` is read this way: structs and lists of text,
    whole numbers, booleans and dates (any other type, and a column of one leaf, which
    polars decodes as fast, is left to polars)."""
    import pyarrow as pa

    return bool(pa.types.is_struct(t) or _is_list(t)) and _holds(t)


def _holds(t: Any) -> bool:
    import pyarrow as pa

    if pa.types.is_struct(t):
        return t.num_fields > 0 and all(_holds(f.type) for f in t)
    if _is_list(t):
        return _holds(t.value_type)
    return _plain(t)


def _width(t: Any) -> int:
    """The number of leaf columns of a column of type ``t`` (of a :func:`readable` type, or
    a type of one leaf)."""
    import pyarrow as pa

    if pa.types.is_struct(t):
        return sum(_width(f.type) for f in t)
    if _is_list(t):
        return _width(t.value_type)
    if pa.types.is_map(t):
        return _width(t.key_type) + _width(t.item_type)
    return 1


def _kept(t: Any, first: int, valued: set[int], out: list[int]) -> bool:
    """Append to ``out`` the leaves of a column of type ``t`` (whose first leaf is
    ``first``) to read: those in ``valued``, and of each struct or list none of whose
    leaves is, its first leaf. True when some leaf under ``t`` is read."""
    import pyarrow as pa

    if pa.types.is_struct(t):
        any_read, at = False, first
        for f in t:
            any_read = _kept(f.type, at, valued, out) or any_read
            at += _width(f.type)
        if not any_read:
            out.append(first)
        return True
    if _is_list(t):
        if not _kept(t.value_type, first, valued, out):
            out.append(first)
        return True
    if first in valued:
        out.append(first)
        return True
    return False


def _valued(group: Any, leaves: range) -> set[int]:
    """The leaves of ``leaves`` the row group's statistics do not show null in every value."""
    out = set()
    for i in leaves:
        stats = group.column(i).statistics
        if (
            stats is None
            or not stats.has_null_count
            or stats.null_count != group.column(i).num_values
        ):
            out.add(i)
    return out


def _viewed(t: Any) -> Any:
    """The type ``t`` with text as Arrow string views, which polars takes as they are (large
    text it copies into views of its own: most of the conversion's time), where pyarrow
    has them."""
    import pyarrow as pa

    if not hasattr(pa, "string_view"):  # pragma: no cover - pyarrow before 16
        return t
    if pa.types.is_struct(t):
        return pa.struct([f.with_type(_viewed(f.type)) for f in t])
    if pa.types.is_large_list(t):
        return pa.large_list(t.value_field.with_type(_viewed(t.value_type)))
    if pa.types.is_list(t):
        return pa.list_(t.value_field.with_type(_viewed(t.value_type)))
    if _text(t):
        return pa.string_view()
    return t


#: the texts each text leaf read as codes can hold (its dictionaries), by its path: the
#: column, then the fields of the structs under it (a list adds nothing); None: a leaf
#: some chunk of which was not read as codes; empty: a leaf left out as null (no text)
Coded = dict[tuple[str, ...], list[Any] | None]


def _filled(
    array: Any,
    full: Any,
    nulls: dict[tuple[int, Any], Any],
    path: tuple[str, ...] = (),
    coded: Coded | None = None,
) -> Any:
    """``array`` (read with some leaves left out) in the type ``full``: the leaves left out
    null (one array for each length and type, in ``nulls``), the validity and list offsets
    those read (no copy), text cast to views (reusing its bytes), text read as codes
    gathered as views (:func:`_views`), its dictionaries noted in ``coded`` by ``path``."""
    import pyarrow as pa

    if array.type == full:
        return array
    if array.offset:  # pragma: no cover - pyarrow reads a row group from its first row
        array = pa.concat_arrays([array])
    validity = array.buffers()[0]
    if pa.types.is_struct(full):
        read = {array.type.field(j).name: j for j in range(array.type.num_fields)}
        children = []
        for f in full:
            if f.name in read:
                child = array.field(read[f.name])
                children.append(_filled(child, f.type, nulls, (*path, f.name), coded))
                continue
            key = (len(array), f.type)
            if key not in nulls:
                nulls[key] = pa.nulls(len(array), f.type, memory_pool=_pool())
            children.append(nulls[key])
            if coded is not None:  # left out as null throughout: its text leaves hold none
                for leaf in _text_leaves(f.type, (*path, f.name)):
                    if coded.get(leaf, []) is not None:
                        coded.setdefault(leaf, [])
        return pa.Array.from_buffers(
            full, len(array), [validity], array.null_count, children=children
        )
    if _is_list(full):
        values = _filled(array.values, full.value_type, nulls, path, coded)
        offsets = array.buffers()[1]
        return pa.Array.from_buffers(
            full, len(array), [validity, offsets], array.null_count, children=[values]
        )
    if pa.types.is_dictionary(array.type) and pa.types.is_string_view(full):
        if coded is not None and coded.get(path, []) is not None:
            coded.setdefault(path, []).append(array.dictionary)  # type: ignore[union-attr]
        return _views(array)
    if coded is not None and pa.types.is_string_view(full):
        coded[path] = None
    return array.cast(full, memory_pool=_pool())


def _text_leaves(t: Any, path: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The paths of the text leaves under a column of type ``t`` (views, as
    :func:`_viewed` makes them) at ``path`` (a list adds nothing to a path)."""
    import pyarrow as pa

    if pa.types.is_struct(t):
        return [leaf for f in t for leaf in _text_leaves(f.type, (*path, f.name))]
    if _is_list(t):
        return _text_leaves(t.value_type, path)
    return [path] if pa.types.is_string_view(t) else []


def _views(array: Any) -> Any:
    """A dictionary of text (of offset 0) as text views: each code's view of its text,
    gathered as 16-byte values (the texts themselves are not copied; a null's view is that
    of the code under it, any text's)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    texts = array.dictionary.cast(pa.string_view(), memory_pool=_pool())
    if texts.offset:  # pragma: no cover - a dictionary read is whole
        texts = pa.concat_arrays([texts])
    buffers = texts.buffers()
    if not len(texts):  # every code is a null's
        return pa.nulls(len(array), pa.string_view(), memory_pool=_pool())
    views = pa.Array.from_buffers(pa.binary(16), len(texts), [None, buffers[1]])
    # the codes as they lie, nulls' included, when one pass finds each a text's: then a
    # null's is any text's and the gather's own check (a slower pass) is left out; else
    # the nulls' codes made the first text's and each code checked by the gather
    codes = array.indices
    raw = pa.Array.from_buffers(codes.type, len(codes), [None, codes.buffers()[1]], 0, codes.offset)
    least, most = pc.min_max(raw).values()
    if least.is_valid and least.as_py() >= 0 and most.as_py() < len(texts):
        gathered = pc.take(views, raw, boundscheck=False, memory_pool=_pool())
    else:
        codes = codes.fill_null(0) if codes.null_count else codes
        gathered = pc.take(views, codes, memory_pool=_pool())
    return pa.Array.from_buffers(
        pa.string_view(),
        len(array),
        [array.buffers()[0], gathered.buffers()[1], *buffers[2:]],
        array.null_count,
    )


@functools.cache
def _pool() -> Any:
    """jemalloc where pyarrow has it, else the system's allocator: pyarrow's default
    (mimalloc) spent a second of system time per million rows here giving memory back and
    taking it again."""
    import pyarrow as pa

    try:
        return pa.jemalloc_memory_pool()
    except NotImplementedError:  # pragma: no cover - a pyarrow built without it
        return pa.system_memory_pool()


class File:
    """A Parquet file open for :func:`read_group`: ``schema_arrow`` holds its columns'
    types as stored, while its text leaves of few distinct values (:func:`_coded_text`)
    are read as their dictionaries and codes."""

    def __init__(self, path: Any) -> None:
        from pyarrow._parquet import ParquetReader

        reader = ParquetReader(memory_pool=_pool())
        reader.open(str(path))
        self.schema_arrow = reader.schema_arrow
        self.metadata = reader.metadata
        coded = _coded_text(self.metadata)
        if coded:
            reader.close()
            reader = ParquetReader(memory_pool=_pool())
            reader.open(str(path), read_dictionary=coded)
        self._reader = reader

    def read_row_groups(self, groups: Sequence[int], columns: Sequence[int]) -> Any:
        # (pyarrow's threads cost more CPU time than they save here)
        return self._reader.read_row_groups(groups, column_indices=columns, use_threads=False)

    def close(self) -> None:
        self._reader.close()


def open_file(path: Any) -> File:
    """The Parquet file ``path``, open for :func:`read_group`."""
    return File(path)


def _coded_text(md: Any) -> list[str]:
    """The paths of the text leaves under a list or struct whose every column chunk is
    dictionary-encoded with a dictionary page of at most half its bytes: pyarrow reads their
    codes without decoding each text (several times cheaper for keys and kinds), whereas
    a leaf of nearly distinct texts (an id) costs more so. A chunk whose later pages fall
    back to plain encoding is still read right (pyarrow builds its dictionary)."""
    out = []
    for i in range(md.num_columns):
        column = md.schema.column(i)
        inside = column.max_definition_level > 1 or column.max_repetition_level > 0
        text = column.physical_type == "BYTE_ARRAY" and column.logical_type.type == "STRING"
        if not text or not inside:
            continue
        if all(_small_dictionary(md.row_group(g).column(i)) for g in range(md.num_row_groups)):
            out.append(column.path)
    return out


def _small_dictionary(chunk: Any) -> bool:
    if not chunk.has_dictionary_page or chunk.dictionary_page_offset is None:
        return False
    page = chunk.data_page_offset - chunk.dictionary_page_offset
    return bool(0 <= page <= chunk.total_compressed_size // 2)


def leaf_starts(reader: Any) -> dict[str, int] | None:
    """The index of the first leaf column of each :func:`readable` column of the file, or
    None when the leaves are not laid out as the columns' types say (a type whose leaves
    this module does not count)."""
    md = reader.metadata
    out, at = {}, 0
    for field in reader.schema_arrow:
        width = _width(field.type)
        if readable(field.type):
            paths = [md.schema.column(i).path for i in range(at, min(at + width, md.num_columns))]
            if len(paths) < width or not all(p.startswith(field.name + ".") for p in paths):
                return None
            out[field.name] = at
        at += width
    return out if at == md.num_columns else None


def read_group(
    reader: Any,
    group: int,
    columns: Sequence[str],
    texts: dict[tuple[str, ...], pl.Series] | None = None,
) -> pl.DataFrame:
    """The ``columns`` of row group ``group`` of ``reader`` (:func:`open_file`; the
    columns all :func:`readable`) as polars reads them. ``texts`` receives, for each text
    leaf read as codes, every text it can hold there (by its path: the column, then the
    fields of the structs under it); a leaf not there may hold any."""
    import pyarrow as pa

    rg = reader.metadata.row_group(group)
    schema = reader.schema_arrow
    first = leaf_starts(reader)
    assert first is not None
    series = []
    for name in columns:  # one at a time: pyarrow's arrays are dropped once converted
        start = first[name]
        full = _viewed(schema.field(name).type)
        wanted: list[int] = []
        width = _width(full)
        if not _kept(full, start, _valued(rg, range(start, start + width)), wanted):
            wanted.append(start)  # (a column of one leaf, null in every row)
        table = reader.read_row_groups([group], sorted(wanted))
        nulls: dict[tuple[int, Any], Any] = {}
        coded: Coded = {}
        chunks = [_filled(c, full, nulls, (name,), coded) for c in table.column(0).chunks]
        if texts is not None:
            texts.update(_texts(coded))
        array = pa.chunked_array(chunks, type=full)
        del table
        column = pl.from_arrow(array)
        assert isinstance(column, pl.Series)
        series.append(column.alias(name))
        del array
    return pl.DataFrame(series)


def _texts(coded: Coded) -> dict[tuple[str, ...], pl.Series]:
    import pyarrow as pa

    out = {}
    for path, dictionaries in coded.items():
        if not dictionaries:  # None: any text; empty: none (the leaf was left out as null)
            if dictionaries is not None:
                out[path] = pl.Series(path[-1], [], dtype=pl.String())
            continue
        values = pa.chunked_array(dictionaries, type=dictionaries[0].type)
        out[path] = pl.Series(path[-1], values, dtype=pl.String())
    return out
