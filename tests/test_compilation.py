"""The compilation layout on hand-made tables: headers, page breaks, merged and shifted cells."""
from __future__ import annotations

import pytest
import regex

from ipwork.parsers import choose
from ipwork.parsers.columns import DEPARTMENTS, TEXT, header_field, task_table_only, task_table_words
from ipwork.parsers.compilation import CompilationLayout
from ipwork.pipeline import Options, parse_source
from ipwork.readers import SourceText

HEADER = "序号\t工作重点\t工作内容\t具体任务\t成果形式\t责任部门"
# Rows that make the document's own statistics: the pairs 力度, 工商, 部门 occur inside cells.
FILLER = "\n".join([
    "\t\t加大宣传力度\t加大工作力度，市工商局与各部门协同\t形成合力\t市知识产权局",
    "\t\t加大保护力度\t加大执法力度，工商部门配合\t开展行动\t市工商局",
])


def parse(text: str, layout: str | None = None):
    return list(parse_source(SourceText.from_text("c.txt", text), Options(layout=layout)))


def table(*rows: str, region: str = "北京市", header: str = HEADER) -> str:
    return f"{region} 2018 年工作要点\n\n{header}\n" + "\n".join(rows) + "\n"


def test_detected_as_compilation():
    src = SourceText.from_text("c.txt", table("1\t推进改革\t建设集聚区\t促进发展\t建成平台\t市知识产权局", FILLER))
    assert choose(src).name == "compilation"


@pytest.mark.parametrize("word", task_table_only())
def test_a_header_naming_a_column_only_the_task_table_has_is_not_a_compilations(word):
    rows = ("1\t推进改革\t建设集聚区\t促进发展\t建成平台\t市知识产权局", FILLER)
    layout = CompilationLayout()
    assert layout.sniff(SourceText.from_text("c.txt", table(*rows))) > 0
    assert layout.sniff(SourceText.from_text("c.txt", table(*rows, header=HEADER.replace("工作内容", word)))) == 0


@pytest.mark.parametrize("word, field", [("执行部门", DEPARTMENTS), ("执行部门(单位)", DEPARTMENTS), ("落实举措", TEXT),
                                         ("工作措施", TEXT), ("任务目标", None), ("責任單位", DEPARTMENTS)])
def test_a_header_word_names_its_field_whichever_table_prints_it(word, field):
    assert header_field(word) == field


@pytest.mark.parametrize("header", ["工作任务 任务目标 落实举措 执行部门(单位) 完成时间",  # the 2017 edition
                                    "具体任务 任务目标 工作措施 执行部门(单位) 完成时间"])  # 2014, 2016
def test_every_column_of_the_task_tables_editions_is_a_task_table_word(header):
    assert all(regex.sub(r"\(.*\)", "", word) in task_table_words() for word in header.split())
    assert set(task_table_only()) < set(task_table_words())


def test_rows_fields_and_fill_down():
    doc, = parse(table("1\t推进改革\t建设集聚区\t促进发展\t建成平台\t市知识产权局、中关村管委会",
                       "\t\t\t引进机构\t\t市商务委", FILLER))
    first, second = doc.items[:2]
    assert (first.number, first.path, first.title, first.text, first.deliverable) == (
        "1", ["推进改革"], "建设集聚区", "促进发展", "建成平台")
    assert first.departments == ["市知识产权局", "中关村管委会"]
    assert (second.title, second.text, second.deliverable, second.number) == ("建设集聚区", "引进机构", None, None)
    assert second.filled_down == ["path", "title"]
    assert (doc.region, doc.year) == ("北京市", 2018)


def test_row_cut_by_a_page_break_is_joined():
    doc, = parse(table("1\t推进改革\t加大犯罪打击力\t探索针对主要侵权领域案\t建立机制\t市知识产权局、市工",
                       "", HEADER, "\t\t度\t件查办新机制\t\t商局、市公安局", FILLER,
                       "\t\t查办案件\t加快案件查办\t\t市公安局"))
    item = doc.items[0]
    assert item.title == "加大犯罪打击力度"
    assert item.departments == ["市知识产权局", "市工商局", "市公安局"]
    assert item.joined_across_pages and item.source.lines == [4, 7]
    assert len(doc.items) == 4


def test_new_row_after_a_page_break_stays_new():
    doc, = parse(table("1\t推进改革\t建设集聚区\t促进发展。\t建成平台\t市知识产权局",
                       "", HEADER, "\t\t实施导航项目\t开展专利分析。\t形成报告\t市科委", FILLER))
    assert [i.title for i in doc.items[:2]] == ["建设集聚区", "实施导航项目"]
    assert not doc.items[1].joined_across_pages


