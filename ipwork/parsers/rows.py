"""Rebuilding table rows that extraction broke: page cuts, merged cells, shifted columns.

Every decision is taken on evidence from the document itself, not on a rule about one file:
``CellStats`` counts which character pairs occur inside cells (a page cut that splits 力|度
joins a pair the document uses hundreds of times; a new row starting after 。 does not) and
which 工作内容 titles occur whole elsewhere.
"""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from ipwork.normalize.chars import SENTENCE_END, fold, fold_once
from ipwork.normalize.departments import department_likeness, is_complete_name, label_role
from ipwork.normalize.numerals import numeral_value
from ipwork.normalize.text import strip_html
from ipwork.parsers.columns import DEADLINE, DELIVERABLE, DEPARTMENTS, FOCUS, SEQ, TEXT, TITLE
from ipwork.vocabulary import lazy, pairs

CONTENT = (TITLE, TEXT, DELIVERABLE, DEPARTMENTS, DEADLINE)
# The number a cell opens with (1. , （2）, <p>3、): markup before it left out.
_ENUM = lazy(r"^ \s* (?: <[^>]+> \s* )* [（(]? (\d{1,2}) \s* [）)]? \s* [.．、]? (?!\d)", regex.VERBOSE)
_ENUM_ANY = lazy(r"(?: ^ | [\s。；;，,>] ) [（(]? (\d{1,2}) \s* [）)]? \s* [.．、] (?!\d)", regex.VERBOSE)
_SPACE = lazy(r"\s+")
_NAME_SEPARATORS = lazy(r"[、，,；;\s]")
_LEFT_OPEN = "、，,：:（(《“"
# A cell that opens with the last character or two of a word, then punctuation (化，完善…, 道。提高…):
# no cell starts a sentence that way.
_CUT_WORD = lazy(r"^\p{Han}{1,2}[，,。、；;：:]")
_PAIRS = tuple(pairs("punctuation.quotes", "punctuation.brackets").items())


@lru_cache(maxsize=1 << 15)
def squeeze(text: str) -> str:
    """A cell as compared: no tags, no white space, folded."""
    return _SPACE.sub("", fold(strip_html(text)))


def _squeezed(cells: list[str]) -> str:
    """Every cell squeezed, joined by NUL: a few thousand cells at once where none of them holds
    markup to take out (one pass over their text instead of one call a cell)."""
    parts = []
    for start in range(0, len(cells), _CELLS_AT_ONCE):
        chunk = cells[start:start + _CELLS_AT_ONCE]
        joined = "\x00".join(chunk)
        if "<" in joined or "&" in joined:
            parts.append("\x00".join(squeeze(c) for c in chunk))
        else:
            parts.append(_SPACE.sub("", fold_once(joined)))
    return "\x00".join(parts)


_CELLS_AT_ONCE = 5000  # bounds the copies of a long document's cells alive at once


def spread_sample(text: str, size: int, pieces: int = 40) -> str:
    """``text`` if it is no longer than ``size``, else ``pieces`` stretches of it, evenly spread,
    ``size`` characters in all."""
    if len(text) <= size:
        return text
    step, length = len(text) // pieces, size // pieces
    return "\x00".join(text[i * step:i * step + length] for i in range(pieces))


