"""A minimal working plugin found through an entry point (test data)."""

from __future__ import annotations

from talentkit import Jurisdiction, Text, hookimpl


@hookimpl
def talentkit_add_jurisdictions() -> list[Jurisdiction]:
    return [Jurisdiction(id="demo_ok", name=Text("演示", "Demo"))]
