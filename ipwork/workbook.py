"""Excel workbooks (``-f xlsx``): a sheet of records, one of plans and one of warnings; or, for
``stats`` and ``diff``, a sheet of the result's rows.

Cells are typed: ``deadline_date`` is an Excel date, years and counts are numbers, booleans
are TRUE/FALSE, lists are joined with ``；`` as in CSV (``writers.join_list_cell``).  Text is
always written as text, never read as a formula or a link: a plan is untrusted input.  Each
sheet has its header row frozen, an autofilter over its rows, columns as wide as their
contents (up to a limit past which long text wraps).

XlsxWriter's constant-memory mode writes each row to a temporary file as soon as the next
one starts, so a workbook of any number of records takes the same memory.  Excel's limits
never stop a run: text longer than a cell holds (32,767 UTF-16 units) is cut, ending in
``…``, and listed in the warnings sheet and on stderr; characters XML cannot carry (control
characters) are shown as their pictures (U+0001 as ␁); a sheet whose rows run out goes on in
``records (2)``.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from ipwork.errors import OutputError
from ipwork.writer import Writer
from ipwork.writers import CSV_COLUMNS, flat_record, join_list_cell

if TYPE_CHECKING:
    from ipwork.output import Sink
    from ipwork.schema import Document, Notice, Record

CELL_LIMIT = 32_767  # UTF-16 units in one cell
SHEET_ROWS = 1_048_576  # rows in one sheet, the header included
WIDEST = 60  # columns are at most this wide (in Latin characters); longer text wraps
DOCUMENT_COLUMNS = ["doc_id", "file", "doc_title", "issuer", "region", "region_code", "province", "region_level",
                    "region_from", "year", "year_from", "period", "layout", "collection", "items"]
WARNING_COLUMNS = ["file", "line", "code", "message"]
# Text columns holding ISO dates, by sheet: the records' reading of deadlines; stats --by deadline.
RECORD_DATES = frozenset({"deadline_date"})
RESULT_DATES = frozenset({"deadline", "deadline_date"})
PERCENT_COLUMNS = frozenset({"share"})

# What XML 1.0 cannot carry: C0 controls but tab and line ends, lone surrogates, U+FFFE/U+FFFF.
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _shown_instead(match: re.Match) -> str:
    """A control character's picture (U+0001 -> ␁), else the replacement character."""
    code = ord(match.group())
    return chr(0x2400 + code) if code < 0x20 else "\ufffd"


def _width(text: str) -> int:
    """How wide ``text`` shows in Latin characters: a Chinese character takes two."""
    return (len(text.encode("utf-8", "replace")) + len(text)) // 2 if not text.isascii() else len(text)


def cell_text(text: str) -> tuple[str, bool]:
    """``text`` as a cell can hold it, and whether it had to be cut."""
    if _REFUSED.search(text):
        text = _REFUSED.sub(_shown_instead, text)
    if len(text) <= CELL_LIMIT // 2 or len(text.encode("utf-16-le")) <= 2 * CELL_LIMIT:
        return text, False
    kept = text.encode("utf-16-le")[: 2 * (CELL_LIMIT - 1)].decode("utf-16-le", "ignore")
    return kept + "…", True


class Sheet:
    """One table: a bold header row, frozen, with an autofilter; typed cells; widths from content.

    Rows go straight to the workbook (constant memory); past the last row Excel has, they go
    on in a new sheet named ``NAME (2)`` with the same header.
    """

    def __init__(self, book: Book, name: str, columns: list[str], dates: frozenset[str] = frozenset()):
        self.book, self.name, self.columns = book, name, columns
        self.dates = {i for i, c in enumerate(columns) if c in dates}
        self.percent = {i for i, c in enumerate(columns) if c in PERCENT_COLUMNS}
        self.parts = 0
        self._open_part()

    def _open_part(self) -> None:
        self.parts += 1
        self.sheet = self.book.workbook.add_worksheet(self.name if self.parts == 1 else f"{self.name} ({self.parts})")
        self.widths = [_width(c) + 3 for c in self.columns]  # room for the filter button
        for col, title in enumerate(self.columns):
            self.sheet.write_string(0, col, title, self.book.bold)
        self.row = 0

    def add(self, values: list) -> list[int]:
        """Write one row; returns the columns whose text was cut to fit a cell."""
        if self.row == SHEET_ROWS - 1:
            self._close_part()
            self._open_part()
        self.row += 1
        cut = []
        for col, value in enumerate(values):
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                self.sheet.write_boolean(self.row, col, value)
            elif isinstance(value, (int, float)):
                self.sheet.write_number(self.row, col, value, self.book.percent if col in self.percent else None)
            elif col in self.dates and _is_iso_date(value):
                self.sheet.write_datetime(self.row, col, date.fromisoformat(value), self.book.date)
                self.widths[col] = max(self.widths[col], 11)
            else:
                if self._write_text(col, str(value)):
                    cut.append(col)
        return cut

    def _write_text(self, col: int, value: str) -> bool:
        text, cut = cell_text(value)
        width = _width(text)
        self.sheet.write_string(self.row, col, text, self.book.wrap if width > WIDEST else None)
        self.widths[col] = max(self.widths[col], min(width, WIDEST) + 1)
        return cut

    def _close_part(self) -> None:
        for col, width in enumerate(self.widths):
            self.sheet.set_column(col, col, width)
        self.sheet.freeze_panes(1, 0)
        self.sheet.autofilter(0, 0, self.row, len(self.columns) - 1)

    def close(self) -> None:
        self._close_part()


