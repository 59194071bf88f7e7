"""Several plans in one file: where one ends and the next begins.

People concatenate: two years' work points, work points and a compilation, a task table and
an outline.  Each plan must be parsed with the layout that fits it and keep its own title,
region and year.  A new plan starts at a line that names a plan (a title with its year or
region, a 《…》 title, a notice 关于印发…的通知, a cover letter 现将《…》印发) when what follows
starts over: its top-level numbering restarts at 一、 (or 第一章), or it is laid out
differently (a table after prose, prose after a table).  A compilation's regional tables, one
after another, are one plan family and stay together.
"""
from __future__ import annotations

from dataclasses import replace

import regex

from ipwork.normalize.chars import fold
from ipwork.normalize.numerals import PLAN_YEAR, numeral_value
from ipwork.parsers.columns import task_table_words
from ipwork.parsers.furniture import CONTENTS_ENTRY, furniture_kind
from ipwork.parsers.markers import heading_marker, split_units
from ipwork.parsers.titles import is_title_line
from ipwork.readers.source import Line, SourceText
from ipwork.vocabulary import lazy

_TOP_KINDS = ("chapter", "cn", "cnbare")
_NUMBERED_KINDS = (*_TOP_KINDS, "pcn", "ar")
# What a title names when it names its plan: a year, a region's level, the nation, a 《…》 title,
# a five-year plan (十三五).
_NAMES_ITS_PLAN = lazy(rf"""
    {PLAN_YEAR} \s* 年 | [省市区] | 全国 | 国家 | 《 | 十 [一二三四五六七八九]? 五""", regex.VERBOSE)
_LOOKAHEAD = 40  # lines after a title in which its plan must start over
_AFTER = 120  # lines after a title that show how its plan is laid out


_SPACES = lazy(r"\s+")
_STRONG_TITLE = lazy(PLAN_YEAR + r"\s*年|《")


def _opens_a_table(text: str) -> bool:
    """The header of the national task table (工作任务 任务目标 落实举措 …), which may open a
    plan printed without a title."""
    folded = fold(text[:120])
    if "任务" not in folded:
        return False
    head = _SPACES.sub("", folded)[:60]
    return sum(word in head for word in task_table_words()) >= 3


def _is_plan_title(text: str) -> bool:
    """A line that names a plan (a table's header, a cover letter, a title naming its year or
    region), and is no entry of a table of contents (tried last: it reads the whole line)."""
    folded = fold(text).strip()
    names_a_plan = (_opens_a_table(text) or ("印发" in folded and furniture_kind(text) == "cover")
                    or (is_title_line(text) and bool(_NAMES_ITS_PLAN.search(folded)) and not heading_marker(text)))
    return names_a_plan and not CONTENTS_ENTRY.match(folded)


def _is_table_row(text: str) -> bool:
    return text.count("\t") >= 2


def _starts_over(lines: list[Line], at: int) -> bool:
    """The lines after a title open with numbering at 1 (一、 第一章, or （一） 1. under a title
    that names its year or a 《》 title), before any other numbered heading."""
    strong = bool(_STRONG_TITLE.search(fold(lines[at].text)))
    for line in lines[at + 1:at + 1 + _LOOKAHEAD]:
        if "\t" in line.text:
            continue  # numbers inside table cells are the cells' own lists
        marker = heading_marker(line.text.strip())
        if marker and marker[0] in _NUMBERED_KINDS:
            return numeral_value(marker[1] or "") == 1 and (marker[0] in _TOP_KINDS or strong)
    return False


class _Layout:
    """How stretches of a document are laid out, answered in constant time from running counts
    (a file of many plans has many candidate boundaries)."""

    def __init__(self, lines: list[Line]):
        self.lines = lines
        self.filled, self.tables = [0], [0]
        for line in lines:
            self.filled.append(self.filled[-1] + bool(line.text.strip()))
            self.tables.append(self.tables[-1] + _is_table_row(line.text))
        # From a line: (content units seen, the line scanned up to, where the second unit was).
        self.scans: dict[int, tuple[int, int, int | None]] = {}

    def mode(self, a: int, b: int) -> str:
        """``table`` or ``prose``: how most of the non-blank lines ``a``..``b`` are laid out."""
        filled, tables = self.filled[b] - self.filled[a], self.tables[b] - self.tables[a]
        return "table" if filled and tables * 3 >= filled else "prose"

    def has_content(self, a: int, b: int) -> bool:
        """Lines ``a``..``b`` hold a plan's body (two headings or table rows, also inside a line
        that holds a whole plan), not only its head."""
        units, scanned, second = self.scans.get(a, (0, a, None))
        while second is None and scanned < b:
            line = self.lines[scanned]
            if _is_table_row(line.text):
                units += 1
            elif line.text.strip():
                units += sum(1 for piece in split_units(line) if heading_marker(piece.text.strip()))
            if units >= 2:
                second = scanned
            scanned += 1
        self.scans[a] = (units, scanned, second)
        return second is not None and second < b


def plan_starts(src: SourceText) -> list[int]:
    """Indices into ``src.lines`` where a plan starts (the first is always 0)."""
    lines = src.lines
    titles = [i for i, line in enumerate(lines) if line.text.strip()
              and (_opens_a_table(line.text) or len(line.text) <= 120 and _is_plan_title(line.text))]
    layout = _Layout(lines)
    starts = [0]
    for i in titles:
        if not layout.has_content(starts[-1], i):
            continue
        after = min(len(lines), i + _AFTER)
        modes = layout.mode(starts[-1], i), layout.mode(i, after)
        if modes == ("table", "table"):
            continue  # the next region's table in a compilation
        if _starts_over(lines, i) or modes[0] != modes[1] and layout.has_content(i, after) \
                or _opens_a_table(lines[i].text):
            starts.append(_start_of_head(lines, i, starts[-1]))
    return starts


def _start_of_head(lines: list[Line], title: int, floor: int) -> int:
    """A plan's head may begin a few lines above its title (navigation, a notice title)."""
    start = title
    while start - 1 > floor and (not lines[start - 1].text.strip() or
                                 furniture_kind(lines[start - 1].text) in ("navigation", "source")):
        start -= 1
    return start


def split_plans(src: SourceText) -> list[SourceText]:
    """The file as one text per plan, each keeping the line numbers of the whole file."""
    starts = plan_starts(src)
    if len(starts) == 1:
        return [src]
    bounds = [*starts, len(src.lines)]
    return [replace(src, lines=src.lines[a:b], _index=None) for a, b in zip(bounds, bounds[1:])]
