"""ipwork diff: edited copies of the samples, two regions' plans, two years' compilations, folders."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from conftest import SAMPLES, run
from ipwork.diff import MIN_SIMILARITY, inline_diff

OUTLINE = SAMPLES / "2013_cnipa_work_points.txt"
COMPILATION = SAMPLES / "2017_provincial_compilation.txt"


def _edit_outline(text: str) -> tuple[str, str, str]:
    """The 2013 points with one paragraph deleted and one sentence of another reworded."""
    removed = next(p for p in text.split("\n") if p.startswith("围绕重点区域、重点产业建立一批知识产权快速维权中心"))
    text = text.replace(removed + "\n", "", 1)
    changed = "加强重点展会知识产权保护"
    assert text.count(changed) == 1
    return text.replace(changed, "加强重点展会和电商平台知识产权保护"), "围绕重点区域、重点产业建立一批知识产权快速维权中心", "和电商平台"


def _cells(line: str) -> list[str]:
    return line.split("\t")


def _continuation_rows(lines: list[str], first: int, last: int) -> list[int]:
    """Rows of a table that have their own 工作内容 and are followed by one that has too, so
    that deleting or editing them changes nothing that is filled down."""
    def own_title(i):
        cells = _cells(lines[i])
        return len(cells) >= 5 and cells[0] == "" and cells[1] == "" and cells[2].strip() != ""
    return [i for i in range(first, last) if own_title(i) and own_title(i + 1) and own_title(i - 1)]


def _edit_compilation(text: str) -> tuple[str, str, str]:
    """The compilation with one row of 浙江省's table deleted and one row's task extended."""
    lines = text.split("\n")
    start = lines.index("浙江省 2017 年工作要点")
    end = lines.index("安徽省 2017 年工作要点")
    rows = _continuation_rows(lines, start, end)
    removed, changed = rows[2], rows[-2]
    title = _cells(lines[removed])[2].strip()
    cells = _cells(lines[changed])
    cells[3] = cells[3] + "，并开展年度评估"
    lines[changed] = "\t".join(cells)
    del lines[removed]
    return "\n".join(lines), title, "{+，并开展年度评估+}"


@pytest.mark.parametrize("sample, edit", [(OUTLINE, _edit_outline), (COMPILATION, _edit_compilation)],
                         ids=["outline", "compilation"])
def test_an_edited_copy_shows_exactly_the_removed_and_the_changed_item(tmp_path, sample, edit):
    edited, removed_title, added_words = edit(sample.read_text(encoding="utf-8"))
    copy = tmp_path / "edited.txt"
    copy.write_text(edited, encoding="utf-8")
    result = run("diff", str(sample), str(copy), "-f", "jsonl")
    assert result.code == 0, result.stderr
    changes = result.jsonl()
    assert sorted(c["change"] for c in changes) == ["changed", "removed"]
    removed = next(c for c in changes if c["change"] == "removed")
    changed = next(c for c in changes if c["change"] == "changed")
    assert removed["old"]["title"] == removed_title and removed["new"] is None
    assert changed["fields"] == ["text"] and added_words in changed["diff"]["text"]
    assert changed["old"]["id"] != changed["new"]["id"] and changed["similarity"] >= MIN_SIMILARITY
    for c in changes:
        assert set(c) >= {"change", "region", "old", "new", "fields"}
    everything = run("diff", str(sample), str(copy), "-f", "jsonl", "--all").jsonl()
    unchanged = [c for c in everything if c["change"] == "unchanged"]
    assert len(everything) == len(changes) + len(unchanged) and all(c["fields"] == [] for c in unchanged)


def test_a_plan_against_itself_has_no_changes():
    result = run("diff", str(OUTLINE), str(OUTLINE), "-f", "jsonl")
    assert result.code == 0 and result.stdout == ""
    assert "26 unchanged, 0 changed, 0 added, 0 removed" in result.stderr


@pytest.fixture(scope="module")
def regions(tmp_path_factory):
    """北京市's and 天津市's plans of the compilation, each as a JSON Lines file."""
    folder = tmp_path_factory.mktemp("regions")
    records = run("parse", str(COMPILATION), "-f", "jsonl").jsonl()
    paths = {}
    for region in ("北京市", "天津市"):
        paths[region] = folder / f"{region}.jsonl"
        paths[region].write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records
                                         if r["region"] == region), encoding="utf-8")
    return paths


def test_two_regions_plans_are_compared_task_by_task(regions):
    result = run("diff", str(regions["北京市"]), str(regions["天津市"]), "-f", "jsonl")
    changes = result.jsonl()
    assert "北京市 2017 → 天津市 2017" in result.stderr
    counted = {kind: sum(c["change"] == kind for c in changes) for kind in ("changed", "added", "removed")}
    beijing = len(regions["北京市"].read_text(encoding="utf-8").splitlines())
    tianjin = len(regions["天津市"].read_text(encoding="utf-8").splitlines())
    assert counted["changed"] + counted["removed"] == beijing and counted["changed"] + counted["added"] == tianjin
    # both plans fill the compilation's shared task list: most tasks continue, with their own specifics
    assert counted["changed"] > beijing / 2
    pair = next(c for c in changes if c["change"] == "changed" and c["old"]["title"] == "加大知识产权犯罪打击力度")
    assert pair["new"]["title"] == "加大知识产权犯罪打击力度" and "departments" in pair["fields"]


def _year_2016(text: str) -> tuple[str, dict[str, int]]:
    """A made-up 2016 edition of 浙江省's and 安徽省's tables: 浙江省 had one task fewer, one
    task worded differently and one task that 2017 dropped; 安徽省's did not change."""
    lines = text.split("\n")
    start, end = lines.index("浙江省 2017 年工作要点"), lines.index("福建省 2017 年工作要点")
    lines = lines[start:end]
    zhejiang_end = lines.index("安徽省 2017 年工作要点")
    rows = _continuation_rows(lines, 1, zhejiang_end)
    reworded, dropped_later, new_in_2017 = rows[1], rows[3], rows[5]
    cells = _cells(lines[reworded])
    cells[3] = "试点" + cells[3]
    lines[reworded] = "\t".join(cells)
    lines.insert(dropped_later, "\t\t推进知识产权托管工作\t在重点园区开展企业知识产权托管试点\t托管企业100家\t省知识产权局")
    del lines[new_in_2017 + 1]
    return "\n".join(lines).replace("2017 年工作要点", "2016 年工作要点"), {"changed": 1, "added": 1, "removed": 1}


