"""Make the test documents under tests/data: every sample layout as a Word file and as PDFs.

    python tests/docmaker.py tests/data

Each sample is rebuilt as the document it was extracted from: headings over indented
paragraphs, or a ruled table whose merged cells span rows (工作重点, 工作内容, the task table's
工作任务 and 任务目标) and whose section rows span the width.  From that one model come

- ``NAME.docx``: python-docx, the header row marked to repeat on every page;
- ``NAME.office.pdf``: the .docx exported by LibreOffice (a clean text layer);
- ``NAME.browser.pdf``: HTML printed by headless Chromium with Noto CJK fonts (A4, repeated
  table headers, rows broken across pages, a running header and page numbers); its text layer
  maps the glyphs Noto shares with radicals to the radical code points (⼯ for 工, ⻔ for 门).

The compilation is cut to a few regions (``COMPILATION_REGIONS``) to keep the files small;
``gold_for`` gives the matching slice of its gold file.  Needs chromium, LibreOffice and
fonts-noto-cjk (Debian packages); the tests read the committed files and need none of them.
"""
from __future__ import annotations

import html
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ipwork.parsers import columns  # noqa: E402
from ipwork.parsers.compilation import CompilationLayout  # noqa: E402
from ipwork.parsers.markers import heading_marker  # noqa: E402
from ipwork.parsers.furniture import furniture_kind
from ipwork.parsers.titles import is_title_line  # noqa: E402
from ipwork.parsers.tasktable import GROUP, TaskTableLayout  # noqa: E402
from ipwork.readers import read_path  # noqa: E402

SAMPLES = ROOT / "samples"
GOLD = ROOT / "tests" / "gold"
COMPILATION = "2017_provincial_compilation.txt"
TASKS = "2017_national_patent_tasks.txt"
OUTLINES = ("2013_cnipa_work_points.txt", "2016-2020_sichuan_action_plan.txt", "2020_national_priorities_news.txt")
COMPILATION_REGIONS = ("北京市", "山西省", "内蒙古自治区")
SERIF, SANS = "Noto Serif CJK SC", "Noto Sans CJK SC"


@dataclass
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Table:
    header: list[str]
    rows: list[list[Cell | None]]  # None: a grid place covered by a merged cell above or left
    widths: list[float] = field(default_factory=list)  # relative column widths


@dataclass
class Block:
    kind: str  # title, heading, para, plain, table
    text: str = ""
    table: Table | None = None


@dataclass
class Document:
    name: str
    blocks: list[Block]
    running_header: str | None = None
    footer: str = "— {page} —"


# --- the samples as documents ------------------------------------------------------------

def outline_document(name: str) -> Document:
    """Every non-blank line of a text sample: the title, short marked headings, paragraphs."""
    blocks, title = [], None
    for raw in (SAMPLES / name).read_text(encoding="utf-8").splitlines():
        text = raw.strip()
        if not text:
            continue
        if title is None and is_title_line(text) and not furniture_kind(text):
            title = text
            blocks.append(Block("title", text))
        elif heading_marker(text) and len(text) <= 40 and "。" not in text:
            blocks.append(Block("heading", text))
        elif len(text) <= 30 and "。" not in text:
            blocks.append(Block("plain", text))
        else:
            blocks.append(Block("para", text))
    return Document(name, blocks, running_header=title)


def _merge_runs(rows: list[list[Cell | None]], column: int, keys: list) -> None:
    """Merge each run of rows with the same non-None key into one cell spanning them."""
    top = 0
    for r in range(1, len(rows) + 1):
        if r < len(rows) and keys[r] is not None and keys[r] == keys[r - 1]:
            continue
        if r - top > 1:
            rows[top][column].rowspan = r - top
            for k in range(top + 1, r):
                rows[k][column] = None
        top = r


def compilation_document(regions=COMPILATION_REGIONS) -> Document:
    """The compilation's title page and a table per region, merged cells as printed."""
    src = read_path(str(SAMPLES / COMPILATION))
    blocks = [Block("title", "2017 年全国地方知识产权战略暨强国建设实施工作要点汇编"), Block("plain", "二〇一七年四月")]
    for plan in CompilationLayout().parse(src):
        if plan.region not in regions:
            continue
        header = next(ln.text.split("\t") for ln in src.span(plan.first_line, plan.last_line)
                      if "\t" in ln.text and columns.header_fields(ln.text.split("\t")))
        fields = columns.header_fields(header)
        rows, groups = [], []
        for n, item in enumerate(plan.items):
            values = {columns.SEQ: item.number or "", columns.FOCUS: item.path[0] if item.path else "",
                      columns.TITLE: item.title, columns.TEXT: item.text,
                      columns.DELIVERABLE: item.deliverable or "", columns.DEPARTMENTS: "".join(item.departments)}
            rows.append([Cell(values.get(f, "")) for f in fields])
            starts_group = n == 0 or bool(item.number) or "path" not in item.filled_down
            groups.append(len(groups) if starts_group else groups[-1])
        titles, run = [], 0
        for n, item in enumerate(plan.items):
            run = run if "title" in item.filled_down else n
            titles.append(run)
        for column, f in enumerate(fields):
            if f in (columns.SEQ, columns.FOCUS):
                _merge_runs(rows, column, groups)
            elif f == columns.TITLE:
                _merge_runs(rows, column, titles)
        widths = {columns.SEQ: 0.5, columns.FOCUS: 1.2, columns.TITLE: 1.6, columns.TEXT: 3.0,
                  columns.DELIVERABLE: 2.2, columns.DEPARTMENTS: 1.4}
        blocks.append(Block("heading", plan.title))
        blocks.append(Block("table", table=Table(header, rows, [widths.get(f, 1.0) for f in fields])))
    return Document(COMPILATION, blocks, running_header=None)


