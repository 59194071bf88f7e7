"""Table headers: which column holds which field, by vocabulary rather than by position.

Compilations of other years and regions name the same columns differently (工作重点 or
重点工作, 责任部门 or 牵头单位, 成果形式 or 预期成果), in simplified or traditional characters.
"""
from __future__ import annotations

import regex

from ipwork.normalize.chars import fold
from ipwork.normalize.departments import label_role

SEQ, FOCUS, TITLE, TEXT, DELIVERABLE, DEPARTMENTS, DEADLINE = (
    "seq", "focus", "title", "text", "deliverable", "departments", "deadline")
# The table families, named as their layouts: the compilations' tables and the national task
# table, whose editions print 工作任务 or 具体任务, 任务目标, 落实举措 or 工作措施, 执行部门(单位) and
# 完成时间.  Most of those words the compilations print too; 任务目标 and 落实举措 only the task
# table does, and a header that names one of them is that table's.
COMPILATION, TASKS = "compilation", "tasks"
_C, _T, _CT = frozenset({COMPILATION}), frozenset({TASKS}), frozenset({COMPILATION, TASKS})
# Each header word, under the field it names (None: no field of an item; the task table's
# 任务目标 is its sub-task's goal), with the families whose tables print it.
_FIELDS: dict[str | None, dict[str, frozenset[str]]] = {
    SEQ: {"序号": _C, "编号": _C, "序": _C},
    FOCUS: {"工作重点": _C, "重点工作": _C, "工作要点": _C, "重点任务": _C, "主要任务": _C, "工作任务": _CT,
            "工作领域": _C, "任务类别": _C},
    TITLE: {"工作内容": _C, "工作事项": _C, "主要内容": _C, "工作项目": _C, "工作目标": _C, "内容": _C, "事项": _C},
    None: {"任务目标": _T},
    TEXT: {"具体任务": _CT, "具体措施": _C, "工作措施": _CT, "主要措施": _C, "落实举措": _T, "具体工作": _C,
           "工作举措": _C, "任务措施": _C, "措施": _C},
    DELIVERABLE: {"成果形式": _C, "预期成果": _C, "工作成果": _C, "完成标志": _C, "成果": _C, "预期目标": _C,
                  "考核指标": _C},
    DEPARTMENTS: {"责任部门": _C, "责任单位": _C, "牵头单位": _C, "牵头部门": _C, "负责部门": _C, "负责单位": _C,
                  "责任处室": _C, "执行部门": _CT, "承办单位": _C, "实施单位": _C, "主办单位": _C, "责任主体": _C},
    DEADLINE: {"完成时间": _CT, "完成时限": _C, "时间节点": _C, "时限": _C, "进度安排": _C, "时间安排": _C,
               "完成期限": _C},
}
# The field each header word names, whichever family prints it (a table is read by what its
# columns say).
VOCABULARY = {word: field for field, words in _FIELDS.items() if field for word in words}
TASK_TABLE_WORDS = tuple(word for words in _FIELDS.values() for word, tables in words.items() if TASKS in tables)
TASK_TABLE_ONLY = tuple(word for words in _FIELDS.values() for word, tables in words.items() if tables == _T)
_BRACKETS = regex.compile(r"[（(][^（）()]*[）)]|\s+")


def header_field(cell: str) -> str | None:
    """The field a header cell names (``执行部门(单位)`` -> departments, as does a label of the
    bodies' part such as ``配合单位``), or None."""
    key = _BRACKETS.sub("", fold(cell))
    return VOCABULARY.get(key) or (DEPARTMENTS if key and label_role(key) else None)


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
