"""The outline layout on hand-written snippets of each heading style, not only the samples."""
from __future__ import annotations

import pytest

from ipwork.parsers.outline import heading_marker
from ipwork.parsers.tags import trailing_tag
from ipwork.pipeline import Options, parse_source
from ipwork.readers import SourceText


def parse(text: str, name: str = "plan.txt"):
    docs = list(parse_source(SourceText.from_text(name, text), Options(layout="outline")))
    assert len(docs) == 1
    return docs[0]


@pytest.mark.parametrize("line, kind, number", [
    ("一、加强保护", "cn", "一"), ("十一、切实抓好党建", "cn", "十一"), ("（一）加强保护。", "pcn", "一"),
    ("(二)加强保护", "pcn", "二"), ("1.推动发展", "ar", "1"), ("2、推动发展", "ar", "2"),
    ("3．推动发展", "ar", "3"), ("（1）推动", "par", "1"), ("(12) 推动", "par", "12"),
    ("①推动", "circ", "①"), ("———知识产权创造水平大幅提高。", "bullet", None),
    ("第二章 主要任务", "chapter", "二"),
])
def test_heading_markers(line, kind, number):
    found = heading_marker(line)
    assert found and found[:2] == (kind, number)


@pytest.mark.parametrize("line", ["2013年是开局之年。", "1.5亿元用于", "一二类省份必做", "一、"])
def test_not_headings(line):
    assert heading_marker(line) is None


def test_paragraph_items_under_title_only_headings():
    doc = parse("国家知识产权局2014年工作要点\n\n一、深入实施战略\n\n推进战略实施。开展评估。(保护协调司)\n\n"
                "做好规划。(规划发展司、专利管理司)\n\n二、完善法规\n\n推动修法进程。(条法司)\n")
    assert [i.title for i in doc.items] == ["推进战略实施", "做好规划", "推动修法进程"]
    assert doc.items[0].text == "开展评估。"
    assert doc.items[1].departments == ["规划发展司", "专利管理司"]
    assert [i.path for i in doc.items] == [["深入实施战略"]] * 2 + [["完善法规"]]
    assert (doc.region, doc.year, doc.issuer) == ("全国", 2014, "国家知识产权局")


def test_three_levels_with_inline_bodies_and_bullets():
    doc = parse("《甘肃省知识产权行动计划（2021-2025）》\n一、总体目标\n（一）总体思路。坚持创新。\n"
                "（二）主要目标。到2025年，能力提升。\n———创造水平提高。专利增长。\n———运用效果提升。转化加快。\n"
                "二、主要行动\n（一）产业行动。\n1．推动产业发展。实施导航。\n2、服务农业发展。加强品种。\n")
    assert [i.title for i in doc.items] == ["总体思路", "创造水平提高", "运用效果提升", "推动产业发展", "服务农业发展"]
    assert doc.items[1].path == ["总体目标", "主要目标"]
    assert doc.items[3].path == ["主要行动", "产业行动"] and doc.items[3].number == "1"
    assert (doc.region, doc.year, doc.period) == ("甘肃省", 2021, "2021-2025")
    goals = {s.title: s.intro for s in doc.sections}
    assert goals["主要目标"] == "到2025年，能力提升。"


def test_circled_and_parenthesised_numbers_nest():
    doc = parse("一、任务\n（1）甲任务。内容甲。\n①子项一。说明。\n②子项二。说明。\n（2）乙任务。内容乙。\n")
    assert [(i.title, i.path) for i in doc.items] == [
        ("子项一", ["任务", "甲任务"]), ("子项二", ["任务", "甲任务"]), ("乙任务", ["任务"])]


def test_page_furniture_goes_to_metadata():
    doc = parse("当前位置：首页 > 政务 > 工作要点\n某某省2019年知识产权工作要点\n"
                "来源：某某省知识产权局 发布时间：2019-03-01 阅读次数：12\n20190301.jpg\n▲局长作报告\n"
                "一、加强保护\n（一）严格执法。开展行动。\n信息来源：某某省知识产权局\n图片来源于网络，如侵权，请联系删除\n")
    assert [i.title for i in doc.items] == ["严格执法"]
    assert len(doc.metadata_lines) == 8 and not doc.unparsed
    assert doc.title == "某某省2019年知识产权工作要点"


def test_cover_letter_is_not_an_item():
    doc = parse("国家知识产权局关于印发《2018年知识产权工作要点》的通知\n各省、自治区、直辖市知识产权局：\n"
                "现将《2018年知识产权工作要点》印发给你们，请结合实际认真贯彻落实。\n国家知识产权局\n2018年3月1日\n"
                "一、加强保护\n（一）严格执法。开展行动。\n")
    assert doc.title == "2018年知识产权工作要点" and doc.issuer == "国家知识产权局"
    assert [i.title for i in doc.items] == ["严格执法"]
    assert {m.line for m in doc.metadata_lines} >= {1, 2, 3, 5}


