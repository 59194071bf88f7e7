"""A plan's region and year: from the gazetteer's places, from every kind of printed evidence,
from the file's path and from the user; each record says where they came from."""
from __future__ import annotations

import json

import pytest
from conftest import run

from ipwork.pipeline import Options, parse_source
from ipwork.readers import SourceText

ITEMS = "一、加强保护\n1.开展专项行动。（市知识产权局负责）\n2.推进商标品牌建设。\n"


def parse(text: str, name: str = "page.txt", **options):
    return list(parse_source(SourceText.from_text(name, text), Options(**options)))[0]


def codes(doc) -> list[str]:
    return [w.code for w in doc.warnings]


@pytest.mark.parametrize("head, region, code, level, origin", [
    ("衢州市2016年专利工作要点\n", "衢州市", "330800", "prefecture", "title"),
    ("衢州2016年专利工作要点\n", "衢州市", "330800", "prefecture", "title"),
    ("浙江省衢州市2016年专利工作要点\n", "衢州市", "330800", "prefecture", "title"),
    ("芦溪县2019年知识产权工作要点\n", "芦溪县", "360323", "county", "title"),
    ("琼中县2023年知识产权工作要点\n", "琼中黎族苗族自治县", "469030", "county", "title"),
    ("連平縣2019年知識產權工作要點\n", "連平縣", "441623", "county", "title"),
    ("兴安盟知识产权局关于印发2020年工作要点的通知\n", "兴安盟", "152200", "prefecture", "title"),
    ("长春市朝阳区2021年知识产权工作要点\n", "朝阳区", "220104", "county", "title"),
    ("2017年北京市工作要点\n", "北京市", "110000", "province", "title"),
    ("芦溪召开2022年知识产权工作会议\n会议部署了全年工作。\n", "芦溪县", "360323", "county", "headline"),
], ids=["city", "city-short", "province-and-city", "county", "autonomous-county-short", "traditional",
        "league-in-a-notice", "district-after-its-city", "municipality", "county-short-in-a-headline"])
def test_a_place_in_the_head_is_the_region_with_its_code(head, region, code, level, origin):
    doc = parse(head + ITEMS)
    assert (doc.region, doc.region_code, doc.region_level, doc.region_from) == (region, code, level, origin)
    record = doc.records()[0]
    assert (record.region, record.region_code, record.province, record.region_from) == (
        region, code, doc.province, origin)


def test_a_former_name_keeps_the_code_it_had():
    doc = parse("襄樊市2009年知识产权工作要点\n" + ITEMS)
    assert (doc.region, doc.region_code, doc.province) == ("襄樊市", "420600", "湖北省")


def test_a_name_several_places_bear_is_settled_by_the_other_clues_or_warned():
    alone = parse("朝阳区2021年知识产权工作要点\n" + ITEMS)
    assert alone.region == "朝阳区" and alone.region_code is None and "ambiguous-region" in codes(alone)
    signed = parse("朝阳区2021年知识产权工作要点\n" + ITEMS + "北京市朝阳区市场监督管理局\n2021年3月1日\n")
    assert signed.region_code == "110105" and "ambiguous-region" not in codes(signed)


def test_the_agencies_of_a_city_plan_are_the_citys():
    doc = parse("衢州2016年专利工作要点\n" + ITEMS)
    assert doc.items[0].department_roles[0].canonical == "衢州市知识产权局"


@pytest.mark.parametrize("text, region, origin", [
    ("关于印发2020年工作要点的通知\n各县（市、区）知识产权局：\n现将《2020年工作要点》印发给你们。\n" + ITEMS
     + "芦溪县市场监督管理局\n2020年2月1日\n", "芦溪县", "signature"),
    ("2020年工作要点\n来源：衢州市市场监督管理局\n" + ITEMS, "衢州市", "byline"),
    ("2020年工作要点\n" + "一、加强保护\n1.开展专项行动，全县各乡镇要加强宣传，芦溪县知识产权局牵头。\n"
     "2.推进商标品牌建设。\n", "芦溪县", "text"),
], ids=["signature", "byline", "a-countys-voice"])
def test_the_region_where_the_title_names_none(text, region, origin):
    doc = parse(text)
    assert (doc.region, doc.region_from) == (region, origin)


