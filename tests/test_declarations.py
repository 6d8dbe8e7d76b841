"""Fact paths, soft clauses, relaxations, conditional obligations, and the TOML case harness."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from talentkit import (
    AgeAtMost,
    Citation,
    Compare,
    Count,
    Engine,
    FactSpec,
    Fixed,
    Obligation,
    P,
    Parameter,
    Profile,
    Programme,
    Relaxation,
    Share,
    Status,
    Text,
    Verdict,
    hookimpl,
)
from talentkit.facts import MISSING, resolve
from talentkit.funding import evaluate_funding
from talentkit.params import ParameterStore
from talentkit.rules.context import Context
from talentkit.subjects import (
    Application,
    Organisation,
    Person,
    Team,
    Waiver,
    WaiverDecision,
)

D = dt.date
AS_OF = D(2026, 10, 20)
CITE = Citation(document="D", article="第1条")
ROOT = Path(__file__).parent


# -- fact paths ----------------------------------------------------------------------------

PROFILE = Profile(
    organisations=[
        Organisation(role="partner", area_code="110000"),
        Organisation(role="main_host", area_code="140300", facts={"x.area.m2": 1200}),
    ],
    team=Team(leader=Person(birth_date=D(1980, 1, 1)), members=[]),
    application=Application(track="key"),
    facts={"a.b.c": 0, "flag": False},
)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("organisations[role=main_host].area_code", "140300"),
        ("organisations[role=partner].area_code", "110000"),
        ("organisations[role=main_host].facts.x.area.m2", 1200),
        ("organisations[role=nobody].area_code", MISSING),
        ("facts.a.b.c", 0),  # zero is a value
        ("facts.flag", False),  # so is false
        ("facts.absent", MISSING),
        ("team.leader.birth_date", D(1980, 1, 1)),
        ("team.leader.gender", MISSING),
        ("team.members", []),  # stated: none
        ("person.birth_date", MISSING),
        ("history.receipts", MISSING),
    ],
)
def test_resolve(path: str, value: Any) -> None:
    assert (
        resolve(PROFILE, path) == value
        if value is not MISSING
        else resolve(PROFILE, path) is MISSING
    )


def test_root_paths_inside_a_collection() -> None:
    profile = Profile(
        application=Application(track="key"),
        team=Team(members=[Person(core=True), Person(core=True)]),
    )
    rule = Count(
        collection="team.members", value=2, where=Compare(fact="$.application.track", value="key")
    )
    ctx = Context(profile=profile, as_of=AS_OF, params=ParameterStore())
    assert rule.evaluate(ctx).status is Status.PASS


def test_rules_list_the_facts_and_parameters_they_read() -> None:
    share = Share(
        collection="team.members",
        among=Compare(fact="core"),
        where=AgeAtMost(birth="birth_date", years=P("y"), method=P("m")),
        fraction=P("f"),
    )
    assert set(share.fact_paths()) == {
        "team.members",
        "team.members[].birth_date",
        "team.members[].core",
    }
    assert set(share.param_keys()) == {"f", "y", "m"}


# -- soft clauses and relaxations in a programme of their own ----------------------------

SOFT = Compare(
    id="s.size",
    fact="facts.size",
    op=">=",
    value=10,
    soft=True,
    cite=CITE,
    text=Text("一般不少于10人", "in general at least 10"),
)
HARD = Compare(id="s.hard", fact="facts.hard", cite=CITE, text=Text("硬性", "hard"))


class SoftPlugin:
    @hookimpl
    def talentkit_add_facts(self) -> list[FactSpec]:
        return [FactSpec(name=n, type="bool") for n in ("hard", "urgent")] + [
            FactSpec(name="size", type="int")
        ]

    @hookimpl
    def talentkit_add_programmes(self) -> list[Programme]:
        base = {"jurisdiction": "s", "document": "D", "rules": [SOFT, HARD]}
        return [
            Programme(id="s.plain", name=Text("常", "plain"), **base),
            Programme(
                id="s.relaxed",
                name=Text("放宽", "relaxed"),
                **base,
                relaxations=[
                    Relaxation(
                        id="s.r",
                        when=Compare(fact="facts.urgent"),
                        cite=CITE,
                        text=Text("急需紧缺", "urgently needed"),
                    )
                ],
            ),
        ]


@pytest.fixture(scope="module")
def soft_engine() -> Engine:
    engine = Engine.create([("soft", SoftPlugin())], entry_points=False)
    assert engine.problems == []
    return engine


def verdicts(engine: Engine, facts: dict[str, Any], **extra: Any) -> dict[str, str]:
    profile = Profile(facts=facts, **extra)
    report = engine.assess(profile, ["s"], as_of=AS_OF)
    return {a.programme: a.verdict.value for a in report.assessments}


def waiver(decision: WaiverDecision) -> Waiver:
    return Waiver(decision=decision, by="bureau", on=D(2026, 5, 1), basis="一般")


@pytest.mark.parametrize(
    ("size", "decision", "urgent", "plain", "relaxed"),
    [
        (10, None, False, "eligible", "eligible"),  # met: nothing to decide
        (10, "declined", False, "eligible", "eligible"),  # a declined exception to a met norm
        (9, None, False, "not_eligible", "not_eligible"),  # unmet, no exception claimed
        (9, "pending", False, "needs_review", "needs_review"),  # claimed, not yet decided
        (9, "approved", False, "eligible_by_exception", "eligible_by_exception"),
        (9, "declined", False, "not_eligible", "not_eligible"),
        # the relaxation holds: an unmet clause goes to review where the programme has it
        (10, None, True, "eligible", "eligible"),
        (9, None, True, "not_eligible", "needs_review"),
        (9, "pending", True, "needs_review", "needs_review"),
        (9, "approved", True, "eligible_by_exception", "eligible_by_exception"),
        (9, "declined", True, "not_eligible", "not_eligible"),  # decided: not reopened
    ],
)
def test_one_reading_of_soft_clauses(
    soft_engine: Engine,
    size: int,
    decision: WaiverDecision | None,
    urgent: bool,
    plain: str,
    relaxed: str,
) -> None:
    waivers = {} if decision is None else {"s.size": waiver(decision)}
    facts = {"size": size, "hard": True, "urgent": urgent}
    got = verdicts(soft_engine, facts, waivers=waivers)
    assert got == {"s.plain": plain, "s.relaxed": relaxed}


def test_a_relaxation_sends_an_unmet_hard_clause_to_review(soft_engine: Engine) -> None:
    facts = {"size": 10, "hard": False}
    assert verdicts(soft_engine, {**facts, "urgent": False}) == {
        "s.plain": "not_eligible",
        "s.relaxed": "not_eligible",
    }
    assert verdicts(soft_engine, {**facts, "urgent": True}) == {
        "s.plain": "not_eligible",
        "s.relaxed": "needs_review",
    }


def test_unmet_soft_clause_hints_at_the_exception(soft_engine: Engine) -> None:
    report = soft_engine.assess(Profile(facts={"size": 9, "hard": True}), ["s"], as_of=AS_OF)
    check = next(c for c in report.assessments[0].checks if c.rule_id == "s.size")
    assert check.status is Status.FAIL
    assert any("waivers" in h.en for h in check.hints)
    pending = Profile(facts={"size": 9, "hard": True}, waivers={"s.size": waiver("pending")})
    report = soft_engine.assess(pending, ["s"], as_of=AS_OF)
    check = next(c for c in report.assessments[0].checks if c.rule_id == "s.size")
    assert check.status is Status.REVIEW
    assert check.waiver is not None
    assert any("awaits" in r.en for r in check.review)


def test_waiver_applies_to_soft_rules_only(soft_engine: Engine) -> None:
    waivers = {"s.size": waiver("approved"), "s.hard": waiver("approved")}
    got = verdicts(soft_engine, {"size": 9, "hard": True}, waivers=waivers)
    assert set(got.values()) == {Verdict.ELIGIBLE_BY_EXCEPTION.value}
    # a waiver cannot lift a clause the text states without 一般/原则上
    got = verdicts(soft_engine, {"size": 10, "hard": False}, waivers=waivers)
    assert set(got.values()) == {"not_eligible"}
    got = verdicts(soft_engine, {"size": 10, "hard": False}, waivers={"s.hard": waiver("pending")})
    assert set(got.values()) == {"not_eligible"}


def test_relaxation_for_every_rule_when_it_holds(soft_engine: Engine) -> None:
    got = verdicts(soft_engine, {"size": 10, "hard": False, "urgent": True})
    assert got["s.relaxed"] == "needs_review"
    assert got["s.plain"] == "not_eligible"
    # the competent body's refusal of an exception is not reopened by a relaxation
    got = verdicts(
        soft_engine,
        {"size": 9, "hard": True, "urgent": True},
        waivers={"s.size": waiver("declined")},
    )
    assert got["s.relaxed"] == "not_eligible"
    got = verdicts(soft_engine, {"size": 9, "hard": True, "urgent": True})
    assert got["s.relaxed"] == "needs_review"
    # an undetermined relaxation condition relaxes nothing
    got = verdicts(soft_engine, {"size": 10, "hard": False})
    assert got["s.relaxed"] == "not_eligible"


# -- conditional obligations ------------------------------------------------------------


def test_obligation_applies_only_when_its_condition_holds() -> None:
    grant = Fixed(id="g", cite=CITE, text=Text("资助", "grant"), payee="host", amount=100)
    ob = Obligation(
        id="m",
        cite=CITE,
        text=Text("配套", "match"),
        obligor="host",
        committed="facts.c",
        ratio=1,
        of="g",
        condition=Compare(fact="facts.enterprise"),
    )

    def run(facts: dict[str, Any]) -> list[tuple[str, Status, tuple[str, ...]]]:
        ctx = Context(profile=Profile(facts=facts), as_of=AS_OF, params=ParameterStore())
        return [
            (o.id, o.status, o.missing) for o in evaluate_funding("t", [grant, ob], ctx).obligations
        ]

    assert run({"enterprise": False, "c": 0}) == []
    assert run({"c": 0}) == [("m", Status.UNKNOWN, ("facts.enterprise",))]
    assert run({"enterprise": True, "c": 100}) == [("m", Status.PASS, ())]
    assert run({"enterprise": True, "c": 99}) == [("m", Status.FAIL, ())]


# -- exits with operator parameters ------------------------------------------------------


def test_exit_uses_overridden_parameters() -> None:
    from talentkit import Award, Event

    engine = Engine.create(entry_points=False)
    event = Event(kind="acceptance_failed", date=D(2026, 5, 20))
    report = engine.exit(
        "fooland.team",
        Award(programme="fooland.team", paid=[]),
        event,
        overrides={"fooland.ban_years": 3},
    )
    assert report.outcomes[0].bans[0].until == D(2029, 5, 20)


# -- the TOML case harness ---------------------------------------------------------------

CASES = """
[[case]]
name = "passes"
as_of = 2026-10-20
profile = "example.toml"
[case.expect."fooland.team"]
verdict = "needs_review"
total = 1000000

