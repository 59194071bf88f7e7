"""``-o`` never destroys data; output errors are one line naming the output."""
from __future__ import annotations

import os

import pytest

from conftest import SAMPLES, run

OUTLINE = str(SAMPLES / "2013_cnipa_work_points.txt")
OLD = "the records of an earlier run\n"


@pytest.fixture
def existing(tmp_path):
    path = tmp_path / "out.jsonl"
    path.write_text(OLD, encoding="utf-8")
    return path


@pytest.mark.parametrize("inputs", [["missing.txt"], ["notes"]], ids=["typo-in-input-name", "not-a-plan"])
def test_a_run_that_produces_nothing_leaves_the_output_as_it_was(existing, write, inputs):
    names = [write("notes.txt", "普通的一段文字。\n") if i == "notes" else i for i in inputs]
    result = run("parse", *names, "-f", "jsonl", "-o", str(existing))
    assert result.code == 2
    assert existing.read_text(encoding="utf-8") == OLD
    assert "left as it was" in result.stderr
    assert [p.name for p in existing.parent.iterdir() if p.name.endswith(".part")] == []


def test_a_run_with_records_replaces_the_output_and_keeps_its_permissions(existing):
    os.chmod(existing, 0o640)
    assert run("parse", OUTLINE, "-f", "jsonl", "-o", str(existing)).code == 0
    assert len(existing.read_text(encoding="utf-8").splitlines()) == 26
    assert existing.stat().st_mode & 0o777 == 0o640


def test_output_under_a_regular_file_is_a_one_line_error_naming_it(tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("x", encoding="utf-8")
    target = str(blocker / "out.jsonl")
    result = run("parse", OUTLINE, "-f", "jsonl", "-o", target)
    assert result.code == 1
    assert result.stderr.startswith(f"ipwork: error: {target}: cannot write: ")
    assert "internal error" not in result.stderr and ".part" not in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
def test_a_full_disk_is_a_one_line_error_naming_the_output():
    result = run("parse", OUTLINE, "-f", "jsonl", "-o", "/dev/full")
    assert result.code == 1
    assert result.stderr == "ipwork: error: /dev/full: cannot write: No space left on device\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_a_read_only_folder_is_a_one_line_error(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    result = run("parse", OUTLINE, "-o", str(folder / "x.json"))
    assert result.code == 1 and "Permission denied" in result.stderr and str(folder / "x.json") in result.stderr


def test_the_format_follows_the_output_extension(tmp_path):
    out = tmp_path / "plan.csv"
    assert run("parse", OUTLINE, "-o", str(out)).code == 0
    assert out.read_text(encoding="utf-8").startswith("id,doc_id,seq,")


@pytest.mark.parametrize("args, words", [
    (["-o", "plan.xlsx"], "cannot tell the format from 'plan.xlsx'"),
    (["-f", "json", "-o", "plan.csv"], "names a csv file, but -f json was given"),
    (["-o", ""], "needs a file name"),
])
def test_an_output_name_that_contradicts_the_format_is_a_usage_error(tmp_path, monkeypatch, args, words):
    monkeypatch.chdir(tmp_path)
    result = run("parse", OUTLINE, *args)
    assert result.code == 2 and words in result.stderr and result.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_a_missing_output_folder_is_an_error_not_created(tmp_path):
    target = str(tmp_path / "typo" / "out.jsonl")
    result = run("parse", OUTLINE, "-o", target)
    assert result.code == 1 and "the folder" in result.stderr and "does not exist" in result.stderr
    assert not (tmp_path / "typo").exists()


def test_the_output_may_not_be_an_input(tmp_path):
    copy = tmp_path / "plan.json"
    copy.write_bytes((SAMPLES / "2013_cnipa_work_points.txt").read_bytes())
    result = run("parse", str(copy), "-f", "json", "-o", str(copy))
    assert result.code == 2 and "is also an input" in result.stderr
    assert copy.read_bytes() == (SAMPLES / "2013_cnipa_work_points.txt").read_bytes()


def test_strict_with_warnings_leaves_the_output_as_it_was(existing):
    result = run("parse", str(SAMPLES / "2017_provincial_compilation.txt"), "-f", "jsonl", "--strict",
                 "-o", str(existing))
    assert result.code == 1 and existing.read_text(encoding="utf-8") == OLD
    assert "left as it was (--strict and there were warnings)" in result.stderr


def test_a_failed_json_run_prints_nothing_on_stdout():
    result = run("parse", "missing.txt")
    assert result.code == 2 and result.stdout == ""


def test_closed_stdout_is_a_one_line_error():
    import subprocess
    import sys

    proc = subprocess.run(f"{sys.executable} -m ipwork parse {OUTLINE} >&-", shell=True, capture_output=True, text=True)
    assert proc.returncode == 1 and proc.stderr == "ipwork: error: <stdout>: standard output is closed\n"
