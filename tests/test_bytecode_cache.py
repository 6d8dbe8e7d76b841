"""The cache of attrs' generated methods (talentkit._bytecode): used, honest, optional."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
from pathlib import Path
from types import CodeType

from talentkit import _bytecode

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json
from talentkit import _bytecode
{extra}
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


def _run(prefix: Path, write: bool = True, extra: str = "") -> dict[str, object]:
    env = dict(os.environ, PYTHONPYCACHEPREFIX=str(prefix))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not write:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    out = subprocess.run(
        [sys.executable, "-c", PROBE.replace("{extra}", extra)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=env,
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


Key = tuple[str, str]


def _sections(path: Path) -> tuple[dict[Key, CodeType], dict[Key, bytes]]:
    """The methods the writing start used (decoded with the file) and the others (kept
    marshalled until asked for)."""
    form, hot, cold = marshal.loads(path.read_bytes())
    assert form == _bytecode._FORMAT
    return hot, cold


def _write(path: Path, hot: dict[Key, CodeType], cold: dict[Key, bytes]) -> None:
    path.write_bytes(marshal.dumps((_bytecode._FORMAT, hot, cold)))


TEXT = "<attrs generated methods talentkit.text.Text>"


def test_an_entry_for_another_version_of_a_class_is_never_used(tmp_path: Path) -> None:
    path = Path(str(_run(tmp_path)["path"]))
    hot, cold = _sections(path)
    assert not cold  # one start: everything it wrote, it used
    (key,) = [k for k in hot if k[0] == TEXT]
    assert "def __eq__(self, other):" in key[1]
    # the same class as an older version of its source had it: an __eq__ that says no
    old = key[1].replace("def __eq__(self, other):", "def __eq__(self, other):\n    return False")
    del hot[key]
    code = compile(old, TEXT, "exec")
    # decoded with the file, or kept marshalled
    for stale in ((hot | {(TEXT, old): code}, {}), (hot, {(TEXT, old): marshal.dumps(code)})):
        _write(path, *stale)
        run = _run(tmp_path)
        assert run["compiled"] == 1  # the class's current methods, compiled
        assert run["equal"] is True  # and used: not the stored ones of the same class
        written = [k for section in _sections(path) for k in section if k[0] == TEXT]
        assert written == [key]  # the old version went


def test_the_file_keeps_what_starts_use_and_no_test_s_local_classes(tmp_path: Path) -> None:
    path = Path(str(_run(tmp_path)["path"]))
    used, _ = _sections(path)
    other = ("<attrs generated methods elsewhere.Other>", "x = 1")
    _write(path, used, {other: marshal.dumps(compile("x = 1", other[0], "exec"))})
    local = (
        "import attrs\n"
        "def build():\n"
        "    @attrs.frozen\n"
        "    class Local:\n"
        "        made_here: int\n"
        "    return Local\n"
        "build()\n"
        # a class of a test module, as the test runner imports it
        "exec('@attrs.frozen\\nclass Probe:\\n    a: int',\n"
        "     {'__name__': 'tests.test_probe', 'attrs': attrs})"
    )
    run = _run(tmp_path, extra=local)
    assert run["compiled"] == 2  # the local class and the test module's
    hot, cold = _sections(path)
    assert set(hot) == set(used)  # what this start used, read in one piece next time
    assert set(cold) == {other}  # a class this start did not build is left as it was
    assert not [k for k in (*hot, *cold) if "<locals>" in k[0]]  # rebuilt at each call
    assert not [k for k in (*hot, *cold) if "test_probe" in k[0]]  # the tests' own
    # an entry the writing start did not use stays marshalled, and is read when asked for
    (text,) = [k for k in hot if k[0] == TEXT]
    _write(path, {k: v for k, v in hot.items() if k != text}, {text: marshal.dumps(hot[text])})
    run = _run(tmp_path, extra=local)
    assert run["compiled"] == 2  # the local class and the test module's only
    assert run["equal"] is True
    assert set(_sections(path)[0]) == set(hot)  # and it is among the used ones again
    # past the limit, only what the writing start used
    many = {(f"<attrs generated methods t.C{i}>", f"x = {i}"): b"" for i in range(_bytecode._LIMIT)}
    _write(path, hot, many)
    _run(tmp_path, extra=local)
    assert set(_sections(path)[0]) == set(hot)
    assert not _sections(path)[1]


def test_a_cache_of_another_format_is_not_read(tmp_path: Path) -> None:
    path = Path(str(_run(tmp_path)["path"]))
    hot, _ = _sections(path)
    path.write_bytes(marshal.dumps(hot))  # the format before this one: one table
    run = _run(tmp_path)
    assert run["compiled"] == run["cached"] > 50
    assert _run(tmp_path)["compiled"] == 0


def _record(module: str, fields: dict[str, object]) -> object:
    """An instance of a new attrs class ``Rec`` of ``module`` with ``fields``."""
    import attrs

    cls = attrs.make_class("Rec", list(fields), frozen=True)
    cls.__module__ = module
    return cls(**fields)


def test_a_json_table_s_code_is_kept_by_its_whole_text() -> None:
    from talentkit.jsonwriter import indented

    # two versions of one class (same module, same name), one after the other: each is
    # written with its own fields, never with the code kept for the other
    first = _record("tests.probe_records", {"a": 1})
    second = _record("tests.probe_records", {"b": 2, "c": "x"})
    assert json.loads(indented(first) or "") == {"a": 1}
    assert json.loads(indented(second) or "") == {"b": 2, "c": "x"}
    kept = [k for k in _bytecode._CACHE if k[0] == "<json table of tests.probe_records.Rec>"]
    assert len(kept) == 2
    assert not _bytecode._lasting(kept[0][0])  # a test module's class: never written
    assert _bytecode._lasting("<json table of talentkit.results.Report>")


def test_a_second_start_compiles_none_of_a_report_s_functions(tmp_path: Path) -> None:
    write = (
        "import talentkit.jsonwriter as w\n"
        "from talentkit.rules import outcome, context\n"
        "report = Engine.create().assess(Engine.create().load("
        "'plugins/shaanxi/examples/qianren_youth.toml'))\n"
        "w.indented(report)\n"
        "GENERATED = ('<json table of ', '<build a Check>', '<defer a Check>', "
        "'<set a Check', '<Context replaced>', '<type hints of ')\n"
        "import atexit\n"
        "atexit.register(lambda: print(json.dumps({'generated': sorted({k[0] for k in "
        "_bytecode._new if k[0].startswith(GENERATED)})})))\n"
    )
    env = dict(os.environ, PYTHONPYCACHEPREFIX=str(tmp_path))
    env.pop("PYTHONDONTWRITEBYTECODE", None)

    def generated() -> list[str]:
        out = subprocess.run(
            [sys.executable, "-c", PROBE.replace("{extra}", "") + write],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env=env,
        )
        found: list[str] = json.loads(out.stdout.strip().splitlines()[-1])["generated"]
        return found

    first = generated()
    assert "<json table of talentkit.results.Report>" in first
    assert {"<build a Check>", "<defer a Check>", "<Context replaced>"} <= set(first)
    assert "<type hints of talentkit.results.Report>" in first  # its fields' annotations
    assert generated() == []  # the second start reads them all from the cache
