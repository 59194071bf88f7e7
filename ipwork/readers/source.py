"""The one text model every parser reads: numbered lines, with their PDF page where known."""
from __future__ import annotations

import bisect
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Line:
    """A numbered line, or a piece of one: ``offset`` is where ``text`` starts within line ``no``
    (parsers split a line that holds several headings or items into pieces)."""

    no: int
    text: str
    page: int | None = None
    offset: int = 0
    # The heading level a word processor gave the paragraph (1 the outermost), where the input
    # says so (a .docx's Heading styles): a heading even when no number marks it.
    level: int | None = None
    # A table row whose grid the reader knows (a web page's or Word file's table): every column's
    # value, a cell merged over several rows given in each row it covers, and ``merged``, the
    # columns whose value was copied so from a row above.  ``text`` prints such a copy as an
    # empty cell, as the page shows it.  None where a row's merges are unknown (text, PDF).
    cells: tuple[str, ...] | None = None
    merged: frozenset[int] = frozenset()

    def piece(self, start: int, end: int) -> "Line":
        """Characters ``start``..``end`` of this line's text, as a line of their own."""
        return Line(self.no, self.text[start:end], self.page, self.offset + start, self.level if not start else None)


def table_row(no: int, values: list[str], merged: Collection[int] = ()) -> Line:
    """A table row read from its grid, as a line: cells separated by tabs, a merged cell's copies
    (the columns in ``merged``) empty in the text and whole in ``cells``."""
    values = [" ".join(value.split()) if "\t" in value or "\n" in value else value for value in values]
    text = "\t".join("" if i in merged else value for i, value in enumerate(values))
    return Line(no, text, cells=tuple(values), merged=frozenset(i for i in merged if values[i]))


def is_layout_table(columns: int, holds_table: bool) -> bool:
    """Whether a table lays out a page rather than holding data: it holds another table (a page
    built of nested tables, the data table inside), or has a single column (boxed text).  Its
    cells are read as paragraphs, one line each."""
    return holds_table or columns <= 1


@dataclass
class SourceText:
    """A document as text: ``lines[i].no`` is the line a record's ``source.line`` cites.

    Lines are in increasing ``no`` order; lookups by number and by span are indexed, so
    large inputs cost time in proportion to their size.
    """

    name: str
    lines: list[Line]
    encoding: str = "utf-8"
    kind: str = "text"
    # Running headers, footers and page numbers of a PDF: numbered in the same sequence as
    # ``lines`` (where they were printed), kept out of the text the parsers read.
    furniture: list[Line] = field(default_factory=list)
    # What the reader did to the input that the records should say: (line, code, message).
    warnings: list[tuple[int | None, str, str]] = field(default_factory=list)
    ocr_pages: frozenset[int] = frozenset()  # the pages OCR read (scans)
    _index: dict[int, int] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_text(cls, name: str, text: str, **kw) -> "SourceText":
        return cls(name, [Line(i, t) for i, t in enumerate(split_lines(text), 1)], **kw)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def nonblank(self) -> list[Line]:
        return [line for line in self.lines if line.text.strip()]

    def _position(self, no: int) -> int | None:
        if self._index is None:
            self._index = {line.no: i for i, line in enumerate(self.lines)}
        return self._index.get(no)

    def line(self, no: int) -> Line | None:
        i = self._position(no)
        return None if i is None else self.lines[i]

    def page_of(self, no: int) -> int | None:
        found = self.line(no)
        return found.page if found else None

    def read_by_ocr(self, numbers: list[int]) -> bool:
        """Whether any of the lines numbered ``numbers`` is on a page OCR read."""
        return bool(self.ocr_pages) and any(self.page_of(no) in self.ocr_pages for no in numbers)

    def span(self, first: int, last: int) -> list[Line]:
        """The lines numbered ``first``..``last``."""
        lo = bisect.bisect_left(self.lines, first, key=lambda line: line.no)
        hi = bisect.bisect_right(self.lines, last, key=lambda line: line.no)
        return self.lines[lo:hi]


def join_pieces(pieces: Iterable[str]) -> str:
    """The pieces of a text that a page or cell wrapped, joined again: no space between Chinese
    characters, one between Latin words.  One pass: a cell or paragraph of thousands of
    printed lines costs its length."""
    out: list[str] = []
    last = ""  # the last character so far
    for piece in pieces:
        if not piece:
            continue
        if last.isascii() and last.isalpha() and piece[0].isascii() and piece[0].isalnum():
            out.append(" ")
        out.append(piece)
        last = piece[-1]
    return "".join(out)


def split_lines(text: str) -> list[str]:
    """Lines as an editor numbers them: CRLF, CR and form feeds all end a line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    return text.split("\n")