def test_two_years_compilations_pair_their_provinces(tmp_path):
    text = COMPILATION.read_text(encoding="utf-8")
    lines = text.split("\n")
    extract = "\n".join(lines[lines.index("浙江省 2017 年工作要点"):lines.index("福建省 2017 年工作要点")])
    older, expected = _year_2016(text)
    (tmp_path / "2016").mkdir()
    (tmp_path / "2017").mkdir()
    (tmp_path / "2016" / "compilation.txt").write_text(older, encoding="utf-8")
    (tmp_path / "2017" / "compilation.txt").write_text(extract, encoding="utf-8")
    result = run("diff", str(tmp_path / "2016"), str(tmp_path / "2017"), "-f", "jsonl")
    assert result.code == 0, result.stderr
    summaries = [line for line in result.stderr.splitlines() if "→" in line]
    assert len(summaries) == 2
    assert any("浙江省 2016 → 浙江省 2017" in s for s in summaries)
    assert any("安徽省 2016 → 安徽省 2017" in s and " 0 changed, 0 added, 0 removed" in s for s in summaries)
    changes = result.jsonl()
    assert {c["region"] for c in changes} == {"浙江省"}
    assert {kind: sum(c["change"] == kind for c in changes) for kind in expected} == expected
    dropped = next(c for c in changes if c["change"] == "removed")
    assert dropped["old"]["title"] == "推进知识产权托管工作" and dropped["old"]["year"] == 2016


def test_csv_and_json_carry_the_same_changes(regions):
    args = ("diff", str(regions["北京市"]), str(regions["天津市"]))
    lines = run(*args, "-f", "jsonl").jsonl()
    listed = json.loads(run(*args, "-f", "json").stdout)
    rows = list(csv.DictReader(io.StringIO(run(*args, "-f", "csv").stdout)))
    assert lines == listed
    assert [r["change"] for r in rows] == [c["change"] for c in lines]
    assert [r["new_id"] or None for r in rows] == [c["new"]["id"] if c["new"] else None for c in lines]


