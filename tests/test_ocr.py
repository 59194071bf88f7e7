"""Scanned plans: image-only PDFs, TIFF and PNG pages read by OCR (the ``ocr`` extra).

The scans under tests/data/scans are pages of the test documents rendered as a scanner gives
them (tests/scanmaker.py); each is scored against the gold records of the items its pages hold.
"""
from __future__ import annotations

import io
import shutil

import pytest

from conftest import run
from scanmaker import DATA, DPI, SCANS, SCANS_MADE, gold_held, pages_pdf, rendered, scanned
from ipwork.errors import InputError
from ipwork.readers import read_bytes
from ipwork.readers.encoding import sniff_binary
from ipwork.readers.pdf import Printed, printed_lines
from conftest import load_score_module

score = load_score_module()
needs_ocr = pytest.mark.skipif(not __import__("ipwork.readers.ocr", fromlist=["x"]).ocr_installed(),
                               reason="the OCR extra is not installed (pip install -e '.[ocr]')")
TARGET = {"2013_cnipa_work_points.txt": 0.95}  # the work points; every other layout 0.90
_parsed: dict[tuple[str, str], object] = {}


def parsed(tmp_path_factory, scan, *args: str):
    """The run of ``ipwork parse`` on a committed scan, read under its sample's name (which
    says the plan's year); each scan is read once for all the tests."""
    key = (scan.file, *args)
    if key not in _parsed:
        copy = tmp_path_factory.getbasetemp() / scan.file / (scan.sample + (SCANS / scan.file).suffix)
        if not copy.exists():  # one copy a scan: the records name their file
            copy.parent.mkdir()
            shutil.copyfile(SCANS / scan.file, copy)
        _parsed[key] = run("parse", str(copy), "-f", "jsonl", "--warnings", *args)
    return _parsed[key]


@needs_ocr
@pytest.mark.parametrize("scan", SCANS_MADE, ids=lambda s: s.file)
def test_every_scan_gives_the_records_its_text_would(tmp_path_factory, scan):
    result = parsed(tmp_path_factory, scan)
    assert result.code == 0, result.stderr
    records = result.jsonl()
    gold = gold_held(scan.sample, DATA / scan.source, scan.pages)
    summary = score.summarize(score.score_pair(gold, records, 0, scan.file))
    assert len(gold) >= 5 and summary["item_exact"] >= TARGET.get(scan.sample, 0.90), summary


@needs_ocr
@pytest.mark.parametrize("scan", SCANS_MADE, ids=lambda s: s.file)
def test_every_record_of_a_scan_says_ocr_and_its_page(tmp_path_factory, scan):
    records = parsed(tmp_path_factory, scan).jsonl()
    assert records and all(r["source"]["ocr"] is True and r["source"]["page"] in scan.pages for r in records)


@needs_ocr
def test_pages_read_in_parallel_give_the_same_records(tmp_path_factory):
    tiff = next(s for s in SCANS_MADE if s.file.endswith(".tif"))
    assert parsed(tmp_path_factory, tiff, "--jobs", "1").stdout == parsed(tmp_path_factory, tiff).stdout


@needs_ocr
def test_a_mixed_pdf_keeps_its_text_pages_and_reads_its_scans(tmp_path):
    import pypdfium2

    scan = next(s for s in SCANS_MADE if s.file.endswith(".pdf"))
    text, scans = pypdfium2.PdfDocument(pages_pdf(DATA / scan.source, (1,))), pypdfium2.PdfDocument(SCANS / scan.file)
    text.import_pages(scans, [1])  # the scan of page 2 after the text of page 1
    path = tmp_path / scan.sample
    text.save(str(path))
    src = read_bytes(path.read_bytes(), str(path))
    assert src.ocr_pages == {2}
    text = read_bytes(pages_pdf(DATA / scan.source, (1, 2)), "text.pdf")
    page_one = [ln.text for ln in text.lines if ln.page == 1]
    # The last paragraph of page 1 may run on over the page break into the scan.
    assert [ln.text for ln in src.lines if ln.page == 1][:-1] == page_one[:-1] and len(page_one) > 5
    records = run("parse", str(path), "-f", "jsonl").jsonl()
    assert {r["source"]["page"]: r["source"]["ocr"] for r in records} == {1: False, 2: True}


