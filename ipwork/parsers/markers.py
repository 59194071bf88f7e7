"""Heading and list markers of outline documents, and the lines that hold several of them.

Markers: 第一章, 一、, （一）, 1., （1）, ①, the enumerators 一是/一要/第一， of speeches and news, a
bare numeral before a title (``一 完善制度``, in plans printed on one line), and dashes or
bullets (———, ·).

``split_units`` cuts a line that holds several units into pieces: a whole plan printed on one
line (``一 完善… (一)完善… 1.推动…(甲局负责) 2.…``), ``工作措施：1.…`` with its first task
after the label, ``会议部署了重点任务。一是…。二是…。`` inside one paragraph.  A cut is made
only where the numbering continues a sequence (or starts one), so a ``2.`` inside a sentence,
or an ``一`` that is just a word, stays where it is.
"""
from __future__ import annotations

import regex

from ipwork.normalize.chars import fold
from ipwork.normalize.numerals import CHINESE_NUMERAL, numeral_value
from ipwork.readers.source import Line
from ipwork.vocabulary import alternation, character_class, lazy, words

_CN = f"[{CHINESE_NUMERAL}]{{1,8}}"  # bounded: a run of 一 must not make every position scan it
_SMALL_CN = "[一二三四五六七八九十]{1,3}"
_X = regex.VERBOSE
# Matched at a position (``pattern.match(text, pos)``), so no pattern starts with ``^``.
MARKERS = (
    ("chapter", lazy(rf"第 \s* ({_CN} | \d+) \s* (?: 章 | 部分 | 篇 ) \s*", _X)),
    ("cn", lazy(rf"({_CN}) \s* [、.] \s*", _X)),
    ("pcn", lazy(rf"\( \s* ({_CN}) \s* \) \s* [、.]? \s*", _X)),
    ("ar", lazy(r"(\d{1,4}) \s* (?: 、 | \.(?!\d) ) \s*", _X)),
    ("par", lazy(r"\( \s* (\d{1,3}) \s* \) \s* [、.]? \s*", _X)),
    ("circ", lazy(r"([①-⑳]) \s*", _X)),
    # 一是要… as 一要…: the 要 is the enumerator's, as in the unnumbered 要… of speeches.
    ("shi", lazy(rf"({_SMALL_CN}) (?: 是要 | 是 | 要 ) (?= \s* \p{{Han}} | \s* [,:“《(] ) \s*", _X)),
    # 第一，…第二，… in speeches: enumerators like 一是 (a second one must follow).
    ("di", lazy(rf"第 ({_SMALL_CN}) \s* [,、] \s* (?= \p{{Han}} )", _X)),
    ("cnbare", lazy(rf"({_SMALL_CN}) [\ \t\u3000]+ (?= \p{{Han}} )", _X)),
    ("bullet", lazy(r"(?: [—－─━-]{2,} | [·•●■◆▪] ) \s*", _X)),
)
# Kinds a line may be cut before; their numbers must run in sequence.
_NUMBERED = {"cn", "pcn", "ar", "par", "circ", "shi", "di", "cnbare"}
# Kinds that only count when the line shows at least their 1 and 2 (a lone 一 is a word).
_NEEDS_A_SECOND = {"shi", "di", "cnbare"}
_CLOSES = "。；;！!？?)）】」』”:："
# Where a marker may start: after white space or the end of a clause.
_CANDIDATE = lazy(rf"""
    (?<= [\s{regex.escape(_CLOSES)}] )
    (?= \(? \s{{0,3}} (?: {_CN} | \d{{1,4}} )
      | [①-⑳]
      | 第 {_SMALL_CN} \s* [,、]
    )""", _X)
