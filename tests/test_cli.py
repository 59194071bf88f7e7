"""The command line as a user meets it: formats, files, stdin, detection, errors."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import jsonschema
import pytest

from conftest import SAMPLES, run
from ipwork.writers import CSV_COLUMNS, join_list_cell, split_list_cell
from pdfmaker import table_pdf, without_font_bbox

OUTLINE = str(SAMPLES / "2013_cnipa_work_points.txt")
TASKS = str(SAMPLES / "2017_national_patent_tasks.txt")


def test_jsonl_lines_are_flat_records():
    records = run("parse", OUTLINE, "-f", "jsonl").jsonl()
    assert len(records) == 26
    first = records[0]
    for key in ("region", "year", "path", "title", "text", "deliverable", "departments", "deadline",
                "source", "doc_title", "issuer", "layout"):
        assert key in first
    assert first["source"]["file"] == OUTLINE and first["layout"] == "outline"


def test_json_is_a_list_of_documents_valid_against_the_schema():
    result = run("parse", OUTLINE, TASKS)
    docs = json.loads(result.stdout)
    schema = json.loads(run("schema", "--document").stdout)
    assert [d["layout"] for d in docs] == ["outline", "tasks"]
    for doc in docs:
        jsonschema.validate(doc, schema)


def test_jsonl_records_validate_against_the_record_schema():
    schema = json.loads(run("schema").stdout)
    for record in run("parse", TASKS, "-f", "jsonl").jsonl():
        jsonschema.validate(record, schema)


def test_csv_has_the_columns_and_joins_lists():
    result = run("parse", TASKS, "-f", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == CSV_COLUMNS and len(rows) == 28
    row = dict(zip(rows[0], rows[18]))
    assert row["departments"] == "条法司；规划司" and row["region"] == "全国"


def test_csv_bom_for_excel(tmp_path):
    out = tmp_path / "x.csv"
    assert run("parse", OUTLINE, "-f", "csv", "--bom", "-o", str(out)).code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbfid,doc_id,seq,")


def test_output_file_is_written_whole(tmp_path):
    out = tmp_path / "out.jsonl"
    result = run("parse", OUTLINE, "-f", "jsonl", "-o", str(out))
    assert result.code == 0 and result.stdout == ""
    assert len(out.read_text(encoding="utf-8").splitlines()) == 26
    assert [p.name for p in out.parent.iterdir()] == ["out.jsonl"]


def test_stdin():
    data = (SAMPLES / "2013_cnipa_work_points.txt").read_bytes()
    records = run("parse", "-", "-f", "jsonl", input=data).jsonl()
    assert len(records) == 26 and records[0]["source"]["file"] == "-"


def test_detect_prints_layout_and_score():
    result = run("detect", OUTLINE, TASKS)
    assert result.stdout.splitlines() == [f"{OUTLINE}\toutline\t0.75", f"{TASKS}\ttasks\t0.95"]


@pytest.fixture
def sniffs(monkeypatch):
    """How many times each layout's sniffer ran."""
    from collections import Counter

    from ipwork import parsers

    calls = Counter()
    for name, layout in parsers.LAYOUTS.items():
        def counted(src, sniff=layout.sniff, name=name):
            calls[name] += 1
            return sniff(src)
        monkeypatch.setattr(layout, "sniff", counted)
    return calls


def test_detect_chooses_from_the_scores_it_printed(sniffs):
    """Regression: detect scored every layout, then choosing the best scored them all again."""
    from ipwork.parsers import LAYOUTS

    assert run("detect", OUTLINE).stdout == f"{OUTLINE}\toutline\t0.75\n"
    assert sniffs == {name: 1 for name in LAYOUTS}


@pytest.mark.parametrize("plans", [True, False], ids=["a-plan-without-items", "no-plan"])
def test_no_work_items_names_the_layout_chosen_without_detecting_again(sniffs, monkeypatch, tmp_path, plans):
    """Regression: when the layout found no plan at all, the error detected the layout a
    second time (and could then fail another way)."""
    from ipwork.parsers import LAYOUTS

    if not plans:
        monkeypatch.setattr(LAYOUTS["outline"], "parse", lambda src: iter(()))
    path = tmp_path / "heading-only.txt"
    path.write_text("一、加强保护\n", encoding="utf-8")
    result = run("parse", str(path))
    assert result.code == 2 and "no work items found (layout 'outline', detected)" in result.stderr
    assert sniffs == {name: 1 for name in LAYOUTS}