class CellStats:
    """What the document's own cells say about which characters belong together."""

    def __init__(self, cells: Iterable[str], titles: Iterable[tuple[str, str]]):
        # Counted on demand: only the few runs that meet at page breaks are ever asked about.
        self.corpus = spread_sample(_squeezed(list(cells)), self.SAMPLE_SIZE)
        self.counts: dict[str, int] = {}
        # Title -> the tables printing it: a standard 工作内容 recurs across regions, a fragment
        # of one cut by a page break does not (however often the same table is repeated).
        self.titles: dict[str, set[str]] = defaultdict(set)
        for title, table in titles:
            if title.strip():
                self.titles[squeeze(title)].add(table)

    # Counts are read as if from a document of about this many characters, so evidence means the
    # same in one compilation and in a file of many years of them.
    REFERENCE_SIZE = 400_000
    # They are taken from at most this many characters of the cells, spread over the document:
    # the runs asked about grow with a file, and each count must not.
    SAMPLE_SIZE = 4 * REFERENCE_SIZE

    def count(self, run: str) -> int:
        if run not in self.counts:
            raw = self.corpus.count(run) if run else 0
            scale = min(1.0, self.REFERENCE_SIZE / max(1, len(self.corpus)))
            self.counts[run] = round(raw * scale) if raw else 0
        return self.counts[run]

    def pair(self, a: str, b: str) -> int:
        return self.count(a[-1:] + b[:1]) if a and b else 0

    def seam(self, a: str, b: str) -> int:
        """How often the three-character runs that joining ``a`` and ``b`` creates occur."""
        return self.count(a[-2:] + b[:1]) + self.count(a[-1:] + b[:2])

    def title_count(self, text: str) -> int:
        """In how many tables ``text`` is printed as a whole 工作内容 cell."""
        return len(self.titles.get(squeeze(text), ()))

    def known_title(self, text: str) -> bool:
        """A 工作内容 that tables of more than one region print whole."""
        return self.title_count(text) > 1


@dataclass
class Row:
    cells: dict[str, str]
    lines: list[int]
    after_break: bool = False
    filled: list[str] = field(default_factory=list)
    joined: bool = False
    other: dict[str, str] = field(default_factory=dict)  # cells of columns no field stands for

    def get(self, name: str) -> str:
        return self.cells.get(name, "")


def row_from_cells(fields: list[str | None], cells: list[str], line: int, after_break: bool,
                   names: list[str] = (), merged: Collection[int] = ()) -> Row:
    """A row's cells by field; cells under a header no field stands for (备注) by that header.

    ``merged``: the columns whose value the reader copied from a cell merged over the rows
    above; they are filled down, but for 序号, which numbers the section its first row opens."""
    parts: dict[str, list[tuple[str, str]]] = {}
    filled: list[str] = []
    for i, (f, c) in enumerate(zip(fields, cells)):
        if not f or f == SEQ and i in merged:
            continue
        if i in merged and f not in filled:
            filled.append(f)
        parts.setdefault(f, []).append((names[i] if i < len(names) else "", c.strip()))
    other = {name.strip(): c.strip() for f, c, name in zip(fields, cells, names)
             if not f and c.strip() and name.strip()}
    values = {f: _one_value(p) for f, p in parts.items()}
    return Row(values, [line], after_break, filled=filled, other=other)


def _one_value(parts: list[tuple[str, str]]) -> str:
    """A field's value from its column, or from several (牵头单位 | 配合单位), each value after
    its header where that says the bodies' part, as a tag prints it (牵头单位：…；配合单位：…)."""
    if len(parts) == 1:
        return parts[0][1]
    return "；".join(f"{name.strip()}：{value}" if label_role(name) else value for name, value in parts if value)


def _is_seq(text: str) -> bool:
    return numeral_value(fold(text).strip().rstrip(".、")) is not None


@dataclass
class ShiftState:
    """What a table has shown so far about its columns (reset at each header)."""

    numbered: bool
    offset_run: bool = False


def repair_shift(cells: list[str], fields: list[str | None], state: ShiftState,
                 after_break: bool) -> tuple[list[str], int]:
    """Put cells back under their headers when extraction lost or moved empty cells.

    ``['', '加强…衔接', '不断完善…', '', '省高院', '']``: the department list sits one column
    left of 责任部门 with nothing after it, so everything moves right by one.
    """
    if DEPARTMENTS not in fields:
        return cells, 0
    dept = fields.index(DEPARTMENTS)
    filled = [i for i, c in enumerate(cells) if c.strip()]
    if not filled or cells[0].strip() and _is_seq(cells[0]):
        return cells, 0
    last = filled[-1]
    carried_focus = after_break and FOCUS in fields and cells[fields.index(FOCUS)].strip()
    if last < dept and not carried_focus and department_likeness(cells[last]) >= 0.75:
        shift = dept - last
        return [""] * shift + cells[:len(cells) - shift], shift
    if after_break or FOCUS not in fields or TITLE not in fields or TEXT not in fields:
        return cells, 0
    return _repair_left_run(cells, fields, state)


