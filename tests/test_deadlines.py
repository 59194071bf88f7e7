"""Deadline dates: the last day each phrasing allows, from the deadline cell or the end of a text."""
from __future__ import annotations

from datetime import date

import pytest

from conftest import SAMPLES
from ipwork.normalize.deadlines import deadline_date, is_deadline, stated_deadline
from ipwork.normalize.chars import fold
from ipwork.pipeline import parse_file


@pytest.mark.parametrize("phrase, last_day", [
    ("年内完成", "2017-12-31"),
    ("年内有阶段性成果", "2017-12-31"),
    ("年內完成", "2017-12-31"),
    ("年底前", "2017-12-31"),
    ("全年持续推进", "2017-12-31"),
    ("6月底前", "2017-06-30"),
    ("6月底前完成", "2017-06-30"),
    ("６月底前完成", "2017-06-30"),
    ("六月底前", "2017-06-30"),
    ("2月底", "2017-02-28"),
    ("6月前完成", "2017-05-31"),  # before June begins
    ("1月前", "2016-12-31"),
    ("9月", "2017-09-30"),
    ("9月上旬", "2017-09-10"),
    ("9月中旬", "2017-09-20"),
    ("9月下旬", "2017-09-30"),
    ("6月15日前", "2017-06-15"),
    ("上半年", "2017-06-30"),
    ("上半年完成", "2017-06-30"),
    ("年中", "2017-06-30"),
    ("下半年", "2017-12-31"),
    ("三季度", "2017-09-30"),
    ("第二季度末", "2017-06-30"),
    ("二季度前", "2017-03-31"),
    ("2023年12月底前完成", "2023-12-31"),
    ("2022年12月底前完成并持续推进", "2022-12-31"),
    ("2018年上半年", "2018-06-30"),
    ("2018年底前", "2018-12-31"),
    ("2018年完成", "2018-12-31"),
    ("2020年前完成", "2019-12-31"),  # before 2020 begins
    ("二〇一八年六月底前", "2018-06-30"),
    ("2016-2020年", "2020-12-31"),
    ("2016—2020年", "2020-12-31"),
    ("次年", "2018-12-31"),
    ("3年内", "2019-12-31"),
    ("2018年3月启动，6月底前完成", "2018-06-30"),  # several steps: the last
    ("长期坚持", None),
    ("持续推进", None),
    ("長期堅持", None),
    ("6个月内", None),
    ("2月30日", None),
    ("", None),
])
def test_deadline_date_of_each_phrasing(phrase, last_day):
    assert deadline_date(phrase, 2017) == (date.fromisoformat(last_day) if last_day else None)


def test_a_date_without_a_year_needs_the_plans_year():
    assert deadline_date("年内完成", None) is None
    assert deadline_date("2023年12月底前完成", None) == date(2023, 12, 31)


@pytest.mark.parametrize("text, stated", [
    ("推动地方立法调研论证（2023年12月底前完成）。", "2023年12月底前完成"),
    ("推动地方立法调研论证(2023年12月底前完成)", "2023年12月底前完成"),
    ("开展专利执法检查，年内完成。", "年内完成"),
    ("建设维权援助中心，确保6月底前完成验收。", "确保6月底前完成验收"),
    ("开展专项行动，持续推进。", "持续推进"),
    ("完善评议制度；上半年出台。", "上半年出台"),
    ("到2020年建成20个示范区", None),
    ("加强宣传（省知识产权局负责）", None),
    ("开展调查，2017年6月", None),
    ("围绕重点产业，开展专利导航，建立年内可复制推广的专利导航工作机制和评价体系", None),
    ("", None),
])
def test_stated_deadline_at_the_end_of_a_text(text, stated):
    assert stated_deadline(text) == stated


def test_the_deadline_pattern_is_unchanged_for_the_parsers():
    assert is_deadline(fold("年内有阶段性成果")) and is_deadline(fold("2023年12月底前完成"))
    assert not is_deadline(fold("开展专项行动"))


def test_the_task_table_deadlines_fall_at_the_end_of_the_plans_year():
    items = [i for d in parse_file(str(SAMPLES / "2017_national_patent_tasks.txt")) for i in d.items]
    assert {i.deadline for i in items} == {"年内完成", "年内有阶段性成果"}
    assert {i.deadline_date for i in items} == {date(2017, 12, 31)}


PLAN = """浙江省2018年知识产权工作要点

一、加强知识产权保护

1.开展专项执法行动。加强电商领域执法，6月底前完成。（省知识产权局、工商局负责）

2.建设维权援助平台。推进平台建设（2018年12月底前完成）。（省知识产权局负责）

3.加强宣传培训。开展知识产权宣传周活动，长期坚持。（各有关部门负责）

4.完善统计制度。建立知识产权统计监测体系。（省统计局负责）
"""