def test_the_table_for_people_marks_the_text_changes(regions):
    result = run("diff", str(regions["北京市"]), str(regions["天津市"]))
    assert result.code == 0
    assert "what changed" in result.stdout and "[-" in result.stdout and "{+" in result.stdout


def test_a_closed_pipe_is_quiet_and_no_failure():
    command = f"{sys.executable} -m ipwork diff {OUTLINE} {COMPILATION} -f jsonl | head -1"
    done = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True)
    assert done.returncode == 0 and len(done.stdout.splitlines()) == 1
    assert "Traceback" not in done.stderr and "Broken pipe" not in done.stderr


@pytest.mark.parametrize("args, words", [
    (["diff", "no-such-file.txt", str(OUTLINE)], "no-such-file.txt: no such file"),
    (["diff", str(OUTLINE)], "Missing argument"),
    (["diff", str(OUTLINE), str(OUTLINE), "-f", "xml"], "'xml' is not one of"),
    (["diff", str(OUTLINE), str(OUTLINE), "-o", "x.db"], "results are written as"),
])
def test_usage_errors_are_one_line_exit_2(args, words):
    result = run(*args)
    assert result.code == 2 and words in result.stderr and result.stdout == ""
    assert len([line for line in result.stderr.splitlines() if "error" in line]) == 1


@pytest.mark.parametrize("old, new, marked", [
    ("开展专利执法", "开展专利行政执法", "开展专利{+行政+}执法"),
    ("开展专利执法检查", "开展执法检查", "开展[-专利-]执法检查"),
    ("年内完成", "上半年完成", "[-年内-]{+上半年+}完成"),
])
def test_inline_diff(old, new, marked):
    assert inline_diff(old, new) == marked


def test_plans_of_one_region_pair_by_likeness_not_by_file_order(tmp_path):
    """Regression: in folders, a news page listed first took the place of last year's plan."""
    from conftest import SAMPLES, run

    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir(), new.mkdir()
    points = (SAMPLES / "2013_cnipa_work_points.txt").read_text(encoding="utf-8")
    (old / "b.txt").write_text(points, encoding="utf-8")
    (new / "b.txt").write_text(points.replace("切实做好《国家知识产权战略纲要》", "认真做好《国家知识产权战略纲要》"),
                               encoding="utf-8")
    (new / "a.txt").write_bytes((SAMPLES / "2020_national_priorities_news.txt").read_bytes())
    changes = run("diff", str(old), str(new), "-f", "jsonl").jsonl()
    counts = {}
    for c in changes:
        counts[c["change"]] = counts.get(c["change"], 0) + 1
    assert counts == {"changed": 1, "added": 22}


def test_a_plan_without_a_partner_is_summed_up_with_its_file(tmp_path):
    sichuan = SAMPLES / "2016-2020_sichuan_action_plan.txt"
    for path in (OUTLINE, sichuan):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    result = run("diff", str(OUTLINE), str(tmp_path), "-f", "jsonl")
    summaries = [line for line in result.stderr.splitlines() if "→" in line]
    assert summaries == [f"ipwork: — → 四川省 2016 ({tmp_path / sichuan.name}): 0 unchanged, 0 changed, 36 added, 0 removed"]


def test_a_changed_department_list_is_diffed_name_by_name(tmp_path):
    text = OUTLINE.read_text(encoding="utf-8")
    tagged = next(line for line in text.splitlines() if line.rstrip().endswith("(规划发展司)"))
    copy = tmp_path / "edited.txt"
    copy.write_text(text.replace(tagged, tagged.replace("(规划发展司)", "(条法司)")), encoding="utf-8")
    changes = run("diff", str(OUTLINE), str(copy), "-f", "jsonl").jsonl()
    assert [c["fields"] for c in changes] == [["departments"]]
    assert changes[0]["diff"]["departments"] == "[-国家知识产权局规划发展司-] {+国家知识产权局条法司+}"
