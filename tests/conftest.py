"""Shared test helpers: the samples, the gold answer keys, and running the CLI in-process."""
from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path

import click.testing
import pytest

from ipwork.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GOLD = ROOT / "tests" / "gold"
SHARED_GOLD = ROOT.parent / "shared" / "gold"
GOLD_FILES = sorted(GOLD.glob("*.gold.jsonl"))
SNIPPETS = ROOT / "tests" / "snippets"


def pytest_addoption(parser):
    parser.addoption("--update-snippets", action="store_true", default=False,
                     help="write the expected JSON of each snippet under tests/snippets from what its "
                          "recogniser gives now")


def pytest_collect_file(file_path, parent):
    """Each ``tests/snippets/<recogniser>/NAME.txt`` is a test (see ``recognisers.py``)."""
    if file_path.suffix == ".txt" and file_path.parent.parent == SNIPPETS:
        from recognisers import SnippetFile

        return SnippetFile.from_parent(parent, path=file_path)
    return None


def sample_name(gold: Path) -> str:
    return gold.name[: -len(".gold.jsonl")]


def load_score_module():
    """The scoring logic shipped with the gold files (tests/gold/score.py)."""
    spec = importlib.util.spec_from_file_location("gold_score", GOLD / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str

    def jsonl(self) -> list[dict]:
        return [json.loads(line) for line in self.stdout.splitlines() if line.strip()]


def run(*args: str, input: str | bytes | None = None) -> Result:
    """Run ``ipwork ARGS`` in-process, as the console script would, capturing both streams."""
    runner = click.testing.CliRunner()
    with runner.isolation(input=input) as (out, err, _):
        try:
            main(list(args))
            code = 0
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 1
        return Result(code, out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8"))


@pytest.fixture
def write(tmp_path):
    """Write a text file into the test's folder and return its path as a string."""
    def _write(name: str, text: str | bytes, encoding: str = "utf-8") -> str:
        path = tmp_path / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
        return str(path)
    return _write
