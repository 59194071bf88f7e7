"""Every form the plans come in: the samples as Word files and PDFs (tests/data, made by
tests/docmaker.py), wrapped paragraphs, page furniture, radicals, merged cells, converters."""
from __future__ import annotations

import io
import json
import os
import pty
import shutil
import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT, load_score_module, run
from docmaker import GOLD, TASKS, gold_for, stem
from ipwork.errors import InputError
from ipwork.normalize.chars import RADICAL, repair_radicals, traditional_share
from ipwork.readers import read_bytes, read_path
from pdfmaker import paragraphs_pdf, table_pdf

DATA = ROOT / "tests" / "data"
score = load_score_module()
SAMPLE_NAMES = sorted(p.name[:-len(".gold.jsonl")] for p in GOLD.glob("*.gold.jsonl"))
FORMATS = (".docx", ".office.pdf", ".browser.pdf")
TARGET = 0.98  # item_exact every sample layout reaches in every format


def parsed_as_sample(tmp_path, document, name: str) -> list[dict]:
    """Records of a test document read under its sample's file name (which says the year)."""
    copy = tmp_path / name
    shutil.copyfile(document, copy)
    result = run("parse", str(copy), "-f", "jsonl")
    assert result.code == 0, result.stderr
    return result.jsonl()


@pytest.mark.parametrize("suffix", FORMATS)
@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_every_sample_layout_in_every_format_scores(tmp_path, name, suffix):
    records = parsed_as_sample(tmp_path, DATA / (stem(name) + suffix), name)
    summary = score.summarize(score.score_pair(gold_for(name), records, 0, name))
    assert summary["item_exact"] >= TARGET, summary


@pytest.mark.parametrize("suffix", [".office.pdf", ".browser.pdf"])
def test_task_table_pdf_is_not_taken_for_a_compilation(suffix):
    result = run("detect", str(DATA / (stem(TASKS) + suffix)))
    assert result.code == 0 and "tasks" in result.stdout, result.stdout + result.stderr


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_every_pdf_record_has_its_page(tmp_path, name):
    records = parsed_as_sample(tmp_path, DATA / (stem(name) + ".office.pdf"), name)
    assert records and all(r["source"]["page"] for r in records)


# --- radicals ----------------------------------------------------------------------------

def test_browser_text_layer_has_radicals_and_they_are_repaired_with_a_warning():
    import pdfplumber

    with pdfplumber.open(DATA / (stem(SAMPLE_NAMES[0]) + ".browser.pdf")) as pdf:
        assert RADICAL.search(pdf.pages[0].extract_text())
    result = run("parse", str(DATA / (stem(SAMPLE_NAMES[0]) + ".browser.pdf")), "-f", "json", "--warnings")
    docs = json.loads(result.stdout)
    assert not RADICAL.search(json.dumps(docs[0]["items"] + docs[0]["metadata_lines"], ensure_ascii=False))
    assert [w["code"] for w in docs[0]["warnings"]].count("repaired-text") == 1
    assert "repaired-text" in result.stderr


@pytest.mark.parametrize("text, simplified, want", [
    ("⼯作部⻔", True, "工作部门"), ("⽤⼾", True, "用户"), ("⽤⼾", False, "用戶"), ("工作", True, "工作"),
])
def test_radicals_become_the_ideographs_they_print_as(text, simplified, want):
    assert repair_radicals(text, simplified) == want


def test_traditional_share_tells_traditional_from_simplified():
    assert traditional_share("國家知識產權局工作要點") > 0.3 > traditional_share("国家知识产权局工作要点") == 0.0


def test_radicals_in_plain_text_are_repaired_too():
    src = read_bytes("国家知识产权局⼯作要点\n⼀、加强保护\n".encode(), "p.txt")
    assert src.lines[0].text == "国家知识产权局工作要点" and src.lines[1].text == "一、加强保护"
    assert [code for _, code, _ in src.warnings] == ["repaired-text"]


# --- paragraphs wrapped by the page width, page furniture ------------------------------------

WRAPPED = [
    ("heading", "一、加强知识产权执法和维权援助"),
    ("para", "深入开展知识产权执法专项行动。启动实施专利行政执法能力提升工程。推进建立区域性和全系统执法"
             "指挥调度机制。建立专利纠纷快速调解处理机制。完善执法工作责任制，健全案件信息公开制度。加强重点展会"
             "知识产权保护。（专利管理司）"),
    ("para", "围绕重点区域、重点产业建立一批知识产权快速维权中心。深化维权援助机制建设，提升维权援助工作层次和"
             "水平。探索建立专利侵权判定咨询中心。建立健全行业知识产权保护自律机制。（专利管理司、监察办公室）"),
]


def test_wrapped_paragraph_with_its_tag_on_the_next_line_is_one_item(tmp_path):
    path = paragraphs_pdf(str(tmp_path / "wrapped.pdf"), WRAPPED)
    src = read_path(path)
    assert src.lines[1].text.endswith("加强重点展会知识产权保护。（专利管理司）")
    records = run("parse", path, "--layout", "outline", "-f", "jsonl").jsonl()
    assert [r["departments"] for r in records] == [["专利管理司"], ["专利管理司", "监察办公室"]]
    assert records[0]["title"] == "深入开展知识产权执法专项行动"


