"""A JSON object that gives a key twice is an input error naming the key's path, wherever
JSON is read (a case file, a JSON Lines row, the service's body): a JSON parser keeps the
last value, so the earlier one was dropped without a word (TOML refuses such a file)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from talentkit import InputError
from talentkit.cli import main
from talentkit.convert import read_document
from talentkit.inputtext import message_in
from talentkit.textio import repeated_key
from tests.batch.test_jsonl_text import error_rows
from tests.cli_env import cli_env

TWICE = '{"person": {"birth_date": "1990-01-01", "birth_date": "1970-01-01"}}'


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ('{"a": 1, "b": {"c": 2, "c": 3}}', 'key "c" given twice @ $.b.c'),
        # a string's escaped quote before a colon counts as a possible key's end
        ('{"a": "x\\":y"}', None),
        ('{"a": "x\\":y", "a": 2}', 'key "a" given twice @ $.a'),
        ('[{"k": 1}, {"k": 1, "k"\n :2}]', 'key "k" given twice @ $[1].k'),
        ('{"a\\\\": 1, "b": "\\\\"}', None),
        ('{"": 1, "": 2}', "key \"\" given twice @ $['']"),
        ('{"名": 1, "名": 1}', 'key "名" given twice @ $.名'),
        ('{"a": {"b": 1}, "c": [1, {"d": 1, "e": {"d": 2}}]}', None),
        ('{"x": {"y": 1, "y": 2}, "z": {"w": 1, "w": 2}}', 'key "y" given twice @ $.x.y'),
    ],
)
def test_a_key_given_twice_is_found_with_its_path(text: str, found: str | None) -> None:
    assert repeated_key(text, json.loads(text)) == found


def _texts(depth: int = 0) -> st.SearchStrategy[str]:
    leaf = st.sampled_from(["1", '"s"', '"a\\":b"', '"\\\\"', "null", "1.5", '"x"'])
    if depth > 2:
        return leaf
    keys = st.lists(st.sampled_from(["a", "b", "c", 'q\\"', ""]), max_size=4)
    inner = _texts(depth + 1)

    @st.composite
    def obj(draw: st.DrawFn) -> str:
        names = draw(keys)
        parts = [f'"{k}"{draw(st.sampled_from(["", " ", chr(10)]))}:{draw(inner)}' for k in names]
        return "{" + ", ".join(parts) + "}"

    return st.one_of(leaf, obj(), st.lists(inner, max_size=3).map(lambda xs: f"[{', '.join(xs)}]"))


def _first_repeat(text: str) -> str | None:
    """The first object (in the text's order) that repeats a key, and the key."""
    found: list[str] = []

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [k for k, _ in pairs]
        if len(set(keys)) < len(keys):
            found.append(next(k for i, k in enumerate(keys) if k in keys[:i]))
        return dict(pairs)

    json.loads(text, object_pairs_hook=hook)
    return found[0] if found else None


@given(text=_texts())
def test_every_repeat_is_found_and_none_invented(text: str) -> None:
    """Whatever the text's strings hold, a text repeats a key exactly when it is said to."""
    said = repeated_key(text, json.loads(text, parse_float=Decimal))
    assert (said is None) == (_first_repeat(text) is None)


def test_the_message_reads_in_chinese() -> None:
    assert message_in('key "名" given twice', "zh") == '键 "名" 出现了两次'


def test_a_case_file_giving_a_key_twice(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(TWICE, encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_document(path)
    assert err.value.errors == ['key "birth_date" given twice @ $.person.birth_date']
    result = CliRunner().invoke(
        main, ["check", str(path), "--lang", "en"], env=cli_env(), catch_exceptions=False
    )
    assert result.exit_code != 0
    assert 'key "birth_date" given twice @ $.person.birth_date' in result.output


def test_a_json_lines_row_giving_a_key_twice_is_an_error_row(tmp_path: Path) -> None:
    src = tmp_path / "cases.jsonl"
    src.write_text(f'{{"id": "a"}}\n{TWICE}\n{{"id": "c"}}\n', encoding="utf-8")
    (error,) = error_rows(src, tmp_path)
    assert (error["row"], error["path"]) == (2, "$.person.birth_date")
    assert error["message"] == 'key "birth_date" given twice'


def test_a_csv_cell_of_json_giving_a_key_twice_is_an_error_row(tmp_path: Path) -> None:
    """A header naming a whole list takes its cells as JSON: the key's path is the
    column's, then the cell's."""
    src = tmp_path / "cases.csv"
    src.write_text(
        'id,person.positions\na,"[{""rank"": ""x""}, {""rank"": ""x"", ""rank"": ""y""}]"\n'
        'b,"[{""rank"": ""x""}]"\n',
        encoding="utf-8",
    )
    (error,) = error_rows(src, tmp_path)
    assert (error["row"], error["path"]) == (2, "$.person.positions[1].rank")
    assert error["message"] == 'key "rank" given twice'
