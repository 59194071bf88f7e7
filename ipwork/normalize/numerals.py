"""Chinese and Arabic numerals as printed in heading markers (一、 十一、 （二十三） 12.)."""
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
