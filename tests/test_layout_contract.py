"""One contract over every registered layout, as Pygments checks every lexer.

``sniff`` answers with a float in 0..1 for any text and never raises; ``parse`` returns
plans for any text; a bug inside a sniffer is reported as an internal error, never as
"no layout recognises this document".
"""
from __future__ import annotations

import pytest

from conftest import SAMPLES, run
from ipwork.parsers import LAYOUTS
from ipwork.parsers.base import RawItem, RawPlan
from ipwork.readers import SourceText

SAMPLE_TEXTS = {p.name: p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))}
JUNK = {
    "empty-lines": "\n\n\n",
    "prose": "这只是一段普通的文字，没有任何标题或表格。\n",
    "tabs-only": "\t\t\t\n\t\n",
    "markers-only": "一、\n（一）\n1.\n①\n———\n",
    "brackets": "（" * 500 + "）" * 3,
    "latin": "lorem ipsum\tdolor\tsit amet\n" * 20,
    "header-only": "序号\t工作重点\t工作内容\t具体任务\t成果形式\t责任部门\n",
    "markers-run-together": "一、二、三、（一）（二）1.2.3.局内:省份:年内完成" * 10,
    "control": "\x0b\x0c\u2028\u2029\ufeff" * 5,
}
TEXTS = {**SAMPLE_TEXTS, **JUNK}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("name", sorted(TEXTS))
def test_sniff_is_a_score_and_parse_gives_plans(layout, name):
    src = SourceText.from_text(name, TEXTS[name])
    score = LAYOUTS[layout].sniff(src)
    assert isinstance(score, float) and 0.0 <= score <= 1.0
    plans = list(LAYOUTS[layout].parse(src))
    assert all(isinstance(p, RawPlan) for p in plans)
    for plan in plans:
        for item in plan.items:
            assert isinstance(item, RawItem) and item.lines and all(isinstance(n, int) for n in item.lines)


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_each_layout_recognises_its_own_example_best(layout):
    example = LAYOUTS[layout].example.split()[2]
    src = SourceText.from_text(example, (SAMPLES.parent / example).read_text(encoding="utf-8"))
    scores = {name: other.sniff(src) for name, other in LAYOUTS.items()}
    assert max(scores, key=scores.get) == layout


@pytest.mark.parametrize("error", [AttributeError("no such attribute"), ImportError("No module named 'x'")])
def test_a_bug_in_a_sniffer_is_an_internal_error(monkeypatch, error):
    def broken(src):
        raise error

    monkeypatch.setattr(LAYOUTS["outline"], "sniff", broken)
    result = run("parse", str(SAMPLES / "2013_cnipa_work_points.txt"))
    assert result.code == 1
    assert f"internal error: {type(error).__name__}" in result.stderr
    assert "recognises" not in result.stderr and "Traceback" not in result.stderr
    assert "Traceback" in run("-v", "parse", str(SAMPLES / "2013_cnipa_work_points.txt")).stderr


def test_a_sniffer_returning_a_wrong_score_is_an_internal_error(monkeypatch):
    monkeypatch.setattr(LAYOUTS["outline"], "sniff", lambda src: 7)
    result = run("parse", str(SAMPLES / "2013_cnipa_work_points.txt"))
    assert result.code == 1 and "internal error: ValueError" in result.stderr
