"""A case whose procedure steps count days in a year outside the official holiday
calendar: ``check`` stops with the calendar's error, and the batch sets the case aside as
an error row naming the programme, compiled as in a run of few cases (before, the
compiled plans, which date no step, assessed it). Weekends-only counting assesses it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from talentkit import Engine
from talentkit.batch.procedure import _path_column
from talentkit.convert import unstructure
from talentkit.workdays import CalendarError, known_years
from tests.batch.screening import LAYOUTS, screened, written

EXAMPLE = Path(__file__).resolve().parents[2] / "plugins/shaanxi/examples/qianren_youth.toml"
PROG = "shaanxi.qianren.youth"  # 第二十二条: 7 working days of publicity, the first counted
AS_OF = dt.date(2026, 10, 20)
#: the last known year's 28 December: seven working days reach into the year after
LATE = dt.date(known_years().stop - 1, 12, 28)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.create()


def _cases(engine: Engine) -> list[dict[str, Any]]:
    case = unstructure(engine.load(EXAMPLE))
    out = []
    for i, start in enumerate([dt.date(2026, 3, 2), LATE, None, LATE]):
        facts = {**case["application"].get("facts", {})}
        facts.pop("shaanxi.publicity_starts_on", None)
        if start is not None:
            facts["shaanxi.publicity_starts_on"] = start.isoformat()
        out.append(
            {**case, "id": f"case-{i}", "application": {**case["application"], "facts": facts}}
        )
    return out


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_publicity_period_past_the_calendar_is_an_error_row(
    engine: Engine, tmp_path: Path, layout: str
) -> None:
    late = engine.load(_cases(engine)[1])
    with pytest.raises(CalendarError) as raised:
        engine.assess(late, [PROG], as_of=AS_OF)
    src = written(engine, _cases(engine), tmp_path, layout)
    kw = {"programmes": [PROG], "as_of": AS_OF, "chunk_size": 3}
    compiled, errors, summary = screened(engine, src, tmp_path / "c.parquet", 0, **kw)
    few, few_errors, few_summary = screened(engine, src, tmp_path / "f.parquet", 100, **kw)
    assert summary.compiled
    assert not few_summary.compiled
    assert compiled.equals(few)
    assert errors == few_errors
    assert compiled["subject_id"].to_list() == ["case-0", "case-2"]
    assert summary.error_rows == 2
    lines = errors.decode("utf-8").splitlines()[1:]
    assert [line.split(",")[0] for line in lines] == ["2", "4"]
    assert f"{PROG}: {raised.value}" in lines[0]
    # counting weekends only, every case is assessed
    calm, _, calm_summary = screened(
        engine, src, tmp_path / "a.parquet", 0, assume_calendar=True, **kw
    )
    assert calm["subject_id"].to_list() == ["case-0", "case-1", "case-2", "case-3"]
    assert calm_summary.error_rows == 0


def test_a_step_start_is_read_from_its_column() -> None:
    frame = pl.DataFrame(
        {
            "application": [
                {"facts": {"x.starts_on": dt.date(2026, 1, 5)}, "submitted_on": None},
                {"facts": {"x.starts_on": None}, "submitted_on": dt.date(2026, 2, 1)},
            ]
        }
    )
    assert _path_column(frame, "application.facts.x.starts_on").to_list() == [  # type: ignore[union-attr]
        dt.date(2026, 1, 5),
        None,
    ]
    assert _path_column(frame, "application.submitted_on").to_list() == [  # type: ignore[union-attr]
        None,
        dt.date(2026, 2, 1),
    ]
    # a field no case gives: no start; a path into a list: not followed (every case)
    assert _path_column(frame, "application.facts.y").null_count() == 2  # type: ignore[union-attr]
    assert _path_column(frame, "organisations[role=host].founded_on") is None
