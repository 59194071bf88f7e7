"""Word documents (.docx) to numbered lines with python-docx: one line per paragraph and per
table row, in document order, so ``source.line`` counts paragraphs and table rows.

A table row's cells are separated by tabs.  A cell merged across rows (``vMerge``) has its
text in the first row only, the rows below hold an empty cell, as a printed table shows it;
``Line.cells`` gives it in every row it covers and ``Line.merged`` says where (layouts fill
such cells down).  A cell spanning columns (``gridSpan``) is followed by empty cells for the
columns it covers, so a section row across the width is its text and empty cells.  A table
that lays out the page (it holds another table, or has one column) is read as the paragraphs
and tables of its cells.  Automatic list numbers (一、, （一）, 1.) are not in the paragraph
text: they are rendered from the numbering definitions.
"""
from __future__ import annotations

import io
import re
import zipfile
from collections import defaultdict

from ipwork.errors import InputError
from ipwork.normalize.numerals import CIRCLED
from ipwork.readers.source import Line, is_layout_table, join_pieces, table_row

_CHINESE_DIGITS = "〇一二三四五六七八九"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _chinese(n: int) -> str:
    """``11`` -> ``十一``, ``23`` -> ``二十三``, as Word's chineseCounting prints list numbers."""
    if n < 10:
        return _CHINESE_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return (_CHINESE_DIGITS[tens] if tens > 1 else "") + "十" + (_CHINESE_DIGITS[ones] if ones else "")
    return "".join(_CHINESE_DIGITS[int(d)] for d in str(n))


def format_number(n: int, fmt: str) -> str:
    """A list counter in a Word number format (decimal, chineseCounting, …)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "japaneseCounting",
               "taiwaneseCounting", "ideographDigital", "chineseLegalSimplified"):
        return _chinese(n)
    if fmt.startswith("decimalEnclosedCircle") and 1 <= n <= len(CIRCLED):
        return CIRCLED[n - 1]
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n).upper() if fmt == "upperRoman" else _roman(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)


class _Styles:
    """What the style a paragraph inherits says (its list numbering, its heading level), read
    once per style: python-docx finds a paragraph's style by searching all of a document's,
    which would cost every paragraph the length of the style sheet."""

    def __init__(self) -> None:
        self.read: dict[str | None, tuple[object, int | None]] = {}

    def of(self, paragraph) -> tuple[object, int | None]:
        """``(numPr element or None, heading level or None)`` of the paragraph's style chain."""
        key = paragraph._p.style
        if key not in self.read:
            self.read[key] = _style_chain(paragraph.style)
        return self.read[key]


def _style_chain(style) -> tuple[object, int | None]:
    num_pr = level = None
    while style is not None:
        s_pr = style.element.pPr
        if num_pr is None and s_pr is not None and s_pr.numPr is not None:
            num_pr = s_pr.numPr
        if level is None and (m := _HEADING_STYLE.match(style.name or "")):
            level = int(m.group(1))
        style = style.base_style
    return num_pr, level


