"""Keys in the input that name declared things: attestations, decisions and waivers.

A decision filed under a misspelt rule id would otherwise be ignored and the case stay
*needs review* with no word why; each such key is an error with a did-you-mean.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from fractions import Fraction
from operator import attrgetter
from typing import Any

import attrs

from talentkit.facts import record_fields
from talentkit.rules import Rule
from talentkit.rules.human import Attested, Judgement
from talentkit.rules.refs import F, P
from talentkit.text import Citation, Text
from talentkit.textio import member


@attrs.frozen
class InputKeys:
    """The keys the installed programmes read."""

    attestations: frozenset[str] = frozenset()
    decisions: frozenset[str] = frozenset()
    waivable: frozenset[str] = frozenset()
    rules: frozenset[str] = frozenset()


# values that hold no rule: not walked into (declarations hold thousands of them)
_LEAVES = (str, int, float, bytes, dt.date, Fraction, Decimal, type(None))
# records of strings only (a text, a citation, a reference), by exact type: the most
# numerous parts of a declaration
_STRING_RECORDS = frozenset({Text, Citation, P, F})
# both, by exact type (subclasses of the leaves are still found by isinstance)
_SKIPPED = _STRING_RECORDS | {str, int, float, bool, bytes, dt.date, dt.datetime, type(None)}


def rules_in(obj: Any, seen: set[int]) -> Iterator[Rule]:
    """Every rule anywhere in a declaration (eligibility, scoring, funding, exits…), in
    depth-first order; ``seen`` is shared across calls, so a rule several programmes use
    is walked once."""
    stack = [obj]
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        kind = type(obj)
        how = _HOW.get(kind) or _how(kind)
        if how[0]:
            yield obj
        fields = how[1]
        # a record's fields read in one call (attrgetter), sifted in one pass
        parts: Iterable[Any] = (obj.values() if how[2] else obj) if fields is None else fields(obj)
        inner = [p for p in parts if not (_SKIP.get(type(p)) or _skip(type(p)))]
        inner.reverse()  # popped first to last
        stack += inner


#: per type: whether it is a rule, a getter of the fields to step into as a tuple (None: a
#: list, tuple or dict) and whether it is a dict; decided once per type, the walk meets
#: thousands of values
_HOW: dict[type, tuple[bool, Callable[[Any], tuple[Any, ...]] | None, bool]] = {}
#: per type: whether a value of it holds no rule (never stepped into)
_SKIP: dict[type, bool] = {}


def _how(kind: type) -> tuple[bool, Callable[[Any], tuple[Any, ...]] | None, bool]:
    how: tuple[bool, Callable[[Any], tuple[Any, ...]] | None, bool]
    if issubclass(kind, (list, tuple)):
        how = (issubclass(kind, Rule), None, False)
    elif issubclass(kind, dict):
        how = (issubclass(kind, Rule), None, True)
    else:
        how = (issubclass(kind, Rule), _getter(record_fields(kind) or ()), False)
    _HOW[kind] = how
    return how


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The fields ``names`` of a record as a tuple, read in one call."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return lambda obj: ()


def _skip(kind: type) -> bool:
    # exact types first: issubclass against Fraction (whose metaclass is ABCMeta) is a
    # Python call
    skip = _SKIP[kind] = kind in _SKIPPED or issubclass(kind, _LEAVES)
    return skip


def input_keys(programmes: Iterable[Any]) -> InputKeys:
    """Collect the keys from programmes (:class:`talentkit.Programme`)."""
    attested: set[str] = set()
    judged: set[str] = set()
    waivable: set[str] = set()
    ids: set[str] = set()
    seen: set[int] = set()
    for prog in programmes:
        for rule in prog.rules:  # the builtin plugin honours waivers on top-level rules
            if rule.soft and rule.id:
                waivable.add(rule.id)
        for rule in rules_in(prog, seen):
            if rule.id:
                ids.add(rule.id)
            if isinstance(rule, Attested):
                attested.add(rule.key)
            if isinstance(rule, Judgement) and rule.id:
                judged.add(rule.id)
    return InputKeys(frozenset(attested), frozenset(judged), frozenset(waivable), frozenset(ids))


def _hint(key: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(key, sorted(known), n=3, cutoff=0.6)
    return f"; did you mean {', '.join(close)}?" if close else ""


def check_keys(
    attestations: Iterable[str],
    decisions: Iterable[str],
    waivers: Iterable[str],
    keys: InputKeys,
    path: str = "$",
) -> list[str]:
    """Errors for keys no installed programme reads, each ending in ``@ $.path``."""
    errors = []
    for key in attestations:
        if key not in keys.attestations:
            errors.append(
                f"no programme asks for an attestation {key!r}{_hint(key, keys.attestations)}"
                f" @ {member(path + '.attestations', key)}"
            )
    for key in decisions:
        if key not in keys.decisions:
            errors.append(
                f"no rule {key!r} is decided by a panel or authority"
                f"{_hint(key, keys.decisions)} @ {member(path + '.decisions', key)}"
            )
    for key in waivers:
        if key in keys.waivable:
            continue
        if key in keys.rules:
            errors.append(
                f"rule {key!r} cannot be waived: its clause is not worded "
                f"「一般」/「原则上」/「可适当放宽」 @ {member(path + '.waivers', key)}"
            )
        else:
            errors.append(
                f"no rule {key!r} can be waived{_hint(key, keys.waivable)}"
                f" @ {member(path + '.waivers', key)}"
            )
    return errors
