"""Fraction texts read from their bytes read exactly as polars' pattern and casts read them."""

from __future__ import annotations

import itertools
import random

import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talentkit.batch.compile import FRACTION, fraction_column, split_fractions
from talentkit.batch.fraction_bytes import _BLOCK, parsed
from tests.batch.test_compile_parts import _reference


def _same(texts: pl.Series) -> None:
    """The column read from its bytes equals polars' reading and the reference's."""
    got = parsed(texts)
    assert got is not None
    assert got.dtype == FRACTION
    assert got.name == texts.name
    assert got.equals(split_fractions(texts))
    assert [None if f is None else (f["num"], f["den"]) for f in got] == [
        _reference(t) for t in texts
    ]


def _pieces(texts: list[str | None]) -> list[pl.Series]:
    """The column whole, in several chunks, and as slices (offsets into its buffers)."""
    column = pl.Series("t", texts, dtype=pl.String())
    third = max(len(texts) // 3, 1)
    chunks = pl.concat(
        [column[:third], column[third : 2 * third], column[2 * third :]], rechunk=False
    )
    return [c for c in (column, chunks, column[1:], column[third:-1], chunks[2:]) if len(c)]


#: texts at the pattern's edges: signs, spaces, a doubled, empty or absent part, leading
#: zeros, "-0", a zero denominator, other characters next to the digits (":" and "/" are
#: the bytes either side of "0"-"9"), 16 digits (the most read) in either part
EDGES: list[str | None] = ["1/3", "1", "-1/3", "-0", "-0/5", "01/03", "000/0001", "1/0", "0"]
EDGES += ["+1/3", "1/+3", "1/-3", "--1", "-", "/", "//", "/3", "1/", "-/3", "1-2", "1/2/3"]
EDGES += [" 1/3", "1/3 ", "1 /3", "1/3\n", "\t1", "", "1//3", "1/3/", "30%", "0.3", "1e3"]
EDGES += ["abc/3", "3/abc", ":/;", "9:", "/9", ":1", "1/:", "1./3", None]
EDGES += ["9999999999999999", "-9999999999999999", "1/999999999999999", "0000000000000001/2"]
EDGES += ["1234567812345678/2", "-1234567812345678/876543218765432", "12345678/87654321"]


def test_edge_texts_read_as_the_pattern() -> None:
    for column in _pieces(EDGES):
        _same(column)
    for text in EDGES:  # each alone, beside a plain text
        _same(pl.Series("t", [text, "1/2"], dtype=pl.String()))


def test_every_short_text_of_the_pattern_s_characters() -> None:
    """Every text of up to four characters of digits, signs, "/" and a stranger."""
    alphabet = "09-/+a"
    texts: list[str | None] = [None]
    for size in range(5):
        texts += ["".join(t) for t in itertools.product(alphabet, repeat=size)]
    for column in _pieces(texts):
        _same(column)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.none(),
            st.text(alphabet="0123456789/-+ .x", max_size=16),
            st.from_regex(r"-?[0-9]{1,16}(/[0-9]{1,15})?", fullmatch=True),
        ),
        max_size=40,
    )
)
def test_generated_texts_read_as_the_pattern(texts: list[str | None]) -> None:
    for column in _pieces(texts):
        _same(column)


def test_blocks_of_a_long_column_and_a_fallback_in_the_last() -> None:
    """Across the blocks the words are read in; one text too long for the words in the
    last block leaves the whole column to polars, which reads it alike."""
    rng = random.Random(7)
    texts: list[str | None] = [
        None if rng.random() < 0.1 else f"{rng.randrange(-(10**9), 10**9)}/{rng.randrange(10**12)}"
        for _ in range(2 * _BLOCK + 5)
    ]
    texts[_BLOCK - 1 : _BLOCK + 1] = ["1/3", "abc"]
    for column in _pieces(texts):
        _same(column)
    longer = [*texts, "1/1234567812345678"]  # a denominator of 16 digits: not read here
    column = pl.Series("t", longer, dtype=pl.String())
    assert parsed(column) is None
    assert fraction_column(column).equals(split_fractions(column))


@pytest.mark.parametrize(
    "text",
    [
        "9223372036854775807",
        "-9223372036854775808",
        "9223372036854775808",
        "-9223372036854775809",
        "9223372036854775807/9223372036854775807",
        "1/9223372036854775808",
        "12345678123456781/2",
        "٣/4",
        "１/２",
        "1/٣",
        "00000000000000000001/2",
        "1" * 1000,
        "1/" + "2" * 500,
        "x" * 100 + "/1",
    ],
)
def test_beyond_the_words_or_ascii_left_to_polars(text: str) -> None:
    """More digits than two words hold (the 64-bit bounds among them, leading zeros, long
    texts) or a byte beyond ASCII: the column is read by polars, as before."""
    column = pl.Series("t", ["1/3", text, None], dtype=pl.String())
    assert parsed(column) is None
    got = fraction_column(column)
    assert got.equals(split_fractions(column))
    assert [None if f is None else (f["num"], f["den"]) for f in got] == [
        _reference(t) for t in column
    ]


def test_empty_and_null_columns() -> None:
    assert parsed(pl.Series("t", [], dtype=pl.String())) is None
    assert fraction_column(pl.Series("t", [], dtype=pl.String())).dtype == FRACTION
    for nulls in ([None], [None] * 3, [None, ""]):
        _same(pl.Series("t", nulls, dtype=pl.String()))


def test_a_null_text_over_bytes_reads_null() -> None:
    """A null row whose slot in the buffers still holds a text is null, whatever the text."""
    data = b"1/3abc7/8"
    offsets = pa.array([0, 3, 6, 9], type=pa.int64())
    validity = pa.array([True, False, True]).buffers()[1]
    array = pa.LargeStringArray.from_buffers(3, offsets.buffers()[1], pa.py_buffer(data), validity)
    column = pl.Series("t", array)
    assert column.to_list() == ["1/3", None, "7/8"]
    _same(column)


def test_a_big_endian_machine_is_left_to_polars(monkeypatch: pytest.MonkeyPatch) -> None:
    """The words' masks take a text's last bytes as the word's high bytes (little-endian):
    elsewhere the column is read by polars."""
    column = pl.Series("t", ["1/3", "22/7", None], dtype=pl.String())
    monkeypatch.setattr("talentkit.batch.fraction_bytes.sys.byteorder", "big")
    assert parsed(column) is None
    assert fraction_column(column).equals(split_fractions(column))
