"""Character classes and the length-preserving fold used for matching.

Parsers match their vocabulary (负责, 完成时间, 一、…) against ``fold(text)``: full-width ASCII
becomes half-width and traditional characters become simplified, one character for one, so
every offset found in the folded text is also an offset in the text as printed.  Output is
never folded; it keeps the characters of the source.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

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


# Traditional characters and their simplified forms, one for one, as OpenCC's t2s converts them
# character by character; shipped as data so that no process converts 21,000 characters at
# start.  ``python -m ipwork.normalize.chars`` writes it again from the installed OpenCC.
FOLD_DATA = Path(__file__).with_name("t2s_chars.txt")


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    table = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
    table[0x3000] = " "
    traditional, simplified = FOLD_DATA.read_text(encoding="utf-8").split("\n")[:2]
    table.update(zip(map(ord, traditional), simplified))
    return table


def traditional_to_simplified() -> dict[str, str]:
    """Every CJK character OpenCC's t2s changes into one other character."""
    # Converted one character per line, so that phrase rules cannot change the length.
    import opencc

    chars = [chr(cp) for cp in range(0x4E00, 0xA000)]
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    return {t: s for t, s in zip(chars, converted) if len(s) == 1 and s != t}


def write_fold_data() -> None:
    pairs = traditional_to_simplified()
    FOLD_DATA.write_text("".join(pairs) + "\n" + "".join(pairs.values()) + "\n", encoding="utf-8")


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


if __name__ == "__main__":
    write_fold_data()
