"""Saved web pages to numbered lines: block elements end a line, a table row is one line.

A data table is laid out on its grid as a browser draws it: a cell spanning rows
(``rowspan``) stands in each row it covers, a cell spanning columns (``colspan``) is followed
by empty cells for the columns it covers, and the row's line holds its cells separated by
tabs (``Line.cells`` the grid, a merged cell's copies empty in the text).  Paragraphs and
line breaks inside a cell are one value, their pieces joined.  A table that lays out the
page (it holds another table, or has one column) is read as paragraphs, the tables inside it
as tables.  A row's line is the line of its ``<tr>``, any other line's that of its first
character shown.

The standard library's parser reads the page: unlike lxml's, it says where each tag starts,
on any line of a long page, and leaves text that only looks like markup as text.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from html.parser import HTMLParser

import regex

from ipwork.readers.source import Line, is_layout_table, join_pieces, table_row

_BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "caption",
          "article", "header", "footer", "table", "ul", "ol", "dd", "dt", "blockquote", "hr"}
_CELL = {"td", "th"}
_ROW_GROUP = {"thead", "tbody", "tfoot"}
_SKIP = {"script", "style", "noscript", "template", "head"}
_LOOKS_HTML = regex.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]|<(?:table|div)[\s>].*</(?:table|div)>",
                            regex.I | regex.S)
# A browser reads a larger rowspan as this (the HTML standard's limit).
_MAX_ROWSPAN = 65534
# No table of data is wider; a wider one is read as paragraphs, so that a few cells spanning
# thousands of columns and rows cannot make a small page a huge grid.
MAX_COLUMNS = 100


# A marked section ``<![…`` the standard parser does not know makes it raise; read it as text.
_UNKNOWN_SECTION = regex.compile(r"<!\[(?!(?:cdata|temp|ignore|include|rcdata|if|else|endif)(?![-_.a-zA-Z0-9]))",
                                 regex.I)


def looks_like_html(text: str) -> bool:
    """A whole page (``<html>``, ``<body>``, block markup), not a few stray ``<p>`` tags."""
    return bool(_LOOKS_HTML.search(text[:20000]))


def _span(attrs: list[tuple[str, str | None]], name: str, limit: int) -> int:
    """A cell's ``rowspan``/``colspan`` as a browser reads it: leading digits, 0 for a rowspan
    to the end of the table, 1 when absent or unreadable."""
    value = next((v for k, v in attrs if k == name), None) or ""
    digits = regex.match(r"\s*(\d+)", value)
    number = int(digits.group(1)) if digits else 1
    if number == 0 and name == "rowspan":
        return limit
    return min(max(number, 1), limit)


# What a cell, a table or the page holds: lines, and the content of each table inside it as
# one list, flattened once the page is read (flattening it at each level of nesting would cost
# a page of tables inside tables the square of its depth).
_Content = list  # of Line | _Content


@dataclass
class _Cell:
    rowspan: int
    colspan: int
    lines: _Content = field(default_factory=list)  # its paragraphs (only lines in a data table)

    @cached_property
    def value(self) -> str:
        return join_pieces(line.text.replace("\t", " ") for line in self.lines)


@dataclass
class _Row:
    no: int  # the line of its <tr>
    cells: list[_Cell] = field(default_factory=list)


@dataclass
class _Table:
    # Rows, and what the table holds outside its cells, in the order they come.
    parts: list = field(default_factory=list)
    row: _Row | None = None
    cell: _Cell | None = None
    holds_table: bool = False


def grid_lines(rows: list[_Row]) -> list[Line] | None:
    """The rows as lines of the table's grid (see ``table_row``), each as wide as the table, or
    None for a table wider than a page of data is (``MAX_COLUMNS``).  A row holding only cells
    that span down into it from above repeats them, and has no line."""
    placed: list[tuple[int, list[str], list[int]]] = []
    # Column -> the cell spanning down into it, how many more rows it covers, and whether the
    # column is the cell's first (where its value stands).
    covering: dict[int, tuple[_Cell, int, bool]] = {}
    for row in rows:
        values = {col: cell.value if first else "" for col, (cell, _, first) in covering.items()}
        merged = {col for col, (_, _, first) in covering.items() if first}
        spanning: dict[int, tuple[_Cell, int, bool]] = {}
        col = 0
        for cell in row.cells:
            while col in covering:
                col += 1
            for k in range(cell.colspan):
                values[col + k] = "" if k else cell.value
                merged.discard(col + k)
                if cell.rowspan > 1:
                    spanning[col + k] = (cell, cell.rowspan - 1, k == 0)
            col += cell.colspan
        if values and max(values) >= MAX_COLUMNS:
            return None
        covering = {col: (cell, left - 1, first) for col, (cell, left, first) in covering.items() if left > 1}
        covering.update(spanning)
        if row.cells:
            placed.append((row.no, [values.get(c, "") for c in range(max(values) + 1)], sorted(merged)))
    width = max((len(values) for _, values, _ in placed), default=0)
    return [table_row(no, values + [""] * (width - len(values)), merged) for no, values, merged in placed]


def table_lines(table: _Table) -> _Content:
    """A data table's rows, or a layout table's content, with the text outside its cells."""
    rows = [part for part in table.parts if isinstance(part, _Row)]
    columns = max((sum(cell.colspan for cell in row.cells) for row in rows), default=0)
    grid = None if is_layout_table(columns, table.holds_table) else grid_lines(rows)
    if grid is not None:
        by_row = iter(grid)
        return [next(by_row) if isinstance(part, _Row) else part for part in table.parts
                if not isinstance(part, _Row) or part.cells]
    return [content for part in table.parts
            for content in ([cell.lines for cell in part.cells] if isinstance(part, _Row) else [part])]


def _flatten(content: _Content) -> list[Line]:
    lines: list[Line] = []
    stack = [iter(content)]
    while stack:
        for item in stack[-1]:
            if isinstance(item, list):
                stack.append(iter(item))
                break
            lines.append(item)
        else:
            stack.pop()
    return lines


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.content: _Content = []
        self.parts: list[str] = []
        self.first_line: int | None = None
        self.skip = 0
        self.tables: list[_Table] = []

    def _sink(self) -> _Content:
        """Where a finished line goes: the open cell, the open table, or the page."""
        if not self.tables:
            return self.content
        table = self.tables[-1]
        return table.cell.lines if table.cell else table.parts

    def _flush(self) -> None:
        text = "".join(self.parts).strip(" \n")
        if text.strip("\t"):
            self._sink().append(Line(self.first_line or self.getpos()[0], text))
        self.parts, self.first_line = [], None

    def _open_table(self) -> None:
        if self.tables:
            self.tables[-1].holds_table = True
        self.tables.append(_Table())

    def _close_table(self) -> None:
        self._end_row()
        table = self.tables.pop()
        self._sink().append(table_lines(table))

    def _start_row(self) -> None:
        self._end_row()
        table = self.tables[-1]
        table.row = _Row(self.getpos()[0])
        table.parts.append(table.row)

    def _end_row(self) -> None:
        self._end_cell()
        self.tables[-1].row = None

    def _start_cell(self, attrs) -> None:
        self._end_cell()
        table = self.tables[-1]
        if table.row is None:
            self._start_row()
        table.cell = _Cell(_span(attrs, "rowspan", _MAX_ROWSPAN), _span(attrs, "colspan", MAX_COLUMNS))
        table.row.cells.append(table.cell)

    def _end_cell(self) -> None:
        self.tables[-1].cell = None

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
        if self.skip:
            return
        if tag in _BLOCK or tag in _CELL or tag in _ROW_GROUP:
            self._flush()
        if tag == "table":
            self._open_table()
        elif tag in _CELL or tag == "tr":
            if not self.tables:
                self._open_table()  # cells outside any table: a table the page left out
            self._start_cell(attrs) if tag in _CELL else self._start_row()
        elif tag in _ROW_GROUP and self.tables:
            self._end_row()

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag in _BLOCK or tag in _CELL or tag in _ROW_GROUP:
            self._flush()
        if not self.tables:
            return
        if tag == "table":
            self._close_table()
        elif tag == "tr" or tag in _ROW_GROUP:
            self._end_row()
        elif tag in _CELL:
            self._end_cell()

    def handle_data(self, data):
        if self.skip or not data.strip():
            if data and self.parts and not self.skip:
                self.parts.append(" ")
            return
        if self.first_line is None:  # the line of the first character shown, not of white space before it
            self.first_line = self.getpos()[0] + data[:len(data) - len(data.lstrip())].count("\n")
        self.parts.append(" ".join(data.split()) if "\t" not in data else data.strip())

    def finish(self) -> list[Line]:
        self._flush()
        while self.tables:
            self._close_table()
        return _flatten(self.content)


def html_to_lines(text: str) -> list[Line]:
    """The page's text, one block or table row a line, each numbered by the source line it starts on."""
    collector = _Collector()
    collector.feed(_parseable(text))
    collector.close()
    return collector.finish()


def _parseable(text: str) -> str:
    """The page with every ``<`` that cannot open markup written as ``&lt;`` (the same text).

    The standard parser reads again to the end of the page for each ``<`` that no ``>``
    follows (quadratic: a page cut short after many such took a minute), and raises on an
    unknown ``<![`` section.  Line breaks are untouched, so line numbers stay those of the page.
    """
    end = text.rfind(">") + 1
    return _UNKNOWN_SECTION.sub("&lt;![", text[:end]) + text[end:].replace("<", "&lt;")