@pytest.mark.parametrize("command", ["parse", "stats", "diff"])
def test_an_input_that_cannot_be_read_is_said_alike_by_every_command(tmp_path, command):
    """Regression: parse said ``no such file`` of a dangling link, where batch named the link's
    target; each had its own copy of these messages."""
    gone = tmp_path / "gone.txt"
    gone.symlink_to("nowhere.txt")
    result = run(command, str(gone), *([OUTLINE] if command == "diff" else []))
    assert result.code == 2
    assert f"ipwork: error: {gone}: a symbolic link to nowhere.txt, which does not exist\n" in result.stderr


def test_layout_override_and_layout_list():
    assert run("parse", OUTLINE, "--layout", "outline", "-f", "jsonl").code == 0
    assert [line.split("\t")[0] for line in run("layouts").stdout.splitlines()] == ["compilation", "tasks", "outline"]


@pytest.mark.parametrize("args, words", [
    (("parse", "missing.txt"), "missing.txt: no such file"),
    (("parse", str(SAMPLES)), "is a directory"),
    (("parse", OUTLINE, "--layout", "nope"), "unknown layout 'nope'; known layouts: compilation, tasks, outline"),
    (("parse", OUTLINE, "-f", "xml"), "Invalid value"),
    (("parse",), "Missing argument"),
])
def test_errors_are_one_line_exit_2_no_traceback(args, words):
    result = run(*args)
    assert result.code == 2
    assert words in result.stderr
    assert result.stderr.startswith("ipwork: error: ") and result.stderr.count("\n") == 1
    assert result.stdout == ""


def test_not_a_document_is_exit_2(write):
    path = write("notes.txt", "这只是一段普通的文字，没有任何标题或表格。\n")
    result = run("parse", path)
    assert result.code == 2 and "no known layout recognises" in result.stderr


def test_one_bad_file_does_not_lose_the_others(tmp_path):
    out = tmp_path / "all.jsonl"
    result = run("parse", OUTLINE, "missing.txt", TASKS, "-f", "jsonl", "-o", str(out))
    assert result.code == 2 and result.stderr.count("error:") == 1
    assert len(out.read_text(encoding="utf-8").splitlines()) == 26 + 27


def test_strict_turns_warnings_into_exit_1(write):
    path = write("gap.txt", "某省2019年工作要点\n一、甲\n推进。\n三、丙\n推进。\n")
    assert run("parse", path).code == 0
    result = run("parse", path, "--strict")
    assert result.code == 1 and "warning" in result.stderr


def test_report_shows_coverage_on_stderr_only():
    result = run("parse", OUTLINE, "-f", "jsonl", "--report")
    assert "unparsed" in result.stderr and len(result.jsonl()) == 26


def test_help_has_examples():
    for command in ("parse", "detect", "schema", "layouts", "batch"):
        assert "Example" in run(command, "--help").stdout


def test_version():
    assert run("--version").stdout.startswith("ipwork, version ")


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv"])
def test_quiet_on_a_closed_pipe_and_no_failure_status(fmt):
    cmd = (f"set -o pipefail; {sys.executable} -m ipwork parse "
           f"{SAMPLES / '2017_provincial_compilation.txt'} -f {fmt} | head -1")
    proc = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True)
    assert proc.stderr == "" and len(proc.stdout.splitlines()) == 1
    assert proc.returncode == 0


COMPILATION = str(SAMPLES / "2017_provincial_compilation.txt")


def test_warnings_are_summarised_once_per_file_on_stderr():
    result = run("parse", COMPILATION, OUTLINE, "-f", "jsonl")
    assert result.code == 0
    assert result.stderr == (f"ipwork: {COMPILATION}: 17 warnings (shifted-row 17); --warnings lists them\n")


