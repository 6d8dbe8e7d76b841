"""The collector's pace while talentkit's own dependencies are imported.

Importing attrs, cattrs and click (and building their classes) allocates a few hundred
thousand container objects and leaves almost no cycles: at the interpreter's default (a
collection every 700 new objects) the collector runs hundreds of times and frees next to
nothing. For the length of those imports it collects every 100,000 new objects instead,
then gets the caller's pace back, whatever it was; collections still happen, and a
caller that turned automatic collection off (a threshold of 0) keeps it off.
"""

from __future__ import annotations

import gc

#: new container objects between two collections while the dependencies are imported
IMPORT_THRESHOLD = 100_000


def slower() -> tuple[int, ...] | None:
    """Collect less often; the caller's thresholds, to give to :func:`restore`, or None
    when they were left as they were (collection off, or already as slow)."""
    usual = gc.get_threshold()
    if usual[0] == 0 or usual[0] >= IMPORT_THRESHOLD:
        return None
    gc.set_threshold(IMPORT_THRESHOLD, *usual[1:])
    return usual


def restore(usual: tuple[int, ...] | None) -> None:
    """The thresholds :func:`slower` found, unless something changed them since."""
    if usual is not None and gc.get_threshold()[0] == IMPORT_THRESHOLD:
        gc.set_threshold(*usual)
