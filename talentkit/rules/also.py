"""Subjects outside a list that belong to the group a list rule counts.

"中心固定人员不少于20人" counts the centre director among the fixed staff whether or not the
staff list names the director: ``Count(collection="team.members", where=<fixed>,
also=("person",))``. A subject listed too is recognised by its ``identity`` (``id``) and
counted once (a person is listed at most once, so a listing whose identity is absent is
not the subject when another listing carries the subject's). Where an identity is absent
the subject may be any listing whose identity is absent too: each way it could be placed
is evaluated, and the rule is decided only when they all agree (the absent identities are
then what the rule needs).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from talentkit.facts import MISSING
from talentkit.rules.base import Rule
from talentkit.rules.context import Context
from talentkit.rules.outcome import Status

_YES = (Status.PASS, Status.WAIVED)
_OUT = (Status.FAIL, Status.NA)


@attrs.frozen
class Entry:
    """One person of the group as a list rule sees it: whether they are in the group
    (``member``), whether they meet the rule's condition (``hit``; Share only), what is
    missing to know either, and their identity."""

    member: Status
    hit: Status | None
    member_missing: tuple[str, ...]
    hit_missing: tuple[str, ...]
    ident: Any
    name: str


def either(a: Status | None, b: Status | None) -> Status | None:
    """One person's condition read from two listings: met if either shows it."""
    if a is None or b is None:
        return a if b is None else b
    if a in _YES or b in _YES:
        return Status.PASS
    if a in _OUT and b in _OUT:
        return Status.FAIL
    return Status.UNKNOWN


def subject_entry(ctx: Context, path: str, identity: str, where: Rule | None) -> Entry:
    """The subject at ``path`` as a member of the group; ``where`` judged on it."""
    subject = ctx.fact(path)
    name = ctx.full(path)
    if subject is MISSING:
        hit = None if where is None else Status.UNKNOWN
        return Entry(Status.PASS, hit, (name,), (name,) if where else (), MISSING, name)
    sub = ctx.at(subject, name)
    hit_status: Status | None = None
    hit_missing: tuple[str, ...] = ()
    if where is not None:
        found = where.evaluate(sub)
        hit_status, hit_missing = found.status, tuple(found.missing)
    return Entry(Status.PASS, hit_status, (), hit_missing, sub.fact(identity), name)


def _merged(listed: Entry, subject: Entry) -> Entry:
    """A listing recognised as the subject: in the group, condition from both."""
    hit = either(listed.hit, subject.hit)
    missing = () if hit in (*_YES, *_OUT) else (*listed.hit_missing, *subject.hit_missing)
    return Entry(Status.PASS, hit, (), tuple(dict.fromkeys(missing)), listed.ident, listed.name)


def placements(
    entries: Sequence[Entry], subject: Entry, identity: str
) -> tuple[list[list[Entry]], list[str]]:
    """Every way ``subject`` can stand among ``entries``, and what would settle which
    (empty when it is placed for certain).

    A listing in the group with the subject's identity is the subject. Otherwise the
    subject stands apart (and a listing with its identity is then out of the group), or
    is one of the listings that may be in the group and may carry its identity: the
    subject's or the listing's identity absent, or the listing's membership open.
    """
    known = subject.ident is not MISSING
    same = {
        i
        for i, e in enumerate(entries)
        if known and e.ident is not MISSING and e.ident == subject.ident and e.member not in _OUT
    }
    sure = sorted(i for i in same if entries[i].member in _YES)
    if sure:
        return [_replace(entries, sure[0], _merged(entries[sure[0]], subject))], []
    open_ = [
        i
        for i, e in enumerate(entries)
        if e.member not in _OUT and (i in same or not known or e.ident is MISSING)
    ]
    if not open_:
        return [[*entries, subject]], []
    apart = [attrs.evolve(e, member=Status.FAIL) if i in same else e for i, e in enumerate(entries)]
    ways = [[*apart, subject]]
    seen: set[tuple[Status, Status | None]] = set()
    for i in open_:
        kind = (entries[i].member, entries[i].hit)
        if kind not in seen:
            seen.add(kind)
            ways.append(_replace(entries, i, _merged(entries[i], subject)))
    needs = [] if known else [f"{subject.name}.{identity}"]
    for i in open_:
        if entries[i].ident is MISSING:
            needs.append(f"{entries[i].name}.{identity}")
        elif i in same:
            needs.extend(entries[i].member_missing)
    return ways, needs


def _replace(entries: Sequence[Entry], i: int, entry: Entry) -> list[Entry]:
    out = list(entries)
    out[i] = entry
    return out


def combine(statuses: Sequence[Status]) -> Status:
    """Decided only when every placement agrees."""
    first = statuses[0]
    return first if all(s is first for s in statuses) else Status.UNKNOWN
