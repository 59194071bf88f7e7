"""Bytes to text: UTF-8 (with or without BOM), UTF-16 (BOM or not), GB18030/GBK, Big5.

A file cut short (an interrupted download, a full disk) may end inside a multi-byte
character: the text before it is kept and ``Decoded.cut`` says how many bytes were dropped.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass

from ipwork.errors import InputError
from ipwork.readers.source import split_lines

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
         (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_CJK_CODECS = ("gb18030", "big5")
_MAGIC = ((b"%PDF", "pdf"), (b"PK\x03\x04", "zip"), (b"\xd0\xcf\x11\xe0", "ole"), (b"\x89PNG", "png"),
          (b"\xff\xd8\xff", "jpeg"), (b"GIF8", "gif"), (b"{\\rtf", "rtf"), (b"\x1f\x8b", "gzip"),
          (b"II*\x00", "tiff"), (b"MM\x00*", "tiff"))
# What each kind of non-text file is, in words for an error message.
BINARY_KINDS = {"pdf": "a PDF", "zip": "a zip archive", "ole": "a legacy Office document (.doc/.wps/.xls)",
                "png": "a PNG image", "jpeg": "a JPEG image", "gif": "a GIF image", "rtf": "an RTF document",
                "gzip": "a gzip archive", "tiff": "a TIFF image", "bmp": "a BMP image", "webp": "a WebP image"}
# Images of pages, which OCR reads.
IMAGE_KINDS = ("png", "jpeg", "tiff", "bmp", "webp")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    cut: int = 0  # bytes at the end that began a character the file was cut inside (dropped)


def sniff_binary(data: bytes) -> str | None:
    """What kind of non-text file ``data`` is (``'jpeg'``, see ``BINARY_KINDS``), or None for text."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    # "BM" alone also opens text: a bitmap's header has its reserved bytes zero.
    if data[:2] == b"BM" and data[6:10] == bytes(4) and len(data) > 26:
        return "bmp"
    return None


def _textlike(text: str) -> float:
    good = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return good / max(1, len(text))


def _decode_cut(data: bytes, codec: str) -> Decoded:
    """``data`` as ``codec``, dropping an incomplete character at its very end.

    UnicodeDecodeError (offsets into ``data``) for a bad byte anywhere else.
    """
    decoder = codecs.getincrementaldecoder(codec)()
    text = decoder.decode(data, final=False)  # keeps a trailing partial character pending
    if not isinstance(text, str):
        raise LookupError(f"{codec!r} is not a text encoding")  # base64, zlib…
    return Decoded(text, codec, len(decoder.getstate()[0]))


def _attempt(data: bytes, codec: str) -> Decoded | UnicodeDecodeError:
    try:
        return _decode_cut(data, codec)
    except UnicodeDecodeError as e:
        return e


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 whose BOM was lost: NUL bytes, and one byte order that decodes to clean text."""
    if b"\x00" not in data[:4096]:
        return None
    scored = [(_textlike(d.text), c) for c in ("utf-16-le", "utf-16-be")
              if isinstance(d := _attempt(data[:8192], c), Decoded)]
    score, codec = max(scored, default=(0.0, ""))
    if score < 0.95 or isinstance(found := _attempt(data, codec), UnicodeDecodeError):
        return None
    return found


def _best_cjk(data: bytes) -> Decoded | None:
    decoded = {c: d for c in _CJK_CODECS if isinstance(d := _attempt(data, c), Decoded)}
    if len(decoded) < 2:
        return next(iter(decoded.values()), None)
    # Both decode: ask charset-normalizer which reads as real text.
    from charset_normalizer import from_bytes

    whole = data[:len(data) - max(d.cut for d in decoded.values())]
    best = from_bytes(whole, cp_isolation=list(_CJK_CODECS)).best()
    return decoded["big5" if best is not None and best.encoding == "big5" else "gb18030"]


def _line_of(data: bytes, offset: int, codec: str) -> int:
    return len(split_lines(data[:offset].decode(codec, errors="replace")))


def decode(data: bytes, name: str, encoding: str | None = None) -> Decoded:
    """The text and the encoding used; a one-line error naming the first bad byte otherwise.

    UTF-8 is tried before the legacy encodings, cut or not: its byte patterns are strict
    enough that a text valid up to its last character is UTF-8, while GB18030 and Big5
    accept almost any run of high bytes.
    """
    if encoding:
        return _decode_as(data, name, encoding)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode_as(data, name, codec)
    if found := _utf16_without_bom(data):
        return found
    if b"\x00" in data:
        raise InputError("binary data (NUL bytes), not a text document", file=name)
    if isinstance(utf8 := _attempt(data, "utf-8"), Decoded):
        return utf8
    if found := _best_cjk(data):
        return found
    # The encoding that reads furthest is the likely one: its fault is the one worth naming.
    faults = {"utf-8": utf8, **{c: _attempt(data, c) for c in _CJK_CODECS}}
    codec, fault = max(faults.items(), key=lambda kv: kv[1].start)
    raise InputError(f"not UTF-8, UTF-16, GB18030 or Big5 text: byte 0x{data[fault.start]:02x} at offset "
                     f"{fault.start}, where reading it as {codec} fails (use --encoding to say which)",
                     file=name, line=_line_of(data, fault.start, codec))


def _decode_as(data: bytes, name: str, codec: str) -> Decoded:
    try:
        return _decode_cut(data, codec)
    except LookupError:
        raise InputError(f"unknown encoding {codec!r}", file=name) from None
    except UnicodeDecodeError as e:
        bad = data[e.start:e.start + 1].hex()
        raise InputError(f"cannot decode as {codec}: byte 0x{bad} at offset {e.start}",
                         file=name, line=_line_of(data, e.start, codec)) from None
