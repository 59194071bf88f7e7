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


# --- several writers, words of any length, old databases ----------------------------------

PLANS = {
    "qingshan.txt": """青山省2021年知识产权工作要点

一、强化知识产权保护
（一）开展专利、商标侵权假冒专项整治，严厉打击恶意抢注行为（省知识产权局、省市场监管局）。
（二）完善商标注册便利化措施，提升商标审查质量（省市场监管局）。
二、促进知识产权运用
（三）推进专利转化运用，开展质押融资活动（省知识产权局）。
""",
    "baishui.txt": """白水市2021年知识产权工作要点

一、加强知识产权创造
（一）实施高价值专利培育计划，支持企业通过PCT途径布局海外专利（市知识产权局）。
（二）开展地理标志商标培育，打造区域品牌，商标权质押登记年内完成（市市场监管局）。
（三）专利
（四）建设知识产权保护中心。
""",
}


def _write_plans(folder) -> list[str]:
    paths = []
    for name, text in PLANS.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def _python_ipwork(*args: str):
    import subprocess
    import sys

    return subprocess.Popen([sys.executable, "-m", "ipwork", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("existing", [False, True], ids=["new-database", "existing-database"])
def test_two_processes_writing_one_database_at_once_kept_only_one_runs_plans(tmp_path, existing):
    """Each run copied the database and renamed its copy over it: the last one to finish won."""
    first, second = _write_plans(tmp_path)
    for attempt in range(6):
        path = tmp_path / f"plans-{attempt}.db"
        if existing:
            assert run("parse", OUTLINE, "-o", str(path)).code == 0
        runs = [_python_ipwork("parse", plan, "-o", str(path)) for plan in (first, second)]
        for process in runs:
            _, stderr = process.communicate(timeout=120)
            assert process.returncode == 0, stderr
        files = {f for (f,) in sqlite3.connect(path).execute("SELECT file FROM documents")}
        assert files == {first, second} | ({OUTLINE} if existing else set()), attempt
        assert _count(path, "SELECT count(*) FROM items") == 3 + 4 + (26 if existing else 0)
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.fixture(scope="module")
def words_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("words")
    path = folder / "plans.db"
    assert run("parse", *_write_plans(folder), *SAMPLE_FILES, "-o", str(path)).code == 0
    return path


def _like(path, word: str) -> set[int]:
    with sqlite3.connect(path) as db:
        return {n for (n,) in db.execute("SELECT n FROM items WHERE title LIKE ? OR text LIKE ?",
                                         (f"%{word}%", f"%{word}%"))}


@pytest.mark.skipif(not full_text_available(), reason="this SQLite has no trigram tokenizer")
@pytest.mark.parametrize("word", ["专利", "商标", "质押", "PC", "局", "权", "专"])
def test_full_text_search_found_nothing_for_one_and_two_character_words(words_db, word):
    """The trigram index needs three characters: 专利 and 商标, the commonest words, found nothing."""
    with sqlite3.connect(words_db) as db:
        found = {n for (n,) in db.execute("SELECT rowid FROM items_grams WHERE items_grams MATCH ?", (word,))}
        in_titles = {n for (n,) in db.execute("SELECT rowid FROM items_grams WHERE items_grams MATCH ?",
                                              (f"title: {word}",))}
        db.execute("INSERT INTO items_grams (items_grams) VALUES ('integrity-check')")
    assert found == _like(words_db, word) and found
    with sqlite3.connect(words_db) as db:
        titles = {n for (n,) in db.execute("SELECT n FROM items WHERE title LIKE ?", (f"%{word}%",))}
    assert in_titles == titles


@pytest.mark.skipif(not full_text_available(), reason="this SQLite has no trigram tokenizer")
@pytest.mark.parametrize("word", ["商标权", "知识产权", "高价值专利", "PCT"])
def test_words_of_three_characters_or_more_are_found_by_the_trigram_index(words_db, word):
    with sqlite3.connect(words_db) as db:
        found = {n for (n,) in db.execute("SELECT rowid FROM items_fts WHERE items_fts MATCH ?", (word,))}
    assert found == _like(words_db, word) and found


@pytest.mark.skipif(not full_text_available(), reason="this SQLite has no trigram tokenizer")
def test_the_readme_queries_work_in_the_sqlite_shell(words_db):
    import shutil
    import subprocess

    if not shutil.which("sqlite3"):
        pytest.skip("no sqlite3 shell here")
    out = subprocess.run(["sqlite3", str(words_db), "SELECT count(*) FROM items_grams WHERE items_grams MATCH '专利'"],
                         capture_output=True, text=True, check=True).stdout
    assert int(out) == len(_like(words_db, "专利"))


def _as_schema_1(path) -> None:
    """What ipwork 0.1 wrote: ids from the input's bytes, no items_grams."""
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA foreign_keys = OFF")
        db.execute("DROP TRIGGER items_grams_delete")
        db.execute("DROP TABLE items_grams")
        db.execute("UPDATE documents SET doc_id = 'b7' || substr(doc_id, 3)")
        db.execute("UPDATE items SET doc_id = 'b7' || substr(doc_id, 3), id = 'b7' || substr(id, 3)")
        db.execute("UPDATE departments SET item_id = 'b7' || substr(item_id, 3)")
        db.execute("UPDATE ipwork_info SET value = '1' WHERE key = 'schema'")


@pytest.mark.skipif(not full_text_available(), reason="this SQLite has no trigram tokenizer")
def test_a_schema_1_database_is_upgraded_when_written(tmp_path):
    qingshan, baishui = _write_plans(tmp_path)
    path = tmp_path / "old.db"
    assert run("parse", qingshan, baishui, "-o", str(path)).code == 0
    expected = [r.model_dump(mode="json") for r in read_records(str(path))]
    _as_schema_1(path)
    assert {r.doc_id[:2] for r in read_records(str(path))} == {"b7"}  # an old database still reads
    assert run("parse", qingshan, "-o", str(path)).code == 0  # the same plan again: replaced, not added
    assert [r.model_dump(mode="json") for r in read_records(str(path))] == expected[3:] + expected[:3]
    with sqlite3.connect(path) as db:
        assert dict(db.execute("SELECT key, value FROM ipwork_info"))["schema"] == "2"
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        found = db.execute("SELECT count(*) FROM items_grams WHERE items_grams MATCH '商标'").fetchone()[0]
    assert found == len(_like(path, "商标")) == 3


def test_a_database_of_a_newer_ipwork_is_refused_in_one_line(tmp_path):
    path = tmp_path / "new.db"
    assert run("parse", OUTLINE, "-o", str(path)).code == 0
    with sqlite3.connect(path) as db:
        db.execute("UPDATE ipwork_info SET value = '9' WHERE key = 'schema'")
    before = path.read_bytes()
    result = run("parse", COMPILATION, "-o", str(path))
    assert result.code == 1 and result.stderr.count("\n") == 1 and "newer version of ipwork" in result.stderr
    assert path.read_bytes() == before


def test_a_database_in_a_missing_folder_is_a_one_line_error(tmp_path):
    result = run("parse", OUTLINE, "-o", str(tmp_path / "missing" / "plans.db"))
    assert result.code == 1 and result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"ipwork: error: {tmp_path / 'missing' / 'plans.db'}: cannot write: the folder")
    assert not (tmp_path / "missing").exists()
