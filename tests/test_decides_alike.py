"""Preparing a programme's rules on first use: the rules deciding alike found field by
field, and the rules with a working-day count or custom predicate found by a walk that
reads each record's fields in one call. Both give what the plain way gives (copies of
the rules compared by ``==`` and ``repr``; :func:`talentkit.inputkeys.rules_in`) on every
installed rule and on the values where equal is not alike."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest

from talentkit import AllOf, AnyOf, Compare, Custom, Judgement, Not, OneOf, WorkdaysWithin
from talentkit.builtin import declared
from talentkit.engine import Engine
from talentkit.inputkeys import rules_in
from talentkit.rules import Rule
from talentkit.rules.plan import FIELDS
from talentkit.text import Text

PROGRAMMES = list(Engine.create().registry.programmes.values())
RULES = [r for p in PROGRAMMES for r in p.rules]


def _plain_pure(rule: Rule) -> bool:
    return not any(isinstance(r, (WorkdaysWithin, Custom)) for r in rules_in(rule, set()))


def _plain_decides_as(rule: Rule, met: list[tuple[Any, Rule, str]]) -> Rule | None:
    """``decides_as`` as written before: a copy without id, citation, text and softness,
    compared with ``==`` and its ``repr`` against every copy met before."""
    if type(rule) not in FIELDS or type(rule) is Judgement or not _plain_pure(rule):
        return None
    bare = attrs.evolve(rule, id="", cite=None, text=None, soft=False)
    shown = repr(bare)
    for other, first, written in met:
        if type(other) is type(bare) and written == shown and other == bare:
            return first
    met.append((bare, rule, shown))
    return rule


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(declared, "_DECIDING", {})
    monkeypatch.setattr(declared, "_PURE", {})
    monkeypatch.setattr(declared, "_KNOWN", {})


def test_every_installed_rule_decides_as_the_plain_way_finds(fresh: None) -> None:
    assert len(RULES) > 300
    met: list[tuple[Any, Rule, str]] = []
    found = [(declared.decides_as(r), _plain_decides_as(r, met)) for r in RULES]
    assert all(new is old for new, old in found)
    shared = [
        r for r, (new, _) in zip(RULES, found, strict=True) if new is not None and new is not r
    ]
    assert shared  # the installed programmes restate some clauses


def _first_use(programmes: list[Any]) -> list[tuple[bool, Rule | None]]:
    return [(declared._pure(r), declared.decides_as(r)) for p in programmes for r in p.rules]


def _fresh() -> None:
    for table in (declared._DECIDING, declared._PURE, declared._KNOWN):
        table.clear()


@pytest.mark.parametrize("order", [1, -1])
def test_rules_prepared_by_an_earlier_process_as_on_first_use(fresh: None, order: int) -> None:
    """What :func:`declared.preparation` keeps gives every installed rule the purity and
    the rule deciding alike that first use gives it: the first rule met in this process
    of its group, whichever order the programmes are prepared in."""
    found = declared.preparation(PROGRAMMES)
    programmes = PROGRAMMES[::order]
    _fresh()
    plain = _first_use(programmes)
    _fresh()
    declared.prepared(programmes, found)
    assert len(declared._KNOWN) == len({id(r) for r in RULES})
    kept = _first_use(programmes)
    assert all(a[0] is b[0] and a[1] is b[1] for a, b in zip(kept, plain, strict=True))
    rules = [r for p in programmes for r in p.rules]
    assert any(
        same is not None and same is not r for r, (_, same) in zip(rules, plain, strict=True)
    )
    assert not declared._DECIDING  # nothing was compared


def test_a_kept_preparation_that_does_not_fit_is_not_taken(fresh: None) -> None:
    found = declared.preparation(PROGRAMMES)
    first = PROGRAMMES[0]
    ids, flags = found[first.id]
    assert len(set(ids)) > 1
    _fresh()
    for wrong in (
        [ids[::-1], flags],  # another rule at a place
        [ids[:-1], flags[:-1]],
        [ids, [-1] * len(flags)],
        [ids, [True] * len(flags)],
        [ids],
        "damaged",
    ):
        declared.prepared([first], {first.id: wrong})
        assert not declared._KNOWN
    declared.prepared([first], "damaged")
    declared.prepared([first], {first.id: (ids, flags)})
    assert len(declared._KNOWN) == len({id(r) for r in first.rules})


def test_every_installed_rule_is_pure_as_the_plain_walk_finds(fresh: None) -> None:
    nested = [r for rule in RULES for r in rules_in(rule, set())]
    # inner rules first and last: a verdict kept for an inner rule is used by the walk
    for order in (RULES, nested, list(reversed(nested))):
        declared._PURE.clear()
        assert [declared._pure(r) for r in order] == [_plain_pure(r) for r in order]
    assert not all(_plain_pure(r) for r in nested)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (1, True),
        (1, 1.0),
        (0.0, -0.0),
        (Decimal("1"), Decimal("1.0")),
        (dt.date(2025, 1, 1), dt.datetime(2025, 1, 1)),
        ([1, 2], (1, 2)),
        ([1, Decimal("2")], [1, Decimal("2.0")]),
        ({"a": 1}, {"a": True}),
        (Fraction(1, 2), Decimal("0.5")),
    ],
)
def test_equal_values_written_differently_are_not_alike(one: Any, other: Any) -> None:
    rule = Compare(id="a.a", fact="facts.t.alike_value", op="==", value=one)
    again = Compare(id="a.b", fact="facts.t.alike_value", op="==", value=other)
    plain = one == other and repr(one) == repr(other)
    assert declared._alike(one, other) is plain
    assert declared._alike(rule.value, again.value) is plain
    assert not plain or one == other


@pytest.mark.parametrize(
    "value",
    [1, "x", None, Fraction(1, 3), Decimal("1.50"), 0.5, dt.date(2025, 1, 1), [1, (2, "3")]],
)
def test_equal_values_written_alike_are_alike(value: Any) -> None:
    import copy

    assert declared._alike(value, copy.deepcopy(value))


@attrs.frozen
class _Shown:
    """Equal by ``==`` (attrs), written by a ``repr`` of its own that shows more."""

    zh: str
    seen: int = attrs.field(eq=False)

    def __repr__(self) -> str:
        return f"_Shown({self.zh!r}, {self.seen})"


@attrs.frozen
class _Plain:
    zh: str
    n: Any


def test_records_are_walked_only_when_attrs_writes_their_eq_and_repr(fresh: None) -> None:
    assert declared._alike(_Plain("a", 1), _Plain("a", 1))
    assert not declared._alike(_Plain("a", 1), _Plain("a", True))
    assert declared._alike(Text("甲", "a"), Text("甲", "a"))
    # equal, but written apart: not alike, as the ``repr`` of the copies said
    assert _Shown("a", 1) == _Shown("a", 2)
    assert not declared._alike(_Shown("a", 1), _Shown("a", 2))
    assert declared._alike(_Shown("a", 1), _Shown("a", 1))


def test_rules_with_lists_are_found_by_their_hashable_fields(fresh: None) -> None:
    part = Compare(fact="facts.t.alike_list", op=">=", value=1)
    flag = Compare(fact="facts.t.alike_list", op=">=", value=True)
    first = AllOf(id="l.a", rules=[part, Not(rule=flag)])
    again = AllOf(id="l.b", rules=[part, Not(rule=flag)], text=Text("乙", "b"))
    apart = AllOf(id="l.c", rules=[part, Not(rule=part)])
    other = AnyOf(id="l.d", rules=[part, Not(rule=flag)])
    listed = OneOf(id="l.e", fact="facts.t.alike_list", values=["a", "b"])
    assert declared.decides_as(first) is first
    assert declared.decides_as(again) is first
    assert declared.decides_as(apart) is apart
    assert declared.decides_as(other) is other
    assert declared.decides_as(listed) is listed
    assert declared.decides_as(attrs.evolve(listed, id="l.f")) is listed
    assert declared.decides_as(attrs.evolve(listed, values=["a", "c"])) is not listed


def test_a_working_day_count_or_custom_predicate_anywhere_makes_a_rule_impure(
    fresh: None,
) -> None:
    notice = WorkdaysWithin(fact="facts.t.end", start="facts.t.start", days=5)
    custom = Custom(id="c", facts=["facts.t.n"], predicate=lambda values: True)
    inner = AllOf(rules=[Compare(fact="facts.t.n", op=">=", value=1), notice])
    assert declared._pure(Compare(fact="facts.t.n", op=">=", value=1))
    for rule in (
        inner,
        AnyOf(rules=[Not(rule=inner)]),
        AllOf(rules=[Compare(fact="facts.t.n", op=">=", value=1), custom]),
        AllOf(rules=[Compare(fact="facts.t.n", op=">=", value=1), Not(rule=custom)]),
    ):
        assert not declared._pure(rule)
        assert not _plain_pure(rule)
    # an inner rule's verdict kept first is used, for each outer rule its own
    declared._PURE.clear()
    assert not declared._pure(inner)
    outer = AllOf(rules=[inner])
    assert not declared._pure(outer)
    pure_inner = AllOf(rules=[Compare(fact="facts.t.n", op=">=", value=2)])
    assert declared._pure(pure_inner)
    assert not declared._pure(AllOf(rules=[pure_inner, notice]))
    assert declared._pure(AnyOf(rules=[pure_inner]))
