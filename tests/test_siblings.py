"""Sibling programmes: where a tier or track condition fails, the programme of the same
text the case meets instead, derived from the declarations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from talentkit import Engine, hookimpl, to_json, touches
from talentkit.builtin.declared import Decided
from talentkit.programme import Programme
from talentkit.render import assessment_panel, summary_line
from talentkit.results import DeferredAssessment, open_checks
from talentkit.rules import Check, Status
from talentkit.scoring import ScoreLine
from talentkit.siblings import siblings
from talentkit.testing import read_document

ROOT = Path(__file__).parent.parent / "plugins"


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.create()


def sibling_ids(engine: Engine, pid: str) -> list[str]:
    progs = list(engine.registry.programmes.values())
    return sorted(p.id for p in siblings(engine.programme(pid), progs))


def test_tiers_of_one_measure_are_siblings(engine: Engine) -> None:
    assert sibling_ids(engine, "yangquan.team.leading") == [
        "yangquan.team.key",
        "yangquan.team.youth",
    ]
    assert "shaanxi.qianren.youth" in sibling_ids(engine, "shaanxi.qianren.long")
    # another measure of the same notice is not a tier of 千人
    assert not any(
        s.startswith("shaanxi.tezhi") for s in sibling_ids(engine, "shaanxi.qianren.long")
    )


def test_separate_measures_and_procedures_of_one_text_are_not(engine: Engine) -> None:
    assert sibling_ids(engine, "yangquan.tic") == []  # its procedure and operation checks
    assert sibling_ids(engine, "xinzhou.eco.patent") == []  # separate funding measures


def youth_doctor(engine: Engine, years: int) -> Any:
    raw = read_document(ROOT / "shaanxi/examples/qianren_youth.toml")
    raw["application"]["facts"]["shaanxi.commitment_years"] = years
    return engine.load(raw)


def test_the_hint_in_json_and_in_both_languages(engine: Engine) -> None:
    report = engine.assess(youth_doctor(engine, 2), "shaanxi.qianren.long", as_of="2026-05-01")
    (a,) = report.assessments
    (hint,) = a.siblings
    assert hint.programme == "shaanxi.qianren.youth"
    assert hint.verdict.value == "needs_review"  # the peer-review criterion is left
    assert hint.text.en == (
        "this profile meets shaanxi.qianren.youth rather than shaanxi.qianren.long "
        "(a panel decides the rest)"
    )
    assert "本情形符合" in hint.text.zh
    assert "shaanxi.qianren.youth" in hint.text.zh
    data = json.loads(to_json(report))["assessments"][0]["siblings"]
    assert [(s["programme"], s["verdict"]) for s in data] == [
        ("shaanxi.qianren.youth", "needs_review")
    ]
    for lang, words in (("en", "rather than"), ("zh", "而非")):
        console = Console(width=200, record=True)
        console.print(summary_line(a, lang))
        console.print(assessment_panel(a, lang))
        shown = console.export_text()
        assert words in shown
        assert "→" in shown


def test_no_hint_where_the_programme_does_not_fail(engine: Engine) -> None:
    report = engine.assess(youth_doctor(engine, 3), "shaanxi.qianren.long", as_of="2026-05-01")
    (a,) = report.assessments
    assert a.verdict.value == "undetermined"
    assert a.siblings == ()


class FailingScore:
    """A plugin whose scoring of the youth programme raises."""

    @hookimpl
    @touches("shaanxi.qianren.youth")
    def talentkit_score(self, programme: Programme) -> list[ScoreLine]:
        raise RuntimeError("broken")


def test_a_sibling_met_is_assessed_in_full_and_no_hint_where_that_fails() -> None:
    """Whether a sibling is met is read from its eligibility checks; a met one is then
    assessed whole, and a hook failing there (an error) offers no hint."""
    engine = Engine.create([("failing", FailingScore())])
    report = engine.assess(youth_doctor(engine, 2), "shaanxi.qianren.long", as_of="2026-05-01")
    (a,) = report.assessments
    assert a.verdict.value == "not_eligible"
    assert a.siblings == ()
    youth = engine.assess(youth_doctor(engine, 2), "shaanxi.qianren.youth", as_of="2026-05-01")
    assert youth.assessments[0].verdict.value == "error"


@pytest.mark.parametrize(("term_years", "hinted"), [(3, True), (2, False)])
def test_the_hint_at_the_boundary_of_the_siblings_condition(
    engine: Engine, term_years: int, hinted: bool
) -> None:
    """青年项目 asks for terms of at least 3 years (第八条（三）): at exactly 3 the case
    meets it (a panel deciding the rest), a year less it fails there as well."""
    raw = read_document(ROOT / "shaanxi/examples/qianren_youth.toml")
    raw["application"]["facts"]["shaanxi.commitment_years"] = 2
    raw["application"]["facts"]["shaanxi.min_term_years"] = term_years
    profile = engine.load(raw)
    (a,) = engine.assess(profile, "shaanxi.qianren.long", as_of="2026-05-01").assessments
    assert a.verdict.value == "not_eligible"
    youth = engine.assess(profile, "shaanxi.qianren.youth", as_of="2026-05-01")
    assert [s.programme for s in a.siblings] == (["shaanxi.qianren.youth"] if hinted else [])
    assert [s.verdict.value for s in a.siblings] == (["needs_review"] if hinted else [])
    assert youth.assessments[0].verdict.value == ("needs_review" if hinted else "not_eligible")


def test_siblings_are_told_met_without_building_their_checks(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whether a sibling is met is read from its checks' statuses: neither the sibling's
    check objects nor the hinted assessment's are built until the report is read."""
    built: list[int] = []
    checks = Decided.checks

    def counted(self: Decided) -> list[Check]:
        built.append(id(self))
        return checks(self)

    monkeypatch.setattr(Decided, "checks", counted)
    report = engine.assess(youth_doctor(engine, 2), "shaanxi.qianren.long", as_of="2026-05-01")
    (a,) = report.assessments
    assert [s.programme for s in a.siblings] == ["shaanxi.qianren.youth"]
    assert type(a) is DeferredAssessment
    assert built == []
    assert any(c.status is Status.FAIL for c in a.checks)  # built when read: its own only
    assert len(built) == 1


