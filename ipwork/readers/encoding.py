"""Bytes to text: UTF-8 (with or without BOM), UTF-16 (BOM or not), GB18030/GBK, Big5."""
from __future__ import annotations

import codecs

from ipwork.errors import InputError

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
         (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_CJK_CODECS = ("gb18030", "big5")
_MAGIC = ((b"%PDF", "a PDF"), (b"PK\x03\x04", "a zip archive"),
          (b"\xd0\xcf\x11\xe0", "a legacy Office document (.doc/.wps/.xls)"),
          (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
          (b"GIF8", "a GIF image"), (b"{\\rtf", "an RTF document"), (b"\x1f\x8b", "a gzip archive"))


def sniff_binary(data: bytes) -> str | None:
    """What a non-text file is (``'a JPEG image'``), or None for text."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    return None


def _textlike(text: str) -> float:
    good = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return good / max(1, len(text))


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 whose BOM was lost: NUL bytes, and one byte order that decodes to clean text."""
    if len(data) % 2 or b"\x00" not in data[:4096]:
        return None
    scored = [(_textlike(t), c) for c in ("utf-16-le", "utf-16-be") if (t := _strict(data[:8192], c)) is not None]
    best = max(scored, default=(0.0, None))
    return best[1] if best[0] >= 0.95 else None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _best_cjk(data: bytes) -> tuple[str, str] | None:
    decoded = {c: t for c in _CJK_CODECS if (t := _strict(data, c)) is not None}
    if len(decoded) < 2:
        return next(((t, c) for c, t in decoded.items()), None)
    # Both decode: ask charset-normalizer which reads as real text.
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(_CJK_CODECS)).best()
    codec = "big5" if best is not None and best.encoding == "big5" else "gb18030"
    return decoded[codec], codec


def decode(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """``(text, encoding used)``; a one-line error naming the first bad byte otherwise."""
    if encoding:
        return _decode_as(data, name, encoding), encoding
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode_as(data, name, codec), codec
    if (codec := _utf16_without_bom(data)) and (text := _strict(data, codec)) is not None:
        return text, codec
    if b"\x00" in data:
        raise InputError("binary data (NUL bytes), not a text document", file=name)
    if (text := _strict(data, "utf-8")) is not None:
        return text, "utf-8"
    if found := _best_cjk(data):
        return found
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(f"not UTF-8, UTF-16, GB18030 or Big5 text: byte 0x{data[e.start]:02x} at "
                         f"offset {e.start} (use --encoding to say which)", file=name) from None
    raise AssertionError("unreachable: utf-8 decoded on the second try")


def _decode_as(data: bytes, name: str, codec: str) -> str:
    try:
        return data.decode(codec)
    except LookupError:
        raise InputError(f"unknown encoding {codec!r}", file=name) from None
    except UnicodeDecodeError as e:
        bad = data[e.start:e.start + 1].hex()
        raise InputError(f"cannot decode as {codec}: byte 0x{bad} at offset {e.start}",
                         file=name) from None
