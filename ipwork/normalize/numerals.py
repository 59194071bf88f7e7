"""Chinese and Arabic numerals as printed in heading markers (一、 十一、 （二十三） 12.) and in
years (2017年, 二〇一七年)."""
from __future__ import annotations

# ○ (a white circle) stands in for 〇 in many printed years: 二○一七年.
_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9,
           # the formal numerals (大写), which some pages and converters print: 壹、贰、
           "壹": 1, "贰": 2, "叁": 3, "参": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9}
_UNITS = {"十": 10, "百": 100, "拾": 10}
CHINESE_NUMERAL = "零〇一二两三四五六七八九十百壹贰叁参肆伍陆柒捌玖拾"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def chinese_to_int(text: str) -> int | None:
    """``十一`` -> 11, ``二十三`` -> 23, ``一〇五`` -> 105; None for anything else."""
    if not text or any(ch not in _DIGITS and ch not in _UNITS for ch in text):
        return None
    if not any(ch in _UNITS for ch in text):
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total, digit = 0, None
    for ch in text:
        if ch in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        else:
            digit = _DIGITS[ch]
    return total + (digit or 0)


def numeral_value(text: str) -> int | None:
    """The value of a printed number: Arabic, Chinese or circled."""
    text = text.strip()
    if text.isascii() and text.isdigit():
        return int(text)
    if len(text) == 1 and text in CIRCLED:
        return CIRCLED.index(text) + 1
    return chinese_to_int(text)


# How a year's digits are spelled in Chinese numerals: 0 as 〇, ○ or 零 (二〇一七, 二○一七, 二零一七).
_YEAR_DIGITS = ("〇○零", "一", "二", "三", "四", "五", "六", "七", "八", "九")
# Any year a document prints (a plan's, a date's, a document number's, a target's).
YEARS = (1900, 2099)


def _digit_ranges(low: str, high: str) -> list[list[tuple[int, int]]]:
    """The numbers ``low``..``high`` (as many digits each) as alternatives, each a run of digit
    ranges: 1980..2049 is [(1,1),(9,9),(8,9),(0,9)] or [(2,2),(0,0),(0,4),(0,9)]."""
    if not low:
        return [[]]
    first, last, rest = int(low[0]), int(high[0]), len(low) - 1
    if first == last:
        return [[(first, first), *tail] for tail in _digit_ranges(low[1:], high[1:])]
    if low[1:] == "0" * rest and high[1:] == "9" * rest:
        return [[(first, last)] + [(0, 9)] * rest]
    middle = [[(first + 1, last - 1)] + [(0, 9)] * rest] if last - first > 1 else []
    return (_digit_ranges(low, low[0] + "9" * rest) + middle
            + _digit_ranges(high[0] + "0" * rest, high))


def _year_pattern(first: int, last: int, digit) -> str:
    alternatives = ("".join(digit(a, b) for a, b in run) for run in _digit_ranges(str(first), str(last)))
    return "(?:" + "|".join(alternatives) + ")"


def _arabic_digit(a: int, b: int) -> str:
    return str(a) if a == b else r"\d" if (a, b) == (0, 9) else f"[{a}-{b}]"


def _chinese_digit(a: int, b: int) -> str:
    spellings = "".join(_YEAR_DIGITS[a:b + 1])
    return spellings if len(spellings) == 1 else f"[{spellings}]"


def arabic_years(first: int = YEARS[0], last: int = YEARS[1]) -> str:
    """A pattern for the years ``first``..``last`` in Arabic digits (2017); a module that needs
    fewer years than ``YEARS`` derives its own pattern here and says why."""
    return _year_pattern(first, last, _arabic_digit)


def chinese_years(first: int = YEARS[0], last: int = YEARS[1]) -> str:
    """A pattern for the years ``first``..``last`` in Chinese numerals (二〇一七, 二○一七, 二零一七)."""
    return _year_pattern(first, last, _chinese_digit)


YEAR = arabic_years()
CHINESE_YEAR = chinese_years()
# The year a plan is for: plans are of 1980-2049.  Narrower than ``YEARS`` so that other
# four-digit numbers near a plan's title (a page counter such as 2071) are not taken
# for its year.
PLAN_YEARS = (1980, 2049)
PLAN_YEAR = arabic_years(*PLAN_YEARS)
PLAN_CHINESE_YEAR = chinese_years(*PLAN_YEARS)
