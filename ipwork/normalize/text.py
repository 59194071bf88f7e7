"""Clean-ups of text fields: HTML remnants, stray spaces, punctuation width, sentences.

Pure functions; each keeps the characters as printed except for the clean-up it names.
"""
from __future__ import annotations

import html

import regex

from ipwork.normalize.chars import is_cjkish, is_han

_TAG = regex.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_BLOCK_TAG = regex.compile(r"</?(?:p|li|ol|ul|br|div|tr|td|th|h[1-6])\b[^<>]*>", regex.I)
_ENTITY = regex.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]{2,8});")
_SPACES = regex.compile(r"[ \t\u00a0\u3000\u2002-\u200b]+")
_ENUMERATOR = regex.compile(r"(?:\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[）)]|[①-⑳])")
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_LATIN = regex.compile(r"[A-Za-z]")
_SENTENCE_STOP = "。！？!?"
_OPENERS, _CLOSERS = "（(《“‘【[〔", "）)》”’】]〕"
_TRAILING = "。，,；;、：:！! \t"


_PINYIN = regex.compile(r"(?<=\p{Han})[（(]\s*[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńň]{1,7}\s*[）)]")


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


def _neighbours(text: str, i: int) -> tuple[str, str]:
    left = text[:i].rstrip()[-1:]
    right = text[i + 1:].lstrip()[:1]
    return left, right


def _paren_pairs(text: str) -> list[tuple[int, int | None]]:
    pairs, stack = [], []
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i)
        elif ch == ")":
            pairs.append((stack.pop(), i) if stack else (i, None))
    return pairs + [(i, None) for i in stack]


def fullwidth_punctuation(text: str) -> str:
    """Use ，；：？！（） wherever the punctuation sits in Chinese text; leave ``12:30`` alone."""
    if not any(ch in text for ch in ",;:?!()"):
        return text
    chars = list(text)
    for i, ch in enumerate(text):
        if ch in _HALF_TO_FULL:
            left, right = _neighbours(text, i)
            if is_cjkish(left) or is_cjkish(right):
                chars[i] = _HALF_TO_FULL[ch]
    for start, end in _paren_pairs(text):
        inner = text[start + 1:end] if end is not None else ""
        left = text[:start].rstrip()[-1:]
        right = text[end + 1:].lstrip()[:1] if end is not None else ""
        if any(is_han(c) for c in inner) or is_cjkish(left) or is_cjkish(right):
            chars[start] = "（" if text[start] == "(" else "）"
            if end is not None:
                chars[end] = "）"
    return "".join(chars)


def clean(text: str | None) -> str:
    """HTML remnants out, stray spaces out, Chinese punctuation full-width, ends trimmed."""
    if not text:
        return ""
    text = strip_html(text).replace("\r", "").replace("\n", " ")
    return fullwidth_punctuation(collapse_spaces(text)).strip()


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
