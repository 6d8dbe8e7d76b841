"""``screen_frame(codes=True)``: the programme and the verdict as codes (a ``pl.Enum`` of
the run's programmes and one of every verdict), the same names as the text results in
every other respect, for either layout, any selection of columns, error rows and results
the single-case engine gives."""

from __future__ import annotations

import polars as pl
import pytest

from talentkit import Engine
from talentkit.batch import profiles_frame, screen_frame
from talentkit.batch.evaluate import VERDICT_CODES
from talentkit.batch.run import plans_for
from talentkit.results import Verdict
from tests.batch import vocab_plugin
from tests.batch.test_fallback import TRANSFER_CASES, Failing
from tests.batch.test_flat import flatten
from tests.batch.test_screen import AS_OF, PROGS
from tests.batch.test_screen_frame import people

COLUMNS = [None, ["verdict"], ["missing", "funding_total_fen"], ["failed", "verdict"]]


def _as_text(frame: pl.DataFrame) -> pl.DataFrame:
    names = [c for c in ("programme", "verdict") if c in frame.columns]
    return frame.with_columns(pl.col(names).cast(pl.String()))


@pytest.mark.parametrize("layout", ["nested", "flat"])
@pytest.mark.parametrize("columns", COLUMNS)
@pytest.mark.parametrize("programmes", [PROGS, None])
def test_codes_are_the_text_results_names(
    engine: Engine, layout: str, columns: list[str] | None, programmes: list[str] | None
) -> None:
    frame = people(engine) if layout == "nested" else flatten(people(engine), engine)
    kw = {"programmes": programmes, "as_of": AS_OF, "columns": columns, "chunk_size": 10}
    text = screen_frame(engine, frame, **kw)  # type: ignore[arg-type]
    coded = screen_frame(engine, frame, codes=True, **kw)  # type: ignore[arg-type]
    assert text.results.height > 0
    assert _as_text(coded.results).equals(text.results)
    assert coded.errors.equals(text.errors)  # rows 2 and 6
    assert coded.errors.height == 2
    run = [p.programme.id for p in plans_for(engine, programmes, as_of=AS_OF, overrides=None)[0]]
    assert coded.results.schema["programme"] == pl.Enum(run)
    if columns is None or "verdict" in columns:
        assert coded.results.schema["verdict"] == VERDICT_CODES
        # compared with a name as the text is
        eligible = pl.col("verdict") == "not_eligible"
        assert coded.results.filter(eligible)["row"].equals(text.results.filter(eligible)["row"])
    others = {k: t for k, t in coded.results.schema.items() if k not in ("programme", "verdict")}
    assert others == {k: text.results.schema[k] for k in others}


def test_a_hook_s_error_is_a_code_and_counted() -> None:
    """The verdict ``error`` (a plugin's hook failed) is one of the codes, and the run
    counts it as the text run does."""
    engine = Engine.create([("failing", Failing())], entry_points=False)
    frame = profiles_frame([engine.load(c) for c in TRANSFER_CASES], engine.registry.facts)
    kw = {"programmes": ["fooland.transfer", "fooland.team"], "as_of": AS_OF}
    text = screen_frame(engine, frame, **kw)  # type: ignore[arg-type]
    coded = screen_frame(engine, frame, codes=True, **kw)  # type: ignore[arg-type]
    assert _as_text(coded.results).equals(text.results)
    assert coded.summary.hook_errors == text.summary.hook_errors == 3
    assert coded.results.filter(pl.col("verdict") == "error").height == 3
    assert set(VERDICT_CODES.categories) == {v.value for v in Verdict}


def test_an_empty_frame_gives_the_coded_schema(engine: Engine) -> None:
    got = screen_frame(engine, people(engine).head(0), programmes=PROGS, as_of=AS_OF, codes=True)
    assert got.results.height == 0
    assert got.results.schema["programme"] == pl.Enum(PROGS)
    assert got.results.schema["verdict"] == VERDICT_CODES


def test_codes_are_written_as_their_names(engine: Engine) -> None:
    coded = screen_frame(engine, people(engine), programmes=PROGS, as_of=AS_OF, codes=True)
    text = screen_frame(engine, people(engine), programmes=PROGS, as_of=AS_OF)
    written = coded.results.select("row", "programme", "verdict").write_csv()
    assert written == text.results.select("row", "programme", "verdict").write_csv()


def test_a_result_from_the_engine_is_coded_too() -> None:
    """A share beyond 64 bits is assessed by the single-case engine: its rows are put in
    the coded results as the compiled ones are."""
    engine = Engine.create([vocab_plugin])
    people = [
        {"id": f"f{i}", "organisations": [{"role": "company", "facts": {k: v}}]}
        for i, v in enumerate(["1/3", "30%", f"{2**64}/3"])
        for k in ("shaanxi.applicant_stake", "shaanxi.own_funds_share")
    ]
    frame = profiles_frame([engine.load(p) for p in people], engine.registry.facts)
    kw = {"programmes": sorted(engine.registry.programmes), "as_of": AS_OF}
    text = screen_frame(engine, frame, **kw)  # type: ignore[arg-type]
    coded = screen_frame(engine, frame, codes=True, **kw)  # type: ignore[arg-type]
    assert coded.summary.case_by_case > 0
    assert _as_text(coded.results).equals(text.results)