def _task_cells(line: str, item) -> tuple[str, str, str]:
    """A task's 落实举措, 执行部门 and 完成时间 cells, cut from the sample's own text."""
    chunk = line[item.offset:item.offset_end].rstrip(" |")
    deadline = item.deadline or ""
    body = chunk[:len(chunk) - len(deadline)] if deadline and chunk.endswith(deadline) else chunk
    first_group = GROUP.search(body)
    cut = first_group.start() if first_group else len(body)
    return body[:cut].strip(), body[cut:].strip(), deadline


def task_table_document() -> Document:
    """The national task table: section rows across the width, merged 工作任务/任务目标 cells."""
    src = read_path(str(SAMPLES / TASKS))
    plan = TaskTableLayout().parse(src)[0]
    line = src.lines[0].text
    rows: list[list[Cell | None]] = []
    keys: list[tuple | None] = []
    for item in plan.items:
        section, subtask = item.path[0], item.path[1]
        if section not in [k[0] for k in keys if k] + [None]:
            s = next(s for s in plan.sections if s.path == [section])
            rows.append([Cell(f"{s.number}、{s.title}", colspan=5), None, None, None, None])
            keys.append(None)
        sub = next(s for s in plan.sections if s.path == [section, subtask])
        measures, departments, deadline = _task_cells(line, item)
        rows.append([Cell(f"（{sub.number}）{sub.title}"), Cell(sub.intro or ""), Cell(measures),
                     Cell(departments), Cell(deadline)])
        keys.append((section, subtask))
    _merge_runs(rows, 0, keys)
    _merge_runs(rows, 1, keys)
    table = Table(["工作任务", "任务目标", "落实举措", "执行部门(单位)", "完成时间"], rows, [1.3, 1.6, 4.0, 1.7, 1.0])
    return Document(TASKS, [Block("title", "2017年全国专利事业发展战略推进计划"), Block("table", table=table)])


def documents() -> list[Document]:
    docs = [outline_document(name) for name in OUTLINES] + [task_table_document(), compilation_document()]
    looks = {"2013_cnipa_work_points.txt": "— {page} —", "2016-2020_sichuan_action_plan.txt": "第 {page} 页",
             "2020_national_priorities_news.txt": "- {page} -", TASKS: "{page}"}
    for doc in docs:
        doc.footer = looks.get(doc.name, doc.footer)
    return docs


def gold_for(name: str) -> list[dict]:
    """The gold records of a sample, cut to the regions its test document holds."""
    records = [json.loads(line) for line in (GOLD / f"{name}.gold.jsonl").read_text(encoding="utf-8").splitlines()
               if line.strip()]
    if name == COMPILATION:
        records = [r for r in records if r["doc"].split("#", 1)[1] in COMPILATION_REGIONS]
    return records


# --- HTML printed by Chromium -------------------------------------------------------------

_CSS = """
@page {{ size: A4; margin: 25mm 20mm 22mm 20mm;
  @top-center {{ content: "{header}"; font: 9pt "{serif}"; }}
  @bottom-center {{ content: {footer}; font: 10pt "{serif}"; }} }}
body {{ font-family: "{serif}"; font-size: 12pt; line-height: 1.6; margin: 0; }}
h1 {{ font-family: "{sans}"; font-size: 18pt; text-align: center; margin: 0 0 14pt; }}
h2 {{ font-family: "{sans}"; font-size: 12pt; margin: 8pt 0 4pt; }}
p {{ margin: 0; text-indent: 2em; text-align: justify; }}
p.plain {{ text-indent: 0; }}
table {{ border-collapse: collapse; width: 100%; font-size: 9pt; line-height: 1.35; margin: 6pt 0 14pt; }}
th, td {{ border: 0.75pt solid #000; padding: 2pt 3pt; vertical-align: top; text-align: left; }}
th {{ font-family: "{sans}"; text-align: center; }}
thead {{ display: table-header-group; }}
"""


