"""Make small PDFs with a real text layer (and CJK text) for the reader's tests."""
from __future__ import annotations

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
COLUMNS = [40, 70, 160, 260, 370, 460, 560]


def _table(c, top: float, rows: list[list[str]]) -> None:
    for r, row in enumerate(rows):
        for i, cell in enumerate(row):
            c.drawString(COLUMNS[i] + 2, top - 20 * r - 14, cell)
    for k in range(len(rows) + 1):
        c.line(COLUMNS[0], top - 20 * k, COLUMNS[-1], top - 20 * k)
    for x in COLUMNS:
        c.line(x, top, x, top - 20 * len(rows))


def table_pdf(path: str, pages: list[tuple[str | None, list[list[str]]]]) -> str:
    """One page per entry: an optional heading line above a ruled table."""
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    c = canvas.Canvas(path)
    for n, (heading, rows) in enumerate(pages, 1):
        c.setFont(FONT, 9)
        if heading:
            c.drawString(40, 780, heading)
        _table(c, 760, rows)
        c.drawString(290, 30, f"- {n} -")
        c.showPage()
    c.save()
    return path


def blank_pdf(path: str) -> str:
    c = canvas.Canvas(path)
    c.line(100, 100, 200, 200)
    c.showPage()
    c.save()
    return path


def without_font_bbox(path: str) -> str:
    """The same PDF with its font descriptor's FontBBox key renamed (same length, so the
    cross-reference offsets stay right): pdfminer then logs a line per font it loads."""
    data = open(path, "rb").read()
    with open(path, "wb") as fp:
        fp.write(data.replace(b"/FontBBox", b"/XontBBox"))
    return path


BODY, HEADING = 12, 14  # font sizes
LEFT, RIGHT, TOP, PITCH = 72, 523, 760, 20  # text column and line pitch, in points


def _wrapped(text: str, size: int, width: float) -> list[str]:
    """``text`` cut into lines of full-width characters that fill ``width``."""
    per_line = int(width // size)
    return [text[i:i + per_line] for i in range(0, len(text), per_line)]


def paragraphs_pdf(path: str, blocks: list[tuple[str, str]], lines_per_page: int = 34,
                   header: str | None = None) -> str:
    """Headings (``("heading", text)``, larger) and paragraphs (``("para", text)``, first line
    indented two characters) wrapped at the right margin and flowed over pages as a word
    processor does, with a running ``header`` and a page number ``— n —`` on every page."""
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    printed: list[tuple[int, float, str]] = []  # size, x, text
    for kind, text in blocks:
        if kind == "heading":
            printed.append((HEADING, LEFT, text))
            continue
        first, rest = text[:int((RIGHT - LEFT - 2 * BODY) // BODY)], text[int((RIGHT - LEFT - 2 * BODY) // BODY):]
        printed.append((BODY, LEFT + 2 * BODY, first))
        printed.extend((BODY, LEFT, line) for line in _wrapped(rest, BODY, RIGHT - LEFT))
    c = canvas.Canvas(path, pagesize=(595, 842))
    for n, start in enumerate(range(0, len(printed), lines_per_page), 1):
        if header:
            c.setFont(FONT, 9)
            c.drawCentredString(297, 800, header)
        for k, (size, x, text) in enumerate(printed[start:start + lines_per_page]):
            c.setFont(FONT, size)
            c.drawString(x, TOP - PITCH * k, text)
        c.setFont(FONT, 10)
        c.drawCentredString(297, 40, f"— {n} —")
        c.showPage()
    c.save()
    return path
