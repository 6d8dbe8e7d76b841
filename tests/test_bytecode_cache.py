"""The cache of attrs' generated methods (talentkit._bytecode): used, honest, optional."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json
from talentkit import _bytecode
import talentkit.cli.check
from talentkit.engine import Engine
from talentkit import Money, Text

engine = Engine.create()
case = engine.load("plugins/shaanxi/examples/qianren_youth.toml")  # cattrs parses it
a, b = Text("甲", "a"), Text("甲", "a")
print(json.dumps({
    "path": str(_bytecode._path()),
    "cached": len(_bytecode._CACHE),
    "compiled": len(_bytecode._new),
    "equal": a == b and hash(a) == hash(b) and a != Text("乙", "b"),
    "money": Money.yuan(3) + Money.yuan(4) == Money.yuan(7),
    "programmes": len(engine.registry.programmes),
    "parsed": case.person is not None,
    "cattrs": sum(name.startswith("<cattrs generated") for name, _ in _bytecode._CACHE),
    # attrs' own classes, created while attrs is imported
    "attrs_own": sum(" attr." in name for name, _ in _bytecode._CACHE),
    "builtin_compile": type(compile).__name__ == "builtin_function_or_method",
}))
"""


def _run(prefix: Path, write: bool = True) -> dict[str, object]:
    env = dict(os.environ, PYTHONPYCACHEPREFIX=str(prefix))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not write:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, cwd=ROOT, env=env
    )
    found: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return found


def test_a_second_start_compiles_no_generated_method(tmp_path: Path) -> None:
    first = _run(tmp_path)
    assert Path(str(first["path"])).is_relative_to(tmp_path)  # honours PYTHONPYCACHEPREFIX
    assert Path(str(first["path"])).exists()
    assert first["compiled"] == first["cached"] > 50
    second = _run(tmp_path)
    assert second["compiled"] == 0  # every class's methods came from the cache
    assert second["cattrs"] == first["cattrs"] > 3  # and the structure functions
    assert second["attrs_own"] == first["attrs_own"] > 10  # and attrs' own classes' methods
    for run in (first, second):
        assert run["builtin_compile"] is True  # routed through the cache during one import
        assert run["equal"] is True
        assert run["money"] is True
        assert run["parsed"] is True
    assert second["programmes"] == first["programmes"] > 0


def test_no_cache_is_written_when_bytecode_writing_is_off(tmp_path: Path) -> None:
    run = _run(tmp_path, write=False)
    assert not Path(str(run["path"])).exists()
    assert run["compiled"] == run["cached"]


def test_a_damaged_cache_is_ignored_and_rewritten(tmp_path: Path) -> None:
    path = Path(str(_run(tmp_path)["path"]))
    path.write_bytes(b"\x00not marshal data")
    damaged = _run(tmp_path)
    assert damaged["cached"] == damaged["compiled"] > 50
    assert damaged["equal"] is True
    assert _run(tmp_path)["compiled"] == 0
