"""pytest plugin: TOML case files and fixtures for plugin authors.

Files named ``test_*.toml`` are collected. Each holds ``[[case]]`` (a profile and the
expected verdicts), ``[[exit]]`` (an award, an event and the expected consequences) and
``[[grading]]`` (a cohort and the expected grades) tables, and ``[[texts]]`` (a plugin's
citations checked against its shipped texts, and their coverage); see docs/testing.md.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from talentkit.convert import InputError, read_document
from talentkit.engine import Engine
from talentkit.funding import GRANTED
from talentkit.money import ZERO, Money, MoneyError
from talentkit.results import Assessment
from talentkit.scoring import CohortEntry
from talentkit.subjects import Award, Event, Profile
from talentkit.texttests import text_items

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_ENGINE: Engine | None = None


def shared_engine() -> Engine:
    """One engine from the installed plugins for all case files (loading is the slow part)."""
    global _ENGINE
    if _ENGINE is None:
        _ENGINE = Engine.create()
    return _ENGINE


@pytest.fixture
def talentkit_engine() -> Engine:
    """A fresh engine built from the installed plugins."""
    return Engine.create()


@pytest.fixture
def talentkit_inline() -> Callable[..., Engine]:
    """Build an engine with extra plugin objects registered for this test only.

    ``engine = talentkit_inline(my_plugin_module, entry_points=False)``
    """

    def make(*plugins: object, entry_points: bool = True) -> Engine:
        return Engine.create(list(plugins), entry_points=entry_points)

    return make


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.suffix == ".toml" and file_path.name.startswith("test_"):
        return CaseFile.from_parent(parent, path=file_path)
    return None


class CaseFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        data = tomllib.loads(self.path.read_text(encoding="utf-8"), parse_float=Decimal)
        unknown = set(data) - {"case", "exit", "grading", "texts"}
        if unknown:
            raise CaseError(f"{self.path.name}: unknown top-level tables {sorted(unknown)}")
        for spec in data.get("texts", []):
            yield from text_items(self, spec, shared_engine())
        for kind in ("case", "exit", "grading"):
            for i, spec in enumerate(data.get(kind, [])):
                name = spec.get("name") or f"{kind}[{i}]"
                yield CaseItem.from_parent(self, name=name, spec=spec, kind=kind)


class CaseError(AssertionError):
    pass


class CaseItem(pytest.Item):
    def __init__(self, *, spec: dict[str, Any], kind: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.spec = spec
        self.kind = kind

    def runtest(self) -> None:
        engine = shared_engine()
        {"case": self._case, "exit": self._exit, "grading": self._grading}[self.kind](engine)

    def _load(self, engine: Engine, value: Any, cls: type[Any]) -> Any:
        if isinstance(value, str):
            return engine.load(self.path.parent / value, cls)
        return engine.load(value, cls)

    def _profile(self, engine: Engine) -> Profile:
        base = self.spec.get("profile", {})
        if isinstance(base, str):
            base = read_document(self.path.parent / base)
        raw = _merge(base, self.spec.get("patch", {}))
        profile: Profile = engine.load(raw, Profile)
        return profile

    def _case(self, engine: Engine) -> None:
        spec = self.spec
        _only(
            spec,
            {
                "name",
                "as_of",
                "programmes",
                "params",
                "profile",
                "patch",
                "expect",
                "error",
                "note",
            },
            "case",
        )
        try:
            profile = self._profile(engine)
        except InputError as exc:
            if "error" in spec:
                for want in _list(spec["error"]):
                    _check(
                        any(want in e for e in exc.errors), f"error containing {want!r}", exc.errors
                    )
                return
            raise
        if "error" in spec:
            raise CaseError(f"expected an input error {spec['error']!r}; the profile parsed")
        expect: dict[str, Any] = spec.get("expect", {})
        programmes = spec.get("programmes") or list(expect)
        report = engine.assess(
            profile, programmes, as_of=_date(spec.get("as_of")), overrides=spec.get("params")
        )
        got = {a.programme: a for a in report.assessments}
        for pid, want in expect.items():
            if pid not in got:
                problems = "; ".join(f"{p.plugin}: {p.problem}" for p in engine.problems)
                raise CaseError(
                    f"{pid} was not assessed (disabled or unknown?)"
                    + (f"; plugin problems: {problems}" if problems else "")
                )
            _compare_assessment(pid, got[pid], want)

    def _exit(self, engine: Engine) -> None:
        spec = self.spec
        _only(
            spec,
            {
                "name",
                "programme",
                "award",
                "event",
                "profile",
                "patch",
                "params",
                "expect",
                "error",
                "note",
            },
            "exit",
        )
        award = self._load(engine, spec.get("award", {"programme": spec["programme"]}), Award)
        event = self._load(engine, spec["event"], Event)
        profile = self._profile(engine) if "profile" in spec else None
        try:
            report = engine.exit(
                spec["programme"], award, event, profile, overrides=spec.get("params")
            )
        except InputError as exc:
            if "error" not in spec:
                raise
            for want_error in _list(spec["error"]):
                _check(
                    any(want_error in e for e in exc.errors),
                    f"error containing {want_error!r}",
                    exc.errors,
                )
            return
        if "error" in spec:
            raise CaseError(f"expected an input error {spec['error']!r}; the exit was assessed")
        want = spec.get("expect", {})
        _only(
            want,
            {
                "rules",
                "no_rule",
                "new_status",
                "recover",
                "payable",
                "bans",
                "deadlines",
                "status",
                "late",
                "withdrawn",
            },
            "exit.expect",
        )
        fired = sorted(o.rule_id for o in report.outcomes)
        if "rules" in want:
            _check(fired == sorted(want["rules"]), f"rules {sorted(want['rules'])}", fired)
        if "no_rule" in want:
            _check(
                report.no_rule == want["no_rule"], f"no_rule = {want['no_rule']}", report.no_rule
            )
        if "withdrawn" in want:
            got_w = sorted(w.id for o in report.outcomes for w in o.withdrawn)
            _check(got_w == sorted(want["withdrawn"]), f"withdrawn {want['withdrawn']}", got_w)
        if "new_status" in want:
            got = [o.new_status for o in report.outcomes if o.new_status]
            _check(want["new_status"] in got, f"new status {want['new_status']}", got)
        if "status" in want:
            got_s = {o.rule_id: o.status.value for o in report.outcomes}
            for rid, st in want["status"].items():
                _check(got_s.get(rid) == st, f"{rid} = {st}", got_s.get(rid))
        if "recover" in want:
            total = sum((o.recover or ZERO for o in report.outcomes), ZERO)
            _check(total == _yuan(want["recover"]), f"recover {want['recover']}", total)
        if "payable" in want:
            owed = [o.payable for o in report.outcomes if o.payable is not None]
            paid_up = sum(owed, ZERO) if owed else None
            expect = None if want["payable"] == "unknown" else _yuan(want["payable"])
            _check(paid_up == expect, f"payable {want['payable']}", paid_up)
        if "bans" in want:
            got_b = sorted((b.on, b.until.isoformat()) for o in report.outcomes for b in o.bans)
            exp_b = sorted((b["on"], str(_date(b["until"]))) for b in want["bans"])
            _check(got_b == exp_b, f"bans {exp_b}", got_b)
        if "late" in want:
            # due date → "in time", or the consequence text (a substring) of a late duty
            got_l = {
                d.due.isoformat(): (
                    d.consequence.en + " / " + d.consequence.zh if d.consequence else "in time"
                )
                for o in report.outcomes
                for d in o.deadlines
                if d.late is not None
            }
            for due, expect in want["late"].items():
                have = got_l.get(str(_date(due)), "not performed")
                _check(expect in have, f"{due}: {expect}", have)
        if "deadlines" in want:
            got_d = sorted(d.due.isoformat() for o in report.outcomes for d in o.deadlines)
            exp_d = sorted(str(_date(d)) for d in want["deadlines"])
            _check(got_d == exp_d, f"deadlines {exp_d}", got_d)

    def _grading(self, engine: Engine) -> None:
        spec = self.spec
        _only(spec, {"name", "programme", "cohort", "params", "expect", "as_of", "note"}, "grading")
        cohort = [
            CohortEntry(subject=c["subject"], proposed=c["proposed"], score=c.get("score"))
            for c in spec["cohort"]
        ]
        result = engine.grade(
            spec["programme"], cohort, overrides=spec.get("params"), as_of=_date(spec.get("as_of"))
        )
        want = spec["expect"]
        got = {e.subject: e.grade for e in result.entries}
        for subject, grade in want.get("grades", {}).items():
            _check(got.get(subject) == grade, f"{subject} graded {grade}", got.get(subject))
        for grade, n in want.get("limits", {}).items():
            _check(result.limits.get(grade) == n, f"{grade} limit {n}", result.limits)
        if "review" in want:
            rev = sorted(e.subject for e in result.entries if e.review)
            _check(rev == sorted(want["review"]), f"review {want['review']}", rev)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, (CaseError, InputError)):
            return f"{self.path.name} :: {self.name}\n  {excinfo.value}"
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"{self.kind}: {self.name}"


def _compare_assessment(pid: str, a: Any, want: dict[str, Any]) -> None:
    _only(
        want,
        {
            "verdict",
            "failed",
            "missing",
            "missing_includes",
            "review_rules",
            "status",
            "total",
            "amounts",
            "lines",
            "hints",
            "obligations",
            "waived",
            "scoring",
            "funding_complete",
            "procedure",
            "siblings",
            "pending_total",
            "payable",
            "caps",
            "titles",
            "ledger",
            "ledger_flags",
            "ledger_missing",
            "shortfalls",
        },
        f"expect.{pid}",
    )

    def check(cond: bool, what: str, got: Any) -> None:
        _check(cond, f"{pid}: {what}", got)

    if "verdict" in want:
        check(
            a.verdict.value == want["verdict"],
            f"verdict {want['verdict']}",
            f"{a.verdict.value}; failed={list(a.failed)} missing={list(a.missing)} "
            f"review={[r.en for r in a.review]}",
        )
    if "failed" in want:
        check(
            sorted(a.failed) == sorted(want["failed"]),
            f"failed {sorted(want['failed'])}",
            sorted(a.failed),
        )
    if "waived" in want:
        check(sorted(a.waived) == sorted(want["waived"]), f"waived {want['waived']}", a.waived)
    if "missing" in want:
        check(
            sorted(a.missing) == sorted(want["missing"]),
            f"missing {sorted(want['missing'])}",
            sorted(a.missing),
        )
    for m in want.get("missing_includes", []):
        check(m in a.missing, f"missing includes {m}", list(a.missing))
    if "review_rules" in want:
        got = sorted(c.rule_id for c in a.checks if c.status.value == "review")
        check(got == sorted(want["review_rules"]), f"review rules {want['review_rules']}", got)
    statuses = {c.rule_id: c.status.value for c in a.checks}
    for rid, st in want.get("status", {}).items():
        check(statuses.get(rid) == st, f"{rid} = {st}", statuses.get(rid, "(no such check)"))
    for text in want.get("hints", []):
        hints = [h.en for c in a.checks for h in c.hints] + [
            h.zh for c in a.checks for h in c.hints
        ]
        check(any(text in h for h in hints), f"a hint containing {text!r}", hints)
    if "scoring" in want:
        got_sc = {s.id: s.status.value for s in a.scoring}
        for sid, st in want["scoring"].items():
            check(got_sc.get(sid) == st, f"scoring {sid} = {st}", got_sc.get(sid))
    if "siblings" in want:
        got_sib = sorted(h.programme for h in a.siblings)
        check(got_sib == sorted(want["siblings"]), f"siblings {want['siblings']}", got_sib)
    for sid, end in want.get("procedure", {}).items():
        # a step's last day (a date; "… late" when performed after it) or the facts it needs
        shown = {
            s.step: (
                f"{s.end} late"
                if s.late
                else str(s.end)
                if s.end
                else "needs " + ", ".join(s.missing)
            )
            for s in a.procedure
        }
        check(shown.get(sid) == str(end), f"step {sid}: {end}", shown.get(sid, "(no such step)"))
    if any(k in want for k in ("ledger", "shortfalls", "ledger_flags", "ledger_missing")):
        _check_ledger(a, want, check)
    f = a.funding
    money_keys = ("total", "amounts", "lines", "obligations", "funding_complete")
    if any(k in want for k in (*money_keys, "pending_total", "payable", "caps", "titles")):
        check(f is not None, "a funding result", None)
        assert f is not None
        if "total" in want:
            check(f.total == _yuan(want["total"]), f"total {want['total']}", f.total)
        if "funding_complete" in want:
            check(
                f.complete == want["funding_complete"],
                f"funding complete = {want['funding_complete']}",
                f.complete,
            )
        for item, amount in want.get("amounts", {}).items():
            lines = [x for x in f.lines if x.item == item]
            if amount in ("undetermined", "invalid", "excluded", "pending"):
                check(
                    bool(lines) and all(x.status == amount for x in lines),
                    f"{item} {amount}",
                    [x.status for x in lines],
                )
            else:
                got_amt = sum((x.amount or ZERO for x in lines if x.status in GRANTED), ZERO)
                check(got_amt == _yuan(amount), f"{item} = {amount}", got_amt)
        if "lines" in want:
            got_l = [
                [x.item, x.payee, x.year or 0, x.amount] for x in f.lines if x.status in GRANTED
            ]
            exp_l = [[*x[:3], _yuan(x[3])] if len(x) == 4 else x for x in want["lines"]]
            check(got_l == exp_l, f"lines {want['lines']}", got_l)
        if "pending_total" in want:
            check(
                f.pending_total == _yuan(want["pending_total"]),
                f"pending total {want['pending_total']}",
                f.pending_total,
            )
        for item, days in want.get("payable", {}).items():
            # per payment of the item: the day it is payable, "pending" or "" (not known)
            got_p = [
                "pending"
                if x.status == "pending"
                else (x.payable_from.isoformat() if x.payable_from else "")
                for x in f.lines
                if x.item == item
            ]
            check(got_p == list(days), f"{item} payable {list(days)}", got_p)
        if "titles" in want:  # the titles conferred (status pass)
            got_t = sorted(x.id for x in f.titles if x.status.value == "pass")
            check(got_t == sorted(want["titles"]), f"titles {want['titles']}", got_t)
        for cid, st in want.get("caps", {}).items():
            got_c = {c.id: c.status.value for c in f.caps}
            check(got_c.get(cid) == st, f"package cap {cid} = {st}", got_c.get(cid))
        for oid, st in want.get("obligations", {}).items():
            got_o = {o.id: o.status.value for o in f.obligations}
            check(got_o.get(oid) == st, f"obligation {oid} = {st}", got_o.get(oid))


def _check_ledger(
    a: Assessment, want: dict[str, Any], check: Callable[[bool, str, Any], None]
) -> None:
    """``ledger``: rows ``[item, year, state, amount]`` — the amount in that state
    (outstanding, suspended, stopped; paid for ``paid``), checked for the rows listed;
    ``shortfalls``: every ``[obligation, year, short]``; ``ledger_flags``: every flag, in
    English; ``ledger_missing``: every fact the ledger needs, in order."""
    led = a.ledger
    check(led is not None, "a ledger (the case gives the award's history)", None)
    assert led is not None
    for item, year, state, amount in want.get("ledger", []):
        got = [x for x in led.lines if x.item == item and (x.year or 0) == year]
        shown = [
            [
                x.state,
                {
                    "outstanding": x.outstanding,
                    "suspended": x.suspended,
                    "stopped": x.stopped,
                }.get(x.state, x.paid),
            ]
            for x in got
        ]
        check(shown == [[state, _yuan(amount)]], f"ledger {item} {year}: {state} {amount}", shown)
    if "ledger_missing" in want:
        got_m = list(led.missing)
        check(got_m == want["ledger_missing"], f"ledger missing {want['ledger_missing']}", got_m)
    if "ledger_flags" in want:
        got_f = [f.en for f in led.flags]
        check(got_f == want["ledger_flags"], f"ledger flags {want['ledger_flags']}", got_f)
    if "shortfalls" in want:
        got_s = [[s.obligation, s.year or 0, s.short] for s in led.shortfalls]
        exp_s = [[o, y, _yuan(v)] for o, y, v in want["shortfalls"]]
        check(got_s == exp_s, f"shortfalls {want['shortfalls']}", got_s)


def _merge(base: Any, patch: Any) -> Any:
    """Deep-merge ``patch`` into ``base``: tables merge key by key; anything else,
    lists included, is replaced."""
    if isinstance(base, dict) and isinstance(patch, dict):
        out = dict(base)
        for k, v in patch.items():
            out[k] = _merge(base.get(k), v) if k in base else v
        return out
    return patch


def _only(table: dict[str, Any], allowed: set[str], where: str) -> None:
    extra = set(table) - allowed
    if extra:
        raise CaseError(f"unknown keys {sorted(extra)} in {where}; allowed: {sorted(allowed)}")


def _check(ok: bool, expected: str, got: Any) -> None:
    if not ok:
        raise CaseError(f"expected {expected}, got {got}")


def _yuan(v: Any) -> Money:
    """An expected amount as written in a case file (yuan, up to two decimals)."""
    try:
        return Money.parse(v)
    except MoneyError as exc:
        raise CaseError(f"{exc}: {v!r}") from None


def _list(v: Any) -> list[str]:
    return [v] if isinstance(v, str) else list(v)


def _date(v: Any) -> dt.date | None:
    if v is None or isinstance(v, dt.date):
        return v
    return dt.date.fromisoformat(v)


__all__ = ["CaseFile", "CaseItem", "attrs", "read_document", "shared_engine"]
