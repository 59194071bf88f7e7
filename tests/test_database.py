"""SQLite output: tables, keys, indexes, Chinese full-text search, replacing, and safe writing."""
from __future__ import annotations

import sqlite3

import pytest

from conftest import SAMPLES, run
from ipwork import database
from ipwork.database import full_text_available, read_records

SAMPLE_FILES = sorted(str(p) for p in SAMPLES.glob("*.txt"))
OUTLINE = str(SAMPLES / "2013_cnipa_work_points.txt")
COMPILATION = str(SAMPLES / "2017_provincial_compilation.txt")


def _records(*files: str) -> list[dict]:
    return run("parse", *files, "-f", "jsonl").jsonl()


def _count(db_path, sql: str, *args) -> int:
    with sqlite3.connect(db_path) as db:
        return db.execute(sql, args).fetchone()[0]


@pytest.fixture(scope="module")
def samples_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("db") / "plans.db"
    result = run("parse", *SAMPLE_FILES, "-o", str(path))
    assert result.code == 0, result.stderr
    return path


@pytest.fixture(scope="module")
def sample_records():
    return _records(*SAMPLE_FILES)


def test_row_counts_are_the_parsed_documents_items_and_departments(samples_db, sample_records):
    assert _count(samples_db, "SELECT count(*) FROM items") == len(sample_records) == 1235
    assert _count(samples_db, "SELECT count(*) FROM documents") == len({r["doc_id"] for r in sample_records})
    assert _count(samples_db, "SELECT count(*) FROM departments") == sum(
        len(r["department_roles"]) for r in sample_records)
    assert _count(samples_db, "SELECT count(*) FROM records") == len(sample_records)


def test_departments_hold_printed_and_canonical_names(samples_db):
    with sqlite3.connect(samples_db) as db:
        rows = db.execute("SELECT name, canonical, count(*) FROM departments JOIN items ON items.id = item_id "
                          "JOIN documents USING (doc_id) WHERE region = '浙江省' AND canonical = '浙江省知识产权局' "
                          "GROUP BY name ORDER BY name").fetchall()
    assert [name for name, _, _ in rows] == ["省知识产权局", "知识产权局"]


def test_keys_and_indexes(samples_db):
    with sqlite3.connect(samples_db) as db:
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        indexed = {(table, column) for table in ("documents", "items", "departments")
                   for (_, name, *_) in db.execute(f"PRAGMA index_list({table})")
                   for (_, _, column) in db.execute(f"PRAGMA index_info({name})")}
        foreign = {(table, row[3], row[2]) for table in ("items", "departments")
                   for row in db.execute(f"PRAGMA foreign_key_list({table})")}
    assert {("documents", "region"), ("documents", "year"), ("departments", "canonical")} <= indexed
    assert foreign == {("items", "doc_id", "documents"), ("departments", "item_id", "items")}


@pytest.mark.skipif(not full_text_available(), reason="this SQLite has no trigram tokenizer")
@pytest.mark.parametrize("words", ["维权援助", "专利导航", "知识产权质押"])
def test_full_text_search_finds_chinese_words(samples_db, sample_records, words):
    with sqlite3.connect(samples_db) as db:
        found = {i for (i,) in db.execute(
            "SELECT items.id FROM items_fts JOIN items ON items.n = items_fts.rowid WHERE items_fts MATCH ?",
            (f'"{words}"',))}
        db.execute("INSERT INTO items_fts (items_fts) VALUES ('integrity-check')")
    expected = {r["id"] for r in sample_records if words in r["title"] or words in r["text"]}
    assert found == expected and len(found) > 0


