"""Records in a SQLite database (``-f sqlite -o plans.db``), and read back from one.

Tables: ``documents`` (one row a plan), ``items`` (one row a work item, ``doc_id`` a foreign
key to documents) and ``departments`` (one row a body named by an item: ``item_id``, ``name``
as printed, ``role``, ``canonical``), with indexes on region, year, deadline and canonical
agency; the view ``records`` joins items to their documents, one flat row a record as in CSV.
Two full-text indexes find Chinese words without word segmentation: ``items_fts`` (FTS5's
trigram tokenizer: words of three characters or more) and ``items_grams`` (every character
and every pair of neighbouring characters of title and text as a word of its own: words of
one or two characters, exactly the rows ``LIKE`` finds).  Both need FTS5 with the trigram
tokenizer (SQLite 3.34 or newer); without it the database has neither and says so in
``ipwork_info``.  List fields (path, departments, …) are JSON arrays.

A plan is identified by its ``doc_id`` (a digest of its items' printed text: ``ipwork.identity``),
so adding a document that is already there replaces it, never duplicates it.  A run's plans
are staged in a file beside the database (so memory does not grow with the number of plans)
and added to it in one transaction when the run succeeded: other processes may write the
same database at the same time (SQLite's locks make each wait for the other's transaction),
and a run that fails or is interrupted leaves it as it was.
"""
from __future__ import annotations

import contextlib
import itertools
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ipwork.errors import InputError, OutputError
from ipwork.writer import Writer

if TYPE_CHECKING:
    from ipwork.output import DatabaseSink
    from ipwork.schema import Document, Record

# 2: ids from the plan's text (1: from the input's bytes), items_grams, where region and year came
# from, corrected fields, pages read by OCR
SCHEMA = 2
READABLE_SCHEMAS = ("1", "2")
TOKENIZER = "trigram"
SQLITE_HEADER = b"SQLite format 3\x00"
# How long a run waits for another process's transaction on the same database.
BUSY_SECONDS = 600.0

_TABLES = """
CREATE TABLE IF NOT EXISTS ipwork_info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    file TEXT NOT NULL,
    title TEXT,
    issuer TEXT,
    region TEXT,
    region_code TEXT,
    province TEXT,
    region_level TEXT,
    region_from TEXT,
    year INTEGER,
    year_from TEXT,
    period TEXT,
    layout TEXT NOT NULL,
    collection TEXT,
    items INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_region ON documents (region);
CREATE INDEX IF NOT EXISTS documents_year ON documents (year);
CREATE INDEX IF NOT EXISTS documents_region_code ON documents (region_code);
CREATE INDEX IF NOT EXISTS documents_province ON documents (province);
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
    deadline_date_from TEXT,
    obligations TEXT NOT NULL,
    filled_down TEXT NOT NULL,
    joined_across_pages INTEGER NOT NULL,
    other TEXT NOT NULL DEFAULT '{}',
    corrected TEXT NOT NULL DEFAULT '[]',
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
    SELECT items.id, items.doc_id, items.seq, documents.region, documents.region_code, documents.province,
           documents.region_level, documents.region_from, documents.year, documents.year_from, documents.period,
           documents.title AS doc_title, documents.issuer, documents.layout, documents.collection,
           items.number, items.path, items.section, items.title, items.text, items.deliverable,
           items.departments, items.deadline, items.deadline_date, items.deadline_date_from, items.obligations,
           items.filled_down, items.joined_across_pages, items.other, items.corrected, items.source_file,
           items.source_line, items.source_line_end, items.source_page, items.source_lines, items.source_offset,
           items.source_offset_end, items.source_ocr
    FROM items JOIN documents USING (doc_id);
"""

# The trigram index reads title and text from ``items`` (an external-content table) and is
# kept in step by triggers; deleting a document cascades to its items, and so to the index.
_TRIGRAMS = """
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
_GRAMS = """
CREATE VIRTUAL TABLE items_grams USING fts5 (title, text, tokenize='unicode61 remove_diacritics 0',
                                             detail='column');
CREATE TRIGGER items_grams_delete AFTER DELETE ON items BEGIN
    DELETE FROM items_grams WHERE rowid = old.n;
