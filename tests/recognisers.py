"""Golden snippets: small inputs under ``tests/snippets/<recogniser>/NAME.txt``, each with what its
recogniser gives beside it in ``NAME.json``.

A recogniser reads either each line of its snippet on its own (furniture, titles, markers, tags,
deadlines, departments, agencies, columns; lines starting with ``#`` are comments) or the whole
snippet as one document (rows, plans, outline, tasks).  ``pytest --update-snippets`` writes the
JSON of every snippet collected from what the code gives now; a new case is a new ``.txt`` file
(or a line added to one), its JSON written by the switch and read before it is committed.
"""
from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from ipwork.normalize.agencies import PlanContext, canonical_names
from ipwork.normalize.deadlines import deadline_date, deadline_span, is_deadline, stated_deadline
from ipwork.normalize.departments import department_likeness, split_departments
from ipwork.parsers import choose
from ipwork.parsers.columns import header_fields
from ipwork.parsers.compilation import CompilationLayout
from ipwork.parsers.furniture import furniture_kind, signature_date
from ipwork.parsers.markers import heading_marker, split_units
from ipwork.parsers.outline import OutlineLayout
from ipwork.parsers.plans import split_plans
from ipwork.parsers.tags import closing_name, heading_department, split_at_tags, trailing_tag
from ipwork.parsers.tasktable import TaskTableLayout
from ipwork.parsers.titles import clean_title, is_issuer_line, is_review_heading, is_title_line
from ipwork.readers import Line, SourceText

SNIPPETS = Path(__file__).resolve().parent / "snippets"
UPDATE = "--update-snippets"
DEADLINE_YEAR = 2017  # the plan year every deadline snippet is read in
# Warnings about a plan's year and region come from the evidence every layout shares, not from
# the recogniser a snippet is about: they are left out.
_EVIDENCE_CODES = {"no-year", "weak-year", "weak-region"}


def _present(fields: dict) -> dict:
    """The fields that say something: empty lists, None and False are left out."""
    return {k: v for k, v in fields.items() if v not in (None, False, [], {}, "")}


# Line recognisers: one line in, what is recognised in it out.

def furniture(line: str) -> dict:
    return {"kind": furniture_kind(line), "signature_date": signature_date(line)}


def titles(line: str) -> dict:
    title, issuer = clean_title(line)
    return {"title_line": is_title_line(line), "title": title, "issuer": issuer,
            "issuer_line": is_issuer_line(line), "review": is_review_heading(line)}


def markers(line: str) -> dict:
    marker = heading_marker(line)
    units = [piece.text for piece in split_units(Line(1, line))]
    return {"marker": list(marker[:2]) if marker else None, "units": units if len(units) > 1 else []}


def tags(line: str) -> dict:
    body, tag, cut = trailing_tag(line)
    pieces = split_at_tags(line)
    byline = closing_name(line)
    return {"tag": tag, "before": body if tag else None, "cut": cut, "pieces": pieces if len(pieces) > 1 else [],
            "heading_body": heading_department(line), "byline": byline[1] if byline else None}


def deadlines(line: str) -> dict:
    stated = stated_deadline(line)
    glued = deadline_span(line, glued=True)
    return {"deadline": stated, "whole": is_deadline(line), "glued": line[glued[0]:glued[1]] if glued else None,
            "date": str(day) if (day := deadline_date(stated or line, DEADLINE_YEAR)) else None}


def departments(line: str) -> dict:
    return {"names": [[d.name, d.role] for d in split_departments(line)],
            "likeness": round(department_likeness(line), 3)}


def agencies(line: str) -> dict:
    """``REGION CELL`` or ``REGION/ISSUER CELL``: the canonical name of each body the cell names."""
    where, _, cell = line.partition(" ")
    region, _, issuer = where.partition("/")
    names = [d.name for d in split_departments(cell)]
    found = canonical_names(names, PlanContext(region or None, issuer or None))
    return {"canonical": [[name, canonical] for name, canonical in zip(names, found)]}


def columns(line: str) -> dict:
    cells = line.split("\t") if "\t" in line else line.split()
    return {"fields": header_fields(cells)}


# Document recognisers: a whole snippet in, its plans or items out.

