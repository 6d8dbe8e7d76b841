"""Fraction texts (``"35959/119860"``) read from their Arrow bytes, eight digits at a time.

Parsing a column of many distinct texts with polars' string functions costs a pass per
function (the pattern, the split, a cast per part). Here a text's last 16 bytes, read as
two 64-bit words, show its "/" (a byte equal to it) and its denominator, the 16 bytes
before the "/" its numerator; the digits are checked and summed by word arithmetic (a byte
is a digit when it is 0-9 once ``"0"`` is subtracted; pairs, fours and eights of digits
are combined by one multiplication each). A part of at most 16 digits stays below 2**63,
so the casts' 64-bit bounds need no test. A column holding a byte beyond ASCII (polars'
pattern takes other scripts' digits for digits, its cast does not), a numerator of more
than 16 digits or a denominator of more than 15 is left to polars (:func:`parsed` gives
None).
"""

from __future__ import annotations

import sys
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa

from talentkit.batch.arrays import from_numpy

U64 = np.uint64
_ZEROS = U64(0x3030303030303030)  # "00000000"
_HIGH = U64(0xF0F0F0F0F0F0F0F0)
_SIX = U64(0x0606060606060606)
_ALL = U64(0xFFFFFFFFFFFFFFFF)
_MINUS = ord("-")
#: the most digits a part read here has (two words; 10**16 is far within 64 bits)
MOST_DIGITS = 16
#: rows per block: the word arithmetic's arrays stay in the cache (measured best at 4,096 to
#: 16,384 rows; at 131,072 the column takes half as long again)
_BLOCK = 1 << 13
_SLASHES = U64(0x2F2F2F2F2F2F2F2F)  # "////////"
_LOW7 = U64(0x7F7F7F7F7F7F7F7F)
_TOPS = U64(0x8080808080808080)
_ONES = U64(0x0101010101010101)


def _kept(k: int) -> int:
    """The mask of a word's last ``k`` bytes (none below 1, all above 8)."""
    k = min(max(k, 0), 8)
    return ((1 << 64) - 1) << (8 * (8 - k)) & ((1 << 64) - 1)


#: the masks of a part's last bytes in its two words, by the part's size (0 to 16)
_MASKS = np.array([(_kept(k - 8), _kept(k)) for k in range(17)], U64).view("V16").ravel()
#: a word's one marked byte (its low bit) times these: its index in the last 16 bytes
_INDEX = (U64(0x0001020304050607), U64(0x08090A0B0C0D0E0F))


def parsed(text: pl.Series) -> pl.Series | None:
    """The column ``text`` read as :func:`talentkit.batch.compile.fraction_parts` reads
    each text (a struct of ``num``, ``den``), or None when it holds a text not read here."""
    n = len(text)
    if n == 0 or sys.byteorder != "little":  # the words' masks take a text's last bytes high
        return None
    arrow = text.to_arrow(compat_level=pl.CompatLevel.oldest())
    if not isinstance(arrow, pa.LargeStringArray):
        return None
    _, offsets_buf, data_buf = arrow.buffers()
    assert offsets_buf is not None
    offsets = np.frombuffer(offsets_buf, np.int64, n + 1, arrow.offset * 8)
    first, last = int(offsets[0]), int(offsets[-1])
    # 16 bytes before the texts: a text's last 16 bytes can always be read
    pad = np.zeros(16 + last - first + 8, np.uint8)
    if data_buf is not None and last > first:
        data = np.frombuffer(data_buf, np.uint8, last - first, first)
        if data.max() >= 0x80:
            return None
        pad[16 : 16 + len(data)] = data
    positions = offsets + (16 - first)
    valid = text.is_not_null().to_numpy()
    num, den = np.empty(n, np.int64), np.empty(n, np.int64)
    ok, dok = np.empty(n, np.bool_), np.empty(n, np.bool_)
    records = np.ndarray((len(pad) - 15,), dtype="V16", buffer=pad, strides=(1,))
    for i in range(0, n, _BLOCK):
        b = slice(i, i + _BLOCK)
        out = (num[b], den[b], ok[b], dok[b])
        if not _parse(pad, records, positions[i : i + _BLOCK + 1], valid[b], out):
            return None
    # a text that does not match: no numerator, and a denominator only when it has no "/"
    c = pl.col
    parts = pl.struct(num=pl.when(c("ok")).then(c("num")), den=pl.when(c("dok")).then(c("den")))
    columns = {"num": num, "den": den, "ok": ok, "dok": dok, "v": valid}
    frame = pl.DataFrame([from_numpy(k, v) for k, v in columns.items()])
    return frame.select(pl.when(c("v")).then(parts).alias(text.name)).to_series()


