"""The batch path gives what the single-case engine gives, case by case."""

from __future__ import annotations

import datetime as dt
import glob
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from talentkit import Engine
from talentkit.batch import profiles_frame
from talentkit.batch.evaluate import assessment_row
from talentkit.batch.io import parquet_chunks, parse_records
from talentkit.batch.run import assess_chunk, plans_for
from talentkit.convert import InputError, unstructure
from talentkit.params import ParameterError
from talentkit.rules import Rule
from talentkit.semantics import SUBJECT_FIELDS
from talentkit.slotinit import twins
from tests.batch import vocab_plugin
from tests.batch.strategies import (
    AS_OF,
    Vocabulary,
    award_histories,
    in_force,
    parameter_overrides,
    profile,
    walk,
)


@pytest.fixture(scope="module")
def engine() -> Engine:
    """The installed plugins and Fooland, plus a programme using every rule shape."""
    return Engine.create([vocab_plugin])


def programme_ids(engine: Engine) -> list[str]:
    """Every installed programme: Fooland's and the person, team and organisation
    programmes of the three jurisdictions."""
    return sorted(engine.registry.programmes)


_CACHE: dict[str, Any] = {}


def setup(engine: Engine) -> tuple[list[str], Vocabulary, Any, Any]:
    if "plans" not in _CACHE:
        ids = programme_ids(engine)
        plans, store = plans_for(engine, ids, as_of=AS_OF, overrides=None)
        _CACHE.update(ids=ids, vocab=Vocabulary(engine, ids), plans=plans, store=store)
    return _CACHE["ids"], _CACHE["vocab"], _CACHE["plans"], _CACHE["store"]


def check_population(
    engine: Engine,
    profiles: list[dict[str, Any]],
    overrides: dict[str, Any] | None = None,
    as_of: dt.date = AS_OF,
    programmes: list[str] | None = None,
) -> None:
    ids, _, plans, store = setup(engine)
    if overrides or as_of != AS_OF or programmes is not None:
        ids = ids if programmes is None else programmes
        key = (json.dumps(overrides, sort_keys=True), as_of, tuple(ids))
        compiled = _CACHE.setdefault("compiled", {})
        if key not in compiled:
            compiled[key] = plans_for(engine, ids, as_of=as_of, overrides=overrides)
        plans, store = compiled[key]
    lines = [json.dumps(p) for p in profiles]
    chunk = parse_records(1, lines, "jsonl", engine.registry.facts, {})
    assert not chunk.errors, chunk.errors
    out, _ = assess_chunk(engine, plans, chunk, store, as_of)
    # the same population through the Parquet reader (column-wise checks) gives the same
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.parquet"
        profiles_frame([engine.load(p) for p in profiles], engine.registry.facts).write_parquet(
            path
        )
        (pq_chunk,) = parquet_chunks(path, len(profiles) + 1, engine.registry.facts)
        assert not pq_chunk.errors
        pq_out, _ = assess_chunk(engine, plans, pq_chunk, store, as_of)
    assert pq_out.equals(out)
    got = {(r["row"], r["programme"]): r for r in out.to_dicts()}
    assert len(got) == len(profiles) * len(plans)
    for i, data in enumerate(profiles, start=1):
        report = engine.assess(
            engine.load(data), [p.programme.id for p in plans], as_of=as_of, overrides=overrides
        )
        for a in report.assessments:
            want = assessment_row(a)
            have = {k: got[(i, a.programme)][k] for k in want}
            assert have == want, f"{a.programme} row {i}: {data}"


def _subclasses(cls: type) -> set[type]:
    out = set()
    for sub in cls.__subclasses__():
        out |= {sub} | _subclasses(sub)
    return out