def _source(text: str) -> SourceText:
    return SourceText.from_text("snippet.txt", text)


def _items(plans) -> list[dict]:
    found = []
    for n, plan in enumerate(plans, 1):
        found.extend(_present({"plan": n, **dataclasses.asdict(item)}) for item in plan.items)
    return found


def _warnings(plans) -> list[list]:
    return [[line, code, message] for plan in plans for line, code, message in plan.warnings
            if code not in _EVIDENCE_CODES]


def _layout_items(layout) -> Callable[[str], dict]:
    def recognise(text: str) -> dict:
        plans = list(layout.parse(_source(text)))
        return _present({"items": _items(plans), "warnings": _warnings(plans)})
    return recognise


def plans(text: str) -> dict:
    pieces = split_plans(_source(text))
    return {"plans": [{"lines": [piece.lines[0].no, piece.lines[-1].no], "first": piece.lines[0].text,
                       "layout": choose(piece).name} for piece in pieces]}


LINE_RECOGNISERS: dict[str, Callable[[str], dict]] = {
    "furniture": furniture, "titles": titles, "markers": markers, "tags": tags, "deadlines": deadlines,
    "departments": departments, "agencies": agencies, "columns": columns,
}
DOCUMENT_RECOGNISERS: dict[str, Callable[[str], dict]] = {
    "rows": _layout_items(CompilationLayout()), "plans": plans, "outline": _layout_items(OutlineLayout()),
    "tasks": _layout_items(TaskTableLayout()),
}


def recognise(recogniser: str, text: str):
    """What ``recogniser`` gives for a snippet's text."""
    if recogniser in LINE_RECOGNISERS:
        found = LINE_RECOGNISERS[recogniser]
        return [{"input": line, **_present(found(line))} for line in text.splitlines()
                if line.strip() and not line.startswith("#")]
    return DOCUMENT_RECOGNISERS[recogniser](text)


def dumps(value) -> str:
    """JSON with one case (or one item) a line, so that a change shows as the cases it touches."""
    if isinstance(value, list):
        inner = ",\n".join("  " + json.dumps(v, ensure_ascii=False) for v in value)
        return f"[\n{inner}\n]\n" if value else "[]\n"
    parts = []
    for key, v in value.items():
        if isinstance(v, list) and v:
            inner = ",\n".join("    " + json.dumps(x, ensure_ascii=False) for x in v)
            parts.append(f"  {json.dumps(key)}: [\n{inner}\n  ]")
        else:
            parts.append(f"  {json.dumps(key)}: {json.dumps(v, ensure_ascii=False)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


class SnippetFile(pytest.File):
    def collect(self):
        yield SnippetItem.from_parent(self, name=self.path.parent.name + "/" + self.path.stem)


class SnippetItem(pytest.Item):
    def runtest(self) -> None:
        recogniser = self.path.parent.name
        known = {**LINE_RECOGNISERS, **DOCUMENT_RECOGNISERS}
        if recogniser not in known:
            raise SnippetError(f"{recogniser}/ is no recogniser's folder (known: {', '.join(sorted(known))})")
        actual = dumps(recognise(recogniser, self.path.read_text(encoding="utf-8")))
        expected_path = self.path.with_suffix(".json")
        if self.config.getoption(UPDATE):
            if not expected_path.exists() or expected_path.read_text(encoding="utf-8") != actual:
                expected_path.write_text(actual, encoding="utf-8")
            return
        if not expected_path.exists():
            raise SnippetError(f"no {expected_path.name} beside {self.path.name}: run pytest {UPDATE} to write it")
        expected = expected_path.read_text(encoding="utf-8")
        if actual != expected:
            raise SnippetError(_difference(expected, actual, expected_path))

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, SnippetError):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, None, f"snippet {self.name}"


class SnippetError(Exception):
    pass


def _difference(expected: str, actual: str, path: Path) -> str:
    import difflib

    diff = difflib.unified_diff(expected.splitlines(), actual.splitlines(), "expected", "actual", lineterm="", n=0)
    return (f"{path.relative_to(SNIPPETS.parent.parent)} differs from what the recogniser gives now "
            f"(if the change is right: pytest {UPDATE} {path.parent.relative_to(SNIPPETS.parent.parent)})\n"
            + "\n".join(diff))
