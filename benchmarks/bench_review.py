#!/usr/bin/env python3
"""The review page of a big plan: its size, how long it takes to build and to open, and how
smoothly it scrolls, in headless Chromium (Debian's ``chromium``; see tests/browser.py).

Scrolling is measured in the page: both panes are scrolled from top to bottom in steps, one
step per animation frame, and the frames' durations are recorded; a frame over 50 ms is one a
person notices.  Usage: python benchmarks/bench_review.py [PLAN] [--steps N]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import Chromium  # noqa: E402

# Scroll a pane to its end in ``steps`` frames; resolves to the frame durations (ms) and the
# most item cards and source lines the page held at any time.
SCROLL = """(async (id, steps) => {
  const pane = document.getElementById(id);
  const frames = [];
  let most = 0, mostLines = 0, last = performance.now();
  for (let i = 1; i <= steps; i++) {
    pane.scrollTop = (pane.scrollHeight - pane.clientHeight) * i / steps;
    await new Promise((done) => requestAnimationFrame(done));
    const now = performance.now();
    frames.push(now - last);
    last = now;
    most = Math.max(most, document.querySelectorAll('[data-item-id]').length);
    mostLines = Math.max(mostLines, document.querySelectorAll('#source .ln').length);
  }
  return {frames, most, mostLines};
})"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("plan", nargs="?", default=str(ROOT / "samples" / "2017_provincial_compilation.txt"))
    ap.add_argument("--steps", type=int, default=300)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "review.html"
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "ipwork", "review", args.plan, "-o", str(page)], check=True,
                       stderr=subprocess.DEVNULL)
        built = time.perf_counter() - started
        with Chromium() as browser:
            started = time.perf_counter()
            browser.open(page.as_uri())
            browser.wait_until("document.body.dataset.ready === 'true'")
            opened = time.perf_counter() - started
            items = int(browser.evaluate("document.body.dataset.items"))
            nodes = browser.evaluate("document.getElementsByTagName('*').length")
            print(f"page: {page.stat().st_size / 1e6:.2f} MB, {items} items; built in {built:.2f} s (whole process), "
                  f"opened in {opened * 1000:.0f} ms, {nodes} elements once open")
            for pane in ("records-pane", "source-pane"):
                result = browser.evaluate(f"{SCROLL}('{pane}', {args.steps})", timeout=300)
                frames = result["frames"]
                print(f"{pane}: {len(frames)} frames, median {statistics.median(frames):.1f} ms, "
                      f"95th percentile {sorted(frames)[int(len(frames) * 0.95)]:.1f} ms, "
                      f"max {max(frames):.1f} ms, {sum(f > 50 for f in frames)} over 50 ms; "
                      f"at most {result['most']} item cards and {result['mostLines']} source lines held")
            if browser.errors:
                print("errors in the page:", *browser.errors, sep="\n  ")


if __name__ == "__main__":
    main()
