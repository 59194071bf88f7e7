"""ipwork batch: a folder in, a folder out; parallel, resumable, and never half-written."""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SAMPLES, run

COUNTS = {"2013_cnipa_work_points.txt": 26, "2016-2020_sichuan_action_plan.txt": 36,
          "2017_national_patent_tasks.txt": 27, "2017_provincial_compilation.txt": 1124,
          "2020_national_priorities_news.txt": 22}


@pytest.fixture
def tree(tmp_path) -> Path:
    """The samples, a copy in GB18030 in a sub-folder, and a broken file."""
    root = tmp_path / "in"
    (root / "2013").mkdir(parents=True)
    for name in COUNTS:
        shutil.copy(SAMPLES / name, root / name)
    text = (SAMPLES / "2013_cnipa_work_points.txt").read_text(encoding="utf-8")
    (root / "2013" / "gbk_copy.txt").write_bytes(text.encode("gb18030"))
    (root / "2013" / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (root / "notes.md").write_text("not matched by the default patterns", encoding="utf-8")
    return root


def outputs(outdir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(outdir)): p.read_bytes() for p in sorted(outdir.rglob("*"))
            if p.is_file() and not p.name.startswith(".")}


def lines_of(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_tree_is_converted_and_the_failure_reported(tree, tmp_path):
    out = tmp_path / "out"
    result = run("batch", str(tree), "-o", str(out), "-j", "2")
    assert result.code == 1
    assert "2013/broken.txt: a PNG image" in result.stderr
    got = outputs(out)
    assert set(got) == {n.replace(".txt", ".jsonl") for n in COUNTS} | {"2013/gbk_copy.jsonl"}
    for name, count in COUNTS.items():
        assert len(lines_of(out / name.replace(".txt", ".jsonl"))) == count
    gbk = lines_of(out / "2013" / "gbk_copy.jsonl")
    utf8 = lines_of(out / "2013_cnipa_work_points.jsonl")
    assert [r["title"] for r in gbk] == [r["title"] for r in utf8]


def test_results_do_not_depend_on_the_number_of_jobs(tree, tmp_path):
    run("batch", str(tree), "-o", str(tmp_path / "one"), "-j", "1", "--combined", str(tmp_path / "one.jsonl"))
    run("batch", str(tree), "-o", str(tmp_path / "two"), "-j", "2", "--combined", str(tmp_path / "two.jsonl"))
    assert outputs(tmp_path / "one") == outputs(tmp_path / "two")
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()


def test_combined_file_holds_every_item_in_order(tree, tmp_path):
    combined = tmp_path / "all.csv"
    run("batch", str(tree), "-o", str(tmp_path / "out"), "--combined", str(combined), "--bom")
    assert combined.read_bytes().startswith(b"\xef\xbb\xbfid,doc_id,seq,region,region_code")
    rows = combined.read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) - 1 == sum(COUNTS.values())  # the GB18030 copy is the same plan: written once


