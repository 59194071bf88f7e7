"""Reading any input into the one text model: files, stdin, web pages, PDFs, Word and Excel files."""
from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import Path

from ipwork.errors import InputError
from ipwork.normalize.chars import RADICAL, repair_radicals, traditional_share
from ipwork.readers.encoding import BINARY_KINDS, IMAGE_KINDS, Decoded, decode, sniff_binary
from ipwork.readers.source import Line, SourceText, split_lines

__all__ = ["Line", "SourceText", "read_path", "read_bytes", "READABLE_EXTENSIONS", "unreadable"]

# The files ipwork reads as documents, by extension (what ``batch`` and folder inputs look for).
READABLE_EXTENSIONS = (".txt", ".text", ".pdf", ".htm", ".html", ".docx", ".doc", ".wps", ".rtf", ".odt", ".xlsx",
                       ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp")
TRADITIONAL = 0.05  # a text with more traditional characters than this is traditional Chinese
# Binary kinds LibreOffice converts to .docx: what they are called, and the suffix it needs.
_CONVERTED = {"ole": ("a legacy Word document (.doc/.wps)", ".doc"), "rtf": ("an RTF document", ".rtf")}


def _word(data: bytes, name: str, kind: str) -> SourceText:
    from ipwork.readers.docx import docx_to_lines

    return SourceText(name, docx_to_lines(data, name), encoding="binary", kind=kind)


def _zip(data: bytes, name: str) -> SourceText:
    from ipwork.readers.office import convert_to_docx, xlsx_to_lines, zip_kind

    kind = zip_kind(data)
    if kind == "docx":
        return _word(data, name, "docx")
    if kind == "xlsx":
        return SourceText(name, xlsx_to_lines(data, name), encoding="binary", kind="xlsx")
    if kind == "odt":
        return _word(convert_to_docx(data, name, "an OpenDocument text (.odt)", ".odt"), name, "odt")
    raise InputError("a zip archive, not a Word (.docx) or Excel (.xlsx) document", file=name)


def _binary(data: bytes, name: str, kind: str, jobs: int) -> SourceText:
    if kind == "pdf":
        from ipwork.readers.pdf import read_pdf

        return _read_as_pdf(read_pdf(data, name, jobs=jobs), name, "pdf")
    if kind in IMAGE_KINDS:
        from ipwork.readers.ocr import read_image

        return _read_as_pdf(read_image(data, name, BINARY_KINDS[kind], jobs=jobs), name, "image")
    if kind == "zip":
        return _zip(data, name)
    # A legacy Office file is a Word (or WPS) document when it holds a WordDocument stream.
    if kind == "rtf" or (kind == "ole" and "WordDocument".encode("utf-16-le") in data):
        from ipwork.readers.office import convert_to_docx

        what, suffix = _CONVERTED[kind]
        return _word(convert_to_docx(data, name, what, suffix), name, suffix.lstrip("."))
    raise InputError(f"{BINARY_KINDS[kind]}, not a text, PDF or Word document", file=name)


def _read_as_pdf(text, name: str, kind: str) -> SourceText:
    return SourceText(name, text.lines, encoding="binary", kind=kind, furniture=text.furniture,
                      warnings=list(text.warnings), ocr_pages=text.ocr_pages)


def _repaired(src: SourceText) -> SourceText:
    """Radical code points (⼯ for 工) turned back into the ideographs they print as, with a
    warning: PDF text layers whose fonts share a glyph between the two give them."""
    found = [line for line in src.lines + src.furniture if RADICAL.search(line.text)]
    if not found:
        return src
    simplified = traditional_share("".join(line.text for line in src.lines[:2000])) < TRADITIONAL
    count = sum(len(RADICAL.findall(line.text)) for line in found)

    def fix(lines: list[Line]) -> list[Line]:
        return [dataclasses.replace(ln, text=repair_radicals(ln.text, simplified),
                                    cells=ln.cells and tuple(repair_radicals(c, simplified) for c in ln.cells))
                for ln in lines]

    src.lines, src.furniture = fix(src.lines), fix(src.furniture)
    src.warnings.append((min(line.no for line in found), "repaired-text",
                         f"{count} radical code points (such as ⼯ for 工, ⻔ for 门) read as the ideographs "
                         "they print as: the text layer maps shared glyphs to radicals"))
    return src


def read_bytes(data: bytes, name: str, encoding: str | None = None, jobs: int = 1) -> SourceText:
    """Decode and split a document; PDFs, Word files and saved web pages are turned into text
    first (a PDF's pages by ``jobs`` worker processes)."""
    kind = sniff_binary(data)
    if kind:
        return _repaired(_binary(data, name, kind, jobs))
    decoded = decode(data, name, encoding)
    text, used = decoded.text.lstrip("\ufeff"), decoded.encoding
    if not text.strip():
        raise InputError("empty document (no text)" if not text else "blank document (only white space)",
                         file=name)
    warnings = [_truncated(text, decoded)] if decoded.cut else []
    if _is_web_page(text):
        from ipwork.readers.html import html_to_lines

        return _repaired(SourceText(name, html_to_lines(text), encoding=used, kind="html", warnings=warnings))
    lines = [Line(i, t) for i, t in enumerate(split_lines(text), 1)]
    return _repaired(SourceText(name, lines, encoding=used, warnings=warnings))


def _is_web_page(text: str) -> bool:
    """A saved web page; the HTML reader is loaded only for a text with markup in its head."""
    if "<" not in text[:20000]:
        return False
    from ipwork.readers.html import looks_like_html

    return looks_like_html(text)


def _truncated(text: str, decoded: Decoded) -> tuple[int, str, str]:
    """A file that ends inside a character was cut short: say so on its last line, where the cut is."""
    n = decoded.cut
    return (len(split_lines(text)), "truncated",
            f"the file ends inside a character ({n} byte{'s' if n != 1 else ''} of {decoded.encoding}, dropped): "
            "it was cut short here, and text that followed is missing")


def unreadable(e: OSError, path: str) -> InputError:
    """Why the input at ``path`` cannot be read, as every command says it."""
    if isinstance(e, FileNotFoundError) and os.path.islink(path):
        return InputError(f"a symbolic link to {os.readlink(path)}, which does not exist", file=path)
    if isinstance(e, FileNotFoundError):
        return InputError("no such file", file=path)
    if isinstance(e, IsADirectoryError):
        return InputError("is a directory (use 'ipwork batch' for folders)", file=path)
    return InputError(f"cannot read: {e.strerror or e}", file=path)


def read_path(path: str, encoding: str | None = None, jobs: int = 1) -> SourceText:
    """Read a file, or standard input for ``-``."""
    if path == "-":
        if sys.stdin is None:
            raise InputError("standard input is closed", file="-")
        return read_bytes(sys.stdin.buffer.read(), "-", encoding, jobs)
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise unreadable(e, path) from None
    return read_bytes(data, path, encoding, jobs)
