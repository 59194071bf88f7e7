"""A fresh machine: every import declared, CI in a fresh virtualenv, a light start-up."""
from __future__ import annotations

import ast
import importlib.metadata as md
import re
import subprocess
import sys
import tomllib

import pytest

from conftest import ROOT

PACKAGE = ROOT / "ipwork"


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def imported_modules() -> dict[str, set[str]]:
    """Top-level modules the package imports (at the top or inside functions) -> files."""
    found: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], set()).add(str(path.relative_to(ROOT)))
    return found


def third_party() -> dict[str, set[str]]:
    return {m: files for m, files in imported_modules().items()
            if m not in sys.stdlib_module_names and m != "ipwork"}


def declared_dependencies() -> set[str]:
    """The dependencies and the extras the package offers (charts: matplotlib; ocr: rapidocr…); not the test tools."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = [r for name, required in project["optional-dependencies"].items() if name != "test" for r in required]
    return {_normalized(re.split(r"[ ;<>=!\[~]", r)[0]) for r in project["dependencies"] + extras}


def test_the_walk_sees_the_packages_known_imports():
    modules = third_party()
    assert {"click", "pydantic", "regex", "pdfplumber", "opencc"} <= set(modules)


@pytest.mark.parametrize("module", sorted(third_party()))
def test_every_imported_module_is_a_declared_dependency(module):
    distributions = md.packages_distributions().get(module)
    where = ", ".join(sorted(third_party()[module]))
    assert distributions, f"{module} (imported in {where}) is installed by no distribution"
    assert {_normalized(d) for d in distributions} & declared_dependencies(), (
        f"{module} (imported in {where}) comes from {distributions}, not declared in pyproject.toml")


def test_every_declared_dependency_is_used():
    provided = {_normalized(d) for m in third_party() for d in md.packages_distributions().get(m, [])}
    assert declared_dependencies() <= provided


def test_ci_builds_a_fresh_virtualenv_and_runs_the_readme_commands():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "-m venv" in script and "README.md" in script
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Set up", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    assert re.search(r"pip install -e '\.\[test(,[a-z]+)*\]'", block) and "python -m pytest" in block
    assert "charts" in block and "ocr" in block  # their tests need them, and chromium with Chinese fonts:
    assert "command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk)" \
        in script


# What the light commands (--version, --help) must not pay for at start-up.
HEAVY = ("pydantic", "rich", "pdfplumber", "opencc", "regex", "ipwork.schema", "ipwork.parsers", "ipwork.pipeline")


def _loaded_by_importing_the_command() -> set[str]:
    code = "import sys, ipwork.cli; print('\\n'.join(sys.modules))"
    return set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split())


def test_starting_the_command_imports_nothing_heavy():
    loaded = _loaded_by_importing_the_command()
    assert not {m for m in loaded if m.split(".")[0] in HEAVY or m in HEAVY}


def test_starting_the_command_loads_only_its_import_free_modules():
    """Regression: ``ipwork.cli`` imported the writers (and with them csv and json) for the
    names of the output formats, which now live in ``ipwork.formats``."""
    loaded = _loaded_by_importing_the_command()
    assert {m for m in loaded if m.split(".")[0] == "ipwork"} == {"ipwork", "ipwork.cli", "ipwork.errors",
                                                                  "ipwork.formats"}
    assert not {"csv", "json"} & loaded
    for module in ("errors", "formats"):
        tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
        imports = [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]
        assert all(isinstance(n, ast.ImportFrom) and n.module == "__future__" for n in imports), module
