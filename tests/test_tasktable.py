"""The national task table: the flattened sample, and variants made from it by hand."""
from __future__ import annotations

import json

import pytest
import regex

from conftest import GOLD, SAMPLES, load_score_module
from ipwork.parsers import choose
from ipwork.parsers.tasktable import TaskTableLayout, read_task, split_title_goal
from ipwork.pipeline import Options, parse_source
from ipwork.readers import SourceText

score = load_score_module()
NAME = "2017_national_patent_tasks.txt"
FLAT = (SAMPLES / NAME).read_text(encoding="utf-8")
GOLD_RECORDS = [json.loads(line) for line in (GOLD / f"{NAME}.gold.jsonl").read_text(encoding="utf-8").splitlines()]


def parse(text: str):
    src = SourceText.from_text(NAME, text)
    docs = list(parse_source(src, Options()))
    assert choose(src).name == "tasks"
    return docs[0]


def exactness(doc) -> float:
    pred = [r.model_dump(mode="json") for r in doc.records()]
    return score.summarize(score.score_pair(GOLD_RECORDS, pred, 0, NAME))["item_exact"]


def one_cell_a_line(text: str) -> str:
    """The same table as a copy that keeps one cell a line, with blank lines between cells."""
    subtitles = {r["path"][1] for r in GOLD_RECORDS}
    text = regex.sub(r"(工作任务|任务目标|落实举措|执行部门\(单位\))", r"\1\n\n", text)
    text = regex.sub(r"(?=[一二三]、“)|(?=\([一二三四]\))|(?<=[。\s])(?=\d{1,2}\.)", "\n\n", text)
    for title in subtitles:
        text = text.replace(title, title + "\n\n", 1)
    text = regex.sub(r"(?=局内:|省份:)", "\n\n", text)
    text = regex.sub(r"(?=年内完成|年内有阶段性成果)", "\n\n", text)
    text = regex.sub(r"。 +", "。\n\n", text)
    return regex.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def test_flattened_sample_is_exact():
    doc = parse(FLAT)
    assert exactness(doc) == 1.0
    assert len(doc.items) == 27 and not doc.unparsed
    assert [(w.code, w.message) for w in doc.warnings] == [("weak-year", "year 2017 read from the file's path only")]


def test_sections_carry_their_goals():
    doc = parse(FLAT)
    subtasks = [s for s in doc.sections if len(s.path) == 2]
    assert len(subtasks) == 11
    assert subtasks[0].title == "完善与强国建设目标任务相匹配的中国特色专利制度"
    assert subtasks[0].intro.startswith("贯彻落实强国建设部署")


def test_one_cell_a_line_variant_is_exact():
    variant = one_cell_a_line(FLAT)
    assert variant.count("\n") > 200
    doc = parse(variant)
    assert exactness(doc) == 1.0
    assert doc.items[0].source.line < doc.items[0].source.line_end


def test_full_width_punctuation_variant_is_exact():
    variant = FLAT.translate(str.maketrans({":": "：", ",": "，", "(": "（", ")": "）", ";": "；"}))
    assert exactness(parse(variant)) == 1.0


def test_task_with_two_department_groups():
    doc = parse(FLAT)
    by_number = {i.number: i for i in doc.items}
    assert by_number["18"].departments == ["条法司", "规划司"]
    assert by_number["27"].departments == ["协调司", "国际司", "审业部", "管理司", "规划司"]
    assert len(by_number["8"].obligations) == 3


def test_truncated_final_task_is_kept_with_a_warning():
    cut = FLAT[:FLAT.index("27.实施知识产权海外维权工程") + 60]
    doc = parse(cut)
    assert len(doc.items) == 27
    last = doc.items[-1]
    assert last.title == "实施知识产权海外维权工程" and last.deadline is None
    assert [w.code for w in doc.warnings] == ["weak-year", "truncated-task"]


@pytest.mark.parametrize("cell, title", [
    ("完善与强国建设目标任务相匹配的中国特色专利制度贯彻落实强国建设部署,分步骤。", "完善与强国建设目标任务相匹配的中国特色专利制度"),
    ("构建与强国建设目标任务相协同的专利工作推进体系稳步推进强省建设,以点带面。", "构建与强国建设目标任务相协同的专利工作推进体系"),
    ("专利推动对外开放围绕国家重大战略部署,制定方案。", "专利推动对外开放"),
    ("全面提升专利质量\n实现专利申请数量稳中有进。", "全面提升专利质量"),
])
def test_split_title_goal(cell, title):
    assert split_title_goal(cell)[0] == title


def test_read_task_groups_and_deadline():
    cell = read_task("甲。乙。局内：条法司局内：规划司省份：涉及省份必做年内有阶段性成果 |")
    assert (cell.measures, cell.departments, cell.obligations, cell.deadline) == (
        "甲。乙。", ["条法司", "规划司"], ["涉及省份必做"], "年内有阶段性成果")


def test_rows_cut_by_a_page_break_rejoin_before_the_stream_is_read():
    """A PDF's table: tab-separated cells, the header repeated on each page, a task's row cut
    in two by the break (its second half after the header, first cell empty)."""
    header = "工作任务\t任务目标\t落实举措\t执行部门(单位)\t完成时间"
    text = "\n".join([
        "2017年全国专利事业发展战略推进计划", header,
        "一、“专利制度创新”主体任务\t\t\t\t",
        "（一）完善专利制度\t分步骤制定制度体系。\t1.推动制定专利政策。围绕部署，协同制定专\t局内:协调司省份:强省试\t年",
        header,
        "\t\t利政策。\t点省必做\t内完成",
        "\t\t2.完善专利权保护制度。加快立法进程。\t局内:条法司\t年内有阶段性成果",
    ])
    doc = parse(text)
    assert [(i.title, i.text, i.departments, i.obligations, i.deadline) for i in doc.items] == [
        ("推动制定专利政策", "围绕部署，协同制定专利政策。", ["协调司"], ["强省试点省必做"], "年内完成"),
        ("完善专利权保护制度", "加快立法进程。", ["条法司"], [], "年内有阶段性成果"),
    ]
    assert doc.items[0].source.lines == [4, 6]


def test_header_cells_of_the_2014_edition_are_metadata_not_unparsed():
    """Regression: the task table's header was recognised by a word list of its own that lacked
    the 2014 and 2016 editions' 工作措施, so that header's cells were reported as unparsed."""
    variant = regex.sub(r"(?m)^落实举措$", "工作措施", one_cell_a_line(FLAT))
    doc = parse(variant)
    header = {n for n, line in enumerate(variant.splitlines(), 1) if line in ("工作措施", "执行部门(单位)")}
    assert len(header) == 2
    assert header <= {m.line for m in doc.metadata_lines} and not header & {u.line for u in doc.unparsed}


@pytest.mark.parametrize("word", ["落实举措", "任务目标"])
def test_a_paragraph_that_names_a_task_table_column_is_no_table_header(word):
    text = f"会议指出，今年《推进计划》的{word}是提升质量。\n一、加强保护\n（一）开展执法。\n"
    assert TaskTableLayout().sniff(SourceText.from_text("p.txt", text)) == 0
