"""Tables as web pages and Word files publish them: merged cells, two-row headers, layout
tables, cells of several paragraphs, a table continued in a second table.  The fixtures are
small pages and documents written in the style of government sites."""
from __future__ import annotations

import io
import json

import pytest

from conftest import run

HEADER = "<tr><th>序号</th><th>工作重点</th><th>工作内容</th><th>具体任务</th><th>成果形式</th><th>责任部门</th><th>完成时间</th></tr>"


def page(body: str) -> str:
    return ('<!DOCTYPE html>\n<html>\n<head><meta charset="utf-8"><title>某某市知识产权局</title></head>\n<body>\n'
            '<div class="nav">首页 &gt; 政务公开 &gt; 计划总结</div>\n' + body + "\n</body>\n</html>\n")


def line_of(text: str, marker: str) -> int:
    """The source line ``marker`` is printed on."""
    return text[:text.index(marker)].count("\n") + 1


def records(write, name: str, data: str | bytes, encoding: str = "utf-8") -> list[dict]:
    result = run("parse", write(name, data, encoding), "-f", "jsonl")
    assert result.code == 0, result.stderr
    return result.jsonl()


def fields(record: dict) -> tuple:
    roles = [(d["name"], d["role"]) for d in record["department_roles"]]
    return (record["path"], record["title"], record["text"], record["deliverable"], roles, record["deadline"],
            record["filled_down"])


# --- HTML ---------------------------------------------------------------------------------

ROWSPAN = page(f"""<h1>某某市2018年知识产权工作要点</h1>
<table border="1">
{HEADER}
<tr><td rowspan="3">1</td><td rowspan="3">加强知识产权保护</td><td>开展专项执法行动</td><td>查处一批侵权假冒案件</td><td rowspan="2">形成工作报告</td><td rowspan="3">市知识产权局</td><td rowspan="3">年内完成</td></tr>
<tr><td>完善快速维权机制</td><td>建设快速维权中心</td></tr>
<tr><td>加强行政执法与司法衔接</td><td>健全案件移送制度</td><td>出台工作办法</td></tr>
<tr><td>2</td><td>促进知识产权运用</td><td>推进专利质押融资</td><td>扩大质押融资规模</td><td>融资额增长10%</td><td>市金融局</td><td>12月底前</td></tr>
</table>""")


def test_rowspan_cells_no_longer_shift_the_row_left(write):
    """Regression: a ``rowspan`` cell was dropped from the rows it covers, so their cells moved
    one column left: 工作内容 became the path, the deliverable the text, departments were lost."""
    found = records(write, "points.html", ROWSPAN)
    assert [fields(r) for r in found] == [
        (["加强知识产权保护"], "开展专项执法行动", "查处一批侵权假冒案件", "形成工作报告", [("市知识产权局", None)],
         "年内完成", []),
        (["加强知识产权保护"], "完善快速维权机制", "建设快速维权中心", "形成工作报告", [("市知识产权局", None)],
         "年内完成", ["path", "deliverable", "departments", "deadline"]),
        (["加强知识产权保护"], "加强行政执法与司法衔接", "健全案件移送制度", "出台工作办法", [("市知识产权局", None)],
         "年内完成", ["path", "departments", "deadline"]),
        (["促进知识产权运用"], "推进专利质押融资", "扩大质押融资规模", "融资额增长10%", [("市金融局", None)],
         "12月底前", []),
    ]
    assert [r["number"] for r in found] == ["1", None, None, "2"]
    assert [r["source"]["line"] for r in found] == [line_of(ROWSPAN, f"<tr><td{m}") for m in
                                                  (' rowspan="3">1', ">完善快速", ">加强行政", ">2<")]
    assert {(r["region"], r["year"], r["layout"]) for r in found} == {("某某市", 2018, "compilation")}


