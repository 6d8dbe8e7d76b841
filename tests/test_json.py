"""Results as JSON: parseable, ISO dates, exact fractions as "p/q", stable keys, integers."""

from __future__ import annotations

import copy
import datetime as dt
import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from talentkit import Engine, Period, to_json, unstructure
from talentkit.convert import read_document
from talentkit.facts import MISSING

AS_OF = dt.date(2026, 10, 20)
EXAMPLE = read_document(Path(__file__).parent / "fooland" / "example.toml")


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.create(entry_points=False)


@pytest.fixture(scope="module")
def report(engine: Engine) -> dict[str, Any]:
    raw = copy.deepcopy(EXAMPLE)
    raw["team"]["leader"]["gender"] = None
    raw["team"]["leader"]["birth_date"] = dt.date(1980, 3, 1)
    r = engine.assess(
        engine.load(raw),
        ["fooland.team"],
        as_of=AS_OF,
        overrides={"fooland.team.grant": 3_000_000_000},
    )
    data: dict[str, Any] = json.loads(to_json(r))
    return data


def checks(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["rule_id"]: c for c in report["assessments"][0]["checks"]}


def test_stable_keys(report: dict[str, Any]) -> None:
    assert set(report) == {"subject", "as_of", "assessments", "schema_version"}
    a = report["assessments"][0]
    assert set(a) == {
        "programme",
        "name",
        "jurisdiction",
        "document",
        "document_status",
        "as_of",
        "verdict",
        "checks",
        "missing",
        "review",
        "failed",
        "waived",
        "scoring",
        "funding",
        "procedure",
        "siblings",
        "notes",
        "overrides",
        "error",
    }
    assert set(a["checks"][0]) == {
        "rule_id",
        "status",
        "text",
        "citation",
        "detail",
        "read",
        "missing",
        "review",
        "hints",
        "plugin",
        "waiver",
        "children",
    }
    assert set(a["checks"][1]["citation"]) == {"document", "article", "key", "item", "quote"}
    assert set(a["funding"]) == {
        "programme",
        "lines",
        "obligations",
        "total",
        "complete",
        "notes",
        "plugin",
        "pending_total",
        "caps",
        "titles",
    }
    assert set(a["funding"]["lines"][0]) == {
        "item",
        "payee",
        "amount",
        "status",
        "basis",
        "citation",
        "instalment",
        "year",
        "tax",
        "missing",
        "problem",
        "paid_after",
        "paid_after_citation",
        "awaiting",
        "payable_from",
    }
    assert set(a["name"]) == {"zh", "en"}


def test_values_are_plain_json(report: dict[str, Any]) -> None:
    a = report["assessments"][0]
    assert report["as_of"] == "2026-10-20"
    assert report["subject"] == "team-ok"
    assert a["verdict"] == "undetermined"
    assert a["missing"] == ["team.leader.gender"]
    leader = checks(report)["fooland.team.leader_age"]
    assert leader["status"] == "unknown"
    assert leader["read"]["team.leader.birth_date"] == "1980-03-01"
    assert leader["read"]["application.call_notice_date"] == "2026-03-01"
    assert leader["read"]["team.leader.gender"] is None  # missing is null, not a sentinel
    share = checks(report)["fooland.team.young_share"]
    assert share["read"]["share required"] == "1/3"
    assert share["read"]["qualifying"] == 2
    assert checks(report)["fooland.team.agreement"]["read"][
        "attestations.fooland.team.agreement"
    ] == {"value": True, "by": "host office", "on": "2026-03-10"}


def test_integers_stay_integers(report: dict[str, Any]) -> None:
    # an undetermined case still shows the money it would get
    f = report["assessments"][0]["funding"]
    assert f["total"] == {"fen": 600_000_000_000, "yuan": "6000000000"}
    assert type(f["total"]["fen"]) is int
    assert all(
        type(x["amount"]["fen"]) is int and type(x["amount"]["yuan"]) is str
        for x in f["lines"]
        if x["status"] == "determined"
    )
    assert all(type(x["year"]) is int for x in f["lines"] if x["year"] is not None)


def test_money_and_fractions(engine: Engine) -> None:
    raw = copy.deepcopy(EXAMPLE)
    r = engine.assess(
        engine.load(raw),
        ["fooland.team"],
        as_of=AS_OF,
        overrides={"fooland.team.grant": 3_000_000_000},
    )
    data = json.loads(to_json(r))
    f = data["assessments"][0]["funding"]
    assert f["total"] == {"fen": 600_000_000_000, "yuan": "6000000000"}
    assert [(x["year"], x["amount"]["fen"]) for x in f["lines"][:2]] == [
        (2026, 300_000_000_000),
        (2027, 300_000_000_000),
    ]
    assert f["obligations"][0]["required"] == {"fen": 300_000_000_000, "yuan": "3000000000"}
    assert data["assessments"][0]["scoring"][0]["points"] == "1"
    assert data["assessments"][0]["overrides"] == {"fooland.team.grant": "3000000000"}


