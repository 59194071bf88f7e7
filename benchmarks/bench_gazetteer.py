#!/usr/bin/env python3
"""What the gazetteer costs: loading it, looking a name up, finding the places of a text.

Loading is timed in fresh processes (the module imported first, then the first call that
reads ``gazetteer.tsv``), the median of ``--runs``, in wall-clock and in processor time.  Finding places is timed on the
provincial compilation sample cut to 2,000 characters and repeated to 20,000 and 200,000:
microseconds (of processor time) per character should stay flat (one pass over the text, no
scan per name).

Usage: python benchmarks/bench_gazetteer.py [--runs N]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "2017_provincial_compilation.txt"
LOAD = """
import time
t0 = time.perf_counter()
from ipwork.normalize import gazetteer
t1, c1 = time.perf_counter(), time.process_time()
gazetteer.lookup("衢州")
print(t1 - t0, time.perf_counter() - t1, time.process_time() - c1)
"""
NAMES = ("衢州市", "衢州", "芦溪", "琼中", "連平縣", "朝阳区", "鼓楼", "襄樊市", "不是地名")


def _load_times(runs: int) -> tuple[float, float, float]:
    """Medians of the import, and of the first look-up in wall-clock and processor time (the
    second is what the work costs when other processes share the machine)."""
    times = [map(float, subprocess.run([sys.executable, "-c", LOAD], capture_output=True, text=True,
                                       check=True).stdout.split())
             for _ in range(runs)]
    return tuple(map(statistics.median, zip(*times)))


def _best(run, repeat: int = 5) -> float:
    """The least processor time of ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    imported, loaded, processor = _load_times(args.runs)
    print(f"import {imported * 1e3:6.1f} ms   first look-up (reads the data) {loaded * 1e3:6.1f} ms, "
          f"processor time {processor * 1e3:6.1f} ms")

    from ipwork.normalize import gazetteer

    per_lookup = _best(lambda: [gazetteer.lookup(n) for n in NAMES * 100]) / (len(NAMES) * 100)
    print(f"lookup {per_lookup * 1e6:6.2f} µs a name")
    text = SAMPLE.read_text(encoding="utf-8")[:2000]
    for size in (2_000, 20_000, 200_000):
        cut = (text * (size // len(text) + 1))[:size]
        seconds = _best(lambda: gazetteer.find_places(cut), repeat=3)
        found = len(gazetteer.find_places(cut))
        print(f"find_places {size:>7} chars {seconds * 1e3:8.1f} ms {seconds / size * 1e6:6.2f} µs/char "
              f"{found:5} places")


if __name__ == "__main__":
    main()
