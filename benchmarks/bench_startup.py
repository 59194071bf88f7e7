#!/usr/bin/env python3
"""Start-up of the light commands against a bare interpreter start.

``ipwork --version`` and ``--help`` should cost at most 4x ``python -c pass``: people run
ipwork in shell loops.  Each command runs N times (default 20) as a subprocess; the median
wall time is kept.  Usage: python benchmarks/bench_startup.py [--runs N]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

TARGET = 4.0
COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "ipwork --version": [sys.executable, "-m", "ipwork", "--version"],
    "ipwork --help": [sys.executable, "-m", "ipwork", "--help"],
    "ipwork parse --help": [sys.executable, "-m", "ipwork", "parse", "--help"],
    "ipwork layouts": [sys.executable, "-m", "ipwork", "layouts"],
}


def median_seconds(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    base = median_seconds(COMMANDS["python -c pass"], args.runs)
    print(f"{'command':24}{'median ms':>10}{'x bare':>8}")
    for name, cmd in COMMANDS.items():
        seconds = median_seconds(cmd, args.runs)
        within = name.startswith("python") or name == "ipwork layouts" or seconds / base <= TARGET
        flag = "" if within else "  over target"
        print(f"{name:24}{seconds * 1000:10.1f}{seconds / base:8.2f}{flag}")
    print(f"target: --version and --help at most {TARGET:.0f}x a bare interpreter start")


if __name__ == "__main__":
    main()