def _is_iso_date(value) -> bool:
    return isinstance(value, str) and len(value) == 10 and value[4] == value[7] == "-" and value[:4].isdigit()


class Book:
    """An XlsxWriter workbook in constant-memory mode over a binary file, with ipwork's cell styles."""

    def __init__(self, out: Sink):
        import tempfile

        import xlsxwriter

        self.name = out.name
        # Where the rows wait until the file is assembled: removed when it is, or at exit when
        # the run stops before (XlsxWriter itself removes them only when it closes the workbook).
        self.scratch = tempfile.TemporaryDirectory(prefix="ipwork-xlsx-")
        # Nothing is ever read as a formula, a number or a link unless written as one.
        self.workbook = xlsxwriter.Workbook(out.stream, {"constant_memory": True, "tmpdir": self.scratch.name,
                                                         "strings_to_formulas": False, "strings_to_urls": False,
                                                         "strings_to_numbers": False})
        self.bold = self.workbook.add_format({"bold": True})
        self.date = self.workbook.add_format({"num_format": "yyyy-mm-dd"})
        self.percent = self.workbook.add_format({"num_format": "0.0%"})
        self.wrap = self.workbook.add_format({"text_wrap": True, "valign": "top"})
        self.sheets: list[Sheet] = []
        self.cut = 0

    def sheet(self, name: str, columns: list[str], dates: frozenset[str] = frozenset()) -> Sheet:
        self.sheets.append(Sheet(self, name, columns, dates))
        return self.sheets[-1]

    def close(self) -> None:
        """Finish every sheet and write the file; a failure to write names it."""
        for sheet in self.sheets:
            sheet.close()
        try:
            self.workbook.close()
        except OSError as e:
            raise OutputError(f"cannot write: {e.strerror or e}", file=self.name) from None
        finally:
            self.scratch.cleanup()

    def cut_notice(self) -> str | None:
        if not self.cut:
            return None
        cells = "cell was" if self.cut == 1 else "cells were"
        return (f"{self.name}: {self.cut} {cells} longer than Excel's {CELL_LIMIT:,} characters and cut "
                "(ending in …); -f jsonl keeps the whole text")


class WorkbookWriter(Writer):
    """``-f xlsx``: records, plans and warnings in three sheets; a result's rows in one."""

    def __init__(self, out: Sink, bom: bool = False):
        super().__init__(out, bom)
        self.book: Book | None = None
        self.document: list | None = None  # the plan whose records are being written, and its count

    def begin(self) -> None:
        self.book = Book(self.out)
        self.records = self.book.sheet("records", CSV_COLUMNS, RECORD_DATES)
        self.documents = self.book.sheet("documents", DOCUMENT_COLUMNS)
        self.warnings = self.book.sheet("warnings", WARNING_COLUMNS)

    def write(self, doc: Document) -> None:
        self.write_records(doc.records())
        self.write_warnings(doc.file, doc.warnings)

    def write_records(self, records: Iterable[Record]) -> None:
        for record in records:
            self._count_document(record)
            for col in self.records.add(list(flat_record(record).values())):
                self._cut(record, CSV_COLUMNS[col])
            self.items += 1

    def _count_document(self, record: Record) -> None:
        """A plan's row is written when its last record has been (its item count known)."""
        if self.document and self.document[0] == record.doc_id:
            self.document[-1] += 1
            return
        self._flush_document()
        self.document = [record.doc_id, record.source.file, record.doc_title, record.issuer, record.region,
                         record.region_code, record.province, record.region_level, record.region_from,
                         record.year, record.year_from, record.period, record.layout, record.collection, 1]

    def _flush_document(self) -> None:
        if self.document:
            self.documents.add(self.document)
            self.document = None

    def _cut(self, record: Record, column: str) -> None:
        self.book.cut += 1
        self.warnings.add([record.source.file, record.source.line, "cut-cell",
                           f"{column} of item {record.id} is longer than an Excel cell holds "
                           f"({CELL_LIMIT:,} characters): cut in the workbook"])

    def write_warnings(self, file: str, warnings: Iterable[Notice]) -> None:
        for warning in warnings:
            self.warnings.add([file, warning.line, warning.code, warning.message])

    def write_rows(self, rows: Iterable[dict], columns: list[str], name: str = "rows") -> int:
        """One sheet named ``name`` of the rows, under ``columns``, lists joined as in CSV."""
        self.book = Book(self.out)
        sheet = self.book.sheet(name, columns, RESULT_DATES)
        count = 0
        for row in rows:
            values = [join_list_cell(v) if isinstance(v, list) else v for v in (row.get(c) for c in columns)]
            self.book.cut += len(sheet.add(values))
            count += 1
        self.end()
        return count

    def end(self) -> None:
        self._flush_document()
        self.book.close()
        if notice := self.book.cut_notice():
            self.notices.append(notice)