def _parse(pad: Any, records: Any, positions: Any, valid: Any, out: Any) -> bool:
    """The texts between ``positions`` in ``pad`` into ``out``: numerator, denominator (1
    without a "/"), whether the text matches ``-?\\d+(/\\d+)?`` and whether the denominator
    is read (it matches, or has no "/"); False when a text is longer than read here."""
    start, end = positions[:-1], positions[1:]
    size = end - start
    neg = (pad[start] == _MINUS) & (size > 0)
    # the last 16 bytes: the "/" (a valid text has at most one) and the denominator
    tail = records[end - 16].view(U64)
    marks = _bytes_equal(tail, _SLASHES) & _masks(np.minimum(size, 16))
    marks >>= U64(7)
    marks = marks.reshape(-1, 2)
    slashes = _byte_sum(marks, (_ONES, _ONES))
    slash = slashes > 0
    # with one "/", its index (with more, the text does not match)
    one = slashes == 1
    den_size = np.where(one, 15 - _byte_sum(marks, _INDEX).astype(np.int64), 0)
    num_end = end - np.where(slash, den_size + 1, 0)
    num_size = num_end - start - neg
    # a numerator longer than read (or a "/" before the last 16 bytes: the text is longer
    # than 16 bytes, and all of it is taken for the numerator): left to polars
    if (valid & (num_size > MOST_DIGITS)).any():
        return False
    den_value, den_bad = _number(tail, _masks(den_size))
    num_value, num_bad = _number(records[num_end - 16].view(U64), _masks(num_size))
    num, den, ok, dok = out
    np.logical_and(num_bad == 0, num_size > 0, out=ok)
    ok &= ~slash | (one & (den_bad == 0) & (den_size > 0))
    np.logical_or(ok, ~slash, out=dok)
    signed = num_value.view(np.int64)
    np.copyto(num, np.where(neg, -signed, signed))
    np.copyto(den, np.where(slash, den_value.view(np.int64), 1))
    return True


def _masks(size: Any) -> Any:
    """The masks of each part's last ``size`` bytes (0 to 16) in its two words."""
    # a 16-byte record per size, looked up whole (no size is negative)
    return _MASKS[np.minimum(size, 16)].view(U64)


def _bytes_equal(words: Any, pattern: Any) -> Any:
    """The top bit of each byte of ``words`` equal to that of ``pattern``."""
    e = words ^ pattern
    t = e & _LOW7
    t += _LOW7
    t |= e
    return ~t & _TOPS


def _byte_sum(marks: Any, weights: tuple[Any, Any]) -> Any:
    """Per part, the sum of ``weights``' bytes where ``marks`` (two words, the low bit of
    each byte) are set: each word's bytes summed by one multiplication."""
    total = (marks[:, 0] * weights[0]) >> U64(56)
    total += (marks[:, 1] * weights[1]) >> U64(56)
    return total


def _number(words: Any, masks: Any) -> tuple[Any, Any]:
    """Each part's value (its two words' digits that ``masks`` keeps) and a flag non-zero
    where one of them is no digit."""
    value, flag = _digits(words, masks)
    value, flag = value.reshape(-1, 2), flag.reshape(-1, 2)
    number = value[:, 0] * U64(100_000_000)
    number += value[:, 1]
    return number, flag[:, 0] | flag[:, 1]


def _digits(words: Any, masks: Any) -> tuple[Any, Any]:
    """The bytes of ``words`` that ``masks`` keeps, as digits (in text order: the first
    byte is the lowest): each word's value, and a flag non-zero where one is no digit."""
    d = words ^ _ZEROS
    d &= masks  # the bytes not kept read as "0"
    # a byte 0-9 stays below 16 once 6 is added; any other byte shows in its high half
    flag = d + _SIX
    flag |= d
    flag &= _HIGH
    # pairs of digits, then fours, then the eight: one multiplication each
    d *= U64(10 * 2**8 + 1)
    d >>= U64(8)
    d &= U64(0x00FF00FF00FF00FF)
    d *= U64(100 * 2**16 + 1)
    d >>= U64(16)
    d &= U64(0x0000FFFF0000FFFF)
    d *= U64(10_000 * 2**32 + 1)
    d >>= U64(32)
    return d, flag
