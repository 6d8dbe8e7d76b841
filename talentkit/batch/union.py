"""The union of dated spells per case, over a list step's exploded items.

Only the spells that count are kept (most items of a list of posts may not), sorted by
case and start (not at all when they already lie so, as listed posts often do), and their
union measured with a running maximum of the ends: a spell adds the days it reaches past
every earlier spell of its case, so overlapping spells count once.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs
import polars as pl
import pyarrow as pa

from talentkit.batch.arrays import from_arrow

_DAY0 = 2**31 + 1  # a date's days since 1970 (32 bits) plus this are in [1, 2**32]
_CASE = 2**33  # the case's number is packed above them (cases of a chunk < 2**30)
_NEVER = -(2**62)  # an end before every day

#: the columns a union gives per case (each name is the union's followed by one of these)
PARTS = ("_tot", "_cnt", "_first", "_last")


@attrs.frozen
class SpellUnion:
    """Per case, the union of its items' spells from ``start`` to ``end`` (dates) where
    ``valid`` holds (and implies that both are set, the start not after the end):
    ``<name>_tot`` its days (0 without a spell), ``<name>_cnt`` the spells it is made of
    once merged, ``<name>_first`` and ``<name>_last`` its first and last day (null without
    a spell)."""

    valid: pl.Expr
    start: pl.Expr
    end: pl.Expr

    def exprs(self) -> list[pl.Expr]:
        return [self.valid, self.start, self.end]


def day_numbers(date: pl.Expr) -> pl.Expr:
    """A date column's days since 1970, in 64 bits (null for null)."""
    return date.cast(pl.Int32()).cast(pl.Int64())


def _per_case(offsets: pa.Array, values: pl.Series) -> pl.Series:
    """The sum of ``values`` per case (cut at ``offsets``: no copy), 0 for a case without."""
    cut = pa.LargeListArray.from_arrays(offsets, values.rechunk().to_arrow())
    return from_arrow(values.name, cut).list.sum()


def _none(name: str, n: int) -> list[pl.Series]:
    """The union's columns for ``n`` cases none of which has a spell that counts."""
    zero = pl.repeat(0, n, dtype=pl.Int64(), eager=True)
    null = pl.repeat(None, n, dtype=pl.Date(), eager=True)
    return [zero.alias(name + "_tot"), zero.alias(name + "_cnt")] + [
        null.alias(name + part) for part in ("_first", "_last")
    ]


def spell_unions(
    ex: pl.DataFrame,
    group: str,
    counts: Mapping[str, pl.Series],
    unions: Mapping[str, SpellUnion],
) -> list[pl.Series]:
    """The per-case columns of ``unions`` over the items ``ex`` (in case order, ``group``
    each item's case); ``counts``: per union, its number of spells per case (the length of
    the result)."""
    out: list[pl.Series] = []
    for name, union in unions.items():
        count = counts[name]
        if not count.max():  # no spell counts (or no case): nothing to sort or measure
            out += _none(name, count.len())
            continue
        spells = ex.select(
            case=pl.col(group).cast(pl.Int64()) * _CASE,
            s=day_numbers(union.start),
            e=day_numbers(union.end),
            valid=union.valid,
        ).filter(pl.col("valid"))
        key = spells.select(pl.col("case") + pl.col("s") + _DAY0).to_series()
        if not key.is_sorted():
            spells = spells.with_columns(key=key).sort("key").drop("key")
        case, s, e = pl.col("case"), pl.col("s"), pl.col("e")
        reached = (case + e + _DAY0).cum_max()  # at a case's last spell: its last end
        before = reached.shift(1) - case
        # the furthest end of the case's earlier spells, or before every day where none
        reach = pl.when(before > 0).then(before - _DAY0).otherwise(_NEVER)
        measured = spells.select(
            tot=(e - pl.max_horizontal(s, reach)).clip(lower_bound=0),
            cnt=(s > reach).cast(pl.Int64()),
            last=reached - case - _DAY0,
            first=s,
        )
        ends = count.cast(pl.Int64()).cum_sum()
        offsets = pl.concat([pl.Series([0], dtype=pl.Int64()), ends]).to_arrow()
        some = count > 0
        firsts, lasts = pl.select(
            firsts=pl.when(some).then(ends - count).cast(pl.get_index_type()),
            lasts=pl.when(some).then(ends - 1).cast(pl.get_index_type()),
        )
        first = measured.get_column("first").gather(firsts)
        last = measured.get_column("last").gather(lasts)
        out += [
            _per_case(offsets, measured.get_column("tot")).alias(name + "_tot"),
            _per_case(offsets, measured.get_column("cnt")).alias(name + "_cnt"),
            first.cast(pl.Int32()).cast(pl.Date()).alias(name + "_first"),
            last.cast(pl.Int32()).cast(pl.Date()).alias(name + "_last"),
        ]
    return out
