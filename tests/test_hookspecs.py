"""Every hook is documented in the required shape and appears in the hook reference."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from talentkit import hookspecs

HOOKS = sorted(
    name
    for name in dir(hookspecs)
    if name.startswith("talentkit_") and callable(getattr(hookspecs, name))
)
ROOT = Path(__file__).parent.parent
DOCS = [ROOT / "docs" / "hooks.md", ROOT / "docs" / "reference" / "hooks.md"]


def test_there_are_hooks() -> None:
    assert {
        "talentkit_add_programmes",
        "talentkit_eligibility",
        "talentkit_funding",
        "talentkit_exit",
        "talentkit_grade_cohort",
    } <= set(HOOKS)


@pytest.mark.parametrize("name", HOOKS)
def test_hook_docstring_has_every_section(name: str) -> None:
    func = getattr(hookspecs, name)
    doc = inspect.getdoc(func)
    assert doc, f"{name} has no docstring"
    summary = doc.splitlines()[0]
    assert summary.strip(), f"{name}: the first line must be a one-line summary"
    for param in inspect.signature(func).parameters:
        assert f":param {param}:" in doc, f"{name}: no ':param {param}:'"
    assert ":return:" in doc, f"{name}: no ':return:'"
    assert "Combination:" in doc, f"{name}: does not say how answers combine"
    assert "Example::" in doc, f"{name}: no example"
    example = doc.split("Example::", 1)[1]
    assert "@hookimpl" in example
    assert f"def {name}(" in example, f"{name}: the example implements another hook"


@pytest.mark.parametrize("name", HOOKS)
def test_hook_is_marked_as_a_spec(name: str) -> None:
    assert hasattr(getattr(hookspecs, name), "talentkit_spec")


@pytest.mark.parametrize("name", HOOKS)
def test_hook_reference_mentions_every_hook(name: str) -> None:
    pages = [p for p in DOCS if p.exists()]
    if not pages:
        pytest.skip(
            "the hook reference (docs/hooks.md) has not been generated yet (run `talentkit docs`)"
        )
    for page in pages:
        assert name in page.read_text(encoding="utf-8"), f"{page} does not mention {name}"


def test_exit_hook_example_builds_outcomes() -> None:
    """The hook reference's ExitOutcome example runs as written."""
    import datetime as dt

    from talentkit import Award, Event, ExitCase, ExitOutcome, Profile, Status

    doc = inspect.getdoc(hookspecs.talentkit_exit)
    assert doc is not None
    code = inspect.cleandoc(doc.split("Example::", 1)[1])
    space: dict[str, object] = {}
    exec(compile(code, "talentkit_exit example", "exec"), space)
    hook = space["talentkit_exit"]

    class Prog:
        id = "fooland.team"

    def run(**facts: object) -> list[ExitOutcome]:
        case = ExitCase(
            event=Event(kind="relocation", date=dt.date(2026, 5, 1), facts=facts),
            award=Award(programme="fooland.team"),
            profile=Profile(),
        )
        return hook(Prog(), case, None)  # type: ignore[operator, no-any-return]

    (open_,) = run()
    assert (open_.status, open_.missing) == (Status.UNKNOWN, ("event.facts.fooland.whole_team",))
    (done,) = run(**{"fooland.whole_team": True})
    assert (done.status, done.new_status, done.missing) == (Status.PASS, "terminated", ())
    assert run(**{"fooland.whole_team": False}) == []
