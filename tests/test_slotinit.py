"""Classes given an ``__init__`` through their slots build what attrs' own builds."""

from __future__ import annotations

import copy
import inspect
import pickle
from typing import Any

import attrs
import pytest

from talentkit.funding import FundingResult, PaymentLine
from talentkit.procedure import StepResult
from talentkit.rules.also import Entry
from talentkit.slotinit import through_slots
from talentkit.workdays import WorkdayCalendar


def _twins(**kwargs: Any) -> tuple[type, type]:
    """The same attrs class twice, the second through its slots."""

    def make() -> type:
        @attrs.frozen(**kwargs)
        class Sample:
            first: int
            second: str = "two"
            many: list[int] = attrs.field(factory=list)
            last: tuple[int, ...] = ()

        return Sample

    return make(), through_slots(make())


def _sig(cls: type) -> list[tuple[str, Any, Any]]:
    return [(p.name, p.kind, p.default) for p in inspect.signature(cls).parameters.values()]


@pytest.mark.parametrize("kw_only", [True, False])
def test_an_init_through_the_slots_takes_and_sets_what_attrs_init_does(kw_only: bool) -> None:
    plain, fast = _twins(kw_only=kw_only)
    assert "<slot setters __init__" in fast.__init__.__code__.co_filename  # type: ignore[misc]
    assert _sig(plain) == _sig(fast)
    for kwargs in ({"first": 1}, {"first": 1, "second": "b", "many": [3], "last": (4,)}):
        made, expected = fast(**kwargs), plain(**kwargs)
        assert attrs.asdict(made) == attrs.asdict(expected)
        assert repr(made).replace("Sample", "") == repr(expected).replace("Sample", "")
        assert copy.copy(made) == made
        assert attrs.evolve(made, first=9).first == 9
    assert fast(first=1).many is not fast(first=1).many  # a factory called for each
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        fast(first=1).first = 2  # type: ignore[misc]
    for wrong in ({}, {"first": 1, "colour": 2}):
        with pytest.raises(TypeError):
            fast(**wrong)
    if kw_only:
        with pytest.raises(TypeError):
            fast(1)
    else:
        assert fast(1, "b") == fast(first=1, second="b")


def test_a_class_it_cannot_mirror_keeps_attrs_init() -> None:
    @attrs.frozen
    class Converted:
        n: int = attrs.field(converter=int)

    @attrs.frozen
    class After:
        n: int

        def __attrs_post_init__(self) -> None:
            pass

    @attrs.frozen
    class Renamed:
        _n: int

    @attrs.frozen
    class FromSelf:
        n: int
        m: int = attrs.field(default=attrs.Factory(lambda self: self.n, takes_self=True))

    for cls in (Converted, After, Renamed, FromSelf):
        kept = cls.__init__
        assert through_slots(cls).__init__ is kept, cls


def _validated(fast: bool, seen: list[tuple[Any, ...]]) -> type:
    """A class whose validators record what they were given; ``fast``: through its slots.
    Its fields are named like the builtins and names the constructor's code uses."""

    def record(obj: Any, field: attrs.Attribute[Any], value: Any) -> None:
        # the object has its own class and every field set when any validator runs
        seen.append((type(obj).__name__, field.name, value, obj.type, obj.cls, obj.last))
        if value == "bad":
            raise ValueError(field.name)

    @attrs.frozen(kw_only=True)
    class Validated:
        type: str = attrs.field(validator=record)
        cls: str = "c"
        last: str = attrs.field(default="z", validator=[record, record])

    return through_slots(Validated) if fast else Validated


@pytest.mark.parametrize(
    "kwargs",
    [
        {"type": "t"},
        {"type": "t", "cls": "k", "last": "l"},
        {"type": "bad"},
        {"type": "t", "last": "bad"},
    ],
)
def test_validators_run_as_attrs_runs_them(kwargs: dict[str, str]) -> None:
    """After every field is set, in field order, with the object of its own class; an
    error raised by one stops the rest; turned off, none runs."""
    plain_seen: list[tuple[Any, ...]] = []
    fast_seen: list[tuple[Any, ...]] = []
    plain, fast = _validated(False, plain_seen), _validated(True, fast_seen)
    assert "<slot setters __init__" in fast.__init__.__code__.co_filename  # type: ignore[misc]
    assert _sig(plain) == _sig(fast)
    outcomes = []
    for cls in (plain, fast):
        try:
            outcomes.append(repr(cls(**kwargs)).replace(cls.__qualname__, ""))
        except ValueError as exc:
            outcomes.append(f"ValueError({exc})")
    assert outcomes[0] == outcomes[1]
    assert plain_seen == fast_seen
    assert fast_seen
    attrs.validators.set_disabled(True)
    try:
        plain_seen.clear()
        fast_seen.clear()
        assert fast(type="bad").type == plain(type="bad").type == "bad"
        assert plain_seen == fast_seen == []
    finally:
        attrs.validators.set_disabled(False)


