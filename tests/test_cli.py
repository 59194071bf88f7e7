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
from ipwork.writers import CSV_COLUMNS

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
    assert out.read_bytes().startswith(b"\xef\xbb\xbfseq,")


def test_output_file_is_written_whole(tmp_path):
    out = tmp_path / "sub" / "out.jsonl"
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
    assert "Traceback" not in result.stderr and result.stdout in ("", "[]\n")


def test_not_a_document_is_exit_2(write):
    path = write("notes.txt", "这只是一段普通的文字，没有任何标题或表格。\n")
    result = run("parse", path)
    assert result.code == 2 and "no known layout recognises" in result.stderr
    assert run("parse", path, "--layout", "outline").code == 0


def test_one_bad_file_does_not_lose_the_others(tmp_path):
    out = tmp_path / "all.jsonl"
    result = run("parse", OUTLINE, "missing.txt", TASKS, "-f", "jsonl", "-o", str(out))
    assert result.code == 2 and result.stderr.count("\n") == 1
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


def test_quiet_on_a_closed_pipe():
    cmd = f"{sys.executable} -m ipwork parse {SAMPLES / '2017_provincial_compilation.txt'} -f jsonl | head -1"
    proc = subprocess.run(cmd, shell=True, capture_output=True, text=True)
    assert proc.stderr == "" and len(proc.stdout.splitlines()) == 1