def test_section_title_cut_by_a_page_break_is_finished():
    doc, = parse(table("4\t加强重点产业知识产权海外布局和风\t实施导航项目\t开展分析。\t形成报告\t市知识产权局",
                       "", HEADER, "\t险防控\t支持法律服务\t加强培训。\t举办培训\t市司法局", FILLER))
    assert [i.path for i in doc.items[:2]] == [["加强重点产业知识产权海外布局和风险防控"]] * 2
    assert [i.title for i in doc.items[:2]] == ["实施导航项目", "支持法律服务"]


def test_character_printed_twice_at_a_cut_is_dropped():
    doc, = parse(table("1\t推进改革\t支持法律服务机构为企业提供法律服\t推动集聚区建设，鼓励\t\t市知识产权局",
                       "", HEADER, "\t\t务\t机构入驻\t\t",
                       "\t\t支持法律服务机构为企业提供法律服务\t开展对接\t\t市司法局", FILLER))
    assert doc.items[0].title == "支持法律服务机构为企业提供法律服务"


def test_traditional_headers_and_five_columns():
    header = "序號\t重點工作\t工作內容\t具體任務\t責任單位"
    doc, = parse(table("1\t推進改革\t建設集聚區\t促進發展\t市知識產權局", region="臺灣省", header=header))
    item = doc.items[0]
    assert (item.path, item.title, item.text, item.deliverable, item.departments) == (
        ["推進改革"], "建設集聚區", "促進發展", None, ["市知識產權局"])
    assert doc.region == "臺灣省"


def test_deadline_column():
    header = "序号\t重点任务\t工作内容\t具体措施\t牵头单位\t完成时限"
    doc, = parse(table("1\t推进改革\t建设集聚区\t促进发展\t市知识产权局\t2018年底前", header=header))
    assert doc.items[0].deadline == "2018年底前" and doc.items[0].departments == ["市知识产权局"]


def test_shifted_row_moves_back_under_its_headers():
    doc, = parse(table("2\t实施严格保护\t加大打击力度\t开展行动\t形成合力\t省公安厅",
                       "\t加强对下指导，依法打击犯罪\t说明充分的判决书等\t省高法院\t\t", FILLER))
    item = doc.items[1]
    assert (item.title, item.text, item.deliverable, item.departments) == (
        "加大打击力度", "加强对下指导，依法打击犯罪", "说明充分的判决书等", ["省高法院"])
    assert [w.code for w in doc.warnings] == ["shifted-row"]


def test_several_regions_and_a_table_of_contents():
    toc = "2018 年地方工作要点汇编\n\n目 录\n\n北京市 2018 年工作要点.....\t1\n天津市 2018 年工作要点.....\t5\n" \
          "河北省 2018 年工作要点.....\t9\n\n"
    text = toc + table("1\t推进改革\t建设集聚区\t促进发展\t建成平台\t市知识产权局", FILLER) + "\n" + \
        table("1\t推进改革\t建设集聚区\t促进发展\t建成平台\t市知识产权局", region="天津市")
    docs = parse(text)
    assert [d.region for d in docs] == ["北京市", "天津市"]
    assert {d.collection for d in docs} == {"2018年地方工作要点汇编"}
    missing = [w for w in docs[0].warnings if w.code == "missing-region"]
    assert len(missing) == 1 and "河北省" in missing[0].message and missing[0].line == 7
    assert all(not d.unparsed for d in docs)


def test_stray_text_inside_a_table_is_reported_with_its_line():
    doc, = parse(table("1\t推进改革\t建设集聚区\t促进发展\t建成平台\t市知识产权局", "这一行不在表格里", FILLER))
    assert [(w.line, w.code) for w in doc.warnings] == [(5, "stray-text")]
    assert [u.line for u in doc.unparsed] == [5]


def test_page_number_lines_are_furniture():
    doc, = parse(table("1\t推进改革\t建设集聚区\t促进发展\t建成平台\t市知识产权局", "- 3 -", "", HEADER, FILLER))
    assert not doc.warnings and not doc.unparsed and len(doc.items) == 3


def test_repeated_copies_of_a_compilation_parse_like_one():
    """Regression: counts from a long file made page-cut fragments look like known titles."""
    from conftest import SAMPLES

    text = (SAMPLES / "2017_provincial_compilation.txt").read_text(encoding="utf-8")
    once = [(i.title, i.departments) for d in parse(text) for i in d.items]
    thrice = [(i.title, i.departments) for d in parse(text * 3) for i in d.items]
    assert thrice == once * 3


def test_row_cut_mid_word_by_a_page_break_is_joined():
    """Every cell of a row cut by a page break: the next page's cells open with the rest of a
    word (化，完善… / 道。提高…), and the department list was left open (…、)."""
    doc, = parse(table("\t\t创新投融资产品，探索知识产权证券\t争取财政资金支\t研究制定处置工作流程，提供更加畅通渠"
                       "\t市知识产权局、", "", HEADER,
                       "\t\t化，完善信用担保机制\t持，设立风险补偿机制\t道。提高登记服务效率\t市金融局", FILLER))
    first = doc.items[0]
    assert (first.title, first.text, first.deliverable) == (
        "创新投融资产品，探索知识产权证券化，完善信用担保机制", "争取财政资金支持，设立风险补偿机制",
        "研究制定处置工作流程，提供更加畅通渠道。提高登记服务效率")
    assert first.departments == ["市知识产权局", "市金融局"] and first.joined_across_pages


