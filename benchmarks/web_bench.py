"""Load on ``talentkit serve``: requests per second and latency of ``POST /api/v1/check``
(one programme, all programmes) with N concurrent clients, and the server's memory as the
requests go on (it must stay flat).

Starts its own server on 127.0.0.1 (one worker), runs a bounded number of requests, stops
the server and exits. A baseline from the same run: ``GET /api/v1/plugins`` (the framework
and the network without an assessment). Run:
``python benchmarks/web_bench.py [--clients 4] [--requests 2000] [--memory-requests 100000]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
YOUTH = ROOT / "plugins" / "shaanxi" / "examples" / "qianren_youth.toml"


def _plain(value: Any) -> Any:
    def default(v: Any) -> Any:
        if isinstance(v, (dt.date, Decimal)):
            return str(v)
        raise TypeError(type(v).__name__)

    return json.loads(json.dumps(value, default=default))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _rss_kib(pid: int) -> int:
    """Resident memory of the server process and its children (the uvicorn worker)."""
    total = 0
    for p in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def _children(pid: int) -> list[int]:
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [int(c) for c in found]


def _load(url: str, body: Any, clients: int, requests: int) -> tuple[list[float], int, float]:
    """``requests`` calls shared by ``clients`` threads; latencies (s), errors, wall time."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    per = max(requests // clients, 1)

    def client() -> None:
        nonlocal errors
        mine: list[float] = []
        bad = 0
        with httpx.Client(timeout=30) as http:
            for _ in range(per):
                t0 = time.perf_counter()
                r = http.post(url, json=body) if body is not None else http.get(url)
                mine.append(time.perf_counter() - t0)
                bad += r.status_code != 200
        with lock:
            latencies.extend(mine)
            errors += bad

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors, time.perf_counter() - start


def _report(name: str, lat: list[float], errors: int, wall: float) -> None:
    lat = sorted(lat)
    p50 = statistics.median(lat) * 1000
    p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000
    print(
        f"{name:<28} {len(lat) / wall:8.0f} req/s   p50 {p50:6.2f} ms   p99 {p99:6.2f} ms"
        f"   errors {errors}"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--requests", type=int, default=2000, help="per scenario")
    ap.add_argument("--memory-requests", type=int, default=100_000)
    args = ap.parse_args()

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "talentkit", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/api/v1/plugins").status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                print("the server did not start", file=sys.stderr)
                return 1
            time.sleep(0.2)
        case = _plain(tomllib.loads(YOUTH.read_text(encoding="utf-8")))
        one = {"profile": case, "programmes": ["shaanxi.qianren.youth"], "as_of": "2026-06-30"}
        every = {"profile": case, "as_of": "2026-06-30"}
        url = base + "/api/v1/check"
        _load(url, one, args.clients, 200)  # warm-up
        print(f"{args.clients} clients, {args.requests} requests per scenario, one worker")
        _report(
            "GET plugins (baseline)",
            *_load(base + "/api/v1/plugins", None, args.clients, args.requests),
        )
        _report("check, one programme", *_load(url, one, args.clients, args.requests))
        _report("check, all programmes", *_load(url, every, args.clients, args.requests // 4))

        # memory: the same request many times; the resident size must not grow
        step = max(args.memory_requests // 5, 1)
        start_rss = _rss_kib(server.pid)
        print(f"memory: {start_rss / 1024:.1f} MiB after warm-up")
        done = 0
        while done < args.memory_requests:
            _, errors, _ = _load(url, one, args.clients, step)
            done += step
            print(
                f"memory: {_rss_kib(server.pid) / 1024:.1f} MiB after {done:,} more requests"
                f" (errors {errors})"
            )
        growth = (_rss_kib(server.pid) - start_rss) / 1024
        print(f"memory growth: {growth:+.1f} MiB over {done:,} requests")
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
