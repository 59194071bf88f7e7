"""Responsibility tags in running text: who is to do an item, in every style plans print it.

``（条法司、代理人协会）``, ``(市知识产权局负责)``, ``（牵头单位：省知识产权局；配合单位：省公安厅）``,
``[牵头单位:…]``, ``【责任单位】省知识产权局``, ``（…等部门按职责分工负责）``, traditional forms
(負責, 單位), a tag cut off by the end of the page (``…（省工信厅、省公安厅``), a tag alone on
the line after its item, several tagged items in one paragraph.  This module finds the tag;
``ipwork.normalize.departments`` reads the names and roles out of it.
"""
from __future__ import annotations

import regex

from ipwork.normalize.chars import SENTENCE_END, fold
from ipwork.normalize.deadlines import deadline_span, is_deadline
from ipwork.normalize.departments import (
    AGENCY_SUFFIX,
    OFFICE_LISTS,
    department_likeness,
    is_complete_name,
    role_label_kinds,
    role_words,
    split_departments,
)
from ipwork.normalize.regions import TITLE_VERBS
from ipwork.vocabulary import alternation, character_class, lazy, pairs

_PAIRS = pairs("punctuation.brackets")
_CLOSERS = {v: k for k, v in _PAIRS.items()}
# What makes a bracket's content a tag: a word that says a role after the names (…负责, 牵头),
# or a role label (配合单位：).
_ROLE = lazy(lambda: rf"""
    {alternation("roles.lead", "roles.support", "roles.responsible")}
  | {role_label_kinds()} \s* [:：]
    """, regex.VERBOSE)
_STRONG_ROLE = lazy(lambda: alternation("roles.common"))
# A role label: ``牵头单位：``, ``【责任单位】``, ``[配合部门]``.
_LABEL = lazy(lambda: rf"""
    [【\[]? \s{{0,3}} (?P<role>{role_words()}) {role_label_kinds()} \s* [】\]]? \s* [:：]? \s*
    """, regex.VERBOSE)
_CLAUSE = lazy(r"[^,，;；]+")
_CLOSE_BEFORE_TEXT = lazy(lambda: character_class(_CLOSERS) + r"(?=\s*[\p{Han}“《])")
_SENTENCE_PUNCT = lazy(r"[。，,；;]")
_LIST_SEPARATORS = lazy(r"[、，,]")
# A task opens with its verb (建设维权援助中心, 组建知识产权法院); a body's name never does.
_TASK_VERB = lazy(lambda: rf"(?:{TITLE_VERBS})|{alternation('verbs.tasks')}")
# One body's name, as a news page closes with its source: an office, a section, a paper.
_BYLINE = lazy(lambda: r"[^、，,；;:：。()（）]{2,24}"
                       + alternation(*OFFICE_LISTS, "offices.sections", "offices.press"))
_INSTITUTION = lazy(lambda: alternation("offices.institutions") + "$")
_CUT_REACH = 160  # an unclosed tag at the end is at most this long


def _opening(folded: str, close: int) -> int | None:
    """Index of the bracket that the closing bracket at ``close`` matches (nesting counted)."""
    want, depth = _CLOSERS[folded[close]], 0
    for i in range(close, -1, -1):
        ch = folded[i]
        if ch in _CLOSERS:
            depth += 1
        elif ch in _PAIRS:
            depth -= 1
            if depth == 0:
                return i if ch == want else None
    return None


def _reads_as_tag(content: str, before: str) -> bool:
    """A bracket's content names who does the item (a role word, or names after a sentence)."""
    folded = fold(content)
    if _ROLE.search(folded):
        return True
    return (not before or before[-1] in SENTENCE_END) and department_likeness(content) >= 0.75


def _label_form(tag: str) -> str:
    """``【责任单位】甲`` and ``[牵头单位]甲`` as ``责任单位：甲``, which the role reader knows
    (labels found in the folded text, so that 【責任單位】 is one too)."""
    out, pos = [], 0
    for m in _LABEL.finditer(fold(tag)):
        out.append(tag[pos:m.start()])
        out.append(tag[m.start():m.end()].strip(" 【】[]:：［］") + "：")
        pos = m.end()
    out.append(tag[pos:])
    return "".join(out)


