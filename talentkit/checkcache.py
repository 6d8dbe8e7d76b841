"""The verdict of the load-time declaration checks, cached like bytecode.

Resolving every name the installed programmes use (:mod:`talentkit.declarations`) and
collecting the input keys they read cost about a sixth of a ``talentkit check``, the same
every time for the same installation; so does what preparing the rules on first use finds
from the declarations alone (which rules are pure, which decide alike:
:func:`talentkit.builtin.declared.preparation`). All depend only on the programmes, which
the plugins build from their code, and on the declared facts and parameters; so their
verdict is kept in ``__pycache__`` beside :mod:`talentkit.declarations`, under a key that
holds

- the contents (CRC-32) of every loaded module of talentkit, where the checks are
  written, of the plans' module (imported later, with the first plan), and of every
  file of the plugins' packages, code and data, where the declarations are (talentkit's
  own built-in plugin declares nothing: its package is counted by its loaded modules,
  not by its files, which are mostly the web pages); each file's sum is kept beside the
  verdicts with the file's status (:class:`_Sums`) and taken again when that changes;
- the location, size and modification time of every module the process has loaded, as
  Python stamps a ``.pyc`` (the code that ran to build the declarations);
- what else code may build declarations from: the environment variables, the working
  directory and today's date;
- the interpreter, the registered plugins, the declared facts (name, scope, type) and
  the declared parameter keys.

A change to any of them checks everything again, so an edited declaration with a defect
fails at load as it would without the cache. Only engines built from installed plugins
(entry points and ``TALENTKIT_PLUGINS``) use it: plugin objects handed to
:meth:`talentkit.Engine.create` need not come from files and are always checked, and so
is the way to load a plugin that builds its declarations from anything else (a file
outside its package, the network), which the key does not see. Writing honours
``sys.dont_write_bytecode``; an unreadable, damaged or stale file is ignored.
"""

from __future__ import annotations

import datetime as dt
import marshal
import os
import sys
import time
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

from talentkit.declarations import Finding
from talentkit.facts import FactSpec
from talentkit.inputkeys import InputKeys, input_keys
from talentkit.tomlcache import cache_path, write_atomically

_FORMAT = "talentkit declaration checks 3"
#: installations kept (a check and a test run load different modules, each its own key)
_KEPT = 4

#: per programme: its findings (rule, problem, advice) and the declared facts it reads
Checked = dict[str, tuple[list[tuple[str, str, str]], list[str]]]
#: the input keys of the programmes that loaded: attestations, decisions, waivable, rules
Keys = tuple[list[str], list[str], list[str], list[str]]
#: what preparing the loaded programmes' rules finds from their declarations alone (the
#: built-in plugin's :func:`~talentkit.builtin.declared.preparation`), per programme
Prepared = dict[str, Any]


class Verdicts:
    """The verdicts of one engine's load: looked up once the facts and parameters are
    known, recorded while the programmes are checked, written with the input keys."""

    def __init__(self, plugins: Iterable[object]) -> None:
        self.packages = {_package(p) for p in plugins}
        self.key: tuple[Any, ...] | None = None
        self.found: tuple[Checked, Keys, Prepared] | None = None
        self.checked: Checked = {}
        #: the cached preparation, when the input keys were read from the cache
        self.prepared: Prepared | None = None

    def look_up(self, facts: Mapping[str, FactSpec], parameters: Iterable[str]) -> None:
        self.key = key(self.packages, facts, parameters)
        self.found = read(self.key) if self.key is not None else None

    def known(self, programme: str) -> tuple[list[Finding], set[str]] | None:
        """What the checks found in ``programme`` and the facts it reads, when cached."""
        hit = self.found[0].get(programme) if self.found is not None else None
        try:
            return ([Finding(programme, *f) for f in hit[0]], set(hit[1])) if hit else None
        except TypeError:  # a damaged entry: checked again
            return None

    def record(self, programme: str, findings: list[Finding], reads: set[str]) -> None:
        self.checked[programme] = (
            [(f.rule, f.problem, f.advice) for f in findings],
            sorted(reads),
        )

    def input_keys(
        self, programmes: Collection[Any], prepare: Callable[[Collection[Any]], Prepared]
    ) -> InputKeys:
        """The input keys of the programmes that loaded: cached with the verdicts, or
        collected and written with them and what ``prepare`` finds in the programmes
        (read back as :attr:`prepared`)."""
        if self.found is not None and self.found[0].keys() == self.checked.keys():
            try:
                cached = InputKeys(*map(frozenset, self.found[1]))
            except TypeError:  # a damaged entry
                pass
            else:
                self.prepared = self.found[2]
                return cached
        found = input_keys(programmes)
        if self.key is not None:
            keys: Keys = (
                sorted(found.attestations),
                sorted(found.decisions),
                sorted(found.waivable),
                sorted(found.rules),
            )
            write(self.key, self.checked, keys, prepare(programmes))
        return found


