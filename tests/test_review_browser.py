"""The review page in a real browser, headless Chromium driven over the DevTools protocol
(tests/browser.py): it loads, goes through every item with its keys, edits through its own
controls, and the corrections file it saves is applied by ``ipwork parse --corrections``.

Chromium comes from Debian's ``chromium`` package (``.ci/run`` installs it); without it these
tests are skipped, except in CI, where they fail.
"""
from __future__ import annotations

import json
import os

import pytest

from browser import CHROMIUM, Chromium
from conftest import SAMPLES, run
from test_corrections import PLAN
from test_review import HOSTILE

if not CHROMIUM:
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed (apt-get install chromium)", pytrace=False)
    pytest.skip("chromium is not installed (apt-get install chromium)", allow_module_level=True)


@pytest.fixture
def chromium(tmp_path):
    """A browser of its own for each test, so that one page's failure is no other test's."""
    with Chromium(downloads=tmp_path) as browser:
        yield browser


@pytest.fixture
def page(chromium, tmp_path):
    """Open ``ipwork review``'s page of a plan; no error may be thrown or logged by it."""
    def _open(plan: str, *options: str) -> Chromium:
        out = tmp_path / "review.html"
        result = run("review", plan, "-o", str(out), *options)
        assert result.code == 0, result.stderr
        chromium.open(out.as_uri())
        chromium.wait_until("document.body.dataset.ready === 'true'")
        return chromium
    yield _open
    assert chromium.errors == []


def _save(browser: Chromium, tmp_path) -> str:
    browser.click("#save")
    done = browser.wait_for("Browser.downloadProgress", when=lambda p: p["state"] in ("completed", "canceled"))
    assert done["state"] == "completed"
    return done["filePath"]


def _press(browser: Chromium, key: str) -> str:
    codes = {"j": ("KeyJ", 74), "k": ("KeyK", 75), "ArrowDown": ("ArrowDown", 40), "ArrowUp": ("ArrowUp", 38)}
    browser.press(key, *codes[key])
    return browser.evaluate("document.body.dataset.current")


def test_the_keys_go_through_every_item_in_order(page, write):
    plan = write("plan.txt", PLAN)
    ids = [r["id"] for r in run("parse", plan, "-f", "jsonl").jsonl()]
    browser = page(plan)
    assert browser.evaluate("document.body.dataset.items") == str(len(ids))
    assert browser.evaluate("document.querySelectorAll('[data-item-id]').length") == len(ids)
    seen = [_press(browser, "j" if n % 2 else "ArrowDown") for n in range(len(ids))]
    assert seen == ids
    assert _press(browser, "j") == ids[-1]  # the last stays the last
    assert _press(browser, "k") == ids[-2] and _press(browser, "ArrowUp") == ids[-3]
    # The source pane shows the item's span, numbered as in the records pane.
    assert browser.evaluate("[...document.querySelectorAll('#source mark.current')].map(m => m.dataset.n)") == ["2"]
    assert browser.evaluate("document.querySelector('.item.current').dataset.itemId") == ids[1]


