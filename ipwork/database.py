"""Records in a SQLite database (``-f sqlite -o plans.db``), and read back from one.

Tables: ``documents`` (one row a plan), ``items`` (one row a work item, ``doc_id`` a foreign
key to documents) and ``departments`` (one row a body named by an item: ``item_id``, ``name``
as printed, ``role``, ``canonical``), with indexes on region, year, deadline and canonical
agency; the view ``records`` joins items to their documents, one flat row a record as in CSV;
``items_fts`` is a full-text index over title and text that finds Chinese words (FTS5 with
the trigram tokenizer, SQLite 3.34 or newer; without it the database has no ``items_fts`` and
says so in ``ipwork_info``).  List fields (path, departments, …) are JSON arrays.

A plan is identified by its ``doc_id`` (a digest of the input's text and the plan's number),
so adding a document that is already there replaces it, never duplicates it.  Each plan is
committed as it comes, so memory does not grow with the number of plans.
"""
from __future__ import annotations

import contextlib
import itertools
import json
import sqlite3
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ipwork.errors import InputError, OutputError
from ipwork.writers import Writer

if TYPE_CHECKING:
    from ipwork.output import DatabaseSink
    from ipwork.schema import Document, Record

SCHEMA = 2  # 2: items.source_ocr
TOKENIZER = "trigram"
SQLITE_HEADER = b"SQLite format 3\x00"

_TABLES = """
CREATE TABLE IF NOT EXISTS ipwork_info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    file TEXT NOT NULL,
    title TEXT,
    issuer TEXT,
    region TEXT,
    year INTEGER,
    period TEXT,
    layout TEXT NOT NULL,
    collection TEXT,
    items INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_region ON documents (region);
CREATE INDEX IF NOT EXISTS documents_year ON documents (year);
CREATE TABLE IF NOT EXISTS items (
    n INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    number TEXT,
    path TEXT NOT NULL,
    section TEXT,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    deliverable TEXT,
    departments TEXT NOT NULL,
    deadline TEXT,
    deadline_date TEXT,
    obligations TEXT NOT NULL,
    filled_down TEXT NOT NULL,
    joined_across_pages INTEGER NOT NULL,
    other TEXT NOT NULL DEFAULT '{}',
    source_file TEXT NOT NULL,
    source_line INTEGER NOT NULL,
    source_line_end INTEGER NOT NULL,
    source_page INTEGER,
    source_lines TEXT NOT NULL,
    source_offset INTEGER,
    source_offset_end INTEGER,
    source_ocr INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS items_doc ON items (doc_id, seq);
CREATE INDEX IF NOT EXISTS items_deadline ON items (deadline_date);
CREATE TABLE IF NOT EXISTS departments (
    item_id TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    role TEXT,
    canonical TEXT,
    PRIMARY KEY (item_id, position)
);
CREATE INDEX IF NOT EXISTS departments_canonical ON departments (canonical);
CREATE INDEX IF NOT EXISTS departments_name ON departments (name);
CREATE VIEW IF NOT EXISTS records AS
    SELECT items.id, items.doc_id, items.seq, documents.region, documents.year, documents.period,
           documents.title AS doc_title, documents.issuer, documents.layout, documents.collection,
           items.number, items.path, items.section, items.title, items.text, items.deliverable,
           items.departments, items.deadline, items.deadline_date, items.obligations,
           items.filled_down, items.joined_across_pages, items.other, items.source_file, items.source_line,
           items.source_line_end, items.source_page, items.source_lines, items.source_offset,
           items.source_offset_end, items.source_ocr
    FROM items JOIN documents USING (doc_id);
"""

# The full-text index reads title and text from ``items`` (an external-content table) and is
# kept in step by triggers; deleting a document cascades to its items, and so to the index.
_FULL_TEXT = """
CREATE VIRTUAL TABLE items_fts USING fts5 (title, text, content='items', content_rowid='n',
                                           tokenize='{tokenizer}');
CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN
    INSERT INTO items_fts (rowid, title, text) VALUES (new.n, new.title, new.text);
END;
CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
    INSERT INTO items_fts (items_fts, rowid, title, text) VALUES ('delete', old.n, old.title, old.text);
END;
CREATE TRIGGER items_fts_update AFTER UPDATE ON items BEGIN
    INSERT INTO items_fts (items_fts, rowid, title, text) VALUES ('delete', old.n, old.title, old.text);
    INSERT INTO items_fts (rowid, title, text) VALUES (new.n, new.title, new.text);
END;
"""

_ITEM_COLUMNS = ("id", "doc_id", "seq", "number", "path", "section", "title", "text", "deliverable",
                 "departments", "deadline", "deadline_date", "obligations", "filled_down",
                 "joined_across_pages", "other", "source_file", "source_line", "source_line_end", "source_page",
                 "source_lines", "source_offset", "source_offset_end", "source_ocr")
