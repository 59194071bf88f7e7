"""Clean-ups of text fields: HTML remnants, stray spaces, punctuation width, sentences.

Pure functions; each keeps the characters as printed except for the clean-up it names.
"""
from __future__ import annotations

import bisect
import html
from functools import lru_cache

import regex

from ipwork.normalize.chars import HAN, is_cjkish, is_han
from ipwork.vocabulary import lazy

_TAG = lazy(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_BLOCK_TAG = lazy(r"</?(?:p|li|ol|ul|br|div|tr|td|th|h[1-6])\b[^<>]*>", regex.I)
_ENTITY = lazy(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]{2,8});")
_SPACES = lazy(r"[ \t\u00a0\u3000\u2002-\u200b]+")
_ENUMERATOR = lazy(r"(?:\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[）)]|[①-⑳])")
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_HALF_PUNCTUATION = lazy(r"[,;:?!]")
_PARENTHESES = lazy(r"[()]")
_HALF_WIDTH = lazy(r"[,;:?!()]")
_LATIN = lazy(r"[A-Za-z]")
_HAN = lazy(HAN)
_SENTENCE_STOP = "。！？!?"
_OPENERS, _CLOSERS = "（(《“‘【[〔", "）)》”’】]〕"
_TRAILING = "。，,；;、：:！! \t"


# A line that is nothing but a page number, as pages print it: 3, — 3 —, 第3页, 第3页 共10页,
# 3/10, Page 3 of 10.  The page count is set apart from the page (20141229 is a date).
PAGE_NUMBER = lazy(r"""
    ^ [\s\-—–－_·•|]* (?: 第 \s* )? \d{1,4} (?: \s* 页 )?
      (?: (?: \s* [/，,] \s* (?: 共 \s* )? | \s* 共 \s* | \s+ ) \d{1,4} \s* 页? )?    # of 10, 共10页
      [\s\-—–－_·•|]* $
  | ^ (?: page | p\. ) \s* \d{1,4} (?: \s* (?: of | / ) \s* \d{1,4} )? $""", regex.I | regex.VERBOSE)


_PINYIN = lazy(r"(?<=\p{Han})[（(]\s*[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńň]{1,7}\s*[）)]")


def strip_pinyin(text: str) -> str:
    """``規(guī)劃`` -> ``規劃``: the pinyin some converter sites print after characters."""
    return _PINYIN.sub("", text) if "(" in text or "（" in text else text


def strip_html(text: str) -> str:
    """Remove tags and entities left over from web pages (``<p>``, ``</ol>``, ``&nbsp;``)."""
    if "<" not in text and "&" not in text:
        return text
    text = _BLOCK_TAG.sub(" ", text)
    text = _TAG.sub("", text)
    return _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)


def _keeps_space(left: str, right: str, rest: str) -> bool:
    """Whether the white space between ``left`` and ``right`` separates words, not characters."""
    if _LATIN.match(left) or _LATIN.match(right) or (left.isdigit() and right.isdigit()):
        return True
    if _ENUMERATOR.match(rest):
        # "400 件 2. 绿色": the space is all that separates two list entries.
        return is_han(left) or left.isdigit()
    return left in ".．" and right.isdigit()


def collapse_spaces(text: str) -> str:
    """Drop the spaces PDF extraction leaves inside Chinese text; keep those between words."""
    out, pos = [], 0
    for m in _SPACES.finditer(text):
        out.append(text[pos:m.start()])
        left = text[m.start() - 1] if m.start() else ""
        right = text[m.end()] if m.end() < len(text) else ""
        if left and right and _keeps_space(left, right, text[m.end():m.end() + 4]):
            out.append(" ")
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def _visible(text: str, i: int, step: int) -> str:
    """The first character from ``i`` on (``step`` 1) or back (``step`` -1) that is not white space."""
    while 0 <= i < len(text) and text[i].isspace():
        i += step
    return text[i] if 0 <= i < len(text) else ""


def _paren_pairs(text: str) -> list[tuple[int, int | None]]:
    pairs, stack = [], []
    for m in _PARENTHESES.finditer(text):
        i = m.start()
        if text[i] == "(":
            stack.append(i)
        else:
            pairs.append((stack.pop(), i) if stack else (i, None))
    return pairs + [(i, None) for i in stack]


def fullwidth_punctuation(text: str) -> str:
    """Use ，；：？！（） wherever the punctuation sits in Chinese text; leave ``12:30`` alone
    (for canonical names, which are one spelling whatever the printing)."""
    if not _HALF_WIDTH.search(text):
        return text
    # Neighbours are looked up in place and Han characters found once, so that a long line with
    # many commas or deeply nested brackets costs time in proportion to its length; only the
    # punctuation itself is visited.
    chars = list(text)
    for m in _HALF_PUNCTUATION.finditer(text):
        i = m.start()
        if is_cjkish(_visible(text, i - 1, -1)) or is_cjkish(_visible(text, i + 1, 1)):
            chars[i] = _HALF_TO_FULL[text[i]]
    pairs = _paren_pairs(text)
    han_at = [m.start() for m in _HAN.finditer(text)] if pairs else []
    for start, end in pairs:
        first_han = bisect.bisect_right(han_at, start)
        han_inside = end is not None and first_han < len(han_at) and han_at[first_han] < end
        right = _visible(text, end + 1, 1) if end is not None else ""
        if han_inside or is_cjkish(_visible(text, start - 1, -1)) or is_cjkish(right):
            chars[start] = "（" if text[start] == "(" else "）"
            if end is not None:
                chars[end] = "）"
    return "".join(chars)


def clean(text: str | None) -> str:
    """HTML remnants out, stray spaces out, ends trimmed; punctuation is kept as printed."""
    return _clean(text) if text else ""


@lru_cache(maxsize=1 << 15)
def _clean(text: str) -> str:
    # Paths, departments and deadlines repeat across a plan's items: each is cleaned once.
    text = strip_html(text).replace("\r", "").replace("\n", " ")
    return collapse_spaces(text).strip()


def strip_end(text: str) -> str:
    """A title without its closing ``。`` (or a dangling comma)."""
    return text.rstrip(_TRAILING)


def sentence_end(text: str, start: int = 0) -> int:
    """Index just past the first sentence that starts at ``start``; ``len(text)`` if none ends."""
    depth = 0
    for i in range(start, len(text)):
        ch = text[i]
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth = max(0, depth - 1)
        elif ch in _SENTENCE_STOP and depth == 0:
            return i + 1
    return len(text)


def split_lead(text: str) -> tuple[str, str]:
    """``(lead sentence without its 。, the rest)``: a paragraph item's title and body."""
    end = sentence_end(text)
    return strip_end(text[:end].strip()), text[end:].strip()
