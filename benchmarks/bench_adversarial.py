#!/usr/bin/env python3
"""Adversarial but plausible inputs, each at n, 2n and 4n: time and memory should double.

Every input is built here from its own synthetic text (a task title whose bracket is never
closed, a paragraph wrapped over thousands of lines, task tables whose every task cites
附件1、附件2, a preamble that names years over and over, a compilation cell of thousands of
fragments, long runs of tags, a PDF paragraph over hundreds of pages, a Word table cell of
thousands of paragraphs, web tables nested thousands deep or spanned by a row of cells, a diff with
thousands of removed items).  (An Excel cell holds at most
32,767 characters, so its lines cost little however they are joined.)  Each size runs in a fresh
process; the table shows seconds, the peak resident memory of that process, what came out
(items, lines, characters) and ``x``, the time over the time of the size before it: about
2 where cost grows in proportion to the input, about 4 where it grows with its square.

Usage: python benchmarks/bench_adversarial.py [--only NAME ...] [--timeout S] [--scale K]
``--scale K`` multiplies every size by K.
"""
from __future__ import annotations

import argparse
import io
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass

from bench_linear import TITLE, in_fresh_process, parse_text

DEPARTMENTS = "省知识产权局、省市场监管局"


def _open_title(n: int) -> str:
    """A task whose title leaves （ open, then ``n`` paragraphs of the section under it."""
    lines = (f"加强第{i}项工作，完善相关制度。" for i in range(n))
    return TITLE + "1.推动工作（详见附件\n" + "\n".join(lines) + "\n2.完善制度建设。\n"


def _open_paragraph(n: int) -> str:
    """A paragraph that leaves （ open, then ``n`` paragraphs."""
    lines = (f"开展第{i}项工作，完善相关制度。" for i in range(n))
    return TITLE + "推进工作（详见附件。\n" + "\n".join(lines) + "\n"


def _wrapped_paragraph(n: int) -> str:
    """One paragraph that the page wrapped over ``n`` lines, none of which ends a sentence."""
    lines = (f"推进第{i}项工作完善相关制度" for i in range(n))
    return TITLE + "1.推动工作。\n" + "\n".join(lines) + "。\n"


def _task_table(n: int) -> str:
    """A national task table of ``n`` tasks, each citing 附件1、附件2 (numbers that are no tasks)."""
    tasks = (f"{i}.推动第{i}项工作。按附件1、附件2要求开展工作。局内:协调司、管理司省份:各省必做年内完成"
             for i in range(1, n + 1))
    return ("2017年全国专利事业发展战略推进计划\n工作任务 任务目标 落实举措 执行部门(单位) 完成时间\n"
            "一、“专利制度创新”主体任务\n(一)完善专利制度贯彻落实强国建设部署。\n" + "\n".join(tasks) + "\n")


def _preamble_years(n: int) -> str:
    """A title and one preamble line that names target years and plan years ``n`` times."""
    return ("某省知识产权工作要点\n" + "到2020年建成强省，明确2017年重点任务。" * n + "\n"
            "一、加强保护\n1.严格执法。开展专项行动。\n")


def _wrapped_cell(n: int) -> str:
    """A compilation page copied from a PDF whose 工作内容 cell wrapped into ``n`` fragments."""
    return ("某省2017年工作要点\n序号 工作重点 工作内容 具体任务 成果形式 责任部门\n"
            + "完善知识产权保护体系建设\n" * n + "建立机制\n出台办法\n省知识产权局\n")


def _labelled(n: int) -> str:
    """One paragraph of ``n`` sentences, each followed by a 牵头单位： label."""
    return TITLE + "1.推动工作。" + f"开展专项行动。牵头单位：{DEPARTMENTS}。" * n + "\n"


def _tags(n: int) -> str:
    """One paragraph of ``n`` measures, each with its tag, none ending a sentence before it."""
    return TITLE + "1.推动工作。" + "".join(f"推进第{i}项工作（省知识产权局负责）" for i in range(n)) + "\n"


def _department_list(n: int) -> str:
    """One task whose tag names ``n`` bodies."""
    return TITLE + "1.推动工作。（" + "、".join(f"第{i}市知识产权局" for i in range(n)) + "负责）\n"


def _pdf_paragraph(n: int) -> Callable[[], int]:
    """A PDF paragraph of ``n`` printed lines over pages with page numbers: what pdfplumber gives
    is made here, and the reader joins it into lines."""
    from ipwork.readers import pdf

    per_page, pages = 36, []
    for first in range(0, n, per_page):
        number = first // per_page + 1
        items = [pdf.Printed(number, 100 + 18 * k, 112 + 18 * k, 72, 523,
                             f"推进知识产权工作完善第{first + k}项制度建设",
                              12.0) for k in range(min(per_page, n - first))]
        items.append(pdf.Printed(number, 800, 812, 280, 315, f"— {number} —", 12.0))
        pages.append(items)
    pdf._read_pages = lambda *args, **kw: (pages, [842.0] * len(pages))
    return lambda: sum(len(line.text) for line in pdf.read_pdf(b"", "plan.pdf")[0])


