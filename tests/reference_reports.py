"""Full JSON reports of every shipped example and case file, as a reference.

``tests/test_reference_reports.py`` compares the SHA-256 of each full JSON report with
the stored reference (``tests/data/reference_reports.json``), so a change to how rules
are evaluated (plans, caching, lazy explanations) cannot change a single character of a
result. When a change *means* to alter results
(a new result field, a corrected reading), regenerate and review the difference::

    .venv/bin/python tests/reference_reports.py --write

To see what changed, dump the reports before and after the change and diff them
(``--dump DIR`` writes one JSON file per case).

Every profile is assessed twice: against the programmes it is enabled for (as
``talentkit check`` does) and against every installed programme named explicitly, on a
fixed date and with weekends-only counting allowed outside the known calendar years.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import re
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import tomllib

from talentkit.convert import InputError, read_document, to_json
from talentkit.engine import Engine
from talentkit.subjects import Profile
from talentkit.testing import _merge

ROOT = Path(__file__).resolve().parent.parent
# the same plugins as the test session (conftest.py): the installed ones and Fooland
sys.path.insert(0, str(ROOT / "tests" / "fooland"))
os.environ.setdefault("TALENTKIT_PLUGINS", "talentkit_fooland.plugin")
REFERENCE = ROOT / "tests" / "data" / "reference_reports.json"
AS_OF = dt.date(2026, 10, 20)


def _example_files() -> list[Path]:
    return sorted(
        [*ROOT.glob("plugins/*/examples/*.toml"), ROOT / "tests" / "fooland" / "example.toml"]
    )


def _case_files() -> list[Path]:
    return sorted([*ROOT.glob("plugins/*/tests/test_*.toml"), *ROOT.glob("tests/cases/*.toml")])


def _cases(engine: Engine) -> Iterator[tuple[str, Profile, dict[str, Any]]]:
    """(name, profile, assess keyword arguments) for every profile the files hold."""
    for path in _example_files():
        try:
            profile = engine.load(path, Profile)
        except InputError:
            continue  # an award, event or cohort file, not a profile
        name = str(path.relative_to(ROOT))
        yield name, profile, {"as_of": AS_OF, "assume_calendar": True}
        every = list(engine.registry.programmes)
        yield f"{name} [all]", profile, {"as_of": AS_OF, "assume_calendar": True, "all": every}
    for path in _case_files():
        data = tomllib.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
        for i, spec in enumerate(data.get("case", [])):
            base = spec.get("profile", {})
            if isinstance(base, str):
                base = read_document(path.parent / base)
            try:
                profile = engine.load(_merge(base, spec.get("patch", {})), Profile)
            except InputError:
                continue
            name = f"{path.relative_to(ROOT)}#{i}"
            kwargs: dict[str, Any] = {
                "as_of": spec.get("as_of", AS_OF),
                "overrides": spec.get("params"),
                "assume_calendar": True,
                "all": spec.get("programmes") or list(spec.get("expect", {})) or None,
            }
            yield name, profile, kwargs


def reports(engine: Engine) -> dict[str, str]:
    """Each case's full JSON report, by case name."""
    out: dict[str, str] = {}
    for name, profile, kwargs in _cases(engine):
        selected = kwargs.pop("all", None)
        out[name] = to_json(engine.assess(profile, selected, **kwargs))
    return out


def digests(found: dict[str, str]) -> dict[str, str]:
    return {k: hashlib.sha256(v.encode()).hexdigest()[:32] for k, v in found.items()}


def load_reference() -> dict[str, str]:
    stored: dict[str, str] = json.loads(REFERENCE.read_text(encoding="utf-8"))
    return stored


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help="store the current digests")
    parser.add_argument("--dump", type=Path, help="write each report to a file in DIR")
    opts = parser.parse_args()
    found = reports(Engine.create())
    if opts.dump:
        opts.dump.mkdir(parents=True, exist_ok=True)
        for name, text in found.items():
            safe = re.sub(r"[^\w.-]+", "_", name)
            (opts.dump / f"{safe}.json").write_text(text, encoding="utf-8")
    got = digests(found)
    if opts.write:
        REFERENCE.write_text(json.dumps(got, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"{len(got)} report digests written to {REFERENCE.relative_to(ROOT)}")
        return
    want = load_reference()
    differ = sorted(k for k in set(got) | set(want) if got.get(k) != want.get(k))
    print("\n".join(differ) or f"all {len(got)} reports equal the reference")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