def test_preamble_is_kept_as_metadata_not_items():
    doc = parse("某市2020年工作要点\n2020年是关键之年，要做好以下工作。\n一、加强保护\n推进执法。\n")
    assert doc.preamble == "2020年是关键之年，要做好以下工作。"
    assert [i.title for i in doc.items] == ["推进执法"]


def test_traditional_copy_parses_and_stays_traditional():
    doc = parse("國家知識產權局2013年工作要點\n一、深入實施知識產權戰略\n推進全國專利事業發展戰略。抓好監督檢查。（專利管理司、監察辦公室）\n")
    item = doc.items[0]
    assert item.title == "推進全國專利事業發展戰略" and item.departments == ["專利管理司", "監察辦公室"]
    assert doc.region == "全国" and doc.year == 2013


def test_simplified_switch_converts_output():
    docs = list(parse_source(SourceText.from_text("p.txt", "一、深入實施戰略\n推進發展。（條法司）\n"),
                             Options(layout="outline", simplified=True)))
    assert docs[0].items[0].title == "推进发展" and docs[0].items[0].departments == ["条法司"]


def test_wrapped_paragraph_lines_join():
    doc = parse("一、加强保护\n推进执法。完善机制，加强\n协作，形成合力。\n做好宣传。\n")
    assert [i.title for i in doc.items] == ["推进执法", "做好宣传"]
    assert doc.items[0].text == "完善机制，加强协作，形成合力。"
    assert doc.items[0].source.lines == [2, 3]


@pytest.mark.parametrize("text, tag", [
    ("推进工作。（条法司、代理人协会）", "条法司、代理人协会"),
    ("评定示范县(区)。(专利管理司)", "专利管理司"),
    ("推进工作（省知识产权局牵头，省教育厅配合）", "省知识产权局牵头，省教育厅配合"),
    ("新建支持中心(TISC)", None),
    ("有条件的地方制定战略(市、区)。", None),
])
def test_department_tags(text, tag):
    assert trailing_tag(text)[1] == tag


def test_numbering_gap_and_repeat_are_warned():
    doc = parse("某市2019年工作要点\n一、甲\n推进。\n三、丙\n推进。\n三、丙又\n推进。\n")
    messages = [(w.line - 1, w.code) for w in doc.warnings if w.code == "numbering"]
    assert messages == [(3, "numbering"), (5, "numbering")]


def test_heading_with_no_items_is_warned_not_lost():
    doc = parse("一、甲\n推进工作。\n二、乙\n三、丙\n推进工作。\n")
    assert [w.code for w in doc.warnings] == ["no-year", "no-region", "empty-heading"]
    assert [s.title for s in doc.sections] == ["甲", "乙", "丙"]
    assert len(doc.items) == 2


def test_an_unclosed_bracket_in_a_task_title_does_not_swallow_the_section():
    """Regression: a title whose （ is never closed took in every line up to the next heading,
    in time and memory growing with the square of the section."""
    doc = parse("一、加强保护\n1.推动工作（详见附件\n加强协作，完善制度。\n开展专项行动。\n做好宣传。\n"
                "2.完善制度建设。\n")
    assert [(i.title, i.number) for i in doc.items] == [
        ("开展专项行动", None), ("做好宣传", None), ("完善制度建设", "2")]
    assert doc.items[0].path == ["加强保护", "推动工作（详见附件加强协作，完善制度"]


def test_an_unclosed_bracket_carries_a_task_title_two_lines_at_most():
    doc = parse("一、加强保护\n1.推动工作（详见附件\n管理办法，实施细则\n工作方案，考核办法\n任务清单，责任分工\n2.完善制度建设。\n")
    assert [i.title for i in doc.items] == ["任务清单，责任分工", "完善制度建设"]
    assert doc.items[0].path == ["加强保护", "推动工作（详见附件管理办法，实施细则工作方案，考核办法"]


def test_a_task_title_wrapped_with_its_tag_over_two_lines_still_joins():
    doc = parse("一、加强保护\n1.开展专项行动，严厉打击网络侵权盗版行为\n（甲部、乙办、丙部按职责分工\n负责）\n"
                "2.完善制度建设。\n")
    assert [(i.title, i.departments) for i in doc.items] == [
        ("开展专项行动，严厉打击网络侵权盗版行为", ["甲部", "乙办", "丙部"]), ("完善制度建设", [])]


def test_an_unclosed_bracket_in_a_paragraph_carries_two_lines_at_most():
    """Regression: a paragraph whose （ is never closed took in every paragraph after it."""
    doc = parse("一、加强保护\n推进工作（详见附件。\n开展第一项工作。\n开展第二项工作。\n开展第三项工作。\n"
                "开展第四项工作。\n")
    assert [i.title for i in doc.items][1:] == ["开展第三项工作", "开展第四项工作"]
    assert doc.items[0].source.lines == [2, 3, 4]


def test_a_tag_over_three_lines_after_a_sentence_still_joins():
    doc = parse("一、加强保护\n推进执法。（牵头单位：甲局；\n配合单位：乙局、\n丙局）\n做好宣传。\n")
    assert [(i.title, i.departments) for i in doc.items] == [("推进执法", ["甲局", "乙局", "丙局"]), ("做好宣传", [])]
