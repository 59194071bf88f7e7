"""Corrections handed back by a reviewer (``--corrections FILE``): set, drop, a plan's region
and year, what is derived from them, what is not applied, bad files, every output format."""
from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest

from conftest import SAMPLES, run
from ipwork.writers import split_list_cell

# A plan in the outline layout whose items name provincial bodies and deadlines; the last
# item's tag is misread (its bodies stay in the text), as a reviewer would find it.
PLAN = """浙江省2017年知识产权工作要点

一、加强知识产权保护
（一）开展专项执法行动。组织开展“护航”专项行动，严厉打击侵权假冒行为。（省知识产权局、工商局负责，6月底前完成）
（二）完善维权援助机制。建设维权援助中心，年内完成。（省知识产权局）
二、促进知识产权运用
（三）推进专利导航。开展产业专利导航项目。（省经信委）
（四）培育知识产权示范企业。认定一批示范企业。（省知识产权局、省科技厅，三季度）
"""


@pytest.fixture
def plan(write):
    return write("plan.txt", PLAN)


@pytest.fixture
def records(plan):
    return run("parse", plan, "-f", "jsonl").jsonl()


@pytest.fixture
def fixes(write):
    """Write a corrections file from fix objects (or raw lines) and return its path."""
    def _fixes(*lines, name: str = "plan.corrections.jsonl") -> str:
        return write(name, "".join((line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n"
                                   for line in lines))
    return _fixes


def _corrected(plan: str, corrections: str, *options: str) -> tuple[list[dict], str]:
    result = run("parse", plan, "-f", "jsonl", "--corrections", corrections, *options)
    assert result.code == 0, result.stderr
    return result.jsonl(), result.stderr


def test_a_set_changes_the_fields_and_names_them_in_corrected(plan, records, fixes):
    first = records[0]
    got, stderr = _corrected(plan, fixes({"id": first["id"], "set": {"title": "开展“护航”专项执法行动",
                                                                      "deliverable": "专项行动总结"}}))
    assert got[0]["title"] == "开展“护航”专项执法行动" and got[0]["deliverable"] == "专项行动总结"
    assert got[0]["corrected"] == ["title", "deliverable"]
    assert [r["corrected"] for r in got[1:]] == [[], [], []]
    assert {k: v for k, v in got[0].items() if k not in ("title", "deliverable", "corrected")} == {
        k: v for k, v in first.items() if k not in ("title", "deliverable", "corrected")}
    assert "not applied" not in stderr


def test_without_corrections_every_record_has_an_empty_corrected(records):
    assert all(r["corrected"] == [] for r in records)


def test_a_drop_removes_the_item_and_keeps_the_others_ids(plan, records, fixes):
    got, _ = _corrected(plan, fixes({"id": records[1]["id"], "drop": True}))
    assert [r["id"] for r in got] == [records[i]["id"] for i in (0, 2, 3)]


def test_a_corrected_deadline_gets_its_date_again(plan, records, fixes):
    last = records[3]
    assert last["deadline"] is None and last["deadline_date"] is None
    got, _ = _corrected(plan, fixes({"id": last["id"], "set": {"deadline": "三季度"}}))
    assert got[3]["deadline"] == "三季度" and got[3]["deadline_date"] == "2017-09-30"
    assert got[3]["deadline_date_from"] == "deadline"
    assert got[3]["corrected"] == ["deadline", "deadline_date", "deadline_date_from"]


def test_a_deadline_date_given_is_kept_as_given(plan, records, fixes):
    got, _ = _corrected(plan, fixes({"id": records[0]["id"], "set": {"deadline": "年内完成",
                                                                       "deadline_date": "2017-10-31"}}))
    assert got[0]["deadline_date"] == "2017-10-31"


def test_corrected_departments_get_their_agencies_in_the_plans_region(plan, records, fixes):
    last = records[3]
    assert last["departments"] == []
    got, _ = _corrected(plan, fixes({"id": last["id"], "set": {"departments": ["省知识产权局", "省科技厅"],
                                                                "text": "认定一批示范企业。"}}))
    assert got[3]["departments"] == ["省知识产权局", "省科技厅"]
    assert [(r["name"], r["role"], r["canonical"]) for r in got[3]["department_roles"]] == [
        ("省知识产权局", None, "浙江省知识产权局"), ("省科技厅", None, "浙江省科学技术厅")]
    assert got[3]["corrected"] == ["text", "departments", "department_roles"]


def test_a_body_named_again_keeps_its_role(plan, records, fixes):
    first = records[0]
    assert [r["role"] for r in first["department_roles"]] == ["responsible", "responsible"]
    got, _ = _corrected(plan, fixes({"id": first["id"], "set": {"departments": ["工商局", "省版权局"]}}))
    assert [(r["name"], r["role"], r["canonical"]) for r in got[0]["department_roles"]] == [
        ("工商局", "responsible", "浙江省工商行政管理局"), ("省版权局", None, "浙江省版权局")]


def test_department_roles_set_a_role_and_a_canonical_name(plan, records, fixes):
    got, _ = _corrected(plan, fixes({"id": records[2]["id"], "set": {"department_roles": [
        {"name": "省经信委", "role": "lead"}, {"name": "杭州海关", "role": "support", "canonical": "杭州海关"}]}}))
    assert got[2]["departments"] == ["省经信委", "杭州海关"]
    assert got[2]["department_roles"] == [
        {"name": "省经信委", "role": "lead", "canonical": "浙江省经济和信息化委员会"},
        {"name": "杭州海关", "role": "support", "canonical": "杭州海关"}]


def test_a_document_correction_changes_every_record(plan, records, fixes):
    got, _ = _corrected(plan, fixes({"doc_id": records[0]["doc_id"], "set": {"region": "江苏省", "year": 2018}}))
    assert {(r["region"], r["year"]) for r in got} == {("江苏省", 2018)}
    # Agencies are qualified with the new region, dates read in the new year.
    assert [r["canonical"] for r in got[0]["department_roles"]] == ["江苏省知识产权局", "江苏省工商行政管理局"]
    assert [r["deadline_date"] for r in got] == ["2018-06-30", "2018-12-31", None, None]
    assert {(r["province"], r["region_from"], r["year_from"]) for r in got} == {("江苏省", "user", "user")}
    document = ["region", "region_code", "province", "region_from", "year", "year_from"]
    assert got[0]["corrected"] == ["department_roles", "deadline_date", *document]
    assert got[2]["corrected"] == ["department_roles", *document]
    assert got[3]["corrected"] == document  # nothing of the item's own changed


def test_a_document_correction_keeps_a_canonical_name_given(plan, records, fixes):
    got, _ = _corrected(plan, fixes(
        {"id": records[2]["id"], "set": {"department_roles": [{"name": "省经信委", "canonical": "浙江省经信委"}]}},
        {"doc_id": records[0]["doc_id"], "set": {"region": "江苏省"}}))
    assert got[2]["department_roles"][0]["canonical"] == "浙江省经信委"


def test_a_documents_title_is_the_records_doc_title(plan, records, fixes):
    got, _ = _corrected(plan, fixes({"doc_id": records[0]["doc_id"], "set": {"title": "浙江省2017年知识产权要点"}}))
    assert {r["doc_title"] for r in got} == {"浙江省2017年知识产权要点"}
    assert got[0]["corrected"] == ["doc_title"]


def test_later_fixes_of_one_item_win(plan, records, fixes):
    item = records[0]["id"]
    got, _ = _corrected(plan, fixes({"id": item, "set": {"title": "甲"}}, {"id": item, "set": {"title": "乙"}}))
    assert got[0]["title"] == "乙"


def test_a_fix_whose_item_is_gone_is_reported_and_the_run_succeeds(plan, records, fixes):
    path = fixes({"id": records[0]["id"], "set": {"title": "甲"}}, "", {"id": "000000000000-1-9", "drop": True},
                 {"doc_id": "000000000000-2", "set": {"year": 2016}})
    got, stderr = _corrected(plan, path)
    assert got[0]["title"] == "甲" and len(got) == 4
    assert stderr.splitlines()[-2:] == [
        f"ipwork: {path}:3: no item 000000000000-1-9 in the plans read; not applied",
        f"ipwork: {path}:4: no document 000000000000-2 in the plans read; not applied"]


def test_a_fix_whose_item_now_starts_elsewhere_is_not_applied(plan, records, fixes):
    first = records[0]
    assert first["source"]["line"] == 4
    path = fixes({"id": first["id"], "set": {"title": "甲"}, "source_line": 5},
                 {"id": records[1]["id"], "set": {"title": "乙"}, "source_line": 5})
    got, stderr = _corrected(plan, path)
    assert got[0]["title"] == first["title"] and got[1]["title"] == "乙"
    assert f"{path}:1: item {first['id']} now starts at line 4, not 5 (the plan was read differently); " \
           "not applied" in stderr


@pytest.mark.parametrize("line, message", [
    ('{"id": "x", "set": {"deadline_date": "2017-13-01"}}', "1: deadline_date: Input should be a valid date"),
    ('{"id": "x", "set": {"title": null}}', "1: title: Input should be a valid string"),
    ('{"id": "x", "set": {"department_roles": [{"name": "甲", "role": "boss"}]}}',
     "1: department_roles.0.role: Input should be 'lead', 'support' or 'responsible'"),
    ('{"doc_id": "x", "set": {"year": "next"}}', "1: year: Input should be a valid integer"),
    ('{"id": "x", "set": {"seq": 2}}', "1: 'seq' is not an item's field a correction sets"),
    ('{"doc_id": "x", "set": {"layout": "tasks"}}', "1: 'layout' is not a document's field a correction sets"),
    ('{"id": "x", "set": {}}', '1: "set" needs an object of fields and values'),
    ('{"id": "x", "drop": true, "set": {"title": "甲"}}', "1: a fix either sets fields"),
    ('{"id": "x", "doc_id": "y", "set": {"title": "甲"}}', "1: a fix names an item"),
    ('{"doc_id": "x", "drop": true}', "1: a document is not dropped"),
    ('{"id": "x", "sets": {"title": "甲"}}', "1: unknown key 'sets'"),
    ('{"id": "x", "set": {"title": "甲"}, "source_line": 0}', '1: "source_line" is the line an item started at'),
    ('{"id": "x", "set": {"departments": ["甲"], "department_roles": [{"name": "乙"}]}}',
     "1: departments and department_roles name different bodies"),
    ('["x"]', "1: a fix is an object"),
    ('{"id": "x", "set": {"title": "甲"}', "1: not JSON"),
])
def test_a_bad_fix_is_one_line_naming_the_file_and_line_and_nothing_is_written(plan, fixes, tmp_path, line, message):
    path = fixes(line)
    out = tmp_path / "out.jsonl"
    out.write_text("kept\n", encoding="utf-8")
    result = run("parse", plan, "-o", str(out), "--corrections", path)
    assert result.code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"ipwork: error: {path}:{message}") and len(result.stderr.splitlines()) == 1
    assert out.read_text(encoding="utf-8") == "kept\n"