END;
"""
_FULL_TEXT = _TRIGRAMS + _GRAMS
# ``items_grams`` rows are made by ipwork (no SQL function splits a text into its characters):
# a run stages them by item id and adds them with the items.
_STAGED_GRAMS = "CREATE TABLE item_grams (id TEXT PRIMARY KEY, title TEXT NOT NULL, text TEXT NOT NULL);"

_ITEM_COLUMNS = ("id", "doc_id", "seq", "number", "path", "section", "title", "text", "deliverable",
                 "departments", "deadline", "deadline_date", "deadline_date_from", "obligations", "filled_down",
                 "joined_across_pages", "other", "corrected", "source_file", "source_line", "source_line_end",
                 "source_page", "source_lines", "source_offset", "source_offset_end", "source_ocr")
_DOCUMENT_COLUMNS = ("doc_id", "file", "title", "issuer", "region", "region_code", "province", "region_level",
                     "region_from", "year", "year_from", "period", "layout", "collection", "items")
_DEPARTMENT_COLUMNS = ("item_id", "position", "name", "role", "canonical")
# What schema 2 added to schema 1's tables.
_ADDED_IN_2 = (("documents", "region_code TEXT"), ("documents", "province TEXT"), ("documents", "region_level TEXT"),
               ("documents", "region_from TEXT"), ("documents", "year_from TEXT"), ("items", "deadline_date_from TEXT"),
               ("items", "corrected TEXT NOT NULL DEFAULT '[]'"), ("items", "source_ocr INTEGER NOT NULL DEFAULT 0"))


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _user_tables(db: sqlite3.Connection) -> set[str]:
    return {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}


def _info(db: sqlite3.Connection) -> dict[str, str]:
    return dict(db.execute("SELECT key, value FROM ipwork_info"))


def _check_made_by_ipwork(db: sqlite3.Connection, name: str, error: type) -> dict[str, str]:
    """The ``ipwork_info`` of a database ipwork made (any schema it reads); any other database is an error."""
    tables = _user_tables(db)
    if "ipwork_info" not in tables:
        raise error("a SQLite database that ipwork did not make; choose another file name", file=name)
    info = _info(db)
    if info.get("schema") not in READABLE_SCHEMAS:
        raise error(f"made by a newer version of ipwork (database schema {info.get('schema')}, this ipwork "
                    f"writes {SCHEMA}); write a new file or use that version", file=name)
    return info


def _is_sqlite(path: str, empty: bool = False) -> bool:
    """Whether the file is a SQLite database; with ``empty``, an empty file (a new one) is too."""
    with open(path, "rb") as fp:
        head = fp.read(len(SQLITE_HEADER))
    return head == SQLITE_HEADER or (empty and not head)


def grams(text: str) -> str:
    """Every character of ``text`` and every pair of neighbouring ones, as words for ``items_grams``:
    a word of one or two characters is in a text exactly when it is one of these."""
    return " ".join(itertools.chain(text, map(str.__add__, text, text[1:])))


def _existing_info(target: str, name: str) -> dict[str, str] | None:
    """What the database at ``target`` says of itself (None: no file yet, or an empty one);
    a file that is not an ipwork database is an error, so that it is never written."""
    try:
        if not os.path.exists(target):
            return None
        if not _is_sqlite(target, empty=True):
            raise OutputError("exists and is not a SQLite database; choose another file name "
                              "(ipwork will not replace it)", file=name)
        if not os.path.getsize(target):
            return None
    except OSError as e:
        raise OutputError(f"cannot read: {e.strerror}", file=name) from None
    from pathlib import Path

    db = sqlite3.connect(f"{Path(target).as_uri()}?mode=ro", uri=True, timeout=BUSY_SECONDS)
    try:
        with _sqlite_errors(name):
            return _check_made_by_ipwork(db, name, OutputError) if _user_tables(db) else None
    finally:
        db.close()


class StagedPlans:
    """The plans of one run, staged in a file beside the database at ``path`` and added to it in
    one transaction by ``commit``; ``discard`` removes the staging file (always call it)."""

    def __init__(self, path: str, name: str):
        from ipwork.output import is_special, temporary_beside

        self.name = name
        if is_special(path):
            raise OutputError("cannot write a database to a pipe or a device: give a file name", file=name)
        target, fd, self.staging_path = temporary_beside(path, name, make_folders=False)
        os.close(fd)
        self.target = str(target)
        self.db: sqlite3.Connection | None = None
        try:
            info = _existing_info(self.target, name)
            self.full_text = info.get("full_text") == TOKENIZER if info else full_text_available()
            self.db = sqlite3.connect(self.staging_path, isolation_level=None)
            with self._errors():
                # A scratch file: a run that fails throws it away, so it needs no journal.
                self.db.execute("PRAGMA journal_mode = OFF")
                self.db.execute("PRAGMA synchronous = OFF")
                self.db.execute("PRAGMA foreign_keys = ON")
                self.db.executescript("BEGIN;" + _TABLES + _STAGED_GRAMS + "COMMIT;")
        except BaseException:
            self.discard()
            raise

    def _errors(self):
        return _sqlite_errors(self.name)

    def add(self, records: Iterable[Record]) -> int:
        """Stage the records of one or more documents; a document staged again replaces the first."""
        added = 0
        with self._errors():
            for _, group in itertools.groupby(records, key=lambda r: r.doc_id):
                added += self._stage(list(group))
        return added

    def _stage(self, records: list[Record]) -> int:
        self.db.execute("BEGIN")
        _insert_plan(self.db, records)
        if self.full_text:
            self.db.executemany("INSERT INTO item_grams (id, title, text) VALUES (?, ?, ?)",
                                [(r.id, grams(r.title), grams(r.text)) for r in records])
        self.db.execute("COMMIT")
        return len(records)

    def commit(self) -> None:
        """Add the staged plans to the database in one transaction (replacing the plans it has
        with the same ``doc_id``), waiting while another process writes it."""
        self.db.close()
        self.db = None
        target = sqlite3.connect(self.target, isolation_level=None, timeout=BUSY_SECONDS)
        try:
            with self._errors():
                target.execute("PRAGMA foreign_keys = ON")
                target.execute("ATTACH DATABASE ? AS staged", (self.staging_path,))
                target.execute("BEGIN IMMEDIATE")  # the write lock now, so no other writer slips in between
                try:
                    full_text = _prepare(target, self.name)
                    _merge_staged(target, full_text)
                    target.execute("COMMIT")
                except BaseException:
                    with contextlib.suppress(sqlite3.Error):
                        target.execute("ROLLBACK")
                    raise
        finally:
            target.close()

    def discard(self) -> None:
        if self.db is not None:
            with contextlib.suppress(sqlite3.Error):
                self.db.close()
            self.db = None
        for leftover in (self.staging_path, self.staging_path + "-journal"):
            with contextlib.suppress(OSError):
                os.unlink(leftover)


def _insert_plan(db: sqlite3.Connection, records: list[Record]) -> None:
    """One plan's rows (a plan there with the same ``doc_id`` is deleted first), in a transaction."""
    first = records[0]
    document = (first.doc_id, first.source.file, first.doc_title, first.issuer, first.region, first.region_code,
                first.province, first.region_level, first.region_from, first.year, first.year_from,
                first.period, first.layout, first.collection, len(records))
    db.execute("DELETE FROM documents WHERE doc_id = ?", (first.doc_id,))
    db.execute(f"INSERT INTO documents ({', '.join(_DOCUMENT_COLUMNS)}) "
               f"VALUES ({', '.join('?' * len(_DOCUMENT_COLUMNS))})", document)
    db.executemany(f"INSERT INTO items ({', '.join(_ITEM_COLUMNS)}) "
                   f"VALUES ({', '.join('?' * len(_ITEM_COLUMNS))})", map(_item_row, records))
    db.executemany(f"INSERT INTO departments ({', '.join(_DEPARTMENT_COLUMNS)}) VALUES (?, ?, ?, ?, ?)",
                   [(r.id, i, d.name, d.role, d.canonical)
                    for r in records for i, d in enumerate(r.department_roles, 1)])


