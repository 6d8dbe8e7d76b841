"""Citations and shared pieces of the three Yangquan measures."""

from __future__ import annotations

from collections.abc import Callable

from talentkit import Citation, Text

BUREAU = Text("阳泉市科学技术局", "Yangquan municipal S&T bureau")
PANEL = Text("专家评审", "expert panel")

Cite = Callable[..., Citation]


def citer(document: str) -> Cite:
    """A citation factory for one document: ``c("第7条（1）2.", "YQ-TEAM/ch2/art7/(1)/2", "…")``."""

    def cite(article: str, key: str = "", quote: str = "", item: str = "") -> Citation:
        return Citation(document=document, article=article, key=key, quote=quote, item=item)

    return cite
