"""ipwork stats: totals equal the parsed items, groups by every field, every input form, clean data."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections import Counter

import pytest

from conftest import SAMPLES, run
from ipwork.stats import GROUPS, columns

SAMPLE_FILES = sorted(str(p) for p in SAMPLES.glob("*.txt"))
COMPILATION = str(SAMPLES / "2017_provincial_compilation.txt")


@pytest.fixture(scope="module")
def records():
    return run("parse", *SAMPLE_FILES, "-f", "jsonl").jsonl()


def _stats(*args: str) -> list[dict]:
    result = run("stats", *args, "-f", "jsonl")
    assert result.code == 0, result.stderr
    return result.jsonl()


@pytest.mark.parametrize("by", [g for g in GROUPS if g != "department"])
def test_totals_equal_the_parsed_items(records, by):
    rows = _stats(*SAMPLE_FILES, "--by", by)
    assert sum(r["items"] for r in rows) == len(records) == 1235
    assert abs(sum(r["share"] for r in rows) - 1) < 0.001
    assert [set(r) for r in rows] == [{by, "items", "share", "agencies", "top_agencies"}] * len(rows)


def test_each_group_holds_the_items_that_have_its_value(records):
    rows = _stats(*SAMPLE_FILES, "--by", "region")
    assert {r["region"]: r["items"] for r in rows} == dict(Counter(r["region"] for r in records))
    by_year = {r["year"]: r["items"] for r in _stats(*SAMPLE_FILES, "--by", "year")}
    assert by_year == {2017: 1124 + 27, 2013: 26, 2016: 36, 2020: 22}


def test_several_fields_count_every_combination(records):
    rows = _stats(*SAMPLE_FILES, "--by", "year", "--by", "layout")
    assert sum(r["items"] for r in rows) == len(records)
    assert {(r["year"], r["layout"]) for r in rows} == {(r["year"], r["layout"]) for r in records}
    assert rows == _stats(*SAMPLE_FILES, "--by", "year,layout")


def test_by_department_counts_an_item_once_for_each_agency(records):
    rows = _stats(*SAMPLE_FILES, "--by", "department")
    named = Counter(c for r in records for c in {d["canonical"] for d in r["department_roles"]} if c)
    alone = sum(1 for r in records if not any(d["canonical"] for d in r["department_roles"]))
    assert {r["department"]: r["items"] for r in rows} == {**named, None: alone}
    assert sum(r["items"] for r in rows) >= len(records)


def test_canonical_names_merge_what_the_printed_names_split():
    printed = {r["department"]: r["items"] for r in _stats(COMPILATION, "--by", "department", "--printed")}
    merged = {r["department"]: r for r in _stats(COMPILATION, "--by", "department")}
    assert printed["省知识产权局"] == 560 and printed["知识产权局"] == 118 and printed["工商局"] == 123
    zhejiang = merged["浙江省知识产权局"]
    assert set(zhejiang["printed"]) == {"省知识产权局", "知识产权局"}
    assert max(printed.values()) > max(r["items"] for r in merged.values())  # no more national sums of variants
    assert len(merged) > len(printed)  # one group per province's office instead of one per printing


@pytest.mark.parametrize("form", ["jsonl", "json", "sqlite"])
def test_outputs_read_back_give_the_same_counts(tmp_path, form):
    saved = tmp_path / {"jsonl": "plans.jsonl", "json": "plans.json", "sqlite": "plans.db"}[form]
    assert run("parse", *SAMPLE_FILES, "-o", str(saved)).code == 0
    for by in ("region", "department", "deadline"):
        assert _stats(str(saved), "--by", by) == _stats(*SAMPLE_FILES, "--by", by)


def test_records_on_standard_input():
    jsonl = run("parse", COMPILATION, "-f", "jsonl").stdout
    result = run("stats", "-", "--by", "layout", "-f", "jsonl", input=jsonl.encode("utf-8"))
    assert result.jsonl() == [{"layout": "compilation", "items": 1124, "share": 1.0, "agencies": 532,
                               "top_agencies": result.jsonl()[0]["top_agencies"]}]


def test_a_folder_with_plans_and_their_outputs_counts_each_item_once(tmp_path):
    for name in ("2013_cnipa_work_points.txt", "2017_national_patent_tasks.txt"):
        (tmp_path / name).write_bytes((SAMPLES / name).read_bytes())
    assert run("parse", str(tmp_path / "2013_cnipa_work_points.txt"), "-o", str(tmp_path / "points.jsonl")).code == 0
    result = run("stats", str(tmp_path), "--by", "layout", "-f", "jsonl")
    assert {r["layout"]: r["items"] for r in result.jsonl()} == {"outline": 26, "tasks": 27}
    assert "26 records met twice (same id) counted once" in result.stderr


def test_a_folder_of_word_documents_is_counted(tmp_path):
    """Regression: folder inputs looked only for text, PDF and web pages, so a folder of .docx
    plans gave "no plans or ipwork outputs in this folder"."""
    data = SAMPLES.parent / "tests" / "data"
    (tmp_path / "points.docx").write_bytes((data / "2013_cnipa_work_points.docx").read_bytes())
    result = run("stats", str(tmp_path), "--by", "layout", "-f", "jsonl")
    assert result.code == 0, result.stderr
    assert {r["layout"]: r["items"] for r in result.jsonl()} == {"outline": 26}


def test_csv_and_json_hold_the_jsonl_rows():
    lines = _stats(COMPILATION, "--by", "region", "--by", "department", "--top", "20")
    listed = json.loads(run("stats", COMPILATION, "--by", "region", "--by", "department", "--top", "20",
                            "-f", "json").stdout)
    table = list(csv.reader(io.StringIO(run("stats", COMPILATION, "--by", "region,department", "--top", "20",
                                            "-f", "csv").stdout)))
    assert listed == lines and len(lines) == 20
    assert table[0] == columns(("region", "department"))
    assert [row[:3] for row in table[1:]] == [[r["region"], r["department"], str(r["items"])] for r in lines]


def test_sort_by_name_puts_years_in_order():
    rows = _stats(*SAMPLE_FILES, "--by", "year", "--sort", "name")
    assert [r["year"] for r in rows] == [2013, 2016, 2017, 2020]


def test_the_table_for_people_names_the_totals():
    result = run("stats", COMPILATION, "--by", "department", "--top", "5")
    assert result.code == 0
    assert result.stdout.splitlines()[0].startswith("1124 items in 31 plans, by department")
    assert "printed as" in result.stdout and "浙江省" not in result.stdout.splitlines()[0]


def test_the_deadline_groups_answer_how_much_is_due_by_a_date(tmp_path):
    rows = _stats(str(SAMPLES / "2017_national_patent_tasks.txt"), "--by", "deadline")
    assert rows[0]["deadline"] == "2017-12-31" and rows[0]["items"] == 27


def test_data_on_stdout_talk_on_stderr_and_a_closed_pipe_is_quiet():
    command = f"{sys.executable} -m ipwork stats {' '.join(SAMPLE_FILES)} --by department -f jsonl | head -2"
    done = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True)
    assert done.returncode == 0
    assert [json.loads(line)["items"] > 0 for line in done.stdout.splitlines()] == [True, True]
    assert "Traceback" not in done.stderr and "Broken pipe" not in done.stderr


@pytest.mark.parametrize("args, words, code", [
    (["stats", COMPILATION, "--by", "province"], "'province' is not one of region", 2),
    (["stats", COMPILATION, "--printed"], "only counts with --by department", 2),
    (["stats", "no-such-plan.txt"], "no-such-plan.txt: no such file", 2),
    (["stats", COMPILATION, "-o", "counts.db"], "results are written as", 2),
])
def test_usage_errors_are_one_line(args, words, code):
    result = run(*args)
    assert result.code == code and words in result.stderr and result.stdout == ""
    assert len([line for line in result.stderr.splitlines() if "error" in line]) == 1


def test_a_csv_output_is_refused_with_what_to_give_instead(tmp_path):
    saved = tmp_path / "plans.csv"
    assert run("parse", COMPILATION, "-o", str(saved)).code == 0
    result = run("stats", str(saved))
    assert result.code == 2 and "give ipwork the .jsonl, .json or .db output" in result.stderr
