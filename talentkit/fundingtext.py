"""Numbers in funding, exit and scoring texts and programme summaries rendered from the
parameters that hold them.

A funding line, obligation, cap, exit rule (its bans included) or scoring item whose text
repeats a figure a parameter holds writes it as a placeholder naming the parameter:
``Text("团队带头人每年{leader_per_year:wan}万元", "leader: {leader_per_year} yuan a year")``.
The placeholder is the parameter's full key or the last part(s) of a key the declaration
itself reads (not through a rule it holds); ``{key:wan}`` shows an amount in 万 (10,000),
``{key:%}`` a fraction as a percentage and, in English, ``{key:# month|# months}`` the
singular or the plural by the number (``#`` is the number), as in rule texts. The text shown is
filled with the value in force (overrides included), so it cannot keep an old figure; a
placeholder naming no parameter fails when the plugins load.

A programme's ``summary`` does the same; its placeholders name a key the programme reads
anywhere (rules, funding, exits…), by its last part(s), or any declared full key.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

import attrs

from talentkit.facts import MISSING, record_fields
from talentkit.params import UNSET, ParameterStore
from talentkit.rules import Rule
from talentkit.rules.base import show
from talentkit.rules.context import Context
from talentkit.rules.refs import P
from talentkit.text import (
    Citation,
    Text,
    chinese_plurals,
    placeholders,
    plural_forms,
    plural_problem,
)

if TYPE_CHECKING:
    from talentkit.programme import Programme

#: the text fields of funding and exit declarations and their parts that may hold
#: placeholders
TEXT_FIELDS = ("text", "when", "gate", "paid_after", "schedule", "bans")
SPECS = ("", "%", "wan")


def format_problems(name: str, spec: str) -> list[str]:
    """What is wrong with the format of a ``{name:spec}`` placeholder (rule, funding, exit
    and scoring texts and summaries all take the same formats)."""
    if plural_forms(spec) is not None:
        problem = plural_problem(name, spec)
        return [problem] if problem else []
    if spec in SPECS:
        return []
    return [
        f"unknown format {spec!r} for {{{name}}}; "
        "use {name}, {name:%}, {name:wan} or {name:# month|# months}"
    ]


def language_problems(text: Text) -> list[str]:
    """English plural forms written in the Chinese text (Chinese has none)."""
    return [f"{p}: an English plural in the Chinese text" for p in chinese_plurals(text)]


def own_keys(decl: Any) -> list[str]:
    """The parameter keys a declaration reads itself (not through a rule it holds)."""
    found: list[str] = []
    _keys(decl, found)
    return list(dict.fromkeys(found))


def _keys(obj: Any, found: list[str]) -> None:
    """The keys into ``found``: appended, not yielded (a generator per level of a
    declaration cost more than the walk itself)."""
    if isinstance(obj, P):
        found.append(obj.key)
    elif isinstance(obj, (Rule, Text, Citation, str)):
        return
    elif (names := record_fields(type(obj))) is not None:
        for name in names:
            if type(value := getattr(obj, name)) not in _PASSED:
                _keys(value, found)
    elif isinstance(obj, (list, tuple)):
        for x in obj:
            if type(x) not in _PASSED:
                _keys(x, found)


#: values that hold no key, by exact type: passed over without a call each (the walk meets
#: thousands of them)
_PASSED = frozenset(
    {Text, Citation, str, int, float, bool, bytes, dt.date, dt.datetime, type(None)}
)


def key_of(name: str, keys: list[str], declared: Callable[[str], bool]) -> str:
    """The parameter a placeholder names: a declared full key, or the one key among
    ``keys`` ending in ``.name``.

    :raises KeyError: it names none
    :raises ValueError: it could be several
    """
    if name in keys:
        return name
    hits = [k for k in keys if k.endswith("." + name)]
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise ValueError(f"{{{name}}} could be any of {', '.join(hits)}; write more of the key")
    if declared(name):
        return name
    close = difflib.get_close_matches(name, [k.rsplit(".", 1)[-1] for k in keys], n=1)
    hint = f"; did you mean {{{close[0]}}}?" if close else ""
    raise KeyError(
        f"{{{name}}} names no parameter ({', '.join(keys) or 'the declaration reads none'})" + hint
    )


def texts(decl: Any) -> Iterator[Text]:
    """Every text of a declaration that may hold placeholders."""
    for name in TEXT_FIELDS:
        value = getattr(decl, name, None)
        if isinstance(value, Text):
            yield value
        elif attrs.has(type(value)) and not isinstance(value, Rule):  # a rule: its own
            yield from texts(value)
        elif isinstance(value, tuple):  # an exit rule's bans
            for part in value:
                yield from texts(part)


def problems(decl: Any, declared: Callable[[str], bool]) -> list[str]:
    """Placeholders of a declaration's texts that name no parameter, or an unknown format."""
    keys = own_keys(decl)
    return [
        p for text in texts(decl) for p in _text_problems(f"{decl.id} text", text, keys, declared)
    ]


