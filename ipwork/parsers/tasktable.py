"""National task tables: 工作任务 | 任务目标 | 落实举措 | 执行部门(单位) | 完成时间.

The yearly 全国专利事业发展战略推进计划 and its successors.  Extraction often loses every line
break, so the table arrives as one line: ``一、…主体任务(一)完善…制度贯彻落实…。 1.推动…。
围绕…。局内:协调司、管理司省份:强省试点省…必做年内有阶段性成果 2.…``; other copies put one
cell a line.  The parser reads the text as one stream and splits it by what the text says:
the numbering of sections, sub-tasks and tasks in sequence, the 局内:/省份: markers, the fixed
deadline phrases, and the verbs that open a sub-task's goal sentence.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex

from ipwork.normalize.chars import fold
from ipwork.normalize.deadlines import deadline_span
from ipwork.normalize.numerals import CHINESE_NUMERAL, chinese_to_int
from ipwork.normalize.regions import NATIONAL
from ipwork.normalize.text import sentence_end, strip_end
from ipwork.parsers.base import Layout, RawItem, RawPlan, RawSection
from ipwork.parsers.columns import header_field, task_table_words
from ipwork.parsers.evidence import read_plan_meta
from ipwork.parsers.titles import clean_title, is_title_line
from ipwork.readers import Line, SourceText
from ipwork.vocabulary import alternation, lazy, words

# The table's header: its own header words, a cell perhaps with its gloss (执行部门(单位)).
_HEADER_WORDS = lazy(lambda: rf"""
    ^ (?: \s* {alternation(task_table_words())} \s* (?: \( (?: 单位 | 部门 ) \) )? )+ \s*""", regex.VERBOSE)
# The label of a cell saying whose a task is: the office's departments (局内:) or the provinces (省份:).
GROUP = lazy(lambda: rf"(?P<marker>{alternation('columns.office_groups', 'columns.province_groups')})[:：]")
_SECTION = lazy(rf"(?P<n>[{CHINESE_NUMERAL}]+)、")
_SUBTASK = lazy(rf"\((?P<n>[{CHINESE_NUMERAL}]+)\)")
_TASK = lazy(r"(?P<n>\d{1,4})\s*[.、](?!\d)")
_JUNK_TAIL = lazy(r"[\s|｜]+$")
_MEASURES = lazy(r"举措|措施")  # the header of the column of measures (落实举措, 工作措施)
_SPACES = lazy(r"\s+")
MIN_TITLE = 4


@dataclass
class _Stream:
    """The document as one string, with the line each character came from."""

    text: str
    folded: str
    spans: list[tuple[int, int, int]]
    leads: list[int | None]  # where each span starts in its line; None for a cell of a row

    @classmethod
    def of(cls, pieces: list[tuple[str, int, bool, int | None]]) -> _Stream:
        """From ``(text, line number, continues the piece before, offset in the line)``: pieces
        that continue are joined without a line break (one table cell cut by a page break)."""
        parts, spans, leads, pos = [], [], [], 0
        for text, no, continues, lead in pieces:
            if not text.strip():
                continue
            glue = "" if continues and parts else ("\n" if parts else "")
            pos += len(glue)
            spans.append((pos, pos + len(text), no))
            leads.append(lead)
            parts.append(glue + text)
            pos += len(text)
        text = "".join(parts)
        return cls(text, fold(text), spans, leads)

    def _span_at(self, pos: int) -> int:
        """Index of the span holding stream position ``pos`` (or the last one before it)."""
        return max(0, bisect.bisect_right(self.spans, pos, key=lambda span: span[0]) - 1)

    def column(self, pos: int) -> int | None:
        """Offset of stream position ``pos`` within the source line it falls in; None inside a
        cell of a row (the row is the line a record cites)."""
        if not self.spans:
            return 0
        i = self._span_at(pos)
        start, end, _ = self.spans[i]
        lead = self.leads[i]
        return None if lead is None else lead + min(pos, end) - start

    def lines_of(self, start: int, end: int) -> list[int]:
        """The source lines characters ``start``..``end`` come from."""
        if not self.spans:
            return [1]
        first, last = self._span_at(start), self._span_at(max(end, start + 1) - 1)
        return [no for _, _, no in self.spans[first:last + 1]]


def _is_header_row(text: str) -> bool:
    head = _HEADER_WORDS.match(fold(text))
    return bool(head) and not fold(text)[head.end():].strip()


def _pieces(lines: list[Line], repeated: set[int],
            filled: dict[int, list[str]]) -> list[tuple[str, int, bool, int | None]]:
    """The table as the stream reads it: lines as they are, but a table whose cells are
    separated by tabs (from a PDF or a Word file) one cell a line in column order, a row that a
    page break cut (after the repeated header: its first cell empty, its measures not opening
    with a task number) joined to the row it continues, cell by cell.  Repeated headers go to
    ``repeated``; the fields of a row's merged cells filled in (see ``_filled_cells``) to ``filled``."""
    rows: list[list[tuple[int, list[str]]]] = []
    after_header = False
    measures = 2  # the 落实举措 column, counted from the header
    fields: list[str | None] = []
    for line in lines:
        if "\t" not in line.text:
            rows.append([(line.no, [line.text])])
            continue
        cells = line.text.split("\t")
        if _is_header_row(line.text):
            if rows:
                repeated.add(line.no)
            measures = next((i for i, c in enumerate(cells) if _MEASURES.search(fold(c))), measures)
            fields = [header_field(c) for c in cells]
            after_header = bool(rows)
            continue
        cells = _filled_cells(line, cells, measures, fields, filled)
        cut = after_header and rows and not cells[0].strip() and not _TASK.match(
            fold(cells[measures] if measures < len(cells) else "").strip())
        if cut:
            rows[-1].append((line.no, cells))
        else:
            rows.append([(line.no, cells)])
        after_header = False
    pieces = []
    for row in rows:
        for column in range(max(len(cells) for _, cells in row)):
            first = True
            for no, cells in row:
                if column < len(cells) and cells[column].strip():
                    cell = cells[column]
                    lead = len(cell) - len(cell.lstrip()) if len(cells) == 1 else None
                    pieces.append((cell.strip(), no, not first, lead))
                    first = False
    return pieces


