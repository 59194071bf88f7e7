"""Record ids come from what a plan says: the same plan read from .txt, .docx or .pdf has the
same ids, identical plans in one file are told apart, and stats, diff and SQLite count a plan
read from two formats once."""
from __future__ import annotations

import shutil
import sqlite3

import pytest

from conftest import ROOT, SAMPLES, run
from ipwork.identity import letters_and_digits, plan_digest

DATA = ROOT / "tests" / "data"
# Samples whose Word and PDF copies under tests/data hold the whole sample (the compilation's
# copies hold a part of it, compared among themselves below).
WHOLE = ["2013_cnipa_work_points", "2016-2020_sichuan_action_plan", "2017_national_patent_tasks",
         "2020_national_priorities_news"]
PDFS = (".office.pdf", ".browser.pdf")

PLAN = """青山省2021年知识产权工作要点

一、强化知识产权保护
（一）开展专利、商标侵权假冒专项整治，严厉打击恶意抢注行为(省知识产权局、省市场监管局)。
（二）完善商标注册便利化措施，提升商标审查质量，年内完成（省市场监管局）。
二、促进知识产权运用
（三）推进专利转化运用，开展质押融资“入园惠企”活动（省知识产权局）。
（四）建设知识产权服务业集聚区，培育高价值专利组合（省知识产权局，各市）。
"""
OTHER_PLAN = """白水市2021年知识产权工作要点

一、加强知识产权创造
（一）实施高价值专利培育计划，支持企业布局海外专利（市知识产权局）。
（二）开展地理标志商标培育，打造区域品牌（市市场监管局）。
"""


def _ids(path, *options: str) -> list[str]:
    result = run("parse", str(path), "-f", "jsonl", *options)
    assert result.code == 0, result.stderr
    return [r["id"] for r in result.jsonl()]


def _copy(tmp_path, name: str, suffix: str):
    """A test document under a name of its own (ids must not depend on the file name)."""
    copy = tmp_path / f"copy{suffix}"
    shutil.copyfile(DATA / (name + suffix), copy)
    return copy


@pytest.mark.parametrize("name", WHOLE)
def test_one_plan_as_txt_docx_and_pdf_has_one_set_of_ids(tmp_path, name):
    expected = _ids(SAMPLES / f"{name}.txt")
    assert len(set(expected)) == len(expected) > 0
    for suffix in (".docx", *PDFS):
        assert _ids(_copy(tmp_path, name, suffix)) == expected, suffix


def test_the_compilations_word_and_pdf_copies_have_one_set_of_ids(tmp_path):
    name = "2017_provincial_compilation"
    expected = _ids(_copy(tmp_path, name, ".docx"))
    assert len(set(expected)) == len(expected) > 0
    for suffix in PDFS:
        assert _ids(_copy(tmp_path, name, suffix)) == expected, suffix


def test_two_identical_plans_in_one_file_get_distinct_ids(write):
    alone = _ids(write("plan.txt", PLAN))
    twice = _ids(write("twice.txt", PLAN + "\n" + PLAN))
    assert len(set(twice)) == len(twice) == 2 * len(alone)
    assert twice[:len(alone)] == alone
    assert twice[len(alone):] == [i.replace("-1-", "-2-", 1) for i in alone]


def test_a_plans_ids_do_not_depend_on_its_place_in_the_file(write):
    alone = _ids(write("plan.txt", PLAN))
    after_another = _ids(write("both.txt", OTHER_PLAN + "\n" + PLAN))
    assert after_another[-len(alone):] == alone
    assert set(after_another[:-len(alone)]).isdisjoint(alone)


@pytest.mark.parametrize("reprint", [
    lambda t: t.replace("，", ",").replace("（", "(").replace("）", ")"),
    lambda t: t.replace("、", " 、 ").replace("\n", "\r\n"),
    lambda t: t.replace("“", '"').replace("”", '"'),
], ids=["punctuation-width", "spaces-and-line-endings", "quotes"])
def test_a_plan_printed_differently_keeps_its_ids(write, reprint):
    assert _ids(write("reprinted.txt", reprint(PLAN))) == _ids(write("plan.txt", PLAN))


def test_simplified_output_keeps_the_ids(write):
    traditional = write("traditional.txt", PLAN.replace("护", "護").replace("标", "標").replace("专", "專"))
    assert _ids(traditional, "--simplified") == _ids(traditional) == _ids(write("plan.txt", PLAN))


def test_an_edited_plan_gets_new_ids(write):
    edited = _ids(write("edited.txt", PLAN.replace("年内完成", "6月底前完成")))
    assert set(edited).isdisjoint(_ids(write("plan.txt", PLAN)))


def test_stats_and_diff_count_a_plan_read_from_two_formats_once(tmp_path):
    name = WHOLE[0]
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copyfile(SAMPLES / f"{name}.txt", folder / "plan.txt")
    shutil.copyfile(DATA / f"{name}.docx", folder / "plan.docx")
    items = len(_ids(SAMPLES / f"{name}.txt"))
    result = run("stats", str(folder), "-f", "jsonl")
    assert result.code == 0 and sum(row["items"] for row in result.jsonl()) == items
    assert f"{items} records met twice (same id) counted once" in result.stderr
    result = run("diff", str(folder / "plan.txt"), str(folder / "plan.docx"), "-f", "jsonl", "--all")
    assert result.code == 0 and {row["change"] for row in result.jsonl()} == {"unchanged"}


def test_sqlite_keeps_a_plan_read_from_two_formats_once(tmp_path):
    name = WHOLE[1]
    path = tmp_path / "plans.db"
    for source in (SAMPLES / f"{name}.txt", _copy(tmp_path, name, ".docx"), _copy(tmp_path, name, ".office.pdf")):
        assert run("parse", str(source), "-o", str(path)).code == 0
    with sqlite3.connect(path) as db:
        documents, items = db.execute("SELECT count(*), sum(items) FROM documents").fetchone()
        assert (documents, items) == (1, len(_ids(SAMPLES / f"{name}.txt")))
        assert db.execute("SELECT file FROM documents").fetchone() == (str(tmp_path / "copy.office.pdf"),)


def test_the_digest_reads_letters_and_digits_only():
    assert letters_and_digits("２０１７年，專利（一） 保護") == "2017年专利一保护"
    item = {"number": "1", "path": ["一、保护"], "title": "专利", "text": "", "departments": ["省局"],
            "obligations": [], "other": {"备注": "无"}}
    assert plan_digest([item]) == plan_digest([{**item, "title": "专 利。", "path": ["一,保护"]}])
    assert plan_digest([item]) != plan_digest([{**item, "other": {"备注": "有"}}])
    assert plan_digest([], ("甲省规划", None)) != plan_digest([], ("乙省规划", None))