def test_a_level_cut_from_the_name_after_it_joins_that_name():
    from ipwork.normalize.departments import split_departments

    assert [d.name for d in split_departments("市委宣传部 市 知识产权局")] == ["市委宣传部", "市知识产权局"]


@pytest.mark.parametrize("header", [HEADER, HEADER + "\t"], ids=["row-wider-than-header", "blank-last-header-cell"])
def test_values_past_the_last_column_are_kept_and_warned(header):
    """Regression: under a header ending in a blank cell, a row's extra department was dropped silently."""
    doc, = parse(table("1\t推进改革\t建设集聚区\t促进发展\t建成平台\t市知识产权局\t市科委",
                       "2\t加强保护\t开展执法\t查处案件\t办结案件\t市公安局\t\t",
                       "3\t加强保护\t完善机制\t建立制度\t出台文件\t市法制办\t市司法局\t市商务委", FILLER,
                       header=header))
    assert [i.departments for i in doc.items[:3]] == [["市知识产权局", "市科委"], ["市公安局"],
                                                      ["市法制办", "市司法局", "市商务委"]]
    assert [(w.line, w.code, w.message) for w in doc.warnings] == [
        (4, "extra-cells", "1 value(s) past the header's last column (departments), kept in it: 市科委"),
        (6, "extra-cells", "2 value(s) past the header's last column (departments), kept in it: 市司法局、市商务委")]


def test_a_column_no_field_stands_for_keeps_its_cells_by_its_header():
    """Regression: a 备注 column's values were dropped silently (no field stands for it)."""
    header = "序号\t工作重点\t工作内容\t具体任务\t备注\t责任部门"
    doc, = parse(table("1\t推进改革\t建设集聚区\t促进发展\t已列入年度考核\t市知识产权局",
                       "\t\t实施导航\t开展分析\t\t市科委", FILLER, header=header))
    assert [i.other for i in doc.items[:2]] == [{"备注": "已列入年度考核"}, {}]
    assert doc.items[0].departments == ["市知识产权局"]


ROW = "1\t推进改革\t建设集聚区\t促进发展\t建成平台\t省知识产权局"


def _parse_named(name: str, text: str):
    return list(parse_source(SourceText.from_text(name, text)))


def test_a_compilation_year_from_the_file_name_is_a_weak_year():
    """Regression: a table heading without a year took the file name's year with no weak-year
    warning, while an outline plan in the same case warns."""
    doc, = _parse_named("2017_zj.txt", f"浙江省工作要点\n\n{HEADER}\n{ROW}\n{FILLER}\n")
    assert (doc.region, doc.year) == ("浙江省", 2017)
    assert [(w.code, w.message) for w in doc.warnings] == [("weak-year", "year 2017 read from the file's path only")]


@pytest.mark.parametrize("name, year", [("2017_zj.txt", 2017), ("二〇一七_zj.txt", None), ("scan_2071.txt", None)])
def test_a_file_name_gives_a_year_only_in_the_range_of_plan_years(name, year):
    """Regression: the file name's year accepted any 19xx/20xx, a page or scan counter too,
    while every other piece of evidence is read in the range of plan years."""
    doc, = _parse_named(name, f"浙江省工作要点\n\n{HEADER}\n{ROW}\n{FILLER}\n")
    assert doc.year == year


def test_a_compilation_heading_year_outranks_the_file_name():
    doc, = _parse_named("2017_zj.txt", f"浙江省2018年工作要点\n\n{HEADER}\n{ROW}\n{FILLER}\n")
    assert (doc.region, doc.year, doc.warnings) == ("浙江省", 2018, [])


@pytest.mark.parametrize("heading, region, year, period", [
    ("北京市 2018 年工作要点", "北京市", 2018, None),
    ("北京市 2018 年", "北京市", 2018, None),
    ("内蒙古 2018 年工作要点", "内蒙古自治区", 2018, None),
    ("四川省2016-2020年工作要点", "四川省", 2016, "2016-2020"),
])
def test_a_compilation_heading_is_read_like_a_plan_title(heading, region, year, period):
    doc, = _parse_named("c.txt", f"{heading}\n\n{HEADER}\n{ROW}\n{FILLER}\n")
    assert (doc.region, doc.year, doc.period) == (region, year, period)


def test_a_compilation_without_a_year_anywhere_says_so():
    doc, = _parse_named("c.txt", f"浙江省工作要点\n\n{HEADER}\n{ROW}\n{FILLER}\n")
    assert doc.year is None and [w.code for w in doc.warnings] == ["no-year"]
