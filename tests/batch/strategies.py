"""Hypothesis strategies over the profile model, steered by what the installed rules read.

String fields draw from the literals and list parameters the rules compare against (so
passes are as likely as failures), dates cluster around the anniversaries that age and
duration rules turn on, and every field may be absent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

from hypothesis import strategies as st

from talentkit import Engine
from talentkit.dates import Period, shift
from talentkit.funding import FundingItem, Obligation
from talentkit.rules import Attested, Compare, InRole, Judgement, OneOf, Rule
from talentkit.rules.refs import P

AS_OF = dt.date(2025, 6, 1)


def walk(rule: Rule) -> Iterator[Rule]:
    yield rule
    for child in rule.children():
        yield from walk(child)
    for name in ("condition", "then", "rule", "where", "among"):
        sub = getattr(rule, name, None)
        if isinstance(sub, Rule) and sub not in tuple(rule.children()):
            yield from walk(sub)


class Vocabulary:
    def __init__(self, engine: Engine, programmes: list[str]) -> None:
        self.engine = engine
        words: set[str] = {
            "host",
            "applicant",
            "main_host",
            "employer",
            "company",
            "lead",
            "enterprise",
            "university",
            "female",
            "male",
        }
        self.attest: set[str] = set()
        self.judge: set[str] = set()
        self.soft: set[str] = set()
        self.facts = engine.registry.facts
        for pid in programmes:
            prog = engine.programme(pid)
            rules = list(prog.rules) + [r.when for r in prog.relaxations]
            for top in rules:
                if top.soft:
                    self.soft.add(top.id)
                for r in walk(top):
                    if isinstance(r, Attested):
                        self.attest.add(r.key)
                    if isinstance(r, Judgement):
                        self.judge.add(r.id)
                    if isinstance(r, InRole) and not isinstance(r.roles, P):
                        words.update(r.roles)
                    if isinstance(r, Compare) and isinstance(r.value, str):
                        words.add(r.value)
                    if isinstance(r, OneOf):
                        vals = r.values
                        if isinstance(vals, P):
                            vals = engine.params.get(vals.key, AS_OF) or ()
                        words.update(v for v in vals if isinstance(v, str))
        self.words = sorted(words)


def boundary_dates() -> st.SearchStrategy[dt.date]:
    near = st.builds(
        lambda y, d: shift(AS_OF, Period(years=-y)) + dt.timedelta(days=d),
        st.integers(0, 60),
        st.integers(-2, 2),
    )
    leap = st.sampled_from(
        [
            dt.date(1984, 2, 29),
            dt.date(1980, 2, 29),
            dt.date(2000, 2, 29),
            dt.date(2020, 2, 29),
            dt.date(2023, 3, 1),
            dt.date(2021, 2, 28),
        ]
    )
    return st.one_of(near, leap, st.dates(dt.date(1950, 1, 1), dt.date(2026, 12, 31)))


def opt(s: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), s)


def _fact_value(spec: Any, words: list[str]) -> st.SearchStrategy[Any]:
    t = spec.type
    if t == "bool":
        return st.booleans()
    if t == "int":
        return st.one_of(st.integers(-2, 12), st.integers(0, 3_000_000))
    if t == "yuan":  # yuan as written: integers, and strings or numbers with fen
        fen = st.one_of(
            st.integers(0, 300_000_000),
            st.sampled_from([1, 99_999_999, 100_000_000, 100_000_001, 1_666_666_667]),
        )
        return st.one_of(
            st.integers(0, 12),
            st.integers(0, 3_000_000),
            fen.map(lambda f: f"{f // 100}.{f % 100:02d}"),
            fen.map(lambda f: f / 100),
        )
    if t == "decimal":  # as written: integers, halves, text
        tenths = st.integers(0, 20_000)
        return st.one_of(
            st.integers(0, 2_000),
            tenths.map(lambda x: x / 10),
            tenths.map(lambda x: f"{x // 10}.{x % 10}"),
        )
    if t == "str":
        return st.sampled_from(spec.values) if spec.values else st.sampled_from(words)
    if t == "date":  # within the official working-day calendar
        near = st.builds(
            lambda y, d: shift(AS_OF, Period(years=-y)) + dt.timedelta(days=d),
            st.integers(0, 1),
            st.integers(-2, 2),
        )
        return st.one_of(near, st.dates(dt.date(2024, 1, 1), dt.date(2026, 6, 30))).map(
            dt.date.isoformat
        )
    if t == "fraction":
        # the boundaries the shipped rules test (exactly 1/3 and 30%, one below and one
        # above), an unreduced form, and values beyond 64 bits (assessed by the engine)
        return st.sampled_from(
            [
                *("1/3", "333/1000", "334/1000", "2/6", "1/2", "0", "1", "51/100", "3%"),
                *("30%", "3/10", "299/1000", "301/1000", "29/100", "-1/3"),
                *(f"{2**63 - 1}/{2**63 - 2}", f"{2**64}/3", f"1/{2**64}"),
            ]
        )
    if t == "list":
        return st.lists(st.sampled_from(spec.values or tuple(words)), max_size=3)
    if t == "dates":  # a yearly event's dates, in order
        day = st.dates(dt.date(2024, 1, 1), dt.date(2026, 6, 30))
        return st.lists(day, max_size=3).map(lambda ds: [d.isoformat() for d in sorted(ds)])
    return st.none()


def facts(v: Vocabulary, scope: str) -> st.SearchStrategy[dict[str, Any]]:
    specs = [s for s in v.facts.values() if s.scope == scope]
    if not specs:
        return st.just({})
    return st.fixed_dictionaries({}, optional={s.name: _fact_value(s, v.words) for s in specs})


def _clean(d: dict[str, Any]) -> dict[str, Any]:
    return {k: x for k, x in d.items() if x is not None}


def listed_once(items: list[dict[str, Any]], keys: tuple[str, ...]) -> list[dict[str, Any]]:
    """A list as valid input gives it: an item repeating an earlier one's identity (the
    ``keys``, all present) loses its ``id`` (see :mod:`talentkit.listed`)."""
    seen: set[tuple[Any, ...]] = set()
    out = []
    for item in items:
        key = tuple(item.get(k) for k in keys)
        if None not in key and key in seen:
            item = {k: x for k, x in item.items() if k != "id"}
        seen.add(key)
        out.append(item)
    return out


def record(v: Vocabulary) -> st.SearchStrategy[dict[str, Any]]:
    kinds = st.sampled_from([*v.words[:40], "research_misconduct", "illegal", "other"])
    return st.builds(
        lambda k, d: _clean({"kind": k, "date": d}),
        kinds,
        opt(boundary_dates().map(dt.date.isoformat)),
    )


def person(v: Vocabulary) -> st.SearchStrategy[dict[str, Any]]:
    words = st.sampled_from(v.words)
    return st.builds(
        lambda *a: _clean(
            dict(
                zip(
                    (
                        "birth_date",
                        "gender",
                        "degree",
                        "title_level",
                        "nationality",
                        "core",
                        "full_time",
                        "employer",
                        "records",
                        "facts",
                        "role",
                        "id",
                    ),
                    a,
                    strict=True,
                )
            )
        ),
        opt(boundary_dates().map(dt.date.isoformat)),
        opt(st.sampled_from(["male", "female"])),
        opt(st.sampled_from(["none", "bachelor", "master", "doctor"])),
        opt(st.sampled_from(["none", "junior", "intermediate", "sub_senior", "senior"])),
        opt(st.sampled_from(["CN", "US", "DE"])),
        opt(st.booleans()),
        opt(st.booleans()),
        opt(words),
        opt(st.lists(record(v), max_size=3)),
        facts(v, "person"),
        opt(words),
        opt(IDS),
    )


#: person ids, shared with the applicants named in organisations' applications
IDS = st.sampled_from(["p1", "p2"])


def application(v: Vocabulary) -> st.SearchStrategy[dict[str, Any]]:
    """An application made through an organisation: programme, applicant, date, status."""
    return st.builds(
        lambda *a: _clean(dict(zip(("programme", "applicant", "date", "status"), a, strict=True))),
        st.sampled_from(v.words),
        opt(IDS),
        opt(boundary_dates().map(dt.date.isoformat)),
        opt(st.sampled_from(v.words)),
    )


def organisation(v: Vocabulary) -> st.SearchStrategy[dict[str, Any]]:
    words = st.sampled_from(v.words)
    return st.builds(
        lambda *a: _clean(
            dict(
                zip(
                    (
                        "role",
                        "kind",
                        "is_enterprise",
                        "legal_person",
                        "province",
                        "area_code",
                        "founded_on",
                        "id",
                        "county",
                        "facts",
                        "applications",
                    ),
                    a,
                    strict=True,
                )
            )
        ),
        opt(words),
        opt(words),
        opt(st.booleans()),
        opt(st.booleans()),
        opt(words),
        opt(st.sampled_from(["140300", "140302", "610100", "110000"])),
        opt(boundary_dates().map(dt.date.isoformat)),
        opt(words),
        opt(words),
        facts(v, "organisation"),
        opt(st.lists(application(v), max_size=3)),
    )


def _record_of(kind: str) -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(
        lambda val: {
            "value": val,
            "by": "reviewer",
            "on": "2025-01-01",
            **({"basis": "approved"} if kind == "w" else {}),
        },
        st.booleans(),
    )


def profile(v: Vocabulary) -> st.SearchStrategy[dict[str, Any]]:
    words = st.sampled_from(v.words)
    dates = boundary_dates().map(dt.date.isoformat)
    app = st.builds(
        lambda *a: _clean(
            dict(
                zip(
                    (
                        "track",
                        "field",
                        "channel",
                        "call_notice_date",
                        "reference_date",
                        "submitted_on",
                        "facts",
                    ),
                    a,
                    strict=True,
                )
            )
        ),
        opt(words),
        opt(words),
        opt(words),
        opt(dates),
        opt(dates),
        opt(dates),
        facts(v, "application"),
    )
    team = st.builds(
        lambda *a: _clean(dict(zip(("name", "leader", "members", "facts"), a, strict=True))),
        opt(st.sampled_from(["t", " "])),
        opt(person(v)),
        opt(st.lists(person(v), max_size=8).map(lambda xs: listed_once(xs, ("id",)))),
        facts(v, "team"),
    )
    keyed = {
        "attestations": st.dictionaries(
            st.sampled_from(sorted(v.attest)), _record_of("a"), max_size=4
        )
        if v.attest
        else st.just({}),
        "decisions": st.dictionaries(st.sampled_from(sorted(v.judge)), _record_of("d"), max_size=4)
        if v.judge
        else st.just({}),
        "waivers": st.just({})
        if not v.soft
        else st.dictionaries(
            st.sampled_from(sorted(v.soft)),
            st.builds(
                lambda d: {"decision": d, "by": "b", "on": "2025-01-01", "basis": "x"},
                st.sampled_from(["approved", "declined", "pending"]),
            ),
            max_size=2,
        ),
    }
    return st.builds(
        lambda i, p, t, o, a, f, att, dec, w: _clean(
            {
                "id": i,
                "person": p,
                "team": t,
                "organisations": o,
                "application": a,
                "facts": f,
                "attestations": att,
                "decisions": dec,
                "waivers": w,
            }
        ),
        st.text("abcdef", min_size=1, max_size=6),
        opt(person(v)),
        opt(team),
        opt(st.lists(organisation(v), max_size=3).map(lambda xs: listed_once(xs, ("id", "role")))),
        opt(app),
        facts(v, "profile"),
        keyed["attestations"],
        keyed["decisions"],
        keyed["waivers"],
    )


def award_histories(engine: Engine, programmes: list[str]) -> st.SearchStrategy[list[Any]]:
    """Award histories as a case gives them: awards of the run's programmes (the ledger
    built as the case is assessed) and of one that does not exist; payments of each
    programme's lines and obligations over the years around the award, or of a line it
    does not declare; events of the kinds its exit rules answer, or of a kind none
    answers, or ending before they start. Mostly valid: a history the engine refuses
    makes the whole case an error row."""
    lines: dict[str, list[str]] = {}
    kinds: dict[str, list[str]] = {}
    for pid in programmes:
        prog = engine.programme(pid)
        lines[pid] = [d.id for d in prog.funding if isinstance(d, (FundingItem, Obligation))]
        kinds[pid] = sorted(engine.exit_kinds(pid))
    dates = st.dates(dt.date(2015, 1, 1), dt.date(2026, 12, 31))

    def award(pid: str) -> st.SearchStrategy[dict[str, Any]]:
        wrong = f"{pid}.nope"
        # about one payment or event in ten names what the programme does not declare
        items = st.sampled_from([*lines[pid] * 9, wrong]) if lines[pid] else st.just(wrong)
        paid = st.builds(
            lambda item, amount, year, on: _clean(
                {"item": item, "amount": amount, "year": year, "on": on}
            ),
            items,
            st.sampled_from(["0.01", "1", "50000", "999999.99", "1000000", "7000000"]),
            opt(st.integers(2015, 2028)),
            opt(dates.map(dt.date.isoformat)),
        )
        kind = st.sampled_from([*kinds[pid] * 9, "nope"]) if kinds[pid] else st.just("nope")
        event = st.builds(
            lambda k, d, until: _clean(
                {
                    "kind": k,
                    "date": d.isoformat(),
                    "until": None if until is None else (d + until).isoformat(),
                }
            ),
            kind,
            dates,
            opt(st.sampled_from([*[dt.timedelta(0), dt.timedelta(90)] * 4, dt.timedelta(days=-1)])),
        )
        return st.builds(
            lambda on, p, e: _clean(
                {"programme": pid, "awarded_on": on, "paid": p or None, "events": e or None}
            ),
            opt(dates.map(dt.date.isoformat)),
            st.lists(paid, max_size=3) if lines[pid] else st.just([]),
            st.lists(event, max_size=2) if kinds[pid] else st.just([]),
        )

    one = st.sampled_from(programmes).flatmap(award)
    unknown = st.builds(
        lambda pid: {"programme": f"{pid}x", "awarded_on": "2025-01-10"},
        st.sampled_from(programmes),
    )
    return st.lists(st.one_of(*[one] * 9, unknown), min_size=1, max_size=2)


def _nudged(param: Any, on: dt.date) -> st.SearchStrategy[Any]:
    """Values an operator may give ``param`` (as a parameter file writes them), at and
    around the one in force on ``on``; where the text is silent (not set), a value of
    its type."""
    from talentkit.params import CONVENTIONS, UNSET

    current = param.value if param.in_force(on) else UNSET
    t = param.type
    if param.values:
        return st.sampled_from(list(param.values))
    if t in CONVENTIONS:
        return st.sampled_from(list(CONVENTIONS[t]))
    if t == "int":
        base = 3 if current is UNSET else current
        return st.sampled_from(sorted({max(0, base + d) for d in (-1, 0, 1, 2)}))
    if t == "yuan":
        fen = 10_000_000 if current is UNSET else current.fen
        return st.sampled_from(
            [f"{max(0, fen + d) // 100}.{max(0, fen + d) % 100:02d}" for d in (-1, 0, 1)]
        )
    if t == "fraction":
        base = Fraction(1, 3) if current is UNSET else current
        step = Fraction(1, 100)
        return st.sampled_from([str(x) for x in (base - step, base, base + step) if 0 <= x <= 1])
    if t == "bool":
        return st.booleans()
    if t == "date":
        base = AS_OF if current is UNSET else current
        return st.sampled_from([(base + dt.timedelta(days=d)).isoformat() for d in (-1, 0, 1)])
    if t == "period":
        return st.sampled_from(["P1Y", "P2Y", "P3Y", "P5Y", "P6M"])
    if t == "window":
        return st.sampled_from(["P3Y", "P5Y", "unlimited"])
    if t == "list" and current is not UNSET and current:
        return st.lists(st.sampled_from(list(current)), unique=True).map(
            lambda xs: [x for x in current if x in xs]
        )
    return st.nothing()  # text, tables, empty or unset lists: left as installed


def parameter_overrides(engine: Engine, on: dt.date) -> st.SearchStrategy[dict[str, Any]]:
    """Operator overrides of installed parameters, each nudged around its value in
    force on ``on`` (:func:`_nudged`), and values for some the texts leave unset."""
    choices = {}
    for key, versions in sorted(engine.params.by_key.items()):
        param = next((p for p in versions if p.in_force(on)), versions[0])
        found = _nudged(param, on)
        if not found.is_empty:
            choices[key] = found
    keys = st.lists(st.sampled_from(sorted(choices)), min_size=1, max_size=40, unique=True)
    return keys.flatmap(lambda ks: st.fixed_dictionaries({k: choices[k] for k in ks}))


def in_force(engine: Engine, on: dt.date) -> dict[str, Any]:
    """The overrides that put every installed programme in force on ``on``, as an
    operator would: a draft enabled, a date the text leaves to the operator (a draft's
    commencement) set a year before, a first day in force after ``on`` moved there. The
    programmes not in force on a date are answered by their gate alone: without these,
    their rules would never be compared."""
    before = (on - dt.timedelta(days=365)).isoformat()
    out: dict[str, Any] = {}
    for key, (param, *_) in engine.params.by_key.items():
        if param.type == "bool" and key.endswith(".enabled"):
            out[key] = True
        elif param.type == "date" and (
            not param.is_set or (key.endswith(".valid_from") and param.value > on)
        ):
            out[key] = before
    return out
