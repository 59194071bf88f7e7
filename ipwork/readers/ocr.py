"""Scanned pages read by OCR: image-only PDF pages and image files, as printed lines and table rows.

The ``ocr`` extra installs rapidocr-onnxruntime, whose wheel carries the PP-OCRv4 Chinese
detection and recognition models: nothing is downloaded when a page is read.  Each page is
turned upright first (a scan is rarely square to the glass: the angle at which the rows of
ink line up best), then the boxes of text OCR finds are laid out as the PDF reader lays out a
text layer's lines (``pdf.Printed``), so that the same paragraph joining, page furniture and
parsers apply:

- a table is found from its rules: the long horizontal and vertical runs of ink that cross
  each other.  Its grid has a row between each two horizontal rules and a column between each
  two vertical ones; grid cells with no rule between them are one merged cell, whose text
  belongs to its first row (as pdfplumber gives a merged cell).  Every row becomes a line of
  tab-separated cells, a cell's wrapped lines joined again;
- every other box is a printed line, boxes side by side on one line joined left to right.
"""
from __future__ import annotations

import bisect
import importlib.util
import io
import unicodedata
from dataclasses import dataclass, field

import regex

from ipwork.errors import InputError
from ipwork.readers.pdf import Printed, PdfText, Progress, printed_lines
from ipwork.readers.source import join_pieces

INSTALL = "pip install 'ipwork[ocr]'"
OCR_DPI = 150  # scanned PDF pages are rendered at this resolution for OCR
ASSUMED_WIDTH = 595.0  # points: an image that does not say its resolution is taken for an A4 page
LOW_CONFIDENCE = 0.8  # a line OCR reads with less confidence than this gets a warning
JUNK_SCORE = 0.5  # boxes read with less confidence than this are specks and smudges, not text
INK = 200  # of 255: darker pixels are ink (a thin rule of a greyscale scan is light grey)
RULE = 20.0  # points: a run of ink at least this long is a table rule (longer than any character)
SHORT_RULE = 8.0  # points: a vertical rule as short as this (the side of a one-line row) runs rule to rule
NEAR = 3.0  # points: rules this close are one, and a rule this close to another's end meets it
RULE_GAP = 1.0  # points: a break in a rule no longer than this is a flaw of the scan
TOUCH = 1.0  # points: how close a cell's side comes to the rules it runs between
COVERED = 0.5  # a rule covering this share of a cell's side closes the cell there
SPECK = 1.5  # points: a dot of ink no wider than this, alone, is dust
SPECK_ROOM = 2.0  # points: the room around a speck of dust in which no other ink lies
COLON_GAP = (1.5, 5.0)  # points: how far apart the two dots of a colon are
COLON_SKEW = 0.5  # points: how far the one may stand left or right of the other
MAX_SKEW = 2.0  # degrees: how far a page may be turned on the scanner
SKEW_STEP = 0.1  # degrees: the coarse search for the angle; a finer one follows around the best
SKEW_MIN = 0.05  # degrees: a page turned less than this is read as it is
SAME_SIZE = 0.12  # lines whose type sizes differ by less than this share are in the body's size
SHORT_LINE = 8  # ems: a line shorter than this has its size measured on few characters
DASHES = 1.5  # ems: a rule this long opening a line is a run of dashes (———), not one
DASH_READINGS = "一—－-─"  # what OCR reads a run of dashes as
# Marks Chinese typesetting never opens a line with: read there, they are dust beside the text.
NEVER_FIRST = "，。、．.,·:：;；!！?？"
NEVER_LAST = "·"  # a middle dot ends no line: read there, it is dust
# 一 read as hyphens: 进一步 as 进--步, 之一 closing a line as 之- (Chinese text prints neither).
_ONE_AS_HYPHENS = regex.compile(r"(?<=\p{Han})(?:--(?=\p{Han})|-$)")
MARK_WIDTH = 3.0  # of a line's height: how far left of a box a mark OCR left out may reach (———)
MARK_GAP = 0.5  # of a line's height: the most room between such a mark and the box
SPACE = 0.8  # of a line's height: a gap wider than this between two boxes of one line is a space


def ocr_installed() -> bool:
    return importlib.util.find_spec("rapidocr_onnxruntime") is not None


def require_ocr(name: str, what: str) -> None:
    """An error naming the install command when the OCR extra is missing."""
    if not ocr_installed():
        raise InputError(f"{what}: reading it needs OCR, which is not installed ({INSTALL})", file=name)


