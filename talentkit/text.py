"""Bilingual text and citations: the two things every rule, amount and message carries."""

from __future__ import annotations

import string
from collections.abc import Callable
from typing import Literal

import attrs

from talentkit.slotinit import through_slots

Lang = Literal["zh", "en"]


@through_slots
@attrs.frozen
class Text:
    """A message in Chinese and English."""

    zh: str
    en: str

    def get(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en

    def format(self, **values: object) -> Text:
        return Text(self.zh.format(**values), self.en.format(**values))

    def render(self, value: Callable[[str, str, Lang], str]) -> Text:
        """Fill the text's ``{name}`` / ``{name:spec}`` placeholders with
        ``value(name, spec, lang)``; a text without placeholders is returned as it is."""
        if "{" not in self.zh and "{" not in self.en:
            return self
        return Text(_fill(self.zh, value, "zh"), _fill(self.en, value, "en"))


def _fill(template: str, value: Callable[[str, str, Lang], str], lang: Lang) -> str:
    out = []
    for literal, name, spec, _ in string.Formatter().parse(template):
        out.append(literal)
        if name is not None:
            out.append(value(name, spec or "", lang))
    return "".join(out)


def placeholders(text: Text) -> list[tuple[str, str]]:
    """The ``(name, spec)`` of every placeholder of a text, in either language.

    :raises ValueError: for an unbalanced brace or an empty ``{}`` (write ``{{`` and
        ``}}`` for literal braces).
    """
    found: list[tuple[str, str]] = []
    for template in (text.zh, text.en):
        if "{" not in template and "}" not in template:  # most texts: nothing to parse
            continue
        for _, name, spec, _ in string.Formatter().parse(template):
            if name is None:
                continue
            if not name:
                raise ValueError(f"empty placeholder {{}} in {template!r}")
            if (name, spec or "") not in found:
                found.append((name, spec or ""))
    return found


def plural_forms(spec: str) -> tuple[str, str] | None:
    """The singular and plural of a ``{key:one|other}`` placeholder, or None for another
    format. English words a count by its number: ``{months:# month|# months}`` reads
    "1 month" or "6 months" (``#`` is the number as shown), ``{years:year|# years}`` "the
    year" or "the 2 years". Chinese needs no such form (``{months}个月``)."""
    one, bar, other = spec.partition("|")
    if not bar:
        return None
    return one, other


def plural_problem(name: str, spec: str) -> str | None:
    """What is wrong with a ``{name:one|other}`` format, or None when it is sound."""
    forms = plural_forms(spec)
    if forms is None:
        return None
    if "|" in forms[1]:
        return f"{{{name}:{spec}}} has more than two forms; write {{{name}:one|other}}"
    if not forms[0].strip() or not forms[1].strip():
        return f"{{{name}:{spec}}} leaves a form empty; write {{{name}:# month|# months}}"
    return None


def chinese_plurals(text: Text) -> list[str]:
    """Placeholders of the Chinese text written with English plural forms."""
    return [
        f"{{{name}:{spec}}}"
        for _, name, spec, _ in string.Formatter().parse(text.zh)
        if name is not None and spec and plural_forms(spec) is not None
    ]


@through_slots
@attrs.frozen
class Citation:
    """Where a rule, parameter or amount comes from.

    ``document`` is the document code a plugin registers (e.g. ``YQ-TEAM``);
    ``article`` is written as the text writes it (``第7条（1）2.``, ``第三章第1段（未编号）``);
    ``key`` is the stable machine key (``YQ-TEAM/ch2/art7/(1)/2``); ``quote`` is the
    original Chinese clause.
    """

    document: str
    article: str
    key: str = ""
    item: str = ""
    quote: str = ""

    #: a citation's JSON text is kept for the next document (citations are declarations)
    __json_cache__ = True

    def short(self) -> str:
        return f"{self.document} {self.article}{self.item}"