def test_a_validated_subclass_keeps_its_class_and_is_validated() -> None:
    seen: list[tuple[Any, ...]] = []
    fast = _validated(True, seen)

    @attrs.frozen(kw_only=True)
    class Sub(fast):  # type: ignore[misc, valid-type]
        pass

    made = fast.__init__  # a subclass without fields of its own: set through the slots
    obj = object.__new__(Sub)
    made(obj, type="t")
    assert type(obj) is Sub
    assert obj.type == "t"
    assert [s[:2] for s in seen] == [("Sub", "type"), ("Sub", "last"), ("Sub", "last")]
    with pytest.raises(ValueError, match="type"):
        made(object.__new__(Sub), type="bad")


@pytest.mark.parametrize("name", ["Text", "Citation", "P", "Parameter", "FactSpec", "Programme"])
def test_the_records_a_start_builds_most_are_made_through_their_slots(name: str) -> None:
    import talentkit

    cls = getattr(talentkit, name)
    assert "<slot setters __init__" in cls.__init__.__code__.co_filename
    assert [p.name for p in inspect.signature(cls).parameters.values()] == [
        f.name for f in attrs.fields(cls)
    ]


def test_a_declared_value_is_still_checked_when_made_through_the_slots() -> None:
    from talentkit import FactSpec, Parameter, Programme
    from talentkit.rules.compare import Compare, OneOf

    with pytest.raises(ValueError, match="type"):
        Parameter(key="k", type="integer")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="scope"):
        FactSpec(name="x", type="int", scope="nowhere")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="mode"):
        OneOf(fact="x", values=("a",), mode="some")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="op"):
        Compare(fact="x", op="~", value=1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="subject"):
        Programme(id="p", jurisdiction="j", name=None, document="d", subject="cat")  # type: ignore[arg-type]


@pytest.mark.parametrize("cls", [PaymentLine, FundingResult, StepResult, WorkdayCalendar, Entry])
def test_the_results_built_per_programme_are_made_through_their_slots(cls: type) -> None:
    assert "<slot setters __init__" in cls.__init__.__code__.co_filename  # type: ignore[misc]
    params = list(inspect.signature(cls).parameters.values())
    assert [p.name for p in params] == [f.name for f in attrs.fields(cls)]
    keyword = inspect.Parameter.KEYWORD_ONLY
    assert [p.kind is keyword for p in params] == [f.kw_only for f in attrs.fields(cls)]
    defaults = {f.name: f.default for f in attrs.fields(cls)}
    for p in params:
        wanted = defaults[p.name]
        if wanted is attrs.NOTHING:
            assert p.default is inspect.Parameter.empty, p.name
        elif not isinstance(wanted, attrs.Factory):  # type: ignore[arg-type]
            assert p.default is wanted, p.name


def test_a_result_made_through_its_slots_pickles_and_evolves() -> None:
    made = FundingResult(programme="p", notes=())
    assert pickle.loads(pickle.dumps(made)) == made
    assert attrs.evolve(made, programme="q") == FundingResult(programme="q")
    # a calendar's notes: a new list for each calendar
    assert WorkdayCalendar().assumptions is not WorkdayCalendar().assumptions


def test_the_code_is_kept_with_attrs_methods_for_classes_outside_tests() -> None:
    """A shipped class's constructor is compiled once and kept in the bytecode cache; a
    class of a test's (made inside a function) is never written to it."""
    from talentkit import _bytecode
    from talentkit.results import deferred_assessment

    for made in (PaymentLine.__init__, deferred_assessment):
        name = made.__code__.co_filename
        assert any(key[0] == name for key in _bytecode._CACHE), name
        assert _bytecode._lasting(name)
    assert "DeferredAssessment" in deferred_assessment.__code__.co_filename
    test_class = _twins()[1]
    assert not _bytecode._lasting(test_class.__init__.__code__.co_filename)  # type: ignore[misc]
