"""Indented JSON through orjson (``talentkit.jsonwriter``): the same text as ``json.dumps``
of ``unstructure``, and the Python writer wherever orjson would write a value otherwise."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import subprocess
import sys
import typing
from collections import OrderedDict, defaultdict
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal

import attrs
import pytest

from talentkit import Money, Period, Text, to_json, unstructure
from talentkit.convert import _written
from talentkit.engine import Engine
from talentkit.facts import MISSING
from talentkit.jsonwriter import _closed, compact_utf8, indented
from talentkit.rules.outcome import Check, Status, deferred_check
from talentkit.text import Citation

sys.path.insert(0, str(Path(__file__).resolve().parent))

import reference_reports

ROOT = Path(__file__).resolve().parent.parent

#: every character ``json`` escapes, and the ones it writes as they are although other
#: writers escape them (DEL, the line and paragraph separators, the solidus)
AWKWARD = "".join(map(chr, range(0x20))) + '"\\/\x7f\u2028\u2029\ud7ff\ue000\uffff𝄞中文（）'


class Tagged(str):
    pass


class Count(int):
    pass


class Pair(typing.NamedTuple):
    left: int
    right: str


def reference(obj: Any) -> str:
    return json.dumps(unstructure(obj), ensure_ascii=False, indent=2)


def compact(obj: Any) -> str:
    return json.dumps(unstructure(obj), ensure_ascii=False, separators=(",", ":"))


def check(**fields: Any) -> Check:
    base: dict[str, Any] = {"rule_id": "r", "status": Status.PASS, "text": Text("文", "text")}
    return Check(**{**base, **fields})


def test_every_reference_report_is_written_by_orjson_as_by_the_python_writer() -> None:
    """The reference reports (every shipped example and case file) need no fall-back, and
    orjson's text is the Python writer's: tests/test_reference_reports.py pins the text."""
    engine = Engine.create()
    count = 0
    for name, profile, kwargs in reference_reports._cases(engine):
        selected = kwargs.pop("all", None)
        report = engine.assess(profile, selected, **kwargs)
        fast = indented(report)
        assert fast is not None, name
        assert fast == _written(report, "  "), name
        if count % 50 == 0:  # the document without indentation (a web answer's)
            body = compact_utf8(report)
            assert body is not None, name
            assert body.decode() == compact(report), name
        count += 1
    assert count > 700


@pytest.mark.parametrize(
    "sample",
    [
        AWKWARD,
        [AWKWARD, {AWKWARD: AWKWARD}],
        check(text=Text(AWKWARD, AWKWARD), read={AWKWARD: AWKWARD}, missing=(AWKWARD,)),
        [[], {}, (), [[]], {"a": {}}, {"a": []}, [{}]],
        check(),  # empty tuples and tables as fields
        {"empty": check(read={}, missing=(), children=(check(),))},
        [2**53 + 1, -(2**53) - 1, 2**63 - 1, -(2**63), 2**64 - 1, 0, -1, True, False, None],
        check(read={"big": 2**64 - 1, "small": -(2**63)}),
        [dt.date(2026, 2, 28), dt.date(999, 1, 2), dt.datetime(2026, 1, 2, 3, 4, 5, 6)],
        [dt.time(1, 2, 3), Fraction(1, 3), Decimal("999.50"), Money(123456), Period(years=2)],
        [MISSING, {1, 2}, frozenset({"a"}), b"x", Status.FAIL],
        {"citation": Citation("T", "第1条", quote="“引号”\n"), "missing": MISSING},
        [Tagged("v"), Count(5), OrderedDict(a=[1]), defaultdict(list, b=[]), Pair(1, "a")],
    ],
)
def test_written_by_orjson_as_json_writes_it(sample: Any) -> None:
    assert indented(sample) is not None
    assert to_json(sample) == reference(sample)
    body = compact_utf8(sample)
    assert body is not None
    assert body.decode() == compact(sample)


class Colour(enum.Enum):
    RED = "red"


class Level(enum.IntEnum):
    LOW = 1


class Weight(enum.Enum):
    LIGHT = 0.5


class Odd(str, enum.Enum):
    """A member whose value is not the string it is (orjson might write either)."""

    ONE = 1  # type: ignore[assignment]

    def __new__(cls, value: int) -> Odd:
        member = str.__new__(cls, "one")
        member._value_ = value
        return member


@dataclasses.dataclass
class Point:
    x: int


def test_enumerations_and_dataclasses() -> None:
    for sample in ([Colour.RED, Level.LOW], {"p": Point(1)}, [Status.PASS]):
        assert indented(sample) is not None
        assert to_json(sample) == reference(sample)
    for sample in ([Weight.LIGHT], check(read={"w": Weight.LIGHT}), [Odd.ONE]):
        assert indented(sample) is None
        assert to_json(sample) == reference(sample)


@pytest.mark.parametrize(
    "sample",
    [
        1.5,
        [1e-05],  # orjson writes 0.00001
        [1e16, -0.0],
        {"x": [float("nan")]},  # orjson writes null
        check(read={"ratio": [{"r": float("inf")}]}),  # a field declared dict[str, Any]
        {"s": {0.5}},  # a set becomes a list orjson writes itself
        [2**64],  # beyond 64 bits: orjson refuses
        [-(2**63) - 1],
        check(read={"n": 10**30}),
        "\ud800",  # a lone surrogate: orjson refuses
        {1: "a"},  # keys that are not strings: orjson refuses
        {Status.PASS: "a"},
        {Colour.RED: "a"},
    ],
)
def test_left_to_the_python_writer(sample: Any) -> None:
    assert indented(sample) is None
    assert compact_utf8(sample) is None
    assert to_json(sample) == reference(sample)


def test_nesting_deeper_than_orjson_writes_is_left_to_the_python_writer() -> None:
    deep: list[Any] = []
    for _ in range(300):
        deep = [deep]
    assert indented(deep) is None
    assert to_json(deep) == reference(deep)


@attrs.frozen
class Loose:
    """A record with fields whose declared types may hold floats."""

    anything: Any = None
    table: dict[str, Any] = attrs.field(factory=dict)
    many: tuple[float, ...] = ()
    either: int | float = 0


@attrs.frozen
class Unresolved:
    """A record whose declared types cannot be read: every field is looked into."""

    value: Undefined  # type: ignore[name-defined]  # noqa: F821


def test_records_are_looked_into_where_their_declarations_allow_floats() -> None:
    for sample in (
        Loose(anything=0.5),
        Loose(table={"a": [0.5]}),
        Loose(many=(0.5,)),
        Loose(either=0.5),
        Unresolved(value=0.5),
        Unresolved(value=[0.5]),
    ):
        assert indented(sample) is None, sample
        assert to_json(sample) == reference(sample)
    for sample in (Loose(anything="a", table={"a": [1]}, many=(), either=2), Unresolved([1])):
        assert indented(sample) is not None
        assert to_json(sample) == reference(sample)


@pytest.mark.parametrize(
    ("hint", "closed"),
    [
        (str, True),
        (int, True),
        (Text, True),
        (Text | None, True),
        (tuple[str, ...], True),
        (tuple[Text, ...], True),
        (dict[str, Text], True),
        (typing.Optional[Citation], True),  # noqa: UP045
        (Literal["a", 1, None], True),
        (Status, True),
        (dt.date, True),
        (Money, True),
        (Any, False),
        (object, False),
        (float, False),
        (int | float, False),
        (dict[str, Any], False),
        (list[float], False),
        (tuple[str, float], False),
        (Literal[0.5], False),
        (Weight, False),
        (dict, False),
        (tuple, False),
        (list, False),
    ],
)
def test_declared_types_that_hold_no_float(hint: Any, closed: bool) -> None:
    assert _closed(hint) is closed


class Quoted(Citation):
    """A citation of a plugin's own class."""


