"""JSON, JSON Lines and CSV output, written document by document as plans finish (SQLite:
``ipwork.database``; the formats are listed in ``ipwork.formats``).

CSV list cells (path, departments, …) are joined with ``；``.  A cell that could not be split
back unambiguously that way (an element holding ``；``, an empty element, or a cell that would
start with ``[``) is written as a JSON array instead; ``split_list_cell`` reads both forms.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING

from ipwork.writer import Writer

if TYPE_CHECKING:
    from ipwork.schema import Document, Record

LIST_SEPARATOR = "；"
CSV_COLUMNS = ["id", "doc_id", "seq", "region", "region_code", "province", "region_level", "region_from", "year",
               "year_from", "period", "doc_title", "issuer", "layout", "collection",
               "number", "path", "title", "text", "deliverable", "departments", "department_roles",
               "agencies", "deadline", "deadline_date", "deadline_date_from", "obligations", "filled_down",
               "joined_across_pages", "other", "corrected",
               "source_file", "source_line", "source_line_end", "source_page", "source_lines",
               "source_offset", "source_offset_end", "source_ocr"]


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def join_list_cell(values: list) -> str:
    """A list as one CSV cell: ``a；b``, or a JSON array where ``；`` would be ambiguous."""
    texts = [str(v) for v in values]
    joined = LIST_SEPARATOR.join(texts)
    if any(LIST_SEPARATOR in t or not t for t in texts) or joined.startswith("["):
        return _json(texts)
    return joined


def split_list_cell(cell: str) -> list[str]:
    """The list a CSV cell written by ``join_list_cell`` holds."""
    if not cell:
        return []
    if cell.startswith("["):
        return json.loads(cell)
    return cell.split(LIST_SEPARATOR)


def _csv_value(value) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


class JsonWriter(Writer):
    """A JSON list of documents, each with its metadata and nested items.

    The list opens with the first document, so a run that parsed nothing prints nothing
    rather than an empty list a reader would take for success.
    """

    def __init__(self, out: IO[str], bom: bool = False):
        super().__init__(out, bom)
        self.documents = 0

    def write(self, doc: Document) -> None:
        text = json.dumps(doc.model_dump(mode="json"), ensure_ascii=False, indent=2)
        self.out.write(("," if self.documents else "[") + "\n" + text)
        self.documents += 1
        self.items += len(doc.items)

    def end(self) -> None:
        if self.documents:
            self.out.write("\n]\n")

    def write_rows(self, rows: Iterable[dict], columns: list[str], name: str = "rows") -> int:
        """A JSON list of the rows (``[]`` when there are none: an empty result is an answer)."""
        count = 0
        for row in rows:
            self.out.write(("[\n" if not count else ",\n") + _json(row))
            count += 1
        self.out.write("\n]\n" if count else "[]\n")
        return count


class JsonlWriter(Writer):
    """One work item a line, flat, each carrying its document's metadata."""

    def write(self, doc: Document) -> None:
        self._write_dicts(doc.record_dicts())

    def write_records(self, records: Iterable[Record]) -> None:
        self._write_dicts(record.model_dump(mode="json") for record in records)

    def write_rows(self, rows: Iterable[dict], columns: list[str], name: str = "rows") -> int:
        self._write_dicts(rows)
        return self.items

    def _write_dicts(self, records: Iterable[dict]) -> None:
        for record in records:
            self.out.write(_json(record) + "\n")
            self.items += 1


def flat_record(record: Record) -> dict:
    """A record's cells by ``CSV_COLUMNS``: lists joined (``join_list_cell``), ``source`` spread
    over its columns; numbers, booleans and None as they are, dates as ISO text."""
    src = record.source
    roles = [f"{r.name}({r.role})" if r.role else r.name for r in record.department_roles]
    values = {**record.model_dump(mode="json"), "path": join_list_cell(record.path),
              "departments": join_list_cell(record.departments),
              "department_roles": join_list_cell(roles), "agencies": join_list_cell(record.agencies()),
              "obligations": join_list_cell(record.obligations),
              "filled_down": join_list_cell(record.filled_down), "corrected": join_list_cell(record.corrected),
              "other": _json(record.other) if record.other else None,
              "source_file": src.file, "source_line": src.line, "source_line_end": src.line_end,
              "source_page": src.page, "source_lines": join_list_cell(src.lines),
              "source_offset": src.offset, "source_offset_end": src.offset_end, "source_ocr": src.ocr}
    return {c: values[c] for c in CSV_COLUMNS}


def csv_row(record: Record) -> list:
    return [_csv_value(v) for v in flat_record(record).values()]


class CsvWriter(Writer):
    """One row an item; see ``join_list_cell`` for list cells; ``bom=True`` for Excel."""

    def __init__(self, out: IO[str], bom: bool = False):
        super().__init__(out, bom)
        self.csv = csv.writer(out, lineterminator="\n")

    def begin(self) -> None:
        if self.bom:
            self.out.write("\ufeff")
        self.csv.writerow(CSV_COLUMNS)

    def write(self, doc: Document) -> None:
        self.write_records(doc.records())

    def write_records(self, records: Iterable[Record]) -> None:
        for record in records:
            self.csv.writerow(csv_row(record))
            self.items += 1

    def write_rows(self, rows: Iterable[dict], columns: list[str], name: str = "rows") -> int:
        """A header of ``columns`` and one line a row, lists joined as in the records' CSV."""
        self.csv.writerow(columns)
        count = 0
        for row in rows:
            self.csv.writerow([_csv_value(join_list_cell(v) if isinstance(v, list) else v)
                               for v in (row.get(c) for c in columns)])
            count += 1
        return count
