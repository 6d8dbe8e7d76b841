"""``screen_frame(wide=True)``: a row per case, a column per programme holding its
verdict; every cell the long results' verdict of that case and programme, null where the
long results have no row (a programme of another subject), every assessed case a row; for
either layout, chunk sizes, codes or text, programmes named or not; read from the ranks
(the Shaanxi person programmes) or spread from the long results (any other run); the
summary's counts, a hook's error, an empty frame, and columns it cannot hold."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from click.testing import CliRunner

from talentkit import Engine
from talentkit.batch import BatchError, profiles_frame, screen, screen_frame
from talentkit.batch import wide as wide_module
from talentkit.batch.evaluate import VERDICT_CODES
from talentkit.cli import main
from tests.batch.test_fallback import TRANSFER_CASES, Failing
from tests.batch.test_flat import flatten
from tests.batch.test_screen import AS_OF, PROGS
from tests.batch.test_screen_frame import people

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

EXAMPLES = Path(__file__).resolve().parents[2] / "plugins" / "shaanxi" / "examples"
PERSON_PROGRAMMES = [
    "shaanxi.qianren.youth",
    "shaanxi.qianren.long",
    "shaanxi.qianren.foreign",
    "shaanxi.tezhi.youth",
    "shaanxi.qianren.entre",
]


def _check_against_long(engine: Engine, frame: pl.DataFrame, codes: bool, **kw: Any) -> None:
    """Wide results against the long ones of the same run, cell by cell."""
    laid = screen_frame(engine, frame, wide=True, codes=codes, **kw)
    long = screen_frame(engine, frame, columns=["verdict"], **kw)
    programmes = list(long.summary.programmes)
    verdict = VERDICT_CODES if codes else pl.String()
    assert laid.results.schema == pl.Schema(
        {"row": pl.Int64(), "subject_id": pl.String(), **dict.fromkeys(programmes, verdict)}
    )
    assert laid.errors.equals(long.errors)
    rows = laid.results.get_column("row").to_list()
    assessed = sorted(set(range(1, frame.height + 1)) - set(long.errors.get_column("row")))
    assert rows == assessed
    want = {(r, p): v for r, p, v in long.results.select("row", "programme", "verdict").rows()}
    for got in laid.results.to_dicts():
        for p in programmes:
            assert got[p] == want.get((got["row"], p)), (got["row"], p)
    ids = long.results.unique("row").select("row", "subject_id")
    joined = laid.results.select("row", "subject_id").join(ids, on="row", how="inner")
    assert joined.get_column("subject_id").equals(joined.get_column("subject_id_right"))
    assert laid.summary.results_written == long.summary.results_written
    assert laid.summary.results_expected == long.summary.results_expected
    assert laid.summary.balanced
    assert laid.summary.hook_errors == long.summary.hook_errors


@pytest.mark.parametrize("layout", ["nested", "flat"])
@pytest.mark.parametrize("programmes", [PROGS, None])
@pytest.mark.parametrize("chunk_size", [1, 5, 23])
@pytest.mark.parametrize("codes", [False, True])
def test_each_cell_is_the_long_results_verdict(
    engine: Engine, layout: str, programmes: list[str] | None, chunk_size: int, codes: bool
) -> None:
    frame = people(engine) if layout == "nested" else flatten(people(engine), engine)
    kw = {"programmes": programmes, "as_of": AS_OF, "chunk_size": chunk_size}
    _check_against_long(engine, frame, codes, **kw)


def _shaanxi(engine: Engine) -> pl.DataFrame:
    cases: list[Any] = []
    for path in sorted(EXAMPLES.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        if "person" in data:
            cases.append(engine.load(data))
    return profiles_frame(cases, engine.registry.facts)


@pytest.mark.parametrize("codes", [False, True])
def test_read_from_the_ranks_where_the_verdicts_alone_are_compiled(
    engine: Engine, shaanxi_installed: None, codes: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    frame = _shaanxi(engine)
    kw = {"programmes": PERSON_PROGRAMMES, "as_of": dt.date(2026, 3, 1)}
    _check_against_long(engine, frame, codes, **kw)
    _check_against_long(engine, flatten(frame, engine, ("employer", "company")), codes, **kw)

    def spread(*_: object) -> None:
        raise AssertionError("spread from the long results")

    monkeypatch.setattr("talentkit.batch.run.widened", spread)
    got = screen_frame(engine, frame, wide=True, codes=codes, **kw)  # type: ignore[arg-type]
    assert got.results.height == frame.height
    assert got.results.get_column("shaanxi.qianren.youth").n_unique() > 1


def test_spread_from_the_long_results_otherwise(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Programmes not named: each assessed only for the cases of its subject, which the
    ranks do not say: spread from the long results, a team's programme's cell null for
    a case without a team."""
    used = []
    real = wide_module.widened

    def spread(*args: Any) -> pl.DataFrame:
        used.append(True)
        return real(*args)

    monkeypatch.setattr("talentkit.batch.run.widened", spread)
    frame = people(engine)
    assert "team" in frame.columns
    frame = frame.with_columns(team=pl.when(pl.int_range(pl.len()) % 3 > 0).then(pl.col("team")))
    got = screen_frame(engine, frame, wide=True, as_of=AS_OF)
    assert used
    team = got.results.get_column("yangquan.team.key")
    assert 0 < team.null_count() < team.len()
    _check_against_long(engine, frame, False, as_of=AS_OF)


