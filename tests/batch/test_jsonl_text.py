"""A JSON Lines case whose text escapes a lone UTF-16 surrogate (``"\\ud800"``, which no
UTF-8 file holds) is an error row naming the string's path; a pair of them is a character
like any other. Such a string stopped the whole run: it cannot be written as UTF-8."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from talentkit import Engine
from talentkit.batch import screen
from talentkit.batch.io import decoded
from talentkit.inputtext import message_in
from talentkit.textio import MAX_DEPTH, lone_surrogate, shape

LINES = [
    r'{"id": "a", "person": {"name": "\ud800x"}}',
    r'{"id": "b", "person": {"name": "\ud83d\ude00 ok"}}',
    r'{"id": "c", "person": {"facts": {"\uDC00k": 1}}}',
    r'{"id": "d", "person": {"name": "\\ud800 as written"}}',
    r'{"id": "e", "person": {"name": "x\udbff", "degree": "\udfff"}}',
]


@pytest.mark.parametrize(
    ("line", "found"),
    [
        (LINES[0], r"not valid text: a lone UTF-16 surrogate (\ud800) @ $.person.name"),
        (LINES[1], None),
        (LINES[2], r"not valid text: a lone UTF-16 surrogate (\udc00) @ $.person.facts['\udc00k']"),
        (LINES[3], None),
        # the first in the text
        (LINES[4], r"not valid text: a lone UTF-16 surrogate (\udbff) @ $.person.name"),
        (r'["\ud83d", "\ude00"]', r"not valid text: a lone UTF-16 surrogate (\ud83d) @ $[0]"),
    ],
)
def test_a_lone_surrogate_is_found_with_its_path(line: str, found: str | None) -> None:
    assert lone_surrogate(line, json.loads(line)) == found


def test_the_message_reads_in_chinese() -> None:
    message = r"not valid text: a lone UTF-16 surrogate (\ud800)"
    assert message_in(message, "zh") == r"不是有效文本：含有不成对的 UTF-16 代理项（\ud800）"


@pytest.mark.parametrize("workers", [1, 2])
def test_the_run_gives_error_rows_and_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    from talentkit.batch import run

    monkeypatch.setattr(run, "PARALLEL_MIN", 1)  # (two workers parse even so few)
    src = tmp_path / "cases.jsonl"
    src.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    out, err = tmp_path / "out.parquet", tmp_path / "err.jsonl"
    summary = screen(
        Engine.create(),
        src,
        out,
        programmes=["fooland.pilot"],
        as_of=dt.date(2026, 3, 1),
        errors_path=err,
        workers=workers,
    )
    assert summary.balanced
    errors = [json.loads(line) for line in err.read_text(encoding="utf-8").splitlines()]
    assert [(e["row"], e["path"]) for e in errors] == [
        (1, "$.person.name"),
        (3, "$.person.facts['\\udc00k']"),
        (5, "$.person.name"),
    ]
    results = pl.read_parquet(out)
    assert results.get_column("subject_id").unique(maintain_order=True).to_list() == ["b", "d"]


def _same(a: object, b: object) -> bool:
    """Equal, and of the same types throughout (a float is not a Decimal, nor an int)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a == b or (a != a and b != b)  # (NaN)


def _number(draw: st.DrawFn) -> str:
    whole = draw(st.integers(min_value=-(10**25), max_value=10**25))
    form = draw(st.sampled_from(["int", "frac", "exp", "edge"]))
    if form == "frac":
        return f"{whole}.{draw(st.integers(0, 10**6))}"
    if form == "exp":
        return f"{whole}{draw(st.sampled_from(['e', 'E']))}{draw(st.integers(-30, 30))}"
    if form == "edge":
        return str(draw(st.sampled_from([2**63 - 1, -(2**63), 2**63, -(2**63) - 1, 2**64, -0])))
    return str(whole)