def test_a_plan_without_a_deadline_column_takes_the_deadline_stated_in_the_text(write):
    doc, = parse_file(write("plan.txt", PLAN))
    assert doc.year == 2018
    assert [i.deadline for i in doc.items] == [None] * 4
    assert [i.deadline_date for i in doc.items] == [date(2018, 6, 30), date(2018, 12, 31), None, None]
    assert [[r.canonical for r in i.department_roles] for i in doc.items] == [
        ["浙江省知识产权局", "浙江省工商行政管理局"], ["浙江省知识产权局"], [None], ["浙江省统计局"]]


def test_a_date_of_work_already_done_is_no_deadline():
    """Regression: 2020年底前已完成的继续巩固 in a 2021 plan was read as a deadline."""
    from ipwork.normalize.deadlines import stated_deadline

    assert stated_deadline("完善评价体系，2020年底前已完成的继续巩固。") is None
    assert stated_deadline("开展专项行动，三季度完成。") == "三季度完成"


ONE_DEADLINE_PLAN = """某某省2017年知识产权工作要点

一、加强知识产权保护

1.开展专项行动，查处一批案件（2017年9月底前）。

2.开展专项行动，查处一批案件（2017年9月底前完成）。

3.开展专项行动，查处一批案件（省知识产权局负责，2017年9月底前）。

4.开展专项行动，查处一批案件（力争2017年9月底前完成）。
"""


def test_a_bracketed_date_without_a_completion_word_is_the_deadline(write):
    """Regression: （2017年9月底前） stayed in the title with no deadline, while its date was read;
    （2017年9月底前完成） was taken out as the deadline."""
    doc, = parse_file(write("plan.txt", ONE_DEADLINE_PLAN))
    assert [i.title for i in doc.items] == ["开展专项行动，查处一批案件"] * 4
    assert [i.deadline for i in doc.items] == ["2017年9月底前", "2017年9月底前完成", "2017年9月底前", "力争2017年9月底前完成"]
    assert {i.deadline_date for i in doc.items} == {date(2017, 9, 30)}
    assert [i.departments for i in doc.items][2] == ["省知识产权局"]


@pytest.mark.parametrize("text", [
    "查处一批案件（2017年9月底前）", "查处一批案件（2017年9月底前完成）", "开展评估（年内完成）",
    "推进平台建设（2023年12月底前完成并持续推进）", "修订条例（持續推進）", "开展评估（确保6月底前完成验收）",
    "加强宣传（省知识产权局负责）", "落实（2024年知识产权强国建设推进计划）", "开展调查（2017年6月）",
])
def test_the_deadline_taken_out_is_the_deadline_whose_date_is_read(text):
    """Regression: two recognisers disagreed, so a deadline's date was read from a bracket that
    stayed in the title."""
    from ipwork.parsers.tags import trailing_deadline

    assert trailing_deadline(text)[1] == stated_deadline(text)


@pytest.mark.parametrize("text", ["2024年知识产权强国建设推进计划", "2016年全国专利事业发展战略推进计划",
                                  "到2020年建成20个示范区"])
def test_a_plan_title_that_opens_with_its_year_states_no_deadline(text):
    """Regression: a date with a step word anywhere after it (推进计划) was read as a deadline."""
    assert stated_deadline(text) is None and not is_deadline(text)


@pytest.mark.parametrize("cells, deadline", [
    ("局内:管理司省份:各类省份必做年内完成", "年内完成"),
    ("局内:管理司省份:各类省份必做年内有阶段性成果", "年内有阶段性成果"),
    ("局内:管理司省份:各类省份必做2017年9月底前", "2017年9月底前"),
    ("局内:管理司省份:各类省份必做持续推进", "持续推进"),
    ("局内:管理司省份:各类省份必做", None),
])
def test_a_task_table_row_run_together_ends_with_its_deadline_cell(cells, deadline):
    from ipwork.parsers.tasktable import read_task

    task = read_task("完善制度。" + cells)
    assert task.deadline == deadline
    assert task.obligations == ["各类省份必做"]


def test_a_year_written_with_a_white_circle_for_zero_is_read():
    """○ (a white circle) is printed for 〇 in years: 二○一八年."""
    assert deadline_date("二○一八年六月底前", None) == date(2018, 6, 30)
    assert stated_deadline("开展评估，二○一八年六月底前完成。") == "二○一八年六月底前完成"
