"""Case, exit and cohort files as people have them: encodings, BOMs, binary, nesting."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from talentkit import Engine, InputError
from talentkit.cli import main
from talentkit.convert import read_document

EXAMPLE = Path(__file__).parent / "fooland" / "example.toml"
TEXT = EXAMPLE.read_text(encoding="utf-8").replace(
    'name = "Fooland photonics"', 'name = "光电团队"'
)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gbk", b""), ("gb18030", b""), ("utf-16", b"")],
)
@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_documents_in_the_encodings_offices_save(
    tmp_path: Path, encoding: str, prefix: bytes, suffix: str
) -> None:
    import json

    text = TEXT if suffix == ".toml" else json.dumps(read_document(EXAMPLE), default=str)
    text = text.replace("Fooland photonics", "光电团队")
    path = tmp_path / f"case{suffix}"
    path.write_bytes(prefix + text.encode(encoding))
    data = read_document(path)
    assert data["team"]["name"] == "光电团队"
    result = run("check", str(path), "-p", "fooland.team", "--format", "json")
    assert result.exit_code == 0, result.output


def test_an_explicit_encoding(tmp_path: Path) -> None:
    path = tmp_path / "case.toml"
    path.write_bytes(TEXT.encode("gb18030"))
    assert run("check", str(path), "--encoding", "gb18030", "--format", "json").exit_code == 0
    result = run("check", str(path), "--encoding", "utf-8", "--lang", "en")
    assert result.exit_code == 2
    assert "not valid utf-8 text at line" in result.output
    result = run("check", str(path), "--encoding", "utf-8", "--lang", "zh")
    assert result.exit_code == 2
    assert "不是有效的 utf-8 文本" in result.output
    result = run("check", str(path), "--encoding", "klingon")
    assert result.exit_code == 2
    assert "unknown encoding 'klingon'" in result.output


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a binary file"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "a binary file"),
        (b"caf\xe9 = 1\n", "not UTF-8 text"),
    ],
)
def test_binary_and_unknown_bytes_are_input_errors(tmp_path: Path, data: bytes, words: str) -> None:
    path = tmp_path / "case.toml"
    path.write_bytes(data)
    with pytest.raises(InputError, match=words):
        read_document(path)
    for args in (["check", str(path)], ["exit", str(path)], ["grade", "fooland.team", str(path)]):
        result = run(*args, "--lang", "en")
        assert result.exit_code == 2, result.output
        assert words in result.output
        result = run(*args, "--lang", "zh")
        assert result.exit_code == 2, result.output
        assert "输入有误" in result.output
        assert words not in result.output


@pytest.mark.parametrize("depth", [100, 5000])
def test_deep_nesting_is_an_input_error(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "case.json"
    path.write_text('{"facts": ' + "[" * depth + "]" * depth + "}", encoding="utf-8")
    result = run("check", str(path), "--lang", "en")
    assert result.exit_code == 2
    assert "nested more than 64 levels deep" in result.output
    result = run("check", str(path), "--lang", "zh")
    assert result.exit_code == 2
    assert "嵌套超过 64 层" in result.output
    engine = Engine.create(entry_points=False)
    nested: list[object] = []
    for _ in range(depth):
        nested = [nested]
    with pytest.raises(InputError, match=r"nested more than 64 levels deep @ \$\.facts"):
        engine.load({"facts": {"x": nested}})
