"""Department lists: ``市知识产权局牵头，版权局、市场监管委等配合`` into names with roles.

Names are kept as printed (traditional characters stay); only the words that say who leads
or supports (牵头, 配合, 负责, 等, 配合部门：…) are taken off, and a name cut by a line or
page break (``林 业厅``) is joined again.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from ipwork.normalize.chars import fold
from ipwork.normalize.text import strip_html

LEAD, SUPPORT, RESPONSIBLE = "lead", "support", "responsible"
LIST_MAX = 200  # characters: a longer cell is text, not a list of bodies

_ORG_SUFFIX = regex.compile(
    r"(?:局|厅|委|院|办|会|部|室|处|所|署|队|组|司|中心|海关|政府|单位|部门|机构|银行|分行|支行|社|站|校|大学|园|区|市|县|州|团|馆|台)$"
)
# Suffixes of an office's name (not of a place): what a heading naming the body in charge ends with.
# Suffixes every kind of office's name may end with (bylines and headings add their own).
OFFICE_SUFFIXES = "局|厅|委|办|院|部|室|处|署|司|中心|委员会"
AGENCY_SUFFIX = regex.compile(rf"(?:{OFFICE_SUFFIXES}|海关|政府|办公室|领导小组|管委会)$")
_SUBUNIT = regex.compile(r"(?:处|队|科|庭|股|代办处|总队|支队)$")
_TRAILING_ROLE = regex.compile(
    r"(?:(?:按(?:照)?(?:职责|职能))?(?:分工)?(?:分别|共同|各自)?负责(?:各自领域工作)?|牵头(?:负责)?|(?:等)?配合(?:实施)?|参与|共同推进)$")
_VERB = regex.compile(r"负责|提供|承担")
_CLAUSE_SPLIT = regex.compile(r"[，,；;。\n]+")
_NAME_SPLIT = regex.compile(r"[、/／]|以及|及|会同|(?<=\p{Han})等(?=\p{Han}{2})")
_LEVEL_JOIN = regex.compile(r"(?<=(?:局|厅|委|院|办))(?=(?:省|市|自治区|兵团)\p{Han}{2,})")
_LEVEL_ONLY = {"省", "市", "区", "县", "自治区"}
_NOT_IN_A_NAME = regex.compile(r"[\d《》“”。]")
_SPACES = regex.compile(r"\s+")
_LIST_MARKS = regex.compile(r"[、/／]")
_NOT_A_BODY = {"等", "其他"}
# What ``省财政厅等部门负责`` leaves after 等: the named bodies' kind, not a body.
_AFTER_DENG = {"部门", "单位", "部门单位", "单位部门"}
# The words that say a body's part in a task, in a label (牵头单位：, 【实施单位】) or after its
# names (…负责): the one vocabulary of roles, which tags reads too.
_ROLE_WORDS = {"牵头": LEAD, "主办": LEAD, "配合": SUPPORT, "协办": SUPPORT, "参与": SUPPORT,
               "负责": RESPONSIBLE, "责任": RESPONSIBLE, "实施": RESPONSIBLE}
ROLE_WORD = "|".join(_ROLE_WORDS)
_ROLE_MARKER = regex.compile(rf"(?P<role>{ROLE_WORD})(?:部门|单位|处室)?[:：]")


@dataclass(frozen=True)
class Department:
    name: str
    role: str | None = None


def is_complete_name(text: str) -> bool:
    """Whether a piece of a department list ends like a body's name (局, 厅, 委员会…)."""
    return _is_name(text.strip())


def _is_name(text: str) -> bool:
    folded = fold(text)
    return (1 < len(text) <= 30 and bool(_ORG_SUFFIX.search(folded))
            and not _NOT_IN_A_NAME.search(folded))


def _space_splits(left: str, right: str) -> bool:
    """``天津海关 天津检验检疫局`` are two bodies; ``湖北省公安厅 经侦总队`` is one."""
    if not (_is_name(left) and _is_name(right)) or fold(right).startswith("各成员"):
        return False
    return not _SUBUNIT.search(fold(right))


def _join_spaces(part: str) -> list[str]:
    pieces = [p for p in _SPACES.split(part) if p]
    out: list[str] = []
    level = ""  # ``市委宣传部 市 知识产权局``: a bare level cut from the name after it
    for piece in pieces:
        if fold(piece) in _LEVEL_ONLY and out:
            level += piece
            continue
        piece, level = level + piece, ""
        if out and not _space_splits(out[-1], piece):
            out[-1] += piece
        else:
            out.append(piece)
    return out + ([level] if level else [])


def _clean_name(name: str) -> str:
    name = name.strip(" \t:：、，,。.．")
    folded = fold(name)
    if folded.startswith("由"):
        name, folded = name[1:], folded[1:]
    m = _TRAILING_ROLE.search(folded)
    if m and m.start() > 1:
        name, folded = name[:m.start()], folded[:m.start()]
    if folded.endswith("等"):
        name = name[:-1]
    return name.strip(" :：、，,。")


def _clause_role(clause: str) -> tuple[str, str | None]:
    folded = fold(clause)
    m = _TRAILING_ROLE.search(folded)
    if not m or m.start() == 0:
        return clause, None
    word = next((w for w in _ROLE_WORDS if w in m.group(0)), None)
    return clause[:m.start()], _ROLE_WORDS.get(word) if word else None


def _cut_verb_phrase(clause: str) -> tuple[str, str | None]:
    """``质监局提供标准化…的知识和指导`` names 质监局 and says what it does."""
    for m in _VERB.finditer(fold(clause)):
        head, rest = clause[:m.start()], clause[m.end():]
        last = _LIST_MARKS.split(head)[-1].replace(" ", "")
        if _is_name(last) and len(rest.strip()) >= 4 and not _is_name(rest.strip()):
            return head, RESPONSIBLE if m.group(0) == "负责" else None
    return clause, None


