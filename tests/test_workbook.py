"""Excel workbooks (-f xlsx) read back as a spreadsheet user and a pandas user read them."""
from __future__ import annotations

import datetime
import json
import os

import openpyxl
import pandas as pd
import pytest

from conftest import SAMPLES, run
from ipwork import workbook
from ipwork.output import open_destination
from ipwork.schema import Record
from ipwork.writer import make_writer
from ipwork.writers import CSV_COLUMNS

SAMPLE_FILES = sorted(str(p) for p in SAMPLES.glob("*.txt"))
COMPILATION = str(SAMPLES / "2017_provincial_compilation.txt")
TASKS = str(SAMPLES / "2017_national_patent_tasks.txt")  # the sample with deadlines


def parsed(path: str) -> tuple[list[dict], list[dict]]:
    """The records (-f jsonl) and the documents (-f json) ipwork makes of ``path``."""
    records, documents = run("parse", path, "-f", "jsonl"), run("parse", path, "-f", "json")
    assert records.code == documents.code == 0, records.stderr
    return records.jsonl(), json.loads(documents.stdout)


def sheet_rows(path, name: str) -> list[dict]:
    sheet = openpyxl.load_workbook(path)[name]
    header, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(header, row)) for row in rows]


@pytest.fixture
def write_records(tmp_path):
    """Write records through the workbook writer into a file, as ``parse -o`` does."""
    def _write(records: list[Record], name: str = "out.xlsx") -> tuple[str, list[str]]:
        path = str(tmp_path / name)
        with open_destination("xlsx", path) as out:
            writer = make_writer("xlsx", out)
            writer.begin()
            writer.write_records(records)
            writer.end()
            out.keep = True
        return path, writer.notices
    return _write


def sample_records(count: int = 3) -> list[Record]:
    return [Record.model_validate(r) for r in run("parse", COMPILATION, "-f", "jsonl").jsonl()[:count]]


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=os.path.basename)
def test_every_sample_workbook_holds_its_records_plans_and_warnings(tmp_path, sample):
    path = str(tmp_path / "plan.xlsx")
    result = run("parse", sample, "-o", path)
    assert result.code == 0, result.stderr
    records, documents = parsed(sample)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["records", "documents", "warnings"]
    rows = sheet_rows(path, "records")
    assert [list(r) for r in rows[:1]] == [CSV_COLUMNS]
    assert [r["id"] for r in rows] == [r["id"] for r in records]
    assert [r["title"] for r in rows] == [r["title"] for r in records]  # Chinese intact
    assert [r["doc_id"] for r in sheet_rows(path, "documents")] == [d["doc_id"] for d in documents]
    assert [r["items"] for r in sheet_rows(path, "documents")] == [len(d["items"]) for d in documents]
    warned = [(w["line"], w["code"], w["message"]) for d in documents for w in d["warnings"]]
    assert [(w["line"], w["code"], w["message"]) for w in sheet_rows(path, "warnings")] == warned
    for sheet in book:
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=os.path.basename)
def test_pandas_reads_dates_as_dates_and_years_as_integers(tmp_path, sample):
    path = str(tmp_path / "plan.xlsx")
    assert run("parse", sample, "-o", path).code == 0
    records, _ = parsed(sample)
    frame = pd.read_excel(path, sheet_name="records")
    assert len(frame) == len(records)
    dates = [r["deadline_date"] for r in records]
    if any(dates):
        assert pd.api.types.is_datetime64_any_dtype(frame["deadline_date"])
        assert [d.date().isoformat() if not pd.isna(d) else None for d in frame["deadline_date"]] == dates
    years = frame["year"].dropna()
    assert (years == years.round()).all() and list(years.astype(int)) == [r["year"] for r in records if r["year"]]
    assert list(frame["text"].fillna("")) == [r["text"] for r in records]


def test_list_cells_are_joined_as_in_csv(tmp_path):
    path = str(tmp_path / "c.xlsx")
    assert run("parse", COMPILATION, "-o", path).code == 0
    csv_text = run("parse", COMPILATION, "-f", "csv").stdout
    import csv
    import io

    expected = list(csv.DictReader(io.StringIO(csv_text)))
    rows = sheet_rows(path, "records")
    assert [r["departments"] or "" for r in rows] == [r["departments"] for r in expected]
    assert any("；" in r["departments"] for r in expected)


