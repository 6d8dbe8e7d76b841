"""A count or share with subjects beside its list (``also``) is decided by its plan and
decided again by its explanation's ``run``: the second takes what the first decided, for
the same rule and context only. Each result here is compared with the rule decided and
explained without shared values (nothing kept). The items a count or share decides are
decided by their rule's plan, or as the rule's class says."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import attrs
import pytest

from talentkit import Compare, Count, P, Profile, Share, Status
from talentkit.params import Parameter, ParameterStore
from talentkit.rules import Rule, base
from talentkit.rules.base import Decision, Outcome
from talentkit.rules.context import Context, Shared
from talentkit.subjects import Person, Team
from talentkit.text import Citation
from talentkit.valuelabels import model_labels
from talentkit.workdays import WorkdayCalendar

ON = dt.date(2026, 1, 1)
#: one calendar and one set of labels for every context, as an assessment's programmes
#: share them (a context made without them has its own: a key of its own too)
CALENDAR = WorkdayCalendar()
LABELS = model_labels()
IN_GROUP = Compare(fact="core", value=True)
HIT = Compare(fact="full_time", value=True)
COUNT = Count(collection="team.members", where=IN_GROUP, also=("person",), op=">=", value=3)
SHARE = Share(
    collection="team.members", among=IN_GROUP, where=HIT, also=("person",), fraction=P("t.frac")
)


def _store() -> ParameterStore:
    store = ParameterStore()
    store.add(
        [
            Parameter(
                key="t.frac", type="fraction", value=Fraction(1, 2), citation=Citation("T", "1")
            )
        ]
    )
    return store


STORE = _store()
RAISED = STORE.with_overrides({"t.frac": "3/4"})


def _profile(listed: int, hits: int, director_hits: bool) -> Profile:
    members = [Person(id=f"s{i}", core=True, full_time=i < hits) for i in range(listed)]
    return Profile(person=Person(id="d", full_time=director_hits), team=Team(members=members))


#: (profile, store): 2 of 4 hit with the director, 3 of 4 with the raised fraction fails;
#: two listed miss the count of 3 without the director... each differs from the one before
CASES = [
    (_profile(3, 1, True), STORE),
    (_profile(3, 1, True), RAISED),
    (_profile(3, 1, False), STORE),
    (_profile(2, 2, True), RAISED),
    (_profile(1, 0, True), STORE),
    (_profile(3, 1, True), STORE),
]


def _ctx(profile: Profile, store: ParameterStore, shared: Shared | None) -> Context:
    return Context(
        profile=profile, as_of=ON, params=store, shared=shared, calendar=CALENDAR, labels=LABELS
    )


def _alone(rule: Rule, ctx: Context) -> tuple[object, ...]:
    """The check's every field, decided and explained with nothing kept."""
    bare = Context(profile=ctx.profile, as_of=ctx.as_of, params=ctx.params)
    check = rule.evaluate_now(bare.at(ctx.root, ctx.prefix) if ctx.root is not None else bare)
    return (check.status, check.missing, check.review, check.detail, check.read, check.hints)


@pytest.mark.parametrize("rule", [COUNT, SHARE], ids=["count", "share"])
def test_each_case_and_parameter_set_decided_and_explained_as_its_own(rule: Rule) -> None:
    """One set of shared values per parameter set for every case (the key names the
    case): a tally kept by rule alone gives another case's."""
    shared = {id(STORE): Shared(), id(RAISED): Shared()}  # one per parameter set
    checks = []
    for profile, store in CASES:
        ctx = _ctx(profile, store, shared[id(store)])
        checks.append((rule.evaluate(ctx), ctx))  # decided by the plan: tallies kept
    for check, ctx in checks:  # explained afterwards, in order
        got = (check.status, check.missing, check.review, check.detail, check.read, check.hints)
        assert got == _alone(rule, ctx)
    statuses = {c.status for c, _ in checks}
    assert len(statuses) > 1  # the cases differ where it shows


