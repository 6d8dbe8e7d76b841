"""Bad input gives structured errors with paths; nothing else ever escapes the parser."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talentkit import Award, Engine, Event, InputError, Money, Profile, Report, to_json
from talentkit.convert import read_document

AS_OF = dt.date(2026, 10, 20)
EXAMPLE = read_document(Path(__file__).parent / "fooland" / "example.toml")

_ENGINE: Engine | None = None


def engine() -> Engine:
    global _ENGINE
    if _ENGINE is None:
        _ENGINE = Engine.create(entry_points=False)
    return _ENGINE


def errors(data: Any, cls: type[Any] = Profile) -> list[str]:
    with pytest.raises(InputError) as err:
        engine().load(data, cls)
    assert err.value.errors
    return err.value.errors


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"team": {"members": [{}, {}, {}, {"birth_date": "1990-13-01"}]}},
            "expected a date (YYYY-MM-DD) @ $.team.members[3].birth_date",
        ),
        (
            {"team": {"members": [{}, {}, {}, {"birth_date": 19900101}]}},
            "expected a date (YYYY-MM-DD) @ $.team.members[3].birth_date",
        ),
        (
            {"person": {"birth_date": "2020-01-01T00:00"}},
            "expected a date (YYYY-MM-DD) @ $.person.birth_date",
        ),
        ({"person": {"nmae": "x"}}, "unknown field(s) nmae (did you mean name?) @ $.person"),
        (
            {"organisations": [{"applicatons": []}]},
            "unknown field(s) applicatons (did you mean applications?) @ $.organisations[0]",
        ),
        (
            {"organisations": [{"applications": [{"programme": "p", "applicnt": "a"}]}]},
            "unknown field(s) applicnt (did you mean applicant?) "
            "@ $.organisations[0].applications[0]",
        ),
        (
            {"organisations": [{"applications": [{"programme": "p", "date": "2026-02-30"}]}]},
            "expected a date (YYYY-MM-DD) @ $.organisations[0].applications[0].date",
        ),
        (
            {"organisations": [{"applications": [{"applicant": "a"}]}]},
            "required field missing @ $.organisations[0].applications[0].programme",
        ),
        ({"persons": {}}, "unknown field(s) persons (did you mean person?) @ $"),
        (
            {"team": {"members": [{"core": "yes"}]}},
            "expected true or false @ $.team.members[0].core",
        ),
        ({"team": {"members": [{"core": 1}]}}, "expected true or false @ $.team.members[0].core"),
        (
            {"history": {"receipts": [{"source": "x", "amount": "5.001"}]}},
            "(at most two decimals: fen) @ $.history.receipts[0].amount",
        ),
        (
            {"history": {"receipts": [{"source": "x", "amount": True}]}},
            "expected an amount in yuan with at most two decimals (e.g. 1000000 or "
            '"999999.99") @ $.history.receipts[0].amount',
        ),
        (
            {"history": {"receipts": [{"amount": 1}]}},
            "required field missing @ $.history.receipts[0].source",
        ),
        ({"facts": {"nope.x": 1}}, "undeclared fact 'nope.x' @ $.facts.nope.x"),
        (
            {"facts": {"fooland.already_funded": "yes"}},
            "expected true or false @ $.facts.fooland.already_funded",
        ),
        (
            {"facts": {"fooland.matching_per_year": 1.505}},
            "expected an amount in yuan with at most two decimals (e.g. 1000000 or "
            '"999999.99") (at most two decimals: fen) @ $.facts.fooland.matching_per_year',
        ),
        (
            {"facts": {"fooland.matching_per_year": "1,000"}},
            "@ $.facts.fooland.matching_per_year",
        ),
        (
            {"facts": {"fooland.matching_per_year": "92233720368547758.08"}},
            "expected an amount within 64-bit fen (±92,233,720,368,547,758.07) "
            "@ $.facts.fooland.matching_per_year",
        ),
        (
            {"facts": {"fooland.notice_start": "2026-02-30"}},
            "expected a date (YYYY-MM-DD) @ $.facts.fooland.notice_start",
        ),
        (
            {"facts": {"fooland.field": "farming"}},
            "expected a string from {ai, energy, other} @ $.facts.fooland.field",
        ),
        (
            {"person": {"facts": {"fooland.field": "ai"}}},
            "fact 'fooland.field' belongs to the profile @ $.person.facts.fooland.field",
        ),
        (
            {"facts": {"fooland.resident": True}},
            "fact 'fooland.resident' belongs to the person @ $.facts.fooland.resident",
        ),
        (
            {"team": {"members": [{"facts": {"fooland.resident": "yes"}}]}},
            "expected true or false @ $.team.members[0].facts.fooland.resident",
        ),
    ],
)
def test_structured_errors_with_paths(data: dict[str, Any], message: str) -> None:
    assert any(message in e for e in errors(data)), errors(data)


def test_every_problem_is_reported_at_once() -> None:
    errs = errors({"person": {"nmae": "x"}, "team": {"members": [{"birth_date": "x"}]}})
    assert len(errs) == 2
    errs = errors({"facts": {"nope.a": 1, "fooland.field": 3}})
    assert len(errs) == 2


def test_enumerations_are_checked() -> None:
    (msg,) = errors({"person": {"gender": "m"}})
    assert msg.endswith("@ $.person.gender")
    (msg,) = errors({"person": {"degree": "phd"}})
    assert msg.endswith("@ $.person.degree")


def test_enumeration_error_lists_the_allowed_values() -> None:
    assert errors({"person": {"gender": "m"}}) == ["expected one of male, female @ $.person.gender"]
    (msg,) = errors({"person": {"title_level": "professor"}})
    assert msg.startswith("expected one of none, junior, intermediate, sub_senior, senior @")
    assert errors({"person": 5}) == ["expected a table @ $.person"]


def test_award_and_event_inputs() -> None:
    assert "required field missing @ $.programme" in errors({}, Award)
    assert "expected a date (YYYY-MM-DD) @ $.date" in errors({"kind": "x", "date": "soon"}, Event)
    ev = engine().load({"kind": "x", "date": "2026-01-02"}, Event)
    assert ev.date == dt.date(2026, 1, 2)


def test_files_toml_and_json(tmp_path: Path) -> None:
    good = tmp_path / "p.json"
    good.write_text(json.dumps({"id": "a", "person": {"birth_date": "1990-01-01"}}))
    profile = engine().load(good)
    assert profile.person is not None
    assert profile.person.birth_date == dt.date(1990, 1, 1)
    bad = tmp_path / "bad.toml"
    bad.write_text("[person\n")
    with pytest.raises(InputError) as err:
        engine().load(bad)
    assert str(bad) in str(err.value)
    assert "not valid TOML" in err.value.errors[0]
    wrong = tmp_path / "wrong.toml"
    wrong.write_text('[person]\nbirth_date = "1990-02-30"\n')
    with pytest.raises(InputError) as err:
        engine().load(wrong)
    assert str(err.value).startswith(f"{wrong}: expected a date")
    with pytest.raises(InputError, match="cannot read file"):
        engine().load(tmp_path / "absent.toml")


def test_lists_none_versus_empty() -> None:
    p = engine().load({"team": {"members": []}})
    assert p.team is not None
    assert p.team.members == []
    p = engine().load({"team": {}})
    assert p.team is not None
    assert p.team.members is None


# -- fuzzing ---------------------------------------------------------------------------

FIELDS = [
    "id",
    "person",
    "team",
    "leader",
    "members",
    "organisations",
    "application",
    "history",
    "facts",
    "attestations",
    "decisions",
    "waivers",
    "birth_date",
    "gender",
    "core",
    "records",
    "kind",
    "date",
    "role",
    "founded_on",
    "call_notice_date",
    "value",
    "by",
    "on",
    "decision",
    "basis",
    "fooland.field",
    "fooland.notice_start",
    "fooland.already_funded",
    "fooland.resident",
    "receipts",
    "amount",
    "source",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.text(max_size=8),
    st.sampled_from(
        [
            "male",
            "female",
            "enterprise",
            "host",
            "ai",
            "2026-03-01",
            "1980-02-29",
            "2024-02-29",
            "1/3",
            "P2Y",
            "doctor",
            "pending",
        ]
    ),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)).map(dt.date.isoformat),
)
keys = st.one_of(st.sampled_from(FIELDS), st.text(max_size=6))
json_like = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=4)
    ),
    max_leaves=25,
)


def _assess_or_input_error(data: Any) -> None:
    problems: list[str] = []
    try:
        profile = engine().load(data)
    except InputError as exc:
        problems = exc.errors or ["(an input error without a message)"]
    if problems:
        assert all("@ $" in e for e in problems), problems
        return
    report = engine().assess(profile, ["fooland"], as_of=AS_OF, assume_calendar=True)
    assert isinstance(report, Report)
    assert {a.programme for a in report.assessments} == {
        "fooland.team",
        "fooland.transfer",
        "fooland.pilot",
    }


FUZZ = settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


@FUZZ
@given(st.dictionaries(keys, json_like, max_size=6))
def test_fuzz_arbitrary_nested_data(data: dict[str, Any]) -> None:
    _assess_or_input_error(data)


def _paths(obj: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(obj, dict):
        for k, v in obj.items():
            out.extend(_paths(v, (*prefix, k)))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            out.extend(_paths(v, (*prefix, i)))
    return out


VALID = json.loads(json.dumps(EXAMPLE, default=str))
PATHS = _paths(VALID)


@FUZZ
@given(
    st.lists(
        st.tuples(st.sampled_from(PATHS), json_like, st.sampled_from(["set", "delete", "add"])),
        min_size=1,
        max_size=3,
    )
)
def test_fuzz_mutations_of_a_valid_profile(mutations: list[tuple[Any, Any, str]]) -> None:
    data = copy.deepcopy(VALID)
    for path, value, how in mutations:
        parent: Any = data
        try:
            for step in path[:-1]:
                parent = parent[step]
            last = path[-1]
            if how == "delete":
                del parent[last]
            elif how == "add" and isinstance(parent, dict):
                parent[f"{last}_x"] = value
            else:
                parent[last] = value
        except (KeyError, IndexError, TypeError):
            continue
    _assess_or_input_error(data)


def test_the_unmutated_profile_is_valid() -> None:
    report = engine().assess(engine().load(VALID), ["fooland.team"], as_of=AS_OF)
    assert report.assessments[0].verdict.value == "needs_review"


@pytest.mark.parametrize("founded", ["9999-06-01", "0001-01-01"])
def test_extreme_dates_are_input_errors_or_assessed(founded: str) -> None:
    (msg,) = errors({"organisations": [{"founded_on": founded}]})
    assert msg == (
        "expected a date between 1900-01-01 and 2199-12-31 @ $.organisations[0].founded_on"
    )
    data = {
        "organisations": [{"role": "host", "kind": "enterprise", "founded_on": founded}],
        "application": {"call_notice_date": "9999-12-30"},
        "facts": {"fooland.notice_start": "9999-12-31", "fooland.notice_end": "9999-12-31"},
    }
    _assess_or_input_error(data)


def test_supported_date_range_boundaries() -> None:
    engine().load({"person": {"birth_date": "1900-01-01"}})
    engine().load({"application": {"call_notice_date": "2199-12-31"}})
    assert errors({"person": {"birth_date": "1899-12-31"}}) == [
        "expected a date between 1900-01-01 and 2199-12-31 @ $.person.birth_date"
    ]
    assert errors({"application": {"call_notice_date": "2200-01-01"}}) == [
        "expected a date between 1900-01-01 and 2199-12-31 @ $.application.call_notice_date"
    ]
    (msg,) = errors({"facts": {"fooland.notice_start": "1899-12-31"}})
    assert msg.endswith("@ $.facts.fooland.notice_start")


# -- well-typed profiles: every one is assessed, and the verdict agrees with its checks ----


def _opt(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


DATES = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2026, 12, 31)).map(
    dt.date.isoformat
)
PERSON = st.fixed_dictionaries(
    {},
    optional={
        "birth_date": _opt(DATES),
        "gender": _opt(st.sampled_from(["male", "female"])),
        "core": _opt(st.booleans()),
        "records": _opt(
            st.lists(
                st.fixed_dictionaries(
                    {"kind": st.sampled_from(["research_misconduct", "illegal", "parking"])},
                    optional={"date": _opt(DATES)},
                ),
                max_size=2,
            )
        ),
    },
)
ORG = st.fixed_dictionaries(
    {},
    optional={
        "role": _opt(st.sampled_from(["host", "applicant"])),
        "kind": _opt(st.sampled_from(["enterprise", "university", "hospital"])),
        "founded_on": _opt(DATES),
        "is_enterprise": _opt(st.booleans()),
    },
)
WHO = st.fixed_dictionaries(
    {"value": st.booleans(), "by": st.just("x"), "on": st.just("2026-04-01")}
)
PROFILE = st.fixed_dictionaries(
    {},
    optional={
        "team": st.fixed_dictionaries(
            {},
            optional={
                "name": _opt(st.sampled_from(["t", " "])),
                "leader": _opt(PERSON),
                "members": _opt(st.lists(PERSON, max_size=8)),
            },
        ),
        "organisations": _opt(st.lists(ORG, max_size=2)),
        "application": st.fixed_dictionaries(
            {},
            optional={
                "call_notice_date": _opt(DATES),
                "channel": _opt(st.sampled_from(["case_by_case", "normal"])),
            },
        ),
        "facts": st.fixed_dictionaries(
            {},
            optional={
                "fooland.notice_start": DATES,
                "fooland.notice_end": DATES,
                "fooland.support_start": DATES,
                "fooland.matching_per_year": st.integers(0, 10**10),
                "fooland.already_funded": st.booleans(),
                "fooland.field": st.sampled_from(["ai", "energy", "other"]),
                "fooland.contract_paid": st.one_of(
                    st.integers(0, 10**11),
                    st.integers(0, 10**13).map(lambda f: f"{f // 100}.{f % 100:02d}"),
                ),
                "fooland.subsidy_already": st.integers(0, 10**6),
            },
        ),
        "attestations": st.fixed_dictionaries({}, optional={"fooland.team.agreement": WHO}),
        "decisions": st.fixed_dictionaries({}, optional={"fooland.team.standing": WHO}),
        "waivers": st.fixed_dictionaries(
            {},
            optional={
                "fooland.team.leader_age": st.fixed_dictionaries(
                    {
                        "decision": st.sampled_from(["approved", "declined", "pending"]),
                        "by": st.just("b"),
                        "on": st.just("2026-04-02"),
                        "basis": st.just("一般"),
                    }
                )
            },
        ),
    },
)


@settings(
    max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(PROFILE)
def test_well_typed_profiles_are_assessed_consistently(data: dict[str, Any]) -> None:
    profile = engine().load(data)
    report = engine().assess(
        profile, ["fooland.team", "fooland.transfer"], as_of=AS_OF, assume_calendar=True
    )
    for a in report.assessments:
        statuses = {c.status.value for c in a.checks}
        assert bool(a.failed) == ("fail" in statuses)
        if a.failed:
            assert a.verdict.value == "not_eligible"
            assert a.funding is None
        elif "unknown" in statuses:
            assert a.verdict.value == "undetermined"
            assert a.missing
        elif "review" in statuses:
            assert a.verdict.value == "needs_review"
            assert a.review
        else:
            assert a.verdict.value in ("eligible", "eligible_by_exception")
            assert a.missing == ()
        for c in a.checks:
            if c.status.value == "fail":
                assert c.missing == ()
            assert c.citation is not None
        if a.funding is not None:
            assert a.funding.total == sum(
                (x.amount or Money(0) for x in a.funding.lines if x.status == "determined"),
                Money(0),
            )
            assert all(
                isinstance(x.amount, Money) for x in a.funding.lines if x.status == "determined"
            )
        json.loads(to_json(a))
