"""A plugin whose registration hook answers garbage (CLI tests)."""

from typing import Any

from talentkit import hookimpl


@hookimpl
def talentkit_add_programmes() -> list[Any]:
    return ["x", None]
