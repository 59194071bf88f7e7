"""Table headers: which column holds which field, by vocabulary rather than by position.

Compilations of other years and regions name the same columns differently (工作重点 or
重点工作, 责任部门 or 牵头单位, 成果形式 or 预期成果), in simplified or traditional characters.
"""
from __future__ import annotations

import regex

from ipwork.normalize.chars import fold

SEQ, FOCUS, TITLE, TEXT, DELIVERABLE, DEPARTMENTS, DEADLINE = (
    "seq", "focus", "title", "text", "deliverable", "departments", "deadline")
VOCABULARY = {
    SEQ: ("序号", "编号", "序"),
    FOCUS: ("工作重点", "重点工作", "工作要点", "重点任务", "主要任务", "工作任务", "工作领域", "任务类别"),
    TITLE: ("工作内容", "工作事项", "主要内容", "工作项目", "工作目标", "内容", "事项"),
    TEXT: ("具体任务", "具体措施", "工作措施", "主要措施", "落实举措", "具体工作", "工作举措", "任务措施", "措施"),
    DELIVERABLE: ("成果形式", "预期成果", "工作成果", "完成标志", "成果", "预期目标", "考核指标"),
    DEPARTMENTS: ("责任部门", "责任单位", "牵头单位", "牵头部门", "负责部门", "负责单位", "责任处室",
                  "执行部门", "承办单位", "实施单位", "主办单位", "责任主体"),
    DEADLINE: ("完成时间", "完成时限", "时间节点", "时限", "进度安排", "时间安排", "完成期限"),
}
_WORD = {word: field for field, words in VOCABULARY.items() for word in words}
_BRACKETS = regex.compile(r"[（(][^（）()]*[）)]|\s+")


def header_field(cell: str) -> str | None:
    """The field a header cell names (``执行部门(单位)`` -> departments), or None."""
    key = _BRACKETS.sub("", fold(cell))
    return _WORD.get(key)


def header_fields(cells: list[str]) -> list[str | None] | None:
    """Fields of a header row, or None if the row is not a header (fewer than 3 known words)."""
    if any(len(c) > 16 for c in cells):
        return None  # header cells are words; a data row's cells are sentences
    fields = [header_field(c) for c in cells]
    known = [f for f in fields if f]
    if len(known) < 3 or len(set(known)) != len(known):
        return None
    if DEPARTMENTS not in known and TEXT not in known and TITLE not in known:
        return None
    return fields
