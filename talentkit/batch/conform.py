"""A nested column brought to its field's layout: records given the fields they lack (as
nulls, facts not known), their fields in the layout's order, leaves cast strictly.

A strict cast of a record to another record does not do this across polars versions: up
to 2.1 it filled the fields the column lacks and silently dropped the ones the layout
lacks (a misspelt ``person.birth_dat`` read as no birth date); from 2.2 it refuses a
column that lacks a field. Here each record is rebuilt field by field, the fields the
layout lacks are named, and only leaves are cast, so a value of the wrong type still
stops the run instead of becoming a null.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:
    from polars._typing import PolarsDataType as DataType  # a type or its class


def conformed(
    expr: pl.Expr, have: DataType, want: DataType, path: str
) -> tuple[pl.Expr, list[str]]:
    """``expr`` (of type ``have``) as ``want``, and the fields it has that ``want`` lacks,
    each as ``"'name' (did you mean 'other'?) @ path"``.

    ``path`` names the column as an input path (``$.person``); the items of a list are
    named ``[*]``.
    """
    if not _refilled(have, want):
        return expr.cast(want, strict=True), _unknown(have, want, path)
    if isinstance(have, pl.List) and isinstance(want, pl.List):
        inner, unknown = conformed(pl.element(), have.inner, want.inner, f"{path}[*]")
        return expr.list.eval(inner), unknown
    assert isinstance(have, pl.Struct)
    assert isinstance(want, pl.Struct)
    given = {f.name: f.dtype for f in have.fields}
    fields, unknown = [], _extra(have, want, path)
    for f in want.fields:
        if f.name not in given:
            fields.append(pl.lit(None, dtype=f.dtype).alias(f.name))
            continue
        field, more = conformed(
            expr.struct.field(f.name), given[f.name], f.dtype, _at(path, f.name)
        )
        fields.append(field.alias(f.name))
        unknown += more
    # a record that is null stays null, not a record of nulls
    return pl.when(expr.is_not_null()).then(pl.struct(fields)), unknown


def _refilled(have: DataType, want: DataType) -> bool:
    """Whether a record in ``have`` lacks a field of ``want`` or has them in another
    order: what a strict cast does not settle the same way in every polars version."""
    if isinstance(have, pl.List) and isinstance(want, pl.List):
        return _refilled(have.inner, want.inner)
    if isinstance(have, pl.Struct) and isinstance(want, pl.Struct):
        given = {f.name: f.dtype for f in have.fields}
        names = [f.name for f in want.fields if f.name in given]
        if names != [f.name for f in have.fields if f.name in names] or len(names) < len(
            want.fields
        ):
            return True
        return any(_refilled(given[f.name], f.dtype) for f in want.fields)
    return False


def _unknown(have: DataType, want: DataType, path: str) -> list[str]:
    """The fields ``have`` has at any depth that ``want`` lacks."""
    if isinstance(have, pl.List) and isinstance(want, pl.List):
        return _unknown(have.inner, want.inner, f"{path}[*]")
    if not (isinstance(have, pl.Struct) and isinstance(want, pl.Struct)):
        return []
    wanted = {f.name: f.dtype for f in want.fields}
    out = _extra(have, want, path)
    for f in have.fields:
        if f.name in wanted:
            out += _unknown(f.dtype, wanted[f.name], _at(path, f.name))
    return out


def _extra(have: pl.Struct, want: pl.Struct, path: str) -> list[str]:
    names = [f.name for f in want.fields]
    out = []
    for f in have.fields:
        if f.name not in names:
            close = difflib.get_close_matches(f.name, names, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            out.append(f"{f.name!r}{hint} @ {path}")
    return out


def _at(path: str, name: str) -> str:
    """``path`` and then the field ``name``: dotted, or quoted where the name has a dot
    (a fact's name, ``$.facts['shaanxi.arrival_date']``), as input errors name fields."""
    return f"{path}.{name}" if name.isidentifier() else f"{path}[{name!r}]"
