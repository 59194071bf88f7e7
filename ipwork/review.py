"""``ipwork review``: one self-contained HTML page to check what ipwork read against the page
it read it from, and to hand back corrections (``ipwork parse --corrections``).

The page is built from the documents' JSON (``Document.model_dump``) and the source's lines,
embedded in the page as data; its script (``review_page/review.js``) renders them, lazily, so
a compilation of a thousand items opens and scrolls as fast as a short plan.  The data is
escaped so that no text of a document can end its script element; the script writes every
text into the page as text, never as markup.
"""
from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePath

from ipwork.corrections import Corrections, Fix
from ipwork.readers import SourceText
from ipwork.schema import Document

PAGE = Path(__file__).with_name("review_page")
# Fields a plan usually fills for every item: an item without one, in a plan whose items
# nearly all have it, may have been misread.
_EXPECTED = ("departments", "deadline", "deliverable")
_NEARLY_ALL = 0.8
# What ends a script element or starts a comment in it, and the line separators JavaScript
# once read as line ends: written as JSON escapes, which read back as the same characters.
_SCRIPT_UNSAFE = re.compile("[<>&\u2028\u2029]")
_SLOT = re.compile(r"<!--ipwork:(\w+)-->")


@dataclass
class Reviewed:
    """One input: its text and the plans ipwork read from it."""

    source: SourceText
    documents: list[Document]


def source_lines(src: SourceText) -> list[list]:
    """``[number, text, page]`` for every line of the input, running headers and footers included."""
    lines = sorted(src.lines + src.furniture, key=lambda line: line.no) if src.furniture else src.lines
    return [[line.no, line.text, line.page] for line in lines]


def _lines_of(item: dict) -> set[int]:
    source = item["source"]
    return set(source["lines"]) | set(range(source["line"], source["line_end"] + 1))


def item_flags(doc: dict) -> dict[str, dict[str, list[str]]]:
    """What to look at in each item of a document (JSON): ``look`` (a warning on its lines, an
    empty title or text, a field nearly all the plan's items fill left empty) and ``notes``
    (read with less certainty: filled down, joined across pages, a deadline without a date)."""
    items = doc["items"]
    filled = {name: sum(bool(item[name]) for item in items) for name in _EXPECTED}
    warned = [w["line"] for w in doc["warnings"] if w["line"]]
    flags = {}
    for item in items:
        lines = _lines_of(item)
        look = ["warning"] if any(line in lines for line in warned) else []
        look += [f"empty {name}" for name in ("title", "text") if not item[name].strip()]
        look += [f"no {name}" for name in _EXPECTED if not item[name] and filled[name] >= _NEARLY_ALL * len(items)]
        notes = ["filled down"] if item["filled_down"] else []
        notes += ["joined across pages"] if item["joined_across_pages"] else []
        notes += ["deadline without a date"] if item["deadline"] and not item["deadline_date"] else []
        flags[item["id"]] = {"look": look, "notes": notes}
    return flags


def fix_json(fix: Fix) -> dict:
    """A fix as the corrections file writes it."""
    head = {"doc_id": fix.target} if fix.document else {"id": fix.target}
    body = {"drop": True} if fix.drop else {"set": json.loads(json.dumps(fix.values, ensure_ascii=False, default=str))}
    where = {"source_line": fix.source_line} if fix.source_line is not None else {}
    return head | body | where


def _fixes_for_page(corrections: Corrections | None, docs: list[Document]) -> tuple[list[dict], list[dict]]:
    """The fixes of the documents on the page (edits it starts from), and the others, which it
    saves again as they are."""
    if not corrections:
        return [], []
    starts = {doc.doc_id: None for doc in docs} | {item.id: item.source.line for doc in docs for item in doc.items}
    here, elsewhere = [], []
    for fix in corrections.fixes:
        known = fix.target in starts and fix.source_line in (None, starts[fix.target])
        (here if known else elsewhere).append(fix_json(fix))
    return here, elsewhere


def page_data(reviewed: list[Reviewed], corrections: Corrections | None, save_as: str) -> dict:
    """Everything the page shows, as JSON-ready data."""
    documents = []
    flags: dict[str, dict] = {}
    for number, part in enumerate(reviewed):
        for doc in part.documents:
            data = doc.model_dump(mode="json")
            flags.update(item_flags(data))
            documents.append({"input": number, "document": data})
    edits, kept = _fixes_for_page(corrections, [doc for part in reviewed for doc in part.documents])
    return {"save_as": save_as, "corrections": corrections.name if corrections else None,
            "inputs": [{"name": part.source.name, "kind": part.source.kind, "lines": source_lines(part.source)}
                       for part in reviewed],
            "documents": documents, "flags": flags, "edits": edits, "kept": kept}


def script_json(data: dict) -> str:
    """``data`` as JSON that is safe inside a ``<script>`` element: no ``</script>``, no ``<!--``."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return _SCRIPT_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def render_page(data: dict, title: str) -> str:
    """The page: the template with its style, script and data put in their places."""
    parts = {"title": html.escape(title), "style": (PAGE / "review.css").read_text(encoding="utf-8"),
             "script": (PAGE / "review.js").read_text(encoding="utf-8"), "data": script_json(data)}
    template = (PAGE / "review.html").read_text(encoding="utf-8")
    return _SLOT.sub(lambda m: parts[m.group(1)], template)  # one pass: no part is read as a slot


def corrections_name(inputs: Iterable[str], output: str | None) -> str:
    """What the page names the corrections file it saves: after the input (``plan.txt`` ->
    ``plan.corrections.jsonl``), or after the page when it shows several."""
    names = [name for name in inputs if name != "-"]
    named = names[0] if len(names) == 1 else output if output and output != "-" else None
    return f"{PurePath(named).stem}.corrections.jsonl" if named else "corrections.jsonl"
