#!/usr/bin/env python3
"""Parse time against input size: every input should cost time in proportion to its length.

Builds each input from the samples (a paragraph repeated in one line 1x to 10000x; a whole
document repeated 1x, 10x, 100x; an outline and a task table printed as one line, from
100,000 characters to 10 MB; a line of nested brackets; items numbered past 999, a line
each or all on one line), parses it in a fresh process (read, detect, parse, normalize; no
writing) and prints seconds, microseconds per character and items found.  Time per
character should stay flat down each series; an input that does not finish within the
timeout is shown as ``>T``.

Usage: python benchmarks/bench_linear.py [--only NAME ...] [--timeout S] [--profile NAME]
``--profile NAME`` runs one input under cProfile and prints where the time goes.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
TITLE = "国家知识产权局2013年工作要点\n\n一、深入实施知识产权战略\n\n"


def _sample(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


def _paragraph() -> str:
    """The longest paragraph of the 2013 work points (a work item with its department tag)."""
    return max(_sample("2013_cnipa_work_points.txt").splitlines(), key=len)


def _one_line(name: str, chars: int) -> str:
    """A sample printed as one line (its line breaks lost), repeated to ``chars`` characters."""
    line = " ".join(_sample(name).split("\n")).strip()
    return (line * (chars // len(line) + 1))[:chars]


def _brackets(size: int, pair: str) -> str:
    half = size // 2 // len(pair[0].encode())
    return TITLE + "1. 推进工作" + pair[0] * half + pair[1] * half + "。\n"


def _numbered(count: int, sep: str) -> str:
    items = (f"{n}. 推进第{n}项工作，完善相关制度。（条法司）" for n in range(1, count + 1))
    return TITLE + sep.join(items) + "\n"


MB = 10_000_000 // 3  # characters of a 10 MB UTF-8 line of Chinese text
OUTLINE, TASKS = "2013_cnipa_work_points.txt", "2017_national_patent_tasks.txt"
INPUTS = {
    "paragraph x1": lambda: TITLE + _paragraph() + "\n",
    "paragraph x10": lambda: TITLE + _paragraph() * 10 + "\n",
    "paragraph x100": lambda: TITLE + _paragraph() * 100 + "\n",
    "paragraph x1000": lambda: TITLE + _paragraph() * 1000 + "\n",
    "paragraph x10000": lambda: TITLE + _paragraph() * 10000 + "\n",
    "document x1": lambda: _sample(OUTLINE),
    "document x10": lambda: _sample(OUTLINE) * 10,
    "document x100": lambda: _sample(OUTLINE) * 100,
    "outline, 1 line, 100k": lambda: _one_line(OUTLINE, 100_000),
    "outline, 1 line, 10 MB": lambda: _one_line(OUTLINE, MB),
    "tasks, 1 line, 100k": lambda: _one_line(TASKS, 100_000),
    "tasks, 1 line, 300k": lambda: _one_line(TASKS, 300_000),
    "tasks, 1 line, 1M": lambda: _one_line(TASKS, 1_000_000),
    "tasks, 1 line, 10 MB": lambda: _one_line(TASKS, MB),
    "brackets （）, 300 KB": lambda: _brackets(300_000, "（）"),
    "brackets (), 300 KB": lambda: _brackets(300_000, "()"),
    "brackets (), 3 MB": lambda: _brackets(3_000_000, "()"),
    "1..1200, a line each": lambda: _numbered(1200, "\n"),
    "1..1200, one line": lambda: _numbered(1200, " "),
}


def parse_text(text: str, name: str) -> tuple[float, int]:
    """``(seconds, items)`` to read, detect, parse and normalize ``text`` in this process;
    items is -1 when ipwork rejects the input."""
    from ipwork.errors import IpworkError
    from ipwork.pipeline import parse_source
    from ipwork.readers import read_bytes

    data = text.encode("utf-8")
    start = time.perf_counter()
    try:
        items = sum(len(doc.items) for doc in parse_source(read_bytes(data, name)))
    except IpworkError:
        items = -1
    return time.perf_counter() - start, items


def parse_one(name: str) -> tuple[float, int, int]:
    """``(seconds, characters, items)`` for one input, parsed in this process."""
    text = INPUTS[name]()
    seconds, items = parse_text(text, name)
    return seconds, len(text), items


def in_fresh_process(script: str, args: list[str], timeout: float) -> list[str] | None:
    """What ``script --child ARGS`` prints, split into words; None when it did not finish in time."""
    cmd = [sys.executable, script, "--child", *args]
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=True).stdout.split()
    except subprocess.TimeoutExpired:
        return None


def measure(name: str, timeout: float) -> tuple[float | None, int, int]:
    """Run ``parse_one`` in a fresh process; None seconds when it did not finish in time."""
    out = in_fresh_process(__file__, [name], timeout)
    if out is None:
        return None, len(INPUTS[name]()), 0
    seconds, chars, items = out
    return float(seconds), int(chars), int(items)


def profile(name: str, top: int = 25) -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.runcall(parse_one, name)
    stats = pstats.Stats(profiler).strip_dirs().sort_stats("tottime")
    stats.print_stats(top)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", nargs="+", choices=list(INPUTS), metavar="NAME", help="inputs to run (default: all)")
    ap.add_argument("--timeout", type=float, default=300, help="seconds before an input counts as not finishing")
    ap.add_argument("--profile", choices=list(INPUTS), metavar="NAME")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(*parse_one(args.child))
        return
    if args.profile:
        profile(args.profile)
        return
    print(f"{'input':<24}{'characters':>12}{'seconds':>10}{'us/char':>10}{'items':>8}", flush=True)
    for name in args.only or INPUTS:
        seconds, chars, items = measure(name, args.timeout)
        if seconds is None:
            shown = f"{'>' + str(int(args.timeout)):>10}{'-':>10}"
        else:
            shown = f"{seconds:10.2f}{seconds / chars * 1e6:10.2f}"
        print(f"{name:<24}{chars:>12,}{shown}{items if items >= 0 else 'error':>8}", flush=True)


if __name__ == "__main__":
    main()
