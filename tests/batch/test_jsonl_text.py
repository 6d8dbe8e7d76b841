"""A JSON Lines case whose text escapes a lone UTF-16 surrogate (``"\\ud800"``, which no
UTF-8 file holds) is an error row naming the string's path; a pair of them is a character
like any other. Such a string stopped the whole run: it cannot be written as UTF-8."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest

from talentkit import Engine
from talentkit.batch import screen
from talentkit.inputtext import message_in
from talentkit.textio import lone_surrogate

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
def test_the_run_gives_error_rows_and_goes_on(tmp_path: Path, workers: int) -> None:
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
