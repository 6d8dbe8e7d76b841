"""Honours and titles a programme confers on selection: declared, in the result (JSON and
table), withdrawn by the exit rules that end them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from talentkit import (
    Award,
    Citation,
    Compare,
    Event,
    ExitRule,
    Fixed,
    Money,
    Profile,
    Programme,
    Status,
    Text,
    Title,
    to_json,
)
from talentkit.cli import main
from talentkit.declarations import check_programme
from talentkit.exits import ExitCase, evaluate_exit
from talentkit.funding import evaluate_funding
from talentkit.params import ParameterStore
from talentkit.rules.context import Context

CITE = Citation(document="T", article="第二十条", quote="为团队带头人颁发“三秦学者”证书")
SCHOLAR = Title(
    id="scholar",
    cite=CITE,
    holder="leader",
    text=Text("“三秦学者”证书", "Sanqin Scholar certificate"),
)
PLAQUE = Title(
    id="plaque",
    cite=CITE,
    holder="team",
    text=Text("创新团队称号（授牌）", "innovation team title (plaque)"),
    condition=Compare(fact="facts.plaque", value=True),
)
GRANT = Fixed(
    id="grant", cite=CITE, text=Text("资助", "grant"), payee="leader", amount=Money.yuan(1)
)
CANCEL = ExitRule(
    id="cancel",
    cite=CITE,
    text=Text("取消创新团队称号", "the team title is cancelled"),
    trigger="final_evaluation",
    decided_by=Text("领导小组", "leading group"),
    new_status="title_cancelled",
    withdraw=("plaque",),
)
AS_OF = dt.date(2026, 1, 1)


def ctx(facts: dict[str, object]) -> Context:
    return Context(profile=Profile(facts=facts), as_of=AS_OF, params=ParameterStore())


@pytest.mark.parametrize(
    ("plaque", "ids", "status"),
    [
        (True, ["scholar", "plaque"], Status.PASS),
        (False, ["scholar"], None),
        (None, ["scholar", "plaque"], Status.UNKNOWN),
    ],
)
def test_titles_are_in_the_result(plaque: bool | None, ids: list[str], status: Status) -> None:
    f = evaluate_funding("t", [GRANT, SCHOLAR, PLAQUE], ctx({"plaque": plaque}))
    assert [t.id for t in f.titles] == ids
    assert f.titles[0].holder == "leader"
    assert f.titles[0].status is Status.PASS
    if status is not None:
        assert f.titles[1].status is status
    if status is Status.UNKNOWN:
        assert f.titles[1].missing == ("facts.plaque",)
    assert f.total == Money.yuan(1)  # a title is no money
    data = json.loads(to_json(f))
    assert data["titles"][0]["text"]["zh"] == "“三秦学者”证书"
    assert data["titles"][0]["citation"]["article"] == "第二十条"


def test_an_exit_rule_withdraws_the_titles_it_names() -> None:
    case = ExitCase(
        event=Event(kind="final_evaluation", date=AS_OF),
        award=Award(programme="t"),
        profile=Profile(),
    )
    (outcome,) = evaluate_exit([CANCEL], ctx({}), case, [SCHOLAR, PLAQUE])
    assert [(w.id, w.holder) for w in outcome.withdrawn] == [("plaque", "team")]
    assert outcome.withdrawn[0].text == PLAQUE.text
    data = json.loads(to_json(outcome))
    assert data["withdrawn"][0]["id"] == "plaque"


def test_a_misspelled_title_fails_at_load() -> None:
    bad = ExitRule(
        id="bad",
        cite=CITE,
        text=Text("x", "x"),
        trigger="final_evaluation",
        decided_by=Text("x", "x"),
        withdraw=("plaqe",),
    )
    prog = Programme(
        id="t",
        jurisdiction="t",
        document="T",
        name=Text("t", "t"),
        funding=[SCHOLAR, PLAQUE],
        exits=[bad],
    )
    found, _ = check_programme(prog, {}, ParameterStore())
    assert [f.problem for f in found if f.rule == "bad"] == [
        "exit rule bad withdraws unknown title 'plaqe'; did you mean 'plaque'?"
    ]


# -- shown by check and exit -----------------------------------------------------------------

SHAANXI = Path(__file__).parents[1] / "plugins/shaanxi/examples"


def cli(*args: str) -> str:
    env = {"COLUMNS": "250", "TALENTKIT_TRACE_HOOKS": ""}
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False).output


def test_check_shows_the_titles_conferred() -> None:
    case = str(SHAANXI / "sanqin_enterprise.toml")
    pid = "shaanxi.sanqin.natsci_eng"
    out = cli("check", case, "-p", pid, "--as-of", "2024-07-01", "--lang", "en")
    assert "title conferred: leader — the Sanqin Scholar certificate" in out
    zh = cli("check", case, "-p", pid, "--as-of", "2024-07-01")
    assert "授予称号" in zh
    data = json.loads(cli("check", case, "-p", pid, "--as-of", "2024-07-01", "--format", "json"))
    ids = [t["id"] for t in data["assessments"][0]["funding"]["titles"]]
    assert ids == ["shaanxi.sanqin.title.team", "shaanxi.sanqin.title.sanqin_scholar"]


def test_exit_shows_the_title_withdrawn(tmp_path: Path) -> None:
    case = tmp_path / "exit.toml"
    case.write_text(
        'programme = "shaanxi.sanqin.pss"\n[award]\nprogramme = "shaanxi.sanqin.pss"\n'
        "awarded_on = 2021-05-01\n"
        '[event]\nkind = "final_evaluation"\ndate = 2026-05-01\n'
        '[event.facts]\n"shaanxi.sanqin.final_result" = "fail"\n'
        '"shaanxi.sanqin.leading_group_consent" = true\n',
        encoding="utf-8",
    )
    out = cli("exit", str(case), "--lang", "en")
    assert "title withdrawn: team: the title of a Sanqin Scholars innovation team" in out
    assert "撤销称号" in cli("exit", str(case))
