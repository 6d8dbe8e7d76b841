"""The collector's pace while talentkit's own dependencies are imported.

Importing attrs, cattrs and click (and building their classes) allocates a few hundred
thousand container objects and leaves almost no cycles: at the interpreter's default (a
collection every 700 new objects) the collector runs hundreds of times and frees next to
nothing. For the length of those imports it collects every 100,000 new objects instead,
then gets the caller's pace back, whatever it was; collections still happen, and a
caller that turned automatic collection off (a threshold of 0) keeps it off.

The ``talentkit`` program's own process (:func:`talentkit.cli.run`) keeps that slower pace
for a one-shot command; when it is started as ``python -m talentkit.cli`` (or ``-m
talentkit``) or through the ``talentkit`` script, it takes that pace from its first import
(:func:`program_start`): giving the interpreter's pace back after each import only to take
it again in ``run`` made the collector go over everything the imports had made, twice.
"""

from __future__ import annotations

import gc
import os
import sys

#: new container objects between two collections while the dependencies are imported
IMPORT_THRESHOLD = 100_000
#: the same, in the program's own process while a one-shot command starts and runs
ONE_SHOT_THRESHOLD = 100_000
#: the thresholds the program's process had before :func:`program_start` changed them
FOUND_BY_PROGRAM: list[tuple[int, ...]] = []
#: the modules ``python -m`` runs as the program, and the script installed for it
_PROGRAM_MODULES = ("talentkit", "talentkit.cli")
_PROGRAM_SCRIPT = "talentkit"


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


def starting_program() -> bool:
    """Whether talentkit is being imported on the way to the program's :func:`run
    <talentkit.cli.run>`: by ``python -m talentkit.cli`` or ``-m talentkit`` while Python
    locates that module (``sys.argv[0]`` is ``"-m"`` until it has found it, and the
    module's name stands in ``sys.orig_argv`` where the arguments begin), or by a script
    named ``talentkit`` run as the main program whose own code imports ``run`` from
    ``talentkit.cli`` (the script the package installs). Anything else (``-c``, another
    module, a library caller, a test) is not the program."""
    argv = sys.argv
    if argv[:1] == ["-m"]:
        orig = getattr(sys, "orig_argv", [])
        return len(orig) > len(argv) and orig[-len(argv)] in _PROGRAM_MODULES
    main = sys.modules.get("__main__")
    if (
        main is None
        or getattr(main, "__spec__", None) is not None
        or not argv
        or os.path.basename(argv[0]) != _PROGRAM_SCRIPT
    ):
        return False
    frame = sys._getframe()
    while frame.f_back is not None:
        frame = frame.f_back
    names = frame.f_code.co_names
    return frame.f_globals is vars(main) and "talentkit.cli" in names and "run" in names


def program_start() -> None:
    """In the program's own process (:func:`starting_program`), the one-shot pace from
    now on, the thresholds found kept for :func:`talentkit.cli.run` (once per process)."""
    if not FOUND_BY_PROGRAM and starting_program():
        FOUND_BY_PROGRAM.append(gc.get_threshold())
        gc.set_threshold(ONE_SHOT_THRESHOLD, *gc.get_threshold()[1:])
