"""The normalizers on their own: pure functions, tested without any parser."""
from __future__ import annotations

import pytest
import regex

from conftest import run
from ipwork.normalize.chars import fold, to_simplified
from ipwork.normalize.departments import department_likeness, split_departments
from ipwork.normalize.numerals import (CHINESE_YEAR, PLAN_CHINESE_YEAR, PLAN_YEAR, YEAR, arabic_years, chinese_to_int,
                                     chinese_years, numeral_value)
from ipwork.normalize.regions import province_in, region_of_title
from ipwork.normalize.text import PAGE_NUMBER, clean, collapse_spaces, fullwidth_punctuation, split_lead, strip_html


@pytest.mark.parametrize("raw, want", [
    ("组织 16 区专利执法人员", "组织16区专利执法人员"),
    ("《中国制造 2025》和“互联网 +”", "《中国制造2025》和“互联网+”"),
    ("80% 以上的技术", "80%以上的技术"),
    ("加强重点产业知识产权海外布局 and 风险防控", "加强重点产业知识产权海外布局 and 风险防控"),
    ("商标 400 件 2. 绿色食品", "商标400件 2.绿色食品"),
    ("林 业厅", "林业厅"),
])
def test_collapse_spaces(raw, want):
    assert collapse_spaces(raw) == want


@pytest.mark.parametrize("raw, want", [
    ("评定示范县(区)。", "评定示范县（区）。"),
    ("支持中心(TISC)和", "支持中心（TISC）和"),
    ("工作,研究;落实:好", "工作，研究；落实：好"),
    ("会议 12:30 开始", "会议 12:30 开始"),
    ("version (1.2)", "version (1.2)"),
    ("a ( b ) 甲", "a （ b ） 甲"),
    ("(x(甲)y)", "（x（甲）y）"),
    ("(x)(y) ,", "(x)(y) ,"),
    ("甲 ,  乙", "甲 ，  乙"),
    ("x(", "x("),
    ("甲(", "甲（"),
])
def test_fullwidth_punctuation(raw, want):
    assert fullwidth_punctuation(raw) == want


def test_fullwidth_punctuation_of_deeply_nested_brackets():
    """Regression: each pair copied and scanned what it held, so 60,000 nested brackets took minutes."""
    depth = 30_000
    assert fullwidth_punctuation("(" * depth + "甲" + ")" * depth) == "（" * depth + "甲" + "）" * depth
    assert fullwidth_punctuation("(" * depth + "x" + ")" * depth + "," * depth + "乙") == (
        "(" * depth + "x" + ")" * depth + "," * (depth - 1) + "，乙")


def test_strip_html_keeps_the_text_between_tags():
    assert strip_html('<ol style="x"> 1. 甲</ol><p>乙&nbsp;丙</p>') == "  1. 甲  乙\xa0丙 "
    assert clean("<p>人才培养计划。</p> <p>2. 推进</p>") == "人才培养计划。2.推进"


def test_clean_keeps_traditional_characters():
    assert clean("負責單位:國家知識產權局") == "負責單位:國家知識產權局"


def test_half_width_punctuation_came_out_full_width():
    """Text is kept as printed: ``clean`` made ,() full-width in every field."""
    assert clean("开展专利、商标整治,严厉打击恶意抢注(省知识产权局)") == "开展专利、商标整治,严厉打击恶意抢注(省知识产权局)"
    plan = ("青山省2021年知识产权工作要点\n一、强化知识产权保护\n"
            "（一）开展专利、商标侵权假冒专项整治。严厉打击恶意抢注,加强地理标志(原产地)保护(省知识产权局)。\n"
            "（二）完善商标注册便利化措施。提升商标审查质量:年内完成（省市场监管局）。\n")
    result = run("parse", "-", "-f", "jsonl", input=plan.encode("utf-8"))
    first, second = result.jsonl()
    assert first["text"] == "严厉打击恶意抢注,加强地理标志(原产地)保护。" and first["departments"] == ["省知识产权局"]
    assert second["text"] == "提升商标审查质量:年内完成。" and second["deadline_date"] == "2021-12-31"


def test_fold_is_length_preserving():
    text = "負責單位（ＡＢＣ）１２　知識產權"
    assert len(fold(text)) == len(text)
    assert fold(text) == "负责单位(ABC)12 知识产权"


