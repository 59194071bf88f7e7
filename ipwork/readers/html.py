"""Saved web pages to numbered lines: block elements end a line, table cells become tabs."""
from __future__ import annotations

from html.parser import HTMLParser

import regex

from ipwork.readers.source import Line

_BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section",
          "article", "header", "footer", "table", "ul", "ol", "dd", "dt", "blockquote", "hr"}
_CELL = {"td", "th"}
_SKIP = {"script", "style", "noscript", "template", "head"}
_LOOKS_HTML = regex.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]|<(?:table|div)[\s>].*</(?:table|div)>",
                            regex.I | regex.S)


# A marked section ``<![…`` the standard parser does not know makes it raise; read it as text.
_UNKNOWN_SECTION = regex.compile(r"<!\[(?!(?:cdata|temp|ignore|include|rcdata|if|else|endif)(?![-_.a-zA-Z0-9]))",
                                 regex.I)


def looks_like_html(text: str) -> bool:
    """A whole page (``<html>``, ``<body>``, block markup), not a few stray ``<p>`` tags."""
    return bool(_LOOKS_HTML.search(text[:20000]))


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[Line] = []
        self.parts: list[str] = []
        self.first_line: int | None = None
        self.skip = 0
        self.cells_in_row = 0

    def _flush(self) -> None:
        text = "".join(self.parts).strip(" \n")
        if text.strip("\t"):
            self.lines.append(Line(self.first_line or self.getpos()[0], text))
        self.parts, self.first_line, self.cells_in_row = [], None, 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
        elif tag in _CELL:
            if self.cells_in_row:
                self.parts.append("\t")
            self.cells_in_row += 1
        elif tag in _BLOCK and tag != "tr" or tag == "tr":
            if not (tag in {"p", "div", "br"} and self.cells_in_row):
                self._flush()

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK and not (tag in {"p", "div"} and self.cells_in_row):
            self._flush()

    def handle_data(self, data):
        if self.skip or not data.strip():
            if data and self.parts and not self.skip:
                self.parts.append(" ")
            return
        if self.first_line is None:  # the line of the first character shown, not of white space before it
            self.first_line = self.getpos()[0] + data[:len(data) - len(data.lstrip())].count("\n")
        self.parts.append(" ".join(data.split()) if "\t" not in data else data.strip())


def html_to_lines(text: str) -> list[Line]:
    """The page's text, one block a line, each numbered by the source line it starts on."""
    collector = _Collector()
    collector.feed(_parseable(text))
    collector.close()
    collector._flush()
    return collector.lines


def _parseable(text: str) -> str:
    """The page with every ``<`` that cannot open markup written as ``&lt;`` (the same text).

    The standard parser reads again to the end of the page for each ``<`` that no ``>``
    follows (quadratic: a page cut short after many such took a minute), and raises on an
    unknown ``<![`` section.  Line breaks are untouched, so line numbers stay those of the page.
    """
    end = text.rfind(">") + 1
    return _UNKNOWN_SECTION.sub("&lt;![", text[:end]) + text[end:].replace("<", "&lt;")