def test_a_hook_s_error_is_a_verdict_and_counted() -> None:
    engine = Engine.create([("failing", Failing())], entry_points=False)
    frame = profiles_frame([engine.load(c) for c in TRANSFER_CASES], engine.registry.facts)
    kw = {"programmes": ["fooland.transfer", "fooland.team"], "as_of": AS_OF}
    got = screen_frame(engine, frame, wide=True, **kw)  # type: ignore[arg-type]
    assert got.summary.hook_errors == 3
    assert got.results.filter(pl.col("fooland.transfer") == "error").height == 3
    _check_against_long(engine, frame, True, **kw)


def test_an_empty_frame_gives_the_wide_schema(engine: Engine) -> None:
    got = screen_frame(
        engine, people(engine).head(0), programmes=PROGS, as_of=AS_OF, wide=True, codes=True
    )
    assert got.results.height == 0
    assert got.results.columns == ["row", "subject_id", *PROGS]
    assert got.results.schema["fooland.team"] == VERDICT_CODES
    assert got.summary.results_written == 0


@pytest.mark.parametrize("columns", [["missing"], ["verdict", "failed"], []])
def test_other_columns_are_refused(engine: Engine, columns: list[str]) -> None:
    with pytest.raises(BatchError, match="wide results hold the verdict alone"):
        screen_frame(engine, people(engine), as_of=AS_OF, wide=True, columns=columns)


def test_the_verdict_column_may_be_named(engine: Engine) -> None:
    kw = {"programmes": PROGS, "as_of": AS_OF, "wide": True}
    named = screen_frame(engine, people(engine), columns=["verdict"], **kw)  # type: ignore[arg-type]
    assert named.results.equals(screen_frame(engine, people(engine), **kw).results)  # type: ignore[arg-type]


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".jsonl", ".xlsx"])
def test_a_file_gets_the_frame_s_wide_results(engine: Engine, tmp_path: Path, suffix: str) -> None:
    frame = people(engine)
    src, dst = tmp_path / "in.parquet", tmp_path / f"out{suffix}"
    frame.write_parquet(src)
    kw = {"programmes": PROGS, "as_of": AS_OF}
    summary = screen(engine, src, dst, wide=True, chunk_size=5, **kw)  # type: ignore[arg-type]
    want = screen_frame(engine, frame, wide=True, **kw)  # type: ignore[arg-type]
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        rows = list(load_workbook(dst).active.iter_rows(values_only=True))
        got = pl.DataFrame(rows[1:], schema=list(rows[0]), orient="row")
    else:
        read = {".parquet": pl.read_parquet, ".csv": pl.read_csv, ".jsonl": pl.read_ndjson}
        got = read[suffix](dst)  # type: ignore[operator]
    got = got.cast(want.results.schema)
    assert got.equals(want.results)
    assert summary.results_written == want.summary.results_written == 2 * frame.height - 4
    assert summary.balanced


def test_a_file_with_no_row_assessed_gets_the_wide_header(engine: Engine, tmp_path: Path) -> None:
    src, dst = tmp_path / "in.parquet", tmp_path / "out.parquet"
    people(engine).head(0).write_parquet(src)
    screen(engine, src, dst, programmes=PROGS, as_of=AS_OF, wide=True)
    assert pl.read_parquet(dst).columns == ["row", "subject_id", *PROGS]


def test_the_command_writes_wide_results(engine: Engine, tmp_path: Path) -> None:
    src, dst = tmp_path / "in.parquet", tmp_path / "out.csv"
    people(engine).write_parquet(src)
    args = ["batch", str(src), "-o", str(dst), "--as-of", "2025-06-01", "--wide"]
    result = CliRunner().invoke(main, [*args, "--programme", "fooland.team"])
    assert result.exit_code == 0, result.output
    out = pl.read_csv(dst)
    assert out.columns == ["row", "subject_id", "fooland.team"]
    assert out.height == people(engine).height - 2  # rows 2 and 6 are error rows
    assert "results written  21 (1 programme(s))" in result.output


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--columns", "verdict,missing"], "wide results hold the verdict alone"),
        (["--columns", "missing", "--lang", "zh"], "宽表结果只含结论"),
    ],
)
def test_the_command_refuses_what_wide_results_cannot_hold(
    engine: Engine, tmp_path: Path, extra: list[str], message: str
) -> None:
    src = tmp_path / "in.parquet"
    people(engine).write_parquet(src)
    args = ["batch", str(src), "-o", str(tmp_path / "out.csv"), "--as-of", "2025-06-01"]
    result = CliRunner().invoke(main, [*args, "--wide", *extra])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert not (tmp_path / "out.csv").exists()


def test_the_command_asks_the_cluster_for_wide_results(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--scheduler … --wide``: the partitions screened wide (the run itself is
    ``screen_dask(wide=True)``'s, tested in ``test_dask.py``)."""
    pytest.importorskip("distributed")
    from talentkit.batch import distributed

    asked: dict[str, Any] = {}

    def fake(*args: Any, **kw: Any) -> Any:
        asked.update(kw)
        raise BatchError("stopped here")

    monkeypatch.setattr(distributed, "screen_dask", fake)
    (tmp_path / "in").mkdir()
    people(engine).write_parquet(tmp_path / "in" / "part-0.parquet")
    args = ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--scheduler", "local"]
    result = CliRunner().invoke(main, [*args, "--as-of", "2025-06-01", "--wide"])
    assert result.exit_code == 2
    assert "stopped here" in result.output
    assert asked["wide"] is True
