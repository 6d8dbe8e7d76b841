"""Core performance: cold start of ``talentkit check`` and one profile against every
installed programme.

Prints absolute figures and ratios against baselines measured in the same run:
``python -c pass`` (and ``python -c "import talentkit"``) for the cold start, and one
evaluation of a single declared rule for the assessment. Run:
``python benchmarks/core_bench.py [--repeat N] [--loops N]``.

* cold start: ``talentkit check`` as a new process, median wall time of ``--repeat`` runs
  after one warm-up (bytecode cached, as for an installed package): the Fooland example
  against all enabled programmes, and against every installed programme named explicitly
  (it counts working days, so the China calendar loads); a Shaanxi profile against the
  programmes enabled for it;
* one profile, in process, median of ``--loops`` runs: ``Engine.assess`` of the Fooland
  example against every installed programme with the statuses decided and no
  explanation read (explanations are built when first read); the same with every check's
  explanation read; the same plus ``to_json`` of the report (every explanation
  serialised, as ``talentkit check --format json`` prints it); all three as a new process
  decides them (each programme's rules looped over), then the statuses and the JSON again
  once the generated eligibility functions are written (as after ``WRITE_AFTER``
  assessments in a long-running process), and the JSON as the command prints it (the same
  document in UTF-8 bytes, which ``to_json`` decodes into a string: about a megabyte of
  mostly Chinese text, a millisecond of decoding). The baseline is one declared rule evaluated
  with its explanation built.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "tests" / "fooland" / "example.toml"
SHAANXI = ROOT / "plugins" / "shaanxi" / "examples" / "qianren_youth.toml"
EVERY = ["-p", "yangquan", "-p", "shaanxi", "-p", "xinzhou", "-p", "fooland"]


def timed_process(args: list[str], repeat: int) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system) of a fresh process. On a
    shared machine the CPU time is the steadier figure: waiting for a core does not
    count."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "tests" / "fooland"), env.get("PYTHONPATH", "")]
    )
    env.setdefault("TALENTKIT_PLUGINS", "talentkit_fooland.plugin")
    # an installed package has its bytecode cached; measure that state, after one warm-up
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run(args, check=True, capture_output=True, env=env)
    runs, cpu = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, env=env)
        runs.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(runs), statistics.median(cpu)


def median_time(fn: object, loops: int) -> tuple[float, float]:
    """Median wall time and median CPU time of this process per call."""
    samples, cpu = [], []
    for _ in range(loops):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()  # type: ignore[operator]
        samples.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(samples), statistics.median(cpu)


def cold_start(repeat: int) -> None:
    python = sys.executable
    check = [python, "-m", "talentkit.cli", "check"]
    rows = [
        ("python -c pass", [python, "-c", "pass"]),
        ("import talentkit", [python, "-c", "import talentkit"]),
        (
            "check, Fooland example, enabled programmes",
            [*check, str(EXAMPLE), "--as-of", "2026-10-20", "--format", "json"],
        ),
        (
            "check, Fooland example, all programmes",
            [*check, str(EXAMPLE), *EVERY, "--as-of", "2026-10-20", "--format", "json"],
        ),
        ("check, Shaanxi profile, enabled programmes", [*check, str(SHAANXI), "--format", "json"]),
        (
            "China calendar through the holidays registry",
            [python, "-c", "import holidays; holidays.country_holidays('CN')"],
        ),
        (
            "import talentkit + China calendar (cached)",
            [python, "-c", "from talentkit.workdays import known_years; known_years()"],
        ),
    ]
    found = {name: timed_process(args, repeat) for name, args in rows}
    base = found["python -c pass"]
    print(f"cold start (median of {repeat} runs; wall and CPU time; ratios to python -c pass)")
    for name, (wall, cpu) in found.items():
        print(
            f"  {name:<46} wall {wall * 1000:6.0f} ms {wall / base[0]:5.1f}x"
            f"   cpu {cpu * 1000:6.0f} ms {cpu / base[1]:5.1f}x"
        )
    print(
        "  (goal: check over all programmes, China calendar included, ≤ 200 ms where"
        " python -c pass is ~12 ms: about 17x)"
    )


def one_profile(loops: int) -> None:
    sys.path.insert(0, str(ROOT / "tests" / "fooland"))
    os.environ.setdefault("TALENTKIT_PLUGINS", "talentkit_fooland.plugin")
    from talentkit import Engine, to_json
    from talentkit.builtin import generated
    from talentkit.jsonwriter import indented_utf8
    from talentkit.rules.context import Context

    engine = Engine.create()
    case = engine.load(EXAMPLE)
    as_of = dt.date(2026, 10, 20)
    progs = [p.id for p in engine.select(None)]

    def assess() -> object:
        return engine.assess(case, progs, as_of=as_of, assume_calendar=True)

    def assess_explained() -> object:
        report = assess()
        for a in report.assessments:  # type: ignore[attr-defined]
            for c in a.checks:
                _explain(c)
        return report

    def assess_json() -> str:
        return to_json(assess())

    def assess_written() -> bytes | None:
        # what ``talentkit check --format json`` prints: the same document in UTF-8,
        # never decoded into a Python string
        return indented_utf8(assess())

    # the first assessments of a process are decided by the loop over each programme's
    # plans; its generated functions are written after `WRITE_AFTER` of them: measure both
    written_after = generated.WRITE_AFTER
    generated.WRITE_AFTER = sys.maxsize
    assess_json()  # warm: calendar, converters, per-date caches
    statuses = median_time(assess, loops)
    explained = median_time(assess_explained, loops)
    full = median_time(assess_json, loops)
    generated.WRITE_AFTER = 0
    assess_json()  # the functions written
    statuses_written = median_time(assess, loops)
    full_written = median_time(assess_json, loops)
    printed_written = median_time(assess_written, loops)
    generated.WRITE_AFTER = written_after
    rule = engine.registry.programmes["fooland.team"].rules[0]
    ctx = Context(profile=case, as_of=as_of, params=engine.params)
    # one rule with its explanation built, as every rule was before plans
    evaluate = getattr(rule, "evaluate_now", rule.evaluate)
    single = median_time(lambda: evaluate(ctx), loops)
    n_rules = sum(len(engine.registry.programmes[p].rules) for p in progs)
    report = assess()
    n_checks = sum(_count(c) for a in report.assessments for c in a.checks)  # type: ignore[attr-defined]
    print(
        f"one profile against {len(progs)} programmes ({n_rules} rules, {n_checks} checks "
        f"in the report), median of {loops}"
    )
    for name, (wall, cpu), goal in (
        ("assess (statuses; explanations unread)", statuses, "≤ 0.5 ms"),
        ("assess, every explanation built", explained, ""),
        ("assess + to_json (full JSON)", full, "≤ 2 ms"),
        (f"after {written_after} assessments: statuses", statuses_written, "≤ 0.5 ms"),
        (f"after {written_after} assessments: + to_json", full_written, "≤ 2 ms"),
        (f"after {written_after} assessments: + JSON printed", printed_written, "≤ 2 ms"),
        ("one rule, evaluated alone", single, ""),
    ):
        print(
            f"  {name:<42} wall {wall * 1000:8.3f} ms {wall / single[0]:7.0f}x"
            f"   cpu {cpu * 1000:8.3f} ms {cpu / max(single[1], 1e-9):7.0f}x"
            + (f"   (goal {goal})" if goal else "")
        )
    print(
        f"  (ratios to one rule evaluated alone; 'after {written_after} assessments': each"
        " programme's generated eligibility function written, as in a long-running process)"
    )


def _explain(check: object) -> None:
    """Read a check's explanation, as a reader of the result does (built when read)."""
    check.text  # type: ignore[attr-defined]  # noqa: B018
    for c in check.children:  # type: ignore[attr-defined]
        _explain(c)


def _count(check: object) -> int:
    return 1 + sum(_count(c) for c in check.children)  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--loops", type=int, default=300)
    parser.add_argument("--skip-cold", action="store_true", help="only the in-process figures")
    opts = parser.parse_args()
    if not opts.skip_cold:
        cold_start(opts.repeat)
    one_profile(opts.loops)


if __name__ == "__main__":
    main()