def _prepare(db: sqlite3.Connection, name: str) -> bool:
    """Inside the run's transaction: set up a new database, check an existing one (another
    process may have made it since the run began), bring a schema 1 database up to date;
    whether it has the full-text indexes."""
    if not _user_tables(db):
        return _create(db)
    info = _check_made_by_ipwork(db, name, OutputError)
    full_text = info.get("full_text") == TOKENIZER
    if info["schema"] == "1":
        _upgrade_from_schema_1(db, full_text)
    return full_text


def _create(db: sqlite3.Connection) -> bool:
    """The tables; the full-text indexes only where this SQLite has the trigram tokenizer."""
    _run_script(db, _TABLES)
    full_text = full_text_available()
    if full_text:
        _run_script(db, _FULL_TEXT.format(tokenizer=TOKENIZER))
    info = {"schema": str(SCHEMA), "full_text": TOKENIZER if full_text else "none",
            "sqlite": sqlite3.sqlite_version}
    db.executemany("INSERT INTO ipwork_info (key, value) VALUES (?, ?)", info.items())
    return full_text


def _run_script(db: sqlite3.Connection, script: str) -> None:
    """The statements of ``script`` inside the transaction under way (``executescript`` would commit it)."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""


def _merge_staged(db: sqlite3.Connection, full_text: bool) -> None:
    """The staged plans into ``main``, each replacing the plan with its ``doc_id``, in the order staged."""
    items = ", ".join(_ITEM_COLUMNS)
    documents = ", ".join(_DOCUMENT_COLUMNS)
    departments = ", ".join(_DEPARTMENT_COLUMNS)
    db.execute("DELETE FROM main.documents WHERE doc_id IN (SELECT doc_id FROM staged.documents)")
    db.execute(f"INSERT INTO main.documents ({documents}) SELECT {documents} FROM staged.documents ORDER BY rowid")
    db.execute(f"INSERT INTO main.items ({items}) SELECT {items} FROM staged.items ORDER BY n")
    db.execute(f"INSERT INTO main.departments ({departments}) SELECT {departments} FROM staged.departments")
    if full_text:
        db.execute("INSERT INTO main.items_grams (rowid, title, text) SELECT items.n, g.title, g.text "
                   "FROM staged.item_grams AS g JOIN main.items AS items ON items.id = g.id")


def _upgrade_from_schema_1(db: sqlite3.Connection, full_text: bool) -> None:
    """Schema 1 ids came from the input's bytes: every plan gets its id from its text (a plan
    stored from two files becomes one, the later kept), and ``items_grams`` is built; the columns
    schema 2 added (where region and year came from…) are null until the plan is stored again."""
    from ipwork.identity import PlanIds, item_id, plan_digest

    for table, column in _ADDED_IN_2:
        if column.split()[0] not in {row[1] for row in db.execute(f"PRAGMA table_info({table})")}:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column}")
    db.execute("DROP VIEW records")
    _run_script(db, _TABLES)  # the view over the new columns, and their indexes

    plans = [list(group) for _, group in itertools.groupby(_stored_records(db), key=lambda r: r.doc_id)]
    ids: dict[str, PlanIds] = {}
    db.execute("DELETE FROM documents")
    if full_text:
        _run_script(db, _GRAMS)
    for records in plans:
        doc_id = ids.setdefault(records[0].source.file, PlanIds()).doc_id(plan_digest(dict(r) for r in records))
        renamed = [r.model_copy(update={"doc_id": doc_id, "id": item_id(doc_id, r.seq)}) for r in records]
        _insert_plan(db, renamed)
        if full_text:
            db.executemany("INSERT INTO items_grams (rowid, title, text) SELECT n, ?, ? FROM items WHERE id = ?",
                           [(grams(r.title), grams(r.text), r.id) for r in renamed])
    db.execute("UPDATE ipwork_info SET value = ? WHERE key = 'schema'", (str(SCHEMA),))


def _item_row(r: Record) -> tuple:
    src = r.source
    return (r.id, r.doc_id, r.seq, r.number, _json(r.path), r.path[0] if r.path else None, r.title, r.text,
            r.deliverable, _json(r.departments), r.deadline,
            r.deadline_date.isoformat() if r.deadline_date else None, r.deadline_date_from, _json(r.obligations),
            _json(r.filled_down), int(r.joined_across_pages), _json(r.other), _json(r.corrected), src.file, src.line,
            src.line_end, src.page, _json(src.lines), src.offset, src.offset_end, int(src.ocr))


@contextlib.contextmanager
def _sqlite_errors(name: str) -> Iterator[None]:
    """SQLite's errors as one-line ``OutputError``s naming the database as the user typed it."""
    try:
        yield
    except sqlite3.Error as e:
        raise OutputError(f"cannot write the database: {e}", file=name) from None