def test_second_run_skips_everything_up_to_date(tree, tmp_path):
    out = tmp_path / "out"
    run("batch", str(tree), "-o", str(out))
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.jsonl")}
    assert run("batch", str(tree), "-o", str(out)).code == 1  # the broken file still fails
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.jsonl")} == before
    manifest = json.loads((out / ".ipwork-manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["entries"]) == len(COUNTS) + 1


def test_changed_input_and_force_are_redone(tree, tmp_path):
    from ipwork.batch import Settings, batch, plan_jobs

    out = tmp_path / "out"
    settings = Settings()
    args = dict(settings=settings, workers=1, fail_fast=False, combined=None, on_outcome=lambda o: None)

    def run_batch(force: bool):
        return batch(plan_jobs(tree, out, ("*.txt",), settings.fmt), out, force=force, **args)

    run_batch(False)
    (tree / "2020_national_priorities_news.txt").write_text("一、甲\n推进工作。\n", encoding="utf-8")
    status = {o.relative: o.status for o in run_batch(False)}
    assert status["2020_national_priorities_news.txt"] == "done"
    assert status["2013_cnipa_work_points.txt"] == "skipped"
    assert status["2013/broken.txt"] == "failed"
    assert {o.status for o in run_batch(True)} == {"done", "failed"}


def test_fail_fast_stops_at_the_first_failure(tree, tmp_path):
    (tree / "000_broken.txt").write_bytes(b"")
    result = run("batch", str(tree), "-o", str(tmp_path / "out"), "--fail-fast", "-j", "1")
    assert result.code == 1
    assert not (tmp_path / "out" / "2016-2020_sichuan_action_plan.jsonl").exists()


def test_glob_chooses_files(tree, tmp_path):
    run("batch", str(tree), "-o", str(tmp_path / "out"), "--glob", "2017_*.txt")
    assert set(outputs(tmp_path / "out")) == {"2017_national_patent_tasks.jsonl", "2017_provincial_compilation.jsonl"}


def _big_tree(root: Path, copies: int) -> Path:
    root.mkdir()
    for i in range(copies):
        shutil.copy(SAMPLES / "2017_provincial_compilation.txt", root / f"c{i:03}.txt")
    return root


def _whole(out: Path) -> None:
    for path in out.glob("*.jsonl"):
        assert len(lines_of(path)) == 1124, path


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=lambda s: s.name)
def test_interrupted_run_leaves_only_whole_files(tmp_path, sig):
    root = _big_tree(tmp_path / "in", 40)
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "ipwork", "batch", str(root), "-o", str(out), "-j", "2", "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while not list(out.glob("*.jsonl")) and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(sig)
    proc.wait(timeout=60)
    assert proc.returncode != 0
    done = list(out.glob("*.jsonl"))
    assert 0 < len(done) < 40
    _whole(out)
    assert not list(out.rglob("*.part"))


def test_killed_run_leaves_whole_outputs_and_a_rerun_finishes(tmp_path):
    root = _big_tree(tmp_path / "in", 30)
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "ipwork", "batch", str(root), "-o", str(out), "-j", "1", "-q"])
    deadline = time.monotonic() + 30
    while len(list(out.glob("*.jsonl"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.kill()
    proc.wait()
    _whole(out)
    assert run("batch", str(root), "-o", str(out), "-q").code == 0
    assert len(list(out.glob("*.jsonl"))) == 30 and not list(out.rglob("*.part"))
    _whole(out)


def _batch_process(*args: str, **kw) -> subprocess.CompletedProcess:
    """``ipwork batch`` in its own process; the timeout only keeps a hang from stalling the suite."""
    return subprocess.run([sys.executable, "-m", "ipwork", "batch", *args], capture_output=True, text=True,
                          timeout=300, **kw)


def test_dangling_links_loops_fifos_and_sockets_are_reported_and_the_rest_converted(tree, tmp_path):
    """Regression: one such entry stopped the whole batch with nothing written; a FIFO hung it."""
    import socket

    (tree / "dangling.txt").symlink_to("nowhere.txt")
    (tree / "loop.txt").symlink_to("loop.txt")
    os.mkfifo(tree / "2013" / "fifo.txt")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(tree / "socket.txt"))
        result = _batch_process(str(tree), "-o", str(tmp_path / "out"), "-j", "2", "-q")
    assert result.returncode == 1
    errors = sorted(result.stderr.splitlines())
    assert errors == [f"ipwork: error: {tree}/2013/broken.txt: a PNG image that cannot be read (damaged or cut short)",
                      f"ipwork: error: {tree}/2013/fifo.txt: a FIFO, not a regular file, not read",
                      f"ipwork: error: {tree}/dangling.txt: a symbolic link to nowhere.txt, which does not exist",
                      f"ipwork: error: {tree}/loop.txt: cannot read: Too many levels of symbolic links",
                      f"ipwork: error: {tree}/socket.txt: a socket, not a regular file, not read"]
    assert set(outputs(tmp_path / "out")) == {n.replace(".txt", ".jsonl") for n in COUNTS} | {"2013/gbk_copy.jsonl"}


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads anything")
def test_unreadable_files_and_folders_are_reported_and_the_rest_converted(tree, tmp_path):
    (tree / "2016-2020_sichuan_action_plan.txt").chmod(0)
    (tree / "2013").chmod(0)
    result = run("batch", str(tree), "-o", str(tmp_path / "out"), "-q")
    assert result.code == 1
    assert f"{tree}/2016-2020_sichuan_action_plan.txt: cannot read: Permission denied" in result.stderr
    assert f"{tree}/2013: cannot read: Permission denied" in result.stderr
    assert "2013_cnipa_work_points.jsonl" in outputs(tmp_path / "out")


def test_an_output_folder_inside_the_input_folder_is_never_read_as_input(tree, tmp_path):
    out = tree / "out"
    first = run("batch", str(tree), "-o", str(out), "--glob", "*", "-q")
    second = run("batch", str(tree), "-o", str(out), "--glob", "*", "-q", "--force")
    assert first.code == second.code == 1
    assert first.stderr == second.stderr and "out/" not in first.stderr
    assert set(outputs(out)) == {n.replace(".txt", ".jsonl") for n in COUNTS} | {"2013/gbk_copy.jsonl"}
    assert len(lines_of(out / "2013" / "gbk_copy.jsonl")) == 26


def test_the_input_folder_as_output_folder_writes_beside_the_inputs(tree):
    """Regression: ``batch DIR -o DIR`` said no file matched and converted nothing."""
    for _ in range(2):  # the second run must not read the first one's outputs
        result = run("batch", str(tree), "-o", str(tree), "--glob", "*", "-q", "--force")
        assert result.code == 1
        assert sorted(line.split(": ")[2] for line in result.stderr.splitlines()) == [
            f"{tree}/2013/broken.txt", f"{tree}/notes.md"]
    for name, count in COUNTS.items():
        assert len(lines_of(tree / name.replace(".txt", ".jsonl"))) == count
    assert len(lines_of(tree / "2013" / "gbk_copy.jsonl")) == 26


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(n) for n in (task / "children").read_text().split()}
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


# The portable way, where the kernel cannot be asked: each worker watches its parent.
WATCHING = ("import ipwork.batch, sys; ipwork.batch._kernel_ends_me_with_parent = lambda: False; "
            "from ipwork.cli import main; main(sys.argv[1:])")


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc to find the workers")
@pytest.mark.parametrize("start", [["-m", "ipwork"], ["-c", WATCHING]], ids=["kernel", "watching"])
def test_workers_end_with_a_main_process_killed_by_sigkill(tmp_path, start):
    """Regression: the workers lived on, holding stderr open, so ``ipwork batch … | tee`` never ended."""
    root = _big_tree(tmp_path / "in", 40)
    out = tmp_path / "out"
    read_end, write_end = os.pipe()  # ipwork batch … 2>&1 | cat
    proc = subprocess.Popen([sys.executable, *start, "batch", str(root), "-o", str(out), "-j", "3"],
                            stdout=write_end, stderr=write_end)
    tee = subprocess.Popen(["cat"], stdin=read_end, stdout=subprocess.PIPE)
    os.close(read_end)
    os.close(write_end)  # the pipe's writers are now ipwork and its workers only
    while len(_children(proc.pid)) < 3 or not list(out.glob("*.jsonl")):
        assert proc.poll() is None
        time.sleep(0.05)
    workers = _children(proc.pid)
    proc.kill()
    proc.wait()
    try:
        tee.communicate(timeout=120)  # ends only when every writer of the pipe has gone
        deadline = time.monotonic() + 60  # a process closes its files a moment before it ends
        while [pid for pid in workers if _running(pid)] and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [pid for pid in workers if _running(pid)]
    finally:
        for pid in workers:  # when the test fails, leave nothing running
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        tee.kill()
        tee.wait()
    assert run("batch", str(root), "-o", str(out), "-q").code == 0
    _whole(out)
    assert not list(out.rglob("*.part"))



def test_a_batch_error_keeps_the_line_number_parse_gives(tmp_path):
    """Regression: batch printed ``bad.txt: not UTF-8…`` where parse prints ``bad.txt:3: not UTF-8…``."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bad.txt").write_bytes("一、加强保护\n推进工作。\n".encode() + b"\xff\x80\xff\n")
    parsed = run("parse", str(folder / "bad.txt"))
    batched = run("batch", str(folder), "-o", str(tmp_path / "out"), "-q")
    assert parsed.stderr.startswith(f"ipwork: error: {folder}/bad.txt:3: not UTF-8")
    assert batched.code == 1 and batched.stderr == parsed.stderr


def test_batch_finds_every_readable_kind_of_file(tmp_path):
    """Regression: a folder's Word and Excel files were passed over: the default patterns were
    a copy of the readers' extensions from before those readers."""
    from ipwork.batch import DEFAULT_GLOBS, discover
    from ipwork.readers import READABLE_EXTENSIONS

    for ext in READABLE_EXTENSIONS:
        (tmp_path / f"plan{ext}").write_bytes(b"")
    (tmp_path / "plan.md").write_bytes(b"")
    assert sorted(p.name for p in discover(tmp_path, DEFAULT_GLOBS)) == sorted(f"plan{e}" for e in READABLE_EXTENSIONS)
    assert {".docx", ".xlsx", ".doc", ".wps", ".rtf", ".odt"} <= set(READABLE_EXTENSIONS)


# --- Ctrl-C, and outputs that cannot be written -------------------------------------------

PLAN = """青山省2021年知识产权工作要点

一、强化知识产权保护
（一）开展专利、商标侵权假冒专项整治，严厉打击恶意抢注行为（省知识产权局、省市场监管局）。
（二）完善商标注册便利化措施，提升商标审查质量，年内完成（省市场监管局）。
二、促进知识产权运用
（三）推进专利转化运用，开展质押融资活动（省知识产权局）。
（四）建设知识产权服务业集聚区第{n}批项目，培育高价值专利组合（省知识产权局）。
"""
INTERRUPTED = "ipwork: error: interrupted\n"


def _small_plans(root: Path, count: int) -> Path:
    root.mkdir(parents=True)
    for n in range(count):
        (root / f"plan{n:02d}.txt").write_text(PLAN.format(n=n) + SICHUAN_TEXT, encoding="utf-8")
    return root


SICHUAN_TEXT = (SAMPLES / "2016-2020_sichuan_action_plan.txt").read_text(encoding="utf-8")


def _batch(root: Path, out: Path, *extra: str) -> subprocess.Popen:
    # A session of its own, so that Ctrl-C can be sent to the whole job as a terminal does.
    return subprocess.Popen([sys.executable, "-m", "ipwork", "batch", str(root), "-o", str(out), "-q", "-j", "3",
                             *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def _start_up_seconds() -> float:
    """How long this machine takes to start Python and its site packages: a Ctrl-C before that
    reaches the interpreter, not ipwork."""
    started = time.monotonic()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return time.monotonic() - started


def test_ctrl_c_during_batch_hung_or_printed_tracebacks(tmp_path):
    """Ctrl-C waited for the workers' work (pool.shutdown(wait=True)) about one try in five, a
    second one printed tracebacks, and one that came while a regular expression was compiled
    was dropped.  Now: 20 interrupts at random moments, once or twice, to the job or to the
    main process; each ends within two seconds with one line, and a last run resumes."""
    import random

    root = _small_plans(tmp_path / "in", 24)
    out = tmp_path / "out"
    whole = _batch(root, out, "--force")
    started = time.monotonic()
    assert whole.wait(timeout=120) == 0, whole.stderr.read()
    seconds = time.monotonic() - started
    earliest = 2 * _start_up_seconds()
    shuffle = random.Random(20)
    interrupted = 0
    for attempt in range(20):
        proc = _batch(root, out, *(["--force"] if attempt < 15 else []))
        time.sleep(shuffle.uniform(earliest, max(earliest, 0.8 * seconds)))
        sent = time.monotonic()
        with contextlib.suppress(ProcessLookupError):
            if attempt % 2:
                os.killpg(proc.pid, signal.SIGINT)
            else:
                proc.send_signal(signal.SIGINT)
            if attempt % 4 == 3:
                time.sleep(0.05)
                os.killpg(proc.pid, signal.SIGINT)
        try:
            _, stderr = proc.communicate(timeout=2)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            pytest.fail(f"attempt {attempt}: still running 2 s after Ctrl-C")
        assert time.monotonic() - sent < 2, attempt
        assert "Traceback" not in stderr and stderr in ("", INTERRUPTED), (attempt, stderr)
        # A run that had finished, or was shutting down, when the signal came may end by it.
        assert proc.returncode in (0, 130, -signal.SIGINT), (attempt, proc.returncode)
        if proc.returncode == 130:
            interrupted += 1
            # A second Ctrl-C ends the run at once: it may leave a temporary file for the next run.
            assert stderr == INTERRUPTED and (attempt % 4 == 3 or not list(out.rglob("*.part"))), attempt
        _whole_plans(out)
    assert interrupted >= 12  # most came mid-run (the last five runs may find little left to do)
    done = json.loads((out / ".ipwork-manifest.json").read_text(encoding="utf-8"))["entries"]
    assert 0 < len(done) <= 24
    resumed = run("batch", str(root), "-o", str(out))
    assert resumed.code == 0 and "files skipped" in resumed.stderr
    assert len(json.loads((out / ".ipwork-manifest.json").read_text(encoding="utf-8"))["entries"]) == 24
    assert len(list(out.glob("*.jsonl"))) == 24 and not list(out.rglob("*.part"))
    _whole_plans(out)


def _whole_plans(out: Path) -> None:
    for path in out.glob("*.jsonl"):
        assert len(lines_of(path)) == 4 + 36, path


@contextlib.contextmanager
def _read_only(folder: Path):
    """``folder`` made read-only for this user: by its mode, or for root (who may write anywhere)
    by the file system's immutable attribute."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode:
        pytest.skip("root, and this file system has no immutable attribute")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_batch_into_a_read_only_folder_said_internal_error(tmp_path):
    """One line naming the output, exit 1: not "internal error", nor a line per input."""
    root = _small_plans(tmp_path / "in", 3)
    out = tmp_path / "out"
    out.mkdir()
    with _read_only(out):
        for target in (out, out / "sub"):
            result = run("batch", str(root), "-o", str(target), "-q")
            assert result.code == 1 and result.stderr.count("\n") == 1, result.stderr
            assert "internal error" not in result.stderr and result.stderr.startswith(f"ipwork: error: {target}")
            assert "Permission denied" in result.stderr or "Operation not permitted" in result.stderr
        assert list(out.iterdir()) == []
        combined = run("batch", str(root), "-o", str(tmp_path / "elsewhere"), "--combined", str(out / "all.db"), "-q")
        assert combined.code == 1 and combined.stderr.count("\n") == 1, combined.stderr
        assert combined.stderr.startswith(f"ipwork: error: {out / 'all.db'}: cannot write")


def test_batch_with_a_file_in_the_way_is_one_line(tmp_path):
    root = _small_plans(tmp_path / "in", 3)
    blocker = tmp_path / "out.txt"
    blocker.write_text("x", encoding="utf-8")
    for outdir, what in ((blocker, "is a file, not a folder"), (blocker / "sub", "Not a directory")):
        result = run("batch", str(root), "-o", str(outdir), "-q")
        assert result.code == 1 and result.stderr.count("\n") == 1, result.stderr
        assert result.stderr.startswith(f"ipwork: error: {outdir}") and what in result.stderr
    out = tmp_path / "out"
    (out / "plan01.jsonl").mkdir(parents=True)  # a folder where an output goes
    result = run("batch", str(root), "-o", str(out), "-q", "-j", "1")
    assert result.code == 1 and result.stderr == f"ipwork: error: {out / 'plan01.jsonl'}: cannot write: Is a directory\n"
    assert (out / "plan00.jsonl").exists() and not list(out.rglob("*.part"))
    manifest = json.loads((out / ".ipwork-manifest.json").read_text(encoding="utf-8"))["entries"]
    assert list(manifest) == ["plan00.txt"]  # what was done is kept for the next run


def test_batch_on_a_full_disk_is_one_line(tmp_path, monkeypatch):
    import errno

    root = _small_plans(tmp_path / "in", 3)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("ipwork.output.os.fsync", full)
    out = tmp_path / "out"
    result = run("batch", str(root), "-o", str(out), "-q", "-j", "1")
    assert result.code == 1
    assert result.stderr == f"ipwork: error: {out / 'plan00.jsonl'}: cannot write: No space left on device\n"
    assert not list(out.rglob("*.part"))


def test_combined_file_keeps_a_plan_read_from_two_formats_once(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    name = "2013_cnipa_work_points"
    shutil.copy(SAMPLES / f"{name}.txt", root / "plan.txt")
    shutil.copy(Path(__file__).parent / "data" / f"{name}.docx", root / "plan.docx")
    combined = tmp_path / "all.jsonl"
    result = run("batch", str(root), "-o", str(tmp_path / "out"), "--combined", str(combined), "-q")
    assert result.code == 0, result.stderr
    ids = [json.loads(line)["id"] for line in combined.read_text(encoding="utf-8").splitlines()]
    assert len(ids) == len(set(ids)) == 26
