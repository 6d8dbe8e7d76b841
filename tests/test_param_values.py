"""A ``str`` parameter that declares its allowed values rejects others, in files and overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from talentkit.params import CONVENTIONS, ParameterError, ParameterStore, load_parameters

FILE = """
[[param]]
key = "x.mode"
type = "str"
values = ["cumulative", "top_up"]
value = "{value}"
"""


def write(tmp_path: Path, value: str) -> Path:
    path = tmp_path / "p.toml"
    path.write_text(FILE.format(value=value), encoding="utf-8")
    return path


def test_declared_value_loads(tmp_path: Path) -> None:
    (p,) = load_parameters(write(tmp_path, "top_up"))
    assert p.value == "top_up"
    assert p.values == ("cumulative", "top_up")


def test_value_outside_the_declared_set_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(
        ParameterError, match=r"expected one of cumulative, top_up @ p.toml: x.mode"
    ):
        load_parameters(write(tmp_path, "topup"))


def test_override_outside_the_declared_set_is_rejected(tmp_path: Path) -> None:
    store = ParameterStore()
    store.add(load_parameters(write(tmp_path, "cumulative")))
    assert store.with_overrides({"x.mode": "top_up"}).overrides["x.mode"] == "top_up"
    with pytest.raises(ParameterError, match="expected one of cumulative, top_up"):
        store.with_overrides({"x.mode": "top-up"})


def test_param_is_reads_the_value_in_force(tmp_path: Path) -> None:
    import datetime as dt

    from talentkit import Context, ParamIs, Profile, Status

    store = ParameterStore()
    store.add(load_parameters(write(tmp_path, "cumulative")))
    rule = ParamIs(key="x.mode", value="top_up")

    def status(s: ParameterStore) -> Status:
        ctx = Context(profile=Profile(), as_of=dt.date(2026, 1, 1), params=s)
        return rule.evaluate(ctx).status

    assert status(store) is Status.FAIL
    assert status(store.with_overrides({"x.mode": "top_up"})) is Status.PASS


def test_param_is_unset_is_unknown_and_named(tmp_path: Path) -> None:
    import datetime as dt

    from talentkit import Context, ParamIs, Profile, Status

    path = tmp_path / "q.toml"
    path.write_text('[[param]]\nkey = "x.on"\ntype = "bool"\nrequired = true\n', encoding="utf-8")
    store = ParameterStore()
    store.add(load_parameters(path))
    check = ParamIs(key="x.on").evaluate(
        Context(profile=Profile(), as_of=dt.date(2026, 1, 1), params=store)
    )
    assert check.status is Status.UNKNOWN
    assert check.missing == ("param:x.on",)


@pytest.mark.parametrize(
    ("code", "status"),
    [("140302", "pass"), ("1403", "pass"), ("140402", "fail"), ("114030", "fail")],
)
def test_one_of_prefix_mode_matches_area_codes(code: str, status: str) -> None:
    import datetime as dt

    from talentkit import Context, OneOf, Profile

    rule = OneOf(fact="facts.area", values=("1403",), mode="prefix")
    ctx = Context(
        profile=Profile(facts={"area": code}), as_of=dt.date(2026, 1, 1), params=ParameterStore()
    )
    assert rule.evaluate(ctx).status.value == status


@pytest.mark.parametrize("type_", sorted(CONVENTIONS))
def test_a_convention_takes_exactly_the_choices_it_lists(tmp_path: Path, type_: str) -> None:
    """``CONVENTIONS`` lists each convention's choices as the loader checks them: every
    listed choice loads, and a value beside them is refused naming them all."""
    path = tmp_path / "p.toml"
    choices = CONVENTIONS[type_]
    assert choices
    for value in (*choices, "none_of_these"):
        path.write_text(
            f'[[param]]\nkey = "x.c"\ntype = "{type_}"\nvalue = "{value}"\n', encoding="utf-8"
        )
        if value in choices:
            (p,) = load_parameters(path)
            assert p.value == value
            continue
        with pytest.raises(ParameterError, match="expected one of " + ", ".join(choices)):
            load_parameters(path)
