"""Table rows whose cells a PDF's text extraction printed one wrapped fragment a line.

A compilation page copied as text loses its columns: each cell comes out as the lines the
cell's width wrapped it into (``将故意侵犯知识产权行为情`` / ``况纳入企业和个人信用记录``), cell after
cell in column order, the 序号 and 工作重点 of merged cells printed once.  What is left of the
columns is the width: every full line of a cell is as wide as its column, the last line of a
cell is not wider, and the next cell starts wider (a wider column) or after a short line.
A row ends with its 责任部门 cell, which reads as a list of bodies.  From that, fragments are
joined into cells and cells are laid under the header's fields, right to left from the
departments; where a row has fewer cells than columns, the widths learned from whole rows say
which columns the cells sit in.
"""
from __future__ import annotations

import unicodedata
from itertools import accumulate, combinations

from ipwork.normalize.departments import LIST_MAX, department_likeness
from ipwork.normalize.text import strip_html
from ipwork.parsers.columns import DEADLINE, DELIVERABLE, DEPARTMENTS, FOCUS, SEQ, TEXT, TITLE
from ipwork.parsers.rows import Row
from ipwork.readers import Line

_CONTENT = (SEQ, FOCUS, TITLE, TEXT, DELIVERABLE, DEADLINE)
_SLACK = 1.0  # a justified or punctuated line may be one character short of its column
_NARROW = ",;:()!?"  # pages that turned full-width punctuation into ASCII still printed it wide


def width(text: str) -> float:
    """Printed width in characters: a Han character or full-width sign is 1, ASCII 0.5."""
    total = 0.0
    for ch in text.strip():
        wide = unicodedata.east_asian_width(ch) in "WF" or ch in _NARROW
        total += 1.0 if wide else 0.5
    return total


def _continues(full: float, last: float, line: float) -> bool:
    """Whether a line of width ``line`` is the next fragment of a cell whose widest line so far
    is ``full`` and whose last is ``last``: that last line was full, and this one is no wider."""
    return last >= max(3.0, full - _SLACK) and line <= full + _SLACK


def segment_cells(fragments: list[Line]) -> list[list[Line]]:
    """Fragments grouped into cells by width, a cell ending with departments split off."""
    cells: list[list[Line]] = []
    full = last = 0.0  # the current cell's widest line and its last line
    for line in fragments:
        wide = width(line.text)
        if cells and _continues(full, last, wide):
            cells[-1].append(line)
            full = max(full, wide)
        else:
            cells.append([line])
            full = wide
        last = wide
    return [part for cell in cells for part in _split_department_tail(cell)]


def cell_text(cell: list[Line]) -> str:
    return "".join(part.text.strip() for part in cell)


def _is_departments(cell: list[Line]) -> bool:
    return department_likeness(cell_text(cell)) >= 0.75


def _split_department_tail(cell: list[Line]) -> list[list[Line]]:
    """A cell whose last full line ended exactly at its width swallowed the department cell
    after it: give the departments back."""
    texts = [part.text.strip() for part in cell]
    whole = "".join(texts)
    # Without markup to take out, a piece longer than a department list is none: a long cell's
    # tails are not all joined to be read, only the last few.
    plain = strip_html(whole) == whole
    heads = list(accumulate(map(len, texts), initial=0))
    for i in range(1, len(cell)):
        if plain and heads[-1] - heads[i] > LIST_MAX:
            continue
        if department_likeness("".join(texts[i:])) == 1.0 and (
                (plain and heads[i] > LIST_MAX) or department_likeness("".join(texts[:i])) < 0.3):
            return [cell[:i], cell[i:]]
    return [cell]


def _full_width(cell: list[Line]) -> float:
    return max(width(part.text) for part in cell)


def _rows_of_cells(cells: list[list[Line]]) -> list[list[list[Line]]]:
    """Cells grouped into rows, a row ending with its departments cell."""
    rows, current = [], []
    for cell in cells:
        current.append(cell)
        if _is_departments(cell):
            rows.append(current)
            current = []
    if current:
        rows.append(current)
    return rows


def _learned_widths(rows: list[list[list[Line]]], columns: list[str]) -> dict[str, float]:
    """Each content column's width, from rows that show every column and cells of two lines
    or more (whose first line is full)."""
    import statistics  # only a page copied from a PDF needs it

    seen: dict[str, list[float]] = {}
    for row in rows:
        body = row[:-1] if _is_departments(row[-1]) else row
        if len(body) != len(columns):
            continue
        for name, cell in zip(columns, body):
            if len(cell) > 1:
                seen.setdefault(name, []).append(_full_width(cell))
    return {name: statistics.median(values) for name, values in seen.items()}


def _place(body: list[list[Line]], columns: list[str], widths: dict[str, float]) -> list[tuple[str, list[Line]]]:
    """Which column each of a row's cells (left to right, departments excluded) sits in; a row
    may hold no cell but its departments (a 成果形式 that reads as a body's name ends a row)."""
    if len(body) >= len(columns) or not body:
        return list(zip(columns, body))
    best, best_cost = None, float("inf")
    for chosen in combinations(columns, len(body)):
        cost = sum(abs(_full_width(cell) - widths[name]) if name in widths and len(cell) > 1 else 0.0
                   for name, cell in zip(chosen, body))
        # Without evidence, the cells are the row's last columns (merged cells are on the left).
        cost += 0.01 * (len(columns) - columns.index(chosen[-1]))
        if cost < best_cost:
            best, best_cost = chosen, cost
    return list(zip(best, body))


def rebuild_rows(fragments: list[Line], fields: list[str | None]) -> list[Row]:
    """Rows of one table from its fragment lines (headers and page numbers taken out)."""
    columns = [f for f in fields if f in _CONTENT and f not in (SEQ, FOCUS)]
    cell_rows = _rows_of_cells(segment_cells(fragments))
    widths = _learned_widths(cell_rows, columns)
    rows = []
    for cells in cell_rows:
        departments = cells[-1] if _is_departments(cells[-1]) else None
        body = cells[:-1] if departments else cells
        values: dict[str, str] = {}
        leading = body[:max(0, len(body) - len(columns))]
        for cell in leading:
            text = cell_text(cell)
            values[SEQ if text.isdigit() and SEQ in fields else FOCUS] = text
        for name, cell in _place(body[len(leading):], columns, widths):
            values[name] = cell_text(cell)
        if departments:
            values[DEPARTMENTS] = cell_text(departments)
        lines = sorted({part.no for cell in cells for part in cell})
        rows.append(Row(values, lines))
    return rows
