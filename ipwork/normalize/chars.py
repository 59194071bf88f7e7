"""Character classes and the length-preserving fold used for matching.

Parsers match their vocabulary (负责, 完成时间, 一、…) against ``fold(text)``: full-width ASCII
becomes half-width and traditional characters become simplified, one character for one, so
every offset found in the folded text is also an offset in the text as printed.  Output is
never folded; it keeps the characters of the source.
"""
from __future__ import annotations

from functools import lru_cache

import regex

HAN = r"\p{Han}"
CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】「」『』—…·－～"
SENTENCE_END = "。！？；!?;"
_HAN_RE = regex.compile(r"\p{Han}")


def is_han(ch: str) -> bool:
    return bool(ch) and _HAN_RE.match(ch) is not None


def is_cjkish(ch: str) -> bool:
    """A Han character or Chinese (full-width) punctuation."""
    return bool(ch) and (is_han(ch) or ch in CJK_PUNCT)


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    table = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
    table[0x3000] = " "
    table.update(_traditional_to_simplified())
    return table


def _traditional_to_simplified() -> dict[int, str]:
    # Converted one character per line, so that phrase rules cannot change the length.
    import opencc

    chars = [chr(cp) for cp in range(0x4E00, 0xA000)]
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    return {ord(t): s for t, s in zip(chars, converted) if len(s) == 1 and s != t}


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Half-width ASCII and simplified characters, same length as ``text``."""
    return text.translate(_fold_table())


@lru_cache(maxsize=1)
def _simplifier():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Phrase-aware traditional-to-simplified conversion, for the ``--simplified`` switch."""
    return _simplifier().convert(text)