def test_warnings_switch_lists_file_line_code_message():
    lines = run("parse", COMPILATION, "-f", "csv", "--warnings").stderr.splitlines()
    assert len(lines) == 17
    assert all(line.startswith(f"{COMPILATION}:") and ": shifted-row: cells moved" in line for line in lines)
    assert int(lines[0].split(":")[1]) > 0


def test_strict_lists_the_warnings_then_fails():
    result = run("parse", COMPILATION, "-f", "jsonl", "--strict")
    lines = result.stderr.splitlines()
    assert result.code == 1 and len(lines) == 18
    assert ": shifted-row: " in lines[0] and lines[-1] == f"ipwork: error: {COMPILATION}: 17 warnings and --strict given"


@pytest.mark.parametrize("sample, layout", [("2013_cnipa_work_points.txt", "tasks"),
                                            ("2017_national_patent_tasks.txt", "compilation")])
def test_a_forced_layout_that_finds_nothing_is_an_error(sample, layout):
    result = run("parse", str(SAMPLES / sample), "--layout", layout, "-f", "jsonl")
    assert result.code == 2 and result.stdout == ""
    assert f"no work items found (layout '{layout}', forced with --layout)" in result.stderr


def test_csv_booleans_are_true_and_false():
    rows = list(csv.DictReader(io.StringIO(run("parse", COMPILATION, "-f", "csv").stdout)))
    assert {r["joined_across_pages"] for r in rows} == {"true", "false"}


@pytest.mark.parametrize("values", [[], ["甲"], ["甲", "乙"], ["甲；乙", "丙"], ["", "x"], ["[1]"], ["a", "[b"]])
def test_list_cells_round_trip(values):
    assert split_list_cell(join_list_cell(values)) == values


def test_csv_list_cells_read_back_as_the_jsonl_lists():
    records = run("parse", COMPILATION, "-f", "jsonl").jsonl()
    rows = list(csv.DictReader(io.StringIO(run("parse", COMPILATION, "-f", "csv").stdout)))
    for record, row in zip(records, rows, strict=True):
        assert split_list_cell(row["departments"]) == record["departments"]
        assert split_list_cell(row["path"]) == record["path"]


def test_ids_are_stable_unique_and_the_same_in_every_encoding(tmp_path):
    first = [r["id"] for r in run("parse", COMPILATION, "-f", "jsonl").jsonl()]
    assert first == [r["id"] for r in run("parse", COMPILATION, "-f", "jsonl").jsonl()]
    assert len(set(first)) == len(first) == 1124
    copy = tmp_path / "copy.txt"
    copy.write_bytes((SAMPLES / "2013_cnipa_work_points.txt").read_text(encoding="utf-8").encode("gb18030"))
    assert ([r["id"] for r in run("parse", str(copy), "-f", "jsonl").jsonl()]
            == [r["id"] for r in run("parse", OUTLINE, "-f", "jsonl").jsonl()])


def test_records_of_a_one_line_file_carry_character_offsets():
    line = (SAMPLES / "2017_national_patent_tasks.txt").read_text(encoding="utf-8").splitlines()[0]
    records = run("parse", TASKS, "-f", "jsonl").jsonl()
    assert {r["source"]["line"] for r in records} == {1}
    for r in records:
        start, end = r["source"]["offset"], r["source"]["offset_end"]
        assert line[start:].startswith(r["number"] + ".") and r["title"] in line[start:end]
    starts = [r["source"]["offset"] for r in records]
    assert starts == sorted(starts)


def test_pdf_library_messages_stay_off_stderr(tmp_path):
    header = ["序号", "工作重点", "工作内容", "具体任务", "成果形式", "责任部门"]
    path = without_font_bbox(table_pdf(str(tmp_path / "t.pdf"), [
        ("北京市 2018 年工作要点", [header, ["1", "推进改革", "建设集聚区", "促进发展", "建成平台", "市知识产权局"]])]))
    quiet = subprocess.run([sys.executable, "-m", "ipwork", "parse", path, "-f", "jsonl"], capture_output=True, text=True)
    assert quiet.returncode == 0 and quiet.stderr == "" and len(quiet.stdout.splitlines()) == 1
    loud = subprocess.run([sys.executable, "-m", "ipwork", "-v", "parse", path, "-f", "jsonl"],
                          capture_output=True, text=True)
    assert "FontBBox" in loud.stderr