def low_confidence(line: int, item: Printed) -> tuple[int, str, str]:
    """The warning for a line OCR was unsure of, naming its page."""
    return (line, "low-confidence", f"page {item.page}: OCR read this line with confidence {item.confidence:.2f}, "
            f"check it against the page: {item.text[:60]}")


# --- pages as images ---------------------------------------------------------------------

@dataclass
class _Pages:
    """Where page images come from: a PDF's pages rendered, or the frames of an image file."""

    data: bytes
    pdf: bool
    _document: object = field(default=None, repr=False)

    def image(self, index: int):
        """Page ``index`` (0-based) as a greyscale PIL image, and points per pixel."""
        if self.pdf:
            import pypdfium2

            if self._document is None:
                self._document = pypdfium2.PdfDocument(self.data)
            page = self._document[index]
            image = page.render(scale=OCR_DPI / 72, grayscale=True).to_pil().convert("L")
            page.close()
            return image, 72 / OCR_DPI
        from PIL import Image

        image = Image.open(io.BytesIO(self.data))
        image.seek(index)
        dpi = image.info.get("dpi")
        scale = 72 / float(dpi[0]) if dpi and dpi[0] and float(dpi[0]) > 1 else ASSUMED_WIDTH / image.width
        return image.convert("L"), scale


_state: dict[str, object] = {}  # per process: the OCR engine (loaded once) and the pages read


def _engine():
    if "engine" not in _state:
        from rapidocr_onnxruntime import RapidOCR

        # One thread a process: pages are read in parallel by processes (--jobs).
        _state["engine"] = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1, text_score=JUNK_SCORE,
                                    use_cls=False)
    return _state["engine"]


def _keep_pages(pages: _Pages) -> None:
    _state["pages"] = pages
    _engine()


def _read_kept_page(index: int) -> tuple[list[Printed], float]:
    return read_page(_state["pages"], index)


# --- turning a page upright --------------------------------------------------------------

def _ink(grey):
    import numpy as np

    return np.asarray(grey) < INK


def skew_angle(grey) -> float:
    """Degrees a page is turned counter-clockwise: the angle at which its rows of ink (lines of
    text, table rules) line up best, i.e. the row profile of the sheared page is sharpest."""
    import numpy as np

    ys, xs = np.nonzero(_ink(grey.reduce(2) if grey.width > 1200 else grey))
    if len(ys) < 100:
        return 0.0

    def sharpness(angle: float) -> float:
        rows = np.round(ys + xs * np.tan(np.radians(angle))).astype(np.int64)
        counts = np.bincount(rows - rows.min())
        return float(np.dot(counts, counts))

    coarse = max(np.arange(-MAX_SKEW, MAX_SKEW + SKEW_STEP / 2, SKEW_STEP), key=sharpness)
    fine = np.arange(coarse - SKEW_STEP, coarse + SKEW_STEP * 1.01, SKEW_STEP / 5)
    return float(max(fine, key=sharpness))


def _window_sums(ink, radius: int):
    """For each pixel, how many pixels of ink lie within ``radius`` of it (a square window)."""
    import numpy as np

    padded = np.pad(ink.astype(np.int32), radius + 1)
    sums = padded.cumsum(axis=0).cumsum(axis=1)
    side = 2 * radius + 1
    return (sums[side:, side:] - sums[:-side, side:] - sums[side:, :-side] + sums[:-side, :-side])[:ink.shape[0],
                                                                                                   :ink.shape[1]]


def _stacked(dots, marks, scale: float):
    """The dots with a mark straight above or below them, as the two of a colon (：；)."""
    import numpy as np

    near, far, side = (max(1, round(d / scale)) for d in (*COLON_GAP, COLON_SKEW))
    pairs = np.zeros_like(dots)
    for dy in range(near, far + 1):
        pairs[dy:] |= marks[:-dy]
        pairs[:-dy] |= marks[dy:]
    for dx in range(1, side + 1):
        pairs[:, dx:] |= pairs[:, :-dx]
        pairs[:, :-dx] |= pairs[:, dx:]
    return dots & pairs