def _filled_cells(line: Line, cells: list[str], measures: int, fields: list[str | None],
                  filled: dict[int, list[str]]) -> list[str]:
    """A row's cells, with a 执行部门 or 完成时间 cell merged over several tasks given to each of
    them (the merged 工作任务 and 任务目标 left of the measures open their sub-task once)."""
    copied = [i for i in sorted(line.merged) if measures < i < min(len(cells), len(fields)) and fields[i]]
    if not copied:
        return cells
    filled[line.no] = [fields[i] for i in copied]
    return [line.cells[i] if i in copied else cell for i, cell in enumerate(cells)]


@dataclass
class _Mark:
    kind: str
    number: str
    start: int
    end: int


def _at_boundary(folded: str, pos: int, floor: int) -> bool:
    """Markers begin a cell: at the start, after white space, a sentence or a deadline."""
    if pos <= floor or folded[pos - 1:pos].isspace():
        return True
    last = pos - 1
    while last >= 0 and folded[last] == " ":
        last -= 1
    if last < 0 or folded[last] == "\n":
        return True
    return folded[last] in "。；;" or deadline_span(folded[max(0, last - 11):last + 1], glued=True) is not None


class _Printed:
    """Where each number of one kind of marker is printed, so that the next one after a
    position is found by bisection: a plan printed on one line has thousands of marks, and
    a number that never comes must not send a scan to the end of the text each time.

    Whether a mark stands at a cell's boundary depends on the text before it alone (a mark
    right at the position asked from always does), so each is tested once."""

    def __init__(self, pattern: regex.Pattern, folded: str, kind: str):
        self.folded, self.kind = folded, kind
        self.at: dict[int, list[tuple[int, int, str]]] = {}
        self.hits: dict[int, list[int]] = {}  # indexes into ``at[number]`` of marks at a boundary
        self.tested: dict[int, int] = {}  # how many of ``at[number]`` have been tested
        for m in pattern.finditer(folded):
            n = m.group("n")
            number = int(n) if n.isdigit() else chinese_to_int(n)
            if number is not None:
                self.at.setdefault(number, []).append((m.start(), m.end(), n))

    def find(self, pos: int, value: int, loose: bool = False) -> _Mark | None:
        printed = self.at.get(value, [])
        i = bisect.bisect_left(printed, (pos,))
        if i < len(printed) and (loose or printed[i][0] == pos):
            return self._mark(printed[i])
        i = self._next_at_boundary(value, i)
        return self._mark(printed[i]) if i is not None else None

    def _next_at_boundary(self, value: int, i: int) -> int | None:
        """Index of the first mark of ``value`` from the ``i``-th on that is at a boundary."""
        printed, hits = self.at.get(value, []), self.hits.setdefault(value, [])
        tested = self.tested.get(value, 0)
        while (not hits or hits[-1] < i) and tested < len(printed):
            if _at_boundary(self.folded, printed[tested][0], -1):
                hits.append(tested)
            tested += 1
        self.tested[value] = tested
        k = bisect.bisect_left(hits, i)
        return hits[k] if k < len(hits) else None

    def _mark(self, printed: tuple[int, int, str]) -> _Mark:
        start, end, n = printed
        return _Mark(self.kind, n, start, end)