def _first_gap(cells: list[str], start: int) -> int | None:
    return next((i for i in range(start, len(cells) - 1) if not cells[i].strip()), None)


def _repair_left_run(cells: list[str], fields: list[str | None], state: ShiftState) -> tuple[list[str], int]:
    """``['', title, text, '', deliverable, dept]``: 工作内容 under 工作重点, a gap further on.

    Only in tables whose sections are numbered (a 工作重点 without 序号 is then out of
    place); the rows after it that show the same gap are read the same way.
    """
    focus, title, text = fields.index(FOCUS), fields.index(TITLE), fields.index(TEXT)
    has_seq = SEQ in fields and cells[fields.index(SEQ)].strip()
    if state.numbered and cells[focus].strip() and not has_seq:
        gap = _first_gap(cells, title)
        if gap is not None:
            state.offset_run = True
            return cells[:focus] + [""] + cells[focus:gap] + cells[gap + 1:], 1
    if state.offset_run and not cells[focus].strip() and cells[title].strip() and not cells[text].strip():
        gap = _first_gap(cells, text)
        if gap == text:
            return cells[:title] + [""] + cells[title:gap] + cells[gap + 1:], 1
    return cells, 0


def _enumerator(text: str) -> int | None:
    m = _ENUM.match(fold(text))
    return int(m.group(1)) if m else None


def _has_enumerator(text: str, number: int) -> bool:
    return any(int(m.group(1)) == number for m in _ENUM_ANY.finditer(" " + fold(text)))


def _open_brackets(text: str) -> bool:
    return any(text.count(o) > text.count(c) for o, c in _PAIRS)


def _closes_first(text: str) -> bool:
    return any(c in text and (o not in text or text.index(c) < text.index(o)) for o, c in _PAIRS)


def join_evidence(a: str, b: str, stats: CellStats) -> float:
    """How strongly ``b`` (first on a new page) reads as the rest of ``a``: >0 yes, <0 no."""
    a, b = squeeze(a), squeeze(b)
    if _open_brackets(a) and _closes_first(b):
        return 6.0  # 《 open at the foot of a page, 》 closing at the top of the next
    k = _enumerator(b)
    if k is not None:
        if k <= 1:
            return -2.0
        return 3.0 if _has_enumerator(a, k - 1) else -1.0
    if a[-1:] in SENTENCE_END:
        return -1.0
    if a[-1:] in _LEFT_OPEN or _CUT_WORD.match(b):
        return 3.0  # a list or clause left open at the foot of a page; a word cut at the top
    n = max(stats.pair(a, b), stats.pair(a, b[1:]) if a[-1:] == b[:1] else 0)
    return min(3.0, math.log2(1 + n) - 2.0)


def _printed_twice(a: str, b: str, stats: CellStats) -> bool:
    """``…法律服务`` + ``务``: the page cut printed the last character again."""
    if not a or not b or a[-1] != b[0]:
        return False
    if stats.title_count(a + b[1:]) > stats.title_count(a + b):
        return True
    if len(b) == 1:
        return stats.count(a[-1] * 2) == 0
    return stats.seam(a, b[1:]) > stats.seam(a, b)


def join_text(a: str, b: str, stats: CellStats, sep: str = "") -> str:
    """``a`` and its continuation ``b``, dropping a character the page cut printed twice."""
    if not a:
        return b
    if _printed_twice(squeeze(a), squeeze(b), stats):
        return a.rstrip() + b.lstrip()[1:]
    return a.rstrip() + sep + b.lstrip()


def _last_name(cell: str) -> str:
    return _NAME_SEPARATORS.split(cell.strip())[-1]


def _department_evidence(a: str, b: str, stats: CellStats) -> float:
    """Two whole names meeting at the break say little; a cut name (市工|商局) says much."""
    first, last = _NAME_SEPARATORS.split(b.strip())[0], _last_name(a)
    if a.rstrip()[-1:] in "、，,":
        return 6.0  # a list of bodies left open at the foot of a page
    if is_complete_name(last) and is_complete_name(first):
        return -1.0
    if not is_complete_name(last) and is_complete_name(last + first):
        return 3.0  # 市工|商局: one name cut in two
    return join_evidence(a, b, stats)


