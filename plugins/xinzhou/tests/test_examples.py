"""The shipped example profiles, with the shipped operator files, give the documented amounts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from talentkit import Engine, Money, Profile, load_overrides

EXAMPLES = Path(__file__).parent.parent / "examples"
AS_OF = dt.date(2026, 6, 1)


@pytest.mark.parametrize(
    ("profile", "params", "programme", "total", "complete"),
    [
        ("transfer", "enable", "xinzhou.eco.tech_transfer", 60_000, True),
        ("transfer_second_payment", "enable", "xinzhou.eco.tech_transfer", 20_000, True),
        ("transfer_capped", "enable", "xinzhou.eco.tech_transfer", 500_000, True),
        ("pilot_provincial", "enable", "xinzhou.eco.pilot_base", 2_000_000, True),
        ("pilot_municipal", "enable", "xinzhou.eco.pilot_base", 500_000, True),
        ("pilot_upgraded", "enable", "xinzhou.eco.pilot_base", 2_000_000, True),
        ("pilot_upgraded", "enable_top_up", "xinzhou.eco.pilot_base", 1_500_000, True),
        ("patent_project", "enable", "xinzhou.eco.patent", 200_000, True),
        ("leading_talent", "enable", "xinzhou.eco.leading_talent", 0, False),
        ("major_project", "enable", "xinzhou.eco.major_project", 0, False),
    ],
)
def test_example_amounts(
    talentkit_engine: Engine, profile: str, params: str, programme: str, total: int, complete: bool
) -> None:
    case: Profile = talentkit_engine.load(EXAMPLES / f"{profile}.toml")
    overrides = load_overrides(EXAMPLES / f"{params}.toml")
    report = talentkit_engine.assess(case, [programme], as_of=AS_OF, overrides=overrides)
    (assessment,) = report.assessments
    assert assessment.verdict.value == "eligible"
    assert assessment.funding is not None
    assert assessment.funding.total == Money.yuan(total)
    assert assessment.funding.complete is complete
    assert all(line.citation.key.startswith("XZ-ECO/pt") for line in assessment.funding.lines)


def test_award_project_example_has_no_money(talentkit_engine: Engine) -> None:
    """三、9 s1 names no fund and no amount: the programme has no payment line at all."""
    case: Profile = talentkit_engine.load(EXAMPLES / "award_project.toml")
    overrides = load_overrides(EXAMPLES / "enable.toml")
    report = talentkit_engine.assess(
        case, ["xinzhou.eco.award_project"], as_of=AS_OF, overrides=overrides
    )
    (assessment,) = report.assessments
    assert assessment.verdict.value == "eligible"
    assert assessment.funding is None


def test_examples_without_the_operator_file_are_not_in_force(talentkit_engine: Engine) -> None:
    for path in sorted(EXAMPLES.glob("*.toml")):
        if path.stem.startswith("enable"):
            continue
        report = talentkit_engine.assess(talentkit_engine.load(path), ["xinzhou"], as_of=AS_OF)
        assert {a.verdict.value for a in report.assessments} == {"not_in_force"}, path.name
