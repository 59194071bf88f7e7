"""Speeches and meeting reports: the work a speaker deploys in clauses without numbers.

A report of a speech lists the year's work as what must be done: sentences that open with 要
(``…强调，要A。要B。要C。``), clauses of one sentence joined by ；after a lead-in
(``会议强调，…全市工作要A；要B；要C。``), or steps (``首先，A。其次，B。最后，C。``).  ``directives``
finds them in a paragraph and gives the span of each item's title: the 要 or the step word, and
the lead-in before the first (李某强调，下半年全市工作), are left out, as a list's numbers are.
A sentence whose 要 follows its subject (``全县各部门要…``) before a run of such clauses is the
speaker's lead-in, not an item.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from ipwork.normalize.chars import fold
from ipwork.vocabulary import alternation, lazy, words

RUN_MIN = 3  # sentences opening with 要 that make a list on their own
CUED_MIN = 2  # ... after a speaker's or a meeting's cue (强调，要A；要B)
LEAD_IN_MAX = 24  # characters of a lead-in before the first 要 (李某强调，2022年全市工作)
_SENTENCE = regex.compile(r"[^。！？!?]+[。！？!?]?")
_CLAUSE_END = "；;"
_END = "。！？!?；; \t"
# 要 saying "must": not a character of a word (重要, 要求).
_MUST = lazy(lambda: "(?<!" + alternation("speech.must_not_after") + ")要(?!"
             + alternation("speech.must_not_before") + ")")
_CUE = lazy(lambda: alternation("speech.cues"))
_STEP = lazy(lambda: r"\s*(?P<step>" + alternation("speech.steps_first", "speech.steps_next", "speech.steps_last")
             + r")\s*[，,:：]\s*")


@dataclass(frozen=True)
class Directive:
    """An item of a speech: its title is ``text[start:end]`` of the paragraph."""

    start: int
    end: int


def directives(text: str) -> list[Directive]:
    """The items a paragraph deploys as a speech does, in order (none when it holds no list)."""
    folded = fold(text)
    sentences = [(m.start(), m.end()) for m in _SENTENCE.finditer(folded) if m.group().strip()]
    found = _steps(folded, sentences)
    if found:
        return found
    run: list[tuple[Directive, bool]] = []  # each sentence's item, and whether a cue opened it
    cued_before = False
    for start, end in sentences:
        if joined := _joined_clauses(folded, start, end, cued_before):
            found.extend(_closed(run))
            run = []
            found.extend(joined)
        elif (opened := _opening_must(folded, start, end)) is not None:
            run.append((Directive(opened, _trimmed_end(folded, opened, end)), _CUE.search(folded, start, opened)
                        is not None))
        else:
            found.extend(_closed(run))
            run = []
        cued_before = _CUE.search(folded, start, end) is not None
    found.extend(_closed(run))
    return found


def _closed(run: list[tuple[Directive, bool]]) -> list[Directive]:
    """A run of 要 sentences is a list when it is long enough, or opened by a cue."""
    if len(run) >= RUN_MIN or (len(run) >= CUED_MIN and run[0][1]):
        return [directive for directive, _ in run]
    return []


def _must_at(folded: str, start: int, end: int) -> regex.Match | None:
    return _MUST.search(folded, start, end)


def _opening_must(folded: str, start: int, end: int) -> int | None:
    """Where the title of a sentence that opens with 要 starts (after the 要): a lead-in before
    it may only name who speaks (李某强调，要…; 会后，县领导要求，要…) or when (2022年，要…)."""
    m = _must_at(folded, start, end)
    if not m:
        return None
    lead = folded[start:m.start()].strip()
    if lead and (len(lead) > LEAD_IN_MAX or lead[-1] not in "，,：:"):
        return None
    if lead and not _CUE.search(lead) and len(lead) > 9:
        return None
    return m.end()


def _joined_clauses(folded: str, start: int, end: int, cued_before: bool) -> list[Directive]:
    """``…工作要A；要B；要C。``: clauses of one sentence joined by ；, each after the first opening
    with 要, the first holding one after its lead-in; after a cue, or three at least."""
    bounds, at = [], start
    for i in range(start, end):
        if folded[i] in _CLAUSE_END:
            bounds.append((at, i))
            at = i + 1
    bounds.append((at, end))
    bounds = [(a, b) for a, b in bounds if folded[a:b].strip(_END)]
    if len(bounds) < CUED_MIN:
        return []
    first = _must_at(folded, *bounds[0])
    rest = [_MUST.match(folded, a + len(folded[a:b]) - len(folded[a:b].lstrip())) for a, b in bounds[1:]]
    if not first or not all(rest):
        return []
    cued = cued_before or _CUE.search(folded, bounds[0][0], first.start()) is not None
    if not cued and len(bounds) < RUN_MIN:
        return []
    opened = [first.end()] + [m.end() for m in rest]
    return [Directive(a, _trimmed_end(folded, a, b)) for a, (_, b) in zip(opened, bounds)]


def _steps(folded: str, sentences: list[tuple[int, int]]) -> list[Directive]:
    """``首先，A。其次，B。最后，C。``: three steps or more, from 首先 to 最后."""
    firsts, lasts = set(words("speech.steps_first")), set(words("speech.steps_last"))
    found: list[Directive] = []
    for start, end in sentences:
        m = _STEP.match(folded, start, end)
        step = m.group("step") if m else None
        if step in firsts:
            found = [_step(folded, m.end(), end)]
        elif m and found:
            found.append(_step(folded, m.end(), end))
            if step in lasts:
                return found if len(found) >= RUN_MIN else []
        else:
            found = []
    return []


def _step(folded: str, start: int, end: int) -> Directive:
    """A step's title, without the 要 it may open with (首先，要提高认识)."""
    if must := _MUST.match(folded, start, end):
        start = must.end()
    return Directive(start, _trimmed_end(folded, start, end))


def _trimmed_end(folded: str, start: int, end: int) -> int:
    while end > start and folded[end - 1] in _END:
        end -= 1
    return end
