"""Outline documents: headings over paragraphs, however the page prints them.

工作要点 as published on the web, action plans, news rewrites and speeches.  Headings are
marked (一、 （一） 1. （1） ① ——— 一是), or plain: a short line without punctuation that a
paragraph follows (a news rewrite's section title).  Heading levels come from the order in
which the kinds first appear, so a document that starts at （一） or skips a level parses the
same way.  A line that holds several units (a whole plan on one line, ``一是…。二是…``) is cut
into pieces first (``ipwork.parsers.markers``).

Items are the leaves: a heading with no sub-headings (``1.推动…。围绕…``) or a paragraph under a
heading that has no text of its own.  An item's title is its lead sentence; its departments come
from a trailing tag in any style (``ipwork.parsers.tags``), or from a heading that names the body
doing everything under it.  Sections that review last year's work are not items.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ipwork.normalize.chars import SENTENCE_END, fold, has_han
from ipwork.normalize.departments import split_departments
from ipwork.normalize.numerals import numeral_value
from ipwork.normalize.text import sentence_end, strip_end, strip_html
from ipwork.parsers.base import Layout, RawItem, RawPlan, RawSection
from ipwork.parsers.evidence import read_plan_meta
from ipwork.parsers.furniture import furniture_kind
from ipwork.parsers.markers import heading_marker, split_units
from ipwork.parsers.speech import directives
from ipwork.parsers.tags import (
    closing_name,
    deadline_in_tag,
    heading_department,
    is_tag_only,
    split_at_tags,
    trailing_deadline,
    trailing_tag,
)
from ipwork.parsers.titles import clean_title, is_issuer_line, is_review_heading, is_signature_line, is_title_line
from ipwork.readers import Line, SourceText
from ipwork.vocabulary import alternation, lazy, pairs

__all__ = ["OutlineLayout", "heading_marker"]

_TERMINAL = "。！？；：:;!?…”’）)」』】》"
_PLAIN_MAX = 30  # a plain heading is a short line
_PLAIN_PUNCT = lazy(r"[。；;！!？?，,：:]")
_LABEL_MAX = 6  # 任务, 目标: a label line that heads nothing
_WHY_AND_HOW = lazy(lambda: r"\s*" + alternation("plans.preamble_openings"))
_MADE_THIS = lazy(lambda: alternation("plans.made"))
_GOAL_LABEL = lazy(r"\s*\S{0,4}目标\s*[:：]")
_UNMARKED = ("plain", "dept", *(f"level{n}" for n in range(1, 10)))
_LIST_ITEMS = ("bullet", "shi", "di")  # list entries that end with their own line
# The usual order of marker kinds, outermost first; a document may skip levels or start lower.
_RANK = {kind: rank for rank, kind in enumerate(("chapter", "cn", "cnbare", "pcn", "ar", "par", "circ"))}
_TASK_KINDS = ("ar", "par", "circ")
_WRAPPED_TITLE = 15  # headings without a marker: a title line, a body's name with a colon


def _is_preamble(text: str) -> bool:
    """``为…，根据…，制定本计划。``: why and how a plan was made, never one of its items."""
    folded = fold(text)
    return bool(_WHY_AND_HOW.match(folded)) and bool(_MADE_THIS.search(folded[:300]))


def _is_goal(text: str) -> bool:
    """``工作目标：…``: a statement of aims under a heading, its introduction rather than an item."""
    return bool(_GOAL_LABEL.match(fold(text)))


def split_heading(rest: str) -> tuple[str, str]:
    """A heading's own title and the text that follows it on the line."""
    end = sentence_end(rest)
    colon = fold(rest).find(":")
    if 0 < colon < min(end, 40) and end - colon > 2:
        end = colon + 1
    return strip_end(rest[:end].strip()), rest[end:].strip()


@dataclass
class _Responsibility:
    """What the end of an item says about who does it and by when."""

    text: str
    departments: list[str]
    deadline: str | None = None
    cut: bool = False


