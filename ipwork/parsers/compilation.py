"""Table compilations: a heading per region, then a table of work points, page after page.

``2017 年全国地方知识产权战略暨强国建设实施工作要点汇编``: a table of contents, then for each
region ``北京市 2017 年工作要点`` and a table 序号/工作重点/工作内容/具体任务/成果形式/责任部门
whose cells are tab-separated, one printed row a line, the header repeated after every page
break.  A single region's table is the same layout with one plan.  Rows are rebuilt by
``ipwork.parsers.rows``; this module finds the tables and turns rows into items.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ipwork.normalize.chars import fold
from ipwork.normalize.numerals import YEAR
from ipwork.normalize.regions import is_region_name, province_in, region_of_title
from ipwork.parsers.base import Layout, RawItem, RawPlan, RawSection
from ipwork.parsers.columns import FOCUS, SEQ, TITLE, header_fields, sub_header, task_table_only
from ipwork.parsers.evidence import read_plan_meta
from ipwork.parsers.furniture import CONTENTS_ENTRY, furniture_kind
from ipwork.parsers.rows import (
    CONTENT,
    CellStats,
    Row,
    ShiftState,
    carry_focus,
    continuation_evidence,
    fill_down,
    merge_into,
    repair_shift,
    repair_split_titles,
    row_from_cells,
)
from ipwork.parsers.titles import is_title_line
from ipwork.parsers.wrapped import rebuild_rows
from ipwork.readers import Line, SourceText
from ipwork.vocabulary import lazy

_HEADING_YEAR = lazy(rf"^(?P<region>.+?)\s*(?P<year>{YEAR})\s*年")
_FIELD_NAMES = {FOCUS: "path", TITLE: "title", SEQ: "number"}
_FILLED_ORDER = (FOCUS, *CONTENT)


def _cells(text: str) -> list[str]:
    return text.split("\t")


_WRAPPED_HEADER_MAX = 60  # a header printed as words parted by spaces is one short line
_HEADER_MAX = 200  # a header row names its columns in a few words each


@lru_cache(maxsize=1 << 14)
def _header(text: str) -> tuple[str | None, ...] | None:
    """The fields of a header row: tab-separated cells, or (a page copied as text) words parted
    by spaces, four or more of them known.  (Cached: each line is asked about more than once.)"""
    if len(text) > _HEADER_MAX:
        return None
    if "\t" in text:
        fields = header_fields(_cells(text))
        return tuple(fields) if fields else None
    words = text.split()
    if len(text) > _WRAPPED_HEADER_MAX or len(words) < 4:
        return None
    fields = header_fields(words)
    return tuple(fields) if fields and sum(1 for f in fields if f) >= 4 else None


def _other_table(header: Line | None, row: Line) -> bool:
    """A row of a table as wide as no header above it: another table's (a second ``<table>``
    without a header continues the first only when its columns are as many)."""
    return header is not None and header.cells is not None and row.cells is not None \
        and len(row.cells) != len(header.cells)


def _is_wrapped(header: Line) -> bool:
    """A table whose cells come as wrapped fragments, one a line (its header has no tabs)."""
    return "\t" not in header.text


@dataclass
class _Table:
    heading_index: int | None
    header_index: int
    end_index: int
    heading: Line | None = None

    @property
    def start_index(self) -> int:
        return self.header_index if self.heading_index is None else self.heading_index


def _heading_before(lines: list[Line], index: int) -> int | None:
    """Index of the title line a table starts under: the nearest line above its header, if it
    reads as a title (a page number or the last fragment of a wrapped row does not)."""
    for i in range(index - 1, max(-1, index - 5), -1):
        text = lines[i].text.strip()
        if not text or furniture_kind(text) == "page":
            continue
        if "\t" in text or len(text) > 80:
            return None
        heading = _HEADING_YEAR.match(fold(text))
        return i if is_title_line(text) or heading or province_in(text) else None
    return None


def _is_table_start(lines: list[Line], index: int) -> bool:
    """A header that follows no table row starts a table; others repeat after a page break."""
    for i in range(index - 1, -1, -1):
        line = lines[i]
        text = line.text.strip()
        if not text:
            continue
        if "\t" in line.text:
            return False
        if furniture_kind(text) == "page":
            continue
        heading = _HEADING_YEAR.match(fold(text))
        return bool(province_in(text) or (heading and is_region_name(heading.group("region").strip())))
    return True


def find_tables(lines: list[Line]) -> list[_Table]:
    headers = [i for i, line in enumerate(lines) if _header(line.text)]
    starts = [i for i in headers if _is_table_start(lines, i)]
    if headers and (not starts or starts[0] != headers[0]):
        starts.insert(0, headers[0])  # a page copied from the middle of a table: its first header
    tables = []
    for n, start in enumerate(starts):
        heading = _heading_before(lines, start)
        nxt = starts[n + 1] if n + 1 < len(starts) else len(lines)
        next_heading = _heading_before(lines, nxt) if n + 1 < len(starts) else None
        end = next_heading if next_heading is not None else nxt
        tables.append(_Table(heading, start, end, lines[heading] if heading is not None else None))
    return tables


def _collect_stats(lines: list[Line], tables: list[_Table]) -> CellStats:
    cells, titles = [], []
    for table in tables:
        key = fold(table.heading.text) if table.heading else str(table.header_index)
        fields: list[str | None] = []
        for line in lines[table.header_index:table.end_index]:
            if (found := _header(line.text)) is not None:
                fields = found
            elif "\t" in line.text:
                row = _cells(line.text)
                cells.extend(row)
                titles.extend((c, key) for f, c in zip(fields, row) if f == TITLE)
    return CellStats(cells, titles)


class CompilationLayout(Layout):
    name = "compilation"
    title = "Table compilation (汇编 of regional work-point tables)"
    description = ("A heading per region, then a table 序号/工作重点/工作内容/具体任务/成果形式/责任部门 "
                   "with tab-separated cells, repeated headers and page breaks.")
    example = "ipwork parse samples/2017_provincial_compilation.txt -f jsonl"

    def sniff(self, src: SourceText) -> float:
        """Header rows in its own vocabulary (序号/工作重点/工作内容/具体任务/成果形式/责任部门…), with
        tab-separated cells or, in a page copied as text, words parted by spaces over short
        fragment lines.  A header naming a column only the national task table has (任务目标,
        落实举措) is that table's, however many column names the two share."""
        headers = [line for line in src.lines[:20000] if _header(line.text)
                   and not any(word in fold(line.text) for word in task_table_only())]
        tabbed = sum(1 for line in headers if "\t" in line.text)
        rows = sum(1 for line in src.lines[:20000] if line.text.count("\t") >= 2)
        if tabbed and rows >= 2:
            return min(0.95, 0.6 + 0.1 * tabbed)
        # Without tabs, a header printed as words and many short fragment lines.
        fragments = sum(1 for line in src.lines[:20000] if 0 < len(line.text.strip()) <= 30)
        if headers and fragments >= 10:
            return min(0.9, 0.5 + 0.1 * len(headers))
        return 0.0

    def parse(self, src: SourceText) -> Iterator[RawPlan]:
        """One plan per table, yielded as each is rebuilt, so output can stream."""
        lines = src.lines
        tables = find_tables(lines)
        if not tables:
            return
        stats = _collect_stats(lines, tables)
        first = tables[0]
        collection, expected = self._prelude(lines[:first.start_index])
        regions = {fold(region_of_title(t.heading.text) or "") for t in tables if t.heading}
        for n, table in enumerate(tables):
            plan = self._plan(lines, table, stats, collection)
            if n == 0:
                plan.first_line = 1
                plan.meta_lines.update(ln.no for ln in lines[:first.header_index] if ln.text.strip())
                self._check_regions(plan, regions, expected)
            yield plan

    @staticmethod
    def _prelude(lines: list[Line]) -> tuple[str | None, list[tuple[int, str]]]:
        """The compilation's title, and the regions its table of contents lists."""
        title, expected = None, []
        for line in lines:
            text = line.text.strip()
            if m := CONTENTS_ENTRY.match(text):
                if region := region_of_title(m.group("name")):
                    expected.append((line.no, region))
            elif title is None and is_title_line(text):
                title = " ".join(text.split())
        return title, expected

    @staticmethod
    def _check_regions(first: RawPlan, found: set[str], expected: list[tuple[int, str]]) -> None:
        for no, region in expected:
            if fold(region) not in found:
                first.warn(no, "missing-region", f"the table of contents lists {region}, but no table for it was found")

    def _plan(self, lines: list[Line], table: _Table, stats: CellStats, collection: str | None) -> RawPlan:
        plan = RawPlan(title=table.heading.text.strip() if table.heading else None, collection=collection)
        plan.first_line, plan.last_line = lines[table.start_index].no, lines[table.end_index - 1].no
        if table.heading:
            plan.meta_lines.add(table.heading.no)
        header = lines[table.header_index]
        if _is_wrapped(header):
            start = table.header_index if table.heading_index is not None else self._fragments_start(lines, table)
            rows = self._wrapped_rows(plan, lines[start:table.end_index])
        else:
            rows = self._rows(plan, lines[table.header_index:table.end_index], stats)
        fill_down(rows)
        repair_split_titles(rows, stats)
        self._items(plan, rows)
        self._read_meta(plan, table.heading, rows)
        return plan

    @staticmethod
    def _fragments_start(lines: list[Line], table: _Table) -> int:
        """A page copied from the middle of a table starts with the end of a row: the lines
        above its first header that are neither furniture nor a title belong to the table."""
        start = table.header_index
        while start > 0:
            text = lines[start - 1].text.strip()
            page_number = furniture_kind(text) == "page"
            if not text or "\t" in text or is_title_line(text) or (furniture_kind(text) and not page_number):
                break
            start -= 1
        return start

    @staticmethod
    def _wrapped_rows(plan: RawPlan, block: list[Line]) -> list[Row]:
        fields: list[str | None] = []
        fragments: list[Line] = []
        for line in block:
            text = line.text.strip()
            if not text:
                continue
            if (found := _header(text)) is not None:
                fields = fields or found
                plan.meta_lines.add(line.no)
            elif furniture_kind(text):
                plan.meta_lines.add(line.no)
            else:
                fragments.append(line)
        return rebuild_rows(fragments, fields) if fields else []

    @staticmethod
    def _read_meta(plan: RawPlan, heading: Line | None, rows: list[Row]) -> None:
        """Region and year from the evidence every layout ranks: the table's heading, else the
        voice its cells speak in (全省 with a province named)."""
        plan.adopt(read_plan_meta([], [], heading=heading,
                                  body=[value for row in rows for value in row.cells.values()]))

    def _rows(self, plan: RawPlan, block: list[Line], stats: CellStats) -> list[Row]:
        fields: list[str | None] = []
        names: list[str] = []
        state = ShiftState(numbered=any("\t" in ln.text and _cells(ln.text)[0].strip().isdigit() for ln in block))
        rows: list[Row] = []
        pending_break = False
        header: Line | None = None
        under_header = False  # the line before was the header's (a second header row may follow)
        for line in block:
            text = line.text
            if not text.strip():
                pending_break = True
                continue
            follows_header, under_header = under_header, False
            if (found := _header(text)) is not None:
                fields, pending_break, state.offset_run = found, True, False
                names, header, under_header = _cells(text), line, True
                plan.meta_lines.add(line.no)
            elif follows_header and (combined := sub_header(fields, names, _cells(text))):
                fields, names = combined
                plan.meta_lines.add(line.no)
            elif ("..." in text or "…" in text) and CONTENTS_ENTRY.match(text.strip()):
                plan.meta_lines.add(line.no)  # the contents page of a compilation printed after this one
                pending_break = True
            elif "\t" in text and _other_table(header, line):
                plan.warn(line.no, "other-table", f"a table row of {len(line.cells)} columns under a header of "
                          f"{len(header.cells)}: another table's, not read as an item")
            elif "\t" in text:
                self._add_row(plan, rows, (fields, names), line, pending_break, state, stats)
                pending_break = False
            else:
                pending_break = True
                self._stray_line(plan, line)
        return rows

    @staticmethod
    def _stray_line(plan: RawPlan, line: Line) -> None:
        if furniture_kind(line.text):
            plan.meta_lines.add(line.no)
        else:
            plan.warn(line.no, "stray-text", f"text outside the table's cells: {line.text.strip()[:40]!r}")

    def _add_row(self, plan: RawPlan, rows: list[Row], header: tuple[list[str | None], list[str]], line: Line,
                 after_break: bool, state: ShiftState, stats: CellStats) -> None:
        fields, names = header
        # A row whose grid the reader knows is whole where it stands: its merged cells are
        # filled, and nothing of it was lost or cut by a page break.
        grid = line.cells is not None
        cells = list(line.cells) if grid else _cells(line.text)
        cells += [""] * (len(fields) - len(cells))
        # Values past the last column the header names (a row wider than its header, or under a
        # blank header cell at its end) would be dropped with their column: they join that column.
        last = max(i for i, f in enumerate(fields) if f)
        if extra := [c.strip() for c in cells[last + 1:] if c.strip()]:
            plan.warn(line.no, "extra-cells", f"{len(extra)} value(s) past the header's last column "
                      f"({fields[last]}), kept in it: {'、'.join(extra)}")
            cells[last] = " ".join([cells[last], *extra])
        cells = cells[:last + 1] + [""] * (len(fields) - last - 1)
        cells, shift = (cells, 0) if grid else repair_shift(cells, fields, state, after_break and bool(rows))
        if shift:
            plan.warn(line.no, "shifted-row", f"cells moved {shift} column(s) right to sit under their headers")
        row = row_from_cells(fields, cells, line.no, after_break and not grid, names, line.merged)
        if row.after_break and rows:
            carry_focus(rows, row, stats)
            if not any(row.get(n) for n in (SEQ, FOCUS, *CONTENT)):
                return
            if not row.get(SEQ) and continuation_evidence(rows, row, stats) > 0:
                merge_into(rows, row, stats)
                return
        rows.append(row)

    @staticmethod
    def _items(plan: RawPlan, rows: list[Row]) -> None:
        seen_focus = None
        for row in rows:
            focus = row.get(FOCUS)
            if focus and focus != seen_focus:
                seen_focus = focus
                plan.sections.append(RawSection(focus, [focus], row.get(SEQ) or None, None, row.lines[0]))
            plan.items.append(RawItem(
                title=row.get(TITLE), path=[focus] if focus else [], lines=row.lines,
                text=row.get("text"), number=row.get(SEQ) or None,
                deliverable=row.get("deliverable") or None,
                departments=[row.get("departments")] if row.get("departments") else [],
                deadline=row.get("deadline") or None,
                filled_down=[_FIELD_NAMES.get(f, f) for f in _FILLED_ORDER if f in row.filled],
                joined_across_pages=row.joined,
                other=row.other))
