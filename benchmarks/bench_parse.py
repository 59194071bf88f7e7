#!/usr/bin/env python3
"""One table of ipwork's speed, measured in one run on this machine.

- start-up: ``ipwork --version`` and parsing the compilation sample, against a bare
  ``python -c pass`` (median of several runs, whole processes);
- text throughput: the compilation sample concatenated 1x, 10x and 100x, parsed to JSON Lines
  (whole process, median of three runs (one for 100x), MB/s, peak resident memory);
- PDF: a compilation PDF made from the sample (exported by LibreOffice when ``soffice`` is
  installed, else drawn by reportlab), seconds per page for ``ipwork --jobs 1``, ``--jobs 2``
  and pdfplumber's own ``extract_tables`` over the same pages in one process (median of three
  runs each).

ipwork's bytecode is compiled first, as installing a package does: where PYTHONDONTWRITEBYTECODE
is set, every run would otherwise compile ipwork's modules again and measure that.

Usage: python benchmarks/bench_parse.py [--runs N] [--skip-100x] [--skip-pdf] [--pdf FILE]
"""
from __future__ import annotations

import argparse
import compileall
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMPILATION = ROOT / "samples" / "2017_provincial_compilation.txt"
IPWORK = [sys.executable, "-m", "ipwork"]
EXTRACT_TABLES = """
import sys, pdfplumber
with pdfplumber.open(sys.argv[1]) as pdf:
    for page in pdf.pages:
        page.extract_tables()
        page.close()
"""


def timed(cmd: list[str]) -> tuple[float, int]:
    """Wall seconds and peak resident memory (KB) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, peak if peak > before else 0


def median_seconds(cmd: list[str], runs: int) -> float:
    return statistics.median(timed(cmd)[0] for _ in range(runs))


def peak_of(cmd: list[str]) -> tuple[float, int]:
    """Time and peak memory of a command run in its own interpreter (a fresh peak counter)."""
    probe = ("import resource, subprocess, sys, time; s = time.perf_counter(); "
             "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True); "
             "print(time.perf_counter() - s, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", probe, *cmd], capture_output=True, text=True, check=True).stdout
    seconds, peak = out.split()
    return float(seconds), int(peak)


def compilation_pdf(folder: Path) -> Path:
    """The whole compilation sample as a PDF: the Word file exported by LibreOffice where
    ``soffice`` is installed, else the same tables drawn by reportlab (ruled, header repeated
    after each page break, a merged cell left blank under its first row)."""
    sys.path.insert(0, str(ROOT / "tests"))
    import re

    from docmaker import compilation_document, export_with_libreoffice, to_docx

    text = COMPILATION.read_text(encoding="utf-8")
    regions = tuple(dict.fromkeys(re.findall(r"^(\S+?) 2017 年工作要点$", text, re.M)))
    document = compilation_document(regions)
    pdf = folder / "compilation.pdf"
    if shutil.which("soffice"):
        docx = folder / "compilation.docx"
        to_docx(document, docx)
        export_with_libreoffice(docx, pdf)
    else:
        _draw_with_reportlab(document, pdf)
    return pdf


def _draw_with_reportlab(document, pdf: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=9, leading=12, wordWrap="CJK")
    heading = ParagraphStyle("heading", parent=body, fontSize=14, leading=20)
    width = A4[0] - 72
    story = []
    for block in document.blocks:
        if block.kind != "table":
            story.append(Paragraph(block.text, heading if block.kind in ("title", "heading") else body))
            continue
        table = block.table
        rows = [[Paragraph(cell, body) for cell in table.header]]
        rows += [[Paragraph(cell.text if cell else "", body) for cell in row] for row in table.rows]
        total = sum(table.widths)
        drawn = Table(rows, colWidths=[width * w / total for w in table.widths], repeatRows=1)
        drawn.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story.append(drawn)
    SimpleDocTemplate(str(pdf), pagesize=A4, leftMargin=36, rightMargin=36).build(story)


def page_count(pdf: Path) -> int:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return len(doc.pages)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--skip-100x", action="store_true", help="leave out the 100x text (39 MB)")
    ap.add_argument("--skip-pdf", action="store_true", help="leave out the PDF rows")
    ap.add_argument("--pdf", type=Path, help="a compilation PDF to use instead of making one")
    args = ap.parse_args()
    compileall.compile_dir(ROOT / "ipwork", quiet=1)
    rows: list[tuple[str, str, str]] = []
    bare = median_seconds([sys.executable, "-c", "pass"], args.runs)
    rows.append(("python -c pass", f"{bare * 1000:.0f} ms", "1.0x"))
    version = median_seconds([*IPWORK, "--version"], args.runs)
    rows.append(("ipwork --version", f"{version * 1000:.0f} ms", f"{version / bare:.1f}x bare"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        one = median_seconds([*IPWORK, "parse", str(COMPILATION), "-f", "jsonl"], args.runs)
        rows.append(("parse compilation (386 KB)", f"{one * 1000:.0f} ms", f"{one / bare:.1f}x bare"))
        text = COMPILATION.read_text(encoding="utf-8")
        for copies in (1, 10) if args.skip_100x else (1, 10, 100):
            path = folder / f"compilation_x{copies}.txt"
            path.write_text("\n".join([text] * copies), encoding="utf-8")
            cmd = [*IPWORK, "parse", str(path), "-f", "jsonl", "-o", str(folder / "out.jsonl")]
            runs = [peak_of(cmd) for _ in range(1 if copies == 100 else 3)]
            seconds, peak = statistics.median(r[0] for r in runs), max(r[1] for r in runs)
            mb = path.stat().st_size / 1e6
            rows.append((f"text x{copies} ({mb:.1f} MB)", f"{seconds:.2f} s",
                         f"{mb / seconds:.2f} MB/s, peak {peak // 1024} MB"))
        pdf = None if args.skip_pdf else args.pdf or compilation_pdf(folder)
        if pdf:
            pages = page_count(pdf)
            base = median_seconds([sys.executable, "-c", EXTRACT_TABLES, str(pdf)], 3)
            rows.append((f"pdfplumber extract_tables ({pages} pages)", f"{base / pages * 1000:.0f} ms/page", "1.00x"))
            for jobs in (1, 2):
                seconds = median_seconds([*IPWORK, "parse", str(pdf), "-f", "jsonl", "--jobs", str(jobs)], 3)
                rows.append((f"ipwork --jobs {jobs}", f"{seconds / pages * 1000:.0f} ms/page",
                             f"{seconds / base:.2f}x pdfplumber"))
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    width = max(len(r[0]) for r in rows)
    for name, value, ratio in rows:
        print(f"{name:{width}}  {value:>14}  {ratio}")


if __name__ == "__main__":
    main()