def _title_evidence(target: Row | None, row: Row, stats: CellStats) -> float:
    a, b = (target.get(TITLE) if target else ""), row.get(TITLE)
    if not (a and b):
        return 0.0
    if stats.title_count(a + b) or stats.title_count(join_text(a, b, stats)):
        return 3.0
    if stats.known_title(a) and stats.known_title(b):
        return -3.0
    return join_evidence(a, b, stats)


def _last_with(rows: list[Row], name: str) -> Row | None:
    for row in reversed(rows[-4:]):
        if row.get(name):
            return row
        if row.get(SEQ):
            break
    return None


def continuation_evidence(rows: list[Row], row: Row, stats: CellStats) -> float:
    """Sum of per-cell evidence that ``row`` finishes rows cut by the page break before it."""
    prev = rows[-1]
    score = _title_evidence(_last_with(rows, TITLE), row, stats)
    for name in (TEXT, DELIVERABLE, DEPARTMENTS, DEADLINE):
        a, b = prev.get(name), row.get(name)
        target = _last_with(rows, name)
        if b and target is not None:
            judge = _department_evidence if name == DEPARTMENTS else join_evidence
            score += judge(target.get(name), b, stats)
        elif a and not b:
            score += 2.5 if name == DEPARTMENTS else 0.0
        elif b and not a:
            score -= 1.0 if name == DEPARTMENTS else 0.5
    if not row.get(TEXT):
        score += 3.0  # a new row would say what is to be done
    return score


def merge_into(rows: list[Row], row: Row, stats: CellStats) -> None:
    """Append each of ``row``'s cells to the cell it continues."""
    for name in CONTENT:
        value = row.get(name)
        target = _last_with(rows, name) or rows[-1]
        if value:
            # Names meeting at a break are told apart later, as names split by a space are.
            sep = " " if name == DEPARTMENTS else ""
            target.cells[name] = join_text(target.get(name), value, stats, sep)
            target.lines = sorted(set(target.lines + row.lines))
            target.joined = True
    for name, value in row.other.items():
        rows[-1].other[name] = join_text(rows[-1].other.get(name, ""), value, stats)
    rows[-1].lines = sorted(set(rows[-1].lines + row.lines))
    rows[-1].joined = True


def carry_focus(rows: list[Row], row: Row, stats: CellStats) -> None:
    """After a page break, a 工作重点 fragment without 序号 finishes the section's title."""
    if not row.get(FOCUS) or row.get(SEQ):
        return
    owner = next((r for r in reversed(rows) if r.get(FOCUS)), None)
    if owner is None:
        return
    owner.cells[FOCUS] = join_text(owner.get(FOCUS), row.get(FOCUS), stats)
    owner.lines = sorted(set(owner.lines + row.lines))
    owner.joined = True
    row.cells[FOCUS] = ""


def fill_down(rows: list[Row]) -> None:
    """Merged cells: an empty 序号/工作重点/工作内容 takes the value of the row above."""
    above: dict[str, str] = {}
    for row in rows:
        if row.get(SEQ) or row.get(FOCUS) and FOCUS not in row.filled:
            above.pop(TITLE, None)  # a new section: the last one's titles do not carry over
        for name in (FOCUS, TITLE):
            if row.get(name):
                above[name] = row.get(name)
            elif name in above:
                row.cells[name] = above[name]
                row.filled.append(name)


def repair_split_titles(rows: list[Row], stats: CellStats) -> None:
    """A merged 工作内容 cell printed half in one row, half in the next: both get the whole."""
    for first, second in zip(rows, rows[1:]):
        a, b = first.get(TITLE), second.get(TITLE)
        if TITLE in first.filled or TITLE in second.filled or not (a and b) or stats.known_title(b):
            continue
        whole = a + b
        if stats.title_count(whole) and not stats.known_title(a):
            first.cells[TITLE] = second.cells[TITLE] = whole
            merged = sorted(set(first.lines + second.lines))
            first.lines, second.lines = merged, list(merged)
