"""Counts and exact-fraction shares over lists: team members, host units, records."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from fractions import Fraction
from typing import Any, TypeVar

import attrs

from talentkit import semantics
from talentkit.choices import Op, choice
from talentkit.dates import UNLIMITED, Period, shift
from talentkit.facts import MISSING
from talentkit.rules.also import (
    Entry,
    combine,
    contradictions,
    either,
    placements,
    reading,
    subject_entry,
)
from talentkit.rules.base import Outcome, Rule, add_new, explaining, plan_of
from talentkit.rules.compare import OP_WORDS, _op, _period, _ref_keys, _ref_paths, ref_name
from talentkit.rules.context import Context
from talentkit.rules.outcome import FAIL, NA, PASS, REVIEW, UNKNOWN, WAIVED, Status
from talentkit.rules.refs import REF, P
from talentkit.text import Text


def _tally(
    ctx: Context, collection: str, where: Rule | None, out: Outcome
) -> tuple[int, int, int] | None:
    """(known true, unknown, total) of ``where`` over the collection; None when absent."""
    items = ctx.fact(collection)
    if items is MISSING:
        out.need(ctx.full(collection))
        return None
    if not isinstance(items, list):
        raise TypeError(f"{collection} is not a list")
    if where is None:
        return len(items), 0, len(items)
    yes = unknown = 0
    path = ctx.full(collection)  # the same for every item: built once
    decision, at = _decider(where), ctx.at
    for i, item in enumerate(items):
        status, missing, _ = decision(at(item, f"{path}[{i}]"))
        if status in (PASS, WAIVED):
            yes += 1
        elif status in (UNKNOWN, REVIEW):
            unknown += 1
            for m in missing:
                if m not in out.missing:
                    out.missing.append(m)
    return yes, unknown, len(items)


T = TypeVar("T")


def _kept(
    rule: Rule, ctx: Context, out: Outcome, decide_into: Callable[[Context, Outcome], T]
) -> T:
    """``decide_into(ctx, out)``, made once per rule and context for the case's shared
    values (:attr:`~talentkit.rules.context.Shared.tallies`): a count or share with
    subjects beside its list is decided by its plan, which is ``decide_into``, and then by
    its explanation's ``run``, the same steps on the same context. ``out`` must be fresh
    (as the plan's and ``run``'s are); otherwise, and without shared values, it is
    decided as it is. What is kept is immutable (statuses, names, texts, integers and
    fractions) and set afresh on each ``out``."""
    shared = ctx.shared
    if shared is None or out.status is not PASS or out.missing or out.review:
        return decide_into(ctx, out)
    # everything a decision reads of the context but the shared values themselves; the
    # objects named by id kept beside, so their ids stay their own
    key = (
        id(rule),
        id(ctx.profile),
        ctx.as_of,
        id(ctx.params),
        tuple(ctx.reference),
        id(ctx.root),
        ctx.prefix,
        id(ctx.labels),
        id(ctx.calendar),
    )
    hit = shared.tallies.get(key)
    if hit is None:
        decided = decide_into(ctx, out)
        kept = (rule, ctx.profile, ctx.params, ctx.root, ctx.labels, ctx.calendar)
        shared.tallies[key] = (kept, (out.status, tuple(out.missing), tuple(out.review), decided))
        return decided
    status, missing, review, decided = hit[1]
    out.status = status
    out.missing.extend(missing)
    out.review.extend(review)
    return decided


def _decider(rule: Rule) -> Callable[[Context], tuple[Status, tuple[str, ...], Any]]:
    """What decides ``rule`` on each counted item: its plan itself, where
    :meth:`~talentkit.rules.Rule.decision` would call it (not while a rule is explained
    with its parts, and not for a rule without a plan), without the look-ups
    ``decision`` makes for each item (an item's context is never the case itself)."""
    decide = None if explaining() else plan_of(rule)
    return rule.decision if decide is None else decide


def _verdict(lo_ok: bool, hi_ok: bool) -> Status:
    if lo_ok and hi_ok:
        return PASS
    if not lo_ok and not hi_ok:
        return FAIL
    return UNKNOWN


def _entries(
    ctx: Context, collection: str, member: Rule | None, hit: Rule | None, identity: str | None
) -> list[Entry] | None:
    """Each item of the collection as an :class:`Entry` (its ``identity`` read only when
    one is asked for); None when the list is absent."""
    items = ctx.fact(collection)
    if items is MISSING:
        return None
    if not isinstance(items, list):
        raise TypeError(f"{collection} is not a list")
    return [
        Entry(m_status, h_status, m_missing, h_missing, ident, name, record=item)
        for item, name, (m_status, h_status, m_missing, h_missing), ident in _judged(
            ctx, items, ctx.full(collection), member, hit, identity
        )
    ]


def _judged(
    ctx: Context,
    items: list[Any],
    full: str,
    member: Rule | None,
    hit: Rule | None,
    identity: str | None,
) -> list[tuple[Any, str, Member, Any]]:
    """Each item of a list (named from ``full``, the list's name), its membership and
    condition (the latter only for a member that may be in the group) and its
    ``identity`` (MISSING when none is asked for): only the decisions are read, no check
    per item."""
    of_member = None if member is None else _decider(member)
    of_hit = None if hit is None else _decider(hit)
    at = ctx.at
    out = []
    for i, item in enumerate(items):
        name = f"{full}[{i}]"
        sub = at(item, name)
        m_status, m_missing = (PASS, ()) if of_member is None else of_member(sub)[:2]
        h_status: Status | None = None
        h_missing: tuple[str, ...] = ()
        if of_hit is not None and m_status is not FAIL and m_status is not NA:
            h_status, h_missing = of_hit(sub)[:2]
        ident = sub.fact(identity) if identity else MISSING
        out.append((item, name, (m_status, h_status, m_missing, h_missing), ident))
    return out


def _placed(
    ctx: Context, entries: list[Entry], also: tuple[str, ...], identity: str, hit: Rule | None
) -> tuple[list[list[Entry]], list[str]]:
    """Every way the ``also`` subjects stand among the listed ``entries``, and the facts
    (their own absence, identities) that would settle where."""
    ways, needs = [entries], []
    for by, path in enumerate(also):
        subject = subject_entry(ctx, path, identity, hit)
        needs += [m for m in subject.member_missing if m not in needs]
        placed = []
        for way in ways:
            found, settle = placements(way, subject, identity, by)
            placed += found
            needs += [m for m in settle if m not in needs]
        ways = placed
    return ways, needs


def _counted(members: list[tuple[Status, tuple[str, ...]]], missing: list[str]) -> tuple[int, int]:
    """The members of one way a count's subjects stand, known in the group and open (what
    an open one needs added to ``missing``)."""
    yes = open_ = 0
    for member, member_missing in members:
        if member is PASS or member is WAIVED:
            yes += 1
        elif member is UNKNOWN or member is REVIEW:
            open_ += 1
            if member_missing:
                add_new(missing, member_missing)
    return yes, open_


#: one member of a group as :func:`_placed_plainly` gives it: its membership, its condition
#: (None: not judged), and what is missing to know either
Member = tuple[Status, "Status | None", tuple[str, ...], tuple[str, ...]]


def _placed_plainly(
    ctx: Context,
    collection: str,
    member: Rule | None,
    hit: Rule | None,
    also: tuple[str, ...],
    identity: str,
) -> tuple[list[Member], int] | None:
    """The one way the ``also`` subjects stand among the listed items where there is one
    (:func:`_placed` gives it then, through an :class:`Entry` per item): each subject's
    identity given, and either a listing in the group for certain carries it (the subject
    is that listing, its condition read from both unless they contradict each other) or
    no listing that may be in the group carries it or lacks one (the subject stands
    apart, in the group). The members in order and the number listed; None otherwise,
    or without the list."""
    subjects = []
    for path in also:
        subject = ctx.fact(path)
        if subject is MISSING:
            return None
        sub = ctx.at(subject, ctx.full(path))
        ident = sub.fact(identity)
        if ident is MISSING:
            return None
        got: tuple[Status | None, tuple[str, ...]] = (None, ())
        if hit is not None:
            got = hit.decision(sub)[:2]
        subjects.append((ident, *got))
    items = ctx.fact(collection)
    if not isinstance(items, list):
        return None
    way: list[Member] = []
    idents: list[Any] = []
    for _, _, judged, ident in _judged(ctx, items, ctx.full(collection), member, hit, identity):
        way.append(judged)
        idents.append(ident)
    for ident, s_hit, s_missing in subjects:  # as :func:`~talentkit.rules.also.placements`
        sure = next(
            (
                i
                for i, (m, _, _, _) in enumerate(way)
                if (m is PASS or m is WAIVED) and idents[i] is not MISSING and idents[i] == ident
            ),
            None,
        )
        if sure is not None:  # the listing is the subject: in the group, read from both
            listed = way[sure]
            both = either(listed[1], s_hit)
            if both is REVIEW:
                return None  # the two records contradict each other: a person resolves it
            decided = both in (PASS, WAIVED, FAIL, NA)
            needs = () if decided else tuple(dict.fromkeys((*listed[3], *s_missing)))
            way[sure] = (PASS, both, (), needs)
            continue
        if any(
            m is not FAIL and m is not NA and (idents[i] is MISSING or idents[i] == ident)
            for i, (m, _, _, _) in enumerate(way)
        ):
            return None  # a listing may be the subject: more than one way
        way.append((PASS, s_hit, (), s_missing))  # apart: a listing to the next subjects
        idents.append(ident)
    return way, len(items)


def _also_text(also: tuple[str, ...]) -> Text:
    names = "、".join(also)
    return Text(f"（含 {names}，按身份只计一次）", f" (with {names}, each person once)")


@attrs.frozen(kw_only=True)
class Count(Rule):
    """How many items of ``collection`` satisfy ``where``: ``Count(…, op=">=", value=7)``.

    Items whose ``where`` is unknown make the count a range; the rule is decided only when
    the whole range agrees, so a missing birth date never counts as "too old".
    """

    collection: str
    where: Rule | None = None
    op: Op = attrs.field(default=">=", validator=choice(Op))
    value: int | P = 1
    label: Text | None = None
    also: tuple[str, ...] = ()
    """Subjects outside the list (``"person"``: the centre director) that are in the
    counted group whatever ``where`` says; one the list names too (same ``identity``) is
    counted once (:mod:`talentkit.rules.also`)."""
    identity: str = attrs.field(default="id", validator=attrs.validators.min_len(1))
    """The field that recognises an ``also`` subject among the listed items."""

    def run(self, ctx: Context) -> Outcome:
        out = Outcome()
        decided = self.decide_into(ctx, out)
        if decided is None:
            return out
        limit, (yes, unknown, total) = decided
        label = self.label or Text("项", "items")
        out.read[ctx.full(self.collection)] = f"{total} items"
        out.read["counted"] = yes if not unknown else f"{yes}..{yes + unknown}"
        zh, en = OP_WORDS[self.op]
        out.detail = Text(
            f"符合条件的{label.zh} {yes}"
            + (f"（另有 {unknown} 项待定）" if unknown else "")
            + f"，要求{zh} {limit}",
            f"{yes} {label.en}"
            + (f" (+{unknown} undetermined)" if unknown else "")
            + f", required {en} {limit}",
        )
        if out.status is FAIL:
            if self.op in (">=", ">"):
                gap = limit - yes + (1 if self.op == ">" else 0)
                out.hints.append(
                    Text(f"还需增加 {gap} 名/项{label.zh}", f"{gap} more {label.en} needed")
                )
            elif self.op in ("<=", "<"):
                gap = yes - limit + (1 if self.op == "<" else 0)
                out.hints.append(
                    Text(f"须减少 {gap} 名/项{label.zh}", f"{gap} fewer {label.en} needed")
                )
            else:
                out.hints.append(
                    Text(
                        f"{label.zh}数须{zh} {limit}",
                        f"the number of {label.en} must be {en} {limit}",
                    )
                )
        return out

    def decide_into(self, ctx: Context, out: Outcome) -> tuple[Any, tuple[int, int, int]] | None:
        """What :meth:`run` decides, into ``out`` (status and missing facts): the limit
        and the tally, or None when undetermined for want of the list or the limit. The
        plan of a count with ``also`` subjects is this alone, without the explanation."""
        if self.also:  # decided by its plan, then read again by its explanation: once
            return _kept(self, ctx, out, self._decide_into)
        return self._decide_into(ctx, out)

    def _decide_into(self, ctx: Context, out: Outcome) -> tuple[Any, tuple[int, int, int]] | None:
        limit, miss = ctx.value(self.value)
        ways: list[tuple[int, int]] = []
        if self.also:
            tally, ways = self._tally_also(ctx, out)
        else:
            tally = _tally(ctx, self.collection, self.where, out)
        if miss:
            out.need(miss)
        if tally is None or miss:
            out.status = UNKNOWN
            return None
        yes, unknown, _ = tally
        _op(self.op)
        all_ok, any_ok = semantics.count_range(self.op, yes, yes + unknown, limit)
        out.status = _verdict(all_ok, any_ok) if unknown else (PASS if all_ok else FAIL)
        if ways:  # decided only when every placement of the also subjects agrees
            out.status = combine([self._verdict(limit, y, u) for y, u in ways])
        if out.status is not UNKNOWN:
            out.missing.clear()
        return limit, tally

    def _verdict(self, limit: Any, yes: int, unknown: int) -> Status:
        all_ok, any_ok = semantics.count_range(self.op, yes, yes + unknown, limit)
        return _verdict(all_ok, any_ok) if unknown else _verdict(all_ok, all_ok)

    def _tally_also(
        self, ctx: Context, out: Outcome
    ) -> tuple[tuple[int, int, int] | None, list[tuple[int, int]]]:
        """The tally with the ``also`` subjects, as a range over every way they may stand
        among the listed items, and the (known, undetermined) counts of each way."""
        plain = _placed_plainly(ctx, self.collection, self.where, None, self.also, self.identity)
        if plain is not None:  # each subject placed one way only
            members, listed = plain
            yes, open_ = _counted([(m, missing) for m, _, missing, _ in members], out.missing)
            return (yes, open_, listed), [(yes, open_)]
        entries = _entries(ctx, self.collection, self.where, None, self.identity)
        if entries is None:
            out.need(ctx.full(self.collection))
            return None, []
        placed, needs = _placed(ctx, entries, self.also, self.identity, None)
        missing = out.missing
        ways = [_counted([(e.member, e.member_missing) for e in way], missing) for way in placed]
        add_new(missing, needs)
        lo = min(y for y, _ in ways)
        return (lo, max(y + u for y, u in ways) - lo, len(entries)), ways

    def describe(self) -> Text:
        zh, en = OP_WORDS[self.op]
        what = self.where.describe() if self.where else Text("", "")
        label = self.label or Text(self.collection, self.collection)
        extra = _also_text(self.also) if self.also else Text("", "")
        return Text(
            f"{label.zh}{('（' + what.zh + '）') if self.where else ''}{extra.zh}"
            f"{zh} {ref_name(self.value)}",
            f"{label.en}{(' (' + what.en + ')') if self.where else ''}{extra.en}"
            f" {en} {ref_name(self.value)}",
        )

    def children(self) -> Iterator[Rule]:
        if self.where:
            yield self.where

    def fact_paths(self) -> Iterator[str]:
        yield self.collection
        for p in super().fact_paths():
            yield f"{self.collection}[].{p}"
        if self.also:
            yield f"{self.collection}[].{self.identity}"
        for path in self.also:
            yield path
            yield f"{path}.{self.identity}"

    def param_keys(self) -> Iterator[str]:
        yield from _ref_keys(self.value)
        yield from super().param_keys()


def _share_tally(entries: list[Entry], missing: list[str]) -> tuple[int, int, int, int, int]:
    """Known members: hits, undetermined hits, total; members whose membership is
    undetermined: those that may hit and those that may miss. What is missing to settle
    them is added to ``missing``."""
    return _members_tally(
        [(e.member, e.hit, e.member_missing, e.hit_missing) for e in entries], missing
    )


def _members_tally(members: list[Member], missing: list[str]) -> tuple[int, int, int, int, int]:
    """:func:`_share_tally` of the members as :func:`_placed_plainly` gives them."""
    yes = unknown = total = maybe_hit = maybe_miss = 0
    for member, hit, member_missing, hit_missing in members:
        if member is FAIL or member is NA:
            continue
        if member is not PASS:
            add_new(missing, member_missing)
            if hit is not FAIL:
                maybe_hit += 1
            if hit is not PASS:
                maybe_miss += 1
                add_new(missing, hit_missing)
            continue
        total += 1
        if hit is PASS:
            yes += 1
        elif hit is not FAIL:
            unknown += 1
            add_new(missing, hit_missing)
    return yes, unknown, total, maybe_hit, maybe_miss


@attrs.frozen(kw_only=True)
class Share(Rule):
    """The share of ``among`` items that satisfy ``where``, compared exactly.

    "其中40周岁（含）以下成员不少于三分之一" is
    ``Share(collection="team.members", among=<core member>, where=<age ≤ 40>, op=">=",
    fraction=P("…"))`` and is tested as ``3·young ≥ total`` with integers.
    An empty denominator fails a ``>=`` share (nobody qualifies) and passes ``<=``.
    """

    collection: str
    where: Rule
    among: Rule | None = None
    op: Op = attrs.field(default=">=", validator=choice(Op))
    fraction: Fraction | P = Fraction(1, 2)
    label: Text | None = None
    also: tuple[str, ...] = ()
    """Subjects outside the list that are in the ``among`` group whatever it says (their
    ``where`` is judged); one the list names too (same ``identity``) is counted once, as
    in :class:`Count`."""
    identity: str = attrs.field(default="id", validator=attrs.validators.min_len(1))

    def run(self, ctx: Context) -> Outcome:
        out = Outcome()
        decided = self.decide_into(ctx, out)
        if decided is None:
            return out
        frac, (yes, unknown, total, _, _) = decided
        p, q = frac.numerator, frac.denominator
        label = self.label or Text("成员", "members")
        zh, en = OP_WORDS[self.op]
        out.read[ctx.full(self.collection)] = f"{total} counted"
        out.read["qualifying"] = yes if not unknown else f"{yes}..{yes + unknown}"
        out.read["share required"] = str(frac)
        out.detail = Text(
            f"{total} 名{label.zh}中符合 {yes}"
            + (f"（另 {unknown} 名待定）" if unknown else "")
            + f"：{q}×{yes} 与 {p}×{total} 比较，要求{zh} {frac}",
            f"{yes} of {total} {label.en}"
            + (f" (+{unknown} undetermined)" if unknown else "")
            + f": {q}×{yes} vs {p}×{total}, required {en} {frac}",
        )
        if out.status is FAIL and total == 0:
            out.hints.append(
                Text(
                    f"当前没有{label.zh}，须至少有符合条件者",
                    f"there are no {label.en}; at least one who qualifies is needed",
                )
            )
        elif out.status is FAIL:
            out.hints.append(self._hint(yes, total, p, q, label))
        return out

    def decide_into(
        self, ctx: Context, out: Outcome
    ) -> tuple[Fraction, tuple[int, int, int, int, int]] | None:
        """What :meth:`run` decides, into ``out`` (status, missing facts, review items):
        the fraction and the tally of the listed members, or None when undetermined for
        want of the list or the fraction. The plan of a share with ``also`` subjects is
        this alone, without the explanation."""
        if self.also:  # decided by its plan, then read again by its explanation: once
            return _kept(self, ctx, out, self._decide_into)
        return self._decide_into(ctx, out)

    def _decide_into(
        self, ctx: Context, out: Outcome
    ) -> tuple[Fraction, tuple[int, int, int, int, int]] | None:
        frac, miss = ctx.value(self.fraction)
        if self.also and not miss and out.status is not UNKNOWN:
            plain = _placed_plainly(
                ctx, self.collection, self.among, self.where, self.also, self.identity
            )
            if plain is not None:  # each subject placed one way only
                tally = _members_tally(plain[0], out.missing)
                frac = Fraction(frac)
                out.status = self._verdict(frac, *tally)
                if out.status is not UNKNOWN:
                    out.missing.clear()
                return frac, tally
        identity = self.identity if self.also else None
        entries = _entries(ctx, self.collection, self.among, self.where, identity)
        if miss:
            out.need(miss)
        if entries is None:
            out.need(ctx.full(self.collection))
        if out.status is UNKNOWN or entries is None:
            return None
        frac = Fraction(frac)
        ways: list[list[Entry]] = [entries]
        needs: list[str] = []
        if self.also:
            ways, needs = _placed(ctx, entries, self.also, self.identity, self.where)
        tallies = [_share_tally(way, out.missing) for way in ways]
        add_new(out.missing, needs)
        out.status = combine([self._verdict(frac, *t) for t in tallies])
        if out.status is UNKNOWN and any(e.hit is REVIEW for w in ways for e in w):
            self._contradicted(frac, ways, out)
        if out.status is not UNKNOWN:
            out.missing.clear()
        return frac, tallies[0]

    def _contradicted(self, frac: Fraction, ways: list[list[Entry]], out: Outcome) -> None:
        """Where a subject's own record and its listing contradict each other: decided if
        every reading of the contradictions gives the same verdict, needs review if each
        reading is decided but they differ, undetermined while facts are missing."""
        statuses = set()
        for met in itertools.product((True, False), repeat=len(self.also)):
            tallies = [_share_tally(reading(way, met), []) for way in ways]
            statuses.add(combine([self._verdict(frac, *t) for t in tallies]))
        if len(statuses) == 1:
            out.status = statuses.pop()
        elif UNKNOWN not in statuses:
            out.status = REVIEW
            out.missing.clear()
            out.review.extend(contradictions(ways, list(self.where.fact_paths())))

    def _verdict(
        self, frac: Fraction, yes: int, unknown: int, total: int, maybe_hit: int, maybe_miss: int
    ) -> Status:
        op = _op(self.op)
        p, q = frac.numerator, frac.denominator

        def holds(k: int, n: int) -> bool:
            if n == 0:  # nobody in the group: an "at least" share is not met
                return self.op in ("<=", "<")
            return bool(op(q * k, p * n))

        # the share is lowest with every undetermined member counted as a miss and highest
        # with every one that may hit counted as a hit and the rest left out
        low = holds(yes, total + maybe_miss)
        high = holds(yes + unknown + maybe_hit, total + maybe_hit)
        if self.op in ("<=", "<"):
            low, high = high, low
        if not (unknown or maybe_hit or maybe_miss):
            return PASS if low else FAIL
        return _verdict(low, high)

    def _hint(self, k: int, n: int, p: int, q: int, label: Text) -> Text:
        what = self.where.describe()
        if self.op in (">=", ">"):
            strict = 1 if self.op == ">" else 0
            # add x qualifying members: q(k+x) >= p(n+x) (+1 if strict)
            need = p * n - q * k + strict
            add = -(-need // (q - p)) if q > p else None
            swap = -(-need // q)
            parts_zh = [f"将 {swap} 名不符合者替换为符合者（{what.zh}）"]
            parts_en = [f"replace {swap} of them with members who meet it ({what.en})"]
            if add is not None:
                parts_zh.insert(0, f"再增加 {add} 名符合条件的{label.zh}")
                parts_en.insert(0, f"add {add} more {label.en} who meet it")
            return Text("，或".join(parts_zh), ", or ".join(parts_en))
        strict = 1 if self.op == "<" else 0
        # add x non-qualifying members: q k <= p(n+x) (-1 if strict)
        need = q * k - p * n + strict
        add = -(-need // p) if p else None
        drop = -(-need // (q - p)) if q > p else None
        zh_parts, en_parts = [], []
        if add is not None:
            zh_parts.append(f"再增加 {add} 名不属于该类的{label.zh}")
            en_parts.append(f"add {add} more {label.en} outside the group ({what.en})")
        if drop is not None:
            zh_parts.append(f"减少 {drop} 名该类{label.zh}")
            en_parts.append(f"have {drop} fewer {label.en} in the group")
        return Text("，或".join(zh_parts), ", or ".join(en_parts))

    def describe(self) -> Text:
        zh, en = OP_WORDS[self.op]
        label = self.label or Text("成员", "members")
        w = self.where.describe()
        f = ref_name(self.fraction) if isinstance(self.fraction, P) else str(self.fraction)
        extra = _also_text(self.also) if self.also else Text("", "")
        return Text(
            f"{label.zh}{extra.zh}中 {w.zh} 者占比{zh} {f}",
            f"share of {label.en}{extra.en} with {w.en} {en} {f}",
        )

    def children(self) -> Iterator[Rule]:
        yield self.where
        if self.among:
            yield self.among

    def fact_paths(self) -> Iterator[str]:
        yield self.collection
        for p in super().fact_paths():
            yield f"{self.collection}[].{p}"
        if self.also:
            yield f"{self.collection}[].{self.identity}"
        for path in self.also:
            yield path
            yield f"{path}.{self.identity}"
            for p in self.where.fact_paths():
                yield f"{path}.{p}"

    def param_keys(self) -> Iterator[str]:
        yield from _ref_keys(self.fraction)
        yield from super().param_keys()


@attrs.frozen(kw_only=True)
class NoneWithin(Rule):
    """No item of ``collection`` matching ``where`` is dated within a look-back window
    before ``on``.

    "近三年无…" is ``NoneWithin(collection="person.records", where=<kind in …>,
    date_field="date", period=P(…P3Y))``: the window is ``[on − period, on]``, both ends
    inclusive (three years when neither ``period`` nor ``calendar_years`` is given). Where
    the text sets no limit, ``period`` is a ``window`` parameter whose value may be
    ``"unlimited"``: then every matching record up to ``on`` counts, and an undated one
    counts too (it cannot be placed outside an unbounded past). ``leap_day`` says where a
    look-back from 29 February lands in a common year.

    "取消下一年度申报资格" counts whole calendar years instead: with ``calendar_years=N``
    the window is the N calendar years *before* the year of ``on`` (1 January of
    ``on.year − N`` to 31 December of ``on.year − 1``); a record's date is any day of the
    year it concerns. ``period`` and ``calendar_years`` exclude each other.
    """

    collection: str
    where: Rule | None = None
    date_field: str = "date"
    period: Period | P | None = None
    calendar_years: int | P | None = None
    on: str | P = REF
    label: Text | None = None
    leap_day: str | P = "feb28"

    def __attrs_post_init__(self) -> None:
        if self.period is not None and self.calendar_years is not None:
            raise ValueError("NoneWithin takes a period or calendar_years, not both")

    def window(self, ctx: Context, on: dt.date) -> tuple[dt.date, dt.date, str | None, Any]:
        """(first day, last day, missing parameter, the look-back) of the window.

        The look-back is a number of calendar years, ``UNLIMITED`` (the window opens on
        ``date.min``), or a ``(period, leap_day)`` pair."""
        if self.calendar_years is not None:
            n, miss = ctx.value(self.calendar_years)
            if miss:
                return on, on, miss, None
            return dt.date(on.year - n, 1, 1), dt.date(on.year - 1, 12, 31), None, n
        look_back = self.period or Period(years=3)
        if ctx.value(look_back)[0] == UNLIMITED:
            return dt.date.min, on, None, UNLIMITED
        period, miss_p = _period(ctx, look_back)
        if miss_p:
            return on, on, miss_p, None
        leap, miss_leap = ctx.value(self.leap_day)
        if miss_leap:
            return on, on, miss_leap, None
        assert period is not None
        return shift(on, -period, leap), on, None, (period, leap)

    def run(self, ctx: Context) -> Outcome:
        out = Outcome()
        items = ctx.fact(self.collection)
        on, miss_on, label = ctx.date(self.on)
        out.read[label] = on
        if items is MISSING:
            out.need(ctx.full(self.collection))
        if miss_on:
            out.need(miss_on)
            return out
        window_start, window_end, miss_w, back = self.window(ctx, on)
        if miss_w:
            out.need(miss_w)
        if out.status is UNKNOWN:
            return out
        unlimited = back == UNLIMITED
        hits: list[dt.date] = []
        undetermined = False
        for i, item in enumerate(items):
            sub = ctx.at(item, f"{ctx.full(self.collection)}[{i}]")
            found = None if self.where is None else self.where.evaluate(sub)
            match = PASS if found is None else found.status
            if match in (FAIL, NA):
                continue
            when = sub.fact(self.date_field)
            if when is MISSING and unlimited:
                when = on  # an undated record of an unbounded past is inside the window
            if when is MISSING:
                undetermined = True
                out.missing.append(sub.full(self.date_field))
                continue
            if window_start <= when <= window_end:
                if match is PASS:
                    hits.append(when)
                else:
                    undetermined = True
                    if found is not None:
                        out.missing.extend(m for m in found.missing if m not in out.missing)
        out.read["window"] = f"..{on}" if unlimited else f"{window_start}..{window_end}"
        out.read["matches in window"] = [str(h) for h in hits]
        if hits:
            out.status = FAIL
            out.missing.clear()
            if not unlimited:
                out.hints.append(self._clears(max(hits), back))
        elif undetermined:
            out.status = UNKNOWN
        else:
            out.status = PASS
        out.detail = (
            Text(
                f"截至 {on} 记录 {len(hits)} 条（不限年限）",
                f"{len(hits)} matching records up to {on} (no time limit)",
            )
            if unlimited
            else Text(
                f"{window_start} 至 {window_end} 期间记录 {len(hits)} 条",
                f"{len(hits)} matching records from {window_start} to {window_end}",
            )
        )
        return out

    def _clears(self, latest: dt.date, back: Any) -> Text:
        if isinstance(back, tuple):
            period, leap = back
            clears = shift(latest, period, leap) + dt.timedelta(days=1)
            return Text(
                f"最近一条记录 {latest} 于 {clears} 起移出窗口",
                f"the latest record ({latest}) leaves the window on {clears}",
            )
        first = latest.year + back + 1
        return Text(
            f"最近一条记录在 {latest.year} 年度，自 {first} 年度起不再计入",
            f"the latest record concerns {latest.year}; the earliest year it no longer "
            f"counts is {first}",
        )

    def describe(self) -> Text:
        w = self.where.describe() if self.where else Text("任何记录", "any record")
        if self.calendar_years is not None:
            n = ref_name(self.calendar_years)
            return Text(
                f"{self.collection} 在 {self.on} 所在年度之前 {n} 个年度内无 {w.zh}",
                f"no {w.en} in {self.collection} in the {n} calendar years before the year "
                f"of {self.on}",
            )
        period = self.period or Period(years=3)
        p = period.iso() if isinstance(period, Period) else str(period)
        return Text(
            f"{self.collection} 在近 {p} 内无 {w.zh}", f"no {w.en} in {self.collection} within {p}"
        )

    def children(self) -> Iterator[Rule]:
        if self.where:
            yield self.where

    def fact_paths(self) -> Iterator[str]:
        yield self.collection
        yield f"{self.collection}[].{self.date_field}"
        for p in super().fact_paths():
            yield f"{self.collection}[].{p}"
        yield from _ref_paths(self.on)

    def param_keys(self) -> Iterator[str]:
        yield from _ref_keys(self.period, self.calendar_years, self.on, self.leap_day)
        yield from super().param_keys()


@attrs.frozen(kw_only=True)
class InRole(Rule):
    """The unit named at ``fact`` takes part in the case in one of ``roles``.

    "成员全职所在单位为申报（牵头或参与）单位" is
    ``InRole(fact="employer", roles=("lead", "partner"))`` inside a member predicate: the
    member's ``employer`` is the ``id`` of an item of ``organisations`` (read from the
    case's root) whose ``role`` is one of ``roles``. An organisation without an id or role
    that could be the one named leaves the rule undetermined and names what is missing.
    """

    fact: str
    roles: tuple[str, ...] | P
    organisations: str = "$.organisations"

    def run(self, ctx: Context) -> Outcome:
        out = Outcome()
        unit = ctx.fact(self.fact)
        orgs = ctx.fact(self.organisations)
        roles, miss = ctx.value(self.roles)
        out.read[ctx.full(self.fact)] = unit
        if unit is MISSING:
            out.need(ctx.full(self.fact))
        if orgs is MISSING:
            out.need(ctx.full(self.organisations))
        if miss:
            out.need(miss)
        if out.status is UNKNOWN:
            return out
        open_: list[str] = []
        where = ctx.full(self.organisations)
        for i, org in enumerate(orgs):
            if org.role is not None and org.role not in roles:
                continue
            if org.id is None:
                open_.append(f"{where}[{i}].id")
            elif org.id == unit:
                if org.role is not None:
                    out.status = PASS
                    out.read["role"] = org.role
                    return out
                open_.append(f"{where}[{i}].role")
        if open_:
            for name in open_:
                out.need(name)
            return out
        out.status = FAIL
        out.hints.append(
            Text(
                f"{unit} 须为角色属于 {fmt_roles(roles)} 的单位",
                f"{unit} must be a unit whose role is one of {fmt_roles(roles)}",
            )
        )
        return out

    def describe(self) -> Text:
        r = ref_name(self.roles) if isinstance(self.roles, P) else fmt_roles(self.roles)
        return Text(
            f"{self.fact} 所指单位在本申报中的角色属于 {r}",
            f"the unit at {self.fact} takes part in one of the roles {r}",
        )

    def fact_paths(self) -> Iterator[str]:
        yield self.fact
        yield self.organisations
        yield f"{self.organisations}[].id"
        yield f"{self.organisations}[].role"

    def param_keys(self) -> Iterator[str]:
        yield from _ref_keys(self.roles)


def fmt_roles(roles: Any) -> str:
    return ", ".join(str(r) for r in roles)