def despeckled(grey, scale: float):
    """The page without dust: dots of ink no bigger than ``SPECK`` with no other ink around them,
    which OCR would read as ： · or ， at the ends of lines.  A full stop or comma sits close to
    the character before it, and the dots of a colon one above the other: they are kept."""
    import numpy as np
    from PIL import Image

    ink = _ink(grey)
    side = max(1, round(SPECK / scale))
    # The window is wider than a speck holds pixels, so that a rule one pixel thin is no speck.
    radius = max(round(SPECK_ROOM / scale), side * side // 2 + 1)
    around = _window_sums(ink, radius)
    dots = ink & (around <= side * side)
    # A colon's dots are close enough that one may count the other's ink: a mark is a dot or two.
    dust = dots & ~_stacked(dots, ink & (around <= 2 * side * side), scale)
    if not dust.any():
        return grey
    pixels = np.asarray(grey).copy()
    pixels[dust] = 255
    return Image.fromarray(pixels)


def upright(grey):
    from PIL import Image

    angle = skew_angle(grey)
    if abs(angle) < SKEW_MIN:
        return grey
    return grey.rotate(-angle, resample=Image.BICUBIC, fillcolor=255)


# --- table rules -------------------------------------------------------------------------

def _long_runs(ink, length: int):
    """The pixels of horizontal runs of ink at least ``length`` long."""
    import numpy as np

    height, width = ink.shape
    if width < length:
        return np.zeros_like(ink)
    sums = np.zeros((height, width + 1), np.int32)
    sums[:, 1:] = np.cumsum(ink, axis=1)
    full = (sums[:, length:] - sums[:, :-length]) == length  # the run of ``length`` starting here is all ink
    marks = np.zeros((height, width + 1), np.int32)
    marks[:, :full.shape[1]] += full
    marks[:, length:length + full.shape[1]] -= full
    return np.cumsum(marks, axis=1)[:, :width] > 0


def _intervals(flags, gap: int) -> list[tuple[int, int]]:
    """Runs of True in a 1-d array, as (start, end) with end excluded; runs ``gap`` apart are one."""
    import numpy as np

    padded = np.concatenate(([False], flags, [False]))
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    merged: list[list[int]] = []
    for start, end in zip(edges[::2], edges[1::2]):
        if merged and start - merged[-1][1] <= gap:
            merged[-1][1] = int(end)
        else:
            merged.append([int(start), int(end)])
    return [(a, b) for a, b in merged]


@dataclass(frozen=True)
class _Rule:
    """A table rule: ``at`` across it, from ``start`` to ``end`` along it (pixels); its ink from
    ``low`` to ``high`` across it."""

    at: float
    start: int
    end: int
    low: int = 0
    high: int = 0


def _rules(ink, length: int, gap: int) -> list[_Rule]:
    """The horizontal rules of a page: long runs of ink, the rows of a rule's thickness as one."""
    # A rule turned by a fraction of a degree steps from one pixel row to the next: ink of the
    # row below counts too.
    thick = ink.copy()
    thick[:-1] |= ink[1:]
    runs = _long_runs(thick, length)
    rules = []
    for top, bottom in _intervals(runs.any(axis=1), 1):
        for start, end in _intervals(runs[top:bottom].any(axis=0), gap):
            rules.append(_Rule((top + bottom - 1) / 2, start, end, top, bottom))
    return rules


@dataclass
class _Grid:
    """A ruled table: the positions of its horizontal (``ys``) and vertical (``xs``) rules."""

    ys: list[float]
    xs: list[float]
    across: list[_Rule]
    down: list[_Rule]
    near: float

    def _covered(self, rules: list[_Rule], at: float, start: float, end: float) -> bool:
        covered = sum(max(0.0, min(end, r.end) - max(start, r.start)) for r in rules if abs(r.at - at) <= self.near)
        return covered >= COVERED * (end - start)

    def closed_below(self, row: int, column: int) -> bool:
        """Whether a rule separates grid row ``row`` from the next in ``column``."""
        return self._covered(self.across, self.ys[row + 1], self.xs[column], self.xs[column + 1])

    def closed_right(self, row: int, column: int) -> bool:
        return self._covered(self.down, self.xs[column + 1], self.ys[row], self.ys[row + 1])

    def cell_of(self, x: float, y: float) -> tuple[int, int] | None:
        if not (self.xs[0] <= x <= self.xs[-1] and self.ys[0] <= y <= self.ys[-1]):
            return None
        return (min(bisect.bisect_right(self.ys, y) - 1, len(self.ys) - 2),
                min(bisect.bisect_right(self.xs, x) - 1, len(self.xs) - 2))


def _positions(values: list[float], near: float) -> list[float]:
    """Positions closer than ``near`` taken as one, their mean."""
    groups: list[list[float]] = []
    for value in sorted(values):
        if groups and value - groups[-1][-1] <= near:
            groups[-1].append(value)
        else:
            groups.append([value])
    return [sum(g) / len(g) for g in groups]


def _meet(a: _Rule, d: _Rule, near: float) -> bool:
    return a.start - near <= d.at <= a.end + near and d.start - near <= a.at <= d.end + near


def _sides(across: list[_Rule], down: list[_Rule], touch: float, near: float, length: float) -> list[_Rule]:
    """The vertical rules that are the sides of cells: from one horizontal rule to another,
    touching both (a character's stroke stops short of the cell's padding), or long and meeting
    one (a page break cuts a table without a rule under a merged cell)."""
    def meets(d: _Rule, y: float, within: float) -> bool:
        return any(a.low - within <= y <= a.high + within and a.start - near <= d.at <= a.end + near for a in across)

    sides = []
    for d in down:
        if meets(d, d.start, touch) and meets(d, d.end, touch) or (
                d.end - d.start >= length and (meets(d, d.start, near) or meets(d, d.end, near))):
            sides.append(d)
    return sides


def _grids(across: list[_Rule], down: list[_Rule], near: float) -> list[_Grid]:
    """The tables of a page: rules that cross or meet, two or more each way."""
    parent = list(range(len(across) + len(down)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(across):
        for j, d in enumerate(down):
            if _meet(a, d, near):
                parent[root(i)] = root(len(across) + j)
    groups: dict[int, tuple[list[_Rule], list[_Rule]]] = {}
    for i, rule in enumerate(across + down):
        groups.setdefault(root(i), ([], []))[i >= len(across)].append(rule)
    grids = []
    for rows, columns in groups.values():
        if len(rows) < 2 or len(columns) < 2:
            continue
        # A page break cuts a table without a rule under its last row: the ends of the vertical
        # rules close it (as the PDF reader closes a ruled area).
        top, bottom = min(d.start for d in columns), max(d.end for d in columns)
        edges = [_Rule(top, -10**9, 10**9), _Rule(bottom, -10**9, 10**9)]
        ys = _positions([r.at for r in rows] + [top, bottom], near)
        xs = _positions([d.at for d in columns], near)
        if len(ys) >= 2 and len(xs) >= 2:
            grids.append(_Grid(ys, xs, rows + edges, columns, near))
    return grids


# --- boxes of text -----------------------------------------------------------------------

@dataclass(frozen=True)
class _Box:
    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    score: float

    @property
    def height(self) -> float:
        return self.bottom - self.top


def _curly_quotes(text: str) -> str:
    """Straight quotes OCR reads in Chinese text as the curly ones printed: “ opening, ” closing."""
    if '"' not in text:
        return text
    out, open_ = [], False
    for ch in text:
        if ch == '"':
            ch = "”" if open_ else "“"
        if ch in "“”":
            open_ = ch == "“"
        out.append(ch)
    return "".join(out)


def _boxes(result) -> list[_Box]:
    boxes = []
    for points, text, score in result or []:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        text = _ONE_AS_HYPHENS.sub("一", text.strip().lstrip(NEVER_FIRST).rstrip(NEVER_LAST))
        if text:
            boxes.append(_Box(min(xs), min(ys), max(xs), max(ys), text, float(score)))
    return boxes


def _lines_of(boxes: list[_Box]) -> list[list[_Box]]:
    """Boxes grouped into printed lines (boxes whose middles lie within each other's height),
    top to bottom, each left to right."""
    lines: list[list[_Box]] = []
    for box in sorted(boxes, key=lambda b: (b.top + b.bottom) / 2):
        middle = (box.top + box.bottom) / 2
        if lines and any(b.top <= middle <= b.bottom for b in lines[-1]):
            lines[-1].append(box)
        else:
            lines.append([box])
    return [sorted(line, key=lambda b: b.x0) for line in lines]


def _ems(text: str) -> float:
    """How wide a text is printed, in ems: ideographs and full-width marks one, others half."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in text if not ch.isspace())


def _type_size(line: list[_Box], text: str) -> float:
    """The font size of a printed line (pixels): the width a character takes, ideographs and
    full-width marks one em, Latin letters and digits half of one.  (The height of OCR's boxes
    says little: a title and the body get boxes of much the same height.)"""
    ems = _ems(text)
    width = sum(b.x1 - b.x0 for b in line)
    return width / ems if ems else max(b.height for b in line)


def _with_dashes(line: list[_Box], text: str, rules: list[_Rule]) -> str:
    """A line's text with the dashes that open it (the ——— before a heading) as printed: OCR
    leaves a long dash out of its box, or reads it as one 一; its length in ems says how many."""
    first, em = line[0], _type_size(line, text)
    dash = next((r for r in rules if first.top <= r.at <= first.bottom
                 and r.start < first.x0 + em and r.end > first.x0 - em and r.end - r.start >= DASHES * em), None)
    if dash is None:
        return text
    inside = text[:1] in DASH_READINGS and dash.end > first.x0 + em / 2
    return "—" * round((dash.end - dash.start) / em) + (text[1:] if inside else text)


def _line_text(line: list[_Box]) -> str:
    height = max(b.height for b in line)
    pieces = [line[0].text]
    for before, box in zip(line, line[1:]):
        pieces.append((" " if box.x0 - before.x1 > SPACE * height else "") + box.text)
    return "".join(pieces)


def _cell_text(boxes: list[_Box]) -> str:
    return _curly_quotes(join_pieces(_line_text(line) for line in _lines_of(boxes)).replace("\t", " "))


def _header_read_again(cells: list[str]) -> list[str]:
    """A table's header row with a word OCR misread by one character (工作直点) given back as the
    header word it is: a layout that does not know a table's header loses every field of it."""
    from ipwork.parsers.columns import header_field, vocabulary

    headers = vocabulary()
    if sum(header_field(cell) is not None for cell in cells) < 2:
        return cells

    def known(cell: str) -> str:
        if header_field(cell) is not None or len(cell) < 4:
            return cell
        near = [word for word in headers if len(word) == len(cell) and sum(a != b for a, b in zip(word, cell)) == 1]
        # 工作重点 and 工作要点 are both one character from 工作直点: any word of the one field will do.
        return near[0] if near and len({headers[word] for word in near}) == 1 else cell

    return [known(cell) for cell in cells]


def _table_rows(grid: _Grid, boxes: list[_Box], page: int, scale: float) -> list[Printed]:
    """The table's rows, each a line of tab-separated cells; a merged cell's text in its first row."""
    rows, columns = len(grid.ys) - 1, len(grid.xs) - 1
    parent = {(r, c): (r, c) for r in range(rows) for c in range(columns)}

    def root(cell: tuple[int, int]) -> tuple[int, int]:
        while parent[cell] != cell:
            cell = parent[cell]
        return cell

    def merge(a: tuple[int, int], b: tuple[int, int]) -> None:
        ra, rb = root(a), root(b)
        parent[max(ra, rb)] = min(ra, rb)  # the top-left cell stands for a merged one

    for r in range(rows):
        for c in range(columns):
            if r + 1 < rows and not grid.closed_below(r, c):
                merge((r, c), (r + 1, c))
            if c + 1 < columns and not grid.closed_right(r, c):
                merge((r, c), (r, c + 1))
    held: dict[tuple[int, int], list[_Box]] = {}
    for box in boxes:
        held.setdefault(root(grid.cell_of((box.x0 + box.x1) / 2, (box.top + box.bottom) / 2)), []).append(box)
    printed = []
    for r in range(rows):
        cells = [held.get((r, c), []) if root((r, c)) == (r, c) else [] for c in range(columns)]
        if not any(cells):
            continue
        confidence = min(b.score for cell in cells for b in cell)
        texts = _header_read_again([_cell_text(cell) for cell in cells])
        printed.append(Printed(page, grid.ys[r] * scale, grid.ys[r + 1] * scale, grid.xs[0] * scale,
                               grid.xs[-1] * scale, "\t".join(texts), row=True, confidence=confidence))
    return printed


@dataclass
class Ruling:
    """A page's rules: the tables they make, and the rules in no table (dashes, underlines)."""

    grids: list[_Grid]
    loose: list[_Rule]

    def erased(self, grey):
        """The page without its tables' horizontal rules, for reading the text OCR found on the
        page with them: a rule close over a line of text reads as a stroke (一 under a rule is
        二).  The vertical ones stay: a colon at the end of a cell's line touches its side."""
        import numpy as np
        from PIL import Image

        pixels = np.asarray(grey).copy()
        for grid in self.grids:
            for rule in grid.across:
                if rule.high > rule.low:  # not the edge a page break left open
                    pixels[max(0, rule.low - 1):rule.high + 1, rule.start:rule.end] = 255
        return Image.fromarray(pixels)


def rules_of(ink, scale: float) -> Ruling:
    """The rules of a page and the tables they make."""
    near = max(1, round(NEAR / scale))
    length = max(8, round(RULE / scale))
    # Pieces of a rule a pixel or two apart are one rule; a character's stroke further on is not.
    gap = max(1, round(RULE_GAP / scale))
    across = _rules(ink, length, gap)
    touch = max(1, round(TOUCH / scale))
    sides = _sides(across, _rules(ink.T, max(4, round(SHORT_RULE / scale)), gap), touch, near, length)
    grids = _grids(across, sides, near)
    loose = [a for a in across if not any(grid.ys[0] - near <= a.at <= grid.ys[-1] + near for grid in grids)]
    return Ruling(grids, loose)


def page_layout(boxes: list[_Box], ruling: Ruling, page: int, scale: float) -> list[Printed]:
    """A page's boxes of text as printed lines and table rows, top to bottom (points)."""
    grids = ruling.grids
    in_table: dict[int, list[_Box]] = {}
    outside = []
    for box in boxes:
        middle = ((box.x0 + box.x1) / 2, (box.top + box.bottom) / 2)
        found = next((n for n, grid in enumerate(grids) if grid.cell_of(*middle) is not None), None)
        (outside if found is None else in_table.setdefault(found, [])).append(box)
    printed = [row for n, grid in enumerate(grids) for row in _table_rows(grid, in_table.get(n, []), page, scale)]
    for line in _lines_of(outside):
        text = _with_dashes(line, _curly_quotes(_line_text(line)), ruling.loose)
        printed.append(Printed(page, min(b.top for b in line) * scale, max(b.bottom for b in line) * scale,
                               line[0].x0 * scale, max(b.x1 for b in line) * scale, text,
                               size=round(_type_size(line, text) * scale, 1), confidence=min(b.score for b in line)))
    return sorted(printed, key=lambda item: item.top)


def read_page(pages: _Pages, index: int) -> tuple[list[Printed], float]:
    """Page ``index`` read by OCR: its printed lines and table rows, and its height (points)."""

    image, scale = pages.image(index)
    image = despeckled(upright(image), scale)
    ruling = rules_of(_ink(image), scale)
    return page_layout(_read_text(image, ruling.erased(image), ruling), ruling, index + 1, scale), image.height * scale


def _split_at_sides(found: list, ruling: Ruling) -> list:
    """OCR's boxes (four corners each), a box that runs over the side of a table's cell into the
    next cut in two there: the lines of two cells side by side can be found as one."""
    import numpy as np

    boxes = []
    for box in found:
        x0, y0 = box.min(axis=0)
        x1, y1 = box.max(axis=0)
        middle = (y0 + y1) / 2
        cuts = sorted((d.low, d.high) for grid in ruling.grids for d in grid.down
                      if d.start <= middle <= d.end and x0 < d.low and d.high < x1)
        if not cuts:
            boxes.append(box)
            continue
        edges = [x0] + [edge for cut in cuts for edge in cut] + [x1]
        for left, right in zip(edges[::2], edges[1::2]):
            if right - left >= y1 - y0:  # no room for a character: the side's own ink
                boxes.append(np.array([[left, y0], [right, y0], [right, y1], [left, y1]], dtype=np.float32))
    return boxes


def _widened(found: list, ink, ruling: Ruling) -> list:
    """OCR's boxes of lines outside tables, each stretched left over a mark its detector left
    out (▲ before a caption, ——— before a heading): a mark at most three characters wide, at
    most half a character before the box, and no taller than the line."""
    import numpy as np

    boxes = []
    for box in found:
        x0, y0 = box.min(axis=0)
        x1, y1 = box.max(axis=0)
        height = y1 - y0
        start = _mark_before(ink, int(x0), int(y0), int(y1), height)
        if start is None or any(grid.cell_of((x0 + x1) / 2, (y0 + y1) / 2) for grid in ruling.grids):
            boxes.append(box)
        else:
            boxes.append(np.array([[start, y0], [x1, y0], [x1, y1], [start, y1]], dtype=np.float32))
    return boxes


def _mark_before(ink, x0: int, y0: int, y1: int, height: float) -> int | None:
    """Where a mark left of a box starts, if there is one (see ``_widened``)."""
    import numpy as np

    reach = max(0, x0 - round(MARK_WIDTH * height))
    columns = ink[y0:y1, reach:x0].any(axis=0)
    inked = np.flatnonzero(columns)
    if not len(inked) or x0 - (reach + inked[-1]) > MARK_GAP * height:
        return None
    above, below = ink[max(0, y0 - 2):y0, reach:x0], ink[y1:y1 + 2, reach:x0]
    if above.any() or below.any():
        return None  # a rule or the next line's ink, not a mark of this line
    runs = _intervals(columns, max(1, round(MARK_GAP * height)))
    return reach + runs[-1][0]


def _read_text(page, clean, ruling: Ruling) -> list[_Box]:
    """The boxes of text found on ``page`` (the rules between cells keep their text apart), read
    from ``clean`` (the same page without its tables' horizontal rules)."""
    import numpy as np

    engine = _engine()

    def colour(image):  # the models read three channels
        return np.repeat(np.asarray(image)[:, :, None], 3, axis=2)

    found, _ = engine.text_det(colour(page))
    if found is None or not len(found):
        return []
    found = _widened(_split_at_sides(engine.sorted_boxes(found), ruling), _ink(page), ruling)
    read, _ = engine.text_rec(engine.get_crop_img_list(colour(clean), found))
    return _boxes([(box.tolist(), res[0], res[1]) for box, res in zip(found, read) if res[1] >= JUNK_SCORE])


def _even_sizes(pages: list[list[Printed]]) -> None:
    """One size for the body text: OCR's boxes of one font vary by a pixel or two, and the
    paragraph joining compares sizes."""
    sizes = sorted(item.size for items in pages for item in items if not item.row)
    if not sizes:
        return
    body = sizes[len(sizes) // 2]
    for items in pages:
        for item in items:
            # A short line's size, from few characters, is the less sure.
            close = SAME_SIZE * (1 if _ems(item.text) >= SHORT_LINE else 2)
            if not item.row and abs(item.size - body) <= close * body:
                item.size = body


def _read_pages(pages: _Pages, indexes: list[int], name: str, jobs: int) -> list[tuple[list[Printed], float]]:
    """The pages read by OCR, by ``jobs`` worker processes (each loads the models once)."""
    progress = Progress(name, len(indexes), least=1, what="OCR page")
    read: list[tuple[list[Printed], float]] = []
    try:
        if jobs <= 1 or len(indexes) <= 1:
            for index in indexes:
                read.append(read_page(pages, index))
                progress.page(len(read))
        else:
            from ipwork.logs import libraries_shown
            from ipwork.workers import worker_pool

            with worker_pool(min(jobs, len(indexes)), libraries_shown(), _keep_pages, (pages,)) as pool:
                for result in pool.map(_read_kept_page, indexes):
                    read.append(result)
                    progress.page(len(read))
    finally:
        progress.close()
    _even_sizes([items for items, _ in read])
    return read


def ocr_pdf_pages(data: bytes, name: str, indexes: list[int], jobs: int = 1) -> list[list[Printed]]:
    """The printed lines and table rows of a PDF's scanned pages (0-based ``indexes``), in points."""
    require_ocr(name, f"{_pages_named(indexes)} of this PDF {'is a scan' if len(indexes) == 1 else 'are scans'}")
    return [items for items, _ in _read_pages(_Pages(data, pdf=True), indexes, name, jobs)]


def _pages_named(indexes: list[int]) -> str:
    numbers = [str(i + 1) for i in indexes]
    if len(numbers) == 1:
        return f"page {numbers[0]}"
    return f"pages {', '.join(numbers[:5])}{'…' if len(numbers) > 5 else ''}"


def read_image(data: bytes, name: str, what: str, jobs: int = 1) -> PdfText:
    """An image file (a TIFF of several pages too) read by OCR."""
    require_ocr(name, what)
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            count = getattr(image, "n_frames", 1)
        read = _read_pages(_Pages(data, pdf=False), list(range(count)), name, jobs)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):  # Pillow's kinds for a damaged file
        raise InputError(f"{what} that cannot be read (damaged or cut short)", file=name) from None
    text = printed_lines([items for items, _ in read], [height for _, height in read])
    if not any(line.text.strip() for line in text.lines):
        raise InputError(f"{what} in which OCR found no text", file=name)
    return text._replace(ocr_pages=frozenset(range(1, count + 1)))
