"""``-o`` never destroys data; output errors are one line naming the output."""
from __future__ import annotations

import os
import signal
import time

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
    (["-o", "plan.ods"], "cannot tell the format from 'plan.ods'"),
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


def test_output_through_a_symlink_replaces_its_target_and_keeps_the_link(tmp_path):
    target = tmp_path / "data" / "plan.jsonl"
    target.parent.mkdir()
    target.write_text(OLD, encoding="utf-8")
    os.chmod(target, 0o600)
    link = tmp_path / "plan.jsonl"
    link.symlink_to(os.path.join("data", "plan.jsonl"))
    assert run("parse", OUTLINE, "-o", str(link)).code == 0
    assert link.is_symlink() and os.readlink(link) == os.path.join("data", "plan.jsonl")
    assert len(target.read_text(encoding="utf-8").splitlines()) == 26
    assert target.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["data", "plan.jsonl", "plan.jsonl"]


def test_a_dangling_symlink_as_output_creates_its_target(tmp_path):
    link = tmp_path / "plan.jsonl"
    link.symlink_to("made.jsonl")
    assert run("parse", OUTLINE, "-o", str(link)).code == 0
    assert link.is_symlink() and len((tmp_path / "made.jsonl").read_text(encoding="utf-8").splitlines()) == 26


def test_a_symlink_into_a_missing_folder_names_that_folder(tmp_path):
    link = tmp_path / "plan.jsonl"
    link.symlink_to(tmp_path / "gone" / "plan.jsonl")
    result = run("parse", OUTLINE, "-o", str(link))
    assert result.code == 1 and f"the folder {tmp_path / 'gone'} does not exist ({link} links there)" in result.stderr


def test_a_symlink_loop_as_output_is_an_error_and_stays_a_link(tmp_path):
    """Regression: the loop was replaced by a regular file."""
    loop = tmp_path / "plan.jsonl"
    loop.symlink_to("plan.jsonl")
    result = run("parse", OUTLINE, "-o", str(loop))
    assert result.code == 1 and result.stderr == f"ipwork: error: {loop}: cannot write: Too many levels of symbolic links\n"
    assert loop.is_symlink() and [p.name for p in tmp_path.iterdir()] == ["plan.jsonl"]


def test_a_fifo_output_is_written_to_and_stays_a_fifo(tmp_path):
    import stat
    import subprocess
    import sys

    fifo = tmp_path / "plan.jsonl"
    os.mkfifo(fifo)
    proc = subprocess.Popen([sys.executable, "-m", "ipwork", "parse", OUTLINE, "-o", str(fifo)],
                            stderr=subprocess.PIPE, text=True)
    with open(fifo, encoding="utf-8") as reader:  # blocks until ipwork opens it for writing
        got = reader.read()
    assert proc.wait(timeout=60) == 0 and proc.stderr.read() == ""
    assert len(got.splitlines()) == 26
    assert stat.S_ISFIFO(fifo.stat().st_mode) and [p.name for p in tmp_path.iterdir()] == ["plan.jsonl"]


def test_a_device_output_is_written_to_and_stays_a_device(tmp_path):
    import stat

    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a second /dev/null, here
    except (PermissionError, AttributeError):
        pytest.skip("cannot make a device node here")
    result = run("parse", OUTLINE, "-f", "jsonl", "-o", str(null))
    assert result.code == 0 and stat.S_ISCHR(null.stat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["null"]


def _unreadable(tmp_path) -> str:
    path = tmp_path / "locked.txt"
    path.write_text("一、甲\n推进工作。\n", encoding="utf-8")
    path.chmod(0)
    return str(path)


def _loop(tmp_path) -> str:
    (tmp_path / "loop.txt").symlink_to("loop.txt")
    return str(tmp_path / "loop.txt")


def _dangling(tmp_path) -> str:
    (tmp_path / "gone.txt").symlink_to("nowhere.txt")
    return str(tmp_path / "gone.txt")


def _write(name: str, data: bytes):
    def make(tmp_path) -> str:
        (tmp_path / name).write_bytes(data)
        return str(tmp_path / name)
    return make


@pytest.mark.parametrize("make", [
    _write("empty.txt", b""), _write("blank.txt", b" \n\n"), _write("image.txt", b"\x89PNG\r\n\x1a\n\x00"),
    _write("cut.txt", "一".encode()[:2]), _loop, _dangling,
    pytest.param(_unreadable, marks=pytest.mark.skipif(os.geteuid() == 0, reason="root reads anything")),
], ids=["empty", "blank", "image", "a-cut-character", "symlink-loop", "dangling-symlink", "unreadable"])
def test_an_empty_or_unreadable_input_never_empties_the_output(tmp_path, existing, make):
    result = run("parse", make(tmp_path), "-f", "jsonl", "-o", str(existing))
    assert result.code == 2 and "left as it was" in result.stderr
    assert existing.read_text(encoding="utf-8") == OLD
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=lambda s: s.name)
def test_a_signal_during_parse_leaves_the_output_and_no_part_file(tmp_path, existing, sig):
    import subprocess
    import sys

    big = tmp_path / "big.txt"
    big.write_bytes((SAMPLES / "2017_provincial_compilation.txt").read_bytes() * 10)
    proc = subprocess.Popen([sys.executable, "-m", "ipwork", "parse", str(big), "-o", str(existing)],
                            stderr=subprocess.PIPE, text=True)
    while not any(p.name.endswith(".part") for p in tmp_path.iterdir()):  # the output is open
        assert proc.poll() is None, proc.stderr.read()
        time.sleep(0.02)
    proc.send_signal(sig)
    assert proc.wait(timeout=60) == 130
    assert proc.stderr.read().endswith("ipwork: error: interrupted\n")
    assert existing.read_text(encoding="utf-8") == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.txt", "out.jsonl"]