def test_every_rule_class_and_subject_is_compared(engine: Engine) -> None:
    progs = [engine.programme(p) for p in programme_ids(engine)]
    used = {
        type(r)
        for p in progs
        for top in [*p.rules, *(x.when for x in p.relaxations)]
        for r in walk(top)
    }
    # a settable twin is the class a rule wears only while it is made: no rule is one
    core = {c for c in _subclasses(Rule) - twins() if c.__module__.startswith("talentkit.")}
    assert core - used == set()
    assert {p.subject for p in progs} == {"person", "team", "organisation", "person_or_team"}
    for jurisdiction in ("yangquan", "shaanxi", "xinzhou"):
        # the parts of a case each jurisdiction's programmes are for (person_or_team: both)
        parts = {
            f for p in progs if p.jurisdiction == jurisdiction for f in SUBJECT_FIELDS[p.subject]
        }
        assert parts >= {"person", "team"} or parts >= {"team", "organisations"}, parts


@pytest.mark.parametrize("path", ["tests/fooland/example.toml"])
def test_example_profile(engine: Engine, path: str) -> None:
    check_population(engine, [unstructure(engine.load(path))])


def test_every_programme_is_in_force_under_the_overrides(engine: Engine) -> None:
    ids = programme_ids(engine)
    for on in (AS_OF, *reference_dates(engine)):
        report = engine.assess(
            engine.load({"id": "x"}), ids, as_of=on, overrides=in_force(engine, on)
        )
        assert not [a.programme for a in report.assessments if a.verdict.value == "not_in_force"]


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_batch_equals_engine(engine: Engine, data: st.DataObject) -> None:
    """Drawn cases, every programme as installed or every one in force."""
    _, vocab, _, _ = setup(engine)
    overrides = data.draw(st.sampled_from([None, in_force(engine, AS_OF)]))
    profiles = data.draw(st.lists(profile(vocab), min_size=1, max_size=20))
    check_population(engine, profiles, overrides)


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_batch_equals_engine_under_operator_parameters(engine: Engine, data: st.DataObject) -> None:
    """Drawn overrides of a few parameters (each nudged around its value, or set where the
    text leaves it to the operator): the compiled run under them gives what the engine
    gives under them, case by case."""
    _, vocab, _, _ = setup(engine)
    overrides = {**in_force(engine, AS_OF), **data.draw(parameter_overrides(engine, AS_OF))}
    try:
        engine.params.with_overrides(overrides)
    except ParameterError:
        reject()  # outside a parameter's declared bounds: refused before any case
    # the shipped examples (cases near or at eligibility, where a parameter decides) and
    # drawn cases
    drawn = data.draw(st.lists(profile(vocab), min_size=0, max_size=8))
    check_population(engine, [*shipped_examples(engine), *drawn], overrides)


def shipped_examples(engine: Engine) -> list[dict[str, Any]]:
    """Every shipped example case, as data (loaded once)."""
    if "examples" not in _CACHE:
        paths = ["tests/fooland/example.toml", *sorted(glob.glob("plugins/*/examples/*.toml"))]
        found = []
        for path in paths:
            try:
                found.append(unstructure(engine.load(path)))
            except InputError:  # an operator's parameters or an exit event, not a case
                continue
        _CACHE["examples"] = found
    examples: list[dict[str, Any]] = _CACHE["examples"]
    return examples


def reference_dates(engine: Engine) -> list[dt.date]:
    """The days around each day a parameter's version starts or ends on, or a date
    parameter names (a programme's first day in force), within the official calendar."""
    from talentkit.workdays import known_years

    days = {AS_OF}
    for versions in engine.params.by_key.values():
        for p in versions:
            for day in (p.valid_from, p.valid_to, p.value):
                if type(day) is dt.date:
                    days.update(day + dt.timedelta(days=d) for d in (-1, 0, 1))
    last = dt.date(known_years().stop - 1, 11, 30)  # (a publicity period still dated)
    return sorted(d for d in days if d <= last)


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_batch_equals_engine_on_the_days_parameters_change(
    engine: Engine, data: st.DataObject
) -> None:
    """The reference date drawn among the days a parameter's version or a programme's
    time in force starts or ends, and the days beside them: the run compiled for that
    date gives what the engine gives on it."""
    _, vocab, _, _ = setup(engine)
    as_of = data.draw(st.sampled_from(reference_dates(engine)))
    overrides = data.draw(st.sampled_from([None, in_force(engine, as_of)]))
    drawn = data.draw(st.lists(profile(vocab), min_size=0, max_size=8))
    check_population(engine, [*shipped_examples(engine), *drawn], overrides, as_of)


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_batch_equals_engine_for_a_few_programmes(engine: Engine, data: st.DataObject) -> None:
    """A run of a few programmes, drawn: a programme whose rules read a sibling's verdict
    (one not in the run among them) gives what the engine gives for the same selection."""
    ids, vocab, _, _ = setup(engine)
    chosen = data.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=4, unique=True))
    profiles = data.draw(st.lists(profile(vocab), min_size=1, max_size=12))
    check_population(engine, profiles, programmes=chosen)


