"""Character classes and the length-preserving fold used for matching.

Parsers match their vocabulary (负责, 完成时间, 一、…) against ``fold(text)``: full-width ASCII
becomes half-width and traditional characters become simplified, one character for one, so
every offset found in the folded text is also an offset in the text as printed.  Output is
never folded; it keeps the characters of the source.
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path

from ipwork.vocabulary import lazy

HAN = r"\p{Han}"
CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】「」『』—…·－～"
SENTENCE_END = "。！？；!?;"  # what ends a clause a tag or a wrapped line may follow
_HAN_RE = lazy(r"\p{Han}")


def is_han(ch: str) -> bool:
    return bool(ch) and _HAN_RE.match(ch) is not None


def has_han(text: str) -> bool:
    """Whether a text holds any Han character."""
    return _HAN_RE.search(text) is not None


def is_cjkish(ch: str) -> bool:
    """A Han character or Chinese (full-width) punctuation."""
    return bool(ch) and (is_han(ch) or ch in CJK_PUNCT)


# Traditional characters and their simplified forms, one for one, as OpenCC's t2s converts them
# character by character (the first two lines), and the characters without which OpenCC's t2s
# changes nothing (the third line: those it changes alone, and 瞭 of 瞭解 -> 了解…); shipped as
# data so that no process converts 21,000 characters at start, nor loads OpenCC's phrases for a
# simplified text.
# ``python -m ipwork.normalize.chars`` writes it again from the installed OpenCC.
FOLD_DATA = Path(__file__).with_name("t2s_chars.txt")


@lru_cache(maxsize=1)
def _fold_table() -> str:
    """The fold as a table ``str.translate`` indexes by code point: a string of every character
    of the Basic Multilingual Plane, folded (read about twice as fast as a mapping, and small; a
    character past it has no entry and is kept as it is)."""
    table = list(map(chr, range(0x10000)))
    for cp in range(0xFF01, 0xFF5F):
        table[cp] = chr(cp - 0xFEE0)
    table[0x3000] = " "
    traditional, simplified = FOLD_DATA.read_text(encoding="utf-8").split("\n")[:2]
    for old, new in zip(traditional, simplified):
        table[ord(old)] = new
    return "".join(table)


def traditional_to_simplified() -> dict[str, str]:
    """Every CJK character OpenCC's t2s changes into one other character."""
    # Converted one character per line, so that phrase rules cannot change the length.
    import opencc

    chars = [chr(cp) for cp in range(0x4E00, 0xA000)]
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    return {t: s for t, s in zip(chars, converted) if len(s) == 1 and s != t}


def changeable_characters() -> str:
    """Characters without which OpenCC's t2s leaves a text as it is, sorted: every character its
    dictionaries change on its own, and one character of each word changed as a whole whose
    characters are unchanged alone (瞭 of 瞭解, 覆 of 答覆), the fewest that cover those words."""
    import opencc

    folder = Path(opencc.__file__).parent / "dictionary"
    changed = []
    for name in ("TSPhrases.txt", "TSCharacters.txt"):
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            word, _, converted = line.partition("\t")
            if converted.split(" ")[0] != word:
                changed.append(word)
    alone = {word for word in changed if len(word) == 1}
    words = [word for word in changed if len(word) > 1 and alone.isdisjoint(word)]
    chosen: set[str] = set()
    while words:
        counts = Counter(ch for word in words for ch in set(word))
        best = min(counts, key=lambda ch: (-counts[ch], ch))
        chosen.add(best)
        words = [word for word in words if best not in word]
    return "".join(sorted(alone | chosen))


def write_fold_data() -> None:
    pairs = traditional_to_simplified()
    FOLD_DATA.write_text("".join(pairs) + "\n" + "".join(pairs.values()) + "\n" + changeable_characters() + "\n",
                         encoding="utf-8")


# Every parsing step folds the lines it reads, so each text is folded many times.  Short ones
# (cells, headings, names) are kept by the thousand; long ones (paragraphs, a plan printed on
# one line) only up to a total length, the least recently folded given up first, so that what
# the cache keeps alive stays bounded however long the input or the run.
FOLD_CACHED = 256
LONG_FOLDS = 1 << 22  # characters of long texts kept


def fold(text: str) -> str:
    """Half-width ASCII and simplified characters, same length as ``text``."""
    return _fold_short(text) if len(text) <= FOLD_CACHED else _long_folds.fold(text)


def fold_once(text: str) -> str:
    """``fold`` of a text folded only once (a whole document's cells): not kept."""
    return text.translate(_fold_table())


@lru_cache(maxsize=1 << 16)
def _fold_short(text: str) -> str:
    return text.translate(_fold_table())


class _LongFolds:
    """Folds of long texts, least recently used first, up to ``budget`` characters in all."""

    def __init__(self, budget: int):
        self.budget, self.size = budget, 0
        self.kept: dict[str, str] = {}

    def fold(self, text: str) -> str:
        folded = self.kept.pop(text, None)
        if folded is None:
            folded = text.translate(_fold_table())
            if len(text) > self.budget:
                return folded
            self.size += len(text)
        self.kept[text] = folded
        while self.size > self.budget:
            oldest = next(iter(self.kept))
            self.size -= len(oldest)
            del self.kept[oldest]
        return folded


_long_folds = _LongFolds(LONG_FOLDS)


@lru_cache(maxsize=1)
def _simplifier():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _changeable() -> frozenset[str]:
    return frozenset(FOLD_DATA.read_text(encoding="utf-8").split("\n")[2])


def to_simplified(text: str) -> str:
    """Phrase-aware traditional-to-simplified conversion, for the ``--simplified`` switch and for
    comparing names; a text holding no character OpenCC would change is returned as it is."""
    if _changeable().isdisjoint(text):
        return text
    return _simplifier().convert(text)


@lru_cache(maxsize=1)
def _traditionalizer():
    import opencc

    return opencc.OpenCC("s2t")


def to_traditional(text: str) -> str:
    """Simplified characters to traditional (the rest of a place's name printed short in
    traditional characters: 連平 + 县 -> 連平縣)."""
    return _traditionalizer().convert(text)


RADICAL = lazy(r"[\u2E80-\u2EFF\u2F00-\u2FDF]")


@lru_cache(maxsize=1)
def _radical_tables() -> tuple[dict[int, str], dict[int, str]]:
    """Radical -> unified ideograph by Unicode's Equivalent_Unified_Ideograph, and the same
    table with the forms simplified-Chinese fonts draw where they differ (``radicals.txt``)."""
    from importlib.resources import files

    unicode_table, simplified_table = {}, {}
    for row in files(__package__).joinpath("radicals.txt").read_text(encoding="utf-8").splitlines():
        fields = row.split("#", 1)[0].split(";")
        if len(fields) < 2:
            continue
        radical, *targets = (int(f, 16) for f in fields)
        unicode_table[radical] = chr(targets[0])
        simplified_table[radical] = chr(targets[-1])
    return unicode_table, simplified_table


def traditional_share(text: str) -> float:
    """The share of Han characters that have another simplified form (0 for simplified text)."""
    han = [ch for ch in text if is_han(ch)]
    return sum(fold(ch) != ch for ch in han) / len(han) if han else 0.0


def repair_radicals(text: str, simplified: bool = True) -> str:
    """``⼯作部⻔`` -> ``工作部门``: radical code points back to the ideographs a font drew with
    them; ``simplified`` when the text is simplified Chinese (⼾ is then 户, not 戶)."""
    if not RADICAL.search(text):
        return text
    return text.translate(_radical_tables()[1 if simplified else 0])


if __name__ == "__main__":
    write_fold_data()