def read_responsibility(text: str, inherited: str | None = None) -> _Responsibility:
    """An item's text without its trailing deadline and department tag, and what they say;
    ``inherited`` is the body a heading above names, for items without a tag of their own."""
    body, deadline = trailing_deadline(text)
    body, tag, cut = trailing_tag(body)
    if tag and not deadline:  # …年内完成（甲局负责）。: the deadline before the tag
        body, deadline = trailing_deadline(body)
    if tag:
        tag, stated = deadline_in_tag(tag)
        deadline = deadline or stated
    departments = [tag] if tag else ([inherited] if inherited else [])
    return _Responsibility(body, departments, deadline, cut)


_ANNOUNCED = lazy(r"""
    (?P<n> [一二三四五六七八九十]{1,3} | \d{1,2} ) \s* 个? (?: 方面 | 项 ) 的? [^:：。]{0,12}? [:：]""", regex.VERBOSE)
_LIST_SEPARATORS = ("；;", "，,", "、")
# The list may come first, each part quoted: ``就“A”“B”和“C”等三个方面部署了重点任务``.
_QUOTED_THEN_ANNOUNCED = lazy(r"""
    (?P<list> (?: “ [^“”]{2,60} ” \s* (?: 、 | ， | , | 和 | 及 | 以及 )? \s* ){2,12} ) 等? \s*
    (?P<n> [一二三四五六七八九十]{1,3} | \d{1,2} ) \s* 个? (?: 方面 | 项 )""", regex.VERBOSE)
_QUOTED = lazy(r"“(?P<part>[^“”]+)”")


def announced_list(text: str) -> list[tuple[int, list[str]]]:
    """``七方面重点工作：A，B，…，G。`` -> ``[(7, [A, …, G])]``: lists whose parts number what
    was announced, split at the coarsest separator that gives that number (the last part may
    be joined by 和 or 以及); or quoted parts before the count (``就“A”“B”等两个方面``)."""
    folded = fold(text)
    found = []
    for m in _ANNOUNCED.finditer(folded):
        count = numeral_value(m.group("n"))
        end = folded.find("。", m.end())
        body = text[m.end():end if end >= 0 else len(text)]
        for separators in _LIST_SEPARATORS:
            parts = [p.strip() for p in regex.split(f"[{separators}]", body) if p.strip()]
            if separators == "、" and parts and len(parts) == (count or 0) - 1:
                last = regex.split(r"和|以及|及", parts[-1], maxsplit=1)
                parts = parts[:-1] + [p.strip() for p in last if p.strip()]
            if count and count >= 2 and len(parts) == count:
                found.append((count, parts))
                break
    for m in _QUOTED_THEN_ANNOUNCED.finditer(folded):
        parts = [text[q.start("part"):q.end("part")].strip()
                 for q in _QUOTED.finditer(folded, m.start("list"), m.end("list"))]
        if len(parts) == numeral_value(m.group("n")):
            found.append((len(parts), parts))
    return found


# Brackets and quotation marks a title or paragraph may leave open at a line's end.
_BRACKETS = tuple(pairs("punctuation.brackets", "punctuation.quotes").items())
_CARRY = 2  # lines an open bracket may carry a title or paragraph over


def _bracket_balance(text: str) -> tuple[int, ...]:
    """Openers minus closers of each bracket pair (``(``, ``《``, ``“``…) in ``text``."""
    folded = fold(text)
    return tuple(folded.count(o) - folded.count(c) for o, c in _BRACKETS)


def _open_bracket(text: str) -> bool:
    """A bracket or a quoted title left open: the text goes on in the next line."""
    return any(n > 0 for n in _bracket_balance(text))


def _holds_sentence_end(text: str) -> bool:
    return any(ch in SENTENCE_END for ch in fold(text))


