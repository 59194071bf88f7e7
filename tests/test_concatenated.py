"""Several plans in one file: each is found, parsed with its own layout, and keeps its metadata."""
from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import GOLD, SAMPLES, load_score_module
from ipwork.pipeline import Options, parse_source
from ipwork.readers import SourceText

score = load_score_module()
TEXT = {p.name: p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))}
POINTS, SICHUAN, TASKS, COMPILATION, NEWS = sorted(TEXT, key=lambda n: (
    "cnipa" not in n, "sichuan" not in n, "tasks" not in n, "compilation" not in n))


def parse(text: str) -> list:
    return list(parse_source(SourceText.from_text("all.txt", text), Options()))


def gold(name: str) -> list[dict]:
    path = GOLD / f"{name}.gold.jsonl"
    return score.load_jsonl(path.read_text(encoding="utf-8"), path)


def records(docs) -> list[dict]:
    return [r.model_dump(mode="json") for d in docs for r in d.records()]


@pytest.mark.parametrize("first, second", [
    (POINTS, SICHUAN), (POINTS, COMPILATION), (TASKS, POINTS), (SICHUAN, NEWS), (NEWS, TASKS),
], ids=["points+action-plan", "points+compilation", "task-table+points", "action-plan+news", "news+task-table"])
def test_each_plan_keeps_its_layout_metadata_and_items(first, second):
    docs = parse(TEXT[first] + "\n" + TEXT[second])
    for name, part in ((first, [d for d in docs if d.items and d.items[0].source.line <= TEXT[first].count("\n") + 1]),
                       (second, [d for d in docs if d.items and d.items[0].source.line > TEXT[first].count("\n") + 1])):
        expected = gold(name)
        got = records(part)
        summary = score.summarize(score.score_pair(expected, got, 0, name))
        assert summary["recall"] == 1.0 and summary["precision"] == 1.0, (name, summary)
        assert summary["region"] == summary["title"] == 1.0, (name, summary)
        expected_years = {g["year"] for g in expected}
        assert {r["year"] for r in got} <= expected_years | {None}, name


def test_two_years_of_work_points_are_two_plans():
    later = TEXT[POINTS].replace("2013", "2014")
    docs = parse(TEXT[POINTS] + "\n" + later)
    assert [(d.year, d.region, len(d.items)) for d in docs] == [(2013, "全国", 26), (2014, "全国", 26)]
    assert docs[1].items[0].source.line > TEXT[POINTS].count("\n")


def test_each_plan_reports_only_its_own_lines_as_unparsed():
    """Regression: a plan of a layout that reads one plan a text spanned the whole file, so
    each plan listed the lines of every other as unparsed, in time growing with plans x lines."""
    later = TEXT[POINTS].replace("2013", "2014")
    docs = parse(TEXT[POINTS] + "\n" + later)
    assert [len(d.items) for d in docs] == [26, 26]
    assert [[u.line for u in d.unparsed] for d in docs] == [[], []]


def test_one_plan_is_never_split():
    for name, text in TEXT.items():
        docs = parse(text)
        assert len({d.layout for d in docs}) == 1, name


SMALL = {POINTS: TEXT[POINTS], SICHUAN: TEXT[SICHUAN], TASKS: TEXT[TASKS], NEWS: TEXT[NEWS],
         "compilation-slice": "\n".join(TEXT[COMPILATION].split("\n")[:260])}


def _items(text: str) -> Counter:
    return Counter((d.layout, d.region, len(d.items)) for d in parse(text) if d.items)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=st.lists(st.sampled_from(sorted(SMALL)), min_size=2, max_size=3, unique=True))
def test_concatenations_give_what_each_part_gives_alone(names):
    alone = sum((_items(SMALL[n]) for n in names), Counter())
    together = _items("\n".join(SMALL[n] for n in names))
    assert together == alone
