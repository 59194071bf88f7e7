"""JSON, JSON Lines and CSV output, written document by document as plans finish (SQLite:
``ipwork.database``).

CSV list cells (path, departments, …) are joined with ``；``.  A cell that could not be split
back unambiguously that way (an element holding ``；``, an empty element, or a cell that would
start with ``[``) is written as a JSON array instead; ``split_list_cell`` reads both forms.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from ipwork.schema import Document, Record

LIST_SEPARATOR = "；"
CSV_COLUMNS = ["id", "doc_id", "seq", "region", "year", "period", "doc_title", "issuer", "layout", "collection",
               "number", "path", "title", "text", "deliverable", "departments", "department_roles",
               "agencies", "deadline", "deadline_date", "obligations", "filled_down", "joined_across_pages", "other",
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


class Writer:
    """Receives documents one at a time, so output streams as documents finish."""

    def __init__(self, out: IO[str]):
        self.out = out
        self.items = 0
        self.notices: list[str] = []  # what the user should know about the output (on stderr)

    def begin(self) -> None:
        pass

    def write(self, doc: Document) -> None:
        raise NotImplementedError

    def end(self) -> None:
        pass


class JsonWriter(Writer):
    """A JSON list of documents, each with its metadata and nested items.

    The list opens with the first document, so a run that parsed nothing prints nothing
    rather than an empty list a reader would take for success.
    """

    def __init__(self, out: IO[str]):
        super().__init__(out)
        self.documents = 0

    def write(self, doc: Document) -> None:
        text = json.dumps(doc.model_dump(mode="json"), ensure_ascii=False, indent=2)
        self.out.write(("," if self.documents else "[") + "\n" + text)
        self.documents += 1
        self.items += len(doc.items)

    def end(self) -> None:
        if self.documents:
            self.out.write("\n]\n")


class JsonlWriter(Writer):
    """One work item a line, flat, each carrying its document's metadata."""

    def write(self, doc: Document) -> None:
        self._write_dicts(doc.record_dicts())

    def write_records(self, records: Iterable[Record]) -> None:
        self._write_dicts(record.model_dump(mode="json") for record in records)

    def _write_dicts(self, records: Iterable[dict]) -> None:
        for record in records:
            self.out.write(_json(record) + "\n")
            self.items += 1


def csv_row(record: Record) -> list:
    src = record.source
    roles = [f"{r.name}({r.role})" if r.role else r.name for r in record.department_roles]
    values = {**record.model_dump(mode="json"), "path": join_list_cell(record.path),
              "departments": join_list_cell(record.departments),
              "department_roles": join_list_cell(roles), "agencies": join_list_cell(record.agencies()),
              "obligations": join_list_cell(record.obligations),
              "filled_down": join_list_cell(record.filled_down),
              "other": _json(record.other) if record.other else None,
              "source_file": src.file, "source_line": src.line, "source_line_end": src.line_end,
              "source_page": src.page, "source_lines": join_list_cell(src.lines),
              "source_offset": src.offset, "source_offset_end": src.offset_end, "source_ocr": src.ocr}
    return [_csv_value(values[c]) for c in CSV_COLUMNS]


class CsvWriter(Writer):
    """One row an item; see ``join_list_cell`` for list cells; ``bom=True`` for Excel."""

    def __init__(self, out: IO[str], bom: bool = False):
        super().__init__(out)
        self.bom = bom
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


def make_writer(fmt: str, out: IO[str], bom: bool = False) -> Writer:
    """A writer for ``fmt``; for sqlite, ``out`` is the ``DatabaseSink`` of ``output.open_database``."""
    if fmt == "sqlite":
        from ipwork.database import SqliteWriter

        return SqliteWriter(out)
    if fmt == "csv":
        return CsvWriter(out, bom)
    return {"json": JsonWriter, "jsonl": JsonlWriter}[fmt](out)


def write_rows(rows: Iterable[dict], fmt: str, out: IO[str], columns: list[str] | None = None) -> int:
    """Rows of a result (stats, diff) as JSON Lines, a JSON list or CSV, written as they come.

    In CSV, lists are joined as in the records' CSV (``join_list_cell``) and only ``columns``
    are written.  Returns the number of rows.
    """
    count = 0
    table = csv.writer(out, lineterminator="\n") if fmt == "csv" else None
    if table:
        table.writerow(columns)
    for row in rows:
        if table:
            table.writerow([_csv_value(join_list_cell(v) if isinstance(v, list) else v)
                            for v in (row.get(c) for c in columns)])
        elif fmt == "json":
            out.write(("[\n" if not count else ",\n") + _json(row))
        else:
            out.write(_json(row) + "\n")
        count += 1
    if fmt == "json":
        out.write("\n]\n" if count else "[]\n")
    return count
