"""Department lists: ``市知识产权局牵头，版权局、市场监管委等配合`` into names with roles.

Names are kept as printed (traditional characters stay); only the words that say who leads
or supports (牵头, 配合, 负责, 等, 配合部门：…) are taken off, and a name cut by a line or
page break (``林 业厅``) is joined again.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from ipwork.normalize.chars import fold
from ipwork.normalize.text import strip_html
from ipwork.vocabulary import alternation, lazy, words

LEAD, SUPPORT, RESPONSIBLE = "lead", "support", "responsible"
LIST_MAX = 200  # characters: a longer cell is text, not a list of bodies


# How an office's name ends (局, 厅, 委员会, 司, 院, 海关, 中心…).
OFFICE_LISTS = ("offices.government", "offices.abbreviated", "offices.internal", "offices.courts", "offices.offices")


def agency_endings() -> str:
    """How the name of a body of government ends: an office's, or a government's, a leading
    group's."""
    return alternation(*OFFICE_LISTS, "offices.public")


def _body_endings() -> str:
    """How any body's name ends: an office, an organisation, a kind of body (有关部门), a place."""
    return alternation(*OFFICE_LISTS, "offices.public", "offices.organisations", "offices.kinds", "places.localities")


AGENCY_SUFFIX = lazy(lambda: agency_endings() + "$")
_ORG_SUFFIX = lazy(lambda: _body_endings() + "$")
_SUBUNIT = lazy(lambda: alternation("offices.parts") + "$")
# The role said after the names of a clause: ``…按职责分工负责``, ``…牵头``, ``…等配合``.
_TRAILING_ROLE = lazy(r"""
    (?:
        (?: 按照? (?: 职责 | 职能 ) )? (?: 分工 )? (?: 分别 | 共同 | 各自 )? 负责 (?: 各自领域工作 )?
      | 牵头 (?: 负责 )?
      | 等? 配合 (?: 实施 )?
      | 参与
      | 共同推进
    )$""", regex.VERBOSE)
_VERB = lazy(lambda: alternation("roles.responsible", "roles.duties"))
_CLAUSE_SPLIT = lazy(r"[，,；;。\n]+")
_NAME_SPLIT = lazy(r"""
    [、/／] | 以及 | 及 | 会同
  | (?<= \p{Han} ) 等 (?= \p{Han}{2} )    # 省财政厅等部门: 等 before a kind of body
    """, regex.VERBOSE)
# Two names printed without a break: an office's ending, then the level the next one opens with.
# (The level is looked for first: most places have none, and the look back is the dearer test.)
_LEVEL_JOIN = lazy(lambda: rf"(?={alternation('places.upper_levels')}\p{{Han}}{{2,}})"
                           rf"(?<={alternation('offices.government', 'offices.abbreviated', 'offices.courts')})")
_NOT_IN_A_NAME = lazy(r"[\d《》“”。]")
_SPACES = lazy(r"\s+")
_LIST_MARKS = lazy(r"[、/／]")
_NOT_A_BODY = {"等", "其他"}


@cache
def _roles() -> dict[str, str]:
    """Each word that says a body's part in a task, in a label (牵头单位：, 【实施单位】) or after
    its names (…负责), and the role it says: the one vocabulary of roles, which tags reads too."""
    return {**dict.fromkeys(words("roles.lead"), LEAD), **dict.fromkeys(words("roles.support"), SUPPORT),
            **dict.fromkeys(words("roles.responsible") + words("roles.responsible_in_labels"), RESPONSIBLE)}


def role_words() -> str:
    """Any word that says a role in a label (牵头, 配合, 责任, 实施…)."""
    return alternation("roles.lead", "roles.support", "roles.responsible", "roles.responsible_in_labels")


def role_label_kinds() -> str:
    """What a role label names (牵头单位, 配合部门, 责任处室)."""
    return alternation("offices.kinds")


_ROLE_MARKER = lazy(lambda: rf"(?P<role>{role_words()}) {role_label_kinds()}? [:：]", regex.VERBOSE)


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


@cache
def _levels() -> frozenset[str]:
    """The levels a body's name opens with (省, 市, 自治区…)."""
    return frozenset(words("places.levels"))


def _join_spaces(part: str) -> list[str]:
    pieces = [p for p in _SPACES.split(part) if p]
    out: list[str] = []
    level = ""  # ``市委宣传部 市 知识产权局``: a bare level cut from the name after it
    for piece in pieces:
        if fold(piece) in _levels() and out:
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
    word = next((w for w in _roles() if w in m.group(0)), None)
    return clause[:m.start()], _roles().get(word) if word else None


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
        if out and fold(out[-1]) in _levels():
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
        pos, role = m.end(), _roles()[m.group("role")]
    segs.append((raw[pos:], role))
    if len(segs) > 1 and segs[0][1] is None:
        segs[0] = (segs[0][0], LEAD)
    return segs


def _is_kind_of_body(word: str) -> bool:
    """What ``省财政厅等部门负责`` leaves after 等: the named bodies' kind (部门, 单位部门), not a body."""
    kinds = words("offices.kinds")
    return word in kinds or any(word.startswith(k) and word[len(k):] in kinds for k in kinds)


def _clause_departments(clause: str, role: str | None) -> list[Department]:
    clause, clause_role = _clause_role(clause.strip())
    clause, verb_role = _cut_verb_phrase(clause)
    role = clause_role or verb_role or role
    out = []
    parts = _split_names(clause)
    joint = any(connector == "会同" for _, connector in parts[1:])
    for i, (part, connector) in enumerate(parts):
        if connector == "等" and _is_kind_of_body(fold(_clean_name(part))):
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
    return _roles()[m.group("role")] if m else None


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


@lru_cache(maxsize=1 << 14)
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
        levels = tuple(_levels())
        if (len(parts) > 1 and len(last) <= _SHARED_MAX - 2 and AGENCY_SUFFIX.search(last)
                and not last.startswith(levels) and parts[0].startswith(levels) and not parts[0].startswith("市场")):
            words.update(p for p in parts[:-1] if 1 < len(p) <= _SHARED_MAX and not _NOT_IN_A_NAME.search(p))
    return words