def test_a_cell_longer_than_excel_holds_is_cut_and_listed(write_records):
    record = sample_records(1)[0]
    record.text = "专利" * 20_000
    path, notices = write_records([record])
    text = sheet_rows(path, "records")[0]["text"]
    assert len(text) == workbook.CELL_LIMIT and text.endswith("…") and text.startswith("专利专利")
    warning = sheet_rows(path, "warnings")[0]
    assert warning["code"] == "cut-cell" and "text of item" in warning["message"]
    assert len(notices) == 1 and "1 cell was longer than Excel's 32,767 characters" in notices[0]


def test_a_cell_cut_between_the_halves_of_a_surrogate_pair_keeps_whole_characters():
    text, cut = workbook.cell_text("𠀀" * 20_000)  # two UTF-16 units each
    assert cut and set(text[:-1]) == {"𠀀"} and len(text.encode("utf-16-le")) // 2 <= workbook.CELL_LIMIT


def test_control_characters_excel_refuses_are_shown_as_their_pictures(write_records):
    record = sample_records(1)[0]
    record.title = "知识产权\x01保护\x1f工程\x00"
    record.deliverable = "一\t二\n三"
    path, notices = write_records([record])
    row = sheet_rows(path, "records")[0]
    assert row["title"] == "知识产权␁保护␟工程␀" and row["deliverable"] == "一\t二\n三"
    assert not notices


def test_text_that_looks_like_a_formula_or_a_link_stays_text(write_records):
    record = sample_records(1)[0]
    record.title = '=HYPERLINK("http://example.invalid","点击")'
    record.deliverable = "http://example.invalid/plan"
    path, _ = write_records([record])
    cells = {c.value: c for c in openpyxl.load_workbook(path)["records"][2]}
    assert cells[record.title].data_type == "s" and not cells[record.deliverable].hyperlink


def test_rows_past_the_last_excel_has_go_on_in_a_second_sheet(write_records, monkeypatch):
    monkeypatch.setattr(workbook, "SHEET_ROWS", 3)  # a header and two rows a sheet
    records = sample_records(5)
    path, _ = write_records(records)
    parts = ["records", "records (2)", "records (3)"]
    assert set(parts) <= set(openpyxl.load_workbook(path).sheetnames)
    ids = [r["id"] for name in parts for r in sheet_rows(path, name)]
    assert ids == [r.id for r in records]


def test_stats_rows_in_a_sheet_with_counts_as_numbers_and_deadlines_as_dates(tmp_path):
    path = str(tmp_path / "counts.xlsx")
    assert run("stats", *SAMPLE_FILES, "--by", "region", "--by", "year", "-o", path).code == 0
    expected = run("stats", *SAMPLE_FILES, "--by", "region", "--by", "year", "-f", "jsonl").jsonl()
    rows = sheet_rows(path, "stats")
    assert [(r["region"], r["year"], r["items"]) for r in rows] == [(e["region"], e["year"], e["items"])
                                                                    for e in expected]
    assert all(isinstance(r["items"], int) and isinstance(r["share"], float) for r in rows)
    deadlines = str(tmp_path / "deadlines.xlsx")
    assert run("stats", TASKS, "--by", "deadline", "-f", "xlsx", "-o", deadlines).code == 0
    frame = pd.read_excel(deadlines)
    assert pd.api.types.is_datetime64_any_dtype(frame["deadline"]) and frame["items"].sum() == 27


def test_diff_rows_in_a_sheet_hold_the_csv_columns(tmp_path):
    import csv
    import io

    records = run("parse", COMPILATION, "-f", "jsonl").stdout.splitlines()
    old, new = tmp_path / "old.jsonl", tmp_path / "new.jsonl"
    old.write_text("\n".join(r for r in records if '"北京市"' in r) + "\n", encoding="utf-8")
    new.write_text("\n".join(r for r in records if '"天津市"' in r) + "\n", encoding="utf-8")
    path = str(tmp_path / "diff.xlsx")
    assert run("diff", str(old), str(new), "-o", path).code == 0
    expected = list(csv.DictReader(io.StringIO(run("diff", str(old), str(new), "-f", "csv").stdout)))
    rows = sheet_rows(path, "diff")
    assert [(r["change"], r["new_title"] or "") for r in rows] == [(e["change"], e["new_title"]) for e in expected]
    assert len(rows) == 47


