#!/usr/bin/env python3
"""Scanned plans: item_exact per sample layout and kind of scan, and seconds per page of OCR.

Pages of the test documents (tests/data's PDFs) are rendered as scans at 150 dpi
(tests/scanmaker.py: black and white, greyscale, turned by half a degree, speckled), saved as
image-only PDFs, parsed by ``ipwork parse`` and scored against the gold records of the items
those pages hold.  Then a whole scanned document is parsed with ``--jobs 1`` and ``--jobs 2``.
Needs the OCR extra (pip install -e '.[ocr]').

Usage: python benchmarks/bench_ocr.py [--pages 3] [--source office|browser] [--kinds bw,grey,...] [--show N]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import load_score_module  # noqa: E402
from docmaker import stem  # noqa: E402
from scanmaker import DATA, KINDS, gold_held, rendered, save, scanned  # noqa: E402

SAMPLES = sorted(p.name[:-len(".gold.jsonl")] for p in (ROOT / "tests" / "gold").glob("*.gold.jsonl"))
TIMED = "2017_provincial_compilation.txt"  # the document timed at --jobs 1 and 2, all its pages


def page_count(pdf: Path) -> int:
    import pypdfium2

    return len(pypdfium2.PdfDocument(str(pdf)))


def parse(path: Path, jobs: int) -> tuple[list[dict], float, str]:
    import json

    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "ipwork", "parse", str(path), "-f", "jsonl", "--jobs", str(jobs)],
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    records = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    return records, seconds, done.stderr.strip().splitlines()[-1] if done.returncode else ""


def scan_pdf(tmp: Path, sample: str, source: Path, pages: tuple[int, ...], kind: str) -> Path:
    folder = tmp / kind
    folder.mkdir(exist_ok=True)
    images = [scanned(image, kind, seed) for seed, image in enumerate(rendered(source, pages))]
    return save(images, folder / (sample + ".pdf"))  # the sample's name says the plan's year


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=3, help="first pages of each document scored")
    ap.add_argument("--source", default="office", choices=("office", "browser"))
    ap.add_argument("--kinds", default=",".join(KINDS))
    ap.add_argument("--jobs", type=int, default=2, help="worker processes for the scoring runs")
    ap.add_argument("--show", type=int, default=0)
    ap.add_argument("--no-timing", action="store_true")
    a = ap.parse_args()
    score = load_score_module()
    kinds = a.kinds.split(",")
    print(f"{'sample':36}{'items':>7}" + "".join(f"{k:>10}" for k in kinds) + f"{'s/page':>9}")
    for sample in SAMPLES:
        source = DATA / f"{stem(sample)}.{a.source}.pdf"
        pages = tuple(range(1, min(a.pages, page_count(source)) + 1))
        gold = gold_held(sample, source, pages)
        cells, seconds = [], 0.0
        with tempfile.TemporaryDirectory() as tmp:
            for kind in kinds:
                records, took, error = parse(scan_pdf(Path(tmp), sample, source, pages, kind), a.jobs)
                seconds += took
                summary = score.summarize(score.score_pair(gold, records, a.show, f"{sample} {kind}"))
                cells.append(f"{summary['item_exact']:>10.3f}" if not error else f"{'failed':>10}")
        print(f"{sample:36}{len(gold):>7}" + "".join(cells) + f"{seconds / len(kinds) / len(pages):>9.2f}")
    if a.no_timing:
        return
    source = DATA / f"{stem(TIMED)}.{a.source}.pdf"
    pages = tuple(range(1, page_count(source) + 1))
    with tempfile.TemporaryDirectory() as tmp:
        path = scan_pdf(Path(tmp), TIMED, source, pages, "bw")
        for jobs in (1, 2):
            _, took, error = parse(path, jobs)
            print(f"{TIMED} scanned, {len(pages)} pages, --jobs {jobs}: {took:.1f} s, "
                  f"{took / len(pages):.2f} s a page {error}")


if __name__ == "__main__":
    main()
