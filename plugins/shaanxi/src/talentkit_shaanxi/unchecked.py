"""Clauses of 陕办发〔2017〕46号 that no programme implements, each with the reason.

Together with the programmes' own informational entries they make every article of the
three measures accounted for in ``talentkit coverage``.
"""

from __future__ import annotations

from talentkit import Citation, Informational, Text

PRINCIPLES = Text(
    "实施原则，不是对申报人或团队的条件", "principles of the scheme; no condition on an applicant"
)
PROJECTS = Text(
    "项目构成：每个项目是本插件的一个 programme；调整项目设置由领导小组决定",
    "the list of projects: each is a programme of this plugin; changing the list is for the "
    "leading group",
)
ORGANISATION = Text(
    "组织分工：规定有关部门的职责，不是对申报人或团队的条件",
    "division of work between the offices; no condition on an applicant",
)
INTERPRETATION = Text("解释权归属", "who interprets the measure")
DETAILED_RULES = Text(
    "授权平台部门制定实施细则（细则出台后可作为参数或新规则加入）",
    "authorises the platform offices to issue detailed rules (to be added as parameters or "
    "rules once issued)",
)
PUBLICITY = Text("宣传和舆论引导，由发文机关实施", "publicity, carried out by the issuing offices")


def _why(document: str, article: str, key: str, reason: Text) -> Informational:
    return Informational(
        cite=Citation(document=document, article=article, key=f"{document}/{key}"), reason=reason
    )


UNCHECKED: dict[str, tuple[Informational, ...]] = {
    "SX-QR": (
        _why("SX-QR", "第二条", "art2", PRINCIPLES),
        _why("SX-QR", "第三条", "art3", PROJECTS),
    ),
    "SX-TZ": (
        _why("SX-TZ", "第二条", "art2", PRINCIPLES),
        _why("SX-TZ", "第三条", "art3", PROJECTS),
        _why("SX-TZ", "第四条第一款", "art4/p1", ORGANISATION),
        *(
            _why("SX-TZ", label, f"art{n}", ORGANISATION)
            for n, label in (
                (30, "第三十条"),
                (31, "第三十一条"),
                (32, "第三十二条"),
                (33, "第三十三条"),
                (34, "第三十四条"),
            )
        ),
        _why("SX-TZ", "第三十五条", "art35", DETAILED_RULES),
        _why("SX-TZ", "第三十六条", "art36", INTERPRETATION),
    ),
    "SX-SQ": (
        _why(
            "SX-SQ",
            "第二条",
            "art2",
            Text("总体思路，不是对团队的条件", "the overall approach; no condition on a team"),
        ),
        _why("SX-SQ", "第三条", "art3", PRINCIPLES),
        _why("SX-SQ", "第五条第一款", "art5/p1", ORGANISATION),
        _why("SX-SQ", "第二十六条", "art26", PUBLICITY),
        *(
            _why("SX-SQ", label, f"art{n}", ORGANISATION)
            for n, label in (
                (27, "第二十七条"),
                (28, "第二十八条"),
                (29, "第二十九条"),
                (30, "第三十条"),
                (31, "第三十一条"),
            )
        ),
        _why("SX-SQ", "第三十四条", "art34", DETAILED_RULES),
        _why("SX-SQ", "第三十五条", "art35", INTERPRETATION),
    ),
}