def test_a_city_speaking_of_its_counties_is_not_one_county():
    text = ("商丘局调研知识产权工作\n6月1日，市局一行赴民权县、柘城县和虞城县调研。"
            "各县汇报了本县2020年知识产权工作方案。提出以下要求：一是站位要高。二是措施要实。\n")
    doc = parse(text)
    assert doc.region == "商丘市" and doc.region_from == "headline"


@pytest.mark.parametrize("text, year, origin", [
    ("衢州市召开知识产权工作会议\n会议部署2024年重点工作。" + "会议要求：一是强化保护；二是促进运用。\n", 2024, "preamble"),
    ("某县知识产权局\n近日，县政府印发《2023年知识产权工作方案》，明确全年任务。一是强化保护。二是促进运用。\n",
     2023, "preamble"),
    ("专项行动方案\n从2010年10月至2011年12月，在全县开展专项行动。\n" + ITEMS, 2010, "preamble"),
    ("靖远县召开专题会议\n12月20日，靖远县2024年知识产权工作专题会议召开。一是强化保护。二是促进运用。\n", 2024, "preamble"),
    (ITEMS + "某某市知识产权局\n二〇二二年三月一日\n", 2022, "signature"),
    ("某某市知识产权工作方案\n某市监〔2016〕12号\n" + ITEMS, 2016, "notice"),
], ids=["deployed", "a-plan-reported-issued", "an-action-period", "a-meeting-named-after-it",
        "a-chinese-signature", "a-document-number"])
def test_years_a_page_reports(text, year, origin):
    doc = parse(text)
    assert (doc.year, doc.year_from) == (year, origin)
    assert doc.records()[0].year_from == doc.year_from


@pytest.mark.parametrize("text", [
    "某某市知识产权工作要点\n发布时间：2021-06-23\n" + ITEMS,
    "某某市知识产权工作要点\n到2025年，专利拥有量达到十万件。\n" + ITEMS,
    "某某市知识产权工作要点\n根据《2018年全国专利事业发展战略推进计划》的部署，制定本要点。\n" + ITEMS,
], ids=["publication-date", "target-year", "cited-plan"])
def test_years_that_are_not_the_plans(text):
    doc = parse(text)
    assert doc.year is None and "no-year" in codes(doc)


def test_the_document_keeps_its_evidence_strongest_first():
    doc = parse("衢州市2016年专利工作要点\n" + ITEMS + "衢州市市场监督管理局\n2016年3月1日\n")
    years = [e for e in doc.evidence if e.field == "year"]
    assert years[0].model_dump() == {"field": "year", "value": 2016, "from": "title", "line": 1, "strength": "strong"}
    assert {e.origin for e in doc.evidence if e.field == "region"} >= {"title", "signature"}


def test_weak_evidence_alone_gives_a_warning_and_nothing_gives_one_too():
    doc = parse(ITEMS, name="2019/衢州市/要点.txt")
    assert (doc.year, doc.year_from, doc.region, doc.region_from) == (2019, "file", "衢州市", "file")
    assert {"weak-year", "weak-region"} <= set(codes(doc))
    none = parse(ITEMS)
    assert none.year is None and none.region is None and {"no-year", "no-region"} <= set(codes(none))


@pytest.mark.parametrize("name, region, year", [
    ("2019/杭州市/要点.txt", "杭州市", 2019),
    ("浙江省_2018_工作要点.docx", "浙江省", 2018),
])
def test_the_files_path_speaks_where_the_text_does_not(name, region, year):
    doc = parse(ITEMS, name=name)
    assert (doc.region, doc.year, doc.region_from, doc.year_from) == (region, year, "file", "file")


def test_printed_evidence_outranks_the_path():
    doc = parse("衢州市2016年专利工作要点\n" + ITEMS, name="2019/杭州市/要点.txt")
    assert (doc.region, doc.year) == ("衢州市", 2016)


