"""Reading any input into the one text model: files, stdin, web pages, PDFs."""
from __future__ import annotations

import io
import sys
from pathlib import Path

from ipwork.errors import InputError
from ipwork.readers.encoding import Decoded, decode, sniff_binary
from ipwork.readers.html import html_to_lines, looks_like_html
from ipwork.readers.pdf import pdf_to_lines
from ipwork.readers.source import Line, SourceText, digest_of, split_lines, text_digest

__all__ = ["Line", "SourceText", "read_path", "read_bytes"]


def read_bytes(data: bytes, name: str, encoding: str | None = None) -> SourceText:
    """Decode and split a document; PDFs and saved web pages are turned into text first."""
    kind = sniff_binary(data)
    if kind == "a PDF":
        return SourceText(name, pdf_to_lines(io.BytesIO(data), name), encoding="binary", kind="pdf",
                          digest=digest_of(data))
    if kind:
        raise InputError(f"{kind}, not a text or PDF document", file=name)
    decoded = decode(data, name, encoding)
    text, used = decoded.text.lstrip("\ufeff"), decoded.encoding
    if not text.strip():
        raise InputError("empty document (no text)" if not text else "blank document (only white space)",
                         file=name)
    digest = text_digest(text)  # of the text: one id whatever the encoding or line endings
    warnings = [_truncated(text, decoded)] if decoded.cut else []
    if looks_like_html(text):
        return SourceText(name, html_to_lines(text), encoding=used, kind="html", digest=digest, warnings=warnings)
    return SourceText(name, [Line(i, t) for i, t in enumerate(split_lines(text), 1)], encoding=used, digest=digest,
                      warnings=warnings)


def _truncated(text: str, decoded: Decoded) -> tuple[int, str, str]:
    """A file that ends inside a character was cut short: say so on its last line, where the cut is."""
    n = decoded.cut
    return (len(split_lines(text)), "truncated",
            f"the file ends inside a character ({n} byte{'s' if n != 1 else ''} of {decoded.encoding}, dropped): "
            "it was cut short here, and text that followed is missing")


def read_path(path: str, encoding: str | None = None) -> SourceText:
    """Read a file, or standard input for ``-``."""
    if path == "-":
        if sys.stdin is None:
            raise InputError("standard input is closed", file="-")
        return read_bytes(sys.stdin.buffer.read(), "-", encoding)
    p = Path(path)
    if p.is_dir():
        raise InputError("is a directory (use 'ipwork batch' for folders)", file=path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", file=path) from None
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror}", file=path) from None
    return read_bytes(data, path, encoding)
