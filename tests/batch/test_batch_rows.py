"""Batch rows that must stay rows: a bad byte in a UTF-16 file, a key with spaces in an
error record, and ``--assume-calendar`` reaching the funding lines run case by case."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from talentkit import (
    AllOf,
    Citation,
    Compare,
    Custom,
    Engine,
    Fixed,
    Money,
    Programme,
    Text,
    WorkdaysWithin,
    hookimpl,
)
from talentkit.batch import screen
from talentkit.batch.evaluate import plan_programme
from talentkit.batch.schema import profile_schema

AS_OF = dt.date(2026, 10, 20)


def run(
    engine: Engine, src: Path, tmp_path: Path, progs: list[str], **kw: Any
) -> tuple[Any, list[dict[str, Any]], list[dict[str, Any]]]:
    out, err = tmp_path / "out.jsonl", tmp_path / "err.jsonl"
    kw.setdefault("workers", 1)
    s = screen(engine, src, out, programmes=progs, as_of=AS_OF, errors_path=err, **kw)
    errors = [json.loads(line) for line in err.read_text(encoding="utf-8").splitlines()]
    rows = pl.read_ndjson(out).to_dicts() if out.stat().st_size else []
    return s, rows, errors


# -- a bad byte in a UTF-16 file ----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_a_bad_utf16_unit_is_an_error_row_with_its_line(
    engine: Engine, tmp_path: Path, fmt: str
) -> None:
    if fmt == "csv":
        lines = ["id,person.birth_date", "a,1980-01-01", "b,1981-02-03", "c,1982-03-04"]
    else:
        lines = [
            json.dumps({"id": x, "person": {"birth_date": d}})
            for x, d in (("a", "1980-01-01"), ("b", "1981-02-03"), ("c", "1982-03-04"))
        ]
    encoded = [(line + "\n").encode("utf-16-le") for line in lines]
    # a lone low surrogate (0xDC00) in the middle of the row of "b"
    bad = 2 if fmt == "csv" else 1
    encoded[bad] = encoded[bad][:2] + b"\x00\xdc" + encoded[bad][2:]
    src = tmp_path / f"in.{fmt}"
    src.write_bytes(b"\xff\xfe" + b"".join(encoded))
    s, rows, errors = run(engine, src, tmp_path, ["fooland.team"])
    assert s.rows_read == 3
    assert s.rows_read == s.rows_assessed + s.error_rows
    assert [e["row"] for e in errors] == [bad + 1]
    assert "not valid text" in errors[0]["message"]
    assert sorted(r["subject_id"] for r in rows) == ["a", "c"]


# -- error records keep a quoted key whole ------------------------------------------------------


@pytest.mark.parametrize("key", ["my field", "a; b", "x @ $.y", "it's"])
def test_a_key_with_spaces_is_reported_whole(engine: Engine, tmp_path: Path, key: str) -> None:
    src = tmp_path / "in.jsonl"
    rows = [{"id": "a", "facts": {key: 1}}, {"id": "b", "person": {key: 1}}]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    s, _, errors = run(engine, src, tmp_path, ["fooland.team"])
    assert (s.rows_read, s.error_rows) == (2, 2)
    fact, field = errors
    assert fact["path"] == f"$.facts[{key!r}]"
    assert fact["message"].startswith(f"undeclared fact {key!r}; no installed plugin")
    assert field["path"] == "$.person"
    assert field["message"].startswith(f"unknown field(s) {key!r}")


# -- --assume-calendar reaches funding lines run case by case ------------------------------------

CITE = Citation(document="FOO-1", article="第10条")
NOTICE_WITHIN = WorkdaysWithin(
    id="cal.notice",
    fact="facts.fooland.notice_end",
    start="facts.fooland.notice_start",
    days=5,
    count_start=True,
    cite=CITE,
    text=Text("公示5个工作日", "5 working days of notice"),
)


class CalendarLine:
    """A funding line paid when a notice lasted five working days (a predicate too, so the
    line is evaluated case by case)."""

    @hookimpl
    def talentkit_add_programmes(self) -> list[Programme]:
        return [
            Programme(
                id="cal.p",
                jurisdiction="fooland",
                document="FOO-1",
                subject="person",
                name=Text("工作日资金", "working-day money"),
                rules=[
                    Compare(
                        id="cal.core",
                        fact="person.core",
                        cite=CITE,
                        text=Text("核心成员", "core member"),
                    )
                ],
                funding=[
                    Fixed(
                        id="cal.grant",
                        payee="person",
                        amount=Money.yuan(100),
                        condition=AllOf(
                            rules=(
                                NOTICE_WITHIN,
                                Custom(
                                    facts=["person.core"],
                                    predicate=lambda v: v["person.core"] is True,
                                    cite=CITE,
                                ),
                            )
                        ),
                        cite=CITE,
                        text=Text("资助", "grant"),
                    )
                ],
            )
        ]


def test_assume_calendar_reaches_funding_lines_run_case_by_case(tmp_path: Path) -> None:
    engine = Engine.create([("cal", CalendarLine())], entry_points=False)
    assert engine.problems == []
    plan = plan_programme(
        engine,
        engine.programme("cal.p"),
        schema=profile_schema(engine.registry.facts),
        store=engine.params,
        as_of=AS_OF,
    )
    assert "funding:cal.grant" in plan.fallback  # the line runs case by case
    case = {
        "id": "late",
        "person": {"core": True},
        "facts": {"fooland.notice_start": "2190-10-08", "fooland.notice_end": "2190-10-12"},
    }
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(case) + "\n", encoding="utf-8")
    s, rows, errors = run(engine, src, tmp_path, ["cal.p"])
    assert (s.rows_read, s.error_rows) == (1, 1)
    assert "--assume-calendar" in errors[0]["message"]
    s, rows, errors = run(engine, src, tmp_path, ["cal.p"], assume_calendar=True)
    assert (s.rows_assessed, errors) == (1, [])
    expected = engine.assess(engine.load(case), ["cal.p"], as_of=AS_OF, assume_calendar=True)
    total = expected.assessments[0].funding
    assert total is not None
    assert total.total == Money.yuan(100)
    assert rows[0]["funding_total_fen"] == 10_000
    assert rows[0]["funding_complete"] is True
