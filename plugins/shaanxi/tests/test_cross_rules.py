"""The rules one Shaanxi measure adds to another's programmes, built once per kind."""

from __future__ import annotations

import talentkit_shaanxi.cross as cross
import talentkit_shaanxi.qianren as qianren
import talentkit_shaanxi.sanqin as sanqin
import talentkit_shaanxi.tezhi as tezhi

from talentkit import Count, OneOf, Rule, When


def _guarded(rule: Rule) -> tuple[str, ...]:
    """The programmes whose active selections the no-double-funding guard counts."""
    assert isinstance(rule, When)
    count = rule.then.rules[0]  # type: ignore[attr-defined]
    assert isinstance(count, Count)
    where = count.where.rules[0]  # type: ignore[union-attr]
    assert isinstance(where, OneOf)
    return tuple(where.values)  # type: ignore[arg-type]


def test_each_programme_s_guard_counts_the_other_families_only() -> None:
    families = {
        "qianren": tuple(p.id for p in qianren.PROGRAMMES),
        "tezhi": tezhi.ALL_IDS,
        "sanqin": sanqin.ALL_IDS,
    }
    guards = {}
    for family, ids in families.items():
        others = tuple(p for f, i in families.items() if f != family for p in i)
        for programme in (*qianren.PROGRAMMES, *tezhi.PROGRAMMES, *sanqin.PROGRAMMES):
            if programme.id not in ids:
                continue
            guard = cross.no_double_funding(programme)
            assert guard is not None
            assert _guarded(guard) == others, programme.id
            # one rule object per family, equal to the one built anew for it
            assert guards.setdefault(family, guard) is guard
            assert guard == cross._guard.__wrapped__(others)
    assert len({id(g) for g in guards.values()}) == 3


def test_the_gates_added_are_those_built_anew() -> None:
    for programme in (*tezhi.PROGRAMMES, *sanqin.PROGRAMMES):
        added = cross.extra_rules(programme)
        again = cross.extra_rules(programme)
        assert [r.id for r in added] == [r.id for r in again]
        assert all(a is b for a, b in zip(added, again, strict=True))
    fresh = {
        "shaanxi.tezhi.common.sanqin_gate": cross._sanqin_gate.__wrapped__(),
        "shaanxi.sanqin.cross.leader_no_tezhi": cross._leader_gate.__wrapped__(),
        "shaanxi.tezhi.common.qianren_gate": qianren.onward_tezhi_gate(
            "shaanxi.tezhi.common.qianren_gate"
        ),
    }
    seen = set()
    for programme in (*tezhi.PROGRAMMES, *sanqin.PROGRAMMES):
        for rule in cross.extra_rules(programme):
            if rule.id in fresh:
                assert rule == fresh[rule.id]
                seen.add(rule.id)
    assert seen == fresh.keys()
