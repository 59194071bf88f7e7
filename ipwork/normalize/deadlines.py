"""Deadlines as plans print them: 年内完成, 6月底前, 2023年12月底前完成, 持续推进.

``deadline_span`` is the one recogniser: where the deadline stands that closes a text (a
bracket ``（2017年9月底前）``, a last clause ``，年内完成``, a table cell, a tag's clause, or a
task table's cells run together).  ``is_deadline`` asks it whether a text is nothing else,
``stated_deadline`` gives the deadline a task's text closes with, and ``deadline_date`` reads
the last day a deadline allows.
"""
from __future__ import annotations

import calendar
from datetime import date
from functools import cache

import regex

from ipwork.normalize.chars import fold
from ipwork.normalize.numerals import CHINESE_YEAR, YEAR, numeral_value
from ipwork.vocabulary import alternation, lazy, pairs, words

# The date parts of a deadline, in folded text.  A year is four digits (or 二〇一七); a month
# or day, Arabic or Chinese numerals.  Alternatives are tried in order: a year range, a
# span of years (3年内), a date (with or without its year), a year alone, the next year.
_NUMBER = r"\d{1,2}|[一二三四五六七八九十]{1,3}"
_FOUR = f"{YEAR}|{CHINESE_YEAR}"
_BEFORE = r"(?: 之前 | 以前 | 前 )"
_X = regex.VERBOSE


def _parts() -> str:
    return rf"""
        (?P<range> (?P<first> {_FOUR} ) \s* 年? \s* [-—–~～至到] \s* (?P<last> {_FOUR} ) \s* 年 )
      | (?P<span> \d{{1,2}} | [一二两三四五六七八九十] ) \s* 个? \s* 年 (?: 内 | 之内 )
      | (?: (?P<year> {_FOUR} ) \s* 年 \s* )?
        (?: (?P<month> {_NUMBER} ) \s* 月 份? \s* (?: (?P<day> {_NUMBER} ) \s* [日号] )? \s*
            (?P<part> 底 | 末 | 上旬 | 中旬 | 下旬 | 初 )? \s* (?P<month_before> {_BEFORE} )?
          | (?P<half> {alternation("deadlines.first_half", "deadlines.rest_of_the_year")} )
          | 第? (?P<quarter> [一二三四1-4] ) \s* 季度 \s* (?P<quarter_end> 末 | 底 )? \s*
            (?P<quarter_before> {_BEFORE} )?
        )
      | (?P<year_only> {_FOUR} ) \s* 年 \s* (?P<year_end> 底 | 末 )? \s* (?P<year_before> {_BEFORE} )?
      | (?P<next> {alternation("deadlines.next_year")} )"""


_PARTS = lazy(_parts, _X)


@cache
def _halves() -> dict[str, tuple[int, int]]:
    return dict.fromkeys(words("deadlines.first_half"), (6, 30))


# A deadline phrase: work that goes on (长期坚持), or dates followed by what bounds them (前, 底,
# 内) or the step due then (完成, 出台); a date alone (2017年6月) is not one.
def _ongoing() -> str:
    return rf"(?: 全年 )? {alternation('deadlines.ongoing')}"


def _dated() -> str:
    step = alternation("deadlines.steps")
    return rf"""
        (?: (?: {_parts()} ) \s* )+ (?: {_BEFORE} | 底 | 末 | 内 )? \s*
        (?: {step} | (?: 有 | 取得 ) 阶段性成果 )? (?: 并持续推进 )?
        (?<= [前底末内] | {step} )"""


# A task table that lost its line breaks runs the deadline cell on from the cell before it.
_GLUED = lazy(lambda: rf"(?: {_ongoing()} | {_dated()} ) (?= \s* $ )", _X)
# A clause that states a deadline may open with 力争/确保/于 and name what is done then in a
# word or two (确保6月底前完成验收); a date far from its verb is a goal (到2020年建成20个示范区,
# 2024年知识产权强国建设推进计划), not a deadline.
_STATEMENT = lazy(lambda: rf"""
    {alternation("deadlines.openers")}* \s* (?: {_ongoing()} | {_dated()} \p{{Han}}{{0,4}} )""", _X)
_CLAUSE_BREAK = lazy(r"[，,；;。:：]")
_BRACKETS = {closing: opening for opening, closing in pairs("punctuation.brackets").items()}
_CLOSING_PUNCT = " 。.；;"
_LONGEST_STATEMENT = 20


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _day_before(year: int, month: int) -> date:
    """The last day before month ``month`` of ``year`` begins."""
    return date(year - 1, 12, 31) if month == 1 else _month_end(year, month - 1)