@pytest.mark.parametrize("args", [["parse", COMPILATION, "-f", "xlsx"], ["parse", COMPILATION, "-f", "xlsx", "-o", "-"],
                                  ["stats", COMPILATION, "-f", "xlsx"], ["diff", COMPILATION, COMPILATION, "-f", "xlsx"]])
def test_a_workbook_on_standard_output_is_refused_in_one_line(args):
    result = run(*args)
    assert result.code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "binary" in result.stderr and "-o FILE.xlsx" in result.stderr


def test_a_failed_run_leaves_the_workbook_there_as_it_was(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"an earlier workbook")
    result = run("parse", str(tmp_path / "missing.txt"), "-o", str(path))
    assert result.code == 2 and path.read_bytes() == b"an earlier workbook"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.xlsx"]  # no temporary file left


def test_a_workbook_is_not_written_into_a_pipe(tmp_path):
    fifo = tmp_path / "pipe.xlsx"
    os.mkfifo(fifo)
    result = run("parse", COMPILATION, "-o", str(fifo))
    assert result.code == 1 and "cannot write an Excel workbook to a pipe" in result.stderr


def test_batch_combines_every_file_into_one_workbook(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    for sample in SAMPLE_FILES:
        (folder / os.path.basename(sample)).write_bytes(open(sample, "rb").read())
    combined = str(tmp_path / "all.xlsx")
    result = run("batch", str(folder), "-o", str(tmp_path / "out"), "--combined", combined, "-q", "-j", "1")
    assert result.code == 0, result.stderr
    expected = sum(len(parsed(s)[0]) for s in SAMPLE_FILES)
    assert len(sheet_rows(combined, "records")) == expected
    assert len(sheet_rows(combined, "documents")) == 35
    assert {w["file"] for w in sheet_rows(combined, "warnings")} >= {str(folder / "2017_provincial_compilation.txt")}


def test_a_combined_workbook_in_the_input_folder_is_not_read_as_a_plan(tmp_path):
    """Regression: the next batch took the combined workbook it had written among the plans for
    an Excel plan, and failed on it."""
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "plan.txt").write_bytes(open(SAMPLE_FILES[0], "rb").read())
    combined = str(folder / "all.xlsx")
    for _ in range(2):
        result = run("batch", str(folder), "-o", str(tmp_path / "out"), "--combined", combined, "-q", "--force")
        assert result.code == 0, result.stderr
    assert {r["source_file"] for r in sheet_rows(combined, "records")} == {str(folder / "plan.txt")}


def test_deadline_dates_are_excel_dates(tmp_path):
    path = str(tmp_path / "c.xlsx")
    assert run("parse", TASKS, "-o", path).code == 0
    column = CSV_COLUMNS.index("deadline_date")
    cells = [row[column] for row in openpyxl.load_workbook(path)["records"].iter_rows(min_row=2)]
    assert len(cells) == 27 and all(isinstance(c.value, datetime.datetime) and c.is_date for c in cells)


def test_a_run_stopped_while_writing_leaves_no_rows_behind_in_the_temporary_folder(tmp_path, monkeypatch):
    """Regression: XlsxWriter keeps the rows of each sheet in temporary files that it removes
    only when it closes the workbook; a run stopped before (Ctrl-C) left them in /tmp."""
    import gc
    import tempfile

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    records = sample_records(3)
    with pytest.raises(KeyboardInterrupt):
        with open_destination("xlsx", str(tmp_path / "out.xlsx")) as out:
            writer = make_writer("xlsx", out)
            writer.begin()
            writer.write_records(records)
            assert list(scratch.iterdir())  # the rows so far wait there
            raise KeyboardInterrupt
    del writer
    gc.collect()
    assert list(scratch.iterdir()) == [] and list(tmp_path.iterdir()) == [scratch]