def test_the_statuses_read_are_those_of_the_checks(engine: Engine) -> None:
    every = [p.id for p in engine.select(None)]
    report = engine.assess(youth_doctor(engine, 2), every, as_of="2026-05-01")
    for a in report.assessments:
        found = list(open_checks(a))
        built = [(c.rule_id, c.status, c.missing, c.review) for c in a.checks]
        assert found == [o for o in built if o[1] is not Status.PASS]
    assert any(a.siblings for a in report.assessments)


def test_siblings_found_again_for_other_programme_objects(engine: Engine) -> None:
    """Found once per programme and list of programmes: another list (or equal
    programmes that are other objects) is looked through again, and the answer is the
    caller's own to change."""
    import attrs

    progs = list(engine.registry.programmes.values())
    lead = engine.programme("yangquan.team.leading")
    first = siblings(lead, progs)
    first.clear()  # the caller's copy: what is kept is not changed
    again = siblings(lead, progs)
    assert sorted(p.id for p in again) == ["yangquan.team.key", "yangquan.team.youth"]
    # equal programmes, other objects: those of the list given are answered
    copies = [attrs.evolve(p) for p in progs]
    found = siblings(lead, copies)
    assert [p.id for p in found] == [p.id for p in again]
    assert all(any(p is c for c in copies) for p in found)
    # a list without the other tiers: none
    assert (
        siblings(
            lead,
            [p for p in progs if p.id != "yangquan.team.key" and p.id != "yangquan.team.youth"],
        )
        == []
    )


def test_siblings_kept_for_a_bounded_number_of_programmes(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A service loading programmes again and again keeps only the latest ones' siblings
    and articles, and still answers each."""
    import attrs

    from talentkit import siblings as module

    monkeypatch.setattr(module, "_KEPT", 3)
    monkeypatch.setattr(module, "_SIBLINGS", {})
    monkeypatch.setattr(module, "_ARTICLES", {})
    progs = list(engine.registry.programmes.values())
    for _ in range(4):
        copies = [attrs.evolve(p) for p in progs]
        lead = next(p for p in copies if p.id == "yangquan.team.leading")
        found = siblings(lead, copies)
        assert sorted(p.id for p in found) == ["yangquan.team.key", "yangquan.team.youth"]
        assert len(module._SIBLINGS) <= 3
        assert len(module._ARTICLES) <= 3
