"""PDFs to numbered lines with pdfplumber: page text, and table rows as tab-separated cells."""
from __future__ import annotations

from dataclasses import dataclass

from ipwork.errors import InputError
from ipwork.readers.source import Line


@dataclass(frozen=True)
class PdfSettings:
    """How PDF pages are read; the defaults suit text-layer PDFs of work-plan tables."""

    table_strategy: str = "lines"
    snap_tolerance: float = 3.0
    line_y_tolerance: float = 3.0

    def table_settings(self) -> dict:
        return {"vertical_strategy": self.table_strategy,
                "horizontal_strategy": self.table_strategy,
                "snap_tolerance": self.snap_tolerance}


def _cell_text(cell: str | None) -> str:
    # A wrapped cell is one value: its internal line breaks are layout, not content.
    return "".join((cell or "").split("\n")).replace("\t", " ")


def _inside(obj: dict, bbox: tuple) -> bool:
    x0, top, x1, bottom = bbox
    return obj["x0"] >= x0 - 1 and obj["x1"] <= x1 + 1 and obj["top"] >= top - 1 and obj["bottom"] <= bottom + 1


def _page_blocks(page, settings: PdfSettings) -> list[tuple[float, str]]:
    tables = page.find_tables(settings.table_settings())
    bboxes = [t.bbox for t in tables]
    outside = page.filter(lambda o: not any(_inside(o, b) for b in bboxes)) if bboxes else page
    blocks = [(ln["top"], ln["text"]) for ln in outside.extract_text_lines(y_tolerance=settings.line_y_tolerance)]
    for table in tables:
        for row, cells in zip(table.rows, table.extract()):
            blocks.append((row.bbox[1], "\t".join(_cell_text(c) for c in cells)))
    return sorted(blocks, key=lambda b: b[0])


def pdf_to_lines(path_or_file, name: str, settings: PdfSettings = PdfSettings()) -> list[Line]:
    """Every page's lines in reading order, numbered across the document, with page numbers."""
    import pdfplumber

    lines: list[Line] = []
    try:
        with pdfplumber.open(path_or_file) as pdf:
            for page in pdf.pages:
                for _, text in _page_blocks(page, settings):
                    lines.append(Line(len(lines) + 1, text, page.page_number))
    except Exception as e:  # pdfminer raises many kinds for damaged files
        raise InputError(f"cannot read PDF: {type(e).__name__}: {e}".splitlines()[0], file=name) from None
    if not any(line.text.strip() for line in lines):
        raise InputError("PDF has no text layer (scanned?): run OCR on it first", file=name)
    return lines
