"""``ipwork review``'s page, as a file: self-contained, escaped, small enough for a compilation."""
from __future__ import annotations

import json
import re

import pytest

from conftest import SAMPLES, run
from ipwork.review import corrections_name, item_flags, script_json

# A plan whose lines hold markup, a script element's end and the line separators JavaScript
# once took for line ends: the page must show them as text.
HOSTILE = """浙江省2017年知识产权工作要点

一、加强知识产权保护
（一）开展专项执法行动</script><script>window.hacked = 1</script>。组织开展专项行动\u2028严厉打击侵权假冒行为。（省知识产权局负责，6月底前完成）
（二）完善维权援助机制<img src=x onerror="window.hacked = 2">。建设维权援助中心 a < b && c > d。（省知识产权局）
"""


def _data(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="review-data">(.*?)</script>', page, re.S)
    return json.loads(found.group(1))


@pytest.fixture
def hostile_page(write, tmp_path):
    plan = write("plan.txt", HOSTILE)
    out = tmp_path / "review.html"
    result = run("review", plan, "-o", str(out))
    assert result.code == 0, result.stderr
    return plan, out.read_text(encoding="utf-8")


def test_script_json_cannot_end_its_script_element():
    data = {"text": "</script><!-- <script> & \u2028\u2029 >"}
    text = script_json(data)
    assert not re.search("[<>&\u2028\u2029]", text)
    assert json.loads(text) == data


def test_the_page_holds_the_documents_text_only_as_escaped_data(hostile_page):
    plan, page = hostile_page
    assert page.count("</script>") == 2  # the data's and the script's own: nothing of the plan ends one
    assert "<script>window" not in page and "<img" not in page and "\u2028" not in page
    data = _data(page)
    lines = [text for _, text, _ in data["inputs"][0]["lines"]]
    assert lines[3:5] == HOSTILE.split("\n")[3:5]  # read back exactly as printed
    assert data["inputs"][0]["name"] == plan


def test_the_page_is_self_contained(hostile_page):
    _, page = hostile_page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "@import" not in page and "url(" not in page
    assert "default-src 'none'" in page  # the page may load nothing, whatever it holds


def test_the_page_is_rendered_from_the_documents_json(write, tmp_path):
    plan = write("plan.txt", HOSTILE)
    docs = json.loads(run("parse", plan, "-f", "json").stdout)
    out = tmp_path / "review.html"
    assert run("review", plan, "-o", str(out)).code == 0
    data = _data(out.read_text(encoding="utf-8"))
    assert [d["document"] for d in data["documents"]] == docs
    assert data["save_as"] == "plan.corrections.jsonl"


def test_the_compilations_page_stays_small(tmp_path):
    out = tmp_path / "review.html"
    result = run("review", str(SAMPLES / "2017_provincial_compilation.txt"), "-o", str(out))
    assert result.code == 0, result.stderr
    assert out.stat().st_size < 8 * 1024 * 1024
    data = _data(out.read_text(encoding="utf-8"))
    assert sum(len(d["document"]["items"]) for d in data["documents"]) == 1124


def test_review_writes_to_standard_output_and_says_what_failed(write, tmp_path):
    plan = write("plan.txt", HOSTILE)
    result = run("review", plan, str(tmp_path / "missing.txt"))
    assert result.code == 2 and result.stdout.startswith("<!DOCTYPE html>")
    assert f"{tmp_path / 'missing.txt'}: no such file" in result.stderr


def test_review_of_nothing_readable_leaves_the_output_as_it_was(tmp_path):
    out = tmp_path / "review.html"
    out.write_text("old", encoding="utf-8")
    result = run("review", str(tmp_path / "missing.txt"), "-o", str(out))
    assert result.code == 2 and out.read_text(encoding="utf-8") == "old"


def test_review_starts_from_corrections_and_keeps_the_others(write, tmp_path):
    plan = write("plan.txt", HOSTILE)
    first = json.loads(run("parse", plan, "-f", "jsonl").stdout.split("\n")[0])  # the text holds U+2028
    corrections = write("plan.corrections.jsonl", "\n".join(json.dumps(f, ensure_ascii=False) for f in [
        {"id": first["id"], "set": {"title": "甲", "deadline_date": "2017-05-31"}, "source_line": 4},
        {"id": "000000000000-1-1", "drop": True},
        {"doc_id": first["doc_id"], "set": {"year": 2018}}]) + "\n")
    out = tmp_path / "review.html"
    result = run("review", plan, "-o", str(out), "--corrections", corrections)
    assert result.code == 0
    assert "1 corrections concern no item shown" in result.stderr
    data = _data(out.read_text(encoding="utf-8"))
    assert data["edits"] == [
        {"id": first["id"], "set": {"title": "甲", "deadline_date": "2017-05-31"}, "source_line": 4},
        {"doc_id": first["doc_id"], "set": {"year": 2018}}]
    assert data["kept"] == [{"id": "000000000000-1-1", "drop": True}]


@pytest.mark.parametrize("inputs, output, name", [
    (["samples/plan.txt"], None, "plan.corrections.jsonl"),
    (["a/plan.v2.pdf"], "review.html", "plan.v2.corrections.jsonl"),
    (["a.txt", "b.txt"], "out/both.html", "both.corrections.jsonl"),
    (["a.txt", "b.txt"], None, "corrections.jsonl"),
    (["-"], None, "corrections.jsonl"),
])
def test_the_corrections_file_is_named_after_the_input(inputs, output, name):
    assert corrections_name(inputs, output) == name


def _item(**fields) -> dict:
    item = {"id": "d-1-1", "title": "标题", "text": "正文", "deliverable": "方案", "departments": ["省知识产权局"],
            "deadline": "年内完成", "deadline_date": "2017-12-31", "filled_down": [], "joined_across_pages": False,
            "source": {"line": 5, "line_end": 6, "lines": [5, 6]}}
    return item | fields


def test_item_flags_name_what_to_look_at():
    items = [_item(id=f"d-1-{n}") for n in range(1, 6)] + [
        _item(id="d-1-6", departments=[], deliverable=None, title=""),
        _item(id="d-1-7", deadline="长期坚持", deadline_date=None, filled_down=["deadline"]),
        _item(id="d-1-8", source={"line": 9, "line_end": 9, "lines": [9]})]
    doc = {"items": items, "warnings": [{"line": 9, "code": "shifted-row", "message": "…"}, {"line": None,
                                                                                            "code": "weak-year", "message": "…"}]}
    flags = item_flags(doc)
    assert flags["d-1-1"] == {"look": [], "notes": []}
    assert flags["d-1-6"]["look"] == ["empty title", "no departments", "no deliverable"]
    assert flags["d-1-7"] == {"look": [], "notes": ["filled down", "deadline without a date"]}
    assert flags["d-1-8"]["look"] == ["warning"]


def test_a_field_most_items_leave_empty_is_not_flagged():
    items = [_item(id=f"d-1-{n}", deliverable=None if n % 2 else "方案") for n in range(1, 7)]
    assert all(not f["look"] for f in item_flags({"items": items, "warnings": []}).values())