def test_colspan_cell_is_followed_by_the_columns_it_covers(write):
    text = page(f"""<h1>某某市2018年知识产权工作要点</h1>
<table>
{HEADER}
<tr><td>1</td><td>强化知识产权宣传</td><td>举办宣传周活动</td><td colspan="2">组织开展“4·26”知识产权宣传周系列活动</td><td>市知识产权局</td><td>4月底前</td></tr>
<tr><td>2</td><td>加强人才培养</td><td>开展企业培训</td><td>培训企业知识产权管理人员</td><td>培训500人次</td><td>市人社局</td><td>年内完成</td></tr>
</table>""")
    assert [fields(r) for r in records(write, "points.html", text)] == [
        (["强化知识产权宣传"], "举办宣传周活动", "组织开展“4·26”知识产权宣传周系列活动", None, [("市知识产权局", None)],
         "4月底前", []),
        (["加强人才培养"], "开展企业培训", "培训企业知识产权管理人员", "培训500人次", [("市人社局", None)], "年内完成", []),
    ]


TWO_ROW_HEADER = page("""<p align="center"><strong>某某市2019年知识产权工作要点</strong></p>
<table>
<tr><td rowspan="2">序号</td><td rowspan="2">工作重点</td><td rowspan="2">工作内容</td><td rowspan="2">具体任务</td>
<td colspan="2">责任单位</td><td rowspan="2">完成时间</td></tr>
<tr><td>牵头单位</td><td>配合单位</td></tr>
<tr><td>1</td><td>深化知识产权领域改革</td><td>推进综合管理改革</td><td>研究制定改革实施方案</td><td>市知识产权局</td><td>市编办、市司法局</td><td>6月底前</td></tr>
<tr><td>2</td><td>严格知识产权保护</td><td>打击侵权假冒行为</td><td>开展“护航”专项行动</td><td>市市场监管局</td><td>市公安局</td><td>年内完成</td></tr>
</table>""")


def test_two_row_header_gives_lead_and_support_departments(write):
    """Regression: 责任单位 over 牵头单位 | 配合单位 gave an extra item for the second header row,
    empty titles, and the support units glued to the deadline."""
    found = records(write, "points.html", TWO_ROW_HEADER)
    assert [fields(r) for r in found] == [
        (["深化知识产权领域改革"], "推进综合管理改革", "研究制定改革实施方案", None,
         [("市知识产权局", "lead"), ("市编办", "support"), ("市司法局", "support")], "6月底前", []),
        (["严格知识产权保护"], "打击侵权假冒行为", "开展“护航”专项行动", None,
         [("市市场监管局", "lead"), ("市公安局", "support")], "年内完成", []),
    ]
    assert [r["departments"] for r in found] == [["市知识产权局", "市编办", "市司法局"], ["市市场监管局", "市公安局"]]
    assert [r["source"]["line"] for r in found] == [line_of(TWO_ROW_HEADER, "<tr><td>1<"),
                                                  line_of(TWO_ROW_HEADER, "<tr><td>2<")]


def test_merged_cells_under_a_two_row_header_are_filled_down(write):
    text = page("""<p align="center"><strong>某某市2019年知识产权工作要点</strong></p>
<table>
<tr><td rowspan="2">序号</td><td rowspan="2">工作内容</td><td rowspan="2">具体任务</td>
<td colspan="2">责任单位</td><td rowspan="2">完成时间</td></tr>
<tr><td>牵头单位</td><td>配合单位</td></tr>
<tr><td>1</td><td rowspan="2">打击侵权假冒行为</td><td>开展“护航”专项行动</td><td rowspan="2">市市场监管局</td>
<td>市公安局</td><td rowspan="2">年内完成</td></tr>
<tr><td>2</td><td>加强执法协作</td><td>市检察院</td></tr>
</table>""")
    found = records(write, "points.html", text)
    assert [(r["number"], r["title"], r["text"], fields(r)[4], r["deadline"], r["filled_down"]) for r in found] == [
        ("1", "打击侵权假冒行为", "开展“护航”专项行动", [("市市场监管局", "lead"), ("市公安局", "support")], "年内完成",
         []),
        ("2", "打击侵权假冒行为", "加强执法协作", [("市市场监管局", "lead"), ("市检察院", "support")], "年内完成",
         ["title", "departments", "deadline"]),
    ]


