#!/usr/bin/env python3
"""item_exact per sample and per input format: the text samples and the documents made from
them in tests/data (Word, PDF exported by an office suite, PDF printed by a browser), each
parsed without --layout and scored against the gold records (cut to the regions a test
document holds).  Also the seconds each parse took.

Usage: python benchmarks/score_formats.py [--data DIR] [--show N]
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import load_score_module  # noqa: E402
from docmaker import COMPILATION_REGIONS, gold_for, stem  # noqa: E402

FORMATS = {"text": ".txt", "docx": ".docx", "office pdf": ".office.pdf", "browser pdf": ".browser.pdf"}


def parse(path: Path, name: str) -> tuple[list[dict], float, str]:
    """Records of ``path`` parsed under the sample's own name (so the file name says the year)."""
    with tempfile.TemporaryDirectory() as tmp:
        renamed = Path(tmp) / name
        shutil.copyfile(path, renamed)
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "ipwork", "parse", str(renamed), "-f", "jsonl"],
                              capture_output=True, text=True)
        seconds = time.perf_counter() - start
    records = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    return records, seconds, done.stderr.strip().splitlines()[-1] if done.returncode else ""


def source_of(data: Path, name: str, suffix: str) -> Path:
    return ROOT / "samples" / name if suffix == ".txt" else data / (stem(name) + suffix)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(ROOT / "tests" / "data"))
    ap.add_argument("--show", type=int, default=0)
    a = ap.parse_args()
    score = load_score_module()
    names = sorted(p.name[:-len(".gold.jsonl")] for p in (ROOT / "tests" / "gold").glob("*.gold.jsonl"))
    print(f"{'sample':36}" + "".join(f"{f:>16}" for f in FORMATS))
    for name in names:
        cells = []
        for fmt, suffix in FORMATS.items():
            path = source_of(Path(a.data), name, suffix)
            if not path.exists():
                cells.append(f"{'-':>16}")
                continue
            records, seconds, error = parse(path, name)
            gold = gold_for(name)
            if suffix == ".txt":
                records = [r for r in records if r.get("region") in COMPILATION_REGIONS] if "compilation" in name \
                    else records
            summary = score.summarize(score.score_pair(gold, records, a.show, f"{fmt}:{name}"))
            cells.append(f"{summary['item_exact']:>9.3f} {seconds:>5.1f}s" if not error else f"{'failed':>16}")
            if error:
                print(f"  {fmt}:{name}: {error}", file=sys.stderr)
        print(f"{name[:36]:36}" + "".join(cells))


if __name__ == "__main__":
    main()