def trailing_tag(text: str) -> tuple[str, str | None, bool]:
    """``(text without its trailing tag, the tag, whether the tag was cut off)``."""
    stripped = text.rstrip()
    folded = fold(stripped)
    if found := _bracketed_tail(stripped, folded):
        return found
    # …方案（省知识产权局负责）。: the tag inside the sentence it closes; the stop stays.
    if (len(folded) > 1 and folded[-1] in "。；;" and folded[-2] in _CLOSERS
            and (found := _bracketed_tail(stripped[:-1], folded[:-1], after_a_sentence=True))):
        return found[0] + stripped[-1], found[1], found[2]
    if found := _labelled_tail(stripped, folded) or _responsibility_sentence(stripped, folded):
        return found
    return _cut_tail(stripped, folded)


def _bracketed_tail(text: str, folded: str, after_a_sentence: bool = False) -> tuple[str, str, bool] | None:
    """``…。（甲局负责）`` -> (``…。``, ``甲局负责``, False); ``after_a_sentence`` when the
    bracket is known to close a sentence (a stop follows it)."""
    if (start := _closing_bracket(folded)) is None:
        return None
    content, before = text[start + 1:-1], folded[:start].rstrip()
    # …建成保护中心（某某知识产权保护中心）。: a bracket after an institution names it, not who acts.
    names_offices = after_a_sentence and not _INSTITUTION.search(before) and _names_offices(content)
    if names_offices or _reads_as_tag(content, before):
        return text[:start].rstrip(), _label_form(content), False
    return None


def _names_offices(content: str) -> bool:
    """Bare names in a bracket that closes a sentence are a tag when each is an office's
    (``（条法司、保护司）。``), not places or words (``（市、区）。``)."""
    names = split_departments(content)
    return bool(names) and department_likeness(content) == 1.0 and all(
        AGENCY_SUFFIX.search(fold(d.name)) for d in names)


# A closing sentence, unbracketed, may say who does the item: ``…。此项工作由甲、乙负责。``
_RESPONSIBILITY_SENTENCE = lazy(lambda: rf"""
    (?: 此项 | 该项 | 本项 | 以上 | 上述 ) (?: 工作 | 任务 ) \s* 由 \s*
    (?P<tag> [^。；;]{{2,80}}? (?: {alternation("roles.responsible", "roles.lead")} | 承担 | 组织实施 ) )
    \s* [。；;]? $""", regex.VERBOSE)


def _responsibility_sentence(text: str, folded: str) -> tuple[str, str, bool] | None:
    m = _RESPONSIBILITY_SENTENCE.search(folded)
    # Every part names a body (not 由市政府统一领导，市知识产权局具体负责).
    if not m or _last_char_before(folded, m.start()) not in SENTENCE_END or \
            department_likeness(text[m.start("tag"):m.end("tag")]) < 1.0:
        return None
    return text[:m.start()].rstrip(), text[m.start("tag"):m.end("tag")], False


def closing_name(text: str) -> tuple[str, str] | None:
    """``(text before, name)`` when the text closes with one body's name in brackets after a
    sentence, or is one (``…推广。（某某局）``, ``（某某科）``): a news page's byline is printed so."""
    stripped = text.rstrip()
    folded = fold(stripped)
    if (start := _closing_bracket(folded)) is None:
        return None
    before = folded[:start].rstrip()
    if not _BYLINE.fullmatch(folded[start + 1:-1].strip()) or (before and before[-1] not in SENTENCE_END):
        return None
    return stripped[:start].rstrip(), stripped[start + 1:-1].strip()


def _closing_bracket(folded: str) -> int | None:
    """Where the bracket that closes the text opens, if the text closes with one."""
    return _opening(folded, len(folded) - 1) if folded and folded[-1] in _CLOSERS else None


def _labelled_tail(text: str, folded: str) -> tuple[str, str, bool] | None:
    """``…开展行动。牵头单位：甲；配合单位：乙`` or ``…。【责任单位】甲``."""
    # A tag holds no sentence end but the one that closes it: labels before the last 。 of
    # the text are not its tag.
    last_stop = folded.rfind("。", 0, len(folded.rstrip("。")))
    for m in _LABEL.finditer(folded, last_stop + 1):
        before = _last_char_before(folded, m.start())
        if before and before not in SENTENCE_END:
            continue
        rest = text[m.start():]
        if not split_departments(_label_form(rest)):
            continue
        return text[:m.start()].rstrip(), _label_form(rest).rstrip("。"), False
    return None


