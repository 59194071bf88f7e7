"""PDFs to numbered lines with pdfplumber: paragraphs joined again, table rows as tab-separated cells.

A PDF's text layer holds printed lines, not paragraphs.  The lines the page width wrapped are
joined back from the geometry alone: a line that runs to the right margin goes on in the next
one when that starts at the left margin (no first-line indent), in the same font size and
weight, no further below than the document's usual line spacing -- across a page break too.
Running headers, footers and page numbers (a line in the top or bottom margin that recurs at
the same place on other pages, or that is a page number such as ``— 3 —``) are set apart as
furniture.  Each table row is one line, its cells separated by tabs.
"""
from __future__ import annotations

import io
import multiprocessing
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import NamedTuple

import regex

from ipwork.errors import InputError
from ipwork.normalize.text import PAGE_NUMBER
from ipwork.readers.source import Line, join_pieces

MARGIN_ZONE = 0.12  # running headers and footers sit in the top or bottom 12% of a page
SAME_PLACE = 4.0  # points: a recurring header is printed at the same height on every page
FULL_LINE = 2.0  # a line ending within this many character widths of the right margin is full
INDENT = 0.5  # a line starting this many character widths right of the margin is indented
PROGRESS_PAGES = 10  # a PDF this long shows progress on a terminal, and is read by worker processes
RANGES_PER_JOB = 4  # page ranges handed to each worker process
SCAN_TEXT_CHARS = 20  # a page with fewer characters of text than this over an image is a scan
SCAN_COVER = 0.5  # of a page's area that the images of a scan cover
_BOLD = regex.compile(r"bold|black|heavy|semibold|demibold|w[6-9]\b", regex.I)


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


@dataclass
class Printed:
    """A printed line of text, or a table row, with where and how it is printed."""

    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    text: str
    size: float = 0.0
    bold: bool = False
    row: bool = False
    confidence: float | None = None  # how sure OCR is of a line it read (None: from a text layer)


class PdfLibraryError(Exception):
    """The PDF library failed on the file: pdfminer raises many kinds of error for a damaged
    one.  Only its calls are guarded so: an error in ipwork's own geometry is a bug."""


@contextmanager
def _library_call() -> Iterator[None]:
    try:
        yield
    except Exception as e:
        raise PdfLibraryError(f"{type(e).__name__}: {e}".splitlines()[0]) from e


def _cell_text(cell: str | None) -> str:
    # A wrapped cell is one value: its internal line breaks are layout, not content.
    return join_pieces((cell or "").split("\n")).replace("\t", " ")


def _inside(obj: dict, bbox: tuple) -> bool:
    x0, top, x1, bottom = bbox
    return obj["x0"] >= x0 - 1 and obj["x1"] <= x1 + 1 and obj["top"] >= top - 1 and obj["bottom"] <= bottom + 1


def _printed_line(page_no: int, line: dict) -> Printed:
    chars = [c for c in line["chars"] if c["text"].strip()] or line["chars"]
    size = Counter(round(c["size"], 1) for c in chars).most_common(1)[0][0]
    bold = sum(bool(_BOLD.search(c.get("fontname", ""))) for c in chars) * 2 > len(chars)
    return Printed(page_no, line["top"], line["bottom"], line["x0"], line["x1"], line["text"], size, bold)


def _closed_table_settings(edges: list[dict], settings: PdfSettings) -> dict:
    """Table settings with the page's ruled area closed at its top and bottom: a browser leaves
    out the border of a merged cell where a page break cuts it, and the cell would be lost."""
    table_settings = settings.table_settings()
    verticals = [e for e in edges if e["orientation"] == "v"]
    if settings.table_strategy == "lines" and verticals:
        table_settings["explicit_horizontal_lines"] = [min(e["top"] for e in verticals),
                                                       max(e["bottom"] for e in verticals)]
    return table_settings


