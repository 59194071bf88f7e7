"""Deadlines as plans print them: 年内完成, 6月底前, 2023年12月底前完成, 持续推进.

``DEADLINE`` matches a deadline phrase in folded text (see ``ipwork.normalize.chars.fold``).
``deadline_date`` reads the last day a deadline allows; ``stated_deadline`` finds a deadline
stated at the end of a task's text, for tables that have no deadline column.
"""
from __future__ import annotations

import calendar
from datetime import date

import regex

from ipwork.normalize.chars import fold

_YEAR = r"(?:19|20)\d{2}\s*年"
_MONTH = r"\d{1,2}\s*月"
DEADLINE = regex.compile(
    r"(?:年内完成|年内有阶段性成果|年内取得阶段性成果|全年持续推进|持续推进|长期坚持|长期|"
    rf"(?:{_YEAR})?\s*(?:{_MONTH})?(?:底|前|年底前|上半年|下半年|内|中旬|上旬|下旬)+\s*(?:完成|有阶段性成果|取得阶段性成果)"
    r"(?:并持续推进)?|"
    rf"{_YEAR}\s*(?:{_MONTH})?(?:底前?|前|内)?\s*完成(?:并持续推进)?)")
_ALONE = regex.compile(rf"\s*(?:{DEADLINE.pattern})\s*[。.]?\s*")


def is_deadline(text: str) -> bool:
    """Whether a (folded) text is nothing but a deadline phrase."""
    return bool(_ALONE.fullmatch(text))


# The date parts of a deadline, in folded text.  A year is four digits (or 二〇一七); a month
# or day, Arabic or Chinese numerals.  Alternatives are tried in order: a year range, a
# span of years (3年内), a date (with or without its year), a year alone, the next year.
_NUMBER = r"\d{1,2}|[一二三四五六七八九十]{1,3}"
_FOUR = r"(?:19|20)\d{2}|二[〇零○][〇零○一二三四五六七八九]{2}"
_BEFORE = r"(?:之前|以前|前)"
_PARTS = regex.compile(
    rf"(?P<range>(?P<first>{_FOUR})\s*年?\s*[-—–~～至到]\s*(?P<last>{_FOUR})\s*年)"
    rf"|(?P<span>\d{{1,2}}|[一二两三四五六七八九十])\s*个?\s*年(?:内|之内)"
    rf"|(?:(?P<year>{_FOUR})\s*年\s*)?(?:"
    rf"(?P<month>{_NUMBER})\s*月份?\s*(?:(?P<day>{_NUMBER})\s*[日号])?\s*(?P<part>底|末|上旬|中旬|下旬|初)?"
    rf"\s*(?P<month_before>{_BEFORE})?"
    r"|(?P<half>上半年|下半年|年中|年底|年末|年内|全年|年度内|当年)"
    rf"|第?(?P<quarter>[一二三四1-4])\s*季度\s*(?P<quarter_end>末|底)?\s*(?P<quarter_before>{_BEFORE})?)"
    rf"|(?P<year_only>{_FOUR})\s*年\s*(?P<year_end>底|末)?\s*(?P<year_before>{_BEFORE})?"
    r"|(?P<next>次年|明年|下一年)")
_HALVES = {"上半年": (6, 30), "年中": (6, 30)}
_ONGOING = regex.compile(r"长期坚持|长期|持续推进|持续开展|常态化")
# What may open a deadline stated at the end of a text: 力争/确保/于 before the date.
_STATED = regex.compile(r"(?:力争|争取|确保|计划|预计|要|将|于|在)*\s*")
_CLAUSE_BREAK = regex.compile(r"[，,；;。:：]")
_LONGEST_STATEMENT = 20


def _number(text: str) -> int | None:
    from ipwork.normalize.numerals import numeral_value

    return numeral_value(text.replace("○", "〇"))


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _day_before(year: int, month: int) -> date:
    """The last day before month ``month`` of ``year`` begins."""
    return date(year - 1, 12, 31) if month == 1 else _month_end(year, month - 1)


def _month_date(m: regex.Match, year: int) -> date | None:
    month, day = _number(m["month"]), _number(m["day"]) if m["day"] else None
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
    quarter = _number(m["quarter"]) or 1
    if m["quarter_before"] and not m["quarter_end"]:
        quarter -= 1
    return date(year - 1, 12, 31) if quarter == 0 else _month_end(year, quarter * 3)


def _part_date(m: regex.Match, year: int | None, plan_year: int | None) -> tuple[date | None, int | None]:
    """The last day one date part allows, and the year later parts are read in."""
    if m["range"]:
        last = _number(m["last"]) if not m["last"].isdigit() else int(m["last"])
        return date(last, 12, 31), last
    if m["year_only"]:
        y = int(m["year_only"]) if m["year_only"].isdigit() else _number(m["year_only"])
        before = m["year_before"] and not m["year_end"]  # 2020年前: before 2020 begins
        return date(y - 1 if before else y, 12, 31), y
    if m["next"]:
        return (date(plan_year + 1, 12, 31), plan_year + 1) if plan_year else (None, year)
    if m["span"]:
        span = _number(m["span"])
        return (date(plan_year + span - 1, 12, 31), year) if plan_year and span else (None, year)
    if m["year"]:
        year = int(m["year"]) if m["year"].isdigit() else _number(m["year"])
    if year is None:
        return None, year
    if m["month"]:
        return _month_date(m, year), year
    if m["quarter"]:
        return _quarter_date(m, year), year
    month, day = _HALVES.get(m["half"], (12, 31))
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


_COMPLETES = regex.compile(r"(?:完成|成果|前|底|末|内|出台|建成|实现|推进|启动|上线)\p{Han}{0,4}$")


def stated_deadline(text: str | None) -> str | None:
    """A deadline stated at the end of a task's text, as printed, else None.

    ``…建立评议机制（2023年12月底前完成）。`` and ``…开展评估，年内完成。`` state one;
    ``…到2020年建成20个示范区`` does not (a goal inside a sentence, not a closing statement).
    """
    if not text:
        return None
    folded = fold(text).rstrip(" 。.；;")
    end = len(folded)
    if folded.endswith(")") and "(" in folded:
        start = folded.rindex("(") + 1
        clause, end = folded[start:end - 1], end - 1
    else:
        breaks = [m.end() for m in _CLAUSE_BREAK.finditer(folded)]
        start = breaks[-1] if breaks else 0
        clause = folded[start:]
    clause_start = start + len(clause) - len(clause.lstrip())
    clause = clause.strip()
    if not clause or len(clause) > _LONGEST_STATEMENT:
        return None
    opener = _STATED.match(clause).end()
    if _ONGOING.match(clause, opener) or (_PARTS.match(clause, opener) and _completes(clause)):
        return text[clause_start:clause_start + len(clause)]
    return None


def _completes(clause: str) -> bool:
    """A date clause that states when something is done, not only a date (2017年6月), and
    ends there: ``2020年底前已完成的继续巩固`` speaks of the past, not of a deadline."""
    return bool(_COMPLETES.search(clause)) and "已" not in clause