class _Numbering:
    """Renders the automatic numbers of list paragraphs, counting as Word does."""

    def __init__(self, document, styles: _Styles):
        from docx.oxml.ns import qn

        self.qn, self.styles = qn, styles
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, dict[int, int]] = defaultdict(dict)
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        abstract = {a.get(qn("w:abstractNumId")): a for a in root.iterchildren(qn("w:abstractNum"))}
        for num in root.iterchildren(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            definition = abstract.get(ref.get(qn("w:val"))) if ref is not None else None
            if definition is None:
                continue
            for lvl in definition.iterchildren(qn("w:lvl")):
                self.levels[num.get(qn("w:numId")), int(lvl.get(qn("w:ilvl"), "0"))] = (
                    self._val(lvl, "w:numFmt", "decimal"), self._val(lvl, "w:lvlText", ""),
                    int(self._val(lvl, "w:start", "1")))

    def _val(self, element, tag: str, default: str) -> str:
        found = element.find(self.qn(tag))
        return found.get(self.qn("w:val"), default) if found is not None else default

    def _num_pr(self, paragraph):
        p_pr = paragraph._p.pPr
        if p_pr is not None and p_pr.numPr is not None:
            return p_pr.numPr
        return self.styles.of(paragraph)[0]

    def label(self, paragraph) -> str:
        """The number Word prints before ``paragraph`` (``一、``), or ``""``."""
        num_pr = self._num_pr(paragraph) if self.levels else None
        if num_pr is None or num_pr.numId is None:
            return ""
        num_id = str(num_pr.numId.val)
        level = num_pr.ilvl.val if num_pr.ilvl is not None else 0
        if (num_id, level) not in self.levels:
            return ""
        counters = self.counters[num_id]
        fmt, text, start = self.levels[num_id, level]
        counters[level] = counters.get(level, start - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        if fmt == "bullet":
            return ""
        for k in range(level + 1):
            if f"%{k + 1}" in text:
                k_fmt, _, k_start = self.levels.get((num_id, k), ("decimal", "", 1))
                text = text.replace(f"%{k + 1}", format_number(counters.get(k, k_start), k_fmt))
        return text


def heading_level(paragraph, styles: _Styles) -> int | None:
    """The heading level of a paragraph: its style (Heading 2, 标题 2) or its outline level."""
    from docx.oxml.ns import qn

    if (level := styles.of(paragraph)[1]) is not None:
        return level
    p_pr = paragraph._p.pPr
    outline = p_pr.find(qn("w:outlineLvl")) if p_pr is not None else None
    if outline is not None and outline.get(qn("w:val"), "9").isdigit() and int(outline.get(qn("w:val"))) < 9:
        return int(outline.get(qn("w:val"))) + 1
    return None


def _paragraph_text(paragraph, numbering: _Numbering) -> str:
    # A soft line break or a tab inside a paragraph is layout; tabs would read as table cells.
    text = paragraph.text.replace("\n", " ").replace("\t", " ")
    return numbering.label(paragraph) + text if text.strip() else text


def _cell_text(cell, numbering: _Numbering) -> str:
    return join_pieces(_paragraph_text(paragraph, numbering).strip() for paragraph in cell.paragraphs)


class _Reader:
    """A document's paragraphs and table rows as numbered lines, tables inside tables too."""

    def __init__(self, document) -> None:
        self.styles = _Styles()
        self.numbering = _Numbering(document, self.styles)
        self.lines: list[Line] = []

    def blocks(self, container) -> None:
        """The paragraphs and tables of the document body or of a table cell, in order."""
        from docx.table import Table

        for block in container.iter_inner_content():
            if isinstance(block, Table):
                self.table(block)
            else:
                self.lines.append(Line(len(self.lines) + 1, _paragraph_text(block, self.numbering),
                                       level=heading_level(block, self.styles)))

    def table(self, table) -> None:
        """A data table's rows on its grid; a table laying out the page (see ``is_layout_table``)
        as the paragraphs and tables of its cells, a merged cell once."""
        from docx.table import _Cell

        tbl = table._tbl
        tcs = [tc for tr in tbl.tr_lst for tc in tr.tc_lst]
        width = tbl.col_count
        if not is_layout_table(width, any(tc.tbl_lst for tc in tcs)):
            above: dict[int, str] = {}  # column -> the value a cell merged with the one above it takes
            for tr in tbl.tr_lst:
                self.lines.append(self._row(tr, table, above, width))
            return
        for tc in tcs:
            if tc.vMerge != "continue":
                self.blocks(_Cell(tc, table))

    def _row(self, tr, table, above: dict[int, str], width: int) -> Line:
        """A row on the table's grid: a cell merged with the one above it (``vMerge``) has its
        value, a cell spanning columns (``gridSpan``) is followed by empty ones."""
        from docx.table import _Cell

        values, merged = [""] * tr.grid_before, set()
        for tc in tr.tc_lst:
            col = len(values)
            if tc.vMerge == "continue":
                value = above.get(col, "")
                merged.add(col)
            else:
                value = _cell_text(_Cell(tc, table), self.numbering)
            above[col] = value
            values.extend([value] + [""] * (tc.grid_span - 1))
        values.extend([""] * (width - len(values)))
        return table_row(len(self.lines) + 1, values, merged)


def docx_to_lines(data: bytes, name: str) -> list[Line]:
    """Paragraphs and table rows of a .docx, one line each, in document order."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise InputError(f"cannot read Word document: {type(e).__name__}: {e}".splitlines()[0], file=name) from None
    reader = _Reader(document)
    reader.blocks(document)
    if not any(line.text.strip() for line in reader.lines):
        raise InputError("Word document has no text", file=name)
    return reader.lines
