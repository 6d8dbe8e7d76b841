"""Cold start: a command imports only what it uses (checked on ``sys.modules``, never timed)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: modules no plain check needs: the batch stack, the distributed one, the table renderer,
#: and any country of the holiday registry other than China
HEAVY = ("polars", "pyarrow", "dask", "distributed", "numpy", "talentkit.batch")

PROBE = """
import json, sys
{code}
mods = sorted(sys.modules)
print(json.dumps(mods))
"""


def _modules(code: str, env: dict[str, str] | None = None) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(code=code)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=env,
    )
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def _loaded(mods: set[str], name: str) -> bool:
    return any(m == name or m.startswith(name + ".") for m in mods)


def _countries(mods: set[str]) -> set[str]:
    return {m for m in mods if m.startswith("holidays.countries.")}


def test_importing_talentkit_loads_no_batch_renderer_or_calendar() -> None:
    mods = _modules("import talentkit")
    for heavy in (*HEAVY, "rich", "holidays", "talentkit.render", "click"):
        assert not _loaded(mods, heavy), heavy


def test_check_help_loads_no_batch_renderer_or_calendar() -> None:
    code = (
        "from talentkit.cli import main\n"
        "try:\n"
        "    main(['check', '--help'])\n"
        "except SystemExit:\n"
        "    pass"
    )
    mods = _modules(code)
    assert "talentkit.cli.check" in mods  # the command really ran
    for heavy in (*HEAVY, "rich", "holidays", "talentkit.render"):
        assert not _loaded(mods, heavy), heavy


def test_check_as_json_does_not_load_the_table_renderer() -> None:
    example = ROOT / "plugins" / "shaanxi" / "examples" / "qianren_youth.toml"
    code = (
        "import contextlib, io\n"
        "from talentkit.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        f"        main(['check', {str(example)!r}, '--format', 'json'])\n"
        "    except SystemExit:\n"
        "        pass"
    )
    mods = _modules(code)
    assert "talentkit.engine" in mods
    assert "talentkit_shaanxi" in mods  # the entry points were found and loaded
    # entry points are read without importlib.metadata (email, zipfile, csv...)
    for heavy in (*HEAVY, "rich", "talentkit.render", "importlib.metadata", "email", "zipfile"):
        assert not _loaded(mods, heavy), heavy
    # the other commands' modules, and what only they use, are imported when they run
    assert {m for m in mods if m.startswith("talentkit.cli.")} == {
        "talentkit.cli.check",
        "talentkit.cli._common",
    }
    for other in ("talentkit.citations", "talentkit.coverage", "talentkit.lint"):
        assert other not in mods, other
    # input problems are read in Chinese (their ~40 patterns) only when there is one
    assert "talentkit.inputtext" not in mods


def test_a_bad_case_is_still_told_in_chinese(tmp_path: Path) -> None:
    case = tmp_path / "case.toml"
    case.write_text('[person]\nbirth_date = "1990-13-01"\n', encoding="utf-8")
    code = (
        "from talentkit.cli import main\n"
        "try:\n"
        f"    main(['check', {str(case)!r}, '--lang', 'zh'])\n"
        "except SystemExit:\n"
        "    pass"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert "输入有误" in out.stderr
    assert "应为日期" in out.stderr


def test_the_working_day_calendar_loads_china_alone(tmp_path: Path) -> None:
    # no cached calendar (talentkit.calendarcache): the years come from holidays itself
    env = dict(os.environ, PYTHONPYCACHEPREFIX=str(tmp_path), PYTHONDONTWRITEBYTECODE="1")
    code = (
        "import datetime as dt\n"
        "from talentkit.workdays import WorkdayCalendar\n"
        "assert not WorkdayCalendar().is_working_day(dt.date(2025, 10, 1))  # National Day\n"
        "assert WorkdayCalendar().is_working_day(dt.date(2025, 9, 28))  # a make-up Sunday"
    )
    mods = _modules(code, env)
    assert _countries(mods) == {"holidays.countries.china"}


def test_the_china_calendar_is_the_registry_s_own_class() -> None:
    code = (
        "from talentkit.workdays import _china_class\n"
        "import holidays\n"
        "assert isinstance(holidays.country_holidays('CN'), _china_class())"
    )
    mods = _modules(code)
    assert len(_countries(mods)) > 1  # the registry was loaded after, and agreed


def test_serve_help_loads_no_web_stack() -> None:
    code = (
        "from talentkit.cli import main\n"
        "try:\n"
        "    main(['serve', '--help'])\n"
        "except SystemExit:\n"
        "    pass"
    )
    mods = _modules(code)
    assert "talentkit.cli.serve" in mods  # the command really ran
    for heavy in (*HEAVY, "litestar", "uvicorn", "jinja2", "talentkit.web"):
        assert not _loaded(mods, heavy), heavy


def test_check_of_every_programme_reads_the_cached_calendar_without_holidays(
    tmp_path: Path,
) -> None:
    # every installed programme, Fooland's working-day rule among them: the China calendar
    # is needed, and a warm cache (talentkit.calendarcache) answers without the package
    example = ROOT / "tests" / "fooland" / "example.toml"
    every = ["-p", "yangquan", "-p", "shaanxi", "-p", "xinzhou", "-p", "fooland"]
    args = [str(example), *every, "--as-of", "2026-10-20", "--format", "json"]
    code = (
        "import contextlib, io\n"
        "from talentkit import workdays\n"
        "from talentkit.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        f"        main(['check', *{args!r}])\n"
        "    except SystemExit:\n"
        "        pass\n"
        "assert workdays._YEARS, 'no working day was counted'\n"
        "from talentkit import lawtext\n"
        "assert not lawtext._patterns.cache_info().currsize, 'a law text was parsed'"
    )
    env = dict(os.environ, PYTHONPYCACHEPREFIX=str(tmp_path))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "tests" / "fooland"), env.get("PYTHONPATH", "")]
    )
    env["TALENTKIT_PLUGINS"] = "talentkit_fooland.plugin"
    first = _modules(code, env)
    assert "holidays.countries.china" in first  # computed once from the package
    mods = _modules(code, env)
    assert "talentkit_fooland" in mods
    for heavy in (*HEAVY, "holidays", "importlib.metadata", "dateutil", "rich", "talentkit.render"):
        assert not _loaded(mods, heavy), heavy
    # months are counted without the calendar module's tables (nor the locale module it loads)
    assert "calendar" not in mods
    # --as-of is read without strptime, whose first use builds the locale's date tables
    assert "_strptime" not in mods


def test_a_command_ends_without_the_final_collection_over_what_it_loaded() -> None:
    # registered before the command runs, so called after its own exit handler (last in,
    # first out): by then every object alive is frozen, out of the collector's last passes
    code = (
        "import atexit, gc\n"
        "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0))\n"
        "from talentkit.cli import main\n"
        "try:\n"
        "    main(['programmes', '--format', 'json'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('frozen', gc.get_freeze_count() > 0)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip().splitlines()[-2:] == ["frozen False", "frozen True"]


def test_importing_talentkit_loads_its_names_only_when_used() -> None:
    mods = _modules("import talentkit")
    # the attrs bytecode cache, installed first (at the collector pace of talentkit._pace),
    # and the list of installed packages it reads
    cache = {"talentkit._bytecode", "talentkit.entrypoints", "talentkit._pace"}
    assert {m for m in mods if m.startswith("talentkit")} == {"talentkit", *cache}
    mods = _modules("from talentkit.workdays import WorkdayCalendar")
    assert "talentkit.engine" not in mods
    assert "talentkit.funding" not in mods


def test_every_public_name_is_its_module_s_own() -> None:
    import importlib

    import talentkit

    for name in talentkit.__all__:
        home = importlib.import_module(talentkit._HOME[name])
        expected = home if home.__name__ == f"talentkit.{name}" else getattr(home, name)
        assert getattr(talentkit, name) is expected, name
    assert set(talentkit.__all__) <= set(dir(talentkit))
    assert set(talentkit._HOME) == set(talentkit.__all__)
    with pytest.raises(AttributeError, match="no attribute 'Engin'"):
        talentkit.Engin  # noqa: B018


PACE = """
import atexit, gc, sys
atexit.register(lambda: print('threshold', gc.get_threshold()[0]))
from talentkit.cli import {entry}
sys.argv = ['talentkit', *{args!r}]
{entry}({call})
"""


def _threshold(entry: str, args: list[str], call: str = "") -> int:
    out = subprocess.run(
        [sys.executable, "-c", PACE.format(entry=entry, args=args, call=call)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return int(out.stdout.strip().splitlines()[-1].split()[-1])


def test_the_program_collects_less_often_in_one_shot_commands_only() -> None:
    usual = _threshold("main", [], "['programmes', '--format', 'json']")
    assert usual == 700  # the interpreter's own: a caller of main keeps its collector
    assert _threshold("run", ["programmes", "--format", "json"]) == 100_000
    assert _threshold("run", ["check", "--help"]) == 100_000
    # a server or a batch of any size runs at the usual pace
    assert _threshold("run", ["serve", "--help"]) == usual
    assert _threshold("run", ["batch", "--help"]) == usual


PACE_KEPT = """
import gc
gc.set_threshold({given})
import talentkit.cli
print(*gc.get_threshold())
"""


@pytest.mark.parametrize("given", ["1234, 5, 6", "0, 10, 10", "200000, 10, 10"])
def test_importing_talentkit_gives_the_caller_s_collector_pace_back(given: str) -> None:
    out = subprocess.run(
        [sys.executable, "-c", PACE_KEPT.format(given=given)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert out.stdout.split() == given.replace(",", "").split()


def test_the_dependencies_are_imported_at_a_slower_pace_then_the_caller_s() -> None:
    import gc

    from talentkit import _pace

    usual = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        found = _pace.slower()
        assert found == (700, 10, 10)
        assert gc.get_threshold() == (_pace.IMPORT_THRESHOLD, 10, 10)
        _pace.restore(found)
        assert gc.get_threshold() == (700, 10, 10)
        gc.set_threshold(0, 10, 10)  # automatic collection off: left off
        assert _pace.slower() is None
        assert gc.get_threshold() == (0, 10, 10)
        gc.set_threshold(700, 10, 10)
        found = _pace.slower()
        gc.set_threshold(5000, 10, 10)  # changed meanwhile by someone else: kept
        _pace.restore(found)
        assert gc.get_threshold() == (5000, 10, 10)
    finally:
        gc.set_threshold(*usual)


#: run before the main module: the interpreter's pace as a distinct value, and at exit what
#: the program recorded and the pace it ended with
PACE_SEEN = """
import atexit, gc, sys
gc.set_threshold(1234, 5, 6)
def _seen():
    pace = sys.modules.get("talentkit._pace")
    cli = sys.modules.get("talentkit.cli")
    print("seen", getattr(pace, "FOUND_BY_PROGRAM", None), getattr(cli, "_USUAL_THRESHOLD", None),
          gc.get_threshold(), file=sys.stderr)