def _extracted(page, settings: PdfSettings) -> tuple[list[dict], list[list[tuple[tuple, list]]]]:
    """What the PDF library reads of a page: its text lines outside tables, and each table's
    rows as ``(bbox, cells)``."""
    with _library_call():
        edges = page.edges
    table_settings = _closed_table_settings(edges, settings)
    with _library_call():
        tables = page.find_tables(table_settings)
        bboxes = [t.bbox for t in tables]
        outside = page.filter(lambda o: not any(_inside(o, b) for b in bboxes)) if bboxes else page
        lines = outside.extract_text_lines(y_tolerance=settings.line_y_tolerance)
        rows = [[(row.bbox, cells) for row, cells in zip(table.rows, table.extract())] for table in tables]
    return lines, rows


def _page_items(page, settings: PdfSettings) -> list[Printed]:
    lines, tables = _extracted(page, settings)
    number = page.page_number
    items = [_printed_line(number, ln) for ln in lines if ln["text"].strip()]
    for rows in tables:
        for (x0, top, x1, bottom), cells in rows:
            items.append(Printed(number, top, bottom, x0, x1, "\t".join(_cell_text(c) for c in cells), row=True))
    return sorted(items, key=lambda item: item.top)


def _in_margin_zone(item: Printed, height: float) -> bool:
    return item.bottom <= height * MARGIN_ZONE or item.top >= height * (1 - MARGIN_ZONE)


def _furniture(pages: list[list[Printed]], heights: list[float]) -> set[int]:
    """``id`` of every running header, footer and page number."""
    candidates = [(n, item) for n, items in enumerate(pages) for item in items
                  if not item.row and _in_margin_zone(item, heights[n])]
    places = defaultdict(list)
    for n, item in candidates:
        places[regex.sub(r"\d+|\s+", "", item.text)].append((n, item.top))
    found = set()
    for n, item in candidates:
        key = regex.sub(r"\d+|\s+", "", item.text)
        recurs = any(m != n and abs(top - item.top) <= SAME_PLACE for m, top in places[key])
        if recurs or PAGE_NUMBER.match(item.text.strip()):
            found.add(id(item))
    return found


@dataclass
class _Geometry:
    """The text column of a document: its margins, body font size and usual line gap."""

    left: dict[int, float]
    right: dict[int, float]
    body_size: float
    line_gap: float

    def __post_init__(self) -> None:
        # The margins of a page without body text: the outermost of the others, found once.
        self.leftmost = min(self.left.values(), default=None)
        self.rightmost = max(self.right.values(), default=None)

    @classmethod
    def of(cls, pages: list[list[Printed]]) -> _Geometry:
        text = [item for items in pages for item in items if not item.row]
        if not text:
            return cls({}, {}, 0.0, 0.0)
        sizes = Counter()
        for item in text:
            sizes[item.size] += len(item.text)
        body_size = sizes.most_common(1)[0][0]
        body = [item for item in text if abs(item.size - body_size) <= 0.5] or text
        left_doc = Counter(round(item.x0) for item in body).most_common(1)[0][0]
        right_doc = sorted(item.x1 for item in body)[int(0.95 * (len(body) - 1))]
        left, right = {}, {}
        for items in pages:
            page_body = [item for item in items if not item.row and abs(item.size - body_size) <= 0.5]
            if page_body:
                page_no = page_body[0].page
                # Mirrored margins move the whole text column; its width stays.
                shift = min(item.x0 for item in page_body) - left_doc
                shift = shift if abs(shift) > 3 else 0.0
                left[page_no], right[page_no] = left_doc + shift, right_doc + shift
        in_body = {id(item) for item in body}
        gaps = [round(b.top - a.bottom) for items in pages for a, b in zip(items, items[1:])
                if id(a) in in_body and id(b) in in_body and b.top > a.bottom]
        line_gap = Counter(gaps).most_common(1)[0][0] if gaps else body_size
        return cls(left, right, body_size, float(line_gap))

    def full(self, item: Printed) -> bool:
        right = self.right.get(item.page, self.rightmost)
        return item.x1 >= (item.x1 if right is None else right) - FULL_LINE * item.size

    def indented(self, item: Printed) -> bool:
        left = self.left.get(item.page, self.leftmost)
        return item.x0 > (item.x0 if left is None else left) + INDENT * item.size

    def continues(self, a: Printed, b: Printed) -> bool:
        """Whether ``b`` is the rest of the paragraph whose last printed line so far is ``a``."""
        if a.row or b.row or abs(a.size - b.size) > 0.5 or a.bold != b.bold or not self.full(a):
            return False
        if b.page == a.page and b.top - a.bottom > self.line_gap + 0.5 * a.size:
            return False
        if b.page not in (a.page, a.page + 1):
            return False
        # Headings and titles in a larger size are centred: their next line is not at the margin.
        return not self.indented(b) or a.size > self.body_size + 0.5