def test_to_simplified():
    assert to_simplified("國家知識產權局") == "国家知识产权局"


@pytest.mark.parametrize("text, title, rest", [
    ("加强专业市场的保护工作,研究制定指导性文件。", "加强专业市场的保护工作,研究制定指导性文件", ""),
    ("推动《专利法》修改进程。推动条例立法。", "推动《专利法》修改进程", "推动条例立法。"),
    ("开展“甲。乙”评选。其他", "开展“甲。乙”评选", "其他"),
])
def test_split_lead(text, title, rest):
    assert split_lead(text) == (title, rest)


@pytest.mark.parametrize("text, value", [("一", 1), ("十", 10), ("十一", 11), ("二十三", 23), ("一百零五", 105),
                                         ("二〇一七", 2017), ("二○一七", 2017)])
def test_chinese_numerals(text, value):
    assert chinese_to_int(text) == value


_ZEROS = "〇○零"


def _in_chinese(year: int, zero: str) -> str:
    return "".join(zero if d == "0" else "〇一二三四五六七八九"[int(d)] for d in str(year))


@pytest.mark.parametrize("first, last", [(1900, 2099), (1980, 2049), (1999, 2001), (2017, 2017), (2000, 2999)])
def test_a_year_pattern_matches_exactly_its_range(first, last):
    arabic, chinese = regex.compile(arabic_years(first, last)), regex.compile(chinese_years(first, last))
    for n in range(1000, 10000):
        inside = first <= n <= last
        assert bool(arabic.fullmatch(str(n))) == inside, n
        assert all(bool(chinese.fullmatch(_in_chinese(n, zero))) == inside for zero in _ZEROS), n


@pytest.mark.parametrize("pattern, text, value", [
    (YEAR, "1900", 1900), (YEAR, "2099", 2099), (YEAR, "2100", None), (YEAR, "1899", None),
    (CHINESE_YEAR, "二〇一七", 2017), (CHINESE_YEAR, "二○一七", 2017), (CHINESE_YEAR, "二零一七", 2017),
    (CHINESE_YEAR, "一九九八", 1998), (CHINESE_YEAR, "三四五六", None), (CHINESE_YEAR, "二一〇〇", None),
    # A plan's year: a page counter (2071) or an old date (1949) is not one.
    (PLAN_YEAR, "1980", 1980), (PLAN_YEAR, "2049", 2049), (PLAN_YEAR, "2071", None), (PLAN_YEAR, "1949", None),
    (PLAN_CHINESE_YEAR, "二○二五", 2025), (PLAN_CHINESE_YEAR, "二〇七一", None),
])
def test_the_shared_year_patterns(pattern, text, value):
    m = regex.fullmatch(pattern, text)
    assert (numeral_value(m.group()) if m else None) == value


def test_numeral_value_reads_every_script():
    assert [numeral_value(t) for t in ("12", "③", "七", "x")] == [12, 3, 7, None]


@pytest.mark.parametrize("title, region", [
    ("深入实施四川省知识产权战略行动计划(2016-2020)", "四川省"),
    ("国家知识产权局2013年工作要点", "全国"),
    ("攀枝花市2021年知识产权工作要点", "攀枝花市"),
    ("廣東省2019年知識產權工作要點", "廣東省"),
    ("2018年内蒙古知识产权工作要点", "内蒙古自治区"),
    ("某某高新区创建某某省知识产权示范园区工作方案", "某某高新区"),
    ("某某区知识产权局2021年工作要点", "某某区"),
    ("某某县2022年知识产权工作计划", "某某县"),
    ("自治区知识产权局2020年工作要点", None),
    ("知识产权强区试点建设工作方案", None),
    ("关于加快新区知识产权工作的方案", None),
    ("强化重点区域知识产权保护工作方案", None),
    ("产业园区知识产权工作要点", None),
    ("国家级新区知识产权工作要点", "全国"),
    ("某某区江苏省知识产权保护示范区建设工作方案", "某某区"),
])
def test_region_of_title(title, region):
    assert region_of_title(title) == region


def test_province_in_needs_a_province():
    assert province_in("强化知识产权保护") is None


