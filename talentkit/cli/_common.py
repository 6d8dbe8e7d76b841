"""Options and helpers shared by the commands."""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from talentkit.convert import InputError, to_json
from talentkit.engine import Engine, ProgrammeNotFound
from talentkit.hooks import HookFailed
from talentkit.params import ParameterError, load_overrides
from talentkit.text import Lang
from talentkit.workdays import CalendarError

F = TypeVar("F", bound=Callable[..., Any])

#: Exit code when a plugin's hook raised or answered with the wrong type (the other
#: programmes were still assessed and reported).
HOOK_ERROR = 3


def engine_of(ctx: click.Context) -> Engine:
    return ctx.find_root().obj.engine  # type: ignore[no-any-return]


lang_option = click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="Language of the output.",
)


def format_choice(*choices: str) -> Callable[[F], F]:
    """The ``--format`` option offering ``choices``; the first is the default."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=choices[0],
        show_default=True,
        help="Output format.",
    )


format_option = format_choice("table", "json")
params_option = click.option(
    "--params",
    "params_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="TOML file of parameter overrides ([params]).",
)
encoding_option = click.option(
    "--encoding",
    help="Text encoding of the input file (default: UTF-8 with or without a BOM, or "
    "GBK/GB18030 Chinese text), e.g. gb18030.",
)


class _Day(click.DateTime):
    """``click.DateTime(["%Y-%m-%d"])``, matching a date as ``strptime`` matches that
    format (the same pattern, the whole text) but without it: the first ``strptime`` of a
    process imports ``_strptime`` and builds its tables of the locale's month and day names
    and patterns, for a command that reads one ISO date."""

    #: ``strptime``'s own pattern for ``%Y-%m-%d``
    _PATTERN = re.compile(
        r"(?P<Y>\d\d\d\d)-(?P<m>1[0-2]|0[1-9]|[1-9])-(?P<d>3[0-1]|[1-2]\d|0[1-9]|[1-9]| [1-9])",
        re.IGNORECASE,
    )

    def _try_to_convert_date(self, value: Any, format: str) -> dt.datetime | None:
        if format != "%Y-%m-%d" or not isinstance(value, str):
            return super()._try_to_convert_date(value, format)
        found = self._PATTERN.fullmatch(value)
        if found is None:
            return None
        try:
            return dt.datetime(int(found["Y"]), int(found["m"]), int(found["d"]))
        except ValueError:  # a day the month does not have
            return None


as_of_option = click.option(
    "--as-of", type=_Day(["%Y-%m-%d"]), help="Assess as of this date (default: today)."
)


def echo_json(text: str) -> None:
    """Print a JSON document as it is. JSON writes every control character escaped, so it
    holds no terminal escape sequence; click would otherwise scan the whole text (about a
    megabyte for a check of every programme) for one to strip when output is not a
    terminal."""
    click.echo(text, color=True)


def echo_document(obj: Any) -> None:
    """Print ``to_json(obj)`` as :func:`echo_json` prints it. To standard output in UTF-8
    (as it usually is) the bytes orjson writes go out as they are: decoding them to text
    and encoding the text again cost about 2% of a check of every programme."""
    from talentkit.jsonwriter import indented_utf8

    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    if buffer is None or not _utf8(stream) or (data := indented_utf8(obj)) is None:
        # no UTF-8 stream, or a document orjson does not write
        echo_json(to_json(obj))
        return
    stream.flush()
    buffer.write(data)
    buffer.write(b"\n")
    buffer.flush()


def _utf8(stream: Any) -> bool:
    """The text stream writes UTF-8, a newline as ``\\n`` (not translated, as on Windows)."""
    import codecs

    encoding = getattr(stream, "encoding", None)
    if not isinstance(encoding, str) or os.linesep != "\n":
        return False
    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


def message_in(message: str, lang: Lang) -> str:
    """:func:`talentkit.inputtext.message_in`, imported when a problem is written: its ~40
    patterns are compiled at import, and a command that meets no problem never reads them."""
    from talentkit.inputtext import message_in as written

    return written(message, lang)


def error_in(text: str, lang: Lang) -> str:
    """:func:`talentkit.inputtext.error_in`, imported when a problem is written."""
    from talentkit.inputtext import error_in as written

    return written(text, lang)


def as_date(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


def overrides(path: Path | None) -> dict[str, Any] | None:
    if path is None:
        return None
    try:
        return load_overrides(path)
    except ParameterError as exc:
        if _command_lang() == "zh":
            raise click.UsageError(f"--params 有误：{message_in(str(exc), 'zh')}") from None
        raise click.BadParameter(str(exc), param_hint="--params") from None


def _command_lang() -> Lang:
    """The running command's ``--lang`` (English for a command without one)."""
    ctx = click.get_current_context(silent=True)
    return "zh" if ctx is not None and ctx.params.get("lang") == "zh" else "en"


def input_errors(exc: InputError, lang: Lang) -> str:
    """Bad input as the command reports it: one problem a line, in the command's language
    (``--lang``), each with its field path."""
    lines = "\n  ".join(error_in(e, lang) for e in exc.errors)
    if lang == "zh":
        where = f"（{exc.source}）" if exc.source else ""
        return f"输入有误{where}：\n  {lines}"
    where = f" in {exc.source}" if exc.source else ""
    return f"invalid input{where}:\n  {lines}"


def user_errors(fn: F) -> F:
    """Turn the library's user-facing errors into click usage errors (exit code 2), and a
    plugin's failed hook into a message and exit code 3."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except InputError as exc:
            raise click.UsageError(input_errors(exc, kwargs.get("lang", "en"))) from None
        except CalendarError as exc:
            raise click.UsageError(message_in(str(exc), kwargs.get("lang", "en"))) from None
        except (ParameterError, ProgrammeNotFound) as exc:
            raise click.UsageError(message_in(str(exc), kwargs.get("lang", "en"))) from None
        except HookFailed as exc:
            click.secho(f"error: {exc}", fg="magenta", err=True)
            sys.exit(HOOK_ERROR)

    return wrapper  # type: ignore[return-value]
