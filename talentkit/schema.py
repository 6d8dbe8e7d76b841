"""JSON Schema of the input, generated from the attrs models and the declared facts."""

from __future__ import annotations

import datetime as dt
import types
import typing
from typing import Any, Literal, Union

import attrs

from talentkit import subjects
from talentkit.facts import FactSpec
from talentkit.money import Money

MONEY_SCHEMA: dict[str, Any] = {
    "description": "an amount in yuan, exact to the fen: at most two decimals",
    "anyOf": [
        {"type": "integer"},
        {"type": "number", "multipleOf": 0.01},
        {"type": "string", "pattern": r"^-?\d+(\.\d{1,2})?$"},
        {
            "type": "object",
            "properties": {"fen": {"type": "integer"}, "yuan": {"type": "string"}},
            "required": ["fen"],
            "additionalProperties": False,
        },
    ],
}
_FACT_TYPES: dict[str, dict[str, Any]] = {
    "bool": {"type": "boolean"},
    "int": {"type": "integer"},
    "yuan": MONEY_SCHEMA,
    "decimal": {
        "description": "an exact decimal number",
        "anyOf": [{"type": "number"}, {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"}],
    },
    "str": {"type": "string"},
    "date": {"type": "string", "format": "date"},
    "fraction": {"type": "string", "pattern": r"^\d+(/\d+|%)?$"},
    "list": {"type": "array", "items": {"type": "string"}},
    "dates": {"type": "array", "items": {"type": "string", "format": "date"}},
}


def _type_schema(tp: Any, defs: dict[str, Any], facts: dict[str, list[FactSpec]]) -> Any:
    origin = typing.get_origin(tp)
    if tp is Any:
        return {}
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        inner = (
            _type_schema(args[0], defs, facts)
            if len(args) == 1
            else {"anyOf": [_type_schema(a, defs, facts) for a in args]}
        )
        return {"anyOf": [inner, {"type": "null"}]}
    if origin is Literal:
        return {"enum": list(typing.get_args(tp))}
    if origin is list:
        return {"type": "array", "items": _type_schema(typing.get_args(tp)[0], defs, facts)}
    if origin is dict:
        return {
            "type": "object",
            "additionalProperties": _type_schema(typing.get_args(tp)[1], defs, facts),
        }
    if tp is dt.date:
        return {"type": "string", "format": "date"}
    if tp is Money:
        return MONEY_SCHEMA
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is str:
        return {"type": "string"}
    if attrs.has(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}
            defs[name] = _class_schema(tp, defs, facts)
        return {"$ref": f"#/$defs/{name}"}
    return {}


_SCOPE_OF = {
    "Profile": "profile",
    "Person": "person",
    "Organisation": "organisation",
    "Team": "team",
    "Application": "application",
    "Award": "award",
    "Event": "event",
}


def _class_schema(
    cls: type, defs: dict[str, Any], facts: dict[str, list[FactSpec]]
) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    props: dict[str, Any] = {}
    required = []
    for f in attrs.fields(cls):
        if f.name == "facts" and cls.__name__ in _SCOPE_OF:
            declared = facts.get(_SCOPE_OF[cls.__name__], [])
            props["facts"] = {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    s.name: {
                        **_FACT_TYPES[s.type],
                        **({"enum": list(s.values)} if s.values and s.type == "str" else {}),
                        "description": f"{s.text.zh} / {s.text.en}",
                    }
                    for s in declared
                },
            }
            continue
        props[f.name] = _type_schema(hints[f.name], defs, facts)
        if f.default is attrs.NOTHING:
            required.append(f.name)
    schema: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": props}
    if cls.__doc__:
        schema["description"] = cls.__doc__.strip().splitlines()[0]
    if required:
        schema["required"] = required
    return schema


def profile_schema(specs: list[FactSpec]) -> dict[str, Any]:
    by_scope: dict[str, list[FactSpec]] = {}
    for s in specs:
        by_scope.setdefault(s.scope, []).append(s)
    defs: dict[str, Any] = {}
    root = _class_schema(subjects.Profile, defs, by_scope)
    for cls in (subjects.Award, subjects.Event):
        _type_schema(cls, defs, by_scope)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://talentkit.org/schema/profile.json",
        "title": "talentkit profile",
        **root,
        "$defs": defs,
    }