LAYOUT = page("""<table width="980" border="0" cellpadding="0" cellspacing="0">
<tr><td><img src="banner.jpg"> 某某市知识产权局门户网站</td></tr>
<tr><td>
<table width="100%"><tr><td>发布时间：2020-03-02　来源：市知识产权局</td></tr>
<tr><td class="title">某某市2020年知识产权工作要点</td></tr></table>
<table class="MsoTableGrid" border="1">
<tr><td>序号</td><td>工作重点</td><td>工作内容</td><td>具体任务</td><td>责任部门</td></tr>
<tr>
  <td rowspan="2">1</td>
  <td rowspan="2">提升知识产权创造质量</td>
  <td>实施高价值专利培育工程</td><td>培育高价值专利组合</td><td rowspan="2">市知识产权局</td>
</tr>
<tr><td>推进商标品牌建设</td><td>培育知名商标品牌</td></tr>
</table>
<p>附件：工作任务分解表</p>
</td></tr>
<tr><td>主办单位：某某市知识产权局　地址：某某路1号</td></tr>
</table>""")


def test_layout_table_around_the_data_table_is_seen_through(write):
    """A page whose whole body sits in a layout table: its cells are paragraphs, the data table
    inside is read as a table, its rows cited at their <tr>."""
    from ipwork.readers import read_bytes

    lines = read_bytes(LAYOUT.encode(), "points.html").lines
    assert [ln.text for ln in lines if "\t" not in ln.text] == [
        "首页 > 政务公开 > 计划总结", "某某市知识产权局门户网站", "发布时间：2020-03-02 来源：市知识产权局",
        "某某市2020年知识产权工作要点", "附件：工作任务分解表", "主办单位：某某市知识产权局 地址：某某路1号"]
    found = records(write, "points.html", LAYOUT)
    assert [fields(r) for r in found] == [
        (["提升知识产权创造质量"], "实施高价值专利培育工程", "培育高价值专利组合", None, [("市知识产权局", None)], None, []),
        (["提升知识产权创造质量"], "推进商标品牌建设", "培育知名商标品牌", None, [("市知识产权局", None)], None,
         ["path", "departments"]),
    ]
    assert [r["source"]["line"] for r in found] == [line_of(LAYOUT, "<tr>\n  <td"), line_of(LAYOUT, "<tr><td>推进")]
    assert (found[0]["region"], found[0]["year"]) == ("某某市", 2020)


def test_paragraphs_and_line_breaks_in_a_cell_are_one_value(write):
    text = page(f"""<h1>某某市2018年知识产权工作要点</h1>
<table>
{HEADER}
<tr><td>1</td><td><p>加强知识产权</p><p>运用</p></td><td>推进专利转化<br/>实施</td>
<td><p style="text-indent:2em">建设运营平台；</p>
<p style="text-indent:2em">培育运营机构。</p></td><td>平台上线<br>运行</td><td>市知识产权局<br>市科技局</td><td>年内<br>完成</td></tr>
</table>""")
    found = records(write, "points.html", text)
    assert [fields(r) for r in found] == [
        (["加强知识产权运用"], "推进专利转化实施", "建设运营平台；培育运营机构。", "平台上线运行",
         [("市知识产权局", None), ("市科技局", None)], "年内完成", [])]
    assert found[0]["source"]["line"] == line_of(text, "<tr><td>1<")


CONTINUED = page(f"""<h1>某某市2018年知识产权工作要点</h1>
<table>
{HEADER}
<tr><td>1</td><td>加强知识产权保护</td><td>开展专项执法行动</td><td>查处侵权假冒案件</td><td>形成工作报告</td><td>市知识产权局</td><td>年内完成</td></tr>
</table>
<p style="text-align:right">第1页</p>
<table>
{HEADER}
<tr><td>2</td><td>促进知识产权运用</td><td>推进专利质押融资</td><td>扩大融资规模</td><td>融资额增长</td><td>市金融局</td><td>年内完成</td></tr>
</table>
<table>
<tr><td></td><td></td><td>开展专利导航</td><td>发布导航报告</td><td>导航报告</td><td>市科技局</td><td>9月底前</td></tr>
</table>
<table>
<tr><td>联系人</td><td>联系电话</td></tr>
<tr><td>张某某</td><td>0000-12345678</td></tr>
</table>""")


