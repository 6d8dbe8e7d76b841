"""Every compiler declares the fields of its class it handles, and the declaration is kept
true: a rule or funding class that gains a field its compiler does not handle fails here
(and, at run time, is assessed by the engine instead of compiled wrongly)."""

from __future__ import annotations

import attrs
import pytest

import talentkit.rules
from talentkit import Compare, P, Rule, Text
from talentkit.batch.compile import BASE_FIELDS, HANDLED, NotCompilable, unhandled_fields
from talentkit.batch.evaluate import FUNDING_HANDLED, _declared


def _rule_classes() -> list[type]:
    out = []
    for name in talentkit.rules.__all__:
        obj = getattr(talentkit.rules, name)
        if isinstance(obj, type) and issubclass(obj, Rule) and obj is not Rule:
            out.append(obj)
    return out


# Custom: a Python predicate has no columnar form.
ROW_BY_ROW = {"Custom"}


@pytest.mark.parametrize("cls", _rule_classes(), ids=lambda c: c.__name__)
def test_every_rule_class_declares_exactly_its_fields(cls: type) -> None:
    if cls.__name__ in ROW_BY_ROW:
        assert cls not in HANDLED
        return
    fields = {f.name for f in attrs.fields(cls)} - BASE_FIELDS
    assert HANDLED.get(cls) == fields, f"{cls.__name__}: compiler fields out of date"


@pytest.mark.parametrize("cls", list(FUNDING_HANDLED), ids=lambda c: c.__name__)
def test_every_funding_class_declares_exactly_its_fields(cls: type) -> None:
    assert FUNDING_HANDLED[cls] == {f.name for f in attrs.fields(cls)}


@attrs.frozen(kw_only=True)
class CompareWithTolerance(Compare):
    """A subclass adding a field: dispatch alone would compile it as a plain Compare."""

    tolerance: int = 0


def test_a_subclass_with_a_new_field_is_not_compiled_as_its_parent() -> None:
    assert unhandled_fields(CompareWithTolerance) == {"tolerance"}
    assert unhandled_fields(Compare) == frozenset()

    from talentkit.batch.compile import compile_rule

    with pytest.raises(NotCompilable, match="tolerance"):
        compile_rule(CompareWithTolerance(fact="x", text=Text("", "")), None)  # type: ignore[arg-type]


def test_a_funding_declaration_with_an_unknown_field_goes_to_the_engine() -> None:
    from talentkit import Citation, Fixed

    @attrs.frozen(kw_only=True)
    class FixedPerHead(Fixed):
        heads: str = "team.members"

    item = FixedPerHead(
        id="x",
        cite=Citation(document="D", article="1"),
        text=Text("", ""),
        payee="person",
        amount=P("a"),
    )
    with pytest.raises(NotCompilable, match="FixedPerHead"):
        _declared(item)


def test_batch_code_reaches_into_no_private_name() -> None:
    """The batch backend uses the core's public names only (talentkit.semantics and the
    vocabulary), so it cannot come to depend on an engine detail."""
    import ast
    from pathlib import Path

    import talentkit.batch

    found = []
    for path in sorted(Path(talentkit.batch.__file__).parent.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module != "__future__":
                for alias in node.names:
                    if alias.name.startswith("_"):
                        found.append(f"{path.name}: imports {node.module}.{alias.name}")
                    modules.add(alias.asname or alias.name)
            elif isinstance(node, ast.Import):
                modules.update(a.asname or a.name.split(".")[0] for a in node.names)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and isinstance(node.value, ast.Name)
                and node.value.id in modules | {"engine"}
            ):
                found.append(f"{path.name}:{node.lineno}: {node.value.id}.{node.attr}")
    assert found == []