@pytest.mark.parametrize("raw, names", [
    ("市知识产权局 配合部门：市经信委、市国资委", ["市知识产权局", "市经信委", "市国资委"]),
    ("市知识产权局牵头，版权局、市场监管委等配合", ["市知识产权局", "版权局", "市场监管委"]),
    ("省财政厅及有关部门", ["省财政厅", "有关部门"]),
    ("初审及流程管理部", ["初审及流程管理部"]),
    ("省、市组织部门", ["省、市组织部门"]),
    ("湖北省公安厅 经侦总队", ["湖北省公安厅经侦总队"]),
    ("天津海关 天津检验检疫局", ["天津海关", "天津检验检疫局"]),
    ("省文化厅省文化市场综合执法局", ["省文化厅", "省文化市场综合执法局"]),
    ("省知识产权局、工商局、 版权局、农业厅、林 业厅", ["省知识产权局", "工商局", "版权局", "农业厅", "林业厅"]),
    ("兵团知识产权局会同新疆知识产权局", ["兵团知识产权局", "新疆知识产权局"]),
    ("质监局提供标准化及标准体系建设的知识和指导，农业部门负责安全质量监管监测落实", ["质监局", "农业部门"]),
    ("市打击侵犯知识产权和制售假冒伪劣商品工作领导小组 各成员单位", ["市打击侵犯知识产权和制售假冒伪劣商品工作领导小组各成员单位"]),
    ("協調司、管理司", ["協調司", "管理司"]),
    ("省知識產權局負責", ["省知識產權局"]),
])
def test_split_departments(raw, names):
    assert [d.name for d in split_departments(raw)] == names


def test_department_roles():
    found = split_departments("牵头单位：省知识产权局；配合单位：省教育厅、科技厅")
    assert [(d.name, d.role) for d in found] == [
        ("省知识产权局", "lead"), ("省教育厅", "support"), ("科技厅", "support")]
    assert [d.role for d in split_departments("兵团知识产权局会同新疆知识产权局")] == ["lead", "support"]


@pytest.mark.parametrize("cell, likely", [
    ("省知识产权局、教育厅", True), ("省高法院", True), ("说明充分的判决书等", False),
    ("申报1-2家强市", False), ("推进知识产权公证服务", False), ("", False),
    ("市知识产权、工商、版权局", True), ("市场主体、高校、研究院", False), ("区属国企、民营企业、市国资委", False),
])
def test_department_likeness(cell, likely):
    assert (department_likeness(cell) >= 0.75) is likely


def test_the_shipped_fold_table_is_what_opencc_gives():
    from ipwork.normalize.chars import FOLD_DATA, traditional_to_simplified

    traditional, simplified = FOLD_DATA.read_text(encoding="utf-8").split("\n")[:2]
    assert dict(zip(traditional, simplified)) == traditional_to_simplified()


def test_the_shipped_list_of_characters_opencc_may_change_is_what_its_dictionaries_give():
    from ipwork.normalize.chars import FOLD_DATA, changeable_characters

    assert FOLD_DATA.read_text(encoding="utf-8").split("\n")[2] == changeable_characters()


@pytest.mark.parametrize("text, simplified", [("瞭解情況", "了解情况"), ("答覆", "答复"), ("省知識產權局", "省知识产权局"),
                                              ("省知识产权局", "省知识产权局"), ("了解", "了解")])
def test_to_simplified_converts_phrases_and_leaves_simplified_text_as_it_is(text, simplified):
    assert to_simplified(text) == simplified


@pytest.mark.parametrize("text, region", [("兵团2018年工作要点", "新疆生产建设兵团"), ("廣東省工作要點", "廣東省"),
                                          ("内蒙古知识产权局", "内蒙古自治区")])
def test_province_named_by_a_short_form_that_does_not_begin_its_full_name(text, region):
    from ipwork.normalize.regions import province_in

    assert province_in(text) == region


@pytest.mark.parametrize("line, page", [
    ("3", True), ("— 3 —", True), ("- 12 -", True), ("·3·", True), ("第3页", True), ("第 3 页 共 10 页", True),
    ("第3页共10页", True), ("3/10", True), ("3 / 10", True), ("3，共10页", True), ("Page 3 of 10", True), ("p. 3", True),
    ("20141229", False),  # a date that lost its 年月日
    ("1 2 3", False), ("3.", False), ("第三页", False), ("2020年", False), ("一、加强保护", False),
])
def test_page_number(line, page):
    assert bool(PAGE_NUMBER.match(line)) == page

