"""A list naming one subject twice is an input error naming both places, in the Python
API, ``talentkit check`` and every batch input format (an error row, nothing dropped)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from click.testing import CliRunner

from talentkit import Engine, InputError, Organisation, Person, Profile, Team
from talentkit.batch import profiles_frame, screen
from talentkit.cli import main
from tests.cli_env import cli_env

MEMBERS = [{"id": "p1"}, {"id": "p3"}, {"id": "p2"}, {}, {"id": "p3"}]
TWICE = 'duplicate id "p3" @ $.team.members[4] (first at $.team.members[1])'
CLI_ENV = cli_env(COLUMNS=None)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.create(entry_points=False)


def errors(engine: Engine, data: dict[str, Any]) -> list[str]:
    with pytest.raises(InputError) as err:
        engine.load(data)
    return err.value.errors


def test_a_person_listed_twice_names_both_places(engine: Engine) -> None:
    assert errors(engine, {"team": {"members": MEMBERS}}) == [TWICE]


def test_every_repeat_is_reported(engine: Engine) -> None:
    members = [{"id": "a"}, {"id": "a"}, {"id": "b"}, {"id": "a"}, {"id": "b"}]
    assert errors(engine, {"team": {"members": members}}) == [
        'duplicate id "a" @ $.team.members[1] (first at $.team.members[0])',
        'duplicate id "a" @ $.team.members[3] (first at $.team.members[0])',
        'duplicate id "b" @ $.team.members[4] (first at $.team.members[2])',
    ]


def test_absent_ids_and_distinct_ids_are_not_duplicates(engine: Engine) -> None:
    profile = engine.load({"team": {"members": [{}, {}, {"id": "a"}, {"id": "A"}]}})
    assert profile.team is not None
    assert profile.team.members is not None
    assert len(profile.team.members) == 4
    # the leader (or the person applying) may be listed among the members too
    engine.load({"person": {"id": "a"}, "team": {"leader": {"id": "a"}, "members": [{"id": "a"}]}})


def test_an_organisation_is_listed_once_per_role(engine: Engine) -> None:
    # one company as the applicant's employer and as the company applying: two roles
    engine.load(
        {"organisations": [{"id": "c", "role": "employer"}, {"id": "c", "role": "company"}]}
    )
    # a role not stated is not a match
    engine.load({"organisations": [{"id": "c"}, {"id": "c", "role": "host"}]})
    orgs = [{"id": "c", "role": "host"}, {"id": "d", "role": "host"}, {"id": "c", "role": "host"}]
    assert errors(engine, {"organisations": orgs}) == [
        'duplicate id "c" in role "host" @ $.organisations[2] (first at $.organisations[0])'
    ]


def test_duplicates_are_reported_with_the_other_errors(engine: Engine) -> None:
    data = {"facts": {"nope.x": 1}, "team": {"members": MEMBERS}}
    assert len(errors(engine, data)) == 2


def test_check_refuses_the_profile(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"team": {"members": MEMBERS}}), encoding="utf-8")
    args = ["check", str(path), "-p", "fooland.team", "--as-of", "2026-10-20"]
    result = CliRunner().invoke(main, [*args, "--lang", "en"], env=CLI_ENV)
    assert result.exit_code != 0
    assert TWICE in result.output
    result = CliRunner().invoke(main, [*args, "--lang", "zh"], env=CLI_ENV)
    assert result.exit_code != 0
    assert '重复的 id "p3"，首次出现于 $.team.members[1] @ $.team.members[4]' in result.output


def _screen(engine: Engine, src: Path, tmp_path: Path) -> tuple[Any, list[Any], list[str]]:
    out, err = tmp_path / "out.jsonl", tmp_path / "err.jsonl"
    s = screen(
        engine,
        src,
        out,
        programmes=["fooland.team"],
        as_of=dt.date(2026, 10, 20),
        errors_path=err,
        workers=1,
    )
    errs = [json.loads(line) for line in err.read_text(encoding="utf-8").splitlines()]
    rows = pl.read_ndjson(out).to_dicts() if out.stat().st_size else []
    return s, errs, sorted(r["subject_id"] for r in rows)


def _check_rows(s: Any, errs: list[Any], ids: list[str]) -> None:
    assert s.rows_read == 3
    assert s.rows_read == s.rows_assessed + s.error_rows
    assert [(e["row"], e["path"]) for e in errs] == [(2, "$.team.members[4]")]
    assert errs[0]["message"] == 'duplicate id "p3" (first at $.team.members[1])'
    assert ids == ["a", "c"]


def test_batch_json_lines_give_an_error_row(engine: Engine, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    rows = [
        {"id": "a", "team": {"members": MEMBERS[:4]}},
        {"id": "b", "team": {"members": MEMBERS}},
        {"id": "c", "team": {"members": MEMBERS[2:]}},
    ]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    _check_rows(*_screen(engine, src, tmp_path))


def test_batch_parquet_gives_an_error_row(engine: Engine, tmp_path: Path) -> None:
    """Parquet rows are checked column-wise: the repeat must flag the row for parsing."""

    def profile(pid: str, members: list[dict[str, Any]]) -> Profile:
        return Profile(id=pid, team=Team(members=[Person(**m) for m in members]))

    built = [profile("a", MEMBERS[:4]), profile("b", MEMBERS), profile("c", MEMBERS[2:])]
    src = tmp_path / "in.parquet"
    profiles_frame(built, engine.registry.facts).write_parquet(src)
    _check_rows(*_screen(engine, src, tmp_path))


def test_batch_parquet_flags_an_organisation_twice_in_one_role(
    engine: Engine, tmp_path: Path
) -> None:
    def profile(pid: str, *roles: str) -> Profile:
        return Profile(id=pid, organisations=[Organisation(id="c", role=r) for r in roles])

    built = [profile("a", "host", "lead"), profile("b", "host", "host"), profile("c", "host")]
    src = tmp_path / "in.parquet"
    profiles_frame(built, engine.registry.facts).write_parquet(src)
    s, errs, ids = _screen(engine, src, tmp_path)
    assert s.rows_read == s.rows_assessed + s.error_rows == 3
    assert [(e["row"], e["path"]) for e in errs] == [(2, "$.organisations[1]")]
    assert ids == ["a", "c"]
