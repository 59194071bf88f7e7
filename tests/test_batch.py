"""ipwork batch: a folder in, a folder out; parallel, resumable, and never half-written."""
from __future__ import annotations

import json
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
    assert combined.read_bytes().startswith(b"\xef\xbb\xbfid,doc_id,seq,region,year")
    rows = combined.read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) - 1 == sum(COUNTS.values()) + 26


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


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
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
