"""The cores this process may run on: what sizes thread pools (polars' pool for the
``batch`` command, the chunks of a frame assessed at once)."""

from __future__ import annotations

import os


def usable_cores() -> int:
    """The cores this process may run on (its affinity where the system tells it, as
    polars counts them; a container or ``taskset`` may allow fewer than the machine
    has), at least one."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on every system
        return max(1, os.cpu_count() or 1)