@st.composite
def _json_texts(draw: st.DrawFn, depth: int = 0) -> str:
    kind = draw(
        st.sampled_from(["number", "text", "const", "list", "object"][: 3 if depth > 3 else 5])
    )
    if kind == "number":
        return _number(draw)
    if kind == "text":
        return json.dumps(draw(st.text(max_size=8)), ensure_ascii=draw(st.booleans()))
    if kind == "const":
        return draw(st.sampled_from(["true", "false", "null", "NaN", "-Infinity"]))
    items = draw(st.lists(_json_texts(depth + 1), max_size=4))
    if kind == "list":
        return "[" + ", ".join(items) + "]"
    keys = draw(st.lists(st.text(max_size=4), min_size=len(items), max_size=len(items)))
    return "{" + ", ".join(f"{json.dumps(k)}: {v}" for k, v in zip(keys, items, strict=True)) + "}"


@given(text=_json_texts(), noise=st.sampled_from(["", " ", ",", "]", "\\ud800", "x"]))
def test_a_line_is_read_as_the_standard_parser_reads_it(text: str, noise: str) -> None:
    """Whichever parser reads it, a line's value is what ``json.loads`` with exact
    fractions gives (an integer of any size, a fraction as a Decimal, repeated keys, the
    constants it takes), and a line it refuses is refused with its error."""
    for line in (text, text + noise, '"' + noise + '"'):
        want, error = _standard(line)
        if error is None:
            assert _same(decoded(line)[0], want)
            assert decoded(line)[1] == shape(want)
            continue
        with pytest.raises(type(error)) as err:
            decoded(line)
        assert str(err.value) == str(error)


def _standard(line: str) -> tuple[object, ValueError | None]:
    try:
        return json.loads(line, parse_float=Decimal), None
    except ValueError as exc:
        return None, exc


@pytest.mark.parametrize(
    "number",
    [2**63 - 1, -(2**63), 2**63, -(2**63) - 1, 2**64 - 1, 2**64, -(2**64), 10**30, -(10**30)],
)
def test_integers_beyond_64_bits_stay_integers(number: int) -> None:
    """orjson reads some of them as floats: such a line is read by ``json.loads``."""
    for line in (str(number), f'{{"person": {{"facts": {{"x": {number}}}}}}}', f"[1, {number}]"):
        assert _same(decoded(line)[0], json.loads(line))


@pytest.mark.parametrize("depth", [MAX_DEPTH - 3, MAX_DEPTH - 2, MAX_DEPTH + 5])
@pytest.mark.parametrize("leaf", ["1", "1.5"])
def test_the_depth_and_keys_of_a_line(depth: int, leaf: str) -> None:
    """Told in the decoding's walk, as :func:`shape` tells them, with a float or not."""
    line = '{"a": {"b": 1, "c": ' + "[" * depth + leaf + "]" * depth + "}}"
    want = json.loads(line, parse_float=Decimal)
    assert _same(decoded(line)[0], want)
    assert decoded(line)[1] == shape(want)
    if depth > MAX_DEPTH - 2:
        assert decoded(line)[1][0] == "$.a.c" + "[0]" * (MAX_DEPTH - 1)


def test_a_csv_cell_of_json_with_a_lone_surrogate_is_an_error_row(tmp_path: Path) -> None:
    """A header naming a whole list takes its cells as JSON, whose escapes may give one."""
    src = tmp_path / "cases.csv"
    src.write_text(
        'id,person.positions\na,"[{""rank"": ""x""}, {""rank"": ""\\ud800""}]"\n'
        'b,"[{""rank"": ""x""}]"\n',
        encoding="utf-8",
    )
    (error,) = error_rows(src, tmp_path)
    assert (error["row"], error["path"]) == (2, "$.person.positions[1].rank")
    assert error["message"] == r"not valid text: a lone UTF-16 surrogate (\ud800)"


def error_rows(src: Path, tmp_path: Path) -> list[dict[str, Any]]:
    """The error rows of ``src`` screened (one process), checking that every row is
    accounted for."""
    err = tmp_path / "err.jsonl"
    summary = screen(
        Engine.create(),
        src,
        tmp_path / "out.parquet",
        programmes=["fooland.pilot"],
        as_of=dt.date(2026, 3, 1),
        errors_path=err,
        workers=1,
    )
    assert summary.balanced
    return [json.loads(line) for line in err.read_text(encoding="utf-8").splitlines()]
