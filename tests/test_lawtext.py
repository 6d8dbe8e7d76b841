"""The numbering parser on the shipped texts, key resolution and quote comparison."""

from __future__ import annotations

from pathlib import Path

import pytest

from talentkit import Citation, Document, Engine, Informational, Programme, Text, hookimpl
from talentkit.citations import check, clause_text, text_of
from talentkit.lawtext import LawText, Layout, UnknownKey, cn_number, parse, quote_found


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.create(block=["talentkit_fooland.plugin"])


@pytest.fixture(scope="module")
def texts(engine: Engine) -> dict[str, LawText]:
    out = {}
    for doc in engine.registry.documents.values():
        text = text_of(doc)
        assert text is not None, f"{doc.id} ships no text"
        out[doc.id] = text
    return out


def test_chinese_numbers() -> None:
    assert [cn_number(n) for n in ("一", "十", "十二", "二十", "二十二", "四十九", "7")] == [
        1,
        10,
        12,
        20,
        22,
        49,
        7,
    ]
    assert cn_number("一百零三") == 103


def test_every_document_ships_its_text(texts: dict[str, LawText]) -> None:
    assert sorted(texts) == ["SX-QR", "SX-SQ", "SX-TZ", "XZ-ECO", "YQ-TEAM", "YQ-TIC", "YQ-TPY"]


def test_team_items_and_the_twice_numbered_article(texts: dict[str, LawText]) -> None:
    team = texts["YQ-TEAM"]
    (item,) = team.resolve("YQ-TEAM/ch2/art7/(1)/2")
    assert item.text.startswith("团队带头人原则上年龄不受限制。团队核心成员不少于7人")
    assert item.label == "2."
    # 第二十二条 twice: chapter 5's (第22条) and chapter 6's (第二十二条), told apart by chapter
    assert "延期申请" in team.index["YQ-TEAM/ch5/art22"].text
    assert "负责解释" in team.index["YQ-TEAM/ch6/art22"].text
    # the indented "    1.学术水平" of tier (2) is an item, not a new clause
    assert "YQ-TEAM/ch2/art7/(2)/1" in team.index


def test_unnumbered_clauses_are_keyed_by_chapter_and_position(texts: dict[str, LawText]) -> None:
    tpy = texts["YQ-TPY"]
    chapter3 = [c.key.rsplit("/", 1)[1] for c in tpy.index["YQ-TPY/ch3"].children]
    assert chapter3 == ["p1", "p2", "p3", "p4", "art11"]
    assert tpy.index["YQ-TPY/ch6/p2"].text.startswith("年度考核结果分为优秀、合格、不合格三个等次")
    assert tpy.index["YQ-TPY/ch6/art17"].children == ()


def test_page_breaks_inside_a_sentence_are_joined(texts: dict[str, LawText]) -> None:
    assert "绩效评价、监督检查和调整撤销" in texts["YQ-TIC"].index["YQ-TIC/ch2/art4"].text
    item = texts["SX-QR"].index["SX-QR/art5/p1/(2)"]
    assert item.text.endswith(
        "担任高级职务或者在国际知名企业、金融机构担任中级以上职务的专业技术人才和经营管理人才；"
    )
    # the paragraph after the items is a paragraph of its own, and the items belong to p1
    assert texts["SX-QR"].index["SX-QR/art5/p2"].text.startswith("对其他达到国内一流水平")


def test_one_file_three_measures(texts: dict[str, LawText]) -> None:
    assert texts["SX-QR"].index["SX-QR/art49"].text.startswith("本办法自发布之日起施行")
    assert "SX-QR/art50" not in texts["SX-QR"].index
    assert texts["SX-TZ"].index["SX-TZ/art1"].text.startswith("陕西省高层次人才特殊支持计划")
    assert texts["SX-SQ"].index["SX-SQ/art1"].text.startswith("陕西省“三秦学者”")
    # chapters hold the articles but are not in their keys
    assert [c.key for c in texts["SX-QR"].root.children][:3] == [
        "SX-QR/title",
        "SX-QR/ch1",
        "SX-QR/ch2",
    ]
    assert "SX-QR/art18/p9" in texts["SX-QR"].index


def test_named_front_sections_and_measures(texts: dict[str, LawText]) -> None:
    eco = texts["XZ-ECO"]
    assert [c.key for c in eco.root.children][:4] == [
        "XZ-ECO/cover",
        "XZ-ECO/notice",
        "XZ-ECO/title",
        "XZ-ECO/preamble",
    ]
    assert eco.index["XZ-ECO/pt3/m9"].label == "9、"
    # s0 is the measure's heading sentence; m9 has two more
    assert eco.resolve("XZ-ECO/pt3/m9/s0")
    assert eco.resolve("XZ-ECO/pt3/m9/s2")
    with pytest.raises(UnknownKey, match="s0–s2"):
        eco.resolve("XZ-ECO/pt3/m9/s3")