def _month_date(m: regex.Match, year: int) -> date | None:
    month, day = numeral_value(m["month"]), numeral_value(m["day"]) if m["day"] else None
    if not month or not 1 <= month <= 12:
        return None
    part = m["part"]
    if day:
        return date(year, month, day) if day <= calendar.monthrange(year, month)[1] else None
    if part in ("上旬", "初"):
        return date(year, month, 10)
    if part == "中旬":
        return date(year, month, 20)
    if m["month_before"] and not part:  # 6月前: before June begins
        return _day_before(year, month)
    return _month_end(year, month)


def _quarter_date(m: regex.Match, year: int) -> date:
    quarter = numeral_value(m["quarter"]) or 1
    if m["quarter_before"] and not m["quarter_end"]:
        quarter -= 1
    return date(year - 1, 12, 31) if quarter == 0 else _month_end(year, quarter * 3)


def _part_date(m: regex.Match, year: int | None, plan_year: int | None) -> tuple[date | None, int | None]:
    """The last day one date part allows, and the year later parts are read in."""
    if m["range"]:
        last = numeral_value(m["last"])
        return date(last, 12, 31), last
    if m["year_only"]:
        y = numeral_value(m["year_only"])
        before = m["year_before"] and not m["year_end"]  # 2020年前: before 2020 begins
        return date(y - 1 if before else y, 12, 31), y
    if m["next"]:
        return (date(plan_year + 1, 12, 31), plan_year + 1) if plan_year else (None, year)
    if m["span"]:
        span = numeral_value(m["span"])
        return (date(plan_year + span - 1, 12, 31), year) if plan_year and span else (None, year)
    if m["year"]:
        year = numeral_value(m["year"])
    if year is None:
        return None, year
    if m["month"]:
        return _month_date(m, year), year
    if m["quarter"]:
        return _quarter_date(m, year), year
    month, day = _halves().get(m["half"], (12, 31))
    return date(year, month, day), year


def deadline_date(text: str | None, plan_year: int | None) -> date | None:
    """The last day a deadline allows: 年内完成 in a 2017 plan -> 2017-12-31.

    ``6月底前`` -> 06-30 of the plan's year, ``6月前`` (before June) -> 05-31, ``上半年`` ->
    06-30, ``三季度`` -> 09-30, ``2023年12月底前完成并持续推进`` -> 2023-12-31, ``2016-2020年`` ->
    2020-12-31; several dates: the latest.  None for 长期坚持, 持续推进 and anything without a
    date, and for a date without a year when the plan's year is not known.
    """
    if not text:
        return None
    found: list[date] = []
    year = plan_year
    for m in _PARTS.finditer(fold(text)):
        try:
            day, year = _part_date(m, year, plan_year)
        except ValueError:  # 2月30日: not a day
            continue
        if day:
            found.append(day)
    return max(found, default=None)


def _closing_clause(folded: str) -> tuple[int, int]:
    """The span of the clause a (folded) text closes with: the content of a final bracket,
    else what follows the last clause break; closing punctuation and spaces left out."""
    end = len(folded.rstrip(_CLOSING_PUNCT))
    opener = _BRACKETS.get(folded[end - 1:end])
    if opener and (start := folded.rfind(opener, 0, end - 1)) >= 0:
        start, end = start + 1, end - 1
    else:
        start = max((m.end() for m in _CLAUSE_BREAK.finditer(folded, 0, end)), default=0)
    while start < end and folded[start].isspace():
        start += 1
    while end > start and folded[end - 1].isspace():
        end -= 1
    return start, end


def deadline_span(text: str, glued: bool = False) -> tuple[int, int] | None:
    """Where the deadline stands that closes ``text``, or None.

    The deadline is the whole closing clause (see ``_closing_clause``): ``…案件（2017年9月底前）``,
    ``…，力争年内完成。``, ``…，确保6月底前完成验收``.  ``glued``: the text runs on into the
    deadline without a break (``…其他省份选做年内有阶段性成果``); the longest deadline phrase that
    ends it.  ``…，到2020年建成20个示范区`` and ``…，2020年底前已完成的继续巩固`` close with
    none: a goal, and work already done.
    """
    folded = fold(text)
    if glued:
        m = _GLUED.search(folded)
        return (m.start(), m.end()) if m else None
    start, end = _closing_clause(folded)
    if start == end or end - start > _LONGEST_STATEMENT or "已" in folded[start:end]:
        return None
    return (start, end) if _STATEMENT.fullmatch(folded, start, end) else None


def is_deadline(text: str) -> bool:
    """Whether a text is nothing but a deadline (a table cell, a clause of a tag)."""
    span = deadline_span(text)
    return span is not None and not text[:span[0]].strip() and not text[span[1]:].strip(_CLOSING_PUNCT)


def stated_deadline(text: str | None) -> str | None:
    """A deadline stated at the end of a task's text, as printed, else None.

    ``…建立评议机制（2023年12月底前完成）。`` and ``…开展评估，年内完成。`` state one;
    ``…到2020年建成20个示范区`` does not (a goal inside a sentence, not a closing statement).
    """
    span = deadline_span(text) if text else None
    return text[span[0]:span[1]] if span else None
