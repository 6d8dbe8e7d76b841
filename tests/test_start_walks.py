"""What a command's start computes more cheaply gives what the plain way gives: the walks
of the declaration checks and of the input keys, the attrs cache's key, the ``--as-of``
date."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterator
from typing import Any

import attrs
import click
import pytest

from talentkit import _bytecode, fundingtext
from talentkit.cli._common import _Day
from talentkit.declarations import check_programme, owned_params
from talentkit.engine import Engine
from talentkit.facts import record_fields
from talentkit.fundingtext import programme_keys, summary_problems
from talentkit.inputkeys import rules_in
from talentkit.rules import Compare, Rule
from talentkit.rules.refs import P
from talentkit.text import Citation, Text

ENGINE = Engine.create()
PROGRAMMES = list(ENGINE.registry.programmes.values())


def _plain_params(obj: Any, seen: set[int]) -> Iterator[str]:
    """The parameter walk as written first: a generator per level, every value tested."""
    if isinstance(obj, (Text, Citation, str, int, float, bool, bytes, dt.date, type(None))):
        return
    if id(obj) in seen:
        return
    seen.add(id(obj))
    if isinstance(obj, P):
        yield obj.key
    elif isinstance(obj, Rule):
        yield from dict.fromkeys(_plain_rule_params(obj))
    elif attrs.has(type(obj)):
        for f in attrs.fields(type(obj)):
            if f.name != "sources":
                yield from _plain_params(getattr(obj, f.name), seen)
    elif isinstance(obj, (list, tuple)):
        for x in obj:
            yield from _plain_params(x, seen)
    elif isinstance(obj, dict):
        for x in obj.values():
            yield from _plain_params(x, seen)


def _plain_rule_params(rule: Rule) -> Iterator[str]:
    yield from rule.param_keys()
    for child in rule.children():
        yield from _plain_rule_params(child)


def _plain_owned(prog: Any) -> list[tuple[str, str]]:
    out = []
    for group in (
        prog.rules,
        prog.relaxations,
        prog.funding,
        prog.exits,
        prog.scoring,
        prog.procedure,
    ):
        for decl in group:
            out += [(getattr(decl, "id", ""), k) for k in _plain_params(decl, set())]
    for name in ("grading", "enabled", "valid_from", "valid_to", "reference"):
        out += [(name, k) for k in _plain_params(getattr(prog, name), set())]
    return out


def test_the_parameter_walk_finds_every_key_in_order() -> None:
    for prog in PROGRAMMES:
        assert list(owned_params(prog)) == _plain_owned(prog), prog.id


def test_the_summary_check_reads_the_walk_it_is_given_as_its_own() -> None:
    declared = ENGINE.params.by_key.__contains__
    for prog in PROGRAMMES:
        fundingtext._PROGRAMME_KEYS.pop(id(prog), None)
        alone = summary_problems(prog, declared)
        keys = programme_keys(prog)
        fundingtext._PROGRAMME_KEYS.pop(id(prog), None)
        given = summary_problems(prog, declared, owned_params(prog))
        assert given == alone, prog.id
        assert programme_keys(prog) == keys == list(dict.fromkeys(k for _, k in owned_params(prog)))
    # a programme whose summary names a key it does not read is still reported
    prog = attrs.evolve(PROGRAMMES[0], summary=Text("{no_such_key}", "{no_such_key}"))
    findings, _ = check_programme(prog, ENGINE.registry.facts, ENGINE.params)
    assert any("summary: {no_such_key} names no parameter" in f.problem for f in findings)


def _checked(progs: list[Any], answers: dict[Any, Any] | None) -> list[Any]:
    facts, store = ENGINE.registry.facts, ENGINE.params
    return [check_programme(p, facts, store, None, {}, answers) for p in progs]


def test_declarations_programmes_share_are_checked_once_and_reported_for_each() -> None:
    answers: dict[Any, Any] = {}
    # the same findings and facts read, in the same order, as each programme checked alone
    assert _checked(PROGRAMMES, answers) == _checked(PROGRAMMES, None)
    assert answers  # the shared declarations were answered once
    # a defect in a rule two programmes hold is reported for both, its reads for both
    rule = PROGRAMMES[0].rules[0]
    bad = attrs.evolve(rule, id="shared_defect", text=Text("{no_such_key}", "{no_such_key}"))
    reads = Compare(fact="person.facts.no_such_fact", op="==", value=True, id="shared_read")
    reads = attrs.evolve(reads, cite=rule.cite, text=rule.text)
    two = [attrs.evolve(p, rules=(bad, reads, *p.rules[1:])) for p in PROGRAMMES[:2]]
    for findings, _ in _checked(two, {}):
        problems = [f.problem for f in findings]
        assert any("shared_defect text: {no_such_key} names no parameter" in p for p in problems)
        assert any("shared_read reads 'person.facts.no_such_fact'" in p for p in problems)


def _plain_rules_in(obj: Any, seen: set[int]) -> Iterator[Rule]:
    """The input-key walk as written first: every value tested as it is met."""
    leaves = (str, int, float, bytes, dt.date, type(None), Text, Citation)
    stack = [obj]
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, Rule):
            yield obj
        if isinstance(obj, (list, tuple)):
            parts: Any = obj
        elif isinstance(obj, dict):
            parts = obj.values()
        else:
            parts = [getattr(obj, name) for name in record_fields(type(obj)) or ()]
        stack += reversed([p for p in parts if not isinstance(p, leaves)])


def test_the_input_key_walk_meets_every_rule_in_order() -> None:
    fast: set[int] = set()
    plain: set[int] = set()
    for prog in PROGRAMMES:  # seen shared across programmes, as input_keys shares it
        expected = [id(r) for r in _plain_rules_in(prog, plain)]
        assert [id(r) for r in rules_in(prog, fast)] == expected, prog.id
    assert fast <= plain  # the plain walk also steps into references (P, F): no rule there


def test_the_cache_key_leaves_out_the_first_salt_exactly_as_the_pattern_would() -> None:
    def by_pattern(script: str) -> str:
        return _bytecode._SALT.sub(r"\1SALT,", script, count=1)

    scripts = [
        "def __hash__(self):\n    return hash((\n        -1234,\n        self.a,\n    ))",
        "return hash((x, 1,)) and return hash((  -12,\n",  # only the second one is a salt
        "return hash((return hash(( 5,",
        "return hash((-,",
        "return hash((12",
        "no hash here",
        "",
    ]
    rng = random.Random(7)
    parts = ["return hash((", " ", "\n", "-", "1", "23", ",", "x"]
    scripts += ["".join(rng.choice(parts) for _ in range(rng.randint(0, 12))) for _ in range(3000)]
    for script in scripts:
        assert _bytecode._key("f", script) == ("f", by_pattern(script)), script


def _by_strptime(value: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        return None


DAYS = [
    "2026-10-20",
    "2026-1-5",
    "2026-01-05",
    "2026-1- 5",
    "2024-02-29",
    "2023-02-29",
    "2026-02-30",
    "2026-13-01",
    "2026-00-10",
    "2026-10-00",
    "2026-10-32",
    "2026-10-200",
    "26-10-20",
    "2026-10-20 ",
    " 2026-10-20",
    "2026/10/20",
    "0000-01-01",
    "0001-01-01",
    "9999-12-31",
    "２０２６-10-20",  # other scripts' digits, which strptime's pattern accepts as well
    "",
]


@pytest.mark.parametrize("value", DAYS)
def test_as_of_reads_a_date_as_strptime_does(value: str) -> None:
    day = _Day(["%Y-%m-%d"])
    assert day._try_to_convert_date(value, "%Y-%m-%d") == _by_strptime(value)
    if _by_strptime(value) is None:
        with pytest.raises(click.BadParameter, match=re.escape(f"{value!r} does not match")):
            day.convert(value, None, None)
    else:
        assert day.convert(value, None, None) == _by_strptime(value)


def test_as_of_reads_random_dates_as_strptime_does() -> None:
    day = _Day(["%Y-%m-%d"])
    rng = random.Random(3)
    for _ in range(5000):
        value = "20" + "".join(rng.choice("0123 -19") for _ in range(rng.randint(4, 8)))
        assert day._try_to_convert_date(value, "%Y-%m-%d") == _by_strptime(value), value


def _plain_refs(obj: Any, want: type, stop: tuple[type, ...], out: list[Any]) -> list[Any]:
    """The fact-reference and own-key walks as written first: a call per value, every value
    tested as it is met."""
    if isinstance(obj, want):
        out.append(obj)
    elif isinstance(obj, stop):
        pass
    elif attrs.has(type(obj)):
        for f in attrs.fields(type(obj)):
            _plain_refs(getattr(obj, f.name), want, stop, out)
    elif isinstance(obj, (list, tuple)):
        for x in obj:
            _plain_refs(x, want, stop, out)
    return out


def test_the_fact_and_own_key_walks_find_every_reference_in_order() -> None:
    from talentkit.declarations import _fact_refs
    from talentkit.fundingtext import own_keys
    from talentkit.rules.refs import F

    walked = 0
    for prog in PROGRAMMES:
        for decl in (*prog.funding, *prog.exits, *prog.scoring, *prog.procedure):
            facts = _plain_refs(decl, F, (Rule, Text, Citation, str), [])
            assert _fact_refs(decl) == [f.path for f in facts], decl
            keys = _plain_refs(decl, P, (Rule, Text, Citation, str), [])
            assert own_keys(decl) == list(dict.fromkeys(p.key for p in keys)), decl
            walked += bool(facts or keys)
    assert walked > 20  # declarations that do hold references
