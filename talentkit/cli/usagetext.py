"""click's own usage errors in the reader's language.

click says in English what stops a command before it runs: a missing argument, a file that
does not exist, an unknown option, a value not among the choices. Under ``--lang zh`` the
command says these usage errors in Chinese, framed in Chinese (``用法：``, ``错误：``).
The Chinese is built from the exception's own fields (the parameter, the option's name,
the close matches) and from the few value messages click's parameter types write; a
message of any other shape goes through :func:`talentkit.inputtext.message_in`, which
keeps what it does not know in English rather than half translated. The exit code stays
2. Imported only when a command meets such an error.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import IO, Any

import click

from talentkit.inputtext import message_in


class InChinese(click.UsageError):
    """``original`` said in Chinese, with its command's usage line (and, as every usage
    error, exit code 2)."""

    def __init__(self, original: click.UsageError) -> None:
        super().__init__(chinese(original), original.ctx)
        self.original = original

    def show(self, file: IO[Any] | None = None) -> None:
        ctx = self.ctx
        color = ctx.color if ctx is not None else None
        if ctx is not None:
            usage = ctx.get_usage()
            usage = "用法：" + usage.removeprefix("Usage:").lstrip()
            hint = ""
            if ctx.command.get_help_option(ctx) is not None:
                longest = max(ctx.command.get_help_option_names(ctx), key=len)
                hint = f"查看帮助：{ctx.command_path} {longest}\n"
            click.echo(f"{usage}\n{hint}", file=file, err=True, color=color)
        click.echo(f"错误：{self.format_message()}", file=file, err=True, color=color)


def chinese(exc: click.UsageError) -> str:
    """What ``exc`` says, in Chinese where its shape is known."""
    if isinstance(exc, InChinese):
        return exc.message
    if isinstance(exc, click.MissingParameter):
        return _missing(exc)
    if isinstance(exc, click.BadParameter):
        return _bad_value(exc)
    if isinstance(exc, click.NoSuchOption) and exc.message == _no_such("option", exc):
        return f"没有选项 '{exc.option_name}'。{_close(exc.possibilities)}"
    name = getattr(exc, "command_name", None)
    if isinstance(name, str) and exc.message == f"No such command {name!r}.":
        return f"没有命令 '{name}'。{_close(getattr(exc, 'possibilities', None))}"
    return _said(exc.format_message())


def _no_such(kind: str, exc: click.NoSuchOption) -> str:
    return f"No such {kind} {exc.option_name!r}."


def _close(possibilities: Sequence[str] | None) -> str:
    if not possibilities:
        return ""
    return f"（是否要用：{'、'.join(repr(p) for p in sorted(possibilities))}？）"


_KIND = {"argument": "参数", "option": "选项", "parameter": "参数"}


def _missing(exc: click.MissingParameter) -> str:
    ctx, param = exc.ctx, exc.param
    hint = exc.param_hint if exc.param_hint is not None else None
    if hint is None and param is not None:
        hint = param.get_error_hint(ctx) if ctx is not None else param.name
    kind = _KIND.get(exc.param_type or (param.param_type_name if param else ""), "参数")
    said = f"缺少{kind} {_joined(hint)}。" if hint else f"缺少{kind}。"
    return f"{said}{_said(exc.message)}" if exc.message else said


def _bad_value(exc: click.BadParameter) -> str:
    hint: str | Sequence[str] | None = exc.param_hint
    if hint is None and exc.param is not None and exc.ctx is not None:
        hint = exc.param.get_error_hint(exc.ctx)
    value = _said(exc.message)
    return f"{_joined(hint)} 的值无效：{value}" if hint else f"值无效：{value}"


def _joined(hint: str | Sequence[str] | None) -> str:
    if hint is None or isinstance(hint, str):
        return hint or ""
    return " / ".join(repr(h) for h in hint)


_PATH_KIND = {"File": "文件", "Directory": "目录", "Path": "路径"}
_PATH_PROBLEM = {
    "does not exist": "不存在",
    "is a file": "是文件，不是目录",
    "is a directory": "是目录，不是文件",
    "is not readable": "不可读",
    "is not writable": "不可写",
    "is not executable": "不可执行",
}
_NUMBER = {"integer": "整数", "float": "数", "integer range": "整数", "float range": "数"}

#: the value messages click's parameter types write (click.types), and their Chinese
_SHAPES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (
        re.compile(r"(?P<kind>File|Directory|Path) (?P<name>'.*') (?P<problem>[a-z ]+)\."),
        lambda m: (
            f"{_PATH_KIND[m['kind']]} {m['name']} {_PATH_PROBLEM.get(m['problem'], m['problem'])}。"
        ),
    ),
    (
        re.compile(r"(?P<value>.+) is not one of (?P<choices>.+)\."),
        lambda m: f"{m['value']} 不是可选的值（{'、'.join(m['choices'].split(', '))}）。",
    ),
    (
        re.compile(r"(?P<value>.+) is not (?P<choice>'[^']*')\."),
        lambda m: f"{m['value']} 不是可选的值（{m['choice']}）。",
    ),
    (
        re.compile(r"(?P<value>.+) does not match the formats? (?P<formats>.+)\."),
        lambda m: f"{m['value']} 不符合格式 {'、'.join(m['formats'].split(', '))}。",
    ),
    (
        re.compile(r"(?P<value>.+) is not a valid (?P<kind>integer|float)(?: range)?\."),
        lambda m: f"{m['value']} 不是有效的{_NUMBER[m['kind']]}。",
    ),
    (
        re.compile(r"(?P<value>.+) is not in the range (?P<range>.+)\."),
        lambda m: f"{m['value']} 不在范围 {m['range']} 内。",
    ),
    (
        re.compile(r"(?P<value>.+) is not a valid boolean\. Recognized values: (?P<states>.+)"),
        lambda m: f"{m['value']} 不是有效的布尔值，可用：{m['states']}",
    ),
    (
        re.compile(r"Option (?P<name>'[^']+') requires an argument\."),
        lambda m: f"选项 {m['name']} 需要一个值。",
    ),
    (
        re.compile(r"Option (?P<name>'[^']+') requires (?P<n>\d+) arguments\."),
        lambda m: f"选项 {m['name']} 需要 {m['n']} 个值。",
    ),
    (
        re.compile(r"Got unexpected extra arguments? \((?P<args>.*)\)"),
        lambda m: f"多余的参数：{m['args']}",
    ),
)


def _said(message: str) -> str:
    for pattern, write in _SHAPES:
        m = pattern.fullmatch(message)
        if m is not None:
            return write(m)
    return message_in(message, "zh")