@pytest.mark.parametrize("years", [0, 1, 2])
def test_a_yearly_line_over_the_years_an_operator_sets(engine: Engine, years: int) -> None:
    """A yearly subsidy over ``agreement_years`` (0 included: no line at all, so nothing
    its amount needs; the compiled run named the unset amount as missing)."""
    key = "yangquan.commissioner.agreement_years"
    overrides = {**in_force(engine, AS_OF), key: years}
    check_population(engine, shipped_examples(engine), overrides)


def test_money_to_the_fen(engine: Engine) -> None:
    """Amounts with fen at the thresholds: percentages, caps and matching obligations."""
    example = unstructure(engine.load("tests/fooland/example.toml"))
    profiles = []
    for paid, prior, matching in [
        ("16666666.67", "0", "499999.99"),  # 500,000.0001 -> the cap; matching one fen short
        ("16666666.66", "0.01", "500000"),  # 499,999.9998; matching exactly met
        ("100.50", "0", "500000.01"),
        ("0.01", "0", "0.01"),
        ("33333.33", "499999.99", "1000000"),
    ]:
        data = {**example, "facts": {**example["facts"]}}
        data["organisations"] = [
            *example["organisations"],
            {"role": "applicant", "is_enterprise": True},
        ]
        data["facts"].update(
            {
                "fooland.contract_paid": paid,
                "fooland.subsidy_already": prior,
                "fooland.matching_per_year": matching,
            }
        )
        profiles.append(data)
    check_population(engine, profiles)


def test_explicit_dates_both_sides_of_birthday(engine: Engine) -> None:
    """Age limits at the exact birthday and a day after, for every age method."""
    base = dt.date(1980, 6, 1)
    profiles = []
    for days in (-1, 0, 1):
        b = (base + dt.timedelta(days=days)).isoformat()
        profiles.append(
            {
                "id": f"p{days}",
                "person": {"birth_date": b, "gender": "female"},
                "team": {
                    "leader": {"birth_date": b, "gender": "female"},
                    "members": [{"birth_date": b, "core": True}] * 6,
                },
                "application": {"call_notice_date": "2025-06-01", "reference_date": "2025-06-01"},
            }
        )
    check_population(engine, profiles)


@pytest.mark.parametrize("undecided", [64, 65])
def test_count_equality_over_many_undecided_members(engine: Engine, undecided: int) -> None:
    """0..N members may count: ``== 2`` is open however large N is (both backends)."""
    members = [{"core": True} for _ in range(undecided)]  # no employer: InRole unknown
    case = {
        "id": "wide",
        "team": {"members": members},
        "organisations": [{"id": "u1", "role": "lead"}],
    }
    check_population(engine, [case])
    (a,) = engine.assess(engine.load(case), ["vocab.all"], as_of=AS_OF).assessments
    in_role = next(c for c in a.checks if c.rule_id == "vocab.all.in_role")
    assert in_role.status.value == "unknown"


BOUNDARY = ["1/3", "333/1000", "334/1000", "2/6", "30%", "3/10", "299/1000", f"{2**64}/3", None]


def test_fraction_facts_at_the_boundaries(engine: Engine) -> None:
    """Exactly 1/3 and 30%, one below and one above, an unreduced form, a value beyond
    64 bits (left to the engine) and an absent fact, on a company's stakes and shares."""
    profiles = []
    for i, v in enumerate(BOUNDARY):
        company = {
            "shaanxi.applicant_stake": v,
            "shaanxi.largest_other_stake": "1/3",
            "shaanxi.largest_other_natural_stake": BOUNDARY[(i + 1) % len(BOUNDARY)],
            "shaanxi.own_funds_share": v,
            "shaanxi.followon_vc_share": "29/100",
            "shaanxi.combined_funds_share": BOUNDARY[(i + 2) % len(BOUNDARY)],
            "shaanxi.applicant_is_legal_rep": False,
        }
        facts = {k: x for k, x in company.items() if x is not None}
        profiles.append({"id": f"f{i}", "organisations": [{"role": "company", "facts": facts}]})
    check_population(engine, profiles)