class Bilingual(Text):
    pass


def test_a_check_shared_and_a_citation_kept_are_written_in_place() -> None:
    cite = Citation("T", "第1条", item="（一）", quote="原文")
    shared = check(citation=cite, children=(check(citation=cite),))
    sample = [shared, {"again": shared, "deeper": [[shared]]}, cite]
    for _ in range(2):  # the second time from the citations kept
        assert indented(sample) is not None
        assert to_json(sample) == reference(sample)


@attrs.define
class Fresh:
    """A record whose checks are made anew each time they are read (and let go after)."""

    name: str
    checks: tuple[Check, ...] = ()

    def __attrs_post_init__(self) -> None:
        object.__delattr__(self, "checks")

    def __getattr__(self, name: str) -> Any:
        if name != "checks":
            raise AttributeError(name)
        return (check(rule_id=f"{self.name}.fresh", read={"n": self.name}),)


def test_a_check_met_once_is_kept_while_the_document_is_written() -> None:
    """A check's table is reused for the same object met again: a check let go once
    written must not leave its id (and so its table) to the next one made."""
    sample = [Fresh(str(i)) for i in range(50)]
    assert indented(sample) is not None
    assert to_json(sample) == reference(sample)
    assert to_json(sample).count(".fresh") == 50


def test_texts_and_citations_in_a_record_are_written_as_their_own_records() -> None:
    """A record's tuple of texts and its citation are written in its table (without a
    call back) as orjson would write their own tables, and whatever else a field holds is
    still handed back."""
    cite = Citation("T", "第1条", quote=AWKWARD)
    texts = (Text("甲", "a"), Bilingual("乙", "b"), Text(AWKWARD, AWKWARD))
    samples = [
        check(hints=texts, review=texts, citation=cite),
        check(hints=(), review=(Text("丙", "c"),), citation=None),
        check(citation=Citation("U", "第2条")),  # not kept yet
        check(citation=Quoted("Q", "第3条", quote="引")),
        check(hints=[Text("丁", "d")], citation=cite),  # type: ignore[arg-type]
        check(review=("plain", MISSING, 1), detail=Bilingual("戊", "e")),  # type: ignore[arg-type]
    ]
    for _ in range(2):  # the second time, the citations from those kept
        for sample in samples:
            assert indented(sample) is not None
            assert to_json(sample) == reference(sample)


