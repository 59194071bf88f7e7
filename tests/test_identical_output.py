"""Speed work must not change a byte of output: records of the samples and of a rendered PDF
are compared with the ones committed in tests/data/expected/.

After a deliberate change of output, write them again with
``python tests/test_identical_output.py`` (from the repository's root) and review the diff.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = ROOT / "tests" / "data" / "expected"
INPUTS = sorted(f"samples/{p.name}" for p in (ROOT / "samples").glob("*.txt")) + [
    "tests/data/2017_provincial_compilation.office.pdf", "tests/data/2013_cnipa_work_points.browser.pdf"]


def _expected(path: str) -> Path:
    return EXPECTED / (Path(path).name + ".jsonl")


def _records(path: str, *options: str) -> str:
    from conftest import run

    result = run("parse", path, "-f", "jsonl", *options)
    assert result.code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("path", INPUTS)
def test_records_are_byte_identical_to_the_committed_ones(monkeypatch, path):
    monkeypatch.chdir(ROOT)
    assert _records(path) == _expected(path).read_text(encoding="utf-8")


@pytest.mark.parametrize("path", [p for p in INPUTS if p.endswith(".pdf")])
def test_pdf_records_do_not_depend_on_the_number_of_jobs(monkeypatch, path):
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr("ipwork.readers.pdf.PROGRESS_PAGES", 2)  # these short PDFs go to workers too
    assert _records(path, "--jobs", "2") == _records(path, "--jobs", "1") == _expected(path).read_text(encoding="utf-8")


@pytest.mark.parametrize("path", [p for p in INPUTS if p.endswith(".txt")])
def test_record_dicts_are_the_dumps_of_the_records(path):
    """JSON Lines are written from ``Document.record_dicts``: the same keys in the same order,
    and the same values, as dumping each ``Record``."""
    import json

    from ipwork.pipeline import parse_file

    for doc in parse_file(str(ROOT / path)):
        dumps = [r.model_dump(mode="json") for r in doc.records()]
        assert [json.dumps(d, ensure_ascii=False) for d in doc.record_dicts()] == [
            json.dumps(d, ensure_ascii=False) for d in dumps]


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT / "tests"))
    EXPECTED.mkdir(parents=True, exist_ok=True)
    for path in INPUTS:
        _expected(path).write_text(_records(path), encoding="utf-8")