class _Text:
    """A paragraph, or a heading's body, as it grows line by line: its pieces are joined once,
    when the tree is read, and its bracket balance is counted on from the pieces counted
    before, so that no line rescans the text before it.  ``units`` are its lines; a heading's
    body adds to the heading's own."""

    __slots__ = ("units", "pieces", "balance", "counted", "carried", "joined")

    def __init__(self, text: str, units: list[Line]):
        self.units = units
        self.pieces = [text] if text else []
        self.balance = (0,) * len(_BRACKETS)  # of the first ``counted`` pieces
        self.counted = 0
        self.carried = 0  # pieces added while a bracket stood open
        self.joined: str | None = None

    def add(self, text: str, unit: Line) -> None:
        self.units.append(unit)
        if text:
            self.pieces.append(text)

    def carries(self) -> bool:
        """Whether a bracket left open takes the next line in: over a line or two, no further."""
        for piece in self.pieces[self.counted:]:
            self.carried = self.carried + 1 if any(n > 0 for n in self.balance) else 0
            self.balance = tuple(a + b for a, b in zip(self.balance, _bracket_balance(piece)))
        self.counted = len(self.pieces)
        return any(n > 0 for n in self.balance) and self.carried < _CARRY

    def __bool__(self) -> bool:
        return bool(self.pieces)

    @property
    def text(self) -> str:
        if self.joined is None:
            self.joined = "".join(self.pieces)
        return self.joined


@dataclass
class _Node:
    kind: str
    number: str | None
    title: str
    body: _Text
    units: list[Line]
    children: list[_Node] = field(default_factory=list)
    paragraphs: list[_Text] = field(default_factory=list)

    def is_section(self) -> bool:
        return bool(self.children) or (bool(self.paragraphs) and not self.body)

    @property
    def line(self) -> int:
        return self.units[0].no


def _ends_sentence(text: str) -> bool:
    return fold(text.rstrip()[-1:]) in _TERMINAL


class _Builder:
    """Turns classified lines into a heading tree, paragraphs attached to the open heading."""

    def __init__(self) -> None:
        units: list[Line] = []
        self.root = _Node("root", None, "", _Text("", units), units)
        self.stack: list[_Node] = [self.root]
        self.kinds: list[str] = []
        self.last_open = False
        self.open_title = False  # the open heading's title was cut by the end of its line
        self.title_lines = 0  # lines the open heading's title has been carried over

    def heading(self, kind: str, number: str | None, rest: str, unit: Line) -> None:
        if kind in self.kinds:
            depth = self.kinds.index(kind)
            del self.kinds[depth + 1:]
        elif self._outranks_all(kind):
            # A page that starts inside a list (``2.…`` before ``（四）…``): the higher kind
            # becomes the top level instead of nesting under the list.
            self.kinds[:] = [kind]
            depth = 0
        else:
            self.kinds.append(kind)
            depth = len(self.kinds) - 1
        del self.stack[depth + 1:]
        title, body = (rest.rstrip(":：").strip(), "") if kind in _UNMARKED else split_heading(rest)
        units = [unit]
        node = _Node(kind, number, title, _Text(body, units), units)
        self.stack[-1].children.append(node)
        self.stack.append(node)
        # A task whose title runs on without punctuation was wrapped by the page: the next
        # line continues it.
        self.open_title = not body and kind in _TASK_KINDS and (
            _open_bracket(title) or (len(title) >= _WRAPPED_TITLE and not _ends_sentence(title)))
        self.title_lines = 0
        self.last_open = self.open_title or (bool(body) and not _ends_sentence(body))

    def _outranks_all(self, kind: str) -> bool:
        ranks = [_RANK.get(k) for k in self.kinds]
        return kind in _RANK and bool(ranks) and all(r is not None and _RANK[kind] < r for r in ranks)

    def paragraph(self, text: str, unit: Line) -> None:
        """A paragraph under the open heading.  It continues the text before it when that text
        stopped mid-sentence (a line wrapped by the page, even across a page footer), left a
        bracket open a line or two before, or when it is only the tag of the item above
        (``（甲局负责）``)."""
        node = self.stack[-1]
        tag_only = is_tag_only(text)
        last = node.paragraphs[-1] if node.paragraphs else node.body
        joins = self.last_open or tag_only or last.carries()
        if self.open_title and joins and not (node.paragraphs or node.body):
            self._continue_title(node, text, unit)
            return
        if joins and (node.paragraphs or node.body or (tag_only and node is not self.root)):
            last.add(text, unit)
        else:
            if node.kind in _LIST_ITEMS and len(self.stack) > 1:
                # a dash or 一是 item owns no paragraphs: one after it belongs to the heading above
                self.stack.pop()
                node = self.stack[-1]
            node.paragraphs.append(_Text(text, [unit]))
        self.open_title = False
        self.last_open = not _ends_sentence(text)

    def _continue_title(self, node: _Node, text: str, unit: Line) -> None:
        """The rest of a title the line end cut.  A bracket left open carries it over a line or
        two, never past a sentence end: an unclosed （ does not swallow the section."""
        node.title, body = split_heading(node.title + text)
        node.units.append(unit)
        node.body = _Text(body, node.units)
        self.title_lines += 1
        self.open_title = (self.title_lines < _CARRY and not _holds_sentence_end(text)
                           and _open_bracket(node.title))
        self.last_open = self.open_title or not _ends_sentence(body or node.title)