#: talentkit's modules that preparing the rules reads (what the verdict keeps of it),
#: counted whether loaded yet or not: the plans' module is imported with the first plan
_PREPARING = tuple(os.path.join(os.path.dirname(__file__), "rules", n) for n in ("plan.py",))


def _package(plugin: object) -> str:
    """The top-level package a plugin (a module or an instance) is defined in."""
    name = getattr(plugin, "__name__", None) if isinstance(plugin, ModuleType) else None
    return (name or type(plugin).__module__).partition(".")[0]


def location() -> Path:
    return cache_path(Path(__file__).with_name("declarations.py"), "checks.marshal")


def key(
    packages: Iterable[str], facts: Mapping[str, FactSpec], parameters: Iterable[str]
) -> tuple[Any, ...] | None:
    """The key of an installation whose plugins come from ``packages`` (top-level
    package names); None when a file cannot be read. Compared as a value: marshal writes
    equal values as different bytes, depending on how often each object is referenced."""
    own = {"talentkit", *packages}
    sums = _Sums()  # a plugin's module is one of its package's files too: summed once
    modules: list[tuple[str, str, int, int, int]] = []
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if not isinstance(file, str) or file in _PREPARING:
            continue  # built into the interpreter; or counted below, loaded or not
        try:
            stat = os.stat(file)
            crc = sums.crc(file, stat) if name.partition(".")[0] in own else 0
        except OSError:
            return None
        modules.append((name, file, stat.st_size, stat.st_mtime_ns, crc))
    modules.sort()
    try:
        data = [
            _files(sys.modules[p], sums)
            for p in sorted(packages)
            if p in sys.modules and p != "talentkit"  # its modules are counted above
        ]
        preparing = tuple((f, sums.crc(f, os.stat(f))) for f in _PREPARING)
    except OSError:
        return None
    sums.save()
    return (
        _FORMAT,
        sys.version,
        sys.executable,
        tuple(modules),
        tuple(data),
        preparing,
        tuple(sorted(own)),
        # what else a plugin's code may build its declarations from
        tuple(sorted(os.environ.items())),
        os.getcwd(),
        dt.date.today().toordinal(),
        tuple(sorted((n, s.scope, s.type) for n, s in facts.items())),
        tuple(sorted(parameters)),
    )


def _files(package: ModuleType, sums: _Sums) -> tuple[tuple[str, int], ...]:
    """Every file of a plugin's package (its data files too: rules may be read from
    them), each with the CRC-32 of its contents; a plugin module alone: its file."""
    file = getattr(package, "__file__", None)
    if not isinstance(file, str):
        return ()
    if not hasattr(package, "__path__"):
        return ((file, sums.crc(file, os.stat(file))),)
    found = []
    for folder, subfolders, names in os.walk(os.path.dirname(file)):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        found += [
            (path, sums.crc(path, os.stat(path)))
            for path in (os.path.join(folder, n) for n in sorted(names))
        ]
    return tuple(found)


_SUMS_FORMAT = "talentkit file sums 1"
#: a file changed this recently (ns) may change again within the same tick of the
#: filesystem's clock, keeping its status: its sum is not kept
_SETTLED_NS = 2_000_000_000
#: beyond this many files, the kept sums are only those of the process writing them
_SUMS_LIMIT = 4000
#: the change time names a content on POSIX only (elsewhere it is the creation time)
_STATUS_NAMES_CONTENT = os.name == "posix"

Status = tuple[int, int, int, int, int]