def test_sentences_ranges_and_unknown_keys(texts: dict[str, LawText]) -> None:
    tic = texts["YQ-TIC"]
    # 第十条: four sentences over three paragraphs
    assert tic.resolve("YQ-TIC/ch4/art10/s4")
    with pytest.raises(UnknownKey):
        tic.resolve("YQ-TIC/ch4/art10/s5")
    assert [n.key for n in tic.resolve("YQ-TIC/ch3/art7/(5)-(6)")] == [
        "YQ-TIC/ch3/art7/(5)",
        "YQ-TIC/ch3/art7/(6)",
    ]
    assert len(texts["SX-QR"].resolve("SX-QR/art20-22")) == 3
    # a list names only the articles it lists, not those between them
    assert [n.key for n in texts["SX-TZ"].resolve("SX-TZ/art24,27")] == [
        "SX-TZ/art24",
        "SX-TZ/art27",
    ]
    with pytest.raises(UnknownKey):
        texts["SX-TZ"].resolve("SX-TZ/art24,99")
    with pytest.raises(UnknownKey, match="no range"):
        tic.resolve("YQ-TIC/ch3/art7/(6)-(7)")
    with pytest.raises(UnknownKey, match="it holds: art1, art2, art3"):
        tic.resolve("YQ-TIC/ch1/art4")
    assert tic.resolve("YQ-TIC") == (tic.root,)


def test_quotes_normalise_only_whitespace_and_width() -> None:
    text = "第八条 青年项目（一）为所从事科研领域同龄人中的拔尖人才, 有成为该领域……"
    assert quote_found("青年项目(一)为所从事科研领域同龄人中的拔尖人才，有成为", text)
    assert quote_found("青年 项目", text)
    assert quote_found("青年项目……拔尖人才", text)
    assert not quote_found("拔尖人才……青年项目", text)  # pieces keep their order
    assert not quote_found("青年项目（一）为所从事科研领域同龄人中的尖子人才", text)
    assert not quote_found("青年项目。", text)  # 。 is not a comma
    assert quote_found('"千人计划"入选者，近５年', "“千人计划”入选者,近5年")
    assert not quote_found("千人计划入选者", "“千人计划”入选者")  # marks are not dropped


def test_the_article_a_sentence_key_points_into(texts: dict[str, LawText]) -> None:
    text = clause_text(texts["YQ-TEAM"], "YQ-TEAM/ch1/art3/s2")
    assert text.startswith("第3条我市行政区域内")


def test_every_citation_of_the_installed_plugins_is_in_its_text(engine: Engine) -> None:
    problems = check(engine)
    assert not problems, "\n".join(str(p) for p in problems)


class _Plugin:
    """A document with its text, and a programme citing it right and wrong."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @hookimpl
    def talentkit_add_documents(self) -> list[Document]:
        return [Document(id="D", title="办法", jurisdiction="x", text=self.path)]

    @hookimpl
    def talentkit_add_programmes(self) -> list[Programme]:
        def info(key: str, quote: str) -> Informational:
            cite = Citation(document="D", article="第一条", key=key, quote=quote)
            return Informational(cite=cite, reason=Text("程序", "procedure"))

        return [
            Programme(
                id="d.p",
                jurisdiction="x",
                document="D",
                name=Text("办法", "measure"),
                informational=[
                    info("D/ch1/art1", "本办法(试行)自印发之日起施行"),
                    info("D/ch1/art1", "本办法自发布之日起施行"),
                    info("D/ch1/art2", ""),
                ],
            )
        ]


def test_a_wrong_quote_or_key_is_reported_with_the_article_and_both_strings(
    tmp_path: Path,
) -> None:
    path = tmp_path / "d.txt"
    path.write_text("第一章 总则\n第一条 本办法（试行）自印发之日起施行。\n", encoding="utf-8")
    engine = Engine.create([("d", _Plugin(path))], entry_points=False)
    quote, key = (str(p) for p in check(engine, ["D"]))
    assert "quote not in the text" in quote
    assert "quote:   本办法自发布之日起施行" in quote
    assert "article: 第一条本办法（试行）自印发之日起施行。" in quote
    assert "informational d.p (d.p)" in quote
    assert "'D/ch1/art2': no 'art2' under D/ch1 (it holds: art1)" in key


def test_layout_start_without_a_match_is_an_error() -> None:
    with pytest.raises(ValueError, match="no line starting"):
        parse("第一条 施行。\n", "D", Layout(start="不存在的标题"))
