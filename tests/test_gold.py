"""The score against the hand-checked answer keys: the measure of the parser."""
from __future__ import annotations

import filecmp
from collections import Counter

import pytest

from conftest import GOLD, GOLD_FILES, SAMPLES, SHARED_GOLD, load_score_module, run, sample_name

score = load_score_module()
# Thresholds per sample: item_exact (and recall) the parser must reach.
TARGETS = {
    "2013_cnipa_work_points.txt": 0.98,
    "2016-2020_sichuan_action_plan.txt": 0.98,
    "2020_national_priorities_news.txt": 0.98,
    "2017_provincial_compilation.txt": 0.95,
    "2017_national_patent_tasks.txt": 1.0,
}


def predicted(name: str) -> list[dict]:
    result = run("parse", str(SAMPLES / name), "-f", "jsonl")
    assert result.code == 0, result.stderr
    return result.jsonl()


def gold_records(path) -> list[dict]:
    return score.load_jsonl(path.read_text(encoding="utf-8"), path)


@pytest.fixture(scope="module", params=GOLD_FILES, ids=sample_name)
def scored(request):
    gold = gold_records(request.param)
    pred = predicted(sample_name(request.param))
    return sample_name(request.param), gold, pred, score.summarize(score.score_pair(gold, pred, 0, "t"))


def test_every_gold_file_has_a_target():
    assert {sample_name(g) for g in GOLD_FILES} == set(TARGETS)


def test_item_exact_reaches_target(scored):
    name, _, _, summary = scored
    assert summary["item_exact"] >= TARGETS[name], summary


def test_recall_and_precision(scored):
    name, _, _, summary = scored
    floor = 0.99 if TARGETS[name] < 1 else 1.0
    assert summary["recall"] >= floor and summary["precision"] >= floor, summary


def test_fields_of_the_national_task_table_are_exact():
    name = "2017_national_patent_tasks.txt"
    gold = gold_records(GOLD / f"{name}.gold.jsonl")
    summary = score.summarize(score.score_pair(gold, predicted(name), 0, name))
    for field in ("title", "path", "deadline", "dept_f1"):
        assert summary[field] == 1.0, field


def test_compilation_has_every_region_with_gold_item_counts():
    path = GOLD / "2017_provincial_compilation.txt.gold.jsonl"
    want = Counter(g["region"] for g in gold_records(path))
    got = Counter(p["region"] for p in predicted("2017_provincial_compilation.txt"))
    assert got == want
    assert len(want) == 31


@pytest.mark.skipif(not SHARED_GOLD.is_dir(), reason="../shared/gold is not beside this checkout")
@pytest.mark.parametrize("name", sorted(p.name for p in GOLD.iterdir() if p.is_file()))
def test_gold_copies_are_identical_to_shared(name):
    assert filecmp.cmp(GOLD / name, SHARED_GOLD / name, shallow=False)


@pytest.mark.skipif(not SHARED_GOLD.is_dir(), reason="../shared/gold is not beside this checkout")
def test_no_shared_gold_file_is_missing_here():
    assert {p.name for p in SHARED_GOLD.iterdir()} <= {p.name for p in GOLD.iterdir()}
