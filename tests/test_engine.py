"""Whole assessments against the Fooland programmes: every verdict, unknowns, hints."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis.vendor.pretty import pretty

from talentkit import CalendarError, Engine, Money, ProgrammeNotFound, Status, Verdict
from talentkit.convert import read_document
from talentkit.results import Assessment
from talentkit.workdays import known_years

D = dt.date
AS_OF = D(2026, 10, 20)
EXAMPLE = read_document(Path(__file__).parent / "fooland" / "example.toml")
DECIDED = {"fooland.team.standing": {"value": True, "by": "panel", "on": "2026-04-01"}}
OLD = "1960-01-01"
YOUNG = "1990-01-01"


@pytest.fixture(scope="module")
def engine() -> Engine:
    e = Engine.create(entry_points=False)
    assert e.problems == []
    return e


def merge(base: Any, patch: Any) -> Any:
    if isinstance(base, dict) and isinstance(patch, dict):
        out = dict(base)
        for k, v in patch.items():
            out[k] = merge(base[k], v) if k in base else v
        return out
    return patch


def members(young: int, old: int, **extra: Any) -> list[dict[str, Any]]:
    return [{"birth_date": YOUNG, "core": True} for _ in range(young)] + [
        {"birth_date": OLD, "core": True} for _ in range(old)
    ]


def assess(
    engine: Engine,
    patch: dict[str, Any] | None = None,
    programme: str = "fooland.team",
    *,
    as_of: D = AS_OF,
    **kw: Any,
) -> Assessment:
    raw = merge(copy.deepcopy(EXAMPLE), patch or {})
    report = engine.assess(engine.load(raw), [programme], as_of=as_of, **kw)
    (a,) = report.assessments
    return a


def status(a: Assessment) -> dict[str, str]:
    return {c.rule_id: c.status.value for c in a.checks}


def hints(a: Assessment) -> list[str]:
    return [h.en for c in a.checks for h in c.hints]


# -- the verdicts ------------------------------------------------------------------------


def test_needs_review_until_the_panel_decides(engine: Engine) -> None:
    a = assess(engine)
    assert a.verdict is Verdict.NEEDS_REVIEW
    assert a.failed == ()
    assert [c.rule_id for c in a.checks if c.status is Status.REVIEW] == ["fooland.team.standing"]
    assert [r.en for r in a.review] == ["for the expert panel: the team leads nationally"]


def test_eligible_once_decided_and_checks_name_their_plugin(engine: Engine) -> None:
    a = assess(engine, {"decisions": DECIDED})
    assert a.verdict is Verdict.ELIGIBLE
    plugins = {c.rule_id: c.plugin for c in a.checks}
    assert plugins["core.in_force"] == "talentkit.core"
    assert plugins["fooland.team.core_count"] == "talentkit_fooland.plugin"
    assert all(c.citation is not None for c in a.checks)
    assert a.document_status == "final"


def test_not_eligible_names_the_failed_rule_and_the_gap(engine: Engine) -> None:
    a = assess(engine, {"team": {"members": members(2, 2)}, "decisions": DECIDED})
    assert a.verdict is Verdict.NOT_ELIGIBLE
    assert a.failed == ("fooland.team.core_count",)
    assert "1 more core members needed" in hints(a)
    assert a.funding is None  # no money for an ineligible case


def _waiver(decision: str) -> dict[str, Any]:
    record = {"decision": decision, "by": "bureau", "on": "2026-04-02", "basis": "一般"}
    return {"waivers": {"fooland.team.leader_age": record}}


def test_soft_rule_failure_fails_then_pending_then_waived(engine: Engine) -> None:
    leader = {
        "team": {"leader": {"birth_date": "1980-03-01", "gender": "male"}},
        "decisions": DECIDED,
    }
    a = assess(engine, leader)
    assert a.verdict is Verdict.NOT_ELIGIBLE
    assert status(a)["fooland.team.leader_age"] == "fail"
    assert any("born on or after 1980-03-02" in h for h in hints(a))
    a = assess(engine, merge(leader, _waiver("pending")))
    assert a.verdict is Verdict.NEEDS_REVIEW
    assert status(a)["fooland.team.leader_age"] == "review"
    a = assess(engine, merge(leader, _waiver("approved")))
    assert a.verdict is Verdict.ELIGIBLE_BY_EXCEPTION
    assert a.waived == ("fooland.team.leader_age",)
    check = next(c for c in a.checks if c.rule_id == "fooland.team.leader_age")
    assert check.waiver is not None
    assert check.waiver.by == "bureau"
    a = assess(engine, merge(leader, _waiver("declined")))
    assert a.verdict is Verdict.NOT_ELIGIBLE
    assert status(a)["fooland.team.leader_age"] == "fail"
    # the day before the limit: met, whatever was claimed
    met = merge(leader, {"team": {"leader": {"birth_date": "1980-03-02"}}})
    assert assess(engine, merge(met, _waiver("declined"))).verdict is Verdict.ELIGIBLE


def test_waiver_decision_is_parsed_strictly(engine: Engine) -> None:
    from talentkit.convert import InputError, structure
    from talentkit.subjects import Profile

    with pytest.raises(InputError, match=r"approved, declined, pending @ \$\.waivers.*decision"):
        structure(_waiver("yes"), Profile)
    old = {"waivers": {"x": {"approved": True, "by": "b", "on": "2026-04-02", "basis": "一般"}}}
    with pytest.raises(InputError, match=r"unknown field\(s\) approved @ \$\.waivers\['x'\]"):
        structure(old, Profile)


def test_leader_age_boundary_through_the_engine(engine: Engine) -> None:
    ok = {"team": {"leader": {"birth_date": "1980-03-02", "gender": "male"}}, "decisions": DECIDED}
    assert assess(engine, ok).verdict is Verdict.ELIGIBLE
    woman = {
        "team": {"leader": {"birth_date": "1978-03-02", "gender": "female"}},
        "decisions": DECIDED,
    }
    assert assess(engine, woman).verdict is Verdict.ELIGIBLE


def test_undetermined_lists_missing_facts(engine: Engine) -> None:
    a = assess(engine, {"team": {"leader": {"birth_date": None}}, "decisions": DECIDED})
    assert a.verdict is Verdict.UNDETERMINED
    assert a.missing == ("team.leader.birth_date",)
    a = assess(
        engine,
        {"team": {"leader": {"birth_date": "1980-03-01", "gender": None}}, "decisions": DECIDED},
    )
    assert (a.verdict, a.missing) == (Verdict.UNDETERMINED, ("team.leader.gender",))


def test_missing_member_birth_date_path(engine: Engine) -> None:
    team = members(2, 5)
    del team[3]["birth_date"]
    a = assess(engine, {"team": {"members": team}, "decisions": DECIDED})
    assert a.verdict is Verdict.UNDETERMINED
    assert a.missing == ("team.members[3].birth_date",)
    # the same gap does not matter when the share holds either way
    team = members(3, 4)
    del team[6]["birth_date"]
    assert (
        assess(engine, {"team": {"members": team}, "decisions": DECIDED}).verdict
        is Verdict.ELIGIBLE
    )


def test_share_hint_through_the_engine(engine: Engine) -> None:
    a = assess(engine, {"team": {"members": members(2, 5)}, "decisions": DECIDED})
    assert a.failed == ("fooland.team.young_share",)
    (hint,) = [h for c in a.checks if c.rule_id == "fooland.team.young_share" for h in c.hints]
    assert "add 1 more core members who meet it" in hint.en
    assert "replace 1 of them" in hint.en
    assert (
        assess(engine, {"team": {"members": members(3, 6)}, "decisions": DECIDED}).verdict
        is Verdict.ELIGIBLE
    )
    assert (
        assess(engine, {"team": {"members": members(2, 7)}, "decisions": DECIDED}).verdict
        is Verdict.NOT_ELIGIBLE
    )


def test_relaxation_turns_a_failure_into_review(engine: Engine) -> None:
    few = {"team": {"members": members(2, 2)}, "decisions": DECIDED}
    a = assess(engine, merge(few, {"application": {"channel": "case_by_case"}}))
    assert a.verdict is Verdict.NEEDS_REVIEW
    assert status(a)["fooland.team.core_count"] == "review"
    assert any("the panel decides" in r.en for r in a.review)
    a = assess(engine, merge(few, {"application": {"channel": "normal"}}))
    assert a.verdict is Verdict.NOT_ELIGIBLE


def test_conditional_rule_and_duration_hint(engine: Engine) -> None:
    late = {
        "organisations": [{"role": "host", "kind": "enterprise", "founded_on": "2024-03-02"}],
        "decisions": DECIDED,
    }
    a = assess(engine, late)
    assert a.failed == ("fooland.team.company_age",)
    assert any(
        h.startswith("organisations[role=host].founded_on must be on or before 2024-03-01")
        for h in hints(a)
    )
    on_time = merge(
        late,
        {"organisations": [{"role": "host", "kind": "enterprise", "founded_on": "2024-03-01"}]},
    )
    assert assess(engine, on_time).verdict is Verdict.ELIGIBLE
    uni = merge(late, {"organisations": [{"role": "host", "kind": "university"}]})
    a = assess(engine, uni)
    assert status(a)["fooland.team.company_age"] == "na"
    assert a.verdict is Verdict.ELIGIBLE


def test_missing_reference_date(engine: Engine) -> None:
    a = assess(engine, {"application": {"call_notice_date": None}, "decisions": DECIDED})
    assert a.verdict is Verdict.UNDETERMINED
    assert a.missing == ("application.call_notice_date",)


# -- not in force --------------------------------------------------------------------------


def test_disabled_draft_is_skipped_or_not_in_force(engine: Engine) -> None:
    profile = engine.load(
        merge(copy.deepcopy(EXAMPLE), {"person": {"facts": {"fooland.resident": True}}})
    )
    # default: every enabled programme whose subject the case describes
    report = engine.assess(profile, as_of=AS_OF)
    assert {a.programme for a in report.assessments} == {"fooland.team", "fooland.transfer"}
    report = engine.assess(profile, as_of=AS_OF, overrides={"fooland.draft.enabled": True})
    assert {a.programme for a in report.assessments} == {
        "fooland.team",
        "fooland.transfer",
        "fooland.pilot",
    }
    # a case without a team is not assessed against the team programme by default
    report = engine.assess(engine.load({"organisations": [{"role": "applicant"}]}), as_of=AS_OF)
    assert {a.programme for a in report.assessments} == {"fooland.transfer"}
    (a,) = engine.assess(profile, ["fooland.pilot"], as_of=AS_OF).assessments
    assert a.verdict is Verdict.NOT_IN_FORCE
    assert a.document_status == "draft"
    assert "fooland.draft.enabled = true" in hints(a)[0]
    assert any("draft" in n.en for n in a.notes)


def test_enabled_draft_is_assessed_with_a_note(engine: Engine) -> None:
    profile = engine.load({"person": {"facts": {"fooland.resident": True}}})
    report = engine.assess(
        profile, ["fooland"], as_of=AS_OF, overrides={"fooland.draft.enabled": True}
    )
    a = next(a for a in report.assessments if a.programme == "fooland.pilot")
    assert a.verdict is Verdict.ELIGIBLE
    assert a.overrides == {"fooland.draft.enabled": "True"}
    assert any("draft" in n.en for n in a.notes)


@pytest.mark.parametrize(
    ("as_of", "in_force"),
    [
        (D(2024, 12, 31), False),
        (D(2025, 1, 1), True),
        (D(2029, 12, 31), True),
        (D(2030, 1, 1), False),
    ],
)
def test_validity_window(engine: Engine, as_of: D, in_force: bool) -> None:
    a = assess(engine, {"decisions": DECIDED}, as_of=as_of)
    assert (a.verdict is not Verdict.NOT_IN_FORCE) is in_force
    if not in_force:
        assert [c.rule_id for c in a.checks] == ["core.in_force"]


def test_unknown_programme_suggests_close_ids(engine: Engine) -> None:
    with pytest.raises(ProgrammeNotFound, match=r"did you mean fooland\.team"):
        engine.assess(engine.load({}), ["fooland.teem"])


# -- parameters at assessment time -----------------------------------------------------


def test_compare_shows_a_changed_verdict_and_amount(engine: Engine) -> None:
    profile = engine.load(merge(copy.deepcopy(EXAMPLE), {"decisions": DECIDED}))
    cmp = engine.compare(
        profile, {"fooland.team.min_core_members": 6}, ["fooland.team"], as_of=AS_OF
    )
    changes = [(c.programme, c.field, c.before, c.after) for c in cmp.changes]
    assert changes == [
        ("fooland.team", "verdict", "eligible", "not_eligible"),
        ("fooland.team", "funding.total", "1000000", "0"),
    ]
    cmp = engine.compare(
        profile, {"fooland.team.grant": "600000.00"}, ["fooland.team"], as_of=AS_OF
    )
    changes = [(c.programme, c.field, c.before, c.after) for c in cmp.changes]
    assert changes == [("fooland.team", "funding.total", "1000000", "1200000")]
    cmp = engine.compare(
        profile, {"fooland.team.grant": "500000.01"}, ["fooland.team"], as_of=AS_OF
    )
    changes = [(c.programme, c.field, c.before, c.after) for c in cmp.changes]
    assert changes == [("fooland.team", "funding.total", "1000000", "1000000.02")]
    assert cmp.baseline.assessments[0].funding.total == Money.yuan(1_000_000)  # type: ignore[union-attr]


# -- the working-day calendar ------------------------------------------------------------


def test_unknown_calendar_year_raises_then_is_assumed_and_reported(engine: Engine) -> None:
    year = known_years().stop
    later = {
        "facts": {"fooland.notice_start": f"{year}-09-30", "fooland.notice_end": f"{year}-10-06"},
        "decisions": DECIDED,
    }
    with pytest.raises(CalendarError, match=rf"{year} is outside the official holiday calendar"):
        assess(engine, later)
    a = assess(engine, later, assume_calendar=True)
    assert any("weekends-only counting assumed" in n.en for n in a.notes)
    assert a.verdict is Verdict.ELIGIBLE


def test_notice_boundary_through_the_engine(engine: Engine) -> None:
    late = {"facts": {"fooland.notice_end": "2026-10-13"}, "decisions": DECIDED}
    a = assess(engine, late)
    assert a.failed == ("fooland.team.notice",)
    assert "must be on or before 2026-10-12" in hints(a)


def test_verdict_precedence_keeps_every_open_item(engine: Engine) -> None:
    # a failure and a missing fact: not eligible, and the missing fact is still listed
    a = assess(engine, {"team": {"members": members(2, 2), "leader": {"birth_date": None}}})
    assert a.verdict is Verdict.NOT_ELIGIBLE
    assert a.failed == ("fooland.team.core_count",)
    assert a.missing == ("team.leader.birth_date",)
    assert [r.en for r in a.review] == ["for the expert panel: the team leads nationally"]
    # a missing fact and a panel question: undetermined
    a = assess(engine, {"team": {"leader": {"birth_date": None}}})
    assert a.verdict is Verdict.UNDETERMINED
    assert len(a.review) == 1
    # review and a waiver: needs review
    a = assess(
        engine,
        {
            "team": {"leader": {"birth_date": "1980-03-01", "gender": "male"}},
            **_waiver("approved"),
        },
    )
    assert a.verdict is Verdict.NEEDS_REVIEW
    assert a.waived == ("fooland.team.leader_age",)


def test_missing_attestation_is_review_not_unknown(engine: Engine) -> None:
    raw = merge(copy.deepcopy(EXAMPLE), {"decisions": DECIDED})
    del raw["attestations"]
    (a,) = engine.assess(engine.load(raw), ["fooland.team"], as_of=AS_OF).assessments
    assert a.verdict is Verdict.NEEDS_REVIEW
    assert status(a)["fooland.team.agreement"] == "review"
    assert a.missing == ()
    assert [r.en for r in a.review] == [
        "to be attested by a reviewer: host and team signed an agreement"
    ]
    raw["attestations"] = {
        "fooland.team.agreement": {"value": False, "by": "x", "on": "2026-03-10"}
    }
    (a,) = engine.assess(engine.load(raw), ["fooland.team"], as_of=AS_OF).assessments
    assert a.failed == ("fooland.team.agreement",)


def test_custom_rule_in_a_programme(engine: Engine) -> None:
    a = assess(engine, {"team": {"name": "  "}, "decisions": DECIDED})
    assert a.failed == ("fooland.team.name_given",)
    a = assess(engine, {"team": {"name": None}, "decisions": DECIDED})
    assert a.missing == ("team.name",)


def test_compare_reports_a_programme_switched_on(engine: Engine) -> None:
    profile = engine.load(
        merge(copy.deepcopy(EXAMPLE), {"person": {"facts": {"fooland.resident": True}}})
    )
    cmp = engine.compare(profile, {"fooland.draft.enabled": True}, as_of=AS_OF)
    assert [(c.programme, c.field, c.before, c.after) for c in cmp.changes] == [
        ("fooland.pilot", "verdict", "(not run)", "eligible")
    ]


def test_a_rule_several_programmes_share_is_evaluated_once_per_assessment() -> None:
    """The check of a shared rule object is computed once per case and reused; the
    result is the same as evaluating it in each programme."""
    from talentkit.rules.context import Shared

    engine = Engine.create()
    shared_rules = {}
    for prog in engine.registry.programmes.values():
        for rule in prog.rules:
            shared_rules.setdefault(id(rule), []).append(prog.id)
    assert any(len(pids) > 1 for pids in shared_rules.values())  # the plugins share rules
    case = engine.load(Path(__file__).parent / "fooland" / "example.toml")
    progs = [p.id for p in engine.select(None)]
    report = engine.assess(case, progs, as_of="2026-10-20", assume_calendar=True)
    store, as_of = engine.params, dt.date(2026, 10, 20)
    for a in report.assessments:  # the same checks without sharing
        alone = engine.assess_one(
            case, engine.programme(a.programme), as_of=as_of, store=store, assume_calendar=True
        )
        assert alone == a
    shared = Shared()
    for pid in progs:
        engine.assess_one(
            case,
            engine.programme(pid),
            as_of=as_of,
            store=store,
            assume_calendar=True,
            shared=shared,
        )
    evaluated = {key[0] for key in shared.checks}
    assert len(evaluated) < sum(len(engine.programme(p).rules) for p in progs)


def test_a_member_context_keeps_every_field_but_root_and_prefix() -> None:
    """``Context.at`` builds the context field by field (for speed): a field added to
    the class must be carried over there too."""
    import attrs

    from talentkit.rules.context import Context, Shared

    engine = Engine.create()
    ctx = Context(
        profile=engine.load({"id": "x"}),
        as_of=dt.date(2026, 1, 1),
        params=engine.params,
        reference=("application.submitted_on",),
        shared=Shared(),
    )
    member = ctx.at({"name": "m"}, "team.members[0]")
    for field in attrs.fields(Context):
        if field.name in ("root", "prefix"):
            continue
        assert getattr(member, field.name) is getattr(ctx, field.name), field.name
    assert member.root == {"name": "m"}
    assert member.prefix == "team.members[0]"


def test_select_by_id_prefix_and_jurisdiction() -> None:
    """An id selects that programme, and every programme under it when it is also a
    prefix; a jurisdiction selects all of its programmes; each once, in order given."""
    engine = Engine.create()
    every = [p.id for p in engine.select(None)]
    assert [p.id for p in engine.select(every)] == every
    assert [p.id for p in engine.select(every[::-1])] == every[::-1]
    tic = [p.id for p in engine.select("yangquan.tic")]
    assert tic[0] == "yangquan.tic"
    assert len(tic) > 1
    assert all(t == "yangquan.tic" or t.startswith("yangquan.tic.") for t in tic)
    assert [p.id for p in engine.select(["yangquan.tic.procedure", "yangquan.tic"])] == [
        "yangquan.tic.procedure",
        *(t for t in tic if t != "yangquan.tic.procedure"),
    ]
    assert {p.jurisdiction for p in engine.select("shaanxi")} == {"shaanxi"}
    with pytest.raises(ProgrammeNotFound, match="did you mean"):
        engine.select(["fooland.team", "fooland.tem"])


def test_the_in_force_gate_follows_overrides_and_dates_for_the_same_engine() -> None:
    """The gate is kept per date for the installed parameters: an override enabling a
    programme, or another date, is not answered from it."""
    engine = Engine.create()
    prog = engine.programme("xinzhou.eco.patent")
    assert prog.enabled is not None
    case = engine.load(Path(__file__).parent / "fooland" / "example.toml")

    def verdict(**kw: Any) -> str:
        (a,) = engine.assess(case, prog.id, as_of=AS_OF, **kw).assessments
        return str(a.verdict.value)

    assert verdict() == "not_in_force"
    assert verdict(overrides={prog.enabled.key: True}) != "not_in_force"
    assert verdict() == "not_in_force"
    (a,) = engine.assess(case, prog.id, as_of=AS_OF).assessments
    (b,) = engine.assess(case, prog.id, as_of=AS_OF).assessments
    assert a.checks[0] is b.checks[0]  # kept for the date
    (c,) = engine.assess(case, prog.id, as_of="2026-10-21").assessments
    assert c.checks[0].read["as_of"] == D(2026, 10, 21)


def test_an_engine_is_shown_in_one_line(engine: Engine) -> None:
    """A property test taking an engine fixture shows it with its falsifying example: a
    repr of the whole registry (about a megabyte) made Hypothesis warn, an error under the
    test settings, and the test's own failure was reported as inconsistent data generation
    instead."""
    engine.assess(engine.load(EXAMPLE), as_of="2025-06-01")  # its caches filled too
    shown = repr(engine)
    assert shown.startswith(f"Engine({len(engine.registry.programmes)} programmes, plugins=")
    assert len(shown) < 200
    assert pretty(engine) == shown  # as Hypothesis prints a falsifying example's arguments


def test_a_subject_kind_describes_a_case_holding_any_of_its_parts() -> None:
    from talentkit.semantics import SUBJECT_FIELDS, describes
    from talentkit.subjects import Organisation, Person, Profile, Team

    person = Profile(person=Person(name="张三"))
    team = Profile(team=Team(name="团队"))
    organisation = Profile(organisations=[Organisation(name="单位")])
    empty = Profile()
    described = {
        kind: [describes(p, kind) for p in (person, team, organisation, empty)]
        for kind in SUBJECT_FIELDS
    }
    assert described == {
        "person": [True, False, False, False],
        "team": [False, True, False, False],
        "organisation": [False, False, True, False],
        "person_or_team": [True, True, False, False],
    }