class SqliteWriter(Writer):
    """``-f sqlite``: each document's records staged as the document finishes, added to the
    database when the run is kept (``output.open_database``)."""

    def __init__(self, sink: DatabaseSink, bom: bool = False):
        super().__init__(sink, bom)
        self.staged: StagedPlans | None = None

    def begin(self) -> None:
        self.staged = self.out.staged = StagedPlans(self.out.path, self.out.name)
        if not self.staged.full_text:
            self.notices.append(no_full_text_notice(self.out.name))

    def write(self, doc: Document) -> None:
        self.write_records(doc.records())

    def write_records(self, records: Iterable[Record]) -> None:
        self.items += self.staged.add(records)


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

    from ipwork.readers import unreadable

    try:
        if not _is_sqlite(path):
            raise InputError("not a SQLite database", file=path)
    except OSError as e:
        raise unreadable(e, path) from None
    db = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_SECONDS)
    try:
        _check_made_by_ipwork(db, path, InputError)
        yield from _stored_records(db)
    except sqlite3.Error as e:
        raise InputError(f"cannot read the database: {e}", file=path) from None
    finally:
        db.close()


def _stored_records(db: sqlite3.Connection) -> Iterator[Record]:
    from ipwork.schema import Record

    db.row_factory = sqlite3.Row
    try:
        for document in db.execute("SELECT * FROM documents ORDER BY rowid").fetchall():
            roles: dict[str, list[dict]] = {}
            for d in db.execute("SELECT departments.* FROM departments JOIN items ON items.id = departments.item_id "
                                "WHERE items.doc_id = ? ORDER BY item_id, position", (document["doc_id"],)):
                roles.setdefault(d["item_id"], []).append({"name": d["name"], "role": d["role"],
                                                           "canonical": d["canonical"]})
            for item in db.execute("SELECT * FROM items WHERE doc_id = ? ORDER BY seq", (document["doc_id"],)):
                yield Record.model_validate(_record(item, document, roles.get(item["id"], [])))
    finally:
        db.row_factory = None