def _last_char_before(folded: str, end: int, start: int = 0) -> str:
    """The last character of ``folded[start:end]`` that is not white space, or ``""``."""
    while end > start and folded[end - 1].isspace():
        end -= 1
    return folded[end - 1] if end > start else ""


def _cut_tail(text: str, folded: str) -> tuple[str, str | None, bool]:
    """``…建设。（省工信厅、省公安厅、省林`` : a tag the end of the page cut off."""
    reach = max(0, len(folded) - _CUT_REACH)
    matched = set(_matched_pairs(folded[reach:]).values())
    unmatched = [i for i, ch in enumerate(folded[reach:]) if ch in _PAIRS and i not in matched]
    if not unmatched:
        return text, None, False
    start = reach + unmatched[0]
    before = folded[:start].rstrip()
    content = text[start + 1:]
    if (not before or before[-1] in SENTENCE_END) and ("、" in content or _STRONG_ROLE.search(fold(content))) \
            and department_likeness(content) >= 0.5:
        return text[:start].rstrip(), _without_cut_name(content.strip()), True
    return text, None, False


def _without_cut_name(names: str) -> str:
    """``省农业农村厅、省知识产权局、省林`` -> the names the cut left whole."""
    head, sep, last = names.rpartition("、")
    return head if sep and not is_complete_name(last) else names


def _matched_pairs(folded: str) -> dict[int, int]:
    """Closing bracket index -> its opening bracket's index, in one pass."""
    pairs, stack = {}, []
    for i, ch in enumerate(folded):
        if ch in _PAIRS:
            stack.append(i)
        elif ch in _CLOSERS:
            while stack and folded[stack[-1]] != _CLOSERS[ch]:
                stack.pop()
            if stack:
                pairs[i] = stack.pop()
    return pairs


def trailing_deadline(text: str) -> tuple[str, str | None]:
    """``(text without it, the deadline)`` for an item that ends ``（2023年12月底前完成）``."""
    stripped = text.rstrip()
    folded = fold(stripped)
    span = deadline_span(stripped)
    if span and folded[-1] in _CLOSERS and not folded[span[1]:-1].strip():
        before = folded[:span[0]].rstrip()
        if before[-1:] == _CLOSERS[folded[-1]]:
            return stripped[:len(before) - 1].rstrip(), stripped[span[0]:span[1]]
    return text, None


def deadline_in_tag(tag: str) -> tuple[str, str | None]:
    """``省知识产权局负责，2023年底前完成``: the names, and the deadline the tag also states."""
    for m in _CLAUSE.finditer(fold(tag)):
        clause = tag[m.start():m.end()]
        if is_deadline(clause):
            return (tag[:m.start()] + tag[m.end():]).strip(" ,，;；"), clause.strip()
    return tag, None


def is_tag_only(text: str) -> bool:
    """A line that is nothing but a tag (``（省知识产权局负责）`` printed under its item)."""
    body, tag, _ = trailing_tag(text)
    return tag is not None and not body.strip()


def split_at_tags(text: str) -> list[str]:
    """A paragraph of several tagged items (``…。（甲局负责）组织开展…。（乙局负责）``), cut after
    each tag that a new sentence follows."""
    folded = fold(text)
    if not _STRONG_ROLE.search(folded):
        return [text]
    pairs = _matched_pairs(folded)
    pieces, start = [], 0
    for m in _CLOSE_BEFORE_TEXT.finditer(folded):
        opening = pairs.get(m.start())
        if opening is None or opening < start:
            continue
        before = _last_char_before(folded, opening, start)
        if before and before in SENTENCE_END and _STRONG_ROLE.search(folded, opening, m.start()):
            pieces.append(text[start:m.end()].strip())
            start = m.end()
    pieces.append(text[start:].strip())
    return [p for p in pieces if p]


def heading_department(title: str) -> str | None:
    """A heading that names the body doing everything under it (``省知识产权局：``,
    ``二、省发展改革委``), or None."""
    name = title.strip().rstrip(":：")
    if not name or len(name) > 40 or _SENTENCE_PUNCT.search(name) or _TASK_VERB.match(fold(name)):
        return None
    last = _LIST_SEPARATORS.split(name)[-1]
    return name if department_likeness(name) == 1.0 and AGENCY_SUFFIX.search(fold(last)) else None
