"""``talentkit coverage``: what implements each clause, and the exit code when nothing does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from talentkit import Engine
from talentkit.cli import main
from talentkit.coverage import IMPLEMENTED, INFORMATIONAL, NOTHING, coverage, documents_of
from talentkit.texttests import unaccounted

GAP_TEXT = """样例办法

第1条  申报人应当符合下列条件：
（1）年龄不超过40周岁。
（2）具有博士学位。
第2条  本办法由样例局负责解释。
第3条  本办法自印发之日起施行。
"""

GAP_PLUGIN = """
from pathlib import Path

from talentkit import Citation, Compare, Document, Informational, Programme, Text, hookimpl


def cite(key, article, quote=""):
    return Citation(document="GAP", article=article, key=f"GAP/{key}", quote=quote)


@hookimpl
def talentkit_add_documents():
    return [Document(id="GAP", title="样例办法", jurisdiction="gap",
                     text=Path(__file__).with_name("gap.txt"))]


@hookimpl
def talentkit_add_programmes():
    return [Programme(
        id="gap.p", jurisdiction="gap", document="GAP", name=Text("样例", "sample"),
        rules=[Compare(id="gap.p.doctor", fact="person.degree", value="doctor",
                       cite=cite("art1/(2)", "第1条（二）", "具有博士学位"),
                       text=Text("博士", "doctorate"))],
        informational=[Informational(cite=cite("art2", "第2条"),
                                     reason=Text("解释权", "who interprets"))],
    )]
"""


@pytest.fixture
def gap(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "gap.txt").write_text(GAP_TEXT, encoding="utf-8")
    (tmp_path / "talentkit_gap.py").write_text(GAP_PLUGIN, encoding="utf-8")
    return {
        "TALENTKIT_DISABLE_PLUGIN_AUTOLOAD": "1",
        "TALENTKIT_PLUGINS": "talentkit_gap",
        "TALENTKIT_BLOCK_PLUGINS": "",
        "PYTHONPATH": str(tmp_path),
    }


def run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_fooland_is_fully_accounted_for() -> None:
    engine = Engine.create(entry_points=False)
    team, pilot = coverage(engine, documents_of(engine, "fooland"))
    assert [c.clause.key for c in team.clauses][:3] == ["FOO-1/art1", "FOO-1/art2", "FOO-1/art3"]
    assert team.unaccounted == []
    assert pilot.unaccounted == []
    art1, _, art3 = team.clauses[:3]
    assert art1.status == INFORMATIONAL
    assert art3.status == IMPLEMENTED
    assert (len(art3.parts), art3.parts_accounted) == (3, 3)
    young = next(p for p in art3.parts if p.clause.key == "FOO-1/art3/(2)")
    assert {(u.kind, u.ref) for u in young.uses} >= {
        ("rule", "fooland.team.core_count"),
        ("rule", "fooland.team.young_share"),
        ("parameter", "fooland.team.min_core_members"),
    }
    # the document's own informational entry accounts for the pilot's 第2条
    assert [c.status for c in pilot.clauses] == [IMPLEMENTED, INFORMATIONAL]


def test_a_clause_with_nothing_fails(
    gap: dict[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.syspath_prepend(str(tmp_path))
    result = run(gap, "coverage", "GAP")
    assert result.exit_code == 1
    assert "第1条 GAP/art1 implemented (2 parts, 1 accounted for)" in result.output
    assert "（1） GAP/art1/(1) nothing" in result.output
    assert "rule gap.p.doctor in gap.p" in result.output
    assert "第2条 GAP/art2 informational" in result.output
    assert "第3条 GAP/art3 nothing" in result.output
    assert "GAP: 3 articles, 1 implemented, 1 informational, 1 with nothing" in result.output


def test_json_lists_every_part_with_its_uses(
    gap: dict[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.syspath_prepend(str(tmp_path))
    result = run(gap, "coverage", "gap", "--format", "json")
    assert result.exit_code == 1
    (doc,) = json.loads(result.output)
    assert doc["totals"] == {
        "clauses": 3,
        IMPLEMENTED: 1,
        INFORMATIONAL: 1,
        NOTHING: 1,
        "parts": 2,
        "parts_accounted": 1,
    }
    art1 = doc["clauses"][0]
    assert [p["accounted"] for p in art1["parts"]] == [False, True]
    (use,) = art1["parts"][1]["uses"]
    assert use == {
        "kind": "rule",
        "id": "gap.p.doctor",
        "programme": "gap.p",
        "key": "GAP/art1/(2)",
        "note": None,
    }
    assert doc["clauses"][1]["uses"][0]["note"] == "解释权"


def test_an_unknown_target_is_a_usage_error(
    gap: dict[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.syspath_prepend(str(tmp_path))
    result = CliRunner().invoke(main, ["coverage", "NOPE"], env=gap)
    assert result.exit_code == 2
    assert "no document, plugin or jurisdiction 'NOPE'" in result.output


def test_the_case_file_item_names_what_is_not_accounted_for(
    gap: dict[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("TALENTKIT_PLUGINS", "talentkit_gap")
    engine = Engine.create(entry_points=False)
    (report,) = coverage(engine, documents_of(engine, "GAP"))
    assert unaccounted(report) == [
        "GAP/art1 第1条: nothing for GAP/art1/(1)",
        "GAP/art3 第3条: nothing implements it, no reason recorded",
    ]
