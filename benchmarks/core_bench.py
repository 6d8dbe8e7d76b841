"""Core performance: cold start of ``talentkit check`` and a full assessment of one case.

Prints absolute figures and ratios against baselines measured in the same run:
``python -c pass`` for the cold start, and one evaluation of a single declared rule for
the assessment. The cold start is also set against ``python -c "import talentkit"``
(what the package costs before any command runs). Run:
``python benchmarks/core_bench.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "tests" / "fooland" / "example.toml"
SHAANXI = ROOT / "plugins" / "shaanxi" / "examples" / "qianren_youth.toml"


def timed_process(args: list[str], repeat: int) -> float:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "tests" / "fooland"), env.get("PYTHONPATH", "")]
    )
    env.setdefault("TALENTKIT_PLUGINS", "talentkit_fooland.plugin")
    # an installed package has its bytecode cached; measure that state, after one warm-up
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run(args, check=True, capture_output=True, env=env)
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, env=env)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--loops", type=int, default=300)
    opts = parser.parse_args()

    python = sys.executable
    base = timed_process([python, "-c", "pass"], opts.repeat)
    cli = timed_process(
        [
            python,
            "-m",
            "talentkit.cli",
            "check",
            str(EXAMPLE),
            "--as-of",
            "2026-10-20",
            "--format",
            "json",
        ],
        opts.repeat,
    )
    imported = timed_process([python, "-c", "import talentkit"], opts.repeat)
    shaanxi = timed_process(
        [python, "-m", "talentkit.cli", "check", str(SHAANXI), "--format", "json"], opts.repeat
    )
    print(
        f"cold start (median of {opts.repeat}): python -c pass {base * 1000:.0f} ms; "
        f"import talentkit {imported * 1000:.0f} ms; talentkit check (json) {cli * 1000:.0f} ms; "
        f"Shaanxi profile over all enabled programmes {shaanxi * 1000:.0f} ms"
    )
    registry = timed_process(
        [python, "-c", "import holidays; holidays.country_holidays('CN')"], opts.repeat
    )
    alone = timed_process(
        [python, "-c", "from talentkit.workdays import _china; _china()"], opts.repeat
    )
    print(
        f"China calendar: through the holidays registry {registry * 1000:.0f} ms, "
        f"talentkit's China module alone {(alone - imported) * 1000:.0f} ms "
        f"(over import talentkit; ratio {(registry - base) / max(alone - imported, 1e-3):.1f}x)"
    )
    print(
        f"  ratios: check / python -c pass {cli / base:.1f}x; check / import talentkit "
        f"{cli / imported:.1f}x; Shaanxi check / python -c pass {shaanxi / base:.1f}x "
        "(target ≤ 200 ms where python -c pass is ~12 ms)"
    )

    sys.path.insert(0, str(ROOT / "tests" / "fooland"))
    os.environ.setdefault("TALENTKIT_PLUGINS", "talentkit_fooland.plugin")
    from talentkit import Engine
    from talentkit.rules.context import Context

    engine = Engine.create()
    case = engine.load(EXAMPLE)
    as_of = dt.date(2026, 10, 20)
    progs = [p.id for p in engine.select(None)]
    engine.assess(case, progs, as_of=as_of)  # warm caches (calendar, imports)
    samples = []
    for _ in range(opts.loops):
        start = time.perf_counter()
        engine.assess(case, progs, as_of=as_of)
        samples.append(time.perf_counter() - start)
    full = statistics.median(samples)
    rule = engine.registry.programmes["fooland.team"].rules[0]
    ctx = Context(profile=case, as_of=as_of, params=engine.params)
    one = []
    for _ in range(opts.loops):
        start = time.perf_counter()
        rule.evaluate(ctx)
        one.append(time.perf_counter() - start)
    single = statistics.median(one)
    n_rules = sum(len(engine.registry.programmes[p].rules) for p in progs)
    print(
        f"assessment: {len(progs)} programmes, {n_rules} rules, full explanations: "
        f"median {full * 1000:.3f} ms; one rule {single * 1e6:.1f} µs "
        f"(ratio {full / single:.0f}x one rule); per programme {full / len(progs) * 1000:.3f} ms"
        " (target ≤ 0.5 ms)"
    )


if __name__ == "__main__":
    main()
