"""Bytes to text: encodings, web pages, PDFs, and what is not a document."""
from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SAMPLES
from ipwork.errors import InputError
from ipwork.readers import read_bytes, read_path
from pdfmaker import blank_pdf, table_pdf

TEXT = "国家知识产权局2013年工作要点\n一、加强保护\n推进执法。（条法司）\n"


@pytest.mark.parametrize("data", [
    TEXT.encode("utf-8"), codecs.BOM_UTF8 + TEXT.encode("utf-8"), TEXT.encode("gb18030"),
    TEXT.encode("utf-16"), codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), TEXT.encode("utf-16-le"),
], ids=["utf8", "utf8-bom", "gb18030", "utf16", "utf16be-bom", "utf16le-no-bom"])
def test_encodings_are_read_without_being_told(data):
    assert [ln.text for ln in read_bytes(data, "p.txt").lines][:3] == TEXT.splitlines()


def test_big5_traditional_copy():
    text = "國家知識產權局工作要點\n一、深入實施知識產權戰略\n推進全國專利事業發展戰略。\n"
    src = read_bytes(text.encode("big5"), "p.txt")
    assert src.encoding == "big5" and src.lines[0].text == "國家知識產權局工作要點"


def test_encoding_override():
    assert read_bytes(TEXT.encode("gb18030"), "p.txt", encoding="gb18030").lines[0].text == TEXT.splitlines()[0]


def test_undecodable_bytes_name_the_offset():
    with pytest.raises(InputError) as e:
        read_bytes(b"abc\xff\xfe\xfd\x80\x81" * 3, "bad.txt")
    assert "offset 3" in str(e.value) and str(e.value).startswith("bad.txt:1: ")


def test_a_bad_byte_deep_in_a_gb18030_file_is_named_where_it_is_not_where_utf8_gave_up():
    lines = [f"{n}. 推进知识产权保护工作，完善执法机制。" for n in range(1, 1200)]
    data = bytearray("\n".join(lines).encode("gb18030"))
    at = len("\n".join(lines[:1000]).encode("gb18030")) + 7  # the first byte of 推 on line 1001
    data[at] = 0xFF
    with pytest.raises(InputError) as e:
        read_bytes(bytes(data), "gb.txt")
    assert f"byte 0xff at offset {at}," in str(e.value) and "gb18030" in str(e.value)
    assert str(e.value).startswith("gb.txt:1001: ")


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "big5", "utf-16", "utf-16-le"])
def test_a_file_cut_inside_a_character_keeps_the_text_before_it(encoding):
    text = "國家知識產權局工作要點\n一、深入實施戰略\n推進全國專利事業發展戰略"
    data = text.encode(encoding)[:-1]
    src = read_bytes(data, "cut.txt")
    assert src.text == text[:-1]
    assert src.warnings == [(3, "truncated", src.warnings[0][2])] and encoding in src.warnings[0][2]


def test_forced_encoding_also_keeps_a_cut_file():
    src = read_bytes(TEXT.rstrip().encode("gb18030")[:-1], "cut.txt", encoding="gbk")
    assert src.text == TEXT.rstrip()[:-1] and [w[1] for w in src.warnings] == ["truncated"]


def test_a_bad_byte_before_the_end_is_no_truncation():
    with pytest.raises(InputError, match="byte 0xff at offset 2"):
        read_bytes(b"ab\xff" + "一".encode()[:-1], "x.txt", encoding="utf-8")


@pytest.mark.parametrize("data, words", [
    (b"", "empty"), (b" \n\t\n", "blank"), (b"\x89PNG\r\n\x1a\nxxxx", "PNG image"),
    (b"PK\x03\x04rest-of-zip", "zip archive, not a Word"), (b"\xd0\xcf\x11\xe0\xa1\xb1", "legacy Office"),
    (b"\x00\x01\x02binary\x00\x00\x00", "binary"),
])
def test_not_a_document(data, words):
    with pytest.raises(InputError) as e:
        read_bytes(data, "x.txt")
    assert words in str(e.value)