def _paragraphs(pages: list[list[Printed]], furniture: set[int]) -> list[tuple[list[Printed], bool]]:
    """Printed lines grouped into paragraphs (table rows and furniture alone), document order."""
    geometry = _Geometry.of([[i for i in items if id(i) not in furniture] for items in pages])
    groups: list[tuple[list[Printed], bool]] = []
    last_text: Printed | None = None
    paragraph: list[Printed] = []  # the group of ``last_text``
    for items in pages:
        for item in items:
            if id(item) in furniture:
                groups.append(([item], True))
                continue
            if last_text is not None and geometry.continues(last_text, item):
                # Furniture printed between two parts of a paragraph (a footer and the next
                # page's header) stays before it: the paragraph reads on.
                paragraph.append(item)
            else:
                paragraph = [item]
                groups.append((paragraph, False))
            last_text = item
    return groups


class Progress:
    """``page 12/40`` on a terminal's stderr while a long PDF is read; nothing otherwise."""

    def __init__(self, name: str, total: int, least: int = PROGRESS_PAGES, what: str = "page"):
        # Worker processes of a batch report through the batch's own progress line.
        self.shown = (total >= least and sys.stderr is not None and sys.stderr.isatty()
                      and multiprocessing.parent_process() is None)
        self.name, self.total, self.what = name, total, what

    def page(self, done: int) -> None:
        if self.shown:
            sys.stderr.write(f"\ripwork: {self.name}: {self.what} {done}/{self.total}")
            sys.stderr.flush()

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def _scanned(page) -> bool:
    """Whether a page is a scan: (next to) no text layer over images covering most of it."""
    if sum(1 for c in page.chars if c["text"].strip()) >= SCAN_TEXT_CHARS:
        return False
    width, height = float(page.width), float(page.height)
    covered = sum(max(0.0, min(image["x1"], width) - max(image["x0"], 0.0))
                  * max(0.0, min(image["bottom"], height) - max(image["top"], 0.0)) for image in page.images)
    return covered >= SCAN_COVER * width * height


def _read_range(data: bytes, first: int, last: int, settings: PdfSettings) -> list[tuple[list[Printed] | None, float]]:
    """Pages ``first``..``last`` (0-based, end excluded) of a PDF: what each prints (None for a
    scanned page, which OCR reads), its height."""
    import pdfplumber

    read = []
    with _library_call():
        pdf = pdfplumber.open(io.BytesIO(data))
    with pdf:
        with _library_call():
            pages = pdf.pages[first:last]
        for page in pages:
            with _library_call():
                scanned = _scanned(page)
            items = None if scanned else _page_items(page, settings)
            with _library_call():
                height = float(page.height)
                page.close()
            read.append((items, height))
    return read


# The PDF a worker process reads pages of, handed to it once when it starts.
_worker_document: dict[str, bytes] = {}


def _keep_document(data: bytes) -> None:
    _worker_document["data"] = data


def _read_kept_range(first: int, last: int, settings: PdfSettings) -> list[tuple[list[Printed] | None, float]]:
    return _read_range(_worker_document["data"], first, last, settings)