def test_a_table_continued_in_further_tables_is_one_table(write):
    """The header repeated in a second <table>, and a third without a header as wide as the
    first; a narrower table after them is another table, its rows no items."""
    result = run("parse", write("points.html", CONTINUED), "-f", "json")
    doc, = json.loads(result.stdout)
    assert [(i["path"], i["title"], i["departments"], i["deadline"], i["filled_down"]) for i in doc["items"]] == [
        (["加强知识产权保护"], "开展专项执法行动", ["市知识产权局"], "年内完成", []),
        (["促进知识产权运用"], "推进专利质押融资", ["市金融局"], "年内完成", []),
        (["促进知识产权运用"], "开展专利导航", ["市科技局"], "9月底前", ["path"]),
    ]
    assert [i["source"]["line"] for i in doc["items"]] == [line_of(CONTINUED, f"<tr><td>{m}") for m in
                                                          ("1<", "2<", "</td><td></td><td>开展")]
    assert [(w["line"], w["code"]) for w in doc["warnings"]] == [
        (line_of(CONTINUED, "<tr><td>联系人"), "other-table"), (line_of(CONTINUED, "<tr><td>张某某"), "other-table")]


def test_gb2312_page_with_a_meta_charset_keeps_its_merged_cells(write):
    text = ROWSPAN.replace('<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    found = records(write, "points.html", text, encoding="gb2312")
    assert [fields(r) for r in found] == [fields(r) for r in records(write, "utf8.html", ROWSPAN)]
    assert [r["source"]["line"] for r in found] == [r["source"]["line"] for r in records(write, "u.html", ROWSPAN)]
    assert found[1]["departments"] == ["市知识产权局"]


def test_header_cells_may_be_td_or_th(write):
    assert [fields(r) for r in records(write, "th.html", ROWSPAN)] == [
        fields(r) for r in records(write, "td.html", ROWSPAN.replace("<th>", "<td>").replace("</th>", "</td>"))]


def test_a_row_starting_before_its_cells_is_cited_at_its_tr(write):
    found = records(write, "points.html", LAYOUT)
    assert found[0]["source"]["line"] == line_of(LAYOUT, "<tr>\n  <td rowspan")
    assert found[0]["source"]["line"] < line_of(LAYOUT, "提升知识产权创造质量")


@pytest.mark.parametrize("markup", [
    '<table><tr><td colspan="99999" rowspan="99999">甲</td></tr>' + "<tr><td>乙</td></tr>" * 3 + "</table>",
    '<table><tr><td rowspan="0">甲</td><td>乙</td></tr><tr><td>丙</td></tr></table>',
    "<table><tr><td>甲<table><tr><td>乙</td><td>丙</td></tr></table></td></tr></table>",
    "<td>甲<td>乙<tr><td>丙",
], ids=["huge-spans", "rowspan-0", "nested-in-a-cell", "cells-without-a-table"])
def test_odd_tables_keep_their_text(markup):
    from ipwork.readers import read_bytes

    text = " ".join(ln.text for ln in read_bytes(f"<html><body>{markup}</body></html>".encode(), "t.html").lines)
    assert all(word in text for word in "甲乙丙" if word in markup)


# --- Word ---------------------------------------------------------------------------------

def _docx(build) -> bytes:
    import docx

    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


WORD_ROWS = [
    ["1", "加强知识产权保护", "开展专项执法行动", "查处侵权假冒案件", "形成工作报告", "市知识产权局", "年内完成"],
    ["", "", "完善快速维权机制", "建设快速维权中心", "出台工作方案", "", ""],
    ["", "", "加强执法协作", "健全移送制度", "", "", ""],
    ["2", "促进知识产权运用", "推进专利质押融资", "扩大融资规模", "融资额增长", "市金融局", "12月底前"],
]


def _merged_plan(document, table_in=None) -> None:
    """The plan's title and its table, merged over rows in the 序号, 工作重点, 责任部门 and 完成时间
    columns, 具体任务 and 成果形式 of the third row one cell; inside a cell of ``table_in``."""
    container = table_in.cell(1, 0) if table_in is not None else document
    container.add_paragraph("某某市2018年知识产权工作要点")
    table = container.add_table(rows=5, cols=7)
    for c, word in enumerate(["序号", "工作重点", "工作内容", "具体任务", "成果形式", "责任部门", "完成时间"]):
        table.cell(0, c).text = word
    for r, row in enumerate(WORD_ROWS, 1):
        for c, text in enumerate(row):
            if text:
                table.cell(r, c).text = text
    for c in (0, 1, 5, 6):
        table.cell(1, c).merge(table.cell(3, c)).text = WORD_ROWS[0][c]
    table.cell(3, 3).merge(table.cell(3, 4)).text = "健全移送制度"
    container.add_paragraph("某某市知识产权局办公室　2018年3月1日印发")


WORD_EXPECTED = [
    (["加强知识产权保护"], "开展专项执法行动", "查处侵权假冒案件", "形成工作报告", [("市知识产权局", None)], "年内完成", []),
    (["加强知识产权保护"], "完善快速维权机制", "建设快速维权中心", "出台工作方案", [("市知识产权局", None)], "年内完成",
     ["path", "departments", "deadline"]),
    (["加强知识产权保护"], "加强执法协作", "健全移送制度", None, [("市知识产权局", None)], "年内完成",
     ["path", "departments", "deadline"]),
    (["促进知识产权运用"], "推进专利质押融资", "扩大融资规模", "融资额增长", [("市金融局", None)], "12月底前", []),
]


def test_word_cells_merged_over_rows_are_filled_down_in_every_column(write):
    """Regression: a 责任部门 (or 完成时间) cell merged over rows left the rows below it without
    departments, while their path was filled down."""
    found = records(write, "points.docx", _docx(_merged_plan))
    assert [fields(r) for r in found] == WORD_EXPECTED
    assert [r["number"] for r in found] == ["1", None, None, "2"]
    assert [r["source"]["line"] for r in found] == [3, 4, 5, 6]  # paragraphs and rows, counted


def test_word_grid_span_is_followed_by_the_columns_it_covers():
    from ipwork.readers import read_bytes

    lines = read_bytes(_docx(_merged_plan), "points.docx").lines
    assert lines[4].text == "\t\t加强执法协作\t健全移送制度\t\t\t"
    assert lines[4].cells == ("1", "加强知识产权保护", "加强执法协作", "健全移送制度", "", "市知识产权局", "年内完成")
    assert lines[4].merged == {0, 1, 5, 6}


def test_word_table_inside_a_layout_table_is_read(write):
    def build(document):
        frame = document.add_table(rows=2, cols=1)
        frame.cell(0, 0).text = "某某市知识产权局文件"
        _merged_plan(document, table_in=frame)

    from ipwork.readers import read_bytes

    data = _docx(build)
    lines = read_bytes(data, "points.docx").lines
    assert [ln.text for ln in lines if "\t" not in ln.text and ln.text] == [
        "某某市知识产权局文件", "某某市2018年知识产权工作要点", "某某市知识产权局办公室　2018年3月1日印发"]
    found = records(write, "points.docx", data)
    assert [fields(r) for r in found] == WORD_EXPECTED
    assert [r["source"]["line"] for r in found] == [ln.no for ln in lines if ln.text.startswith(("1\t", "\t", "2\t"))]


def test_word_data_table_beside_a_nested_one_is_no_longer_lost():
    def build(document):
        outer = document.add_table(rows=1, cols=2)
        outer.cell(0, 0).text = "附表"
        inner = outer.cell(0, 1).add_table(rows=1, cols=2)
        inner.cell(0, 0).text, inner.cell(0, 1).text = "牵头单位", "市知识产权局"

    from ipwork.readers import read_bytes

    assert [ln.text for ln in read_bytes(_docx(build), "t.docx").lines if ln.text] == ["附表", "牵头单位\t市知识产权局"]


# --- plain text ---------------------------------------------------------------------------

TEXT_TABLE = ("某某市2018年知识产权工作要点\n"
              "序号\t工作重点\t工作内容\t具体任务\t成果形式\t责任部门\n"
              "1\t加强知识产权保护\t开展专项执法行动\t查处侵权假冒案件\t形成工作报告\t市知识产权局\n"
              "\t\t完善快速维权机制\t开展快速维权服务\t\t\n")


def test_blank_cells_of_tab_separated_text_stay_blank_but_path_and_title(write):
    """In text a blank 成果形式 or 责任部门 cell is blank as printed (the 2017 compilation has 7
    such department cells and 167 deliverables, blank in its gold); 工作重点 and 工作内容 carry on."""
    found = records(write, "points.txt", TEXT_TABLE)
    assert [(r["path"], r["deliverable"], r["departments"], r["filled_down"]) for r in found] == [
        (["加强知识产权保护"], "形成工作报告", ["市知识产权局"], []), (["加强知识产权保护"], None, [], ["path"])]


def test_word_task_table_gives_merged_departments_and_deadline_to_each_task(write):
    """The national task table's 执行部门 and 完成时间 merged over two tasks: both tasks get them;
    the merged 工作任务 and 任务目标 still open their sub-task once."""
    def build(document):
        document.add_paragraph("2018年全国专利事业发展战略推进计划")
        table = document.add_table(rows=4, cols=5)
        for c, word in enumerate(["工作任务", "任务目标", "落实举措", "执行部门(单位)", "完成时间"]):
            table.cell(0, c).text = word
        table.cell(1, 0).merge(table.cell(1, 4)).text = "一、“专利制度创新”主体任务"
        cells = [["（一）完善专利制度", "健全专利法律法规体系。", "1.推动专利法修改。", "局内:条法司", "年内完成"],
                 ["", "", "2.完善专利审查指南。", "", ""]]
        for r, row in enumerate(cells, 2):
            for c, text in enumerate(row):
                if text:
                    table.cell(r, c).text = text
        for c in (0, 1, 3, 4):
            table.cell(2, c).merge(table.cell(3, c)).text = cells[0][c]

    found = records(write, "tasks.docx", _docx(build))
    assert [(r["layout"], r["path"], r["title"], r["departments"], r["deadline"], r["filled_down"]) for r in found] == [
        ("tasks", ["“专利制度创新”主体任务", "完善专利制度"], "推动专利法修改", ["条法司"], "年内完成", []),
        ("tasks", ["“专利制度创新”主体任务", "完善专利制度"], "完善专利审查指南", ["条法司"], "年内完成",
         ["departments", "deadline"]),
    ]
    assert [r["source"]["line"] for r in found] == [4, 5]


@pytest.mark.parametrize("header", [
    "序号\t工作内容\t具体任务\t牵头单位\t配合单位\t完成时间\n",
    "序号\t工作内容\t具体任务\t责任单位\t\t完成时间\n\t\t\t牵头单位\t配合单位\t\n",
], ids=["one-row", "two-row"])
def test_lead_and_support_columns_of_tab_separated_text(write, header):
    text = ("某某市2019年知识产权工作要点\n" + header +
            "1\t推进综合管理改革\t研究制定改革方案\t市知识产权局\t市编办、市司法局\t6月底前\n"
            "2\t打击侵权假冒行为\t开展专项行动\t市市场监管局\t\t年内完成\n")
    found = records(write, "points.txt", text)
    assert [(r["title"], fields(r)[4], r["deadline"]) for r in found] == [
        ("推进综合管理改革", [("市知识产权局", "lead"), ("市编办", "support"), ("市司法局", "support")], "6月底前"),
        ("打击侵权假冒行为", [("市市场监管局", "lead")], "年内完成")]


def test_work_points_boxed_in_a_one_cell_table_are_paragraphs(write):
    """Regression: a page whose text sits in one layout cell was read as one line, so every
    item cited the line where the cell's text starts."""
    text = page("""<table width="900" align="center"><tr><td class="content">
<p align="center">某某市2021年知识产权工作要点</p>
<p>一、加强知识产权保护</p>
<p>1.开展专项行动。加大侵权查处力度。（市知识产权局负责）</p>
<p>二、促进知识产权运用</p>
<p>2.推进专利转化。建设运营平台。（市科技局负责）</p>
</td></tr></table>""")
    found = records(write, "points.html", text)
    assert [(r["path"], r["title"], r["departments"], r["source"]["line"]) for r in found] == [
        (["加强知识产权保护"], "开展专项行动", ["市知识产权局"], line_of(text, "<p>1.")),
        (["促进知识产权运用"], "推进专利转化", ["市科技局"], line_of(text, "<p>2."))]
