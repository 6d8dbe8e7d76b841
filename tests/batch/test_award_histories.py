"""A case's award histories in batch screening, as ``Engine.assess`` takes them: checked
(a programme, funding line or event kind that does not exist is an error row naming it,
with the closest ids), and a case with an award of a programme of the run assessed by the
engine, which keeps the award's ledger, so a failure there is the case's error. Before,
the batch accepted any history and never built a ledger."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from talentkit import Engine, Programme, hookimpl, touches
from talentkit.batch import screen
from talentkit.batch.few import ENVIRONMENT
from talentkit.convert import InputError, unstructure
from tests.batch.screening import LAYOUTS, screened, written

EXAMPLE = Path(__file__).resolve().parents[1] / "fooland" / "example.toml"
AS_OF = dt.date(2026, 10, 20)
TEAM = "fooland.team"
UNKNOWN = {"programme": "fooland.teem", "awarded_on": "2025-01-01"}
#: an award of the team programme whose ledger goes through the exit rules (an event)
EVENTFUL = {
    "programme": TEAM,
    "awarded_on": "2026-01-10",
    "events": [{"kind": "acceptance_failed", "date": "2026-05-10"}],
}


class RaisingExit:
    @hookimpl
    @touches(TEAM)
    def talentkit_exit(self, programme: Programme) -> Any:
        raise RuntimeError(f"no exit rules for {programme.id} today")


def _cases(engine: Engine, award: dict[str, Any]) -> list[dict[str, Any]]:
    """Four teams; the second and the fourth with ``award``."""
    case = unstructure(engine.load(EXAMPLE))
    out = [{**case, "id": f"case-{i}"} for i in range(4)]
    for i in (1, 3):
        out[i]["awards"] = [award]
    return out


def _screened(engine: Engine, src: Path, out: Path, bound: int) -> tuple[pl.DataFrame, str, Any]:
    results, errors, summary = screened(
        engine, src, out, bound, programmes=[TEAM], as_of=AS_OF, assume_calendar=True, chunk_size=3
    )
    assert summary.balanced
    return results, errors.decode("utf-8"), summary


@pytest.mark.parametrize("layout", LAYOUTS)
def test_an_award_of_an_unknown_programme_is_an_error_row_naming_it(
    layout: str, tmp_path: Path
) -> None:
    engine = Engine.create()
    cases = _cases(engine, UNKNOWN)
    with pytest.raises(InputError) as raised:  # as the engine refuses the case
        engine.assess(engine.load(cases[1]), [TEAM], as_of=AS_OF)
    (message,) = raised.value.errors
    src = written(engine, cases, tmp_path, layout)
    for bound in (0, 100):  # compiled, and a run of few cases
        results, errors, summary = _screened(engine, src, tmp_path / f"{bound}.parquet", bound)
        assert results["subject_id"].to_list() == ["case-0", "case-2"]
        assert summary.error_rows == 2
        lines = errors.splitlines()
        assert lines[1:] == [
            f'{row},$.awards[0].programme,"{message.split(" @ ")[0]}"' for row in (2, 4)
        ]
        assert "did you mean fooland.team" in lines[1]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_case_with_an_award_of_the_run_is_assessed_by_the_engine_with_its_ledger(
    layout: str, tmp_path: Path
) -> None:
    """The exit hook the ledger calls fails: the cases with the award are errors naming
    the plugin, as assessed alone; the others are assessed as before."""
    engine = Engine.create([("exits", RaisingExit())], entry_points=False)
    cases = _cases(engine, EVENTFUL)
    (alone,) = engine.assess(engine.load(cases[1]), [TEAM], as_of=AS_OF).assessments
    assert alone.error is not None
    assert alone.error.hook == "talentkit_exit"
    (plain,) = engine.assess(engine.load(cases[0]), [TEAM], as_of=AS_OF).assessments
    src = written(engine, cases, tmp_path, layout)
    compiled, errors, summary = _screened(engine, src, tmp_path / "c.parquet", 0)
    few, few_errors, _ = _screened(engine, src, tmp_path / "f.parquet", 100)
    assert summary.compiled
    assert compiled.equals(few)
    assert errors == few_errors
    assert compiled["verdict"].to_list() == [plain.verdict.value, "error"] * 2
    assert compiled["row"].to_list() == [1, 2, 3, 4]
    assert summary.hook_errors == 2
    # without the failing hook the award's ledger changes nothing the batch writes
    quiet = Engine.create()
    calm, _, calm_summary = _screened(quiet, src, tmp_path / "q.parquet", 0)
    assert calm["verdict"].to_list() == [plain.verdict.value] * 4
    assert calm_summary.hook_errors == 0


def test_the_verdicts_alone_and_laid_out_wide_take_the_engine_s_too(tmp_path: Path) -> None:
    engine = Engine.create([("exits", RaisingExit())], entry_points=False)
    cases = _cases(engine, EVENTFUL)
    src = written(engine, cases, tmp_path, "jsonl")
    for kw in ({"columns": ["verdict"]}, {"columns": ["verdict"], "wide": True}):
        out = tmp_path / f"{len(kw)}.parquet"
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv(ENVIRONMENT, "0")
            screen(engine, src, out, programmes=[TEAM], as_of=AS_OF, assume_calendar=True, **kw)
        found = pl.read_parquet(out)
        verdicts = found[TEAM] if "wide" in kw else found["verdict"]
        assert verdicts.to_list()[1::2] == ["error", "error"]
        assert "error" not in verdicts.to_list()[0::2]


def test_a_history_the_ledger_cannot_follow_is_an_error_row(tmp_path: Path) -> None:
    """A payment in a year the line pays nothing in: the engine refuses the case as it
    builds the ledger; the batch writes that error for the case's row."""
    engine = Engine.create()
    award = {
        "programme": TEAM,
        "awarded_on": "2026-01-10",
        "paid": [{"item": "fooland.team.grant", "year": 2019, "amount": "1"}],
    }
    cases = _cases(engine, award)
    cases[2]["awards"] = [EVENTFUL]  # assessed with the refused one, then alone
    with pytest.raises(InputError) as raised:
        engine.assess(engine.load(cases[1]), [TEAM], as_of=AS_OF, assume_calendar=True)
    (message,) = raised.value.errors
    text, path = message.split(" @ ")
    assert path == "$.awards[0].paid[0].year"
    src = written(engine, cases, tmp_path, "jsonl")
    for bound in (0, 100):
        results, errors, summary = _screened(engine, src, tmp_path / f"{bound}.parquet", bound)
        assert results["subject_id"].to_list() == ["case-0", "case-2"]
        assert results["verdict"].to_list() == ["needs_review"] * 2
        assert errors.splitlines()[1:] == [f'{row},{path},"{text}"' for row in (2, 4)]
        assert summary.error_rows == 2