_HAS_WORD = lazy(r"[\p{L}\p{N}]")


def _units(src: SourceText) -> list[Line]:
    """The document's non-blank lines, stripped, lines holding several units cut into pieces."""
    units = []
    texts = [strip_html(line.text) for line in src.lines]
    chunks, numbering = _site_chunks(src.lines, texts), {}
    for line, text in zip(src.lines, texts):
        if not _HAS_WORD.search(text):  # blank, or a rule of dashes or stars between parts
            continue
        if line.no in chunks:  # one text over the site's pages: its numbering runs on
            lead = chunks[line.no]
            units.extend(split_units(Line(line.no, text[lead:].strip(), line.page, lead, line.level), numbering))
        else:
            lead = len(text) - len(text.lstrip())
            units.extend(split_units(Line(line.no, text.strip(), line.page, lead, line.level)))
    return units


_CHUNK_NUMBER = lazy(r"^\s*(\d{1,3})\s*、\s*")
_CHUNK_MIN = 150  # a site's page of a document holds a few hundred characters


def _site_chunks(lines: list[Line], texts: list[str]) -> dict[int, int]:
    """Document-sharing sites print a document as numbered pages of run-on text (``1、…方案为贯彻…
    一、总体要求（一）…全面加强知识产权`` / ``2、保护，打通…``): line -> length of its page number,
    when numbers run 1, 2, 3 over long lines that break mid-sentence and hold headings of
    their own.  Such a number is no item number, and the sentence runs on over the break.
    ``texts`` are the lines' texts without markup."""
    found: list[tuple[int, int, str]] = []
    for line, text in zip(lines, texts):
        if (m := _CHUNK_NUMBER.match(text)) and int(m.group(1)) == len(found) + 1:
            found.append((line.no, m.end(), fold(text[m.end():]).strip()))
        elif found and text.strip():
            break  # the pages follow one another: a line between them is no site's
    if len(found) < 2 or any(len(body) < _CHUNK_MIN for _, _, body in found[:-1]):
        return {}
    # Every page but the last breaks off mid-sentence (an item ending in its tag is whole).
    if not all(body[-1] not in SENTENCE_END and not trailing_tag(body)[1] for _, _, body in found[:-1]):
        return {}
    return {no: end for no, end, _ in found} if any(split_units(Line(0, body))[1:] for _, _, body in found) else {}


def _is_plain_title(text: str) -> bool:
    folded = fold(text).strip()
    return (2 <= len(folded) <= _PLAIN_MAX and has_han(folded)
            and not _PLAIN_PUNCT.search(folded) and folded.count("(") == folded.count(")")
            and not furniture_kind(text) and not is_tag_only(text))


class OutlineLayout(Layout):
    name = "outline"
    title = "Outline document (工作要点, 行动计划, news reports)"
    description = ("Headings 一、 （一） 1. （1） ① ——— 一是, or plain title lines, over paragraphs; items "
                   "are the leaves, with department tags such as （条法司、代理人协会）.")
    example = "ipwork parse samples/2013_cnipa_work_points.txt"

    def sniff(self, src: SourceText) -> float:
        """Any text with headings, or with paragraphs of sentences, reads as an outline (the
        layout every other degrades to); the more marker kinds, the surer."""
        kinds, sentences = [], 0
        for line in src.nonblank()[:2000]:
            if "\t" in line.text:
                continue
            for unit in split_units(Line(line.no, line.text.strip())):
                if found := heading_marker(unit.text):
                    kinds.append(found[0])
            sentences += fold(line.text).count("。")
        if not kinds:
            listed = any(announced_list(line.text) or directives(line.text) for line in src.nonblank()[:200])
            return 0.2 if sentences >= 2 or listed else 0.0
        distinct = len(set(kinds) - {"bullet"})
        return min(0.75, 0.2 + 0.05 * len(kinds) + 0.1 * distinct)

    def parse(self, src: SourceText) -> list[RawPlan]:
        return [_OutlineReader(src).read()]