def _page_count(data: bytes) -> int:
    import pdfplumber

    with _library_call(), pdfplumber.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def _ranges(total: int, jobs: int) -> list[tuple[int, int]]:
    """Page ranges for ``jobs`` workers: several per worker, so that a slow stretch of pages
    does not leave the others idle."""
    size = max(1, -(-total // (jobs * RANGES_PER_JOB)))
    return [(first, min(total, first + size)) for first in range(0, total, size)]


def _read_pages(data: bytes, name: str, settings: PdfSettings,
                jobs: int) -> tuple[list[list[Printed] | None], list[float]]:
    """Every page's printed lines and table rows (None for a scanned page), and its height; a
    long PDF's read by ``jobs`` worker processes (pages are independent; results keep page
    order).  A short one is read here: starting workers would take longer than its pages."""
    total = _page_count(data)
    progress = Progress(name, total)
    ranges = _ranges(total, jobs)
    read: list[tuple[list[Printed], float]] = []
    try:
        if jobs <= 1 or len(ranges) <= 1 or total < PROGRESS_PAGES:
            for first, last in ranges:
                read.extend(_read_range(data, first, last, settings))
                progress.page(len(read))
        else:
            from ipwork.logs import libraries_shown
            from ipwork.workers import worker_pool

            with worker_pool(min(jobs, len(ranges)), libraries_shown(), _keep_document, (data,)) as pool:
                futures = [pool.submit(_read_kept_range, first, last, settings) for first, last in ranges]
                for future in futures:
                    read.extend(future.result())
                    progress.page(len(read))
    finally:
        progress.close()
    return [items for items, _ in read], [height for _, height in read]


class PdfText(NamedTuple):
    """A PDF as lines: ``lines`` and ``furniture`` numbered in one sequence, the pages OCR read,
    and what the reader warns of: (line, code, message)."""

    lines: list[Line]
    furniture: list[Line]
    ocr_pages: frozenset[int]
    warnings: list[tuple[int | None, str, str]]


def printed_lines(pages: list[list[Printed]], heights: list[float]) -> PdfText:
    """Pages of printed lines and table rows as numbered lines: paragraphs joined again, running
    headers, footers and page numbers set apart; a line OCR was unsure of gets a warning."""
    from ipwork.readers.ocr import LOW_CONFIDENCE, low_confidence

    lines: list[Line] = []
    furniture: list[Line] = []
    warnings: list[tuple[int | None, str, str]] = []
    number = 0
    for group, is_furniture in _paragraphs(pages, _furniture(pages, heights)):
        number += 1
        text = join_pieces(item.text for item in group)
        (furniture if is_furniture else lines).append(Line(number, text, group[0].page))
        unsure = [item for item in group if item.confidence is not None and item.confidence < LOW_CONFIDENCE]
        warnings.extend(low_confidence(number, item) for item in unsure if not is_furniture)
    return PdfText(lines, furniture, frozenset(), warnings)


def read_pdf(data: bytes, name: str, jobs: int = 1) -> PdfText:
    """Every paragraph and table row in reading order, and the running headers, footers and page
    numbers, numbered in one sequence with their page numbers; scanned pages are read by OCR."""
    try:
        pages, heights = _read_pages(data, name, PdfSettings(), jobs)
    except PdfLibraryError as e:
        raise InputError(f"cannot read PDF: {e}", file=name) from None
    scanned = [n for n, items in enumerate(pages) if items is None]
    if scanned:
        from ipwork.readers.ocr import ocr_pdf_pages

        for n, items in zip(scanned, ocr_pdf_pages(data, name, scanned, jobs)):
            pages[n] = items
    read = printed_lines(pages, heights)
    if not any(line.text.strip() for line in read.lines):
        if scanned:
            raise InputError(f"PDF has no text: OCR found none on its {len(scanned)} scanned "
                             f"page{'s' if len(scanned) > 1 else ''}", file=name)
        raise InputError("PDF has no text layer and no scanned page (blank, or drawings only)", file=name)
    return read._replace(ocr_pages=frozenset(n + 1 for n in scanned))
