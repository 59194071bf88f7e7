#!/usr/bin/env python3
"""Throughput of ``ipwork batch`` with one and two worker processes.

Builds a folder of copies of the samples (200 documents by default), converts it with
``--jobs 1`` and ``--jobs 2`` (``--force``, so nothing is skipped), and prints files/s and
MB/s for each, and the speed-up.  Usage: python benchmarks/bench_batch.py [--docs N] [--jobs 1 2]
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def build_corpus(folder: Path, docs: int) -> int:
    samples = sorted(SAMPLES.glob("*.txt"))
    size = 0
    for i in range(docs):
        src = samples[i % len(samples)]
        dest = folder / f"year{i % 10}" / f"{i:04}_{src.name}"
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(src, dest)
        size += src.stat().st_size
    return size


def timed_batch(corpus: Path, out: Path, jobs: int) -> float:
    cmd = [sys.executable, "-m", "ipwork", "batch", str(corpus), "-o", str(out), "--force", "-q", "-j", str(jobs)]
    start = time.perf_counter()
    subprocess.run(cmd, check=True)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--repeat", type=int, default=2, help="runs per setting; the best is kept")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        size = build_corpus(corpus, args.docs)
        print(f"corpus: {args.docs} documents, {size / 1e6:.1f} MB")
        best = {}
        for jobs in args.jobs:
            best[jobs] = min(timed_batch(corpus, Path(tmp) / f"out{jobs}", jobs) for _ in range(args.repeat))
            print(f"--jobs {jobs}: {best[jobs]:6.2f} s  {args.docs / best[jobs]:7.1f} files/s  "
                  f"{size / 1e6 / best[jobs]:6.2f} MB/s")
        if 1 in best and len(best) > 1:
            for jobs, seconds in best.items():
                if jobs != 1:
                    print(f"speed-up with --jobs {jobs}: {best[1] / seconds:.2f}x")


if __name__ == "__main__":
    main()