def histories(engine: Engine, ids: list[str]) -> st.SearchStrategy[list[Any]]:
    """:func:`award_histories` of the run's programmes, made once (as :func:`setup`)."""
    if "histories" not in _CACHE:
        _CACHE["histories"] = award_histories(engine, ids)
    found: st.SearchStrategy[list[Any]] = _CACHE["histories"]
    return found


#: award histories a case may hold: of a programme (its ledger built as the case is
#: assessed), of one that does not exist, with a payment in a year its line pays nothing in
HISTORIES = [
    [{"programme": "fooland.team", "awarded_on": "2025-01-10"}],
    [{"programme": "fooland.teem", "awarded_on": "2025-01-10"}],
    [
        {
            "programme": "fooland.team",
            "awarded_on": "2025-01-10",
            "paid": [{"item": "fooland.team.grant", "year": 2019, "amount": "1"}],
        }
    ],
]


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_a_run_equals_the_engine_with_award_histories_and_procedure_dates(
    engine: Engine, data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The whole run (``screen``: the cases set aside as well as assessed), compiled,
    against ``Engine.assess`` case by case: drawn cases, some with an award history and
    some with a publicity period running past the official calendar. A case the engine
    refuses (its history) or cannot date (the calendar) is an error row; every other
    case's results are the engine's."""
    from talentkit.batch.few import ENVIRONMENT
    from talentkit.batch.run import screen
    from talentkit.workdays import CalendarError, known_years

    ids, vocab, _, _ = setup(engine)
    late = dt.date(known_years().stop - 1, 12, 28).isoformat()
    drawn = data.draw(st.lists(profile(vocab), min_size=1, max_size=8))
    cases = []
    for case in drawn:
        history = data.draw(st.one_of(st.sampled_from([None, *HISTORIES]), histories(engine, ids)))
        if history is not None:
            case = {**case, "awards": history}
        if data.draw(st.booleans()):
            application = case.get("application", {})
            facts = {**application.get("facts", {}), "shaanxi.publicity_starts_on": late}
            case = {**case, "application": {**application, "facts": facts}}
        cases.append(case)
    tmp = tmp_path_factory.mktemp("run")
    src, out, errors = tmp / "in.jsonl", tmp / "out.jsonl", tmp / "errors.jsonl"
    src.write_text("".join(json.dumps(c) + "\n" for c in cases), encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(ENVIRONMENT, "0")
        summary = screen(engine, src, out, programmes=ids, as_of=AS_OF, errors_path=errors)
    assert summary.compiled
    assert summary.balanced
    got: dict[tuple[int, str], dict[str, Any]] = {}
    for line in out.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        got[(row["row"], row["programme"])] = row
    refused: dict[int, list[str]] = {}
    for line in errors.read_text(encoding="utf-8").splitlines():
        error = json.loads(line)
        refused.setdefault(error["row"], []).append(f"{error['message']} @ {error['path']}")
    for i, case in enumerate(cases, start=1):
        try:
            report = engine.assess(engine.load(case), ids, as_of=AS_OF)
        except (InputError, CalendarError) as exc:
            # each problem the engine names, at its path (a calendar's: the run's own words)
            named = exc.errors if isinstance(exc, InputError) else refused.get(i, [])
            assert sorted(refused.get(i, ["(none)"])) == sorted(named), f"row {i}: {case}"
            assert not [k for k in got if k[0] == i]
            continue
        assert i not in refused, f"row {i}: {case}"
        for a in report.assessments:
            want = assessment_row(a)
            have = {k: got[(i, a.programme)][k] for k in want}
            assert have == want, f"{a.programme} row {i}: {case}"