def test_the_users_values_win_with_a_warning_where_the_print_differs():
    doc = parse("衢州市2016年专利工作要点\n" + ITEMS, year=2017, region="杭州")
    assert (doc.region, doc.region_code, doc.year, doc.region_from, doc.year_from) == (
        "杭州市", "330100", 2017, "user", "user")
    assert codes(doc).count("user-metadata") == 2
    assert doc.items[0].department_roles[0].canonical == "杭州市知识产权局"
    agreeing = parse("衢州市2016年专利工作要点\n" + ITEMS, year=2016)
    assert "user-metadata" not in codes(agreeing) and agreeing.year_from == "user"


def test_year_and_region_options_on_the_command_line(write):
    path = write("plan.txt", ITEMS)
    result = run("parse", path, "-f", "jsonl", "--year", "2020", "--region", "芦溪县")
    record = result.jsonl()[0]
    assert result.code == 0 and (record["year"], record["region"], record["region_code"]) == (2020, "芦溪县", "360323")
    assert (record["year_from"], record["region_from"]) == ("user", "user")
    assert run("parse", path, "--year", "20").code == 2


def test_deadline_dates_say_where_they_were_read(write):
    text = "衢州市2016年专利工作要点\n一、加强保护\n1.开展专项行动，年内完成。\n2.推进商标品牌建设。\n"
    records = run("parse", write("plan.txt", text), "-f", "jsonl").jsonl()
    assert [(r["deadline_date"], r["deadline_date_from"]) for r in records] == [("2016-12-31", "text"), (None, None)]


def _batch_folder(tmp_path):
    root = tmp_path / "in"
    (root / "2019").mkdir(parents=True)
    (root / "2019" / "a.txt").write_text(ITEMS, encoding="utf-8")
    (root / "b.txt").write_text(ITEMS, encoding="utf-8")
    return root


def test_batch_reads_what_a_metadata_file_says_of_each_file(tmp_path):
    root = _batch_folder(tmp_path)
    meta = tmp_path / "meta.csv"
    meta.write_text("path,region,year\n2019/a.txt,衢州市,\nb.txt,芦溪县,2018\nmissing.txt,杭州市,2020\n",
                    encoding="utf-8")
    result = run("batch", str(root), "-o", str(tmp_path / "out"), "--metadata", str(meta), "-q", "-j", "1")
    assert result.code == 0
    assert f"{meta}:4: no file of {root} has this row's path" in result.stderr
    a = [json.loads(line) for line in (tmp_path / "out" / "2019" / "a.jsonl").read_text(encoding="utf-8").splitlines()]
    b = [json.loads(line) for line in (tmp_path / "out" / "b.jsonl").read_text(encoding="utf-8").splitlines()]
    assert (a[0]["region"], a[0]["region_from"], a[0]["year"], a[0]["year_from"]) == ("衢州市", "user", 2019, "file")
    assert (b[0]["region"], b[0]["year"], b[0]["year_from"]) == ("芦溪县", 2018, "user")
    # A changed row makes its file's output stale; the others stay as they were.
    meta.write_text("path,region,year\n2019/a.txt,衢州市,\nb.txt,芦溪县,2019\n", encoding="utf-8")
    again = run("batch", str(root), "-o", str(tmp_path / "out"), "--metadata", str(meta), "-j", "1")
    assert again.code == 0
    b = [json.loads(line) for line in (tmp_path / "out" / "b.jsonl").read_text(encoding="utf-8").splitlines()]
    assert b[0]["year"] == 2019


@pytest.mark.parametrize("content, line, message", [
    ("path,year\nb.txt,twenty\n", 2, "is not a year"),
    ("file,year\nb.txt,2019\n", 1, "must name the columns"),
    ("path,year\nb.txt,2019\nb.txt,2020\n", 3, "listed twice"),
], ids=["bad-year", "no-path-column", "a-path-twice"])
def test_a_bad_metadata_file_is_one_line_naming_its_line(tmp_path, content, line, message):
    root = _batch_folder(tmp_path)
    meta = tmp_path / "meta.csv"
    meta.write_text(content, encoding="utf-8")
    result = run("batch", str(root), "-o", str(tmp_path / "out"), "--metadata", str(meta), "-q")
    assert result.code == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"ipwork: error: {meta}:{line}: ") and message in result.stderr
    assert not (tmp_path / "out").exists()
