"""Warning codes are declared once (``schema.WarningCode``), given only as declared, and documented."""
from __future__ import annotations

import ast
import json
import re
from typing import get_args

import pytest

from conftest import ROOT, run
from ipwork.schema import Document, WarningCode

DECLARED = get_args(WarningCode)
_CODE = re.compile(r"^[a-z]+(?:-[a-z]+)*$")


def _a_line(node: ast.expr) -> bool:
    """A line number: a name, an expression, or None (not a word of a tuple of words)."""
    return not isinstance(node, ast.Starred | ast.JoinedStr) and not (
        isinstance(node, ast.Constant) and isinstance(node.value, str))


def _a_message(node: ast.expr) -> bool:
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))


def _given_codes() -> dict[str, str]:
    """Every code the package gives: the second argument of ``.warn(line, code, message)`` and
    the second element of a ``(line, code, message)`` put into a list of warnings."""
    found: dict[str, str] = {}
    for path in (ROOT / "ipwork").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "warn":
                candidates = node.args[1:2]
            elif isinstance(node, ast.Tuple) and len(node.elts) == 3 and _a_line(node.elts[0]) \
                    and _a_message(node.elts[2]):
                candidates = node.elts[1:2]
            else:
                continue
            for arg in candidates:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and _CODE.match(arg.value):
                    found.setdefault(arg.value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_the_scan_finds_the_codes_the_parsers_give():
    assert {"shifted-row", "numbering", "weak-year", "repaired-text", "truncated"} <= set(_given_codes())


@pytest.mark.parametrize("code, where", sorted(_given_codes().items()))
def test_every_code_given_is_declared(code, where):
    assert code in DECLARED, f"{where} gives warning {code!r}, which schema.WarningCode does not declare"


def test_codes_are_declared_once_in_order():
    assert len(set(DECLARED)) == len(DECLARED) and list(DECLARED) == sorted(DECLARED)


@pytest.mark.parametrize("code", DECLARED)
def test_the_readme_documents_every_code(code):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Errors, warnings and exit codes", 1)[1].split("\n## ", 1)[0]
    assert f"| `{code}` |" in section, f"README's warnings section has no row for {code!r}"


def test_the_document_schema_lists_the_codes():
    result = run("schema", "--document")
    notice = json.loads(result.stdout)["$defs"]["Notice"]
    assert notice["properties"]["code"]["enum"] == list(DECLARED)


def test_an_undeclared_code_is_refused():
    with pytest.raises(ValueError, match="code"):
        Document.model_validate({"doc_id": "x", "file": "f", "layout": "outline",
                                 "warnings": [{"line": 1, "code": "no-such-code", "message": "m"}]})