class _OutlineReader:
    """One pass over the units of a document: classify, build the tree, then make items."""

    def __init__(self, src: SourceText):
        self.src = src
        self.units = _units(src)
        self.plan = RawPlan()
        self.builder = _Builder()
        self.head: list[Line] = []
        self.title_at = self._title_index()
        self.signature_at = self._signature_start()
        self.plain_candidates = set() if self._wrapped_by_the_page() else self._plain_candidates()

    def _signature_start(self) -> int:
        """Index of the issuer and date lines that close the document (they are not items)."""
        start = len(self.units)
        while start and (is_signature_line(self.units[start - 1].text)
                         or furniture_kind(self.units[start - 1].text)):
            start -= 1
        return start

    def read(self) -> RawPlan:
        prev_closed, started = True, False
        for i, unit in enumerate(self.units):
            if self._is_meta(i, unit):
                continue
            text = unit.text
            marker = heading_marker(text)
            if marker:
                kind, number, end = marker
                self.builder.heading(kind, number, text[end:].strip(), unit)
                started, prev_closed = True, True
                continue
            if unit.level and (started or i != self.title_at):
                # A word processor's heading without a number (Heading 2 style).
                self.builder.heading(f"level{unit.level}", None, text.strip(), unit)
                started, prev_closed = True, True
                continue
            if not started and is_title_line(text) and _is_plain_title(text):
                self.head.append(unit)  # the rest of a title printed over several lines
                self.plan.meta_lines.add(unit.no)
                continue
            if unmarked := self._unmarked_heading(i, prev_closed):
                self.builder.heading(unmarked, None, text.strip(), unit)
                started, prev_closed = True, True
                continue
            if started and prev_closed and _is_plain_title(text) and len(fold(text).strip()) <= _LABEL_MAX:
                self.plan.meta_lines.add(unit.no)  # 任务 before a section number: heads nothing
                continue
            if not started:
                self.head.append(unit)
                self.plan.preamble.append((unit.no, text))
            else:
                self.builder.paragraph(text, unit)
            prev_closed = _ends_sentence(text)
        self._finish()
        return self.plan

    def _title_index(self) -> int | None:
        for i, unit in enumerate(self.units[:40]):
            marker = heading_marker(unit.text)
            if marker and marker[0] != "bullet":
                return None
            text = unit.text[marker[2]:] if marker else unit.text
            if not furniture_kind(text) and is_title_line(text):
                return i
        return None

    def _is_meta(self, i: int, unit: Line) -> bool:
        text, plan = unit.text, self.plan
        if i >= self.signature_at:
            plan.meta_lines.add(unit.no)
            return True
        if furniture_kind(text) or (not self.builder.kinds and is_issuer_line(text)):
            plan.meta_lines.add(unit.no)  # page furniture; the signature under a cover letter
            self.head.append(unit)
            return True
        if self.title_at is not None and i == self.title_at:
            marker = heading_marker(text)
            plan.title, issuer = clean_title(text[marker[2]:] if marker else text)
            plan.issuer = issuer or plan.issuer
            plan.meta_lines.add(unit.no)
            self.head.append(unit)
            return True
        if self.title_at is not None and i < self.title_at and len(text) <= 30 and "。" not in text:
            plan.meta_lines.add(unit.no)  # site navigation above the title, or the title's first line
            self.head.append(unit)
            return True
        return False

    def _next_content(self, i: int) -> Line | None:
        for unit in self.units[i + 1:i + 4]:
            if not furniture_kind(unit.text):
                return unit
        return None

    def _unmarked_heading(self, i: int, prev_closed: bool) -> str | None:
        """``dept`` for a body's name with a colon over its tasks (``省知识产权局：``); ``plain``
        for a short unpunctuated line that a paragraph or a marked heading follows, where such
        lines are the top level (a news rewrite's section titles); else None."""
        text = self.units[i].text
        nxt = self._next_content(i)
        if nxt is None or not prev_closed:
            return None
        if fold(text).rstrip().endswith(":") and heading_department(text):
            return "dept"
        kinds = self.builder.kinds
        if (kinds and kinds[0] != "plain") or i not in self.plain_candidates:
            return None
        if heading_marker(nxt.text) or len(self.plain_candidates) > 1:
            return "plain"
        return None

    def _wrapped_by_the_page(self) -> bool:
        """Text copied from a PDF: most long lines stop mid-sentence.  Its short lines are the
        ends of wrapped sentences, not section titles."""
        long = [u for u in self.units if len(u.text) >= 15 and not furniture_kind(u.text)]
        open_lines = sum(1 for u in long if not _ends_sentence(u.text))
        return len(long) >= 6 and open_lines > len(long) / 2

    def _plain_candidates(self) -> set[int]:
        """Short unpunctuated lines that a longer paragraph or a marked heading follows.  They are
        section titles only in a series (one such line alone is a page's headline)."""
        found = set()
        for i, unit in enumerate(self.units):
            nxt = self._next_content(i) if _is_plain_title(unit.text) else None
            if nxt is not None and (heading_marker(nxt.text) or (len(nxt.text) > len(unit.text)
                                                                   and not _is_plain_title(nxt.text))):
                found.add(i)
        return found

    def _finish(self) -> None:
        plan, root = self.plan, self.builder.root
        self._check_numbering(root)
        for child in root.children:
            self._walk(child, [], None)
        if not plan.items:
            self._announced_lists()
        if not plan.items:
            self._directives()
        self._leave_out_byline()
        agencies = [d.name for item in plan.items for tag in item.departments for d in split_departments(tag)]
        plan.adopt(read_plan_meta(self.head, self.units[self.signature_at:], title=plan.title,
                                  body=[u.text for u in self.units], agencies=agencies))
        for paragraph in root.paragraphs:
            plan.preamble.append((paragraph.units[0].no, paragraph.text))
            plan.meta_lines.update(u.no for u in paragraph.units)
        if root.body:
            plan.preamble.append((root.line if root.units else 1, root.body.text))

    def _leave_out_byline(self) -> None:
        """News pages close with their source in brackets (``…推广。（某某市知识产权局）``).  When
        no other item names a department, a bare name closing the line of the last item is that
        byline, not the item's tag: it is left out of the item, with a warning."""
        items = self.plan.items
        if len(items) < 2 or any(item.departments for item in items[:-1]):
            return
        last = items[-1]
        end = self.src.line(last.lines[-1])
        if not (closing := closing_name(end.text)):
            return
        name = closing[1]
        if last.departments == [name]:
            last.departments = []
        elif (rest := closing_name(last.text or last.title)) and rest[1] == name:
            if last.text:
                last.text = rest[0]
            else:
                last.title = strip_end(rest[0])
        else:
            return
        self.plan.warn(end.no, "byline", f"({name}) closing the last item's paragraph is read as its byline "
                                         "(the source of the news), not as a department of the last item")

    def _announced_lists(self) -> None:
        """News that lists a plan's tasks in one sentence after announcing how many
        (``明确了七方面重点工作：A，B，…，G。``): the list's parts are the items when their
        number is the one announced."""
        for unit in self.units:
            for _, parts in announced_list(unit.text):
                for part in parts:
                    self.plan.items.append(RawItem(title=strip_end(part), path=[], lines=[unit.no]))

    def _directives(self) -> None:
        """A speech reported in paragraphs deploys the year's work without numbers (``要A。要B。
        要C。``, ``…工作要A；要B``, ``首先…其次…最后…``): the clauses ``speech.directives`` finds are
        the items, when nothing else on the page is."""
        for unit in self.units:
            for found in directives(unit.text):
                self.plan.items.append(RawItem(title=unit.text[found.start:found.end], path=[], lines=[unit.no],
                                               offset=unit.offset + found.start,
                                               offset_end=unit.offset + found.end))

    def _walk(self, node: _Node, path: list[str], department: str | None) -> None:
        plan = self.plan
        if is_review_heading(node.title) and (node.kind == "plain" or not path):
            self._skip(node)
            return
        department = heading_department(node.title) or department
        if not node.is_section():
            if self._is_empty_section(node, path):
                plan.warn(node.line, "empty-heading", f"heading {node.title!r} has no items")
                plan.sections.append(RawSection(node.title, path + [node.title], node.number, None, node.line))
                plan.meta_lines.update(u.no for u in node.units)
                return
            self._leaf_items(node, path, department)
            return
        own = path + [node.title]
        intro = " ".join([node.body.text] + ([p.text for p in node.paragraphs] if node.children else [])).strip()
        plan.sections.append(RawSection(node.title, own, node.number, intro or None, node.line))
        plan.meta_lines.update(u.no for u in node.units)
        if node.children:
            plan.meta_lines.update(u.no for p in node.paragraphs for u in p.units)
            for child in node.children:
                self._walk(child, own, department)
        else:
            for paragraph in node.paragraphs:
                if _is_goal(paragraph.text) or _is_preamble(paragraph.text):
                    plan.meta_lines.update(u.no for u in paragraph.units)
                else:
                    self._paragraph_items(paragraph.text, paragraph.units, own, department)

    def _skip(self, node: _Node) -> None:
        """A review of work already done: its lines are metadata, not items."""
        self.plan.meta_lines.update(u.no for u in node.units)
        self.plan.meta_lines.update(u.no for p in node.paragraphs for u in p.units)
        for child in node.children:
            self._skip(child)

    @staticmethod
    def _is_empty_section(node: _Node, path: list[str]) -> bool:
        return not node.body and not path and node.kind in ("cn", "chapter", "plain", "cnbare")

    def _leaf_items(self, node: _Node, path: list[str], department: str | None) -> None:
        units = node.units + [u for p in node.paragraphs for u in p.units]
        body = " ".join([node.body.text] + [p.text for p in node.paragraphs]).strip()
        number = node.number if node.kind != "bullet" else None
        pieces = split_at_tags(body)
        if len(pieces) > 1:
            # A heading over several tagged measures is their section; each measure is an item.
            own = path + [node.title]
            self.plan.sections.append(RawSection(node.title, own, node.number, None, node.line))
            for piece in pieces:
                self._paragraph_item(piece, units, own, department)
            return
        found = read_responsibility(body, department)
        title = node.title
        if not body:
            found = read_responsibility(title, department)
            title, found.text = found.text, ""
        item = RawItem(title=strip_end(title), path=path, lines=[u.no for u in units], text=found.text,
                       number=number, departments=found.departments, deadline=found.deadline)
        self._add(item, units, found.cut)

    def _paragraph_items(self, text: str, units: list[Line], path: list[str], department: str | None) -> None:
        for piece in split_at_tags(text):
            self._paragraph_item(piece, units, path, department)

    def _paragraph_item(self, text: str, units: list[Line], path: list[str], department: str | None) -> None:
        found = read_responsibility(text, department)
        end = sentence_end(found.text)
        item = RawItem(title=strip_end(found.text[:end].strip()), path=path, lines=[u.no for u in units],
                       text=found.text[end:].strip(), departments=found.departments, deadline=found.deadline)
        self._add(item, units, found.cut)

    def _add(self, item: RawItem, units: list[Line], cut: bool) -> None:
        if any(u.offset or len(u.text) < len(self.src.line(u.no).text.strip()) for u in units):
            item.offset, item.offset_end = units[0].offset, units[-1].offset + len(units[-1].text)
        if cut:
            self.plan.warn(item.lines[-1], "cut-tag", "the department tag is cut off (no closing bracket)")
        self.plan.items.append(item)

    def _check_numbering(self, node: _Node) -> None:
        expected: dict[str, int] = {}
        for child in node.children:
            value = numeral_value(child.number) if child.number else None
            if value is not None:
                want = expected.get(child.kind, value)
                if value != want:
                    what = "repeated" if value < want else "gap in"
                    self.plan.warn(child.line, "numbering",
                                   f"{what} numbering: {child.number} where {want} was expected")
                expected[child.kind] = value + 1
            self._check_numbering(child)