def test_corrections_made_in_the_page_are_applied_by_the_cli(page, write, tmp_path):
    plan = write("plan.txt", PLAN)
    records = run("parse", plan, "-f", "jsonl").jsonl()
    misread, dropped = records[3]["id"], records[1]["id"]
    browser = page(plan)
    card = f'[data-item-id="{misread}"]'
    browser.click(f"{card} button.edit")
    browser.type_into(f"{card} form [name=text]", "认定一批示范企业。")
    browser.click(f"{card} form button.d-add")
    browser.type_into(f"{card} form .row:last-child .d-name", "省知识产权局")
    browser.click(f"{card} form button.d-add")
    browser.type_into(f"{card} form .row:last-child .d-name", "省科技厅")
    browser.type_into(f"{card} form [name=deadline]", "三季度")
    browser.click(f"{card} form button.apply")
    assert browser.evaluate(f"document.querySelector('{card}').classList.contains('edited')")
    assert browser.evaluate(f"document.querySelector('{card} .depts').textContent").startswith("省知识产权局")
    browser.click(f'[data-item-id="{dropped}"] button.drop')
    browser.click(".doc button.edit-doc")
    browser.type_into(".doc form [name=year]", "2018")
    browser.click(".doc form button.apply")
    assert "3 corrections (not saved)" in browser.evaluate("document.getElementById('counts').textContent")

    saved = _save(browser, tmp_path)
    assert os.path.basename(saved) == "plan.corrections.jsonl"
    with open(saved, encoding="utf-8") as fp:
        fixes = [json.loads(line) for line in fp]
    assert fixes == [
        {"doc_id": records[0]["doc_id"], "set": {"year": 2018}},
        {"id": dropped, "drop": True, "source_line": 5},
        {"id": misread, "set": {"text": "认定一批示范企业。", "deadline": "三季度", "departments": ["省知识产权局", "省科技厅"]},
         "source_line": 8}]

    result = run("parse", plan, "-f", "jsonl", "--corrections", saved)
    assert result.code == 0 and "not applied" not in result.stderr
    got = {r["id"]: r for r in result.jsonl()}
    assert dropped not in got and {r["year"] for r in got.values()} == {2018}
    fixed = got[misread]
    assert fixed["text"] == "认定一批示范企业。" and fixed["deadline_date"] == "2018-09-30"
    assert [r["canonical"] for r in fixed["department_roles"]] == ["浙江省知识产权局", "浙江省科学技术厅"]
    assert fixed["corrected"] == ["text", "departments", "department_roles", "deadline", "deadline_date",
                                  "deadline_date_from", "year", "year_from"]


def test_corrections_the_page_started_from_are_saved_again(page, write, tmp_path):
    plan = write("plan.txt", PLAN)
    first = run("parse", plan, "-f", "jsonl").jsonl()[0]
    given = [{"id": first["id"], "set": {"title": "甲"}, "source_line": 4}, {"id": "000000000000-1-1", "drop": True}]
    corrections = write("given.jsonl", "".join(json.dumps(f, ensure_ascii=False) + "\n" for f in given))
    browser = page(plan, "--corrections", corrections)
    card = f'[data-item-id="{first["id"]}"]'
    assert browser.evaluate(f"document.querySelector('{card} .title').textContent") == "甲"
    browser.click(f"{card} button.edit")
    browser.type_into(f"{card} form [name=deliverable]", "总结")
    browser.click(f"{card} form button.apply")
    with open(_save(browser, tmp_path), encoding="utf-8") as fp:
        assert [json.loads(line) for line in fp] == [
            {"id": first["id"], "set": {"title": "甲", "deliverable": "总结"}, "source_line": 4}, given[1]]


def test_the_documents_text_is_shown_as_text(page, write):
    plan = write("plan.txt", HOSTILE)
    browser = page(plan)
    line = browser.evaluate("document.querySelector('.ln[data-line=\"4\"] .tx').textContent")
    assert "</script><script>window.hacked = 1</script>" in line and "\u2028" in line
    assert '<img src=x onerror="window.hacked = 2">' in browser.evaluate(
        "document.querySelector('.ln[data-line=\"5\"] .tx').textContent")
    assert browser.evaluate("typeof window.hacked") == "undefined"
    assert browser.evaluate("document.querySelectorAll('#source img, #records img, #source script').length") == 0


def test_a_compilation_renders_only_what_is_near_the_view(page):
    browser = page(str(SAMPLES / "2017_provincial_compilation.txt"))
    assert browser.evaluate("document.body.dataset.items") == "1124"
    rendered = "document.querySelectorAll('[data-item-id]').length"
    assert 0 < browser.evaluate(rendered) < 150
    assert browser.evaluate("document.querySelectorAll('#source .ln').length") < 1000
    last = run("parse", str(SAMPLES / "2017_provincial_compilation.txt"), "-f", "jsonl").jsonl()[-1]["id"]
    # Scrolled to the end, the last item is there and the first ones are gone.
    browser.wait_until("""(() => { const p = document.getElementById('records-pane');
        p.scrollTop = p.scrollHeight; return document.querySelector('[data-item-id="%s"]') !== null; })()""" % last)
    assert browser.evaluate(rendered) < 150
    assert browser.evaluate("document.querySelector('[data-n=\"1\"].item')") is None
    # The filter leaves the items to look at (and the plans' headers).
    browser.click("#look-only")
    browser.wait_until("document.querySelectorAll('.item').length > 0")  # chunks are filled as they are seen
    assert browser.evaluate("[...document.querySelectorAll('.item')].every(e => e.classList.contains('look'))")