def test_records_of_text_say_no_ocr():
    records = run("parse", str(DATA.parent.parent / "samples" / "2013_cnipa_work_points.txt"), "-f", "jsonl").jsonl()
    assert records and not any(r["source"]["ocr"] for r in records)


def test_without_the_extra_a_scan_names_the_install_command(monkeypatch):
    monkeypatch.setattr("ipwork.readers.ocr.ocr_installed", lambda: False)
    for scan in SCANS_MADE:
        result = run("parse", str(SCANS / scan.file))
        assert result.code == 2 and result.stdout == "", result.stderr
        assert result.stderr.count("\n") == 1 and "pip install 'ipwork[ocr]'" in result.stderr, result.stderr
        assert str(SCANS / scan.file) in result.stderr


def test_lines_read_with_low_confidence_are_warned_of_with_page_and_line():
    pages = [[Printed(1, 100, 112, 72, 150, "一、加强知识产权保护", 12.0, confidence=0.99)],
             [Printed(2, 100, 112, 72, 200, "二、提升专利质量", 12.0, confidence=0.95),
              Printed(2, 120, 132, 96, 300, "推进专利审查质量提升", 12.0, confidence=0.42)]]
    read = printed_lines(pages, [842.0, 842.0])
    assert [line.text for line in read.lines][2] == "推进专利审查质量提升"
    assert [(line, code) for line, code, _ in read.warnings] == [(3, "low-confidence")]
    assert "page 2" in read.warnings[0][2] and "0.42" in read.warnings[0][2]


# --- turning pages upright and finding tables: no OCR needed -------------------------------

def _page(pdf: str, page: int = 1):
    return rendered(DATA / pdf, (page,))[0]


@pytest.mark.parametrize("angle", [0.5, -0.7, 1.0])
def test_the_angle_a_page_is_turned_by_is_found(angle):
    from ipwork.readers.ocr import skew_angle

    turned = scanned(_page("2017_national_patent_tasks.office.pdf"), "grey").rotate(angle, fillcolor=255)
    assert abs(skew_angle(turned) - angle) <= 0.1


def test_an_upright_page_is_left_as_it_is():
    from ipwork.readers.ocr import upright

    page = _page("2013_cnipa_work_points.office.pdf")
    assert upright(page) is page


def _box(x0, top, x1, bottom, text):
    from ipwork.readers.ocr import _Box

    return _Box(x0, top, x1, bottom, text, 0.99)


def _ruled(width: int, height: int, across: list[tuple[int, int, int]], down: list[tuple[int, int, int]]):
    """An image with horizontal rules (y, x0, x1) and vertical ones (x, y0, y1), 2 pixels thick."""
    import numpy as np

    ink = np.zeros((height, width), bool)
    for y, x0, x1 in across:
        ink[y:y + 2, x0:x1] = True
    for x, y0, y1 in down:
        ink[y0:y1, x:x + 2] = True
    return ink


def test_a_ruled_table_becomes_tab_rows_with_merged_cells_in_their_first_row():
    from ipwork.readers.ocr import page_layout, rules_of

    # Three columns; the first cell spans the two body rows (no rule under it in column 0).
    ink = _ruled(600, 400, [(50, 50, 550), (100, 50, 550), (200, 200, 550), (300, 50, 550)],
                 [(50, 50, 300), (200, 50, 300), (400, 50, 300), (548, 50, 300)])
    boxes = [_box(60, 60, 120, 90, "工作任务"), _box(210, 60, 300, 90, "落实举措"), _box(410, 60, 500, 90, "完成时间"),
             _box(60, 110, 190, 140, "完善专利"), _box(60, 145, 150, 175, "制度"),
             _box(210, 110, 390, 140, "推动制定专利政策"), _box(410, 110, 500, 140, "年内完成"),
             _box(210, 210, 390, 240, "完善保护制度"), _box(410, 210, 500, 240, "年内完成"),
             _box(60, 20, 300, 45, "2017年推进计划")]
    printed = page_layout(boxes, rules_of(ink, 0.5), 3, 0.5)
    assert [(p.text, p.row, p.page) for p in printed] == [
        ("2017年推进计划", False, 3), ("工作任务\t落实举措\t完成时间", True, 3),
        ("完善专利制度\t推动制定专利政策\t年内完成", True, 3), ("\t完善保护制度\t年内完成", True, 3)]
    assert printed[1].top == 25.0 and printed[1].x1 == 274.0  # points: half a pixel each