def _long_pdf_without_font_bbox(tmp_path, pages: int) -> str:
    header = ["序号", "工作重点", "工作内容", "具体任务", "成果形式", "责任部门"]
    return without_font_bbox(table_pdf(str(tmp_path / "long.pdf"), [
        ("北京市 2018 年工作要点" if n == 1 else None, [header, [str(n), "推进改革", f"建设集聚区{n}", "促进发展",
                                                             "建成平台", "市知识产权局"]]) for n in range(1, pages + 1)]))


def test_pdf_worker_processes_show_library_messages_with_v(tmp_path):
    """Regression: the worker processes reading a long PDF's pages kept the libraries quiet
    whatever -v said."""
    from ipwork.readers.pdf import PROGRESS_PAGES

    path = _long_pdf_without_font_bbox(tmp_path, PROGRESS_PAGES + 2)
    args = [sys.executable, "-m", "ipwork", "parse", path, "-f", "jsonl", "-j", "2"]
    quiet = subprocess.run(args, capture_output=True, text=True)
    assert quiet.returncode == 0 and quiet.stderr == "" and len(quiet.stdout.splitlines()) == PROGRESS_PAGES + 2
    loud = subprocess.run(args + ["-v"], capture_output=True, text=True)
    assert loud.returncode == 0 and "FontBBox" in loud.stderr and loud.stdout == quiet.stdout


def test_a_short_pdf_is_read_without_worker_processes(tmp_path, monkeypatch):
    """Regression: a pool of workers started for a PDF of two or three pages, slower than
    reading them at once."""
    def no_pool(*args, **kwargs):
        raise AssertionError("a worker pool was started")

    monkeypatch.setattr("ipwork.workers.worker_pool", no_pool)
    path = _long_pdf_without_font_bbox(tmp_path, 3)
    result = run("parse", path, "-f", "jsonl", "-j", "4")
    assert result.code == 0 and len(result.jsonl()) == 3


def test_batch_refuses_a_combined_file_it_cannot_write(tmp_path):
    result = run("batch", str(SAMPLES), "-o", str(tmp_path / "out"), "--combined", str(tmp_path / "all.json"))
    assert result.code == 2 and "must end in .jsonl, .ndjson, .csv, .db, .sqlite, .sqlite3 or .xlsx" in result.stderr
    assert not (tmp_path / "out").exists()


def test_batch_says_when_no_file_matches(tmp_path):
    result = run("batch", str(SAMPLES), "-o", str(tmp_path / "out"), "--glob", "*.docx")
    assert result.code == 2 and "no files match *.docx" in result.stderr


def test_batch_errors_name_files_as_typed(tmp_path, monkeypatch):
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "sub" / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n")
    monkeypatch.chdir(tmp_path)
    result = run("batch", "in/", "-o", "out", "-q")
    assert result.code == 1 and "ipwork: error: in/sub/bad.txt: a PNG image" in result.stderr


@pytest.mark.parametrize("change", [lambda t: t.replace("\n", "\r\n"), lambda t: t + "\n\n",
                                    lambda t: t.replace("\n", "  \n")], ids=["crlf", "final-newlines", "trailing-spaces"])
def test_ids_survive_an_editor_saving_the_file_again(tmp_path, change):
    text = (SAMPLES / "2013_cnipa_work_points.txt").read_text(encoding="utf-8")
    saved = tmp_path / "saved.txt"
    saved.write_bytes(change(text).encode("utf-8"))
    assert ([r["id"] for r in run("parse", str(saved), "-f", "jsonl").jsonl()]
            == [r["id"] for r in run("parse", OUTLINE, "-f", "jsonl").jsonl()])


def test_verbose_is_accepted_after_the_command_too():
    assert run("parse", "-v", OUTLINE, "-f", "jsonl").code == 0


def test_batch_with_nothing_to_do_says_only_that(tmp_path):
    result = run("batch", str(SAMPLES), "-o", str(tmp_path / "out"), "--glob", "*.docx")
    assert result.stderr.count("\n") == 1
