"""Screening runs end to end: formats, error rows, accounting, interruption, re-runs."""

from __future__ import annotations

import datetime as dt
import json
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from talentkit import Engine
from talentkit.batch import profiles_frame, screen
from talentkit.batch import run as run_module
from talentkit.convert import unstructure

AS_OF = dt.date(2025, 6, 1)
PROGS = ["fooland.team", "fooland.transfer"]
#: a run the workers parse for: no programme assessed case by case on its parsed cases
#: (whose cases the run parses itself, keeping them)
COMPILED = ["fooland.transfer"]


def example(engine: Engine) -> dict[str, Any]:
    return unstructure(engine.load("tests/fooland/example.toml"))  # type: ignore[no-any-return]


def population(engine: Engine, n: int) -> list[dict[str, Any]]:
    base = example(engine)
    out = []
    for i in range(n):
        p = json.loads(json.dumps(base))
        p["id"] = f"case-{i}"
        # leader born around the 45th/47th birthday on the call notice date
        p["team"]["leader"]["birth_date"] = (
            dt.date(1979, 3, 1) + dt.timedelta(days=i % 5 - 2)
        ).isoformat()
        p["team"]["leader"]["gender"] = "female" if i % 2 else "male"
        if i % 7 == 0:
            del p["team"]["leader"]["birth_date"]
        out.append(p)
    return out


def write_jsonl(path: Path, rows: list[Any]) -> None:
    path.write_text(
        "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8"
    )


def screened_files(
    engine: Engine, source: Path, name: str, *, rows: int, errors: int, chunk_size: int
) -> tuple[bytes, str]:
    """The output file's bytes and the error file's text of screening ``source`` into
    files named ``name`` beside it, checking that every row of ``rows`` is accounted for."""
    out, err = source.parent / f"{name}.parquet", source.parent / f"{name}-errors.jsonl"
    s = screen(
        engine, source, out, programmes=PROGS, as_of=AS_OF, errors_path=err, chunk_size=chunk_size
    )
    assert s.balanced
    assert s.rows_read == rows
    assert s.error_rows == errors
    return out.read_bytes(), err.read_text(encoding="utf-8")


def engine_rows(
    engine: Engine, profiles: list[dict[str, Any]], progs: list[str] = PROGS
) -> list[tuple[Any, ...]]:
    out = []
    for i, p in enumerate(profiles, start=1):
        for a in engine.assess(engine.load(p), progs, as_of=AS_OF).assessments:
            out.append(
                (
                    i,
                    a.programme,
                    a.verdict.value,
                    list(a.missing),
                    list(a.failed),
                    a.funding.total.fen if a.funding else None,
                )
            )
    return out


def result_rows(frame: pl.DataFrame) -> list[tuple[Any, ...]]:
    return [
        (r["row"], r["programme"], r["verdict"], r["missing"], r["failed"], r["funding_total_fen"])
        for r in frame.sort("row", "programme").to_dicts()
    ]


def test_jsonl_to_parquet_equals_engine(engine: Engine, tmp_path: Path) -> None:
    profiles = population(engine, 40)
    write_jsonl(tmp_path / "in.jsonl", profiles)
    s = screen(
        engine,
        tmp_path / "in.jsonl",
        tmp_path / "out.parquet",
        programmes=PROGS,
        as_of=AS_OF,
        chunk_size=7,
        workers=1,
    )
    assert s.balanced
    assert s.rows_read == 40
    assert s.error_rows == 0
    assert s.results_written == 80
    assert "fooland.team.name_given" in s.fallback_rules["fooland.team"]
    out = pl.read_parquet(tmp_path / "out.parquet")
    assert out.schema["funding_total_fen"] == pl.Int64()
    assert result_rows(out) == sorted(engine_rows(engine, profiles))


