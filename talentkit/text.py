"""Bilingual text and citations: the two things every rule, amount and message carries."""

from __future__ import annotations

from typing import Literal

import attrs

Lang = Literal["zh", "en"]


@attrs.frozen
class Text:
    """A message in Chinese and English."""

    zh: str
    en: str

    def get(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en

    def format(self, **values: object) -> Text:
        return Text(self.zh.format(**values), self.en.format(**values))


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

    def short(self) -> str:
        return f"{self.document} {self.article}{self.item}"
