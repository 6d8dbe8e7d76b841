"""The declaration checks' cached verdict: reused while nothing it depends on changed, and
an edited declaration with a defect still fails at load with the cache warm."""

from __future__ import annotations

import importlib
import os
import sys
import time
from pathlib import Path

import pytest

from talentkit import Engine, checkcache
from talentkit import engine as engine_module

PLUGIN = """
from talentkit import Citation, Compare, FactSpec, Programme, Text, hookimpl


@hookimpl
def talentkit_add_facts():
    return [FactSpec(name="cached.years", type="int", scope="person")]


@hookimpl
def talentkit_add_programmes():
    return [Programme(
        id="cached.p", jurisdiction="cached", document="CACHED", name=Text("样例", "sample"),
        rules=[Compare(id="cached.p.years", fact="person.facts.FACT", op=">=", value=3,
                       cite=Citation(document="CACHED", article="第1条", key="CACHED/art1"),
                       text=Text("三年", "three years"))],
    )]
"""


@pytest.fixture
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A plugin module on the path, loaded by name as an operator installs one, and the
    caches written under ``tmp_path``."""
    source = tmp_path / "talentkit_cached.py"
    source.write_text(PLUGIN.replace("FACT", "cached.years"), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("TALENTKIT_PLUGINS", "talentkit_cached")
    monkeypatch.setattr(sys, "pycache_prefix", str(tmp_path / "pycache"))
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.delitem(sys.modules, "talentkit_cached", raising=False)
    return source


def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The programmes the next engines check (not taken from the cache)."""
    seen: list[str] = []
    check = engine_module.check_programme  # type: ignore[attr-defined]

    def counted(prog: object, *args: object) -> object:
        seen.append(prog.id)  # type: ignore[attr-defined]
        return check(prog, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(engine_module, "check_programme", counted)
    return seen


def load(monkeypatch: pytest.MonkeyPatch) -> Engine:
    monkeypatch.delitem(sys.modules, "talentkit_cached", raising=False)
    return Engine.create(entry_points=False)


def test_the_verdict_is_reused_while_nothing_changed(
    plugin: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = checked(monkeypatch)
    first = load(monkeypatch)
    assert "cached.p" in seen
    assert checkcache.location().is_file()
    seen.clear()
    second = load(monkeypatch)
    assert seen == []
    assert list(second.registry.programmes) == list(first.registry.programmes)
    assert second.problems == first.problems == []
    assert second.input_keys == first.input_keys
    assert "cached.p.years" in second.input_keys.rules


def test_an_edited_declaration_with_a_defect_fails_with_the_cache_warm(
    plugin: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = checked(monkeypatch)
    assert "cached.p" in load(monkeypatch).registry.programmes
    assert "cached.p" in load(monkeypatch).registry.programmes  # the cache is warm
    # another length: Python reuses the bytecode of a module of the same size and second
    plugin.write_text(PLUGIN.replace("FACT", "cached.yrs"), encoding="utf-8")
    for _ in range(2):  # checked again, then the defect is the cached verdict
        seen.clear()
        broken = load(monkeypatch)
        assert "cached.p" not in broken.registry.programmes
        (problem,) = [p for p in broken.problems if p.programme == "cached.p"]
        assert "no fact 'cached.yrs' is declared" in problem.problem
    assert seen == []
    plugin.write_text(PLUGIN.replace("FACT", "cached.years"), encoding="utf-8")
    assert "cached.p" in load(monkeypatch).registry.programmes


def test_a_changed_fact_declaration_is_checked_again(
    plugin: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = checked(monkeypatch)
    load(monkeypatch)
    # the same size and the same modification time: the contents still differ
    stat = plugin.stat()
    plugin.write_text(
        plugin.read_text(encoding="utf-8").replace('scope="person"', 'scope="profile"'),
        encoding="utf-8",
    )
    os.utime(plugin, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    for stale in plugin.parent.rglob("talentkit_cached*.pyc"):  # Python would run it
        stale.unlink()
    seen.clear()
    broken = load(monkeypatch)
    assert seen == ["cached.p"]
    assert "cached.p" not in broken.registry.programmes


def test_plugin_objects_given_to_the_engine_are_always_checked(
    plugin: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TALENTKIT_PLUGINS")
    module = importlib.import_module("talentkit_cached")
    seen = checked(monkeypatch)
    for _ in range(2):
        Engine.create([module], entry_points=False)
    assert seen == ["cached.p", "cached.p"]
    assert not checkcache.location().exists()


PACKAGED = """
import os
from pathlib import Path

from talentkit import Citation, Compare, FactSpec, Programme, Text, hookimpl

# the declarations' fact read from a data file of the package
FACT = (Path(__file__).with_name("fact.txt")).read_text(encoding="utf-8").strip()


@hookimpl
def talentkit_add_facts():
    return [FactSpec(name="cached.years", type="int", scope="person")]


@hookimpl
def talentkit_add_programmes():
    return [Programme(
        id="cached.p", jurisdiction="cached", document="CACHED", name=Text("样例", "sample"),
        rules=[Compare(id="cached.p.years", fact=os.environ.get("CACHED_FACT", FACT),
                       op=">=", value=3,
                       cite=Citation(document="CACHED", article="第1条", key="CACHED/art1"),
                       text=Text("三年", "three years"))],
    )]
"""


def test_data_files_and_the_environment_a_declaration_is_built_from_are_in_the_key(
    plugin: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = plugin.parent / "talentkit_cachedpkg"
    package.mkdir()
    (package / "__init__.py").write_text(PACKAGED, encoding="utf-8")
    (package / "fact.txt").write_text("person.facts.cached.years\n", encoding="utf-8")
    monkeypatch.setenv("TALENTKIT_PLUGINS", "talentkit_cachedpkg")
    monkeypatch.delenv("CACHED_FACT", raising=False)

    def loaded() -> bool:
        monkeypatch.delitem(sys.modules, "talentkit_cachedpkg", raising=False)
        return "cached.p" in Engine.create(entry_points=False).registry.programmes

    seen = checked(monkeypatch)
    assert loaded()
    assert loaded()
    assert seen == ["cached.p"]
    (package / "fact.txt").write_text("person.facts.cached.yrs\n", encoding="utf-8")
    assert not loaded()
    assert not loaded()
    (package / "fact.txt").write_text("person.facts.cached.years\n", encoding="utf-8")
    assert loaded()  # the first verdict, still kept
    monkeypatch.setenv("CACHED_FACT", "person.facts.cached.yrs")
    assert not loaded()
    assert seen == ["cached.p", "cached.p", "cached.p"]


def test_the_key_reads_each_file_once_and_talentkit_by_its_loaded_modules(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A plugin's module is also a file of its package: read once. talentkit's own
    package (its built-in plugin declares nothing) is counted by the modules loaded (and
    the plans' module), not by every file under it (the web pages, the commands a check
    does not load)."""
    importlib.import_module("talentkit_yangquan.plugin")
    import talentkit
    import talentkit.engine

    monkeypatch.setattr(checkcache, "_STATUS_NAMES_CONTENT", False)  # no sum kept
    read: list[str] = []
    crc = checkcache._crc

    def counted(file: str, crcs: dict[str, int]) -> int:
        if file not in crcs:
            read.append(file)
        return crc(file, crcs)

    monkeypatch.setattr(checkcache, "_crc", counted)
    found = checkcache.key(["talentkit", "talentkit_yangquan"], {}, [])
    assert found is not None
    assert len(read) == len(set(read))
    root = Path(talentkit.__file__).parent
    ours = {Path(f) for f in read if Path(f).is_relative_to(root)}
    loaded = {
        Path(m.__file__)
        for name, m in list(sys.modules.items())
        if name.partition(".")[0] == "talentkit" and isinstance(getattr(m, "__file__", None), str)
    }
    # and the plans' module, which preparing the rules reads, loaded or not
    assert ours == loaded | {Path(f) for f in checkcache._PREPARING}
    assert not any(f.suffix in {".js", ".css", ".html"} for f in ours)
    plugin_root = Path(sys.modules["talentkit_yangquan"].__file__ or "").parent
    data = {p for p in plugin_root.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert data <= {Path(f) for f in read}
    assert any(p.suffix == ".txt" for p in data)  # its texts are read too


PREPARED = """
from talentkit import AllOf, Citation, Compare, Custom, FactSpec, Programme, Text, hookimpl

CITE = Citation(document="CACHED", article="第1条", key="CACHED/art1")


def rule(id, value, pure=True):
    years = Compare(id=id, fact="person.facts.cached.years", op=">=", value=value, cite=CITE,
                    text=Text(id, id))
    if pure:
        return years
    odd = Custom(id=id + ".odd", facts=["person.facts.cached.years"],
                 predicate=lambda values: True)
    return AllOf(id=id, rules=[years, odd], cite=CITE, text=Text(id, id))


@hookimpl
def talentkit_add_facts():
    return [FactSpec(name="cached.years", type="int", scope="person")]


@hookimpl
def talentkit_add_programmes():
    return [
        Programme(id="cached.a", jurisdiction="cached", document="CACHED",
                  name=Text("甲", "a"),
                  rules=[rule("cached.a.years", 3), rule("cached.a.more", 5)]),
        Programme(id="cached.b", jurisdiction="cached", document="CACHED",
                  name=Text("乙", "b"), rules=[rule("cached.b.years", THREE, PURE)]),
    ]
"""


def _prepared(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[tuple[bool, str | None]]]:
    """Each loaded programme's rules as first use prepares them: whether each may be
    shared, and the id of the rule it decides as, in a fresh engine whose first-use
    tables are its own (rules already prepared in this process keep their answers)."""
    from talentkit.builtin import declared

    for table in ("_DECIDING", "_PURE", "_KNOWN", "_DECLARED"):
        monkeypatch.setattr(declared, table, {})
    engine = load(monkeypatch)
    found = {}
    for pid, prog in engine.registry.programmes.items():
        found[pid] = [
            (pure, None if same is None else same.id)
            for _, _, pure, _, same, _ in declared._declared(prog)
        ]
    return found


def test_the_rules_prepared_from_the_cache_as_on_first_use(
    plugin: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What first use finds of the rules (pure, deciding alike) is kept with the verdict;
    an edited declaration is prepared anew, never given the answer kept for another."""
    from talentkit.builtin import declared

    def write(three: str, pure: bool) -> None:
        text = PREPARED.replace("THREE", three).replace("PURE", str(pure))
        plugin.write_text(text, encoding="utf-8")
        for stale in plugin.parent.rglob("talentkit_cached*.pyc"):  # same size and second
            stale.unlink()

    write("3", True)
    taken: list[object] = []
    take = declared.prepared

    def counted(programmes: object, found: object) -> None:
        taken.append(found)
        take(programmes, found)  # type: ignore[arg-type]

    monkeypatch.setattr(declared, "prepared", counted)
    alike = {
        "cached.a": [(True, "cached.a.years"), (True, "cached.a.more")],
        "cached.b": [(True, "cached.a.years")],  # decides as the first rule met alike
    }
    assert _prepared(monkeypatch) == alike  # prepared on first use, then kept
    assert taken == [None]
    assert _prepared(monkeypatch) == alike
    assert taken[-1] is not None  # read from the cache
    for three, pure, expected in [
        ("4", True, [(True, "cached.b.years")]),  # another value: alike no more
        ("5", True, [(True, "cached.a.more")]),
        ("5", False, [(False, None)]),  # a custom predicate inside: decided apart
        ("3", True, [(True, "cached.a.years")]),  # the first verdict, still kept
    ]:
        write(three, pure)
        for _ in range(2):  # prepared on first use, then from the cache
            found = _prepared(monkeypatch)
            assert found == {**alike, "cached.b": expected}
        assert taken[-1] is not None


def test_each_kept_verdict_is_found_under_its_own_key_and_a_damaged_one_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Entries are unmarshalled one by one, latest first: each key finds its own verdict
    (never a neighbour's), the oldest beyond the kept number is dropped, and a damaged
    entry is passed over without hiding the ones after it."""
    import marshal

    monkeypatch.setattr(sys, "pycache_prefix", str(tmp_path / "pycache"))
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    keys = [("key", n) for n in range(checkcache._KEPT + 1)]
    for n, k in enumerate(keys):
        checkcache.write(k, {f"p{n}": ([], [])}, ([], [], [], [f"r{n}"]), {f"p{n}": n})
    for n, k in enumerate(keys):
        found = checkcache.read(k)
        if n == 0:  # the oldest: dropped
            assert found is None
        else:
            assert found == ({f"p{n}": ([], [])}, ([], [], [], [f"r{n}"]), {f"p{n}": n})
    path = checkcache.location()
    form, blobs = marshal.loads(path.read_bytes())
    path.write_bytes(marshal.dumps((form, [b"\x00damaged", 7, *blobs[1:]])))
    assert checkcache.read(keys[-1]) is None
    assert checkcache.read(keys[-2]) is not None


def _summed(monkeypatch: pytest.MonkeyPatch, file: Path) -> tuple[int, bool]:
    """The file's sum as a key takes it, and whether the file was read for it."""
    read: list[str] = []
    crc = checkcache._crc

    def counted(name: str, crcs: dict[str, int]) -> int:
        read.append(name)
        return crc(name, crcs)

    monkeypatch.setattr(checkcache, "_crc", counted)
    sums = checkcache._Sums()
    found = sums.crc(str(file), os.stat(file))
    sums.save()
    monkeypatch.setattr(checkcache, "_crc", crc)
    return found, str(file) in read


@pytest.mark.skipif(os.name != "posix", reason="the change time names a content on POSIX")
def test_a_files_kept_sum_is_taken_again_when_its_status_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import zlib

    monkeypatch.setattr(sys, "pycache_prefix", str(tmp_path / "pycache"))
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    file = tmp_path / "rules.py"
    file.write_bytes(b"YEARS = 3\n")
    # just written: it may change again within the clock's tick, so its sum is not kept
    assert _summed(monkeypatch, file) == (zlib.crc32(b"YEARS = 3\n"), True)
    assert _summed(monkeypatch, file)[1]
    monkeypatch.setattr(checkcache, "_SETTLED_NS", -(10**12))  # as if written long ago
    assert _summed(monkeypatch, file) == (zlib.crc32(b"YEARS = 3\n"), True)
    assert _summed(monkeypatch, file) == (zlib.crc32(b"YEARS = 3\n"), False)  # kept
    # an edit keeping the size and the modification time still changes the change time
    before = os.stat(file)
    for _ in range(1000):
        file.write_bytes(b"YEARS = 5\n")
        os.utime(file, ns=(before.st_atime_ns, before.st_mtime_ns))
        if os.stat(file).st_ctime_ns != before.st_ctime_ns:
            break
        time.sleep(0.01)  # the same tick of the filesystem's clock: write again
    after = os.stat(file)
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert _summed(monkeypatch, file) == (zlib.crc32(b"YEARS = 5\n"), True)
    assert _summed(monkeypatch, file) == (zlib.crc32(b"YEARS = 5\n"), False)
    # a damaged file of sums is read as none
    checkcache._sums_location().write_bytes(b"\x00damaged")
    assert _summed(monkeypatch, file) == (zlib.crc32(b"YEARS = 5\n"), True)
    assert _summed(monkeypatch, file) == (zlib.crc32(b"YEARS = 5\n"), False)
    # another file's kept sum is not this one's
    other = tmp_path / "other.py"
    other.write_bytes(b"YEARS = 7\n")
    assert _summed(monkeypatch, other) == (zlib.crc32(b"YEARS = 7\n"), True)
    assert _summed(monkeypatch, file) == (zlib.crc32(b"YEARS = 5\n"), False)


def test_the_key_is_the_same_with_the_sums_kept_or_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    importlib.import_module("talentkit_yangquan.plugin")
    monkeypatch.setattr(sys, "pycache_prefix", str(tmp_path / "pycache"))
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setattr(checkcache, "_SETTLED_NS", -(10**12))
    packages = ["talentkit", "talentkit_yangquan"]
    first = checkcache.key(packages, {}, [])
    assert checkcache._sums_location().exists()
    again = checkcache.key(packages, {}, [])  # from the kept sums
    monkeypatch.setattr(checkcache, "_STATUS_NAMES_CONTENT", False)
    read = checkcache.key(packages, {}, [])  # every file read
    assert first == again == read
