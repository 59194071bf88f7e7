#!/usr/bin/env python3
"""What writing a workbook costs: ipwork's writer (XlsxWriter, constant memory) against openpyxl's
write-only mode writing the same typed cells, and CSV for scale.

The compilation sample's records (1,124) are written n times over, each run in a fresh process
that reads them from JSON Lines as it writes, so the peak memory is the writer's.  Prints the
time, records a second, the peak resident memory and the file's size.
Usage: python benchmarks/bench_xlsx.py [--times 1 10 100]
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMPILATION = Path(__file__).resolve().parent.parent / "samples" / "2017_provincial_compilation.txt"
WRITERS = ("xlsxwriter", "openpyxl", "csv")


def records(jsonl: str, times: int):
    from ipwork.schema import Record

    for _ in range(times):
        with open(jsonl, encoding="utf-8") as fp:
            for line in fp:
                yield Record.model_validate_json(line)


def write_with_ipwork(fmt: str, jsonl: str, times: int, path: str) -> None:
    from ipwork.output import open_destination
    from ipwork.writer import make_writer

    with open_destination(fmt, path) as out:
        writer = make_writer(fmt, out)
        writer.begin()
        writer.write_records(records(jsonl, times))
        writer.end()
        out.keep = True


def write_with_openpyxl(jsonl: str, times: int, path: str) -> None:
    """The records sheet as ``ipwork.workbook`` types it, in openpyxl's streaming mode."""
    from datetime import date

    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment

    from ipwork.writers import CSV_COLUMNS, flat_record

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("records")
    sheet.freeze_panes = "A2"
    wrap = Alignment(wrap_text=True, vertical="top")
    sheet.append(CSV_COLUMNS)
    rows = 1
    for record in records(jsonl, times):
        cells = []
        for column, value in flat_record(record).items():
            if column == "deadline_date" and value:
                value = WriteOnlyCell(sheet, date.fromisoformat(value))
                value.number_format = "yyyy-mm-dd"
            elif isinstance(value, str):
                text, value = value, WriteOnlyCell(sheet, value)
                value.data_type = "s"  # never a formula
                if len(text) > 30:
                    value.alignment = wrap
            cells.append(value)
        sheet.append(cells)
        rows += 1
    sheet.auto_filter.ref = f"A1:AE{rows}"
    book.save(path)


def child(writer: str, jsonl: str, times: int, path: str) -> None:
    start = time.perf_counter()
    if writer == "openpyxl":
        write_with_openpyxl(jsonl, times, path)
    else:
        write_with_ipwork("xlsx" if writer == "xlsxwriter" else "csv", jsonl, times, path)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{seconds:.3f} {peak:.0f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--times", type=int, nargs="+", default=[1, 10, 100])
    ap.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        writer, jsonl, times, path = args.child
        child(writer, jsonl, int(times), path)
        return
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = os.path.join(tmp, "records.jsonl")
        with open(jsonl, "w", encoding="utf-8") as fp:
            subprocess.run([sys.executable, "-m", "ipwork", "parse", str(COMPILATION), "-f", "jsonl"], stdout=fp,
                           stderr=subprocess.DEVNULL, check=True)
        print(f"{'records':>9} {'writer':>11} {'time':>8} {'records/s':>10} {'peak':>8} {'size':>8}")
        for times in args.times:
            for writer in WRITERS:
                path = os.path.join(tmp, f"out.{'csv' if writer == 'csv' else 'xlsx'}")
                done = subprocess.run([sys.executable, __file__, "--child", writer, jsonl, str(times), path],
                                      capture_output=True, text=True, check=True)
                seconds, peak = done.stdout.split()
                count = 1124 * times
                print(f"{count:>9,} {writer:>11} {float(seconds):>7.2f}s {count / float(seconds):>10,.0f} "
                      f"{peak:>5} MB {os.path.getsize(path) / 1e6:>5.1f} MB")


if __name__ == "__main__":
    main()
