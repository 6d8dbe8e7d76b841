"""How a chunk's own lazy queries are collected.

polars collects a lazy query with its "auto" engine by default, which may choose the
streaming engine; a query over one chunk held in memory gains nothing from streaming and
pays its set-up for each of a chunk's lazy queries (a small query costs about twice
what the in-memory engine takes). Eager frame operations already run in memory;
the lazy queries over a chunk name the engine with :data:`IN_MEMORY`. Scans of files
(:mod:`talentkit.batch.io`) keep polars' choice.
"""

from __future__ import annotations

from typing import Final, Literal

IN_MEMORY: Final[Literal["in-memory"]] = "in-memory"
"""The engine a chunk's lazy queries are collected with."""
