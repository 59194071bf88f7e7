"""Nothing lost: every non-blank source line is in an item, in metadata, or reported."""
from __future__ import annotations

import pytest

from conftest import SAMPLES
from ipwork.pipeline import parse_file

SAMPLE_FILES = sorted(p.name for p in SAMPLES.glob("*.txt"))


@pytest.fixture(scope="module", params=SAMPLE_FILES)
def parsed(request):
    path = SAMPLES / request.param
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines, parse_file(str(path))


def test_every_nonblank_line_is_accounted_for(parsed):
    lines, docs = parsed
    nonblank = {i for i, text in enumerate(lines, 1) if text.strip()}
    in_items = {n for d in docs for item in d.items for n in item.source.lines}
    in_meta = {m.line for d in docs for m in d.metadata_lines}
    unparsed = {u.line for d in docs for u in d.unparsed}
    assert nonblank <= in_items | in_meta | unparsed
    assert not (nonblank - in_items - in_meta), "lines only accounted as unparsed"


def test_unparsed_lines_are_real_lines(parsed):
    lines, docs = parsed
    for doc in docs:
        for u in doc.unparsed:
            assert lines[u.line - 1] == u.text


def test_item_sources_point_at_their_text(parsed):
    lines, docs = parsed
    for doc in docs:
        for item in doc.items:
            cited = "".join(lines[n - 1] for n in item.source.lines)
            value = item.text if "title" in item.filled_down or not item.title else item.title
            probe = [ch for ch in value if "\u4e00" <= ch <= "\u9fff"][:6]
            assert item.source.line <= item.source.line_end
            assert probe and all(ch in cited for ch in probe), (item.seq, value)


def test_table_rows_all_land_in_items():
    path = SAMPLES / "2017_provincial_compilation.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    docs = parse_file(str(path))
    rows = {i for i, text in enumerate(lines, 1) if "\t" in text and not text.startswith("序号") and ".." not in text}
    in_items = {n for d in docs for item in d.items for n in item.source.lines}
    warned = {w.line for d in docs for w in d.warnings}
    assert rows <= in_items | warned
