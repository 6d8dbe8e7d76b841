"""A plugin module whose declaration misspells an enumeration word: it cannot load."""

from __future__ import annotations

from talentkit import OneOf

MODE = OneOf(fact="team.name", values=("a",), mode="al")  # type: ignore[arg-type]