_DOCUMENT_COLUMNS = ("doc_id", "file", "title", "issuer", "region", "year", "period", "layout", "collection",
                     "items")


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _user_tables(db: sqlite3.Connection) -> set[str]:
    return {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}


def _info(db: sqlite3.Connection) -> dict[str, str]:
    return dict(db.execute("SELECT key, value FROM ipwork_info"))


def _check_made_by_ipwork(db: sqlite3.Connection, name: str, error: type) -> dict[str, str]:
    """The ``ipwork_info`` of a database ipwork made; any other database is an error."""
    tables = _user_tables(db)
    if "ipwork_info" not in tables:
        raise error("a SQLite database that ipwork did not make; choose another file name", file=name)
    info = _info(db)
    if info.get("schema") != str(SCHEMA):
        raise error(f"made by another version of ipwork (database schema {info.get('schema')}, this ipwork "
                    f"writes {SCHEMA}); write a new file", file=name)
    return info


def _is_sqlite(path: str, empty: bool = False) -> bool:
    """Whether the file is a SQLite database; with ``empty``, an empty file (a new one) is too."""
    with open(path, "rb") as fp:
        head = fp.read(len(SQLITE_HEADER))
    return head == SQLITE_HEADER or (empty and not head)


class Database:
    """An ipwork database opened for adding records (a new one is set up on first use)."""

    def __init__(self, path: str, name: str):
        self.name = name
        try:
            if not _is_sqlite(path, empty=True):
                raise OutputError("exists and is not a SQLite database; choose another file name "
                                  "(ipwork will not replace it)", file=name)
        except OSError as e:
            raise OutputError(f"cannot read: {e.strerror}", file=name) from None
        self.db = sqlite3.connect(path, isolation_level=None)
        with self._errors():
            # A working copy, renamed over the destination when complete: no journal needed.
            self.db.execute("PRAGMA journal_mode = OFF")
            self.db.execute("PRAGMA synchronous = OFF")
            self.db.execute("PRAGMA foreign_keys = ON")
            if _user_tables(self.db):
                self.full_text = _check_made_by_ipwork(self.db, name, OutputError).get("full_text") == TOKENIZER
            else:
                self.full_text = self._create()

    def _errors(self):
        return _sqlite_errors(self.name)

    def _create(self) -> bool:
        """Set up the tables; the full-text index only where this SQLite has the trigram tokenizer."""
        self.db.executescript("BEGIN;" + _TABLES + "COMMIT;")
        try:
            self.db.executescript("BEGIN;" + _FULL_TEXT.format(tokenizer=TOKENIZER) + "COMMIT;")
            full_text = True
        except sqlite3.OperationalError:  # no FTS5, or no trigram tokenizer (SQLite before 3.34)
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            full_text = False
        info = {"schema": str(SCHEMA), "full_text": TOKENIZER if full_text else "none",
                "sqlite": sqlite3.sqlite_version}
        self.db.executemany("INSERT INTO ipwork_info (key, value) VALUES (?, ?)", info.items())
        return full_text

    def add(self, records: Iterable[Record]) -> int:
        """Add the records of one or more documents; a document already there is replaced."""
        added = 0
        with self._errors():
            for doc_id, group in itertools.groupby(records, key=lambda r: r.doc_id):
                added += self._add_document(doc_id, list(group))
        return added

    def _add_document(self, doc_id: str, records: list[Record]) -> int:
        first = records[0]
        document = (doc_id, first.source.file, first.doc_title, first.issuer, first.region, first.year,
                    first.period, first.layout, first.collection, len(records))
        self.db.execute("BEGIN")
        self.db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
        self.db.execute(f"INSERT INTO documents ({', '.join(_DOCUMENT_COLUMNS)}) "
                        f"VALUES ({', '.join('?' * len(_DOCUMENT_COLUMNS))})", document)
        self.db.executemany(f"INSERT INTO items ({', '.join(_ITEM_COLUMNS)}) "
                            f"VALUES ({', '.join('?' * len(_ITEM_COLUMNS))})", map(_item_row, records))
        self.db.executemany("INSERT INTO departments (item_id, position, name, role, canonical) "
                            "VALUES (?, ?, ?, ?, ?)",
                            [(r.id, i, d.name, d.role, d.canonical)
                             for r in records for i, d in enumerate(r.department_roles, 1)])
        self.db.execute("COMMIT")
        return len(records)

    def close(self) -> None:
        with self._errors():
            self.db.close()


def _item_row(r: Record) -> tuple:
    src = r.source
    return (r.id, r.doc_id, r.seq, r.number, _json(r.path), r.path[0] if r.path else None, r.title, r.text,
            r.deliverable, _json(r.departments), r.deadline,
            r.deadline_date.isoformat() if r.deadline_date else None, _json(r.obligations),
            _json(r.filled_down), int(r.joined_across_pages), _json(r.other), src.file, src.line, src.line_end, src.page,
            _json(src.lines), src.offset, src.offset_end, int(src.ocr))


