"""A PDF the library cannot read is the input's fault; an error in ipwork's own geometry is a bug."""
from __future__ import annotations

import pytest

from conftest import ROOT, run
from ipwork.readers import pdf

PDF = str(ROOT / "tests" / "data" / "2013_cnipa_work_points.office.pdf")


def _broken(*args, **kwargs):
    raise ZeroDivisionError("a bug in the geometry")


@pytest.mark.parametrize("where", ["_printed_line", "_paragraphs", "_furniture", "_closed_table_settings"])
def test_a_bug_in_the_geometry_is_an_internal_error_not_an_unreadable_pdf(monkeypatch, where):
    monkeypatch.setattr(pdf, where, _broken)
    result = run("parse", PDF, "-f", "jsonl", "--jobs", "1")
    assert result.code == 1 and not result.stdout
    assert "internal error: ZeroDivisionError: a bug in the geometry" in result.stderr
    assert "cannot read PDF" not in result.stderr


def test_a_failure_of_the_pdf_library_is_an_unreadable_pdf(monkeypatch):
    def failing(page, settings):
        with pdf._library_call():
            raise KeyError("Resources")

    monkeypatch.setattr(pdf, "_extracted", failing)
    result = run("parse", PDF, "-f", "jsonl", "--jobs", "1")
    assert result.code == 2 and "cannot read PDF: KeyError: 'Resources'" in result.stderr


def test_a_damaged_pdf_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n garbage")
    result = run("parse", str(path))
    assert result.code == 2 and f"{path}: cannot read PDF" in result.stderr