def test_a_check_s_parts_and_amounts_are_written_as_orjson_would_ask_for_them() -> None:
    inner = check(rule_id="inner", hints=(Text("甲", "a"),), read={"amount": Money(-12345)})
    samples: list[Any] = [
        check(children=(inner, inner, check(children=(inner,)))),
        check(children=(inner, "plain", 7, None, MISSING, Money(5), dt.date(2026, 1, 2))),
        check(children=[inner]),  # type: ignore[arg-type]
        check(children=(Tagged("t"), Count(3), Colour.RED)),  # type: ignore[arg-type]
        [Money(0), Money(1), Money(-(2**63)), {"m": Money(2**63 - 1)}],
    ]
    for sample in samples:
        assert indented(sample) is not None
        assert to_json(sample) == reference(sample)
    for sample in (
        check(children=(check(read={"x": 0.5}),)),
        check(children=(inner, 0.5)),  # type: ignore[arg-type]
        check(children=(Weight.LIGHT,)),  # type: ignore[arg-type]
    ):
        assert indented(sample) is None
        assert to_json(sample) == reference(sample)


def test_an_error_while_reading_a_value_is_raised_as_it_is() -> None:
    @attrs.frozen
    class Rule:
        id: str = "r"
        cite: Citation | None = None

        def evaluate_now(self, ctx: object, plugin: str) -> Check:
            raise RuntimeError("the explanation failed")

    broken = deferred_check(Rule(), None, "p", Status.PASS, (), ())
    with pytest.raises(RuntimeError, match="the explanation failed"):
        to_json([broken])


