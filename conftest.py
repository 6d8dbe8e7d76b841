"""Test-session setup: make the made-up Fooland jurisdiction (tests/fooland) available.

It is registered through ``TALENTKIT_PLUGINS``, the same mechanism an operator uses for a
plugin that is not installed as a distribution, so it shows up in every command.
"""

import os
import sys
from pathlib import Path

FOOLAND = Path(__file__).parent / "tests" / "fooland"
sys.path.insert(0, str(FOOLAND))
os.environ.setdefault("TALENTKIT_PLUGINS", "talentkit_fooland.plugin")
os.environ["PYTHONPATH"] = os.pathsep.join(
    filter(None, [str(FOOLAND), os.environ.get("PYTHONPATH", "")])
)
