"""Subjects outside a list that belong to the group a list rule counts.

"中心固定人员不少于20人" counts the centre director among the fixed staff whether or not the
staff list names the director: ``Count(collection="team.members", where=<fixed>,
also=("person",))``. A subject listed too is recognised by its ``identity`` (``id``) and
counted once (a person is listed at most once, so a listing whose identity is absent is
not the subject when another listing carries the subject's). Where an identity is absent
the subject may be any listing whose identity is absent too: each way it could be placed
is evaluated, and the rule is decided only when they all agree (the absent identities are
then what the rule needs).

A listed subject is described twice, by its own record and by its listing. Where both
show whether it meets the condition and they disagree (the director's record says first-host
S&T staff, the staff list says not), the facts contradict each other and a person resolves
them: the rule is decided only if both readings give the same verdict, and is otherwise
*needs review*, naming the facts that disagree. Where one side leaves the condition open,
the other's showing it met counts (a fact stated once is known).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from talentkit.facts import MISSING, resolve
from talentkit.rules.base import Rule, fmt
from talentkit.rules.context import Context
from talentkit.rules.outcome import FAIL, NA, PASS, REVIEW, UNKNOWN, WAIVED, Status
from talentkit.slotinit import through_slots
from talentkit.text import Text

_YES = (PASS, WAIVED)
_OUT = (FAIL, NA)


@through_slots
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
    record: Any = MISSING
    """The item read (a listing, or the subject), to name the facts two readings differ on."""
    other: Any = None
    """A listing merged with a subject whose records contradict each other on the condition
    (``hit`` ``review``): the subject (its ``also`` index) and its own record and name."""


def either(a: Status | None, b: Status | None) -> Status | None:
    """One person's condition read from two listings: met if either shows it and the other
    does not show it unmet; ``review`` where one shows it met and the other unmet."""
    if a is None or b is None:
        return a if b is None else b
    if (a in _YES and b in _OUT) or (a in _OUT and b in _YES):
        return REVIEW
    if a in _YES or b in _YES:
        return PASS
    if a in _OUT and b in _OUT:
        return FAIL
    return UNKNOWN


def subject_entry(ctx: Context, path: str, identity: str, where: Rule | None) -> Entry:
    """The subject at ``path`` as a member of the group; ``where`` judged on it."""
    subject = ctx.fact(path)
    name = ctx.full(path)
    if subject is MISSING:
        hit = None if where is None else UNKNOWN
        return Entry(PASS, hit, (name,), (name,) if where else (), MISSING, name)
    sub = ctx.at(subject, name)
    hit_status: Status | None = None
    hit_missing: tuple[str, ...] = ()
    if where is not None:
        hit_status, hit_missing = where.decision(sub)[:2]
    return Entry(PASS, hit_status, (), hit_missing, sub.fact(identity), name, record=subject)


def _merged(listed: Entry, subject: Entry, by: int) -> Entry:
    """A listing recognised as the subject (``by``: its index in ``also``): in the group,
    condition from both."""
    hit = either(listed.hit, subject.hit)
    decided = hit in (*_YES, *_OUT, REVIEW)
    missing = () if decided else (*listed.hit_missing, *subject.hit_missing)
    other = (by, subject.record, subject.name) if hit is REVIEW else None
    return Entry(
        PASS,
        hit,
        (),
        tuple(dict.fromkeys(missing)),
        listed.ident,
        listed.name,
        record=listed.record,
        other=other,
    )


def reading(way: Sequence[Entry], met: Sequence[bool]) -> list[Entry]:
    """A placement with each contradiction read one way: met where ``met[by]``."""
    if not any(e.hit is REVIEW and e.other is not None for e in way):
        return list(way)
    out = []
    for e in way:
        if e.hit is REVIEW and e.other is not None:
            hit = PASS if met[e.other[0]] else FAIL
            e = attrs.evolve(e, hit=hit, other=None)
        out.append(e)
    return out


def contradictions(ways: Sequence[Sequence[Entry]], paths: Sequence[str]) -> list[Text]:
    """What a person resolves: the facts (among ``paths``, read relative to an item) on
    which a listing and the subject's own record differ, each named with both values."""
    found: list[Text] = []
    for way in ways:
        for e in way:
            if e.hit is not REVIEW or e.other is None:
                continue
            _, record, name = e.other
            pairs = [
                (p, a, b)
                for p in paths
                if not p.startswith("$.")
                for a, b in [(resolve(e.record, p), resolve(record, p))]
                if a is not MISSING and b is not MISSING and a != b
            ]
            shown = [(f"{e.name}.{p} = {fmt(a)}", f"{name}.{p} = {fmt(b)}") for p, a, b in pairs]
            if not shown:  # the condition reads no plain fact of theirs: name the records
                shown = [(e.name, name)]
            for x, y in shown:
                text = Text(
                    f"{x} 与 {y} 不一致（同一人），须核实后更正",
                    f"{x} and {y} disagree (one person): to be checked and corrected",
                )
                if text not in found:
                    found.append(text)
    return found


def placements(
    entries: Sequence[Entry], subject: Entry, identity: str, by: int = 0
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
        return [_replace(entries, sure[0], _merged(entries[sure[0]], subject, by))], []
    open_ = [
        i
        for i, e in enumerate(entries)
        if e.member not in _OUT and (i in same or not known or e.ident is MISSING)
    ]
    if not open_:
        return [[*entries, subject]], []
    apart = [attrs.evolve(e, member=FAIL) if i in same else e for i, e in enumerate(entries)]
    ways = [[*apart, subject]]
    seen: set[tuple[Status, Status | None]] = set()
    for i in open_:
        kind = (entries[i].member, entries[i].hit)
        if kind not in seen:
            seen.add(kind)
            ways.append(_replace(entries, i, _merged(entries[i], subject, by)))
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
    return first if all(s is first for s in statuses) else UNKNOWN