class _Sums:
    """Each file's CRC-32, read back from the last key's files instead of reading the
    file, while the file's status is the one it was summed with: device, inode, size,
    modification and change times. A write changes the change time, which no call sets
    back (a copy, a checkout, ``touch -d`` and an edit that keeps the size and the
    modification time all change it); a sum is kept only for a file whose status was
    older than :data:`_SETTLED_NS` before it was read, so no later write can land in
    the same tick of the clock and keep the status."""

    def __init__(self) -> None:
        self.crcs: dict[str, int] = {}
        self.known = _read_sums() if _STATUS_NAMES_CONTENT else {}
        self.new: dict[str, tuple[int, ...]] = {}
        self.used: dict[str, tuple[int, ...]] = {}
        self.settled = time.time_ns() - _SETTLED_NS

    def crc(self, file: str, stat: os.stat_result) -> int:
        crc = self.crcs.get(file)
        if crc is not None:
            return crc
        status: Status = (
            stat.st_dev,
            stat.st_ino,
            stat.st_size,
            stat.st_mtime_ns,
            stat.st_ctime_ns,
        )
        known = self.known.get(file)
        if (
            isinstance(known, tuple)
            and len(known) == 6
            and known[:5] == status
            and isinstance(known[5], int)
        ):
            self.used[file] = known
            crc = self.crcs[file] = known[5]
            return crc
        crc = _crc(file, self.crcs)
        if (
            _STATUS_NAMES_CONTENT
            and 0 < stat.st_ctime_ns < self.settled
            and stat.st_mtime_ns < self.settled
        ):
            self.new[file] = (*status, crc)
        return crc

    def save(self) -> None:
        """Keep the new sums with the others (only this process's when too many)."""
        if not self.new or sys.dont_write_bytecode:
            return
        kept = {**self.known, **self.new}
        if len(kept) > _SUMS_LIMIT:
            kept = {**self.used, **self.new}
        write_atomically(_sums_location(), marshal.dumps((_SUMS_FORMAT, kept)))


def _sums_location() -> Path:
    return cache_path(Path(__file__).with_name("declarations.py"), "sums.marshal")


def _read_sums() -> dict[str, Any]:
    try:
        stored: Any = marshal.loads(_sums_location().read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    ok = isinstance(stored, tuple) and len(stored) == 2 and stored[0] == _SUMS_FORMAT
    return stored[1] if ok and isinstance(stored[1], dict) else {}


def _crc(file: str, crcs: dict[str, int]) -> int:
    """The CRC-32 of a file's contents, read once per key (``crcs``)."""
    crc = crcs.get(file)
    if crc is None:
        with open(file, "rb") as f:
            crc = crcs[file] = zlib.crc32(f.read())
    return crc


def read(wanted: tuple[Any, ...]) -> tuple[Checked, Keys, Prepared] | None:
    """The verdict stored under ``wanted``, if any (the latest entries first, each
    unmarshalled only when the ones before it did not match)."""
    for stored, checked, keys, prepared in _entries():
        if stored == wanted:
            return checked, keys, prepared
    return None


def write(wanted: tuple[Any, ...], checked: Checked, keys: Keys, prepared: Prepared) -> None:
    """Store the verdict under ``wanted``, beside the latest others."""
    if sys.dont_write_bytecode:
        return
    others = [e for e in _entries() if e[0] != wanted][: _KEPT - 1]
    try:
        data = marshal.dumps(
            (_FORMAT, [marshal.dumps(e) for e in [(wanted, checked, keys, prepared), *others]])
        )
    except ValueError:  # a value marshal does not hold: not kept
        return
    write_atomically(location(), data)


def _entries() -> Iterator[tuple[tuple[Any, ...], Checked, Keys, Prepared]]:
    """The stored entries, latest first; each kept as marshal's bytes of its own, so a
    look-up that matches the first reads none of the others."""
    try:
        stored: Any = marshal.loads(location().read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return
    if not (isinstance(stored, tuple) and len(stored) == 2 and stored[0] == _FORMAT):
        return
    entries = stored[1]
    if not isinstance(entries, list):
        return
    for blob in entries:
        try:
            entry = marshal.loads(blob)
        except (EOFError, ValueError, TypeError):  # damaged, or not bytes
            continue
        if isinstance(entry, tuple) and len(entry) == 4:
            yield entry