def test_unstructure_primitives() -> None:
    assert unstructure(Fraction(2, 6)) == "1/3"
    assert unstructure(Fraction(3)) == "3"
    assert unstructure(Period(years=2)) == "P2Y"
    assert unstructure(dt.date(2024, 2, 29)) == "2024-02-29"
    assert unstructure({"a": MISSING, "b": [Fraction(1, 2), dt.date(2026, 1, 1)]}) == {
        "a": None,
        "b": ["1/2", "2026-01-01"],
    }
    assert unstructure(2**63 + 1) == 2**63 + 1


def test_round_trip_is_deterministic(engine: Engine) -> None:
    profile = engine.load(copy.deepcopy(EXAMPLE))
    one = to_json(engine.assess(profile, ["fooland.team"], as_of=AS_OF))
    two = to_json(engine.assess(profile, ["fooland.team"], as_of=AS_OF))
    assert one == two
    assert json.loads(
        to_json(engine.assess(profile, ["fooland.team"], as_of=AS_OF), indent=None)
    ) == json.loads(one)


def test_profile_round_trip(engine: Engine) -> None:
    profile = engine.load(copy.deepcopy(EXAMPLE))
    again = engine.load(json.loads(to_json(profile)))
    assert again == profile


def _validate(value: Any, schema: dict[str, Any], root: dict[str, Any], path: str) -> list[str]:
    """A small validator for the subset of JSON Schema the profile schema uses."""
    if "$ref" in schema:
        return _validate(value, root["$defs"][schema["$ref"].rsplit("/", 1)[1]], root, path)
    if "anyOf" in schema:
        results = [_validate(value, s, root, path) for s in schema["anyOf"]]
        return [] if any(not r for r in results) else min(results, key=len)
    errors: list[str] = []
    kind = schema.get("type")
    if "enum" in schema and value not in schema["enum"]:
        return [f"{path}: {value!r} not in enum"]
    if kind == "null":
        return [] if value is None else [f"{path}: expected null"]
    if kind == "object":
        if not isinstance(value, dict):
            return [f"{path}: expected object"]
        props = schema.get("properties", {})
        for key, item in value.items():
            if key in props:
                errors += _validate(item, props[key], root, f"{path}.{key}")
            elif schema.get("additionalProperties") is False:
                errors.append(f"{path}: unexpected {key}")
            elif isinstance(schema.get("additionalProperties"), dict):
                errors += _validate(item, schema["additionalProperties"], root, f"{path}.{key}")
        errors += [f"{path}: missing {k}" for k in schema.get("required", []) if k not in value]
    elif kind == "array":
        if not isinstance(value, list):
            return [f"{path}: expected array"]
        for i, item in enumerate(value):
            errors += _validate(item, schema.get("items", {}), root, f"{path}[{i}]")
    elif kind == "string":
        if not isinstance(value, str):
            return [f"{path}: expected string"]
        if schema.get("format") == "date":
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                errors.append(f"{path}: not a date")
    elif kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            errors.append(f"{path}: expected integer")
    elif kind == "boolean" and not isinstance(value, bool):
        errors.append(f"{path}: expected boolean")
    return errors


def test_schema_accepts_what_the_parser_accepts(engine: Engine) -> None:
    from talentkit.convert import json_schema

    schema = json_schema(engine.registry.facts.values())
    profile = json.loads(json.dumps(EXAMPLE, default=str))
    assert _validate(profile, schema, schema, "$") == []
    engine.load(profile)
    for bad, where in [
        ({"person": {"nmae": "x"}}, "$.person: unexpected nmae"),
        ({"facts": {"nope": 1}}, "$.facts: unexpected nope"),
        ({"facts": {"fooland.field": "farming"}}, "$.facts.fooland.field"),
        ({"team": {"members": [{"core": "yes"}]}}, "$.team.members[0].core"),
    ]:
        errors = _validate(bad, schema, schema, "$")
        assert any(e.startswith(where) for e in errors), (bad, errors)


def test_indented_json_is_what_json_dumps_writes() -> None:
    """``to_json`` lays out the text itself; it must equal ``json.dumps(indent=...)``."""
    import json

    from talentkit.convert import _indented

    class Tagged(str):
        pass

    samples: list[object] = [
        {},
        [],
        {"a": [], "b": {}, "c": [[[]]]},
        [1, 2.5, None, True, False, 'quote " and \\ back', "中文\n\u2028\x00", {"k": {}}],
        {7: 2, None: 3, 2.5: "z", True: 1, False: 0},
        "s",
        3,
        10**30,
        float("nan"),
        [float("inf"), float("-inf"), -0.0, 1e300, 0.1],
        (1, (2,)),
        {Tagged("k"): Tagged("v")},
    ]
    for sample in samples:
        for indent in (1, 2, 4):
            assert _indented(sample, " " * indent) == json.dumps(
                sample, ensure_ascii=False, indent=indent
            ), sample