atexit.register(_seen)
"""
#: what the package installs as the ``talentkit`` script
SCRIPT = """import sys
from talentkit.cli import run
if __name__ == '__main__':
    sys.exit(run())
"""


def _pace_seen(tmp_path: Path, *command: str) -> str:
    (tmp_path / "sitecustomize.py").write_text(PACE_SEEN, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])}
    out = subprocess.run(
        [sys.executable, *command], capture_output=True, text=True, cwd=tmp_path, env=env
    )
    return [line for line in out.stderr.splitlines() if line.startswith("seen")][-1]


FOUND = "[(1234, 5, 6)]"


@pytest.mark.parametrize(
    "start", [["-m", "talentkit.cli"], ["-m", "talentkit"], ["-X", "utf8", "-m", "talentkit.cli"]]
)
def test_the_program_started_with_m_takes_its_pace_from_the_first_import(
    tmp_path: Path, start: list[str]
) -> None:
    seen = _pace_seen(tmp_path, *start, "programmes", "--format", "json")
    assert seen == f"seen {FOUND} {FOUND} (100000, 5, 6)"
    # a long-running command gets the pace the process had before its first import
    seen = _pace_seen(tmp_path, *start, "serve", "--help")
    assert seen == f"seen {FOUND} {FOUND} (1234, 5, 6)"


def test_the_program_s_script_takes_its_pace_from_the_first_import(tmp_path: Path) -> None:
    script = tmp_path / "bin" / "talentkit"
    script.parent.mkdir()
    script.write_text(SCRIPT, encoding="utf-8")
    seen = _pace_seen(tmp_path, str(script), "programmes", "--format", "json")
    assert seen == f"seen {FOUND} {FOUND} (100000, 5, 6)"
    seen = _pace_seen(tmp_path, str(script), "batch", "--help")
    assert seen == f"seen {FOUND} {FOUND} (1234, 5, 6)"


@pytest.mark.parametrize(
    "start",
    [
        ["-c", "import talentkit.cli"],
        ["-m", "talentkit.text"],  # another module run by -m, importing talentkit
        ["bin/talentkit"],  # a script of that name not starting the program
        ["bin/other"],  # the program's code under another name
    ],
)
def test_only_the_program_takes_its_pace_at_the_first_import(
    tmp_path: Path, start: list[str]
) -> None:
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "talentkit").write_text("import talentkit.cli\n", encoding="utf-8")
    (tmp_path / "bin" / "other").write_text(SCRIPT, encoding="utf-8")
    start = [str(tmp_path / a) if a.startswith("bin/") else a for a in start]
    seen = _pace_seen(tmp_path, *start, "programmes", "--format", "json")
    assert seen.startswith("seen [] ")
    if start[-1].endswith("other"):  # run() from a script of another name: its own pace
        assert seen == "seen [] [(1234, 5, 6)] (100000, 5, 6)"
    else:
        assert seen.endswith("(1234, 5, 6)")