def test_a_bad_fix_on_a_later_line_names_that_line(plan, records, fixes):
    path = fixes({"id": records[0]["id"], "set": {"title": "甲"}}, "", '{"id": "x", "set": {"year": 2017}}')
    result = run("parse", plan, "-f", "jsonl", "--corrections", path)
    assert result.code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"ipwork: error: {path}:3: 'year' is not an item's field")


def test_a_missing_corrections_file_is_a_usage_error(plan, tmp_path):
    result = run("parse", plan, "--corrections", str(tmp_path / "none.jsonl"))
    assert result.code == 2 and "none.jsonl: no such file" in result.stderr


def test_simplified_output_gets_simplified_corrections(plan, records, fixes):
    got, _ = _corrected(plan, fixes({"id": records[0]["id"], "set": {"title": "開展專項執法"}}), "--simplified")
    assert got[0]["title"] == "开展专项执法"


@pytest.fixture
def corrected_plan(plan, records, fixes):
    """The plan and a corrections file setting a title, dropping an item and moving the plan's year."""
    return plan, fixes({"id": records[0]["id"], "set": {"title": "甲"}}, {"id": records[1]["id"], "drop": True},
                       {"doc_id": records[0]["doc_id"], "set": {"year": 2018}})


def _check_corrected(rows: list[dict]) -> None:
    assert len(rows) == 3 and rows[0]["title"] == "甲" and {str(r["year"]) for r in rows} == {"2018"}
    year = ["year", "year_from"]
    assert [list(r["corrected"]) for r in rows] == [["title", "deadline_date", *year], year, year]


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "sqlite"])
def test_every_output_format_carries_the_corrections(corrected_plan, tmp_path, fmt):
    plan, path = corrected_plan
    out = tmp_path / f"out.{ {'sqlite': 'db'}.get(fmt, fmt) }"
    result = run("parse", plan, "-o", str(out), "--corrections", path)
    assert result.code == 0, result.stderr
    if fmt == "json":
        docs = json.loads(out.read_text(encoding="utf-8"))
        rows = [dict(item, year=docs[0]["year"]) for item in docs[0]["items"]]
    elif fmt == "jsonl":
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    elif fmt == "csv":
        rows = [dict(r, corrected=split_list_cell(r["corrected"])) for r in csv.DictReader(io.StringIO(
            out.read_text(encoding="utf-8")))]
    else:
        db = sqlite3.connect(out)
        db.row_factory = sqlite3.Row
        rows = [dict(r, corrected=json.loads(r["corrected"])) for r in db.execute("SELECT * FROM records ORDER BY seq")]
        db.close()
        rows_back = run("stats", str(out), "-f", "jsonl")  # and read back by ipwork
        assert rows_back.code == 0 and rows_back.jsonl()[0]["items"] == 3
    _check_corrected(rows)


