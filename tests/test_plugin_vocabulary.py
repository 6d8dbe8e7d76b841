"""The jurisdiction plugins are declarations in the core vocabulary: no plugin defines its
own rule class, funding wrapper or evaluation hook, and every name they use is public."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from types import ModuleType

import pytest

import talentkit
from talentkit import Rule
from talentkit.funding import FundingItem

PLUGINS = ["talentkit_yangquan", "talentkit_shaanxi", "talentkit_xinzhou"]
EVALUATION_HOOKS = (
    "talentkit_eligibility",
    "talentkit_funding",
    "talentkit_exit",
    "talentkit_score",
)


def modules(package: str) -> list[ModuleType]:
    root = importlib.import_module(package)
    out = [root]
    for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
        out.append(importlib.import_module(info.name))
    return out


@pytest.mark.parametrize("package", PLUGINS)
def test_no_plugin_defines_its_own_rule_or_funding_class(package: str) -> None:
    own = [
        f"{m.__name__}.{name}"
        for m in modules(package)
        for name, obj in vars(m).items()
        if inspect.isclass(obj)
        and obj.__module__ == m.__name__
        and issubclass(obj, Rule | FundingItem)
    ]
    assert own == []


@pytest.mark.parametrize("package", PLUGINS)
def test_no_plugin_implements_an_evaluation_hook(package: str) -> None:
    hooks = [
        f"{m.__name__}.{name}"
        for m in modules(package)
        for name in EVALUATION_HOOKS
        if callable(getattr(m, name, None))
    ]
    assert hooks == []


def test_public_names_plugins_need_are_exported() -> None:
    for name in (
        "Outcome",
        "MISSING",
        "Context",
        "FundingDecl",
        "PaymentLine",
        "InRole",
        "PriorAward",
        "Instalments",
        "semantics",
    ):
        assert name in talentkit.__all__, name
