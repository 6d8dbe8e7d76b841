"""Bad parameter overrides and unknown programmes in Chinese: ``--lang zh`` reads them in
Chinese with the override's key, the file and the values as written; ``--lang en`` as the
library writes them; a shape not known here stays English whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from talentkit.cli import main
from talentkit.inputtext import chinese, message_in
from tests.cli_env import cli_env

FOOLAND = Path(__file__).parent / "fooland"
EXAMPLE = FOOLAND / "example.toml"
ENV = cli_env()


@pytest.mark.parametrize(
    ("english", "zh"),
    [
        (
            "expected an integer @ overrides: fooland.team.leader_max_age, got 'forty'",
            "应为整数 @ overrides: fooland.team.leader_max_age，实际为 'forty'",
        ),
        (
            'expected an exact fraction as a string such as "1/3" or "3%"'
            " @ overrides: a.b, got 0.5",
            '应为以字符串写的精确分数（如 "1/3" 或 "3%"） @ overrides: a.b，实际为 0.5',
        ),
        (
            "expected a share between 0 and 1 @ overrides: a.b (FOO-1 第3条（2）), got 3/2",
            "应为 0 至 1 之间的份额 @ overrides: a.b（FOO-1 第3条（2）），实际为 3/2",
        ),
        (
            "expected a count of 0 or more @ overrides: a.b, got -1",
            "应为不小于 0 的计数 @ overrides: a.b，实际为 -1",
        ),
        (
            "expected a value from 1 to 5 @ overrides: a.b (FOO-1 第4条), got 7",
            "应为 1 至 5 之间的值 @ overrides: a.b（FOO-1 第4条），实际为 7",
        ),
        (
            "expected one of completed, started @ overrides: fooland.age_method, got 'x'",
            "应为以下之一：completed, started @ overrides: fooland.age_method，实际为 'x'",
        ),
        (
            'expected an ISO 8601 period such as P3Y, or "unlimited" @ overrides: a.b, got 3',
            '应为 ISO 8601 期间（如 P3Y）或 "unlimited" @ overrides: a.b，实际为 3',
        ),
        (
            'expected an amount in yuan with at most two decimals (e.g. 1000000 or "999999.99")'
            " (at most two decimals: fen) @ overrides: a.grant, got '1.234'",
            '应为以元计、至多两位小数的金额（如 1000000 或 "999999.99"）（至多两位小数，即到分）'
            " @ overrides: a.grant，实际为 '1.234'",
        ),
        (
            "unknown parameter 'fooland.nope' in overrides",
            "覆盖值中有未知参数 'fooland.nope'",
        ),
        (
            "unknown parameter 'x.leader_max_age' in overrides; did you mean "
            "fooland.team.leader_max_age?",
            "覆盖值中有未知参数 'x.leader_max_age'；是否应为 fooland.team.leader_max_age？",
        ),
        (
            "cannot read override file p.toml: nested too deeply",
            "无法读取参数覆盖文件 p.toml：嵌套过深",
        ),
        (
            "cannot read override file p.toml: [Errno 2] No such file or directory: 'p.toml'",
            "无法读取参数覆盖文件 p.toml：[Errno 2] No such file or directory: 'p.toml'",
        ),
        (
            "unexpected top-level keys ['x'] in p.toml; put values under [params]",
            "p.toml 中有意外的顶层键 ['x']；取值应写在 [params] 之下",
        ),
        ("no programme 'fooland.teem'", "没有项目 'fooland.teem'"),
        (
            "no programme 'fooland.teem'; did you mean fooland.team?",
            "没有项目 'fooland.teem'；是否应为 fooland.team？",
        ),
        (
            "no case given: fill in the form, upload a file or paste one",
            "未给出案例：请填写表单、上传文件或粘贴案例",
        ),
        ("expected an object, got list", "应为对象（键值对），实际为 list"),
    ],
)
def test_parameter_and_programme_messages_in_chinese(english: str, zh: str) -> None:
    assert message_in(english, "zh") == zh
    assert message_in(english, "en") == english


def test_an_override_message_of_an_unknown_shape_stays_english_whole() -> None:
    for text in (
        "expected a unicorn @ overrides: a.b, got 1",
        "unknown parameter type 'x' @ a.b; expected one of int",
        "no programmes at all",
    ):
        assert chinese(text) is None
        assert message_in(text, "zh") == text


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), env=ENV, catch_exceptions=False)


def _file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "over.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


CHECK = ("check", str(EXAMPLE), "-p", "fooland.team", "--as-of", "2026-10-20")


@pytest.mark.parametrize(
    ("overrides", "en", "zh"),
    [
        (
            '[params]\n"fooland.team.leader_max_age" = "forty"\n',
            "expected an integer @ overrides: fooland.team.leader_max_age, got 'forty'",
            "应为整数 @ overrides: fooland.team.leader_max_age，实际为 'forty'",
        ),
        (
            '[params]\n"fooland.team.young_share" = "3/2"\n',
            "expected a share between 0 and 1 @ overrides: fooland.team.young_share",
            "应为 0 至 1 之间的份额 @ overrides: fooland.team.young_share",
        ),
        (
            '[params]\n"fooland.nope" = 1\n',
            "unknown parameter 'fooland.nope' in overrides",
            "覆盖值中有未知参数 'fooland.nope'",
        ),
    ],
)
def test_check_reports_a_bad_override_in_its_language(
    tmp_path: Path, overrides: str, en: str, zh: str
) -> None:
    path = _file(tmp_path, overrides)
    english = run(*CHECK, "--params", path, "--lang", "en")
    chinese_ = run(*CHECK, "--params", path, "--lang", "zh")
    assert english.exit_code == chinese_.exit_code == 2
    assert en in english.output
    assert zh in chinese_.output
    assert "expected" not in chinese_.output
    assert "unknown" not in chinese_.output


def test_an_override_file_that_cannot_be_used_in_both_languages(tmp_path: Path) -> None:
    path = _file(tmp_path, "x = 1\n")
    english = run(*CHECK, "--params", path, "--lang", "en")
    chinese_ = run(*CHECK, "--params", path, "--lang", "zh")
    assert english.exit_code == chinese_.exit_code == 2
    assert f"unexpected top-level keys ['x'] in {path}; put values under [params]" in (
        english.output.replace("\n", "")
    )
    assert f"--params 有误：{path} 中有意外的顶层键 ['x']；取值应写在 [params] 之下" in (
        chinese_.output.replace("\n", "")
    )
    nested = _file(tmp_path, "[params]\na = " + "[" * 2000 + "]" * 2000 + "\n")
    assert "嵌套过深" in run(*CHECK, "--params", nested, "--lang", "zh").output


def test_an_unknown_programme_in_both_languages() -> None:
    args = ("check", str(EXAMPLE), "-p", "fooland.teem", "--as-of", "2026-10-20")
    english = run(*args, "--lang", "en")
    chinese_ = run(*args, "--lang", "zh")
    assert english.exit_code == chinese_.exit_code == 2
    close = "fooland.team, fooland.pilot, fooland.transfer"
    assert f"no programme 'fooland.teem'; did you mean {close}?" in english.output
    assert f"没有项目 'fooland.teem'；是否应为 {close}？" in chinese_.output