def test_the_schema_has_corrected():
    schema = json.loads(run("schema").stdout)
    assert schema["properties"]["corrected"]["type"] == "array"


def test_batch_applies_corrections_and_reports_fixes_of_skipped_files_too(plan, records, fixes, tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "plan.txt").write_text(PLAN, encoding="utf-8")
    path = fixes({"id": records[0]["id"], "set": {"title": "甲"}}, {"id": "000000000000-1-1", "drop": True})
    outdir, combined = tmp_path / "out", tmp_path / "all.csv"
    for _ in range(2):  # the second run skips the input, which is up to date
        result = run("batch", str(folder), "-o", str(outdir), "-q", "--corrections", path, "--combined", str(combined))
        assert result.code == 0, result.stderr
        assert result.stderr.splitlines() == [f"ipwork: {path}:2: no item 000000000000-1-1 in the plans read; "
                                              "not applied"]
        got = [json.loads(line) for line in (outdir / "plan.jsonl").read_text(encoding="utf-8").splitlines()]
        assert got[0]["title"] == "甲" and got[0]["corrected"] == ["title"]
        assert next(csv.DictReader(io.StringIO(combined.read_text(encoding="utf-8"))))["title"] == "甲"


def test_batch_redoes_its_outputs_when_the_corrections_change(plan, records, fixes, tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "plan.txt").write_text(PLAN, encoding="utf-8")
    outdir = tmp_path / "out"
    for title in ("甲", "乙"):
        path = fixes({"id": records[0]["id"], "set": {"title": title}})
        assert run("batch", str(folder), "-o", str(outdir), "-q", "--corrections", path).code == 0
        assert json.loads((outdir / "plan.jsonl").read_text(encoding="utf-8").splitlines()[0])["title"] == title


def test_batch_stops_on_a_bad_corrections_file_before_writing(fixes, tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "plan.txt").write_text(PLAN, encoding="utf-8")
    path = fixes('{"id": "x", "set": {"deadline_date": "soon"}}')
    result = run("batch", str(folder), "-o", str(tmp_path / "out"), "-q", "--corrections", path)
    assert result.code == 2 and result.stderr.startswith(f"ipwork: error: {path}:1: deadline_date:")
    assert not (tmp_path / "out").exists()


def test_corrections_of_a_compilation_apply_to_their_plan_only(fixes):
    compilation = str(SAMPLES / "2017_provincial_compilation.txt")
    records = run("parse", compilation, "-f", "jsonl").jsonl()
    beijing = records[0]["doc_id"]
    got, _ = _corrected(compilation, fixes({"doc_id": beijing, "set": {"year": 2016}}))
    assert len(got) == len(records)
    assert {r["year"] for r in got if r["doc_id"] == beijing} == {2016}
    assert {r["year"] for r in got if r["doc_id"] != beijing} == {2017}
    assert all(r["corrected"] == [] for r in got if r["doc_id"] != beijing)