def find_marks(folded: str, start: int) -> list[_Mark]:
    """Sections 一、, sub-tasks （一）, tasks 1. in the order their numbering allows.

    Sub-tasks restart at （一） under each section in some years and run on in others.
    """
    marks, pos = [], start
    section = sub = continued = task = 1
    sections, subtasks = _Printed(_SECTION, folded, "section"), _Printed(_SUBTASK, folded, "subtask")
    tasks = _Printed(_TASK, folded, "task")
    while True:
        # A section's title runs straight into its first sub-task: （一） needs no boundary there.
        after_section = bool(marks) and marks[-1].kind == "section"
        found = [m for m in (sections.find(pos, section),
                             subtasks.find(pos, sub, loose=after_section),
                             subtasks.find(pos, continued, loose=after_section) if continued != sub else None,
                             tasks.find(pos, task),
                             tasks.find(pos, 1) if task > 1 else None) if m]
        if not found:
            return marks
        mark = min(found, key=lambda m: m.start)
        marks.append(mark)
        pos = mark.end
        if mark.kind == "section":
            section, sub = section + 1, 1
        elif mark.kind == "subtask":
            sub = continued = chinese_to_int(mark.number) + 1
        else:
            task = int(mark.number) + 1


def _goal_start(folded: str, end: int) -> int | None:
    """Where the first word that opens a goal (verbs.goals) stands before ``end``, at least
    ``MIN_TITLE`` characters in, and not followed by a noun that makes it part of the title."""
    objects = frozenset(words("verbs.goal_objects"))
    best = None
    for opener in words("verbs.goals"):
        at = folded.find(opener, 0, end)
        while at >= 0:
            after = at + len(opener)
            if at >= MIN_TITLE and folded[after:after + 2] not in objects:
                best = at if best is None else min(best, at)
                break
            at = folded.find(opener, after, end)
    return best


def split_title_goal(text: str) -> tuple[str, str]:
    """``完善…专利制度贯彻落实强国建设部署，…`` -> (title, goal): where the goal's verb starts."""
    first_break = text.find("\n")
    if first_break > 0:
        return text[:first_break].strip(), text[first_break:].strip()
    folded = fold(text)
    clause_end = min([i for i in (folded.find(c) for c in ",，。;；") if i > 0] or [len(text)])
    best = _goal_start(folded, clause_end)
    if best is None:
        return strip_end(text.strip()), ""
    return text[:best].strip(), text[best:].strip()


@dataclass
class TaskCell:
    measures: str
    departments: list[str]
    obligations: list[str]
    deadline: str | None


def read_task(text: str) -> TaskCell:
    """A task's measures, its 局内 departments, its 省份 obligations and its deadline."""
    text = _JUNK_TAIL.sub("", text)
    folded = fold(text)
    deadline = None
    if span := deadline_span(folded, glued=True):
        deadline, text, folded = text[span[0]:span[1]], text[:span[0]], folded[:span[0]]
    groups = list(GROUP.finditer(folded))
    measures = text[:groups[0].start()] if groups else text
    departments, obligations = [], []
    for g, nxt in zip(groups, groups[1:] + [None]):
        value = text[g.end():nxt.start() if nxt else len(text)].strip()
        (departments if g.group("marker") in words("columns.office_groups") else obligations).append(value)
    return TaskCell(measures.strip(), departments, obligations, deadline)


