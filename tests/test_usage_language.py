"""click's own usage errors in the command's language: Chinese under ``--lang zh``,
click's English otherwise, the exit code the same in both."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from talentkit.cli import asks_for_chinese, main
from talentkit.cli.usagetext import chinese

EXAMPLE = "tests/fooland/example.toml"


def _run(*args: str) -> tuple[int, str]:
    got = CliRunner().invoke(main, list(args), prog_name="talentkit")
    return got.exit_code, got.output


@pytest.mark.parametrize(
    ("args", "english", "written"),
    [
        (
            ["check", "nope.toml"],
            "Error: Invalid value for 'PROFILE': File 'nope.toml' does not exist.",
            "错误：'PROFILE' 的值无效：文件 'nope.toml' 不存在。",
        ),
        (
            ["check", EXAMPLE, "--bogus"],
            "Error: No such option '--bogus'.",
            "错误：没有选项 '--bogus'。",
        ),
        (
            ["check", EXAMPLE, "--formt", "json"],
            "Error: No such option '--formt'. Did you mean '--format'?",
            "错误：没有选项 '--formt'。（是否要用：'--format'？）",
        ),
        (["check"], "Error: Missing argument 'PROFILE'.", "错误：缺少参数 'PROFILE'。"),
        (
            ["chek"],
            "Error: No such command 'chek'. (Did you mean one of: 'check', 'schema'?)",
            "错误：没有命令 'chek'。（是否要用：'check'、'schema'？）",
        ),
        (
            ["check", EXAMPLE, "--as-of", "2026-13-01"],
            "Error: Invalid value for '--as-of': '2026-13-01' does not match the format "
            "'%Y-%m-%d'.",
            "错误：'--as-of' 的值无效：'2026-13-01' 不符合格式 '%Y-%m-%d'。",
        ),
        (
            ["check", EXAMPLE, "--format", "xml"],
            "Error: Invalid value for '--format': 'xml' is not one of 'table', 'json'.",
            "错误：'--format' 的值无效：'xml' 不是可选的值（'table'、'json'）。",
        ),
        (
            ["check", EXAMPLE, "--as-of"],
            "Error: Option '--as-of' requires an argument.",
            "错误：选项 '--as-of' 需要一个值。",
        ),
        (
            ["check", EXAMPLE, "one", "two"],
            "Error: Got unexpected extra arguments (one two)",
            "错误：多余的参数：one two",
        ),
        (
            ["batch", "nope.csv", "-o", "out.jsonl"],
            "Error: Invalid value for 'INPUT': Path 'nope.csv' does not exist.",
            "错误：'INPUT' 的值无效：路径 'nope.csv' 不存在。",
        ),
    ],
)
def test_click_s_errors_in_either_language(args: list[str], english: str, written: str) -> None:
    code_en, en = _run(args[0], "--lang", "en", *args[1:])
    code_zh, zh = _run(args[0], "--lang", "zh", *args[1:])
    assert code_en == code_zh == 2
    assert en.splitlines()[-1] == english
    assert zh.splitlines()[-1] == written
    if args[-1] == "--as-of":  # click prints no usage for an option missing its value
        assert len(en.splitlines()) == len(zh.splitlines()) == 1
    else:  # the same usage line, framed in the reader's language
        usage = en.splitlines()[0].removeprefix("Usage: ")
        assert zh.splitlines()[0] == f"用法：{usage}"
        assert zh.splitlines()[1].startswith("查看帮助：talentkit")
        assert zh.splitlines()[1].endswith(" --help")
    assert "Error" not in zh
    assert "Usage" not in zh


def test_without_lang_and_with_lang_en_click_s_own_words_are_kept() -> None:
    code, out = _run("check", "nope.toml")
    assert code == 2
    assert out.splitlines() == [
        "Usage: talentkit check [OPTIONS] PROFILE",
        "Try 'talentkit check --help' for help.",
        "",
        "Error: Invalid value for 'PROFILE': File 'nope.toml' does not exist.",
    ]
    assert _run("check", "nope.toml", "--lang", "en") == (code, out)


def test_the_command_s_own_usage_errors_are_framed_in_chinese(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "x"\n[person]\nbirth_date = "someday"\n', encoding="utf-8")
    code, zh = _run("check", str(bad), "--lang=zh")
    assert code == 2
    assert zh.startswith("用法：talentkit check [OPTIONS] PROFILE\n")
    assert "\n错误：输入有误" in zh
    assert "应为日期" in zh
    assert "$.person.birth_date" in zh
    assert "Error" not in zh


def test_a_message_of_a_shape_not_known_stays_whole_in_english() -> None:
    odd = "Something click may say one day."
    assert chinese(click.UsageError(odd)) == odd
    assert chinese(click.BadParameter(odd, param_hint="'--x'")) == f"'--x' 的值无效：{odd}"
    assert chinese(click.BadParameter("5 is not in the range 1<=x<=3.")) == (
        "值无效：5 不在范围 1<=x<=3 内。"
    )


@pytest.mark.parametrize(
    ("args", "asks"),
    [
        (["check", "x", "--lang", "zh"], True),
        (["check", "--lang=zh", "x"], True),
        (["check", "x", "--lang", "en"], False),
        (["check", "x", "--lang"], False),
        (["check", "x", "--lang=zhx"], False),
        (["check", "--", "--lang", "zh"], False),
        ([], False),
    ],
)
def test_the_language_is_read_from_the_command_line(args: list[str], asks: bool) -> None:
    assert asks_for_chinese(args) is asks
