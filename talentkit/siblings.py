"""Sibling programmes: where a profile fails a programme's tier or category condition,
the other programme of the same text that it does meet.

Siblings are derived from the declarations, never listed by hand: programmes of the same
document, for the same kind of subject, that apply at least two of the same articles
(their common conditions) — the tiers or tracks of one measure (千人 长期项目 and 青年项目;
the three Yangquan team tiers). Separate measures of one text, or a text's procedure and
operation checks, share fewer and are not offered as alternatives. A rule that reads
only the declared track (``application.track``) says which programme the case applied
for; it is not a condition the case fails in the sibling.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import cast

from talentkit import semantics
from talentkit.programme import Programme
from talentkit.results import (
    Assessment,
    OpenCheck,
    SiblingHint,
    Verdict,
    evolve_assessment,
    open_checks,
)
from talentkit.text import Text

#: common conditions (cited articles) two programmes must share to be tiers of one measure
SHARED_ARTICLES = 2
#: a sibling is offered where every condition is decided and none fails; one that still
#: lacks facts is not (it may fail as well)
_MET = (Verdict.ELIGIBLE, Verdict.ELIGIBLE_BY_EXCEPTION, Verdict.NEEDS_REVIEW)


class Probe:
    """A sibling's eligibility decided as far as its verdict (``assess(sib, False)`` of
    :func:`with_sibling_hints`): the verdict and the checks that do not pass, in order.
    A sibling that is not met needs nothing more, so no assessment is made of it; one that
    is met is then assessed in full."""

    __slots__ = ("open", "verdict")

    def __init__(self, verdict: Verdict, open_: Sequence[OpenCheck]) -> None:
        self.verdict = verdict
        self.open = open_


_ARTICLES: dict[int, tuple[Programme, frozenset[str]]] = {}
#: programmes whose articles and siblings are kept at most (both emptied beyond: a
#: service made to load programmes again and again keeps the latest only)
_KEPT = 4096


def _articles(prog: Programme) -> frozenset[str]:
    """The articles the programme's rules cite, found once per programme (declarations
    are immutable)."""
    hit = _ARTICLES.get(id(prog))
    if hit is None or hit[0] is not prog:
        found = frozenset(r.cite.article for r in prog.rules if r.cite is not None)
        if len(_ARTICLES) >= _KEPT:
            _ARTICLES.clear()
        hit = _ARTICLES[id(prog)] = (prog, found)
    return hit[1]


#: by ``id`` of the programme: the programme, the programmes looked among (kept, so their
#: ids stay theirs) and their ids, and the siblings found
_SIBLINGS: dict[int, tuple[Programme, tuple[Programme, ...], tuple[int, ...], list[Programme]]] = {}


def siblings(
    prog: Programme, programmes: Sequence[Programme], ids: tuple[int, ...] | None = None
) -> list[Programme]:
    """The tiers or tracks of the same measure as ``prog``: found once per programme and
    list of programmes (the same for every case of one date and parameter set). ``ids``:
    those of ``programmes``, if a caller looking among them for several has them."""
    if ids is None:
        ids = tuple(map(id, programmes))  # the same objects, not programmes equal to them
    hit = _SIBLINGS.get(id(prog))
    if hit is None or hit[0] is not prog or hit[2] != ids:
        among = tuple(programmes)
        own = _articles(prog)
        found = [
            other
            for other in among
            if other.id != prog.id
            and other.document == prog.document
            and other.subject == prog.subject
            and len(own & _articles(other)) >= SHARED_ARTICLES
        ]
        if len(_SIBLINGS) >= _KEPT:
            _SIBLINGS.clear()
        hit = _SIBLINGS[id(prog)] = (prog, among, ids, found)
    return list(hit[3])


def with_sibling_hints(
    assessments: Sequence[Assessment],
    programmes: Sequence[Programme],
    assess: Callable[[Programme, bool], Assessment | Probe],
) -> list[Assessment]:
    """Each assessment that fails, with the siblings whose every condition is decided and
    none fails (eligible, or only a panel's criteria left).

    :param assess: the same case against another programme, in full when told so, else
        only as far as its eligibility checks tell whether it is :func:`met` (a
        :class:`Probe`, or an assessment where the programme is not in force or a hook
        failed; each sibling is assessed so once, and in full only where met)
    """
    done: dict[str, Assessment | Probe] = {a.programme: a for a in assessments}
    applied: dict[str, Verdict] = {}  # each sibling's verdict as applied, read once
    by_id = {p.id: p for p in programmes}
    ids = tuple(map(id, programmes))  # looked among for each failing programme: once
    out = []
    for a in assessments:
        prog = by_id.get(a.programme)
        if prog is None or a.verdict is not Verdict.NOT_ELIGIBLE:
            out.append(a)
            continue
        hints = []
        for sib in siblings(prog, programmes, ids):
            if sib.id not in done:
                # its verdict as applied read once: from its eligibility alone where that
                # tells it is not met, else from its assessment in full (a hook failing
                # after the eligibility makes it an error, never met)
                found = assess(sib, False)
                verdict = _verdict_as_applied(found, sib)
                if verdict in _MET:
                    found = assess(sib, True)
                    verdict = _verdict_as_applied(found, sib)
                done[sib.id], applied[sib.id] = found, verdict
            other = done[sib.id]
            as_applied = applied.get(sib.id)
            if as_applied is None:
                as_applied = applied[sib.id] = _verdict_as_applied(other, sib)
            if as_applied in _MET:  # (assessed in full: a programme asked for, or met)
                hints.append(_hint(a, cast(Assessment, other), as_applied))
        out.append(evolve_assessment(a, siblings=tuple(hints)) if hints else a)
    return out


def met(other: Assessment, sib: Programme) -> bool:
    """The case meets the sibling ``sib`` (``other`` is its assessment): every condition is
    decided and none fails, read as if the case applied to it. Its eligibility checks'
    statuses and verdict decide this (the checks themselves are not built); a sibling
    met is then assessed in full, where a hook failing later makes it an error."""
    return _verdict_as_applied(other, sib) in _MET


def _verdict_as_applied(other: Assessment | Probe, sib: Programme) -> Verdict:
    """The sibling's verdict were the case applying to it: a rule that reads only the
    declared track (``application.track``) names the programme applied for, not a
    condition the case meets or fails."""
    if other.verdict in (Verdict.NOT_IN_FORCE, Verdict.ERROR):
        return other.verdict
    selectors = _selectors(sib)
    # the checks that pass do not change the verdict: the statuses of the others decide it
    # (so a deferred assessment's checks are not built for it); listed, not generated (a
    # generator is resumed once per check)
    if type(other) is Probe:
        if not selectors:  # its verdict is decided from the same statuses
            return other.verdict
        found = other.open
    else:
        found = open_checks(cast(Assessment, other))
    if not selectors:
        return semantics.verdict(map(_STATUS, found))
    return semantics.verdict([c[1] for c in found if c[0] not in selectors])


_STATUS = itemgetter(1)


_SETTLED: dict[int, tuple[Programme, tuple[bool, ...]]] = {}


def settled_by(prog: Programme) -> tuple[bool, ...]:
    """For each of the programme's rules, whether its check failing or undetermined
    settles the sibling as not met (its verdict is then not eligible or undetermined,
    whatever the rules after it decide), so the rules after it need not be decided
    (``settled`` of :func:`talentkit.builtin.declared.decide_eligibility`): it is not a
    rule naming the track applied for (its status is not read), and every rule after it is
    :func:`~talentkit.builtin.declared.quiet`. A rule that is not (a working-day count, a
    custom predicate, a plugin's class) could raise a calendar, parameter or input error,
    which the engine lets through and so must still raise; any other error makes the
    sibling an error, not met either. Found once per programme."""
    hit = _SETTLED.get(id(prog))
    if hit is None or hit[0] is not prog:
        from talentkit.builtin.declared import quiet

        selectors = _selectors(prog)
        flags: list[bool] = []
        rest_quiet = True  # every rule after the one looked at
        for rule in reversed(prog.rules):
            flags.append(rest_quiet and rule.id not in selectors)
            rest_quiet = rest_quiet and quiet(rule)
        if len(_SETTLED) >= _KEPT:
            _SETTLED.clear()
        hit = _SETTLED[id(prog)] = (prog, tuple(reversed(flags)))
    return hit[1]


_SELECTORS: dict[int, tuple[Programme, frozenset[str]]] = {}


def _selectors(prog: Programme) -> frozenset[str]:
    """The ids of the programme's rules that read only the declared track, found once per
    programme (declarations are immutable)."""
    hit = _SELECTORS.get(id(prog))
    if hit is None or hit[0] is not prog:
        ids = frozenset(r.id for r in prog.rules if set(r.fact_paths()) == {"application.track"})
        hit = _SELECTORS[id(prog)] = (prog, ids)
    return hit[1]


def _hint(a: Assessment, other: Assessment, met: Verdict) -> SiblingHint:
    this_zh, this_en = f"“{a.name.zh}”（{a.programme}）", a.programme
    sib_zh, sib_en = f"“{other.name.zh}”（{other.programme}）", other.programme
    text_zh = f"本情形符合{sib_zh}的条件，而非{this_zh}"
    text_en = f"this profile meets {sib_en} rather than {this_en}"
    if met is Verdict.NEEDS_REVIEW:
        text_zh += "（其余条件待评审）"
        text_en += " (a panel decides the rest)"
    return SiblingHint(
        programme=other.programme,
        name=other.name,
        verdict=met,
        text=Text(text_zh, text_en),
    )


__all__ = ["SHARED_ARTICLES", "Probe", "met", "siblings", "with_sibling_hints"]