def _css_content(template: str) -> str:
    """``— {page} —`` as a CSS content value."""
    before, _, after = template.partition("{page}")
    return f'"{before}" counter(page) "{after}"'


def _html_table(table: Table) -> str:
    total = sum(table.widths) or len(table.header)
    cols = "".join(f'<col style="width:{100 * w / total:.1f}%">' for w in table.widths)
    head = "".join(f"<th>{html.escape(h)}</th>" for h in table.header)
    body = []
    for row in table.rows:
        cells = "".join(f'<td rowspan="{c.rowspan}" colspan="{c.colspan}">{html.escape(c.text)}</td>'
                        for c in row if c is not None)
        body.append(f"<tr>{cells}</tr>")
    return f"<table><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def to_html(doc: Document) -> str:
    css = _CSS.format(header=(doc.running_header or "").replace('"', '\\"'), footer=_css_content(doc.footer),
                      serif=SERIF, sans=SANS)
    parts = []
    for block in doc.blocks:
        text = html.escape(block.text)
        parts.append({"title": f"<h1>{text}</h1>", "heading": f"<h2>{text}</h2>", "para": f"<p>{text}</p>",
                      "plain": f'<p class="plain">{text}</p>'}.get(block.kind) or _html_table(block.table))
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>{css}</style></head>'
            f"<body>{''.join(parts)}</body></html>")


def print_with_chromium(html_text: str, pdf: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(html_text, encoding="utf-8")
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        f"--print-to-pdf={pdf}", page.as_uri()], check=True, capture_output=True, timeout=120)


# --- Word, and PDF through LibreOffice --------------------------------------------------------

def _east_asian_font(run, name: str = SERIF) -> None:
    from docx.oxml.ns import qn

    run.font.name = name
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _page_number_footer(section, template: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = 1
    before, _, after = template.partition("{page}")
    _east_asian_font(paragraph.add_run(before))
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    _east_asian_font(paragraph.add_run(after))


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)


def _docx_table(document, table: Table) -> None:
    from docx.shared import Cm, Pt

    grid = document.add_table(rows=len(table.rows) + 1, cols=len(table.header))
    grid.style = "Table Grid"
    grid.autofit = False
    _repeat_header(grid.rows[0])
    total, width = sum(table.widths), 17.0
    for c, w in enumerate(table.widths):
        grid.columns[c].width = Cm(width * w / total)
        for cell in grid.columns[c].cells:
            cell.width = Cm(width * w / total)

    def put(cell, text: str, bold: bool = False) -> None:
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.font.size, run.bold = Pt(9), bold
        _east_asian_font(run, SANS if bold else SERIF)

    for c, text in enumerate(table.header):
        put(grid.cell(0, c), text, bold=True)
    for r, row in enumerate(table.rows, 1):
        for c, cell in enumerate(row):
            if cell is None:
                continue
            target = grid.cell(r, c)
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(grid.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
            put(target, cell.text)


def to_docx(doc: Document, path: Path) -> None:
    import docx
    from docx.shared import Cm, Pt

    from ipwork.parsers.markers import heading_marker as marker_of

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    if doc.running_header:
        _east_asian_font(section.header.paragraphs[0].add_run(doc.running_header))
        section.header.paragraphs[0].alignment = 1
    _page_number_footer(section, doc.footer)
    for block in doc.blocks:
        if block.kind == "table":
            _docx_table(document, block.table)
            continue
        if block.kind == "heading":
            found = marker_of(block.text)
            level = {"cn": 1, "pcn": 2}.get(found[0] if found else "", 1)
            paragraph = document.add_heading("", level=level)
        else:
            paragraph = document.add_paragraph()
        run = paragraph.add_run(block.text)
        run.font.size = Pt(18 if block.kind == "title" else 12)
        run.bold = block.kind in ("title", "heading")
        run.font.color.rgb = None
        _east_asian_font(run, SANS if block.kind in ("title", "heading") else SERIF)
        if block.kind == "title":
            paragraph.alignment = 1
        elif block.kind == "para":
            paragraph.paragraph_format.first_line_indent = Pt(24)
    document.save(str(path))


def export_with_libreoffice(source: Path, pdf: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                        "--convert-to", pdf.suffix.lstrip("."), "--outdir", tmp, str(source)],
                       check=True, capture_output=True, timeout=300)
        shutil.move(str(Path(tmp) / f"{source.stem}{pdf.suffix}"), pdf)


def stem(name: str) -> str:
    return name.removesuffix(".txt")


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for doc in documents():
        base = out / stem(doc.name)
        docx_path = base.with_suffix(".docx")
        to_docx(doc, docx_path)
        export_with_libreoffice(docx_path, base.with_name(base.name + ".office.pdf"))
        print_with_chromium(to_html(doc), base.with_name(base.name + ".browser.pdf"))
        print(f"{base.name}: docx, office.pdf, browser.pdf", file=sys.stderr)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "tests" / "data"))