def test_a_row_spanning_the_width_is_one_cell_then_empty_ones():
    from ipwork.readers.ocr import page_layout, rules_of

    ink = _ruled(600, 300, [(50, 50, 550), (100, 50, 550), (150, 50, 550), (200, 50, 550)],
                 [(50, 50, 200), (548, 50, 200), (200, 50, 100), (200, 150, 200), (400, 50, 100), (400, 150, 200)])
    boxes = [_box(60, 60, 120, 90, "工作任务"), _box(210, 60, 300, 90, "落实举措"), _box(410, 60, 500, 90, "完成时间"),
             _box(60, 110, 300, 140, "一、专利制度创新"), _box(60, 160, 120, 190, "任务")]
    assert [p.text for p in page_layout(boxes, rules_of(ink, 0.5), 1, 0.5)] == [
        "工作任务\t落实举措\t完成时间", "一、专利制度创新\t\t", "任务\t\t"]


def test_a_long_dash_opening_a_line_is_read_as_the_dashes_printed():
    from ipwork.readers.ocr import page_layout, rules_of

    ink = _ruled(600, 200, [(110, 40, 96)], [])  # 56 pixels: 28 points, over two 12-point ems
    boxes = [_box(100, 100, 388, 124, "知识产权创造水平大幅提高")]  # 24 pixels a character
    assert page_layout(boxes, rules_of(ink, 0.5), 1, 0.5)[0].text == "——知识产权创造水平大幅提高"


def test_a_character_one_is_no_dash():
    from ipwork.readers.ocr import page_layout, rules_of

    ink = _ruled(600, 200, [(110, 100, 120)], [])  # the stroke of 一, shorter than a rule
    assert page_layout([_box(100, 100, 220, 124, "一、总体思路")], rules_of(ink, 0.5), 1, 0.5)[0].text == "一、总体思路"


# --- which files are page images --------------------------------------------------------

def _image_bytes(fmt: str) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (40, 30), 255).save(out, fmt)
    return out.getvalue()


@pytest.mark.parametrize("fmt, kind", [("PNG", "png"), ("JPEG", "jpeg"), ("TIFF", "tiff"), ("BMP", "bmp"),
                                       ("WEBP", "webp")])
def test_page_images_are_known_by_their_bytes(fmt, kind):
    assert sniff_binary(_image_bytes(fmt)) == kind


def test_regression_text_opening_with_bm_is_no_bitmap():
    assert sniff_binary("BM公司知识产权工作要点\n一、加强保护\n".encode()) is None


@needs_ocr
def test_a_blank_page_image_is_refused_saying_ocr_found_no_text(tmp_path):
    path = tmp_path / "blank.png"
    path.write_bytes(_image_bytes("PNG"))
    result = run("parse", str(path))
    assert result.code == 2 and "OCR found no text" in result.stderr and result.stderr.count("\n") == 1


@needs_ocr
def test_a_damaged_image_is_refused_in_one_line(tmp_path):
    path = tmp_path / "cut.png"
    path.write_bytes(_image_bytes("PNG")[:40])
    with pytest.raises(InputError, match="a PNG image that cannot be read"):
        read_bytes(path.read_bytes(), str(path))


def test_the_committed_scans_are_small():
    for scan in SCANS_MADE:
        assert (SCANS / scan.file).stat().st_size < 400_000, scan.file
    assert DPI == 150