def summary_problems(
    prog: Programme,
    declared: Callable[[str], bool],
    owned: Iterable[tuple[str, str]] | None = None,
) -> list[str]:
    """Placeholders of a programme's summary that name no parameter, or an unknown format.

    :param owned: the programme's ``owned_params``, when the caller has them already
    """
    return _text_problems("summary", prog.summary, programme_keys(prog, owned), declared)


def _text_problems(
    where: str, text: Text, keys: list[str], declared: Callable[[str], bool]
) -> list[str]:
    out: list[str] = []
    for name, spec in placeholders(text):
        try:
            key_of(name, keys, declared)
        except (KeyError, ValueError) as exc:
            problem = f"{where}: {exc.args[0]}"
            if problem not in out:  # a name met in both languages, or with a format
                out.append(problem)
            continue
        out.extend(
            f"{where}: {p}" for p in format_problems(name, spec) if f"{where}: {p}" not in out
        )
    out.extend(f"{where}: {p}" for p in language_problems(text))
    return out


_PROGRAMME_KEYS: dict[int, tuple[Any, list[str]]] = {}


def programme_keys(prog: Programme, owned: Iterable[tuple[str, str]] | None = None) -> list[str]:
    """Every parameter key a programme reads, each once in the order first read.

    :param owned: the programme's ``owned_params``, when the caller has them already (the
        declaration checks walk the programme once for both)
    """
    hit = _PROGRAMME_KEYS.get(id(prog))
    if hit is None or hit[0] is not prog:
        if owned is None:
            from talentkit.declarations import owned_params  # it checks these texts at load

            owned = owned_params(prog)
        hit = (prog, list(dict.fromkeys(key for _, key in owned)))
        _PROGRAMME_KEYS[id(prog)] = hit
    return hit[1]


def summary_in_force(prog: Programme, params: ParameterStore, on: dt.date) -> Text:
    """A programme's summary showing the parameter values in force on ``on`` (overrides
    included)."""
    if "{" not in prog.summary.zh and "{" not in prog.summary.en:
        return prog.summary
    keys = programme_keys(prog)

    def value(name: str, spec: str, lang: Any) -> str:
        key = key_of(name, keys, lambda _: True)
        got = params.get(key, on)
        return show(MISSING if got is UNSET else got, spec, lang, key)

    return prog.summary.render(value)


def in_force(decl: Any, ctx: Context) -> Any:
    """:func:`rendered` with the parameters of ``ctx``, once per assessment (one date,
    one parameter set)."""
    if not _has_placeholders(decl):
        return decl
    shared = ctx.shared
    if shared is None:
        return rendered(decl, ctx.param)
    hit = shared.texts.get(id(decl))
    if hit is None or hit[0] is not decl:
        hit = (decl, rendered(decl, ctx.param))
        shared.texts[id(decl)] = hit
    return hit[1]


def text_in_force(decl: Any, params: ParameterStore, on: dt.date) -> Any:
    """:func:`rendered` as a reader sees it on ``on`` (the catalog, the law text pages)."""

    def param(key: str) -> Any:
        value = params.get(key, on)
        return MISSING if value is UNSET else value

    return rendered(decl, param)


def rendered(decl: Any, param: Callable[[str], Any]) -> Any:
    """The declaration with each text's placeholders showing ``param(key)``; the same
    object when its texts have none."""
    if not _has_placeholders(decl):
        return decl
    keys = own_keys(decl)

    def fill(text: Text) -> Text:
        def value(name: str, spec: str, lang: Any) -> str:
            key = key_of(name, keys, lambda _: True)
            return show(param(key), spec, lang, key)

        return text.render(value)

    return _filled(decl, fill)


def _filled(obj: Any, fill: Callable[[Text], Text]) -> Any:
    changes = {}
    for name in TEXT_FIELDS:
        value = getattr(obj, name, None)
        if isinstance(value, Text):
            new: Any = fill(value)
        elif attrs.has(type(value)) and not isinstance(value, Rule):
            new = _filled(value, fill)
        elif isinstance(value, tuple) and any(attrs.has(type(x)) for x in value):
            parts = tuple(_filled(x, fill) for x in value)
            new = value if all(a is b for a, b in zip(parts, value, strict=True)) else parts
        else:
            continue
        if new is not value:
            changes[name] = new
    return attrs.evolve(obj, **changes) if changes else obj


_HAS: dict[int, tuple[Any, bool]] = {}


def _has_placeholders(decl: Any) -> bool:
    hit = _HAS.get(id(decl))
    if hit is None or hit[0] is not decl:
        hit = (decl, any("{" in t.zh or "{" in t.en for t in texts(decl)))
        _HAS[id(decl)] = hit
    return hit[1]