def test_a_member_s_root_is_its_own() -> None:
    """The same rule on two roots of one case (as counted members are): each its own."""
    rule = Count(collection="members", where=IN_GROUP, also=("lead",), op=">=", value=2)
    units = [
        {"lead": Person(id="a"), "members": [Person(id="x", core=True)]},
        {"lead": Person(id="b"), "members": [Person(id="b", core=True)]},
    ]
    profile = Profile()
    shared = Shared()
    top = _ctx(profile, STORE, shared)
    got = [rule.evaluate(top.at(u, "unit")).status for u in units]  # root alone differs
    assert got == [Status.PASS, Status.FAIL]  # the lead listed too is counted once


def test_the_explanation_reads_what_the_plan_decided() -> None:
    """Decided once per rule and context: by the plan, not again by the explanation."""
    calls = []
    decide = Share._decide_into

    def counted(self: Share, ctx: Context, out: Outcome) -> object:
        calls.append(ctx)
        return decide(self, ctx, out)

    ctx = _ctx(CASES[0][0], STORE, Shared())
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Share, "_decide_into", counted)
        check = SHARE.evaluate(ctx)
        assert check.detail is not None  # the explanation built
        assert len(calls) == 1
        again = SHARE.evaluate_now(ctx)
        assert len(calls) == 1
    assert (again.status, again.detail) == (check.status, check.detail)


def test_an_outcome_holding_a_decision_already_is_decided_anew() -> None:
    """Only a fresh outcome takes what was kept: one holding a decision already is
    decided by the steps themselves, from what it holds."""
    calls = []
    decide = Share._decide_into

    def counted(self: Share, ctx: Context, out: Outcome) -> object:
        calls.append(ctx)
        return decide(self, ctx, out)

    ctx = _ctx(CASES[2][0], STORE, Shared())
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Share, "_decide_into", counted)
        first = SHARE.decide_into(ctx, Outcome())  # kept
        held = Outcome(status=Status.UNKNOWN, missing=["elsewhere"])
        # decided from what it holds (undetermined already), not given what was kept
        assert first is not None
        assert SHARE.decide_into(ctx, held) is None
        assert len(calls) == 2
        SHARE.decide_into(ctx, Outcome())
        assert len(calls) == 2
    alone = Outcome(status=Status.UNKNOWN, missing=["elsewhere"])
    SHARE.decide_into(Context(profile=CASES[2][0], as_of=ON, params=STORE), alone)
    assert (held.status, held.missing) == (alone.status, alone.missing)


@attrs.frozen(kw_only=True)
class Flipped(Compare):
    """A rule class of its own (so without a plan) deciding otherwise than its base."""

    def decision(self, ctx: Context) -> Decision:
        found = super().decision(ctx)
        flipped = Status.FAIL if found.status is Status.PASS else Status.PASS
        return Decision(flipped, found.missing, found.review)


@pytest.mark.parametrize("flipped", [False, True])
def test_counted_items_decided_by_their_plan_or_as_their_class_says(flipped: bool) -> None:
    """A counted item's rule is decided by its plan where ``Rule.decision`` would call
    it, and through its class's own ``decision`` otherwise; while a rule is explained with
    its parts, as ``decision`` decides then."""
    where: Rule = Flipped(fact="core", value=True) if flipped else IN_GROUP
    rule = Count(collection="team.members", where=where, op=">=", value=2)
    members = [Person(id=f"s{i}", core=i < 2) for i in range(3)]
    ctx = _ctx(Profile(team=Team(members=members)), STORE, Shared())
    expected = Status.FAIL if flipped else Status.PASS  # one not core, flipped: one counted
    assert rule.evaluate(ctx).status is expected
    assert rule.evaluate_now(ctx).status is expected
    token = base._EXPLAINING.set(True)
    try:
        assert rule.run(ctx).status is expected
    finally:
        base._EXPLAINING.reset(token)
