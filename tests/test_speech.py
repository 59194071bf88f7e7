"""Lists of speeches and meeting reports without numbers: 要… sentences, 要…；要… clauses,
首先…其次…最后…, and 一是要/一要 enumerators."""
from __future__ import annotations

import pytest

from ipwork.parsers.speech import directives
from ipwork.pipeline import Options, parse_source
from ipwork.readers import SourceText


def titles(text: str) -> list[str]:
    return [text[d.start:d.end] for d in directives(text)]


@pytest.mark.parametrize("text, expected", [
    ("王某强调，全县各部门要主动作为，提供有力支撑。要聚焦重点产业，推动转化运用。要以品牌建设为引领，提升贴标率。"
     "要强化执法监管，维护市场秩序。",
     ["聚焦重点产业，推动转化运用", "以品牌建设为引领，提升贴标率", "强化执法监管，维护市场秩序"]),
    ("会议强调，下半年全市知识产权工作要对标先进，瞄准一流；要统一思想，提高认识；要紧盯重点，加强合作。",
     ["对标先进，瞄准一流", "统一思想，提高认识", "紧盯重点，加强合作"]),
    ("會議強調，思路決定出路，2022年全市知識產權工作要抓好頂層設計；要抓好創新創造。",
     ["抓好頂層設計", "抓好創新創造"]),
    ("会议指出，今年是关键之年。要以思想为指导，确保落实；要狠抓落实，取得成效。",
     ["以思想为指导，确保落实", "狠抓落实，取得成效"]),
    ("会后，县领导要求，要聚焦打击侵权假冒工作。要加强巡查检查。要深入推进专项治理。（某某）",
     ["聚焦打击侵权假冒工作", "加强巡查检查", "深入推进专项治理"]),
    ("首先，要提高认识。其次，加强协作。最后，抓好落实。", ["提高认识", "加强协作", "抓好落实"]),
], ids=["run-after-a-lead-in", "clauses-after-a-cue", "traditional-clauses", "clauses-after-a-cued-sentence",
        "run-after-a-long-cue", "steps"])
def test_a_speechs_list(text, expected):
    assert titles(text) == expected


@pytest.mark.parametrize("text", [
    "这是一项重要的工作。主要任务是完成考核。需要各方配合。",
    "要加强保护。",
    "要加强保护；要促进运用。",  # two clauses and no cue: not yet a list
    "首先，提高认识。其次，加强协作。",  # no last step
    "会议要求，各单位要高度重视，认真抓好落实。",
], ids=["words-holding-要", "one-sentence", "two-clauses-without-a-cue", "steps-without-a-last", "one-directive"])
def test_no_list(text):
    assert titles(text) == []


def test_a_meeting_report_gives_its_directives_as_items():
    text = ("衢州召开2022年知识产权工作会议\n"
            "会议强调，全市知识产权工作要强化保护，优化服务；要促进运用，提升效益；要夯实基础，营造氛围。\n")
    doc = list(parse_source(SourceText.from_text("page.txt", text), Options()))[0]
    assert [(i.title, i.text, i.source.offset) for i in doc.items] == [
        ("强化保护，优化服务", "", 14), ("促进运用，提升效益", "", 25), ("夯实基础，营造氛围", "", 36)]
    assert (doc.region, doc.year) == ("衢州市", 2022)


def test_the_must_of_an_enumerator_is_the_enumerators():
    text = "某某市2020年工作部署\n会议要求：一是要强化保护，严格执法。二是要促进运用。三要优化服务。\n"
    doc = list(parse_source(SourceText.from_text("page.txt", text), Options()))[0]
    assert [i.title for i in doc.items] == ["强化保护，严格执法", "促进运用", "优化服务"]