def _split_names(clause: str) -> list[tuple[str, str]]:
    """Names in one clause, each with the connector that opened it ('' for the first)."""
    names, pos, connector = [], 0, ""
    depth = counted = 0  # brackets open before ``counted``
    folded = fold(clause)
    for m in _NAME_SPLIT.finditer(folded):
        depth += folded.count("(", counted, m.start()) - folded.count(")", counted, m.start())
        counted = m.start()
        if depth > 0 or (m.group(0) not in "、/" and not _is_name(clause[pos:m.start()].strip())):
            continue  # 初审及流程管理部: 及 inside one name
        names.append((clause[pos:m.start()], connector))
        pos, connector = m.end(), m.group(0)
    names.append((clause[pos:], connector))
    return names


def _merge_level_only(names: list[str]) -> list[str]:
    """``省、市组织部门`` is one body: a bare level joins the name after it."""
    out: list[str] = []
    for name in names:
        if out and fold(out[-1]) in _LEVEL_ONLY:
            out[-1] = out[-1] + "、" + name
        else:
            out.append(name)
    return out


def _split_concatenated(name: str) -> list[str]:
    folded = fold(name)
    cuts = [m.start() for m in _LEVEL_JOIN.finditer(folded)]
    bounds = [0, *cuts, len(name)]
    return [name[a:b] for a, b in zip(bounds, bounds[1:]) if name[a:b]]


def _segments(raw: str) -> list[tuple[str, str | None]]:
    """The text split at role markers (``配合部门：``), each with the role it introduces."""
    folded = fold(raw)
    segs, pos, role = [], 0, None
    for m in _ROLE_MARKER.finditer(folded):
        segs.append((raw[pos:m.start()], role))
        pos, role = m.end(), _ROLE_WORDS[m.group("role")]
    segs.append((raw[pos:], role))
    if len(segs) > 1 and segs[0][1] is None:
        segs[0] = (segs[0][0], LEAD)
    return segs


def _clause_departments(clause: str, role: str | None) -> list[Department]:
    clause, clause_role = _clause_role(clause.strip())
    clause, verb_role = _cut_verb_phrase(clause)
    role = clause_role or verb_role or role
    out = []
    parts = _split_names(clause)
    joint = any(connector == "会同" for _, connector in parts[1:])
    for i, (part, connector) in enumerate(parts):
        if connector == "等" and fold(_clean_name(part)) in _AFTER_DENG:
            continue
        part_role = SUPPORT if connector == "会同" else role
        if i == 0 and joint:
            part_role = role or LEAD
        for piece in _join_spaces(part):
            for name in _split_concatenated(_clean_name(piece)):
                out.append(Department(name, part_role))
    return out


def split_departments(raw: str | None) -> list[Department]:
    """Every body named in a responsibility cell or tag, lead first, as printed."""
    return list(_split_departments(raw)) if raw else []


def label_role(label: str) -> str | None:
    """The part a label gives the bodies it heads: ``牵头单位`` lead, ``配合部门`` support,
    ``责任单位`` responsible; None for a label that names no part (``执行部门``, ``备注``)."""
    m = _ROLE_MARKER.fullmatch(fold(label).strip() + "：")
    return _ROLE_WORDS[m.group("role")] if m else None


@lru_cache(maxsize=1 << 14)
def _split_departments(raw: str) -> tuple[Department, ...]:
    # Cells repeat (市知识产权局 hundreds of times in a compilation): each is read once.
    raw = strip_html(raw)
    found: list[Department] = []
    for segment, role in _segments(raw):
        for clause in _CLAUSE_SPLIT.split(segment):
            found.extend(_clause_departments(clause, role))
    names = _merge_level_only([d.name for d in found if d.name])
    roles = {d.name: d.role for d in found}
    return tuple(Department(n, roles.get(n)) for n in names if n and fold(n) not in _NOT_A_BODY)


def department_likeness(cell: str) -> float:
    """How much a cell reads like a list of bodies (0..1); 0 for sentences and long text."""
    text = strip_html(cell).strip()
    if not text or "。" in text.rstrip("。") or len(text) > LIST_MAX:
        return 0.0
    names = split_departments(text)
    if not names:
        return 0.0
    named = [_is_name(d.name) for d in names]
    # Only words that are no names by themselves may share a list's suffix.
    sharing = _sharing_the_last_suffix(text) if not all(named) else set()
    good = sum((ok or fold(d.name) in sharing) and len(d.name) <= 20 for d, ok in zip(names, named))
    return good / len(names)


_LEVELS = "省市区县"
_SHARED_MAX = 6  # a word before a list's last name that shares its suffix is short


def _sharing_the_last_suffix(text: str) -> set[str]:
    """The words of a 、 list that share the suffix of its last name: ``市知识产权、工商、版权局``
    prints 市知识产权局, 市工商局 and 市版权局 once."""
    words: set[str] = set()
    for clause in _CLAUSE_SPLIT.split(fold(text)):
        parts = [p.strip() for p in _LIST_MARKS.split(clause)]
        # The level is printed once, before the first word, and the suffix once, after a last
        # word as short as the others (市知识产权、工商、版权局; not 市场主体、高校、研究院).
        last = parts[-1]
        if (len(parts) > 1 and len(last) <= _SHARED_MAX - 2 and AGENCY_SUFFIX.search(last)
                and last[:1] not in _LEVELS and parts[0][:1] in _LEVELS and not parts[0].startswith("市场")):
            words.update(p for p in parts[:-1] if 1 < len(p) <= _SHARED_MAX and not _NOT_IN_A_NAME.search(p))
    return words