[[case]]
name = "wrong expectation"
as_of = 2026-10-20
profile = "example.toml"
[case.expect."fooland.team"]
verdict = "eligible"

[[case]]
name = "misspelled key"
profile = "example.toml"
[case.expect."fooland.team"]
verdit = "eligible"

[[case]]
name = "input error expected"
profile = "example.toml"
patch = { team = { members = [{ birth_date = "1990-13-01" }] } }
error = "expected a date (YYYY-MM-DD) @ $.team.members[0].birth_date"

[[case]]
name = "input error that does not happen"
profile = "example.toml"
error = "expected a date"

[[exit]]
name = "exit"
programme = "fooland.team"
event = { kind = "acceptance_failed", date = 2024-02-29 }
[exit.expect]
bans = [{ on = "leader", until = 2026-02-28 }]
recover = 0
"""


def test_toml_case_files_pass_and_fail_with_clear_messages(tmp_path: Path) -> None:
    shutil.copy(ROOT / "fooland" / "example.toml", tmp_path / "example.toml")
    (tmp_path / "test_harness.toml").write_text(
        CASES.replace(
            'name = "exit"\n', 'name = "exit"\naward = { programme = "fooland.team", paid = [] }\n'
        ),
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "TALENTKIT_PLUGINS": "talentkit_fooland.plugin",
        "TALENTKIT_DISABLE_PLUGIN_AUTOLOAD": "1",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "fooland"), os.environ.get("PYTHONPATH", "")]),
    }
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            str(tmp_path),
            "-q",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "3 passed" in out
    assert "3 failed" in out
    assert "expected an input error 'expected a date'; the profile parsed" in out
    assert "expected fooland.team: verdict eligible, got needs_review" in out
    assert "unknown keys ['verdit']" in out


class OpenEnded:
    @hookimpl
    def talentkit_add_facts(self) -> list[FactSpec]:
        return [FactSpec(name="ok", type="bool")]

    @hookimpl
    def talentkit_add_parameters(self) -> list[Parameter]:
        return [
            Parameter(key="o.valid_to", type="date"),  # the text gives no end date
            Parameter(key="o.valid_from", type="date", value=D(2025, 1, 1)),
        ]

    @hookimpl
    def talentkit_add_programmes(self) -> list[Programme]:
        return [
            Programme(
                id="o.prog",
                jurisdiction="o",
                document="O",
                name=Text("o", "o"),
                valid_from=P("o.valid_from"),
                valid_to=P("o.valid_to"),
                rules=[Compare(id="o.r", fact="facts.ok", cite=CITE, text=Text("o", "o"))],
            )
        ]


def test_validity_end_left_to_the_operator() -> None:
    engine = Engine.create([("o", OpenEnded())], entry_points=False)
    assert engine.problems == []
    profile = Profile(facts={"ok": True})

    def assess(as_of: D, **over: Any) -> Any:
        (a,) = engine.assess(profile, ["o.prog"], as_of=as_of, overrides=over).assessments
        return a

    a = assess(AS_OF)
    assert (a.verdict, a.missing) == (Verdict.UNDETERMINED, ("param:o.valid_to",))
    assert assess(D(2024, 12, 31)).verdict is Verdict.NOT_IN_FORCE  # before the start
    assert assess(AS_OF, **{"o.valid_to": "2026-10-20"}).verdict is Verdict.ELIGIBLE
    assert assess(AS_OF, **{"o.valid_to": "2026-10-19"}).verdict is Verdict.NOT_IN_FORCE