# 一是 follows a comma as often as a clause end (``要抓好四个方面工作，一是…；二是…``).
_SHI_AFTER_COMMA = lazy(rf"(?<=[，,]\s{{0,3}})(?={_SMALL_CN}[是要])")
_LABEL = lazy(r"^\s*[^\s。，,；;:：]{2,10}[:：]\s*")
# A whole plan printed on one line without spaces: headings and tasks follow the last word of
# a title or task straight on (…知识产权创造（一）提升专利质量1.实施…).
_RUN_ON_LINE = 300
_RUN_ON_MIN = 100
# A numeral that ends a word is no marker: an ordinal (坚持质量第一、效益优先) or a word such as
# 统一 or 之一.
_RUN_ON_CANDIDATE = lazy(lambda: rf"""
    (?<= \p{{Han}} ) (?<! {character_class(words("numbers.word_before_a_numeral"))} )
    (?= \( \s* {_CN} \s* \)
      | {_CN} 、
      | \d{{1,4}} (?: 、 | \.(?!\d) )
    )""", _X)
_HEADING_LIKE = 40  # a piece this short, without 。, is a heading's title (``一 夯实制度基础 (一)…``)


def heading_marker(text: str) -> tuple[str, str | None, int] | None:
    """``(kind, number, end of marker)`` if the line opens with a heading marker."""
    return marker_at(fold(text), 0)


def marker_at(folded: str, pos: int) -> tuple[str, str | None, int] | None:
    """The marker that starts at ``pos`` of a folded text and has text after it, if any."""
    for kind, pattern in MARKERS:
        m = pattern.match(folded, pos)
        if m and folded[m.end():m.end() + 1].strip():
            return kind, (m.group(1) if m.groups() else None), m.end()
    return None


def _value(number: str | None) -> int | None:
    return numeral_value(number) if number else None


def _candidates(folded: str, runs_on: bool = False) -> list[tuple[int, str, int]]:
    """``(position, kind, value)`` of every numbered marker that could start a piece;
    ``runs_on`` when the line is known to be part of a text that lost its line breaks."""
    positions = {m.start() for m in _CANDIDATE.finditer(folded)}
    comma_shi = {m.start() for m in _SHI_AFTER_COMMA.finditer(folded)}
    if runs_on or len(folded) >= _RUN_ON_MIN:
        run_on = {m.start() for m in _RUN_ON_CANDIDATE.finditer(folded)}
        # Markers run on after a word only in a line that holds a plan: a long line, or one
        # where markers of two kinds do (一、…（一）…1.…).
        if runs_on or len(folded) >= _RUN_ON_LINE or len({marker_at(folded, pos)[0] for pos in run_on
                                                   if marker_at(folded, pos)}) >= 2:
            positions |= run_on
    found = []
    for pos in sorted(positions):
        marker = marker_at(folded, pos)
        if marker and marker[0] in _NUMBERED and (value := _value(marker[1])) is not None:
            found.append((pos, marker[0], value))
    found.extend((pos, "shi", value) for pos in sorted(comma_shi - positions)
                 if (marker := marker_at(folded, pos)) and marker[0] == "shi"
                 and (value := _value(marker[1])) is not None)
    return sorted(found)


def _ends_clause(folded: str, pos: int) -> bool:
    """Whether the last character before ``pos`` (white space aside) closes a clause."""
    i = pos - 1
    while i >= 0 and folded[i].isspace():
        i -= 1
    return i < 0 or folded[i] in _CLOSES


def _after_label(folded: str) -> int | None:
    """Where a task starts after a label that opens the line (``工作措施：3.研究…``)."""
    label = _LABEL.match(folded)
    marker = label and marker_at(folded, label.end())
    return label.end() if marker and marker[0] in _NUMBERED else None


def _title_before(folded: str, previous: int, pos: int) -> bool:
    """Whether a short title (no 。) separates ``pos`` from the last cut or clause end, as in
    ``… 一 夯实制度基础 (一)…`` or ``…工作计划 一、总体要求``."""
    start = max(previous, pos - _HEADING_LIKE - 1)
    piece = folded[start:pos].rstrip()
    # The title starts after the last clause end or the last white space (units of a page
    # printed on one line are parted by spaces).
    bound = max([piece.rfind(ch) for ch in _CLOSES] + [piece.rfind(" "), piece.rfind("\u3000")])
    return (start == previous or bound >= 0) and "。" not in piece[bound + 1:]


