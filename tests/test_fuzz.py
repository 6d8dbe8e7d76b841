"""Hostile input through every entry point: malformed bytes, encodings, nesting, numbers
and keys. Whatever comes in: no traceback, a message naming the field path, a documented
exit code (0, 1 or 2), and in batch every row is a result or an error row."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talentkit import Engine, InputError
from talentkit.cli import main
from talentkit.convert import read_document
from tests.cli_env import cli_env

FOOLAND = Path(__file__).parent / "fooland"
EXAMPLE: dict[str, Any] = read_document(FOOLAND / "example.toml")
TEXT = (FOOLAND / "example.toml").read_text(encoding="utf-8")
ENV = cli_env(COLUMNS="120")
SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)
_ENGINE: list[Engine] = []


def engine() -> Engine:
    if not _ENGINE:
        _ENGINE.append(Engine.create(entry_points=False))
    return _ENGINE[0]


# -- strategies ------------------------------------------------------------------------

NUMBERS = st.one_of(
    st.integers(-(2**70), 2**70),
    st.sampled_from([0, -1, 2**63 - 1, 2**63, -(2**63) - 1]),
    st.floats(allow_nan=True, allow_infinity=True),
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    NUMBERS,
    st.text(max_size=12),
    st.sampled_from(["1/3", "-1/3", "150%", "1980-02-29", "1800-01-01", "2190-01-01", "TRUE"]),
)
KEYS = st.one_of(
    st.text(max_size=10),
    st.sampled_from(
        ["id", "person", "facts", "fooland.field", "decisions", "waivers", "attestations"]
    ),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=12,
)
PATHS = st.lists(
    st.sampled_from(
        [
            "person",
            "team",
            "leader",
            "members",
            "0",
            "facts",
            "application",
            "organisations",
            "history",
            "receipts",
            "decisions",
            "attestations",
            "waivers",
            "birth_date",
        ]
    ),
    min_size=1,
    max_size=4,
)


def mutate(base: dict[str, Any], path: list[str], value: Any) -> dict[str, Any]:
    """``base`` with ``value`` put at ``path`` (creating tables and list items as needed)."""
    data = copy.deepcopy(base)
    cur: Any = data
    for part in path[:-1]:
        if isinstance(cur, list):
            cur = cur[int(part)] if part.isdigit() and int(part) < len(cur) else cur
            continue
        if not isinstance(cur, dict):
            return data
        nxt = cur.get(part)
        if not isinstance(nxt, (dict, list)):
            nxt = cur[part] = {}
        cur = nxt
    if isinstance(cur, dict):
        cur[path[-1]] = value
    return data


def nested(depth: int) -> Any:
    value: Any = []
    for _ in range(depth):
        value = [value]
    return value


PROFILES = st.one_of(
    st.builds(mutate, st.just(EXAMPLE), PATHS, VALUES),
    st.dictionaries(KEYS, VALUES, max_size=5),
    st.integers(50, 600).map(lambda d: {**EXAMPLE, "facts": {"x": nested(d)}}),
)
BYTES = st.one_of(
    st.binary(max_size=200),
    st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "latin-1"]).map(
        lambda enc: TEXT.replace("Fooland photonics", "光电团队").encode(enc, errors="replace")
    ),
    st.binary(max_size=40).map(lambda b: TEXT.encode() + b),
)


# -- checks ----------------------------------------------------------------------------


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), env=ENV)


def clean(result: Result) -> None:
    """No traceback; a documented exit code; errors say where."""
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.output)
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    if result.exit_code == 2 and ("invalid input" in result.output or "输入有误" in result.output):
        problems = [x for x in result.output.splitlines() if x.startswith("  ")]
        assert problems
        assert all("@ $" in p or "not valid" in p or "不是有效的" in p for p in problems), problems


def json_file(tmp: Path, data: Any, name: str = "case.json") -> Path:
    path = tmp / name
    path.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
    return path


@SETTINGS
@given(data=PROFILES)
def test_library_load_raises_only_input_errors_with_paths(data: Any) -> None:
    errors: list[str] = []
    try:
        engine().load(data)
    except InputError as exc:
        errors = exc.errors or ["(no message)"]
    assert all(" @ $" in e for e in errors), errors


@SETTINGS
@given(data=PROFILES)
def test_check_on_any_profile(tmp_path_factory: Any, data: Any) -> None:
    tmp = tmp_path_factory.mktemp("check")
    try:
        path = json_file(tmp, data)
    except (ValueError, RecursionError):  # not representable as JSON (nan keys, depth)
        return
    clean(run("check", str(path), "--as-of", "2026-10-20"))


@SETTINGS
@given(raw=BYTES, suffix=st.sampled_from([".toml", ".json"]))
def test_check_on_any_bytes(tmp_path_factory: Any, raw: bytes, suffix: str) -> None:
    path = tmp_path_factory.mktemp("bytes") / f"case{suffix}"
    path.write_bytes(raw)
    clean(run("check", str(path), "--as-of", "2026-10-20"))


@SETTINGS
@given(
    kind=st.one_of(st.text(max_size=12), st.sampled_from(["acceptance_failed", "Withdrawal"])),
    amount=NUMBERS,
    programme=st.sampled_from(["fooland.team", "fooland.transfer", "nope"]),
    extra=st.dictionaries(KEYS, VALUES, max_size=2),
)
def test_exit_on_any_event(
    tmp_path_factory: Any, kind: str, amount: Any, programme: str, extra: dict[str, Any]
) -> None:
    case = {
        "programme": "fooland.team",
        "award": {"programme": programme, "paid": [{"item": "x", "amount": amount}]},
        "event": {"kind": kind, "date": "2026-01-05", **extra},
    }
    try:
        path = json_file(tmp_path_factory.mktemp("exit"), case)
    except ValueError:
        return
    clean(run("exit", str(path)))


@SETTINGS
@given(
    rows=st.lists(
        st.fixed_dictionaries(
            {"subject": st.one_of(st.sampled_from(["a", "b"]), VALUES)},
            optional={
                "proposed": st.one_of(st.sampled_from(["excellent", "x"]), VALUES),
                "score": st.one_of(NUMBERS, st.text(max_size=5), VALUES),
            },
        ),
        max_size=6,
    )
)
def test_grade_on_any_cohort(tmp_path_factory: Any, rows: list[dict[str, Any]]) -> None:
    try:
        path = json_file(tmp_path_factory.mktemp("grade"), {"subject": rows}, "cohort.json")
    except ValueError:
        return
    clean(run("grade", "fooland.team", str(path), "--as-of", "2026-10-20"))


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(
    lines=st.lists(
        st.one_of(
            PROFILES.map(lambda d: json.dumps(d, default=str)),
            st.text(max_size=30).filter(lambda x: "\n" not in x and "\r" not in x),
            st.just(json.dumps(EXAMPLE, default=str)),
        ),
        min_size=1,
        max_size=8,
    ),
    fmt=st.sampled_from(["jsonl", "csv"]),
)
def test_batch_loses_no_row(tmp_path_factory: Any, lines: list[str], fmt: str) -> None:
    from talentkit.batch import BatchError, screen

    tmp = tmp_path_factory.mktemp("batch")
    src = tmp / f"in.{fmt}"
    if fmt == "csv":
        body = "id,person.birth_date,person.core\n" + "".join(
            f"{i},{line[:10].replace(',', ' ')},{line[-4:].replace(',', ' ')}\n"
            for i, line in enumerate(lines)
        )
        expected = len(lines)
    else:
        body = "".join(x + "\n" for x in lines)
        expected = sum(1 for x in lines if x.strip())
    src.write_text(body, encoding="utf-8", newline="")
    try:
        s = screen(
            engine(),
            src,
            tmp / "out.jsonl",
            as_of=__import__("datetime").date(2026, 10, 20),
            errors_path=tmp / "err.jsonl",
            workers=1,
        )
    except BatchError:
        return  # a run error before any row: nothing written, nothing half-done
    assert s.balanced
    assert s.rows_read == s.rows_assessed + s.error_rows
    if fmt == "jsonl":
        assert s.rows_read == expected
    errors = [json.loads(x) for x in (tmp / "err.jsonl").read_text(encoding="utf-8").splitlines()]
    assert all(e["path"].startswith("$") for e in errors)


@SETTINGS
@given(
    programmes=st.one_of(st.none(), st.text(max_size=15), st.lists(st.text(max_size=15)), VALUES),
    as_of=st.one_of(st.none(), st.text(max_size=12), st.dates().map(str), st.dates(), NUMBERS),
)
def test_library_arguments(programmes: Any, as_of: Any) -> None:
    from talentkit import ProgrammeNotFound

    case = engine().load(EXAMPLE)
    message = ""
    try:
        engine().assess(case, programmes, as_of=as_of)
    except TypeError as exc:
        message = str(exc)
        assert message.startswith(("programmes:", "as_of:")), message
    except ProgrammeNotFound as exc:
        message = str(exc)
    assert not message or "programme" in message or message.startswith("as_of:")


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(key=st.text(min_size=1, max_size=12))
def test_batch_error_records_name_any_key_whole(tmp_path_factory: Any, key: str) -> None:
    """An undeclared fact under any key (spaces, quotes, `` @ $``…) is reported with the
    key's exact path, the message whole."""
    from talentkit.batch import screen
    from talentkit.textio import member

    tmp = tmp_path_factory.mktemp("keys")
    src = tmp / "in.jsonl"
    src.write_text(json.dumps({"id": "k", "facts": {key: 1}}) + "\n", encoding="utf-8")
    s = screen(
        engine(),
        src,
        tmp / "out.jsonl",
        programmes=["fooland.team"],
        as_of=__import__("datetime").date(2026, 10, 20),
        errors_path=tmp / "err.jsonl",
        workers=1,
    )
    assert (s.rows_read, s.error_rows) == (1, 1)
    (error,) = [json.loads(x) for x in (tmp / "err.jsonl").read_text(encoding="utf-8").splitlines()]
    assert error["path"] == member("$.facts", key)
    assert error["message"].startswith(f"undeclared fact {key!r}")


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(noise=st.binary(min_size=1, max_size=6), where=st.integers(0, 2))
def test_batch_reads_a_utf16_file_with_bad_bytes_row_by_row(
    tmp_path_factory: Any, noise: bytes, where: int
) -> None:
    """Bad bytes in one row of a UTF-16 file never stop the run: rows in = results + errors."""
    from talentkit.batch import screen

    tmp = tmp_path_factory.mktemp("utf16")
    rows = [(f"r{i},1980-01-0{i + 1},true\n").encode("utf-16-le") for i in range(3)]
    rows[where] = rows[where][:2] + noise + rows[where][2:]
    src = tmp / "in.csv"
    src.write_bytes(
        b"\xff\xfe" + "id,person.birth_date,person.core\n".encode("utf-16-le") + b"".join(rows)
    )
    s = screen(
        engine(),
        src,
        tmp / "out.jsonl",
        programmes=["fooland.team"],
        as_of=__import__("datetime").date(2026, 10, 20),
        errors_path=tmp / "err.jsonl",
        workers=1,
    )
    assert s.balanced
    assert s.rows_read == s.rows_assessed + s.error_rows
