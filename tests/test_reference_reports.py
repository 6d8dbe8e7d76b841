"""Every shipped example and case file reports exactly what the reference holds.

The reference is the full JSON report of each case (see ``tests/reference_reports.py``);
how the engine evaluates (compiled plans, one evaluation per distinct rule, explanations
built when read) must not change a character of it.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import reference_reports

from talentkit.engine import Engine


def test_reports_equal_the_reference() -> None:
    got = reference_reports.digests(reference_reports.reports(Engine.create()))
    want = reference_reports.load_reference()
    assert sorted(got) == sorted(want), "the set of cases changed; regenerate the reference"
    differ = sorted(name for name in want if got[name] != want[name])
    assert not differ, (
        f"{len(differ)} reports differ from the reference, first {differ[:5]}; if intended, "
        "run `python tests/reference_reports.py --write` and review the reports "
        "(`--dump DIR` before and after)"
    )