def _opens_a_heading(candidates: list[tuple[int, str, int]], i: int) -> bool:
    """``一 完善制度 (一)完善…``: a short title, then a list of another kind starting at 1."""
    if i + 1 >= len(candidates):
        return False
    pos, kind, _ = candidates[i]
    nxt_pos, nxt_kind, nxt_value = candidates[i + 1]
    return nxt_kind != kind and nxt_value == 1 and nxt_pos - pos <= _HEADING_LIKE


def _accepted(folded: str, candidates: list[tuple[int, str, int]], last: dict[str, int]) -> list[int]:
    """Positions where the numbering runs on (or starts again at 1) after a clause or a title;
    ``last`` holds the last number of each kind so far, and is updated."""
    if (start := heading_marker(folded)) and (value := _value(start[1])) is not None:
        last[start[0]] = value
    last_two = {kind: pos for pos, kind, value in candidates if value == 2}
    cuts, previous = [], 0
    for i, (pos, kind, value) in enumerate(candidates):
        if value != last.get(kind, 0) + 1 and value != 1:
            continue
        if kind in _NEEDS_A_SECOND and value == 1 and last_two.get(kind, -1) < pos \
                and not _opens_a_heading(candidates, i):
            continue
        if not (_ends_clause(folded, pos) or _title_before(folded, previous, pos)
                or (kind == "shi" and _SHI_AFTER_COMMA.match(folded, pos))):
            continue
        last[kind] = value
        cuts.append(pos)
        previous = pos
    return cuts


_TITLE_THEN_TEXT = lazy(r"[^\s。，,；;:：!！?？]{2,20}(?=[ \t\u3000]+\S{8})")
# The sections every plan has, by their usual names: a site's page that lost its line breaks
# runs their text straight on (``一、指导思想坚持以…``, ``（一）总体目标到2025年…``).
_SECTION_NAME = lazy(lambda: rf"""
    {alternation("plans.sections")}
    (?! [和与及暨、] )                         # 指导思想和基本原则: two names, no text yet
    (?= [\p{{Han}}\d] [^\n]{{0,60}}? [，。；,;] )""", _X)


def _after_heading_title(folded: str, start: int, runs_on: bool = False) -> int | None:
    """``一、总体要求 全面贯彻…``: where the paragraph after a heading's short title begins; in
    text that ran on (``runs_on``), also after a usual section name (``一、指导思想坚持…``)."""
    marker = marker_at(folded, start)
    if not marker or marker[0] in ("shi", "di", "bullet"):
        return None
    title = _TITLE_THEN_TEXT.match(folded, marker[2]) or (runs_on and _SECTION_NAME.match(folded, marker[2]))
    if not title:
        return None
    gap = title.end()
    while gap < len(folded) and folded[gap].isspace():
        gap += 1
    return gap if not marker_at(folded, gap) else None


def split_units(line: Line, numbering: dict[str, int] | None = None) -> list[Line]:
    """The pieces of a line that holds several headings or enumerated items, each with its
    offset in the line; the line itself when it holds one.  ``numbering`` carries the last
    number of each kind from line to line, where a page's lines run on as one text."""
    folded = fold(line.text)
    label_end = _after_label(folded)
    last = numbering if numbering is not None else {}
    cuts = {p for p in _accepted(folded, _candidates(folded, numbering is not None), last) if p > 0}
    cuts |= {label_end} if label_end else set()
    runs_on = numbering is not None or len(folded) >= _RUN_ON_LINE
    titled = {_after_heading_title(folded, start, runs_on) for start in {0, *cuts}}
    cuts = sorted(cuts | {p for p in titled if p})
    if not cuts:
        return [line]
    bounds = [0, *cuts, len(line.text)]
    pieces = []
    for a, b in zip(bounds, bounds[1:]):
        text = line.text[a:b]
        lead = len(text) - len(text.lstrip())
        if text.strip():
            pieces.append(line.piece(a + lead, a + len(text.rstrip())))
    return pieces
