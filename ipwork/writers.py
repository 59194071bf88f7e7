"""JSON, JSON Lines and CSV output, written document by document, and atomic files."""
from __future__ import annotations

import contextlib
import csv
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, ClassVar

from ipwork.schema import Document, Record, records_of

FORMATS = ("json", "jsonl", "csv")
LIST_SEPARATOR = "；"
CSV_COLUMNS = ["seq", "region", "year", "period", "doc_title", "issuer", "layout", "collection",
               "number", "path", "title", "text", "deliverable", "departments", "department_roles",
               "deadline", "obligations", "filled_down", "joined_across_pages",
               "source_file", "source_line", "source_line_end", "source_page", "source_lines"]


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


class Writer:
    """Receives documents one at a time, so output streams as documents finish."""

    extension: ClassVar[str]

    def __init__(self, out: IO[str]):
        self.out = out
        self.count = 0

    def begin(self) -> None:
        pass

    def write(self, doc: Document) -> None:
        raise NotImplementedError

    def end(self) -> None:
        pass


class JsonWriter(Writer):
    """A JSON list of documents, each with its metadata and nested items."""

    extension = ".json"

    def begin(self) -> None:
        self.out.write("[")

    def write(self, doc: Document) -> None:
        text = json.dumps(doc.model_dump(mode="json"), ensure_ascii=False, indent=2)
        self.out.write(("," if self.count else "") + "\n" + text)
        self.count += 1

    def end(self) -> None:
        self.out.write("\n]\n" if self.count else "]\n")


class JsonlWriter(Writer):
    """One work item a line, flat, each carrying its document's metadata."""

    extension = ".jsonl"

    def write(self, doc: Document) -> None:
        for record in records_of(doc):
            self.out.write(_json(record.model_dump(mode="json")) + "\n")
            self.count += 1


def csv_row(record: Record) -> list:
    src = record.source
    roles = [f"{r.name}({r.role})" if r.role else r.name for r in record.department_roles]
    values = {**record.model_dump(mode="json"), "path": LIST_SEPARATOR.join(record.path),
              "departments": LIST_SEPARATOR.join(record.departments),
              "department_roles": LIST_SEPARATOR.join(roles),
              "obligations": LIST_SEPARATOR.join(record.obligations),
              "filled_down": LIST_SEPARATOR.join(record.filled_down),
              "source_file": src.file, "source_line": src.line, "source_line_end": src.line_end,
              "source_page": src.page, "source_lines": LIST_SEPARATOR.join(map(str, src.lines))}
    return ["" if values[c] is None else values[c] for c in CSV_COLUMNS]


class CsvWriter(Writer):
    """One row an item; lists joined with ；; ``bom=True`` for Excel."""

    extension = ".csv"

    def __init__(self, out: IO[str], bom: bool = False):
        super().__init__(out)
        self.bom = bom
        self.csv = csv.writer(out, lineterminator="\n")

    def begin(self) -> None:
        if self.bom:
            self.out.write("\ufeff")
        self.csv.writerow(CSV_COLUMNS)

    def write(self, doc: Document) -> None:
        for record in records_of(doc):
            self.csv.writerow(csv_row(record))
            self.count += 1


def make_writer(fmt: str, out: IO[str], bom: bool = False) -> Writer:
    if fmt == "csv":
        return CsvWriter(out, bom)
    return {"json": JsonWriter, "jsonl": JsonlWriter}[fmt](out)


@contextlib.contextmanager
def atomic_text_file(path: str | Path) -> Iterator[IO[str]]:
    """A file that appears whole under ``path`` or not at all (temporary name, then rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # as an ordinary new file would be, not mkstemp's 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fp:
            yield fp
            fp.flush()
            os.fsync(fp.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