def test_other_indentations_are_the_python_writer_s() -> None:
    sample = check(read={"a": [1, {}]})
    for indent in (None, 0, 1, 4):
        assert to_json(sample, indent=indent) == json.dumps(
            unstructure(sample), ensure_ascii=False, indent=indent
        )


def test_orjson_is_loaded_when_json_is_written_only() -> None:
    code = (
        "import sys, talentkit, talentkit.convert\n"
        "assert 'orjson' not in sys.modules\n"
        "print(talentkit.to_json([1]))\n"
        "assert 'orjson' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, cwd=ROOT)


class _Day(dt.date):
    """A date of a subclass: left to the call back, as any other type."""

    def isoformat(self) -> str:
        return "day " + super().isoformat()


def test_values_read_holding_dates_and_missing_facts_are_written_as_json_writes_them() -> None:
    """A check's values read with dates and MISSING among them, a subclass of date, an
    amount, a fraction, a status and a table: written as ``json`` writes their
    ``unstructure``, and the check's own table left as it is."""
    read: dict[str, Any] = {
        "z.first": MISSING,
        "as_of": dt.date(2026, 10, 20),
        "at": dt.datetime(2026, 1, 2, 3, 4, 5),
        "day": _Day(2026, 1, 2),
        "amount": Money(150),
        "share": Fraction(1, 3),
        "status": Status.PASS,
        "att": {"value": True, "on": dt.date(2026, 1, 1)},
        "a.last": MISSING,
    }
    before = dict(read)
    sample = check(read=read, children=(check(read={"d": dt.date(2026, 1, 3)}),))
    assert indented(sample) is not None
    assert to_json(sample) == reference(sample)
    assert '"day": "day 2026-01-02"' in to_json(sample)
    assert read == before
    assert list(read) == list(before)
    for left in (
        check(read={"m": MISSING, "x": 0.5}),
        check(read={"d": dt.date(2026, 1, 1), "n": 10**30}),
    ):
        assert indented(left) is None
        assert to_json(left) == reference(left)


@attrs.frozen
class Dated:
    """A record with fields declared as dates: written in its table, not called back."""

    on: dt.date
    until: dt.date | None = None


def test_dates_and_amounts_are_written_from_their_kept_texts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A date's ISO text and an amount's table are kept by value: equal values written
    alike, others (a datetime in a field declared as a date, a subclass of date, the
    same fen negated) as their own, in one document and the next, and after the kept
    texts are started afresh."""
    import talentkit.jsonwriter as writer

    monkeypatch.setattr(writer, "_KEPT_MAX", 3)
    days = [dt.date(2026, 1, 1) + dt.timedelta(days=n) for n in range(0, 400, 37)]
    samples: list[Any] = [
        [Dated(on=d, until=d if n % 2 else None) for n, d in enumerate(days)],
        [Dated(on=dt.date(2026, 1, 1)), Dated(dt.date(2026, 1, 1), until=dt.date(2025, 12, 31))],
        [Dated(dt.date(2026, 1, 2)), Dated(dt.datetime(2026, 1, 2)), Dated(_Day(2026, 1, 2))],
        [Dated(on=dt.date(1, 1, 1), until=dt.date(9999, 12, 31)), {"d": dt.date(2026, 1, 1)}],
        [Money(n) for n in (5, -5, 0, 100, -100, 12345, -(2**63), 2**63 - 1, 5, -5)],
        check(read={"a": Money(7), "b": Money(-7), "c": dt.date(2026, 3, 1)}),
    ]
    for _ in range(2):  # the second time, from what the first kept
        for sample in samples:
            assert indented(sample) is not None
            assert to_json(sample) == reference(sample)
    assert len(writer._ISO) <= 3
    assert len(writer._AMOUNTS) <= 3
    assert '"on": "2026-01-02T00:00:00"' in to_json(samples[2])
    assert '"on": "day 2026-01-02"' in to_json(samples[2])