@contextlib.contextmanager
def _sqlite_errors(name: str) -> Iterator[None]:
    """SQLite's errors as one-line ``OutputError``s naming the database as the user typed it."""
    try:
        yield
    except sqlite3.Error as e:
        raise OutputError(f"cannot write the database: {e}", file=name) from None


class SqliteWriter(Writer):
    """``-f sqlite``: each document's records added to the database as the document finishes."""

    def __init__(self, sink: DatabaseSink):
        super().__init__(sink)
        self.database: Database | None = None

    def begin(self) -> None:
        self.database = Database(self.out.path, self.out.name)
        if not self.database.full_text:
            self.notices.append(no_full_text_notice(self.out.name))

    def write(self, doc: Document) -> None:
        self.items += self.database.add(doc.records())

    def end(self) -> None:
        if self.database:
            self.database.close()


class RecordsSink:
    """``batch --combined all.db``: the records of one input at a time, as JSON-ready dicts."""

    def __init__(self, database: Database):
        self.database = database

    def add(self, records: list[dict]) -> None:
        from ipwork.schema import Record

        self.database.add(Record.model_validate(r) for r in records)


@contextlib.contextmanager
def combined_database(path: str) -> Iterator[RecordsSink]:
    """The database ``path`` (a new one, or the one there, added to), replaced when the block succeeds."""
    from ipwork.output import replace_database

    with replace_database(path) as working:
        database = Database(working, path)
        try:
            yield RecordsSink(database)
        finally:
            database.close()


def full_text_available() -> bool:
    """Whether this Python's SQLite can build the full-text index (FTS5 with the trigram tokenizer)."""
    db = sqlite3.connect(":memory:")
    try:
        db.execute(f"CREATE VIRTUAL TABLE t USING fts5 (x, tokenize='{TOKENIZER}')")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        db.close()


def no_full_text_notice(name: str) -> str:
    return (f"{name}: no full-text index: this Python's SQLite {sqlite3.sqlite_version} has no FTS5 trigram "
            "tokenizer (SQLite 3.34 or newer has it); search titles and texts with LIKE instead")


def read_records(path: str) -> Iterator[Record]:
    """The records of an ipwork database, plan by plan in the order they were added."""
    from pathlib import Path

    from ipwork.schema import Record

    from ipwork.readers import unreadable

    try:
        if not _is_sqlite(path):
            raise InputError("not a SQLite database", file=path)
    except OSError as e:
        raise unreadable(e, path) from None
    db = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        _check_made_by_ipwork(db, path, InputError)
        db.row_factory = sqlite3.Row
        for document in db.execute("SELECT * FROM documents ORDER BY rowid").fetchall():
            roles: dict[str, list[dict]] = {}
            for d in db.execute("SELECT departments.* FROM departments JOIN items ON items.id = departments.item_id "
                                "WHERE items.doc_id = ? ORDER BY item_id, position", (document["doc_id"],)):
                roles.setdefault(d["item_id"], []).append({"name": d["name"], "role": d["role"],
                                                           "canonical": d["canonical"]})
            for item in db.execute("SELECT * FROM items WHERE doc_id = ? ORDER BY seq", (document["doc_id"],)):
                yield Record.model_validate(_record(item, document, roles.get(item["id"], [])))
    except sqlite3.Error as e:
        raise InputError(f"cannot read the database: {e}", file=path) from None
    finally:
        db.close()


def _record(item: sqlite3.Row, document: sqlite3.Row, roles: list[dict]) -> dict:
    return {
        "id": item["id"], "seq": item["seq"], "number": item["number"], "path": json.loads(item["path"]),
        "title": item["title"], "text": item["text"], "deliverable": item["deliverable"],
        "departments": json.loads(item["departments"]), "department_roles": roles,
        "deadline": item["deadline"], "deadline_date": item["deadline_date"],
        "obligations": json.loads(item["obligations"]), "filled_down": json.loads(item["filled_down"]),
        "joined_across_pages": bool(item["joined_across_pages"]), "other": json.loads(item["other"]),
        "source": {"file": item["source_file"], "line": item["source_line"], "line_end": item["source_line_end"],
                   "page": item["source_page"], "lines": json.loads(item["source_lines"]),
                   "offset": item["source_offset"], "offset_end": item["source_offset_end"],
                   "ocr": bool(item["source_ocr"])},
        "doc_id": document["doc_id"], "region": document["region"], "year": document["year"],
        "period": document["period"], "doc_title": document["title"], "issuer": document["issuer"],
        "layout": document["layout"], "collection": document["collection"]}