def test_crlf_and_cr_line_ends_number_like_an_editor():
    src = read_bytes("甲\r\n乙\r丙\n".encode(), "p.txt")
    assert [(ln.no, ln.text) for ln in src.lines][:3] == [(1, "甲"), (2, "乙"), (3, "丙")]


def test_web_page_becomes_lines_with_table_cells_as_tabs():
    page = ("<!DOCTYPE html>\n<html><head><title>x</title><script>var a=1;</script></head>\n<body>\n"
            "<div class='nav'>首页 &gt; 政务</div>\n<h1>北京市2018年工作要点</h1>\n<table>\n"
            "<tr><td>序号</td><td>工作重点</td></tr>\n<tr><td>1</td><td>推进&nbsp;改革</td></tr>\n</table>\n"
            "<p>第一段<br>第二段</p>\n</body></html>\n")
    src = read_bytes(page.encode(), "p.html")
    assert src.kind == "html"
    texts = [ln.text for ln in src.lines]
    assert "序号\t工作重点" in texts and "1\t推进 改革" in texts
    assert "var a=1;" not in " ".join(texts)
    assert [ln.no for ln in src.lines if ln.text == "北京市2018年工作要点"] == [5]


def test_web_page_lines_are_numbered_where_their_text_starts():
    src = read_bytes("<html><body><p>\n\n推进工作。</p>\n</body></html>\n".encode(), "p.html")
    assert [(ln.no, ln.text) for ln in src.lines] == [(3, "推进工作。")]


@pytest.mark.parametrize("junk, text", [
    ("<a " * 30_000, "<a " * 29_999 + "<a"),
    ("甲<![<![x" * 3 + "<b>乙</b>", "甲<![<![x" * 3 + "乙"),
    ("<![foo[甲]]>", "<![foo[甲]]>"),
], ids=["cut-after-many-unclosed-tags", "marked-section-without-a-name", "unknown-marked-section"])
def test_web_page_junk_is_read_as_text(junk, text):
    """Regression: 30,000 unclosed tags took minutes (the parser read to the end for each), and
    ``<![`` without a known name stopped with an internal error."""
    assert [ln.text for ln in read_bytes(f"<html><body>{junk}".encode(), "p.html").lines] == [text]


@settings(max_examples=200, deadline=None)
@given(junk=st.text(alphabet="<>![/-?a甲 &;\n\"'pCDAT", max_size=60))
def test_any_markup_junk_gives_lines_or_a_clear_error(junk):
    try:
        read_bytes(f"<html><body>{junk}".encode(), "p.html")
    except InputError as e:
        assert str(e).startswith("p.html: ") and "\n" not in str(e)


def test_pdf_tables_become_tab_rows_with_pages(tmp_path):
    header = ["序号", "工作重点", "工作内容", "具体任务", "成果形式", "责任部门"]
    path = table_pdf(str(tmp_path / "t.pdf"), [
        ("北京市 2018 年工作要点", [header, ["1", "推进改革", "建设集聚区", "促进发展", "建成平台", "市知识产权局"]]),
        (None, [header, ["", "", "实施导航项目", "开展分析", "形成报告", "市科委"]]),
    ])
    src = read_path(path)
    assert src.kind == "pdf"
    rows = [(ln.page, ln.text) for ln in src.lines if "\t" in ln.text]
    assert rows[1] == (1, "1\t推进改革\t建设集聚区\t促进发展\t建成平台\t市知识产权局")
    assert rows[3] == (2, "\t\t实施导航项目\t开展分析\t形成报告\t市科委")


def test_pdf_without_text_layer_is_refused(tmp_path):
    with pytest.raises(InputError, match="no text layer"):
        read_path(blank_pdf(str(tmp_path / "scan.pdf")))


def test_damaged_pdf_is_refused(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n garbage")
    with pytest.raises(InputError, match="cannot read PDF"):
        read_path(str(path))


def test_directory_and_missing_file():
    with pytest.raises(InputError, match="is a directory"):
        read_path(str(SAMPLES))
    with pytest.raises(InputError, match="no such file"):
        read_path(str(SAMPLES / "nope.txt"))