class TaskTableLayout(Layout):
    name = "tasks"
    title = "National task table (推进计划)"
    description = ("Numbered tasks under 一、/（一） headings with 任务目标, 落实举措, 局内:/省份: "
                   "responsibilities and a 完成时间 each; flattened to one line or one cell a line.")
    example = "ipwork parse samples/2017_national_patent_tasks.txt -f jsonl"

    def sniff(self, src: SourceText) -> float:
        """The table's own header words (任务目标, 落实举措…, even when a header cell is printed
        over two lines) and its 局内:/省份: cells."""
        groups = len(GROUP.findall(fold(src.text[:200000])))
        head = _SPACES.sub("", fold("".join(line.text for line in src.lines[:200])))[:4000]
        header = sum(word in head for word in task_table_words()) >= 3
        if groups >= 1 and header:
            return 0.95
        return 0.6 if groups >= 4 else (0.15 if header else 0.0)

    def parse(self, src: SourceText) -> list[RawPlan]:
        header_at, title = self._header(src)
        repeated: set[int] = set()
        filled: dict[int, list[str]] = {}
        stream = _Stream.of(_pieces(src.lines[header_at:], repeated, filled))
        head = _HEADER_WORDS.match(stream.folded)
        body_start = head.end() if head else 0
        plan = RawPlan()
        # The 局内/省份 table is the national office's.
        plan.adopt(read_plan_meta(src.lines[:header_at], src.lines[-8:], title=title, voice=NATIONAL))
        plan.meta_lines.update(ln.no for ln in src.lines[:header_at] if ln.text.strip())
        plan.meta_lines.update(stream.lines_of(0, max(body_start, 1)) if head else [])
        plan.meta_lines.update(repeated)
        self._read(plan, stream, find_marks(stream.folded, body_start))
        for item in plan.items:
            item.filled_down = list(dict.fromkeys(f for no in item.lines for f in filled.get(no, ())))
        return [plan]

    @staticmethod
    def _header(src: SourceText) -> tuple[int, str | None]:
        """Index of the first table line, and the title printed above the table."""
        title = None
        for i, line in enumerate(src.lines[:30]):
            text = line.text.strip()
            if _HEADER_WORDS.match(fold(text)) or _SECTION.match(fold(text)):
                return i, title
            if text and title is None and is_title_line(text):
                title = clean_title(text)[0]
        return 0, None

    def _read(self, plan: RawPlan, stream: _Stream, marks: list[_Mark]) -> None:
        path: list[str] = []
        section = None
        for mark, nxt in zip(marks, marks[1:] + [None]):
            end = nxt.start if nxt else len(stream.text)
            chunk = stream.text[mark.end:end]
            lines = stream.lines_of(mark.start, end)
            if mark.kind == "section":
                section = strip_end(chunk.strip())
                path = [section]
                plan.sections.append(RawSection(section, [section], mark.number, None, lines[0]))
                plan.meta_lines.update(lines)
            elif mark.kind == "subtask":
                title, goal = split_title_goal(chunk.strip())
                path = ([section] if section else []) + [strip_end(title)]
                plan.sections.append(RawSection(title, list(path), mark.number, goal or None, lines[0]))
                plan.meta_lines.update(lines)
            else:
                item = self._item(plan, mark, chunk, path, lines, last=nxt is None)
                # The end is where the next mark starts, maybe on the next line: the offset
                # is taken just past the item's own last visible character.
                last_char = max(end, mark.start + 1) - 1
                while last_char > mark.start and stream.text[last_char].isspace():
                    last_char -= 1
                last = stream.column(last_char)
                item.offset, item.offset_end = stream.column(mark.start), None if last is None else last + 1
                plan.items.append(item)

    @staticmethod
    def _item(plan: RawPlan, mark: _Mark, chunk: str, path: list[str], lines: list[int], last: bool) -> RawItem:
        cell = read_task(chunk)
        end = sentence_end(cell.measures)
        title, text = strip_end(cell.measures[:end].strip()), cell.measures[end:].strip()
        if cell.deadline is None and not cell.departments:
            what = "the document ends inside it" if last else "no 局内/省份 or 完成时间 found"
            plan.warn(lines[-1], "truncated-task", f"task {mark.number} looks incomplete: {what}")
        return RawItem(title=title, path=list(path), lines=lines, text=text, number=mark.number,
                       departments=cell.departments, obligations=cell.obligations, deadline=cell.deadline)