def test_adding_a_document_again_replaces_it(tmp_path, samples_db):
    path = tmp_path / "plans.db"
    assert run("parse", OUTLINE, "-o", str(path)).code == 0
    assert run("parse", OUTLINE, COMPILATION, "-o", str(path)).code == 0
    assert run("parse", OUTLINE, "-o", str(path)).code == 0
    for table in ("documents", "items", "departments"):
        assert _count(path, f"SELECT count(*) FROM {table}") == _count(
            samples_db, f"SELECT count(*) FROM {table} WHERE {_of_files(table)}", OUTLINE, COMPILATION)
    if full_text_available():  # the index lost the replaced rows too
        hits = _count(path, "SELECT count(*) FROM items_fts WHERE items_fts MATCH '\"知识产权\"'")
        assert hits == _count(path, "SELECT count(*) FROM items WHERE title LIKE '%知识产权%' OR text LIKE '%知识产权%'")


def _of_files(table: str) -> str:
    item = {"documents": "doc_id IN (SELECT doc_id FROM documents WHERE file IN (?, ?))",
            "items": "source_file IN (?, ?)",
            "departments": "item_id IN (SELECT id FROM items WHERE source_file IN (?, ?))"}
    return item[table]


def test_the_database_reads_back_as_the_records(samples_db, sample_records):
    assert [r.model_dump(mode="json") for r in read_records(str(samples_db))] == sample_records


def test_batch_combined_database_has_every_item(tmp_path, samples_db):
    folder = tmp_path / "plans"
    folder.mkdir()
    for name in ("2013_cnipa_work_points.txt", "2017_national_patent_tasks.txt"):
        (folder / name).write_bytes((SAMPLES / name).read_bytes())
    combined = tmp_path / "all.sqlite"
    result = run("batch", str(folder), "-o", str(tmp_path / "out"), "--combined", str(combined), "-q")
    assert result.code == 0, result.stderr
    assert _count(combined, "SELECT count(*) FROM items") == 26 + 27
    again = run("batch", str(folder), "-o", str(tmp_path / "out"), "--combined", str(combined), "-q", "--force")
    assert again.code == 0 and _count(combined, "SELECT count(*) FROM items") == 26 + 27


def test_a_failed_run_leaves_the_database_as_it_was(tmp_path, write):
    path = tmp_path / "plans.db"
    assert run("parse", OUTLINE, "-o", str(path)).code == 0
    before = path.read_bytes()
    empty = write("empty.txt", "")
    result = run("parse", empty, "-o", str(path))
    assert result.code == 2 and "left as it was" in result.stderr
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_file_that_is_not_an_ipwork_database_is_never_replaced(tmp_path):
    other = tmp_path / "notes.db"
    other.write_text("my notes", encoding="utf-8")
    result = run("parse", OUTLINE, "-o", str(other))
    assert result.code == 1 and "not a SQLite database" in result.stderr and len(result.stderr.splitlines()) == 1
    assert other.read_text(encoding="utf-8") == "my notes"
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE items (x)")
    before = foreign.read_bytes()
    result = run("parse", OUTLINE, "-o", str(foreign))
    assert result.code == 1 and "ipwork did not make" in result.stderr and foreign.read_bytes() == before


@pytest.mark.parametrize("args", [["-f", "sqlite"], ["-f", "sqlite", "-o", "-"]])
def test_a_database_needs_a_file_name(args):
    result = run("parse", OUTLINE, *args)
    assert result.code == 2 and "-o FILE.db" in result.stderr and result.stdout == ""


def test_without_the_trigram_tokenizer_the_database_is_written_without_full_text(tmp_path, monkeypatch):
    monkeypatch.setattr(database, "TOKENIZER", "no_such_tokenizer")
    path = tmp_path / "plans.db"
    result = run("parse", OUTLINE, "-o", str(path))
    assert result.code == 0 and "no full-text index" in result.stderr
    with sqlite3.connect(path) as db:
        assert dict(db.execute("SELECT key, value FROM ipwork_info"))["full_text"] == "none"
        assert db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'items_fts'").fetchone() == (0,)
        assert db.execute("SELECT count(*) FROM items").fetchone() == (26,)
    assert run("parse", OUTLINE, COMPILATION, "-o", str(path)).code == 0
    assert _count(path, "SELECT count(*) FROM items") == 26 + 1124