def test_paragraph_and_its_tag_cut_by_a_page_break_are_joined(tmp_path):
    path = paragraphs_pdf(str(tmp_path / "break.pdf"), WRAPPED, lines_per_page=5, header="国家知识产权局2013年工作要点")
    src = read_path(path)
    assert [ln.text for ln in src.lines if "（专利管理司、监察办公室）" in ln.text][0].startswith("围绕重点区域")
    assert {ln.text for ln in src.furniture} == {"国家知识产权局2013年工作要点", "— 1 —", "— 2 —"}
    assert not any("— 1 —" in ln.text or "工作要点" in ln.text for ln in src.lines)
    doc = json.loads(run("parse", path, "--layout", "outline").stdout)[0]
    assert [i["departments"] for i in doc["items"]] == [["专利管理司"], ["专利管理司", "监察办公室"]]
    assert {m["text"] for m in doc["metadata_lines"]} >= {"— 1 —", "— 2 —"}


def test_table_row_cut_by_a_page_break_inside_a_department_name(tmp_path):
    header = ["序号", "工作重点", "工作内容", "具体任务", "成果形式", "责任部门"]
    path = table_pdf(str(tmp_path / "cut.pdf"), [
        ("北京市 2018 年工作要点", [header, ["1", "推进改革", "建设集聚区", "促进发展", "建成平台", "市知识产权"]]),
        (None, [header, ["", "", "", "", "", "局、市科委"], ["2", "加强保护", "开展执法", "查处案件", "形成报告", "市公安局"]]),
    ])
    records = run("parse", path, "-f", "jsonl").jsonl()
    assert [r["departments"] for r in records] == [["市知识产权局", "市科委"], ["市公安局"]]
    assert records[0]["joined_across_pages"] and records[0]["source"]["page"] == 1


def test_long_pdf_shows_progress_on_a_terminal_only(tmp_path):
    header = ["序号", "工作重点", "工作内容", "具体任务", "成果形式", "责任部门"]
    pages = [("北京市 2018 年工作要点" if n == 0 else None,
              [header, [str(n + 1), "推进改革", f"建设集聚区{n}", "促进发展", "建成平台", "市知识产权局"]])
             for n in range(10)]
    path = table_pdf(str(tmp_path / "long.pdf"), pages)
    command = [sys.executable, "-m", "ipwork", "parse", path, "-f", "jsonl"]
    leader, follower = pty.openpty()
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=follower, timeout=120)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert done.returncode == 0 and b"page 10/10" in shown
    piped = subprocess.run(command, capture_output=True, timeout=120)
    assert piped.returncode == 0 and b"page" not in piped.stderr


# --- Word -------------------------------------------------------------------------------

def _docx_bytes(build) -> bytes:
    import docx

    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _merged_table(document) -> None:
    document.add_paragraph("北京市 2018 年工作要点")
    table = document.add_table(rows=4, cols=6)
    for c, word in enumerate(["序号", "工作重点", "工作内容", "具体任务", "成果形式", "责任部门"]):
        table.cell(0, c).text = word
    rows = [["1", "推进改革", "建设集聚区", "促进发展", "建成平台", "市知识产权局"],
            ["", "", "实施导航项目", "开展分析", "形成报告", "市科委"],
            ["", "", "完善服务", "建设网点", "", "市经信委"]]
    for r, cells in enumerate(rows, 1):
        for c, text in enumerate(cells):
            if text:
                table.cell(r, c).text = text
    for c in (0, 1):
        table.cell(1, c).merge(table.cell(3, c)).text = rows[0][c]
    document.add_paragraph("（此件公开发布）")


def test_merged_cells_of_a_word_table_are_empty_below_their_first_row():
    src = read_bytes(_docx_bytes(_merged_table), "plan.docx")
    assert src.kind == "docx"
    assert [ln.text for ln in src.lines] == [
        "北京市 2018 年工作要点", "序号\t工作重点\t工作内容\t具体任务\t成果形式\t责任部门",
        "1\t推进改革\t建设集聚区\t促进发展\t建成平台\t市知识产权局", "\t\t实施导航项目\t开展分析\t形成报告\t市科委",
        "\t\t完善服务\t建设网点\t\t市经信委", "（此件公开发布）"]