def _docx_cell(n: int) -> Callable[[], int]:
    """A Word table whose one cell holds ``n`` paragraphs of a sentence each."""
    import docx

    from ipwork.readers import read_bytes

    document = docx.Document()
    cell = document.add_table(rows=1, cols=2).cell(0, 0)
    for i in range(n):
        cell.add_paragraph(f"推进第{i}项工作，完善知识产权保护体系，加强知识产权运用和管理，提升公共服务水平")
    out = io.BytesIO()
    document.save(out)
    data = out.getvalue()
    return lambda: sum(len(line.text) for line in read_bytes(data, "plan.docx").lines)


def _web_tables_nested(n: int) -> Callable[[], int]:
    """A web page of ``n`` tables, each inside a cell of the one before, a line in each."""
    from ipwork.readers import read_bytes

    page = ("<html><body>" + "<table><tr><td>推进工作".join([""] * (n + 1)) + "</td></tr></table>" * n
            + "</body></html>").encode()
    return lambda: sum(len(line.text) for line in read_bytes(page, "plan.html").lines)


def _web_rows_spanned(n: int) -> Callable[[], int]:
    """A web table whose first row's 99 cells span all of its ``n`` rows (the widest grid read)."""
    from ipwork.readers import read_bytes

    page = ("<html><body><table><tr>" + '<td rowspan="0">省知识产权局</td>' * 99 + "</tr>"
            + "<tr><td>推进工作</td></tr>" * n + "</table></body></html>").encode()
    return lambda: sum(len(line.text) for line in read_bytes(page, "plan.html").lines)


def _diff_removed(n: int) -> Callable[[], int]:
    """``n`` kept items and ``n`` removed ones between them, placed in the diff's order."""
    from types import SimpleNamespace

    from ipwork import diff

    pairs = [(SimpleNamespace(seq=2 * i), object(), 1.0) for i in range(n)]
    removed = [(SimpleNamespace(seq=2 * i + 1), None, None) for i in range(n)]
    return lambda: len(diff._interleave(pairs, removed))


@dataclass
class Case:
    build: Callable[[int], object]  # text to parse, or a function to time
    n: int  # the smallest size
    unit: str  # what n counts


def _spaces_before_a_marker(n: int) -> str:
    """``n`` spaces between a clause and the 一是 that follows it."""
    return TITLE + "要抓好，" + " " * n + "一是加强保护；二是促进运用。\n"


def _run_of_numerals(n: int) -> str:
    """A paragraph holding ``n`` 一 in a row (each could start a marker)."""
    return TITLE + "1.开展行动。" + "一" * n + "（省知识产权局负责）\n"


CASES = {
    "open （ in a task title": Case(_open_title, 1000, "lines"),
    "open （ in a paragraph": Case(_open_paragraph, 1000, "lines"),
    "paragraph wrapped": Case(_wrapped_paragraph, 4000, "lines"),
    "tasks citing 附件1、附件2": Case(_task_table, 500, "tasks"),
    "preamble years": Case(_preamble_years, 1000, "sentences"),
    "compilation cell wrapped": Case(_wrapped_cell, 1000, "fragments"),
    "labels in a paragraph": Case(_labelled, 4000, "labels"),
    "tags in a paragraph": Case(_tags, 4000, "tags"),
    "departments in one tag": Case(_department_list, 2000, "names"),
    "PDF paragraph": Case(_pdf_paragraph, 16000, "lines"),
    "Word cell": Case(_docx_cell, 8000, "paragraphs"),
    "web tables nested": Case(_web_tables_nested, 4000, "tables"),
    "web rows spanned": Case(_web_rows_spanned, 5000, "rows"),
    "diff removed items": Case(_diff_removed, 4000, "items"),
    "spaces before a marker": Case(_spaces_before_a_marker, 50000, "spaces"),
    "a run of 一": Case(_run_of_numerals, 50000, "characters"),
}


def run_one(name: str, n: int) -> tuple[float, float, int]:
    """``(seconds, peak resident MB, result size)`` for one case at size ``n``, in this process."""
    built = CASES[name].build(n)
    if isinstance(built, str):
        seconds, result = parse_text(built, "plan.txt")
    else:
        start = time.perf_counter()
        result = built()
        seconds = time.perf_counter() - start
    return seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", nargs="+", choices=list(CASES), metavar="NAME", help="cases to run (default: all)")
    ap.add_argument("--timeout", type=float, default=120, help="seconds before a size counts as not finishing")
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every size by this")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(*run_one(args.child[0], int(args.child[1])))
        return
    print(f"{'case':<26}{'n':>8} {'unit':<11}{'seconds':>9}{'x':>7}{'peak MB':>9}{'result':>10}", flush=True)
    for name in args.only or CASES:
        case, before, label = CASES[name], None, name
        for k in (1, 2, 4):
            n = int(case.n * k * args.scale)
            out = in_fresh_process(__file__, [name, str(n)], args.timeout)
            if out is None:
                print(f"{label:<26}{n:>8,} {case.unit:<11}{'>' + str(int(args.timeout)):>9}", flush=True)
                break
            seconds, peak, result = float(out[0]), float(out[1]), int(out[2])
            ratio = f"{seconds / before:7.1f}" if before else f"{'':7}"
            print(f"{label:<26}{n:>8,} {case.unit:<11}{seconds:9.3f}{ratio}{peak:9.0f}{result:>10,}", flush=True)
            before, label = seconds, ""


if __name__ == "__main__":
    main()