def _record(item: sqlite3.Row, document: sqlite3.Row, roles: list[dict]) -> dict:
    return {
        "id": item["id"], "seq": item["seq"], "number": item["number"], "path": json.loads(item["path"]),
        "title": item["title"], "text": item["text"], "deliverable": item["deliverable"],
        "departments": json.loads(item["departments"]), "department_roles": roles,
        "deadline": item["deadline"], "deadline_date": item["deadline_date"],
        "deadline_date_from": item["deadline_date_from"],
        "obligations": json.loads(item["obligations"]), "filled_down": json.loads(item["filled_down"]),
        "joined_across_pages": bool(item["joined_across_pages"]), "other": json.loads(item["other"]),
        "corrected": json.loads(item["corrected"]),
        "source": {"file": item["source_file"], "line": item["source_line"], "line_end": item["source_line_end"],
                   "page": item["source_page"], "lines": json.loads(item["source_lines"]),
                   "offset": item["source_offset"], "offset_end": item["source_offset_end"],
                   "ocr": bool(item["source_ocr"])},
        "doc_id": document["doc_id"], "region": document["region"], "region_code": document["region_code"],
        "province": document["province"], "region_level": document["region_level"],
        "region_from": document["region_from"], "year": document["year"], "year_from": document["year_from"],
        "period": document["period"], "doc_title": document["title"], "issuer": document["issuer"],
        "layout": document["layout"], "collection": document["collection"]}