def test_parquet_input_and_two_workers(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(run_module, "PARALLEL_MIN", 1)  # (the workers, for so few records)
    profiles = population(engine, 25)
    frame = profiles_frame([engine.load(p) for p in profiles], engine.registry.facts)
    frame.write_parquet(tmp_path / "in.parquet")
    write_jsonl(tmp_path / "in.jsonl", profiles)
    monkeypatch.setattr(run_module, "ProcessPoolExecutor", CountedPool)
    for progs in (PROGS, COMPILED):
        a = screen(
            engine,
            tmp_path / "in.parquet",
            tmp_path / "a.jsonl",
            programmes=progs,
            as_of=AS_OF,
            chunk_size=10,
        )
        CountedPool.started = 0
        b = screen(
            engine,
            tmp_path / "in.jsonl",
            tmp_path / "b.jsonl",
            programmes=progs,
            as_of=AS_OF,
            chunk_size=10,
            workers=2,
        )
        # (fooland.team's predicate reads the team's name from the chunk's columns: its
        # cases are not kept, the workers parse them too)
        assert CountedPool.started == 1
        assert a.balanced
        assert b.balanced
        fa = pl.read_ndjson(tmp_path / "a.jsonl")
        fb = pl.read_ndjson(tmp_path / "b.jsonl")
        assert fa.equals(fb)
        assert result_rows(fa) == sorted(engine_rows(engine, profiles, progs))


class CountedPool(ProcessPoolExecutor):
    """The workers' pool, counting the pools started."""

    started = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        type(self).started += 1
        super().__init__(*args, **kwargs)


@pytest.mark.parametrize(("workers", "chunk"), [(2, 7), (3, 7), (2, 40), (3, 2)])
def test_a_chunk_parsed_in_pieces_by_several_workers(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int, chunk: int
) -> None:
    """Each chunk's records parsed in a piece per worker (pieces of one record up): the
    results and error rows, their order and row numbers, are those of one worker."""
    monkeypatch.setattr(run_module, "_PIECE_MIN", 1)
    monkeypatch.setattr(run_module, "PARALLEL_MIN", 1)  # (the workers, for so few records)
    good = population(engine, 9)
    rows: list[Any] = [good[0], "{not json", *good[1:4], {"bogus": 1}, *good[4:], "[1"]
    write_jsonl(tmp_path / "in.jsonl", rows)
    monkeypatch.setattr(run_module, "ProcessPoolExecutor", CountedPool)
    CountedPool.started = 0
    runs = {}
    for n in (1, workers):
        s = screen(
            engine,
            tmp_path / "in.jsonl",
            tmp_path / f"out{n}.jsonl",
            programmes=COMPILED,
            as_of=AS_OF,
            errors_path=tmp_path / f"errors{n}.jsonl",
            chunk_size=chunk,
            workers=n,
        )
        assert s.balanced
        assert (s.rows_read, s.error_rows) == (12, 3)
        runs[n] = [(tmp_path / f"{k}{n}.jsonl").read_bytes() for k in ("out", "errors")]
    assert CountedPool.started == 1  # the run with workers
    assert runs[workers] == runs[1]
    errors = [json.loads(line) for line in runs[1][1].decode().splitlines()]
    assert [e["row"] for e in errors] == [2, 6, 12]


class _NoWorkers:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise AssertionError("worker processes started")


@pytest.mark.parametrize("fewest", [None, 1])
def test_a_small_file_is_parsed_without_starting_workers(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fewest: int | None
) -> None:
    """A chunk of fewer records than ``PARALLEL_MIN`` is parsed by the process itself,
    with the same results and errors; a chunk of as many starts the workers."""
    rows: list[Any] = [*population(engine, 5), "{not json"]
    write_jsonl(tmp_path / "in.jsonl", rows)
    if fewest is not None:
        monkeypatch.setattr(run_module, "PARALLEL_MIN", fewest)
    monkeypatch.setattr(run_module, "ProcessPoolExecutor", _NoWorkers)

    def run() -> Any:
        return screen(
            engine,
            tmp_path / "in.jsonl",
            tmp_path / "out.jsonl",
            programmes=COMPILED,
            as_of=AS_OF,
            errors_path=tmp_path / "errors.jsonl",
            chunk_size=4,
            workers=2,
        )

    if fewest is not None:
        with pytest.raises(AssertionError, match="worker processes started"):
            run()
        return
    s = run()
    assert (s.rows_read, s.error_rows, s.balanced) == (6, 1, True)
    errors = (tmp_path / "errors.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["row"] for line in errors] == [6]


def test_malformed_rows_become_error_records(engine: Engine, tmp_path: Path) -> None:
    good = population(engine, 3)
    rows: list[Any] = [
        good[0],
        '{"person": {"birth_date": "1980-13-01"}}',
        "{not json",
        good[1],
        {"person": {"gender": "x"}, "bogus": 1},
        {"facts": {"nobody.declares": 1}},
        good[2],
    ]
    write_jsonl(tmp_path / "in.jsonl", rows)
    s = screen(
        engine,
        tmp_path / "in.jsonl",
        tmp_path / "out.csv",
        programmes=PROGS,
        as_of=AS_OF,
        errors_path=tmp_path / "errors.jsonl",
        workers=1,
    )
    assert (s.rows_read, s.rows_assessed, s.error_rows) == (7, 3, 4)
    assert s.balanced
    errors = pl.read_ndjson(tmp_path / "errors.jsonl")
    assert set(errors["row"]) == {2, 3, 5, 6}
    rec = errors.filter(pl.col("row") == 2).to_dicts()[0]
    assert rec["path"] == "$.person.birth_date"
    assert "date" in rec["message"]
    by_row = {r["row"]: r for r in errors.to_dicts()}
    assert by_row[3]["message"].startswith("not valid JSON")
    assert "nobody.declares" in by_row[6]["message"]
    out = pl.read_csv(tmp_path / "out.csv")
    assert sorted(set(out["row"])) == [1, 4, 7]


def test_parquet_rows_checked_like_the_parser(engine: Engine, tmp_path: Path) -> None:
    profiles = population(engine, 3)
    frame = profiles_frame([engine.load(p) for p in profiles], engine.registry.facts)
    frame = frame.with_columns(person=pl.struct(gender=pl.Series(["male", "robot", None])))
    frame.write_parquet(tmp_path / "in.parquet")
    s = screen(
        engine,
        tmp_path / "in.parquet",
        tmp_path / "out.parquet",
        programmes=PROGS,
        as_of=AS_OF,
        errors_path=tmp_path / "err.csv",
    )
    assert (s.rows_assessed, s.error_rows) == (2, 1)
    err = pl.read_csv(tmp_path / "err.csv").to_dicts()
    assert err[0]["row"] == 2
    assert err[0]["path"] == "$.person.gender"


def test_csv_with_column_mapping(engine: Engine, tmp_path: Path) -> None:
    (tmp_path / "map.toml").write_text(
        '[columns]\nleader_born = "team.leader.birth_date"\n'
        'host_kind = "organisations[0].kind"\nhost_role = "organisations[0].role"\n'
        'm0_core = "team.members[0].core"\n',
        encoding="utf-8",
    )
    (tmp_path / "in.csv").write_text(
        "id,leader_born,team.leader.gender,host_kind,host_role,m0_core,"
        "application.call_notice_date,attestations.fooland.team.agreement.value,"
        "attestations.fooland.team.agreement.by,attestations.fooland.team.agreement.on\n"
        "a,1980-03-01,female,university,host,true,2025-03-01,true,rev,2025-01-01\n"
        "b,,male,enterprise,host,,2025-03-01,,,\n"
        "c,1980-03-01,robot,university,host,true,2025-03-01,,,\n",
        encoding="utf-8",
    )
    s = screen(
        engine,
        tmp_path / "in.csv",
        tmp_path / "out.jsonl",
        programmes=PROGS,
        as_of=AS_OF,
        csv_mapping=tmp_path / "map.toml",
        errors_path=tmp_path / "e.jsonl",
        workers=1,
    )
    assert (s.rows_read, s.rows_assessed, s.error_rows) == (3, 2, 1)
    out = pl.read_ndjson(tmp_path / "out.jsonl")
    # CSV rows are numbered by the file's lines: the header is line 1
    team_a = out.filter((pl.col("row") == 2) & (pl.col("programme") == "fooland.team"))
    assert "team.leader.birth_date" not in team_a["missing"][0]
    team_b = out.filter((pl.col("row") == 3) & (pl.col("programme") == "fooland.team"))
    assert "team.leader.birth_date" in team_b["missing"][0].to_list()


def test_interrupted_run_leaves_no_complete_looking_output(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    profiles = population(engine, 30)
    write_jsonl(tmp_path / "in.jsonl", profiles)
    real = run_module.assess_chunk
    calls = {"n": 0}

    def failing(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("power cut")
        return real(*args, **kwargs)

    monkeypatch.setattr(run_module, "assess_chunk", failing)
    with pytest.raises(RuntimeError, match="power cut"):
        screen(
            engine,
            tmp_path / "in.jsonl",
            tmp_path / "out.parquet",
            programmes=PROGS,
            as_of=AS_OF,
            chunk_size=10,
            errors_path=tmp_path / "err.jsonl",
            workers=1,
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]
    # a complete earlier output is left as it was, never half overwritten
    monkeypatch.setattr(run_module, "assess_chunk", real)
    first = screen(
        engine,
        tmp_path / "in.jsonl",
        tmp_path / "out.parquet",
        programmes=PROGS,
        as_of=AS_OF,
        chunk_size=10,
        workers=1,
    )
    before = (tmp_path / "out.parquet").read_bytes()
    calls["n"] = 0
    monkeypatch.setattr(run_module, "assess_chunk", failing)
    with pytest.raises(RuntimeError):
        screen(
            engine,
            tmp_path / "in.jsonl",
            tmp_path / "out.parquet",
            programmes=PROGS,
            as_of=AS_OF,
            chunk_size=10,
            workers=1,
        )
    assert (tmp_path / "out.parquet").read_bytes() == before
    # re-running is safe and gives the same results
    monkeypatch.setattr(run_module, "assess_chunk", real)
    again = screen(
        engine,
        tmp_path / "in.jsonl",
        tmp_path / "out.parquet",
        programmes=PROGS,
        as_of=AS_OF,
        chunk_size=10,
        workers=1,
    )
    assert again.results_written == first.results_written == 60
    assert pl.read_parquet(tmp_path / "out.parquet").equals(
        pl.read_parquet(tmp_path / "out.parquet")
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.parquet"]


def test_default_selection_follows_the_subject(engine: Engine, tmp_path: Path) -> None:
    """Without --programme, a case is screened only where it describes the subject."""
    write_jsonl(
        tmp_path / "in.jsonl",
        [{"id": "p", "person": {"birth_date": "1990-01-01"}}, example(engine)],
    )
    s = screen(engine, tmp_path / "in.jsonl", tmp_path / "out.jsonl", as_of=AS_OF, workers=1)
    assert s.balanced
    out = pl.read_ndjson(tmp_path / "out.jsonl")
    for row, data in (
        (1, {"id": "p", "person": {"birth_date": "1990-01-01"}}),
        (2, example(engine)),
    ):
        want = {
            a.programme: a.verdict.value
            for a in engine.assess(engine.load(data), as_of=AS_OF).assessments
        }
        got = dict(out.filter(pl.col("row") == row).select("programme", "verdict").iter_rows())
        assert got == want


def test_empty_input(engine: Engine, tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_text("", encoding="utf-8")
    s = screen(
        engine, tmp_path / "in.jsonl", tmp_path / "out.parquet", programmes=PROGS, as_of=AS_OF
    )
    assert s.rows_read == 0
    assert s.balanced
    assert pl.read_parquet(tmp_path / "out.parquet").height == 0
