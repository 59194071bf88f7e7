"""Deadlines as plans print them: 年内完成, 6月底前, 2023年12月底前完成, 持续推进.

``DEADLINE`` matches a deadline phrase in folded text (see ``ipwork.normalize.chars.fold``).
"""
from __future__ import annotations

import regex

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
