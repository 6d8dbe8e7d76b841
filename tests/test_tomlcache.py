"""The parsed-TOML cache of parameter files (talentkit.tomlcache): same tables, never stale."""

from __future__ import annotations

import datetime as dt
import os
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from talentkit import tomlcache
from talentkit.params import load_parameters

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

TEXT = """
[meta]
document = "D"
[[param]]
key = "x.amount"
type = "yuan"
value = 1234.5
[[param]]
key = "x.from"
type = "date"
value = 2026-01-01
valid_from = 2025-07-01
[[param]]
key = "x.names"
type = "list"
value = ["甲", "乙"]
"""


@pytest.fixture
def writable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setattr(sys, "pycache_prefix", str(tmp_path / "cache"))
    return tmp_path


def test_the_cached_table_is_the_parsed_table(writable: Path) -> None:
    path = writable / "params.toml"
    path.write_text(TEXT, encoding="utf-8")
    parsed = tomllib.loads(TEXT, parse_float=Decimal)
    assert tomlcache.load_toml(path) == parsed  # parsed, then stored
    cached = tomlcache.cache_path(path, "toml.marshal")
    assert cached.exists()
    assert cached.is_relative_to(writable / "cache")
    again = tomlcache.load_toml(path)
    assert again == parsed
    assert isinstance(again["param"][0]["value"], Decimal)
    assert again["param"][1]["value"] == dt.date(2026, 1, 1)
    assert load_parameters(path)[0].value == load_parameters(path)[0].value


def test_a_changed_file_is_parsed_again(writable: Path) -> None:
    path = writable / "params.toml"
    path.write_text(TEXT, encoding="utf-8")
    tomlcache.load_toml(path)
    changed = TEXT.replace("1234.5", "99")
    path.write_text(changed, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert tomlcache.load_toml(path)["param"][0]["value"] == 99


def test_a_damaged_cache_is_not_trusted(writable: Path) -> None:
    path = writable / "params.toml"
    path.write_text(TEXT, encoding="utf-8")
    tomlcache.load_toml(path)
    tomlcache.cache_path(path, "toml.marshal").write_bytes(b"\x00garbage")
    assert tomlcache.load_toml(path) == tomllib.loads(TEXT, parse_float=Decimal)


def test_nothing_is_written_when_bytecode_writing_is_off(
    writable: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    path = writable / "params.toml"
    path.write_text(TEXT, encoding="utf-8")
    assert tomlcache.load_toml(path)["meta"] == {"document": "D"}
    assert not tomlcache.cache_path(path, "toml.marshal").exists()


def test_a_syntax_error_is_still_reported(writable: Path) -> None:
    path = writable / "params.toml"
    path.write_text("[[param]\n", encoding="utf-8")
    with pytest.raises(tomllib.TOMLDecodeError):
        tomlcache.load_toml(path)


def test_a_cache_naming_an_unknown_kind_of_value_is_not_trusted(writable: Path) -> None:
    import marshal

    path = writable / "params.toml"
    path.write_text(TEXT, encoding="utf-8")
    tomlcache.load_toml(path)
    cached = tomlcache.cache_path(path, "toml.marshal")
    stamp, (table, places) = marshal.loads(cached.read_bytes())
    assert {kind for _, kind, _ in places} == {"decimal", "date"}
    places = [(where, "money", text) for where, _, text in places]
    cached.write_bytes(marshal.dumps((stamp, (table, places))))
    assert tomlcache.load_toml(path) == tomllib.loads(TEXT, parse_float=Decimal)
