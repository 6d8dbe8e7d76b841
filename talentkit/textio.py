"""Text files as people have them: UTF-8 with or without a BOM, UTF-16 from Excel's
"Unicode text", GBK/GB18030 from Chinese Windows; binary files and deep nesting refused.

The encoding is never guessed beyond this: a file that is neither UTF-8 nor readable as
GB18030 Chinese text needs ``--encoding``.
"""

from __future__ import annotations

import codecs
import functools
import json
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, NamedTuple

MAX_DEPTH = 64
"""Nesting deeper than any profile needs; beyond it input is refused, not recursed into."""

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@functools.cache
def _cjk() -> re.Pattern[str]:
    """Chinese characters and punctuation; compiled only for a file that is not UTF-8 (the
    character class takes longer to compile than the rest of the module to load)."""
    return re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


class TextError(ValueError):
    """The bytes are not text in a known encoding; the message says what to do."""


def check_encoding(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise TextError(f"unknown encoding {name!r} (try utf-8 or gb18030)") from None


def sniff(sample: bytes, encoding: str | None = None, lenient: bool = False) -> str:
    """The encoding of a file from its first bytes (a BOM, valid UTF-8, or GB18030 Chinese).

    ``sample`` may end inside a character; only complete characters are judged.

    :param lenient: for files read record by record: text that fits no encoding is read
        as UTF-8, and each record with bytes it cannot decode becomes an error of its own
    """
    if encoding:
        return check_encoding(encoding)
    for bom, name in _BOMS:
        if sample.startswith(bom):
            return name
    if b"\x00" in sample:
        raise TextError("a binary file, not text (it contains NUL bytes)")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = codecs.getincrementaldecoder("gb18030")().decode(sample, final=False)
    except UnicodeDecodeError:
        text = ""
    if text and _cjk().search(text) and not _CONTROL.search(text):
        return "gb18030"
    if lenient:
        return "utf-8"
    raise TextError(
        "not UTF-8 text and not Chinese GBK/GB18030 text; if it is text, give its encoding "
        "with --encoding (e.g. --encoding gb18030)"
    )


def decode(data: bytes, encoding: str | None = None) -> str:
    """The whole of a small file as text."""
    name = sniff(data[: 1 << 16], encoding)
    try:
        text = data.decode(name)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise TextError(
            f"not valid {name} text at line {line} (byte {exc.start}); "
            "give the file's encoding with --encoding"
        ) from None
    if _CONTROL.search(text):
        raise TextError("a binary file, not text (it contains control characters)")
    return text


def too_deep(value: Any, limit: int = MAX_DEPTH) -> str | None:
    """The path where ``value`` nests deeper than ``limit``, or None (iterative: no recursion)."""
    return shape(value, limit).deep


class Shape(NamedTuple):
    """What :func:`shape` tells of a decoded value."""

    deep: str | None  # where it nests deeper than allowed (:func:`too_deep`), or None
    keys: int  # the number of keys of its objects (see :func:`repeated_key`)
    floats: bool  # whether it holds a float (a decoder that reads numbers inexactly)


def shape(value: Any, limit: int = MAX_DEPTH) -> Shape:
    """Where ``value`` nests deeper than ``limit``, the number of keys of its objects, and
    whether it holds a float, in one walk.

    Told level by level without paths first: a path is built only for a value that is too
    deep (building one for every member was most of the check's cost)."""
    level, depth, keys, floats = [value], 0, 0, type(value) is float
    while level:
        if depth > limit:
            return Shape(_deep_path(value, limit), keys, floats)
        below: list[Any] = []
        for item in level:
            members: Iterable[Any]
            if isinstance(item, dict):
                keys += len(item)
                members = item.values()
            elif isinstance(item, list):
                members = item
            else:
                continue
            for child in members:
                if isinstance(child, (dict, list)):
                    below.append(child)
                elif type(child) is float:
                    floats = True
        level, depth = below, depth + 1
    return Shape(None, keys, floats)


def _deep_path(value: Any, limit: int) -> str | None:
    """:func:`too_deep`'s path, found by a walk that names every member."""
    stack: list[tuple[Any, str, int]] = [(value, "$", 0)]
    while stack:
        item, path, depth = stack.pop()
        if depth > limit:
            return path
        children: Iterable[tuple[str, Any]]
        if isinstance(item, dict):
            children = ((member(path, k), v) for k, v in item.items())
        elif isinstance(item, list):
            children = ((f"{path}[{i}]", v) for i, v in enumerate(item))
        else:
            continue
        for sub, child in children:
            if isinstance(child, (dict, list)):
                stack.append((child, sub, depth + 1))
    return None


#: where a key of a JSON text ends with spaces before its colon (see :func:`repeated_key`)
_SPACED_KEY_END = re.compile(r'"[ \t\r\n]+:')


def repeated_key(text: str, value: Any, keys: int | None = None) -> str | None:
    """Where an object of the JSON ``text`` (decoded as ``value``, whose objects have
    ``keys`` keys in all: :func:`shape`) gives a key twice: the message and its path, or
    None. A JSON parser keeps the last of them, so the earlier value would be dropped
    without a word.

    Told by counting first: every key of the text ends in a quote, perhaps spaces, and a
    colon, and a quote in a string is escaped (``\\"``), so the text has at least as
    many such ends as keys; when it has no more than ``value``, no key is repeated."""
    if keys is None:
        keys = shape(value).keys
    if text.count('":') + len(_SPACED_KEY_END.findall(text)) == keys:
        return None
    pairs = json.loads(text, parse_float=Decimal, object_pairs_hook=_Pairs)
    stack: list[tuple[Any, str]] = [(pairs, "$")]
    while stack:
        item, path = stack.pop()
        below: list[tuple[Any, str]]
        if isinstance(item, _Pairs):
            seen: set[str] = set()
            for key, _ in item:
                if key in seen:
                    shown = json.dumps(key, ensure_ascii=False)
                    return f"key {shown} given twice @ {member(path, key)}"
                seen.add(key)
            below = [(v, member(path, k)) for k, v in item]
        elif isinstance(item, list):
            below = [(v, f"{path}[{i}]") for i, v in enumerate(item)]
        else:
            continue
        stack.extend(reversed(below))  # (the first in the text is found first)
    return None


class _Pairs(list[tuple[str, Any]]):
    """An object's keys and values as the text gives them, repeats kept."""


#: a JSON escape of a UTF-16 surrogate: only where a text has one can a string it decodes
#: to hold a lone surrogate (one not part of a pair), which no UTF-8 text or file holds
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def lone_surrogate(text: str, value: Any) -> str | None:
    """Where ``value``, decoded from the JSON ``text``, holds a string (a key or a value)
    with a lone surrogate: the message and its path, or None. Such a string cannot be
    written as UTF-8 (Parquet, CSV, JSON out)."""
    if _SURROGATE_ESCAPE.search(text) is None:
        return None
    stack: list[tuple[Any, str]] = [(value, "$")]
    while stack:
        item, path = stack.pop()
        below: list[tuple[Any, str]]
        if isinstance(item, dict):
            for key in item:
                if _lone(key):
                    return _surrogate_message(key, member(path, key))
            below = [(v, member(path, k)) for k, v in item.items()]
        elif isinstance(item, list):
            below = [(v, f"{path}[{i}]") for i, v in enumerate(item)]
        else:
            if isinstance(item, str) and _lone(item):
                return _surrogate_message(item, path)
            continue
        stack.extend(reversed(below))  # (the first in the text is found first)
    return None


def _lone(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _surrogate_message(text: str, path: str) -> str:
    code = next(ord(c) for c in text if 0xD800 <= ord(c) <= 0xDFFF)
    return f"not valid text: a lone UTF-16 surrogate (\\u{code:04x}) @ {path}"


_PLAIN_KEY = re.compile(r"^[\w.\-:]+$")


def member(path: str, key: object) -> str:
    """``path.key`` for a plain key; ``path['odd key']`` for one with spaces or controls, so a
    message always stays on its line and names the key exactly."""
    text = str(key)
    return f"{path}.{text}" if _PLAIN_KEY.match(text) else f"{path}[{text!r}]"


def shown_key(key: object) -> str:
    text = str(key)
    return text if _PLAIN_KEY.match(text) else repr(text)