def test_word_table_parses_with_merged_cells_filled_down(tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(_docx_bytes(_merged_table))
    records = run("parse", str(path), "-f", "jsonl").jsonl()
    assert [(r["path"], r["title"], r["source"]["line"]) for r in records] == [
        (["推进改革"], "建设集聚区", 3), (["推进改革"], "实施导航项目", 4), (["推进改革"], "完善服务", 5)]
    assert [r["filled_down"] for r in records] == [[], ["path"], ["path"]]


def test_word_section_row_spans_the_width():
    def build(document):
        table = document.add_table(rows=2, cols=3)
        table.cell(0, 0).merge(table.cell(0, 2)).text = "一、“专利制度创新”主体任务"
        for c, text in enumerate(["（一）完善制度", "1.推动制定政策。", "年内完成"]):
            table.cell(1, c).text = text

    assert [ln.text for ln in read_bytes(_docx_bytes(build), "t.docx").lines] == [
        "一、“专利制度创新”主体任务\t\t", "（一）完善制度\t1.推动制定政策。\t年内完成"]


def test_word_list_numbers_are_rendered():
    def build(document):
        document.add_paragraph("加强保护", style="List Number")
        document.add_paragraph("完善制度", style="List Number")

    assert [ln.text for ln in read_bytes(_docx_bytes(build), "n.docx").lines] == ["1.加强保护", "2.完善制度"]


def test_legacy_word_file_without_libreoffice_names_what_to_install(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(InputError) as e:
        read_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"), "old.doc")
    message = str(e.value)
    assert message.startswith("old.doc: a legacy Word document") and "libreoffice" in message.lower()
    assert "\n" not in message


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_legacy_word_file_is_converted_by_libreoffice(tmp_path):
    source = tmp_path / "plan.docx"
    source.write_bytes(_docx_bytes(_merged_table))
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={(tmp_path / 'p').as_uri()}",
                    "--convert-to", "doc", "--outdir", str(tmp_path), str(source)], check=True,
                   capture_output=True, timeout=300)
    records = run("parse", str(tmp_path / "plan.doc"), "-f", "jsonl").jsonl()
    assert [r["title"] for r in records] == ["建设集聚区", "实施导航项目", "完善服务"]


def test_zip_that_is_not_an_office_file_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("a.txt", "x")
    with pytest.raises(InputError, match="zip archive, not a Word"):
        read_bytes(out.getvalue(), "a.zip")


# --- Excel ------------------------------------------------------------------------------

def test_excel_table_becomes_tab_rows_and_parses(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["北京市 2018 年工作要点"])
    sheet.append(["序号", "工作重点", "工作内容", "具体任务", "成果形式", "责任部门"])
    sheet.append([1, "推进改革", "建设集聚区", "促进发展", "建成平台", "市知识产权局"])
    sheet.append([None, None, "实施导航项目", "开展分析", "形成报告", "市科委"])
    sheet.merge_cells("A3:A4")
    sheet.merge_cells("B3:B4")
    path = tmp_path / "plan.xlsx"
    book.save(path)
    src = read_path(str(path))
    assert src.kind == "xlsx" and src.lines[0].text == "北京市 2018 年工作要点"
    assert src.lines[2].text == "1\t推进改革\t建设集聚区\t促进发展\t建成平台\t市知识产权局"
    records = run("parse", str(path), "-f", "jsonl").jsonl()
    assert [(r["path"], r["title"], r["departments"]) for r in records] == [
        (["推进改革"], "建设集聚区", ["市知识产权局"]), (["推进改革"], "实施导航项目", ["市科委"])]


def test_word_headings_without_numbers_are_headings(tmp_path):
    """Heading 1/Heading 2 paragraphs carry no 一、 or （一）: their style says they are headings."""
    import docx

    document = docx.Document()
    document.add_heading("某某市2021年知识产权工作要点", level=0)
    document.add_heading("加强知识产权保护", level=1)
    document.add_heading("严格行政执法", level=2)
    document.add_paragraph("开展专项行动。加大查处力度。（市知识产权局负责）")
    document.add_heading("提升知识产权运用", level=1)
    document.add_paragraph("推进专利转化。建设运营平台。")
    path = tmp_path / "plan.docx"
    document.save(path)
    from ipwork.pipeline import parse_file

    doc, = parse_file(str(path))
    assert [(i.path, i.title, i.text, i.departments) for i in doc.items] == [
        (["加强知识产权保护", "严格行政执法"], "开展专项行动", "加大查处力度。", ["市知识产权局"]),
        (["提升知识产权运用"], "推进专利转化", "建设运营平台。", []),
    ]
    assert (doc.region, doc.year) == ("某某市", 2021)


@pytest.mark.parametrize("path", [DATA / "2017_national_patent_tasks.docx", DATA / "2017_national_patent_tasks.office.pdf",
                                  ROOT / "samples" / "2017_national_patent_tasks.txt"], ids=["docx", "pdf", "text"])
def test_task_table_records_never_cite_an_empty_span(path):
    # Rows of cells (Word, PDF) are cited whole; a task cut from a line spans its own characters.
    result = run("parse", str(path), "-f", "jsonl", "--jobs", "1")
    sources = [json.loads(line)["source"] for line in result.stdout.splitlines()]
    assert sources
    for s in sources:
        assert (s["offset"] is None) == (s["offset_end"] is None)
        assert s["offset"] is None or s["offset_end"] > s["offset"] or s["line_end"] > s["line"]
    assert all(s["offset"] is None for s in sources) == (path.suffix != ".txt")
