"""Table headers: which column holds which field, by vocabulary rather than by position.

Compilations of other years and regions name the same columns differently (工作重点 or
重点工作, 责任部门 or 牵头单位, 成果形式 or 预期成果), in simplified or traditional characters.
"""
from __future__ import annotations

from functools import cache

from ipwork.normalize.chars import fold
from ipwork.normalize.departments import label_role
from ipwork.vocabulary import lazy, words

SEQ, FOCUS, TITLE, TEXT, DELIVERABLE, DEPARTMENTS, DEADLINE = (
    "seq", "focus", "title", "text", "deliverable", "departments", "deadline")
# The table families, named as their layouts: the compilations' tables and the national task
# table (ipwork/vocabulary/columns.toml lists the words of each).
COMPILATION, TASKS = "compilation", "tasks"
_FIELDS = (SEQ, FOCUS, TITLE, TEXT, DELIVERABLE, DEPARTMENTS, DEADLINE)


@cache
def vocabulary() -> dict[str, str]:
    """The field each header word names, whichever family prints it (任务目标 names none)."""
    return {word: field for field in _FIELDS for word in words(f"columns.{field}")}


def task_table_words() -> tuple[str, ...]:
    """The header words of the national task table."""
    return words("columns.task_table")


def task_table_only() -> tuple[str, ...]:
    """The header words only the national task table prints."""
    return words("columns.task_table_only")


_BRACKETS = lazy(r"[（(][^（）()]*[）)]|\s+")


def header_field(cell: str) -> str | None:
    """The field a header cell names (``执行部门(单位)`` -> departments, as does a label of the
    bodies' part such as ``配合单位``), or None."""
    key = _BRACKETS.sub("", fold(cell))
    return vocabulary().get(key) or (DEPARTMENTS if key and label_role(key) else None)


def header_fields(cells: list[str]) -> list[str | None] | None:
    """Fields of a header row, or None if the row is not a header (fewer than 3 known words)."""
    if any(len(c) > 16 for c in cells):
        return None  # header cells are words; a data row's cells are sentences
    fields = [header_field(c) for c in cells]
    return fields if _names_columns(fields) else None


def _names_columns(fields: list[str | None]) -> bool:
    """Three fields or more, each in one column; departments may fill several (牵头单位, 配合单位)."""
    known = [f for f in fields if f]
    distinct = set(known)
    if len(distinct) < 3 or len(distinct) + known.count(DEPARTMENTS) - (DEPARTMENTS in distinct) != len(known):
        return False
    return bool(distinct & {DEPARTMENTS, TEXT, TITLE})


def sub_header(fields: list[str | None], names: list[str], cells: list[str]) -> tuple[list, list] | None:
    """A header's second row (责任单位 over 牵头单位 | 配合单位): cells that each name a field, the
    others empty.  The fields and names of the header both rows make, or None for any other row."""
    named = {i: c.strip() for i, c in enumerate(cells) if c.strip()}
    if not named or len(cells) > len(fields) or any(len(c) > 16 or not header_field(c) for c in named.values()):
        return None
    combined = [header_field(named[i]) if i in named else f for i, f in enumerate(fields)]
    if not _names_columns(combined):
        return None
    return combined, [named.get(i, name) for i, name in enumerate(names)]
