"""The grounds for ending a selection are labelled in the words of the three measures."""

from __future__ import annotations

from pathlib import Path

from talentkit_shaanxi.common import FACTS

TEXT = (Path(__file__).parents[1] / "src" / "talentkit_shaanxi" / "texts").glob("*.txt")
#: 千人 第三十九条, 特支 第二十八条, 三秦 第二十三条: each lists the same grounds
ARTICLES = (
    "第三十九条 建立入选专家退出机制",
    "第二十八条 建立入选专家退出机制",
    "第二十三条 对弄虚作假",
)


def _articles() -> list[str]:
    text = "\n".join(p.read_text(encoding="utf-8") for p in TEXT)
    found = []
    for start in ARTICLES:
        at = text.index(start)
        found.append(text[at : text.index("\n", at)])
    return found


def test_each_ground_is_named_as_every_measure_names_it() -> None:
    (cause,) = [f for f in FACTS if f.name == "shaanxi.cause"]
    articles = _articles()
    for value in cause.values:
        label = cause.labels[value].zh
        for article in articles:
            assert label in article, (value, label, article[:20])
    # what the texts do not list is not offered as a ground
    labels = "".join(t.zh for t in cause.labels.values())
    assert "违纪" not in labels
    assert "科研伦理" not in labels
